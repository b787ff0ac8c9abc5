//! Command-line interface: the arguments (clap derive) and `run`, which
//! dispatches a parsed command line to its command.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::{commands, config};

/// mokuhyo (目標) — goal workbooks of a city's departments, consolidated and followed up.
#[derive(Debug, Parser)]
#[command(name = "mokuhyo", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file (default: $MOKUHYO_CONFIG, else the built-in config/mokuhyo.toml).
    #[arg(long, short = 'c', global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

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
    /// Read workbooks and show what mokuhyo understands of them.
    Check(commands::check::Args),
    /// Run the daemon: watch the folder, keep the consolidated workbooks fresh, send reminders.
    Run,
    /// Stop the running daemon (it finishes the write in progress first) and wait until it has ended.
    Stop(commands::stop::Args),
    /// Send the reminder mails due today (or show them with --dry-run).
    Remind(commands::remind::Args),
    /// Show the daemon's state, the files' errors and what was sent or failed
    /// (--json for monitoring, --check for a health check).
    Status(commands::status::Args),
    /// Show what changed in the workbooks (report cells filled, deadlines moved …), newest first.
    History(commands::history::Args),
    /// Read the whole folder once and write the consolidated workbooks.
    Consolidate(commands::consolidate::Args),
    /// Write the departments' workbooks for a fiscal year.
    Template(commands::template::Args),
    /// Inspect the configuration.
    #[command(subcommand)]
    Config(commands::config::ConfigCommand),
    /// The recipient roster: write one from the configuration, or check it.
    #[command(subcommand)]
    Roster(commands::roster::RosterCommand),
    /// Check the mail setup.
    #[command(subcommand)]
    Mail(commands::mail::MailCommand),
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    crate::logging::init(cli.log_format, cli.verbose);
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let load = || {
        let file = config::config_file(cli.config.as_deref(), &env);
        config::load(file.as_deref(), &env)
    };
    match &cli.command {
        Command::Deadline(args) => commands::deadline::run(args),
        Command::Config(command) => commands::config::run(command, load()),
        Command::Run => {
            let file = config::config_file(cli.config.as_deref(), &env);
            let loaded = config::load(file.as_deref(), &env)?;
            let state = crate::state_file::StateFile::acquire(
                &loaded.settings.state.database,
                &loaded.settings.output.dir,
                crate::state_file::Role::Daemon,
                &|holder, path| {
                    tracing::warn!(
                        "waiting for {holder}, which is using the state file {}",
                        path.display()
                    );
                },
            )?;
            crate::daemon::run::run(
                loaded,
                crate::daemon::run::DaemonOptions {
                    config_file: file,
                    env: env.clone(),
                },
                state,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Remind(args) => commands::remind::run(args, load()?.settings),
        Command::Stop(args) => commands::stop::run(args, &load()?.settings),
        Command::Status(args) => match load() {
            Ok(loaded) => commands::status::run(args, &loaded.settings),
            // A monitor asks for one line and 0 or 1: a configuration that
            // cannot be read (an empty file caught while it is saved) is a
            // problem like any other.
            Err(errors) if args.check => {
                let first = errors
                    .errors
                    .first()
                    .map_or(String::new(), |e| e.to_string());
                println!(
                    "PROBLEM: the configuration cannot be read ({}): {}",
                    crate::logging::escape_controls(&errors.origin),
                    crate::logging::escape_controls(&first)
                );
                Ok(ExitCode::from(1))
            }
            Err(errors) => Err(errors.into()),
        },
        Command::History(args) => commands::history::run(args, &load()?.settings),
        Command::Consolidate(args) => commands::consolidate::run(args, load()?.settings),
        Command::Check(args) => commands::check::run(args, &load()?.settings),
        Command::Template(args) => commands::template::run(args, &load()?.settings),
        Command::Roster(command) => commands::roster::run(command, &load()?.settings),
        Command::Mail(command) => commands::mail::run(command, &load()?.settings),
    }
}
