//! The consolidation model: from the parsed sheets of every workbook in the
//! folder to one [`ConsolidatedBook`] per fiscal year, with every row, date,
//! count and status already computed, so the writer only lays them out.
//!
//! Pure: `today` and the reporting dates are parameters. Rows borrow their
//! text from the [`SourceFile`]s instead of copying it.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::labels;
use crate::a1::CellPosition;
use crate::calendar::FiscalYear;
use crate::model::{ActionItem, CellRef, ExtraField, Goal, Report, ReportState, SheetReport};
use crate::share_path::SharePath;

pub use super::source::SourceFile;
pub use crate::problem::{ImportProblem, ProblemKind};

pub use super::copies::{Copies, Duplicate};
pub use super::status::{Counts, DueStatus, ReportCounts, ReportStatus, ReportingDates};
use super::status::{ReportCover, date_kinds, due_status, item_state};
pub use crate::remind::config::Milestone;

/// The milestone the departments work towards now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextMilestone {
    pub milestone: Milestone,
    pub due: NaiveDate,
    /// Negative once the date has passed.
    pub days_left: i64,
}

/// The first milestone due on or after `today`; when all have passed, the
/// last one.
pub(crate) fn next_milestone(dates: &ReportingDates, today: NaiveDate) -> Option<NextMilestone> {
    let known = dates.milestones();
    let chosen = known
        .iter()
        .filter(|(_, d)| *d >= today)
        .min_by_key(|(_, d)| *d)
        .or_else(|| known.last())?;
    Some(NextMilestone {
        milestone: chosen.0,
        due: chosen.1,
        days_left: (chosen.1 - today).num_days(),
    })
}

use crate::calendar::japan_time;

/// One value of a cell, typed so the writer picks the format.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'v> {
    Blank,
    Text(Cow<'v, str>),
    /// A count.
    Integer(u64),
    /// A fraction shown as a percentage (1.0 = 100 %).
    Percent(f64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    /// A hyperlink: shown text and target.
    Link {
        text: String,
        url: String,
    },
}

impl<'v> Value<'v> {
    fn text(s: &'v str) -> Self {
        Value::Text(Cow::Borrowed(s))
    }
    fn opt_text(s: Option<&'v str>) -> Self {
        s.map_or(Value::Blank, Value::text)
    }
    fn owned(s: String) -> Self {
        if s.is_empty() {
            Value::Blank
        } else {
            Value::Text(Cow::Owned(s))
        }
    }
}

/// Where an item came from: a cell of a sheet of a workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceLink<'a> {
    pub path: &'a Path,
    pub sheet: &'a str,
    pub cell: CellPosition,
    /// How staff reach the shared folder.
    pub share: &'a SharePath,
}

impl SourceLink<'_> {
    /// `file.xlsx!C9`.
    pub fn text(&self) -> String {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_else(|| self.path.to_string_lossy());
        let mut text = String::with_capacity(name.len() + 12);
        text.push_str(&name);
        text.push('!');
        crate::a1::push_cell_name(&mut text, self.cell.row, self.cell.col);
        text
    }

    /// A link opening the workbook, as staff reach it, at the cell:
    /// `file:///\\fileserver\目標管理\a.xlsx#'Sheet'!C9`.
    pub fn url(&self) -> String {
        self.share.cell_url(self.path, self.sheet, self.cell)
    }

    fn value(&self) -> Value<'static> {
        Value::Link {
            text: self.text(),
            url: self.url(),
        }
    }
}

/// A link to a cell to fill of the workbook at `path` (or of the workbook
/// beside it the cell names), shown as `Sheet!E9` or `[中間報告.xlsx]報告!E9`
/// (未提出, where a department works from the printed list; the file's name
/// stands beside).
fn cell_to_fill(path: &Path, cell: &CellRef, share: &SharePath) -> Value<'static> {
    let file = cell.file_in(path);
    let link = SourceLink {
        path: &file,
        sheet: cell.sheet_name(),
        cell: cell.position(),
        share,
    };
    Value::Link {
        text: cell.to_string(),
        url: link.url(),
    }
}

/// The link of a 未提出 row: the report's empty cell, or the item's source
/// when the report has no cell.
fn missing_cell<'a>(reports: &MissingReports<'_>, row: &ItemRow<'_>) -> Value<'a> {
    match reports.milestone.state(row.item) {
        ReportState::Empty(cell) => cell_to_fill(row.source.path, &cell, row.source.share),
        _ => row.source.value(),
    }
}

/// A link to the item's row in 全庁一覧 (whose 出典 opens the source): a
/// link inside the workbook, which the long 期限一覧 uses instead of one more
/// link to a file per row (each costs the workbook an external relationship).
pub(super) fn items_row_link(item: usize) -> Value<'static> {
    let row = item + 2;
    Value::Link {
        text: labels::items_row(row),
        url: {
            let mut url = String::with_capacity(labels::SHEET_ITEMS.len() + 24);
            url.push_str("internal:");
            crate::a1::push_quoted_sheet(&mut url, labels::SHEET_ITEMS);
            // Writing to a `String` cannot fail.
            let _ = write!(url, "!A{row}");
            url
        },
    }
}

