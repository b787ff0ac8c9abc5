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

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::calendar::{Deadline, DeadlineKind, FiscalYear, Precision, extract_deadlines};
use crate::model::{
    ActionItem, CellRef, Goal, ItemCells, ItemField, ItemTexts, PlanPosition, Report, Text, Warning,
};
use crate::workbook::{CellValue, Grid};

use super::dictionary::{Field, FieldDictionary, YearRowKind, normalize_into};
use super::text::{
    cell_text, find_fiscal_year, first_line, is_number_cell, is_placeholder, leading_number,
    parse_achievement, sections, split_owners,
};

/// Longest cell text (bytes) considered as a label.
const MAX_LABEL_BYTES: usize = 150;

/// What a cell says about the layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Label {
    Field(Field),
    /// `所属：総務部`: a label and its value in one cell; the value starts
    /// at this byte offset.
    Inline(Field, usize),
    Stop,
    PlanPosition,
    Year(FiscalYear, YearRowKind),
    /// `◎部局目標1`: a row opening a goal inside a table.
    GoalGroup,
    DepartmentHead,
}

/// The labels of a sheet, computed once per cell (origin cells only),
/// kept sparse: (row-major index, label), sorted by index.
pub(crate) struct Labels {
    cols: u32,
    cells: Vec<(u64, Label)>,
}

impl Labels {
    pub(crate) fn new(grid: &Grid, dict: &FieldDictionary) -> Self {
        let cols = grid.cols();
        let mut cells = Vec::new();
        let mut buf = String::new();
        for r in 0..grid.rows() {
            for c in 0..cols {
                if grid.origin(r, c) != (r, c) {
                    continue;
                }
                let CellValue::Text(text) = grid.get(r, c) else {
                    continue;
                };
                let text = text.trim();
                if text.is_empty() || text.len() > MAX_LABEL_BYTES {
                    continue;
                }
                if let Some(label) = classify_cell(text, dict, &mut buf) {
                    cells.push((u64::from(r) * u64::from(cols) + u64::from(c), label));
                }
            }
        }
        Labels { cols, cells }
    }

    /// The label of the cell (or of the merged region covering it).
    pub(crate) fn at(&self, grid: &Grid, row: u32, col: u32) -> Option<Label> {
        let (r, c) = grid.origin(row, col);
        if c >= self.cols {
            return None;
        }
        let index = u64::from(r) * u64::from(self.cols) + u64::from(c);
        self.cells
            .binary_search_by_key(&index, |&(i, _)| i)
            .ok()
            .map(|i| self.cells[i].1)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, u32, Label)> + '_ {
        let cols = u64::from(self.cols.max(1));
        self.cells
            .iter()
            .map(move |&(i, l)| ((i / cols) as u32, (i % cols) as u32, l))
    }
}

fn classify_cell(text: &str, dict: &FieldDictionary, buf: &mut String) -> Option<Label> {
    if leading_number(text).is_some_and(|(_, rest)| rest.is_empty()) {
        return None;
    }
    normalize_into(text, buf);
    let n = buf.as_str();
    if n.is_empty() {
        return None;
    }
    if dict.is_stop(n) {
        return Some(Label::Stop);
    }
    if let Some(f) = dict.classify(n) {
        return Some(Label::Field(f));
    }
    if dict.is_plan_position(n) {
        return Some(Label::PlanPosition);
    }
    if n.starts_with(|c: char| c.is_ascii_digit() || "令平昭大明rhst".contains(c))
        && let Some((fy, end)) = find_fiscal_year(n)
        && let Some(kind) = dict.year_row_kind(&n[end..])
    {
        return Some(Label::Year(fy, kind));
    }
    if let Some(rest) = dict.goal_word_prefix(n)
        && !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit())
    {
        return Some(Label::GoalGroup);
    }
    if dict.department_of_head(n).is_some() {
        return Some(Label::DepartmentHead);
    }
    if let Some(i) = text.find(['：', ':']) {
        let (head, tail) = text.split_at(i);
        let colon = tail.chars().next().map_or(1, char::len_utf8);
        let mut head_norm = String::new();
        normalize_into(head, &mut head_norm);
        if let Some(f) = dict.classify(&head_norm)
            && !tail[colon..].trim().is_empty()
        {
            return Some(Label::Inline(f, i + colon));
        }
    }
    None
}

