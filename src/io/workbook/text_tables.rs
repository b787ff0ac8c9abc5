//! Tables kept as text instead of in a workbook package, each read as a
//! workbook of one sheet named after the file (as Excel names the sheet of
//! a CSV file it opens):
//!
//! - CSV, as 行政評価 and 進行管理 systems export it: Shift_JIS (CP932) or
//!   UTF-8, with or without a byte order mark (UTF-16 with one too), CR LF
//!   or LF, quoted fields holding commas and line breaks; a file more of
//!   whose first lines hold tabs than hold commas and no tab (Excel's
//!   「Unicode テキスト」, a title line above its table) is read with tabs
//!   between fields.
//!   The text is decoded with `encoding_rs` and split with the `csv` crate.
//! - An HTML table, as systems that export "for Excel" write it under an
//!   Excel name (`.xls`): every table of the page, its rows one below the
//!   other, `colspan` / `rowspan` as merged cells, `<br>` as a line break
//!   in the cell, tokenized with `html5gum`; its encoding from its byte
//!   order mark, else the `charset` its head names, else as CSV's.
//!
//! A field holding a plain number (`3`, `0.75`) is a number, as Excel
//! reads it; every other field stays the text written.

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};

use mokuhyo_core::grid::{CellValue, MergedRange};

/// A table read from text: its non-empty cells (row, column, value) and
/// merged regions.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct TextSheet {
    pub cells: Vec<(u32, u32, CellValue)>,
    pub merges: Vec<MergedRange>,
}

/// Where a text stops being text in any encoding tried: its line (1-based)
/// and the byte offset in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Undecodable {
    pub line: u64,
    pub offset: usize,
}

/// Why a text table could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TextFailure {
    /// The table holds more cells than a sheet may.
    TooManyCells,
    /// A CSV record the csv crate refused, with its line.
    Csv { line: u64, detail: String },
}

/// The text of `bytes`: by its byte order mark (UTF-8, UTF-16), else
/// UTF-8 when it is valid UTF-8, else `fallback` (for HTML the charset its
/// head names) when given, else Shift_JIS (CP932, as Windows writes it).
/// With its encoding's name.
pub(crate) fn decode(
    bytes: &[u8],
    fallback: Option<&'static Encoding>,
) -> Result<(String, &'static str), Undecodable> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return strictly(encoding, &bytes[bom..], bom).map(|t| (t, encoding.name()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), UTF_8.name()));
    }
    let encoding = fallback.filter(|e| *e != UTF_8).unwrap_or(SHIFT_JIS);
    strictly(encoding, bytes, 0).map(|t| (t, encoding.name()))
}

/// `bytes` decoded without replacing anything: the first malformed
/// sequence is where the text fails (`skipped` bytes precede `bytes` in
/// the file).
fn strictly(
    encoding: &'static Encoding,
    bytes: &[u8],
    skipped: usize,
) -> Result<String, Undecodable> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            let at = read.saturating_sub(usize::from(bad) + usize::from(after));
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            Err(Undecodable {
                line,
                offset: skipped + at,
            })
        }
        // The buffer holds the longest text the input can decode to.
        encoding_rs::DecoderResult::OutputFull => Err(Undecodable {
            line: 1,
            offset: skipped + read,
        }),
    }
}

/// How many of a text's first lines tell tabs from commas.
const LINES_LOOKED_AT: usize = 30;

/// Whether a text's fields are separated by tabs: more of its first lines
/// hold a tab than hold a comma and no tab. A title line above the table
/// holds neither; a tab-separated line may hold a comma in a field
/// (`1,500人`), a comma-separated one seldom a tab.
fn tab_separated(text: &str) -> bool {
    let (mut tabs, mut commas) = (0, 0);
    for line in text.lines().take(LINES_LOOKED_AT) {
        if line.contains('\t') {
            tabs += 1;
        } else if line.contains(',') {
            commas += 1;
        }
    }
    tabs > commas
}

