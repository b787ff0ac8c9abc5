//! The consolidated JSON beside each workbook: every figure and word the
//! workbook shows, as of its day — the reporting dates, each department's
//! counts and their total (概要), every item with its 状態 and the 提出状況
//! of each report (全庁一覧), the dates (期限一覧), the empty reports
//! (未提出), the rows of 取込エラー and of 変更履歴 — then the parsed sheets
//! of the fiscal year in the schema of `check --json` and the import
//! problems (docs/schema.md).
//!
//! Each sheet and item is serialised as the file is written: the JSON of
//! the whole book is never in memory at once.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

use mokuhyo_core::calendar::FiscalYear;
use mokuhyo_core::consolidate::changes::{
    BookHistory, ChangeRow, RecentChanges, change_rows, recent_changes,
};
use mokuhyo_core::consolidate::model::{
    ConsolidatedBook, DeadlineRow, Duplicate, ImportProblem, ItemRow, MissingReports, ProblemRow,
};
use mokuhyo_core::consolidate::status::{Counts, DueStatus, ReportStatus};
use mokuhyo_core::model::{ReportState, SheetReport};
use mokuhyo_core::remind::Milestone;
use mokuhyo_core::schema::{SCHEMA_VERSION, SheetJson};

/// The JSON of one fiscal year.
#[derive(Serialize)]
pub(super) struct BookJson<'b> {
    schema_version: u32,
    fiscal_year: FiscalYear,
    nendo: String,
    /// The day the statuses and counts are of (`--today`, else the day
    /// it was written in Japan).
    as_of: NaiveDate,
    generated_at: DateTime<Utc>,
    reporting: Reporting,
    overview: OverviewJson<'b>,
    items: Items<'b>,
    deadlines: Deadlines<'b>,
    missing: Vec<MissingJson<'b>>,
    import_errors: Vec<ProblemRowJson<'b>>,
    copies: &'b [Duplicate],
    changes: ChangesJson,
    sheets: Sheets<'b>,
    problems: &'b [&'b ImportProblem],
}

impl<'b> BookJson<'b> {
    pub fn new(
        book: &'b ConsolidatedBook<'_>,
        generated_at: DateTime<Utc>,
        history: &BookHistory<'_>,
    ) -> Self {
        let as_of = history.as_of(generated_at);
        BookJson {
            schema_version: SCHEMA_VERSION,
            fiscal_year: book.fiscal_year,
            nendo: book.nendo(),
            as_of: book.today,
            generated_at,
            reporting: Reporting::new(book),
            overview: OverviewJson::new(book),
            items: Items(book),
            deadlines: Deadlines(book),
            missing: book.missing.iter().map(MissingJson::new).collect(),
            import_errors: book.problems.iter().map(ProblemRowJson::new).collect(),
            copies: &book.copies,
            changes: ChangesJson::new(
                &change_rows(book, history.entries, as_of, history.days),
                recent_changes(book, history.entries, as_of),
                history.days,
            ),
            sheets: Sheets(&book.reports),
            problems: &book.import_problems,
        }
    }
}

/// 概要's reporting dates: each milestone's due date, the days left (or
/// passed) and its reports still empty.
#[derive(Serialize)]
struct Reporting {
    interim: Option<MilestoneJson>,
    year_end: Option<MilestoneJson>,
    /// The milestone the departments work towards now (`interim`,
    /// `year_end`).
    next: Option<&'static str>,
}

#[derive(Serialize)]
struct MilestoneJson {
    due: NaiveDate,
    /// Negative once the due date has passed.
    days_left: i64,
    /// `未提出` before the due date (the day itself included), `提出遅れ`
    /// after it.
    status: &'static str,
    status_label: &'static str,
    /// Its reports still empty with a cell to fill.
    empty: u64,
}

impl Reporting {
    fn new(book: &ConsolidatedBook<'_>) -> Self {
        let milestone = |m: Milestone, empty: u64| {
            book.reporting.due(m).map(|due| {
                let status = if due < book.today {
                    ReportStatus::Late
                } else {
                    ReportStatus::NotSubmitted
                };
                MilestoneJson {
                    due,
                    days_left: (due - book.today).num_days(),
                    status: status.key(),
                    status_label: status.label(),
                    empty,
                }
            })
        };
        let ov = &book.overview;
        Reporting {
            interim: milestone(Milestone::Interim, ov.interim_unfilled),
            year_end: milestone(Milestone::YearEnd, ov.year_end_unfilled),
            next: book.next_milestone.map(|n| n.milestone.key()),
        }
    }
}

