//! `mokuhyo run`: the daemon. Start: scan the whole folder, write every
//! consolidated workbook, then watch. Changes are debounced, read again
//! incrementally, and only the affected fiscal years are rewritten; a full
//! rescan runs periodically as a safety net; SIGHUP or an edit of the
//! configuration file reloads it (a bad new configuration is reported and
//! the old one kept); SIGINT/SIGTERM finish the write in progress and exit.
//!
//! The pipeline lives on its own worker thread ([`super::worker`]); the
//! event loop hands it one job at a time. A job that panics stops the
//! daemon with [`EXIT_PIPELINE_FAILED`], for the service manager to start
//! it again, rather than leave it running without a pipeline.
//!
//! The last good data of every file is kept in the state file: loaded at
//! start (unchanged files are not parsed again; a file that now fails keeps
//! it), and recorded after every refresh on a writer thread of its own.
//!
//! The jobs: [`refresh`] (full scans and saved files), [`mail`] (reminders
//! and the folder outage notice), [`reconfigure`] (a new configuration,
//! the roster, the watchers).

mod mail;
mod reconfigure;
mod refresh;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::Event;
use super::debounce::Debouncer;
use super::schedules::Schedules;
use super::state::Outages;
use super::watch::ActiveWatcher;
pub use super::worker::EXIT_PIPELINE_FAILED;
use super::worker::{PipelineFailed, PipelineWorker};
use crate::config::{LoadedConfig, Settings};
use crate::i18n::t;
use crate::logging::LoggedOnce;
use crate::pipeline::Pipeline;
use crate::state::last_good::{LastGoodBatch, LastGoodWriter};
use crate::state::{Fact, StateError};
use crate::state::{StateFile, StateGuard};

/// How often the daemon looks whether the folder it watches is still the
/// one it started watching.
const FOLDER_LOOK: Duration = Duration::from_secs(5);

/// What a step of the daemon gives: on `Err` the pipeline is gone and the
/// daemon stops.
type Step<T = ()> = Result<T, PipelineFailed>;

/// What the daemon needs from the command line.
#[derive(Debug, Clone)]
pub struct DaemonOptions {
    /// The configuration file to reload from (None: built-in).
    pub config_file: Option<PathBuf>,
    pub env: BTreeMap<String, String>,
}

/// Runs the daemon on the state file it holds until a shutdown signal
/// (exit code 0) or a failed pipeline step ([`EXIT_PIPELINE_FAILED`]).
pub fn run(
    loaded: LoadedConfig,
    opts: DaemonOptions,
    state: StateFile,
) -> anyhow::Result<ExitCode> {
    // A read from a share that has not ended after this runs beside the
    // others: a file on a share that stopped answering delays only itself.
    crate::io::workbook::file_bytes::read_shares_beside(std::time::Duration::from_secs(1));
    // The event loop only waits and hands work to the pipeline's worker
    // and to blocking threads: one thread runs it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(daemon(loaded, opts, state.guard()));
    // A read still blocked on a hung share is not waited for.
    runtime.shutdown_timeout(crate::daemon::signal::SHUTDOWN_GRACE);
    // Every connection to the state file is closed: its lock can go.
    drop(state);
    match result? {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(_) => Ok(ExitCode::from(EXIT_PIPELINE_FAILED)),
    }
}

struct Daemon {
    /// The one owner of the pipeline.
    worker: PipelineWorker,
    /// The settings in force (the pipeline's, as the event loop sees them).
    settings: Settings,
    tx: UnboundedSender<Event>,
    debouncer: Debouncer,
    retries: HashMap<PathBuf, u32>,
    watcher: Option<ActiveWatcher>,
    config_watcher: Option<notify::RecommendedWatcher>,
    roster_watcher: Option<notify::RecommendedWatcher>,
    opts: DaemonOptions,
    /// The day all outputs were last rewritten.
    last_full_write: Option<chrono::NaiveDate>,
    /// Records the last good data in the state file (None: it cannot be opened).
    last_good: Option<LastGoodWriter>,
    /// The problems logged once: the watcher's, each of them; the state
    /// file's and the daemon's facts', each until it changes.
    logged: Logged,
    /// The cron schedules (None: not started yet).
    schedules: Option<Schedules>,
    /// The state file locked at start: the ledger is opened from it, and
    /// nothing is sent once it is not the same file.
    state: StateGuard,
    /// What went wrong and is not right again, for `mokuhyo status`.
    outages: Outages,
    /// Device and inode of the folder watched (Unix).
    watched_folder: Option<(u64, u64)>,
    /// The folder was missing when watching it was last started.
    watched_missing: bool,
    /// The key of the folder outage notice last tried by the folder's
    /// regular look (the rescans and reminder ticks retry it).
    outage_notice_tried: Option<String>,
}

/// The problems the daemon logs once rather than at every retry.
#[derive(Default)]
struct Logged {
    /// The watcher's problems logged so far (each is logged once).
    watcher: HashSet<String>,
    /// Why the state file cannot be used.
    state_file: LoggedOnce,
    /// Why the daemon's facts could not be recorded.
    facts: LoggedOnce,
}

