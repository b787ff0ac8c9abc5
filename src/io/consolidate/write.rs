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
//! 概要 ([`super::overview`]), then the lists ([`super::lists`]), each a
//! constant-memory worksheet, laid out on the cores that are free, the
//! largest first, and added in order. While the workbook is packed, one
//! other thread writes the JSON ([`super::json`]), the page and the
//! publish CSV, one after another, each as it is made.
//!
//! User text is only ever written as a string, so a cell that starts with
//! `=` stays text.

use std::io::{self, BufWriter, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use super::formats::Formats;
use super::json::BookJson;
use super::lists::{
    changes_sheet, deadlines_sheet, items_sheet, missing_sheet, problems_sheet, years_sheet,
};
use super::overview::overview_sheet;
use crate::i18n::t;
use crate::io::output_file::Filled;
pub use crate::io::output_file::{Saved, WriteError, fallback_path};
use crate::logging::caller_reports_panics;
use mokuhyo_core::calendar::FiscalYear;
use mokuhyo_core::calendar::japan_time;
use mokuhyo_core::consolidate::changes::{BookHistory, change_rows, recent_changes};
use mokuhyo_core::consolidate::labels;
use mokuhyo_core::consolidate::model::ConsolidatedBook;
use mokuhyo_core::consolidate::page::{PageInput, html_page_in_parts};
use mokuhyo_core::consolidate::publish::{PublishColumns, publish_csv_in_parts};
use mokuhyo_core::consolidate::years::YearComparison;

/// What the publish CSV's name adds to the workbook's.
const PUBLISH_SUFFIX: &str = "_公表";

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
    /// Also write the page for 庁議 beside each workbook
    /// (`全庁目標一覧_令和8年度.html`).
    pub html: bool,
    /// Also write the CSV to publish beside each workbook
    /// (`全庁目標一覧_令和8年度_公表.csv`).
    pub publish_csv: bool,
    /// The columns of that CSV.
    pub publish: PublishColumns,
    /// How staff reach `dir` (`\\fileserver\企画課\目標集約`), for the
    /// digest's link to the page; none: as `folder.display_path` shows it
    /// when `dir` is in the shared folder, else as written.
    pub display_path: Option<String>,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            dir: PathBuf::from("."),
            workbook_name: "全庁目標一覧_{nendo}.xlsx".to_string(),
            json: true,
            html: true,
            publish_csv: true,
            publish: PublishColumns::default(),
            display_path: None,
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

    /// The page's path: the workbook's, ending in `.html`.
    pub fn html_path(&self, fiscal_year: FiscalYear) -> PathBuf {
        self.workbook_path(fiscal_year).with_extension("html")
    }

    /// The publish CSV's path: the workbook's name with `_公表`, ending in
    /// `.csv`.
    pub fn publish_csv_path(&self, fiscal_year: FiscalYear) -> PathBuf {
        let workbook = self.workbook_path(fiscal_year);
        let stem = workbook
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        workbook.with_file_name(format!("{stem}{PUBLISH_SUFFIX}.csv"))
    }

    /// Every file written for a fiscal year: the workbook, then the JSON
    /// and the page when asked for.
    pub fn paths(&self, fiscal_year: FiscalYear) -> Vec<(OutputKind, PathBuf)> {
        let mut paths = vec![(OutputKind::Workbook, self.workbook_path(fiscal_year))];
        if self.json {
            paths.push((OutputKind::Json, self.json_path(fiscal_year)));
        }
        if self.html {
            paths.push((OutputKind::Html, self.html_path(fiscal_year)));
        }
        if self.publish_csv {
            paths.push((OutputKind::PublishCsv, self.publish_csv_path(fiscal_year)));
        }
        paths
    }
}

/// Which file of a fiscal year an outcome is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Workbook,
    Json,
    Html,
    PublishCsv,
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

