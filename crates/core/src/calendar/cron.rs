//! When something runs, written as a cron expression with seconds
//! (`0 0 9 * * Mon-Fri`: 09:00:00 on weekdays), read in a time zone.
//!
//! The expression is parsed once, with croner (seconds required, day of
//! month and day of week both to match), and the daemon's scheduler
//! ([`super::timetable`]) fires it through the same [`CronSchedule`], so
//! what `config check` accepts and shows is what runs. Pure: every moment
//! is a parameter.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SubsecRound, TimeZone, Utc};
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A parsed cron expression and the text it was written as.
#[derive(Clone)]
pub struct CronSchedule {
    text: String,
    /// `None` only for a built-in expression that failed to parse (a unit
    /// test shows none does): it never fires.
    cron: Option<Cron>,
}

/// A text that is not a cron expression with seconds; croner says why.
#[derive(Debug, thiserror::Error)]
#[error(
    "not a cron expression with seconds \
     (\"sec min hour day-of-month month day-of-week\", e.g. \"0 0 9 * * Mon-Fri\"): {source}"
)]
pub struct CronError {
    /// The expression as written.
    pub text: String,
    #[source]
    pub source: croner::errors::CronError,
}

impl CronSchedule {
    /// Parses `text`: six fields (seconds, minutes, hours, day of month,
    /// month, day of week) with an optional seventh (year). The error
    /// says what is wrong.
    pub fn parse(text: &str) -> Result<Self, CronError> {
        let text = text.trim();
        let cron = CronParser::builder()
            .seconds(Seconds::Required)
            .dom_and_dow(true)
            .build()
            .parse(text)
            .map_err(|source| CronError {
                text: text.to_string(),
                source,
            })?;
        Ok(CronSchedule {
            text: text.to_string(),
            cron: Some(cron),
        })
    }

    /// Parses an expression known to be valid (the built-in defaults); an
    /// invalid one never fires.
    pub fn builtin(text: &'static str) -> Self {
        Self::parse(text).unwrap_or_else(|_| CronSchedule {
            text: text.to_string(),
            cron: None,
        })
    }

    /// The expression as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The next `count` firings after `now`, in `tz`, in whole seconds
    /// (croner keeps the fraction of the moment it starts from).
    pub fn next_firings(&self, now: DateTime<Utc>, tz: Tz, count: usize) -> Vec<DateTime<Tz>> {
        self.cron.as_ref().map_or_else(Vec::new, |cron| {
            cron.iter_after(now.trunc_subsecs(0).with_timezone(&tz))
                .take(count)
                .collect()
        })
    }

    /// The local time of the first firing on `date` (local calendar
    /// date), or `None` when the schedule does not fire that day.
    pub(crate) fn first_firing_on(&self, date: NaiveDate) -> Option<NaiveTime> {
        let midnight = Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN));
        let next = self
            .cron
            .as_ref()?
            .find_next_occurrence(&midnight, true)
            .ok()?;
        (next.date_naive() == date).then(|| next.time())
    }

    /// The first moment (local) on `date` the schedule fires.
    pub(crate) fn first_moment_on(&self, date: NaiveDate) -> Option<NaiveDateTime> {
        self.first_firing_on(date).map(|time| date.and_time(time))
    }

    /// The longest gap between two of the next `count` firings after `now`:
    /// how long one may wait for a firing (`None`: it fires fewer than twice).
    pub fn longest_gap(&self, now: DateTime<Utc>, count: usize) -> Option<chrono::Duration> {
        let firings: Vec<DateTime<Utc>> = self
            .cron
            .as_ref()?
            .iter_after(now)
            .take(count.max(2))
            .collect();
        firings.windows(2).map(|pair| pair[1] - pair[0]).max()
    }
}

impl PartialEq for CronSchedule {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for CronSchedule {}

impl fmt::Debug for CronSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CronSchedule({:?})", self.text)
    }
}

