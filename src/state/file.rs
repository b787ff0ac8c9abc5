//! The state file (`state.database`): which file it is, whose ledger it
//! holds, and who uses it — so that no mail goes out twice because two
//! processes, or two paths, or a lost file, each believed they kept the
//! record.
//!
//! - **Resolved, not by path text.** Symbolic links and `..` are resolved:
//!   two paths to one file are one state file.
//! - **One user at a time.** Every process that sends mail or records
//!   reads — the daemon for as long as it runs, `mokuhyo remind` and
//!   `mokuhyo consolidate` for their run — holds the operating system's
//!   exclusive lock on the state file itself (`flock` on Unix, which SQLite's
//!   own locks do not touch; on Windows, whose locks are mandatory, on
//!   `<file>.lock` beside it). The lock dies with its process, and removing a
//!   lock file cannot let a second user in. Who holds it is recorded in the
//!   file ([`Fact::Holder`]): a command that finds a daemon there stops,
//!   one that finds another command waits for it.
//! - **Whose ledger.** A state file gets a random id when created (table
//!   `state_identity`), recorded also beside the consolidated outputs
//!   (`<output.dir>/.mokuhyo-state`). A state file that is missing, empty
//!   (0 bytes) or holds another id than the one recorded there is not used,
//!   and none is created in its place: with a new ledger every mail already
//!   sent would go again. Nor is one created while an earlier release's
//!   state file (`<output.dir>/mokuhyo.sqlite`) exists.
//! - **Whole or not at all.** A new state file is written under a
//!   temporary name and linked into place, so a crash never leaves an empty
//!   one behind.
//! - **The same file throughout.** [`StateFile::verify`] tells when the file
//!   locked at start was deleted or replaced under the running process.
//! - **One owner.** [`StateFile`] alone opens the file, locked or (to read
//!   it only, or for tests) not, and hands out the handles of its parts:
//!   the ledger, the last good data, the history, the roster and the daemon
//!   record. The file is opened once when locked, and every later handle
//!   ([`StateGuard::ledger`] …) shares that connection ([`crate::state`])
//!   — the last good data's writer alone has one of its own; it is closed
//!   before the lock goes.
//!
//! The state file belongs on a local disk: SQLite's WAL mode, and these
//! locks, do not work across SMB or NFS.

