//! Structures of goal sheets, each in a workbook the test writes itself and
//! interprets with no layout-specific code: header rows repeated down a long
//! sheet, metadata only in a title line, rates in any width, progress by
//! quarter or month, schedule grids, deep headers, one sheet per fiscal
//! year, reports on their own sheets, Excel tables with date cells, and
//! records transposed. Each test states the exact items, deadlines, report
//! flags, fiscal year and department, and that nothing else is an item.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use mokuhyo::io::workbook::read::{ReadLimits, read_workbook};
use mokuhyo_core::interpret::{
    FieldDictionary, InterpretOptions, WorkbookOutcome, interpret_workbook,
};
use mokuhyo_core::model::{ActionItem, LayoutKind, Origin, Report, SheetReport};
use rust_xlsxwriter::{Workbook, Worksheet};

pub(crate) fn interpret(path: &Path) -> Vec<SheetReport> {
    let wb = read_workbook(path, &ReadLimits::default()).expect("written workbook reads");
    let opts = InterpretOptions::default();
    match interpret_workbook(path, &wb.sheets, &FieldDictionary::default(), &opts) {
        WorkbookOutcome::Reports(r) => r,
        other => panic!("{}: {other:?}", path.display()),
    }
}

/// Writes one row of text cells from column `col`; empty strings are left
/// blank.
pub(crate) fn row(ws: &mut Worksheet, r: u32, col: u16, cells: &[&str]) {
    for (i, text) in cells.iter().enumerate() {
        if !text.is_empty() {
            ws.write_string(r, col + i as u16, *text).unwrap();
        }
    }
}

/// A workbook written by `fill` into `dir/name`.
pub(crate) fn save(dir: &Path, name: &str, fill: impl FnOnce(&mut Workbook)) -> PathBuf {
    let path = dir.join(name);
    let mut wb = Workbook::new();
    fill(&mut wb);
    wb.save(&path).unwrap();
    path
}

/// A workbook of one sheet named `sheet`.
fn one_sheet(dir: &Path, name: &str, sheet: &str, fill: impl FnOnce(&mut Worksheet)) -> PathBuf {
    save(dir, name, |wb| {
        let ws = wb.add_worksheet();
        ws.set_name(sheet).unwrap();
        fill(ws);
    })
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An item as the tests state it: title, due dates, interim and year-end
/// report ("filled", "empty" or "absent").
fn summary(item: &ActionItem) -> (String, Vec<NaiveDate>, &'static str, &'static str) {
    let flag = |r: &Report| match r {
        Report::Filled(_) => "filled",
        Report::Empty => "empty",
        Report::NotInLayout => "absent",
    };
    (
        item.title().to_string(),
        item.due_dates(),
        flag(&item.interim),
        flag(&item.year_end),
    )
}

fn items(reports: &[SheetReport]) -> Vec<&ActionItem> {
    reports
        .iter()
        .flat_map(|r| r.items().map(|(_, i)| i))
        .collect()
}

/// No cell inside an item table was left unread.
fn assert_all_read(reports: &[SheetReport]) {
    for r in reports {
        assert!(
            r.reading.coverage.not_used_in_items.is_empty(),
            "{}: {:?}",
            r.sheet,
            r.reading.coverage.not_used_in_items
        );
    }
}

// ---------------------------------------------------------------------------
// Header rows repeated down a long sheet.

const TITLE: &str = "令和8年度　税務部　業務改善取組表";
const HEADER: [&str; 5] = ["No", "取組項目", "期限", "中間報告", "期末報告"];

/// 300 items; every 50 rows a printed page ends with its number and the
/// next repeats the title line and the header row.
fn long_sheet(ws: &mut Worksheet) {
    let mut r = 0;
    for page in 0..6 {
        if page > 0 {
            // The previous page's number, then a blank row.
            row(ws, r, 2, &[&format!("- {page} -")]);
            r += 2;
        }
        row(ws, r, 0, &[TITLE]);
        row(ws, r + 1, 0, &HEADER);
        r += 2;
        for k in 0..50 {
            let n = page * 50 + k + 1;
            let deadline = ["9月末", "12月末", "年度末"][n % 3];
            let interim = if n % 2 == 0 { "実施済み" } else { "" };
            row(
                ws,
                r,
                0,
                &[&n.to_string(), &format!("取組{n}"), deadline, interim, ""],
            );
            r += 1;
        }
    }
}

#[test]
fn header_rows_repeated_down_a_long_sheet_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_sheet(dir.path(), "業務改善取組表.xlsx", "Sheet1", long_sheet);
    let reports = interpret(&path);
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_eq!(report.fiscal_year.0, 2026);
    assert_eq!(report.department, "税務部");
    assert!(
        report.layout.contains(LayoutKind::RepeatedHeaders),
        "{}",
        report.layout
    );
    let got: Vec<_> = items(&reports).into_iter().map(summary).collect();
    assert_eq!(got.len(), 300);
    for (i, item) in got.iter().enumerate() {
        let n = i + 1;
        let due = [date(2026, 9, 30), date(2026, 12, 31), date(2027, 3, 31)][n % 3];
        let interim = if n % 2 == 0 { "filled" } else { "empty" };
        assert_eq!(
            *item,
            (format!("取組{n}"), vec![due], interim, "empty"),
            "item {n}"
        );
    }
    assert_eq!(report.goals.len(), 1, "the table goes on across the copies");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_all_read(&reports);
    assert_eq!(report.reading.coverage.not_used, 0);
}

