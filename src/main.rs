//! The `mokuhyo` binary: parses arguments, calls [`mokuhyo::run`], maps the
//! outcome to an exit code.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = mokuhyo::Cli::parse();
    match mokuhyo::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mokuhyo: {err:#}");
            ExitCode::from(2)
        }
    }
}
