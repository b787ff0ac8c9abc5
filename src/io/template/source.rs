//! Reads what a new year's workbooks start from: a previous year's
//! department workbook (or a folder of them), read and interpreted, or the
//! JSON written beside a consolidated workbook (docs/schema.md).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::io::catalog::Parser;
use crate::io::scan::{self, ListOptions};
use crate::io::workbook::read::read_workbook;
use mokuhyo_core::calendar::FiscalYear;
use mokuhyo_core::interpret::{WorkbookOutcome, interpret_workbook};
use mokuhyo_core::model::{
    ActionItem, CellRef, Goal, ItemCells, ItemTexts, Layouts, PlanPosition, Report, SheetReport,
};

/// The sheets found, and the files that gave none (with the reason).
#[derive(Debug, Default)]
pub struct Source {
    pub reports: Vec<SheetReport>,
    pub problems: Vec<(PathBuf, String)>,
}

/// Reads `path`: a `.json` file (consolidated JSON or `check --json`
/// output), a workbook, or a folder of workbooks.
pub fn read_source(path: &Path, parser: &Parser) -> Source {
    let mut source = Source::default();
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        match std::fs::read_to_string(path)
            .map_err(JsonSourceError::Read)
            .and_then(|text| reports_from_json(&text, path))
        {
            Ok(reports) => source.reports = reports,
            Err(error) => source
                .problems
                .push((path.to_path_buf(), error.to_string())),
        }
        return source;
    }
    let listing = scan::list(
        path,
        &ListOptions {
            recursive: false,
            exclude: &[],
            skip_dirs: &[],
        },
    );
    source.problems.extend(listing.errors);
    for candidate in listing.candidates {
        match read_workbook(&candidate.path, &parser.limits) {
            Ok(workbook) => {
                match interpret_workbook(
                    &candidate.path,
                    &workbook.sheets,
                    &parser.dictionary,
                    &parser.options,
                ) {
                    WorkbookOutcome::Reports(reports) => source.reports.extend(reports),
                    WorkbookOutcome::NotAGoalSheet { reason, .. }
                    | WorkbookOutcome::NoFiscalYear { reason } => {
                        source.problems.push((candidate.path.clone(), reason))
                    }
                }
            }
            Err(err) => source.problems.push((candidate.path.clone(), err.reason())),
        }
    }
    source
}

#[derive(Deserialize)]
struct JsonDoc {
    #[serde(default)]
    sheets: Vec<JsonSheet>,
    #[serde(default)]
    files: Vec<JsonFile>,
}

#[derive(Deserialize)]
struct JsonFile {
    #[serde(default)]
    sheets: Vec<JsonSheet>,
}

#[derive(Deserialize)]
struct JsonSheet {
    #[serde(default)]
    file: PathBuf,
    #[serde(default)]
    sheet: String,
    fiscal_year: i32,
    department: String,
    #[serde(default)]
    layout: Layouts,
    #[serde(default)]
    goals: Vec<JsonGoal>,
}

#[derive(Deserialize)]
struct JsonGoal {
    number: Option<String>,
    title: String,
    priority: Option<String>,
    #[serde(default)]
    targets: Vec<String>,
    #[serde(default)]
    plan_positions: Vec<PlanPosition>,
    #[serde(default)]
    items: Vec<JsonItem>,
}

#[derive(Deserialize)]
struct JsonItem {
    number: Option<String>,
    title: String,
    #[serde(default)]
    text: String,
    deadline_text: Option<String>,
    target: Option<String>,
    #[serde(default)]
    owners: Vec<String>,
    interim: Option<Report>,
    year_end: Option<Report>,
}

/// Why a JSON file gives no sheets (the file is named beside it).
#[derive(Debug, thiserror::Error)]
pub(crate) enum JsonSourceError {
    #[error(transparent)]
    Read(std::io::Error),
    #[error("not mokuhyo JSON: {0}")]
    NotMokuhyo(#[source] serde_json::Error),
}

/// The sheets of a consolidated JSON (`{"sheets": […]}`) or of `check
/// --json` output (`{"files": [{"sheets": […]}]}`).
pub(crate) fn reports_from_json(
    text: &str,
    path: &Path,
) -> Result<Vec<SheetReport>, JsonSourceError> {
    let doc: JsonDoc = serde_json::from_str(text).map_err(JsonSourceError::NotMokuhyo)?;
    let sheets = doc
        .sheets
        .into_iter()
        .chain(doc.files.into_iter().flat_map(|f| f.sheets));
    Ok(sheets
        .map(|s| SheetReport {
            file: if s.file.as_os_str().is_empty() {
                path.to_path_buf()
            } else {
                s.file
            },
            sheet: s.sheet,
            fiscal_year: FiscalYear(s.fiscal_year),
            department: s.department,
            layout: s.layout,
            goals: s
                .goals
                .into_iter()
                .map(|g| Goal {
                    number: g.number,
                    title: g.title,
                    priority: g.priority,
                    targets: g.targets,
                    plan_positions: g.plan_positions,
                    cell: None,
                    extras: Vec::new(),
                    items: g
                        .items
                        .into_iter()
                        .map(|i| ActionItem {
                            texts: ItemTexts::new(
                                i.number.as_deref(),
                                &i.title,
                                if i.text.is_empty() { &i.title } else { &i.text },
                                i.deadline_text.as_deref(),
                                i.target.as_deref(),
                                None,
                            ),
                            deadlines: Vec::new(),
                            interim: i.interim.unwrap_or(Report::Empty),
                            year_end: i.year_end.unwrap_or(Report::Empty),
                            achievement: None,
                            owners: i.owners,
                            cell: CellRef::new("", 0, 0),
                            cells: ItemCells::default(),
                            extras: Vec::new(),
                        })
                        .collect(),
                })
                .collect(),
            warnings: Vec::new(),
            reading: Default::default(),
        })
        .collect())
}
