//! What the daemon records for `mokuhyo status` in the ledger's
//! `daemon_state` table: the files it tracks, those with errors (each error
//! with since when, as JSON under `file_errors`), the last scan and the
//! next send.

use chrono::{DateTime, Utc};

use crate::consolidate::{ImportProblem, ProblemKind};
use crate::pipeline::Pipeline;
use crate::remind::Ledger;

/// The `daemon_state` key of the file errors: a JSON array of
/// [`ImportProblem`]s.
pub const FILE_ERRORS: &str = "file_errors";

/// Records the files tracked and those with errors, as the catalog stands.
pub fn record_files(pipeline: &Pipeline, ledger: &Ledger, now: DateTime<Utc>) {
    let errors: Vec<Vec<&ImportProblem>> = pipeline
        .catalog()
        .paths()
        .filter_map(|path| pipeline.catalog().get(path))
        .map(|entry| {
            entry
                .problems
                .iter()
                .filter(|p| p.kind == ProblemKind::Error)
                .collect::<Vec<_>>()
        })
        .filter(|problems| !problems.is_empty())
        .collect();
    let _ = ledger.set_state("files_tracked", &pipeline.catalog().len().to_string(), now);
    let _ = ledger.set_state("files_with_errors", &errors.len().to_string(), now);
    let problems: Vec<&ImportProblem> = errors.into_iter().flatten().collect();
    match serde_json::to_string(&problems) {
        Ok(json) => {
            let _ = ledger.set_state(FILE_ERRORS, &json, now);
        }
        Err(err) => tracing::warn!("cannot record the file errors: {err}"),
    }
}

/// [`record_files`] in the ledger of the pipeline's configuration; a ledger
/// that cannot be opened is logged.
pub fn record_files_in_ledger(pipeline: &Pipeline, now: DateTime<Utc>) {
    match crate::remind::Ledger::open_creating(&pipeline.settings().state.database) {
        Ok(ledger) => record_files(pipeline, &ledger, now),
        Err(err) => tracing::warn!("cannot record the daemon's state: {err}"),
    }
}

/// What `mokuhyo status` shows as the next send: the day and the mails the
/// plan would send then as the sheets stand now (from today if the day's
/// send time is still ahead, else from tomorrow; a year ahead at most).
pub fn next_send_state(
    reports: &[&crate::model::SheetReport],
    problems: &[crate::remind::FileProblem],
    cfg: &crate::remind::RemindConfig,
    calendar: &impl crate::remind::BusinessDays,
    now: DateTime<Utc>,
    ledger: &Ledger,
) -> String {
    let tz = cfg.reminders.tz();
    let local = now.with_timezone(&tz);
    let today = local.date_naive();
    // Today's mails that could go out have been sent by the run that
    // calls this; those still planned today wait for a later firing.
    let next = crate::remind::next_send(reports, problems, cfg, calendar, today, ledger, 366)
        .filter(|next| next.date > today || next.date.and_time(next.time) > local.naive_local())
        .or_else(|| {
            let tomorrow = today.succ_opt()?;
            crate::remind::next_send(reports, problems, cfg, calendar, tomorrow, ledger, 366)
        });
    match next {
        Some(next) => next.describe(tz.name()),
        None => "nothing planned within a year".to_string(),
    }
}
