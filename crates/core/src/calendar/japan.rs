//! Japan time, in one place: UTC+9 all year, with no daylight saving, so an
//! instant's wall-clock time and day in Japan are plain arithmetic. The
//! schedules' configurable zone (`reminders.timezone`) is the daemon's
//! business; what a city hall's people read — dates of changes, the time a
//! workbook was made, the day a fiscal year starts — is in Japan time.
//!
//! How such a time is written for people is decided here too
//! ([`shown_in_japan`] in the forms of [`TimeShown`]; the log's time,
//! [`log_time`], in the configured zone, Japan's by default): mails,
//! `mokuhyo status`, `history` and `roster`, the digest's changes and the
//! log all write it so.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};

/// Japan's offset from UTC.
const OFFSET: TimeDelta = TimeDelta::hours(9);

/// The wall-clock time in Japan of an instant.
pub fn japan_time(at: DateTime<Utc>) -> NaiveDateTime {
    (at + OFFSET).naive_utc()
}

/// The day in Japan of an instant.
pub fn japan_date(at: DateTime<Utc>) -> NaiveDate {
    japan_time(at).date()
}

/// 00:00 of `day` in Japan, as an instant.
pub fn start_of_day_in_japan(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc() - OFFSET
}

/// The end of `day` in Japan (the first instant of the next day).
pub fn end_of_day_in_japan(day: NaiveDate) -> DateTime<Utc> {
    start_of_day_in_japan(day.succ_opt().unwrap_or(day))
}

/// A form in which a time in Japan is written for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeShown {
    /// `2026-10-23 09:00` (a test mail's time, `mokuhyo history`).
    Minute,
    /// `2026-10-23 09:00 JST` (`mokuhyo status`).
    MinuteJst,
    /// `10月23日 09:00` (the digest's changes, the roster's last good read).
    MonthDay,
}

/// `at` in Japan time, written as `form` says.
pub fn shown_in_japan(at: DateTime<Utc>, form: TimeShown) -> String {
    let pattern = match form {
        TimeShown::Minute => "%Y-%m-%d %H:%M",
        TimeShown::MinuteJst => "%Y-%m-%d %H:%M JST",
        TimeShown::MonthDay => "%-m月%-d日 %H:%M",
    };
    japan_time(at).format(pattern).to_string()
}

/// The log's time of `at`: `2026-11-23 20:09:25+09:00`, in `zone` (the
/// configured `reminders.timezone`, Japan's unless set otherwise).
pub fn log_time(at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    at.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M:%S%:z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_day_in_japan_starts_at_15_00_utc_the_day_before() {
        let day = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        let start = start_of_day_in_japan(day);
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 3, 31, 15, 0, 0).unwrap());
        assert_eq!(japan_date(start), day);
        assert_eq!(
            japan_date(start - TimeDelta::seconds(1)),
            day.pred_opt().unwrap()
        );
        assert_eq!(end_of_day_in_japan(day), start + TimeDelta::days(1));
        assert_eq!(japan_time(start).to_string(), "2026-04-01 00:00:00",);
    }

    #[test]
    fn a_time_is_written_in_japan_time_in_each_form() {
        let at = Utc.with_ymd_and_hms(2026, 10, 23, 0, 5, 9).unwrap();
        assert_eq!(shown_in_japan(at, TimeShown::Minute), "2026-10-23 09:05");
        assert_eq!(
            shown_in_japan(at, TimeShown::MinuteJst),
            "2026-10-23 09:05 JST"
        );
        assert_eq!(shown_in_japan(at, TimeShown::MonthDay), "10月23日 09:05");
        // Past midnight in Japan, the day before in UTC.
        let late = Utc.with_ymd_and_hms(2026, 12, 31, 15, 30, 0).unwrap();
        assert_eq!(shown_in_japan(late, TimeShown::MonthDay), "1月1日 00:30");
        assert_eq!(
            log_time(at, chrono_tz::Asia::Tokyo),
            "2026-10-23 09:05:09+09:00"
        );
        assert_eq!(log_time(at, chrono_tz::UTC), "2026-10-23 00:05:09+00:00");
    }
}
