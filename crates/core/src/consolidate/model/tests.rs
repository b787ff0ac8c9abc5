//! Tests of `model`.

use super::*;
use crate::consolidate::sample::*;
use crate::model::Report;
use chrono::TimeDelta;
use rstest::rstest;

#[rstest]
#[case(&[], "")]
#[case(&[(2026, 8, 31)], "2026/08/31")]
#[case(&[(2026, 12, 31), (2027, 1, 5)], "2026/12/31、2027/01/05")]
fn dates_listed_as_yyyy_mm_dd_with_japanese_commas(
    #[case] dates: &[(i32, u32, u32)],
    #[case] list: &str,
) {
    let dates: Vec<NaiveDate> = dates.iter().map(|&(y, m, day)| d(y, m, day)).collect();
    assert_eq!(date_list(&dates), list);
}

#[rstest]
#[case(
    "/share/企画部.xlsx",
    "S",
    "C5",
    "企画部.xlsx!C5",
    "file:////share/企画部.xlsx#'S'!C5"
)]
#[case(
    "/share/a b.xlsx",
    "部長's シート",
    "B12",
    "a b.xlsx!B12",
    "file:////share/a b.xlsx#'部長''s シート'!B12"
)]
#[case("x.xlsx", "'a''", "A1", "x.xlsx!A1", "file:///x.xlsx#'''a'''''!A1")]
fn source_link_names_the_file_and_opens_the_cell(
    #[case] path: &str,
    #[case] sheet: &str,
    #[case] cell: &str,
    #[case] text: &str,
    #[case] url: &str,
) {
    let link = SourceLink {
        path: Path::new(path),
        sheet,
        cell: cell.parse().unwrap(),
        share: &SharePath::AS_READ,
    };
    assert_eq!(link.text(), text);
    assert_eq!(link.url(), url);
}

const TODAY: (i32, u32, u32) = (2026, 6, 1);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

#[rstest]
#[case::before_both(Some(d(2026, 10, 31)), Some(d(2027, 4, 30)), Some((Milestone::Interim, d(2026, 10, 31), 152)))]
#[case::interim_day(Some(d(2026, 6, 1)), Some(d(2027, 4, 30)), Some((Milestone::Interim, d(2026, 6, 1), 0)))]
#[case::interim_passed(Some(d(2026, 5, 31)), Some(d(2027, 4, 30)), Some((Milestone::YearEnd, d(2027, 4, 30), 333)))]
#[case::both_passed(Some(d(2026, 4, 1)), Some(d(2026, 5, 1)), Some((Milestone::YearEnd, d(2026, 5, 1), -31)))]
#[case::only_interim_passed(Some(d(2026, 5, 1)), None, Some((Milestone::Interim, d(2026, 5, 1), -31)))]
#[case::only_year_end(None, Some(d(2027, 4, 30)), Some((Milestone::YearEnd, d(2027, 4, 30), 333)))]
#[case::none(None, None, None)]
fn next_milestone_selection(
    #[case] interim_due: Option<NaiveDate>,
    #[case] year_end_due: Option<NaiveDate>,
    #[case] expected: Option<(Milestone, NaiveDate, i64)>,
) {
    let dates = ReportingDates {
        interim_due,
        year_end_due,
    };
    let got = next_milestone(&dates, today()).map(|n| (n.milestone, n.due, n.days_left));
    assert_eq!(got, expected);
}

