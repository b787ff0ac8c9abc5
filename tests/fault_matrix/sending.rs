//! Sent once, for real: `remind` runs and a daemon at once against one SMTP
//! server, a second daemon by another path, the state file deleted,
//! emptied or locked under a sender, and outbox names that collide or are
//! too long. The daemon's and the commands' clock starts on a business day
//! with mail due (`MOKUHYO_TEST_CLOCK`, the tests' clock).
//!
//! Unix only: the second daemon by a symbolic link (on Windows a link needs
//! a privilege service accounts and CI lack; the same file by another
//! spelling of its path is tested on both), and the state file deleted
//! under the daemon (Windows refuses to delete a file another process holds
//! open).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::mail::{scenario, smtp_scenario};
use crate::common::harness::{
    edit_workbook, fy2026, run_with, terminate, text, wait_for_exit, wait_until,
};
use crate::common::mokuhyo;
use crate::common::smtp::{self, Received};

/// Friday 2026-10-23, 10:00 in Japan: the 7-day reminders of the interim
/// report (due 2026-10-30) and the week's planning digest are due.
const FRIDAY: &str = "2026-10-23T10:00:00+09:00";

/// The binary with the tests' clock starting at `start`.
fn at(start: &str) -> Command {
    let mut command = mokuhyo();
    command.env("MOKUHYO_TEST_CLOCK", start);
    command
}

/// `mokuhyo ARGS --config CONFIG` with the clock at `start`, to completion.
fn run_at(start: &str, config: &Path, args: &[&str]) -> std::process::Output {
    run_with(at(start), config, args)
}

/// Starts `mokuhyo ARGS --config CONFIG` with the clock at `start`, its
/// standard error in `log`.
fn spawn_at(start: &str, config: &Path, args: &[&str], log: &Path) -> Child {
    crate::common::harness::spawn(
        at(start)
            .args(args)
            .arg("--config")
            .arg(config)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).unwrap()),
    )
}

/// The daemon keys of `config` ready for a daemon that sends: the watcher
/// polls, the rescan runs every second.
fn daemon_config(config: &Path) {
    let text = std::fs::read_to_string(config).unwrap();
    std::fs::write(
        config,
        format!(
            "{text}[watch]\nmode = \"poll\"\npoll_interval_secs = 1\ndebounce_ms = 300\nrescan_schedule = \"* * * * * *\"\n"
        ),
    )
    .unwrap();
}

