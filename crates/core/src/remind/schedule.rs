//! When reminder mails go out: the occasions of a milestone (reminders before
//! the due date, overdue notices after it), moved onto business days.
//!
//! A reminder that falls on a weekend, holiday or closed day moves to the
//! previous business day; the first overdue notice goes on the first business
//! day after the due date, later ones every N days from it, each moved to the
//! next business day. Pure: the business-day calendar is a parameter.
//!
//! At what time of day: each kind of mail has a cron schedule in the
//! configuration ([`send_moment`]). The day's reminder, overdue and
//! unreadable-file mails go out from the send schedule's first firing of
//! the day; the planning digest from the first firing of its week, the
//! deadline digest from the first of its month, each moved onto a business
//! day of the same week or month. A moment that passed while nothing ran is
//! caught up at the next run of the same day (or, for a digest, of the
//! same week or month).

use std::fmt;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};

use super::config::{RemindConfig, RemindersConfig};
use super::kind::MailKind;
use crate::calendar::{BusinessCalendar, CronSchedule};

/// Which days the offices are open. Implemented by the holiday calendar; the
/// provided methods never loop more than a year.
pub trait BusinessDays {
    fn is_business_day(&self, date: NaiveDate) -> bool;

    /// `date` itself when it is a business day, else the closest earlier one.
    fn on_or_before(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        for _ in 0..366 {
            if self.is_business_day(d) {
                return d;
            }
            match d.pred_opt() {
                Some(p) => d = p,
                None => return date,
            }
        }
        date
    }

    /// `date` itself when it is a business day, else the closest later one.
    fn on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        for _ in 0..366 {
            if self.is_business_day(d) {
                return d;
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => return date,
            }
        }
        date
    }
}

/// The city hall calendar: weekends, national holidays and closed days.
impl BusinessDays for BusinessCalendar {
    fn is_business_day(&self, date: NaiveDate) -> bool {
        BusinessCalendar::is_business_day(self, date)
    }
    fn on_or_before(&self, date: NaiveDate) -> NaiveDate {
        self.previous_business_day(date).unwrap_or(date)
    }
    fn on_or_after(&self, date: NaiveDate) -> NaiveDate {
        self.next_business_day(date).unwrap_or(date)
    }
}

/// Saturdays and Sundays off, nothing else: for tests.
#[cfg(test)]
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WeekdaysOnly;

#[cfg(test)]
impl BusinessDays for WeekdaysOnly {
    fn is_business_day(&self, date: NaiveDate) -> bool {
        date.weekday().number_from_monday() <= 5
    }
}

/// What a mail about a milestone is: a reminder N days ahead, or an overdue
/// notice sent on a given date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Occasion {
    Before(u32),
    Overdue(NaiveDate),
}

impl Occasion {
    pub(crate) fn is_overdue(self) -> bool {
        matches!(self, Occasion::Overdue(_))
    }
}

impl fmt::Display for Occasion {
    /// `before-7`, `overdue-2026-11-02`: the last part of a ledger key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Occasion::Before(n) => write!(f, "before-{n}"),
            Occasion::Overdue(d) => write!(f, "overdue-{}", d.format("%Y-%m-%d")),
        }
    }
}

/// An occasion and the business day its mails go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ScheduledOccasion {
    pub occasion: Occasion,
    pub send_on: NaiveDate,
}

/// The reminders before `due`, in date order. Two offsets that land on the
/// same business day make one occasion (the one closer to the due date).
pub(crate) fn reminders_before(
    due: NaiveDate,
    cfg: &RemindersConfig,
    days: &impl BusinessDays,
) -> Vec<ScheduledOccasion> {
    let mut offsets: Vec<u32> = cfg.before_days.iter().copied().filter(|n| *n > 0).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let mut out: Vec<ScheduledOccasion> = Vec::new();
    // Smallest offset first, so that a later collision keeps the closer one.
    for n in offsets {
        let Some(nominal) = due.checked_sub_days(Days::new(u64::from(n))) else {
            continue;
        };
        let send_on = days.on_or_before(nominal);
        if out.iter().any(|o| o.send_on == send_on) {
            continue;
        }
        out.push(ScheduledOccasion {
            occasion: Occasion::Before(n),
            send_on,
        });
    }
    out.sort_by_key(|o| o.send_on);
    out
}

