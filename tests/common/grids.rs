//! Sheets written out in a test as grids of texts, read by the
//! interpretation alone (no file), and what their items read as.

use std::path::Path;

use mokuhyo_core::grid::{Grid, MergedRange};
use mokuhyo_core::interpret::{
    FieldDictionary, InterpretOptions, WorkbookOutcome, interpret_workbook,
};
use mokuhyo_core::model::{Report, SheetReport};

/// A sheet of texts, an empty string an empty cell.
pub fn grid(name: &str, rows: &[&[&str]]) -> Grid {
    Grid::from_texts(name, rows)
}

/// Merges the cells from `(first_row, first_col)` to `(last_row, last_col)`.
pub fn merge(g: &mut Grid, first_row: u32, first_col: u32, last_row: u32, last_col: u32) {
    g.add_merge(MergedRange {
        first_row,
        first_col,
        last_row,
        last_col,
    });
}

/// The reports of the sheets read as the workbook `file`; a workbook read
/// as no goal workbook fails the test.
pub fn read_with(file: &str, sheets: &[Grid], opts: &InterpretOptions) -> Vec<SheetReport> {
    match interpret_workbook(Path::new(file), sheets, &FieldDictionary::default(), opts) {
        WorkbookOutcome::Reports(r) => r,
        other => panic!("{file}: {other:?}"),
    }
}

/// The reports of the sheets read as a 令和8年度 workbook.
pub fn read(sheets: &[Grid]) -> Vec<SheetReport> {
    read_with("令和8年度_目標.xlsx", sheets, &InterpretOptions::default())
}

/// A report as a word: filled, empty or absent (no column for it).
pub fn status(r: &Report) -> &'static str {
    match r {
        Report::Filled(_) => "filled",
        Report::Empty => "empty",
        Report::NotInLayout => "absent",
    }
}

/// The titles of the items read.
pub fn titles(reports: &[SheetReport]) -> Vec<String> {
    reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| i.title().to_string())
        .collect()
}

pub fn s(v: &str) -> String {
    v.to_string()
}
