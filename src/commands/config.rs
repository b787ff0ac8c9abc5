//! `mokuhyo config check`: loads and validates the configuration, prints the
//! effective configuration (secrets are never part of it) with its warnings,
//! or every problem. The certificates of `mail.smtp.ca_file` are listed
//! with subject, issuer and expiry.

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
                let mut out = std::io::stdout().lock();
                writeln!(out, "# effective configuration, from {}", loaded.origin)?;
                for var in &loaded.env_overrides {
                    writeln!(out, "# overridden by the environment: {var}")?;
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
