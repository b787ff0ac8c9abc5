//! Where the state file is: its path with links and `..` resolved (two
//! paths to one file are one state file), and the identity of a file or
//! folder on disk (what tells one replaced by another of the same name).

use std::fs::File;
use std::path::{Path, PathBuf};

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
        if let Ok(resolved) = crate::io::scan::canonical(existing) {
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

pub(crate) fn identity_of(file: &File) -> Option<(u64, u64)> {
    file.metadata().ok().and_then(|m| file_identity(&m))
}
