//! Item table headers: which role each column of a table holds, decided by
//! its header words AND its cells. The band of one to three header rows
//! comes from [`super::band`]; each column's words (the dictionary's
//! evidence, a joined parent and sub-heading such as 報告 › 中間, a part
//! of the year named anywhere in the header, a result word) and its cells'
//! profile ([`super::profile`]) are scored by [`super::roles`]; the best
//! assignment is the reading, kept with its confidence and evidence. A
//! schedule grid's month columns (4月 … 3月) and progress columns of other
//! parts of the year stay out of the roles.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;

use crate::grid::CellValue;
use crate::model::{ColumnReading, ReadingSource, RoleScore, TableReading, Warning};

use super::super::dictionary::{Field, ReportPeriod, has_bracket, normalize_label, normalize_word};
use super::super::periods::{
    Period, as_of_day_month, bracketed_period, elapsed_month_end, english_month, month_named,
    period_heading, report_made_month, season_month,
};
use super::super::text::fiscal_year_of_sheet_name;
use super::band::{Band, Leaf};
use super::labels::{Label, right_of};
use super::profile::{Body, ColumnProfile, names_a_fiscal_year_alone};
use super::roles::{self, Assignment, ColumnEvidence, Confidence, Role, WordEvidence};
use super::row_kinds::RowKinds;
use super::{SheetParser, SheetView};

/// Columns of a table: the column of each field, and the columns kept as
/// extra fields under their header.
#[derive(Debug, Default)]
pub(super) struct TableColumns {
    /// The first row of the header (a parent heading may stand above the
    /// row the table was found at).
    pub(super) top: u32,
    pub(super) fields: BTreeMap<Field, u32>,
    /// A number column without a header (left of the items).
    pub(super) number_guess: Option<u32>,
    /// The goal's number, when goals have a number column of their own.
    pub(super) goal_number: Option<u32>,
    /// The department of each row (a city-wide table).
    pub(super) department: Option<u32>,
    /// Columns whose header names no field of an item (or a field already
    /// taken by a column to their left), with the header's text.
    pub(super) extras: Vec<(u32, String)>,
    /// The header's text of each field's column.
    pub(super) headers: BTreeMap<Field, String>,
    /// The columns the table spans.
    pub(super) span: Range<u32>,
    /// The columns an item's row owns beyond the header's (a note written
    /// right of the table is the item's): up to the next table of the band
    /// past a blank column (a side table beside the items is not theirs).
    pub(super) row_cols: Range<u32>,
    /// A schedule grid's month columns, as (column, month), in the
    /// fiscal year's order.
    pub(super) schedule: Vec<(u32, u32)>,
    /// The heading over the schedule grid (スケジュール), or none.
    pub(super) schedule_heading: Option<String>,
    /// The first of two deadline columns (当初期限 beside 変更後期限): kept
    /// as an extra field, and the deadline of a row whose later one is
    /// blank.
    pub(super) original_deadline: Option<u32>,
    /// Where each item takes a row per report.
    pub(super) report_rows: Option<ReportRows>,
    /// A column naming each row's fiscal year (年度: R7, R8, R9): a row of
    /// another year than the sheet's is an item of that year.
    pub(super) year_col: Option<u32>,
    /// Where each item takes a row of its plan and a row of its results
    /// (上段 計画 / 下段 実績): how far below the item's row its reports
    /// stand, and the column naming each row's kind.
    pub(super) results_below: Option<(u32, u32)>,
}

/// The word weight a sheet's name (第2四半期) gives the one column of
/// sentences of its table that no header word names: less than a report
/// word's, enough where the cells say reports.
const REPORT_NAMED_BY_SHEET: f32 = 0.6;

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

/// The role a dictionary field is evidence for.
fn role_of(field: Field) -> Option<Role> {
    Some(match field {
        Field::Item => Role::Item,
        Field::Number => Role::Number,
        Field::Deadline => Role::Deadline,
        Field::Target => Role::Target,
        Field::Interim => Role::Interim,
        Field::YearEnd => Role::YearEnd,
        Field::Achievement => Role::Achievement,
        Field::SelfAssessment => Role::SelfAssessment,
        Field::Reason => Role::Reason,
        Field::Owner => Role::Owner,
        Field::Department => Role::Department,
        Field::Goal => Role::Goal,
        Field::Detail => Role::Detail,
        Field::Priority | Field::Current | Field::Purpose | Field::FiscalYear => return None,
    })
}

/// The report role of a report field; none for other fields.
pub(super) fn report_role(field: Field) -> Option<Role> {
    role_of(field).filter(|r| matches!(r, Role::Interim | Role::YearEnd))
}

/// The field of an item or goal a role fills.
pub(super) fn field_of(role: Role) -> Option<Field> {
    Some(match role {
        Role::Item => Field::Item,
        Role::Number => Field::Number,
        Role::Goal => Field::Goal,
        Role::Deadline => Field::Deadline,
        Role::Target => Field::Target,
        Role::Interim => Field::Interim,
        Role::YearEnd => Field::YearEnd,
        Role::Achievement => Field::Achievement,
        Role::SelfAssessment => Field::SelfAssessment,
        Role::Reason => Field::Reason,
        Role::Owner => Field::Owner,
        Role::Detail => Field::Detail,
        Role::GoalNumber | Role::Department | Role::Extra | Role::ReportPeriod => return None,
    })
}

/// What the headings of a workbook's columns say, each column's headings
/// read once: the sheets of one workbook are mostly copies of one form and
/// repeat their headers.
#[derive(Default)]
pub(crate) struct HeaderWords {
    read: RefCell<foldhash::HashMap<String, (WordEvidence, Kept)>>,
}

/// The tables a workbook's sheets were read as, sheet after sheet: a sheet
/// that repeats another's header is a copy of one form (one sheet per
/// quarter, per 課), read alike where its own cells say too little.
#[derive(Default)]
pub(crate) struct TablesRead {
    read: RefCell<Vec<TableReading>>,
}

impl TablesRead {
    /// Adds the tables a sheet was read as.
    pub(crate) fn add(&self, tables: &[TableReading]) {
        self.read.borrow_mut().extend_from_slice(tables);
    }
}

/// What a column's header says beyond the roles: a schedule month, a
/// part of the year no report stands for, the date a report was written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kept {
    Role,
    /// An extra field whatever its cells hold.
    Extra,
}

