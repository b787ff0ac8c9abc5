//! What the history holds: the changes one good read of a file found
//! ([`RecordedRead`]) and one change as stored and shown ([`HistoryEntry`]).

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::ItemChange;

/// What one good read of a file changed.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRead {
    pub file: PathBuf,
    pub seen_at: DateTime<Utc>,
    /// The file's modification time.
    pub file_modified: Option<DateTime<Utc>>,
    /// Who saved it (`docProps/core.xml` of the bytes read).
    pub modified_by: Option<String>,
    pub changes: Vec<ItemChange>,
}

/// One stored change, as `mokuhyo history --json` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub seen_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::share_path::serialize_lossy")]
    pub file: PathBuf,
    pub file_modified: Option<DateTime<Utc>>,
    pub modified_by: Option<String>,
    #[serde(flatten)]
    pub what: ItemChange,
}
