//! The consolidation model, as values: the workbooks read ([`source`]) made
//! into one book per fiscal year ([`model`]), the copies among them
//! ([`copies`]), the changes it shows ([`changes`]), the status words and
//! counts ([`status`]) and the labels its sheets use ([`labels`]); the page
//! beside the book ([`page`]) in the workbook's colours ([`palette`]), the
//! CSV a city publishes ([`publish`]) and the years side by side
//! ([`years`]).
//! Writing the files is the shell's.

pub mod changes;
pub mod copies;
pub mod labels;
pub mod model;
pub mod page;
pub mod palette;
pub mod publish;
#[cfg(test)]
pub(crate) mod sample;
pub mod source;
pub mod status;
pub mod years;

pub use changes::BookHistory;
pub use model::{
    ConsolidatedBook, ImportProblem, ProblemKind, ReportingDates, SourceFile, book_years,
    consolidate,
};