impl SheetParser<'_> {
    /// An item table's header at `row`: its columns and the first body row,
    /// then the columns of the same table printed again beside it (two
    /// items a row), if any. A table-shaped region that reads as no table
    /// of items is noted as unread, with the reason and the reading it
    /// would have had.
    pub(super) fn item_header(
        &mut self,
        row: u32,
    ) -> Option<(TableColumns, u32, Vec<TableColumns>)> {
        let band = self.view.header_band(row)?;
        match self.read_band(&band) {
            Ok((first, beside)) => {
                let cols = self.keep_read(first);
                let beside = beside
                    .into_iter()
                    .map(|read| self.keep_read(read))
                    .collect();
                Some((cols, band.body_start, beside))
            }
            Err(Some(unread)) if band.top >= self.walk.unread.end => {
                self.walk.unread = band.top..band.body_start + unread.rows;
                // A key of grades is passed over, with nothing to say.
                if unread.reason != UnreadReason::GradeKey {
                    self.out.unread.push(*unread);
                }
                None
            }
            Err(_) => None,
        }
    }

    /// A table read: its warnings and reading recorded, its columns given.
    fn keep_read(&mut self, read: Read) -> TableColumns {
        let Read {
            cols,
            reading,
            kept,
            total,
        } = read;
        if let Some(warning) = kept {
            self.out.warnings.push(warning);
        }
        if reading.confidence == Confidence::Low {
            self.out
                .warnings
                .push(low_confidence(&self.view.grid.name, &reading));
        }
        self.out.tables.push(reading);
        self.out.table_totals.push(total);
        cols
    }

    /// The best table under a band, and the parts beside it that repeat
    /// its columns role for role (a sheet printed two items a row), left
    /// to right: their columns and how they were read. A band whose leaves a blank column
    /// splits is read per part (a side table beside the items is another
    /// table, not read into it).
    fn read_band(&self, band: &Band) -> Result<(Read, Vec<Read>), Option<Box<Unread>>> {
        let mut reads: Vec<Read> = Vec::new();
        let mut unread = None;
        let parts = self.band_parts(band);
        let spans: Vec<Range<u32>> = parts.iter().filter_map(|p| span_of(p)).collect();
        for part in parts {
            // A part captioned as an example (【記入例】 over a copy of the
            // headings beside the table) shows how to fill the sheet.
            if (!reads.is_empty() || unread.is_some())
                && span_of(&part).is_some_and(|span| self.view.captioned_as_example(band.top, span))
            {
                continue;
            }
            match self.read_part(band, &part) {
                Ok(read) => reads.push(read),
                Err(Some(u)) if unread.is_none() => unread = Some(u),
                Err(_) => {}
            }
        }
        for read in &mut reads {
            let span = &read.cols.span;
            let start = spans
                .iter()
                .map(|s| s.end)
                .filter(|&e| e <= span.start)
                .max();
            let end = spans
                .iter()
                .map(|s| s.start)
                .filter(|&s| s >= span.end)
                .min();
            read.cols.row_cols = start.unwrap_or(0)..end.unwrap_or(self.view.grid.cols());
        }
        // The first of the best scored, as parts are read left to right.
        let best = (0..reads.len()).reduce(|best, i| {
            if reads[i].total > reads[best].total {
                i
            } else {
                best
            }
        });
        let Some(best) = best else {
            return Err(unread);
        };
        let first = reads.remove(best);
        let roles =
            |read: &Read| -> Vec<Role> { read.reading.columns.iter().map(|c| c.role).collect() };
        let first_roles = roles(&first);
        let mut same: Vec<Read> = reads
            .into_iter()
            .filter(|read| roles(read) == first_roles)
            .collect();
        if same.is_empty() {
            return Ok((first, same));
        }
        // Read left to right, as a person reads the page.
        same.push(first);
        same.sort_by_key(|read| read.cols.span.start);
        let first = same.remove(0);
        Ok((first, same))
    }

    /// The parts of a band between blank columns; a part that goes on with
    /// the table left of it (a spacer column before the reports) is joined
    /// to it.
    fn band_parts<'b>(&self, band: &'b Band) -> Vec<Cow<'b, [Leaf]>> {
        let mut parts: Vec<Cow<'b, [Leaf]>> = Vec::new();
        for range in split_parts(
            band,
            |leaf| self.view.column_is_blank(band, leaf),
            |leaf| self.view.drawn_blank_heading(band, leaf),
        ) {
            let leaves = &band.leaves[range];
            match parts.last_mut() {
                Some(left) if self.continues(band, left, leaves) => {
                    left.to_mut().extend_from_slice(leaves);
                }
                _ => parts.push(Cow::Borrowed(leaves)),
            }
        }
        parts
    }

    /// Whether the columns `right`, past a blank column, go on with the
    /// table of `left`: read alone they are no table of items, or they
    /// are written only in the rows of `left`'s items (a report kept past
    /// spacer columns); and read with `left` the first of them takes a
    /// role an item's column has (a report, a deadline, an owner …) — a
    /// side table's first column names its own rows (指標) instead.
    fn continues(&self, band: &Band, left: &[Leaf], right: &[Leaf]) -> bool {
        if self.read_part(band, right).is_ok() && !self.written_beside(band, left, right) {
            return false;
        }
        let joined: Vec<Leaf> = left.iter().chain(right).cloned().collect();
        self.read_part(band, &joined).is_ok_and(|read| {
            let (keys, fields) = read
                .reading
                .columns
                .split_at(left.len().min(read.reading.columns.len()));
            // A deadline kept twice counts as the deadline kept
            // (取組項目 | ␣ | 当初期限 | 期限 | 担当課: the first lost the
            // role to the one beside it).
            let first = match fields {
                [lost, kept, ..] if lost_deadline_to(lost, kept) => Some(kept),
                _ => fields.first(),
            };
            first.is_some_and(|c| {
                matches!(
                    c.role,
                    Role::Deadline
                        | Role::Interim
                        | Role::YearEnd
                        | Role::Achievement
                        | Role::SelfAssessment
                        | Role::Reason
                        | Role::Owner
                        | Role::Department
                        | Role::Detail
                )
                // Or the columns left of the gap are the items' keys, their
                // numbers and goals, and the item itself comes after it
                // (No | 重点目標 | ␣ | 取組内容 …).
                    || c.role == Role::Item
                        && keys.iter().all(|k| {
                            matches!(k.role, Role::Number | Role::Goal | Role::GoalNumber)
                        })
            })
        })
    }

    /// Whether the columns `right` hold values only in rows where the
    /// columns `left` hold values: they write beside `left`'s rows, never
    /// below or between them.
    fn written_beside(&self, band: &Band, left: &[Leaf], right: &[Leaf]) -> bool {
        let (Some(left_span), Some(right_span)) = (span_of(left), span_of(right)) else {
            return false;
        };
        let left_rows = self.body_rows(band, &left_span);
        let right_rows = self.body_rows(band, &right_span);
        !right_rows.is_empty()
            && right_rows
                .iter()
                .all(|r| left_rows.binary_search(r).is_ok())
    }

    /// What the scoring weighs of a part of a band: its span and body
    /// rows, its schedule months, and each column's words and cells, with
    /// the roles the configuration maps.
    fn part_evidence(&self, band: &Band, leaves: &[Leaf]) -> Option<PartEvidence> {
        let span = span_of(leaves)?;
        let rows = self.body_rows(band, &span);
        // The table's shape first: no cell is weighed for what is none.
        if !self.view.looks_like_table(band, leaves, &rows, &span) {
            return None;
        }
        let layout = self.view.layout_for(leaves);
        // Records of several rows (予定 / 実績, 中間 / 期末) are weighed by
        // their first rows; the column of row kinds is no field of an item.
        let mapped_periods = layout.as_ref().and_then(|(index, roles)| {
            let at = roles.iter().position(|r| *r == Some(Role::ReportPeriod))?;
            let mapping = self
                .view
                .context
                .layouts
                .iter()
                .find(|(i, _)| i == index)?
                .1;
            Some((at, &mapping.report_periods))
        });
        let kinds = self.view.row_kinds(&rows, leaves, mapped_periods);
        let body = Body {
            grid: self.view.grid,
            dict: self.view.dict(),
            rows: kinds.as_ref().map_or(&rows, |k| &k.starts),
            deadlines: &self.view.deadlines(),
            texts: &self.view.context.text_counts,
            placeholders: self.view.placeholders(),
        };
        // Rows of an outline's headings (`(1) | 人口減少に挑む…` over rows
        // of items in the next column) are no rows of the columns right of
        // the headings' own.
        let outline = kinds
            .is_none()
            .then(|| self.view.outline_headings(&rows, leaves))
            .flatten();
        let item_rows: Vec<u32>;
        let under_headings = match &outline {
            Some((_, headings)) => {
                item_rows = rows
                    .iter()
                    .copied()
                    .filter(|r| !headings.contains(r))
                    .collect();
                Body {
                    rows: &item_rows,
                    ..body
                }
            }
            None => body,
        };
        let profiles: Vec<ColumnProfile> = leaves
            .iter()
            .enumerate()
            .map(|(i, l)| match &outline {
                Some((level, _)) if i > *level => under_headings.profile(l.col()),
                _ => body.profile(l.col()),
            })
            .collect();
        let Schedule {
            months: mut schedule,
            marked,
        } = self.view.schedule_months(leaves);
        if self
            .view
            .reports_month_by_month(&schedule, leaves, &profiles)
            || marked && !self.view.marked_only(&schedule, leaves, &profiles)
        {
            // Month columns of reports are a monthly log, no schedule: the
            // milestones' months hold the interim and year-end reports.
            schedule.clear();
        }
        // A column of fiscal years alone (R7, R8, R9 down the rows) says
        // which year each row is of: no field of an item.
        let year_column = leaves.iter().zip(&profiles).position(|(leaf, p)| {
            let headed_for_years = || {
                self.view
                    .dict()
                    .label_evidence(&normalize_label(&leaf.text))
                    .iter()
                    .any(|&(field, _)| field == Field::FiscalYear)
            };
            names_each_rows_year(headed_for_years, p)
        });
        // Each item takes a row per year there, its title merged over them
        // or written once above them:
        // the columns are weighed on the rows of one year, as items of
        // that year, whatever is merged over the years.
        let profiles = match year_column.and_then(|y| {
            let cols: Vec<u32> = leaves.iter().map(Leaf::col).collect();
            self.view.rows_of_first_year(&rows, leaves[y].col(), &cols)
        }) {
            Some(year_rows) if kinds.is_none() && outline.is_none() => leaves
                .iter()
                .map(|l| {
                    Body {
                        rows: &year_rows,
                        ..body
                    }
                    .profile(l.col())
                })
                .collect(),
            _ => profiles,
        };
        let mut columns: Vec<ColumnEvidence> = Vec::with_capacity(leaves.len());
        for (i, (leaf, profile)) in leaves.iter().zip(profiles).enumerate() {
            let (words, kept) = self.view.leaf_words(leaf);
            let in_schedule = schedule.iter().any(|&(c, _)| leaf.cols.contains(&c));
            // The report period's column takes no role of the scoring's.
            let mapped = layout.as_ref().and_then(|(_, roles)| roles[i]).map(|r| {
                if r == Role::ReportPeriod {
                    Role::Extra
                } else {
                    r
                }
            });
            columns.push(ColumnEvidence {
                words,
                profile,
                forced: mapped.or((kept == Kept::Extra
                    || in_schedule
                    || year_column == Some(i)
                    || kinds
                        .as_ref()
                        .is_some_and(|k| k.column == i && !k.with_items))
                .then_some(Role::Extra)),
                shared_heading: leaves
                    .iter()
                    .filter(|l| l.cell.is_some() && l.cell == leaf.cell)
                    .count()
                    > 1,
                hidden: self.view.is_hidden(leaf),
            });
        }
        self.view.pair_parallel_reports(leaves, &mut columns);
        pdca_cycle(leaves, &mut columns);
        self.view.report_named_by_sheet(&mut columns);
        Some(PartEvidence {
            span,
            rows,
            schedule,
            layout: layout.map(|(index, _)| index),
            columns,
            results_below: kinds
                .as_ref()
                .filter(|k| k.results_below > 0)
                .map(|k| (k.results_below, leaves[k.column].col())),
            report_rows: kinds.filter(|k| !k.periods.is_empty()),
            year_column,
        })
    }

    /// The table a part of a band holds, with its reading's total score;
    /// else, for a region shaped like a table, why it is none.
    fn read_part(&self, band: &Band, leaves: &[Leaf]) -> Result<Read, Option<Box<Unread>>> {
        if leaves.iter().filter(|l| !l.text.is_empty()).count() < 2 {
            return Err(None);
        }
        let mut part = self.part_evidence(band, leaves).ok_or(None)?;
        let mut like = None;
        let (scheduled, labels_in_rows) = (!part.schedule.is_empty(), self.view.cell_map.is_some());
        let assign = |columns: &[ColumnEvidence]| roles::assign(columns, scheduled, labels_in_rows);
        let assigned = assign(&part.columns).or_else(|| {
            // The same form as a table read on a sheet before (第2四半期
            // after 第1四半期, its reports still blank): read alike.
            let read = self.view.read_alike(leaves)?;
            for (column, role) in part.columns.iter_mut().zip(&read.columns) {
                column.forced = Some(role.role);
            }
            like = Some(read.confidence);
            assign(&part.columns)
        });
        let Some(mut assignment) = assigned else {
            return Err(self.view.unread(band, leaves, &part).map(Box::new));
        };
        if part.rows.is_empty() && !self.view.template_header(band, leaves, &assignment) {
            return Err(None);
        }
        if part.layout.is_none() && roles::keys_grades(&part.columns, &assignment) {
            let reading =
                self.view
                    .table_reading(band, leaves, &assignment, &part.span, &part.rows);
            return Err(Some(Box::new(Unread {
                reading,
                reason: UnreadReason::GradeKey,
                top: band.top,
                rows: part.rows.len() as u32,
            })));
        }
        let mut source = match part.layout {
            Some(index) => ReadingSource::Layout { index },
            None => ReadingSource::Content,
        };
        let mut kept = None;
        if part.layout.is_none()
            && let Some(previous) = self.previous_roles(leaves)
            && previous
                != assignment
                    .columns
                    .iter()
                    .map(|c| c.role)
                    .collect::<Vec<_>>()
        {
            for (column, role) in part.columns.iter_mut().zip(&previous) {
                column.forced = Some(*role);
            }
            if let Some(again) = assign(&part.columns) {
                let names: Vec<String> = leaves.iter().map(|l| self.view.column_name(l)).collect();
                kept = Some(kept_warning(
                    self.view
                        .cell(band.top, leaves.first().map_or(0, Leaf::col)),
                    &names,
                    leaves,
                    &assignment,
                    &again,
                ));
                assignment = again;
                source = ReadingSource::Kept;
            }
        }
        let original = match source {
            ReadingSource::Content => {
                roles::measures_as_target(&part.columns, &mut assignment);
                roles::grouped_items_over_details(&part.columns, &mut assignment);
                let reports: Vec<u32> = assignment
                    .columns
                    .iter()
                    .zip(leaves)
                    .filter(|(c, _)| matches!(c.role, Role::Interim | Role::YearEnd))
                    .map(|(_, l)| l.col())
                    .collect();
                roles::items_merged_as_their_reports(&part.columns, &mut assignment, |goal| {
                    reports
                        .iter()
                        .any(|&c| self.view.merged_alike(&part.rows, leaves[goal].col(), c))
                });
                roles::titles_before_contents(&part.columns, &mut assignment);
                self.partners_beside_the_label(&part, leaves, &mut assignment);
                roles::year_end_after_interim(&part.columns, &mut assignment);
                let before = assignment.clone();
                let first = roles::revise_deadline(&part.columns, &mut assignment);
                let later = assignment.column_of(Role::Deadline);
                match (first, later) {
                    (Some(_), Some(later)) if !self.view.revises(&part.rows, &leaves[later]) => {
                        assignment = before;
                        None
                    }
                    _ => first,
                }
            }
            _ => None,
        };
        let report_rows = part
            .report_rows
            .take()
            .and_then(|kinds| report_rows_of(&mut assignment, &part.columns, kinds));
        let total = assignment.total;
        let mut cols =
            self.view
                .table_columns(band, leaves, &assignment, part.schedule, part.span.clone());
        cols.original_deadline = original.map(|i| leaves[i].col());
        cols.year_col = part.year_column.map(|i| leaves[i].col());
        cols.results_below = part.results_below;
        let mut reading =
            self.view
                .table_reading(band, leaves, &assignment, &part.span, &part.rows);
        // A few rows under a document's many lines (minutes: the meeting's
        // date, place, agenda and what was said, then 宿題事項): the
        // document's note of what follows from it more than a goal sheet.
        // So are a log's entries and a calendar's occasions.
        if source == ReadingSource::Content
            && (self.view.under_a_document(band.top, part.rows.len())
                || self.view.logs_entries(&part.rows, leaves, &assignment)
                || self.view.lists_occasions(&part.rows, leaves, &assignment)
                || self.view.lists_terms(&part.rows, leaves, &assignment)
                || self.view.logs_hours(&part.rows, leaves, &assignment))
        {
            reading.confidence = Confidence::Low;
        }
        reading.source = source;
        if let Some(confidence) = like {
            reading.confidence = reading.confidence.min(confidence);
        }
        if let Some((at, text, periods)) = report_rows {
            for field in [Field::Interim, Field::YearEnd] {
                cols.fields.remove(&field);
            }
            reading.report_periods = periods.clone();
            cols.report_rows = Some(ReportRows {
                period_col: leaves[at].col(),
                text_col: leaves[text].col(),
                periods,
            });
        }
        Ok(Read {
            cols,
            reading,
            kept,
            total,
        })
    }

    /// A column read as the items' departments by its cells alone that
    /// never names the department the sheet's label names (`連携先` listing
    /// 総務部、市民部 beside `部名 | 情報政策部`): it names the partners, not
    /// the owner, and is kept as an extra field.
    fn partners_beside_the_label(
        &self,
        part: &PartEvidence,
        leaves: &[Leaf],
        assignment: &mut Assignment,
    ) {
        let Some((labelled, _)) = &self.out.department else {
            return;
        };
        let Some(at) = assignment.column_of(Role::Department) else {
            return;
        };
        let evidence = &part.columns[at];
        if evidence.forced.is_some() || evidence.words.get(Role::Department) >= 0.4 {
            return;
        }
        let col = leaves[at].col();
        let names_the_label = part.rows.iter().any(|&r| {
            self.view
                .grid
                .text(r, col)
                .is_some_and(|t| t.contains(labelled.as_str()))
        });
        if !names_the_label {
            let column = &mut assignment.columns[at];
            column.runner_up = Some((column.role, column.score));
            column.role = Role::Extra;
            column.score = 0.0;
        }
    }

    /// The roles an earlier read of this file gave a table with the same
    /// headings (the n-th such table of the sheet), when it had them all.
    fn previous_roles(&self, leaves: &[Leaf]) -> Option<Vec<Role>> {
        if self.view.previous.is_empty() {
            return None;
        }
        let fingerprint = fingerprint(leaves);
        let seen = self
            .out
            .tables
            .iter()
            .filter(|t| t.fingerprint == fingerprint)
            .count();
        let previous = self
            .view
            .previous
            .iter()
            .filter(|t| t.fingerprint == fingerprint)
            .nth(seen)?;
        if previous.columns.len() != leaves.len()
            || previous
                .columns
                .iter()
                .zip(leaves)
                .any(|(c, l)| c.header != l.path())
        {
            return None;
        }
        Some(previous.columns.iter().map(|c| c.role).collect())
    }
}

