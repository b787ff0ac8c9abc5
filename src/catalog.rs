//! The folder as mokuhyo knows it: for every workbook, its fingerprint, the
//! last good parse and its current problems.
//!
//! Incremental: a file whose size, modification time and content are
//! unchanged is not read again. A file that parsed before and now fails
//! keeps its last good data (marked stale) until it parses again. A deleted
//! file drops out. Entries may be seeded from an earlier run's data
//! ([`Catalog::restore`]); the paths whose entry changed are collected for
//! the state file ([`Catalog::take_changed`]).

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, Utc};

use crate::calendar::FiscalYear;
use crate::consolidate::{ImportProblem, ProblemKind, SourceFile};
use crate::history::RecordedRead;
use crate::interpret::{FieldDictionary, InterpretOptions, WorkbookOutcome, interpret_workbook};
use crate::model::SheetReport;
use crate::workbook::read::{ReadError, ReadLimits, read_workbook};

/// What is needed to turn a file into reports.
#[derive(Debug, Clone, Default)]
pub struct Parser {
    pub limits: ReadLimits,
    pub dictionary: FieldDictionary,
    pub options: InterpretOptions,
}

/// What reading one file gave.
#[derive(Debug, Clone)]
pub enum FileRead {
    /// Goal sheets; `problems` holds sheets that could not be read.
    Reports {
        reports: Vec<SheetReport>,
        problems: Vec<(Option<String>, String)>,
    },
    /// Not a goal workbook.
    Skipped { reason: String },
    /// The file could not be read at all.
    Failed { message: String },
}

impl Parser {
    /// Reads and interprets one file. Never panics: the reader catches
    /// panics inside calamine.
    pub fn parse(&self, path: &Path) -> FileRead {
        match read_workbook(path, &self.limits) {
            Ok(workbook) => {
                let mut problems: Vec<(Option<String>, String)> = workbook
                    .sheet_errors
                    .iter()
                    .map(|e| (Some(e.sheet.clone()), e.message.clone()))
                    .collect();
                match interpret_workbook(path, &workbook.sheets, &self.dictionary, &self.options) {
                    WorkbookOutcome::Reports(reports) => FileRead::Reports { reports, problems },
                    WorkbookOutcome::NotAGoalSheet { reason } if problems.is_empty() => {
                        FileRead::Skipped { reason }
                    }
                    WorkbookOutcome::NotAGoalSheet { reason } => {
                        problems.push((None, reason));
                        FileRead::Failed {
                            message: join_problems(&problems),
                        }
                    }
                    WorkbookOutcome::NoFiscalYear { reason } => {
                        FileRead::Failed { message: reason }
                    }
                }
            }
            Err(err) => FileRead::Failed {
                message: describe_read_error(&err),
            },
        }
    }
}

fn join_problems(problems: &[(Option<String>, String)]) -> String {
    problems
        .iter()
        .map(|(sheet, msg)| match sheet {
            Some(s) => format!("{s}: {msg}"),
            None => msg.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The reason of a read error, without the path (the problem carries it).
fn describe_read_error(err: &ReadError) -> String {
    let text = err.to_string();
    let path = err.path().display().to_string();
    text.strip_prefix(&path)
        .map(|rest| rest.trim_start_matches([':', ' ']).to_string())
        .unwrap_or(text)
}

/// Size, modification time and content hash of a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fingerprint {
    pub size: u64,
    pub modified: Option<SystemTime>,
    pub hash: u64,
}

/// What the catalog holds for one file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub fingerprint: Fingerprint,
    /// Shared with the consolidation input ([`Catalog::sources`]), never copied.
    pub reports: Arc<[SheetReport]>,
    pub problems: Vec<ImportProblem>,
    /// The reports are the last good ones; the current file failed.
    pub stale: bool,
}

/// What a refresh changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Same size, time and content: nothing read.
    Unchanged,
    /// Read again; these fiscal years need their outputs rewritten.
    Updated { years: BTreeSet<FiscalYear> },
    /// The file is gone.
    Removed { years: BTreeSet<FiscalYear> },
    /// The file failed and the caller asked to retry before recording it
    /// (it may still be being written).
    Deferred { message: String },
}

/// Whether a failure is recorded now or left for a retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFailure {
    Record,
    Defer,
}

