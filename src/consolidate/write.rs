//! Writes each [`ConsolidatedBook`] as an .xlsx workbook, and the same data
//! as JSON beside it.
//!
//! Every file is written to a temporary file in the target folder, synced
//! and renamed over the old one. When the old one cannot be replaced (open
//! in Excel on Windows, a directory in its place, a read-only target) it is
//! left alone and the new data goes to `<name>_<YYYYMMDDHHMMSS>.xlsx` beside
//! it; the next run tries the normal name again.
//!
//! The workbook is laid out through rust_xlsxwriter ([`build_workbook`]):
//! 概要 ([`super::overview`]), then the lists ([`super::lists`]); its
//! `save` assembles the sheets' XML on parallel threads. The JSON
//! ([`super::json`]) is written on another thread meanwhile.
//!
//! User text is only ever written as a string, so a cell that starts with
//! `=` stays text.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use super::changes::{BookHistory, change_rows, recent_changes};
use super::formats::Formats;
use super::json::BookJson;
use super::labels;
use super::lists::{changes_sheet, deadlines_sheet, items_sheet, missing_sheet, problems_sheet};
use super::model::{ConsolidatedBook, japan_time};
use super::overview::overview_sheet;
use crate::calendar::FiscalYear;

/// Deflate level of the workbook's zip: level 2 saves in about half the
/// time of the default 6 for a file about a third larger.
const ZIP_LEVEL: u8 = 2;

/// The `[output]` section of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputOptions {
    /// The folder the workbooks go to.
    pub dir: PathBuf,
    /// The workbook's file name; `{nendo}` becomes `令和8年度`, `{fy}` `2026`.
    pub workbook_name: String,
    /// Also write the data as JSON beside each workbook.
    pub json: bool,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            dir: PathBuf::from("."),
            workbook_name: "全庁目標一覧_{nendo}.xlsx".to_string(),
            json: true,
        }
    }
}

impl OutputOptions {
    /// The workbook's path for a fiscal year.
    pub fn workbook_path(&self, fiscal_year: FiscalYear) -> PathBuf {
        let name = self
            .workbook_name
            .replace("{nendo}", &fiscal_year.japanese())
            .replace("{fy}", &fiscal_year.0.to_string());
        self.dir.join(name)
    }

    /// The JSON's path: the workbook's, ending in `.json`.
    pub fn json_path(&self, fiscal_year: FiscalYear) -> PathBuf {
        self.workbook_path(fiscal_year).with_extension("json")
    }
}

/// Where a copy goes when `target` cannot be replaced: the copy already
/// written since `target` last changed, if it can be written again (one copy
/// per episode of blocking, brought up to date at every save), else
/// `全庁目標一覧_令和8年度_20260601093000.xlsx` beside `target`, stamped
/// with `generated_at`.
pub fn fallback_path(target: &Path, generated_at: DateTime<Utc>) -> PathBuf {
    let prefix = format!(
        "{}_",
        target.file_stem().unwrap_or_default().to_string_lossy()
    );
    let suffix = target
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let is_copy = |name: &str| {
        name.strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(&suffix))
            .is_some_and(|stamp| stamp.len() == 14 && stamp.bytes().all(|b| b.is_ascii_digit()))
    };
    let blocked_since = fs::metadata(target).and_then(|m| m.modified()).ok();
    let current = blocked_since.and_then(|since| {
        fs::read_dir(target.parent()?)
            .ok()?
            .flatten()
            .filter(|e| is_copy(&e.file_name().to_string_lossy()))
            .filter(|e| {
                e.metadata()
                    .is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t >= since))
            })
            .map(|e| e.path())
            .filter(|p| fs::OpenOptions::new().write(true).open(p).is_ok())
            .max()
    });
    current.unwrap_or_else(|| {
        let stamp = japan_time(generated_at).format("%Y%m%d%H%M%S");
        target.with_file_name(format!("{prefix}{stamp}{suffix}"))
    })
}

/// Which file of a fiscal year an outcome is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Workbook,
    Json,
}

/// Where a file was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Under its normal name.
    Replaced { path: PathBuf },
    /// Under a timestamped name, because the normal one could not be replaced.
    Fallback { path: PathBuf, reason: String },
}

