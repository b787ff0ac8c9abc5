//! `status --check` sees what breaks: an output that cannot be written, a
//! folder that cannot be listed, mail undelivered for days whatever the
//! failure, a state file locked or unwritable, a configuration reload that
//! failed (an empty or half-written file: the running configuration stays);
//! and no command prints a control character raw.
//!
//! Unix only: the folder that cannot be listed and the read-only state file
//! (Unix permissions and a user other than root; Wine, which CI runs as
//! root, enforces neither a folder's ACL nor a file's read-only attribute),
//! and the file name holding ESC, BEL and a newline (no Windows file name
//! can; the control characters a Windows name can hold are tested on both).

use std::path::Path;
use std::process::Command;

use crate::common::harness::{Daemon, folder, run, run_with, sheets_of, text, wait_until};
#[cfg(unix)]
use crate::common::harness::{fy2026, terminate};
use crate::common::mokuhyo;

/// `status --check` of `config`: exit code and output.
fn check(config: &Path) -> (Option<i32>, String) {
    let out = run(config, &["status", "--check"]);
    (out.status.code(), text(&out.stdout))
}

/// Waits until `status --check` exits with `code` and its line contains
/// `part`; returns the line.
fn wait_for_check(config: &Path, code: i32, part: &str) -> String {
    wait_until(&format!("status --check {code} with {part:?}"), || {
        let (got, line) = check(config);
        (got == Some(code) && line.contains(part)).then_some(line)
    })
}

