//! Rows of values written into a worksheet, one after another: the tables
//! of 概要 and the long lists (全庁一覧, 期限一覧, 未提出, 取込エラー).
//!
//! [`Table`] writes each value as its kind (text, number, date, link) in
//! its format, measures it for the column widths and row heights
//! ([`ColumnWidths`]), and draws the grid of a list over the rows written.

use rust_xlsxwriter::{ConditionalFormatFormula, Format, Url, Worksheet, XlsxError};

use super::formats::{COLUMN_PADDING_PIXELS, CellFormats, FONT_SIZE, Formats, Kind};
use mokuhyo_core::cell_text::{TextExtent, line_capacity, lines_height, measure, text_width};
use mokuhyo_core::consolidate::labels::ColumnLayout;
use mokuhyo_core::consolidate::model::{MAX_CELL_CHARS, Value, cut_mark};
use std::borrow::Cow;

/// Excel's limit on hyperlinks in a worksheet.
const MAX_LINKS: usize = 65_530;
const MIN_COLUMN_WIDTH: f64 = 6.0;
const MAX_COLUMN_WIDTH: f64 = 50.0;

/// A text as a cell holds it: at most Excel's limit of characters, a longer
/// one cut and marked as cut with the number of characters left out
/// ([`cut_mark`]); the file's warning on 取込エラー names the cell.
fn truncate_for_cell(text: &str) -> Cow<'_, str> {
    // A character is at least one byte: short texts need no counting.
    if text.len() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let chars = text.chars().count();
    if chars <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    // The mark's length depends on the number it shows, which depends on
    // the room the mark leaves: settle them (two rounds at most).
    let mut room = MAX_CELL_CHARS.saturating_sub(cut_mark(chars).chars().count());
    for _ in 0..2 {
        room = MAX_CELL_CHARS.saturating_sub(cut_mark(chars - room).chars().count());
    }
    // Whatever the rounds gave, never past the limit.
    room = room.min(MAX_CELL_CHARS.saturating_sub(cut_mark(chars - room).chars().count()));
    let end = text.char_indices().nth(room).map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}{}", &text[..end], cut_mark(chars - room)))
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
    /// The width each column's header needs: its widest line, plus room
    /// for the filter button. A header is never cut: no column is narrower.
    header_widths: Vec<f64>,
    /// Whether any value was written in each column.
    filled: Vec<bool>,
}

impl ColumnWidths {
    fn new(headers: &[&str], layouts: &[ColumnLayout]) -> Self {
        let header_widths: Vec<f64> = headers.iter().map(|h| text_width(h) + 3.0).collect();
        let max_widths: Vec<f64> = (0..headers.len())
            .map(|c| layouts.get(c).map_or(MAX_COLUMN_WIDTH, |l| l.max_width))
            .zip(&header_widths)
            .map(|(w, header)| w.max(*header).clamp(MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH))
            .collect();
        ColumnWidths {
            capacities: max_widths
                .iter()
                .map(|w| line_capacity(*w, FONT_SIZE))
                .collect(),
            max_widths,
            widths: header_widths.clone(),
            header_widths,
            filled: vec![false; headers.len()],
        }
    }

    /// Measures a value written in `col` and widens the column for it;
    /// returns the lines it takes.
    fn add(&mut self, col: usize, value: &Value<'_>) -> u32 {
        let one_line = |width: f64| TextExtent { width, lines: 1 };
        let capacity = self.capacities.get(col).copied().unwrap_or(f64::INFINITY);
        let extent = match value {
            Value::Blank => one_line(0.0),
            Value::Text(text) => measure(&truncate_for_cell(text), capacity),
            Value::Integer(n) => one_line(n.checked_ilog10().unwrap_or(0) as f64 + 2.0),
            Value::Percent(_) => one_line(6.0),
            Value::Date(_) => one_line(11.0),
            // `2026/11/24 09:30`, with room for the bold of a total.
            Value::DateTime(_) => one_line(17.0),
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
    pub(crate) fn needed(&self, col: usize) -> Option<f64> {
        self.widths.get(col).copied()
    }

    /// Each column as wide as its header or widest value, at most its
    /// layout's widest; a column left empty in every row takes the
    /// narrowest width (a table without rows keeps its headers' widths).
    fn widths(&self, has_rows: bool) -> Vec<f64> {
        (0..self.widths.len())
            .map(|c| {
                let header = self.header_widths.get(c).copied().unwrap_or(0.0);
                if !has_rows || self.filled.get(c).copied().unwrap_or(true) {
                    let max = self.max_widths.get(c).copied().unwrap_or(MAX_COLUMN_WIDTH);
                    (self.widths[c] + 1.0).clamp(MIN_COLUMN_WIDTH, max)
                } else {
                    // An empty column is as narrow as its header allows.
                    (header + 1.0).clamp(MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH)
                }
            })
            .collect()
    }
}

/// Writes one row of values after another, tracking column widths and
/// giving each row the height its wrapped text needs ([`ColumnWidths`]).
///
/// In a list, cells take their format from their column: the first value
/// written in a column sets the column's format, and later values of the
/// same kind are written without one. Values of another kind (a text in a
/// date column) carry their own format. Blank values write nothing. The
/// grid is drawn by one conditional format over the rows written
/// ([`Table::finish`]), since a column format with borders would draw it
/// down the whole sheet. In the overview's boxed tables every cell carries
/// its own format and border.
pub(super) struct Table<'f> {
    formats: &'f Formats,
    /// Each column's cell formats: plain or centred.
    cells: Vec<&'f CellFormats>,
    /// Each column's format, once set; `None` in the overview, whose cells
    /// always carry their own format.
    columns: Option<Vec<Option<Kind>>>,
    pub widths: ColumnWidths,
    links_left: usize,
    /// The first and last data rows written.
    rows: Option<(u32, u32)>,
    /// The last row given a height of its own (header or data).
    last_tall_row: Option<u32>,
}

impl<'f> Table<'f> {
    /// A long list, formatted by column and laid out as `layouts`.
    pub fn list(formats: &'f Formats, headers: &[&str], layouts: &[ColumnLayout]) -> Self {
        let mut table = Table::new(
            formats,
            headers,
            layouts,
            &formats.open,
            &formats.open_centred,
        );
        table.columns = Some(vec![None; headers.len()]);
        table
    }