/// Every workbook of the folder.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    entries: BTreeMap<PathBuf, Entry>,
    /// Paths whose entry was added, replaced or removed since the last
    /// [`Catalog::take_changed`].
    changed: BTreeSet<PathBuf>,
    /// What the good reads since the last [`Catalog::take_history`] changed.
    history: Vec<RecordedRead>,
}

impl Catalog {
    pub fn new() -> Self {
        Catalog::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Lays every file's reports out afresh, one after another. After a
    /// scan that read many files, the reports lie scattered among the pages
    /// the readers used and freed, and a few bytes still in use keep a whole
    /// page: the daemon would hold far more memory than the reports need.
    /// Here they are written as JSON into one buffer (large enough to be
    /// mapped on its own, outside the allocator's arenas) and read back to
    /// check that they come back equal; then those reports are let go, the
    /// freed memory is returned, and they are read back once more into the
    /// emptied arenas, where they lie close together. Reports shared
    /// elsewhere (a consolidation in progress, a cache) keep their place.
    /// Returns the files laid out again.
    pub fn repack(&mut self) -> usize {
        let mut buffer = Vec::new();
        let mut spans = Vec::new();
        for (path, entry) in &self.entries {
            if Arc::strong_count(&entry.reports) != 1 || entry.reports.is_empty() {
                continue;
            }
            let start = buffer.len();
            if serde_json::to_writer(&mut buffer, &*entry.reports).is_ok() {
                spans.push((path.clone(), start..buffer.len()));
            } else {
                buffer.truncate(start);
            }
        }
        let decode = |span: &std::ops::Range<usize>| -> Option<Vec<SheetReport>> {
            serde_json::from_slice(buffer.get(span.clone())?).ok()
        };
        spans.retain(|(path, span)| {
            self.entries
                .get(path)
                .zip(decode(span))
                .is_some_and(|(entry, copy)| copy.as_slice() == &*entry.reports)
        });
        let empty: Arc<[SheetReport]> = Arc::from(Vec::new());
        for (path, _) in &spans {
            if let Some(entry) = self.entries.get_mut(path) {
                entry.reports = Arc::clone(&empty);
            }
        }
        crate::memory::release_freed_memory();
        let mut repacked = 0;
        for (path, span) in &spans {
            let Some(entry) = self.entries.get_mut(path) else {
                continue;
            };
            match decode(span) {
                Some(reports) => {
                    entry.reports = compact(&reports);
                    repacked += 1;
                }
                // The same bytes were read back above; should this still
                // fail, the file is read again at the next refresh.
                None => entry.fingerprint = Fingerprint::default(),
            }
        }
        repacked
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, path: &Path) -> Option<&Entry> {
        self.entries.get(path)
    }

    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.entries.keys().map(PathBuf::as_path)
    }

    /// Seeds the entry of `path` with what an earlier run read, unless the
    /// catalog already has one. The next refresh compares the file's size
    /// and content hash with `fingerprint` (its modification time alone is
    /// not trusted across runs) and reads it only if they differ; with
    /// `Fingerprint::default()` the file is read again in any case, and the
    /// reports serve as its last good data if that fails. Not counted as a
    /// change.
    pub fn restore(
        &mut self,
        path: &Path,
        fingerprint: Fingerprint,
        reports: Arc<[SheetReport]>,
        problems: Vec<ImportProblem>,
    ) {
        self.entries.entry(path.to_path_buf()).or_insert(Entry {
            fingerprint: Fingerprint {
                modified: None,
                ..fingerprint
            },
            reports,
            problems,
            stale: false,
        });
    }

    /// The paths whose entry changed since the last call (added, read
    /// again, removed, renamed).
    pub fn take_changed(&mut self) -> BTreeSet<PathBuf> {
        std::mem::take(&mut self.changed)
    }

    /// What the good reads since the last call changed, file by file.
    pub fn take_history(&mut self) -> Vec<RecordedRead> {
        std::mem::take(&mut self.history)
    }

