//! Reminder mails ahead of the interim and year-end reporting dates: the
//! right mail, to the right people, once, on a business day.
//!
//! - [`config`]: the `[reminders]`, `[[departments]]`, `[[divisions]]`,
//!   `[mail]` and `[digest]` sections.
//! - [`schedule`]: when reminders and overdue notices go out (pure).
//! - [`plan`]: which mails are due today, to whom and why (pure).
//! - [`sent`]: what the ledger says was sent, as planning reads it.
//! - [`changes`]: the planning digest's "since the last digest" section (pure).
//! - [`series`]: a mail older than one of its series already sent is not sent (pure).
//! - [`render`]: the templates of `templates/mail/`; [`reason`]: why a mail
//!   goes out, in words.
//! - [`ledger`]: the SQLite record of what was sent (and daemon state).
//! - [`transport`]: outbox `.eml` files or SMTP; [`mailbox`]: a configured
//!   address as lettre's mailbox.
//! - [`tls`]: whom SMTP over TLS trusts (the system's store, `ca_file`).
//! - [`run`]: [`dry_run`] and [`send_due`], the entry points of the CLI.

pub mod ledger;
pub(crate) mod mailbox;
pub mod reason;
pub mod render;
pub mod run;
pub mod tls;
pub mod transport;

pub use ledger::{Ledger, LedgerStatus};
pub use render::{RenderedMail, Templates};
pub use run::{RemindInput, SendSummary, dry_run, send_due};
