//! Writes each [`ConsolidatedBook`] as an .xlsx workbook, and the same data
//! as JSON beside it.
//!
//! Every file is written to a temporary file in the target folder, synced
//! and renamed over the old one. When the old one cannot be replaced (open
//! in Excel on Windows, a directory in its place, a read-only target) it is
//! left alone and the new data goes to `<name>_<YYYYMMDDHHMMSS>.xlsx` beside
//! it; the next run tries the normal name again.
//!
//! rust_xlsxwriter lays out 概要 (banner, tables, charts), 取込エラー and
//! the header rows and settings of the long lists (全庁一覧, 期限一覧,
//! 未提出); the lists' rows are written by [`super::list_xml`] on two
//! threads meanwhile, and [`super::package`] splices them in while it
//! compresses each list on a core.
//!
//! The JSON is written on another thread while the workbook is laid out.
//!
//! User text is only ever written as a string, so a cell that starts with
//! `=` stays text.

use std::fs::{self, File};
use std::io::{self, BufWriter, Cursor, Seek, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartLegendPosition, ChartType, Color,
    ConditionalFormatDataBar, ConditionalFormatFormula, DocProperties, Format, FormatAlign,
    FormatBorder, Url, Workbook, Worksheet, XlsxError,
};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use super::json::SheetJsonCache;
use super::labels::{self, ColumnLayout};
use super::list_xml::{
    CellStyles, ColumnWidths, FONT_SIZE, Kind, ListRows, ListStyles, MAX_COLUMN_WIDTH, MAX_LINKS,
    truncate_for_cell,
};
use super::model::{ConsolidatedBook, ImportProblem, Value, japan_time};
use super::package::{self, ListSheet, PackageError};
use crate::calendar::FiscalYear;
use crate::cell_text::lines_height;
use crate::model::SheetReport;
use crate::schema::SCHEMA_VERSION;
use crate::schema::SheetJson;

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
    #[error("{}: cannot write the workbook: {source}", path.display())]
    Package { path: PathBuf, source: PackageError },
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
///
/// The sheets' JSON comes from `cache` where it holds them (see
/// [`SheetJsonCache::update`]) and is serialised here otherwise.
pub fn write_consolidated(
    books: &[ConsolidatedBook<'_>],
    opts: &OutputOptions,
    generated_at: DateTime<Utc>,
    cache: Option<&SheetJsonCache>,
) -> Vec<WriteOutcome> {
    let mut outcomes = Vec::new();
    for book in books {
        // The JSON is written on another core while the workbook is laid out.
        let (workbook, json) = std::thread::scope(|scope| {
            let json = opts
                .json
                .then(|| scope.spawn(|| write_json(book, opts, generated_at, cache)));
            let workbook = write_workbook(book, opts, generated_at);
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
) -> WriteOutcome {
    let target = opts.workbook_path(book.fiscal_year);
    let result = save_atomically(&target, generated_at, |file| {
        let workbook = build_workbook(book, generated_at).map_err(|source| WriteError::Xlsx {
            path: target.clone(),
            source,
        })?;
        let mut out =
            workbook
                .save(BufWriter::new(file))
                .map_err(|source| WriteError::Package {
                    path: target.clone(),
                    source,
                })?;
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
    cache: Option<&SheetJsonCache>,
) -> WriteOutcome {
    let target = opts.json_path(book.fiscal_year);
    let result = save_atomically(&target, generated_at, |file| {
        let mut out = BufWriter::new(file);
        serde_json::to_writer(&mut out, &BookJson::new(book, generated_at, cache)).map_err(
            |source| WriteError::Json {
                path: target.clone(),
                source,
            },
        )?;
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

/// The JSON beside the workbook: the parsed sheets of the year in the
/// schema of `check --json` (docs/schema.md) and the import problems.
#[derive(Serialize)]
struct BookJson<'b> {
    schema_version: u32,
    fiscal_year: FiscalYear,
    nendo: String,
    generated_at: DateTime<Utc>,
    sheets: Sheets<'b>,
    problems: &'b [&'b ImportProblem],
}

/// The sheets of the year, each serialised as the file is written (or
/// taken from the cache): the JSON of all sheets is never in memory at once.
struct Sheets<'b> {
    reports: &'b [&'b SheetReport],
    cache: Option<&'b SheetJsonCache>,
}

impl Serialize for Sheets<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.reports.iter().map(|&report| Sheet {
            report,
            cache: self.cache,
        }))
    }
}

struct Sheet<'b> {
    report: &'b SheetReport,
    cache: Option<&'b SheetJsonCache>,
}

impl Serialize for Sheet<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.cache.and_then(|c| c.get(self.report)) {
            Some(json) => json.serialize(serializer),
            None => SheetJson::new(self.report).serialize(serializer),
        }
    }
}