// ---------------------------------------------------------------------------
// Metadata only in a title line or a generic file name.

#[test]
fn fiscal_year_and_department_from_the_title_line_of_a_generic_sheet() {
    let dir = tempfile::tempdir().unwrap();
    for (title, department) in [
        ("令和8年度　税務部　業務改善取組表", "税務部"),
        ("令和8年度　上下水道局　業務改善取組表", "上下水道局"),
        ("令和8年度 危機管理室 業務改善取組表", "危機管理室"),
    ] {
        let path = one_sheet(dir.path(), "業務改善取組表.xlsx", "Sheet1", |ws| {
            row(ws, 0, 0, &[title]);
            row(ws, 2, 0, &HEADER);
            row(ws, 3, 0, &["1", "電子申請の拡大", "9月末まで", "", ""]);
            row(
                ws,
                4,
                0,
                &["2", "窓口の一本化", "令和8年度末", "着手", "完了"],
            );
        });
        let reports = interpret(&path);
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].fiscal_year.0, 2026, "{title}");
        assert_eq!(reports[0].department, department, "{title}");
        assert!(matches!(
            reports[0].reading.department_from,
            Origin::Title { .. }
        ));
        assert!(matches!(
            reports[0].reading.fiscal_year_from,
            Origin::Title { .. }
        ));
        let got: Vec<_> = items(&reports).into_iter().map(summary).collect();
        assert_eq!(
            got,
            [
                (
                    "電子申請の拡大".into(),
                    vec![date(2026, 9, 30)],
                    "empty",
                    "empty"
                ),
                (
                    "窓口の一本化".into(),
                    vec![date(2027, 3, 31)],
                    "filled",
                    "filled"
                ),
            ]
        );
        assert_all_read(&reports);
    }
}

// ---------------------------------------------------------------------------
// Grades and rates in any width.

