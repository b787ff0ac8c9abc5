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
//!   before the library sees the file;
//! - the date cells whose format shows no day (a `number:date-style` with a
//!   month and no day or time, among the content's automatic styles or the
//!   package's common styles in `styles.xml`, through the cell's style or
//!   its column's default), with the text they show (令和8年9月);
//! - the empty cells shaded with a background colour other than white
//!   (through the cell's automatic style or its column's default): a
//!   schedule drawn with fill.
//!
//! Tables nested inside cells are skipped.

use std::collections::{HashMap, HashSet};

use quick_xml::Reader as XmlReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::xlsx_parts::{Archive, PartError};
use mokuhyo_core::grid::{MergedRange, Shade};

/// Rows and columns past these are outside any sheet (ODF's own limits).
const MAX_ROW: u64 = 1_048_575;
const MAX_COL: u64 = 16_383;

/// Merged ranges recorded per workbook at most; a package declaring more
/// (through repeated rows of spanned cells) keeps the first ones. Month
/// cells likewise.
const MAX_MERGES: usize = 100_000;

/// What the scan of `content.xml` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct OdsContent {
    /// Sheet name → merged ranges (none when the markup cannot be read).
    pub merges: HashMap<String, Vec<MergedRange>>,
    /// Every sheet with the cells it declares, in the order of the file
    /// (as far as the markup can be read).
    pub declared_cells: Vec<(String, u64)>,
    /// Sheet name → its date cells shown as a month, with the text shown.
    pub month_cells: HashMap<String, Vec<MonthCell>>,
    /// Sheet name → its empty cells shaded with a colour.
    pub shaded: HashMap<String, Vec<Shade>>,
}

/// A date cell whose format shows no day, and the text it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MonthCell {
    pub row: u32,
    pub col: u32,
    pub shown: String,
}

/// The merged cells and declared cells of the package's `content.xml`.
pub(crate) fn scan_content_part(
    archive: &mut Archive<'_>,
    max_bytes: u64,
) -> Result<OdsContent, PartError> {
    // The common styles may hold the date style a cell's automatic style
    // names; a package without them, or with them unreadable, has none.
    let common = super::xlsx_parts::read_part(archive, "styles.xml", max_bytes)
        .map(|xml| common_date_styles(&xml))
        .unwrap_or_default();
    let xml = super::xlsx_parts::read_part(archive, "content.xml", max_bytes)?;
    Ok(scan_content_with(&xml, common))
}

