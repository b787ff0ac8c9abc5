//! mokuhyo (目標): reads the goal workbooks Japanese city departments keep in
//! a shared folder, consolidates them for the planning section, and reminds
//! departments of the report cells still empty.
//!
//! **Layers.** The pure core takes values and returns values: the calendar
//! ([`calendar`]), the cell grid and texts ([`grid`], [`text`], [`model`]),
//! the interpretation of grids ([`interpret`]), the consolidation model
//! (`consolidate::{model, changes, labels}`), the reminder plan
//! (`remind::{plan, schedule, series, sent, changes}`), the template plan
//! (`template::{plan, spec, carry}`), the history's diff
//! (`history::{diff, entry, recent}`), the roster's rows
//! (`roster::{model, parse}`), import problems ([`problem`]) and [`schema`].
//! The shell alone touches files,
//! the clock, SMTP, SQLite and the watcher: reading workbooks
//! ([`workbook`], [`catalog`], [`scan`]), writing ([`output_file`],
//! `consolidate::write` and its sheets, `template::write`), mail
//! (`remind::{transport, run, render}`), the state file ([`state`], [`state_file`], [`last_good`],
//! `remind::ledger`, `history::store`), loading the configuration
//! ([`config`]), [`pipeline`], [`daemon`], [`commands`] and [`cli`]. The
//! shell calls the core, never the other way: `tests/layering.rs` fails when
//! a core file names a shell module, an I/O crate or the clock.

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
pub mod grid;
pub mod history;
pub mod i18n;
pub mod interpret;
pub mod last_good;
pub mod logging;
pub mod model;
pub mod output_file;
pub mod pattern;
pub mod pipeline;
pub mod problem;
pub mod remind;
pub mod roster;
pub mod scan;
pub mod schema;
pub mod share_path;
pub mod signal;
pub mod state;
pub mod state_file;
pub mod status;
pub mod template;
pub mod text;
pub mod workbook;

pub use cli::{Cli, run};
