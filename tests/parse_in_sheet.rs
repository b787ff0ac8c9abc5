//! What a person reads inside one sheet beyond one row per item, one
//! column per field: reports written as rows (区分 中間 / 期末), period words
//! in other forms, revised deadlines, department names inside longer ones,
//! tables that are no goals, total rows, dates shown coarser than stored,
//! two levels of one column, goals as bands across the table — on grids
//! written here, with words the dictionary mostly does not hold.

use std::path::Path;

use mokuhyo_core::grid::{CellValue, Grid};
use mokuhyo_core::interpret::{
    FieldDictionary, InterpretOptions, KnownDepartment, WorkbookOutcome, interpret_workbook,
};
use mokuhyo_core::model::{Confidence, Role, SheetReport};
use rstest::rstest;

use crate::common::grids::{grid, merge, read, read_with, s, status, titles};

fn outcome(file: &str, sheets: &[Grid], opts: &InterpretOptions) -> WorkbookOutcome {
    interpret_workbook(Path::new(file), sheets, &FieldDictionary::default(), opts)
}

/// Each item's title with its interim and year-end report as read.
fn reports(read: &[SheetReport]) -> Vec<(String, &'static str, &'static str)> {
    read.iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| {
            (
                i.title().to_string(),
                status(&i.interim),
                status(&i.year_end),
            )
        })
        .collect()
}

/// Each item's title with its deadline text and due dates as read.
fn deadlines(read: &[SheetReport]) -> Vec<(String, Option<String>, Vec<String>)> {
    read.iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| {
            (
                i.title().to_string(),
                i.deadline_text().map(str::to_string),
                i.due_dates()
                    .iter()
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .collect(),
            )
        })
        .collect()
}

/// Each item's goal title with the item's title.
fn goals_and_items(read: &[SheetReport]) -> Vec<(String, String)> {
    read.iter()
        .flat_map(|r| r.items())
        .map(|(g, i)| (g.title.clone(), s(i.title())))
        .collect()
}

fn rows(title: &str, a: &'static str, b: &'static str) -> (String, &'static str, &'static str) {
    (s(title), a, b)
}

