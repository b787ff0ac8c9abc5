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
use std::panic::catch_unwind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::io::workbook::Format;
use crate::io::workbook::file_bytes::read_file;
use crate::io::workbook::read::{ReadError, ReadLimits, read_workbook_bytes};
use mokuhyo_core::calendar::FiscalYear;
use mokuhyo_core::consolidate::{ImportProblem, ProblemKind, SourceFile};
use mokuhyo_core::history::RecordedRead;
use mokuhyo_core::interpret::{
    FieldDictionary, InterpretOptions, WorkbookOutcome, interpret_saved_workbook,
};
use mokuhyo_core::model::SheetReport;

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
    /// Goal sheets; `problems` holds sheets that could not be read and
    /// cells left out (not yet recorded: the catalog sets their `since`).
    Reports {
        reports: Vec<SheetReport>,
        problems: Vec<ImportProblem>,
        /// Who saved the file, as the read bytes say (`docProps/core.xml`).
        saved_by: Option<String>,
    },
    /// Not a goal workbook; `warnings` are what its reading found of the
    /// file itself (a name that says another format).
    Skipped {
        reason: String,
        warnings: Vec<ImportProblem>,
    },
    /// The file could not be read at all.
    /// `message` in English for the log (and as the problem's identity),
    /// `text` in Japanese for people when the reader renders one.
    Failed {
        message: String,
        text: Option<String>,
    },
}

impl FileRead {
    /// The file could not be read because of `err`.
    fn failed(err: &ReadError) -> Self {
        FileRead::Failed {
            message: describe_read_error(err),
            text: Some(err.japanese()),
        }
    }
}

impl Parser {
    /// The parser of these parts: the reading limits, the dictionary and
    /// the interpretation's options (`Settings::parser` puts them together).
    pub fn new(
        limits: ReadLimits,
        dictionary: FieldDictionary,
        options: InterpretOptions,
    ) -> Parser {
        Parser {
            limits,
            dictionary,
            options,
        }
    }

    /// Reads and interprets one file. Never panics: the reader catches
    /// panics inside calamine.
    pub fn parse(&self, path: &Path) -> FileRead {
        match read_file(path, &self.limits) {
            Ok(bytes) => self.parse_bytes(path, &bytes, &[]),
            Err(err) => FileRead::failed(&err),
        }
    }

    /// Interprets `bytes`, the content of the file at `path`, which was
    /// read before as `previous` (a save keeps the columns' roles).
    pub(crate) fn parse_bytes(
        &self,
        path: &Path,
        bytes: &[u8],
        previous: &[SheetReport],
    ) -> FileRead {
        match read_workbook_bytes(path, bytes, &self.limits) {
            Ok(workbook) => {
                let mut problems = workbook.problems;
                let saved_on = workbook
                    .saved_on
                    .or_else(|| written_on(path, workbook.format));
                let outcome = interpret_saved_workbook(
                    path,
                    &workbook.sheets,
                    saved_on,
                    &self.dictionary,
                    &self.options,
                    previous,
                );
                match outcome {
                    WorkbookOutcome::Reports(reports) => {
                        problems.extend(cut_in_cells(path, &reports));
                        FileRead::Reports {
                            reports,
                            problems,
                            saved_by: workbook.saved_by,
                        }
                    }
                    WorkbookOutcome::NotAGoalSheet { reason, .. }
                        if !problems.iter().any(|p| p.kind == ProblemKind::Error) =>
                    {
                        FileRead::Skipped {
                            reason,
                            warnings: problems,
                        }
                    }
                    WorkbookOutcome::NotAGoalSheet { reason, .. } => {
                        problems.retain(|p| p.kind == ProblemKind::Error);
                        problems.push(ImportProblem::new(path, ProblemKind::Error, reason));
                        FileRead::Failed {
                            message: join_problems(&problems, ImportProblem::describe),
                            text: Some(join_problems(&problems, ImportProblem::describe_shown)),
                        }
                    }
                    WorkbookOutcome::NoFiscalYear { reason } => FileRead::Failed {
                        message: reason,
                        text: None,
                    },
                }
            }
            Err(err) => FileRead::failed(&err),
        }
    }
}

