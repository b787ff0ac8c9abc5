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
        // The reader of the output went away (`mokuhyo check … | head`):
        // stop quietly, with the status a shell gives a command its pipe
        // closed on (128 + SIGPIPE).
        Err(err) if closed_pipe(&err) => ExitCode::from(141),
        Err(err) => {
            eprintln!("mokuhyo: {}", mokuhyo::cli::error_text(&err));
            ExitCode::from(2)
        }
    }
}

/// Whether the command ended because its standard output or error was closed.
fn closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => Some(io.kind()),
            None => cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind),
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