/// The overdue notices after `due` whose date is on or before `through`, in
/// date order (bounded by `overdue_stop_after_days`).
pub(crate) fn overdue_notices(
    due: NaiveDate,
    through: NaiveDate,
    cfg: &RemindersConfig,
    days: &impl BusinessDays,
) -> Vec<ScheduledOccasion> {
    let mut out = Vec::new();
    let Some(after_due) = due.succ_opt() else {
        return out;
    };
    let first = days.on_or_after(after_due);
    let stop = if cfg.overdue_stop_after_days == 0 {
        through
    } else {
        due.checked_add_days(Days::new(u64::from(cfg.overdue_stop_after_days)))
            .map_or(through, |s| s.min(through))
    };
    let every = u64::from(cfg.overdue_every_days.max(1));
    let mut k: u64 = 0;
    while let Some(nominal) = first.checked_add_days(Days::new(k * every)) {
        let send_on = days.on_or_after(nominal);
        if send_on > stop {
            break;
        }
        if out
            .last()
            .is_none_or(|o: &ScheduledOccasion| o.send_on < send_on)
        {
            out.push(ScheduledOccasion {
                occasion: Occasion::Overdue(send_on),
                send_on,
            });
        }
        k += 1;
    }
    out
}

/// The occasion whose mails are due as of `today`: the latest scheduled one on
/// or before `today`, provided it is still relevant — a reminder only up to
/// the due date itself, never after it; overdue notices only until
/// `overdue_stop_after_days` has passed. `None` when nothing is due.
pub(crate) fn current_occasion(
    due: NaiveDate,
    today: NaiveDate,
    cfg: &RemindersConfig,
    days: &impl BusinessDays,
) -> Option<ScheduledOccasion> {
    if today <= due {
        reminders_before(due, cfg, days)
            .into_iter()
            .rfind(|o| o.send_on <= today)
    } else {
        let stopped = cfg.overdue_stop_after_days > 0
            && (today - due).num_days() > i64::from(cfg.overdue_stop_after_days);
        if stopped {
            return None;
        }
        overdue_notices(due, today, cfg, days).into_iter().last()
    }
}

/// The local moment from which mails of `kind` may go out on `today`;
/// `None` when none go out that day. Reminders, overdue notices and
/// unreadable-file notices: the send schedule's first firing of the day.
/// Digests: the firing of their week or month, moved to a business day;
/// on a later day of the same week or month (a missed one), from the
/// start of the day. A folder outage notice: any time.
pub fn send_moment(
    kind: MailKind,
    cfg: &RemindConfig,
    calendar: &impl BusinessDays,
    today: NaiveDate,
) -> Option<NaiveDateTime> {
    let catch_up = |(day, time): (NaiveDate, NaiveTime)| match today.cmp(&day) {
        std::cmp::Ordering::Less => None,
        std::cmp::Ordering::Equal => Some(today.and_time(time)),
        std::cmp::Ordering::Greater => Some(today.and_time(NaiveTime::MIN)),
    };
    match kind {
        MailKind::Reminder | MailKind::Overdue | MailKind::Unreadable => {
            cfg.reminders.send_schedule.first_moment_on(today)
        }
        MailKind::PlanningDigest => {
            digest_day(&cfg.digest.schedule, today, calendar).and_then(catch_up)
        }
        MailKind::DeadlineDigest => {
            monthly_day(&cfg.reminders.monthly_digest.schedule, today, calendar).and_then(catch_up)
        }
        // Sent when its grace period has passed, any day.
        MailKind::FolderOutage => Some(today.and_time(NaiveTime::MIN)),
    }
}

/// The day of the planning digest in the week (Monday to Sunday) holding
/// `today`, and its time: the schedule's first firing of the week, moved to
/// the next business day of the same week. `None` when the week has none.
pub(crate) fn digest_day(
    schedule: &CronSchedule,
    today: NaiveDate,
    calendar: &impl BusinessDays,
) -> Option<(NaiveDate, NaiveTime)> {
    let monday =
        today.checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))?;
    moved_first_firing(schedule, monday, 7, calendar, |day| {
        day.iso_week() == today.iso_week()
    })
}