/// The daemon from start to stop: `Ok(Err(_))` when a pipeline step failed
/// (logged).
async fn daemon(
    loaded: LoadedConfig,
    opts: DaemonOptions,
    state: StateGuard,
) -> anyhow::Result<Step> {
    let (tx, mut rx) = unbounded_channel();
    crate::daemon::signal::forward_signals(tx.clone())?;
    if let Err(err) = super::stop::listen(&loaded.settings.state.database, tx.clone()) {
        tracing::warn!(
            "{}",
            t!("log-stop-unreachable", error = crate::logging::causes(&err))
        );
    }
    let opts_env = opts.env.clone();
    let mut daemon = Daemon::new(&loaded.settings, opts, state, tx)?;
    tracing::info!(folder = %loaded.settings.folder.path.display(), origin = %loaded.origin, "{}", t!("log-starting"));
    let daylight_saving = loaded
        .settings
        .daylight_saving_warning(crate::clock::now_utc());
    let warnings = loaded
        .settings
        .warnings()
        .into_iter()
        .chain(loaded.settings.setup_warnings(&opts_env))
        .chain(daylight_saving);
    for warning in loaded.upgraded.iter().cloned().chain(warnings) {
        tracing::warn!("{}", t!("log-configuration-warning", warning = warning));
    }
    let mut outcome = daemon.begin().await;
    if outcome.is_ok() {
        outcome = daemon.event_loop(&mut rx).await;
    }
    if let Err(failed) = &outcome {
        failed.log();
    }
    daemon.end().await;
    Ok(outcome)
}

fn announce(settings: &Settings, watcher: &str) {
    let mail = match settings.mail.transport {
        mokuhyo_core::remind::config::TransportKind::Outbox => {
            t!("announce-outbox", path = settings.mail.outbox_dir.display())
        }
        mokuhyo_core::remind::config::TransportKind::Smtp => {
            t!("announce-smtp", host = &settings.mail.smtp.host)
        }
    };
    // The announcement is for a person at a terminal; with no reader left
    // (stdout a closed pipe) the daemon runs on without it.
    let _ = writeln!(
        std::io::stdout(),
        "{}",
        t!(
            "announce",
            folder = settings.folder.path.display(),
            watcher = watcher,
            output = settings.output.dir.display(),
            mail = mail,
            state = settings.state.database.display()
        )
    );
}

impl Daemon {
    /// The daemon on `settings`, its pipeline seeded from the state file
    /// and started on its worker.
    fn new(
        settings: &Settings,
        opts: DaemonOptions,
        state: StateGuard,
        tx: UnboundedSender<Event>,
    ) -> anyhow::Result<Daemon> {
        let (mut pipeline, store) =
            Pipeline::with_last_good(settings.clone(), crate::clock::now_utc(), state.last_good())?;
        super::roster::reload(&mut pipeline, true);
        if let Some(since) = state
            .daemon()
            .and_then(|record| record.read())
            .ok()
            .and_then(|recorded| recorded.folder_outage_since)
        {
            pipeline.resume_outage(since);
        }
        let last_good = store.and_then(|store| match LastGoodWriter::spawn(store) {
            Ok(writer) => Some(writer),
            Err(err) => {
                tracing::warn!(
                    "{}",
                    t!(
                        "log-last-good-not-kept",
                        error = crate::logging::causes(&err)
                    )
                );
                None
            }
        });
        Ok(Daemon {
            worker: PipelineWorker::spawn(pipeline)?,
            settings: settings.clone(),
            tx,
            debouncer: Debouncer::new(Duration::from_millis(settings.watch.debounce_ms)),
            retries: HashMap::new(),
            watcher: None,
            config_watcher: None,
            roster_watcher: None,
            opts,
            last_full_write: None,
            last_good,
            logged: Logged::default(),
            schedules: None,
            state,
            outages: Outages::default(),
            watched_folder: None,
            watched_missing: false,
            outage_notice_tried: None,
        })
    }

    /// The start: the first scan, the catch-up of mail due, the watchers
    /// and the schedules.
    async fn begin(&mut self) -> Step {
        let settings = self.settings.clone();
        crate::io::output_file::remove_stale_temporaries(
            &settings.output.dir,
            crate::clock::now_utc(),
        );
        if let Ok(record) = self.state.daemon() {
            let now = crate::clock::now_utc();
            let started = Fact::Started {
                at: now,
                pid: std::process::id(),
            };
            let _ = record.record(&[started], now);
        }
        // Watch first, so that nothing saved during the first scan is missed
        // (a change seen twice is read once: unchanged files are not re-read).
        self.start_watching(&settings);
        self.full_scan().await?;
        self.send_reminders().await?;
        self.watch_config_file();
        self.watch_roster_file();
        self.schedules = Some(Schedules::start(&settings, crate::clock::now_utc()));
        self.record_schedules().await?;
        announce(
            &settings,
            self.watcher.as_ref().map_or("none", ActiveWatcher::kind),
        );
        Ok(())
    }

