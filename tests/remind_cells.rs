//! Reminders and overdue notices name only empty report cells: over every
//! workbook of the fixtures and of the sample folder (the 小郡-style
//! multi-year plan among them, whose 令和8年度 block has no 実績 row), on a
//! reminder day and an overdue-notice day of each fiscal year they hold,
//! every cell a mail asks to fill is, as `check --json` reads the file, the
//! empty report cell of one of its items; a copy of a workbook (the same
//! items saved in another format or folder) is mailed once, as its original.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::harness::{run, text};
use crate::common::write_config;
use chrono::NaiveDate;
use mokuhyo_core::calendar::BusinessCalendar;

/// Copies the files below `from` into `to`, keeping sub-folders.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// `(file, Sheet!E9)` of every empty report cell `check --json` reads, and
/// the fiscal years of the sheets.
fn empty_report_cells(json: &serde_json::Value) -> (BTreeSet<(String, String)>, BTreeSet<i32>) {
    let mut cells = BTreeSet::new();
    let mut years = BTreeSet::new();
    for file in json["files"].as_array().unwrap() {
        for sheet in file["sheets"].as_array().unwrap() {
            years.insert(sheet["fiscal_year"].as_i64().unwrap() as i32);
            let path = sheet["file"].as_str().unwrap().to_string();
            for goal in sheet["goals"].as_array().unwrap() {
                for item in goal["items"].as_array().unwrap() {
                    for report in ["interim", "year_end"] {
                        if item[report]["status"] == "empty"
                            && let Some(cell) = item["cells"][report].as_str()
                        {
                            cells.insert((path.clone(), cell.to_string()));
                        }
                    }
                }
            }
        }
    }
    (cells, years)
}

/// `(file, cell)` of every 記入するセル of the reminders and overdue
/// notices in a dry run's output, by mail key.
fn mailed_cells(dry_run: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut mails: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut key = String::new();
    let mut cell: Option<String> = None;
    for line in dry_run.lines() {
        if let Some(k) = line.strip_prefix("=== ") {
            key = k.to_string();
            cell = None;
        } else if let Some(rest) = line.trim_start().strip_prefix("記入するセル: ") {
            // `令和8年度….xlsx の 重点目標管理シート1!E9`
            cell = rest.rsplit_once(" の ").map(|(_, c)| c.to_string());
        } else if let Some(file) = line.trim_start().strip_prefix("ファイル: ")
            && let Some(cell) = cell.take()
        {
            mails
                .entry(key.clone())
                .or_default()
                .push((file.to_string(), cell));
        }
    }
    mails
}

/// The business day on or before `date`.
fn business_day(date: NaiveDate) -> NaiveDate {
    let calendar = BusinessCalendar::default();
    let mut day = date;
    while !calendar.is_business_day(day) {
        day = day.pred_opt().unwrap();
    }
    day
}

#[test]
fn every_mailed_cell_is_an_empty_report_cell_of_its_item() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    for (from, to) in [
        ("tests/fixtures/corpus", "corpus"),
        ("tests/fixtures/converted", "converted"),
        ("tests/fixtures/peer", "peer"),
        ("examples/shared-folder", "sample"),
    ] {
        copy_tree(&root.join(from), &share.join(to));
    }
    let config = write_config(
        dir.path(),
        &share,
        "planning = [\"kikakuka@city.example.jp\"]\n",
    );
    let checked = run(&config, &["check", "--json", share.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&checked.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&checked.stderr)));
    let (empty, years) = empty_report_cells(&json);
    assert!(years.contains(&2026) && years.len() >= 5, "{years:?}");
    // The multi-year plan's 令和8年度 items have no cell for the year-end
    // report: it is not an empty report cell.
    let plan = share.join("sample/行政経営行動計画_実施項目_令和8年度.xlsx");
    let plan = plan.display().to_string();
    assert!(!empty.contains(&(plan.clone(), "実施項目!D6".to_string())));
    // The sample folder's first read records the last good data, which
    // the dry runs start from.
    assert!(run(&config, &["consolidate"]).status.success());

    // A workbook saved again in another format or folder (converted/'s
    // .xlsx, .ods and .xls of one workbook, corpus/fy2026 beside the
    // sample) is a copy: its cells are mailed once, as the original's.
    // The three are copied in no set order: the one saved last is the
    // original.
    let converted = share.join("converted/令和8年度_目標_総務部");
    // Compared by folder and file name: a path the binary prints may name
    // the temporary folder otherwise (Windows' short and long forms).
    let folder_and_name = |path: &std::path::Path| {
        let parent = path.parent().and_then(|p| p.file_name());
        (
            parent.map(|p| p.to_os_string()),
            path.file_name().map(|n| n.to_os_string()),
        )
    };
    let saved_three_times =
        ["xlsx", "ods", "xls"].map(|ext| folder_and_name(&converted.with_extension(ext)));
    let mut mailed_files = BTreeSet::new();
    let mut mailed = 0;
    let mut year_end_of_2026 = 0;
    for year in years {
        // A week before the interim due date (10/15); a few days after the
        // year-end one (04/20): a reminder and an overdue notice.
        for day in [
            NaiveDate::from_ymd_opt(year, 10, 8).unwrap(),
            NaiveDate::from_ymd_opt(year + 1, 4, 24).unwrap(),
        ] {
            let day = business_day(day).to_string();
            let out = run(&config, &["remind", "--dry-run", "--today", &day]);
            assert!(out.status.success(), "{day}: {}", text(&out.stderr));
            for (key, cells) in mailed_cells(&text(&out.stdout)) {
                for (file, cell) in cells {
                    assert!(
                        empty.contains(&(file.clone(), cell.clone())),
                        "{day} {key}: {file} {cell} is not an empty report cell"
                    );
                    assert!(!(file == plan && cell == "実施項目!D6"), "{key}");
                    mailed_files.insert(file.clone());
                    mailed += 1;
                    if key.starts_with("2026/year_end/") {
                        year_end_of_2026 += 1;
                    }
                }
            }
        }
    }
    assert!(mailed > 70, "{mailed} cells mailed");
    let mailed_names: BTreeSet<_> = mailed_files
        .iter()
        .map(|f| folder_and_name(std::path::Path::new(f)))
        .collect();
    let mailed_of_three: Vec<_> = saved_three_times
        .iter()
        .filter(|f| mailed_names.contains(*f))
        .collect();
    assert_eq!(mailed_of_three.len(), 1, "{mailed_files:?}");
    assert!(year_end_of_2026 > 0);
}
