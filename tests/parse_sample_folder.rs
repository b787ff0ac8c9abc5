//! The bundled sample folder (examples/shared-folder), read by the real
//! binary: no department is ever named after a file — not by `check`, not
//! on 概要 or in the JSON of the consolidated workbook, not in the planning
//! section's digest. The workbook no cell names a department for is
//! 部局不明, and 取込エラー says which configuration key names it.

use std::ffi::OsStr;

use std::path::{Path, PathBuf};

use crate::common::{run_ok, write_config};
use calamine::{Reader, Xlsx, open_workbook};
use serde_json::Value;

fn sample_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/shared-folder")
}

/// The names of the sample workbooks without their extension.
fn stems() -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(sample_folder())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    assert!(stems.len() >= 7, "{stems:?}");
    stems
}

/// Continues the `[mail]` table `write_config` ends with.
const CONFIG: &str = r#"
planning = ["kikakuka@city.example.jp"]
[digest]
enabled = true
schedule = "0 0 9 * * Tue"
attach_consolidated = false
"#;

#[test]
fn no_department_is_named_after_a_file() {
    let stems = stems();
    let named_after_a_file = |name: &str| stems.iter().any(|s| name.contains(s.as_str()));

    // check --json
    let folder = sample_folder();
    let json: Value = serde_json::from_str(&run_ok([
        OsStr::new("check"),
        OsStr::new("--json"),
        folder.as_os_str(),
    ]))
    .unwrap();
    let mut unknown = 0;
    for file in json["files"].as_array().unwrap() {
        for sheet in file["sheets"].as_array().unwrap() {
            let department = sheet["department"].as_str().unwrap();
            assert!(!named_after_a_file(department), "{department}");
            if department == "部局不明" {
                unknown += 1;
                assert_eq!(sheet["department_from"]["kind"], "unknown");
                assert!(
                    sheet["warnings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|w| w["message"]
                            .as_str()
                            .unwrap()
                            .contains("parse.departments_by_file")),
                    "{sheet}"
                );
            }
        }
    }
    assert!(
        unknown > 0,
        "the 行政経営行動計画 workbook names no department"
    );

    // The consolidated workbook: 概要 and the JSON beside it.
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &sample_folder(), CONFIG);
    let with_config = |command: &[&str]| {
        let mut args: Vec<&OsStr> = command.iter().map(OsStr::new).collect();
        args.extend([
            OsStr::new("--today"),
            OsStr::new("2026-11-24"),
            OsStr::new("--config"),
        ]);
        args.push(config.as_os_str());
        run_ok(args)
    };
    with_config(&["consolidate"]);
    let book = dir.path().join("out/全庁目標一覧_令和8年度.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let overview = wb.worksheet_range("概要").unwrap();
    let cells: Vec<String> = overview.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "部局不明"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "総務部"));
    for cell in &cells {
        assert!(!named_after_a_file(cell), "概要 shows {cell}");
    }
    let problems = wb.worksheet_range("取込エラー").unwrap();
    assert!(
        problems
            .cells()
            .any(|(_, _, c)| c.to_string().contains("parse.departments_by_file")),
        "取込エラー lists the workbook without a department"
    );
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/全庁目標一覧_令和8年度.json")).unwrap(),
    )
    .unwrap();
    for sheet in json["sheets"].as_array().unwrap() {
        let department = sheet["department"].as_str().unwrap();
        assert!(!named_after_a_file(department), "{department}");
    }

    // The planning section's weekly digest.
    let mails = with_config(&["remind", "--dry-run"]);
    let digest = mails
        .split("=== ")
        .find(|m| m.starts_with("digest/"))
        .unwrap_or_else(|| panic!("no digest in:\n{mails}"));
    assert!(digest.contains("部局不明"), "{digest}");
    for stem in &stems {
        assert!(!digest.contains(stem.as_str()), "{stem} in:\n{digest}");
    }
}