    /// Reads `path` again if it changed. `now` stamps new problems.
    pub fn refresh(
        &mut self,
        path: &Path,
        parser: &Parser,
        now: DateTime<Utc>,
        on_failure: OnFailure,
    ) -> Change {
        match self.examine(path) {
            Examined::Gone => self.remove(path),
            Examined::Same => Change::Unchanged,
            Examined::Unreadable(message) => self.apply(
                path,
                Fingerprint::default(),
                FileRead::Failed { message },
                now,
                on_failure,
            ),
            Examined::Changed(fingerprint) => {
                let read = parser.parse(path);
                self.apply(path, fingerprint, read, now, on_failure)
            }
        }
    }

    /// Compares the file on disk with what the catalog holds: size and time
    /// first, the content hash only when those differ.
    fn examine(&mut self, path: &Path) -> Examined {
        match self.stat(path) {
            Stat::Known(examined) => examined,
            Stat::NeedsHash { size, modified } => {
                self.judge(path, size, modified, content_hash(path))
            }
        }
    }

    /// The first step of [`Catalog::examine`]: size and time.
    fn stat(&self, path: &Path) -> Stat {
        let meta = match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => meta,
            Ok(_) => return Stat::Known(Examined::Gone),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Stat::Known(Examined::Gone);
            }
            Err(err) => {
                return Stat::Known(Examined::Unreadable(format!(
                    "cannot examine the file: {err}"
                )));
            }
        };
        let (size, modified) = (meta.len(), meta.modified().ok());
        let known = self.entries.get(path).map(|e| e.fingerprint);
        if known.is_some_and(|k| k.size == size && k.modified == modified && modified.is_some()) {
            return Stat::Known(Examined::Same);
        }
        Stat::NeedsHash { size, modified }
    }

    /// The second step of [`Catalog::examine`]: the content hash.
    fn judge(
        &mut self,
        path: &Path,
        size: u64,
        modified: Option<SystemTime>,
        hash: std::io::Result<u64>,
    ) -> Examined {
        let hash = match hash {
            Ok(hash) => hash,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Examined::Gone,
            Err(err) => return Examined::Unreadable(format!("cannot read the file: {err}")),
        };
        let fingerprint = Fingerprint {
            size,
            modified,
            hash,
        };
        match self.entries.get_mut(path) {
            Some(entry)
                if entry.fingerprint.size == size
                    && entry.fingerprint.hash == hash
                    && !entry.stale =>
            {
                entry.fingerprint = fingerprint;
                Examined::Same
            }
            _ => Examined::Changed(fingerprint),
        }
    }

    /// Records the result of reading `path` (used by [`Catalog::refresh`]
    /// and by the parallel [`Catalog::refresh_all`]).
    pub fn apply(
        &mut self,
        path: &Path,
        fingerprint: Fingerprint,
        read: FileRead,
        now: DateTime<Utc>,
        on_failure: OnFailure,
    ) -> Change {
        let old_years = self.years_of(path);
        let previous = self.entries.get(path);
        let since = |message: &str| {
            previous
                .and_then(|e| e.problems.iter().find(|p| p.message == message))
                .map_or(now, |p| p.since)
        };
        let problem = |sheet: Option<String>, message: String, kind: ProblemKind| ImportProblem {
            file: path.to_path_buf(),
            sheet,
            cell: None,
            since: since(&message),
            message,
            kind,
        };
        let read_well = !matches!(read, FileRead::Failed { .. });
        let entry = match read {
            FileRead::Reports { reports, problems } => Entry {
                fingerprint,
                problems: problems
                    .into_iter()
                    .map(|(sheet, msg)| problem(sheet, msg, ProblemKind::Error))
                    .collect(),
                reports: compact(&reports),
                stale: false,
            },
            FileRead::Skipped { reason } => Entry {
                fingerprint,
                reports: Arc::from([]),
                problems: vec![problem(None, reason, ProblemKind::Skipped)],
                stale: false,
            },
            FileRead::Failed { message } => {
                if on_failure == OnFailure::Defer {
                    return Change::Deferred { message };
                }
                let last_good = previous.map_or_else(|| Arc::from([]), |e| Arc::clone(&e.reports));
                Entry {
                    fingerprint,
                    stale: !last_good.is_empty(),
                    reports: last_good,
                    problems: vec![problem(None, message, ProblemKind::Error)],
                }
            }
        };
        if read_well {
            self.history.extend(crate::history::store::changes_of_read(
                path, previous, &entry, now,
            ));
        }
        let mut years = old_years;
        years.extend(entry.reports.iter().map(|r| r.fiscal_year));
        self.entries.insert(path.to_path_buf(), entry);
        self.changed.insert(path.to_path_buf());
        Change::Updated { years }
    }

    /// Drops a file that is gone.
    pub fn remove(&mut self, path: &Path) -> Change {
        match self.entries.remove(path) {
            Some(entry) => {
                self.changed.insert(path.to_path_buf());
                Change::Removed {
                    years: entry.reports.iter().map(|r| r.fiscal_year).collect(),
                }
            }
            None => Change::Unchanged,
        }
    }

    /// Moves an entry from one path to another (a rename), keeping its data.
    pub fn rename(&mut self, from: &Path, to: &Path) -> bool {
        match self.entries.remove(from) {
            Some(mut entry) => {
                let mut reports = entry.reports.to_vec();
                for r in &mut reports {
                    r.file = to.to_path_buf();
                }
                entry.reports = reports.into();
                for p in &mut entry.problems {
                    p.file = to.to_path_buf();
                }
                self.entries.insert(to.to_path_buf(), entry);
                self.changed.insert(from.to_path_buf());
                self.changed.insert(to.to_path_buf());
                true
            }
            None => false,
        }
    }

    /// The fiscal years a file currently contributes to.
    pub fn years_of(&self, path: &Path) -> BTreeSet<FiscalYear> {
        self.entries
            .get(path)
            .map(|e| e.reports.iter().map(|r| r.fiscal_year).collect())
            .unwrap_or_default()
    }

    /// Every fiscal year present.
    pub fn years(&self) -> BTreeSet<FiscalYear> {
        self.entries
            .values()
            .flat_map(|e| e.reports.iter().map(|r| r.fiscal_year))
            .collect()
    }

    /// The catalog as consolidation input; the reports are shared, not copied.
    pub fn sources(&self) -> Vec<SourceFile> {
        self.entries
            .iter()
            .map(|(path, e)| SourceFile {
                path: path.clone(),
                modified: e.fingerprint.modified.map(DateTime::<Utc>::from),
                reports: Arc::clone(&e.reports),
                problems: e.problems.clone(),
                stale: e.stale,
            })
            .collect()
    }

    /// Refreshes many files, reading the changed ones on every core.
    /// `progress` is called once per file done, from any thread.
    pub fn refresh_all(
        &mut self,
        paths: &[PathBuf],
        parser: &Parser,
        now: DateTime<Utc>,
        progress: &(dyn Fn() + Sync),
    ) -> Vec<(PathBuf, Change)> {
        let mut changes = Vec::with_capacity(paths.len());
        let mut to_read = Vec::new();
        // Sizes and times first; the files whose differ are hashed on all
        // cores.
        let stats: Vec<Stat> = paths.iter().map(|p| self.stat(p)).collect();
        let to_hash: Vec<&Path> = paths
            .iter()
            .zip(&stats)
            .filter(|(_, s)| matches!(s, Stat::NeedsHash { .. }))
            .map(|(p, _)| p.as_path())
            .collect();
        let mut hashes = on_all_cores(&to_hash, |p| content_hash(p)).into_iter();
        for (path, stat) in paths.iter().zip(stats) {
            let examined = match stat {
                Stat::Known(examined) => examined,
                Stat::NeedsHash { size, modified } => {
                    let hash = hashes.next().flatten().unwrap_or_else(|| {
                        Err(std::io::Error::other("the file could not be hashed"))
                    });
                    self.judge(path, size, modified, hash)
                }
            };
            match examined {
                Examined::Gone => {
                    progress();
                    changes.push((path.clone(), self.remove(path)));
                }
                Examined::Same => {
                    progress();
                    changes.push((path.clone(), Change::Unchanged));
                }
                Examined::Unreadable(message) => {
                    let change = self.apply(
                        path,
                        Fingerprint::default(),
                        FileRead::Failed { message },
                        now,
                        OnFailure::Record,
                    );
                    changes.push((path.clone(), change));
                }
                Examined::Changed(fp) => to_read.push((path.clone(), fp)),
            }
        }
        // Each read is recorded as soon as it is done, so that the readers'
        // memory holds one workbook at a time, not every parse of the folder.
        let mut applied: Vec<Option<Change>> = vec![None; to_read.len()];
        parse_in_parallel(&to_read, parser, progress, &mut |i, read| {
            if let (Some((path, fp)), Some(slot)) = (to_read.get(i), applied.get_mut(i)) {
                *slot = Some(self.apply(path, *fp, read, now, OnFailure::Record));
            }
        });
        for ((path, _), change) in to_read.into_iter().zip(applied) {
            changes.push((path, change.unwrap_or(Change::Unchanged)));
        }
        changes
    }
}

