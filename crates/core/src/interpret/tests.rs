//! Unit tests of the interpretation on hand-built grids: layouts the
//! corpus does not have (renamed headers, tables off A1, two-row headers,
//! full-width text, merged label blocks), noise, options and a property test.

use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::grid::{CellValue, MergedRange};
use crate::model::{LayoutKind, Origin, Report, Role};

fn grid(name: &str, rows: &[&[&str]]) -> Grid {
    Grid::from_texts(name, rows)
}

fn run(file: &str, sheets: &[Grid]) -> WorkbookOutcome {
    interpret_workbook(
        Path::new(file),
        sheets,
        &FieldDictionary::default(),
        &InterpretOptions::default(),
    )
}

fn only_report(out: &WorkbookOutcome) -> &SheetReport {
    match out {
        WorkbookOutcome::Reports(r) if r.len() == 1 => &r[0],
        other => panic!("expected one report, got {other:?}"),
    }
}

/// Each item's reports as read, sheet after sheet: whether the interim
/// report is filled and its cell, whether the year-end report is filled
/// and its cell (empty where the layout has none).
fn reports_read(out: &WorkbookOutcome) -> Vec<(bool, String, bool, String)> {
    let WorkbookOutcome::Reports(reports) = out else {
        panic!("{out:?}")
    };
    let cell = |c: Option<crate::model::CellRef>| c.map(|c| c.to_string()).unwrap_or_default();
    reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| {
            (
                i.interim.is_filled(),
                cell(i.cells.interim()),
                i.year_end.is_filled(),
                cell(i.cells.year_end()),
            )
        })
        .collect()
}

/// A row of [`reports_read`].
fn reported(
    interim: bool,
    at: &str,
    year_end: bool,
    year_end_at: &str,
) -> (bool, String, bool, String) {
    (interim, at.to_string(), year_end, year_end_at.to_string())
}

fn merge(g: &mut Grid, first_row: u32, first_col: u32, last_row: u32, last_col: u32) {
    g.add_merge(MergedRange {
        first_row,
        first_col,
        last_row,
        last_col,
    });
}

#[test]
fn renamed_headers_from_the_dictionary_parse() {
    let g = grid(
        "計画",
        &[
            &["令和7年度 部の取組"],
            &["所属", "企画部"],
            &[],
            &[
                "具体的取組",
                "実施時期",
                "目標値",
                "上半期実績",
                "年間実績",
                "所管課",
            ],
            &[
                "窓口の電子化",
                "9月末まで",
                "50件",
                "着手済",
                "",
                "市民課、情報課",
            ],
            &["広報紙の刷新", "通年", "12回", "－", "", "広報課"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    assert_eq!(r.fiscal_year.0, 2025);
    assert_eq!(r.department, "企画部");
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].title(), "窓口の電子化");
    assert_eq!(items[0].deadline_text(), Some("9月末まで"));
    assert_eq!(items[0].target(), Some("50件"));
    assert_eq!(items[0].interim, Report::Filled("着手済".into()));
    assert_eq!(items[0].year_end, Report::Empty);
    assert_eq!(items[0].owners, vec!["市民課", "情報課"]);
    assert_eq!(items[0].cells.year_end().unwrap().to_string(), "計画!E5");
    // A placeholder counts as empty.
    assert_eq!(items[1].interim, Report::Empty);
}

#[test]
fn table_starting_at_column_c_with_full_width_headers() {
    let g = grid(
        "Sheet1",
        &[
            &[],
            &["", "", "令和６年度　重点目標管理シート"],
            &["", "", "部局名", "建設部"],
            &["", "", "重点目標", "道路の長寿命化"],
            &[],
            &[
                "",
                "",
                "Ｎｏ．",
                "取 組 項 目",
                "期　限",
                "中間報告",
                "期末報告",
            ],
            &["", "", "１", "橋梁点検", "１０月末", "完了", ""],
            &["", "", "２", "舗装補修", "年度内", "", ""],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    assert_eq!(r.fiscal_year.0, 2024);
    assert_eq!(r.department, "建設部");
    assert_eq!(r.goals.len(), 1);
    assert_eq!(r.goals[0].title, "道路の長寿命化");
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].number(), Some("１"));
    assert_eq!(items[0].cell.to_string(), "Sheet1!D7");
    assert!(items[0].interim.is_filled());
    assert!(items[1].interim.is_empty());
    assert_eq!(items[1].cells.interim().unwrap().to_string(), "Sheet1!F8");
}

#[test]
fn two_row_header_with_merged_parent() {
    let mut g = grid(
        "S",
        &[
            &["令和8年度"],
            &["取組項目", "期間・期限", "報告", ""],
            &["", "", "中間", "期末"],
            &["① 研修の実施", "年度末", "2回実施", ""],
        ],
    );
    merge(&mut g, 1, 2, 1, 3);
    merge(&mut g, 1, 0, 2, 0);
    merge(&mut g, 1, 1, 2, 1);
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].number(), Some("①"));
    assert_eq!(items[0].title(), "研修の実施");
    assert_eq!(items[0].interim, Report::Filled("2回実施".into()));
    assert_eq!(items[0].year_end, Report::Empty);
    assert_eq!(items[0].cells.year_end().unwrap().to_string(), "S!D4");
}

/// The same header with no merged cells, as a file saved without them or a
/// parent centred across its columns: the sub-heading under an empty
/// header cell takes the nearest heading to its left as its parent.
#[test]
fn two_row_header_with_unmerged_parent() {
    let g = grid(
        "S",
        &[
            &["令和8年度"],
            &["取組項目", "期間・期限", "報告", ""],
            &["", "", "中間", "期末"],
            &["① 研修の実施", "年度末", "2回実施", "実施済"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title(), "研修の実施");
    assert_eq!(items[0].interim, Report::Filled("2回実施".into()));
    assert_eq!(items[0].year_end, Report::Filled("実施済".into()));
    assert_eq!(items[0].cells.year_end().unwrap().to_string(), "S!D4");
}

#[test]
fn merged_label_blocks_repeat_per_record() {
    let mut g = grid(
        "計画",
        &[
            &["令和5年度 行動計画"],
            &["1 財政の健全化"],
            &[
                "項目番号",
                "No.1",
                "項目名",
                "基金の管理",
                "担当課",
                "財政課",
            ],
            &["目標", "残高21億円以上"],
            &["", "", "", "", "", "達成度"],
            &["R5年度実績", "残高41億円", "", "", "", "100%"],
            &["R6年度計画", "9月末までに方針決定"],
            &[
                "項目番号",
                "No.2",
                "項目名",
                "補助金の見直し",
                "担当課",
                "財政課",
            ],
            &["R5年度実績", "要綱を改正", "", "", "", "70%"],
        ],
    );
    merge(&mut g, 5, 1, 5, 4);
    let out = run("plan.xlsx", &[g]);
    let WorkbookOutcome::Reports(r) = out else {
        panic!("{out:?}")
    };
    // The title states the sheet's year (令和5年度): the next year's plan
    // row is kept with its item, no item of a year of its own.
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].fiscal_year.0, 2023);
    assert_eq!(r[0].goals[0].title, "財政の健全化");
    let fy2023: Vec<_> = r[0].items().map(|(_, i)| i).collect();
    assert_eq!(fy2023.len(), 2);
    assert_eq!(fy2023[0].achievement, Some(1.0));
    assert_eq!(fy2023[1].achievement, Some(0.7));
    assert!(fy2023[0].year_end.is_filled());
    let next: Vec<(&str, &str)> = fy2023[0]
        .extras
        .iter()
        .map(|e| (e.header.as_ref(), e.text.as_ref()))
        .collect();
    assert_eq!(next, [("令和6年度 計画", "9月末までに方針決定")]);
}

#[test]
fn year_rows_of_a_sheet_naming_no_year_elsewhere_are_each_their_year() {
    let mut g = grid(
        "計画",
        &[
            &["行動計画"],
            &["1 財政の健全化"],
            &[
                "項目番号",
                "No.1",
                "項目名",
                "基金の管理",
                "担当課",
                "財政課",
            ],
            &["目標", "残高21億円以上"],
            &["", "", "", "", "", "達成度"],
            &["R5年度実績", "残高41億円", "", "", "", "100%"],
            &["R6年度計画", "9月末までに方針決定"],
        ],
    );
    merge(&mut g, 5, 1, 5, 4);
    let out = run("plan.xlsx", &[g]);
    let WorkbookOutcome::Reports(r) = out else {
        panic!("{out:?}")
    };
    let years: Vec<i32> = r.iter().map(|r| r.fiscal_year.0).collect();
    assert_eq!(years, [2023, 2024], "{:?}", r[0].reading);
    let (_, fy2024) = r[1].items().next().expect("an item");
    assert_eq!(fy2024.deadline_text(), Some("9月末までに方針決定"));
}

#[test]
fn year_rows_of_a_half_and_of_the_whole_year_are_the_two_reports() {
    let mut g = grid(
        "計画",
        &[
            &["令和8年度 実施状況"],
            &[
                "項目番号",
                "1",
                "項目名",
                "窓口の電子化",
                "担当課",
                "市民課",
            ],
            &["R7年度実績", "申請3種を電子化"],
            &["R8年度計画", "申請10種を電子化"],
            &["R8年度 前期の実績", "申請6種を電子化した。"],
            &["R8年度 実績", ""],
            &[
                "項目番号",
                "2",
                "項目名",
                "広報紙の刷新",
                "担当課",
                "広報課",
            ],
            &["R8年度計画", "紙面の刷新"],
            &["R8年度 前期の実績", ""],
            &["R8年度 実績", "紙面を刷新した。"],
        ],
    );
    for row in [4, 5, 8, 9] {
        merge(&mut g, row, 1, row, 4);
    }
    let out = run("plan.xlsx", &[g]);
    let WorkbookOutcome::Reports(r) = out else {
        panic!("{out:?}")
    };
    let fy2026 = r.iter().find(|r| r.fiscal_year.0 == 2026).expect("FY2026");
    let items: Vec<_> = fy2026.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 2);
    assert!(items[0].interim.is_filled() && items[0].year_end.is_empty());
    assert!(items[1].interim.is_empty() && items[1].year_end.is_filled());
    assert_eq!(
        items[0].cells.year_end().map(|c| c.to_string()),
        Some("計画!B6".into())
    );
    assert_eq!(
        items[1].cells.interim().map(|c| c.to_string()),
        Some("計画!B9".into())
    );
    // The year before is kept with the item, and its plan without a date
    // is no deadline.
    assert_eq!(r.len(), 1);
    let fields: Vec<&str> = items[0].extras.iter().map(|e| e.header.as_ref()).collect();
    assert_eq!(fields, ["令和8年度 計画", "令和7年度 実績"]);
    assert!(items[1].deadlines.is_empty(), "{:?}", items[1].deadlines);
}

#[test]
fn year_rows_under_a_record_number_merged_down_its_block_are_no_table() {
    let block =
        |n: &'static str, title: &'static str, aim: &'static str| -> Vec<Vec<&'static str>> {
            vec![
                vec![n, "項目名", title],
                vec!["", "担当課", "企画課"],
                vec!["", "目指すところ", aim],
                vec!["", "年度ごとの計画と実績"],
                vec!["", "R7年度実績", "調査を実施した。"],
                vec!["", "R8年度計画", "9月末までに方針を決める。"],
                vec!["", "R8年度 上期実績", "方針案を作成した。"],
                vec!["", "R8年度実績", ""],
                vec![],
            ]
        };
    let mut rows: Vec<Vec<&str>> = vec![vec!["令和8年度 実施項目"], vec![]];
    rows.extend(block("No.1", "窓口の電子化", "申請の半分を電子化"));
    rows.extend(block("No.2", "広報紙の刷新", "R9年度から全戸配布"));
    let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let mut g = grid("計画", &refs);
    for first in [2, 11] {
        merge(&mut g, first, 0, first + 7, 0);
        for row in first..first + 8 {
            merge(&mut g, row, 2, row, 5);
        }
    }
    let out = run("plan.xlsx", &[g]);
    let WorkbookOutcome::Reports(r) = out else {
        panic!("{out:?}")
    };
    let fy2026 = r.iter().find(|r| r.fiscal_year.0 == 2026).expect("FY2026");
    let titles: Vec<&str> = fy2026.items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        ["窓口の電子化", "広報紙の刷新"],
        "{:?}",
        fy2026.reading
    );
    assert!(
        fy2026
            .items()
            .all(|(_, i)| i.interim.is_filled() && i.year_end.is_empty())
    );
}

#[test]
fn labelled_sections_inside_one_cell() {
    let mut g = grid(
        "運営",
        &[
            &["令和5年度 運営目標"],
            &["1", "防災力の向上"],
            &[
                "運営目標",
                "①",
                "【施策】 訓練の充実\n【達成すべき指標】 参加者500人\n【指標を実現するための取組・手段等】\n①総合訓練 9月",
            ],
            &["", "②", ""],
        ],
    );
    merge(&mut g, 2, 0, 3, 0);
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    assert_eq!(r.goals.len(), 1);
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 1, "the blank ② row is no item");
    assert_eq!(items[0].title(), "訓練の充実");
    assert_eq!(items[0].target(), Some("参加者500人"));
    assert!(r.layout.contains(LayoutKind::Sections));
}

#[test]
fn unknown_header_words_are_read_by_what_the_cells_hold_and_a_word_confirms() {
    let g = grid(
        "S",
        &[
            &["令和8年度"],
            &["やること", "いつまで", "中間報告"],
            &["名簿の整理", "9月末", "済"],
            &["窓口の電子化", "年度末", ""],
        ],
    );
    let before = run("x.xlsx", std::slice::from_ref(&g));
    let r = only_report(&before);
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].deadline_text(), Some("9月末"));
    let table = &r.reading.tables[0];
    assert_eq!(table.columns[0].role, crate::model::Role::Item);
    assert_eq!(table.columns[1].role, crate::model::Role::Deadline);
    let dict = FieldDictionary::default()
        .extended_with_toml("[fields]\nitem = [\"やること\"]\ndeadline = [\"いつまで\"]\n")
        .unwrap();
    let after = interpret_workbook(
        Path::new("x.xlsx"),
        &[g],
        &dict,
        &InterpretOptions::default(),
    );
    let r = only_report(&after);
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].deadline_text(), Some("9月末"));
    assert!(items[0].interim.is_filled());
    assert_eq!(
        r.reading.tables[0].confidence,
        crate::model::Confidence::High,
        "the dictionary's words make the reading sure"
    );
}

#[test]
fn staff_list_is_not_a_goal_sheet() {
    let g = grid(
        "職員名簿",
        &[
            &["職員名簿"],
            &["氏名", "所属", "役職", "内線"],
            &["山田 太郎", "総務課", "課長", "2101"],
            &["佐藤 花子", "財政課", "主査", "2202"],
        ],
    );
    assert!(matches!(
        run("staff.xlsx", &[g]),
        WorkbookOutcome::NotAGoalSheet { .. }
    ));
    assert!(matches!(
        run("empty.xlsx", &[]),
        WorkbookOutcome::NotAGoalSheet { .. }
    ));
}

