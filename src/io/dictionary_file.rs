//! The dictionary files the configuration names (`dictionary.file` and
//! `dictionary.extend`), read from disk: the field dictionary and the
//! roster's header words both come from them. A failure names the file
//! and keeps its cause.

use std::path::{Path, PathBuf};

use mokuhyo_core::interpret::DictionaryError;

/// A dictionary file that cannot be read or used.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryFileError {
    #[error("dictionary {}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("dictionary {}: {source}", path.display())]
    Invalid {
        path: PathBuf,
        #[source]
        source: DictionaryError,
    },
}

/// The text of the dictionary file at `path`.
pub(crate) fn read(path: &Path) -> Result<String, DictionaryFileError> {
    std::fs::read_to_string(path).map_err(|source| DictionaryFileError::Read {
        path: path.to_path_buf(),
        source,
    })
}
