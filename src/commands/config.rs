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
use std::process::ExitCode;

use crate::config::{ConfigErrors, LoadedConfig};

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
                writeln!(out, "# effective configuration, from {}", loaded.origin)?;
                for var in &loaded.env_overrides {
                    writeln!(out, "# overridden by the environment: {var}")?;
                }
                for notice in &loaded.upgraded {
                    writeln!(out, "# warning: {notice}")?;
                    eprintln!("mokuhyo: warning: {notice}");
                }
                for warning in loaded.settings.warnings() {
                    writeln!(out, "# warning: {warning}")?;
                    eprintln!("mokuhyo: warning: {warning}");
                }
                if let Some(path) = &loaded.settings.mail.smtp.ca_file
                    && let Ok(file) = crate::remind::tls::CaFile::read(path)
                {
                    writeln!(out, "# mail.smtp.ca_file {}:", path.display())?;
                    for (info, _) in &file.certificates {
                        writeln!(out, "#   {info}")?;
                    }
                }
                write_schedules(&mut out, &loaded.settings, crate::clock::now_utc())?;
                let found = surroundings(&loaded.settings, crate::clock::now_utc());
                for warning in &found.warnings {
                    writeln!(out, "# 警告: {warning}")?;
                    eprintln!("mokuhyo: 警告: {warning}");
                }
                for problem in &found.problems {
                    writeln!(out, "# 問題: {problem}")?;
                    eprintln!("mokuhyo: 問題: {problem}");
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
    writeln!(
        out,
        "# schedules ({}; mail goes out on business days only):",
        tz.name()
    )?;
    for named in settings.schedules() {
        let next: Vec<String> = named
            .schedule
            .next_firings(now, tz, 3)
            .iter()
            .map(|at| at.format("%Y-%m-%d %a %H:%M:%S").to_string())
            .collect();
        writeln!(
            out,
            "#   {} = {:?} ({}): next {}",
            named.key,
            named.schedule.as_str(),
            named.what,
            if next.is_empty() {
                "never".to_string()
            } else {
                next.join(", ")
            }
        )?;
    }
    Ok(())
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
                "folder.path = {}: フォルダがありません（共有のマウントや接続をご確認ください）",
                folder.display()
            ));
            false
        }
        Err(err) => {
            found.problems.push(format!(
                "folder.path = {}: フォルダを確認できません（{err}）",
                folder.display()
            ));
            false
        }
        Ok(meta) if meta.is_dir() => match std::fs::read_dir(folder) {
            Ok(_) => true,
            Err(err) => {
                found.problems.push(format!(
                    "folder.path = {}: フォルダの中を一覧できません（{err}）",
                    folder.display()
                ));
                false
            }
        },
        Ok(_) => match std::fs::File::open(folder) {
            Ok(_) => true,
            Err(err) => {
                found.problems.push(format!(
                    "folder.path = {}: ファイルを読めません（{err}）",
                    folder.display()
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
    let state = crate::state_file::resolve(&settings.state.database);
    let state_problem = match state.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => probe_writable(parent),
        _ => Ok(()),
    }
    .and_then(
        |()| match std::fs::OpenOptions::new().write(true).open(&state) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                Err(format!("状態ファイルに書き込めません（{err}）"))
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

/// Whether files can be made in `dir`, or in the folder that would hold it
/// (mokuhyo makes it): a probe file is made there and removed at once.
fn probe_writable(dir: &std::path::Path) -> Result<(), String> {
    let mut existing = dir;
    loop {
        match std::fs::metadata(existing) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => {
                return Err(format!(
                    "{} はフォルダではなくファイルです",
                    existing.display()
                ));
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
        .map_err(|err| format!("{} に書き込めません（{err}）", existing.display()))
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
    let roster = crate::roster::RosterState::load(pipeline.settings(), None, now);
    pipeline.set_roster(roster);
    let (reports, _) = pipeline.remind_inputs();
    let cfg = pipeline.reminder_config(now);
    let to = if cfg.mail.planning.is_empty() {
        "どこにも送られません".to_string()
    } else {
        format!("{}あてに送られます", cfg.mail.planning_name)
    };
    crate::remind::plan::unaddressed(&reports, &cfg)
        .into_iter()
        .map(|line| {
            format!(
                "{} にはメールの宛先がありません（取組 {} 件、ファイル {} 件）。この部局あてのメールは{to}",
                line.name,
                line.items,
                line.files.len()
            )
        })
        .collect()
}
