//! One sheet's interpretation: finds the labels the dictionary knows, then
//! walks the rows top to bottom recognising
//! (a) header-row tables anywhere on the sheet, one- or two-row headers,
//!     with optional group rows (◎部局目標1) and a goal column;
//! (b) label–value blocks (label cell, value to its right; a vertically
//!     merged label labels every row it covers), repeated per record, with
//!     multi-year rows (R4年度実績 / R5年度計画) and column labels over them;
//! (c) 【labelled】 sections inside an item cell (handled when items are built);
//! (d) records in other shapes than one per row — field names down one
//!     column with one item per column, the same labels block after block,
//!     the same labels on several sheets — read as the table they are
//!     ([`records`]);
//! plus numbered headings (`1 健全な財政基盤の確立`, `1 | goal text`) that
//! open a goal, goal-list tables (No. / 重点目標 / 優先順位), and report
//! tables kept apart from the items (番号 / 中間報告), joined by number.
//!
//! Goal blocks may be stacked down one sheet: a goal label (重点目標) opens
//! a goal, the goal-level rows after it (部局名, 優先順位, positions) are its
//! own, and its item table ends where the next block's rows begin. Rows of
//! that kind met after a goal's table and before the next goal label belong
//! to the next goal.
//!
//! Every cell taken is claimed ([`Claims`]), so the report can say where
//! each cell of the sheet went.

mod band;
mod blocks;
mod cards;
mod coverage;
mod deadlines;
mod header;
mod items;
mod labels;
mod marks;
mod profile;
mod records;
mod reports;
mod roles;
mod row_kinds;
mod shapes;
mod table;
mod totals;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::calendar::FiscalYear;
use crate::calendar::extract_deadlines;
use crate::grid::{CellValue, Grid};
use crate::model::LayoutKind;
use crate::model::{ActionItem, CellRef, ExtraField, Goal, PlanPosition, Text, Warning};

use super::dictionary::{Field, FieldDictionary, MAX_PREFIX_LABEL_CHARS, normalize_label};
use super::grades;
use super::text::{cell_text, first_line, is_number_cell, leading_number, one_line};
use super::{InterpretOptions, LayoutMapping};

pub(crate) use cards::{SheetsRead, read_cards};
pub(crate) use coverage::{Claim, Claims};
pub(crate) use deadlines::TextDeadlines;
pub(crate) use header::{HeaderWords, Unread};
use labels::Label;
pub(crate) use labels::{Labels, TextLabels, is_example_text, sheet_fiscal_year};
pub(crate) use records::RecordsRead;
use reports::ReportRow;
pub(crate) use reports::{
    explaining_sheets, join_index_sheets, join_report_sheets, join_reports, join_sheets_per_period,
    number_key, place_sheet_period, rows_as_items, summary_sheets,
};

/// How many rows from the top may be title lines.
const TITLE_ROWS: u32 = 8;
/// The longest title line (characters).
const MAX_TITLE_CHARS: usize = 80;

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
    /// The first row label naming the year (R5年度計画).
    label: Option<CellRef>,
    plan: Option<Val>,
    /// The year's result, its cell empty where not yet written.
    result: Option<Val>,
    /// The first part's result (上半期実績), where the rows have one.
    interim: Option<Val>,
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
    /// The reason's header, for when it is kept as an extra field.
    reason_header: String,
    owner: Option<Val>,
    /// 取組内容 beside the title: the rest of the item's text.
    detail: Option<Val>,
    extras: Vec<ExtraField>,
    years: BTreeMap<FiscalYear, YearEntry>,
    /// The fiscal year the row names in a column of years, and that cell.
    year: Option<(FiscalYear, CellRef)>,
    /// A schedule grid's marked months, as (month, cell), in the fiscal
    /// year's order.
    schedule: Vec<(u32, CellRef)>,
    /// The heading over the schedule grid, for when its months are kept as
    /// an extra field.
    schedule_heading: Option<String>,
    /// Whether the one report slot holds both halves of the year, each in
    /// a section of the cell (`【中間】…【期末】…`).
    halves_in_slot: bool,
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
    /// The fiscal year its row names in a column of years, and that cell.
    pub own_year: Option<(FiscalYear, CellRef)>,
}