/// One row of 全庁一覧: an action item with everything resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow<'a> {
    pub department: &'a str,
    /// 担当課, joined with 、.
    pub owners: String,
    pub goal_number: Option<&'a str>,
    pub goal_title: &'a str,
    pub item_number: Option<&'a str>,
    /// The whole item text, line breaks kept.
    pub item_text: &'a str,
    pub deadline_text: Option<&'a str>,
    /// The chosen date ([`choose_due`]).
    pub due: Option<NaiveDate>,
    /// Every resolved date, in the order stated.
    pub all_dues: Vec<NaiveDate>,
    pub ongoing: bool,
    /// The deadline text says the date is not set yet (未定, 調整中).
    pub undecided: bool,
    pub status: Option<DueStatus>,
    pub target: Option<&'a str>,
    pub achievement: Option<f64>,
    pub self_assessment: Option<&'a str>,
    pub source: SourceLink<'a>,
    /// The workbook's modification time (Japan time).
    pub modified: Option<NaiveDateTime>,
    pub item: &'a ActionItem,
}

fn report_value(state: ReportState<'_>) -> Value<'_> {
    match state {
        ReportState::Filled(text) => Value::text(text),
        ReportState::Empty(_) => Value::Blank,
        ReportState::NoCell => Value::text(labels::REPORT_NO_CELL),
        ReportState::NotInLayout => Value::text(labels::REPORT_NOT_IN_LAYOUT),
    }
}

/// Excel's limit on characters in a cell: a longer text is cut there in the
/// consolidated workbook, marked as cut ([`CUT_MARK`]).
pub const MAX_CELL_CHARS: usize = 32_767;

/// What ends a text cut at [`MAX_CELL_CHARS`]: `…〔以下1234文字省略〕`.
pub fn cut_mark(omitted: usize) -> String {
    format!("{CUT_MARK}{omitted}文字省略〕")
}

/// The start of [`cut_mark`].
pub const CUT_MARK: &str = "…〔以下";

/// The texts of an item's row of 全庁一覧 too long for a cell, each with
/// the heading of its column and its length in characters: cut in the
/// workbook (the JSON keeps them whole), and warned about on 取込エラー.
/// Every text the workbook gave the row is checked — the goal, the item,
/// its deadline, target, self-assessment, 担当課, reports and その他 (the
/// unknown columns together, which can pass the limit however short each
/// is) — so that no cut goes without a word.
pub fn fields_over_cell_limit(goal: &Goal, item: &ActionItem) -> Vec<(&'static str, usize)> {
    let mut over = Vec::new();
    let mut check = |field: &'static str, text: &str| {
        // A character is at least one byte: short texts need no counting.
        if text.len() > MAX_CELL_CHARS {
            let chars = text.chars().count();
            if chars > MAX_CELL_CHARS {
                over.push((field, chars));
            }
        }
    };
    let [
        _,
        owners,
        _,
        goal_title,
        _,
        item_text,
        deadline,
        _,
        _,
        _,
        target,
        interim,
        year_end,
        _,
        self_assessment,
        other,
        _,
        _,
    ] = labels::ITEM_HEADERS;
    check(owners, &item.owners.join(labels::LIST_SEPARATOR));
    check(goal_title, &goal.title);
    check(item_text, item_text_of(item));
    for (field, text) in [
        (deadline, item.deadline_text()),
        (target, item.target()),
        (self_assessment, item.self_assessment()),
    ] {
        check(field, text.unwrap_or_default());
    }
    for (field, report) in [(interim, &item.interim), (year_end, &item.year_end)] {
        if let Report::Filled(text) = report {
            check(field, text);
        }
    }
    check(other, &extras_text(&item.extras));
    over
}

/// 取組項目 of an item's row: its text, else its title.
fn item_text_of(item: &ActionItem) -> &str {
    if item.text().is_empty() {
        item.title()
    } else {
        item.text()
    }
}

/// その他: one `見出し：値` line per extra field.
fn extras_text(extras: &[ExtraField]) -> String {
    let mut text = String::new();
    for (i, extra) in extras.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&extra.header);
        text.push_str(labels::EXTRA_SEPARATOR);
        text.push_str(&extra.text);
    }
    text
}

/// `2026/08/31、2026/12/31`; written directly rather than through a
/// format string, as every row of 全庁一覧 makes one.
fn date_list(dates: &[NaiveDate]) -> String {
    use std::fmt::Write;
    let mut list = String::with_capacity(dates.len() * (10 + labels::LIST_SEPARATOR.len()));
    for (i, d) in dates.iter().enumerate() {
        if i > 0 {
            list.push_str(labels::LIST_SEPARATOR);
        }
        // Writing to a String cannot fail.
        let _ = write!(list, "{:04}/{:02}/{:02}", d.year(), d.month(), d.day());
    }
    list
}

