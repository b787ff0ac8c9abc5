//! `mokuhyo run`: the daemon. Start: scan the whole folder, write every
//! consolidated workbook, then watch. Changes are debounced, read again
//! incrementally, and only the affected fiscal years are rewritten; a full
//! rescan runs periodically as a safety net; SIGHUP or an edit of the
//! configuration file reloads it (a bad new configuration is reported and
//! the old one kept); SIGINT/SIGTERM finish the write in progress and exit.
//!
//! The last good data of every file is kept in the state file: loaded at
//! start (unchanged files are not parsed again; a file that now fails keeps
//! it), and recorded after every refresh on a writer thread of its own.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::Event;
use super::debounce::Debouncer;
use super::schedules::Schedules;
use super::state::Outages;
use super::watch::{self, ActiveWatcher};
use crate::catalog::{Change, OnFailure};
use crate::config::{self, LoadedConfig, Settings};
use crate::i18n::t;
use crate::last_good::{LastGoodBatch, LastGoodWriter};
use crate::pipeline::Pipeline;
use crate::state::Fact;
use crate::state_file::{StateFile, StateGuard};
use crate::workbook::classify::{FileClass, classify};

/// How often the daemon looks whether the folder it watches is still the
/// one it started watching.
const FOLDER_LOOK: Duration = Duration::from_secs(5);

/// Retries of a file that fails while it may still be being written, with
/// doubling delays, before the failure is recorded.
const MAX_RETRIES: u32 = 4;

/// What the daemon needs from the command line.
#[derive(Debug, Clone)]
pub struct DaemonOptions {
    /// The configuration file to reload from (None: built-in).
    pub config_file: Option<PathBuf>,
    pub env: BTreeMap<String, String>,
}

/// Runs the daemon on the state file it holds until a shutdown signal.
pub fn run(loaded: LoadedConfig, opts: DaemonOptions, state: StateFile) -> anyhow::Result<()> {
    // The event loop only waits and hands work to blocking threads: one
    // thread runs it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(daemon(loaded, opts, state.guard()));
    // A read still blocked on a hung share is not waited for.
    runtime.shutdown_timeout(crate::signal::SHUTDOWN_GRACE);
    // Every connection to the state file is closed: its lock can go.
    drop(state);
    result
}

struct Daemon {
    pipeline: Arc<Mutex<Pipeline>>,
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
    /// The watcher's problems logged so far (each is logged once).
    watch_errors: HashSet<String>,
    /// The cron schedules (None: they could not be started).
    schedules: Option<Schedules>,
    /// The state file locked at start: the ledger is opened from it, and
    /// nothing is sent once it is not the same file.
    state: StateGuard,
    /// Why the state file cannot be used, as last logged (logged once).
    state_error: Option<String>,
    /// What went wrong and is not right again, for `mokuhyo status`.
    outages: Outages,
    /// Device and inode of the folder watched (Unix).
    watched_folder: Option<(u64, u64)>,
    /// The folder was missing when watching it was last started.
    watched_missing: bool,
    /// The key of the folder outage notice last tried by the folder's
    /// regular look (the rescans and reminder ticks retry it).
    outage_notice_tried: Option<String>,
    /// Why the daemon's facts could not be recorded, as last logged.
    record_error: Option<String>,
}