/// A multi-year row set as the report assembly needs it.
#[derive(Debug, Clone, Default)]
pub(crate) struct YearEntryView {
    pub label: Option<CellRef>,
    pub plan: Option<(String, CellRef)>,
    /// A result row's text (none while empty) and cell.
    pub result: Option<(Option<String>, CellRef)>,
    pub interim: Option<(Option<String>, CellRef)>,
    pub achievement: Option<(Option<f64>, CellRef)>,
}

#[derive(Debug, Clone)]
pub(crate) struct DraftGoal {
    pub goal: Goal,
    pub items: Vec<DraftItem>,
    /// Opened by a numbered heading (dropped when it has no items).
    pub from_heading: bool,
    /// The department its own block names, with the label's cell.
    pub department: Option<(String, CellRef)>,
}

/// What a sheet yields before fiscal years are split.
#[derive(Debug, Default)]
pub(crate) struct SheetAnalysis {
    pub goals: Vec<DraftGoal>,
    /// Goals listed by a goal-list table (No. / 重点目標 / 優先順位).
    pub goal_list: Vec<Goal>,
    /// The first department a label names, with the label's cell.
    pub department: Option<(String, CellRef)>,
    /// The division a label outside any record names (課名 | 警防課), with
    /// the value's cell: the owner of the sheet's items that name none.
    pub owner: Option<(String, CellRef)>,
    /// The sheet's title lines: text cells above its first label or table.
    pub title_lines: Vec<CellRef>,
    pub layouts: Vec<LayoutKind>,
    pub warnings: Vec<Warning>,
    /// An item table header was found (even with no items below it).
    pub found_item_header: bool,
    /// Where each cell went.
    pub claims: Claims,
    /// Rows of report tables kept apart from the items (番号 / 中間報告).
    pub report_rows: Vec<ReportRow>,
    /// How each table of items was read.
    pub tables: Vec<crate::model::TableReading>,
    /// The total score of each table's reading, in the order of `tables`.
    pub table_totals: Vec<f32>,
    /// Regions shaped like tables that read as no table of items.
    pub unread: Vec<header::Unread>,
    /// The sheet's table reports on items of another sheet and was joined
    /// to them.
    pub joined_elsewhere: bool,
    /// The sheet's name names a part of the year (第1四半期, 上期), which
    /// placed its report ([`place_sheet_period`]).
    pub part_of_year: bool,
}

impl SheetAnalysis {
    pub(crate) fn item_count(&self) -> usize {
        self.goals.iter().map(|g| g.items.len()).sum()
    }

    /// Where every item's row names its fiscal year in a column of years
    /// (a plan over several years, a row per item and year), the first
    /// year named and its cell: the sheet's year where nothing else
    /// states one.
    pub(crate) fn year_every_row_names(&self) -> Option<(FiscalYear, CellRef)> {
        let mut items = self.goals.iter().flat_map(|g| &g.items).peekable();
        items.peek()?;
        let mut first: Option<&(FiscalYear, CellRef)> = None;
        for d in items {
            let named = d.own_year.as_ref()?;
            if first.is_none_or(|(year, _)| named.0 < *year) {
                first = Some(named);
            }
        }
        first.cloned()
    }

    /// How many tables were read and warnings given so far.
    fn readings_so_far(&self) -> ReadingsSoFar {
        ReadingsSoFar {
            tables: self.tables.len(),
            warnings: self.warnings.len(),
        }
    }

    fn note_layout(&mut self, layout: LayoutKind) {
        if !self.layouts.contains(&layout) {
            self.layouts.push(layout);
        }
    }
}

/// How many tables a sheet's analysis has read and warnings it has given:
/// what a reading withdrawn leaves.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReadingsSoFar {
    tables: usize,
    warnings: usize,
}

/// Which recognisers may run on a sheet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recognisers {
    pub tables: bool,
    pub blocks: bool,
}

