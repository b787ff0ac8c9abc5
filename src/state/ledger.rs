//! The ledger: the state file's record of what was sent, the truth the
//! reminders plan from.
//!
//! Its table `sent_mail` ([`crate::state::SentMail`]) holds one row per mail
//! key: recipients, subject, message id, number of attempts, outcome
//! (`attempting`, `sent`, `failed-transient`, `failed-permanent`), last
//! error, times, and the recipients the server refused when it took the
//! mail for the others. A key whose outcome is `sent` is never sent again,
//! across restarts, because planning asks this table. The ledger also
//! records the facts `mokuhyo status` shows ([`crate::state::Fact`]).
//!
//! # The duplicate window
//!
//! Each mail is recorded as `attempting` (committed, with its Message-ID)
//! before it is handed to the transport, and as `sent` (committed) right
//! after the server's reply to the end of the message. A server stores a
//! message when it has received all of it, then replies: if the process dies
//! or the connection is lost between the end of the message and the commit
//! of `sent` — the server's reply time after DATA (usually milliseconds; as
//! long as the server takes, up to `mail.smtp.timeout_secs`) and one local
//! SQLite write — the row stays `attempting`, and the next run sends the mail
//! again: one possible duplicate, never a lost mail. The retry carries the
//! same Message-ID, so the receiving side can recognise it. No other crash
//! point can cause a duplicate: a crash before the end of the message leaves
//! `attempting` with nothing delivered, and a crash after the commit leaves
//! `sent`.

use chrono::{DateTime, Utc};

use crate::i18n::t;
use crate::state::StateFileError;
use crate::state::history::HistoryFilter;
use crate::state::{Claim, DaemonState, Fact, Operation, StateConn, StateDb, StateError};
use mokuhyo_core::history::HistoryEntry;
use mokuhyo_core::remind::MailKey;
use mokuhyo_core::remind::plan::{Outcome, PriorSend, Recipients, RefusedLine, SentLedger};

pub use crate::state::{LedgerEntry, LedgerStatus};