#[test]
fn header_without_items_warns_at_the_header() {
    let g = grid(
        "S",
        &[
            &["令和8年度"],
            &["重点目標", "未定"],
            &["取組項目", "期間・期限", "中間報告"],
            &[],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    assert_eq!(r.goals.len(), 1);
    assert_eq!(r.goals[0].title, "未定");
    assert_eq!(r.items().count(), 0);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.cell.as_ref().is_some_and(|c| c.to_string() == "S!A3")
                && w.message.contains("その下に取組がありません")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn unresolvable_deadline_warns_with_the_cell() {
    let g = grid(
        "S",
        &[
            &["令和8年度"],
            &["取組項目", "期間・期限"],
            &["点検", "近日中"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.cell.as_ref().is_some_and(|c| c.to_string() == "S!B3")),
        "{:?}",
        r.warnings
    );
}

/// The warnings about cells of a one-sheet workbook, as `cell message`.
fn cell_warnings(out: &WorkbookOutcome) -> Vec<String> {
    only_report(out)
        .warnings
        .iter()
        .filter_map(|w| Some(format!("{} {}", w.cell.as_ref()?, w.message)))
        .collect()
}

#[test]
fn deadlines_outside_the_fiscal_year_are_kept_and_warned_about_with_the_cell() {
    let g = grid(
        "S",
        &[
            &["令和8年度"],
            &["取組項目", "期間・期限"],
            &["点検", "H30.3"],
            &["計画", "R9年度"],
            &["整理", "9月末まで（10月に報告）"],
            &["研修", "前年度中"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    assert_eq!(
        cell_warnings(&out),
        [
            "S!B3 期限「H30.3」（平成30年3月31日）は令和8年度より前の日付です",
            "S!B4 期限「R9年度」（令和10年3月31日）は令和8年度より後の日付です",
            "S!B6 期限「前年度中」（令和8年3月31日）は令和8年度より前の日付です",
        ]
    );
    let dues: Vec<Vec<String>> = only_report(&out)
        .items()
        .map(|(_, i)| {
            i.deadlines
                .iter()
                .filter_map(|d| d.due())
                .map(|d| d.to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        dues,
        [
            vec!["2018-03-31"],
            vec!["2028-03-31"],
            vec!["2026-09-30"],
            vec!["2026-03-31"]
        ]
    );
}

#[test]
fn a_date_cell_shown_as_its_month_is_the_end_of_the_month_as_shown() {
    let mut g = grid(
        "S",
        &[
            &["令和8年度"],
            &["取組項目", "期間・期限"],
            &["点検", ""],
            &["計画", ""],
            &["整理", ""],
        ],
    );
    let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let shown = |text: &str| text.to_string();
    g.set(
        2,
        1,
        CellValue::Month {
            date: day(9, 1),
            shown: shown("令和8年9月"),
        },
    );
    g.set(
        3,
        1,
        CellValue::Date(day(9, 1).and_time(chrono::NaiveTime::MIN)),
    );
    g.set(
        4,
        1,
        CellValue::Month {
            date: day(3, 1),
            shown: shown("2026/03"),
        },
    );
    let out = run("x.xlsx", &[g]);
    let items: Vec<_> = only_report(&out).items().map(|(_, i)| i).collect();
    let read: Vec<(Option<&str>, String)> = items
        .iter()
        .map(|i| (i.deadline_text(), format!("{:?}", i.deadlines[0].kind)))
        .collect();
    assert_eq!(
        read,
        [
            (
                Some("令和8年9月"),
                "Due { date: 2026-09-30, precision: Month }".to_string()
            ),
            (
                Some("2026-09-01"),
                "Due { date: 2026-09-01, precision: Day }".to_string()
            ),
            (
                Some("2026/03"),
                "Due { date: 2026-03-31, precision: Month }".to_string()
            ),
        ]
    );
    assert_eq!(items[0].deadlines[0].phrase, "令和8年9月");
    assert_eq!(
        cell_warnings(&out),
        ["S!B5 期限「2026/03」（令和8年3月31日）は令和8年度より前の日付です"]
    );
}

/// A date column whose format was lost shows Excel's serial numbers
/// (`46325`), stored as numbers or as their digits: in a deadline column
/// they are the days they count, where those days lie near the sheet's
/// year; a number far from it stays a number.
#[test]
fn serial_numbers_in_a_deadline_column_are_the_days_they_count() {
    let mut g = grid(
        "S",
        &[
            &["令和8年度"],
            &["取組項目", "期限"],
            &["岸壁の点検", ""],
            &["桟橋の塗装", "46223"],
            &["係留柱の交換", ""],
        ],
    );
    g.set(2, 1, CellValue::Number(46325.0));
    g.set(4, 1, CellValue::Number(1200.0));
    let out = run("x.xlsx", &[g]);
    let read: Vec<(Option<String>, Vec<String>)> = only_report(&out)
        .items()
        .map(|(_, i)| {
            let dues = i
                .deadlines
                .iter()
                .filter_map(|d| d.due())
                .map(|d| d.to_string());
            (i.deadline_text().map(str::to_string), dues.collect())
        })
        .collect();
    let day = |d: &str| (Some(d.to_string()), vec![d.to_string()]);
    assert_eq!(read[0], day("2026-10-30"));
    assert_eq!(read[1], day("2026-07-20"));
    assert!(read[2].1.is_empty(), "{read:?}");
}

/// An export's line of who and when above its header (`出力日 | 2026/11/20
/// | 出力者 | …`) pairs labels with values: a date written as text is a
/// value, as a date cell is, so the line heads no table.
#[test]
fn an_export_line_of_labels_and_a_written_date_is_no_header() {
    let g = grid(
        "export",
        &[
            &["水産課　令和8年度 取組進捗"],
            &["作成日", "2026/10/02", "作成", "水産課 企画係"],
            &["No", "取組", "いつまでに", "上期のようす", "下期のようす"],
            &["1", "漁港の岸壁補修", "2026/12/25", "設計を終えた。", ""],
            &["2", "稚魚の放流", "2026/07/31", "放流済み。", ""],
        ],
    );
    let out = run("export.csv", &[g]);
    let report = only_report(&out);
    let titles: Vec<&str> = report.items().map(|(_, i)| i.title()).collect();
    assert_eq!(titles, ["漁港の岸壁補修", "稚魚の放流"]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "export!D4", false, "export!E4"),
            reported(true, "export!D5", false, "export!E5")
        ]
    );
}

#[test]
fn fiscal_year_and_department_fallbacks() {
    let g = grid("S", &[&["取組項目", "期限"], &["点検", "9月末"]]);
    let out = run("ueda_kensetsu_R3.xlsx", std::slice::from_ref(&g));
    let r = only_report(&out);
    assert_eq!(r.fiscal_year.0, 2021);
    assert_eq!(r.reading.fiscal_year_from, Origin::FileName);
    // Never the file's name: 部局不明, with a warning naming the key.
    assert_eq!(r.department, UNKNOWN_DEPARTMENT);
    assert_eq!(r.reading.department_from, Origin::Unknown);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message.contains("ueda_kensetsu_R3.xlsx")
                && w.message.contains("parse.departments_by_file")),
        "{:?}",
        r.warnings
    );
    assert!(matches!(
        run("plain.xlsx", std::slice::from_ref(&g)),
        WorkbookOutcome::NoFiscalYear { .. }
    ));
    let opts = InterpretOptions {
        default_fiscal_year: Some(2026),
        departments_by_file: vec![FilePattern {
            pattern: "*kensetsu*".into(),
            department: "建設部".into(),
        }],
        ..InterpretOptions::default()
    };
    let out = interpret_workbook(
        Path::new("/share/kensetsu.xlsx"),
        &[g],
        &FieldDictionary::default(),
        &opts,
    );
    let r = only_report(&out);
    assert_eq!(r.fiscal_year.0, 2026);
    assert_eq!(
        r.reading.fiscal_year_from,
        Origin::Config {
            key: "parse.default_fiscal_year".into()
        }
    );
    assert_eq!(r.department, "建設部");
    assert_eq!(
        r.reading.department_from,
        Origin::Config {
            key: "parse.departments_by_file".into()
        }
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(
        r.items().next().unwrap().1.due_dates()[0].to_string(),
        "2026-09-30"
    );
}

#[test]
fn pins_restrict_or_skip() {
    let g = grid(
        "S",
        &[&["令和8年度"], &["取組項目", "期限"], &["点検", "9月末"]],
    );
    let mut opts = InterpretOptions {
        pins: vec![LayoutPin {
            pattern: "*名簿*".into(),
            layout: PinnedLayout::NotAGoalSheet,
        }],
        ..InterpretOptions::default()
    };
    let dict = FieldDictionary::default();
    let skipped = interpret_workbook(
        Path::new("職員名簿.xlsx"),
        std::slice::from_ref(&g),
        &dict,
        &opts,
    );
    assert!(matches!(skipped, WorkbookOutcome::NotAGoalSheet { .. }));
    opts.pins[0] = LayoutPin {
        pattern: "*".into(),
        layout: PinnedLayout::Blocks,
    };
    let blocks_only =
        interpret_workbook(Path::new("a.xlsx"), std::slice::from_ref(&g), &dict, &opts);
    assert!(matches!(blocks_only, WorkbookOutcome::NotAGoalSheet { .. }));
    opts.pins[0].layout = PinnedLayout::Table;
    let table = interpret_workbook(Path::new("a.xlsx"), &[g], &dict, &opts);
    assert_eq!(only_report(&table).items().count(), 1);
}

#[test]
fn goal_list_alone_reports_goals_without_items() {
    let g = grid(
        "重点目標",
        &[
            &["令和8年度 重点目標"],
            &["No.", "重点目標", "優先順位"],
            &["1", "防災", "1位"],
            &["2", "DX", "2位"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    assert_eq!(r.layout, LayoutKind::GoalList.into());
    assert_eq!(r.goals.len(), 2);
    assert_eq!(r.goals[1].priority.as_deref(), Some("2位"));
}

/// Goals whose titles differ only in a bracketed note or in spaces are
/// different goals: each takes the number and priority of its own row of
/// the goal list.
#[test]
fn goal_list_numbers_goals_differing_only_in_brackets_or_spaces() {
    let list = grid(
        "重点目標",
        &[
            &["令和8年度 重点目標"],
            &["No.", "重点目標", "優先順位"],
            &["1", "窓口サービスの向上（本庁）", "1位"],
            &["2", "窓口サービスの向上（支所）", "2位"],
            &["3", "防災 訓練の実施", "3位"],
            &["4", "防災訓練の実施", "4位"],
        ],
    );
    let goal_sheet = |name: &str, title: &str| {
        grid(
            name,
            &[
                &["令和8年度 重点目標管理シート"],
                &["重点目標", title],
                &[],
                &["取組項目", "期限", "中間報告"],
                &["窓口の改善", "9月末", ""],
            ],
        )
    };
    let sheets = [
        list,
        goal_sheet("シート1", "窓口サービスの向上（支所）"),
        goal_sheet("シート2", "窓口サービスの向上（本庁）"),
        goal_sheet("シート3", "防災訓練の実施"),
        goal_sheet("シート4", "防災 訓練の実施"),
        // Full-width spaces and letters still match the list.
        goal_sheet("シート5", "窓口サービスの向上　（本庁）"),
    ];
    let out = run("x.xlsx", &sheets);
    let numbered: Vec<(Option<&str>, Option<&str>)> = out
        .reports()
        .iter()
        .flat_map(|r| &r.goals)
        .map(|g| (g.number.as_deref(), g.priority.as_deref()))
        .collect();
    assert_eq!(
        numbered,
        vec![
            (Some("2"), Some("2位")),
            (Some("1"), Some("1位")),
            (Some("4"), Some("4位")),
            (Some("3"), Some("3位")),
            (Some("1"), Some("1位")),
        ]
    );
}

/// A sheet title that matches several listed goals once their notes are
/// dropped matches none of them.
#[test]
fn goal_list_match_without_notes_must_be_unique() {
    let list = grid(
        "重点目標",
        &[
            &["令和8年度 重点目標"],
            &["No.", "重点目標", "優先順位"],
            &["1", "窓口サービスの向上（本庁）", "1位"],
            &["2", "窓口サービスの向上（支所）", "2位"],
            &["3", "ＤＸの推進（全庁）", "3位"],
        ],
    );
    let goal_sheet = |name: &str, title: &str| {
        grid(
            name,
            &[
                &["令和8年度 重点目標管理シート"],
                &["重点目標", title],
                &[],
                &["取組項目", "期限"],
                &["窓口の改善", "9月末"],
            ],
        )
    };
    let out = run(
        "x.xlsx",
        &[
            list,
            goal_sheet("シート1", "窓口サービスの向上"),
            goal_sheet("シート2", "DXの推進"),
        ],
    );
    let numbered: Vec<Option<&str>> = out
        .reports()
        .iter()
        .flat_map(|r| &r.goals)
        .map(|g| g.number.as_deref())
        .collect();
    assert_eq!(numbered, vec![None, Some("3")]);
}

#[test]
fn options_deserialize_with_defaults_and_reject_unknown_keys() {
    let opts: InterpretOptions = toml::from_str("default_fiscal_year = 2026\n").unwrap();
    assert_eq!(opts.default_fiscal_year, Some(2026));
    assert!(opts.empty_placeholders.contains(&"未記入".to_string()));
    let opts: InterpretOptions = toml::from_str(
        "[[pins]]\npattern = \"*.xls\"\nlayout = \"table\"\n[[departments_by_file]]\npattern = \"*総務部*\"\ndepartment = \"総務部\"\n",
    )
    .unwrap();
    assert_eq!(opts.pins[0].layout, PinnedLayout::Table);
    assert!(toml::from_str::<InterpretOptions>("bogus = 1\n").is_err());
}

#[test]
fn glob_patterns() {
    assert!(file_matches(
        "*総務部*",
        Path::new("/x/令和8年度_総務部.xlsx")
    ));
    assert!(!file_matches("*総務部*", Path::new("/総務部/a.xlsx")));
    assert!(file_matches(
        "/share/*/a.xlsx",
        Path::new("/share/総務部/a.xlsx")
    ));
    assert!(file_matches("a?c.xlsx", Path::new("abc.xlsx")));
    assert!(!file_matches("a?c.xlsx", Path::new("abbc.xlsx")));
}

fn cell_strategy() -> impl Strategy<Value = CellValue> {
    prop_oneof![
        Just(CellValue::Empty),
        (0i64..100_000).prop_map(|n| CellValue::Month {
            date: chrono::NaiveDate::from_num_days_from_ce_opt(700_000 + n as i32)
                .unwrap_or_default(),
            shown: "令和8年9月".to_string(),
        }),
        prop::sample::select(vec![
            "取組項目",
            "期間・期限",
            "中間報告",
            "期末報告",
            "重点目標",
            "部局名",
            "①",
            "No.1",
            "項目番号",
            "項目名",
            "担当課",
            "R4年度実績",
            "R5年度計画",
            "年度計画達成度",
            "◎部局目標1",
            "特記事項",
            "【施策】a【目標】b",
            "所属：総務部",
            "1 見出し",
            "令和8年度",
            "9月末まで",
            "－",
            "(1)",
            "総務部長",
        ])
        .prop_map(|s| CellValue::Text(s.to_string())),
        any::<String>().prop_map(CellValue::Text),
        (-5.0f64..200.0).prop_map(CellValue::Number),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn never_panics_on_random_small_grids(
        rows in prop::collection::vec(prop::collection::vec(cell_strategy(), 0..7), 0..10),
        merges in prop::collection::vec((0u32..10, 0u32..7, 0u32..3, 0u32..3), 0..4),
    ) {
        let mut g = Grid::from_rows("S", rows);
        for (r, c, h, w) in merges {
            g.add_merge(MergedRange { first_row: r, first_col: c, last_row: r + h, last_col: c + w });
        }
        let _ = run("R8.xlsx", &[g.clone(), g]);
    }
}

/// Two sheets of one year, each the whole table with the report of its
/// half: the later sheet's reports go to the earlier sheet's items.
#[test]
fn sheets_per_half_year_of_the_same_items_are_one_table_with_both_reports() {
    let first = grid(
        "前半",
        &[
            &["令和8年度 会計課の取組"],
            &["No", "やること", "しめきり", "前半の取組状況"],
            &["1", "請求書の電子受付", "10月末", "受付を始めた"],
            &["2", "手数料の見直し", "9月末", ""],
        ],
    );
    let second = grid(
        "後半",
        &[
            &["令和8年度 会計課の取組"],
            &["No", "やること", "しめきり", "後半の取組状況（実績）"],
            &["1", "請求書の電子受付", "10月末", "全課で運用した"],
            &["2", "手数料の見直し", "9月末", ""],
        ],
    );
    let out = run("会計課.xlsx", &[first, second]);
    let items: Vec<&crate::model::ActionItem> = match &out {
        WorkbookOutcome::Reports(r) => r.iter().flat_map(|s| s.items().map(|(_, i)| i)).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(items.len(), 2, "{out:?}");
    assert_eq!(items[0].interim, Report::Filled("受付を始めた".into()));
    assert_eq!(items[0].year_end, Report::Filled("全課で運用した".into()));
    assert_eq!(
        items[0].cells.year_end().map(|c| c.to_string()).as_deref(),
        Some("後半!D3")
    );
    assert_eq!(items[1].year_end, Report::Empty);

    // Sheets of two fiscal years with the same items stay two years.
    let year = |name: &str, fy: &str, header: &str| {
        grid(
            name,
            &[
                &[fy],
                &["No", "やること", "しめきり", header],
                &["1", "請求書の電子受付", "10月末", "受付を始めた"],
            ],
        )
    };
    let out = run(
        "会計課_年度別.xlsx",
        &[
            year("R7", "令和7年度 会計課", "前半の取組状況"),
            year("R8", "令和8年度 会計課", "後半の取組状況（実績）"),
        ],
    );
    match &out {
        WorkbookOutcome::Reports(r) => assert_eq!(r.len(), 2, "{out:?}"),
        other => panic!("{other:?}"),
    }
}

/// The roles read of a table of three items under `reports`, each report
/// column holding sentences of what was done or nothing.
fn report_roles(reports: &[&str]) -> Vec<Role> {
    const DONE: [[&str; 2]; 3] = [
        ["素案を作成した。", ""],
        ["", "紙面を刷新した。"],
        ["研修を2回開いた。", "研修を4回開いた。"],
    ];
    let items = [
        ("窓口の電子化", "9月末まで"),
        ("広報紙の刷新", "年度末"),
        ("職員研修の充実", "12月"),
    ];
    let mut rows: Vec<Vec<&str>> = vec![vec!["令和8年度 総務部 目標"]];
    rows.push([&["取組", "期限"][..], reports].concat());
    for ((item, due), done) in items.into_iter().zip(DONE) {
        rows.push([&[item, due][..], &done[..reports.len()]].concat());
    }
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let out = run("x.xlsx", &[grid("目標", &rows)]);
    only_report(&out).reading.tables[0]
        .columns
        .iter()
        .map(|c| c.role)
        .collect()
}

/// A span of the year looked back over names the report of its end: the
/// whole year or its later half the year-end report, a half year from the
/// start the interim one, whatever word of looking back follows.
#[rstest::rstest]
#[case::a_year_and_a_half("半年を省みて", "1年をふりかえって")]
#[case::months("6か月を顧みて", "12か月を終えて")]
#[case::halves("前半のふりかえり", "後半のふりかえり")]
#[case::the_year_as_a_whole("半年をふりかえって", "年間の総括")]
fn a_span_of_the_year_looked_back_over_names_the_report_of_its_end(
    #[case] interim: &str,
    #[case] year_end: &str,
) {
    assert_eq!(
        report_roles(&[interim, year_end]),
        [Role::Item, Role::Deadline, Role::Interim, Role::YearEnd]
    );
}

/// A span of the year looked back over, alone over the reports, names the
/// report of its end.
#[rstest::rstest]
#[case::half_a_year("半年を省みて", Role::Interim)]
#[case::six_months("6か月を顧みて", Role::Interim)]
#[case::a_year("1年をふりかえって", Role::YearEnd)]
#[case::a_whole_year("1年間を省みて", Role::YearEnd)]
#[case::twelve_months("12か月を終えて", Role::YearEnd)]
fn a_span_of_the_year_alone_over_the_reports_names_its_end(
    #[case] header: &str,
    #[case] role: Role,
) {
    assert_eq!(report_roles(&[header]), [Role::Item, Role::Deadline, role]);
}

/// The rows' numbers are no figures: numbered items whose reports are
/// all still empty are a table of items.
#[test]
fn numbered_items_with_empty_reports_are_no_table_of_figures() {
    let g = grid(
        "報告",
        &[
            &["令和8年度 年度末の実績"],
            &["番号", "項目（略）", "進捗状況"],
            &["1", "空き家調査", ""],
            &["2", "トイレ改修", ""],
        ],
    );
    let out = run("進行管理_まちづくり部_年度末.xlsx", &[g]);
    let report = only_report(&out);
    assert_eq!(report.items().count(), 2, "{out:?}");
}

/// A table of two columns, goals and how their achievement is measured,
/// and no other column of items: the column of measures (numbers, %, 日,
/// 件, 団体) is the target, the other the items, whichever header says
/// 目標.
#[rstest::rstest]
#[case::criteria(["目標", "達成基準"], false)]
#[case::indicator(["目標", "指標"], false)]
#[case::measures_first(["達成基準", "目標"], true)]
fn goals_beside_their_measures_are_items_and_targets(
    #[case] header: [&str; 2],
    #[case] measures_first: bool,
) {
    let rows = [
        ("窓口の待ち時間を短くする", "平均15分以内"),
        ("市民向け講座を開く", "年12回"),
        ("有給休暇を取りやすくする", "取得率80%"),
        ("地域の団体と協働する", "連携30団体"),
        ("公文書の電子決裁を進める", "電子決裁率95%"),
    ];
    let mut table: Vec<Vec<&str>> = vec![vec!["令和8年度 総務部 目標"], header.to_vec()];
    for (goal, measure) in rows {
        table.push(if measures_first {
            vec![measure, goal]
        } else {
            vec![goal, measure]
        });
    }
    let table: Vec<&[&str]> = table.iter().map(Vec::as_slice).collect();
    let out = run("x.xlsx", &[grid("目標", &table)]);
    let report = only_report(&out);
    let roles: Vec<Role> = report.reading.tables[0]
        .columns
        .iter()
        .map(|c| c.role)
        .collect();
    let want = if measures_first {
        [Role::Target, Role::Item]
    } else {
        [Role::Item, Role::Target]
    };
    assert_eq!(roles, want, "{:?}", report.reading.tables);
    let first = report.items().next().map(|(_, i)| i.title().to_string());
    assert_eq!(first.as_deref(), Some("窓口の待ち時間を短くする"));
}

/// Numbers of one list written unevenly (`１`, `(2)`, `4`: one left out)
/// are one level: a row with its number and title alone (a report not yet
/// written) is an item, not a heading of the rows below.
#[test]
fn a_row_numbered_on_from_the_one_below_is_no_heading() {
    let g = grid(
        "報告",
        &[
            &["No.", "取組名（略称）", "実施状況"],
            &["１", "広報紙刷新", "紙面を刷新した。"],
            &["(2)", "移住相談会", ""],
            &["4", "ふるさと納税", "返礼品を増やした。"],
        ],
    );
    let out = run("R8_くらし部_中間報告.xlsx", &[g]);
    let report = only_report(&out);
    let numbers: Vec<Option<&str>> = report.items().map(|(_, i)| i.number()).collect();
    assert_eq!(numbers, [Some("１"), Some("(2)"), Some("4")], "{out:?}");
}

/// The due dates of each item of a sheet, as ISO dates.
fn dues_of(report: &SheetReport) -> Vec<(String, Vec<String>)> {
    report
        .items()
        .map(|(_, i)| {
            let dues = i.due_dates().iter().map(|d| d.to_string()).collect();
            (i.title().to_string(), dues)
        })
        .collect()
}

/// The last due date of each item of a sheet, as an ISO date.
fn last_dues(report: &SheetReport) -> Vec<(String, Option<String>)> {
    dues_of(report)
        .into_iter()
        .map(|(title, dues)| (title, dues.last().cloned()))
        .collect()
}

/// A table with no deadline column takes its deadlines from the target,
/// but a time word inside a sentence stating the target (`年度末の登録者数を
/// 1,200人とする`, `3月末時点で参加率60%`) is when the figure is measured:
/// no deadline. Work to finish written there (`年度末までに策定`,
/// `12月末完了`) keeps its date, and a deadline column's `年度末まで` is a
/// deadline beside any target.
#[test]
fn a_time_word_of_a_target_s_sentence_is_part_of_the_measure() {
    let g = grid(
        "取組",
        &[
            &["令和8年度 総務部 取組計画"],
            &["No.", "取組項目", "数値目標", "担当課"],
            &[
                "1",
                "電子申請の普及",
                "年度末の登録者数を1,200人とする",
                "情報政策課",
            ],
            &["2", "職員研修の充実", "3月末時点で参加率60%", "人事課"],
            &["3", "文書管理規程の改正", "年度末までに策定", "総務課"],
            &["4", "庁舎案内表示の更新", "12月末完了", "管財課"],
            &[
                "5",
                "公式アカウントの運用",
                "年度末フォロワー数9,000を目標",
                "広報課",
            ],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let dues = dues_of(only_report(&out));
    let none: Vec<String> = Vec::new();
    assert_eq!(
        dues,
        [
            ("電子申請の普及".to_string(), none.clone()),
            ("職員研修の充実".to_string(), none.clone()),
            (
                "文書管理規程の改正".to_string(),
                vec!["2027-03-31".to_string()]
            ),
            (
                "庁舎案内表示の更新".to_string(),
                vec!["2026-12-31".to_string()]
            ),
            ("公式アカウントの運用".to_string(), none),
        ],
        "{out:?}"
    );

    let g = grid(
        "取組",
        &[
            &["令和8年度 総務部 取組計画"],
            &["No.", "取組項目", "期限", "数値目標"],
            &[
                "1",
                "電子申請の普及",
                "年度末まで",
                "年度末の登録者数を1,200人とする",
            ],
            &["2", "窓口の案内の改善", "9月末", "3月末時点で満足度80%"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    assert_eq!(
        dues_of(only_report(&out)),
        [
            ("電子申請の普及".to_string(), vec!["2027-03-31".to_string()]),
            (
                "窓口の案内の改善".to_string(),
                vec!["2026-09-30".to_string()]
            ),
        ],
        "{out:?}"
    );
}

/// A year's plan row (R8年度計画) whose only date is inside a target it
/// states (年度末フォロワー数9,000を目標) is that year's plan, kept with the
/// item, no deadline; a plan naming when work is done keeps its deadline.
#[test]
fn a_plan_row_stating_a_target_by_the_year_end_is_no_deadline() {
    let mut g = grid(
        "計画",
        &[
            &["令和8年度 実施状況"],
            &[
                "項目番号",
                "1",
                "項目名",
                "行政情報の提供",
                "担当課",
                "広報課",
            ],
            &["R7年度実績", "フォロワー数8,104"],
            &[
                "R8年度計画",
                "○SNS…投稿方法の研究、年度末フォロワー数9,000を目標",
            ],
            &[
                "項目番号",
                "2",
                "項目名",
                "市民ニーズの把握",
                "担当課",
                "経営戦略課",
            ],
            &["R8年度計画", "12月末までにアンケートの方法を決める"],
        ],
    );
    for row in [2, 3, 5] {
        merge(&mut g, row, 1, row, 4);
    }
    let out = run("plan.xlsx", &[g]);
    let WorkbookOutcome::Reports(r) = &out else {
        panic!("{out:?}")
    };
    assert_eq!(r.len(), 1, "{out:?}");
    let items: Vec<_> = r[0].items().map(|(_, i)| i).collect();
    assert!(items[0].deadlines.is_empty(), "{:?}", items[0].deadlines);
    assert_eq!(items[0].deadline_text(), None);
    assert!(
        items[0]
            .extras
            .iter()
            .any(|e| e.header.as_ref() == "令和8年度 計画" && e.text.contains("9,000を目標")),
        "{:?}",
        items[0].extras
    );
    assert_eq!(
        items[1]
            .due_dates()
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>(),
        ["2026-12-31"]
    );
}

/// Report columns kept past empty spacer columns, written only in the
/// items' rows, are the items' reports even when read alone they would
/// look like a table of their own.
#[test]
fn reports_kept_past_spacer_columns_are_the_items_reports() {
    let g = grid(
        "目標",
        &[
            &["令和8年度　出納室　目標"],
            &[
                "番号",
                "取組",
                "期限",
                "めざす姿",
                "",
                "",
                "（余白）半年たっての所感",
                "（余白）年度を終えての総括",
            ],
            &[
                "1",
                "口座振替の電子化",
                "令和8年10月",
                "紙ゼロ",
                "",
                "",
                "10月から全庁で開始。",
                "",
            ],
            &[
                "2",
                "収納手数料の見直し",
                "令和9年1月",
                "協議完了",
                "",
                "",
                "金融機関と2回協議。",
                "",
            ],
            &[
                "3",
                "新任者研修",
                "令和8年5月",
                "受講60人",
                "",
                "",
                "5月に実施。",
                "実施済み。",
            ],
            &["4", "運用方針の策定", "年度末", "方針策定", "", "", "", ""],
        ],
    );
    let out = run("出納室_目標.xlsx", &[g]);
    let r = only_report(&out);
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 4);
    let interim: Vec<bool> = items.iter().map(|i| i.interim.is_filled()).collect();
    let year_end: Vec<bool> = items.iter().map(|i| i.year_end.is_filled()).collect();
    assert_eq!(interim, [true, true, true, false]);
    assert_eq!(year_end, [false, false, true, false]);
    assert_eq!(
        items[3]
            .cells
            .get(crate::model::ItemField::Interim)
            .map(|c| c.col),
        Some(6)
    );
    assert_eq!(
        items[3]
            .cells
            .get(crate::model::ItemField::YearEnd)
            .map(|c| c.col),
        Some(7)
    );
}

/// A side table past a spacer that names its own rows (indicators and
/// their values) stays out of the items, however its rows line up.
#[test]
fn a_side_table_of_indicators_past_a_spacer_is_no_column_of_the_items() {
    let g = grid(
        "目標",
        &[
            &["令和8年度　出納室　目標"],
            &[
                "番号",
                "取組",
                "期限",
                "中間報告",
                "期末報告",
                "",
                "指標名",
                "目標値",
                "実績値",
            ],
            &[
                "1",
                "口座振替の電子化",
                "令和8年10月",
                "開始。",
                "",
                "",
                "電子化率",
                "80%",
                "62%",
            ],
            &[
                "2",
                "収納手数料の見直し",
                "令和9年1月",
                "",
                "",
                "",
                "協議回数",
                "4回",
                "2回",
            ],
        ],
    );
    let out = run("出納室_目標.xlsx", &[g]);
    let r = only_report(&out);
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 2);
    assert!(
        r.reading.tables[0]
            .columns
            .iter()
            .all(|c| ["A", "B", "C", "D", "E"].contains(&c.column.as_str())),
        "{:?}",
        r.reading.tables[0].columns
    );
}

/// A sheet printed two items a row (the same headings again past a
/// spacer column) gives the items of both halves, left half first.
#[test]
fn a_table_printed_twice_side_by_side_gives_the_items_of_both_halves() {
    let g = grid(
        "目標",
        &[
            &["令和8年度　情報政策部　目標"],
            &[
                "No",
                "やること",
                "いつまで",
                "中間報告",
                "期末報告",
                "",
                "No",
                "やること",
                "いつまで",
                "中間報告",
                "期末報告",
            ],
            &[
                "1",
                "窓口のオンライン化",
                "令和9年3月",
                "64手続。",
                "",
                "",
                "2",
                "庁内無線LANの展開",
                "令和8年9月",
                "完了。",
                "完了。",
            ],
            &[
                "3",
                "生成AIの指針策定",
                "令和8年6月",
                "策定。",
                "",
                "",
                "4",
                "基幹システム標準化",
                "令和9年1月",
                "移行中。",
                "",
            ],
            &[
                "5",
                "公式SNSの配信",
                "令和8年11月",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    );
    let out = run("情報政策部_目標.xlsx", &[g]);
    let r = only_report(&out);
    assert_eq!(r.goals.len(), 1, "one goal for both halves: {:?}", r.goals);
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    let numbers: Vec<&str> = items.iter().filter_map(|i| i.number()).collect();
    assert_eq!(numbers, ["1", "3", "5", "2", "4"]);
    let filled: Vec<(bool, bool)> = items
        .iter()
        .map(|i| (i.interim.is_filled(), i.year_end.is_filled()))
        .collect();
    assert_eq!(
        filled,
        [
            (true, false),
            (true, false),
            (false, false),
            (true, true),
            (true, false)
        ]
    );
    assert_eq!(
        items[3]
            .cells
            .get(crate::model::ItemField::YearEnd)
            .map(|c| c.col),
        Some(10)
    );
    assert_eq!(r.reading.tables.len(), 2);
}

fn unit_sheet(name: &str, item: &str) -> Grid {
    grid(
        name,
        &[
            &[&format!("{name}　令和8年度の取組")],
            &["No", "取組", "期限", "中間報告", "期末報告"],
            &["1", item, "9月末", "済", ""],
        ],
    )
}

/// A workbook of a 部 kept a sheet per unit: a センター or 室 among its
/// 課 sheets is one more unit inside the 部, its items owned by it.
#[test]
fn a_centre_among_the_division_sheets_of_a_department_is_inside_it() {
    let cover = grid("表紙", &[&["令和8年度 ふるさと振興部 部局の約束"]]);
    let out = run(
        "ふるさと振興部.xlsx",
        &[
            cover,
            unit_sheet("観光交流課", "観光案内所の改修"),
            unit_sheet("移住定住センター", "移住相談会の開催"),
            unit_sheet("広聴広報室", "広報紙の刷新"),
        ],
    );
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    assert_eq!(reports.len(), 3);
    for report in reports {
        assert_eq!(report.department, "ふるさと振興部", "{}", report.sheet);
        let owners: Vec<&String> = report.items().flat_map(|(_, i)| &i.owners).collect();
        assert_eq!(owners, [&report.sheet], "{}", report.sheet);
    }
}

/// Sheets per department (a workbook of the whole city) keep each its
/// own department, a 室 among them included: no sheet is a 課.
#[test]
fn sheets_per_department_keep_their_own_departments() {
    let out = run(
        "全庁.xlsx",
        &[
            unit_sheet("ふるさと振興部", "観光案内所の改修"),
            unit_sheet("危機対策室", "避難所の点検"),
        ],
    );
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let departments: Vec<&str> = reports.iter().map(|r| r.department.as_str()).collect();
    assert_eq!(departments, ["ふるさと振興部", "危機対策室"]);
}

/// A head's title under a caption in one cell (所属長　みどり環境部長)
/// names the department alone.
#[test]
fn a_heads_title_after_a_caption_names_the_department_alone() {
    let g = grid(
        "目標",
        &[
            &["令和8年度　部局の約束"],
            &["所属長\u{3000}みどり環境部長"],
            &["番号", "取組", "期限", "中間報告", "期末報告"],
            &["1", "街路樹の点検", "9月末", "済", ""],
        ],
    );
    let out = run("約束.xlsx", &[g]);
    assert_eq!(only_report(&out).department, "みどり環境部");
}
/// A report column under words no dictionary holds, just left of the
/// year-end report, is the interim report when its cells read as one.
#[test]
fn an_unnamed_column_of_prose_beside_the_year_end_report_is_the_interim() {
    let g = grid(
        "目標",
        &[
            &["令和8年度　長寿応援部　目標"],
            &["番号", "取組", "期限", "道半ばの様子", "一年の成果"],
            &[
                "1",
                "健診受診の勧奨",
                "令和9年3月",
                "通知を2回送付した。",
                "",
            ],
            &[
                "2",
                "通いの場の拡充",
                "令和9年2月",
                "新たに5か所を開設した。",
                "",
            ],
            &["3", "認知症カフェの開設", "令和8年12月", "", ""],
            &[
                "4",
                "フレイル予防教室",
                "令和8年9月",
                "全4回を開催し、延べ80人が参加した。",
                "実施済み。",
            ],
        ],
    );
    let out = run("長寿応援部.xlsx", &[g]);
    let r = only_report(&out);
    let roles: Vec<Role> = r.reading.tables[0].columns.iter().map(|c| c.role).collect();
    assert_eq!(roles[3], Role::Interim, "{:?}", r.reading.tables[0].columns);
    assert_eq!(roles[4], Role::YearEnd);
    let interim: Vec<bool> = r.items().map(|(_, i)| i.interim.is_filled()).collect();
    assert_eq!(interim, [true, true, false, true]);
}

/// A column of figures or names beside the year-end report is no report.
#[test]
fn an_unnamed_column_of_figures_beside_the_year_end_report_stays_apart() {
    let g = grid(
        "目標",
        &[
            &["令和8年度　長寿応援部　目標"],
            &["番号", "取組", "期限", "ねらう数", "一年の成果"],
            &["1", "健診受診の勧奨", "令和9年3月", "60%", ""],
            &["2", "通いの場の拡充", "令和9年2月", "40か所", ""],
            &["3", "認知症カフェの開設", "令和8年12月", "3か所", ""],
        ],
    );
    let out = run("長寿応援部.xlsx", &[g]);
    let r = only_report(&out);
    let roles: Vec<Role> = r.reading.tables[0].columns.iter().map(|c| c.role).collect();
    assert_ne!(roles[3], Role::Interim, "{:?}", r.reading.tables[0].columns);
}

/// A part of the year headed over a mark and a comment (中間 › 状況 |
/// ひとこと): the comment is the report the mails ask for, the mark an
/// extra field.
#[test]
fn a_report_of_a_mark_and_a_comment_is_the_comment() {
    let mut g = grid(
        "進行管理",
        &[
            &["令和8年度　産業創造部　進行管理"],
            &[
                "No",
                "取組",
                "期限",
                "中間（9月末）",
                "",
                "期末（3月末）",
                "",
            ],
            &["", "", "", "状況", "ひとこと", "状況", "ひとこと"],
            &[
                "1",
                "創業セミナーの開催",
                "令和9年2月",
                "△",
                "2回開催した。",
                "",
                "",
            ],
            &[
                "2",
                "補助金制度の拡充",
                "令和8年9月",
                "済",
                "補正予算が可決された。",
                "済",
                "申請2件を受理した。",
            ],
            &["3", "空き店舗の活用", "令和9年3月", "", "", "", ""],
            &[
                "4",
                "企業のDX支援",
                "令和8年12月",
                "未",
                "募集が遅れている。",
                "",
                "",
            ],
        ],
    );
    merge(&mut g, 1, 3, 1, 4);
    merge(&mut g, 1, 5, 1, 6);
    let out = run("産業創造部.xlsx", &[g]);
    let r = only_report(&out);
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    let interim_cols: Vec<Option<u32>> = items
        .iter()
        .map(|i| i.cells.get(crate::model::ItemField::Interim).map(|c| c.col))
        .collect();
    assert_eq!(
        interim_cols,
        [Some(4); 4],
        "{:?}",
        r.reading.tables[0].columns
    );
    let year_end_cols: Vec<Option<u32>> = items
        .iter()
        .map(|i| i.cells.get(crate::model::ItemField::YearEnd).map(|c| c.col))
        .collect();
    assert_eq!(year_end_cols, [Some(6); 4]);
    let filled: Vec<(bool, bool)> = items
        .iter()
        .map(|i| (i.interim.is_filled(), i.year_end.is_filled()))
        .collect();
    assert_eq!(
        filled,
        [(true, false), (true, true), (false, false), (true, false)]
    );
}

/// A calendar of dated events (the date first, then the event and who
/// holds it) states no goal's items, however its dates resolve.
#[test]
fn a_calendar_of_dated_events_is_no_goal_sheet() {
    let g = grid(
        "催し",
        &[
            &["令和8年度下半期　庁内の催し"],
            &["開催日", "催しもの", "担当課", "場所"],
            &["2026-10-01", "新規採用職員の歓迎式", "人事課", "大会議室"],
            &["2026-11-03", "市民音楽祭", "文化振興課", "市民会館"],
            &["2026-12-01", "定例会の開会", "議会事務局", "議場"],
            &["2027-01-11", "成人のつどい", "生涯学習課", "体育館"],
        ],
    );
    let out = run("催し予定.xlsx", &[g]);
    assert!(
        matches!(out, WorkbookOutcome::NotAGoalSheet { .. }),
        "{out:?}"
    );
}

/// A roster of a meeting (who attends, one or two characters of 出 / 欠
/// a row) gives no items.
#[test]
fn a_roster_of_attendance_marks_gives_no_items() {
    let g = grid(
        "出席",
        &[
            &["令和8年度　第3回幹部会議　出席者一覧"],
            &[
                "所属部局名",
                "職名",
                "名前",
                "電話",
                "出否",
                "資料の提出期限",
            ],
            &["財務部", "部長", "村田 一郎", "2101", "出", "11月27日"],
            &["長寿応援部", "部長", "高木 花子", "3301", "出", "11月27日"],
            &[
                "まちづくり部",
                "次長",
                "江口 誠",
                "4102",
                "代理",
                "11月27日",
            ],
            &["消防局", "局長", "森 健", "5101", "欠", ""],
        ],
    );
    let out = run("幹部会議_出席.xlsx", &[g]);
    let items = match &out {
        WorkbookOutcome::Reports(reports) => reports.iter().map(|r| r.items().count()).sum(),
        _ => 0,
    };
    assert_eq!(items, 0, "{out:?}");
}

/// A table of three items whose two last columns, under words no
/// dictionary holds, are `last` (their headers, then a row per item).
fn with_two_unnamed_last_columns(last: [[&str; 2]; 4]) -> SheetReport {
    let first = [
        ["No", "やること", "めど"],
        ["1", "投票所の増設", "第3四半期"],
        ["2", "出前授業の実施", "随時"],
        ["3", "名簿の更新", "11月中旬"],
    ];
    let rows: Vec<Vec<&str>> = first
        .iter()
        .zip(&last)
        .map(|(a, b)| a.iter().chain(b).copied().collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let out = run("R8目標.csv", &[grid("R8", &rows)]);
    only_report(&out).clone()
}

/// The two last columns of a table with no report, the first written in
/// sentences and the second no fuller: the interim and the year-end
/// report, read as unsure.
#[test]
fn two_unnamed_columns_of_reports_at_the_end_are_interim_then_year_end() {
    let r = with_two_unnamed_last_columns([
        ["折り返しの頃", "年の瀬を越えて"],
        ["候補の2施設と協議中。", ""],
        ["小学校4校で実施。", ""],
        ["", ""],
    ]);
    let table = &r.reading.tables[0];
    let roles: Vec<Role> = table.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles[3..],
        [Role::Interim, Role::YearEnd],
        "{:?}",
        table.columns
    );
    assert_ne!(table.confidence, crate::model::Confidence::High);
    let filled: Vec<bool> = r.items().map(|(_, i)| i.interim.is_filled()).collect();
    assert_eq!(filled, [true, true, false]);
}

/// Reports in short phrases, no sentences, are read the same: the later
/// column emptier than the earlier.
#[test]
fn two_unnamed_columns_of_short_reports_at_the_end_are_interim_then_year_end() {
    let r = with_two_unnamed_last_columns([
        ["道のりの手触り", "しまいの一言"],
        ["6月に配置済み", "SNSの反応2倍"],
        ["制作中（翻訳完了）", ""],
        ["", ""],
    ]);
    let roles: Vec<Role> = r.reading.tables[0].columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles[3..],
        [Role::Interim, Role::YearEnd],
        "{:?}",
        r.reading.tables[0].columns
    );
}

/// Two unnamed columns of descriptions at the end (all filled, nothing
/// reported) stay extra fields.
#[test]
fn two_unnamed_columns_of_descriptions_at_the_end_are_no_reports() {
    let r = with_two_unnamed_last_columns([
        ["いまの姿", "めざす姿"],
        ["駅前に1か所のみ", "商業施設にも開設"],
        ["年2校", "年6校"],
        ["紙の台帳", "電子の台帳"],
    ]);
    let roles: Vec<Role> = r.reading.tables[0].columns.iter().map(|c| c.role).collect();
    assert!(
        !roles.contains(&Role::Interim) && !roles.contains(&Role::YearEnd),
        "{roles:?}"
    );
}

/// Blocks of labels and values, one per item, each captioned with its
/// number left of its first label (その1 | 事業名 | …), read as records
/// whatever the labels the dictionary lacks.
#[test]
fn captioned_blocks_of_labels_and_values_are_records() {
    let g = grid(
        "R8",
        &[
            &["令和8年度　監査事務局　取組シート"],
            &[],
            &["その1", "事業名", "監査調書の電子化"],
            &["", "めあて", "紙の削減"],
            &["", "期限", "令和8年12月末"],
            &["", "途中経過（10月）", "様式を統一した。"],
            &["", "むすび", ""],
            &[],
            &["その2", "事業名", "監査委員研修の企画"],
            &["", "めあて", "専門性の向上"],
            &["", "期限", "令和9年2月末"],
            &["", "途中経過（10月）", ""],
            &["", "むすび", ""],
        ],
    );
    let out = run("監査事務局.xlsx", &[g]);
    let r = only_report(&out);
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 2, "{out:?}");
    assert_eq!(items[0].title(), "監査調書の電子化");
    let reports: Vec<(bool, Option<u32>, Option<u32>)> = items
        .iter()
        .map(|i| {
            (
                i.interim.is_filled(),
                i.cells.get(crate::model::ItemField::Interim).map(|c| c.row),
                i.cells.get(crate::model::ItemField::YearEnd).map(|c| c.row),
            )
        })
        .collect();
    assert_eq!(
        reports,
        [(true, Some(5), Some(6)), (false, Some(11), Some(12))]
    );
}

/// A report sheet keyed by number whose first report column is named as a
/// report and whose second names only its part of the year: both are
/// reports, each of its part.
#[test]
fn a_report_sheet_column_naming_only_its_half_is_that_halfs_report() {
    let plan = grid(
        "計画",
        &[
            &["令和8年度 計画"],
            &["No.", "取組", "期限"],
            &["1", "水路の浚渫", "9月"],
            &["2", "畦畔の補修", "年度末"],
        ],
    );
    let reports = grid(
        "報告",
        &[
            &["No.", "前半の手応え（状況）", "後半のまとめ"],
            &["1", "浚渫を終えた", "点検を終えた"],
            &["2", "", ""],
        ],
    );
    let out = run("x.xlsx", &[plan, reports]);
    let WorkbookOutcome::Reports(sheets) = &out else {
        panic!("{out:?}")
    };
    let cells: Vec<(Option<String>, Option<String>, bool)> = sheets
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| {
            (
                i.cells.interim().map(|c| c.to_string()),
                i.cells.year_end().map(|c| c.to_string()),
                i.year_end.is_filled(),
            )
        })
        .collect();
    let at = |a: &str, b: &str, filled| (Some(a.to_string()), Some(b.to_string()), filled);
    assert_eq!(
        cells,
        [
            at("報告!B2", "報告!C2", true),
            at("報告!B3", "報告!C3", false)
        ]
    );
}

/// Reports written below the table as lines under a caption naming their
/// part of the year, one line per item keyed by its number, some with
/// nothing after the number yet: each line is its item's report and cell.
#[test]
fn report_lines_below_the_table_are_the_items_reports() {
    let g = grid(
        "目標",
        &[
            &["令和8年度 目標"],
            &["No.", "取組", "期限"],
            &["1", "堤防の目視点検", "12月"],
            &["2", "樋門の操作訓練", "年度末"],
            &["3", "水位計の更新", "8月"],
            &[],
            &["≪半期のふりかえり≫"],
            &["No.1：北岸の点検を終えた"],
            &["No.2："],
            &["３．更新を終えた"],
            &[],
            &["【一年の成果】"],
            &["(1) "],
            &["(2) 訓練を2回行った"],
            &["(3)"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "目標!A8", false, "目標!A13"),
            reported(false, "目標!A9", true, "目標!A14"),
            reported(true, "目標!A10", false, "目標!A15"),
        ]
    );
    assert!(cell_warnings(&out).is_empty(), "{:?}", cell_warnings(&out));
}

/// A note right under the header says how to fill the table
/// (※記入要領): the items below it are read; a note after items ends the
/// table.
#[test]
fn a_note_right_under_the_header_is_how_to_fill_the_table() {
    let mut g = grid(
        "S",
        &[
            &["令和8年度 目標"],
            &["No.", "取組項目", "期限", "報告", "", "担当課"],
            &["", "", "", "9月末", "3月末", ""],
            &["※記入要領：報告欄には各時点の様子を手短に（2行程度）。"],
            &["目標1 桟橋の保全"],
            &["1", "桟橋の塗り替え", "9月", "塗り終えた", "", "港営課"],
            &["2", "灯標の点検", "年度末", "", "", "港営課"],
            &["※金額は税込み"],
            &["3", "備考の行", "", "", "", ""],
        ],
    );
    for c in [0, 1, 2, 5] {
        merge(&mut g, 1, c, 2, c);
    }
    merge(&mut g, 1, 3, 1, 4);
    merge(&mut g, 3, 0, 3, 5);
    merge(&mut g, 4, 0, 4, 5);
    let out = run("x.xlsx", &[g]);
    let titles: Vec<String> = only_report(&out)
        .items()
        .map(|(_, i)| i.title().to_string())
        .collect();
    assert_eq!(titles, ["桟橋の塗り替え", "灯標の点検"]);
}

/// Report lines that each name their part of the year before the number
/// (`［前半］No.1：…`), under a caption that names no report: each is its
/// item's report of that part.
#[test]
fn report_lines_naming_their_half_are_the_items_reports() {
    let g = grid(
        "目標",
        &[
            &["令和8年度 目標"],
            &["No", "取組内容", "達成期限"],
            &["1", "出納の点検", "12月末"],
            &["2", "口座振替の拡大", "年度末"],
            &[],
            &["■ ここから下に書いてください（行は消さないでください）"],
            &["", "［前半］No.1：点検を終えた"],
            &["", "［前半］No.2："],
            &[],
            &["", "［後半］No.1："],
            &["", "［後半］No.2：対象を広げた"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "目標!B7", false, "目標!B10"),
            reported(false, "目標!B8", true, "目標!B11"),
        ]
    );
}

/// A report sheet where each item takes a row per report (No | いつの分 |
/// 書いたこと), the number on its first row alone: each row is the report
/// its part of the year names.
#[test]
fn a_report_sheet_of_a_row_per_report_gives_each_report_its_row() {
    let plan = grid(
        "計画",
        &[
            &["令和8年度 計画"],
            &["No", "取組内容", "期限"],
            &["1", "用水路の改修", "12月"],
            &["2", "農道の舗装", "年度末"],
        ],
    );
    let reports = grid(
        "書くところ",
        &[
            &["No", "いつの分", "書いたこと"],
            &["1", "前半", "測量を終えた"],
            &["", "後半", ""],
            &["2", "前半", ""],
            &["", "後半", "舗装を終えた"],
        ],
    );
    let out = run("x.xlsx", &[plan, reports]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "書くところ!C2", false, "書くところ!C3"),
            reported(false, "書くところ!C4", true, "書くところ!C5"),
        ]
    );
}

/// The two unnamed report columns followed by the owner's column (担当 of
/// division names) are read as at the end.
#[test]
fn two_unnamed_columns_of_reports_before_the_owner_are_interim_then_year_end() {
    let g = grid(
        "S",
        &[
            &["令和8年度 目標"],
            &[
                "No",
                "やること",
                "めど",
                "道のりの手触り",
                "しまいの一言",
                "受け持ち",
            ],
            &[
                "1",
                "投票所の増設",
                "第3四半期",
                "候補の2施設と協議中。",
                "",
                "選挙課",
            ],
            &[
                "2",
                "出前授業の実施",
                "随時",
                "小学校4校で実施。",
                "年6回実施した。",
                "啓発課",
            ],
            &["3", "名簿の更新", "11月中旬", "", "", "選挙課"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    let roles: Vec<Role> = r.reading.tables[0].columns.iter().map(|c| c.role).collect();
    assert_eq!(roles[3..5], [Role::Interim, Role::YearEnd], "{roles:?}");
    let filled: Vec<(bool, bool)> = r
        .items()
        .map(|(_, i)| (i.interim.is_filled(), i.year_end.is_filled()))
        .collect();
    assert_eq!(filled, [(true, false), (true, true), (false, false)]);
}

/// A report whose header names no part of the year, with an unnamed column
/// of reports right of it: the first is the interim report, the second
/// the year-end report.
#[test]
fn a_report_naming_no_half_beside_an_unnamed_report_is_the_interim() {
    let g = grid(
        "S",
        &[
            &["令和8年度 重点取組"],
            &["No", "取組", "期限", "実施状況", "ひとまとめ"],
            &["1", "体育館の改修設計", "12月", "設計者を選んだ。", ""],
            &[
                "2",
                "競技場の芝の張替え",
                "年度内",
                "張替えを終えた。",
                "別紙のとおり",
            ],
            &[
                "3",
                "図書の電子貸出",
                "7月",
                "7月に始めた。",
                "貸出は月400件。",
            ],
            &["4", "大会の開催", "11月", "", ""],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    let roles: Vec<Role> = r.reading.tables[0].columns.iter().map(|c| c.role).collect();
    assert_eq!(roles[3..], [Role::Interim, Role::YearEnd], "{roles:?}");
    assert_ne!(
        r.reading.tables[0].confidence,
        crate::model::Confidence::High
    );
}

/// A report table keyed by number beside the table of items, its header a
/// row lower and its last row below the items: its rows are the items'
/// reports, and the items' table reads as before.
#[test]
fn a_report_table_beside_the_items_gives_them_their_reports() {
    let g = grid(
        "S",
        &[
            &["令和8年度 重点取組"],
            &["■やること", "", "", "", "■書くところ"],
            &["No", "取組", "期限", "", ""],
            &[
                "1",
                "公園の遊具更新",
                "10月末",
                "",
                "No",
                "上期を終えて",
                "下期を終えて",
            ],
            &["2", "橋の点検", "1月", "", "1", "3公園を終えた", ""],
            &["", "", "", "", "2", "", "40橋を終えた"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    assert_eq!(titles, ["公園の遊具更新", "橋の点検"]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "S!F5", false, "S!G5"),
            reported(false, "S!F6", true, "S!G6"),
        ]
    );
}
/// Items under goals of two levels (1 / 1-1 / 1-1-1, the goals' rows
/// merged across the table), each item followed by a row per report
/// (いつ: 前半 / 後半, nothing on the item's own row): each item takes its
/// reports from its rows, and the goals' rows are goals.
#[test]
fn items_under_goal_rows_with_a_row_per_report_are_read() {
    let mut g = grid(
        "R8",
        &[
            &["令和8年度　取組目標（みどり課）"],
            &[],
            &["番号", "取組", "期限", "いつ", "書きぶり"],
            &["1", "まちの緑を守る"],
            &["1-1", "街路樹の管理"],
            &["1-1-1", "街路樹の剪定を年2回にする", "7月"],
            &["", "", "", "前半", "7月に1回目を終えた。"],
            &["", "", "", "後半"],
            &["1-1-2", "倒木の危険木を調べる", "令和8年10月"],
            &["", "", "", "前半", ""],
            &["", "", "", "後半", "危険木12本を伐採した。"],
            &["1-2", "公園の花壇"],
            &["1-2-1", "花壇の担い手を募る", "12月末"],
            &["", "", "", "前半"],
            &["", "", "", "後半"],
        ],
    );
    for r in [3u32, 4, 11] {
        merge(&mut g, r, 1, r, 4);
    }
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    let numbers: Vec<&str> = r.items().filter_map(|(_, i)| i.number()).collect();
    assert_eq!(numbers, ["1-1-1", "1-1-2", "1-2-1"]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "R8!E7", false, "R8!E8"),
            reported(false, "R8!E10", true, "R8!E11"),
            reported(false, "R8!E14", false, "R8!E15"),
        ]
    );
    let goals: Vec<&str> = r.goals.iter().map(|g| g.title.as_str()).collect();
    assert!(goals.contains(&"街路樹の管理"), "{goals:?}");
}

/// Two columns whose headers both name items: the left one, its texts
/// shorter and some repeated, is the goal of the right one's items; the
/// reading is not sure.
#[test]
fn the_shorter_repeated_of_two_item_columns_is_their_goal() {
    let g = grid(
        "S",
        &[
            &["令和8年度 目標"],
            &["No", "表題", "内容", "期限", "中間報告", "期末報告"],
            &[
                "1",
                "安心な水",
                "配水池の耐震補強を2か所で行う",
                "年度末",
                "1か所を終えた",
                "",
            ],
            &[
                "2",
                "窓口の改善",
                "料金窓口のキャッシュレス化",
                "10月",
                "",
                "",
            ],
            &["3", "安心な水", "鉛製給水管の解消を進める", "12月", "", ""],
            &[
                "4",
                "人を育てる",
                "技術職員の研修を年4回開く",
                "年度末",
                "2回開いた",
                "",
            ],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    let titles: Vec<&str> = r.items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        [
            "配水池の耐震補強を2か所で行う",
            "料金窓口のキャッシュレス化",
            "鉛製給水管の解消を進める",
            "技術職員の研修を年4回開く"
        ]
    );
    let goals: Vec<&str> = r.goals.iter().map(|g| g.title.as_str()).collect();
    assert!(goals.contains(&"安心な水"), "{goals:?}");
    assert_eq!(
        r.reading.tables[0].confidence,
        crate::model::Confidence::Medium
    );
}
/// A header of two rows whose first three heading cells are drawn
/// (merged down over both rows) but left blank: those columns are the
/// table's, read by their content (number, item, deadline).
#[test]
fn blank_headings_drawn_over_a_two_row_header_are_the_tables_columns() {
    let mut g = grid(
        "R8",
        &[
            &["2026年度　みどり部　組織目標"],
            &[],
            &["", "", "", "折り返し（10月）", "", "年度のしまい"],
            &["", "", "", "手応え", "ひとこと", "手応え", "ひとこと"],
            &[
                "1",
                "街路樹の剪定計画づくり",
                "R8.7",
                "済",
                "7月に計画を決めた。",
                "済",
                "剪定を終えた。",
            ],
            &[
                "2",
                "花壇ボランティアの募集",
                "令和9年3月",
                "未",
                "募集要項を作成中。",
            ],
            &["3", "公園トイレの洋式化（5か所）", "12月末", "未"],
            &[
                "4",
                "緑の相談窓口の開設",
                "10月",
                "済",
                "10月に開設した。",
                "未",
            ],
        ],
    );
    for c in 0..3 {
        merge(&mut g, 2, c, 3, c);
    }
    merge(&mut g, 2, 3, 2, 4);
    merge(&mut g, 2, 5, 2, 6);
    let out = run("x.xlsx", &[g]);
    let r = only_report(&out);
    let read: Vec<(String, Vec<String>)> = r
        .items()
        .map(|(_, i)| {
            let dues = i
                .deadlines
                .iter()
                .filter_map(|d| d.due())
                .map(|d| d.to_string());
            (i.title().to_string(), dues.collect())
        })
        .collect();
    assert_eq!(read.len(), 4, "{read:?}");
    assert_eq!(
        read[0],
        (
            "街路樹の剪定計画づくり".to_string(),
            vec!["2026-07-31".to_string()]
        )
    );
    assert_eq!(r.reading.tables[0].range, "A3:G8");
}

/// A roster (係 | 役 | なまえ | 電話 | attendance by meeting) is no table of
/// items: a column of people's names and no header naming a deadline, a
/// report, a target or an achievement.
#[test]
fn a_roster_of_people_is_no_table_of_items() {
    let g = grid(
        "名簿",
        &[
            &["令和8年度 調整会議 顔ぶれ"],
            &[
                "部署",
                "役職",
                "なまえ",
                "電話",
                "1回目(4/8)",
                "2回目(7/15)",
                "3回目(10/21)",
            ],
            &["市長室", "副市長", "大森 健一", "1001", "○", "○", "○"],
            &["会計課", "出納責任者", "浅井 和子", "1210", "○", "欠", "○"],
            &["消防本部", "消防長", "早川 誠", "3001", "○", "○", "代"],
            &["水道局", "局長", "小池 隆", "5001", "欠", "○", "○"],
            &["福祉部", "部長", "西田 由美", "4001", "○", "○", "○"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    assert!(
        matches!(out, WorkbookOutcome::NotAGoalSheet { .. }),
        "{out:?}"
    );
}

/// Sheets of one form (a card per item) are read alike, whether or not the
/// dictionary's readers read some of them as one record alone: each card's
/// report cells are its own.
#[test]
fn cards_of_one_form_are_read_alike() {
    let card = |name: &str, item: &str, due: &str, first: &str| {
        let mut g = grid(
            name,
            &[
                &["令和8年度　取組カード"],
                &[],
                &["所属", "人権推進室", "カードNo.", name],
                &[],
                &["取組名", item],
                &["目標", "受講率100%"],
                &["期限", due],
                &[],
                &["◆前半を終えて", first],
                &["◆一年をしめて", ""],
            ],
        );
        for r in [4u32, 5, 6, 8, 9] {
            merge(&mut g, r, 1, r, 3);
        }
        g
    };
    let sheets = [
        card("1", "人権講演会の開催", "11月", "講師を決めた。"),
        card(
            "2",
            "宣誓制度の導入",
            "令和8年10月",
            "要綱を制定し、10月から受付開始。",
        ),
        card("3", "相談窓口の周知", "年度末まで", ""),
        card(
            "4",
            "職員研修の実施",
            "２月末",
            "eラーニングを配信中（受講率64%）。",
        ),
    ];
    let out = run("x.xlsx", &sheets);
    let read: Vec<(String, String)> = reports_read(&out)
        .into_iter()
        .map(|(_, interim, _, year_end)| (interim, year_end))
        .collect();
    let want: Vec<(String, String)> = ["1", "2", "3", "4"]
        .iter()
        .map(|s| (format!("{s}!B9"), format!("{s}!B10")))
        .collect();
    assert_eq!(read, want);
}

/// A report sheet keyed by number whose titles are cut short
/// (`防災行政無線の更新計…`) is joined to the items: no items of its own.
#[test]
fn a_report_sheet_with_titles_cut_short_is_joined_to_the_items() {
    let plan = grid(
        "計画",
        &[
            &["令和8年度 計画"],
            &["No", "取組", "期限"],
            &["1", "防災行政無線の更新計画を改める", "年度末"],
            &["2", "避難所の鍵を地域に預ける", "10月"],
        ],
    );
    let reports = grid(
        "書き込み",
        &[
            &["No", "取組（略）", "半年の様子", "しめくくり"],
            &["1", "防災行政無線の更新計…", "素案を作った", ""],
            &["2", "避難所の鍵を地域に…", "", ""],
        ],
    );
    let out = run("x.xlsx", &[plan, reports]);
    let WorkbookOutcome::Reports(sheets) = &out else {
        panic!("{out:?}")
    };
    let items: Vec<(&str, Option<String>)> = sheets
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| (i.title(), i.cells.interim().map(|c| c.to_string())))
        .collect();
    assert_eq!(
        items,
        [
            (
                "防災行政無線の更新計画を改める",
                Some("書き込み!C2".to_string())
            ),
            ("避難所の鍵を地域に預ける", Some("書き込み!C3".to_string())),
        ]
    );
}

/// The column after the interim report that no word names, its cells
/// blank or holding the place of a text still to write
/// (`（記入してください）`), is the year-end report waiting to be written:
/// in a table, and in records written across (items as columns).
#[test]
fn the_slot_after_the_interim_report_waiting_to_be_written_is_the_year_end_report() {
    let table = grid(
        "表",
        &[
            &["令和8年度 目標"],
            &["取組", "期限", "中間報告", "ひとくぎりの言葉"],
            &[
                "図書館の開館時間を延ばす",
                "10月",
                "19時まで延ばした。",
                "（記入してください）",
            ],
            &["移動図書館を走らせる", "年度末", "車を選んだ。", ""],
            &["古文書を電子化する", "12月", "半分を撮影した。", "未記入"],
        ],
    );
    let across = grid(
        "横",
        &[
            &["令和8年度 目標"],
            &[
                "取組名",
                "図書館の開館時間を延ばす",
                "移動図書館を走らせる",
                "古文書を電子化する",
            ],
            &["期限", "10月", "年度末", "12月"],
            &[
                "中間報告",
                "19時まで延ばした。",
                "車を選んだ。",
                "半分を撮影した。",
            ],
            &["ひとくぎりの言葉", "", "（記入してください）", ""],
        ],
    );
    let read = reports_read(&run("x.xlsx", &[table]));
    assert_eq!(read[0], reported(true, "表!C3", false, "表!D3"));
    assert_eq!(read[1], reported(true, "表!C4", false, "表!D4"));
    let read = reports_read(&run("x.xlsx", &[across]));
    assert_eq!(read[0], reported(true, "横!B4", false, "横!B5"));
    assert_eq!(read[2], reported(true, "横!D4", false, "横!D5"));
}

/// A side table past a blank column, under headings of its own (a budget
/// beside the goals), is not the items' rows: its cells are not listed as
/// cells of the item table that nothing used.
#[test]
fn a_side_table_beside_the_items_is_not_their_rows() {
    let g = grid(
        "S",
        &[
            &["令和8年度 目標"],
            &["取組", "期限", "", "関係事業", "事業費（千円）"],
            &["公園の遊具を直す", "9月", "", "公園維持事業", "4200"],
            &["花壇を地域に任せる", "年度末", "", "緑化推進事業", "800"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let unused = &only_report(&out).reading.coverage.not_used_in_items;
    assert!(unused.is_empty(), "{unused:?}");
}

/// A goal or an owner written as the row above's (〃, 同上) is that goal or
/// owner: the rows stay under one goal, and no goal is named 〃.
#[test]
fn a_ditto_mark_in_the_goal_and_owner_columns_repeats_the_row_above() {
    let g = grid(
        "S",
        &[
            &["令和8年度 目標"],
            &["方針", "取組", "担当課", "期限"],
            &["まちを明るく", "街灯をLEDにする", "道路課", "9月"],
            &["〃", "公園の照明を増やす", "〃", "12月"],
            &["同上", "夜道の見守りを増やす", "防災課", "年度末"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let report = only_report(&out);
    let goals: Vec<&str> = report.goals.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(goals, ["まちを明るく"]);
    let owners: Vec<Vec<String>> = report.items().map(|(_, i)| i.owners.clone()).collect();
    assert_eq!(owners, [vec!["道路課"], vec!["道路課"], vec!["防災課"]]);
}

/// A schedule drawn by quarters or runs of months (4-6月 … 1-3月) with
/// marks is a schedule: an item's deadline is the end of its last marked
/// quarter, and no quarter's column is a report. The same columns holding
/// statuses are the quarters' reports (the second the interim one).
#[test]
fn a_schedule_by_quarters_marked_gives_deadlines_and_statuses_give_reports() {
    let marked = grid(
        "工程",
        &[
            &["令和8年度 取組"],
            &["取組", "4-6月", "7-9月", "10-12月", "1-3月", "半年の様子"],
            &["港の案内板を替える", "■", "■", "", "", "据え付けた。"],
            &["漁協と話し合う", "", "■", "■", "■", "2回話し合った。"],
        ],
    );
    let out = run("x.xlsx", &[marked]);
    let dues: Vec<Vec<String>> = only_report(&out)
        .items()
        .map(|(_, i)| {
            i.deadlines
                .iter()
                .filter_map(|d| d.due())
                .map(|d| d.to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        dues.iter().map(|d| d.last().cloned()).collect::<Vec<_>>(),
        [
            Some("2026-09-30".to_string()),
            Some("2027-03-31".to_string())
        ]
    );
    let read = reports_read(&out);
    assert_eq!(read[0], reported(true, "工程!F3", false, ""));

    let statuses = grid(
        "進捗",
        &[
            &["令和8年度 取組"],
            &[
                "取組",
                "期限",
                "第1四半期",
                "第2四半期",
                "第3四半期",
                "第4四半期",
            ],
            &["港の案内板を替える", "9月", "順調", "完了", "", ""],
            &["漁協と話し合う", "年度末", "順調", "遅れ", "", ""],
        ],
    );
    let read = reports_read(&run("x.xlsx", &[statuses]));
    assert_eq!(read[0], reported(true, "進捗!D3", false, "進捗!F3"));
}

/// A sheet named for the year gone by (`前年度の実績`), beside the sheet of
/// the year the workbook names, holds the year before's items, not this
/// year's again; and items numbered by bracketed codes (`(1)-①`) keep
/// their numbers, under goals written once above their rows.
#[test]
fn a_sheet_named_for_the_year_gone_by_is_the_year_before() {
    let rows: &[&[&str]] = &[
        &["取組の一覧"],
        &["番号", "目標", "取組", "期限"],
        &["(1)-①", "水を守る", "水源林を買う", "9月"],
        &["(1)-②", "", "井戸を調べる", "12月"],
        &["(2)-①", "下水を直す", "管を替える", "年度末"],
    ];
    let this_year = grid("R8", rows);
    let last_year = grid("前年度の実績", rows);
    let out = run("上下水道.xlsx", &[this_year, last_year]);
    let WorkbookOutcome::Reports(sheets) = &out else {
        panic!("{out:?}")
    };
    let years: Vec<i32> = sheets.iter().map(|r| r.fiscal_year.0).collect();
    assert_eq!(years, [2026, 2025]);
    let numbers: Vec<Option<&str>> = sheets[0].items().map(|(_, i)| i.number()).collect();
    assert_eq!(numbers, [Some("(1)-①"), Some("(1)-②"), Some("(2)-①")]);
    let goals: Vec<&str> = sheets[0].goals.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(goals, ["水を守る", "下水を直す"]);
}

/// A column of remarks (備考) right of the interim report is no year-end
/// report waiting to be written, however blank: no mail asks for it.
#[test]
fn a_blank_remarks_column_is_no_report_to_write() {
    let g = grid(
        "S",
        &[
            &["令和8年度 取組"],
            &["取組", "期限", "上半期の様子", "備考"],
            &["投票所の段差をなくす", "10月", "スロープを置いた。", ""],
            &["出前授業を開く", "随時", "2校で開いた。", ""],
        ],
    );
    let read = reports_read(&run("x.xlsx", &[g]));
    assert_eq!(read[0], reported(true, "S!C3", false, ""));
}

/// An item the report sheet has no row for has that sheet's report still
/// to be written (no cell to name), and the planning section is told which
/// row the sheet lacks: not a layout without that report.
#[test]
fn an_item_missing_from_a_report_sheet_has_its_report_still_to_write() {
    let plan = grid(
        "予定",
        &[
            &["令和8年度 予定"],
            &["No", "取組", "期限"],
            &["1", "港の清掃を地区に任せる", "年度末"],
            &["2", "灯台の見学会を開く", "10月"],
            &["3", "漁具の置き場を移す", "12月"],
        ],
    );
    let reports = grid(
        "前半",
        &[
            &["No", "取組", "前半のようす"],
            &["1", "港の清掃を地区に任せる", "3地区と協定を結んだ"],
            &["3", "漁具の置き場を移す", "候補地を2か所に絞った"],
        ],
    );
    let out = run("x.xlsx", &[plan, reports]);
    let WorkbookOutcome::Reports(sheets) = &out else {
        panic!("{out:?}")
    };
    let items: Vec<(&str, &Report)> = sheets
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| (i.title(), &i.interim))
        .collect();
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(
        items[0].1.is_filled() && items[2].1.is_filled(),
        "{items:?}"
    );
    assert_eq!(items[1], ("灯台の見学会を開く", &Report::Empty));
    let warned = sheets
        .iter()
        .flat_map(|r| &r.warnings)
        .any(|w| w.message.contains("前半 に取組 2 の行がありません"));
    assert!(warned, "{sheets:?}");
}

/// One report slot whose heading names both halves in sections
/// (`報告（【前】【後】…）` in the city's words: 【中間】【期末】) holds both
/// reports: a blank cell is both still to be written, a text without
/// sections the first half's; and so where the heading says nothing but
/// another cell is written in sections.
#[rstest::rstest]
#[case::by_heading("報告（【中間】【期末】を追記）", "")]
#[case::by_a_cell("報告", "【中間】店舗を回った。\n【期末】")]
fn a_report_slot_holding_both_halves_reads_a_blank_cell_as_both_to_write(
    #[case] heading: &str,
    #[case] other: &str,
) {
    let g = grid(
        "S",
        &[
            &["令和8年度 目標"],
            &["取組", "期限", heading],
            &["商店街の空き店舗を埋める", "12月", ""],
            &["朝市を月2回に増やす", "9月", "月2回にした。"],
            &["特産品の通販を始める", "年度末", other],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let read = reports_read(&out);
    assert_eq!(read[0], reported(false, "S!C3", false, "S!C3"));
    assert_eq!(read[1], reported(true, "S!C4", false, "S!C4"));
}

/// Report lines whose number stands in one cell and text in the next,
/// under a caption written as of a month (`■10月時点のひとこと`: the first
/// half's report): each line is its item's report, and a line with no
/// text yet is written beside its number too.
#[test]
fn report_lines_with_the_text_beside_the_number_are_the_items_reports() {
    let g = grid(
        "目標",
        &[
            &["令和8年度 目標"],
            &[],
            &["No", "取組（いつまで）", "年度末のひとこと"],
            &["1", "会議の字幕を付ける（１０月末）", ""],
            &["2", "端末を更新する（令和9年2月）", ""],
            &["3", "報告会を開く（11月中）", ""],
            &[],
            &["■10月時点のひとこと"],
            &["No.1：", "字幕の試行を始めた。"],
            &["No.2："],
            &["No.3：", "会場を決めた。"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let read: Vec<(bool, String)> = only_report(&out)
        .items()
        .map(|(_, i)| {
            let cell = i.cells.interim().map(|c| c.to_string()).unwrap_or_default();
            (i.interim.is_filled(), cell)
        })
        .collect();
    assert_eq!(
        read,
        [
            (true, "目標!B9".to_string()),
            (false, "目標!B10".to_string()),
            (true, "目標!B11".to_string())
        ]
    );
}

/// A form whose report labels stand alone on their rows (経過（10月）,
/// 結び（3月）: words the dictionary does not hold, a month each) over the
/// merged box the report is written in: each box is its report, filled or
/// not, at the box's first cell.
#[test]
fn a_forms_report_labels_over_boxes_name_the_boxes_as_their_reports() {
    let form = |name: &str, item: &str, first: &str, last: &str| {
        let mut g = grid(
            name,
            &[
                &["令和8年度　取組シート", "", "", "", "", ""],
                &[],
                &["所属", "危機管理室"],
                &["取組名", item],
                &["ねらい", "避難行動を定着させる"],
                &["期限", "令和8年9月末"],
                &[],
                &["歩み（10月）"],
                &[first],
                &[],
                &[],
                &["しめ（3月）"],
                &[last],
                &[],
                &[],
            ],
        );
        for r in [2u32, 3, 4, 5, 7, 11] {
            merge(&mut g, r, if r >= 7 { 0 } else { 1 }, r, 5);
        }
        merge(&mut g, 8, 0, 10, 5);
        merge(&mut g, 12, 0, 14, 5);
        g
    };
    let sheets = [
        form(
            "取組①",
            "総合防災訓練の実施",
            "9月6日に実施した。",
            "計画に反映した。",
        ),
        form("取組②", "防災無線のデジタル化", "親局の工事を終えた。", ""),
        form("取組③", "個別避難計画の作成", "", ""),
    ];
    let out = run("x.xlsx", &sheets);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "取組①!A9", true, "取組①!A13"),
            reported(true, "取組②!A9", false, "取組②!A13"),
            reported(false, "取組③!A9", false, "取組③!A13"),
        ]
    );
}

/// The same form with boxes drawn by borders alone, not merged (the grid
/// holds no borders): a caption opening with a mark and alone on its row
/// (`◆晩秋の歩み`, `◆年度末の報告`) over rows holding nothing, or a text
/// under the caption alone, names the cell under it as its report; a
/// label with its empty value right of it over the next label does not.
#[test]
fn a_forms_captions_over_unmerged_boxes_name_the_cells_under_them() {
    let form = |name: &str, item: &str, first: &str, last: &str| {
        grid(
            name,
            &[
                &["令和8年度　取組シート"],
                &[],
                &["", "所属", "危機管理室"],
                &["", "取組名", item],
                &["", "ねらい", "避難行動を定着させる"],
                &["", "期限", "令和9年3月"],
                &[],
                &["", "◆晩秋の歩み"],
                &["", first],
                &[],
                &[],
                &["", "◆年度末の報告"],
                &["", last],
                &[],
                &[],
            ],
        )
    };
    let sheets = [
        form(
            "取組①",
            "総合防災訓練の実施",
            "9月6日に実施した。",
            "計画に反映した。",
        ),
        form("取組②", "防災無線のデジタル化", "親局の工事を終えた。", ""),
        form("取組③", "個別避難計画の作成", "", ""),
    ];
    let out = run("x.xlsx", &sheets);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "取組①!B9", true, "取組①!B13"),
            reported(true, "取組②!B9", false, "取組②!B13"),
            reported(false, "取組③!B9", false, "取組③!B13"),
        ]
    );
}

/// An export writing each item on a row and its reports on the rows below
/// it (区分: 取組 / 途中報告 / 最終報告), the item's number repeated on
/// every row and the text column holding the item, then each report: the
/// reports are the report rows' texts.
#[test]
fn an_exports_report_rows_under_each_item_repeating_its_number_are_its_reports() {
    let g = grid(
        "取組状況",
        &[
            &["区分", "No", "内容", "時期"],
            &["取組", "1", "電子申請手続の拡大", "R8.12"],
            &["途中報告", "1", "62手続まで拡大した。", ""],
            &["最終報告", "1", "", ""],
            &["取組", "2", "ペーパーレス会議の定着", "通年"],
            &["途中報告", "2", "", ""],
            &["最終報告", "2", "", ""],
            &["取組", "3", "生成AIの利用指針の策定", "7月"],
            &["途中報告", "3", "7月に策定した。", ""],
            &["最終報告", "3", "全課で利用を始めた。", ""],
        ],
    );
    let out = run("R8_取組状況.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "取組状況!C3", false, "取組状況!C4"),
            reported(false, "取組状況!C6", false, "取組状況!C7"),
            reported(true, "取組状況!C9", true, "取組状況!C10"),
        ]
    );
}

/// Rows of reports under each item (種別: ねらい / 9月 / 3月), the item's
/// other cells blank on them, each report written in the item's own
/// column and a mark beside it in a column the items' rows leave blank:
/// the texts are the reports, the marks no report of their own.
#[test]
fn report_rows_whose_texts_stand_in_the_items_column_beside_marks_are_its_reports() {
    let mut g = grid(
        "方針",
        &[
            &["令和8年度　産業部　運営方針"],
            &[],
            &["No.", "種別", "なかみ", "めど", "感触"],
            &["", "ねらい", "空き店舗の活用補助", "R8.6", ""],
            &["", "9月", "補正で予算化し、申請12件。", "", "○"],
            &["", "3月", "", "", ""],
            &["", "ねらい", "物産展の出展（3回）", "R8.12", ""],
            &["", "9月", "", "", ""],
            &["", "3月", "", "", ""],
            &["", "ねらい", "創業塾の開講", "通年", ""],
            &["", "9月", "2回開講した。", "", "◎"],
            &["", "3月", "4回開講、修了者31人。", "", "◎"],
        ],
    );
    for (r, n) in [(3u32, 1.0), (6, 2.0), (9, 3.0)] {
        g.set(r, 0, CellValue::Number(n));
    }
    let out = run("産業部_運営方針R8.xlsx", &[g]);
    let titles: Vec<String> = only_report(&out)
        .items()
        .map(|(_, i)| i.title().to_string())
        .collect();
    assert_eq!(
        titles,
        vec!["空き店舗の活用補助", "物産展の出展（3回）", "創業塾の開講"]
    );
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "方針!C5", false, "方針!C6"),
            reported(false, "方針!C8", false, "方針!C9"),
            reported(true, "方針!C11", true, "方針!C12"),
        ]
    );
}

/// Report columns named by the season they are written as of and by a
/// word of closing after it (`秋時点のありさま | 結びのひとこと`), their texts
/// plans as much as results: the first is
/// the interim report, the one after it the year-end.
#[test]
fn a_report_column_named_by_the_autumn_is_the_interim_one() {
    let mut g = grid(
        "管理表",
        &[
            &["令和8年度　水道局　運営目標"],
            &[],
            &[
                "ねらい",
                "打ち手",
                "めど",
                "秋時点のありさま",
                "結びのひとこと",
                "自己点検（A～D）",
            ],
            &[
                "漏水の削減",
                "老朽管の更新（4km）",
                "",
                "12月号から新しい様式で配布予定。",
                "",
                "",
            ],
            &[
                "料金の適正化",
                "料金体系の検討会",
                "",
                "審議会2つで検討開始。",
                "",
                "",
            ],
            &["広報の充実", "検針票の電子化", "", "", "", ""],
            &["", "水道週間の催し", "", "6月分は25日で集計。", "", ""],
        ],
    );
    for (row, date) in [
        (3, (2027, 3, 31)),
        (4, (2027, 2, 15)),
        (5, (2026, 10, 1)),
        (6, (2026, 6, 7)),
    ] {
        let (y, m, d) = date;
        let Some(day) = chrono::NaiveDate::from_ymd_opt(y, m, d) else {
            panic!("a date of the test");
        };
        g.set(
            row,
            2,
            CellValue::Date(day.and_time(chrono::NaiveTime::MIN)),
        );
    }
    let out = run("x.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "管理表!D4", false, "管理表!E4"),
            reported(true, "管理表!D5", false, "管理表!E5"),
            reported(false, "管理表!D6", false, "管理表!E6"),
            reported(true, "管理表!D7", false, "管理表!E7"),
        ]
    );
}

/// Report columns named only by the day they are written as of
/// (`11月時点のあゆみ`, `R9.3.31時点の到達`), the year-end's first: the
/// reports of the last milestone passed by then.
#[test]
fn report_columns_named_by_the_day_written_as_of_are_the_reports() {
    let g = grid(
        "経営",
        &[
            &["2026年度　水道局　経営目標シート"],
            &[],
            &[
                "No",
                "受け持ち",
                "R9.3.31時点の到達",
                "11月時点のあゆみ",
                "取り組むこと",
                "期日",
                "ねらい",
            ],
            &[
                "1",
                "経営企画室",
                "",
                "業者を選び、契約済み。年明けに納品予定。",
                "料金システムの更新",
                "令和9年3月",
                "窓口待ち時間半減",
            ],
            &[
                "2",
                "給水課",
                "",
                "仕様を固め、入札手続に入っている。",
                "漏水調査の外部委託化",
                "令和8年12月",
                "有収率95％",
            ],
            &[
                "3",
                "工務課",
                "",
                "8月に1回目を実施。下期に2回予定している。",
                "管路更新の説明会",
                "令和8年10月",
                "参加者100名",
            ],
            &[
                "4",
                "浄水課",
                "",
                "当初より遅れ気味。10月から本格実施に移った。",
                "薬品注入の自動化",
                "令和8年9月",
                "薬品費1割減",
            ],
            &[
                "5",
                "総務課",
                "",
                "関係課と協議を重ね、素案をまとめた。",
                "BCPの改訂",
                "令和9年1月",
                "訓練2回",
            ],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let want: Vec<_> = (4..=8)
        .map(|r| reported(true, &format!("経営!D{r}"), false, &format!("経営!C{r}")))
        .collect();
    assert_eq!(reports_read(&out), want);
}

/// A mark and a comment for each report (`上期 ○×` | `上期のひとこと` |
/// `下期 ○×` | `下期のひとこと`), the year-end's both empty in November:
/// read as the interim's pair is, the comment is the report.
#[test]
fn an_empty_year_end_mark_and_comment_are_read_as_the_interims_pair() {
    let g = grid(
        "リスト",
        &[
            &["令和8年度　産業局　やることリスト"],
            &[],
            &[
                "#",
                "やること",
                "めど",
                "上期 ○×",
                "上期のひとこと",
                "下期 ○×",
                "下期のひとこと",
                "係",
            ],
            &[
                "1",
                "創業塾の開催",
                "6月",
                "○",
                "2回開き、38人が受けた。",
                "",
                "",
                "創業係",
            ],
            &[
                "2",
                "空き店舗の活用",
                "令和9年1月",
                "×",
                "候補の3店と話を進めている。",
                "",
                "",
                "商業係",
            ],
            &[
                "3",
                "工場見学ツアー",
                "7月～11月",
                "○",
                "5社の協力を得て4回開いた。",
                "",
                "",
                "工業係",
            ],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let want: Vec<_> = (4..=6)
        .map(|r| {
            reported(
                true,
                &format!("リスト!E{r}"),
                false,
                &format!("リスト!G{r}"),
            )
        })
        .collect();
    assert_eq!(reports_read(&out), want);
}

/// Blocks of labels per item, each opened by its number in brackets in
/// the column left of the labels (`【1】 | 目ざす姿 | …`): read as records,
/// the reports by the month each label names.
#[test]
fn blocks_of_labels_opened_by_a_bracketed_number_are_records() {
    let block = |n: &str, item: &str, due: &str, first: &str, last: &str| -> Vec<Vec<String>> {
        [
            vec![
                format!("【{n}】"),
                "目ざす姿".into(),
                "誰もが安心な区".into(),
            ],
            vec![String::new(), "事業の名前".into(), item.into()],
            vec![String::new(), "いつごろ".into(), due.into()],
            vec![String::new(), "はかり方".into(), "参加100人".into()],
            vec![String::new(), "10月のありさま".into(), first.into()],
            vec![String::new(), "3月のありさま".into(), last.into()],
            vec![],
        ]
        .into()
    };
    let mut rows: Vec<Vec<String>> = vec![vec!["令和8年度　東区　まちづくり目標".into()], vec![]];
    rows.extend(block(
        "1",
        "防災マップの全戸配布",
        "8月",
        "8月に配り終えた。",
        "",
    ));
    rows.extend(block("2", "見守り協定の拡大", "令和9年3月", "", ""));
    rows.extend(block(
        "3",
        "夏まつりの開催",
        "7月下旬",
        "7月に開いた。",
        "来場5千人。",
    ));
    let texts: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = texts.iter().map(Vec::as_slice).collect();
    let out = run("東区_目標.xlsx", &[grid("区の目標", &slices)]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "区の目標!C7", false, "区の目標!C8"),
            reported(false, "区の目標!C14", false, "区の目標!C15"),
            reported(true, "区の目標!C21", true, "区の目標!C22"),
        ]
    );
}

/// A document closing with 以上 under its table: the word ends the
/// document and is no item.
#[test]
fn the_word_closing_a_document_is_no_item() {
    let g = grid(
        "取組",
        &[
            &["令和8年度　環境局　取組"],
            &["取組", "期限", "中間報告", "期末報告"],
            &["ごみ出しアプリの配信", "令和8年9月", "配信を始めた。", ""],
            &["食品ロス削減の啓発", "令和9年3月", "", ""],
            &[],
            &["以上"],
        ],
    );
    let out = run("環境局_R8.xlsx", &[g]);
    let titles: Vec<String> = only_report(&out)
        .items()
        .map(|(_, i)| i.title().to_string())
        .collect();
    assert_eq!(titles, ["ごみ出しアプリの配信", "食品ロス削減の啓発"]);
}

/// A report sheet keyed by number under a header of two rows, one
/// heading spanning the months each report is written as of (所見 over
/// 10月 | 3月), the number's heading merged down over both: the interim
/// and the year-end report of the plan's items on other sheets.
#[test]
fn a_report_sheets_months_under_one_spanning_heading_are_its_reports() {
    let plan = grid(
        "交通課",
        &[
            &["令和8年度　交通部　交通課　重点取組"],
            &["番号", "取組", "期限"],
            &["2-1-1", "バス停上屋の増設", "令和8年12月"],
            &["2-1-2", "デマンド交通の実証運行", "令和9年3月"],
        ],
    );
    let mut reports = grid(
        "報告",
        &[
            &["各課の所見"],
            &[],
            &["番号", "所見", ""],
            &["", "10月", "3月"],
            &["2-1-1", "3か所に設置した。", ""],
            &["2-1-2", "", "利用者は月300人。"],
        ],
    );
    reports.add_merge(MergedRange {
        first_row: 2,
        first_col: 0,
        last_row: 3,
        last_col: 0,
    });
    reports.add_merge(MergedRange {
        first_row: 2,
        first_col: 1,
        last_row: 2,
        last_col: 2,
    });
    let out = run("x.xlsx", &[plan, reports]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "報告!B5", false, "報告!C5"),
            reported(false, "報告!B6", true, "報告!C6"),
        ]
    );
}

/// Rows of reports under each item named only by the month each is
/// written as of (区分: 事業 / ▽10月 / ▽3月), the item's number merged
/// down over its rows: the reports are the report rows' texts.
#[test]
fn report_rows_named_by_the_month_written_as_of_are_the_items_reports() {
    let mut g = grid(
        "進行管理",
        &[
            &["No", "種別", "記載事項", "完了めど"],
            &["1", "事業", "窓口キャッシュレス決済の導入", "R8.12"],
            &["", "▽10月", "5課で導入した。", ""],
            &["", "▽3月", "", ""],
            &["2", "事業", "庁内チャットの全課展開", "R9.2"],
            &["", "▽10月", "", ""],
            &["", "▽3月", "", ""],
            &["3", "事業", "公共施設予約の一元化", "R8.9"],
            &["", "▽10月", "9月に稼働した。", ""],
            &["", "▽3月", "利用が2割増えた。", ""],
        ],
    );
    for first_row in [1, 4, 7] {
        g.add_merge(MergedRange {
            first_row,
            first_col: 0,
            last_row: first_row + 2,
            last_col: 0,
        });
    }
    let out = run("R8_進行管理.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "進行管理!C3", false, "進行管理!C4"),
            reported(false, "進行管理!C6", false, "進行管理!C7"),
            reported(true, "進行管理!C9", true, "進行管理!C10"),
        ]
    );
}

/// Rows of reports written under each item in the items' own column,
/// named by the month each is written as of (`└ 折り返し（10月）`), their
/// texts in a column of their own: the reports, and no items. A workbook
/// named for its reports (`…_目標と報告`) moves none of them.
#[test]
fn report_rows_named_in_the_items_column_are_the_items_reports() {
    let mut g = grid(
        "東区",
        &[
            &["令和8年度　東区役所　目標と報告"],
            &[],
            &["No", "取り組み", "期限", "書きこみ欄", "記入日"],
            &["1", "まちづくり協議会の設立支援", "令和8年11月", "", ""],
            &["", "　└ 折り返し（10月）", "", "2地区で設立した。", "10/28"],
            &["", "　└ しめくくり（3月）", "", "", ""],
            &["2", "シニアサロンの開設", "令和9年3月", "", ""],
            &["", "　└ 折り返し（10月）", "", "仕様を固めた。", "10/28"],
            &["", "　└ しめくくり（3月）", "", "", ""],
            &["3", "除雪ボランティアの募集", "令和8年12月", "", ""],
            &["", "　└ 折り返し（10月）", "", "", ""],
            &["", "　└ しめくくり（3月）", "", "", ""],
            &["4", "駐車場の混雑緩和", "令和8年9月", "", ""],
            &["", "　└ 折り返し（10月）", "", "", ""],
            &["", "　└ しめくくり（3月）", "", "", ""],
            &["5", "歴史散策マップの作成", "令和9年2月", "", ""],
            &["", "　└ 折り返し（10月）", "", "", ""],
            &["", "　└ しめくくり（3月）", "", "", ""],
        ],
    );
    for (r, n) in [(3u32, 1.0), (6, 2.0), (9, 3.0), (12, 4.0), (15, 5.0)] {
        g.set(r, 0, CellValue::Number(n));
    }
    let out = run("東区_目標と報告.xlsx", &[g]);
    let titles: Vec<String> = only_report(&out)
        .items()
        .map(|(_, i)| i.title().to_string())
        .collect();
    assert_eq!(titles.len(), 5);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "東区!D5", false, "東区!D6"),
            reported(true, "東区!D8", false, "東区!D9"),
            reported(false, "東区!D11", false, "東区!D12"),
            reported(false, "東区!D14", false, "東区!D15"),
            reported(false, "東区!D17", false, "東区!D18"),
        ]
    );
}

/// Blocks of labels whose deadlines are the year's end in one and a month
/// alone in the other (`年度末`, `10月`): deadlines, not rows of reports
/// named by when they are written.
#[test]
fn a_deadline_naming_a_month_alone_is_no_report_row() {
    let g = grid(
        "取組票",
        &[
            &["令和8年度 重点目標管理表"],
            &[],
            &["部局名", "総務部"],
            &[],
            &["取組1"],
            &["主要事業", "図書館の開館時間延長"],
            &["期限", "年度末"],
            &["所管課", "総務課"],
            &["中間での振り返り", "予定どおり完了した。"],
            &["進み具合（3月末時点）", "8月に研修を実施した。"],
            &[],
            &["取組2"],
            &["主要事業", "ごみ減量の啓発"],
            &["期限", "10月"],
            &["所管課", "総務課"],
            &["中間での振り返り", "関係課と協議した。"],
            &["進み具合（3月末時点）"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let due: Vec<Vec<String>> = only_report(&out)
        .items()
        .map(|(_, i)| i.due_dates().iter().map(|d| d.to_string()).collect())
        .collect();
    assert_eq!(due, [["2027-03-31"], ["2026-10-31"]]);
}

/// A report sheet keyed by number whose columns name only the month each
/// report is written as of (10月末時点 / 3月末時点): the interim and the
/// year-end report of the plan's items.
#[test]
fn a_report_sheets_columns_named_by_the_month_written_are_its_reports() {
    let plan = grid(
        "目標",
        &[
            &["令和8年度　港湾部　重点目標"],
            &["No", "取組", "期限"],
            &["1", "クルーズ船の寄港誘致", "通年"],
            &["2", "案内サインの多言語化", "R8.9"],
        ],
    );
    let reports = grid(
        "報告",
        &[
            &["番号", "10月末時点", "3月末時点"],
            &["1", "寄港7回。", ""],
            &["2", "", "8割が分かりやすいと答えた。"],
        ],
    );
    let out = run("x.xlsx", &[plan, reports]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "報告!B2", false, "報告!C2"),
            reported(false, "報告!B3", true, "報告!C3"),
        ]
    );
}

/// A plan of a row per year under each item (年度: R7 / R8 / R9, the item
/// merged over its rows): a year's row with no report written is that
/// year's item, not more text of the year above.
#[test]
fn a_years_row_with_nothing_reported_is_that_years_item() {
    let mut g = grid(
        "中期計画",
        &[
            &["税務部　中期計画（令和7年度～令和9年度）"],
            &[
                "No",
                "取組",
                "年度",
                "実施内容",
                "前半の手応え",
                "後半の手応え",
            ],
            &[
                "1",
                "キャッシュレス納付の拡大",
                "R7",
                "スマホ決済の導入（R7.10）",
                "準備完了。",
                "導入した。",
            ],
            &["", "", "R8", "カード納付の追加（R8.12）", "", ""],
            &["", "", "R9", "QRコードの全税目対応（R9.6）", "", ""],
            &[
                "2",
                "滞納整理の強化",
                "R7",
                "財産調査の電子化（年度末）",
                "6割を電子化。",
                "全件電子化。",
            ],
            &["", "", "R8", "差押件数の1割増（年度末）", "", ""],
            &["", "", "R9", "繰越額の2割縮減（年度末）", "", ""],
        ],
    );
    for r in [2u32, 5] {
        merge(&mut g, r, 0, r + 2, 0);
        merge(&mut g, r, 1, r + 2, 1);
    }
    let out = run("x.xlsx", &[g]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let fy2026: Vec<(String, Vec<String>, String)> = reports
        .iter()
        .filter(|r| r.fiscal_year.start_year() == 2026)
        .flat_map(|r| r.items())
        .map(|(_, i)| {
            (
                i.text().to_string(),
                i.due_dates().iter().map(|d| d.to_string()).collect(),
                i.cells.interim().map(|c| c.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        fy2026,
        vec![
            (
                "カード納付の追加（R8.12）".to_string(),
                vec!["2026-12-31".to_string()],
                "中期計画!E4".to_string()
            ),
            (
                "差押件数の1割増（年度末）".to_string(),
                vec!["2027-03-31".to_string()],
                "中期計画!E7".to_string()
            ),
        ]
    );
}

/// A plan over three years whose title names its span in a form read as
/// no one year (「令和7～9年度」), a row per item and year in a column of
/// years, the workbook stating its year nowhere else: each row is an item
/// of the year its row names, read from that row, and no guess from the
/// day it was saved holds its mails back.
#[rstest::rstest]
#[case::no_day_saved(None)]
#[case::a_day_saved(chrono::NaiveDate::from_ymd_opt(2026, 11, 20))]
fn a_plan_whose_rows_name_their_years_is_of_those_years(#[case] saved: Option<chrono::NaiveDate>) {
    let mut rows: Vec<Vec<&str>> = vec![
        vec!["介護福祉課　3か年実行計画（令和7～9年度）"],
        vec![
            "番号",
            "取組名",
            "年度",
            "実施内容",
            "締切",
            "途中経過",
            "最終結果",
        ],
    ];
    for (no, item) in [("1", "介護予防教室の拡充"), ("2", "見守り協定の締結")] {
        rows.push(vec![
            no,
            item,
            "R7",
            "地区教室の開設",
            "R7.12",
            "開設した。",
            "6地区で開設。",
        ]);
        rows.push(vec![
            no,
            item,
            "R8",
            "全地区へ拡大",
            "9月末",
            "半数で開設。",
            "",
        ]);
        rows.push(vec![no, item, "R9", "効果検証", "R9.9", "", ""]);
    }
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let g = grid("計画", &rows);
    let out = interpret_saved_workbook(
        Path::new("介護福祉課_3か年計画.xls"),
        &[g],
        saved,
        &FieldDictionary::default(),
        &InterpretOptions::default(),
        &[],
    );
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let years: Vec<(i32, String, usize)> = reports
        .iter()
        .map(|r| {
            let from = match &r.reading.fiscal_year_from {
                Origin::Label { cell } => cell.to_string(),
                other => format!("{other:?}"),
            };
            (r.fiscal_year.start_year(), from, r.items().count())
        })
        .collect();
    assert_eq!(
        years,
        vec![
            (2025, "計画!C3".to_string(), 2),
            (2026, "計画!C4".to_string(), 2),
            (2027, "計画!C5".to_string(), 2),
        ]
    );
    let fy2026 = &reports[1];
    assert!(
        fy2026
            .reading
            .tables
            .iter()
            .all(|t| t.confidence != crate::model::Confidence::Low),
        "{:?}",
        fy2026.reading.tables
    );
    let due: Vec<String> = fy2026
        .items()
        .flat_map(|(_, i)| {
            i.due_dates()
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(due, vec!["2026-09-30", "2026-09-30"]);
    assert!(fy2026.warnings.is_empty(), "{:?}", fy2026.warnings);
}

/// Two rows per item, a column saying which report each holds (中間 /
/// 期末), beside a column of the year gone by's results (前年度の結果)
/// left in view: that column is no report of this year's, and each row's
/// report is read as its own.
#[rstest::rstest]
#[case::results_of_last_year("前年度の結果")]
#[case::last_years_record("昨年度実績")]
#[case::last_years_grade("前年の自己評価")]
fn a_column_of_the_year_gone_by_is_no_report(#[case] last_year: &str) {
    let mut g = grid(
        "R8",
        &[
            &["令和8年度　環境政策課　実行プラン"],
            &[
                "No",
                "やること",
                "めざす水準",
                "いつまでに",
                "時点",
                "手ごたえ",
                last_year,
            ],
            &[
                "1",
                "ごみ減量の呼びかけ",
                "排出量5%減",
                "12月末",
                "中間",
                "3回実施。",
                "2回実施",
            ],
            &["", "", "", "", "期末", "", ""],
            &[
                "2",
                "省エネ診断",
                "10施設",
                "R9.2",
                "中間",
                "4施設。",
                "5施設",
            ],
            &["", "", "", "", "期末", "10施設完了。", ""],
            &["3", "環境講座", "年6回", "2月末", "中間", "", "年5回"],
            &["", "", "", "", "期末", "", ""],
        ],
    );
    for r in [2u32, 4, 6] {
        for c in [0u32, 1, 2, 3, 6] {
            merge(&mut g, r, c, r + 1, c);
        }
    }
    let out = run("環境政策課_R8.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "R8!F3", false, "R8!F4"),
            reported(true, "R8!F5", true, "R8!F6"),
            reported(false, "R8!F7", false, "R8!F8"),
        ]
    );
}

/// One column of reports whose cells hold a section for each half of the
/// year (【前半】…【後半】…): each half is its own report, empty where its
/// label stands alone, is a placeholder, or is not written at all.
#[test]
fn a_cell_of_both_halves_gives_each_report() {
    let out = run(
        "上水道課_R8.xlsx",
        &[grid(
            "R8",
            &[
                &["令和8年度　上水道課　取組"],
                &["No", "取組", "締切", "経過メモ"],
                &[
                    "1",
                    "漏水調査",
                    "11月中旬",
                    "【前半】3地区で調査。\n【後半】全地区完了。",
                ],
                &["2", "老朽管の更新", "R9.3", "【前半】設計を終えた。"],
                &["3", "耐震診断", "10月末", "【前半】\n【後半】"],
                &[
                    "4",
                    "料金の検討",
                    "12月末",
                    "【前半】審議会に諮問。\n【後半】－",
                ],
            ],
        )],
    );
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "R8!D3", true, "R8!D3"),
            reported(true, "R8!D4", false, "R8!D4"),
            reported(false, "R8!D5", false, "R8!D5"),
            reported(true, "R8!D6", false, "R8!D6"),
        ]
    );
}

/// A goal's row merged across the table, on the row where a table of
/// figures beside it (past an empty column) has its headings, over items
/// of a row per report (時点: 中間 / 期末): the row is the goal's, whatever
/// stands beside the table, and each item's rows give its two reports.
#[test]
fn a_goals_row_is_read_so_beside_another_tables_headings() {
    let mut g = grid(
        "R8",
        &[
            &["令和8年度　財政係　運営方針"],
            &[
                "No",
                "やること",
                "いつまでに",
                "報告区分",
                "報告内容",
                "",
                "主な予算（千円）",
            ],
            &[
                "方針1　財政の健全化",
                "",
                "",
                "",
                "",
                "",
                "事業名",
                "予算額",
                "前年比",
            ],
            &[
                "1-1",
                "中期財政計画の策定",
                "2月中旬",
                "中間",
                "推計を更新中。",
                "",
                "計画策定費",
                "3100",
                "100%",
            ],
            &["", "", "", "期末", "", "", "基金積立", "50000", "104%"],
            &[
                "1-2",
                "基金残高の確保",
                "年度内",
                "中間",
                "積立を終えた。",
                "",
                "合計",
                "53100",
                "104%",
            ],
            &["", "", "", "期末", "－"],
            &["方針2　移住の促進"],
            &[
                "2-1",
                "移住サイトの刷新",
                "第4四半期",
                "中間",
                "仕様を決めた。",
            ],
            &["", "", "", "期末", "公開した。"],
        ],
    );
    merge(&mut g, 2, 0, 2, 4);
    merge(&mut g, 7, 0, 7, 4);
    for r in [3u32, 5, 8] {
        for c in 0..3 {
            merge(&mut g, r, c, r + 1, c);
        }
    }
    let out = run("財政係_R8.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "R8!E4", false, "R8!E5"),
            reported(true, "R8!E6", false, "R8!E7"),
            reported(true, "R8!E9", true, "R8!E10"),
        ]
    );
}

/// A sheet of the year's plan (numbers, titles, deadlines, no report)
/// followed by a sheet per quarter (4-6月 … 1-3月) repeating the items by
/// number under short titles, one of them its words in another order: the
/// quarters join the plan, the one ending at the interim milestone its
/// interim report, the last its year-end report; none counts items.
#[test]
fn sheets_per_quarter_join_the_sheet_of_the_plan() {
    let plan = grid(
        "年間計画",
        &[
            &["令和8年度　警防課　年間計画"],
            &["No", "分野", "やること", "完了予定"],
            &[
                "1",
                "救急",
                "救急隊員の再教育（指導救命士による研修）",
                "通年",
            ],
            &["2", "予防", "住宅用火災警報器の設置率85%", "年度内"],
            &["3", "通信", "119番通報の多言語対応の周知", "上期中"],
        ],
    );
    let quarter = |name: &str, texts: [&str; 3]| {
        grid(
            name,
            &[
                &[&format!("令和8年度　進捗（{name}）")],
                &["No", "やること（略）", "実施状況"],
                &["1", "救急再教育", texts[0]],
                &["2", "住警器設置率", texts[1]],
                &["3", "多言語119周知", texts[2]],
            ],
        )
    };
    let out = run(
        "警防課_R8進捗.xlsx",
        &[
            plan,
            quarter("4-6月", ["開始した。", "82%。", "チラシ作成。"]),
            quarter("7-9月", ["31時間。", "83%。", "－"]),
            quarter("10-12月", ["", "", ""]),
            quarter("1-3月", ["", "", ""]),
        ],
    );
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "7-9月!C3", false, "1-3月!C3"),
            reported(true, "7-9月!C4", false, "1-3月!C4"),
            reported(false, "7-9月!C5", false, "1-3月!C5"),
        ]
    );
}

/// A label and its value in one cell, followed in that cell by other
/// labels (課長：…　作成：…): the department is the value alone.
#[test]
fn a_department_label_in_a_cell_of_several_labels_names_the_department_alone() {
    let out = run(
        "R8_計画.xlsx",
        &[grid(
            "計画",
            &[
                &["令和8年度　重点目標"],
                &["所属：収納課　　課長：佐々木 健一　　作成：令和8年4月17日"],
                &["番号", "取組項目", "期限"],
                &["1", "口座振替の利用促進", "9月末"],
            ],
        )],
    );
    assert_eq!(only_report(&out).department, "収納課");
}

/// A plan of a row per year under each item, the item's title merged over
/// its years or written once above them, each year's row stating its
/// measure (めざす値): the title is each year's item, with that year's
/// deadline and reports.
#[rstest::rstest]
#[case::merged(true)]
#[case::written_once(false)]
fn an_item_merged_over_its_years_is_each_years_item(#[case] merged: bool) {
    let mut g = grid(
        "実施計画",
        &[
            &["第2期 実施計画（令和7～9年度）"],
            &[
                "No",
                "施策",
                "取組",
                "年度",
                "めざす値",
                "実施時期",
                "進捗（中間）",
                "実績（年度末）",
            ],
            &[
                "1",
                "商業の振興",
                "空き店舗の活用支援",
                "R7",
                "出店2件",
                "通年",
                "1件。",
                "2件。",
            ],
            &["", "", "", "R8", "出店3件", "通年", "1件、相談4件。", ""],
            &["", "", "", "R9", "出店3件", "通年", "", ""],
            &[
                "2",
                "商業の振興",
                "特産品の販路拡大",
                "R7",
                "商談会 2回",
                "年度内",
                "1回。",
                "2回。",
            ],
            &["", "", "", "R8", "EC売上 120%", "上期中", "131%。", ""],
            &["", "", "", "R9", "海外販路の試行", "年度内", "", ""],
        ],
    );
    if merged {
        for r in [2u32, 5] {
            for c in 0..3 {
                merge(&mut g, r, c, r + 2, c);
            }
        }
    }
    let out = run("商工係_第2期実施計画.xlsx", &[g]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let years: Vec<(i32, usize)> = reports
        .iter()
        .map(|r| (r.fiscal_year.start_year(), r.items().count()))
        .collect();
    assert_eq!(years, vec![(2025, 2), (2026, 2), (2027, 2)]);
    let fy2026: Vec<(String, Vec<String>, bool, bool)> = reports
        .iter()
        .filter(|r| r.fiscal_year.start_year() == 2026)
        .flat_map(|r| r.items())
        .map(|(_, i)| {
            (
                i.title().to_string(),
                i.due_dates().iter().map(|d| d.to_string()).collect(),
                i.interim.is_filled(),
                i.year_end.is_filled(),
            )
        })
        .collect();
    assert_eq!(
        fy2026,
        vec![
            ("空き店舗の活用支援".to_string(), vec![], true, false),
            (
                "特産品の販路拡大".to_string(),
                vec!["2026-09-30".to_string()],
                true,
                false
            ),
        ]
    );
}

/// Items written across (取組1, 取組2 … with their fields down the left),
/// the report row holding a section for each half in some cells and only
/// the first half's in others: the second half is empty where it is not
/// written, as in a column of such cells.
#[test]
fn a_row_of_both_halves_across_items_gives_each_report() {
    let out = run(
        "こども政策係_R8.xlsx",
        &[grid(
            "R8",
            &[
                &["令和8年度　こども政策係　組織目標"],
                &["項目", "取組1", "取組2", "取組3"],
                &[
                    "重点目標",
                    "こどもまんなかのまち",
                    "こどもまんなかのまち",
                    "こどもまんなかのまち",
                ],
                &[
                    "取組名",
                    "意見聴取の実施",
                    "相談窓口の一本化",
                    "居場所づくり補助",
                ],
                &["完了めど", "上半期中", "年度末", "12月末"],
                &[
                    "経過の記録",
                    "【前半】2回開いた。\n【後半】",
                    "【前半】人員を決めた。",
                    "【前半】5か所。\n【後半】10か所に補助した。",
                ],
            ],
        )],
    );
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "R8!B6", false, "R8!B6"),
            reported(true, "R8!C6", false, "R8!C6"),
            reported(true, "R8!D6", true, "R8!D6"),
        ]
    );
}

/// Blocks of labels and values, one per item, in words the dictionary
/// does not hold: a plan stating when (the deadline), a first-half word
/// (the interim report) and the label after it (the year-end report); no
/// label–value pair under the item's row is read as a table of its own.
#[test]
fn an_items_block_of_unknown_labels_gives_its_plan_and_reports() {
    let block = |no: &str, item: &str, plan: &str, first: &str, last: &str| -> Vec<Vec<String>> {
        [
            vec![
                "項目番号",
                no,
                "項目名",
                item,
                "",
                "",
                "担当課",
                "市民活動推進課",
            ],
            vec!["目指す姿", "相談しやすいまち"],
            vec!["今年度の予定", plan],
            vec!["上期の手応え", first],
            vec!["年度の締めくくり", last],
            vec![],
        ]
        .into_iter()
        .map(|r| r.into_iter().map(str::to_string).collect())
        .collect()
    };
    let mut rows: Vec<Vec<String>> = vec![vec!["令和8年度　市民協働部　行動計画".into()], vec![]];
    rows.extend(block(
        "1",
        "センターの機能強化",
        "夜間開設（令和8年10月）",
        "火・木曜に開設した。",
        "",
    ));
    rows.extend(block(
        "2",
        "登録制度の見直し",
        "要綱改正（8月）",
        "8月に改正した。",
        "団体が16増えた。",
    ));
    rows.extend(block(
        "3",
        "プランの改訂",
        "アンケートを経て改訂（令和9年3月）",
        "",
        "",
    ));
    let texts: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = texts.iter().map(Vec::as_slice).collect();
    let mut g = grid("実施項目", &slices);
    for start in [2u32, 8, 14] {
        merge(&mut g, start, 3, start, 5);
        for r in start + 1..start + 5 {
            merge(&mut g, r, 1, r, 7);
        }
    }
    let out = run("x.xlsx", &[g]);
    let report = only_report(&out);
    let read: Vec<(String, Vec<String>)> = report
        .items()
        .map(|(_, i)| {
            (
                i.title().to_string(),
                i.due_dates().iter().map(|d| d.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(
        read,
        vec![
            (
                "センターの機能強化".to_string(),
                vec!["2026-10-31".to_string()]
            ),
            (
                "登録制度の見直し".to_string(),
                vec!["2026-08-31".to_string()]
            ),
            ("プランの改訂".to_string(), vec!["2027-03-31".to_string()]),
        ]
    );
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "実施項目!B6", false, "実施項目!B7"),
            reported(true, "実施項目!B12", true, "実施項目!B13"),
            reported(false, "実施項目!B18", false, "実施項目!B19"),
        ]
    );
}

/// A summary sheet (一覧) listing the items that sheets of each goal hold
/// with their reports: its rows are no items of their own.
#[test]
fn a_summary_sheet_of_items_reported_on_other_sheets_gives_no_items_of_its_own() {
    let summary = grid(
        "まとめ",
        &[
            &["令和8年度　文化部　目標まとめ"],
            &["No", "目標", "取組", "期限", "担当課"],
            &[
                "1",
                "親しむ環境",
                "体育館の空調整備",
                "令和8年12月",
                "スポーツ課",
            ],
            &[
                "2",
                "親しむ環境",
                "マラソン大会の開催",
                "10月",
                "スポーツ課",
            ],
            &["3", "文化の振興", "市民文化祭の開催", "11月", "文化振興課"],
        ],
    );
    let detail = |name: &str, rows: &[&[&str]]| {
        let mut all: Vec<&[&str]> = vec![
            &["令和8年度　文化部"],
            &["No", "取組", "期限", "途中の歩み", "一年の実り"],
        ];
        all.extend_from_slice(rows);
        grid(name, &all)
    };
    let first = detail(
        "目標1",
        &[
            &["1", "体育館の空調整備", "令和8年12月", "発注した。", ""],
            &[
                "2",
                "マラソン大会の開催",
                "10月",
                "開催した。",
                "満足度92%。",
            ],
        ],
    );
    let second = detail("目標2", &[&["3", "市民文化祭の開催", "11月", "", ""]]);
    let out = run("x.xlsx", &[summary, first, second]);
    assert_eq!(items_per_sheet(&out), vec![("目標1", 2), ("目標2", 1)]);
}

/// A 課's workbook labelled with its 課 (所属：…課) in a folder named for
/// its 部: the department is the folder's, unless the city names the 課 as
/// one; a 課's label with no such folder stays the department.
#[test]
fn a_division_labelled_in_its_department_s_folder_is_of_that_department() {
    let sheet = grid(
        "R8",
        &[
            &["令和8年度　目標シート"],
            &["所属", "地域連携課"],
            &["No", "やること", "めど", "半年の手ごたえ", "一年の手ごたえ"],
            &["1", "見守り協定の締結先を広げる", "12月", "", ""],
        ],
    );
    let department = |configured: &[&str], roots: &[&str]| {
        let opts = InterpretOptions {
            roots: roots.iter().map(|r| r.into()).collect(),
            known_departments: configured
                .iter()
                .map(|name| KnownDepartment {
                    name: name.to_string(),
                    aliases: Vec::new(),
                })
                .collect(),
            ..InterpretOptions::default()
        };
        let out = interpret_workbook(
            Path::new("/share/くらし支援部/地域連携課_R8.xlsx"),
            std::slice::from_ref(&sheet),
            &FieldDictionary::default(),
            &opts,
        );
        only_report(&out).department.clone()
    };
    assert_eq!(department(&[], &["/share"]), "くらし支援部");
    assert_eq!(department(&["地域連携課"], &["/share"]), "地域連携課");
    assert_eq!(department(&[], &[]), "地域連携課");
}

/// Reports in rows under each item, their kinds written in the column of
/// the items' labels (取組1 …) and their texts in the items' own column:
/// one kind names the interim, the other, after it, names nothing and is
/// the year-end report.
#[test]
fn report_rows_named_beside_the_items_texts_are_the_items_reports() {
    let g = grid(
        "一覧",
        &[
            &["令和8年度　子育て応援部　取組と結果"],
            &["区分", "内容", "いつまで", "担当"],
            &[
                "取組1",
                "学童クラブの待機をなくす",
                "令和9年3月末",
                "子育て課",
            ],
            &["　中間のふりかえり", "2クラブの工事に着手した。"],
            &["　おわりに"],
            &["取組2", "親子広場を開く", "令和8年7月", "家庭課"],
            &["　中間のふりかえり", "7月に開いた。"],
            &["　おわりに", "相談は延べ380件。"],
            &["取組3", "遊び場マップを作る", "年度内", "子育て課"],
            &["　中間のふりかえり"],
            &["　おわりに"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let report = only_report(&out);
    let items: Vec<(&str, bool, bool, String, String)> = report
        .items()
        .map(|(_, i)| {
            let cell = |c: Option<CellRef>| c.map(|c| c.to_string()).unwrap_or_default();
            (
                i.title(),
                i.interim.is_filled(),
                i.year_end.is_filled(),
                cell(i.cells.interim()),
                cell(i.cells.year_end()),
            )
        })
        .collect();
    assert_eq!(
        items,
        vec![
            (
                "学童クラブの待機をなくす",
                true,
                false,
                "一覧!B4".into(),
                "一覧!B5".into()
            ),
            (
                "親子広場を開く",
                true,
                true,
                "一覧!B7".into(),
                "一覧!B8".into()
            ),
            (
                "遊び場マップを作る",
                false,
                false,
                "一覧!B10".into(),
                "一覧!B11".into()
            ),
        ]
    );
}

/// A summary sheet (総括表) that shows the reports of the sheets it gathers
/// (copied, or by formula: the cached values): its items still stand on
/// the sheets of each unit, and are counted and mailed about there alone.
#[test]
fn a_summary_sheet_showing_the_reports_of_two_sheets_gives_no_items_of_its_own() {
    let summary = grid(
        "とりまとめ",
        &[
            &["各係シートから転記（ここには書かない）"],
            &["係", "No", "やることの中身", "めど", "秋の到達", "春の到達"],
            &[
                "庶務係",
                "1",
                "来庁者アンケートの刷新",
                "10月",
                "設問を改めた。",
                "",
            ],
            &["庶務係", "2", "備品の共同購入", "年度末", "", ""],
            &[
                "調整係",
                "1",
                "部内会議の資料削減",
                "12月",
                "紙を半減した。",
                "",
            ],
        ],
    );
    let unit = |name: &str, rows: &[&[&str]]| {
        let mut all: Vec<&[&str]> = vec![
            &["令和8年度　市民協働部"],
            &["No", "やることの中身", "めど", "秋の到達", "春の到達"],
        ];
        all.extend_from_slice(rows);
        grid(name, &all)
    };
    let first = unit(
        "庶務係",
        &[
            &["1", "来庁者アンケートの刷新", "10月", "設問を改めた。", ""],
            &["2", "備品の共同購入", "年度末", "", ""],
        ],
    );
    let second = unit(
        "調整係",
        &[&["1", "部内会議の資料削減", "12月", "紙を半減した。", ""]],
    );
    let out = run("x.xlsx", &[summary, first, second]);
    assert_eq!(items_per_sheet(&out), vec![("庶務係", 2), ("調整係", 1)]);
}

/// A summary sheet (総括表) rating each item with a mark (◎ / ○ / △)
/// under the reports' headings, where the sheet of the items writes the
/// reports out: its items are counted, and asked for, on that sheet alone.
/// A sheet of the same items whose reports are written out too is no
/// summary (a plan beside its report sheet, read elsewhere).
#[test]
fn a_summary_sheet_rating_the_items_of_a_sheet_that_writes_gives_no_items_of_its_own() {
    let sheet = |name: &str, reports: [&str; 3]| {
        grid(
            name,
            &[
                &["令和8年度　くらし安心部"],
                &["番号", "やること", "受け持ち", "前の半分", "後の半分"],
                &["1", "夜間の見回りを倍にする", "地域課", reports[0], ""],
                &["2", "防犯灯を街区ごとに点検する", "地域課", reports[1], ""],
                &["3", "相談窓口を土曜も開ける", "相談課", reports[2], ""],
            ],
        )
    };
    let detail = sheet(
        "個票",
        [
            "週2回から週4回に増やした。",
            "半数の街区で点検を終えた。",
            "",
        ],
    );
    let out = run("x.xlsx", &[sheet("まとめ", ["◎", "○", ""]), detail.clone()]);
    assert_eq!(items_per_sheet(&out), vec![("個票", 3)]);
    let out = run(
        "x.xlsx",
        &[sheet("まとめ", ["増やした。予定どおり。", "○", ""]), detail],
    );
    assert_eq!(items_per_sheet(&out), vec![("まとめ", 3), ("個票", 3)]);
}

/// Report headings naming the run of months their column covers, in
/// brackets after words that name no part of the year: the run ending with
/// a milestone's month is that milestone's report.
#[test]
fn a_report_heading_naming_the_months_it_covers_is_the_report_of_their_end() {
    let g = grid(
        "シート",
        &[
            &["令和8年度　みなと整備部"],
            &["番号", "やること", "受け持ち", "したこと（4月～3月）"],
            &[
                "1",
                "岸壁の補修を終える",
                "港湾課",
                "北側の120mを補修した。",
            ],
            &["2", "倉庫の跡地を貸し出す", "港湾課", ""],
            &[
                "3",
                "案内板を四か国語にする",
                "振興課",
                "四か国語で掲げた。",
            ],
        ],
    );
    let out = run("x.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(false, "", true, "シート!D3"),
            reported(false, "", false, "シート!D4"),
            reported(false, "", true, "シート!D5"),
        ]
    );
}

/// A note written beside the table, past a blank column, its first line
/// in the headings' row and merged down over the rows (書き方のメモ): the
/// headings before it still head the table.
#[test]
fn a_note_merged_down_beside_the_headings_past_a_blank_column_leaves_them_headings() {
    let mut g = grid(
        "表",
        &[
            &["令和8年度　まなび推進部"],
            &[],
            &[
                "区分",
                "やること",
                "受け持ち",
                "したこと（9月末）",
                "したこと（3月末）",
                "",
                "【書き方のメモ】\n・したことは、回数や人数を入れて書く\n・9月末の分は10月末までに書く",
            ],
            &[
                "新しく",
                "公民館で講座を開く",
                "公民館課",
                "12館で36回開いた。",
                "",
            ],
            &["続けて", "電子書籍を増やす", "図書館", "", ""],
            &[
                "続けて",
                "学習支援の担い手を募る",
                "まなび課",
                "40人が登録した。",
                "",
            ],
        ],
    );
    merge(&mut g, 2, 6, 5, 6);
    let out = run("x.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "表!D4", false, "表!E4"),
            reported(false, "表!D5", false, "表!E5"),
            reported(true, "表!D6", false, "表!E6"),
        ]
    );
}

/// Report rows named by a month alone, the same two under every item (the
/// month the report is made: 10月 after 9月末, 4月 after 3月末), the
/// items' number, title and owner merged down over both.
#[test]
fn report_rows_named_by_the_month_they_are_made_in_are_read() {
    let mut g = grid(
        "表",
        &[
            &["令和8年度　くらし支え部"],
            &["番号", "やること", "受け持ち", "いつ", "ようす"],
            &[
                "1",
                "夜の相談を始める",
                "相談課",
                "10月",
                "木曜の夜に開いた。",
            ],
            &["", "", "", "4月", ""],
            &["2", "学びの場を設ける", "支え課", "10月", ""],
            &["", "", "", "4月", ""],
            &["3", "訪問を記録する", "支え課", "10月", "端末を配った。"],
            &["", "", "", "4月", ""],
        ],
    );
    for top in [2, 4, 6] {
        for col in 0..3 {
            merge(&mut g, top, col, top + 1, col);
        }
    }
    let out = run("x.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "表!E3", false, "表!E4"),
            reported(false, "表!E5", false, "表!E6"),
            reported(true, "表!E7", false, "表!E8"),
        ]
    );
}

/// A sheet named as a sample (記入見本: `references.marks` in the
/// dictionary) beside the sheet of the items, with sample items whose
/// reports are blank: its rows are no items. A sheet whose name only
/// holds the mark inside a word (見本市) is read.
#[test]
fn a_sheet_named_as_a_sample_holds_no_items() {
    let sheet = |name: &str, title: &str| {
        grid(
            name,
            &[
                &["令和8年度　みどり部"],
                &["番号", "やること", "受け持ち", "前の半分", "後の半分"],
                &["1", title, "緑化課", "植えた。", ""],
                &["2", "花壇の手入れを続ける", "緑化課", "", ""],
            ],
        )
    };
    let out = run(
        "x.xlsx",
        &[
            sheet("R8", "街路樹を植える"),
            sheet("記入見本", "公園にベンチを置く"),
        ],
    );
    assert_eq!(items_per_sheet(&out), vec![("R8", 2)]);
    let out = run(
        "x.xlsx",
        &[
            sheet("R8", "街路樹を植える"),
            sheet("見本市", "公園にベンチを置く"),
        ],
    );
    assert_eq!(items_per_sheet(&out), vec![("R8", 2), ("見本市", 2)]);
}

/// Lines under the table, after a blank row, each telling how a column is
/// filled (`・いまの手ごたえは、…確かめます。`): notes, no items; an item
/// after a blank row whose title begins with a heading's words is still an
/// item.
#[test]
fn lines_telling_how_a_column_is_filled_are_no_items() {
    let g = grid(
        "表",
        &[
            &["令和8年度　まち魅力部"],
            &["やること", "いまの手ごたえ", "おわりの手ごたえ"],
            &["動画を週に三本出す", "週三本を続けた。", ""],
            &["ロケを二十件迎える", "", ""],
            &[],
            &["いまの手ごたえの見直し会を開く", "", ""],
            &[],
            &["・いまの手ごたえは、11月の部の会議で確かめます。"],
            &["・おわりの手ごたえは、翌年5月までに書きます。"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        [
            "動画を週に三本出す",
            "ロケを二十件迎える",
            "いまの手ごたえの見直し会を開く"
        ]
    );
}

/// A head's title naming the bare end of a unit's name (事務局長 → 事務局)
/// under a title naming the unit in full (水辺審議会事務局): the full name
/// is the department. A title naming another unit leaves the head's.
#[test]
fn a_head_naming_the_bare_end_of_the_titles_unit_is_of_that_unit() {
    let sheet = |title: &str| {
        grid(
            "目標",
            &[
                &[title],
                &["", "", "", "事務局長　山口 一郎"],
                &["番号", "やること", "受け持ち", "前の半分", "後の半分"],
                &["1", "会議録を早く出す", "庶務係", "二週間で出した。", ""],
            ],
        )
    };
    let department = |title: &str| {
        let out = run("x.xlsx", &[sheet(title)]);
        only_report(&out).department.clone()
    };
    assert_eq!(
        department("令和8年度　水辺審議会事務局　組織目標"),
        "水辺審議会事務局"
    );
    assert_eq!(department("令和8年度　組織目標"), "事務局");
}

/// A column headed by a word of `partners.marks` (協力する部署) naming
/// bureaus: the units the owner works with, neither the items' owner nor
/// their department, which the title names.
#[test]
fn a_column_of_the_units_worked_with_names_no_department() {
    let g = grid(
        "表",
        &[
            &["令和8年度　南区役所　重点の取組"],
            &[
                "番号",
                "やること",
                "受け持ち",
                "前の半分",
                "後の半分",
                "協力する部署",
            ],
            &[
                "1",
                "区のまつりを開く",
                "地域課",
                "開いた。",
                "",
                "まちづくり局",
            ],
            &["2", "窓口の待ちを減らす", "区民課", "", "", "まちづくり局"],
            &[
                "3",
                "公園の花壇を直す",
                "地域課",
                "直した。",
                "",
                "みどり局",
            ],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let report = only_report(&out);
    assert_eq!(report.department, "南区役所");
    assert_eq!(report.items().count(), 3);
}

/// Report headings written down their column a character a row (中 over
/// 間, 最 over 終), the other headings merged down over both rows: the two
/// rows are the header, and the columns the reports.
#[test]
fn headings_written_down_the_column_a_character_a_row_head_the_reports() {
    let mut g = grid(
        "表",
        &[
            &["令和8年度　まもり部"],
            &["番号", "やること", "受け持ち", "中", "最"],
            &["", "", "", "間", "終"],
            &["1", "見回りを増やす", "地域課", "週四回にした。", ""],
            &["2", "避難所を点検する", "防災課", "", ""],
        ],
    );
    for col in 0..3 {
        merge(&mut g, 1, col, 2, col);
    }
    let out = run("x.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "表!D4", false, "表!E4"),
            reported(false, "表!D5", false, "表!E5"),
        ]
    );
}

/// The sheets a workbook's reports are of, with their items' count.
fn items_per_sheet(out: &WorkbookOutcome) -> Vec<(&str, usize)> {
    let WorkbookOutcome::Reports(reports) = out else {
        panic!("{out:?}")
    };
    reports
        .iter()
        .map(|r| (r.sheet.as_str(), r.items().count()))
        .collect()
}

/// A sheet showing how to fill the table (記入例), numbered as the real
/// one is: its rows are neither items nor the reports of the real sheet's
/// items, whatever their numbers.
#[test]
fn a_sheet_of_examples_gives_neither_items_nor_reports() {
    let sheet = |name: &str, title: &str, unit: &str, rows: &[&[&str]]| {
        let (title, unit) = ([title], ["部局名", unit]);
        let mut all: Vec<&[&str]> = vec![
            &title,
            &unit,
            &[],
            &[
                "番号",
                "取り組む中身",
                "担当係",
                "いつまでに",
                "半年たっての所感",
                "一年をふりかえって",
            ],
        ];
        all.extend_from_slice(rows);
        grid(name, &all)
    };
    let example = sheet(
        "記入例",
        "【記入例】令和８年度　○○部　運営目標シート",
        "○○部",
        &[
            &[
                "1",
                "（例）窓口の案内表示を見直す",
                "○○係",
                "9月",
                "（例）8月に案を作った。",
            ],
            &["2", "（例）会議を短くする", "○○係", "年度末"],
        ],
    );
    let real = sheet(
        "方針",
        "令和８年度　市民協働部　運営目標シート",
        "市民協働部",
        &[
            &["1", "自治会の加入を呼びかける", "協働係", "10月", "", ""],
            &[
                "2",
                "協働提案の募集を始める",
                "協働係",
                "12月",
                "要項を定めた。",
                "",
            ],
        ],
    );
    let out = run("x.xlsx", &[example, real]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let items: Vec<(&str, &str, bool, bool)> = reports
        .iter()
        .flat_map(|r| {
            r.items().map(|(_, i)| {
                (
                    r.sheet.as_str(),
                    i.title(),
                    i.interim.is_filled(),
                    i.year_end.is_filled(),
                )
            })
        })
        .collect();
    assert_eq!(
        items,
        vec![
            ("方針", "自治会の加入を呼びかける", false, false),
            ("方針", "協働提案の募集を始める", true, false),
        ]
    );
}

/// A calendar of events (日 / 曜日 / 行事 / 場所 / 担当): a column of one
/// character a row is no item column, and the sheet holds no goals.
#[test]
fn a_calendar_with_a_column_of_weekdays_is_no_goal_sheet() {
    let g = grid(
        "12月",
        &[
            &["令和8年12月　行事予定表"],
            &[],
            &["日", "曜日", "行事", "場所", "担当"],
            &["1", "火", "人権週間街頭啓発", "駅前", "人権推進課"],
            &["6", "日", "消防団年末警戒出発式", "消防本部", "総務課"],
            &["25", "金", "仕事納め準備", "", "総務課"],
        ],
    );
    let out = run("令和8年度_行事予定表.xlsx", &[g]);
    assert!(
        matches!(out, WorkbookOutcome::NotAGoalSheet { .. }),
        "{out:?}"
    );
}

/// Cards of one form whose row pairs two labels with their values (時期 |
/// 5月末 | 担当 | 市民税係) and whose report labels stand alone over the
/// merged box their report is written in: the deadline, the owner and the
/// boxes are each card's.
#[test]
fn cards_read_pairs_of_labels_on_a_row_and_boxes_under_report_labels() {
    let card = |name: &str, item: &str, due: &str, first: &str| {
        let mut g = grid(
            name,
            &[
                &["", "令和8年度　税務課　取組シート", "", "", "", ""],
                &["", "取組テーマ", item],
                &[],
                &["", "完了させる時期", due, "", "受け持ち", "市民税係"],
                &[],
                &["", "折り返しの報告（11月記入）"],
                &["", first],
                &[],
                &[],
                &[],
                &["", "しめくくりの報告（3月記入）"],
                &[],
                &[],
                &[],
            ],
        );
        merge(&mut g, 1, 2, 1, 5);
        merge(&mut g, 6, 1, 8, 5);
        merge(&mut g, 11, 1, 13, 5);
        g
    };
    let sheets = [
        card("1", "特別徴収の義務化の周知", "５月末", ""),
        card("2", "スマホ納付の利用促進", "令和9年3月31日", ""),
        card(
            "3",
            "滞納整理の進行管理",
            "年度末",
            "遅れ気味。12月に挽回する。",
        ),
    ];
    let out = run("x.xlsx", &sheets);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let due: Vec<Vec<String>> = reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| i.due_dates().iter().map(|d| d.to_string()).collect())
        .collect();
    assert_eq!(due, [["2026-05-31"], ["2027-03-31"], ["2027-03-31"]]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(false, "1!B7", false, "1!B12"),
            reported(false, "2!B7", false, "2!B12"),
            reported(true, "3!B7", false, "3!B12"),
        ]
    );
}

/// Sheets of two fiscal years (R7, R8) listing work under the same short
/// headings (救急体制, 予防, …): each sheet is its own year's, never a report
/// sheet of the other, and the phrases of work right of the headings are
/// the items.
#[test]
fn sheets_of_two_years_under_the_same_headings_are_each_their_years_items() {
    let year = |name: &str, era: &str, rows: &[&[&str]]| {
        let title = format!("{era}　消防本部　重点目標");
        let mut all: Vec<&[&str]> = vec![
            &[],
            &[
                "重点項目",
                "打ち手",
                "完了目標",
                "上半期の手応え",
                "通年の成果",
            ],
        ];
        all.extend_from_slice(rows);
        let mut g = grid(name, &all);
        g.set(0, 0, CellValue::Text(title));
        g
    };
    let r7 = year(
        "R7",
        "令和7年度",
        &[
            &[
                "救急体制",
                "出動指令の見直しによる到着時間の短縮",
                "R8.3",
                "順調。",
                "完了した。",
            ],
            &[
                "予防",
                "住宅用火災警報器の設置率調査",
                "R7.12",
                "順調。",
                "完了した。",
            ],
        ],
    );
    let r8 = year(
        "R8",
        "令和8年度",
        &[
            &[
                "救急体制",
                "救急安心センターの共同運用への参加準備",
                "R9.3",
                "説明会を2回開いた。",
                "",
            ],
            &[
                "予防",
                "高齢者世帯の防火訪問と感震ブレーカーの普及",
                "令和8年11月",
                "",
                "",
            ],
        ],
    );
    let out = run("消防本部_重点目標.xlsx", &[r7, r8]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let read: Vec<(i32, String, bool, bool)> = reports
        .iter()
        .flat_map(|r| {
            r.items().map(move |(_, i)| {
                (
                    r.fiscal_year.start_year(),
                    i.title().to_string(),
                    i.interim.is_filled(),
                    i.year_end.is_filled(),
                )
            })
        })
        .collect();
    assert_eq!(
        read,
        vec![
            (
                2025,
                "出動指令の見直しによる到着時間の短縮".to_string(),
                true,
                true
            ),
            (2025, "住宅用火災警報器の設置率調査".to_string(), true, true),
            (
                2026,
                "救急安心センターの共同運用への参加準備".to_string(),
                true,
                false
            ),
            (
                2026,
                "高齢者世帯の防火訪問と感震ブレーカーの普及".to_string(),
                false,
                false
            ),
        ]
    );
}

/// A table whose deadlines are Excel serials that lost their date format
/// (46416) is read as the table it is, not sideways: the serials are its
/// items' deadlines.
#[test]
fn a_table_of_deadlines_kept_as_serial_numbers_is_read_as_a_table() {
    let mut g = grid(
        "R8",
        &[
            &["令和8年度　監査委員事務局"],
            &[],
            &[
                "やることリスト",
                "〆切",
                "途中でわかったこと",
                "おわってみて",
            ],
            &[
                "財政援助団体等監査の実施（4団体）",
                "",
                "説明会を2回開いた。",
                "",
            ],
            &[
                "定期監査のリスク評価シートの導入",
                "",
                "要綱案を作った。",
                "",
            ],
            &["内部統制評価報告書の審査", "", "計画どおり。", ""],
        ],
    );
    for (r, serial) in [(3u32, 46416.0), (4, 46295.0), (5, 46265.0)] {
        g.set(r, 1, CellValue::Number(serial));
    }
    let out = run("監査委員事務局_R8.xlsx", &[g]);
    let report = only_report(&out);
    let due: Vec<Vec<String>> = report
        .items()
        .map(|(_, i)| i.due_dates().iter().map(|d| d.to_string()).collect())
        .collect();
    assert_eq!(due, [["2027-01-29"], ["2026-09-30"], ["2026-08-31"]]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "R8!C4", false, "R8!D4"),
            reported(true, "R8!C5", false, "R8!D5"),
            reported(true, "R8!C6", false, "R8!D6"),
        ]
    );
}

/// A column of nothing but such serials under a heading no word makes a
/// deadline (`仕上げ日`) is the items' deadlines: numbers of another kind
/// seldom all fall in the years around the sheet's.
#[test]
fn a_column_of_serial_days_alone_is_the_deadline() {
    let mut g = grid(
        "重点",
        &[
            &["こども部　令和8年度　重点目標"],
            &[],
            &[
                "ねらい",
                "中身",
                "仕上げ日",
                "中間ふりかえり",
                "期末ふりかえり",
                "担当課",
            ],
            &[
                "待機ゼロ",
                "学童の定員拡大（40人増）",
                "",
                "2クラブ準備中。",
                "",
                "子育て課",
            ],
            &[
                "待機ゼロ",
                "病児保育の予約受付の電子化",
                "",
                "10月1日稼働。",
                "",
                "保育課",
            ],
            &[
                "相談",
                "相談窓口の一本化",
                "",
                "6月に一本化した。",
                "件数1.3倍。",
                "家庭課",
            ],
        ],
    );
    for (r, serial) in [(3u32, 46477.0), (4, 46326.0), (5, 46203.0)] {
        g.set(r, 2, CellValue::Number(serial));
    }
    let out = run("こども部_R8.xlsx", &[g]);
    let report = only_report(&out);
    let due: Vec<Vec<String>> = report
        .items()
        .map(|(_, i)| i.due_dates().iter().map(|d| d.to_string()).collect())
        .collect();
    assert_eq!(due, [["2027-03-31"], ["2026-10-31"], ["2026-06-30"]]);
}

/// Report lines under a table in two captioned blocks, the first naming
/// the first half and the second in words no dictionary holds (◆年度締め):
/// the second block is the year-end report.
#[test]
fn a_second_block_of_report_lines_after_the_interim_one_is_the_year_end_report() {
    let g = grid(
        "取組",
        &[
            &["令和8年度　デジタル推進室の取組"],
            &[],
            &["No", "取組", "期限", "担当"],
            &["1", "生成AIの利用指針の策定", "7月", "DX係"],
            &["2", "標準化システムへの移行", "R9.1", "DX係"],
            &[],
            &["◆上半期ふりかえり"],
            &["No.1", "4割まで進んだ。"],
            &["No.2", ""],
            &[],
            &["◆ひと区切り"],
            &["No.1", ""],
            &["No.2", "予定どおり移行した。"],
        ],
    );
    let out = run("R8_デジタル推進室.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "取組!B8", false, "取組!B12"),
            reported(false, "取組!B9", true, "取組!B13"),
        ]
    );
}

/// Blocks of the same labels down one sheet, the first label naming the
/// item (取組名 | 農地の利用状況調査…): the blocks are records, never a
/// table headed by the first block's label and value.
#[test]
fn blocks_of_labels_opened_by_the_item_label_are_records_not_a_table() {
    let mut rows: Vec<Vec<String>> = vec![
        vec!["令和８年度　農業委員会事務局　目標カード".into()],
        vec![],
    ];
    for (item, due, first, last) in [
        ("農地の利用状況調査を実施し遊休農地を把握", "８月末", "", ""),
        (
            "地域計画の更新に向けた話合いの開催",
            "令和８年１２月",
            "研修を1回開いた。",
            "12地区で開いた。",
        ),
        (
            "農地転用許可の標準処理期間の短縮",
            "年度末",
            "関係課と2回協議した。",
            "",
        ),
    ] {
        for (label, value) in [
            ("取組名", item),
            ("届く目安", "調査率100%"),
            ("期日", due),
            ("半期の見直し", first),
            ("年度のしめ", last),
        ] {
            rows.push(vec![label.into(), value.into()]);
        }
        rows.push(vec![]);
    }
    let texts: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = texts.iter().map(Vec::as_slice).collect();
    let out = run("x.xlsx", &[grid("目標カード", &slices)]);
    let report = only_report(&out);
    let titles: Vec<&str> = report.items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        [
            "農地の利用状況調査を実施し遊休農地を把握",
            "地域計画の更新に向けた話合いの開催",
            "農地転用許可の標準処理期間の短縮"
        ]
    );
    assert_eq!(
        reports_read(&out),
        vec![
            reported(false, "目標カード!B6", false, "目標カード!B7"),
            reported(true, "目標カード!B12", true, "目標カード!B13"),
            reported(true, "目標カード!B18", false, "目標カード!B19"),
        ]
    );
}

/// A column of era months written with the era's letter (R8.10, R9.3)
/// under a header no word names is the deadline: such a value is a date,
/// no code.
#[test]
fn a_column_of_era_months_by_letter_is_the_deadline_by_content() {
    let g = grid(
        "取組状況",
        &[
            &[
                "通番",
                "取組のなまえ",
                "めあて時期",
                "所管",
                "途中経過のメモ",
            ],
            &["1", "派出窓口の運用の見直し", "R8.10", "会計課", ""],
            &[
                "2",
                "請求書の電子受領を全課に展開",
                "R9.3",
                "会計課",
                "仕様を詰めている。",
            ],
            &[
                "3",
                "基金運用方針の改定",
                "R8.12",
                "会計課",
                "素案を作った。",
            ],
        ],
    );
    let out = run("会計管理者_R8.csv", &[g]);
    let due: Vec<Vec<String>> = only_report(&out)
        .items()
        .map(|(_, i)| i.due_dates().iter().map(|d| d.to_string()).collect())
        .collect();
    assert_eq!(due, [["2026-10-31"], ["2027-03-31"], ["2026-12-31"]]);
}

/// A line above the table saying who wrote or heads it (作成：…, 部長　氏名)
/// is no caption: the goal of a table with none is the title's.
#[rstest::rstest]
#[case("作成：経営企画課　最終更新：2026/10/30")]
#[case("部長　東 美和子")]
#[case("部長：西野 浩二")]
fn a_line_naming_who_wrote_or_heads_the_sheet_is_no_goal(#[case] line: &str) {
    let g = grid(
        "運営目標",
        &[
            &["2026年度　上下水道局　運営目標"],
            &[line],
            &[],
            &["番号", "取り組むこと", "期限", "中間報告"],
            &["1", "老朽管の更新", "第3四半期", ""],
            &["2", "水道料金のコンビニ納付", "12月", "始めた。"],
        ],
    );
    let out = run("x.xlsx", &[g]);
    let goals: Vec<&str> = only_report(&out)
        .goals
        .iter()
        .map(|g| g.title.as_str())
        .collect();
    assert_eq!(goals, ["2026年度　上下水道局　運営目標"]);
}

/// A list of budget requests (amounts, a time the money is spent, a remark
/// of 新規 / 継続) is a table of figures, no goals, though it states when.
#[test]
fn a_budget_list_stating_when_the_money_is_spent_is_no_goal_sheet() {
    let g = grid(
        "要求一覧",
        &[
            &["令和8年度 当初予算 要求事業一覧"],
            &[],
            &[
                "部局",
                "事業名",
                "要求額（千円）",
                "査定額（千円）",
                "執行予定時期",
                "備考",
            ],
            &[
                "企業局",
                "配水管布設替工事",
                "12000",
                "11000",
                "9月",
                "新規",
            ],
            &["保健所", "予防接種事業", "15300", "14000", "12月", "継続"],
            &[
                "消防本部",
                "高規格救急車更新",
                "18600",
                "17000",
                "年度末",
                "新規",
            ],
            &[
                "環境部",
                "不法投棄対策事業",
                "21900",
                "20000",
                "上半期",
                "継続",
            ],
        ],
    );
    let out = run("予算要求一覧_R8.xlsx", &[g]);
    assert!(
        matches!(out, WorkbookOutcome::NotAGoalSheet { .. }),
        "{out:?}"
    );
}

/// A small table under a document's many lines (a meeting's record: its
/// day, place, who came, what was said, then the tasks it left) is read
/// with low confidence, so its mails wait for a person's word; the same
/// table under a title alone is not.
#[test]
fn a_small_table_under_a_documents_many_lines_is_read_with_low_confidence() {
    let table: [&[&str]; 4] = [
        &["やること", "受け持ち", "いつまで", "いまの様子"],
        &[
            "避難所の鍵の管理方法の見直し",
            "防災課",
            "12月末",
            "案を作った",
        ],
        &["備蓄品の入れ替え計画の作成", "各区", "1月末", ""],
        &["次回の会合の日取りの調整", "防災課", "随時", ""],
    ];
    let document: [&[&str]; 10] = [
        &["令和8年度　第2回　地域防災連絡会　記録"],
        &["開いた日：令和8年10月7日（水）午後2時から"],
        &["開いた所：本庁舎5階　大会議室"],
        &["来た人：各区の防災担当ほか18名"],
        &[],
        &["(1) 避難所運営訓練のふりかえりについて"],
        &["　→ 防災課から説明。受付の混雑を確認した。"],
        &["(2) 備蓄品の点検結果について"],
        &["　→ 期限の近い品目を各区で確認する。"],
        &["（決まったこと）"],
    ];
    let confidence = |rows: Vec<&[&str]>| {
        let out = run("連絡会_R8.xlsx", &[grid("記録", &rows)]);
        only_report(&out).reading.tables[0].confidence
    };
    let mut minutes: Vec<&[&str]> = document.to_vec();
    minutes.extend(table);
    assert_eq!(confidence(minutes), crate::model::Confidence::Low);
    let mut sheet: Vec<&[&str]> = vec![&["令和8年度　防災課　取組"], &[]];
    sheet.extend(table);
    assert_ne!(confidence(sheet), crate::model::Confidence::Low);
}

/// A register of grants (相手先 | 助成メニュー | 助成額 | 報告書〆切 |
/// 報告書 | 所管課): each row a body outside the city hall and a sum of
/// money. The report it asks of them by a date is theirs to send, not a
/// goal's: no goal sheet, no mail.
#[test]
fn a_register_of_grants_to_outside_bodies_is_no_goal_sheet() {
    let mut g = grid(
        "助成",
        &[
            &["令和8年度　まちづくり助成　交付状況"],
            &[],
            &[
                "番号",
                "相手先",
                "助成メニュー",
                "助成額",
                "報告書〆切",
                "報告書",
                "所管課",
            ],
            &[
                "1",
                "北浜地区商店会",
                "夏の夜市",
                "",
                "令和8年9月30日",
                "受理",
                "商工課",
            ],
            &[
                "2",
                "(株)みなと企画",
                "空き店舗のお試し出店",
                "",
                "令和9年3月31日",
                "",
                "商工課",
            ],
            &[
                "3",
                "港まつり振興会",
                "港まつり",
                "",
                "令和8年11月30日",
                "",
                "観光課",
            ],
            &[
                "4",
                "NPO法人",
                "子ども食堂の運営",
                "",
                "令和9年3月31日",
                "",
                "福祉課",
            ],
        ],
    );
    for (r, yen) in [
        (3u32, 300000.0),
        (4, 1200000.0),
        (5, 2500000.0),
        (6, 480000.0),
    ] {
        g.set(r, 3, CellValue::Number(yen));
    }
    let out = run("まちづくり助成_R8.xlsx", &[g]);
    assert!(
        matches!(out, WorkbookOutcome::NotAGoalSheet { .. }),
        "{out:?}"
    );
}

/// A goal sheet with a sum of money on each row (事業費) and the body
/// each item is commissioned to on some (委託先) is still a goal sheet:
/// the bodies are too few to make it a register.
#[test]
fn a_goal_sheet_with_costs_and_a_few_contractors_is_read() {
    let g = grid(
        "取組",
        &[
            &["令和8年度　商工部　重点取組"],
            &[
                "取組",
                "期限",
                "事業費（円）",
                "委託先",
                "中間報告",
                "期末報告",
            ],
            &[
                "創業塾の開催",
                "令和8年12月",
                "1200000",
                "(株)みなと企画",
                "2回開いた。",
                "",
            ],
            &[
                "空き店舗の調査",
                "令和8年9月",
                "800000",
                "",
                "調査を終えた。",
                "",
            ],
            &["商店街マップの改訂", "令和9年3月", "500000", "", "", ""],
        ],
    );
    let out = run("商工部_R8.xlsx", &[g]);
    assert_eq!(only_report(&out).items().count(), 3);
}

/// Minutes of meetings (開催日 | 議題 | 説明者 | 主な意見 | 対応 | 次回): the
/// date comes first, the next meeting's date is no deadline of work, and
/// nothing else of a goal sheet is stated: no items.
#[test]
fn minutes_of_meetings_dated_first_are_no_goal_sheet() {
    let g = grid(
        "議事録",
        &[
            &["開催日", "議題", "説明者", "主な意見", "対応", "次回"],
            &[
                "2026/10/8",
                "脱炭素ロードマップ骨子案",
                "環境政策課長",
                "根拠を示すこと",
                "資料を修正",
                "2026/11/12",
            ],
            &[
                "2026/10/8",
                "公共施設の使用料見直し",
                "財政課長",
                "減免基準の整理",
                "案を作成",
                "2026/11/12",
            ],
            &[
                "2026/11/12",
                "病児保育施設の公募要項",
                "こども政策課長",
                "特になし",
                "了承",
                "2026/12/10",
            ],
        ],
    );
    let out = run("政策調整会議_議事録.csv", &[g]);
    assert!(
        matches!(out, WorkbookOutcome::NotAGoalSheet { .. }),
        "{out:?}"
    );
}

/// Each item a row of its plan and a row of its results (段: 計画 / 実績),
/// the item merged down over both, the columns headed by the halves of the
/// year (前半 / 後半): the reports are the results' row's, and what the
/// plan's row holds under them stays with the item as its plan.
#[test]
fn a_record_of_a_plan_row_and_a_results_row_reports_on_the_results_row() {
    let mut g = grid(
        "行動",
        &[
            &["令和8年度　くらし部　行動予定と結果"],
            &["番号", "やること", "段", "前半", "後半", "めど", "係"],
            &[
                "1",
                "空き家の相談会を開く",
                "計画",
                "会場を決める",
                "相談会を開く",
                "令和8年12月",
                "住宅係",
            ],
            &["", "", "実績", "会場を3か所決めた。", "", "", ""],
            &[
                "2",
                "空き家バンクを始める",
                "計画",
                "要綱を作る",
                "登録を始める",
                "年度内",
                "住宅係",
            ],
            &[
                "",
                "",
                "実績",
                "要綱を施行した。",
                "11月に12件登録した。",
                "",
                "",
            ],
            &[
                "3",
                "移住相談の窓口を置く",
                "計画",
                "人を選ぶ",
                "窓口を開く",
                "令和9年2月",
                "企画係",
            ],
            &["", "", "実績", "", "", "", ""],
        ],
    );
    for top in [2, 4, 6] {
        for col in [0, 1, 5, 6] {
            merge(&mut g, top, col, top + 1, col);
        }
    }
    let out = run("x.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "行動!D4", false, "行動!E4"),
            reported(true, "行動!D6", true, "行動!E6"),
            reported(false, "行動!D8", false, "行動!E8"),
        ]
    );
    let report = only_report(&out);
    let (_, first) = report.items().next().unwrap();
    let plan: Vec<(&str, &str)> = first
        .extras
        .iter()
        .map(|e| (&*e.header, &*e.text))
        .filter(|(h, _)| h.contains("計画"))
        .collect();
    assert_eq!(
        plan,
        vec![
            ("前半（計画）", "会場を決める"),
            ("後半（計画）", "相談会を開く")
        ]
    );
}

/// A sheet per quarter (第1四半期 … 第4四半期), each the same items and a
/// column of sentences headed by words no dictionary holds (この3か月の歩み),
/// one sentence written again where nothing changed: the sheet's name makes
/// that column its quarter's report, the interim on 第2四半期 and the
/// year-end on 第4四半期, the items counted once.
#[test]
fn a_sheet_per_quarter_reports_in_its_one_column_of_sentences() {
    let quarter = |name: &str, numbers: [&str; 3], written: [&str; 3]| {
        let mut rows: Vec<Vec<&str>> = vec![
            vec!["令和8年度　まちづくり部　取組のようす"],
            vec!["No.", "取組（略）", "この3か月の歩み", "書いた人"],
        ];
        let titles = ["空き家の相談会", "バス停の屋根", "公園のトイレ改修"];
        for i in 0..3 {
            rows.push(if written[i].is_empty() {
                vec![numbers[i], titles[i]]
            } else {
                vec![numbers[i], titles[i], written[i], "山田"]
            });
        }
        let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        grid(name, &refs)
    };
    let sheets = [
        quarter(
            "第1四半期",
            ["1", "2", "3"],
            [
                "予定どおり進んでいる。",
                "設置場所の候補を洗い出した。",
                "予定どおり進んでいる。",
            ],
        ),
        quarter(
            "第2四半期",
            ["(1)", "(2)", "(3)"],
            [
                "相談会を2回開き、延べ40人が来た。",
                "",
                "予定どおり進んでいる。",
            ],
        ),
        quarter(
            "第3四半期",
            ["１", "２", "３"],
            ["", "", "工事を始めて、年内に終える予定。"],
        ),
        quarter("第4四半期", ["①", "②", "③"], ["", "", ""]),
    ];
    let out = run("x.xlsx", &sheets);
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        ["空き家の相談会", "バス停の屋根", "公園のトイレ改修"]
    );
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "第2四半期!C3", false, "第4四半期!C3"),
            reported(false, "第2四半期!C4", false, "第4四半期!C4"),
            reported(true, "第2四半期!C5", false, "第4四半期!C5"),
        ]
    );
}

/// A sheet per half named by words no milestone holds and the half's months
/// in brackets (`はじめの半年（4月～9月）`, `おわりの半年（10月～3月）`),
/// each the same items and one column of sentences: the months make that
/// column the interim report on the first sheet and the year-end report on
/// the second, the items counted once.
#[test]
fn sheets_per_half_named_with_their_months_in_brackets_report_by_those_months() {
    let half = |name: &str, written: [&str; 2]| {
        let mut rows: Vec<Vec<&str>> = vec![
            vec!["令和8年度　ゆうなぎ交流部　取組のあゆみ"],
            vec!["No.", "取組", "いつまで", "この間の動き"],
        ];
        let items = [("1", "橋の点検", "年度内"), ("2", "案内板の更新", "12月末")];
        for ((number, title, due), text) in items.into_iter().zip(written) {
            rows.push(vec![number, title, due, text]);
        }
        let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        grid(name, &refs)
    };
    let sheets = [
        half(
            "はじめの半年（4月～9月）",
            ["3橋の点検を終えた。", "文案をまとめた。"],
        ),
        half("おわりの半年（10月～3月）", ["", "新しい案内板を設けた。"]),
    ];
    let out = run("x.xlsx", &sheets);
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    assert_eq!(titles, ["橋の点検", "案内板の更新"]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(
                true,
                "はじめの半年（4月～9月）!D3",
                false,
                "おわりの半年（10月～3月）!D3"
            ),
            reported(
                true,
                "はじめの半年（4月～9月）!D4",
                true,
                "おわりの半年（10月～3月）!D4"
            ),
        ]
    );
}

/// A log's entries (a column no role takes holding a day on every row, the
/// days going forward down the rows: when each was taken in) are read with
/// low confidence, so the mails wait for a person's word, whatever the
/// headings say; the same table whose column of days is no such order (the
/// days each item's work starts, in no order) is not.
#[test]
fn a_table_of_entries_taken_in_day_by_day_is_read_with_low_confidence() {
    let table = |days: [&'static str; 4]| -> Vec<Vec<&'static str>> {
        let rows = [
            ("歩道の段差の補修", "道路係", "10月中", "補修した"),
            ("公園の照明の交換", "公園係", "11月末", ""),
            ("集会所の雨漏りの修繕", "施設係", "12月", ""),
            ("案内板の多言語化", "観光係", "年度内", ""),
        ];
        let mut out = vec![
            vec!["令和8年度　まちの声への対応"],
            vec![],
            vec!["うけつけた日", "中身", "受け持ち", "いつまで", "どうしたか"],
        ];
        for (day, (what, who, due, done)) in days.into_iter().zip(rows) {
            out.push(vec![day, what, who, due, done]);
        }
        out
    };
    let confidence = |rows: Vec<Vec<&str>>| {
        let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let out = run("まちの声_R8.xlsx", &[grid("一覧", &refs)]);
        only_report(&out).reading.tables[0].confidence
    };
    let taken_in = table(["2026/10/02", "2026/10/15", "2026/10/15", "2026/11/05"]);
    assert_eq!(confidence(taken_in), crate::model::Confidence::Low);
    let starts = table(["2026/10/02", "2026/06/01", "2026/11/15", "2026/04/01"]);
    assert_ne!(confidence(starts), crate::model::Confidence::Low);
}

#[test]
fn a_row_of_calendar_years_over_a_schedules_months_is_no_header() {
    let rows: &[&[&str]] = &[
        &["令和8年度　港湾部　やること工程"],
        &[],
        &[
            "",
            "",
            "",
            "令和8年",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "令和9年",
            "",
            "",
            "",
            "",
        ],
        &[
            "係",
            "ありたい姿",
            "やること",
            "4月",
            "5月",
            "6月",
            "7月",
            "8月",
            "9月",
            "10月",
            "11月",
            "12月",
            "1月",
            "2月",
            "3月",
            "前半の様子",
            "締めの様子",
        ],
        &[
            "港湾係",
            "にぎわう港",
            "浮桟橋のかけ替え",
            "◆",
            "━",
            "━",
            "◆",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "据え付けを終えた。",
            "",
        ],
        &[
            "港湾係",
            "",
            "案内看板の多言語化",
            "",
            "",
            "",
            "",
            "",
            "◆",
            "━",
            "◆",
            "",
            "",
            "",
            "",
            "業者を決めた。",
            "",
        ],
        &[
            "管理係",
            "安全な港",
            "防舷材の点検",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "◆",
            "━",
            "◆",
            "－",
            "",
        ],
        &[],
        &["凡例：◆ 始め・終わり　━ 実施中"],
    ];
    // The years merged over their months, the first goal over its rows.
    let mut sheet = grid("工程", rows);
    for (first_col, last_col) in [(3, 11), (12, 14)] {
        sheet.add_merge(MergedRange {
            first_row: 2,
            first_col,
            last_row: 2,
            last_col,
        });
    }
    sheet.add_merge(MergedRange {
        first_row: 4,
        first_col: 1,
        last_row: 5,
        last_col: 1,
    });
    let out = run("港湾部_工程.xlsx", &[sheet]);
    let report = only_report(&out);
    let items = last_dues(report);
    assert_eq!(
        items,
        [
            (
                "浮桟橋のかけ替え".to_string(),
                Some("2026-07-31".to_string())
            ),
            (
                "案内看板の多言語化".to_string(),
                Some("2026-11-30".to_string())
            ),
            ("防舷材の点検".to_string(), Some("2027-03-31".to_string())),
        ]
    );
    let read = reports_read(&out);
    assert_eq!(read[0], reported(true, "工程!P5", false, "工程!Q5"));
    assert_eq!(read[2], reported(false, "工程!P7", false, "工程!Q7"));
}

#[test]
fn a_table_headed_in_english_is_read_by_the_dictionarys_english_words() {
    let rows: &[&[&str]] = &[
        &["Port Promotion Section – FY2026 (令和8年度) Plan"],
        &[],
        &[
            "Objective",
            "Initiative",
            "Responsible",
            "Deadline",
            "Interim progress",
            "Final result",
            "Score",
        ],
        &[
            "港のにぎわい",
            "クルーズ船の寄港誘致",
            "振興係",
            "R8.12",
            "2隻の寄港が決まった。",
            "",
            "A",
        ],
        &["", "岸壁の照明更新", "施設係", "2027/2/26", "", "", ""],
        &[
            "",
            "市民向け見学会の開催",
            "振興係",
            "10月中旬",
            "未記入",
            "",
            "B",
        ],
        &[],
        &["Score: A = on schedule / B = a little late / C = late"],
    ];
    let out = run("港湾振興課_plan.xlsx", &[grid("FY2026 Plan", rows)]);
    let report = only_report(&out);
    let items: Vec<(String, String, Option<String>)> = report
        .items()
        .map(|(goal, i)| {
            (
                goal.title.clone(),
                i.title().to_string(),
                i.deadlines
                    .iter()
                    .filter_map(|d| d.due())
                    .map(|d| d.to_string())
                    .next_back(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "港のにぎわい".to_string(),
                "クルーズ船の寄港誘致".to_string(),
                Some("2026-12-31".to_string())
            ),
            (
                "港のにぎわい".to_string(),
                "岸壁の照明更新".to_string(),
                Some("2027-02-26".to_string())
            ),
            (
                "港のにぎわい".to_string(),
                "市民向け見学会の開催".to_string(),
                Some("2026-10-20".to_string())
            ),
        ]
    );
    let read = reports_read(&out);
    assert_eq!(
        read[0],
        reported(true, "FY2026 Plan!E4", false, "FY2026 Plan!F4")
    );
    assert_eq!(
        read[2],
        reported(false, "FY2026 Plan!E6", false, "FY2026 Plan!F6")
    );
    let roles: Vec<Role> = only_report(&out).reading.tables[0]
        .columns
        .iter()
        .map(|c| c.role)
        .collect();
    assert_eq!(
        roles,
        [
            Role::Goal,
            Role::Item,
            Role::Owner,
            Role::Deadline,
            Role::Interim,
            Role::YearEnd,
            Role::SelfAssessment
        ]
    );
}

#[test]
fn a_line_above_the_table_telling_of_both_halves_names_no_part_of_the_year() {
    let rows: &[&[&str]] = &[
        &["令和8年度　水道部　やること"],
        &["（前半：10月20日まで　後半：4月20日までに【前半】【後半】の欄へ書く）"],
        &[],
        &[
            "No.",
            "めざすもの",
            "やること",
            "係",
            "いつまで",
            "動き",
            "メモ",
        ],
        &[
            "1",
            "安心な水",
            "配水池の点検",
            "施設係",
            "2026/10/9",
            "【前半】3池の点検を終えた。\n【後半】",
            "",
        ],
        &[
            "2",
            "安心な水",
            "給水管の更新",
            "工務係",
            "2027/2/26",
            "【前半】業者を決めた。\n【後半】－",
            "",
        ],
        &[
            "3",
            "安心な水",
            "水質検査の公表",
            "水質係",
            "12/20",
            "【前半】(未)\n【後半】(未)",
            "",
        ],
    ];
    let out = run("水道部_やること.xlsx", &[grid("やること", rows)]);
    let read = reports_read(&out);
    assert_eq!(read[0], reported(true, "やること!F5", false, "やること!F5"));
    assert_eq!(read[1], reported(true, "やること!F6", false, "やること!F6"));
    assert_eq!(
        read[2],
        reported(false, "やること!F7", false, "やること!F7")
    );
}

#[test]
fn a_schedule_with_no_marks_in_a_format_without_fills_is_said_to_be_unread() {
    let rows: &[&[&str]] = &[
        &["令和8年度　森林部　やること工程"],
        &[
            "やること",
            "4月",
            "5月",
            "6月",
            "7月",
            "8月",
            "9月",
            "10月",
            "11月",
            "12月",
            "1月",
            "2月",
            "3月",
            "前半のようす",
        ],
        &[
            "林道の補修",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "2路線を直した。",
        ],
        &[
            "間伐の拡大",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "業者を決めた。",
        ],
    ];
    let said = |fills_unknown: bool| {
        let mut sheet = grid("工程", rows);
        sheet.fills_unknown = fills_unknown;
        let out = run("森林部_工程.xls", &[sheet]);
        let report = only_report(&out).clone();
        let warned = report
            .warnings
            .iter()
            .any(|w| w.message.contains("塗りつぶし") && w.message.contains("B〜M列"));
        (
            report.items().count(),
            warned,
            report.reading.tables[0].confidence,
        )
    };
    assert_eq!(said(true), (2, true, crate::model::Confidence::Medium));
    let (items, warned, _) = said(false);
    assert_eq!((items, warned), (2, false));
}

#[test]
fn codes_led_by_a_departments_letter_number_the_items_not_their_goals() {
    let rows: &[&[&str]] = &[
        &["令和8年度　港湾部　取組"],
        &["番号", "柱", "やること", "いつまで", "係"],
        &[
            "港-01",
            "にぎわう港",
            "クルーズ船の寄港誘致",
            "12月",
            "振興係",
        ],
        &["港-02", "にぎわう港", "岸壁の照明更新", "2月", "施設係"],
        &["港-03", "安全な港", "防舷材の点検", "3月", "施設係"],
    ];
    let out = run("港湾部_取組.xlsx", &[grid("取組", rows)]);
    let report = only_report(&out);
    let read: Vec<(String, Option<String>)> = report
        .items()
        .map(|(goal, i)| (goal.title.clone(), i.number().map(str::to_string)))
        .collect();
    assert_eq!(
        read,
        [
            ("にぎわう港".to_string(), Some("港-01".to_string())),
            ("にぎわう港".to_string(), Some("港-02".to_string())),
            ("安全な港".to_string(), Some("港-03".to_string())),
        ]
    );
}

#[test]
fn a_report_cell_written_in_lines_per_month_of_a_milestone_holds_both_reports() {
    let rows: &[&[&str]] = &[
        &["令和8年度　森林部　やること"],
        &["やること", "いつまで", "動き（9月と3月に書き足す）"],
        &[
            "林道の補修",
            "12月",
            "9月：2路線を直した。\n残りは冬に。\n3月：全路線を終えた。",
        ],
        &["間伐の拡大", "2月", "9月：業者を決めた。"],
        &["苗木の配布", "5月", "9月：配り終えた。\n3月："],
    ];
    let out = run("森林部_やること.xlsx", &[grid("やること", rows)]);
    let report = only_report(&out);
    let read: Vec<(Report, Report)> = report
        .items()
        .map(|(_, i)| (i.interim.clone(), i.year_end.clone()))
        .collect();
    assert_eq!(
        read,
        [
            (
                Report::Filled("2路線を直した。\n残りは冬に。".into()),
                Report::Filled("全路線を終えた。".into())
            ),
            (Report::Filled("業者を決めた。".into()), Report::Empty),
            (Report::Filled("配り終えた。".into()), Report::Empty),
        ]
    );
    let cells = reports_read(&out);
    assert_eq!(
        cells[1],
        reported(true, "やること!C4", false, "やること!C4")
    );
}

#[rstest::rstest]
#[case::after_the_interim("様子（11月報告）", true)]
#[case::after_the_year("まとめ（4月報告）", false)]
fn a_report_named_for_the_month_it_is_made_in_is_that_of_the_milestone_before(
    #[case] heading: &str,
    #[case] interim: bool,
) {
    let rows: &[&[&str]] = &[
        &["令和8年度　森林部　やること"],
        &["No", "やること", "いつまで", heading],
        &["1", "林道の補修", "12月", "2路線を直した。"],
        &["2", "間伐の拡大", "2月", ""],
    ];
    let out = run("森林部_やること.xlsx", &[grid("やること", rows)]);
    let report = only_report(&out);
    let first = report.items().next().map(|(_, i)| i.clone()).unwrap();
    assert_eq!(first.interim.is_filled(), interim, "{first:?}");
    assert_eq!(first.year_end.is_filled(), !interim, "{first:?}");
}

#[test]
fn a_schedule_by_half_months_gives_the_month_of_its_last_marked_half() {
    let months = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3];
    let mut header = vec!["やること".to_string()];
    for m in months {
        header.push(format!("{m}月前半"));
        header.push(format!("{m}月後半"));
    }
    header.push("前半の様子".to_string());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut first = vec![""; 26];
    first[0] = "林道の補修";
    first[3] = "■";
    first[4] = "■";
    first[25] = "2路線を直した。";
    let mut second = vec![""; 26];
    second[0] = "間伐の拡大";
    second[20] = "■";
    let rows: Vec<&[&str]> = vec![&["令和8年度　森林部　工程"], &header, &first, &second];
    let out = run("森林部_工程.xlsx", &[grid("工程", &rows)]);
    let report = only_report(&out);
    let dues: Vec<Option<String>> = last_dues(report).into_iter().map(|(_, d)| d).collect();
    assert_eq!(
        dues,
        [
            Some("2026-05-31".to_string()),
            Some("2027-01-31".to_string())
        ]
    );
    let read = reports_read(&out);
    assert!(read[0].0, "{read:?}");
}

#[rstest::rstest]
#[case::era_letter("森林部　やること（R8）", Some(2026))]
#[case::full_width("森林部　やること（Ｒ８）", Some(2026))]
#[case::era_name("森林部　やること(令和8)", Some(2026))]
#[case::a_date("森林部　やること（R8.9.30現在）", None)]
fn a_year_alone_in_brackets_in_the_title_is_the_sheets_fiscal_year(
    #[case] title: &str,
    #[case] year: Option<i32>,
) {
    let rows: &[&[&str]] = &[
        &[title],
        &["やること", "いつまで", "前半の様子"],
        &["林道の補修", "12月", "2路線を直した。"],
    ];
    let out = interpret_workbook(
        Path::new("森林部_やること.xlsx"),
        &[grid("やること", rows)],
        &FieldDictionary::default(),
        &InterpretOptions::default(),
    );
    let found = match &out {
        WorkbookOutcome::Reports(r) => Some(r[0].fiscal_year.0),
        _ => None,
    };
    assert_eq!(found, year, "{out:?}");
}

/// A text alone in the column of item numbers heads the rows below it:
/// a section of finished items (`▼ 済んだもの`) is no row of its own, and
/// does not make the item column look like groups; a section naming a
/// department (`■くらし応援局`) makes the rows below that department's.
/// The header words are none the dictionary holds.
#[test]
fn a_text_among_item_numbers_heads_a_section() {
    let g = grid(
        "取組",
        &[
            &["令和8年度　取組シート"],
            &["No", "ねらい", "手がけること", "めど", "秋の時点"],
            &["■くらし応援局", "", "", "", ""],
            &[
                "1",
                "暮らしの安心",
                "見守り訪問の拡大",
                "9月末",
                "120世帯を訪問した。",
            ],
            &[
                "2",
                "暮らしの安心",
                "相談窓口の一本化",
                "12月",
                "準備会を2回開いた。",
            ],
            &["▼ 済んだもの", "", "", "", ""],
            &[
                "3",
                "暮らしの安心",
                "消費生活講座の開催",
                "6月",
                "6/20に開いた。",
            ],
            &["■まちづくり局", "", "", "", ""],
            &["1", "歩けるまち", "歩道段差の解消", "3月", ""],
        ],
    );
    let out = run("取組シート.xlsx", &[g]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let items: Vec<(&str, &str)> = reports
        .iter()
        .flat_map(|r| {
            r.items()
                .map(move |(_, i)| (r.department.as_str(), i.title()))
        })
        .collect();
    assert_eq!(
        items,
        [
            ("くらし応援局", "見守り訪問の拡大"),
            ("くらし応援局", "相談窓口の一本化"),
            ("くらし応援局", "消費生活講座の開催"),
            ("まちづくり局", "歩道段差の解消"),
        ],
        "{out:?}"
    );
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "取組!E4", false, ""),
            reported(true, "取組!E5", false, ""),
            reported(true, "取組!E7", false, ""),
            reported(false, "取組!E9", false, ""),
        ]
    );
}

/// Report sheets named for the halves (上期報告 / 下期報告) beside the plan,
/// their rows keyed by short titles with no numbers: each row gives the
/// item whose title it abbreviates its half's report; a self-assessment
/// beside the text (順調) is no report of the other half; an item with no
/// row of a half has that report to write.
#[test]
fn report_sheets_per_half_keyed_by_short_titles_join_the_plan() {
    let plan = grid(
        "計画",
        &[
            &["令和8年度　取組計画"],
            &["No.", "ねらい", "取組名", "目標期日"],
            &[
                "1",
                "にぎわい",
                "海外旅行会社招請によるインバウンド誘客",
                "11月",
            ],
            &["2", "にぎわい", "周遊型デジタルスタンプラリーの実施", "8月"],
            &["3", "まちの顔", "駅観光案内所の多言語対応", "12月"],
        ],
    );
    let first = grid(
        "上期報告",
        &[
            &["上期報告（4月～9月）"],
            &["取組（略）", "上期のようす", "自己評価"],
            &["インバウンド誘客", "3社を招請した。", "順調"],
            &["案内所多言語化", "機器を選んだ。", "やや遅れ"],
        ],
    );
    let second = grid(
        "下期報告",
        &[
            &["下期報告（10月～3月）"],
            &["取組（略）", "下期のようす・一年の総括", "年度評価"],
            &["インバウンド誘客", "", ""],
            &["スタンプラリー", "参加者3,412人で終えた。", "達成"],
            &["案内所多言語化", "", ""],
        ],
    );
    let out = run("観光課_R8.xlsx", &[plan, first, second]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let titles: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| i.title())
        .collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "上期報告!B3", false, "下期報告!B3"),
            reported(false, "", true, "下期報告!B4"),
            reported(true, "上期報告!B4", false, "下期報告!B5"),
        ]
    );
}

/// A column right of the interim report, headed by a word no dictionary
/// holds and holding one status so far, is the year-end report still to
/// be written, beside a schedule of marks as beside none.
#[test]
fn a_sparse_column_right_of_the_interim_report_is_the_year_end_report() {
    let g = grid(
        "工程",
        &[
            &["令和8年度　取組の工程"],
            &[
                "No",
                "ねらい",
                "手がけること",
                "R8.4",
                "R8.5",
                "R8.6",
                "R8.7",
                "R8.8",
                "R8.9",
                "R8.10",
                "R8.11",
                "R8.12",
                "R9.1",
                "R9.2",
                "R9.3",
                "途中経過",
                "おさまり",
            ],
            &[
                "1",
                "浸水を防ぐ",
                "雨水管の整備",
                "",
                "",
                "▲",
                "━",
                "━",
                "",
                "",
                "",
                "",
                "",
                "★",
                "",
                "180m 敷設した",
                "",
            ],
            &[
                "2",
                "浸水を防ぐ",
                "地図の改定",
                "▲",
                "━",
                "",
                "",
                "",
                "★",
                "",
                "",
                "",
                "",
                "",
                "",
                "9月に配った",
                "済",
            ],
            &[
                "3",
                "浸水を防ぐ",
                "カメラの増設",
                "",
                "",
                "",
                "▲",
                "━",
                "",
                "",
                "★",
                "",
                "",
                "",
                "",
                "…",
                "",
            ],
            &[
                "4",
                "水辺を生かす",
                "計画の策定",
                "",
                "▲",
                "━",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "★",
                "2回開いた",
                "",
            ],
        ],
    );
    let out = run("河川課_R8.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "工程!P3", false, "工程!Q3"),
            reported(true, "工程!P4", true, "工程!Q4"),
            reported(false, "工程!P5", false, "工程!Q5"),
            reported(true, "工程!P6", false, "工程!Q6"),
        ],
        "{out:?}"
    );
}

/// Sections of one sheet headed by a division's name in brackets merged
/// across the table (【保険年金課】): each heads its rows, none is a note
/// ending the table nor a goal in place of the goals' column.
#[test]
fn a_divisions_name_in_brackets_across_the_table_heads_its_rows() {
    let mut g = grid(
        "組織目標",
        &[
            &["令和8年度　市民部　組織目標"],
            &[],
            &["No", "ねらい", "打つ手", "めど", "秋のようす"],
            &["【市民課】"],
            &[
                "1",
                "窓口の待ち時間短縮",
                "予約制の導入",
                "R8.9",
                "7月に導入した",
            ],
            &["2", "", "書かない窓口", "年度内", "試行中"],
            &["【保険年金課】"],
            &[
                "3",
                "収納率の向上",
                "口座振替の勧奨",
                "12月",
                "勧奨はがき2千件",
            ],
            &["4", "", "コンビニ納付の周知", "通年", ""],
            &["【文化振興課】"],
            &["5", "文化に触れる機会", "出前コンサート", "R9.2", ""],
        ],
    );
    for r in [3, 6, 9] {
        merge(&mut g, r, 0, r, 4);
    }
    let out = run("市民部_R8_組織目標.xlsx", &[g]);
    let items: Vec<(String, String)> = only_report(&out)
        .items()
        .map(|(goal, i)| (goal.title.clone(), i.title().to_string()))
        .collect();
    let pair = |g: &str, i: &str| (g.to_string(), i.to_string());
    assert_eq!(
        items,
        vec![
            pair("窓口の待ち時間短縮", "予約制の導入"),
            pair("窓口の待ち時間短縮", "書かない窓口"),
            pair("収納率の向上", "口座振替の勧奨"),
            pair("収納率の向上", "コンビニ納付の周知"),
            pair("文化に触れる機会", "出前コンサート"),
        ]
    );
}

/// Under each part of the year's heading, the report's text left of its
/// mark (中間 › ようす | 自己採点, 年度末 › ようす | 自己採点): the text is the
/// report, the year-end's as the interim's, however few are written yet.
#[test]
fn a_reports_text_left_of_its_mark_is_the_report() {
    let mut g = grid(
        "目標",
        &[
            &["令和8年度　市民課　目標"],
            &[],
            &["No", "打つ手", "めど", "中間（9月末）", "", "年度末", ""],
            &["", "", "", "ようす", "自己採点", "ようす", "自己採点"],
            &[
                "1",
                "予約制の導入",
                "R8.9",
                "7月に導入し、待ち時間は半分になった",
                "○",
                "導入を終えた。平均の待ちは12分",
                "◎",
            ],
            &[
                "2",
                "書かない窓口",
                "年度内",
                "2つの窓口で試している",
                "△",
                "－",
                "",
            ],
            &[
                "3",
                "口座振替の勧奨",
                "12月",
                "はがきを2千件送った",
                "○",
                "",
                "",
            ],
            &[
                "4",
                "コンビニ納付の周知",
                "通年",
                "広報に載せた",
                "○",
                "",
                "",
            ],
        ],
    );
    for c in 0..3 {
        merge(&mut g, 2, c, 3, c);
    }
    merge(&mut g, 2, 3, 2, 4);
    merge(&mut g, 2, 5, 2, 6);
    let out = run("市民課_R8.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "目標!D5", true, "目標!F5"),
            reported(true, "目標!D6", false, "目標!F6"),
            reported(true, "目標!D7", false, "目標!F7"),
            reported(true, "目標!D8", false, "目標!F8"),
        ]
    );
}