impl fmt::Display for CronSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for CronSchedule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for CronSchedule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CronSchedule::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Serde for an optional schedule written as a string, `""` meaning never.
pub mod optional {
    use super::CronSchedule;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<CronSchedule>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value.as_ref().map_or("", CronSchedule::as_str))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<CronSchedule>, D::Error> {
        let text = String::deserialize(d)?;
        if text.trim().is_empty() {
            return Ok(None);
        }
        CronSchedule::parse(&text)
            .map(Some)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[rstest]
    #[case("0 0 9 * * Mon-Fri")]
    #[case("0 0 9 * * mon")]
    #[case("0 */10 * * * *")]
    #[case("0 0 9 1 * *")]
    #[case("  0 30 8 * * 1-5  ")]
    fn accepted(#[case] text: &str) {
        assert!(CronSchedule::parse(text).is_ok(), "{text}");
    }

    #[rstest]
    #[case("")]
    #[case("0 9 * * *")] // five fields: seconds left out
    #[case("0 0 25 * * *")]
    #[case("0 0 9 * * Funday")]
    #[case("every monday")]
    fn refused_with_a_message(#[case] text: &str) {
        let err = CronSchedule::parse(text).unwrap_err();
        assert!(err.to_string().contains("cron expression"), "{err}");
        assert_eq!(err.text, text.trim());
    }

    #[test]
    fn next_firings_are_in_the_time_zone() {
        let s = CronSchedule::parse("0 0 9 * * Mon-Fri").unwrap();
        // Friday 2026-11-20 10:00 in Tokyo.
        let now = utc("2026-11-20T01:00:00Z");
        let next: Vec<String> = s
            .next_firings(now, chrono_tz::Asia::Tokyo, 3)
            .iter()
            .map(|d| d.to_rfc3339())
            .collect();
        assert_eq!(
            next,
            [
                "2026-11-23T09:00:00+09:00",
                "2026-11-24T09:00:00+09:00",
                "2026-11-25T09:00:00+09:00"
            ]
        );
        // A moment with a fraction of a second gives whole-second firings.
        let first = s.next_firings(utc("2026-11-20T01:00:00.25Z"), chrono_tz::Asia::Tokyo, 1);
        assert_eq!(first[0].to_rfc3339(), "2026-11-23T09:00:00+09:00");
    }

    #[rstest]
    #[case("0 0 9 * * Mon-Fri", "2026-11-23", Some("09:00:00"))]
    #[case("0 0 9 * * Mon-Fri", "2026-11-22", None)]
    #[case("0 30 7,17 * * *", "2026-11-22", Some("07:30:00"))]
    #[case("0 0 9 1 * *", "2026-12-01", Some("09:00:00"))]
    #[case("0 0 9 1 * *", "2026-12-02", None)]
    #[case("0 59 23 * * *", "2026-12-31", Some("23:59:00"))]
    fn first_firing_on_a_day(#[case] text: &str, #[case] day: &str, #[case] time: Option<&str>) {
        let s = CronSchedule::parse(text).unwrap();
        let expected = time.map(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").unwrap());
        assert_eq!(s.first_firing_on(date(day)), expected);
    }

    #[test]
    fn the_longest_gap_is_the_interval() {
        let s = CronSchedule::parse("0 */10 * * * *").unwrap();
        assert_eq!(
            s.longest_gap(utc("2026-11-20T01:03:00Z"), 4),
            Some(chrono::Duration::minutes(10))
        );
    }

    #[test]
    fn serde_keeps_the_text_and_refuses_nonsense() {
        let s: CronSchedule = serde_json::from_str("\"0 0 9 * * Mon\"").unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"0 0 9 * * Mon\"");
        assert!(serde_json::from_str::<CronSchedule>("\"9:00\"").is_err());
    }

    proptest! {
        #[test]
        fn parsing_never_panics(text in ".{0,40}") {
            let _ = CronSchedule::parse(&text);
        }

        #[test]
        fn a_weekly_schedule_fires_on_one_day_of_every_week(
            sec in 0u32..60, min in 0u32..60, hour in 0u32..24, dow in 0u32..7, start in 0u64..400
        ) {
            let s = CronSchedule::parse(&format!("{sec} {min} {hour} * * {dow}")).unwrap();
            let first = date("2026-01-01") + chrono::Days::new(start);
            let days = (0..7).filter(|n| s.first_firing_on(first + chrono::Days::new(*n)).is_some()).count();
            prop_assert_eq!(days, 1);
        }
    }
}
