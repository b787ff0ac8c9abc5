//! Reminder mails ahead of the interim and year-end reporting dates: the
//! right mail, to the right people, once, on a business day.
//!
//! - [`config`]: the `[reminders]`, `[[departments]]`, `[[divisions]]`,
//!   `[mail]` and `[digest]` sections.
//! - [`schedule`]: when reminders and overdue notices go out (pure).
//! - [`plan`]: which mails are due today, to whom and why (pure).
//! - [`render`]: the templates of `templates/mail/`.

pub mod config;
pub mod plan;
pub mod render;
pub mod schedule;

pub use config::{Milestone, RemindConfig};
pub use plan::{FileProblem, MailKind, PlannedMail, SentLedger, plan};
pub use render::{RenderedMail, Templates};
pub use schedule::{BusinessDays, Occasion};