// 4. Reports as rows: two rows per item, a column saying which part of the
//    year each row reports on, the item's own cells merged over the pair
//    (or written once with blanks below); a date beside a report is no
//    report.
#[rstest]
#[case::halves("中間", "期末", "取組状況", true)]
#[case::terms("上期", "下期", "実施状況", true)]
#[case::months("9月", "3月", "進み具合", true)]
#[case::written_once("前半", "後半", "報告内容", false)]
fn class_04_reports_written_as_rows_under_a_column_of_periods(
    #[case] first: &str,
    #[case] second: &str,
    #[case] report: &str,
    #[case] merged: bool,
) {
    let mut g = grid(
        "目標",
        &[
            &["令和8年度 総務部 重点目標"],
            &["No.", "やること", "いつまでに", "区分", report, "記入日"],
            &[
                "1",
                "窓口の電子化",
                "9月末まで",
                first,
                "素案を作成した。",
                "2026/10/5",
            ],
            &["", "", "", second, "", "2027/4/2"],
            &["2", "広報紙の刷新", "年度末", first, "", ""],
            &["", "", "", second, "紙面を刷新した。", "2027/4/2"],
            &[
                "3",
                "職員研修の充実",
                "12月",
                first,
                "研修を2回開いた。",
                "",
            ],
            &["", "", "", second, "", ""],
        ],
    );
    if merged {
        for first_row in [2, 4, 6] {
            for col in 0..3 {
                merge(&mut g, first_row, col, first_row + 1, col);
            }
        }
    }
    let r = read(&[g]);
    assert_eq!(
        reports(&r),
        [
            rows("窓口の電子化", "filled", "empty"),
            rows("広報紙の刷新", "empty", "filled"),
            rows("職員研修の充実", "filled", "empty"),
        ],
        "{:?}",
        r[0].reading.tables
    );
    let cells: Vec<String> = r[0]
        .items()
        .map(|(_, i)| {
            i.cells
                .year_end()
                .map(|c| c.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(cells, ["目標!E4", "目標!E6", "目標!E8"]);
    let period = r[0].reading.tables[0]
        .columns
        .iter()
        .find(|c| c.header == "区分")
        .map(|c| c.role);
    assert_eq!(period, Some(Role::ReportPeriod));
}

#[rstest]
#[case::plan_interim_final("計画", "中間", "期末", true)]
#[case::aim_halves("ねらい", "上期", "下期", true)]
#[case::intent_months_written_once("当初の構想", "9月", "3月", false)]
fn class_04_an_items_own_row_of_plan_above_its_rows_of_reports(
    #[case] plan: &str,
    #[case] first: &str,
    #[case] second: &str,
    #[case] merged: bool,
) {
    let mut g = grid(
        "目標",
        &[
            &["令和8年度 子育て部 重点目標"],
            &["番号", "とりくみ", "めど", "種別", "書くこと"],
            &[
                "1",
                "学童保育の拡充",
                "令和9年3月",
                plan,
                "定員を1割増やす。",
            ],
            &["", "", "", first, "業者の選定が遅れている。"],
            &["", "", "", second, ""],
            &[
                "2",
                "保育士の確保",
                "8月",
                plan,
                "説明会を開き採用を増やす。",
            ],
            &["", "", "", first, "7月に説明会を開いた。"],
            &["", "", "", second, "採用は12人だった。"],
            &[
                "3",
                "相談窓口の一本化",
                "R8.10",
                plan,
                "窓口を一つにまとめる。",
            ],
            &["", "", "", first, ""],
            &["", "", "", second, ""],
        ],
    );
    if merged {
        for first_row in [2, 5, 8] {
            for col in 0..3 {
                merge(&mut g, first_row, col, first_row + 2, col);
            }
        }
    }
    let r = read(&[g]);
    assert_eq!(
        reports(&r),
        [
            rows("学童保育の拡充", "filled", "empty"),
            rows("保育士の確保", "filled", "filled"),
            rows("相談窓口の一本化", "empty", "empty"),
        ],
        "{:?}",
        r[0].reading.tables
    );
    let cells =
        |of: fn(&mokuhyo_core::model::ItemCells) -> Option<mokuhyo_core::model::CellRef>| {
            r[0].items()
                .map(|(_, i)| of(&i.cells).map(|c| c.to_string()).unwrap_or_default())
                .collect::<Vec<_>>()
        };
    assert_eq!(cells(|c| c.interim()), ["目標!E4", "目標!E7", "目標!E10"]);
    assert_eq!(cells(|c| c.year_end()), ["目標!E5", "目標!E8", "目標!E11"]);
}

// 4b. A column of fiscal years: each row is an item of the year it names,
//     its deadline read in that year (年度末 on a R8 row is 31 March 2027,
//     not the end of the title's first year).
#[rstest]
#[case::era_letters(["R7", "R8", "R9"], true)]
#[case::era_years(["令和7年度", "令和8年度", "令和9年度"], true)]
#[case::western_written_once(["2025年度", "2026年度", "2027年度"], false)]
fn class_04_a_column_of_years_makes_each_row_an_item_of_its_year(
    #[case] years: [&str; 3],
    #[case] merged: bool,
) {
    let mut g = grid(
        "計画",
        &[
            &["まちづくり部 三か年の歩み（令和7年度～令和9年度）"],
            &[
                "番号",
                "手がけること",
                "いつの分",
                "その年のねらい",
                "しめきり",
                "半ばの手応え",
                "締めの手応え",
            ],
            &[
                "1",
                "広場の再整備",
                years[0],
                "基本設計",
                "年度末",
                "設計者を選んだ。",
                "設計を終えた。",
            ],
            &["", "", years[1], "実施設計", "年度末", "", ""],
            &["", "", years[2], "工事に着手", "9月末", "", ""],
            &[
                "2",
                "遊具の更新",
                years[0],
                "10公園",
                "9月末",
                "5公園を終えた。",
                "10公園を終えた。",
            ],
            &["", "", years[1], "12公園", "R9.2", "6公園を終えた。", ""],
            &["", "", years[2], "8公園", "9月末", "", ""],
        ],
    );
    if merged {
        for first_row in [2, 5] {
            for col in 0..2 {
                merge(&mut g, first_row, col, first_row + 2, col);
            }
        }
    }
    let r = read_with("三か年計画.xlsx", &[g], &InterpretOptions::default());
    let of_year = |year: i32| -> Vec<(String, Vec<String>, &'static str, &'static str)> {
        r.iter()
            .filter(|s| s.fiscal_year.0 == year)
            .flat_map(|s| s.items())
            .map(|(_, i)| {
                (
                    i.deadline_text().unwrap_or_default().to_string(),
                    i.due_dates()
                        .iter()
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .collect(),
                    status(&i.interim),
                    status(&i.year_end),
                )
            })
            .collect()
    };
    let row = |deadline: &str, due: &str, a: &'static str, b: &'static str| {
        (s(deadline), vec![s(due)], a, b)
    };
    assert_eq!(
        of_year(2026),
        [
            row("年度末", "2027-03-31", "empty", "empty"),
            row("R9.2", "2027-02-28", "filled", "empty"),
        ],
        "{r:#?}"
    );
    assert_eq!(
        of_year(2025),
        [
            row("年度末", "2026-03-31", "filled", "filled"),
            row("9月末", "2025-09-30", "filled", "filled"),
        ]
    );
    assert_eq!(
        of_year(2027),
        [
            row("9月末", "2027-09-30", "empty", "empty"),
            row("9月末", "2027-09-30", "empty", "empty"),
        ]
    );
    // The empty report of a 令和8年度 row is asked for in its own cell.
    let cell = r
        .iter()
        .filter(|s| s.fiscal_year.0 == 2026)
        .flat_map(|s| s.items())
        .map(|(_, i)| i.cells.interim().map(|c| c.to_string()))
        .next()
        .flatten();
    assert_eq!(cell.as_deref(), Some("計画!F4"));
}

#[test]
fn class_04_a_row_of_last_year_in_an_export_is_last_years_item() {
    let r = read(&[grid(
        "書き出し",
        &[
            &[
                "年度",
                "課",
                "やること",
                "めど",
                "上期のようす",
                "通年のようす",
            ],
            &["令和8年度", "環境課", "ごみ減量の啓発", "12月", "", ""],
            &[
                "令和7年度",
                "環境課",
                "レジ袋削減の呼びかけ",
                "3月",
                "呼びかけた。",
                "減った。",
            ],
            &[
                "令和8年度",
                "環境課",
                "公園の清掃活動",
                "年度末",
                "2回行った。",
                "",
            ],
        ],
    )]);
    let titles_of = |year: i32| -> Vec<String> {
        r.iter()
            .filter(|s| s.fiscal_year.0 == year)
            .flat_map(|s| s.items())
            .map(|(_, i)| i.title().to_string())
            .collect()
    };
    assert_eq!(
        titles_of(2026),
        ["ごみ減量の啓発", "公園の清掃活動"],
        "{r:#?}"
    );
    assert_eq!(titles_of(2025), ["レジ袋削減の呼びかけ"]);
}

// 4c. A system's export names each row's year as a number (2025, 2026)
//     under a heading of 年度: each row is an item of that year. The same
//     numbers under a heading naming no year are no years: the rows stay
//     the sheet's.
const EARLIER: &[&str] = &["防災訓練の実施", "備蓄倉庫の点検"];
const LATER: &[&str] = &["地区防災計画の支援", "防災アプリの更新"];
const ALL: &[&str] = &[
    "防災訓練の実施",
    "備蓄倉庫の点検",
    "地区防災計画の支援",
    "防災アプリの更新",
];

#[rstest]
#[case::headed_for_years("対象となる年度", 2025.0, &[(2025, EARLIER), (2026, LATER)])]
#[case::headed_otherwise("予算コード", 2025.0, &[(2026, ALL)])]
fn class_04_years_as_numbers_under_a_heading_of_years(
    #[case] heading: &str,
    #[case] first_rows: f64,
    #[case] expected: &[(i32, &[&str])],
) {
    let mut g = grid(
        "export",
        &[
            &[
                "整理番号",
                heading,
                "やること",
                "おしまい予定",
                "上期のできばえ",
            ],
            &["A-01", "", "防災訓練の実施", "2025/11/30", "実施した。"],
            &["A-02", "", "備蓄倉庫の点検", "2026/03/31", "点検した。"],
            &[
                "B-01",
                "",
                "地区防災計画の支援",
                "2027/03/31",
                "説明会を開いた。",
            ],
            &["B-02", "", "防災アプリの更新", "2026/12/31", ""],
        ],
    );
    for (row, n) in (1..).zip([first_rows, first_rows, 2026.0, 2026.0]) {
        g.set(row, 1, CellValue::Number(n));
    }
    let r = read_with("防災課_進行管理_R8.csv", &[g], &InterpretOptions::default());
    let by_year: Vec<(i32, Vec<String>)> = r
        .iter()
        .map(|rep| {
            (
                rep.fiscal_year.0,
                rep.items().map(|(_, i)| s(i.title())).collect(),
            )
        })
        .collect();
    let expected: Vec<(i32, Vec<String>)> = expected
        .iter()
        .map(|(y, titles)| (*y, titles.iter().map(|t| s(t)).collect()))
        .collect();
    assert_eq!(
        by_year,
        expected,
        "{:?}",
        r.iter().map(|rep| &rep.reading.tables).collect::<Vec<_>>()
    );
}

// 5. Period words in other forms: English and abbreviated halves,
//    人事評価's 期首 / 期中 / 期末, PDCA's check and act columns.
#[rstest]
#[case::english_halves(&["Action", "Due", "1st half", "2nd half"])]
#[case::english_months(&["Action", "Due", "Progress (Sep)", "Progress (Mar)"])]
#[case::interim_and_final(&["Action", "Due", "Interim", "Final"])]
#[case::appraisal(&["取組", "期首（計画）", "期中レビュー", "期末レビュー"])]
#[case::casual(&["取組", "いつまで", "前半のふりかえり", "1年のふりかえり"])]
#[case::terms(&["取組", "めど", "上期実績", "下期実績"])]
fn class_05_period_words_in_other_forms_place_the_reports(#[case] header: &[&str]) {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            header,
            &["窓口の電子化", "9月末まで", "素案を作成した。", ""],
            &["広報紙の刷新", "年度末", "", "紙面を刷新した。"],
            &[
                "職員研修の充実",
                "12月",
                "研修を2回開いた。",
                "研修を4回開いた。",
            ],
        ],
    )]);
    assert_eq!(
        reports(&r),
        [
            rows("窓口の電子化", "filled", "empty"),
            rows("広報紙の刷新", "empty", "filled"),
            rows("職員研修の充実", "filled", "filled"),
        ],
        "{:?}",
        r[0].reading.tables
    );
}

