//! One pass of the product over the shared folder: list it, bring the
//! catalog up to date (reading only what changed), and rewrite the
//! consolidated workbooks of the fiscal years that changed.
//!
//! The one way to scan, write and send, for `mokuhyo consolidate` and
//! `mokuhyo remind` (one pass each) and the daemon (many:
//! [`Pipeline::scan_and_write`] for the whole folder,
//! [`Pipeline::refresh_paths`] and [`Pipeline::write_touched`] for files
//! seen to change,
//! [`Pipeline::send_due`]). The pipeline also remembers what it last wrote
//! to each output file, so a pass rewrites outputs someone else changed.
//!
//! The last good data of an earlier run ([`Pipeline::restore_last_good`])
//! is matched with the folder at the next scan; what changed since is handed
//! out as a batch for the state file ([`Pipeline::take_last_good_batch`]).

mod kept;
mod mail_inputs;
pub mod outage;
mod outputs;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Settings;
use crate::i18n::t;
use crate::io::catalog::{Catalog, Change, Entry, Fingerprint, OnFailure, Parser, Vanished};
use crate::io::consolidate::WriteOutcome;
use crate::io::consolidate::write::write_consolidated_beside;
use crate::io::scan::{self, ListOptions, Listing};
use crate::state::history::HistoryBatch;
use crate::state::last_good::{LastGoodStore, StoredRead, parser_identity};
use mokuhyo_core::calendar::FiscalYear;
use mokuhyo_core::consolidate::model::consolidate_shared;
use mokuhyo_core::consolidate::years::YearComparison;
use mokuhyo_core::consolidate::{BookHistory, ProblemKind};
use mokuhyo_core::history::RecentHistory;
use outage::FolderOutage;

/// The folder, the parser and what is known of every file.
pub struct Pipeline {
    settings: Settings,
    parser: Parser,
    catalog: Catalog,
    /// Stamped on stored reads; see [`parser_identity`].
    parser_identity: String,
    /// Reads of an earlier run, matched with the folder at the next scan.
    restored: BTreeMap<PathBuf, StoredRead>,
    /// Stored paths to forget with the next batch.
    forget: Vec<PathBuf>,
    /// Files without any sheet (skipped, unreadable, fiscal year unknown).
    sheetless: BTreeSet<PathBuf>,
    /// The recipient roster in force; its file's problems are listed with
    /// the folder's (取込エラー, the reminders' unreadable files).
    roster: crate::state::roster::RosterState,
    /// The changes of the last `history.sheet_days` days (変更履歴).
    recent: RecentHistory,
    /// Changes of good reads taken from the catalog (and shown on
    /// 変更履歴) but not yet handed to the state file.
    staged: HistoryBatch,
    /// What was last written to each output file.
    written: outputs::WrittenOutputs,
    /// The folder is out of reach ([`outage`]): nothing is forgotten.
    outage: Option<FolderOutage>,
    /// When an outage an earlier run recorded began: the next scan's
    /// outage, if it finds one, goes on from then.
    resumed_outage: Option<DateTime<Utc>>,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct ScanSummary {
    pub listing: Listing,
    pub changes: Vec<(PathBuf, Change)>,
    /// The outputs to rewrite.
    pub touched: Touched,
}

/// What [`Pipeline::refresh_paths`] did.
#[derive(Debug)]
pub struct Refreshed {
    pub changes: Vec<(PathBuf, Change)>,
    pub touched: Touched,
}

/// The outputs a set of changes touches.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Touched {
    /// Fiscal years whose sheets came, changed or left.
    pub years: BTreeSet<FiscalYear>,
    /// A file without sheets came, changed or left: it is listed in every
    /// book (see [`mokuhyo_core::consolidate::book_years`]).
    pub every_book: bool,
}

impl Pipeline {
    pub fn new(settings: Settings) -> Result<Self, crate::config::ParserError> {
        let parser = settings.parser()?;
        Ok(Pipeline {
            settings,
            parser_identity: parser_identity(&parser),
            parser,
            catalog: Catalog::new(),
            restored: BTreeMap::new(),
            forget: Vec::new(),
            sheetless: BTreeSet::new(),
            roster: Default::default(),
            recent: RecentHistory::default(),
            staged: HistoryBatch::default(),
            written: outputs::WrittenOutputs::default(),
            outage: None,
            resumed_outage: None,
        })
    }

