//! One test per class of layout a header word alone used to misread, on
//! grids written here (header words mostly ones the dictionary does not
//! hold): what the sheet says is read by what its cells hold — which
//! column is the items, the goals, the deadlines and reports, whose items
//! they are, what is no item — and the dictionary's own forms (weights,
//! bracketed words, labels and values in one cell).

use std::path::Path;

use mokuhyo_core::interpret::{
    FieldDictionary, InterpretOptions, KnownDepartment, WorkbookOutcome,
};
use mokuhyo_core::model::{LayoutKind, Role, SheetReport};
use rstest::rstest;

use crate::common::grids::{grid, merge, read, read_with, s, status, titles};

/// An item as the tests state it: title, deadline text, interim and
/// year-end status, owners.
type Item = (
    String,
    Option<String>,
    &'static str,
    &'static str,
    Vec<String>,
);

fn items(reports: &[SheetReport]) -> Vec<Item> {
    reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| {
            (
                i.title().to_string(),
                i.deadline_text().map(str::to_string),
                status(&i.interim),
                status(&i.year_end),
                i.owners.clone(),
            )
        })
        .collect()
}

/// An item as [`items`] gives it.
fn item(
    title: &str,
    deadline: Option<&str>,
    interim: &'static str,
    year_end: &'static str,
    owners: &[&str],
) -> Item {
    (
        title.to_string(),
        deadline.map(str::to_string),
        interim,
        year_end,
        owners.iter().map(|o| o.to_string()).collect(),
    )
}

fn goals_of_items(reports: &[SheetReport]) -> Vec<(String, String)> {
    reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(g, i)| (g.title.clone(), i.title().to_string()))
        .collect()
}

fn roles(report: &SheetReport) -> Vec<Role> {
    report.reading.tables[0]
        .columns
        .iter()
        .map(|c| c.role)
        .collect()
}

// 1. The item column headed by a word the dictionary gives another field,
//    or by a word it does not know.
#[rstest]
#[case::content_word("取組内容")]
#[case::unknown_word("やること")]
#[case::casual_word("主な中身")]
fn class_01_the_item_column_under_another_fields_word_or_an_unknown_one(#[case] header: &str) {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["No.", header, "期限", "中間報告"],
            &["1", "窓口の電子化", "9月末まで", "着手した"],
            &["2", "広報紙の刷新", "年度末", ""],
        ],
    )]);
    assert_eq!(
        items(&r),
        [
            (
                s("窓口の電子化"),
                Some(s("9月末まで")),
                "filled",
                "absent",
                vec![]
            ),
            (
                s("広報紙の刷新"),
                Some(s("年度末")),
                "empty",
                "absent",
                vec![]
            ),
        ]
    );
}

#[test]
fn class_01_beside_an_item_word_the_content_word_is_the_items_text() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組項目", "取組内容", "期限"],
            &["窓口の電子化", "申請をオンラインで受け付ける", "9月末まで"],
            &["広報紙の刷新", "紙面を見直す", "年度末"],
        ],
    )]);
    assert_eq!(roles(&r[0]), [Role::Item, Role::Detail, Role::Deadline]);
    let text: Vec<&str> = r[0].items().map(|(_, i)| i.text()).collect();
    assert_eq!(text[0], "窓口の電子化\n申請をオンラインで受け付ける");
}

// 2. A grouping column merged down (or written once) under an item-like
//    word, the items in the column beside it.
#[rstest]
#[case::merged(true)]
#[case::written_once(false)]
fn class_02_a_grouping_column_under_an_item_like_word_gives_the_goals(#[case] merged: bool) {
    let mut g = grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組項目", "具体的にやること", "いつまでに", "担い手"],
            &["防災力の強化", "訓練の実施", "9月末まで", "危機管理課"],
            &["", "備蓄の拡充", "年度末", "危機管理課"],
            &["", "計画の改定", "12月", "総務課"],
            &["行政改革", "窓口の電子化", "年度末", "情報政策課"],
        ],
    );
    if merged {
        merge(&mut g, 2, 0, 4, 0);
    }
    let r = read(&[g]);
    assert_eq!(
        goals_of_items(&r),
        [
            (s("防災力の強化"), s("訓練の実施")),
            (s("防災力の強化"), s("備蓄の拡充")),
            (s("防災力の強化"), s("計画の改定")),
            (s("行政改革"), s("窓口の電子化")),
        ]
    );
    assert_eq!(
        r[0].items().next().map(|(_, i)| i.owners.clone()),
        Some(vec![s("危機管理課")])
    );
}

//    An item written over two rows, its name above and more of its text
//    below, with its number, deadline and reports merged down over both, is
//    one item; a second row with a deadline of its own, or under a goal
//    merged down alone, is an item of its own.
#[rstest]
#[case::continued(true, &["窓口の電子化\n内容：申請のオンライン化", "広報紙の刷新\n内容：紙面の全面改訂"])]
#[case::own_rows(false, &["窓口の電子化", "内容：申請のオンライン化", "広報紙の刷新", "内容：紙面の全面改訂"])]
fn class_02_an_item_over_two_rows_is_one_item(#[case] continued: bool, #[case] texts: &[&str]) {
    let later = if continued { "" } else { "12月" };
    let mut g = grid(
        "取組",
        &[
            &["令和8年度 総務部 取組シート"],
            &["No.", "取組名／内容", "期限", "前半の状況", "後半の状況"],
            &["1", "窓口の電子化", "9月末", "着手した", ""],
            &["", "内容：申請のオンライン化", later, "", ""],
            &["2", "広報紙の刷新", "年度末", "", ""],
            &["", "内容：紙面の全面改訂", later, "", ""],
        ],
    );
    for first_row in [2, 4] {
        for col in [0, 3, 4] {
            merge(&mut g, first_row, col, first_row + 1, col);
        }
        if continued {
            merge(&mut g, first_row, 2, first_row + 1, 2);
        }
    }
    let r = read(&[g]);
    let read_texts: Vec<String> = r
        .iter()
        .flat_map(|rep| rep.items())
        .map(|(_, i)| i.text().to_string())
        .collect();
    assert_eq!(read_texts, texts);
}