#[test]
fn class_05_pdca_check_is_the_interim_report_and_act_the_year_end_one() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 PDCAシート"],
            &["P（計画）", "D（実行）", "C（評価）", "A（改善）"],
            &["窓口の電子化", "申請様式を見直す", "素案を作成した。", ""],
            &[
                "広報紙の刷新",
                "紙面構成を変える",
                "",
                "次年度は配布方法を見直す。",
            ],
            &[
                "職員研修の充実",
                "研修を増やす",
                "研修を2回開いた。",
                "受講者を増やす。",
            ],
        ],
    )]);
    assert_eq!(
        reports(&r),
        [
            rows("窓口の電子化", "filled", "empty"),
            rows("広報紙の刷新", "empty", "filled"),
            rows("職員研修の充実", "filled", "filled"),
        ],
        "{:?}",
        r[0].reading.tables
    );
}

#[rstest]
#[case::worded(["取組", "P 計画（目標）"])]
#[case::unworded(["やること", "P（めざす姿）"])]
fn class_05_pdca_after_a_column_of_items_reads_the_plan_as_their_target(#[case] heads: [&str; 2]) {
    let [items, plan] = heads;
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 PDCAシート"],
            &[items, plan, "D 実行", "C 点検", "A 見直し", "期限"],
            &[
                "窓口の電子化",
                "申請の半分を電子化",
                "様式を見直す",
                "素案を作成した。",
                "",
                "9月",
            ],
            &[
                "広報紙の刷新",
                "読者満足度80%",
                "紙面構成を変える",
                "",
                "紙面を刷新した。",
                "3月",
            ],
            &[
                "職員研修の充実",
                "受講者200人",
                "研修を増やす",
                "研修を2回開いた。",
                "研修を4回開いた。",
                "12月",
            ],
        ],
    )]);
    assert_eq!(
        reports(&r),
        [
            rows("窓口の電子化", "filled", "empty"),
            rows("広報紙の刷新", "empty", "filled"),
            rows("職員研修の充実", "filled", "filled"),
        ],
        "{:?}",
        r[0].reading.tables
    );
}

//    A PDCA step whose header names a part of the year is read by it.
#[test]
fn class_05_pdca_steps_naming_their_period_are_read_by_it() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 PDCAシート"],
            &[
                "取組",
                "P 計画",
                "D 実行（前半の様子）",
                "C 評価（年度末）",
                "A 改善（次年度へ）",
            ],
            &[
                "窓口の電子化",
                "申請の半分",
                "素案を作成した。",
                "",
                "様式を増やす。",
            ],
            &[
                "広報紙の刷新",
                "満足度80%",
                "",
                "紙面を刷新した。",
                "配布先を見直す。",
            ],
            &[
                "職員研修の充実",
                "受講者200人",
                "研修を2回開いた。",
                "研修を4回開いた。",
                "",
            ],
        ],
    )]);
    assert_eq!(
        reports(&r),
        [
            rows("窓口の電子化", "filled", "empty"),
            rows("広報紙の刷新", "empty", "filled"),
            rows("職員研修の充実", "filled", "filled"),
        ],
        "{:?}",
        r[0].reading.tables
    );
}

//    A column after the interim report telling of what was done, under a
//    header no dictionary holds, is the year-end report.
#[test]
fn class_05_reports_of_what_was_done_after_the_interim_one_are_the_year_end_report() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &[
                "No",
                "やること",
                "めど",
                "ねらい",
                "半年たって",
                "一年を終えて",
                "担当",
            ],
            &[
                "1",
                "窓口の電子化",
                "9月末まで",
                "待ち時間の短縮",
                "素案を作成した。",
                "全課で運用を始めた。",
                "市民課",
            ],
            &[
                "2",
                "広報紙の刷新",
                "年度末",
                "読者の増加",
                "",
                "紙面を刷新した。（達成度A）",
                "広報課",
            ],
            &[
                "3",
                "職員研修の充実",
                "12月",
                "受講者200人",
                "研修を2回開いた。",
                "一部は次年度に持ち越す。",
                "人事課",
            ],
            &[
                "4",
                "名簿の整理",
                "6月",
                "名簿の一元化",
                "着手した。",
                "",
                "総務課",
            ],
        ],
    )]);
    assert_eq!(
        reports(&r),
        [
            rows("窓口の電子化", "filled", "filled"),
            rows("広報紙の刷新", "empty", "filled"),
            rows("職員研修の充実", "filled", "filled"),
            rows("名簿の整理", "filled", "empty"),
        ],
        "{:?}",
        r[0].reading.tables
    );
}