/// Goal-level values met before the goal they belong to.
#[derive(Debug, Default)]
struct PendingGoal {
    positions: Vec<PlanPosition>,
    priority: Option<String>,
    department: Option<(String, CellRef)>,
    extras: Vec<ExtraField>,
}

impl PendingGoal {
    fn is_empty(&self) -> bool {
        self.positions.is_empty()
            && self.priority.is_none()
            && self.department.is_none()
            && self.extras.is_empty()
    }
}

/// Reads one sheet: what it is read with, where the walk down its rows
/// stands, and what it has found so far.
pub(crate) struct SheetParser<'a> {
    /// What the sheet is read with; never changed by the reading.
    view: SheetView<'a>,
    /// Where the walk down the rows stands.
    walk: Walk,
    /// What the sheet yields, as found so far.
    out: SheetAnalysis,
    /// Where each cell of the sheet went.
    claims: Claims,
    /// Cells of the sheets claimed while reading a record matrix's grid,
    /// for the parser of each sheet to claim.
    mapped_claims: Vec<(CellRef, Claim)>,
}

/// What a sheet is read with: its grid and labels, its fiscal year, the
/// workbook's context, and where its cells lie when it is a grid made of
/// other sheets' records.
pub(crate) struct SheetView<'a> {
    grid: &'a Grid,
    labels: &'a Labels,
    fy: FiscalYear,
    /// The sheet's name, shared by every cell read.
    sheet: Arc<str>,
    context: &'a WorkbookContext<'a>,
    /// How an earlier read of the file read this sheet's tables.
    previous: &'a [crate::model::TableReading],
    /// Where the cells of a record matrix's grid lie on the sheets, when
    /// the grid read is one ([`records`]).
    cell_map: Option<&'a records::CellMap>,
    /// Records read with other sheets' (cards), taken where they stand.
    given: Option<GivenRecords<'a>>,
}

impl<'a> SheetView<'a> {
    /// The view of `grid` (its labels found, its fiscal year known), which
    /// an earlier read of the file read as `previous`.
    pub(crate) fn new(
        grid: &'a Grid,
        labels: &'a Labels,
        fy: FiscalYear,
        context: &'a WorkbookContext<'a>,
        previous: &'a [crate::model::TableReading],
    ) -> Self {
        SheetView {
            grid,
            labels,
            fy,
            sheet: Arc::from(grid.name.as_str()),
            context,
            previous,
            cell_map: None,
            given: None,
        }
    }

    fn dict(&self) -> &'a FieldDictionary {
        self.context.dict
    }

    fn opts(&self) -> &'a InterpretOptions {
        self.context.opts
    }

    /// The deadlines of the texts read so far, in the sheet's fiscal year.
    fn deadlines(&self) -> deadlines::SheetDeadlines<'a> {
        deadlines::SheetDeadlines::new(self.fy, &self.context.deadlines)
    }

    /// Whether columns `a` and `b` are merged down alike over `rows`: each
    /// row's cell in one spans the rows its cell in the other does, and
    /// some cell spans more than its own row.
    fn merged_alike(&self, rows: &[u32], a: u32, b: u32) -> bool {
        let span = |r: u32, c: u32| {
            self.grid
                .merge_at(r, c)
                .map_or((r, r), |m| (m.first_row, m.last_row))
        };
        rows.iter().all(|&r| span(r, a) == span(r, b)) && rows.iter().any(|&r| span(r, a) != (r, r))
    }

    /// Report cell texts that count as empty (besides blank cells).
    fn placeholders(&self) -> &'a [String] {
        &self.context.opts.empty_placeholders
    }
}

/// Where the walk down a sheet's rows stands.
#[derive(Default)]
struct Walk {
    goal: GoalWalk,
    /// The record of labels and values being read.
    record: Option<ItemParts>,
    /// The open record's rows are still marked as its block (a blank row
    /// ends the block).
    record_rows_open: bool,
    /// The fields labelled by column labels over a block's rows.
    block_columns: BTreeMap<u32, Field>,
    /// A label, table or heading has been met: no more title lines.
    past_title: bool,
    /// The rows of the last table-shaped region noted as unread (no second
    /// note for it, and its cells read as no labels either).
    unread: std::ops::Range<u32>,
    /// The deadline text and deadlines of the item read last (what 同上
    /// in the next one's deadline cell stands for).
    previous_deadline: Option<(String, Vec<crate::calendar::Deadline>)>,
}

