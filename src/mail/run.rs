//! The shell around the pure plan: [`dry_run`] renders what would go out;
//! [`send_due`] sends it and records every attempt in the ledger.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::render::{RenderError, RenderedMail, Templates};
use super::transport::{
    AttachmentFile, Delivered, DeliveryError, DeliveryFailure, Transport, build_message, message_id,
};
use crate::i18n::t;
use crate::state::ledger::Ledger;
use crate::state::{ClockFault, Fact, StateError};
use mokuhyo_core::calendar::FiscalYear;
use mokuhyo_core::mail_address::joined;
use mokuhyo_core::model::SheetReport;
use mokuhyo_core::remind::MailKey;
use mokuhyo_core::remind::config::Attach;
use mokuhyo_core::remind::config::RemindConfig;
use mokuhyo_core::remind::plan::{
    FileProblem, MailKind, Outcome, PlannedMail, Recipients, SentLedger, plan_with_superseded,
    unaddressed,
};
use mokuhyo_core::remind::schedule::{BusinessDays, send_moment};
use mokuhyo_core::remind::sent::CLOCK_AHEAD_LIMIT;
use mokuhyo_core::remind::series::Superseded;

/// What the folder scan and the consolidation hand to the reminder engine.
#[derive(Debug, Clone, Copy)]
pub struct RemindInput<'a> {
    pub reports: &'a [&'a SheetReport],
    pub problems: &'a [FileProblem],
    /// The consolidated workbook of each fiscal year, attached to the
    /// planning digest as `digest.attach_consolidated` says.
    pub consolidated: &'a [(FiscalYear, PathBuf)],
    /// The page of the current fiscal year, as staff reach it: linked from
    /// the planning digest.
    pub page: Option<&'a str>,
}

/// The templates of `cfg.mail.templates_dir`; on a broken template, the
/// built-in set and the error (so mail still goes out, and the error shows).
pub(crate) fn load_templates(cfg: &RemindConfig) -> (Templates, Option<RenderError>) {
    match Templates::load(Some(&cfg.mail.templates_dir)) {
        Ok(t) => (t, None),
        Err(e) => match Templates::builtin() {
            Ok(t) => (t, Some(e)),
            // The built-ins are tested; this cannot happen in a release.
            Err(_) => (Templates::empty(), Some(e)),
        },
    }
}

fn plan_with_attachments(
    input: &RemindInput<'_>,
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    today: NaiveDate,
    ledger: &impl SentLedger,
) -> (Vec<PlannedMail>, Vec<Superseded>) {
    let (mut mails, superseded) =
        plan_with_superseded(input.reports, input.problems, cfg, calendar, today, ledger);
    let current = FiscalYear::containing(today);
    let attached: Vec<PathBuf> = input
        .consolidated
        .iter()
        .filter(|(fy, _)| match cfg.digest.attach_consolidated {
            Attach::None => false,
            Attach::CurrentYear => *fy == current,
            Attach::All => true,
        })
        .map(|(_, path)| path.clone())
        .collect();
    for m in mails
        .iter_mut()
        .filter(|m| m.kind == MailKind::PlanningDigest)
    {
        m.data.attachments = attached
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        m.attachments = attached.clone();
        m.data.page = input.page.map(str::to_string);
    }
    (mails, superseded)
}

/// Every mail that would go out on `today` at the send time, fully rendered,
/// with its reason. Sends nothing and writes nothing.
pub fn dry_run(
    input: &RemindInput<'_>,
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    today: NaiveDate,
    ledger: &impl SentLedger,
) -> Result<Vec<RenderedMail>, RenderError> {
    let templates = Templates::load(Some(&cfg.mail.templates_dir))?;
    plan_with_attachments(input, cfg, calendar, today, ledger)
        .0
        .iter()
        .map(|m| templates.render(m))
        .collect()
}

impl fmt::Display for RenderedMail {
    /// The form `mokuhyo remind --dry-run` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "=== {}", self.key)?;
        writeln!(
            f,
            "{}",
            t!(
                "dry-run-why",
                reason = super::reason::reason_text(&self.reason)
            )
        )?;
        let Recipients { to, cc } = &self.recipients;
        writeln!(f, "{}", t!("dry-run-to", to = joined(to, ", ")))?;
        if !cc.is_empty() {
            writeln!(f, "{}", t!("dry-run-cc", cc = joined(cc, ", ")))?;
        }
        writeln!(f, "{}", t!("dry-run-subject", subject = &self.subject))?;
        for a in &self.attachments {
            writeln!(f, "{}", t!("dry-run-attachment", file = a.display()))?;
        }
        writeln!(f)?;
        f.write_str(&self.text)
    }
}