impl SheetView<'_> {
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

    /// Whether a row inside a table's body starts another table: it names
    /// an item and another field of an item by the dictionary's words.
    pub(super) fn restarts_table(&self, row: u32) -> bool {
        let fields = self.row_fields(row);
        fields.iter().any(|f| f.2 == Field::Item)
            && fields
                .iter()
                .any(|f| f.2 != Field::Item && f.2 != Field::Number && is_item_column(f.2))
    }

    /// Whether the lines above a table's header at `top` make a document
    /// the table is a small part of: six lines or more, each one text of
    /// eight characters or more alone on its row, and more than twice the
    /// table's `rows`.
    fn under_a_document(&self, top: u32, rows: usize) -> bool {
        /// The fewest lines that make a document.
        const LINES: usize = 6;
        /// The fewest characters of a document's line.
        const LINE_CHARS: usize = 8;
        let lines = (0..top)
            .filter(|&r| {
                self.only_text_of_row(r)
                    .is_some_and(|(_, t)| t.trim().chars().count() >= LINE_CHARS)
            })
            .count();
        lines >= LINES && lines > 2 * rows
    }

    /// The headings of an outline drawn in two columns side by side: rows
    /// that write a heading (and at most its number) in the first and
    /// nothing right of it, between rows that write an item in the second
    /// and more right of it, no row writing in both (`(1) | 人口減少に挑む
    /// …` and `ア | データに基づく…` over `(ア) | | 人口推計の公開 | R8.9`).
    /// Returns the headings' column and their rows.
    fn outline_headings(&self, rows: &[u32], leaves: &[Leaf]) -> Option<(usize, Vec<u32>)> {
        let filled =
            |r: u32, leaf: &Leaf| leaf.cols.clone().any(|c| !self.grid.get(r, c).is_empty());
        (0..leaves.len().saturating_sub(2)).find_map(|level| {
            let (heading, item) = (&leaves[level], &leaves[level + 1]);
            let mut headings = Vec::new();
            let mut items = 0;
            for &r in rows {
                match (filled(r, heading), filled(r, item)) {
                    (true, true) => return None,
                    (true, false) => {
                        let right = leaves[level + 1..].iter().any(|l| filled(r, l));
                        let values = leaves.iter().filter(|l| filled(r, l)).count();
                        if right || values > 2 {
                            return None;
                        }
                        headings.push(r);
                    }
                    (false, true) => {
                        if !leaves[level + 2..].iter().any(|l| filled(r, l)) {
                            return None;
                        }
                        items += 1;
                    }
                    (false, false) => {}
                }
            }
            (headings.len() >= 2 && items >= 2).then_some((level, headings))
        })
    }

    /// The reading of a table read on a sheet before this one under the
    /// same header of three headed columns or more, column for column, read
    /// from its content: what a sheet repeating that form is read as.
    fn read_alike(&self, leaves: &[Leaf]) -> Option<TableReading> {
        /// The fewest headed columns of a form's table.
        const FORM_COLUMNS: usize = 3;
        if leaves.iter().filter(|l| !l.text.is_empty()).count() < FORM_COLUMNS {
            return None;
        }
        let fingerprint = fingerprint(leaves);
        self.context
            .tables_read
            .read
            .borrow()
            .iter()
            .find(|t| {
                t.fingerprint == fingerprint
                    && t.source == ReadingSource::Content
                    && t.columns.len() == leaves.len()
                    && t.columns
                        .iter()
                        .zip(leaves)
                        .all(|(c, l)| c.header == l.path())
            })
            .cloned()
    }

    /// Whether a later column holds revised deadlines: at least half of
    /// its filled cells are a day alone (a date, its serial number, or a
    /// deadline's phrase with at most a word beside it: `12月末`,
    /// `R8.12（延期）`). A column of comments that names a time in a
    /// sentence (`年度末にアンケート予定`) revises nothing.
    fn revises(&self, rows: &[u32], later: &Leaf) -> bool {
        /// The most characters beside a deadline's phrase in a cell that
        /// states a day alone.
        const BESIDE: usize = 4;
        let deadlines = self.deadlines();
        let (filled, days) = rows.iter().fold((0, 0), |(filled, days), &r| {
            let day = match self.grid.get(r, later.col()) {
                CellValue::Empty => return (filled, days),
                CellValue::Date(_) | CellValue::Month { .. } => true,
                CellValue::Number(n) => self.fy.serial_date_near(*n).is_some(),
                CellValue::Text(t) => deadlines.with(t, |found| {
                    let covered: usize = found
                        .iter()
                        .filter(|d| d.due().is_some())
                        .map(|d| d.phrase.chars().count())
                        .sum();
                    let written = t
                        .chars()
                        .filter(|c| !c.is_whitespace() && !"（）()【】[]".contains(*c))
                        .count();
                    covered > 0 && written <= covered + BESIDE
                }),
                _ => false,
            };
            (filled + 1, days + usize::from(day))
        });
        filled > 0 && days * 2 >= filled
    }

    /// Whether a leaf's heading cell is blank but drawn: merged down over
    /// the band's rows, as a heading is (No | 取組 | 期限 left unwritten
    /// over a header of two rows).
    fn drawn_blank_heading(&self, band: &Band, leaf: &Leaf) -> bool {
        leaf.text.is_empty()
            && band.body_start - band.top >= 2
            && self.grid.merge_at(band.top, leaf.col()).is_some_and(|m| {
                m.first_row == band.top
                    && m.last_row + 1 >= band.body_start
                    && m.first_col == leaf.col()
            })
    }

    /// Whether a leaf has no heading and nothing in the rows under it.
    fn column_is_blank(&self, band: &Band, leaf: &Leaf) -> bool {
        leaf.text.is_empty()
            && leaf.parents.is_empty()
            && (band.body_start..(band.body_start + 20).min(self.grid.rows()))
                .all(|r| self.grid.get(r, leaf.col()).is_empty())
    }

    /// Whether a schedule grid's month columns hold reports rather than
    /// marks, as a monthly log writes them: a heading over them names
    /// results or progress (月ごとの進み具合, 実績), or at least half of
    /// their values are sentences or reports of what was done.
    fn reports_month_by_month(
        &self,
        schedule: &[(u32, u32)],
        leaves: &[Leaf],
        profiles: &[ColumnProfile],
    ) -> bool {
        let months: Vec<(&Leaf, &ColumnProfile)> = leaves
            .iter()
            .zip(profiles)
            .filter(|(leaf, _)| schedule.iter().any(|&(c, _)| leaf.cols.contains(&c)))
            .collect();
        let headed = months.iter().any(|(leaf, _)| {
            leaf.parents
                .iter()
                .any(|parent| self.dict().names_results(parent))
        });
        let (values, reports) = months.iter().fold((0, 0), |(values, reports), (_, p)| {
            (values + p.values, reports + p.sentences.max(p.past_tense))
        });
        values > 0 && (headed || reports * 2 >= values)
    }

    /// Whether a schedule grid's columns hold marks (■, ●, →) in at least
    /// half of their values.
    fn marked_only(
        &self,
        schedule: &[(u32, u32)],
        leaves: &[Leaf],
        profiles: &[ColumnProfile],
    ) -> bool {
        let (values, marks) = leaves
            .iter()
            .zip(profiles)
            .filter(|(leaf, _)| schedule.iter().any(|&(c, _)| leaf.cols.contains(&c)))
            .fold((0, 0), |(values, marks), (_, p)| {
                (values + p.values, marks + p.marks)
            });
        values > 0 && marks * 2 >= values
    }

    /// Headers that say the same after different parts of the year
    /// (`半期の自己採点` and `年度の自己採点`, `上期の取組` and `通年の取組`):
    /// when one names the interim report and the other names a time that is
    /// no report's, the other is the year-end report (and the other way
    /// round).
    fn pair_parallel_reports(&self, leaves: &[Leaf], columns: &mut [ColumnEvidence]) {
        // Only a header that names a part of the year has a parallel;
        // where none does, two side by side may name the two reports.
        if !columns.iter().any(|c| c.words.names_a_report()) {
            self.reports_named_in_parallel(leaves, columns);
            return;
        }
        let texts: Vec<String> = leaves.iter().map(|l| normalize_word(&l.text)).collect();
        for i in 0..leaves.len() {
            for j in 0..leaves.len() {
                let Some((named, other)) = parallel_prefixes(&texts[i], &texts[j]) else {
                    continue;
                };
                let unplaced = |c: &ColumnEvidence| c.forced.is_none() && !c.words.names_a_report();
                if !unplaced(&columns[j]) || !names_time(other) {
                    continue;
                }
                let role = match self.dict().period_in(named) {
                    Some(ReportPeriod::Interim) => Role::YearEnd,
                    Some(ReportPeriod::YearEnd) => Role::Interim,
                    None => continue,
                };
                columns[j].words.add(role, 0.6);
            }
        }
    }

    /// With no header naming a report: two headers side by side that say
    /// the same after different times of the year, in words no dictionary
    /// holds (`年度なかばの手ごたえ` | `年度明けの手ごたえ`), no header word
    /// naming either, the left one written in sentences of what was done
    /// and the right one holding no more: the interim report and the
    /// year-end one, in the order a year runs. Only one such pair counts.
    fn reports_named_in_parallel(&self, leaves: &[Leaf], columns: &mut [ColumnEvidence]) {
        let texts: Vec<String> = leaves.iter().map(|l| normalize_word(&l.text)).collect();
        let unnamed = |c: &ColumnEvidence| c.forced.is_none() && c.words.strongest().is_none();
        let pairs: Vec<usize> = (1..leaves.len())
            .filter(|&j| {
                let (left, right) = (&columns[j - 1], &columns[j]);
                parallel_prefixes(&texts[j - 1], &texts[j])
                    .is_some_and(|(a, b)| names_time(a) && names_time(b))
                    && unnamed(left)
                    && unnamed(right)
                    && left.profile.values > 0
                    && left.profile.sentence_share().max(left.profile.past_share()) >= 0.5
                    && right.profile.values <= left.profile.values
            })
            .collect();
        if let [j] = pairs[..] {
            columns[j - 1].words.add(Role::Interim, 0.6);
            columns[j].words.add(Role::YearEnd, 0.6);
        }
    }

    /// Whether a table's rows are the entries of a log (受付簿, 交付一覧)
    /// more than a plan of work: a column no role takes holds a day on
    /// every row, three rows at least, the days never going back down the
    /// rows — when each row was received or decided, entered in turn.
    fn logs_entries(&self, rows: &[u32], leaves: &[Leaf], assignment: &Assignment) -> bool {
        rows.len() >= ENTRIES
            && unassigned_where(leaves, assignment, |leaf| self.days_in_order(rows, leaf))
    }

    /// Whether a table's rows are the entries of a log or a calendar kept by
    /// the hour (日報: 出動 4:00, 終了 7:30): a column no role takes holds a
    /// time of day on more than half of them, three rows at least. A plan
    /// of work keeps no hours.
    fn logs_hours(&self, rows: &[u32], leaves: &[Leaf], assignment: &Assignment) -> bool {
        rows.len() >= ENTRIES
            && unassigned_where(leaves, assignment, |leaf| {
                let hours = rows
                    .iter()
                    .filter(|&&r| super::profile::time_of_day_alone(self.grid.get(r, leaf.col())))
                    .count();
                2 * hours > rows.len()
            })
    }

    /// Whether a column holds a day on every row, the days never going
    /// back down the rows.
    fn days_in_order(&self, rows: &[u32], leaf: &Leaf) -> bool {
        let days: Option<Vec<chrono::NaiveDate>> = rows
            .iter()
            .map(|&r| super::profile::day_of(self.grid.get(r, leaf.col())))
            .collect();
        days.is_some_and(|days| days.windows(2).all(|w| w[0] <= w[1]))
    }

    /// Whether a table's rows are occasions on a calendar (庁議 | 11/10,
    /// 庁議 | 12/8, 防災会議 | 2/5) more than items of work: its deadline
    /// column holds a day on every row, three rows at least, the days never
    /// going back down the rows, and one title comes again on another row.
    /// Work is planned once; a meeting is held again.
    fn lists_occasions(&self, rows: &[u32], leaves: &[Leaf], assignment: &Assignment) -> bool {
        let (Some(item), Some(deadline)) = (
            assignment.column_of(Role::Item),
            assignment.column_of(Role::Deadline),
        ) else {
            return false;
        };
        let in_order = self.days_in_order(rows, &leaves[deadline]);
        let titles: Vec<&str> = rows
            .iter()
            .filter_map(|&r| self.grid.text(r, leaves[item].col()).map(str::trim))
            .collect();
        let again = titles
            .iter()
            .enumerate()
            .any(|(i, t)| titles[..i].contains(t));
        rows.len() >= ENTRIES && in_order && again
    }

    /// Whether a table's deadline column holds on every row a term, most
    /// of them from one day to another (`R8.6.1～R8.12.25`): the terms of
    /// contracts or works (工期) in a register, more than the deadlines of
    /// a plan.
    fn lists_terms(&self, rows: &[u32], leaves: &[Leaf], assignment: &Assignment) -> bool {
        use crate::calendar::{DeadlineKind, Precision, extract_deadlines};
        let Some(deadline) = assignment.column_of(Role::Deadline) else {
            return false;
        };
        // Whether one end of a term names a day; none where it names no date.
        let end = |t: &str| {
            let found = extract_deadlines(t, self.fy);
            (!found.is_empty()).then(|| {
                found.iter().any(|d| {
                    matches!(
                        d.kind,
                        DeadlineKind::Due {
                            precision: Precision::Day,
                            ..
                        }
                    )
                })
            })
        };
        // Each row's term, and whether it runs from a day to a day.
        let terms: Option<Vec<bool>> = rows
            .iter()
            .map(|&r| {
                let (from, to) = self
                    .grid
                    .text(r, leaves[deadline].col())?
                    .split_once(['～', '〜', '~'])?;
                let (from, to) = (end(from)?, end(to)?);
                Some(from && to)
            })
            .collect();
        terms.is_some_and(|terms| {
            terms.len() >= ENTRIES && 2 * terms.iter().filter(|&&d| d).count() > terms.len()
        })
    }

    /// On a sheet named for a part of the year (第2四半期, 上期, or 第1四半期,
    /// no report's), a table with no column headed for a part of the year:
    /// its one column headed for results alone (実施内容と成果) is that
    /// part's report; with none, its one column of sentences that no header
    /// word names is (`この3か月の動き`). That part's where it is a
    /// report's, placed when the workbook's sheets are read together
    /// (`place_sheet_period`).
    fn report_named_by_sheet(&self, columns: &mut [ColumnEvidence]) {
        use super::super::companions::{Named, sheet_named};
        let Some(named) = sheet_named(&self.grid.name, self.dict(), &self.opts().milestones) else {
            return;
        };
        let placed = columns
            .iter()
            .any(|c| c.forced.is_some() || (c.words.names_a_report() && !c.words.unplaced_report));
        // Results named without a part of the year (実施内容と成果, 報告),
        // whatever else the header's words name.
        let unplaced: Vec<usize> = (0..columns.len())
            .filter(|&i| {
                let c = &columns[i];
                c.forced.is_none()
                    && (c.words.unplaced_report
                        || (c.words.names_results && !c.words.names_a_report()))
            })
            .collect();
        if placed || unplaced.len() > 1 {
            return;
        }
        let role = match named {
            Named::Report(period) if period.report_period() == ReportPeriod::Interim => {
                Role::Interim
            }
            // A part no report stands for reads as one, and is left as an
            // extra field when its sheet is placed.
            Named::Report(_) | Named::Other => Role::YearEnd,
        };
        // The one column headed for results alone (実施内容と成果) reports
        // on the part the sheet is named for, as if its header named it.
        if let [only] = unplaced[..] {
            columns[only].words.place_report(role, 1.0);
            return;
        }
        let prose: Vec<usize> = (0..columns.len())
            .filter(|&i| {
                let c = &columns[i];
                c.words.strongest().is_none()
                    && c.profile.values > 0
                    && c.profile.sentence_share() >= 0.5
            })
            .collect();
        if let [only] = prose[..] {
            columns[only].words.add(role, REPORT_NAMED_BY_SHEET);
        }
    }

    /// A table-shaped part that reads as no table of items: at least
    /// three headings over two rows or more. Its reading is each column's
    /// best role, for `check --propose` to offer.
    fn unread(&self, band: &Band, leaves: &[Leaf], part: &PartEvidence) -> Option<Unread> {
        let headed = leaves.iter().filter(|l| !l.text.is_empty()).count();
        if headed < 3 || part.rows.len() < 2 {
            return None;
        }
        let guess = roles::best_guess(&part.columns);
        let reason = if guess.column_of(Role::Item).is_none() {
            UnreadReason::NoItemColumn
        } else {
            UnreadReason::NothingOfItems
        };
        let mut reading = self.table_reading(band, leaves, &guess, &part.span, &part.rows);
        reading.confidence = Confidence::Low;
        Some(Unread {
            reading,
            reason,
            top: band.top,
            rows: part.rows.len() as u32,
        })
    }

    /// The roles a `[[parse.layouts]]` mapping gives the leaves, with the
    /// mapping's index: the first whose sheet and fingerprint match and
    /// every one of whose columns names a leaf.
    fn layout_for(&self, leaves: &[Leaf]) -> Option<(usize, Vec<Option<Role>>)> {
        // Most configurations name no fingerprint: it is made only for one.
        let fingerprint = self
            .context
            .layouts
            .iter()
            .any(|(_, l)| l.fingerprint.is_some())
            .then(|| fingerprint(leaves));
        self.context.layouts.iter().find_map(|&(index, layout)| {
            // A mapping naming no column (a sheet's fiscal year, a report
            // workbook) maps no table.
            if layout.columns.is_empty()
                || layout
                    .sheet
                    .as_deref()
                    .is_some_and(|p| !crate::pattern::matches(p, &self.grid.name))
                || layout
                    .fingerprint
                    .as_deref()
                    .is_some_and(|f| Some(f) != fingerprint.as_deref())
            {
                return None;
            }
            let mut roles = vec![None; leaves.len()];
            for (key, role) in &layout.columns {
                let at = leaves
                    .iter()
                    .position(|l| names_leaf(key, &self.column_name(l), l))?;
                roles[at] = Some(*role);
            }
            Some((index, roles))
        })
    }

    /// Whether the rows under a band are a table's body: most body rows
    /// that hold values hold them under headings (one blank-headed column,
    /// the numbers, may stand left), and they are not rows of labelled
    /// values (項目名 | … / 現状・課題 | …).
    fn looks_like_table(
        &self,
        band: &Band,
        leaves: &[Leaf],
        rows: &[u32],
        span: &Range<u32>,
    ) -> bool {
        if rows.is_empty() {
            return true;
        }
        let holds_values = |leaf: &Leaf| {
            let c = leaf.col();
            rows.iter()
                .any(|&r| self.grid.origin(r, c).0 == r && !self.grid.get(r, c).is_empty())
        };
        let with_values: Vec<usize> = (0..leaves.len())
            .filter(|&i| holds_values(&leaves[i]))
            .collect();
        let headed = with_values
            .iter()
            .filter(|&&i| {
                !leaves[i].text.is_empty()
                    || !leaves[i].parents.is_empty()
                    || self.drawn_blank_heading(band, &leaves[i])
            })
            .count();
        if with_values.len() > headed + 1 {
            return false;
        }
        let labelled = rows
            .iter()
            .take(10)
            .filter(|&&r| {
                // A value merged down from a row above (the record's
                // number over its rows) is no cell of this row's own.
                span.clone()
                    .find(|&c| self.grid.origin(r, c).0 == r && !self.grid.get(r, c).is_empty())
                    .and_then(|c| self.label(r, c))
                    .is_some_and(|l| !matches!(l, Label::Stop | Label::GoalGroup))
            })
            .count();
        let considered = rows.len().min(10);
        // Labels down a column are a table's when they are its kinds of row
        // naming parts of the year (取組 / 途中報告 / 最終報告).
        if labelled * 2 > considered
            && self
                .row_kinds(rows, leaves, None)
                .is_none_or(|kinds| kinds.periods.is_empty())
        {
            return false;
        }
        // A header's body follows it directly: with a blank row between,
        // only the dictionary's item word keeps it a header.
        let gap = rows.first().is_some_and(|&first| {
            (band.body_start..first).any(|r| span.clone().all(|c| self.grid.get(r, c).is_empty()))
        });
        !gap || self.names_item(leaves)
    }

    /// Whether the dictionary names one of the leaves the item column.
    fn names_item(&self, leaves: &[Leaf]) -> bool {
        leaves.iter().any(|l| {
            l.cell
                .is_some_and(|(r, c)| matches!(self.label(r, c), Some(Label::Field(Field::Item))))
        })
    }

    /// A header with no body (a template not filled in yet) is a table only
    /// when the dictionary names its item column and no value stands right
    /// of that label (else it is a label–value block).
    fn template_header(&self, band: &Band, leaves: &[Leaf], assignment: &Assignment) -> bool {
        let Some(i) = assignment.column_of(Role::Item) else {
            return false;
        };
        let leaf = &leaves[i];
        let Some((r, c)) = leaf.cell else {
            return false;
        };
        let named = matches!(self.label(r, c), Some(Label::Field(Field::Item)));
        let right_is_period = || {
            right_of(self.grid, r, c)
                .and_then(|(vr, vc)| self.grid.text(vr, vc))
                .is_some_and(|t| period_heading(t).is_some())
        };
        named && r >= band.top && (!self.has_value_right(r, c) || right_is_period())
    }

    /// What a leaf's headings say per role, as the workbook's other
    /// sheets found it under the same headings, else read now.
    fn leaf_words(&self, leaf: &Leaf) -> (WordEvidence, Kept) {
        let mut key = String::new();
        for parent in &leaf.parents {
            key.push_str(parent);
            key.push('\u{1f}');
        }
        key.push_str(&leaf.text);
        let read = &self.context.header_words.read;
        let cached = read.borrow().get(&key).cloned();
        let found = cached.unwrap_or_else(|| {
            let found = self.read_leaf_words(leaf);
            read.borrow_mut().insert(key, found.clone());
            found
        });
        // A report under a heading naming another fiscal year alone
        // (令和7年度 › 実績 on a sheet of 令和8年度) is that year's, none of
        // this one's, and so is a column whose words name nothing (令和7年度
        // › まとめ), which its cells alone would make a report. Told after
        // the workbook's words: its sheets may be of several years.
        if (reports(&found.0) || found.0.strongest().is_none()) && self.under_another_year(leaf) {
            return (WordEvidence::default(), Kept::Extra);
        }
        found
    }

    /// Whether a heading above a leaf names a fiscal year alone, another
    /// than the sheet's.
    fn under_another_year(&self, leaf: &Leaf) -> bool {
        leaf.parents.iter().any(|p| {
            names_a_fiscal_year_alone(p)
                && fiscal_year_of_sheet_name(p).is_some_and(|y| y != self.fy)
        })
    }

    /// What a leaf's headings say per role.
    fn read_leaf_words(&self, leaf: &Leaf) -> (WordEvidence, Kept) {
        let mut words = WordEvidence::default();
        let own = normalize_label(&leaf.text);
        if self.dict().names_entry_date(&own) {
            // When a report was written (記入日, 中間報告日), not by when
            // the work is due: never a deadline, nor a report.
            return (WordEvidence::default(), Kept::Extra);
        }
        if leaf.parents.is_empty() && self.dict().is_stop(&own) {
            // A column of remarks (備考, 特記事項): kept with each item,
            // never a report waiting to be written, however blank.
            return (WordEvidence::default(), Kept::Extra);
        }
        if self.dict().names_partners(&leaf.text) {
            // The units the owner works with (関係局, 連携先): kept with
            // each item, neither its owner nor its department.
            return (WordEvidence::default(), Kept::Extra);
        }
        let add_fields = |evidence: Vec<(Field, f32)>, scale: f32, words: &mut WordEvidence| {
            for (f, w) in evidence {
                if let Some(r) = role_of(f) {
                    words.add(r, w * scale);
                }
            }
        };
        add_fields(self.dict().evidence(&own), 1.0, &mut words);
        // A word written with its bracketed note (目標(数値)) too.
        if has_bracket(&leaf.text) {
            add_fields(
                self.dict().evidence(&normalize_word(&leaf.text)),
                1.0,
                &mut words,
            );
        }
        if words.strongest().is_none() {
            add_fields(self.dict().hints(&own), 1.0, &mut words);
        }
        let mut parent_report = false;
        for parent in &leaf.parents {
            let p = normalize_label(parent);
            for joined in [format!("{p}{own}"), format!("{own}{p}")] {
                if let Some(f) = self.dict().classify_exact(&joined) {
                    add_fields(vec![(f, 1.0)], 1.0, &mut words);
                }
            }
            let evidence = self.dict().evidence(&p);
            parent_report |= evidence
                .iter()
                .any(|(f, _)| matches!(f, Field::Interim | Field::YearEnd))
                || self.dict().names_results(parent);
            add_fields(evidence, 0.7, &mut words);
        }
        if parent_report && !own.is_empty() {
            if self.dict().is_entry_date(&own) {
                // 記入日 under a report: when it was written, not what.
                return (WordEvidence::default(), Kept::Extra);
            }
            // 内容 / 状況 under a report is the report.
            let own_role = words
                .strongest()
                .filter(|(r, w)| *w >= 0.8 && !matches!(r, Role::Detail | Role::Item));
            if own_role.is_none() {
                words = WordEvidence::default();
            }
        }
        let stack = normalize_word(&format!("{}{}", leaf.parents.join(""), leaf.text));
        // A part of the year: a milestone of the configuration, else a
        // period no report stands for (第1四半期, 4～6月).
        // A part of the year as the heading itself: the configured
        // milestones say which is a report (第2四半期, 上期); a quarter or
        // a run of months they do not name is a period of its own, kept as
        // an extra field; a half they do not name (前期) is read below.
        if let Some(period) = period_heading(&leaf.text) {
            match self.opts().milestones.field(&leaf.text) {
                Some(f) => {
                    add_fields(vec![(f, 0.9)], 1.0, &mut words);
                    return (words, Kept::Role);
                }
                // A month's end with a report word (`10月末の状況`), or a
                // day as of which (`R8.10.31時点`), is when the report is
                // written as of, read below.
                None if matches!(period, Period::Quarter(_) | Period::Months { .. })
                    && !(own.contains("月末") && self.dict().names_results(&own))
                    && as_of_day_month(&own).is_none() =>
                {
                    return (words, Kept::Extra);
                }
                None => {}
            }
        }
        let results = self.dict().results_in(&stack);
        let period = match self.dict().period_in(&stack) {
            Some(ReportPeriod::Interim) => Some(Role::Interim),
            Some(ReportPeriod::YearEnd) => Some(Role::YearEnd),
            None => self
                .covered_months(&leaf.text)
                .or_else(|| self.milestone_month(&stack))
                .or_else(|| {
                    // A month named in English (`Progress (Sep)`).
                    let raw = format!("{} {}", leaf.parents.join(" "), leaf.text);
                    self.month_milestone(english_month(&raw)?)
                })
                .or_else(|| self.day_milestone(&stack))
                .or_else(|| self.season_milestone(&stack))
                // The heading names the month the report is made in
                // (`10月報告`, `4月提出`): the milestone the month follows.
                .or_else(|| {
                    let month = report_made_month(&normalize_word(&leaf.text))?;
                    report_role(self.opts().milestones.made_in_month(month)?)
                })
                // A report named for the month it is made in (`進捗（10月報告）`)
                // or for a month's end (`10月末の状況`): that of the last
                // milestone passed by then. A month as the heading itself is
                // a column of a log or a schedule.
                .or_else(|| {
                    let own = normalize_word(&leaf.text);
                    let as_of = period_heading(&leaf.text).is_none() || own.contains("月末");
                    (as_of && self.dict().names_results(&own))
                        .then(|| month_named(&own))
                        .flatten()
                        .and_then(|month| self.as_of_milestone(month))
                }),
        };
        match period {
            Some(role) => {
                let strength = if results || parent_report || period_heading(&leaf.text).is_some() {
                    0.85
                } else {
                    0.6
                };
                words.add(role, strength);
            }
            None => {
                words.names_results = results;
                if (results || parent_report)
                    && words.strongest().is_none_or(|(_, w)| w < 0.8)
                    && !words.names_a_report()
                {
                    words.add(Role::Interim, 0.45);
                    words.add(Role::YearEnd, 0.5);
                    words.unplaced_report = true;
                }
            }
        }
        // A report of a year gone by (前年度の結果) is none of this year's.
        if reports(&words) && self.dict().looks_back(&stack) {
            return (WordEvidence::default(), Kept::Extra);
        }
        (words, Kept::Role)
    }

    /// The report a header stands for by the one month it names
    /// (`ステータス（9月）`, `3月の状況`), or by the time it says has passed
    /// since the year began (`1年たって` → March): the milestone that ends
    /// that month (`[parse.milestones]`, 9月末 and 3月末 by default), if any.
    pub(super) fn milestone_month(&self, stack: &str) -> Option<Role> {
        let month = month_named(stack).or_else(|| elapsed_month_end(stack))?;
        self.month_milestone(month)
    }

    /// The report a header stands for by the run of months it says in
    /// brackets its column covers (`したこと（4月～9月）`,
    /// `取組実績（4月～3月）`): the milestone that ends its last month.
    fn covered_months(&self, heading: &str) -> Option<Role> {
        match bracketed_period(heading)? {
            Period::Months { first, last } if first != last => self.month_milestone(last),
            _ => None,
        }
    }

    /// The report a header stands for by the season it is written as of
    /// (`秋の時点の様子`): that of the last milestone passed by then
    /// ([`season_month`], [`super::super::periods::Milestones::as_of_month`]).
    fn season_milestone(&self, stack: &str) -> Option<Role> {
        self.as_of_milestone(season_month(stack)?)
    }

    /// The report a header stands for by the day it is written as of
    /// (`10月時点のあゆみ`, `R8.10.31時点`): that of the last milestone
    /// passed by then ([`as_of_day_month`]).
    fn day_milestone(&self, stack: &str) -> Option<Role> {
        self.as_of_milestone(as_of_day_month(stack)?)
    }

    /// The report of the last milestone passed by the end of `month`.
    fn as_of_milestone(&self, month: u32) -> Option<Role> {
        report_role(self.opts().milestones.as_of_month(month)?)
    }

    /// The report of the milestone that ends `month`, if any.
    fn month_milestone(&self, month: u32) -> Option<Role> {
        report_role(self.opts().milestones.field(&format!("{month}月末"))?)
    }

    /// The table's columns from the roles assigned.
    fn table_columns(
        &self,
        band: &Band,
        leaves: &[Leaf],
        assignment: &Assignment,
        schedule: Vec<(u32, u32)>,
        span: Range<u32>,
    ) -> TableColumns {
        let mut cols = TableColumns {
            top: band.top,
            span,
            row_cols: 0..self.grid.cols(),
            ..TableColumns::default()
        };
        if let Some(&(first, _)) = schedule.first() {
            cols.schedule_heading = (band.top..band.body_start.saturating_sub(1))
                .find_map(|r| self.parent_heading(r, first))
                .map(super::header_text);
        }
        for (leaf, chosen) in leaves.iter().zip(&assignment.columns) {
            let col = leaf.col();
            let in_schedule = schedule.iter().any(|&(c, _)| leaf.cols.contains(&c));
            match chosen.role {
                Role::Number if leaf.text.is_empty() => cols.number_guess = Some(col),
                Role::GoalNumber => cols.goal_number = Some(col),
                Role::Department => cols.department = Some(col),
                Role::Extra if in_schedule => {}
                Role::Extra => {
                    if !leaf.text.is_empty() {
                        cols.extras.push((col, leaf.text.clone()));
                    } else if let Some(parent) = leaf.parents.last() {
                        cols.extras.push((col, parent.clone()));
                    }
                }
                role => {
                    if let Some(field) = field_of(role) {
                        cols.fields.insert(field, col);
                        let header = if leaf.text.is_empty() {
                            leaf.parents.last().cloned().unwrap_or_default()
                        } else {
                            leaf.text.clone()
                        };
                        cols.headers.insert(field, header);
                    }
                }
            }
        }
        cols.schedule = schedule;
        cols
    }

    /// How a table was read, for `check` and the JSON.
    fn table_reading(
        &self,
        band: &Band,
        leaves: &[Leaf],
        assignment: &Assignment,
        span: &Range<u32>,
        rows: &[u32],
    ) -> TableReading {
        let last_row = rows
            .last()
            .copied()
            .unwrap_or(band.body_start.saturating_sub(1));
        let range = match self.cell_map {
            Some(map) => map.range(),
            None => format!(
                "{}:{}",
                crate::a1::cell_name(band.top, span.start),
                crate::a1::cell_name(last_row, span.end.saturating_sub(1))
            ),
        };
        TableReading {
            range,
            header_rows: band.body_start - band.top,
            confidence: assignment.confidence,
            source: ReadingSource::Content,
            fingerprint: fingerprint(leaves),
            report_periods: BTreeMap::new(),
            columns: leaves
                .iter()
                .zip(&assignment.columns)
                .map(|(leaf, chosen)| ColumnReading {
                    column: self.column_name(leaf),
                    header: leaf.path(),
                    role: chosen.role,
                    score: round(chosen.score),
                    runner_up: chosen.runner_up.map(|(role, s)| RoleScore {
                        role,
                        score: round(s),
                    }),
                    hidden: self.is_hidden(leaf),
                })
                .collect(),
        }
    }

    /// Whether a leaf's columns are all hidden on the sheet.
    /// The rows naming, in the column of years `col`, the year the first
    /// row names: where the rows name two years or more, the year takes
    /// two rows or more, and an item's title stands over its years: a
    /// cell of those rows merged down over the rows of the other years, or
    /// one of the columns `cols` written on every row of the first year and
    /// on none of the others.
    fn rows_of_first_year(&self, rows: &[u32], col: u32, cols: &[u32]) -> Option<Vec<u32>> {
        let year_of = |r: u32| self.year_in(r, col);
        let first = year_of(*rows.first()?)?;
        let of_first: Vec<u32> = rows
            .iter()
            .copied()
            .filter(|&r| year_of(r) == Some(first))
            .collect();
        let merged_over_years = of_first.iter().any(|&r| {
            self.grid.merged().iter().any(|m| {
                m.first_row == r
                    && m.last_row > r
                    && year_of(m.last_row).is_some_and(|y| y != first)
            })
        });
        let written_once = || {
            cols.iter().any(|&c| {
                c != col
                    && rows.iter().all(|&r| {
                        let own =
                            self.grid.origin(r, c) == (r, c) && !self.grid.get(r, c).is_empty();
                        own == (year_of(r) == Some(first))
                    })
            })
        };
        ((merged_over_years || written_once())
            && of_first.len() >= 2
            && of_first.len() < rows.len())
        .then_some(of_first)
    }

    fn is_hidden(&self, leaf: &Leaf) -> bool {
        leaf.cols.clone().all(|c| self.grid.is_hidden_column(c))
    }

    /// Where a leaf's values lie as `check` names it: its column's letter
    /// (`D`), or for records read as a table its label's cell (`B5`).
    fn column_name(&self, leaf: &Leaf) -> String {
        match self.cell_map {
            Some(map) => map.field_name(leaf.col()),
            None => crate::model::column_name(leaf.col()),
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

    /// A schedule grid's month columns in the band: the leaves whose month
    /// headings (4月 … 3月) run through at least six months in the fiscal
    /// year's order, over columns no field's word heads. A month merged
    /// over several columns gives each of them. A grid by quarters or runs
    /// of months (4-6月 … 1-3月, 第1四半期 …) runs so too, each column
    /// standing for its last month; it is told by its marks (`marked`).
    fn schedule_months(&self, leaves: &[Leaf]) -> Schedule {
        let mut months: Vec<(u32, u32)> = Vec::new();
        let mut run = 0;
        let mut coarse = false;
        let mut previous: Option<u32> = None;
        let mut best = Schedule::default();
        for leaf in leaves {
            // A part of a month (4月前半, 4月後半, 4月上旬 …) stands for its month.
            let part = month_part(&leaf.text);
            let span = match period_heading(&leaf.text) {
                _ if part.is_some() => part.map(|m| (m, m)),
                Some(Period::Month(m)) => Some((m, m)),
                Some(Period::Months { first, last }) if first != last => Some((first, last)),
                Some(Period::Quarter(q)) => Some((3 * q + 1, 3 * q + 3)).map(|(f, l)| {
                    let month = |m: u32| (m - 1) % 12 + 1;
                    (month(f), month(l))
                }),
                _ => None,
            };
            let next = match (span, previous) {
                // The next part of the same month goes on too.
                (Some((first, _)), Some(p)) if part.is_some() && first == p => true,
                (Some((first, _)), Some(p)) => fiscal_index(first) == fiscal_index(p) + 1,
                (Some(_), None) => true,
                _ => false,
            };
            if !next {
                if run >= MIN_SCHEDULE_MONTHS && months.len() > best.months.len() {
                    best = Schedule {
                        months: std::mem::take(&mut months),
                        marked: coarse,
                    };
                }
                months.clear();
                run = 0;
                coarse = false;
                previous = None;
            }
            if let Some((first, last)) = span {
                if previous != Some(last) {
                    run += (fiscal_index(last) + 1).saturating_sub(fiscal_index(first)) as usize;
                }
                coarse |= first != last;
                previous = Some(last);
                months.extend(leaf.cols.clone().map(|c| (c, last)));
            }
        }
        if run >= MIN_SCHEDULE_MONTHS && months.len() > best.months.len() {
            best = Schedule {
                months,
                marked: coarse,
            };
        }
        best
    }
}

/// The month a heading names a part of (`4月前半`, `10月後半`, `4月上旬`,
/// `4月下旬`): a schedule's column for part of that month.
fn month_part(text: &str) -> Option<u32> {
    // Folding widths makes no 月 of another character: most headings are
    // told here, before a folded copy is made.
    if !text.contains('月') {
        return None;
    }
    let t = super::super::text::folded(text);
    let (month, part) = t.split_once('月')?;
    let month: u32 = month.parse().ok()?;
    ((1..=12).contains(&month) && ["前半", "後半", "上旬", "中旬", "下旬"].contains(&part))
        .then_some(month)
}

/// A schedule grid's columns, as (column, month), and whether it is read
/// as one only where its cells are marks (a grid by quarters or runs of
/// months: such columns as often hold reports or statuses).
#[derive(Default)]
struct Schedule {
    months: Vec<(u32, u32)>,
    marked: bool,
}

/// What the scoring weighs of one part of a band.
struct PartEvidence {
    span: Range<u32>,
    rows: Vec<u32>,
    schedule: Vec<(u32, u32)>,
    /// The `[[parse.layouts]]` mapping in force, by index.
    layout: Option<usize>,
    columns: Vec<ColumnEvidence>,
    /// Where an item takes a row per report: the column of the rows'
    /// parts of the year, the report each value names, and the columns
    /// holding values in the later rows.
    report_rows: Option<RowKinds>,
    /// A column naming each row's fiscal year (its index).
    year_column: Option<usize>,
    /// How far below a record's first row its row of results stands, and
    /// the column of row kinds.
    results_below: Option<(u32, u32)>,
}

/// A table whose items take a row per report (区分: 中間 / 期末): the
/// column naming each row's part of the year, the column of the reports'
/// texts, and the report each value of the first names.
#[derive(Debug, Clone)]
pub(super) struct ReportRows {
    pub(super) period_col: u32,
    pub(super) text_col: u32,
    pub(super) periods: BTreeMap<String, ReportPeriod>,
}

/// A table read: its columns, how they were read, and the warning when
/// the earlier reading was kept.
pub(super) struct Read {
    cols: TableColumns,
    reading: TableReading,
    kept: Option<Warning>,
    /// The reading's total score.
    total: f32,
}

/// The fewest rows of a log, a calendar or a register that show what it
/// is (entries in order, an occasion held again, terms of works).
const ENTRIES: usize = 3;

/// Why a table-shaped region is no table of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnreadReason {
    /// No column reads as the items.
    NoItemColumn,
    /// A column reads as the items, but no other as what a goal sheet
    /// states of them (deadlines, reports, targets …).
    NothingOfItems,
    /// The key of a grading: each grade's code once, with its meaning.
    GradeKey,
}

