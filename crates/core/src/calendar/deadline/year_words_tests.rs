//! Tests of the times of a year named by words: the first month and the
//! halves and quarters of a fiscal year, seasons, the new year, later
//! fiscal years named alone, and the dates that lie outside the sheet's
//! fiscal year.

use super::forms_tests::found_in;
use super::*;
use chrono::Datelike;
use proptest::prelude::*;
use rstest::rstest;

fn found(text: &str) -> Vec<String> {
    found_in(text, 2026)
}

#[rstest]
// The first month of a fiscal year: the end of April.
#[case::start("年度当初", &["年度当初 2026-04-30 Month"])]
#[case::start_hajime("年度初め", &["年度初め 2026-04-30 Month"])]
#[case::start_kana("年度はじめ", &["年度はじめ 2026-04-30 Month"])]
#[case::start_of_this_year("今年度当初", &["今年度当初 2026-04-30 Month"])]
#[case::start_of_the_next("来年度当初", &["来年度当初 2027-04-30 Month"])]
#[case::start_era("令和9年度当初", &["令和9年度当初 2027-04-30 Month"])]
#[case::start_era_full_width("令和９年度当初", &["令和９年度当初 2027-04-30 Month"])]
#[case::start_western("2027年度初め", &["2027年度初め 2027-04-30 Month"])]
#[case::start_with_a_word("年度当初予定", &["年度当初予定 2026-04-30 Month"])]
#[case::start_in_prose("要綱を年度当初に改正する。", &["年度当初 2026-04-30 Month"])]
// Halves of a fiscal year.
#[case::first_half("年度前半", &["年度前半 2026-09-30 Period"])]
#[case::second_half("年度後半", &["年度後半 2027-03-31 Period"])]
#[case::half_after_no("年度の後半に実施", &["年度の後半 2027-03-31 Period"])]
#[case::half_of_this_year("今年度前半まで", &["今年度前半まで 2026-09-30 Period"])]
#[case::half_of_the_next("来年度前半", &["来年度前半 2027-09-30 Period"])]
#[case::half_of_an_era_year("令和9年度上半期", &["令和9年度上半期 2027-09-30 Period"])]
#[case::half_after_a_space("R8年度 下期", &["R8年度 下期 2027-03-31 Period"])]
#[case::first_term("前期", &["前期 2026-09-30 Period"])]
#[case::second_term("後期", &["後期 2027-03-31 Period"])]
#[case::term_in_brackets("研修の実施（後期）", &["後期 2027-03-31 Period"])]
#[case::term_with_a_word("前期中に開催", &["前期中 2026-09-30 Period"])]
#[case::term_of_a_year("R8年度後期", &["R8年度後期 2027-03-31 Period"])]
// Quarters: Q1 is April to June.
#[case::q3("Q3", &["Q3 2026-12-31 Period"])]
#[case::number_first("3Q", &["3Q 2026-12-31 Period"])]
#[case::dai_q("第3Q", &["第3Q 2026-12-31 Period"])]
#[case::q4("Q4", &["Q4 2027-03-31 Period"])]
#[case::q1_full_width("Ｑ１", &["Ｑ１ 2026-06-30 Period"])]
#[case::number_first_full_width("２Ｑ", &["２Ｑ 2026-09-30 Period"])]
#[case::q_with_a_word("Q2末まで", &["Q2末まで 2026-09-30 Period"])]
#[case::q_range("Q1～Q2", &["Q1～Q2 2026-09-30 Period"])]
#[case::q_of_a_year("令和9年度Q1", &["令和9年度Q1 2027-06-30 Period"])]
#[case::q_in_a_list("(1) Q2\n(2) Q4", &["Q2 2026-09-30 Period", "Q4 2027-03-31 Period"])]
// Seasons: the end of the season's last month, a rough date.
#[case::summer("夏頃", &["夏頃 2026-08-31 Season"])]
#[case::autumn("秋頃", &["秋頃 2026-11-30 Season"])]
#[case::winter("冬頃", &["冬頃 2027-02-28 Season"])]
#[case::this_autumn("今秋", &["今秋 2026-11-30 Season"])]
#[case::this_winter("今冬", &["今冬 2027-02-28 Season"])]
#[case::summer_holidays("夏休み中", &["夏休み中 2026-08-31 Season"])]
#[case::summer_vacation("夏季休暇中", &["夏季休暇中 2026-08-31 Season"])]
#[case::autumn_kana("秋ごろ", &["秋ごろ 2026-11-30 Season"])]
#[case::autumn_season("秋季中", &["秋季中 2026-11-30 Season"])]
#[case::season_range("夏～秋", &["夏～秋 2026-11-30 Season"])]
#[case::season_in_prose("関係課と調整し、秋頃に素案をまとめる。", &["秋頃 2026-11-30 Season"])]
#[case::season_alone("秋", &["秋 2026-11-30 Season"])]
#[case::season_of_a_year("令和8年秋頃", &["令和8年秋頃 2026-11-30 Season"])]
#[case::spring_of_a_year("2027年春", &["2027年春 2027-05-31 Season"])]
// The new year: January; before it: 31 December.
#[case::new_year("年明け", &["年明け 2027-01-31 Month"])]
#[case::new_year_in_prose("準備を進め、年明けに公表", &["年明け 2027-01-31 Month"])]
#[case::new_year_early("年明け早々", &["年明け早々 2027-01-31 Month"])]
#[case::new_year_before_a_noun("年明け公表", &["年明け 2027-01-31 Month"])]
#[case::before_the_new_year("年明けまでに", &["年明けまでに 2026-12-31 Period"])]
// A later fiscal year named alone: its end.
#[case::next_year("来年度", &["来年度 2028-03-31 FiscalYearEnd"])]
#[case::next_year_on("次年度以降", &["次年度以降 2028-03-31 FiscalYearEnd"])]
#[case::era_letter_year("R9年度", &["R9年度 2028-03-31 FiscalYearEnd"])]
#[case::era_letter_year_full_width("Ｒ９年度", &["Ｒ９年度 2028-03-31 FiscalYearEnd"])]
#[case::era_year_bracketed("（令和9年度）", &["令和9年度 2028-03-31 FiscalYearEnd"])]
#[case::era_year_with_ni("令和10年度に着手", &["令和10年度 2029-03-31 FiscalYearEnd"])]
#[case::era_year_from("令和9年度から実施", &["令和9年度から 2028-03-31 FiscalYearEnd"])]
#[case::next_year_with_ni("翌年度に実施", &["翌年度 2028-03-31 FiscalYearEnd"])]
fn year_words(#[case] text: &str, #[case] expected: &[&str]) {
    assert_eq!(found(text), expected, "{text}");
}

