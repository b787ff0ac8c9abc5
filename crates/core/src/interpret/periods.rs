//! Headings that name a part of the fiscal year: a month (`4月`, `１０月`),
//! a run of months (`4～6月`, `7-9月`), a quarter (`第2四半期`, `Q2`, `2Q`), a half
//! (`上期`, `下半期`) or a month's end (`9月末`). They head the columns of
//! progress tables (one report per quarter or half) and schedule grids (one
//! column per month, marks in the months the work runs).
//!
//! Which progress column is the interim report and which the year-end
//! report is data: [`Milestones`], the `[parse.milestones]` words of the
//! configuration.

use std::borrow::Cow;

use serde::Deserialize;

use super::dictionary::{Field, normalize_label};
use crate::calendar::{is_ideograph, is_kanji_numeral, kanji_numeral};

/// The words that make a progress column the interim or the year-end
/// report. A heading matches a word when, normalised like the dictionary's
/// words, it equals the word or starts with it (`上期進捗` → `上期`); a run
/// of months matches the word of its last month's end (`7～9月` → `9月末`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Milestones {
    pub interim: Vec<String>,
    pub year_end: Vec<String>,
}

impl Default for Milestones {
    fn default() -> Self {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect();
        Milestones {
            interim: words(&["第2四半期", "上期", "上半期", "9月末"]),
            year_end: words(&["第4四半期", "下期", "下半期", "3月末"]),
        }
    }
}

impl Milestones {
    /// The report a progress heading stands for, if any. A part of the
    /// year named with its months in brackets (`前期（4月～9月）`, `後半（10
    /// ～3月）`) is read by the months where its words name no milestone.
    pub fn field(&self, heading: &str) -> Option<Field> {
        self.field_of_normalised(&normalize_label(heading))
            .or_else(|| match bracketed_period(heading)? {
                Period::Months { last, .. } => self.field_of_normalised(&format!("{last}月末")),
                _ => None,
            })
    }

    /// [`Milestones::field`] of a normalised heading, its brackets left out.
    fn field_of_normalised(&self, n: &str) -> Option<Field> {
        // A quarter however written is matched as 第N四半期.
        let key: Cow<'_, str> = match period_and_rest(n) {
            Some((Period::Months { last, .. }, rest)) if rest.chars().count() <= MAX_WORD_AFTER => {
                format!("{last}月末").into()
            }
            Some((Period::Quarter(q), rest)) => format!("第{q}四半期{rest}").into(),
            _ => n.into(),
        };
        let mut best: Option<(usize, Field)> = None;
        for (words, field) in [
            (&self.interim, Field::Interim),
            (&self.year_end, Field::YearEnd),
        ] {
            for word in words {
                let w = normalize_label(word);
                if !w.is_empty() && key.starts_with(&w) && best.is_none_or(|(len, _)| w.len() > len)
                {
                    best = Some((w.len(), field));
                }
            }
        }
        best.map(|(_, f)| f)
    }
}

impl Milestones {
    /// The report written as of `month` (1–12): that of the last milestone
    /// ending a month (`9月末`, `3月末`) at or before it in the fiscal
    /// year — `10月時点` reports on the first half, `3月時点` on the year.
    pub(crate) fn as_of_month(&self, month: u32) -> Option<Field> {
        let order = |m: u32| (m + 8) % 12;
        self.month_ends()
            .map(|(m, field)| (order(m), field))
            .filter(|&(at, _)| at <= order(month))
            .max_by_key(|&(at, _)| at)
            .map(|(_, field)| field)
    }

    /// The report made in `month` (1–12), by a heading naming the month a
    /// report is made or handed in (`10月報告`, `4月提出`): that of the
    /// milestone ending a month (`9月末`, `3月末`) the month just follows,
    /// across the year's turn (April follows March's year end). A month
    /// following no milestone names none.
    pub(crate) fn made_in_month(&self, month: u32) -> Option<Field> {
        self.month_ends()
            .find(|&(m, _)| m % 12 + 1 == month)
            .map(|(_, field)| field)
    }

