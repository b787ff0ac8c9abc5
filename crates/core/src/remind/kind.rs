//! The kinds of mail mokuhyo sends, each with its own templates; the plan
//! makes them, the schedule says when each may go.

use serde::Serialize;

/// The kinds of mail, each with its own templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    Reminder,
    Overdue,
    Unreadable,
    PlanningDigest,
    DeadlineDigest,
    /// The shared folder out of reach, to the planning section.
    FolderOutage,
}

impl MailKind {
    /// The template file prefix (`reminder` → `reminder.subject.txt` …).
    pub fn template(self) -> &'static str {
        match self {
            MailKind::Reminder => "reminder",
            MailKind::Overdue => "overdue",
            MailKind::Unreadable => "unreadable",
            MailKind::PlanningDigest => "planning_digest",
            MailKind::DeadlineDigest => "deadline_digest",
            MailKind::FolderOutage => "folder_outage",
        }
    }
}