#[rstest]
#[case::spring("春頃", "春が年度の初め")]
#[case::spring_alone("（春）", "春が年度の初め")]
#[case::winter_of_a_year("令和9年冬", "どの冬か")]
fn seasons_that_cannot_be_told_are_reported(#[case] text: &str, #[case] reason_part: &str) {
    let deadlines = extract_deadlines(text, FiscalYear(2026));
    assert_eq!(deadlines.len(), 1, "{text}: {deadlines:?}");
    match &deadlines[0].kind {
        DeadlineKind::Unresolved { reason } => assert!(reason.contains(reason_part), "{reason}"),
        other => panic!("{text}: {other:?}"),
    }
}

#[rstest]
#[case::elderly("前期高齢者医療の周知")]
#[case::late_elderly("後期高齢者医療制度")]
#[case::compared("前期比5%増")]
#[case::plan_term("基本計画前期の検証を行う")]
#[case::prefecture("秋田県との連携")]
#[case::festival("夏祭りの開催支援")]
#[case::four_seasons("春夏秋冬の魅力を発信")]
#[case::late_autumn("晩秋の風景")]
#[case::winter_holidays("冬休みの居場所づくり")]
#[case::season_in_prose("春の交通安全運動の啓発を行う")]
#[case::fifth_quarter("Q5")]
#[case::numbered_question("Q3. 満足度")]
#[case::question_with_colon("Q1：回答者の年齢")]
#[case::inside_a_code("AQ3")]
#[case::new_year_in_prose("年明けの繁忙期を避けて各課へ照会する")]
#[case::next_year_in_prose("来年度の予算要求に向けて検討を進める")]
#[case::next_year_on_in_prose("次年度以降の公共交通の運営準備に努めます。")]
#[case::this_year("今年度")]
#[case::earlier_year_alone("R5年度")]
#[case::earlier_year_with_ni("令和6年度に策定した計画")]
fn year_word_look_alikes_are_left_alone(#[case] text: &str) {
    assert_eq!(found(text), Vec::<String>::new(), "{text}");
}