//    A row whose item cell alone is filled, numbered a level above the
//    items under it (no merge, no bracket, no word to tell it), heads them
//    as their goal; an item not filled in yet, numbered as the others, is
//    an item.
#[rstest]
#[case::full_width_over_brackets("１　窓口サービスの向上", ["(1) 窓口の電子化", "(2) 広報紙の刷新"])]
#[case::dotted_over_circled("1. 窓口サービスの向上", ["① 窓口の電子化", "② 広報紙の刷新"])]
fn class_02_a_row_numbered_a_level_above_the_items_heads_them(
    #[case] heading: &str,
    #[case] items: [&str; 2],
) {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標管理シート"],
            &["項目", "完了目途", "上期の状況", "下期の状況"],
            &[heading],
            &[items[0], "12月", "着手した。", ""],
            &[items[1], "通年", "", ""],
        ],
    )]);
    let goals: Vec<(String, String)> = goals_of_items(&r);
    assert_eq!(
        goals,
        [
            (s("窓口サービスの向上"), s("窓口の電子化")),
            (s("窓口サービスの向上"), s("広報紙の刷新")),
        ]
    );
    let unfilled = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標管理シート"],
            &["項目", "完了目途", "上期の状況", "下期の状況"],
            &["(1) 窓口の電子化"],
            &["(2) 広報紙の刷新", "12月", "着手した。", ""],
        ],
    )]);
    assert_eq!(titles(&unfilled), [s("窓口の電子化"), s("広報紙の刷新")]);
}

#[test]
fn class_02_rows_under_a_goal_merged_down_alone_are_items_of_their_own() {
    let mut g = grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["目標", "取組", "期限", "中間報告"],
            &["防災力の強化", "訓練の実施", "", ""],
            &["", "備蓄の拡充", "", ""],
        ],
    );
    merge(&mut g, 2, 0, 3, 0);
    assert_eq!(titles(&read(&[g])), [s("訓練の実施"), s("備蓄の拡充")]);
}

//    A goal named above the table by a label the dictionary has no word for
//    at its start (課の目標, 今年度の目標) is the goal of the table's items; a
//    figure there would be a target.
#[rstest]
#[case::goal("課の目標", "地域の消防力の強化", "地域の消防力の強化")]
#[case::this_years("今年度の目標", "安全で安心なまちづくり", "安全で安心なまちづくり")]
fn class_02_a_goal_labelled_above_the_table_is_the_goal_of_its_items(
    #[case] label: &str,
    #[case] value: &str,
    #[case] goal: &str,
) {
    let mut sheet = grid(
        "Sheet1",
        &[
            &["令和8年度 消防本部 課の目標管理シート"],
            &[],
            &[label, value],
            &[],
            &["No.", "取組", "期限", "中間報告", "期末報告"],
            &["1", "消防団員の確保", "12月", "学生団員5人が入団した。", ""],
            &["2", "救急講習の拡大", "3月末", "", ""],
        ],
    );
    merge(&mut sheet, 2, 1, 2, 4);
    let r = read(&[sheet]);
    assert_eq!(
        goals_of_items(&r),
        [
            (s(goal), s("消防団員の確保")),
            (s(goal), s("救急講習の拡大")),
        ]
    );
}

// 3. An unknown word right of the item header keeps the row a header.
#[test]
fn class_03_an_unknown_word_right_of_the_item_word_keeps_a_table() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組項目", "受け持ち", "期間・期限", "中間報告", "期末報告"],
            &["窓口の電子化", "市民課", "9月末まで", "", ""],
            &["広報紙の刷新", "広報課", "年度末", "素案を作成した", ""],
        ],
    )]);
    assert_eq!(titles(&r), ["窓口の電子化", "広報紙の刷新"]);
    assert_eq!(items(&r)[1].4, vec![s("広報課")]);
}

// 4. Stacked headers: the item word only in the lower row, a parent found
//    above the row the table starts at, two number columns.
#[test]
fn class_04_stacked_headers_and_two_number_columns() {
    let mut g = grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["", "", "", "", "実施状況の報告", ""],
            &["No.", "めざす姿", "No.", "やること", "9月末", "3月末"],
            &["1", "防災力の強化", "1", "訓練の実施", "実施した", ""],
            &["", "", "2", "備蓄の拡充", "", ""],
            &["2", "行政改革", "1", "窓口の電子化", "着手した", "完了した"],
        ],
    );
    merge(&mut g, 1, 4, 1, 5);
    merge(&mut g, 3, 0, 4, 0);
    merge(&mut g, 3, 1, 4, 1);
    let r = read(&[g]);
    assert_eq!(
        roles(&r[0]),
        [
            Role::GoalNumber,
            Role::Goal,
            Role::Number,
            Role::Item,
            Role::Interim,
            Role::YearEnd
        ]
    );
    let goals: Vec<Option<String>> = r[0].goals.iter().map(|g| g.number.clone()).collect();
    assert_eq!(goals, [Some(s("1")), Some(s("2"))]);
    assert_eq!(r[0].reading.tables[0].header_rows, 2);
    assert_eq!(items(&r)[2].2, "filled");
    assert_eq!(items(&r)[2].3, "filled");
}

// 5. A sub-header row with a word the dictionary does not know.
#[test]
fn class_05_a_sub_header_row_of_unknown_words_is_part_of_the_header() {
    let mut g = grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組項目", "期限", "ふりかえり", ""],
            &["", "", "前半の様子", "後半の様子"],
            &["窓口の電子化", "9月末まで", "着手した", ""],
        ],
    );
    merge(&mut g, 1, 2, 1, 3);
    merge(&mut g, 1, 0, 2, 0);
    merge(&mut g, 1, 1, 2, 1);
    let r = read(&[g]);
    assert_eq!(
        items(&r),
        [(
            s("窓口の電子化"),
            Some(s("9月末まで")),
            "filled",
            "empty",
            vec![]
        )]
    );
}

