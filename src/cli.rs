//! Command-line interface: the arguments (clap derive) and `run`, which
//! dispatches a parsed command line to its command.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::i18n::t;
use crate::logging::LogFormat;
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

/// Parses the process's command line; help, version and usage errors are
/// printed (help in the language of [`crate::i18n::startup_language`]) and
/// end the process.
pub fn parse() -> Cli {
    crate::i18n::set_language(crate::i18n::startup_language());
    let matches = localized_command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
}

/// The command line's definition with every help text, heading and the
/// `-h`/`-V` texts in the language in force, from the catalog: a command's
/// text is `about-<command path>` (`about-config-check`), an argument's
/// `arg-<command path>-<argument>` or, for those every command shares,
/// `arg-<argument>`.
pub fn localized_command() -> clap::Command {
    let mut command = Cli::command();
    // Built first, so that the generated `help` subcommand, `-h`, `-V` and
    // the global arguments of every subcommand are there to be translated.
    command.build();
    localize(command, &[])
}

fn localize(mut command: clap::Command, parents: &[&str]) -> clap::Command {
    let name = command.get_name().to_string();
    let path: Vec<&str> = parents.iter().copied().chain([name.as_str()]).collect();
    let key = help_key(&path);
    let about = crate::i18n::text(&format!("about-{key}"), &[]);
    command = command.about(about).long_about(None::<&str>);
    let args: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in args {
        let help = arg_help(&key, &id);
        command = command.mut_arg(id, |arg| {
            let help = format!("{help}{}", values_note(&arg));
            arg.help(help)
                .long_help(None::<&str>)
                .hide_possible_values(true)
                .hide_default_value(true)
        });
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let has_positionals = command.get_positionals().next().is_some();
    command = command.help_template(help_template(!subcommands.is_empty(), has_positionals));
    for sub in subcommands {
        let parents = path.clone();
        command = command.mut_subcommand(sub, |s| localize(s, &parents));
    }
    command
}

/// The catalog key of the command at `path` (`mokuhyo`, `config-check`):
/// the path below the top level, the same for a command and its copy
/// under `help` (`mokuhyo help config check`).
fn help_key(path: &[&str]) -> String {
    match path {
        [top] => top.to_string(),
        [.., "help"] => "help".to_string(),
        [_, below @ ..] => below
            .iter()
            .filter(|p| **p != "help")
            .copied()
            .collect::<Vec<_>>()
            .join("-"),
        [] => String::new(),
    }
}

/// The values an argument takes and its default, in the language in force
/// (`（値：human、json。既定：human）`), where clap would print its own English
/// notes; empty for a flag.
fn values_note(arg: &clap::Arg) -> String {
    if !arg.get_action().takes_values() {
        return String::new();
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    match (values.is_empty(), defaults.is_empty()) {
        (true, true) => String::new(),
        (false, true) => t!(
            "help-values",
            values = values.join(&t!("help-list-separator"))
        ),
        (true, false) => t!("help-default", default = defaults.join(" ")),
        (false, false) => t!(
            "help-values-default",
            values = values.join(&t!("help-list-separator")),
            default = defaults.join(" ")
        ),
    }
}

/// `arg-<command>-<id>` when the catalog has it, else `arg-<id>`.
fn arg_help(command_key: &str, id: &str) -> String {
    let own = format!("arg-{command_key}-{id}");
    if crate::i18n::has_message(&own) {
        crate::i18n::text(&own, &[])
    } else {
        crate::i18n::text(&format!("arg-{id}"), &[])
    }
}

/// clap's template with the headings from the catalog.
fn help_template(subcommands: bool, positionals: bool) -> String {
    let mut template = format!("{{about-with-newline}}\n{} {{usage}}\n", t!("help-usage"));
    if subcommands {
        template.push_str(&format!("\n{}\n{{subcommands}}\n", t!("help-commands")));
    }
    if positionals {
        template.push_str(&format!("\n{}\n{{positionals}}\n", t!("help-arguments")));
    }
    template.push_str(&format!(
        "\n{}\n{{options}}{{after-help}}\n",
        t!("help-options")
    ));
    template
}

/// Puts the configuration's language (`ui.language`) and time zone (for
/// the log's times) in force.
fn apply_ui(settings: &config::Settings) {
    crate::i18n::set_language(crate::i18n::system_language(settings.ui.language));
    crate::logging::set_zone(settings.reminders.tz());
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    crate::logging::init(cli.log_format, cli.verbose);
    crate::logging::install_panic_hook();
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let load = || {
        let file = config::config_file(cli.config.as_deref(), &env);
        let loaded = config::load(file.as_deref(), &env);
        if let Ok(loaded) = &loaded {
            apply_ui(&loaded.settings);
        }
        loaded
    };
    match &cli.command {
        Command::Deadline(args) => commands::deadline::run(args),
        Command::Config(command) => commands::config::run(command, load()),
        Command::Run => {
            let file = config::config_file(cli.config.as_deref(), &env);
            let loaded = load()?;
            let state = crate::state::StateFile::acquire(
                &loaded.settings.state.database,
                &loaded.settings.output.dir,
                crate::state::Role::Daemon,
                &|holder, path| {
                    tracing::warn!(
                        "{}",
                        t!(
                            "log-waiting-for-state-file",
                            holder = holder.to_string(),
                            path = path.display()
                        )
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
            )
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
                writeln!(
                    std::io::stdout(),
                    "PROBLEM: {}",
                    t!(
                        "check-config-unreadable",
                        origin = crate::logging::escape_controls(&errors.origin),
                        problem = crate::logging::escape_controls(&first)
                    )
                )?;
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

/// An error as the command line prints it: its message, then each cause
/// the text does not already say, joined by `: ` as anyhow's `{:#}` joins
/// them. A typed error names its cause in its own message and keeps it as
/// its source; a context added on the way does not name it.
pub fn error_text(err: &anyhow::Error) -> String {
    crate::logging::causes(err.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_names_each_cause_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("dictionary d.toml: cannot read: {source}")]
        struct Typed {
            #[source]
            source: std::io::Error,
        }
        let io = || std::io::Error::new(std::io::ErrorKind::NotFound, "not found");
        let typed = anyhow::Error::new(Typed { source: io() }).context("loading");
        assert_eq!(
            error_text(&typed),
            "loading: dictionary d.toml: cannot read: not found"
        );
        // A cause from the system alone is said in the language in force.
        let plain = anyhow::Error::new(io()).context("reading d.toml");
        assert_eq!(
            error_text(&plain),
            format!("reading d.toml: {}", crate::i18n::io_error(&io()))
        );
    }

    /// Every command's and argument's catalog id, with the text the
    /// definition gives (English, from the doc comments).
    fn help_ids(command: &clap::Command, parents: &[&str], out: &mut Vec<(String, String)>) {
        let name = command.get_name();
        let path: Vec<&str> = parents.iter().copied().chain([name]).collect();
        let key = help_key(&path);
        out.push((
            format!("about-{key}"),
            command
                .get_about()
                .map(|a| a.to_string())
                .unwrap_or_default(),
        ));
        for arg in command.get_arguments() {
            let own = format!("arg-{key}-{}", arg.get_id());
            let id = if crate::i18n::has_message(&own) {
                own
            } else {
                format!("arg-{}", arg.get_id())
            };
            out.push((
                id,
                arg.get_help().map(|a| a.to_string()).unwrap_or_default(),
            ));
        }
        for sub in command.get_subcommands() {
            help_ids(sub, &path, out);
        }
    }

    #[test]
    fn every_command_and_argument_has_its_help_in_the_catalog() {
        let mut command = Cli::command();
        command.build();
        let mut ids = Vec::new();
        help_ids(&command, &[], &mut ids);
        assert!(ids.len() > 40, "{ids:?}");
        let missing: Vec<String> = ids
            .iter()
            .filter(|(id, _)| !crate::i18n::has_message(id))
            .map(|(id, text)| format!("{id} = {text}"))
            .collect();
        assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
    }

    /// In Japanese, the language in force in the unit tests (English help
    /// is checked through the binary, `tests/cli_language.rs`).
    #[test]
    fn help_has_translated_headings_and_texts() {
        let mut help = localized_command();
        let top = help.render_long_help().to_string();
        assert!(top.contains("使い方:"), "{top}");
        assert!(top.contains("コマンド:"), "{top}");
        assert!(top.contains("オプション:"), "{top}");
        assert!(top.contains("ヘルプを表示します"), "{top}");
        assert!(top.contains("バージョンを表示します"), "{top}");
        assert!(!top.contains("Print help"), "{top}");
        let status = help
            .find_subcommand_mut("status")
            .map(|s| s.render_long_help().to_string())
            .unwrap();
        assert!(status.contains("状態を JSON で出力します"), "{status}");
    }
}
