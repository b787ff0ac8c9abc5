//! The daemon's schedules against the wall clock: each schedule's next
//! firing, kept by looking at the clock as it reads, so that whatever the
//! clock does between two looks is followed. Pure: every moment is a
//! parameter; the daemon looks at least once a second.
//!
//! - A firing that has come fires once, however many were passed (the
//!   clock stepped forward, the machine slept): what is due is decided by
//!   the reminder plan and the ledger, so one wake-up catches up.
//! - A clock that went back brings each next firing back to the first one
//!   after the time it reads now, so nothing waits for the step's length.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::CronSchedule;

/// One schedule of a [`Timetable`], with what it runs.
#[derive(Debug, Clone)]
pub struct Timed<K> {
    pub what: K,
    pub schedule: CronSchedule,
    /// The firing it waits for (`None`: it never fires again).
    pub next: Option<DateTime<Utc>>,
    /// Its last firing, as the clock read when it fired.
    pub last: Option<DateTime<Utc>>,
}

/// Every schedule of the daemon and the firing each waits for.
#[derive(Debug, Clone)]
pub struct Timetable<K> {
    timed: Vec<Timed<K>>,
    zone: Tz,
}

/// The first firing of `schedule` in `zone` after `now`.
fn first_after(schedule: &CronSchedule, zone: Tz, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    schedule
        .next_firings(now, zone, 1)
        .first()
        .map(|at| at.with_timezone(&Utc))
}

impl<K: Copy> Timetable<K> {
    /// The schedules read in `zone`, each waiting for its first firing
    /// after `now`.
    pub fn new(
        schedules: impl IntoIterator<Item = (K, CronSchedule)>,
        zone: Tz,
        now: DateTime<Utc>,
    ) -> Self {
        let timed = schedules
            .into_iter()
            .map(|(what, schedule)| Timed {
                what,
                next: first_after(&schedule, zone, now),
                schedule,
                last: None,
            })
            .collect();
        Timetable { timed, zone }
    }

    /// Looks at the clock reading `now`: gives what fires (each schedule
    /// whose firing has come, once), and whether any schedule's next
    /// firing changed (it fired, or the clock went back before it).
    pub fn look(&mut self, now: DateTime<Utc>) -> (Vec<K>, bool) {
        let mut fired = Vec::new();
        let mut changed = false;
        for timed in &mut self.timed {
            let first = first_after(&timed.schedule, self.zone, now);
            match timed.next {
                Some(next) if next <= now => {
                    fired.push(timed.what);
                    timed.last = Some(now);
                    timed.next = first;
                    changed = true;
                }
                // The clock went back: the first firing after the time it
                // reads now comes before the one waited for.
                Some(next) if first.is_some_and(|first| first < next) => {
                    timed.next = first;
                    changed = true;
                }
                None if first.is_some() => {
                    timed.next = first;
                    changed = true;
                }
                _ => {}
            }
        }
        (fired, changed)
    }

    /// The earliest firing waited for.
    pub fn next(&self) -> Option<DateTime<Utc>> {
        self.timed.iter().filter_map(|t| t.next).min()
    }

    /// Every schedule with the firing it waits for and its last one.
    pub fn timed(&self) -> &[Timed<K>] {
        &self.timed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        // 2026-10-23 (a Friday) in Japan.
        chrono_tz::Asia::Tokyo
            .with_ymd_and_hms(2026, 10, 23, h, m, s)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn timetable(now: DateTime<Utc>) -> Timetable<&'static str> {
        Timetable::new(
            [
                ("send", CronSchedule::builtin("0 0 9 * * Mon-Fri")),
                ("rescan", CronSchedule::builtin("0 */10 * * * *")),
            ],
            chrono_tz::Asia::Tokyo,
            now,
        )
    }

    #[test]
    fn a_firing_that_has_come_fires_once() {
        let mut t = timetable(at(8, 55, 0));
        assert_eq!(t.next(), Some(at(9, 0, 0)));
        assert_eq!(t.look(at(8, 59, 59)), (vec![], false));
        assert_eq!(t.look(at(9, 0, 0)), (vec!["send", "rescan"], true));
        assert_eq!(t.timed()[0].last, Some(at(9, 0, 0)));
        assert_eq!(t.look(at(9, 0, 1)), (vec![], false));
        assert_eq!(t.next(), Some(at(9, 10, 0)));
    }

    #[test]
    fn a_clock_stepped_forward_fires_each_schedule_once() {
        let mut t = timetable(at(8, 55, 0));
        // Three hours later at once: one rescan, one send.
        assert_eq!(t.look(at(11, 55, 30)), (vec!["send", "rescan"], true));
        assert_eq!(t.next(), Some(at(12, 0, 0)));
        assert_eq!(t.timed()[0].next, Some(at(9, 0, 0) + chrono::Days::new(3)));
    }

    #[test]
    fn a_clock_stepped_back_waits_for_the_first_firing_after_the_time_it_reads() {
        let mut t = timetable(at(10, 5, 0));
        assert_eq!(t.next(), Some(at(10, 10, 0)));
        // An hour back: the rescan at 09:10 comes first, the send at 09:00
        // of that day is past; the next send is on Monday.
        assert_eq!(t.look(at(9, 5, 0)), (vec![], true));
        assert_eq!(t.next(), Some(at(9, 10, 0)));
        assert_eq!(t.look(at(9, 10, 0)), (vec!["rescan"], true));
        // Back to before nine: the day's send is waited for again.
        assert_eq!(t.look(at(8, 59, 58)), (vec![], true));
        assert_eq!(t.timed()[0].next, Some(at(9, 0, 0)));
        assert_eq!(t.look(at(9, 0, 0)), (vec!["send", "rescan"], true));
    }

    #[test]
    fn an_unchanged_look_reports_no_change() {
        let mut t = timetable(at(10, 5, 0));
        assert_eq!(t.look(at(10, 6, 0)), (vec![], false));
        assert_eq!(t.look(at(10, 7, 0)), (vec![], false));
    }
}