/// The problems `status --json` lists.
fn problems(command: Command, config: &Path) -> Vec<String> {
    let out = run_with(command, config, &["status", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_output_that_cannot_be_written_is_a_problem_until_it_is_written() {
    let (dir, share) = folder(&["総務部"]);
    let daemon = Daemon::start(
        dir.path(),
        &share,
        "poll",
        "rescan_schedule = \"* * * * * *\"",
    );
    daemon.wait_for("the first write", |j| sheets_of(j, "総務部") > 0);
    wait_for_check(&daemon.config, 0, "OK: daemon running");

    // The output folder becomes a file: no workbook can be written there.
    // The daemon may be writing in it meanwhile (a rescan every second):
    // removed and replaced again until the file stands in its place.
    wait_until("the output folder replaced by a file", || {
        let _ = std::fs::remove_dir_all(&daemon.out);
        std::fs::write(&daemon.out, b"not a folder").ok()
    });
    let line = wait_for_check(&daemon.config, 1, "consolidated file not written");
    assert!(line.contains(&daemon.out.display().to_string()), "{line}");

    std::fs::remove_file(&daemon.out).unwrap();
    daemon.wait_for("written again", |j| sheets_of(j, "総務部") > 0);
    wait_for_check(&daemon.config, 0, "OK: daemon running");
    assert!(daemon.terminate().success());
}

#[test]
fn mail_undelivered_for_a_week_is_a_problem_whatever_the_failure() {
    // A relay that refuses connections: each failure is worth retrying.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (_dir, config) = super::mail::smtp_scenario(port, "timeout_secs = 2\nretries = 0\n");
    let at = |start: &str| {
        let mut command = mokuhyo();
        command.env("MOKUHYO_TEST_CLOCK", start);
        command
    };
    let sent = run_with(at("2026-10-23T10:00:00+09:00"), &config, &["remind"]);
    assert_eq!(sent.status.code(), Some(1), "{}", text(&sent.stdout));
    let young = problems(at("2026-10-26T10:00:00+09:00"), &config);
    assert!(
        !young.iter().any(|p| p.contains("not delivered")),
        "{young:?}"
    );
    let old = problems(at("2026-10-31T10:00:00+09:00"), &config);
    assert!(
        old.iter()
            .any(|p| p.starts_with("mail not delivered for 8 d") && p.contains("(and 2 more)")),
        "{old:?}"
    );
}

#[test]
fn a_state_file_locked_by_another_program_is_a_problem() {
    let (dir, share) = folder(&["総務部"]);
    let daemon = Daemon::start(dir.path(), &share, "poll", "");
    daemon.wait_for("the first write", |j| sheets_of(j, "総務部") > 0);
    wait_for_check(&daemon.config, 0, "OK");
    let locker = rusqlite::Connection::open(dir.path().join("state.sqlite")).unwrap();
    locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let (code, line) = check(&daemon.config);
    assert_eq!(code, Some(1), "{line}");
    assert!(line.contains("is locked by another program"), "{line}");
    locker.execute_batch("ROLLBACK").unwrap();
    drop(locker);
    wait_for_check(&daemon.config, 0, "OK");
    assert!(daemon.terminate().success());
}

/// The history entries recorded so far.
fn history_len(config: &Path) -> usize {
    let out = run(config, &["history", "--json"]);
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .ok()
        .and_then(|v| v.as_array().map(Vec::len))
        .unwrap_or(0)
}

#[test]
fn an_empty_or_half_written_configuration_is_not_taken() {
    let (dir, share) = folder(&["総務部", "建設部"]);
    let daemon = Daemon::start(dir.path(), &share, "native", "");
    daemon.wait_for("both departments", |j| {
        sheets_of(j, "総務部") > 0 && sheets_of(j, "建設部") > 0
    });
    wait_for_check(&daemon.config, 0, "OK");
    // The configuration file is watched once the schedules are started.
    wait_until("the daemon started", || {
        daemon.log().contains("scheduled:").then_some(())
    });
    let good = std::fs::read_to_string(&daemon.config).unwrap();
    // The monitor's own copy of the configuration.
    let monitor = dir.path().join("monitor.toml");
    std::fs::write(&monitor, &good).unwrap();
    let entries = history_len(&monitor);

    // Saved in place: truncated, and read while empty.
    std::fs::write(&daemon.config, b"").unwrap();
    let line = wait_for_check(&monitor, 1, "configuration not reloaded");
    assert!(line.contains("is empty"), "{line}");
    // A check reading the empty file itself says so, in one line.
    let (code, line) = check(&daemon.config);
    assert_eq!(code, Some(1), "{line}");
    assert!(
        line.starts_with("PROBLEM: the configuration cannot be read"),
        "{line}"
    );
    // Then half written: it parses, but names no folder.
    std::fs::write(&daemon.config, "[watch]\nmode = \"native\"\n").unwrap();
    wait_for_check(&monitor, 1, "folder.path is not set");
    // The running configuration stayed: the same folder, nothing forgotten.
    let json = daemon.json();
    assert!(sheets_of(&json, "総務部") > 0 && sheets_of(&json, "建設部") > 0);
    assert_eq!(history_len(&monitor), entries, "no workbook read anew");
    let log = daemon.log();
    assert!(log.contains("the new configuration is not used"), "{log}");

    std::fs::write(&daemon.config, good).unwrap();
    wait_for_check(&monitor, 0, "OK");
    assert!(daemon.terminate().success());
}

/// Whether `bytes` holds a control character other than a line break.
fn has_raw_controls(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .chars()
        .any(|c| c.is_control() && c != '\n')
}

/// A broken workbook named `name` beside 総務部's: `status --check` names it
/// in one line holding `escaped`, and `status`, `check` and `remind
/// --dry-run` name it with `marker` (how its first control character is
/// written escaped), none printing a control character raw.
fn a_name_reaches_the_terminal_escaped(name: &str, escaped: &str, marker: &str) {
    let (dir, share) = folder(&["総務部"]);
    std::fs::write(share.join(name), b"PK\x03\x04 cut short").unwrap();
    // A Saturday: the daemon mails no notice of the broken file at start,
    // which would leave `remind --dry-run` nothing to name.
    let start = "2026-10-24T10:00:00+09:00";
    let daemon = Daemon::start_at(
        start,
        dir.path(),
        &share,
        "poll",
        "[status]\nunreadable_minutes = 0\n[reminders.overrides.2026]\ninterim = \"2026-10-30\"\n[[departments]]\nname = \"建設部\"\nto = [\"kensetsu@city.example.jp\"]",
    );
    daemon.wait_for("the broken file listed", |j| {
        j["problems"].as_array().is_some_and(|p| !p.is_empty())
    });
    // `status --check` five minutes after the daemon's start, within the
    // rescan interval: on the system's clock, a day far from the daemon's
    // start would add a late scan to the line.
    let (code, line) = wait_until("the file unreadable", || {
        let mut command = mokuhyo();
        command.env("MOKUHYO_TEST_CLOCK", "2026-10-24T10:05:00+09:00");
        let out = run_with(command, &daemon.config, &["status", "--check"]);
        let (code, line) = (out.status.code(), text(&out.stdout));
        (code == Some(1)).then_some((code, line))
    });
    assert_eq!(code, Some(1));
    assert_eq!(line.lines().count(), 1, "{line:?}");
    assert!(line.contains(escaped), "{line}");
    let outputs: Vec<(&str, Vec<u8>)> = vec![
        ("status", run(&daemon.config, &["status"]).stdout),
        (
            "check",
            run_with(
                mokuhyo(),
                &daemon.config,
                &["check", share.to_str().unwrap()],
            )
            .stdout,
        ),
        (
            "remind --dry-run",
            run(
                &daemon.config,
                &["remind", "--dry-run", "--today", "2026-10-23"],
            )
            .stdout,
        ),
    ];
    for (command, stdout) in &outputs {
        assert!(
            stdout.windows(marker.len()).any(|w| w == marker.as_bytes()),
            "{command} names the file: {}",
            text(stdout)
        );
        assert!(!has_raw_controls(stdout), "{command}: {:?}", text(stdout));
    }
    assert!(daemon.terminate().success());
}

// Unix only: no Windows file name holds ESC, BEL or a newline (DEL and C1 ones: below).
#[cfg(unix)]
#[test]
fn control_characters_in_file_names_never_reach_the_terminal_raw() {
    a_name_reaches_the_terminal_escaped(
        "建設部\u{1b}[2J\u{7}\nOK: all well.xlsx",
        "\\u{1b}[2J\\u{7}\\nOK: all well.xlsx",
        "\\u{1b}[",
    );
}

/// The control characters a Windows file name can hold: DEL and the C1
/// controls (CSI, which a terminal reading 8-bit controls takes for
/// `ESC [`, and NEL, a line break to some).
#[test]
fn control_characters_windows_file_names_hold_never_reach_the_terminal_raw() {
    a_name_reaches_the_terminal_escaped(
        "建設部\u{9b}2J\u{7f}\u{85}OK all well.xlsx",
        "\\u{9b}2J\\u{7f}\\u{85}OK all well.xlsx",
        "\\u{9b}2J",
    );
}

/// The binary as an unprivileged user when the tests run as root (root
/// reads and writes whatever the permissions say), else as it is.
#[cfg(unix)]
fn unprivileged() -> Command {
    let id = Command::new("id").arg("-u").output().unwrap();
    if text(&id.stdout).trim() != "0" {
        return mokuhyo();
    }
    let mut command = Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_mokuhyo"))
        .env_remove("MOKUHYO_CONFIG");
    command
}

/// Makes `path` and everything below it readable and writable by anybody
/// (the unprivileged user of [`unprivileged`]).
#[cfg(unix)]
fn open_to_all(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = if path.is_dir() { 0o777 } else { 0o666 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            open_to_all(&entry.unwrap().path());
        }
    }
}

// Unix only: Unix permissions for a user not root; Wine run as root enforces no ACL nor read-only.
#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_listed_and_a_read_only_state_file_are_problems() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, share) = folder(&["総務部"]);
    let sub = share.join("建設");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(fy2026("建設部"), sub.join("建設部.xlsx")).unwrap();
    let config = crate::common::write_config(
        dir.path(),
        &share,
        "[watch]\nmode = \"poll\"\npoll_interval_secs = 1\nrescan_schedule = \"* * * * * *\"\n[reminders]\nenabled = false\n",
    );
    open_to_all(dir.path());
    std::fs::set_permissions(
        dir.path().parent().unwrap(),
        std::fs::Permissions::from_mode(0o1777),
    )
    .ok();
    // The folder's outage is asserted in Japanese: the daemon records it
    // in its language, and `status` shows it so.
    let mut daemon = crate::common::harness::spawn(
        unprivileged()
            .env("MOKUHYO__UI__LANGUAGE", "ja")
            .args(["run", "--config"])
            .arg(&config)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null()),
    );
    let out = dir.path().join("out");
    let json = || {
        std::fs::read_to_string(out.join("全庁目標一覧_令和8年度.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .unwrap_or_default()
    };
    wait_until("both departments", || {
        (sheets_of(&json(), "建設部") > 0).then_some(())
    });
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o000)).unwrap();
    let line = wait_until("the folder reported", || {
        let mut japanese = unprivileged();
        japanese.env("MOKUHYO__UI__LANGUAGE", "ja");
        let out = run_with(japanese, &config, &["status", "--check"]);
        let line = text(&out.stdout);
        (out.status.code() == Some(1) && line.contains("一覧できません")).then_some(line)
    });
    assert!(
        line.contains("建設") && line.contains("前回までのデータのまま"),
        "{line}"
    );
    // Its workbook is out of sight, not gone: still consolidated.
    assert!(sheets_of(&json(), "建設部") > 0);
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o777)).unwrap();

    // The state file made read-only.
    let state = dir.path().join("state.sqlite");
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o444)).unwrap();
    let found = problems(unprivileged(), &config);
    assert!(
        found
            .iter()
            .any(|p| p.contains("cannot be written (read-only)")),
        "{found:?}"
    );
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o666)).unwrap();
    assert!(terminate(&mut daemon, &config).success());
}
