//! What `remind --dry-run` and the log say of why a mail goes out
//! ([`MailReason`]), in the language in force.

use crate::i18n::t;
use mokuhyo_core::remind::reason::{MailReason, PartNote, Route};

/// The reason in one line: `建設部：空欄の中間報告 4 件（令和8年度、提出期限
/// 2026-10-30）：本日が提出期限`.
pub fn reason_text(reason: &MailReason) -> String {
    match reason {
        MailReason::Milestone {
            recipient,
            cells,
            milestone,
            fiscal_year,
            due,
            days_left,
            reminder_days,
            route,
            part,
        } => {
            let when = match (*days_left, reminder_days) {
                (0, _) => t!("reason-due-today"),
                (days, Some(reminder)) if days > 0 => {
                    t!("reason-before", days = days, reminder = *reminder)
                }
                (days, _) if days > 0 => t!("reason-before-due", days = days),
                (days, _) => t!("reason-overdue", days = -days),
            };
            format!(
                "{}{}{}",
                t!(
                    "reason-milestone",
                    recipient = recipient,
                    cells = *cells,
                    milestone = milestone_name(*milestone),
                    nendo = nendo(fiscal_year.0),
                    due = due.to_string(),
                    when = when
                ),
                route_text(route),
                part_text(*part)
            )
        }
        MailReason::Unreadable {
            recipient,
            file,
            problem,
            route,
        } => format!(
            "{}{}",
            t!(
                "reason-unreadable",
                recipient = recipient,
                file = file.display(),
                problem = problem
            ),
            route_text(route)
        ),
        MailReason::PlanningDigest {
            planning,
            departments,
            unreadable,
        } => t!(
            "reason-planning-digest",
            planning = planning,
            departments = *departments,
            unreadable = *unreadable
        ),
        MailReason::DeadlineDigest {
            recipient,
            items,
            until,
            route,
            part,
        } => format!(
            "{}{}{}",
            t!(
                "reason-deadline-digest",
                recipient = recipient,
                items = *items,
                until = until.to_string()
            ),
            route_text(route),
            part_text(*part)
        ),
        MailReason::FolderOutage { folder, since } => t!(
            "reason-folder-outage",
            folder = folder,
            since = crate::state::status::local(*since)
        ),
    }
}

/// ` (… sent to the planning section)` after a reason, or nothing.
fn route_text(route: &Route) -> String {
    match route {
        Route::Own => String::new(),
        Route::Via(via) => t!("reason-via", via = via),
        Route::Planning => t!("reason-to-planning"),
    }
}

/// ` — without the cells of 2 table(s) …` after a reason, or nothing.
fn part_text(part: PartNote) -> String {
    match part {
        PartNote::Whole => String::new(),
        PartNote::Holding(tables) => t!("reason-part-holding", tables = tables),
        PartNote::Released(tables) => t!("reason-part-released", tables = tables),
    }
}

/// 中間報告 / 期末報告, or `interim report` / `year-end report`.
pub fn milestone_name(milestone: mokuhyo_core::remind::Milestone) -> String {
    match milestone {
        mokuhyo_core::remind::Milestone::Interim => t!("milestone-interim"),
        mokuhyo_core::remind::Milestone::YearEnd => t!("milestone-year-end"),
    }
}

/// 令和8年度, or `FY2026`.
pub fn nendo(start_year: i32) -> String {
    match crate::i18n::language() {
        crate::i18n::Language::Japanese => {
            mokuhyo_core::calendar::FiscalYear(start_year).japanese()
        }
        crate::i18n::Language::English => format!("FY{start_year}"),
    }
}

/// `提出済 7、提出遅れ 5`, or `submitted 7, late 5`: each status of the
/// reports with its count, those above zero (the status words of the
/// consolidated workbook, [`mokuhyo_core::consolidate::status`]).
pub fn report_line(counts: &mokuhyo_core::consolidate::status::ReportCounts) -> String {
    let shown: Vec<String> = counts
        .shown()
        .into_iter()
        .map(|(status, n)| {
            let id = format!("report-status-{}", status.key().replace('_', "-"));
            t!(
                "report-status-count",
                status = crate::i18n::text(&id, &[]),
                count = n
            )
        })
        .collect();
    if shown.is_empty() {
        t!("report-status-none")
    } else {
        shown.join(&t!("list-separator"))
    }
}