/// A CSV text's fields as a sheet, at most `max_cells` non-empty cells.
pub(crate) fn csv_sheet(text: &str, max_cells: u64) -> Result<TextSheet, TextFailure> {
    let delimiter = if tab_separated(text) { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut sheet = TextSheet::default();
    // The csv crate skips blank lines; Excel shows each as an empty row, and
    // the cells a mail names must be the rows Excel shows. A record's row is
    // the line breaks before it, less those inside earlier records' quotes.
    let mut row: u64 = 0;
    let mut counted_to = 0usize;
    let mut breaks_in_records: u64 = 0;
    for record in reader.records() {
        let record = record.map_err(|e| TextFailure::Csv {
            line: e.position().map_or(0, csv::Position::line),
            detail: e.to_string(),
        })?;
        // The position given may stand before the previous line's end.
        let start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .and_then(|b| {
                Some(
                    b + text
                        .get(b..)?
                        .bytes()
                        .take_while(|c| matches!(c, b'\r' | b'\n'))
                        .count(),
                )
            });
        if let Some(start) = start
            && let Some(between) = text.get(counted_to..start)
        {
            row += between.matches('\n').count() as u64;
            counted_to = start;
        }
        let Some(row_index) = row
            .checked_sub(breaks_in_records)
            .and_then(|r| u32::try_from(r).ok())
        else {
            return Err(TextFailure::TooManyCells);
        };
        breaks_in_records += record
            .iter()
            .map(|f| f.matches('\n').count() as u64)
            .sum::<u64>();
        for (col, field) in record.iter().enumerate() {
            let value = field_value(field);
            if value.is_empty() {
                continue;
            }
            if sheet.cells.len() as u64 >= max_cells {
                return Err(TextFailure::TooManyCells);
            }
            sheet.cells.push((row_index, col as u32, value));
        }
    }
    Ok(sheet)
}

/// A field as Excel reads it: a plain decimal number is a number, any
/// other field the text written (a number with leading zeros, `1-1`,
/// `75%` stay text, as the table reading reads them).
fn field_value(field: &str) -> CellValue {
    let t = field.trim();
    if t.is_empty() {
        return CellValue::Empty;
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && (whole == "0" || !whole.starts_with('0'))
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit());
    match t.parse::<f64>() {
        Ok(n) if plain && n.is_finite() => CellValue::Number(n),
        // A line break in a cell is a line feed, as Excel keeps it.
        _ => CellValue::Text(field.replace("\r\n", "\n")),
    }
}

/// Whether `bytes` hold an HTML page (after a byte order mark and
/// whitespace, a tag, and a table somewhere in the first 64 KiB).
pub(crate) fn is_html(bytes: &[u8]) -> bool {
    let start = Encoding::for_bom(bytes).map_or(0, |(_, bom)| bom);
    let head = &bytes[start..bytes.len().min(start + 64 * 1024)];
    let Some(first) = head.iter().position(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    if head[first] != b'<' {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    memchr::memmem::find(&lower, b"<table").is_some()
}

/// The encoding an HTML page's head names (`<meta charset="Shift_JIS">`,
/// `content="text/html; charset=shift_jis"`), read in its ASCII bytes.
pub(crate) fn html_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let at = memchr::memmem::find(&head, b"charset=")? + "charset=".len();
    let label: Vec<u8> = head[at..]
        .iter()
        .copied()
        .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        .collect();
    let encoding = Encoding::for_label(&label)?;
    // A page in UTF-16 has a byte order mark; a head read in ASCII is not UTF-16.
    (encoding != UTF_16LE && encoding != UTF_16BE).then_some(encoding)
}

/// The cells of every table of an HTML page, the tables one below the
/// other, at most `max_cells` non-empty cells.
pub(crate) fn html_sheet(text: &str, max_cells: u64) -> Result<TextSheet, TextFailure> {
    let mut table = HtmlTable::default();
    let mut skipped: Option<Vec<u8>> = None;
    for token in html5gum::Tokenizer::new(text).flatten() {
        match token {
            html5gum::Token::StartTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                if skipped.is_some() {
                    continue;
                }
                match name.as_slice() {
                    b"script" | b"style" | b"head" | b"title" => skipped = Some(name),
                    b"tr" => table.start_row(),
                    b"td" | b"th" => {
                        let span = |key: &[u8]| {
                            tag.attributes
                                .iter()
                                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                                .and_then(|(_, v)| String::from_utf8_lossy(v).trim().parse().ok())
                                .filter(|&n: &u32| (1..=1000).contains(&n))
                                .unwrap_or(1)
                        };
                        table.start_cell(span(b"rowspan"), span(b"colspan"));
                    }
                    b"br" => table.line_break(true),
                    b"p" | b"div" | b"li" => table.line_break(false),
                    _ => {}
                }
            }
            html5gum::Token::EndTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                if let Some(open) = &skipped {
                    if *open == name {
                        skipped = None;
                    }
                    continue;
                }
                match name.as_slice() {
                    b"td" | b"th" => table.end_cell(max_cells)?,
                    b"tr" => table.end_row(max_cells)?,
                    b"table" => table.end_table(max_cells)?,
                    _ => {}
                }
            }
            html5gum::Token::String(s) if skipped.is_none() => {
                table.text(&String::from_utf8_lossy(&s));
            }
            _ => {}
        }
    }
    table.end_table(max_cells)?;
    Ok(table.sheet)
}

