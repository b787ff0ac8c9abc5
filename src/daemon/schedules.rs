//! The daemon's clock: the cron schedules of the configuration
//! ([`Settings::schedules`]), fired by the event loop itself. The loop looks
//! at the wall clock (`crate::clock`, read in `reminders.timezone`) when the
//! next firing comes and at least once a second ([`LOOK`]), so a clock
//! stepped either way is followed within a second ([`Timetable`]): stepped
//! back, nothing waits for the step's length; stepped forward, each
//! schedule whose firing was passed fires once. A firing is an [`Event`]:
//! [`Event::ReminderTick`] for the mail schedules, [`Event::Rescan`] for the
//! rescan. What is due is decided by the reminder plan and the ledger, so a
//! missed firing is caught up by the next run and a doubled one changes
//! nothing.
//!
//! Each schedule's next and last firing are recorded for `mokuhyo status`,
//! whose health check reports a schedule whose firing has passed and not
//! been made (the event loop held up) or one that waits past a firing due
//! first.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::Event;
use crate::config::{NamedSchedule, ScheduleKind, Settings};
use crate::i18n::t;
use crate::state::ScheduleState;
use mokuhyo_core::calendar::Timetable;

/// The longest the event loop waits before looking at the clock again.
pub(crate) const LOOK: Duration = Duration::from_secs(1);

/// How far the wall clock may move otherwise than the time elapsed between
/// two looks before the step is logged.
const STEP_LOGGED: chrono::TimeDelta = chrono::TimeDelta::seconds(2);

/// The schedules in force and what they were started with.
pub(crate) struct Schedules {
    timetable: Timetable<ScheduleKind>,
    started_with: Vec<NamedSchedule>,
    timezone: String,
    /// The wall clock and the elapsed time at the last look.
    looked: (DateTime<Utc>, Instant),
}

impl Schedules {
    /// The schedules of `settings` from `now`, each logged with its next
    /// firing.
    pub(crate) fn start(settings: &Settings, now: DateTime<Utc>) -> Schedules {
        let schedules = settings.schedules();
        let zone = settings.reminders.tz();
        let timetable = Timetable::new(
            schedules
                .iter()
                .map(|named| (named.kind, named.schedule.clone())),
            zone,
            now,
        );
        for (named, timed) in schedules.iter().zip(timetable.timed()) {
            let next = timed.next.map_or_else(
                || t!("config-schedule-never"),
                |at| at.with_timezone(&zone).to_rfc3339(),
            );
            tracing::info!(key = named.kind.key(), schedule = %named.schedule, next = %next, "{}", t!("log-scheduled", what = named.kind.what()));
        }
        Schedules {
            timetable,
            started_with: schedules,
            timezone: settings.reminders.timezone.clone(),
            looked: (now, Instant::now()),
        }
    }

    /// Whether `settings` asks for other schedules than these.
    pub(crate) fn differ_from(&self, settings: &Settings) -> bool {
        self.started_with != settings.schedules() || self.timezone != settings.reminders.timezone
    }

    /// Looks at the clock reading `now`: the events due (a rescan before
    /// the mail, each once), and whether a next firing changed (to record).
    pub(crate) fn look(&mut self, now: DateTime<Utc>) -> (Vec<Event>, bool) {
        let (last_wall, last_look) = self.looked;
        let elapsed = chrono::TimeDelta::from_std(last_look.elapsed()).unwrap_or_default();
        let step = (now - last_wall) - elapsed;
        if step.abs() > STEP_LOGGED {
            tracing::warn!(
                "{}",
                t!(
                    "log-clock-stepped",
                    seconds = step.num_seconds(),
                    now = crate::state::status::local(now)
                )
            );
        }
        self.looked = (now, Instant::now());
        let (fired, changed) = self.timetable.look(now);
        let mut events = Vec::new();
        if fired.contains(&ScheduleKind::Rescan) {
            events.push(Event::Rescan);
        }
        if fired.iter().any(|kind| *kind != ScheduleKind::Rescan) {
            events.push(Event::ReminderTick);
        }
        (events, changed)
    }

    /// How long the event loop may wait from `now` before looking again:
    /// until the next firing, at most [`LOOK`].
    pub(crate) fn wait(&self, now: DateTime<Utc>) -> Duration {
        self.timetable
            .next()
            .and_then(|next| (next - now).to_std().ok())
            .map_or(LOOK, |until| until.min(LOOK))
    }

    /// Each schedule with its next and last firing, for `mokuhyo status`.
    pub(crate) fn states(&self) -> Vec<ScheduleState> {
        self.timetable
            .timed()
            .iter()
            .map(|timed| ScheduleState {
                key: timed.what.key().to_string(),
                schedule: timed.schedule.as_str().to_string(),
                next: timed.next,
                last: timed.last,
            })
            .collect()
    }
}
