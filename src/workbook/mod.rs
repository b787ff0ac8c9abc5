//! Department workbooks: which files to read ([`classify`]), reading them
//! ([`read`]) into the cell grid a sheet is read into ([`grid`]), and the
//! number formats that mark dates ([`styles`]).
pub mod classify;
pub mod grid;
mod ods_parts;
pub mod read;
pub mod styles;
mod xlsx_parts;

pub use classify::{FileClass, Format, IgnoreReason, classify};
pub use grid::{CellValue, ExcelTable, Grid, MergedRange};
pub use read::{ReadError, ReadLimits, SheetError, SheetWarning, Workbook, read_workbook};