/// A warning for every text of `reports` longer than a cell of the
/// consolidated workbook holds: it is cut there, marked as cut (the JSON
/// keeps it whole).
fn cut_in_cells(path: &Path, reports: &[SheetReport]) -> Vec<ImportProblem> {
    let mut warnings = Vec::new();
    for report in reports {
        for (goal, item) in report.items() {
            for (field, chars) in
                mokuhyo_core::consolidate::model::fields_over_cell_limit(goal, item)
            {
                let mut warning = ImportProblem::new(
                    path,
                    ProblemKind::Warning,
                    format!(
                        "{} の{field}は{chars}文字あり、1つのセルに入る{}文字を超えるため、\
                         全庁一覧では「{}…文字省略〕」で切って表示しています（JSON には全文があります）",
                        item.cell,
                        mokuhyo_core::consolidate::model::MAX_CELL_CHARS,
                        mokuhyo_core::consolidate::model::CUT_MARK
                    ),
                );
                warning.sheet = Some(report.sheet.clone());
                warning.cell = Some(item.cell.position());
                warnings.push(warning);
            }
        }
    }
    warnings
}

/// The problems, each as `describe` says it, in one line.
fn join_problems(problems: &[ImportProblem], describe: fn(&ImportProblem) -> String) -> String {
    problems.iter().map(describe).collect::<Vec<_>>().join("; ")
}

/// The reason of a read error, without the path (the problem carries it).
fn describe_read_error(err: &ReadError) -> String {
    let text = err.to_string();
    let path = err.path().display().to_string();
    text.strip_prefix(&path)
        .map(|rest| rest.trim_start_matches([':', ' ']).to_string())
        .unwrap_or(text)
}

/// Size, modification time and content hash ([`content_hash`]) of a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fingerprint {
    pub size: u64,
    pub modified: Option<SystemTime>,
    pub hash: u64,
}

/// The hash of a file's content kept in [`Fingerprint`]: XXH3 (64 bits),
/// a specified algorithm, so the hash stored by one run is the hash the
/// next computes.
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
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

impl Entry {
    /// The fiscal years the file's reports are of.
    fn years(&self) -> BTreeSet<FiscalYear> {
        self.reports.iter().map(|r| r.fiscal_year).collect()
    }
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
    /// (it may still be being written), or its read from a share is under
    /// way beside the others: read it again later.
    Deferred { message: String },
}

/// Whether a failure is recorded now or left for a retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFailure {
    Record,
    Defer,
}