    /// The milestones that end a month (`9月末`, `3月末`): the month each
    /// ends, and its report.
    fn month_ends(&self) -> impl Iterator<Item = (u32, Field)> + '_ {
        [
            (&self.interim, Field::Interim),
            (&self.year_end, Field::YearEnd),
        ]
        .into_iter()
        .flat_map(|(words, field)| {
            words.iter().filter_map(move |w| {
                let n = normalize_label(w);
                let m = month_named(&n).filter(|_| n.ends_with("月末"))?;
                Some((m, field))
            })
        })
    }
}

/// The month a normalised heading says a report is made or handed in
/// (`10月報告`, `4月提出分`, `10月の報告`): a month named, then a word of
/// making a report, and nothing but `分` after it.
pub(crate) fn report_made_month(n: &str) -> Option<u32> {
    const MADE: [&str; 2] = ["報告", "提出"];
    let at = n.find('月')?;
    let month = month_named(n)?;
    let after = &n[at + '月'.len_utf8()..];
    let after = after.strip_prefix('の').unwrap_or(after);
    let word = MADE.iter().find(|w| after.starts_with(*w))?;
    let rest = &after[word.len()..];
    (rest.is_empty() || rest == "分").then_some(month)
}

/// A part of the fiscal year a heading names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    /// One month, 1–12.
    Month(u32),
    /// A run of months (`4～6月`), or one month's end (`9月末`).
    Months { first: u32, last: u32 },
    /// A quarter of the fiscal year, 1–4.
    Quarter(u32),
    /// The first (`上期`) or second (`下期`) half.
    Half(u32),
}

/// The part of the fiscal year a heading names: the whole heading, or its
/// start followed by a short report word (`第1四半期進捗`, `上期 実績`,
/// `9月末時点`); never a sentence that starts with a month (`9月末までに…`).
pub(crate) fn period_heading(text: &str) -> Option<Period> {
    // Every such heading names a month (月), a period (期) or a quarter (Q).
    // A day written after its year (R9.3.31) names none of them.
    if text.len() > 80
        || !text.contains(['月', '期', '末', 'Q', 'q', 'Ｑ', 'ｑ', '.', '/', '．', '／'])
    {
        return None;
    }
    period_of_normalised(&normalize_label(text))
}

/// The one month a normalised header names anywhere (`ステータス9月`,
/// `進み具合9月時点`, `9月の状況`): a number of 1–12 followed by 月, the
/// same month wherever it is named; none when it names none or several.
pub(crate) fn month_named(n: &str) -> Option<u32> {
    let mut named = None;
    for (at, _) in n.match_indices('月') {
        // 月 after no number (毎月, 月次) names no month.
        let Some(month) = trailing(&n[..at], |c| c.is_ascii_digit())
            .parse::<u32>()
            .ok()
        else {
            continue;
        };
        if !(1..=12).contains(&month) || named.is_some_and(|m| m != month) {
            return None;
        }
        named = Some(month);
    }
    named
}

/// The one month a header names in English (`Progress (Sep)`, `as of
/// March`): a word that is a month's name or its abbreviation; none when
/// it names none or several.
pub(crate) fn english_month(text: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if !text.is_ascii() && !text.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut named = None;
    for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
        let word = word.to_ascii_lowercase();
        let month = MONTHS.iter().zip(FULL).position(|(short, full)| {
            word == *short || word == full || word == "sept" && *short == "sep"
        });
        let Some(month) = month else { continue };
        let month = month as u32 + 1;
        if named.is_some_and(|m| m != month) {
            return None;
        }
        named = Some(month);
    }
    named
}

