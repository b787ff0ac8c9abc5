//! The state file's SQLite database (`state.database`): the one place it is
//! opened ([`StateDb::open`]), with one set of pragmas, and brought to the
//! current layout by numbered steps ([`migrations`]). Each table is read and
//! written through a handle of its own that borrows the one connection:
//! [`SentMail`] (the ledger of sent mail), [`LastGoodRows`],
//! [`HistoryRows`], [`RosterRow`], [`DaemonStateRows`] and [`Identity`];
//! every failure is a [`StateError`] naming the file and what was being
//! done.
//!
//! Which file is the state file, and who may use it when, is [`file`]'s
//! concern: its [`StateFile`] is the one owner of the file in a process,
//! and hands out the handles the rest of the program uses.
//!
//! What the rows mean lives beside them: [`ledger`] (what was sent),
//! [`last_good`] (every workbook's last good data), [`history`] (the
//! changes of the report cells), [`roster`] (the roster in force) and
//! [`status`] (what `mokuhyo status` says of them).
//!
//! May import: the foundations (`clock`, `i18n`, `logging`), [`crate::io`]
//! and the core; nothing above (`mail`, `config`, `pipeline`, `daemon`,
//! `commands`). `rusqlite` is named here alone.

mod conn;
mod error;
pub mod file;
mod handles;
pub mod history;
pub mod last_good;
pub mod ledger;
pub(crate) mod migrations;
mod path;
pub mod roster;
pub mod status;
mod tables;
#[cfg(test)]
pub(crate) mod testing;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, TryLockError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use conn::StateConn;
pub use error::{Cause, Operation, StateError, StateFileError};
pub use file::{StateFile, StateGuard, holder, inspect, probe_writable, tell_waiting};
pub use handles::{DaemonRecord, HistoryStore, RosterStore};
pub(crate) use path::path_identity;
pub use path::resolve;
pub use tables::daemon_state::{
    ClockFault, DaemonState, DaemonStateRows, Fact, Holder, Outage, Role, ScheduleState,
};
pub use tables::history::HistoryRows;
pub use tables::identity::Identity;
pub use tables::last_good::{LastGoodRow, LastGoodRows, LastGoodWrite, UnreadableRow};
pub use tables::roster::{RosterRow, StoredRoster};
pub use tables::sent_mail::{Claim, LedgerEntry, LedgerStatus, SentMail};

/// How long a statement waits for a lock another connection holds.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How the state file is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read and write, creating the file when absent (a new state file
    /// written under its temporary name; tests).
    Create,
    /// Read and write the existing file: one that is gone is an error,
    /// never replaced by an empty one.
    Existing,
    /// Read only: nothing is written, not even a step of the layout
    /// (`mokuhyo status`, `mokuhyo history`, `remind --dry-run`).
    ReadOnly,
    /// Read and write the existing file, but change nothing of it (no step
    /// of the layout, no journal mode): only to learn whether a write could
    /// start (`mokuhyo status`).
    WriteProbe,
}

impl Access {
    fn flags(self) -> OpenFlags {
        let base = OpenFlags::SQLITE_OPEN_NO_MUTEX;
        match self {
            Access::Create => {
                base | OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_URI
            }
            Access::Existing | Access::WriteProbe => {
                base | OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_URI
            }
            Access::ReadOnly => base | OpenFlags::SQLITE_OPEN_READ_ONLY,
        }
    }

    /// Whether opening brings the file to the current layout.
    fn migrates(self) -> bool {
        matches!(self, Access::Create | Access::Existing)
    }
}

/// The state file, open.
pub struct StateDb {
    conn: Connection,
    path: PathBuf,
    /// The layout version found at open, when older than this build's and
    /// left so (a read-only open).
    older_format: Option<u32>,
}

impl std::fmt::Debug for StateDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateDb").field("path", &self.path).finish()
    }
}

impl StateDb {
    /// Opens the state file at `path` as `access` says. Opening for writing
    /// sets WAL (readers such as `mokuhyo status` never block the daemon)
    /// and brings the file to the current layout; a file of a later
    /// layout than this build knows is refused whatever the access.
    pub fn open(path: &Path, access: Access) -> Result<StateDb, StateError> {
        let fail = |e| StateError::sqlite(path, Operation::Open, e);
        let mut conn = Connection::open_with_flags(path, access.flags()).map_err(fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        // A mail recorded as sent survives a power cut.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(fail)?;
        // Rows are written once and read rarely; the connection lives as
        // long as the daemon.
        conn.pragma_update(None, "cache_size", -256).map_err(fail)?;
        if access.migrates() {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(fail)?;
        }
        let found = migrations::version(&conn).map_err(fail)?;
        if found > migrations::CURRENT {
            return Err(StateError::new(
                path,
                Operation::Open,
                Cause::NewerFormat {
                    found,
                    known: migrations::CURRENT,
                },
            ));
        }
        if access.migrates() {
            let layout = migrations::migrate(&mut conn)
                .map_err(|e| StateError::sqlite(path, Operation::Migrate, e))?;
            if let migrations::Layout::BroughtFrom(from) = layout {
                tracing::info!(
                    path = %path.display(),
                    "{}",
                    crate::i18n::t!(
                        "log-state-migrated",
                        from = from,
                        to = migrations::CURRENT
                    )
                );
            }
        }
        Ok(StateDb {
            conn,
            path: path.to_path_buf(),
            older_format: (!access.migrates() && found < migrations::CURRENT).then_some(found),
        })
    }

    /// A state file in memory, at the current layout (a dry run without a
    /// state file; tests).
    pub fn in_memory() -> Result<StateDb, StateError> {
        StateDb::open(Path::new(":memory:"), Access::Create)
    }

    /// The file's path, as opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The ledger of sent mail (`sent_mail`).
    pub fn sent_mail(&self) -> SentMail<'_> {
        SentMail::new(self)
    }

