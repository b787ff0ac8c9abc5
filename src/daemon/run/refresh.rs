//! The daemon's reads: the full scan of the folder, the files seen to
//! change (debounced, retried while they may still be being written), and
//! the regular look at the folder itself.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Daemon, Step};
use crate::daemon::state::{self, Outages};
use crate::i18n::t;
use crate::io::catalog::{Change, OnFailure};
use crate::pipeline::Pipeline;
use crate::state::StateError;
use crate::state::last_good::LastGoodBatch;

/// Retries of a file that fails while it may still be being written, with
/// doubling delays, before the failure is recorded.
const MAX_RETRIES: u32 = 4;

impl Daemon {
    /// Whether `path` is a sub-folder of the folder (read with
    /// `folder.recursive`; not the folder itself, not the output folder).
    pub(super) fn is_sub_folder(&self, path: &Path) -> bool {
        let settings = &self.settings;
        let canonical = crate::io::scan::canonical_or_same;
        settings.folder.recursive
            && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
            && canonical(path) != canonical(&settings.folder.path)
            && !canonical(path).starts_with(canonical(&settings.output.dir))
    }

    /// Whether `path` is the configured roster file.
    fn is_roster(&self, path: &Path) -> bool {
        crate::daemon::roster::is_roster(self.settings.roster.path.as_deref(), path)
    }

    /// Whether a watched path is a workbook of the folder (not mokuhyo's
    /// own output, not a lock or temp file, not excluded), or the roster.
    pub(super) fn is_relevant(&self, path: &Path) -> bool {
        if self.is_roster(path) {
            return true;
        }
        let settings = &self.settings;
        let out = crate::io::scan::canonical_or_same(&settings.output.dir);
        let parent = path.parent().map(crate::io::scan::canonical_or_same);
        if parent.is_some_and(|p| p.starts_with(&out)) {
            return false;
        }
        crate::io::scan::workbook_format(path, &settings.folder.exclude).is_ok()
    }

    /// The workbooks held by those of `due` that are sub-folders now (a
    /// folder copied in, a workbook's name made a folder), as they stand
    /// when the changes have settled: the watcher watches a new folder
    /// only once it exists and may miss what was put in it at once.
    fn workbooks_in_folders(&self, due: &[PathBuf]) -> Vec<PathBuf> {
        let settings = &self.settings;
        due.iter()
            .filter(|p| self.is_sub_folder(p))
            .flat_map(|folder| {
                crate::io::scan::list(
                    folder,
                    &crate::io::scan::ListOptions {
                        recursive: true,
                        exclude: &settings.folder.exclude,
                        skip_dirs: std::slice::from_ref(&settings.output.dir),
                    },
                )
                .candidates
            })
            .map(|c| c.path)
            .filter(|p| self.is_relevant(p))
            .collect()
    }

    /// Reads the whole folder again (unchanged files are not read) and
    /// rewrites the outputs of the years that changed — of every year on
    /// the first scan and when the date changed (statuses depend on it) —
    /// and every output that is not as last written (deleted, replaced, or
    /// its last write failed).
    pub(super) async fn full_scan(&mut self) -> Step {
        let today = crate::clock::today_in_japan();
        let all_years = self.last_full_write != Some(today);
        self.last_full_write = Some(today);
        let (state, mut outages) = (self.state.clone(), self.outages.clone());
        let scan = move |pipeline: &mut Pipeline| {
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
            let recorded = state::record(&state, &state::facts(pipeline, &outages), now);
            let batch = pipeline.take_last_good_batch(now);
            let counts = (
                pipeline.catalog().len(),
                summary.touched.years.len(),
                written.len(),
            );
            // Reads from a share still under way: read again once ended.
            let deferred: Vec<(PathBuf, Change)> = summary
                .changes
                .into_iter()
                .filter(|(_, change)| matches!(change, Change::Deferred { .. }))
                .collect();
            (counts, batch, outages, recorded, deferred)
        };
        let ((files, changed, written), batch, outages, recorded, deferred) =
            self.worker.run(scan).await?;
        self.outages = outages;
        self.recorded(recorded);
        self.record_last_good(batch);
        self.retry_deferred(deferred);
        tracing::info!(
            files,
            changed_years = changed,
            outputs = written,
            "{}",
            t!("log-folder-scanned")
        );
        Ok(())
    }

