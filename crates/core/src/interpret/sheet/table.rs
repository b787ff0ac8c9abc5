//! Header-row tables: the rows of item tables under their header (see
//! [`super::header`]): group rows such as ◎部局目標1, a goal column, a
//! printed page's copies of the title and header, a schedule grid's marks
//! and legend; and goal-list tables (No. / 重点目標 / 優先順位).

use std::ops::Range;

use crate::calendar::{DeadlineReference, FiscalYear, deadline_reference};
use crate::grid::CellValue;
use crate::model::LayoutKind;
use crate::model::{CellRef, ExtraField, Warning};

use super::super::department::without_notes;
use super::super::dictionary::{Field, normalize_label, normalize_word};
use super::super::periods::period_heading;
use super::super::text::{
    cell_text, find_fiscal_year, first_line, is_number_cell, is_number_code, leading_number,
    numbering_style,
};
use super::band::{names_unit_alone, wholly_bracketed};
use super::coverage::Claim;
use super::header::{ReportRows, TableColumns, is_item_column};
use super::labels::Label;
use super::marks::is_page_number;
use super::{DraftGoal, ItemParts, SheetParser, SheetView, Slot, Val, empty_goal, split_position};
use crate::model::ReportPeriod;

/// A section heading's number and title: `【目標１】地域の消防力の強化` →
/// 1, 地域の消防力の強化; `■2 行政改革` → 2, 行政改革.
fn section_title(text: &str) -> (Option<String>, String) {
    let t = first_line(text)
        .trim_start_matches(['■', '□', '◆', '◇', '●', '▼', '▽', '◎', '○', ' ', '\u{3000}']);
    let digits = |s: &str| -> Option<String> {
        let d: String = s
            .chars()
            .map(super::super::dictionary::fold_width)
            .filter(char::is_ascii_digit)
            .collect();
        (!d.is_empty()).then_some(d)
    };
    if let Some(rest) = t.strip_prefix(['【', '[', '［'])
        && let Some((label, title)) = rest.split_once(['】', ']', '］'])
    {
        let title = title.trim();
        let title = if title.is_empty() {
            label.trim()
        } else {
            title
        };
        return (digits(label), title.to_string());
    }
    match leading_number(t) {
        Some((number, rest)) if !rest.trim().is_empty() => {
            (digits(number), rest.trim().to_string())
        }
        _ => (None, t.trim().to_string()),
    }
}

/// How a number cell's number is written, alike for the numbers of one
/// level of a list: a plain number, a code of so many parts (`1-1`), or a
/// leading number's kinds of characters (`(1)`, `①`).
fn number_style(value: &CellValue) -> Option<(char, char, char, usize)> {
    if let CellValue::Number(n) = value {
        return (n.fract() == 0.0).then_some(('0', '0', '0', 1));
    }
    let text = cell_text(value)?;
    if let Some((first, inner, last)) = numbering_style(&text) {
        return Some((first, inner, last, 1));
    }
    let folded: String = text
        .chars()
        .map(super::super::dictionary::fold_width)
        .collect();
    let parts: Vec<&str> = folded.split(['-', '‐', '－', '−', 'ー', '.']).collect();
    (parts.len() > 1
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
    .then_some(('0', '0', '0', parts.len()))
}

/// The count a number cell holds, however written (`3`, `(3)`, `３`,
/// `No.3`): its one run of digits; none for a code of several (`1-1`).
fn count_of(value: &CellValue) -> Option<u32> {
    if let CellValue::Number(n) = value {
        return (n.fract() == 0.0 && *n >= 0.0 && *n < 1e6).then_some(*n as u32);
    }
    let text = cell_text(value)?;
    let folded: String = text
        .chars()
        .map(super::super::dictionary::fold_width)
        .collect();
    let mut runs = folded
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty());
    match (runs.next(), runs.next()) {
        (Some(run), None) => run.parse().ok(),
        _ => None,
    }
}

/// Whether a text breaks off mid-phrase, its last line ending in a word
/// that joins it to more (`…の見直しと`, `…及び`, `…、`): no title ends so.
fn breaks_off(text: &str) -> bool {
    let last = text
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default()
        .trim_end();
    last.chars().count() > 2
        && (last.ends_with(['と', 'や', 'の', 'を', '、', '，'])
            || ["及び", "並びに", "および", "ならびに"]
                .iter()
                .any(|w| last.ends_with(w)))
}

/// A title line as a printed page repeats it, its mark of a continued page
/// taken away: `重点取組（続き）`, `重点取組(続)`, `重点取組 つづき`.
fn without_continuation(text: &str) -> &str {
    let t = text.trim();
    let t = [
        "（続き）",
        "(続き)",
        "（続）",
        "(続)",
        "（つづき）",
        "(つづき)",
        "続き",
        "つづき",
    ]
    .iter()
    .find_map(|mark| t.strip_suffix(mark))
    .unwrap_or(t);
    t.trim_end()
}

/// A table being read: where its header and body start, its columns,
/// and the columns every row reads.
/// Whether a cell says it is the row above's (〃, ″, 同上, 上に同じ).
fn repeats_row_above(text: &str) -> bool {
    deadline_reference(text) == Some(DeadlineReference::RowAbove)
}

/// The most rows of a report column looked at for cells written in
/// sections per half of the year.
const MAX_ROWS_FOR_HALVES: u32 = 400;

pub(super) struct TableBody<'c> {
    header_row: u32,
    pub(super) body_start: u32,
    pub(super) cols: &'c TableColumns,
    item_col: u32,
    goal_col: Option<u32>,
    /// The number column, with a header or guessed.
    pub(super) number_col: Option<u32>,
    /// The division a heading above the table names (■ 警防課): the owner
    /// of its items that name none.
    owner: Option<Val>,
    /// Whether the table's one report column holds both halves of the
    /// year in sections of its cells.
    report_halves: bool,
}

/// The goal a table's rows go under, whether a group row (◎部局目標1)
/// opened it, and what a value written once with blanks below gives the
/// rows under it.
#[derive(Default)]
struct TableGoal {
    index: Option<usize>,
    group_open: bool,
    /// The department column's last name, and its cell.
    department: Option<(String, CellRef)>,
    /// The owner column's last owner, and the goal of its row.
    owner: Option<(usize, Val)>,
}

/// The fiscal year a text names in brackets before anything else
/// (`【R7】公共施設…`, `[令和7年度] …`, `（2025年度）…`).
fn year_marked_before(text: &str) -> Option<FiscalYear> {
    let rest = text
        .trim_start()
        .strip_prefix(['【', '[', '［', '(', '（', '〔'])?;
    let (mark, _) = rest.split_once(['】', ']', '］', ')', '）', '〕'])?;
    super::super::text::fiscal_year_of_sheet_name(mark)
}

/// The fiscal year a number names as the series it belongs to: an era's
/// year, a dash and a number (`R7-1`, `H30－2`), or the year alone in
/// the column of numbers (`R7`).
fn year_numbered(text: &str) -> Option<FiscalYear> {
    let folded: String = text
        .trim()
        .chars()
        .map(super::super::dictionary::fold_width)
        .collect();
    let (year, number) = folded
        .split_once(['-', '－', '‐'])
        .unwrap_or((folded.as_str(), "0"));
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let era = year.strip_prefix(['R', 'H'])?;
    (digits(era) && digits(number)).then(|| super::super::text::fiscal_year_of_sheet_name(year))?
}

