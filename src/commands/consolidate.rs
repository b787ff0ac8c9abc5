//! `mokuhyo consolidate`: one pass over the shared folder — read every
//! workbook, write the consolidated workbook and JSON of every fiscal year —
//! with a progress bar on a terminal (log lines otherwise), then print what
//! was written.
//!
//! Like the daemon, it starts from the last good data in the state file (a
//! file that fails keeps it; an unchanged file is not parsed again) and records
//! what it read there, so the workbook it writes is the one the daemon would.
//! It holds the state file's lock while it runs ([`crate::state::file`]): it
//! waits for `mokuhyo remind`, and refuses to run beside the daemon, which
//! would record the same changes in the history a second time.
//!
//! A shared folder out of reach ([`crate::pipeline::outage`]) forgets
//! nothing: the last good data is written as the daemon would, the outage
//! is printed, and the exit code is 1.
//!
//! SIGINT/SIGTERM stop it at once while it reads; during the write they let
//! the write finish (a second signal stops it at once). Temporary files that
//! an interrupted write left in the output folder are removed at the next
//! start.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Settings;
use crate::i18n::t;
use crate::io::consolidate::{Saved, WriteOutcome};
use crate::pipeline::{Pipeline, ScanProgress};
use crate::state::{Role, StateFile, StateFileError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The day the statuses (期限超過, 14日以内 …) are computed for (default: today in Japan).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<chrono::NaiveDate>,
}

pub fn run(args: &Args, settings: Settings) -> anyhow::Result<ExitCode> {
    let signals = crate::daemon::signal::CommandSignals::listen()
        .map_err(|err| {
            tracing::warn!(
                "{}",
                t!(
                    "log-signals-unhandled",
                    error = crate::logging::causes(&err)
                )
            )
        })
        .ok();
    let now = crate::clock::now_utc();
    let today = args.today.unwrap_or_else(crate::clock::today_in_japan);
    // One writer of the state file's history at a time: the daemon, or
    // this command.
    let database = settings.state.database.clone();
    let state = match StateFile::acquire(
        &database,
        &settings.output.dir,
        Role::Consolidate,
        &crate::state::tell_waiting,
    ) {
        Ok(state) => state,
        Err(StateFileError::DaemonRunning { path, pid }) => anyhow::bail!(
            "{}",
            t!(
                "consolidate-daemon-running",
                pid = pid,
                path = path.display()
            )
        ),
        Err(err) => return Err(err.into()),
    };
    crate::io::output_file::remove_stale_temporaries(&settings.output.dir, now);
    let (mut pipeline, mut store) = Pipeline::with_last_good(settings, now, state.last_good())?;

    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(0)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {} {{pos}}/{{len}} {{wide_bar}} {{elapsed}}",
            t!("progress-reading")
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    tracing::info!(folder = %pipeline.settings().folder.path.display(), "{}", t!("log-scanning"));
    let summary = pipeline.scan(now, &|p| match p {
        ScanProgress::Listed(n) => bar.set_length(n as u64),
        ScanProgress::FileDone => bar.inc(1),
    });
    bar.finish_and_clear();
    for (path, message) in &summary.listing.errors {
        tracing::warn!(path = %path.display(), "{message}");
    }
    let errors = pipeline
        .catalog()
        .sources()
        .iter()
        .flat_map(|s| s.problems.clone())
        .filter(|p| p.kind == mokuhyo_core::consolidate::ProblemKind::Error)
        .count();
    tracing::info!(
        workbooks = pipeline.catalog().len(),
        errors,
        "{}",
        t!("log-folder-read")
    );

    let mut write = || {
        let outcomes = pipeline.write_outputs(None, today, now);
        if let Some(store) = &mut store
            && let Err(err) = store.apply(&pipeline.take_last_good_batch(now))
        {
            tracing::warn!(
                "{}",
                t!(
                    "log-last-good-not-recorded",
                    error = crate::logging::causes(&err)
                )
            );
        }
        outcomes
    };
    let (outcomes, stopped) = match &signals {
        Some(signals) => signals.finish_first(write),
        None => (write(), None),
    };
    print_outcomes(&outcomes)?;
    if let Some(signal) = stopped {
        eprintln!(
            "mokuhyo: {}",
            t!("stopped-after-write", signal = signal.name)
        );
        return Ok(ExitCode::from(signal.code));
    }
    if let Some(outage) = pipeline.folder_outage() {
        eprintln!("mokuhyo: {}", outage.describe());
    }
    let failed = outcomes.iter().any(|o| o.result.is_err()) || pipeline.folder_outage().is_some();
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints one line per file written (or not).
pub(crate) fn print_outcomes(outcomes: &[WriteOutcome]) -> std::io::Result<()> {
    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    if outcomes.is_empty() {
        writeln!(out, "{}", t!("consolidate-nothing-found"))?;
    }
    for o in outcomes {
        match &o.result {
            Ok(Saved::Replaced { path, .. }) => {
                writeln!(out, "{}", t!("output-written", path = path.display()))?
            }
            Ok(Saved::Fallback { path, reason }) => writeln!(
                out,
                "{}",
                t!(
                    "output-written-beside",
                    path = path.display(),
                    target = o.target.display(),
                    reason = reason
                )
            )?,
            Err(err) => writeln!(
                out,
                "{}",
                t!(
                    "output-failed",
                    target = o.target.display(),
                    error = crate::logging::causes(&err)
                )
            )?,
        }
    }
    Ok(())
}
