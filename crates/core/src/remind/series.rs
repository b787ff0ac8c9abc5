//! Series of mails: the occasions of a milestone (`2026/interim/…/before-14`
//! before `…/before-7` before `…/overdue-2026-11-02`), the weeks of the
//! planning digest, the months of the deadline digests. A mail older than
//! one of its series already sent is not sent: when the clock went back, its
//! countdown would be stale. Pure.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::plan::SentLedger;

/// A planned mail left out because a later one of its series was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Superseded {
    pub key: String,
    /// The later mail of the series, already sent.
    pub sent: String,
}

/// Where a mail stands in its series: the key prefix all mails of the
/// series share, and its place (later places compare greater). Reminders
/// and overdue notices of a milestone (`2026/interim/…/before-14` before
/// `…/before-7` before `…/overdue-2026-11-02`), planning digests by week,
/// deadline digests by month. Other mails are in no series.
pub(crate) fn series_position(key: &str) -> Option<(String, (u8, i64))> {
    let parts: Vec<&str> = key.split('/').collect();
    match parts.as_slice() {
        ["digest", "planning", week] => {
            let (year, week) = week.split_once("-W")?;
            let place = i64::from(year.parse::<i32>().ok()?) * 100 + week.parse::<i64>().ok()?;
            Some(("digest/planning/".into(), (0, place)))
        }
        ["deadlines", _, month] => {
            let (year, month) = month.split_once('-')?;
            let place = i64::from(year.parse::<i32>().ok()?) * 100 + month.parse::<i64>().ok()?;
            Some(("deadlines/".into(), (0, place)))
        }
        [fy, milestone, _, occasion] if fy.parse::<i32>().is_ok() => {
            let place = if let Some(days) = occasion.strip_prefix("before-") {
                (0, -days.parse::<i64>().ok()?)
            } else {
                let date = occasion.strip_prefix("overdue-")?;
                let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
                (1, i64::from(date.num_days_from_ce()))
            };
            Some((format!("{fy}/{milestone}/"), place))
        }
        _ => None,
    }
}

/// The later mail of `key`'s series already sent, if there is one.
pub(crate) fn sent_later(ledger: &impl SentLedger, key: &str) -> Option<String> {
    let (prefix, place) = series_position(key)?;
    ledger
        .sent_with_prefix(&prefix)
        .into_iter()
        .filter_map(|sent| {
            let (_, sent_place) = series_position(&sent)?;
            (sent_place > place).then_some((sent_place, sent))
        })
        .max()
        .map(|(_, sent)| sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn places_within_a_series() {
        let place = |key: &str| series_position(key).unwrap();
        assert_eq!(place("2026/interim/建設部/before-7").0, "2026/interim/");
        assert!(place("2026/interim/建設部/before-14") < place("2026/interim/総務部/before-7"));
        assert!(
            place("2026/interim/建設部/before-1") < place("2026/interim/建設部/overdue-2026-11-02")
        );
        assert!(
            place("2026/interim/建設部/overdue-2026-11-02")
                < place("2026/interim/建設部/overdue-2026-11-05")
        );
        assert!(place("digest/planning/2026-W43") < place("digest/planning/2027-W01"));
        assert!(place("deadlines/総務部/2026-11") < place("deadlines/建設部/2026-12"));
        assert_eq!(series_position("file/健康福祉部/00ff00ff00ff00ff"), None);
        assert_eq!(series_position("2026/interim/建設部/later"), None);
    }

    #[test]
    fn an_older_mail_than_one_sent_is_found() {
        let sent: HashSet<String> = [
            "2026/interim/市民生活部/before-7".to_string(),
            "digest/planning/2026-W43".to_string(),
        ]
        .into();
        assert_eq!(
            sent_later(&sent, "2026/interim/建設部/before-14").as_deref(),
            Some("2026/interim/市民生活部/before-7")
        );
        assert_eq!(sent_later(&sent, "2026/interim/建設部/before-3"), None);
        assert_eq!(sent_later(&sent, "2026/year_end/建設部/before-14"), None);
        assert_eq!(
            sent_later(&sent, "digest/planning/2026-W42").as_deref(),
            Some("digest/planning/2026-W43")
        );
        assert_eq!(sent_later(&sent, "digest/planning/2026-W44"), None);
    }
}