impl UnreadReason {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            UnreadReason::NoItemColumn => "取組項目にあたる列が見つかりません",
            UnreadReason::NothingOfItems => {
                "取組項目らしい列のほかに、期限・報告・目標値など取組の表にある列が見つかりません"
            }
            UnreadReason::GradeKey => "評価の区分とその意味を並べた凡例です",
        }
    }
}

/// A table-shaped region read as no table of items, with the reading it
/// would have had.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unread {
    pub reading: TableReading,
    pub reason: UnreadReason,
    /// The first row of its header.
    pub(super) top: u32,
    rows: u32,
}

/// Whether a heading's words read it as a report or its grade.
fn reports(words: &WordEvidence) -> bool {
    words.strongest().is_some_and(|(r, _)| {
        matches!(
            r,
            Role::Interim | Role::YearEnd | Role::Achievement | Role::SelfAssessment
        )
    })
}

/// Whether a `[[parse.layouts]]` key names a leaf: its place as `check`
/// shows it (`place`: its letter, or a field's label cell), its headings as
/// `check` shows them, or its deepest heading (normalised alike).
fn names_leaf(key: &str, place: &str, leaf: &Leaf) -> bool {
    let key = key.trim();
    if key == place {
        return true;
    }
    let wanted = normalize_label(&key.replace('›', ""));
    !wanted.is_empty()
        && (wanted == normalize_label(&leaf.path().replace('›', ""))
            || wanted == normalize_label(&leaf.text))
}

