//! The rows of the long lists (全庁一覧, 期限一覧, 未提出) as SpreadsheetML,
//! written straight into a buffer, one list per thread, rather than cell by
//! cell through rust_xlsxwriter; [`super::package`] splices them into the
//! sheets rust_xlsxwriter writes around them (header row, columns,
//! conditional formats, printing).
//!
//! Cells are written as rust_xlsxwriter writes them: inline strings with
//! its escapes (`&`, `<`, `>`, control characters as `_xHHHH_`, a literal
//! `_xHHHH_` as `_x005F_xHHHH_`), dates as serial numbers, hyperlinks to
//! files through the sheet's relationships. [`ColumnWidths`] measures every
//! value for the column widths and row heights, here and in the small
//! tables rust_xlsxwriter still writes.

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use super::labels::ColumnLayout;
use super::model::Value;
use crate::cell_text::{TextExtent, line_capacity, lines_height, measure, text_width};

/// Size of the cells' font, in points.
pub(super) const FONT_SIZE: f64 = 10.0;
/// Excel's limit on characters in a cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on hyperlinks in a worksheet.
pub(super) const MAX_LINKS: usize = 65_530;
/// Excel's limit on a hyperlink's target or location, in UTF-16 units.
const MAX_URL_LEN: usize = 2_079;
/// Bytes of XML set aside per row: more than a row of a list takes but
/// for unusually long texts.
const ROOM_PER_ROW: usize = 2_048;
pub(super) const MIN_COLUMN_WIDTH: f64 = 6.0;
pub(super) const MAX_COLUMN_WIDTH: f64 = 50.0;

/// The kind of a written value, which decides its cell format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Integer,
    Percent,
    Date,
    DateTime,
}

/// A text as a cell holds it: at most Excel's limit of characters.
pub(super) fn truncate_for_cell(text: &str) -> &str {
    // A character is at least one byte: short texts need no counting.
    if text.len() <= MAX_CELL_CHARS {
        return text;
    }
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The width each column of a table needs and the lines each value wraps
/// to. Each column grows to its widest value up to its layout's widest
/// width; a text takes `ceil(w / capacity)` lines a paragraph in its
/// column ([`measure`]); a link runs on in one line.
#[derive(Debug, Clone)]
pub(super) struct ColumnWidths {
    /// The widest each column grows.
    max_widths: Vec<f64>,
    /// The text a line holds in each column at its widest.
    capacities: Vec<f64>,
    /// The width each column needs: its header's, or its widest value's.
    widths: Vec<f64>,
    /// Whether any value was written in each column.
    filled: Vec<bool>,
}

impl ColumnWidths {
    pub(super) fn new(headers: &[&str], layouts: &[ColumnLayout]) -> Self {
        let max_widths: Vec<f64> = (0..headers.len())
            .map(|c| layouts.get(c).map_or(MAX_COLUMN_WIDTH, |l| l.max_width))
            .map(|w| w.clamp(MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH))
            .collect();
        ColumnWidths {
            capacities: max_widths
                .iter()
                .map(|w| line_capacity(*w, FONT_SIZE))
                .collect(),
            max_widths,
            // The header's widest line, plus room for the filter button.
            widths: headers.iter().map(|h| text_width(h) + 3.0).collect(),
            filled: vec![false; headers.len()],
        }
    }

    /// Measures a value written in `col` and widens the column for it;
    /// returns the lines it takes.
    pub(super) fn add(&mut self, col: usize, value: &Value<'_>) -> u32 {
        let one_line = |width: f64| TextExtent { width, lines: 1 };
        let extent = match value {
            Value::Blank => one_line(0.0),
            Value::Text(text) => {
                let capacity = self.capacities.get(col).copied().unwrap_or(f64::INFINITY);
                measure(truncate_for_cell(text), capacity)
            }
            Value::Integer(n) => one_line(decimal_digits(*n) as f64 + 1.0),
            Value::Percent(_) => one_line(6.0),
            Value::Date(_) => one_line(11.0),
            Value::DateTime(_) => one_line(16.0),
            Value::Link { text, .. } => one_line(text_width(text)),
        };
        if let Some(w) = self.widths.get_mut(col) {
            *w = w.max(extent.width);
        }
        if let Some(filled) = self.filled.get_mut(col) {
            *filled |= !matches!(value, Value::Blank);
        }
        extent.lines
    }

    /// The width `col` needs: its header's or its widest value's.
    pub(super) fn needed(&self, col: usize) -> Option<f64> {
        self.widths.get(col).copied()
    }

    /// Each column as wide as its header or widest value, at most its
    /// layout's widest; a column left empty in every row takes the
    /// narrowest width (a table without rows keeps its headers' widths).
    pub(super) fn widths(&self, has_rows: bool) -> Vec<f64> {
        (0..self.widths.len())
            .map(|c| {
                if !has_rows || self.filled.get(c).copied().unwrap_or(true) {
                    let max = self.max_widths.get(c).copied().unwrap_or(MAX_COLUMN_WIDTH);
                    (self.widths[c] + 1.0).clamp(MIN_COLUMN_WIDTH, max)
                } else {
                    MIN_COLUMN_WIDTH
                }
            })
            .collect()
    }
}

fn decimal_digits(mut n: u64) -> usize {
    let mut digits = 1;
    while n >= 10 {
        n /= 10;
        digits += 1;
    }
    digits
}

/// Style numbers (indices into the workbook's cell formats) of a list's
/// data cells, one per kind of value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CellStyles {
    pub text: u32,
    pub integer: u32,
    pub percent: u32,
    pub date: u32,
    pub datetime: u32,
    pub link: u32,
}

