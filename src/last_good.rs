//! The last good data of every workbook, kept in the state file (the SQLite
//! file of `state.database`, beside the ledger's tables) so that it survives
//! restarts.
//!
//! Table `last_good` holds one row per file whose last read succeeded (goal
//! sheets, or a workbook skipped as not a goal sheet): its fingerprint (size,
//! modification time, content hash), the identity of the parser that read it,
//! and the reports and problems of that read as JSON. A successful read
//! replaces the row; a file that leaves the folder loses it; a file that now
//! fails keeps it, so that after a restart its last good data is still shown
//! (marked stale) until it parses again.
//!
//! At start the rows are loaded into the catalog: a file whose size and
//! content hash, and the parser identity, still match is not parsed again
//! (the modification time is stored but not trusted across runs). A row that cannot be
//! decoded (written by another version, damaged) is logged and ignored.
//!
//! Writes go in batches, one transaction each, on a thread of their own
//! ([`LastGoodWriter`]), so the consolidated workbook never waits for them;
//! a batch that cannot be written (locked or read-only file) is logged and
//! retried with the next one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use crate::catalog::{Fingerprint, Parser, compact};
use crate::consolidate::ImportProblem;
use crate::history::store::HistoryBatch;
use crate::i18n::t;
use crate::model::SheetReport;

/// The layout of a row: `content_hash` is [`crate::catalog::content_hash`]
/// of the file. A row of an unknown format is ignored (and replaced at the
/// next read of its file).
pub(crate) const FORMAT: i64 = 2;

/// Rows of earlier versions: the same `data`, but a content hash from std's
/// `DefaultHasher`, which a new Rust release may compute differently. Such a
/// row serves as last good data and its file is read again once.
const FORMAT_UNSTABLE_HASH: i64 = 1;

/// How long a write waits for a lock held by another connection.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS last_good (
    path         TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    mtime_ns     INTEGER,
    content_hash INTEGER NOT NULL,
    parser       TEXT NOT NULL,
    format       INTEGER NOT NULL,
    parsed_at    TEXT NOT NULL,
    data         TEXT NOT NULL
);
";

/// The state file could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
#[error("state {path}: {source}")]
pub(crate) struct StoreError {
    pub path: String,
    #[source]
    pub source: rusqlite::Error,
}

/// One file's last good read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StoredRead {
    pub path: PathBuf,
    pub fingerprint: Fingerprint,
    /// The [`parser_identity`] of the parser that read it.
    pub parser: String,
    pub reports: Arc<[SheetReport]>,
    /// Problems of that read (a sheet that could not be read, the reason a
    /// workbook was skipped).
    pub problems: Vec<ImportProblem>,
}

/// What [`LastGoodStore::load`] found.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub reads: Vec<StoredRead>,
    /// Rows that could not be decoded (already logged); best forgotten.
    pub unusable: Vec<PathBuf>,
}

/// A change to the stored data of one file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum StoreOp {
    /// The file read well at `at`: keep this.
    Save { read: StoredRead, at: DateTime<Utc> },
    /// The file left the folder, or has no good data any more.
    Forget,
}

/// Changes to write in one transaction; a later change of a path replaces
/// an earlier one.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct LastGoodBatch {
    pub ops: BTreeMap<PathBuf, StoreOp>,
    /// What the reads saved here changed (the `history` table).
    pub history: HistoryBatch,
}

impl LastGoodBatch {
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty() && self.history.is_empty()
    }

    pub fn save(&mut self, read: StoredRead, at: DateTime<Utc>) {
        self.ops
            .insert(read.path.clone(), StoreOp::Save { read, at });
    }

    pub(crate) fn forget(&mut self, path: PathBuf) {
        self.ops.insert(path, StoreOp::Forget);
    }

    /// Adds `later` on top of this batch.
    pub fn merge(&mut self, later: LastGoodBatch) {
        self.ops.extend(later.ops);
        self.history.merge(later.history);
    }
}

