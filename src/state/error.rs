//! [`StateError`]: what could not be done to the state file, where, and
//! why — the one error of every table of it, its cause kept
//! ([`std::error::Error::source`]); and [`StateFileError`]: why a state
//! file is not used at all (see [`super::file`]).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::i18n::t;

/// What was being done to the state file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Open,
    Migrate,
    ReadSentMail,
    WriteSentMail,
    ReadLastGood,
    WriteLastGood,
    ReadHistory,
    ReadRoster,
    WriteRoster,
    ReadDaemonState,
    WriteDaemonState,
    ReadIdentity,
    WriteIdentity,
    ProbeWrite,
}

impl Operation {
    fn describe(self) -> String {
        match self {
            Operation::Open => t!("state-op-open"),
            Operation::Migrate => t!("state-op-migrate"),
            Operation::ReadSentMail => t!("state-op-read-sent-mail"),
            Operation::WriteSentMail => t!("state-op-write-sent-mail"),
            Operation::ReadLastGood => t!("state-op-read-last-good"),
            Operation::WriteLastGood => t!("state-op-write-last-good"),
            Operation::ReadHistory => t!("state-op-read-history"),
            Operation::ReadRoster => t!("state-op-read-roster"),
            Operation::WriteRoster => t!("state-op-write-roster"),
            Operation::ReadDaemonState => t!("state-op-read-daemon-state"),
            Operation::WriteDaemonState => t!("state-op-write-daemon-state"),
            Operation::ReadIdentity => t!("state-op-read-identity"),
            Operation::WriteIdentity => t!("state-op-write-identity"),
            Operation::ProbeWrite => t!("state-op-probe-write"),
        }
    }
}

/// Why it could not be done.
#[derive(Debug)]
pub enum Cause {
    /// SQLite's error.
    Sqlite(rusqlite::Error),
    /// A value stored as JSON that cannot be written or read back.
    Data(serde_json::Error),
    /// The file was brought to a layout this version does not know (by a
    /// later version of mokuhyo): it is neither read nor written.
    NewerFormat { found: u32, known: u32 },
    /// The connection was closed (the process is letting the file go).
    Closed,
}

/// The state file could not be opened, read or written.
#[derive(Debug)]
pub struct StateError {
    pub path: PathBuf,
    pub operation: Operation,
    pub cause: Cause,
    /// The layout version of a file opened read-only before it was brought
    /// up to date, when it is older than this version's: what a failed
    /// read is probably owed to.
    pub older_format: Option<u32>,
}

impl StateError {
    pub(crate) fn new(path: &Path, operation: Operation, cause: Cause) -> StateError {
        StateError {
            path: path.to_path_buf(),
            operation,
            cause,
            older_format: None,
        }
    }

    pub(crate) fn sqlite(path: &Path, operation: Operation, err: rusqlite::Error) -> StateError {
        StateError::new(path, operation, Cause::Sqlite(err))
    }

    /// Whether SQLite gave up waiting for a lock another connection holds.
    pub fn is_busy(&self) -> bool {
        matches!(
            &self.cause,
            Cause::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                )
        )
    }
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cause = match &self.cause {
            Cause::Sqlite(e) => e.to_string(),
            Cause::Data(e) => e.to_string(),
            Cause::NewerFormat { found, known } => {
                t!("state-newer-format", found = *found, known = *known)
            }
            Cause::Closed => t!("state-closed"),
        };
        let mut text = t!(
            "state-error",
            path = self.path.display(),
            operation = self.operation.describe(),
            cause = cause
        );
        if let Some(found) = self.older_format {
            text.push_str(&t!(
                "state-older-format",
                found = found,
                current = super::migrations::CURRENT
            ));
        }
        f.write_str(&text)
    }
}

impl std::error::Error for StateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.cause {
            Cause::Sqlite(e) => Some(e),
            Cause::Data(e) => Some(e),
            Cause::NewerFormat { .. } | Cause::Closed => None,
        }
    }
}

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
    pub(crate) fn io(path: &Path, what: Io, err: impl fmt::Display) -> StateFileError {
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
pub(crate) enum Io {
    Read,
    Open,
    Lock,
    Create,
    CreateFolder,
}