/// 概要: the departments' counts, their total, the achievement rates.
#[derive(Serialize)]
struct OverviewJson<'b> {
    departments: Vec<DepartmentJson<'b>>,
    totals: CountsJson,
    last_modified: Option<NaiveDateTime>,
    /// Items by achievement rate: label and count, the items without a
    /// rate last (`未記入`).
    achievement: Vec<(&'static str, u64)>,
}

#[derive(Serialize)]
struct DepartmentJson<'b> {
    department: &'b str,
    #[serde(flatten)]
    counts: CountsJson,
    /// The latest modification of its workbooks (Japan time).
    last_modified: Option<NaiveDateTime>,
}

/// [`Counts`], with the rates and the late reports 概要 shows.
#[derive(Serialize)]
struct CountsJson {
    #[serde(flatten)]
    counts: Counts,
    /// 提出遅れ of both reports.
    late: u64,
    interim_rate: Option<f64>,
    year_end_rate: Option<f64>,
}

impl CountsJson {
    fn new(counts: &Counts) -> Self {
        CountsJson {
            counts: *counts,
            late: counts.late(),
            interim_rate: counts.interim.rate(),
            year_end_rate: counts.year_end.rate(),
        }
    }
}

impl<'b> OverviewJson<'b> {
    fn new(book: &'b ConsolidatedBook<'_>) -> Self {
        let ov = &book.overview;
        OverviewJson {
            departments: ov
                .departments
                .iter()
                .map(|d| DepartmentJson {
                    department: &d.department,
                    counts: CountsJson::new(&d.counts),
                    last_modified: d.last_modified,
                })
                .collect(),
            totals: CountsJson::new(&ov.totals),
            last_modified: ov.last_modified,
            achievement: ov.achievement_bins.clone(),
        }
    }
}

/// A status word: its key and the word the workbook shows.
#[derive(Serialize)]
struct Word {
    key: &'static str,
    label: &'static str,
}

impl From<DueStatus> for Word {
    fn from(status: DueStatus) -> Self {
        Word {
            key: status.key(),
            label: status.label(),
        }
    }
}

/// A report of an item as of the day: its 提出状況, its text when filled,
/// the cell to fill when empty.
#[derive(Serialize)]
struct ReportJson<'b> {
    status: &'static str,
    status_label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'b str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
}

impl<'b> ReportJson<'b> {
    fn new(row: &ItemRow<'b>, milestone: Milestone, book: &ConsolidatedBook<'_>) -> Self {
        let state = milestone.state(row.item);
        let status = ReportStatus::of(&state, book.reporting.due(milestone), book.today);
        let (text, cell) = match state {
            ReportState::Filled(text) => (Some(text), None),
            ReportState::Empty(cell) => (None, Some(cell.to_string())),
            ReportState::NoCell | ReportState::NotInLayout => (None, None),
        };
        ReportJson {
            status: status.key(),
            status_label: status.label(),
            text,
            cell,
        }
    }
}

/// A row of 全庁一覧.
#[derive(Serialize)]
struct ItemJson<'b> {
    department: &'b str,
    owners: &'b str,
    goal_number: Option<&'b str>,
    goal: &'b str,
    number: Option<&'b str>,
    text: &'b str,
    deadline_text: Option<&'b str>,
    /// The date 全庁一覧 shows the item with.
    due: Option<NaiveDate>,
    dues: &'b [NaiveDate],
    /// 状態 as of the day (absent: no date and no ongoing work).
    status: Option<Word>,
    target: Option<&'b str>,
    interim: ReportJson<'b>,
    year_end: ReportJson<'b>,
    achievement: Option<f64>,
    self_assessment: Option<&'b str>,
    file: String,
    /// The item's cell, `Sheet!B9`.
    cell: String,
    /// A link that opens the workbook at the item's cell, as staff reach it.
    link: String,
}

/// 全庁一覧, in its order.
struct Items<'b>(&'b ConsolidatedBook<'b>);

impl Serialize for Items<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let book = self.0;
        serializer.collect_seq(book.items.iter().map(|row| ItemJson {
            department: row.department,
            owners: &row.owners,
            goal_number: row.goal_number,
            goal: row.goal_title,
            number: row.item_number,
            text: row.item_text,
            deadline_text: row.deadline_text,
            due: row.due,
            dues: &row.all_dues,
            status: row.status.map(Word::from),
            target: row.target,
            interim: ReportJson::new(row, Milestone::Interim, book),
            year_end: ReportJson::new(row, Milestone::YearEnd, book),
            achievement: row.achievement.filter(|a| a.is_finite()),
            self_assessment: row.self_assessment,
            file: row.source.share.show(row.source.path),
            cell: format!("{}!{}", row.source.sheet, row.source.cell),
            link: row.source.url(),
        }))
    }
}

