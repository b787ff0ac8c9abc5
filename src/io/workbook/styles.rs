//! Number formats: whether a cell's number format shows its number as a
//! date, whether that date shows its day or only its month, and whether it
//! writes the number with a unit beside it (`0"月"` shows 9 as 9月).
//!
//! Excel stores dates as serial numbers and tells them apart only by the
//! cell's number format. The reader asks [`date_shown`] about the format
//! of every number cell, so dates in formats the spreadsheet library does
//! not recognise (和暦 `[$-411]ggge"年"m"月"d"日";@`, `aaa` weekdays, 年月日
//! literals) still come back as dates, and a date whose format shows no day
//! (`[$-ja-JP]ggge"年"m"月"`, `yyyy/mm`) comes back as its month, written
//! as the sheet shows it ([`month_text`]).

use chrono::{Datelike, NaiveDate};
use mokuhyo_core::calendar::era::Era;

/// What a number format shows of a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shown {
    /// The number as it is: no date and no word beside it (also a time,
    /// text, a percentage, a format this does not write).
    Number,
    /// A date with its day (or a time, a weekday, or only its year).
    Day,
    /// A month and no day: the format's code, to write the month with.
    Month(String),
    /// A plain number with a unit or a word beside it (`0"月"`,
    /// `#,##0"件"`, `"第"0"回"`): the sheet shows the text.
    WithUnit(UnitFormat),
}

/// What a number format shows: a date ([`date_shown`]), else a number
/// with a unit ([`UnitFormat::parse`]), else the number.
pub(crate) fn number_shown(code: &str) -> Shown {
    match date_shown(code) {
        Shown::Number => UnitFormat::parse(code).map_or(Shown::Number, Shown::WithUnit),
        shown => shown,
    }
}

/// A number format that writes a plain number with words around it: the
/// words, and how the number is written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct UnitFormat {
    before: String,
    after: String,
    /// Digits written at least: the `0`s before the point.
    min_digits: usize,
    /// Digits after the point.
    decimals: usize,
    /// Thousands separated (`#,##0`).
    grouped: bool,
    /// The code has sections for negative numbers or zero.
    sections: bool,
}

/// Where a format's first section is, read left to right.
#[derive(PartialEq)]
enum UnitPart {
    Before,
    Number,
    After,
}

impl UnitFormat {
    /// The format of a code whose first section is one plain number (`0`,
    /// `#,##0`, `0.0`) with text before or after it, a unit or a word
    /// among it (`"件"`, `"第"`, `\月`); `None` for every other code
    /// (dates, percentages, scientific, fractions, conditions, colours,
    /// scaling, several numbers), which keeps its number.
    pub(crate) fn parse(code: &str) -> Option<UnitFormat> {
        let mut format = UnitFormat::default();
        let mut part = UnitPart::Before;
        let mut point = false;
        let mut chars = code.chars().peekable();
        while let Some(c) = chars.next() {
            let text = match c {
                ';' => {
                    format.sections = true;
                    break;
                }
                '"' => {
                    let mut quoted = String::new();
                    loop {
                        match chars.next()? {
                            '"' => break,
                            q => quoted.push(q),
                        }
                    }
                    quoted
                }
                '\\' => chars.next()?.to_string(),
                // Padding as wide as the next character: no text.
                '_' => {
                    chars.next()?;
                    continue;
                }
                ' ' | '-' | '(' | ')' | '+' | ':' => c.to_string(),
                '0' | '#' if part != UnitPart::After && !(point && c == '#') => {
                    part = UnitPart::Number;
                    match (point, c) {
                        (true, _) => format.decimals += 1,
                        (false, '0') => format.min_digits += 1,
                        _ => {}
                    }
                    continue;
                }
                ',' if part == UnitPart::Number
                    && !point
                    && matches!(chars.peek(), Some('0' | '#')) =>
                {
                    format.grouped = true;
                    continue;
                }
                '.' if part == UnitPart::Number && !point => {
                    point = true;
                    continue;
                }
                _ => return None,
            };
            match part {
                UnitPart::Before => format.before.push_str(&text),
                UnitPart::Number | UnitPart::After => {
                    part = UnitPart::After;
                    format.after.push_str(&text);
                }
            }
        }
        let worded = format
            .before
            .chars()
            .chain(format.after.chars())
            .any(|c| !c.is_whitespace() && !c.is_ascii_punctuation());
        (part != UnitPart::Before && worded && format.decimals <= 10).then_some(format)
    }

