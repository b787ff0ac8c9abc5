//! Which files in the watched folder are workbooks to read, decided from the
//! path alone: Excel and LibreOffice lock files, hidden files, temporary
//! files and non-spreadsheets are ignored with a reason.

use std::fmt;
use std::path::Path;

/// A spreadsheet format the reader understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Office Open XML workbook (`.xlsx`).
    Xlsx,
    /// Office Open XML workbook with macros (`.xlsm`).
    Xlsm,
    /// Excel 97–2003 binary workbook (`.xls`, BIFF8).
    Xls,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
    /// Comma-separated values (`.csv`), read as a workbook of one sheet.
    Csv,
    /// Text an export or Excel's 「テキスト (タブ区切り)」 and 「Unicode
    /// テキスト」 write (`.txt`, `.tsv`: tabs between fields, UTF-16 or
    /// Shift_JIS), read as CSV is.
    Text,
    /// An HTML table: no extension names it, but systems that export "for
    /// Excel" write one under an Excel name (`.xls`); read by its content.
    Html,
}

impl Format {
    /// The format named by a file extension (case-insensitive).
    pub(crate) fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "xlsx" => Some(Format::Xlsx),
            "xlsm" => Some(Format::Xlsm),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            "csv" => Some(Format::Csv),
            "txt" | "tsv" => Some(Format::Text),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
            Format::Text => "txt",
            Format::Html => "html",
        })
    }
}

/// Why a file in the watched folder is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IgnoreReason {
    /// `~$Book.xlsx`: Excel's owner file while a workbook is open.
    ExcelLockFile,
    /// `.~lock.Book.xlsx#`: LibreOffice's lock file.
    LibreOfficeLockFile,
    /// A name starting with `.`.
    HiddenFile,
    /// A name without an extension (Excel saves through temporary files
    /// such as `A1B2C3D4`) or ending in `.tmp`.
    TemporaryFile,
    /// Any other extension.
    NotASpreadsheet,
}

impl fmt::Display for IgnoreReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IgnoreReason::ExcelLockFile => "Excel lock file",
            IgnoreReason::LibreOfficeLockFile => "LibreOffice lock file",
            IgnoreReason::HiddenFile => "hidden file",
            IgnoreReason::TemporaryFile => "temporary file",
            IgnoreReason::NotASpreadsheet => "not a spreadsheet",
        })
    }
}

/// What to do with a file found in the watched folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileClass {
    Spreadsheet(Format),
    Ignored(IgnoreReason),
}

/// Classifies a path by its file name only (no file access).
pub fn classify(path: &Path) -> FileClass {
    // A name not in UTF-8 (Shift_JIS bytes from an old Samba share or a zip
    // unpacked on Linux) is classified by its lossy form: its extension is
    // ASCII either way, and the file opens by its raw path.
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return FileClass::Ignored(IgnoreReason::NotASpreadsheet);
    };
    if name.starts_with("~$") {
        return FileClass::Ignored(IgnoreReason::ExcelLockFile);
    }
    if name.starts_with(".~lock.") {
        return FileClass::Ignored(IgnoreReason::LibreOfficeLockFile);
    }
    if name.starts_with('.') {
        return FileClass::Ignored(IgnoreReason::HiddenFile);
    }
    let Some((_, ext)) = name.rsplit_once('.') else {
        return FileClass::Ignored(IgnoreReason::TemporaryFile);
    };
    if ext.eq_ignore_ascii_case("tmp") {
        return FileClass::Ignored(IgnoreReason::TemporaryFile);
    }
    match Format::from_extension(ext) {
        Some(format) => FileClass::Spreadsheet(format),
        None => FileClass::Ignored(IgnoreReason::NotASpreadsheet),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    /// A name in Shift_JIS bytes (総務部.xlsx from an old Samba share) is
    /// a workbook by its extension. Unix only: a Windows name is UTF-16.
    #[cfg(unix)]
    #[test]
    fn a_name_not_in_utf8_is_classified_by_its_extension() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"\x91\x8d\x96\xb1\x95\x94.xlsx");
        assert_eq!(
            classify(Path::new(name)),
            FileClass::Spreadsheet(Format::Xlsx)
        );
    }

    #[rstest]
    #[case(
        "令和8年度重点目標管理シート_総務部.xlsx",
        FileClass::Spreadsheet(Format::Xlsx)
    )]
    #[case("dir/sub/GOALS.XLSX", FileClass::Spreadsheet(Format::Xlsx))]
    #[case("macro.xlsm", FileClass::Spreadsheet(Format::Xlsm))]
    #[case("古い様式.xls", FileClass::Spreadsheet(Format::Xls))]
    #[case("calc.ods", FileClass::Spreadsheet(Format::Ods))]
    #[case("進行管理_出力.CSV", FileClass::Spreadsheet(Format::Csv))]
    #[case("道路課_重点取組.txt", FileClass::Spreadsheet(Format::Text))]
    #[case("進行管理_出力.TSV", FileClass::Spreadsheet(Format::Text))]
    #[case("~$令和8年度.xlsx", FileClass::Ignored(IgnoreReason::ExcelLockFile))]
    #[case(
        ".~lock.calc.ods#",
        FileClass::Ignored(IgnoreReason::LibreOfficeLockFile)
    )]
    #[case(".hidden.xlsx", FileClass::Ignored(IgnoreReason::HiddenFile))]
    #[case(".DS_Store", FileClass::Ignored(IgnoreReason::HiddenFile))]
    #[case("A1B2C3D4", FileClass::Ignored(IgnoreReason::TemporaryFile))]
    #[case("shared/8F3E2A10", FileClass::Ignored(IgnoreReason::TemporaryFile))]
    #[case("book.xlsx.tmp", FileClass::Ignored(IgnoreReason::TemporaryFile))]
    #[case("E4C1.TMP", FileClass::Ignored(IgnoreReason::TemporaryFile))]
    #[case("notes.docx", FileClass::Ignored(IgnoreReason::NotASpreadsheet))]
    #[case("report.pdf", FileClass::Ignored(IgnoreReason::NotASpreadsheet))]
    #[case("book.xlsb", FileClass::Ignored(IgnoreReason::NotASpreadsheet))]
    #[case("/", FileClass::Ignored(IgnoreReason::NotASpreadsheet))]
    fn classifies_by_name(#[case] path: &str, #[case] expected: FileClass) {
        assert_eq!(classify(Path::new(path)), expected);
    }
}
