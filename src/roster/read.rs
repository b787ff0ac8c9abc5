//! Reading the roster file into cell grids: xlsx (and the other workbook
//! formats) through the workbook reader, CSV in UTF-8 with or without a
//! byte order mark through the csv crate. Text cells that hold dates stay
//! text: the roster's parser reads them, 和暦 included.

use std::path::Path;

use crate::workbook::{CellValue, Grid, ReadLimits, read_workbook};

/// The sheets of the roster file, or why it cannot be read (naming the file).
pub(crate) fn read_roster_file(path: &Path, limits: &ReadLimits) -> Result<Vec<Grid>, String> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        return read_csv(path, limits).map(|grid| vec![grid]);
    }
    let workbook = read_workbook(path, limits).map_err(|e| e.to_string())?;
    if workbook.sheets.is_empty() {
        let why: Vec<String> = workbook
            .sheet_errors()
            .iter()
            .map(|e| e.describe())
            .collect();
        return Err(format!(
            "{}: no sheet could be read ({})",
            path.display(),
            why.join("; ")
        ));
    }
    Ok(workbook.sheets)
}

/// A CSV file as one grid named after the file.
fn read_csv(path: &Path, limits: &ReadLimits) -> Result<Grid, String> {
    let fail = |what: String| format!("{}: {what}", path.display());
    let size = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot read the file: {e}")))?
        .len();
    if size > limits.max_file_bytes {
        return Err(fail(format!(
            "file is {size} bytes, over the limit of {} bytes",
            limits.max_file_bytes
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(pos) => fail(format!(
                "line {}: not CSV in UTF-8 ({e}); save it as \"CSV UTF-8\"",
                pos.line()
            )),
            None => fail(format!("not CSV in UTF-8 ({e})")),
        })?;
        rows.push(
            record
                .iter()
                .map(|field| match field.trim() {
                    "" => CellValue::Empty,
                    text => CellValue::Text(text.to_string()),
                })
                .collect(),
        );
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "roster.csv".to_string());
    Ok(Grid::from_rows(name, rows))
}
