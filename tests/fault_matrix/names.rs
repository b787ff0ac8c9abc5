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

/// The subject and the `To` addresses of each mail in the outbox of `dir`.
fn outbox_mails(dir: &Path) -> Vec<(String, Vec<String>)> {
    let mut mails = Vec::new();
    for entry in std::fs::read_dir(dir.join("outbox")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "eml") {
            let bytes = std::fs::read(&path).unwrap();
            let parsed = mail_parser::MessageParser::default()
                .parse(&bytes[..])
                .unwrap();
            let to = parsed
                .to()
                .into_iter()
                .flat_map(|to| to.iter())
                .filter_map(|a| a.address.as_ref().map(|a| a.to_string()))
                .collect();
            mails.push((parsed.subject().unwrap_or_default().to_string(), to));
        }
    }
    mails
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
    let subjects: Vec<String> = outbox_mails(dir.path()).into_iter().map(|m| m.0).collect();
    assert!(
        subjects.iter().any(|s| s.contains("建設部fdp.exe [2J")),
        "{subjects:?}"
    );
    for subject in &subjects {
        assert!(!has_raw_steering(subject), "{subject:?}");
    }
}

/// `text` decomposed as macOS and some NAS shares store names: each kana
/// with a voiced or semi-voiced mark as the kana and a combining mark.
fn nfd(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let (base, mark) = match c {
            'デ' => ('テ', '\u{3099}'),
            'ジ' => ('シ', '\u{3099}'),
            'ガ' => ('カ', '\u{3099}'),
            'パ' => ('ハ', '\u{309A}'),
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push(base);
        out.push(mark);
    }
    out
}

#[test]
fn a_department_whose_file_name_and_cells_are_decomposed_reaches_its_address() {
    let (dir, config) = scenario("outbox", "");
    let share = dir.path().join("share");
    let name = "デジタル推進部";
    let decomposed = nfd(name);
    assert_ne!(decomposed, name);
    // 建設部's workbook as デジタル推進部's, its name and cells in NFD.
    std::fs::remove_file(share.join("建設部.xlsx")).unwrap();
    edit_workbook(
        &fy2026("建設部"),
        &share.join(format!("令和8年度重点目標管理シート_{decomposed}.xlsx")),
        |_, xml| xml.replace("建設部", &decomposed),
    );
    let written = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        written.replace("\"建設部\"", &format!("\"{name}\"")),
    )
    .unwrap();

    let sent = run(&config, &["remind", "--today", "2026-11-02"]);
    let shown = text(&sent.stdout);
    assert!(
        shown.contains(&format!("sent 2026/interim/{name}/overdue-2026-11-02")),
        "{shown}{}",
        text(&sent.stderr)
    );
    let dry = text(&run(&config, &["remind", "--dry-run", "--today", "2026-11-09"]).stdout);
    // The department as configured, not a second one in NFD nor one no
    // address reaches (the file keeps its own name, by which it opens).
    assert!(
        dry.contains(&format!("=== 2026/interim/{name}/overdue-2026-11-09"))
            && !dry.contains(&format!("/{decomposed}/"))
            && !dry.contains("宛先なし"),
        "{dry}"
    );
    let mails = outbox_mails(dir.path());
    let notice = mails
        .iter()
        .find(|(subject, _)| subject.contains("提出遅れ") && subject.contains(name))
        .unwrap_or_else(|| panic!("{mails:?}"));
    assert_eq!(notice.1, ["kensetsu@city.example.jp"]);
}

// Unix only: a file name is bytes there; a Windows name is UTF-16, which
// holds every name a share gives it.
#[cfg(unix)]
#[test]
fn a_file_name_in_shift_jis_bytes_is_read_and_reported() {
    use std::os::unix::ffi::OsStrExt;
    let (dir, config) = scenario("outbox", "");
    let share = dir.path().join("share");
    std::fs::remove_file(share.join("総務部.xlsx")).unwrap();
    // 総務部.xlsx in Shift_JIS, as an old Samba share or a zip unpacked on
    // Linux leaves it.
    let mut name = encoding_rs::SHIFT_JIS.encode("総務部").0.into_owned();
    name.extend_from_slice(b".xlsx");
    assert!(std::str::from_utf8(&name).is_err());
    let raw = share.join(std::ffi::OsStr::from_bytes(&name));
    std::fs::copy(fy2026("総務部"), &raw).unwrap();

    let checked = run(&config, &["check", share.to_str().unwrap()]);
    let shown = text(&checked.stdout);
    assert!(
        shown.contains("[重点目標管理シート1] 総務部 令和8年度") && shown.contains("UTF-8"),
        "{shown}"
    );
    let out = run(&config, &["consolidate", "--today", "2026-10-23"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/全庁目標一覧_令和8年度.json")).unwrap(),
    )
    .unwrap();
    assert!(
        crate::common::harness::sheets_of(&json, "総務部") > 0,
        "{json}"
    );
    let warned = crate::common::harness::problems_of(&json, ".xlsx")
        .iter()
        .any(|p| p.to_string().contains("UTF-8"));
    assert!(warned, "{}", json["problems"]);
    let log = text(&out.stderr);
    assert!(
        log.lines()
            .any(|l| l.contains("WARN") && l.contains("UTF-8")),
        "{log}"
    );
}