/// A hidden sheet holding a draft of the items (短い題で) beside the sheet
/// shown: its items are not counted, and a warning names it. A workbook
/// whose only sheet of items is hidden is read.
#[test]
fn a_hidden_sheets_items_are_left_out_beside_a_shown_sheets() {
    let shown = grid(
        "重点取組",
        &[
            &["令和8年度　教育委員会　重点取組"],
            &["No", "とりくみ", "めど", "途中のようす"],
            &["1", "端末活用の実践校を広げる", "年度内", "12校で始めた"],
            &["2", "給食費の公会計化に向けた改修", "R9.2", "仕様を固めた"],
        ],
    );
    let mut draft = grid(
        "下書き",
        &[
            &["令和8年度　重点取組（案）"],
            &["No", "とりくみ", "めど", "途中のようす"],
            &["1", "端末活用", "年度内", ""],
            &["2", "給食費の公会計化", "R9.2", ""],
            &["3", "部活動の地域移行", "R9.3", ""],
        ],
    );
    draft.visible = false;
    let titles = |out: &WorkbookOutcome| -> Vec<String> {
        let WorkbookOutcome::Reports(reports) = out else {
            panic!("{out:?}")
        };
        reports
            .iter()
            .flat_map(|r| r.items().map(|(_, i)| i.title().to_string()))
            .collect()
    };
    let out = run("教育委員会_R8.xlsx", &[shown, draft.clone()]);
    assert_eq!(
        titles(&out),
        vec!["端末活用の実践校を広げる", "給食費の公会計化に向けた改修"]
    );
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    assert!(
        reports[0]
            .warnings
            .iter()
            .any(|w| w.message.contains("非表示のシート（下書き）")),
        "{:?}",
        reports[0].warnings
    );
    let out = run("教育委員会_R8.xlsx", &[draft]);
    assert_eq!(titles(&out).len(), 3);
}

