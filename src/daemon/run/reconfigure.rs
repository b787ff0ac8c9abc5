//! The daemon's configuration in force: a reload (SIGHUP, an edit of the
//! configuration file) read and checked, then put in force by
//! [`Daemon::reconfigure`] — the one place that changes the settings of the
//! pipeline, the watchers and the schedules; the roster read again when its
//! file changed.

use std::time::Duration;

use super::{Daemon, Step};
use crate::config::{self, ParserError, Settings};
use crate::daemon::Event;
use crate::daemon::schedules::Schedules;
use crate::daemon::watch::{self};
use crate::i18n::t;
use crate::pipeline::Pipeline;

impl Daemon {
    /// Reads the configuration again and puts it in force; one that cannot
    /// be read, or names no folder, is refused (the one in force stays) and
    /// is an outage until a reload succeeds.
    pub(super) async fn reload_config(&mut self) -> Step {
        let loaded = match config::load(self.opts.config_file.as_deref(), &self.opts.env) {
            Ok(loaded) => loaded,
            Err(errors) => {
                tracing::error!("{}", t!("log-reload-refused", error = errors.to_string()));
                let each: Vec<String> = errors.errors.iter().map(ToString::to_string).collect();
                return self
                    .reload_failed(&format!("{}: {}", errors.origin, each.join("; ")))
                    .await;
            }
        };
        if !loaded.names_folder {
            let why = format!(
                "{}: folder.path is not set (a file caught half-written?)",
                loaded.origin
            );
            tracing::error!("{}", t!("log-reload-refused", error = &why));
            return self.reload_failed(&why).await;
        }
        for notice in &loaded.upgraded {
            tracing::warn!("{}", t!("log-configuration-warning", warning = notice));
        }
        if self.outages_clear("configuration") {
            self.record_facts().await?;
        }
        self.reconfigure(loaded.settings).await
    }

    /// Puts `settings` in force: a new pipeline (what the old one read
    /// carries over: unchanged files are not parsed again unless the parser
    /// changed, failing files keep their last good data, the roster stays
    /// until read again), the debounce, the folder's watcher if the folder
    /// or the watch settings changed, the roster's watcher, the schedules
    /// if they changed; then a full scan. A new `state.database` waits for
    /// a restart. Settings the pipeline cannot be built with are refused.
    pub(super) async fn reconfigure(&mut self, settings: Settings) -> Step {
        if settings.state.database != self.settings.state.database {
            tracing::warn!(
                "{}",
                t!(
                    "log-state-database-changed",
                    path = settings.state.database.display()
                )
            );
        }
        if settings == self.settings {
            return Ok(());
        }
        let new = settings.clone();
        let replaced = self
            .worker
            .run(move |pipeline| replace_pipeline(pipeline, new))
            .await?;
        if let Err(err) = replaced {
            let err = crate::logging::causes(&err);
            tracing::error!("{}", t!("log-reload-refused", error = &err));
            return self.reload_failed(&err).await;
        }
        let old = std::mem::replace(&mut self.settings, settings.clone());
        self.debouncer
            .set_quiet(Duration::from_millis(settings.watch.debounce_ms));
        if old.folder != settings.folder || old.watch != settings.watch {
            self.start_watching(&settings);
        }
        self.watch_roster_file();
        if self
            .schedules
            .as_ref()
            .is_none_or(|s| s.differ_from(&settings))
        {
            self.schedules = Some(Schedules::start(&settings, crate::clock::now_utc()));
            self.record_schedules().await?;
        }
        tracing::info!("{}", t!("log-reloaded"));
        self.full_scan().await
    }

    /// A configuration reload that failed is an outage until one succeeds.
    async fn reload_failed(&mut self, why: &str) -> Step {
        let first_line = why.lines().next().unwrap_or(why);
        self.outages.set(
            "configuration",
            t!("outage-configuration-not-reloaded", error = first_line),
            crate::clock::now_utc(),
        );
        self.record_facts().await
    }

    /// Watches the folder of `settings` (anew).
    pub(super) fn start_watching(&mut self, settings: &Settings) {
        self.watcher = None;
        self.logged.watcher.clear();
        // The catalog holds absolute paths; watching the canonical folder
        // makes the watcher report the same ones.
        let root = crate::io::scan::canonical_or_same(&settings.folder.path);
        self.watched_missing = std::fs::metadata(&root).is_err();
        self.watched_folder = crate::state::path_identity(&root);
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
                    error = crate::logging::causes(&err)
                )
            ),
        }
    }

    /// Watches the configuration file (if any) for edits.
    pub(super) fn watch_config_file(&mut self) {
        if let Some(file) = &self.opts.config_file {
            self.config_watcher =
                crate::daemon::roster::watch_file(file, self.tx.clone(), || Event::ReloadConfig);
        }
    }

    /// Watches the roster file's folder (if a roster is configured).
    pub(super) fn watch_roster_file(&mut self) {
        let path = self.settings.roster.path.clone();
        self.roster_watcher = path.and_then(|path| {
            let sent = path.clone();
            crate::daemon::roster::watch_file(&path, self.tx.clone(), move || {
                Event::Paths(vec![sent.clone()])
            })
        });
    }

    /// Reads the roster again when its file changed (or always, `force`);
    /// a change rewrites every output, which lists the roster's problems,
    /// and sends what is due to the recipients now in force.
    pub(super) async fn reload_roster(&mut self, force: bool) -> Step {
        let changed = self
            .worker
            .run(move |pipeline| crate::daemon::roster::reload(pipeline, force))
            .await?;
        if changed {
            self.last_full_write = None;
            self.full_scan().await?;
            self.send_reminders().await?;
        }
        Ok(())
    }
}

/// The pipeline's part of [`Daemon::reconfigure`]: `pipeline` replaced by
/// one on `settings`, with what the old one read, wrote and knew of the
/// roster; the roster read again. Err: the new pipeline cannot be built
/// (the old one stays).
fn replace_pipeline(pipeline: &mut Pipeline, settings: Settings) -> Result<(), ParserError> {
    let new = Pipeline::new(settings)?;
    let mut old = std::mem::replace(pipeline, new);
    let roster = old.set_roster(Default::default());
    pipeline.set_roster(roster);
    pipeline.take_history_from(&mut old, crate::clock::now_utc());
    pipeline.take_written_from(&mut old);
    pipeline.restore_last_good(old.into_last_good());
    crate::daemon::roster::reload(pipeline, true);
    Ok(())
}
