//! The consolidated workbook on disk: read back with calamine cell by cell,
//! one workbook and one JSON per fiscal year, and the fallback name when the
//! target cannot be replaced.

use mokuhyo_core::model::LayoutKind;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use mokuhyo::io::consolidate::write::{OutputKind, Saved};
use mokuhyo::io::consolidate::{OutputOptions, write_consolidated};
use mokuhyo_core::calendar::{Deadline, DeadlineKind, FiscalYear, Precision};
use mokuhyo_core::consolidate::consolidate;
use mokuhyo_core::consolidate::labels;
use mokuhyo_core::consolidate::model::{
    ImportProblem, ProblemKind, ReportingDates, SourceFile, Value,
};
use mokuhyo_core::model::{
    ActionItem, CellRef, Goal, ItemCells, ItemField, ItemTexts, Report, SheetReport,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn generated_at() -> DateTime<Utc> {
    // 2026-06-01 09:30:00 in Japan.
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 30, 0).unwrap()
}

fn due(date: NaiveDate) -> Deadline {
    Deadline {
        kind: DeadlineKind::Due {
            date,
            precision: Precision::Month,
        },
        span: 0..0,
        phrase: Default::default(),
        labels: Vec::new(),
    }
}

fn item(sheet: &str, row: u32, text: &str) -> ActionItem {
    ActionItem {
        texts: ItemTexts::new(
            Some(&format!("({row})")),
            text.lines().next().unwrap_or_default(),
            text,
            None,
            None,
            None,
        ),
        deadlines: Vec::new(),
        interim: Report::Empty,
        year_end: Report::Empty,
        achievement: None,
        owners: vec!["企画課".into(), "財政課".into()],
        cell: CellRef::new(sheet, row, 2),
        cells: ItemCells::default()
            .with(ItemField::Interim, CellRef::new(sheet, row, 4))
            .with(ItemField::YearEnd, CellRef::new(sheet, row, 5)),
        extras: Vec::new(),
    }
}

fn sheet(path: &Path, fy: i32, department: &str, items: Vec<ActionItem>) -> SheetReport {
    SheetReport {
        file: path.to_path_buf(),
        sheet: "重点目標".into(),
        fiscal_year: FiscalYear(fy),
        department: department.into(),
        layout: LayoutKind::Table.into(),
        goals: vec![Goal {
            number: Some("1".into()),
            title: "=住みよいまち".into(),
            priority: None,
            targets: Vec::new(),
            plan_positions: Vec::new(),
            items,
            cell: None,
            extras: Vec::new(),
        }],
        warnings: Vec::new(),
        reading: Default::default(),
    }
}

fn long_text() -> String {
    "市民サービスの向上"
        .repeat(250)
        .chars()
        .take(2_000)
        .collect()
}

/// Items that exercise every kind of cell.
fn tricky_items() -> Vec<ActionItem> {
    let mut a = item("重点目標", 4, "一行目\n二行目\n三行目");
    a.set_deadline_text(Some("(1) 8月 (2) 12月末"));
    a.deadlines = vec![due(d(2026, 8, 31)), due(d(2026, 12, 31))];
    a.set_target(Some("=SUM(A1:A2)"));
    a.interim = Report::Filled("+81 進捗あり".into());
    a.achievement = Some(0.7);
    a.set_self_assessment(Some("-A"));
    let mut b = item("重点目標", 5, &long_text());
    b.set_deadline_text(Some("9月末まで"));
    b.deadlines = vec![due(d(2026, 5, 31))];
    b.interim = Report::NotInLayout;
    b.year_end = Report::Filled("@完了".into());
    b.achievement = Some(1.25);
    let mut c = item("重点目標", 6, "通年の取組");
    c.set_deadline_text(Some("通年"));
    c.deadlines = vec![Deadline {
        kind: DeadlineKind::Ongoing,
        span: 0..0,
        phrase: "通年".into(),
        labels: Vec::new(),
    }];
    vec![a, b, c]
}

fn source(path: &Path, reports: Vec<SheetReport>) -> SourceFile {
    SourceFile {
        path: path.to_path_buf(),
        modified: Some(Utc.with_ymd_and_hms(2026, 5, 20, 1, 2, 0).unwrap()),
        reports: reports.into(),
        problems: Vec::new(),
        stale: false,
    }
}

fn reporting(fy: FiscalYear) -> ReportingDates {
    ReportingDates {
        interim_due: NaiveDate::from_ymd_opt(fy.0, 10, 31),
        year_end_due: NaiveDate::from_ymd_opt(fy.0 + 1, 4, 30),
    }
}

fn options(dir: &Path) -> OutputOptions {
    OutputOptions {
        dir: dir.to_path_buf(),
        ..OutputOptions::default()
    }
}

/// Where a file was saved; a workbook is checked for Excel's structure
/// ([`crate::common::xlsx_check`]) on the way.
fn saved_path(result: &Result<Saved, mokuhyo::io::consolidate::write::WriteError>) -> PathBuf {
    let path = match result {
        Ok(saved) => saved.path().to_path_buf(),
        Err(e) => panic!("not written: {e}"),
    };
    if path.extension().is_some_and(|e| e == "xlsx") {
        crate::common::xlsx_check::assert_well_formed(&path);
    }
    path
}

/// Consolidates `files` as of 2026-06-01 into `dir`; the workbook's path
/// (checked for Excel's structure).
fn written_workbook(files: &[SourceFile], dir: &Path) -> PathBuf {
    consolidate_into(files, dir).1
}