impl<'b> BookJson<'b> {
    fn new(
        book: &'b ConsolidatedBook<'_>,
        generated_at: DateTime<Utc>,
        cache: Option<&'b SheetJsonCache>,
    ) -> Self {
        BookJson {
            schema_version: SCHEMA_VERSION,
            fiscal_year: book.fiscal_year,
            nendo: book.nendo(),
            generated_at,
            sheets: Sheets {
                reports: &book.reports,
                cache,
            },
            problems: &book.import_problems,
        }
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

// ---------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------

const FONT: &str = "游ゴシック";
const A3_PAPER: u8 = 8;
/// Page margins in inches (left, right, top, bottom): narrow, for the
/// wide lists.
const MARGINS: (f64, f64, f64, f64) = (0.4, 0.4, 0.6, 0.6);
/// Deflate level of the workbook's zip: level 2 saves in about half the
/// time of the default 6 for a file about a third larger.
const ZIP_LEVEL: u8 = 2;
const DATE_FORMAT: &str = "yyyy/mm/dd";
const DATETIME_FORMAT: &str = "yyyy/mm/dd hh:mm";

const NAVY: u32 = 0x1F4E78;
const GRID: u32 = 0xBFBFBF;
const LIGHT_BLUE: u32 = 0xDDEBF7;
const RED_FILL: u32 = 0xFFC7CE;
const RED_TEXT: u32 = 0x9C0006;
const AMBER_FILL: u32 = 0xFFEB9C;
const AMBER_TEXT: u32 = 0x9C5700;
const GREEN_FILL: u32 = 0xC6EFCE;
const GREEN_TEXT: u32 = 0x006100;

struct Formats {
    header: Format,
    /// Cell formats with borders, for the overview's small tables.
    boxed: CellFormats,
    /// The same, centred.
    boxed_centred: CellFormats,
    /// Cell formats without borders, for the long lists: there they become
    /// column formats, and one conditional format draws the grid.
    open: CellFormats,
    /// The same, centred.
    open_centred: CellFormats,
    /// The grid of the long lists (a conditional format).
    grid: Format,
    total_text: Format,
    total_integer: Format,
    total_percent: Format,
    total_datetime: Format,
    banner: Format,
    caption: Format,
    label: Format,
    group: Format,
    red: Format,
    amber: Format,
    green: Format,
}

/// The formats of a table's data cells, one per kind of value.
struct CellFormats {
    text: Format,
    integer: Format,
    percent: Format,
    date: Format,
    datetime: Format,
    link: Format,
}

impl CellFormats {
    fn new(base: &Format) -> Self {
        CellFormats {
            text: base.clone().set_text_wrap(),
            integer: base.clone().set_num_format("#,##0"),
            percent: base.clone().set_num_format("0%"),
            date: base.clone().set_num_format(DATE_FORMAT),
            datetime: base.clone().set_num_format(DATETIME_FORMAT),
            link: base
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }

    fn of(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Text => &self.text,
            Kind::Integer => &self.integer,
            Kind::Percent => &self.percent,
            Kind::Date => &self.date,
            Kind::DateTime => &self.datetime,
        }
    }
}

/// Numbers formats as rust_xlsxwriter numbers them in a new workbook's
/// style table: the default format is 0, and each format not seen before
/// takes the next number.
#[derive(Default)]
struct StyleNumbers {
    seen: Vec<Format>,
}

impl StyleNumbers {
    fn register(&mut self, workbook: &mut Workbook, format: &Format) -> u32 {
        workbook.register_format(format);
        if *format == Format::default() {
            return 0;
        }
        let index = match self.seen.iter().position(|f| f == format) {
            Some(i) => i,
            None => {
                self.seen.push(format.clone());
                self.seen.len() - 1
            }
        };
        index as u32 + 1
    }
}

impl Formats {
    /// Gives the workbook every format the long lists use before they are
    /// laid out on two threads. Constant-memory sheets number formats in a
    /// table shared by the workbook, and two threads meeting the same new
    /// format at once could both number it, shifting every later format.
    ///
    /// Returns the style numbers the lists' rows carry, which
    /// [`ListRows`] writes itself: `workbook` must be new, so that these
    /// are its first formats.
    fn register_for_lists(&self, workbook: &mut Workbook) -> ListStyles {
        let mut numbers = StyleNumbers::default();
        let mut cell_styles = |cells: &CellFormats| CellStyles {
            text: numbers.register(workbook, &cells.text),
            integer: numbers.register(workbook, &cells.integer),
            percent: numbers.register(workbook, &cells.percent),
            date: numbers.register(workbook, &cells.date),
            datetime: numbers.register(workbook, &cells.datetime),
            link: numbers.register(workbook, &cells.link),
        };
        let plain = cell_styles(&self.open);
        let centred = cell_styles(&self.open_centred);
        numbers.register(workbook, &self.header);
        numbers.register(workbook, &self.caption);
        ListStyles {
            plain,
            centred,
            group: numbers.register(workbook, &self.group),
        }
    }

    fn new() -> Self {
        let open = Format::new()
            .set_font_name(FONT)
            .set_font_size(FONT_SIZE)
            .set_align(FormatAlign::Top);
        let base = open
            .clone()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(GRID));
        let grid = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(GRID));
        let total = base
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(LIGHT_BLUE))
            .set_border_top(FormatBorder::Double)
            .set_border_top_color(Color::RGB(NAVY));
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(NAVY)),
            boxed: CellFormats::new(&base),
            boxed_centred: CellFormats::new(&base.clone().set_align(FormatAlign::Center)),
            open: CellFormats::new(&open),
            open_centred: CellFormats::new(&open.clone().set_align(FormatAlign::Center)),
            grid: grid.clone(),
            total_text: total.clone(),
            total_integer: total.clone().set_num_format("#,##0"),
            total_percent: total.clone().set_num_format("0%"),
            total_datetime: total.set_num_format(DATETIME_FORMAT),
            banner: Format::new()
                .set_font_name(FONT)
                .set_font_size(18)
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(NAVY))
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter)
                .set_indent(1),
            caption: Format::new()
                .set_font_name(FONT)
                .set_font_size(12)
                .set_bold()
                .set_font_color(Color::RGB(NAVY))
                .set_border_bottom(FormatBorder::Medium)
                .set_border_bottom_color(Color::RGB(NAVY)),
            label: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(LIGHT_BLUE)),
            group: base
                .set_bold()
                .set_font_size(11)
                .set_background_color(Color::RGB(LIGHT_BLUE)),
            // The highlights carry the grid too: LibreOffice applies only
            // the first matching rule of a cell, and the grid's comes last.
            red: grid
                .clone()
                .set_background_color(Color::RGB(RED_FILL))
                .set_font_color(Color::RGB(RED_TEXT)),
            amber: grid
                .clone()
                .set_background_color(Color::RGB(AMBER_FILL))
                .set_font_color(Color::RGB(AMBER_TEXT)),
            green: grid
                .clone()
                .set_background_color(Color::RGB(GREEN_FILL))
                .set_font_color(Color::RGB(GREEN_TEXT)),
        }
    }
}

