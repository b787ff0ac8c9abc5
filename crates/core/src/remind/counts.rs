//! The counts of every department on a day, as the planning digest and
//! `status` show them: by the name a department's mail goes to, in the
//! status words and with the counts of the consolidated workbook's 概要
//! ([`crate::consolidate::status`]). Pure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::config::RemindConfig;
use super::route::department_name;
use crate::calendar::FiscalYear;
use crate::consolidate::status::{Counts, ReportingDates, item_state};
use crate::model::SheetReport;

/// The counts of every department (by the name its mail goes to) in each
/// fiscal year of `reports`, on `today`.
pub fn department_counts(
    reports: &[&SheetReport],
    cfg: &RemindConfig,
    today: NaiveDate,
) -> BTreeMap<(FiscalYear, String), Counts> {
    let mut rows: BTreeMap<(FiscalYear, String), (Counts, BTreeSet<&Path>)> = BTreeMap::new();
    for r in reports {
        let name = department_name(cfg, &r.department);
        let reporting = ReportingDates::of(&cfg.reminders, r.fiscal_year);
        let (counts, files) = rows.entry((r.fiscal_year, name)).or_default();
        files.insert(r.file.as_path());
        counts.goals += r.goals.len() as u64;
        for (_, item) in r.items() {
            let (_, status) = item_state(item, &reporting, today);
            counts.add_item(item, status, &reporting, today);
        }
    }
    rows.into_iter()
        .map(|(key, (mut counts, files))| {
            counts.files = files.len() as u64;
            (key, counts)
        })
        .collect()
}

/// One fiscal year's counts on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearCounts {
    /// Start year: 2026 = 令和8年度.
    pub fiscal_year: i32,
    pub nendo: String,
    /// The day the statuses are of.
    pub as_of: NaiveDate,
    pub interim_due: Option<NaiveDate>,
    pub year_end_due: Option<NaiveDate>,
    pub totals: Counts,
    pub departments: Vec<DepartmentCounts>,
}

/// One department's counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentCounts {
    pub department: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// The counts of [`department_counts`], by fiscal year, with their totals.
pub fn year_counts(
    reports: &[&SheetReport],
    cfg: &RemindConfig,
    today: NaiveDate,
) -> Vec<YearCounts> {
    let mut years: BTreeMap<FiscalYear, YearCounts> = BTreeMap::new();
    for ((fy, department), counts) in department_counts(reports, cfg, today) {
        let year = years.entry(fy).or_insert_with(|| {
            let reporting = ReportingDates::of(&cfg.reminders, fy);
            YearCounts {
                fiscal_year: fy.0,
                nendo: fy.japanese(),
                as_of: today,
                interim_due: reporting.interim_due,
                year_end_due: reporting.year_end_due,
                totals: Counts::default(),
                departments: Vec::new(),
            }
        });
        year.totals.merge(&counts);
        year.departments
            .push(DepartmentCounts { department, counts });
    }
    years.into_values().collect()
}
