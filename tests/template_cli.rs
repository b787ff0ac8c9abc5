//! `mokuhyo template` run as a user would: the real binary in a temp dir.

use crate::common::harness::Capture;
use std::path::Path;
use std::process::Command;

use mokuhyo::io::workbook::read::{ReadLimits, read_workbook};
use mokuhyo_core::interpret::{FieldDictionary, InterpretOptions, interpret_workbook};

fn mokuhyo(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        // The messages asserted here are the English ones.
        .env("MOKUHYO__UI__LANGUAGE", "en")
        .current_dir(dir)
        .args(args)
        .capture()
}

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

#[test]
fn blank_workbook_has_the_default_goal_sheets_and_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = mokuhyo(
        dir.path(),
        &[
            "template",
            "--department",
            "総務部",
            "--fiscal-year",
            "2027",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("令和9年度重点目標管理シート_総務部.xlsx"),
        "{stdout}"
    );
    assert!(stdout.contains("3 goal(s)\t12 item(s)"), "{stdout}");

    let path = dir.path().join("令和9年度重点目標管理シート_総務部.xlsx");
    crate::common::xlsx_check::assert_well_formed(&path);
    let workbook = read_workbook(&path, &ReadLimits::default()).unwrap();
    let names: Vec<_> = workbook.sheets.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "重点目標",
            "重点目標管理シート1",
            "重点目標管理シート2",
            "重点目標管理シート3"
        ]
    );
    assert_eq!(
        workbook.sheets[1].text(0, 0),
        Some("令和9年度 重点目標管理シート")
    );
    assert_eq!(workbook.sheets[1].text(8, 0), Some("①"));
    assert_eq!(workbook.sheets[1].text(12, 0), Some("特記事項"));

    // A second run refuses to replace the file; --force replaces it.
    let again = mokuhyo(
        dir.path(),
        &[
            "template",
            "--department",
            "総務部",
            "--fiscal-year",
            "2027",
        ],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = mokuhyo(
        dir.path(),
        &[
            "template",
            "--department",
            "総務部",
            "--fiscal-year",
            "2027",
            "--goals",
            "2",
            "--items",
            "3",
            "--force",
        ],
    );
    assert!(forced.status.success());
    assert!(String::from_utf8_lossy(&forced.stdout).contains("2 goal(s)\t6 item(s)"));
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn all_departments_from_last_years_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = mokuhyo(
        dir.path(),
        &[
            "template",
            "--all",
            "--fiscal-year",
            "2027",
            "--from",
            &fixture("tests/fixtures/corpus/fy2026"),
            "--out-dir",
            "out",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut written: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written.len(), 5, "{written:?}");
    assert!(written.contains(&"令和9年度重点目標管理シート_総務部.xlsx".to_string()));

    let path = dir
        .path()
        .join("out/令和9年度重点目標管理シート_総務部.xlsx");
    crate::common::xlsx_check::assert_well_formed(&path);
    let workbook = read_workbook(&path, &ReadLimits::default()).unwrap();
    let reports = interpret_workbook(
        &path,
        &workbook.sheets,
        &FieldDictionary::default(),
        &InterpretOptions::default(),
    );
    let reports = reports.reports();
    assert!(!reports.is_empty());
    for report in reports {
        assert_eq!(report.fiscal_year.0, 2027);
        assert_eq!(report.department, "総務部");
        for (_, item) in report.items() {
            assert!(
                item.interim.is_empty() && item.year_end.is_empty(),
                "{}",
                item.title()
            );
        }
    }
}

#[test]
fn unknown_layout_and_missing_department_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = mokuhyo(
        dir.path(),
        &[
            "template",
            "--department",
            "総務部",
            "-y",
            "2027",
            "--layout",
            "nosuch",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nosuch"));

    let out = mokuhyo(
        dir.path(),
        &[
            "template",
            "--department",
            "環境部",
            "-y",
            "2027",
            "--from",
            &fixture("tests/fixtures/corpus/fy2026"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("環境部"));
}