/// The fiscal year a sheet names in its title rows or a 年度 label.
pub(crate) fn sheet_fiscal_year(grid: &Grid, labels: &Labels) -> Option<FiscalYear> {
    let title_rows = grid.rows().min(8);
    for r in 0..title_rows {
        for c in 0..grid.cols() {
            if grid.origin(r, c) != (r, c) {
                continue;
            }
            if let Some(t) = grid.text(r, c)
                && t.len() <= 300
                && let Some((fy, _)) = find_fiscal_year(t)
            {
                return Some(fy);
            }
        }
    }
    for (r, c, label) in labels.iter() {
        if label == Label::Field(Field::FiscalYear) {
            let (vr, vc) = right_of(grid, r, c)?;
            if let Some(t) = grid.text(vr, vc) {
                let with_suffix = format!("{t}年度");
                if let Some((fy, _)) = find_fiscal_year(&with_suffix) {
                    return Some(fy);
                }
            }
        }
    }
    None
}

/// The first cell to the right of the (possibly merged) cell at `(row, col)`.
fn right_of(grid: &Grid, row: u32, col: u32) -> Option<(u32, u32)> {
    let last = grid.merge_at(row, col).map_or(col, |m| m.last_col);
    let next = last.checked_add(1)?;
    (next < grid.cols()).then_some((row, next))
}

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

/// Columns of a table: the first column of each field.
#[derive(Debug, Default)]
struct TableColumns {
    fields: BTreeMap<Field, u32>,
    number_guess: Option<u32>,
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

    // ---------------------------------------------------------------- tables

