//! Command-line interface: the arguments (clap derive) and `run`, which
//! dispatches a parsed command line to its command.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands;

/// mokuhyo (目標) — goal workbooks of a city's departments, consolidated and followed up.
#[derive(Debug, Parser)]
#[command(name = "mokuhyo", version, about, long_about = None)]
pub struct Cli {
    /// Log format on standard error.
    #[arg(long, value_enum, default_value_t = LogFormat::Human, global = true)]
    pub log_format: LogFormat,

    /// More log output (-v: debug, -vv: trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Resolve the deadlines stated in a piece of text.
    Deadline(commands::deadline::Args),
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Deadline(args) => commands::deadline::run(&args),
    }
}