/// The keys a dry run at `start` plans.
fn planned(start: &str, config: &Path) -> Vec<String> {
    let out = run_at(start, config, &["remind", "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("=== "))
        .map(str::to_string)
        .collect()
}

/// Messages received, by recipients and subject.
fn copies(received: &[Received]) -> BTreeMap<(Vec<String>, String), usize> {
    let mut copies = BTreeMap::new();
    for m in received {
        let subject = m.parsed().subject().unwrap_or_default().to_string();
        *copies.entry((m.rcpt.clone(), subject)).or_insert(0) += 1;
    }
    copies
}

/// `status --json` of `config`.
fn status_json(config: &Path) -> serde_json::Value {
    let out = run_with(mokuhyo(), config, &["status", "--json"]);
    serde_json::from_slice(&out.stdout).unwrap_or_default()
}

/// `status --check`: exit code and line.
fn check(config: &Path) -> (Option<i32>, String) {
    let out = run_with(mokuhyo(), config, &["status", "--check"]);
    (out.status.code(), text(&out.stdout))
}

#[test]
fn two_reminds_and_a_daemon_at_once_send_each_mail_once() {
    let (port, server) = smtp::server(None);
    for round in 0..20 {
        let (dir, config) = smtp_scenario(port, "timeout_secs = 20\nretries = 1\n");
        daemon_config(&config);
        let due = planned(FRIDAY, &config);
        assert_eq!(due.len(), 3, "{due:?}");
        let before = server.received().len();

        let log = |name: &str| dir.path().join(name);
        let mut daemon = spawn_at(FRIDAY, &config, &["run"], &log("daemon.log"));
        let mut reminds: Vec<Child> = (0..2)
            .map(|i| {
                spawn_at(
                    FRIDAY,
                    &config,
                    &["remind"],
                    &log(&format!("remind{i}.log")),
                )
            })
            .collect();
        for remind in &mut reminds {
            let status = wait_for_exit(remind, "remind");
            assert!(status.success(), "round {round}: {status:?}");
        }
        // Every mail sent by one of them: the ledger says so, with the
        // daemon holding the state file.
        wait_for_daemon(&config);
        wait_until("every mail recorded as sent", || {
            let status = status_json(&config);
            (status["mail"]["sent"] == due.len() && status["mail"]["attempting"] == 0).then_some(())
        });
        let stopped = terminate(&mut daemon, &config);
        assert!(
            stopped.success(),
            "{stopped:?}\n{}",
            std::fs::read_to_string(log("daemon.log")).unwrap_or_default()
        );

        let received = server.received()[before..].to_vec();
        let copies = copies(&received);
        assert_eq!(
            received.len(),
            due.len(),
            "round {round}: each mail exactly once: {copies:?}\n{}",
            std::fs::read_to_string(log("daemon.log")).unwrap_or_default()
        );
        assert!(
            copies.values().all(|&n| n == 1),
            "round {round}: {copies:?}"
        );
    }
}

#[test]
fn the_daemon_logs_each_mail_it_sends_once() {
    let (port, server) = smtp::server(None);
    let (dir, config) = smtp_scenario(port, "retries = 0\n");
    daemon_config(&config);
    let due = planned(FRIDAY, &config);
    assert_eq!(due.len(), 3, "{due:?}");
    let log = dir.path().join("daemon.log");
    let mut daemon = spawn_at(FRIDAY, &config, &["run"], &log);
    wait_for_daemon(&config);
    wait_until("every mail recorded as sent", || {
        (status_json(&config)["mail"]["sent"] == due.len()).then_some(())
    });
    let stopped = terminate(&mut daemon, &config);
    let log = std::fs::read_to_string(log).unwrap_or_default();
    assert!(stopped.success(), "{stopped:?}\n{log}");
    assert_eq!(server.received().len(), due.len(), "{log}");
    for key in &due {
        let lines: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("INFO mail sent ") && l.contains(key.as_str()))
            .collect();
        assert_eq!(lines.len(), 1, "{key} logged as sent once: {lines:#?}");
    }
    assert_eq!(
        log.lines()
            .filter(|l| l.contains("INFO mail sent "))
            .count(),
        due.len(),
        "{log}"
    );
}

/// Waits until `config`'s daemon holds its state file.
fn wait_for_daemon(config: &Path) {
    wait_until("the daemon running", || {
        (status_json(config)["daemon"]["running"] == true).then_some(())
    });
}

/// A daemon runs; a second one is refused whether its configuration names
/// the state file as the first's does or by another path to the same file
/// (`others`, made in the temp dir once the file exists), and a `remind` by
/// such a path sends nothing and says why.
fn a_second_daemon_is_refused_by(others: impl FnOnce(&Path) -> Vec<PathBuf>) {
    let (dir, config) = scenario("outbox", "");
    daemon_config(&config);
    let mut first = spawn_at(FRIDAY, &config, &["run"], &dir.path().join("first.log"));
    wait_for_daemon(&config);

    let written = std::fs::read_to_string(&config).unwrap();
    let state = format!(
        "{:?}",
        dir.path().join("state.sqlite").display().to_string()
    );
    let mut configs = vec![config.clone()];
    for (i, other) in others(dir.path()).iter().enumerate() {
        let second = dir.path().join(format!("second{i}.toml"));
        let text_b = written.replace(&state, &format!("{:?}", other.display().to_string()));
        assert_ne!(text_b, written);
        std::fs::write(&second, text_b).unwrap();
        configs.push(second);
    }
    assert!(configs.len() > 1);
    for config in &configs {
        let out = run_at(FRIDAY, config, &["run"]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("another mokuhyo daemon is running with the state file"),
            "{}",
            text(&out.stderr)
        );
    }
    // A remind beside it sends nothing and says why.
    for second in &configs[1..] {
        let out = run_at(FRIDAY, second, &["remind"]);
        assert!(out.status.success());
        assert!(
            text(&out.stdout).contains("is running with the state file"),
            "{}",
            text(&out.stdout)
        );
    }
    assert!(terminate(&mut first, &config).success());
}

// Unix only: a symbolic link needs a privilege on Windows (another path's spelling: below).
#[cfg(unix)]
#[test]
fn a_second_daemon_is_refused_by_a_link_to_the_state_file_too() {
    a_second_daemon_is_refused_by(|dir| {
        let link = dir.join("link.sqlite");
        std::os::unix::fs::symlink(dir.join("state.sqlite"), &link).unwrap();
        vec![link]
    });
}

#[test]
fn a_second_daemon_is_refused_by_another_spelling_of_the_state_files_path() {
    a_second_daemon_is_refused_by(|dir| {
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let mut spellings = vec![dir.join("sub").join("..").join("state.sqlite")];
        // A Windows file name is the same file whatever the letters' case.
        if cfg!(windows) {
            spellings.push(dir.join("State.SQLite"));
        }
        spellings
    });
}

/// The mails in the outbox of `dir`.
fn outbox(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("outbox"))
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

/// Removes the state file and its WAL and shared-memory files.
fn delete_state(dir: &Path) {
    for name in ["state.sqlite", "state.sqlite-wal", "state.sqlite-shm"] {
        let _ = std::fs::remove_file(dir.join(name));
    }
}

// Unix only: Windows refuses to delete a file another process holds open (sharing violation).
#[cfg(unix)]
#[test]
fn a_state_file_deleted_under_the_daemon_stops_its_mail_until_restored() {
    let (dir, config) = scenario("outbox", "");
    daemon_config(&config);
    // The week's digest, missed on Monday, goes before the daemon starts.
    let caught_up = run_at("2026-10-23T08:58:00+09:00", &config, &["remind"]);
    assert!(caught_up.status.success(), "{}", text(&caught_up.stdout));
    let before = outbox(dir.path());
    assert_eq!(before.len(), 1, "{before:?}");
    // Half a minute before the send time: nothing is due at start, and a
    // daemon slow to start on a loaded machine still loses its state file
    // before anything is due.
    let lead = Duration::from_secs(30);
    let start = "2026-10-23T08:59:30+09:00";
    let started = std::time::Instant::now();
    let mut daemon = spawn_at(start, &config, &["run"], &dir.path().join("daemon.log"));
    wait_for_daemon(&config);
    delete_state(dir.path());
    assert!(
        started.elapsed() < lead,
        "the daemon took {:?} to start, past the send time this test needs ahead",
        started.elapsed()
    );
    // Past 09:00, the rescans of every second find the mails due.
    wait_until("the daemon refusing to send", || {
        std::fs::read_to_string(dir.path().join("daemon.log"))
            .unwrap_or_default()
            .contains("no mail sent: the state file")
            .then_some(())
    });
    // Past 09:00 by a few rescans, with the mails due.
    std::thread::sleep((lead + Duration::from_secs(3)).saturating_sub(started.elapsed()));
    assert_eq!(
        outbox(dir.path()),
        before,
        "{}",
        std::fs::read_to_string(dir.path().join("daemon.log")).unwrap_or_default()
    );
    assert!(
        !dir.path().join("state.sqlite").exists(),
        "no empty state file created in its place"
    );
    let (code, line) = check(&config);
    assert_eq!(code, Some(1), "{line}");
    assert!(
        line.starts_with("PROBLEM: the state file") && line.contains("is missing"),
        "{line}"
    );
    assert!(terminate(&mut daemon, &config).success());

    // After a restart (or with `remind`), still nothing: the ledger is expected.
    for args in [&["run"][..], &["remind"][..]] {
        let out = run_at(FRIDAY, &config, args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stdout)
        );
        assert!(
            text(&out.stderr).contains("is missing, but the ledger"),
            "{}",
            text(&out.stderr)
        );
    }
    assert_eq!(outbox(dir.path()), before);
}

