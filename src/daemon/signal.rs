//! Operating-system signals as daemon events: SIGINT/SIGTERM ask for a
//! shutdown (a second one exits at once, and so does the daemon still busy
//! [`SHUTDOWN_GRACE`] later: a read that never returns, a locked state file),
//! SIGHUP asks for a configuration reload. On Windows, Ctrl-C, Ctrl-Break,
//! closing the console and the system's shutdown ask for a shutdown in the
//! same way; a logoff does not: a service receives it when any user logs off.
//!
//! One-pass commands (`mokuhyo consolidate`) get the same rule through
//! [`CommandSignals`]: a signal exits at once, except while a write is in
//! progress, which is finished first.

use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;

use crate::daemon::Event;
use crate::i18n::t;

/// How long the daemon may take to finish what it does after a shutdown
/// signal before it exits anyway.
pub(crate) const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// After a shutdown signal: exits with `code` if the process is still
/// running [`SHUTDOWN_GRACE`] later (the daemon waits for a read or a write
/// that does not end). SQLite's journal and the temporary files of writes
/// make such an exit safe; a mail being handed to the server may go again.
fn exit_after_grace(signal: &'static str, code: i32) {
    let _ = std::thread::Builder::new()
        .name("shutdown-grace".into())
        .spawn(move || {
            std::thread::sleep(SHUTDOWN_GRACE);
            tracing::error!(
                "{}",
                t!(
                    "log-shutdown-forced",
                    seconds = SHUTDOWN_GRACE.as_secs(),
                    signal = signal
                )
            );
            std::process::exit(code);
        });
}

/// Spawns the tasks that turn signals into events on `tx`.
pub(crate) fn forward_signals(tx: UnboundedSender<Event>) -> std::io::Result<()> {
    imp::forward(tx)
}

/// A shutdown signal received by a one-pass command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    pub name: &'static str,
    /// The conventional exit code: 128 + the signal's number.
    pub code: u8,
}

#[derive(Debug, Default)]
struct CommandState {
    writing: bool,
    received: Option<Received>,
}

/// Shutdown signals of a one-pass command: the first exits at once unless
/// a write is in progress ([`CommandSignals::finish_first`]); a second one
/// exits at once in any case.
#[derive(Debug, Clone)]
pub(crate) struct CommandSignals {
    state: Arc<Mutex<CommandState>>,
}

impl CommandSignals {
    /// Starts listening (on a thread of its own).
    pub(crate) fn listen() -> std::io::Result<CommandSignals> {
        let signals = CommandSignals {
            state: Arc::new(Mutex::new(CommandState::default())),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let state = Arc::clone(&signals.state);
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                runtime.block_on(imp::each_shutdown(ready_tx, |received| {
                    on_command_signal(&state, received)
                }))
            })?;
        ready_rx
            .recv()
            .map_err(|_| std::io::Error::other("the signal thread stopped"))??;
        Ok(signals)
    }

    /// Runs `write` with shutdown signals held back until it ends; returns
    /// its result and the signal received meanwhile, if any.
    pub(crate) fn finish_first<T>(&self, write: impl FnOnce() -> T) -> (T, Option<Received>) {
        self.set_writing(true);
        let result = write();
        let received = self.set_writing(false);
        (result, received)
    }

    fn set_writing(&self, writing: bool) -> Option<Received> {
        match self.state.lock() {
            Ok(mut state) => {
                state.writing = writing;
                state.received
            }
            Err(poisoned) => poisoned.into_inner().received,
        }
    }
}

/// A shutdown signal during a one-pass command: exits, unless a write is in
/// progress and this is the first signal.
fn on_command_signal(state: &Mutex<CommandState>, received: Received) {
    let mut state = match state.lock() {
        Ok(state) => state,
        Err(poisoned) => poisoned.into_inner(),
    };
    // The lock is held while exiting, so that no write starts meanwhile.
    if state.received.is_some() || !state.writing {
        eprintln!(
            "mokuhyo: {}",
            crate::i18n::t!("signal-stopped", signal = received.name)
        );
        std::process::exit(i32::from(received.code));
    }
    eprintln!(
        "mokuhyo: {}",
        crate::i18n::t!("signal-finishing", signal = received.name)
    );
    state.received = Some(received);
}

#[cfg(unix)]
mod imp {
    use tokio::signal::unix::{SignalKind, signal};
    use tokio::sync::mpsc::UnboundedSender;

    use crate::daemon::Event;

