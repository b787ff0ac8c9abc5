//! Reminder planning: which mails are due today, to whom, and why.
//!
//! [`plan`] is a pure function of the parsed sheets, the files that could not
//! be read, the configuration, the business-day calendar, today's date and
//! what the ledger says was already sent. Every mail has a stable key
//! (`2026/interim/市民生活部/before-7`), so a key that was sent is never
//! planned again.
//!
//! Rules:
//! - A department (or a responsible division, for items whose 担当課 is
//!   configured under `[[divisions]]`) gets a reminder only when it has at
//!   least one item whose report for the milestone is empty; one mail per
//!   recipient per occasion, listing all its missing items.
//! - Only the latest occasion due as of today is considered (a missed earlier
//!   one is not sent after a later one; a reminder never after the due date).
//! - Overdue notices copy the planning section.
//! - An unreadable workbook earns its department a notice, once per distinct
//!   problem (the key holds a hash of the file and the problem text).
//! - Mail goes out on business days only.
//! - A reminder or digest older than one already sent in its series (the
//!   occasions of a milestone, the weeks of the planning digest, the months
//!   of the deadline digests) is not sent: after the clock went back, a
//!   stale countdown would mislead ([`plan_with_superseded`] names them).
//! - The planning digest lists the recipients servers refused since the
//!   previous digest.
//! - A department's mail names no cell of a table read with low confidence
//!   and neither pinned nor trusted: those cells are held ([`held`], the
//!   planning digest lists them) until released, then follow ([`hold`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

pub use super::changes::DepartmentChanges;
use super::changes::{department_changes, japan_time};
use super::config::{ContactConfig, Milestone, RecipientConfig, RemindConfig};
use super::hold::{self, Split};
pub use super::key::{MailKey, stable_hash};
use super::key::{Part, TableId};
pub use super::kind::MailKind;
pub use super::reason::{MailReason, PartNote};
pub use super::recipients::Recipients;
use super::route::{Route, department_route, item_routes, planning, planning_route, route_of};
use super::schedule::{
    BusinessDays, Occasion, current_occasion, digest_day, monthly_day, send_moment,
};
pub use super::sent::{Outcome, PriorSend, RefusedLine, SentLedger};
use super::sent::{believed_until, settled};
use super::series::{Superseded, sent_later};
use crate::calendar::FiscalYear;
use crate::consolidate::status::{Counts, ReportCounts, ReportingDates};
use crate::model::{ActionItem, CellRef, Goal, SheetReport};
use crate::problem::ImportProblem;
use crate::share_path::SharePath;

/// A workbook that could not be read (or yielded no sheet), as the
/// reminders see it: the import problem and the department it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileProblem {
    /// The department, when the scan knows it (from the file name or an
    /// earlier successful read); otherwise it is guessed from the file name.
    pub department: Option<String>,
    pub problem: ImportProblem,
}

impl FileProblem {
    pub fn file(&self) -> &Path {
        &self.problem.file
    }

    /// The message after its sheet and cell (`重点目標!C9: …`): the
    /// problem's identity, in the reader's English (the ledger's keys hash it).
    pub fn message(&self) -> String {
        self.problem.describe()
    }
}

/// One mail the plan says must go out today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedMail {
    /// Stable identity: the ledger never sends a key twice.
    pub key: MailKey,
    pub kind: MailKind,
    #[serde(flatten)]
    pub recipients: Recipients,
    /// Why the mail goes out, for dry runs and logs.
    pub reason: MailReason,
    /// Everything the templates may show.
    pub data: MailData,
    /// Files to attach (the consolidated workbooks of a planning digest).
    pub attachments: Vec<PathBuf>,
}

