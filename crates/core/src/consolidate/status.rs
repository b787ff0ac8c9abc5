//! The status words a city reads, each with one meaning wherever it is
//! shown: the consolidated workbook (whose 凡例 on 概要 says them), its
//! JSON, the planning digest, `remind --dry-run`, `status` and a page made
//! from the same model. The state of an item's dates ([`DueStatus`]) and of
//! each of its reports ([`ReportStatus`]) on a day, and the counts of them
//! ([`Counts`]).
//!
//! Pure: the day and the reporting dates are parameters.

use chrono::NaiveDate;
use serde::Serialize;

use super::labels;
use crate::model::{ActionItem, ReportState};
use crate::remind::config::Milestone;

/// Days ahead of a due date from which an item counts as due soon (14日以内).
pub(crate) const DUE_SOON_DAYS: i64 = 14;

/// The reporting milestones of a fiscal year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ReportingDates {
    pub interim_due: Option<NaiveDate>,
    pub year_end_due: Option<NaiveDate>,
}

impl ReportingDates {
    /// Each milestone with its due date, in date order.
    pub fn milestones(&self) -> Vec<(Milestone, NaiveDate)> {
        let mut known: Vec<(Milestone, NaiveDate)> = [
            (Milestone::Interim, self.interim_due),
            (Milestone::YearEnd, self.year_end_due),
        ]
        .into_iter()
        .filter_map(|(m, d)| d.map(|d| (m, d)))
        .collect();
        known.sort_by_key(|(_, d)| *d);
        known
    }

    /// The due date of `milestone`.
    pub fn due(&self, milestone: Milestone) -> Option<NaiveDate> {
        match milestone {
            Milestone::Interim => self.interim_due,
            Milestone::YearEnd => self.year_end_due,
        }
    }

    /// The due dates `reminders` gives fiscal year `fy`.
    pub fn of(
        reminders: &crate::remind::config::RemindersConfig,
        fy: crate::calendar::FiscalYear,
    ) -> Self {
        ReportingDates {
            interim_due: reminders.due_date(fy, Milestone::Interim),
            year_end_due: reminders.due_date(fy, Milestone::YearEnd),
        }
    }
}

/// 状態 of an item, or of one of its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueStatus {
    /// 期限超過: a date has passed, no report tells of it, and the report
    /// that would tell of it was due and is not filled ([`ReportCover`]).
    Overdue,
    /// 報告待ち: a date has passed, and the report that would tell of it is
    /// not due yet (not late, not red).
    AwaitingReport,
    /// 14日以内.
    DueSoon,
    /// 予定.
    Scheduled,
    /// 報告済: the date has passed and a report covering it is filled.
    Reported,
    /// 通年: ongoing work without a date.
    Ongoing,
    /// 未定: the deadline text says the date is not set yet.
    Undecided,
}

impl DueStatus {
    /// Every status, in the order the 凡例 lists them.
    pub const ALL: [DueStatus; 7] = [
        DueStatus::Overdue,
        DueStatus::AwaitingReport,
        DueStatus::Reported,
        DueStatus::DueSoon,
        DueStatus::Scheduled,
        DueStatus::Ongoing,
        DueStatus::Undecided,
    ];

    /// The word shown: 期限超過, 報告待ち ….
    pub fn label(self) -> &'static str {
        match self {
            DueStatus::Overdue => labels::STATUS_OVERDUE,
            DueStatus::AwaitingReport => labels::STATUS_AWAITING_REPORT,
            DueStatus::DueSoon => labels::STATUS_DUE_SOON,
            DueStatus::Scheduled => labels::STATUS_SCHEDULED,
            DueStatus::Reported => labels::STATUS_REPORTED,
            DueStatus::Ongoing => labels::STATUS_ONGOING,
            DueStatus::Undecided => labels::STATUS_UNDECIDED,
        }
    }

    /// The key the JSON gives it: `overdue`, `awaiting_report` ….
    pub fn key(self) -> &'static str {
        match self {
            DueStatus::Overdue => "overdue",
            DueStatus::AwaitingReport => "awaiting_report",
            DueStatus::DueSoon => "due_soon",
            DueStatus::Scheduled => "scheduled",
            DueStatus::Reported => "reported",
            DueStatus::Ongoing => "ongoing",
            DueStatus::Undecided => "undecided",
        }
    }
}