    /// A pipeline seeded with the last good data and recent history of the
    /// state file's `store` ([`crate::state::StateFile::last_good`]), and
    /// that store. Without it (it could not be opened), the pipeline reads
    /// every file and the problem is logged.
    pub(crate) fn with_last_good(
        settings: Settings,
        now: DateTime<Utc>,
        store: Result<LastGoodStore, crate::state::StateError>,
    ) -> anyhow::Result<(Self, Option<LastGoodStore>)> {
        let mut pipeline = Pipeline::new(settings)?;
        match store {
            Ok(store) => {
                pipeline.restore_from(&store);
                pipeline.restore_history(&store, now);
                Ok((pipeline, Some(store)))
            }
            Err(err) => {
                tracing::warn!(
                    "{}",
                    t!(
                        "log-last-good-not-used",
                        error = crate::logging::causes(&err)
                    )
                );
                Ok((pipeline, None))
            }
        }
    }

    /// The settings this pipeline runs with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// What is known of every file.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The recipient roster in force.
    pub fn roster(&self) -> &crate::state::roster::RosterState {
        &self.roster
    }

    /// Puts `roster` in force; returns the one it replaces.
    pub(crate) fn set_roster(
        &mut self,
        roster: crate::state::roster::RosterState,
    ) -> crate::state::roster::RosterState {
        std::mem::replace(&mut self.roster, roster)
    }

    /// Reads `path` again if it changed (the daemon's answer to a watcher
    /// event); `on_failure` says whether a failure is recorded or deferred
    /// for a retry.
    fn refresh(
        &mut self,
        path: &std::path::Path,
        now: DateTime<Utc>,
        on_failure: crate::io::catalog::OnFailure,
    ) -> Change {
        self.catalog.refresh(path, &self.parser, now, on_failure)
    }

    /// Lists the folder, never entering the output folder: its root (absolute,
    /// so that the hyperlinks of the consolidated workbook open the sources
    /// from wherever it is opened) and what it holds.
    fn list_folder(&self) -> (PathBuf, Listing) {
        let skip_dirs = [self.settings.output.dir.clone()];
        let root = scan::canonical_or_same(&self.settings.folder.path);
        let listing = scan::list(
            &root,
            &ListOptions {
                recursive: self.settings.folder.recursive,
                exclude: &self.settings.folder.exclude,
                skip_dirs: &skip_dirs,
            },
        );
        (root, listing)
    }

    /// Judges `listing` of the folder at `root` ([`outage`]) against every
    /// workbook known (read, or restored from an earlier run) and puts the
    /// verdict in force, logging an outage as it begins and ends. The root's
    /// own listing error is the outage's: it is taken out of `listing`.
    /// Whether the verdict changed (every book then shows it on 取込エラー).
    fn judge_folder(&mut self, root: &Path, listing: &mut Listing, now: DateTime<Utc>) -> bool {
        let known: BTreeSet<&Path> = self
            .catalog
            .paths()
            .chain(self.restored.keys().map(PathBuf::as_path))
            .collect();
        let verdict = outage::judge(
            root,
            listing,
            &known,
            &self.settings.folder.path,
            self.outage
                .as_ref()
                .map(|o| o.since)
                .or(self.resumed_outage.take()),
            now,
        );
        if verdict.is_some() {
            listing.errors.retain(|(path, _)| path != root);
        }
        let changed = verdict.as_ref().map(|o| &o.kind) != self.outage.as_ref().map(|o| &o.kind);
        match (&self.outage, &verdict) {
            (_, Some(out)) if changed => {
                tracing::error!("{}（mokuhyo status で確認できます）", out.describe())
            }
            (Some(was), None) => tracing::info!(
                "共有フォルダ {} が再び読めるようになりました（{} からの障害が終わりました）",
                was.folder.display(),
                crate::state::status::local(was.since)
            ),
            _ => {}
        }
        self.outage = verdict;
        changed
    }

