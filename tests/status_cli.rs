//! `mokuhyo status --json` and `--check` on the real binary in temp dirs:
//! healthy with the daemon running on the sample folder, then one reason
//! at a time — a corrupt file dropped in, a hung daemon whose last scan
//! grows old, a permanent mail failure, the daemon stopped, no daemon ever
//! run — and the JSON's fields as docs/status.md documents them. The
//! daemon is stopped and resumed with signals: Unix only.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::harness::{DEPARTMENTS, Daemon, folder, run, sample_folder, text, wait_until};
use crate::common::{smtp, write_config};

/// `status --check`: exit code and the line printed.
fn check(config: &Path) -> (i32, String) {
    let out = run(config, &["status", "--check"]);
    let printed = text(&out.stdout);
    assert_eq!(printed.lines().count(), 1, "one line: {printed:?}");
    (out.status.code().unwrap(), printed.trim_end().to_string())
}

fn json(config: &Path) -> serde_json::Value {
    let out = run(config, &["status", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Waits until `status --check` exits with `code`; returns its line.
fn wait_for_check(config: &Path, code: i32) -> String {
    wait_until(&format!("status --check exiting {code}"), || {
        let (got, line) = check(config);
        (got == code).then_some(line)
    })
}

/// Every field path of a JSON value: `daemon.pid`, `files.errors[].file`.
fn paths(value: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.insert(path.clone());
                paths(v, &path, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// The field paths docs/status.md documents (first column of its tables;
/// `.key` is a field of each mail entry list).
fn documented() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/status.md"))
        .unwrap();
    let mut fields = BTreeSet::new();
    for field in doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(path, _)| path.to_string()))
    {
        if field.starts_with('.') {
            for list in ["mail.unsettled[]", "mail.refused[]", "mail.recent[]"] {
                fields.insert(format!("{list}{field}"));
            }
        } else {
            fields.insert(field);
        }
    }
    fields
}

fn assert_documented(value: &serde_json::Value) {
    let mut found = BTreeSet::new();
    paths(value, "", &mut found);
    let documented = documented();
    let missing: Vec<_> = found.difference(&documented).collect();
    assert!(missing.is_empty(), "not in docs/status.md: {missing:?}");
}

#[test]
fn healthy_on_the_sample_folder_then_a_corrupt_file_a_hung_daemon_and_a_stop() {
    let (dir, share) = sample_folder();
    let daemon = Daemon::start(
        dir.path(),
        &share,
        "poll",
        "rescan_schedule = \"*/2 * * * * *\"\n[status]\nunreadable_minutes = 0\n",
    );
    let config = daemon.config.clone();
    let line = wait_for_check(&config, 0);
    assert!(line.starts_with("OK: daemon running (pid "), "{line}");
    // The first scan recorded.
    let status = wait_until("the first scan", || {
        let status = json(&config);
        status["last_scan"].is_string().then_some(status)
    });
    assert_eq!(status["schema_version"], 1);
    assert_eq!(status["healthy"], true);
    assert_eq!(status["daemon"]["running"], true);
    let pid = status["daemon"]["pid"].as_u64().unwrap();
    assert!(status["daemon"]["started"].is_string());
    assert_eq!(status["files"]["tracked"], 7);
    assert_eq!(status["files"]["with_errors"], 0);
    assert_eq!(status["problems"], serde_json::json!([]));
    assert_documented(&status);

    // A corrupt file dropped in.
    std::fs::write(share.join("壊れた報告_令和8年度.xlsx"), b"not a workbook").unwrap();
    let line = wait_for_check(&config, 1);
    assert!(line.starts_with("PROBLEM: file unreadable for "), "{line}");
    assert!(line.contains("壊れた報告_令和8年度.xlsx: "), "{line}");
    let status = json(&config);
    assert_eq!(status["healthy"], false);
    assert_eq!(status["files"]["with_errors"], 1);
    let error = &status["files"]["errors"][0];
    assert!(
        error["file"]
            .as_str()
            .unwrap()
            .ends_with("壊れた報告_令和8年度.xlsx")
    );
    assert!(error["since"].is_string() && error["message"].is_string());
    assert_documented(&status);
    let shown = text(&run(&config, &["status"]).stdout);
    assert!(
        shown.contains("file errors:") && shown.contains("health: 1 problem(s)"),
        "{shown}"
    );

    // Taken out again: healthy.
    std::fs::remove_file(share.join("壊れた報告_令和8年度.xlsx")).unwrap();
    wait_for_check(&config, 0);

    // A hung daemon: its lock is held, its scans stop (SIGSTOP: Unix only;
    // Windows has no way to suspend another process without unsafe code).
    #[cfg(unix)]
    {
        let signal = |name: &str| {
            let sent = std::process::Command::new("kill")
                .arg(format!("-{name}"))
                .arg(pid.to_string())
                .status()
                .unwrap();
            assert!(sent.success());
        };
        signal("STOP");
        let line = wait_for_check(&config, 1);
        signal("CONT");
        assert!(line.starts_with("PROBLEM: last scan "), "{line}");
        assert!(
            line.contains("more than twice the rescan interval of 2 s"),
            "{line}"
        );
        wait_for_check(&config, 0);
    }

    assert!(daemon.terminate().success());
    let (code, line) = check(&config);
    assert_eq!(code, 1);
    assert!(
        line.starts_with("PROBLEM: daemon not running (last started ")
            && line.ends_with(&format!("pid {pid})")),
        "{line}"
    );
    assert_eq!(json(&config)["daemon"]["running"], false);
}

#[test]
fn a_permanent_mail_failure_is_a_problem() {
    let (dir, share) = folder(&DEPARTMENTS);

    // `mokuhyo remind` with the state file of the daemon below sends through
    // a server that refuses every recipient (before the daemon starts: while
    // it runs, it sends itself).
    let (port, server) = smtp::server(Some("@city.example.jp"));
    let mut extra = format!(
        "from = \"mokuhyo@city.example.jp\"\ntransport = \"smtp\"\ntemplates_dir = {:?}\n\
         [mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nretries = 0\n\
         [reminders.overrides.2026]\ninterim = \"2026-10-30\"\n[digest]\nenabled = false\n",
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates/mail")
            .display()
            .to_string()
    );
    extra.push_str("[[departments]]\nname = \"建設部\"\nto = [\"kensetsu@city.example.jp\"]\n");
    let other = dir.path().join("remind");
    std::fs::create_dir_all(&other).unwrap();
    let remind = write_config(&other, &share, &extra);
    let text_b = std::fs::read_to_string(&remind).unwrap().replace(
        &format!("{:?}", other.join("state.sqlite").display().to_string()),
        &format!(
            "{:?}",
            dir.path().join("state.sqlite").display().to_string()
        ),
    );
    std::fs::write(&remind, text_b).unwrap();
    let out = run(&remind, &["remind", "--today", "2026-10-23"]);
    assert!(
        text(&out.stdout).contains("FAILED 2026/interim/建設部/before-7"),
        "{}",
        text(&out.stdout)
    );
    assert!(server.received().is_empty());

    let daemon = Daemon::start(
        dir.path(),
        &share,
        "poll",
        "[status]\nmail_failure_days = 0\n",
    );
    wait_until("the daemon running", || {
        (json(&daemon.config)["daemon"]["running"] == true).then_some(())
    });
    let (code, line) = check(&daemon.config);
    assert_eq!(code, 1);
    assert!(
        line.starts_with("PROBLEM: mail failed permanently: 2026/interim/建設部/before-7 (to=kensetsu@city.example.jp"),
        "{line}"
    );
    assert!(line.contains("every recipient was refused"), "{line}");
    let status = json(&daemon.config);
    assert_eq!(status["mail"]["failed_permanent"], 1);
    assert_eq!(
        status["mail"]["unsettled"][0]["outcome"],
        "failed-permanent"
    );
    assert_documented(&status);
    assert!(daemon.terminate().success());
}

#[test]
fn no_daemon_ever_run_is_a_problem_and_creates_nothing() {
    let (dir, share) = folder(&[]);
    let config = write_config(dir.path(), &share, "");
    let (code, line) = check(&config);
    assert_eq!(code, 1);
    assert!(
        line.starts_with("PROBLEM: daemon not running (none has run with the state file "),
        "{line}"
    );
    let status = json(&config);
    assert_eq!(status["state_exists"], false);
    assert_eq!(status["daemon"]["running"], false);
    assert_documented(&status);
    assert!(!dir.path().join("state.sqlite").exists());
}

#[test]
fn a_second_daemon_on_the_same_state_file_is_refused() {
    let (dir, share) = folder(&["建設部"]);
    let daemon = Daemon::start(dir.path(), &share, "poll", "");
    wait_for_check(&daemon.config, 0);
    let out = run(&daemon.config, &["run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("another mokuhyo daemon is running with the state file"),
        "{}",
        text(&out.stderr)
    );
    assert!(daemon.terminate().success());
}

/// The version of the state file's layout.
fn layout_version(path: &Path) -> u32 {
    rusqlite::Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

#[test]
fn an_earlier_releases_state_file_is_read_as_it_is_and_brought_up_to_date_by_a_command() {
    let (dir, share) = folder(&["企画部"]);
    let config = write_config(dir.path(), &share, "");
    let database = dir.path().join("state.sqlite");
    // As the last release before numbered layouts left it (its ledger, with
    // one mail sent, and its id; no workbook read yet).
    let conn = rusqlite::Connection::open(&database).unwrap();
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS sent_mail (
             key TEXT PRIMARY KEY, kind TEXT NOT NULL, recipients TEXT NOT NULL,
             subject TEXT NOT NULL, outcome TEXT NOT NULL,
             attempts INTEGER NOT NULL DEFAULT 0, message_id TEXT,
             first_attempt_at TEXT NOT NULL, last_attempt_at TEXT NOT NULL,
             sent_at TEXT, last_error TEXT, refused TEXT);
         CREATE TABLE IF NOT EXISTS daemon_state (
             key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS state_identity (
             id INTEGER PRIMARY KEY CHECK (id = 1), ledger_id TEXT NOT NULL,
             created_at TEXT NOT NULL);
         INSERT INTO sent_mail (key, kind, recipients, subject, outcome, attempts,
             first_attempt_at, last_attempt_at, sent_at)
         VALUES ('2026/interim/企画部/before-7', 'reminder', 'to=kikaku@city.example.jp;cc=',
             '中間報告のお願い', 'sent', 1, '2026-10-23T00:00:00Z', '2026-10-23T00:00:00Z',
             '2026-10-23T00:00:01Z');
         INSERT INTO state_identity VALUES (1, 'abc123', '2026-04-01T00:00:00Z');",
    )
    .unwrap();
    drop(conn);

    let status = json(&config);
    assert_eq!(status["mail"]["sent"], 1, "{status}");
    let out = run(&config, &["remind", "--dry-run", "--today", "2026-10-23"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        layout_version(&database),
        0,
        "status and a dry run change nothing"
    );

    let out = run(&config, &["consolidate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(layout_version(&database) > 0);
    let status = json(&config);
    assert_eq!(status["mail"]["sent"], 1, "the ledger is kept: {status}");
    assert_eq!(status["files"]["last_good_kept"], 1);
}

#[test]
fn a_state_file_of_a_later_layout_is_neither_read_nor_written() {
    let (dir, share) = folder(&["企画部"]);
    let config = write_config(dir.path(), &share, "");
    let out = run(&config, &["consolidate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let database = dir.path().join("state.sqlite");
    let later = layout_version(&database) + 97;
    rusqlite::Connection::open(&database)
        .unwrap()
        .pragma_update(None, "user_version", later)
        .unwrap();
    let before = std::fs::read(&database).unwrap();

    // status reports it as what keeps the state file from being used.
    let (code, line) = check(&config);
    assert_eq!(code, 1, "{line}");
    assert!(line.contains(&later.to_string()), "{line}");
    for args in [&["consolidate"][..], &["history"]] {
        let out = run(&config, args);
        assert!(!out.status.success(), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&database.display().to_string()) && stderr.contains(&later.to_string()),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(layout_version(&database), later);
    assert_eq!(std::fs::read(&database).unwrap(), before);
}
