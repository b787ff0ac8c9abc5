//! The daemon's pipeline on a thread of its own: the one owner of the
//! [`Pipeline`]. The event loop hands it jobs (closures over the pipeline)
//! one at a time over a channel and awaits each answer on a oneshot channel,
//! so a scan, a write or a send never blocks the loop's timers and signals,
//! and nothing else ever touches the pipeline.
//!
//! A job that panics is a bug: the pipeline may be left half-changed, so
//! the worker runs nothing more. The job's caller learns of it with the
//! panic's message ([`PipelineFailed`]), and the daemon stops with
//! [`EXIT_PIPELINE_FAILED`] for its service manager to start it again.

use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::i18n::t;
use crate::pipeline::Pipeline;

/// The daemon's exit code when a pipeline step failed: `EX_SOFTWARE` of
/// `sysexits.h` (an internal error). systemd (`Restart=on-failure`) and the
/// Windows service wrapper (`onfailure`) start the daemon again.
pub const EXIT_PIPELINE_FAILED: u8 = 70;

/// A job for the worker: runs on the pipeline and answers its caller;
/// `Break` (the job panicked, its caller told why) ends the worker.
type Job = Box<dyn FnOnce(&mut Pipeline) -> ControlFlow<()> + Send>;

/// Why a job gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PipelineFailed {
    /// The job panicked, with this message.
    Panicked(String),
    /// The worker had stopped already (after an earlier panic).
    Stopped,
}

impl PipelineFailed {
    /// Logs the failure at ERROR, for the administrator and the bug report.
    pub(crate) fn log(&self) {
        match self {
            PipelineFailed::Panicked(message) => {
                tracing::error!(
                    "{}",
                    t!(
                        "log-pipeline-panicked",
                        message = message.as_str(),
                        code = EXIT_PIPELINE_FAILED
                    )
                );
            }
            PipelineFailed::Stopped => {
                tracing::error!(
                    "{}",
                    t!("log-pipeline-stopped", code = EXIT_PIPELINE_FAILED)
                );
            }
        }
    }
}

/// The thread that owns the pipeline.
pub(crate) struct PipelineWorker {
    jobs: mpsc::Sender<Job>,
    thread: JoinHandle<()>,
}

impl PipelineWorker {
    /// Starts the worker thread, which owns `pipeline` from now on.
    pub(crate) fn spawn(mut pipeline: Pipeline) -> std::io::Result<PipelineWorker> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("pipeline".into())
            .spawn(move || {
                while let Ok(job) = queue.recv() {
                    if job(&mut pipeline).is_break() {
                        break;
                    }
                }
            })?;
        Ok(PipelineWorker { jobs, thread })
    }

    /// Runs `job` on the pipeline and gives its result; the event loop
    /// waits without blocking. A blocking job may wait on the daemon's
    /// runtime (`Handle::block_on`): the loop's thread drives it meanwhile.
    pub(crate) async fn run<R: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Pipeline) -> R + Send + 'static,
    ) -> Result<R, PipelineFailed> {
        let (answer, answered) = oneshot::channel();
        let job: Job =
            Box::new(
                move |pipeline| match catch_unwind(AssertUnwindSafe(|| job(pipeline))) {
                    Ok(result) => {
                        let _ = answer.send(Ok(result));
                        ControlFlow::Continue(())
                    }
                    Err(payload) => {
                        let message = crate::io::workbook::read::panic_message(payload.as_ref());
                        let _ = answer.send(Err(PipelineFailed::Panicked(message)));
                        ControlFlow::Break(())
                    }
                },
            );
        if self.jobs.send(job).is_err() {
            return Err(PipelineFailed::Stopped);
        }
        answered.await.unwrap_or(Err(PipelineFailed::Stopped))
    }

    /// Ends the worker: the pipeline is dropped on its thread, which is
    /// waited for (no job runs when the event loop has ended).
    pub(crate) fn finish(self) {
        drop(self.jobs);
        let _ = self.thread.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        let dir = std::env::temp_dir();
        let mut settings = crate::config::Settings::default();
        settings.folder.path = dir.clone();
        settings.output.dir = dir.join("mokuhyo-worker-test-out");
        Pipeline::new(settings).unwrap()
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn a_job_answers_with_its_result() {
        let worker = PipelineWorker::spawn(pipeline()).unwrap();
        let result = runtime().block_on(worker.run(|p| p.catalog().len()));
        assert_eq!(result, Ok(0));
        worker.finish();
    }

    #[test]
    fn a_panic_is_reported_with_its_message_and_stops_the_worker() {
        let worker = PipelineWorker::spawn(pipeline()).unwrap();
        let rt = runtime();
        let failed = rt.block_on(worker.run(|_| -> usize { panic!("consolidation broke") }));
        assert_eq!(
            failed,
            Err(PipelineFailed::Panicked("consolidation broke".into()))
        );
        let after = rt.block_on(worker.run(|p| p.catalog().len()));
        assert_eq!(after, Err(PipelineFailed::Stopped));
        worker.finish();
    }
}