impl Saved {
    pub fn path(&self) -> &Path {
        match self {
            Saved::Replaced { path } | Saved::Fallback { path, .. } => path,
        }
    }
}

/// Why a file could not be written at all.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: cannot lay out the workbook: {source}", path.display())]
    Xlsx { path: PathBuf, source: XlsxError },
    #[error("{}: cannot write JSON: {source}", path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: cannot replace it ({reason}) nor write {}: {source}", target.display(), fallback.display())]
    Persist {
        target: PathBuf,
        fallback: PathBuf,
        reason: String,
        source: io::Error,
    },
}

/// What happened to one file.
#[derive(Debug)]
pub struct WriteOutcome {
    pub fiscal_year: FiscalYear,
    pub kind: OutputKind,
    /// The normal path.
    pub target: PathBuf,
    pub result: Result<Saved, WriteError>,
}

/// Writes every book (and its JSON when `opts.json`); one failure never stops
/// the others. `generated_at` goes into the document properties, the 概要
/// sheet and fallback names.
pub fn write_consolidated(
    books: &[ConsolidatedBook<'_>],
    opts: &OutputOptions,
    generated_at: DateTime<Utc>,
    history: &BookHistory<'_>,
) -> Vec<WriteOutcome> {
    let mut outcomes = Vec::new();
    for book in books {
        // The JSON is written on another core while the workbook is laid out.
        let (workbook, json) = std::thread::scope(|scope| {
            let json = opts
                .json
                .then(|| scope.spawn(|| write_json(book, opts, generated_at)));
            let workbook = write_workbook(book, opts, generated_at, history);
            let json = json.map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| json_thread_failed(book, opts))
            });
            (workbook, json)
        });
        outcomes.push(workbook);
        outcomes.extend(json);
    }
    outcomes
}

fn write_workbook(
    book: &ConsolidatedBook<'_>,
    opts: &OutputOptions,
    generated_at: DateTime<Utc>,
    history: &BookHistory<'_>,
) -> WriteOutcome {
    let target = opts.workbook_path(book.fiscal_year);
    let result = save_atomically(&target, generated_at, |file| {
        let xlsx_error = |source| WriteError::Xlsx {
            path: target.clone(),
            source,
        };
        let mut workbook = build_workbook(book, generated_at, history).map_err(xlsx_error)?;
        let mut out = BufWriter::new(file);
        workbook.save_to_writer(&mut out).map_err(xlsx_error)?;
        out.flush().map_err(|source| WriteError::Io {
            path: target.clone(),
            source,
        })
    });
    outcome(book.fiscal_year, OutputKind::Workbook, target, result)
}

fn write_json(
    book: &ConsolidatedBook<'_>,
    opts: &OutputOptions,
    generated_at: DateTime<Utc>,
) -> WriteOutcome {
    let target = opts.json_path(book.fiscal_year);
    let result = save_atomically(&target, generated_at, |file| {
        let mut out = BufWriter::new(file);
        serde_json::to_writer(&mut out, &BookJson::new(book, generated_at)).map_err(|source| {
            WriteError::Json {
                path: target.clone(),
                source,
            }
        })?;
        out.flush().map_err(|source| WriteError::Io {
            path: target.clone(),
            source,
        })
    });
    outcome(book.fiscal_year, OutputKind::Json, target, result)
}

/// The outcome of a JSON writer thread that panicked.
fn json_thread_failed(book: &ConsolidatedBook<'_>, opts: &OutputOptions) -> WriteOutcome {
    let target = opts.json_path(book.fiscal_year);
    let result = Err(WriteError::Io {
        path: target.clone(),
        source: io::Error::other("the JSON writer stopped unexpectedly"),
    });
    outcome(book.fiscal_year, OutputKind::Json, target, result)
}

fn outcome(
    fiscal_year: FiscalYear,
    kind: OutputKind,
    target: PathBuf,
    result: Result<Saved, WriteError>,
) -> WriteOutcome {
    match &result {
        Ok(Saved::Replaced { path }) => info!(path = %path.display(), "consolidated file written"),
        Ok(Saved::Fallback { path, reason }) => warn!(
            target = %target.display(),
            path = %path.display(),
            %reason,
            "cannot replace the consolidated file; wrote a timestamped copy beside it"
        ),
        Err(error) => warn!(%error, "consolidated file not written"),
    }
    WriteOutcome {
        fiscal_year,
        kind,
        target,
        result,
    }
}