impl CellStyles {
    fn of(&self, kind: Kind) -> u32 {
        match kind {
            Kind::Text => self.text,
            Kind::Integer => self.integer,
            Kind::Percent => self.percent,
            Kind::Date => self.date,
            Kind::DateTime => self.datetime,
        }
    }
}

/// Style numbers of everything the lists' rows carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ListStyles {
    pub plain: CellStyles,
    pub centred: CellStyles,
    /// 未提出's department headings.
    pub group: u32,
}

/// The rows of one list, ready to splice into its sheet: `<row>`s,
/// `<mergeCell>`s, `<hyperlink>`s and the `<Relationship>`s of links to
/// files (numbered `rId1`, `rId2`, … in this sheet).
#[derive(Debug)]
pub(super) struct ListRows {
    /// Each column's style numbers: plain or centred.
    columns: Vec<CellStyles>,
    /// The style of headings.
    group: u32,
    /// The kind of each column's first value, which becomes the column's
    /// format.
    pub kinds: Vec<Option<Kind>>,
    pub widths: ColumnWidths,
    /// Column letters, `A`, `B`, ….
    names: Vec<String>,
    pub rows_xml: Vec<u8>,
    pub merges_xml: Vec<u8>,
    pub merges: usize,
    pub hyperlinks_xml: Vec<u8>,
    pub relationships_xml: Vec<u8>,
    relationships: u32,
    links_left: usize,
    /// The first and last data rows written (0-based).
    pub rows: Option<(u32, u32)>,
    /// The last row written, data or heading (0-based).
    pub last_row: Option<u32>,
}

impl ListRows {
    pub(super) fn new(styles: &ListStyles, headers: &[&str], layouts: &[ColumnLayout]) -> Self {
        let columns = (0..headers.len())
            .map(|c| match layouts.get(c) {
                Some(l) if l.centred => styles.centred,
                _ => styles.plain,
            })
            .collect();
        ListRows {
            columns,
            group: styles.group,
            kinds: vec![None; headers.len()],
            widths: ColumnWidths::new(headers, layouts),
            names: (0..headers.len() as u32)
                .map(crate::model::column_name)
                .collect(),
            rows_xml: Vec::new(),
            merges_xml: Vec::new(),
            merges: 0,
            hyperlinks_xml: Vec::new(),
            relationships_xml: Vec::new(),
            relationships: 0,
            links_left: MAX_LINKS,
            rows: None,
            last_row: None,
        }
    }

    /// Makes room for about `rows` rows at once rather than growing the
    /// buffer step by step (room not written to costs no memory).
    pub(super) fn reserve_rows(&mut self, rows: usize) {
        self.rows_xml.reserve(rows.saturating_mul(ROOM_PER_ROW));
    }

