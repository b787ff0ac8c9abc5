//! Series of mails: the occasions of a milestone (`2026/interim/…/before-14`
//! before `…/before-7` before `…/overdue-2026-11-02`), the weeks of the
//! planning digest, the months of the deadline digests. A mail older than
//! one of its series already sent is not sent: when the clock went back, its
//! countdown would be stale. Pure.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::key::MailKey;
use super::sent::SentLedger;

/// A planned mail left out because a later one of its series was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Superseded {
    pub key: MailKey,
    /// The later mail of the series, already sent.
    pub sent: MailKey,
}

/// The later mail of `key`'s series already sent, if there is one: a
/// milestone's reminders before its overdue notices, the planning digest by
/// week, deadline digests by month ([`MailKey`]'s series). Other mails are
/// in no series.
/// A record dated after `until` ([`super::sent::believed_until`]) was made
/// under a clock far ahead and counts for nothing here.
pub(crate) fn sent_later(
    ledger: &impl SentLedger,
    key: &MailKey,
    until: DateTime<Utc>,
) -> Option<MailKey> {
    let place = key.series_place()?;
    ledger
        .sent_with_prefix(&place.series, until)
        .into_iter()
        .filter_map(|sent| {
            let sent_place = sent.series_place()?;
            (sent_place.series == place.series && sent_place > place).then_some((sent_place, sent))
        })
        .max()
        .map(|(_, sent)| sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn key(text: &str) -> MailKey {
        text.parse().unwrap()
    }

    #[test]
    fn places_within_a_series() {
        let place = |text: &str| key(text).series_place().unwrap();
        assert_eq!(
            place("2026/interim/建設部/before-7").series,
            "2026/interim/"
        );
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
        assert_eq!(key("file/健康福祉部/00ff00ff00ff00ff").series_place(), None);
        assert!("2026/interim/建設部/later".parse::<MailKey>().is_err());
    }

    #[test]
    fn an_older_mail_than_one_sent_is_found() {
        let sent: HashSet<MailKey> = [
            key("2026/interim/市民生活部/before-7"),
            key("digest/planning/2026-W43"),
        ]
        .into();
        assert_eq!(
            sent_later(
                &sent,
                &key("2026/interim/建設部/before-14"),
                DateTime::<Utc>::MAX_UTC
            ),
            Some(key("2026/interim/市民生活部/before-7"))
        );
        assert_eq!(
            sent_later(
                &sent,
                &key("2026/interim/建設部/before-3"),
                DateTime::<Utc>::MAX_UTC
            ),
            None
        );
        assert_eq!(
            sent_later(
                &sent,
                &key("2026/year_end/建設部/before-14"),
                DateTime::<Utc>::MAX_UTC
            ),
            None
        );
        assert_eq!(
            sent_later(
                &sent,
                &key("digest/planning/2026-W42"),
                DateTime::<Utc>::MAX_UTC
            ),
            Some(key("digest/planning/2026-W43"))
        );
        assert_eq!(
            sent_later(
                &sent,
                &key("digest/planning/2026-W44"),
                DateTime::<Utc>::MAX_UTC
            ),
            None
        );
    }
}
