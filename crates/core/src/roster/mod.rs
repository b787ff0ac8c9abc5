//! The recipient roster: the list of 部 and 課 with their mail addresses and
//! the days each row applies, kept by the planning section as a workbook
//! (xlsx, or CSV in UTF-8), so that the April reorganisation is staged
//! ahead and switches on its date.
//!
//! - [`model`]: the validated roster, and the recipients it gives on a day.
//! - [`parse`]: rows of cell grids → a validated roster, problems with their cells.
//!
//! The shell reads the file into grids (`io::roster_file`) and keeps the
//! roster in force (`state::roster`).

pub mod model;
pub mod parse;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use model::{Addressee, Roster, RosterEntry, Switch, addressees, switches};
pub use parse::{Column, RosterHeaders, RosterProblem, parse_roster};

/// `[roster]`: where the roster is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RosterConfig {
    /// The roster workbook (`.xlsx`) or CSV file (UTF-8, with or without
    /// BOM). None: the `[[departments]]` and `[[divisions]]` sections alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
}