/// A file's size and time against the catalog's.
enum Stat {
    Known(Examined),
    /// Size or time differ (or the file is new): the content decides.
    NeedsHash {
        size: u64,
        modified: Option<SystemTime>,
    },
}

enum Examined {
    Gone,
    Same,
    Changed(Fingerprint),
    Unreadable(String),
}

/// `f` of every item, computed on all available cores, in order; `None`
/// for the items of a thread that stopped unexpectedly.
fn on_all_cores<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(|item| Some(f(item))).collect();
    }
    let chunk = items.len().div_ceil(workers);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let handle = scope.spawn(move || part.iter().map(f).collect::<Vec<R>>());
                (part.len(), handle)
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(len, handle)| match handle.join() {
                Ok(results) => results.into_iter().map(Some).collect::<Vec<_>>(),
                Err(_) => (0..len).map(|_| None).collect(),
            })
            .collect()
    })
}

/// Parses files on all available cores, handing each result to `on_read`
/// (with its index in `files`) on the calling thread as soon as it is done.
fn parse_in_parallel(
    files: &[(PathBuf, Fingerprint)],
    parser: &Parser,
    progress: &(dyn Fn() + Sync),
    on_read: &mut dyn FnMut(usize, FileRead),
) {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    if workers <= 1 {
        for (i, (path, _)) in files.iter().enumerate() {
            let read = parser.parse(path);
            progress();
            on_read(i, read);
        }
        return;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done = vec![false; files.len()];
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel();
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let tx = tx.clone();
                let next = &next;
                scope.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((path, _)) = files.get(i) else { break };
                        let read = parser.parse(path);
                        progress();
                        if tx.send((i, read)).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop(tx);
        for (i, read) in rx {
            if let Some(flag) = done.get_mut(i) {
                *flag = true;
            }
            on_read(i, read);
        }
        for handle in handles {
            let _ = handle.join();
        }
    });
    for (i, _) in done.iter().enumerate().filter(|(_, done)| !**done) {
        on_read(
            i,
            FileRead::Failed {
                message: "the reader thread stopped unexpectedly".into(),
            },
        );
    }
}