/// The month of the day a normalised header says it is written as of
/// (`10月時点のあゆみ`, `R8.10.31時点`, `2026/9/30現在`, `9/30現在`): a
/// month named, or the month of a day written with numbers (year, month
/// and day, or month and day), before 時点 or 現在.
pub(crate) fn as_of_day_month(n: &str) -> Option<u32> {
    let at = n.find("時点").or_else(|| n.find("現在"))?;
    let before = &n[..at];
    if let Some(month) = month_named(before) {
        return Some(month);
    }
    let day = trailing(before, |c| {
        c.is_ascii_digit() || matches!(c, '.' | '/' | '-')
    });
    let parts: Vec<&str> = day.split(['.', '/', '-']).collect();
    let month = match parts[..] {
        [_, month, _] | [month, _] => month.parse::<u32>().ok()?,
        _ => return None,
    };
    (1..=12).contains(&month).then_some(month)
}

/// The month a normalised header names by a season of the fiscal year
/// alone (`秋の時点の様子`, `今冬`, `秋口`), as of which a report is
/// written: autumn October, winter January, summer August; spring none,
/// for it both opens and closes the fiscal year. A season inside a longer
/// word (秋田, 春夏秋冬, 夏祭り) or two seasons name none.
pub(crate) fn season_month(n: &str) -> Option<u32> {
    /// Characters a season word may follow or be followed by that are
    /// ideographs of its own word (今秋, 晩秋, 秋口, 秋頃, 秋季, 秋時点, 秋現在).
    const BEFORE: [char; 3] = ['今', '初', '晩'];
    const AFTER: [char; 6] = ['口', '頃', '季', '期', '時', '現'];
    let chars: Vec<char> = n.chars().collect();
    let mut found = None;
    for (i, &c) in chars.iter().enumerate() {
        let month = match c {
            '夏' => Some(8),
            '秋' => Some(10),
            '冬' => Some(1),
            '春' => None,
            _ => continue,
        };
        let alone_before = i == 0 || !is_ideograph(chars[i - 1]) || BEFORE.contains(&chars[i - 1]);
        let alone_after = chars
            .get(i + 1)
            .is_none_or(|&next| !is_ideograph(next) || AFTER.contains(&next));
        if !alone_before || !alone_after {
            continue;
        }
        if found.is_some() {
            return None;
        }
        found = Some(month);
    }
    found.flatten()
}

/// The month at whose end a normalised header says a time has passed since
/// the fiscal year began (`半年たって`, `6ヶ月後`, `1年経過時点`, `一年たっ
/// た`), or looks back over a span from its start (`1年をふりかえって`,
/// `6か月を省みて`): a number of months or years (1–12 months, `半` a half
/// year) with a word of time passing after it, or taken as the object of
/// a word that follows (`を`). The fiscal year begins in April: six months
/// on is the end of September, a year on the end of March.
pub(crate) fn elapsed_month_end(n: &str) -> Option<u32> {
    const PASSED: [&str; 7] = ["後", "たって", "たった", "経って", "経った", "経過", "時点"];
    if let Some(month) = year_looked_back(n) {
        return Some(month);
    }
    const MONTHS: [&str; 6] = ["か月", "ヶ月", "カ月", "ケ月", "ヵ月", "箇月"];
    let mut found = None;
    for (at, _) in n.char_indices() {
        let rest = &n[at..];
        let (unit, after) = if let Some(after) = rest.strip_prefix('年') {
            (12, after)
        } else if let Some(after) = MONTHS.iter().find_map(|m| rest.strip_prefix(m)) {
            (1, after)
        } else {
            continue;
        };
        // 1年間, 6か月間: the span as a whole.
        let after = after.strip_prefix('間').unwrap_or(after);
        let looked_back = after
            .strip_prefix('を')
            .is_some_and(|verb| (1..=MAX_VERB_CHARS).contains(&verb.chars().count()));
        if !looked_back && !PASSED.iter().any(|p| after.starts_with(p)) {
            continue;
        }
        let before = &n[..at];
        // `半` counts a half of the unit: 半年 is six months.
        let months = if before.ends_with('半') {
            unit / 2
        } else if let Some(count) = count_before(before) {
            count.saturating_mul(unit)
        } else {
            continue;
        };
        if !(1..=12).contains(&months) || found.is_some_and(|m| m != months) {
            return None;
        }
        found = Some(months);
    }
    found.map(|months| (months + 2) % 12 + 1)
}

