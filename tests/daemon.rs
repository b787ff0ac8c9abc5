//! The real daemon in a temp dir: a workbook copied into the watched folder
//! appears in the consolidated output, a corrupted one keeps its last good
//! items and is listed as a problem, a deleted one leaves, an Excel-style save
//! (temp file, delete, rename) and a half-written file end without errors, and
//! SIGTERM stops it cleanly. Run once with the native watcher and once polling.
//! A workbook broken while the daemon is stopped keeps its last good items
//! after the restart, through the state file.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, mokuhyo, write_config};

struct Daemon {
    child: Child,
    out: PathBuf,
}

impl Daemon {
    fn start(dir: &Path, share: &Path, mode: &str) -> Daemon {
        let config = write_config(
            dir,
            share,
            &format!(
                "[watch]\nmode = \"{mode}\"\ndebounce_ms = 300\npoll_interval_secs = 1\nrescan_interval_secs = 0\n[reminders]\nenabled = false\n[digest]\nenabled = false\n"
            ),
        );
        let child = mokuhyo()
            .args(["run", "--config"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Daemon {
            child,
            out: dir.join("out"),
        }
    }

    fn json(&self) -> String {
        std::fs::read_to_string(self.out.join("全庁目標一覧_令和8年度.json")).unwrap_or_default()
    }

    /// Waits until the consolidated JSON satisfies `pred`.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if pred(&self.json()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("timed out waiting for: {what}\n{}", self.json());
    }

    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the daemon did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A test that fails leaves no daemon running.
impl Drop for Daemon {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn sheet_count(json: &str, department: &str) -> usize {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    value["sheets"].as_array().map_or(0, |s| {
        s.iter().filter(|s| s["department"] == department).count()
    })
}

fn problems_for(json: &str, file: &str) -> usize {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    value["problems"].as_array().map_or(0, |p| {
        p.iter()
            .filter(|p| p["file"].as_str().is_some_and(|f| f.ends_with(file)))
            .count()
    })
}

/// A copy of `src` with one cell text replaced (in the shared strings or
/// the sheets' inline strings), as a save after editing a cell.
fn edit_cell_text(src: &Path, dst: &Path, from: &str, to: &str) {
    use std::io::{Read, Write};
    let mut source = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let mut replaced = false;
    for i in 0..source.len() {
        let mut file = source.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name.starts_with("xl/") && name.ends_with(".xml") {
            let text = String::from_utf8(bytes).unwrap();
            replaced |= text.contains(from);
            bytes = text.replace(from, to).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
    assert!(replaced, "{from} is in no cell of {}", src.display());
}

fn scenario(mode: &str) {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let somu = fixture("corpus/fy2026/令和8年度重点目標管理シート_総務部.xlsx");
    let kensetsu = fixture("corpus/fy2026/令和8年度重点目標管理シート_建設部.xlsx");
    std::fs::copy(&somu, share.join("総務部.xlsx")).unwrap();
    let daemon = Daemon::start(dir.path(), &share, mode);
    daemon.wait_for("総務部 at start", |j| sheet_count(j, "総務部") > 0);

    // A new workbook appears.
    std::fs::copy(&kensetsu, share.join("建設部.xlsx")).unwrap();
    daemon.wait_for("建設部 added", |j| sheet_count(j, "建設部") > 0);

    // A cell edited and saved: the new text appears.
    let edited = dir.path().join("edited.xlsx");
    edit_cell_text(
        &kensetsu,
        &edited,
        "○デマンド交通の運行エリア拡大",
        "○デマンド交通の全市域への拡大",
    );
    std::fs::copy(&edited, share.join("建設部.xlsx")).unwrap();
    daemon.wait_for("edited title", |j| {
        j.contains("○デマンド交通の全市域への拡大") && !j.contains("○デマンド交通の運行エリア拡大")
    });

    // Corrupted: the last good items stay, the problem is listed.
    std::fs::write(
        share.join("建設部.xlsx"),
        b"PK\x03\x04 not a workbook any more",
    )
    .unwrap();
    daemon.wait_for("建設部 corrupt listed", |j| {
        problems_for(j, "建設部.xlsx") > 0
    });
    assert!(
        sheet_count(&daemon.json(), "建設部") > 0,
        "last good data kept"
    );

    // Excel's save: temp file written, original deleted, temp renamed; and a
    // half-written file completed later. No error remains, data never lost.
    let bytes = std::fs::read(&kensetsu).unwrap();
    std::fs::write(share.join("A1B2C3D4"), &bytes).unwrap();
    std::fs::remove_file(share.join("建設部.xlsx")).unwrap();
    std::fs::rename(share.join("A1B2C3D4"), share.join("建設部.xlsx")).unwrap();
    daemon.wait_for("建設部 good again", |j| {
        problems_for(j, "建設部.xlsx") == 0 && sheet_count(j, "建設部") > 0
    });
    std::fs::write(share.join("建設部.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        sheet_count(&daemon.json(), "建設部") > 0,
        "data kept while half-written"
    );
    std::fs::write(share.join("建設部.xlsx"), &bytes).unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    daemon.wait_for("no error after completion", |j| {
        problems_for(j, "建設部.xlsx") == 0 && sheet_count(j, "建設部") > 0
    });

    // Deleted: its items leave.
    std::fs::remove_file(share.join("建設部.xlsx")).unwrap();
    daemon.wait_for("建設部 gone", |j| {
        sheet_count(j, "建設部") == 0 && sheet_count(j, "総務部") > 0
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
        .output()
        .unwrap();
    assert!(status.status.success());
    let shown = String::from_utf8_lossy(&status.stdout);
    assert!(shown.contains("started"), "{shown}");
    // Reminders are off in this configuration: nothing will be sent.
    assert!(
        shown.contains("next_send: nothing planned within a year"),
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

/// The rows of a sheet of the consolidated workbook, as text.
fn sheet_rows(workbook: &Path, sheet: &str) -> Option<Vec<Vec<String>>> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(workbook).ok()?;
    let range = book.worksheet_range(sheet).ok()?;
    Some(
        range
            .rows()
            .map(|row| row.iter().map(|c| c.to_string()).collect())
            .collect(),
    )
}

/// Waits until `probe` gives something.
fn poll<T>(what: &str, probe: impl Fn() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for: {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
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

    let daemon = Daemon::start(dir.path(), &share, "native");
    daemon.wait_for("both departments", |j| {
        sheet_count(j, "建設部") > 0 && sheet_count(j, "総務部") > 0
    });
    // The JSON is written beside the workbook, not necessarily after it.
    let workbook = daemon.out.join("全庁目標一覧_令和8年度.xlsx");
    let items_before = poll("建設部 in the workbook", || {
        department_items(&workbook, "建設部")
    });
    assert!(daemon.terminate().success());

    // Broken while the daemon is stopped: cut in half.
    let bytes = std::fs::read(&kensetsu).unwrap();
    std::fs::write(&kensetsu, &bytes[..bytes.len() / 2]).unwrap();

    let daemon = Daemon::start(dir.path(), &share, "native");
    daemon.wait_for("建設部 listed as a problem", |j| {
        problems_for(j, "建設部.xlsx") > 0
    });
    assert!(
        sheet_count(&daemon.json(), "建設部") > 0,
        "last good sheets in the JSON"
    );
    let problems = poll("取込エラー listing 建設部.xlsx", || {
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
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&status.stdout).contains("last good data kept for 2 file(s)"),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}
