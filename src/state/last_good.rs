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
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::t;
use crate::io::catalog::{Fingerprint, Parser, compact};
use crate::state::history::HistoryBatch;
use crate::state::{LastGoodRow, LastGoodWrite, Operation, StateConn, StateError};
use mokuhyo_core::consolidate::ImportProblem;
use mokuhyo_core::model::SheetReport;

/// The layout of a row's data and fingerprint: `content_hash` is
/// [`crate::io::catalog::content_hash`] of the file. A row of another format is
/// ignored (and replaced at the next read of its file); rows of the first
/// format were brought to this one when the state file was (see
/// [`crate::state::migrations`]).
pub(crate) const FORMAT: i64 = 2;

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

/// The `last_good` table of the state file, as
/// [`crate::state::StateFile::last_good`] hands it out (for a file locked,
/// on a connection of its own, which the writer's thread keeps).
pub(crate) struct LastGoodStore {
    conn: StateConn,
}

impl std::fmt::Debug for LastGoodStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LastGoodStore")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl LastGoodStore {
    /// The last good data of the state file `conn` reaches.
    pub(crate) fn new(conn: StateConn) -> LastGoodStore {
        LastGoodStore { conn }
    }

    /// The connection this store uses.
    #[cfg(test)]
    pub(crate) fn db(&self) -> &crate::state::SharedDb {
        self.conn.db()
    }

    /// The history entries seen since `since`, newest first.
    pub(crate) fn history_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<mokuhyo_core::history::HistoryEntry>, StateError> {
        let filter = crate::state::history::HistoryFilter {
            since: Some(since),
            ..Default::default()
        };
        self.conn
            .with(Operation::ReadHistory, |db| db.history().entries(&filter))
    }

    /// Every usable row. A row that cannot be decoded is logged and left
    /// out (listed in [`Loaded::unusable`]); only a failure to read the
    /// table at all is an error.
    pub fn load(&self) -> Result<Loaded, StateError> {
        let mut loaded = Loaded::default();
        let rows = self
            .conn
            .with(Operation::ReadLastGood, |db| db.last_good().rows())?;
        for row in rows {
            let decoded = row
                .map_err(|unreadable| (unreadable.path, unreadable.reason))
                .and_then(|row| {
                    let path = row.path.clone();
                    decode_row(row).map_err(|error| (Some(path), error.to_string()))
                });
            match decoded {
                Ok(read) => loaded.reads.push(read),
                Err((path, reason)) => {
                    tracing::warn!(
                        state = %self.conn.path().display(),
                        path = path.as_deref().unwrap_or("?"),
                        "{}",
                        t!("log-last-good-ignored", reason = reason)
                    );
                    if let Some(path) = path {
                        loaded.unusable.push(PathBuf::from(path));
                    }
                }
            }
        }
        Ok(loaded)
    }

    /// Writes `batch` in one transaction.
    pub(crate) fn apply(&mut self, batch: &LastGoodBatch) -> Result<(), StateError> {
        let writes = batch.ops.iter().filter_map(|(file, op)| {
            let Some(key) = file.to_str() else {
                tracing::debug!(path = %file.display(), "{}", t!("log-last-good-not-utf8"));
                return None;
            };
            match op {
                StoreOp::Forget => Some(LastGoodWrite::Forget { path: key.into() }),
                StoreOp::Save { read, at } => {
                    encode_row(key, read).map(|row| LastGoodWrite::Save { row, at: *at })
                }
            }
        });
        self.conn.with(Operation::WriteLastGood, |db| {
            db.last_good().apply(writes, &batch.history)
        })
    }

    /// The number of files with stored data.
    pub fn count(&self) -> Result<u64, StateError> {
        self.conn
            .with(Operation::ReadLastGood, |db| db.last_good().count())
    }

    /// The last good data of every file, as consolidation input; empty
    /// when it cannot be read.
    pub(crate) fn sources(&self) -> Vec<mokuhyo_core::consolidate::SourceFile> {
        let Ok(loaded) = self.load() else {
            return Vec::new();
        };
        loaded
            .reads
            .into_iter()
            .map(|read| mokuhyo_core::consolidate::SourceFile {
                modified: read.fingerprint.modified.map(DateTime::<Utc>::from),
                path: read.path,
                reports: read.reports,
                problems: read.problems,
                stale: false,
            })
            .collect()
    }
}

/// The row of `read`, stored under `key`; `None` (logged) when its data
/// cannot be written as JSON.
fn encode_row(key: &str, read: &StoredRead) -> Option<LastGoodRow> {
    let data = DataOut {
        reports: &read.reports,
        problems: &read.problems,
    };
    let data = match serde_json::to_string(&data) {
        Ok(json) => json,
        Err(e) => {
            tracing::warn!(
                path = key,
                "{}",
                t!(
                    "log-last-good-not-stored",
                    error = crate::logging::causes(&e)
                )
            );
            return None;
        }
    };
    let fp = read.fingerprint;
    Some(LastGoodRow {
        path: key.to_string(),
        size: i64::try_from(fp.size).unwrap_or(i64::MAX),
        mtime_ns: fp.modified.and_then(to_nanos),
        // Stored as SQLite's signed integer, bit for bit.
        content_hash: fp.hash as i64,
        parser: read.parser.clone(),
        format: FORMAT,
        data,
    })
}

/// Why a stored row cannot be used (its path is logged beside it).
#[derive(Debug, thiserror::Error)]
enum RowError {
    #[error("format {found}, not {FORMAT}")]
    Format { found: i64 },
    #[error("bad data: {source}")]
    Data {
        #[source]
        source: serde_json::Error,
    },
    #[error("bad size {size}")]
    Size { size: i64 },
}

fn decode_row(row: LastGoodRow) -> Result<StoredRead, RowError> {
    if row.format != FORMAT {
        return Err(RowError::Format { found: row.format });
    }
    let data: DataIn =
        serde_json::from_str(&row.data).map_err(|source| RowError::Data { source })?;
    let size = row.size;
    Ok(StoredRead {
        path: PathBuf::from(row.path),
        fingerprint: Fingerprint {
            size: u64::try_from(size).map_err(|_| RowError::Size { size })?,
            modified: row.mtime_ns.and_then(from_nanos),
            hash: row.content_hash as u64,
        },
        parser: row.parser,
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
                    tracing::info!(state = %self.store.conn.path().display(), "{}", t!("log-last-good-recorded-again"));
                }
                self.failing = false;
            }
            Err(err) => {
                if !self.failing {
                    tracing::warn!(
                        files = self.pending.ops.len(),
                        "{}",
                        t!(
                            "log-last-good-not-recorded-retry",
                            error = crate::logging::causes(&err)
                        )
                    );
                }
                self.failing = true;
            }
        }
    }

    fn write_once(&mut self) -> Result<(), StateError> {
        self.store.apply(&self.pending)?;
        self.pending = LastGoodBatch::default();
        Ok(())
    }
}

#[cfg(test)]
mod tests;