/// The year's end, for a normalised header taking the fiscal year itself,
/// no other year, as the object of a word that follows (`年度を終えて`,
/// `年度を締めくくって`): the year gone by. A year named by its number or
/// as another than this one (`令和7年度を`, `前年度を`) is none.
fn year_looked_back(n: &str) -> Option<u32> {
    const OTHER_YEARS: [char; 5] = ['前', '昨', '来', '次', '翌'];
    let at = n.find("年度を")?;
    let verb = &n[at + "年度を".len()..];
    let another = n[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit() || is_kanji_numeral(c) || OTHER_YEARS.contains(&c));
    let looked_back = (1..=MAX_VERB_CHARS).contains(&verb.chars().count());
    (looked_back && !another).then_some(3)
}

/// The most characters of the word a span of the year is the object of
/// (`ふりかえって`, `終えての所感`); a longer one is a sentence.
const MAX_VERB_CHARS: usize = 8;

/// The count written just before a unit: ASCII digits (a year's digits,
/// `2026年後`, count as what they are) or a kanji numeral (十二).
fn count_before(text: &str) -> Option<u32> {
    let digits = trailing(text, |c| c.is_ascii_digit());
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    let numeral: Vec<char> = trailing(text, is_kanji_numeral).chars().collect();
    kanji_numeral(&numeral)
}

/// The characters at the end of `text` that `keep` keeps, as many as run.
fn trailing(text: &str, keep: impl Fn(char) -> bool) -> &str {
    let start = text
        .char_indices()
        .rev()
        .take_while(|&(_, c)| keep(c))
        .last()
        .map_or(text.len(), |(i, _)| i);
    &text[start..]
}

/// The most characters a report word after a period may have.
const MAX_WORD_AFTER: usize = 4;

/// The part of the year a text's brackets name alone (`4月～9月` of
/// `前期（4月～9月）`).
pub(crate) fn bracketed_period(text: &str) -> Option<Period> {
    period_of_normalised(&normalize_label(bracketed(text)?))
}

/// What the first bracket of a text opens, up to its close or the text's
/// end (`4月～9月` of `前期（4月～9月）`, or of a name whose last bracket
/// was trimmed), half-width or full-width.
fn bracketed(text: &str) -> Option<&str> {
    let open = text.find(['(', '（'])?;
    let inner = &text[open..];
    let inner = &inner[inner.chars().next()?.len_utf8()..];
    Some(
        inner
            .find([')', '）'])
            .map_or(inner, |close| &inner[..close]),
    )
}

fn period_of_normalised(n: &str) -> Option<Period> {
    let (period, after) = period_and_rest(n)?;
    (after.chars().count() <= MAX_WORD_AFTER).then_some(period)
}

