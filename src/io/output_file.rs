//! Saving an output file (a consolidated workbook, its JSON, a department
//! workbook) so that readers never see half of it: written to a temporary
//! file in the target's folder, synced, and renamed over the target. When
//! the target cannot be replaced (open in Excel on Windows, a directory in
//! its place, read-only) the data goes to a timestamped name beside it.
//! Temporary files a stopped write left behind are removed at start.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rust_xlsxwriter::XlsxError;

use crate::i18n::{io_error, t};
use mokuhyo_core::calendar::japan_time;

/// A file's size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

impl FileStamp {
    /// The stamp of the file at `path` now (`None`: no such file).
    pub fn of(path: &Path) -> Option<FileStamp> {
        let meta = fs::metadata(path).ok()?;
        meta.is_file().then(|| FileStamp::from(&meta))
    }
}

impl From<&fs::Metadata> for FileStamp {
    fn from(meta: &fs::Metadata) -> Self {
        FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// Where a file was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Under its normal name. `written` is the stamp of what was written,
    /// taken before the rename (which keeps it), so a change by anyone
    /// else right after the rename still shows.
    Replaced {
        path: PathBuf,
        written: Option<FileStamp>,
    },
    /// Under a timestamped name, because the normal one could not be replaced.
    Fallback { path: PathBuf, reason: String },
}

impl Saved {
    pub fn path(&self) -> &Path {
        match self {
            Saved::Replaced { path, .. } | Saved::Fallback { path, .. } => path,
        }
    }
}

/// Why a file could not be written at all, in the language of the command
/// line and the log (the library's and the system's own words kept as
/// they are).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}", t!("write-error-io", path = path.display(), error = io_error(source)))]
    Io { path: PathBuf, source: io::Error },
    /// The library writing the workbook failed, laying it out or packing
    /// it into its file.
    #[error("{}", t!("write-error-xlsx", path = path.display(), error = source.to_string()))]
    Xlsx { path: PathBuf, source: XlsxError },
    /// The library writing the workbook stopped (it panics when the
    /// temporary files its long sheets go through cannot be written or
    /// read back: a full or read-only temporary folder).
    #[error(
        "{}",
        t!(
            "write-error-layout",
            path = path.display(),
            temp = temp.display(),
            error = message
        )
    )]
    Layout {
        path: PathBuf,
        temp: PathBuf,
        message: String,
    },
    #[error("{}", t!("write-error-json", path = path.display(), error = source.to_string()))]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(
        "{}",
        t!(
            "write-error-persist",
            target = target.display(),
            reason = reason,
            fallback = fallback.display(),
            error = io_error(source)
        )
    )]
    Persist {
        target: PathBuf,
        fallback: PathBuf,
        reason: String,
        source: io::Error,
    },
}

/// Where a copy goes when `target` cannot be replaced: the copy already
/// written since `target` last changed, if it can be written again (one copy
/// per episode of blocking, brought up to date at every save), else
/// `全庁目標一覧_令和8年度_20260601093000.xlsx` beside `target`, stamped
/// with `generated_at`.
pub fn fallback_path(target: &Path, generated_at: DateTime<Utc>) -> PathBuf {
    let prefix = format!(
        "{}_",
        target.file_stem().unwrap_or_default().to_string_lossy()
    );
    let suffix = target
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let is_copy = |name: &str| {
        name.strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(&suffix))
            .is_some_and(|stamp| stamp.len() == 14 && stamp.bytes().all(|b| b.is_ascii_digit()))
    };
    let blocked_since = fs::metadata(target).and_then(|m| m.modified()).ok();
    let current = blocked_since.and_then(|since| {
        fs::read_dir(target.parent()?)
            .ok()?
            .flatten()
            .filter(|e| is_copy(&e.file_name().to_string_lossy()))
            .filter(|e| {
                e.metadata()
                    .is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t >= since))
            })
            .map(|e| e.path())
            .filter(|p| fs::OpenOptions::new().write(true).open(p).is_ok())
            .max()
    });
    current.unwrap_or_else(|| {
        let stamp = japan_time(generated_at).format("%Y%m%d%H%M%S");
        target.with_file_name(format!("{prefix}{stamp}{suffix}"))
    })
}