#[rstest]
#[case::figure_after_a_later_year("R4年度 55.8% → R5年度 70%", 2022)]
#[case::term_of_a_measure("【税額控除特例措置適用期限 令和6年度】", 2023)]
#[case::heading_of_the_year("令和8年度 組織目標", 2026)]
#[case::heading_of_a_later_year("R6年度計画", 2023)]
#[case::budget_of_a_later_year("令和9年度予算の要求", 2026)]
#[case::start_of_a_later_term_in_a_description("第3期総合戦略（令和9年度～）との一体的策定", 2026)]
fn fiscal_year_labels_stay_labels(#[case] text: &str, #[case] fy: i32) {
    assert_eq!(found_in(text, fy), Vec::<String>::new(), "{text}");
}

#[rstest]
#[case::heisei("H30.3", Some(OutsideYear::Before))]
#[case::last_march("R7.3", Some(OutsideYear::Before))]
#[case::last_year("前年度中", Some(OutsideYear::Before))]
#[case::day_before("2026/3/31", Some(OutsideYear::Before))]
#[case::later_year("R9年度", Some(OutsideYear::After))]
#[case::next_year("来年度", Some(OutsideYear::After))]
#[case::start_of_the_next("令和9年度当初", Some(OutsideYear::After))]
#[case::end_of_the_next("翌年度末", Some(OutsideYear::After))]
#[case::day_after("2027/4/1", Some(OutsideYear::After))]
#[case::first_day("2026/4/1", None)]
#[case::last_day("3月末", None)]
#[case::year_end("年度末", None)]
#[case::start("年度当初", None)]
#[case::winter("冬頃", None)]
fn dates_outside_the_year_are_kept_and_told(#[case] text: &str, #[case] side: Option<OutsideYear>) {
    let deadlines = extract_deadlines(text, FiscalYear(2026));
    assert_eq!(deadlines.len(), 1, "{text}: {deadlines:?}");
    assert!(deadlines[0].due().is_some(), "{text}: the date is kept");
    assert_eq!(deadlines[0].outside_year(FiscalYear(2026)), side, "{text}");
}

#[test]
fn a_deadline_without_a_date_is_never_outside() {
    for text in ["通年", "未定", "13月"] {
        let deadlines = extract_deadlines(text, FiscalYear(2026));
        assert_eq!(deadlines.len(), 1, "{text}");
        assert_eq!(deadlines[0].outside_year(FiscalYear(2026)), None, "{text}");
    }
}

/// A quarter written in any form read: Q3, 3Q, 第3Q, 第3四半期, full-width.
fn quarter_text(n: u32, form: usize) -> String {
    match form {
        0 => format!("Q{n}"),
        1 => format!("{n}Q"),
        2 => format!("第{n}Q"),
        3 => format!("第{n}四半期"),
        _ => format!("Ｑ{}", char::from_u32(0xFF10 + n).unwrap()),
    }
}

proptest! {
    #[test]
    fn every_quarter_lies_inside_its_fiscal_year(fy in 1900i32..2200, n in 1u32..=4, form in 0usize..5) {
        let text = quarter_text(n, form);
        let deadlines = extract_deadlines(&text, FiscalYear(fy));
        prop_assert_eq!(deadlines.len(), 1, "{}", text);
        let date = deadlines[0].due();
        prop_assert!(date.is_some_and(|d| FiscalYear(fy).contains(d)), "{} {:?}", text, date);
        // The quarters follow each other: Q1 ends in June, Q4 in March.
        let month = date.map(|d| d.month());
        prop_assert_eq!(month, Some([6, 9, 12, 3][n as usize - 1]));
    }

    #[test]
    fn the_parts_of_a_fiscal_year_lie_inside_it(
        fy in 1900i32..2200,
        word in prop::sample::select(vec![
            "年度当初", "年度初め", "年度前半", "年度後半", "上半期", "下期", "前期", "後期",
            "夏頃", "秋頃", "冬頃", "今秋", "年明け", "年度内",
        ]),
    ) {
        let deadlines = extract_deadlines(word, FiscalYear(fy));
        prop_assert_eq!(deadlines.len(), 1, "{}", word);
        prop_assert_eq!(deadlines[0].outside_year(FiscalYear(fy)), None, "{}", word);
        prop_assert!(deadlines[0].due().is_some(), "{}", word);
    }

    #[test]
    fn a_two_digit_year_is_read_only_next_to_the_fiscal_year(
        fy in 2000i32..2090,
        yy in 0u32..100,
        month in 1u32..=12,
        day in 1u32..=28,
    ) {
        let text = format!("{yy:02}.{month}.{day}");
        for deadline in extract_deadlines(&text, FiscalYear(fy)) {
            let date = deadline.due();
            let near = (fy - 1..=fy + 1).any(|y| date.is_some_and(|d| FiscalYear(y).contains(d)));
            prop_assert!(near, "{} in {}: {:?}", text, fy, date);
        }
    }
}