/// The reading of a table whose items take a row per report, its period
/// column at `at`: that column's role, and the column whose cells hold
/// each row's report — the one report column (interim or year-end), else
/// the column of texts the later rows fill (`varying`: 内容, read as the
/// interim report's), else the item's column when the later rows fill it.
/// A column the later rows pick values in beside those texts (順調) is
/// none of the reports. None when the table has two report columns or none.
fn report_rows_of(
    assignment: &mut roles::Assignment,
    columns: &[ColumnEvidence],
    kinds: RowKinds,
) -> Option<(usize, usize, BTreeMap<String, ReportPeriod>)> {
    let RowKinds {
        column: at,
        periods,
        varying,
        picks,
        with_items,
        spread,
        ..
    } = kinds;
    let varying = varying.as_slice();
    // Kinds under each item in its own column: that column stays the
    // items', and the reports are another column's.
    if with_items && assignment.columns[at].role != Role::Item {
        return None;
    }
    // What the later rows pick beside the reports' texts (進み具合: 順調)
    // grades them: no report of its own.
    for i in picks {
        let column = &mut assignment.columns[i];
        if matches!(column.role, Role::Interim | Role::YearEnd) {
            column.runner_up = Some((column.role, column.score));
            column.role = Role::Extra;
        }
    }
    let reports: Vec<usize> = assignment
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.role, Role::Interim | Role::YearEnd))
        .map(|(i, _)| i)
        .collect();
    let role = |i: usize| assignment.columns[i].role;
    let text = match reports.as_slice() {
        [one] => *one,
        // An export writes each report in the item's own column, on the
        // report's row.
        [] => *varying
            .iter()
            .find(|&&i| {
                matches!(role(i), Role::Extra | Role::Detail)
                    && columns[i].forced.is_none()
                    && columns[i].profile.deadline_share() < 0.5
            })
            .or_else(|| {
                varying
                    .iter()
                    .find(|&&i| role(i) == Role::Item && !with_items)
            })
            .or_else(|| varying.first().filter(|_| spread))?,
        _ => return None,
    };
    if with_items && text == at {
        return None;
    }
    let chosen = &mut assignment.columns[text];
    // A column holding the reports' texts spread across their rows keeps
    // its role on the items' rows (担当課).
    let keeps_role = spread && reports.is_empty() && Some(&text) == varying.first();
    if !keeps_role && !matches!(chosen.role, Role::Interim | Role::YearEnd | Role::Item) {
        chosen.runner_up = Some((chosen.role, chosen.score));
        chosen.role = Role::Interim;
    }
    if !with_items {
        assignment.columns[at].role = Role::ReportPeriod;
    }
    Some((at, text, periods))
}

