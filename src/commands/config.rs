//! `mokuhyo config check`: loads and validates the configuration, prints the
//! effective configuration (secrets are never part of it) with its warnings,
//! or every problem. The certificates of `mail.smtp.ca_file` are listed
//! with subject, issuer and expiry; each schedule with its next three
//! firings in the configured time zone.
//!
//! It also checks the machine it runs on ([`surroundings`]): the shared
//! folder exists and can be listed, the output folder and the state file's
//! folder can be written (a probe file, removed at once), and every
//! department a workbook of the folder reaches has an address. Exit codes:
//! 0 good, 1 the configuration is valid but the machine is not ready for
//! it, 2 the configuration is invalid.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::{ConfigErrors, LoadedConfig};
use crate::i18n::t;

#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Load, validate and print the effective configuration.
    Check,
}

pub fn run(
    command: &ConfigCommand,
    loaded: Result<LoadedConfig, ConfigErrors>,
) -> anyhow::Result<ExitCode> {
    match command {
        ConfigCommand::Check => match loaded {
            Ok(loaded) => {
                let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
                writeln!(out, "# {}", t!("config-effective", origin = &loaded.origin))?;
                for var in &loaded.env_overrides {
                    writeln!(out, "# {}", t!("config-overridden", variable = var))?;
                }
                let now = crate::clock::now_utc();
                let env: std::collections::BTreeMap<String, String> = std::env::vars().collect();
                let warnings = loaded
                    .upgraded
                    .iter()
                    .cloned()
                    .chain(loaded.settings.warnings())
                    .chain(loaded.settings.setup_warnings(&env))
                    .chain(loaded.settings.daylight_saving_warning(now));
                for warning in warnings {
                    let line = t!("config-warning", warning = warning);
                    writeln!(out, "# {line}")?;
                    eprintln!("mokuhyo: {line}");
                }
                if let Some(path) = &loaded.settings.mail.smtp.ca_file
                    && let Ok(file) = crate::mail::tls::CaFile::read(path)
                {
                    writeln!(out, "# mail.smtp.ca_file {}:", path.display())?;
                    for (info, _) in &file.certificates {
                        writeln!(out, "#   {info}")?;
                    }
                }
                write_schedules(&mut out, &loaded.settings, now)?;
                let found = surroundings(&loaded.settings, now);
                for warning in &found.warnings {
                    let line = t!("config-warning", warning = warning);
                    writeln!(out, "# {line}")?;
                    eprintln!("mokuhyo: {line}");
                }
                for problem in &found.problems {
                    let line = t!("config-problem", problem = problem);
                    writeln!(out, "# {line}")?;
                    eprintln!("mokuhyo: {line}");
                }
                write!(out, "{}", loaded.settings.to_toml())?;
                Ok(if found.problems.is_empty() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                })
            }
            Err(errors) => {
                eprintln!("mokuhyo: {errors}");
                Ok(ExitCode::from(2))
            }
        },
    }
}

/// `# schedules (Asia/Tokyo):` and, for each, its key, expression, what it
/// runs and its next three firings.
fn write_schedules(
    out: &mut impl Write,
    settings: &crate::config::Settings,
    now: chrono::DateTime<chrono::Utc>,
) -> std::io::Result<()> {
    let tz = settings.reminders.tz();
    writeln!(out, "# {}", t!("config-schedules", zone = tz.name()))?;
    for named in settings.schedules() {
        let next: Vec<String> = named
            .schedule
            .next_firings(now, tz, 3)
            .iter()
            .map(|at| {
                format!(
                    "{} {} {}",
                    at.format("%Y-%m-%d"),
                    weekday(chrono::Datelike::weekday(at)),
                    at.format("%H:%M:%S")
                )
            })
            .collect();
        let next = if next.is_empty() {
            t!("config-schedule-never")
        } else {
            next.join(", ")
        };
        writeln!(
            out,
            "#   {} = {:?} ({}): {}",
            named.kind.key(),
            named.schedule.as_str(),
            named.kind.what(),
            t!("config-schedule-next", firings = next)
        )?;
    }
    Ok(())
}

/// `Tue`, `(火)`.
fn weekday(day: chrono::Weekday) -> String {
    match day {
        chrono::Weekday::Mon => t!("weekday-mon"),
        chrono::Weekday::Tue => t!("weekday-tue"),
        chrono::Weekday::Wed => t!("weekday-wed"),
        chrono::Weekday::Thu => t!("weekday-thu"),
        chrono::Weekday::Fri => t!("weekday-fri"),
        chrono::Weekday::Sat => t!("weekday-sat"),
        chrono::Weekday::Sun => t!("weekday-sun"),
    }
}

/// What `config check` finds on the machine: problems keep the daemon from
/// working as configured; warnings do not.
#[derive(Debug, Default)]
struct Surroundings {
    problems: Vec<String>,
    warnings: Vec<String>,
}