    /// The text the sheet shows for `value`; `None` for a value the first
    /// section does not write (below zero, or zero with sections of its
    /// own) or too large to be a count.
    pub(crate) fn write(&self, value: f64) -> Option<String> {
        if !(0.0..1e15).contains(&value) || (self.sections && value == 0.0) {
            return None;
        }
        // Halves away from zero, as Excel rounds (`{:.1}` would round 2.25
        // to even).
        let scale = 10f64.powi(self.decimals as i32);
        let digits = format!("{:.*}", self.decimals, (value * scale).round() / scale);
        let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
        let whole = whole.trim_start_matches('0');
        let whole = format!("{whole:0>width$}", width = self.min_digits);
        let mut text = self.before.clone();
        if self.grouped {
            for (k, digit) in whole.chars().enumerate() {
                if k > 0 && (whole.len() - k) % 3 == 0 {
                    text.push(',');
                }
                text.push(digit);
            }
        } else {
            text.push_str(&whole);
        }
        if !fraction.is_empty() {
            text.push('.');
            text.push_str(fraction);
        }
        text.push_str(&self.after);
        Some(text)
    }
}

/// One piece of a format's first section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    /// A letter of a code outside quotes, brackets and escapes, lower-cased
    /// (`y`, `m`, `d`, `g`, `e`, `a` …); `h` also for `[h]` and AM/PM.
    Code(char),
    /// 年, 月 or 日 written outside quotes: a date's literal.
    DateKanji(char),
    /// Text shown as written: quoted, escaped, or a separator.
    Literal(&'a [char]),
}

/// The pieces of a format's first section.
fn pieces(chars: &[char]) -> Vec<Piece<'_>> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ';' => break,
            '"' => {
                let start = i + 1;
                i = start;
                while i < chars.len() && chars[i] != '"' {
                    i += 1;
                }
                out.push(Piece::Literal(&chars[start..i.min(chars.len())]));
            }
            '[' => {
                // `[h]`, `[mm]`, `[ss]`: elapsed time; anything else (locale,
                // colour, condition) carries no date token.
                let start = i + 1;
                while i < chars.len() && chars[i] != ']' {
                    i += 1;
                }
                let inner = &chars[start..i.min(chars.len())];
                if !inner.is_empty()
                    && inner
                        .iter()
                        .all(|c| matches!(c.to_ascii_lowercase(), 'h' | 'm' | 's'))
                {
                    out.push(Piece::Code('h'));
                }
            }
            '\\' => {
                out.push(Piece::Literal(
                    &chars[(i + 1).min(chars.len())..(i + 2).min(chars.len())],
                ));
                i += 1;
            }
            '_' | '*' => i += 1,
            '年' | '月' | '日' => out.push(Piece::DateKanji(c)),
            _ if starts_with_ignore_case(&chars[i..], "general") => i += "general".len() - 1,
            _ if starts_with_ignore_case(&chars[i..], "am/pm") => {
                out.push(Piece::Code('h'));
                i += "am/pm".len() - 1;
            }
            _ if starts_with_ignore_case(&chars[i..], "a/p") => {
                out.push(Piece::Code('h'));
                i += "a/p".len() - 1;
            }
            'e' | 'E' if matches!(chars.get(i + 1), Some('+' | '-')) => i += 1,
            _ if c.is_ascii_alphabetic() => out.push(Piece::Code(c.to_ascii_lowercase())),
            _ => out.push(Piece::Literal(&chars[i..=i])),
        }
        i += 1;
    }
    out
}

/// Whether a format's pieces display a date.
///
/// Date tokens count only outside quotes, brackets and escapes: `y`, `d`,
/// `g` (era name), `e` (era year, not the `E+` of scientific notation),
/// `aaa` (weekday), the literals 年, 月, 日, and `m` when it is a month, not
/// minutes (not right after an hour or right before seconds). Pure time
/// formats (`h:mm`, `[h]:mm:ss`), numbers, `General` and `@` are not dates.
fn shows_a_date(pieces: &[Piece<'_>]) -> bool {
    if pieces.iter().any(|p| matches!(p, Piece::DateKanji(_))) {
        return true;
    }
    let tokens = codes(pieces);
    tokens.iter().enumerate().any(|(k, &t)| match t {
        'y' | 'd' | 'g' | 'e' => true,
        'a' => tokens.get(k + 1) == Some(&'a') && tokens.get(k + 2) == Some(&'a'),
        'm' => is_month(&tokens, k),
        _ => false,
    })
}

fn codes(pieces: &[Piece<'_>]) -> Vec<char> {
    pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Code(c) => Some(*c),
            _ => None,
        })
        .collect()
}

/// What a number format code shows of a date: no date (a number), a date
/// with its day (also a time, a weekday, a year alone), or a month with no
/// day.
pub(crate) fn date_shown(code: &str) -> Shown {
    let chars: Vec<char> = code.chars().collect();
    let pieces = pieces(&chars);
    if !shows_a_date(&pieces) {
        return Shown::Number;
    }
    let tokens = codes(&pieces);
    let more_than_a_month = pieces.contains(&Piece::DateKanji('日'))
        || tokens.iter().any(|t| matches!(t, 'd' | 'a' | 'h' | 's'));
    if tokens.contains(&'m') && !more_than_a_month {
        Shown::Month(code.to_string())
    } else {
        Shown::Day
    }
}

