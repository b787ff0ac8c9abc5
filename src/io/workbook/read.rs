//! Reads a workbook file (`.xlsx`, `.xlsm`, `.xls`, `.ods`, `.csv`) into one
//! [`Grid`] per worksheet, with bounded work and clean errors.
//!
//! - The file's size is checked before it is opened ([`ReadLimits::max_file_bytes`]);
//!   the whole file is then read once into memory and sniffed: an OLE
//!   container holding an `EncryptionInfo` stream is a password-protected
//!   Office file, a zip is OOXML or ODS (by its `mimetype` part), another
//!   OLE container is BIFF (`.xls`), a page holding a `<table>` is an HTML
//!   table, a `.csv` file or a table of text lines is CSV
//!   ([`super::text_tables`]) — whatever the extension says. A file whose
//!   content is not what its name says is read by its content and warned
//!   about (Excel refuses it from a link): the warning names both.
//! - A zip package whose parts declare more than
//!   [`ReadLimits::max_unpacked_bytes`] is refused before anything is unpacked;
//!   so is a sheet whose part declares more than
//!   [`ReadLimits::max_unpacked_bytes_per_sheet`] (the other sheets are read),
//!   and the whole file when a part every sheet needs (shared strings,
//!   styles, an `.ods` file's content) does.
//! - `.xlsx`/`.xlsm` sheets are streamed cell by cell, so only cells that hold
//!   a value are kept; merged cells are found by scanning the end of the sheet
//!   part. The library and that scan read a copy of the package in which each
//!   part they both read is unpacked once
//!   ([`super::xlsx_parts::reading_copy`]). `.xls`/`.ods` sheets come from
//!   the library as ranges; an `.ods` file's merged cells, which the library
//!   does not give, come from one scan of its `content.xml`. The library
//!   builds an `.xls` file's ranges as it opens it, bounded by BIFF8's
//!   65,536 × 256 cells per sheet, and refuses an `.ods` file declaring more
//!   than 100 million cells.
//! - A sheet's grid spans A1 to the last used cell. Cells far away from the
//!   rest of the sheet (more than [`STRAY_ROW_GAP`] empty rows or
//!   [`STRAY_COL_GAP`] empty columns after the block that holds the data, as
//!   an accidental entry at XFD1048576) are dropped with
//!   a warning naming the first such cell (on 取込エラー); a sheet whose grid would still exceed
//!   [`ReadLimits::max_cells_per_sheet`] is refused with an error
//!   naming its dimensions. Other sheets are still read.
//! - An `.xlsx` file's Excel tables (ListObjects) are named on their sheet's
//!   grid with the rows and columns they span ([`ExcelTable`]); reading
//!   them reads the sheet's cells once more through the library, so only
//!   files that hold tables pay for it.
//! - Number cells whose number format shows a date (see
//!   [`super::styles::date_shown`]) become [`CellValue::Date`], or
//!   [`CellValue::Month`] with the text the sheet shows when the format
//!   shows no day (`.xlsx`, `.xlsm`; `.ods` through the date styles of its
//!   content and common styles, [`super::ods_parts`]; the library gives no formats of an
//!   `.xls` file, so its dates stay days).
//! - Number cells whose format writes a unit or a word beside a plain
//!   number (`0"月"`, `#,##0"件"`; [`super::styles::UnitFormat`]) become
//!   the text the sheet shows (`.xlsx`, `.xlsm`).
//! - A panic inside the spreadsheet library is caught and reported as the
//!   file's error.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use calamine::{
    Data, DataRef, Dimensions, ExcelDateTime, Ods, OdsError, Range, Reader, SheetType,
    SheetVisible, Xls, XlsError, Xlsx, XlsxError,
};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::classify::{FileClass, Format, classify};
use super::file_bytes::read_file;
use super::ods_parts::{MonthCell, scan_content_part};
use super::read_error::bytes_in_japanese;
pub use super::read_error::{ReadError, ReadLimits};
use super::styles::{Shown, month_text, number_shown};
use super::xlsx_parts::{
    Archive, READING_COPY_BYTES, SheetLayout, declared_unpacked_size, implausible_shared_strings,
    reading_copy, sheet_layout, sheet_parts,
};
use mokuhyo_core::grid::{CellValue, ExcelTable, Grid, MergedRange, Shade};
use mokuhyo_core::problem::{ImportProblem, ProblemKind};
use zip::ZipArchive;

/// Rows of emptiness after which further cells are taken as stray.
pub(crate) const STRAY_ROW_GAP: u32 = 1024;
/// Columns of emptiness after which further cells are taken as stray.
pub(crate) const STRAY_COL_GAP: u32 = 256;

/// A workbook as read: one grid per worksheet, in workbook order.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    pub path: PathBuf,
    pub format: Format,
    pub sheets: Vec<Grid>,
    /// Sheets that could not be read (the others still were), and cells
    /// left out of sheets that were read: each with its sheet and, where
    /// known, its cell.
    pub problems: Vec<ImportProblem>,
    /// Who last saved it, as its properties say (`.xlsx`, `.ods`).
    pub saved_by: Option<String>,
    /// The day in Japan it was last saved, as its properties say.
    pub saved_on: Option<chrono::NaiveDate>,
}

impl Workbook {
    /// The sheets that could not be read.
    pub fn sheet_errors(&self) -> Vec<&ImportProblem> {
        self.problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Error)
            .collect()
    }
}

