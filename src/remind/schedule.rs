//! When reminder mails go out: the occasions of a milestone (reminders before
//! the due date, overdue notices after it), moved onto business days.
//!
//! A reminder that falls on a weekend, holiday or closed day moves to the
//! previous business day; the first overdue notice goes on the first business
//! day after the due date, later ones every N days from it, each moved to the
//! next business day. Pure: the business-day calendar is a parameter.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate};

use super::config::RemindersConfig;
use crate::calendar::BusinessCalendar;

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

/// Saturdays and Sundays off, nothing else: for tests and as a fallback.
#[derive(Debug, Clone, Copy, Default)]
pub struct WeekdaysOnly;

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
    pub fn is_overdue(self) -> bool {
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
pub struct ScheduledOccasion {
    pub occasion: Occasion,
    pub send_on: NaiveDate,
}

/// The reminders before `due`, in date order. Two offsets that land on the
/// same business day make one occasion (the one closer to the due date).
pub fn reminders_before(
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
pub fn overdue_notices(
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
pub fn current_occasion(
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
