//! Names and texts as a share holds them, not as the configuration writes
//! them: a cell holding control and bidirectional formatting characters,
//! a file name in decomposed Unicode (NFD, as macOS and some NAS shares
//! store it) and, on Unix, a file name in Shift_JIS bytes.

use std::path::Path;

use super::mail::scenario;
use crate::common::harness::{edit_workbook, fy2026, run, text};

/// Whether `text` holds a control character other than a line break or a
/// bidirectional formatting character.
fn has_raw_steering(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// The subjects of the mails in the outbox of `dir`.
fn outbox_subjects(dir: &Path) -> Vec<String> {
    let mut subjects = Vec::new();
    for entry in std::fs::read_dir(dir.join("outbox")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "eml") {
            let bytes = std::fs::read(&path).unwrap();
            let parsed = mail_parser::MessageParser::default()
                .parse(&bytes[..])
                .unwrap();
            subjects.push(parsed.subject().unwrap_or_default().to_string());
        }
    }
    subjects
}

#[test]
fn a_cell_holding_a_right_to_left_override_reaches_no_subject_terminal_or_log_raw() {
    let (dir, config) = scenario("outbox", "");
    let share = dir.path().join("share");
    // 建設部's name and titles as its sheet writes them, each holding
    // U+202E (which shows `建設部\u{202E}fdp.exe` as `建設部exe.pdf`) and ESC.
    edit_workbook(
        &fy2026("建設部"),
        &share.join("建設部.xlsx"),
        |_, xml| xml.replace("建設部", "建設部\u{202E}fdp.exe\u{1b}[2J"),
    );
    let outputs = [
        ("remind", run(&config, &["remind", "--today", "2026-11-02"])),
        (
            "remind --dry-run",
            run(&config, &["remind", "--dry-run", "--today", "2026-11-09"]),
        ),
        ("status", run(&config, &["status"])),
        ("check", run(&config, &["check", share.to_str().unwrap()])),
    ];
    for (command, out) in &outputs {
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(!has_raw_steering(&stdout), "{command}: {stdout:?}");
        assert!(!has_raw_steering(&stderr), "{command} logs: {stderr:?}");
    }
    let (_, check) = &outputs[3];
    assert!(
        text(&check.stdout).contains("建設部\\u{202e}fdp.exe\\u{1b}[2J"),
        "{}",
        text(&check.stdout)
    );
    let subjects = outbox_subjects(dir.path());
    assert!(
        subjects.iter().any(|s| s.contains("建設部fdp.exe [2J")),
        "{subjects:?}"
    );
    for subject in &subjects {
        assert!(!has_raw_steering(subject), "{subject:?}");
    }
}