/// Reads a workbook within `limits`.
pub fn read_workbook(path: &Path, limits: &ReadLimits) -> Result<Workbook, ReadError> {
    named_format(path)?;
    let bytes = read_file(path, limits)?;
    read_workbook_bytes(path, &bytes, limits)
}

/// The format a file's extension names, or why it is not a spreadsheet.
fn named_format(path: &Path) -> Result<Format, ReadError> {
    match classify(path) {
        FileClass::Spreadsheet(format) => Ok(format),
        FileClass::Ignored(reason) => Err(ReadError::Unsupported {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        }),
    }
}

/// Reads a workbook within `limits` from `bytes`, the content of the file
/// at `path` (which names the format and is named in errors).
pub(crate) fn read_workbook_bytes(
    path: &Path,
    bytes: &[u8],
    limits: &ReadLimits,
) -> Result<Workbook, ReadError> {
    let named = named_format(path)?;
    let container = sniff(bytes, named).map_err(|failure| failure.into_error(path))?;
    let format = container.format(named, bytes);
    let outcome = catch_unwind(AssertUnwindSafe(|| read_bytes(path, bytes, format, limits)));
    match outcome {
        Ok(Ok(sheets)) => {
            let mut problems = sheets.problems_of(path);
            problems.extend(misnamed(path, named, format));
            problems.extend(name_not_utf8(path));
            Ok(Workbook {
                path: path.to_path_buf(),
                format,
                problems,
                saved_by: sheets.saved.by,
                saved_on: sheets.saved.on,
                sheets: sheets.grids,
            })
        }
        Ok(Err(failure)) => Err(failure.into_error(path)),
        Err(payload) => Err(ReadError::ReaderPanic {
            path: path.to_path_buf(),
            message: panic_message(payload.as_ref()),
        }),
    }
}

/// The warning for a file whose name is not in UTF-8 (Shift_JIS bytes from
/// an old Samba share, a zip unpacked on Linux): it was read, opened by its
/// raw path and shown with U+FFFD for what does not decode, but its last
/// good data and history are kept under names in UTF-8 alone.
fn name_not_utf8(path: &Path) -> Option<ImportProblem> {
    let name = path.file_name()?;
    if name.to_str().is_some() {
        return None;
    }
    let shown = name.to_string_lossy();
    Some(
        ImportProblem::new(
            path,
            ProblemKind::Warning,
            format!(
                "the file name {shown:?} is not in UTF-8 (Shift_JIS from an old share or a zip?): \
                 read by its raw name, but its last good data and history are not kept; rename it"
            ),
        )
        .with_text(format!(
            "ファイル名「{shown}」が UTF-8 ではありません（古い共有フォルダーや zip の展開で Shift_JIS の\
             まま残った名前など）。読み込みはしましたが、前回の正常なデータと変更履歴は保存されません。\
             ファイル名を付け直してください"
        )),
    )
}

/// The warning for a file whose name says one format and whose content is
/// another (an HTML table or a CSV file named `.xls`, an Excel 97–2003
/// file named `.xlsx`): it was read by its content, but Excel refuses to
/// open it from a link (or warns first) until it is saved in the format
/// its name says.
fn misnamed(path: &Path, named: Format, read_as: Format) -> Option<ImportProblem> {
    let same = match (named, read_as) {
        (Format::Xlsx | Format::Xlsm, Format::Xlsx) => true,
        (named, read_as) => named == read_as,
    };
    if same {
        return None;
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (english, japanese) = (describe_format(read_as), japanese_format(read_as));
    let shown_name = japanese_format(named);
    Some(
        ImportProblem::new(
            path,
            ProblemKind::Warning,
            format!("the file is named .{extension} but holds {english}; it was read by its content"),
        )
        .with_text(format!(
            "ファイル名は .{extension}（{shown_name}）ですが、中身は{japanese}です。中身から読み取りましたが、\
             Excel ではリンクから開けない（または警告が出る）ため、Excel で開いて「名前を付けて保存」で\
             .{extension} の形式（または .xlsx）に保存し直してください"
        )),
    )
}

fn describe_format(format: Format) -> &'static str {
    match format {
        Format::Xlsx | Format::Xlsm => "an Office Open XML workbook",
        Format::Xls => "an Excel 97-2003 workbook",
        Format::Ods => "an OpenDocument spreadsheet",
        Format::Csv => "comma-separated text",
        Format::Text => "tab-separated text",
        Format::Html => "an HTML table",
    }
}

fn japanese_format(format: Format) -> &'static str {
    match format {
        Format::Xlsx | Format::Xlsm => "Excel ブック",
        Format::Xls => "Excel 97-2003 ブック",
        Format::Ods => "OpenDocument スプレッドシート",
        Format::Csv => "CSV（カンマ区切りのテキスト）",
        Format::Text => "テキスト（タブ区切り）",
        Format::Html => "HTML の表（Web ページ）",
    }
}

/// A file-level failure before the path is attached.
#[derive(Debug)]
enum Failure {
    Password,
    /// Text in no encoding tried, from this line (1-based) and byte.
    Undecodable {
        line: u64,
        offset: usize,
    },
    TooBig {
        what: String,
        limit: u64,
    },
    Corrupt(String),
    Unsupported(String),
}

