//! The consolidated JSON beside each workbook: the parsed sheets of the
//! fiscal year in the schema of `check --json` (docs/schema.md) and the
//! import problems.
//!
//! Each sheet is serialised as the file is written: the JSON of all sheets
//! is never in memory at once.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::model::{ConsolidatedBook, ImportProblem};
use crate::calendar::FiscalYear;
use crate::model::SheetReport;
use crate::schema::{SCHEMA_VERSION, SheetJson};

/// The JSON of one fiscal year.
#[derive(Serialize)]
pub(super) struct BookJson<'b> {
    schema_version: u32,
    fiscal_year: FiscalYear,
    nendo: String,
    generated_at: DateTime<Utc>,
    sheets: Sheets<'b>,
    problems: &'b [&'b ImportProblem],
}

impl<'b> BookJson<'b> {
    pub fn new(book: &'b ConsolidatedBook<'_>, generated_at: DateTime<Utc>) -> Self {
        BookJson {
            schema_version: SCHEMA_VERSION,
            fiscal_year: book.fiscal_year,
            nendo: book.nendo(),
            generated_at,
            sheets: Sheets(&book.reports),
            problems: &book.import_problems,
        }
    }
}

/// The sheets of the year, each in the schema's form.
struct Sheets<'b>(&'b [&'b SheetReport]);

impl Serialize for Sheets<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|report| SheetJson::new(report)))
    }
}