    /// The last good data of the workbooks (`last_good`).
    pub fn last_good(&self) -> LastGoodRows<'_> {
        LastGoodRows::new(self)
    }

    /// The history of the report cells (`history`).
    pub fn history(&self) -> HistoryRows<'_> {
        HistoryRows::new(self)
    }

    /// The last good roster (`roster_last_good`).
    pub fn roster(&self) -> RosterRow<'_> {
        RosterRow::new(self)
    }

    /// What the daemon records for `mokuhyo status` (`daemon_state`).
    pub fn daemon_state(&self) -> DaemonStateRows<'_> {
        DaemonStateRows::new(self)
    }

    /// The ledger's id (`state_identity`).
    pub fn identity(&self) -> Identity<'_> {
        Identity::new(self)
    }

    /// Whether a write could start within `wait` (another program holding
    /// SQLite's lock on the file keeps it from starting); nothing is
    /// written. `Ok(false)`: the file is read-only.
    pub fn write_could_start(&self, wait: Duration) -> Result<bool, StateError> {
        let fail = |e| self.error(Operation::ProbeWrite, e);
        if self.conn.is_readonly(rusqlite::MAIN_DB).map_err(fail)? {
            return Ok(false);
        }
        self.conn.busy_timeout(wait).map_err(fail)?;
        let started = self.conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;");
        let _ = self.conn.busy_timeout(BUSY_TIMEOUT);
        started.map_err(fail)?;
        Ok(true)
    }

    /// Runs `f` with statements waiting at most `wait` for a lock.
    pub(crate) fn waiting_at_most<T>(
        &self,
        wait: Duration,
        f: impl FnOnce() -> Result<T, StateError>,
    ) -> Result<T, StateError> {
        // A failure to set it leaves the usual wait, which is longer.
        let _ = self.conn.busy_timeout(wait);
        let result = f();
        let _ = self.conn.busy_timeout(BUSY_TIMEOUT);
        result
    }

    /// Sets how long a statement waits for a lock another connection holds.
    #[cfg(test)]
    pub(crate) fn set_busy_timeout(&self, wait: Duration) {
        self.conn.busy_timeout(wait).unwrap();
    }

    /// Runs `sql` as it is (statements separated by `;`).
    #[cfg(test)]
    pub(crate) fn run_sql(&self, sql: &str) {
        self.conn.execute_batch(sql).unwrap();
    }

    /// Frees the pages of the page cache (after a large read or write).
    pub(crate) fn shrink_memory(&self) {
        let _ = self.conn.execute_batch("PRAGMA shrink_memory");
    }

    /// Whether the file holds the table `name` (a file of an earlier
    /// layout, read without bringing it up to date, may lack one).
    pub(crate) fn has_table(&self, name: &str, operation: Operation) -> Result<bool, StateError> {
        migrations::table_exists(&self.conn, name).map_err(|e| self.error(operation, e))
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The error of `operation` failing with `err`.
    pub(crate) fn error(&self, operation: Operation, err: rusqlite::Error) -> StateError {
        StateError {
            older_format: self.older_format,
            ..StateError::sqlite(&self.path, operation, err)
        }
    }

    /// The error of a stored value that cannot be encoded or decoded.
    pub(crate) fn data_error(&self, operation: Operation, err: serde_json::Error) -> StateError {
        StateError::new(&self.path, operation, Cause::Data(err))
    }
}

/// One open state file, shared by the parts of a process that use it one
/// after another (the daemon's scans, saves and sends): one connection,
/// however many files are saved. Closed with [`SharedDb::close`].
#[derive(Debug, Clone, Default)]
pub struct SharedDb {
    db: Arc<Mutex<Option<StateDb>>>,
}

impl SharedDb {
    pub fn new(db: StateDb) -> SharedDb {
        SharedDb {
            db: Arc::new(Mutex::new(Some(db))),
        }
    }

    /// Runs `f` on the open file; `path` names it when it is closed.
    pub fn with<T>(
        &self,
        path: &Path,
        operation: Operation,
        f: impl FnOnce(&StateDb) -> Result<T, StateError>,
    ) -> Result<T, StateError> {
        // A panic while it was held leaves the connection usable: SQLite
        // rolled back what the panic left unfinished.
        let db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
        match db.as_ref() {
            Some(db) => f(db),
            None => Err(StateError::new(path, operation, Cause::Closed)),
        }
    }

    /// Whether the file is open.
    pub fn is_open(&self) -> bool {
        self.db
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Whether `other` is this very connection.
    #[cfg(test)]
    pub(crate) fn is(&self, other: &SharedDb) -> bool {
        Arc::ptr_eq(&self.db, &other.db)
    }

    /// Puts `db` in place of the file open before (closing that one).
    pub fn replace(&self, db: StateDb) {
        *self.db.lock().unwrap_or_else(PoisonError::into_inner) = Some(db);
    }

    /// Closes the file, unless a thread is using it right now (a read
    /// hung on a share): then it closes when the last clone is dropped.
    pub fn close(&self) {
        match self.db.try_lock() {
            Ok(mut db) => *db = None,
            Err(TryLockError::Poisoned(db)) => *db.into_inner() = None,
            Err(TryLockError::WouldBlock) => {}
        }
    }
}

#[cfg(test)]
mod tests;
