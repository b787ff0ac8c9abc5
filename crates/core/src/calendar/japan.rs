//! Japan time, in one place: UTC+9 all year, with no daylight saving, so an
//! instant's wall-clock time and day in Japan are plain arithmetic. The
//! schedules' configurable zone (`reminders.timezone`) is the daemon's
//! business; what a city hall's people read — dates of changes, the time a
//! workbook was made, the day a fiscal year starts — is in Japan time.

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
}
