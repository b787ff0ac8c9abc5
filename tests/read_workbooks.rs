//! Reading real workbooks: the corpus, calamine's own (partly malformed,
//! encrypted or memory-exhausting) test files, and broken files made here.

use crate::common::harness::Capture;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use mokuhyo::io::workbook::{ReadError, ReadLimits, Workbook, read_workbook};
use mokuhyo_core::grid::{CellValue, Grid, MergedRange};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const CORPUS: &str = "tests/fixtures/corpus";
const PEER: &str = "tests/fixtures/peer";
const UEDA: &str = "tests/fixtures/corpus/ueda_somubu_R2.xlsx";

fn spreadsheets_in(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "xlsx" | "xlsm" | "xls" | "ods"))
        })
        .collect();
    files.sort();
    files
}

fn read(path: impl AsRef<Path>) -> Workbook {
    read_workbook(path.as_ref(), &ReadLimits::default()).unwrap()
}

fn sheet<'a>(workbook: &'a Workbook, name: &str) -> &'a Grid {
    workbook
        .sheets
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

#[test]
fn every_corpus_workbook_reads_cleanly() {
    let mut files = spreadsheets_in(CORPUS);
    files.extend(spreadsheets_in(&format!("{CORPUS}/fy2026")));
    assert_eq!(files.len(), 10);
    for file in files {
        let workbook = read(&file);
        assert!(!workbook.sheets.is_empty(), "{}", file.display());
        assert!(workbook.problems.is_empty(), "{:?}", workbook.problems);
        assert!(
            workbook.sheets.iter().any(|g| !g.merged().is_empty()),
            "{}: no merged cells read",
            file.display()
        );
    }
}

#[test]
fn merged_cells_are_registered() {
    let workbook = read(UEDA);
    let grid = sheet(&workbook, "重点目標管理シート3");
    let a9_b9 = MergedRange {
        first_row: 8,
        first_col: 0,
        last_row: 8,
        last_col: 1,
    };
    assert_eq!(grid.merge_at(8, 1), Some(a9_b9));
    assert_eq!(grid.get(8, 1), grid.get(8, 0));
    assert_eq!(grid.merged().len(), 20);
    assert_eq!((grid.rows(), grid.cols()), (13, 7));
}

#[test]
fn in_cell_line_breaks_are_kept() {
    let workbook = read(UEDA);
    let b4 = sheet(&workbook, "重点目標管理シート1").text(3, 1).unwrap();
    assert!(
        b4.starts_with(
            "第2編 安全・安心な快適環境のまちづくり\n第2章 良好、快適な生活環境の形成\n"
        ),
        "{b4:?}"
    );
    let workbook = read(format!(
        "{CORPUS}/fy2026/令和8年度重点目標管理シート_健康福祉部.xlsx"
    ));
    assert_eq!(
        sheet(&workbook, "重点目標管理シート1").text(11, 2),
        Some("(1) 6月\n(2) 年度内")
    );
}

#[test]
fn wareki_formatted_dates_are_dates() {
    let march_31 = NaiveDate::from_ymd_opt(2027, 3, 31)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for (file, name, row) in [
        (
            "令和8年度重点目標管理シート_健康福祉部.xlsx",
            "重点目標管理シート3",
            9,
        ),
        (
            "令和8年度重点目標管理シート_総務部.xlsx",
            "重点目標管理シート2",
            11,
        ),
    ] {
        let workbook = read(format!("{CORPUS}/fy2026/{file}"));
        assert_eq!(
            sheet(&workbook, name).get(row, 2),
            &CellValue::Date(march_31),
            "{file}"
        );
    }
}

#[test]
fn furigana_is_not_part_of_the_text() {
    let workbook = read(format!("{PEER}/rph.xlsx"));
    let text = workbook.sheets[0].text(0, 0).unwrap().to_string();
    assert!(!text.is_empty());
    let expected = "課きく　毛こ";
    assert_eq!(text, expected);
}

#[test]
fn every_peer_file_reads_or_fails_cleanly() {
    let files = spreadsheets_in(PEER);
    assert!(files.len() > 100);
    for file in files {
        match read_workbook(&file, &ReadLimits::default()) {
            Ok(workbook) => assert_eq!(workbook.path, file),
            Err(e) => {
                let name = file.file_name().unwrap().to_str().unwrap();
                assert!(e.to_string().contains(name), "{e}");
                assert_eq!(e.path(), file);
            }
        }
    }
}