/// Writes one row of values after another through rust_xlsxwriter, for
/// the tables it still writes (概要, 取込エラー), tracking column widths and
/// giving each row the height its wrapped text needs ([`ColumnWidths`]).
///
/// In a list (取込エラー) cells take their format from their column: the
/// first value written in a column sets the column's format, and later
/// values of the same kind are written without one. Values of another
/// kind carry their own format. Blank values write nothing. The grid is
/// drawn by one conditional format over the rows written
/// ([`draw_grid`]). In the overview's boxed tables every cell carries its
/// own format and border.
struct Table<'f> {
    formats: &'f Formats,
    /// Each column's cell formats: plain or centred.
    cells: Vec<&'f CellFormats>,
    /// Each column's format, once set; `None` in the overview, whose cells
    /// always carry their own format.
    columns: Option<Vec<Option<Kind>>>,
    widths: ColumnWidths,
    links_left: usize,
    rows: Option<(u32, u32)>,
}

impl<'f> Table<'f> {
    /// A long list, formatted by column and laid out as `layouts`.
    fn list(formats: &'f Formats, headers: &[&str], layouts: &[ColumnLayout]) -> Self {
        let mut table = Table::new(
            formats,
            headers,
            layouts,
            &formats.open,
            &formats.open_centred,
        );
        table.columns = Some(vec![None; headers.len()]);
        table
    }

    /// A small table whose every cell carries its own format and border.
    fn boxed(formats: &'f Formats, headers: &[&str]) -> Self {
        let layouts = [ColumnLayout {
            max_width: MAX_COLUMN_WIDTH,
            centred: false,
            printed: true,
        }];
        let layouts = layouts.repeat(headers.len());
        Table::new(
            formats,
            headers,
            &layouts,
            &formats.boxed,
            &formats.boxed_centred,
        )
    }

    fn new(
        formats: &'f Formats,
        headers: &[&str],
        layouts: &[ColumnLayout],
        plain: &'f CellFormats,
        centred: &'f CellFormats,
    ) -> Self {
        Table {
            formats,
            cells: (0..headers.len())
                .map(|c| match layouts.get(c) {
                    Some(l) if l.centred => centred,
                    _ => plain,
                })
                .collect(),
            columns: None,
            widths: ColumnWidths::new(headers, layouts),
            links_left: MAX_LINKS,
            rows: None,
        }
    }

    fn row(&mut self, ws: &mut Worksheet, row: u32, values: &[Value<'_>]) -> Result<(), XlsxError> {
        let mut lines = 1;
        for (col, value) in (0u16..).zip(values) {
            lines = lines.max(self.widths.add(usize::from(col), value));
            self.cell(ws, row, col, value)?;
        }
        if lines > 1 {
            ws.set_row_height(row, lines_height(lines, FONT_SIZE))?;
        }
        self.rows = Some(self.rows.map_or((row, row), |(first, _)| (first, row)));
        Ok(())
    }

    /// The cell formats of `col`.
    fn cells_of(&self, col: u16) -> &'f CellFormats {
        self.cells
            .get(usize::from(col))
            .copied()
            .unwrap_or(&self.formats.open)
    }

    /// The format a value of `kind` in `col` must carry: `None` when the
    /// column's format is already the one.
    fn format_for(
        &mut self,
        ws: &mut Worksheet,
        col: u16,
        kind: Kind,
    ) -> Result<Option<&'f Format>, XlsxError> {
        let cells = self.cells_of(col);
        let Some(slot) = self
            .columns
            .as_mut()
            .and_then(|c| c.get_mut(usize::from(col)))
        else {
            return Ok(Some(cells.of(kind)));
        };
        match *slot {
            Some(set) if set == kind => Ok(None),
            Some(_) => Ok(Some(cells.of(kind))),
            None => {
                ws.set_column_format(col, cells.of(kind))?;
                *slot = Some(kind);
                Ok(None)
            }
        }
    }

    fn cell(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        value: &Value<'_>,
    ) -> Result<(), XlsxError> {
        match value {
            Value::Blank => {
                if self.columns.is_none() {
                    ws.write_blank(row, col, &self.cells_of(col).text)?;
                }
            }
            Value::Text(text) => self.text(ws, row, col, truncate_for_cell(text))?,
            Value::Integer(n) => {
                match self.format_for(ws, col, Kind::Integer)? {
                    Some(f) => ws.write_number_with_format(row, col, *n as f64, f)?,
                    None => ws.write_number(row, col, *n as f64)?,
                };
            }
            Value::Percent(p) => {
                match self.format_for(ws, col, Kind::Percent)? {
                    Some(f) => ws.write_number_with_format(row, col, *p, f)?,
                    None => ws.write_number(row, col, *p)?,
                };
            }
            Value::Date(d) => {
                match self.format_for(ws, col, Kind::Date)? {
                    Some(f) => ws.write_datetime_with_format(row, col, d, f)?,
                    None => ws.write_datetime(row, col, d)?,
                };
            }
            Value::DateTime(dt) => {
                match self.format_for(ws, col, Kind::DateTime)? {
                    Some(f) => ws.write_datetime_with_format(row, col, dt, f)?,
                    None => ws.write_datetime(row, col, dt)?,
                };
            }
            Value::Link { text, url } => {
                let written = self.links_left > 0
                    && ws
                        .write_url_with_format(
                            row,
                            col,
                            Url::new(url.as_str()).set_text(text.as_str()),
                            &self.cells_of(col).link,
                        )
                        .is_ok();
                if written {
                    self.links_left -= 1;
                } else {
                    // Too many links, or a path Excel cannot link to: plain text.
                    self.text(ws, row, col, truncate_for_cell(text))?;
                }
            }
        }
        Ok(())
    }

    fn text(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        text: &str,
    ) -> Result<(), XlsxError> {
        match self.format_for(ws, col, Kind::Text)? {
            Some(f) => ws.write_string_with_format(row, col, text, f)?,
            None => ws.write_string(row, col, text)?,
        };
        Ok(())
    }
}

