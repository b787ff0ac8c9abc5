//! A full temporary folder and a full output folder (root only: a small
//! tmpfs mounted by the test, run by `.ci/run` with `--ignored`): the long
//! sheets of the consolidated workbook go through temporary files, so it is
//! an outage of the outputs, never a crash, and the mails do not wait for
//! the workbook; an output that cannot be written whole (the page and the
//! publish CSV are written a part at a time) leaves the last one in place.
//!
//! Linux only: it mounts a tmpfs.

#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::harness::{spawn, terminate, text, wait_until};
use crate::common::mokuhyo;

/// Friday 2026-10-23, 10:00 in Japan: the 7-day reminders and the week's
/// planning digest are due.
const FRIDAY: &str = "2026-10-23T10:00:00+09:00";

/// A tmpfs of 8 MiB filled to the last byte, unmounted when dropped.
struct FullFolder(PathBuf);

impl FullFolder {
    fn mount(at: &Path) -> FullFolder {
        let folder = FullFolder::mount_with_room(at);
        folder.fill();
        folder
    }

    /// The tmpfs, mounted and left empty.
    fn mount_with_room(at: &Path) -> FullFolder {
        std::fs::create_dir_all(at).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
            .arg(at)
            .status()
            .unwrap();
        assert!(mounted.success(), "mount a tmpfs at {}", at.display());
        FullFolder(at.to_path_buf())
    }

    /// Fills it until the file system says it is full.
    fn fill(&self) {
        let _ = std::fs::write(self.0.join("fill"), vec![0u8; 16 << 20]);
        let left = std::fs::write(self.0.join("probe"), vec![0u8; 4096]);
        assert!(left.is_err(), "{} is full", self.0.display());
    }

    /// Makes room again.
    fn free(&self) {
        std::fs::remove_file(self.0.join("fill")).unwrap();
    }
}

impl Drop for FullFolder {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// The binary with its clock at `start` and its temporary folder `tmp`.
fn at(start: &str, tmp: &Path) -> Command {
    let mut command = mokuhyo();
    command
        .env("MOKUHYO_TEST_CLOCK", start)
        .env("TMPDIR", tmp)
        .env("RUST_BACKTRACE", "0");
    command
}

fn run_at(start: &str, tmp: &Path, config: &Path, args: &[&str]) -> std::process::Output {
    crate::common::harness::run_with(at(start, tmp), config, args)
}

fn outbox(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("outbox")).map_or(0, |entries| entries.count())
}

