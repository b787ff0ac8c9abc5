//! Rows outside tables: label–value blocks repeated per record, multi-year
//! rows and the column labels over them, plan positions, and numbered
//! headings that open a goal.

use crate::calendar::FiscalYear;
use crate::model::PlanPosition;
use crate::workbook::CellValue;

use super::super::dictionary::{Field, YearRowKind, normalize_into};
use super::super::text::{cell_text, first_line, is_number_cell, leading_number};
use super::labels::{Label, right_of};
use super::{ItemParts, SheetParser, Slot, Val, empty_goal};

impl SheetParser<'_> {
    pub(super) fn department_only_row(&mut self, row: u32) {
        for c in 0..self.grid.cols() {
            if self.label(row, c) == Some(Label::Field(Field::Department))
                && let Some((vr, vc)) = right_of(self.grid, row, c)
                && self.out.department.is_none()
            {
                self.out.department = self.grid.text(vr, vc).map(str::to_string);
            }
        }
    }

    /// Reads one row outside tables: label–value pairs, year rows, column
    /// labels, numbered headings.
    pub(super) fn block_row(&mut self, row: u32) {
        let cols = self.grid.cols();
        let mut c = 0;
        let mut labelled = false;
        let mut year_row: Option<(FiscalYear, YearRowKind)> = None;
        let mut plain: Vec<u32> = Vec::new();
        while c < cols {
            let (or, oc) = self.grid.origin(row, c);
            let last = self.grid.merge_at(row, c).map_or(c, |m| m.last_col);
            if oc != c {
                c = last + 1;
                continue;
            }
            let label = self.label(row, c);
            if or != row && label.is_none() {
                c = last + 1;
                continue;
            }
            match label {
                Some(Label::Field(field)) => {
                    labelled = true;
                    match self.value_after(row, c) {
                        Some((mut vc, mut vlast)) => {
                            let mut number = None;
                            if matches!(field, Field::Item | Field::Goal)
                                && is_number_cell(self.grid.get(row, vc))
                            {
                                number = Some(self.val(row, vc));
                                match self.value_after(row, vc) {
                                    Some((nc, nlast)) => {
                                        vc = nc;
                                        vlast = nlast;
                                    }
                                    None => {
                                        c = vlast + 1;
                                        continue;
                                    }
                                }
                            }
                            let v = self.val(row, vc);
                            self.block_field(field, v, number);
                            c = vlast + 1;
                            continue;
                        }
                        None => {
                            if or == row && is_column_field(field) {
                                self.block_columns.insert(c, field);
                            }
                        }
                    }
                }
                Some(Label::Inline(field, offset)) => {
                    labelled = true;
                    let text = self.grid.text(row, c).unwrap_or_default();
                    let value = text.get(offset..).unwrap_or_default().trim().to_string();
                    let v = Val {
                        value: CellValue::Text(value),
                        cell: self.cell(row, c),
                    };
                    self.block_field(field, v, None);
                }
                Some(Label::PlanPosition) => {
                    labelled = true;
                    if let Some((vc, vlast)) = self.value_after(row, c) {
                        let label = self.grid.text(row, c).unwrap_or_default().to_string();
                        if let Some(text) = self.grid.text(row, vc) {
                            let pos = PlanPosition {
                                label: label.into(),
                                text: text.into(),
                            };
                            match self.current_goal {
                                Some(g) => self.out.goals[g].goal.plan_positions.push(pos),
                                None => self.pending_positions.push(pos),
                            }
                        }
                        c = vlast + 1;
                        continue;
                    }
                }
                Some(Label::Year(fy, kind)) => {
                    labelled = true;
                    year_row = Some((fy, kind));
                    if let Some((vc, vlast)) = self.value_after(row, c) {
                        let v = self.val(row, vc);
                        if let Some(record) = self.record.as_mut() {
                            let entry = record.years.entry(fy).or_default();
                            match kind {
                                YearRowKind::Plan => entry.plan = Some(v),
                                YearRowKind::Result => entry.result = Some(v),
                            }
                        }
                        c = vlast + 1;
                        continue;
                    }
                }
                Some(Label::DepartmentHead) => {
                    labelled = true;
                    if self.out.department.is_none() {
                        let mut buf = String::new();
                        normalize_into(self.grid.text(row, c).unwrap_or_default(), &mut buf);
                        self.out.department = self.dict.department_of_head(&buf);
                    }
                }
                Some(Label::Stop) | Some(Label::GoalGroup) => labelled = true,
                None => {
                    if or == row && !self.grid.get(row, c).is_empty() {
                        plain.push(c);
                    }
                }
            }
            c = last + 1;
        }
        // Column labels (年度計画達成度 over the year rows).
        if let Some((fy, _)) = year_row {
            let columns: Vec<(u32, Field)> =
                self.block_columns.iter().map(|(&c, &f)| (c, f)).collect();
            for (col, field) in columns {
                if field == Field::Achievement && self.grid.origin(row, col) == (row, col) {
                    let v = self.val(row, col);
                    if let Some(record) = self.record.as_mut() {
                        record.years.entry(fy).or_default().achievement = Some(v);
                    }
                }
            }
        }
        if !labelled {
            self.heading_row(row, &plain);
        }
    }

    /// The value cell right of a label: its column and last merged column.
    pub(super) fn value_after(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        let (vr, vc) = right_of(self.grid, row, col)?;
        let (or, oc) = self.grid.origin(vr, vc);
        if or != row
            && self
                .grid
                .merge_at(vr, vc)
                .is_some_and(|m| m.first_row != row)
        {
            // A value merged down from an earlier row is not this row's.
            if self.grid.get(vr, vc).is_empty() {
                return None;
            }
        }
        if self.grid.get(vr, vc).is_empty() || self.label(vr, vc).is_some() {
            return None;
        }
        let last = self.grid.merge_at(vr, vc).map_or(vc, |m| m.last_col);
        Some((oc, last))
    }

    pub(super) fn block_field(&mut self, field: Field, v: Val, number: Option<Val>) {
        self.out.note_layout("blocks");
        match field {
            Field::Goal => {
                self.flush_record();
                let mut goal = empty_goal(v.cell.clone());
                goal.title = v
                    .text()
                    .map(|t| first_line(&t).to_string())
                    .unwrap_or_default();
                goal.number = number.and_then(|n| n.text());
                self.current_goal = Some(self.push_goal(goal));
            }
            Field::Department => {
                if self.out.department.is_none() {
                    self.out.department = v.text();
                }
            }
            Field::Priority => {
                if let Some(g) = self.current_goal {
                    self.out.goals[g].goal.priority = v.text();
                }
            }
            Field::Item | Field::Number => {
                let starts_new = match &self.record {
                    Some(rec) => {
                        rec.item.is_some() || (field == Field::Number && rec.number.is_some())
                    }
                    None => true,
                };
                if starts_new {
                    self.flush_record();
                    // Column labels (年度計画達成度) stay until relabelled.
                    self.record = Some(ItemParts::default());
                }
                if let Some(rec) = self.record.as_mut() {
                    if field == Field::Item {
                        rec.item = Some(v);
                        if number.is_some() {
                            rec.number = number;
                        }
                    } else {
                        rec.number = Some(v);
                    }
                }
            }
            Field::Target => match self.record.as_mut() {
                Some(rec) => rec.target = Some(v),
                None => {
                    if let (Some(g), Some(t)) = (self.current_goal, v.text()) {
                        self.out.goals[g].goal.targets.push(t);
                    }
                }
            },
            _ => {
                let Some(rec) = self.record.as_mut() else {
                    return;
                };
                match field {
                    Field::Deadline => rec.deadline = Slot::Present(Some(v)),
                    Field::Interim => rec.interim = Slot::Present(Some(v)),
                    Field::YearEnd => rec.year_end = Slot::Present(Some(v)),
                    Field::Achievement => rec.achievement = Some(v),
                    Field::SelfAssessment => rec.self_assessment = Slot::Present(Some(v)),
                    Field::Reason => rec.reason = Some(v),
                    Field::Owner => rec.owner = Some(v),
                    _ => {}
                }
            }
        }
    }

    /// A numbered heading (`1 健全な財政基盤の確立`, `(1) 歳出の抑制`, or a
    /// number cell followed by one text cell) opens a goal.
    pub(super) fn heading_row(&mut self, row: u32, plain: &[u32]) {
        let (number, title, cell) = match plain {
            [only] => {
                let Some(text) = self.grid.text(row, *only) else {
                    return;
                };
                let Some((number, rest)) = leading_number(text) else {
                    return;
                };
                if rest.is_empty() {
                    return;
                }
                (
                    number.to_string(),
                    first_line(rest).to_string(),
                    self.cell(row, *only),
                )
            }
            [n, t] if is_number_cell(self.grid.get(row, *n)) => {
                let Some(text) = self.grid.text(row, *t) else {
                    return;
                };
                let number = cell_text(self.grid.get(row, *n))
                    .map(|s| s.into_owned())
                    .unwrap_or_default();
                (number, first_line(text).to_string(), self.cell(row, *t))
            }
            _ => return,
        };
        if !self.recognisers.blocks {
            return;
        }
        self.flush_record();
        let mut goal = empty_goal(cell);
        goal.number = Some(number);
        goal.title = title;
        let g = self.push_goal(goal);
        self.out.goals[g].from_heading = true;
        self.current_goal = Some(g);
    }
}

pub(super) fn is_column_field(field: Field) -> bool {
    matches!(
        field,
        Field::Achievement
            | Field::Interim
            | Field::YearEnd
            | Field::SelfAssessment
            | Field::Deadline
            | Field::Target
            | Field::Owner
    )
}
