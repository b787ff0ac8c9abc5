//! One module per subcommand: each turns its arguments into work and output.
pub mod check;
pub mod config;
pub mod consolidate;
pub mod deadline;
pub mod history;
pub mod mail;
mod propose;
pub mod remind;
pub mod roster;
pub mod status;
pub mod stop;
pub mod template;
