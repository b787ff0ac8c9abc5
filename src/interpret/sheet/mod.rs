//! One sheet's interpretation: finds the labels the dictionary knows, then
//! walks the rows top to bottom recognising
//! (a) header-row tables anywhere on the sheet, one- or two-row headers,
//!     with optional group rows (◎部局目標1) and a goal column;
//! (b) label–value blocks (label cell, value to its right; a vertically
//!     merged label labels every row it covers), repeated per record, with
//!     multi-year rows (R4年度実績 / R5年度計画) and column labels over them;
//! (c) 【labelled】 sections inside an item cell (handled when items are built);
//! plus numbered headings (`1 健全な財政基盤の確立`, `1 | goal text`) that
//! open a goal, and goal-list tables (No. / 重点目標 / 優先順位).

mod blocks;
mod items;
mod labels;
mod table;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::calendar::FiscalYear;
use crate::model::{ActionItem, CellRef, Goal, PlanPosition, Text, Warning};
use crate::workbook::{CellValue, Grid};

use super::dictionary::{Field, FieldDictionary};
use super::text::{cell_text, first_line};

use labels::Label;
pub(crate) use labels::{Labels, sheet_fiscal_year};

/// A value cell taken for a field.
#[derive(Debug, Clone)]
struct Val {
    value: CellValue,
    cell: CellRef,
}

impl Val {
    fn text(&self) -> Option<String> {
        cell_text(&self.value).map(|t| t.into_owned())
    }
}

/// A report column: absent from the layout, or present with the cell read.
#[derive(Debug, Clone, Default)]
enum Slot {
    #[default]
    Absent,
    Present(Option<Val>),
}

/// One multi-year row set of an item, per fiscal year.
#[derive(Debug, Clone, Default)]
pub(crate) struct YearEntry {
    plan: Option<Val>,
    result: Option<Val>,
    achievement: Option<Val>,
}

#[derive(Debug, Clone, Default)]
struct ItemParts {
    number: Option<Val>,
    item: Option<Val>,
    deadline: Slot,
    target: Option<Val>,
    interim: Slot,
    year_end: Slot,
    achievement: Option<Val>,
    self_assessment: Slot,
    reason: Option<Val>,
    owner: Option<Val>,
    years: BTreeMap<FiscalYear, YearEntry>,
}

impl ItemParts {
    fn has_content(&self) -> bool {
        self.item.as_ref().is_some_and(|v| v.text().is_some())
    }
}

/// An item with the per-fiscal-year rows of a multi-year plan.
#[derive(Debug, Clone)]
pub(crate) struct DraftItem {
    pub item: ActionItem,
    pub years: BTreeMap<FiscalYear, YearEntryView>,
}

/// A multi-year row set as the report assembly needs it.
#[derive(Debug, Clone, Default)]
pub(crate) struct YearEntryView {
    pub plan: Option<(String, CellRef)>,
    pub result: Option<(String, CellRef)>,
    pub achievement: Option<(Option<f64>, CellRef)>,
}

#[derive(Debug, Clone)]
pub(crate) struct DraftGoal {
    pub goal: Goal,
    pub items: Vec<DraftItem>,
    /// Opened by a numbered heading (dropped when it has no items).
    pub from_heading: bool,
}

/// What a sheet yields before fiscal years are split.
#[derive(Debug, Default)]
pub(crate) struct SheetAnalysis {
    pub goals: Vec<DraftGoal>,
    /// Goals listed by a goal-list table (No. / 重点目標 / 優先順位).
    pub goal_list: Vec<Goal>,
    pub department: Option<String>,
    pub layouts: Vec<&'static str>,
    pub warnings: Vec<Warning>,
    /// An item table header was found (even with no items below it).
    pub found_item_header: bool,
}

impl SheetAnalysis {
    pub(crate) fn item_count(&self) -> usize {
        self.goals.iter().map(|g| g.items.len()).sum()
    }

    fn note_layout(&mut self, layout: &'static str) {
        if !self.layouts.contains(&layout) {
            self.layouts.push(layout);
        }
    }
}

/// Which recognisers may run on a sheet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recognisers {
    pub tables: bool,
    pub blocks: bool,
}

pub(crate) struct SheetParser<'a> {
    grid: &'a Grid,
    dict: &'a FieldDictionary,
    labels: &'a Labels,
    placeholders: &'a [String],
    fy: FiscalYear,
    recognisers: Recognisers,
    out: SheetAnalysis,
    current_goal: Option<usize>,
    pending_positions: Vec<PlanPosition>,
    record: Option<ItemParts>,
    block_columns: BTreeMap<u32, Field>,
    /// The sheet's name, shared by every cell read.
    sheet: Arc<str>,
}

