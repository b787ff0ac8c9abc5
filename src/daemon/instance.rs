//! One daemon per state file: `mokuhyo run` holds an exclusive lock on
//! `<state file>.lock` while it runs (the operating system's file lock:
//! `flock` on Unix, `LockFileEx` on Windows, released when the process
//! ends, however it ends). `mokuhyo status` asks the same lock whether a
//! daemon is running.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file of a state file: `out/mokuhyo.sqlite` → `out/mokuhyo.sqlite.lock`.
pub(crate) fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// The lock, held until dropped.
#[derive(Debug)]
pub(crate) struct InstanceLock {
    _file: File,
}

impl InstanceLock {
    /// Takes the lock of `database`, creating its folder and file. Fails
    /// when another daemon holds it, or naming the file that cannot be
    /// created.
    pub(crate) fn acquire(database: &Path) -> anyhow::Result<InstanceLock> {
        let path = lock_path(database);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| anyhow::anyhow!("{}: cannot create the folder: {e}", dir.display()))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| anyhow::anyhow!("{}: cannot open: {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(InstanceLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(anyhow::anyhow!(
                "another mokuhyo daemon is running with the state file {} (its lock {} is held)",
                database.display(),
                path.display()
            )),
            Err(TryLockError::Error(e)) => {
                Err(anyhow::anyhow!("{}: cannot lock: {e}", path.display()))
            }
        }
    }
}

/// Whether a daemon holds the lock of `database` (`None`: the lock file
/// cannot be opened or locked, or does not exist, so no daemon ever ran
/// with this state file here).
pub(crate) fn is_running(database: &Path) -> Option<bool> {
    let file = File::open(lock_path(database)).ok()?;
    match file.try_lock_shared() {
        Ok(()) => Some(false),
        Err(TryLockError::WouldBlock) => Some(true),
        Err(TryLockError::Error(_)) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_held_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state").join("mokuhyo.sqlite");
        assert_eq!(is_running(&db), None);
        let lock = InstanceLock::acquire(&db).unwrap();
        assert!(lock_path(&db).ends_with("state/mokuhyo.sqlite.lock"));
        assert_eq!(is_running(&db), Some(true));
        let second = InstanceLock::acquire(&db).unwrap_err().to_string();
        assert!(second.contains("another mokuhyo daemon"), "{second}");
        drop(lock);
        assert_eq!(is_running(&db), Some(false));
        assert!(InstanceLock::acquire(&db).is_ok());
    }
}