/// What one [`send_due`] run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SendSummary {
    /// Keys planned for this run.
    pub planned: Vec<String>,
    pub sent: Vec<String>,
    /// Key and last error; these are tried again next run.
    pub failed_transient: Vec<(String, String)>,
    /// Key and error; tried again only when the recipients change.
    pub failed_permanent: Vec<(String, String)>,
    /// Problems that did not concern one mail (templates, transport, ledger).
    pub errors: Vec<String>,
    /// Key and a recipient the server refused (`address: reply`); the mail
    /// went to the others.
    pub refused: Vec<(String, String)>,
    /// Key and the later mail of its series already sent: left out.
    pub superseded: Vec<(String, String)>,
    /// Key and the local time (`HH:MM`) of mails due later today, by their
    /// schedule: left for that run.
    pub later_today: Vec<(String, String)>,
    /// Keys another run sent, or was sending, since this one planned: left
    /// to it.
    pub taken: Vec<String>,
    /// Why nothing was sent: the clock reads a time implausibly far after
    /// the last mail sent ([`implausible_clock`]).
    pub held: Option<String>,
    /// The mails found recorded as sent far after the clock's time (sent
    /// while it read far ahead): ignored when planning, reported.
    pub clock_faults: Vec<ClockFault>,
}

/// How far after the last mail sent the clock may read before it is not
/// believed: more than a fiscal year (the reminders of a year are months
/// apart, never a year).
const PLAUSIBLE_GAP: chrono::TimeDelta = chrono::TimeDelta::days(400);

/// Why `now` is not believed for sending: more than [`PLAUSIBLE_GAP`] after
/// the last mail sent (a clock set to 2040 by mistake would send 2040's
/// digest). A clock that reads before the last mail sent is believed: a
/// mail recorded far in the future was sent while the clock read ahead
/// ([`clock_faults`]), and one a little ahead leaves the older mails of its
/// series out ([`mokuhyo_core::remind::series`]).
pub(crate) fn implausible_clock(
    now: DateTime<Utc>,
    last_sent: Option<DateTime<Utc>>,
) -> Option<String> {
    let last = last_sent?;
    let shown = |t: DateTime<Utc>| crate::state::status::local(t);
    if now > last + PLAUSIBLE_GAP {
        return Some(t!(
            "mail-clock-implausible",
            now = shown(now),
            last = shown(last)
        ));
    }
    None
}

/// The mails recorded as sent more than [`CLOCK_AHEAD_LIMIT`] after `now`
/// (sent while the clock read far ahead), each found when `recorded` says
/// or now; recorded in the state file when the list changed, so that
/// `status` reports them for a while from when they were found.
fn clock_faults(ledger: &Ledger, now: DateTime<Utc>) -> Result<Vec<ClockFault>, StateError> {
    let recorded = ledger.daemon_state()?.clock_faults;
    let faults: Vec<ClockFault> = ledger
        .sent_after(now + CLOCK_AHEAD_LIMIT)?
        .into_iter()
        .map(|(key, sent_at)| {
            let found_at = recorded
                .iter()
                .find(|f| f.key == key && f.sent_at == sent_at)
                .map_or(now, |f| f.found_at);
            ClockFault {
                key,
                sent_at,
                found_at,
            }
        })
        .collect();
    if faults != recorded {
        ledger.record_facts(&[Fact::ClockFaults(&faults)], now)?;
    }
    Ok(faults)
}

/// Sends the mails due at `now` and records them. A mail whose schedule
/// has not yet fired today (in the configured time zone) is left for a
/// later run ([`send_moment`]). Each mail: render,
/// record `attempting` with its Message-ID (that of an unfinished earlier
/// attempt, if any), deliver (retrying transient failures with backoff),
/// record `sent` with any refused recipients, or the failure. A connection
/// failure ends the run: the mails left are recorded as not attempted, for
/// the next run. See [`crate::state::ledger`] for the one window that can cause a
/// duplicate. Nothing is sent while the clock reads a time implausibly far
/// from the last mail sent ([`implausible_clock`]).
pub async fn send_due(
    input: &RemindInput<'_>,
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    now: DateTime<Utc>,
    ledger: &Ledger,
) -> SendSummary {
    send(input, cfg, calendar, now, ledger, false).await
}

