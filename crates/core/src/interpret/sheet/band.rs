//! A table's header band and body, found by structure before any word is
//! weighed: one to three rows of short labels over rows of values. A row
//! below the first belongs to the band when its labels sit under a parent
//! heading of the row above (merged across them, or written once with blank
//! cells to its right), or when it only explains the headings ((いつまでに),
//! ※…). A lone parent heading above a header row joins it too, so the
//! header is searched up as well as down.
//!
//! Each column of the band is a leaf: its deepest heading, the headings
//! above it, and the physical columns the heading spans. The body runs
//! until the table ends: a row that ends tables (特記事項, ※ notes, a
//! legend), a goal block's labels, or two blank rows.

use std::borrow::Cow;
use std::ops::Range;

use chrono::Datelike;

use crate::grid::CellValue;

use super::super::dictionary::{fold_width, normalize_label};
use super::super::text::{is_number_cell, leading_number, numbering_style};
use super::header_text;
use super::labels::Label;
use super::marks::{is_legend, is_page_number, starts_with_mark};
use super::profile::{day_of, names_a_fiscal_year_alone, unit_name};
use super::{SheetParser, SheetView};

/// The most rows a header band may take.
const MAX_BAND_ROWS: u32 = 3;
/// The most body rows read to profile a table's columns.
const MAX_PROFILED_ROWS: usize = 400;
/// The rows under a date cell looked at to tell whether it heads a column
/// of texts ([`SheetView::texts_under_date`]).
const DATE_HEADING_ROWS: u32 = 5;

/// One column of a header band.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Leaf {
    /// The physical columns its heading spans.
    pub cols: Range<u32>,
    /// Its deepest heading on one line, empty when the band has none over it.
    pub text: String,
    /// The headings above it, outermost first.
    pub parents: Vec<String>,
    /// The row and column of its deepest heading.
    pub cell: Option<(u32, u32)>,
}

impl Leaf {
    /// The column its values are read from.
    pub(crate) fn col(&self) -> u32 {
        self.cols.start
    }

    /// Its headings from the outermost in, joined (`報告 › 中間`).
    pub(crate) fn path(&self) -> String {
        let mut parts: Vec<&str> = self.parents.iter().map(String::as_str).collect();
        if !self.text.is_empty() {
            parts.push(&self.text);
        }
        parts.join(" › ")
    }
}

/// A table's header rows and columns.
#[derive(Debug, Clone)]
pub(crate) struct Band {
    pub top: u32,
    pub body_start: u32,
    pub leaves: Vec<Leaf>,
}

/// What a cell of a candidate header row is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum HeadCell {
    Empty,
    Heading,
    /// A value: a number, a date, or a text too long for a heading.
    Value,
}

/// Whether a text only explains the headings above it: wholly in brackets
/// (`（いつまでに）`) or a note (`※…`).
fn is_explanation(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('※')
        || ((t.starts_with('(') || t.starts_with('（')) && (t.ends_with(')') || t.ends_with('）')))
}

