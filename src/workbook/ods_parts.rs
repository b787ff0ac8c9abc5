//! What the spreadsheet library does not tell of an `.ods` package, from one
//! pass over `content.xml` that follows the row and column positions (with
//! their `number-rows-repeated` / `number-columns-repeated` counts):
//!
//! - the merged cells: every cell declaring `number-columns-spanned` or
//!   `number-rows-spanned` above 1;
//! - how many cells each sheet declares, counted as the library would
//!   expand them (a value repeated across columns, a row of values repeated
//!   down the sheet, the empty cells between values): the library allocates
//!   them all as it opens the file, so a 16 KB file whose one row repeats a
//!   million times would cost gigabytes. The count is what the caller checks
//!   before the library sees the file.
//!
//! Tables nested inside cells are skipped.

use std::collections::HashMap;

use quick_xml::Reader as XmlReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::xlsx_parts::{Archive, PartError};
use crate::grid::MergedRange;

/// Rows and columns past these are outside any sheet (ODF's own limits).
const MAX_ROW: u64 = 1_048_575;
const MAX_COL: u64 = 16_383;

/// Merged ranges recorded per workbook at most; a package declaring more
/// (through repeated rows of spanned cells) keeps the first ones.
const MAX_MERGES: usize = 100_000;

/// What the scan of `content.xml` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct OdsContent {
    /// Sheet name → merged ranges (none when the markup cannot be read).
    pub merges: HashMap<String, Vec<MergedRange>>,
    /// Every sheet with the cells it declares, in the order of the file
    /// (as far as the markup can be read).
    pub declared_cells: Vec<(String, u64)>,
}

/// The merged cells and declared cells of the package's `content.xml`.
pub(crate) fn scan_content_part(
    archive: &mut Archive<'_>,
    max_bytes: u64,
) -> Result<OdsContent, PartError> {
    let xml = super::xlsx_parts::read_part(archive, "content.xml", max_bytes)?;
    Ok(scan_content(&xml))
}

/// Position of the scan inside one sheet.
#[derive(Default)]
struct Cursor {
    row: u64,
    col: u64,
    /// The current row's `number-rows-repeated`.
    row_repeat: u64,
}

/// The cells one sheet declares, as the library expands them: each row
/// element's cells up to its last value (empty cells between values
/// included), and the rectangle from the first to the last row holding a
/// value (repeated rows counted as often as they repeat) across the
/// columns holding one.
#[derive(Default)]
struct Declared {
    /// Cells of the row elements, each once.
    in_rows: u64,
    /// The current row element's cells up to its last value.
    row_cells: u64,
    first_row: Option<u64>,
    last_row: u64,
    first_col: Option<u64>,
    last_col: u64,
}

impl Declared {
    /// A value at `col`, repeated `repeat` times (the library stops at the
    /// sheet's last column, having filled the row up to it).
    fn value(&mut self, col: u64, repeat: u64) {
        let col = col.min(MAX_COL);
        let end = col.saturating_add(repeat).min(MAX_COL + 1);
        self.first_col = Some(self.first_col.map_or(col, |first| first.min(col)));
        self.row_cells = end;
        self.last_col = self.last_col.max(end);
    }

    fn end_row(&mut self, row: u64, repeat: u64) {
        if self.row_cells > 0 {
            self.in_rows = self.in_rows.saturating_add(self.row_cells);
            self.first_row.get_or_insert(row);
            self.last_row = row.saturating_add(repeat).min(MAX_ROW + 1);
        }
        self.row_cells = 0;
    }

    fn cells(&self) -> u64 {
        let rectangle = self.first_row.map_or(0, |first| {
            self.last_row
                .saturating_sub(first)
                .saturating_mul(self.last_col.saturating_sub(self.first_col.unwrap_or(0)))
        });
        self.in_rows.max(rectangle)
    }
}

/// Whether a cell element holds something the library keeps: a value, a
/// formula, or content (text).
fn holds_value(e: &BytesStart<'_>, is_empty: bool) -> bool {
    !is_empty || attr(e, "value-type").is_some() || attr(e, "formula").is_some()
}

