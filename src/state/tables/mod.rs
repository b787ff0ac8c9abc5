//! The state file's tables, one handle each on the one connection: what is
//! stored and how it is read and written. What the rows mean is the concern
//! of the module above them ([`super::ledger`], [`super::last_good`], …).

pub(super) mod daemon_state;
pub(super) mod history;
pub(super) mod identity;
pub(super) mod last_good;
pub(super) mod roster;
pub(super) mod sent_mail;