/// Consolidates `files` on 2026-06-01 and writes the workbooks and JSON
/// into `dir`: what was written, and the path of the first workbook.
fn consolidate_into(
    files: &[SourceFile],
    dir: &Path,
) -> (Vec<mokuhyo::io::consolidate::write::WriteOutcome>, PathBuf) {
    let books = consolidate(files, d(2026, 6, 1), reporting);
    let outcomes = write_consolidated(&books, &options(dir), generated_at(), &Default::default());
    let out = saved_path(&outcomes[0].result);
    (outcomes, out)
}

fn zip_entry(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

fn assert_cell(value: &Value<'_>, cell: &Data, at: (usize, usize)) {
    match value {
        Value::Blank => assert_eq!(cell, &Data::Empty, "{at:?}"),
        Value::Text(text) => assert_eq!(cell, &Data::String(text.to_string()), "{at:?}"),
        Value::Link { text, .. } => assert_eq!(cell, &Data::String(text.clone()), "{at:?}"),
        Value::Integer(n) => assert_eq!(cell.as_f64(), Some(*n as f64), "{at:?}"),
        Value::Percent(p) => assert_eq!(cell, &Data::Float(*p), "{at:?}"),
        Value::Date(date) => {
            assert!(matches!(cell, Data::DateTime(_)), "{at:?}: {cell:?}");
            assert_eq!(cell.as_date(), Some(*date), "{at:?}");
        }
        Value::DateTime(dt) => {
            assert!(matches!(cell, Data::DateTime(_)), "{at:?}: {cell:?}");
            assert_eq!(cell.as_datetime(), Some(*dt), "{at:?}");
        }
    }
}

#[test]
fn all_items_sheet_reads_back_cell_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    let source_path = dir.path().join("share").join("企画部 目標.xlsx");
    let files = vec![source(
        &source_path,
        vec![sheet(&source_path, 2026, "企画部", tricky_items())],
    )];
    let books = consolidate(&files, d(2026, 6, 1), reporting);
    assert_eq!(books.len(), 1);
    let book = &books[0];

    let out = dir.path().join("out");
    let outcomes = write_consolidated(&books, &options(&out), generated_at(), &Default::default());
    assert_eq!(outcomes.len(), 4);
    let path = saved_path(&outcomes[0].result);
    assert_eq!(path, out.join("全庁目標一覧_令和8年度.xlsx"));

    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        vec![
            labels::SHEET_OVERVIEW,
            labels::SHEET_ITEMS,
            labels::SHEET_DEADLINES,
            labels::SHEET_MISSING,
            labels::SHEET_PROBLEMS,
            labels::SHEET_CHANGES,
        ]
    );
    let range = workbook.worksheet_range(labels::SHEET_ITEMS).unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    assert_eq!(range.height(), book.items.len() + 1);
    for (col, header) in labels::ITEM_HEADERS.iter().enumerate() {
        assert_eq!(range.get((0, col)), Some(&Data::String(header.to_string())));
    }
    for (row, item) in book.items.iter().enumerate() {
        let values = item.values();
        assert_eq!(values.len(), labels::ITEM_HEADERS.len());
        for (col, value) in values.iter().enumerate() {
            let cell = range.get((row + 1, col)).unwrap_or(&Data::Empty);
            assert_cell(value, cell, (row + 1, col));
        }
    }

    // The texts that matter, spelled out.
    let text = |row: usize, col: usize| range.get((row, col)).cloned();
    assert_eq!(
        text(1, 5),
        Some(Data::String("一行目\n二行目\n三行目".into()))
    );
    assert_eq!(text(2, 5), Some(Data::String(long_text())));
    assert_eq!(long_text().chars().count(), 2_000);
    assert_eq!(text(1, 3), Some(Data::String("=住みよいまち".into())));
    assert_eq!(text(1, 10), Some(Data::String("=SUM(A1:A2)".into())));
    assert_eq!(text(1, 11), Some(Data::String("+81 進捗あり".into())));
    assert_eq!(text(1, 14), Some(Data::String("-A".into())));
    assert_eq!(text(2, 12), Some(Data::String("@完了".into())));
    assert_eq!(text(1, 13), Some(Data::Float(0.7)));
    assert_eq!(text(1, 7).and_then(|c| c.as_date()), Some(d(2026, 8, 31)));
    assert_eq!(
        text(1, 8),
        Some(Data::String("2026/08/31、2026/12/31".into()))
    );
    assert_eq!(text(1, 9), Some(Data::String("予定".into())));
    assert_eq!(text(2, 9), Some(Data::String("報告済".into())));
    assert_eq!(text(3, 9), Some(Data::String("通年".into())));
    assert_eq!(text(2, 11), Some(Data::String("（欄なし）".into())));
    assert_eq!(
        text(1, 16),
        Some(Data::String("企画部 目標.xlsx!C5".into()))
    );

    // No formula anywhere: user text starting with = + - @ stays text.
    let formulas = workbook.worksheet_formula(labels::SHEET_ITEMS).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "{formulas:?}"
    );
    let xml = zip_entry(&path, "xl/worksheets/sheet2.xml");
    assert!(!xml.contains("<f>"), "a formula was written");

    // Number formats: dates as yyyy/mm/dd, achievement as a percentage.
    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="yyyy/mm/dd""#));
    assert!(xml.contains(r#"<autoFilter ref="A1:R4"/>"#));
    assert!(xml.contains(r#"<pane ySplit="1""#));

    // 出典 opens the source workbook at the item's cell.
    let rels = zip_entry(&path, "xl/worksheets/_rels/sheet2.xml.rels");
    // As Excel writes a link to a local file: the bare path on Unix,
    // `file:///C:\…` on Windows.
    let mut expected_target = source_path.to_string_lossy().replace(' ', "%20");
    if cfg!(windows) {
        expected_target.insert_str(0, "file:///");
    }
    assert!(
        rels.contains(&format!(r#"Target="{expected_target}""#)),
        "{rels}"
    );
    assert!(xml.contains(r#"location="'重点目標'!C5""#), "{xml}");

    // Document properties carry the title and the time of generation.
    let core = zip_entry(&path, "docProps/core.xml");
    assert!(core.contains("令和8年度 重点目標 全庁集約"));
    assert!(core.contains("2026-06-01T00:30:00Z"));

    // The JSON beside it holds the parsed sheets.
    let json_path = saved_path(&outcomes[1].result);
    assert_eq!(json_path, out.join("全庁目標一覧_令和8年度.json"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(json["fiscal_year"], 2026);
    assert_eq!(json["schema_version"], mokuhyo_core::schema::SCHEMA_VERSION);
    let sheets = json["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), files[0].reports.len());
    for (sheet, report) in sheets.iter().zip(files[0].reports.iter()) {
        assert_eq!(sheet["department"], report.department.as_str());
        assert_eq!(sheet["fiscal_year"], report.fiscal_year.0);
        let items: Vec<&serde_json::Value> = sheet["goals"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["items"].as_array().unwrap())
            .collect();
        let expected: Vec<_> = report.items().map(|(_, i)| i).collect();
        assert_eq!(items.len(), expected.len());
        for (json_item, item) in items.iter().zip(expected) {
            assert_eq!(json_item["title"], item.title());
            assert_eq!(json_item["text"], item.text());
            let due: Vec<String> = item.due_dates().iter().map(|d| d.to_string()).collect();
            assert_eq!(json_item["due"], serde_json::json!(due));
        }
    }
}

#[test]
fn overview_deadlines_missing_and_problems_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    let mut file = source(&path, vec![sheet(&path, 2026, "企画部", tricky_items())]);
    file.problems.push(ImportProblem {
        file: path.clone(),
        sheet: Some("別表".into()),
        cell: Some("B3".parse().unwrap()),
        message: "結合セルを読めません".into(),
        text: None,
        since: Some(Utc.with_ymd_and_hms(2026, 5, 30, 3, 0, 0).unwrap()),
        kind: ProblemKind::Error,
    });
    file.stale = true;
    let files = vec![file];
    let out = written_workbook(&files, dir.path());
    let mut workbook: Xlsx<_> = open_workbook(&out).unwrap();

    let overview = workbook.worksheet_range(labels::SHEET_OVERVIEW).unwrap();
    assert_eq!(
        overview.get((0, 0)),
        Some(&Data::String("令和8年度 重点目標 全庁集約".into()))
    );
    let row_of = |label: &str| {
        overview
            .rows()
            .position(|r| r.first() == Some(&Data::String(label.into())))
            .unwrap()
    };
    let dept = row_of("企画部");
    let counts: Vec<f64> = (1..=12)
        .map(|c| {
            overview
                .get((dept, c))
                .and_then(|v| v.as_f64())
                .unwrap_or(-1.0)
        })
        .collect();
    // goals, items, interim 1/2 (one item has no interim column), year-end 1/3,
    // late 0, overdue 0, awaiting a report 0, files with errors 1.
    assert_eq!(
        counts,
        vec![
            1.0,
            3.0,
            1.0,
            2.0,
            0.5,
            1.0,
            3.0,
            1.0 / 3.0,
            0.0,
            0.0,
            0.0,
            1.0
        ]
    );
    let total = row_of(labels::TOTAL);
    assert_eq!(overview.get((total, 2)).and_then(|v| v.as_f64()), Some(3.0));
    let interim = row_of("中間報告");
    assert_eq!(
        overview.get((interim, 1)).and_then(|v| v.as_date()),
        Some(d(2026, 10, 31))
    );
    assert_eq!(
        overview.get((interim, 2)),
        Some(&Data::String("あと 152 日".into()))
    );
    assert_eq!(
        overview.get((interim, 3)),
        Some(&Data::String("未提出 1件".into()))
    );
    let drawing = zip_entry(&out, "xl/drawings/drawing1.xml");
    assert_eq!(
        drawing.matches("<c:chart ").count(),
        2,
        "two charts on 概要"
    );

    let deadlines = workbook.worksheet_range(labels::SHEET_DEADLINES).unwrap();
    let months: Vec<String> = deadlines.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(months, vec!["2026年5月", "2026年8月", "2026年12月", "通年"]);
    // Each deadline row links to its item's row in 全庁一覧, inside the workbook.
    let items = workbook.worksheet_range(labels::SHEET_ITEMS).unwrap();
    let col = |headers: &[&str], name: &str| headers.iter().position(|h| *h == name).unwrap();
    let link_col = col(&labels::DEADLINE_HEADERS, "全庁一覧");
    let deadline_xml = zip_entry(&out, "xl/worksheets/sheet3.xml");
    for (i, row) in deadlines.rows().enumerate().skip(1) {
        let text = row[link_col].to_string();
        let target: usize = text.trim_end_matches("行目").parse().unwrap();
        assert_eq!(
            row[col(&labels::DEADLINE_HEADERS, "取組項目")],
            items.rows().nth(target - 1).unwrap()[col(&labels::ITEM_HEADERS, "取組項目")],
            "期限一覧 row {} links to 全庁一覧 row {target}",
            i + 1
        );
        let cell = format!(
            "{}{}",
            mokuhyo_core::model::column_name(link_col as u32),
            i + 1
        );
        assert!(
            deadline_xml.contains(&format!(r#"ref="{cell}" location="'全庁一覧'!A{target}""#)),
            "{cell}: {deadline_xml}"
        );
    }

    let missing = workbook.worksheet_range(labels::SHEET_MISSING).unwrap();
    assert_eq!(
        missing.get((0, 0)),
        Some(&Data::String(
            "令和8年度 報告の提出状況（集計日 2026/06/01）".into()
        ))
    );
    assert_eq!(
        missing.get((2, 0)),
        Some(&Data::String(
            "中間報告 未提出 1件（提出期限 2026/10/31、あと 152 日）".into()
        ))
    );
    assert_eq!(
        missing.get((3, 0)),
        Some(&Data::String("企画部（1件）".into()))
    );
    let text: Vec<String> = missing.rows().nth(4).unwrap()[..10]
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(text[..2], ["中間報告", "未提出"]);
    assert_eq!(text[3], "あと 152 日");
    assert_eq!(
        missing.get((4, 2)).and_then(|v| v.as_date()),
        Some(d(2026, 10, 31))
    );
    assert_eq!(text[9], "通年の取組");
    assert_eq!(missing.height(), 5);

    let problems = workbook.worksheet_range(labels::SHEET_PROBLEMS).unwrap();
    let row: Vec<String> = problems
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(row[0], "エラー");
    assert_eq!(row[1], "企画部");
    assert_eq!(row[3], "別表");
    assert_eq!(row[4], "B3");
    assert_eq!(row[5], "結合セルを読めません");
    assert_eq!(row[7], "はい");
}

#[test]
fn undecided_deadlines_read_back_as_mitei() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    let mut not_set = item("重点目標", 4, "時期未定の取組");
    not_set.set_deadline_text(Some("時期は調整中"));
    not_set.deadlines = mokuhyo_core::calendar::extract_deadlines("時期は調整中", FiscalYear(2026));
    let mut moved = item("重点目標", 5, "延期した取組");
    moved.set_deadline_text(Some("9月末→12月末"));
    moved.deadlines = mokuhyo_core::calendar::extract_deadlines("9月末→12月末", FiscalYear(2026));
    let files = vec![source(
        &path,
        vec![sheet(&path, 2026, "企画部", vec![not_set, moved])],
    )];
    let (outcomes, out) = consolidate_into(&files, dir.path());
    let mut workbook: Xlsx<_> = open_workbook(&out).unwrap();

    let items = workbook.worksheet_range(labels::SHEET_ITEMS).unwrap();
    let col = |headers: &[&str], name: &str| headers.iter().position(|h| *h == name).unwrap();
    let status = col(&labels::ITEM_HEADERS, "状態");
    let due = col(&labels::ITEM_HEADERS, "期限日");
    assert_eq!(items.get((1, status)), Some(&Data::String("未定".into())));
    assert_eq!(items.get((1, due)).unwrap_or(&Data::Empty), &Data::Empty);
    assert_eq!(items.get((2, status)), Some(&Data::String("予定".into())));
    assert_eq!(
        items.get((2, due)).and_then(|c| c.as_date()),
        Some(d(2026, 12, 31)),
        "only the deadline in force"
    );

    let deadlines = workbook.worksheet_range(labels::SHEET_DEADLINES).unwrap();
    let rows: Vec<(String, String)> = deadlines
        .rows()
        .skip(1)
        .map(|r| (r[0].to_string(), r[2].to_string()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("2026年12月".to_string(), "予定".to_string()),
            ("未定".to_string(), "未定".to_string()),
        ]
    );

    let json_path = saved_path(&outcomes[1].result);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let item = &json["sheets"][0]["goals"][0]["items"][0];
    assert_eq!(
        item["deadlines"][0]["kind"],
        serde_json::json!({"kind": "undecided"})
    );
    assert_eq!(item["due"], serde_json::json!([]));
}

#[test]
fn two_fiscal_years_make_two_workbooks_and_two_json_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("multi.xlsx");
    let files = vec![source(
        &path,
        vec![
            sheet(&path, 2025, "企画部", vec![item("S", 3, "前年度")]),
            sheet(
                &path,
                2026,
                "企画部",
                vec![item("S", 3, "今年度"), item("S", 4, "二つ目")],
            ),
        ],
    )];
    let books = consolidate(&files, d(2026, 6, 1), reporting);
    let outcomes = write_consolidated(
        &books,
        &options(dir.path()),
        generated_at(),
        &Default::default(),
    );
    let written: Vec<(i32, OutputKind, PathBuf)> = outcomes
        .iter()
        .map(|o| (o.fiscal_year.0, o.kind, saved_path(&o.result)))
        .collect();
    assert_eq!(
        written,
        vec![
            (
                2025,
                OutputKind::Workbook,
                dir.path().join("全庁目標一覧_令和7年度.xlsx")
            ),
            (
                2025,
                OutputKind::Json,
                dir.path().join("全庁目標一覧_令和7年度.json")
            ),
            (
                2025,
                OutputKind::Html,
                dir.path().join("全庁目標一覧_令和7年度.html")
            ),
            (
                2025,
                OutputKind::PublishCsv,
                dir.path().join("全庁目標一覧_令和7年度_公表.csv")
            ),
            (
                2026,
                OutputKind::Workbook,
                dir.path().join("全庁目標一覧_令和8年度.xlsx")
            ),
            (
                2026,
                OutputKind::Json,
                dir.path().join("全庁目標一覧_令和8年度.json")
            ),
            (
                2026,
                OutputKind::Html,
                dir.path().join("全庁目標一覧_令和8年度.html")
            ),
            (
                2026,
                OutputKind::PublishCsv,
                dir.path().join("全庁目標一覧_令和8年度_公表.csv")
            ),
        ]
    );
    for (fy, count) in [(7, 1), (8, 2)] {
        let mut workbook: Xlsx<_> =
            open_workbook(dir.path().join(format!("全庁目標一覧_令和{fy}年度.xlsx"))).unwrap();
        let range = workbook.worksheet_range(labels::SHEET_ITEMS).unwrap();
        assert_eq!(range.height(), count + 1);
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(format!("全庁目標一覧_令和{fy}年度.json")))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            json["sheets"][0]["goals"][0]["items"]
                .as_array()
                .unwrap()
                .len(),
            count
        );
    }
    // 年度比較: in the later year's workbook, each year a row; none in the
    // first year's, which has nothing to compare.
    let first: Xlsx<_> = open_workbook(dir.path().join("全庁目標一覧_令和7年度.xlsx")).unwrap();
    assert!(!first.sheet_names().contains(&"年度比較".to_string()));
    let later = dir.path().join("全庁目標一覧_令和8年度.xlsx");
    crate::common::xlsx_check::assert_well_formed(&later);
    let mut later: Xlsx<_> = open_workbook(&later).unwrap();
    assert_eq!(
        later.sheet_names().last().map(String::as_str),
        Some("年度比較")
    );
    let years = later.worksheet_range("年度比較").unwrap();
    let rows: Vec<Vec<String>> = years
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[1][..3], ["企画部", "令和7年度", "1"]);
    assert_eq!(rows[2][..3], ["企画部", "令和8年度", "2"]);
    // Nothing of 令和7年度 goes on under the same title.
    assert_eq!(rows[1][6], "0");
    assert_eq!(rows[2][6], "");
    let page = std::fs::read_to_string(dir.path().join("全庁目標一覧_令和8年度.html")).unwrap();
    assert!(page.contains("<section id=\"years\""));
}

#[test]
fn name_pattern_takes_the_western_year() {
    let opts = OutputOptions {
        dir: PathBuf::from("out"),
        workbook_name: "goals_{fy}_{nendo}.xlsx".into(),
        json: false,
        ..OutputOptions::default()
    };
    assert_eq!(
        opts.workbook_path(FiscalYear(2026)),
        PathBuf::from("out/goals_2026_令和8年度.xlsx")
    );
    assert_eq!(
        opts.json_path(FiscalYear(2026)),
        PathBuf::from("out/goals_2026_令和8年度.json")
    );
}

#[test]
fn existing_workbook_is_replaced_without_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    let files = vec![source(
        &path,
        vec![sheet(&path, 2026, "企画部", vec![item("S", 3, "一")])],
    )];
    let books = consolidate(&files, d(2026, 6, 1), reporting);
    let target = dir.path().join("全庁目標一覧_令和8年度.xlsx");
    std::fs::write(&target, b"old").unwrap();
    let outcomes = write_consolidated(
        &books,
        &options(dir.path()),
        generated_at(),
        &Default::default(),
    );
    assert!(matches!(&outcomes[0].result, Ok(Saved::Replaced { path, .. }) if *path == target));
    assert_ne!(std::fs::read(&target).unwrap(), b"old");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "全庁目標一覧_令和8年度.html",
            "全庁目標一覧_令和8年度.json",
            "全庁目標一覧_令和8年度.xlsx",
            "全庁目標一覧_令和8年度_公表.csv"
        ]
    );
}

#[test]
fn target_that_cannot_be_replaced_gets_a_timestamped_copy_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    let files = vec![source(
        &path,
        vec![sheet(&path, 2026, "企画部", vec![item("S", 3, "一")])],
    )];
    let books = consolidate(&files, d(2026, 6, 1), reporting);
    let opts = options(dir.path());

    // A directory where the workbook should be, with something in it.
    let target = dir.path().join("全庁目標一覧_令和8年度.xlsx");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), b"old").unwrap();

    let outcomes = write_consolidated(&books, &opts, generated_at(), &Default::default());
    let fallback = dir
        .path()
        .join("全庁目標一覧_令和8年度_20260601093000.xlsx");
    match &outcomes[0].result {
        Ok(Saved::Fallback { path, reason }) => {
            assert_eq!(path, &fallback);
            assert!(!reason.is_empty());
        }
        other => panic!("expected a fallback, got {other:?}"),
    }
    assert_eq!(outcomes[0].target, target);
    assert!(target.is_dir());
    assert_eq!(std::fs::read(target.join("keep.txt")).unwrap(), b"old");
    let mut workbook: Xlsx<_> = open_workbook(&fallback).unwrap();
    assert_eq!(
        workbook
            .worksheet_range(labels::SHEET_ITEMS)
            .unwrap()
            .height(),
        2
    );
    // The JSON's own target was free.
    assert!(matches!(outcomes[1].result, Ok(Saved::Replaced { .. })));

    // Next time the normal name is tried again.
    std::fs::remove_dir_all(&target).unwrap();
    let later = generated_at() + chrono::TimeDelta::minutes(5);
    let outcomes = write_consolidated(&books, &opts, later, &Default::default());
    assert!(matches!(&outcomes[0].result, Ok(Saved::Replaced { path, .. }) if *path == target));
}