/// A workbook naming no department, kept in a folder of its department
/// below the watched folder, is that department's: `check` and the
/// consolidated workbook say so, and where it was read from.
#[test]
fn a_folder_per_department_names_the_department_of_a_workbook_naming_none() {
    let unnamed = std::fs::read_dir(sample_folder())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("行政経営行動計画"))
        .expect("the sample workbook that names no department");
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    // A division keeping its own folder, and a department's folder under
    // a folder of the year.
    for folder in ["出納課", "R8/水産振興局（とりまとめ）"] {
        let at = share.join(folder);
        std::fs::create_dir_all(&at).unwrap();
        std::fs::copy(&unnamed, at.join(unnamed.file_name().unwrap())).unwrap();
    }
    let json: Value = serde_json::from_str(&run_ok([
        OsStr::new("check"),
        OsStr::new("--json"),
        share.as_os_str(),
    ]))
    .unwrap();
    let mut departments: Vec<(String, String)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["sheets"].as_array().unwrap())
        .map(|s| {
            (
                s["department"].as_str().unwrap().to_string(),
                s["department_from"]["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    departments.sort();
    departments.dedup();
    assert_eq!(
        departments,
        [
            ("出納課".to_string(), "folder".to_string()),
            ("水産振興局".to_string(), "folder".to_string())
        ]
    );

    let config = write_config(dir.path(), &share, CONFIG);
    run_ok([
        OsStr::new("consolidate"),
        OsStr::new("--today"),
        OsStr::new("2026-11-24"),
        OsStr::new("--config"),
        config.as_os_str(),
    ]);
    let mut wb: Xlsx<_> =
        open_workbook(dir.path().join("out/全庁目標一覧_令和8年度.xlsx")).unwrap();
    let overview = wb.worksheet_range("概要").unwrap();
    let cells: Vec<String> = overview.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "出納課"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "水産振興局"), "{cells:?}");
    assert!(!cells.iter().any(|c| c == "部局不明"), "{cells:?}");
}

/// A workbook stating its fiscal year nowhere is read as of the fiscal
/// year of the day its properties say it was last saved: a guess, so its
/// tables are read as 低, its mails held, and a warning says so.
#[test]
fn a_workbook_naming_no_year_is_read_as_of_the_day_it_was_saved_and_held() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    crate::common::harness::edit_workbook(
        &crate::common::harness::fy2026("総務部"),
        &share.join("総務部_目標.xlsx"),
        |_, xml| xml.replace("令和8年度", ""),
    );
    let json: Value = serde_json::from_str(&run_ok([
        OsStr::new("check"),
        OsStr::new("--json"),
        share.as_os_str(),
    ]))
    .unwrap();
    let sheet = &json["files"][0]["sheets"][0];
    assert_eq!(sheet["fiscal_year"], 2026, "{sheet}");
    assert_eq!(sheet["fiscal_year_from"]["kind"], "saved", "{sheet}");
    let tables = sheet["tables"].as_array().unwrap();
    assert!(
        !tables.is_empty() && tables.iter().all(|t| t["confidence"] == "low"),
        "{tables:?}"
    );
    let warnings: Vec<&str> = sheet["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["message"].as_str())
        .collect();
    assert!(
        warnings.iter().any(|w| w.contains("最終保存日")),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|w| w.contains("保留")), "{warnings:?}");
}

/// The sample's 行政経営行動計画 (a multi-year plan under a title naming
/// its span, the year in its file name): one 令和8年度 sheet of 16 items,
/// no sheet of another year, and no plan row read as a deadline — a plan
/// whose only date is inside the target it states (`年度末フォロワー数
/// 9,000を目標`) is the year's plan, kept with its item.
#[test]
fn the_multi_year_plan_reads_no_plan_text_as_a_deadline_and_no_other_year() {
    let plan = std::fs::read_dir(sample_folder())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("行政経営行動計画"))
        .expect("the sample multi-year plan");
    let json: Value = serde_json::from_str(&run_ok([
        OsStr::new("check"),
        OsStr::new("--json"),
        plan.as_os_str(),
    ]))
    .unwrap();
    let sheets = json["files"][0]["sheets"].as_array().unwrap();
    let years: Vec<&Value> = sheets.iter().map(|s| &s["fiscal_year"]).collect();
    assert_eq!(years, [2026], "{json}");
    let items: Vec<&Value> = sheets[0]["goals"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap())
        .collect();
    assert_eq!(items.len(), 16);
    for item in &items {
        assert!(item["deadline_text"].is_null(), "{item}");
        assert!(item["cells"]["deadline"].is_null(), "{item}");
        let plan = item["extras"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["header"] == "令和8年度 計画");
        assert!(plan.is_some(), "the year's plan is kept: {item}");
    }
    let target = items
        .iter()
        .flat_map(|i| i["extras"].as_array().unwrap())
        .find(|e| {
            e["header"] == "令和8年度 計画"
                && e["text"]
                    .as_str()
                    .unwrap()
                    .contains("フォロワー数9,000を目標")
        });
    assert!(target.is_some(), "{items:?}");
}
