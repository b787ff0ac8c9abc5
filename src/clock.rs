//! The one place that reads the system clock. Everything else takes `today`
//! or `now` as a parameter.
//!
//! Built for the tests (the `test-clock` feature, which only the tests
//! enable), the clock of a process can start at another instant:
//! `MOKUHYO_TEST_CLOCK=2026-10-23T09:30:00+09:00` makes the process's clock
//! read that instant when it is first read, and run on from there, so that
//! the tests drive the real binary on any day of the year; and
//! `MOKUHYO_TEST_CLOCK_FILE=PATH` steps it while the process runs: each new
//! instant written to that file is read (within 20 ms) and the clock runs on
//! from it, as a system clock stepped by NTP or by hand would.

use chrono::{DateTime, NaiveDate, Utc};

/// The current instant.
#[allow(clippy::disallowed_methods)]
pub fn now_utc() -> DateTime<Utc> {
    Utc::now() + test_clock::offset()
}

/// Today's date in Japan (Asia/Tokyo is UTC+9 all year, with no daylight saving).
pub fn today_in_japan() -> NaiveDate {
    mokuhyo_core::calendar::japan_date(now_utc())
}

#[cfg(feature = "test-clock")]
mod test_clock {
    use std::sync::{Mutex, OnceLock, PoisonError};
    use std::time::{Duration, Instant};

    use chrono::{DateTime, TimeDelta, Utc};

    /// The environment variable that sets where the clock starts.
    const VARIABLE: &str = "MOKUHYO_TEST_CLOCK";

    /// The environment variable naming a file that steps the clock: the
    /// instant it holds is what the clock read when the file was written
    /// (its modification time), and it runs on from there — the same in
    /// every process reading it (looked at no more than every 20 ms).
    const STEP_FILE: &str = "MOKUHYO_TEST_CLOCK_FILE";

    /// How often the step file is looked at.
    const LOOK: Duration = Duration::from_millis(20);

    /// The step file's text and time as last read, the offset they set
    /// and when the file was looked at.
    struct Stepped {
        text: String,
        written: Option<std::time::SystemTime>,
        offset: Option<TimeDelta>,
        looked: Option<Instant>,
    }

    /// How far the tests' clock is from the system's.
    #[allow(clippy::disallowed_methods)]
    pub(super) fn offset() -> TimeDelta {
        static OFFSET: OnceLock<TimeDelta> = OnceLock::new();
        static STEPPED: Mutex<Stepped> = Mutex::new(Stepped {
            text: String::new(),
            written: None,
            offset: None,
            looked: None,
        });
        let start = *OFFSET.get_or_init(|| {
            std::env::var(VARIABLE)
                .ok()
                .and_then(|start| DateTime::parse_from_rfc3339(&start).ok())
                .map_or(TimeDelta::zero(), |start| {
                    start.with_timezone(&Utc) - Utc::now()
                })
        });
        let Some(file) = std::env::var_os(STEP_FILE) else {
            return start;
        };
        let mut stepped = STEPPED.lock().unwrap_or_else(PoisonError::into_inner);
        if stepped.looked.is_none_or(|at| at.elapsed() >= LOOK) {
            stepped.looked = Some(Instant::now());
            let written = std::fs::metadata(&file).and_then(|m| m.modified()).ok();
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            if text != stepped.text || written != stepped.written {
                if let (Ok(at), Some(written)) =
                    (DateTime::parse_from_rfc3339(text.trim()), written)
                {
                    stepped.offset = Some(at.with_timezone(&Utc) - DateTime::<Utc>::from(written));
                }
                stepped.text = text;
                stepped.written = written;
            }
        }
        stepped.offset.unwrap_or(start)
    }
}

#[cfg(not(feature = "test-clock"))]
mod test_clock {
    /// The system's clock, as it is.
    pub(super) fn offset() -> chrono::TimeDelta {
        chrono::TimeDelta::zero()
    }
}