/// The template context of a mail. Fields that do not apply to a kind are
/// empty (`None`, `[]`). Documented in `templates/mail/README.md`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MailData {
    /// `reminder`, `overdue`, `unreadable`, `planning_digest`,
    /// `deadline_digest`, `folder_outage`.
    pub kind: String,
    /// The department or division the mail is about (`市民生活部`, `財政課`).
    pub recipient: String,
    /// True when the department has no `[[departments]]` entry and the mail
    /// goes to the planning section instead.
    pub recipient_unknown: bool,
    pub planning_name: String,
    /// Who departments ask (`[mail.contact]`).
    pub contact: ContactConfig,
    /// The same in one line: `企画課 企画係 山田（内線 1234）`.
    pub contact_line: String,
    /// The shared folder as staff reach it (`folder.display_path`), when set.
    pub share_folder: Option<String>,
    /// The department a mail is about, when known (an unreadable file's).
    pub department: Option<String>,
    /// `令和8年10月23日（金）`.
    pub today: String,
    pub today_iso: String,
    /// `令和8年度`.
    pub fiscal_year: Option<String>,
    /// `2026`.
    pub fiscal_year_start: Option<i32>,
    /// `中間報告` / `期末報告`.
    pub milestone: Option<String>,
    /// `interim` / `year_end`.
    pub milestone_key: Option<String>,
    pub due_date: Option<String>,
    pub due_date_iso: Option<String>,
    /// Days until the due date (0 on the day itself).
    pub days_left: Option<i64>,
    /// Days since the due date.
    pub days_overdue: Option<i64>,
    pub items: Vec<ItemLine>,
    pub problem: Option<ProblemLine>,
    pub departments: Vec<DepartmentStatus>,
    pub problems: Vec<ProblemLine>,
    /// Mails whose server refused some recipients since the last digest.
    pub refused: Vec<RefusedLine>,
    /// Departments and divisions no address reaches today (宛先なし).
    pub unaddressed: Vec<UnaddressedLine>,
    /// Report cells filled, changed or cleared and deadlines moved since
    /// the last digest (the week before when none was sent), by department.
    pub since_last_digest: Vec<DepartmentChanges>,
    /// When the last digest was sent (`10月16日 09:00`); none for the first.
    pub last_digest: Option<String>,
    /// File names of the attachments.
    pub attachments: Vec<String>,
    /// The page of the current fiscal year's consolidated workbook, as
    /// staff reach it (`\\fileserver\企画課\全庁目標一覧_令和8年度.html`).
    pub page: Option<String>,
    pub horizon_days: Option<u32>,
    /// The cells department mails would name that are held
    /// (保留（読取の確認待ち）), by mail and table.
    pub held: Vec<HeldLine>,
}

/// Cells a department's mail of today's occasion would name, held
/// (保留（読取の確認待ち）): read from a table with low confidence that no
/// `[[parse.layouts]]` mapping reads and no `parse.trust` pattern names.
/// They go out once released ([`hold`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldLine {
    /// The mail they belong to, as its whole key.
    pub key: MailKey,
    pub kind: MailKind,
    /// The department or division the mail goes to.
    pub recipient: String,
    /// What the mail is, in Japanese: `中間報告の督促`,
    /// `中間報告の期限超過通知`, `今後の期限のお知らせ`.
    pub mail: String,
    /// The workbook as staff reach it.
    pub file: String,
    pub file_name: String,
    pub sheet: String,
    /// The table's range (`A3:E6`).
    pub range: String,
    /// The cells the mail would name (`取組!D4`).
    pub cells: Vec<String>,
}

impl HeldLine {
    /// `市民生活部 (2026/interim/市民生活部/before-7): 目標.xlsx 取組!A3:E6 — 取組!D4, 取組!D6`.
    pub fn describe(&self) -> String {
        format!(
            "{} ({}): {} {}!{} — {}",
            self.recipient,
            self.key,
            self.file,
            self.sheet,
            self.range,
            self.cells.join(", ")
        )
    }
}

/// A held table as its lines show it.
#[derive(Debug, Clone)]
struct HeldSource {
    file: String,
    file_name: String,
    sheet: String,
    range: String,
}

/// The lines of each route's mail, split by hold, and where each held
/// table lies.
#[derive(Default)]
struct Routed {
    groups: BTreeMap<Route, Split<ItemLine>>,
    sources: BTreeMap<TableId, HeldSource>,
}

impl Routed {
    /// Adds `line` of `item` to the mail of each of the item's routes, as
    /// trusted or held by the table it was read from.
    fn add(&mut self, cfg: &RemindConfig, report: &SheetReport, item: &ActionItem, line: ItemLine) {
        let table = hold::item_table(report, item);
        let id = table.map(|t| hold::table_id(report, t));
        let held = match (table, id) {
            (Some(t), Some(id)) if hold::is_held(report, t, &cfg.trust) => {
                self.sources.entry(id).or_insert_with(|| HeldSource {
                    file: line.file.clone(),
                    file_name: line.file_name.clone(),
                    sheet: report.sheet.clone(),
                    range: t.range.clone(),
                });
                Some(id)
            }
            _ => None,
        };
        for route in item_routes(cfg, report, item) {
            let split = self.groups.entry(route).or_default();
            match held {
                Some(id) => split.held.entry(id).or_default().push(line.clone()),
                None => split.trusted.push((id, line.clone())),
            }
        }
    }