/// How far below a row [`SheetView::label_among_numbers`] looks at its
/// column.
const LABEL_NEIGHBOURHOOD: u32 = 12;

/// What a row of a table's body is.
enum BodyRow {
    /// Not an item: the table goes on this many rows below.
    Skip(u32),
    /// The table ends above the row.
    End,
    /// The row (a note) is the table's last.
    EndBelow,
    /// An item's row.
    Item,
}

impl SheetParser<'_> {
    /// A table, then the same table printed again beside it over the
    /// same rows: the items beside are the first table's goal's. The row
    /// after the longest of them.
    pub(super) fn parse_tables_side_by_side(
        &mut self,
        cols: TableColumns,
        body_start: u32,
        beside: Vec<TableColumns>,
    ) -> u32 {
        let header_row = cols.top;
        let goals_before = self.out.goals.len();
        let open_before = self.walk.goal.current_goal();
        let right_edge = beside
            .iter()
            .map(|b| b.span.end)
            .fold(cols.span.end, u32::max);
        let mut end = self.parse_table(header_row, cols, body_start);
        let open_after = self.walk.goal.current_goal();
        for cols in beside {
            let first_goal =
                open_before.or((self.out.goals.len() > goals_before).then_some(goals_before));
            self.walk.goal.set_current_goal(first_goal);
            end = end.max(self.parse_table(cols.top, cols, body_start));
        }
        self.walk.goal.set_current_goal(open_after);
        end.max(self.reports_beside(header_row..end, right_edge))
    }

    /// A report table keyed by number beside a table of items (■報告 |
    /// No | 中間 | 最終 right of it, its header on one of the table's rows):
    /// its rows are read as report rows. The row after it, or `rows.start`.
    fn reports_beside(&mut self, rows: std::ops::Range<u32>, right_edge: u32) -> u32 {
        let start = rows.start;
        for r in rows {
            if let Some(cols) = self.view.report_header_from(r, right_edge) {
                // Reports captioned for another fiscal year (参考：前年度
                // （令和7年度）の報告) are that year's items', none of these;
                // a table captioned as an example (【記入例】) shows how to
                // fill the sheet.
                if self.view.captioned_for_no_item_here(r, right_edge) {
                    return start;
                }
                return self.parse_reports(r, cols);
            }
        }
        start
    }

    /// Reads a table of items: its header rows from `header_row` to
    /// `body_start`, then its rows until something ends it. The row after
    /// the table.
    pub(super) fn parse_table(
        &mut self,
        header_row: u32,
        cols: TableColumns,
        body_start: u32,
    ) -> u32 {
        self.note_table_layouts(header_row, &cols);
        for r in header_row..body_start {
            for c in cols.span.clone() {
                if self.view.grid.origin(r, c).0 >= header_row
                    && !self.view.grid.get(r, c).is_empty()
                {
                    self.claims.claim(self.view.grid, r, c, Claim::Label);
                }
            }
        }
        let item_col = cols.fields[&Field::Item];
        let table = TableBody {
            header_row,
            body_start,
            item_col,
            goal_col: cols.fields.get(&Field::Goal).copied(),
            number_col: cols
                .fields
                .get(&Field::Number)
                .copied()
                .or(cols.number_guess),
            owner: self.division_caption(header_row),
            report_halves: self.view.report_column_holds_halves(&cols, body_start),
            cols: &cols,
        };
        let header_cell = self.view.cell(header_row, item_col);
        let items_before = self.out.item_count();
        // With no goal open before it, a table's goal is its caption's, and
        // the next table has its own.
        let captioned = self.walk.goal.current_goal().is_none();
        let mut goal = TableGoal::default();
        let mut r = body_start;
        while r < self.view.grid.rows() {
            match self.body_row(r, &table, &mut goal) {
                BodyRow::Skip(rows) => r += rows,
                BodyRow::End => break,
                BodyRow::EndBelow => {
                    r += 1;
                    break;
                }
                BodyRow::Item => r += self.item_row(r, &table, &mut goal),
            }
        }
        if self.out.item_count() == items_before {
            self.out.warnings.push(Warning {
                cell: Some(header_cell),
                message: "取組の表の見出しはありますが、その下に取組がありません".into(),
            });
        } else {
            self.schedule_unseen(&cols, body_start..r, header_cell);
        }
        self.claims.mark_items(body_start..r, cols.span.clone());
        if let Some((year, cell)) = self.view.year_caption(header_row) {
            self.items_of_year(self.out.item_count() - items_before, year, &cell);
        }
        self.walk.goal.close();
        if captioned {
            self.walk.goal.set_current_goal(None);
        }
        r
    }

    /// The last `count` items read, of a table captioned by a fiscal year
    /// alone: that year's, as a row naming its year makes an item (a
    /// sheet keeping last year's table above this year's).
    fn items_of_year(&mut self, count: usize, year: FiscalYear, cell: &CellRef) {
        let items = self
            .out
            .goals
            .iter_mut()
            .rev()
            .flat_map(|g| g.items.iter_mut().rev());
        for item in items.take(count) {
            if item.own_year.is_none() && item.years.is_empty() {
                item.own_year = Some((year, cell.clone()));
            }
        }
    }

    /// A schedule's month columns with no mark on any row, on a sheet whose
    /// format keeps fills the reader does not see (`.xls`, CSV): its bars
    /// may be drawn with fill alone, so its deadlines are not read. Said,
    /// and the table's reading is no more than of medium confidence.
    fn schedule_unseen(&mut self, cols: &TableColumns, rows: Range<u32>, header: CellRef) {
        let grid = self.view.grid;
        let (Some(&(first, _)), Some(&(last, _))) = (cols.schedule.first(), cols.schedule.last())
        else {
            return;
        };
        let marked = rows.clone().any(|r| {
            cols.schedule
                .iter()
                .any(|&(c, _)| !grid.get(r, c).is_empty())
        });
        if !grid.fills_unknown || marked {
            return;
        }
        self.out.warnings.push(Warning {
            cell: Some(header),
            message: format!(
                "工程表の月の列（{}〜{}列）のどの行にも印がありません。この形式（.xls・CSV など）では\
                 セルの塗りつぶしを読めないため、塗りつぶしで描かれた工程の期限は読めていません。\
                 .xlsx で保存していただくと読めます",
                crate::a1::column_name(first),
                crate::a1::column_name(last)
            ),
        });
        if let Some(reading) = self.out.tables.last_mut() {
            reading.confidence = reading.confidence.min(crate::model::Confidence::Medium);
        }
    }

    /// Notes the layouts a table shows: a table, a schedule grid, an
    /// Excel table, progress periods.
    fn note_table_layouts(&mut self, header_row: u32, cols: &TableColumns) {
        self.out.note_layout(LayoutKind::Table);
        self.out.found_item_header = true;
        if !cols.schedule.is_empty() {
            self.out.note_layout(LayoutKind::ScheduleGrid);
        }
        let in_excel_table = self.view.grid.tables.iter().any(|t| {
            (t.first_row..=t.last_row).contains(&header_row)
                && (t.first_col..=t.last_col).contains(&cols.fields[&Field::Item])
        });
        if in_excel_table {
            self.out.note_layout(LayoutKind::ExcelTable);
        }
        let progress = cols
            .headers
            .values()
            .chain(cols.extras.iter().map(|(_, h)| h))
            .any(|h| period_heading(h).is_some());
        if progress {
            self.out.note_layout(LayoutKind::ProgressPeriods);
        }
    }

    /// Whether the row holds one sentence, and it starts (after a bullet)
    /// with the heading of a column of the table other than the items' and
    /// a particle or 欄 after it (`現時点での達成状況は、…。`,
    /// `最終的な達成状況の欄には…。`): it tells how the column is filled.
    fn tells_of_a_column(&self, r: u32, cols: &TableColumns) -> bool {
        let Some((_, text)) = self.view.only_text_of_row(r) else {
            return false;
        };
        if !text.trim_end().ends_with('。') {
            return false;
        }
        let text = normalize_word(text);
        let text =
            text.trim_start_matches(['・', '･', '●', '○', '■', '□', '◆', '◇', '*', '＊', '-']);
        cols.headers
            .iter()
            .filter(|(field, _)| **field != Field::Item)
            .map(|(_, h)| h)
            .chain(cols.extras.iter().map(|(_, h)| h))
            .map(|h| normalize_word(h))
            .filter(|h| h.chars().count() >= 2)
            .any(|h| {
                text.strip_prefix(h.as_str())
                    .is_some_and(|rest| rest.starts_with(['は', 'を', 'に', 'の', '欄']))
            })
    }

    /// What a row of a table's body is: an item's, or one that is skipped
    /// (a page's copy of the header, an example, a legend, a group row,
    /// which opens its goal) or that ends the table.
    fn body_row(&mut self, r: u32, table: &TableBody<'_>, goal: &mut TableGoal) -> BodyRow {
        let TableBody {
            header_row,
            body_start,
            cols,
            ..
        } = *table;
        let first = (0..self.view.grid.cols()).find(|&c| !self.view.grid.get(r, c).is_empty());
        let Some(first) = first else {
            return BodyRow::Skip(1);
        };
        // The caption of the next table of the same header ends this one,
        // and so does the start of another table after a blank row.
        let height = body_start - header_row;
        if self.captions_next_table(r, header_row, height, &cols.span)
            || self
                .view
                .starts_other_table(r, header_row, height, &cols.span)
            || self.view.next_in_captions(r, header_row)
        {
            return BodyRow::End;
        }
        // A printed page's copy of the title line or of the header:
        // not an item, and the table goes on below it.
        if let Some(skip) = self.page_copy(r, header_row, body_start, &cols.span) {
            self.out.note_layout(LayoutKind::RepeatedHeaders);
            return BodyRow::Skip(skip);
        }
        if self.view.starts_goal_block(r, first) {
            return BodyRow::End;
        }
        // Reports written as lines below the table (【中間報告】, No.1：…).
        if self.report_lines(r).is_some() {
            return BodyRow::End;
        }
        // A note or a legend below the table ends it (※ …, 注）…); right
        // under the header it says how to fill the table (※記入要領).
        if self.view.is_note_row(r) {
            self.claim_row_as_label(r);
            if (body_start..r).all(|above| self.view.grid.row_is_empty(above))
                || self.view.note_inside_table(r)
            {
                return BodyRow::Skip(1);
            }
            return BodyRow::EndBelow;
        }
        // A line after a blank row telling of a column of the table
        // (`・現時点での達成状況は、11月の会議で確認します。`): a note.
        if self.view.grid.row_is_empty(r.saturating_sub(1)) && self.tells_of_a_column(r, cols) {
            self.claim_row_as_label(r);
            return BodyRow::EndBelow;
        }
        // 記入例: how to fill the table, not an item; nor is an item listed
        // again or taken back (（再掲）, 【取下げ】), by its own text or by
        // its remarks (備考: 削除（市政報告会と統合）).
        if self.view.is_example_row(r, &cols.span)
            || self
                .view
                .grid
                .text(r, table.item_col)
                .is_some_and(|t| self.view.dict().is_withdrawn_item(t))
            || self.view.withdrawn_by_remarks(r, &cols.extras)
        {
            self.claim_row_as_label(r);
            return BodyRow::Skip(1);
        }
        if let Some((c, number)) = self.view.section_heading(r, table) {
            // A unit's name across the row (【人事課】, `■ 文化振興部（部長
            // 山本 和子）` with a note after it) heads that unit's rows: it
            // is no goal.
            if number.is_none()
                && self
                    .view
                    .grid
                    .text(r, c)
                    .is_some_and(|t| names_unit_alone(&without_notes(t)))
            {
                self.unit_section(r, c, goal);
                return BodyRow::Skip(1);
            }
            goal.index = Some(self.section_row(r, c, number));
            goal.group_open = true;
            return BodyRow::Skip(1);
        }
        match self.view.label(r, first) {
            Some(Label::Stop) => return BodyRow::End,
            Some(Label::GoalGroup) => {
                goal.index = Some(self.group_row(r, first));
                goal.group_open = true;
                return BodyRow::Skip(1);
            }
            _ => {}
        }
        if r > body_start && self.view.restarts_table(r) {
            return BodyRow::End;
        }
        if self.legend_row(r) {
            return BodyRow::Skip(1);
        }
        // A row totalling the rows above (合計): no item.
        if self.view.is_total_row(r, table) {
            self.claim_row_as_label(r);
            return BodyRow::Skip(1);
        }
        if let Some(number) = self.view.numbered_heading(r, table) {
            let index = self.section_row(r, table.item_col, number);
            // A heading over headings (`1` over `1-1`) heads no items of
            // its own: dropped.
            self.out.goals[index].from_heading = true;
            goal.index = Some(index);
            goal.group_open = true;
            return BodyRow::Skip(1);
        }
        if let Some(c) = self.view.label_among_numbers(r, body_start, &cols.span) {
            self.unit_section(r, c, goal);
            return BodyRow::Skip(1);
        }
        // Rows covered by a vertically merged item cell belong to it, but
        // for a row of another year in a column of years: that year's item
        // of the same title.
        let (origin, _) = self.view.grid.origin(r, table.item_col);
        if origin != r && !self.view.names_another_year(r, origin, table) {
            return BodyRow::Skip(1);
        }
        BodyRow::Item
    }

    /// A section heading's row opens a goal, numbered and titled as the
    /// heading says (its number from the column `number` when given): its
    /// index.
    fn section_row(&mut self, r: u32, c: u32, number: Option<u32>) -> usize {
        self.claims.claim(self.view.grid, r, c, Claim::Goal);
        let (mut in_title, title) = section_title(self.view.grid.text(r, c).unwrap_or_default());
        if let Some(n) = number {
            self.claims.claim(self.view.grid, r, n, Claim::Goal);
            in_title =
                in_title.or_else(|| cell_text(self.view.grid.get(r, n)).map(|t| t.into_owned()));
        }
        let mut goal = empty_goal(self.view.cell(r, c));
        goal.number = in_title;
        goal.title = title;
        self.push_goal(goal)
    }

    /// A row heading a section of the table (`▼ 完了分`, `■保健福祉局`,
    /// `【人事課】`) at its cell in `c`: a label, and where it names a
    /// department, the rows below are that department's.
    fn unit_section(&mut self, r: u32, c: u32, goal: &mut TableGoal) {
        self.claim_row_as_label(r);
        let text = without_notes(self.view.grid.text(r, c).unwrap_or_default());
        let name = text
            .trim_start_matches(|ch: char| !ch.is_alphanumeric())
            .trim_end();
        let known = &self.view.context.opts.known_departments;
        if let Some(department) = super::super::department::of_sheet_name(name, known) {
            goal.department = Some((department, self.view.cell(r, c)));
        }
    }

    /// A group row of a table (◎部局目標1 and the plan positions right of
    /// it) opens a goal: its index.
    fn group_row(&mut self, r: u32, first: u32) -> usize {
        self.claims.claim(self.view.grid, r, first, Claim::Label);
        let text = self.view.grid.text(r, first).unwrap_or_default();
        let number: String = text
            .chars()
            .map(super::super::dictionary::fold_width)
            .filter(char::is_ascii_digit)
            .collect();
        let mut goal = empty_goal(self.view.cell(r, first));
        goal.number = (!number.is_empty()).then_some(number);
        let last = self
            .view
            .grid
            .merge_at(r, first)
            .map_or(first, |m| m.last_col);
        for c in last + 1..self.view.grid.cols() {
            if self.view.grid.origin(r, c) != (r, c) {
                continue;
            }
            if let Some(t) = cell_text(self.view.grid.get(r, c)) {
                self.claims.claim(self.view.grid, r, c, Claim::Goal);
                goal.plan_positions.push(split_position(&t));
            }
        }
        self.push_goal(goal)
    }

    /// Reads a row of a table as an item under its goal, with the rows
    /// under it that continue it; a row with an empty item cell but other
    /// cells filled is warned of and skipped. The rows read.
    fn item_row(&mut self, r: u32, table: &TableBody<'_>, goal: &mut TableGoal) -> u32 {
        let item = self
            .view
            .title_over_years(r, table)
            .unwrap_or_else(|| self.view.val(r, table.item_col));
        if cell_text(&item.value).is_none() && self.outline_heading_row(r, table, goal) {
            return 1;
        }
        if cell_text(&item.value).is_none() {
            let other = table
                .cols
                .fields
                .values()
                .any(|&c| c != table.item_col && !self.view.grid.get(r, c).is_empty());
            if other
                && table
                    .number_col
                    .is_none_or(|n| !self.view.grid.get(r, n).is_empty())
            {
                self.out.warnings.push(Warning {
                    cell: Some(item.cell.clone()),
                    message:
                        "取組項目の欄が空で、ほかの欄に記入がある行です。取組としては読んでいません"
                            .into(),
                });
            }
            return 1;
        }
        let mut parts = self.view.row_parts(r, item, table);
        let rows = match &table.cols.report_rows {
            Some(report_rows) => self.report_rows(r, table, report_rows, &mut parts),
            None => {
                let continued = self.view.continuation_rows(r, table);
                parts.detail = self.view.detail_and_continuation(
                    continued.clone(),
                    table,
                    parts.detail.take(),
                );
                1 + continued.len() as u32
            }
        };
        let index = self.row_goal(r, table, goal);
        parts.owner = self.view.row_owner(r, table, parts.owner, index, goal);
        let draft = self.build_item(parts);
        self.out.goals[index].items.push(draft);
        // An item's rows are its own, beyond the header's columns too, up
        // to a side table's.
        self.claims
            .mark_items(r..r + rows, table.cols.row_cols.clone());
        rows
    }

    /// The reports of an item taking a row per report from row `r` (区分:
    /// 中間 / 期末): each row's report cell is the report its period names
    /// (a report with no row of its own is empty), and each row's extra
    /// cells are kept under their header and the row's period (記入日（期末）).
    /// The rows read: the first and those under it whose item and number
    /// cells are merged from it or blank, one per period.
    fn report_rows(
        &mut self,
        r: u32,
        table: &TableBody<'_>,
        report_rows: &ReportRows,
        parts: &mut ItemParts,
    ) -> u32 {
        let own = |row: u32, col: u32| {
            self.view.grid.origin(row, col).0 == row && !self.view.grid.get(row, col).is_empty()
        };
        // A row of a report the item's column holds (an export's), or
        // whose item cell is merged from the item's row or blank.
        let reports_in_item_column = |row: u32| {
            (report_rows.text_col == table.item_col || report_rows.period_col == table.item_col)
                && self
                    .view
                    .grid
                    .text(row, report_rows.period_col)
                    .is_some_and(|kind| report_rows.periods.contains_key(kind.trim()))
        };
        // The item's value repeated on its rows (an export writes the item
        // and its number on each of them), or none of their own.
        let as_item = |row: u32, c: u32| {
            !own(row, c) || self.view.grid.get(row, c) == self.view.grid.get(r, c)
        };
        let mut end = r + 1;
        while end < self.view.grid.rows()
            && end - r < report_rows.periods.len().max(1) as u32 + 1
            && own(end, report_rows.period_col)
            && (as_item(end, table.item_col) || reports_in_item_column(end))
            && table.number_col.is_none_or(|n| as_item(end, n))
        {
            end += 1;
        }
        parts.interim = Slot::Present(None);
        parts.year_end = Slot::Present(None);
        let first_extras = std::mem::take(&mut parts.extras);
        for row in r..end {
            let Some(kind) = self
                .view
                .grid
                .text(row, report_rows.period_col)
                .map(str::trim)
            else {
                continue;
            };
            let kind = kind.to_string();
            // The item's own row, where the kinds stand in the items' column.
            if row == r && report_rows.period_col == table.item_col {
                continue;
            }
            self.claims
                .claim(self.view.grid, row, report_rows.period_col, Claim::Label);
            let report = Slot::Present(Some(self.view.val(row, report_rows.text_col)));
            match report_rows.periods.get(&kind) {
                Some(ReportPeriod::Interim) => parts.interim = report,
                Some(ReportPeriod::YearEnd) => parts.year_end = report,
                None => {}
            }
            for (c, header) in &table.cols.extras {
                if *c == report_rows.period_col || !own(row, *c) {
                    continue;
                }
                let Some(text) = cell_text(self.view.grid.get(row, *c)) else {
                    continue;
                };
                parts.extras.push(ExtraField {
                    header: format!("{header}（{kind}）").as_str().into(),
                    text: text.as_ref().into(),
                    cell: self.view.cell(row, *c),
                });
            }
        }
        // Extras of the first row not read per period (merged over the
        // rows) stay as they were.
        for extra in first_extras {
            if !parts.extras.iter().any(|e| e.cell == extra.cell) {
                parts.extras.push(extra);
            }
        }
        end - r
    }

    /// The goal a table's row goes under: the table's, the one its goal
    /// column names, under the department its department column names
    /// (or, in a blank cell, last named above it).
    fn row_goal(&mut self, r: u32, table: &TableBody<'_>, goal: &mut TableGoal) -> usize {
        // The goal of the row: a goal column groups rows by its value.
        // A goal written as the row above's (〃, 同上) stays that goal.
        if let Some(gc) = table.goal_col
            && let Some(title) = self.view.grid.text(r, gc).map(str::to_string)
        {
            if repeats_row_above(&title) {
                self.claims.claim(self.view.grid, r, gc, Claim::Goal);
            } else {
                self.goal_column_row(r, gc, title, table.cols.goal_number, goal);
            }
        }
        let mut index = match goal.index {
            Some(i) => i,
            None => self.goal_for_items(table.header_row),
        };
        // A department column gives each row its department: the
        // row's goal under that department (as does a section row naming
        // one, for the rows below it).
        if let Some(dc) = table.cols.department
            && let Some(name) = self.view.grid.text(r, dc).map(str::to_string)
        {
            self.claims.claim(self.view.grid, r, dc, Claim::Goal);
            if !repeats_row_above(&name) {
                goal.department = Some((name, self.view.cell(r, dc)));
            }
        }
        if let Some((name, cell)) = goal.department.clone() {
            index = self.goal_of_department(index, name, cell);
            if goal.index.is_some() {
                goal.index = Some(index);
            }
        }
        index
    }

    /// A row of an outline's heading, left of the items (`(1) | 人口減少に
    /// 挑む…` with nothing right of it): the goal column's text, with
    /// what stands left of it (its number), opens the goal of the rows
    /// below. A heading over
    /// headings heads no items of its own and is dropped.
    fn outline_heading_row(&mut self, r: u32, table: &TableBody<'_>, goal: &mut TableGoal) -> bool {
        let Some(gc) = table.goal_col.filter(|&gc| gc < table.item_col) else {
            return false;
        };
        let Some(title) = self.view.grid.text(r, gc).map(str::to_string) else {
            return false;
        };
        let alone = table
            .cols
            .span
            .clone()
            .all(|c| c <= gc || self.view.grid.get(r, c).is_empty());
        if !alone {
            return false;
        }
        let number = table.cols.goal_number.or(table.number_col);
        self.goal_column_row(r, gc, title, number, goal);
        if let Some(i) = goal.index {
            self.out.goals[i].from_heading = true;
        }
        true
    }

    /// A goal column's `title` at a row: names the goal a group row opened,
    /// or keeps the table's goal when the same, or opens the next goal.
    fn goal_column_row(
        &mut self,
        r: u32,
        gc: u32,
        title: String,
        goal_number: Option<u32>,
        goal: &mut TableGoal,
    ) {
        self.claims.claim(self.view.grid, r, gc, Claim::Goal);
        let cell = self.view.cell(r, gc);
        let number =
            goal_number.and_then(|c| cell_text(self.view.grid.get(r, c)).map(|t| t.into_owned()));
        if let Some(c) = goal_number {
            self.claims.claim(self.view.grid, r, c, Claim::Goal);
        }
        match goal.index {
            Some(i) if goal.group_open && self.out.goals[i].goal.title.is_empty() => {
                self.out.goals[i].goal.title = first_line(&title).to_string();
                self.out.goals[i].goal.cell = Some(cell);
            }
            Some(i) if goal.group_open || self.out.goals[i].goal.title == first_line(&title) => {}
            _ => {
                let mut new = empty_goal(cell);
                new.title = first_line(&title).to_string();
                new.number = number;
                goal.index = Some(self.push_goal(new));
            }
        }
    }

    /// The goal like `goal` (its title and number) kept under the
    /// department `name`: `goal` itself when it has that department or
    /// none yet, else one of the same title under that department.
    pub(super) fn goal_of_department(&mut self, goal: usize, name: String, cell: CellRef) -> usize {
        let department = super::super::department::labelled_value(&name);
        let same = |g: &DraftGoal| g.department.as_ref().is_some_and(|(d, _)| *d == department);
        if same(&self.out.goals[goal]) {
            return goal;
        }
        if self.out.goals[goal].department.is_none() && self.out.goals[goal].items.is_empty() {
            self.out.goals[goal].department = Some((department, cell));
            return goal;
        }
        let title = self.out.goals[goal].goal.title.clone();
        if let Some(i) = self
            .out
            .goals
            .iter()
            .position(|g| g.goal.title == title && same(g))
        {
            return i;
        }
        let mut copy = self.out.goals[goal].goal.clone();
        copy.items.clear();
        self.out.goals.push(DraftGoal {
            goal: copy,
            items: Vec::new(),
            from_heading: false,
            department: Some((department, cell)),
        });
        self.out.goals.len() - 1
    }

    /// Claims every cell of a row as a label (an example row, a note).
    fn claim_row_as_label(&mut self, row: u32) {
        for c in 0..self.view.grid.cols() {
            if !self.view.grid.get(row, c).is_empty() {
                self.claims.claim(self.view.grid, row, c, Claim::Label);
            }
        }
    }

    /// Whether the row is a schedule grid's legend; its cells are claimed
    /// as labels.
    fn legend_row(&mut self, row: u32) -> bool {
        if !self.view.legend_of_marks(row) {
            return false;
        }
        for c in 0..self.view.grid.cols() {
            if self.view.grid.origin(row, c) == (row, c) && self.view.grid.text(row, c).is_some() {
                self.claims.claim(self.view.grid, row, c, Claim::Label);
            }
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
        let copies_header =
            row >= body_start && self.view.copies_header(row, header_row, height, span);
        let copies_title =
            !copies_header && (self.is_title_copy(row) || self.view.is_page_number(row));
        if !copies_header && !copies_title {
            return None;
        }
        let rows = if copies_header { height } else { 1 };
        for r in row..row + rows {
            for c in 0..self.view.grid.cols() {
                if !self.view.grid.get(r, c).is_empty() {
                    self.claims.claim(self.view.grid, r, c, Claim::Label);
                }
            }
        }
        Some(rows)
    }

    /// Whether every text of the row repeats a title line of the sheet.
    pub(super) fn is_title_copy(&self, row: u32) -> bool {
        let mut texts = (0..self.view.grid.cols())
            .filter(|&c| self.view.grid.origin(row, c) == (row, c))
            .filter_map(|c| self.view.grid.text(row, c))
            .peekable();
        texts.peek().is_some()
            && texts.all(|t| {
                self.out.title_lines.iter().any(|cell| {
                    cell.row < row
                        && self.view.grid.text(cell.row, cell.col).map(str::trim)
                            == Some(without_continuation(t))
                })
            })
    }

    pub(super) fn parse_goal_list(
        &mut self,
        header: u32,
        number: u32,
        goal: u32,
        priority: Option<u32>,
    ) -> u32 {
        for (c, _, _) in self.view.row_fields(header) {
            self.claims.claim(self.view.grid, header, c, Claim::Label);
        }
        let mut r = header + 1;
        while r < self.view.grid.rows() {
            if !is_number_cell(self.view.grid.get(r, number)) {
                break;
            }
            for c in [Some(number), Some(goal), priority].into_iter().flatten() {
                self.claims.claim(self.view.grid, r, c, Claim::Goal);
            }
            if let Some(title) = self.view.grid.text(r, goal) {
                let mut g = empty_goal(self.view.cell(r, goal));
                g.title = first_line(title).to_string();
                g.number = cell_text(self.view.grid.get(r, number)).map(|t| t.into_owned());
                g.priority = priority
                    .and_then(|p| cell_text(self.view.grid.get(r, p)))
                    .map(|t| t.into_owned());
                self.out.goal_list.push(g);
            }
            r += 1;
        }
        r
    }
}

