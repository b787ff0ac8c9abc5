//! Tests of the deadline forms read besides those of the seed sheets: each
//! form with the date it stands for, and the look-alikes left alone.

use super::*;
use rstest::rstest;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// `phrase date precision` per deadline found in a FY2026 cell.
fn found(text: &str) -> Vec<String> {
    found_in(text, 2026)
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

/// `phrase date precision` (or `phrase Kind`) per deadline found in a cell
/// of fiscal year `fy`.
pub(super) fn found_in(text: &str, fy: i32) -> Vec<String> {
    extract_deadlines(text, FiscalYear(fy))
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
// An arrow: the deadline after the last arrow is the one in force.
#[case::arrow("9月末→12月末", &["12月末 2026-12-31 Month"])]
#[case::arrow_full_width("９月末→１２月末", &["１２月末 2026-12-31 Month"])]
#[case::arrow_kanji("九月末→十二月末", &["十二月末 2026-12-31 Month"])]
#[case::arrow_era("令和8年9月末→令和8年12月末", &["令和8年12月末 2026-12-31 Month"])]
#[case::arrow_western("2026年9月末→2026年12月末", &["2026年12月末 2026-12-31 Month"])]
#[case::arrow_era_letters("R8.9→R8.12", &["R8.12 2026-12-31 Month"])]
#[case::double_arrow_with_spaces("9月末 ⇒ 12月末（延期）", &["12月末 2026-12-31 Month"])]
#[case::arrow_on_its_own_line("9月末\n↓\n12月末", &["12月末 2026-12-31 Month"])]
#[case::ascii_arrow("9月末->12月末", &["12月末 2026-12-31 Month"])]
#[case::ascii_double_arrow("9月末=>12月末", &["12月末 2026-12-31 Month"])]
#[case::moved_twice("9月末⇒12月末⇒2月末", &["2月末 2027-02-28 Month"])]
#[case::in_a_labelled_list("(1) 9月末→12月末\n(2) 3月末", &["12月末 2026-12-31 Month", "3月末 2027-03-31 Month"])]
// Struck through with ~~.
#[case::struck("~~令和8年9月~~→令和9年1月", &["令和9年1月 2027-01-31 Month"])]
#[case::struck_full_width("～～令和８年９月～～→令和９年１月", &["令和９年１月 2027-01-31 Month"])]
#[case::struck_without_arrow("~~9月末~~ 12月末", &["12月末 2026-12-31 Month"])]
#[case::struck_before_a_date("~~9月末~~12月末", &["12月末 2026-12-31 Month"])]
// Marked as the original, or followed by a word of postponing.
#[case::original_and_change("当初：8月 → 変更：11月", &["11月 2026-11-30 Month"])]
#[case::original_and_change_full_width("当初：８月　→　変更：１１月", &["１１月 2026-11-30 Month"])]
#[case::original_and_change_on_lines("当初 8月\n変更 11月", &["11月 2026-11-30 Month"])]
#[case::original_in_brackets("9月末（当初予定）→12月末", &["12月末 2026-12-31 Month"])]
#[case::original_after("12月末に延期（当初9月末）", &["12月末 2026-12-31 Month"])]
#[case::extended("工期を3月末まで延長（当初12月末）", &["3月末まで 2027-03-31 Month"])]
#[case::postponed_to("9月末を12月末に延期", &["12月末 2026-12-31 Month"])]
#[case::postponed_in_brackets("9月末（12月末に延期）", &["12月末 2026-12-31 Month"])]
#[case::postponed_in_the_past_tense("9月末→12月末に延期した", &["12月末 2026-12-31 Month"])]
#[case::postponed_from("12月末（9月末から延期）", &["12月末 2026-12-31 Month"])]
#[case::arrow_in_brackets("9月末（→12月末）", &["12月末 2026-12-31 Month"])]
#[case::periods("上半期→下半期", &["下半期 2027-03-31 Period"])]
#[case::fiscal_year_ends("年度内→翌年度末", &["翌年度末 2028-03-31 FiscalYearEnd"])]
// Moved to no date, or to ongoing work.
#[case::to_undecided("9月末→未定", &["未定 Undecided"])]
#[case::to_ongoing("9月末→継続", &["継続 Ongoing"])]
fn postponed_deadlines_keep_the_one_in_force(#[case] text: &str, #[case] expected: &[&str]) {
    assert_eq!(found(text), expected, "{text}");
}

#[rstest]
// Steps joined by arrows with work named between them: each a deadline.
#[case::steps("6月 素案 → 9月 パブコメ → 12月 策定", &["6月 2026-06-30 Month", "9月 2026-09-30 Month", "12月 2026-12-31 Month"])]
#[case::items_of_a_list("(1) 9月末\n(2) 12月末", &["9月末 2026-09-30 Month", "12月末 2026-12-31 Month"])]
#[case::sentences("9月末までに素案を作成する。12月末までに策定する。", &["9月末までに 2026-09-30 Month", "12月末までに 2026-12-31 Month"])]
#[case::not_a_mark_of_the_original("復旧：9月末、開通：12月末", &["9月末 2026-09-30 Month", "12月末 2026-12-31 Month"])]
#[case::original_of_another_item("(1) 当初9月末\n(2) 12月末", &["9月末 2026-09-30 Month", "12月末 2026-12-31 Month"])]
#[case::moved_away_from("9月末を延期し、12月に再開", &["12月 2026-12-31 Month"])]
#[case::figures_with_an_arrow("R4年度 55.8% → R5年度 70%", &[])]
fn dates_beside_others_stay_deadlines(#[case] text: &str, #[case] expected: &[&str]) {
    assert_eq!(found(text), expected, "{text}");
}

#[rstest]
// A start with no end states no due date.
#[case::tilde("10月～", &[])]
#[case::tilde_full_width("１０月～", &[])]
#[case::tilde_spaced("10月 ～", &[])]
#[case::tilde_line_break("10月～\n", &[])]
#[case::kara_kanji("十月から", &[])]
#[case::kara_era("令和8年10月から", &[])]
#[case::era_letters("R8.10～", &[])]
#[case::western("2026年10月～", &[])]
#[case::ikou("10月以降順次", &[])]
// …and one that says the work goes on is ongoing.
#[case::ikou_keizoku("10月以降継続", &["継続 Ongoing"])]
#[case::ikou_keizoku_full_width("１０月以降継続", &["継続 Ongoing"])]
#[case::ikou_mo_keizoku("10月以降も継続", &["継続 Ongoing"])]
#[case::tilde_keizoku("10月～継続", &["継続 Ongoing"])]
#[case::kara_keizoku_jisshi("10月から継続実施", &["継続実施 Ongoing"])]
#[case::era_bracketed("令和8年10月～（継続）", &["継続 Ongoing"])]
#[case::era_bracketed_full_width("令和８年１０月～（継続）", &["継続 Ongoing"])]
#[case::kara_zuiji("10月から随時", &["随時 Ongoing"])]
// …and one whose work is the beginning itself is due then.
#[case::kara_unyou_kaishi("令和8年7月から運用開始", &["令和8年7月 2026-07-31 Month"])]
#[case::yori_uketsuke_kaishi_yotei("１０月より受付開始予定", &["１０月 2026-10-31 Month"])]
#[case::kara_shikou("令和9年1月から施行", &["令和9年1月 2027-01-31 Month"])]
#[case::kara_dankaiteki_ni_kaishi("10月から段階的に開始", &[])]
#[case::kara_dounyuu("10月から導入", &[])]
#[case::keizokuchuu("R8.10～継続中", &["継続中 Ongoing"])]
#[case::then_ikou_keizoku("10月から実施し、以降継続", &["以降継続 Ongoing"])]
#[case::then_ikou_keizoku_next_line("10月から実施し、\n以降継続", &["以降継続 Ongoing"])]
#[case::open_end_undecided("10月～未定", &["未定 Undecided"])]
// A range still stands for its end, also with a doubled mark.
#[case::closed_range("10月～3月", &["10月～3月 2027-03-31 Month"])]
#[case::doubled_range_mark("10月～～12月", &["10月～～12月 2026-12-31 Month"])]
fn open_ended_ranges_have_no_due_date(#[case] text: &str, #[case] expected: &[&str]) {
    assert_eq!(found(text), expected, "{text}");
}

#[rstest]
#[case::mitei("未定", &["未定 Undecided"])]
#[case::mitei_bracketed("（未定）", &["未定 Undecided"])]
#[case::jiki_mitei("時期未定", &["時期未定 Undecided"])]
#[case::jisshi_jiki_wa_mitei("実施時期は未定", &["実施時期は未定 Undecided"])]
#[case::jiki_colon_mitei("時期：未定", &["時期：未定 Undecided"])]
#[case::choseichu("調整中", &["調整中 Undecided"])]
#[case::nittei_choseichu("日程調整中", &["日程調整中 Undecided"])]
#[case::genzai_choseichu("現在調整中", &["現在調整中 Undecided"])]
#[case::mikakutei("未確定", &["未確定 Undecided"])]
#[case::one_is_enough("検討中（未定）", &["検討中 Undecided"])]
#[case::placeholder_month("○月頃（予定）", &["○月頃 Undecided"])]
#[case::placeholder_kanji_zero("〇月頃(予定)", &["〇月頃 Undecided"])]
#[case::placeholder_black("●月", &["●月 Undecided"])]
#[case::placeholder_day("○月○日", &["○月○日 Undecided"])]
#[case::placeholder_month_of_a_year("令和8年○月", &["令和8年○月 Undecided"])]
#[case::placeholder_full_width("令和８年〇月頃", &["令和８年〇月頃 Undecided"])]
#[case::per_item("(1) 9月末\n(2) 未定", &["9月末 2026-09-30 Month", "未定 Undecided"])]
// A deadline stated beside it is kept, and the undecided word qualifies it.
#[case::year_level_kept("R8年度中（時期は調整中）", &["R8年度中 2027-03-31 FiscalYearEnd"])]
#[case::year_level_kept_full_width("Ｒ８年度中（時期は調整中）", &["Ｒ８年度中 2027-03-31 FiscalYearEnd"])]
#[case::year_level_kept_era("令和8年度中（時期未定）", &["令和8年度中 2027-03-31 FiscalYearEnd"])]
#[case::month_kept("9月頃（未定）", &["9月頃 2026-09-30 Month"])]
// Not about a date, or not standing on its own.
#[case::draft("未定稿の整理", &[])]
#[case::in_prose("方針を検討中であり、導入の可否を判断する", &[])]
#[case::in_a_sentence("導入に向けて関係課と調整中です。", &[])]
#[case::past("時期は未定だった", &[])]
#[case::compound("未決裁文書の削減", &[])]
fn undecided_dates(#[case] text: &str, #[case] expected: &[&str]) {
    assert_eq!(found(text), expected, "{text}");
}

#[rstest]
#[case::after_a_sentence("9月末まで。ただし報告は3/15", &["9月末まで 2026-09-30 Month", "3/15 2027-03-15 Day"])]
#[case::after_a_sentence_full_width("９月末まで。ただし報告は３／１５", &["９月末まで 2026-09-30 Month", "３／１５ 2027-03-15 Day"])]
#[case::after_a_line_break("9月末まで。\nただし報告は3/15", &["9月末まで 2026-09-30 Month", "3/15 2027-03-15 Day"])]
#[case::after_a_long_subject("9月末まで。ただし、最終報告書の提出は3/15", &["9月末まで 2026-09-30 Month", "3/15 2027-03-15 Day"])]
#[case::in_brackets("年度内（最終報告 3/15）", &["年度内 2027-03-31 FiscalYearEnd", "3/15 2027-03-15 Day"])]
#[case::in_long_brackets("年度内（ただし最終報告書の提出は3/15）", &["年度内 2027-03-31 FiscalYearEnd", "3/15 2027-03-15 Day"])]
#[case::in_brackets_after_a_sentence("年度内に計画を策定する（最終報告 3/15）", &["年度内 2027-03-31 FiscalYearEnd", "3/15 2027-03-15 Day"])]
#[case::before_a_noun("上半期に素案、3/20公表", &["上半期 2026-09-30 Period", "3/20 2027-03-20 Day"])]
#[case::before_a_noun_full_width("上半期に素案、３／２０公表", &["上半期 2026-09-30 Period", "３／２０ 2027-03-20 Day"])]
#[case::before_a_noun_long("上半期に素案を作成し、パブリックコメントを経て3/20公表", &["上半期 2026-09-30 Period", "3/20 2027-03-20 Day"])]
#[case::kanji("上半期に素案、三月二十日公表", &["上半期 2026-09-30 Period", "三月二十日 2027-03-20 Day"])]
#[case::era("上半期に素案、R9.3.20公表", &["上半期 2026-09-30 Period", "R9.3.20 2027-03-20 Day"])]
#[case::western("上半期に素案、2027/3/20公表", &["上半期 2026-09-30 Period", "2027/3/20 2027-03-20 Day"])]
#[case::after_a_colon("提出期限：3/15", &["3/15 2027-03-15 Day"])]
#[case::after_a_deadline_noun("締切 3/15 厳守", &["3/15 2027-03-15 Day"])]
// A fraction or a figure is no date.
#[case::fraction("報告書の様式を改め、毎月の実績を3/4以上の課で共有する", &[])]
fn month_day_dates_after_other_phrases(#[case] text: &str, #[case] expected: &[&str]) {
    assert_eq!(found(text), expected, "{text}");
}

#[rstest]
#[case::nenmatsu("年末", 2026, &["年末 2026-12-31 Period"])]
#[case::nennai("年内", 2026, &["年内 2026-12-31 Period"])]
#[case::nennai_other_year("年内", 2025, &["年内 2025-12-31 Period"])]
#[case::nennai_ni("年内に完了", 2026, &["年内 2026-12-31 Period"])]
#[case::nennai_kanryo("年内完了", 2026, &["年内 2026-12-31 Period"])]
#[case::nenmatsu_made("年末まで", 2026, &["年末まで 2026-12-31 Period"])]
#[case::nenmatsu_madeni("年末までに", 2026, &["年末までに 2026-12-31 Period"])]
#[case::nennai_medo("年内目途", 2026, &["年内目途 2026-12-31 Period"])]
#[case::konnenmatsu("今年末", 2026, &["今年末 2026-12-31 Period"])]
#[case::honnennai("本年内", 2026, &["本年内 2026-12-31 Period"])]
#[case::rainenmatsu("来年末", 2026, &["来年末 2027-12-31 Period"])]
#[case::rekinenmatsu("暦年末", 2026, &["暦年末 2026-12-31 Period"])]
#[case::rekinennai("暦年内", 2026, &["暦年内 2026-12-31 Period"])]
#[case::era("令和8年末", 2026, &["令和8年末 2026-12-31 Period"])]
#[case::era_full_width("令和８年末", 2026, &["令和８年末 2026-12-31 Period"])]
#[case::era_kanji("令和八年末", 2026, &["令和八年末 2026-12-31 Period"])]
#[case::era_letter("R8年末", 2026, &["R8年末 2026-12-31 Period"])]
#[case::western("2026年末", 2026, &["2026年末 2026-12-31 Period"])]
#[case::era_nennai("令和8年内", 2026, &["令和8年内 2026-12-31 Period"])]
#[case::era_nenchu("令和8年中に", 2026, &["令和8年中 2026-12-31 Period"])]
#[case::western_nennai("2026年内", 2026, &["2026年内 2026-12-31 Period"])]
#[case::stated_year_stands("令和5年末", 2026, &["令和5年末 2023-12-31 Period"])]
#[case::in_a_list("(1) 年内\n(2) 年度末", 2026, &["年内 2026-12-31 Period", "年度末 2027-03-31 FiscalYearEnd"])]
#[case::december("12月末まで", 2026, &["12月末まで 2026-12-31 Month"])]
// Words that hold 年末 or 年内 without naming a deadline.
#[case::new_year_holidays("年末年始の窓口", 2026, &[])]
#[case::tax_adjustment("年末調整事務の効率化を図るため、電子申告を推進する", 2026, &[])]
#[case::years_count("5年内に", 2026, &[])]
#[case::years_count_kana("5か年内に", 2026, &[])]
#[case::compared_with("前年末比5%増", 2026, &[])]
#[case::looking_back("昨年末に策定した計画", 2026, &[])]
#[case::in_prose("年末の繁忙期を避けて各課の意見を聴取する", 2026, &[])]
fn calendar_year_ends(#[case] text: &str, #[case] fy: i32, #[case] expected: &[&str]) {
    assert_eq!(found_in(text, fy), expected, "{text}");
}

#[rstest]
#[case::ditto("〃", Some(DeadlineReference::RowAbove))]
#[case::ditto_prime("″", Some(DeadlineReference::RowAbove))]
#[case::ditto_twice("〃 〃", Some(DeadlineReference::RowAbove))]
#[case::doujou("同上", Some(DeadlineReference::RowAbove))]
#[case::doujou_spaced("同　上", Some(DeadlineReference::RowAbove))]
#[case::doujou_bracketed("（同上）", Some(DeadlineReference::RowAbove))]
#[case::doujou_quoted("「〃」", Some(DeadlineReference::RowAbove))]
#[case::doujou_line_break("同上\n", Some(DeadlineReference::RowAbove))]
#[case::ue_ni_onaji("上に同じ", Some(DeadlineReference::RowAbove))]
#[case::zenkou("前項のとおり", Some(DeadlineReference::RowAbove))]
#[case::jouki("上記のとおり", Some(DeadlineReference::ItemText))]
#[case::jouki_sanshou("※上記参照", Some(DeadlineReference::ItemText))]
#[case::saki("左記のとおり", Some(DeadlineReference::ItemText))]
#[case::saki_kanji_variant("左記の通り。", Some(DeadlineReference::ItemText))]
#[case::dousa("同左", Some(DeadlineReference::ItemText))]
#[case::torikumi_naiyou("取組内容に記載", Some(DeadlineReference::ItemText))]
#[case::naiyou_ran("内容欄のとおり", Some(DeadlineReference::ItemText))]
#[case::jisshi_naiyou("実施内容参照", Some(DeadlineReference::ItemText))]
#[case::sa_ran("左欄に記載", Some(DeadlineReference::ItemText))]
#[case::kaku_koumoku("各項目に記載のとおり", Some(DeadlineReference::ItemText))]
#[case::with_a_lead("期限は左記のとおり", Some(DeadlineReference::ItemText))]
#[case::field_column("取組内容欄参照", Some(DeadlineReference::ItemText))]
#[case::bessi("別紙のとおり", Some(DeadlineReference::Document { name: "別紙".into() }))]
#[case::bessi_number("別紙２のとおり", Some(DeadlineReference::Document { name: "別紙2".into() }))]
#[case::bessi_bracketed("（別紙1参照）", Some(DeadlineReference::Document { name: "別紙1".into() }))]
#[case::bessi_title("別紙「工程表」のとおり", Some(DeadlineReference::Document { name: "別紙「工程表」".into() }))]
#[case::betten("別添資料のとおり", Some(DeadlineReference::Document { name: "別添資料".into() }))]
#[case::tenpu("添付資料のとおり", Some(DeadlineReference::Document { name: "添付資料".into() }))]
#[case::shiryou("資料3参照", Some(DeadlineReference::Document { name: "資料3".into() }))]
// A cell that says more than the reference, or no reference.
#[case::with_a_date("同上（9月末）", None)]
#[case::a_date("9月末", None)]
#[case::undecided("未定", None)]
#[case::empty("", None)]
#[case::spaces_only("　", None)]
#[case::above_alone("上", None)]
#[case::material_alone("資料", None)]
#[case::prose("上記の取組を推進する", None)]
#[case::making_an_attachment("別紙の作成", None)]
#[case::same_programme("同上の取組", None)]
fn references_to_another_cell(#[case] text: &str, #[case] expected: Option<DeadlineReference>) {
    assert_eq!(deadline_reference(text), expected, "{text}");
}

#[test]
fn a_reference_states_no_deadline() {
    for text in ["同上", "〃", "上記のとおり", "別紙のとおり"] {
        assert_eq!(
            extract_deadlines(text, FiscalYear(2026)),
            Vec::new(),
            "{text}"
        );
    }
}

#[test]
fn spans_of_postponed_and_undecided_phrases_point_into_the_text() {
    let text = "（１）　９月末→１２月末\n（２）　時期は調整中";
    let deadlines = extract_deadlines(text, FiscalYear(2026));
    let phrases: Vec<&str> = deadlines.iter().map(|d| &text[d.span.clone()]).collect();
    assert_eq!(phrases, ["１２月末", "時期は調整中"]);
    let labels: Vec<&[String]> = deadlines.iter().map(|d| d.labels.as_slice()).collect();
    assert_eq!(labels, [["(1)".to_string()], ["(2)".to_string()]]);
}

#[rstest]
// The end of a month written where its day would be.
#[case::slash_end("9/末", &["9/末 2026-09-30 Month"])]
#[case::slash_end_made("3/末まで", &["3/末まで 2027-03-31 Month"])]
#[case::slash_end_day("12/末日", &["12/末日 2026-12-31 Month"])]
#[case::slash_end_full_width("９／末", &["９／末 2026-09-30 Month"])]
#[case::slash_end_western("2026/11/末", &["2026/11/末 2026-11-30 Month"])]
#[case::slash_end_era("R8/12/末", &["R8/12/末 2026-12-31 Month"])]
#[case::slash_end_in_prose("素案を9/末までに作成する", &["9/末までに 2026-09-30 Month"])]
// A two-digit year next to the fiscal year: its Western year's last digits.
#[case::short_year("27.3.31", &["27.3.31 2027-03-31 Day"])]
#[case::short_year_slashes("26/10/1", &["26/10/1 2026-10-01 Day"])]
#[case::short_year_full_width("２７．３．３１", &["２７．３．３１ 2027-03-31 Day"])]
#[case::short_year_made("27.2.15まで", &["27.2.15まで 2027-02-15 Day"])]
#[case::short_year_next_year("28.3.31", &["28.3.31 2028-03-31 Day"])]
// An ISO year and month, as exports write it.
#[case::iso_month("2026-12", &["2026-12 2026-12-31 Month"])]
#[case::iso_month_made("2027-03まで", &["2027-03まで 2027-03-31 Month"])]
#[case::iso_month_full_width("２０２６－０９", &["２０２６－０９ 2026-09-30 Month"])]
// Parts of a month: like 上旬 (the 10th) and 中旬 (the 20th).
#[case::month_head("9月頭", &["9月頭 2026-09-10 Day"])]
#[case::month_first_half("9月前半", &["9月前半 2026-09-15 Day"])]
#[case::month_second_half("9月後半", &["9月後半 2026-09-30 Day"])]
#[case::month_beginning("11月初め", &["11月初め 2026-11-10 Day"])]
#[case::month_beginning_kana("2月はじめまで", &["2月はじめまで 2027-02-10 Day"])]
#[case::month_middle("1月半ば", &["1月半ば 2027-01-20 Day"])]
#[case::month_first_half_kanji("十月前半", &["十月前半 2026-10-15 Day"])]
#[case::month_head_full_width("１１月頭", &["１１月頭 2026-11-10 Day"])]
#[case::month_first_half_era("令和9年2月前半", &["令和9年2月前半 2027-02-15 Day"])]
#[case::month_halves_range("6月前半～後半", &["6月前半～後半 2026-06-30 Day"])]
// A fiscal year of the sheet's era without the era's name.
#[case::fiscal_year_of_the_era("8年度末", &["8年度末 2027-03-31 FiscalYearEnd"])]
#[case::fiscal_year_of_the_era_within("９年度中", &["９年度中 2028-03-31 FiscalYearEnd"])]
// An era's first kanji alone, as its letter is written.
#[case::era_kanji_abbreviated("令8.12", &["令8.12 2026-12-31 Month"])]
#[case::era_kanji_abbreviated_day("平31.3.29", &["平31.3.29 2019-03-29 Day"])]
// Quarters of a fiscal year written after it.
#[case::western_year_quarter("2026Q3", &["2026Q3 2026-12-31 Period"])]
#[case::western_year_quarter_dash("2026-Q4", &["2026-Q4 2027-03-31 Period"])]
#[case::era_letter_quarter("R8Q1", &["R8Q1 2026-06-30 Period"])]
// The numbered regular sessions of the assembly: March, June, September, December.
#[case::numbered_session("第4回定例会", &["第4回定例会 2026-12-31 Month"])]
#[case::numbered_session_first("第1回定例会に提出", &["第1回定例会 2027-03-31 Month"])]
#[case::numbered_session_of_a_year("令和8年第3回定例会", &["令和8年第3回定例会 2026-09-30 Month"])]
fn date_forms(#[case] text: &str, #[case] expected: &[&str]) {
    assert_eq!(found(text), expected, "{text}");
}

#[rstest]
#[case::figure_with_one_dot("27.3", 2026)]
#[case::version_number("10.2.1", 2026)]
#[case::far_from_the_year("15.3.31", 2026)]
#[case::two_years_ahead("29.3.31", 2026)]
#[case::short_year_of_another_sheet("27.3.31", 2010)]
#[case::one_digit_iso_month("2026-1", 2026)]
#[case::not_an_iso_month("2026-13", 2026)]
#[case::year_span("2020-2025", 2026)]
#[case::slash_end_not_a_month("13/末", 2026)]
#[case::era_year_far_from_the_sheets("28年度末", 2026)]
#[case::year_count("第8年度", 2026)]
#[case::fifth_session("第5回定例会", 2026)]
#[case::not_an_era("平8", 2026)]
fn date_look_alikes_are_left_alone(#[case] text: &str, #[case] fy: i32) {
    assert_eq!(found_in(text, fy), Vec::<String>::new(), "{text}");
}

#[rstest]
#[case::monthly_once("月1回", "月1回")]
#[case::weekly("毎週", "毎週")]
#[case::every_month_end("毎月末", "毎月末")]
#[case::weekly_once("週1回", "週1回")]
#[case::monthly_once_with_ni("月に1回", "月に1回")]
#[case::kanji_count("月一回", "月一回")]
#[case::about_twice_a_week("週2回程度", "週2回程度")]
#[case::full_width_count("週１回", "週１回")]
#[case::a_day_of_every_month("毎月15日", "毎月15日")]
#[case::a_day_of_every_week("毎週月曜", "毎週月曜")]
#[case::a_weekday_of_every_month("毎月第2日曜日", "毎月第2日曜日")]
#[case::a_weekday_before_ni("毎月第３水曜に開催", "毎月第３水曜")]
#[case::every_other_month("隔月", "隔月")]
#[case::every_fiscal_year("毎年度", "毎年度")]
#[case::every_year_end("毎年末に点検", "毎年末")]
#[case::bracketed("（毎月末）", "毎月末")]
#[case::before_a_noun("年4回開催", "年4回")]
#[case::as_needed("適宜", "適宜")]
#[case::each_time("都度", "都度")]
fn recurring_work_is_ongoing(#[case] text: &str, #[case] phrase: &str) {
    assert_eq!(found(text), [format!("{phrase} Ongoing")], "{text}");
}

#[rstest]
#[case::count_in_a_compound("毎月2回の定例会議を行い")]
#[case::weekday_in_a_compound("毎月第2日曜の朝市を開く")]
#[case::a_numbered_time("令和8年1回目の会議")]
#[case::past("研修を月1回開催した。")]
#[case::inside_a_word("歳月1回限り")]
// After を it is the object's schedule told in prose (a report of the work).
#[case::schedule_in_prose("定例会を毎月開催し、職員の増加に努めている。")]
fn recurring_look_alikes_are_left_alone(#[case] text: &str) {
    assert_eq!(found(text), Vec::<String>::new(), "{text}");
}

#[test]
fn recurring_work_beside_a_date_in_a_list() {
    assert_eq!(
        found("(1) 月1回\n(2) 9月末"),
        ["月1回 Ongoing", "9月末 2026-09-30 Month"]
    );
}

#[rstest]
// A bracket after a deadline telling when it is reported later.
#[case::reported("9月末まで（10月に報告）", &["9月末まで 2026-09-30 Month"])]
#[case::reported_half_width("9月末まで(10月に報告)", &["9月末まで 2026-09-30 Month"])]
#[case::report_first("9月末まで（報告は10月）", &["9月末まで 2026-09-30 Month"])]
#[case::lenticular("12月末【1月公表予定】", &["12月末 2026-12-31 Month"])]
#[case::square("11月末［12月議会に報告］", &["11月末 2026-11-30 Month"])]
#[case::two_dates("9月末まで（10月に報告、11月に公表）", &["9月末まで 2026-09-30 Month"])]
#[case::decided("令和8年12月（令和9年2月に決定）", &["令和8年12月 2026-12-31 Month"])]
#[case::submitted_day("上半期（10/15提出）", &["上半期 2026-09-30 Period"])]
#[case::in_a_list("(1) 9月末（10月に報告）\n(2) 12月末", &["9月末 2026-09-30 Month", "12月末 2026-12-31 Month"])]
// Dates in brackets that are steps of the work stay deadlines.
#[case::earlier_report("12月末（11月に中間報告）", &["12月末 2026-12-31 Month", "11月 2026-11-30 Month"])]
#[case::final_report_before_the_end("年度内（最終報告 3/15）", &["年度内 2027-03-31 FiscalYearEnd", "3/15 2027-03-15 Day"])]
#[case::no_word_of_reporting("9月末（10月、11月）", &["9月末 2026-09-30 Month", "10月 2026-10-31 Month", "11月 2026-11-30 Month"])]
#[case::not_right_after("9月末まで。報告は10月（予定）", &["9月末まで 2026-09-30 Month", "10月 2026-10-31 Month"])]
fn report_asides(#[case] text: &str, #[case] expected: &[&str]) {
    assert_eq!(found(text), expected, "{text}");
}