/// The header row of a list, in the header format.
fn write_header(
    ws: &mut Worksheet,
    formats: &Formats,
    row: u32,
    headers: &[&str],
) -> Result<(), XlsxError> {
    for (col, header) in (0u16..).zip(headers) {
        ws.write_string_with_format(row, col, *header, &formats.header)?;
    }
    ws.set_row_height(row, 30)?;
    Ok(())
}

/// Draws the grid over `rows` (first, last), across `last_col + 1`
/// columns; called after the sheet's other rules, so that it comes last.
fn draw_grid(
    ws: &mut Worksheet,
    formats: &Formats,
    rows: Option<(u32, u32)>,
    last_col: u16,
) -> Result<(), XlsxError> {
    let Some((first, last)) = rows else {
        return Ok(());
    };
    let rule = ConditionalFormatFormula::new()
        .set_rule("=TRUE")
        .set_format(&formats.grid);
    ws.add_conditional_format(first, 0, last, last_col, &rule)?;
    Ok(())
}

/// Sets each column's width: see [`ColumnWidths::widths`].
fn set_widths(ws: &mut Worksheet, widths: &ColumnWidths, has_rows: bool) -> Result<(), XlsxError> {
    for (col, width) in (0u16..).zip(widths.widths(has_rows)) {
        ws.set_column_width(col, width)?;
    }
    Ok(())
}

/// The last column of a list that is printed (screen-only columns come
/// last).
fn last_printed_column(layouts: &[ColumnLayout]) -> u16 {
    layouts.iter().rposition(|l| l.printed).unwrap_or(0) as u16
}

/// Paper, page header and footer of every sheet: A3 landscape, one page
/// wide, the title on the left of the header and the day of the figures on
/// its right, `page / pages` at the foot; `repeat_rows` on every page.
fn print_setup(
    ws: &mut Worksheet,
    title: &str,
    today: NaiveDate,
    repeat_rows: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    let today = labels::page_header_today(&today.format("%Y/%m/%d").to_string());
    let (left, right, top, bottom) = MARGINS;
    ws.set_paper_size(A3_PAPER)
        .set_landscape()
        .set_margins(left, right, top, bottom, 0.3, 0.3)
        .set_print_fit_to_pages(1, 0)
        .set_header(format!(
            "&L{}&R{}",
            title.replace('&', "&&"),
            today.replace('&', "&&")
        ))
        .set_footer("&C&P / &N");
    if let Some((first, last)) = repeat_rows {
        ws.set_repeat_rows(first, last)?;
    }
    Ok(())
}

/// `=$J2="期限超過"`-style rule over a row range.
fn status_rules(
    ws: &mut Worksheet,
    f: &Formats,
    first_row: u32,
    last_row: u32,
    last_col: u16,
    status_col: u16,
) -> Result<(), XlsxError> {
    let cell = format!(
        "${}{}",
        crate::model::column_name(u32::from(status_col)),
        first_row + 1
    );
    for (word, format) in [
        (labels::STATUS_OVERDUE, &f.red),
        (labels::STATUS_DUE_SOON, &f.amber),
    ] {
        let rule = ConditionalFormatFormula::new()
            .set_rule(format!("={cell}=\"{word}\"").as_str())
            .set_format(format);
        ws.add_conditional_format(first_row, 0, last_row, last_col, &rule)?;
    }
    Ok(())
}

/// Green for filled report cells (not blank, not 欄なし).
fn filled_rule(
    ws: &mut Worksheet,
    f: &Formats,
    first_row: u32,
    last_row: u32,
    col: u16,
) -> Result<(), XlsxError> {
    let cell = format!(
        "{}{}",
        crate::model::column_name(u32::from(col)),
        first_row + 1
    );
    let rule = ConditionalFormatFormula::new()
        .set_rule(
            format!(
                "=AND(LEN({cell})>0,{cell}<>\"{}\")",
                labels::REPORT_NOT_IN_LAYOUT
            )
            .as_str(),
        )
        .set_format(&f.green);
    ws.add_conditional_format(first_row, col, last_row, col, &rule)?;
    Ok(())
}

/// The consolidated workbook laid out: rust_xlsxwriter's workbook, whose
/// list sheets hold their header rows and settings, and the lists' rows,
/// which [`LaidOut::save`] splices in.
pub struct LaidOut {
    workbook: Workbook,
    lists: Vec<(usize, u16, ListRows)>,
}