// 6. The part of the year in brackets, as a half, a month's end or the
//    year's end, or a result word alone.
#[rstest]
#[case::brackets("進捗（9月末時点）", "進捗（3月末時点）")]
#[case::halves("前半の進み具合", "後半の進み具合")]
#[case::month_end_and_year_end("9月末の状況", "年度末の状況")]
#[case::results_alone("実績", "成果")]
#[case::a_month_in_brackets("ステータス（9月）", "ステータス（3月）")]
#[case::the_month_and_its_state("9月の状況", "3月の状況")]
#[case::midway_and_final("途中経過", "最終結果")]
#[case::half_a_year_and_a_year("半年たって", "一年を終えて")]
#[case::months_and_a_year_passed("6ヶ月経過時点", "1年たって")]
fn class_06_period_words_anywhere_in_a_header_place_the_reports(
    #[case] interim: &str,
    #[case] year_end: &str,
) {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組項目", "期限", interim, year_end],
            &["窓口の電子化", "9月末まで", "着手した", ""],
            &["広報紙の刷新", "年度末", "", "完了した"],
        ],
    )]);
    let flags: Vec<(&str, &str)> = items(&r).iter().map(|i| (i.2, i.3)).collect();
    assert_eq!(flags, [("filled", "empty"), ("empty", "filled")]);
}

//     A report shared by two items (written again in the next row) is
//     still the report.
#[test]
fn class_06_a_report_two_items_share_is_still_the_report() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 健康福祉部 目標"],
            &["めざす姿", "どうやって", "いつ", "途中経過", "最終結果"],
            &[
                "健康寿命の延伸",
                "介護予防教室の開催",
                "通年",
                "12地区で開催した。",
                "",
            ],
            &[
                "健康寿命の延伸",
                "健診の受診勧奨",
                "9月末",
                "12地区で開催した。",
                "",
            ],
        ],
    )]);
    let flags: Vec<(&str, &str)> = items(&r).iter().map(|i| (i.2, i.3)).collect();
    assert_eq!(flags, [("filled", "empty"); 2]);
}

// 7. Number and goal words with no item word: items when the table states
//    deadlines or reports; a list of goals when it does not.
#[test]
fn class_07_a_goal_worded_column_with_deadlines_holds_the_items() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["No.", "重点目標", "期限", "中間報告"],
            &["1", "窓口の電子化", "9月末まで", ""],
            &["2", "広報紙の刷新", "年度末", "着手した"],
        ],
    )]);
    assert_eq!(titles(&r), ["窓口の電子化", "広報紙の刷新"]);
    let list = read(&[
        grid(
            "重点目標",
            &[
                &["令和8年度 総務部"],
                &["No.", "重点目標", "優先順位"],
                &["1", "防災力の強化", "1位"],
                &["2", "行政改革", "2位"],
            ],
        ),
        grid(
            "シート1",
            &[
                &["重点目標", "防災力の強化"],
                &[],
                &["取組項目", "期限"],
                &["訓練の実施", "9月末"],
            ],
        ),
    ]);
    assert_eq!(titles(&list), ["訓練の実施"]);
    assert_eq!(list[0].goals[0].priority.as_deref(), Some("1位"));
}

// 8. Reports on a sheet of their own that repeat the items' titles, with
//    達成度 and 自己評価: joined, never items twice.
#[test]
fn class_08_a_report_sheet_repeating_the_titles_is_joined() {
    let r = read(&[
        grid(
            "計画",
            &[
                &["令和8年度 総務部 目標"],
                &["番号", "取組項目", "期限"],
                &["1", "窓口の電子化", "9月末まで"],
                &["2", "広報紙の刷新", "年度末"],
            ],
        ),
        grid(
            "報告",
            &[
                &[
                    "番号",
                    "取組項目",
                    "中間報告",
                    "期末報告",
                    "達成度",
                    "自己評価",
                ],
                &["1", "窓口の電子化", "着手した", "", "50%", "B"],
                &["2", "広報紙の刷新", "", "", "", ""],
            ],
        ),
    ]);
    assert_eq!(titles(&r), ["窓口の電子化", "広報紙の刷新"]);
    let first = r[0].items().next().map(|(_, i)| i.clone()).unwrap();
    assert!(first.interim.is_filled());
    assert_eq!(first.achievement, Some(0.5));
    assert_eq!(first.self_assessment(), Some("B"));
    assert_eq!(first.cells.interim().unwrap().to_string(), "報告!C2");
    assert!(
        r[0].layout.contains(LayoutKind::ReportSheet),
        "{}",
        r[0].layout
    );
}

// 9. Reports that are a status chosen from a drop-down.
#[rstest]
#[case::statuses(["完了", "実施中", ""])]
#[case::marks(["◎", "△", ""])]
fn class_09_a_status_drop_down_under_a_half_is_a_report(#[case] cells: [&str; 3]) {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組項目", "期限", "上半期の状況", "下半期の状況"],
            &["窓口の電子化", "9月末まで", cells[0], cells[2]],
            &["広報紙の刷新", "年度末", cells[1], cells[2]],
        ],
    )]);
    let flags: Vec<(&str, &str)> = items(&r).iter().map(|i| (i.2, i.3)).collect();
    assert_eq!(flags, [("filled", "empty"), ("filled", "empty")]);
}