    /// Each route with what of its mail `base_of` (its whole key) goes out
    /// now; the lines held are added to `held` as mails of `kind`, `mail`.
    fn part_out(
        self,
        ledger: &impl SentLedger,
        base_of: impl Fn(&Route) -> MailKey,
        kind: MailKind,
        mail: &str,
        held: &mut Vec<HeldLine>,
    ) -> Vec<(Route, MailKey, Part, Vec<ItemLine>)> {
        let mut out = Vec::new();
        for (route, split) in self.groups {
            let base = base_of(&route);
            let parted = hold::part_out(&base, split, ledger);
            if !route.recipients.to.is_empty() {
                for (id, lines) in parted.held {
                    let Some(source) = self.sources.get(&id) else {
                        continue;
                    };
                    held.push(HeldLine {
                        key: base.clone(),
                        kind,
                        recipient: route.name.clone(),
                        mail: mail.to_string(),
                        file: source.file.clone(),
                        file_name: source.file_name.clone(),
                        sheet: source.sheet.clone(),
                        range: source.range.clone(),
                        cells: lines.into_iter().map(|l| l.cell).collect(),
                    });
                }
            }
            if let Some((part, lines)) = parted.out {
                out.push((route, base, part, lines));
            }
        }
        out
    }
}

/// What a part of a mail adds to its reason.
fn part_reason(part: &Part) -> PartNote {
    match part {
        Part::Whole => PartNote::Whole,
        Part::Holding(ids) => PartNote::Holding(ids.len()),
        Part::Released(ids) => PartNote::Released(ids.len()),
    }
}

/// One action item in a mail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemLine {
    pub goal: String,
    pub number: Option<String>,
    pub item: String,
    /// The 期間・期限 cell as written.
    pub deadline: Option<String>,
    /// The item's resolved due dates, ISO.
    pub due_dates: Vec<String>,
    /// The workbook's path as found in the shared folder.
    pub file: String,
    pub file_name: String,
    pub sheet: String,
    /// The cell to fill, `Sheet!E11`.
    pub cell: String,
    /// `file.xlsx#'Sheet'!E11`: a hyperlink target Excel opens at the cell.
    pub link: String,
    pub department: String,
    pub fiscal_year: String,
}

/// A file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProblemLine {
    pub file: String,
    pub file_name: String,
    /// With its sheet and cell in front, where known.
    pub message: String,
    pub department: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    /// When it was first seen, Japan time (`11月20日 09:12`).
    pub since: String,
}

/// One row of the planning digest: a department's submission status on
/// the day, in the status words of the consolidated workbook
/// ([`crate::consolidate::status`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DepartmentStatus {
    pub fiscal_year: String,
    pub department: String,
    pub files: usize,
    pub items: usize,
    /// 中間報告 as the workbook counts it: `提出済 7 / 提出遅れ 5`.
    pub interim: String,
    /// 期末報告, the same: `未提出 13`.
    pub year_end: String,
    /// Items 期限超過 and 報告待ち, as 概要 counts them.
    pub overdue: usize,
    pub awaiting_report: usize,
    /// The counts of each report status: 提出済, 未提出 (before the due
    /// date), 提出遅れ (after it), 記入欄なし (never mailed).
    pub interim_submitted: usize,
    pub interim_not_submitted: usize,
    pub interim_late: usize,
    pub interim_no_cell: usize,
    pub year_end_submitted: usize,
    pub year_end_not_submitted: usize,
    pub year_end_late: usize,
    pub year_end_no_cell: usize,
    /// Filled, and empty with a cell (未提出 and 提出遅れ together), as
    /// templates of earlier releases show them.
    pub interim_filled: usize,
    pub interim_empty: usize,
    pub year_end_filled: usize,
    pub year_end_empty: usize,
    pub interim_due: Option<String>,
    pub year_end_due: Option<String>,
}

impl DepartmentStatus {
    /// The row of `counts`, a department's on the day.
    fn new(
        fiscal_year: FiscalYear,
        department: String,
        counts: &Counts,
        reporting: &ReportingDates,
    ) -> Self {
        let n = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
        let (interim, year_end) = (&counts.interim, &counts.year_end);
        DepartmentStatus {
            fiscal_year: fiscal_year.japanese(),
            department,
            files: n(counts.files),
            items: n(counts.items),
            interim: report_line(interim),
            year_end: report_line(year_end),
            overdue: n(counts.overdue),
            awaiting_report: n(counts.awaiting_report),
            interim_submitted: n(interim.submitted),
            interim_not_submitted: n(interim.not_submitted),
            interim_late: n(interim.late),
            interim_no_cell: n(interim.no_cell),
            year_end_submitted: n(year_end.submitted),
            year_end_not_submitted: n(year_end.not_submitted),
            year_end_late: n(year_end.late),
            year_end_no_cell: n(year_end.no_cell),
            interim_filled: n(interim.submitted),
            interim_empty: n(interim.empty()),
            year_end_filled: n(year_end.submitted),
            year_end_empty: n(year_end.empty()),
            interim_due: reporting.interim_due.map(japanese_date),
            year_end_due: reporting.year_end_due.map(japanese_date),
        }
    }
}