/// What a refresh makes of a file that is gone when it comes to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vanished {
    /// It is forgotten.
    Removed,
    /// It was listed a moment before: a file deleted then and a share
    /// dropping then look alike until the folder is judged again, so it is
    /// kept and left for a retry ([`Change::Deferred`]).
    SinceListed,
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
    pub(crate) fn restore(
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
    pub(crate) fn take_changed(&mut self) -> BTreeSet<PathBuf> {
        std::mem::take(&mut self.changed)
    }

    /// What the good reads since the last call changed, file by file: in
    /// the order they were seen, and reads seen at one instant (files read
    /// on several threads finish in any order) in the order of their paths.
    pub(crate) fn take_history(&mut self) -> Vec<RecordedRead> {
        let mut reads = std::mem::take(&mut self.history);
        reads.sort_by(|a, b| a.seen_at.cmp(&b.seen_at).then_with(|| a.file.cmp(&b.file)));
        reads
    }

    /// Reads `path` again if it changed. `now` stamps new problems.
    pub fn refresh(
        &mut self,
        path: &Path,
        parser: &Parser,
        now: DateTime<Utc>,
        on_failure: OnFailure,
    ) -> Change {
        let examined = examine(path, self.known(path), parser);
        self.record(path, examined, now, on_failure, Vanished::Removed)
    }

    /// What the catalog holds of `path`, as [`examine`] compares it.
    fn known(&self, path: &Path) -> Option<Known> {
        self.entries.get(path).map(|e| Known {
            fingerprint: e.fingerprint,
            stale: e.stale,
            reports: Arc::clone(&e.reports),
        })
    }

    /// Records what [`examine`] found.
    fn record(
        &mut self,
        path: &Path,
        examined: Examined,
        now: DateTime<Utc>,
        on_failure: OnFailure,
        vanished: Vanished,
    ) -> Change {
        match examined {
            Examined::Gone => match vanished {
                Vanished::Removed => self.remove(path),
                Vanished::SinceListed => Change::Deferred {
                    message: "the file was listed but is gone when read".into(),
                },
            },
            Examined::Same(fingerprint) => {
                if let (Some(fingerprint), Some(entry)) = (fingerprint, self.entries.get_mut(path))
                {
                    entry.fingerprint = fingerprint;
                }
                Change::Unchanged
            }
            Examined::Pending(message) => Change::Deferred { message },
            Examined::Unreadable(message, text) => self.apply(
                path,
                Fingerprint::default(),
                FileRead::Failed { message, text },
                now,
                on_failure,
            ),
            Examined::Read(fingerprint, read) => {
                self.apply(path, fingerprint, read, now, on_failure)
            }
        }
    }

    /// Records the result of reading `path`.
    pub(crate) fn apply(
        &mut self,
        path: &Path,
        fingerprint: Fingerprint,
        read: FileRead,
        now: DateTime<Utc>,
        on_failure: OnFailure,
    ) -> Change {
        let previous = self.entries.get(path);
        let old_years = previous.map(Entry::years).unwrap_or_default();
        // A problem seen before keeps the time it was first seen.
        let seen_before = previous.map_or(&[][..], |e| e.problems.as_slice());
        let record = |problems: Vec<ImportProblem>| {
            mokuhyo_core::problem::first_seen(seen_before, problems, now)
        };
        let problem = |message: String, text: Option<String>, kind: ProblemKind| ImportProblem {
            text,
            ..ImportProblem::new(path, kind, message)
        };
        let read_well = !matches!(read, FileRead::Failed { .. });
        let saved_by = match &read {
            FileRead::Reports { saved_by, .. } => saved_by.clone(),
            _ => None,
        };
        let entry = match read {
            FileRead::Reports {
                reports, problems, ..
            } => Entry {
                fingerprint,
                problems: record(problems),
                reports: compact(&reports),
                stale: false,
            },
            FileRead::Skipped { reason, warnings } => Entry {
                fingerprint,
                reports: Arc::from([]),
                problems: record(
                    std::iter::once(problem(reason, None, ProblemKind::Skipped))
                        .chain(warnings)
                        .collect(),
                ),
                stale: false,
            },
            FileRead::Failed { message, text } => {
                if on_failure == OnFailure::Defer {
                    return Change::Deferred { message };
                }
                let last_good = previous.map_or_else(|| Arc::from([]), |e| Arc::clone(&e.reports));
                Entry {
                    fingerprint,
                    stale: !last_good.is_empty(),
                    reports: last_good,
                    problems: record(vec![problem(message, text, ProblemKind::Error)]),
                }
            }
        };
        if read_well {
            self.history
                .extend(changes_of_read(path, previous, &entry, saved_by, now));
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

    /// Refreshes many files, reading the changed ones on every core; each
    /// is recorded as soon as it is read, so that the readers' memory holds
    /// one workbook each, not every parse of the folder. `progress` is
    /// called once per file done, from any thread. The changes come in the
    /// order of `paths`; a file gone when read is as `vanished` says.
    pub fn refresh_all(
        &mut self,
        paths: &[PathBuf],
        parser: &Parser,
        now: DateTime<Utc>,
        vanished: Vanished,
        progress: &(dyn Fn() + Sync),
    ) -> Vec<(PathBuf, Change)> {
        let catalog = Mutex::new(self);
        let lock = || catalog.lock().unwrap_or_else(PoisonError::into_inner);
        paths
            .par_iter()
            .map(|path| {
                let known = lock().known(path);
                let examined = catch_unwind(|| examine(path, known, parser)).unwrap_or_else(|_| {
                    Examined::Unreadable(
                        "the reader stopped unexpectedly".into(),
                        Some("ファイルの読み込みが途中で止まりました（壊れている可能性があります）。Excel で開いて保存し直してください".into()),
                    )
                });
                progress();
                let change = lock().record(path, examined, now, OnFailure::Record, vanished);
                (path.clone(), change)
            })
            .collect()
    }
}

/// Compares the file on disk with what the catalog holds (`known`): size and time
/// first; when those differ the file is read, and parsed only if its
/// content differs too.
fn examine(path: &Path, known: Option<Known>, parser: &Parser) -> Examined {
    let meta = match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => meta,
        // A path that stops being a file (a folder now) is gone; so is one
        // below a folder that became a file (`NotADirectory`).
        Ok(_) => return Examined::Gone,
        Err(err)
            if matches!(
                err.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Examined::Gone;
        }
        Err(err) => {
            return Examined::Unreadable(
                format!("cannot examine the file: {err}"),
                Some("ファイルの情報を読み取れません（別の操作で使用中か、読み取りの権限がありません）".into()),
            );
        }
    };
    let modified = meta.modified().ok();
    let same_stat =
        |k: &Known| k.fingerprint.size == meta.len() && k.fingerprint.modified == modified;
    if modified.is_some() && known.as_ref().is_some_and(same_stat) {
        return Examined::Same(None);
    }
    let bytes = match read_file(path, &parser.limits) {
        Ok(bytes) => bytes,
        Err(ReadError::NotFound { .. }) => return Examined::Gone,
        Err(err @ ReadError::Pending { .. }) => return Examined::Pending(err.to_string()),
        Err(err @ ReadError::TooLarge { .. }) => {
            let fingerprint = Fingerprint {
                size: meta.len(),
                modified,
                hash: 0,
            };
            return Examined::Read(fingerprint, FileRead::failed(&err));
        }
        Err(err) => {
            let reason = describe_read_error(&err);
            return Examined::Unreadable(
                format!("cannot read the file: {reason}"),
                Some(err.japanese()),
            );
        }
    };
    let fingerprint = Fingerprint {
        size: bytes.len() as u64,
        modified,
        hash: content_hash(&bytes),
    };
    let same_content = |k: &Known| {
        !k.stale && k.fingerprint.size == fingerprint.size && k.fingerprint.hash == fingerprint.hash
    };
    if known.as_ref().is_some_and(same_content) {
        return Examined::Same(Some(fingerprint));
    }
    let previous = known.as_ref().map_or(&[][..], |k| &k.reports[..]);
    Examined::Read(fingerprint, parser.parse_bytes(path, &bytes, previous))
}

/// What the catalog holds of a file, as [`examine`] compares it (and the
/// reports a new read keeps its tables' readings from).
#[derive(Clone)]
struct Known {
    fingerprint: Fingerprint,
    stale: bool,
    reports: Arc<[SheetReport]>,
}

/// What the file on disk is against the catalog's entry.
enum Examined {
    Gone,
    /// The same content; with the fingerprint to keep when only its time
    /// changed.
    Same(Option<Fingerprint>),
    /// Read again.
    Read(Fingerprint, FileRead),
    /// In English for the log, and in Japanese for people.
    Unreadable(String, Option<String>),
    /// A read from a share under way beside the others (in the daemon): the
    /// file is read again once it has ended.
    Pending(String),
}

/// The reports in memory at their exact size: a clone allocates every
/// string and list at its length, where parsing (or decoding) leaves growth
/// room — about a tenth (a third after decoding JSON) of what the catalog
/// holds for as long as the daemon runs. The cells of a sheet share its name.
pub(crate) fn compact(reports: &[SheetReport]) -> Arc<[SheetReport]> {
    reports
        .iter()
        .map(|report| {
            let mut report = report.clone();
            report.share_sheet_names();
            report
        })
        .collect()
}

/// What a good read of `path` changed: `new` (the catalog's entry for the
/// read) compared with `previous` (its entry before, whose reports are the
/// last good ones), with the file's time and its last author; `None` when
/// nothing changed. The sheets the read could not read are not reported
/// removed.
fn changes_of_read(
    path: &Path,
    previous: Option<&Entry>,
    new: &Entry,
    modified_by: Option<String>,
    seen_at: DateTime<Utc>,
) -> Option<RecordedRead> {
    let unread: Vec<&str> = new
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Error)
        .filter_map(|p| p.sheet.as_deref())
        .collect();
    let previous = previous.map_or(&[][..], |e| &e.reports);
    let changes = mokuhyo_core::history::diff(previous, &new.reports, &unread);
    if changes.is_empty() {
        return None;
    }
    Some(RecordedRead {
        file: path.to_path_buf(),
        seen_at,
        file_modified: new.fingerprint.modified.map(DateTime::<Utc>::from),
        modified_by,
        changes,
    })
}