//     A grade for the half and a grade for the year, headed alike after
//     different parts of the year, with the grade's reason between them.
#[test]
fn class_09_grades_headed_alike_after_the_half_and_the_year_are_the_reports() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 消防本部 目標"],
            &[
                "事業",
                "スケジュール感",
                "半期の自己採点",
                "採点の理由",
                "年度の自己採点",
            ],
            &["消防団員の確保", "12月", "A", "学生団員5人が入団した。", ""],
            &[
                "救急講習の拡大",
                "3月末",
                "B",
                "上半期に1,420人が受講した。",
                "",
            ],
        ],
    )]);
    let flags: Vec<(&str, &str)> = items(&r).iter().map(|i| (i.2, i.3)).collect();
    assert_eq!(flags, [("filled", "empty"), ("filled", "empty")]);
    let reading = &r[0].reading.tables[0];
    assert_eq!(reading.columns[4].role, Role::YearEnd, "{reading:?}");
    assert_ne!(reading.columns[3].role, Role::YearEnd, "{reading:?}");
}

// 10. Whose items: a department per row, a sheet per 部局, a sheet per 課,
//     and the distributing section's mark that names none.
#[test]
fn class_10_a_department_column_gives_each_row_its_department() {
    let r = read(&[grid(
        "全庁",
        &[
            &["令和8年度 全庁目標一覧"],
            &["部局", "取組項目", "期限"],
            &["総務部", "窓口の電子化", "9月末まで"],
            &["企画部", "広報紙の刷新", "年度末"],
            &["総務部", "研修の実施", "12月"],
        ],
    )]);
    let by_department: Vec<(String, String)> = r
        .iter()
        .flat_map(|rep| {
            rep.items()
                .map(|(_, i)| (rep.department.clone(), i.title().to_string()))
        })
        .collect();
    assert_eq!(
        by_department,
        [
            (s("総務部"), s("窓口の電子化")),
            (s("総務部"), s("研修の実施")),
            (s("企画部"), s("広報紙の刷新")),
        ]
    );
}

//     A department and a division written once, with blanks below as
//     people leave them: each holds for the rows under it, the division
//     while the rows stay in its department.
#[test]
fn class_10_a_department_and_a_division_written_once_hold_for_the_rows_below() {
    let r = read(&[grid(
        "全庁",
        &[
            &["令和8年度 全庁重点事項 一覧"],
            &["部局", "所管課", "重点事項", "いつまでに"],
            &["総務部", "人事課", "時間外勤務の縮減", "9月末"],
            &["", "", "育児休業の取得促進", "3月末"],
            &["", "総務課", "電子決裁への移行", "7月"],
            &["市民生活部", "", "窓口のキャッシュレス化", "1月"],
            &["", "市民課", "マイナンバーカードの交付促進", "通年"],
            &["", "", "転入手続の案内改善", "12月"],
        ],
    )]);
    let read_items: Vec<(String, String, Vec<String>)> = r
        .iter()
        .flat_map(|rep| {
            rep.items().map(|(_, i)| {
                (
                    rep.department.clone(),
                    i.title().to_string(),
                    i.owners.clone(),
                )
            })
        })
        .collect();
    assert_eq!(
        read_items,
        [
            (s("総務部"), s("時間外勤務の縮減"), vec![s("人事課")]),
            (s("総務部"), s("育児休業の取得促進"), vec![s("人事課")]),
            (s("総務部"), s("電子決裁への移行"), vec![s("総務課")]),
            (s("市民生活部"), s("窓口のキャッシュレス化"), vec![]),
            (
                s("市民生活部"),
                s("マイナンバーカードの交付促進"),
                vec![s("市民課")]
            ),
            (s("市民生活部"), s("転入手続の案内改善"), vec![s("市民課")]),
        ]
    );
}

//     A column of division names owns the items, even under a word the
//     dictionary gives the department (所管); names of departments, or of
//     divisions under their department, give the department.
#[rstest]
#[case::divisions(["人事課", "総務課", "市民課"], Role::Owner)]
#[case::departments(["総務部", "企画部", "市民生活部"], Role::Department)]
#[case::divisions_in_departments(["総務部 人事課", "企画部 企画課", "市民生活部 市民課"], Role::Department)]
fn class_10_what_a_column_of_unit_names_names_decides_its_role(
    #[case] units: [&str; 3],
    #[case] role: Role,
) {
    let r = read(&[grid(
        "一覧",
        &[
            &["令和8年度 総合政策部 取組一覧"],
            &["No.", "取組", "期限", "所管"],
            &["1", "窓口の電子化", "9月末まで", units[0]],
            &["2", "広報紙の刷新", "年度末", units[1]],
            &["3", "研修の実施", "12月", units[2]],
        ],
    )]);
    assert_eq!(roles(&r[0])[3], role, "{:?}", r[0].reading);
    if role == Role::Owner {
        assert!(r.iter().all(|rep| rep.department == "総合政策部"));
        assert_eq!(items(&r)[0].4, vec![s("人事課")]);
    }
}

#[test]
fn class_10_sheets_named_for_departments_and_divisions() {
    let sheet = |name: &str, title: &str| {
        grid(
            name,
            &[
                &["令和8年度 目標管理表（企画部企画課作成）"],
                &["取組項目", "期限"],
                &[title, "9月末まで"],
            ],
        )
    };
    let r = read_with(
        "令和8年度_目標.xlsx",
        &[
            sheet("総務部", "窓口の電子化"),
            sheet("建設部", "道路台帳の電子化"),
        ],
        &InterpretOptions {
            known_departments: vec![KnownDepartment {
                name: "企画部".into(),
                aliases: Vec::new(),
            }],
            ..InterpretOptions::default()
        },
    );
    let departments: Vec<&str> = r.iter().map(|r| r.department.as_str()).collect();
    assert_eq!(
        departments,
        ["総務部", "建設部"],
        "the distributor's mark names no department"
    );
    let r = read(&[sheet("財政課", "予算編成の見直し")]);
    assert_eq!(items(&r)[0].4, vec![s("財政課")]);
}