#[test]
fn class_05_a_heading_across_the_table_is_a_goal_beside_another_table() {
    let mut g = grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組", "期限", "上期", "下期", "", "関連事業", "予算"],
            &["《柱1》窓口の改革", "", "", "", "", "窓口改修事業", "1200"],
            &[
                "窓口の電子化",
                "9月",
                "素案を作成した。",
                "",
                "",
                "研修事業",
                "300",
            ],
            &["《柱2》人材の育成", "", "", "", "", "計", "1500"],
            &[
                "職員研修の充実",
                "12月",
                "研修を2回開いた。",
                "研修を4回開いた。",
            ],
        ],
    );
    merge(&mut g, 2, 0, 2, 3);
    merge(&mut g, 4, 0, 4, 3);
    let r = read(&[g]);
    assert_eq!(titles(&r), ["窓口の電子化", "職員研修の充実"]);
    let goals: Vec<&str> = r[0].goals.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(goals.len(), 2, "{goals:?}");
    assert!(goals[0].ends_with("窓口の改革") && goals[1].ends_with("人材の育成"));
}

//    A status chosen from a drop-down beside a report's text is a status,
//    not the report; alone, it is the report.
#[rstest]
#[case::japanese(["未着手", "実施中", "完了"])]
#[case::english(["Not started", "On track", "Done"])]
fn class_05_a_status_beside_a_report_text_is_no_report(#[case] statuses: [&str; 3]) {
    let [a, b, c] = statuses;
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &[
                "取組",
                "期限",
                "状況（9月）",
                "報告（9月）",
                "状況（3月）",
                "報告（3月）",
            ],
            &["窓口の電子化", "9月末まで", b, "素案を作成した。", a, ""],
            &["広報紙の刷新", "年度末", a, "", c, "紙面を刷新した。"],
            &["職員研修の充実", "12月", b, "", b, ""],
            &[
                "庁舎照明のLED化",
                "通年",
                c,
                "交換を終えた。",
                c,
                "全館で完了した。",
            ],
        ],
    )]);
    let columns: Vec<Role> = r[0].reading.tables[0]
        .columns
        .iter()
        .map(|c| c.role)
        .collect();
    assert_eq!(
        columns,
        [
            Role::Item,
            Role::Deadline,
            Role::Extra,
            Role::Interim,
            Role::Extra,
            Role::YearEnd
        ]
    );
    assert_eq!(
        reports(&r),
        [
            rows("窓口の電子化", "filled", "empty"),
            rows("広報紙の刷新", "empty", "filled"),
            rows("職員研修の充実", "empty", "empty"),
            rows("庁舎照明のLED化", "filled", "filled"),
        ]
    );
    // Alone, the statuses are the reports.
    let alone = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組", "期限", "状況（9月）", "状況（3月）"],
            &["窓口の電子化", "9月末まで", b, ""],
            &["広報紙の刷新", "年度末", a, c],
            &["職員研修の充実", "12月", "", ""],
        ],
    )]);
    assert_eq!(
        reports(&alone),
        [
            rows("窓口の電子化", "filled", "empty"),
            rows("広報紙の刷新", "filled", "filled"),
            rows("職員研修の充実", "empty", "empty"),
        ]
    );
}

//    An achievement or a grade column headed by an abbreviation or a
//    question is known by what it holds.
#[test]
fn class_05_achievement_and_grades_under_a_question_are_known_by_content() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組", "期限", "年度末の報告", "どこまで？", "自己採点は？"],
            &["窓口の電子化", "9月末まで", "完了した。", "100%", "A"],
            &["広報紙の刷新", "年度末", "刷新した。", "80%", "B"],
            &["職員研修の充実", "12月", "", "50%", "C"],
        ],
    )]);
    let columns: Vec<Role> = r[0].reading.tables[0]
        .columns
        .iter()
        .map(|c| c.role)
        .collect();
    assert_eq!(
        columns,
        [
            Role::Item,
            Role::Deadline,
            Role::YearEnd,
            Role::Achievement,
            Role::SelfAssessment
        ]
    );
    let rates: Vec<Option<f64>> = r[0].items().map(|(_, i)| i.achievement).collect();
    assert_eq!(rates, [Some(1.0), Some(0.8), Some(0.5)]);
}

// 6. Revised deadlines: the later column, where filled, is the deadline;
//    the first stays with the item as what was planned, never a due date.
#[rstest]
#[case::revised("当初期限", "変更後期限")]
#[case::reviewed("当初の予定", "見直し後")]
#[case::postponed("予定時期", "延期後")]
fn class_06_a_revised_deadline_column_wins_where_filled(#[case] first: &str, #[case] later: &str) {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組", first, later, "中間報告"],
            &["窓口の電子化", "9月末", "12月末", "遅れている。"],
            &["広報紙の刷新", "年度末", "", ""],
            &["職員研修の充実", "7月", "10月", "研修を2回開いた。"],
        ],
    )]);
    assert_eq!(
        deadlines(&r),
        [
            (s("窓口の電子化"), Some(s("12月末")), vec![s("2026-12-31")]),
            (s("広報紙の刷新"), Some(s("年度末")), vec![s("2027-03-31")]),
            (s("職員研修の充実"), Some(s("10月")), vec![s("2026-10-31")]),
        ],
        "{:?}",
        r[0].reading.tables
    );
    let first_kept: Vec<Option<String>> = r[0]
        .items()
        .map(|(_, i)| {
            i.extras
                .iter()
                .find(|e| e.header.as_str() == first)
                .map(|e| e.text.to_string())
        })
        .collect();
    assert_eq!(first_kept, [Some(s("9月末")), None, Some(s("7月"))]);
}

// 6. A column of the dates the reports were written (記入日, 中間報告日)
//    beside the deadline is no revised deadline: the deadline stays.
#[rstest]
#[case::written("記入日")]
#[case::interim_written("中間報告日")]
#[case::updated("最終更新日")]
fn class_06_a_column_of_entry_dates_is_no_revised_deadline(#[case] written: &str) {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組", "期限", "中間報告", written],
            &["窓口の電子化", "12月末", "遅れている。", "2026/10/07"],
            &["広報紙の刷新", "年度末", "", ""],
            &["職員研修の充実", "7月", "研修を2回開いた。", "2026/10/05"],
        ],
    )]);
    assert_eq!(
        deadlines(&r),
        [
            (s("窓口の電子化"), Some(s("12月末")), vec![s("2026-12-31")]),
            (s("広報紙の刷新"), Some(s("年度末")), vec![s("2027-03-31")]),
            (s("職員研修の充実"), Some(s("7月")), vec![s("2026-07-31")]),
        ],
        "{:?}",
        r[0].reading.tables
    );
}

