//! The stable JSON form of parsed workbooks: the output of
//! `mokuhyo check --json` and the JSON written beside each consolidated
//! workbook. Documented in docs/schema.md; fields are only ever added.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::Deadline;
use crate::model::{
    ActionItem, CellRef, Coverage, ExtraField, Goal, ItemCells, Layouts, Origin, PlanPosition,
    Report, SheetReport, TableReading, Warning,
};

/// Bumped only if a field changes meaning or is removed. 2: `department`
/// is 部局不明 rather than the file's name when nothing names one, and an
/// item's `text` continues with its 取組内容 column. 3: a table's columns
/// are read by their words and cells (`tables` says how): a column headed
/// by a word of another field can be the items, a department column splits
/// a sheet into one Sheet per department, a report table that repeats the
/// items of another sheet is joined to them, `department_from` may be
/// `sheet_name`. 4: the consolidated JSON carries every figure and word of
/// its workbook as of its day (`as_of`, `reporting`, `overview`, `items`
/// with their 状態 and each report's 提出状況, `deadlines`, `missing`,
/// `import_errors`, `copies`, `changes`), and its `sheets` leave out a copy
/// of another workbook.
pub const SCHEMA_VERSION: u32 = 4;

/// One parsed sheet (for one fiscal year).
#[derive(Debug, Serialize)]
pub struct SheetJson<'a> {
    #[serde(serialize_with = "crate::share_path::serialize_lossy")]
    pub file: &'a Path,
    pub sheet: &'a str,
    /// Start year: 2026 = 令和8年度.
    pub fiscal_year: i32,
    /// `令和8年度`.
    pub nendo: String,
    pub department: &'a str,
    /// Where the fiscal year was read.
    pub fiscal_year_from: &'a Origin,
    /// Where the department was read.
    pub department_from: &'a Origin,
    /// `table+excel_table`.
    pub layout: &'a Layouts,
    pub goals: Vec<GoalJson<'a>>,
    pub warnings: &'a [Warning],
    /// Where every non-empty cell of the sheet went.
    pub coverage: &'a Coverage,
    /// How each table of items was read: its range, header rows,
    /// confidence, fingerprint, and each column's role with its score and
    /// runner-up.
    pub tables: &'a [TableReading],
}

#[derive(Debug, Serialize)]
pub struct GoalJson<'a> {
    pub number: Option<&'a str>,
    pub title: &'a str,
    pub priority: Option<&'a str>,
    pub targets: &'a [String],
    pub plan_positions: &'a [PlanPosition],
    pub cell: Option<&'a CellRef>,
    /// Labelled values of the goal without a field of their own.
    pub extras: &'a [ExtraField],
    pub items: Vec<ItemJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ItemJson<'a> {
    pub number: Option<&'a str>,
    pub title: &'a str,
    pub text: &'a str,
    pub deadline_text: Option<&'a str>,
    /// Every resolved due date, in the order stated (ISO dates).
    pub due: Vec<NaiveDate>,
    /// Every deadline phrase with its resolution, span and labels.
    pub deadlines: &'a [Deadline],
    pub target: Option<&'a str>,
    pub interim: &'a Report,
    pub year_end: &'a Report,
    /// 1.0 = 100 %.
    pub achievement: Option<f64>,
    pub self_assessment: Option<&'a str>,
    pub owners: &'a [String],
    pub cell: &'a CellRef,
    pub cells: &'a ItemCells,
    /// Columns and row labels without a field of their own.
    pub extras: &'a [ExtraField],
}

impl<'a> SheetJson<'a> {
    pub fn new(report: &'a SheetReport) -> Self {
        SheetJson {
            file: &report.file,
            sheet: &report.sheet,
            fiscal_year: report.fiscal_year.0,
            nendo: report.fiscal_year.japanese(),
            department: &report.department,
            fiscal_year_from: &report.reading.fiscal_year_from,
            department_from: &report.reading.department_from,
            layout: &report.layout,
            goals: report.goals.iter().map(GoalJson::new).collect(),
            warnings: &report.warnings,
            coverage: &report.reading.coverage,
            tables: &report.reading.tables,
        }
    }
}

impl<'a> GoalJson<'a> {
    pub fn new(goal: &'a Goal) -> Self {
        GoalJson {
            number: goal.number.as_deref(),
            title: &goal.title,
            priority: goal.priority.as_deref(),
            targets: &goal.targets,
            plan_positions: &goal.plan_positions,
            cell: goal.cell.as_ref(),
            extras: &goal.extras,
            items: goal.items.iter().map(ItemJson::new).collect(),
        }
    }
}

impl<'a> ItemJson<'a> {
    pub fn new(item: &'a ActionItem) -> Self {
        ItemJson {
            number: item.number(),
            title: item.title(),
            text: item.text(),
            deadline_text: item.deadline_text(),
            due: item.due_dates(),
            deadlines: &item.deadlines,
            target: item.target(),
            interim: &item.interim,
            year_end: &item.year_end,
            achievement: item.achievement,
            self_assessment: item.self_assessment(),
            owners: &item.owners,
            cell: &item.cell,
            cells: &item.cells,
            extras: &item.extras,
        }
    }
}