/// Which goal the rows walked belong to.
#[derive(Default)]
struct GoalWalk {
    /// The goal items read now go to, and whether its block is still open.
    state: GoalState,
    /// Goal-level values met before the goal they belong to.
    pending: PendingGoal,
}

/// Where the walk stands with goals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum GoalState {
    /// No goal met yet: items go to a goal made for them.
    #[default]
    NoGoal,
    /// A goal whose block is open (before its item table): goal-level rows
    /// are its own, and items go to it.
    Open(usize),
    /// An item table has been read: goal-level rows belong to the next
    /// goal. Items go to the goal kept, if any (a table read under no goal
    /// keeps none, and its next table has a goal of its own).
    Closed(Option<usize>),
}

impl GoalState {
    /// The goal items read now go to.
    fn current(self) -> Option<usize> {
        match self {
            GoalState::NoGoal => None,
            GoalState::Open(g) => Some(g),
            GoalState::Closed(g) => g,
        }
    }

    /// The goal whose block is open.
    fn open(self) -> Option<usize> {
        match self {
            GoalState::Open(g) => Some(g),
            _ => None,
        }
    }

    /// The state with items going to `goal`, the block as open or as
    /// closed as it was.
    fn with_current(self, goal: Option<usize>) -> GoalState {
        match (self, goal) {
            (GoalState::Closed(_), g) => GoalState::Closed(g),
            (_, Some(g)) => GoalState::Open(g),
            (_, None) => GoalState::NoGoal,
        }
    }

    /// The state once an item table has been read.
    fn closed(self) -> GoalState {
        GoalState::Closed(self.current())
    }

    /// The state once a new goal is pushed: a new block opens, items still
    /// going where they went.
    fn reopened(self) -> GoalState {
        match self.current() {
            Some(g) => GoalState::Open(g),
            None => GoalState::NoGoal,
        }
    }
}

impl GoalWalk {
    fn current_goal(&self) -> Option<usize> {
        self.state.current()
    }

    fn set_current_goal(&mut self, goal: Option<usize>) {
        self.state = self.state.with_current(goal);
    }

    fn close(&mut self) {
        self.state = self.state.closed();
    }
}

/// Records read across sheets, of which this sheet holds some: the
/// reading, and the sheet's index among the sheets read.
#[derive(Clone, Copy)]
pub(crate) struct GivenRecords<'a> {
    pub read: &'a RecordsRead,
    pub sheet: usize,
}

/// What every sheet of a workbook is read with.
pub(crate) struct WorkbookContext<'a> {
    pub dict: &'a FieldDictionary,
    pub opts: &'a InterpretOptions,
    pub recognisers: Recognisers,
    /// The `[[parse.layouts]]` mappings for the file, with their index.
    pub layouts: Vec<(usize, &'a LayoutMapping)>,
    /// The deadlines the workbook's texts state, as read so far.
    pub deadlines: TextDeadlines,
    /// What the headings of the workbook's columns say, as read so far.
    pub header_words: HeaderWords,
    /// What the workbook's texts add to a column's profile, as read so far.
    pub text_counts: profile::TextCounts,
    /// The tables of the workbook's sheets, as read so far.
    pub tables_read: header::TablesRead,
}

impl<'a> SheetParser<'a> {
    /// A parser of the sheet `view` shows.
    pub(crate) fn new(view: SheetView<'a>) -> Self {
        let grid = view.grid;
        SheetParser {
            view,
            walk: Walk::default(),
            out: SheetAnalysis::default(),
            claims: Claims::new(grid),
            mapped_claims: Vec::new(),
        }
    }

    /// Claims the cell a reference names: on this sheet, or, reading a
    /// record matrix's grid, on the sheet the reference names.
    fn claim_at(&mut self, cell: &CellRef, claim: Claim) {
        if self.view.cell_map.is_some() {
            self.mapped_claims.push((cell.clone(), claim));
        } else {
            self.claims.claim_ref(self.view.grid, cell, claim);
        }
    }

