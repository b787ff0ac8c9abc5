//! Operating-system signals as daemon events: SIGINT/SIGTERM ask for a
//! shutdown (a second one exits at once), SIGHUP asks for a configuration
//! reload. On Windows, Ctrl-C asks for a shutdown (a second one exits at once).

use tokio::sync::mpsc::UnboundedSender;

use crate::daemon::Event;

/// Spawns the tasks that turn signals into events on `tx`.
pub fn forward_signals(tx: UnboundedSender<Event>) -> std::io::Result<()> {
    imp::forward(tx)
}

#[cfg(unix)]
mod imp {
    use tokio::signal::unix::{SignalKind, signal};
    use tokio::sync::mpsc::UnboundedSender;

    use crate::daemon::Event;

    pub fn forward(tx: UnboundedSender<Event>) -> std::io::Result<()> {
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
                if matches!(event, Event::Shutdown { .. }) {
                    shutdowns += 1;
                    if shutdowns > 1 {
                        // A second signal: the user does not want to wait.
                        std::process::exit(130);
                    }
                }
                if tx.send(event).is_err() {
                    break;
                }
            }
        });
        Ok(())
    }
}

#[cfg(not(unix))]
mod imp {
    use tokio::sync::mpsc::UnboundedSender;

    use crate::daemon::Event;

    pub fn forward(tx: UnboundedSender<Event>) -> std::io::Result<()> {
        tokio::spawn(async move {
            let mut shutdowns = 0u32;
            while tokio::signal::ctrl_c().await.is_ok() {
                shutdowns += 1;
                if shutdowns > 1 {
                    std::process::exit(130);
                }
                if tx.send(Event::Shutdown { signal: "Ctrl-C" }).is_err() {
                    break;
                }
            }
        });
        Ok(())
    }
}
