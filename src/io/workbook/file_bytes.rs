//! The bytes of a department's file. A file on a local disk is read at
//! once; a file on a share is read on a reading thread of its own
//! ([`super::read_thread`]), so that a share that stopped answering holds
//! only that thread, and its read is given up after a time limit. One read
//! of a file is under way at a time: a second caller waits for it (a
//! command) or goes on without it (the daemon, [`read_shares_beside`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use super::read_error::{ReadError, ReadLimits};

/// A read of a file on a share, on its reading thread: when it started,
/// and its result once it has ended and no caller has taken it yet. While
/// a read is under way the file is not read again (a second thread would
/// block on the same share): a second caller waits until the first has
/// taken the bytes, then reads the file again.
struct ShareRead {
    started: Instant,
    ended: Option<Result<Vec<u8>, ReadError>>,
    /// Whether the caller that started it has gone on without it.
    left: bool,
}

/// The reads of files on shares under way, or ended and not taken.
static SHARE_READS: Mutex<BTreeMap<PathBuf, ShareRead>> = Mutex::new(BTreeMap::new());

/// Told each time the caller of a read of [`SHARE_READS`] has taken its
/// bytes or gone on without them.
static SHARE_READ_TAKEN: Condvar = Condvar::new();

fn share_reads() -> MutexGuard<'static, BTreeMap<PathBuf, ShareRead>> {
    SHARE_READS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How long a caller waits for a read from a share before it goes on
/// without it ([`ReadError::Pending`]); unset: up to the read's time limit.
static WAIT_BESIDE: OnceLock<Duration> = OnceLock::new();

/// Makes each read from a share that takes longer than `wait` run beside
/// the others: its caller goes on at once ([`ReadError::Pending`]) and
/// takes the bytes when it asks again after the read has ended, so that a
/// file on a share that stopped answering delays only itself. For the
/// daemon, which reads such a file again; a command waits for each read up
/// to its time limit.
pub(crate) fn read_shares_beside(wait: Duration) {
    let _ = WAIT_BESIDE.set(wait);
}

/// The bytes of the file at `path`, refused when over
/// `limits.max_file_bytes`. A file on a share is read on the reading thread
/// ([`super::read_thread`]), left behind when it has not ended after
/// `limits.read_timeout_secs` ([`ReadError::Hung`]) — or, in the daemon,
/// after the wait of [`read_shares_beside`] ([`ReadError::Pending`]); a
/// file on a local disk ([`super::local_disk`]) is read here.
pub(crate) fn read_file(path: &Path, limits: &ReadLimits) -> Result<Vec<u8>, ReadError> {
    if super::local_disk::is_local(path) {
        read_file_now(path, limits)
    } else {
        read_from_share(path, limits)
    }
}

/// The bytes of the file at `path` on a share, read on the reading thread.
fn read_from_share(path: &Path, limits: &ReadLimits) -> Result<Vec<u8>, ReadError> {
    let limit = Duration::from_secs(limits.read_timeout_secs.max(1));
    let not_ended = |started: Instant| {
        let (path, secs) = (path.to_path_buf(), started.elapsed().as_secs());
        if started.elapsed() >= limit {
            ReadError::Hung { path, secs }
        } else {
            ReadError::Pending { path, secs }
        }
    };
    {
        let mut under_way = share_reads();
        while let Some(read) = under_way.get(path) {
            match (&read.ended, read.left) {
                // Another caller waits for this read: a command waits with
                // it, up to the same time limit; the daemon goes on.
                (_, false) => {
                    let left = limit.saturating_sub(read.started.elapsed());
                    if WAIT_BESIDE.get().is_some() || left.is_zero() {
                        return Err(not_ended(read.started));
                    }
                    under_way = SHARE_READ_TAKEN
                        .wait_timeout(under_way, left)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                }
                (None, true) => return Err(not_ended(read.started)),
                (Some(_), true) => {
                    if let Some(ended) = under_way.remove(path).and_then(|read| read.ended) {
                        return ended;
                    }
                }
            }
        }
        under_way.insert(
            path.to_path_buf(),
            ShareRead {
                started: Instant::now(),
                ended: None,
                left: false,
            },
        );
    }
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let (owned, copied) = (path.to_path_buf(), *limits);
    let reader = super::read_thread::run(Box::new(move || {
        let read = read_file_now(&owned, &copied);
        if let Some(share_read) = share_reads().get_mut(&owned) {
            share_read.ended = Some(read);
        }
        let _ = tx.send(());
    }));
    if let Err(source) = reader {
        share_reads().remove(path);
        SHARE_READ_TAKEN.notify_all();
        return Err(ReadError::Io {
            path: path.to_path_buf(),
            source,
        });
    }
    let wait = WAIT_BESIDE.get().map_or(limit, |&wait| wait.min(limit));
    let ended = rx.recv_timeout(wait);
    let mut under_way = share_reads();
    let taken = match under_way.remove(path) {
        Some(ShareRead {
            ended: Some(ended), ..
        }) => ended,
        Some(mut read) if ended == Err(RecvTimeoutError::Timeout) => {
            let error = not_ended(read.started);
            read.left = true;
            under_way.insert(path.to_path_buf(), read);
            // The reader is blocked in this read: the next read starts
            // another.
            super::read_thread::leave();
            Err(error)
        }
        _ => Err(ReadError::ReaderPanic {
            path: path.to_path_buf(),
            message: "the read stopped unexpectedly".into(),
        }),
    };
    drop(under_way);
    SHARE_READ_TAKEN.notify_all();
    taken
}

fn read_file_now(path: &Path, limits: &ReadLimits) -> Result<Vec<u8>, ReadError> {
    let io_error = |source: std::io::Error| {
        if matches!(
            source.kind(),
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
        ) {
            ReadError::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            ReadError::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: limits.max_file_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    // The file may have grown between the two calls.
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    Ok(bytes)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;

    /// Writes `bytes` once to the pipe at `fifo` as soon as someone reads
    /// it, giving up after five seconds.
    fn write_when_read(fifo: &Path, bytes: &[u8]) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            // Opening a pipe to write without waiting fails while no one
            // reads it.
            if let Ok(mut pipe) = std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
                .open(fifo)
            {
                let _ = pipe.write_all(bytes);
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_second_command_asking_for_a_file_read_from_a_share_waits_for_its_bytes() {
        // A pipe stands for a slow share: its read ends only when written.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("総務部_目標.xlsx");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let limits = ReadLimits::default();
        let first = std::thread::spawn({
            let fifo = fifo.clone();
            move || read_from_share(&fifo, &limits)
        });
        while !share_reads().contains_key(&fifo) {
            std::thread::sleep(Duration::from_millis(1));
        }
        // The second asks while the first read is under way.
        let second = std::thread::spawn({
            let fifo = fifo.clone();
            move || read_from_share(&fifo, &limits)
        });
        std::thread::sleep(Duration::from_millis(100));
        write_when_read(&fifo, b"PK");
        assert_eq!(first.join().unwrap().unwrap(), b"PK");
        // Once the first has its bytes, the second reads the file again.
        write_when_read(&fifo, b"PK");
        assert_eq!(second.join().unwrap().unwrap(), b"PK");
    }
}
