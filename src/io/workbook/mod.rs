//! Department workbooks: which files to read ([`classify`]), reading them
//! ([`read`]) into the cell grid a sheet is read into ([`mokuhyo_core::grid`]), the
//! number formats that mark dates ([`styles`]), and tables kept as text —
//! CSV exports, HTML tables named `.xls` ([`text_tables`]).
pub mod classify;
mod core_props;
pub(crate) mod file_bytes;
mod local_disk;
mod ods_parts;
pub mod read;
mod read_error;
mod read_thread;
pub mod styles;
mod text_tables;
mod xlsx_parts;

pub use classify::{FileClass, Format, IgnoreReason, classify};
pub use read::{ReadError, ReadLimits, Workbook, read_workbook};
