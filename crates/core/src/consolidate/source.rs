//! What the consolidation reads: one [`SourceFile`] per workbook of the
//! folder, its reports, its problems and when it was saved.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::SheetReport;
use crate::problem::ImportProblem;

/// Everything read from one workbook of the folder.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The file's modification time.
    pub modified: Option<DateTime<Utc>>,
    /// One report per goal sheet and fiscal year, shared with the catalog.
    pub reports: Arc<[SheetReport]>,
    /// Why the file, or parts of it, could not be read; why it was skipped.
    pub problems: Vec<ImportProblem>,
    /// The last good data was kept after a failed re-read.
    pub stale: bool,
}