/// A calendar of meetings (会合 | 開く日 | 会場 | 担当 | 状況), one held
/// again on a later day: occasions, no items of work. Read at 低, its
/// mails held; the same table with no title twice is read as before.
#[test]
fn a_calendar_whose_occasions_come_again_is_read_low() {
    let day = |m: u32, d: u32| {
        let y = if m < 4 { 2027 } else { 2026 };
        CellValue::Date(
            chrono::NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap(),
        )
    };
    let calendar = |second: &str| {
        let mut g = grid(
            "予定",
            &[
                &["令和8年度　庁内の会合"],
                &[],
                &["会合", "開く日", "会場", "担当", "状況"],
                &["部長会", "", "第1会議室", "総務課", "開催済"],
                &["行革本部", "", "大会議室", "総務課", "未定"],
                &[second, "", "第1会議室", "総務課", "準備中"],
                &["防災会議", "", "防災センター", "危機管理課", "日程調整中"],
            ],
        );
        for (r, (m, d)) in [(3, (11, 10)), (4, (12, 8)), (5, (1, 20)), (6, (2, 5))] {
            g.set(r, 1, day(m, d));
        }
        g
    };
    let confidence = |out: &WorkbookOutcome| only_report(out).reading.tables[0].confidence;
    let out = run("会合_R8.xlsx", &[calendar("部長会")]);
    assert_eq!(confidence(&out), Confidence::Low);
    let out = run("会合_R8.xlsx", &[calendar("議会対策会議")]);
    assert_ne!(confidence(&out), Confidence::Low);
}

