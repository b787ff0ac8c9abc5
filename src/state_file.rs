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
//! - **One connection.** The file is opened once when locked, and the
//!   ledger of every later use ([`StateGuard::ledger`]) shares that
//!   connection ([`crate::state`]); it is closed before the lock goes.
//!
//! The state file belongs on a local disk: SQLite's WAL mode, and these
//! locks, do not work across SMB or NFS.

use std::fmt;
#[cfg(not(unix))]
use std::fs::OpenOptions;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::i18n::t;
use crate::state::{Access, Cause, Fact, SharedDb, StateDb, StateError};

pub use crate::state::{Holder, Role};

/// The file beside the consolidated outputs that names the ledger in use.
pub(crate) const MARKER_NAME: &str = ".mokuhyo-state";

/// The name of the state file of releases that kept it in the output folder.
const LEGACY_NAME: &str = "mokuhyo.sqlite";

/// How long a lock must stay held before its recorded holder is believed:
/// a process writes its name right after taking the lock, and `mokuhyo
/// status` takes it for an instant.
const HOLDER_SETTLES: Duration = Duration::from_secs(1);

/// Why a state file is not used.
#[derive(Debug)]
pub enum StateFileError {
    Missing {
        path: PathBuf,
        expected: String,
        marker: PathBuf,
    },
    Empty {
        path: PathBuf,
        marker: PathBuf,
    },
    Foreign {
        path: PathBuf,
        expected: String,
        found: String,
        marker: PathBuf,
    },
    Legacy {
        path: PathBuf,
        legacy: PathBuf,
    },
    DaemonRunning {
        path: PathBuf,
        pid: u32,
    },
    Vanished {
        path: PathBuf,
    },
    Replaced {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        message: String,
    },
    /// The file could not be opened, read or written as SQLite.
    State(StateError),
}

impl fmt::Display for StateFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            StateFileError::Missing {
                path,
                expected,
                marker,
            } => t!(
                "state-missing",
                path = path.display(),
                expected = expected,
                marker = marker.display()
            ),
            StateFileError::Empty { path, marker } => t!(
                "state-empty",
                path = path.display(),
                marker = marker.display()
            ),
            StateFileError::Foreign {
                path,
                expected,
                found,
                marker,
            } => t!(
                "state-foreign",
                path = path.display(),
                found = found,
                expected = expected,
                marker = marker.display()
            ),
            StateFileError::Legacy { path, legacy } => t!(
                "state-legacy",
                path = path.display(),
                legacy = legacy.display()
            ),
            StateFileError::DaemonRunning { path, pid } => {
                t!("state-daemon-running", path = path.display(), pid = *pid)
            }
            StateFileError::Vanished { path } => t!("state-vanished", path = path.display()),
            StateFileError::Replaced { path } => t!("state-replaced", path = path.display()),
            StateFileError::Io { path, message } => {
                t!("state-io", path = path.display(), message = message)
            }
            StateFileError::State(err) => err.to_string(),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for StateFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // Shown as the state file's own error: its cause is the next.
            StateFileError::State(err) => std::error::Error::source(err),
            _ => None,
        }
    }
}

impl From<StateError> for StateFileError {
    fn from(err: StateError) -> Self {
        StateFileError::State(err)
    }
}

impl StateFileError {
    fn io(path: &Path, what: Io, err: impl fmt::Display) -> StateFileError {
        let what = match what {
            Io::Read => t!("state-cannot-read"),
            Io::Open => t!("state-cannot-open"),
            Io::Lock => t!("state-cannot-lock"),
            Io::Create => t!("state-cannot-create"),
            Io::CreateFolder => t!("state-cannot-create-folder"),
        };
        StateFileError::Io {
            path: path.to_path_buf(),
            message: format!("{what}: {err}"),
        }
    }
}

/// What could not be done to the state file.
#[derive(Debug, Clone, Copy)]
enum Io {
    Read,
    Open,
    Lock,
    Create,
    CreateFolder,
}

/// What tells whether the state file is still the one locked at start,
/// with the connection to it.
#[derive(Debug, Clone)]
pub struct StateGuard {
    path: PathBuf,
    /// Device and inode of the file locked (Unix).
    identity: Option<(u64, u64)>,
    marker: PathBuf,
    /// The file, opened when locked and shared by every ledger of it.
    db: SharedDb,
}