/// The reports in memory at their exact size: a clone allocates every
/// string and list at its length, where parsing (or decoding) leaves growth
/// room — about a tenth (a third after decoding JSON) of what the catalog
/// holds for as long as the daemon runs. The cells of a sheet share its name.
pub fn compact(reports: &[SheetReport]) -> Arc<[SheetReport]> {
    reports
        .iter()
        .map(|report| {
            let mut report = report.clone();
            report.share_sheet_names();
            report
        })
        .collect()
}

fn content_hash(path: &Path) -> std::io::Result<u64> {
    let bytes = std::fs::read(path)?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hasher.write(&bytes);
    Ok(hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_on_all_cores_comes_back_in_order() {
        let items: Vec<u32> = (0..1001).collect();
        let doubled = on_all_cores(&items, |n| n * 2);
        assert_eq!(doubled.len(), items.len());
        assert!(doubled.iter().zip(&items).all(|(d, n)| *d == Some(n * 2)));
        assert!(on_all_cores(&Vec::<u32>::new(), |n| *n).is_empty());
    }
    use chrono::TimeZone;

    /// Copies of fy2026 workbooks in `dir`, named `0.xlsx`, `1.xlsx` …
    fn fy2026_copies(dir: &Path, departments: &[&str]) -> Vec<PathBuf> {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/fy2026");
        departments
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let path = dir.join(format!("{i}.xlsx"));
                std::fs::copy(
                    corpus.join(format!("令和8年度重点目標管理シート_{name}.xlsx")),
                    &path,
                )
                .unwrap();
                path
            })
            .collect()
    }

    #[test]
    fn repacked_reports_are_equal_and_shared_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let paths = fy2026_copies(dir.path(), &["総務部", "建設部", "企画部"]);
        let mut catalog = Catalog::new();
        let now = Utc.with_ymd_and_hms(2026, 10, 23, 0, 0, 0).unwrap();
        catalog.refresh_all(&paths, &Parser::default(), now, &|| {});
        let before: Vec<Vec<SheetReport>> = paths
            .iter()
            .map(|p| catalog.get(p).unwrap().reports.to_vec())
            .collect();
        let shared = Arc::clone(&catalog.get(&paths[1]).unwrap().reports);

        assert_eq!(catalog.repack(), 2);
        for (path, reports) in paths.iter().zip(&before) {
            assert_eq!(&*catalog.get(path).unwrap().reports, reports.as_slice());
        }
        assert!(Arc::ptr_eq(
            &catalog.get(&paths[1]).unwrap().reports,
            &shared
        ));
        let item = &catalog.get(&paths[0]).unwrap().reports[0].goals[0].items[0];
        assert_eq!(item.title(), before[0][0].goals[0].items[0].title());
    }

    #[test]
    fn refresh_all_records_every_file_and_reports_in_input_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = fy2026_copies(dir.path(), &["総務部", "建設部", "企画部", "市民生活部"]);
        let broken = dir.path().join("9.xlsx");
        std::fs::write(&broken, b"PK\x03\x04 not a workbook").unwrap();
        paths.insert(2, broken.clone());

        let mut catalog = Catalog::new();
        let now = Utc.with_ymd_and_hms(2026, 10, 23, 0, 0, 0).unwrap();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let changes = catalog.refresh_all(&paths, &Parser::default(), now, &|| {
            done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(done.into_inner(), paths.len());
        assert_eq!(
            changes.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
            paths
        );
        assert!(
            changes
                .iter()
                .all(|(_, c)| matches!(c, Change::Updated { .. }))
        );
        for path in &paths {
            let entry = catalog.get(path).unwrap();
            if *path == broken {
                assert!(entry.reports.is_empty());
                assert_eq!(entry.problems[0].kind, ProblemKind::Error);
            } else {
                assert!(!entry.reports.is_empty(), "{}", path.display());
                assert!(entry.problems.is_empty());
            }
        }
        assert_eq!(catalog.take_changed().len(), paths.len());
    }
}

