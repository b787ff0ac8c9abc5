//! What Excel demands of a workbook's structure, checked on the package's
//! XML as written (calamine, openpyxl and LibreOffice tolerate what Excel
//! reports as damage and repairs, or refuses):
//!
//! - in every worksheet, `<row r>` strictly ascending (so never repeated),
//!   each cell's reference in its own row, cells strictly ascending by column;
//! - column ranges (`<col min max>`) ascending and not overlapping;
//! - merged ranges not overlapping, each more than one cell;
//! - sheet names of 1–31 characters without `[ ] : * ? / \`, not starting
//!   or ending with `'`, unique regardless of case;
//! - defined names valid and unique within their scope, scoped to a sheet
//!   that exists.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// Every violation found in the workbook at `path`, each naming its part.
pub fn structure_problems(path: &Path) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive =
        zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    let mut problems = Vec::new();
    let workbook = part(&mut archive, "xl/workbook.xml");
    problems.extend(workbook_problems(&workbook));
    for name in names
        .iter()
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
    {
        let xml = part(&mut archive, name);
        problems.extend(
            worksheet_problems(&xml)
                .into_iter()
                .map(|p| format!("{name}: {p}")),
        );
    }
    problems
}

/// Panics with every violation when the workbook at `path` has any.
pub fn assert_well_formed(path: &Path) {
    let problems = structure_problems(path);
    assert!(
        problems.is_empty(),
        "{} is not well-formed for Excel:\n{}",
        path.display(),
        problems.join("\n")
    );
}

/// Checks every `.xlsx` file directly inside `dir`; returns how many.
pub fn assert_well_formed_in(dir: &Path) -> usize {
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            assert_well_formed(&path);
            checked += 1;
        }
    }
    checked
}

fn part(archive: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().map(|a| {
        a.normalized_value(XmlVersion::Implicit1_0)
            .unwrap()
            .into_owned()
    })
}

/// `AB12` → (row 12, column 28), 1-based.
fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let text = text.trim_start_matches('$').replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    Some((digits.parse().ok()?, col))
}

/// `A1:C3` → ((1, 1), (3, 3)).
fn range_ref(text: &str) -> Option<((u32, u32), (u32, u32))> {
    let (first, last) = text.split_once(':').unwrap_or((text, text));
    Some((cell_ref(first)?, cell_ref(last)?))
}

pub fn worksheet_problems(xml: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut reader = Reader::from_str(xml);
    let mut last_row: Option<u32> = None;
    let mut row: Option<u32> = None;
    let mut last_col: Option<u32> = None;
    let mut last_col_max: Option<u32> = None;
    let mut merges: Vec<((u32, u32), (u32, u32))> = Vec::new();
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(event) => event,
            Err(e) => {
                problems.push(format!("XML error: {e}"));
                break;
            }
        };
        let (Event::Start(e) | Event::Empty(e)) = event else {
            continue;
        };
        match e.local_name().as_ref() {
            "row" => {
                let Some(r) = attr(&e, "r").and_then(|r| r.parse::<u32>().ok()) else {
                    problems.push("a row without its number".to_string());
                    continue;
                };
                if let Some(prev) = last_row
                    && r <= prev
                {
                    problems.push(format!("row {r} after row {prev}"));
                }
                last_row = Some(r);
                row = Some(r);
                last_col = None;
            }
            "c" => {
                let Some((r, c)) = attr(&e, "r").as_deref().and_then(cell_ref) else {
                    continue;
                };
                if Some(r) != row {
                    problems.push(format!("cell in row {r} inside row {row:?}"));
                }
                if let Some(prev) = last_col
                    && c <= prev
                {
                    problems.push(format!("row {r}: column {c} after column {prev}"));
                }
                last_col = Some(c);
            }
            "col" => {
                let min = attr(&e, "min").and_then(|v| v.parse::<u32>().ok());
                let max = attr(&e, "max").and_then(|v| v.parse::<u32>().ok());
                match (min, max) {
                    (Some(min), Some(max)) if min <= max => {
                        if let Some(prev) = last_col_max
                            && min <= prev
                        {
                            problems.push(format!("columns {min}–{max} overlap up to {prev}"));
                        }
                        last_col_max = Some(max);
                    }
                    _ => problems.push(format!("column range {min:?}–{max:?}")),
                }
            }
            "mergeCell" => {
                let Some(range) = attr(&e, "ref").as_deref().and_then(range_ref) else {
                    problems.push("a merged range without its reference".to_string());
                    continue;
                };
                let ((r1, c1), (r2, c2)) = range;
                if r1 > r2 || c1 > c2 || (r1 == r2 && c1 == c2) {
                    problems.push(format!("merged range {range:?}"));
                }
                for other in &merges {
                    let ((or1, oc1), (or2, oc2)) = *other;
                    if r1 <= or2 && or1 <= r2 && c1 <= oc2 && oc1 <= c2 {
                        problems.push(format!("merged ranges {range:?} and {other:?} overlap"));
                    }
                }
                merges.push(range);
            }
            _ => {}
        }
    }
    problems
}

const BAD_SHEET_CHARS: [char; 7] = ['[', ']', ':', '*', '?', '/', '\\'];

pub fn workbook_problems(xml: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut reader = Reader::from_str(xml);
    let mut sheets: Vec<String> = Vec::new();
    let mut seen_sheets = HashSet::new();
    let mut defined: Vec<(String, Option<usize>)> = Vec::new();
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(event) => event,
            Err(e) => {
                problems.push(format!("xl/workbook.xml: XML error: {e}"));
                break;
            }
        };
        let (Event::Start(e) | Event::Empty(e)) = event else {
            continue;
        };
        match e.local_name().as_ref() {
            "sheet" => {
                let name = attr(&e, "name").unwrap_or_default();
                let chars = name.chars().count();
                if !(1..=31).contains(&chars)
                    || name.contains(BAD_SHEET_CHARS)
                    || name.starts_with('\'')
                    || name.ends_with('\'')
                {
                    problems.push(format!("xl/workbook.xml: sheet name {name:?}"));
                }
                if !seen_sheets.insert(name.to_lowercase()) {
                    problems.push(format!("xl/workbook.xml: sheet name {name:?} repeated"));
                }
                sheets.push(name);
            }
            "definedName" => {
                let name = attr(&e, "name").unwrap_or_default();
                let scope = attr(&e, "localSheetId").and_then(|v| v.parse::<usize>().ok());
                defined.push((name, scope));
            }
            _ => {}
        }
    }
    let mut seen = HashSet::new();
    for (name, scope) in &defined {
        let plain = name.strip_prefix("_xlnm.").unwrap_or(name);
        let valid = plain
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '\\')
            && !plain.contains(char::is_whitespace)
            && cell_ref(plain).is_none();
        if !valid {
            problems.push(format!("xl/workbook.xml: defined name {name:?}"));
        }
        if scope.is_some_and(|s| s >= sheets.len()) {
            problems.push(format!(
                "xl/workbook.xml: defined name {name:?} scoped to sheet {scope:?} of {}",
                sheets.len()
            ));
        }
        if !seen.insert((name.to_lowercase(), *scope)) {
            problems.push(format!("xl/workbook.xml: defined name {name:?} repeated"));
        }
    }
    problems
}
