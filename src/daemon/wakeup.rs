//! The daily wake-up at the reminders' send time: one timer that sleeps
//! until the next send time (in the configured time zone), so the idle
//! daemon does not wake up in between.

use std::time::Duration;

use chrono::{DateTime, Days, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use tokio::sync::mpsc::UnboundedSender;

use super::Event;

/// The longest single sleep: a changed system clock or a suspended machine
/// is noticed within this time.
const MAX_SLEEP: Duration = Duration::from_secs(3600);

/// The first moment after `now` at which the clock in `tz` shows `time`
/// (a time skipped by a daylight-saving change moves to the next day).
pub fn next_send_time(now: DateTime<Utc>, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let today = now.with_timezone(&tz).date_naive();
    (0..=3)
        .filter_map(|days| today.checked_add_days(Days::new(days)))
        .filter_map(|date| tz.from_local_datetime(&date.and_time(time)).earliest())
        .map(|at| at.with_timezone(&Utc))
        .find(|at| *at > now)
        .unwrap_or(now + chrono::Duration::days(1))
}

/// Sends [`Event::ReminderTick`] every day at `time` in `tz`. The reminder
/// job decides from the ledger what is due, so a missed or doubled wake-up
/// changes nothing.
pub fn spawn_daily(time: NaiveTime, tz: Tz, tx: UnboundedSender<Event>) {
    tokio::spawn(async move {
        let mut next = next_send_time(crate::clock::now_utc(), time, tz);
        loop {
            let now = crate::clock::now_utc();
            if now >= next {
                if tx.send(Event::ReminderTick).is_err() {
                    break;
                }
                next = next_send_time(now, time, tz);
                continue;
            }
            let wait = (next - now).to_std().unwrap_or(Duration::ZERO);
            tokio::time::sleep(wait.min(MAX_SLEEP)).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[rstest]
    // 08:59 in Tokyo: today at 09:00 (00:00 UTC).
    #[case("2026-10-22T23:59:00Z", "09:00", "Asia/Tokyo", "2026-10-23T00:00:00Z")]
    // Exactly at the send time: the next day's.
    #[case("2026-10-23T00:00:00Z", "09:00", "Asia/Tokyo", "2026-10-24T00:00:00Z")]
    // Later that day: tomorrow.
    #[case("2026-10-23T05:00:00Z", "09:00", "Asia/Tokyo", "2026-10-24T00:00:00Z")]
    // The local date is already tomorrow in Tokyo.
    #[case("2026-12-31T16:00:00Z", "09:00", "Asia/Tokyo", "2027-01-01T00:00:00Z")]
    // 02:30 does not exist on 2026-03-08 in New York: the next day's.
    #[case(
        "2026-03-08T05:00:00Z",
        "02:30",
        "America/New_York",
        "2026-03-09T06:30:00Z"
    )]
    fn next_send_times(
        #[case] now: &str,
        #[case] time: &str,
        #[case] tz: &str,
        #[case] expected: &str,
    ) {
        let time = NaiveTime::parse_from_str(time, "%H:%M").unwrap();
        let tz: Tz = tz.parse().unwrap();
        assert_eq!(next_send_time(utc(now), time, tz), utc(expected));
    }
}
