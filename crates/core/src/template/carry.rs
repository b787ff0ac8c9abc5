//! Carrying last year's goals into next year's workbook: titles, texts and
//! targets kept, explicit dates in deadline texts re-expressed for the new
//! year (令和8年12月 → 令和9年12月, R8.12 → R9.12, 2026年12月 → 2027年12月),
//! relative ones (年度末, 9月末まで, 上半期, 通年) left as written, and every
//! report cell emptied.

use chrono::{Datelike, NaiveDate};

use super::plan::TemplateModel;
use crate::calendar::FiscalYear;
use crate::calendar::era::Era;
use crate::model::{ActionItem, Goal, ItemText, Report, SheetReport};

/// `goals` as they start the next year(s): `years` later.
pub fn carry_over(goals: &[Goal], years: i32) -> Vec<Goal> {
    goals
        .iter()
        .map(|goal| Goal {
            items: goal
                .items
                .iter()
                .map(|item| carry_item(item, years))
                .collect(),
            cell: None,
            ..goal.clone()
        })
        .collect()
}

fn carry_item(item: &ActionItem, years: i32) -> ActionItem {
    let deadline = item.deadline_text().map(|t| shift_deadline_text(t, years));
    let texts = item
        .texts
        .with(ItemText::DeadlineText, deadline.as_deref())
        .with(ItemText::SelfAssessment, None);
    ActionItem {
        texts,
        deadlines: Vec::new(),
        interim: empty_report(&item.interim),
        year_end: empty_report(&item.year_end),
        achievement: None,
        cell: crate::model::CellRef::new("", 0, 0),
        cells: Default::default(),
        ..item.clone()
    }
}

fn empty_report(report: &Report) -> Report {
    match report {
        Report::NotInLayout => Report::NotInLayout,
        _ => Report::Empty,
    }
}

/// Re-expresses the explicit years of a deadline text `years` later:
/// 令和8年 / 令和元年 / 平成30年 (era years, moving to the next era when the
/// old one has ended), R8. / R8年 / Ｒ８年, 2026年 / 2026/12 / 2026.12, and
/// ISO dates (2026-12-31 → 2027-12-31, 2月29日 clamped to 28日). Everything
/// else — 9月末まで, 年度末, 上半期, 通年 — stays exactly as written.
pub fn shift_deadline_text(text: &str, years: i32) -> String {
    if years == 0 {
        return text.to_string();
    }
    if let Some(shifted) = shift_iso_date(text, years) {
        return shifted;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        // Era by kanji: 令和8年, 令和元年.
        if let Some((era, len)) = era_kanji_at(&chars, i) {
            let (digits, dlen) = read_number(&chars, i + len);
            if let Some(year) = digits.or_else(|| (chars.get(i + len) == Some(&'元')).then_some(1))
            {
                let dlen = if digits.is_some() { dlen } else { 1 };
                if chars.get(i + len + dlen) == Some(&'年') {
                    let fullwidth = is_fullwidth_digits(&chars[i + len..i + len + dlen]);
                    let (era, year) = shift_era_year(era, year, years);
                    out.push_str(era.kanji());
                    out.push_str(&render_year(year, fullwidth, true));
                    i += len + dlen;
                    continue;
                }
            }
        }
        // Era by letter: R8年, R8., H30/.
        if let Some(era) = era_letter(chars[i]) {
            let prev_is_letter = i > 0 && chars[i - 1].is_alphanumeric() && !is_cjk(chars[i - 1]);
            let (digits, dlen) = read_number(&chars, i + 1);
            if let (false, Some(year)) = (prev_is_letter, digits)
                && dlen <= 2
                && matches!(
                    chars.get(i + 1 + dlen),
                    Some('年' | '.' | '．' | '/' | '／')
                )
            {
                {
                    let fullwidth = is_fullwidth_digits(&chars[i + 1..i + 1 + dlen]);
                    let (era, year) = shift_era_year(era, year, years);
                    let letter = if chars[i].is_ascii() {
                        era.letter()
                    } else {
                        char::from_u32(era.letter() as u32 + 0xFEE0).unwrap_or(era.letter())
                    };
                    out.push(letter);
                    out.push_str(&render_year(year, fullwidth, false));
                    i += 1 + dlen;
                    continue;
                }
            }
        }
        // Western years: 2026年, 2026/12, 2026.12.
        if digit_value(chars[i]).is_some() && (i == 0 || digit_value(chars[i - 1]).is_none()) {
            let (digits, dlen) = read_number(&chars, i);
            if let Some(year) = digits
                && dlen == 4
                && (1900..=2200).contains(&year)
                && matches!(chars.get(i + 4), Some('年' | '/' | '／' | '.' | '．' | '-'))
            {
                {
                    let fullwidth = is_fullwidth_digits(&chars[i..i + 4]);
                    out.push_str(&render_digits(year + years, fullwidth));
                    i += 4;
                    continue;
                }
            }
            // Any other number is copied whole, so 12026年 is not split.
            for c in &chars[i..i + dlen.max(1)] {
                out.push(*c);
            }
            i += dlen.max(1);
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// A date cell's text (`2026-12-31`) a year on.
fn shift_iso_date(text: &str, years: i32) -> Option<String> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    let year = date.year() + years;
    let shifted = NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), 28))?;
    Some(shifted.format("%Y-%m-%d").to_string())
}