/// Writes every book (and its JSON when `opts.json`, its page when
/// `opts.html`, its publish CSV when `opts.publish_csv`); one failure never stops the others. `generated_at` goes
/// into the document properties, the 概要 sheet and fallback names.
pub fn write_consolidated(
    books: &[ConsolidatedBook<'_>],
    opts: &OutputOptions,
    generated_at: DateTime<Utc>,
    history: &BookHistory<'_>,
) -> Vec<WriteOutcome> {
    let years = YearComparison::of(books);
    write_consolidated_beside(books, &years, opts, generated_at, history)
}

/// [`write_consolidated`], the years compared (年度比較) made from the books
/// of every year, `books` being some of them.
pub fn write_consolidated_beside(
    books: &[ConsolidatedBook<'_>],
    all_years: &YearComparison,
    opts: &OutputOptions,
    generated_at: DateTime<Utc>,
    history: &BookHistory<'_>,
) -> Vec<WriteOutcome> {
    let mut outcomes = Vec::new();
    for book in books {
        let years = all_years.up_to(book.fiscal_year);
        let years = &years;
        // The workbook's sheets are laid out side by side, row after row
        // into temporary files; then the workbook is packed, which only one
        // thread can do, while one other thread makes the JSON, the page
        // and the publish CSV, one after another, each as it is made. Laid
        // out beside everything else, the long sheets waited for a core
        // while the packing waited for them; made on a thread each, the
        // three files took a share of the packing's core and it ended last,
        // alone. Each file's sync and rename wait on the disk on a thread of
        // their own, while the next file is made.
        let (workbook, beside) = std::thread::scope(|scope| {
            let target = opts.workbook_path(book.fiscal_year);
            let laid_out = xlsx_step(&target, || {
                build_workbook(book, generated_at, history, years)
            });
            let files = Beside::of(opts);
            let side = (!files.is_empty()).then(|| {
                let files = files.clone();
                scope.spawn(move || {
                    let saving: Vec<_> = files
                        .into_iter()
                        .map(|file| {
                            let made = catch_unwind(AssertUnwindSafe(|| {
                                file.fill(book, opts, generated_at, history, years)
                            }));
                            let saved = scope.spawn(move || match made {
                                Ok((target, filled)) => {
                                    let result = filled.and_then(|f| f.save(generated_at));
                                    outcome(book.fiscal_year, file.kind(), target, result)
                                }
                                Err(_) => file.failed(book, opts),
                            });
                            (file, saved)
                        })
                        .collect();
                    saving
                        .into_iter()
                        .map(|(file, saved)| {
                            saved.join().unwrap_or_else(|_| file.failed(book, opts))
                        })
                        .collect::<Vec<_>>()
                })
            });
            let workbook = save_workbook(book, target, generated_at, laid_out, |packed| {
                scope.spawn(move || drop(packed));
            });
            let beside: Vec<WriteOutcome> = side
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|_| files.iter().map(|f| f.failed(book, opts)).collect())
                })
                .unwrap_or_default();
            (workbook, beside)
        });
        outcomes.push(workbook);
        outcomes.extend(beside);
    }
    outcomes
}

/// Packs the laid-out workbook into its file at `target`, atomically,
/// handing the workbook to `free` once it is packed. It holds every row's
/// link and options (tens of thousands of small allocations for a year of
/// 12,000 items): freed beside the sync and rename rather than after them.
fn save_workbook(
    book: &ConsolidatedBook<'_>,
    target: PathBuf,
    generated_at: DateTime<Utc>,
    laid_out: Result<Workbook, WriteError>,
    free: impl FnOnce(Workbook),
) -> WriteOutcome {
    let result = laid_out.and_then(|mut workbook| {
        let filled = Filled::beside(&target, |file| {
            let mut out = BufWriter::new(file);
            xlsx_step(&target, || workbook.save_to_writer(&mut out))?;
            out.flush().map_err(|source| WriteError::Io {
                path: target.clone(),
                source,
            })
        });
        free(workbook);
        filled?.save(generated_at)
    });
    outcome(book.fiscal_year, OutputKind::Workbook, target, result)
}

/// A step of rust_xlsxwriter's on the workbook for `target`: its layout
/// or its packing. The long sheets go through temporary files that the
/// library writes and reads back with `expect`: a full temporary folder is
/// a panic, caught here as the error it is (the last workbook stays in
/// place).
fn xlsx_step<T>(
    target: &Path,
    step: impl FnOnce() -> Result<T, XlsxError>,
) -> Result<T, WriteError> {
    match catch_unwind(AssertUnwindSafe(|| caller_reports_panics(step))) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(source)) => Err(WriteError::Xlsx {
            path: target.to_path_buf(),
            source,
        }),
        Err(payload) => Err(WriteError::Layout {
            path: target.to_path_buf(),
            temp: std::env::temp_dir(),
            message: crate::io::workbook::read::panic_message(payload.as_ref()),
        }),
    }
}

