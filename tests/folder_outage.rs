//! A shared folder out of reach, through the real daemon in temp dirs: the
//! sample folder's files moved away (the folder left empty) and back, and
//! a folder that does not exist. Each is an outage — `status --check`
//! exits 1 naming the folder, 取込エラー shows it, the planning section is
//! mailed once after the grace period (a real SMTP server on loopback) —
//! and changes nothing: every department stays in the consolidated
//! workbook and the files' return adds no history. The daemon is stopped
//! as an administrator would (SIGTERM on Unix, `mokuhyo stop` on Windows).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::harness::{Daemon, run, sample_folder, text, wait_until, wait_until_explained};
use crate::common::smtp;
use calamine::{Reader, Xlsx, open_workbook};

const PLANNING: &str = "kikakuka@city.example.jp";

/// A configuration for the daemon on `share` (native watcher, reminders
/// and digest off, the planning section's address set), with `folder`
/// added to `[folder]` and `mail` to `[mail]`. The quiet time is the
/// shipped default's: files moved away one by one on a busy machine are
/// then seen gone together, as a share dropping takes them all at once.
fn config(dir: &Path, share: &Path, folder: &str, mail: &str) -> PathBuf {
    let path = crate::common::write_config(
        dir,
        share,
        &format!(
            "planning = [\"{PLANNING}\"]\n{mail}\n[watch]\nmode = \"native\"\ndebounce_ms = 2000\n\
             [reminders]\nenabled = false\n[digest]\nenabled = false\n"
        ),
    );
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "[output]",
        &format!("{folder}\n[output]"),
        1,
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// `status --check`: exit code and its one line.
fn check(config: &Path) -> (i32, String) {
    let out = run(config, &["status", "--check"]);
    (out.status.code().unwrap(), text(&out.stdout))
}

/// Waits until `status --check` exits with `code` printing a line that
/// holds `holding`; returns the line. Giving up, it shows the check and the
/// whole `status`.
fn wait_for_check(config: &Path, code: i32, holding: &str) -> String {
    wait_until_explained(
        &format!("status --check exiting {code}: {holding}"),
        || {
            let (got, line) = check(config);
            (got == code && line.contains(holding)).then_some(line)
        },
        || {
            let (got, line) = check(config);
            format!(
                "last: {got} {line}\n{}",
                text(&run(config, &["status"]).stdout)
            )
        },
    )
}

/// The departments of a consolidated JSON.
fn departments(json: &serde_json::Value) -> BTreeSet<String> {
    json["sheets"]
        .as_array()
        .map(|sheets| {
            sheets
                .iter()
                .filter_map(|s| s["department"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the JSON's import problems name the folder outage.
fn shows_outage(json: &serde_json::Value) -> bool {
    json["problems"].to_string().contains("共有フォルダ")
}

/// Every text cell of a sheet of the consolidated workbook.
fn cells(workbook: &Path, sheet: &str) -> Vec<String> {
    crate::common::xlsx_check::assert_well_formed(workbook);
    let mut book: Xlsx<_> = open_workbook(workbook).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.cells().map(|(_, _, c)| c.to_string()).collect()
}

/// Every entry of `mokuhyo history --json`.
fn history(config: &Path) -> Vec<serde_json::Value> {
    let out = run(config, &["history", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The workbooks directly in `from`, moved into `to` one by one.
fn move_all(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::rename(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn files_moved_away_and_back_are_an_outage_not_a_deletion() {
    let (dir, share) = sample_folder();
    let config = config(dir.path(), &share, "", "");
    let daemon = Daemon::start_with(dir.path(), config.clone());
    let workbook = daemon.out.join("全庁目標一覧_令和8年度.xlsx");
    daemon.wait_for("the sample folder consolidated", |json| {
        departments(json).len() >= 6
    });
    wait_for_check(&config, 0, "OK");
    let all = departments(&daemon.json());
    // A first read of every workbook: one entry each.
    let workbooks = std::fs::read_dir(&share).unwrap().count();
    let before = wait_until_explained(
        "the first reads in the history",
        || Some(history(&config).len()).filter(|n| *n == workbooks),
        || format!("{workbooks} workbooks, history: {:#?}", history(&config)),
    );

    let away = dir.path().join("away");
    std::fs::create_dir_all(&away).unwrap();
    move_all(&share, &away);
    let line = wait_for_check(&config, 1, "見えなくなりました");
    assert!(line.contains(&share.display().to_string()), "{line}");
    daemon.wait_for("the outage on 取込エラー", shows_outage);
    assert_eq!(departments(&daemon.json()), all);
    // The JSON is written before the workbook.
    wait_until("取込エラー naming the outage", || {
        cells(&workbook, "取込エラー")
            .iter()
            .any(|c| c.contains("共有フォルダ"))
            .then_some(())
    });
    let listed = cells(&workbook, "全庁一覧");
    for department in &all {
        assert!(
            listed.iter().any(|c| c == department),
            "{department} still listed"
        );
    }
    let status = text(&run(&config, &["status"]).stdout);
    assert!(status.contains("見えなくなりました"), "{status}");
    assert!(
        daemon.log().contains("見えなくなりました"),
        "{}",
        daemon.log()
    );

    move_all(&away, &share);
    wait_for_check(&config, 0, "OK");
    daemon.wait_for("the outage gone from 取込エラー", |json| {
        !shows_outage(json)
    });
    assert_eq!(departments(&daemon.json()), all);
    assert!(daemon.log().contains("再び読めるようになりました"));
    assert!(daemon.terminate().success());
    assert_eq!(
        history(&config).len(),
        before,
        "no history entry for the vanishing or the return"
    );
}

#[test]
fn a_missing_folder_is_an_outage_mailed_to_planning_once_after_the_grace_period() {
    let (port, server) = smtp::server(None);
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    let grace = 2;
    let config = config(
        dir.path(),
        &share,
        &format!("outage_notice_after_secs = {grace}"),
        &format!(
            "transport = \"smtp\"\nsmtp = {{ host = \"127.0.0.1\", port = {port}, security = \"none\", backoff_secs = 0 }}"
        ),
    );
    let daemon = Daemon::start_with(dir.path(), config.clone());
    let line = wait_for_check(&config, 1, "読めません");
    assert!(line.contains(&share.display().to_string()), "{line}");
    let status: serde_json::Value =
        serde_json::from_slice(&run(&config, &["status", "--json"]).stdout).unwrap();
    let since: chrono::DateTime<chrono::Utc> = status["outages"][0]["since"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();

    let mail = wait_until("the outage notice", || server.received().first().cloned());
    assert_eq!(mail.rcpt, [PLANNING]);
    let parsed = mail.parsed();
    assert!(
        parsed.subject().unwrap().contains("共有フォルダの障害"),
        "{:?}",
        parsed.subject()
    );
    let body = parsed.body_text(0).unwrap().into_owned();
    assert!(body.contains(&share.display().to_string()), "{body}");
    let date = parsed.date().unwrap().to_timestamp();
    assert!(
        date >= since.timestamp() + grace - 1,
        "sent at {date}, the outage began {since}"
    );

    // Neither the daemon's later looks at the folder nor a restart during
    // the same outage send it again.
    assert!(daemon.terminate().success());
    let daemon = Daemon::start_with(dir.path(), config.clone());
    wait_for_check(&config, 1, "読めません");
    std::thread::sleep(std::time::Duration::from_secs(grace as u64 + 8));
    assert_eq!(server.received().len(), 1, "{}", daemon.log());

    // The folder comes: the outage is over. Gone again, it is a new one,
    // mailed in its turn.
    std::fs::create_dir_all(&share).unwrap();
    std::fs::copy(
        crate::common::harness::fy2026("総務部"),
        share.join("総務部.xlsx"),
    )
    .unwrap();
    wait_for_check(&config, 0, "OK");
    // Renamed away, then deleted: gone from its path at once everywhere.
    // Deleted in place, a folder the daemon's watcher holds open stays on
    // disk under Wine, openable, until the watch is closed; Windows removes
    // its name at once (POSIX semantics, Windows 10 1607 / Server 2016 and
    // later) or refuses to open it while the deletion is pending: there the
    // daemon sees it gone either way.
    let gone = dir.path().join("share.gone");
    std::fs::rename(&share, &gone).unwrap();
    std::fs::remove_dir_all(&gone).unwrap();
    wait_for_check(&config, 1, "読めません");
    wait_until("the second outage's notice", || {
        (server.received().len() == 2).then_some(())
    });
    assert!(daemon.terminate().success());
}

#[test]
fn consolidate_on_an_emptied_folder_keeps_the_last_good_data_and_fails() {
    let (dir, share) = sample_folder();
    let config = config(dir.path(), &share, "", "");
    let json = || -> serde_json::Value {
        let text = std::fs::read_to_string(dir.path().join("out/全庁目標一覧_令和8年度.json"));
        serde_json::from_str(&text.unwrap()).unwrap()
    };
    let first = run(&config, &["consolidate"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let all = departments(&json());
    let before = history(&config).len();
    assert!(all.len() >= 6 && before >= all.len(), "{all:?} {before}");

    let away = dir.path().join("away");
    std::fs::create_dir_all(&away).unwrap();
    move_all(&share, &away);
    let out = run(&config, &["consolidate"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("見えなくなりました"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(departments(&json()), all);
    assert!(shows_outage(&json()));

    move_all(&away, &share);
    let out = run(&config, &["consolidate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(departments(&json()), all);
    assert!(!shows_outage(&json()));
    assert_eq!(history(&config).len(), before);
}