/// A 工程表 whose bars give the deadlines, its last column right of the
/// interim report, headed for the year's end and written for one item
/// alone with a month in it (`8月で終了`): the year-end report written in
/// turn, no column of deadlines. (A revised deadline column, written for
/// the few items whose deadline moved, stands before the reports: the
/// generated layouts keep it.)
#[test]
fn a_year_end_column_written_for_few_items_is_no_deadline_column() {
    let out = run(
        "環境課_R8工程表.xlsx",
        &[grid(
            "工程",
            &[
                &["令和8年度　環境課　工程表"],
                &[],
                &[
                    "やること",
                    "4月",
                    "5月",
                    "6月",
                    "7月",
                    "8月",
                    "9月",
                    "秋口のようす",
                    "年度末のまとめ",
                ],
                &[
                    "太陽光設備の導入",
                    "●",
                    "●",
                    "●",
                    "●",
                    "●",
                    "●",
                    "2施設に設けた",
                    "",
                ],
                &[
                    "周知イベント",
                    "",
                    "",
                    "●",
                    "●",
                    "●",
                    "",
                    "8/23に開いた",
                    "8月で終了",
                ],
                &[
                    "計画の見直し",
                    "●",
                    "●",
                    "●",
                    "●",
                    "●",
                    "●",
                    "素案を作った",
                    "",
                ],
                &[
                    "回収モデル地区",
                    "",
                    "●",
                    "●",
                    "●",
                    "●",
                    "●",
                    "2地区で始めた",
                    "",
                ],
            ],
        )],
    );
    assert_eq!(
        reports_read(&out),
        vec![
            reported(true, "工程!H4", false, "工程!I4"),
            reported(true, "工程!H5", true, "工程!I5"),
            reported(true, "工程!H6", false, "工程!I6"),
            reported(true, "工程!H7", false, "工程!I7"),
        ]
    );
}

