//! Number formats: whether a cell's number format shows its number as a
//! date, and whether that date shows its day or only its month.
//!
//! Excel stores dates as serial numbers and tells them apart only by the
//! cell's number format. The reader asks [`date_shown`] about the format
//! of every number cell, so dates in formats the spreadsheet library does
//! not recognise (和暦 `[$-411]ggge"年"m"月"d"日";@`, `aaa` weekdays, 年月日
//! literals) still come back as dates, and a date whose format shows no day
//! (`[$-ja-JP]ggge"年"m"月"`, `yyyy/mm`) comes back as its month, written
//! as the sheet shows it ([`month_text`]).

use crate::calendar::era::Era;
use chrono::{Datelike, NaiveDate};

/// What a number format shows of a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateShown {
    /// The format shows no date: a number, a time, text.
    NotDate,
    /// A date with its day (or a time, a weekday, or only its year).
    Day,
    /// A month and no day: the format's code, to write the month with.
    Month(String),
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

/// What a number format code shows of a date: no date, a date with its day
/// (also a time, a weekday, a year alone), or a month with no day.
pub(crate) fn date_shown(code: &str) -> DateShown {
    let chars: Vec<char> = code.chars().collect();
    let pieces = pieces(&chars);
    if !shows_a_date(&pieces) {
        return DateShown::NotDate;
    }
    let tokens = codes(&pieces);
    let more_than_a_month = pieces.contains(&Piece::DateKanji('日'))
        || tokens.iter().any(|t| matches!(t, 'd' | 'a' | 'h' | 's'));
    if tokens.contains(&'m') && !more_than_a_month {
        DateShown::Month(code.to_string())
    } else {
        DateShown::Day
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
        assert_eq!(date_shown(code) != DateShown::NotDate, is_date, "{code}");
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
        assert_eq!(
            date_shown(code),
            DateShown::Month(code.to_string()),
            "{code}"
        );
        assert_eq!(month_text(code, september()), text, "{code}");
    }

    #[rstest]
    #[case(r#"[$-411]ggge"年"m"月"d"日";@"#, DateShown::Day)]
    #[case("yyyy/m/d", DateShown::Day)]
    #[case("m/d", DateShown::Day)]
    #[case("yyyy年m月d日", DateShown::Day)]
    #[case("yyyy/mm h:mm", DateShown::Day)]
    #[case("yyyy/m aaa", DateShown::Day)]
    #[case("yyyy", DateShown::Day)]
    #[case(r#"yyyy"年""#, DateShown::Day)]
    #[case("h:mm", DateShown::NotDate)]
    #[case("General", DateShown::NotDate)]
    #[case("0.0", DateShown::NotDate)]
    fn a_format_with_a_day_or_no_date_is_not_a_month(#[case] code: &str, #[case] shown: DateShown) {
        assert_eq!(date_shown(code), shown, "{code}");
    }

    #[test]
    fn an_era_year_of_a_date_before_the_eras_falls_back_to_the_western_year() {
        let date = NaiveDate::from_ymd_opt(1800, 3, 1).unwrap();
        assert_eq!(month_text(r#"ggge"年"m"月""#, date), "1800年3月");
    }

    proptest! {
        #[test]
        fn never_panics(code in ".{0,40}", days in 0i32..200_000) {
            let _ = date_shown(&code);
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
            let _ = month_text(&code, date);
        }
    }
}