/// Scans `content.xml`. Unreadable markup ends the scan: the merged cells
/// are then left out (the library reports the broken file), the cells
/// declared so far kept.
fn scan_content(xml: &[u8]) -> OdsContent {
    let mut merges: HashMap<String, Vec<MergedRange>> = HashMap::new();
    let mut declared_cells = Vec::new();
    let mut reader = XmlReader::from_reader(xml);
    let mut sheet: Option<String> = None;
    // Depth of `table:table` elements: 1 inside a sheet, more inside a
    // table nested in a cell.
    let mut depth = 0u32;
    let mut at = Cursor::default();
    let mut declared = Declared::default();
    let mut total = 0usize;
    loop {
        let Ok(event) = reader.read_event() else {
            if let Some(name) = sheet.take() {
                declared_cells.push((name, declared.cells()));
            }
            return OdsContent {
                merges: HashMap::new(),
                declared_cells,
            };
        };
        let (element, is_empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table" => {
                        depth = depth.saturating_sub(1);
                        if depth == 0
                            && let Some(name) = sheet.take()
                        {
                            declared_cells.push((name, declared.cells()));
                        }
                    }
                    "table:table-row" if depth == 1 => {
                        declared.end_row(at.row, at.row_repeat);
                        end_row(&mut at);
                    }
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        match element.name().as_ref() {
            "table:table" if !is_empty => {
                depth += 1;
                if depth == 1 {
                    sheet = Some(attr(element, "name").unwrap_or_default());
                    at = Cursor::default();
                    declared = Declared::default();
                }
            }
            "table:table-row" if depth == 1 => {
                at.col = 0;
                at.row_repeat = count(element, "number-rows-repeated");
                if is_empty {
                    declared.end_row(at.row, at.row_repeat);
                    end_row(&mut at);
                }
            }
            name @ ("table:table-cell" | "table:covered-table-cell") if depth == 1 => {
                let repeat = count(element, "number-columns-repeated");
                if holds_value(element, is_empty) {
                    declared.value(at.col, repeat);
                }
                let spanned_cols = count(element, "number-columns-spanned");
                let spanned_rows = count(element, "number-rows-spanned");
                if name == "table:table-cell"
                    && (spanned_cols > 1 || spanned_rows > 1)
                    && let Some(name) = &sheet
                {
                    let merges = merges.entry(name.clone()).or_default();
                    // A spanned cell in a repeated row is one merged range
                    // per copy of the row (a repeat across columns would
                    // overlap its own span: only the first copy counts).
                    for r in 0..at.row_repeat {
                        let row = at.row.saturating_add(r);
                        if total >= MAX_MERGES || row > MAX_ROW {
                            break;
                        }
                        if let Some(range) = range(row, at.col, spanned_rows, spanned_cols) {
                            merges.push(range);
                            total += 1;
                        }
                    }
                }
                at.col = at.col.saturating_add(repeat);
            }
            _ => {}
        }
    }
    OdsContent {
        merges,
        declared_cells,
    }
}

fn end_row(at: &mut Cursor) {
    at.row = at.row.saturating_add(at.row_repeat);
    at.row_repeat = 1;
    at.col = 0;
}

/// The range of `rows` × `cols` cells from `(row, col)`, clipped to the
/// sheet; `None` when it starts outside.
fn range(row: u64, col: u64, rows: u64, cols: u64) -> Option<MergedRange> {
    if row > MAX_ROW || col > MAX_COL {
        return None;
    }
    let last_row = row.saturating_add(rows.saturating_sub(1)).min(MAX_ROW);
    let last_col = col.saturating_add(cols.saturating_sub(1)).min(MAX_COL);
    Some(MergedRange {
        first_row: u32::try_from(row).ok()?,
        first_col: u32::try_from(col).ok()?,
        last_row: u32::try_from(last_row).ok()?,
        last_col: u32::try_from(last_col).ok()?,
    })
}

/// A count attribute (`table:number-…`), 1 when absent or unreadable.
fn count(e: &BytesStart<'_>, local: &str) -> u64 {
    attr(e, local)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&n| n >= 1)
        .unwrap_or(1)
}