impl<'a> SheetParser<'a> {
    pub(crate) fn new(
        grid: &'a Grid,
        dict: &'a FieldDictionary,
        labels: &'a Labels,
        placeholders: &'a [String],
        fy: FiscalYear,
        recognisers: Recognisers,
    ) -> Self {
        SheetParser {
            grid,
            dict,
            labels,
            placeholders,
            fy,
            recognisers,
            out: SheetAnalysis::default(),
            current_goal: None,
            pending_positions: Vec::new(),
            record: None,
            block_columns: BTreeMap::new(),
            sheet: Arc::from(grid.name.as_str()),
        }
    }

    fn cell(&self, row: u32, col: u32) -> CellRef {
        let (r, c) = self.grid.origin(row, col);
        CellRef::new(Arc::clone(&self.sheet), r, c)
    }

    fn val(&self, row: u32, col: u32) -> Val {
        Val {
            value: self.grid.get(row, col).clone(),
            cell: self.cell(row, col),
        }
    }

    fn label(&self, row: u32, col: u32) -> Option<Label> {
        self.labels.at(self.grid, row, col)
    }

    pub(crate) fn run(mut self) -> SheetAnalysis {
        let rows = self.grid.rows();
        let mut r = 0;
        while r < rows {
            if self.recognisers.tables {
                if let Some((cols, body_start)) = self.item_header(r) {
                    self.flush_record();
                    r = self.parse_table(r, cols, body_start);
                    continue;
                }
                if let Some((number_col, goal_col, priority_col)) = self.goal_list_header(r) {
                    r = self.parse_goal_list(r, number_col, goal_col, priority_col);
                    continue;
                }
            }
            if self.recognisers.blocks {
                self.block_row(r);
            } else {
                self.department_only_row(r);
            }
            r += 1;
        }
        self.flush_record();
        self.out
    }

    fn flush_record(&mut self) {
        let Some(parts) = self.record.take() else {
            return;
        };
        if !parts.has_content() {
            return;
        }
        let anchor = parts.item.as_ref().map_or(0, |v| v.cell.row);
        let goal = match self.current_goal {
            Some(g) => g,
            None => self.goal_for_items(anchor),
        };
        let draft = self.build_item(parts);
        self.out.goals[goal].items.push(draft);
    }

    fn push_goal(&mut self, mut goal: Goal) -> usize {
        goal.plan_positions
            .splice(0..0, std::mem::take(&mut self.pending_positions));
        self.out.goals.push(DraftGoal {
            goal,
            items: Vec::new(),
            from_heading: false,
        });
        self.out.goals.len() - 1
    }

    /// The goal items go to when none was named: the current goal, else
    /// one titled by the caption above `row` (or the sheet's title).
    fn goal_for_items(&mut self, row: u32) -> usize {
        if let Some(g) = self.current_goal {
            return g;
        }
        let mut caption = None;
        for r in (0..row).rev() {
            let cells: Vec<u32> = (0..self.grid.cols())
                .filter(|&c| self.grid.origin(r, c) == (r, c) && !self.grid.get(r, c).is_empty())
                .collect();
            if let [c] = cells.as_slice()
                && let Some(t) = self.grid.text(r, *c)
            {
                caption = Some((first_line(t).to_string(), self.cell(r, *c)));
                break;
            }
        }
        let (title, cell) = caption.unwrap_or_else(|| (self.grid.name.clone(), self.cell(0, 0)));
        let mut goal = empty_goal(cell);
        goal.title = title;
        let g = self.push_goal(goal);
        self.current_goal = Some(g);
        g
    }
}

fn empty_goal(cell: CellRef) -> Goal {
    Goal {
        number: None,
        title: String::new(),
        priority: None,
        targets: Vec::new(),
        plan_positions: Vec::new(),
        items: Vec::new(),
        cell: Some(cell),
    }
}

/// `関連の施策・基本事業No 7-1-1` → label and text split at the last space.
fn split_position(text: &str) -> PlanPosition {
    let t = text.trim();
    match t.rsplit_once([' ', '\u{3000}']) {
        Some((label, value)) if !value.trim().is_empty() => PlanPosition {
            label: label.trim().into(),
            text: value.trim().into(),
        },
        _ => PlanPosition {
            label: Text::default(),
            text: t.into(),
        },
    }
}