/// 提出状況 of one report (中間報告 or 期末報告) of an item on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// 提出済: the report cell is filled.
    Submitted,
    /// 未提出: the cell is empty and its reporting date has not passed
    /// (the day itself included).
    NotSubmitted,
    /// 提出遅れ: the cell is empty after its reporting date: the cells the
    /// overdue notices ask for.
    Late,
    /// 欄なし: the layout has no such report (not counted in the rates).
    NotInLayout,
    /// 記入欄なし: the layout has the report but no cell for this item and
    /// year: never mailed, not counted as missing nor in the rates.
    NoCell,
}

impl ReportStatus {
    /// The status of a report in `state` whose reporting date is `due`,
    /// on `today`.
    pub fn of(state: &ReportState<'_>, due: Option<NaiveDate>, today: NaiveDate) -> Self {
        match state {
            ReportState::Filled(_) => ReportStatus::Submitted,
            ReportState::Empty(_) if due.is_some_and(|d| d < today) => ReportStatus::Late,
            ReportState::Empty(_) => ReportStatus::NotSubmitted,
            ReportState::NoCell => ReportStatus::NoCell,
            ReportState::NotInLayout => ReportStatus::NotInLayout,
        }
    }

    /// The status of `item`'s report for `milestone` on `today`.
    pub fn of_item(
        item: &ActionItem,
        milestone: Milestone,
        reporting: &ReportingDates,
        today: NaiveDate,
    ) -> Self {
        ReportStatus::of(&milestone.state(item), reporting.due(milestone), today)
    }

    /// The word: 提出済, 未提出, 提出遅れ, 欄なし, 記入欄なし.
    pub fn label(self) -> &'static str {
        match self {
            ReportStatus::Submitted => labels::SUBMISSION_DONE,
            ReportStatus::NotSubmitted => labels::SUBMISSION_MISSING,
            ReportStatus::Late => labels::SUBMISSION_LATE,
            ReportStatus::NotInLayout => labels::NOT_IN_LAYOUT,
            ReportStatus::NoCell => labels::NO_CELL,
        }
    }

    /// The key the JSON gives it: `submitted`, `not_submitted`, `late`,
    /// `not_in_layout`, `no_cell`.
    pub fn key(self) -> &'static str {
        match self {
            ReportStatus::Submitted => "submitted",
            ReportStatus::NotSubmitted => "not_submitted",
            ReportStatus::Late => "late",
            ReportStatus::NotInLayout => "not_in_layout",
            ReportStatus::NoCell => "no_cell",
        }
    }

    /// A report asked for: filled, or empty with its cell (what the rates
    /// count).
    pub fn is_asked(self) -> bool {
        matches!(
            self,
            ReportStatus::Submitted | ReportStatus::NotSubmitted | ReportStatus::Late
        )
    }
}

/// The date an item is measured against: the earliest one not yet passed,
/// else the latest.
pub(crate) fn choose_due(dates: &[NaiveDate], today: NaiveDate) -> Option<NaiveDate> {
    dates
        .iter()
        .copied()
        .filter(|d| *d >= today)
        .min()
        .or_else(|| dates.iter().copied().max())
}

/// Which of an item's dates its reports tell of, and when the report that
/// would tell of a date is due. The year-end report tells of every date of
/// the year; the interim report of the dates up to the interim due date
/// (work due in July is reported on in the interim report of October), not
/// of later ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReportCover {
    pub interim_filled: bool,
    pub year_end_filled: bool,
    /// The layout asks this item for an interim report (a cell, filled or not).
    pub interim_asked: bool,
    pub reporting: ReportingDates,
}

impl ReportCover {
    pub fn of(item: &ActionItem, reporting: &ReportingDates) -> Self {
        ReportCover {
            interim_filled: item.interim.is_filled(),
            year_end_filled: item.year_end.is_filled(),
            interim_asked: Milestone::Interim.state(item).is_asked(),
            reporting: *reporting,
        }
    }