/// Two departments, three files, one skipped file, one file with an error.
fn folder() -> Vec<SourceFile> {
    let mut a1 = item("S", 4, "空き家対策");
    a1.deadlines = vec![due(d(2026, 5, 31))];
    a1.interim = Report::Filled("実施中".into());
    a1.achievement = Some(0.7);
    let mut a2 = item("S", 5, "窓口改善");
    a2.deadlines = vec![due(d(2026, 12, 31)), due(d(2026, 5, 15))];
    a2.interim = Report::NotInLayout;
    a2.year_end = Report::NotInLayout;
    a2.achievement = Some(1.0);
    let mut a3 = item("S", 6, "広報");
    a3.deadlines = vec![ongoing()];
    a3.interim = Report::Filled("済".into());
    a3.year_end = Report::Filled("済".into());
    let mut b1 = item("T", 3, "道路補修");
    b1.deadlines = vec![due(d(2026, 6, 10))];
    b1.achievement = Some(0.3);
    let b2 = item("T", 4, "記載なし");

    let mut planning = source(
        "/share/企画部.xlsx",
        vec![report(
            "/share/企画部.xlsx",
            "S",
            2026,
            "企画部",
            vec![
                goal("1", "住みよいまち", vec![a1, a2]),
                goal("2", "発信", vec![a3]),
            ],
        )],
    );
    planning.problems.push(problem(
        "/share/企画部.xlsx",
        "シート2 を読めません",
        ProblemKind::Error,
    ));
    let mut roads = source(
        "/share/建設部.xlsx",
        vec![
            report(
                "/share/建設部.xlsx",
                "T",
                2026,
                "建設部",
                vec![goal("1", "安全な道", vec![b1, b2])],
            ),
            report(
                "/share/建設部.xlsx",
                "T",
                2025,
                "建設部",
                vec![goal("1", "前年度", vec![item("T", 9, "旧")])],
            ),
        ],
    );
    let mut reports = roads.reports.to_vec();
    reports[0].warnings.push(crate::model::Warning {
        cell: Some(crate::model::CellRef::new("T", 3, 4)),
        message: "期限 13月 を解釈できません".into(),
    });
    roads.reports = reports.into();
    roads.modified = Some(at(2026, 5, 20, 15));
    let mut skipped = source("/share/メモ.xlsx", vec![]);
    skipped.problems.push(problem(
        "/share/メモ.xlsx",
        "目標シートがありません",
        ProblemKind::Skipped,
    ));
    vec![roads, skipped, planning]
}

fn reporting(fy: FiscalYear) -> ReportingDates {
    ReportingDates {
        interim_due: NaiveDate::from_ymd_opt(fy.0, 10, 31),
        year_end_due: NaiveDate::from_ymd_opt(fy.0 + 1, 4, 30),
    }
}

#[test]
fn one_book_per_fiscal_year_in_order() {
    let files = folder();
    let books = consolidate(&files, today(), reporting);
    let years: Vec<i32> = books.iter().map(|b| b.fiscal_year.0).collect();
    assert_eq!(years, vec![2025, 2026]);
    assert_eq!(books[0].items.len(), 1);
    assert_eq!(books[1].items.len(), 5);
}

#[test]
fn items_ordered_by_department_file_sheet_goal_item() {
    let files = folder();
    let books = consolidate(&files, today(), reporting);
    let order: Vec<(&str, &str)> = books[1]
        .items
        .iter()
        .map(|r| (r.department, r.item_text))
        .collect();
    assert_eq!(
        order,
        vec![
            ("企画部", "空き家対策"),
            ("企画部", "窓口改善"),
            ("企画部", "広報"),
            ("建設部", "道路補修"),
            ("建設部", "記載なし"),
        ]
    );
}

#[test]
fn item_rows_carry_resolved_dates_and_status() {
    let files = folder();
    let book = &consolidate(&files, today(), reporting)[1];
    let got: Vec<(Option<NaiveDate>, Option<DueStatus>)> =
        book.items.iter().map(|r| (r.due, r.status)).collect();
    // 空き家対策 (5/31) is told of in its interim report; 窓口改善 has no
    // interim report column and its 5/15 passed: the year-end report will
    // tell of it, not due until next April: 報告待ち, not 期限超過.
    assert_eq!(
        got,
        vec![
            (Some(d(2026, 5, 31)), Some(DueStatus::Reported)),
            (Some(d(2026, 5, 15)), Some(DueStatus::AwaitingReport)),
            (None, Some(DueStatus::Ongoing)),
            (Some(d(2026, 6, 10)), Some(DueStatus::DueSoon)),
            (None, None),
        ]
    );
    assert_eq!(
        book.items[1].all_dues,
        vec![d(2026, 12, 31), d(2026, 5, 15)]
    );
    let values = book.items[1].values();
    assert_eq!(values[8], Value::Text("2026/12/31、2026/05/15".into()));
    assert_eq!(
        book.items[0].source.url(),
        "file:////share/企画部.xlsx#'S'!C5"
    );
    assert_eq!(book.items[0].source.text(), "企画部.xlsx!C5");
    assert_eq!(
        book.items[3].modified,
        Some(d(2026, 5, 21).and_hms_opt(0, 0, 0).unwrap())
    );
}