#[test]
fn rates_in_any_width_and_percent_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "令和7年度_総務部.xlsx", |wb| {
        let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
        let ws = wb.add_worksheet();
        row(ws, 0, 0, &["令和7年度 総務部 目標管理表"]);
        row(ws, 2, 0, &["No", "取組項目", "期限", "達成率"]);
        let rates = ["７５％", "75 %", "", "—", "７５．５％", "80％以上"];
        for (i, rate) in rates.iter().enumerate() {
            let r = 3 + i as u32;
            let n = (i + 1).to_string();
            row(ws, r, 0, &[&n, &format!("取組{}", i + 1), "年度末", rate]);
        }
        ws.write_number_with_format(5, 3, 0.75, &percent).unwrap();
    });
    let reports = interpret(&path);
    let got: Vec<Option<f64>> = items(&reports).iter().map(|i| i.achievement).collect();
    assert_eq!(
        got,
        [
            Some(0.75),
            Some(0.75),
            Some(0.75),
            None,
            Some(0.755),
            Some(0.8)
        ]
    );
    for item in items(&reports) {
        assert_eq!(item.due_dates(), [date(2026, 3, 31)]);
    }
    assert_eq!(reports[0].department, "総務部");
    assert_eq!(reports[0].fiscal_year.0, 2025);
    assert_all_read(&reports);
}

// ---------------------------------------------------------------------------
// Progress by quarter, by months or by half instead of 中間 / 期末.

/// A progress table whose report columns are headed by `periods` (four
/// quarters, four runs of months, or two halves), one header row or two
/// (`進捗状況` over the periods).
fn progress_sheet(ws: &mut Worksheet, periods: &[&str], two_rows: bool) {
    row(ws, 0, 0, &["令和8年度 市民部 進捗管理表"]);
    let first = 3u16;
    let (header, body) = if two_rows { (3, 5) } else { (2, 3) };
    row(ws, header, 0, &["No", "取組項目", "期限"]);
    if two_rows {
        let merged = rust_xlsxwriter::Format::new();
        let last = first + periods.len() as u16 - 1;
        ws.merge_range(header, first, header, last, "進捗状況", &merged)
            .unwrap();
        row(ws, header + 1, first, periods);
    } else {
        row(ws, header, first, periods);
    }
    // Interim column filled for item 1 and 3, year-end only for item 3.
    let n = periods.len();
    let interim = if n == 2 { 0 } else { 1 };
    let reports: [Vec<&str>; 3] = [
        (0..n)
            .map(|i| if i <= interim { "実施中" } else { "" })
            .collect(),
        (0..n).map(|i| if i == 0 { "準備" } else { "" }).collect(),
        (0..n).map(|_| "完了").collect(),
    ];
    for (k, (title, deadline)) in [
        ("窓口の電子化", "9月末"),
        ("広報の刷新", "12月末"),
        ("研修の実施", "年度末"),
    ]
    .iter()
    .enumerate()
    {
        let r = body + k as u32;
        row(ws, r, 0, &[&(k + 1).to_string(), title, deadline]);
        row(ws, r, first, &reports[k]);
    }
}

#[test]
fn progress_by_quarter_month_runs_or_halves_gives_interim_and_year_end() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], bool); 4] = [
        (&["第1四半期", "第2四半期", "第3四半期", "第4四半期"], false),
        (&["4～6月", "7～9月", "10～12月", "1～3月"], true),
        (
            &["第１四半期", "第２四半期", "第３四半期", "第４四半期"],
            true,
        ),
        (&["上期 進捗", "下期 進捗"], false),
    ];
    for (periods, two_rows) in cases {
        let path = one_sheet(dir.path(), "進捗管理表.xlsx", "Sheet1", |ws| {
            progress_sheet(ws, periods, two_rows)
        });
        let reports = interpret(&path);
        assert_eq!(reports.len(), 1, "{periods:?}");
        assert_eq!(reports[0].fiscal_year.0, 2026);
        assert_eq!(reports[0].department, "市民部");
        assert!(
            reports[0].layout.contains(LayoutKind::ProgressPeriods),
            "{}",
            reports[0].layout
        );
        let got: Vec<_> = items(&reports).into_iter().map(summary).collect();
        let year_end_2 = "empty";
        assert_eq!(
            got,
            [
                (
                    "窓口の電子化".into(),
                    vec![date(2026, 9, 30)],
                    "filled",
                    "empty"
                ),
                (
                    "広報の刷新".into(),
                    vec![date(2026, 12, 31)],
                    if periods.len() == 2 {
                        "filled"
                    } else {
                        "empty"
                    },
                    year_end_2
                ),
                (
                    "研修の実施".into(),
                    vec![date(2027, 3, 31)],
                    "filled",
                    "filled"
                ),
            ],
            "{periods:?}"
        );
        // The other periods stay with their items under their headings.
        if periods.len() == 4 {
            let first = &items(&reports)[1].extras;
            assert_eq!(first.len(), 1, "{first:?}");
            assert_eq!(first[0].header, periods[0]);
            assert_eq!(first[0].text, "準備");
        }
        assert_all_read(&reports);
    }
}

