//! Tests of the deadline forms read besides those of the seed sheets: each
//! form with the date it stands for, and the look-alikes left alone.

use super::*;
use rstest::rstest;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// `phrase date precision` per deadline found in a FY2026 cell.
fn found(text: &str) -> Vec<String> {
    extract_deadlines(text, FiscalYear(2026))
        .iter()
        .map(|deadline| match &deadline.kind {
            DeadlineKind::Due { date, precision } => {
                format!("{} {date} {precision:?}", deadline.phrase)
            }
            other => format!("{} {other:?}", deadline.phrase),
        })
        .collect()
}

#[rstest]
// A month and day without a year lies inside the fiscal year.
#[case::month_day("3/15", &["3/15 2027-03-15 Day"])]
#[case::month_day_late_in_the_year("10/1まで", &["10/1まで 2026-10-01 Day"])]
#[case::month_day_full_width("１２／２５", &["１２／２５ 2026-12-25 Day"])]
#[case::month_day_in_a_list("(1) 6/30\n(2) 3/15", &["6/30 2026-06-30 Day", "3/15 2027-03-15 Day"])]
// An era letter with slashes.
#[case::era_slashes("R8/1/20", &["R8/1/20 2026-01-20 Day"])]
#[case::era_slashes_full_width("Ｒ９／２／１", &["Ｒ９／２／１ 2027-02-01 Day"])]
#[case::era_slashes_month("R8/12", &["R8/12 2026-12-31 Month"])]
#[case::heisei_slashes("H30/4/1", &["H30/4/1 2018-04-01 Day"])]
// A Western year and month joined by a dot: the end of that month.
#[case::western_dot("2027.2", &["2027.2 2027-02-28 Month"])]
#[case::western_dot_two_digits("2026.12まで", &["2026.12まで 2026-12-31 Month"])]
// A range of parts of one month: the end of the later part.
#[case::early_to_late("11月上旬～下旬", &["11月上旬～下旬 2026-11-30 Day"])]
#[case::early_to_middle("6月上旬から中旬", &["6月上旬から中旬 2026-06-20 Day"])]
#[case::middle_to_end("1月中旬~末", &["1月中旬~末 2027-01-31 Month"])]
// The month of an assembly session.
#[case::assembly("9月議会", &["9月議会 2026-09-30 Month"])]
#[case::assembly_session("12月定例会に上程", &["12月定例会 2026-12-31 Month"])]
#[case::assembly_in_brackets("（3月定例議会）", &["3月定例議会 2027-03-31 Month"])]
// Months joined by a middle dot are each a deadline.
#[case::dotted_months("（7・1月）", &["7 2026-07-31 Month", "1月 2027-01-31 Month"])]
#[case::three_dotted_months("6・9・12月", &["6 2026-06-30 Month", "9 2026-09-30 Month", "12月 2026-12-31 Month"])]
#[case::dotted_months_with_end("7・1月末", &["7 2026-07-31 Month", "1月末 2027-01-31 Month"])]
fn new_forms(#[case] text: &str, #[case] expected: &[&str]) {
    assert_eq!(found(text), expected, "{text}");
}

#[rstest]
#[case::fraction_in_prose("職員の1/3が参加する研修を拡充し、全庁に広げていく", 2026)]
#[case::not_a_month("13/5", 2026)]
#[case::not_a_day("3/45", 2026)]
#[case::american_date("3/15/2027", 2026)]
#[case::ratio_percent("1/2%", 2026)]
#[case::decimal_figure("2027.25", 2026)]
#[case::decimal_percent("2026.5%", 2026)]
#[case::not_a_month_dot("2026.13", 2026)]
#[case::dot_list_without_month("3・4年生を対象に", 2026)]
#[case::assembly_past("9月議会で補正予算を可決した。", 2026)]
fn look_alikes_are_left_alone(#[case] text: &str, #[case] fy: i32) {
    assert_eq!(
        extract_deadlines(text, FiscalYear(fy)),
        Vec::new(),
        "{text}"
    );
}

#[test]
fn month_day_dates_are_kept_with_a_deadline_word_in_prose() {
    let text = "関係団体と調整を行い、3/15までに要綱を改正する。";
    let deadlines = extract_deadlines(text, FiscalYear(2026));
    assert_eq!(deadlines.len(), 1, "{deadlines:?}");
    assert_eq!(deadlines[0].due(), Some(d(2027, 3, 15)));
    assert_eq!(deadlines[0].phrase, "3/15までに");
}
