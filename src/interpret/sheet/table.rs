//! Header-row tables: item tables (one- or two-row headers, group rows
//! such as ◎部局目標1, a goal column) and goal-list tables (No. / 重点目標 /
//! 優先順位).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::{ExtraField, Warning};

use super::super::dictionary::{Field, normalize_into};
use super::super::text::{cell_text, first_line, is_number_cell};
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
        let fields = self.row_fields(row);
        let &(item_col, _, _) = fields.iter().find(|f| f.2 == Field::Item)?;
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
        if others.count() == 0 || self.has_value_right(row, item_col) {
            return None;
        }
        let mut per_col: Vec<Option<Field>> = vec![None; self.grid.cols() as usize];
        for &(first, last, f) in &fields {
            for c in first..=last {
                per_col[c as usize] = Some(f);
            }
        }
        // A second header row: sub-headings under merged parents
        // (報告 over 中間 / 期末), read alone or joined to the parent.
        let mut body_start = row + 1;
        let next = row + 1;
        if next < self.grid.rows() {
            let mut found = false;
            let mut buf = String::new();
            let mut parent = String::new();
            let mut sub = vec![None; per_col.len()];
            let mut c = 0;
            while c < self.grid.cols() {
                let last = self.grid.merge_at(next, c).map_or(c, |m| m.last_col);
                if self.grid.origin(next, c) == (next, c) {
                    if is_number_cell(self.grid.get(next, c)) {
                        found = false;
                        break;
                    }
                    if let Some(t) = self.grid.text(next, c)
                        && t.len() <= MAX_LABEL_BYTES
                    {
                        normalize_into(t, &mut buf);
                        let mut field = self.dict.classify(&buf);
                        if field.is_none()
                            && let Some(p) = self.parent_heading(row, c)
                        {
                            normalize_into(p, &mut parent);
                            let joined = format!("{buf}{parent}");
                            field = self
                                .dict
                                .classify_exact(&joined)
                                .or_else(|| self.dict.classify_exact(&format!("{parent}{buf}")));
                        }
                        match field {
                            Some(f) => {
                                found = true;
                                for cc in c..=last {
                                    sub[cc as usize] = Some(f);
                                }
                            }
                            None => {
                                // A value under the header: not a header row.
                                found = false;
                                break;
                            }
                        }
                    }
                }
                c = last + 1;
            }
            if found {
                for (i, f) in sub.into_iter().enumerate() {
                    if f.is_some() {
                        per_col[i] = f;
                    }
                }
                body_start = next + 1;
            }
        }
        let mut cols = TableColumns::default();
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
                    _ => cols.extras.push((c, header)),
                }
            }
            c = last + 1;
        }
        cols.span = span;
        Some((cols, body_start))
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
            if r > body_start && self.item_header(r).is_some() {
                break;
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
            if let Some(n) = number_col
                && is_number_cell(self.grid.get(r, n))
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
                    && let Some(text) = self.grid.text(r, *c)
                {
                    parts.extras.push(ExtraField {
                        header: header.as_str().into(),
                        text: text.into(),
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
