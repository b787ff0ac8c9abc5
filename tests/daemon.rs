//! The real daemon in a temp dir: a workbook copied into the watched folder
//! appears in the consolidated output, a corrupted one keeps its last good
//! items and is listed as a problem, a deleted one leaves, an Excel-style save
//! (temp file, delete, rename) and a half-written file end without errors, and
//! a stop request (SIGTERM on Unix, `mokuhyo stop` on Windows) stops it
//! cleanly. Run once with the native watcher and once polling. A workbook
//! broken while the daemon is stopped (by `mokuhyo stop`) keeps its last
//! good items after the restart, through the state file. A pipeline step
//! that panics stops the daemon with exit code 70 and the panic in its log.

use std::path::Path;
use std::time::Duration;

use crate::common::harness::Capture;
use crate::common::harness::{Daemon, edit_workbook, problems_of, sheets_of, wait_until};
use crate::common::{fixture, mokuhyo};

/// The daemon with periodic rescans off: every change comes through the watcher.
fn start(dir: &Path, share: &Path, mode: &str) -> Daemon {
    Daemon::start(dir, share, mode, "rescan_schedule = \"\"")
}

fn problems_for(json: &serde_json::Value, file: &str) -> usize {
    problems_of(json, file).len()
}

/// A copy of `src` with one cell text replaced (in the shared strings or
/// the sheets' inline strings), as a save after editing a cell.
fn edit_cell_text(src: &Path, dst: &Path, from: &str, to: &str) {
    let replaced = std::cell::Cell::new(false);
    edit_workbook(src, dst, |_, xml| {
        replaced.set(replaced.get() || xml.contains(from));
        xml.replace(from, to)
    });
    assert!(replaced.get(), "{from} is in no cell of {}", src.display());
}