/// The ledger of the state file, as the reminders use it: handed out by
/// [`crate::state::StateFile::ledger`].
pub struct Ledger {
    /// The state file, checked before every claim that it is still the one
    /// locked (when this process locked it).
    conn: StateConn,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl Ledger {
    /// The ledger of the state file `conn` reaches.
    pub(crate) fn new(conn: StateConn) -> Ledger {
        Ledger { conn }
    }

    /// The connection this ledger uses.
    #[cfg(test)]
    pub(crate) fn db(&self) -> &crate::state::SharedDb {
        self.conn.db()
    }

    /// Whether the state file is still the one locked at start (always,
    /// for a file opened without the lock).
    pub(crate) fn verify_file(&self) -> Result<(), StateFileError> {
        self.conn.verify()
    }

    /// Runs `f` on the state file (`operation` names what fails when it is
    /// closed).
    fn with<T>(
        &self,
        operation: Operation,
        f: impl FnOnce(&StateDb) -> Result<T, StateError>,
    ) -> Result<T, StateError> {
        self.conn.with(operation, f)
    }

    /// When the last mail recorded as sent at or before `until` was sent
    /// (`None`: none yet).
    pub(crate) fn last_sent_at(
        &self,
        until: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StateError> {
        self.with(Operation::ReadSentMail, |db| {
            db.sent_mail().last_sent_at(until)
        })
    }

    /// The mails recorded as sent after `after`, each with when.
    pub(crate) fn sent_after(
        &self,
        after: DateTime<Utc>,
    ) -> Result<Vec<(String, DateTime<Utc>)>, StateError> {
        self.with(Operation::ReadSentMail, |db| {
            db.sent_mail().sent_after(after)
        })
    }

    /// The number of attempts recorded for `key` (0 when it has no row).
    pub(crate) fn attempts(&self, key: &MailKey) -> Result<u32, StateError> {
        Ok(self.entry(key)?.map_or(0, |e| e.attempts))
    }

    /// Claims `key` for one more attempt, as the row stood with `attempts`
    /// attempts: records it as `attempting` (committed, with its
    /// Message-ID) before it is handed to the transport. Returns false, and
    /// records nothing, when the row changed since — another run sent it,
    /// or is sending it — or it is `sent`: a claim is a conditional insert,
    /// never an overwrite.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn claim(
        &self,
        key: &MailKey,
        kind: &str,
        recipients: &Recipients,
        subject: &str,
        message_id: &str,
        attempts: u32,
        now: DateTime<Utc>,
    ) -> Result<bool, StateError> {
        let key = key.to_string();
        let mail = Claim {
            key: &key,
            kind,
            recipients: &recipients.stored(),
            subject,
            message_id,
        };
        self.with(Operation::WriteSentMail, |db| {
            db.sent_mail().claim(&mail, attempts, now)
        })
    }

    /// [`Ledger::claim`] without a condition (tests).
    #[cfg(test)]
    pub(crate) fn begin_attempt(
        &self,
        key: &MailKey,
        kind: &str,
        recipients: &Recipients,
        subject: &str,
        message_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        let attempts = self.attempts(key)?;
        self.claim(key, kind, recipients, subject, message_id, attempts, now)
            .map(|_| ())
    }

    /// Records that the transport accepted `key`; `refused`: the recipients
    /// the server refused, one `address: reply` per line.
    pub(crate) fn record_sent(
        &self,
        key: &MailKey,
        refused: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        self.with(Operation::WriteSentMail, |db| {
            db.sent_mail().record_sent(&key.to_string(), refused, now)
        })
    }

    /// Records that `key` was due but not tried in this run (the server
    /// could not be reached for an earlier mail): left for the next run.
    pub(crate) fn record_not_attempted(
        &self,
        key: &MailKey,
        kind: &str,
        recipients: &Recipients,
        subject: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        let key = key.to_string();
        let mail = Claim {
            key: &key,
            kind,
            recipients: &recipients.stored(),
            subject,
            message_id: "",
        };
        self.with(Operation::WriteSentMail, |db| {
            db.sent_mail().record_not_attempted(&mail, error, now)
        })
    }

    /// Records a failed attempt of `key`.
    pub(crate) fn record_failure(
        &self,
        key: &MailKey,
        outcome: Outcome,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        self.with(Operation::WriteSentMail, |db| {
            db.sent_mail()
                .record_failure(&key.to_string(), outcome, error, now)
        })
    }

    /// The row of `key`.
    pub fn entry(&self, key: &MailKey) -> Result<Option<LedgerEntry>, StateError> {
        self.with(Operation::ReadSentMail, |db| {
            db.sent_mail().entry(&key.to_string())
        })
    }

    /// Every row, by key.
    pub fn entries(&self) -> Result<Vec<LedgerEntry>, StateError> {
        self.with(Operation::ReadSentMail, |db| db.sent_mail().entries())
    }

    /// Counts by outcome, the latest sends, the unsettled keys and the
    /// refused recipients, for `mokuhyo status`.
    pub fn status(&self) -> Result<LedgerStatus, StateError> {
        self.with(Operation::ReadSentMail, |db| db.sent_mail().status())
    }

    /// Records `facts` for `mokuhyo status`.
    pub(crate) fn record_facts(
        &self,
        facts: &[Fact<'_>],
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        self.with(Operation::WriteDaemonState, |db| {
            db.daemon_state().record(facts, now)
        })
    }

    /// What is recorded for `mokuhyo status`.
    pub fn daemon_state(&self) -> Result<DaemonState, StateError> {
        self.with(Operation::ReadDaemonState, |db| db.daemon_state().read())
    }

    /// Logs a failed read (a reminder plan asks on).
    fn logged<T: Default>(&self, read: Result<T, StateError>, id: LogId) -> T {
        read.unwrap_or_else(|e| {
            match id {
                LogId::Ledger => tracing::warn!(error = %e, "{}", t!("log-ledger-read-failed")),
                LogId::History => tracing::warn!(error = %e, "{}", t!("log-history-read-failed")),
            }
            T::default()
        })
    }
}

/// Which read failed, for the log.
#[derive(Clone, Copy)]
enum LogId {
    Ledger,
    History,
}

impl SentLedger for Ledger {
    /// A read error counts as "not recorded": the mail may then go out twice,
    /// which is better than not at all.
    fn prior(&self, key: &MailKey) -> Option<PriorSend> {
        match self.entry(key) {
            Ok(entry) => entry.map(|e| PriorSend {
                outcome: e.outcome,
                recipients: Recipients::from_stored(&e.recipients).ok(),
            }),
            Err(e) => {
                tracing::warn!(error = %e, key = %key, "{}", t!("log-ledger-read-failed"));
                None
            }
        }
    }

    /// The keys as the ledger stores them, read back; a text that is no
    /// key this release writes is left out.
    fn sent_with_prefix(&self, prefix: &str, until: DateTime<Utc>) -> Vec<MailKey> {
        let keys = self.with(Operation::ReadSentMail, |db| {
            db.sent_mail().sent_with_prefix(prefix, until)
        });
        self.logged(keys, LogId::Ledger)
            .iter()
            .filter_map(|key| key.parse().ok())
            .collect()
    }

    fn refused_since_digest(&self, until: DateTime<Utc>) -> Vec<RefusedLine> {
        let lines = self.with(Operation::ReadSentMail, |db| {
            db.sent_mail().refused_since_digest(until)
        });
        self.logged(lines, LogId::Ledger)
    }

    fn last_digest_sent(&self, before: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let sent = self.with(Operation::ReadSentMail, |db| {
            db.sent_mail().last_digest_sent(before)
        });
        self.logged(sent, LogId::Ledger)
    }

    fn changes_between(&self, since: DateTime<Utc>, until: DateTime<Utc>) -> Vec<HistoryEntry> {
        let filter = HistoryFilter {
            since: Some(since),
            ..HistoryFilter::default()
        };
        let entries = self.with(Operation::ReadHistory, |db| db.history().entries(&filter));
        let mut entries = self.logged(entries, LogId::History);
        entries.retain(|e| e.seen_at < until);
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Access, StateFile};
    use chrono::TimeZone;
    use std::path::Path;

    /// The ledger of a state file in memory.
    fn in_memory() -> Ledger {
        StateFile::in_memory().unwrap().ledger().unwrap()
    }

    /// The ledger of the state file at `path`, created when absent.
    fn opened(path: &Path) -> Ledger {
        StateFile::open(path, Access::Create)
            .unwrap()
            .ledger()
            .unwrap()
    }

    const K: &str = "2026/interim/総務部/before-7";

    fn key(text: &str) -> MailKey {
        text.parse().unwrap()
    }

    /// A mail to `address` alone.
    fn to(address: &str) -> Recipients {
        Recipients {
            to: vec![address.parse().unwrap()],
            cc: Vec::new(),
        }
    }

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 23, h, 0, 0).unwrap()
    }