impl StateGuard {
    /// Whether the file at the path is still the one locked at start (not
    /// deleted, replaced or emptied).
    pub fn verify(&self) -> Result<(), StateFileError> {
        let meta = match std::fs::metadata(&self.path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(StateFileError::Vanished {
                    path: self.path.clone(),
                });
            }
            Err(err) => return Err(StateFileError::io(&self.path, Io::Read, err)),
        };
        if self.identity.is_some() && file_identity(&meta) != self.identity {
            return Err(StateFileError::Replaced {
                path: self.path.clone(),
            });
        }
        if meta.len() == 0 {
            return Err(StateFileError::Empty {
                path: self.path.clone(),
                marker: self.marker.clone(),
            });
        }
        Ok(())
    }

    /// The resolved path of the state file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection opened when the file was locked, shared by every
    /// ledger of it ([`StateGuard::ledger`], in the ledger's module), and the file's path. A
    /// file no longer the one locked is opened again at its path (so that
    /// `mokuhyo status` learns of it), or fails when it is gone.
    pub(crate) fn shared_db(&self) -> Result<(SharedDb, PathBuf), StateError> {
        if !self.db.is_open() || self.verify().is_err() {
            self.db
                .replace(StateDb::open(&self.path, Access::Existing)?);
        }
        Ok((self.db.clone(), self.path.clone()))
    }
}

/// The state file, locked by this process for as long as the value lives.
/// Keep it until the process has closed every connection to the file (drop
/// it last): on Unix, closing its descriptor while SQLite holds a lock on the
/// same file would release SQLite's lock.
#[derive(Debug)]
pub struct StateFile {
    /// The file locked (the state file itself on Unix); never read, only held.
    _lock: File,
    guard: StateGuard,
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
            tracing::warn!("{}", t!("log-holder-unrecorded", error = err.to_string()));
        }
        let state = StateFile {
            _lock: lock,
            guard: StateGuard {
                path,
                identity,
                marker,
                db: SharedDb::new(db),
            },
            ledger_id,
        };
        state.record_marker();
        Ok(state)
    }

    /// The resolved path of the state file.
    pub fn path(&self) -> &Path {
        &self.guard.path
    }

    /// The ledger's id.
    pub fn ledger_id(&self) -> &str {
        &self.ledger_id
    }

    /// Whether the file at the path is still the one locked at start.
    pub fn verify(&self) -> Result<(), StateFileError> {
        self.guard.verify()
    }

    /// What tells whether the file is still the one locked at start.
    pub fn guard(&self) -> StateGuard {
        self.guard.clone()
    }

    /// Writes the marker beside the outputs when it is missing (the output
    /// folder was deleted): the next process then knows which ledger to
    /// expect. A failure is logged.
    pub fn record_marker(&self) {
        let marker = &self.guard.marker;
        if read_marker(marker).as_deref() == Some(self.ledger_id.as_str()) {
            return;
        }
        let text = format!(
            "# mokuhyo: the ledger of sent mail whose state file writes these outputs.\n\
             # A state file with another ledger (or none) is not used: its mails would go again.\n\
             ledger = {}\nstate = {}\n",
            self.ledger_id,
            self.guard.path.display()
        );
        let written =
            crate::output_file::save_atomically(marker, crate::clock::now_utc(), |file| {
                use std::io::Write;
                file.write_all(text.as_bytes()).map_err(|source| {
                    crate::output_file::WriteError::Io {
                        path: marker.clone(),
                        source,
                    }
                })
            });
        if let Err(err) = written {
            tracing::warn!(marker = %marker.display(), "{}", t!("log-marker-unrecorded", error = err.to_string()));
        }
    }
}

impl Drop for StateFile {
    /// Closes the connection before the lock goes (see [`StateFile`]).
    fn drop(&mut self) {
        self.guard.db.close();
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

/// `path` with links and `..` resolved, absolute: of the part that exists,
/// and the rest as written (a state file or folder not created yet).
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        match std::env::current_dir() {
            Ok(dir) => dir.join(path),
            Err(_) => return path.to_path_buf(),
        }
    };
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(resolved) = crate::scan::canonical(existing) {
            return rest.iter().rev().fold(resolved, |p, name| p.join(name));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
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
    let lock = PathBuf::from(name);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|e| StateFileError::io(&lock, Io::Open, e))
}

/// Device and inode of a file or folder (Unix; `None` elsewhere): what
/// tells one replaced by another of the same name.
#[cfg(unix)]
pub(crate) fn file_identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
pub(crate) fn file_identity(_meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// The identity of the file or folder at `path` (see [`file_identity`]); on
/// Windows its volume serial number and file index, read through a handle
/// (std gives them only on nightly): a folder renamed away and made again
/// under the same name is another one there too.
pub(crate) fn path_identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(windows)]
    {
        let handle = winapi_util::Handle::from_path_any(path).ok()?;
        let info = winapi_util::file::information(&handle).ok()?;
        Some((info.volume_serial_number(), info.file_index()))
    }
    #[cfg(not(windows))]
    {
        std::fs::metadata(path).ok().and_then(|m| file_identity(&m))
    }
}

fn identity_of(file: &File) -> Option<(u64, u64)> {
    file.metadata().ok().and_then(|m| file_identity(&m))
}

#[cfg(test)]
mod tests;