/// [`send_due`], believing the clock however far it reads from the last
/// mail sent (`mokuhyo remind --accept-clock`).
pub(crate) async fn send_due_accepting_clock(
    input: &RemindInput<'_>,
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    now: DateTime<Utc>,
    ledger: &Ledger,
) -> SendSummary {
    send(input, cfg, calendar, now, ledger, true).await
}

async fn send(
    input: &RemindInput<'_>,
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    now: DateTime<Utc>,
    ledger: &Ledger,
    accept_clock: bool,
) -> SendSummary {
    let mut summary = SendSummary::default();
    if held(ledger, now, accept_clock, &mut summary) {
        return summary;
    }
    let local = now.with_timezone(&cfg.reminders.tz()).naive_local();
    let today = local.date();
    let templates = templates_of(cfg, &mut summary);
    let (mut mails, superseded) = plan_with_attachments(input, cfg, calendar, today, ledger);
    mails.retain(|m| match send_moment(m.kind, cfg, calendar, today) {
        Some(at) if at > local => {
            let time = at.format("%H:%M").to_string();
            summary.later_today.push((m.key.to_string(), time));
            false
        }
        _ => true,
    });
    for s in superseded {
        tracing::warn!(
            key = %s.key,
            sent = %s.sent,
            "{}",
            t!("log-mail-superseded")
        );
        summary
            .superseded
            .push((s.key.to_string(), s.sent.to_string()));
    }
    deliver(&mails, cfg, &templates, now, ledger, &mut summary).await;
    summary
}

/// Sends `notice` (a mail outside the plan: a folder outage notice) unless
/// the ledger has it sent already, the way [`send_due`] sends: claimed in
/// the ledger, never twice.
pub(crate) async fn send_notice(
    notice: &PlannedMail,
    cfg: &RemindConfig,
    now: DateTime<Utc>,
    ledger: &Ledger,
) -> SendSummary {
    let mut summary = SendSummary::default();
    if held(ledger, now, false, &mut summary)
        || mokuhyo_core::remind::sent::settled(ledger, &notice.key, &notice.recipients)
    {
        return summary;
    }
    let templates = templates_of(cfg, &mut summary);
    deliver(
        std::slice::from_ref(notice),
        cfg,
        &templates,
        now,
        ledger,
        &mut summary,
    )
    .await;
    summary
}

/// Whether nothing may be sent now: the state file is not the one locked,
/// or (unless `accept_clock`) the clock reads a time implausibly far from
/// the last mail sent. `summary` says why.
fn held(
    ledger: &Ledger,
    now: DateTime<Utc>,
    accept_clock: bool,
    summary: &mut SendSummary,
) -> bool {
    if let Err(e) = ledger.verify_file() {
        summary
            .errors
            .push(t!("mail-none-sent", error = crate::logging::causes(&e)));
        return true;
    }
    match clock_faults(ledger, now) {
        Ok(faults) => {
            for fault in faults.iter().filter(|f| f.found_at == now) {
                tracing::error!(
                    key = %fault.key,
                    "{}",
                    t!(
                        "log-mail-clock-fault",
                        now = crate::state::status::local(now),
                        sent = crate::state::status::local(fault.sent_at)
                    )
                );
            }
            summary.clock_faults = faults;
        }
        Err(e) => summary.errors.push(crate::logging::causes(&e)),
    }
    match ledger.last_sent_at(now + CLOCK_AHEAD_LIMIT) {
        Ok(last) => {
            if let Some(why) = implausible_clock(now, last).filter(|_| !accept_clock) {
                tracing::error!("{why}");
                summary.held = Some(why);
                return true;
            }
            false
        }
        Err(e) => {
            summary
                .errors
                .push(t!("mail-none-sent", error = crate::logging::causes(&e)));
            true
        }
    }
}

/// The configured templates (the built-in ones where they fail, as
/// `summary` notes).
fn templates_of(cfg: &RemindConfig, summary: &mut SendSummary) -> Templates {
    let (templates, template_error) = load_templates(cfg);
    if let Some(e) = template_error {
        summary
            .errors
            .push(format!("{e} (using the built-in templates)"));
    }
    templates
}