impl Failure {
    fn into_error(self, path: &Path) -> ReadError {
        let path = path.to_path_buf();
        match self {
            Failure::Password => ReadError::PasswordProtected { path },
            Failure::Undecodable { line, offset } => ReadError::Undecodable { path, line, offset },
            Failure::TooBig { what, limit } => ReadError::TooBig { path, what, limit },
            Failure::Corrupt(detail) => ReadError::Corrupt { path, detail },
            Failure::Unsupported(reason) => ReadError::Unsupported { path, reason },
        }
    }
}

/// The message a panic was raised with (its payload as text).
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// What a file's bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Zip,
    Ole,
    Html,
    /// Text read as CSV: a `.csv` file, or a table of text lines under
    /// another name.
    Text,
}

impl Container {
    /// The format the file is read in: by its content, the name deciding
    /// only between the formats one content holds (`.xlsm` / `.xlsx`).
    fn format(self, named: Format, bytes: &[u8]) -> Format {
        match (self, named) {
            (Container::Zip, Format::Ods) => Format::Ods,
            (Container::Zip, _) if is_ods_package(bytes) => Format::Ods,
            (Container::Zip, Format::Xlsm) => Format::Xlsm,
            (Container::Zip, _) => Format::Xlsx,
            (Container::Ole, _) => Format::Xls,
            (Container::Html, _) => Format::Html,
            (Container::Text, Format::Text) => Format::Text,
            (Container::Text, _) => Format::Csv,
        }
    }
}

