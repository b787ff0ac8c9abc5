//! The daemon's mail: what the ledger says is due (the catch-up at start,
//! every scheduled wake-up and rescan), and the notice of a folder outage
//! to the planning section.

use std::path::PathBuf;

use super::{Daemon, Step};
use crate::i18n::t;
use crate::mail::run::SendSummary;
use crate::pipeline::Pipeline;
use crate::state::Fact;
use crate::state::StateGuard;

impl Daemon {
    /// Sends what the ledger says is due now, and records the daemon's state.
    pub(super) async fn send_reminders(&mut self) -> Step {
        // A state file deleted or replaced under the daemon cannot tell what
        // was sent: nothing goes out until it is restored and the daemon
        // restarted.
        match self.state.verify() {
            Ok(()) => {
                self.logged.state_file.is_over();
            }
            Err(err) => {
                let err = t!("log-no-mail-sent", error = crate::logging::causes(&err));
                if self.logged.state_file.is_new(&err) {
                    tracing::error!("{err}");
                }
                return Ok(());
            }
        }
        let state = self.state.clone();
        // The mail goes out on the daemon's own runtime: the worker (which
        // holds the pipeline and the SQLite ledger) waits on it while the
        // event loop awaits the worker.
        let runtime = tokio::runtime::Handle::current();
        let sent = self
            .worker
            .run(move |pipeline| send_due(pipeline, &state, &runtime))
            .await?;
        let Some(summary) = sent else {
            return Ok(());
        };
        let now = crate::clock::now_utc();
        let changed = match &summary.held {
            Some(why) => {
                let before = self.outages.clone();
                self.outages
                    .set("clock", t!("outage-mail-held", why = why), now);
                before != self.outages
            }
            None => self.outages_clear("clock"),
        };
        if changed {
            self.record_facts().await?;
        }
        // Each mail sent was logged by the sender, with the server's reply.
        self.notice_outage(true).await?;
        for (key, err) in summary
            .failed_transient
            .iter()
            .chain(&summary.failed_permanent)
        {
            tracing::warn!(key, "{}", t!("log-mail-not-sent", error = err.to_string()));
        }
        for err in &summary.errors {
            tracing::error!("{}", t!("log-reminders-error", error = err.to_string()));
        }
        Ok(())
    }

    /// Mails the planning section about the folder outage in force once it
    /// has lasted `folder.outage_notice_after_secs`: once per outage, the
    /// ledger keeping it (`retry`: also when this daemon tried it already).
    pub(super) async fn notice_outage(&mut self, retry: bool) -> Step {
        let state = self.state.clone();
        let tried = self.outage_notice_tried.clone();
        let runtime = tokio::runtime::Handle::current();
        let sent = self
            .worker
            .run(move |pipeline| {
                send_outage_notice(pipeline, &state, &runtime, tried.filter(|_| !retry))
            })
            .await?;
        let Some((key, summary)) = sent else {
            return Ok(());
        };
        self.outage_notice_tried = Some(key.clone());
        for key in &summary.sent {
            tracing::info!(key, "{}", t!("log-outage-notice-sent"));
        }
        for (key, err) in summary
            .failed_transient
            .iter()
            .chain(&summary.failed_permanent)
        {
            tracing::warn!(
                key,
                "{}",
                t!("log-outage-notice-not-sent", error = err.to_string())
            );
        }
        for err in &summary.errors {
            tracing::error!(
                key,
                "{}",
                t!("log-outage-notice-error", error = err.to_string())
            );
        }
        Ok(())
    }
}

/// The ledger of the state file, or None with the reason logged.
fn open_ledger(state: &StateGuard) -> Option<crate::state::ledger::Ledger> {
    match state.ledger() {
        Ok(ledger) => Some(ledger),
        Err(err) => {
            tracing::error!(
                "{}",
                t!(
                    "log-ledger-unopenable",
                    error = crate::logging::causes(&err)
                )
            );
            None
        }
    }
}

/// The pipeline's part of [`Daemon::send_reminders`] (None: the ledger
/// cannot be opened).
fn send_due(
    pipeline: &Pipeline,
    state: &StateGuard,
    runtime: &tokio::runtime::Handle,
) -> Option<SendSummary> {
    let ledger = open_ledger(state)?;
    let now = crate::clock::now_utc();
    let consolidated: Vec<(mokuhyo_core::calendar::FiscalYear, PathBuf)> = pipeline
        .workbook_paths()
        .into_iter()
        .filter(|(_, p)| p.exists())
        .collect();
    let summary = runtime.block_on(pipeline.send_due(&consolidated, &ledger, now, false));
    let settings = pipeline.settings();
    let next_send = pipeline.next_send(&ledger, now);
    let folder = settings.folder.path.display().to_string();
    let facts = [
        Fact::NextSend(&next_send),
        Fact::Folder(&folder),
        Fact::LastScan(now),
    ];
    let _ = ledger.record_facts(&facts, now);
    Some(summary)
}

/// The pipeline's part of [`Daemon::notice_outage`]: the notice's key and
/// what sending it gave (None: no outage due for a notice, the notice
/// `tried` already, or the ledger cannot be opened).
fn send_outage_notice(
    pipeline: &Pipeline,
    state: &StateGuard,
    runtime: &tokio::runtime::Handle,
    tried: Option<String>,
) -> Option<(String, SendSummary)> {
    let outage = pipeline.folder_outage()?;
    let settings = pipeline.settings();
    let now = crate::clock::now_utc();
    let cfg = pipeline.reminder_config(now);
    let folder = settings
        .folder
        .display_path
        .clone()
        .unwrap_or_else(|| outage.folder.display().to_string());
    let notice = mokuhyo_core::remind::plan::folder_outage_notice(
        &folder,
        &outage.describe(),
        outage.since,
        chrono::Duration::seconds(
            i64::try_from(settings.folder.outage_notice_after_secs).unwrap_or(i64::MAX),
        ),
        &cfg,
        now,
    )?;
    if tried.as_deref() == Some(notice.key.to_string().as_str()) {
        return None;
    }
    let ledger = open_ledger(state)?;
    let summary = runtime.block_on(crate::mail::run::send_notice(&notice, &cfg, now, &ledger));
    Some((notice.key.to_string(), summary))
}
