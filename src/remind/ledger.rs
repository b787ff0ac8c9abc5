//! The ledger: an SQLite file that is the truth of what was sent.
//!
//! Table `sent_mail` holds one row per mail key: recipients, subject, message
//! id, number of attempts, outcome (`attempting`, `sent`, `failed-transient`,
//! `failed-permanent`), last error, times, and the recipients the server
//! refused when it took the mail for the others. A key whose outcome is
//! `sent` is never sent again, across restarts, because planning asks this
//! table.
//! Table `daemon_state` holds key/value facts for `mokuhyo status` (started,
//! last scan, files tracked, errors, next sends).
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

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::Serialize;

use super::plan::{Outcome, PriorSend, RefusedLine, SentLedger};
use crate::history::{HistoryEntry, HistoryFilter};
use crate::i18n::t;
use crate::state_file::{StateFileError, StateGuard};

/// A ledger that could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
#[error("ledger {path}: {source}")]
pub struct LedgerError {
    pub path: String,
    #[source]
    pub source: rusqlite::Error,
}

/// One row of `sent_mail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    pub key: String,
    pub kind: String,
    pub recipients: String,
    pub subject: String,
    pub outcome: Outcome,
    pub attempts: u32,
    pub message_id: Option<String>,
    pub first_attempt_at: String,
    pub last_attempt_at: String,
    pub sent_at: Option<String>,
    pub last_error: Option<String>,
    /// Recipients the server refused while taking the mail for the others,
    /// one `address: reply` per line.
    pub refused: Option<String>,
}

/// What `mokuhyo status` shows of the ledger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LedgerStatus {
    pub sent: u64,
    pub attempting: u64,
    pub failed_transient: u64,
    pub failed_permanent: u64,
    /// The most recently sent mails, newest first (at most 10).
    pub recent: Vec<LedgerEntry>,
    /// Every key whose last outcome is a failure or `attempting`.
    pub unsettled: Vec<LedgerEntry>,
    /// Mails sent with refused recipients, newest first (at most 20).
    pub refused: Vec<LedgerEntry>,
    /// The `daemon_state` table (started, last scan, next sends …).
    pub state: BTreeMap<String, String>,
}

