//! Department workbooks: the cell grid a sheet is read into ([`grid`]).
pub mod grid;

pub use grid::{CellValue, Grid, MergedRange};
