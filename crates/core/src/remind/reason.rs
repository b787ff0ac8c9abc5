//! Why a planned mail goes out, as values: what `remind --dry-run` and the
//! log say of each mail, in the language of whoever runs mokuhyo (the shell
//! words it).

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::config::Milestone;
use crate::calendar::FiscalYear;

/// Why a mail goes out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MailReason {
    /// A reminder before a reporting date, or an overdue notice after it.
    Milestone {
        /// The department or division the mail is about.
        recipient: String,
        /// The empty report cells it names.
        cells: usize,
        milestone: Milestone,
        fiscal_year: FiscalYear,
        due: NaiveDate,
        /// Days from the send day to the due date: 0 on the day itself,
        /// negative once it has passed.
        days_left: i64,
        /// The reminder of this many days ahead (none for an overdue notice).
        reminder_days: Option<u32>,
        route: Route,
        /// The cells it carries when some are held.
        part: PartNote,
    },
    /// A workbook that could not be read.
    Unreadable {
        recipient: String,
        file: PathBuf,
        /// The problem as people are shown it.
        problem: String,
        route: Route,
    },
    /// The planning section's weekly digest.
    PlanningDigest {
        planning: String,
        departments: usize,
        unreadable: usize,
    },
    /// A monthly digest of the deadlines ahead.
    DeadlineDigest {
        recipient: String,
        items: usize,
        until: NaiveDate,
        route: Route,
        /// The cells it carries when some are held.
        part: PartNote,
    },
    /// The shared folder out of reach.
    FolderOutage {
        folder: String,
        since: DateTime<Utc>,
    },
}

impl MailReason {
    /// The same reason for the part of the cells a mail carries.
    pub fn with_part(mut self, note: PartNote) -> MailReason {
        if let MailReason::Milestone { part, .. } | MailReason::DeadlineDigest { part, .. } =
            &mut self
        {
            *part = note;
        }
        self
    }
}

/// Which of its cells a mail carries, when tables read with low confidence
/// hold some of them until their reading is checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "part", content = "tables", rename_all = "snake_case")]
pub enum PartNote {
    /// Every cell.
    #[default]
    Whole,
    /// Without the cells of this many tables, held.
    Holding(usize),
    /// The cells of this many tables, released after the occasion's mail
    /// went without them.
    Released(usize),
}

/// Whose addresses a mail goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "to", content = "via", rename_all = "snake_case")]
pub enum Route {
    /// The recipient's own.
    Own,
    /// A division without addresses of its own: its department's.
    Via(String),
    /// No recipient on the day: the planning section's.
    Planning,
}