/// A row of 期限一覧: a date of an item (none for 通年 and 未定) and its
/// 状態; `item` indexes `items`.
#[derive(Serialize)]
struct DeadlineJson {
    month: String,
    date: Option<NaiveDate>,
    status: Option<Word>,
    item: usize,
}

/// 期限一覧, in its order.
struct Deadlines<'b>(&'b ConsolidatedBook<'b>);

impl Serialize for Deadlines<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.0
                .deadlines
                .iter()
                .map(|row: &DeadlineRow| DeadlineJson {
                    month: row.month(),
                    date: row.date,
                    status: row.status.map(Word::from),
                    item: row.item,
                }),
        )
    }
}

/// A section of 未提出: a milestone's empty reports by department, each an
/// index into `items`.
#[derive(Serialize)]
struct MissingJson<'b> {
    milestone: &'static str,
    milestone_label: &'static str,
    due: NaiveDate,
    days_left: i64,
    /// `late` (提出遅れ) or `not_submitted` (未提出).
    status: &'static str,
    status_label: &'static str,
    count: usize,
    departments: Vec<MissingGroupJson<'b>>,
}

#[derive(Serialize)]
struct MissingGroupJson<'b> {
    department: &'b str,
    items: &'b [usize],
}

impl<'b> MissingJson<'b> {
    fn new(reports: &'b MissingReports<'_>) -> Self {
        let status = if reports.is_late() {
            ReportStatus::Late
        } else {
            ReportStatus::NotSubmitted
        };
        MissingJson {
            milestone: reports.milestone.key(),
            milestone_label: reports.milestone.label(),
            due: reports.due,
            days_left: reports.days_left,
            status: status.key(),
            status_label: status.label(),
            count: reports.count(),
            departments: reports
                .groups
                .iter()
                .map(|g| MissingGroupJson {
                    department: g.department,
                    items: &g.items,
                })
                .collect(),
        }
    }
}

/// A row of 取込エラー.
#[derive(Serialize)]
struct ProblemRowJson<'b> {
    kind: &'static str,
    kind_label: &'static str,
    department: Option<&'b str>,
    file: String,
    sheet: Option<&'b str>,
    cell: Option<String>,
    message: &'b str,
    since: Option<NaiveDateTime>,
    /// The file's last good data is shown instead.
    last_good_data: bool,
}

impl<'b> ProblemRowJson<'b> {
    fn new(row: &'b ProblemRow<'_>) -> Self {
        ProblemRowJson {
            kind: row.kind.key(),
            kind_label: row.kind.label(),
            department: row.department.as_deref(),
            file: row.share.show(row.file),
            sheet: row.sheet,
            cell: row.cell.map(|c| c.to_string()),
            message: &row.message,
            since: row.since,
            last_good_data: row.stale,
        }
    }
}

/// 変更履歴 and 概要's count of the last days.
#[derive(Serialize)]
struct ChangesJson {
    /// Days the list covers, up to the day of the workbook.
    days: u32,
    /// 概要's line: the last seven days.
    recent: RecentJson,
    rows: Vec<ChangeJson>,
}

#[derive(Serialize)]
struct RecentJson {
    days: i64,
    reports_filled: u64,
    deadlines_moved: u64,
}

#[derive(Serialize)]
struct ChangeJson {
    seen_at: NaiveDateTime,
    #[serde(flatten)]
    change: mokuhyo_core::history::ItemChange,
    file_name: String,
    modified_by: Option<String>,
    /// The item's index in `items`, when it is still there.
    item: Option<usize>,
}

impl ChangesJson {
    fn new(rows: &[ChangeRow], recent: RecentChanges, days: u32) -> Self {
        ChangesJson {
            days,
            recent: RecentJson {
                days: mokuhyo_core::consolidate::changes::RECENT_DAYS,
                reports_filled: recent.reports_filled,
                deadlines_moved: recent.deadlines_moved,
            },
            rows: rows
                .iter()
                .map(|r| ChangeJson {
                    seen_at: r.seen_at,
                    change: r.what.clone(),
                    file_name: r.file_name.clone(),
                    modified_by: r.modified_by.clone(),
                    item: r.item_row,
                })
                .collect(),
        }
    }
}

/// The sheets of the year, each in the schema's form.
struct Sheets<'b>(&'b [&'b SheetReport]);

impl Serialize for Sheets<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|report| SheetJson::new(report)))
    }
}