#[test]
fn overview_counts() {
    let files = folder();
    let book = &consolidate(&files, today(), reporting)[1];
    let ov = &book.overview;
    let names: Vec<&str> = ov.departments.iter().map(|d| &*d.department).collect();
    assert_eq!(names, vec!["企画部", "建設部"]);
    assert_eq!(
        ov.departments[0].counts,
        Counts {
            files: 1,
            goals: 2,
            items: 3,
            interim: ReportCounts {
                submitted: 2,
                not_in_layout: 1,
                ..Default::default()
            },
            year_end: ReportCounts {
                submitted: 1,
                not_submitted: 1,
                not_in_layout: 1,
                ..Default::default()
            },
            overdue: 0,
            awaiting_report: 1,
            files_with_errors: 1,
        }
    );
    assert_eq!(
        ov.departments[1].counts,
        Counts {
            files: 1,
            goals: 1,
            items: 2,
            interim: ReportCounts {
                not_submitted: 2,
                ..Default::default()
            },
            year_end: ReportCounts {
                not_submitted: 2,
                ..Default::default()
            },
            overdue: 0,
            awaiting_report: 0,
            files_with_errors: 0,
        }
    );
    assert_eq!(ov.totals.items, 5);
    assert_eq!(ov.totals.interim.submitted, 2);
    assert_eq!(ov.totals.interim.asked(), 4);
    assert_eq!(ov.totals.interim.rate(), Some(0.5));
    assert_eq!(ov.totals.files_with_errors, 1);
    assert_eq!(ov.interim_days_left, Some(152));
    assert_eq!(ov.year_end_days_left, Some(333));
    assert_eq!(
        ov.achievement_bins,
        vec![
            ("50%未満", 1),
            ("50〜69%", 0),
            ("70〜89%", 1),
            ("90〜99%", 0),
            ("100%以上", 1),
            ("未記入", 2),
        ]
    );
}

/// (milestone, late, days left, [(department, items)]) of each section of 未提出.
type Sections<'a> = Vec<(Milestone, bool, i64, Vec<(&'a str, Vec<usize>)>)>;

fn sections<'a>(book: &ConsolidatedBook<'a>) -> Sections<'a> {
    book.missing
        .iter()
        .map(|m| {
            let groups = m
                .groups
                .iter()
                .map(|g| (g.department, g.items.clone()))
                .collect();
            (m.milestone, m.is_late(), m.days_left, groups)
        })
        .collect()
}

#[test]
fn missing_reports_of_the_next_milestone_then_the_late_ones_first() {
    let files = folder();
    let book = &consolidate(&files, today(), reporting)[1];
    assert_eq!(
        book.next_milestone.map(|n| n.milestone),
        Some(Milestone::Interim)
    );
    // 窓口改善 has no interim column; 空き家対策 and 広報 are filled.
    assert_eq!(
        sections(book),
        vec![(Milestone::Interim, false, 152, vec![("建設部", vec![3, 4])])]
    );

    // The day after the interim due date: its empty cells are late, listed
    // first, then the year-end reports to come.
    let late = d(2026, 11, 1);
    let book = &consolidate(&files, late, reporting)[1];
    assert_eq!(
        book.next_milestone.map(|n| n.milestone),
        Some(Milestone::YearEnd)
    );
    assert_eq!(
        sections(book),
        vec![
            (Milestone::Interim, true, -1, vec![("建設部", vec![3, 4])]),
            (
                Milestone::YearEnd,
                false,
                180,
                vec![("企画部", vec![0]), ("建設部", vec![3, 4])]
            ),
        ]
    );
    // 概要 counts the same late reports: the cells overdue notices ask for.
    assert_eq!(book.overview.totals.late(), 2);
    assert_eq!(book.overview.departments[1].counts.late(), 2);
    assert_eq!(book.overview.interim_unfilled, 2);
    assert_eq!(book.overview.year_end_unfilled, 3);

    // After both: the year-end reports first, then the interim ones.
    let after = d(2027, 5, 6);
    let book = &consolidate(&files, after, reporting)[1];
    let got: Vec<(Milestone, bool, i64)> = sections(book)
        .into_iter()
        .map(|(m, late, days, _)| (m, late, days))
        .collect();
    assert_eq!(
        got,
        vec![
            (Milestone::YearEnd, true, -6),
            (Milestone::Interim, true, -187)
        ]
    );
    assert_eq!(book.overview.totals.late(), 5);
}