impl SheetParser<'_> {
    /// The body rows of a table under `band` within `span`: the rows that
    /// hold a value, up to where the table ends; examples and printed
    /// pages' copies are left out.
    pub(crate) fn body_rows(&self, band: &Band, span: &Range<u32>) -> Vec<u32> {
        let mut rows = Vec::new();
        let mut blanks = 0;
        let mut r = band.body_start;
        while r < self.view.grid.rows() && rows.len() < MAX_PROFILED_ROWS {
            let first = span.clone().find(|&c| !self.view.grid.get(r, c).is_empty());
            let Some(first) = first else {
                blanks += 1;
                if blanks >= 2 {
                    break;
                }
                r += 1;
                continue;
            };
            blanks = 0;
            let height = band.body_start - band.top;
            if self.captions_next_table(r, band.top, height, span)
                || self.view.starts_other_table(r, band.top, height, span)
                || self.view.next_in_captions(r, band.top)
            {
                break;
            }
            if self.view.copies_band(r, band, span) {
                r += band.body_start - band.top;
                continue;
            }
            if rows.is_empty() && self.view.is_note_row(r) {
                // How to fill the table, right under its header.
                r += 1;
                continue;
            }
            if self.view.note_inside_table(r) {
                r += 1;
                continue;
            }
            if self.ends_table(r, first)
                || self.view.restarts_table(r)
                || self.view.note_after_a_blank_row(r)
            {
                break;
            }
            if !self.view.is_example_row(r, span) && !self.holds_no_values(r, band, span) {
                rows.push(r);
            }
            r += 1;
        }
        rows
    }

    /// Whether a row holds no values of the table's columns: a legend of
    /// marks, or one value across the table, merged over most of its
    /// columns (a section heading, a printed page's title), or a text
    /// among item numbers heading the rows below (`▼ 完了分`), or a page's
    /// number, or a note in brackets on a record's second row under its
    /// cells merged down from the first. What stands beside the table on
    /// the same row (another table's cells) is no part of it.
    fn holds_no_values(&self, row: u32, band: &Band, span: &Range<u32>) -> bool {
        if self.view.legend_of_marks(row) {
            return true;
        }
        let mut values: Vec<u32> = span
            .clone()
            .filter(|&c| c < self.view.grid.cols())
            .map(|c| self.view.grid.origin(row, c))
            .filter(|&(r, c)| r == row && !self.view.grid.get(r, c).is_empty())
            .map(|(_, c)| c)
            .collect();
        values.dedup();
        let [c] = values[..] else {
            return false;
        };
        if self
            .view
            .label_among_numbers(row, band.body_start, span)
            .is_some()
        {
            return true;
        }
        let width = span.end.saturating_sub(span.start);
        // A record over two rows: most of the table's cells merged down
        // over this one from above, a note in brackets beside them.
        let continued = span
            .clone()
            .filter(|&col| col != c && self.view.grid.origin(row, col).0 < row)
            .count() as u32;
        if continued >= 2
            && 2 * continued >= width
            && self.view.grid.text(row, c).is_some_and(wholly_bracketed)
        {
            return true;
        }
        let merged = self
            .view
            .grid
            .merge_at(row, c)
            .is_some_and(|m| m.last_col - m.first_col + 1 >= (width / 2).max(3));
        merged || self.is_title_copy(row) || self.view.grid.text(row, c).is_some_and(is_page_number)
    }

    /// Whether a row ends a table: a stop label (特記事項, 凡例), a note
    /// (※…, 注), a goal block's labelled row, a legend of marks, reports
    /// written as lines below it (【中間報告】, No.1：…).
    pub(crate) fn ends_table(&self, row: u32, first: u32) -> bool {
        if matches!(self.view.label(row, first), Some(Label::Stop))
            || self.view.starts_goal_block(row, first)
        {
            return true;
        }
        self.view.is_note_row(row) || self.report_lines(row).is_some()
    }

    /// Whether a row is the caption of another table with the same header
    /// (■ 行政改革 above a copy of the header): the table before it ends.
    pub(crate) fn captions_next_table(
        &self,
        row: u32,
        top: u32,
        height: u32,
        span: &Range<u32>,
    ) -> bool {
        let mut texts = (0..self.view.grid.cols())
            .filter(|&c| self.view.grid.origin(row, c) == (row, c))
            .filter_map(|c| self.view.grid.text(row, c));
        let (Some(text), None) = (texts.next(), texts.next()) else {
            return false;
        };
        // A printed page's copy of the title line is no caption.
        if !super::is_caption(text) || self.is_title_copy(row) {
            return false;
        }
        (row + 1..(row + 3).min(self.view.grid.rows()))
            .find(|&r| !self.view.grid.row_is_empty(r))
            .is_some_and(|next| self.view.copies_header(next, top, height, span))
    }
}