// 6. A column of comments after each report, one of which names a time in
//    a sentence (年度末にアンケート予定), revises no deadline: the deadline
//    column stays, its 随時 too.
#[test]
fn class_06_a_comment_beside_an_ongoing_deadline_is_no_revised_deadline() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 議会事務局 目標"],
            &[
                "No",
                "取組",
                "期限",
                "上期",
                "係長のつぶやき",
                "下期",
                "係長のつぶやき",
            ],
            &[
                "1",
                "議会のペーパーレス化",
                "12月議会まで",
                "端末を調達した。",
                "本格運用は12月から",
                "",
                "",
            ],
            &[
                "2",
                "議会報告会の開催",
                "R8.8",
                "4会場で開催した。",
                "",
                "報告書を掲載した。",
                "",
            ],
            &[
                "3",
                "議会だよりの紙面刷新",
                "随時",
                "11月号から刷新した。",
                "",
                "",
                "年度末にアンケート予定",
            ],
        ],
    )]);
    assert_eq!(
        deadlines(&r),
        [
            (
                s("議会のペーパーレス化"),
                Some(s("12月議会まで")),
                vec![s("2026-12-31")]
            ),
            (
                s("議会報告会の開催"),
                Some(s("R8.8")),
                vec![s("2026-08-31")]
            ),
            (s("議会だよりの紙面刷新"), Some(s("随時")), vec![]),
        ],
        "{:?}",
        r[0].reading.tables
    );
}

// 8. Department names: the longest whole name written wins over a
//    configured name inside it; a bracketed note is no part of the name;
//    names not ending in 部 are departments where the sheet says so.
fn known(names: &[&str]) -> Vec<KnownDepartment> {
    names
        .iter()
        .map(|n| KnownDepartment {
            name: s(n),
            aliases: Vec::new(),
        })
        .collect()
}

fn department_of(title: &str, label: Option<&str>, configured: &[&str]) -> String {
    let title = [title];
    let mut rows: Vec<&[&str]> = vec![&title, &[]];
    let labelled: [&str; 2];
    if let Some(value) = label {
        labelled = ["部局名", value];
        rows.push(&labelled);
        rows.push(&[]);
    }
    rows.extend::<[&[&str]; 3]>([
        &["取組", "期限", "中間報告"],
        &["窓口の電子化", "9月末まで", "着手した。"],
        &["広報紙の刷新", "年度末", ""],
    ]);
    let opts = InterpretOptions {
        known_departments: known(configured),
        ..InterpretOptions::default()
    };
    let r = read_with("令和8年度_目標.xlsx", &[grid("目標", &rows)], &opts);
    r[0].department.clone()
}

#[rstest]
#[case::inside_a_longer_name("令和8年度 生活環境部 重点目標", None, &["環境部"], "生活環境部")]
#[case::configured_whole("令和8年度 環境部 重点目標", None, &["環境部"], "環境部")]
#[case::division_after_department("令和8年度 総務部会計課 重点目標", None, &["総務部", "会計課"], "会計課")]
#[case::note_in_title("令和8年度 水道局（総務課とりまとめ） 重点目標", None, &["総務課"], "水道局")]
#[case::note_in_label("令和8年度 重点目標", Some("水道局（総務課とりまとめ）"), &[], "水道局")]
#[case::committee("令和8年度 農業委員会 重点目標", None, &[], "農業委員会")]
#[case::secretariat_label("令和8年度 重点目標", Some("議会事務局"), &[], "議会事務局")]
#[case::division_label("令和8年度 重点目標", Some("会計課"), &[], "会計課")]
fn class_08_department_names(
    #[case] title: &str,
    #[case] label: Option<&str>,
    #[case] configured: &[&str],
    #[case] department: &str,
) {
    assert_eq!(department_of(title, label, configured), department);
}

#[test]
fn class_08_a_department_column_names_units_not_ending_in_bu() {
    let r = read(&[grid(
        "全庁",
        &[
            &["令和8年度 全庁重点取組"],
            &["部局", "取組", "期限", "中間報告"],
            &["総務部", "窓口の電子化", "9月末まで", "着手した。"],
            &["議会事務局", "会議録の電子化", "年度末", ""],
            &["会計課", "電子決裁の導入", "12月", ""],
            &["選挙管理委員会", "投票所の見直し", "年度末", ""],
            &[
                "水道局（総務課とりまとめ）",
                "料金の口座振替推進",
                "年度末",
                "",
            ],
        ],
    )]);
    let mut departments: Vec<(String, String)> = r
        .iter()
        .flat_map(|rep| {
            rep.items()
                .map(|(_, i)| (rep.department.clone(), s(i.title())))
        })
        .collect();
    departments.sort();
    assert_eq!(
        departments,
        [
            (s("会計課"), s("電子決裁の導入")),
            (s("水道局"), s("料金の口座振替推進")),
            (s("総務部"), s("窓口の電子化")),
            (s("議会事務局"), s("会議録の電子化")),
            (s("選挙管理委員会"), s("投票所の見直し")),
        ]
    );
}

// 9. Tables that are no goals: a budget table, a tally, a staff list —
//    no deadline, report, achievement or owner to tell of items — are no
//    action items, beside a goal table or alone; read as one, never 高.
fn budget() -> Vec<Vec<&'static str>> {
    vec![
        vec!["事業名", "R7予算額", "R8予算額", "前年度比", "増減"],
        vec!["窓口の電子化", "12,000", "15,000", "125%", "3,000"],
        vec!["広報紙の刷新", "8,000", "7,200", "90%", "-800"],
        vec!["職員研修の充実", "3,000", "3,000", "100%", "0"],
    ]
}

/// A budget list that names who holds each line and notes beside the
/// figures, under headers no dictionary holds.
fn budget_owned() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "No",
            "事業名",
            "当初額",
            "前回額",
            "差",
            "伸び",
            "担当課",
            "摘要",
        ],
        vec![
            "1",
            "窓口の電子化",
            "12,000",
            "15,000",
            "-3,000",
            "80.0%",
            "市民課",
            "端末更新を含む",
        ],
        vec![
            "2",
            "広報紙の刷新",
            "8,000",
            "7,200",
            "800",
            "111.1%",
            "広報課",
            "",
        ],
        vec![
            "3",
            "職員研修の充実",
            "3,000",
            "3,000",
            "0",
            "100.0%",
            "人事課",
            "講師謝礼 10月まで",
        ],
    ]
}