#[test]
fn which_progress_column_is_the_interim_report_is_configured() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_sheet(dir.path(), "進捗管理表.xlsx", "Sheet1", |ws| {
        progress_sheet(
            ws,
            &["第1四半期", "第2四半期", "第3四半期", "第4四半期"],
            false,
        )
    });
    let wb = read_workbook(&path, &ReadLimits::default()).unwrap();
    let opts = InterpretOptions {
        milestones: mokuhyo_core::interpret::Milestones {
            interim: vec!["第1四半期".into()],
            year_end: vec!["第3四半期".into()],
        },
        ..InterpretOptions::default()
    };
    let WorkbookOutcome::Reports(reports) =
        interpret_workbook(&path, &wb.sheets, &FieldDictionary::default(), &opts)
    else {
        panic!("no reports");
    };
    let got: Vec<_> = items(&reports).into_iter().map(summary).collect();
    let flags: Vec<(&str, &str)> = got.iter().map(|g| (g.2, g.3)).collect();
    assert_eq!(
        flags,
        [
            ("filled", "empty"),
            ("filled", "empty"),
            ("filled", "filled")
        ]
    );
}

// ---------------------------------------------------------------------------
// Schedule grids (工程表).

const MONTHS: [&str; 12] = [
    "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月",
];

/// A schedule grid: 取組項目 / 担当課 / twelve month columns (under
/// スケジュール when `heading`), marks per item, a legend row below.
fn schedule_sheet(ws: &mut Worksheet, heading: bool) {
    row(ws, 0, 0, &["令和7年度 環境部 工程表"]);
    let first = 2u16;
    let body = if heading {
        let merged = rust_xlsxwriter::Format::new();
        row(ws, 2, 0, &["取組項目", "担当課"]);
        ws.merge_range(2, first, 2, first + 11, "スケジュール", &merged)
            .unwrap();
        row(ws, 3, first, &MONTHS);
        4
    } else {
        row(ws, 2, 0, &["取組項目", "担当課"]);
        row(ws, 2, first, &MONTHS);
        3
    };
    row(ws, body, 0, &["ごみ減量の啓発", "環境政策課"]);
    row(ws, body, first, &["●", "●", "●"]);
    row(ws, body + 1, 0, &["公園の再整備", "公園緑地課"]);
    let merged = rust_xlsxwriter::Format::new();
    ws.merge_range(body + 1, first + 3, body + 1, first + 8, "→", &merged)
        .unwrap();
    row(ws, body + 2, 0, &["省エネ診断", "環境政策課"]);
    row(ws, body + 2, first + 9, &["○"]);
    row(ws, body + 2, first + 11, &["○"]);
    row(ws, body + 3, 0, &["●：実施　○：予定", "→：継続"]);
}

