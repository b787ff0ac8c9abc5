//! The `sent_mail` table: one row per mail key — recipients, subject,
//! message id, number of attempts, outcome (`attempting`, `sent`,
//! `failed-transient`, `failed-permanent`), last error, times, and the
//! recipients the server refused when it took the mail for the others.
//! What the rows mean for sending is [`crate::state::ledger`]'s concern.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::state::{Operation, StateDb, StateError};
use mokuhyo_core::remind::plan::{Outcome, RefusedLine};

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
}

/// A mail as claimed for one more attempt.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    pub key: &'a str,
    pub kind: &'a str,
    pub recipients: &'a str,
    pub subject: &'a str,
    pub message_id: &'a str,
}

/// The `sent_mail` table of an open state file.
pub struct SentMail<'db> {
    db: &'db StateDb,
}

const COLUMNS: &str = "key, kind, recipients, subject, outcome, attempts, message_id, \
                       first_attempt_at, last_attempt_at, sent_at, last_error, refused";

/// The key prefix of the planning section's weekly digests.
const DIGEST_KEYS: &str = "digest/planning/%";

fn ts(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl<'db> SentMail<'db> {
    pub(in crate::state) fn new(db: &'db StateDb) -> Self {
        SentMail { db }
    }

    fn read_error(&self, e: rusqlite::Error) -> StateError {
        self.db.error(Operation::ReadSentMail, e)
    }

    fn write_error(&self, e: rusqlite::Error) -> StateError {
        self.db.error(Operation::WriteSentMail, e)
    }

    /// When the last mail recorded as sent at or before `until` was sent
    /// (`None`: none).
    pub fn last_sent_at(&self, until: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, StateError> {
        let sent: Option<String> = self
            .db
            .conn()
            .query_row(
                "SELECT max(sent_at) FROM sent_mail WHERE outcome = 'sent' AND sent_at <= ?1",
                params![ts(until)],
                |r| r.get(0),
            )
            .map_err(|e| self.read_error(e))?;
        Ok(sent.as_deref().and_then(parse_time))
    }

    /// The mails recorded as sent after `after`, each with when, earliest
    /// first.
    pub fn sent_after(
        &self,
        after: DateTime<Utc>,
    ) -> Result<Vec<(String, DateTime<Utc>)>, StateError> {
        let mut stmt = self
            .db
            .conn()
            .prepare(
                "SELECT key, sent_at FROM sent_mail
                 WHERE outcome = 'sent' AND sent_at > ?1 ORDER BY sent_at, key",
            )
            .map_err(|e| self.read_error(e))?;
        let rows = stmt
            .query_map(params![ts(after)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.read_error(e))?;
        Ok(rows
            .into_iter()
            .filter_map(|(key, at)| Some((key, parse_time(&at)?)))
            .collect())
    }

    /// Claims `mail` for one more attempt, as its row stood with
    /// `attempts` attempts: records it as `attempting` (committed, with its
    /// Message-ID). Returns false, and records nothing, when the row changed
    /// since or it is `sent`: a claim is a conditional insert, never an
    /// overwrite.
    pub fn claim(
        &self,
        mail: &Claim<'_>,
        attempts: u32,
        now: DateTime<Utc>,
    ) -> Result<bool, StateError> {
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
            .db
            .conn()
            .execute(
                sql,
                params![
                    mail.key,
                    mail.kind,
                    mail.recipients,
                    mail.subject,
                    mail.message_id,
                    ts(now),
                    attempts
                ],
            )
            .map_err(|e| self.write_error(e))?;
        Ok(changed == 1)
    }

    /// Records that the transport accepted `key`; `refused`: the recipients
    /// the server refused, one `address: reply` per line.
    pub fn record_sent(
        &self,
        key: &str,
        refused: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        self.db
            .conn()
            .execute(
                "UPDATE sent_mail SET outcome = 'sent', sent_at = ?2, last_error = NULL,
                     refused = ?3
                 WHERE key = ?1",
                params![key, ts(now), refused],
            )
            .map_err(|e| self.write_error(e))?;
        Ok(())
    }

    /// Records that `mail` was due but not tried in this run, with `error`:
    /// left for the next run (a sent row stays as it is).
    pub fn record_not_attempted(
        &self,
        mail: &Claim<'_>,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        self.db
            .conn()
            .execute(
                "INSERT INTO sent_mail (key, kind, recipients, subject, outcome, attempts,
                     first_attempt_at, last_attempt_at, last_error)
                 VALUES (?1, ?2, ?3, ?4, 'failed-transient', 0, ?6, ?6, ?5)
                 ON CONFLICT(key) DO UPDATE SET
                     outcome = 'failed-transient', last_error = excluded.last_error
                 WHERE sent_mail.outcome <> 'sent'",
                params![
                    mail.key,
                    mail.kind,
                    mail.recipients,
                    mail.subject,
                    error,
                    ts(now)
                ],
            )
            .map_err(|e| self.write_error(e))?;
        Ok(())
    }

    /// Records a failed attempt of `key` (a sent row stays as it is).
    pub fn record_failure(
        &self,
        key: &str,
        outcome: Outcome,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        self.db
            .conn()
            .execute(
                "UPDATE sent_mail SET outcome = ?2, last_error = ?3, last_attempt_at = ?4
                 WHERE key = ?1 AND outcome <> 'sent'",
                params![key, outcome.as_str(), error, ts(now)],
            )
            .map_err(|e| self.write_error(e))?;
        Ok(())
    }

    /// The row of `key`.
    pub fn entry(&self, key: &str) -> Result<Option<LedgerEntry>, StateError> {
        self.db
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM sent_mail WHERE key = ?1"),
                params![key],
                row_entry,
            )
            .optional()
            .map_err(|e| self.read_error(e))
    }

    /// Every row, by key.
    pub fn entries(&self) -> Result<Vec<LedgerEntry>, StateError> {
        self.query(&format!("SELECT {COLUMNS} FROM sent_mail ORDER BY key"))
    }

    fn query(&self, sql: &str) -> Result<Vec<LedgerEntry>, StateError> {
        let mut stmt = self
            .db
            .conn()
            .prepare(sql)
            .map_err(|e| self.read_error(e))?;
        let rows = stmt
            .query_map([], row_entry)
            .map_err(|e| self.read_error(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.read_error(e))
    }

    /// Counts by outcome, the latest sends, the unsettled and the refused,
    /// for `mokuhyo status`.
    pub fn status(&self) -> Result<LedgerStatus, StateError> {
        let mut status = LedgerStatus::default();
        let mut stmt = self
            .db
            .conn()
            .prepare("SELECT outcome, COUNT(*) FROM sent_mail GROUP BY outcome")
            .map_err(|e| self.read_error(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(|e| self.read_error(e))?;
        for row in rows {
            let (outcome, n) = row.map_err(|e| self.read_error(e))?;
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
        Ok(status)
    }

    /// The keys sent that start with `prefix`, recorded as sent at or
    /// before `until`.
    pub fn sent_with_prefix(
        &self,
        prefix: &str,
        until: DateTime<Utc>,
    ) -> Result<Vec<String>, StateError> {
        let mut stmt = self
            .db
            .conn()
            .prepare(
                "SELECT key FROM sent_mail
                 WHERE outcome = 'sent' AND substr(key, 1, length(?1)) = ?1 AND sent_at <= ?2",
            )
            .map_err(|e| self.read_error(e))?;
        stmt.query_map(params![prefix, ts(until)], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.read_error(e))
    }

    /// The recipients refused since the last planning digest recorded as
    /// sent at or before `until`, oldest first.
    pub fn refused_since_digest(
        &self,
        until: DateTime<Utc>,
    ) -> Result<Vec<RefusedLine>, StateError> {
        let mut stmt = self
            .db
            .conn()
            .prepare(
                "SELECT key, subject, sent_at, refused FROM sent_mail
                 WHERE refused IS NOT NULL AND sent_at <= ?2 AND sent_at >= coalesce(
                     (SELECT max(sent_at) FROM sent_mail
                      WHERE outcome = 'sent' AND key LIKE ?1 AND sent_at <= ?2), '')
                 ORDER BY sent_at, key",
            )
            .map_err(|e| self.read_error(e))?;
        stmt.query_map(params![DIGEST_KEYS, ts(until)], |r| {
            let refused: String = r.get(3)?;
            Ok(RefusedLine {
                key: r.get(0)?,
                subject: r.get(1)?,
                sent_at: r.get(2)?,
                recipients: refused.lines().map(str::to_string).collect(),
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| self.read_error(e))
    }

    /// When the last planning digest before `before` was sent.
    pub fn last_digest_sent(
        &self,
        before: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StateError> {
        let mut stmt = self
            .db
            .conn()
            .prepare("SELECT sent_at FROM sent_mail WHERE outcome = 'sent' AND key LIKE ?1")
            .map_err(|e| self.read_error(e))?;
        let sent = stmt
            .query_map(params![DIGEST_KEYS], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<String>, _>>())
            .map_err(|e| self.read_error(e))?;
        Ok(sent
            .iter()
            .filter_map(|t| parse_time(t))
            .filter(|t| *t < before)
            .max())
    }
}

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
