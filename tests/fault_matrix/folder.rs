//! The folder: link loops, a sheet that unpacks too large, a file name
//! holding a newline. The link loops and the newline are Unix only: symbolic
//! links on Windows need a privilege a service account and CI lack, and a
//! Windows file name cannot hold a newline.

#[cfg(unix)]
use std::os::unix::fs::symlink;

#[cfg(unix)]
use crate::common::harness::{DEPARTMENTS, Daemon, run, sheets_of, wait_until};
use crate::common::harness::{edit_workbook, folder, fy2026, run_with, text};
use crate::common::{mokuhyo, write_config};

#[cfg(unix)]
/// The items `check --json` finds per department.
fn items_by_department(json: &str) -> std::collections::BTreeMap<String, usize> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut items = std::collections::BTreeMap::new();
    for file in value["files"].as_array().unwrap() {
        for sheet in file["sheets"].as_array().unwrap() {
            let n: usize = sheet["goals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["items"].as_array().unwrap().len())
                .sum();
            *items
                .entry(sheet["department"].as_str().unwrap().to_string())
                .or_default() += n;
        }
    }
    items
}

#[cfg(unix)]
/// Two loops at the top and one from a sub-folder: a walk that follows them
/// down to a depth cap reads each workbook 2^32 times.
fn make_loops(share: &std::path::Path) {
    symlink(".", share.join("loop")).unwrap();
    symlink(".", share.join("loop2")).unwrap();
    std::fs::create_dir_all(share.join("sub")).unwrap();
    symlink("..", share.join("sub/up")).unwrap();
}