#[test]
fn schedule_grids_give_the_end_of_the_last_marked_month() {
    let dir = tempfile::tempdir().unwrap();
    for heading in [true, false] {
        let path = one_sheet(dir.path(), "工程表.xlsx", "工程表", |ws| {
            schedule_sheet(ws, heading)
        });
        let reports = interpret(&path);
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].fiscal_year.0, 2025);
        assert_eq!(reports[0].department, "環境部");
        assert!(
            reports[0].layout.contains(LayoutKind::ScheduleGrid),
            "{}",
            reports[0].layout
        );
        let got: Vec<_> = items(&reports)
            .into_iter()
            .map(|i| {
                (
                    i.title().to_string(),
                    i.due_dates(),
                    i.deadline_text().map(str::to_string),
                    i.owners.clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "ごみ減量の啓発".to_string(),
                    vec![date(2025, 6, 30)],
                    Some("4月～6月".to_string()),
                    vec!["環境政策課".to_string()]
                ),
                (
                    "公園の再整備".to_string(),
                    vec![date(2025, 12, 31)],
                    Some("7月～12月".to_string()),
                    vec!["公園緑地課".to_string()]
                ),
                (
                    "省エネ診断".to_string(),
                    vec![date(2026, 3, 31)],
                    Some("1月、3月".to_string()),
                    vec!["環境政策課".to_string()]
                ),
            ],
            "heading {heading}: the legend row is not an item"
        );
        assert_all_read(&reports);
        assert_eq!(reports[0].reading.coverage.not_used, 0);
    }
}

// ---------------------------------------------------------------------------
// Deep headers: 報告 › 中間 / 期末 › 記入日 / 内容.

#[test]
fn deep_headers_take_the_deepest_word_and_reports_are_filled_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "目標管理表.xlsx", |wb| {
        let merged = rust_xlsxwriter::Format::new();
        let day = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
        let ws = wb.add_worksheet();
        row(ws, 0, 0, &["令和8年度 福祉部 目標管理表"]);
        for (c, text) in ["No", "取組項目", "期限"].iter().enumerate() {
            ws.merge_range(2, c as u16, 4, c as u16, text, &merged)
                .unwrap();
        }
        ws.merge_range(2, 3, 2, 6, "報告", &merged).unwrap();
        ws.merge_range(3, 3, 3, 4, "中間", &merged).unwrap();
        ws.merge_range(3, 5, 3, 6, "期末", &merged).unwrap();
        row(ws, 4, 3, &["記入日", "内容", "記入日", "内容"]);
        let when = |m, d| {
            rust_xlsxwriter::ExcelDateTime::from_ymd(if m < 4 { 2027 } else { 2026 }, m, d).unwrap()
        };
        row(ws, 5, 0, &["1", "見守り体制の強化", "9月末", "", "実施中"]);
        ws.write_datetime_with_format(5, 3, when(10, 5), &day)
            .unwrap();
        // A date of entry with no content: the report is still empty.
        row(ws, 6, 0, &["2", "相談窓口の統合", "年度末"]);
        ws.write_datetime_with_format(6, 3, when(10, 1), &day)
            .unwrap();
        row(
            ws,
            7,
            0,
            &["3", "介護予防教室", "12月末", "", "準備完了", "", "完了"],
        );
        ws.write_datetime_with_format(7, 3, when(10, 2), &day)
            .unwrap();
        ws.write_datetime_with_format(7, 5, when(3, 20), &day)
            .unwrap();
    });
    let reports = interpret(&path);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].fiscal_year.0, 2026);
    assert_eq!(reports[0].department, "福祉部");
    let got: Vec<_> = items(&reports).into_iter().map(summary).collect();
    assert_eq!(
        got,
        [
            (
                "見守り体制の強化".into(),
                vec![date(2026, 9, 30)],
                "filled",
                "empty"
            ),
            (
                "相談窓口の統合".into(),
                vec![date(2027, 3, 31)],
                "empty",
                "empty"
            ),
            (
                "介護予防教室".into(),
                vec![date(2026, 12, 31)],
                "filled",
                "filled"
            ),
        ]
    );
    let third = items(&reports)[2];
    assert_eq!(third.interim.text(), Some("準備完了"));
    assert_eq!(third.cells.interim().unwrap().to_string(), "Sheet1!E8");
    assert_eq!(third.cells.year_end().unwrap().to_string(), "Sheet1!G8");
    // The dates of entry stay with their items.
    let dates: Vec<usize> = items(&reports).iter().map(|i| i.extras.len()).collect();
    assert_eq!(dates, [1, 1, 2]);
    assert_all_read(&reports);
}

// ---------------------------------------------------------------------------
// One sheet per fiscal year.