impl LaidOut {
    /// Writes the workbook as an .xlsx package to `out`.
    pub fn save<W: Write + Seek>(mut self, out: W) -> Result<W, PackageError> {
        let base = self.workbook.save_to_buffer()?;
        let lists: Vec<ListSheet<'_>> = self
            .lists
            .iter()
            .map(|(sheet, last_col, rows)| ListSheet {
                sheet: *sheet,
                last_col: *last_col,
                rows,
            })
            .collect();
        package::assemble(&base, &lists, i64::from(ZIP_LEVEL), out)
    }

    /// The .xlsx package in memory.
    pub fn save_to_buffer(self) -> Result<Vec<u8>, PackageError> {
        Ok(self.save(Cursor::new(Vec::new()))?.into_inner())
    }
}

/// Lays out the whole workbook. The rows of 全庁一覧 and of 期限一覧 with
/// 未提出 are written on two threads while 概要 and 取込エラー are laid out.
pub fn build_workbook(
    book: &ConsolidatedBook<'_>,
    generated_at: DateTime<Utc>,
) -> Result<LaidOut, XlsxError> {
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
    let styles = formats.register_for_lists(&mut workbook);

    let mut overview = Worksheet::new();
    let mut problems = workbook.new_worksheet_with_constant_memory()?;
    let (items, deadlines, missing) = std::thread::scope(|scope| {
        let items = scope.spawn(|| item_rows(book, &styles));
        let others = scope.spawn(|| (deadline_rows(book, &styles), missing_rows(book, &styles)));
        let laid_out = write_overview(&mut overview, book, &formats, generated_at)
            .and_then(|()| write_problems(&mut problems, book, &formats));
        let failed = || XlsxError::ParameterError("the long lists could not be laid out".into());
        let items = items.join().map_err(|_| failed());
        let others = others.join().map_err(|_| failed());
        laid_out?;
        let (deadlines, missing) = others?;
        Ok::<_, XlsxError>((items?, deadlines, missing))
    })?;

    workbook.push_worksheet(overview);
    let mut lists = Vec::with_capacity(3);
    let mut sheet =
        |rows: ListRows,
         headers: &[&str],
         lay_out: &dyn Fn(&mut Worksheet, &ListRows) -> Result<(), XlsxError>| {
            let mut ws = Worksheet::new();
            lay_out(&mut ws, &rows)?;
            workbook.push_worksheet(ws);
            lists.push((
                workbook.worksheets().len(),
                (headers.len() - 1) as u16,
                rows,
            ));
            Ok::<_, XlsxError>(())
        };
    sheet(items, &labels::ITEM_HEADERS, &|ws, rows| {
        items_sheet(ws, book, &formats, rows)
    })?;
    sheet(deadlines, &labels::DEADLINE_HEADERS, &|ws, rows| {
        deadlines_sheet(ws, book, &formats, rows)
    })?;
    sheet(missing, &labels::MISSING_HEADERS, &|ws, rows| {
        missing_sheet(ws, book, &formats, rows)
    })?;
    workbook.push_worksheet(problems);
    Ok(LaidOut { workbook, lists })
}

/// The rows of 全庁一覧.
fn item_rows(book: &ConsolidatedBook<'_>, styles: &ListStyles) -> ListRows {
    let mut rows = ListRows::new(styles, &labels::ITEM_HEADERS, &labels::ITEM_LAYOUT);
    rows.reserve_rows(book.items.len());
    for (row, item) in (1u32..).zip(&book.items) {
        rows.row(row, &item.values());
    }
    rows
}

/// The rows of 期限一覧.
fn deadline_rows(book: &ConsolidatedBook<'_>, styles: &ListStyles) -> ListRows {
    let mut rows = ListRows::new(styles, &labels::DEADLINE_HEADERS, &labels::DEADLINE_LAYOUT);
    rows.reserve_rows(book.deadlines.len());
    for (row, deadline) in (1u32..).zip(&book.deadlines) {
        rows.row(row, &book.deadline_values(deadline));
    }
    rows
}

/// The rows of 未提出 under its title and header: each department's heading,
/// then its items.
fn missing_rows(book: &ConsolidatedBook<'_>, styles: &ListStyles) -> ListRows {
    let layouts = &labels::MISSING_LAYOUT;
    let mut rows = ListRows::new(styles, &labels::MISSING_HEADERS, layouts);
    rows.reserve_rows(book.missing.iter().map(|g| g.items.len() + 1).sum());
    let last_printed = last_printed_column(layouts);
    let mut row = 1;
    if book.next_milestone.is_some() && book.missing.is_empty() {
        row += 1;
        rows.note(row, labels::NO_MISSING);
    }
    for group in &book.missing {
        row += 1;
        let heading = labels::missing_group(group.department, group.items.len());
        rows.heading(row, &heading, last_printed);
        for &item in &group.items {
            row += 1;
            rows.row(row, &book.missing_values(item));
        }
    }
    rows
}

/// A list's columns: each takes the format of its first value's kind and
/// the width its values need.
fn list_columns(
    ws: &mut Worksheet,
    formats: &Formats,
    rows: &ListRows,
    layouts: &[ColumnLayout],
) -> Result<(), XlsxError> {
    for (col, kind) in (0u16..).zip(&rows.kinds) {
        if let Some(kind) = kind {
            let cells = match layouts.get(usize::from(col)) {
                Some(l) if l.centred => &formats.open_centred,
                _ => &formats.open,
            };
            ws.set_column_format(col, cells.of(*kind))?;
        }
    }
    set_widths(ws, &rows.widths, rows.rows.is_some())
}