/// Sends `mails` one after another and records each (see [`send_due`]).
async fn deliver(
    mails: &[PlannedMail],
    cfg: &RemindConfig,
    templates: &Templates,
    now: DateTime<Utc>,
    ledger: &Ledger,
    summary: &mut SendSummary,
) {
    summary.planned = mails.iter().map(|m| m.key.to_string()).collect();
    if mails.is_empty() {
        return;
    }
    let transport = match Transport::from_config(&cfg.mail) {
        Ok(t) => t,
        Err(e) => {
            // Nothing can leave; nothing is recorded, so the next run retries.
            let text = e.to_string();
            summary.errors.push(text.clone());
            for m in mails {
                summary
                    .failed_transient
                    .push((m.key.to_string(), text.clone()));
            }
            return;
        }
    };
    let mut stopped: Option<Stop> = None;
    for mail in mails {
        match &stopped {
            None => {
                stopped = send_one(mail, cfg, templates, &transport, now, ledger, summary).await;
            }
            Some(Stop::Server(reason)) => {
                leave_for_next_run(mail, templates, reason, now, ledger, summary);
            }
            // Nothing more is written to a state file that is not the one
            // locked: the mails stay due.
            Some(Stop::StateFile(reason)) => summary.failed_transient.push((
                mail.key.to_string(),
                t!("mail-not-attempted", reason = reason),
            )),
        }
    }
    if !matches!(stopped, Some(Stop::StateFile(_)))
        && let Err(e) = ledger.record_facts(&[crate::state::Fact::LastSendRun(now)], now)
    {
        summary.errors.push(crate::logging::causes(&e));
    }
}

/// Why a mail's claim or failure could not be recorded: the state file is
/// not the one locked at start, or does not take the write.
#[derive(Debug, thiserror::Error)]
enum RecordError {
    #[error(transparent)]
    File(#[from] crate::state::StateFileError),
    #[error(transparent)]
    State(#[from] crate::state::StateError),
}

/// Why a run stops before its last mail.
enum Stop {
    /// The server could not be reached: the mails left are recorded for the
    /// next run.
    Server(String),
    /// The state file is not the one locked at start, or cannot record a
    /// claim: nothing more is sent.
    StateFile(String),
}

/// Sends one mail; returns why the run must stop, if it must: the server
/// could not be reached, or the state file cannot guard against a second
/// send.
async fn send_one(
    mail: &PlannedMail,
    cfg: &RemindConfig,
    templates: &Templates,
    transport: &Transport,
    now: DateTime<Utc>,
    ledger: &Ledger,
    summary: &mut SendSummary,
) -> Option<Stop> {
    let out = Outgoing::prepare(mail, cfg, templates, now, ledger, summary)?;
    let sender = Sender {
        cfg,
        transport,
        ledger,
        now,
    };
    // The row as it stands now: each claim below holds only if nobody else
    // changed it meanwhile.
    let mut attempts = match ledger.attempts(&out.mail.key) {
        Ok(n) => n,
        Err(e) => return Some(state_failure(&out.key, &e.into(), summary)),
    };
    match sender.attempt(&out, &mut attempts, summary).await {
        Attempted::Finished(stop) => stop,
        Attempted::Failed(last_error) => sender.record_failure(out, attempts, last_error, summary),
    }
}

/// A mail ready to go: rendered, its attachments read, with its
/// Message-ID.
struct Outgoing<'a> {
    mail: &'a PlannedMail,
    key: String,
    rendered: RenderedMail,
    attachments: Vec<AttachmentFile>,
    id: String,
}

impl<'a> Outgoing<'a> {
    /// Renders `mail` and reads its attachments (one that cannot be read
    /// is left out, with an error); none when it cannot be rendered (a
    /// permanent failure).
    fn prepare(
        mail: &'a PlannedMail,
        cfg: &RemindConfig,
        templates: &Templates,
        now: DateTime<Utc>,
        ledger: &Ledger,
        summary: &mut SendSummary,
    ) -> Option<Self> {
        let key = mail.key.to_string();
        let rendered = match templates.render(mail) {
            Ok(r) => r,
            Err(e) => {
                summary
                    .failed_permanent
                    .push((key, crate::logging::causes(&e)));
                return None;
            }
        };
        let mut attachments = Vec::new();
        for path in &rendered.attachments {
            match AttachmentFile::read(path) {
                Ok(a) => attachments.push(a),
                Err(e) => summary.errors.push(t!(
                    "mail-attachment-unread",
                    key = &key,
                    error = e.to_string()
                )),
            }
        }
        let id = retry_message_id(ledger, &mail.key)
            .unwrap_or_else(|| message_id(&key, &cfg.mail.from, now));
        Some(Outgoing {
            mail,
            key,
            rendered,
            attachments,
            id,
        })
    }
}

/// What sending a mail needs besides the mail: the configuration, the
/// transport, the state file and the time of the run.
struct Sender<'a> {
    cfg: &'a RemindConfig,
    transport: &'a Transport,
    ledger: &'a Ledger,
    now: DateTime<Utc>,
}