    /// A small table whose every cell carries its own format and border.
    pub(crate) fn boxed(formats: &'f Formats, headers: &[&str]) -> Self {
        let layout = ColumnLayout {
            max_width: MAX_COLUMN_WIDTH,
            centred: false,
            printed: true,
        };
        let layouts = vec![layout; headers.len()];
        Table::new(
            formats,
            headers,
            &layouts,
            &formats.boxed,
            &formats.boxed_centred,
        )
    }

    fn new(
        formats: &'f Formats,
        headers: &[&str],
        layouts: &[ColumnLayout],
        plain: &'f CellFormats,
        centred: &'f CellFormats,
    ) -> Self {
        Table {
            formats,
            cells: (0..headers.len())
                .map(|c| match layouts.get(c) {
                    Some(l) if l.centred => centred,
                    _ => plain,
                })
                .collect(),
            columns: None,
            widths: ColumnWidths::new(headers, layouts),
            links_left: MAX_LINKS,
            rows: None,
            last_tall_row: None,
        }
    }

    /// The header row, in the header format.
    pub fn header(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        headers: &[&str],
    ) -> Result<(), XlsxError> {
        for (col, header) in (0u16..).zip(headers) {
            ws.write_string_with_format(row, col, *header, &self.formats.header)?;
        }
        ws.set_row_height(row, 30)?;
        self.last_tall_row = Some(row);
        Ok(())
    }

    /// Writes one data row, as tall as its tallest wrapped text.
    pub fn row(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        values: &[Value<'_>],
    ) -> Result<(), XlsxError> {
        let mut lines = 1;
        for (col, value) in (0u16..).zip(values) {
            lines = lines.max(self.widths.add(usize::from(col), value));
            self.cell(ws, row, col, value)?;
        }
        if lines > 1 {
            ws.set_row_height(row, lines_height(lines, FONT_SIZE))?;
            self.last_tall_row = Some(row);
        }
        self.rows = Some(self.rows.map_or((row, row), |(first, _)| (first, row)));
        Ok(())
    }

    /// The width in pixels (at 96 per inch) the columns from the first to
    /// `last_col`, as [`Table::finish`] sets them, take where the renderer
    /// counts a column's width in digits `digit` pixels wide.
    pub(crate) fn printed_width(&self, last_col: u16, digit: f64) -> f64 {
        self.widths
            .widths(self.has_rows())
            .iter()
            .take(usize::from(last_col) + 1)
            // A column of width w is w digits plus the padding.
            .map(|w| w * digit + COLUMN_PADDING_PIXELS)
            .sum()
    }

    /// Whether any data row was written.
    pub(crate) fn has_rows(&self) -> bool {
        self.rows.is_some()
    }

    /// Sets each column's width ([`ColumnWidths::widths`]) and draws the
    /// grid over the data rows, across `last_col + 1` columns; called after
    /// the sheet's other conditional formats, so that the grid's comes last,
    /// and after its last row, `last_row`, was written.
    ///
    /// rust_xlsxwriter (0.102) writes the last row of a constant-memory
    /// worksheet twice when that row was given a height (`<row r="81" …
    /// customHeight="1">…</row><row r="81" … customHeight="1"/>`), which
    /// Excel takes for damage. When the table's last tall row is the
    /// sheet's last row, a blank cell on the row below makes the library
    /// write it as it goes on, once, like every other row.
    pub fn finish(
        &self,
        ws: &mut Worksheet,
        last_col: u16,
        last_row: u32,
    ) -> Result<(), XlsxError> {
        if self.last_tall_row == Some(last_row) {
            ws.write_blank(last_row + 1, 0, &self.formats.open.text)?;
        }
        for (col, width) in (0u16..).zip(self.widths.widths(self.has_rows())) {
            ws.set_column_width(col, width)?;
        }
        if let Some((first, last)) = self.rows {
            let rule = ConditionalFormatFormula::new()
                .set_rule("=TRUE")
                .set_format(&self.formats.grid);
            ws.add_conditional_format(first, 0, last, last_col, &rule)?;
        }
        Ok(())
    }

    /// The cell formats of `col`.
    fn cells_of(&self, col: u16) -> &'f CellFormats {
        self.cells
            .get(usize::from(col))
            .copied()
            .unwrap_or(&self.formats.open)
    }

