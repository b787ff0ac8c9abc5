//! `mokuhyo remind`: reads the folder, then sends the reminder, overdue and
//! digest mails due today (`--dry-run`: prints every mail that would go out
//! and why, fully rendered, without sending or writing the ledger).

use std::io::Write;
use std::process::ExitCode;

use chrono::{NaiveDate, TimeZone};

use crate::config::Settings;
use crate::i18n::t;
use crate::mail::{RemindInput, SendSummary};
use crate::pipeline::Pipeline;
use crate::state::roster::RosterState;
use crate::state::{Access, Role, StateFile, StateFileError};
use mokuhyo_core::remind::unaddressed;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the mails that would go out, without sending or recording anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Plan for this day (as at its end, so every mail of the day is due) instead of now.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Send even though the clock (or --today) reads a time more than 400
    /// days after, or 30 days before, the last mail sent (held otherwise).
    #[arg(long)]
    pub accept_clock: bool,
}

/// `mokuhyo remind`: sends the mails due now (or `--today`), or with
/// `--dry-run` prints them; exits 1 when a mail failed or was held.
pub fn run(args: &Args, settings: Settings) -> anyhow::Result<ExitCode> {
    for warning in settings.warnings() {
        tracing::warn!("{}", t!("log-configuration-warning", warning = warning));
    }
    let calendar = settings.business_calendar();
    let tz = settings.reminders.tz();
    let now = match args.today {
        // The end of that day, so that every mail of the day is due.
        Some(day) => {
            let end = day.and_time(chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
            tz.from_local_datetime(&end)
                .latest()
                .map(|t| t.with_timezone(&chrono::Utc))
                .ok_or_else(|| anyhow::anyhow!("{end} does not exist in {tz}"))?
        }
        None => crate::clock::now_utc(),
    };
    let today = now.with_timezone(&tz).date_naive();
    if args.dry_run {
        return dry_run(settings, now, today, &calendar);
    }

    // One sender at a time: the lock of the state file, taken before
    // anything is read from it.
    let database = settings.state.database.clone();
    let state = match StateFile::acquire(
        &database,
        &settings.output.dir,
        Role::Remind,
        &crate::state::tell_waiting,
    ) {
        Ok(state) => state,
        Err(StateFileError::DaemonRunning { path, pid }) => {
            writeln!(
                std::io::stdout(),
                "{}",
                t!("remind-daemon-running", pid = pid, path = path.display())
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(err) => return Err(err.into()),
    };
    let summary = send(settings, &state, now, today, args.accept_clock)?;
    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    print_summary(&mut out, &summary)?;
    let failed = summary.held.is_some()
        || !summary.failed_permanent.is_empty()
        || !summary.failed_transient.is_empty()
        || !summary.refused.is_empty()
        || !summary.errors.is_empty();
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads the folder as the daemon does (the roster of the send day, the
/// last good data of failing files), writes the consolidated workbooks the
/// digest attaches, and sends the mails due at `now`.
fn send(
    settings: Settings,
    state: &StateFile,
    now: chrono::DateTime<chrono::Utc>,
    today: NaiveDate,
    accept_clock: bool,
) -> anyhow::Result<SendSummary> {
    // The recipients of the send day: the roster of that date.
    let roster = RosterState::load(&settings.roster_sources(), None, crate::clock::now_utc());
    for problem in &roster.problems {
        tracing::warn!("{}", t!("log-roster", roster = problem.to_string()));
    }
    // A failing file's last good data is reminded about, as by the daemon.
    let (mut pipeline, _store) =
        Pipeline::with_last_good(settings, crate::clock::now_utc(), state.last_good())?;
    pipeline.set_roster(roster);
    pipeline.scan(crate::clock::now_utc(), &|_| {});
    let ledger = state.ledger()?;

    // The digest attaches the consolidated workbooks: write them first.
    let outcomes = pipeline.write_outputs(None, today, crate::clock::now_utc());
    let consolidated: Vec<_> = outcomes
        .iter()
        .filter(|o| o.kind == crate::io::consolidate::write::OutputKind::Workbook)
        .filter_map(|o| {
            let saved = o.result.as_ref().ok()?;
            Some((o.fiscal_year, saved.path().to_path_buf()))
        })
        .collect();
    let summary = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(pipeline.send_due(&consolidated, &ledger, now, accept_clock));
    Ok(summary)
}

/// Prints what a send did: held, taken, left for later today, sent,
/// refused, superseded, to be retried, failed, errors, and the count.
fn print_summary(out: &mut impl Write, summary: &SendSummary) -> std::io::Result<()> {
    if let Some(why) = &summary.held {
        writeln!(out, "{}", t!("remind-held", why = why))?;
    }
    for key in &summary.taken {
        writeln!(out, "{}", t!("remind-taken", key = key))?;
    }
    for (key, time) in &summary.later_today {
        writeln!(
            out,
            "{}",
            t!("remind-later-today", time = time.to_string(), key = key)
        )?;
    }
    for key in &summary.sent {
        writeln!(out, "{}", t!("remind-sent", key = key))?;
    }
    for (key, refused) in &summary.refused {
        writeln!(
            out,
            "{}",
            t!("remind-refused", key = key, refused = refused)
        )?;
    }
    for (key, sent) in &summary.superseded {
        writeln!(
            out,
            "{}",
            t!("remind-superseded", key = key, sent = sent.to_string())
        )?;
    }
    for (key, err) in summary.failed_transient.iter() {
        writeln!(
            out,
            "{}",
            t!("remind-retry", key = key, error = err.to_string())
        )?;
    }
    for (key, err) in summary.failed_permanent.iter() {
        writeln!(
            out,
            "{}",
            t!("remind-failed", key = key, error = err.to_string())
        )?;
    }
    for err in &summary.errors {
        writeln!(out, "{}", t!("remind-error", error = err.to_string()))?;
    }
    writeln!(
        out,
        "{}",
        t!(
            "remind-summary",
            sent = summary.sent.len(),
            planned = summary.planned.len()
        )
    )?;
    Ok(())
}

/// `--dry-run`: every mail that would go out on `today`, rendered, without
/// taking the state file's lock or writing anything (the state file, if
/// there is one, is only read).
fn dry_run(
    settings: Settings,
    now: chrono::DateTime<chrono::Utc>,
    today: NaiveDate,
    calendar: &mokuhyo_core::calendar::BusinessCalendar,
) -> anyhow::Result<ExitCode> {
    let database = crate::state::resolve(&settings.state.database);
    let exists = database.exists();
    let roster = RosterState::inspect(&settings.roster_sources(), crate::clock::now_utc());
    // Read as it is: nothing is written, not even its layout.
    let open = || StateFile::open(&database, Access::ReadOnly);
    let mut pipeline = if exists {
        let store = open().and_then(|file| file.last_good());
        Pipeline::with_last_good(settings, crate::clock::now_utc(), store)?.0
    } else {
        Pipeline::new(settings)?
    };
    pipeline.set_roster(roster);
    pipeline.scan(crate::clock::now_utc(), &|_| {});
    let ledger = if exists {
        open()
    } else {
        StateFile::in_memory()
    }?
    .ledger()?;
    let cfg = pipeline.reminder_config(now);
    let inputs = pipeline.remind_inputs();
    let (reports, problems) = (inputs.reports(), &inputs.problems);
    let consolidated = pipeline.workbook_paths();
    let page = pipeline.digest_page(today);
    let input = RemindInput {
        reports: &reports,
        problems,
        consolidated: &consolidated,
        page: page.as_deref(),
    };
    let mails = crate::mail::dry_run(&input, &cfg, calendar, today, &ledger)?;
    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    for mail in &mails {
        writeln!(out, "{mail}\n")?;
    }
    writeln!(
        out,
        "{}",
        t!("log-roster", roster = pipeline.roster().describe())
    )?;
    for line in unaddressed(&reports, &cfg) {
        writeln!(
            out,
            "{}",
            t!(
                "remind-unaddressed",
                day = today.to_string(),
                line = crate::mail::run::unaddressed_text(&line)
            )
        )?;
    }
    let held = mokuhyo_core::remind::held(&reports, &cfg, calendar, today, &ledger);
    for line in &held {
        writeln!(
            out,
            "{}",
            t!(
                "remind-held-reading",
                recipient = line.recipient.clone(),
                mail = line.mail.clone(),
                file = line.file.clone(),
                table = format!("{}!{}", line.sheet, line.range),
                cells = line.cells.join(", ")
            )
        )?;
    }
    if !held.is_empty() {
        writeln!(out, "{}", t!("remind-held-reading-hint"))?;
    }
    writeln!(
        out,
        "{}",
        t!(
            "remind-dry-run-count",
            count = mails.len(),
            day = today.to_string()
        )
    )?;
    Ok(ExitCode::SUCCESS)
}