/// The month of `date` as a format that shows no day writes it: 令和8年9月
/// (`[$-ja-JP]ggge"年"m"月"`), 2026年9月, 2026/09, R8.9. A code this does
/// not write (month names, other calendars) gives `2026年9月`.
pub(crate) fn month_text(code: &str, date: NaiveDate) -> String {
    let chars: Vec<char> = code.chars().collect();
    let pieces = pieces(&chars);
    let mut out = String::new();
    let mut k = 0;
    while k < pieces.len() {
        let run = pieces[k..].iter().take_while(|p| **p == pieces[k]).count();
        let written = match pieces[k] {
            Piece::Literal(text) => Some(text.iter().collect()),
            Piece::DateKanji(c) => Some(c.to_string()),
            Piece::Code(c) => date_code(c, run, date),
        };
        match written {
            Some(text) => out.push_str(&text),
            None => return format!("{}年{}月", date.year(), date.month()),
        }
        k += if matches!(pieces[k], Piece::Code(_)) {
            run
        } else {
            1
        };
    }
    out
}

/// A run of `run` letters `code` written for `date`: yyyy / yy, m / mm,
/// g / gg / ggg (R, 令, 令和), e / ee (the era year). `None` for others.
fn date_code(code: char, run: usize, date: NaiveDate) -> Option<String> {
    let era = || Era::at(date);
    Some(match (code, run) {
        ('y', 1..=2) => format!("{:02}", date.year().rem_euclid(100)),
        ('y', _) => date.year().to_string(),
        ('m', 1) => date.month().to_string(),
        ('m', 2) => format!("{:02}", date.month()),
        ('g', 1) => era()?.0.letter().to_string(),
        ('g', 2) => era()?.0.kanji().chars().next()?.to_string(),
        ('g', _) => era()?.0.kanji().to_string(),
        ('e', 1) => era()?.1.to_string(),
        ('e', _) => format!("{:02}", era()?.1),
        _ => return None,
    })
}

/// Whether the `m` at `k` is a month: not part of a minute `m` run, which
/// follows an hour or precedes seconds.
fn is_month(tokens: &[char], k: usize) -> bool {
    let run_start = tokens[..k]
        .iter()
        .rposition(|&t| t != 'm')
        .map_or(0, |p| p + 1);
    let run_end = tokens[k..]
        .iter()
        .position(|&t| t != 'm')
        .map_or(tokens.len(), |p| k + p);
    let after_hour = run_start > 0 && tokens[run_start - 1] == 'h';
    let before_seconds = tokens.get(run_end) == Some(&'s');
    !(after_hour || before_seconds)
}