/// A budget list whose lines are grouped left of their names (款 | 項).
fn budget_grouped() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "款",
            "項",
            "事業名",
            "今年度額",
            "前年度額",
            "差",
            "所管課",
            "摘要",
        ],
        vec![
            "総務費",
            "総務管理費",
            "窓口の電子化",
            "12,000",
            "15,000",
            "-3,000",
            "市民課",
            "9月補正予定",
        ],
        vec![
            "総務費",
            "総務管理費",
            "広報紙の刷新",
            "8,000",
            "7,200",
            "800",
            "広報課",
            "",
        ],
        vec![
            "民生費",
            "社会福祉費",
            "職員研修の充実",
            "3,000",
            "3,000",
            "0",
            "人事課",
            "",
        ],
    ]
}

fn tally() -> Vec<Vec<&'static str>> {
    vec![
        vec!["区分", "件数", "前年比", "構成比"],
        vec!["窓口での申請", "1,200", "95%", "60%"],
        vec!["電子申請", "800", "130%", "40%"],
    ]
}

fn staff() -> Vec<Vec<&'static str>> {
    vec![
        vec!["氏名", "所属", "担当業務", "内線"],
        vec!["山田 太郎", "総務課", "文書の管理", "2101"],
        vec!["佐藤 花子", "人事課", "職員の研修", "2205"],
        vec!["鈴木 一郎", "財政課", "予算の編成", "2301"],
    ]
}

fn sheet_of(title: &str, table: &[Vec<&str>]) -> Grid {
    let mut rows: Vec<Vec<&str>> = vec![vec![title], vec![]];
    rows.extend(table.iter().cloned());
    let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    grid("Sheet1", &refs)
}

#[rstest]
#[case::budget(budget())]
#[case::budget_owned(budget_owned())]
#[case::budget_grouped(budget_grouped())]
#[case::tally(tally())]
#[case::staff(staff())]
fn class_09_a_table_of_no_goals_alone_gives_no_items(#[case] table: Vec<Vec<&'static str>>) {
    let out = outcome(
        "令和8年度_総務部_資料.xlsx",
        &[sheet_of("令和8年度 総務部", &table)],
        &InterpretOptions::default(),
    );
    let items: usize = out.reports().iter().map(|r| r.items().count()).sum();
    let high = out
        .reports()
        .iter()
        .flat_map(|r| &r.reading.tables)
        .any(|t| t.confidence == Confidence::High);
    assert!(items == 0 && !high, "{out:?}");
}

#[rstest]
#[case::budget(budget())]
#[case::budget_owned(budget_owned())]
#[case::budget_grouped(budget_grouped())]
#[case::tally(tally())]
#[case::staff(staff())]
fn class_09_a_table_of_no_goals_below_a_goal_table_gives_no_items(
    #[case] table: Vec<Vec<&'static str>>,
) {
    let mut rows: Vec<Vec<&str>> = vec![
        vec!["令和8年度 総務部 重点目標"],
        vec![],
        vec!["取組", "期限", "中間報告"],
        vec!["庁舎照明のLED化", "9月末まで", "着手した。"],
        vec!["電子申請の拡充", "年度末", ""],
        vec![],
        vec!["（参考）"],
    ];
    rows.extend(table.iter().cloned());
    let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let r = read(&[grid("目標", &refs)]);
    assert_eq!(titles(&r), [s("庁舎照明のLED化"), s("電子申請の拡充")]);
}

// 10. A row that totals the table is no item; rows hidden on the sheet are
//     items as any (see read_workbooks for hidden rows in a file).
#[rstest]
#[case::total_word("合計")]
#[case::short_word("計")]
#[case::sum_only("")]
#[case::unknown_word("ぜんぶ")]
fn class_10_a_total_row_is_no_item(#[case] label: &str) {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 重点目標"],
            &[
                "No.",
                "取組",
                "期限",
                "ウエイト",
                "予算（千円）",
                "中間報告",
            ],
            &[
                "1",
                "窓口の電子化",
                "9月末まで",
                "40",
                "1,200",
                "着手した。",
            ],
            &["2", "広報紙の刷新", "年度末", "35", "800", ""],
            &["3", "職員研修の充実", "12月", "25", "300", ""],
            &["", label, "", "100", "2,300", ""],
        ],
    )]);
    assert_eq!(
        titles(&r),
        [s("窓口の電子化"), s("広報紙の刷新"), s("職員研修の充実")]
    );
}

// 11. Dates shown coarser than stored, and deadline texts in other forms.
#[test]
fn class_11_a_date_shown_as_a_month_is_due_at_its_end() {
    let mut g = grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組", "期限", "中間報告"],
            &["窓口の電子化", "", "着手した。"],
            &["広報紙の刷新", "", ""],
        ],
    );
    g.set(
        2,
        1,
        CellValue::Month {
            date: chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            shown: s("令和8年9月"),
        },
    );
    g.set(
        3,
        1,
        CellValue::Month {
            date: chrono::NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(),
            shown: s("2027/02"),
        },
    );
    assert_eq!(
        deadlines(&read(&[g])),
        [
            (
                s("窓口の電子化"),
                Some(s("令和8年9月")),
                vec![s("2026-09-30")]
            ),
            (s("広報紙の刷新"), Some(s("2027/02")), vec![s("2027-02-28")]),
        ]
    );
}

#[rstest]
#[case::fiscal_year_without_era("8年度末", "2027-03-31")]
#[case::fiscal_year_within("8年度中", "2027-03-31")]
#[case::era_letter_and_month("R8年12月", "2026-12-31")]
#[case::era_letter_slash("R8/12", "2026-12-31")]
#[case::era_kanji_abbreviated("令8.12", "2026-12-31")]
#[case::quarter_code("2026Q3", "2026-12-31")]
#[case::fiscal_quarter_code("FY2026 Q4", "2027-03-31")]
#[case::fiscal_year_quarter("R8第3四半期", "2026-12-31")]
#[case::year_month_numerals("2026年10月", "2026-10-31")]
#[case::about_after_part_of_month("11月中旬頃", "2026-11-20")]
#[case::about_after_month_end("9月末ごろ", "2026-09-30")]
#[case::aim_after_part_of_month("10月下旬目途", "2026-10-31")]
#[case::council_session("12月定例会", "2026-12-31")]
#[case::council_numbered("第4回定例会", "2026-12-31")]
#[case::council_submission("3月議会に上程", "2027-03-31")]
#[case::full_width("令和８年１２月末", "2026-12-31")]
#[case::full_width_era_letter("Ｒ８．１２", "2026-12-31")]
#[case::full_width_western("２０２６年１１月", "2026-11-30")]
fn class_11_deadline_texts_in_other_forms(#[case] text: &str, #[case] due: &str) {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組", "期限", "中間報告"],
            &["窓口の電子化", text, "着手した。"],
            &["広報紙の刷新", "年度末", ""],
        ],
    )]);
    assert_eq!(deadlines(&r)[0].2, [s(due)], "{text}");
}