//     A title that names the round it reports (令和8年度 総務部 中間報告)
//     still names the department.
#[rstest]
#[case::interim("中間報告")]
#[case::half_year_progress("上半期進捗状況")]
#[case::year_end("年度末実績報告")]
#[case::quarterly("四半期進捗表")]
fn class_10_a_title_naming_a_report_round_names_the_department(#[case] round: &str) {
    let title = format!("令和8年度　総務部　{round}");
    let r = read(&[grid(
        "Sheet1",
        &[
            &[&title],
            &["No.", "取組", "期限", "中間報告", "期末報告"],
            &["1", "窓口の電子化", "9月末まで", "着手した", ""],
        ],
    )]);
    assert_eq!(r[0].department, "総務部");
}

//     The division that owns a sheet's items, named once: in a heading
//     above each table, in a label row with the department (no header of
//     a table), or in the title.
#[test]
fn class_10_a_division_named_once_owns_the_items() {
    let headings = read(&[grid(
        "人事",
        &[
            &["令和8年度 総務部 重点取組"],
            &["■ 人事課"],
            &["No.", "取組", "期限", "中間報告"],
            &["1", "人事評価制度の見直し", "12月", ""],
            &[],
            &["■ 職員課"],
            &["No.", "取組", "期限", "中間報告"],
            &["1", "研修体系の再編", "3月末", "着手した"],
        ],
    )]);
    let owners: Vec<(String, Vec<String>)> =
        items(&headings).into_iter().map(|i| (i.0, i.4)).collect();
    assert_eq!(
        owners,
        [
            (s("人事評価制度の見直し"), vec![s("人事課")]),
            (s("研修体系の再編"), vec![s("職員課")]),
        ]
    );
    assert!(headings[0].goals.iter().all(|g| !g.title.ends_with("課")));
    let label = read(&[grid(
        "Sheet1",
        &[
            &["令和8年度 課の目標管理シート"],
            &["部名", "消防本部", "課名", "警防課"],
            &[],
            &["No.", "取組", "期限", "中間報告", "期末報告"],
            &["1", "消防団員の確保", "12月", "学生団員5人が入団した。", ""],
        ],
    )]);
    assert_eq!(label[0].department, "消防本部");
    assert_eq!(
        items(&label),
        [item(
            "消防団員の確保",
            Some("12月"),
            "filled",
            "empty",
            &["警防課"]
        )]
    );
    let title = read(&[grid(
        "Sheet1",
        &[
            &["R8年度　市民生活部　市民課　業務改善目標"],
            &["取組", "上期の状況", "下期の状況"],
            &["窓口の混雑緩和", "完了", ""],
        ],
    )]);
    assert_eq!(items(&title)[0].4, vec![s("市民課")]);
}

// 11. Not items: an example row, a note and a legend below, an index sheet
//     of the items kept one per sheet.
#[test]
fn class_11_example_rows_notes_and_legends_are_no_items() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["No.", "やること", "いつまでに", "前半の状況"],
            &["記入例", "○○の推進", "9月末まで", "○月に実施した"],
            &["1", "窓口の電子化", "9月末まで", ""],
            &["2", "広報紙の刷新", "年度末", "着手した"],
            &[],
            &["※ 状況は四半期ごとに更新してください。"],
            &["◎：完了　○：実施中　△：遅れ"],
        ],
    )]);
    assert_eq!(titles(&r), ["窓口の電子化", "広報紙の刷新"]);
}

//     A section heading merged across the table opens the goal of the rows
//     below it; a printed page's continued title and page number, and a
//     legend of one mark, are no items either.
#[test]
fn class_11_section_headings_page_copies_and_a_one_mark_legend_are_no_items() {
    let mut sheet = grid(
        "取組",
        &[
            &["令和8年度 消防本部 重点取組"],
            &["", "", "", "", "1／2"],
            &[
                "No.",
                "アクションプラン",
                "いつまで",
                "上半期の進み具合",
                "年度末の結果",
            ],
            &["【目標１】地域の消防力の強化"],
            &["1", "消防団員の確保", "通年", "学生団員5人が入団した。", ""],
            &["2", "救急講習の拡大", "12月", "1,420人が受講した。", ""],
            &[],
            &["令和8年度 消防本部 重点取組（続き）"],
            &["", "", "", "", "2／2"],
            &[
                "No.",
                "アクションプラン",
                "いつまで",
                "上半期の進み具合",
                "年度末の結果",
            ],
            &["【目標２】火災予防の推進"],
            &["3", "住宅用火災警報器の点検", "3月末", "", ""],
            &[],
            &["●：実施予定"],
        ],
    );
    merge(&mut sheet, 0, 0, 0, 4);
    merge(&mut sheet, 3, 0, 3, 4);
    merge(&mut sheet, 7, 0, 7, 4);
    merge(&mut sheet, 10, 0, 10, 4);
    let r = read(&[sheet]);
    assert_eq!(
        goals_of_items(&r),
        [
            (s("地域の消防力の強化"), s("消防団員の確保")),
            (s("地域の消防力の強化"), s("救急講習の拡大")),
            (s("火災予防の推進"), s("住宅用火災警報器の点検")),
        ]
    );
    let numbers: Vec<Option<&str>> = r[0].goals.iter().map(|g| g.number.as_deref()).collect();
    assert_eq!(numbers, [Some("1"), Some("2")]);
}