/// How the attempts at a mail ended.
enum Attempted {
    /// Sent, taken by another process, or not claimable: the run stops
    /// when it says so.
    Finished(Option<Stop>),
    /// Not delivered, for the last error.
    Failed(DeliveryError),
}

impl Sender<'_> {
    /// Claims the mail in the state file at `attempts` attempts (after
    /// checking it is still the file locked): whether the claim held.
    fn claim(&self, out: &Outgoing<'_>, attempts: u32) -> Result<bool, RecordError> {
        self.ledger.verify_file()?;
        Ok(self.ledger.claim(
            &out.mail.key,
            out.mail.kind.template(),
            &out.rendered.recipients,
            &out.rendered.subject,
            &out.id,
            attempts,
            self.now,
        )?)
    }

    /// Builds the message and tries to deliver it, up to the configured
    /// retries with backoff (none for the outbox), each attempt claimed
    /// first; a permanent error ends the attempts.
    async fn attempt(
        &self,
        out: &Outgoing<'_>,
        attempts: &mut u32,
        summary: &mut SendSummary,
    ) -> Attempted {
        let mail = &self.cfg.mail;
        let message = match build_message(
            &out.rendered,
            &mail.from,
            mail.reply_to.as_ref(),
            &out.id,
            &out.attachments,
            self.now,
        ) {
            Ok(message) => message,
            Err(e) => return Attempted::Failed(e),
        };
        let retries = match self.transport {
            Transport::Smtp(_) => mail.smtp.retries,
            Transport::Outbox(_) => 0,
        };
        let key = &out.key;
        let mut last_error = DeliveryError::Transient(DeliveryFailure::NotAttempted);
        for attempt in 0..=retries {
            if attempt > 0 {
                let wait = mail
                    .smtp
                    .backoff_secs
                    .saturating_mul(1u64 << (attempt - 1).min(16));
                tokio::time::sleep(Duration::from_secs(wait)).await;
            }
            match self.claim(out, *attempts) {
                Ok(true) => *attempts += 1,
                Ok(false) => {
                    tracing::info!(key = %key, "{}", t!("log-mail-taken"));
                    summary.taken.push(key.clone());
                    return Attempted::Finished(None);
                }
                // Without the record there is no protection against duplicates.
                Err(e) => return Attempted::Finished(Some(state_failure(key, &e, summary))),
            }
            match self.transport.deliver(key, &message).await {
                Ok(delivered) => {
                    self.delivered(out, delivered, summary).await;
                    return Attempted::Finished(None);
                }
                Err(e) => {
                    tracing::warn!(key = %key, error = %e, attempt, "{}", t!("log-mail-attempt-failed"));
                    let permanent = matches!(e, DeliveryError::Permanent(_));
                    last_error = e;
                    if permanent {
                        break;
                    }
                }
            }
        }
        Attempted::Failed(last_error)
    }

    /// Records a delivered mail as sent, with the recipients the server
    /// refused.
    async fn delivered(&self, out: &Outgoing<'_>, delivered: Delivered, summary: &mut SendSummary) {
        let key = &out.key;
        let refused: Vec<String> = delivered.refused.iter().map(ToString::to_string).collect();
        for r in &refused {
            tracing::warn!(key = %key, "{}", t!("log-recipient-refused", refused = r));
            summary.refused.push((key.to_string(), r.clone()));
        }
        tracing::info!(key = %key, detail = %delivered.detail, "{}", t!("log-mail-sent"));
        let refused = (!refused.is_empty()).then(|| refused.join("\n"));
        record_sent(self.ledger, &out.mail.key, refused.as_deref(), self.now).await;
        summary.sent.push(key.to_string());
    }

    /// Records a mail that was not delivered, as a permanent or transient
    /// failure (claiming it first when no attempt was made, so that
    /// `status` shows it); the run stops when the server could not be
    /// reached.
    fn record_failure(
        &self,
        out: Outgoing<'_>,
        attempts: u32,
        last_error: DeliveryError,
        summary: &mut SendSummary,
    ) -> Option<Stop> {
        let outcome = match &last_error {
            DeliveryError::Permanent(_) => Outcome::FailedPermanent,
            DeliveryError::Transient(_) | DeliveryError::Connection(_) => Outcome::FailedTransient,
        };
        let text = last_error.to_string();
        // A mail that failed before any attempt (an invalid address) is still
        // recorded, so that `status` shows it.
        let recorded = if attempts == 0 {
            self.claim(&out, 0).map(|_| ())
        } else {
            Ok(())
        }
        .and_then(|()| {
            self.ledger
                .record_failure(&out.mail.key, outcome, &text, self.now)
                .map_err(RecordError::from)
        });
        if let Err(e) = recorded {
            summary.errors.push(crate::logging::causes(&e));
        }
        let stop =
            matches!(last_error, DeliveryError::Connection(_)).then(|| Stop::Server(text.clone()));
        match outcome {
            Outcome::FailedPermanent => summary.failed_permanent.push((out.key, text)),
            _ => summary.failed_transient.push((out.key, text)),
        }
        stop
    }
}