#[test]
fn one_sheet_per_fiscal_year_gives_each_sheet_its_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "目標管理.xlsx", |wb| {
        for (sheet, interim) in [("令和6年度", "完了"), ("R7", "")] {
            let ws = wb.add_worksheet();
            ws.set_name(sheet).unwrap();
            row(ws, 0, 0, &["部局名", "こども家庭部"]);
            row(ws, 2, 0, &HEADER);
            row(ws, 3, 0, &["1", "窓口の電子化", "9月末", interim, ""]);
            row(ws, 4, 0, &["2", "子育て相談の拡充", "年度末", "", ""]);
        }
    });
    let reports = interpret(&path);
    let years: Vec<(i32, &str, Origin)> = reports
        .iter()
        .map(|r| {
            (
                r.fiscal_year.0,
                r.sheet.as_str(),
                r.reading.fiscal_year_from.clone(),
            )
        })
        .collect();
    assert_eq!(
        years,
        [
            (2024, "令和6年度", Origin::SheetName),
            (2025, "R7", Origin::SheetName)
        ]
    );
    for (report, (year, interim)) in reports.iter().zip([(2024, "filled"), (2025, "empty")]) {
        assert_eq!(report.department, "こども家庭部");
        let got: Vec<_> = report.items().map(|(_, i)| summary(i)).collect();
        assert_eq!(
            got,
            [
                (
                    "窓口の電子化".into(),
                    vec![date(year, 9, 30)],
                    interim,
                    "empty"
                ),
                (
                    "子育て相談の拡充".into(),
                    vec![date(year + 1, 3, 31)],
                    "empty",
                    "empty"
                ),
            ]
        );
    }
    assert_all_read(&reports);
}

// ---------------------------------------------------------------------------
// Excel tables (ListObjects) and date cells in any number format.

#[test]
fn excel_tables_with_date_cells_in_any_number_format() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Table, TableColumn};
    let dir = tempfile::tempdir().unwrap();
    let formats = [
        "yyyy/m/d",
        "m月d日",
        r#"[$-411]ggge"年"m"月"d"日";@"#,
        r#"[$-411]ge\.m\.d"#,
    ];
    let path = save(dir.path(), "令和7年度_建設部_取組.xlsx", |wb| {
        let ws = wb.add_worksheet();
        ws.set_name("取組一覧").unwrap();
        row(ws, 0, 0, &["令和7年度 建設部 取組一覧"]);
        let headers = ["No", "取組項目", "期限", "中間報告", "期末報告"];
        for (k, format) in formats.iter().enumerate() {
            let r = 3 + k as u32;
            let title = format!("道路維持{}", k + 1);
            let interim = if k % 2 == 0 { "実施中" } else { "" };
            row(ws, r, 0, &[&(k + 1).to_string(), &title, "", interim]);
            let month = [9, 10, 12, 3][k];
            let year = if month < 4 { 2026 } else { 2025 };
            let when = ExcelDateTime::from_ymd(year, month, 30).unwrap();
            ws.write_datetime_with_format(r, 2, &when, &Format::new().set_num_format(*format))
                .unwrap();
        }
        row(ws, 7, 0, &["5", "橋りょう点検", "令和7年度末", "", "完了"]);
        let columns: Vec<TableColumn> = headers
            .iter()
            .map(|h| TableColumn::new().set_header(*h))
            .collect();
        let table = Table::new().set_columns(&columns).set_autofilter(true);
        ws.add_table(2, 0, 7, 4, &table).unwrap();
    });
    let reports = interpret(&path);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].fiscal_year.0, 2025);
    assert_eq!(reports[0].department, "建設部");
    assert_eq!(reports[0].layout.to_string(), "table+excel_table");
    let wb = read_workbook(&path, &ReadLimits::default()).unwrap();
    let table = &wb.sheets[0].tables[0];
    let area = (
        table.first_row,
        table.last_row,
        table.first_col,
        table.last_col,
    );
    assert_eq!(area, (2, 7, 0, 4));
    let got: Vec<_> = items(&reports).into_iter().map(summary).collect();
    assert_eq!(
        got,
        [
            (
                "道路維持1".into(),
                vec![date(2025, 9, 30)],
                "filled",
                "empty"
            ),
            (
                "道路維持2".into(),
                vec![date(2025, 10, 30)],
                "empty",
                "empty"
            ),
            (
                "道路維持3".into(),
                vec![date(2025, 12, 30)],
                "filled",
                "empty"
            ),
            (
                "道路維持4".into(),
                vec![date(2026, 3, 30)],
                "empty",
                "empty"
            ),
            (
                "橋りょう点検".into(),
                vec![date(2026, 3, 31)],
                "empty",
                "filled"
            ),
        ]
    );
    assert!(reports[0].warnings.is_empty(), "{:?}", reports[0].warnings);
    assert_all_read(&reports);
}