/// Whether a column's values are each a fiscal year and nothing else, two
/// or more of them: the year of each row. Under a heading the dictionary
/// reads as a fiscal year (対象年度, or a label ending in 年度), years
/// written as numbers (2025, 2026) count too; the heading is asked of
/// (`headed_for_years`) only for a column holding some.
fn names_each_rows_year(headed_for_years: impl FnOnce() -> bool, profile: &ColumnProfile) -> bool {
    let years = if profile.year_numbers > 0 && headed_for_years() {
        profile.fiscal_years + profile.year_numbers
    } else {
        profile.fiscal_years
    };
    years >= 2 && years == profile.values
}

/// The notice of a reading the words and cells do not make sure.
fn low_confidence(sheet: &str, reading: &TableReading) -> Warning {
    let item = reading
        .columns
        .iter()
        .find(|c| c.role == Role::Item)
        .map(|c| format!("{}「{}」", c.place(), c.header))
        .unwrap_or_default();
    Warning {
        cell: None,
        message: format!(
            "{sheet}!{} の表は見出しの語と中身から読みましたが、確信度が低い読み方です（取組項目 = {item}）。\
             誤っていれば、mokuhyo check --propose の出力を設定に加えると列の役割を固定できます",
            reading.range
        ),
    }
}

/// The notice of a save whose reading would have changed a column's role:
/// the earlier reading is kept.
fn kept_warning(
    cell: crate::model::CellRef,
    names: &[String],
    leaves: &[Leaf],
    would: &Assignment,
    kept: &Assignment,
) -> Warning {
    let changes: Vec<String> = leaves
        .iter()
        .zip(names)
        .zip(would.columns.iter().zip(&kept.columns))
        .filter(|(_, (w, k))| w.role != k.role)
        .map(|((leaf, name), (w, k))| {
            format!(
                "{}「{}」{}→{}",
                crate::model::column_place(name),
                leaf.path(),
                k.role.label(),
                w.role.label()
            )
        })
        .collect();
    Warning {
        cell: Some(cell),
        message: format!(
            "この保存で表の列の読み方が変わるところでした（{}）。同じ見出しの表なので前回の読み方を保ちました。\
             列の役割を変えたのなら、mokuhyo check --propose の出力を設定に加えてください",
            changes.join("、")
        ),
    }
}