#[test]
fn one_bad_target_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    let files = vec![source(
        &path,
        vec![
            sheet(&path, 2025, "企画部", vec![item("S", 3, "前年度")]),
            sheet(&path, 2026, "企画部", vec![item("S", 3, "今年度")]),
        ],
    )];
    let books = consolidate(&files, d(2026, 6, 1), reporting);
    // Both the FY2025 name and its fallback are blocked by directories.
    for name in [
        "全庁目標一覧_令和7年度.xlsx",
        "全庁目標一覧_令和7年度_20260601093000.xlsx",
    ] {
        let blocked = dir.path().join(name);
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("x"), b"x").unwrap();
    }
    let outcomes = write_consolidated(
        &books,
        &options(dir.path()),
        generated_at(),
        &Default::default(),
    );
    assert_eq!(outcomes.len(), 8);
    let error = outcomes[0].result.as_ref().unwrap_err().to_string();
    assert!(error.contains("全庁目標一覧_令和7年度.xlsx"), "{error}");
    // The other files of that year, and every file of the next.
    for outcome in &outcomes[1..] {
        assert!(
            matches!(&outcome.result, Ok(Saved::Replaced { .. })),
            "{outcome:?}"
        );
    }
    // No temporary file is left behind.
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn output_options_reject_unknown_keys() {
    let opts: OutputOptions = serde_json::from_str(r#"{"json": false}"#).unwrap();
    assert_eq!(opts.workbook_name, "全庁目標一覧_{nendo}.xlsx");
    assert!(!opts.json);
    assert!(serde_json::from_str::<OutputOptions>(r#"{"jsn": false}"#).is_err());
}

// Unix only: Unix permission bits (Windows keeps access in ACLs, which a
// replaced file inherits from its folder).
#[cfg(unix)]
#[test]
fn written_files_are_readable_like_any_new_file_and_keep_old_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    let files = vec![source(
        &path,
        vec![sheet(&path, 2026, "企画部", vec![item("S", 3, "一")])],
    )];
    let books = consolidate(&files, d(2026, 6, 1), reporting);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;

    // A new file gets the mode any new file gets here (umask applied).
    let plain = dir.path().join("plain");
    std::fs::write(&plain, b"").unwrap();
    let outcomes = write_consolidated(
        &books,
        &options(dir.path()),
        generated_at(),
        &Default::default(),
    );
    let workbook = saved_path(&outcomes[0].result);
    assert_eq!(mode(&workbook), mode(&plain));
    assert_eq!(mode(&saved_path(&outcomes[1].result)), mode(&plain));

    // A replaced file keeps the mode it had.
    std::fs::set_permissions(&workbook, std::fs::Permissions::from_mode(0o640)).unwrap();
    write_consolidated(
        &books,
        &options(dir.path()),
        generated_at(),
        &Default::default(),
    );
    assert_eq!(mode(&workbook), 0o640);
}

/// The `<row r="…" …>` tag of a 1-based row in a sheet's XML.
fn row_tag(xml: &str, row: u32) -> &str {
    let start = xml
        .find(&format!("<row r=\"{row}\""))
        .unwrap_or_else(|| panic!("row {row} not written"));
    let end = start + xml[start..].find('>').unwrap();
    &xml[start..=end]
}

/// The width Excel is given for a 1-based column.
fn column_width(xml: &str, col: u32) -> f64 {
    xml.split("<col ")
        .skip(1)
        .find_map(|tag| {
            let attr = |name: &str| {
                let from = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                let to = from + tag[from..].find('"').unwrap();
                tag[from..to].to_string()
            };
            let (min, max): (u32, u32) =
                (attr("min").parse().unwrap(), attr("max").parse().unwrap());
            (min..=max)
                .contains(&col)
                .then(|| attr("width").parse().unwrap())
        })
        .unwrap_or_else(|| panic!("column {col} has no width"))
}

#[test]
fn lists_print_readably_with_rows_as_tall_as_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("企画部.xlsx");
    let mut items = tricky_items();
    let mut two_dates = item("重点目標", 7, "二つの期限");
    two_dates.set_deadline_text(Some("(1) 6月\n(2) 11月"));
    two_dates.deadlines = vec![due(d(2026, 6, 30)), due(d(2026, 11, 30))];
    items.push(two_dates);
    // No item names its sections: 担当課 stays empty.
    for item in &mut items {
        item.owners.clear();
    }
    let files = vec![source(&path, vec![sheet(&path, 2026, "企画部", items)])];
    let out = written_workbook(&files, dir.path());

    // 全庁一覧: the three-line item text makes its row three lines tall
    // (3 × 15 + 4 = 49 pt, 65 px, which Excel stores as 48.75); the
    // two-line deadline two lines; the 2,000-character text stops at
    // Excel's limit; a row of one line keeps the default height.
    let items_xml = zip_entry(&out, "xl/worksheets/sheet2.xml");
    assert!(
        row_tag(&items_xml, 2).contains(r#"ht="48.75" customHeight="1""#),
        "{}",
        row_tag(&items_xml, 2)
    );
    assert!(row_tag(&items_xml, 3).contains(r#"ht="408.75""#));
    assert!(!row_tag(&items_xml, 4).contains("ht="));
    assert!(row_tag(&items_xml, 5).contains(r#"ht="33.75""#));
    // Long text columns wrap at their widest instead of growing.
    let col = |name: &str| {
        labels::ITEM_HEADERS
            .iter()
            .position(|h| *h == name)
            .unwrap() as u32
            + 1
    };
    for (name, widest) in [("取組項目", 27.0), ("目標", 27.0), ("中間報告", 31.0)] {
        let width = column_width(&items_xml, col(name));
        assert!(width <= widest, "{name}: {width}");
    }
    // A column no row fills is as narrow as its header allows (担当課: 6
    // for the word, 3 for the filter button, 1 to spare, stored with its
    // padding): a header is never cut.
    assert_eq!(column_width(&items_xml, col("担当課")), 10.7109375);
    assert!(column_width(&items_xml, col("部局")) > 6.7109375);
    // The workbook's own font (its Normal style, the first font) is the
    // cells' font: every renderer counts column widths in its digits.
    let styles = zip_entry(&out, "xl/styles.xml");
    let first_font = &styles[styles.find("<font>").unwrap()..styles.find("</font>").unwrap()];
    assert!(
        first_font.contains(r#"<name val="游ゴシック"/>"#),
        "{first_font}"
    );
    // 概要: each header on lines of its own width, never cut (`あるファイル`
    // is 12 wide), the total's last save never `###`.
    let overview_xml = zip_entry(&out, "xl/worksheets/sheet1.xml");
    let overview_col = |name: &str| {
        labels::OVERVIEW_HEADERS
            .iter()
            .position(|h| *h == name)
            .unwrap() as u32
            + 1
    };
    assert!(column_width(&overview_xml, overview_col("エラーの\nあるファイル")) >= 13.0);
    assert!(column_width(&overview_xml, overview_col("最終更新")) >= 17.0);
    let problems_xml = zip_entry(&out, "xl/worksheets/sheet5.xml");
    assert!(
        column_width(&problems_xml, 8) >= 17.0,
        "前回データ使用: {}",
        column_width(&problems_xml, 8)
    );

    // Pages: 出典 and 更新日時 are left out of 全庁一覧's print area, and
    // every sheet's header names the day of the figures on the right.
    let workbook_xml = zip_entry(&out, "xl/workbook.xml");
    assert!(
        workbook_xml.contains(
            r#"<definedName name="_xlnm.Print_Area" localSheetId="1">全庁一覧!$A$1:$O$5</definedName>"#
        ),
        "{workbook_xml}"
    );
    assert!(workbook_xml.contains(r#"localSheetId="2">期限一覧!$A$1:$K$"#));
    // 未提出 prints the cell to fill and its file.
    assert!(workbook_xml.contains(r#"localSheetId="3">未提出!$A$1:$M$"#));
    for (sheet, title) in [
        (1, "令和8年度 重点目標 全庁集約"),
        (2, "令和8年度 全庁一覧"),
        (3, "令和8年度 期限一覧"),
        (4, "令和8年度 未提出"),
        (5, "令和8年度 取込エラー"),
    ] {
        let xml = zip_entry(&out, &format!("xl/worksheets/sheet{sheet}.xml"));
        assert!(
            xml.contains(&format!(
                "<oddHeader>&amp;L{title}&amp;R集計日 2026/06/01</oddHeader>"
            )),
            "sheet {sheet}"
        );
    }

    // Every date of 期限一覧 reads back as a date (its column format is
    // the date format, laid out beside 全庁一覧 on another thread).
    let mut workbook: Xlsx<_> = open_workbook(&out).unwrap();
    let deadlines = workbook.worksheet_range(labels::SHEET_DEADLINES).unwrap();
    let dates: Vec<Option<NaiveDate>> = deadlines.rows().skip(1).map(|r| r[1].as_date()).collect();
    assert_eq!(
        dates,
        vec![
            Some(d(2026, 5, 31)),
            Some(d(2026, 6, 30)),
            Some(d(2026, 8, 31)),
            Some(d(2026, 11, 30)),
            Some(d(2026, 12, 31)),
            None
        ]
    );

    // 概要: the bars of 提出率 stop at the last department, above 合計.
    let overview = zip_entry(&out, "xl/worksheets/sheet1.xml");
    assert!(
        overview.contains(r#"<conditionalFormatting sqref="F12">"#),
        "{overview}"
    );
    assert!(!overview.contains(r#"sqref="F12:F13""#));
    // The completion chart keeps its percentages at the bottom and labels
    // its bars; the distribution leaves out the items without a rate and
    // says how many there are.
    let completion = zip_entry(&out, "xl/charts/chart1.xml");
    assert!(
        completion.contains(r#"<c:crosses val="max"/>"#),
        "{completion}"
    );
    assert!(completion.contains(r#"<c:legendPos val="b"/>"#));
    assert!(completion.contains(r#"formatCode="0%""#));
    let distribution = zip_entry(&out, "xl/charts/chart2.xml");
    assert!(
        distribution.contains("達成度の分布（未記入 2件）"),
        "{distribution}"
    );
    // Five bins of rates, rows 17 to 21; 未記入 below them is not charted.
    assert!(distribution.contains("<c:f>概要!$A$17:$A$21</c:f>"));
    assert!(distribution.contains("<c:f>概要!$B$17:$B$21</c:f>"));
}

#[test]
fn text_that_looks_like_markup_or_escapes_reads_back_as_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("企画部.xlsx");
    let texts = [
        "<b>太字</b> & &amp; \"引用\"",
        "_x0041_ は A ではない",
        " 前後に空白 ",
        "タブ\tと\n改行",
        "制御\u{1}文字",
    ];
    let items: Vec<ActionItem> = (0u32..)
        .zip(texts)
        .map(|(i, text)| item("重点目標", 4 + i, text))
        .collect();
    let files = vec![source(&path, vec![sheet(&path, 2026, "企画部", items)])];
    let out = written_workbook(&files, dir.path());

    let mut workbook: Xlsx<_> = open_workbook(&out).unwrap();
    let col = labels::ITEM_HEADERS
        .iter()
        .position(|h| *h == "取組項目")
        .unwrap();
    let range = workbook.worksheet_range(labels::SHEET_ITEMS).unwrap();
    let read: Vec<String> = range
        .rows()
        .skip(1)
        .map(|row| row[col].to_string())
        .collect();
    assert_eq!(read, texts);
}

/// `<col>` styles of a sheet: column number (1-based) → style number.
fn column_styles(xml: &str) -> Vec<(u32, u32)> {
    xml.split("<col ")
        .skip(1)
        .filter_map(|tag| {
            let tag = format!(" {}", &tag[..tag.find("/>").unwrap()]);
            let attr = |name: &str| {
                let from = tag
                    .find(&format!(" {name}=\""))
                    .map(|p| p + name.len() + 3)?;
                let to = from + tag[from..].find('"').unwrap();
                tag[from..to].parse::<u32>().ok()
            };
            let (min, max, style) = (attr("min")?, attr("max")?, attr("style")?);
            Some((min..=max).map(move |c| (c, style)))
        })
        .flatten()
        .collect()
}

#[test]
fn list_cells_carry_the_formats_the_workbook_numbers_for_their_columns() {
    // A list's cells are written without a format of their own where
    // their column's format is the one they need.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("企画部.xlsx");
    let files = vec![source(
        &path,
        vec![sheet(&path, 2026, "企画部", tricky_items())],
    )];
    let out = written_workbook(&files, dir.path());
    for part in ["xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"] {
        let xml = zip_entry(&out, part);
        let styles = column_styles(&xml);
        assert!(styles.len() >= 8, "{part}: {styles:?}");
        let row = row_tag(&xml, 2);
        let row_xml = &xml[xml.find(row).unwrap()..];
        let row_xml = &row_xml[..row_xml.find("</row>").unwrap()];
        for (col, style) in styles {
            let name = mokuhyo_core::model::column_name(col - 1);
            let cell = format!("<c r=\"{name}2\" s=\"{style}\"");
            let any_cell = format!("<c r=\"{name}2\"");
            // A cell in the column's first row carries the column's style.
            if row_xml.contains(&any_cell) {
                assert!(row_xml.contains(&cell), "{part} {name}2: {row_xml}");
            }
        }
    }
}

#[test]
fn the_structural_check_finds_repeated_unordered_rows_cells_and_overlaps() {
    use crate::common::xlsx_check::{workbook_problems, worksheet_problems};
    let xml = r#"<worksheet><sheetData><row r="1"><c r="B1"/><c r="A1"/></row><row r="2"><c r="A3"/></row><row r="2"/></sheetData><mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/><mergeCell ref="D4"/></mergeCells></worksheet>"#;
    let problems = worksheet_problems(xml);
    assert_eq!(problems.len(), 5, "{problems:?}");
    let good = r#"<worksheet><cols><col min="1" max="2"/><col min="3" max="3"/></cols><sheetData><row r="1"><c r="A1"/><c r="AA1"/></row><row r="3"/></sheetData><mergeCells><mergeCell ref="A5:C5"/></mergeCells></worksheet>"#;
    assert_eq!(worksheet_problems(good), Vec::<String>::new());
    let workbook = r#"<workbook><sheets><sheet name="概要"/><sheet name="a/b"/><sheet name="概要"/></sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">x</definedName><definedName name="A1">x</definedName><definedName name="ok" localSheetId="5">x</definedName></definedNames></workbook>"#;
    let problems = workbook_problems(workbook);
    assert_eq!(problems.len(), 4, "{problems:?}");
}

/// rust_xlsxwriter 0.102 writes the last row of a constant-memory worksheet
/// twice when that row was given a height: `<row r="1" … customHeight="1">
/// …</row><row r="1" … customHeight="1"/>`. The minimal reproduction, kept
/// so that the day the library no longer does it shows here (and the
/// workaround in `Table::finish` can go).
#[test]
fn rust_xlsxwriter_repeats_a_tall_last_row_of_a_constant_memory_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repro.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let ws = workbook.add_worksheet_with_constant_memory().unwrap();
    ws.write_string(0, 0, "a").unwrap();
    ws.write_string(1, 0, "b").unwrap();
    ws.set_row_height(1, 30).unwrap();
    workbook.save(&path).unwrap();
    let xml = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert_eq!(xml.matches("<row r=\"2\"").count(), 2, "{xml}");
    assert!(
        crate::common::xlsx_check::structure_problems(&path)
            .iter()
            .any(|p| p.contains("row 2 after row 2")),
        "the structural check misses it"
    );
}

/// Printed, each department starts a new page of 全庁一覧 and of 未提出;
/// the lists are printed at a fixed scale that fits their columns on the
/// page width (a sheet printed "fit to one page wide" would ignore the
/// page breaks).
#[test]
fn each_department_starts_a_new_printed_page() {
    let dir = tempfile::tempdir().unwrap();
    let planning = dir.path().join("企画部.xlsx");
    let general = dir.path().join("総務部.xlsx");
    let files = vec![
        source(
            &planning,
            vec![sheet(&planning, 2026, "企画部", tricky_items())],
        ),
        source(
            &general,
            vec![sheet(
                &general,
                2026,
                "総務部",
                vec![
                    item("重点目標", 4, "防災訓練"),
                    item("重点目標", 5, "窓口改善"),
                ],
            )],
        ),
    ];
    let out = written_workbook(&files, dir.path());
    // 全庁一覧: 企画部 on rows 2–4, 総務部 from row 5.
    let items = zip_entry(&out, "xl/worksheets/sheet2.xml");
    assert!(
        items.contains(r#"<rowBreaks count="1" manualBreakCount="1"><brk id="4" "#),
        "{items}"
    );
    let setup = items
        .split("<pageSetup ")
        .nth(1)
        .and_then(|s| s.split("/>").next())
        .unwrap();
    let scale: u32 = setup
        .split("scale=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!((10..100).contains(&scale), "{setup}");
    assert!(
        !items.contains("fitToPage"),
        "fit to width would drop the breaks"
    );
    // 未提出: title, header, the section, 企画部's heading and its one item
    // (通年の取組: the others' interim reports are filled or not asked),
    // then 総務部's heading on a new page.
    let missing = zip_entry(&out, "xl/worksheets/sheet4.xml");
    assert!(
        missing.contains(r#"<rowBreaks count="1" manualBreakCount="1"><brk id="5" "#),
        "{missing}"
    );
}