#[cfg(unix)]
#[test]
fn link_loops_neither_multiply_items_nor_hang_check_and_remind() {
    let (dir, share) = folder(&DEPARTMENTS);
    let config = write_config(
        dir.path(),
        &share,
        "[reminders.overrides.2026]\ninterim = \"2026-10-30\"\n[[departments]]\nname = \"市民生活部\"\nto = [\"shimin@city.example.jp\"]\n",
    );
    let before = items_by_department(&text(&run(&config, &["check", "--json"]).stdout));
    assert_eq!(before.get("企画部"), Some(&9), "{before:?}");

    make_loops(&share);
    let check = run(&config, &["check", "--json"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert_eq!(items_by_department(&text(&check.stdout)), before);

    let remind = run(&config, &["remind", "--dry-run", "--today", "2026-10-23"]);
    let shown = text(&remind.stdout);
    let shimin = shown
        .split("=== ")
        .find(|mail| mail.starts_with("2026/interim/市民生活部/"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert_eq!(shimin.matches("記入するセル").count(), 5, "{shimin}");
}

#[cfg(unix)]
/// The sheets `check --json` finds per department.
fn sheets_by_department(config: &std::path::Path) -> std::collections::BTreeMap<String, usize> {
    let json = text(&run(config, &["check", "--json"]).stdout);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut sheets = std::collections::BTreeMap::new();
    for file in value["files"].as_array().unwrap() {
        for sheet in file["sheets"].as_array().unwrap() {
            *sheets
                .entry(sheet["department"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    sheets
}

#[cfg(unix)]
fn link_loops_under_the_daemon(mode: &str) {
    let (dir, share) = folder(&DEPARTMENTS);
    let expected = sheets_by_department(&write_config(dir.path(), &share, ""));
    make_loops(&share);
    let daemon = Daemon::start(dir.path(), &share, mode, "rescan_schedule = \"\"");
    daemon.wait_for("every department", |j| {
        DEPARTMENTS.iter().all(|d| sheets_of(j, d) > 0)
    });
    let sheets = |json: &serde_json::Value| {
        expected
            .keys()
            .map(|d| (d.clone(), sheets_of(json, d)))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    assert_eq!(sheets(&daemon.json()), expected, "each sheet once");

    // Two saves the daemon follows: the watcher has looked at the folder
    // (and its loops) a few times by then.
    for title in ["○人材育成の強化", "○人材育成の推進"] {
        let saved = share.join("総務部.xlsx");
        let before = std::fs::metadata(&saved).unwrap().modified().unwrap();
        edit_workbook(&fy2026("総務部"), &saved, |_, xml| {
            xml.replace("○人材育成", title)
        });
        // The polling watcher compares modification times in whole seconds.
        std::fs::File::options()
            .write(true)
            .open(&saved)
            .unwrap()
            .set_modified(before + std::time::Duration::from_secs(2))
            .unwrap();
        daemon.wait_for(title, |j| j.to_string().contains(title));
    }
    assert_eq!(sheets(&daemon.json()), expected);
    let log = daemon.log();
    let reports: Vec<&str> = log
        .lines()
        .filter_map(|l| l.split_once("watcher:").map(|(_, message)| message))
        .collect();
    let distinct: std::collections::BTreeSet<&str> = reports.iter().copied().collect();
    assert!(
        reports.len() == distinct.len() && reports.len() <= 3,
        "each loop is reported once:\n{log}"
    );
    assert!(daemon.terminate().success());
}

#[cfg(unix)]
#[test]
fn link_loops_under_the_native_watcher() {
    link_loops_under_the_daemon("native");
}

#[cfg(unix)]
#[test]
fn link_loops_under_the_polling_watcher() {
    link_loops_under_the_daemon("poll");
}

#[test]
fn a_sheet_that_unpacks_too_large_is_refused_and_the_others_are_read() {
    let (dir, share) = folder(&[]);
    // 2 MB of white space inside the first sheet's data: valid XML, a few
    // kilobytes packed.
    edit_workbook(
        &fy2026("総務部"),
        &share.join("総務部.xlsx"),
        |name, xml| {
            if name == "xl/worksheets/sheet1.xml" {
                xml.replacen(
                    "<sheetData>",
                    &format!("<sheetData>{}", " ".repeat(2_000_000)),
                    1,
                )
            } else {
                xml
            }
        },
    );
    assert!(std::fs::metadata(share.join("総務部.xlsx")).unwrap().len() < 200_000);
    let config = write_config(dir.path(), &share, "");
    let mut command = mokuhyo();
    command.env("MOKUHYO__LIMITS__MAX_UNPACKED_BYTES_PER_SHEET", "1000000");
    let check = run_with(command, &config, &["check"]);
    let shown = text(&check.stdout);
    assert!(
        shown.contains(": このシートは展開すると")
            && shown.contains("1シートの上限（1,000,000 バイト）を超えるため読み込んでいません"),
        "{shown}{}",
        text(&check.stderr)
    );
    assert!(shown.contains("[重点目標管理シート1] 総務部"), "{shown}");
    assert!(shown.contains("[重点目標管理シート2] 総務部"), "{shown}");
    assert!(shown.contains("[重点目標管理シート3] 総務部"), "{shown}");
}

#[cfg(unix)]
#[test]
fn a_file_name_holding_a_newline_stays_on_one_log_line() {
    let (dir, share) = folder(&["総務部"]);
    let daemon = Daemon::start(dir.path(), &share, "native", "rescan_schedule = \"\"");
    daemon.wait_for("総務部", |j| sheets_of(j, "総務部") > 0);
    std::fs::write(
        share.join("企画部\nERROR forged line.xlsx"),
        b"not a workbook",
    )
    .unwrap();
    let line = wait_until("the broken file logged", || {
        daemon
            .log()
            .lines()
            .find(|l| l.contains("forged line"))
            .map(str::to_string)
    });
    assert!(line.contains("WARN"), "{line}");
    assert!(line.contains("企画部\\nERROR forged line.xlsx"), "{line}");
    assert!(
        !daemon
            .log()
            .lines()
            .any(|l| l.starts_with("ERROR forged line")),
        "{}",
        daemon.log()
    );
    assert!(daemon.terminate().success());
}