impl<'a> ItemRow<'a> {
    /// The cells of the row, in the order of [`labels::ITEM_HEADERS`].
    pub fn values(&self) -> Vec<Value<'a>> {
        (0..labels::ITEM_HEADERS.len())
            .map(|column| self.value(column))
            .collect()
    }

    /// The cell of the row in `column` of [`labels::ITEM_HEADERS`] (blank
    /// past the last).
    pub fn value(&self, column: usize) -> Value<'a> {
        match column {
            0 => Value::text(self.department),
            1 => Value::owned(self.owners.clone()),
            2 => Value::opt_text(self.goal_number),
            3 => Value::text(self.goal_title),
            4 => Value::opt_text(self.item_number),
            5 => Value::text(self.item_text),
            6 => Value::opt_text(self.deadline_text),
            7 => self.due.map_or(Value::Blank, Value::Date),
            8 => Value::owned(date_list(&self.all_dues)),
            9 => self.status.map_or(Value::Blank, |s| Value::text(s.label())),
            10 => Value::opt_text(self.target),
            11 => report_value(Milestone::Interim.state(self.item)),
            12 => report_value(Milestone::YearEnd.state(self.item)),
            13 => self.achievement.map_or(Value::Blank, Value::Percent),
            14 => Value::opt_text(self.self_assessment),
            15 => Value::owned(extras_text(&self.item.extras)),
            16 => self.source.value(),
            17 => self.modified.map_or(Value::Blank, Value::DateTime),
            _ => Value::Blank,
        }
    }
}

/// One row of 期限一覧: an item and one of its dates (`None` for an item
/// without a date: ongoing work, listed after the dates under 通年, or a
/// date not set yet, listed last under 未定).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineRow {
    /// Index into [`ConsolidatedBook::items`].
    pub item: usize,
    pub date: Option<NaiveDate>,
    pub status: Option<DueStatus>,
}

impl DeadlineRow {
    /// `2026年9月`, 通年 or 未定.
    pub fn month(&self) -> String {
        match self.date {
            Some(d) => labels::month_label(d.year(), d.month()),
            None if self.status == Some(DueStatus::Undecided) => {
                labels::MONTH_UNDECIDED.to_string()
            }
            None => labels::MONTH_ONGOING.to_string(),
        }
    }
}

/// The items of one department whose report for a milestone is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGroup<'a> {
    pub department: &'a str,
    /// Indices into [`ConsolidatedBook::items`].
    pub items: Vec<usize>,
}

/// The empty report cells of one milestone, by department: 提出遅れ once its
/// due date has passed (the cells the overdue notices ask for), 未提出
/// before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingReports<'a> {
    pub milestone: Milestone,
    pub due: NaiveDate,
    /// Negative once the due date has passed.
    pub days_left: i64,
    pub groups: Vec<MissingGroup<'a>>,
}

impl MissingReports<'_> {
    /// The due date has passed: the reports are late (提出遅れ).
    pub fn is_late(&self) -> bool {
        self.days_left < 0
    }

    /// The reports missing.
    pub fn count(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }

    /// 提出遅れ or 未提出.
    pub fn status_label(&self) -> &'static str {
        if self.is_late() {
            labels::SUBMISSION_LATE
        } else {
            labels::SUBMISSION_MISSING
        }
    }
}

impl Counts {
    /// The cells of an overview row after the department name, in the order
    /// of [`labels::OVERVIEW_HEADERS`].
    pub fn values(&self, last_modified: Option<NaiveDateTime>) -> Vec<Value<'static>> {
        let pct = |r: Option<f64>| r.map_or(Value::Blank, Value::Percent);
        vec![
            Value::Integer(self.goals),
            Value::Integer(self.items),
            Value::Integer(self.interim.submitted),
            Value::Integer(self.interim.asked()),
            pct(self.interim.rate()),
            Value::Integer(self.year_end.submitted),
            Value::Integer(self.year_end.asked()),
            pct(self.year_end.rate()),
            Value::Integer(self.late()),
            Value::Integer(self.overdue),
            Value::Integer(self.awaiting_report),
            Value::Integer(self.files_with_errors),
            last_modified.map_or(Value::Blank, Value::DateTime),
        ]
    }
}

/// One department's line on 概要.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentSummary<'a> {
    pub department: Cow<'a, str>,
    pub counts: Counts,
    /// The latest modification time of its workbooks (Japan time).
    pub last_modified: Option<NaiveDateTime>,
}

/// 概要.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview<'a> {
    pub departments: Vec<DepartmentSummary<'a>>,
    pub totals: Counts,
    pub last_modified: Option<NaiveDateTime>,
    /// Days from `today` to each reporting date (negative once passed).
    pub interim_days_left: Option<i64>,
    pub year_end_days_left: Option<i64>,
    /// Reports still empty, of each milestone (with a cell to fill).
    pub interim_unfilled: u64,
    pub year_end_unfilled: u64,
    /// Label and number of items, in the order of
    /// [`labels::ACHIEVEMENT_BINS`], then 未記入.
    pub achievement_bins: Vec<(&'static str, u64)>,
}