/// Whether a zip package is an OpenDocument spreadsheet: its first part,
/// stored unpacked, is `mimetype` naming the type.
fn is_ods_package(bytes: &[u8]) -> bool {
    bytes.get(30..38) == Some(b"mimetype")
        && bytes
            .get(38..)
            .is_some_and(|rest| rest.starts_with(b"application/vnd.oasis.opendocument.spreadsheet"))
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn sniff(bytes: &[u8], named: Format) -> Result<Container, Failure> {
    if bytes.is_empty() {
        return Err(Failure::Corrupt("the file is empty".into()));
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return Ok(Container::Zip);
    }
    if bytes.starts_with(OLE_MAGIC) {
        // Encrypted OOXML is an OLE container with `EncryptionInfo` and
        // `EncryptedPackage` streams; directory names are UTF-16LE.
        if contains_utf16(bytes, "EncryptionInfo") || contains_utf16(bytes, "EncryptedPackage") {
            return Err(Failure::Password);
        }
        return Ok(Container::Ole);
    }
    if ZIP_MAGIC.starts_with(&bytes[..bytes.len().min(ZIP_MAGIC.len())])
        || OLE_MAGIC.starts_with(&bytes[..bytes.len().min(OLE_MAGIC.len())])
    {
        return Err(Failure::Corrupt("the file ends after a few bytes".into()));
    }
    if super::text_tables::is_html(bytes) {
        return Ok(Container::Html);
    }
    if matches!(named, Format::Csv | Format::Text) || looks_like_text_table(bytes) {
        return Ok(Container::Text);
    }
    Err(Failure::Unsupported(
        "the content is neither an Office Open XML, OpenDocument nor Excel 97–2003 workbook".into(),
    ))
}

/// Whether a file named as a workbook holds a table of text lines: it
/// decodes as text, and its first line of two or more has a comma or a tab.
fn looks_like_text_table(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if head.contains(&0) {
        return false;
    }
    let mut lines = head.split(|&b| b == b'\n');
    let first = lines.next().unwrap_or_default();
    first.iter().any(|&b| b == b',' || b == b'\t')
        && lines.any(|l| !l.iter().all(u8::is_ascii_whitespace))
}

fn contains_utf16(haystack: &[u8], needle: &str) -> bool {
    let needle: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A problem of one sheet, said twice: in English for the log (and as the
/// problem's identity), in Japanese for people.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SheetNote {
    english: String,
    japanese: String,
}

impl SheetNote {
    /// The spreadsheet library could not read the sheet: its own words go
    /// to the English message only.
    fn library(error: impl std::fmt::Display) -> Self {
        SheetNote {
            english: error.to_string(),
            japanese: "このシートを読み取れませんでした（シートが壊れている可能性があります）。Excel で開いて保存し直してください".to_string(),
        }
    }
}

struct SheetsRead {
    grids: Vec<Grid>,
    /// Sheet, cell where known, what.
    errors: Vec<(String, SheetNote)>,
    warnings: Vec<(String, CellPosition, SheetNote)>,
    /// Cells the grids so far hold.
    cells: u64,
    /// Who last saved the workbook, and when.
    saved: super::core_props::Saved,
}

impl SheetsRead {
    fn new() -> Self {
        SheetsRead {
            grids: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            cells: 0,
            saved: super::core_props::Saved::default(),
        }
    }

    /// The errors and warnings as import problems of the file at `path`.
    fn problems_of(&self, path: &Path) -> Vec<ImportProblem> {
        let errors = self.errors.iter().map(|(sheet, note)| {
            ImportProblem::new(path, ProblemKind::Error, note.english.clone())
                .with_text(note.japanese.clone())
                .in_sheet(sheet.clone())
        });
        let warnings = self.warnings.iter().map(|(sheet, cell, note)| {
            ImportProblem::new(path, ProblemKind::Warning, note.english.clone())
                .with_text(note.japanese.clone())
                .in_sheet(sheet.clone())
                .at_cell(*cell)
        });
        errors.chain(warnings).collect()
    }

    fn push(
        &mut self,
        name: &str,
        visible: bool,
        sheet: Result<SparseSheet, SheetNote>,
        limits: &ReadLimits,
    ) {
        let budget = limits.max_cells_per_workbook.saturating_sub(self.cells);
        match sheet.and_then(|s| s.into_grid(name, limits, budget)) {
            Ok((mut grid, warning)) => {
                self.cells += u64::from(grid.rows()) * u64::from(grid.cols());
                grid.visible = visible;
                if let Some((cell, message)) = warning {
                    self.warnings.push((name.to_string(), cell, message));
                }
                self.grids.push(grid);
            }
            Err(message) => self.errors.push((name.to_string(), message)),
        }
    }
}

fn read_bytes(
    path: &Path,
    bytes: &[u8],
    format: Format,
    limits: &ReadLimits,
) -> Result<SheetsRead, Failure> {
    match format {
        Format::Xlsx | Format::Xlsm => read_xlsx(bytes, limits),
        Format::Xls => read_xls(bytes, limits),
        Format::Ods => read_ods(bytes, limits),
        Format::Csv | Format::Text | Format::Html => read_text_table(path, bytes, format, limits),
    }
}

/// A CSV file or an HTML table as a workbook of one sheet, named after
/// the file as Excel names the sheet of a CSV file it opens (at most 31
/// characters).
fn read_text_table(
    path: &Path,
    bytes: &[u8],
    format: Format,
    limits: &ReadLimits,
) -> Result<SheetsRead, Failure> {
    use super::text_tables::{TextFailure, csv_sheet, decode, html_charset, html_sheet};
    let fallback = (format == Format::Html)
        .then(|| html_charset(bytes))
        .flatten();
    let (text, _) = decode(bytes, fallback).map_err(|at| Failure::Undecodable {
        line: at.line,
        offset: at.offset,
    })?;
    let read = match format {
        Format::Html => html_sheet(&text, limits.max_cells_per_sheet),
        _ => csv_sheet(&text, limits.max_cells_per_sheet),
    };
    let name: String = path
        .file_stem()
        .map(|s| s.to_string_lossy().chars().take(31).collect())
        .unwrap_or_else(|| "Sheet1".to_string());
    let mut out = SheetsRead::new();
    let sheet = match read {
        Ok(sheet) => Ok(SparseSheet {
            cells: sheet.cells,
            merges: sheet.merges,
            hidden_columns: Vec::new(),
            shaded: Vec::new(),
            fills_unknown: true,
        }),
        Err(TextFailure::TooManyCells) => Err(too_many_cells(limits)),
        Err(TextFailure::Csv { line, detail }) => {
            return Err(Failure::Corrupt(format!("line {line}: {detail}")));
        }
    };
    out.push(&name, true, sheet, limits);
    Ok(out)
}

fn xlsx_failure(e: XlsxError) -> Failure {
    match e {
        XlsxError::Password => Failure::Password,
        XlsxError::Zip(e) => Failure::Corrupt(format!("zip: {e}")),
        other => Failure::Corrupt(other.to_string()),
    }
}

fn open_archive(bytes: &[u8]) -> Result<Archive<'_>, Failure> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| Failure::Corrupt(format!("zip: {e}")))
}

fn check_unpacked_size(archive: &mut Archive<'_>, limits: &ReadLimits) -> Result<(), Failure> {
    let unpacked = declared_unpacked_size(archive);
    if unpacked > limits.max_unpacked_bytes {
        return Err(Failure::TooBig {
            what: format!("the package unpacks to {unpacked} bytes"),
            limit: limits.max_unpacked_bytes,
        });
    }
    Ok(())
}

/// The parts of a package that declare more than `limit` bytes unpacked,
/// with their sizes.
fn oversized_parts(archive: &mut Archive<'_>, limit: u64) -> HashMap<String, u64> {
    (0..archive.len())
        .filter_map(|i| {
            let part = archive.by_index_raw(i).ok()?;
            (part.size() > limit).then(|| {
                (
                    String::from_utf8_lossy(part.name_raw()).into_owned(),
                    part.size(),
                )
            })
        })
        .collect()
}

/// Refuses the package when a part other than a sheet's (`sheets`)
/// declares more than the per-sheet limit.
fn check_shared_parts(
    oversized: &HashMap<String, u64>,
    sheets: &HashMap<String, String>,
    limits: &ReadLimits,
) -> Result<(), Failure> {
    let sheet_parts: HashSet<&String> = sheets.values().collect();
    match oversized
        .iter()
        .filter(|(name, _)| !sheet_parts.contains(name))
        .min()
    {
        Some((name, size)) => Err(Failure::TooBig {
            what: format!("its part {name}, which every sheet needs, unpacks to {size} bytes"),
            limit: limits.max_unpacked_bytes_per_sheet,
        }),
        None => Ok(()),
    }
}

fn read_xlsx(bytes: &[u8], limits: &ReadLimits) -> Result<SheetsRead, Failure> {
    let mut archive = open_archive(bytes)?;
    check_unpacked_size(&mut archive, limits)?;
    // Bounded by the per-sheet limit too, so a sheet refused for its size is
    // never unpacked.
    let copy = reading_copy(
        &mut archive,
        READING_COPY_BYTES.min(limits.max_unpacked_bytes_per_sheet),
    );
    let bytes = copy.as_deref().unwrap_or(bytes);
    let mut archive = open_archive(bytes)?;
    let parts = sheet_parts(&mut archive).unwrap_or_default();
    let oversized = oversized_parts(&mut archive, limits.max_unpacked_bytes_per_sheet);
    check_shared_parts(&oversized, &parts, limits)?;
    if let Some(lie) = implausible_shared_strings(&mut archive) {
        return Err(Failure::Corrupt(lie));
    }
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_failure)?;
    let mut out = SheetsRead::new();
    let mut shown = StylesShown::default();
    let is_1904 = workbook.has_1904_epoch();
    for sheet in workbook.sheets_metadata().to_vec() {
        if sheet.typ != SheetType::WorkSheet {
            continue;
        }
        let visible = sheet.visible == SheetVisible::Visible;
        if let Some(size) = parts.get(&sheet.name).and_then(|p| oversized.get(p)) {
            let refused = Err(SheetNote {
                english: format!(
                    "the sheet unpacks to {size} bytes, over the limit of {} bytes per sheet; it is not read",
                    limits.max_unpacked_bytes_per_sheet
                ),
                japanese: format!(
                    "このシートは展開すると {} になり、1シートの上限（{}）を超えるため読み込んでいません（不要な画像・書式を削除してください）",
                    bytes_in_japanese(*size),
                    bytes_in_japanese(limits.max_unpacked_bytes_per_sheet)
                ),
            });
            out.push(&sheet.name, visible, refused, limits);
            continue;
        }
        let cells = read_xlsx_cells(&mut workbook, &sheet.name, limits, is_1904, &mut shown);
        let sparse = cells.and_then(|(cells, shaded)| {
            // Merged cells come after the cell data in the sheet part: a
            // scan of its end is far cheaper than a second parse.
            let scanned = parts
                .get(&sheet.name)
                .and_then(|part| sheet_layout(&mut archive, part, limits.max_unpacked_bytes).ok());
            let layout = match scanned {
                Some(layout) => layout,
                None => SheetLayout {
                    merges: workbook
                        .merge_cells_by_sheet_name(&sheet.name)
                        .map_err(|e| SheetNote::library(format!("merged cells: {e}")))?
                        .iter()
                        .map(merged_range)
                        .collect(),
                    hidden_columns: Vec::new(),
                },
            };
            Ok(SparseSheet {
                cells,
                merges: layout.merges,
                hidden_columns: layout.hidden_columns,
                shaded,
                fills_unknown: false,
            })
        });
        out.push(&sheet.name, visible, sparse, limits);
    }
    out.saved = super::core_props::saved(&mut archive);
    let has_tables = archive
        .file_names()
        .any(|n| n.is_ok_and(|n| n.starts_with("xl/tables/")));
    if has_tables && workbook.load_tables().is_ok() {
        for grid in &mut out.grids {
            grid.tables = excel_tables(&mut workbook, &grid.name);
        }
    }
    Ok(out)
}

