//! Logging setup: human-readable lines on standard error by default, JSON
//! lines for machines (`--log-format json`). `RUST_LOG` refines the level.
//!
//! A human line's time is in the configured time zone
//! (`reminders.timezone`: `2026-11-23 20:09:25+09:00`) and its message in
//! the language in force ([`crate::i18n`]); a JSON line keeps RFC 3339 UTC
//! times and the same field names whatever the language (only the
//! `message` follows it).
//!
//! A human line is one line whatever it shows: control and bidirectional
//! formatting characters in field values and messages (a file name holding
//! a newline, a cell holding U+202E) are escaped (`\n`, `\u{202e}`).
//! Colours only on a terminal.

use std::cell::Cell;
use std::io::IsTerminal;
use std::sync::RwLock;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::field::MakeExt;
use tracing_subscriber::fmt::format;

/// How log lines are written (`--log-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One line per event, for people.
    Human,
    /// One JSON object per line, for machines.
    Json,
}

/// Installs the global subscriber. Calling it twice keeps the first one.
pub(crate) fn init(format: LogFormat, verbose: u8) {
    let default_level = match verbose {
        0 => "info",
        1 => "debug",
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
        // A log line that cannot be written (stderr closed, as when piped to
        // `head`) is dropped: reporting it would write to stderr again, and
        // `eprintln!` panics there.
        .log_internal_errors(false)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Human => {
            let builder = builder.with_timer(ZonedTime);
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

thread_local! {
    /// How many calls of [`caller_reports_panics`] this thread is in.
    // Const already: clippy's lint misreads the Windows expansion of a
    // `const` initializer of a type without drop.
    #[allow(clippy::missing_const_for_thread_local)]
    static PANICS_REPORTED_BY_CALLER: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`, whose panics its caller catches and reports as an error (in
/// the log's format, with what to do): the panic hook does not also print
/// them raw on standard error. For a library that panics on a fault of the
/// machine rather than a bug (rust_xlsxwriter on a full temporary folder).
pub(crate) fn caller_reports_panics<R>(f: impl FnOnce() -> R) -> R {
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            PANICS_REPORTED_BY_CALLER.with(|n| n.set(n.get().saturating_sub(1)));
        }
    }
    PANICS_REPORTED_BY_CALLER.with(|n| n.set(n.get() + 1));
    let _leave = Leave;
    f()
}

/// Installs the panic hook: the default one, silent for the panics a caller
/// reports itself ([`caller_reports_panics`]).
pub(crate) fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if PANICS_REPORTED_BY_CALLER.with(Cell::get) == 0 {
            default(info);
        }
    }));
}

/// The time zone of the human log's times (Asia/Tokyo until a
/// configuration says otherwise).
static ZONE: RwLock<chrono_tz::Tz> = RwLock::new(chrono_tz::Asia::Tokyo);

/// Puts `zone` in force for the human log's times.
pub(crate) fn set_zone(zone: chrono_tz::Tz) {
    if let Ok(mut current) = ZONE.write() {
        *current = zone;
    }
}

/// The human log's time: `2026-11-23 20:09:25+09:00` in the configured zone.
struct ZonedTime;

impl tracing_subscriber::fmt::time::FormatTime for ZonedTime {
    fn format_time(&self, w: &mut format::Writer<'_>) -> std::fmt::Result {
        let zone = ZONE.read().map_or(chrono_tz::Asia::Tokyo, |z| *z);
        write!(
            w,
            "{}",
            mokuhyo_core::calendar::log_time(crate::clock::now_utc(), zone)
        )
    }
}

/// `text` with every control and bidirectional formatting character
/// escaped as in Rust source (`\n`, `\t`, `\u{1b}`, `\u{202e}`), other
/// characters unchanged ([`mokuhyo_core::shown_text::escape_steering`]).
pub(crate) fn escape_controls(text: &str) -> String {
    mokuhyo_core::shown_text::escape_steering(text, &[]).into_owned()
}

/// A writer for what the commands print on a terminal: every control and
/// bidirectional formatting character in what passes through is escaped as in the log ([`escape_controls`]),
/// except the line breaks and tabs the command writes itself — so a file name
/// or a cell holding ESC or BEL sequences cannot drive the terminal. Values
/// that must stay on one line (a path, a problem) are escaped with
/// [`escape_controls`] before they are written.
pub(crate) struct EscapedOutput<W: std::io::Write> {
    inner: W,
    /// Bytes of the line being written (escaped when it is complete).
    line: Vec<u8>,
}

impl<W: std::io::Write> EscapedOutput<W> {
    pub(crate) fn new(inner: W) -> Self {
        EscapedOutput {
            inner,
            line: Vec::new(),
        }
    }

    fn write_line(&mut self) -> std::io::Result<()> {
        let text = String::from_utf8_lossy(&self.line);
        let out = mokuhyo_core::shown_text::escape_steering(&text, &['\n', '\t']);
        self.inner.write_all(out.as_bytes())?;
        self.line.clear();
        Ok(())
    }
}

impl<W: std::io::Write> std::io::Write for EscapedOutput<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for part in buf.split_inclusive(|&b| b == b'\n') {
            self.line.extend_from_slice(part);
            if part.ends_with(b"\n") {
                self.write_line()?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.write_line()?;
        self.inner.flush()
    }
}

impl<W: std::io::Write> Drop for EscapedOutput<W> {
    fn drop(&mut self) {
        let _ = std::io::Write::flush(self);
    }
}

/// A problem that comes back at every retry, logged when it first shows
/// and when it changes, not at every retry.
#[derive(Debug, Default)]
pub(crate) struct LoggedOnce(Option<String>);

impl LoggedOnce {
    /// Whether `message` differs from the one logged last: it is the one
    /// logged now.
    pub(crate) fn is_new(&mut self, message: &str) -> bool {
        if self.0.as_deref() == Some(message) {
            return false;
        }
        self.0 = Some(message.to_string());
        true
    }

    /// Whether a problem was logged and is over now.
    pub(crate) fn is_over(&mut self) -> bool {
        self.0.take().is_some()
    }
}

/// An error with every cause under it, `outer: inner: innermost`, each said
/// once (a message that already quotes its cause is not followed by it
/// again): what a log line and a command's last words give of a failure.
pub fn causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // The system's words for an input or output in the language in
        // force, unless the message quotes them as they are.
        let cause_text = match cause.downcast_ref::<std::io::Error>() {
            Some(io) if !text.contains(&cause_text) => crate::i18n::io_error(io),
            _ => cause_text,
        };
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_problem_is_logged_when_it_shows_and_when_it_changes_not_at_each_retry() {
        let mut logged = super::LoggedOnce::default();
        assert!(!logged.is_over());
        assert!(logged.is_new("共有フォルダーに接続できません"));
        assert!(!logged.is_new("共有フォルダーに接続できません"));
        assert!(logged.is_new("状態ファイルが置き換えられました"));
        assert!(logged.is_over());
        assert!(!logged.is_over());
        assert!(logged.is_new("共有フォルダーに接続できません"));
    }

    #[test]
    fn a_logged_error_names_every_cause_under_it_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("state file s.sqlite: cannot record")]
        struct Outer {
            #[source]
            source: std::io::Error,
        }
        #[derive(Debug, thiserror::Error)]
        #[error("cannot record: {source}")]
        struct Quoting {
            #[source]
            source: std::io::Error,
        }
        let io = || std::io::Error::other("disk full");
        assert_eq!(
            causes(&Outer { source: io() }),
            "state file s.sqlite: cannot record: disk full"
        );
        assert_eq!(
            causes(&Quoting { source: io() }),
            "cannot record: disk full"
        );
    }

    use super::*;

    #[test]
    fn command_output_keeps_its_lines_and_escapes_the_rest() {
        use std::io::Write;
        let mut bytes = Vec::new();
        {
            let mut out = EscapedOutput::new(&mut bytes);
            write!(out, "file: 総務部\u{1b}[2J\u{7}.xlsx\n\tnext").unwrap();
            writeln!(out, " line\u{9b}").unwrap();
        }
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "file: 総務部\\u{1b}[2J\\u{7}.xlsx\n\tnext line\\u{9b}\n"
        );
    }

    #[test]
    fn log_times_are_shown_in_the_configured_zone() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T11:09:25Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(
            mokuhyo_core::calendar::log_time(at, chrono_tz::Asia::Tokyo),
            "2026-11-23 20:09:25+09:00"
        );
        assert_eq!(
            mokuhyo_core::calendar::log_time(at, chrono_tz::UTC),
            "2026-11-23 11:09:25+00:00"
        );
    }

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            escape_controls("/share/建設部\nERROR fake.xlsx\t\u{1b}[31m"),
            "/share/建設部\\nERROR fake.xlsx\\t\\u{1b}[31m"
        );
        assert_eq!(escape_controls("令和8年度 (1) 8月"), "令和8年度 (1) 8月");
    }
}