/// `提出済 7 / 提出遅れ 5 / 記入欄なし 2`: each status of the reports
/// with its count, those above zero; `対象なし` when there are none.
pub fn report_line(counts: &ReportCounts) -> String {
    let shown = counts.shown();
    if shown.is_empty() {
        return crate::consolidate::labels::NO_REPORTS.to_string();
    }
    shown
        .iter()
        .map(|(status, n)| format!("{} {n}", status.label()))
        .collect::<Vec<_>>()
        .join(" / ")
}

fn problem_route(cfg: &RemindConfig, p: &FileProblem) -> Route {
    if let Some(dep) = &p.department {
        return department_route(cfg, dep);
    }
    // Guess from the file name: the longest configured name or alias in it.
    let stem = p
        .file()
        .file_stem()
        .map(|s| super::config::normalize_name(&s.to_string_lossy()))
        .unwrap_or_default();
    let mut best: Option<(&RecipientConfig, usize)> = None;
    for d in &cfg.departments {
        for n in std::iter::once(&d.name).chain(&d.aliases) {
            let n = super::config::normalize_name(n);
            if !n.is_empty() && stem.contains(&n) && best.is_none_or(|(_, len)| n.len() > len) {
                best = Some((d, n.len()));
            }
        }
    }
    match best {
        Some((d, _)) => route_of(cfg, d).unwrap_or_else(|| planning_route(cfg, &d.name)),
        None => planning_route(cfg, UNKNOWN_DEPARTMENT),
    }
}

/// The route name of a file whose department could not be told (kept in
/// the ledger's keys).
const UNKNOWN_DEPARTMENT: &str = "不明";

/// A department or division that no address reaches on the day (宛先なし):
/// its mail goes to the planning section, or nowhere when none is configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnaddressedLine {
    /// The name as the workbooks or the configuration write it.
    pub name: String,
    /// Action items whose mail it would receive.
    pub items: usize,
    /// Workbooks those items are in.
    pub files: Vec<String>,
}

impl UnaddressedLine {
    /// `市民生活部: 12 item(s) in 2 file(s)`.
    pub fn describe(&self) -> String {
        format!(
            "{}: {} item(s) in {} file(s)",
            self.name,
            self.items,
            self.files.len()
        )
    }
}

/// Every department or 担当課 that items would be mailed to but no address
/// reaches under `cfg` (the recipients of one day), by name. Pure.
pub fn unaddressed(reports: &[&SheetReport], cfg: &RemindConfig) -> Vec<UnaddressedLine> {
    let mut by_name: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
    for report in reports {
        for (_, item) in report.items() {
            for route in item_routes(cfg, report, item)
                .into_iter()
                .filter(|r| r.unknown)
            {
                let (items, files) = by_name.entry(route.name).or_default();
                *items += 1;
                files.insert(cfg.share.show(&report.file));
            }
        }
    }
    by_name
        .into_iter()
        .map(|(name, (items, files))| UnaddressedLine {
            name,
            items,
            files: files.into_iter().collect(),
        })
        .collect()
}

/// An item in a mail, at `cell`: the empty report cell a reminder asks to
/// fill, or the item's own cell in a deadline digest; its file as staff
/// reach it (`share`).
fn item_line(
    report: &SheetReport,
    goal: &Goal,
    item: &ActionItem,
    cell: &CellRef,
    share: &SharePath,
) -> ItemLine {
    // A report kept in a workbook beside the plan is written there.
    let file = cell.file_in(&report.file);
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sheet = cell.sheet_name();
    ItemLine {
        goal: goal.title.clone(),
        number: item.number().map(str::to_string),
        item: item.title().to_string(),
        deadline: item.deadline_text().map(str::to_string),
        due_dates: item.due_dates().iter().map(|d| d.to_string()).collect(),
        file: share.show(&file),
        link: share.cell_url(&file, sheet, cell.position()),
        file_name,
        sheet: sheet.to_string(),
        cell: format!("{sheet}!{}", cell.position()),
        department: report.department.clone(),
        fiscal_year: report.fiscal_year.japanese(),
    }
}