#[cfg(not(unix))]
use std::fs::OpenOptions;
use std::fs::{File, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use super::conn::LockedFile;
use super::error::Io;
use super::path::{file_identity, identity_of, resolve};
use crate::i18n::t;
use crate::state::last_good::LastGoodStore;
use crate::state::ledger::Ledger;
use crate::state::{
    Access, Cause, DaemonRecord, Fact, HistoryStore, Holder, Role, RosterStore, SharedDb,
    StateConn, StateDb, StateError, StateFileError,
};

/// The file beside the consolidated outputs that names the ledger in use.
pub(crate) const MARKER_NAME: &str = ".mokuhyo-state";

/// The name of the state file of releases that kept it in the output folder.
const LEGACY_NAME: &str = "mokuhyo.sqlite";

/// How long a lock must stay held before its recorded holder is believed:
/// a process writes its name right after taking the lock, and `mokuhyo
/// status` takes it for an instant.
const HOLDER_SETTLES: Duration = Duration::from_secs(1);

/// The clonable part of a [`StateFile`]: its connection, and, for a file
/// this process locked, what tells whether the file at the path is still
/// the one locked. It hands out the handles of the file's parts, each on
/// that connection.
#[derive(Debug, Clone)]
pub struct StateGuard {
    conn: StateConn,
}

impl StateGuard {
    /// Whether the file at the path is still the one locked at start (not
    /// deleted, replaced or emptied); always, for a file opened without
    /// the lock.
    pub fn verify(&self) -> Result<(), StateFileError> {
        self.conn.verify()
    }

    /// The path of the state file (resolved, for a file locked).
    pub fn path(&self) -> &Path {
        self.conn.path()
    }

    /// The connection every handle of the file shares. A locked file no
    /// longer the one locked is opened again at its path (so that `mokuhyo
    /// status` learns of it), or fails when it is gone.
    fn conn(&self) -> Result<StateConn, StateError> {
        if self.conn.locked().is_some() && (!self.conn.db().is_open() || self.verify().is_err()) {
            self.conn
                .db()
                .replace(StateDb::open(self.path(), Access::Existing)?);
        }
        Ok(self.conn.clone())
    }

    /// The ledger of sent mail, checked before every claim that the file
    /// is still the one locked.
    pub fn ledger(&self) -> Result<Ledger, StateError> {
        Ok(Ledger::new(self.conn()?))
    }

    /// The last good data of the workbooks. For a file locked, on a
    /// connection of its own (its writer's thread keeps it, and neither
    /// waits for the other's use of the file); else on the file's.
    pub(crate) fn last_good(&self) -> Result<LastGoodStore, StateError> {
        let conn = self.conn()?;
        if conn.locked().is_none() {
            return Ok(LastGoodStore::new(conn));
        }
        let own = StateDb::open(conn.path(), Access::Existing)?;
        Ok(LastGoodStore::new(StateConn::new(
            SharedDb::new(own),
            conn.path().to_path_buf(),
            conn.locked().cloned(),
        )))
    }

    /// The history of the report cells.
    pub fn history(&self) -> Result<HistoryStore, StateError> {
        Ok(HistoryStore::new(self.conn()?))
    }

    /// The last good roster.
    pub fn roster(&self) -> Result<RosterStore, StateError> {
        Ok(RosterStore::new(self.conn()?))
    }

    /// What is recorded for `mokuhyo status`.
    pub fn daemon(&self) -> Result<DaemonRecord, StateError> {
        Ok(DaemonRecord::new(self.conn()?))
    }
}

/// The state file, the one owner of it in a process: it decides how the
/// file is opened — locked by this process for as long as the value lives
/// ([`StateFile::acquire`]: the commands and the daemon), or without the
/// lock ([`StateFile::open`]: read only for `mokuhyo status`, `history` and
/// `remind --dry-run`; [`StateFile::in_memory`]) — and hands out the
/// handles of its parts: [`StateFile::ledger`], [`StateFile::last_good`],
/// [`StateFile::history`], [`StateFile::roster`], [`StateFile::daemon`].
///
/// Keep a locked one until the process has closed every connection to the
/// file (drop it last): on Unix, closing its descriptor while SQLite holds
/// a lock on the same file would release SQLite's lock.
#[derive(Debug)]
pub struct StateFile {
    guard: StateGuard,
    /// The lock and the ledger's id (`None`: opened without the lock).
    locked: Option<Lock>,
}

/// The lock of a state file this process holds.
#[derive(Debug)]
struct Lock {
    /// The file locked (the state file itself on Unix); never read, only held.
    _file: File,
    ledger_id: String,
}

impl StateFile {
    /// Locks the state file `database` for `role`, creating it only when no
    /// earlier ledger is expected ([`StateFileError`] says why not).
    /// Another command holding the lock is waited for (`waiting` is called
    /// once with it); a daemon holding it is an error, for a daemon and a
    /// command alike.
    pub fn acquire(
        database: &Path,
        output_dir: &Path,
        role: Role,
        waiting: &dyn Fn(&Holder, &Path),
    ) -> Result<StateFile, StateFileError> {
        let path = resolve(database);
        let marker = output_dir.join(MARKER_NAME);
        let expected = read_marker(&marker);
        let (lock, identity) = loop {
            match std::fs::metadata(&path) {
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    if let Some(expected) = &expected {
                        return Err(StateFileError::Missing {
                            path,
                            expected: expected.clone(),
                            marker,
                        });
                    }
                    let legacy = output_dir.join(LEGACY_NAME);
                    if legacy.is_file() && resolve(&legacy) != path {
                        return Err(StateFileError::Legacy { path, legacy });
                    }
                    create(&path)?;
                    continue;
                }
                Err(err) => return Err(StateFileError::io(&path, Io::Read, err)),
                Ok(meta) if meta.len() == 0 => {
                    return Err(StateFileError::Empty { path, marker });
                }
                Ok(_) => {}
            }
            let lock = open_lock(&path)?;
            wait_for_lock(&lock, &path, waiting)?;
            // The file may have been replaced between the open and the lock.
            let identity = identity_of(&lock);
            if identity.is_none()
                || identity
                    == std::fs::metadata(&path)
                        .ok()
                        .and_then(|m| file_identity(&m))
            {
                break (lock, identity);
            }
        };
        let db = StateDb::open(&path, Access::Existing)?;
        let found = db.identity().ledger_id()?;
        let ledger_id = match (expected, found) {
            (Some(expected), Some(found)) if expected == found => found,
            (Some(expected), found) => {
                return Err(StateFileError::Foreign {
                    path,
                    expected,
                    found: found
                        .map_or("no ledger id".to_string(), |id| format!("the ledger {id}")),
                    marker,
                });
            }
            (None, Some(found)) => found,
            // A state file of an earlier release, or one created just now.
            (None, None) => {
                let new = new_ledger_id(&path);
                db.identity().set_ledger_id(&new, crate::clock::now_utc())?;
                new
            }
        };
        let holder = Fact::Holder(Holder::of_this_process(role));
        if let Err(err) = db.daemon_state().record(&[holder], crate::clock::now_utc()) {
            tracing::warn!(
                "{}",
                t!(
                    "log-holder-unrecorded",
                    error = crate::logging::causes(&err)
                )
            );
        }
        let state = StateFile {
            guard: StateGuard {
                conn: StateConn::new(
                    SharedDb::new(db),
                    path,
                    Some(LockedFile { identity, marker }),
                ),
            },
            locked: Some(Lock {
                _file: lock,
                ledger_id,
            }),
        };
        state.record_marker();
        Ok(state)
    }

    /// Opens the state file at `path` as `access` says, without its lock:
    /// read only (`mokuhyo status`, `mokuhyo history`, `remind --dry-run`),
    /// or created when absent (tests). The commands and the daemon that
    /// write it take the lock ([`StateFile::acquire`]), which never creates
    /// a file in place of a ledger that is expected.
    pub fn open(path: &Path, access: Access) -> Result<StateFile, StateError> {
        Ok(StateFile::unlocked(StateDb::open(path, access)?))
    }

    /// A state file in memory, at the current layout (a dry run without a
    /// state file; tests).
    pub fn in_memory() -> Result<StateFile, StateError> {
        Ok(StateFile::unlocked(StateDb::in_memory()?))
    }

    fn unlocked(db: StateDb) -> StateFile {
        let path = db.path().to_path_buf();
        StateFile {
            guard: StateGuard {
                conn: StateConn::new(SharedDb::new(db), path, None),
            },
            locked: None,
        }
    }

    /// The path of the state file (resolved, for a file locked).
    pub fn path(&self) -> &Path {
        self.guard.path()
    }

    /// The ledger's id (`None`: a file opened without the lock).
    pub fn ledger_id(&self) -> Option<&str> {
        self.locked.as_ref().map(|lock| lock.ledger_id.as_str())
    }

    /// Whether the file at the path is still the one locked at start.
    pub fn verify(&self) -> Result<(), StateFileError> {
        self.guard.verify()
    }

    /// What tells whether the file is still the one locked at start, and
    /// hands out its handles on other threads.
    pub fn guard(&self) -> StateGuard {
        self.guard.clone()
    }

    /// The ledger of sent mail ([`StateGuard::ledger`]).
    pub fn ledger(&self) -> Result<Ledger, StateError> {
        self.guard.ledger()
    }

    /// The last good data of the workbooks ([`StateGuard::last_good`]).
    pub(crate) fn last_good(&self) -> Result<LastGoodStore, StateError> {
        self.guard.last_good()
    }

    /// The history of the report cells.
    pub fn history(&self) -> Result<HistoryStore, StateError> {
        self.guard.history()
    }

    /// The last good roster.
    pub fn roster(&self) -> Result<RosterStore, StateError> {
        self.guard.roster()
    }

    /// What is recorded for `mokuhyo status`.
    pub fn daemon(&self) -> Result<DaemonRecord, StateError> {
        self.guard.daemon()
    }

    /// Writes the marker beside the outputs when it is missing (the output
    /// folder was deleted): the next process then knows which ledger to
    /// expect. A failure is logged. Nothing for a file opened without the
    /// lock.
    pub fn record_marker(&self) {
        let (Some(lock), Some(locked)) = (&self.locked, self.guard.conn.locked()) else {
            return;
        };
        let marker = &locked.marker;
        if read_marker(marker).as_deref() == Some(lock.ledger_id.as_str()) {
            return;
        }
        let text = format!(
            "# mokuhyo: the ledger of sent mail whose state file writes these outputs.\n\
             # A state file with another ledger (or none) is not used: its mails would go again.\n\
             ledger = {}\nstate = {}\n",
            lock.ledger_id,
            self.path().display()
        );
        let written =
            crate::io::output_file::save_atomically(marker, crate::clock::now_utc(), |file| {
                use std::io::Write;
                file.write_all(text.as_bytes()).map_err(|source| {
                    crate::io::output_file::WriteError::Io {
                        path: marker.clone(),
                        source,
                    }
                })
            });
        if let Err(err) = written {
            tracing::warn!(marker = %marker.display(), "{}", t!("log-marker-unrecorded", error = crate::logging::causes(&err)));
        }
    }
}