    /// The parser of a sheet holding some of the records read across
    /// sheets: they are taken where they stand instead of being read.
    pub(crate) fn with_records(mut self, given: GivenRecords<'a>) -> Self {
        self.view.given = Some(given);
        self
    }

    /// The current goal while its block is open (before its item table).
    fn open_goal(&self) -> Option<usize> {
        self.walk.goal.state.open()
    }

    /// Whether row `r` goes on with the open record's rows of labels and
    /// values: a label and one value right of it that no word labels
    /// (今年度の予定 | 相談窓口の夜間開設…), which no table's header is.
    fn continues_record_rows(&self, r: u32) -> bool {
        if self.walk.record.is_none() || !self.walk.record_rows_open {
            return false;
        }
        let own: Vec<u32> = (0..self.view.grid.cols())
            .filter(|&c| {
                self.view.grid.origin(r, c) == (r, c) && !self.view.grid.get(r, c).is_empty()
            })
            .collect();
        matches!(own.as_slice(), &[label, value]
            if shapes::record_label_at(self.view.grid, self.view.labels, r, label).is_some()
                && self.view.label(r, value).is_none())
    }

    /// Marks a row of the open record as inside a record block.
    fn mark_record_row(&mut self, row: u32) {
        if self.walk.record_rows_open {
            self.claims
                .mark_items(row..row + 1, 0..self.view.grid.cols());
        }
    }

    /// Takes the row's text cells as title lines while no label, table or
    /// heading has been met.
    fn title_row(&mut self, row: u32) {
        if self.walk.past_title || row >= TITLE_ROWS {
            self.walk.past_title = true;
            return;
        }
        // A label or a numbered heading ends the title lines.
        let structure = (0..self.view.grid.cols()).any(|c| {
            self.view.label(row, c).is_some()
                || is_number_cell(self.view.grid.get(row, c))
                || self
                    .view
                    .grid
                    .text(row, c)
                    .and_then(leading_number)
                    .is_some_and(|(_, rest)| !rest.is_empty())
        });
        if structure {
            self.walk.past_title = true;
            return;
        }
        for c in 0..self.view.grid.cols() {
            if self.view.grid.origin(row, c) != (row, c) {
                continue;
            }
            let Some(text) = self.view.grid.text(row, c) else {
                continue;
            };
            if text.chars().count() > MAX_TITLE_CHARS {
                continue;
            }
            self.claims.claim(self.view.grid, row, c, Claim::Label);
            self.out.title_lines.push(self.view.cell(row, c));
        }
    }

    pub(crate) fn run(mut self) -> SheetAnalysis {
        let rows = self.view.grid.rows();
        let mut r = 0;
        while r < rows {
            if self.view.grid.row_is_empty(r) {
                self.walk.record_rows_open = false;
                r += 1;
                continue;
            }
            if let Some(end) = self.given_records_at(r) {
                r = end;
                continue;
            }
            if let Some(end) = self.stacked_at(r) {
                r = end;
                continue;
            }
            let before = self.out.readings_so_far();
            if self.view.context.recognisers.tables
                && !self.continues_record_rows(r)
                && let Some((cols, body_start, beside)) = self.item_header(r)
            {
                if let Some(end) = self.transposed_over_table(r, before) {
                    r = end;
                    continue;
                }
                self.walk.past_title = true;
                self.flush_record();
                r = self.parse_tables_side_by_side(cols, body_start, beside);
                continue;
            }
            let names_fields = !self.view.row_fields(r).is_empty();
            if self.view.context.recognisers.tables && names_fields {
                if let Some((number_col, goal_col, priority_col)) = self.view.goal_list_header(r) {
                    self.walk.past_title = true;
                    r = self.parse_goal_list(r, number_col, goal_col, priority_col);
                    continue;
                }
                if let Some(cols) = self.view.report_header(r) {
                    self.walk.past_title = true;
                    r = self.parse_reports(r, cols);
                    continue;
                }
            }
            if self.view.context.recognisers.tables
                && let Some(end) = self.report_lines_at(r)
            {
                self.flush_record();
                r = end;
                continue;
            }
            if let Some(end) = self.records_at(r) {
                r = end;
                continue;
            }
            if self.walk.unread.contains(&r) {
                // A region shaped like a table that reads as no table of
                // items (one of indicators by year) is not read as labels
                // and values either: its cells are listed as not used. Its
                // first row may be the numbers over records written
                // sideways below it (取組1 | 取組2 over 項目 / 期限 / …).
                self.flush_record();
                let region = self.walk.unread.clone();
                r = (r + 1..region.end)
                    .find_map(|below| self.records_at(below))
                    .unwrap_or(region.end);
                continue;
            }
            self.title_row(r);
            if self.view.context.recognisers.blocks {
                self.block_row(r);
            } else {
                self.department_only_row(r);
            }
            r += 1;
        }
        self.flush_record();
        self.finish()
    }