fn era_kanji_at(chars: &[char], i: usize) -> Option<(Era, usize)> {
    Era::ALL.into_iter().find_map(|era| {
        let name: Vec<char> = era.kanji().chars().collect();
        chars
            .get(i..i + name.len())
            .filter(|s| *s == name.as_slice())
            .map(|_| (era, name.len()))
    })
}

fn era_letter(c: char) -> Option<Era> {
    match c {
        'R' | 'Ｒ' => Some(Era::Reiwa),
        'H' | 'Ｈ' => Some(Era::Heisei),
        _ => None,
    }
}

fn is_cjk(c: char) -> bool {
    !c.is_ascii() && !matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '０'..='９')
}

fn digit_value(c: char) -> Option<i32> {
    match c {
        '0'..='9' => Some(c as i32 - '0' as i32),
        '０'..='９' => Some(c as i32 - '０' as i32),
        _ => None,
    }
}

/// The number starting at `i` (ASCII or full-width digits) and its length.
fn read_number(chars: &[char], i: usize) -> (Option<i32>, usize) {
    let mut value: i32 = 0;
    let mut len = 0;
    while let Some(d) = chars.get(i + len).and_then(|c| digit_value(*c)) {
        value = value.saturating_mul(10).saturating_add(d);
        len += 1;
    }
    ((len > 0).then_some(value), len)
}

fn is_fullwidth_digits(chars: &[char]) -> bool {
    chars.iter().all(|c| matches!(c, '０'..='９'))
}

fn render_digits(n: i32, fullwidth: bool) -> String {
    let s = n.to_string();
    if fullwidth {
        s.chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
            .collect()
    } else {
        s
    }
}

fn render_year(year: i32, fullwidth: bool, allow_gan: bool) -> String {
    if year == 1 && allow_gan {
        "元".to_string()
    } else {
        render_digits(year, fullwidth)
    }
}

/// Era year `year` of `era`, `years` later, in the era of that time (平成30
/// + 2 → 令和2; the year is taken as the one the era year's April falls in).
fn shift_era_year(era: Era, year: i32, years: i32) -> (Era, i32) {
    let western = era.western_year(year) + years;
    let later = Era::ALL
        .into_iter()
        .rev()
        .find(|e| e.start().year() < western || (e.start().year() == western && *e == era))
        .unwrap_or(era);
    // Keep the old era while the shifted year still lies in it.
    let target = if later.start() > era.start() {
        later
    } else {
        era
    };
    (target, western - target.start().year() + 1)
}

