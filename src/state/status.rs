//! What `mokuhyo status` reports (text, `--json`) and the health check of
//! `--check`, over facts gathered from the state file: pure, values in,
//! values out. The JSON layout is documented in docs/status.md.
//!
//! Unhealthy is: a state file that cannot be used (missing while its ledger
//! is expected, empty, another ledger) or written (locked, read-only); an
//! outage the daemon recorded (an output it cannot write, a sub-folder it
//! cannot list, the shared folder out of reach, a configuration reload that failed); the daemon not running; a file unreadable (an import
//! error) for longer than `status.unreadable_minutes`; a mail failed
//! permanently, or a recipient refused, within `status.mail_failure_days`,
//! or a mail not delivered for that many days, whatever the failure;
//! the last scan older than twice the longest wait between two firings of
//! `watch.rescan_schedule`.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::t;
use crate::state::ledger::LedgerEntry;
use mokuhyo_core::consolidate::ImportProblem;
use mokuhyo_core::remind::plan::Outcome;

/// The layout version of `status --json`.
pub const SCHEMA_VERSION: u32 = 1;

/// `[status]`: what `mokuhyo status --check` counts as a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StatusConfig {
    /// A file with an import error for longer than this many minutes is a
    /// problem (0: at once).
    pub unreadable_minutes: u64,
    /// Permanent mail failures and refused recipients of the last this many
    /// days are problems (0: of any age).
    pub mail_failure_days: u64,
}

impl Default for StatusConfig {
    fn default() -> Self {
        StatusConfig {
            unreadable_minutes: 60,
            mail_failure_days: 7,
        }
    }
}

pub use crate::state::{ClockFault, Outage};

/// Everything `mokuhyo status` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusReport {
    pub schema_version: u32,
    pub generated_at: DateTime<Utc>,
    pub state_file: String,
    /// Whether the state file exists (false: no daemon or command has run here).
    pub state_exists: bool,
    /// What keeps the state file from being used: missing while its ledger
    /// is expected, empty, or another ledger than the one recorded beside
    /// the outputs (see `crate::state::file`).
    pub state_problem: Option<String>,
    /// Why the state file cannot be written now (locked by another program
    /// for longer than a write waits, read-only), as `status` finds it.
    pub state_unwritable: Option<String>,
    /// What the daemon saw go wrong and not yet right again.
    pub outages: Vec<Outage>,
    pub healthy: bool,
    /// One line per problem found by the health check.
    pub problems: Vec<String>,
    pub daemon: DaemonStatus,
    pub folder: Option<String>,
    pub last_scan: Option<DateTime<Utc>>,
    pub rescan_interval_secs: u64,
    pub files: FilesStatus,
    pub mail: MailStatus,
    /// The reports and items of every fiscal year on the day, by department,
    /// as the consolidated workbook counts them, from the last good data of
    /// the state file.
    pub reports: Vec<mokuhyo_core::remind::counts::YearCounts>,
    /// The daemon's schedules, as its scheduler last recorded them.
    pub schedules: Vec<ScheduleStatus>,
}

/// One of the daemon's schedules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleStatus {
    /// The key that sets it (`watch.rescan_schedule`).
    pub key: String,
    pub schedule: String,
    /// The firing the scheduler waits for (`None`: it never fires again).
    pub next: Option<DateTime<Utc>>,
    /// Its last firing since the daemon started.
    pub last: Option<DateTime<Utc>>,
    /// The first firing of the expression after the time `status` ran.
    pub due: Option<DateTime<Utc>>,
}