    /// An outage an earlier run recorded began at `since`: an outage found
    /// by the next scan goes on from then.
    pub(crate) fn resume_outage(&mut self, since: DateTime<Utc>) {
        self.resumed_outage = Some(since);
    }

    /// The folder outage in force, if any.
    pub fn folder_outage(&self) -> Option<&FolderOutage> {
        self.outage.as_ref()
    }

    /// Lists the folder and refreshes every workbook; files gone since the
    /// last scan drop out, unless the folder is out ([`outage`]): then
    /// nothing is read or forgotten.
    pub fn scan(
        &mut self,
        now: DateTime<Utc>,
        progress: &(dyn Fn(ScanProgress) + Sync),
    ) -> ScanSummary {
        let (root, mut listing) = self.list_folder();
        let changed = self.judge_folder(&root, &mut listing, now);
        if self.outage.is_some() {
            if !self.restored.is_empty() {
                self.seed_restored(|_| true);
            }
            progress(ScanProgress::Listed(0));
            return ScanSummary {
                listing,
                changes: Vec::new(),
                touched: Touched {
                    years: BTreeSet::new(),
                    every_book: changed,
                },
            };
        }
        let paths: Vec<PathBuf> = listing.candidates.iter().map(|c| c.path.clone()).collect();
        let listed: BTreeSet<&PathBuf> = paths.iter().collect();
        if !self.restored.is_empty() {
            let kept =
                |p: &Path| listed.contains(&p.to_path_buf()) || outage::out_of_sight(p, &listing);
            self.seed_restored(kept);
        }
        let gone: Vec<PathBuf> = self
            .catalog
            .paths()
            .filter(|p| !listed.contains(&p.to_path_buf()) && !outage::out_of_sight(p, &listing))
            .map(|p| p.to_path_buf())
            .collect();
        progress(ScanProgress::Listed(paths.len() + gone.len()));
        let done = || progress(ScanProgress::FileDone);
        // A file listed but gone when read is left for a retry, which judges
        // the folder first: a share dropping while it is read forgets nothing.
        let mut changes =
            self.catalog
                .refresh_all(&paths, &self.parser, now, Vanished::SinceListed, &done);
        changes.extend(self.catalog.refresh_all(
            &gone,
            &self.parser,
            now,
            Vanished::Removed,
            &done,
        ));
        warn_of_names_not_utf8(&changes);
        let mut touched = self.touched(&changes);
        touched.every_book |= changed;
        ScanSummary {
            listing,
            changes,
            touched,
        }
    }

    /// The outputs `changes` (of this pipeline's catalog) touch.
    fn touched(&mut self, changes: &[(PathBuf, Change)]) -> Touched {
        test_faults::panic_if_asked(changes);
        let mut every_book = false;
        for (path, change) in changes {
            let was = self.sheetless.contains(path);
            let is = self
                .catalog
                .get(path)
                .is_some_and(|entry| entry.reports.is_empty());
            if is {
                self.sheetless.insert(path.clone());
            } else {
                self.sheetless.remove(path);
            }
            every_book |=
                (was || is) && matches!(change, Change::Updated { .. } | Change::Removed { .. });
        }
        Touched {
            years: changed_years(changes),
            every_book,
        }
    }

    /// The fiscal years to rewrite for `touched` on `today`.
    fn years_to_write(&self, touched: &Touched, today: NaiveDate) -> BTreeSet<FiscalYear> {
        let mut years = touched.years.clone();
        if touched.every_book {
            years.extend(self.book_years(today));
        }
        years
    }

    /// The fiscal years that have a consolidated book on `today`.
    fn book_years(&self, today: NaiveDate) -> BTreeSet<FiscalYear> {
        mokuhyo_core::consolidate::book_years(&self.sources(), today)
    }