    /// Field labels of a row, as (first column, last column, field).
    fn row_fields(&self, row: u32) -> Vec<(u32, u32, Field)> {
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
    fn has_value_right(&self, row: u32, col: u32) -> bool {
        match right_of(self.grid, row, col) {
            Some((vr, vc)) => !self.grid.get(vr, vc).is_empty() && self.label(vr, vc).is_none(),
            None => false,
        }
    }

    /// The heading above a sub-heading in column `col` of the header `row`:
    /// the (merged) header cell itself, else, when that cell is blank and
    /// unmerged (a parent centred across columns, or a file that lost its
    /// merges), the nearest unmerged heading to its left.
    fn parent_heading(&self, row: u32, col: u32) -> Option<&str> {
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
    fn item_header(&self, row: u32) -> Option<(TableColumns, u32)> {
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
            if let Some(f) = f {
                cols.fields.entry(*f).or_insert(i as u32);
            }
        }
        let item_first = *cols.fields.get(&Field::Item)?;
        if !cols.fields.contains_key(&Field::Number) && item_first > 0 {
            let left = item_first - 1;
            if per_col[left as usize].is_none() {
                cols.number_guess = Some(left);
            }
        }
        Some((cols, body_start))
    }

    fn parse_table(&mut self, header_row: u32, cols: TableColumns, body_start: u32) -> u32 {
        self.out.note_layout("table");
        self.out.found_item_header = true;
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
            match self.label(r, first) {
                Some(Label::Stop) => break,
                Some(Label::GoalGroup) => {
                    let text = self.grid.text(r, first).unwrap_or_default();
                    let number: String = text
                        .chars()
                        .map(super::dictionary::fold_width)
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
                    Field::Reason => parts.reason = present,
                    Field::Owner => parts.owner = present,
                    Field::Number => {}
                    _ => {}
                }
            }
            // The goal of the row: a goal column groups rows by its value.
            if let Some(gc) = goal_col
                && let Some(title) = self.grid.text(r, gc).map(str::to_string)
            {
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
            r += 1;
        }
        if self.out.item_count() == items_before {
            self.out.warnings.push(Warning {
                cell: Some(header_cell),
                message: "item table header found but no items below it".into(),
            });
        }
        r
    }

    /// A goal-list table's header at `row` (No. / 重点目標 [/ 優先順位]).
    fn goal_list_header(&self, row: u32) -> Option<(u32, u32, Option<u32>)> {
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

    fn parse_goal_list(
        &mut self,
        header: u32,
        number: u32,
        goal: u32,
        priority: Option<u32>,
    ) -> u32 {
        let mut r = header + 1;
        while r < self.grid.rows() {
            if !is_number_cell(self.grid.get(r, number)) {
                break;
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

    // ---------------------------------------------------------------- blocks

    fn department_only_row(&mut self, row: u32) {
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
    fn block_row(&mut self, row: u32) {
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
    fn value_after(&self, row: u32, col: u32) -> Option<(u32, u32)> {
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

    fn block_field(&mut self, field: Field, v: Val, number: Option<Val>) {
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
    fn heading_row(&mut self, row: u32, plain: &[u32]) {
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

    // ----------------------------------------------------------------- items

    fn build_item(&mut self, parts: ItemParts) -> DraftItem {
        let item_val = parts.item.clone().unwrap_or(Val {
            value: CellValue::Empty,
            cell: self.cell(0, 0),
        });
        let text = item_val.text().unwrap_or_default();
        let mut number = parts.number.as_ref().and_then(Val::text);
        let mut cells = ItemCells::default();
        cells.set(
            ItemField::Number,
            parts.number.as_ref().map(|v| v.cell.clone()),
        );
        cells.set(ItemField::Title, Some(item_val.cell.clone()));
        let mut target = parts.target.as_ref().and_then(Val::text);
        cells.set(
            ItemField::Target,
            parts.target.as_ref().map(|v| v.cell.clone()),
        );
        let mut target_in_text = false;

        // (c) labelled sections inside the item cell.
        let secs = sections(&text);
        let title = if !secs.is_empty() {
            self.out.note_layout("sections");
            let mut buf = String::new();
            let mut title_section = None;
            let mut targets = Vec::new();
            for s in &secs {
                normalize_into(s.label, &mut buf);
                match self.dict.classify(&buf) {
                    Some(Field::Goal | Field::Item) if title_section.is_none() => {
                        title_section = Some(s.content)
                    }
                    Some(Field::Target) => targets.push(s.content),
                    _ => {}
                }
            }
            if target.is_none() && !targets.is_empty() {
                target = Some(targets.join("\n"));
                cells.set(ItemField::Target, Some(item_val.cell.clone()));
                target_in_text = true;
            }
            first_line(title_section.unwrap_or(secs[0].content)).to_string()
        } else if number.is_none() {
            match leading_number(&text) {
                Some((n, rest)) if !rest.is_empty() => {
                    number = Some(n.to_string());
                    cells.set(ItemField::Number, Some(item_val.cell.clone()));
                    first_line(rest).to_string()
                }
                _ => first_line(&text).to_string(),
            }
        } else {
            first_line(&text).to_string()
        };

        // Deadlines: the deadline column, else the target and item text.
        let mut deadline_text = None;
        let mut deadlines = Vec::new();
        match &parts.deadline {
            Slot::Present(Some(v)) => {
                cells.set(ItemField::Deadline, Some(v.cell.clone()));
                match &v.value {
                    CellValue::Date(d) => {
                        let iso = d.date().format("%Y-%m-%d").to_string();
                        deadlines.push(Deadline {
                            kind: DeadlineKind::Due {
                                date: d.date(),
                                precision: Precision::Day,
                            },
                            span: 0..iso.len(),
                            phrase: iso.as_str().into(),
                            labels: Vec::new(),
                        });
                        deadline_text = Some(iso);
                    }
                    _ => {
                        if let Some(t) = v.text() {
                            deadlines = extract_deadlines(&t, self.fy);
                            self.check_deadlines(&t, &deadlines, &v.cell);
                            deadline_text = Some(t);
                        }
                    }
                }
            }
            Slot::Present(None) => {}
            Slot::Absent => {
                if let (Some(t), false) = (&target, target_in_text) {
                    deadlines.extend(extract_deadlines(t, self.fy));
                }
                deadlines.extend(extract_deadlines(&text, self.fy));
            }
        }

        let report = |slot: &Slot, placeholders: &[String]| -> (Report, Option<CellRef>) {
            match slot {
                Slot::Absent => (Report::NotInLayout, None),
                Slot::Present(None) => (Report::Empty, None),
                Slot::Present(Some(v)) => {
                    let r = match v.text() {
                        Some(t) if !is_placeholder(&t, placeholders) => Report::Filled(t.into()),
                        _ => Report::Empty,
                    };
                    (r, Some(v.cell.clone()))
                }
            }
        };
        let (interim, interim_cell) = report(&parts.interim, self.placeholders);
        let (mut year_end, year_end_cell) = report(&parts.year_end, self.placeholders);
        cells.set(ItemField::Interim, interim_cell);
        cells.set(ItemField::YearEnd, year_end_cell);
        let mut self_assessment = None;
        if let Slot::Present(v) = &parts.self_assessment {
            self_assessment = v
                .as_ref()
                .and_then(Val::text)
                .filter(|t| !is_placeholder(t, self.placeholders));
            cells.set(
                ItemField::SelfAssessment,
                v.as_ref().map(|v| v.cell.clone()),
            );
            // Without a year-end column the self-assessment (and its
            // reason) is the year-end report, filled once a grade is chosen.
            if matches!(parts.year_end, Slot::Absent) {
                year_end = match &self_assessment {
                    Some(grade) => {
                        let reason = parts.reason.as_ref().and_then(Val::text);
                        Report::Filled(match reason {
                            Some(r) => format!("{grade}\n{r}").into(),
                            None => grade.as_str().into(),
                        })
                    }
                    None => Report::Empty,
                };
                cells.set(ItemField::YearEnd, cells.self_assessment());
            }
        }
        let achievement = parts
            .achievement
            .as_ref()
            .and_then(|v| parse_achievement(&v.value));
        cells.set(
            ItemField::Achievement,
            parts.achievement.as_ref().map(|v| v.cell.clone()),
        );
        let owners = parts
            .owner
            .as_ref()
            .and_then(Val::text)
            .map(|t| split_owners(&t))
            .unwrap_or_default();
        cells.set(
            ItemField::Owners,
            parts.owner.as_ref().map(|v| v.cell.clone()),
        );

        let years = parts
            .years
            .into_iter()
            .map(|(fy, e)| {
                let view = YearEntryView {
                    plan: e.plan.and_then(|v| v.text().map(|t| (t, v.cell))),
                    result: e.result.and_then(|v| v.text().map(|t| (t, v.cell))),
                    achievement: e.achievement.map(|v| (parse_achievement(&v.value), v.cell)),
                };
                (fy, view)
            })
            .collect();

        DraftItem {
            item: ActionItem {
                texts: ItemTexts::new(
                    number.as_deref(),
                    &title,
                    &text,
                    deadline_text.as_deref(),
                    target.as_deref(),
                    self_assessment.as_deref(),
                ),
                deadlines,
                interim,
                year_end,
                achievement,
                owners,
                cell: item_val.cell,
                cells,
            },
            years,
        }
    }

    fn check_deadlines(&mut self, text: &str, deadlines: &[Deadline], cell: &CellRef) {
        if is_placeholder(text, self.placeholders) {
            return;
        }
        for d in deadlines {
            if let DeadlineKind::Unresolved { reason } = &d.kind {
                self.out.warnings.push(Warning {
                    cell: Some(cell.clone()),
                    message: format!("deadline {:?} could not be resolved: {reason}", d.phrase),
                });
            }
        }
        if deadlines.is_empty() {
            self.out.warnings.push(Warning {
                cell: Some(cell.clone()),
                message: format!("no deadline found in {:?}", first_line(text)),
            });
        }
    }
}

fn is_column_field(field: Field) -> bool {
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
