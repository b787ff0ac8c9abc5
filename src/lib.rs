//! mokuhyo (目標): reads the goal workbooks Japanese city departments keep in
//! a shared folder, consolidates them for the planning section, and reminds
//! departments of the report cells still empty.
//!
//! **Layers.** This package is the shell: it alone touches files, the
//! clock, SMTP, SQLite and the watcher. Its folders are layers, each
//! importing only those below it:
//!
//! 1. the foundations: [`clock`] (the one place that reads it), [`i18n`],
//!    [`logging`];
//! 2. [`io`]: the shared folder read, the outputs written;
//! 3. [`state`]: the state file, its one owner and what its rows mean;
//! 4. [`mail`]: reminders rendered and sent;
//! 5. [`config`]: the layered configuration, which names the settings of
//!    the layers below;
//! 6. [`pipeline`]: a scan of the folder turned into outputs;
//! 7. [`daemon`]: the event loop; [`commands`]: one file per subcommand;
//!    [`cli`]: the command line.
//!
//! The pure core is the `mokuhyo-core` crate (`crates/core`): the calendar,
//! the cell grid and texts, the interpretation of grids, the model, and the
//! consolidation, reminder, template, history and roster models, values in
//! and values out. It is named as `mokuhyo_core::` where it is used. The core
//! cannot name the shell (the dependency runs one way), and its `Cargo.toml`
//! names no crate that does input or output (`crates/core/tests/purity.rs`
//! checks the whole dependency tree); `tests/module_cycles.rs` checks the
//! layers.

#![forbid(unsafe_code)]

pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod daemon;
pub mod i18n;
pub mod io;
pub mod logging;
pub mod mail;
pub mod pipeline;
pub mod state;

pub use cli::{Cli, run};
