//! What the pipeline keeps across a restart or a reload: the last good
//! data of an earlier run handed to the next scan, the batch of what
//! changed since for the state file, and the history staged for it.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Pipeline, is_good_read};
use crate::i18n::t;
use crate::io::catalog::Fingerprint;
use crate::state::history::history_batch;
use crate::state::last_good::{LastGoodBatch, LastGoodStore, StoredRead};
use mokuhyo_core::history::RecentHistory;

impl Pipeline {
    /// Hands the reads of an earlier run (the state file, or the pipeline
    /// this one replaces) to the next scan: a listed file gets its stored
    /// data (not parsed again when unchanged and read by the same parser;
    /// kept as last good data when it now fails); a stored file that is not
    /// listed any more is forgotten.
    pub(crate) fn restore_last_good(&mut self, reads: Vec<StoredRead>) {
        for read in reads {
            self.restored.insert(read.path.clone(), read);
        }
    }

    /// Loads the state file's last good data into the next scan
    /// ([`Pipeline::restore_last_good`]); rows that cannot be decoded are
    /// forgotten with the next batch. A failure is logged: the scan then
    /// reads every file.
    pub(crate) fn restore_from(&mut self, store: &LastGoodStore) {
        match store.load() {
            Ok(loaded) => {
                tracing::debug!(files = loaded.reads.len(), "{}", t!("log-last-good-loaded"));
                self.restore_last_good(loaded.reads);
                self.forget.extend(loaded.unusable);
            }
            Err(err) => tracing::warn!(
                "{}",
                t!(
                    "log-last-good-not-loaded",
                    error = crate::logging::causes(&err)
                )
            ),
        }
    }

    /// What the state file must learn since the last call: the files that
    /// read well (saved), the files gone or without good data (forgotten).
    /// A file that now fails keeps its stored data. `now` stamps the saves.
    pub(crate) fn take_last_good_batch(&mut self, now: DateTime<Utc>) -> LastGoodBatch {
        self.stage_history(now);
        let mut batch = LastGoodBatch {
            history: std::mem::take(&mut self.staged),
            ..LastGoodBatch::default()
        };
        for path in self.forget.drain(..) {
            batch.forget(path);
        }
        for path in self.catalog.take_changed() {
            match self.catalog.get(&path) {
                Some(entry) if entry.stale => {}
                Some(entry) if is_good_read(entry) => {
                    let read = StoredRead {
                        path: path.clone(),
                        fingerprint: entry.fingerprint,
                        parser: self.parser_identity.clone(),
                        reports: Arc::clone(&entry.reports),
                        problems: entry.problems.clone(),
                    };
                    batch.save(read, now);
                }
                _ => batch.forget(path),
            }
        }
        batch
    }

    /// Loads the changes of the last `history.sheet_days` days before `now`
    /// from the state file, for 変更履歴. A failure is logged: the sheet
    /// then shows the changes seen from now on.
    pub(crate) fn restore_history(&mut self, store: &LastGoodStore, now: DateTime<Utc>) {
        let since = now - chrono::Duration::days(i64::from(self.settings.history.sheet_days));
        match store.history_since(since) {
            Ok(entries) => self.recent = RecentHistory::new(entries),
            Err(err) => tracing::warn!(
                "{}",
                t!(
                    "log-history-not-loaded",
                    error = crate::logging::causes(&err)
                )
            ),
        }
    }

    /// Takes the changes the catalog recorded since the last call, shows
    /// them on 変更履歴 from now on, and keeps them for the next batch to
    /// the state file.
    pub(super) fn stage_history(&mut self, now: DateTime<Utc>) {
        let newest = self.catalog.years().last().copied();
        let batch = history_batch(
            self.catalog.take_history(),
            now,
            &self.settings.history,
            newest,
        );
        self.recent.add_reads(&batch.reads);
        self.staged.merge(batch);
    }

    /// The pipeline this one's configuration reload replaces hands over
    /// the changes shown on 変更履歴 and those not yet stored.
    pub(crate) fn take_history_from(&mut self, old: &mut Pipeline, now: DateTime<Utc>) {
        old.stage_history(now);
        self.recent = std::mem::take(&mut old.recent);
        self.staged.merge(std::mem::take(&mut old.staged));
    }

    /// What this pipeline knows, as reads for the one that replaces it (a
    /// configuration reload): good entries with their fingerprint, the last
    /// good data of failing files to be read again.
    pub(crate) fn into_last_good(self) -> Vec<StoredRead> {
        let mut reads: Vec<StoredRead> = self.restored.into_values().collect();
        for path in self.catalog.paths() {
            let Some(entry) = self.catalog.get(path) else {
                continue;
            };
            if !entry.stale && !is_good_read(entry) {
                continue;
            }
            reads.push(StoredRead {
                path: path.to_path_buf(),
                fingerprint: if entry.stale {
                    Fingerprint::default()
                } else {
                    entry.fingerprint
                },
                parser: self.parser_identity.clone(),
                reports: Arc::clone(&entry.reports),
                problems: if entry.stale {
                    Vec::new()
                } else {
                    entry.problems.clone()
                },
            });
        }
        reads
    }

    /// Seeds the catalog with the restored reads of the files `kept` (listed,
    /// or out of sight during an outage) and forgets the others.
    pub(super) fn seed_restored(&mut self, kept: impl Fn(&Path) -> bool) {
        for (path, read) in std::mem::take(&mut self.restored) {
            if !kept(&path) {
                self.forget.push(path);
                continue;
            }
            let fingerprint = if read.parser == self.parser_identity {
                read.fingerprint
            } else {
                Fingerprint::default()
            };
            self.catalog
                .restore(&path, fingerprint, read.reports, read.problems);
        }
    }
}
