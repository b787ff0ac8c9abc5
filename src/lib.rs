//! mokuhyo (目標): reads the goal workbooks Japanese city departments keep in
//! a shared folder, consolidates them for the planning section, and reminds
//! departments of the report cells still empty.
//!
//! The pure core ([`calendar`], [`model`], the interpretation of cell grids)
//! takes values and returns values; the shell ([`cli`], file reading,
//! writing, mail, the daemon) owns the clock, the files and the network.

#![forbid(unsafe_code)]

pub mod calendar;
pub mod catalog;
pub mod cell_text;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod consolidate;
pub mod daemon;
pub mod history;
pub mod interpret;
pub mod last_good;
pub mod logging;
pub mod model;
pub mod pattern;
pub mod pipeline;
pub mod remind;
pub mod roster;
pub mod scan;
pub mod schema;
pub mod signal;
pub mod status;
pub mod template;
pub mod workbook;

pub use cli::{Cli, run};