/// What a row of 取込エラー is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemRowKind {
    Error,
    Skipped,
    /// A warning the parser left on a sheet.
    Warning,
    /// A cell inside an item table that nothing was read from.
    Unused,
    /// Items whose report has no cell to be written in.
    NoCell,
    /// A copy of another file, not counted.
    Copy,
}

impl ProblemRowKind {
    pub fn label(self) -> &'static str {
        match self {
            ProblemRowKind::Error => labels::PROBLEM_ERROR,
            ProblemRowKind::Skipped => labels::PROBLEM_SKIPPED,
            ProblemRowKind::Warning => labels::PROBLEM_WARNING,
            ProblemRowKind::Unused => labels::PROBLEM_UNUSED,
            ProblemRowKind::NoCell => labels::PROBLEM_NO_CELL,
            ProblemRowKind::Copy => labels::PROBLEM_COPY,
        }
    }

    /// The key the JSON gives it.
    pub fn key(self) -> &'static str {
        match self {
            ProblemRowKind::Error => "error",
            ProblemRowKind::Skipped => "skipped",
            ProblemRowKind::Warning => "warning",
            ProblemRowKind::Unused => "unused_cell",
            ProblemRowKind::NoCell => "no_cell",
            ProblemRowKind::Copy => "copy",
        }
    }
}

/// One row of 取込エラー.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemRow<'a> {
    pub kind: ProblemRowKind,
    pub department: Option<Cow<'a, str>>,
    pub file: &'a Path,
    /// How staff reach the shared folder.
    pub share: &'a SharePath,
    pub sheet: Option<&'a str>,
    pub cell: Option<CellPosition>,
    pub message: Cow<'a, str>,
    /// Japan time.
    pub since: Option<NaiveDateTime>,
    /// The file's last good data is used instead.
    pub stale: bool,
}

impl<'a> ProblemRow<'a> {
    /// The cells of the row, in the order of [`labels::PROBLEM_HEADERS`].
    pub fn values(&self) -> Vec<Value<'a>> {
        vec![
            Value::text(self.kind.label()),
            self.department.clone().map_or(Value::Blank, Value::Text),
            Value::owned(self.share.show(self.file)),
            Value::opt_text(self.sheet),
            self.cell
                .map_or(Value::Blank, |c| Value::owned(c.to_string())),
            Value::Text(self.message.clone()),
            self.since.map_or(Value::Blank, Value::DateTime),
            if self.stale {
                Value::text(labels::YES)
            } else {
                Value::Blank
            },
        ]
    }
}

/// Everything the consolidated workbook of one fiscal year shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsolidatedBook<'a> {
    pub fiscal_year: FiscalYear,
    pub today: NaiveDate,
    pub reporting: ReportingDates,
    pub next_milestone: Option<NextMilestone>,
    pub overview: Overview<'a>,
    /// 全庁一覧, ordered by department, file, sheet, goal, item.
    pub items: Vec<ItemRow<'a>>,
    /// 期限一覧, ordered by date (通年 last), then as `items`.
    pub deadlines: Vec<DeadlineRow>,
    /// 未提出: the empty reports of every milestone passed (latest first,
    /// 提出遅れ), then of the next one.
    pub missing: Vec<MissingReports<'a>>,
    /// 取込エラー, ordered by file, kind, sheet, cell.
    pub problems: Vec<ProblemRow<'a>>,
    /// The sheets of this fiscal year, as parsed (for the JSON beside the workbook).
    pub reports: Vec<&'a SheetReport>,
    /// The import problems of the files shown (for the JSON).
    pub import_problems: Vec<&'a ImportProblem>,
    /// The files of the year not counted, as copies of others.
    pub copies: Vec<Duplicate>,
}