/// The day of the monthly deadline digest in `today`'s month, and its
/// time: the schedule's first firing of the month, moved to the next
/// business day of the same month. `None` when the month has none.
pub(crate) fn monthly_day(
    schedule: &CronSchedule,
    today: NaiveDate,
    calendar: &impl BusinessDays,
) -> Option<(NaiveDate, NaiveTime)> {
    let first = today.with_day(1)?;
    moved_first_firing(schedule, first, 31, calendar, |day| {
        day.month() == today.month() && day.year() == today.year()
    })
}

/// The first of `span` days from `start` on which `schedule` fires, moved
/// to the next business day; `None` when that day is outside the period.
fn moved_first_firing(
    schedule: &CronSchedule,
    start: NaiveDate,
    span: u64,
    calendar: &impl BusinessDays,
    in_period: impl Fn(NaiveDate) -> bool,
) -> Option<(NaiveDate, NaiveTime)> {
    let (nominal, time) = (0..span)
        .filter_map(|n| start.checked_add_days(Days::new(n)))
        .take_while(|day| in_period(*day))
        .find_map(|day| schedule.first_firing_on(day).map(|time| (day, time)))?;
    let day = calendar.on_or_after(nominal);
    in_period(day).then_some((day, time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The real calendar: weekends, national holidays (スポーツの日 10/12,
    /// 文化の日 11/03, 勤労感謝の日 11/23 in 2026) and the closed days 12/29–01/03.
    fn fy2026_holidays() -> BusinessCalendar {
        BusinessCalendar::default()
    }

    fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(h, min, 0).unwrap()
    }

    fn schedules(send: &str, digest: &str, monthly: &str) -> RemindConfig {
        let mut cfg = RemindConfig::default();
        cfg.reminders.send_schedule = CronSchedule::parse(send).unwrap();
        cfg.digest.schedule = CronSchedule::parse(digest).unwrap();
        cfg.reminders.monthly_digest.schedule = CronSchedule::parse(monthly).unwrap();
        cfg
    }

    #[rstest]
    // The send schedule's first firing of the day; none on a day it skips.
    #[case(MailKind::Reminder, d(2026, 11, 24), Some(at(2026, 11, 24, 9, 0)))]
    #[case(MailKind::Overdue, d(2026, 11, 28), None)]
    #[case(MailKind::Unreadable, d(2026, 11, 25), Some(at(2026, 11, 25, 9, 0)))]
    // Monday 11/23 is 勤労感謝の日: the week's digest moves to Tuesday at
    // its own time; a later day of the week catches it up from midnight.
    #[case(MailKind::PlanningDigest, d(2026, 11, 23), None)]
    #[case(
        MailKind::PlanningDigest,
        d(2026, 11, 24),
        Some(at(2026, 11, 24, 17, 30))
    )]
    #[case(
        MailKind::PlanningDigest,
        d(2026, 11, 26),
        Some(at(2026, 11, 26, 0, 0))
    )]
    #[case(
        MailKind::PlanningDigest,
        d(2026, 11, 30),
        Some(at(2026, 11, 30, 17, 30))
    )]
    // 11/01 is a Sunday: the month's digest goes on Monday 11/02; January's
    // waits for the end of the closed days (01/04).
    #[case(MailKind::DeadlineDigest, d(2026, 11, 2), Some(at(2026, 11, 2, 8, 0)))]
    #[case(MailKind::DeadlineDigest, d(2026, 11, 1), None)]
    #[case(MailKind::DeadlineDigest, d(2027, 1, 4), Some(at(2027, 1, 4, 8, 0)))]
    #[case(MailKind::DeadlineDigest, d(2027, 1, 2), None)]
    fn send_moments(
        #[case] kind: MailKind,
        #[case] today: NaiveDate,
        #[case] expected: Option<NaiveDateTime>,
    ) {
        let cfg = schedules("0 0 9 * * Mon-Fri", "0 30 17 * * Mon", "0 0 8 1 * *");
        assert_eq!(send_moment(kind, &cfg, &fy2026_holidays(), today), expected);
    }

    #[test]
    fn a_week_whose_only_business_day_is_past_the_firing_has_no_digest() {
        // Fridays only; a Friday that is closed would move into the weekend.
        let schedule = CronSchedule::parse("0 0 9 * * Fri").unwrap();
        let all_closed_after_thursday = |date: NaiveDate| date.weekday().number_from_monday() < 5;
        struct Days<F>(F);
        impl<F: Fn(NaiveDate) -> bool> BusinessDays for Days<F> {
            fn is_business_day(&self, date: NaiveDate) -> bool {
                (self.0)(date)
            }
        }
        assert_eq!(
            digest_day(&schedule, d(2026, 11, 25), &Days(all_closed_after_thursday)),
            None
        );
    }

    #[test]
    fn reminders_before_the_interim_2026() {
        let got: Vec<_> = reminders_before(
            d(2026, 10, 30),
            &RemindersConfig::default(),
            &fy2026_holidays(),
        )
        .into_iter()
        .map(|o| (o.occasion, o.send_on))
        .collect();
        assert_eq!(
            got,
            vec![
                (Occasion::Before(14), d(2026, 10, 16)),
                (Occasion::Before(7), d(2026, 10, 23)),
                (Occasion::Before(3), d(2026, 10, 27)),
                (Occasion::Before(1), d(2026, 10, 29)),
            ]
        );
    }

    #[test]
    fn overdue_notices_after_the_interim_2026() {
        let got: Vec<_> = overdue_notices(
            d(2026, 10, 30),
            d(2026, 11, 30),
            &RemindersConfig::default(),
            &fy2026_holidays(),
        )
        .into_iter()
        .map(|o| o.send_on)
        .collect();
        // 11/02 Mon; +3 = 11/05 Thu; 11/08 Sun → 11/09; 11/11; 11/14 Sat → 11/16;
        // 11/17; 11/20; 11/23 holiday → 11/24; 11/26; 11/29 Sun → 11/30.
        assert_eq!(
            got,
            vec![
                d(2026, 11, 2),
                d(2026, 11, 5),
                d(2026, 11, 9),
                d(2026, 11, 11),
                d(2026, 11, 16),
                d(2026, 11, 17),
                d(2026, 11, 20),
                d(2026, 11, 24),
                d(2026, 11, 26),
                d(2026, 11, 30),
            ]
        );
    }

    #[rstest]
    // Reminder offsets that land on a weekend move back to Friday.
    #[case::sunday_moves_to_friday(d(2026, 10, 25), 7, d(2026, 10, 16))]
    #[case::saturday_moves_to_friday(d(2026, 10, 18), 1, d(2026, 10, 16))]
    // Due Monday 2026-11-16: 1 day before is a Sunday → Friday 11/13.
    #[case::before_monday_due(d(2026, 11, 16), 1, d(2026, 11, 13))]
    // Due 2026-11-04: 1 day before is 文化の日 (Tue) → Monday 11/02.
    #[case::holiday_moves_back(d(2026, 11, 4), 1, d(2026, 11, 2))]
    // Due 2027-01-05: 3 days before is 01/02, closed days → 12/28.
    #[case::closed_days_move_back(d(2027, 1, 5), 3, d(2026, 12, 28))]
    fn reminder_moves_to_previous_business_day(
        #[case] due: NaiveDate,
        #[case] offset: u32,
        #[case] want: NaiveDate,
    ) {
        let cfg = RemindersConfig {
            before_days: vec![offset],
            ..Default::default()
        };
        let got = reminders_before(due, &cfg, &fy2026_holidays());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].send_on, want);
    }

    #[rstest]
    // Due Friday → Monday; due on a holiday eve → the day after the holiday.
    #[case::friday_due(d(2026, 10, 30), d(2026, 11, 2))]
    #[case::holiday_after_due(d(2026, 11, 2), d(2026, 11, 4))]
    #[case::closed_days(d(2026, 12, 28), d(2027, 1, 4))]
    #[case::weekday_due(d(2026, 10, 14), d(2026, 10, 15))]
    fn first_overdue_is_first_business_day_after(#[case] due: NaiveDate, #[case] want: NaiveDate) {
        let got = overdue_notices(
            due,
            d(2027, 3, 31),
            &RemindersConfig::default(),
            &fy2026_holidays(),
        );
        assert_eq!(got[0].send_on, want);
        assert!(got.iter().all(|o| o.send_on > due));
    }

    #[test]
    fn colliding_offsets_make_one_occasion() {
        // Due Tuesday 2026-11-24 after the 11/23 holiday: offsets 1 (11/23 → 11/20)
        // and 3 (11/21 Sat → 11/20) land on the same Friday.
        let cfg = RemindersConfig {
            before_days: vec![3, 1],
            ..Default::default()
        };
        let got = reminders_before(d(2026, 11, 24), &cfg, &fy2026_holidays());
        assert_eq!(
            got,
            vec![ScheduledOccasion {
                occasion: Occasion::Before(1),
                send_on: d(2026, 11, 20)
            }]
        );
    }

    #[test]
    fn overdue_stops_after_the_limit() {
        let cfg = RemindersConfig {
            overdue_stop_after_days: 10,
            ..Default::default()
        };
        let got = overdue_notices(d(2026, 10, 30), d(2027, 3, 31), &cfg, &fy2026_holidays());
        assert!(got.iter().all(|o| o.send_on <= d(2026, 11, 9)));
        assert_eq!(got.last().unwrap().send_on, d(2026, 11, 9));
    }

    #[rstest]
    #[case::long_before(d(2026, 10, 1), None)]
    #[case::first_reminder(d(2026, 10, 16), Some(Occasion::Before(14)))]
    #[case::weekend_after_first(d(2026, 10, 18), Some(Occasion::Before(14)))]
    #[case::catch_up_latest_only(d(2026, 10, 26), Some(Occasion::Before(7)))]
    #[case::day_before(d(2026, 10, 29), Some(Occasion::Before(1)))]
    #[case::due_day_still_relevant(d(2026, 10, 30), Some(Occasion::Before(1)))]
    #[case::weekend_after_due_nothing(d(2026, 10, 31), None)]
    #[case::sunday_after_due_nothing(d(2026, 11, 1), None)]
    #[case::first_overdue(d(2026, 11, 2), Some(Occasion::Overdue(d(2026, 11, 2))))]
    #[case::holiday_keeps_last_overdue(d(2026, 11, 3), Some(Occasion::Overdue(d(2026, 11, 2))))]
    #[case::second_overdue(d(2026, 11, 5), Some(Occasion::Overdue(d(2026, 11, 5))))]
    #[case::moved_overdue(d(2026, 11, 9), Some(Occasion::Overdue(d(2026, 11, 9))))]
    #[case::last_overdue_before_stop(d(2027, 1, 28), Some(Occasion::Overdue(d(2027, 1, 28))))]
    #[case::after_the_stop_nothing(d(2027, 1, 29), None)]
    fn current_occasion_by_date(#[case] today: NaiveDate, #[case] want: Option<Occasion>) {
        let got = current_occasion(
            d(2026, 10, 30),
            today,
            &RemindersConfig::default(),
            &fy2026_holidays(),
        );
        assert_eq!(got.map(|o| o.occasion), want);
    }

    #[test]
    fn occasion_key_parts() {
        assert_eq!(Occasion::Before(7).to_string(), "before-7");
        assert_eq!(
            Occasion::Overdue(d(2026, 11, 2)).to_string(),
            "overdue-2026-11-02"
        );
    }

    proptest::proptest! {
        #[test]
        fn schedule_never_panics_and_stays_on_business_days(
            days_from_epoch in 0i64..40000, offsets in proptest::collection::vec(0u32..400, 0..6),
            every in 0u32..40, stop in 0u32..400, today_shift in -400i64..400,
        ) {
            let due = d(1990, 1, 1) + chrono::TimeDelta::days(days_from_epoch);
            let today = due + chrono::TimeDelta::days(today_shift);
            let cfg = RemindersConfig {
                before_days: offsets,
                overdue_every_days: every,
                overdue_stop_after_days: stop,
                ..Default::default()
            };
            let cal = fy2026_holidays();
            for o in reminders_before(due, &cfg, &cal) {
                proptest::prop_assert!(cal.is_business_day(o.send_on));
                proptest::prop_assert!(o.send_on < due);
            }
            for o in overdue_notices(due, today, &cfg, &cal) {
                proptest::prop_assert!(cal.is_business_day(o.send_on));
                proptest::prop_assert!(o.send_on > due && o.send_on <= today);
            }
            if let Some(o) = current_occasion(due, today, &cfg, &cal) {
                proptest::prop_assert!(o.send_on <= today);
                if !o.occasion.is_overdue() {
                    proptest::prop_assert!(today <= due);
                }
            }
        }
    }
}
