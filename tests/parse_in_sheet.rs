//! What a person reads inside one sheet beyond one row per item, one
//! column per field: reports written as rows (区分 中間 / 期末), period words
//! in other forms, revised deadlines, department names inside longer ones,
//! tables that are no goals, total rows, dates shown coarser than stored,
//! two levels of one column, goals as bands across the table — on grids
//! written here, with words the dictionary mostly does not hold.

use mokuhyo::grid::CellValue;
use mokuhyo::interpret::{InterpretOptions, KnownDepartment};
use mokuhyo::model::SheetReport;
use rstest::rstest;

use crate::common::grids::{grid, merge, read, read_with, s, status, titles};

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

fn rows(title: &str, a: &'static str, b: &'static str) -> (String, &'static str, &'static str) {
    (s(title), a, b)
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
#[case::brackets(["1", "(1)", "(2)", "2", "(1)"])]
#[case::codes(["1", "1-1", "1-2", "2", "2-1"])]
#[case::circled(["１", "①", "②", "２", "①"])]
fn class_12_goal_rows_numbered_one_way_over_item_rows_numbered_another(#[case] numbers: [&str; 5]) {
    let [g1, i1, i2, g2, i3] = numbers;
    let r = read(&[grid(
        "目標",
        &[
            &["令和8年度 総務部 重点目標"],
            &["No.", "取組", "期限", "中間報告"],
            &[g1, "窓口サービスの向上", "", ""],
            &[i1, "窓口の電子化", "9月末まで", "着手した。"],
            &[i2, "広報紙の刷新", "年度末", ""],
            &[g2, "職員の育成", "", ""],
            &[i3, "職員研修の充実", "12月", ""],
        ],
    )]);
    let goals: Vec<(String, String)> = r
        .iter()
        .flat_map(|rep| rep.items())
        .map(|(g, i)| (g.title.clone(), s(i.title())))
        .collect();
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