impl<'a> ConsolidatedBook<'a> {
    /// The cells of a 期限一覧 row, in the order of [`labels::DEADLINE_HEADERS`].
    pub fn deadline_values(&self, row: &DeadlineRow) -> Vec<Value<'a>> {
        let Some(item) = self.items.get(row.item) else {
            return Vec::new();
        };
        vec![
            Value::owned(row.month()),
            row.date.map_or(Value::Blank, Value::Date),
            row.status.map_or(Value::Blank, |s| Value::text(s.label())),
            Value::text(item.department),
            Value::owned(item.owners.clone()),
            Value::opt_text(item.goal_number),
            Value::opt_text(item.item_number),
            Value::text(item.item_text),
            Value::opt_text(item.deadline_text),
            report_value(Milestone::Interim.state(item.item)),
            report_value(Milestone::YearEnd.state(item.item)),
            items_row_link(row.item),
        ]
    }

    /// The cells of a 未提出 row of `reports`, in the order of
    /// [`labels::MISSING_HEADERS`]; its link opens the cell to fill.
    pub fn missing_values(&self, reports: &MissingReports<'_>, item: usize) -> Vec<Value<'a>> {
        let Some(row) = self.items.get(item) else {
            return Vec::new();
        };
        let cell = missing_cell(reports, row);
        vec![
            Value::text(reports.milestone.label()),
            Value::text(reports.status_label()),
            Value::Date(reports.due),
            Value::owned(labels::days_left(reports.days_left)),
            Value::text(row.department),
            Value::owned(row.owners.clone()),
            Value::opt_text(row.goal_number),
            Value::text(row.goal_title),
            Value::opt_text(row.item_number),
            Value::text(row.item_text),
            Value::opt_text(row.deadline_text),
            cell,
            Value::owned(
                row.source
                    .path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            ),
        ]
    }

    /// The cell to fill of a 未提出 row of `reports` (its column
    /// 記入するセル), without the row's other cells.
    pub fn missing_cell(&self, reports: &MissingReports<'_>, item: usize) -> Value<'a> {
        self.items
            .get(item)
            .map_or(Value::Blank, |row| missing_cell(reports, row))
    }

    /// `令和8年度`.
    pub fn nendo(&self) -> String {
        self.fiscal_year.japanese()
    }
}

/// Builds one book per fiscal year of [`book_years`], in year order, with
/// paths shown as read.
///
/// Files without any goal sheet (skipped, unreadable) have their problems
/// listed in every book.
pub fn consolidate<'a>(
    files: &'a [SourceFile],
    today: NaiveDate,
    reporting: impl Fn(FiscalYear) -> ReportingDates,
) -> Vec<ConsolidatedBook<'a>> {
    let copies = Copies::find(files, Path::new(""), &super::copies::default_copy_marks());
    consolidate_shared(files, &copies, today, reporting, &SharePath::AS_READ)
}

/// [`consolidate`], with the copies among the files found already
/// (counted once, listed on 取込エラー), and the files' paths and links as
/// staff reach the shared folder (`share`).
pub fn consolidate_shared<'a>(
    files: &'a [SourceFile],
    copies: &Copies,
    today: NaiveDate,
    reporting: impl Fn(FiscalYear) -> ReportingDates,
    share: &'a SharePath,
) -> Vec<ConsolidatedBook<'a>> {
    book_years(files, today)
        .into_iter()
        .map(|fy| build_book(files, copies, fy, today, reporting(fy), share))
        .collect()
}

/// The fiscal years that get a book: every year of a parsed sheet, and the
/// year of `today` when a file could not be placed in any (it could not be
/// read, or its fiscal year is unknown), so that its problem is shown.
pub fn book_years(files: &[SourceFile], today: NaiveDate) -> BTreeSet<FiscalYear> {
    let mut years: BTreeSet<FiscalYear> = files
        .iter()
        .flat_map(|f| f.reports.iter().map(|r| r.fiscal_year))
        .collect();
    if files.iter().any(is_unplaced) {
        years.insert(FiscalYear::containing(today));
    }
    years
}

/// A file with an error and no sheet of any fiscal year.
pub(crate) fn is_unplaced(file: &SourceFile) -> bool {
    file.reports.is_empty() && file.problems.iter().any(|p| p.kind == ProblemKind::Error)
}

fn build_book<'a>(
    files: &'a [SourceFile],
    copies: &Copies,
    fiscal_year: FiscalYear,
    today: NaiveDate,
    reporting: ReportingDates,
    share: &'a SharePath,
) -> ConsolidatedBook<'a> {
    let mut sheets: Vec<(&'a SourceFile, &'a SheetReport)> = files
        .iter()
        .flat_map(|f| {
            f.reports
                .iter()
                .filter(move |r| r.fiscal_year == fiscal_year && !copies.is_copied(&f.path, r))
                .map(move |r| (f, r))
        })
        .collect();
    sheets.sort_by(|(fa, a), (fb, b)| {
        (a.department.as_str(), fa.path.as_path(), a.sheet.as_str()).cmp(&(
            b.department.as_str(),
            fb.path.as_path(),
            b.sheet.as_str(),
        ))
    });

    let items: Vec<ItemRow<'a>> = sheets
        .iter()
        .flat_map(|(file, report)| {
            report.items().map(move |(goal, item)| {
                item_row(file, report, goal, item, &reporting, today, share)
            })
        })
        .collect();

    let shown_files: Vec<&'a SourceFile> = files
        .iter()
        .filter(|f| f.reports.is_empty() || f.reports.iter().any(|r| r.fiscal_year == fiscal_year))
        .collect();

    let next = next_milestone(&reporting, today);
    ConsolidatedBook {
        fiscal_year,
        today,
        reporting,
        next_milestone: next,
        overview: overview(&sheets, &items, &shown_files, &reporting, today),
        deadlines: deadline_rows(&items, &reporting, today),
        missing: missing_reports(&items, &reporting, today),
        problems: problem_rows(&shown_files, copies, fiscal_year, share),
        copies: copies.of_year(fiscal_year).cloned().collect(),
        reports: sheets.iter().map(|(_, r)| *r).collect(),
        import_problems: shown_files.iter().flat_map(|f| &f.problems).collect(),
        items,
    }
}

