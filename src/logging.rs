//! Logging setup: human-readable lines on standard error by default, JSON
//! lines for machines (`--log-format json`). `RUST_LOG` refines the level.
//!
//! A human line is one line whatever it shows: control characters in field
//! values and messages (a file name holding a newline) are escaped (`\n`).
//! Colours only on a terminal.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::field::MakeExt;
use tracing_subscriber::fmt::format;

use crate::cli::LogFormat;

/// Installs the global subscriber. Calling it twice keeps the first one.
pub(crate) fn init(format: LogFormat, verbose: u8) {
    // The scheduler reports its own start-up ("Job creator created") at
    // INFO; the daemon logs each schedule it starts.
    let default_level = match verbose {
        0 => "info,tokio_cron_scheduler=warn",
        1 => "debug,tokio_cron_scheduler=info",
        _ => "trace",
    };
    let mut filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    // notify's polling watcher logs a lasting problem (a link loop) at every
    // poll; the daemon logs what the watcher reports, once.
    if !std::env::var(EnvFilter::DEFAULT_ENV).is_ok_and(|v| v.contains("notify"))
        && let Ok(directive) = "notify=error".parse()
    {
        filter = filter.add_directive(directive);
    }
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Human => {
            let fields = format::debug_fn(|writer, field, value| {
                let text = escape_controls(&format!("{value:?}"));
                if field.name() == "message" {
                    writer.write_str(&text)
                } else {
                    write!(writer, "{}={text}", field.name())
                }
            })
            .delimited(" ");
            builder.with_target(false).fmt_fields(fields).try_init()
        }
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// `text` with every control character escaped as in Rust source (`\n`,
/// `\t`, `\u{1b}`), other characters unchanged.
pub(crate) fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            escape_controls("/share/建設部\nERROR fake.xlsx\t\u{1b}[31m"),
            "/share/建設部\\nERROR fake.xlsx\\t\\u{1b}[31m"
        );
        assert_eq!(escape_controls("令和8年度 (1) 8月"), "令和8年度 (1) 8月");
    }
}