// ---------------------------------------------------------------------------
// Reports kept on their own sheets, joined by number.

#[test]
fn reports_on_their_own_sheets_join_their_items_by_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "取組一覧.xlsx", |wb| {
        let ws = wb.add_worksheet();
        ws.set_name("取組").unwrap();
        row(ws, 0, 0, &["令和8年度 企画部 取組一覧"]);
        row(ws, 2, 0, &["番号", "取組項目", "期限"]);
        row(ws, 3, 0, &["1", "総合計画の進行管理", "9月末"]);
        row(ws, 4, 0, &["2-1", "行政評価の見直し", "12月末"]);
        row(ws, 5, 0, &["2-2", "統計書の電子化", "年度末"]);
        row(ws, 6, 0, &["3", "広域連携の推進", "年度末"]);
        let ws = wb.add_worksheet();
        ws.set_name("中間報告").unwrap();
        row(ws, 0, 0, &["取組番号", "報告内容"]);
        row(ws, 1, 0, &["１", "計画どおり進行"]);
        row(ws, 2, 0, &["２－１", "見直し案を作成"]);
        row(ws, 3, 0, &["３", "－"]);
        let ws = wb.add_worksheet();
        ws.set_name("期末報告").unwrap();
        row(ws, 0, 0, &["番号", "期末報告"]);
        row(ws, 1, 0, &["1", "完了"]);
        row(ws, 2, 0, &["2-1", ""]);
        row(ws, 3, 0, &["3", "協定を締結"]);
        row(ws, 4, 0, &["9", "どの取組にもない報告"]);
    });
    let reports = interpret(&path);
    assert!(
        reports
            .iter()
            .all(|r| r.fiscal_year.0 == 2026 && r.department == "企画部")
    );
    let got: Vec<_> = items(&reports).into_iter().map(summary).collect();
    assert_eq!(
        got,
        [
            (
                "総合計画の進行管理".into(),
                vec![date(2026, 9, 30)],
                "filled",
                "filled"
            ),
            (
                "行政評価の見直し".into(),
                vec![date(2026, 12, 31)],
                "filled",
                "empty"
            ),
            (
                "統計書の電子化".into(),
                vec![date(2027, 3, 31)],
                "empty",
                "empty"
            ),
            (
                "広域連携の推進".into(),
                vec![date(2027, 3, 31)],
                "empty",
                "filled"
            ),
        ]
    );
    let first = items(&reports)[0];
    assert_eq!(first.interim.text(), Some("計画どおり進行"));
    assert_eq!(first.cells.interim().unwrap().to_string(), "中間報告!B2");
    assert_eq!(first.cells.year_end().unwrap().to_string(), "期末報告!B2");
    let layouts: Vec<(&str, String)> = reports
        .iter()
        .map(|r| (r.sheet.as_str(), r.layout.to_string()))
        .collect();
    assert_eq!(
        layouts,
        [
            ("取組", "table".to_string()),
            ("中間報告", "report_sheet".to_string()),
            ("期末報告", "report_sheet".to_string())
        ]
    );
    // The report row naming no item is shown, not dropped.
    let year_end = &reports[2];
    assert!(
        year_end
            .warnings
            .iter()
            .any(|w| w.message.contains("報告の行「9」")),
        "{:?}",
        year_end.warnings
    );
    let unused: Vec<String> = year_end
        .reading
        .coverage
        .not_used_in_items
        .iter()
        .map(|u| u.cell.to_string())
        .collect();
    assert_eq!(unused, ["期末報告!A5", "期末報告!B5"]);
    assert_all_read(&reports[..2]);
}