    /// Whether a filled report tells of work due on `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.year_end_filled
            || (self.interim_filled && self.reporting.interim_due.is_some_and(|due| date <= due))
    }

    /// When the report that would tell of work due on `date` is due: the
    /// interim report's date for a date up to it (when the layout asks the
    /// item for one), else the year-end report's.
    pub fn telling_due(&self, date: NaiveDate) -> Option<NaiveDate> {
        match self.reporting.interim_due {
            Some(interim) if self.interim_asked && date <= interim => Some(interim),
            _ => self.reporting.year_end_due,
        }
    }

    /// 状態 of a date that has passed by `today`: 報告済, 報告待ち until the
    /// report that would tell of it is due, then 期限超過.
    fn passed(&self, date: NaiveDate, today: NaiveDate) -> DueStatus {
        if self.covers(date) {
            DueStatus::Reported
        } else if self.telling_due(date).is_some_and(|due| today <= due) {
            DueStatus::AwaitingReport
        } else {
            DueStatus::Overdue
        }
    }
}

/// 状態 of a date (`None`: no date), of ongoing work, as `cover` tells;
/// `None` when there is neither a date nor ongoing work.
pub(crate) fn due_status(
    due: Option<NaiveDate>,
    ongoing: bool,
    cover: &ReportCover,
    today: NaiveDate,
) -> Option<DueStatus> {
    match due {
        Some(d) if d < today => Some(cover.passed(d, today)),
        Some(d) if (d - today).num_days() <= DUE_SOON_DAYS => Some(DueStatus::DueSoon),
        Some(_) => Some(DueStatus::Scheduled),
        None if ongoing => Some(DueStatus::Ongoing),
        None => None,
    }
}

/// The date an item is shown with and its 状態: when one of its dates is
/// 期限超過, the latest such date; else when one awaits its report
/// (報告待ち), the latest such date; else the date [`choose_due`] picks
/// and its 状態. So an item is 期限超過 on 全庁一覧 exactly when one of its
/// rows on 期限一覧 is.
pub(crate) fn item_status(
    dates: &[NaiveDate],
    ongoing: bool,
    cover: &ReportCover,
    today: NaiveDate,
) -> (Option<NaiveDate>, Option<DueStatus>) {
    for wanted in [DueStatus::Overdue, DueStatus::AwaitingReport] {
        let latest = dates
            .iter()
            .copied()
            .filter(|d| *d < today && cover.passed(*d, today) == wanted)
            .max();
        if let Some(date) = latest {
            return (Some(date), Some(wanted));
        }
    }
    let due = choose_due(dates, today);
    (due, due_status(due, ongoing, cover, today))
}

/// The date and 状態 of `item` on `today`, as 全庁一覧 shows them: its
/// dates as [`item_status`] weighs them, 通年 for ongoing work without a
/// date, 未定 for a date not set yet.
pub fn item_state(
    item: &ActionItem,
    reporting: &ReportingDates,
    today: NaiveDate,
) -> (Option<NaiveDate>, Option<DueStatus>) {
    let (ongoing, undecided) = date_kinds(item);
    let cover = ReportCover::of(item, reporting);
    let (due, status) = item_status(&item.due_dates(), ongoing, &cover, today);
    (due, status.or(undecided.then_some(DueStatus::Undecided)))
}

/// Whether `item`'s deadline text tells of ongoing work (通年) and of a
/// date not set yet (未定).
pub(crate) fn date_kinds(item: &ActionItem) -> (bool, bool) {
    use crate::calendar::DeadlineKind;
    let has = |kind: fn(&DeadlineKind) -> bool| item.deadlines.iter().any(|d| kind(&d.kind));
    (
        has(|k| matches!(k, DeadlineKind::Ongoing)),
        has(|k| matches!(k, DeadlineKind::Undecided)),
    )
}

/// How many reports of one milestone are in each [`ReportStatus`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReportCounts {
    pub submitted: u64,
    pub not_submitted: u64,
    pub late: u64,
    pub no_cell: u64,
    pub not_in_layout: u64,
}

impl ReportCounts {
    pub fn add(&mut self, status: ReportStatus) {
        *self.slot(status) += 1;
    }

    fn slot(&mut self, status: ReportStatus) -> &mut u64 {
        match status {
            ReportStatus::Submitted => &mut self.submitted,
            ReportStatus::NotSubmitted => &mut self.not_submitted,
            ReportStatus::Late => &mut self.late,
            ReportStatus::NoCell => &mut self.no_cell,
            ReportStatus::NotInLayout => &mut self.not_in_layout,
        }
    }