/// The JSON's write buffer: serde_json writes a token at a time, and the
/// book's JSON runs to tens of megabytes, so that a buffer of the default
/// 8 KiB made thousands of system calls (a whole consolidation of 1,000
/// workbooks took 3 % longer).
const JSON_BUFFER_BYTES: usize = 1 << 20;

/// The book's JSON, written into a temporary file beside `target`.
fn fill_json(
    book: &ConsolidatedBook<'_>,
    target: &Path,
    generated_at: DateTime<Utc>,
    history: &BookHistory<'_>,
) -> Result<Filled, WriteError> {
    Filled::beside(target, |file| {
        let mut out = BufWriter::with_capacity(JSON_BUFFER_BYTES, file);
        serde_json::to_writer(&mut out, &BookJson::new(book, generated_at, history)).map_err(
            |source| WriteError::Json {
                path: target.to_path_buf(),
                source,
            },
        )?;
        out.flush().map_err(|source| WriteError::Io {
            path: target.to_path_buf(),
            source,
        })
    })
}

/// A file the core makes from the same book in parts (the page, the
/// publish CSV), each part written into a temporary file beside `target`
/// as `make` hands it on; the first part that cannot be written fails the
/// file.
fn fill_in_parts(
    target: &Path,
    make: impl FnOnce(&mut dyn FnMut(&[u8])),
) -> Result<Filled, WriteError> {
    Filled::beside(target, |file| {
        let mut out = BufWriter::new(file);
        let mut written = Ok(());
        make(&mut |part| {
            if written.is_ok() {
                written = out.write_all(part);
            }
        });
        written
            .and_then(|()| out.flush())
            .map_err(|source| WriteError::Io {
                path: target.to_path_buf(),
                source,
            })
    })
}

/// A file written beside the workbook, made from the same book.
#[derive(Debug, Clone, Copy)]
enum Beside {
    Json,
    Page,
    PublishCsv,
}

impl Beside {
    /// The files `opts` asks for beside the workbook, in the order they
    /// are written.
    fn of(opts: &OutputOptions) -> Vec<Beside> {
        [
            (opts.json, Beside::Json),
            (opts.html, Beside::Page),
            (opts.publish_csv, Beside::PublishCsv),
        ]
        .into_iter()
        .filter_map(|(asked, file)| asked.then_some(file))
        .collect()
    }

    fn kind(self) -> OutputKind {
        match self {
            Beside::Json => OutputKind::Json,
            Beside::Page => OutputKind::Html,
            Beside::PublishCsv => OutputKind::PublishCsv,
        }
    }

    fn target(self, book: &ConsolidatedBook<'_>, opts: &OutputOptions) -> PathBuf {
        let fy = book.fiscal_year;
        match self {
            Beside::Json => opts.json_path(fy),
            Beside::Page => opts.html_path(fy),
            Beside::PublishCsv => opts.publish_csv_path(fy),
        }
    }

    /// The file made from the book into a temporary file beside its
    /// target, to be saved there; and the target.
    fn fill(
        self,
        book: &ConsolidatedBook<'_>,
        opts: &OutputOptions,
        generated_at: DateTime<Utc>,
        history: &BookHistory<'_>,
        years: &YearComparison,
    ) -> (PathBuf, Result<Filled, WriteError>) {
        let target = self.target(book, opts);
        let filled = match self {
            Beside::Json => fill_json(book, &target, generated_at, history),
            Beside::Page => {
                let input = PageInput {
                    book,
                    generated_at,
                    history,
                    years,
                };
                fill_in_parts(&target, |part| {
                    html_page_in_parts(&input, &mut |text| part(text.as_bytes()));
                })
            }
            Beside::PublishCsv => fill_in_parts(&target, |part| {
                publish_csv_in_parts(book, &opts.publish, part);
            }),
        };
        (target, filled)
    }

    /// The outcome of this file when its making panicked: it failed.
    fn failed(self, book: &ConsolidatedBook<'_>, opts: &OutputOptions) -> WriteOutcome {
        let target = self.target(book, opts);
        let result = Err(WriteError::Io {
            path: target.clone(),
            source: io::Error::other(t!("write-error-side-thread")),
        });
        outcome(book.fiscal_year, self.kind(), target, result)
    }
}