    /// The paths whose changes have settled: the roster read again if it
    /// was saved, the workbooks read again and their outputs rewritten.
    pub(super) async fn process_due(&mut self) -> Step {
        let mut due = self.debouncer.take_due(Instant::now());
        if due.iter().any(|path| self.is_roster(path)) {
            due.retain(|path| !self.is_roster(path));
            self.reload_roster(false).await?;
        }
        for path in self.workbooks_in_folders(&due) {
            if !due.contains(&path) {
                due.push(path);
            }
        }
        if due.is_empty() {
            return Ok(());
        }
        let paths: Vec<(PathBuf, OnFailure)> = due
            .into_iter()
            .map(|path| {
                let tries = self.retries.get(&path).copied().unwrap_or(0);
                let on_failure = if tries < MAX_RETRIES {
                    OnFailure::Defer
                } else {
                    OnFailure::Record
                };
                (path, on_failure)
            })
            .collect();
        let (state, outages) = (self.state.clone(), self.outages.clone());
        let refreshed = self
            .worker
            .run(move |pipeline| refresh_and_write(pipeline, paths, &state, outages))
            .await?;
        self.outages = refreshed.outages;
        if let Some(recorded) = refreshed.recorded {
            self.recorded(recorded);
        }
        self.record_last_good(refreshed.last_good);
        self.retry_deferred(refreshed.changes);
        Ok(())
    }

    /// Schedules a retry of each file that could not be read yet, with a
    /// doubling delay; forgets the tries of the others.
    fn retry_deferred(&mut self, changes: Vec<(PathBuf, Change)>) {
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

    /// Looks at the folder: one that vanished is scanned at once (the
    /// outage is then reported); one that (re)appeared where none was
    /// watched, or that is not the one watched (renamed away and made
    /// again, a share mounted on its mount point: a native watcher follows
    /// the old one and would never report a save), is watched anew and
    /// scanned. Then mails the planning section about an outage that has
    /// lasted its grace period.
    pub(super) async fn look_at_folder(&mut self) -> Step {
        let folder = self.settings.folder.path.clone();
        let out = self
            .worker
            .run(|pipeline| pipeline.folder_outage().is_some())
            .await?;
        let exists = std::fs::metadata(&folder).is_ok();
        let identity = crate::state::path_identity(&folder);
        if !exists {
            if !out {
                self.full_scan().await?;
            }
        } else if self.watched_missing || identity.is_some() && identity != self.watched_folder {
            if !self.watched_missing {
                tracing::warn!("{}", t!("log-folder-replaced", folder = folder.display()));
            }
            let settings = self.settings.clone();
            self.start_watching(&settings);
            self.full_scan().await?;
        }
        self.notice_outage(false).await
    }
}

/// What the pipeline's part of [`Daemon::process_due`] gives the event loop.
struct Refreshed {
    /// What became of each file.
    changes: Vec<(PathBuf, Change)>,
    /// The last good data to store.
    last_good: LastGoodBatch,
    /// The outages, as the refresh left them.
    outages: Outages,
    /// What recording the daemon's facts gave (None: nothing to record).
    recorded: Option<Result<(), StateError>>,
}

/// The pipeline's part of [`Daemon::process_due`]: `paths` read again and
/// the outputs they touch rewritten, the daemon's facts recorded before the
/// outputs are written (so that `status` knows what they show once they
/// are there) and again if the write came out otherwise than the last.
fn refresh_and_write(
    pipeline: &mut Pipeline,
    paths: Vec<(PathBuf, OnFailure)>,
    state: &crate::state::StateGuard,
    mut outages: Outages,
) -> Refreshed {
    let now = crate::clock::now_utc();
    let paths: Vec<(PathBuf, OnFailure)> = paths
        .into_iter()
        .filter(|(path, _)| !is_second_way_to_tracked(pipeline, path))
        .collect();
    let today = crate::clock::today_in_japan();
    let refreshed = pipeline.refresh_paths(&paths, now);
    let before = outages.clone();
    outages.share(pipeline.folder_outage());
    let record = |pipeline: &Pipeline, outages: &Outages| {
        state::record(state, &state::facts(pipeline, outages), now)
    };
    let mut recorded = (refreshed.touched != Default::default() || outages != before)
        .then(|| record(pipeline, &outages));
    let written = pipeline.write_touched(&refreshed.touched, today, now);
    let before = outages.clone();
    outages.outputs(&written, now);
    if outages != before {
        recorded = Some(record(pipeline, &outages));
    }
    Refreshed {
        changes: refreshed.changes,
        last_good: pipeline.take_last_good_batch(now),
        outages,
        recorded,
    }
}

/// Whether `path` is not tracked itself but leads (through a link) to a
/// file tracked under its own path: the watcher may report either.
fn is_second_way_to_tracked(pipeline: &Pipeline, path: &Path) -> bool {
    pipeline.catalog().get(path).is_none()
        && crate::io::scan::canonical(path)
            .is_ok_and(|real| real != path && pipeline.catalog().get(&real).is_some())
}
