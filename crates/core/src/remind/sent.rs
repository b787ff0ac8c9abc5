//! What the ledger says was sent, as planning reads it: the outcome of a
//! key, the keys of a series, the recipients servers refused. The SQLite
//! ledger implements [`SentLedger`]; so does a plain set of sent keys (for
//! tests and dry runs). Pure.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::Serialize;

use super::key::MailKey;
use super::recipients::Recipients;
use crate::history::HistoryEntry;

/// The recorded outcome of a key in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Recorded just before handing the mail over; not known to have left.
    Attempting,
    Sent,
    FailedTransient,
    FailedPermanent,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Attempting => "attempting",
            Outcome::Sent => "sent",
            Outcome::FailedTransient => "failed-transient",
            Outcome::FailedPermanent => "failed-permanent",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        Some(match text {
            "attempting" => Outcome::Attempting,
            "sent" => Outcome::Sent,
            "failed-transient" => Outcome::FailedTransient,
            "failed-permanent" => Outcome::FailedPermanent,
            _ => return None,
        })
    }
}

/// What the ledger knows of a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorSend {
    pub outcome: Outcome,
    /// The recipients of that attempt; none when what was recorded does
    /// not read back as recipients (then no mail has the same).
    pub recipients: Option<Recipients>,
}

/// How far after the clock a mail may be recorded as sent and still count
/// when planning. A record dated later was made while the clock read far
/// ahead (a VM booted with a bad clock, one wrong NTP answer): a clock
/// fault, reported and ignored — its own key stays sent, but it neither
/// makes the mails of its series look older nor holds mail back. Nearer,
/// the clock went back a little, and a mail older than one of its series
/// sent is left out ([`super::series`]).
pub const CLOCK_AHEAD_LIMIT: TimeDelta = TimeDelta::days(30);

/// The latest a record may be dated and still count when planning on
/// `today`: the end of `today` in Japan, plus [`CLOCK_AHEAD_LIMIT`].
pub fn believed_until(today: NaiveDate) -> DateTime<Utc> {
    crate::calendar::end_of_day_in_japan(today) + CLOCK_AHEAD_LIMIT
}

/// Read access to what was sent. The SQLite ledger implements it; so does a
/// plain set of sent keys (for tests and dry runs).
pub trait SentLedger {
    /// What the ledger knows of `key`.
    fn prior(&self, key: &MailKey) -> Option<PriorSend>;

    /// The keys sent whose text starts with `prefix` (a series'
    /// [`super::key::SeriesPlace::series`], a mail's [`MailKey::parts_prefix`]),
    /// recorded as sent at or before `until` ([`believed_until`]); a
    /// recorded text that is no key this release writes is left out.
    fn sent_with_prefix(&self, prefix: &str, until: DateTime<Utc>) -> Vec<MailKey> {
        let _ = (prefix, until);
        Vec::new()
    }

    /// The mails sent with refused recipients since the run that sent the
    /// last planning digest recorded at or before `until` (that run
    /// included: its digest was planned before they were sent).
    fn refused_since_digest(&self, until: DateTime<Utc>) -> Vec<RefusedLine> {
        let _ = until;
        Vec::new()
    }

    /// When the last planning digest sent before `before` was sent.
    fn last_digest_sent(&self, before: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let _ = before;
        None
    }

    /// The changes recorded in the workbooks (the state file's history)
    /// seen at or after `since` and before `until`, newest first.
    fn changes_between(&self, since: DateTime<Utc>, until: DateTime<Utc>) -> Vec<HistoryEntry> {
        let _ = (since, until);
        Vec::new()
    }
}

impl SentLedger for HashSet<MailKey> {
    fn prior(&self, key: &MailKey) -> Option<PriorSend> {
        self.contains(key).then_some(PriorSend {
            outcome: Outcome::Sent,
            recipients: None,
        })
    }

    fn sent_with_prefix(&self, prefix: &str, _until: DateTime<Utc>) -> Vec<MailKey> {
        self.iter()
            .filter(|k| k.to_string().starts_with(prefix))
            .cloned()
            .collect()
    }
}

/// A mail the server took for some of its recipients only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedLine {
    pub key: String,
    pub subject: String,
    pub sent_at: String,
    /// `address: reply`, one per refused recipient.
    pub recipients: Vec<String>,
}

/// Whether a mail with this key and these recipients must not be planned:
/// it was sent, or it failed permanently for the same recipients (a changed
/// address list gets a new attempt).
pub fn settled(ledger: &impl SentLedger, key: &MailKey, recipients: &Recipients) -> bool {
    match ledger.prior(key) {
        Some(PriorSend {
            outcome: Outcome::Sent,
            ..
        }) => true,
        Some(PriorSend {
            outcome: Outcome::FailedPermanent,
            recipients: r,
        }) => r.as_ref() == Some(recipients),
        _ => false,
    }
}