/// An HTML table being read: the sheet so far, the row and the open cell,
/// and the columns of the rows below taken by a `rowspan`.
#[derive(Default)]
struct HtmlTable {
    sheet: TextSheet,
    /// The row being read; `None` before the first `<tr>`.
    row: Option<u32>,
    /// The next row a new table starts on.
    next_row: u32,
    col: u32,
    /// The open cell: its place, spans and text.
    cell: Option<(u32, u32, u32, u32, String)>,
    /// Cells of later rows covered by a `rowspan` above: (row, first
    /// column, last column).
    covered: Vec<(u32, u32, u32)>,
}

impl HtmlTable {
    fn start_row(&mut self) {
        let row = self.row.map_or(self.next_row, |r| r + 1);
        self.row = Some(row);
        self.next_row = row + 1;
        self.col = 0;
    }

    fn start_cell(&mut self, rows: u32, cols: u32) {
        if self.row.is_none() {
            self.start_row();
        }
        let row = self.row.unwrap_or_default();
        // Skip the columns a rowspan above covers.
        while let Some(&(_, _, last)) = self
            .covered
            .iter()
            .find(|&&(r, first, last)| r == row && (first..=last).contains(&self.col))
        {
            self.col = last + 1;
        }
        self.cell = Some((row, self.col, rows, cols, String::new()));
    }

    fn text(&mut self, text: &str) {
        if let Some(cell) = &mut self.cell {
            // Runs of whitespace in HTML show as one space.
            let mut last_space = cell.4.ends_with([' ', '\n']);
            for c in text.chars() {
                if c.is_whitespace() && c != '\u{3000}' {
                    if !last_space {
                        cell.4.push(' ');
                        last_space = true;
                    }
                } else {
                    cell.4.push(c);
                    last_space = false;
                }
            }
        }
    }

    /// A line break in the open cell: always for `<br>` (`always`), for
    /// a block (`<p>`, `<div>`) only after some text.
    fn line_break(&mut self, always: bool) {
        if let Some(cell) = &mut self.cell
            && (always || !cell.4.trim().is_empty())
        {
            cell.4.push('\n');
        }
    }

    fn end_cell(&mut self, max_cells: u64) -> Result<(), TextFailure> {
        let Some((row, col, rows, cols, text)) = self.cell.take() else {
            return Ok(());
        };
        let text: String = text
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string();
        let value = field_value(&text);
        if !value.is_empty() {
            if self.sheet.cells.len() as u64 >= max_cells {
                return Err(TextFailure::TooManyCells);
            }
            self.sheet.cells.push((row, col, value));
        }
        if rows > 1 || cols > 1 {
            self.sheet.merges.push(MergedRange {
                first_row: row,
                first_col: col,
                last_row: row + rows - 1,
                last_col: col + cols - 1,
            });
            for r in row + 1..row + rows {
                self.covered.push((r, col, col + cols - 1));
            }
        }
        self.next_row = self.next_row.max(row + rows);
        self.col = col + cols;
        Ok(())
    }

    fn end_row(&mut self, max_cells: u64) -> Result<(), TextFailure> {
        self.end_cell(max_cells)
    }