#[test]
#[ignore = "root only: mounts a tmpfs; run by .ci/run"]
fn a_full_temporary_folder_is_an_outage_of_the_outputs_not_a_crash() {
    super::files::assert_root("mounting a tmpfs");
    let (dir, config) = super::mail::scenario("outbox", "");
    let workbook = dir.path().join("out/全庁目標一覧_令和8年度.xlsx");
    let good_tmp = dir.path().join("good-tmp");
    std::fs::create_dir_all(&good_tmp).unwrap();
    let first = run_at(FRIDAY, &good_tmp, &config, &["consolidate"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let last_good = std::fs::read(&workbook).unwrap();

    let full = FullFolder::mount(&dir.path().join("tmp"));
    // `consolidate`: the workbook is not written, the last one stays, and
    // the reason names the temporary folder.
    let out = run_at(FRIDAY, &full.0, &config, &["consolidate"]);
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(said.contains("temporary folder"), "{said}");
    assert!(said.contains(&full.0.display().to_string()), "{said}");
    assert_eq!(std::fs::read(&workbook).unwrap(), last_good);

    // `remind`: the mails go out all the same.
    let out = run_at(FRIDAY, &full.0, &config, &["remind"]);
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!said.contains("panicked"), "{said}");
    assert!(text(&out.stdout).contains("sent"), "{said}");
    let sent = outbox(dir.path());
    assert!(sent >= 3, "{sent} mail(s): {said}");

    // The daemon comes up (and again after a restart), names the outage
    // in `status --check`, and writes the workbook once there is room.
    let config_text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{config_text}[watch]\nmode = \"poll\"\nrescan_schedule = \"* * * * * *\"\n"),
    )
    .unwrap();
    for round in 0..2 {
        let log = dir.path().join(format!("daemon{round}.log"));
        let mut daemon = spawn(
            at(FRIDAY, &full.0)
                .args(["run", "--config"])
                .arg(&config)
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&log).unwrap()),
        );
        let line = wait_until("status --check names the temporary folder", || {
            let out = run_at(FRIDAY, &full.0, &config, &["status", "--check"]);
            let line = text(&out.stdout);
            (out.status.code() == Some(1) && line.contains("temporary folder")).then_some(line)
        });
        assert!(line.contains("consolidated file not written"), "{line}");
        // A few rescans later it still runs.
        std::thread::sleep(std::time::Duration::from_secs(3));
        assert!(
            daemon.try_wait().unwrap().is_none(),
            "{}",
            text(&std::fs::read(&log).unwrap())
        );
        assert_eq!(std::fs::read(&workbook).unwrap(), last_good);
        if round == 1 {
            full.free();
            wait_until("the workbook written once there is room", || {
                (std::fs::read(&workbook).ok()? != last_good).then_some(())
            });
            let last = std::cell::RefCell::new(String::new());
            let healthy = (0..600).any(|_| {
                let out = run_at(FRIDAY, &full.0, &config, &["status", "--check"]);
                *last.borrow_mut() = text(&out.stdout);
                let ok = out.status.code() == Some(0);
                if !ok {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                ok
            });
            assert!(healthy, "{}", last.borrow());
        }
        let log_text = text(&std::fs::read(&log).unwrap());
        assert!(!log_text.contains("panicked"), "{log_text}");
        let stopped = terminate(&mut daemon, &config);
        assert!(stopped.success(), "{stopped:?}: {log_text}");
    }
    assert_eq!(outbox(dir.path()), sent, "no mail twice");
}

/// The output folder full: no output is written, each failure names its
/// file, every last output stays as it was, and no temporary file is left
/// beside them — the page and the publish CSV, written a part at a time,
/// fail whole like the rest.
#[test]
#[ignore = "root only: mounts a tmpfs; run by .ci/run"]
fn a_full_output_folder_keeps_every_last_output_whole() {
    super::files::assert_root("mounting a tmpfs");
    let (dir, config) = super::mail::scenario("outbox", "");
    let tmp = dir.path().join("good-tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let out_dir = FullFolder::mount_with_room(&dir.path().join("out"));
    let first = run_at(FRIDAY, &tmp, &config, &["consolidate"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let outputs: Vec<(PathBuf, Vec<u8>)> = [
        "全庁目標一覧_令和8年度.xlsx",
        "全庁目標一覧_令和8年度.json",
        "全庁目標一覧_令和8年度.html",
        "全庁目標一覧_令和8年度_公表.csv",
    ]
    .into_iter()
    .map(|name| {
        let path = out_dir.0.join(name);
        let bytes = std::fs::read(&path).unwrap();
        (path, bytes)
    })
    .collect();

    out_dir.fill();
    let out = run_at(FRIDAY, &tmp, &config, &["consolidate"]);
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(said.contains("cannot write the workbook"), "{said}");
    for (path, last) in &outputs {
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(said.contains(&*name), "{name} not named: {said}");
        assert!(
            !said.contains("lay out"),
            "the packing is no layout: {said}"
        );
        assert!(
            std::fs::read(path).unwrap() == *last,
            "{name} changed: {said}"
        );
    }
    let left: Vec<String> = std::fs::read_dir(&out_dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");

    // With room again, every output is written anew.
    out_dir.free();
    let again = run_at(FRIDAY, &tmp, &config, &["consolidate"]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    for (path, _) in &outputs {
        assert!(path.exists(), "{}", path.display());
    }
}