/// Four columns headed by the steps of a PDCA cycle in order (`P（計画）`,
/// `Do`, `C`, `Action`: headers beginning with P, D, C and A): the plan is
/// the items (or, after a column of items, their target), the do column their means, the check column the interim
/// report and the act column the year-end report.
fn pdca_cycle(leaves: &[Leaf], columns: &mut [ColumnEvidence]) {
    let letter = |leaf: &Leaf| {
        leaf.text
            .chars()
            .map(super::super::dictionary::fold_width)
            .next()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
    };
    let letters: Vec<Option<char>> = leaves.iter().map(letter).collect();
    let Some(p) = letters
        .windows(4)
        .position(|w| w == [Some('P'), Some('D'), Some('C'), Some('A')])
    else {
        return;
    };
    // A column of items before the cycle (取組 | P 計画 | D | C | A) leaves
    // the plan what the item aims at.
    let plan = if columns[..p].iter().any(roles::reads_as_items) {
        Role::Target
    } else {
        Role::Item
    };
    let steps = [
        (plan, 0.6),
        (Role::Detail, 0.6),
        (Role::Interim, 0.85),
        (Role::YearEnd, 0.85),
    ];
    // A step whose header names a part of the year itself (`D 実行（上半期
    // の実施状況）`, `C 評価（年度末）`) is read by that, not by its place
    // in the cycle.
    for (column, (role, weight)) in columns[p..p + 4].iter_mut().zip(steps) {
        if column.forced.is_none() && !column.words.names_a_report() {
            column.words.add(role, weight);
        }
    }
}