//     A sheet explaining how to fill another sheet's columns (記入要領) is
//     no sheet of items.
#[test]
fn class_11_a_sheet_explaining_the_columns_of_another_has_no_items() {
    let r = read(&[
        grid(
            "書き方",
            &[
                &["書き方"],
                &["欄", "書くこと", "いつ書くか"],
                &["やること", "今年度取り組む内容を簡潔に", "4月"],
                &["いつまでに", "終える時期を月で", "4月"],
                &["前半のふりかえり", "9月末時点の進み具合", "10月上旬"],
            ],
        ),
        grid(
            "取組",
            &[
                &["令和8年度 消防本部 重点取組"],
                &[
                    "No.",
                    "やること",
                    "いつまでに",
                    "前半のふりかえり",
                    "後半のふりかえり",
                ],
                &["1", "消防団員の確保", "通年", "学生団員5人が入団した。", ""],
                &["2", "救急講習の拡大", "12月", "", ""],
            ],
        ),
    ]);
    assert_eq!(titles(&r), ["消防団員の確保", "救急講習の拡大"]);
    assert!(
        r[0].warnings
            .iter()
            .any(|w| w.message.contains("シート「書き方」") && w.message.contains("記入要領")),
        "{:?}",
        r[0].warnings
    );
}

#[test]
fn class_11_an_index_sheet_lists_the_items_kept_one_per_sheet() {
    let form = |name: &str, title: &str| {
        grid(
            name,
            &[
                &["令和8年度 事業シート"],
                &["事業名", title],
                &["担当課", "総務課"],
                &["実施時期", "9月末まで"],
                &["上半期の進捗", "着手した"],
            ],
        )
    };
    let r = read(&[
        grid(
            "一覧",
            &[
                &["令和8年度 総務部 事業一覧"],
                &["No.", "事業名", "担当課"],
                &["1", "窓口の電子化", "総務課"],
                &["2", "広報紙の刷新", "総務課"],
            ],
        ),
        form("事業1", "窓口の電子化"),
        form("事業2", "広報紙の刷新"),
    ]);
    assert_eq!(titles(&r), ["窓口の電子化", "広報紙の刷新"]);
    let sheets: Vec<&str> = r.iter().map(|r| r.sheet.as_str()).collect();
    assert_eq!(sheets, ["事業1", "事業2"]);
    let notices: Vec<&str> = r[0]
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .filter(|m| m.contains("索引"))
        .collect();
    assert_eq!(
        notices,
        [
            "シート「一覧」は、1シートに1件ずつ書かれた取組の一覧（索引）として読みました。取組は各シートから数えています"
        ]
    );
}

// 12. One item per sheet: every labelled field reaches the item, labels
//     with line breaks included.
#[test]
fn class_12_a_form_per_item_gives_every_field() {
    let r = read(&[grid(
        "事業1",
        &[
            &["令和8年度 総務部 事業シート"],
            &["事業名", "窓口の電子化"],
            &["事業の\nねらい", "待ち時間を減らす"],
            &["担当課", "市民課"],
            &["実施\n時期", "9月末まで"],
            &["上半期の\n進捗", "着手した"],
            &["年度末の\n成果", ""],
        ],
    )]);
    let item = r[0].items().next().map(|(_, i)| i.clone()).unwrap();
    assert_eq!(item.title(), "窓口の電子化");
    assert_eq!(item.deadline_text(), Some("9月末まで"));
    assert_eq!(item.owners, ["市民課"]);
    assert!(item.interim.is_filled());
    assert!(item.year_end.is_empty());
    let extras: Vec<&str> = item.extras.iter().map(|e| e.header.as_str()).collect();
    assert!(
        extras.contains(&"事業の ねらい") || extras.contains(&"事業のねらい"),
        "{extras:?}"
    );
}

//     A table of indicators by year below a record's labels and values is
//     no part of the record: its cells give the item no fields.
#[test]
fn class_12_a_table_of_indicators_below_a_form_gives_its_item_nothing() {
    let mut sheet = grid(
        "Sheet1",
        &[
            &["令和8年度 事務事業評価シート"],
            &[],
            &["事業名", "消防団員の確保"],
            &["所管部", "消防本部"],
            &["取組期限", "9月末"],
            &["中間評価（9月末）", "機能別団員制度を創設した。"],
            &["最終評価（年度末）"],
            &[],
            &[],
            &["指標", "区分", "R6年度", "R7年度", "R8年度"],
            &["団員数", "目標値", "300", "310", "320"],
            &["", "実績値", "296", "301"],
        ],
    );
    merge(&mut sheet, 10, 0, 11, 0);
    let r = read(&[sheet]);
    assert_eq!(titles(&r), ["消防団員の確保"]);
    let (_, only) = r[0].items().next().unwrap();
    assert!(only.extras.is_empty(), "{:?}", only.extras);
    assert_eq!(only.deadline_text(), Some("9月末"));
}

// 13. A side table beside the items; the goal's title not from any line
//     above.
#[test]
fn class_13_a_side_table_is_not_read_into_the_items() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["※単位：千円"],
            &[
                "取組項目",
                "期限",
                "中間報告",
                "",
                "指標",
                "R7実績",
                "R8目標",
            ],
            &["窓口の電子化", "9月末まで", "", "", "満足度", "72%", "80%"],
            &[
                "広報紙の刷新",
                "年度末",
                "着手した",
                "",
                "申請率",
                "40%",
                "60%",
            ],
        ],
    )]);
    assert_eq!(titles(&r), ["窓口の電子化", "広報紙の刷新"]);
    assert!(r[0].items().all(|(_, i)| i.extras.is_empty()));
    assert_ne!(r[0].goals[0].title, "※単位：千円");
}

//     A blank spacer column inside the table does not end it: the columns
//     past it that an item has (reports here) go on with it.
#[rstest]
#[case::dictionary_words("中間報告", "期末報告")]
#[case::words_of_its_own("前半のふりかえり", "後半のふりかえり")]
fn class_13_a_blank_spacer_column_does_not_end_the_table(
    #[case] interim: &str,
    #[case] year_end: &str,
) {
    let r = read(&[grid(
        "取組",
        &[
            &["令和8年度 消防本部 重点取組"],
            &["番号", "取組", "期限", "", interim, year_end],
            &[
                "1",
                "消防団員の確保",
                "12月",
                "",
                "学生団員5人が入団した。",
                "",
            ],
            &[
                "2",
                "救急講習の拡大",
                "3月末",
                "",
                "上半期に1,420人が受講した。",
                "",
            ],
        ],
    )]);
    assert_eq!(
        items(&r),
        [
            item("消防団員の確保", Some("12月"), "filled", "empty", &[]),
            item("救急講習の拡大", Some("3月末"), "filled", "empty", &[]),
        ]
    );
}

