//! One module per subcommand: each turns its arguments into work and output.
pub mod deadline;
