//! The recipient roster: the list of 部 and 課 with their mail addresses and
//! the days each row applies, kept by the planning section as a workbook
//! (xlsx, or CSV in UTF-8), so that the April reorganisation is staged
//! ahead and switches on its date.
//!
//! - [`model`]: the validated roster, and the recipients it gives on a day (pure).
//! - [`parse`]: rows of cell grids → a validated roster, problems with their cells (pure).
//! - [`read`]: the file → cell grids (shell).
//! - [`state`]: the roster in force: the file when it is good, else the last good one (shell).

pub mod parse;
pub mod read;
pub mod state;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use parse::{Column, RosterHeaders, RosterProblem, parse_roster};
pub use state::{RosterSources, RosterState};

/// `[roster]`: where the roster is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RosterConfig {
    /// The roster workbook (`.xlsx`) or CSV file (UTF-8, with or without
    /// BOM). None: the `[[departments]]` and `[[divisions]]` sections alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
}