    /// Values left for a next goal that never came go to the last goal;
    /// the goals kept claim their cells; achievements come from grades.
    fn finish(mut self) -> SheetAnalysis {
        if !self.walk.goal.pending.is_empty()
            && let Some(last) = self.out.goals.last_mut()
        {
            let pending = std::mem::take(&mut self.walk.goal.pending);
            last.goal.plan_positions.extend(pending.positions);
            last.goal.extras.extend(pending.extras);
            if last.goal.priority.is_none() {
                last.goal.priority = pending.priority;
            }
            if last.department.is_none() {
                last.department = pending.department;
            }
        }
        for g in &self.out.goals {
            if let Some(cell) = &g.goal.cell
                && (!g.items.is_empty() || !g.from_heading)
            {
                self.claims.claim_ref(self.view.grid, cell, Claim::Goal);
            }
        }
        let rates = grades::Rates::new(
            self.out
                .goals
                .iter()
                .flat_map(|g| &g.items)
                .filter_map(|d| d.item.self_assessment()),
            &self.view.opts().grade_scales,
        );
        for d in self.out.goals.iter_mut().flat_map(|g| &mut g.items) {
            if d.item.achievement.is_none() {
                d.item.achievement = d.item.self_assessment().and_then(|g| rates.rate(g));
            }
        }
        // A grid made of records across sheets is no sheet's form.
        if self.view.cell_map.is_none() {
            self.view.context.tables_read.add(&self.out.tables);
        }
        self.out.claims = self.claims;
        self.out
    }

    fn flush_record(&mut self) {
        let Some(mut parts) = self.walk.record.take() else {
            return;
        };
        if !parts.has_content() {
            return;
        }
        self.view.deadline_in_plan(&mut parts);
        let anchor = parts.item.as_ref().map_or(0, |v| v.cell.row);
        let goal = match self.walk.goal.current_goal() {
            Some(g) => g,
            None => self.goal_for_items(anchor),
        };
        let draft = self.build_item(parts);
        self.out.goals[goal].items.push(draft);
    }

    fn push_goal(&mut self, mut goal: Goal) -> usize {
        let pending = std::mem::take(&mut self.walk.goal.pending);
        goal.plan_positions.splice(0..0, pending.positions);
        goal.extras.splice(0..0, pending.extras);
        if goal.priority.is_none() {
            goal.priority = pending.priority;
        }
        self.out.goals.push(DraftGoal {
            goal,
            items: Vec::new(),
            from_heading: false,
            department: pending.department,
        });
        self.walk.goal.state = self.walk.goal.state.reopened();
        self.out.goals.len() - 1
    }