/// What the `data` column holds.
#[derive(Serialize)]
struct DataOut<'a> {
    reports: &'a [SheetReport],
    problems: &'a [ImportProblem],
}

#[derive(Deserialize)]
struct DataIn {
    reports: Vec<SheetReport>,
    #[serde(default)]
    problems: Vec<ImportProblem>,
}

/// The `last_good` table of the state file.
pub(crate) struct LastGoodStore {
    conn: Connection,
    path: String,
}

impl std::fmt::Debug for LastGoodStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LastGoodStore")
            .field("path", &self.path)
            .finish()
    }
}

impl LastGoodStore {
    /// Opens (creating when absent) the state file at `path`, and its
    /// folder (tests; the commands open it through [`crate::state_file`]).
    #[cfg(test)]
    pub fn open(path: &Path) -> Result<LastGoodStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // A failure shows in the open below, with SQLite's reason.
            let _ = std::fs::create_dir_all(dir);
        }
        LastGoodStore::open_with(path, rusqlite::OpenFlags::default())
    }

    /// Opens the existing state file at `path`: one that is gone is an
    /// error, never replaced by an empty one.
    pub fn open_existing(path: &Path) -> Result<LastGoodStore, StoreError> {
        LastGoodStore::open_with(path, crate::state_file::EXISTING)
    }

    fn open_with(path: &Path, flags: rusqlite::OpenFlags) -> Result<LastGoodStore, StoreError> {
        let shown = path.display().to_string();
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError {
            path: shown.clone(),
            source,
        })?;
        LastGoodStore::init(conn, shown)
    }

    /// A store in memory (tests).
    #[cfg(test)]
    pub(crate) fn open_in_memory() -> Result<LastGoodStore, StoreError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError {
            path: ":memory:".into(),
            source,
        })?;
        LastGoodStore::init(conn, ":memory:".into())
    }

    fn init(conn: Connection, path: String) -> Result<LastGoodStore, StoreError> {
        let err = |source| StoreError {
            path: path.clone(),
            source,
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        // The ledger sets WAL too (it is a property of the file); readers
        // such as `mokuhyo status` then never block the daemon.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        // Losing the last batch on a power cut costs one re-read, not data.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(err)?;
        // Rows are written once and read once (at start): a small page cache
        // is enough, and the connection lives as long as the daemon.
        conn.pragma_update(None, "cache_size", -256).map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        crate::history::store::create_table(&conn).map_err(err)?;
        Ok(LastGoodStore { conn, path })
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError {
            path: self.path.clone(),
            source,
        }
    }

    /// The history entries seen since `since`, newest first.
    pub(crate) fn history_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<crate::history::HistoryEntry>, StoreError> {
        let filter = crate::history::HistoryFilter {
            since: Some(since),
            ..Default::default()
        };
        crate::history::store::entries(&self.conn, &filter).map_err(|e| self.err(e))
    }

    /// Every usable row. A row that cannot be decoded is logged and left
    /// out (listed in [`Loaded::unusable`]); only a failure to read the
    /// table at all is an error.
    pub fn load(&self) -> Result<Loaded, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT path, size, mtime_ns, content_hash, parser, format, data
                 FROM last_good ORDER BY path",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        let mut loaded = Loaded::default();
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let path: Option<String> = row.get(0).ok();
            match decode_row(row) {
                Ok(read) => loaded.reads.push(read),
                Err(reason) => {
                    tracing::warn!(
                        state = %self.path,
                        path = path.as_deref().unwrap_or("?"),
                        "{}",
                        t!("log-last-good-ignored", reason = reason.to_string())
                    );
                    if let Some(path) = path {
                        loaded.unusable.push(PathBuf::from(path));
                    }
                }
            }
        }
        drop(rows);
        drop(stmt);
        // The pages read at start are not needed again.
        let _ = self.conn.execute_batch("PRAGMA shrink_memory");
        Ok(loaded)
    }

    /// Writes `batch` in one transaction.
    pub(crate) fn apply(&mut self, batch: &LastGoodBatch) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |source| StoreError {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        {
            let mut save = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO last_good
                     (path, size, mtime_ns, content_hash, parser, format, parsed_at, data)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(err)?;
            let mut forget = tx
                .prepare_cached("DELETE FROM last_good WHERE path = ?1")
                .map_err(err)?;
            for (file, op) in &batch.ops {
                let Some(key) = file.to_str() else {
                    tracing::debug!(path = %file.display(), "{}", t!("log-last-good-not-utf8"));
                    continue;
                };
                match op {
                    StoreOp::Forget => {
                        forget.execute(params![key]).map_err(err)?;
                    }
                    StoreOp::Save { read, at } => {
                        let data = DataOut {
                            reports: &read.reports,
                            problems: &read.problems,
                        };
                        let json = match serde_json::to_string(&data) {
                            Ok(json) => json,
                            Err(e) => {
                                tracing::warn!(
                                    path = key,
                                    "{}",
                                    t!("log-last-good-not-stored", error = e.to_string())
                                );
                                continue;
                            }
                        };
                        let fp = read.fingerprint;
                        save.execute(params![
                            key,
                            i64::try_from(fp.size).unwrap_or(i64::MAX),
                            fp.modified.and_then(to_nanos),
                            fp.hash as i64,
                            read.parser,
                            FORMAT,
                            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                            json,
                        ])
                        .map_err(err)?;
                    }
                }
            }
        }
        crate::history::store::write(&tx, &batch.history).map_err(err)?;
        tx.commit().map_err(err)?;
        // The pages written are not needed again: the next batch is small
        // (one save) or comes after a rescan.
        let _ = self.conn.execute_batch("PRAGMA shrink_memory");
        Ok(())
    }

    /// The number of files with stored data.
    #[cfg(test)]
    pub fn count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM last_good", [], |r| r.get::<_, i64>(0))
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|e| self.err(e))
    }
}

