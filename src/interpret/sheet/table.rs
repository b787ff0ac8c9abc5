//! Header-row tables: item tables (one- or two-row headers, group rows
//! such as ◎部局目標1, a goal column) and goal-list tables (No. / 重点目標 /
//! 優先順位).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::{ExtraField, Warning};

use super::super::dictionary::{Field, normalize_into};
use super::super::periods::{Period, period_heading};
use super::super::text::{cell_text, first_line, is_number_cell, is_number_code};
use super::coverage::Claim;
use super::labels::{Label, MAX_LABEL_BYTES, right_of};
use super::{ItemParts, SheetParser, Slot, empty_goal, header_text, split_position};

/// Columns of a table: the first column of each field, and the columns
/// kept as extra fields under their header.
#[derive(Debug, Default)]
pub(super) struct TableColumns {
    fields: BTreeMap<Field, u32>,
    number_guess: Option<u32>,
    /// Columns whose header names no field of an item (or a field already
    /// taken by a column to their left), with the header's text.
    extras: Vec<(u32, String)>,
    /// The header's text of each field's column.
    headers: BTreeMap<Field, String>,
    /// The columns the table spans.
    span: Range<u32>,
    /// A schedule grid's month columns, as (column, month), in the
    /// fiscal year's order.
    schedule: Vec<(u32, u32)>,
    /// The heading over the schedule grid (スケジュール), or none.
    schedule_heading: Option<String>,
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

/// Marks of a schedule grid and its legend.
const MARKS: &[char] = &[
    '●', '○', '◎', '〇', '■', '□', '▲', '△', '◆', '◇', '★', '☆', '→', '⇒', '━', '─', '―', '＊', '*',
];

/// Whether a row of a schedule grid is its legend: every text is a mark
/// followed by its meaning (`●：実施`, `→ 継続`), and the row names two
/// marks or more.
fn is_legend(texts: &[&str]) -> bool {
    let marks: usize = texts
        .iter()
        .map(|t| t.chars().filter(|c| MARKS.contains(c)).count())
        .sum();
    marks >= 2
        && texts.iter().all(|t| {
            let t = t.trim();
            t.starts_with(MARKS) && t.chars().any(|c| !MARKS.contains(&c) && !c.is_whitespace())
        })
}

/// Fields a table column can fill on an item (or, for the goal column, on
/// its goal); the others are kept as extra fields.
fn is_item_column(field: Field) -> bool {
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
        let right_is_period = right_of(self.grid, row, item_col)
            .and_then(|(r, c)| self.grid.text(r, c))
            .is_some_and(|t| period_heading(t).is_some());
        if self.has_value_right(row, item_col) && !right_is_period {
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
    fn header_text_at(&self, row: u32, body_start: u32, col: u32) -> Option<String> {
        (row..body_start)
            .rev()
            .filter(|&r| self.grid.origin(r, col) == (r, col))
            .find_map(|r| self.grid.text(r, col))
            .map(header_text)
    }

    /// Whether a row opens the next goal block (重点目標 / 部局名 /
    /// 優先順位 / a plan position with its value): it ends an item table.
    fn starts_goal_block(&self, row: u32, first: u32) -> bool {
        match self.label(row, first) {
            Some(Label::Field(f)) => {
                (!is_item_column(f) || f == Field::Goal) && self.value_after(row, first).is_some()
            }
            Some(Label::Inline(f, _)) => !is_item_column(f) || f == Field::Goal,
            Some(Label::PlanPosition) => self.value_after(row, first).is_some(),
            _ => false,
        }
    }

    pub(super) fn parse_table(
        &mut self,
        header_row: u32,
        cols: TableColumns,
        body_start: u32,
    ) -> u32 {
        self.out.note_layout("table");
        self.out.found_item_header = true;
        if !cols.schedule.is_empty() {
            self.out.note_layout("schedule_grid");
        }
        let in_excel_table = self.grid.tables.iter().any(|t| {
            (t.first_row..=t.last_row).contains(&header_row)
                && (t.first_col..=t.last_col).contains(&cols.fields[&Field::Item])
        });
        if in_excel_table {
            self.out.note_layout("excel_table");
        }
        let progress = cols
            .headers
            .values()
            .chain(cols.extras.iter().map(|(_, h)| h))
            .any(|h| period_heading(h).is_some());
        if progress {
            self.out.note_layout("progress_periods");
        }
        for r in header_row..body_start {
            for c in cols.span.clone() {
                if self.grid.origin(r, c).0 >= header_row && !self.grid.get(r, c).is_empty() {
                    self.claims.claim(self.grid, r, c, Claim::Label);
                }
            }
        }
        let item_col = cols.fields[&Field::Item];
        let header_cell = self.cell(header_row, item_col);
        let goal_col = cols.fields.get(&Field::Goal).copied();
        let number_col = cols
            .fields
            .get(&Field::Number)
            .copied()
            .or(cols.number_guess);
        let items_before = self.out.item_count();
        let mut table_goal: Option<usize> = None;
        let mut group_open = false;
        let mut r = body_start;
        while r < self.grid.rows() {
            let first = (0..self.grid.cols()).find(|&c| !self.grid.get(r, c).is_empty());
            let Some(first) = first else {
                r += 1;
                continue;
            };
            if self.starts_goal_block(r, first) {
                break;
            }
            match self.label(r, first) {
                Some(Label::Stop) => break,
                Some(Label::GoalGroup) => {
                    self.claims.claim(self.grid, r, first, Claim::Label);
                    let text = self.grid.text(r, first).unwrap_or_default();
                    let number: String = text
                        .chars()
                        .map(super::super::dictionary::fold_width)
                        .filter(char::is_ascii_digit)
                        .collect();
                    let mut goal = empty_goal(self.cell(r, first));
                    goal.number = (!number.is_empty()).then_some(number);
                    let last = self.grid.merge_at(r, first).map_or(first, |m| m.last_col);
                    for c in last + 1..self.grid.cols() {
                        if self.grid.origin(r, c) != (r, c) {
                            continue;
                        }
                        if let Some(t) = cell_text(self.grid.get(r, c)) {
                            self.claims.claim(self.grid, r, c, Claim::Goal);
                            goal.plan_positions.push(split_position(&t));
                        }
                    }
                    table_goal = Some(self.push_goal(goal));
                    group_open = true;
                    r += 1;
                    continue;
                }
                _ => {}
            }
            // A printed page's copy of the title line or of the header:
            // not an item, and the table goes on below it.
            if let Some(skip) = self.page_copy(r, header_row, body_start, &cols.span) {
                self.out.note_layout("repeated_headers");
                r += skip;
                continue;
            }
            if r > body_start && self.item_header(r).is_some() {
                break;
            }
            if !cols.schedule.is_empty() && self.legend_row(r) {
                r += 1;
                continue;
            }
            // Rows covered by a vertically merged item cell belong to it.
            if self.grid.origin(r, item_col).0 != r {
                r += 1;
                continue;
            }
            let item = self.val(r, item_col);
            if cell_text(&item.value).is_none() {
                let other = cols
                    .fields
                    .values()
                    .any(|&c| c != item_col && !self.grid.get(r, c).is_empty());
                if other && number_col.is_none_or(|n| !self.grid.get(r, n).is_empty()) {
                    self.out.warnings.push(Warning {
                        cell: Some(item.cell.clone()),
                        message: "row has values but no item text; skipped".into(),
                    });
                }
                r += 1;
                continue;
            }
            let mut parts = ItemParts {
                item: Some(item),
                ..ItemParts::default()
            };
            parts.schedule = cols
                .schedule
                .iter()
                .filter(|&&(c, _)| !self.grid.get(r, c).is_empty())
                .map(|&(c, month)| (month, self.cell(r, c)))
                .collect();
            parts.schedule_heading = cols.schedule_heading.clone();
            let numbered = cols.fields.contains_key(&Field::Number);
            if let Some(n) = number_col
                && (is_number_cell(self.grid.get(r, n))
                    || numbered && is_number_code(self.grid.get(r, n)))
            {
                parts.number = Some(self.val(r, n));
            }
            for (&field, &c) in &cols.fields {
                let v = self.val(r, c);
                let present = Some(v.clone()).filter(|v| !v.value.is_empty());
                match field {
                    // Report cells keep their reference even when empty.
                    Field::Deadline => parts.deadline = Slot::Present(Some(v)),
                    Field::Target => parts.target = present,
                    Field::Interim => parts.interim = Slot::Present(Some(v)),
                    Field::YearEnd => parts.year_end = Slot::Present(Some(v)),
                    Field::SelfAssessment => parts.self_assessment = Slot::Present(Some(v)),
                    Field::Achievement => parts.achievement = present,
                    Field::Reason => {
                        parts.reason = present;
                        parts.reason_header = cols.headers.get(&field).cloned().unwrap_or_default();
                    }
                    Field::Owner => parts.owner = present,
                    Field::Detail => parts.detail = present,
                    _ => {}
                }
            }
            for (c, header) in &cols.extras {
                if self.grid.origin(r, *c).0 == r
                    && let Some(text) = cell_text(self.grid.get(r, *c))
                {
                    parts.extras.push(ExtraField {
                        header: header.as_str().into(),
                        text: text.as_ref().into(),
                        cell: self.cell(r, *c),
                    });
                }
            }
            // The goal of the row: a goal column groups rows by its value.
            if let Some(gc) = goal_col
                && let Some(title) = self.grid.text(r, gc).map(str::to_string)
            {
                self.claims.claim(self.grid, r, gc, Claim::Goal);
                let cell = self.cell(r, gc);
                match table_goal {
                    Some(i) if group_open && self.out.goals[i].goal.title.is_empty() => {
                        self.out.goals[i].goal.title = first_line(&title).to_string();
                        self.out.goals[i].goal.cell = Some(cell);
                    }
                    Some(i) if group_open || self.out.goals[i].goal.title == first_line(&title) => {
                    }
                    _ => {
                        let mut goal = empty_goal(cell);
                        goal.title = first_line(&title).to_string();
                        table_goal = Some(self.push_goal(goal));
                    }
                }
            }
            let goal = match table_goal {
                Some(i) => i,
                None => self.goal_for_items(header_row),
            };
            let draft = self.build_item(parts);
            self.out.goals[goal].items.push(draft);
            // An item's row is its own, beyond the header's columns too.
            self.claims.mark_items(r..r + 1, 0..self.grid.cols());
            r += 1;
        }
        if self.out.item_count() == items_before {
            self.out.warnings.push(Warning {
                cell: Some(header_cell),
                message: "item table header found but no items below it".into(),
            });
        }
        self.claims.mark_items(body_start..r, cols.span.clone());
        self.goal_closed = true;
        r
    }

    /// Whether the row is a schedule grid's legend; its cells are claimed
    /// as labels.
    fn legend_row(&mut self, row: u32) -> bool {
        let cells: Vec<u32> = (0..self.grid.cols())
            .filter(|&c| self.grid.origin(row, c) == (row, c) && self.grid.text(row, c).is_some())
            .collect();
        let texts: Vec<&str> = cells
            .iter()
            .filter_map(|&c| self.grid.text(row, c))
            .collect();
        if !is_legend(&texts) {
            return false;
        }
        for c in cells {
            self.claims.claim(self.grid, row, c, Claim::Label);
        }
        true
    }

    /// How many rows at `row` copy the table's header rows (`header_row ..
    /// body_start`) or one of the sheet's title lines, as a printed page
    /// repeats them; the copied cells are claimed as labels.
    fn page_copy(
        &mut self,
        row: u32,
        header_row: u32,
        body_start: u32,
        span: &Range<u32>,
    ) -> Option<u32> {
        let height = body_start - header_row;
        let copies_header = row >= body_start
            && (0..height).all(|k| {
                let mut texts = 0;
                let same = span.clone().all(|c| {
                    let copy = self.grid.text(row + k, c).map(str::trim);
                    texts += usize::from(copy.is_some());
                    copy == self.grid.text(header_row + k, c).map(str::trim)
                });
                same && texts > 0
            });
        let copies_title = !copies_header && self.is_title_copy(row);
        if !copies_header && !copies_title {
            return None;
        }
        let rows = if copies_header { height } else { 1 };
        for r in row..row + rows {
            for c in 0..self.grid.cols() {
                if !self.grid.get(r, c).is_empty() {
                    self.claims.claim(self.grid, r, c, Claim::Label);
                }
            }
        }
        Some(rows)
    }

    /// Whether every text of the row repeats a title line of the sheet.
    fn is_title_copy(&self, row: u32) -> bool {
        let mut texts = (0..self.grid.cols())
            .filter(|&c| self.grid.origin(row, c) == (row, c))
            .filter_map(|c| self.grid.text(row, c))
            .peekable();
        texts.peek().is_some()
            && texts.all(|t| {
                self.out.title_lines.iter().any(|cell| {
                    cell.row < row
                        && self.grid.text(cell.row, cell.col).map(str::trim) == Some(t.trim())
                })
            })
    }

    /// A goal-list table's header at `row` (No. / 重点目標 [/ 優先順位]).
    pub(super) fn goal_list_header(&self, row: u32) -> Option<(u32, u32, Option<u32>)> {
        let fields = self.row_fields(row);
        let number = fields.iter().find(|f| f.2 == Field::Number)?.0;
        let goal = fields.iter().find(|f| f.2 == Field::Goal)?.0;
        if fields.iter().any(|f| f.2 == Field::Item) || self.has_value_right(row, goal) {
            return None;
        }
        if !is_number_cell(self.grid.get(row + 1, number)) {
            return None;
        }
        let priority = fields.iter().find(|f| f.2 == Field::Priority).map(|f| f.0);
        Some((number, goal, priority))
    }

    pub(super) fn parse_goal_list(
        &mut self,
        header: u32,
        number: u32,
        goal: u32,
        priority: Option<u32>,
    ) -> u32 {
        for (c, _, _) in self.row_fields(header) {
            self.claims.claim(self.grid, header, c, Claim::Label);
        }
        let mut r = header + 1;
        while r < self.grid.rows() {
            if !is_number_cell(self.grid.get(r, number)) {
                break;
            }
            for c in [Some(number), Some(goal), priority].into_iter().flatten() {
                self.claims.claim(self.grid, r, c, Claim::Goal);
            }
            if let Some(title) = self.grid.text(r, goal) {
                let mut g = empty_goal(self.cell(r, goal));
                g.title = first_line(title).to_string();
                g.number = cell_text(self.grid.get(r, number)).map(|t| t.into_owned());
                g.priority = priority
                    .and_then(|p| cell_text(self.grid.get(r, p)))
                    .map(|t| t.into_owned());
                self.out.goal_list.push(g);
            }
            r += 1;
        }
        r
    }
}