fn starts_with_ignore_case(chars: &[char], word: &str) -> bool {
    let mut rest = chars.iter();
    word.chars()
        .all(|w| rest.next().is_some_and(|c| c.eq_ignore_ascii_case(&w)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case(r#"[$-411]ggge"年"m"月"d"日";@"#, true)]
    #[case(r#"[$-411]ge\.m\.d"#, true)]
    #[case("yyyy/m/d", true)]
    #[case("m/d/yy h:mm", true)]
    #[case("mm-dd-yy", true)]
    #[case("d-mmm", true)]
    #[case("mmm-yy", true)]
    #[case("yyyy年m月d日", true)]
    #[case("m月d日", true)]
    #[case("m\"月\"", true)]
    #[case("mmmm", true)]
    #[case("aaa", true)]
    #[case("[DBNum3][$-411]ggge年m月d日", true)]
    #[case("h:mm", false)]
    #[case("h:mm:ss AM/PM", false)]
    #[case("[h]:mm:ss", false)]
    #[case("mm:ss", false)]
    #[case("[mm]:ss", false)]
    #[case("General", false)]
    #[case("0.00E+00", false)]
    #[case("#,##0.00_);[Red](#,##0.00)", false)]
    #[case("0%", false)]
    #[case("@", false)]
    #[case(r#"0"日""#, false)]
    #[case(r#""Day "0"#, false)]
    #[case(r#"\d0"#, false)]
    #[case("[Red]0.0", false)]
    #[case("0;\"yyyy\"", false)]
    #[case("", false)]
    fn recognises_date_formats(#[case] code: &str, #[case] is_date: bool) {
        assert_eq!(date_shown(code) != Shown::Number, is_date, "{code}");
    }

    fn september() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
    }

    #[rstest]
    #[case(r#"[$-ja-JP]ggge"年"m"月""#, "令和8年9月")]
    #[case(r#"[$-411]ggge"年"m"月";@"#, "令和8年9月")]
    #[case(r#"[$-411]gge"年"mm"月""#, "令8年09月")]
    #[case(r#"ge.m"#, "R8.9")]
    #[case(r#"yyyy"年"m"月""#, "2026年9月")]
    #[case("yyyy年m月", "2026年9月")]
    #[case("yyyy/mm", "2026/09")]
    #[case("yy/m", "26/9")]
    #[case(r#"yyyy\-mm"#, "2026-09")]
    #[case("mmm-yy", "2026年9月")]
    #[case("mmmm yyyy", "2026年9月")]
    fn a_month_is_written_as_its_format_shows_it(#[case] code: &str, #[case] text: &str) {
        assert_eq!(date_shown(code), Shown::Month(code.to_string()), "{code}");
        assert_eq!(month_text(code, september()), text, "{code}");
    }

    #[rstest]
    #[case(r#"[$-411]ggge"年"m"月"d"日";@"#, Shown::Day)]
    #[case("yyyy/m/d", Shown::Day)]
    #[case("m/d", Shown::Day)]
    #[case("yyyy年m月d日", Shown::Day)]
    #[case("yyyy/mm h:mm", Shown::Day)]
    #[case("yyyy/m aaa", Shown::Day)]
    #[case("yyyy", Shown::Day)]
    #[case(r#"yyyy"年""#, Shown::Day)]
    #[case("h:mm", Shown::Number)]
    #[case("General", Shown::Number)]
    #[case("0.0", Shown::Number)]
    fn a_format_with_a_day_or_no_date_is_not_a_month(#[case] code: &str, #[case] shown: Shown) {
        assert_eq!(date_shown(code), shown, "{code}");
    }

    #[test]
    fn an_era_year_of_a_date_before_the_eras_falls_back_to_the_western_year() {
        let date = NaiveDate::from_ymd_opt(1800, 3, 1).unwrap();
        assert_eq!(month_text(r#"ggge"年"m"月""#, date), "1800年3月");
    }

    #[rstest]
    #[case(r#"0"月""#, 9.0, "9月")]
    #[case(r#"#,##0"件""#, 1200.0, "1,200件")]
    #[case(r#"#,##0"円""#, 1234567.0, "1,234,567円")]
    #[case(r#""第"0"回""#, 3.0, "第3回")]
    #[case(r#"0.0"ポイント""#, 2.25, "2.3ポイント")]
    #[case(r#"00"番""#, 7.0, "07番")]
    #[case(r#"#"件""#, 0.0, "件")]
    #[case(r#"0\月"#, 12.0, "12月")]
    #[case(r#"0" 人";"▲"0" 人""#, 5.0, "5 人")]
    #[case(r#"0_ "月""#, 4.0, "4月")]
    fn a_number_with_a_unit_is_written_as_its_format_shows_it(
        #[case] code: &str,
        #[case] value: f64,
        #[case] text: &str,
    ) {
        let Shown::WithUnit(unit) = number_shown(code) else {
            panic!("{code} is no number with a unit");
        };
        assert_eq!(unit.write(value).as_deref(), Some(text), "{code}");
    }

    #[rstest]
    #[case("0")]
    #[case("#,##0")]
    #[case("0.00")]
    #[case("#,##0_);(#,##0)")]
    #[case("0%")]
    #[case(r#"0.0"%""#)]
    #[case(r##""$"#,##0"##)]
    #[case("0.00E+00")]
    #[case("# ?/?")]
    #[case(r#"[Red]0"件""#)]
    #[case(r#"#,##0,"千円""#)]
    #[case(r#"0"年"0"月""#)]
    #[case(r#"0.##"件""#)]
    #[case(r#"@"様""#)]
    #[case("General")]
    #[case(r#""月""#)]
    fn other_number_formats_keep_the_number(#[case] code: &str) {
        assert!(
            matches!(number_shown(code), Shown::Number),
            "{code}: {:?}",
            number_shown(code)
        );
    }

    #[test]
    fn a_value_the_first_section_does_not_write_keeps_its_number() {
        let Shown::WithUnit(unit) = number_shown(r#"0"件";"▲"0"件";"-""#) else {
            panic!("no unit");
        };
        assert_eq!(unit.write(-3.0), None);
        assert_eq!(unit.write(0.0), None);
        assert_eq!(unit.write(f64::NAN), None);
        assert_eq!(unit.write(1e16), None);
        assert_eq!(unit.write(3.0).as_deref(), Some("3件"));
    }

    proptest! {
        #[test]
        fn never_panics(code in ".{0,40}", days in 0i32..200_000, value in proptest::num::f64::ANY) {
            if let Shown::WithUnit(unit) = number_shown(&code) {
                let _ = unit.write(value);
            }
            let _ = date_shown(&code);
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
            let _ = month_text(&code, date);
        }
    }
}