/// The Excel tables of a sheet, with their header row. A table whose
/// part cannot be read is left out: its cells are read all the same.
fn excel_tables(workbook: &mut Xlsx<Cursor<&[u8]>>, sheet: &str) -> Vec<ExcelTable> {
    let names: Vec<String> = workbook
        .table_names_in_sheet(sheet)
        .into_iter()
        .cloned()
        .collect();
    let mut tables = Vec::new();
    for name in names {
        let Ok(table) = workbook.table_by_name_ref(&name) else {
            continue;
        };
        let data = table.data();
        if let (Some((first_row, first_col)), Some((last_row, last_col))) =
            (data.start(), data.end())
        {
            tables.push(ExcelTable {
                name,
                // The table's data starts below its header row.
                first_row: first_row.saturating_sub(1),
                last_row,
                first_col,
                last_col,
            });
        }
    }
    tables
}

/// What the styles of a workbook show, each read once for all its styles
/// when a cell first needs it.
#[derive(Default)]
struct StylesShown {
    /// What each style's number format shows of a number.
    numbers: Option<Vec<Shown>>,
    /// The colour each style shades an empty cell with, if any.
    fills: Option<Vec<Option<u32>>>,
}

/// The cells of a sheet holding values, and its empty cells shaded with a
/// fill (`.xlsx`: the library gives each cell its style, whose fill
/// comes from `styles.xml`).
type XlsxCells = (Vec<(u32, u32, CellValue)>, Vec<Shade>);

fn read_xlsx_cells(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    limits: &ReadLimits,
    is_1904: bool,
    shown: &mut StylesShown,
) -> Result<XlsxCells, SheetNote> {
    let mut reader = workbook
        .worksheet_cells_reader(name)
        .map_err(SheetNote::library)?;
    let mut cells = Vec::new();
    let mut shaded = Vec::new();
    let shown_styles = &mut shown.numbers;
    while let Some((cell, style)) = reader
        .next_cell_with_style_id()
        .map_err(SheetNote::library)?
    {
        let (row, col) = cell.get_position();
        let value = match cell.get_value() {
            DataRef::Empty => {
                if style != 0
                    && let Some(rgb) = shade_of(style, reader.styles(), &mut shown.fills)
                    && (shaded.len() as u64) < limits.max_cells_per_sheet
                {
                    shaded.push(Shade { row, col, rgb });
                }
                continue;
            }
            DataRef::String(s) if s.is_empty() => continue,
            DataRef::SharedString("") => continue,
            DataRef::Int(i) => number(*i as f64, style, reader.styles(), is_1904, shown_styles),
            DataRef::Float(f) => number(*f, style, reader.styles(), is_1904, shown_styles),
            DataRef::DateTime(d) => {
                let shown = shown_by(style, reader.styles(), shown_styles);
                month_if_shown(excel_datetime(d), shown)
            }
            DataRef::String(s) => CellValue::Text(s.clone()),
            DataRef::SharedString(s) => CellValue::Text((*s).to_string()),
            DataRef::Bool(b) => CellValue::Bool(*b),
            DataRef::DateTimeIso(s) => iso_datetime(s),
            DataRef::DurationIso(s) => CellValue::Text(s.clone()),
            DataRef::Error(e) => CellValue::Error(e.to_string()),
        };
        if cells.len() as u64 >= limits.max_cells_per_sheet {
            return Err(too_many_cells(limits));
        }
        cells.push((row, col, value));
    }
    Ok((cells, shaded))
}