async fn daemon(
    loaded: LoadedConfig,
    opts: DaemonOptions,
    state: StateGuard,
) -> anyhow::Result<()> {
    let (tx, mut rx) = unbounded_channel();
    crate::signal::forward_signals(tx.clone())?;
    let settings = loaded.settings;
    if let Err(err) = super::stop::listen(&settings.state.database, tx.clone()) {
        tracing::warn!("{}", t!("log-stop-unreachable", error = err.to_string()));
    }
    let (mut pipeline, store) =
        Pipeline::with_last_good(settings.clone(), crate::clock::now_utc(), state.path())?;
    super::roster::reload(&mut pipeline, true);
    if let Some(since) = state
        .ledger()
        .and_then(|ledger| ledger.daemon_state())
        .ok()
        .and_then(|recorded| recorded.folder_outage_since)
    {
        pipeline.resume_outage(since);
    }
    let last_good = store.and_then(|store| match LastGoodWriter::spawn(store) {
        Ok(writer) => Some(writer),
        Err(err) => {
            tracing::warn!("{}", t!("log-last-good-not-kept", error = err.to_string()));
            None
        }
    });
    let mut daemon = Daemon {
        pipeline: Arc::new(Mutex::new(pipeline)),
        tx: tx.clone(),
        debouncer: Debouncer::new(Duration::from_millis(settings.watch.debounce_ms)),
        retries: HashMap::new(),
        watcher: None,
        config_watcher: None,
        roster_watcher: None,
        opts,
        last_full_write: None,
        last_good,
        watch_errors: HashSet::new(),
        schedules: None,
        state,
        state_error: None,
        outages: Outages::default(),
        record_error: None,
        watched_folder: None,
        watched_missing: false,
        outage_notice_tried: None,
    };
    tracing::info!(folder = %settings.folder.path.display(), origin = %loaded.origin, "{}", t!("log-starting"));
    for warning in loaded.upgraded.iter().chain(&settings.warnings()) {
        tracing::warn!("{}", t!("log-configuration-warning", warning = warning));
    }
    crate::output_file::remove_stale_temporaries(&settings.output.dir, crate::clock::now_utc());
    if let Ok(ledger) = daemon.state.ledger() {
        let now = crate::clock::now_utc();
        let started = Fact::Started {
            at: now,
            pid: std::process::id(),
        };
        let _ = ledger.record_facts(&[started], now);
    }
    // Watch first, so that nothing saved during the first scan is missed
    // (a change seen twice is read once: unchanged files are not re-read).
    daemon.start_watching(&settings);
    daemon.full_scan().await;
    daemon.send_reminders().await;
    daemon.watch_config_file();
    daemon.watch_roster_file();
    daemon.schedules = Schedules::start(&settings, &tx).await;
    announce(
        &settings,
        daemon.watcher.as_ref().map_or("none", ActiveWatcher::kind),
    );

    daemon.event_loop(&mut rx).await;
    if let Some(schedules) = daemon.schedules.take() {
        schedules.stop().await;
    }
    if let Some(writer) = daemon.last_good.take() {
        let _ = tokio::task::spawn_blocking(move || writer.finish()).await;
    }
    tracing::info!("{}", t!("log-stopped"));
    Ok(())
}

