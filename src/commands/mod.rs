//! One module per subcommand: each turns its arguments into work and output.
pub mod config;
pub mod deadline;
pub mod template;