    /// The goal items go to when none was named: the current goal, else
    /// one titled by the caption above `row` (or the sheet's title).
    fn goal_for_items(&mut self, row: u32) -> usize {
        if let Some(g) = self.walk.goal.current_goal() {
            return g;
        }
        // The caption: a text alone in its row among the few rows above
        // the table, that is no note, date or unit line.
        let mut caption = None;
        let above = (0..row)
            .rev()
            .filter(|&r| !self.view.grid.row_is_empty(r))
            .take(CAPTION_ROWS);
        for r in above {
            let cells: Vec<u32> = (0..self.view.grid.cols())
                .filter(|&c| {
                    self.view.grid.origin(r, c) == (r, c) && !self.view.grid.get(r, c).is_empty()
                })
                .collect();
            if let [c] = cells.as_slice()
                && let Some(t) = self.view.grid.text(r, *c)
                && is_caption(t)
                && division_heading(t).is_none()
                && !is_example_text(t)
            {
                self.claims.claim(self.view.grid, r, *c, Claim::Goal);
                let title =
                    first_line(t).trim_start_matches(['■', '□', '◆', '◇', '●', '▼', '▽', '【']);
                let title = title.trim_end_matches('】').trim();
                caption = Some((title.to_string(), self.view.cell(r, *c)));
                break;
            }
        }
        let (title, cell) =
            caption.unwrap_or_else(|| (self.view.grid.name.clone(), self.view.cell(0, 0)));
        let mut goal = empty_goal(cell);
        goal.title = title;
        let g = self.push_goal(goal);
        self.walk.goal.set_current_goal(Some(g));
        g
    }
}

impl<'a> SheetView<'a> {
    fn cell(&self, row: u32, col: u32) -> CellRef {
        let (r, c) = self.grid.origin(row, col);
        if let Some(cell) = self.cell_map.and_then(|m| m.cell(r, c)) {
            return cell;
        }
        CellRef::new(Arc::clone(&self.sheet), r, c)
    }

    /// The fiscal year a cell names alone (`R8`, `令和8年度`), as a
    /// column of years writes it.
    fn year_in(&self, row: u32, col: u32) -> Option<FiscalYear> {
        super::text::fiscal_year_of_cell(self.grid.get(row, col))
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

    /// A record of labels and values with no deadline of its own, none in
    /// its title or target: the first further field that states when
    /// (今年度の予定 | 窓口の夜間開設（令和8年10月）) is its deadline, as a
    /// person reads it in the plan.
    fn deadline_in_plan(&self, parts: &mut ItemParts) {
        let states_when = |v: &Option<Val>| {
            v.as_ref()
                .and_then(Val::text)
                .is_some_and(|t| !extract_deadlines(&t, self.fy).is_empty())
        };
        if !matches!(parts.deadline, Slot::Absent)
            || !parts.schedule.is_empty()
            || states_when(&parts.item)
            || states_when(&parts.target)
        {
            return;
        }
        let Some(at) = parts
            .extras
            .iter()
            .position(|e| !extract_deadlines(&e.text, self.fy).is_empty())
        else {
            return;
        };
        let plan = parts.extras.remove(at);
        parts.deadline = Slot::Present(Some(Val {
            value: CellValue::Text(plan.text.to_string()),
            cell: plan.cell,
        }));
    }
}

impl SheetParser<'_> {
    /// The heading just above a table that names a division alone
    /// (`■ 警防課`): the owner of the table's items, claimed as a label.
    fn division_caption(&mut self, header_row: u32) -> Option<Val> {
        let r = (0..header_row)
            .rev()
            .find(|&r| !self.view.grid.row_is_empty(r))?;
        let mut cells = (0..self.view.grid.cols()).filter(|&c| {
            self.view.grid.origin(r, c) == (r, c) && !self.view.grid.get(r, c).is_empty()
        });
        let (Some(c), None) = (cells.next(), cells.next()) else {
            return None;
        };
        let name = division_heading(self.view.grid.text(r, c)?)?;
        self.claims.claim(self.view.grid, r, c, Claim::Label);
        Some(Val {
            value: CellValue::Text(name),
            cell: self.view.cell(r, c),
        })
    }
}

/// The division a heading names alone (`■ 警防課`, `【人事課】`), its marks
/// taken away.
fn division_heading(text: &str) -> Option<String> {
    let name = first_line(text)
        .trim_start_matches(['■', '□', '◆', '◇', '●', '▼', '▽', '【', '［', '['])
        .trim_end_matches(['】', '］', ']'])
        .trim();
    let single_word = !name.contains(char::is_whitespace) && name.chars().count() <= 15;
    (single_word && profile::unit_name(name) == Some(profile::Unit::Division))
        .then(|| name.to_string())
}

