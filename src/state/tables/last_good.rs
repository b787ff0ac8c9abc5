//! The `last_good` table: one row per file whose last read succeeded — its
//! fingerprint (size, modification time, content hash), the identity of the
//! parser that read it, the layout of its data and the data as JSON. What
//! the rows hold is [`crate::state::last_good`]'s concern; this reads and writes
//! them.

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, TransactionBehavior, params};

use crate::state::history::HistoryBatch;
use crate::state::{Operation, StateDb, StateError};

/// One row as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastGoodRow {
    pub path: String,
    pub size: i64,
    /// Nanoseconds since 1970 (negative before).
    pub mtime_ns: Option<i64>,
    pub content_hash: i64,
    pub parser: String,
    /// The layout of `data`.
    pub format: i64,
    pub data: String,
}

/// A row that cannot be read (a column of another type than its layout's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableRow {
    pub path: Option<String>,
    pub reason: String,
}

/// A change to one file's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastGoodWrite {
    /// The file read well at `at`: keep `row`.
    Save { row: LastGoodRow, at: DateTime<Utc> },
    /// The file left the folder, or has no good data any more.
    Forget { path: String },
}

/// The `last_good` table of an open state file.
pub struct LastGoodRows<'db> {
    db: &'db StateDb,
}

impl<'db> LastGoodRows<'db> {
    pub(in crate::state) fn new(db: &'db StateDb) -> Self {
        LastGoodRows { db }
    }

    /// Every row, by path; a row that cannot be read is given as such. None
    /// when a file of an earlier layout read as it is has no such table.
    pub fn rows(&self) -> Result<Vec<Result<LastGoodRow, UnreadableRow>>, StateError> {
        let fail = |e| self.db.error(Operation::ReadLastGood, e);
        if !self.db.has_table("last_good", Operation::ReadLastGood)? {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .db
            .conn()
            .prepare(
                "SELECT path, size, mtime_ns, content_hash, parser, format, data
                 FROM last_good ORDER BY path",
            )
            .map_err(fail)?;
        let mut rows = stmt.query([]).map_err(fail)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(fail)? {
            out.push(read_row(row));
        }
        drop(rows);
        drop(stmt);
        // The pages read at start are not needed again.
        self.db.shrink_memory();
        Ok(out)
    }

    /// The number of files with stored data (none when a file of an
    /// earlier layout read as it is has no such table).
    pub fn count(&self) -> Result<u64, StateError> {
        if !self.db.has_table("last_good", Operation::ReadLastGood)? {
            return Ok(0);
        }
        self.db
            .conn()
            .query_row("SELECT COUNT(*) FROM last_good", [], |r| r.get::<_, i64>(0))
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|e| self.db.error(Operation::ReadLastGood, e))
    }

    /// Writes `writes` and `history` in one transaction.
    pub fn apply(
        &self,
        writes: impl IntoIterator<Item = LastGoodWrite>,
        history: &HistoryBatch,
    ) -> Result<(), StateError> {
        let fail = |e| self.db.error(Operation::WriteLastGood, e);
        let tx = Transaction::new_unchecked(self.db.conn(), TransactionBehavior::Immediate)
            .map_err(fail)?;
        {
            let mut save = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO last_good
                     (path, size, mtime_ns, content_hash, parser, format, parsed_at, data)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(fail)?;
            let mut forget = tx
                .prepare_cached("DELETE FROM last_good WHERE path = ?1")
                .map_err(fail)?;
            for write in writes {
                match write {
                    LastGoodWrite::Forget { path } => {
                        forget.execute(params![path]).map_err(fail)?;
                    }
                    LastGoodWrite::Save { row, at } => {
                        save.execute(params![
                            row.path,
                            row.size,
                            row.mtime_ns,
                            row.content_hash,
                            row.parser,
                            row.format,
                            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                            row.data,
                        ])
                        .map_err(fail)?;
                    }
                }
            }
        }
        super::history::write(&tx, history)
            .map_err(|e| self.db.error(Operation::WriteLastGood, e))?;
        tx.commit().map_err(fail)?;
        // The pages written are not needed again: the next batch is small
        // (one save) or comes after a rescan.
        self.db.shrink_memory();
        Ok(())
    }
}

fn read_row(row: &rusqlite::Row<'_>) -> Result<LastGoodRow, UnreadableRow> {
    let path: Option<String> = row.get(0).ok();
    let read = || -> rusqlite::Result<LastGoodRow> {
        Ok(LastGoodRow {
            path: row.get(0)?,
            size: row.get(1)?,
            mtime_ns: row.get(2)?,
            content_hash: row.get(3)?,
            parser: row.get(4)?,
            format: row.get(5)?,
            data: row.get(6)?,
        })
    };
    read().map_err(|e| UnreadableRow {
        path,
        reason: format!("unreadable column: {e}"),
    })
}