/// The period a normalised heading starts with, and the text after it.
fn period_and_rest(n: &str) -> Option<(Period, &str)> {
    for (word, half) in [
        ("上半期", 1),
        ("下半期", 2),
        ("上期", 1),
        ("下期", 2),
        ("前期", 1),
        ("後期", 2),
    ] {
        if let Some(rest) = n.strip_prefix(word) {
            return Some((Period::Half(half), rest));
        }
    }
    if let Some(rest) = n.strip_prefix('第') {
        let (q, rest) = number(rest)?;
        let rest = rest.strip_prefix("四半期")?;
        return (1..=4).contains(&q).then_some((Period::Quarter(q), rest));
    }
    // `Q2`, `2Q`: a quarter as business English writes it.
    if let Some(rest) = n.strip_prefix('q') {
        let (q, rest) = number(rest)?;
        return (1..=4).contains(&q).then_some((Period::Quarter(q), rest));
    }
    if let Some(found) = year_and_month(n) {
        return Some(found);
    }
    let (first, rest) = number(n)?;
    if let Some(rest) = rest.strip_prefix('q') {
        return (1..=4)
            .contains(&first)
            .then_some((Period::Quarter(first), rest));
    }
    // `4月`, `4月～6月`, or `4～6月`: a bare number is no month.
    let (rest, named) = match rest.strip_prefix('月') {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    let month = |m: u32| (1..=12).contains(&m).then_some(m);
    let first = month(first)?;
    if let Some(after) = rest.strip_prefix(['~', '〜', '-', 'ー', '–', '—', '－']) {
        let (last, tail) = number(after)?;
        let last = month(last)?;
        let tail = tail.strip_prefix('月')?;
        let tail = tail.strip_prefix('末').unwrap_or(tail);
        return Some((Period::Months { first, last }, tail));
    }
    if !named {
        return None;
    }
    if let Some(tail) = rest.strip_prefix('末') {
        return Some((Period::Months { first, last: first }, tail));
    }
    Some((Period::Month(first), rest))
}

/// A month written after its year (`r8.9末`, `令和8年9月末`, `2026/9末`,
/// `r9.3.31`): the month's end where 末 or a day follows it, else the
/// month. The year is not weighed: a heading's month is read in the sheet's
/// fiscal year, as a month written alone is.
fn year_and_month(n: &str) -> Option<(Period, &str)> {
    let (month, rest) = number(after_year(n)?)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    // A day after the month: `.31`, `/30`, or `30日` after 月.
    let day = match rest.strip_prefix('月') {
        Some(after) => number(after).filter(|(_, r)| r.starts_with('日')),
        None => rest.strip_prefix(['.', '/', '-']).and_then(number),
    }
    .filter(|(d, _)| (1..=31).contains(d));
    let rest = rest.strip_prefix('月').unwrap_or(rest);
    let (ends, rest) = match day {
        Some((_, rest)) => (true, rest.strip_prefix('日').unwrap_or(rest)),
        None => match rest.strip_prefix('末') {
            Some(rest) => (true, rest),
            None => (false, rest),
        },
    };
    let period = if ends {
        Period::Months {
            first: month,
            last: month,
        }
    } else {
        Period::Month(month)
    };
    Some((period, rest))
}

/// What follows a year written at the start of a normalised heading: an
/// era's letter or name and its year (`r8.`, `h31/`, `令和8年`), or a year
/// of four digits (`2026/`, `2026年`), each with its separator.
fn after_year(n: &str) -> Option<&str> {
    let (era, rest) = match n.strip_prefix(['r', 'h']) {
        Some(rest) => (true, rest),
        None => match n.strip_prefix("令和").or_else(|| n.strip_prefix("平成")) {
            Some(rest) => (true, rest),
            None => (false, n),
        },
    };
    let (year, rest) = number(rest)?;
    let year_ok = if era {
        (1..=99).contains(&year)
    } else {
        (1900..=2100).contains(&year)
    };
    if !year_ok {
        return None;
    }
    rest.strip_prefix(['.', '/', '-', '年'])
}

/// A leading run of ASCII digits (the text is width-folded) and the rest.
fn number(text: &str) -> Option<(u32, &str)> {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let n = text[..end].parse().ok()?;
    Some((n, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("4月", Some(Period::Month(4)))]
    #[case("１０月", Some(Period::Month(10)))]
    #[case("3月", Some(Period::Month(3)))]
    #[case("4～6月", Some(Period::Months { first: 4, last: 6 }))]
    #[case("7-9月", Some(Period::Months { first: 7, last: 9 }))]
    #[case("１月〜３月", Some(Period::Months { first: 1, last: 3 }))]
    #[case("9月末", Some(Period::Months { first: 9, last: 9 }))]
    #[case("R8.9末", Some(Period::Months { first: 9, last: 9 }))]
    #[case("令和8年9月末", Some(Period::Months { first: 9, last: 9 }))]
    #[case("R9.3.31", Some(Period::Months { first: 3, last: 3 }))]
    #[case("2026/9末", Some(Period::Months { first: 9, last: 9 }))]
    #[case("R8.4", Some(Period::Month(4)))]
    #[case("R8.4月", Some(Period::Month(4)))]
    #[case("R8年度", None)]
    #[case("H1", None)]
    #[case("第２四半期", Some(Period::Quarter(2)))]
    #[case("第1四半期進捗", Some(Period::Quarter(1)))]
    #[case("Q3", Some(Period::Quarter(3)))]
    #[case("２Ｑ進捗", Some(Period::Quarter(2)))]
    #[case("Q5", None)]
    #[case("QC活動", None)]
    #[case("上期 進捗", Some(Period::Half(1)))]
    #[case("下半期", Some(Period::Half(2)))]
    #[case("13月", None)]
    #[case("第5四半期", None)]
    #[case("4", None)]
    #[case("取組項目", None)]
    #[case("月次", None)]
    #[case("9月末までに完了", None)]
    #[case("10月から新制度で実施", None)]
    #[case("4月～6月", Some(Period::Months { first: 4, last: 6 }))]
    fn reads_period_headings(#[case] text: &str, #[case] period: Option<Period>) {
        assert_eq!(period_heading(text), period);
    }

    #[rstest]
    #[case("10月時点のあゆみ", Some(10))]
    #[case("r8.10.31時点", Some(10))]
    #[case("2026/9/30現在", Some(9))]
    #[case("9/30現在", Some(9))]
    #[case("r9.3.31時点", Some(3))]
    #[case("10月のあゆみ", None)]
    #[case("r8.13.31時点", None)]
    #[case("現在の状況", None)]
    fn reads_the_day_a_heading_is_written_as_of(#[case] n: &str, #[case] month: Option<u32>) {
        assert_eq!(as_of_day_month(n), month);
    }

    #[rstest]
    #[case("秋の時点の様子", Some(10))]
    #[case("秋口のようす", Some(10))]
    #[case("今冬の手ごたえ", Some(1))]
    #[case("晩秋現在", Some(10))]
    #[case("夏ごろの状況", Some(8))]
    #[case("春の振り返り", None)]
    #[case("秋田との連携", None)]
    #[case("春夏秋冬", None)]
    #[case("夏祭り", None)]
    #[case("夏と秋の状況", None)]
    #[case("取組の状況", None)]
    fn reads_the_season_a_heading_is_written_as_of(#[case] text: &str, #[case] month: Option<u32>) {
        assert_eq!(season_month(&normalize_label(text)), month);
    }

    #[rstest]
    #[case("1年たって", Some(3))]
    #[case("一年経過時点の状況", Some(3))]
    #[case("半年たった時の進み具合", Some(9))]
    #[case("6ヶ月後", Some(9))]
    #[case("6か月経過", Some(9))]
    #[case("十二箇月後", Some(3))]
    #[case("3か月後", Some(6))]
    #[case("2026年後", None)]
    #[case("1年", None)]
    #[case("令和8年度", None)]
    #[case("2年後の目標", None)]
    #[case("1年後と半年後", None)]
    #[case("〇年後", None)]
    #[case("1年をふりかえって", Some(3))]
    #[case("1年間を省みて", Some(3))]
    #[case("6か月を顧みて", Some(9))]
    #[case("半年を終えて", Some(9))]
    #[case("1年の目標", None)]
    #[case("1年を通じて市の財政を健全に保つための取組", None)]
    #[case("二十一か月後", None)]
    #[case("年度を終えて", Some(3))]
    #[case("年度を締めくくって", Some(3))]
    #[case("本年度を終えて", Some(3))]
    #[case("前年度を終えて", None)]
    #[case("令和7年度をふりかえって", None)]
    #[case("年度を通じて市の財政を健全に保つ取組", None)]
    #[case("年度を", None)]
    fn reads_a_time_passed_since_the_year_began(#[case] n: &str, #[case] month: Option<u32>) {
        assert_eq!(elapsed_month_end(n), month);
    }

    #[rstest]
    #[case("ステータス9月", Some(9))]
    #[case("進み具合9月時点", Some(9))]
    #[case("3月の状況", Some(3))]
    #[case("9月30日現在", Some(9))]
    #[case("12月", Some(12))]
    #[case("9月末9月", Some(9))]
    #[case("4月から9月まで", None)]
    #[case("毎月の状況", None)]
    #[case("月次報告", None)]
    #[case("13月", None)]
    #[case("取組項目", None)]
    fn finds_the_one_month_a_header_names(#[case] n: &str, #[case] month: Option<u32>) {
        assert_eq!(month_named(n), month);
    }

    #[rstest]
    #[case("Progress (Sep)", Some(9))]
    #[case("Status as of March", Some(3))]
    #[case("Sept. review", Some(9))]
    #[case("Progress", None)]
    #[case("Sep to Mar", None)]
    #[case("進捗（9月）", None)]
    fn finds_the_one_month_a_header_names_in_english(
        #[case] text: &str,
        #[case] month: Option<u32>,
    ) {
        assert_eq!(english_month(text), month);
    }

    #[rstest]
    #[case("第2四半期", Some(Field::Interim))]
    #[case("第２四半期 進捗", Some(Field::Interim))]
    #[case("上期進捗", Some(Field::Interim))]
    #[case("7～9月", Some(Field::Interim))]
    #[case("9月末時点", Some(Field::Interim))]
    #[case("第4四半期", Some(Field::YearEnd))]
    #[case("Q2", Some(Field::Interim))]
    #[case("4Q", Some(Field::YearEnd))]
    #[case("Q1", None)]
    #[case("下期", Some(Field::YearEnd))]
    #[case("1-3月", Some(Field::YearEnd))]
    #[case("第1四半期", None)]
    #[case("4～6月", None)]
    #[case("10～12月", None)]
    #[case("R8.9末", Some(Field::Interim))]
    #[case("R9.3末", Some(Field::YearEnd))]
    #[case("令和8年9月30日", Some(Field::Interim))]
    #[case("R8.12末", None)]
    #[case("前期（4月～9月）", Some(Field::Interim))]
    #[case("後期(10月~3月)", Some(Field::YearEnd))]
    #[case("ひと区切り（４～９月）", Some(Field::Interim))]
    #[case("中ごろ（10～12月）", None)]
    #[case("前期（予定）", None)]
    #[case("上期（4月～6月）", Some(Field::Interim))]
    #[case("前期（4月～9月", Some(Field::Interim))]
    fn maps_milestones(#[case] heading: &str, #[case] field: Option<Field>) {
        assert_eq!(Milestones::default().field(heading), field);
    }

    /// A report made in a month is that of the milestone the month just
    /// follows, across the year's turn; a heading says so by the month and
    /// a word of making a report.
    #[rstest]
    #[case("10月報告", Some(Field::Interim))]
    #[case("１０月の報告", Some(Field::Interim))]
    #[case("4月提出分", Some(Field::YearEnd))]
    #[case("11月報告", None)]
    #[case("7月報告", None)]
    #[case("10月報告書の作成", None)]
    #[case("10月末報告", None)]
    #[case("報告10月", None)]
    fn a_report_made_in_the_month_after_a_milestone_is_its(
        #[case] heading: &str,
        #[case] field: Option<Field>,
    ) {
        let made = report_made_month(&normalize_label(heading))
            .and_then(|month| Milestones::default().made_in_month(month));
        assert_eq!(made, field, "{heading}");
    }

    /// A report as of a month reports on the last milestone passed.
    #[rstest]
    #[case(4, None)]
    #[case(8, None)]
    #[case(9, Some(Field::Interim))]
    #[case(10, Some(Field::Interim))]
    #[case(2, Some(Field::Interim))]
    #[case(3, Some(Field::YearEnd))]
    fn a_month_as_of_reports_on_the_last_milestone_passed(
        #[case] month: u32,
        #[case] field: Option<Field>,
    ) {
        assert_eq!(Milestones::default().as_of_month(month), field);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in ".{0,30}") {
            let _ = period_heading(&text);
            let _ = Milestones::default().field(&text);
        }
    }
}