impl SheetView<'_> {
    /// Whether a row is the caption that goes on from the one over a
    /// table's header (`２　業務改善の取組` … `３　参考：昨年度の成果`): its
    /// one text numbered alike, with the next number. The table ends over
    /// it, whatever follows.
    pub(crate) fn next_in_captions(&self, row: u32, top: u32) -> bool {
        let lone_text = |r: u32| self.only_text_of_row(r).map(|(_, text)| text);
        let number = |text: &str| -> Option<u32> {
            let (lead, rest) = leading_number(text)?;
            if rest.is_empty() {
                return None;
            }
            let digits: String = lead
                .chars()
                .map(fold_width)
                .filter(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        };
        let Some(text) = lone_text(row) else {
            return false;
        };
        let Some(head) = (top.saturating_sub(2)..top)
            .rev()
            .find(|&r| !self.grid.row_is_empty(r))
            .and_then(lone_text)
        else {
            return false;
        };
        numbering_style(text).is_some()
            && numbering_style(text) == numbering_style(head)
            && number(head)
                .zip(number(text))
                .is_some_and(|(h, t)| t == h + 1)
    }

    fn head_cell(&self, row: u32, col: u32) -> HeadCell {
        match self.grid.get(row, col) {
            CellValue::Empty => HeadCell::Empty,
            CellValue::Text(t) if t.trim().is_empty() => HeadCell::Empty,
            // A date written as text (`2026/11/20`, as an export writes
            // one) is a value, as a date cell is.
            value @ CellValue::Text(_)
                if self.labels.is_heading(self.grid, row, col)
                    && !is_number_cell(value)
                    && day_of(value).is_none() =>
            {
                HeadCell::Heading
            }
            _ => HeadCell::Value,
        }
    }

    /// The headings a row starts (cells whose top-left lies in it), as
    /// (first column, last column), or none when the row holds a value.
    fn row_headings(&self, row: u32) -> Option<Vec<(u32, u32)>> {
        let mut out = Vec::new();
        let (mut dates, mut texts_under_dates) = (0, 0);
        let mut c = 0;
        while c < self.grid.cols() {
            let (or, oc) = self.grid.origin(row, c);
            let last = self.grid.merge_at(row, c).map_or(c, |m| m.last_col);
            if or == row && oc == c {
                match self.head_cell(row, c) {
                    HeadCell::Heading => out.push((c, last)),
                    HeadCell::Value => match self.texts_under_date(row, c) {
                        Some(texts) => {
                            dates += 1;
                            texts_under_dates += texts;
                            out.push((c, last));
                        }
                        // A note beside the table, past a blank column
                        // (【記入の留意点】 merged down the rows): the
                        // headings end before it.
                        None if out.len() >= 2 && self.blank_column_before(row, c, &out) => break,
                        None => return None,
                    },
                    HeadCell::Empty => {}
                }
            }
            c = last + 1;
        }
        // Days heading columns beside headings of words (`取組 | 担当課 |
        // 2026/9/30 | 2027/3/31`, shown as 9月末): the days the columns are
        // written as of ([`Self::heading_text`]), some of them over texts.
        // Beside fewer words than two more than the days, they are a
        // record's values.
        let words = out.len() - dates;
        (dates == 0 || texts_under_dates > 0 && words >= dates + 2).then_some(out)
    }

    /// Whether a column empty in `row` and the row below stands between
    /// the last of the row's `headings` and `col`.
    fn blank_column_before(&self, row: u32, col: u32, headings: &[(u32, u32)]) -> bool {
        let Some(&(_, last)) = headings.last() else {
            return false;
        };
        (last + 1..col).any(|gap| {
            (row..=row + 1)
                .filter(|&r| r < self.grid.rows())
                .all(|r| self.grid.get(r, gap).is_empty())
        })
    }

    /// How many texts stand under the date cell `(row, col)` when it may
    /// head a column of reports: the values under it, up to
    /// [`DATE_HEADING_ROWS`] of them, are texts of words or blanks, no dates
    /// or figures (a date among a record's values stands over other
    /// dates). None for any other cell.
    fn texts_under_date(&self, row: u32, col: u32) -> Option<usize> {
        if !matches!(
            self.grid.get(row, col),
            CellValue::Date(_) | CellValue::Month { .. }
        ) {
            return None;
        }
        let mut texts = 0;
        for below in row + 1..self.grid.rows().min(row + 1 + DATE_HEADING_ROWS) {
            if self.grid.origin(below, col) != (below, col) {
                continue;
            }
            match self.grid.get(below, col) {
                CellValue::Empty => {}
                value @ CellValue::Text(_) if !is_number_cell(value) && day_of(value).is_none() => {
                    texts += 1;
                }
                _ => return None,
            }
        }
        Some(texts)
    }

    /// The headings of a row whose dates stand each under a heading merged
    /// over several columns of the row above (進捗状況 over 2026/9/30 |
    /// 2027/3/31, shown as 9月30日現在): the days its columns are written
    /// as of, headings of the columns as the row's texts are. None when a
    /// value of another kind stands in the row, or no date does.
    fn dated_sub_headings(&self, row: u32) -> Option<Vec<(u32, u32)>> {
        let above = row.checked_sub(1)?;
        let mut out = Vec::new();
        let mut dates = 0;
        let mut c = 0;
        while c < self.grid.cols() {
            let (or, oc) = self.grid.origin(row, c);
            let last = self.grid.merge_at(row, c).map_or(c, |m| m.last_col);
            if (or, oc) == (row, c) {
                let under_parent = || {
                    self.grid
                        .merge_at(above, c)
                        .is_some_and(|m| m.last_col > m.first_col && m.last_row == above)
                };
                match (self.head_cell(row, c), self.grid.get(row, c)) {
                    (HeadCell::Heading, _) => out.push((c, last)),
                    (HeadCell::Empty, _) => {}
                    (HeadCell::Value, CellValue::Date(_)) if under_parent() => {
                        dates += 1;
                        out.push((c, last));
                    }
                    (HeadCell::Value, _) => return None,
                }
            }
            c = last + 1;
        }
        (dates > 0).then_some(out)
    }

    /// A heading's text: a text cell's, or a date's (a day a column is
    /// written as of, [`Self::dated_sub_headings`]) as that day and 時点, or
    /// a month's as the sheet shows it (`9月末`).
    fn heading_text(&self, row: u32, col: u32) -> Option<Cow<'_, str>> {
        match self.grid.get(row, col) {
            CellValue::Month { shown, .. } => Some(Cow::Borrowed(shown.as_str())),
            CellValue::Date(d) => Some(Cow::Owned(format!(
                "{}/{}/{}時点",
                d.year(),
                d.month(),
                d.day()
            ))),
            _ => self.grid.text(row, col).map(Cow::Borrowed),
        }
    }

    /// The span a heading of `row` covers as a parent of the row below: its
    /// merge, or, unmerged, itself and the blank unmerged cells to its
    /// right up to the next heading, when the row below has headings there.
    fn parent_span(&self, row: u32, first: u32, last: u32) -> (u32, u32) {
        if last > first || self.is_labelled_value(row, first) {
            return (first, last);
        }
        let mut end = first;
        let mut c = first + 1;
        while c < self.grid.cols()
            && self.grid.merge_at(row, c).is_none()
            && self.grid.get(row, c).is_empty()
            && self.grid.get(row + 1, c).as_text().is_some()
        {
            end = c;
            c += 1;
        }
        (first, end)
    }

    /// Whether a cell is the value of a goal's label left of it (重点目標 |
    /// 地域防災力の向上): a value, not a heading over the columns right of it.
    fn is_labelled_value(&self, row: u32, col: u32) -> bool {
        col > 0 && {
            let (lr, lc) = self.grid.origin(row, col - 1);
            lr == row && self.starts_goal_block(row, lc)
        }
    }

    /// Whether `row` is a sub-header of the band rows above: its headings
    /// sit under parent headings of the row above that span more than
    /// them (some may be sub-headings the dictionary knows, 記入日 beside
    /// 内容), or the row only explains the headings.
    fn is_sub_header(&self, row: u32) -> bool {
        let Some(cells) = self
            .row_headings(row)
            .or_else(|| self.dated_sub_headings(row))
        else {
            return false;
        };
        if cells.is_empty() {
            return false;
        }
        let texts: Vec<&str> = cells
            .iter()
            .filter_map(|&(c, _)| self.grid.text(row, c))
            .collect();
        if texts.iter().all(|t| is_explanation(t)) || self.continues_headings_down(row, &cells) {
            return true;
        }
        let mut under_parents = 0;
        let all = cells.iter().all(|&(c, last)| {
            let above = row - 1;
            let (or, oc) = self.grid.origin(above, c);
            if or != above {
                // Under a heading merged down from higher up: a parent
                // when it spans this heading's columns and more.
                let parent = self
                    .grid
                    .merge_at(above, c)
                    .is_some_and(|m| m.last_col > m.first_col && m.last_row == above);
                under_parents += usize::from(parent);
                return parent;
            }
            if self.grid.get(above, oc).is_empty() {
                // A blank cell: under the span of a heading to its left, or
                // a sub-heading the dictionary knows standing alone.
                let parent = (0..oc)
                    .rev()
                    .take_while(|&k| self.grid.merge_at(above, k).is_none())
                    .find(|&k| self.grid.text(above, k).is_some())
                    .map(|k| self.parent_span(above, k, k));
                let under = parent.is_some_and(|(pf, pl)| pl > pf && pf <= c && last <= pl);
                under_parents += usize::from(under);
                return under || self.is_known_sub_heading(row, c);
            }
            // Under a heading: only a parent spanning more than it counts;
            // a heading right under a heading starts a header of its own.
            let plast = self.grid.merge_at(above, oc).map_or(oc, |m| m.last_col);
            let (pf, pl) = self.parent_span(above, oc, plast);
            let under = pl > pf && pf <= c && last <= pl;
            under_parents += usize::from(under);
            // A fiscal year's heading over one column (令和9年度 › 計画),
            // beside years over several, heads it as they do theirs.
            under
                || (pf, pl) == (c, last)
                    && self
                        .grid
                        .text(above, oc)
                        .is_some_and(names_a_fiscal_year_alone)
        });
        // Known words alone do not make a sub-header: a header row under a
        // goal's label row is a header of its own.
        all && under_parents > 0
    }

    /// Whether a row's headings go on with those above, written down the
    /// column a character or two a row (中 over 間, 最 over 終), the other
    /// headings above merged down over the row.
    fn continues_headings_down(&self, row: u32, cells: &[(u32, u32)]) -> bool {
        const CHARS: usize = 2;
        let Some(above) = row.checked_sub(1) else {
            return false;
        };
        let short = |r: u32, c: u32| {
            self.grid.origin(r, c) == (r, c)
                && self.grid.merge_at(r, c).is_none()
                && self
                    .grid
                    .text(r, c)
                    .is_some_and(|t| t.trim().chars().count() <= CHARS)
        };
        let merged_down = (0..self.grid.cols()).any(|c| {
            self.grid
                .merge_at(above, c)
                .is_some_and(|m| m.first_row == above && m.last_row >= row)
        });
        merged_down
            && cells
                .iter()
                .all(|&(c, last)| c == last && short(row, c) && short(above, c))
    }

    /// A sub-heading the dictionary or the calendar knows (中間, 記入日,
    /// 第2四半期, 4月): read as a heading wherever it stands.
    fn is_known_sub_heading(&self, row: u32, col: u32) -> bool {
        let Some(text) = self.grid.text(row, col) else {
            return false;
        };
        matches!(self.label(row, col), Some(Label::Field(_)))
            || self.dict().is_entry_date(&normalize_label(text))
            || super::super::periods::period_heading(text).is_some()
            || self.dict().report_period(text).is_some()
    }

    /// Whether a row gives a goal its values (重点目標 | … / 部局名 | 総務部):
    /// a goal-level label with its value right of it and nothing of its
    /// own below it, where a column's header would have its cells.
    fn is_goal_label_row(&self, row: u32) -> bool {
        (0..self.grid.cols()).any(|c| {
            self.grid.origin(row, c) == (row, c) && self.is_colon_label(row, c)
                || self.grid.origin(row, c) == (row, c) && self.starts_goal_block(row, c) && {
                    let mut below = self.grid.merge_at(row, c).map_or(row, |m| m.last_row) + 1;
                    // Past the header's own sub-headings and an example row.
                    while below < self.grid.rows()
                        && below <= row + MAX_BAND_ROWS
                        && (self.is_example_row(below, &(0..self.grid.cols()))
                            || self.is_sub_header(below))
                    {
                        below += 1;
                    }
                    below >= self.grid.rows()
                        || self.grid.get(below, c).is_empty()
                        || self.label(below, c).is_some()
                }
        })
    }

    /// A label written with its colon (`作成者：`) and its value right of it.
    pub(crate) fn is_colon_label(&self, row: u32, col: u32) -> bool {
        self.grid
            .text(row, col)
            .is_some_and(|t| t.ends_with(['：', ':']))
            && super::labels::right_of(self.grid, row, col)
                .is_some_and(|(r, c)| !self.grid.get(r, c).is_empty())
    }

    /// The header band whose first row is `row`, if the row can start one.
    pub(crate) fn header_band(&self, row: u32) -> Option<Band> {
        let top_cells = self.row_headings(row)?;
        if self.is_goal_label_row(row)
            || self.leads_with_block_label(&top_cells, row)
            || self.pairs_labels_with_units(&top_cells, row)
            || self.is_example_row(row, &(0..self.grid.cols()))
        {
            return None;
        }
        let next = row + 1;
        let top_ok = match top_cells.as_slice() {
            [] => false,
            // A lone parent heading over some columns of the row below.
            [(first, last)] => {
                last > first
                    && next < self.grid.rows()
                    && self.row_headings(next).is_some_and(|below| {
                        below.len() >= 2
                            && below.iter().any(|&(c, _)| c < *first || c > *last)
                            && below.iter().any(|&(c, _)| (*first..=*last).contains(&c))
                    })
            }
            _ => true,
        };
        if !top_ok {
            return None;
        }
        let mut body_start = next;
        while body_start < self.grid.rows()
            && body_start - row < MAX_BAND_ROWS
            && self.is_sub_header(body_start)
        {
            body_start += 1;
        }
        // A lone parent heading heads nothing without its sub-headings (the
        // band found at the row below takes it as its parent).
        if top_cells.len() == 1 && body_start == next {
            return None;
        }
        // Nor do several (令和8年 over April to December, 令和9年 over the
        // rest) over a row of headings that is no sub-header of theirs:
        // that row's band takes them as its parents.
        if body_start == next
            && top_cells.iter().all(|&(first, last)| last > first)
            && self
                .row_headings(next)
                .is_some_and(|below| self.is_parent_row(row, &below))
        {
            return None;
        }
        // A lone parent heading right above the band joins it.
        let mut top = row;
        if row > 0 && self.is_parent_row(row - 1, &top_cells) {
            top = row - 1;
        }
        let leaves = self.leaves(top, body_start);
        (leaves.iter().filter(|l| !l.text.is_empty()).count() >= 2).then_some(Band {
            top,
            body_start,
            leaves,
        })
    }

    /// Whether the row's first heading is a label that never heads a
    /// column: one that ends tables (特記事項), a position in the city's
    /// plans or a department's head (部局長), which belong to a goal's
    /// block with their values right of them.
    fn leads_with_block_label(&self, headings: &[(u32, u32)], row: u32) -> bool {
        headings.first().is_some_and(|&(c, _)| {
            matches!(
                self.label(row, c),
                Some(Label::Stop | Label::PlanPosition | Label::DepartmentHead)
            )
        })
    }

    /// Whether the row pairs labels with the names they label (部名 |
    /// 消防本部 | 課名 | 警防課): a label the dictionary knows followed by
    /// a department's or a division's name is a value's label, and a row
    /// made of such pairs is no header (a header names kinds, 担当課, not
    /// the units themselves).
    fn pairs_labels_with_units(&self, headings: &[(u32, u32)], row: u32) -> bool {
        let pairs = headings
            .windows(2)
            .filter(|pair| {
                let ((label, _), (value, _)) = (pair[0], pair[1]);
                matches!(self.label(row, label), Some(Label::Field(_)))
                    && self.label(row, value).is_none()
                    && self
                        .grid
                        .text(row, value)
                        .is_some_and(|t| unit_name(t).is_some())
            })
            .count();
        pairs > 0 && pairs * 2 >= headings.len()
    }

    /// Whether `row` holds only headings spanning some (not all) of the
    /// headings of the row below: the parents of a band found one row late.
    fn is_parent_row(&self, row: u32, below: &[(u32, u32)]) -> bool {
        let Some(cells) = self.row_headings(row) else {
            return false;
        };
        let (Some(first), Some(last)) = (below.first(), below.last()) else {
            return false;
        };
        !cells.is_empty()
            && cells.iter().all(|&(c, l)| {
                l > c
                    && c >= first.0
                    && l <= last.1
                    && !(c == first.0 && l >= last.1)
                    && self
                        .grid
                        .merge_at(row, c)
                        .is_some_and(|m| m.first_row == row)
            })
    }

    /// The leaves of the band `top .. body_start`, left to right.
    fn leaves(&self, top: u32, body_start: u32) -> Vec<Leaf> {
        let bottom = body_start - 1;
        let mut leaves: Vec<Leaf> = Vec::new();
        let mut c = 0;
        while c < self.grid.cols() {
            let mut leaf = Leaf {
                cols: c..c + 1,
                text: String::new(),
                parents: Vec::new(),
                cell: None,
            };
            // The deepest heading over the column.
            for r in (top..=bottom).rev() {
                let (or, oc) = self.grid.origin(r, c);
                if or < top {
                    continue;
                }
                if let Some(t) = self.heading_text(or, oc) {
                    let last = self.grid.merge_at(or, oc).map_or(oc, |m| m.last_col);
                    leaf.cols = oc.max(c)..last + 1;
                    leaf.text = header_text(&t);
                    leaf.cell = Some((or, oc));
                    for pr in top..or {
                        if let Some(p) = self.parent_text(pr, c, bottom) {
                            leaf.parents.push(header_text(p));
                        }
                    }
                    break;
                }
            }
            if leaf.cell.is_none() {
                // No heading: a parent's blank continuation, or nothing.
                for pr in top..=bottom {
                    if let Some(p) = self.parent_text(pr, c, bottom) {
                        leaf.parents.push(header_text(p));
                    }
                }
            }
            c = leaf.cols.end.max(c + 1);
            if self.values_in_columns(&leaf.cols, body_start) >= 2 {
                // A heading merged over columns that each hold values (取組項目
                // over ① and the item's text): a column each.
                for col in leaf.cols.clone() {
                    leaves.push(Leaf {
                        cols: col..col + 1,
                        ..leaf.clone()
                    });
                }
            } else {
                leaves.push(leaf);
            }
        }
        leaves
    }

    /// How many of `cols` hold values of their own in the rows from
    /// `body_start` to the first blank one (ten at most).
    fn values_in_columns(&self, cols: &Range<u32>, body_start: u32) -> usize {
        if cols.len() < 2 {
            return cols.len();
        }
        let end = (body_start..(body_start + 10).min(self.grid.rows()))
            .find(|&r| self.grid.row_is_empty(r))
            .unwrap_or((body_start + 10).min(self.grid.rows()));
        let rows = body_start..end;
        cols.clone()
            .filter(|&c| {
                rows.clone()
                    .any(|r| self.grid.origin(r, c) == (r, c) && !self.grid.get(r, c).is_empty())
            })
            .count()
    }

    /// The heading of band row `row` over column `col`: the cell itself (or
    /// its merge), else the heading to its left whose blank cells run to
    /// it (a parent centred over columns, or a file that lost its merges)
    /// when a lower band row (down to `bottom`) has headings under them.
    fn parent_text(&self, row: u32, col: u32, bottom: u32) -> Option<&str> {
        if let Some(t) = self.grid.text(row, col) {
            return Some(t);
        }
        if self.grid.merge_at(row, col).is_some() || row >= bottom {
            return None;
        }
        let k = (0..col)
            .rev()
            .take_while(|&k| self.grid.merge_at(row, k).is_none())
            .find(|&k| self.grid.text(row, k).is_some())?;
        let (_, end) = self.parent_span(row, k, k);
        (end >= col).then(|| self.grid.text(row, k)).flatten()
    }

    /// Whether a row is a legend of marks (`●：実施 ○：予定`), its texts
    /// each starting with a mark.
    pub(crate) fn legend_of_marks(&self, row: u32) -> bool {
        let mut texts = (0..self.grid.cols())
            .filter(|&c| self.grid.origin(row, c) == (row, c))
            .filter_map(|c| self.grid.text(row, c))
            .peekable();
        // Most rows are told by their first text.
        if !texts.peek().is_some_and(|t| starts_with_mark(t)) {
            return false;
        }
        is_legend(&texts.collect::<Vec<_>>())
    }

    /// A row holding one text that is a note below a table (`※ 数値は…`,
    /// `注）…`, `（注）…`), a legend of codes (`評価　A：計画どおり　B：…`),
    /// a line signed by the sheet's writer or contact (`【問合せ】…`) or the
    /// word closing a document (`以上`).
    /// Whether a row after a blank row holds one text alone, a sentence
    /// (`記入上の注意：上半期分は10月15日まで、…提出すること。`): a note under
    /// the table, no row of it.
    pub(crate) fn note_after_a_blank_row(&self, row: u32) -> bool {
        /// The fewest characters of a sentence not closed with 。.
        const SENTENCE_CHARS: usize = 24;
        if row == 0 || !self.grid.row_is_empty(row - 1) {
            return false;
        }
        self.only_text_of_row(row).is_some_and(|(_, text)| {
            let text = text.trim();
            text.ends_with('。') || (text.contains('、') && text.chars().count() >= SENTENCE_CHARS)
        })
    }

    pub(crate) fn is_note_row(&self, row: u32) -> bool {
        // A row under cells merged down from the row above goes on with
        // that row's record (`（パブコメ含む）` under its item's text).
        if (0..self.grid.cols()).any(|c| self.grid.origin(row, c).0 < row) {
            return false;
        }
        let mut texts = (0..self.grid.cols())
            .filter(|&c| self.grid.origin(row, c) == (row, c))
            .filter_map(|c| self.grid.text(row, c));
        match (texts.next(), texts.next()) {
            (Some(t), None) => {
                let t = t.trim_start();
                t.starts_with('※')
                    || t.starts_with("注）")
                    || t.starts_with("注)")
                    || t.starts_with("（注")
                    || t.starts_with("(注")
                    || t.starts_with("注：")
                    || t.starts_with("注:")
                    // A unit's name in brackets (【人事課】) heads the
                    // rows below it: no note.
                    || self.bracketed_note(t) && !names_unit_alone(t)
                    // The word closing a document (以上), alone.
                    || t.trim_end() == "以上"
                    || super::marks::is_code_legend(t)
                    // A line signed by the sheet's writer or contact.
                    || self.dict().is_signed_line(t)
            }
            _ => false,
        }
    }

    /// Whether a note row in brackets stands inside the table, going on
    /// with the text above it (`（基本料金の見直しを含む）` on the line under
    /// its item's title): the row right below it holds values in three
    /// columns or more, as an item's row does. A bracketed line under a
    /// number (`（令和7年度分・参考）` in the column of numbers) heads what
    /// follows instead.
    pub(crate) fn note_inside_table(&self, row: u32) -> bool {
        /// The fewest values of a row of items.
        const ITEM_VALUES: usize = 3;
        let own = |r: u32| {
            (0..self.grid.cols())
                .filter(move |&c| self.grid.origin(r, c) == (r, c))
                .filter(move |&c| !self.grid.get(r, c).is_empty())
        };
        let note: Vec<u32> = own(row).collect();
        let [col] = note[..] else {
            return false;
        };
        let goes_on = row > 0 && {
            let above = self.grid.get(row - 1, col);
            matches!(above, CellValue::Text(_)) && !is_number_cell(above)
        };
        self.grid
            .text(row, col)
            .is_some_and(|t| self.bracketed_note(t))
            && goes_on
            && row + 1 < self.grid.rows()
            && own(row + 1).count() >= ITEM_VALUES
    }

    /// Whether a text is a note in brackets ([`wholly_bracketed`]), not a
    /// part of the year alone in them (`【下期】`), which names a row of
    /// reports.
    fn bracketed_note(&self, text: &str) -> bool {
        wholly_bracketed(text) && self.kind_period(text).is_none()
    }

    /// A row showing how to fill the table (記入例, （例）): not an item. A
    /// mark alone marks its row wherever it stands; a sample led by one
    /// (`(例)○○の推進`) marks it as the row's first text, the item's own.
    /// Further right, after the item's own text, such a sample is a
    /// template's left in a cell to fill.
    pub(crate) fn is_example_row(&self, row: u32, span: &Range<u32>) -> bool {
        let first_text = span.clone().find(|&c| {
            self.grid.origin(row, c) == (row, c)
                && self.grid.text(row, c).is_some_and(|t| !t.trim().is_empty())
                && !is_number_cell(self.grid.get(row, c))
        });
        span.clone().any(|c| {
            self.labels.is_example(row, c)
                && (Some(c) == first_text
                    || self
                        .grid
                        .text(row, c)
                        .is_some_and(super::labels::is_bare_example_mark))
        })
    }

    /// Whether the row, after a blank row, starts another table (its
    /// caption, or its header right away): a row of headings alone — no
    /// value, date or deadline among them — over a row holding a value
    /// under one of them (予算額 over 12,000, 内線 over 2101), that copies
    /// no header rows of the table at `top`.
    pub(crate) fn starts_other_table(
        &self,
        row: u32,
        top: u32,
        height: u32,
        span: &Range<u32>,
    ) -> bool {
        if row == 0 || !self.grid.row_is_empty(row - 1) {
            return false;
        }
        let mut texts = (0..self.grid.cols())
            .filter(|&c| self.grid.origin(row, c) == (row, c))
            .filter_map(|c| self.grid.text(row, c));
        let header = match (texts.next(), texts.next()) {
            (Some(text), None) if super::is_caption(text) => {
                match (row + 1..(row + 3).min(self.grid.rows()))
                    .find(|&r| !self.grid.row_is_empty(r))
                {
                    Some(next) => next,
                    None => return false,
                }
            }
            _ => row,
        };
        if self.copies_header(header, top, height, span) {
            return false;
        }
        let headings: Vec<u32> = (0..self.grid.cols())
            .filter(|&c| self.grid.origin(header, c) == (header, c))
            .filter(|&c| !self.grid.get(header, c).is_empty())
            .collect();
        // A heading of this table's again where it stood (取組事項 over each
        // of records stacked down the sheet) starts no other table, unless
        // the row heads columns right of this table too (目標番号 again over
        // the items' 目標番号 | 取組 | 期限 | … under a table of goals).
        let repeats = headings.iter().any(|&c| {
            (top..top + height).any(|r| {
                self.own_text(r, c).is_some() && self.own_text(r, c) == self.own_text(header, c)
            })
        });
        let wider = headings.iter().filter(|&&c| c >= span.end).count() >= 2;
        // Nor unless it heads two columns or more otherwise than this table
        // (所管部局 where 重点目標 stood, 備考 where 担当課 stood: a table of
        // other departments' items for reference under this one's).
        let renamed = || {
            headings
                .iter()
                .filter(|&&c| {
                    let own = self.own_text(header, c);
                    let above: Vec<&str> = (top..top + height)
                        .filter_map(|r| self.own_text(r, c))
                        .collect();
                    !above.is_empty() && own.is_some_and(|t| !above.contains(&t))
                })
                .count()
                >= 2
        };
        let other_form = wider || (repeats && renamed());
        if repeats && !other_form {
            return false;
        }
        // Headings, none read as a value; of a row heading columns right of
        // the table too, or renaming its columns, fewer than half (上半期の状況
        // states a time, 担当課 and 所管部局 name units).
        // Counted once every cell is a heading, and only until one more than
        // allowed is found.
        let values_allowed = if other_form {
            (headings.len() - 1) / 2
        } else {
            0
        };
        // A heading of this table's header moved to another column
        // (上半期の進捗, 年度末の成果 one column further right) is a heading,
        // whatever it states.
        let this_tables = |t: &str| {
            (top..top + height)
                .any(|r| (0..self.grid.cols()).any(|c| self.own_text(r, c) == Some(t.trim())))
        };
        let too_many_values = || {
            headings
                .iter()
                .filter(|&&c| {
                    self.grid
                        .text(header, c)
                        .is_none_or(|t| self.reads_as_value(t) && !(other_form && this_tables(t)))
                })
                .nth(values_allowed)
                .is_some()
        };
        if headings.len() < 2
            || !headings
                .iter()
                .all(|&c| self.labels.is_heading(self.grid, header, c))
            || too_many_values()
        {
            return false;
        }
        let Some(below) = (header + 1..self.grid.rows()).find(|&r| !self.grid.row_is_empty(r))
        else {
            return false;
        };
        headings.iter().any(|&c| match self.grid.get(below, c) {
            CellValue::Text(t) => self.reads_as_value(t),
            CellValue::Empty => false,
            _ => true,
        })
    }

    /// Whether a text is a value of a column (a number, a unit's name, a
    /// report …) or states a deadline: no heading.
    fn reads_as_value(&self, text: &str) -> bool {
        self.context.text_counts.is_value(text, self.dict())
            || self.deadlines().with(text, |found| !found.is_empty())
    }

    /// Whether a row repeats the band (a printed page's copy of the header).
    fn copies_band(&self, row: u32, band: &Band, span: &Range<u32>) -> bool {
        self.copies_header(row, band.top, band.body_start - band.top, span)
    }

    /// Whether the rows from `row` repeat the header rows `top .. top +
    /// height` within `span`, as a printed page's copy does (its merges
    /// may be lost: a heading is compared in its own cell only).
    pub(crate) fn copies_header(&self, row: u32, top: u32, height: u32, span: &Range<u32>) -> bool {
        row + height <= self.grid.rows()
            && (0..height).all(|k| {
                let mut texts = 0;
                let same = span.clone().all(|c| {
                    let copy = self.own_text(row + k, c);
                    texts += usize::from(copy.is_some());
                    copy == self.own_text(top + k, c)
                });
                same && texts > 0
            })
    }

    /// The text of a cell that is not covered by another cell's merge.
    fn own_text(&self, row: u32, col: u32) -> Option<&str> {
        if self.grid.origin(row, col) == (row, col) {
            self.grid.text(row, col).map(str::trim)
        } else {
            None
        }
    }
}