impl Drop for StateFile {
    /// Closes the connection before the lock goes (see [`StateFile`]); a
    /// file opened without the lock stays open for its handles.
    fn drop(&mut self) {
        if self.locked.is_some() {
            self.guard.conn.db().close();
        }
    }
}

/// Tells on standard error that a command waits for `holder` to finish
/// with the state file at `path` (the `waiting` of [`StateFile::acquire`]).
pub fn tell_waiting(holder: &Holder, path: &Path) {
    eprintln!(
        "mokuhyo: {}",
        t!(
            "log-waiting-for-state-file",
            holder = holder.to_string(),
            path = path.display()
        )
    );
}

/// What keeps the state file `database` from being used, as far as can be
/// told without locking or writing it (`mokuhyo status`): missing while a
/// ledger is expected, empty, or holding another ledger than the one
/// recorded beside the outputs in `output_dir`.
pub fn inspect(database: &Path, output_dir: &Path) -> Option<StateFileError> {
    let path = resolve(database);
    let marker = output_dir.join(MARKER_NAME);
    let expected = read_marker(&marker);
    let meta = match std::fs::metadata(&path) {
        Ok(meta) => meta,
        Err(_) => {
            return expected.map(|expected| StateFileError::Missing {
                path,
                expected,
                marker,
            });
        }
    };
    if meta.len() == 0 {
        return Some(StateFileError::Empty { path, marker });
    }
    let expected = expected?;
    // A file without the table has no id; one of a later layout says so.
    let found = match StateDb::open(&path, Access::ReadOnly) {
        Ok(db) => db.identity().ledger_id().ok().flatten(),
        Err(err) if matches!(err.cause, Cause::NewerFormat { .. }) => {
            return Some(StateFileError::State(err));
        }
        Err(_) => None,
    };
    (found.as_deref() != Some(expected.as_str())).then(|| StateFileError::Foreign {
        path,
        expected,
        found: found.map_or("no ledger id".to_string(), |id| format!("the ledger {id}")),
        marker,
    })
}