fn scenario(mode: &str) {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let somu = fixture("corpus/fy2026/令和8年度重点目標管理シート_総務部.xlsx");
    let kensetsu = fixture("corpus/fy2026/令和8年度重点目標管理シート_建設部.xlsx");
    std::fs::copy(&somu, share.join("総務部.xlsx")).unwrap();
    let daemon = start(dir.path(), &share, mode);
    daemon.wait_for("総務部 at start", |j| sheets_of(j, "総務部") > 0);

    // A new workbook appears.
    std::fs::copy(&kensetsu, share.join("建設部.xlsx")).unwrap();
    daemon.wait_for("建設部 added", |j| sheets_of(j, "建設部") > 0);

    // A cell edited and saved: the new text appears. The polling watcher
    // compares modification times in whole seconds (and this daemon has no
    // rescan): a rewrite within the same second as the last write would
    // wait for a rescan, as the README says, so each rewrite below comes a
    // second after the one before.
    let edited = dir.path().join("edited.xlsx");
    edit_cell_text(
        &kensetsu,
        &edited,
        "○デマンド交通の運行エリア拡大",
        "○デマンド交通の全市域への拡大",
    );
    if mode == "poll" {
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    std::fs::copy(&edited, share.join("建設部.xlsx")).unwrap();
    // 変更履歴 (`changes`) keeps the text before the edit; the rest of the
    // JSON holds only the text after it.
    daemon.wait_for("edited title", |j| {
        let mut now = j.clone();
        let changes = now
            .as_object_mut()
            .and_then(|o| o.remove("changes"))
            .unwrap_or_default()
            .to_string();
        let now = now.to_string();
        now.contains("○デマンド交通の全市域への拡大")
            && !now.contains("○デマンド交通の運行エリア拡大")
            && changes.contains("○デマンド交通の運行エリア拡大")
    });

    // Corrupted: the last good items stay, the problem is listed.
    if mode == "poll" {
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    std::fs::write(
        share.join("建設部.xlsx"),
        b"PK\x03\x04 not a workbook any more",
    )
    .unwrap();
    daemon.wait_for("建設部 corrupt listed", |j| {
        problems_for(j, "建設部.xlsx") > 0
    });
    assert!(
        sheets_of(&daemon.json(), "建設部") > 0,
        "last good data kept"
    );

    // Excel's save: temp file written, original deleted, temp renamed; and a
    // half-written file completed later. No error remains, data never lost.
    let bytes = std::fs::read(&kensetsu).unwrap();
    std::fs::write(share.join("A1B2C3D4"), &bytes).unwrap();
    std::fs::remove_file(share.join("建設部.xlsx")).unwrap();
    std::fs::rename(share.join("A1B2C3D4"), share.join("建設部.xlsx")).unwrap();
    daemon.wait_for("建設部 good again", |j| {
        problems_for(j, "建設部.xlsx") == 0 && sheets_of(j, "建設部") > 0
    });
    std::fs::write(share.join("建設部.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        sheets_of(&daemon.json(), "建設部") > 0,
        "data kept while half-written"
    );
    std::fs::write(share.join("建設部.xlsx"), &bytes).unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    daemon.wait_for("no error after completion", |j| {
        problems_for(j, "建設部.xlsx") == 0 && sheets_of(j, "建設部") > 0
    });

    // Deleted: its items leave.
    std::fs::remove_file(share.join("建設部.xlsx")).unwrap();
    daemon.wait_for("建設部 gone", |j| {
        sheets_of(j, "建設部") == 0 && sheets_of(j, "総務部") > 0
    });

    let out = daemon.out.clone();
    let status = daemon.terminate();
    assert!(status.success(), "exit status {status:?}");
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "partial output files left: {leftovers:?}"
    );
    assert!(dir.path().join("state.sqlite").exists());
    let status = mokuhyo()
        .args(["status", "--config"])
        .arg(dir.path().join("mokuhyo.toml"))
        .capture();
    assert!(status.status.success());
    let shown = String::from_utf8_lossy(&status.stdout);
    assert!(shown.contains("started"), "{shown}");
    // Reminders are off in this configuration: nothing will be sent.
    assert!(
        shown.contains("next send: nothing planned within a year"),
        "{shown}"
    );
}

#[test]
fn native_watcher_follows_saves_and_stops_cleanly() {
    scenario("native");
}

#[test]
fn poll_watcher_follows_saves_and_stops_cleanly() {
    scenario("poll");
}

/// The rows of a sheet of the consolidated workbook, as text. Read from a
/// copy taken at once: on Windows a file held open cannot be replaced, and
/// a reader holding it while parsing would make the daemon write a stamped
/// copy beside it instead.
fn sheet_rows(workbook: &Path, sheet: &str) -> Option<Vec<Vec<String>>> {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().ok()?;
    let copy = dir.path().join("copy.xlsx");
    std::fs::copy(workbook, &copy).ok()?;
    let mut book: Xlsx<_> = open_workbook(&copy).ok()?;
    let range = book.worksheet_range(sheet).ok()?;
    crate::common::xlsx_check::assert_well_formed(&copy);
    Some(
        range
            .rows()
            .map(|row| row.iter().map(|c| c.to_string()).collect())
            .collect(),
    )
}

/// The number of rows of 全庁一覧 for `department`, once there are some.
fn department_items(workbook: &Path, department: &str) -> Option<usize> {
    let n = sheet_rows(workbook, "全庁一覧")?
        .iter()
        .filter(|r| r[0] == department)
        .count();
    (n > 0).then_some(n)
}

#[test]
fn last_good_data_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let kensetsu = share.join("建設部.xlsx");
    std::fs::copy(
        fixture("corpus/fy2026/令和8年度重点目標管理シート_総務部.xlsx"),
        share.join("総務部.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        fixture("corpus/fy2026/令和8年度重点目標管理シート_建設部.xlsx"),
        &kensetsu,
    )
    .unwrap();

    let daemon = start(dir.path(), &share, "native");
    daemon.wait_for("both departments", |j| {
        sheets_of(j, "建設部") > 0 && sheets_of(j, "総務部") > 0
    });
    // The JSON is written beside the workbook, not necessarily after it.
    let workbook = daemon.out.join("全庁目標一覧_令和8年度.xlsx");
    let items_before = wait_until("建設部 in the workbook", || {
        department_items(&workbook, "建設部")
    });
    // `mokuhyo stop` as an administrator (or a service wrapper) stops it:
    // it waits for the daemon to end, which ends cleanly.
    let (stop, exit) = daemon.stop();
    assert!(
        stop.status.success(),
        "{}",
        String::from_utf8_lossy(&stop.stderr)
    );
    assert!(
        String::from_utf8_lossy(&stop.stdout).contains("mokuhyo stopped"),
        "{}",
        String::from_utf8_lossy(&stop.stdout)
    );
    assert!(exit.success(), "exit status {exit:?}");

    // Broken while the daemon is stopped: cut in half.
    let bytes = std::fs::read(&kensetsu).unwrap();
    std::fs::write(&kensetsu, &bytes[..bytes.len() / 2]).unwrap();

    let daemon = start(dir.path(), &share, "native");
    daemon.wait_for("建設部 listed as a problem", |j| {
        problems_for(j, "建設部.xlsx") > 0
    });
    assert!(
        sheets_of(&daemon.json(), "建設部") > 0,
        "last good sheets in the JSON"
    );
    let problems = wait_until("取込エラー listing 建設部.xlsx", || {
        let listed: Vec<Vec<String>> = sheet_rows(&workbook, "取込エラー")?
            .into_iter()
            .filter(|r| r.get(2).is_some_and(|f| f.ends_with("建設部.xlsx")))
            .collect();
        (!listed.is_empty()).then_some(listed)
    });
    assert_eq!(problems.len(), 1, "{problems:?}");
    let row = &problems[0];
    assert_eq!(row[0], "エラー");
    assert!(!row[5].is_empty(), "the reason is given: {row:?}");
    assert_eq!(
        row[7], "はい",
        "marked as using the last good data: {row:?}"
    );
    let items_after = department_items(&workbook, "建設部").unwrap_or(0);
    assert_eq!(
        items_after, items_before,
        "the last good items are all there"
    );
    assert!(daemon.terminate().success());

    let status = mokuhyo()
        .args(["status", "--config"])
        .arg(dir.path().join("mokuhyo.toml"))
        .capture();
    assert!(
        String::from_utf8_lossy(&status.stdout).contains("last good data kept for 2 file(s)"),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}

/// A pipeline step that panics (a bug: here the tests' fault, the build's
/// `test-faults` feature, on reading 建設部.xlsx) stops the daemon with exit
/// code 70 and the panic's message at ERROR in its log, rather than leave it
/// running without a pipeline; it releases the state file, so that the
/// service manager's restart runs.
#[test]
fn a_panic_in_a_pipeline_step_exits_70_with_the_panic_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    std::fs::copy(
        fixture("corpus/fy2026/令和8年度重点目標管理シート_総務部.xlsx"),
        share.join("総務部.xlsx"),
    )
    .unwrap();
    let config = crate::common::write_config(
        dir.path(),
        &share,
        "[watch]\ndebounce_ms = 300\nrescan_schedule = \"\"\n[reminders]\nenabled = false\n[digest]\nenabled = false\n",
    );
    let log = dir.path().join("daemon.log");
    let mut child = crate::common::harness::spawn(
        mokuhyo()
            .env("MOKUHYO_TEST_PANIC_ON", "建設部.xlsx")
            .args(["run", "--config"])
            .arg(&config)
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap()),
    );
    let json = dir.path().join("out/全庁目標一覧_令和8年度.json");
    wait_until("the first scan's output", || json.exists().then_some(()));

    std::fs::copy(
        fixture("corpus/fy2026/令和8年度重点目標管理シート_建設部.xlsx"),
        share.join("建設部.xlsx"),
    )
    .unwrap();
    let exit = crate::common::harness::wait_for_exit(&mut child, "the daemon after the panic");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert_eq!(exit.code(), Some(70), "{logged}");
    let error = logged
        .lines()
        .find(|l| l.contains("ERROR") && l.contains("internal error"))
        .unwrap_or_else(|| panic!("no ERROR line on the internal error:\n{logged}"));
    assert!(
        error.contains("test fault: consolidating") && error.contains("建設部.xlsx"),
        "the panic's message in the ERROR line: {error}"
    );
    assert!(error.contains("exit code 70"), "{error}");

    // The restart a service manager makes runs, and reads the file.
    let daemon = Daemon::start_with(dir.path(), config);
    daemon.wait_for("建設部 after the restart", |j| {
        sheets_of(j, "建設部") > 0
    });
    assert!(daemon.terminate().success());
}