fn item_row<'a>(
    file: &'a SourceFile,
    report: &'a SheetReport,
    goal: &'a Goal,
    item: &'a ActionItem,
    reporting: &ReportingDates,
    today: NaiveDate,
    share: &'a SharePath,
) -> ItemRow<'a> {
    let all_dues = item.due_dates();
    let (ongoing, undecided) = date_kinds(item);
    let (due, status) = item_state(item, reporting, today);
    let item_text = item_text_of(item);
    ItemRow {
        department: &report.department,
        owners: item.owners.join(labels::LIST_SEPARATOR),
        goal_number: goal.number.as_deref(),
        goal_title: &goal.title,
        item_number: item.number(),
        item_text,
        deadline_text: item.deadline_text(),
        due,
        ongoing,
        undecided,
        status,
        all_dues,
        target: item.target(),
        achievement: item.achievement,
        self_assessment: item.self_assessment(),
        source: SourceLink {
            path: &file.path,
            sheet: &item.cell.sheet,
            cell: item.cell.position(),
            share,
        },
        modified: file.modified.map(japan_time),
        item,
    }
}

fn has_errors(file: &SourceFile) -> bool {
    file.problems.iter().any(|p| p.kind == ProblemKind::Error)
}

/// The department a file belongs to: its first sheet's (the last good data
/// of a file that no longer reads), else a word ending in 部・局・室・センター
/// in its name.
pub fn department_of_file(file: &SourceFile) -> Option<Cow<'_, str>> {
    if let Some(report) = file.reports.first() {
        return Some(Cow::Borrowed(report.department.as_str()));
    }
    let stem = crate::nfc::file_stem(&file.path)?;
    crate::interpret::department::unit_word(&stem).map(Cow::Owned)
}

fn overview<'a>(
    sheets: &[(&'a SourceFile, &'a SheetReport)],
    items: &[ItemRow<'a>],
    shown_files: &[&'a SourceFile],
    reporting: &ReportingDates,
    today: NaiveDate,
) -> Overview<'a> {
    #[derive(Default)]
    struct Acc<'f> {
        counts: Counts,
        files: BTreeSet<&'f Path>,
        error_files: BTreeSet<&'f Path>,
        last_modified: Option<NaiveDateTime>,
    }
    let mut by_department: BTreeMap<Cow<'a, str>, Acc<'a>> = BTreeMap::new();
    for (file, report) in sheets {
        let acc = by_department
            .entry(Cow::Borrowed(report.department.as_str()))
            .or_default();
        acc.counts.goals += report.goals.len() as u64;
        acc.files.insert(&file.path);
        if has_errors(file) {
            acc.error_files.insert(&file.path);
        }
        let modified = file.modified.map(japan_time);
        acc.last_modified = acc.last_modified.max(modified);
    }
    // A file that could not be read and gave no sheet of the year is
    // counted under the department its name (or last good data) names.
    for file in shown_files.iter().filter(|f| has_errors(f)) {
        if let Some(department) = department_of_file(file) {
            let acc = by_department.entry(department).or_default();
            acc.error_files.insert(&file.path);
        }
    }
    for row in items {
        if let Some(acc) = by_department.get_mut(&Cow::Borrowed(row.department)) {
            acc.counts.add_item(row.item, row.status, reporting, today);
        }
    }

    let mut totals = Counts::default();
    let departments: Vec<DepartmentSummary<'a>> = by_department
        .into_iter()
        .map(|(department, mut acc)| {
            acc.counts.files = acc.files.len() as u64;
            acc.counts.files_with_errors = acc.error_files.len() as u64;
            totals.merge(&acc.counts);
            DepartmentSummary {
                department,
                counts: acc.counts,
                last_modified: acc.last_modified,
            }
        })
        .collect();
    // Every file once, whether or not a department could be told.
    totals.files_with_errors = shown_files.iter().filter(|f| has_errors(f)).count() as u64;
    let last_modified = departments.iter().filter_map(|d| d.last_modified).max();

    let bins = achievement_bins(items.iter());

    let unfilled = |m: Milestone| {
        items
            .iter()
            .filter(|row| m.state(row.item).awaited_cell().is_some())
            .count() as u64
    };
    Overview {
        departments,
        totals,
        last_modified,
        interim_days_left: reporting.interim_due.map(|d| (d - today).num_days()),
        year_end_days_left: reporting.year_end_due.map(|d| (d - today).num_days()),
        interim_unfilled: unfilled(Milestone::Interim),
        year_end_unfilled: unfilled(Milestone::YearEnd),
        achievement_bins: bins,
    }
}