    #[test]
    fn a_permanent_failure_is_settled_for_the_same_recipients_only() {
        use mokuhyo_core::remind::sent::settled;
        let l = in_memory();
        l.begin_attempt(
            &key(K),
            "reminder",
            &to("総務課 <somu@x.jp>"),
            "s",
            "<m>",
            at(0),
        )
        .unwrap();
        l.record_failure(&key(K), Outcome::FailedPermanent, "550", at(0))
            .unwrap();
        let entry = l.entry(&key(K)).unwrap().unwrap();
        assert_eq!(entry.recipients, "to=総務課 <somu@x.jp>;cc=");
        assert!(settled(&l, &key(K), &to("\"総務課\"  <somu@x.jp>")));
        assert!(!settled(&l, &key(K), &to("somu@x.jp")));
    }

    #[test]
    fn attempt_then_sent_survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite");
        {
            let l = opened(&path);
            l.begin_attempt(&key(K), "reminder", &to("a@x"), "件名", "<id@x>", at(0))
                .unwrap();
            assert_eq!(l.prior(&key(K)).unwrap().outcome, Outcome::Attempting);
            l.record_sent(&key(K), None, at(1)).unwrap();
        }
        let l = opened(&path);
        let e = l.entry(&key(K)).unwrap().unwrap();
        assert_eq!(e.outcome, Outcome::Sent);
        assert_eq!(e.attempts, 1);
        assert_eq!(e.message_id.as_deref(), Some("<id@x>"));
        assert_eq!(e.sent_at.as_deref(), Some("2026-10-23T01:00:00Z"));
        assert_eq!(l.prior(&key("2026/year_end/総務部/before-7")), None);
    }

    #[test]
    fn failures_count_attempts_and_keep_the_error() {
        let l = in_memory();
        l.begin_attempt(&key(K), "overdue", &to("a@x"), "s", "<1@x>", at(0))
            .unwrap();
        l.record_failure(
            &key(K),
            Outcome::FailedTransient,
            "connection refused",
            at(0),
        )
        .unwrap();
        l.begin_attempt(&key(K), "overdue", &to("a@x"), "s", "<2@x>", at(1))
            .unwrap();
        l.record_failure(&key(K), Outcome::FailedPermanent, "550 no such user", at(1))
            .unwrap();
        let e = l.entry(&key(K)).unwrap().unwrap();
        assert_eq!(e.attempts, 2);
        assert_eq!(e.outcome, Outcome::FailedPermanent);
        assert_eq!(e.last_error.as_deref(), Some("550 no such user"));
        assert_eq!(e.first_attempt_at, "2026-10-23T00:00:00Z");
        let s = l.status().unwrap();
        assert_eq!((s.sent, s.failed_permanent), (0, 1));
        assert_eq!(s.unsettled.len(), 1);
    }

    #[test]
    fn status_counts_and_state() {
        let l = in_memory();
        let [a, b, c] =
            ["企画部", "建設部", "財政部"].map(|d| key(&format!("2026/interim/{d}/before-7")));
        for k in [&a, &b, &c] {
            l.begin_attempt(k, "reminder", &to("x@x"), "s", "<m>", at(0))
                .unwrap();
        }
        l.record_sent(&a, None, at(1)).unwrap();
        l.record_sent(
            &b,
            Some("kikakuka@city.example.jp: permanent error (550): no such user"),
            at(2),
        )
        .unwrap();
        let files = |tracked| Fact::Files {
            tracked,
            with_errors: 0,
            errors: &[],
        };
        l.record_facts(&[Fact::LastScan(at(0)), files(5)], at(0))
            .unwrap();
        l.record_facts(&[files(6)], at(1)).unwrap();
        let s = l.status().unwrap();
        assert_eq!((s.sent, s.attempting), (2, 1));
        assert_eq!(
            s.recent.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
            [b.to_string(), a.to_string()]
        );
        let state = l.daemon_state().unwrap();
        assert_eq!(state.files_tracked, Some(6));
        assert_eq!(state.last_scan, Some(at(0)));
        assert_eq!(
            s.refused.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
            [b.to_string()]
        );
        let lines = l.refused_since_digest(at(9));
        assert_eq!(lines.len(), 1);
        assert_eq!(
            lines[0].recipients,
            ["kikakuka@city.example.jp: permanent error (550): no such user"]
        );
        // A digest sent since: nothing new to report.
        l.begin_attempt(
            &key("digest/planning/2026-W43"),
            "planning_digest",
            &to("x@x"),
            "s",
            "<d>",
            at(3),
        )
        .unwrap();
        l.record_sent(&key("digest/planning/2026-W43"), None, at(3))
            .unwrap();
        assert!(l.refused_since_digest(at(9)).is_empty());
        assert_eq!(
            l.sent_with_prefix("digest/planning/", at(9)),
            ["digest/planning/2026-W43"]
        );
        // Before the digest was recorded, it does not count: the refusal
        // is reported again.
        assert!(l.sent_with_prefix("digest/planning/", at(2)).is_empty());
        assert_eq!(l.refused_since_digest(at(2)).len(), 1);
    }

    #[test]
    fn the_history_since_the_last_digest_is_read_from_the_same_state_file() {
        use crate::state::history::HistoryBatch;
        use crate::state::last_good::LastGoodBatch;
        use mokuhyo_core::history::entry::RecordedRead;
        use mokuhyo_core::history::{ChangeKind, Field, ItemChange};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let l = opened(&path);
        assert_eq!(l.last_digest_sent(at(23)), None);
        assert!(
            l.changes_between(at(0), at(23)).is_empty(),
            "no history table yet"
        );
        let read = |hour| RecordedRead {
            file: "/share/a.xlsx".into(),
            seen_at: at(hour),
            file_modified: None,
            modified_by: None,
            changes: vec![ItemChange {
                fiscal_year: mokuhyo_core::calendar::FiscalYear(2026),
                department: "企画部".into(),
                sheet: None,
                cell: None,
                goal: None,
                item_number: None,
                item: Some(format!("item {hour}")),
                field: Field::Interim,
                change: ChangeKind::Filled,
                before: None,
                after: Some("x".into()),
                before_dates: Vec::new(),
                after_dates: Vec::new(),
            }],
        };
        let batch = LastGoodBatch {
            history: HistoryBatch {
                reads: vec![read(1), read(4)],
                keep_from: None,
            },
            ..LastGoodBatch::default()
        };
        StateFile::open(&path, Access::Create)
            .unwrap()
            .last_good()
            .unwrap()
            .apply(&batch)
            .unwrap();
        l.begin_attempt(
            &key("digest/planning/2026-W43"),
            "planning_digest",
            &to("x@x"),
            "s",
            "<d>",
            at(3),
        )
        .unwrap();
        l.record_sent(&key("digest/planning/2026-W43"), None, at(3))
            .unwrap();
        assert_eq!(l.last_digest_sent(at(23)), Some(at(3)));
        let since = l.changes_between(at(3), at(23));
        assert_eq!(since.len(), 1);
        assert_eq!(since[0].what.item.as_deref(), Some("item 4"));
        // As of an earlier moment: neither the digest nor the change after it.
        assert_eq!(l.last_digest_sent(at(3)), None);
        let before = l.changes_between(at(0), at(3));
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].what.item.as_deref(), Some("item 1"));
    }

    #[test]
    fn a_claim_holds_only_on_the_row_as_read_and_never_on_a_sent_mail() {
        let l = in_memory();
        let claim = |attempts| {
            l.claim(&key(K), "reminder", &to("a@x"), "s", "<m>", attempts, at(0))
                .unwrap()
        };
        assert!(claim(0), "a new key");
        assert!(!claim(0), "another run read the key before this claim");
        assert!(claim(1), "the same run's next attempt");
        assert_eq!(l.attempts(&key(K)).unwrap(), 2);
        l.record_sent(&key(K), None, at(1)).unwrap();
        assert!(!claim(2), "a sent mail is never claimed again");
        // Nor marked as failed or left for a later run by another run.
        l.record_failure(&key(K), Outcome::FailedTransient, "x", at(2))
            .unwrap();
        l.record_not_attempted(&key(K), "reminder", &to("a@x"), "s", "x", at(2))
            .unwrap();
        assert_eq!(l.entry(&key(K)).unwrap().unwrap().outcome, Outcome::Sent);
    }

    #[test]
    fn a_mail_not_attempted_is_left_for_the_next_run() {
        let l = in_memory();
        l.record_not_attempted(&key(K), "reminder", &to("a@x"), "s", "not attempted", at(0))
            .unwrap();
        let e = l.entry(&key(K)).unwrap().unwrap();
        assert_eq!((e.outcome, e.attempts), (Outcome::FailedTransient, 0));
        assert_eq!(e.last_error.as_deref(), Some("not attempted"));
    }
}