    fn styles_of(&self, col: usize) -> CellStyles {
        self.columns.get(col).copied().unwrap_or(CellStyles {
            text: 0,
            integer: 0,
            percent: 0,
            date: 0,
            datetime: 0,
            link: 0,
        })
    }

    fn note_kind(&mut self, col: usize, kind: Kind) {
        if let Some(slot @ None) = self.kinds.get_mut(col) {
            *slot = Some(kind);
        }
    }

    /// Writes one data row (`row` is 0-based, after every row written so
    /// far), as tall as its tallest wrapped text. Blank values write
    /// nothing.
    pub(super) fn row(&mut self, row: u32, values: &[Value<'_>]) {
        let mut lines = 1;
        for (col, value) in values.iter().enumerate() {
            lines = lines.max(self.widths.add(col, value));
        }
        let r = row + 1;
        self.rows_xml.extend_from_slice(b"<row r=\"");
        push_u64(&mut self.rows_xml, u64::from(r));
        if lines > 1 {
            self.rows_xml.extend_from_slice(b"\" ht=\"");
            // Excel keeps row heights in whole pixels (¾ pt).
            let pixels = (lines_height(lines, FONT_SIZE) * 4.0 / 3.0).round();
            push_f64(&mut self.rows_xml, pixels * 0.75);
            self.rows_xml.extend_from_slice(b"\" customHeight=\"1");
        }
        self.rows_xml.extend_from_slice(b"\">");
        for (col, value) in values.iter().enumerate() {
            self.cell(r, col, value);
        }
        self.rows_xml.extend_from_slice(b"</row>");
        self.rows = Some(self.rows.map_or((row, row), |(first, _)| (first, row)));
        self.last_row = Some(row);
    }

    /// A heading across columns `0..=last_col` (merged), in the group style.
    pub(super) fn heading(&mut self, row: u32, text: &str, last_col: u16) {
        let r = row + 1;
        let style = u64::from(self.group);
        self.rows_xml.extend_from_slice(b"<row r=\"");
        push_u64(&mut self.rows_xml, u64::from(r));
        self.rows_xml.extend_from_slice(b"\">");
        self.text_cell(r, 0, style, truncate_for_cell(text));
        // The merged cells carry the style too, so the whole band is drawn.
        for col in 1..=usize::from(last_col) {
            self.cell_start(r, col, style);
            self.rows_xml.extend_from_slice(b"/>");
        }
        self.rows_xml.extend_from_slice(b"</row>");
        self.merges_xml.extend_from_slice(b"<mergeCell ref=\"A");
        push_u64(&mut self.merges_xml, u64::from(r));
        self.merges_xml.push(b':');
        let last = self.names.get(usize::from(last_col)).cloned();
        let last = last.unwrap_or_else(|| crate::model::column_name(u32::from(last_col)));
        self.merges_xml.extend_from_slice(last.as_bytes());
        push_u64(&mut self.merges_xml, u64::from(r));
        self.merges_xml.extend_from_slice(b"\"/>");
        self.merges += 1;
        self.last_row = Some(row);
    }

    /// One line of text in the first column (a message in place of rows).
    pub(super) fn note(&mut self, row: u32, text: &str) {
        let r = row + 1;
        let style = u64::from(self.styles_of(0).text);
        self.rows_xml.extend_from_slice(b"<row r=\"");
        push_u64(&mut self.rows_xml, u64::from(r));
        self.rows_xml.extend_from_slice(b"\">");
        self.text_cell(r, 0, style, truncate_for_cell(text));
        self.rows_xml.extend_from_slice(b"</row>");
        self.last_row = Some(row);
    }

    fn cell(&mut self, r: u32, col: usize, value: &Value<'_>) {
        let styles = self.styles_of(col);
        match value {
            Value::Blank => {}
            Value::Text(text) => {
                self.note_kind(col, Kind::Text);
                self.text_cell(r, col, u64::from(styles.text), truncate_for_cell(text));
            }
            Value::Integer(n) => {
                self.note_kind(col, Kind::Integer);
                self.number_start(r, col, styles.of(Kind::Integer));
                push_u64(&mut self.rows_xml, *n);
                self.rows_xml.extend_from_slice(b"</v></c>");
            }
            Value::Percent(p) => {
                self.note_kind(col, Kind::Percent);
                self.number_cell(r, col, styles.of(Kind::Percent), *p);
            }
            Value::Date(d) => match date_serial(*d) {
                Some(serial) => {
                    self.note_kind(col, Kind::Date);
                    self.number_start(r, col, styles.of(Kind::Date));
                    push_u64(&mut self.rows_xml, serial);
                    self.rows_xml.extend_from_slice(b"</v></c>");
                }
                None => {
                    let text = d.format("%Y/%m/%d").to_string();
                    self.text_cell(r, col, u64::from(styles.text), &text);
                }
            },
            Value::DateTime(dt) => match datetime_serial(*dt) {
                Some(serial) => {
                    self.note_kind(col, Kind::DateTime);
                    self.number_cell(r, col, styles.of(Kind::DateTime), serial);
                }
                None => {
                    let text = dt.format("%Y/%m/%d %H:%M").to_string();
                    self.text_cell(r, col, u64::from(styles.text), &text);
                }
            },
            Value::Link { text, url } => {
                let text = truncate_for_cell(text);
                if self.links_left > 0 && self.link(r, col, text, url) {
                    self.links_left -= 1;
                    self.text_cell(r, col, u64::from(styles.link), text);
                } else {
                    // Too many links, or a target Excel cannot link to: plain text.
                    self.note_kind(col, Kind::Text);
                    self.text_cell(r, col, u64::from(styles.text), text);
                }
            }
        }
    }

    /// `<c r="B7" s="3"`, without closing the tag.
    fn cell_start(&mut self, r: u32, col: usize, style: u64) {
        let out = &mut self.rows_xml;
        out.extend_from_slice(b"<c r=\"");
        push_cell_ref(out, &self.names, col, r);
        out.push(b'"');
        if style > 0 {
            out.extend_from_slice(b" s=\"");
            push_u64(out, style);
            out.push(b'"');
        }
    }

    fn number_start(&mut self, r: u32, col: usize, style: u32) {
        self.cell_start(r, col, u64::from(style));
        self.rows_xml.extend_from_slice(b"><v>");
    }

    fn number_cell(&mut self, r: u32, col: usize, style: u32, value: f64) {
        self.number_start(r, col, style);
        push_f64(&mut self.rows_xml, value);
        self.rows_xml.extend_from_slice(b"</v></c>");
    }

    fn text_cell(&mut self, r: u32, col: usize, style: u64, text: &str) {
        self.cell_start(r, col, style);
        let preserve = text.starts_with(['\t', '\n', ' ']) || text.ends_with(['\t', '\n', ' ']);
        self.rows_xml.extend_from_slice(if preserve {
            b" t=\"inlineStr\"><is><t xml:space=\"preserve\">".as_slice()
        } else {
            b" t=\"inlineStr\"><is><t>".as_slice()
        });
        push_text(&mut self.rows_xml, text);
        self.rows_xml.extend_from_slice(b"</t></is></c>");
    }

    /// Records a hyperlink on the cell; `false` when Excel cannot take its
    /// target. `internal:'Sheet'!A1` links inside the workbook; `file:///…`
    /// (with an optional `#'Sheet'!A1`) and other URLs link outside it.
    fn link(&mut self, r: u32, col: usize, text: &str, url: &str) -> bool {
        let (target, location) = match url.strip_prefix("internal:") {
            Some(location) => (None, Some(location)),
            None => {
                let path = url
                    .strip_prefix("file:///")
                    .or_else(|| url.strip_prefix("file://"))
                    .unwrap_or(url);
                match path.split_once('#') {
                    Some((path, location)) => (Some(path), Some(location)),
                    None => (Some(path), None),
                }
            }
        };
        let too_long = |s: Option<&str>| s.is_some_and(|s| s.encode_utf16().count() > MAX_URL_LEN);
        if too_long(target) || too_long(location) || target.is_some_and(str::is_empty) {
            return false;
        }
        let out = &mut self.hyperlinks_xml;
        out.extend_from_slice(b"<hyperlink ref=\"");
        push_cell_ref(out, &self.names, col, r);
        out.push(b'"');
        if let Some(target) = target {
            self.relationships += 1;
            out.extend_from_slice(b" r:id=\"rId");
            push_u64(out, u64::from(self.relationships));
            out.push(b'"');
            let rels = &mut self.relationships_xml;
            rels.extend_from_slice(b"<Relationship Id=\"rId");
            push_u64(rels, u64::from(self.relationships));
            rels.extend_from_slice(
                b"\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"",
            );
            push_attribute(rels, &link_target(target));
            rels.extend_from_slice(b"\" TargetMode=\"External\"/>");
        }
        if let Some(location) = location {
            out.extend_from_slice(b" location=\"");
            push_attribute(out, location);
            out.push(b'"');
        }
        if target.is_none() {
            out.extend_from_slice(b" display=\"");
            push_attribute(out, text);
            out.push(b'"');
        }
        out.extend_from_slice(b"/>");
        true
    }
}

/// A file path as a relationship's target, escaped as Excel escapes it:
/// `%`, space, `"`, `<`, `>`, `[`, `]`, `^`, `` ` ``, `{`, `}` and `#`.
fn link_target(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            '"' => out.push_str("%22"),
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3c"),
            '>' => out.push_str("%3e"),
            '[' => out.push_str("%5b"),
            ']' => out.push_str("%5d"),
            '^' => out.push_str("%5e"),
            '`' => out.push_str("%60"),
            '{' => out.push_str("%7b"),
            '}' => out.push_str("%7d"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// The serial number Excel shows a date as (days since 1899-12-30, one less
/// before March 1900 for Excel's 29 February 1900); `None` before 1900 or
/// after 9999, which Excel cannot show.
pub(super) fn date_serial(date: NaiveDate) -> Option<u64> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let first = NaiveDate::from_ymd_opt(1900, 1, 1)?;
    let last = NaiveDate::from_ymd_opt(9999, 12, 31)?;
    if date < first || date > last {
        return None;
    }
    let days = (date - epoch).num_days() as u64;
    Some(if days < 61 { days - 1 } else { days })
}

/// A date and time as Excel's serial number (the day's fraction after the
/// point).
pub(super) fn datetime_serial(dt: NaiveDateTime) -> Option<f64> {
    let day = date_serial(dt.date())? as f64;
    let time = dt.time();
    let seconds = f64::from(time.num_seconds_from_midnight()) + f64::from(time.nanosecond()) / 1e9;
    Some(day + seconds / 86_400.0)
}

/// `B7`: the column's letters from `names`, then the row's number.
fn push_cell_ref(out: &mut Vec<u8>, names: &[String], col: usize, r: u32) {
    match names.get(col) {
        Some(name) => out.extend_from_slice(name.as_bytes()),
        None => out.extend_from_slice(crate::model::column_name(col as u32).as_bytes()),
    }
    push_u64(out, u64::from(r));
}

fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

fn push_f64(out: &mut Vec<u8>, value: f64) {
    use std::io::Write;
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{value}");
}

/// Cell text, escaped as rust_xlsxwriter and Excel escape it.
fn push_text(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'&' | b'<' | b'>' => {
                out.extend_from_slice(&bytes[start..i]);
                out.extend_from_slice(match b {
                    b'&' => b"&amp;".as_slice(),
                    b'<' => b"&lt;",
                    _ => b"&gt;",
                });
                i += 1;
                start = i;
            }
            // Control characters other than tab and line feed.
            0x00..=0x08 | 0x0B..=0x1F => {
                out.extend_from_slice(&bytes[start..i]);
                out.extend_from_slice(b"_x00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
                out.push(b'_');
                i += 1;
                start = i;
            }
            // A literal `_xHHHH_` is prefixed so that it reads as itself.
            b'_' if is_escape_pattern(&bytes[i..]) => {
                out.extend_from_slice(&bytes[start..i]);
                out.extend_from_slice(b"_x005F");
                start = i;
                i += 1;
            }
            // U+FFFE and U+FFFF, which are not characters.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                out.extend_from_slice(&bytes[start..i]);
                out.extend_from_slice(if bytes.get(i + 2) == Some(&0xBE) {
                    b"_xFFFE_"
                } else {
                    b"_xFFFF_"
                });
                i += 3;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Whether `bytes` starts with `_xHHHH_`.
fn is_escape_pattern(bytes: &[u8]) -> bool {
    bytes.len() >= 7
        && bytes[1] == b'x'
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

/// An attribute value, escaped.
fn push_attribute(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'"' => b"&quot;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\n' => b"&#xA;",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(entity);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Style numbers for tests: 1–6 plain, 7 centred text, 9 headings.
#[cfg(test)]
pub(super) fn sample_styles() -> ListStyles {
    let plain = CellStyles {
        text: 1,
        integer: 2,
        percent: 3,
        date: 4,
        datetime: 5,
        link: 6,
    };
    ListStyles {
        plain,
        centred: CellStyles { text: 7, ..plain },
        group: 9,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::consolidate::labels;

    fn text(s: &str) -> String {
        let mut out = Vec::new();
        push_text(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[rstest]
    #[case("進捗あり", "進捗あり")]
    #[case("a<b & c>d", "a&lt;b &amp; c&gt;d")]
    #[case("\"引用\" 'x'", "\"引用\" 'x'")]
    #[case("一行目\n二行目\t終", "一行目\n二行目\t終")]
    #[case("改行\r\n", "改行_x000D_\n")]
    #[case("\u{1}\u{1f}", "_x0001__x001F_")]
    #[case("_x0041_", "_x005F_x0041_")]
    #[case("_x00G1_ _x123_", "_x00G1_ _x123_")]
    #[case("末尾_x", "末尾_x")]
    #[case("\u{FFFE}\u{FFFF}\u{FFFD}", "_xFFFE__xFFFF_\u{FFFD}")]
    fn cell_text_is_escaped_as_excel_escapes_it(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(text(input), expected);
    }

    #[rstest]
    #[case(1900, 1, 1, Some(1))]
    #[case(1900, 2, 28, Some(59))]
    #[case(1900, 3, 1, Some(61))]
    #[case(2026, 9, 30, Some(46295))]
    #[case(2027, 3, 31, Some(46477))]
    #[case(1899, 12, 31, None)]
    fn dates_are_excel_serial_numbers(
        #[case] y: i32,
        #[case] m: u32,
        #[case] d: u32,
        #[case] serial: Option<u64>,
    ) {
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(date_serial(date), serial);
    }

    #[test]
    fn times_are_the_fraction_of_the_day() {
        let dt = NaiveDate::from_ymd_opt(2026, 11, 21)
            .unwrap()
            .and_hms_opt(18, 0, 0)
            .unwrap();
        assert_eq!(datetime_serial(dt), Some(46347.75));
    }

    #[test]
    fn file_targets_are_escaped_as_excel_escapes_them() {
        assert_eq!(
            link_target(r"\\share\企画課\R8 #1 [案].xlsx"),
            r"\\share\企画課\R8%20%231%20%5b案%5d.xlsx"
        );
    }

    #[test]
    fn a_row_writes_each_value_with_its_style_and_skips_blanks() {
        let headers = ["部局", "期限日", "達成度", "件数", "出典", "一覧"];
        let layouts = [labels::ITEM_LAYOUT[0]; 6];
        let mut rows = ListRows::new(&sample_styles(), &headers, &layouts);
        rows.row(
            1,
            &[
                Value::Text("総務部".into()),
                Value::Date(NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()),
                Value::Percent(0.7),
                Value::Integer(12),
                Value::Link {
                    text: "a.xlsx!B9".into(),
                    url: "file:///C:\\share\\a.xlsx#'シート1'!B9".into(),
                },
                Value::Link {
                    text: "5行目".into(),
                    url: "internal:'全庁一覧'!A5".into(),
                },
            ],
        );
        rows.row(2, &[Value::Blank, Value::Blank]);
        let xml = String::from_utf8(rows.rows_xml.clone()).unwrap();
        assert_eq!(
            xml,
            concat!(
                r#"<row r="2"><c r="A2" s="1" t="inlineStr"><is><t>総務部</t></is></c>"#,
                r#"<c r="B2" s="4"><v>46295</v></c><c r="C2" s="3"><v>0.7</v></c>"#,
                r#"<c r="D2" s="2"><v>12</v></c>"#,
                r#"<c r="E2" s="6" t="inlineStr"><is><t>a.xlsx!B9</t></is></c>"#,
                r#"<c r="F2" s="6" t="inlineStr"><is><t>5行目</t></is></c></row>"#,
                r#"<row r="3"></row>"#
            )
        );
        assert_eq!(
            String::from_utf8(rows.hyperlinks_xml.clone()).unwrap(),
            concat!(
                r#"<hyperlink ref="E2" r:id="rId1" location="'シート1'!B9"/>"#,
                r#"<hyperlink ref="F2" location="'全庁一覧'!A5" display="5行目"/>"#
            )
        );
        assert_eq!(
            String::from_utf8(rows.relationships_xml.clone()).unwrap(),
            concat!(
                r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" "#,
                r#"Target="C:\share\a.xlsx" TargetMode="External"/>"#
            )
        );
        assert_eq!(
            rows.kinds,
            vec![
                Some(Kind::Text),
                Some(Kind::Date),
                Some(Kind::Percent),
                Some(Kind::Integer),
                None,
                None
            ]
        );
        assert_eq!(rows.rows, Some((1, 2)));
    }

    #[test]
    fn a_link_excel_cannot_take_is_plain_text() {
        let mut rows = ListRows::new(&sample_styles(), &["出典"], &[labels::ITEM_LAYOUT[0]]);
        let long = format!("file:///{}.xlsx", "あ".repeat(2_100));
        rows.row(
            1,
            &[Value::Link {
                text: "長いパス".into(),
                url: long,
            }],
        );
        let xml = String::from_utf8(rows.rows_xml.clone()).unwrap();
        assert!(xml.contains(r#"<c r="A2" s="1" t="inlineStr"><is><t>長いパス</t>"#));
        assert!(rows.hyperlinks_xml.is_empty());
        assert!(rows.relationships_xml.is_empty());
    }

    #[test]
    fn a_heading_is_merged_across_the_printed_columns() {
        let headers = ["部局", "担当課", "取組項目"];
        let mut rows = ListRows::new(&sample_styles(), &headers, &[labels::ITEM_LAYOUT[0]; 3]);
        rows.heading(2, "総務部（2件）", 2);
        assert_eq!(
            String::from_utf8(rows.rows_xml.clone()).unwrap(),
            concat!(
                r#"<row r="3"><c r="A3" s="9" t="inlineStr"><is><t>総務部（2件）</t></is></c>"#,
                r#"<c r="B3" s="9"/><c r="C3" s="9"/></row>"#
            )
        );
        assert_eq!(
            String::from_utf8(rows.merges_xml.clone()).unwrap(),
            r#"<mergeCell ref="A3:C3"/>"#
        );
        assert_eq!(rows.merges, 1);
        assert_eq!(rows.rows, None);
        assert_eq!(rows.last_row, Some(2));
    }

    #[test]
    fn text_with_surrounding_space_keeps_it() {
        let mut rows = ListRows::new(&sample_styles(), &["取組項目"], &[labels::ITEM_LAYOUT[0]]);
        rows.row(1, &[Value::Text(" 字下げ".into())]);
        let xml = String::from_utf8(rows.rows_xml.clone()).unwrap();
        assert!(
            xml.contains(r#"<t xml:space="preserve"> 字下げ</t>"#),
            "{xml}"
        );
    }

    proptest! {
        #[test]
        fn escaped_text_never_panics_and_holds_no_markup(s in "\\PC*|[<>&_x0-9A-F\u{0}-\u{1f}\u{fffe}\u{ffff}]*") {
            let escaped = text(&s);
            prop_assert!(!escaped.contains('<'));
            prop_assert!(!escaped.contains('>'));
            prop_assert!(escaped.bytes().all(|b| b >= 0x20 || b == b'\t' || b == b'\n'));
            // Every `&` starts an entity.
            for (i, _) in escaped.match_indices('&') {
                let rest = &escaped[i..];
                prop_assert!(rest.starts_with("&amp;") || rest.starts_with("&lt;") || rest.starts_with("&gt;"));
            }
        }
    }
}