/// The date styles and cell styles of `styles.xml` that [`Months`] needs:
/// which date styles show a month and no day, and which data style each
/// named cell style uses. Unreadable markup ends the scan.
fn common_date_styles(xml: &[u8]) -> Months {
    let mut reader = XmlReader::from_reader(xml);
    let mut months = Months::default();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => months.style_part(&e, false),
            Ok(Event::Empty(e)) => months.style_part(&e, true),
            Ok(Event::End(e)) if e.name().as_ref() == "number:date-style" => {
                months.end_date_style();
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    Months {
        month_styles: months.month_styles,
        data_styles: months.data_styles,
        ..Months::default()
    }
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
/// and month cells are then left out (the library reports the broken
/// file), the cells declared so far kept.
#[cfg(test)]
fn scan_content(xml: &[u8]) -> OdsContent {
    scan_content_with(xml, Months::default())
}

/// [`scan_content`] knowing the package's common date styles first.
fn scan_content_with(xml: &[u8], common: Months) -> OdsContent {
    let mut reader = XmlReader::from_reader(xml);
    let mut scan = Scan {
        months: common,
        ..Scan::default()
    };
    loop {
        let Ok(event) = reader.read_event() else {
            scan.end_sheet();
            return OdsContent {
                declared_cells: scan.declared_cells,
                ..OdsContent::default()
            };
        };
        match &event {
            Event::Start(e) => scan.start(e, false),
            Event::Empty(e) => scan.start(e, true),
            Event::End(e) => scan.end(e.name().as_ref()),
            Event::Text(t) => scan.text(&t.xml10_content()),
            Event::Eof => break,
            _ => {}
        }
    }
    OdsContent {
        merges: scan.merges,
        declared_cells: scan.declared_cells,
        month_cells: scan.months.cells,
        shaded: scan.shades.cells,
    }
}

/// The state of one pass over `content.xml`.
#[derive(Default)]
struct Scan {
    merges: HashMap<String, Vec<MergedRange>>,
    declared_cells: Vec<(String, u64)>,
    sheet: Option<String>,
    /// Depth of `table:table` elements: 1 inside a sheet, more inside a
    /// table nested in a cell.
    depth: u32,
    at: Cursor,
    declared: Declared,
    total: usize,
    months: Months,
    shades: Shades,
}

impl Scan {
    fn start(&mut self, e: &BytesStart<'_>, is_empty: bool) {
        match e.name().as_ref() {
            "table:table" if !is_empty => {
                self.depth += 1;
                if self.depth == 1 {
                    self.sheet = Some(attr(e, "name").unwrap_or_default());
                    self.at = Cursor::default();
                    self.declared = Declared::default();
                    self.months.columns.clear();
                }
            }
            "table:table-row" if self.depth == 1 => {
                self.at.col = 0;
                self.at.row_repeat = count(e, "number-rows-repeated");
                if is_empty {
                    self.end_row();
                }
            }
            "table:table-column" if self.depth == 1 => self.months.column(e),
            name @ ("table:table-cell" | "table:covered-table-cell") if self.depth == 1 => {
                self.cell(e, is_empty, name == "table:table-cell");
            }
            "text:p" => self.months.paragraph(),
            _ => {
                self.shades.style_part(e, is_empty);
                self.months.style_part(e, is_empty);
            }
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "table:table" => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.end_sheet();
                }
            }
            "table:table-row" if self.depth == 1 => self.end_row(),
            "table:table-cell" if self.depth == 1 => {
                if let Some(sheet) = &self.sheet {
                    self.months.end_cell(sheet);
                }
            }
            "number:date-style" => self.months.end_date_style(),
            "style:style" => self.shades.end_style(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(cell) = &mut self.months.pending {
            cell.shown.push_str(text);
        }
    }

    fn end_sheet(&mut self) {
        if let Some(name) = self.sheet.take() {
            self.declared_cells.push((name, self.declared.cells()));
        }
    }

    fn end_row(&mut self) {
        self.declared.end_row(self.at.row, self.at.row_repeat);
        end_row(&mut self.at);
    }

    /// A cell of the current sheet at the cursor: its value counted, its
    /// span recorded, a date shown as a month awaited.
    fn cell(&mut self, e: &BytesStart<'_>, is_empty: bool, value_cell: bool) {
        let repeat = count(e, "number-columns-repeated");
        if holds_value(e, is_empty) {
            self.declared.value(self.at.col, repeat);
        }
        if value_cell {
            self.spans(e);
            if !is_empty {
                self.months.begin_cell(e, &self.at, repeat);
            }
            // Most packages shade no cell: their empty cells cost nothing.
            if !self.shades.colours.is_empty()
                && !holds_value(e, is_empty)
                && let Some(sheet) = &self.sheet
            {
                let style = attr(e, "style-name")
                    .or_else(|| self.months.column_style(self.at.col).cloned());
                self.shades.cell(sheet, style, &self.at, repeat);
            }
        }
        self.at.col = self.at.col.saturating_add(repeat);
    }

    /// The merged range a cell spans, once per copy of a repeated row (a
    /// repeat across columns would overlap its own span: only the first
    /// copy counts).
    fn spans(&mut self, e: &BytesStart<'_>) {
        let spanned_cols = count(e, "number-columns-spanned");
        let spanned_rows = count(e, "number-rows-spanned");
        let Some(name) = &self.sheet else {
            return;
        };
        if spanned_cols <= 1 && spanned_rows <= 1 {
            return;
        }
        let merges = self.merges.entry(name.clone()).or_default();
        for r in 0..self.at.row_repeat {
            let row = self.at.row.saturating_add(r);
            if self.total >= MAX_MERGES || row > MAX_ROW {
                break;
            }
            if let Some(range) = range(row, self.at.col, spanned_rows, spanned_cols) {
                merges.push(range);
                self.total += 1;
            }
        }
    }
}

/// The date styles that show a month and no day, the cell styles using
/// them, the current sheet's column defaults, and the month cells found.
#[derive(Default)]
struct Months {
    /// Names of `number:date-style`s with a month and no day or time.
    month_styles: HashSet<String>,
    /// Cell style → its data style.
    data_styles: HashMap<String, String>,
    /// The date style being read: its name, and whether it has shown a
    /// month, and a day or a time.
    date_style: Option<(String, bool, bool)>,
    /// The current sheet's columns: first column, count, default style.
    columns: Vec<(u64, u64, Option<String>)>,
    /// The month cell being read, with where it repeats.
    pending: Option<PendingMonth>,
    cells: HashMap<String, Vec<MonthCell>>,
    total: usize,
}

struct PendingMonth {
    row: u64,
    col: u64,
    rows: u64,
    cols: u64,
    shown: String,
}

impl Months {
    /// A part of the styles: a date style's start and its parts, a cell
    /// style naming its data style.
    fn style_part(&mut self, e: &BytesStart<'_>, is_empty: bool) {
        match e.name().as_ref() {
            "number:date-style" if !is_empty => {
                self.date_style = attr(e, "name").map(|name| (name, false, false));
            }
            "number:month" => {
                if let Some((_, month, _)) = &mut self.date_style {
                    *month = true;
                }
            }
            "number:day" | "number:day-of-week" | "number:hours" | "number:minutes"
            | "number:seconds" => {
                if let Some((_, _, day)) = &mut self.date_style {
                    *day = true;
                }
            }
            "style:style" => {
                if let (Some(name), Some(data)) = (attr(e, "name"), attr(e, "data-style-name")) {
                    self.data_styles.insert(name, data);
                }
            }
            _ => {}
        }
    }

    fn end_date_style(&mut self) {
        if let Some((name, true, false)) = self.date_style.take() {
            self.month_styles.insert(name);
        }
    }

    /// A column of the current sheet, with its default cell style.
    fn column(&mut self, e: &BytesStart<'_>) {
        let first = self
            .columns
            .last()
            .map_or(0, |(first, n, _)| first.saturating_add(*n));
        let repeat = count(e, "number-columns-repeated");
        self.columns
            .push((first, repeat, attr(e, "default-cell-style-name")));
    }

    /// The default cell style of the current sheet's column `col`.
    fn column_style(&self, col: u64) -> Option<&String> {
        self.columns
            .iter()
            .find(|(first, n, _)| (*first..first.saturating_add(*n)).contains(&col))
            .and_then(|(_, _, style)| style.as_ref())
    }

    /// A date cell whose style (its own, else its column's) shows a month
    /// and no day starts being read.
    fn begin_cell(&mut self, e: &BytesStart<'_>, at: &Cursor, repeat: u64) {
        if attr(e, "value-type").as_deref() != Some("date") {
            return;
        }
        let style = attr(e, "style-name").or_else(|| self.column_style(at.col).cloned());
        let shows_month = style
            .and_then(|s| self.data_styles.get(&s))
            .is_some_and(|data| self.month_styles.contains(data));
        if shows_month {
            self.pending = Some(PendingMonth {
                row: at.row,
                col: at.col,
                rows: at.row_repeat,
                cols: repeat,
                shown: String::new(),
            });
        }
    }

    /// A new paragraph of the month cell being read.
    fn paragraph(&mut self) {
        if let Some(cell) = &mut self.pending
            && !cell.shown.is_empty()
        {
            cell.shown.push('\n');
        }
    }

    /// The month cell being read ends: recorded at every place it repeats.
    fn end_cell(&mut self, sheet: &str) {
        let Some(cell) = self.pending.take() else {
            return;
        };
        let cells = self.cells.entry(sheet.to_string()).or_default();
        let shown = cell.shown.trim();
        let copies = (cell.row, cell.col, cell.rows, cell.cols);
        each_copy(copies, &mut self.total, |row, col| {
            cells.push(MonthCell {
                row,
                col,
                shown: shown.to_string(),
            });
        });
    }
}

/// The cell styles that shade a cell, and the shaded empty cells found.
#[derive(Default)]
struct Shades {
    /// Cell style → the colour it shades with (white left out).
    colours: HashMap<String, u32>,
    /// The cell style being read.
    style: Option<String>,
    cells: HashMap<String, Vec<Shade>>,
    total: usize,
}

impl Shades {
    /// The most columns one repeated empty cell is taken as shaded across
    /// (a row's shaded rest, repeated to the sheet's edge, shades no month).
    const MAX_REPEAT: u64 = 256;

    /// A part of the styles: a cell style's start, its background colour.
    fn style_part(&mut self, e: &BytesStart<'_>, is_empty: bool) {
        match e.name().as_ref() {
            "style:style" if !is_empty => {
                self.style = (attr(e, "family").as_deref() == Some("table-cell"))
                    .then(|| attr(e, "name"))
                    .flatten();
            }
            "style:table-cell-properties" => {
                let colour = attr(e, "background-color").and_then(|c| rgb_of(&c));
                if let (Some(style), Some(rgb)) = (&self.style, colour)
                    && rgb != 0xFF_FFFF
                {
                    self.colours.insert(style.clone(), rgb);
                }
            }
            _ => {}
        }
    }

    fn end_style(&mut self) {
        self.style = None;
    }

    /// An empty cell of `style`, at the cursor, repeated `repeat` times
    /// across and the row's repeat down: each copy recorded when the style
    /// shades.
    fn cell(&mut self, sheet: &str, style: Option<String>, at: &Cursor, repeat: u64) {
        let Some(&rgb) = style.as_ref().and_then(|s| self.colours.get(s)) else {
            return;
        };
        if repeat > Self::MAX_REPEAT || at.row_repeat > Self::MAX_REPEAT {
            return;
        }
        let cells = self.cells.entry(sheet.to_string()).or_default();
        let copies = (at.row, at.col, at.row_repeat, repeat);
        each_copy(copies, &mut self.total, |row, col| {
            cells.push(Shade { row, col, rgb });
        });
    }
}

/// Each place a cell repeats to, `(row, col, rows, cols)`: `place` is
/// called for each, row by row, until a place lies past the sheet's limits
/// or `total` places (of the workbook) are reached.
fn each_copy(copies: (u64, u64, u64, u64), total: &mut usize, mut place: impl FnMut(u32, u32)) {
    let (first_row, first_col, rows, cols) = copies;
    for r in 0..rows {
        for c in 0..cols {
            let (row, col) = (first_row.saturating_add(r), first_col.saturating_add(c));
            if *total >= MAX_MERGES || row > MAX_ROW || col > MAX_COL {
                return;
            }
            let (Ok(row), Ok(col)) = (u32::try_from(row), u32::try_from(col)) else {
                return;
            };
            place(row, col);
            *total += 1;
        }
    }
}

/// A colour written `#rrggbb`; `transparent` and others are none.
fn rgb_of(colour: &str) -> Option<u32> {
    let hex = colour.trim().strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
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

    /// Empty cells shaded by their own style or their column's default are
    /// recorded with the colour, repeats included; white, transparent and
    /// cells holding a value are not, nor a repeat to the sheet's edge.
    #[test]
    fn empty_cells_shaded_with_a_colour_are_recorded() {
        let body = r##"<office:automatic-styles>
            <style:style style:name="grey" style:family="table-cell"><style:table-cell-properties fo:background-color="#bfbfbf"/></style:style>
            <style:style style:name="white" style:family="table-cell"><style:table-cell-properties fo:background-color="#ffffff"/></style:style>
            <style:style style:name="clear" style:family="table-cell"><style:table-cell-properties fo:background-color="transparent"/></style:style>
            <style:style style:name="col" style:family="table-column"><style:table-column-properties fo:background-color="#ff0000"/></style:style>
          </office:automatic-styles>
          <office:body><office:spreadsheet><table:table table:name="工程表">
            <table:table-column table:number-columns-repeated="3"/>
            <table:table-column table:default-cell-style-name="grey"/>
            <table:table-row><table:table-cell office:value-type="string"><text:p>点検</text:p></table:table-cell><table:table-cell table:style-name="grey" table:number-columns-repeated="2"/><table:table-cell/><table:table-cell table:style-name="white"/><table:table-cell table:style-name="clear"/><table:table-cell table:style-name="grey" office:value-type="string"><text:p>●</text:p></table:table-cell><table:table-cell table:style-name="grey" table:number-columns-repeated="16000"/></table:table-row>
          </table:table></office:spreadsheet></office:body>"##;
        let xml = format!(
            r##"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x" xmlns:style="s" xmlns:fo="f">{body}</office:document-content>"##
        );
        let shaded = scan_content(xml.as_bytes()).shaded;
        let cells: Vec<(u32, u32, u32)> = shaded["工程表"]
            .iter()
            .map(|s| (s.row, s.col, s.rgb))
            .collect();
        assert_eq!(
            cells,
            [(0, 1, 0xbfbfbf), (0, 2, 0xbfbfbf), (0, 3, 0xbfbfbf)]
        );
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

    #[test]
    fn month_cells_are_found_through_styles_at_every_copy() {
        let styles = r#"<office:automatic-styles><number:date-style style:name="N1"><number:year/><number:text>/</number:text><number:month number:style="long"/></number:date-style><number:date-style style:name="N2"><number:month/><number:day/></number:date-style><style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/><style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"/></office:automatic-styles>"#;
        let body = wrap(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="2"><table:table-cell/><table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="2027-03-01"><text:p>2027/03</text:p></table:table-cell><table:table-cell table:style-name="ce2" office:value-type="date" office:date-value="2027-03-01"><text:p>3/1</text:p></table:table-cell><table:table-cell table:style-name="ce1" office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
        );
        let xml = body.replacen("<office:body>", &format!("{styles}<office:body>"), 1);
        let cell = |row| MonthCell {
            row,
            col: 1,
            shown: "2027/03".to_string(),
        };
        assert_eq!(
            scan_content(xml.as_bytes()).month_cells["S"],
            vec![cell(0), cell(1)]
        );
    }

    #[test]
    fn month_cells_are_found_through_the_common_styles() {
        let common = r#"<office:document-styles><office:styles><number:date-style style:name="N146"><number:year number:style="long"/><number:text>年</number:text><number:month/><number:text>月</number:text></number:date-style></office:styles></office:document-styles>"#;
        let styles = r#"<office:automatic-styles><style:style style:name="ce5" style:family="table-cell" style:data-style-name="N146"/></office:automatic-styles>"#;
        let body = wrap(
            r#"<table:table table:name="S"><table:table-row><table:table-cell table:style-name="ce5" office:value-type="date" office:date-value="2027-01-01"><text:p>2027年1月</text:p></table:table-cell></table:table-row></table:table>"#,
        );
        let xml = body.replacen("<office:body>", &format!("{styles}<office:body>"), 1);
        let month = MonthCell {
            row: 0,
            col: 0,
            shown: "2027年1月".to_string(),
        };
        assert_eq!(
            scan_content_with(xml.as_bytes(), common_date_styles(common.as_bytes())).month_cells["S"],
            vec![month]
        );
        assert!(scan_content(xml.as_bytes()).month_cells.is_empty());
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
                    Just("<number:date-style style:name=\"N\"><number:month/>".to_string()),
                    Just("</number:date-style>".to_string()),
                    Just("<style:style style:name=\"c\" style:data-style-name=\"N\"/>".to_string()),
                    Just("<table:table-column table:default-cell-style-name=\"c\"/>".to_string()),
                    "[0-9]{1,12}".prop_map(|n| format!(
                        "<table:table-cell table:number-columns-repeated=\"{n}\" office:value-type=\"date\"><text:p>R8.9</text:p>"
                    )),
                    Just("</table:table-cell>".to_string()),
                ],
                0..40,
            ),
        ) {
            let _ = scan_content(s.as_bytes());
            let _ = scan_content(wrap(&parts.concat()).as_bytes());
        }
    }
}
