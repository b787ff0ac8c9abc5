//! The merged cells of an `.ods` package, which the spreadsheet library does
//! not expose: one pass over `content.xml` that follows the row and column
//! positions (with their `number-rows-repeated` / `number-columns-repeated`
//! counts) and records every cell declaring `number-columns-spanned` or
//! `number-rows-spanned` above 1. Tables nested inside cells are skipped.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::Reader as XmlReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::xlsx_parts::Archive;
use crate::grid::MergedRange;

/// Rows and columns past these are outside any sheet (ODF's own limits).
const MAX_ROW: u64 = 1_048_575;
const MAX_COL: u64 = 16_383;

/// Merged ranges recorded per workbook at most; a package declaring more
/// (through repeated rows of spanned cells) keeps the first ones.
const MAX_MERGES: usize = 100_000;

/// Sheet name → merged ranges, from the package's `content.xml`.
pub(crate) fn merged_cells_by_sheet(
    archive: &mut Archive<'_>,
    max_bytes: u64,
) -> Result<HashMap<String, Vec<MergedRange>>, String> {
    let mut file = archive
        .by_name("content.xml")
        .map_err(|e| format!("content.xml: {e}"))?;
    if file.size() > max_bytes {
        return Err(format!("content.xml unpacks to {} bytes", file.size()));
    }
    let mut xml = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
    file.read_to_end(&mut xml)
        .map_err(|e| format!("content.xml: {e}"))?;
    merged_cells_in_content(&xml)
}

/// Position of the scan inside one sheet.
#[derive(Default)]
struct Cursor {
    row: u64,
    col: u64,
    /// The current row's `number-rows-repeated`.
    row_repeat: u64,
}

fn merged_cells_in_content(xml: &[u8]) -> Result<HashMap<String, Vec<MergedRange>>, String> {
    let mut out: HashMap<String, Vec<MergedRange>> = HashMap::new();
    let mut reader = XmlReader::from_reader(xml);
    let mut sheet: Option<String> = None;
    // Depth of `table:table` elements: 1 inside a sheet, more inside a
    // table nested in a cell.
    let mut depth = 0u32;
    let mut at = Cursor::default();
    let mut total = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("content.xml: {e}"))?;
        let (element, is_empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table" => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            sheet = None;
                        }
                    }
                    "table:table-row" if depth == 1 => end_row(&mut at),
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
                }
            }
            "table:table-row" if depth == 1 => {
                at.col = 0;
                at.row_repeat = count(element, "number-rows-repeated");
                if is_empty {
                    end_row(&mut at);
                }
            }
            name @ ("table:table-cell" | "table:covered-table-cell") if depth == 1 => {
                let repeat = count(element, "number-columns-repeated");
                let spanned_cols = count(element, "number-columns-spanned");
                let spanned_rows = count(element, "number-rows-spanned");
                if name == "table:table-cell"
                    && (spanned_cols > 1 || spanned_rows > 1)
                    && let Some(name) = &sheet
                {
                    let merges = out.entry(name.clone()).or_default();
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
    Ok(out)
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
        merged_cells_in_content(wrap(body).as_bytes()).unwrap()
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
            let _ = merged_cells_in_content(s.as_bytes());
            let _ = merged_cells_in_content(wrap(&parts.concat()).as_bytes());
        }
    }
}