/// Writes through a temporary file in `target`'s folder, synced, then renamed
/// over `target`; falls back to [`fallback_path`] when the rename fails.
pub(crate) fn save_atomically(
    target: &Path,
    generated_at: DateTime<Utc>,
    fill: impl FnOnce(&mut File) -> Result<(), WriteError>,
) -> Result<Saved, WriteError> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError::Io { path, source }
    };
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    // The `.tmp` suffix keeps a folder watcher from taking it for a workbook.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".mokuhyo-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(permissions_for(target));
    let mut temp = builder.tempfile_in(dir).map_err(io_error(dir))?;
    fill(temp.as_file_mut())?;
    temp.as_file().sync_all().map_err(io_error(target))?;

    let saved = match temp.persist(target) {
        Ok(_) => Saved::Replaced {
            path: target.to_path_buf(),
        },
        Err(failed) => {
            let reason = failed.error.to_string();
            let fallback = fallback_path(target, generated_at);
            match failed.file.persist(&fallback) {
                Ok(_) => Saved::Fallback {
                    path: fallback,
                    reason,
                },
                Err(second) => {
                    return Err(WriteError::Persist {
                        target: target.to_path_buf(),
                        fallback,
                        reason,
                        source: second.error,
                    });
                }
            }
        }
    };
    sync_dir(dir);
    Ok(saved)
}

/// The old file's permissions, or those of any new file (0o666 less the
/// umask), rather than the owner-only mode of temporary files: the planning
/// section must be able to open the workbook on the share.
#[cfg(unix)]
fn permissions_for(target: &Path) -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    match fs::metadata(target) {
        Ok(meta) if meta.is_file() => meta.permissions(),
        _ => fs::Permissions::from_mode(0o666),
    }
}

/// Makes the rename durable where the platform allows it (not on Windows).
fn sync_dir(dir: &Path) {
    if cfg!(unix)
        && let Ok(handle) = File::open(dir)
    {
        let _ = handle.sync_all();
    }
}

/// Lays out the whole workbook: 概要, 全庁一覧, 期限一覧, 未提出, 取込エラー,
/// 変更履歴 (the changes of `history` in the book's fiscal year).
pub fn build_workbook(
    book: &ConsolidatedBook<'_>,
    generated_at: DateTime<Utc>,
    history: &BookHistory<'_>,
) -> Result<Workbook, XlsxError> {
    let nendo = book.nendo();
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(ZIP_LEVEL);
    let properties = DocProperties::new()
        .set_title(labels::book_title(&nendo))
        .set_subject(labels::book_title(&nendo))
        .set_author("mokuhyo")
        .set_comment(format!(
            "{} {}",
            labels::CAPTION_GENERATED,
            japan_time(generated_at).format("%Y/%m/%d %H:%M:%S")
        ))
        .set_creation_datetime(&generated_at);
    workbook.set_properties(&properties);
    let formats = Formats::new();
    let recent = recent_changes(book, history.entries, generated_at);
    overview_sheet(
        workbook.add_worksheet(),
        book,
        &formats,
        generated_at,
        recent,
    )?;
    // The lists are written row after row: in constant memory mode each row
    // goes to a temporary file as the next begins.
    items_sheet(
        workbook.add_worksheet_with_constant_memory()?,
        book,
        &formats,
    )?;
    deadlines_sheet(
        workbook.add_worksheet_with_constant_memory()?,
        book,
        &formats,
    )?;
    missing_sheet(
        workbook.add_worksheet_with_constant_memory()?,
        book,
        &formats,
    )?;
    problems_sheet(
        workbook.add_worksheet_with_constant_memory()?,
        book,
        &formats,
    )?;
    let rows = change_rows(book, history.entries, generated_at, history.days);
    changes_sheet(
        workbook.add_worksheet_with_constant_memory()?,
        book,
        &rows,
        history.days,
        &formats,
    )?;
    Ok(workbook)
}
