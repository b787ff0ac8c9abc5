//! What a handle of the state file ([`super::StateFile`]'s ledger, last
//! good data, history, roster and daemon record) reads and writes through:
//! the connection, the file's path, and — for a file this process locked —
//! what tells whether the file at the path is still the one locked.

use std::path::{Path, PathBuf};

use super::error::Io;
use super::path::file_identity;
use super::{Operation, SharedDb, StateDb, StateError, StateFileError};

/// The state file as its handles reach it.
#[derive(Debug, Clone)]
pub struct StateConn {
    db: SharedDb,
    path: PathBuf,
    /// The file locked at start (`None`: a file opened without the lock).
    locked: Option<LockedFile>,
}

/// What the state file locked at start was.
#[derive(Debug, Clone)]
pub(crate) struct LockedFile {
    /// Device and inode of the file locked (Unix).
    pub identity: Option<(u64, u64)>,
    /// The marker beside the outputs that names its ledger.
    pub marker: PathBuf,
}

impl StateConn {
    pub(crate) fn new(db: SharedDb, path: PathBuf, locked: Option<LockedFile>) -> StateConn {
        StateConn { db, path, locked }
    }

    /// The file's path (resolved, for a file locked).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection.
    pub(crate) fn db(&self) -> &SharedDb {
        &self.db
    }

    /// The file locked at start, when this process locked it.
    pub(crate) fn locked(&self) -> Option<&LockedFile> {
        self.locked.as_ref()
    }

    /// Runs `f` on the open file (`operation` names what fails when it is
    /// closed).
    pub(crate) fn with<T>(
        &self,
        operation: Operation,
        f: impl FnOnce(&StateDb) -> Result<T, StateError>,
    ) -> Result<T, StateError> {
        self.db.with(&self.path, operation, f)
    }

    /// Whether the file at the path is still the one locked at start (not
    /// deleted, replaced or emptied); always, for a file opened without the
    /// lock.
    pub fn verify(&self) -> Result<(), StateFileError> {
        let Some(locked) = &self.locked else {
            return Ok(());
        };
        let meta = match std::fs::metadata(&self.path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(StateFileError::Vanished {
                    path: self.path.clone(),
                });
            }
            Err(err) => return Err(StateFileError::io(&self.path, Io::Read, err)),
        };
        if locked.identity.is_some() && file_identity(&meta) != locked.identity {
            return Err(StateFileError::Replaced {
                path: self.path.clone(),
            });
        }
        if meta.len() == 0 {
            return Err(StateFileError::Empty {
                path: self.path.clone(),
                marker: locked.marker.clone(),
            });
        }
        Ok(())
    }
}
