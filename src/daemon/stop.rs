//! `mokuhyo stop`: asks the daemon of a state file to stop as a shutdown
//! signal does (the write in progress is finished first) and waits until it
//! has ended. On Unix the request is a SIGTERM to the pid the daemon recorded
//! while it holds the state file's lock; on Windows, where no signal reaches a
//! process without a console, the daemon listens on a named pipe named after
//! its state file (`\\.\pipe\mokuhyo-…`), which only the daemon's own account,
//! administrators and SYSTEM may write to (the pipe's default access). A
//! service wrapper's stop command (`mokuhyo.exe stop`) and the tests use it.

use std::path::Path;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;

use super::Event;
use crate::state::Role;

/// What `mokuhyo stop` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// The daemon was asked and has ended.
    Ended,
    /// No daemon was running with this state file.
    NotRunning,
}

/// Asks the daemon of `database` to stop, then waits up to `wait` for it
/// to release its lock.
pub fn request(database: &Path, wait: Duration) -> anyhow::Result<Stopped> {
    let Some(pid) = daemon_pid(database) else {
        return Ok(Stopped::NotRunning);
    };
    imp::ask(database, pid)?;
    let start = Instant::now();
    while daemon_pid(database).is_some() {
        if start.elapsed() >= wait {
            anyhow::bail!(
                "{}",
                crate::i18n::t!(
                    "stop-still-running",
                    path = database.display(),
                    seconds = wait.as_secs()
                )
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(Stopped::Ended)
}

/// The process id of the daemon holding the state file `database`'s lock;
/// `None` when no daemon holds it (nobody, or a `remind` or `consolidate`).
fn daemon_pid(database: &Path) -> Option<u32> {
    crate::state::holder(database)
        .filter(|holder| holder.role == Role::Daemon)
        .map(|holder| holder.pid)
}

/// Starts listening for stop requests for the daemon of `database`; each
/// becomes [`Event::Shutdown`] on `tx`. Must run inside the daemon's runtime.
pub(crate) fn listen(database: &Path, tx: UnboundedSender<Event>) -> std::io::Result<()> {
    imp::listen(database, tx)
}

#[cfg(unix)]
mod imp {
    use std::path::Path;

    use tokio::sync::mpsc::UnboundedSender;

    use crate::daemon::Event;

    /// SIGTERM reaches the daemon through its signal handler: nothing to set up.
    pub(super) fn listen(_database: &Path, _tx: UnboundedSender<Event>) -> std::io::Result<()> {
        Ok(())
    }

    pub(super) fn ask(database: &Path, pid: u32) -> anyhow::Result<()> {
        let pid = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{}",
                    crate::i18n::t!("stop-no-pid", path = database.display())
                )
            })?;
        rustix::process::kill_process(pid, rustix::process::Signal::TERM).map_err(|e| {
            anyhow::anyhow!(
                "{}",
                crate::i18n::t!(
                    "stop-signal-failed",
                    pid = pid.as_raw_pid(),
                    error = crate::logging::causes(&e)
                )
            )
        })?;
        Ok(())
    }
}

#[cfg(windows)]
mod imp {
    use std::path::Path;
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::windows::named_pipe::{ClientOptions, NamedPipeServer, ServerOptions};
    use tokio::sync::mpsc::UnboundedSender;

    use crate::daemon::Event;

    /// The request written on the pipe.
    const REQUEST: &[u8] = b"stop\n";

    /// `\\.\pipe\mokuhyo-<hash of the state file's full path>`: one pipe per
    /// state file, as one daemon per state file.
    fn pipe_name(database: &Path) -> String {
        let full = crate::state::resolve(database);
        let key = full.to_string_lossy().to_lowercase();
        format!(
            r"\\.\pipe\mokuhyo-{:016x}",
            xxhash_rust::xxh3::xxh3_64(key.as_bytes())
        )
    }

    pub(super) fn listen(database: &Path, tx: UnboundedSender<Event>) -> std::io::Result<()> {
        let name = pipe_name(database);
        // The first instance: a pipe of that name held by another process
        // is refused rather than shared.
        let mut server = ServerOptions::new()
            .first_pipe_instance(true)
            .create(&name)?;
        tokio::spawn(async move {
            loop {
                if server.connect().await.is_err() {
                    // A client that went away before being served.
                    match ServerOptions::new().create(&name) {
                        Ok(next) => server = next,
                        Err(err) => {
                            tracing::warn!(
                                "{}",
                                crate::i18n::t!(
                                    "log-stop-requests-unheard",
                                    error = crate::logging::causes(&err)
                                )
                            );
                            return;
                        }
                    }
                    continue;
                }
                let connected = server;
                server = match ServerOptions::new().create(&name) {
                    Ok(next) => next,
                    Err(err) => {
                        tracing::warn!(
                            "{}",
                            crate::i18n::t!(
                                "log-stop-requests-unheard",
                                error = crate::logging::causes(&err)
                            )
                        );
                        serve(connected, &tx).await;
                        return;
                    }
                };
                if serve(connected, &tx).await {
                    return;
                }
            }
        });
        Ok(())
    }

    /// Reads one request; true when it asked the daemon to stop.
    async fn serve(mut pipe: NamedPipeServer, tx: &UnboundedSender<Event>) -> bool {
        let mut request = [0u8; 16];
        let mut read = 0;
        while read < REQUEST.len() {
            match pipe.read(&mut request[read..]).await {
                Ok(0) | Err(_) => break,
                Ok(n) => read += n,
            }
        }
        if &request[..read] != REQUEST {
            return false;
        }
        let _ = pipe.write_all(b"ok\n").await;
        tx.send(Event::Shutdown {
            signal: "stop request",
        })
        .is_ok()
    }

    pub(super) fn ask(database: &Path, _pid: u32) -> anyhow::Result<()> {
        let name = pipe_name(database);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async {
            let mut tries = 0;
            let mut client = loop {
                match ClientOptions::new().open(&name) {
                    Ok(client) => break client,
                    // Another request is being served: the next instance comes at once.
                    Err(_) if tries < 50 => {
                        tries += 1;
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    Err(err) => anyhow::bail!(
                        "{}",
                        crate::i18n::t!(
                            "stop-pipe-unreachable",
                            pipe = &name,
                            error = crate::logging::causes(&err)
                        )
                    ),
                }
            };
            client
                .write_all(REQUEST)
                .await
                .map_err(|e| anyhow::Error::new(e).context(name.clone()))?;
            let mut reply = Vec::new();
            let _ = client.read_to_end(&mut reply).await;
            Ok(())
        })
    }
}