/// The waits before trying a refused replace again. On Windows a file that
/// any process holds open cannot be replaced, and readers hold files only
/// briefly (a monitoring script reading the JSON, a virus scanner, the search
/// indexer): a replace refused for less than about a second still replaces.
/// Excel holds its workbook for as long as it is open, and gets the
/// timestamped copy. Unix replaces open files.
const REPLACE_WAITS: &[Duration] = if cfg!(windows) {
    &[
        Duration::from_millis(50),
        Duration::from_millis(100),
        Duration::from_millis(200),
        Duration::from_millis(400),
    ]
} else {
    &[]
};

/// A refusal that may pass: access denied or a sharing violation (Windows'
/// answers while another process holds the file).
fn is_transient(err: &io::Error) -> bool {
    const ERROR_SHARING_VIOLATION: i32 = 32;
    err.kind() == io::ErrorKind::PermissionDenied
        || err.raw_os_error() == Some(ERROR_SHARING_VIOLATION)
}

/// Writes through a temporary file in `target`'s folder, synced, then renamed
/// over `target` (again after [`REPLACE_WAITS`] while another process holds
/// it); falls back to [`fallback_path`] when the rename still fails.
pub(crate) fn save_atomically(
    target: &Path,
    generated_at: DateTime<Utc>,
    fill: impl FnOnce(&mut File) -> Result<(), WriteError>,
) -> Result<Saved, WriteError> {
    Filled::beside(target, fill)?.save(generated_at)
}

/// An output written whole into a temporary file beside its target, yet to
/// be synced and put in the target's place ([`Filled::save`]). The two
/// halves of [`save_atomically`], for a writer that goes on making its next
/// file while the disk takes this one: a sync waits on the disk (tens of
/// milliseconds for a large file, longer on a share), not on a core.
#[derive(Debug)]
pub(crate) struct Filled {
    temp: tempfile::NamedTempFile,
    dir: PathBuf,
    target: PathBuf,
}

impl Filled {
    /// A temporary file beside `target` (its folder made if need be) that
    /// `fill` wrote. Dropped unsaved, the temporary file is removed.
    pub(crate) fn beside(
        target: &Path,
        fill: impl FnOnce(&mut File) -> Result<(), WriteError>,
    ) -> Result<Filled, WriteError> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let io_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| WriteError::Io { path, source }
        };
        fs::create_dir_all(dir).map_err(io_error(dir))?;
        // The `.tmp` suffix keeps a folder watcher from taking it for a workbook.
        let mut builder = tempfile::Builder::new();
        builder.prefix(".mokuhyo-").suffix(".tmp");
        #[cfg(unix)]
        builder.permissions(permissions_for(target));
        let mut temp = builder.tempfile_in(dir).map_err(io_error(dir))?;
        fill(temp.as_file_mut())?;
        Ok(Filled {
            temp,
            dir: dir.to_path_buf(),
            target: target.to_path_buf(),
        })
    }

    /// The file synced to disk.
    fn synced(self) -> Result<Filled, WriteError> {
        self.temp
            .as_file()
            .sync_all()
            .map_err(|source| WriteError::Io {
                path: self.target.clone(),
                source,
            })?;
        Ok(self)
    }

    /// The file synced, then renamed over its target as
    /// [`save_atomically`] says; then the rename made durable.
    pub(crate) fn save(self, generated_at: DateTime<Utc>) -> Result<Saved, WriteError> {
        let Filled {
            mut temp,
            dir,
            target,
        } = self.synced()?;
        let written = temp
            .as_file()
            .metadata()
            .ok()
            .map(|meta| FileStamp::from(&meta));

        let mut waits = REPLACE_WAITS.iter();
        let saved = match loop {
            match temp.persist(&target) {
                Ok(_) => break Ok(()),
                Err(failed) => match waits.next() {
                    Some(wait) if is_transient(&failed.error) => {
                        std::thread::sleep(*wait);
                        temp = failed.file;
                    }
                    _ => break Err(failed),
                },
            }
        } {
            Ok(()) => Saved::Replaced {
                path: target,
                written,
            },
            Err(failed) => {
                let reason = io_error(&failed.error);
                let fallback = fallback_path(&target, generated_at);
                match failed.file.persist(&fallback) {
                    Ok(_) => Saved::Fallback {
                        path: fallback,
                        reason,
                    },
                    Err(second) => {
                        return Err(WriteError::Persist {
                            target,
                            fallback,
                            reason,
                            source: second.error,
                        });
                    }
                }
            }
        };
        sync_dir(&dir);
        Ok(saved)
    }
}