/// The colour style `style` shades a cell with: a fill with a pattern,
/// its foreground colour (else its background colour), unless white; read
/// once per workbook for all its styles. (The package's theme is not read:
/// a theme colour comes back as the library's black, so a theme's white
/// reads as a shade too — the reading takes a fill over every month of
/// every row for the table's background.)
fn shade_of(
    style: usize,
    styles: &[calamine::Style],
    fills: &mut Option<Vec<Option<u32>>>,
) -> Option<u32> {
    let fills = fills.get_or_insert_with(|| {
        styles
            .iter()
            .map(|s| {
                let fill = s.fill.as_ref()?;
                if fill.pattern == calamine::FillPattern::None {
                    return None;
                }
                let colour = fill.foreground_color.or(fill.background_color)?;
                let rgb = (u32::from(colour.red) << 16)
                    | (u32::from(colour.green) << 8)
                    | u32::from(colour.blue);
                (rgb != 0xFF_FFFF).then_some(rgb)
            })
            .collect()
    });
    fills.get(style).copied().flatten()
}

/// A number cell: a date if its style's number format shows a date, a
/// month if it shows no day, the text shown if it writes a unit beside
/// the number.
fn number(
    value: f64,
    style: usize,
    styles: &[calamine::Style],
    is_1904: bool,
    shown_styles: &mut Option<Vec<Shown>>,
) -> CellValue {
    match shown_by(style, styles, shown_styles) {
        Shown::Number => CellValue::Number(value),
        Shown::WithUnit(unit) => unit
            .write(value)
            .map_or(CellValue::Number(value), CellValue::Text),
        shown => {
            let date =
                serial_date(value, is_1904).map_or(CellValue::Number(value), CellValue::Date);
            month_if_shown(date, shown)
        }
    }
}

/// What the number format of style `style` shows of a number (a date, a
/// month, a unit beside it), read once per workbook for all its styles
/// (style 0 is General).
fn shown_by<'a>(
    style: usize,
    styles: &[calamine::Style],
    shown_styles: &'a mut Option<Vec<Shown>>,
) -> &'a Shown {
    const NUMBER: &Shown = &Shown::Number;
    if style == 0 {
        return NUMBER;
    }
    let shown_styles = shown_styles.get_or_insert_with(|| {
        styles
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .map_or(Shown::Number, |f| number_shown(&f.format_code))
            })
            .collect()
    });
    shown_styles.get(style).unwrap_or(NUMBER)
}

/// A date shown as its month only becomes [`CellValue::Month`], with the
/// text the sheet shows; any other value stays as it is.
fn month_if_shown(value: CellValue, shown: &Shown) -> CellValue {
    match (value, shown) {
        (CellValue::Date(d), Shown::Month(code)) => CellValue::Month {
            date: d.date(),
            shown: month_text(code, d.date()),
        },
        (value, _) => value,
    }
}

/// An Excel serial date (1900 or 1904 system) as a date and time.
fn serial_date(serial: f64, is_1904: bool) -> Option<NaiveDateTime> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let d = ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, is_1904);
    d.as_datetime()
}

fn excel_datetime(d: &ExcelDateTime) -> CellValue {
    if d.is_datetime() {
        d.as_datetime()
            .map_or(CellValue::Number(d.as_f64()), CellValue::Date)
    } else {
        CellValue::Number(d.as_f64())
    }
}

fn iso_datetime(s: &str) -> CellValue {
    if let Ok(dt) = s.parse::<NaiveDateTime>() {
        return CellValue::Date(dt);
    }
    if let Ok(d) = s.parse::<NaiveDate>() {
        return CellValue::Date(d.and_time(chrono::NaiveTime::MIN));
    }
    CellValue::Text(s.to_string())
}

fn data_value(data: &Data) -> CellValue {
    match data {
        Data::Empty => CellValue::Empty,
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(d) => excel_datetime(d),
        Data::DateTimeIso(s) => iso_datetime(s),
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(e.to_string()),
    }
}

fn range_cells(
    range: &Range<Data>,
    limits: &ReadLimits,
) -> Result<Vec<(u32, u32, CellValue)>, SheetNote> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut cells = Vec::new();
    for (r, c, data) in range.used_cells() {
        let value = data_value(data);
        if value == CellValue::Empty || value == CellValue::Text(String::new()) {
            continue;
        }
        if cells.len() as u64 >= limits.max_cells_per_sheet {
            return Err(too_many_cells(limits));
        }
        cells.push((row0 + r as u32, col0 + c as u32, value));
    }
    Ok(cells)
}

fn too_many_cells(limits: &ReadLimits) -> SheetNote {
    SheetNote {
        english: format!(
            "the sheet holds more than {} non-empty cells, over the limit",
            limits.max_cells_per_sheet
        ),
        japanese: format!(
            "このシートには値の入ったセルが上限（{}個）を超えてあるため、読み込んでいません",
            limits.max_cells_per_sheet
        ),
    }
}