/// The parts before a common ending of two headers (`半期の` and `年度の`
/// before `自己採点`), when they end alike in two characters or more and
/// differ before.
fn parallel_prefixes<'t>(a: &'t str, b: &'t str) -> Option<(&'t str, &'t str)> {
    let common = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let cut = |t: &'t str| {
        let at = t.char_indices().rev().nth(common - 1).map_or(0, |(i, _)| i);
        &t[..at]
    };
    if common < 2 {
        return None;
    }
    let (pa, pb) = (cut(a), cut(b));
    (!pa.is_empty() && !pb.is_empty() && pa != pb).then_some((pa, pb))
}

/// Whether a part of a header names a time: a year, a term, a month.
fn names_time(part: &str) -> bool {
    part.contains(['年', '期', '月', '末'])
}

/// The columns leaves span, from the first's to the last's.
fn span_of(leaves: &[Leaf]) -> Option<Range<u32>> {
    Some(leaves.first()?.cols.start..leaves.last()?.cols.end)
}

/// The parts of a band's leaves between blank columns, as index ranges.
fn split_parts(
    band: &Band,
    is_blank: impl Fn(&Leaf) -> bool,
    drawn_blank: impl Fn(&Leaf) -> bool,
) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = None;
    for (i, leaf) in band.leaves.iter().enumerate() {
        let blank = is_blank(leaf);
        match (start, blank) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                parts.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        parts.push(s..band.leaves.len());
    }
    // Leading and trailing blank-headed columns are no part of a table's
    // headings; a part is kept from its first heading (or the blank number
    // column just left of it, or the blank headings drawn left of it).
    parts
        .into_iter()
        .map(|p| {
            let first_heading = (p.start..p.end)
                .find(|&i| !band.leaves[i].text.is_empty())
                .unwrap_or(p.start);
            let drawn = (p.start..first_heading)
                .rev()
                .take_while(|&i| drawn_blank(&band.leaves[i]))
                .last();
            let start = drawn.unwrap_or(first_heading.saturating_sub(1).max(p.start));
            let last_heading = (p.start..p.end)
                .rev()
                .find(|&i| !band.leaves[i].text.is_empty() || !band.leaves[i].parents.is_empty())
                .unwrap_or(p.end - 1);
            start..last_heading + 1
        })
        .collect()
}

/// A short identity of a header's words, the same for every file made from
/// the same template: the leaves' headings, normalised, hashed.
pub(crate) fn fingerprint(leaves: &[Leaf]) -> String {
    let words: Vec<String> = leaves
        .iter()
        .map(|l| normalize_label(&l.path().replace(" › ", "")))
        .collect();
    format!(
        "{:08x}",
        xxhash_rust::xxh3::xxh3_64(words.join("|").as_bytes()) as u32
    )
}

fn round(score: f32) -> f32 {
    (score * 100.0).round() / 100.0
}

/// Whether a column no role takes (an extra field) holds what `holds` asks.
fn unassigned_where(
    leaves: &[Leaf],
    assignment: &Assignment,
    holds: impl Fn(&Leaf) -> bool,
) -> bool {
    leaves
        .iter()
        .zip(&assignment.columns)
        .any(|(leaf, chosen)| chosen.role == Role::Extra && holds(leaf))
}

/// Whether `lost`, read as nothing, would have been the deadline that
/// `kept`, the column after it, is: an original deadline beside the one
/// kept (当初期限 | 期限).
fn lost_deadline_to(lost: &ColumnReading, kept: &ColumnReading) -> bool {
    lost.role == Role::Extra
        && kept.role == Role::Deadline
        && lost
            .runner_up
            .as_ref()
            .is_some_and(|next| next.role == Role::Deadline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("半期の自己採点", "年度の自己採点", Some(("半期", "年度")))]
    #[case("上期の取組", "通年の取組", Some(("上期", "通年")))]
    #[case("中間報告", "期末報告", Some(("中間", "期末")))]
    #[case("自己採点", "年度の自己採点", None)]
    #[case("取組項目", "期限", None)]
    #[case("評価", "再評価", None)]
    fn finds_what_two_headers_say_before_a_common_ending(
        #[case] a: &str,
        #[case] b: &str,
        #[case] prefixes: Option<(&str, &str)>,
    ) {
        assert_eq!(parallel_prefixes(a, b), prefixes);
    }
}
