//! Writing HTML text: escaping, and the workbook's cell values as the page
//! shows them (the same dates, percentages and links as the cells).

use std::fmt::Write;

use chrono::{NaiveDate, NaiveDateTime};

use crate::consolidate::model::Value;

/// `text` with `& < > " '` escaped, for text and attribute values alike.
/// The runs between those bytes (all ASCII, so never inside a character)
/// are copied whole: a page holds every item's text.
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

/// `text` escaped, each line break a `<br>`.
pub(super) fn escape_lines(out: &mut String, text: &str) {
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        escape(out, line);
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
    format!("{:.0}%", rate * 100.0)
}

/// A value as the cell shows it, escaped; a link as an `<a>`.
pub(super) fn value(out: &mut String, value: &Value<'_>) {
    match value {
        Value::Blank => {}
        Value::Text(text) => escape_lines(out, text),
        Value::Integer(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Percent(rate) => out.push_str(&percent(*rate)),
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
    escape(out, text);
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