fn xls_failure(e: XlsError) -> Failure {
    match e {
        XlsError::Password => Failure::Password,
        other => Failure::Corrupt(other.to_string()),
    }
}

fn read_xls(bytes: &[u8], limits: &ReadLimits) -> Result<SheetsRead, Failure> {
    let mut workbook: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(xls_failure)?;
    let mut out = SheetsRead::new();
    for sheet in workbook.sheets_metadata().to_vec() {
        if sheet.typ != SheetType::WorkSheet {
            continue;
        }
        let visible = sheet.visible == SheetVisible::Visible;
        let sparse = workbook
            .worksheet_range(&sheet.name)
            .map_err(SheetNote::library)
            .and_then(|range| range_cells(&range, limits))
            .map(|cells| SparseSheet {
                cells,
                merges: workbook
                    .merge_cells_by_sheet_name(&sheet.name)
                    .unwrap_or_default()
                    .iter()
                    .map(merged_range)
                    .collect(),
                hidden_columns: Vec::new(),
                shaded: Vec::new(),
                fills_unknown: true,
            });
        out.push(&sheet.name, visible, sparse, limits);
    }
    Ok(out)
}

fn ods_failure(e: OdsError) -> Failure {
    match e {
        OdsError::Password => Failure::Password,
        OdsError::CellLimitExceeded { requested, max } => Failure::TooBig {
            what: format!("a sheet declares {requested} cells (through repeated rows or columns)"),
            limit: max as u64,
        },
        OdsError::Zip(e) => Failure::Corrupt(format!("zip: {e}")),
        other => Failure::Corrupt(other.to_string()),
    }
}

fn read_ods(bytes: &[u8], limits: &ReadLimits) -> Result<SheetsRead, Failure> {
    let mut archive = open_archive(bytes)?;
    check_unpacked_size(&mut archive, limits)?;
    // `content.xml` holds every sheet.
    let oversized = oversized_parts(&mut archive, limits.max_unpacked_bytes_per_sheet);
    check_shared_parts(&oversized, &HashMap::new(), limits)?;
    // Unreadable span markup leaves the sheets without merged cells; the
    // library reports a broken `content.xml` itself.
    let content = scan_content_part(&mut archive, limits.max_unpacked_bytes).unwrap_or_default();
    check_declared_cells(&content.declared_cells, limits)?;
    let mut merges = content.merges;
    let mut shaded = content.shaded;
    let month_cells = content.month_cells;
    let mut workbook: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(ods_failure)?;
    let mut out = SheetsRead::new();
    out.saved = super::core_props::saved(&mut archive);
    for sheet in workbook.sheets_metadata().to_vec() {
        let visible = sheet.visible == SheetVisible::Visible;
        let sparse = workbook
            .worksheet_range(&sheet.name)
            .map_err(SheetNote::library)
            .and_then(|range| range_cells(&range, limits))
            .map(|mut cells| {
                if let Some(months) = month_cells.get(&sheet.name) {
                    shown_as_months(&mut cells, months);
                }
                SparseSheet {
                    cells,
                    merges: merges.remove(&sheet.name).unwrap_or_default(),
                    hidden_columns: Vec::new(),
                    shaded: shaded.remove(&sheet.name).unwrap_or_default(),
                    fills_unknown: false,
                }
            });
        out.push(&sheet.name, visible, sparse, limits);
    }
    Ok(out)
}

/// The date cells of an `.ods` sheet whose format shows no day become
/// [`CellValue::Month`] with the text they show (the month written out
/// when they show none).
fn shown_as_months(cells: &mut [(u32, u32, CellValue)], months: &[MonthCell]) {
    let shown: HashMap<(u32, u32), &str> = months
        .iter()
        .map(|m| ((m.row, m.col), m.shown.as_str()))
        .collect();
    for (row, col, value) in cells {
        if let (CellValue::Date(d), Some(text)) = (&*value, shown.get(&(*row, *col))) {
            let date = d.date();
            let shown = if text.is_empty() {
                format!("{}年{}月", date.year(), date.month())
            } else {
                text.to_string()
            };
            *value = CellValue::Month { date, shown };
        }
    }
}

/// Refuses an `.ods` file before the library opens it (and expands every
/// sheet) when one of its sheets declares more cells than
/// [`ReadLimits::max_cells_per_sheet`], or all together more than
/// [`ReadLimits::max_cells_per_workbook`], through repeated rows or columns.
fn check_declared_cells(declared: &[(String, u64)], limits: &ReadLimits) -> Result<(), Failure> {
    if let Some((sheet, cells)) = declared
        .iter()
        .find(|(_, cells)| *cells > limits.max_cells_per_sheet)
    {
        return Err(Failure::TooBig {
            what: format!(
                "its sheet {sheet} declares {cells} cells through repeated rows or columns"
            ),
            limit: limits.max_cells_per_sheet,
        });
    }
    let total = declared
        .iter()
        .fold(0u64, |sum, (_, cells)| sum.saturating_add(*cells));
    if total > limits.max_cells_per_workbook {
        return Err(Failure::TooBig {
            what: format!("its sheets declare {total} cells through repeated rows or columns"),
            limit: limits.max_cells_per_workbook,
        });
    }
    Ok(())
}