#[test]
fn no_milestone_no_missing_list() {
    let files = folder();
    let book = &consolidate(&files, today(), |_| ReportingDates::default())[1];
    assert_eq!(book.next_milestone, None);
    assert!(book.missing.is_empty());
}

/// A report without a cell to fill (a multi-year plan without the year's
/// 実績 row) is asked of no one: not counted, not listed as missing, shown
/// as （記入欄なし） and named on 取込エラー.
#[test]
fn a_report_without_a_cell_is_neither_missing_nor_counted_and_is_named_on_the_problems() {
    let mut plan = item("実施項目", 6, "適切な普通建設事業の展開");
    plan.interim = Report::NotInLayout;
    plan.cells.set(crate::model::ItemField::YearEnd, None);
    let mut other = item("実施項目", 14, "適切な補助金交付の実施");
    other.interim = Report::NotInLayout;
    let path = "/share/行政経営行動計画.xlsx";
    let files = vec![source(
        path,
        vec![report(
            path,
            "実施項目",
            2026,
            "財政課",
            vec![goal("1", "歳出の抑制", vec![plan, other])],
        )],
    )];
    let book = &consolidate(&files, d(2027, 5, 6), reporting)[0];
    let year_end = labels::ITEM_HEADERS
        .iter()
        .position(|h| *h == "期末報告")
        .unwrap();
    assert_eq!(
        book.items[0].values()[year_end],
        Value::Text(labels::REPORT_NO_CELL.into())
    );
    assert_eq!(book.items[1].values()[year_end], Value::Blank);
    assert_eq!(book.overview.totals.year_end.asked(), 1);
    assert_eq!(book.overview.totals.late(), 1);
    assert_eq!(
        sections(book),
        vec![(Milestone::YearEnd, true, -6, vec![("財政課", vec![1])])]
    );
    let no_cell: Vec<&ProblemRow<'_>> = book
        .problems
        .iter()
        .filter(|p| p.kind == ProblemRowKind::NoCell)
        .collect();
    assert_eq!(no_cell.len(), 1);
    assert_eq!(no_cell[0].sheet, Some("実施項目"));
    assert_eq!(
        no_cell[0].cell.map(|c| c.to_string()).as_deref(),
        Some("C7")
    );
    assert!(no_cell[0].message.contains("期末報告を記入する欄"));
    assert!(no_cell[0].message.contains("(6)"));
}

#[test]
fn deadline_list_by_date_then_ongoing() {
    let files = folder();
    let book = &consolidate(&files, today(), reporting)[1];
    let got: Vec<(String, usize)> = book.deadlines.iter().map(|r| (r.month(), r.item)).collect();
    assert_eq!(
        got,
        vec![
            ("2026年5月".to_string(), 1),
            ("2026年5月".to_string(), 0),
            ("2026年6月".to_string(), 3),
            ("2026年12月".to_string(), 1),
            ("通年".to_string(), 2),
        ]
    );
    // 窓口改善's 5/15 awaits the year-end report (no interim column) on
    // 期限一覧 as on 全庁一覧, and is no 期限超過 until that report is late.
    let (rows, items, counted) = overdue_everywhere(book);
    assert_eq!((&rows, counted), (&items, items.len() as u64));
    assert!(items.is_empty(), "{items:?}");
    assert_eq!(book.deadlines[0].status, Some(DueStatus::AwaitingReport));
    assert_eq!(book.overview.totals.awaiting_report, 1);
    let later = &consolidate(&files, d(2027, 5, 6), reporting)[1];
    let (rows, items, counted) = overdue_everywhere(later);
    assert_eq!((&rows, counted), (&items, items.len() as u64));
    assert!(items.contains(&1), "{items:?}");
}