#[test]
fn a_state_file_truncated_to_nothing_is_not_taken_for_a_new_ledger() {
    let (dir, config) = scenario("outbox", "");
    let first = run_at(FRIDAY, &config, &["remind"]);
    assert!(first.status.success(), "{}", text(&first.stdout));
    let sent = outbox(dir.path()).len();
    assert_eq!(sent, 3);

    delete_state(dir.path());
    std::fs::write(dir.path().join("state.sqlite"), b"").unwrap();
    let again = run_at(FRIDAY, &config, &["remind"]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stdout));
    assert!(
        text(&again.stderr).contains("is empty (0 bytes)"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(outbox(dir.path()).len(), sent, "nothing sent again");
    let (code, line) = check(&config);
    assert_eq!(code, Some(1));
    assert!(line.contains("is empty (0 bytes)"), "{line}");
}

#[test]
fn a_state_file_locked_while_a_reply_is_pending_still_records_the_mail_once() {
    let (port, server) = smtp::server(None);
    let (dir, config) = smtp_scenario(port, "timeout_secs = 30\nretries = 0\n");
    // The server stores the first message and replies five seconds later;
    // meanwhile another program holds the state file for twenty.
    server.hold_replies(Duration::from_secs(5));
    let mut remind = spawn_at(FRIDAY, &config, &["remind"], &dir.path().join("remind.log"));
    wait_until("the first message stored", || {
        (!server.received().is_empty()).then_some(())
    });
    let locker = rusqlite::Connection::open(dir.path().join("state.sqlite")).unwrap();
    locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    std::thread::sleep(Duration::from_secs(20));
    locker.execute_batch("COMMIT").unwrap();
    drop(locker);
    server.hold_replies(Duration::ZERO);
    let status = wait_for_exit(&mut remind, "remind");
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut remind.stdout.take().unwrap(), &mut stdout).unwrap();
    assert!(status.success(), "{stdout}");
    assert!(stdout.contains("3 sent, 3 planned"), "{stdout}");
    let log = std::fs::read_to_string(dir.path().join("remind.log")).unwrap();
    assert!(log.contains("not yet recorded as sent"), "{log}");
    let json = status_json(&config);
    assert_eq!(json["mail"]["sent"], 3, "{json}");
    assert_eq!(json["mail"]["attempting"], 0, "{json}");

    // The next run sends nothing again.
    let again = run_at(FRIDAY, &config, &["remind"]);
    assert!(
        text(&again.stdout).contains("0 sent"),
        "{}",
        text(&again.stdout)
    );
    assert_eq!(server.received().len(), 3);
    assert!(copies(&server.received()).values().all(|&n| n == 1));
}

