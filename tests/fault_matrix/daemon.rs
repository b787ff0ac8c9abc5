//! The daemon against the folder: a new file that cannot be read (or has
//! no fiscal year) reaches the outputs, `status` and the log at once; lost
//! or damaged outputs are written again by the rescan. Each with the native
//! and the polling watcher.

use crate::common::harness::{
    Daemon, edit_workbook, folder, fy2026, problems_of, sheets_of, status,
};

/// The unreadable files and what the log says of each.
fn unreadable_files(share: &std::path::Path) -> Vec<(&'static str, &'static str)> {
    let bytes = std::fs::read(fy2026("建設部")).unwrap();
    std::fs::write(share.join("建設部.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::copy(
        crate::common::fixture("peer/pass_protected.xlsx"),
        share.join("健康福祉部.xlsx"),
    )
    .unwrap();
    std::fs::write(
        share.join("市民生活部.xlsx"),
        b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n\x00\x01\x02",
    )
    .unwrap();
    // No year anywhere: neither in the sheets nor in the name, nor a day
    // it was saved in its properties.
    edit_workbook(
        &fy2026("総務部"),
        &share.join("人事課.xlsx"),
        |_, xml| without_saved_day(&xml.replace("令和8年度", "")),
    );
    vec![
        ("建設部.xlsx", "truncated or corrupt"),
        ("健康福祉部.xlsx", "password-protected"),
        ("市民生活部.xlsx", "unsupported format"),
        (
            "人事課.xlsx",
            "年度がシートにもファイル名にも書かれておらず",
        ),
    ]
}

fn new_unreadable_files_reach_outputs_status_and_log(mode: &str) {
    let (dir, share) = folder(&["総務部"]);
    let daemon = Daemon::start(dir.path(), &share, mode, "rescan_schedule = \"\"");
    daemon.wait_for("総務部", |j| sheets_of(j, "総務部") > 0);

    // Written elsewhere and moved in, each whole at once.
    let staging = dir.path().join("staging");
    std::fs::create_dir_all(&staging).unwrap();
    let files = unreadable_files(&staging);
    for (name, _) in &files {
        std::fs::rename(staging.join(name), share.join(name)).unwrap();
    }
    daemon.wait_for("every unreadable file listed", |j| {
        files
            .iter()
            .all(|(name, _)| !problems_of(j, name).is_empty())
    });
    let json = daemon.json();
    for (name, reason) in &files {
        let problem = problems_of(&json, name)[0];
        assert_eq!(problem["kind"], "error", "{problem}");
        assert!(
            problem["message"].as_str().unwrap().contains(reason),
            "{name}: {problem}"
        );
        let logged = daemon
            .log()
            .lines()
            .any(|l| l.contains("WARN") && l.contains(name) && l.contains(reason));
        assert!(logged, "{name} at WARN with its reason:\n{}", daemon.log());
    }
    let shown = status(&daemon.config);
    assert!(shown.contains("files with errors: 4"), "{shown}");
    assert!(shown.contains("files tracked: 5"), "{shown}");
    assert!(daemon.terminate().success());
}

#[test]
fn new_unreadable_files_under_the_native_watcher() {
    new_unreadable_files_reach_outputs_status_and_log("native");
}

#[test]
fn new_unreadable_files_under_the_polling_watcher() {
    new_unreadable_files_reach_outputs_status_and_log("poll");
}

/// Whether `path` is a workbook calamine opens with a 全庁一覧 sheet.
fn opens(path: &std::path::Path) -> bool {
    use calamine::{Reader, Xlsx, open_workbook};
    let opens = open_workbook::<Xlsx<_>, _>(path)
        .is_ok_and(|mut book| book.worksheet_range("全庁一覧").is_ok());
    if opens {
        crate::common::xlsx_check::assert_well_formed(path);
    }
    opens
}

fn lost_outputs_are_written_again(mode: &str) {
    let (dir, share) = folder(&["総務部", "建設部"]);
    let daemon = Daemon::start(
        dir.path(),
        &share,
        mode,
        "rescan_schedule = \"* * * * * *\"",
    );
    daemon.wait_for("both departments", |j| {
        sheets_of(j, "総務部") > 0 && sheets_of(j, "建設部") > 0
    });
    let workbook = daemon.out.join("全庁目標一覧_令和8年度.xlsx");
    crate::common::harness::wait_until("the workbook", || opens(&workbook).then_some(()));

    // The whole output folder deleted (again while the daemon was writing
    // into it as it went).
    crate::common::harness::wait_until(
        "the output folder deleted",
        || match std::fs::remove_dir_all(&daemon.out) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => None,
            _ => Some(()),
        },
    );
    daemon.wait_for("the JSON written again", |j| sheets_of(j, "建設部") > 0);
    crate::common::harness::wait_until("the workbook written again", || {
        opens(&workbook).then_some(())
    });

    // The workbook cut short (a full disk), the JSON replaced by another
    // program's.
    let bytes = std::fs::read(&workbook).unwrap();
    std::fs::write(&workbook, &bytes[..bytes.len() / 3]).unwrap();
    std::fs::write(daemon.out.join("全庁目標一覧_令和8年度.json"), "{}").unwrap();
    crate::common::harness::wait_until("the workbook made whole", || {
        opens(&workbook).then_some(())
    });
    daemon.wait_for("the JSON made whole", |j| sheets_of(j, "総務部") > 0);
    assert!(
        daemon
            .log()
            .contains("consolidated files missing or not as written"),
        "{}",
        daemon.log()
    );
    assert!(daemon.terminate().success());
}