/// One meaning of 期限超過: the items with a 期限超過 row on 期限一覧, the
/// items 期限超過 on 全庁一覧, and 概要's count of them, which must agree.
fn overdue_everywhere(book: &ConsolidatedBook<'_>) -> (BTreeSet<usize>, BTreeSet<usize>, u64) {
    let rows = book
        .deadlines
        .iter()
        .filter(|r| r.status == Some(DueStatus::Overdue))
        .map(|r| r.item)
        .collect();
    let items = (0..book.items.len())
        .filter(|&i| book.items[i].status == Some(DueStatus::Overdue))
        .collect();
    (rows, items, book.overview.totals.overdue)
}

#[test]
fn undecided_dates_show_as_mitei_and_are_listed_last() {
    let mut not_set = item("S", 4, "時期未定の取組");
    not_set.deadlines = vec![undecided()];
    let mut all_year = item("S", 5, "通年の取組");
    all_year.deadlines = vec![ongoing()];
    let mut dated = item("S", 6, "期限のある取組");
    dated.deadlines = vec![due(d(2026, 9, 30))];
    let mut dated_and_not_set = item("S", 7, "一部未定の取組");
    dated_and_not_set.deadlines = vec![due(d(2026, 12, 31)), undecided()];
    let mut both = item("S", 8, "通年と未定");
    both.deadlines = vec![undecided(), ongoing()];
    let path = "/share/企画部.xlsx";
    let items = vec![not_set, all_year, dated, dated_and_not_set, both];
    let files = vec![source(
        path,
        vec![report(
            path,
            "S",
            2026,
            "企画部",
            vec![goal("1", "目標", items)],
        )],
    )];
    let book = &consolidate(&files, today(), reporting)[0];
    let got: Vec<(Option<NaiveDate>, bool, Option<DueStatus>)> = book
        .items
        .iter()
        .map(|r| (r.due, r.undecided, r.status))
        .collect();
    assert_eq!(
        got,
        vec![
            (None, true, Some(DueStatus::Undecided)),
            (None, false, Some(DueStatus::Ongoing)),
            (Some(d(2026, 9, 30)), false, Some(DueStatus::Scheduled)),
            (Some(d(2026, 12, 31)), true, Some(DueStatus::Scheduled)),
            (None, true, Some(DueStatus::Ongoing)),
        ]
    );
    assert_eq!(book.items[0].values()[9], Value::text("未定"));
    let rows: Vec<(String, usize, Option<DueStatus>)> = book
        .deadlines
        .iter()
        .map(|r| (r.month(), r.item, r.status))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("2026年9月".to_string(), 2, Some(DueStatus::Scheduled)),
            ("2026年12月".to_string(), 3, Some(DueStatus::Scheduled)),
            ("通年".to_string(), 1, Some(DueStatus::Ongoing)),
            ("通年".to_string(), 4, Some(DueStatus::Ongoing)),
            ("未定".to_string(), 0, Some(DueStatus::Undecided)),
        ]
    );
}

