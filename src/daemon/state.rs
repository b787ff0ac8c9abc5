//! What the daemon records for `mokuhyo status` in the ledger's
//! `daemon_state` table: the files it tracks, those with errors (each error
//! with since when, as JSON under `file_errors`); the daemon adds the last
//! scan and the next send.

use chrono::{DateTime, Utc};

use crate::consolidate::{ImportProblem, ProblemKind};
use crate::pipeline::Pipeline;
use crate::remind::Ledger;

/// The `daemon_state` key of the file errors: a JSON array of
/// [`ImportProblem`]s.
pub(crate) const FILE_ERRORS: &str = "file_errors";

/// Records the files tracked and those with errors, as the catalog stands.
pub(crate) fn record_files(pipeline: &Pipeline, ledger: &Ledger, now: DateTime<Utc>) {
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

/// [`record_files`] in the ledger of the daemon's state file; a ledger that
/// cannot be opened is logged.
pub(crate) fn record_files_in_ledger(
    pipeline: &Pipeline,
    state: &crate::state_file::StateGuard,
    now: DateTime<Utc>,
) {
    match state.ledger() {
        Ok(ledger) => record_files(pipeline, &ledger, now),
        Err(err) => tracing::warn!("cannot record the daemon's state: {err}"),
    }
}