    /// The stop: the schedules, the last good data still queued, the
    /// pipeline's worker.
    async fn end(mut self) {
        if let Some(writer) = self.last_good.take() {
            let _ = tokio::task::spawn_blocking(move || writer.finish()).await;
        }
        self.worker.finish();
        tracing::info!("{}", t!("log-stopped"));
    }

    /// Waits for events and handles each until a shutdown (`Ok`) or a
    /// failed pipeline step.
    async fn event_loop(&mut self, rx: &mut UnboundedReceiver<Event>) -> Step {
        // The folder watched is looked at this often: one renamed away and
        // made again is watched anew.
        let mut look = tokio::time::interval(FOLDER_LOOK);
        look.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let next = self.debouncer.next_due();
            let due = async {
                match next {
                    Some(at) => tokio::time::sleep_until(tokio::time::Instant::from_std(at)).await,
                    None => std::future::pending().await,
                }
            };
            // The schedules look at the wall clock at least once a second.
            let look_at_clock = self
                .schedules
                .as_ref()
                .map_or(super::schedules::LOOK, |schedules| {
                    schedules.wait(crate::clock::now_utc())
                });
            let event = tokio::select! {
                ev = rx.recv() => ev,
                () = due => {
                    self.process_due().await?;
                    continue;
                }
                () = tokio::time::sleep(look_at_clock) => {
                    self.fire_schedules().await?;
                    continue;
                }
                _ = look.tick() => {
                    self.look_at_folder().await?;
                    continue;
                }
            };
            match event {
                None => return Ok(()),
                Some(Event::Shutdown { signal }) => {
                    tracing::info!(signal, "{}", t!("log-shutting-down"));
                    return Ok(());
                }
                Some(event) => self.handle(event).await?,
            }
        }
    }

    /// Handles one event other than a shutdown.
    async fn handle(&mut self, event: Event) -> Step {
        match event {
            Event::Paths(paths) => {
                let now = Instant::now();
                for path in paths {
                    if self.is_relevant(&path) || self.is_sub_folder(&path) {
                        self.debouncer.touch(&path, now);
                    }
                }
            }
            Event::WatchError(message) => {
                // A lasting problem (a link loop seen by the polling
                // watcher) is reported at every poll: logged once.
                if self.logged.watcher.insert(message.clone()) {
                    tracing::warn!("{}", t!("log-watcher", message = &message));
                } else {
                    tracing::debug!("{}", t!("log-watcher", message = &message));
                }
            }
            Event::Rescan => {
                self.reload_roster(false).await?;
                self.full_scan().await?;
                self.send_reminders().await?;
            }
            Event::ReminderTick => self.send_reminders().await?,
            Event::ReloadConfig => {
                self.last_full_write = None;
                self.reload_config().await?;
            }
            Event::Shutdown { .. } => {}
        }
        Ok(())
    }

    /// Logs a failure to record the daemon's facts for `status` (once until
    /// it changes), and that they are recorded again.
    fn recorded(&mut self, result: Result<(), StateError>) {
        match result {
            Ok(()) => {
                if self.logged.facts.is_over() {
                    tracing::info!("{}", t!("log-state-recorded-again"));
                }
            }
            Err(err) => {
                let err = crate::logging::causes(&err);
                if self.logged.facts.is_new(&err) {
                    tracing::warn!("{}", t!("log-state-not-recorded", error = &err));
                }
            }
        }
    }

    /// Records the daemon's facts now (after an outage came or went outside
    /// a scan or a save).
    async fn record_facts(&mut self) -> Step {
        let (state, outages) = (self.state.clone(), self.outages.clone());
        let recorded = self
            .worker
            .run(move |pipeline| {
                let now = crate::clock::now_utc();
                super::state::record(&state, &super::state::facts(pipeline, &outages), now)
            })
            .await?;
        self.recorded(recorded);
        Ok(())
    }

    /// Fires what the schedules say is due now, after recording their
    /// next firings when they changed.
    async fn fire_schedules(&mut self) -> Step {
        let Some(schedules) = self.schedules.as_mut() else {
            return Ok(());
        };
        let (events, changed) = schedules.look(crate::clock::now_utc());
        if changed {
            self.record_schedules().await?;
        }
        for event in events {
            self.handle(event).await?;
        }
        Ok(())
    }

    /// Records the schedules' next and last firings for `mokuhyo status`.
    async fn record_schedules(&mut self) -> Step {
        let Some(states) = self.schedules.as_ref().map(Schedules::states) else {
            return Ok(());
        };
        let state = self.state.clone();
        let recorded = self
            .worker
            .run(move |_| {
                let now = crate::clock::now_utc();
                state
                    .daemon()
                    .and_then(|record| record.record(&[Fact::Schedules(&states)], now))
            })
            .await?;
        self.recorded(recorded);
        Ok(())
    }

    /// Queues `batch` for the state file (written on the writer's thread).
    fn record_last_good(&self, batch: LastGoodBatch) {
        if let Some(writer) = &self.last_good {
            writer.send(batch);
        }
    }

    /// Clears the outage `about`; whether there was one.
    fn outages_clear(&mut self, about: &str) -> bool {
        let before = self.outages.clone();
        self.outages.clear(about);
        before != self.outages
    }
}