#[test]
fn problems_of_the_year_and_of_files_without_sheets() {
    let files = folder();
    let books = consolidate(&files, today(), reporting);
    let rows: Vec<(ProblemRowKind, &str, Option<String>)> = books[1]
        .problems
        .iter()
        .map(|p| (p.kind, p.message.as_ref(), p.cell.map(|c| c.to_string())))
        .collect();
    assert_eq!(
        rows,
        vec![
            (ProblemRowKind::Skipped, "目標シートがありません", None),
            (ProblemRowKind::Error, "シート2 を読めません", None),
            (
                ProblemRowKind::Warning,
                "期限 13月 を解釈できません",
                Some("E4".to_string())
            ),
        ]
    );
    // FY2025 shows the skipped file and 建設部's file (no 2025 warnings).
    assert_eq!(books[0].problems.len(), 1);
    assert_eq!(books[0].import_problems.len(), 1);
    assert_eq!(books[1].import_problems.len(), 2);
    assert_eq!(books[1].reports.len(), 2);
}

#[test]
fn an_unplaced_file_gets_the_book_of_the_current_year() {
    let mut broken = source("/share/環境部.xlsx", vec![]);
    broken.problems.push(problem(
        "/share/環境部.xlsx",
        "file is truncated or corrupt",
        ProblemKind::Error,
    ));
    let mut files = folder();
    // Skipped files alone place nothing.
    assert_eq!(
        book_years(&files, d(2027, 5, 1)),
        [FiscalYear(2025), FiscalYear(2026)].into()
    );
    files.push(broken);
    assert_eq!(
        book_years(&files, d(2027, 5, 1)),
        [FiscalYear(2025), FiscalYear(2026), FiscalYear(2027)].into()
    );
    let books = consolidate(&files, d(2027, 5, 1), reporting);
    let current = books.last().unwrap();
    assert_eq!(current.fiscal_year, FiscalYear(2027));
    assert!(current.reports.is_empty());
    assert!(
        current
            .import_problems
            .iter()
            .any(|p| p.file.ends_with("環境部.xlsx"))
    );
}

#[test]
fn extra_fields_fill_the_other_column_and_unused_cells_are_listed_once() {
    use crate::model::{CellRef, ExtraField, UnusedCell};
    let mut a = item("S", 4, "空き家対策");
    a.extras = vec![
        ExtraField {
            header: "取組内容".into(),
            text: "所有者への通知".into(),
            cell: CellRef::new("S", 3, 3),
        },
        ExtraField {
            header: "関連予算".into(),
            text: "120千円".into(),
            cell: CellRef::new("S", 3, 4),
        },
    ];
    let unused = UnusedCell {
        cell: CellRef::new("S", 3, 6),
        text: "メモ".into(),
    };
    // A sheet whose blocks name two departments gives two reports that
    // share the sheet's coverage.
    let mut reports = vec![
        report("a.xlsx", "S", 2026, "総務部", vec![goal("1", "g", vec![a])]),
        report(
            "a.xlsx",
            "S",
            2026,
            "企画部",
            vec![goal("2", "h", Vec::new())],
        ),
    ];
    for r in &mut reports {
        r.reading.coverage.not_used_in_items = vec![unused.clone()];
    }
    let files = vec![source("a.xlsx", reports)];
    let books = consolidate(&files, today(), reporting);
    let row = &books[0].items[0];
    let other = labels::ITEM_HEADERS
        .iter()
        .position(|h| *h == "その他")
        .unwrap();
    assert_eq!(
        row.values()[other],
        Value::Text("取組内容：所有者への通知\n関連予算：120千円".into())
    );
    let unused_rows: Vec<&ProblemRow<'_>> = books[0]
        .problems
        .iter()
        .filter(|p| p.kind == ProblemRowKind::Unused)
        .collect();
    assert_eq!(unused_rows.len(), 1);
    assert_eq!(
        unused_rows[0].cell.map(|c| c.to_string()).as_deref(),
        Some("G4")
    );
    assert_eq!(unused_rows[0].sheet, Some("S"));
    assert!(unused_rows[0].message.contains("「メモ」"));
    assert_eq!(
        unused_rows[0].values()[0],
        Value::Text(labels::PROBLEM_UNUSED.into())
    );
}

fn report_of(state: u8) -> Report {
    match state % 3 {
        0 => Report::Empty,
        1 => Report::Filled("済".into()),
        _ => Report::NotInLayout,
    }
}