#[test]
fn lost_outputs_are_written_again_under_the_native_watcher() {
    lost_outputs_are_written_again("native");
}

#[test]
fn lost_outputs_are_written_again_under_the_polling_watcher() {
    lost_outputs_are_written_again("poll");
}

#[test]
fn a_file_replaced_by_a_folder_and_back_leaves_no_phantom() {
    let (dir, share) = folder(&["総務部", "建設部"]);
    let daemon = Daemon::start(dir.path(), &share, "native", "rescan_schedule = \"\"");
    daemon.wait_for("both departments", |j| {
        sheets_of(j, "総務部") > 0 && sheets_of(j, "建設部") > 0
    });
    let sheets = sheets_of(&daemon.json(), "建設部");
    let files = |j: &serde_json::Value| {
        let mut files: Vec<String> = j["sheets"]
            .as_array()
            .map(|s| {
                s.iter()
                    .filter_map(|s| s["file"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files.dedup();
        files
    };

    // The workbook becomes a folder of the same name holding it.
    let path = share.join("建設部.xlsx");
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    std::fs::copy(fy2026("建設部"), path.join("建設部.xlsx")).unwrap();
    // Paths compared part by part: the JSON names them with the platform's
    // separator.
    let inside = std::path::Path::new("建設部.xlsx").join("建設部.xlsx");
    daemon.wait_for("the workbook inside the folder, once", |j| {
        sheets_of(j, "建設部") == sheets
            && files(j)
                .iter()
                .any(|f| std::path::Path::new(f).ends_with(&inside))
    });
    // And back.
    std::fs::remove_dir_all(&path).unwrap();
    std::fs::copy(fy2026("建設部"), &path).unwrap();
    let in_a_workbook_folder = |f: &String| {
        std::path::Path::new(f)
            .parent()
            .and_then(std::path::Path::extension)
            .is_some_and(|e| e == "xlsx")
    };
    daemon.wait_for("the workbook again, once", |j| {
        sheets_of(j, "建設部") == sheets && !files(j).iter().any(in_a_workbook_folder)
    });
    assert!(daemon.terminate().success());
}

#[test]
fn a_folder_renamed_away_and_made_again_is_watched_anew() {
    let (dir, share) = folder(&["総務部"]);
    let daemon = Daemon::start(dir.path(), &share, "native", "rescan_schedule = \"\"");
    daemon.wait_for("総務部", |j| sheets_of(j, "総務部") > 0);
    std::fs::rename(&share, dir.path().join("share.old")).unwrap();
    std::fs::create_dir(&share).unwrap();
    std::fs::copy(fy2026("総務部"), share.join("総務部.xlsx")).unwrap();
    std::fs::copy(fy2026("企画部"), share.join("企画部.xlsx")).unwrap();
    daemon.wait_for("the new folder read", |j| sheets_of(j, "企画部") > 0);
    // A save in the new folder is seen by the watcher, without a rescan.
    std::fs::copy(fy2026("建設部"), share.join("建設部.xlsx")).unwrap();
    daemon.wait_for("the save in the new folder", |j| sheets_of(j, "建設部") > 0);
    assert!(
        daemon
            .log()
            .contains("was replaced by another of the same name"),
        "{}",
        daemon.log()
    );
    assert!(daemon.terminate().success());
}

#[test]
fn consolidate_beside_the_daemon_records_nothing_twice() {
    let (dir, share) = folder(&["総務部"]);
    let daemon = Daemon::start(dir.path(), &share, "native", "");
    daemon.wait_for("総務部", |j| sheets_of(j, "総務部") > 0);
    let history = || {
        let out = crate::common::harness::run(&daemon.config, &["history", "--json"]);
        serde_json::from_slice::<serde_json::Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    crate::common::harness::wait_until("the first read recorded", || (history() > 0).then_some(()));
    let before = history();
    // A new workbook both would read (its first read is one entry).
    std::fs::copy(fy2026("建設部"), share.join("建設部.xlsx")).unwrap();
    let out = crate::common::harness::run(&daemon.config, &["consolidate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        crate::common::harness::text(&out.stderr).contains("is running with the state file"),
        "{}",
        crate::common::harness::text(&out.stderr)
    );
    daemon.wait_for("the new workbook read", |j| sheets_of(j, "建設部") > 0);
    crate::common::harness::wait_until("the daemon's read recorded", || {
        (history() > before).then_some(())
    });
    std::thread::sleep(std::time::Duration::from_secs(1));
    let entries = history();
    let config = daemon.config.clone();
    assert!(daemon.terminate().success());
    let out = crate::common::harness::run(&config, &["history", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for e in json.as_array().unwrap() {
        let key = (
            e["file"].to_string(),
            e["cell"].to_string(),
            e["change"].to_string(),
            e["field"].to_string(),
            e["after"].to_string(),
        );
        assert!(seen.insert(key), "recorded twice: {e}");
    }
    assert_eq!(json.as_array().unwrap().len(), entries);
}

/// A properties part without the day it was last saved.
fn without_saved_day(xml: &str) -> String {
    match (
        xml.find("<dcterms:modified"),
        xml.find("</dcterms:modified>"),
    ) {
        (Some(start), Some(end)) => {
            format!(
                "{}{}",
                &xml[..start],
                &xml[end + "</dcterms:modified>".len()..]
            )
        }
        _ => xml.to_string(),
    }
}