/// Why the state file at `path` cannot be written now, as `mokuhyo status`
/// finds it without writing anything: no write can start within `wait`
/// (another program holds SQLite's lock on it), or it is read-only.
pub fn probe_writable(path: &Path, wait: Duration) -> Option<String> {
    let could_start =
        StateDb::open(path, Access::WriteProbe).and_then(|db| db.write_could_start(wait));
    match could_start {
        Ok(true) => None,
        Ok(false) => Some(format!(
            "the state file {} cannot be written (read-only): nothing is recorded, no mail is sent",
            path.display()
        )),
        Err(err) if err.is_busy() => Some(format!(
            "the state file {} is locked by another program (no write could start within {} s)",
            path.display(),
            wait.as_secs()
        )),
        Err(err) => Some(err.to_string()),
    }
}

/// Who holds the lock of the state file `database` (`None`: nobody, or the
/// file does not exist).
pub fn holder(database: &Path) -> Option<Holder> {
    let path = resolve(database);
    if !path.exists() {
        return None;
    }
    let held = {
        let lock = open_lock(&path).ok()?;
        match lock.try_lock_shared() {
            Ok(()) => false,
            Err(TryLockError::WouldBlock) => true,
            Err(TryLockError::Error(_)) => return None,
        }
        // The descriptor is closed here, before SQLite opens the file.
    };
    if !held {
        return None;
    }
    recorded_holder(&path).or(Some(Holder {
        role: Role::Remind,
        pid: 0,
    }))
}

