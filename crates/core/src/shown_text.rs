//! Text from workbooks, file names and the roster made safe where a person
//! reads it: a mail header, a terminal, a log. A cell or a name can hold
//! characters that steer how text is shown instead of being shown: control
//! characters (ESC sequences, BEL, a line break that forges a header or a
//! log line) and the bidirectional formatting characters (U+202E turns
//! `総務部\u{202E}fdp.exe` into `総務部exe.pdf` on screen). One test of them,
//! [`is_steering`], and the two ways they are taken out: escaped for a
//! terminal or a log ([`escape_steering`]), dropped from a header
//! ([`header_text`]).

use std::borrow::Cow;

/// Whether `c` steers how text is shown: a control character (C0, DEL, C1)
/// or a bidirectional formatting character — the embeddings and overrides
/// (U+202A–U+202E), the isolates (U+2066–U+2069) and the marks (U+200E,
/// U+200F, U+061C).
pub fn is_steering(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every [`is_steering`] character but those in `keep` written
/// as Rust writes it escaped (`\n`, `\t`, `\u{1b}`, `\u{202e}`), for a
/// terminal or a log line; other characters unchanged.
pub fn escape_steering<'a>(text: &'a str, keep: &[char]) -> Cow<'a, str> {
    let escaped = |c: char| is_steering(c) && !keep.contains(&c);
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !escaped(c) {
            out.push(c);
        } else if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.extend(c.escape_unicode());
        }
    }
    Cow::Owned(out)
}

/// `text` for a mail header (a subject, a display name, an attachment's
/// name): on one line, its control characters as spaces, its runs of white
/// space as one space, none at the ends, and its bidirectional formatting
/// characters dropped.
pub fn header_text(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            space = !line.is_empty();
        } else if !is_steering(c) {
            if space {
                line.push(' ');
                space = false;
            }
            line.push(c);
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case("総務部", "総務部")]
    #[case("建設部\u{202E}fdp.exe", "建設部\\u{202e}fdp.exe")]
    #[case("a\u{1b}[2J\u{7}b", "a\\u{1b}[2J\\u{7}b")]
    #[case("一\n二\t三", "一\\n二\\t三")]
    #[case("\u{2066}隔離\u{2069}\u{200F}", "\\u{2066}隔離\\u{2069}\\u{200f}")]
    #[case("\u{9b}2J\u{85}", "\\u{9b}2J\\u{85}")]
    fn steering_characters_are_escaped(#[case] text: &str, #[case] shown: &str) {
        assert_eq!(escape_steering(text, &[]), shown);
    }

    #[test]
    fn kept_characters_pass() {
        assert_eq!(
            escape_steering("一\n二\t\u{202E}", &['\n', '\t']),
            "一\n二\t\\u{202e}"
        );
    }

    #[rstest]
    #[case("【中間報告のお願い】 総務部", "【中間報告のお願い】 総務部")]
    #[case("【提出遅れ】 建設部\u{202E}fdp.exe", "【提出遅れ】 建設部fdp.exe")]
    #[case(" 件名\r\nBcc: x@example.jp ", "件名 Bcc: x@example.jp")]
    #[case("a\u{1b}[2J\u{7}b", "a [2J b")]
    #[case("\u{202D}\u{202E}", "")]
    fn a_header_is_one_line_without_steering_characters(#[case] text: &str, #[case] line: &str) {
        assert_eq!(header_text(text), line);
    }

    proptest! {
        #[test]
        fn nothing_steering_is_left(text in "\\PC*|[\\x00-\\x1f\u{7f}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}a語 ]*") {
            prop_assert!(!header_text(&text).chars().any(is_steering));
            prop_assert!(!escape_steering(&text, &[]).chars().any(is_steering));
        }
    }
}