proptest::proptest! {
    #[test]
    fn consolidation_never_panics_and_keeps_every_item(
        specs in proptest::collection::vec(
            (
                0usize..3,
                proptest::collection::vec(-400i64..400, 0..4),
                proptest::bool::ANY,
                0u8..3,
                0u8..3,
                proptest::option::of(proptest::num::f64::ANY),
                2024i32..2027,
            ),
            0..30,
        ),
        offset in -400i64..400,
    ) {
        let today = d(2026, 6, 1) + TimeDelta::days(offset);
        let files: Vec<SourceFile> = specs
            .iter()
            .enumerate()
            .map(|(n, (dept, days, is_ongoing, interim, year_end, achievement, fy))| {
                let mut it = item("S", n as u32, "取組");
                it.deadlines = days.iter().map(|x| due(d(2026, 6, 1) + TimeDelta::days(*x))).collect();
                if *is_ongoing {
                    it.deadlines.push(ongoing());
                }
                it.interim = report_of(*interim);
                it.year_end = report_of(*year_end);
                it.achievement = *achievement;
                let department = ["企画部", "総務部", "建設部"][*dept];
                let path = format!("/share/{n}.xlsx");
                source(&path, vec![report(&path, "S", *fy, department, vec![goal("1", "目標", vec![it])])])
            })
            .collect();
        let books = consolidate(&files, today, |fy| ReportingDates {
            interim_due: NaiveDate::from_ymd_opt(fy.0, 10, 31),
            year_end_due: None,
        });
        let total: usize = books.iter().map(|b| b.items.len()).sum();
        proptest::prop_assert_eq!(total, specs.len());
        for book in &books {
            proptest::prop_assert_eq!(book.overview.totals.items as usize, book.items.len());
            let binned: u64 = book.overview.achievement_bins.iter().map(|(_, n)| n).sum();
            proptest::prop_assert_eq!(binned as usize, book.items.len());
            for row in &book.items {
                proptest::prop_assert_eq!(row.values().len(), labels::ITEM_HEADERS.len());
                if let Some(due) = row.due {
                    proptest::prop_assert!(row.all_dues.contains(&due));
                }
            }
            for row in &book.deadlines {
                proptest::prop_assert_eq!(book.deadline_values(row).len(), labels::DEADLINE_HEADERS.len());
            }
            let mut late = 0;
            for reports in &book.missing {
                for group in &reports.groups {
                    for &i in &group.items {
                        proptest::prop_assert_eq!(book.items[i].department, group.department);
                        let state = reports.milestone.state(book.items[i].item);
                        proptest::prop_assert!(state.awaited_cell().is_some());
                    }
                }
                if reports.is_late() {
                    late += reports.count() as u64;
                }
            }
            proptest::prop_assert_eq!(book.overview.totals.late(), late);
            let (rows, items, counted) = overdue_everywhere(book);
            proptest::prop_assert_eq!(&rows, &items);
            proptest::prop_assert_eq!(counted, items.len() as u64);
        }
    }
}

#[test]
fn a_sheets_problems_are_listed_in_the_order_of_their_cells() {
    let mut file = source(
        "/share/建設部.xlsx",
        vec![report(
            "/share/建設部.xlsx",
            "T",
            2026,
            "建設部",
            vec![goal("1", "安全な道", vec![item("T", 3, "道路補修")])],
        )],
    );
    let mut reports = file.reports.to_vec();
    // Row 10 before row 9 and column AA before column B: written out,
    // `A10` < `A9` and `AA9` < `B9`, where a reader expects the reverse.
    for (row, col) in [(9, 0), (8, 26), (8, 0), (8, 1)] {
        reports[0].warnings.push(crate::model::Warning {
            cell: Some(crate::model::CellRef::new("T", row, col)),
            message: "期限を解釈できません".into(),
        });
    }
    file.reports = reports.into();
    let files = [file];
    let books = consolidate(&files, today(), reporting);
    let cells: Vec<String> = books[0]
        .problems
        .iter()
        .filter_map(|p| p.cell.map(|c| c.to_string()))
        .collect();
    assert_eq!(cells, ["A9", "B9", "AA9", "A10"]);
}
