//! Small SheetReports built in code for the consolidation tests.

use crate::model::LayoutKind;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::model::{ImportProblem, ProblemKind, SourceFile};
use crate::calendar::{Deadline, DeadlineKind, FiscalYear, Precision};
use crate::model::{
    ActionItem, CellRef, Goal, ItemCells, ItemField, ItemTexts, Report, SheetReport,
};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn at(y: i32, m: u32, day: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, h, 0, 0).unwrap()
}

pub fn due(date: NaiveDate) -> Deadline {
    Deadline {
        kind: DeadlineKind::Due {
            date,
            precision: Precision::Day,
        },
        span: 0..0,
        phrase: date.to_string().into(),
        labels: Vec::new(),
    }
}

pub(crate) fn ongoing() -> Deadline {
    without_date(DeadlineKind::Ongoing, "通年")
}

pub(crate) fn undecided() -> Deadline {
    without_date(DeadlineKind::Undecided, "未定")
}

fn without_date(kind: DeadlineKind, phrase: &str) -> Deadline {
    Deadline {
        kind,
        span: 0..phrase.len(),
        phrase: phrase.into(),
        labels: Vec::new(),
    }
}

pub fn item(sheet: &str, row: u32, title: &str) -> ActionItem {
    ActionItem {
        texts: ItemTexts::new(Some(&format!("({row})")), title, title, None, None, None),
        deadlines: Vec::new(),
        interim: Report::Empty,
        year_end: Report::Empty,
        achievement: None,
        owners: vec!["企画課".into()],
        cell: CellRef::new(sheet, row, 2),
        // The report cells beside the title: 中間報告 in E, 期末報告 in F.
        cells: ItemCells::default()
            .with(ItemField::Interim, CellRef::new(sheet, row, 4))
            .with(ItemField::YearEnd, CellRef::new(sheet, row, 5)),
        extras: Vec::new(),
    }
}

pub fn goal(number: &str, title: &str, items: Vec<ActionItem>) -> Goal {
    Goal {
        number: Some(number.into()),
        title: title.into(),
        priority: None,
        targets: Vec::new(),
        plan_positions: Vec::new(),
        items,
        cell: None,
        extras: Vec::new(),
    }
}

pub fn report(file: &str, sheet: &str, fy: i32, department: &str, goals: Vec<Goal>) -> SheetReport {
    SheetReport {
        file: PathBuf::from(file),
        sheet: sheet.into(),
        fiscal_year: FiscalYear(fy),
        department: department.into(),
        layout: LayoutKind::Table.into(),
        goals,
        warnings: Vec::new(),
        reading: Default::default(),
    }
}

pub fn source(path: &str, reports: Vec<SheetReport>) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        modified: Some(at(2026, 5, 1, 0)),
        reports: reports.into(),
        problems: Vec::new(),
        stale: false,
    }
}

pub fn problem(path: &str, message: &str, kind: ProblemKind) -> ImportProblem {
    ImportProblem {
        file: PathBuf::from(path),
        sheet: None,
        cell: None,
        message: message.into(),
        text: None,
        since: Some(at(2026, 5, 2, 3)),
        kind,
    }
}