/// A mail that cannot be claimed in the state file is not sent, nor any
/// after it.
fn state_failure(key: &str, error: &RecordError, summary: &mut SendSummary) -> Stop {
    let error = crate::logging::causes(&error);
    tracing::error!(key, "{}", t!("log-mail-unrecordable", error = &error));
    summary.errors.push(error.clone());
    summary
        .failed_transient
        .push((key.to_string(), t!("mail-not-attempted", reason = &error)));
    Stop::StateFile(error)
}

/// Records a delivered mail as `sent`, retrying until the state file takes
/// it (locked by another process, a disk full for a moment): a mail left
/// `attempting` would go again at the next run.
async fn record_sent(ledger: &Ledger, key: &MailKey, refused: Option<&str>, now: DateTime<Utc>) {
    let mut wait = Duration::from_millis(200);
    let mut waited = Duration::ZERO;
    let mut warned = Duration::ZERO;
    loop {
        match ledger.record_sent(key, refused, now) {
            Ok(()) => {
                if waited > Duration::ZERO {
                    tracing::info!(
                        key = %key,
                        "{}",
                        t!("log-mail-recorded-late", seconds = waited.as_secs())
                    );
                }
                return;
            }
            Err(e) if waited == Duration::ZERO || waited - warned >= Duration::from_secs(60) => {
                warned = waited;
                tracing::warn!(
                    key = %key,
                    "{}",
                    t!(
                        "log-mail-not-yet-recorded",
                        error = crate::logging::causes(&e)
                    )
                );
            }
            Err(_) => {}
        }
        tokio::time::sleep(wait).await;
        waited += wait;
        wait = (wait * 2).min(Duration::from_secs(5));
    }
}

/// The Message-ID of an earlier attempt of `key` that may have reached the
/// server (`attempting`, or failed for a reason worth retrying): a retry
/// carries it, so that the receiving side can tell a duplicate.
fn retry_message_id(ledger: &Ledger, key: &MailKey) -> Option<String> {
    match ledger.entry(key) {
        Ok(Some(entry))
            if matches!(
                entry.outcome,
                Outcome::Attempting | Outcome::FailedTransient
            ) =>
        {
            entry.message_id
        }
        _ => None,
    }
}

/// Records a mail not tried because the run stopped: the next run sends it.
fn leave_for_next_run(
    mail: &PlannedMail,
    templates: &Templates,
    reason: &str,
    now: DateTime<Utc>,
    ledger: &Ledger,
    summary: &mut SendSummary,
) {
    let text = t!("mail-not-attempted-stopped", reason = reason);
    let subject = templates
        .render(mail)
        .map_or_else(|_| mail.key.to_string(), |r| r.subject);
    if let Err(e) = ledger.record_not_attempted(
        &mail.key,
        mail.kind.template(),
        &mail.recipients,
        &subject,
        &text,
        now,
    ) {
        summary.errors.push(crate::logging::causes(&e));
    }
    summary.failed_transient.push((mail.key.to_string(), text));
}

