//! Records transposed: field names down one column (取組項目 / 期限 /
//! 中間報告 / 期末報告 …), one item per column to the right, goals (重点目標)
//! written once over their items' columns, often merged across them.

use std::collections::BTreeMap;

use crate::model::ExtraField;
use crate::model::LayoutKind;

use super::super::dictionary::Field;
use super::coverage::Claim;
use super::labels::Label;
use super::{ItemParts, SheetParser, SheetView, Slot, empty_goal, header_text, is_short_label};

/// The rows of a transposed block: each row's field (or its label's text
/// when no field is named), the label column and the item columns.
pub(super) struct TransposedBlock {
    label_col: u32,
    rows: Vec<(u32, RowKind)>,
    item_row: u32,
    item_cols: Vec<u32>,
}

enum RowKind {
    Field(Field),
    Other(String),
}

/// Fields a transposed row can give an item.
fn is_item_field(f: Field) -> bool {
    matches!(
        f,
        Field::Deadline
            | Field::Target
            | Field::Interim
            | Field::YearEnd
            | Field::Achievement
            | Field::SelfAssessment
            | Field::Owner
            | Field::Detail
    )
}

impl SheetParser<'_> {
    /// Reads a transposed block; returns the row after it.
    pub(super) fn parse_transposed(&mut self, block: TransposedBlock) -> u32 {
        self.out.note_layout(LayoutKind::Transposed);
        self.out.found_item_header = true;
        let end = block.rows.last().map_or(block.item_row, |(r, _)| *r) + 1;
        let last_col = block.item_cols.last().copied().unwrap_or(block.label_col);
        // Goals by the (merged) cell over each item's column.
        let mut goals: BTreeMap<(u32, u32), usize> = BTreeMap::new();
        for &(r, ref kind) in &block.rows {
            self.claims
                .claim(self.view.grid, r, block.label_col, Claim::Label);
            if let RowKind::Field(Field::Department) = kind
                && let Some(c) = block.item_cols.first()
                && let Some(name) = self.view.grid.text(r, *c).map(str::to_string)
            {
                self.claims.claim(self.view.grid, r, *c, Claim::Goal);
                if self.out.department.is_none() {
                    self.out.department = Some((name, self.view.cell(r, block.label_col)));
                }
            }
        }
        let goal_row = block
            .rows
            .iter()
            .find(|(_, k)| matches!(k, RowKind::Field(Field::Goal)))
            .map(|(r, _)| *r);
        let report_rows: Vec<u32> = block
            .rows
            .iter()
            .filter(|(_, k)| matches!(k, RowKind::Field(Field::Interim | Field::YearEnd)))
            .map(|(r, _)| *r)
            .collect();
        let halves_in_slot = match report_rows.as_slice() {
            &[r] => self.view.slot_holds_halves(
                self.view.grid.text(r, block.label_col),
                block.item_cols.iter().map(|&c| self.view.grid.get(r, c)),
            ),
            _ => false,
        };
        for &c in &block.item_cols {
            let goal = match goal_row.and_then(|gr| {
                let title = self.view.grid.text(gr, c)?.to_string();
                Some((self.view.grid.origin(gr, c), title))
            }) {
                Some((origin, title)) => match goals.get(&origin) {
                    Some(&g) => g,
                    None => {
                        let mut goal = empty_goal(self.view.cell(origin.0, origin.1));
                        goal.title = super::super::text::first_line(&title).to_string();
                        let g = self.push_goal(goal);
                        goals.insert(origin, g);
                        g
                    }
                },
                None => self.goal_for_items(block.item_row),
            };
            let mut parts = ItemParts {
                item: Some(self.view.val(block.item_row, c)),
                halves_in_slot,
                ..ItemParts::default()
            };
            for (r, kind) in &block.rows {
                let v = self.view.val(*r, c);
                let present = Some(v.clone()).filter(|v| !v.value.is_empty());
                match kind {
                    RowKind::Field(Field::Deadline) => parts.deadline = Slot::Present(Some(v)),
                    RowKind::Field(Field::Target) => parts.target = present,
                    RowKind::Field(Field::Interim) => parts.interim = Slot::Present(Some(v)),
                    RowKind::Field(Field::YearEnd) => parts.year_end = Slot::Present(Some(v)),
                    RowKind::Field(Field::SelfAssessment) => {
                        parts.self_assessment = Slot::Present(Some(v))
                    }
                    RowKind::Field(Field::Achievement) => parts.achievement = present,
                    RowKind::Field(Field::Owner) => parts.owner = present,
                    RowKind::Field(Field::Detail) => parts.detail = present,
                    RowKind::Field(Field::Number) => parts.number = present,
                    RowKind::Other(header) => {
                        if let Some(v) = present
                            && let Some(text) = v.text()
                        {
                            parts.extras.push(ExtraField {
                                header: header.as_str().into(),
                                text: text.into(),
                                cell: v.cell,
                            });
                        }
                    }
                    RowKind::Field(_) => {}
                }
            }
            let draft = self.build_item(parts);
            self.out.goals[goal].items.push(draft);
        }
        self.claims.mark_items(
            block.rows.first().map_or(end, |(r, _)| *r)..end,
            block.label_col..last_col + 1,
        );
        self.walk.goal.close();
        end
    }
}

impl SheetView<'_> {
    /// A transposed block starting at `row`: its first cell and the cells
    /// below are labels, one of them 取組項目 with two or more items to its
    /// right, another an item's field.
    pub(super) fn transposed_block(&self, row: u32) -> Option<TransposedBlock> {
        let label_col = (0..self.grid.cols()).find(|&c| !self.grid.get(row, c).is_empty())?;
        if !matches!(self.label(row, label_col), Some(Label::Field(_))) {
            return None;
        }
        let mut rows = Vec::new();
        let mut r = row;
        while r < self.grid.rows() {
            if self.grid.origin(r, label_col).0 != r {
                r += 1;
                continue;
            }
            // Rows the dictionary does not name may follow the item row.
            let after_item = rows
                .iter()
                .any(|(_, k)| matches!(k, RowKind::Field(Field::Item)));
            let kind = match self.label(r, label_col) {
                Some(Label::Field(f)) => RowKind::Field(f),
                _ => match self.grid.text(r, label_col) {
                    Some(t) if after_item && is_short_label(t) => RowKind::Other(header_text(t)),
                    _ => break,
                },
            };
            rows.push((r, kind));
            r += 1;
        }
        let item_row = rows
            .iter()
            .find(|(_, k)| matches!(k, RowKind::Field(Field::Item)))?
            .0;
        if !rows
            .iter()
            .any(|(_, k)| matches!(k, RowKind::Field(f) if is_item_field(*f)))
        {
            return None;
        }
        let first = self
            .grid
            .merge_at(item_row, label_col)
            .map_or(label_col, |m| m.last_col)
            + 1;
        // A label right of the item (取組項目 | … | 担当 | …) makes it a
        // label–value block.
        let labelled = (first..self.grid.cols()).any(|c| {
            self.grid.origin(item_row, c) == (item_row, c) && self.label(item_row, c).is_some()
        });
        if labelled {
            return None;
        }
        let item_cols: Vec<u32> = (first..self.grid.cols())
            .filter(|&c| {
                self.grid.origin(item_row, c) == (item_row, c)
                    && self.grid.text(item_row, c).is_some()
                    && self.label(item_row, c).is_none()
            })
            .collect();
        (item_cols.len() >= 2).then_some(TransposedBlock {
            label_col,
            rows,
            item_row,
            item_cols,
        })
    }
}