fn problem_line(p: &FileProblem, share: &SharePath) -> ProblemLine {
    ProblemLine {
        file: share.show(p.file()),
        file_name: p
            .file()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        message: p.problem.describe_shown(),
        department: p.department.clone(),
        sheet: p.problem.sheet.clone(),
        cell: p.problem.cell.map(|c| c.to_string()),
        since: p.problem.since.map(japan_time).unwrap_or_default(),
    }
}

/// `令和8年10月30日（金）`: in 和暦, as the fiscal year (令和8年度) is.
pub(crate) fn japanese_date(d: NaiveDate) -> String {
    const WD: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    format!(
        "{}（{}）",
        crate::calendar::era::japanese_date(d),
        WD[d.weekday().num_days_from_monday() as usize]
    )
}

/// The contact at the foot of a mail, in one line: `企画課 企画係 山田（内線
/// 1234、kikakuka@city.example.jp）`; the planning section's name when no
/// section is configured.
fn contact_line(cfg: &RemindConfig) -> String {
    let contact = &cfg.mail.contact;
    let mut line = if contact.section.trim().is_empty() {
        cfg.mail.planning_name.clone()
    } else {
        contact.section.trim().to_string()
    };
    if !contact.person.trim().is_empty() {
        line.push(' ');
        line.push_str(contact.person.trim());
    }
    let mut reach = Vec::new();
    if !contact.extension.trim().is_empty() {
        reach.push(format!("内線 {}", contact.extension.trim()));
    }
    if !contact.email.trim().is_empty() {
        reach.push(contact.email.trim().to_string());
    }
    if !reach.is_empty() {
        line.push_str(&format!("（{}）", reach.join("、")));
    }
    line
}

fn base_data(kind: MailKind, cfg: &RemindConfig, today: NaiveDate) -> MailData {
    MailData {
        kind: kind.template().to_string(),
        planning_name: cfg.mail.planning_name.clone(),
        contact: cfg.mail.contact.clone(),
        contact_line: contact_line(cfg),
        share_folder: cfg.share.shown_folder().map(str::to_string),
        today: japanese_date(today),
        today_iso: today.to_string(),
        ..Default::default()
    }
}

/// The notice to the planning section of the shared folder `folder` (as
/// people reach it) out of reach since `since`, `what` saying how (one
/// Japanese line), once `notice_after` has passed at `now`; `None` before,
/// or with no planning address. One per outage: its key holds the folder
/// and the moment the outage began. Pure.
pub fn folder_outage_notice(
    folder: &str,
    what: &str,
    since: DateTime<Utc>,
    notice_after: Duration,
    cfg: &RemindConfig,
    now: DateTime<Utc>,
) -> Option<PlannedMail> {
    if now < since + notice_after || cfg.mail.planning.is_empty() {
        return None;
    }
    let today = now.with_timezone(&cfg.reminders.tz()).date_naive();
    Some(PlannedMail {
        key: MailKey::FolderOutage {
            folder: stable_hash(folder),
            since,
        },
        kind: MailKind::FolderOutage,
        recipients: planning(cfg),
        reason: MailReason::FolderOutage {
            folder: folder.to_string(),
            since,
        },
        data: MailData {
            recipient: cfg.mail.planning_name.clone(),
            problem: Some(ProblemLine {
                file: folder.to_string(),
                file_name: folder.to_string(),
                message: what.to_string(),
                department: None,
                sheet: None,
                cell: None,
                since: japan_time(since),
            }),
            ..base_data(MailKind::FolderOutage, cfg, today)
        },
        attachments: Vec::new(),
    })
}

/// Plans the mails due on `today`. Pure; see the module documentation for the
/// rules. The result is sorted by key.
pub fn plan(
    reports: &[&SheetReport],
    problems: &[FileProblem],
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    today: NaiveDate,
    ledger: &impl SentLedger,
) -> Vec<PlannedMail> {
    plan_with_superseded(reports, problems, cfg, calendar, today, ledger).0
}

