//! Writing HTML text: escaping, and the workbook's cell values as the page
//! shows them (the same dates, percentages and links as the cells).

use std::fmt::Write;

use chrono::{NaiveDate, NaiveDateTime};

use crate::consolidate::model::Value;

/// `text` with `& < > " '` escaped, for attribute values (and the page's
/// own short words).
pub(super) fn escape(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// `text` as an element's content: `&`, `<` and `>` escaped (quotes mean
/// nothing there). A page holds every item's text: the runs between those
/// bytes (all ASCII, so never inside a character) are found by `memchr`
/// and copied whole.
pub(super) fn escape_text(out: &mut String, text: &str) {
    let mut start = 0;
    for i in memchr::memchr3_iter(b'&', b'<', b'>', text.as_bytes()) {
        out.push_str(&text[start..i]);
        out.push_str(match text.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// `text` as an element's content, its lines those of [`str::lines`]
/// (ended by `\n` or `\r\n`) with a `<br>` between two.
pub(super) fn escape_lines(out: &mut String, text: &str) {
    let mut rest = text;
    let mut first = true;
    while !rest.is_empty() {
        let line = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(end) => {
                let line = &rest[..end];
                rest = &rest[end + 1..];
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut rest),
        };
        if !first {
            out.push_str("<br>");
        }
        first = false;
        escape_text(out, line);
    }
}

/// `2026/09/30`, as the workbook's date cells.
pub(super) fn date(d: NaiveDate) -> String {
    d.format("%Y/%m/%d").to_string()
}

/// `2026/09/30 14:05`, as the workbook's time cells.
pub(super) fn date_time(t: NaiveDateTime) -> String {
    t.format("%Y/%m/%d %H:%M").to_string()
}

/// `75%`, as the workbook's `0%` cells.
pub(super) fn percent(rate: f64) -> String {
    let mut text = String::new();
    push_percent(&mut text, rate);
    text
}

/// [`percent`] written to `out`.
pub(super) fn push_percent(out: &mut String, rate: f64) {
    let _ = write!(out, "{:.0}%", rate * 100.0);
}

/// A value as the cell shows it, escaped; a link as an `<a>`.
pub(super) fn value(out: &mut String, value: &Value<'_>) {
    match value {
        Value::Blank => {}
        Value::Text(text) => escape_lines(out, text),
        Value::Integer(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Percent(rate) => push_percent(out, *rate),
        Value::Date(d) => out.push_str(&date(*d)),
        Value::DateTime(t) => out.push_str(&date_time(*t)),
        Value::Link { text, url } => link(out, text, url),
    }
}

/// `<a href="url">text</a>`; a link inside the workbook (`internal:`)
/// means nothing on the page and is shown as text.
pub(super) fn link(out: &mut String, text: &str, url: &str) {
    if url.starts_with("internal:") {
        escape(out, text);
        return;
    }
    out.push_str("<a href=\"");
    escape(out, url);
    out.push_str("\">");
    escape_text(out, text);
    out.push_str("</a>");
}

/// `<th scope="col">…</th>` for each header (a line break in a header
/// stays one).
pub(super) fn header_row(out: &mut String, headers: &[&str]) {
    out.push_str("<thead><tr>");
    for h in headers {
        out.push_str("<th scope=\"col\">");
        escape_lines(out, h);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("<script>", "&lt;script&gt;")]
    #[case("a & \"b\" 'c'", "a &amp; &quot;b&quot; &#39;c&#39;")]
    #[case("総務部", "総務部")]
    fn escapes_markup(#[case] text: &str, #[case] escaped: &str) {
        let mut out = String::new();
        escape(&mut out, text);
        assert_eq!(out, escaped);
    }

    #[rstest]
    #[case("<b>", "&lt;b&gt;")]
    #[case("a & \"b\" 'c'", "a &amp; \"b\" 'c'")]
    #[case("総務部 & <企画>", "総務部 &amp; &lt;企画&gt;")]
    #[case("", "")]
    fn escapes_markup_in_content(#[case] text: &str, #[case] escaped: &str) {
        let mut out = String::new();
        escape_text(&mut out, text);
        assert_eq!(out, escaped);
    }

    proptest::proptest! {
        /// The lines are those of `str::lines`: `\n` and `\r\n` end one, a
        /// last line ending adds none, a lone `\r` is text.
        #[test]
        fn lines_are_those_of_str_lines(text in "[a\r\n<&>漢]{0,12}") {
            let mut out = String::new();
            escape_lines(&mut out, &text);
            let mut expected = String::new();
            for (i, line) in text.lines().enumerate() {
                if i > 0 {
                    expected.push_str("<br>");
                }
                escape_text(&mut expected, line);
            }
            proptest::prop_assert_eq!(out, expected);
        }
    }

    #[test]
    fn a_link_inside_the_workbook_is_text_and_a_file_link_an_anchor() {
        let mut out = String::new();
        link(&mut out, "12行目", "internal:'全庁一覧'!A12");
        assert_eq!(out, "12行目");
        out.clear();
        link(&mut out, "a.xlsx!C9", "file:///\\\\srv\\a.xlsx#'S'!C9");
        assert_eq!(
            out,
            "<a href=\"file:///\\\\srv\\a.xlsx#&#39;S&#39;!C9\">a.xlsx!C9</a>"
        );
    }

    #[test]
    fn percentages_round_as_the_workbook_shows_them() {
        assert_eq!(percent(0.755), "76%");
        assert_eq!(percent(1.0), "100%");
    }
}