// ---------------------------------------------------------------------------
// Records transposed: field names down one column, one item per column.

#[test]
fn transposed_records_give_one_item_per_column_under_their_goals() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_sheet(
        dir.path(),
        "目標管理シート.xlsx",
        "シート1",
        |ws| {
            let merged = rust_xlsxwriter::Format::new();
            row(ws, 0, 0, &["令和8年度 産業振興部 目標管理シート"]);
            row(ws, 2, 0, &["重点目標"]);
            ws.merge_range(2, 1, 2, 2, "中心市街地のにぎわい創出", &merged)
                .unwrap();
            row(ws, 2, 3, &["企業誘致の推進"]);
            row(
                ws,
                3,
                0,
                &[
                    "取組項目",
                    "空き店舗の活用",
                    "商店街イベント支援",
                    "企業訪問の強化",
                ],
            );
            row(ws, 4, 0, &["期限", "9月末", "12月末", "年度末"]);
            row(ws, 5, 0, &["担当課", "商工課", "商工課", "企業立地課"]);
            row(ws, 6, 0, &["中間報告", "5件活用", "", "20社訪問"]);
            row(ws, 7, 0, &["期末報告", "", "", "35社訪問"]);
            row(ws, 8, 0, &["関連予算", "120千円", "", ""]);
        },
    );
    let reports = interpret(&path);
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_eq!(report.fiscal_year.0, 2026);
    assert_eq!(report.department, "産業振興部");
    assert_eq!(report.layout, LayoutKind::Transposed.into());
    let goals: Vec<(&str, usize)> = report
        .goals
        .iter()
        .map(|g| (g.title.as_str(), g.items.len()))
        .collect();
    assert_eq!(
        goals,
        [("中心市街地のにぎわい創出", 2), ("企業誘致の推進", 1)]
    );
    let got: Vec<_> = items(&reports).into_iter().map(summary).collect();
    assert_eq!(
        got,
        [
            (
                "空き店舗の活用".into(),
                vec![date(2026, 9, 30)],
                "filled",
                "empty"
            ),
            (
                "商店街イベント支援".into(),
                vec![date(2026, 12, 31)],
                "empty",
                "empty"
            ),
            (
                "企業訪問の強化".into(),
                vec![date(2027, 3, 31)],
                "filled",
                "filled"
            ),
        ]
    );
    let first = items(&reports)[0];
    assert_eq!(first.owners, ["商工課"]);
    assert_eq!(first.extras.len(), 1);
    assert_eq!(first.extras[0].header, "関連予算");
    assert_eq!(first.extras[0].text, "120千円");
    assert_all_read(&reports);
    assert_eq!(report.reading.coverage.not_used, 0);
}

#[test]
fn check_names_the_structure_it_recognised_for_each_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "取組一覧.xlsx", |wb| {
        let ws = wb.add_worksheet();
        ws.set_name("工程表").unwrap();
        schedule_sheet(ws, true);
        let ws = wb.add_worksheet();
        ws.set_name("中間報告").unwrap();
        row(ws, 0, 0, &["番号", "中間報告"]);
        row(ws, 1, 0, &["1", "実施中"]);
    });
    let out = crate::common::run_ok([std::ffi::OsStr::new("check"), path.as_os_str()]);
    assert!(
        out.contains(
            "[工程表] 環境部 令和7年度 (FY2025) — 1 goal(s), 3 item(s), structure table+schedule_grid"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "[中間報告] 環境部 令和7年度 (FY2025) — 0 goal(s), 0 item(s), structure report_sheet"
        ),
        "{out}"
    );
}