/// The SQLite ledger.
pub struct Ledger {
    conn: Connection,
    path: String,
    /// The state file this ledger must still be in before a mail is claimed.
    guard: Option<StateGuard>,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger").field("path", &self.path).finish()
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS sent_mail (
    key              TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    recipients       TEXT NOT NULL,
    subject          TEXT NOT NULL,
    outcome          TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    message_id       TEXT,
    first_attempt_at TEXT NOT NULL,
    last_attempt_at  TEXT NOT NULL,
    sent_at          TEXT,
    last_error       TEXT,
    refused          TEXT
);
CREATE TABLE IF NOT EXISTS daemon_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS state_identity (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    ledger_id  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
";

/// How long a ledger write waits for a lock another connection holds.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

fn ts(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Ledger {
    /// Opens (creating when absent) the ledger at `path`. The commands and
    /// the daemon open the state file through
    /// [`crate::state_file::StateFile`], which never creates one in place of
    /// a ledger that is expected, then with [`Ledger::open_existing`].
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        Ledger::open_with(path, OpenFlags::default())
    }

    /// Opens the ledger of the existing state file at `path`: a file that
    /// is gone is an error, never replaced by an empty one.
    pub fn open_existing(path: &Path) -> Result<Ledger, LedgerError> {
        Ledger::open_with(path, crate::state_file::EXISTING)
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Ledger, LedgerError> {
        let shown = path.display().to_string();
        let conn = Connection::open_with_flags(path, flags).map_err(|source| LedgerError {
            path: shown.clone(),
            source,
        })?;
        Ledger::init(conn, shown)
    }

    /// Opens the ledger at `path` for reading only (`mokuhyo status`): it
    /// writes nothing, not even the tables of a file that has none.
    pub fn open_read_only(path: &Path) -> Result<Ledger, LedgerError> {
        let conn = crate::state_file::read_only(path).map_err(|source| LedgerError {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Ledger {
            conn,
            path: path.display().to_string(),
            guard: None,
        })
    }

    /// A ledger that lives in memory (a dry run without a state file, tests).
    pub(crate) fn open_in_memory() -> Result<Ledger, LedgerError> {
        let conn = Connection::open_in_memory().map_err(|source| LedgerError {
            path: ":memory:".into(),
            source,
        })?;
        Ledger::init(conn, ":memory:".into())
    }

    fn init(conn: Connection, path: String) -> Result<Ledger, LedgerError> {
        let err = |source| LedgerError {
            path: path.clone(),
            source,
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        // WAL keeps readers (`mokuhyo status`) from blocking the daemon.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        // Ledgers written before refused recipients were recorded.
        let has_refused = conn
            .prepare("SELECT 1 FROM pragma_table_info('sent_mail') WHERE name = 'refused'")
            .and_then(|mut stmt| stmt.exists([]))
            .map_err(err)?;
        if !has_refused {
            conn.execute_batch("ALTER TABLE sent_mail ADD COLUMN refused TEXT")
                .map_err(err)?;
        }
        Ok(Ledger {
            conn,
            path,
            guard: None,
        })
    }

    /// This ledger, checking before every claim that its state file is still
    /// the one `guard` locked.
    pub(crate) fn guarded_by(mut self, guard: StateGuard) -> Ledger {
        self.guard = Some(guard);
        self
    }

    /// Whether the state file is still the one locked at start (always,
    /// for a ledger opened without a guard).
    pub(crate) fn verify_file(&self) -> Result<(), StateFileError> {
        self.guard.as_ref().map_or(Ok(()), StateGuard::verify)
    }

    fn err(&self, source: rusqlite::Error) -> LedgerError {
        LedgerError {
            path: self.path.clone(),
            source,
        }
    }

    /// The ledger's own id (`None`: none was given yet).
    pub fn ledger_id(&self) -> Result<Option<String>, LedgerError> {
        self.conn
            .query_row(
                "SELECT ledger_id FROM state_identity WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Gives the ledger its id, unless it has one.
    pub(crate) fn set_ledger_id(&self, id: &str, now: DateTime<Utc>) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO state_identity (id, ledger_id, created_at) VALUES (1, ?1, ?2)",
                params![id, ts(now)],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// When the last mail was sent (`None`: none yet).
    pub(crate) fn last_sent_at(&self) -> Result<Option<DateTime<Utc>>, LedgerError> {
        let sent: Option<String> = self
            .conn
            .query_row(
                "SELECT max(sent_at) FROM sent_mail WHERE outcome = 'sent'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(sent
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// The number of attempts recorded for `key` (0 when it has no row).
    pub(crate) fn attempts(&self, key: &str) -> Result<u32, LedgerError> {
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
        key: &str,
        kind: &str,
        recipients: &str,
        subject: &str,
        message_id: &str,
        attempts: u32,
        now: DateTime<Utc>,
    ) -> Result<bool, LedgerError> {
        // A key without a row (or only one left for a later run, with no
        // attempt) is inserted; one with attempts is updated — in both cases
        // only when it stands as read.
        let sql = if attempts == 0 {
            "INSERT INTO sent_mail (key, kind, recipients, subject, outcome, attempts,
                 message_id, first_attempt_at, last_attempt_at)
             VALUES (?1, ?2, ?3, ?4, 'attempting', 1, ?5, ?6, ?6)
             ON CONFLICT(key) DO UPDATE SET
                 kind = excluded.kind, recipients = excluded.recipients,
                 subject = excluded.subject, outcome = 'attempting', attempts = 1,
                 message_id = excluded.message_id, last_attempt_at = excluded.last_attempt_at
             WHERE sent_mail.outcome <> 'sent' AND sent_mail.attempts = ?7"
        } else {
            "UPDATE sent_mail SET kind = ?2, recipients = ?3, subject = ?4,
                 outcome = 'attempting', attempts = attempts + 1, message_id = ?5,
                 last_attempt_at = ?6
             WHERE key = ?1 AND outcome <> 'sent' AND attempts = ?7"
        };
        let changed = self
            .conn
            .execute(
                sql,
                params![
                    key,
                    kind,
                    recipients,
                    subject,
                    message_id,
                    ts(now),
                    attempts
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(changed == 1)
    }

    /// [`Ledger::claim`] without a condition (tests).
    #[cfg(test)]
    pub(crate) fn begin_attempt(
        &self,
        key: &str,
        kind: &str,
        recipients: &str,
        subject: &str,
        message_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), LedgerError> {
        let attempts = self.attempts(key)?;
        self.claim(key, kind, recipients, subject, message_id, attempts, now)
            .map(|_| ())
    }

    /// Records that the transport accepted `key`; `refused`: the recipients
    /// the server refused, one `address: reply` per line.
    pub(crate) fn record_sent(
        &self,
        key: &str,
        refused: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "UPDATE sent_mail SET outcome = 'sent', sent_at = ?2, last_error = NULL,
                     refused = ?3
                 WHERE key = ?1",
                params![key, ts(now), refused],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Records that `key` was due but not tried in this run (the server
    /// could not be reached for an earlier mail): left for the next run.
    pub(crate) fn record_not_attempted(
        &self,
        key: &str,
        kind: &str,
        recipients: &str,
        subject: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "INSERT INTO sent_mail (key, kind, recipients, subject, outcome, attempts,
                     first_attempt_at, last_attempt_at, last_error)
                 VALUES (?1, ?2, ?3, ?4, 'failed-transient', 0, ?6, ?6, ?5)
                 ON CONFLICT(key) DO UPDATE SET
                     outcome = 'failed-transient', last_error = excluded.last_error
                 WHERE sent_mail.outcome <> 'sent'",
                params![key, kind, recipients, subject, error, ts(now)],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Records a failed attempt of `key`.
    pub(crate) fn record_failure(
        &self,
        key: &str,
        outcome: Outcome,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "UPDATE sent_mail SET outcome = ?2, last_error = ?3, last_attempt_at = ?4
                 WHERE key = ?1 AND outcome <> 'sent'",
                params![key, outcome.as_str(), error, ts(now)],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The row of `key`.
    pub fn entry(&self, key: &str) -> Result<Option<LedgerEntry>, LedgerError> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM sent_mail WHERE key = ?1"),
                params![key],
                row_entry,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Every row, by key.
    pub fn entries(&self) -> Result<Vec<LedgerEntry>, LedgerError> {
        self.query(&format!("SELECT {COLUMNS} FROM sent_mail ORDER BY key"))
    }

    fn query(&self, sql: &str) -> Result<Vec<LedgerEntry>, LedgerError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], row_entry).map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// Sets a `daemon_state` value.
    pub(crate) fn set_state(
        &self,
        key: &str,
        value: &str,
        now: DateTime<Utc>,
    ) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "INSERT INTO daemon_state (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value,
                     updated_at = excluded.updated_at",
                params![key, value, ts(now)],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Sets several `daemon_state` values in one transaction, waiting at
    /// most `wait` for a lock another connection holds.
    pub(crate) fn set_states(
        &self,
        values: &[(&str, String)],
        wait: Duration,
        now: DateTime<Utc>,
    ) -> Result<(), LedgerError> {
        self.conn.busy_timeout(wait).map_err(|e| self.err(e))?;
        let written = (|| {
            let tx = self.conn.unchecked_transaction()?;
            for (key, value) in values {
                tx.execute(
                    "INSERT INTO daemon_state (key, value, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value,
                         updated_at = excluded.updated_at",
                    params![key, value, ts(now)],
                )?;
            }
            tx.commit()
        })();
        let _ = self.conn.busy_timeout(BUSY_TIMEOUT);
        written.map_err(|e| self.err(e))
    }

    /// The `daemon_state` table.
    pub fn state(&self) -> Result<BTreeMap<String, String>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, value FROM daemon_state ORDER BY key")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<BTreeMap<_, _>, _>>()
            .map_err(|e| self.err(e))
    }

    /// Counts by outcome, the latest sends, the unsettled keys and the daemon
    /// state, for `mokuhyo status`.
    pub fn status(&self) -> Result<LedgerStatus, LedgerError> {
        let mut status = LedgerStatus::default();
        let mut stmt = self
            .conn
            .prepare("SELECT outcome, COUNT(*) FROM sent_mail GROUP BY outcome")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(|e| self.err(e))?;
        for row in rows {
            let (outcome, n) = row.map_err(|e| self.err(e))?;
            let n = u64::try_from(n).unwrap_or(0);
            match Outcome::parse(&outcome) {
                Some(Outcome::Sent) => status.sent = n,
                Some(Outcome::Attempting) => status.attempting = n,
                Some(Outcome::FailedTransient) => status.failed_transient = n,
                Some(Outcome::FailedPermanent) => status.failed_permanent = n,
                None => {}
            }
        }
        status.recent = self.query(&format!(
            "SELECT {COLUMNS} FROM sent_mail WHERE outcome = 'sent'
             ORDER BY sent_at DESC, key LIMIT 10"
        ))?;
        status.unsettled = self.query(&format!(
            "SELECT {COLUMNS} FROM sent_mail WHERE outcome <> 'sent' ORDER BY key"
        ))?;
        status.refused = self.query(&format!(
            "SELECT {COLUMNS} FROM sent_mail WHERE refused IS NOT NULL
             ORDER BY sent_at DESC, key LIMIT 20"
        ))?;
        status.state = self.state()?;
        Ok(status)
    }
}

const COLUMNS: &str = "key, kind, recipients, subject, outcome, attempts, message_id, \
                       first_attempt_at, last_attempt_at, sent_at, last_error, refused";

fn row_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<LedgerEntry> {
    let outcome: String = r.get(4)?;
    Ok(LedgerEntry {
        key: r.get(0)?,
        kind: r.get(1)?,
        recipients: r.get(2)?,
        subject: r.get(3)?,
        outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Attempting),
        attempts: u32::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
        message_id: r.get(6)?,
        first_attempt_at: r.get(7)?,
        last_attempt_at: r.get(8)?,
        sent_at: r.get(9)?,
        last_error: r.get(10)?,
        refused: r.get(11)?,
    })
}

impl SentLedger for Ledger {
    /// A read error counts as "not recorded": the mail may then go out twice,
    /// which is better than not at all.
    fn prior(&self, key: &str) -> Option<PriorSend> {
        match self.entry(key) {
            Ok(entry) => entry.map(|e| PriorSend {
                outcome: e.outcome,
                recipients: e.recipients,
            }),
            Err(e) => {
                tracing::warn!(error = %e, key, "{}", t!("log-ledger-read-failed"));
                None
            }
        }
    }

    fn sent_with_prefix(&self, prefix: &str) -> Vec<String> {
        let keys = self
            .conn
            .prepare(
                "SELECT key FROM sent_mail
                 WHERE outcome = 'sent' AND substr(key, 1, length(?1)) = ?1",
            )
            .and_then(|mut stmt| {
                stmt.query_map(params![prefix], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()
            });
        keys.unwrap_or_else(|e| {
            tracing::warn!(error = %self.err(e), prefix, "{}", t!("log-ledger-read-failed"));
            Vec::new()
        })
    }

    fn refused_since_digest(&self) -> Vec<RefusedLine> {
        let rows = self
            .conn
            .prepare(
                "SELECT key, subject, sent_at, refused FROM sent_mail
                 WHERE refused IS NOT NULL AND sent_at >= coalesce(
                     (SELECT max(sent_at) FROM sent_mail
                      WHERE outcome = 'sent' AND key LIKE 'digest/planning/%'), '')
                 ORDER BY sent_at, key",
            )
            .and_then(|mut stmt| {
                stmt.query_map([], |r| {
                    let refused: String = r.get(3)?;
                    Ok(RefusedLine {
                        key: r.get(0)?,
                        subject: r.get(1)?,
                        sent_at: r.get(2)?,
                        recipients: refused.lines().map(str::to_string).collect(),
                    })
                })?
                .collect::<Result<Vec<_>, _>>()
            });
        rows.unwrap_or_else(|e| {
            tracing::warn!(error = %self.err(e), "{}", t!("log-ledger-read-failed"));
            Vec::new()
        })
    }

    fn last_digest_sent(&self, before: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let sent = self
            .conn
            .prepare(
                "SELECT sent_at FROM sent_mail
                 WHERE outcome = 'sent' AND key LIKE 'digest/planning/%'",
            )
            .and_then(|mut stmt| {
                stmt.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<String>, _>>()
            })
            .unwrap_or_else(|e| {
                tracing::warn!(error = %self.err(e), "{}", t!("log-ledger-read-failed"));
                Vec::new()
            });
        sent.iter()
            .filter_map(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
            .filter(|t| *t < before)
            .max()
    }

    fn changes_between(&self, since: DateTime<Utc>, until: DateTime<Utc>) -> Vec<HistoryEntry> {
        let filter = HistoryFilter {
            since: Some(since),
            ..HistoryFilter::default()
        };
        let mut entries = crate::history::store::entries(&self.conn, &filter).unwrap_or_else(|e| {
            tracing::warn!(error = %self.err(e), "{}", t!("log-history-read-failed"));
            Vec::new()
        });
        entries.retain(|e| e.seen_at < until);
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 23, h, 0, 0).unwrap()
    }

    #[test]
    fn attempt_then_sent_survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite");
        {
            let l = Ledger::open(&path).unwrap();
            l.begin_attempt("k", "reminder", "to=a@x;cc=", "件名", "<id@x>", at(0))
                .unwrap();
            assert_eq!(l.prior("k").unwrap().outcome, Outcome::Attempting);
            l.record_sent("k", None, at(1)).unwrap();
        }
        let l = Ledger::open(&path).unwrap();
        let e = l.entry("k").unwrap().unwrap();
        assert_eq!(e.outcome, Outcome::Sent);
        assert_eq!(e.attempts, 1);
        assert_eq!(e.message_id.as_deref(), Some("<id@x>"));
        assert_eq!(e.sent_at.as_deref(), Some("2026-10-23T01:00:00Z"));
        assert_eq!(l.prior("other"), None);
    }

    #[test]
    fn failures_count_attempts_and_keep_the_error() {
        let l = Ledger::open_in_memory().unwrap();
        l.begin_attempt("k", "overdue", "to=a@x;cc=", "s", "<1@x>", at(0))
            .unwrap();
        l.record_failure("k", Outcome::FailedTransient, "connection refused", at(0))
            .unwrap();
        l.begin_attempt("k", "overdue", "to=a@x;cc=", "s", "<2@x>", at(1))
            .unwrap();
        l.record_failure("k", Outcome::FailedPermanent, "550 no such user", at(1))
            .unwrap();
        let e = l.entry("k").unwrap().unwrap();
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
        let l = Ledger::open_in_memory().unwrap();
        for k in ["a", "b", "c"] {
            l.begin_attempt(k, "reminder", "to=x;cc=", "s", "<m>", at(0))
                .unwrap();
        }
        l.record_sent("a", None, at(1)).unwrap();
        l.record_sent(
            "b",
            Some("kikakuka@city.example.jp: permanent error (550): no such user"),
            at(2),
        )
        .unwrap();
        l.set_state("last_scan", "2026-10-23T00:00:00Z", at(0))
            .unwrap();
        l.set_state("files_tracked", "5", at(0)).unwrap();
        l.set_state("files_tracked", "6", at(1)).unwrap();
        let s = l.status().unwrap();
        assert_eq!((s.sent, s.attempting), (2, 1));
        assert_eq!(
            s.recent.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert_eq!(s.state.get("files_tracked").map(String::as_str), Some("6"));
        assert_eq!(
            s.refused.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
            ["b"]
        );
        let lines = l.refused_since_digest();
        assert_eq!(lines.len(), 1);
        assert_eq!(
            lines[0].recipients,
            ["kikakuka@city.example.jp: permanent error (550): no such user"]
        );
        // A digest sent since: nothing new to report.
        l.begin_attempt(
            "digest/planning/2026-W43",
            "planning_digest",
            "to=x;cc=",
            "s",
            "<d>",
            at(3),
        )
        .unwrap();
        l.record_sent("digest/planning/2026-W43", None, at(3))
            .unwrap();
        assert!(l.refused_since_digest().is_empty());
        assert_eq!(
            l.sent_with_prefix("digest/planning/"),
            ["digest/planning/2026-W43"]
        );
    }

    #[test]
    fn the_history_since_the_last_digest_is_read_from_the_same_state_file() {
        use crate::history::store::{HistoryBatch, RecordedRead};
        use crate::history::{ChangeKind, Field, ItemChange};
        use crate::last_good::{LastGoodBatch, LastGoodStore};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let l = Ledger::open(&path).unwrap();
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
                fiscal_year: crate::calendar::FiscalYear(2026),
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
        LastGoodStore::open(&path).unwrap().apply(&batch).unwrap();
        l.begin_attempt(
            "digest/planning/2026-W43",
            "planning_digest",
            "to=x;cc=",
            "s",
            "<d>",
            at(3),
        )
        .unwrap();
        l.record_sent("digest/planning/2026-W43", None, at(3))
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
    fn a_ledger_without_the_refused_column_gains_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(&SCHEMA.replace(",\n    refused          TEXT", ""))
                .unwrap();
            conn.execute(
                "INSERT INTO sent_mail (key, kind, recipients, subject, outcome,
                     first_attempt_at, last_attempt_at) VALUES ('k', 'reminder', '', '', 'sent', 't', 't')",
                [],
            )
            .unwrap();
        }
        let l = Ledger::open(&path).unwrap();
        assert_eq!(l.entry("k").unwrap().unwrap().refused, None);
        assert_eq!(l.prior("k").unwrap().outcome, Outcome::Sent);
    }

    #[test]
    fn a_claim_holds_only_on_the_row_as_read_and_never_on_a_sent_mail() {
        let l = Ledger::open_in_memory().unwrap();
        let claim = |attempts| {
            l.claim("k", "reminder", "to=a@x;cc=", "s", "<m>", attempts, at(0))
                .unwrap()
        };
        assert!(claim(0), "a new key");
        assert!(!claim(0), "another run read the key before this claim");
        assert!(claim(1), "the same run's next attempt");
        assert_eq!(l.attempts("k").unwrap(), 2);
        l.record_sent("k", None, at(1)).unwrap();
        assert!(!claim(2), "a sent mail is never claimed again");
        // Nor marked as failed or left for a later run by another run.
        l.record_failure("k", Outcome::FailedTransient, "x", at(2))
            .unwrap();
        l.record_not_attempted("k", "reminder", "to=a@x;cc=", "s", "x", at(2))
            .unwrap();
        assert_eq!(l.entry("k").unwrap().unwrap().outcome, Outcome::Sent);
    }

    #[test]
    fn a_mail_not_attempted_is_left_for_the_next_run() {
        let l = Ledger::open_in_memory().unwrap();
        l.record_not_attempted("k", "reminder", "to=a@x;cc=", "s", "not attempted", at(0))
            .unwrap();
        let e = l.entry("k").unwrap().unwrap();
        assert_eq!((e.outcome, e.attempts), (Outcome::FailedTransient, 0));
        assert_eq!(e.last_error.as_deref(), Some("not attempted"));
    }
}
