//! The consolidated workbook for the planning section (集約ブック): one per
//! fiscal year, with an overview, every action item, the deadlines by month,
//! the reports still missing and the import problems, plus the same data as
//! JSON beside it.
//!
//! [`model`] computes everything (pure); [`write`] lays it out and saves it.

pub mod changes;
pub mod json;
pub mod labels;
mod list_xml;
pub mod model;
mod package;
#[cfg(test)]
pub(crate) mod sample;
pub mod write;

pub use json::SheetJsonCache;
pub use model::{
    ConsolidatedBook, ImportProblem, ProblemKind, ReportingDates, SourceFile, book_years,
    consolidate,
};
pub use package::PackageError;
pub use write::{OutputOptions, Saved, WriteOutcome, write_consolidated};
