//! The reminders, as values: the `[reminders]`, `[mail]` and `[digest]`
//! sections ([`config`]), the kinds of mail ([`kind`]) and their ledger
//! keys ([`key`]), who a mail goes to and how the ledger records it
//! ([`recipients`]), the business days
//! and firings ([`schedule`]), the mails due on a day ([`plan`]), a series'
//! earlier mails ([`series`]), what the ledger already holds ([`sent`]) and
//! the changes a digest lists ([`changes`]), the mails held for a reading
//! nobody confirmed ([`hold`]). Rendering, sending and the
//! ledger are the shell's.

pub mod changes;
pub mod config;
pub mod hold;
pub mod key;
pub mod kind;
pub mod plan;
pub mod recipients;
pub mod schedule;
pub mod sent;
pub mod series;

pub use config::{Milestone, RemindConfig};
pub use key::MailKey;
pub use plan::{
    FileProblem, HeldLine, MailKind, NextSend, PlannedMail, RefusedLine, SentLedger,
    UnaddressedLine, held, next_send, plan, plan_with_superseded, unaddressed,
};
pub use schedule::{BusinessDays, Occasion};
pub use series::Superseded;
