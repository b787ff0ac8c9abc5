//! Department workbooks: which files to read ([`classify`]), reading them
//! ([`read`]) into the cell grid a sheet is read into ([`crate::grid`]), and the
//! number formats that mark dates ([`styles`]).
pub mod classify;
mod core_props;
mod local_disk;
mod ods_parts;
pub mod read;
mod read_thread;
pub mod styles;
mod xlsx_parts;

pub use crate::grid::{CellValue, ExcelTable, Grid, MergedRange};
pub use classify::{FileClass, Format, IgnoreReason, classify};
pub use read::{ReadError, ReadLimits, Workbook, read_workbook};
