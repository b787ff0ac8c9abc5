//! mokuhyo (目標): reads the goal workbooks Japanese city departments keep in
//! a shared folder, consolidates them for the planning section, and reminds
//! departments of the report cells still empty.
//!
//! **Layers.** This package is the shell: it alone touches files, the
//! clock, SMTP, SQLite and the watcher — reading workbooks ([`workbook`],
//! [`catalog`], [`scan`]), writing ([`output_file`], `consolidate::write`
//! and its sheets, `template::write`), mail (`remind::{transport, run,
//! render}`), the state file ([`state`], [`state::file`], [`last_good`],
//! `remind::ledger`, `history::store`), loading the configuration
//! ([`config`]), [`pipeline`], [`daemon`], [`commands`] and [`cli`]. The
//! pure core is the `mokuhyo-core` crate (`crates/core`): the calendar, the
//! cell grid and texts, the interpretation of grids, the model, and the
//! consolidation, reminder, template, history and roster models, values in
//! and values out. Its modules appear here under the same paths
//! (`mokuhyo_core::calendar`, `mokuhyo_core::remind::plan`, …). The core cannot name the
//! shell (the dependency runs one way), and its `Cargo.toml` names no crate
//! that does input or output (`crates/core/tests/purity.rs` checks the
//! whole dependency tree).

#![forbid(unsafe_code)]

pub mod catalog;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod consolidate;
pub mod daemon;
pub mod dictionary_file;
pub mod history;
pub mod i18n;
pub mod last_good;
pub mod logging;
pub mod output_file;
pub mod pipeline;
pub mod remind;
pub mod roster;
pub mod scan;
pub mod state;
pub mod status;
pub mod template;
pub mod workbook;

pub use cli::{Cli, run};