/// A calendar of sessions named by their months (9月議会 … 3月議会), a
/// day on every row: no record read sideways, whose items would be the
/// headings (開く日, 会場) and whose reports the sessions of 9月 and 3月.
#[test]
fn a_column_of_days_is_no_record_read_sideways() {
    let mut g = grid(
        "予定",
        &[
            &["令和8年度　議会の予定"],
            &[],
            &["会議名", "開く日", "会場", "状況"],
            &["9月議会", "", "本会議場", "終了"],
            &["総務委員会", "", "第1委員会室", "終了"],
            &["運営委員会", "", "第2委員会室", "終了"],
            &["12月議会", "", "本会議場", "準備中"],
            &["3月議会", "", "本会議場", "未定"],
        ],
    );
    for (r, (y, m, d)) in [
        (3, (2026, 9, 1)),
        (4, (2026, 9, 9)),
        (5, (2026, 11, 20)),
        (6, (2026, 12, 1)),
        (7, (2027, 2, 24)),
    ] {
        let day = chrono::NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap();
        g.set(r, 1, CellValue::Date(day));
    }
    let out = run("議会_会議予定_R8.xlsx", &[g]);
    let titles: Vec<String> = match &out {
        WorkbookOutcome::Reports(reports) => reports
            .iter()
            .flat_map(|r| r.items().map(|(_, i)| i.title().to_string()))
            .collect(),
        _ => Vec::new(),
    };
    assert!(
        !titles.iter().any(|t| t == "開く日" || t == "会場"),
        "{titles:?}"
    );
}

/// A register of works whose deadline column holds on every row a term,
/// most from one day to another (`R8.6.1～R8.10.30`): the works' contracts,
/// read at 低 and their mails held. Terms of months (`R8.4～R9.3`) are a
/// plan's, read as before.
#[test]
fn a_register_of_terms_from_day_to_day_is_read_low() {
    let table = |terms: [&str; 3]| {
        grid(
            "進行",
            &[
                &["令和8年度　修繕の進み具合"],
                &[],
                &["件名", "工事の期間", "出来高", "現況"],
                &["北1号線の舗装", terms[0], "100%", "完了"],
                &["中央橋の伸縮装置", terms[1], "45%", "施工中"],
                &["桜台団地の外壁", terms[2], "10%", "着手"],
            ],
        )
    };
    let confidence = |out: &WorkbookOutcome| only_report(out).reading.tables[0].confidence;
    let out = run(
        "修繕_R8.xlsx",
        &[table([
            "R8.6.1～R8.10.30",
            "R8.8.20～R9.1.29",
            "R9.1～R9.3（予定）",
        ])],
    );
    assert_eq!(confidence(&out), Confidence::Low);
    let out = run(
        "修繕_R8.xlsx",
        &[table(["R8.6～R8.10", "R8.8～R9.1", "R8.10～R9.3"])],
    );
    assert_ne!(confidence(&out), Confidence::Low);
}

/// A card per sheet, each label with its value right of it (取組名 |
/// …), the last labels' values not written yet; `due` is the value of
/// the card's `いつまでに`.
fn card(name: &str, due: CellValue) -> Grid {
    let mut g = grid(
        name,
        &[
            &["令和8年度　取組カード　　くらし部　清掃課"],
            &[],
            &["取組名", name],
            &["ねらい", "ごみを減らす"],
            &["いつまでに", ""],
            &["受け持ち", "清掃係"],
            &[],
            &["上期の経過（10/20〆）", "遅れ気味"],
            &["下期の経過・総括（4/20〆）"],
            &["手ごたえ"],
        ],
    );
    g.set(4, 1, due);
    g
}

/// On a card whose labels have their values right of them, a label with
/// no value over another label (`手ごたえ`, no word the dictionary holds):
/// its value is the empty cell right of it, not the label under it.
#[test]
fn a_label_under_a_label_with_no_value_is_no_value_of_it() {
    let out = run(
        "清掃課_R8.xlsx",
        &[card("回収アプリの普及", CellValue::Text("下期".into()))],
    );
    assert_eq!(
        reports_read(&out),
        vec![reported(
            true,
            "回収アプリの普及!B8",
            false,
            "回収アプリの普及!B9"
        )]
    );
}

/// A card's value beside a label no word names, shown as a month only
/// (a date formatted `yyyy年m月`): it states the item's deadline as its
/// shown text would.
#[test]
fn a_cards_month_cell_under_an_unknown_label_is_its_deadline() {
    let month = CellValue::Month {
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        shown: "2026年12月".into(),
    };
    let out = run("清掃課_R8.xlsx", &[card("奨励金の見直し", month)]);
    let item = only_report(&out).items().next().map(|(_, i)| i);
    assert_eq!(
        item.map(|i| i.due_dates()),
        Some(vec![chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()])
    );
}

/// An item merged over two rows whose second row holds a note of its own
/// in brackets (`（意見募集を含む）`): the note goes on with the item, and
/// the items below it are read.
#[test]
fn a_bracketed_note_under_an_items_merged_cells_does_not_end_the_table() {
    let mut g = grid(
        "一覧",
        &[
            &["企画課　令和8年度　取組一覧"],
            &[],
            &[
                "番号",
                "手がけること",
                "到達点",
                "めど",
                "秋の様子",
                "年度末",
            ],
            &["1", "後期計画の策定", "素案を示す", "", "審議会2回", ""],
            &["", "", "（意見募集を含む）", "", "", ""],
            &[
                "2",
                "評価制度の見直し",
                "様式の簡素化",
                "第3四半期",
                "新様式案",
                "",
            ],
            &[
                "3",
                "移住サイトの改修",
                "閲覧2割増",
                "R8.9月末",
                "9/1公開",
                "閲覧27%増",
            ],
            &[
                "4",
                "施設の集約化",
                "統合方針の決定",
                "12月議会",
                "やや遅れ",
                "",
            ],
        ],
    );
    for col in [0, 1, 3, 4, 5] {
        g.add_merge(MergedRange {
            first_row: 3,
            first_col: col,
            last_row: 4,
            last_col: col,
        });
    }
    g.set(3, 3, CellValue::Text("R9.3".into()));
    let out = run("企画課_R8.xlsx", &[g]);
    let titles: Vec<String> = only_report(&out)
        .items()
        .map(|(_, i)| i.title().to_string())
        .collect();
    assert_eq!(
        titles,
        vec![
            "後期計画の策定",
            "評価制度の見直し",
            "移住サイトの改修",
            "施設の集約化"
        ]
    );
}

/// An item's title going on to the row below in brackets, nothing merged
/// (`（基本料金の見直しを含む）` alone in the items' column), items after it:
/// the table goes on, and the bracketed line is no item. A bracketed line
/// under a number heads other rows: the table ends there.
#[test]
fn a_bracketed_line_under_an_item_with_items_after_it_does_not_end_the_table() {
    let g = grid(
        "令和8年度",
        &[
            &["水道局　運営方針　令和8年度"],
            &[],
            &["番号", "やること", "めど", "途中のようす"],
            &["1", "料金改定の諮問", "10月", "審議会を2回開いた"],
            &["", "（基本料金の見直しを含む）", "", ""],
            &["2", "計画の改定", "12月中旬", "…"],
            &["3", "マンホールトイレの整備", "上期", "4か所を設けた"],
        ],
    );
    let out = run("水道局_方針.xlsx", &[g]);
    let titles: Vec<String> = only_report(&out)
        .items()
        .map(|(_, i)| i.title().to_string())
        .collect();
    assert_eq!(
        titles,
        vec!["料金改定の諮問", "計画の改定", "マンホールトイレの整備"]
    );
    // Under a number, in the column of numbers, a bracketed line heads
    // other rows (last year's, for reference): the table ends above it.
    let g = grid(
        "取組",
        &[
            &["令和8年度　税務課　取組"],
            &[],
            &["No", "取り組むこと", "期日", "上期の動き"],
            &["1", "納付案内の同封", "R8.10末", "5月から同封した"],
            &["2", "申告勧奨のはがき", "上期中", "順調"],
            &["（令和7年度分・参考）"],
            &["1", "口座振替の勧奨", "R7.6", "6月に実施した"],
            &["2", "課税誤りの点検表", "R7.12", "作成した"],
        ],
    );
    let out = run("税務課_取組.xlsx", &[g]);
    let titles: Vec<String> = only_report(&out)
        .items()
        .map(|(_, i)| i.title().to_string())
        .collect();
    assert_eq!(titles, vec!["納付案内の同封", "申告勧奨のはがき"]);
}

/// A row kept from the year before, its title marked with that year in
/// brackets (【R7】) or its number in that year's series (Ｒ７－４) or
/// that year alone (R7), is that year's item, not this year's.
#[test]
fn an_item_marked_with_another_year_is_that_years() {
    let g = grid(
        "方針",
        &[
            &["令和8年度　財政課　方針"],
            &["No.", "手がけること", "めど", "途中の様子"],
            &["1", "予算編成方針の策定", "10月", "10/16に通知した"],
            &["2", "【R7】管理計画の改訂", "3月", "完了"],
            &["3", "［2026年度］基金方針の改定", "6月", "改定した"],
            &["Ｒ７－４", "議会だよりの刷新", "11月", "完了"],
            &["R7", "庁舎案内の更新", "2月", "完了"],
        ],
    );
    let out = run("財政課.xlsx", &[g]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let items: Vec<(i32, &str)> = reports
        .iter()
        .flat_map(|r| r.items().map(move |(_, i)| (r.fiscal_year.0, i.title())))
        .collect();
    assert_eq!(
        items,
        [
            (2025, "管理計画の改訂"),
            (2025, "議会だよりの刷新"),
            (2025, "庁舎案内の更新"),
            (2026, "予算編成方針の策定"),
            (2026, "［2026年度］基金方針の改定"),
        ],
        "{out:?}"
    );
}

/// Last year's workbook saved under this year's name, its title still
/// naming last year: the dates written in it with their year are this
/// year's, so the file's name gives its year. Where the dates agree with
/// the title, the title does.
#[test]
fn a_title_left_from_last_year_gives_way_to_the_dates_and_the_file_name() {
    let sheet = |due: &str, stamp: &str| {
        grid(
            "目標",
            &[
                &["令和7年度　選挙事務局　組織目標", "", "", stamp],
                &["No", "手がけること", "めど", "10月の様子"],
                &["1", "投票所の増設", due, "協議中"],
                &["2", "出前授業", "年度内", "4校で行った"],
            ],
        )
    };
    let year = |out: &WorkbookOutcome| only_report(out).fiscal_year.0;
    let out = run("選管_R8_目標.xlsx", &[sheet("R8.11", "更新 2026/10/19")]);
    assert_eq!(year(&out), 2026, "{out:?}");
    let out = run("選管_R8_目標.xlsx", &[sheet("R7.11", "更新 2025/10/19")]);
    assert_eq!(year(&out), 2025, "{out:?}");
}

/// A report headed by a month's end between the milestones (`10月末の
/// 状況` after the interim's 9月末) is the report of the last milestone
/// passed by then: the interim, beside the year-end's column.
#[test]
fn a_report_as_of_a_months_end_is_the_last_milestones() {
    let g = grid(
        "目標",
        &[
            &["令和8年度　組織目標"],
            &["No", "手がけること", "めど", "10月末の状況", "年度末の状況"],
            &["1", "投票所の増設", "11月", "協議中", ""],
            &["2", "出前授業", "年度内", "4校で行った", ""],
        ],
    );
    let out = run("選管_R8.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "目標!D3", false, "目標!E3"),
            reported(true, "目標!D4", false, "目標!E4"),
        ],
        "{out:?}"
    );
}

/// A schedule of marks beside a deadline column: where a row's deadline
/// cell is blank, the last marked month is its deadline.
#[test]
fn a_blank_deadline_beside_a_schedule_is_the_last_marked_month() {
    let months = [
        "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月",
    ];
    let mut header = vec!["番号", "手がけること"];
    header.extend(months);
    header.extend(["仕上がり予定", "前半のあゆみ"]);
    let row =
        |n: &'static str, what: &'static str, marked: std::ops::Range<usize>, due: &'static str| {
            let mut cells = vec![n, what];
            cells.extend((0..12).map(|m| if marked.contains(&m) { "○" } else { "" }));
            cells.extend([due, "進めている"]);
            cells
        };
    let rows = [
        header,
        row("1", "地図の更新", 0..12, "R9.3"),
        row("2", "就農の支援", 1..11, ""),
        row("3", "柵の設置", 2..8, "11月"),
    ];
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let out = run("農林課_R8工程表.xlsx", &[grid("工程", &rows)]);
    let dues: Vec<Vec<String>> = dues_of(only_report(&out))
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    assert_eq!(
        dues,
        [vec!["2027-03-31"], vec!["2027-02-28"], vec!["2026-11-30"]],
        "{out:?}"
    );
}

/// Three records written sideways (項目 / ねらい / 中身 / 締切めやす / 前半戦
/// のふりかえり / 後半戦のふりかえり down the first column), under a row of
/// their headings (取組1 | 取組2 | 取組3) when `headed`.
fn sideways_records(headed: bool) -> Grid {
    let mut rows: Vec<&[&str]> = vec![&["令和8年度　観光課　重点取組シート"]];
    if headed {
        rows.push(&["", "取組1", "取組2", "取組3"]);
    }
    let records: [&[&str]; 6] = [
        &[
            "項目",
            "海外向けの宣伝",
            "案内所の多言語対応",
            "冬の周遊ツアーづくり",
        ],
        &["ねらい", "誘客", "誘客", "滞在"],
        &[
            "中身",
            "招請（2回）と広告",
            "2か所に導入",
            "旅行会社と商品化",
        ],
        &["締切めやす", "2026年12月", "7月", "1月中旬"],
        &[
            "前半戦のふりかえり",
            "2名招請した。",
            "導入済み。",
            "企画会議を開いた。",
        ],
        &["後半戦のふりかえり", "", "完了。", ""],
    ];
    rows.extend(records);
    grid("取組", &rows)
}

/// Records written sideways, their aim (ねらい) labelled below the item
/// (項目 / ねらい / 中身 / …): the labelled item is the item, and the aim
/// its goal, as in a table whose goal stands left of its items.
#[test]
fn a_records_aim_labelled_below_its_item_is_its_goal() {
    let out = run("観光課_R8.xlsx", &[sideways_records(false)]);
    let report = only_report(&out);
    let items: Vec<(&str, &str)> = report
        .items()
        .map(|(g, i)| (g.title.as_str(), i.title()))
        .collect();
    assert_eq!(
        items,
        [
            ("誘客", "海外向けの宣伝"),
            ("誘客", "案内所の多言語対応"),
            ("滞在", "冬の周遊ツアーづくり"),
        ],
        "{:?}",
        report.reading.tables
    );
}

/// Records written sideways under a row of their headings (取組1 | 取組2
/// over 項目 / ねらい / 中身 / … down the first column, or 区分 | 項目1 |
/// 項目2 over 重点目標 / 取組内容 / …) are read as records: the row of
/// headings is no row of items, and does not hide the records.
#[test]
fn sideways_records_under_a_row_of_their_headings_are_read() {
    let out = run("観光課_R8.xlsx", &[sideways_records(true)]);
    let report = only_report(&out);
    let titles: Vec<&str> = report.items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        [
            "海外向けの宣伝",
            "案内所の多言語対応",
            "冬の周遊ツアーづくり"
        ],
        "{:?}",
        report.reading.tables
    );
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "取組!B7", false, "取組!B8"),
            reported(true, "取組!C7", true, "取組!C8"),
            reported(true, "取組!D7", false, "取組!D8"),
        ]
    );
    let g = grid(
        "目標シート",
        &[
            &["令和8年度　町民課　重点目標"],
            &["区分", "項目1", "項目2", "項目3"],
            &["重点目標", "窓口の向上", "窓口の向上", "ごみの減量"],
            &[
                "取組内容",
                "書かない窓口の導入",
                "コンビニ交付の促進",
                "生ごみの堆肥化",
            ],
            &["期限", "9月末", "年度内", "12月"],
            &["中間報告（10月）", "導入した。", "", "説明会を開いた。"],
        ],
    );
    let out = run("町民課_R8.xlsx", &[g]);
    let report = only_report(&out);
    let titles: Vec<&str> = report.items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        ["書かない窓口の導入", "コンビニ交付の促進", "生ごみの堆肥化"],
        "{:?}",
        report.reading.tables
    );
}

/// The warning of a year taken from the day a workbook was saved reads as
/// sentences, with no run of spaces inside them.
#[test]
fn the_year_from_the_saved_day_is_told_in_plain_sentences() {
    let fy = FiscalYear(2026);
    let warning = year_from_saved_day(Path::new("/共有/会計課_目標.xlsx"), "2026-11-28", fy);
    assert!(
        warning
            .message
            .starts_with("会計課_目標.xlsx には年度がシートにもファイル名にも書かれていないため、ブックの最終保存日（2026-11-28）から令和8年度として読みました。確かめるまで"),
        "{}",
        warning.message
    );
    assert!(!warning.message.contains("  "), "{}", warning.message);
}

/// An item kept from last year and marked with its year (`（R7）…`) on the
/// first row of a table is no title naming the sheet's year: the file's
/// name says it, and the year's items are read as its own.
#[test]
fn a_year_marked_item_on_the_first_row_is_no_title() {
    let sheet = grid(
        "取組",
        &[
            &[
                "柱No",
                "取組のなかみ",
                "担当係",
                "仕上げ日",
                "上半期ふりかえり",
            ],
            &[
                "1",
                "（R7）会議録作成支援AIの試行",
                "情報政策係",
                "令和7年12月",
                "試行完了",
            ],
            &[
                "1",
                "電子申請メニューを30手続まで拡大",
                "情報政策係",
                "令和8年12月",
                "22手続まで公開済み",
            ],
            &[
                "2",
                "時差出勤規程の改正",
                "人事係",
                "令和8年7月",
                "7月1日施行",
            ],
        ],
    );
    let WorkbookOutcome::Reports(reports) = run("総務課_R8_目標.xlsx", &[sheet]) else {
        panic!("no reports")
    };
    let this_year = reports
        .iter()
        .find(|r| r.fiscal_year == FiscalYear(2026))
        .unwrap_or_else(|| panic!("{reports:?}"));
    let titles: Vec<&str> = this_year.items().map(|(_, i)| i.text()).collect();
    assert_eq!(
        titles,
        ["電子申請メニューを30手続まで拡大", "時差出勤規程の改正"]
    );
    assert_eq!(this_year.reading.fiscal_year_from, Origin::FileName);
}

/// A log kept by the hour (見回り日 | 場所 | 出た | 戻った | 雪 | 状況): a
/// day on each row and the hours of each outing, no plan of work. Read at
/// 低, its mails held; the same table without the hours is read as before.
#[test]
fn a_log_kept_by_the_hour_is_read_low() {
    let log = |hours: bool| {
        let at = |h: &'static str| if hours { h } else { "" };
        let mut g = grid(
            "見回り",
            &[
                &["見回りの記録（令和8年度）"],
                &["見回り日", "場所", "出た", "戻った", "雪(cm)", "状況"],
                &["", "駅前の歩道", at("5:10"), at("7:40"), "12", "完了"],
                &["", "港の通り", at("4:30"), at("8:05"), "18", "完了"],
                &["", "山手の坂", at("4:45"), "", "25", "作業中"],
            ],
        );
        for (r, d) in [(2, 24), (3, 25), (4, 26)] {
            g.set(
                r,
                0,
                CellValue::Date(
                    chrono::NaiveDate::from_ymd_opt(2026, 11, d)
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .unwrap(),
                ),
            );
        }
        g
    };
    let confidence = |out: &WorkbookOutcome| only_report(out).reading.tables[0].confidence;
    let out = run("見回り_R8.xlsx", &[log(true)]);
    assert_eq!(confidence(&out), Confidence::Low);
    let out = run("見回り_R8.xlsx", &[log(false)]);
    assert_ne!(confidence(&out), Confidence::Low);
}

/// An item's text that breaks off mid-phrase (`…見直しと`) and goes on in
/// the item cell of the row below, nothing merged and nothing else on that
/// row, is one item; a row under a whole title is an item of its own.
#[test]
fn an_item_text_breaking_off_goes_on_in_the_row_below() {
    let sheet = |first: &str| {
        grid(
            "方針",
            &[
                &["令和8年度　取組方針"],
                &["No", "ねらい", "やること", "めど", "なかほど"],
                &["1", "窓口をやさしく", first, "12月", "協議中"],
                &["", "", "外国語の案内札づくり", "", ""],
                &["2", "窓口をやさしく", "待ち時間の見える化", "9月", "済"],
            ],
        )
    };
    let out = run("窓口課_R8.xlsx", &[sheet("案内表示の見直しと")]);
    let items: Vec<(String, String)> = only_report(&out)
        .items()
        .map(|(_, i)| (i.title().to_string(), i.text().to_string()))
        .collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].0, "案内表示の見直しと");
    assert!(items[0].1.contains("外国語の案内札づくり"), "{items:?}");
    let out = run("窓口課_R8.xlsx", &[sheet("案内表示の見直し")]);
    assert_eq!(only_report(&out).items().count(), 3);
}

/// `部局名：…` and `所管部局：…` in one cell name the department whatever
/// the value starts with.
#[rstest::rstest]
#[case("部局名：みらい共創監")]
#[case("所管部局：にぎわい創造部")]
fn a_department_label_longer_than_its_value_s_start_names_the_department(#[case] cell: &str) {
    let out = run(
        "R8_工程表.xlsx",
        &[grid(
            "工程表",
            &[
                &["令和8年度　重点取組工程表"],
                &[cell],
                &["番号", "取組項目", "期限", "中間報告"],
                &["1", "市民協働ラボの開設", "9月末", ""],
            ],
        )],
    );
    let department = cell.split('：').nth(1).unwrap_or_default();
    assert_eq!(only_report(&out).department, department);
}

/// A blank column between the items' numbers and goals and the items
/// themselves (No | 重点目標 | ␣ | 取組内容 | 完了時期): one table, each
/// item under its goal with its number, whether the goal is merged down
/// over its items or not.
#[rstest::rstest]
#[case::goal_merged(true)]
#[case::goal_written_once(false)]
fn a_blank_column_between_an_items_keys_and_the_item_is_a_spacer(#[case] merged: bool) {
    let mut g = grid(
        "計画",
        &[
            &["令和8年度　まちなみ部　目標シート"],
            &[],
            &["No", "重点目標", "", "取組内容", "完了時期", "担当課"],
            &["1", "街路の再生", "", "街路樹の更新", "9月末", "街路課"],
            &["2", "", "", "ベンチの増設", "年度内", "街路課"],
            &["3", "水辺の活用", "", "広場の試行", "10月", "河川課"],
            &["4", "", "", "舟運の試行", "R9.2", "河川課"],
        ],
    );
    if merged {
        merge(&mut g, 3, 1, 4, 1);
        merge(&mut g, 5, 1, 6, 1);
    }
    let out = run("R8_まちなみ部.xlsx", &[g]);
    let report = only_report(&out);
    let items: Vec<(String, String, String)> = report
        .items()
        .map(|(goal, item)| {
            (
                goal.title.clone(),
                item.number().unwrap_or_default().to_string(),
                item.title().to_string(),
            )
        })
        .collect();
    let expected = [
        ("街路の再生", "1", "街路樹の更新"),
        ("街路の再生", "2", "ベンチの増設"),
        ("水辺の活用", "3", "広場の試行"),
        ("水辺の活用", "4", "舟運の試行"),
    ]
    .map(|(g, n, t)| (g.to_string(), n.to_string(), t.to_string()));
    assert_eq!(items, expected);
}

/// A goal's heading written in the item column, numbered otherwise than
/// the items under it, whose numbers stand in a column of their own
/// (`１　…` over `(1) | …`): a goal over its items, no item of its own.
#[test]
fn a_numbered_heading_over_items_numbered_in_their_own_column_is_a_goal() {
    let out = run(
        "R8_みどり部.xlsx",
        &[grid(
            "みどり部",
            &[
                &["令和8年度　みどり部　運営方針"],
                &["項目", "取組内容", "期限", "担当課", "中間報告欄"],
                &["", "１　森をまもる"],
                &["(1)", "間伐の推進", "9月末", "森林課", "進めています"],
                &["(2)", "林道の点検", "12月", "森林課", ""],
                &["", "２　花をふやす"],
                &["(1)", "花壇の植替え", "10月", "公園課", ""],
            ],
        )],
    );
    let items: Vec<(String, String)> = only_report(&out)
        .items()
        .map(|(goal, item)| (goal.title.clone(), item.title().to_string()))
        .collect();
    let expected = [
        ("森をまもる", "間伐の推進"),
        ("森をまもる", "林道の点検"),
        ("花をふやす", "花壇の植替え"),
    ]
    .map(|(g, t)| (g.to_string(), t.to_string()));
    assert_eq!(items, expected);
}

/// A column merged down over the rows of a detail column that holds a
/// value of its own on every row, each row with its own deadline and
/// owner (運営目標 over 取組内容): the merged column holds the goals and
/// the detail column the items, whatever the headers say.
#[test]
fn a_column_merged_over_one_detail_a_row_holds_the_goals_of_those_items() {
    let mut g = grid(
        "運営目標",
        &[
            &["令和8年度　部局運営目標"],
            &["No", "運営目標", "取組内容", "完了", "所管課", "中間"],
            &["1", "ひとの輪", "町内会の案内", "7月末", "協働課", "進めた"],
            &["2", "", "拠点の見直し", "12月", "協働課", ""],
            &["3", "ことばの壁", "手引きの作成", "10月", "国際課", ""],
            &["4", "", "相談日の拡大", "6月", "国際課", "済"],
        ],
    );
    merge(&mut g, 2, 1, 3, 1);
    merge(&mut g, 4, 1, 5, 1);
    let out = run("R8_協働部.xlsx", &[g]);
    let items: Vec<(String, String)> = only_report(&out)
        .items()
        .map(|(goal, item)| (goal.title.clone(), item.title().to_string()))
        .collect();
    let expected = [
        ("ひとの輪", "町内会の案内"),
        ("ひとの輪", "拠点の見直し"),
        ("ことばの壁", "手引きの作成"),
        ("ことばの壁", "相談日の拡大"),
    ]
    .map(|(g, t)| (g.to_string(), t.to_string()));
    assert_eq!(items, expected);
}

/// A totals row under a table that tallies the rows above in words and
/// counts (`合計 | 6件 | 完了2 実施中3`): no item, whose reports nobody is
/// asked for.
#[test]
fn a_totals_row_of_tallies_is_no_item() {
    let out = run(
        "R8_くらし部.xlsx",
        &[grid(
            "重点目標",
            &[
                &["令和8年度　重点目標管理シート"],
                &["課", "取組項目", "期限", "状況", "中間報告"],
                &["生活課", "相談窓口の拡充", "通年", "実施中", "始めた"],
                &["生活課", "見守り網の整備", "12月", "完了", "整えた"],
                &["福祉課", "手引きの改訂", "R9.2", "未着手", ""],
                &["合計", "3件", "", "完了1 実施中1 未着手1", ""],
            ],
        )],
    );
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    assert_eq!(titles, ["相談窓口の拡充", "見守り網の整備", "手引きの改訂"]);
}

/// A blank column right of the items, then the deadline kept twice (the
/// original one, then the one in force), then another blank column before
/// the reports: one table, each item with the deadline in force and its
/// reports.
#[rstest::rstest]
#[case::original_and_deadline("当初期限", "期限")]
#[case::planned_and_revised("当初の完了予定", "見直し後の完了予定")]
fn a_blank_column_before_a_deadline_kept_twice_is_a_spacer(
    #[case] original: &str,
    #[case] in_force: &str,
) {
    let out = run(
        "ゆめ長寿部_R8.xlsx",
        &[grid(
            "目標",
            &[
                &["令和８年度　部局運営目標　（ゆめ長寿部）"],
                &[],
                &[
                    "取組項目",
                    "",
                    original,
                    in_force,
                    "担当課",
                    "",
                    "中間報告",
                    "期末報告",
                ],
                &[
                    "こもれび体操の地区展開",
                    "",
                    "2026-09-30",
                    "2026-11-30",
                    "いきいき課",
                    "",
                    "5地区で開講",
                    "",
                ],
                &[
                    "ふれあい食堂の立ち上げ",
                    "",
                    "2027-03-31",
                    "2027-03-31",
                    "つながり課",
                    "",
                    "",
                    "",
                ],
            ],
        )],
    );
    let report = only_report(&out);
    let items: Vec<(String, Option<String>, Report, Report)> = report
        .items()
        .map(|(_, item)| {
            (
                item.title().to_string(),
                item.deadline_text().map(str::to_string),
                item.interim.clone(),
                item.year_end.clone(),
            )
        })
        .collect();
    let expected = vec![
        (
            "こもれび体操の地区展開".to_string(),
            Some("2026-11-30".to_string()),
            Report::Filled("5地区で開講".into()),
            Report::Empty,
        ),
        (
            "ふれあい食堂の立ち上げ".to_string(),
            Some("2027-03-31".to_string()),
            Report::Empty,
            Report::Empty,
        ),
    ];
    assert_eq!(items, expected);
}

/// A head's title before the head's name (`ひかり水道局長　田中　一郎`)
/// names the department, as the title alone does; a label before a colon
/// (`とりまとめ役：`) is no part of its name.
#[rstest::rstest]
#[case::name_in_two_words("ひかり水道局長　田中　一郎", "ひかり水道局")]
#[case::name_in_one_word("みどり環境部長 佐々木花子", "みどり環境部")]
#[case::caption_before("部局長　みどり環境部長", "みどり環境部")]
#[case::caption_title_and_name("部局長　はるか子ども部長　森 陽子", "はるか子ども部")]
#[case::label_and_colon("とりまとめ役：みどり環境部長　川名 一郎", "みどり環境部")]
#[case::label_colon_and_space("とりまとめ役：　みどり環境部長　川名 一郎", "みどり環境部")]
fn a_heads_title_before_a_name_names_the_department(#[case] cell: &str, #[case] department: &str) {
    let out = run(
        "部局マニフェスト_R8.xlsx",
        &[grid(
            "マニフェスト",
            &[
                &["令和8年度　部局マニフェスト"],
                &[cell],
                &[],
                &["取組", "期限", "中間報告", "期末報告"],
                &["こもれび浄水場の更新設計", "9月末", "", ""],
            ],
        )],
    );
    assert_eq!(only_report(&out).department, department);
}

/// A sheet 運営方針 of R8_運営方針.xlsx: the lines `above`, the header
/// 番号 | 取組 | 担当 | 上期の点検 | 年度の点検, one item written for the
/// first half, then the rows `below`.
fn table_of_two_periods(above: &[&[&str]], below: &[&[&str]]) -> WorkbookOutcome {
    let mut rows: Vec<&[&str]> = above.to_vec();
    rows.push(&["番号", "取組", "担当", "上期の点検", "年度の点検"]);
    rows.push(&[
        "1",
        "合葬墓の申込みを電子化する",
        "管理係",
        "受付画面を作成した",
        "",
    ]);
    rows.extend_from_slice(below);
    run("R8_運営方針.xlsx", &[grid("運営方針", &rows)])
}

/// A unit whose name ends in no unit's word (霊園, 市場) is the
/// department when its head's line (`しろがね霊園長　北村 修`) and a title
/// line name it alike; an office named by its kind alone (保健所) is one
/// in a title. A head's line alone names none.
#[rstest::rstest]
#[case::head_and_title(
    "令和8年度　しろがね霊園　運営方針",
    "しろがね霊園長　北村 修",
    "しろがね霊園"
)]
#[case::office_alone("令和8年度　保健所　重点目標", "所長　安藤 裕子", "保健所")]
#[case::head_alone("令和8年度　運営方針", "しろがね霊園長　北村 修", UNKNOWN_DEPARTMENT)]
fn a_unit_named_by_its_head_and_its_title_is_the_department(
    #[case] title: &str,
    #[case] head: &str,
    #[case] department: &str,
) {
    let out = table_of_two_periods(
        &[&[title], &["", "", "", head]],
        &[&["2", "園内の案内板を多言語にする", "整備係", "", ""]],
    );
    assert_eq!(only_report(&out).department, department);
}

/// A head's line above the table (a unit's head of any title, then a
/// person's name) signs the sheet: it titles no goal of its items.
#[rstest::rstest]
#[case::long_head("しろがね霊園長　北村 修")]
#[case::head_of_a_dotted_unit("人権・共生推進室長　佐々木 典子")]
#[case::manager("出納管理者　石田 恵美")]
#[case::post("危機防災監　大塚 浩二")]
fn a_heads_line_above_the_table_titles_no_goal(#[case] head: &str) {
    let out = table_of_two_periods(
        &[&["令和8年度　運営方針"], &["", "", "", head]],
        &[&["2", "園内の案内板を多言語にする", "整備係", "", ""]],
    );
    let goals: Vec<&str> = only_report(&out)
        .goals
        .iter()
        .map(|g| g.title.as_str())
        .collect();
    assert_eq!(goals, ["令和8年度　運営方針"]);
}

/// A title line of words spaced apart (`令和8年度 いずみ部 取組票`) is no
/// head's line, though its last two words are shaped as a name: it titles
/// the goal.
#[test]
fn a_title_of_words_spaced_apart_is_no_heads_line() {
    let out = table_of_two_periods(&[&["令和8年度 いずみ部 取組票"], &[]], &[]);
    assert_eq!(
        only_report(&out).goals[0].title,
        "令和8年度 いずみ部 取組票"
    );
}

