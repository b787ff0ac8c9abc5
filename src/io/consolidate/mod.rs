//! The consolidated workbook for the planning section (集約ブック): one per
//! fiscal year, with an overview, every action item, the deadlines by month,
//! the reports still missing and the import problems, plus the same data as
//! JSON beside it.
//!
//! [`model`] computes everything (pure); [`write`] lays it out through
//! rust_xlsxwriter ([`overview`], [`lists`], [`table`], [`formats`]) and
//! saves it with its JSON ([`json`]) and the page the core makes from the
//! same book (`mokuhyo_core::consolidate::page`).

mod formats;
mod json;
mod lists;
mod overview;
mod table;
pub mod write;

pub use write::{OutputOptions, Saved, WriteOutcome, write_consolidated};