impl SheetView<'_> {
    /// Whether a row's remarks (a column kept with each item and headed as
    /// remarks: 備考, 特記事項) say it was taken back or is listed again
    /// ([`FieldDictionary::is_withdrawn_remark`]).
    pub(super) fn withdrawn_by_remarks(&self, row: u32, extras: &[(u32, String)]) -> bool {
        extras.iter().any(|(col, header)| {
            self.dict().is_stop(&normalize_label(header))
                && self.grid.origin(row, *col) == (row, *col)
                && self
                    .grid
                    .text(row, *col)
                    .is_some_and(|t| self.dict().is_withdrawn_remark(t))
        })
    }

    /// The fiscal year a table's caption names and nothing else but a note
    /// (`【令和7年度】（実績確定）`, `■令和8年度`), on the row over its header
    /// or the one over that, with the caption's cell; a title (`令和8年度
    /// 行動目標`) is no such caption.
    pub(super) fn year_caption(&self, header_row: u32) -> Option<(FiscalYear, CellRef)> {
        let row = (header_row.saturating_sub(2)..header_row)
            .rev()
            .find(|&r| !self.grid.row_is_empty(r))?;
        let mut texts = (0..self.grid.cols())
            .filter(|&c| self.grid.origin(row, c) == (row, c))
            .filter_map(|c| Some((c, self.grid.text(row, c)?)));
        let ((col, text), None) = (texts.next()?, texts.next()) else {
            return None;
        };
        let (year, end) = find_fiscal_year(text)?;
        let marks = |c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '【' | '】'
                        | '［'
                        | '］'
                        | '['
                        | ']'
                        | '■'
                        | '□'
                        | '◆'
                        | '●'
                        | '〔'
                        | '〕'
                        | '<'
                        | '>'
                        | '＜'
                        | '＞'
                )
        };
        let starts_year = |c: char| {
            let f = super::super::dictionary::fold_width(c);
            f.is_ascii_digit() || matches!(f, 'R' | 'r' | 'F' | '令' | '平')
        };
        let before = &text[..text.find(starts_year)?];
        let after = super::super::department::without_notes(text[end..].trim_matches(marks));
        let alone = before.chars().all(marks) && after.trim_matches(marks).is_empty();
        // Another year's table kept for reference under the year's own
        // (`（参考）令和7年度の取組と結果`): a note in brackets before the
        // year, the year's own words after it, no other year named.
        let another_years = || {
            year != self.fy
                && wholly_bracketed(before.trim_matches(char::is_whitespace))
                && after.starts_with('の')
                && find_fiscal_year(&after).is_none()
        };
        (alone || another_years()).then(|| (year, self.cell(row, col)))
    }

    /// Whether a row opens the next goal block (重点目標 / 部局名 /
    /// 優先順位 / a plan position with its value): it ends an item table.
    pub(super) fn starts_goal_block(&self, row: u32, first: u32) -> bool {
        match self.label(row, first) {
            Some(Label::Field(f)) => {
                (!is_item_column(f) || f == Field::Goal) && self.value_after(row, first).is_some()
            }
            Some(Label::Inline(f, _)) => !is_item_column(f) || f == Field::Goal,
            Some(Label::PlanPosition) => self.value_after(row, first).is_some(),
            _ => false,
        }
    }

    /// Whether row `r` heads the items below it, numbered a level above
    /// them: its item cell alone holds a text, numbered otherwise than the
    /// item right under it (in its text or its number's column), which has
    /// more of its row filled (`１　窓口サービスの向上` over `(1) 窓口の…`
    /// or over `(1) | 窓口の…`); or its number and item cells
    /// alone are filled, the number written otherwise than the next row's
    /// (`1` over `(1)`, `1` over `1-1`). Columns that are no field of an
    /// item (a weight, a note) may be filled on a heading too (`1 | 安定
    /// 給水 | ウエイト 50`), as long as the row below fills a field the
    /// heading leaves empty. `Some` with the number's column when the
    /// number stands in a column of its own.
    fn numbered_heading(&self, r: u32, table: &TableBody<'_>) -> Option<Option<u32>> {
        let item_col = table.item_col;
        let span = &table.cols.span;
        let filled = |row: u32| {
            span.clone()
                .filter(move |&c| {
                    c < self.grid.cols()
                        && self.grid.origin(row, c) == (row, c)
                        && !self.grid.get(row, c).is_empty()
                })
                .collect::<Vec<u32>>()
        };
        if self.grid.origin(r, item_col) != (r, item_col) || self.grid.text(r, item_col).is_none() {
            return None;
        }
        let next = (r + 1..self.grid.rows()).find(|&below| !filled(below).is_empty())?;
        let item_fields: Vec<u32> = table
            .cols
            .fields
            .iter()
            .filter(|(f, _)| {
                matches!(
                    f,
                    Field::Deadline
                        | Field::Target
                        | Field::Interim
                        | Field::YearEnd
                        | Field::Achievement
                        | Field::SelfAssessment
                        | Field::Reason
                        | Field::Owner
                        | Field::Detail
                )
            })
            .map(|(_, &c)| c)
            .filter(|&c| c != item_col && Some(c) != table.number_col)
            .collect();
        let fields_of = |cols: &[u32]| cols.iter().filter(|c| item_fields.contains(c)).count();
        let own = filled(r);
        let below = filled(next);
        // The heading's cells beside its number and title: none of an
        // item's fields.
        if fields_of(&own) > 0 {
            return None;
        }
        let extras = own
            .iter()
            .filter(|&&c| c != item_col && Some(c) != table.number_col)
            .count();
        if !own.contains(&item_col) {
            return None;
        }
        if own.len() == 1 + extras && !own.iter().any(|&c| Some(c) == table.number_col) {
            let style = |text: &str| {
                numbering_style(text).map(|(first, inner, last)| (first, inner, last, 1))
            };
            let heading = self.grid.text(r, item_col).and_then(style)?;
            // The items below numbered in their text, or in a column of
            // their own (`１　…` over `(1) | 立地適正化計画の…`).
            let under = self.grid.text(next, item_col).and_then(style).or_else(|| {
                let n = table.number_col.filter(|&n| n != item_col)?;
                number_style(self.grid.get(next, n))
            })?;
            let more_below = below.len() > own.len() && (extras == 0 || fields_of(&below) > 0);
            return (more_below && under != heading).then_some(None);
        }
        let n = table.number_col.filter(|&n| n != item_col)?;
        // Headings nested under this one fill their number and item alone
        // (`1-1` under `1` over `1-1-1`): the items are under them.
        let bare =
            |cells: &[u32]| cells.len() == 2 && cells.contains(&n) && cells.contains(&item_col);
        let items_below = if bare(&below) {
            (next + 1..self.grid.rows())
                .map(filled)
                .find(|cells| !cells.is_empty() && !bare(cells))?
        } else {
            below
        };
        if !own.contains(&n)
            || items_below.len() <= 2
            || (extras > 0 && fields_of(&items_below) == 0)
        {
            return None;
        }
        let heading = number_style(self.grid.get(r, n))?;
        let under = number_style(self.grid.get(next, n))?;
        // Numbers counting on from the row above to the row below (`(1)`,
        // `2`, `(4)`) are one list written unevenly, a number perhaps left
        // out, not a level above.
        let above = (table.body_start..r)
            .rev()
            .find_map(|row| count_of(self.grid.get(row, n)));
        let counts_on = count_of(self.grid.get(r, n))
            .zip(count_of(self.grid.get(next, n)))
            .is_some_and(|(h, u)| h < u && above.is_none_or(|a| a < h));
        (under != heading && !counts_on).then_some(Some(n))
    }

    /// Whether row `r` continues the item of a row above it: its item cell
    /// holds more of that item's text (内容：…) while the item's own cells
    /// (its number, deadline, reports …) are merged down from that row over
    /// this one — the number's, or two or more — and none is its own.
    fn continues_item_above(&self, r: u32, table: &TableBody<'_>) -> bool {
        if r <= table.body_start {
            return false;
        }
        let own_columns = table
            .cols
            .fields
            .iter()
            .filter(|&(f, _)| !matches!(f, Field::Item | Field::Goal | Field::Department))
            .map(|(_, &c)| c)
            .chain(table.number_col)
            // A row writing its own fiscal year is that year's item.
            .chain(table.cols.year_col)
            .filter(|&c| c != table.item_col);
        let mut covered = 0;
        let mut number_covered = false;
        let mut above = None;
        for c in own_columns {
            let (origin, _) = self.grid.origin(r, c);
            if origin == r {
                if !self.grid.get(r, c).is_empty() {
                    return false;
                }
                continue;
            }
            if above.is_some_and(|row| row != origin) {
                return false;
            }
            above = Some(origin);
            covered += 1;
            number_covered |= Some(c) == table.number_col;
        }
        let Some(above) = above else {
            // Nothing merged: the item's text on the row above breaks off
            // mid-phrase (`…見直しと`), and this row holds its rest alone.
            return r > table.body_start
                && self.grid.origin(r - 1, table.item_col) == (r - 1, table.item_col)
                && self
                    .grid
                    .text(r - 1, table.item_col)
                    .is_some_and(breaks_off)
                && self.grid.text(r, table.item_col).is_some();
        };
        above >= table.body_start
            && (covered >= 2 || number_covered)
            && self.grid.origin(above, table.item_col).0 == above
            && !self.grid.get(above, table.item_col).is_empty()
    }

    /// The rows under row `r` that continue its item.
    fn continuation_rows(&self, r: u32, table: &TableBody<'_>) -> Range<u32> {
        let end = (r + 1..self.grid.rows())
            .find(|&below| {
                !self.continues_item_above(below, table)
                    || self.grid.origin(below, table.item_col).0 != below
            })
            .unwrap_or(self.grid.rows());
        r + 1..end
    }

    /// The further text of an item: its detail cell's, then the item text of
    /// the rows that continue the item (`below`), line by line, at the first
    /// such cell.
    fn detail_and_continuation(
        &self,
        below: Range<u32>,
        table: &TableBody<'_>,
        detail: Option<Val>,
    ) -> Option<Val> {
        let mut cell = detail.as_ref().map(|d| d.cell.clone());
        let mut lines: Vec<String> = detail.iter().filter_map(Val::text).collect();
        let detail_lines = lines.len();
        for row in below {
            if let Some(text) = cell_text(self.grid.get(row, table.item_col)) {
                cell.get_or_insert_with(|| self.cell(row, table.item_col));
                lines.push(text.into_owned());
            }
        }
        if lines.len() == detail_lines {
            return detail;
        }
        Some(Val {
            value: CellValue::Text(lines.join("\n")),
            cell: cell?,
        })
    }

    /// A row of another year under an item's row in a column of years,
    /// its item cell blank: the item's title written once above it, at
    /// the row's own item cell.
    fn title_over_years(&self, r: u32, table: &TableBody<'_>) -> Option<Val> {
        let c = table.item_col;
        if !self.grid.get(r, c).is_empty() || self.grid.origin(r, c) != (r, c) {
            return None;
        }
        let mut above = r.checked_sub(1)?;
        while above >= table.body_start && self.grid.get(above, c).is_empty() {
            if !self.names_another_year(above + 1, above, table) {
                return None;
            }
            above = above.checked_sub(1)?;
        }
        (above >= table.body_start && self.names_another_year(above + 1, above, table)).then(|| {
            Val {
                value: self.grid.get(above, c).clone(),
                cell: self.cell(r, c),
            }
        })
    }

    /// Whether the row names, in the table's column of years, another
    /// year than the row `above`.
    fn names_another_year(&self, r: u32, above: u32, table: &TableBody<'_>) -> bool {
        let Some(c) = table.cols.year_col else {
            return false;
        };
        let year_of = |row: u32| self.year_in(row, c);
        year_of(r).is_some_and(|year| year_of(above) != Some(year))
    }

    /// The column of a row's one value where that value heads the rows
    /// below instead of being a row's own: a text, in a column whose values
    /// on the table's other rows (from `body_start`) are item numbers, with
    /// one below it at least (`▼ 完了分` or `■保健福祉局` in the column of
    /// `1`, `2`, `3`; a legend under the table heads nothing). A row of an
    /// item always has its title beside its number.
    pub(crate) fn label_among_numbers(
        &self,
        r: u32,
        body_start: u32,
        span: &Range<u32>,
    ) -> Option<u32> {
        let mut values = span
            .clone()
            .filter(|&c| c < self.grid.cols())
            .filter(|&c| self.grid.origin(r, c) == (r, c) && !self.grid.get(r, c).is_empty());
        let (Some(c), None) = (values.next(), values.next()) else {
            return None;
        };
        let value = self.grid.get(r, c);
        if !matches!(value, CellValue::Text(_)) || is_number_code(value) {
            return None;
        }
        let rows = (body_start..self.grid.rows().min(r + LABEL_NEIGHBOURHOOD)).filter(|&o| o != r);
        let (mut numbers, mut below, mut others) = (0u32, 0u32, 0u32);
        for (row, other) in rows.map(|o| (o, self.grid.get(o, c))) {
            if other.is_empty() {
                continue;
            }
            if is_number_code(other) {
                numbers += 1;
                below += u32::from(row > r);
            } else {
                others += 1;
            }
        }
        (numbers >= 2 && below >= 1 && others * 2 <= numbers).then_some(c)
    }

    /// The cell of a section heading across the table's row (`【目標１】
    /// 地域の消防力の強化` merged over the item's and the reports' columns):
    /// the row's one value, merged from the item's column over a column of
    /// another of its fields, so that it can be no item — with, in the
    /// number column left of it, the goal's number (`1 | 地域の…`). What
    /// stands beside the table on the same row (another table's cells) is
    /// no part of it.
    fn section_heading(&self, r: u32, table: &TableBody<'_>) -> Option<(u32, Option<u32>)> {
        let values: Vec<u32> = table
            .cols
            .span
            .clone()
            .filter(|&c| c < self.grid.cols())
            .filter(|&c| self.grid.origin(r, c) == (r, c) && !self.grid.get(r, c).is_empty())
            .collect();
        let (c, number) = match values.as_slice() {
            [c] => (*c, None),
            [n, c]
                if Some(*n) == table.number_col && number_style(self.grid.get(r, *n)).is_some() =>
            {
                (*c, Some(*n))
            }
            _ => return None,
        };
        let merge = self.grid.merge_at(r, c)?;
        let spans_another_field = table.cols.fields.iter().any(|(&f, &fc)| {
            !matches!(f, Field::Item | Field::Number | Field::Goal)
                && fc > table.item_col
                && fc <= merge.last_col
        });
        (merge.first_col <= table.item_col && spans_another_field).then_some((c, number))
    }

    /// Whether a table's one report column (no column of the other half
    /// beside it) holds both halves: by its heading, or by its cells in the
    /// rows below the header.
    fn report_column_holds_halves(&self, cols: &TableColumns, body_start: u32) -> bool {
        let field = match (
            cols.fields.contains_key(&Field::Interim),
            cols.fields.contains_key(&Field::YearEnd),
        ) {
            (true, false) => Field::Interim,
            (false, true) => Field::YearEnd,
            _ => return false,
        };
        let c = cols.fields[&field];
        let rows = body_start..self.grid.rows().min(body_start + MAX_ROWS_FOR_HALVES);
        self.slot_holds_halves(
            cols.headers.get(&field).map(String::as_str),
            rows.map(|r| self.grid.get(r, c)),
        )
    }

    /// The cells of a table's row for its item: number, schedule marks,
    /// each field's column and the extra columns.
    fn row_parts(&self, r: u32, item: Val, table: &TableBody<'_>) -> ItemParts {
        let cols = table.cols;
        let mut parts = ItemParts {
            item: Some(item),
            ..ItemParts::default()
        };
        parts.halves_in_slot = table.report_halves;
        parts.schedule = self.schedule_row(r, &cols.schedule);
        parts.schedule_heading = cols.schedule_heading.clone();
        parts.year = cols
            .year_col
            .and_then(|c| {
                let year = self.year_in(r, c)?;
                Some((year, self.cell(r, c)))
            })
            .or_else(|| {
                // An item marked with another year before its title
                // (【R7】…, a row kept from the year before), or numbered
                // in that year's series (R7-1), is that year's.
                let marked = |c: u32, of: fn(&str) -> Option<FiscalYear>| {
                    let year = of(self.grid.text(r, c)?)?;
                    (year != self.fy).then(|| (year, self.cell(r, c)))
                };
                marked(table.item_col, year_marked_before)
                    .or_else(|| marked(table.number_col?, year_numbered))
            });
        let numbered = cols.fields.contains_key(&Field::Number);
        if let Some(n) = table.number_col
            && (is_number_cell(self.grid.get(r, n))
                || numbered && is_number_code(self.grid.get(r, n)))
        {
            parts.number = Some(self.val(r, n));
        }
        // The deadline first planned stands where no later one is written.
        let later_blank = cols
            .fields
            .get(&Field::Deadline)
            .is_some_and(|&d| self.grid.get(r, d).is_empty());
        let original = cols
            .original_deadline
            .filter(|&o| later_blank && !self.grid.get(r, o).is_empty());
        for (&field, &c) in &cols.fields {
            let v = self.val(r, c);
            let present = Some(v.clone()).filter(|v| !v.value.is_empty());
            match field {
                Field::Deadline if original.is_some() => {
                    parts.deadline = Slot::Present(original.map(|o| self.val(r, o)));
                }
                // Report cells keep their reference even when empty.
                Field::Deadline => parts.deadline = Slot::Present(Some(v)),
                Field::Target => parts.target = present,
                Field::Interim => parts.interim = Slot::Present(Some(self.report_val(r, c, cols))),
                Field::YearEnd => parts.year_end = Slot::Present(Some(self.report_val(r, c, cols))),
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
        parts.extras = self.planned_parts(r, cols);
        for (c, header) in &cols.extras {
            if Some(*c) != original
                && self.grid.origin(r, *c).0 == r
                && let Some(text) = cell_text(self.grid.get(r, *c))
            {
                parts.extras.push(ExtraField {
                    header: header.as_str().into(),
                    text: text.as_ref().into(),
                    cell: self.cell(r, *c),
                });
            }
        }
        parts
    }

    /// An item's report in column `c`: on its row of results where the
    /// item takes a row of plan and a row of results, unless the report's
    /// cell is merged down over both; else on the item's row.
    fn report_val(&self, r: u32, c: u32, cols: &TableColumns) -> Val {
        self.val(self.report_row(r, c, cols).unwrap_or(r), c)
    }

    /// The row of results below the item's row `r` holding its own cell in
    /// column `c`; none where the item takes no such row, or the cell is
    /// merged down over both.
    fn report_row(&self, r: u32, c: u32, cols: &TableColumns) -> Option<u32> {
        let (below, _) = cols.results_below?;
        let row = r + below;
        (self.grid.origin(row, c).0 > r).then_some(row)
    }

    /// What the item's row of plan holds in the report columns, where its
    /// reports stand on a row of results below: each kept as an extra field
    /// named by the column's header and the row's kind (上期（計画）).
    fn planned_parts(&self, r: u32, cols: &TableColumns) -> Vec<ExtraField> {
        let Some((_, kind_col)) = cols.results_below else {
            return Vec::new();
        };
        let kind = self.grid.text(r, kind_col).map_or("", str::trim);
        [Field::Interim, Field::YearEnd]
            .iter()
            .filter_map(|field| {
                let &c = cols.fields.get(field)?;
                self.report_row(r, c, cols)?;
                let text = cell_text(self.grid.get(r, c))?;
                let header = cols.headers.get(field).map_or("", String::as_str);
                Some(ExtraField {
                    header: format!("{header}（{kind}）").into(),
                    text: text.as_ref().into(),
                    cell: self.cell(r, c),
                })
            })
            .collect()
    }

    /// The owner of a table's row: its owner cell's; under an owner written
    /// once with blanks below, that owner while the rows stay under its
    /// goal; else the division a heading above the table names.
    fn row_owner(
        &self,
        r: u32,
        table: &TableBody<'_>,
        own: Option<Val>,
        index: usize,
        goal: &mut TableGoal,
    ) -> Option<Val> {
        // An owner written as the row above's (〃, 同上) is that owner.
        let own = own.filter(|v| !v.text().is_some_and(|t| repeats_row_above(&t)));
        if let Some(owner) = own {
            goal.owner = Some((index, owner.clone()));
            return Some(owner);
        }
        let blank = table.cols.fields.get(&Field::Owner).is_some_and(|&c| {
            let value = self.grid.get(r, c);
            value.is_empty() || value.as_text().is_some_and(repeats_row_above)
        });
        match &goal.owner {
            Some((above, owner)) if blank && *above == index => Some(owner.clone()),
            _ => table.owner.clone(),
        }
    }

    /// Whether the row holds nothing but a printed page's number (`- 2 -`,
    /// `2/6`, `2ページ`, `P.2`).
    fn is_page_number(&self, row: u32) -> bool {
        let mut texts = (0..self.grid.cols())
            .filter(|&c| self.grid.origin(row, c) == (row, c))
            .filter_map(|c| self.grid.text(row, c));
        match (texts.next(), texts.next()) {
            (Some(t), None) => is_page_number(t),
            _ => false,
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("【目標１】地域の消防力の強化", Some("1"), "地域の消防力の強化")]
    #[case("■2 行政改革の推進", Some("2"), "行政改革の推進")]
    #[case("【防災】", None, "防災")]
    #[case("◆ 子育て支援", None, "子育て支援")]
    fn section_headings(#[case] text: &str, #[case] number: Option<&str>, #[case] title: &str) {
        assert_eq!(
            section_title(text),
            (number.map(str::to_string), title.to_string())
        );
    }

    #[rstest]
    #[case("重点取組（続き）", "重点取組")]
    #[case("重点取組 (続)", "重点取組")]
    #[case("重点取組つづき", "重点取組")]
    #[case("重点取組", "重点取組")]
    #[case("手続きの電子化", "手続きの電子化")]
    fn continued_title_lines(#[case] text: &str, #[case] title: &str) {
        assert_eq!(without_continuation(text), title);
    }
}