fn merged_range(d: &Dimensions) -> MergedRange {
    MergedRange {
        first_row: d.start.0.min(d.end.0),
        first_col: d.start.1.min(d.end.1),
        last_row: d.start.0.max(d.end.0),
        last_col: d.start.1.max(d.end.1),
    }
}

/// A sheet's non-empty cells (absolute positions) and merged regions.
struct SparseSheet {
    cells: Vec<(u32, u32, CellValue)>,
    merges: Vec<MergedRange>,
    /// Hidden columns, 0-based inclusive ranges (`.xlsx`, `.xlsm`).
    hidden_columns: Vec<(u32, u32)>,
    /// Empty cells shaded with a fill (`.xlsx`, `.xlsm`, `.ods`).
    shaded: Vec<Shade>,
    /// The format keeps fills this reader does not see (`.xls`, text).
    fills_unknown: bool,
}

/// The grid's extent: rows `0..rows`, columns `0..cols`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Extent {
    rows: u32,
    cols: u32,
}

/// The end (exclusive) of the block of used indices that starts at the
/// smallest one, where a gap of more than `gap` unused indices ends a block.
fn block_end(mut used: Vec<u32>, gap: u32) -> u32 {
    used.sort_unstable();
    used.dedup();
    let Some(&first) = used.first() else {
        return 0;
    };
    let mut end = first;
    for &i in &used[1..] {
        if i - end > gap {
            break;
        }
        end = i;
    }
    end + 1
}

impl SparseSheet {
    /// The sheet's grid, refused if larger than the per-sheet limit or than
    /// `budget`, the cells the workbook may still hold.
    fn into_grid(
        self,
        name: &str,
        limits: &ReadLimits,
        budget: u64,
    ) -> Result<(Grid, Option<(CellPosition, SheetNote)>), SheetNote> {
        let rows = block_end(self.cells.iter().map(|c| c.0).collect(), STRAY_ROW_GAP);
        let cols = block_end(self.cells.iter().map(|c| c.1).collect(), STRAY_COL_GAP);
        // Merged regions that start inside the data or right under it (the
        // empty box a form leaves under its last label) extend it, as far as
        // the stray gaps allow.
        let mut extent = Extent { rows, cols };
        for m in &self.merges {
            if m.first_row <= rows && m.first_col < cols {
                if m.last_row < rows.saturating_add(STRAY_ROW_GAP) {
                    extent.rows = extent.rows.max(m.last_row + 1);
                }
                if m.last_col < cols.saturating_add(STRAY_COL_GAP) {
                    extent.cols = extent.cols.max(m.last_col + 1);
                }
            }
        }
        let area = u64::from(extent.rows) * u64::from(extent.cols);
        if area > limits.max_cells_per_sheet {
            return Err(SheetNote {
                english: format!(
                    "sheet is {} rows × {} columns ({area} cells), over the limit of {} cells",
                    extent.rows, extent.cols, limits.max_cells_per_sheet
                ),
                japanese: format!(
                    "このシートは {} 行 × {} 列（{area} セル）あり、1シートの上限（{} セル）を超えるため読み込んでいません",
                    extent.rows, extent.cols, limits.max_cells_per_sheet
                ),
            });
        }
        if area > budget {
            return Err(SheetNote {
                english: format!(
                    "sheet is {} rows × {} columns ({area} cells); with the sheets before it the workbook exceeds its limit of {} cells",
                    extent.rows, extent.cols, limits.max_cells_per_workbook
                ),
                japanese: format!(
                    "このシートは {} 行 × {} 列（{area} セル）あり、前のシートと合わせてブックの上限（{} セル）を超えるため読み込んでいません",
                    extent.rows, extent.cols, limits.max_cells_per_workbook
                ),
            });
        }
        let mut grid = Grid::new(name, extent.rows, extent.cols);
        let mut dropped = Vec::new();
        for (row, col, value) in self.cells {
            if row < extent.rows && col < extent.cols {
                grid.set(row, col, value);
            } else {
                dropped.push((row, col));
            }
        }
        for m in self.merges {
            grid.add_merge(m);
        }
        grid.hidden_columns = self.hidden_columns;
        grid.fills_unknown = self.fills_unknown;
        grid.set_shaded(
            self.shaded
                .into_iter()
                .filter(|s| s.row < extent.rows && s.col < extent.cols)
                .collect(),
        );
        let warning = dropped.first().map(|&(row, col)| {
            let shown: Vec<String> = dropped.iter().take(5).map(|&(r, c)| a1(r, c)).collect();
            let more = if dropped.len() > shown.len() {
                ", …"
            } else {
                ""
            };
            let read_as = (extent.rows > 0 && extent.cols > 0)
                .then(|| format!("A1:{}", a1(extent.rows - 1, extent.cols - 1)));
            let note = SheetNote {
                english: format!(
                    "ignored {} cell(s) far outside the sheet's data ({}{more}); the sheet is read as {}",
                    dropped.len(),
                    shown.join(", "),
                    read_as.as_deref().unwrap_or("empty")
                ),
                japanese: format!(
                    "表から遠く離れたセル {} 個（{}{more}）は取り込んでいません。シートは{}として読んでいます（誤って入力した値なら削除してください）",
                    dropped.len(),
                    shown.join("、"),
                    read_as.map_or_else(|| "空".to_string(), |r| format!(" {r} ")),
                ),
            };
            (CellPosition { row, col }, note)
        });
        Ok((grid, warning))
    }
}

use mokuhyo_core::a1::{CellPosition, cell_name as a1};

#[cfg(test)]
mod tests;