/// What `mokuhyo status` shows as the next send: the day and the mails the
/// plan would send then as the sheets stand now (from today if one of the
/// day's mails is still ahead, else from tomorrow; a year ahead at most).
pub(crate) fn next_send_state(
    reports: &[&SheetReport],
    problems: &[FileProblem],
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    now: DateTime<Utc>,
    ledger: &Ledger,
) -> String {
    let tz = cfg.reminders.tz();
    let local = now.with_timezone(&tz);
    let today = local.date_naive();
    // Today's mails that could go out have been sent by the run that
    // calls this; those still planned today wait for a later firing.
    let next =
        mokuhyo_core::remind::plan::next_send(reports, problems, cfg, calendar, today, ledger, 366)
            .filter(|next| next.date > today || next.date.and_time(next.time) > local.naive_local())
            .or_else(|| {
                let tomorrow = today.succ_opt()?;
                mokuhyo_core::remind::plan::next_send(
                    reports, problems, cfg, calendar, tomorrow, ledger, 366,
                )
            });
    match next {
        Some(next) => next_send_text(&next, tz.name()),
        None => t!("next-send-none"),
    }
}

/// `2026-10-23 09:00 Asia/Tokyo：3 通（リマインド 2、督促 1）`.
pub(crate) fn next_send_text(next: &mokuhyo_core::remind::plan::NextSend, tz: &str) -> String {
    let kinds: Vec<String> = next
        .by_kind
        .iter()
        .map(|(kind, n)| format!("{} {n}", mail_kind_name(*kind)))
        .collect();
    t!(
        "next-send",
        day = next.date.to_string(),
        time = next.time.format("%H:%M").to_string(),
        zone = tz,
        count = next.mails(),
        kinds = kinds.join(&t!("list-separator"))
    )
}

/// What people call a kind of mail: リマインド, 督促 ….
pub(crate) fn mail_kind_name(kind: mokuhyo_core::remind::plan::MailKind) -> String {
    use mokuhyo_core::remind::plan::MailKind;
    match kind {
        MailKind::Reminder => t!("mail-kind-reminder"),
        MailKind::Overdue => t!("mail-kind-overdue"),
        MailKind::Unreadable => t!("mail-kind-unreadable"),
        MailKind::PlanningDigest => t!("mail-kind-planning-digest"),
        MailKind::DeadlineDigest => t!("mail-kind-deadline-digest"),
        MailKind::FolderOutage => t!("mail-kind-folder-outage"),
    }
}

/// A department or 担当課 no address reaches, in a line: `部局不明：取組 36 件
/// （ファイル 1 件）`.
pub(crate) fn unaddressed_text(line: &mokuhyo_core::remind::plan::UnaddressedLine) -> String {
    t!(
        "unaddressed-line",
        name = &line.name,
        items = line.items,
        files = line.files.len()
    )
}

/// Records for `mokuhyo status` the roster in force (and what is wrong with
/// its file) and the departments and divisions no address reaches under
/// `cfg` (宛先なし).
pub(crate) fn record_recipients(
    ledger: &Ledger,
    roster: &crate::state::roster::RosterState,
    reports: &[&mokuhyo_core::model::SheetReport],
    cfg: &RemindConfig,
    now: chrono::DateTime<chrono::Utc>,
) {
    let lines: Vec<String> = unaddressed(reports, cfg)
        .iter()
        .map(unaddressed_text)
        .collect();
    let unaddressed = if lines.is_empty() {
        t!("unaddressed-none")
    } else {
        t!(
            "unaddressed-to-planning",
            lines = lines.join(&t!("list-separator"))
        )
    };
    let roster = roster.describe();
    let facts = [
        crate::state::Fact::Roster(&roster),
        crate::state::Fact::Unaddressed(&unaddressed),
    ];
    let _ = ledger.record_facts(&facts, now);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rstest::rstest;

    fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    #[rstest]
    #[case(day(2026, 10, 26), Some(day(2026, 10, 23)), false)]
    #[case(day(2027, 10, 1), Some(day(2026, 10, 23)), false)]
    #[case(day(2040, 10, 26), Some(day(2026, 10, 23)), true)]
    #[case(day(2026, 10, 16), Some(day(2026, 10, 23)), false)]
    #[case(day(2026, 9, 1), Some(day(2026, 10, 23)), false)]
    #[case(day(2040, 10, 26), None, false)]
    fn a_clock_far_from_the_last_mail_is_not_believed(
        #[case] now: DateTime<Utc>,
        #[case] last: Option<DateTime<Utc>>,
        #[case] held: bool,
    ) {
        assert_eq!(implausible_clock(now, last).is_some(), held);
    }
}