fn items_sheet(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    f: &Formats,
    rows: &ListRows,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_ITEMS)?;
    let headers = &labels::ITEM_HEADERS;
    let layouts = &labels::ITEM_LAYOUT;
    write_header(ws, f, 0, headers)?;
    list_columns(ws, f, rows, layouts)?;
    let row = rows.last_row.unwrap_or(0);
    let last_col = (headers.len() - 1) as u16;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row, last_col)?;
    if row > 0 {
        let col = |name: &str| headers.iter().position(|h| *h == name).unwrap_or(0) as u16;
        filled_rule(ws, f, 1, row, col("中間報告"))?;
        filled_rule(ws, f, 1, row, col("期末報告"))?;
        status_rules(ws, f, 1, row, last_col, col("状態"))?;
        let bar = ConditionalFormatDataBar::new()
            .set_minimum(rust_xlsxwriter::ConditionalFormatType::Number, 0)
            .set_maximum(rust_xlsxwriter::ConditionalFormatType::Number, 1);
        let achievement = col("達成度");
        ws.add_conditional_format(1, achievement, row, achievement, &bar)?;
    }
    draw_grid(ws, f, rows.rows, last_col)?;
    ws.set_print_area(0, 0, row, last_printed_column(layouts))?;
    print_setup(
        ws,
        &format!("{} {}", book.nendo(), labels::SHEET_ITEMS),
        book.today,
        Some((0, 0)),
    )
}

fn deadlines_sheet(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    f: &Formats,
    rows: &ListRows,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_DEADLINES)?;
    let headers = &labels::DEADLINE_HEADERS;
    let layouts = &labels::DEADLINE_LAYOUT;
    write_header(ws, f, 0, headers)?;
    list_columns(ws, f, rows, layouts)?;
    let row = rows.last_row.unwrap_or(0);
    let last_col = (headers.len() - 1) as u16;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row, last_col)?;
    if row > 0 {
        let col = |name: &str| headers.iter().position(|h| *h == name).unwrap_or(0) as u16;
        filled_rule(ws, f, 1, row, col("期末報告"))?;
        status_rules(ws, f, 1, row, last_col, col("状態"))?;
    }
    draw_grid(ws, f, rows.rows, last_col)?;
    ws.set_print_area(0, 0, row, last_printed_column(layouts))?;
    print_setup(
        ws,
        &format!("{} {}", book.nendo(), labels::SHEET_DEADLINES),
        book.today,
        Some((0, 0)),
    )
}

fn missing_sheet(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    f: &Formats,
    rows: &ListRows,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_MISSING)?;
    let headers = &labels::MISSING_HEADERS;
    let layouts = &labels::MISSING_LAYOUT;
    let last_col = (headers.len() - 1) as u16;
    // The title and the department headings span the printed columns.
    let last_printed = last_printed_column(layouts);
    let title = match book.next_milestone {
        Some(next) => labels::missing_title(
            next.milestone.label(),
            &next.due.format("%Y/%m/%d").to_string(),
            next.days_left,
        ),
        None => labels::NO_MILESTONE.to_string(),
    };
    ws.merge_range(0, 0, 0, last_printed, &title, &f.caption)?;
    ws.set_row_height(0, 24)?;
    write_header(ws, f, 1, headers)?;
    list_columns(ws, f, rows, layouts)?;
    draw_grid(ws, f, rows.rows, last_col)?;
    ws.set_freeze_panes(2, 0)?;
    ws.set_print_area(0, 0, rows.last_row.unwrap_or(1), last_printed)?;
    print_setup(
        ws,
        &format!("{} {}", book.nendo(), labels::SHEET_MISSING),
        book.today,
        Some((0, 1)),
    )
}

fn write_problems(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_PROBLEMS)?;
    let headers = &labels::PROBLEM_HEADERS;
    let mut table = Table::list(f, headers, &labels::PROBLEM_LAYOUT);
    write_header(ws, f, 0, headers)?;
    let mut row = 0;
    for problem in &book.problems {
        row += 1;
        table.row(ws, row, &problem.values())?;
    }
    if row == 0 {
        ws.write_string(1, 0, labels::NO_PROBLEMS)?;
    }
    set_widths(ws, &table.widths, table.rows.is_some())?;
    ws.set_freeze_panes(1, 0)?;
    if row > 0 {
        ws.autofilter(0, 0, row, (headers.len() - 1) as u16)?;
        let kind = ConditionalFormatFormula::new()
            .set_rule(format!("=$A2=\"{}\"", labels::PROBLEM_ERROR).as_str())
            .set_format(&f.red);
        ws.add_conditional_format(1, 0, row, 0, &kind)?;
    }
    draw_grid(ws, f, table.rows, (headers.len() - 1) as u16)?;
    print_setup(
        ws,
        &format!("{} {}", book.nendo(), labels::SHEET_PROBLEMS),
        book.today,
        Some((0, 0)),
    )
}