fn outcome(
    fiscal_year: FiscalYear,
    kind: OutputKind,
    target: PathBuf,
    result: Result<Saved, WriteError>,
) -> WriteOutcome {
    match &result {
        Ok(Saved::Replaced { path, .. }) => {
            info!(path = %path.display(), "{}", t!("log-output-written"))
        }
        Ok(Saved::Fallback { path, reason }) => warn!(
            target = %target.display(),
            path = %path.display(),
            %reason,
            "{}",
            t!("log-output-beside")
        ),
        Err(error) => warn!(%error, "{}", t!("log-output-failed")),
    }
    WriteOutcome {
        fiscal_year,
        kind,
        target,
        result,
    }
}

/// Lays out one list in its worksheet.
type ListLayout<'a> = &'a (dyn Fn(&mut Worksheet) -> Result<(), XlsxError> + Sync);

/// Lays out the whole workbook: 概要, 全庁一覧, 期限一覧, 未提出, 取込エラー,
/// 変更履歴 (the changes of `history` in the book's fiscal year), then
/// 年度比較 when `years` holds more than one year.
pub fn build_workbook(
    book: &ConsolidatedBook<'_>,
    generated_at: DateTime<Utc>,
    history: &BookHistory<'_>,
    years: &YearComparison,
) -> Result<Workbook, XlsxError> {
    let nendo = book.nendo();
    let mut workbook = Workbook::new();
    // The cells' font is the workbook's own (the Normal style), so that
    // every renderer measures column widths in the font the cells are set
    // in, with its metrics (super::formats::DEFAULT_COLUMN_PIXELS), rather
    // than in Calibri, which a city PC may lack.
    workbook.set_default_format(
        &Formats::default_format(),
        super::formats::DEFAULT_ROW_PIXELS,
        super::formats::DEFAULT_COLUMN_PIXELS,
    )?;
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
    formats.register(&mut workbook);
    let as_of = history.as_of(generated_at);
    let recent = recent_changes(book, history.entries, as_of);
    overview_sheet(
        workbook.add_worksheet(),
        book,
        &formats,
        generated_at,
        recent,
    )?;
    // The lists are laid out side by side, row after row: in constant
    // memory mode each row goes to the sheet's temporary file as the next
    // begins. Each core takes the largest list not yet begun, the size
    // being the list's cells (its rows by its columns), so that no core is
    // left with a large one to end alone.
    let rows = change_rows(book, history.entries, as_of, history.days);
    let missing_rows: usize = book.missing.iter().map(|m| m.count()).sum();
    let lists: [(ListLayout<'_>, usize); 5] = [
        (
            &|ws| items_sheet(ws, book, &formats),
            book.items.len() * labels::ITEM_HEADERS.len(),
        ),
        (
            &|ws| deadlines_sheet(ws, book, &formats),
            book.deadlines.len() * labels::DEADLINE_HEADERS.len(),
        ),
        (
            &|ws| missing_sheet(ws, book, &formats),
            missing_rows * labels::MISSING_HEADERS.len(),
        ),
        (
            &|ws| problems_sheet(ws, book, &formats),
            book.problems.len() * labels::PROBLEM_HEADERS.len(),
        ),
        (
            &|ws| changes_sheet(ws, book, &rows, history.days, &formats),
            rows.len() * labels::CHANGE_HEADERS.len(),
        ),
    ];
    let mut sheets = (0..)
        .zip(lists)
        .map(|(order, (layout, cells))| {
            Ok((
                order,
                cells,
                workbook.new_worksheet_with_constant_memory()?,
                layout,
            ))
        })
        .collect::<Result<Vec<_>, XlsxError>>()?;
    sheets.sort_by_key(|&(order, cells, ..)| (std::cmp::Reverse(cells), order));
    // A bridge hands the lists out one at a time, in this order, to
    // whichever core is free.
    let mut sheets = sheets
        .into_iter()
        .par_bridge()
        .map(|(order, _, mut ws, layout)| {
            caller_reports_panics(|| layout(&mut ws)).map(|()| (order, ws))
        })
        .collect::<Result<Vec<_>, XlsxError>>()?;
    sheets.sort_by_key(|&(order, _)| order);
    let sheets = sheets.into_iter().map(|(_, ws)| ws);
    for ws in sheets {
        workbook.push_worksheet(ws);
    }
    if years.compares() {
        years_sheet(workbook.add_worksheet(), book, years, &formats)?;
    }
    Ok(workbook)
}
