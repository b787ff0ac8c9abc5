//! Item table headers: which field each column holds, through one to
//! three header rows (the deepest word known wins; 記入日 under a report is
//! the date it was written), progress columns by part of the year, and the
//! month columns of a schedule grid.

use std::collections::BTreeMap;
use std::ops::Range;

use super::super::dictionary::{Field, normalize_into};
use super::super::periods::{Period, period_heading};
use super::super::text::is_number_cell;
use super::labels::{Label, MAX_LABEL_BYTES, right_of};
use super::{SheetParser, header_text};

/// Columns of a table: the first column of each field, and the columns
/// kept as extra fields under their header.
#[derive(Debug, Default)]
pub(super) struct TableColumns {
    pub(super) fields: BTreeMap<Field, u32>,
    pub(super) number_guess: Option<u32>,
    /// Columns whose header names no field of an item (or a field already
    /// taken by a column to their left), with the header's text.
    pub(super) extras: Vec<(u32, String)>,
    /// The header's text of each field's column.
    pub(super) headers: BTreeMap<Field, String>,
    /// The columns the table spans.
    pub(super) span: Range<u32>,
    /// A schedule grid's month columns, as (column, month), in the
    /// fiscal year's order.
    pub(super) schedule: Vec<(u32, u32)>,
    /// The heading over the schedule grid (スケジュール), or none.
    pub(super) schedule_heading: Option<String>,
}

/// The most rows a table's header may take.
const MAX_HEADER_ROWS: u32 = 3;

/// What a sub-heading makes of the column below it.
#[derive(Debug, Clone, Copy)]
enum SubHeading {
    /// The heading above decides (or the column is an extra field).
    Same,
    Field(Field),
    /// The date a report was written (記入日): an extra field.
    EntryDate,
}

/// The fewest month columns that make a schedule grid.
const MIN_SCHEDULE_MONTHS: usize = 6;

/// A month's place in the fiscal year: April 0 … March 11.
fn fiscal_index(month: u32) -> u32 {
    (month + 8) % 12
}

/// Fields a table column can fill on an item (or, for the goal column, on
/// its goal); the others are kept as extra fields.
pub(super) fn is_item_column(field: Field) -> bool {
    !matches!(
        field,
        Field::Department | Field::Priority | Field::FiscalYear | Field::Current | Field::Purpose
    )
}