/// [`plan`], and the mails left out because a later one of their series
/// was sent already.
pub fn plan_with_superseded(
    reports: &[&SheetReport],
    problems: &[FileProblem],
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    today: NaiveDate,
    ledger: &impl SentLedger,
) -> (Vec<PlannedMail>, Vec<Superseded>) {
    if !calendar.is_business_day(today) {
        return (Vec::new(), Vec::new());
    }
    let (mut out, held) = plan_departments(reports, cfg, calendar, today, ledger);
    plan_unreadable(problems, cfg, today, &mut out);
    if cfg.digest.enabled && !cfg.mail.planning.is_empty() {
        plan_planning_digest(reports, problems, cfg, calendar, today, &mut out);
        for m in out
            .iter_mut()
            .filter(|m| m.kind == MailKind::PlanningDigest)
        {
            m.data.refused = ledger.refused_since_digest(believed_until(today));
            m.data.held = held.clone();
            add_changes_since_digest(&mut m.data, cfg, today, ledger);
        }
    }
    out.retain(|m| {
        !m.recipients.to.is_empty()
            && send_moment(m.kind, cfg, calendar, today).is_some()
            && !settled(ledger, &m.key, &m.recipients)
    });
    let mut superseded = Vec::new();
    out.retain(
        |m| match sent_later(ledger, &m.key, believed_until(today)) {
            Some(sent) => {
                superseded.push(Superseded {
                    key: m.key.clone(),
                    sent,
                });
                false
            }
            None => true,
        },
    );
    // In the order of the keys' text, as the ledger lists them.
    out.sort_by_cached_key(|m| m.key.to_string());
    (out, superseded)
}

/// The departments' mails of `today` (reminders, overdue notices, deadline
/// digests), and the cells they would name that are held.
fn plan_departments(
    reports: &[&SheetReport],
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    today: NaiveDate,
    ledger: &impl SentLedger,
) -> (Vec<PlannedMail>, Vec<HeldLine>) {
    let mut out = Vec::new();
    let mut held = Vec::new();
    if cfg.reminders.enabled {
        plan_milestones(reports, cfg, calendar, today, ledger, &mut out, &mut held);
        if cfg.reminders.monthly_digest.enabled {
            plan_deadline_digests(reports, cfg, calendar, today, ledger, &mut out, &mut held);
        }
    }
    (out, held)
}

/// The cells the departments' mails of the occasions current on `today`
/// would name that are held (保留（読取の確認待ち）), by mail and table:
/// what goes out once they are released. Any day, a business day or not.
/// Pure.
pub fn held(
    reports: &[&SheetReport],
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    today: NaiveDate,
    ledger: &impl SentLedger,
) -> Vec<HeldLine> {
    plan_departments(reports, cfg, calendar, today, ledger).1
}

/// The next mails the plan would send as the sheets stand now: the first
/// day from `from` (inclusive), at most `days` days on, on which [`plan`]
/// finds something due, and what it would send then. A cell filled or a
/// workbook repaired before that day changes the answer. Pure.
pub fn next_send(
    reports: &[&SheetReport],
    problems: &[FileProblem],
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    from: NaiveDate,
    ledger: &impl SentLedger,
    days: u32,
) -> Option<NextSend> {
    (0..=u64::from(days))
        .map_while(|n| from.checked_add_days(Days::new(n)))
        .find_map(|date| {
            let mails = plan(reports, problems, cfg, calendar, date, ledger);
            (!mails.is_empty()).then(|| {
                let mut by_kind = BTreeMap::new();
                for mail in &mails {
                    *by_kind.entry(mail.kind).or_insert(0) += 1;
                }
                let time = by_kind
                    .keys()
                    .filter_map(|kind| send_moment(*kind, cfg, calendar, date))
                    .min()
                    .map_or(NaiveTime::MIN, |at| at.time());
                NextSend {
                    date,
                    time,
                    by_kind,
                }
            })
        })
}

/// The day of the next send and how many mails of each kind it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextSend {
    pub date: NaiveDate,
    /// The local time the first of them goes out.
    pub time: NaiveTime,
    pub by_kind: BTreeMap<MailKind, usize>,
}

impl NextSend {
    pub fn mails(&self) -> usize {
        self.by_kind.values().sum()
    }

    /// `2026-10-23 09:00 Asia/Tokyo: 3 mails (reminder 2, overdue 1)`.
    pub fn describe(&self, tz: &str) -> String {
        let kinds: Vec<String> = self
            .by_kind
            .iter()
            .map(|(kind, n)| format!("{} {n}", kind.template()))
            .collect();
        let mails = self.mails();
        format!(
            "{} {} {tz}: {mails} mail{} ({})",
            self.date,
            self.time.format("%H:%M"),
            if mails == 1 { "" } else { "s" },
            kinds.join(", ")
        )
    }
}