/// How many non-empty rows above a table may hold its caption.
const CAPTION_ROWS: usize = 3;

/// Whether a text alone in its row can caption the table below: not a note
/// (※ …), a date or as-of line (…現在, …作成), a unit (単位：千円) or a page.
pub(crate) fn is_caption(text: &str) -> bool {
    let t = text.trim();
    !marks::is_page_number(t)
        && !is_signature_line(t)
        && !t.starts_with(['※', '*', '＊'])
        && !t.starts_with("注")
        && !["現在", "作成", "更新", "時点"]
            .iter()
            .any(|w| t.ends_with(w))
        && !t.contains("単位")
        && t.chars()
            .any(|c| !c.is_ascii_digit() && !"/.-年月日 ".contains(c))
        && t.lines().count() <= 2
}

/// Whether a line above a table says who wrote or heads it rather than
/// what it is about: a short label and its value after a colon
/// (`作成：経営企画課　最終更新：…`, `部長：西野 浩二`), a short head's title
/// followed by a name (`部長　東 美和子`), or a unit's head of any title
/// followed by a person's name (`中央卸売市場長　北村 修`, `会計管理者　石田 恵美`;
/// not `令和8年度 企画部 取組票`, whose words are no post and no name).
fn is_signature_line(t: &str) -> bool {
    let labelled = t
        .find([':', '：'])
        .is_some_and(|at| (1..=6).contains(&t[..at].trim().chars().count()));
    let Some((head, rest)) = t.trim().split_once([' ', '\u{3000}']) else {
        return labelled;
    };
    let rest = rest.trim();
    let short_head = (2..=4).contains(&head.chars().count()) && head.ends_with('長');
    // A head's title ends as a post does: 長, 者 (会計管理者), 監 (危機管理監).
    let head_of_a_unit = head.chars().count() >= 2
        && head.ends_with(['長', '者', '監'])
        && head.chars().all(|c| c.is_alphanumeric() || c == '・')
        && profile::is_person_name(rest);
    labelled || (short_head && !rest.is_empty()) || head_of_a_unit
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
        extras: Vec::new(),
    }
}

/// A header or label on one line.
fn header_text(text: &str) -> String {
    one_line(text)
}

/// Whether a cell's text could be a label the dictionary does not know:
/// short, not a sentence, at most three lines (`事業の\nねらい`), not a list.
fn is_short_label(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.lines().count() <= 3
        && !text.ends_with('。')
        && (!text.contains('\n') || leading_number(text).is_none())
        && normalize_label(text).chars().count() <= MAX_PREFIX_LABEL_CHARS
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

#[cfg(test)]
mod goal_state_tests {
    use super::GoalState::{self, Closed, NoGoal, Open};
    use rstest::rstest;

    /// Each step of the walk from each state: a table read closes the
    /// goal, a goal pushed opens a block again, and setting the goal items
    /// go to keeps the block as open or closed as it was.
    #[rstest]
    #[case(NoGoal, "close", Closed(None))]
    #[case(Open(1), "close", Closed(Some(1)))]
    #[case(Closed(Some(1)), "close", Closed(Some(1)))]
    #[case(NoGoal, "reopen", NoGoal)]
    #[case(Closed(None), "reopen", NoGoal)]
    #[case(Closed(Some(1)), "reopen", Open(1))]
    #[case(NoGoal, "set 2", Open(2))]
    #[case(Open(1), "set 2", Open(2))]
    #[case(Closed(None), "set 2", Closed(Some(2)))]
    #[case(Closed(Some(1)), "unset", Closed(None))]
    #[case(Open(1), "unset", NoGoal)]
    fn a_goal_state_steps_as_the_walk_goes(
        #[case] from: GoalState,
        #[case] step: &str,
        #[case] to: GoalState,
    ) {
        let next = match step {
            "close" => from.closed(),
            "reopen" => from.reopened(),
            "set 2" => from.with_current(Some(2)),
            _ => from.with_current(None),
        };
        assert_eq!(next, to);
        assert_eq!(
            to.open(),
            matches!(to, Open(_)).then(|| to.current()).flatten()
        );
    }
}