/// Items by achievement rate: label and count, in the order of
/// [`labels::ACHIEVEMENT_BINS`], then 未記入 (the items without a rate).
pub fn achievement_bins<'r, 'a: 'r>(
    items: impl Iterator<Item = &'r ItemRow<'a>>,
) -> Vec<(&'static str, u64)> {
    let mut bins: Vec<(&'static str, u64)> = labels::ACHIEVEMENT_BINS
        .iter()
        .map(|(label, _)| (*label, 0))
        .chain([(labels::ACHIEVEMENT_NONE, 0)])
        .collect();
    for row in items {
        let index = match row.achievement {
            Some(a) if a.is_finite() => labels::ACHIEVEMENT_BINS
                .iter()
                .rposition(|(_, low)| a >= *low)
                .unwrap_or(0),
            _ => labels::ACHIEVEMENT_BINS.len(),
        };
        if let Some(bin) = bins.get_mut(index) {
            bin.1 += 1;
        }
    }
    bins
}

fn deadline_rows(
    items: &[ItemRow<'_>],
    reporting: &ReportingDates,
    today: NaiveDate,
) -> Vec<DeadlineRow> {
    let mut rows: Vec<DeadlineRow> = Vec::new();
    for (index, row) in items.iter().enumerate() {
        let mut dates = row.all_dues.clone();
        dates.sort_unstable();
        dates.dedup();
        let cover = ReportCover::of(row.item, reporting);
        for date in dates {
            rows.push(DeadlineRow {
                item: index,
                date: Some(date),
                status: due_status(Some(date), false, &cover, today),
            });
        }
        if row.all_dues.is_empty()
            && let Some(status @ (DueStatus::Ongoing | DueStatus::Undecided)) = row.status
        {
            rows.push(DeadlineRow {
                item: index,
                date: None,
                status: Some(status),
            });
        }
    }
    // Dates first in order, then 通年, 未定 last; stable, so items keep
    // their order.
    rows.sort_by_key(|r| {
        (
            r.date.is_none(),
            r.status == Some(DueStatus::Undecided),
            r.date,
        )
    });
    rows
}

/// The empty reports of every milestone whose due date has passed, the
/// latest first, then of the first one still to come; a milestone no item
/// asks for (no layout of the year has its column) is left out.
fn missing_reports<'a>(
    items: &[ItemRow<'a>],
    reporting: &ReportingDates,
    today: NaiveDate,
) -> Vec<MissingReports<'a>> {
    let mut milestones = reporting.milestones();
    milestones.retain(|(m, _)| items.iter().any(|row| m.state(row.item).is_asked()));
    let passed = milestones.iter().rev().filter(|(_, due)| *due < today);
    let next = milestones.iter().find(|(_, due)| *due >= today);
    passed
        .chain(next)
        .map(|&(milestone, due)| MissingReports {
            milestone,
            due,
            days_left: (due - today).num_days(),
            groups: missing_groups(items, milestone),
        })
        .collect()
}

/// The items whose report for `milestone` is empty (with a cell to fill),
/// by department in the order of `items`.
fn missing_groups<'a>(items: &[ItemRow<'a>], milestone: Milestone) -> Vec<MissingGroup<'a>> {
    let mut groups: Vec<MissingGroup<'a>> = Vec::new();
    for (index, row) in items.iter().enumerate() {
        if milestone.state(row.item).awaited_cell().is_none() {
            continue;
        }
        match groups.last_mut() {
            Some(group) if group.department == row.department => group.items.push(index),
            _ => groups.push(MissingGroup {
                department: row.department,
                items: vec![index],
            }),
        }
    }
    groups
}

/// The problems 要確認 lists for the files shown: each file's read
/// problems, its reports' warnings, reports with no cell to be written in
/// and cells nothing was read from; by file, kind, sheet and cell.
fn problem_rows<'a>(
    shown_files: &[&'a SourceFile],
    copies: &Copies,
    fiscal_year: FiscalYear,
    share: &'a SharePath,
) -> Vec<ProblemRow<'a>> {
    let mut rows: Vec<ProblemRow<'a>> = Vec::new();
    for &file in shown_files {
        let file = FileProblems {
            file,
            copies,
            fiscal_year,
            share,
        };
        file.copies(&mut rows);
        file.read_problems(&mut rows);
        file.warnings(&mut rows);
        file.no_cells(&mut rows);
        file.unused_cells(&mut rows);
    }
    rows.sort_by(|a, b| {
        (a.file, a.kind, a.sheet, &a.cell).cmp(&(b.file, b.kind, b.sheet, &b.cell))
    });
    rows
}

/// A file's rows of 要確認 for one fiscal year.
struct FileProblems<'a, 'c> {
    file: &'a SourceFile,
    copies: &'c Copies,
    fiscal_year: FiscalYear,
    share: &'a SharePath,
}

