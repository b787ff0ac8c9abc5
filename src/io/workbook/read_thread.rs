//! The thread a file's bytes are read on, so that a read blocked on a share
//! that stopped answering holds only that thread. Each thread that reads
//! files keeps its reader between reads (starting a thread per file costs
//! more than reading a small workbook); a read that does not end in time
//! keeps the reader it blocks, and the next read starts another.

use std::cell::RefCell;
use std::sync::mpsc::{self, SendError, Sender};

/// A read to run, which hands its result back itself.
pub(super) type Job = Box<dyn FnOnce() + Send>;

thread_local! {
    /// This thread's reader, if it has one that is not left to a hung read.
    static READER: RefCell<Option<Sender<Job>>> = const { RefCell::new(None) };
}

/// Runs `job` on this thread's reader, starting one when there is none. A
/// job that panics drops its result's sender (its caller learns of it) and
/// leaves the reader serving.
pub(super) fn run(job: Job) -> std::io::Result<()> {
    READER.with(|reader| {
        let mut reader = reader.borrow_mut();
        let job = match reader.as_ref() {
            Some(tx) => match tx.send(job) {
                Ok(()) => return Ok(()),
                Err(SendError(job)) => job,
            },
            None => job,
        };
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("read".into())
            .spawn(move || {
                // Ends once the reading thread drops or leaves its sender.
                for job in rx {
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            })?;
        tx.send(job)
            .map_err(|_| std::io::Error::other("the reading thread ended as it started"))?;
        *reader = Some(tx);
        Ok(())
    })
}

/// Leaves this thread's reader to the read it is blocked in; the reader
/// ends when that read does.
pub(super) fn leave() {
    READER.with(|reader| reader.borrow_mut().take());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::sync_channel;
    use std::time::Duration;

    fn thread_of_job() -> std::thread::ThreadId {
        let (tx, rx) = sync_channel(1);
        run(Box::new(move || {
            let _ = tx.send(std::thread::current().id());
        }))
        .unwrap();
        rx.recv_timeout(Duration::from_secs(10)).unwrap()
    }

    #[test]
    fn one_reader_serves_the_reads_of_a_thread() {
        let first = thread_of_job();
        assert_ne!(first, std::thread::current().id());
        assert_eq!(thread_of_job(), first);
    }

    #[test]
    fn a_reader_left_to_a_hung_read_is_replaced() {
        let (release, blocked) = sync_channel::<()>(0);
        let first = thread_of_job();
        run(Box::new(move || {
            let _ = blocked.recv();
        }))
        .unwrap();
        leave();
        let second = thread_of_job();
        assert_ne!(second, first);
        drop(release);
    }

    #[test]
    fn a_job_that_panics_tells_its_caller_and_the_reader_goes_on() {
        let first = thread_of_job();
        let (tx, rx) = sync_channel::<()>(1);
        run(Box::new(move || {
            let _kept = tx;
            panic!("a read that panics");
        }))
        .unwrap();
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(10)),
            Err(mpsc::RecvTimeoutError::Disconnected)
        );
        assert_eq!(thread_of_job(), first);
    }
}
