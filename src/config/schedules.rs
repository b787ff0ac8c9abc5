//! The daemon's schedules as the configuration sets them: what each runs
//! ([`ScheduleKind`], the one place that knows the key that sets it) and
//! the schedules in force ([`Settings::schedules`]).

use super::Settings;
use crate::i18n::t;
use mokuhyo_core::calendar::CronSchedule;

/// What a schedule of the daemon runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ScheduleKind {
    /// Reminders, overdue notices and unreadable-file notices.
    Reminders,
    /// The planning section's weekly digest.
    PlanningDigest,
    /// The monthly deadline digests.
    MonthlyDigest,
    /// A full rescan of the shared folder.
    Rescan,
}

impl ScheduleKind {
    /// The key that sets it (`reminders.send_schedule`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            ScheduleKind::Reminders => "reminders.send_schedule",
            ScheduleKind::PlanningDigest => "digest.schedule",
            ScheduleKind::MonthlyDigest => "reminders.monthly_digest.schedule",
            ScheduleKind::Rescan => "watch.rescan_schedule",
        }
    }

    /// The key's name within its section (`send_schedule`).
    pub(crate) fn name(self) -> &'static str {
        let key = self.key();
        key.rsplit('.').next().unwrap_or(key)
    }

    /// What it runs, in the language in force.
    pub(crate) fn what(self) -> String {
        match self {
            ScheduleKind::Reminders => t!("schedule-reminders"),
            ScheduleKind::PlanningDigest => t!("schedule-digest"),
            ScheduleKind::MonthlyDigest => t!("schedule-monthly-digest"),
            ScheduleKind::Rescan => t!("schedule-rescan"),
        }
    }
}

/// One of the daemon's schedules, with what it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NamedSchedule {
    pub kind: ScheduleKind,
    pub schedule: CronSchedule,
}

impl Settings {
    /// Every schedule the daemon runs, in the order `config check` shows
    /// them; those switched off by another key are left out.
    pub(crate) fn schedules(&self) -> Vec<NamedSchedule> {
        let named = |kind, schedule: &CronSchedule| NamedSchedule {
            kind,
            schedule: schedule.clone(),
        };
        let mut out = vec![named(
            ScheduleKind::Reminders,
            &self.reminders.send_schedule,
        )];
        if self.digest.enabled && !self.mail.planning.is_empty() {
            out.push(named(ScheduleKind::PlanningDigest, &self.digest.schedule));
        }
        if self.reminders.enabled && self.reminders.monthly_digest.enabled {
            let monthly = &self.reminders.monthly_digest.schedule;
            out.push(named(ScheduleKind::MonthlyDigest, monthly));
        }
        if let Some(rescan) = &self.watch.rescan_schedule {
            out.push(named(ScheduleKind::Rescan, rescan));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(ScheduleKind::Reminders, "send_schedule")]
    #[case(ScheduleKind::PlanningDigest, "schedule")]
    #[case(ScheduleKind::MonthlyDigest, "schedule")]
    #[case(ScheduleKind::Rescan, "rescan_schedule")]
    fn a_key_ends_with_its_name(#[case] kind: ScheduleKind, #[case] name: &str) {
        assert_eq!(kind.name(), name);
        assert!(kind.key().ends_with(&format!(".{name}")));
    }
}