/// The goals of `department` that the workbook of `target` starts from:
/// the sheets of `target` itself when the source already plans that year
/// (a multi-year plan), else those of the latest earlier year, carried
/// over. `None` when the source has no sheet of the department before or
/// in `target`.
pub fn previous_model(
    reports: &[SheetReport],
    department: &str,
    target: FiscalYear,
) -> Option<TemplateModel> {
    let ours: Vec<&SheetReport> = reports
        .iter()
        .filter(|r| r.department == department)
        .collect();
    let year = ours
        .iter()
        .map(|r| r.fiscal_year)
        .filter(|fy| *fy <= target)
        .max()?;
    let goals: Vec<Goal> = ours
        .iter()
        .filter(|r| r.fiscal_year == year)
        .flat_map(|r| r.goals.iter().cloned())
        .collect();
    Some(TemplateModel {
        department: department.to_string(),
        fiscal_year: target,
        goals: carry_over(&goals, target.0 - year.0),
    })
}

/// Every department of the source, sorted.
pub fn departments(reports: &[SheetReport]) -> Vec<String> {
    let set: std::collections::BTreeSet<&str> = reports
        .iter()
        .map(|r| r.department.as_str())
        .filter(|d| !d.trim().is_empty())
        .collect();
    set.into_iter().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("令和8年12月", 1, "令和9年12月")]
    #[case("令和8年度末", 1, "令和9年度末")]
    #[case("令和元年10月", 1, "令和2年10月")]
    #[case("R8.12", 1, "R9.12")]
    #[case("R8年12月末", 1, "R9年12月末")]
    #[case("Ｒ８年１２月", 1, "Ｒ９年１２月")]
    #[case("2026年12月", 1, "2027年12月")]
    #[case("２０２６年１２月", 1, "２０２７年１２月")]
    #[case("2026/12/25", 1, "2027/12/25")]
    #[case("2026-12-31", 1, "2027-12-31")]
    #[case("2024-02-29", 1, "2025-02-28")]
    #[case("平成30年3月", 1, "平成31年3月")]
    #[case("平成31年3月", 1, "令和2年3月")]
    #[case("H30.3", 2, "R2.3")]
    #[case("(1) 令和8年12月\n(2) 年度末", 1, "(1) 令和9年12月\n(2) 年度末")]
    #[case("令和9年2月", -1, "令和8年2月")]
    #[case("令和2年3月", -1, "令和元年3月")]
    fn explicit_dates_move(#[case] text: &str, #[case] years: i32, #[case] expected: &str) {
        assert_eq!(shift_deadline_text(text, years), expected);
    }

    #[rstest]
    #[case("9月末まで")]
    #[case("年度末")]
    #[case("年度内")]
    #[case("上半期")]
    #[case("通年")]
    #[case("(1) 6月\n(2) 年度内")]
    #[case("(1) (2) 通年")]
    #[case("第3四半期")]
    #[case("12月議会まで")]
    #[case("1,500人")]
    #[case("R&D 12026年")]
    #[case("HR8年")]
    fn relative_deadlines_stay(#[case] text: &str) {
        assert_eq!(shift_deadline_text(text, 1), text);
    }

    #[test]
    fn zero_years_is_identity() {
        assert_eq!(shift_deadline_text("令和8年12月", 0), "令和8年12月");
    }

    #[test]
    fn reports_are_emptied_and_texts_kept() {
        let mut item = crate::template::plan::new_item(Some("①".into()), "○訓練\n(1) 実施");
        item.set_deadline_text(Some("令和8年12月"));
        item.set_target(Some("参加者1,500人"));
        item.interim = Report::Filled("実施した".into());
        item.year_end = Report::Filled("完了".into());
        item.achievement = Some(0.7);
        let goal = crate::template::plan::new_goal(Some("1".into()), "防災", vec![item.clone()]);
        let carried = carry_over(&[goal], 1);
        let got = &carried[0].items[0];
        assert_eq!(got.text(), item.text());
        assert_eq!(got.target(), item.target());
        assert_eq!(got.deadline_text(), Some("令和9年12月"));
        assert_eq!(got.interim, Report::Empty);
        assert_eq!(got.year_end, Report::Empty);
        assert_eq!(got.achievement, None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn never_panics_and_round_trips(text in "\\PC{0,40}", years in -3i32..=3) {
            let _ = shift_deadline_text(&text, years);
        }
    }
}
