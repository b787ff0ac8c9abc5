//! The consolidation model, as values: the departments' reads made into one
//! book per fiscal year ([`model`]), the changes it shows ([`changes`]) and
//! the labels its sheets use ([`labels`]). Writing the book is the shell's.

pub mod changes;
pub mod copies;
pub mod labels;
pub mod model;
#[cfg(test)]
pub(crate) mod sample;
pub mod status;

pub use changes::BookHistory;
pub use model::{
    ConsolidatedBook, ImportProblem, ProblemKind, ReportingDates, SourceFile, book_years,
    consolidate,
};