    /// How many are in `status`.
    pub fn of(&self, status: ReportStatus) -> u64 {
        match status {
            ReportStatus::Submitted => self.submitted,
            ReportStatus::NotSubmitted => self.not_submitted,
            ReportStatus::Late => self.late,
            ReportStatus::NoCell => self.no_cell,
            ReportStatus::NotInLayout => self.not_in_layout,
        }
    }

    /// Reports asked for: submitted, or empty with a cell to fill.
    pub fn asked(&self) -> u64 {
        self.submitted + self.not_submitted + self.late
    }

    /// Reports still empty with a cell to fill (未提出 or 提出遅れ).
    pub fn empty(&self) -> u64 {
        self.not_submitted + self.late
    }

    /// The submission rate: submitted of asked; `None` when none is asked.
    pub fn rate(&self) -> Option<f64> {
        let asked = self.asked();
        (asked > 0).then(|| self.submitted as f64 / asked as f64)
    }

    /// Each status with its count, those above zero, in the order
    /// 提出済, 未提出, 提出遅れ, 記入欄なし, 欄なし.
    pub fn shown(&self) -> Vec<(ReportStatus, u64)> {
        [
            ReportStatus::Submitted,
            ReportStatus::NotSubmitted,
            ReportStatus::Late,
            ReportStatus::NoCell,
            ReportStatus::NotInLayout,
        ]
        .into_iter()
        .map(|s| (s, self.of(s)))
        .filter(|(_, n)| *n > 0)
        .collect()
    }

    fn merge(&mut self, other: &ReportCounts) {
        self.submitted += other.submitted;
        self.not_submitted += other.not_submitted;
        self.late += other.late;
        self.no_cell += other.no_cell;
        self.not_in_layout += other.not_in_layout;
    }
}

/// The counts of one department (or of all of them) on a day: what 概要
/// shows per department, the JSON's `departments`, the planning digest's
/// rows and `status`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Workbooks counted (a copy of another is not).
    pub files: u64,
    pub goals: u64,
    pub items: u64,
    pub interim: ReportCounts,
    pub year_end: ReportCounts,
    /// Items 期限超過 ([`DueStatus::Overdue`]).
    pub overdue: u64,
    /// Items 報告待ち ([`DueStatus::AwaitingReport`]).
    pub awaiting_report: u64,
    /// Workbooks of the department that could not be read (wholly or in
    /// part): their last good data, if any, is counted.
    pub files_with_errors: u64,
}

impl Counts {
    /// Counts one item whose 状態 is `status`, its reports as of `today`.
    pub fn add_item(
        &mut self,
        item: &ActionItem,
        status: Option<DueStatus>,
        reporting: &ReportingDates,
        today: NaiveDate,
    ) {
        self.items += 1;
        self.interim.add(ReportStatus::of_item(
            item,
            Milestone::Interim,
            reporting,
            today,
        ));
        self.year_end.add(ReportStatus::of_item(
            item,
            Milestone::YearEnd,
            reporting,
            today,
        ));
        match status {
            Some(DueStatus::Overdue) => self.overdue += 1,
            Some(DueStatus::AwaitingReport) => self.awaiting_report += 1,
            _ => {}
        }
    }

    /// The reports of `milestone`.
    pub fn of(&self, milestone: Milestone) -> &ReportCounts {
        match milestone {
            Milestone::Interim => &self.interim,
            Milestone::YearEnd => &self.year_end,
        }
    }

    /// Reports late (提出遅れ), of both milestones.
    pub fn late(&self) -> u64 {
        self.interim.late + self.year_end.late
    }

    /// Adds `other` (a department's counts to the total).
    pub fn merge(&mut self, other: &Counts) {
        self.files += other.files;
        self.goals += other.goals;
        self.items += other.items;
        self.interim.merge(&other.interim);
        self.year_end.merge(&other.year_end);
        self.overdue += other.overdue;
        self.awaiting_report += other.awaiting_report;
        self.files_with_errors += other.files_with_errors;
    }
}

#[cfg(test)]
mod tests;