/// The holder recorded in the state file.
fn recorded_holder(path: &Path) -> Option<Holder> {
    let db = StateDb::open(path, Access::ReadOnly).ok()?;
    db.daemon_state().read().ok()?.holder
}

/// Takes the lock of `lock`; while another process holds it: waits for a
/// command, fails for a daemon.
fn wait_for_lock(
    lock: &File,
    path: &Path,
    waiting: &dyn Fn(&Holder, &Path),
) -> Result<(), StateFileError> {
    let since = Instant::now();
    let mut announced = false;
    loop {
        match lock.try_lock() {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(err)) => {
                return Err(StateFileError::io(path, Io::Lock, err));
            }
        }
        if since.elapsed() >= HOLDER_SETTLES {
            let holder = recorded_holder(path).unwrap_or(Holder {
                role: Role::Remind,
                pid: 0,
            });
            if holder.role == Role::Daemon {
                return Err(StateFileError::DaemonRunning {
                    path: path.to_path_buf(),
                    pid: holder.pid,
                });
            }
            if !announced {
                waiting(&holder, path);
                announced = true;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The ledger id the marker in `marker` names.
fn read_marker(marker: &Path) -> Option<String> {
    let text = std::fs::read_to_string(marker).ok()?;
    text.lines()
        .filter_map(|line| line.strip_prefix("ledger = "))
        .map(|id| id.trim().to_string())
        .find(|id| !id.is_empty())
}

/// Creates a new state file at `path`, whole: written under a temporary
/// name, then linked into place (a file that appeared meanwhile is kept).
fn create(path: &Path) -> Result<(), StateFileError> {
    let dir = path
        .parent()
        .ok_or_else(|| StateFileError::io(path, Io::Create, "no folder"))?;
    std::fs::create_dir_all(dir).map_err(|e| StateFileError::io(path, Io::CreateFolder, e))?;
    let temporary = tempfile::Builder::new()
        .prefix(".mokuhyo-state-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| StateFileError::io(path, Io::Create, e))?;
    {
        // Closing the connection checkpoints the WAL into the file.
        let db = StateDb::open(temporary.path(), Access::Create)
            .map_err(|e| StateFileError::io(path, Io::Create, e))?;
        drop(db);
    }
    temporary
        .as_file()
        .sync_all()
        .map_err(|e| StateFileError::io(path, Io::Create, e))?;
    match std::fs::hard_link(temporary.path(), path) {
        Ok(()) => {
            tracing::info!(path = %path.display(), "{}", t!("log-state-file-created"));
            Ok(())
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(StateFileError::io(path, Io::Create, err)),
    }
}

/// A random id for a new ledger.
fn new_ledger_id(path: &Path) -> String {
    let now = crate::clock::now_utc();
    let seed = format!(
        "{}\n{}\n{}\n{:p}",
        now.timestamp_nanos_opt().unwrap_or_default(),
        std::process::id(),
        path.display(),
        &now
    );
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(seed.as_bytes()))
}

/// The file whose lock guards the state file at `path`.
#[cfg(unix)]
fn open_lock(path: &Path) -> Result<File, StateFileError> {
    File::open(path).map_err(|e| StateFileError::io(path, Io::Open, e))
}

#[cfg(not(unix))]
fn open_lock(path: &Path) -> Result<File, StateFileError> {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    let lock = std::path::PathBuf::from(name);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|e| StateFileError::io(&lock, Io::Open, e))
}

#[cfg(test)]
mod tests;
