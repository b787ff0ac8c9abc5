//! Mail: the reminders, overdue notices and digests the pure core plans
//! (`mokuhyo_core::remind`), rendered and sent, each once.
//!
//! - [`render`]: the templates of `templates/mail/`; [`reason`]: why a mail
//!   goes out, in words.
//! - [`transport`]: outbox `.eml` files or SMTP; [`mailbox`]: a configured
//!   address as lettre's mailbox.
//! - [`tls`]: whom SMTP over TLS trusts (the system's store, `ca_file`).
//! - [`run`]: [`dry_run`] and [`send_due`], the entry points of the CLI.
//!
//! What was sent is the ledger's (`crate::state::ledger`), in the state file.
//!
//! May import: the foundations (`clock`, `i18n`, `logging`), [`crate::io`] and
//! [`crate::state`]; nothing above (`config`, `pipeline`, `daemon`, `commands`).

pub(crate) mod mailbox;
pub mod reason;
pub mod render;
pub mod run;
pub mod tls;
pub mod transport;

pub use render::{RenderedMail, Templates};
pub use run::{RemindInput, SendSummary, dry_run, send_due};