/// Writes `target` whole or not at all: through a temporary file in its
/// folder, synced, then renamed over it. For files nobody keeps open (a new
/// roster); the consolidated outputs, which Excel may hold, go through
/// [`save_atomically`].
pub fn write_atomically(
    target: &Path,
    fill: impl FnOnce(&mut File) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    let Filled { temp, dir, .. } = Filled::beside(target, fill)?.synced()?;
    temp.persist(target).map_err(|failed| WriteError::Io {
        path: target.to_path_buf(),
        source: failed.error,
    })?;
    sync_dir(&dir);
    Ok(())
}

/// The old file's permissions, or those of any new file (0o666 less the
/// umask), rather than the owner-only mode of temporary files: the planning
/// section must be able to open the workbook on the share.
#[cfg(unix)]
fn permissions_for(target: &Path) -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    match fs::metadata(target) {
        Ok(meta) if meta.is_file() => meta.permissions(),
        _ => fs::Permissions::from_mode(0o666),
    }
}

/// Makes the rename durable where the platform allows it (not on Windows).
fn sync_dir(dir: &Path) {
    if cfg!(unix)
        && let Ok(handle) = File::open(dir)
    {
        let _ = handle.sync_all();
    }
}

/// A temporary file of a write untouched this long is no longer written:
/// its writer was stopped.
const STALE_TEMPORARY: Duration = Duration::from_secs(600);

/// Removes from `dir` the temporary files of consolidated workbooks and JSON
/// (`.mokuhyo-*.tmp`, see `consolidate::write`) that no write has touched
/// for [`STALE_TEMPORARY`] as of `now`: left by a write that was stopped.
/// Returns the files removed; each is logged.
pub(crate) fn remove_stale_temporaries(dir: &Path, now: DateTime<Utc>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let now = std::time::SystemTime::from(now);
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(".mokuhyo-") && name.ends_with(".tmp")) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .is_ok_and(|modified| {
                now.duration_since(modified)
                    .is_ok_and(|age| age >= STALE_TEMPORARY)
            });
        let path = entry.path();
        if stale {
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "{}", t!("log-temporary-removed"));
                    removed.push(path);
                }
                Err(err) => {
                    tracing::warn!(path = %path.display(), "{}", t!("log-temporary-not-removed", error = crate::logging::causes(&err)))
                }
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_temporaries_untouched_for_a_while_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let now = crate::clock::now_utc();
        let hour_ago = std::time::SystemTime::from(now) - Duration::from_secs(3600);
        let file = |name: &str, modified: std::time::SystemTime| {
            let path = dir.path().join(name);
            std::fs::File::create(&path)
                .unwrap()
                .set_modified(modified)
                .unwrap();
            path
        };
        let stale = file(".mokuhyo-a1b2c3.tmp", hour_ago);
        let in_progress = file(".mokuhyo-d4e5f6.tmp", std::time::SystemTime::from(now));
        let other = file(".other-a1b2c3.tmp", hour_ago);
        let workbook = file("全庁目標一覧_令和8年度.xlsx", hour_ago);
        assert_eq!(
            remove_stale_temporaries(dir.path(), now),
            std::slice::from_ref(&stale)
        );
        assert!(!stale.exists());
        assert!(in_progress.exists() && other.exists() && workbook.exists());
        assert!(remove_stale_temporaries(&dir.path().join("missing"), now).is_empty());
    }

    /// What stands in the output's folder: its files' names, sorted.
    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_filled_file_replaces_its_target_only_when_saved_and_leaves_nothing_when_dropped() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("全庁目標一覧_令和8年度.json");
        fs::write(&target, "old").unwrap();
        let now = crate::clock::now_utc();

        let filled = Filled::beside(&target, |file| {
            file.write_all(b"new").map_err(|source| WriteError::Io {
                path: target.clone(),
                source,
            })
        })
        .unwrap();
        // Filled and not saved: the target is as it was, the new data waits
        // beside it under a temporary name.
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(names_in(dir.path()).len(), 2);
        let saved = filled.save(now).unwrap();
        assert_eq!(saved.path(), target);
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(names_in(dir.path()), ["全庁目標一覧_令和8年度.json"]);

        // Filled and dropped (its saving thread gone): nothing is left.
        drop(
            Filled::beside(&target, |file| {
                file.write_all(b"lost").map_err(|source| WriteError::Io {
                    path: target.clone(),
                    source,
                })
            })
            .unwrap(),
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(names_in(dir.path()), ["全庁目標一覧_令和8年度.json"]);
    }
}