fn plan_milestones(
    reports: &[&SheetReport],
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    today: NaiveDate,
    ledger: &impl SentLedger,
    out: &mut Vec<PlannedMail>,
    held: &mut Vec<HeldLine>,
) {
    let years: BTreeSet<FiscalYear> = reports.iter().map(|r| r.fiscal_year).collect();
    for fy in years {
        for m in Milestone::ALL {
            let Some(due) = cfg.reminders.due_date(fy, m) else {
                continue;
            };
            let Some(occ) = current_occasion(due, today, &cfg.reminders, calendar) else {
                continue;
            };
            // Group the empty cells by recipient, in sheet order.
            let mut routed = Routed::default();
            for report in reports.iter().filter(|r| r.fiscal_year == fy) {
                for (goal, item) in report.items() {
                    // Only an empty report with its cell: a mail names the
                    // cell to fill, never another one.
                    let state = m.state(item);
                    let Some(cell) = state.awaited_cell() else {
                        continue;
                    };
                    routed.add(
                        cfg,
                        report,
                        item,
                        item_line(report, goal, item, cell, &cfg.share),
                    );
                }
            }
            let base_of = |route: &Route| MailKey::Milestone {
                fiscal_year: fy.start_year(),
                milestone: m,
                department: route.name.clone(),
                occasion: occ.occasion,
                part: Part::Whole,
            };
            let (kind, what) = if occ.occasion.is_overdue() {
                (MailKind::Overdue, "期限超過通知")
            } else {
                (MailKind::Reminder, "督促")
            };
            let mail = format!("{}の{what}", m.label());
            for (route, base, part, items) in routed.part_out(ledger, base_of, kind, &mail, held) {
                let mut planned =
                    milestone_mail(cfg, fy, m, due, occ.occasion, today, route, items);
                planned.reason = planned.reason.with_part(part_reason(&part));
                planned.key = base.with_part(part);
                out.push(planned);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn milestone_mail(
    cfg: &RemindConfig,
    fy: FiscalYear,
    m: Milestone,
    due: NaiveDate,
    occasion: Occasion,
    today: NaiveDate,
    route: Route,
    items: Vec<ItemLine>,
) -> PlannedMail {
    let kind = if occasion.is_overdue() {
        MailKind::Overdue
    } else {
        MailKind::Reminder
    };
    let days = (due - today).num_days();
    let mut recipients = route.recipients.clone();
    if occasion.is_overdue() {
        for p in &cfg.mail.planning {
            if !recipients.cc.contains(p) && !recipients.to.contains(p) {
                recipients.cc.push(p.clone());
            }
        }
    }
    let reason = MailReason::Milestone {
        recipient: route.name.clone(),
        cells: items.len(),
        milestone: m,
        fiscal_year: fy,
        due,
        days_left: days,
        reminder_days: match occasion {
            Occasion::Before(n) => Some(n),
            Occasion::Overdue(_) => None,
        },
        route: route.note(),
        part: PartNote::Whole,
    };
    let mut data = base_data(kind, cfg, today);
    data.recipient = route.name.clone();
    data.recipient_unknown = route.unknown;
    data.fiscal_year = Some(fy.japanese());
    data.fiscal_year_start = Some(fy.start_year());
    data.milestone = Some(m.label().to_string());
    data.milestone_key = Some(m.key().to_string());
    data.due_date = Some(japanese_date(due));
    data.due_date_iso = Some(due.to_string());
    if days >= 0 {
        data.days_left = Some(days);
    } else {
        data.days_overdue = Some(-days);
    }
    data.items = items;
    PlannedMail {
        key: MailKey::Milestone {
            fiscal_year: fy.start_year(),
            milestone: m,
            department: route.name.clone(),
            occasion,
            part: Part::Whole,
        },
        kind,
        recipients,
        reason,
        data,
        attachments: Vec::new(),
    }
}

fn plan_unreadable(
    problems: &[FileProblem],
    cfg: &RemindConfig,
    today: NaiveDate,
    out: &mut Vec<PlannedMail>,
) {
    for p in problems {
        let route = problem_route(cfg, p);
        // The key of a problem recorded without its cell (earlier releases)
        // is the same text, so no notice goes twice.
        let hash = stable_hash(&format!("{}\n{}", p.file().display(), p.message()));
        let mut data = base_data(MailKind::Unreadable, cfg, today);
        // A file whose department could not be told goes to the planning
        // section, greeted as such.
        let told = !(route.unknown && route.name == UNKNOWN_DEPARTMENT);
        data.recipient = if told {
            route.name.clone()
        } else {
            cfg.mail.planning_name.clone()
        };
        data.department = told.then(|| route.name.clone());
        data.recipient_unknown = route.unknown;
        data.problem = Some(problem_line(p, &cfg.share));
        out.push(PlannedMail {
            key: MailKey::Unreadable {
                department: route.name.clone(),
                problem: hash,
            },
            kind: MailKind::Unreadable,
            reason: MailReason::Unreadable {
                recipient: route.name.clone(),
                file: p.file().to_path_buf(),
                problem: p.problem.describe_shown(),
                route: route.note(),
            },
            recipients: route.recipients,
            data,
            attachments: Vec::new(),
        });
    }
}

/// The "since the last digest" section: the changes seen since the last
/// digest was sent, or in the seven days before `today` when none was.
fn add_changes_since_digest(
    data: &mut MailData,
    cfg: &RemindConfig,
    today: NaiveDate,
    ledger: &impl SentLedger,
) {
    // As of the end of `today`: a preview of an earlier day shows neither
    // a later digest nor a later change.
    let until = crate::calendar::end_of_day_in_japan(today);
    let last = ledger.last_digest_sent(until);
    let week_before = today
        .checked_sub_days(Days::new(7))
        .map(crate::calendar::start_of_day_in_japan);
    let Some(since) = last.or(week_before) else {
        return;
    };
    data.last_digest = last.map(japan_time);
    data.since_last_digest =
        department_changes(&ledger.changes_between(since, until), |department| {
            department_route(cfg, department).name
        });
}

fn plan_planning_digest(
    reports: &[&SheetReport],
    problems: &[FileProblem],
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    today: NaiveDate,
    out: &mut Vec<PlannedMail>,
) {
    let Some((day, _)) = digest_day(&cfg.digest.schedule, today, calendar) else {
        return;
    };
    if today < day {
        return;
    }
    let rows = super::counts::department_counts(reports, cfg, today);
    let week = today.iso_week();
    let mut data = base_data(MailKind::PlanningDigest, cfg, today);
    data.recipient = cfg.mail.planning_name.clone();
    data.fiscal_year = Some(FiscalYear::containing(today).japanese());
    data.fiscal_year_start = Some(FiscalYear::containing(today).start_year());
    data.departments = rows
        .into_iter()
        .map(|((fy, department), counts)| {
            let reporting = ReportingDates::of(&cfg.reminders, fy);
            DepartmentStatus::new(fy, department, &counts, &reporting)
        })
        .collect();
    data.problems = problems
        .iter()
        .map(|p| problem_line(p, &cfg.share))
        .collect();
    data.unaddressed = unaddressed(reports, cfg);
    out.push(PlannedMail {
        key: MailKey::PlanningDigest {
            year: week.year(),
            week: week.week(),
        },
        kind: MailKind::PlanningDigest,
        recipients: planning(cfg),
        reason: MailReason::PlanningDigest {
            planning: cfg.mail.planning_name.clone(),
            departments: data.departments.len(),
            unreadable: data.problems.len(),
        },
        data,
        attachments: Vec::new(),
    });
}

fn plan_deadline_digests(
    reports: &[&SheetReport],
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    today: NaiveDate,
    ledger: &impl SentLedger,
    out: &mut Vec<PlannedMail>,
    held: &mut Vec<HeldLine>,
) {
    let Some((day, _)) = monthly_day(&cfg.reminders.monthly_digest.schedule, today, calendar)
    else {
        return;
    };
    if today < day {
        return;
    }
    let horizon = cfg.reminders.monthly_digest.horizon_days;
    let Some(until) = today.checked_add_days(Days::new(u64::from(horizon))) else {
        return;
    };
    let mut routed = Routed::default();
    for report in reports {
        for (goal, item) in report.items() {
            if item.year_end.is_filled() {
                continue;
            }
            if !item.due_dates().iter().any(|d| *d >= today && *d <= until) {
                continue;
            }
            routed.add(
                cfg,
                report,
                item,
                item_line(report, goal, item, &item.cell, &cfg.share),
            );
        }
    }
    let base_of = |route: &Route| MailKey::DeadlineDigest {
        department: route.name.clone(),
        year: today.year(),
        month: today.month(),
        part: Part::Whole,
    };
    let kind = MailKind::DeadlineDigest;
    for (route, base, part, items) in
        routed.part_out(ledger, base_of, kind, "今後の期限のお知らせ", held)
    {
        let mut data = base_data(MailKind::DeadlineDigest, cfg, today);
        data.recipient = route.name.clone();
        data.recipient_unknown = route.unknown;
        data.horizon_days = Some(horizon);
        let reason = MailReason::DeadlineDigest {
            recipient: route.name.clone(),
            items: items.len(),
            until,
            route: route.note(),
            part: part_reason(&part),
        };
        data.items = items;
        out.push(PlannedMail {
            key: base.with_part(part),
            kind: MailKind::DeadlineDigest,
            recipients: route.recipients,
            reason,
            data,
            attachments: Vec::new(),
        });
    }
}

#[cfg(any(test, feature = "test-support"))]
pub mod fixtures;
#[cfg(test)]
mod tests;