impl<'a> FileProblems<'a, '_> {
    /// The file's reports of the fiscal year that are counted (a copy's
    /// warnings are its original's).
    fn reports(&self) -> impl Iterator<Item = &'a SheetReport> + use<'a, '_> {
        let fiscal_year = self.fiscal_year;
        let (file, copies) = (self.file, self.copies);
        file.reports
            .iter()
            .filter(move |r| r.fiscal_year == fiscal_year && !copies.is_copied(&file.path, r))
    }

    /// A row per department whose sheets of the year in this file are a
    /// copy of another file's, naming both.
    fn copies(&self, rows: &mut Vec<ProblemRow<'a>>) {
        let FileProblems { file, share, .. } = *self;
        for copy in self
            .copies
            .of_year(self.fiscal_year)
            .filter(|c| c.file == file.path)
        {
            let department = file
                .reports
                .iter()
                .find(|r| r.fiscal_year == copy.fiscal_year && r.department == copy.department)
                .map(|r| Cow::Borrowed(r.department.as_str()));
            rows.push(ProblemRow {
                kind: ProblemRowKind::Copy,
                department,
                file: &file.path,
                share,
                sheet: None,
                cell: None,
                message: Cow::Owned(if copy.earlier_version {
                    labels::earlier_version_of(
                        &copy.department,
                        &copy.fiscal_year.japanese(),
                        &share.show(&copy.kept),
                    )
                } else if copy.sums_up.is_empty() {
                    labels::copy_of(
                        &copy.department,
                        &copy.fiscal_year.japanese(),
                        &share.show(&copy.kept),
                        copy.differs,
                    )
                } else {
                    let sources: Vec<String> = copy.sums_up.iter().map(|p| share.show(p)).collect();
                    labels::summary_of(&copy.department, &copy.fiscal_year.japanese(), &sources)
                }),
                since: None,
                stale: file.stale,
            });
        }
    }

    /// A row per problem of reading the file (an error, a skip, a warning),
    /// under the department of its first report.
    fn read_problems(&self, rows: &mut Vec<ProblemRow<'a>>) {
        let FileProblems { file, share, .. } = *self;
        let department = department_of_file(file);
        for problem in &file.problems {
            rows.push(ProblemRow {
                kind: match problem.kind {
                    ProblemKind::Error => ProblemRowKind::Error,
                    ProblemKind::Skipped => ProblemRowKind::Skipped,
                    ProblemKind::Warning => ProblemRowKind::Warning,
                },
                department: department.clone(),
                file: &file.path,
                share,
                sheet: problem.sheet.as_deref(),
                cell: problem.cell,
                message: Cow::Borrowed(problem.shown()),
                since: problem.since.map(japan_time),
                stale: file.stale,
            });
        }
    }

    /// A row per warning of the file's reports of the fiscal year.
    fn warnings(&self, rows: &mut Vec<ProblemRow<'a>>) {
        let FileProblems { file, share, .. } = *self;
        for report in self.reports() {
            for warning in &report.warnings {
                rows.push(ProblemRow {
                    kind: ProblemRowKind::Warning,
                    department: Some(Cow::Borrowed(&report.department)),
                    file: &file.path,
                    share,
                    sheet: Some(
                        warning
                            .cell
                            .as_ref()
                            .map_or(report.sheet.as_str(), |c| &*c.sheet),
                    ),
                    cell: warning.cell.as_ref().map(CellRef::position),
                    message: Cow::Borrowed(&warning.message),
                    since: None,
                    stale: file.stale,
                });
            }
        }
    }

    /// Reports with no cell to be written in: one row per sheet and
    /// milestone, naming the items.
    fn no_cells(&self, rows: &mut Vec<ProblemRow<'a>>) {
        let FileProblems { file, share, .. } = *self;
        for report in self.reports() {
            for milestone in [Milestone::Interim, Milestone::YearEnd] {
                let items: Vec<&ActionItem> = report
                    .items()
                    .map(|(_, item)| item)
                    .filter(|item| milestone.state(item) == ReportState::NoCell)
                    .collect();
                let Some(first) = items.first() else {
                    continue;
                };
                let names: Vec<&str> = items
                    .iter()
                    .map(|item| item.number().unwrap_or_else(|| item.title()))
                    .collect();
                rows.push(ProblemRow {
                    kind: ProblemRowKind::NoCell,
                    department: Some(Cow::Borrowed(&report.department)),
                    file: &file.path,
                    share,
                    sheet: Some(&report.sheet),
                    cell: Some(first.cell.position()),
                    message: Cow::Owned(labels::no_report_cell(
                        milestone.label(),
                        &report.fiscal_year.japanese(),
                        &names,
                    )),
                    since: None,
                    stale: file.stale,
                });
            }
        }
    }

    /// Cells inside item tables nothing was read from, once each (a sheet
    /// split by department or year repeats its coverage).
    fn unused_cells(&self, rows: &mut Vec<ProblemRow<'a>>) {
        let FileProblems { file, share, .. } = *self;
        let mut listed = BTreeSet::new();
        for report in self.reports() {
            for unused in &report.reading.coverage.not_used_in_items {
                if !listed.insert(&unused.cell) {
                    continue;
                }
                rows.push(ProblemRow {
                    kind: ProblemRowKind::Unused,
                    department: Some(Cow::Borrowed(&report.department)),
                    file: &file.path,
                    share,
                    sheet: Some(&unused.cell.sheet),
                    cell: Some(unused.cell.position()),
                    message: Cow::Owned(labels::unused_cell(&unused.text)),
                    since: None,
                    stale: file.stale,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