    /// A table ends: the next starts below everything read.
    fn end_table(&mut self, max_cells: u64) -> Result<(), TextFailure> {
        self.end_cell(max_cells)?;
        if let Some(row) = self.row {
            self.next_row = self.next_row.max(row + 1);
        }
        self.row = None;
        self.covered.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    #[test]
    fn shift_jis_csv_with_quoted_line_breaks_and_commas_reads_as_written() {
        let csv = "番号,取組,期限\r\n1,\"窓口の案内を\r\n見直す, 全課で\",9月末\r\n2,台帳の電子化,年度末\r\n";
        let (bytes, _, _) = SHIFT_JIS.encode(csv);
        let (decoded, encoding) = decode(&bytes, None).unwrap();
        assert_eq!(encoding, "Shift_JIS");
        let sheet = csv_sheet(&decoded, 100).unwrap();
        assert!(
            sheet
                .cells
                .contains(&(1, 1, text("窓口の案内を\n見直す, 全課で")))
        );
        assert!(sheet.cells.contains(&(1, 0, CellValue::Number(1.0))));
        assert!(sheet.cells.contains(&(2, 2, text("年度末"))));
    }

    /// Blank lines are the empty rows Excel shows, and a record with a
    /// quoted line break is one row: every cell sits in the row Excel
    /// shows it in.
    #[test]
    fn blank_lines_are_empty_rows_as_excel_shows_them() {
        let csv = "令和8年度 税務部\r\n\r\n番号,取組,期限\r\n1,\"滞納整理の\r\n強化\",9月末\r\n\r\n\r\n2,\"a\nb\nc\",年度末\n\n3,x,y\n";
        let sheet = csv_sheet(csv, 100).unwrap();
        let rows: Vec<(u32, u32)> = sheet.cells.iter().map(|c| (c.0, c.1)).collect();
        assert_eq!(
            rows,
            [
                (0, 0),
                (2, 0),
                (2, 1),
                (2, 2),
                (3, 0),
                (3, 1),
                (3, 2),
                (6, 0),
                (6, 1),
                (6, 2),
                (8, 0),
                (8, 1),
                (8, 2)
            ]
        );
    }

    #[test]
    fn utf8_with_a_byte_order_mark_and_tabs() {
        let bytes = "\u{feff}番号\t取組\n1-1\t点検\n".as_bytes();
        let (decoded, encoding) = decode(bytes, None).unwrap();
        assert_eq!(encoding, "UTF-8");
        let sheet = csv_sheet(&decoded, 100).unwrap();
        assert_eq!(sheet.cells[0], (0, 0, text("番号")));
        assert!(sheet.cells.contains(&(1, 0, text("1-1"))));
    }

    /// Excel's 「Unicode テキスト」: UTF-16 with its byte order mark, tabs
    /// between fields, a title line above the table, commas in a field.
    #[test]
    fn tabs_under_a_title_line_separate_fields() {
        let written = "令和8年度　取組表\r\n\r\n番号\t取組\t実績\r\n1\t点検\t1,500人\r\n";
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(written.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (decoded, encoding) = decode(&bytes, None).unwrap();
        assert_eq!(encoding, "UTF-16LE");
        let sheet = csv_sheet(&decoded, 100).unwrap();
        assert!(sheet.cells.contains(&(2, 1, text("取組"))));
        assert!(sheet.cells.contains(&(3, 2, text("1,500人"))));
        // Commas between fields, a tab in one field: still commas.
        let sheet = csv_sheet("番号,取組\n1,\"点検\t(夜間)\"\n2,清掃\n", 100).unwrap();
        assert!(sheet.cells.contains(&(2, 1, text("清掃"))));
    }

    #[test]
    fn bytes_no_encoding_reads_name_their_line() {
        // Valid Shift_JIS for two lines, then a lead byte with no trail byte.
        let mut bytes = SHIFT_JIS.encode("番号,取組\r\n1,点検\r\n").0.into_owned();
        bytes.extend_from_slice(&[b'2', b',', 0x81, 0x20, 0xFF, b'\r', b'\n']);
        let failure = decode(&bytes, None).unwrap_err();
        assert_eq!(failure.line, 3);
        assert_eq!(failure.offset, bytes.len() - 5);
    }

    #[test]
    fn a_field_is_a_number_only_when_written_as_one() {
        assert_eq!(field_value("3"), CellValue::Number(3.0));
        assert_eq!(field_value("0.75"), CellValue::Number(0.75));
        assert_eq!(field_value("007"), text("007"));
        assert_eq!(field_value("1-1"), text("1-1"));
        assert_eq!(field_value("75%"), text("75%"));
        assert_eq!(field_value("1e3"), text("1e3"));
        assert_eq!(field_value(" "), CellValue::Empty);
    }

    #[test]
    fn an_html_table_reads_with_its_spans_and_line_breaks() {
        let page = "<html><head><meta charset=\"shift_jis\"><style>td{}</style></head><body>\
            <table><tr><th>番号</th><th colspan=2>報告</th></tr>\
            <tr><td rowspan=2>1</td><td>前半<br>済み</td><td>&amp;後半</td></tr>\
            <tr><td>次</td><td>末</td></tr></table></body></html>";
        assert!(is_html(page.as_bytes()));
        assert_eq!(html_charset(page.as_bytes()), Some(SHIFT_JIS));
        let sheet = html_sheet(page, 100).unwrap();
        assert_eq!(
            sheet.cells,
            vec![
                (0, 0, text("番号")),
                (0, 1, text("報告")),
                (1, 0, CellValue::Number(1.0)),
                (1, 1, text("前半\n済み")),
                (1, 2, text("&後半")),
                (2, 1, text("次")),
                (2, 2, text("末")),
            ]
        );
        assert_eq!(sheet.merges.len(), 2);
        assert!(!is_html(b"PK\x03\x04"));
        assert!(!is_html("番号,取組".as_bytes()));
    }
}
