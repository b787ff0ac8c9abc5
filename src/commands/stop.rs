//! `mokuhyo stop`: asks the daemon of the configured state file to stop as
//! a shutdown signal does, and waits until it has ended
//! ([`crate::daemon::stop`]). A service wrapper's stop command on Windows.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use crate::config::Settings;
use crate::daemon::stop::{Stopped, request};
use crate::i18n::t;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Seconds to wait for the daemon to end (it finishes the write in progress first).
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub wait: u64,
}

pub fn run(args: &Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let database = &settings.state.database;
    match request(database, Duration::from_secs(args.wait))? {
        Stopped::Ended => writeln!(
            std::io::stdout(),
            "{}",
            t!("stop-ended", path = database.display())
        )?,
        Stopped::NotRunning => writeln!(
            std::io::stdout(),
            "{}",
            t!("stop-not-running", path = database.display())
        )?,
    }
    Ok(ExitCode::SUCCESS)
}
