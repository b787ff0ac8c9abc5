//! The recipient roster's rows, as values ([`model`]).

pub mod model;

pub use model::{Addressee, Roster, RosterEntry, Switch, addressees, switches};
