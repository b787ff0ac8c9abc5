//! The integration tests, in one binary: each module drives the real
//! `mokuhyo` binary (or the library) on real files in temp dirs, a real
//! SMTP server on loopback and a real SQLite file. One binary links the
//! crate once instead of once per file.
//!
//! The modules are the files beside this one; [`common`] holds the harness
//! they share.

mod common;

mod admin_guide;
mod cli_config;
mod cli_deadline;
mod cli_language;
#[cfg(unix)]
mod closed_pipe;
mod consolidate_sample;
mod consolidate_write;
mod daemon;
mod deadline_cells;
mod fault_matrix;
mod five_outputs;
mod folder_outage;
mod history;
mod japanese_sweep;
mod mail_tls;
mod module_cycles;
mod parse_classes;
mod parse_converted;
mod parse_corpus;
mod parse_folder;
mod parse_generated;
mod parse_in_sheet;
mod parse_layouts;
mod parse_propose;
mod parse_records;
mod parse_sample_folder;
mod parse_structures;
mod parse_unknown_columns;
mod parse_variants;
mod read_workbooks;
mod remind_cells;
mod remind_cli;
mod remind_held;
mod remind_send;
mod roster;
mod shown_paths;
mod sqlite_confined;
mod status_cli;
mod template_cli;
mod template_round_trip;
