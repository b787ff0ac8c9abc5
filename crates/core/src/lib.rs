//! mokuhyo's pure core: values in, values out. Nothing here reads a file,
//! the network, the state file, the watcher or the clock; the shell (the
//! `mokuhyo` package) does, and calls this crate. Its `Cargo.toml` names no
//! crate that does input or output, so the layering is the compiler's to
//! keep.
//!
//! - [`calendar`]: fiscal years, era years, business days, holidays, cron
//!   firings and the deadlines written in free Japanese text.
//! - [`grid`], [`text`], [`cell_text`], [`pattern`]: cell grids and the texts
//!   they hold; [`a1`]: A1 notation.
//! - [`interpret`]: a department's workbook read as goals, items and reports,
//!   whatever its layout.
//! - [`model`], [`problem`], [`schema`], [`share_path`]: what a read gives.
//! - [`mail_address`]: a mail address of the configuration or the roster,
//!   checked as sending will read it.
//! - [`consolidate`], [`remind`], [`template`], [`history`], [`roster`]: the
//!   consolidation model, the reminder plan and schedule, next year's
//!   workbooks, the history's diff and the recipient roster, as values.

#![forbid(unsafe_code)]

pub mod a1;
pub mod calendar;
pub mod cell_text;
pub mod consolidate;
pub mod grid;
pub mod history;
pub mod interpret;
pub mod mail_address;
pub mod model;
pub mod nfc;
pub mod pattern;
pub mod problem;
pub mod remind;
pub mod roster;
pub mod schema;
pub mod share_path;
pub mod shown_text;
pub mod template;
pub mod text;
