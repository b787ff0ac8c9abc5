//! The daemon (`mokuhyo run`): one event loop over file changes, timers and
//! signals.

pub mod debounce;
pub mod roster;
pub mod run;
pub mod schedules;
pub mod signal;
pub mod state;
pub mod stop;
pub mod watch;
pub(crate) mod worker;

use std::path::PathBuf;

/// Everything the daemon reacts to, from every source, in one queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The watcher saw activity on these paths.
    Paths(Vec<PathBuf>),
    /// The watcher reported a problem (it keeps running; the rescan covers gaps).
    WatchError(String),
    /// Time for the periodic full rescan.
    Rescan,
    /// The scheduler's wake-up for reminders and digests.
    ReminderTick,
    /// SIGHUP or a change to the configuration file.
    ReloadConfig,
    /// SIGINT/SIGTERM (Ctrl-C and the console's other stop events on
    /// Windows), or `mokuhyo stop`.
    Shutdown { signal: &'static str },
}