/// A sample led by an example mark in a cell right of an item's own
/// text (`（例）○月から…を開始した。` left in its report cell) is a template's
/// left in the cell to fill: the item is read and the report is empty. A
/// row whose own text is led by the mark, or holding the mark alone
/// anywhere, shows how to fill the table: no item.
#[rstest::rstest]
#[case::sample_in_a_report(
    &["2", "夜間の相談窓口を開く", "相談係", "（例）○月から△△で開始し、□件の相談を受けた。", ""],
    vec![reported(true, "運営方針!D4", false, "運営方針!E4"), reported(false, "運営方針!D5", false, "運営方針!E5")]
)]
#[case::sample_item(
    &["", "（例）○○の推進", "○○係", "（例）○月から△△で開始した。", ""],
    vec![reported(true, "運営方針!D4", false, "運営方針!E4")]
)]
#[case::mark_alone_in_the_report(
    &["2", "夜間の相談窓口を開く", "相談係", "記入例", ""],
    vec![reported(true, "運営方針!D4", false, "運営方針!E4")]
)]
fn a_sample_left_in_a_report_cell_is_an_empty_report(
    #[case] row: &[&str],
    #[case] expected: Vec<(bool, String, bool, String)>,
) {
    let out = table_of_two_periods(&[&["令和8年度　いずみ推進部　運営方針"], &[]], &[row]);
    assert_eq!(reports_read(&out), expected);
}

/// A doubt only about which column titles the items (重点目標 beside a
/// 目標 of measures; 取組 beside 取組の到達点), every reading near the best
/// asking the same report cells, holds back no mail: the reading is of
/// medium confidence, not low.
#[rstest::rstest]
#[case::goal_word_beside_measures(
    &["番号", "重点目標", "担当", "目標", "上期末の到達度", "年度末の到達度"],
    &[
        ["1", "監査の指摘を減らす", "監査第一課", "指摘件数20件以下", "指摘は9件。", ""],
        ["2", "住民監査請求に速く答える", "監査第二課", "60日以内", "平均48日で回答した。", ""],
        ["3", "監査結果を読みやすく公表する", "監査第一課", "全件の要約を掲載", "", ""],
    ]
)]
#[case::item_beside_its_aim(
    &["番号", "取組", "取組のねらい", "期限", "上期の振り返り", "年度の振り返り"],
    &[
        ["1", "窓口の予約を電子化する", "待ち時間をなくす", "12月", "予約画面を作った。", ""],
        ["2", "申請書の押印をなくす", "来庁を減らす", "9月", "押印欄を削った。", ""],
        ["3", "相談記録を共有する", "たらい回しを防ぐ", "3月", "", ""],
    ]
)]
fn a_doubt_only_about_the_items_title_holds_back_no_mail(
    #[case] header: &[&str],
    #[case] rows: &[[&str; 6]],
) {
    let mut lines: Vec<&[&str]> = vec![&["令和8年度　いずみ推進部　重点目標"], &[], header];
    lines.extend(rows.iter().map(|r| r.as_slice()));
    let out = run("R8_重点目標.xlsx", &[grid("重点目標", &lines)]);
    let report = only_report(&out);
    assert_eq!(report.reading.tables[0].confidence, Confidence::Medium);
    let cells: Vec<String> = reports_read(&out).into_iter().map(|r| r.1).collect();
    assert_eq!(cells, ["重点目標!E4", "重点目標!E5", "重点目標!E6"]);
}

/// A block captioned as an example (【記入例】) right of the table, after
/// blank columns, with the table's headings and sample rows numbered as
/// the items are: it shows how to fill the sheet. Its rows report on no
/// item, and its caption titles no goal.
#[test]
fn an_example_block_beside_the_table_reports_on_no_item() {
    let head = ["番号", "取組", "担当課", "目標", "半期の点検", "年度の点検"];
    let mut caption = vec![""; 8];
    caption.push("【記入例】　※この枠は記入方法の例示です（印刷範囲外）。");
    let mut header: Vec<&str> = head.to_vec();
    header.extend(["", ""]);
    header.extend(head);
    let mut first = vec!["", "空き家の相談会を開く", "地域振興課", "年4回", "", ""];
    first.extend(["", "", "", "清掃活動を広げる", "地域振興課", "参加者800人"]);
    first.extend([
        "6月と9月に実施し、延べ420人が参加した。",
        "（3月末の状況を記入）",
    ]);
    let mut second = vec![
        "",
        "窓口案内を多言語にする",
        "区民課",
        "5言語",
        "3言語で作成した。",
        "",
    ];
    second.extend(["", "", "", "健康講座を開く", "保健福祉課", "講座10回"]);
    second.extend(["（9月末の状況を記入）", "（3月末の状況を記入）"]);
    let mut g = grid(
        "区運営方針",
        &[
            &["令和8年度　いずみ区役所　区運営方針"],
            &[],
            &caption,
            &header,
            &first,
            &second,
            &[
                "",
                "見守りの担い手を育てる",
                "保健福祉課",
                "修了者60人",
                "34人が修了した。",
            ],
            &["", "広場でマルシェを開く", "地域振興課", "年3回"],
        ],
    );
    for (row, n) in [(4, 1.0), (5, 2.0), (6, 3.0), (7, 4.0)] {
        g.set(row, 0, CellValue::Number(n));
    }
    for (row, n) in [(4, 1.0), (5, 2.0)] {
        g.set(row, 8, CellValue::Number(n));
    }
    let out = run("R8_区運営方針.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(false, "区運営方針!E5", false, "区運営方針!F5"),
            reported(true, "区運営方針!E6", false, "区運営方針!F6"),
            reported(true, "区運営方針!E7", false, "区運営方針!F7"),
            reported(false, "区運営方針!E8", false, "区運営方針!F8"),
        ]
    );
    assert_eq!(
        only_report(&out).goals[0].title,
        "令和8年度　いずみ区役所　区運営方針"
    );
}

/// Sheets named for the halves of the year (上半期報告, 下半期報告), no plan
/// beside them, each a table whose one column names results and no part
/// of the year (`実施内容と成果`, `手がけた中身と成果`): the column reports on
/// the half its sheet is named for, whatever else its words name.
#[rstest::rstest]
#[case::words_of_an_item_too("実施内容と成果")]
#[case::words_of_none("手がけた中身と成果")]
fn a_column_of_results_reports_on_the_half_its_sheet_is_named_for(#[case] heading: &str) {
    let sheet = |name: &str, reports: [&str; 2]| {
        grid(
            name,
            &[
                &[&format!("令和8年度　こだま青少年局　重点取組　{name}")],
                &[],
                &["番号", "取組", "担当課", heading],
                &["1", "放課後の居場所を増やす", "放課後事業課", reports[0]],
                &["2", "保育士の就職を支援する", "保育企画課", reports[1]],
            ],
        )
    };
    let out = run(
        "R8こだま青少年局_半期報告.xlsx",
        &[
            sheet("上半期報告", ["民間クラブ3か所を開設した。", ""]),
            sheet("下半期報告", ["", ""]),
        ],
    );
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "上半期報告!D4", false, "下半期報告!D4"),
            reported(false, "上半期報告!D5", false, "下半期報告!D5"),
        ]
    );
}

/// Rows of a record named for their part of the year and what they hold
/// after it (`上期のおさらい`, `通期のおさらい`, longer than a kind's name
/// alone) under the item's row of its plan (目標): the rows of its reports,
/// their text merged across the row, a note naming the kinds under them.
/// Of the two rows of reports, one named for the interim, the other
/// (`しめくくりのおさらい`) is the year-end's.
#[rstest::rstest]
#[case::both_named("通期のおさらい")]
#[case::one_named_by_the_other("しめくくりのおさらい")]
fn kinds_naming_a_part_and_what_the_row_holds_are_rows_of_reports(#[case] last: &str) {
    let mut rows: Vec<Vec<&str>> = vec![
        vec!["令和8年度　まどか窓口部　運営目標"],
        vec![],
        vec!["番号", "取組名", "区分", "内容", "", "", "担当課"],
    ];
    let records = [
        (
            "1",
            "証明書のコンビニ交付を広げる",
            "利用率25％",
            "9月末で22.4％。",
            "市民課",
        ),
        (
            "2",
            "待ち時間をWebで知らせる",
            "本庁と3支所で公開",
            "",
            "市民課",
        ),
        (
            "3",
            "おくやみ窓口を支所に設ける",
            "2支所で開設",
            "1支所で開設した。",
            "窓口課",
        ),
        (
            "4",
            "多言語の窓口を広げる",
            "12言語",
            "14言語に対応した。",
            "窓口課",
        ),
    ];
    for (n, title, aim, interim, owner) in records {
        rows.push(vec![n, title, "目標", aim, "", "", owner]);
        rows.push(vec!["", "", "上期のおさらい", interim]);
        rows.push(vec!["", "", last]);
    }
    rows.push(vec![]);
    rows.push(vec![
        "区分の上段は当初に、下の2段は10月と翌年4月に記入する。",
    ]);
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let mut g = grid("運営目標", &rows);
    merge(&mut g, 2, 3, 2, 5);
    for top in [3, 6, 9, 12] {
        for col in [0, 1, 6] {
            merge(&mut g, top, col, top + 2, col);
        }
        for row in top..top + 3 {
            merge(&mut g, row, 3, row, 5);
        }
    }
    for (n, top) in [3u32, 6, 9, 12].into_iter().enumerate() {
        g.set(top, 0, CellValue::Number(n as f64 + 1.0));
    }
    let out = run("まどか窓口部_R8運営目標.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "運営目標!D5", false, "運営目標!D6"),
            reported(false, "運営目標!D8", false, "運営目標!D9"),
            reported(true, "運営目標!D11", false, "運営目標!D12"),
            reported(true, "運営目標!D14", false, "運営目標!D15"),
        ]
    );
}

/// A note under the table after a blank row, one sentence alone in the
/// first column (`記入上の注意：上半期分は…提出すること。`), is no row of the
/// table: the items' column is weighed on the items' rows alone.
#[test]
fn a_note_after_a_blank_row_is_no_row_of_the_table() {
    let out = run(
        "R8_くすのき事務局_重点目標.xlsx",
        &[grid(
            "重点目標",
            &[
                &["令和8年度　くすのき事務局　重点目標シート"],
                &[],
                &[
                    "番号",
                    "重点目標",
                    "担当課",
                    "目指す水準",
                    "上半期に進んだこと",
                    "年間で進んだこと",
                ],
                &[
                    "1",
                    "本会議の中継に字幕を付ける",
                    "議事課",
                    "全本会議で字幕",
                    "9月定例会から付与した。",
                    "",
                ],
                &[
                    "2",
                    "図書室の資料をデータベース化する",
                    "調査課",
                    "登録3,000件",
                    "",
                    "",
                ],
                &[
                    "3",
                    "収支報告をウェブで公開する",
                    "総務課",
                    "全件公開",
                    "8月に公開した。",
                    "",
                ],
                &[
                    "4",
                    "タブレットの活用を進める",
                    "総務課",
                    "紙を8割減らす",
                    "76％に達した。",
                    "",
                ],
                &[
                    "5",
                    "市民との意見交換会を開く",
                    "議事課",
                    "年4回",
                    "7月に2会場で開いた。",
                    "",
                ],
                &[],
                &[
                    "記入上の注意：上半期分は10月15日まで、年間分は4月15日までに総務課へ提出すること。",
                ],
            ],
        )],
    );
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "重点目標!E4", false, "重点目標!F4"),
            reported(false, "重点目標!E5", false, "重点目標!F5"),
            reported(true, "重点目標!E6", false, "重点目標!F6"),
            reported(true, "重点目標!E7", false, "重点目標!F7"),
            reported(true, "重点目標!E8", false, "重点目標!F8"),
        ]
    );
}

/// Records of a row of plan and a row per report (区分: 計画 / 中間 /
/// 期末), the reports' texts in one column and what the rows pick beside
/// them in another (`進み具合`: 順調): the texts are the reports, on their
/// rows; the picks are no report of their own.
#[test]
fn picks_beside_the_texts_of_rows_of_reports_are_no_report() {
    let mut rows: Vec<Vec<&str>> = vec![
        vec!["令和8年度　みのり農林部　重点事業管理表"],
        vec![],
        vec!["番号", "重点事業", "担当課", "区分", "書くこと", "進み具合"],
    ];
    let records = [
        (
            "1",
            "新規就農者の定着を支える",
            "農業振興課",
            "研修生6人を受け入れた。",
            "順調",
        ),
        ("2", "鳥獣の被害を減らす", "農村整備課", "", ""),
        (
            "3",
            "市産材の利用を進める",
            "林務課",
            "2施設で使った。",
            "やや遅れ",
        ),
    ];
    for (n, title, owner, interim, pace) in records {
        rows.push(vec![n, title, owner, "計画", "計画の中身を書く。"]);
        rows.push(vec!["", "", "", "中間", interim, pace]);
        rows.push(vec!["", "", "", "期末"]);
    }
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let mut g = grid("管理表", &rows);
    for top in [3, 6, 9] {
        for col in 0..3 {
            merge(&mut g, top, col, top + 2, col);
        }
    }
    let out = run("R8みのり農林部_管理表.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "管理表!E5", false, "管理表!E6"),
            reported(false, "管理表!E8", false, "管理表!E9"),
            reported(true, "管理表!E11", false, "管理表!E12"),
        ]
    );
}

/// Two headers side by side that say the same after different times of
/// the year, in words no dictionary holds (`年央のひとこと` |
/// `年度終わりのひとこと`), the left written in sentences of what was done
/// and the right still empty: the interim and the year-end report.
#[test]
fn headers_alike_after_two_times_of_the_year_are_the_two_reports() {
    let out = run(
        "R8_あさぎ防災部_重点取組.xlsx",
        &[grid(
            "重点取組",
            &[
                &["令和8年度　あさぎ防災部　重点取組シート"],
                &["", "", "", "", "", "作成日　令和8年4月17日"],
                &[
                    "担当課",
                    "記号",
                    "取組",
                    "期限",
                    "年央のひとこと",
                    "年度終わりのひとこと",
                    "備考",
                ],
                &[
                    "防災課",
                    "ア",
                    "避難所の手引きを全か所で改める",
                    "令和9年2月26日",
                    "92か所中58か所で改めた。残りは説明会の後に着手。",
                    "",
                    "県の指針を反映",
                ],
                &[
                    "防災課",
                    "イ",
                    "受援計画に物資拠点の手順を加える",
                    "令和8年12月25日",
                ],
                &[
                    "無線課",
                    "ウ",
                    "屋外の拡声子局を更新する",
                    "令和9年3月19日",
                    "設計を終え、12基の工事を10月に発注した。",
                ],
                &[
                    "無線課",
                    "エ",
                    "自主防災組織を85％に広げる",
                    "令和9年3月31日",
                    "結成率は82.4％（9月末）。未結成の14自治会を訪問中。",
                ],
                &[
                    "地域課",
                    "オ",
                    "個別避難計画を作る",
                    "令和9年3月31日",
                    "－",
                    "",
                    "福祉部と共同",
                ],
                &[
                    "地域課",
                    "カ",
                    "総合訓練に中学生の枠を設ける",
                    "令和8年9月1日",
                    "9月1日の訓練に中学生214人が参加した。",
                ],
                &[],
                &["※ ひとこと欄は、できたこと・残った課題を簡潔に書いてください。"],
            ],
        )],
    );
    let cells: Vec<String> = reports_read(&out)
        .into_iter()
        .flat_map(|(_, interim, _, year_end)| [interim, year_end])
        .collect();
    let expected: Vec<String> = (4..=9)
        .flat_map(|r| [format!("重点取組!E{r}"), format!("重点取組!F{r}")])
        .collect();
    assert_eq!(cells, expected);
}

/// A cover sheet (表紙) of a few lines far down the page, one of them a
/// department's name alone, names the department of the workbook's table
/// that names none; a cover naming two departments names neither.
#[rstest::rstest]
#[case::one_department(&["せせらぎ推進部"], "せせらぎ推進部")]
#[case::two_departments(&["せせらぎ推進部", "こだま振興局"], UNKNOWN_DEPARTMENT)]
#[case::set_off_in_brackets(&["【 せせらぎ推進部 】"], "せせらぎ推進部")]
fn a_cover_sheet_names_the_department(#[case] named: &[&str], #[case] department: &str) {
    let mut lines: Vec<&[&str]> = vec![&[], &[], &[], &[], &[], &["", "", "令和8年度"], &[]];
    lines.push(&["", "", "重点目標管理シート"]);
    let named: Vec<[&str; 3]> = named.iter().map(|n| ["", "", *n]).collect();
    for name in &named {
        lines.push(&[]);
        lines.push(name);
    }
    lines.push(&[]);
    lines.push(&["", "", "部長　山本　健一"]);
    let cover = grid("表紙", &lines);
    let table = grid(
        "目標シート",
        &[
            &["No", "取組項目", "期限", "中間報告", "期末報告"],
            &["1", "ほたる水路の再生", "10月", "", ""],
        ],
    );
    let out = run("R8重点目標.xlsx", &[cover, table]);
    assert_eq!(only_report(&out).department, department);
}

/// A table of goals above the table of items, a caption between them, the
/// items' header repeating the goals' number heading where it stood and
/// heading columns right of the goals' table (`前半のようす`, a time; `受け持ち課`,
/// a unit): the items' table is a table of its own, its reports read.
#[test]
fn a_table_of_items_under_a_table_of_goals_is_read_on_its_own() {
    let out = run(
        "目標_R8.xlsx",
        &[grid(
            "目標",
            &[
                &["令和8年度　目標シート"],
                &["部局名", "あかつき企画部"],
                &[],
                &["１　目標"],
                &["目標番号", "目標", "ものさし", "めざす値"],
                &["1", "データで考える市役所", "研修の受講者", "150人"],
                &["2", "まちの魅力を伝える", "SNSの登録者", "2万人"],
                &[],
                &["２　取組"],
                &[
                    "目標番号",
                    "取組番号",
                    "取組",
                    "期限",
                    "前半のようす",
                    "年度末の結果",
                    "受け持ち課",
                ],
                &[
                    "1",
                    "1",
                    "データ研修の実施",
                    "10月末",
                    "2回開いた。",
                    "",
                    "企画課",
                ],
                &["1", "2", "統計ポータルの開設", "R8.12", "", "", "企画課"],
                &[
                    "2",
                    "1",
                    "魅力サポーターの募集",
                    "随時",
                    "184人が登録した。",
                    "",
                    "広報課",
                ],
            ],
        )],
    );
    let report = only_report(&out);
    let read: Vec<(&str, bool)> = report
        .items()
        .filter(|(_, i)| i.cells.title().is_some_and(|c| c.row >= 10))
        .map(|(_, i)| (i.title(), matches!(i.interim, Report::Filled(_))))
        .collect();
    assert_eq!(
        read,
        [
            ("データ研修の実施", true),
            ("統計ポータルの開設", false),
            ("魅力サポーターの募集", true)
        ]
    );
}

/// An item's name left of its content, the name's heading leaning to an
/// item by a part of its words (`受け持つ事業`, `主な活動`) and the
/// content's naming an item outright (`実施内容`): the items are the names,
/// written first, whichever heading names the item more strongly.
#[rstest::rstest]
#[case::program("受け持つ事業")]
#[case::activity("主な活動")]
fn an_items_name_left_of_its_content_is_the_item(#[case] heading: &str) {
    let out = run(
        "R8_しおかぜ港湾部.xlsx",
        &[grid(
            "計画",
            &[
                &["令和8年度　しおかぜ港湾部　取組計画"],
                &["No", heading, "実施内容", "期限", "中間報告", "期末報告"],
                &[
                    "1",
                    "旅客ターミナルの改修",
                    "待合室とトイレの改修",
                    "R9.3",
                    "設計を終えた。",
                    "",
                ],
                &[
                    "2",
                    "放置艇の撤去",
                    "所有者調査と撤去指導",
                    "12月末",
                    "",
                    "",
                ],
                &[
                    "3",
                    "緑地のにぎわい創出",
                    "週末マルシェの開催",
                    "夏頃",
                    "8回開いた。",
                    "",
                ],
            ],
        )],
    );
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        ["旅客ターミナルの改修", "放置艇の撤去", "緑地のにぎわい創出"]
    );
}

/// A sheet showing how to fill the form (記入例) before the year's sheet
/// names an example's department (`○○部`, or a name of its own): the
/// workbook's department is the one its own sheet names.
#[rstest::rstest]
#[case::marks("（記入例）○○部　目標シート")]
#[case::named("（記入例）さくら例示部　目標シート")]
fn an_example_sheet_names_no_department(#[case] example_title: &str) {
    let form = |name: &str, title: &str, item: &str| {
        grid(
            name,
            &[
                &[title],
                &[],
                &["No", "取組", "期限", "途中の進み具合", "年度末の結果"],
                &["1", item, "12月末", "", ""],
            ],
        )
    };
    let out = run(
        "目標シート_R8.xlsx",
        &[
            form("記入例", example_title, "○○計画の策定"),
            form(
                "令和8年度",
                "はるかぜ農政部　目標シート（令和8年度）",
                "ため池の点検",
            ),
        ],
    );
    assert_eq!(only_report(&out).department, "はるかぜ農政部");
}

/// A report headed by the day it is written as of, in a month no
/// milestone ends (`R8.10.31時点`, `2026/11/15現在`): the report of the last
/// milestone passed by then, the interim one.
#[rstest::rstest]
#[case::era_day("R8.10.31時点")]
#[case::western_day("2026/11/15現在")]
fn a_report_headed_by_a_day_past_the_first_half_is_the_interim_one(#[case] heading: &str) {
    let out = run(
        "そよかぜ推進本部_R8.xlsx",
        &[grid(
            "アクション",
            &[
                &["令和8年度　そよかぜアクション"],
                &[],
                &[
                    "ID",
                    "アクション",
                    "完了予定日",
                    "担当",
                    heading,
                    "最終（R9.3末）",
                ],
                &[
                    "S-01",
                    "ゆうなぎ窓口の試行",
                    "2027-03-31",
                    "くらし課",
                    "試行を始めた。",
                    "",
                ],
                &[
                    "S-02",
                    "ひだまり広場の開設",
                    "2026-12-28",
                    "くらし課",
                    "",
                    "",
                ],
            ],
        )],
    );
    let reports: Vec<(Report, Report)> = only_report(&out)
        .items()
        .map(|(_, item)| (item.interim.clone(), item.year_end.clone()))
        .collect();
    assert_eq!(
        reports,
        vec![
            (Report::Filled("試行を始めた。".into()), Report::Empty),
            (Report::Empty, Report::Empty),
        ]
    );
}

#[test]
fn goals_numbered_a_level_above_katakana_items_in_one_column_head_them() {
    let out = run(
        "行動計画_R8.xlsx",
        &[grid(
            "進み具合",
            &[
                &["令和8年度　くれない計画"],
                &["部局名：ほのか財務部"],
                &[],
                &[
                    "とりくむこと",
                    "めど",
                    "はじめの半年",
                    "あとの半年",
                    "自己採点",
                ],
                &["(1)　ふところを豊かに"],
                &[
                    "　ア　ほのか寄附の返礼品の拡充",
                    "9月末",
                    "返礼品を30品目ふやした。",
                    "",
                    "A",
                ],
                &["　イ　納付の手段をふやす", "R8.10", "", "", ""],
                &["(2)　お金の流れを見せる"],
                &[
                    "　ア　ほのかノートの発行",
                    "11月",
                    "構成を決めた。",
                    "",
                    "B",
                ],
                &[],
                &["自己採点　A：予定どおり　B：少し遅れ　C：大きく遅れ"],
            ],
        )],
    );
    let report = only_report(&out);
    let read: Vec<(&str, Option<&str>, &str, bool)> = report
        .goals
        .iter()
        .flat_map(|g| {
            g.items.iter().map(move |i| {
                (
                    g.title.as_str(),
                    i.number(),
                    i.title(),
                    matches!(i.interim, Report::Filled(_)),
                )
            })
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                "ふところを豊かに",
                Some("ア"),
                "ほのか寄附の返礼品の拡充",
                true
            ),
            ("ふところを豊かに", Some("イ"), "納付の手段をふやす", false),
            ("お金の流れを見せる", Some("ア"), "ほのかノートの発行", true),
        ]
    );
}

#[test]
fn a_table_of_other_departments_items_under_the_items_is_no_part_of_them() {
    let out = run(
        "重点目標_R8.xlsx",
        &[grid(
            "シート",
            &[
                &["令和8年度　ゆきみ地域部　重点目標"],
                &[],
                &[
                    "No",
                    "めざす姿",
                    "取組",
                    "期限",
                    "受け持ち",
                    "前半のようす",
                    "年度末の結果",
                ],
                &[
                    "1",
                    "住み続けたい町",
                    "協力隊の受入れ",
                    "令和8年10月",
                    "地域課",
                    "3人を迎えた。",
                    "",
                ],
                &["2", "", "移住相談会の開催", "令和9年1月", "地域課", "", ""],
                &[],
                &["【参考】ほかの部が受け持つ関わりのある取組"],
                &["No", "受け持つ部", "取組", "期限", "メモ"],
                &[
                    "参1",
                    "ゆきみ都市部",
                    "駅前広場の再整備",
                    "令和9年3月",
                    "案内板を共に置く",
                ],
                &[
                    "参2",
                    "ゆきみ産業部",
                    "空き店舗への出店支援",
                    "通年",
                    "創業相談を引き継ぐ",
                ],
            ],
        )],
    );
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("expected reports, got {out:?}");
    };
    let own: Vec<&str> = reports
        .iter()
        .filter(|r| r.department == "ゆきみ地域部")
        .flat_map(|r| r.items().map(|(_, i)| i.title()))
        .collect();
    assert_eq!(own, ["協力隊の受入れ", "移住相談会の開催"]);
    // No item of the reference table is asked for a report.
    let asked = reports
        .iter()
        .flat_map(|r| r.items())
        .filter(|(_, i)| i.cells.interim().is_some() || i.cells.year_end().is_some())
        .count();
    assert_eq!(asked, 2);
}

/// Where nothing else names the department: a line signed by the sheet's
/// writer or contact (`作成：`, `作成担当：`), by the title or under the table, or the items' 担当
/// cells all naming one department before their divisions. A line saying
/// where the sheet goes names none.
#[rstest::rstest]
#[case::writer_by_the_title(
    &["令和8年度　取組計画", "", "", "作成：ゆきみ国際室　交流係"],
    &[],
    ["交流課", "交流課"],
    "ゆきみ国際室"
)]
#[case::contact_under_the_table(
    &["令和8年度　取組計画"],
    &["【問合せ】はなぶさ福祉部　福祉政策課（内線2315）"],
    ["政策課", "政策課"],
    "はなぶさ福祉部"
)]
#[case::two_words_of_signing_joined(
    &["令和8年度　取組計画"],
    &["作成担当：ひばり区役所　区政課（内線2231）"],
    ["政策課", "政策課"],
    "ひばり区役所"
)]
#[case::owners_before_their_divisions(
    &["令和8年度　取組計画"],
    &[],
    ["ともしび企業局 経営課", "ともしび企業局 営業課"],
    "ともしび企業局"
)]
#[case::recipient_alone(
    &["令和8年度　取組計画", "", "", "提出先：あおば企画部"],
    &[],
    ["交流課", "交流課"],
    UNKNOWN_DEPARTMENT
)]
#[case::owners_of_two_departments(
    &["令和8年度　取組計画"],
    &[],
    ["ともしび企業局 経営課", "ともしび水道部 営業課"],
    UNKNOWN_DEPARTMENT
)]
fn a_signed_line_or_the_owners_name_the_department_when_nothing_else_does(
    #[case] title: &[&str],
    #[case] below: &[&str],
    #[case] owners: [&str; 2],
    #[case] department: &str,
) {
    let mut rows: Vec<&[&str]> = vec![
        title,
        &[],
        &[
            "No",
            "取組",
            "めど",
            "受け持ち",
            "途中のようす",
            "年度末の結果",
        ],
    ];
    let first = ["1", "通訳ボランティアの養成", "10月末", owners[0], "", ""];
    let second = ["2", "多文化フォーラムの開催", "2月", owners[1], "", ""];
    rows.push(&first);
    rows.push(&second);
    rows.push(&[]);
    rows.push(below);
    let out = run("取組計画_R8.xlsx", &[grid("計画", &rows)]);
    assert_eq!(only_report(&out).department, department);
}

/// An item listed again from another goal (（再掲）) or taken back
/// (【取下げ】) is no item of its own: no report is asked for it.
#[test]
fn an_item_listed_again_or_taken_back_is_no_item_of_its_own() {
    let out = run(
        "重点取組_R8.xlsx",
        &[grid(
            "取組",
            &[
                &["令和8年度　やまぶき環境部　重点取組"],
                &[],
                &[
                    "番号",
                    "取組",
                    "期限",
                    "受け持ち",
                    "前半のようす",
                    "年度末の結果",
                ],
                &["1-1", "森の小径の手入れ", "令和9年3月", "緑地課", "", ""],
                &[
                    "1-2",
                    "【取下げ】池の浚渫（補助の見送りのため）",
                    "12月",
                    "緑地課",
                    "",
                    "",
                ],
                &[
                    "2-1",
                    "雨水タンクの普及",
                    "10月",
                    "下水課",
                    "120基を配った。",
                    "",
                ],
                &[
                    "2-2",
                    "（再掲）森の小径の手入れ",
                    "令和9年3月",
                    "緑地課",
                    "（1-1に記載）",
                    "",
                ],
                &[
                    "2-3",
                    "アンケート（再掲なし）の実施",
                    "2月",
                    "下水課",
                    "",
                    "",
                ],
            ],
        )],
    );
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        [
            "森の小径の手入れ",
            "雨水タンクの普及",
            "アンケート（再掲なし）の実施"
        ]
    );
}

/// Last year's table kept above this year's on one sheet, each captioned
/// by its fiscal year alone: each table's items are its caption's year's.
#[test]
fn tables_captioned_by_their_fiscal_years_hold_the_items_of_those_years() {
    let header: &[&str] = &[
        "No",
        "とりくみ",
        "めど",
        "受け持ち",
        "前半のあゆみ",
        "一年のまとめ",
    ];
    let out = run(
        "目標シート.xlsx",
        &[grid(
            "目標",
            &[
                &["すずかけ子ども部　目標シート"],
                &[],
                &["【令和7年度】（実績確定）"],
                header,
                &[
                    "1",
                    "児童館の時間延長",
                    "令和7年7月",
                    "支援課",
                    "延長した。",
                    "1.2倍になった。",
                ],
                &[],
                &["■令和8年度"],
                header,
                &[
                    "1",
                    "病児保育の予約",
                    "令和8年11月",
                    "保育課",
                    "契約した。",
                    "",
                ],
                &["2", "養育費の確保支援", "令和9年3月", "家庭課", "", ""],
            ],
        )],
    );
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("expected reports, got {out:?}");
    };
    let by_year: Vec<(i32, Vec<&str>)> = reports
        .iter()
        .map(|r| (r.fiscal_year.0, r.items().map(|(_, i)| i.title()).collect()))
        .collect();
    assert_eq!(
        by_year,
        [
            (2025, vec!["児童館の時間延長"]),
            (2026, vec!["病児保育の予約", "養育費の確保支援"])
        ]
    );
}

/// A side label merged down along the table naming the department alone
/// names it where nothing else does; two such names name none.
#[rstest::rstest]
#[case::one_name("ふじばかま保健局", "ふじばかま保健局", "ふじばかま保健局")]
#[case::two_names("ふじばかま保健局", "ふじばかま環境部", UNKNOWN_DEPARTMENT)]
fn a_side_label_naming_the_department_alone_names_it(
    #[case] side: &str,
    #[case] note: &str,
    #[case] department: &str,
) {
    let mut g = grid(
        "目標",
        &[
            &["", "令和8年度　目標シート"],
            &[],
            &[
                side,
                "番号",
                "取組",
                "めど",
                "受け持ち",
                "前半のようす",
                "年度末の結果",
            ],
            &["", "1", "健診の受診率向上", "令和9年3月", "健康課", "", ""],
            &[
                "",
                "2",
                "検診のWeb予約",
                "令和8年6月",
                "健康課",
                "始めた。",
                "",
            ],
            &["", "", "", "", "", "", ""],
            &["", "備考", note],
        ],
    );
    g.add_merge(MergedRange {
        first_row: 2,
        first_col: 0,
        last_row: 4,
        last_col: 0,
    });
    let out = run("目標_R8.xlsx", &[g]);
    assert_eq!(only_report(&out).department, department);
}

/// A title's note in brackets is no department (`（とりまとめ：企画課）`)
/// unless it names one as a whole, alone or after a label: the sheet
/// names its department nowhere else. A note naming where the sheet goes
/// names none.
#[rstest::rstest]
#[case(
    "令和8年度　行動目標（受け持ち部署：そよかぜ暮らし部）",
    "そよかぜ暮らし部"
)]
#[case("令和8年度　行動目標（そよかぜ暮らし部）", "そよかぜ暮らし部")]
#[case("令和8年度　行動目標(みなもと水道局)", "みなもと水道局")]
#[case("令和8年度　行動目標（提出先：そよかぜ暮らし部）", UNKNOWN_DEPARTMENT)]
#[case(
    "令和8年度　行動目標（そよかぜ暮らし部とりまとめ分）",
    UNKNOWN_DEPARTMENT
)]
fn a_department_named_whole_in_a_titles_note_names_it(
    #[case] title: &str,
    #[case] department: &str,
) {
    let g = grid(
        "目標",
        &[
            &[title],
            &[],
            &[
                "番号",
                "取組",
                "めど",
                "受け持ち",
                "前半のようす",
                "年度末の結果",
            ],
            &["1", "健診の受診率向上", "令和9年3月", "健康課", "", ""],
            &["2", "検診のWeb予約", "令和8年6月", "健康課", "始めた。", ""],
        ],
    );
    let out = run("目標_R8.xlsx", &[g]);
    assert_eq!(only_report(&out).department, department);
}

/// Each item merged over a row of plan and a row per report (区分: 計画 /
/// 中間 / 期末), its reports' rows holding a report, its grade and who
/// wrote it: each report is the text on its row, asked of the department
/// where it is empty.
#[test]
fn rows_per_report_holding_a_grade_and_a_writer_give_each_report_its_row() {
    let mut g = grid(
        "進行表",
        &[
            &["令和8年度　ささゆり福祉部　取組の進み具合"],
            &[],
            &["No", "取組", "区分", "内容", "評価", "書いた人"],
            &[
                "1",
                "見守り協定の締結",
                "計画",
                "新たに10事業所と結ぶ",
                "",
                "",
            ],
            &["", "", "中間", "6事業所と結んだ。", "B", "川名"],
            &["", "", "期末", "", "", ""],
            &["2", "配食サービスの拡充", "計画", "利用者を200人に", "", ""],
            &["", "", "中間", "", "", ""],
            &["", "", "期末", "", "", ""],
            &["3", "福祉避難所の指定", "計画", "5か所を指定する", "", ""],
            &["", "", "中間", "2か所を指定した。", "B", "川名"],
            &["", "", "期末", "5か所を指定した。", "A", "川名"],
        ],
    );
    for first in [3u32, 6, 9] {
        merge(&mut g, first, 0, first + 2, 0);
        merge(&mut g, first, 1, first + 2, 1);
    }
    let out = run("進行表.xlsx", &[g]);
    let r = only_report(&out);
    let titles: Vec<&str> = r.items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        ["見守り協定の締結", "配食サービスの拡充", "福祉避難所の指定"]
    );
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "進行表!D5", false, "進行表!D6"),
            reported(false, "進行表!D8", false, "進行表!D9"),
            reported(true, "進行表!D11", true, "進行表!D12"),
        ]
    );
}

/// A plan over several years, a group of columns per fiscal year: the
/// reports under another year's heading (令和7年度 › 年度末の結果, all
/// written) are that year's; this year's are those under its own.
#[test]
fn reports_under_another_fiscal_years_heading_are_that_years() {
    let mut g = grid(
        "計画",
        &[
            &["しらかば行動計画（令和7～9年度）　令和8年度の進み具合"],
            &[],
            &[
                "番号",
                "取組",
                "受け持ち",
                "令和7年度",
                "",
                "令和8年度",
                "",
                "",
            ],
            &[
                "",
                "",
                "",
                "めあて",
                "年度末の結果",
                "めあて",
                "前半のようす",
                "年度末の結果",
            ],
            &[
                "1",
                "窓口の予約制",
                "市民課",
                "検討",
                "検討を終えた。",
                "開始",
                "4月に始めた。",
                "",
            ],
            &[
                "2",
                "使用料の見直し",
                "財政課",
                "原価の算定",
                "算定を終えた。",
                "改定案",
                "",
                "",
            ],
        ],
    );
    merge(&mut g, 2, 3, 2, 4);
    merge(&mut g, 2, 5, 2, 7);
    for col in 0..3 {
        merge(&mut g, 2, col, 3, col);
    }
    let out = run("計画.xlsx", &[g]);
    assert_eq!(only_report(&out).fiscal_year, FiscalYear(2026));
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "計画!G5", false, "計画!H5"),
            reported(false, "計画!G6", false, "計画!H6"),
        ]
    );
}

/// A box of sign-offs under the table (確かめ | 部長 | 課長補佐 over rows
/// 中間 / 期末, each box to be stamped) holds no items: no report of it is
/// asked for. Posts with something written under them are records.
#[rstest::rstest]
#[case::stamps_to_come("", "", &[])]
#[case::records_written("研修の企画を始めた。", "名簿を作った。", &["職員研修", "名簿整理"])]
fn a_box_of_sign_offs_under_the_table_holds_no_items(
    #[case] first: &str,
    #[case] second: &str,
    #[case] more: &[&str],
) {
    let (head, next) = if more.is_empty() {
        ("部長", "課長補佐")
    } else {
        ("職員研修", "名簿整理")
    };
    let g = grid(
        "目標",
        &[
            &["令和8年度　あさぎり会計室　目標"],
            &[],
            &["番号", "取組", "めど", "前半のようす", "年度末の結果"],
            &["1", "支払事務の電子化", "令和9年3月", "仕様を決めた。", ""],
            &["2", "監査指摘の改善", "令和8年9月", "", ""],
            &[],
            &["（注）前半のようすは10月15日までに書いてください。"],
            &[],
            &["", "", "確かめ", head, next],
            &["", "", "中間", first, ""],
            &["", "", "期末", "", second],
        ],
    );
    let out = run("目標.xlsx", &[g]);
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    let mut expected = vec!["支払事務の電子化", "監査指摘の改善"];
    expected.extend(more);
    assert_eq!(titles, expected);
}

