//! `mokuhyo config check`: loads and validates the configuration, prints the
//! effective configuration (secrets are never part of it) with its warnings,
//! or every problem. The certificates of `mail.smtp.ca_file` are listed
//! with subject, issuer and expiry; each schedule with its next three
//! firings in the configured time zone.

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
                write!(out, "{}", loaded.settings.to_toml())?;
                Ok(ExitCode::SUCCESS)
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