// 14. The dictionary's own forms.
#[test]
fn class_14_bracketed_words_long_inline_labels_and_sentences() {
    let dict = FieldDictionary::default()
        .extended_with_toml("[fields]\ntarget = [\"目標(数値)\"]\n")
        .unwrap();
    use mokuhyo_core::interpret::Field;
    use mokuhyo_core::interpret::dictionary::normalize_label;
    // The bracketed word is no two-character 目標.
    assert_eq!(dict.classify(&normalize_label("目標")), Some(Field::Target));
    assert_eq!(
        dict.classify(&normalize_label("取組項目の見直しを行う")),
        None
    );
    assert_eq!(
        dict.classify(&normalize_label("取組項目及び方法")),
        Some(Field::Item)
    );
    let long = format!("所管：総務部 {}", "行政経営課".repeat(12));
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 目標"],
            &[&long],
            &["取組項目", "期限"],
            &["取組項目の見直しを行う", "9月末まで"],
        ],
    )]);
    assert_eq!(r[0].department, "総務部");
    assert_eq!(titles(&r), ["取組項目の見直しを行う"]);
}

// 15. Content decides between columns a word alone would not.
#[test]
fn class_15_content_decides_which_column_is_which() {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["項目", "時期", "課", "評価", "率"],
            &["窓口の電子化", "9月末まで", "市民課", "A", "80%"],
            &["広報紙の刷新", "年度末", "広報課", "B", "50%"],
            &["研修の実施", "12月", "人事課", "C", "30%"],
        ],
    )]);
    assert_eq!(
        roles(&r[0]),
        [
            Role::Item,
            Role::Deadline,
            Role::Owner,
            Role::SelfAssessment,
            Role::Achievement
        ]
    );
}

//     A list exported from a records system: the records' time stamps are
//     no deadlines, the due dates written as numbers are.
//     A hidden column (the first plan's dates beside the revised ones, a
//     helper column) yields a role to a visible column that fits it; shown
//     too, the revised dates right of the first plan's are the deadline
//     (see parse_in_sheet's class 6).
#[rstest]
#[case::hidden(true, "10月末", "当初予定")]
#[case::shown(false, "10月末", "当初予定")]
fn class_15_a_hidden_column_yields_to_a_visible_one(
    #[case] hidden: bool,
    #[case] deadline: &str,
    #[case] extra: &str,
) {
    let mut g = grid(
        "進行管理",
        &[
            &["令和8年度 建設部 重点取組進行管理"],
            &["番号", "重点取組", "当初予定", "見直し後", "中間報告"],
            &[
                "1",
                "道路舗装補修の計画的実施",
                "2026年7月末",
                "10月末",
                "発注した。",
            ],
            &["2", "橋梁長寿命化修繕", "2026年9月末", "12月末", ""],
        ],
    );
    if hidden {
        g.hidden_columns = vec![(2, 2)];
    }
    let r = read(&[g]);
    assert_eq!(items(&r)[0].1.as_deref(), Some(deadline));
    let first = r[0].items().next().map(|(_, i)| i.extras.clone());
    assert_eq!(
        first
            .unwrap_or_default()
            .first()
            .map(|e| e.header.to_string()),
        Some(s(extra))
    );
}

#[test]
fn class_15_time_stamps_are_no_deadlines_and_numbered_dates_are() {
    let r = read(&[grid(
        "Sheet1",
        &[
            &[
                "作成日時",
                "部",
                "目標",
                "アクション",
                "締切日",
                "中間コメント",
            ],
            &[
                "2026-04-15 09:12",
                "消防本部",
                "地域の消防力の強化",
                "消防団員の確保",
                "2026-09-30",
                "学生団員5人が入団した。",
            ],
            &[
                "2026-04-15 09:12",
                "消防本部",
                "地域の消防力の強化",
                "救急講習の拡大",
                "2027-01-31",
                "1,420人が受講した。",
            ],
            &[
                "2026-04-15 09:12",
                "消防本部",
                "火災予防の推進",
                "住宅用火災警報器の点検",
                "2027-03-31",
                "",
            ],
            &[
                "2026-04-15 09:12",
                "消防本部",
                "救急体制の充実",
                "救急車の更新",
                "2026-12-25",
                "",
            ],
            &[
                "2026-04-15 09:12",
                "消防本部",
                "職員の育成",
                "救命士の養成",
                "2027-02-28",
                "",
            ],
            &[
                "2026-04-15 09:12",
                "消防本部",
                "防災意識の向上",
                "出前講座の開催",
                "2026-11-30",
                "",
            ],
        ],
    )]);
    assert_eq!(
        roles(&r[0]),
        [
            Role::Extra,
            Role::Department,
            Role::Goal,
            Role::Item,
            Role::Deadline,
            Role::Interim
        ]
    );
    let due: Vec<String> = r[0]
        .items()
        .flat_map(|(_, i)| {
            i.deadlines
                .iter()
                .filter_map(|d| d.due())
                .map(|d| d.to_string())
        })
        .collect();
    assert_eq!(
        due,
        [
            "2026-09-30",
            "2027-01-31",
            "2027-03-31",
            "2026-12-25",
            "2027-02-28",
            "2026-11-30"
        ]
    );
}