fn announce(settings: &Settings, watcher: &str) {
    let mail = match settings.mail.transport {
        crate::remind::config::TransportKind::Outbox => {
            t!("announce-outbox", path = settings.mail.outbox_dir.display())
        }
        crate::remind::config::TransportKind::Smtp => {
            t!("announce-smtp", host = &settings.mail.smtp.host)
        }
    };
    println!(
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
    async fn event_loop(&mut self, rx: &mut UnboundedReceiver<Event>) {
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
            let event = tokio::select! {
                ev = rx.recv() => ev,
                () = due => {
                    self.process_due().await;
                    continue;
                }
                _ = look.tick() => {
                    self.look_at_folder().await;
                    continue;
                }
            };
            let Some(event) = event else { break };
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
                    if self.watch_errors.insert(message.clone()) {
                        tracing::warn!("{}", t!("log-watcher", message = &message));
                    } else {
                        tracing::debug!("{}", t!("log-watcher", message = &message));
                    }
                }
                Event::Rescan => {
                    self.reload_roster(false).await;
                    self.full_scan().await;
                    self.send_reminders().await;
                }
                Event::ReminderTick => self.send_reminders().await,
                Event::ReloadConfig => {
                    self.last_full_write = None;
                    self.reload_config().await;
                }
                Event::Shutdown { signal } => {
                    tracing::info!(signal, "{}", t!("log-shutting-down"));
                    break;
                }
            }
        }
    }

    /// Whether `path` is a sub-folder of the folder (read with
    /// `folder.recursive`; not the folder itself, not the output folder).
    fn is_sub_folder(&self, path: &Path) -> bool {
        let Ok(pipeline) = self.pipeline.lock() else {
            return false;
        };
        let settings = pipeline.settings();
        let canonical = crate::scan::canonical_or_same;
        settings.folder.recursive
            && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
            && canonical(path) != canonical(&settings.folder.path)
            && !canonical(path).starts_with(canonical(&settings.output.dir))
    }

    /// The workbooks held by those of `due` that are sub-folders now (a
    /// folder copied in, a workbook's name made a folder), as they stand
    /// when the changes have settled: the watcher watches a new folder
    /// only once it exists and may miss what was put in it at once.
    fn workbooks_in_folders(&self, due: &[PathBuf]) -> Vec<PathBuf> {
        let folders: Vec<&PathBuf> = due.iter().filter(|p| self.is_sub_folder(p)).collect();
        let Ok(pipeline) = self.pipeline.lock() else {
            return Vec::new();
        };
        let settings = pipeline.settings();
        let listed: Vec<PathBuf> = folders
            .into_iter()
            .flat_map(|folder| {
                crate::scan::list(
                    folder,
                    &crate::scan::ListOptions {
                        recursive: true,
                        exclude: &settings.folder.exclude,
                        skip_dirs: std::slice::from_ref(&settings.output.dir),
                    },
                )
                .candidates
            })
            .map(|c| c.path)
            .collect();
        drop(pipeline);
        listed.into_iter().filter(|p| self.is_relevant(p)).collect()
    }

    /// Whether a watched path is a workbook of the folder (not mokuhyo's
    /// own output, not a lock or temp file, not excluded).
    fn is_relevant(&self, path: &Path) -> bool {
        let Ok(pipeline) = self.pipeline.lock() else {
            return false;
        };
        if super::roster::is_roster(&pipeline, path) {
            return true;
        }
        let settings = &pipeline.settings();
        let out = crate::scan::canonical_or_same(&settings.output.dir);
        let parent = path.parent().map(crate::scan::canonical_or_same);
        if parent.is_some_and(|p| p.starts_with(&out)) {
            return false;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        matches!(classify(path), FileClass::Spreadsheet(_))
            && !settings
                .folder
                .exclude
                .iter()
                .any(|p| crate::pattern::matches(p, &name))
    }

    /// Reads the whole folder again (unchanged files are not read) and
    /// rewrites the outputs of the years that changed — of every year on
    /// the first scan and when the date changed (statuses depend on it) —
    /// and every output that is not as last written (deleted, replaced, or
    /// its last write failed).
    async fn full_scan(&mut self) {
        let today = crate::clock::today_in_japan();
        let all_years = self.last_full_write != Some(today);
        self.last_full_write = Some(today);
        let pipeline = Arc::clone(&self.pipeline);
        let (state, mut outages) = (self.state.clone(), self.outages.clone());
        let scan = move || {
            let Ok(mut pipeline) = pipeline.lock() else {
                return None;
            };
            let now = crate::clock::now_utc();
            let (summary, written) = pipeline.scan_and_write(now, today, all_years);
            for (path, message) in &summary.listing.errors {
                tracing::warn!(path = %path.display(), "{message}");
            }
            for (path, message) in &summary.listing.not_followed {
                tracing::debug!(path = %path.display(), "{message}");
            }
            outages.folders(&summary.listing.errors, now);
            outages.share(pipeline.folder_outage());
            outages.outputs(&written, now);
            let recorded =
                super::state::record(&state, &super::state::facts(&pipeline, &outages), now);
            let batch = pipeline.take_last_good_batch(now);
            Some((
                pipeline.catalog().len(),
                summary.touched.years.len(),
                written.len(),
                batch,
                outages,
                recorded,
            ))
        };
        let result = tokio::task::spawn_blocking(scan).await;
        if let Ok(Some((files, changed, written, batch, outages, recorded))) = result {
            self.outages = outages;
            self.recorded(recorded);
            self.record_last_good(batch);
            tracing::info!(
                files,
                changed_years = changed,
                outputs = written,
                "{}",
                t!("log-folder-scanned")
            );
        }
    }

    async fn process_due(&mut self) {
        let mut due = self.debouncer.take_due(Instant::now());
        let roster_saved = self
            .pipeline
            .lock()
            .map(|p| due.iter().any(|path| super::roster::is_roster(&p, path)))
            .unwrap_or(false);
        if roster_saved {
            if let Ok(p) = self.pipeline.lock() {
                due.retain(|path| !super::roster::is_roster(&p, path));
            }
            self.reload_roster(false).await;
        }
        let held = self.workbooks_in_folders(&due);
        for path in held {
            if !due.contains(&path) {
                due.push(path);
            }
        }
        if due.is_empty() {
            return;
        }
        let pipeline = Arc::clone(&self.pipeline);
        let retries = due
            .iter()
            .map(|p| (p.clone(), self.retries.get(p).copied().unwrap_or(0)))
            .collect::<Vec<_>>();
        let (state, mut outages) = (self.state.clone(), self.outages.clone());
        let refresh = move || {
            let Ok(mut pipeline) = pipeline.lock() else {
                return None;
            };
            let now = crate::clock::now_utc();
            let paths: Vec<(PathBuf, OnFailure)> = retries
                .iter()
                .filter(|(path, _)| !is_second_way_to_tracked(&pipeline, path))
                .map(|(path, tries)| {
                    let on_failure = if *tries < MAX_RETRIES {
                        OnFailure::Defer
                    } else {
                        OnFailure::Record
                    };
                    (path.clone(), on_failure)
                })
                .collect();
            let today = crate::clock::today_in_japan();
            let refreshed = pipeline.refresh_paths(&paths, now);
            let before = outages.clone();
            outages.share(pipeline.folder_outage());
            // Recorded before the outputs are written, so that `status` knows
            // what they show once they are there; again if the write came
            // out otherwise than the last.
            let record = |pipeline: &Pipeline, outages: &Outages| {
                super::state::record(&state, &super::state::facts(pipeline, outages), now)
            };
            let mut recorded = (refreshed.touched != Default::default() || outages != before)
                .then(|| record(&pipeline, &outages));
            let written = pipeline.write_touched(&refreshed.touched, today, now);
            let before = outages.clone();
            outages.outputs(&written, now);
            if outages != before {
                recorded = Some(record(&pipeline, &outages));
            }
            Some((
                refreshed.changes,
                pipeline.take_last_good_batch(now),
                outages,
                recorded,
            ))
        };
        let Ok(Some((changes, batch, outages, recorded))) =
            tokio::task::spawn_blocking(refresh).await
        else {
            return;
        };
        self.outages = outages;
        if let Some(recorded) = recorded {
            self.recorded(recorded);
        }
        self.record_last_good(batch);
        for (path, change) in changes {
            match change {
                Change::Deferred { message } => {
                    let tries = self.retries.entry(path.clone()).or_insert(0);
                    *tries += 1;
                    let delay = Duration::from_millis(500u64 << (*tries).min(6));
                    tracing::debug!(path = %path.display(), tries = *tries, "{}", t!("log-not-readable-yet", message = &message));
                    self.debouncer.touch(&path, Instant::now() + delay);
                }
                Change::Updated { .. } | Change::Removed { .. } | Change::Unchanged => {
                    self.retries.remove(&path);
                }
            }
        }
    }

    /// Logs a failure to record the daemon's facts for `status` (once until
    /// it changes), and that they are recorded again.
    fn recorded(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => {
                if self.record_error.take().is_some() {
                    tracing::info!("{}", t!("log-state-recorded-again"));
                }
            }
            Err(err) => {
                if self.record_error.as_ref() != Some(&err) {
                    tracing::warn!("{}", t!("log-state-not-recorded", error = &err));
                    self.record_error = Some(err);
                }
            }
        }
    }

    /// Records the daemon's facts now (after an outage came or went outside
    /// a scan or a save).
    async fn record_facts(&mut self) {
        let pipeline = Arc::clone(&self.pipeline);
        let (state, outages) = (self.state.clone(), self.outages.clone());
        let record = move || {
            let pipeline = pipeline.lock().ok()?;
            let now = crate::clock::now_utc();
            Some(super::state::record(
                &state,
                &super::state::facts(&pipeline, &outages),
                now,
            ))
        };
        if let Ok(Some(recorded)) = tokio::task::spawn_blocking(record).await {
            self.recorded(recorded);
        }
    }

    /// Queues `batch` for the state file (written on the writer's thread).
    fn record_last_good(&self, batch: LastGoodBatch) {
        if let Some(writer) = &self.last_good {
            writer.send(batch);
        }
    }

    /// Sends what the ledger says is due now (the catch-up at start, then
    /// every scheduled wake-up and rescan), and records the daemon's state.
    async fn send_reminders(&mut self) {
        // A state file deleted or replaced under the daemon cannot tell what
        // was sent: nothing goes out until it is restored and the daemon
        // restarted.
        match self.state.verify() {
            Ok(()) => self.state_error = None,
            Err(err) => {
                let err = t!("log-no-mail-sent", error = err.to_string());
                if self.state_error.as_ref() != Some(&err) {
                    tracing::error!("{err}");
                    self.state_error = Some(err);
                }
                return;
            }
        }
        let pipeline = Arc::clone(&self.pipeline);
        let state = self.state.clone();
        // The mail goes out on the daemon's own runtime: the blocking thread
        // (which holds the pipeline's lock and the SQLite ledger) waits on
        // it while this task awaits the thread.
        let runtime = tokio::runtime::Handle::current();
        let send = move || {
            let pipeline = pipeline.lock().ok()?;
            let settings = &pipeline.settings();
            let ledger = match state.ledger() {
                Ok(ledger) => ledger,
                Err(err) => {
                    tracing::error!("{}", t!("log-ledger-unopenable", error = err.to_string()));
                    return None;
                }
            };
            let now = crate::clock::now_utc();
            let consolidated: Vec<PathBuf> = pipeline
                .workbook_paths()
                .into_iter()
                .filter(|p| p.exists())
                .collect();
            let summary = runtime.block_on(pipeline.send_due(&consolidated, &ledger, now, false));
            let next_send = pipeline.next_send(&ledger, now);
            let folder = settings.folder.path.display().to_string();
            let facts = [
                Fact::NextSend(&next_send),
                Fact::Folder(&folder),
                Fact::LastScan(now),
            ];
            let _ = ledger.record_facts(&facts, now);
            Some(summary)
        };
        let result = tokio::task::spawn_blocking(send).await;
        if let Ok(Some(summary)) = &result {
            let now = crate::clock::now_utc();
            let changed = match &summary.held {
                Some(why) => {
                    let before = self.outages.clone();
                    self.outages.set("clock", format!("mail held: {why}"), now);
                    before != self.outages
                }
                None => self.outages_clear("clock"),
            };
            if changed {
                self.record_facts().await;
            }
        }
        if let Ok(Some(summary)) = result {
            for key in &summary.sent {
                tracing::info!(key, "{}", t!("log-mail-sent"));
            }
            self.notice_outage(true).await;
            for (key, err) in summary
                .failed_transient
                .iter()
                .chain(&summary.failed_permanent)
            {
                tracing::warn!(key, "{}", t!("log-mail-not-sent", error = err.to_string()));
            }
            for err in &summary.errors {
                tracing::error!("{}", t!("log-reminders-error", error = err.to_string()));
            }
        }
    }

    /// Looks at the folder: one that vanished is scanned at once (the
    /// outage is then reported); one that (re)appeared where none was
    /// watched, or that is not the one watched (renamed away and made
    /// again, a share mounted on its mount point: a native watcher follows
    /// the old one and would never report a save), is watched anew and
    /// scanned. Then mails the planning section about an outage that has
    /// lasted its grace period.
    async fn look_at_folder(&mut self) {
        let (folder, out) = match self.pipeline.lock() {
            Ok(p) => (
                p.settings().folder.path.clone(),
                p.folder_outage().is_some(),
            ),
            Err(_) => return,
        };
        let exists = std::fs::metadata(&folder).is_ok();
        let identity = crate::state_file::path_identity(&folder);
        if !exists {
            if !out {
                self.full_scan().await;
            }
        } else if self.watched_missing || identity.is_some() && identity != self.watched_folder {
            if !self.watched_missing {
                tracing::warn!("{}", t!("log-folder-replaced", folder = folder.display()));
            }
            let settings = match self.pipeline.lock() {
                Ok(p) => p.settings().clone(),
                Err(_) => return,
            };
            self.start_watching(&settings);
            self.full_scan().await;
        }
        self.notice_outage(false).await;
    }

    /// Mails the planning section about the folder outage in force once it
    /// has lasted `folder.outage_notice_after_secs`: once per outage, the
    /// ledger keeping it (`retry`: also when this daemon tried it already).
    async fn notice_outage(&mut self, retry: bool) {
        let pipeline = Arc::clone(&self.pipeline);
        let state = self.state.clone();
        let tried = self.outage_notice_tried.clone();
        let runtime = tokio::runtime::Handle::current();
        let send = move || {
            let pipeline = pipeline.lock().ok()?;
            let outage = pipeline.folder_outage()?;
            let settings = pipeline.settings();
            let now = crate::clock::now_utc();
            let cfg = pipeline.reminder_config(now);
            let folder = settings
                .folder
                .display_path
                .clone()
                .unwrap_or_else(|| outage.folder.display().to_string());
            let notice = crate::remind::plan::folder_outage_notice(
                &folder,
                &outage.describe(),
                outage.since,
                chrono::Duration::seconds(
                    i64::try_from(settings.folder.outage_notice_after_secs).unwrap_or(i64::MAX),
                ),
                &cfg,
                now,
            )?;
            if !retry && tried.as_deref() == Some(notice.key.to_string().as_str()) {
                return None;
            }
            let ledger = match state.ledger() {
                Ok(ledger) => ledger,
                Err(err) => {
                    tracing::error!("{}", t!("log-ledger-unopenable", error = err.to_string()));
                    return None;
                }
            };
            let summary =
                runtime.block_on(crate::remind::run::send_notice(&notice, &cfg, now, &ledger));
            Some((notice.key.to_string(), summary))
        };
        let Ok(Some((key, summary))) = tokio::task::spawn_blocking(send).await else {
            return;
        };
        self.outage_notice_tried = Some(key.clone());
        for key in &summary.sent {
            tracing::info!(key, "{}", t!("log-outage-notice-sent"));
        }
        for (key, err) in summary
            .failed_transient
            .iter()
            .chain(&summary.failed_permanent)
        {
            tracing::warn!(
                key,
                "{}",
                t!("log-outage-notice-not-sent", error = err.to_string())
            );
        }
        for err in &summary.errors {
            tracing::error!(
                key,
                "{}",
                t!("log-outage-notice-error", error = err.to_string())
            );
        }
    }

    fn start_watching(&mut self, settings: &Settings) {
        self.watcher = None;
        self.watch_errors.clear();
        // The catalog holds absolute paths; watching the canonical folder
        // makes the watcher report the same ones.
        let root = crate::scan::canonical_or_same(&settings.folder.path);
        self.watched_missing = std::fs::metadata(&root).is_err();
        self.watched_folder = crate::state_file::path_identity(&root);
        match watch::start(
            &root,
            settings.folder.recursive,
            settings.watch.mode,
            Duration::from_secs(settings.watch.poll_interval_secs),
            self.tx.clone(),
        ) {
            Ok(w) => {
                tracing::info!(
                    kind = w.kind(),
                    "{}",
                    t!("log-watching", folder = settings.folder.path.display())
                );
                self.watcher = Some(w);
            }
            Err(err) => tracing::error!(
                "{}",
                t!(
                    "log-cannot-watch",
                    folder = settings.folder.path.display(),
                    error = err.to_string()
                )
            ),
        }
    }

    /// Watches the configuration file (if any) for edits.
    fn watch_config_file(&mut self) {
        if let Some(file) = &self.opts.config_file {
            self.config_watcher =
                super::roster::watch_file(file, self.tx.clone(), || Event::ReloadConfig);
        }
    }

    /// Reads the roster again when its file changed (or always, `force`);
    /// a change rewrites every output, which lists the roster's problems,
    /// and sends what is due to the recipients now in force.
    async fn reload_roster(&mut self, force: bool) {
        let pipeline = Arc::clone(&self.pipeline);
        let reload = move || {
            let mut pipeline = pipeline.lock().ok()?;
            Some(super::roster::reload(&mut pipeline, force))
        };
        if let Ok(Some(true)) = tokio::task::spawn_blocking(reload).await {
            self.last_full_write = None;
            self.full_scan().await;
            self.send_reminders().await;
        }
    }

    /// Watches the roster file's folder (if a roster is configured).
    fn watch_roster_file(&mut self) {
        let path = self
            .pipeline
            .lock()
            .ok()
            .and_then(|p| p.roster().path.clone());
        self.roster_watcher = path.and_then(|path| {
            let sent = path.clone();
            super::roster::watch_file(&path, self.tx.clone(), move || {
                Event::Paths(vec![sent.clone()])
            })
        });
    }

    async fn reload_config(&mut self) {
        let loaded = config::load(self.opts.config_file.as_deref(), &self.opts.env);
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(errors) => {
                tracing::error!("{}", t!("log-reload-refused", error = errors.to_string()));
                let each: Vec<String> = errors.errors.iter().map(ToString::to_string).collect();
                self.reload_failed(&format!("{}: {}", errors.origin, each.join("; ")))
                    .await;
                return;
            }
        };
        if !loaded.names_folder {
            let why = format!(
                "{}: folder.path is not set (a file caught half-written?)",
                loaded.origin
            );
            tracing::error!("{}", t!("log-reload-refused", error = &why));
            self.reload_failed(&why).await;
            return;
        }
        for notice in &loaded.upgraded {
            tracing::warn!("{}", t!("log-configuration-warning", warning = notice));
        }
        if self.outages_clear("configuration") {
            self.record_facts().await;
        }
        let settings = loaded.settings;
        if settings.state.database != self.settings_state_database() {
            tracing::warn!(
                "{}",
                t!(
                    "log-state-database-changed",
                    path = settings.state.database.display()
                )
            );
        }
        let same = self
            .pipeline
            .lock()
            .map(|p| *p.settings() == settings)
            .unwrap_or(true);
        if same {
            return;
        }
        match Pipeline::new(settings.clone()) {
            Ok(new_pipeline) => {
                let watch_changed = self
                    .pipeline
                    .lock()
                    .map(|p| {
                        p.settings().folder != settings.folder
                            || p.settings().watch != settings.watch
                    })
                    .unwrap_or(true);
                if let Ok(mut p) = self.pipeline.lock() {
                    // What the old pipeline read carries over: unchanged
                    // files are not parsed again unless the parser changed,
                    // and failing files keep their last good data.
                    let mut old = std::mem::replace(&mut *p, new_pipeline);
                    let roster = old.set_roster(Default::default());
                    p.set_roster(roster);
                    p.take_history_from(&mut old, crate::clock::now_utc());
                    p.take_written_from(&mut old);
                    p.restore_last_good(old.into_last_good());
                    super::roster::reload(&mut p, true);
                }
                self.debouncer
                    .set_quiet(Duration::from_millis(settings.watch.debounce_ms));
                if watch_changed {
                    self.start_watching(&settings);
                }
                self.watch_roster_file();
                if self
                    .schedules
                    .as_ref()
                    .is_none_or(|s| s.differ_from(&settings))
                {
                    if let Some(old) = self.schedules.take() {
                        old.stop().await;
                    }
                    self.schedules = Schedules::start(&settings, &self.tx).await;
                }
                tracing::info!("{}", t!("log-reloaded"));
                self.full_scan().await;
            }
            Err(err) => {
                tracing::error!("{}", t!("log-reload-refused", error = err.to_string()));
                self.reload_failed(&err.to_string()).await;
            }
        }
    }

    /// Clears the outage `about`; whether there was one.
    fn outages_clear(&mut self, about: &str) -> bool {
        let before = self.outages.clone();
        self.outages.clear(about);
        before != self.outages
    }

    /// The state file the running configuration names.
    fn settings_state_database(&self) -> PathBuf {
        self.pipeline
            .lock()
            .map(|p| p.settings().state.database.clone())
            .unwrap_or_default()
    }

    /// A configuration reload that failed is an outage until one succeeds.
    async fn reload_failed(&mut self, why: &str) {
        let first_line = why.lines().next().unwrap_or(why);
        self.outages.set(
            "configuration",
            format!("configuration not reloaded, the previous one runs: {first_line}"),
            crate::clock::now_utc(),
        );
        self.record_facts().await;
    }
}

/// Whether `path` is not tracked itself but leads (through a link) to a
/// file tracked under its own path: the watcher may report either.
fn is_second_way_to_tracked(pipeline: &Pipeline, path: &Path) -> bool {
    pipeline.catalog().get(path).is_none()
        && crate::scan::canonical(path)
            .is_ok_and(|real| real != path && pipeline.catalog().get(&real).is_some())
}
