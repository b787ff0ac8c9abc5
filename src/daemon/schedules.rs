//! The daemon's clock: the cron schedules of the configuration
//! ([`Settings::schedules`]) run by tokio-cron-scheduler on the daemon's
//! runtime. A firing only puts an [`Event`] in the event loop's queue:
//! [`Event::ReminderTick`] for the mail schedules, [`Event::Rescan`] for the
//! rescan. What is due is decided by the reminder plan and the ledger, so a
//! missed firing is caught up by the next run (at start, at the next
//! rescan, or at the next firing) and a doubled one changes nothing.
//!
//! The scheduler wakes twice a second to look for due jobs; that is its
//! whole idle cost (see the README's figures).

use chrono::DateTime;
use tokio::sync::mpsc::UnboundedSender;
use tokio_cron_scheduler::{Job, JobScheduler};

use super::Event;
use crate::config::{NamedSchedule, ScheduleKind, Settings};
use crate::i18n::t;

/// The running scheduler and what it was started with.
pub(crate) struct Schedules {
    scheduler: JobScheduler,
    started_with: Vec<NamedSchedule>,
    timezone: String,
}

impl Schedules {
    /// Starts one job per schedule of `settings`. A schedule that cannot be
    /// added is logged with its key; the others run.
    pub async fn start(settings: &Settings, tx: &UnboundedSender<Event>) -> Option<Schedules> {
        let schedules = settings.schedules();
        let tz = settings.reminders.tz();
        let scheduler = match JobScheduler::new().await {
            Ok(scheduler) => scheduler,
            Err(err) => {
                tracing::error!(
                    "{}",
                    t!("log-schedules-not-started", error = err.to_string())
                );
                return None;
            }
        };
        for named in &schedules {
            let event = match named.kind {
                ScheduleKind::Rescan => Event::Rescan,
                ScheduleKind::Reminders
                | ScheduleKind::PlanningDigest
                | ScheduleKind::MonthlyDigest => Event::ReminderTick,
            };
            let tx = tx.clone();
            let job = Job::new_async_tz(named.schedule.as_str(), tz, move |_, _| {
                let tx = tx.clone();
                let event = event.clone();
                Box::pin(async move {
                    let _ = tx.send(event);
                })
            });
            let added = match job {
                Ok(job) => scheduler.add(job).await.map(|_| ()),
                Err(err) => Err(err),
            };
            if let Err(err) = added {
                tracing::error!(key = named.kind.key(), schedule = %named.schedule, "{}", t!("log-cannot-schedule", what = named.kind.what(), error = err.to_string()));
            }
        }
        if let Err(err) = scheduler.start().await {
            tracing::error!("{}", t!("log-schedules-failed", error = err.to_string()));
            return None;
        }
        for named in &schedules {
            let next = named
                .schedule
                .next_firings(crate::clock::now_utc(), tz, 1)
                .first()
                .map_or_else(|| t!("config-schedule-never"), DateTime::to_rfc3339);
            tracing::info!(key = named.kind.key(), schedule = %named.schedule, next = %next, "{}", t!("log-scheduled", what = named.kind.what()));
        }
        Some(Schedules {
            scheduler,
            started_with: schedules,
            timezone: settings.reminders.timezone.clone(),
        })
    }

    /// Whether `settings` asks for other schedules than these.
    pub(crate) fn differ_from(&self, settings: &Settings) -> bool {
        self.started_with != settings.schedules() || self.timezone != settings.reminders.timezone
    }

    /// Stops every job.
    pub async fn stop(mut self) {
        if let Err(err) = self.scheduler.shutdown().await {
            tracing::warn!(
                "{}",
                t!("log-schedules-stop-failed", error = err.to_string())
            );
        }
    }
}