// 12. Items written across two levels of one column; goals as bands merged
//     across the table; report sheets numbered in other widths and dashes.
#[rstest]
#[case::brackets(["1", "(1)", "(2)", "2", "(1)"], false)]
#[case::codes(["1", "1-1", "1-2", "2", "2-1"], false)]
#[case::circled(["１", "①", "②", "２", "①"], false)]
#[case::weighted_brackets(["1", "(1)", "(2)", "2", "(1)"], true)]
#[case::weighted_codes(["1", "1-1", "1-2", "2", "2-1"], true)]
fn class_12_goal_rows_numbered_one_way_over_item_rows_numbered_another(
    #[case] numbers: [&str; 5],
    #[case] weighted: bool,
) {
    let [g1, i1, i2, g2, i3] = numbers;
    // A column no dictionary names (配点) filled on the goal rows as well,
    // as a weight given to each goal and shared among its items.
    let w = |goal: &'static str, item: &'static str| if weighted { [goal, item] } else { ["", ""] };
    let ([w1, w11], [w2, w21]) = (w("60", "30"), w("40", "40"));
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 重点目標"],
            &["No.", "取組", "配点", "期限", "中間報告"],
            &[g1, "窓口サービスの向上", w1, "", ""],
            &[i1, "窓口の電子化", w11, "9月末まで", "着手した。"],
            &[i2, "広報紙の刷新", w11, "年度末", ""],
            &[g2, "職員の育成", w2, "", ""],
            &[i3, "職員研修の充実", w21, "12月", ""],
        ],
    )]);
    let goals = goals_and_items(&r);
    assert_eq!(
        goals,
        [
            (s("窓口サービスの向上"), s("窓口の電子化")),
            (s("窓口サービスの向上"), s("広報紙の刷新")),
            (s("職員の育成"), s("職員研修の充実")),
        ]
    );
}

#[rstest]
#[case::codes(["1", "1-1", "1-1-1", "1-1-2", "1-2", "1-2-1", "2", "2-1", "2-1-1"])]
#[case::brackets_and_circles(["1", "(1)", "①", "②", "(2)", "①", "2", "(1)", "①"])]
fn class_12_headings_over_headings_give_no_items(#[case] numbers: [&str; 9]) {
    let rows: Vec<[&str; 4]> = vec![
        [numbers[0], "災害に強い体制", "", ""],
        [numbers[1], "初動の強化", "", ""],
        [numbers[2], "参集アプリの導入", "令和8年9月", "運用した。"],
        [numbers[3], "手引の改訂", "令和9年1月", ""],
        [numbers[4], "避難所の改善", "", ""],
        [numbers[5], "備蓄の拡充", "令和8年12月", ""],
        [numbers[6], "防災意識の向上", "", ""],
        [numbers[7], "啓発の充実", "", ""],
        [numbers[8], "地図の全戸配布", "令和8年6月", "配った。"],
    ];
    let mut cells: Vec<&[&str]> = vec![
        &["令和8年度 危機対策室 重点目標"],
        &["番号", "目あて・手だて", "しめきり", "半ばの報告"],
    ];
    cells.extend(rows.iter().map(|r| &r[..]));
    let r = read(&[grid("目標", &cells)]);
    let goals = goals_and_items(&r);
    assert_eq!(
        goals,
        [
            (s("初動の強化"), s("参集アプリの導入")),
            (s("初動の強化"), s("手引の改訂")),
            (s("避難所の改善"), s("備蓄の拡充")),
            (s("啓発の充実"), s("地図の全戸配布")),
        ],
        "{r:#?}"
    );
    let goal_titles: Vec<&str> = r
        .iter()
        .flat_map(|rep| &rep.goals)
        .map(|g| g.title.as_str())
        .collect();
    assert_eq!(goal_titles, ["初動の強化", "避難所の改善", "啓発の充実"]);
}

/// A report kept as a sheet per quarter (第1四半期 … 第4四半期), each the
/// same form (No. | a short title | what the quarter saw, under a heading
/// no dictionary names), the later quarters still blank: every sheet is
/// read as the first was, the items are counted once, the second
/// quarter's cells are the interim reports and the fourth's the year-end
/// ones; the first and third quarters report on neither.
#[test]
fn class_12_a_sheet_per_quarter_gives_the_interim_and_year_end_reports() {
    let quarter = |n: u32, reports: [&'static str; 3]| {
        let name = format!("第{n}四半期");
        let title = format!("令和8年度 {name} ようすの記録（保健部）");
        grid(
            &name,
            &[
                &[title.as_str()],
                &[],
                &["No.", "取組のよびな", "このあいだの動き"],
                &["1", "がん検診の休日実施", reports[0]],
                &["2", "健康アプリの導入", reports[1]],
                &["3", "食育イベントの開催", reports[2]],
            ],
        )
    };
    let r = read(&[
        quarter(
            1,
            [
                "第1回を6月に実施（受診者118名）。",
                "事業者選定を完了。",
                "会場の調整を開始。",
            ],
        ),
        quarter(
            2,
            ["第2回を実施（累計341名）。", "", "出展者を32団体に決めた。"],
        ),
        quarter(3, ["", "サービスを始めた。", ""]),
        quarter(4, ["", "", ""]),
    ]);
    assert_eq!(
        reports(&r),
        [
            rows("がん検診の休日実施", "filled", "empty"),
            rows("健康アプリの導入", "empty", "empty"),
            rows("食育イベントの開催", "filled", "empty"),
        ],
        "{:?}",
        r.iter().map(|rep| &rep.reading.tables).collect::<Vec<_>>()
    );
    let cells: Vec<(String, String)> = r
        .iter()
        .flat_map(|rep| rep.items())
        .map(|(_, i)| {
            let at = |c: Option<mokuhyo_core::model::CellRef>| {
                c.map(|c| c.to_string()).unwrap_or_default()
            };
            (at(i.cells.interim()), at(i.cells.year_end()))
        })
        .collect();
    assert_eq!(
        cells,
        [
            (s("第2四半期!C4"), s("第4四半期!C4")),
            (s("第2四半期!C5"), s("第4四半期!C5")),
            (s("第2四半期!C6"), s("第4四半期!C6")),
        ]
    );
}