fn write_overview(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    f: &Formats,
    generated_at: DateTime<Utc>,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_OVERVIEW)?;
    let nendo = book.nendo();
    let ov = &book.overview;
    let headers = &labels::OVERVIEW_HEADERS;
    let last_col = (headers.len() - 1) as u16;

    // Banner and dates.
    ws.merge_range(0, 0, 0, last_col, &labels::book_title(&nendo), &f.banner)?;
    ws.set_row_height(0, 36)?;
    ws.write_string_with_format(1, 0, labels::CAPTION_TODAY, &f.label)?;
    let centred = &f.boxed_centred;
    ws.write_datetime_with_format(1, 1, book.today, &centred.date)?;
    ws.merge_range(1, 2, 1, 3, labels::CAPTION_GENERATED, &f.label)?;
    ws.merge_range(1, 4, 1, 5, "", &centred.datetime)?;
    ws.write_datetime_with_format(1, 4, japan_time(generated_at), &centred.datetime)?;

    // Reporting dates.
    ws.write_string_with_format(3, 0, labels::CAPTION_DEADLINES, &f.caption)?;
    ws.write_string_with_format(4, 1, labels::CAPTION_DUE_DATE, &f.header)?;
    ws.write_string_with_format(4, 2, labels::CAPTION_DAYS_LEFT, &f.header)?;
    let milestones = [
        (
            labels::MILESTONE_INTERIM,
            book.reporting.interim_due,
            ov.interim_days_left,
        ),
        (
            labels::MILESTONE_YEAR_END,
            book.reporting.year_end_due,
            ov.year_end_days_left,
        ),
    ];
    for (row, (label, due, days)) in (5u32..).zip(milestones) {
        ws.write_string_with_format(row, 0, label, &f.label)?;
        match due {
            Some(due) => ws.write_datetime_with_format(row, 1, due, &centred.date)?,
            None => ws.write_string_with_format(row, 1, labels::CAPTION_NOT_SET, &centred.text)?,
        };
        let days = days.map(labels::days_left).unwrap_or_default();
        ws.write_string_with_format(row, 2, days, &centred.text)?;
    }
    ws.write_string_with_format(7, 0, labels::CAPTION_NEXT, &f.label)?;
    let next = book
        .next_milestone
        .map(|n| format!("{}（{}）", n.milestone.label(), n.due.format("%Y/%m/%d")))
        .unwrap_or_else(|| labels::CAPTION_NOT_SET.to_string());
    ws.merge_range(7, 1, 7, 2, &next, &f.boxed.text)?;

    // Departments.
    ws.write_string_with_format(9, 0, labels::CAPTION_DEPARTMENTS, &f.caption)?;
    let header_row = 10;
    for (col, header) in (0u16..).zip(headers) {
        ws.write_string_with_format(header_row, col, *header, &f.header)?;
    }
    ws.set_row_height(header_row, 32)?;
    let mut table = Table::boxed(f, headers);
    let mut row = header_row;
    for dept in &ov.departments {
        row += 1;
        let mut values = vec![Value::Text(dept.department.into())];
        values.extend(dept.counts.values(dept.last_modified));
        table.row(ws, row, &values)?;
    }
    let first_dept_row = header_row + 1;
    let last_dept_row = row;
    row += 1;
    let mut totals = vec![Value::Text(labels::TOTAL.into())];
    totals.extend(ov.totals.values(ov.last_modified));
    for (col, value) in (0u16..).zip(&totals) {
        match value {
            Value::Text(t) => ws.write_string_with_format(row, col, t.as_ref(), &f.total_text)?,
            Value::Integer(n) => {
                ws.write_number_with_format(row, col, *n as f64, &f.total_integer)?
            }
            Value::Percent(p) => ws.write_number_with_format(row, col, *p, &f.total_percent)?,
            Value::DateTime(dt) => {
                ws.write_datetime_with_format(row, col, dt, &f.total_datetime)?
            }
            _ => ws.write_blank(row, col, &f.total_text)?,
        };
    }
    let totals_row = row;
    ws.set_column_width(0, table.widths.needed(0).unwrap_or(10.0).clamp(14.0, 30.0))?;
    for col in 1..last_col {
        ws.set_column_width(col, 10)?;
    }
    ws.set_column_width(last_col, 17)?;
    if last_dept_row >= first_dept_row {
        let rate_cols: Vec<u16> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.ends_with("提出率"))
            .map(|(c, _)| c as u16)
            .collect();
        for col in rate_cols {
            let bar = ConditionalFormatDataBar::new()
                .set_minimum(rust_xlsxwriter::ConditionalFormatType::Number, 0)
                .set_maximum(rust_xlsxwriter::ConditionalFormatType::Number, 1);
            // The bars compare departments: the total is not one of them.
            ws.add_conditional_format(first_dept_row, col, last_dept_row, col, &bar)?;
        }
        let overdue_col = headers.iter().position(|h| *h == "期限超過").unwrap_or(0) as u16;
        let red = ConditionalFormatFormula::new()
            .set_rule(
                format!(
                    "={}{}>0",
                    crate::model::column_name(u32::from(overdue_col)),
                    first_dept_row + 1
                )
                .as_str(),
            )
            .set_format(&f.red);
        ws.add_conditional_format(first_dept_row, overdue_col, totals_row, overdue_col, &red)?;
    }

    // Achievement distribution.
    let dist_caption = totals_row + 2;
    ws.write_string_with_format(dist_caption, 0, labels::CAPTION_ACHIEVEMENT, &f.caption)?;
    ws.write_string_with_format(
        dist_caption + 1,
        0,
        labels::CAPTION_ACHIEVEMENT_RANGE,
        &f.header,
    )?;
    ws.write_string_with_format(dist_caption + 1, 1, labels::CAPTION_ITEM_COUNT, &f.header)?;
    let first_bin = dist_caption + 2;
    for (row, (label, count)) in (first_bin..).zip(&ov.achievement_bins) {
        ws.write_string_with_format(row, 0, *label, &f.label)?;
        ws.write_number_with_format(row, 1, *count as f64, &f.boxed.integer)?;
    }
    let last_bin = first_bin + ov.achievement_bins.len().saturating_sub(1) as u32;
    // The chart shows the bins of rates, which come first; the items
    // without a rate (often all of them before the year-end report) are
    // counted in its title instead.
    let (rated, unfilled): (Vec<_>, Vec<_>) = ov
        .achievement_bins
        .iter()
        .partition(|(label, _)| *label != labels::ACHIEVEMENT_NONE);
    let unfilled: u64 = unfilled.iter().map(|(_, count)| count).sum();
    let most = rated.iter().map(|(_, count)| *count).max().unwrap_or(0);
    let last_rated_bin = first_bin + rated.len().saturating_sub(1) as u32;

    // Charts, right of the tables.
    let chart_col = last_col + 2;
    if last_dept_row >= first_dept_row {
        let departments = last_dept_row - first_dept_row + 1;
        let mut chart = Chart::new(ChartType::Bar);
        chart.title().set_name(labels::CHART_COMPLETION);
        for (name, col) in [
            (labels::MILESTONE_INTERIM, 5u16),
            (labels::MILESTONE_YEAR_END, 8u16),
        ] {
            chart
                .add_series()
                .set_name(name)
                .set_categories((labels::SHEET_OVERVIEW, first_dept_row, 0, last_dept_row, 0))
                .set_values((
                    labels::SHEET_OVERVIEW,
                    first_dept_row,
                    col,
                    last_dept_row,
                    col,
                ))
                .set_data_label(ChartDataLabel::new().show_value().set_num_format("0%"));
        }
        chart
            .x_axis()
            .set_num_format("0%")
            .set_min(0.0)
            .set_max(1.0);
        // Departments from the top down, as in the table; the percentages
        // stay along the bottom.
        chart
            .y_axis()
            .set_reverse()
            .set_crossing(ChartAxisCrossing::Max);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart
            .set_width(560)
            .set_height((120 + departments * 40).clamp(300, 1600));
        ws.insert_chart(3, chart_col, &chart)?;
    }
    let mut dist = Chart::new(ChartType::Column);
    dist.title()
        .set_name(labels::achievement_chart_title(unfilled).as_str());
    dist.add_series()
        .set_name(labels::CAPTION_ITEM_COUNT)
        .set_categories((labels::SHEET_OVERVIEW, first_bin, 0, last_rated_bin, 0))
        .set_values((labels::SHEET_OVERVIEW, first_bin, 1, last_rated_bin, 1))
        .set_data_label(ChartDataLabel::new().show_value());
    dist.legend().set_hidden();
    // Counts are whole: a few items get a scale of whole numbers.
    dist.y_axis().set_min(0.0).set_num_format("0");
    if most < 5 {
        dist.y_axis().set_max(5.0).set_major_unit(1.0);
    }
    dist.set_width(560).set_height(300);
    ws.insert_chart(dist_caption, chart_col, &dist)?;

    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, &labels::book_title(&nendo), book.today, None)?;
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_area(0, 0, last_bin.max(totals_row) + 12, chart_col + 9)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::items(&labels::ITEM_LAYOUT, &labels::ITEM_HEADERS, "更新日時", 14)]
    #[case::deadlines(&labels::DEADLINE_LAYOUT, &labels::DEADLINE_HEADERS, "全庁一覧", 9)]
    #[case::missing(&labels::MISSING_LAYOUT, &labels::MISSING_HEADERS, "出典", 7)]
    #[case::problems(&labels::PROBLEM_LAYOUT, &labels::PROBLEM_HEADERS, "前回データ使用", 7)]
    fn print_area_ends_before_the_screen_only_columns(
        #[case] layouts: &[ColumnLayout],
        #[case] headers: &[&str],
        #[case] last_header: &str,
        #[case] last_printed: u16,
    ) {
        assert_eq!(layouts.len(), headers.len());
        assert_eq!(headers.last(), Some(&last_header));
        assert_eq!(last_printed_column(layouts), last_printed);
        // Screen-only columns come last, so the print area holds every
        // printed one.
        let printed = usize::from(last_printed) + 1;
        assert!(layouts[..printed].iter().all(|l| l.printed));
        assert!(layouts[printed..].iter().all(|l| !l.printed));
    }

    #[rstest]
    #[case("目標No", true)]
    #[case("取組No", true)]
    #[case("期限日", true)]
    #[case("期限日(全て)", true)]
    #[case("状態", true)]
    #[case("取組項目", false)]
    #[case("中間報告", false)]
    fn numbers_and_dates_of_the_item_list_are_centred(#[case] header: &str, #[case] centred: bool) {
        let col = labels::ITEM_HEADERS
            .iter()
            .position(|h| *h == header)
            .unwrap();
        assert_eq!(labels::ITEM_LAYOUT[col].centred, centred);
    }

    #[rstest]
    // A3 landscape within the margins holds about 215 columns at full
    // size. Even with every column at its widest, 全庁一覧 prints at about
    // three quarters of full size, the narrower lists at full size.
    #[case(&labels::ITEM_LAYOUT, 270.0)]
    #[case(&labels::DEADLINE_LAYOUT, 215.0)]
    #[case(&labels::MISSING_LAYOUT, 215.0)]
    fn printed_columns_fit_a3_landscape(#[case] layouts: &[ColumnLayout], #[case] most: f64) {
        let printed: f64 = layouts
            .iter()
            .filter(|l| l.printed)
            .map(|l| l.max_width)
            .sum();
        assert!(printed <= most, "{printed}");
    }

    #[test]
    fn chart_titles_count_the_items_left_out() {
        assert_eq!(labels::achievement_chart_title(0), "達成度の分布");
        assert_eq!(
            labels::achievement_chart_title(58),
            "達成度の分布（未記入 58件）"
        );
    }
}