/// The number of files with stored data in the state file at `path`, read
/// without writing anything (`mokuhyo status`); `None` when it cannot be
/// told.
pub(crate) fn count_stored(path: &Path) -> Option<u64> {
    let conn = crate::state_file::read_only(path).ok()?;
    conn.query_row("SELECT COUNT(*) FROM last_good", [], |r| r.get::<_, i64>(0))
        .ok()
        .and_then(|n| u64::try_from(n).ok())
}

fn decode_row(row: &rusqlite::Row<'_>) -> Result<StoredRead, String> {
    let column = |e: rusqlite::Error| format!("unreadable column: {e}");
    let path: String = row.get(0).map_err(column)?;
    let size: i64 = row.get(1).map_err(column)?;
    let mtime_ns: Option<i64> = row.get(2).map_err(column)?;
    let hash: i64 = row.get(3).map_err(column)?;
    let parser: String = row.get(4).map_err(column)?;
    let format: i64 = row.get(5).map_err(column)?;
    if format != FORMAT && format != FORMAT_UNSTABLE_HASH {
        return Err(format!("format {format}, not {FORMAT}"));
    }
    let data: String = row.get(6).map_err(column)?;
    let data: DataIn = serde_json::from_str(&data).map_err(|e| format!("bad data: {e}"))?;
    let fingerprint = Fingerprint {
        size: u64::try_from(size).map_err(|_| format!("bad size {size}"))?,
        modified: mtime_ns.and_then(from_nanos),
        hash: hash as u64,
    };
    Ok(StoredRead {
        path: PathBuf::from(path),
        // A fingerprint no file has: the file is read again.
        fingerprint: if format == FORMAT {
            fingerprint
        } else {
            Fingerprint::default()
        },
        parser,
        reports: compact(&data.reports),
        problems: data.problems,
    })
}

/// Nanoseconds since 1970 (negative before), exact for every time a file
/// system gives.
fn to_nanos(t: SystemTime) -> Option<i64> {
    match t.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_nanos()).ok(),
        Err(before) => i64::try_from(before.duration().as_nanos()).ok().map(|n| -n),
    }
}