/// An outline drawn in two columns: the headings (two levels, numbered
/// (1) and ア) in one column with nothing right of them, the items in the
/// next with their number in the first column and their cells right of
/// them. The items are read under the heading just above them, with
/// their reports; a heading over headings heads none.
#[test]
fn class_12_an_outline_of_headings_in_the_column_left_of_the_items() {
    let r = read(&[grid(
        "方針",
        &[
            &["令和8年度 未来づくり室 運営のすじみち"],
            &[
                "記号",
                "めざすところ",
                "うつ手",
                "しあげ",
                "半年目のふりかえり",
            ],
            &["(1)", "まちの魅力を磨く", "", "", ""],
            &["ア", "発信力を高める", "", "", ""],
            &[
                "(ア)",
                "",
                "動画チャンネルを開設する",
                "R8.9",
                "7月に開設した。",
            ],
            &["(イ)", "", "記者会見を毎月ひらく", "令和9年3月", ""],
            &["イ", "来訪者を増やす", "", "", ""],
            &[
                "(ア)",
                "",
                "案内看板を多言語にする",
                "年度内",
                "業者を決めた。",
            ],
            &["(2)", "職員の力を伸ばす", "", "", ""],
            &["ア", "学ぶ場をつくる", "", "", ""],
            &["(ア)", "", "若手勉強会を立ち上げる", "上半期中", ""],
        ],
    )]);
    let goals = goals_and_items(&r);
    assert_eq!(
        goals,
        [
            (s("発信力を高める"), s("動画チャンネルを開設する")),
            (s("発信力を高める"), s("記者会見を毎月ひらく")),
            (s("来訪者を増やす"), s("案内看板を多言語にする")),
            (s("学ぶ場をつくる"), s("若手勉強会を立ち上げる")),
        ],
        "{:?}",
        r.iter().map(|rep| &rep.reading.tables).collect::<Vec<_>>()
    );
    assert_eq!(
        reports(&r),
        [
            rows("動画チャンネルを開設する", "filled", "absent"),
            rows("記者会見を毎月ひらく", "empty", "absent"),
            rows("案内看板を多言語にする", "filled", "absent"),
            rows("若手勉強会を立ち上げる", "empty", "absent"),
        ]
    );
    let due: Vec<Vec<String>> = deadlines(&r).into_iter().map(|(_, _, d)| d).collect();
    assert_eq!(
        due,
        [
            vec![s("2026-09-30")],
            vec![s("2027-03-31")],
            vec![s("2027-03-31")],
            vec![s("2026-09-30")],
        ]
    );
}

#[rstest]
#[case::number_beside(true)]
#[case::band_alone(false)]
fn class_12_a_goal_band_merged_across_the_table_heads_its_items(#[case] numbered: bool) {
    let band = |number: &'static str, goal: &'static str| -> [&'static str; 2] {
        if numbered { [number, goal] } else { [goal, ""] }
    };
    let (first_band, second_band) = (
        band("1", "地域の防災力を高める"),
        band("2", "行政のデジタル化を進める"),
    );
    let mut g = grid(
        "目標",
        &[
            &["令和8年度 総務部 重点目標"],
            &["No.", "取組", "期限", "担当課", "自己評価"],
            &first_band,
            &["1", "防災訓練の実施", "9月末まで", "危機管理課", "A"],
            &["2", "備蓄の拡充", "年度末", "危機管理課", ""],
            &second_band,
            &["1", "電子申請の拡充", "12月", "情報政策課", "B"],
        ],
    );
    let first = if numbered { 1 } else { 0 };
    merge(&mut g, 2, first, 2, 4);
    merge(&mut g, 5, first, 5, 4);
    let r = read(&[g]);
    let goals: Vec<(String, String, Vec<String>)> = r
        .iter()
        .flat_map(|rep| rep.items())
        .map(|(g, i)| (g.title.clone(), s(i.title()), i.owners.clone()))
        .collect();
    assert_eq!(
        goals,
        [
            (
                s("地域の防災力を高める"),
                s("防災訓練の実施"),
                vec![s("危機管理課")]
            ),
            (
                s("地域の防災力を高める"),
                s("備蓄の拡充"),
                vec![s("危機管理課")]
            ),
            (
                s("行政のデジタル化を進める"),
                s("電子申請の拡充"),
                vec![s("情報政策課")]
            ),
        ]
    );
}

#[rstest]
#[case::halves_with_months("中間（10月）", "期末（3月）")]
#[case::terms("上期の分", "下期の分")]
fn class_12_a_report_sheet_headed_by_parts_of_the_year_alone_is_joined_by_number(
    #[case] first: &str,
    #[case] second: &str,
) {
    let plan = grid(
        "目標",
        &[
            &["令和8年度 議会事務局 目標"],
            &["No", "取組", "期限", "目標"],
            &["1", "中継の字幕表示", "令和8年12月", "開始"],
            &["2", "議会だよりの刷新", "令和8年8月", "8月号から"],
        ],
    );
    let report = grid(
        "報告",
        &[
            &["令和8年度 報告（目標シートの番号ごと）"],
            &["No", first, second],
            &["1", "契約した。", ""],
            &["2", "", "好評だった。"],
        ],
    );
    let r = read(&[plan, report]);
    assert_eq!(
        reports(&r),
        [
            rows("中継の字幕表示", "filled", "empty"),
            rows("議会だよりの刷新", "empty", "filled"),
        ],
        "{r:#?}"
    );
}

#[rstest]
#[case::full_width_dash("１－１", "１－２")]
#[case::minus_sign("1−1", "1−2")]
#[case::hyphen("1‐1", "1‐2")]
#[case::katakana_prolonged("1ー1", "1ー2")]
fn class_12_report_sheets_numbered_in_other_widths_and_dashes(
    #[case] one: &str,
    #[case] two: &str,
) {
    let plan = grid(
        "計画",
        &[
            &["令和8年度 総務部 重点目標"],
            &["番号", "取組項目", "期限"],
            &["1-1", "窓口の電子化", "9月末まで"],
            &["1-2", "広報紙の刷新", "年度末"],
        ],
    );
    let report = grid(
        "報告",
        &[
            &["令和8年度 進捗報告"],
            &["番号", "中間報告", "期末報告"],
            &[one, "着手した。", ""],
            &[two, "", "刷新した。"],
        ],
    );
    let r = read(&[plan, report]);
    assert_eq!(
        reports(&r),
        [
            rows("窓口の電子化", "filled", "empty"),
            rows("広報紙の刷新", "empty", "filled"),
        ]
    );
}