#[test]
fn outbox_names_of_departments_alike_or_long_never_overwrite_nor_fail() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let long = "総合政策".repeat(24);
    assert_eq!(long.chars().count(), 96);
    let names = ["市民・生活部", "市民&生活部", "市民+生活部", long.as_str()];
    let xml = |name: &str| name.replace('&', "&amp;");
    let mut extra = String::from(
        "[reminders.overrides.2026]\ninterim = \"2026-10-30\"\n[digest]\nenabled = false\n",
    );
    for (i, name) in names.iter().enumerate() {
        edit_workbook(
            &fy2026("建設部"),
            &share.join(format!("{i}.xlsx")),
            |_, text| text.replace("建設部", &xml(name)),
        );
        extra.push_str(&format!(
            "[[departments]]\nname = \"{name}\"\nto = [\"dept{i}@city.example.jp\"]\n"
        ));
    }
    let config = crate::common::write_config(dir.path(), &share, &extra);
    let out = run_at(FRIDAY, &config, &["remind"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("4 sent, 4 planned"),
        "{}",
        text(&out.stdout)
    );
    let mails = outbox(dir.path());
    assert_eq!(mails.len(), 4, "{mails:?}");
    let mut to: Vec<String> = mails
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap();
            let parsed = mail_parser::MessageParser::default()
                .parse(&bytes[..])
                .unwrap();
            parsed
                .to()
                .unwrap()
                .first()
                .unwrap()
                .address()
                .unwrap()
                .to_string()
        })
        .collect();
    to.sort();
    assert_eq!(
        to,
        (0..4)
            .map(|i| format!("dept{i}@city.example.jp"))
            .collect::<Vec<_>>()
    );
    assert!(
        mails.iter().all(|p| p.file_name().unwrap().len() <= 101),
        "{mails:?}"
    );
}

#[test]
fn a_clock_set_to_2040_sends_nothing_and_purges_no_history() {
    let (dir, config) = scenario("outbox", "");
    let first = run_at(FRIDAY, &config, &["remind"]);
    assert!(
        text(&first.stdout).contains("3 sent"),
        "{}",
        text(&first.stdout)
    );
    let history = |start: &str| {
        let out = run_at(start, &config, &["history", "--json"]);
        serde_json::from_slice::<serde_json::Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    assert!(run_at(FRIDAY, &config, &["consolidate"]).status.success());
    let recorded = history(FRIDAY);
    assert!(recorded >= 5, "{recorded}");

    // Eleven seconds in 2040.
    let jump = "2040-10-26T10:00:00+09:00";
    let held = run_at(jump, &config, &["remind"]);
    assert_eq!(held.status.code(), Some(1), "{}", text(&held.stdout));
    assert!(
        text(&held.stdout).contains("HELD: the clock reads 2040-10-26"),
        "{}",
        text(&held.stdout)
    );
    assert_eq!(outbox(dir.path()).len(), 3, "nothing sent");
    // A workbook saved meanwhile: its read is recorded, with the retention.
    std::fs::copy(fy2026("総務部"), dir.path().join("share/総務部_写し.xlsx")).unwrap();
    let consolidated = run_at(jump, &config, &["consolidate"]);
    assert!(
        consolidated.status.success(),
        "{}",
        text(&consolidated.stderr)
    );
    assert!(
        history(jump) >= recorded,
        "the fiscal year's history is kept"
    );
    // The daemon holds the mail too, and says so.
    daemon_config(&config);
    let mut daemon = spawn_at(jump, &config, &["run"], &dir.path().join("daemon.log"));
    wait_until("the mail held reported", || {
        status_json(&config)["problems"]
            .as_array()
            .is_some_and(|p| {
                p.iter()
                    .any(|p| p.as_str().is_some_and(|p| p.starts_with("mail held")))
            })
            .then_some(())
    });
    assert!(terminate(&mut daemon, &config).success());
    assert_eq!(outbox(dir.path()).len(), 3);

    // Back in 2026, Monday's digest goes out: nothing from 2040 makes it look old.
    let monday = run_at("2026-10-26T10:00:00+09:00", &config, &["remind"]);
    assert!(
        text(&monday.stdout).contains("sent digest/planning/2026-W44"),
        "{}",
        text(&monday.stdout)
    );
    assert_eq!(history(FRIDAY), history(jump));
}
