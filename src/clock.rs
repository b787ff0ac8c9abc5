//! The one place that reads the system clock. Everything else takes `today`
//! or `now` as a parameter.
//!
//! Built for the tests (the `test-clock` feature, which only the tests
//! enable), the clock of a process can start at another instant:
//! `MOKUHYO_TEST_CLOCK=2026-10-23T09:30:00+09:00` makes the process's clock
//! read that instant when it is first read, and run on from there, so that
//! the tests drive the real binary on any day of the year.

use chrono::{DateTime, NaiveDate, Utc};

/// The current instant.
#[allow(clippy::disallowed_methods)]
pub fn now_utc() -> DateTime<Utc> {
    Utc::now() + test_clock::offset()
}

/// Today's date in Japan (Asia/Tokyo is UTC+9 all year, with no daylight saving).
pub fn today_in_japan() -> NaiveDate {
    crate::calendar::japan_date(now_utc())
}

#[cfg(feature = "test-clock")]
mod test_clock {
    use std::sync::OnceLock;

    use chrono::{DateTime, TimeDelta, Utc};

    /// The environment variable that sets where the clock starts.
    const VARIABLE: &str = "MOKUHYO_TEST_CLOCK";

    /// How far the tests' clock is from the system's.
    #[allow(clippy::disallowed_methods)]
    pub(super) fn offset() -> TimeDelta {
        static OFFSET: OnceLock<TimeDelta> = OnceLock::new();
        *OFFSET.get_or_init(|| {
            std::env::var(VARIABLE)
                .ok()
                .and_then(|start| DateTime::parse_from_rfc3339(&start).ok())
                .map_or(TimeDelta::zero(), |start| {
                    start.with_timezone(&Utc) - Utc::now()
                })
        })
    }
}

#[cfg(not(feature = "test-clock"))]
mod test_clock {
    /// The system's clock, as it is.
    pub(super) fn offset() -> chrono::TimeDelta {
        chrono::TimeDelta::zero()
    }
}
