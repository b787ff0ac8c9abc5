//! Number formats: whether a cell's number format shows its number as a date.
//!
//! Excel stores dates as serial numbers and tells them apart only by the
//! cell's number format. The reader asks [`is_date_format`] about the format
//! of every number cell the spreadsheet library left as a number, so dates in
//! formats it does not recognise (和暦 `[$-411]ggge"年"m"月"d"日";@`, `aaa`
//! weekdays, 年月日 literals) still come back as dates.

/// Whether a number format code (its first section) displays a date.
///
/// Date tokens count only outside quotes, brackets and escapes: `y`, `d`,
/// `g` (era name), `e` (era year, not the `E+` of scientific notation),
/// `aaa` (weekday), the literals 年, 月, 日, and `m` when it is a month, not
/// minutes (not right after an hour or right before seconds). Pure time
/// formats (`h:mm`, `[h]:mm:ss`), numbers, `General` and `@` are not dates.
pub(crate) fn is_date_format(code: &str) -> bool {
    let chars: Vec<char> = code.chars().collect();
    // The format's tokens: letters outside quotes, brackets and escapes,
    // lower-cased, with their order kept.
    let mut tokens: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ';' => break,
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += 1;
                }
            }
            '[' => {
                // `[h]`, `[mm]`, `[ss]`: elapsed time; anything else (locale,
                // colour, condition) carries no date token.
                let start = i + 1;
                while i < chars.len() && chars[i] != ']' {
                    i += 1;
                }
                let inner: String = chars[start..i.min(chars.len())].iter().collect();
                let lower = inner.to_lowercase();
                if !lower.is_empty() && lower.chars().all(|c| matches!(c, 'h' | 'm' | 's')) {
                    tokens.push('h');
                }
            }
            '\\' | '_' | '*' => i += 1,
            '年' | '月' | '日' => return true,
            _ if starts_with_ignore_case(&chars[i..], "general") => {
                i += "general".len() - 1;
            }
            _ if starts_with_ignore_case(&chars[i..], "am/pm") => {
                tokens.push('h');
                i += "am/pm".len() - 1;
            }
            _ if starts_with_ignore_case(&chars[i..], "a/p") => {
                tokens.push('h');
                i += "a/p".len() - 1;
            }
            'e' | 'E' if matches!(chars.get(i + 1), Some('+' | '-')) => i += 1,
            _ if c.is_ascii_alphabetic() => tokens.push(c.to_ascii_lowercase()),
            _ => {}
        }
        i += 1;
    }
    tokens.iter().enumerate().any(|(k, &t)| match t {
        'y' | 'd' | 'g' | 'e' => true,
        'a' => tokens.get(k + 1) == Some(&'a') && tokens.get(k + 2) == Some(&'a'),
        'm' => is_month(&tokens, k),
        _ => false,
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
        assert_eq!(is_date_format(code), is_date, "{code}");
    }

    proptest! {
        #[test]
        fn never_panics(code in ".{0,40}") {
            let _ = is_date_format(&code);
        }
    }
}