/// A second table under the first, its header repeating the first's
/// headings in other columns (年度末のまとめ one column further right, a
/// column of targets put in before them): a table of its own, read by its
/// own header, though its headings state times.
#[test]
fn a_second_table_whose_header_moves_the_first_ones_headings_is_read_by_its_own() {
    let g = grid(
        "目標",
        &[
            &["令和8年度　ひなた防災部　目標"],
            &[],
            &["Ⅰ　新しい取組"],
            &["番号", "取組", "めど", "上期のあゆみ", "年度末のまとめ"],
            &[
                "1",
                "避難所の鍵の一元管理",
                "令和8年11月",
                "保管庫を決めた。",
                "",
            ],
            &["2", "防災無線の更新", "令和9年3月", "", ""],
            &[],
            &[],
            &["Ⅱ　続けている取組"],
            &[
                "番号",
                "続けている取組",
                "担当",
                "目標値",
                "上期のあゆみ",
                "年度末のまとめ",
            ],
            &[
                "1",
                "資機材の助成",
                "防災課",
                "20団体",
                "12団体に交付した。",
                "",
            ],
            &[
                "2",
                "防災士の養成",
                "防災課",
                "40人",
                "",
                "42人が受講した。",
            ],
        ],
    );
    let out = run("目標.xlsx", &[g]);
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        [
            "避難所の鍵の一元管理",
            "防災無線の更新",
            "資機材の助成",
            "防災士の養成"
        ]
    );
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "目標!D5", false, "目標!E5"),
            reported(false, "目標!D6", false, "目標!E6"),
            reported(true, "目標!E11", false, "目標!F11"),
            reported(false, "目標!E12", true, "目標!F12"),
        ]
    );
}

/// Each item merged down over the rows of the indicators it is measured
/// by, its reports merged over the same rows: the merged value is the item
/// and each report its own; the indicators are no items. Reports written
/// per row make the rows the items, under a goal.
#[rstest::rstest]
#[case::reports_merged(true, &["体育館の改修", "企画展の充実"])]
#[case::reports_per_row(false, &["設計", "工事", "展示2回", "来館者"])]
fn items_merged_over_their_indicators_as_their_reports_are_the_items(
    #[case] reports_merged: bool,
    #[case] items: &[&str],
) {
    // Merged with the items, the numbers are the items'; else each row's.
    let numbers = if reports_merged {
        ["1", "", "2", ""]
    } else {
        ["1", "2", "3", "4"]
    };
    let mut g = grid(
        "取組",
        &[
            &["令和8年度　こもれび文化部　取組"],
            &[],
            &[
                "番号",
                "取組",
                "ものさし",
                "めあて",
                "前半のようす",
                "年度末の結果",
                "受け持ち",
            ],
            &[
                "1",
                "体育館の改修",
                "設計",
                "8月",
                "設計を終えた。",
                "",
                "スポーツ課",
            ],
            &[numbers[1], "", "工事", "1月", "", "", ""],
            &[
                numbers[2],
                "企画展の充実",
                "展示2回",
                "4回",
                "",
                "",
                "文化課",
            ],
            &[numbers[3], "", "来館者", "3万人", "", "", ""],
        ],
    );
    for first in [3u32, 5] {
        let cols: &[u32] = if reports_merged {
            &[0, 1, 4, 5, 6]
        } else {
            &[1]
        };
        for &col in cols {
            merge(&mut g, first, col, first + 1, col);
        }
    }
    let out = run("取組.xlsx", &[g]);
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    assert_eq!(titles, items);
}

/// The key of the grades under the table (区分 | 内容 over `S | ねらいを超えた`,
/// `A | ねらいどおり` …, each code once) is no table of items; items graded
/// alike or left ungraded are.
#[rstest::rstest]
#[case::a_key(["S", "A", "B", "C"], 2)]
#[case::grades_given(["A", "A", "B", ""], 6)]
fn the_key_of_the_grades_under_the_table_holds_no_items(
    #[case] codes: [&str; 4],
    #[case] items: usize,
) {
    let g = grid(
        "目標",
        &[
            &["令和8年度　ほたる観光部　目標"],
            &[],
            &[
                "番号",
                "取組",
                "めど",
                "前半のようす",
                "年度末の結果",
                "手ごたえ",
            ],
            &[
                "1",
                "宿泊客の誘致",
                "令和9年3月",
                "説明会を開いた。",
                "",
                "A",
            ],
            &["2", "案内板の更新", "令和8年9月", "", "", ""],
            &[],
            &["※手ごたえは次の区分で書いてください。"],
            &["", "区分", "内容"],
            &["", codes[0], "ねらいを超えた"],
            &["", codes[1], "ねらいどおり"],
            &["", codes[2], "もう少し"],
            &["", codes[3], "手つかず"],
        ],
    );
    let out = run("目標.xlsx", &[g]);
    assert_eq!(only_report(&out).items().count(), items);
}

/// A box's heading naming the unit by its kind alone (`事務局の使命`) where
/// the file's name spells it in full (`しらさぎ議会事務局_R8組織目標`): the
/// file's name names the department.
#[test]
fn the_file_name_spells_in_full_a_unit_a_heading_names_by_its_kind() {
    let g = grid(
        "組織目標",
        &[
            &["令和8年度"],
            &[],
            &["", "事務局の使命"],
            &["", "開かれた議会を支える"],
            &[],
            &["No", "取組", "めど", "前半のようす", "年度末の結果"],
            &[
                "1",
                "会議録の検索機能の改善",
                "令和9年3月",
                "仕様を決めた。",
                "",
            ],
            &["2", "傍聴席の改修", "令和8年12月", "", ""],
        ],
    );
    let out = run("しらさぎ議会事務局_R8組織目標.xlsx", &[g]);
    assert_eq!(only_report(&out).department, "しらさぎ議会事務局");
}

/// A column of departments named by their cells alone (`ともに進める先`:
/// `くすのき総務部、くすのき市民部`) beside a label naming the sheet's
/// department, which the column never names: the partners, not the
/// owner; the items are the labelled department's. A column that names it
/// is the items' departments.
#[rstest::rstest]
#[case::partners("くすのき市民部", "くすのき情報部")]
#[case::owners("くすのき情報部", "くすのき情報部")]
fn a_column_of_partner_departments_beside_the_label_is_no_owner(
    #[case] third: &str,
    #[case] department: &str,
) {
    let g = grid(
        "組織目標",
        &[
            &["令和8年度　組織目標"],
            &[],
            &["部名", "くすのき情報部"],
            &[],
            &[
                "No",
                "取組",
                "ともに進める先",
                "めど",
                "前半のようす",
                "年度末の結果",
            ],
            &[
                "1",
                "基幹システムの移行",
                "くすのき総務部、くすのき市民部",
                "令和9年1月",
                "試験を終えた。",
                "",
            ],
            &[
                "2",
                "生成AIの指針づくり",
                "くすのき総務部",
                "令和8年8月",
                "",
                "",
            ],
            &["3", "窓口のキャッシュレス化", third, "令和9年2月", "", ""],
        ],
    );
    let out = run("R8組織目標.xlsx", &[g]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("not read: {out:?}");
    };
    let of_third = reports
        .iter()
        .find(|r| {
            r.items()
                .any(|(_, i)| i.title() == "窓口のキャッシュレス化")
        })
        .map(|r| r.department.as_str());
    assert_eq!(of_third, Some(department));
}

/// A title naming a body and a unit inside it (`みなも委員会事務局　みなも
/// 学び部`): the unit the file's name names too keeps the sheet. A file
/// named for neither leaves the title's first.
#[rstest::rstest]
#[case::file_names_the_unit("みなも学び部_令和8年度重点目標.xlsx", "みなも学び部")]
#[case::file_names_the_body("みなも委員会事務局_令和8年度重点目標.xlsx", "みなも委員会事務局")]
#[case::file_names_none("令和8年度重点目標.xlsx", "みなも委員会事務局")]
fn a_title_naming_a_body_and_its_unit_names_the_one_the_file_names(
    #[case] file: &str,
    #[case] department: &str,
) {
    let g = grid(
        "R8目標",
        &[
            &["令和8年度　みなも委員会事務局　みなも学び部　重点目標"],
            &[
                "No",
                "ねらい",
                "やること",
                "めど",
                "前半のようす",
                "年度末の結果",
            ],
            &[
                "1",
                "学び舎の安全",
                "古い塀を直す",
                "2月",
                "4校の工事を頼んだ。",
                "",
            ],
            &["2", "学び舎の安全", "涼しい体育館にする", "12月", "", ""],
        ],
    );
    let out = run(file, &[g]);
    assert_eq!(only_report(&out).department, department);
}

/// A row per report under each item, the kind saying its month in
/// brackets (`なかごろ（9月末）` / `おしまい（3月末）`), longer than a
/// kind's name alone: the rows are the reports, each item's reports on
/// its own rows, and the column of months (めど) is the deadline.
#[test]
fn rows_per_report_named_with_their_months_give_each_report_its_row() {
    let mut g = grid(
        "進み具合",
        &[
            &["令和8年度　ささゆり福祉部　進み具合"],
            &[],
            &["No", "やること", "めど", "とき", "ようす"],
            &[
                "1",
                "見守り協定の締結",
                "6月～11月",
                "なかごろ（9月末）",
                "6事業所と結んだ。",
            ],
            &["", "", "", "おしまい（3月末）", ""],
            &["2", "配食サービスの拡充", "5月", "なかごろ（9月末）", ""],
            &["", "", "", "おしまい（3月末）", ""],
            &[
                "3",
                "福祉避難所の指定",
                "12月",
                "なかごろ（9月末）",
                "2か所を指定した。",
            ],
            &["", "", "", "おしまい（3月末）", "5か所を指定した。"],
        ],
    );
    for first in [3u32, 5, 7] {
        for col in 0..3 {
            merge(&mut g, first, col, first + 1, col);
        }
    }
    let out = run("進み具合.xlsx", &[g]);
    let r = only_report(&out);
    let titles: Vec<&str> = r.items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        ["見守り協定の締結", "配食サービスの拡充", "福祉避難所の指定"]
    );
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "進み具合!E4", false, "進み具合!E5"),
            reported(false, "進み具合!E6", false, "進み具合!E7"),
            reported(true, "進み具合!E8", true, "進み具合!E9"),
        ]
    );
}

/// An export writing a row per item and report (`とき`: なかごろ（9月末） /
/// おしまい（3月末）), the item's number and name again on each of its
/// rows: one item each, its reports on its rows.
#[test]
fn an_export_repeating_each_item_on_a_row_per_report_reads_each_item_once() {
    let g = grid(
        "報告一覧",
        &[
            &["令和8年度　ささゆり港湾部　報告一覧"],
            &[],
            &["番号", "やること", "とき", "ようす", "受け持ち"],
            &[
                "P-1",
                "寄港の誘致",
                "なかごろ（9月末）",
                "3回訪ねた。",
                "みなと課",
            ],
            &["P-1", "寄港の誘致", "おしまい（3月末）", "", "みなと課"],
            &["P-2", "岸壁の補強", "なかごろ（9月末）", "", "みなと課"],
            &["P-2", "岸壁の補強", "おしまい（3月末）", "", "みなと課"],
            &[
                "P-3",
                "貨物の拡大",
                "なかごろ（9月末）",
                "6%増えた。",
                "にもつ課",
            ],
            &["P-3", "貨物の拡大", "おしまい（3月末）", "", "にもつ課"],
        ],
    );
    let out = run("報告一覧.csv", &[g]);
    let r = only_report(&out);
    let titles: Vec<&str> = r.items().map(|(_, i)| i.title()).collect();
    assert_eq!(titles, ["寄港の誘致", "岸壁の補強", "貨物の拡大"]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "報告一覧!D4", false, "報告一覧!D5"),
            reported(false, "報告一覧!D6", false, "報告一覧!D7"),
            reported(true, "報告一覧!D8", false, "報告一覧!D9"),
        ]
    );
}

/// A plan over three years, its span in the title's brackets (`（令和7年度
/// ～令和9年度）`) and this year after them: the sheet is this year's. The
/// last year's heading stands over one column (`令和9年度 › めあて`) and
/// heads it as the others head theirs: the header is two rows deep, and
/// this year's reports are read under its own heading.
#[test]
fn a_plan_over_years_whose_last_heads_one_column_is_read_for_the_year_the_title_names() {
    let mut g = grid(
        "計画",
        &[
            &["しらかば行動計画（令和7年度～令和9年度）　令和8年度の進み具合"],
            &[],
            &[
                "番号",
                "取組",
                "受け持ち",
                "令和7年度",
                "",
                "令和8年度",
                "",
                "",
                "令和9年度",
            ],
            &[
                "",
                "",
                "",
                "めあて",
                "まとめ",
                "めあて",
                "前半のようす",
                "年度のまとめ",
                "めあて",
            ],
            &[
                "1",
                "窓口の予約制",
                "市民課",
                "検討",
                "検討を終えた。",
                "開始",
                "4月に始めた。",
                "",
                "定着",
            ],
            &[
                "2",
                "使用料の見直し",
                "財政課",
                "原価の算定",
                "算定を終えた。",
                "改定案",
                "",
                "",
                "改定",
            ],
        ],
    );
    merge(&mut g, 2, 3, 2, 4);
    merge(&mut g, 2, 5, 2, 7);
    for col in 0..3 {
        merge(&mut g, 2, col, 3, col);
    }
    let out = run("計画.xlsx", &[g]);
    assert_eq!(only_report(&out).fiscal_year, FiscalYear(2026));
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "計画!G5", false, "計画!H5"),
            reported(false, "計画!G6", false, "計画!H6"),
        ]
    );
}

/// A row its remarks say was taken back (`備考`: 削除（報告会と統合）,
/// 取下げ：9月) is no item: no report of it is asked for. A remark the mark
/// only begins (削除予定) leaves the item as it is.
#[rstest::rstest]
#[case::removed("削除（報告会と統合）", false)]
#[case::taken_back("取下げ：9月", false)]
#[case::to_be_removed("削除予定", true)]
fn a_row_its_remarks_say_was_taken_back_is_no_item(#[case] remark: &str, #[case] kept: bool) {
    let g = grid(
        "取組",
        &[
            &["令和8年度　ささゆり財政部　取組"],
            &[],
            &[
                "No",
                "やること",
                "めど",
                "前半のようす",
                "後半のようす",
                "備考",
            ],
            &["1", "枠配分の導入", "10月", "方針を決めた。", "", ""],
            &["2", "説明会の開催", "2月", "", "", remark],
            &["3", "事務の委託", "7月", "委託した。", "", ""],
        ],
    );
    let out = run("取組.xlsx", &[g]);
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    let expected: Vec<&str> = if kept {
        vec!["枠配分の導入", "説明会の開催", "事務の委託"]
    } else {
        vec!["枠配分の導入", "事務の委託"]
    };
    assert_eq!(titles, expected);
}

/// Tables under numbered captions (`２　よくする取組`), the last caption
/// of the series heading a table for reference (`３　参考：昨年度のでき
/// たこと` over `こと | できたこと`): the table above ends at that caption,
/// and the reference rows are no items.
#[test]
fn the_next_caption_of_the_series_ends_the_table_above_it() {
    let mut g = grid(
        "目標",
        &[
            &["令和8年度　ささゆり総務部　目標"],
            &["１　しっかり取組"],
            &["No", "やること", "めど", "前半のようす", "後半のようす"],
            &[
                "1",
                "会議の紙をなくす",
                "4月～3月",
                "12種類を電子化した。",
                "",
            ],
            &["2", "在宅勤務を広げる", "通年", "", ""],
            &[],
            &["２　よくする取組"],
            &[
                "No",
                "よくすること",
                "いつごろ",
                "前半のようす",
                "後半のようす",
                "浮くお金",
            ],
            &["1", "電子決裁を増やす", "3月", "71%になった。", "", "1,200"],
            &["2", "清掃の一括発注", "10月", "", "", "3,400"],
            &[],
            &["３　参考：昨年度のできたこと"],
            &["", "こと", "できたこと"],
            &["", "窓口のキャッシュレス", "全部の窓口に入れた"],
            &["", "研修の動画", "のべ1,480人が見た"],
        ],
    );
    for row in 12..15 {
        merge(&mut g, row, 2, row, 4);
    }
    let out = run("目標.xlsx", &[g]);
    let titles: Vec<&str> = only_report(&out).items().map(|(_, i)| i.title()).collect();
    assert_eq!(
        titles,
        [
            "会議の紙をなくす",
            "在宅勤務を広げる",
            "電子決裁を増やす",
            "清掃の一括発注"
        ]
    );
}

/// A form kept hidden beside the filled sheets (`ひな形`: No | 取組 | …
/// with `（取組を記入）` on each row, its reports blank) reports on no item:
/// the items' reports are their own sheet's cells.
#[test]
fn a_blank_form_beside_the_sheets_reports_on_no_item() {
    let filled = grid(
        "みらい課",
        &[
            &["令和8年度　ささゆり福祉部　みらい課　目標"],
            &[],
            &["No", "取組", "めど", "中間報告", "年度末報告"],
            &["1", "計画の見直し", "3月", "素案を作った。", ""],
            &["2", "出前講座の開催", "2月", "", ""],
        ],
    );
    // The form's numbers are numbers, as Excel keeps them.
    let text = |t: &str| CellValue::Text(t.to_string());
    let form_rows = vec![
        vec![text("令和8年度　ささゆり福祉部　○○課　目標")],
        vec![],
        ["No", "取組", "めど", "中間報告", "年度末報告"]
            .map(text)
            .to_vec(),
        vec![CellValue::Number(1.0), text("（取組を記入）")],
        vec![CellValue::Number(2.0), text("（取組を記入）")],
    ];
    let mut form = Grid::from_rows("ひな形", form_rows);
    form.visible = false;
    let out = run("ささゆり福祉部_R8課別目標.xlsx", &[filled, form]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}");
    };
    let cells: Vec<(String, String)> = reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| {
            let cell = |c: Option<CellRef>| c.map(|c| c.to_string()).unwrap_or_default();
            (cell(i.cells.interim()), cell(i.cells.year_end()))
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("みらい課!D4".to_string(), "みらい課!E4".to_string()),
            ("みらい課!D5".to_string(), "みらい課!E5".to_string()),
        ]
    );
}

/// A sheet checking the reports off (`ようす一覧`: No | やること | 前半 |
/// 後半, holding 済 / 未 alone) beside the sheet where they are written:
/// the items' report cells stay their own sheet's, and an empty one is
/// asked for there.
#[test]
fn a_checklist_of_the_reports_leaves_the_items_their_own_report_cells() {
    let list = grid(
        "ようす一覧",
        &[
            &["ようす一覧（とりまとめ用）"],
            &[],
            &["No", "やること", "前半の報告", "後半の報告"],
            &["1", "大会の参加者を増やす", "済", "未"],
            &["2", "体験会を開く", "未", "未"],
        ],
    );
    let sheet = grid(
        "目標",
        &[
            &["令和8年度　ささゆりスポーツ部　目標"],
            &[],
            &["No", "やること", "めど", "前半の報告", "後半の報告"],
            &[
                "1",
                "大会の参加者を増やす",
                "11月",
                "8,200人が申し込んだ。",
                "",
            ],
            &["2", "体験会を開く", "10月", "", ""],
        ],
    );
    let out = run("ささゆりスポーツ部_R8目標.xlsx", &[list, sheet]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}");
    };
    let cells: Vec<(String, bool, String)> = reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| {
            let cell = |c: Option<CellRef>| c.map(|c| c.to_string()).unwrap_or_default();
            (
                cell(i.cells.interim()),
                i.interim.is_filled(),
                cell(i.cells.year_end()),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("目標!D4".to_string(), true, "目標!E4".to_string()),
            ("目標!D5".to_string(), false, "目標!E5".to_string()),
        ]
    );
}

/// Reports beside the table, keyed by number, under a caption naming
/// another fiscal year (`参考：昨年度（令和7年度）のようす`) are that year's:
/// the items keep their own report cells. Under this year's caption they
/// are the items' reports.
#[rstest::rstest]
#[case::last_years("参考：昨年度（令和7年度）のようす", "ささゆり!E4", "ささゆり!E5")]
#[case::this_years("報告（令和8年度）", "ささゆり!J4", "ささゆり!J5")]
fn reports_beside_the_table_captioned_for_another_year_are_that_years(
    #[case] caption: &str,
    #[case] first: &str,
    #[case] second: &str,
) {
    let g = grid(
        "ささゆり",
        &[
            &["令和8年度　ささゆり管理部　目標"],
            &["", "", "", "", "", "", "", "", caption],
            &[
                "No",
                "やること",
                "受け持ち",
                "めど",
                "前半",
                "後半",
                "",
                "",
                "No",
                "前半",
                "後半",
            ],
            &[
                "1",
                "残業を減らす",
                "人事課",
                "3月",
                "",
                "",
                "",
                "",
                "1",
                "3%減った。",
                "",
            ],
            &[
                "2",
                "電子決裁",
                "総務課",
                "3月",
                "",
                "",
                "",
                "",
                "2",
                "",
                "",
            ],
        ],
    );
    let out = run("ささゆり.xlsx", &[g]);
    let cells: Vec<String> = only_report(&out)
        .items()
        .map(|(_, i)| i.cells.interim().map(|c| c.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(cells, [first, second]);
}

/// A report sheet keyed by codes under a heading in the items' words
/// (取組コード over 共-03, 共-01 …, zero-padded where the plan's are not,
/// in another order), rows left blank for codes the plan has none of:
/// its rows report on the plan's items by code. No row is an item of its
/// own: a column of codes holds no item's words.
#[test]
fn a_report_sheet_keyed_by_codes_under_an_item_heading_reports_on_the_plan() {
    let plan = grid(
        "やること",
        &[
            &["令和8年度　みらい共創部　しごと一覧"],
            &[],
            &["取組コード", "取組", "担当課", "期限"],
            &["共-1", "寄り合いの場をひらく", "つながり課", "3月"],
            &["共-2", "見守りの輪をひろげる", "つながり課", "6月"],
            &["共-3", "空き家の手当てを考える", "すまい課", "10月"],
        ],
    );
    let book = grid(
        "書くところ",
        &[
            &["令和8年度　みらい共創部　ふりかえり"],
            &[],
            &["取組コード", "前半のふりかえり", "後半のふりかえり"],
            &["共-03", "", ""],
            &["共-01", "2か所でひらいた。", ""],
            &["共-02", "40人が加わった。", ""],
            &["共-05", "しらべた。", ""],
            &["共-06", "", ""],
        ],
    );
    let out = run("みらい共創部.xlsx", &[plan, book]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let titles: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| i.title())
        .collect();
    assert_eq!(
        titles,
        [
            "寄り合いの場をひらく",
            "見守りの輪をひろげる",
            "空き家の手当てを考える"
        ]
    );
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "書くところ!B5", false, "書くところ!C5"),
            reported(true, "書くところ!B6", false, "書くところ!C6"),
            reported(false, "書くところ!B4", false, "書くところ!C4"),
        ]
    );
}

/// A sheet of two years (令和7・8年度), each year's reports under its own
/// heading, the earlier year's columns hidden: the sheet is of the year
/// whose columns show, and its reports are that year's.
#[test]
fn the_year_whose_report_columns_show_is_the_sheets() {
    let mut g = grid(
        "めあて",
        &[
            &["みどり部　めあて（令和7・8年度）"],
            &[],
            &[
                "No",
                "やること",
                "受け持ち",
                "めど",
                "令和7年度",
                "",
                "令和8年度",
                "",
            ],
            &[
                "",
                "",
                "",
                "",
                "前半のようす",
                "後半のようす",
                "前半のようす",
                "後半のようす",
            ],
            &[
                "1",
                "並木の手入れを増やす",
                "みどり課",
                "通年",
                "2回した。",
                "4回した。",
                "3回した。",
                "",
            ],
            &[
                "2",
                "花壇を町内会と育てる",
                "みどり課",
                "9月",
                "",
                "",
                "",
                "",
            ],
        ],
    );
    for c in 0..4 {
        merge(&mut g, 2, c, 3, c);
    }
    merge(&mut g, 2, 4, 2, 5);
    merge(&mut g, 2, 6, 2, 7);
    g.hidden_columns = vec![(4, 5)];
    let out = run("みどり部_めあて.xlsx", &[g]);
    assert_eq!(only_report(&out).fiscal_year, FiscalYear(2026));
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "めあて!G5", false, "めあて!H5"),
            reported(false, "めあて!G6", false, "めあて!H6"),
        ]
    );
}

/// A sheet marked a draft in its title (`（たたき台）`) beside a sheet of
/// the year's items is a plan not yet decided: its items are not counted,
/// and a warning says so. A draft alone is the workbook's plan, and a word
/// the mark only stands in (`提案`) marks nothing.
#[test]
fn a_draft_sheet_beside_the_decided_one_is_not_counted() {
    let sheet = |name: &str, title: &str, item: &str| {
        grid(
            name,
            &[
                &[title],
                &[],
                &["No", "やること", "めど", "前半のようす", "後半のようす"],
                &["1", item, "9月", "", ""],
            ],
        )
    };
    let decided = || {
        sheet(
            "今年",
            "令和7年度　やまびこ部　めあて",
            "並木の手入れを増やす",
        )
    };
    let draft = || {
        sheet(
            "来年",
            "令和8年度　やまびこ部　めあて（たたき台）　※検討中",
            "花壇を町内会と育てる",
        )
    };
    let titles = |out: &WorkbookOutcome| -> Vec<String> {
        let WorkbookOutcome::Reports(reports) = out else {
            panic!("{out:?}")
        };
        reports
            .iter()
            .flat_map(|r| r.items())
            .map(|(_, i)| i.title().to_string())
            .collect()
    };
    let out = run("R7_やまびこ部.xlsx", &[decided(), draft()]);
    assert_eq!(titles(&out), ["並木の手入れを増やす"]);
    assert!(
        only_report(&out)
            .warnings
            .iter()
            .any(|w| w.message.contains("来年")),
        "{:?}",
        only_report(&out).warnings
    );
    let out = run("R8_やまびこ部.xlsx", &[draft()]);
    assert_eq!(titles(&out), ["花壇を町内会と育てる"]);
    let proposal = sheet(
        "来年",
        "令和8年度　やまびこ部　提案のめあて",
        "花壇を町内会と育てる",
    );
    let out = run("R7_やまびこ部.xlsx", &[decided(), proposal]);
    assert_eq!(titles(&out).len(), 2);
}

/// Report columns headed by the days they are written as of, date cells
/// (shown as 9月30日現在) under a heading merged over them, the columns left
/// of them headed over both rows: the header is two rows, and the days
/// name the reports by the milestones they follow.
#[test]
fn report_columns_headed_by_dates_under_a_merged_heading_are_read() {
    let day = |y, m, d| {
        CellValue::Date(
            chrono::NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap(),
        )
    };
    let mut g = grid(
        "めあて",
        &[
            &["令和8年度　しらべ室　めあて"],
            &[],
            &["No", "やること", "受け持ち", "めど", "ようす", ""],
            &[],
            &[
                "1",
                "しらべ方を見直す",
                "しらべ一係",
                "9月",
                "18課で試した。",
                "",
            ],
            &[
                "2",
                "しらべの結果を見やすくする",
                "しらべ二係",
                "12月",
                "",
                "",
            ],
        ],
    );
    g.set(3, 4, day(2026, 9, 30));
    g.set(3, 5, day(2027, 3, 31));
    for c in 0..4 {
        merge(&mut g, 2, c, 3, c);
    }
    merge(&mut g, 2, 4, 2, 5);
    let out = run("しらべ室_令和8年度.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "めあて!E5", false, "めあて!F5"),
            reported(false, "めあて!E6", false, "めあて!F6"),
        ]
    );
}

/// Rows of reports under each item named in the items' column in brackets
/// (`【前半】` / `【後半】`), each report's text merged across the columns
/// right of it: the merged cells are the item's reports.
#[test]
fn bracketed_report_rows_with_texts_merged_across_are_the_items_reports() {
    let mut g = grid(
        "めあて",
        &[
            &["令和8年度　ひかり部　めあて"],
            &[],
            &[
                "No",
                "やること",
                "受け持ち",
                "めど",
                "ものさし",
                "めあての値",
            ],
            &[
                "1",
                "街灯をLEDにかえる",
                "ひかり課",
                "3月",
                "かえた数",
                "15基",
            ],
            &["", "【前半】", "6基をかえた。", "", "", ""],
            &["", "【後半】", "", "", "", ""],
            &[
                "2",
                "夜道の見回りをふやす",
                "ひかり課",
                "1月",
                "見回り回数",
                "30回",
            ],
            &["", "【前半】", "12回まわった。", "", "", ""],
            &["", "【後半】", "", "", "", ""],
            &[
                "3",
                "防犯カメラをふやす",
                "まもり課",
                "3月",
                "ふえた台数",
                "20台",
            ],
            &["", "【前半】", "", "", "", ""],
            &["", "【後半】", "", "", "", ""],
        ],
    );
    for r in [4, 5, 7, 8, 10, 11] {
        merge(&mut g, r, 2, r, 5);
    }
    for (r, n) in [(3u32, 1.0), (6, 2.0), (9, 3.0)] {
        g.set(r, 0, CellValue::Number(n));
    }
    let out = run("ひかり部_令和8年度.xlsx", &[g]);
    let titles: Vec<String> = only_report(&out)
        .items()
        .map(|(_, i)| i.title().to_string())
        .collect();
    assert_eq!(
        titles,
        [
            "街灯をLEDにかえる",
            "夜道の見回りをふやす",
            "防犯カメラをふやす"
        ],
        "{:?}",
        only_report(&out).reading.tables
    );
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "めあて!C5", false, "めあて!C6"),
            reported(true, "めあて!C8", false, "めあて!C9"),
            reported(false, "めあて!C11", false, "めあて!C12"),
        ]
    );
}

/// Rows naming a department across the table with a note after it (`■
/// ほしぞら部（部長　山田 花子）`) head that department's items: no goals.
#[test]
fn a_department_row_with_a_note_heads_its_items() {
    let mut g = grid(
        "一覧",
        &[
            &["令和8年度　まちづくり局　めあて"],
            &[],
            &[
                "No",
                "やること",
                "受け持ち",
                "めど",
                "前半のようす",
                "後半のようす",
            ],
            &["■ ほしぞら部（部長　山田 花子）"],
            &[
                "1",
                "星空観察会を開く",
                "ほしぞら課",
                "9月",
                "2回ひらいた。",
                "",
            ],
            &["■ うみべ部（部長　川田 一郎）"],
            &["2", "浜辺の清掃をふやす", "うみべ課", "12月", "", ""],
        ],
    );
    merge(&mut g, 3, 0, 3, 5);
    merge(&mut g, 5, 0, 5, 5);
    for (r, n) in [(4u32, 1.0), (6, 2.0)] {
        g.set(r, 0, CellValue::Number(n));
    }
    let out = run("まちづくり局_R8.xlsx", &[g]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let departments: Vec<(&str, &str)> = reports
        .iter()
        .flat_map(|r| {
            r.items()
                .map(move |(_, i)| (r.department.as_str(), i.title()))
        })
        .collect();
    assert_eq!(
        departments,
        [
            ("ほしぞら部", "星空観察会を開く"),
            ("うみべ部", "浜辺の清掃をふやす")
        ]
    );
}

/// A table under the year's own, captioned as another year's kept for
/// reference (`（参考）令和7年度の…`), holds that year's items: none of its
/// blank reports is this year's to ask. A caption naming a year the items
/// run from (`令和7年度からの…`), or the sheet's own year, changes nothing.
#[rstest::rstest]
#[case::another_years_for_reference("（参考）令和7年度のやったことと結び", &[(2025, 2), (2026, 2)])]
#[case::a_year_they_run_from("（参考）令和7年度からのつづき", &[(2026, 4)])]
#[case::the_sheets_own_year("（参考）令和8年度のやったこと", &[(2026, 4)])]
#[case::no_note_before_the_year("令和7年度のやったことと結び", &[(2026, 4)])]
fn a_table_captioned_as_another_years_for_reference_is_of_that_year(
    #[case] caption: &str,
    #[case] years: &[(i32, usize)],
) {
    let header = ["No", "やること", "かかり", "前半のようす", "後半のようす"];
    let g = grid(
        "めあて",
        &[
            &["令和8年度　そよかぜ部　めあて"],
            &header,
            &["1", "並木の手入れを増やす", "みどり課", "2回した。", ""],
            &["2", "花壇を町内会と育てる", "みどり課", "", ""],
            &[],
            &[caption],
            &header,
            &[
                "1",
                "古い掲示板を片づける",
                "公園課",
                "片づけた。",
                "すべて終えた。",
            ],
            &["2", "落ち葉の回収を見直す", "公園課", "見直した。", ""],
        ],
    );
    let out = run("そよかぜ部_めあて.xlsx", &[g]);
    let WorkbookOutcome::Reports(reports) = &out else {
        panic!("{out:?}")
    };
    let read: Vec<(i32, usize)> = reports
        .iter()
        .map(|r| (r.fiscal_year.0, r.items().count()))
        .collect();
    assert_eq!(read, years);
}

/// Days heading report columns in the header row itself, beside headings
/// of words (`2026/9/30 | 2027/3/31`, shown as 9月末 / 3月末), over texts
/// or blanks: the days the columns are written as of, so the interim and
/// the year-end reports. The date columns left of them, days under days,
/// are the items' dates. A day shown as its month alone (a month cell,
/// `9月末`) heads its column as the sheet shows it.
#[rstest::rstest]
fn report_columns_headed_by_days_in_the_header_row_are_read(#[values(false, true)] months: bool) {
    let day = |y: i32, m: u32, d: u32| {
        CellValue::Date(
            chrono::NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_time(chrono::NaiveTime::MIN),
        )
    };
    let heading = |y: i32, m: u32, d: u32| match months {
        false => day(y, m, d),
        true => CellValue::Month {
            date: chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            shown: format!("{m}月末"),
        },
    };
    let mut g = grid(
        "めあて",
        &[
            &["令和8年度　そよかぜ部　めあて"],
            &[],
            &[
                "No",
                "やること",
                "かかり",
                "とりかかり",
                "しあげ",
                "",
                "",
                "ひとこと",
            ],
            &[
                "1",
                "並木の手入れを増やす",
                "みどり課",
                "",
                "",
                "2回した。",
                "",
            ],
            &["2", "花壇を町内会と育てる", "みどり課", "", "", "", ""],
            &[
                "3",
                "公園の灯りを替える",
                "公園課",
                "",
                "",
                "半分替えた。",
                "",
            ],
        ],
    );
    g.set(2, 5, heading(2026, 9, 30));
    g.set(2, 6, heading(2027, 3, 31));
    for (r, m) in [(3, 4), (4, 5), (5, 6)] {
        g.set(r, 3, day(2026, m, 1));
        g.set(r, 4, day(2027, 3, 31));
    }
    let out = run("そよかぜ部_めあて.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "めあて!F4", false, "めあて!G4"),
            reported(false, "めあて!F5", false, "めあて!G5"),
            reported(true, "めあて!F6", false, "めあて!G6"),
        ]
    );
}

/// Report columns named by the month each report is made in (`10月報告`,
/// `4月報告`): the first the interim report (October follows September's
/// end), the second the year-end one (April follows the year's end).
#[test]
fn report_columns_named_by_the_month_they_are_made_in_are_read() {
    let g = grid(
        "めあて",
        &[
            &["令和8年度　そよかぜ部　めあて"],
            &[],
            &[
                "No",
                "やること",
                "かかり",
                "ものさし",
                "10月報告",
                "4月報告",
                "はんこ",
            ],
            &[
                "1",
                "並木の手入れを増やす",
                "みどり課",
                "年4回",
                "2回した。",
                "（４月に記入予定）",
                "済",
            ],
            &[
                "2",
                "花壇を町内会と育てる",
                "みどり課",
                "10か所",
                "",
                "",
                "",
            ],
            &[
                "3",
                "公園の灯りを替える",
                "公園課",
                "120基",
                "半分替えた。",
                "（４月に記入予定）",
                "済",
            ],
        ],
    );
    let out = run("そよかぜ部_めあて.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "めあて!E4", false, "めあて!F4"),
            reported(false, "めあて!E5", false, "めあて!F5"),
            reported(true, "めあて!E6", false, "めあて!F6"),
        ]
    );
}

/// Three rows an item: its plan, then a row after each half of the year,
/// named in a column of kinds in words the dictionary does not hold
/// (`やること予定` / `上半期をしめて` / `年度をしめて`: the year itself
/// taken as gone by is its end); the column of texts holds the plan on
/// the item's row and each report on its row.
#[test]
fn report_rows_after_a_plan_row_named_by_the_year_gone_by_are_read() {
    let mut g = grid(
        "めあて",
        &[
            &["令和8年度　そよかぜ部　めあて"],
            &[],
            &["番号", "取組", "担当課", "区分", "内容"],
            &[
                "1",
                "並木の手入れを増やす",
                "みどり課",
                "やること予定",
                "年4回に増やす。",
            ],
            &["", "", "", "上半期をしめて", "2回した。"],
            &["", "", "", "年度をしめて", ""],
            &[
                "2",
                "花壇を町内会と育てる",
                "みどり課",
                "やること予定",
                "10か所で育てる。",
            ],
            &["", "", "", "上半期をしめて", ""],
            &["", "", "", "年度をしめて", ""],
        ],
    );
    for c in 0..3 {
        merge(&mut g, 3, c, 5, c);
        merge(&mut g, 6, c, 8, c);
    }
    let out = run("そよかぜ部_めあて.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "めあて!E5", false, "めあて!E6"),
            reported(false, "めあて!E8", false, "めあて!E9"),
        ]
    );
}

/// Two groups under the same parts of the year (`報告内容` and `はんこ`
/// over 上半期 / 下半期): the one of written texts holds the reports, the
/// one putting a single word on every filled row (済) checks them off.
#[test]
fn a_column_putting_one_word_on_every_row_checks_off_and_does_not_report() {
    let mut g = grid(
        "めあて",
        &[
            &["令和8年度　そよかぜ部　めあて"],
            &[],
            &["No", "取組", "担当課", "指標", "報告内容", "", "はんこ", ""],
            &["", "", "", "", "上半期", "下半期", "上半期", "下半期"],
            &[
                "1",
                "並木の手入れを増やす",
                "みどり課",
                "手入れ 60本",
                "6月・9月に手入れ、計58本。",
                "",
                "済",
                "",
            ],
            &["2", "花壇を町内会と育てる", "みどり課", "花壇 週2日"],
            &[
                "3",
                "公園の灯りを替える",
                "公園課",
                "交換 10基",
                "7基を交換。",
                "",
                "済",
                "",
            ],
            &[
                "4",
                "落ち葉の回収を見直す",
                "公園課",
                "回収 400袋",
                "9月23日に回収、420袋。",
                "",
                "済",
                "",
            ],
            &[
                "5",
                "遊具の点検を増やす",
                "みどり課",
                "点検 40%",
                "点検 38.4%（目標40%）。",
            ],
        ],
    );
    for c in 0..4 {
        merge(&mut g, 2, c, 3, c);
    }
    merge(&mut g, 2, 4, 2, 5);
    merge(&mut g, 2, 6, 2, 7);
    let out = run("そよかぜ部_めあて.xlsx", &[g]);
    assert_eq!(
        reports_read(&out),
        [
            reported(true, "めあて!E5", false, "めあて!F5"),
            reported(false, "めあて!E6", false, "めあて!F6"),
            reported(true, "めあて!E7", false, "めあて!F7"),
            reported(true, "めあて!E8", false, "めあて!F8"),
            reported(true, "めあて!E9", false, "めあて!F9"),
        ]
    );
}
