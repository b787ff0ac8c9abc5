//! The one place that reads the system clock. Everything else takes `today`
//! or `now` as a parameter.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// The current instant.
#[allow(clippy::disallowed_methods)]
pub fn now_utc() -> DateTime<Utc> {
    Utc::now()
}

/// Today's date in Japan (Asia/Tokyo is UTC+9 all year, with no daylight saving).
pub fn today_in_japan() -> NaiveDate {
    (now_utc() + TimeDelta::hours(9)).date_naive()
}