    /// The format a value of `kind` in `col` must carry: `None` when the
    /// column's format is already the one.
    fn format_for(
        &mut self,
        ws: &mut Worksheet,
        col: u16,
        kind: Kind,
    ) -> Result<Option<&'f Format>, XlsxError> {
        let cells = self.cells_of(col);
        let Some(slot) = self
            .columns
            .as_mut()
            .and_then(|c| c.get_mut(usize::from(col)))
        else {
            return Ok(Some(cells.of(kind)));
        };
        match *slot {
            Some(set) if set == kind => Ok(None),
            Some(_) => Ok(Some(cells.of(kind))),
            None => {
                ws.set_column_format(col, cells.of(kind))?;
                *slot = Some(kind);
                Ok(None)
            }
        }
    }

    fn cell(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        value: &Value<'_>,
    ) -> Result<(), XlsxError> {
        let kind = match value {
            Value::Blank => {
                if self.columns.is_none() {
                    ws.write_blank(row, col, &self.cells_of(col).text)?;
                }
                return Ok(());
            }
            Value::Link { text, url } => return self.link(ws, row, col, text, url),
            Value::Text(_) => Kind::Text,
            Value::Integer(_) => Kind::Integer,
            Value::Percent(_) => Kind::Percent,
            Value::Date(_) => Kind::Date,
            Value::DateTime(_) => Kind::DateTime,
        };
        let format = self.format_for(ws, col, kind)?;
        match (value, format) {
            (Value::Text(text), Some(f)) => {
                ws.write_string_with_format(row, col, truncate_for_cell(text), f)?
            }
            (Value::Text(text), None) => ws.write_string(row, col, truncate_for_cell(text))?,
            (Value::Integer(n), Some(f)) => ws.write_number_with_format(row, col, *n as f64, f)?,
            (Value::Integer(n), None) => ws.write_number(row, col, *n as f64)?,
            (Value::Percent(p), Some(f)) => ws.write_number_with_format(row, col, *p, f)?,
            (Value::Percent(p), None) => ws.write_number(row, col, *p)?,
            (Value::Date(d), Some(f)) => ws.write_datetime_with_format(row, col, d, f)?,
            (Value::Date(d), None) => ws.write_datetime(row, col, d)?,
            (Value::DateTime(dt), Some(f)) => ws.write_datetime_with_format(row, col, dt, f)?,
            (Value::DateTime(dt), None) => ws.write_datetime(row, col, dt)?,
            (Value::Blank | Value::Link { .. }, _) => ws,
        };
        Ok(())
    }

    /// A link, or its text alone when the sheet holds as many links as
    /// Excel takes or Excel cannot link to the target.
    fn link(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        text: &str,
        url: &str,
    ) -> Result<(), XlsxError> {
        let text = truncate_for_cell(text);
        let linked = self.links_left > 0
            && ws
                .write_url_with_format(
                    row,
                    col,
                    Url::new(url).set_text(text.as_ref()),
                    &self.cells_of(col).link,
                )
                .is_ok();
        if linked {
            self.links_left -= 1;
            return Ok(());
        }
        match self.format_for(ws, col, Kind::Text)? {
            Some(f) => ws.write_string_with_format(row, col, text.as_ref(), f)?,
            None => ws.write_string(row, col, text.as_ref())?,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(32_767, false)]
    #[case(32_768, true)]
    #[case(39_011, true)]
    #[case(100_000, true)]
    #[case(1_000_000, true)]
    fn a_text_longer_than_a_cell_is_cut_to_the_limit_and_marked(
        #[case] chars: usize,
        #[case] cut: bool,
    ) {
        let text = "あ".repeat(chars);
        let cell = truncate_for_cell(&text);
        let shown = cell.chars().count();
        if cut {
            assert_eq!(shown, MAX_CELL_CHARS);
            let kept = cell.chars().take_while(|&c| c == 'あ').count();
            assert!(
                cell.ends_with(&cut_mark(chars - kept)),
                "{}",
                &cell[cell.len() - 40..]
            );
        } else {
            assert_eq!(cell, text);
        }
    }
}
