//! Reading the shared folder and writing the outputs: the files themselves.
//!
//! - [`workbook`]: one file read safely (`.xlsx`, `.xlsm`, `.xls`, `.ods`, CSV,
//!   HTML tables) into cell grids with their formats, fills and merges.
//! - [`scan`]: the folder listed; [`catalog`]: every file's last read.
//! - [`dictionary_file`] and [`roster_file`]: the city's dictionary and its
//!   recipient roster, read from their files.
//! - [`output_file`]: every output written whole or not at all;
//!   [`consolidate`]: the consolidated workbook and its JSON, page and CSV;
//!   [`template`]: next year's department workbooks.
//!
//! May import: the foundations (`clock`, `i18n`, `logging`) and the core;
//! nothing above (`state`, `mail`, `config`, `pipeline`, `daemon`, `commands`).

pub mod catalog;
pub mod consolidate;
pub mod dictionary_file;
pub mod output_file;
pub mod roster_file;
pub mod scan;
pub mod template;
pub mod workbook;