/// The day (in Japan) a CSV export, an HTML table or an `.xls` workbook was
/// last written: the first two keep no properties, and the last keeps them
/// where the spreadsheet library does not read them. The day its file was
/// written stands for the day a workbook says it was saved.
fn written_on(path: &Path, format: Format) -> Option<chrono::NaiveDate> {
    if !matches!(
        format,
        Format::Csv | Format::Text | Format::Html | Format::Xls
    ) {
        return None;
    }
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    Some(mokuhyo_core::calendar::japan_date(DateTime::<Utc>::from(
        modified,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_text_cut_in_its_cell_is_warned_of_at_the_item_s_cell() {
        use mokuhyo_core::remind::plan::fixtures::fy2026_reports;
        let mut reports = fy2026_reports();
        let long = "長".repeat(mokuhyo_core::consolidate::model::MAX_CELL_CHARS + 1);
        let item = &mut reports[0].goals[0].items[0];
        item.interim = mokuhyo_core::model::Report::Filled(long.into());
        let cell = item.cell.clone();
        let warnings = cut_in_cells(Path::new("a.xlsx"), &reports[..1]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].sheet.as_deref(), Some(&*cell.sheet));
        assert_eq!(warnings[0].place(), cell.to_string());
    }

    /// A CSV export states no year and keeps no properties: the day its
    /// file was written stands for the day it was saved, so it is read as
    /// of that day's fiscal year, 低 and its mails held; a workbook with no
    /// saved day stays unread for want of a year.
    #[test]
    fn a_csv_or_xls_stating_no_year_is_read_as_of_the_day_it_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("水運局_一覧.csv");
        let text = "番号,取組,完了予定,途中経過,最終結果\r\n1,桟橋の点検,2026/07/31,点検を終えた,\r\n2,航路の浚渫,2027/03/31,,\r\n";
        std::fs::write(&csv, text).unwrap();
        let parser = Parser::new(
            ReadLimits::default(),
            FieldDictionary::default(),
            InterpretOptions::default(),
        );
        let written = std::fs::metadata(&csv).unwrap().modified().unwrap();
        let fy = FiscalYear::containing(mokuhyo_core::calendar::japan_date(DateTime::<Utc>::from(
            written,
        )));
        let FileRead::Reports { reports, .. } = parser.parse(&csv) else {
            panic!("{:?}", parser.parse(&csv))
        };
        assert_eq!(reports[0].fiscal_year, fy);
        assert!(
            reports[0]
                .reading
                .tables
                .iter()
                .all(|t| t.confidence == mokuhyo_core::model::Confidence::Low)
        );
        assert_eq!(written_on(&csv, Format::Xlsx), None);
        assert_eq!(
            written_on(&csv, Format::Xls),
            Some(mokuhyo_core::calendar::japan_date(DateTime::<Utc>::from(
                written
            )))
        );
    }

    #[test]
    fn the_content_hash_is_xxh3_as_specified() {
        // XXH3_64bits of no input, from the algorithm's specification: the
        // hash a stored row holds does not depend on the Rust release.
        assert_eq!(content_hash(b""), 0x2D06_8005_38D3_94C2);
    }

    #[test]
    fn a_file_touched_without_change_is_not_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let paths = fy2026_copies(dir.path(), &["建設部"]);
        let mut catalog = Catalog::new();
        let now = Utc.with_ymd_and_hms(2026, 10, 23, 0, 0, 0).unwrap();
        catalog.refresh(&paths[0], &Parser::default(), now, OnFailure::Record);
        let before = catalog.get(&paths[0]).unwrap().clone();
        let bytes = std::fs::read(&paths[0]).unwrap();
        assert_eq!(before.fingerprint.hash, content_hash(&bytes));
        assert_eq!(before.fingerprint.size, bytes.len() as u64);
        catalog.take_changed();

        let later = before.fingerprint.modified.unwrap() + std::time::Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&paths[0])
            .unwrap()
            .set_modified(later)
            .unwrap();
        let change = catalog.refresh(&paths[0], &Parser::default(), now, OnFailure::Record);
        assert_eq!(change, Change::Unchanged);
        assert!(catalog.take_changed().is_empty());
        let after = catalog.get(&paths[0]).unwrap();
        assert!(
            Arc::ptr_eq(&after.reports, &before.reports),
            "not parsed again"
        );
        assert_eq!(after.fingerprint.modified, Some(later));
    }

    #[test]
    fn reads_seen_at_one_instant_are_recorded_in_the_order_of_their_paths() {
        let dir = tempfile::tempdir().unwrap();
        let paths = fy2026_copies(dir.path(), &["総務部", "建設部", "企画部"]);
        let mut catalog = Catalog::new();
        let now = Utc.with_ymd_and_hms(2026, 10, 23, 0, 0, 0).unwrap();
        for path in paths.iter().rev() {
            catalog.refresh(path, &Parser::default(), now, OnFailure::Record);
        }
        let files: Vec<PathBuf> = catalog.take_history().into_iter().map(|r| r.file).collect();
        assert_eq!(files, paths);
    }

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
    fn refresh_all_records_every_file_and_reports_in_input_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = fy2026_copies(dir.path(), &["総務部", "建設部", "企画部", "市民生活部"]);
        let broken = dir.path().join("9.xlsx");
        std::fs::write(&broken, b"PK\x03\x04 not a workbook").unwrap();
        paths.insert(2, broken.clone());

        let mut catalog = Catalog::new();
        let now = Utc.with_ymd_and_hms(2026, 10, 23, 0, 0, 0).unwrap();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let changes =
            catalog.refresh_all(&paths, &Parser::default(), now, Vanished::Removed, &|| {
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

    /// A file listed and gone by the time it is read is kept for a retry
    /// (a share may have dropped in between); one the listing missed is
    /// forgotten.
    #[test]
    fn a_file_gone_since_listed_is_kept_for_a_retry_and_one_not_listed_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let paths = fy2026_copies(dir.path(), &["総務部", "建設部"]);
        let mut catalog = Catalog::new();
        let now = Utc.with_ymd_and_hms(2026, 10, 23, 0, 0, 0).unwrap();
        let parser = Parser::default();
        catalog.refresh_all(&paths, &parser, now, Vanished::Removed, &|| {});
        for path in &paths {
            std::fs::remove_file(path).unwrap();
        }

        let since_listed =
            catalog.refresh_all(&paths[..1], &parser, now, Vanished::SinceListed, &|| {});
        assert!(
            matches!(&since_listed[0].1, Change::Deferred { message } if message.contains("gone")),
            "{since_listed:?}"
        );
        assert!(catalog.get(&paths[0]).is_some(), "kept until judged");

        let not_listed = catalog.refresh_all(&paths[1..], &parser, now, Vanished::Removed, &|| {});
        assert!(
            matches!(not_listed[0].1, Change::Removed { .. }),
            "{not_listed:?}"
        );
        assert!(catalog.get(&paths[1]).is_none());
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