#[test]
fn encrypted_files_are_reported_as_password_protected() {
    for name in ["pass_protected.xlsx", "pass_protected.ods", "issue_385.xls"] {
        let err = read_workbook(&Path::new(PEER).join(name), &ReadLimits::default()).unwrap_err();
        assert!(
            matches!(err, ReadError::PasswordProtected { .. }),
            "{name}: {err}"
        );
        assert!(err.to_string().contains("password-protected"), "{err}");
    }
}

#[test]
fn ods_declaring_billions_of_cells_is_refused() {
    let err = read_workbook(
        &Path::new(PEER).join("issue_594_dos.ods"),
        &ReadLimits::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ReadError::TooBig { .. }), "{err}");
}

#[test]
fn truncated_xlsx_is_reported_as_truncated_or_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = fs::read(UEDA).unwrap();
    let path = dir.path().join("半分.xlsx");
    fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let err = read_workbook(&path, &ReadLimits::default()).unwrap_err();
    assert!(matches!(err, ReadError::Corrupt { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("半分.xlsx"), "{message}");
    assert!(message.contains("truncated or corrupt"), "{message}");
}

#[test]
fn empty_and_foreign_files_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.xlsx");
    fs::write(&empty, b"").unwrap();
    assert!(matches!(
        read_workbook(&empty, &ReadLimits::default()),
        Err(ReadError::Corrupt { .. })
    ));
    let text = dir.path().join("text.xls");
    fs::write(&text, "部局名,総務部\n").unwrap();
    assert!(matches!(
        read_workbook(&text, &ReadLimits::default()),
        Err(ReadError::Unsupported { .. })
    ));
}

#[test]
fn missing_file_is_not_found() {
    let err = read_workbook(Path::new("no/such/book.xlsx"), &ReadLimits::default()).unwrap_err();
    assert!(matches!(err, ReadError::NotFound { .. }), "{err}");
    assert!(err.to_string().contains("no/such/book.xlsx"));
}

#[test]
fn file_over_the_size_limit_is_refused_unopened() {
    let limits = ReadLimits {
        max_file_bytes: 1_000,
        ..ReadLimits::default()
    };
    let err = read_workbook(Path::new(UEDA), &limits).unwrap_err();
    match &err {
        ReadError::TooLarge { size, limit, .. } => {
            assert_eq!(*size, fs::metadata(UEDA).unwrap().len());
            assert_eq!(*limit, 1_000);
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("ueda_somubu_R2.xlsx"));
}

#[test]
fn package_unpacking_beyond_the_limit_is_refused() {
    let limits = ReadLimits {
        max_unpacked_bytes: 10_000,
        ..ReadLimits::default()
    };
    let err = read_workbook(Path::new(UEDA), &limits).unwrap_err();
    assert!(matches!(err, ReadError::TooBig { .. }), "{err}");
}

#[test]
fn xlsx_content_under_an_xls_name_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("renamed.xls");
    fs::copy(UEDA, &path).unwrap();
    assert_eq!(read(&path).sheets.len(), 6);
}

/// A copy of the ueda workbook with `edit` applied to one sheet part.
fn ueda_with_sheet_edited(dir: &Path, part: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let mut source = ZipArchive::new(fs::File::open(UEDA).unwrap()).unwrap();
    let path = dir.join("edited.xlsx");
    let mut out = ZipWriter::new(fs::File::create(&path).unwrap());
    for i in 0..source.len() {
        let mut file = source.by_index(i).unwrap();
        if file.name().is_ok_and(|n| n == part) {
            let mut xml = String::new();
            file.read_to_string(&mut xml).unwrap();
            let options =
                SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
            out.start_file(part, options).unwrap();
            out.write_all(edit(xml).as_bytes()).unwrap();
        } else {
            drop(file);
            out.raw_copy_file(source.by_index_raw(i).unwrap()).unwrap();
        }
    }
    out.finish().unwrap();
    path
}

fn add_stray_cell(xml: String) -> String {
    let stray = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    xml.replacen("</sheetData>", &format!("{stray}</sheetData>"), 1)
}