impl SheetParser<'_> {
    /// Field labels of a row, as (first column, last column, field).
    pub(super) fn row_fields(&self, row: u32) -> Vec<(u32, u32, Field)> {
        let mut out = Vec::new();
        let mut c = 0;
        while c < self.grid.cols() {
            let (or, oc) = self.grid.origin(row, c);
            let last = self.grid.merge_at(row, c).map_or(c, |m| m.last_col);
            if oc == c
                && or <= row
                && let Some(Label::Field(f)) = self.label(row, c)
            {
                out.push((c, last, f));
            }
            c = last + 1;
        }
        out
    }

    /// Whether the cell right of a label holds a value (not a label).
    pub(super) fn has_value_right(&self, row: u32, col: u32) -> bool {
        match right_of(self.grid, row, col) {
            Some((vr, vc)) => !self.grid.get(vr, vc).is_empty() && self.label(vr, vc).is_none(),
            None => false,
        }
    }

    /// The heading above a sub-heading in column `col` of the header `row`:
    /// the (merged) header cell itself, else, when that cell is blank and
    /// unmerged (a parent centred across columns, or a file that lost its
    /// merges), the nearest unmerged heading to its left.
    pub(super) fn parent_heading(&self, row: u32, col: u32) -> Option<&str> {
        if let Some(t) = self.grid.text(row, col) {
            return Some(t);
        }
        if self.grid.merge_at(row, col).is_some() {
            return None;
        }
        (0..col)
            .rev()
            .take_while(|&c| self.grid.merge_at(row, c).is_none())
            .find_map(|c| self.grid.text(row, c))
    }

    /// An item table's header at `row`: its columns and the first body row.
    pub(super) fn item_header(&self, row: u32) -> Option<(TableColumns, u32)> {
        let mut fields = self.row_fields(row);
        let &(item_col, _, _) = fields.iter().find(|f| f.2 == Field::Item)?;
        fields.extend(self.progress_columns(row));
        let others = fields.iter().filter(|f| {
            matches!(
                f.2,
                Field::Deadline
                    | Field::Target
                    | Field::Interim
                    | Field::YearEnd
                    | Field::SelfAssessment
                    | Field::Achievement
                    | Field::Detail
                    | Field::Owner
                    | Field::Reason
            )
        });
        let others = others.count();
        // A value right of the item label makes it a label–value block,
        // unless it heads a part of the year (a schedule's 4月).
        let right_is_period = || {
            right_of(self.grid, row, item_col)
                .and_then(|(r, c)| self.grid.text(r, c))
                .is_some_and(|t| period_heading(t).is_some())
        };
        if self.has_value_right(row, item_col) && !right_is_period() {
            return None;
        }
        let mut per_col: Vec<Option<Field>> = vec![None; self.grid.cols() as usize];
        for &(first, last, f) in &fields {
            for c in first..=last {
                per_col[c as usize] = Some(f);
            }
        }
        // Deeper header rows: sub-headings under merged parents (報告 over
        // 中間 / 期末 over 記入日 / 内容), each column taking the deepest
        // word known.
        let mut body_start = row + 1;
        while body_start < self.grid.rows() && body_start - row < MAX_HEADER_ROWS {
            let Some(sub) = self.sub_header(body_start, &per_col) else {
                break;
            };
            for (i, s) in sub.into_iter().enumerate() {
                match s {
                    SubHeading::Same => {}
                    SubHeading::Field(f) => per_col[i] = Some(f),
                    SubHeading::EntryDate => per_col[i] = None,
                }
            }
            body_start += 1;
        }
        let mut cols = TableColumns {
            schedule: self.schedule_months(row, body_start, &per_col),
            ..TableColumns::default()
        };
        if others == 0 && cols.schedule.is_empty() {
            return None;
        }
        if let Some(&(first, _)) = cols.schedule.first() {
            cols.schedule_heading = (row..body_start.saturating_sub(1))
                .find_map(|r| self.parent_heading(r, first))
                .map(header_text);
            for &(c, _) in &cols.schedule {
                per_col[c as usize] = None;
            }
        }
        for (i, f) in per_col.iter().enumerate() {
            if let Some(f) = f.filter(|f| is_item_column(*f)) {
                cols.fields.entry(f).or_insert(i as u32);
            }
        }
        let item_first = *cols.fields.get(&Field::Item)?;
        if !cols.fields.contains_key(&Field::Number) && item_first > 0 {
            let left = item_first - 1;
            if per_col[left as usize].is_none()
                && self.header_text_at(row, body_start, left).is_none()
            {
                cols.number_guess = Some(left);
            }
        }
        // Every header cell names a column: a field's first column, or an
        // extra field under its header's text.
        let mut span = item_first..item_first + 1;
        if let Some(n) = cols.number_guess {
            span.start = span.start.min(n);
        }
        let mut c = 0;
        while c < self.grid.cols() {
            let last = self
                .grid
                .merge_at(body_start - 1, c)
                .map_or(c, |m| m.last_col);
            if let Some(header) = self.header_text_at(row, body_start, c) {
                span.start = span.start.min(c);
                span.end = span.end.max(last + 1);
                match per_col[c as usize] {
                    Some(f) if is_item_column(f) && cols.fields.get(&f) == Some(&c) => {
                        cols.headers.insert(f, header);
                    }
                    _ if cols.schedule.iter().any(|&(sc, _)| sc == c) => {}
                    _ => cols.extras.push((c, header)),
                }
            }
            c = last + 1;
        }
        cols.span = span;
        Some((cols, body_start))
    }

    /// What the sub-headings of row `next` make of the columns below them,
    /// or `None` when the row is not a header row (a number, or a text no
    /// word names: a value).
    fn sub_header(&self, next: u32, per_col: &[Option<Field>]) -> Option<Vec<SubHeading>> {
        let mut found = false;
        let mut buf = String::new();
        let mut parent = String::new();
        let mut sub = vec![SubHeading::Same; per_col.len()];
        let mut c = 0;
        while c < self.grid.cols() {
            let last = self.grid.merge_at(next, c).map_or(c, |m| m.last_col);
            let here = per_col[c as usize];
            if self.grid.origin(next, c) == (next, c) {
                if is_number_cell(self.grid.get(next, c)) {
                    return None;
                }
                if let Some(t) = self.grid.text(next, c)
                    && t.len() <= MAX_LABEL_BYTES
                {
                    normalize_into(t, &mut buf);
                    let report = matches!(here, Some(Field::Interim | Field::YearEnd));
                    let mut field = self.dict.classify(&buf);
                    if field.is_none()
                        && let Some(p) = self.parent_heading(next - 1, c)
                    {
                        normalize_into(p, &mut parent);
                        let joined = format!("{buf}{parent}");
                        field = self
                            .dict
                            .classify_exact(&joined)
                            .or_else(|| self.dict.classify_exact(&format!("{parent}{buf}")));
                    }
                    let heading = if report && self.dict.is_entry_date(&buf) {
                        // 記入日 under a report: when it was written, not
                        // what; kept as an extra field.
                        SubHeading::EntryDate
                    } else if report && field.is_none_or(|f| f == Field::Detail) {
                        // 内容 / 状況 under a report is the report.
                        SubHeading::Same
                    } else if let Some(f) = field {
                        SubHeading::Field(f)
                    } else if period_heading(t).is_some() {
                        // A part of the year (第1四半期, 4月) heads a
                        // progress or schedule column.
                        match self.opts.milestones.field(t) {
                            Some(f) => SubHeading::Field(f),
                            None => SubHeading::Same,
                        }
                    } else {
                        return None;
                    };
                    found = true;
                    for cc in c..=last {
                        sub[cc as usize] = heading;
                    }
                }
            }
            c = last + 1;
        }
        found.then_some(sub)
    }

    /// Columns of a header row headed by a part of the year that the
    /// milestones make the interim or year-end report (第2四半期, 下期 …).
    fn progress_columns(&self, row: u32) -> Vec<(u32, u32, Field)> {
        let mut out = Vec::new();
        for c in 0..self.grid.cols() {
            if self.grid.origin(row, c) != (row, c) || self.label(row, c).is_some() {
                continue;
            }
            if let Some(t) = self.grid.text(row, c)
                && period_heading(t).is_some()
                && let Some(f) = self.opts.milestones.field(t)
            {
                let last = self.grid.merge_at(row, c).map_or(c, |m| m.last_col);
                out.push((c, last, f));
            }
        }
        out
    }

    /// A schedule grid's month columns in the header rows `row ..
    /// body_start`: the row nearest the body whose month headings (4月 …
    /// 3月) run through at least six months in the fiscal year's order,
    /// over columns no other field heads. A month merged over several
    /// columns gives each of them.
    fn schedule_months(
        &self,
        row: u32,
        body_start: u32,
        per_col: &[Option<Field>],
    ) -> Vec<(u32, u32)> {
        for r in (row..body_start).rev() {
            let mut months: Vec<(u32, u32)> = Vec::new();
            let mut run = 0;
            let mut previous: Option<u32> = None;
            for c in 0..self.grid.cols() {
                if self.grid.origin(r, c) != (r, c) {
                    continue;
                }
                let Some(Period::Month(m)) = self.grid.text(r, c).and_then(period_heading) else {
                    continue;
                };
                let free = matches!(per_col[c as usize], None | Some(Field::Deadline));
                let next = previous.is_none_or(|p| fiscal_index(m) == fiscal_index(p) + 1);
                if !free || !next {
                    months.clear();
                    run = 0;
                }
                run += 1;
                previous = Some(m);
                let last = self.grid.merge_at(r, c).map_or(c, |mr| mr.last_col);
                months.extend((c..=last).map(|cc| (cc, m)));
            }
            if run >= MIN_SCHEDULE_MONTHS {
                return months;
            }
        }
        Vec::new()
    }

    /// The header's text over column `col`, one line: the sub-heading of a
    /// two-row header, else the heading.
    pub(super) fn header_text_at(&self, row: u32, body_start: u32, col: u32) -> Option<String> {
        (row..body_start)
            .rev()
            .filter(|&r| self.grid.origin(r, col) == (r, col))
            .find_map(|r| self.grid.text(r, col))
            .map(header_text)
    }
}