fn from_nanos(n: i64) -> Option<SystemTime> {
    let d = Duration::from_nanos(n.unsigned_abs());
    if n >= 0 {
        UNIX_EPOCH.checked_add(d)
    } else {
        UNIX_EPOCH.checked_sub(d)
    }
}

/// Who read the stored data: mokuhyo's version and executable, the format,
/// and everything the parser is configured with. Stored data read by another
/// identity is never reused for an unchanged file (the file is read again),
/// but still serves as last good data when the file fails.
pub(crate) fn parser_identity(parser: &Parser) -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{}:{:?}", m.len(), m.modified().ok().and_then(to_nanos)))
        .unwrap_or_default();
    let identity = format!("{parser:?}{exe}");
    format!(
        "{}/{FORMAT}/{:016x}",
        env!("CARGO_PKG_VERSION"),
        xxhash_rust::xxh3::xxh3_64(identity.as_bytes())
    )
}

/// Writes batches on a thread of its own. Dropping it (or [`finish`]) writes
/// what is still queued and waits for that.
///
/// [`finish`]: LastGoodWriter::finish
pub(crate) struct LastGoodWriter {
    tx: Option<Sender<LastGoodBatch>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for LastGoodWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LastGoodWriter").finish_non_exhaustive()
    }
}

impl LastGoodWriter {
    pub fn spawn(store: LastGoodStore) -> std::io::Result<LastGoodWriter> {
        let (tx, rx) = channel();
        let thread = std::thread::Builder::new()
            .name("last-good".into())
            .spawn(move || write_batches(store, &rx))?;
        Ok(LastGoodWriter {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Queues `batch` (nothing when empty); never waits.
    pub(crate) fn send(&self, batch: LastGoodBatch) {
        if batch.is_empty() {
            return;
        }
        if let Some(tx) = &self.tx {
            let _ = tx.send(batch);
        }
    }

    /// Writes what is queued, then stops the thread.
    pub fn finish(self) {
        drop(self);
    }
}

impl Drop for LastGoodWriter {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The writer thread: everything queued goes in one transaction.
fn write_batches(store: LastGoodStore, rx: &Receiver<LastGoodBatch>) {
    let mut writes = PendingWrites::new(store);
    while let Ok(batch) = rx.recv() {
        writes.push(batch);
        while let Ok(more) = rx.try_recv() {
            writes.push(more);
        }
        writes.write();
    }
    if !writes.pending.is_empty() && writes.write_once().is_err() {
        tracing::warn!(
            files = writes.pending.ops.len(),
            "{}",
            t!("log-last-good-not-recorded-at-exit")
        );
    }
}

/// Batches not yet written: one that fails (locked or read-only file) is
/// kept and written together with the next.
struct PendingWrites {
    store: LastGoodStore,
    pending: LastGoodBatch,
    failing: bool,
}

impl PendingWrites {
    fn new(store: LastGoodStore) -> Self {
        PendingWrites {
            store,
            pending: LastGoodBatch::default(),
            failing: false,
        }
    }

    fn push(&mut self, batch: LastGoodBatch) {
        self.pending.merge(batch);
    }

    /// Writes what is pending; a failure is logged once until a write succeeds again.
    fn write(&mut self) {
        match self.write_once() {
            Ok(()) => {
                if self.failing {
                    tracing::info!(state = %self.store.path, "{}", t!("log-last-good-recorded-again"));
                }
                self.failing = false;
            }
            Err(err) => {
                if !self.failing {
                    tracing::warn!(
                        files = self.pending.ops.len(),
                        "{}",
                        t!("log-last-good-not-recorded-retry", error = err.to_string())
                    );
                }
                self.failing = true;
            }
        }
    }

    fn write_once(&mut self) -> Result<(), StoreError> {
        self.store.apply(&self.pending)?;
        self.pending = LastGoodBatch::default();
        Ok(())
    }
}

#[cfg(test)]
mod tests;