/// Whether a text is one bracketed word and nothing more (（参考）,
/// 【参考資料】, ＜別表＞): a caption of what follows, never an item.
pub(super) fn wholly_bracketed(text: &str) -> bool {
    const PAIRS: [(char, char); 7] = [
        ('（', '）'),
        ('(', ')'),
        ('【', '】'),
        ('［', '］'),
        ('[', ']'),
        ('＜', '＞'),
        ('〈', '〉'),
    ];
    inside_brackets(text, &PAIRS).is_some()
}

/// What a text written whole in one pair of `pairs` holds (`参考` of
/// `（参考）`): none for a text with more outside them, or nothing inside.
pub(super) fn inside_brackets<'t>(text: &'t str, pairs: &[(char, char)]) -> Option<&'t str> {
    let text = text.trim();
    let mut chars = text.chars();
    let (Some(first), Some(last)) = (chars.next(), chars.next_back()) else {
        return None;
    };
    let inner = chars.as_str();
    pairs
        .iter()
        .any(|&(open, close)| {
            first == open && last == close && !inner.is_empty() && !inner.contains(close)
        })
        .then_some(inner)
}

/// Whether a text is a unit's name alone, but for the marks or brackets
/// around it (`【人事課】`, `■保健福祉局`).
pub(super) fn names_unit_alone(text: &str) -> bool {
    let name = text.trim_matches(|c: char| !c.is_alphanumeric());
    unit_name(name).is_some()
}

#[cfg(test)]
mod tests {
    use super::super::labels::is_heading_text;
    use rstest::rstest;

    #[rstest]
    #[case("取組項目", true)]
    #[case("取組項目及び方法・手段（何をどのように）", true)]
    #[case("中間報告\n(9月末)", true)]
    #[case(
        "窓口での申請をすべてオンラインで受け付け、来庁者の待ち時間を減らす。",
        false
    )]
    #[case("", false)]
    fn headings(#[case] text: &str, #[case] heading: bool) {
        assert_eq!(is_heading_text(text), heading);
    }

    #[rstest]
    #[case("（参考）", true)]
    #[case("【別紙】", true)]
    #[case("＜付表＞", true)]
    #[case("（仮称）市民会館の建設", false)]
    #[case("【新規】窓口の電子化", false)]
    #[case("（1）窓口（本庁）", false)]
    #[case("（）", false)]
    fn captions_wholly_in_brackets(#[case] text: &str, #[case] caption: bool) {
        assert_eq!(super::wholly_bracketed(text), caption);
    }
}