//     Month columns: marks of when the work runs make a schedule, which
//     alone makes a table of items (予定 and 実績 rows under one merged
//     item); reports written month by month are a log whose milestone
//     months hold the interim and year-end reports.
#[test]
fn class_15_month_columns_of_marks_are_a_schedule_and_of_reports_a_log() {
    let months = [
        "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月",
    ];
    let header: Vec<&str> = ["取組", "区分"].into_iter().chain(months).collect();
    let mut plan = grid(
        "工程表",
        &[
            &["令和8年度 建設部 工程表"],
            &header,
            &[
                "道路舗装補修の計画的実施",
                "予定",
                "",
                "",
                "",
                "",
                "",
                "→",
                "→",
                "→",
                "→",
            ],
            &["", "実績", "", "", "", "", "", "●", "●"],
            &[
                "橋梁長寿命化修繕",
                "予定",
                "",
                "",
                "",
                "",
                "",
                "",
                "→",
                "→",
                "→",
                "→",
            ],
            &["", "実績"],
        ],
    );
    merge(&mut plan, 2, 0, 3, 0);
    merge(&mut plan, 4, 0, 5, 0);
    let r = read(&[plan]);
    let due: Vec<(String, Vec<String>)> = r[0]
        .items()
        .map(|(_, i)| {
            let due = i
                .deadlines
                .iter()
                .filter_map(|d| d.due())
                .map(|d| d.to_string());
            (i.title().to_string(), due.collect())
        })
        .collect();
    assert_eq!(
        due,
        [
            (s("道路舗装補修の計画的実施"), vec![s("2026-12-31")]),
            (s("橋梁長寿命化修繕"), vec![s("2027-01-31")]),
        ]
    );
    let header: Vec<&str> = ["取組", "期限"].into_iter().chain(months).collect();
    let mut log_row = vec![
        "消防団員の確保",
        "3月",
        "募集開始",
        "",
        "",
        "",
        "",
        "学生団員5人が入団した。",
    ];
    log_row.resize(14, "");
    let log = read(&[grid(
        "月別",
        &[&["令和8年度 消防本部 重点取組"], &header, &log_row],
    )]);
    assert_eq!(
        items(&log),
        [item("消防団員の確保", Some("3月"), "filled", "empty", &[])]
    );
    // Short notes under a heading that names progress are a log too.
    let mut parent = vec!["取組", "期限", "月ごとの進み具合"];
    parent.resize(14, "");
    let sub: Vec<&str> = ["", ""].into_iter().chain(months).collect();
    let mut noted = vec![
        "時間外勤務の縮減",
        "3月",
        "目標設定",
        "",
        "面談実施",
        "",
        "",
        "8%減",
    ];
    noted.resize(14, "");
    let mut sheet = grid(
        "月次",
        &[&["令和8年度 総務部 月次進捗"], &parent, &sub, &noted],
    );
    merge(&mut sheet, 1, 2, 1, 13);
    merge(&mut sheet, 1, 0, 2, 0);
    merge(&mut sheet, 1, 1, 2, 1);
    assert_eq!(
        items(&read(&[sheet])),
        [item(
            "時間外勤務の縮減",
            Some("3月"),
            "filled",
            "empty",
            &[]
        )]
    );
}

// 16. Deadline cells in forms people write.
#[rstest]
#[case::postponed("9月末→12月末", &["2026-12-31"])]
#[case::open_end("10月～（継続）", &[])]
#[case::undecided("時期未定", &[])]
#[case::calendar_year_end("年内", &["2026-12-31"])]
#[case::ditto("同上", &["2027-03-31"])]
#[case::in_the_text("取組内容に記載", &["2026-07-31"])]
fn class_16_deadline_cells_as_people_write_them(#[case] cell: &str, #[case] due: &[&str]) {
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 目標"],
            &["取組項目", "取組内容", "期限"],
            &["研修の実施", "年2回", "年度末"],
            &["窓口の電子化", "7月末までに申請を電子化する", cell],
        ],
    )]);
    let item = r[0].items().nth(1).map(|(_, i)| i.clone()).unwrap();
    let got: Vec<String> = item
        .due_dates()
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    assert_eq!(got, due, "{cell}");
    assert!(
        !r[0]
            .warnings
            .iter()
            .any(|w| w.message.contains("no deadline")),
        "{:?}",
        r[0].warnings
    );
}

// Stable across saves: a save whose cells alone would give a column
// another role keeps the reading of the save before (same headings), with
// a notice; the mapping is kept from the earlier read.
#[test]
fn a_save_that_would_flip_a_columns_role_keeps_the_earlier_reading() {
    use mokuhyo_core::interpret::interpret_workbook_again;
    use mokuhyo_core::model::ReadingSource;
    let sheet = |notes: [&str; 2]| {
        grid(
            "目標",
            &[
                &["令和8年度 総務部 目標"],
                &["やること", "ひとこと", "いつまで"],
                &["窓口の電子化", notes[0], "9月末まで"],
                &["広報紙の刷新", notes[1], "年度末"],
            ],
        )
    };
    let first = read(&[sheet(["", ""])]);
    assert_eq!(roles(&first[0])[0], Role::Item);
    let saved = [sheet([
        "○申請書式の統一と電子申請への移行",
        "○紙面構成の全面的な見直し",
    ])];
    // Read afresh, the new cells would make the second column the items.
    let fresh = read(&saved);
    assert_eq!(roles(&fresh[0])[1], Role::Item, "the test needs a flip");
    let again = match interpret_workbook_again(
        Path::new("令和8年度_目標.xlsx"),
        &saved,
        &FieldDictionary::default(),
        &InterpretOptions::default(),
        &first,
    ) {
        WorkbookOutcome::Reports(r) => r,
        other => panic!("{other:?}"),
    };
    assert_eq!(roles(&again[0]), roles(&first[0]));
    assert_eq!(titles(&again), ["窓口の電子化", "広報紙の刷新"]);
    assert_eq!(again[0].reading.tables[0].source, ReadingSource::Kept);
    assert!(
        again[0]
            .warnings
            .iter()
            .any(|w| w.message.contains("前回の読み方を保ちました")),
        "{:?}",
        again[0].warnings
    );
}
