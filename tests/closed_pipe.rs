//! A command whose reader goes away (`mokuhyo check … | head`, a log piped
//! to a reader that stops) stops quietly with the status a shell gives a
//! command whose pipe was closed, or finishes its work: it never panics.

use std::io::Read;
use std::process::Stdio;

use crate::common::harness::{sample_folder, spawn, wait_for_exit};
use crate::common::{mokuhyo, write_config};

/// 128 + SIGPIPE: what a shell reports of a command stopped by a closed pipe.
const CLOSED_PIPE: i32 = 141;

#[test]
fn check_stops_quietly_when_its_reader_stops_after_the_first_bytes() {
    let (dir, share) = sample_folder();
    let config = write_config(dir.path(), &share, "");
    let files: Vec<_> = std::fs::read_dir(&share)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for json in [true, false] {
        let mut command = mokuhyo();
        command.arg("check").arg("--config").arg(&config);
        if json {
            command.arg("--json");
        }
        // The sample's reading, three times over, is far longer than a
        // pipe holds (its human reading alone is shorter than Linux's 64
        // KiB), so the command is still writing when the reader has gone.
        let mut child = spawn(
            command
                .args(files.iter().cycle().take(3 * files.len()))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped()),
        );
        let mut first = [0u8; 16];
        let mut stdout = child.stdout.take().unwrap();
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = wait_for_exit(&mut child, "check with its output closed");
        assert_eq!(status.code(), Some(CLOSED_PIPE), "json={json}: {stderr}");
        assert!(!stderr.contains("panicked"), "json={json}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "json={json}: {stderr}");
    }
}

#[test]
fn consolidate_writes_its_outputs_when_its_log_has_no_reader() {
    let (dir, share) = sample_folder();
    let config = write_config(dir.path(), &share, "");
    let mut child = spawn(
        mokuhyo()
            .args(["consolidate", "--today", "2026-11-25", "--config"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped()),
    );
    // The log's reader goes before the first line is written.
    drop(child.stderr.take());
    let status = wait_for_exit(&mut child, "consolidate with its log closed");
    assert_eq!(status.code(), Some(0));
    let workbook = dir.path().join("out/全庁目標一覧_令和8年度.xlsx");
    assert!(workbook.is_file(), "no workbook at {}", workbook.display());
}