/// An attribute's unescaped value, by local name.
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn wrap(body: &str) -> String {
        format!(
            r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        )
    }

    fn merged(body: &str) -> HashMap<String, Vec<MergedRange>> {
        scan_content(wrap(body).as_bytes()).merges
    }

    fn declared(body: &str) -> Vec<(String, u64)> {
        scan_content(wrap(body).as_bytes()).declared_cells
    }

    fn m(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> MergedRange {
        MergedRange {
            first_row,
            first_col,
            last_row,
            last_col,
        }
    }

    #[test]
    fn spans_are_placed_after_repeated_rows_and_columns() {
        let out = merged(
            r#"<table:table table:name="目標">
              <table:table-column table:number-columns-repeated="16384"/>
              <table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
              <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="1"><text:p>総務部</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell/></table:table-row>
              <table:table-row><table:table-cell table:number-columns-spanned="1" table:number-rows-spanned="2"/><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1"/><table:covered-table-cell/></table:table-row>
              <table:table-row><table:covered-table-cell/><table:table-cell/><table:table-cell/></table:table-row>
            </table:table>
            <table:table table:name="二"><table:table-row/><table:table-row><table:table-cell table:number-columns-spanned="2"/></table:table-row></table:table>"#,
        );
        assert_eq!(
            out["目標"],
            vec![m(3, 2, 3, 4), m(4, 0, 5, 0), m(4, 1, 4, 2)]
        );
        assert_eq!(out["二"], vec![m(1, 0, 1, 1)]);
    }

    #[test]
    fn nested_tables_and_unspanned_cells_add_nothing() {
        let out = merged(
            r#"<table:table table:name="S"><table:table-row><table:table-cell table:number-columns-spanned="1" table:number-rows-spanned="1"><table:table table:name="inner"><table:table-row><table:table-cell table:number-columns-spanned="4"/></table:table-row></table:table></table:table-cell><table:table-cell table:number-columns-spanned="2"/></table:table-row></table:table>"#,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out["S"], vec![m(0, 1, 0, 2)]);
    }

    #[test]
    fn repeated_spans_are_bounded() {
        let out = merged(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" table:number-columns-spanned="2"/></table:table-row></table:table>"#,
        );
        assert_eq!(out["S"].len(), MAX_MERGES);
    }

    #[test]
    fn cells_are_counted_as_they_expand() {
        let value = r#"<table:table-cell office:value-type="float" office:value="1"/>"#;
        let cells = declared(&format!(
            r#"<table:table table:name="一"><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="2"/>{value}<table:table-cell/><table:table-cell><text:p>x</text:p></table:table-cell><table:table-cell table:number-columns-repeated="100"/></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>
            <table:table table:name="bomb"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>
            <table:table table:name="wide"><table:table-row>{value}<table:table-cell table:number-columns-repeated="20000"/>{value}</table:table-row></table:table>"#
        ));
        assert_eq!(
            cells,
            [
                // One row, C to E: empty rows and trailing empty cells are
                // not kept; the empty cells before a value are.
                ("一".to_string(), 5),
                ("bomb".to_string(), 1_000_000 * 16_384),
                // Columns past the sheet's last are not counted.
                ("wide".to_string(), 16_384),
            ]
        );
    }

    proptest! {
        #[test]
        fn scanning_never_panics(
            s in ".{0,200}",
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("<table:table table:name=\"S\">".to_string()),
                    Just("</table:table>".to_string()),
                    Just("<table:table-row>".to_string()),
                    Just("</table:table-row>".to_string()),
                    Just("<table:table-row/>".to_string()),
                    "[0-9]{1,12}".prop_map(|n| format!(
                        "<table:table-row table:number-rows-repeated=\"{n}\">"
                    )),
                    ("[0-9]{1,12}", "[0-9]{1,12}", "[0-9-]{1,12}").prop_map(|(a, b, c)| format!(
                        "<table:table-cell table:number-columns-repeated=\"{a}\" table:number-columns-spanned=\"{b}\" table:number-rows-spanned=\"{c}\"/>"
                    )),
                    "[0-9]{1,12}".prop_map(|n| format!(
                        "<table:covered-table-cell table:number-columns-repeated=\"{n}\"/>"
                    )),
                ],
                0..40,
            ),
        ) {
            let _ = scan_content(s.as_bytes());
            let _ = scan_content(wrap(&parts.concat()).as_bytes());
        }
    }
}