#[test]
fn stray_cell_at_xfd1048576_is_dropped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    // sheet4.xml is 重点目標管理シート3.
    let path = ueda_with_sheet_edited(dir.path(), "xl/worksheets/sheet4.xml", add_stray_cell);
    let workbook = read(&path);
    let grid = sheet(&workbook, "重点目標管理シート3");
    assert_eq!((grid.rows(), grid.cols()), (13, 7));
    assert_eq!(grid.merged().len(), 20);
    assert_eq!(workbook.problems.len(), 1);
    let warning = &workbook.problems[0];
    assert_eq!(warning.kind, mokuhyo_core::problem::ProblemKind::Warning);
    assert_eq!(warning.sheet.as_deref(), Some("重点目標管理シート3"));
    assert_eq!(
        warning.cell.map(|c| c.to_string()).as_deref(),
        Some("XFD1048576")
    );
    assert!(
        warning.message.contains("XFD1048576"),
        "{}",
        warning.message
    );
    assert!(workbook.sheet_errors().is_empty());
}

#[test]
fn sheet_holding_only_a_far_cell_is_refused_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = ueda_with_sheet_edited(dir.path(), "xl/worksheets/sheet1.xml", |xml| {
        let start = xml.find("<sheetData").unwrap();
        let end = xml.find("</sheetData>").unwrap() + "</sheetData>".len();
        format!(
            "{}{}{}",
            &xml[..start],
            add_stray_cell("<sheetData></sheetData>".to_string()),
            &xml[end..]
        )
    });
    let workbook = read(&path);
    assert_eq!(workbook.sheets.len(), 5);
    assert_eq!(workbook.sheet_errors().len(), 1);
    let error = workbook.sheet_errors()[0];
    assert_eq!(error.sheet.as_deref(), Some("重点目標"));
    assert!(
        error.message.contains("1048576 rows × 16384 columns"),
        "{}",
        error.message
    );
}

#[test]
fn a_dropped_cell_is_shown_on_the_import_errors_sheet_with_its_cell() {
    use calamine::{Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    fs::create_dir(&share).unwrap();
    let edited = ueda_with_sheet_edited(dir.path(), "xl/worksheets/sheet4.xml", add_stray_cell);
    fs::rename(&edited, share.join("ueda_somubu_R2.xlsx")).unwrap();
    let config = dir.path().join("mokuhyo.toml");
    fs::write(
        &config,
        format!(
            "[folder]\npath = {:?}\n[output]\ndir = {:?}\n[state]\ndatabase = {:?}\n\
             [mail]\ntransport = \"outbox\"\noutbox_dir = {:?}\n",
            share.display().to_string(),
            dir.path().join("out").display().to_string(),
            dir.path().join("state.sqlite").display().to_string(),
            dir.path().join("outbox").display().to_string(),
        ),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_mokuhyo");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            // The messages asserted here are the English ones.
            .env("MOKUHYO__UI__LANGUAGE", "en")
            .arg("--config")
            .arg(&config)
            .args(args)
            .capture();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let checked = run(&["check", share.join("ueda_somubu_R2.xlsx").to_str().unwrap()]);
    assert!(
        checked.contains("warning: 重点目標管理シート3!XFD1048576: 表から遠く離れたセル 1 個"),
        "{checked}"
    );
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "check",
        "--json",
        share.join("ueda_somubu_R2.xlsx").to_str().unwrap(),
    ]))
    .unwrap();
    let left_out = &json["files"][0]["left_out"][0];
    assert_eq!(left_out["sheet"], "重点目標管理シート3", "{json}");
    assert_eq!(left_out["cell"], "XFD1048576", "{json}");
    assert_eq!(left_out["kind"], "warning", "{json}");
    run(&["consolidate"]);
    let written: Vec<PathBuf> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let mut book = open_workbook_auto(&written[0]).unwrap();
    let rows = book.worksheet_range("取込エラー").unwrap();
    let found: Vec<Vec<String>> = rows
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
        .filter(|r| r.iter().any(|c| c == "XFD1048576"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0][3], "重点目標管理シート3");
    assert!(
        found[0][5].contains("表から遠く離れたセル 1 個（XFD1048576）は取り込んでいません"),
        "{found:?}"
    );
}