    /// Rewrites the consolidated workbook (and JSON) of each fiscal year in
    /// `years` (all years when `None`; nothing, and nothing consolidated,
    /// when it is empty).
    pub fn write_outputs(
        &mut self,
        years: Option<&BTreeSet<FiscalYear>>,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Vec<WriteOutcome> {
        self.stage_history(now);
        let days = self.settings.history.sheet_days;
        self.recent.keep_days(now, days);
        if years.is_some_and(BTreeSet::is_empty) {
            return Vec::new();
        }
        let mut sources = self.sources();
        sources.extend(self.roster.import_source());
        // Shown beside the last good data; with none, nothing is written.
        if !self.catalog.is_empty() {
            sources.extend(self.outage.as_ref().map(FolderOutage::import_source));
        }
        let settings = &self.settings;
        let share = settings.folder.share_path();
        let copies = settings.folder.copies(&sources);
        let mut books = consolidate_shared(
            &sources,
            &copies,
            today,
            |fy| mokuhyo_core::consolidate::ReportingDates::of(&settings.reminders, fy),
            &share,
        );
        // Each year's 年度比較 shows every year the folder holds, whichever
        // years are rewritten.
        let compared = YearComparison::of(&books);
        if let Some(years) = years {
            books.retain(|b| years.contains(&b.fiscal_year));
        }
        let history = BookHistory {
            entries: self.recent.entries(),
            days,
            // A workbook as of an earlier day shows the history seen by its end.
            until: Some(mokuhyo_core::calendar::end_of_day_in_japan(today)),
        };
        let outcomes =
            write_consolidated_beside(&books, &compared, &settings.output, now, &history);
        self.written.record(&outcomes);
        outcomes
    }

    /// The daemon's pass over the whole folder: a scan, then a rewrite of
    /// the outputs of the years it touched (of every year with
    /// `every_year`, as when the date changed: statuses depend on it) and
    /// of every output that is not as this pipeline last wrote it (deleted,
    /// replaced by another program, or whose write failed).
    pub fn scan_and_write(
        &mut self,
        now: DateTime<Utc>,
        today: NaiveDate,
        every_year: bool,
    ) -> (ScanSummary, Vec<WriteOutcome>) {
        let summary = self.scan(now, &|_| {});
        for (path, change) in &summary.changes {
            self.log_change(path, change, false);
        }
        let expected = self.book_years(today);
        let mut years = if every_year {
            expected.clone()
        } else {
            self.years_to_write(&summary.touched, today)
        };
        let stale = self.written.stale(&expected, &self.settings.output);
        if !stale.is_subset(&years) {
            tracing::info!(
                years = ?stale.difference(&years).map(|y| y.0).collect::<Vec<_>>(),
                "{}",
                t!("log-outputs-rewritten")
            );
        }
        years.extend(stale);
        let written = self.write_outputs(Some(&years), today, now);
        (summary, written)
    }

    /// The daemon's pass over files seen to change: each read again (a
    /// failure recorded or left for a retry, as `paths` says) and logged.
    /// [`Pipeline::write_touched`] then rewrites the outputs they touched.
    pub fn refresh_paths(
        &mut self,
        paths: &[(PathBuf, OnFailure)],
        now: DateTime<Utc>,
    ) -> Refreshed {
        // A known workbook gone, or an outage in force: the folder is judged
        // anew before anything is forgotten.
        let gone = |path: &Path| {
            std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        };
        let known_gone = paths
            .iter()
            .any(|(path, _)| self.catalog.get(path).is_some() && gone(path));
        let mut verdict_changed = false;
        if known_gone || self.outage.is_some() {
            let (root, mut listing) = self.list_folder();
            verdict_changed = self.judge_folder(&root, &mut listing, now);
        }
        let out = self.outage.is_some();
        let changes: Vec<(PathBuf, Change)> = paths
            .iter()
            .filter(|(path, _)| !out || !gone(path))
            .map(|(path, on_failure)| (path.clone(), self.refresh(path, now, *on_failure)))
            .collect();
        for (path, change) in &changes {
            self.log_change(path, change, true);
        }
        warn_of_names_not_utf8(&changes);
        let mut touched = self.touched(&changes);
        touched.every_book |= verdict_changed;
        Refreshed { changes, touched }
    }

    /// Rewrites the outputs `touched` names.
    pub fn write_touched(
        &mut self,
        touched: &Touched,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Vec<WriteOutcome> {
        let years = self.years_to_write(touched, today);
        self.write_outputs(Some(&years), today, now)
    }

    /// Logs what a refresh did to one file: read (at WARN with the reason when
    /// it could not be read, or no fiscal year was found), or gone. `each`: a
    /// file read well or gone is logged at INFO (after a save) rather than
    /// DEBUG (a scan of the folder).
    fn log_change(&self, path: &Path, change: &Change, each: bool) {
        match change {
            Change::Updated { years } => {
                let years: Vec<i32> = years.iter().map(|y| y.0).collect();
                let errors: Vec<&str> = self
                    .catalog
                    .get(path)
                    .map(|entry| {
                        entry
                            .problems
                            .iter()
                            .filter(|p| p.kind == mokuhyo_core::consolidate::ProblemKind::Error)
                            // The reader's English in English; in Japanese, what
                            // 取込エラー says.
                            .map(|p| match crate::i18n::language() {
                                crate::i18n::Language::Japanese => p.shown(),
                                crate::i18n::Language::English => p.message.as_str(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                if errors.is_empty() && each {
                    tracing::info!(path = %path.display(), ?years, "{}", t!("log-workbook-read"));
                } else if errors.is_empty() {
                    tracing::debug!(path = %path.display(), ?years, "{}", t!("log-workbook-read"));
                } else {
                    tracing::warn!(
                        path = %path.display(),
                        ?years,
                        "{}",
                        t!("log-workbook-not-read", errors = errors.join("; "))
                    );
                }
            }
            Change::Removed { .. } if each => {
                tracing::info!(path = %path.display(), "{}", t!("log-workbook-gone"))
            }
            Change::Removed { .. } => {
                tracing::debug!(path = %path.display(), "{}", t!("log-workbook-gone"))
            }
            Change::Unchanged | Change::Deferred { .. } => {}
        }
    }

    /// What the pipeline a configuration reload replaces last wrote, so
    /// that the next pass still sees outputs changed by someone else, and
    /// its folder outage when the folder stays the same (it goes on from
    /// when it began).
    pub(crate) fn take_written_from(&mut self, old: &mut Pipeline) {
        self.written = std::mem::take(&mut old.written);
        if self.settings.folder.path == old.settings.folder.path {
            self.outage = old.outage.take();
        }
    }
}

/// Whether an entry holds what a successful read gave (goal sheets, or the
/// reason a workbook was skipped), not a failure.
fn is_good_read(entry: &Entry) -> bool {
    !entry.stale
        && entry.fingerprint != Fingerprint::default()
        && !(entry.reports.is_empty()
            && entry.problems.iter().any(|p| p.kind == ProblemKind::Error))
}

/// Progress of a scan, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum ScanProgress {
    Listed(usize),
    FileDone,
}

/// The fiscal years touched by a set of changes.
pub(crate) fn changed_years(changes: &[(PathBuf, Change)]) -> BTreeSet<FiscalYear> {
    changes
        .iter()
        .flat_map(|(_, c)| match c {
            Change::Updated { years } | Change::Removed { years } => {
                years.iter().copied().collect()
            }
            _ => Vec::new(),
        })
        .collect()
}

/// Built for the tests (the `test-faults` feature, which only the tests
/// enable): `MOKUHYO_TEST_PANIC_ON=<file name>` makes the pipeline panic
/// when a file of that name was read, as a bug in consolidation would, so
/// that the tests see what the daemon does then.
#[cfg(feature = "test-faults")]
mod test_faults {
    use std::path::PathBuf;

    use crate::io::catalog::Change;

    /// The environment variable naming the file.
    const VARIABLE: &str = "MOKUHYO_TEST_PANIC_ON";

    pub(super) fn panic_if_asked(changes: &[(PathBuf, Change)]) {
        let Some(name) = std::env::var_os(VARIABLE) else {
            return;
        };
        let read = |change: &Change| matches!(change, Change::Updated { .. });
        if let Some((path, _)) = changes
            .iter()
            .find(|(path, change)| read(change) && path.file_name() == Some(name.as_os_str()))
        {
            panic!("test fault: consolidating {}", path.display());
        }
    }
}

#[cfg(not(feature = "test-faults"))]
mod test_faults {
    /// No faults outside the tests.
    pub(super) fn panic_if_asked(_: &[(std::path::PathBuf, crate::io::catalog::Change)]) {}
}

/// Logs at WARN each file of `changes` read anew whose name is not in
/// UTF-8 (Shift_JIS bytes from an old share): read by its raw name, but
/// kept in neither the last good data nor the history until renamed.
fn warn_of_names_not_utf8(changes: &[(PathBuf, Change)]) {
    for (path, change) in changes {
        if matches!(change, Change::Updated { .. })
            && path.file_name().is_some_and(|n| n.to_str().is_none())
        {
            tracing::warn!(path = %path.display(), "{}", t!("log-file-name-not-utf8"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::last_good::StoreOp;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 23, 0, 0, 0).unwrap()
    }

    const KENSETSU: &str = "令和8年度重点目標管理シート_建設部.xlsx";

    /// A shared folder holding one corpus workbook, and a pipeline on it.
    struct Folder {
        _dir: tempfile::TempDir,
        share: PathBuf,
        settings: Settings,
    }

    impl Folder {
        fn new() -> Folder {
            let dir = tempfile::tempdir().unwrap();
            let share = dir.path().join("share");
            std::fs::create_dir_all(&share).unwrap();
            std::fs::copy(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/corpus/fy2026")
                    .join(KENSETSU),
                share.join("建設部.xlsx"),
            )
            .unwrap();
            let mut settings = Settings::default();
            settings.folder.path = share.clone();
            settings.output.dir = dir.path().join("out");
            let share = crate::io::scan::canonical(&share).unwrap();
            Folder {
                _dir: dir,
                share,
                settings,
            }
        }

        fn file(&self) -> PathBuf {
            self.share.join("建設部.xlsx")
        }

        fn pipeline(&self) -> Pipeline {
            Pipeline::new(self.settings.clone()).unwrap()
        }
    }

    fn change_of(summary: &ScanSummary, path: &std::path::Path) -> Change {
        summary
            .changes
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, c)| c.clone())
            .unwrap()
    }

    /// A first run reads the folder and records it in a store.
    fn first_run(folder: &Folder) -> (LastGoodStore, Pipeline) {
        let mut store = crate::state::StateFile::in_memory()
            .unwrap()
            .last_good()
            .unwrap();
        let mut pipeline = folder.pipeline();
        pipeline.scan(now(), &|_| {});
        let batch = pipeline.take_last_good_batch(now());
        assert!(matches!(
            batch.ops.get(&folder.file()),
            Some(StoreOp::Save { .. })
        ));
        store.apply(&batch).unwrap();
        assert!(pipeline.take_last_good_batch(now()).is_empty());
        (store, pipeline)
    }

    #[test]
    fn a_rescan_rewrites_only_what_changed_or_is_not_as_written() {
        let folder = Folder::new();
        let mut pipeline = folder.pipeline();
        let today = NaiveDate::from_ymd_opt(2026, 10, 23).unwrap();
        // The workbook, its JSON, its page and its publish CSV.
        let (_, written) = pipeline.scan_and_write(now(), today, true);
        assert_eq!(written.len(), 4, "{written:?}");
        // Nothing changed: nothing written.
        let (_, written) = pipeline.scan_and_write(now(), today, false);
        assert!(written.is_empty(), "{written:?}");
        // The JSON replaced by someone else: that year again.
        std::fs::write(folder.settings.output.json_path(FiscalYear(2026)), "{}").unwrap();
        let (_, written) = pipeline.scan_and_write(now(), today, false);
        assert_eq!(written.len(), 4, "{written:?}");
        // So too the page deleted.
        std::fs::remove_file(folder.settings.output.html_path(FiscalYear(2026))).unwrap();
        let (_, written) = pipeline.scan_and_write(now(), today, false);
        assert_eq!(written.len(), 4, "{written:?}");
    }

    #[test]
    fn an_unchanged_file_is_not_read_again_after_a_restart() {
        let folder = Folder::new();
        let (store, first) = first_run(&folder);
        let mut pipeline = folder.pipeline();
        pipeline.restore_from(&store);
        let summary = pipeline.scan(now(), &|_| {});
        assert_eq!(change_of(&summary, &folder.file()), Change::Unchanged);
        let entry = pipeline.catalog.get(&folder.file()).unwrap();
        assert_eq!(
            &*entry.reports,
            &*first.catalog.get(&folder.file()).unwrap().reports
        );
        assert!(!entry.stale);
        assert!(pipeline.take_last_good_batch(now()).is_empty());
    }

    #[test]
    fn a_row_stored_with_the_old_content_hash_is_read_again_once() {
        let folder = Folder::new();
        let state = folder._dir.path().join("state.sqlite");
        let mut store = crate::state::StateFile::open(&state, crate::state::Access::Create)
            .unwrap()
            .last_good()
            .unwrap();
        let mut first = folder.pipeline();
        first.scan(now(), &|_| {});
        store.apply(&first.take_last_good_batch(now())).unwrap();
        // As an earlier version stored it (format 1, its hash from std's
        // DefaultHasher, in a file of layout 1): not trusted even where it
        // equals today's hash once the file is opened again.
        crate::state::testing::run_sql(
            &state,
            "UPDATE last_good SET format = 1; PRAGMA user_version = 1",
        );
        let mut store = crate::state::StateFile::open(&state, crate::state::Access::Create)
            .unwrap()
            .last_good()
            .unwrap();

        let mut pipeline = folder.pipeline();
        pipeline.restore_from(&store);
        let summary = pipeline.scan(now(), &|_| {});
        assert!(matches!(
            change_of(&summary, &folder.file()),
            Change::Updated { .. }
        ));
        let entry = pipeline.catalog.get(&folder.file()).unwrap();
        assert_eq!(
            &*entry.reports,
            &*first.catalog.get(&folder.file()).unwrap().reports
        );
        store.apply(&pipeline.take_last_good_batch(now())).unwrap();

        // Stored anew, it is not read again at the next start.
        let mut next = folder.pipeline();
        next.restore_from(&store);
        let summary = next.scan(now(), &|_| {});
        assert_eq!(change_of(&summary, &folder.file()), Change::Unchanged);
    }

    #[test]
    fn a_file_broken_while_stopped_keeps_its_stored_data() {
        let folder = Folder::new();
        let (store, first) = first_run(&folder);
        let bytes = std::fs::read(folder.file()).unwrap();
        std::fs::write(folder.file(), &bytes[..bytes.len() / 2]).unwrap();

        let mut pipeline = folder.pipeline();
        pipeline.restore_from(&store);
        let summary = pipeline.scan(now(), &|_| {});
        assert!(matches!(
            change_of(&summary, &folder.file()),
            Change::Updated { .. }
        ));
        let entry = pipeline.catalog.get(&folder.file()).unwrap();
        assert!(entry.stale);
        assert!(!entry.reports.is_empty());
        assert_eq!(
            &*entry.reports,
            &*first.catalog.get(&folder.file()).unwrap().reports
        );
        assert_eq!(entry.problems.len(), 1);
        assert_eq!(entry.problems[0].kind, ProblemKind::Error);
        assert!(
            pipeline.take_last_good_batch(now()).is_empty(),
            "the stored data stays as it is"
        );
        let sources = pipeline.catalog.sources();
        assert!(sources[0].stale);
    }

    #[test]
    fn a_file_gone_while_stopped_is_forgotten() {
        let folder = Folder::new();
        let (store, _) = first_run(&folder);
        std::fs::remove_file(folder.file()).unwrap();
        let mut pipeline = folder.pipeline();
        pipeline.restore_from(&store);
        pipeline.scan(now(), &|_| {});
        assert!(pipeline.catalog.is_empty());
        let batch = pipeline.take_last_good_batch(now());
        assert_eq!(batch.ops.get(&folder.file()), Some(&StoreOp::Forget));
    }

    #[test]
    fn a_folder_emptied_while_stopped_forgets_nothing_and_its_return_reads_nothing() {
        let folder = Folder::new();
        std::fs::copy(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/corpus/fy2026/令和8年度重点目標管理シート_総務部.xlsx"),
            folder.share.join("総務部.xlsx"),
        )
        .unwrap();
        let (store, _) = first_run(&folder);
        let away = folder._dir.path().join("away");
        std::fs::rename(&folder.share, &away).unwrap();
        std::fs::create_dir_all(&folder.share).unwrap();

        let mut pipeline = folder.pipeline();
        pipeline.restore_from(&store);
        let summary = pipeline.scan(now(), &|_| {});
        assert!(summary.changes.is_empty());
        assert!(summary.touched.every_book, "取込エラー shows the outage");
        let outage = pipeline.folder_outage().unwrap();
        assert_eq!(outage.kind, outage::OutageKind::Emptied { known: 2 });
        assert_eq!(pipeline.catalog.len(), 2, "the last good data stays");
        assert!(pipeline.take_last_good_batch(now()).is_empty());
        let sources = pipeline.catalog.sources();
        assert!(sources.iter().all(|s| !s.reports.is_empty()));

        // A save seen by the watcher meanwhile forgets nothing either.
        let refreshed = pipeline.refresh_paths(&[(folder.file(), OnFailure::Record)], now());
        assert!(refreshed.changes.is_empty());
        assert_eq!(pipeline.catalog.len(), 2);

        std::fs::remove_dir(&folder.share).unwrap();
        std::fs::rename(&away, &folder.share).unwrap();
        let summary = pipeline.scan(now(), &|_| {});
        assert!(pipeline.folder_outage().is_none());
        assert!(summary.touched.every_book, "取込エラー drops the outage");
        assert!(
            summary.changes.iter().all(|(_, c)| *c == Change::Unchanged),
            "{:?}",
            summary.changes
        );
        assert!(pipeline.take_last_good_batch(now()).is_empty());
    }

    #[test]
    fn files_deleted_one_by_one_are_forgotten() {
        let folder = Folder::new();
        let second = folder.share.join("総務部.xlsx");
        std::fs::copy(folder.file(), &second).unwrap();
        let (_, mut pipeline) = first_run(&folder);
        std::fs::remove_file(&second).unwrap();
        let refreshed = pipeline.refresh_paths(&[(second.clone(), OnFailure::Record)], now());
        assert!(matches!(refreshed.changes[0].1, Change::Removed { .. }));
        assert!(pipeline.folder_outage().is_none());
        std::fs::remove_file(folder.file()).unwrap();
        pipeline.scan(now(), &|_| {});
        assert!(pipeline.catalog.is_empty(), "the last one too");
        assert!(pipeline.folder_outage().is_none());
    }

    #[test]
    fn data_stored_by_another_parser_is_read_again() {
        let folder = Folder::new();
        let (store, _) = first_run(&folder);
        let mut settings = folder.settings.clone();
        settings.parse.empty_placeholders.push("未定".into());
        let mut pipeline = Pipeline::new(settings).unwrap();
        pipeline.restore_from(&store);
        let summary = pipeline.scan(now(), &|_| {});
        assert!(matches!(
            change_of(&summary, &folder.file()),
            Change::Updated { .. }
        ));
        let batch = pipeline.take_last_good_batch(now());
        assert!(matches!(
            batch.ops.get(&folder.file()),
            Some(StoreOp::Save { .. })
        ));
    }

    #[test]
    fn a_replaced_pipeline_hands_over_what_it_read() {
        let folder = Folder::new();
        let (_, first) = first_run(&folder);
        let mut pipeline = folder.pipeline();
        pipeline.restore_last_good(first.into_last_good());
        let summary = pipeline.scan(now(), &|_| {});
        assert_eq!(change_of(&summary, &folder.file()), Change::Unchanged);
        assert!(
            !pipeline
                .catalog
                .get(&folder.file())
                .unwrap()
                .reports
                .is_empty()
        );
    }
}
