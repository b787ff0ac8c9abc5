//! The `mokuhyo` binary: parses arguments, calls [`mokuhyo::run`], maps the
//! outcome to an exit code.

#![forbid(unsafe_code)]

use std::process::ExitCode;

/// mimalloc returns the memory a scan or a write freed to the system, where
/// the system allocator kept most of it for as long as the daemon ran. Its
/// `no_thp` feature (Cargo.toml) keeps it from asking for transparent huge
/// pages, which held freed memory resident 2 MiB at a time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = mokuhyo::cli::parse();
    match mokuhyo::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mokuhyo: {}", mokuhyo::cli::error_text(&err));
            ExitCode::from(2)
        }
    }
}
