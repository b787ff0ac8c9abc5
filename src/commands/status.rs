//! `mokuhyo status`: what the state file says — whether the daemon runs
//! (the state file's lock, [`crate::state::file`]), the last scan, the files and
//! their errors, the mails sent, failed and refused, the next send — as
//! text, or as JSON (`--json`, docs/status.md). `--check` prints one line
//! and exits 0 when healthy, 1 otherwise ([`crate::state::status`]).

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use crate::config::Settings;
use crate::i18n::t;
use crate::logging::escape_controls;
use crate::state::status::{
    DaemonStatus, FilesStatus, MailStatus, SCHEMA_VERSION, ScheduleStatus, StatusReport, local,
    span,
};
use crate::state::{Access, StateFile};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Print the status as JSON (layout: docs/status.md).
    #[arg(long, conflicts_with = "check")]
    pub json: bool,
    /// Print one line and exit 0 when healthy, 1 otherwise (for monitoring).
    #[arg(long)]
    pub check: bool,
}

/// How long `status` waits for a write to the state file to be able to
/// start before it reports the file locked.
const STATE_WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

pub fn run(args: &Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let now = crate::clock::now_utc();
    let mut report = gather(settings, now)?;
    report.check(&settings.status, now);
    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    if args.check {
        // One line whatever the problem holds (a file name with a newline).
        // `OK:` and `PROBLEM:` stay in every language: monitoring matches them.
        let line = match report.problems.first() {
            None => format!("OK: {}", summary(&report)),
            Some(first) => format!(
                "PROBLEM: {first}{}",
                crate::state::status::and_more(report.problems.len())
            ),
        };
        writeln!(out, "{}", escape_controls(&line))?;
        return Ok(if report.healthy {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_text(&mut out, &report, settings)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads the state file (never creating nor writing it) and who holds its
/// lock.
pub(crate) fn gather(settings: &Settings, now: DateTime<Utc>) -> anyhow::Result<StatusReport> {
    let path = &crate::state::resolve(&settings.state.database);
    // Asked before the file is opened (see `crate::state::StateFile`).
    let holder = crate::state::holder(path);
    let state_problem = crate::state::inspect(path, &settings.output.dir).map(|e| e.to_string());
    let mut report = StatusReport {
        schema_version: SCHEMA_VERSION,
        generated_at: now,
        state_file: settings.state.database.display().to_string(),
        state_exists: path.exists(),
        state_problem,
        state_unwritable: None,
        outages: Vec::new(),
        healthy: true,
        problems: Vec::new(),
        daemon: DaemonStatus {
            running: holder.is_some_and(|h| h.role == crate::state::Role::Daemon),
            ..DaemonStatus::default()
        },
        folder: None,
        last_scan: None,
        // The longest wait between two of the next rescans.
        rescan_interval_secs: settings
            .watch
            .rescan_schedule
            .as_ref()
            .and_then(|s| s.longest_gap(now, 8))
            .and_then(|gap| u64::try_from(gap.num_seconds()).ok())
            .unwrap_or(0),
        files: FilesStatus::default(),
        mail: MailStatus::default(),
        reports: Vec::new(),
        schedules: Vec::new(),
    };
    if !report.state_exists || report.state_problem.is_some() {
        return Ok(report);
    }
    report.state_unwritable = crate::state::probe_writable(path, STATE_WRITE_WAIT);
    let file = StateFile::open(path, Access::ReadOnly)?;
    let ledger = file.ledger()?;
    let status = ledger.status()?;
    let state = file.daemon()?.read()?;
    report.daemon.pid = state.pid;
    report.daemon.started = state.started;
    report.folder = state.folder;
    report.outages = state.outages;
    report.last_scan = state.last_scan;
    report.files = FilesStatus {
        tracked: state.files_tracked,
        with_errors: state.files_with_errors,
        last_good_kept: file.last_good().and_then(|store| store.count()).ok(),
        held_tables: held_tables(&file, &settings.parse.trust),
        errors: state.file_errors,
    };
    report.reports = year_counts(&file, settings, now);
    report.mail = MailStatus {
        sent: status.sent,
        failed_transient: status.failed_transient,
        failed_permanent: status.failed_permanent,
        attempting: status.attempting,
        refused_recipients: status
            .refused
            .iter()
            .flat_map(|e| e.refused.iter().flat_map(|r| r.lines()))
            .count() as u64,
        last_send_run: state.last_send_run,
        next_send: state.next_send,
        unsettled: status.unsettled,
        refused: status.refused,
        recent: status.recent,
        ahead: ledger
            .sent_after(now + crate::state::status::AHEAD_TOLERANCE)?
            .into_iter()
            .filter(|(key, at)| {
                !state
                    .clock_faults
                    .iter()
                    .any(|f| &f.key == key && f.sent_at == *at)
            })
            .map(|(key, sent_at)| crate::state::status::MailAhead { key, sent_at })
            .collect(),
        clock_faults: state.clock_faults,
    };
    let zone = settings.reminders.tz();
    report.schedules = state
        .schedules
        .into_iter()
        .map(|recorded| ScheduleStatus {
            due: mokuhyo_core::calendar::CronSchedule::parse(&recorded.schedule)
                .ok()
                .and_then(|cron| cron.next_firings(now, zone, 1).first().copied())
                .map(|at| at.with_timezone(&Utc)),
            key: recorded.key,
            schedule: recorded.schedule,
            next: recorded.next,
            last: recorded.last,
        })
        .collect();
    Ok(report)
}

/// The counts of every fiscal year on the day of `now` (in the reminders'
/// time zone), from the last good data of the state file: what the
/// consolidated workbook, its JSON and the planning digest count.
fn year_counts(
    file: &StateFile,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Vec<mokuhyo_core::remind::counts::YearCounts> {
    let sources = file
        .last_good()
        .map(|store| store.sources())
        .unwrap_or_default();
    let copies = settings.folder.copies(&sources);
    let reports: Vec<&mokuhyo_core::model::SheetReport> = sources
        .iter()
        .flat_map(|s| s.reports.iter().filter(|r| !copies.is_copied(&s.path, r)))
        .collect();
    let today = now.with_timezone(&settings.reminders.tz()).date_naive();
    mokuhyo_core::remind::counts::year_counts(&reports, &settings.remind_config(), today)
}

/// `daemon running (pid 4242), last scan 3 min ago, 7 file(s), 12 mail(s) sent`.
fn summary(report: &StatusReport) -> String {
    let scan = report.last_scan.map_or(t!("summary-no-scan"), |at| {
        t!(
            "summary-last-scan",
            ago = span(report.generated_at.signed_duration_since(at))
        )
    });
    t!(
        "summary",
        pid = report.daemon.pid.map_or("?".to_string(), |p| p.to_string()),
        scan = scan,
        files = report.files.tracked.unwrap_or(0),
        mails = report.mail.sent
    )
}

fn print_text(
    out: &mut impl Write,
    report: &StatusReport,
    settings: &Settings,
) -> anyhow::Result<()> {
    print_daemon(out, &report.daemon)?;
    if let Some(problem) = &report.state_problem {
        writeln!(out, "{}", t!("status-state-problem", problem = problem))?;
        return print_health(out, report);
    }
    if !report.state_exists {
        writeln!(out, "{}", t!("status-no-state", path = &report.state_file))?;
        return print_health(out, report);
    }
    let path = crate::state::resolve(&settings.state.database);
    let recorded = StateFile::open(&path, Access::ReadOnly)?.daemon()?.read()?;
    writeln!(out, "{}", t!("status-state", path = &report.state_file))?;
    for (key, value) in recorded.shown {
        writeln!(out, "  {}", escape_controls(&fact_line(&key, &value)))?;
    }
    print_schedules(out, &report.schedules)?;
    print_files(out, report)?;
    print_reports(out, &report.reports)?;
    print_mail(out, &report.mail)?;
    print_health(out, report)
}

/// A fact the daemon recorded, as a person reads it: its name in the
/// language in force, a time in Japan time (`2026-11-25 09:28 JST`).
fn fact_line(key: &str, value: &str) -> String {
    let id = format!("fact-{}", key.replace('_', "-"));
    let label = if crate::i18n::has_message(&id) {
        crate::i18n::text(&id, &[])
    } else {
        key.to_string()
    };
    let value = DateTime::parse_from_rfc3339(value)
        .map(|t| local(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| value.to_string());
    t!("status-fact", label = label, value = value)
}

/// The reports of every fiscal year, with each department's line.
fn print_reports(
    out: &mut impl Write,
    years: &[mokuhyo_core::remind::counts::YearCounts],
) -> anyhow::Result<()> {
    use crate::mail::reason::{milestone_name, nendo, report_line};
    use mokuhyo_core::remind::Milestone;
    let Some(first) = years.first() else {
        return Ok(());
    };
    writeln!(
        out,
        "{}",
        t!("status-reports", day = first.as_of.to_string())
    )?;
    let due = |date: Option<chrono::NaiveDate>| {
        date.map_or_else(|| t!("status-no-due-date"), |d| d.to_string())
    };
    let items = |counts: &mokuhyo_core::consolidate::status::Counts| {
        t!(
            "status-items",
            items = counts.items,
            overdue = counts.overdue,
            awaiting = counts.awaiting_report
        )
    };
    for year in years {
        writeln!(
            out,
            "  {}",
            t!(
                "status-year",
                nendo = nendo(year.fiscal_year),
                items = items(&year.totals)
            )
        )?;
        for (milestone, date) in [
            (Milestone::Interim, year.interim_due),
            (Milestone::YearEnd, year.year_end_due),
        ] {
            writeln!(
                out,
                "    {}",
                t!(
                    "status-milestone",
                    milestone = milestone_name(milestone),
                    due = due(date),
                    counts = report_line(year.totals.of(milestone))
                )
            )?;
        }
        for department in &year.departments {
            let counts = &department.counts;
            writeln!(
                out,
                "    - {}",
                escape_controls(&t!(
                    "status-department",
                    department = &department.department,
                    items = items(counts),
                    interim = report_line(&counts.interim),
                    year_end = report_line(&counts.year_end)
                ))
            )?;
        }
    }
    Ok(())
}

/// Each schedule with the firing it waits for and its last one.
fn print_schedules(out: &mut impl Write, schedules: &[ScheduleStatus]) -> anyhow::Result<()> {
    if schedules.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", t!("status-schedules"))?;
    let shown = |at: Option<DateTime<Utc>>| at.map_or_else(|| "-".to_string(), local);
    for schedule in schedules {
        writeln!(
            out,
            "  {} = \"{}\": {}",
            schedule.key,
            schedule.schedule,
            t!(
                "status-schedule",
                next = shown(schedule.next),
                last = shown(schedule.last)
            )
        )?;
    }
    Ok(())
}

/// Whether the daemon runs, since when and as which process.
fn print_daemon(out: &mut impl Write, daemon: &DaemonStatus) -> anyhow::Result<()> {
    let pid = daemon.pid.map_or("?".to_string(), |p| p.to_string());
    let started = daemon.started.map_or("?".to_string(), local);
    let line = if daemon.running {
        t!("status-daemon-running", pid = &pid, started = &started)
    } else if daemon.started.is_some() {
        t!("status-daemon-stopped", pid = &pid, started = &started)
    } else {
        t!("status-daemon-never")
    };
    writeln!(out, "{line}")?;
    Ok(())
}

/// The tables of the kept data whose department mails are held, read
/// without writing anything; `None` when the data cannot be read.
fn held_tables(file: &StateFile, trust: &[String]) -> Option<u64> {
    let loaded = file.last_good().and_then(|store| store.load()).ok()?;
    let reports = loaded.reads.iter().flat_map(|read| read.reports.iter());
    Some(mokuhyo_core::remind::hold::held_tables(reports, trust).len() as u64)
}

/// The files whose last good read is kept, and those with errors.
fn print_files(out: &mut impl Write, report: &StatusReport) -> anyhow::Result<()> {
    if let Some(kept) = report.files.last_good_kept {
        writeln!(out, "{}", t!("status-files-kept", count = kept))?;
    }
    if let Some(held) = report.files.held_tables.filter(|n| *n > 0) {
        writeln!(out, "{}", t!("status-held", count = held))?;
    }
    if report.files.errors.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", t!("status-file-errors"))?;
    for p in &report.files.errors {
        let sheet = p
            .sheet
            .as_deref()
            .map_or(String::new(), |s| format!(" [{s}]"));
        writeln!(
            out,
            "  {}",
            t!(
                "status-file-error",
                since = p.since.map(local).unwrap_or_default(),
                problem = escape_controls(&format!("{}{sheet}: {}", p.file.display(), p.shown()))
            )
        )?;
    }
    Ok(())
}

/// The mail counts, then the mails not sent, the recipients refused and the
/// mails sent last.
fn print_mail(out: &mut impl Write, mail: &MailStatus) -> anyhow::Result<()> {
    writeln!(
        out,
        "{}",
        t!(
            "status-mail",
            sent = mail.sent,
            retrying = mail.failed_transient,
            failed = mail.failed_permanent,
            attempting = mail.attempting,
            refused = mail.refused_recipients
        )
    )?;
    if !mail.unsettled.is_empty() {
        writeln!(out, "{}", t!("status-not-sent"))?;
        for e in &mail.unsettled {
            writeln!(
                out,
                "  {} [{}] {}",
                e.key,
                t!(
                    "status-attempts",
                    outcome = outcome(e.outcome),
                    attempts = e.attempts,
                    last = &e.last_attempt_at
                ),
                e.last_error.as_deref().unwrap_or("")
            )?;
        }
    }
    if !mail.refused.is_empty() {
        writeln!(out, "{}", t!("status-refused"))?;
        for e in &mail.refused {
            for refused in e.refused.iter().flat_map(|r| r.lines()) {
                writeln!(
                    out,
                    "  {} {}: {refused}",
                    e.sent_at.as_deref().unwrap_or("-"),
                    e.key
                )?;
            }
        }
    }
    if !mail.clock_faults.is_empty() || !mail.ahead.is_empty() {
        writeln!(out, "{}", t!("status-clock-faults"))?;
        for f in &mail.clock_faults {
            writeln!(
                out,
                "  {} {} ({})",
                f.sent_at.to_rfc3339(),
                f.key,
                t!(
                    "status-clock-fault-found",
                    found = crate::state::status::local(f.found_at)
                )
            )?;
        }
        for a in &mail.ahead {
            writeln!(out, "  {} {}", a.sent_at.to_rfc3339(), a.key)?;
        }
    }
    if !mail.recent.is_empty() {
        writeln!(out, "{}", t!("status-recent"))?;
        for e in &mail.recent {
            writeln!(
                out,
                "  {} {} → {}",
                e.sent_at.as_deref().unwrap_or("-"),
                e.key,
                e.recipients
            )?;
        }
    }
    Ok(())
}

/// A mail's last outcome as `status` shows it.
fn outcome(outcome: mokuhyo_core::remind::sent::Outcome) -> String {
    use mokuhyo_core::remind::sent::Outcome;
    match outcome {
        Outcome::Attempting => t!("outcome-attempting"),
        Outcome::Sent => t!("outcome-sent"),
        Outcome::FailedTransient => t!("outcome-failed-transient"),
        Outcome::FailedPermanent => t!("outcome-failed-permanent"),
    }
}

fn print_health(out: &mut impl Write, report: &StatusReport) -> anyhow::Result<()> {
    if report.healthy {
        writeln!(out, "{}", t!("status-health-ok"))?;
    } else {
        writeln!(
            out,
            "{}",
            t!("status-health-problems", count = report.problems.len())
        )?;
        for p in &report.problems {
            writeln!(out, "  - {}", escape_controls(p))?;
        }
    }
    Ok(())
}