#[cfg(test)]
mod restore_tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 23, 0, 0, 0).unwrap()
    }

    /// A corpus workbook in a temp dir, its fingerprint and reports.
    fn parsed_file(dir: &Path) -> (PathBuf, Fingerprint, Arc<[SheetReport]>) {
        let path = dir.join("建設部.xlsx");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/corpus/fy2026/令和8年度重点目標管理シート_建設部.xlsx"),
            &path,
        )
        .unwrap();
        let mut catalog = Catalog::new();
        catalog.refresh(&path, &Parser::default(), now(), OnFailure::Record);
        let entry = catalog.get(&path).unwrap();
        (path, entry.fingerprint, Arc::clone(&entry.reports))
    }

    #[test]
    fn a_restored_entry_whose_content_matches_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let (path, fingerprint, reports) = parsed_file(dir.path());
        let mut catalog = Catalog::new();
        catalog.restore(&path, fingerprint, Arc::clone(&reports), Vec::new());
        let change = catalog.refresh(&path, &Parser::default(), now(), OnFailure::Record);
        assert_eq!(change, Change::Unchanged);
        assert!(catalog.take_changed().is_empty());
        assert_eq!(catalog.get(&path).unwrap().fingerprint, fingerprint);
    }

    #[test]
    fn a_restored_entry_with_the_same_size_and_time_but_other_content_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let (path, fingerprint, reports) = parsed_file(dir.path());
        let other = Fingerprint {
            hash: fingerprint.hash ^ 1,
            ..fingerprint
        };
        let mut catalog = Catalog::new();
        catalog.restore(&path, other, Arc::from([]), Vec::new());
        let change = catalog.refresh(&path, &Parser::default(), now(), OnFailure::Record);
        assert!(matches!(change, Change::Updated { .. }), "{change:?}");
        assert_eq!(catalog.get(&path).unwrap().reports, reports);
    }
}
