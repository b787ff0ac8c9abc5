//! Reading the roster file into cell grids: xlsx (and the other workbook
//! formats) through the workbook reader, CSV in UTF-8 with or without a
//! byte order mark through the csv crate. Text cells that hold dates stay
//! text: the roster's parser reads them, 和暦 included.

use std::path::{Path, PathBuf};

use crate::io::workbook::{ReadError, ReadLimits, read_workbook};
use mokuhyo_core::grid::{CellValue, Grid};
use mokuhyo_core::problem::ImportProblem;

/// Why the roster file cannot be read; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum RosterFileError {
    /// The file cannot be read (or, a workbook, opened).
    #[error(transparent)]
    File(#[from] ReadError),
    /// A workbook none of whose sheets could be read, with each sheet's
    /// problem.
    #[error("{}: no sheet could be read ({})", path.display(), described(problems))]
    NoSheet {
        path: PathBuf,
        problems: Vec<ImportProblem>,
    },
    /// A line of a CSV file that is not CSV in UTF-8.
    #[error("{}: line {line}: not CSV in UTF-8 ({source}); save it as \"CSV UTF-8\"", path.display())]
    CsvLine {
        path: PathBuf,
        line: u64,
        #[source]
        source: csv::Error,
    },
    #[error("{}: not CSV in UTF-8 ({source})", path.display())]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
}

/// `problem; problem`.
fn described(problems: &[ImportProblem]) -> String {
    let each: Vec<String> = problems.iter().map(ImportProblem::describe).collect();
    each.join("; ")
}

/// The sheets of the roster file, or why it cannot be read (naming the file).
pub(crate) fn read_roster_file(
    path: &Path,
    limits: &ReadLimits,
) -> Result<Vec<Grid>, RosterFileError> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        return read_csv(path, limits).map(|grid| vec![grid]);
    }
    let workbook = read_workbook(path, limits)?;
    if workbook.sheets.is_empty() {
        return Err(RosterFileError::NoSheet {
            path: path.to_path_buf(),
            problems: workbook.sheet_errors().into_iter().cloned().collect(),
        });
    }
    Ok(workbook.sheets)
}

/// A CSV file as one grid named after the file.
fn read_csv(path: &Path, limits: &ReadLimits) -> Result<Grid, RosterFileError> {
    let unreadable = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: limits.max_file_bytes,
        }
        .into());
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|source| {
            let path = path.to_path_buf();
            match source.position().map(csv::Position::line) {
                Some(line) => RosterFileError::CsvLine { path, line, source },
                None => RosterFileError::Csv { path, source },
            }
        })?;
        rows.push(
            record
                .iter()
                .map(|field| match field.trim() {
                    "" => CellValue::Empty,
                    text => CellValue::Text(text.to_string()),
                })
                .collect(),
        );
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "roster.csv".to_string());
    Ok(Grid::from_rows(name, rows))
}

#[cfg(test)]
mod tests;