/// Checks the folders `settings` names on this machine, and the addresses
/// of the departments the folder's workbooks reach at `now`. Leaves
/// nothing behind.
fn surroundings(
    settings: &crate::config::Settings,
    now: chrono::DateTime<chrono::Utc>,
) -> Surroundings {
    let mut found = Surroundings::default();
    let folder = &settings.folder.path;
    let readable = match std::fs::metadata(folder) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            found.problems.push(format!(
                "folder.path = {}: {}",
                folder.display(),
                t!("check-folder-missing")
            ));
            false
        }
        Err(err) => {
            found.problems.push(format!(
                "folder.path = {}: {}",
                folder.display(),
                t!("check-folder-unknown", error = crate::logging::causes(&err))
            ));
            false
        }
        Ok(meta) if meta.is_dir() => match std::fs::read_dir(folder) {
            Ok(_) => true,
            Err(err) => {
                found.problems.push(format!(
                    "folder.path = {}: {}",
                    folder.display(),
                    t!(
                        "check-folder-unlistable",
                        error = crate::logging::causes(&err)
                    )
                ));
                false
            }
        },
        Ok(_) => match std::fs::File::open(folder) {
            Ok(_) => true,
            Err(err) => {
                found.problems.push(format!(
                    "folder.path = {}: {}",
                    folder.display(),
                    t!(
                        "check-folder-unreadable",
                        error = crate::logging::causes(&err)
                    )
                ));
                false
            }
        },
    };
    if let Err(why) = probe_writable(&settings.output.dir) {
        found.problems.push(format!(
            "output.dir = {}: {why}",
            settings.output.dir.display()
        ));
    }
    let state = crate::state::resolve(&settings.state.database);
    let state_problem = match state.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => probe_writable(parent),
        _ => Ok(()),
    }
    .and_then(
        |()| match std::fs::OpenOptions::new().write(true).open(&state) {
            Err(source) if source.kind() != std::io::ErrorKind::NotFound => {
                Err(Unwritable::StateFile { source })
            }
            _ => Ok(()),
        },
    );
    if let Err(why) = state_problem {
        found.problems.push(format!(
            "state.database = {}: {why}",
            settings.state.database.display()
        ));
    }
    if readable {
        found
            .warnings
            .extend(unaddressed_departments(settings, now));
    }
    found
}

/// Why mokuhyo could not write where the configuration says it writes.
#[derive(Debug)]
enum Unwritable {
    /// The path of a folder is a file.
    NotAFolder { path: PathBuf },
    /// The probe file could not be made in the folder.
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The state file exists but cannot be opened for writing.
    StateFile { source: std::io::Error },
}

impl std::fmt::Display for Unwritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Unwritable::NotAFolder { path } => t!("check-not-a-folder", path = path.display()),
            Unwritable::Folder { path, source } => t!(
                "check-folder-unwritable",
                path = path.display(),
                error = crate::logging::causes(&source)
            ),
            Unwritable::StateFile { source } => {
                t!(
                    "check-state-unwritable",
                    error = crate::logging::causes(&source)
                )
            }
        };
        f.write_str(&text)
    }
}

impl std::error::Error for Unwritable {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Unwritable::NotAFolder { .. } => None,
            Unwritable::Folder { source, .. } | Unwritable::StateFile { source } => Some(source),
        }
    }
}

/// Whether files can be made in `dir`, or in the folder that would hold it
/// (mokuhyo makes it): a probe file is made there and removed at once.
fn probe_writable(dir: &Path) -> Result<(), Unwritable> {
    let mut existing = dir;
    loop {
        match std::fs::metadata(existing) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => {
                return Err(Unwritable::NotAFolder {
                    path: existing.to_path_buf(),
                });
            }
            Err(_) => match existing.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => existing = parent,
                _ => return Ok(()),
            },
        }
    }
    tempfile::Builder::new()
        .prefix(".mokuhyo-config-check")
        .tempfile_in(existing)
        .map(drop)
        .map_err(|source| Unwritable::Folder {
            path: existing.to_path_buf(),
            source,
        })
}

/// The departments and divisions the folder's workbooks would mail to but
/// no address reaches at `now`: one warning each.
fn unaddressed_departments(
    settings: &crate::config::Settings,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<String> {
    let Ok(mut pipeline) = crate::pipeline::Pipeline::new(settings.clone()) else {
        return Vec::new();
    };
    pipeline.scan(now, &|_| {});
    let roster =
        crate::state::roster::RosterState::load(&pipeline.settings().roster_sources(), None, now);
    pipeline.set_roster(roster);
    let inputs = pipeline.remind_inputs();
    let reports = inputs.reports();
    let cfg = pipeline.reminder_config(now);
    let to = if cfg.mail.planning.is_empty() {
        t!("check-unaddressed-nowhere")
    } else {
        t!(
            "check-unaddressed-planning",
            planning = &cfg.mail.planning_name
        )
    };
    mokuhyo_core::remind::plan::unaddressed(&reports, &cfg)
        .into_iter()
        .map(|line| {
            t!(
                "check-unaddressed",
                name = &line.name,
                items = line.items,
                files = line.files.len(),
                to = &to
            )
        })
        .collect()
}
