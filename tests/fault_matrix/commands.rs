//! One-pass commands: `consolidate` and SIGTERM, `config check` with
//! problems of every kind, a password in clear, a consolidated workbook
//! that cannot be replaced.

#[cfg(unix)]
use std::process::Stdio;

use crate::common::harness::{folder, run, text};
use crate::common::write_config;
#[cfg(unix)]
use crate::common::{
    harness::{DEPARTMENTS, fy2026, send_signal, wait_for_exit, wait_until},
    mokuhyo,
};

#[cfg(unix)]
/// The temporary files of writes in `dir`.
fn temporaries(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".mokuhyo-") && n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

// Unix only: Windows has no SIGTERM, and Ctrl-C reaches only a process on
// the same console (the daemon's `mokuhyo stop` is tested on Windows).
#[cfg(unix)]
#[test]
fn consolidate_finishes_its_write_on_sigterm_and_leaves_no_temporary() {
    // Enough workbooks that writing the consolidated workbook takes a
    // moment: the signal arrives while a temporary file is being written.
    // Each names a department of its own (a copy of another department's
    // workbook would be counted once).
    let (dir, share) = folder(&[]);
    for copy in 0..60 {
        for department in DEPARTMENTS {
            let own = format!("{department}{copy:02}");
            crate::common::harness::edit_workbook(
                &fy2026(department),
                &share.join(format!("{own}.xlsx")),
                |_, xml| xml.replace(department, &own),
            );
        }
    }
    let config = write_config(dir.path(), &share, "");
    let out = dir.path().join("out");
    // A temporary left by a write stopped long ago, and one of a write that
    // may still be running (another process).
    std::fs::create_dir_all(&out).unwrap();
    let left_over = std::fs::File::create(out.join(".mokuhyo-left0ver.tmp")).unwrap();
    let written = left_over.metadata().unwrap().modified().unwrap();
    left_over
        .set_modified(written - std::time::Duration::from_secs(3600))
        .unwrap();
    std::fs::write(out.join(".mokuhyo-running.tmp"), b"").unwrap();

    let mut child = crate::common::harness::spawn(
        mokuhyo()
            .args(["consolidate", "--config"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    // The state file is created first under a temporary name of its own
    // (`.mokuhyo-state-*.tmp`): a signal then stops the run before any
    // output is begun. The write looked for is an output's.
    wait_until("a temporary file of the write", || {
        temporaries(&out)
            .iter()
            .any(|n| {
                n != ".mokuhyo-running.tmp"
                    && n != ".mokuhyo-left0ver.tmp"
                    && !n.starts_with(".mokuhyo-state-")
            })
            .then_some(())
    });
    send_signal(&child, "TERM");
    let status = wait_for_exit(&mut child, "consolidate after SIGTERM");
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert_eq!(temporaries(&out), [".mokuhyo-running.tmp"]);
    use calamine::{Reader, Xlsx, open_workbook};
    crate::common::xlsx_check::assert_well_formed(&out.join("全庁目標一覧_令和8年度.xlsx"));
    let mut book: Xlsx<_> = open_workbook(out.join("全庁目標一覧_令和8年度.xlsx")).unwrap();
    let rows = book.worksheet_range("全庁一覧").unwrap().height();
    assert!(
        rows > 60 * 40,
        "the whole workbook was written: {rows} rows"
    );
}

#[test]
fn config_check_reports_problems_of_every_kind_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.toml");
    std::fs::write(
        &config,
        "[folder]\nrecursiv = true\n[watch]\nmod = \"poll\"\n[mail]\nfrom_address = \"x\"\n[reminders]\ntimezone = \"Mars/Olympus\"\n",
    )
    .unwrap();
    let checked = run(&config, &["config", "check"]);
    let shown = text(&checked.stderr);
    assert_eq!(checked.status.code(), Some(2), "{shown}");
    assert!(shown.contains("4 problems"), "{shown}");
    for key in [
        "folder.recursiv",
        "watch.mod",
        "mail.from_address",
        "reminders.timezone = \"Mars/Olympus\"",
    ] {
        assert!(shown.contains(key), "{key} in\n{shown}");
    }
}

#[test]
fn a_password_sent_in_clear_is_warned_about() {
    let (dir, share) = folder(&["総務部"]);
    let config = write_config(
        dir.path(),
        &share,
        "[mail.smtp]\nhost = \"127.0.0.1\"\nsecurity = \"none\"\nusername = \"mokuhyo\"\npassword_env = \"MOKUHYO_TEST_SMTP_PASSWORD\"\n",
    );
    let text_of = |config: &std::path::Path| std::fs::read_to_string(config).unwrap();
    std::fs::write(
        &config,
        text_of(&config).replace("[mail]\n", "[mail]\ntransport = \"smtp\"\n"),
    )
    .unwrap();
    let checked = run(&config, &["config", "check"]);
    assert!(checked.status.success(), "{}", text(&checked.stderr));
    assert!(
        text(&checked.stderr).contains("the password travels unencrypted"),
        "{}",
        text(&checked.stderr)
    );
    assert!(text(&checked.stdout).contains("# warning: mail.smtp.security = \"none\""));
    let remind = run(&config, &["remind", "--dry-run", "--today", "2026-10-23"]);
    let log = text(&remind.stderr);
    assert!(
        log.contains("WARN") && log.contains("the password travels unencrypted"),
        "{log}"
    );
}

/// The timestamped copies of the 令和8年度 workbook in `out`.
fn fallback_copies(out: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("全庁目標一覧_令和8年度_") && n.ends_with(".xlsx"))
        .collect();
    names.sort();
    names
}

/// Blocks the workbook's name with a folder (as a file held open blocks it
/// on Windows).
fn block(target: &std::path::Path) {
    std::fs::create_dir_all(target).unwrap();
    std::fs::write(target.join("keep"), b"x").unwrap();
}

#[test]
fn a_blocked_workbook_gets_one_copy_per_blocking_episode() {
    let (dir, share) = folder(&["総務部"]);
    let config = write_config(dir.path(), &share, "");
    let out = dir.path().join("out");
    let target = out.join("全庁目標一覧_令和8年度.xlsx");
    block(&target);
    let consolidate = || {
        let done = run(&config, &["consolidate"]);
        assert!(done.status.success(), "{}", text(&done.stderr));
        // The copies are named by the second.
        std::thread::sleep(std::time::Duration::from_millis(1100));
    };
    for _ in 0..3 {
        consolidate();
    }
    let first = fallback_copies(&out);
    assert_eq!(first.len(), 1, "{first:?}");

    // Free again: the workbook itself is written; blocked again later: a
    // new episode, a new copy.
    std::fs::remove_dir_all(&target).unwrap();
    consolidate();
    assert!(target.is_file());
    std::fs::remove_file(&target).unwrap();
    block(&target);
    consolidate();
    consolidate();
    let copies = fallback_copies(&out);
    assert_eq!(copies.len(), 2, "{copies:?}");
    assert!(copies.contains(&first[0]));
}