/// How late a schedule's firing, or how far in the future the last scan,
/// may be before it is a problem: the event loop fires the schedules
/// between two steps of its work.
pub const SCHEDULE_SLACK: Duration = Duration::minutes(2);

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DaemonStatus {
    pub running: bool,
    /// The process id of the running daemon, else of the last one started.
    pub pid: Option<u32>,
    pub started: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FilesStatus {
    pub tracked: Option<u64>,
    pub with_errors: Option<u64>,
    /// Files whose last good data is kept in the state file.
    pub last_good_kept: Option<u64>,
    /// Tables of the kept data read with low confidence, neither pinned
    /// nor trusted: their department mails are held (保留（読取の確認待ち）).
    pub held_tables: Option<u64>,
    /// The import errors, each with the file, sheet and since when.
    pub errors: Vec<ImportProblem>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MailStatus {
    pub sent: u64,
    pub failed_transient: u64,
    pub failed_permanent: u64,
    pub attempting: u64,
    /// Refused recipients of the mails listed in `refused`.
    pub refused_recipients: u64,
    pub last_send_run: Option<DateTime<Utc>>,
    pub next_send: Option<String>,
    /// Every mail whose last outcome is a failure or still `attempting`.
    pub unsettled: Vec<LedgerEntry>,
    /// Mails sent with refused recipients, newest first (at most 20).
    pub refused: Vec<LedgerEntry>,
    /// The most recently sent mails, newest first (at most 10).
    pub recent: Vec<LedgerEntry>,
    /// Mails recorded as sent while the clock read far ahead, as the
    /// senders found them.
    pub clock_faults: Vec<ClockFault>,
    /// Mails recorded as sent later than the clock reads now (and not
    /// found as clock faults yet), earliest first.
    pub ahead: Vec<MailAhead>,
}

/// A mail recorded as sent later than the clock reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailAhead {
    pub key: String,
    pub sent_at: DateTime<Utc>,
}

/// How far after the clock's time a mail may be recorded as sent before it
/// is a problem (the clock stepped back further).
pub const AHEAD_TOLERANCE: Duration = Duration::minutes(5);

impl StatusReport {
    /// Runs the health check at `now` and records its outcome in
    /// `healthy` and `problems`.
    pub fn check(&mut self, cfg: &StatusConfig, now: DateTime<Utc>) {
        self.problems = problems(self, cfg, now);
        self.healthy = self.problems.is_empty();
    }
}

/// Every problem of `report` at `now`, one line each, most important first.
pub fn problems(report: &StatusReport, cfg: &StatusConfig, now: DateTime<Utc>) -> Vec<String> {
    let mut problems = state_and_daemon_problems(report);
    problems.extend(unreadable_files(report, cfg, now));
    problems.extend(mail_problems(report, cfg, now));
    problems.extend(clock_problems(report, cfg, now));
    problems.extend(late_schedules(report, now));
    problems.extend(late_scan(report, now));
    problems
}

/// A running daemon's schedule whose firing has passed and not been made,
/// or that waits past a firing due first (the clock went back and the
/// scheduler did not follow).
fn late_schedules(report: &StatusReport, now: DateTime<Utc>) -> Vec<String> {
    if !report.daemon.running {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for schedule in &report.schedules {
        let Some(next) = schedule.next else {
            continue;
        };
        if next < now - SCHEDULE_SLACK {
            problems.push(t!(
                "health-schedule-late",
                key = &schedule.key,
                next = local(next),
                late = span(now.signed_duration_since(next))
            ));
        } else if let Some(due) = schedule.due.filter(|due| next > *due + SCHEDULE_SLACK) {
            problems.push(t!(
                "health-schedule-behind",
                key = &schedule.key,
                next = local(next),
                due = local(due)
            ));
        }
    }
    problems
}

/// Mails recorded as sent while the clock read far ahead, found within
/// `cfg.mail_failure_days`; the first mail recorded as sent later than the
/// clock reads now.
fn clock_problems(report: &StatusReport, cfg: &StatusConfig, now: DateTime<Utc>) -> Vec<String> {
    let days = i64::try_from(cfg.mail_failure_days).unwrap_or(i64::MAX / 86_400);
    let recent = |found: DateTime<Utc>| {
        cfg.mail_failure_days == 0 || now.signed_duration_since(found) <= Duration::days(days)
    };
    let mut problems: Vec<String> = report
        .mail
        .clock_faults
        .iter()
        .filter(|f| recent(f.found_at))
        .map(|f| {
            t!(
                "health-mail-clock-fault",
                found = local(f.found_at),
                key = &f.key,
                sent = local(f.sent_at)
            )
        })
        .collect();
    if let Some(first) = report.mail.ahead.first() {
        problems.push(format!(
            "{}{}",
            t!(
                "health-mail-ahead",
                key = &first.key,
                sent = local(first.sent_at),
                now = local(now)
            ),
            and_more(report.mail.ahead.len())
        ));
    }
    problems
}

/// The state file unusable or unwritable, the outages in force, the daemon
/// not running.
fn state_and_daemon_problems(report: &StatusReport) -> Vec<String> {
    let mut problems: Vec<String> = report
        .state_problem
        .iter()
        .chain(&report.state_unwritable)
        .cloned()
        .collect();
    for outage in &report.outages {
        problems.push(t!(
            "health-outage",
            what = &outage.what,
            since = local(outage.since)
        ));
    }
    let daemon = &report.daemon;
    if !daemon.running {
        problems.push(match (daemon.started, daemon.pid) {
            (Some(started), Some(pid)) => {
                t!("health-daemon-stopped", started = local(started), pid = pid)
            }
            _ => t!("health-daemon-never-ran", path = &report.state_file),
        });
    }
    problems
}

/// The oldest file unreadable for longer than `cfg.unreadable_minutes`,
/// with how many more are.
fn unreadable_files(
    report: &StatusReport,
    cfg: &StatusConfig,
    now: DateTime<Utc>,
) -> Option<String> {
    let limit = Duration::minutes(i64::try_from(cfg.unreadable_minutes).unwrap_or(i64::MAX));
    let old: Vec<&ImportProblem> = report
        .files
        .errors
        .iter()
        .filter(|p| now.signed_duration_since(p.since.unwrap_or(now)) >= limit)
        .collect();
    let first = old.iter().min_by_key(|p| p.since)?;
    let sheet = first
        .sheet
        .as_deref()
        .map_or(String::new(), |s| format!(" [{s}]"));
    Some(format!(
        "{}{}",
        t!(
            "health-file-unreadable",
            duration = span(now.signed_duration_since(first.since.unwrap_or(now))),
            file = format!("{}{sheet}", first.file.display()),
            problem = first.shown()
        ),
        and_more(old.len())
    ))
}

/// Mail refused for good, mail undelivered for `cfg.mail_failure_days`
/// whatever the failure, and recipients a server refused, recently.
fn mail_problems(report: &StatusReport, cfg: &StatusConfig, now: DateTime<Utc>) -> Vec<String> {
    let recent = |at: Option<&str>| {
        cfg.mail_failure_days == 0
            || at
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .is_some_and(|t| {
                    let days = i64::try_from(cfg.mail_failure_days).unwrap_or(i64::MAX);
                    now.signed_duration_since(t) <= Duration::days(days)
                })
    };
    let mut problems = Vec::new();
    for e in &report.mail.unsettled {
        if e.outcome == Outcome::FailedPermanent && recent(Some(&e.last_attempt_at)) {
            problems.push(t!(
                "health-mail-failed",
                key = &e.key,
                recipients = &e.recipients,
                error = e.last_error.as_deref().unwrap_or("-")
            ));
        }
    }
    problems.extend(undelivered_mail(report, cfg, now));
    for e in &report.mail.refused {
        if recent(e.sent_at.as_deref()) {
            for refused in e.refused.iter().flat_map(|r| r.lines()) {
                problems.push(t!(
                    "health-recipient-refused",
                    key = &e.key,
                    refused = refused
                ));
            }
        }
    }
    problems
}

/// The oldest mail not delivered for `cfg.mail_failure_days`, whatever the
/// failure: a relay down for weeks is an outage even when each failure is
/// worth retrying.
fn undelivered_mail(
    report: &StatusReport,
    cfg: &StatusConfig,
    now: DateTime<Utc>,
) -> Option<String> {
    let undelivered = |e: &&LedgerEntry| {
        matches!(e.outcome, Outcome::FailedTransient | Outcome::Attempting)
            && DateTime::parse_from_rfc3339(&e.first_attempt_at).is_ok_and(|t| {
                let days = i64::try_from(cfg.mail_failure_days).unwrap_or(i64::MAX);
                now.signed_duration_since(t) >= Duration::days(days)
            })
    };
    let stuck: Vec<&LedgerEntry> = report.mail.unsettled.iter().filter(undelivered).collect();
    let oldest = stuck
        .iter()
        .min_by(|a, b| a.first_attempt_at.cmp(&b.first_attempt_at))?;
    let since = DateTime::parse_from_rfc3339(&oldest.first_attempt_at)
        .map(|t| now.signed_duration_since(t.with_timezone(&Utc)))
        .unwrap_or_default();
    Some(format!(
        "{}{}",
        t!(
            "health-mail-undelivered",
            duration = span(since),
            key = &oldest.key,
            recipients = &oldest.recipients,
            error = oldest.last_error.as_deref().unwrap_or("-")
        ),
        and_more(stuck.len())
    ))
}

/// A running daemon whose last scan (or, before its first, its start) is
/// older than twice the rescan interval.
fn late_scan(report: &StatusReport, now: DateTime<Utc>) -> Option<String> {
    let daemon = &report.daemon;
    if !daemon.running || report.rescan_interval_secs == 0 {
        return None;
    }
    let interval = i64::try_from(report.rescan_interval_secs).unwrap_or(i64::MAX / 4);
    let limit = Duration::seconds(interval.saturating_mul(2));
    let last = report.last_scan.or(daemon.started)?;
    if last > now + SCHEDULE_SLACK {
        return Some(t!("health-scan-ahead", at = local(last), now = local(now)));
    }
    (now.signed_duration_since(last) > limit).then(|| {
        t!(
            "health-scan-late",
            ago = span(now.signed_duration_since(last)),
            at = local(last),
            interval = span(Duration::seconds(interval))
        )
    })
}

/// ` (and 2 more)` after the first of `count` problems of a kind; nothing
/// when there is one.
pub(crate) fn and_more(count: usize) -> String {
    match count {
        0 | 1 => String::new(),
        n => t!("and-more", count = n - 1),
    }
}

/// `2026-10-23 09:00 JST`.
pub(crate) fn local(t: DateTime<Utc>) -> String {
    mokuhyo_core::calendar::shown_in_japan(t, mokuhyo_core::calendar::TimeShown::MinuteJst)
}

/// `3 d 4 h`, `2 h 5 min`, `45 min`, `30 s`.
pub fn span(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    let (days, hours, minutes) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (days, hours, minutes) {
        (0, 0, 0) => t!("span-seconds", s = s),
        (0, 0, m) => t!("span-minutes", m = m),
        (0, h, m) => t!("span-hours", h = h, m = m),
        (d, h, _) => t!("span-days", d = d, h = h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rstest::rstest;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 23, h, m, 0).unwrap()
    }

    fn healthy_report() -> StatusReport {
        StatusReport {
            schema_version: SCHEMA_VERSION,
            generated_at: at(12, 0),
            state_file: "out/mokuhyo.sqlite".into(),
            state_exists: true,
            state_problem: None,
            state_unwritable: None,
            outages: Vec::new(),
            healthy: true,
            problems: Vec::new(),
            daemon: DaemonStatus {
                running: true,
                pid: Some(42),
                started: Some(at(8, 0)),
            },
            folder: Some("share".into()),
            last_scan: Some(at(11, 55)),
            rescan_interval_secs: 600,
            files: FilesStatus::default(),
            mail: MailStatus::default(),
            reports: Vec::new(),
            schedules: Vec::new(),
        }
    }

    fn entry(outcome: Outcome, at: &str) -> LedgerEntry {
        LedgerEntry {
            key: "2026/interim/総務部/before-7".into(),
            kind: "reminder".into(),
            recipients: "to=somu@city.example.jp".into(),
            subject: "s".into(),
            outcome,
            attempts: 1,
            message_id: None,
            first_attempt_at: at.into(),
            last_attempt_at: at.into(),
            sent_at: (outcome == Outcome::Sent).then(|| at.to_string()),
            last_error: Some("permanent error (550): no such user".into()),
            refused: None,
        }
    }

    fn error_since(since: DateTime<Utc>) -> ImportProblem {
        ImportProblem {
            file: "share/総務部.xlsx".into(),
            sheet: None,
            cell: None,
            message: "not a zip archive".into(),
            text: None,
            since: Some(since),
            kind: mokuhyo_core::consolidate::ProblemKind::Error,
        }
    }

    #[test]
    fn a_running_daemon_with_fresh_scans_is_healthy() {
        let report = healthy_report();
        assert_eq!(
            problems(&report, &StatusConfig::default(), at(12, 0)),
            [] as [String; 0]
        );
    }

    /// The unit tests run in Japanese, the language in force unless a
    /// configuration or the locale says otherwise; English is checked by
    /// `tests/cli_language.rs` and the tests driving the binary.
    #[rstest]
    #[case::not_running(|r: &mut StatusReport| r.daemon.running = false, "常駐プロセスが動いていません（最後の起動 2026-10-23 17:00 JST、pid 42）")]
    #[case::never_ran(|r: &mut StatusReport| r.daemon = DaemonStatus::default(), "常駐プロセスが動いていません（状態ファイル out/mokuhyo.sqlite で起動したことがありません）")]
    #[case::unreadable(|r: &mut StatusReport| r.files.errors = vec![error_since(at(10, 30))], "1 時間 30 分 前から読めないファイルがあります：share/総務部.xlsx：not a zip archive")]
    #[case::permanent(|r: &mut StatusReport| r.mail.unsettled = vec![entry(Outcome::FailedPermanent, "2026-10-22T00:00:00Z")], "メールを送れませんでした（再送しません）：2026/interim/総務部/before-7（to=somu@city.example.jp）：permanent error (550): no such user")]
    #[case::refused(|r: &mut StatusReport| { let mut e = entry(Outcome::Sent, "2026-10-22T00:00:00Z"); e.refused = Some("kikakuka@city.example.jp: permanent error (550): no".into()); r.mail.refused = vec![e]; }, "受信を拒否された宛先があります：2026/interim/総務部/before-7：kikakuka@city.example.jp: permanent error (550): no")]
    #[case::unwritable(|r: &mut StatusReport| r.state_unwritable = Some("the state file s is locked by another program".into()), "the state file s is locked by another program")]
    #[case::outage(|r: &mut StatusReport| r.outages = vec![Outage { what: "consolidated file not written: out/a.xlsx: No space left on device".into(), since: at(9, 0) }], "consolidated file not written: out/a.xlsx: No space left on device（2026-10-23 18:00 JST から）")]
    #[case::undelivered(|r: &mut StatusReport| { let mut e = entry(Outcome::FailedTransient, "2026-10-16T00:00:00Z"); e.last_error = Some("connection refused".into()); let mut later = e.clone(); later.first_attempt_at = "2026-10-20T00:00:00Z".into(); r.mail.unsettled = vec![later, e]; }, "7 日 12 時間 前からメールが届いていません：2026/interim/総務部/before-7（to=somu@city.example.jp）：connection refused")]
    #[case::stale_scan(|r: &mut StatusReport| r.last_scan = Some(at(11, 39)), "最後の走査が 21 分 前（2026-10-23 20:39 JST）で、再走査の間隔 10 分 の 2 倍を超えています")]
    fn each_problem_is_one_line(#[case] spoil: fn(&mut StatusReport), #[case] expected: &str) {
        let mut report = healthy_report();
        spoil(&mut report);
        report.check(&StatusConfig::default(), at(12, 0));
        assert!(!report.healthy);
        assert_eq!(report.problems, [expected]);
    }

    #[test]
    fn young_errors_old_failures_and_a_stopped_rescan_are_not_problems() {
        let mut report = healthy_report();
        report.files.errors = vec![error_since(at(11, 30))];
        report.mail.unsettled = vec![
            entry(Outcome::FailedPermanent, "2026-10-01T00:00:00Z"),
            entry(Outcome::FailedTransient, "2026-10-23T00:00:00Z"),
        ];
        report.rescan_interval_secs = 0;
        report.last_scan = Some(at(1, 0));
        assert_eq!(
            problems(&report, &StatusConfig::default(), at(12, 0)),
            [] as [String; 0]
        );
        let strict = StatusConfig {
            unreadable_minutes: 0,
            mail_failure_days: 0,
        };
        // The young error, the old permanent failure, and the mail being
        // retried (0 days: any age).
        assert_eq!(problems(&report, &strict, at(12, 0)).len(), 3);
    }

    #[rstest]
    #[case(30, "30 秒")]
    #[case(45 * 60, "45 分")]
    #[case(2 * 3600 + 5 * 60, "2 時間 5 分")]
    #[case(3 * 86_400 + 4 * 3600, "3 日 4 時間")]
    fn spans(#[case] secs: i64, #[case] shown: &str) {
        assert_eq!(span(Duration::seconds(secs)), shown);
    }
}