    pub(crate) fn forward(tx: UnboundedSender<Event>) -> std::io::Result<()> {
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        let mut hup = signal(SignalKind::hangup())?;
        tokio::spawn(async move {
            let mut shutdowns = 0u32;
            loop {
                let event = tokio::select! {
                    Some(()) = term.recv() => Event::Shutdown { signal: "SIGTERM" },
                    Some(()) = int.recv() => Event::Shutdown { signal: "SIGINT" },
                    Some(()) = hup.recv() => Event::ReloadConfig,
                    else => break,
                };
                if let Event::Shutdown { signal } = event {
                    shutdowns += 1;
                    if shutdowns > 1 {
                        // A second signal: the user does not want to wait.
                        std::process::exit(130);
                    }
                    let code = if signal == "SIGTERM" { 143 } else { 130 };
                    super::exit_after_grace(signal, code);
                }
                if tx.send(event).is_err() {
                    break;
                }
            }
        });
        Ok(())
    }

    /// Calls `on_signal` for every SIGINT and SIGTERM; reports on `ready`
    /// once listening (or why it cannot).
    pub(crate) async fn each_shutdown(
        ready: std::sync::mpsc::Sender<std::io::Result<()>>,
        on_signal: impl Fn(super::Received),
    ) {
        let listening = signal(SignalKind::terminate())
            .and_then(|term| Ok((term, signal(SignalKind::interrupt())?)));
        let (mut term, mut int) = match listening {
            Ok(signals) => {
                let _ = ready.send(Ok(()));
                signals
            }
            Err(err) => {
                let _ = ready.send(Err(err));
                return;
            }
        };
        loop {
            let received = tokio::select! {
                Some(()) = term.recv() => super::Received { name: "SIGTERM", code: 143 },
                Some(()) = int.recv() => super::Received { name: "SIGINT", code: 130 },
                else => break,
            };
            on_signal(received);
        }
    }
}

#[cfg(windows)]
mod imp {
    use tokio::signal::windows;
    use tokio::sync::mpsc::UnboundedSender;

    use crate::i18n::t;

    use crate::daemon::Event;

    /// The console events that stop the daemon: Ctrl-C, Ctrl-Break, the
    /// console window closed, the system shutting down. A user logging off
    /// does not: a service (or a wrapper's child) receives that event when
    /// any user logs off, and goes on.
    struct Events {
        c: windows::CtrlC,
        brk: windows::CtrlBreak,
        close: windows::CtrlClose,
        shutdown: windows::CtrlShutdown,
        logoff: windows::CtrlLogoff,
    }

    /// What arrived: the name of a stop event, or None for a logoff.
    enum Arrived {
        Stop(&'static str),
        Logoff,
        Closed,
    }

    impl Events {
        fn listen() -> std::io::Result<Events> {
            Ok(Events {
                c: windows::ctrl_c()?,
                brk: windows::ctrl_break()?,
                close: windows::ctrl_close()?,
                shutdown: windows::ctrl_shutdown()?,
                logoff: windows::ctrl_logoff()?,
            })
        }

        async fn next(&mut self) -> Arrived {
            tokio::select! {
                Some(()) = self.c.recv() => Arrived::Stop("Ctrl-C"),
                Some(()) = self.brk.recv() => Arrived::Stop("Ctrl-Break"),
                Some(()) = self.close.recv() => Arrived::Stop("CTRL_CLOSE_EVENT"),
                Some(()) = self.shutdown.recv() => Arrived::Stop("CTRL_SHUTDOWN_EVENT"),
                Some(()) = self.logoff.recv() => Arrived::Logoff,
                else => Arrived::Closed,
            }
        }
    }

    pub(crate) fn forward(tx: UnboundedSender<Event>) -> std::io::Result<()> {
        let mut events = Events::listen()?;
        tokio::spawn(async move {
            let mut shutdowns = 0u32;
            loop {
                let signal = match events.next().await {
                    Arrived::Stop(signal) => signal,
                    Arrived::Logoff => {
                        tracing::info!("{}", t!("log-logoff"));
                        continue;
                    }
                    Arrived::Closed => break,
                };
                shutdowns += 1;
                if shutdowns > 1 {
                    std::process::exit(130);
                }
                super::exit_after_grace(signal, 130);
                if tx.send(Event::Shutdown { signal }).is_err() {
                    break;
                }
            }
        });
        Ok(())
    }

    /// Calls `on_signal` for every stop event; reports on `ready` once
    /// listening (or why it cannot).
    pub(crate) async fn each_shutdown(
        ready: std::sync::mpsc::Sender<std::io::Result<()>>,
        on_signal: impl Fn(super::Received),
    ) {
        let mut events = match Events::listen() {
            Ok(events) => {
                let _ = ready.send(Ok(()));
                events
            }
            Err(err) => {
                let _ = ready.send(Err(err));
                return;
            }
        };
        loop {
            match events.next().await {
                Arrived::Stop(name) => on_signal(super::Received { name, code: 130 }),
                Arrived::Logoff => {}
                Arrived::Closed => break,
            }
        }
    }
}
