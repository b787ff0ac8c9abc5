//! A sheet's reports from its analysis: one per department its goal blocks
//! name (one for most sheets) and per fiscal year its multi-year rows name,
//! plus the sheet's own year for items without such rows; goals confirmed
//! against a goal list.

use std::collections::BTreeSet;
use std::path::Path;

use crate::calendar::{FiscalYear, extract_deadlines};
use crate::grid::Grid;
use crate::model::{
    CellRef, ExtraField, Goal, ItemField, Layouts, Origin, Reading, Report, SheetReport, Warning,
};

use super::dictionary;
use super::sheet::{DraftGoal, SheetAnalysis};
use super::text;

/// What every report of a sheet shares.
pub(super) struct SheetContext<'a> {
    pub file: &'a Path,
    pub grid: &'a Grid,
    /// The sheet's own fiscal year.
    pub fy: FiscalYear,
    /// The sheet's department, for goals whose block names none.
    pub department: &'a str,
    pub reading: Reading,
    /// Goals listed on a goal-list sheet of the workbook.
    pub goal_list: &'a [Goal],
    pub placeholders: &'a [String],
    /// What a department label on a sheet names.
    pub labels: &'a super::department::DepartmentLabels<'a>,
    /// Added to every report whose department is 部局不明.
    pub unknown_department: Option<Warning>,
    pub dict: &'a dictionary::FieldDictionary,
}

/// Builds a sheet's reports.
pub(super) fn assemble(ctx: &SheetContext<'_>, analysis: SheetAnalysis) -> Vec<SheetReport> {
    let layout = Layouts::of(analysis.layouts.iter().copied());
    let goals: Vec<DraftGoal> = analysis
        .goals
        .into_iter()
        .filter(|g| !g.items.is_empty() || !g.from_heading)
        .map(|mut g| {
            confirm_with_list(&mut g.goal, ctx.goal_list);
            g
        })
        .collect();
    // Goals by the department their block names, in order of appearance.
    let mut groups: Vec<(String, Option<Origin>, Vec<DraftGoal>)> = Vec::new();
    for g in goals {
        let (department, origin) = match &g.department {
            Some((name, cell)) => {
                let (name, origin) = ctx.labels.of(name, cell);
                (name, Some(origin))
            }
            None => (ctx.department.to_string(), None),
        };
        match groups.iter_mut().find(|(d, _, _)| *d == department) {
            Some(group) => group.2.push(g),
            None => groups.push((department, origin, vec![g])),
        }
    }
    if groups.is_empty() {
        groups.push((ctx.department.to_string(), None, Vec::new()));
    }
    let mut warnings = Some(analysis.warnings);
    let mut reports = Vec::new();
    for (department, origin, goals) in groups {
        let mut reading = ctx.reading.clone();
        if let Some(origin) = origin {
            reading.department_from = origin;
        }
        let (by_year, stated_years) = by_fiscal_year(ctx, &goals);
        for YearGoals {
            year,
            origin: year_origin,
            goals: out_goals,
        } in by_year
        {
            let mut report_warnings = if year == ctx.fy || stated_years == 1 {
                warnings.take().unwrap_or_default()
            } else {
                Vec::new()
            };
            if department == super::department::UNKNOWN_DEPARTMENT
                && let Some(w) = &ctx.unknown_department
            {
                report_warnings.push(w.clone());
            }
            let mut reading = reading.clone();
            if let Some(origin) = year_origin {
                reading.fiscal_year_from = origin;
            }
            reports.push(SheetReport {
                file: ctx.file.to_path_buf(),
                sheet: ctx.grid.name.clone(),
                fiscal_year: year,
                department: department.clone(),
                layout: layout.clone(),
                goals: out_goals,
                warnings: report_warnings,
                reading,
            });
        }
    }
    if let (Some(w), Some(first)) = (warnings, reports.first_mut()) {
        first.warnings.extend(w);
    }
    reports
}

/// The goals of one fiscal year, and the row label that names the year
/// (none for the sheet's own year).
struct YearGoals {
    year: FiscalYear,
    origin: Option<Origin>,
    goals: Vec<Goal>,
}

/// The goals of each fiscal year: the years the items' multi-year rows
/// name (with the row label that names each, for where the year came
/// from), and the sheet's own year for items without such rows; and how
/// many years the rows name.
fn by_fiscal_year(ctx: &SheetContext<'_>, goals: &[DraftGoal]) -> (Vec<YearGoals>, usize) {
    let fy = ctx.fy;
    let mut years: BTreeSet<FiscalYear> = BTreeSet::new();
    // The years rows name in a column of years: each such row is an item
    // of its year.
    let mut row_years: BTreeSet<FiscalYear> = BTreeSet::new();
    let mut plain = false;
    for g in goals {
        for i in &g.items {
            match &i.own_year {
                Some((year, _)) => {
                    row_years.insert(*year);
                }
                None if i.years.is_empty() => plain = true,
                None => {}
            }
            years.extend(i.years.keys().copied());
        }
    }
    if years.is_empty() && row_years.is_empty() {
        plain = true;
    }
    let mut all_years: Vec<FiscalYear> = years.iter().copied().collect();
    if plain && !years.contains(&fy) {
        all_years.push(fy);
        all_years.sort();
    }
    // A sheet that states its own year elsewhere than on the rows (its
    // title, a 年度 label, its name, the file name) and whose rows name that
    // year is that year's: the rows of the years around it tell what was
    // done before and what is planned after, kept with each item, no items
    // of years of their own.
    // Failing that, the file name's year (`…_令和8年度.xlsx` under a title
    // naming the plan's span), where the rows name it.
    let own = if states_own_year(ctx, goals) && years.contains(&fy) {
        Some(fy)
    } else {
        ctx.file
            .file_stem()
            .and_then(|s| text::fiscal_year_in_file_name(&s.to_string_lossy()))
            .filter(|y| years.contains(y))
    };
    let own_year = own.is_some();
    let fy = own.unwrap_or(fy);
    if own_year {
        all_years = vec![fy];
    }
    all_years.extend(row_years.iter().copied());
    all_years.sort();
    all_years.dedup();
    let mut out = Vec::new();
    for year in all_years {
        let mut origin = None;
        let mut out_goals = Vec::new();
        for g in goals {
            let mut goal = g.goal.clone();
            for d in &g.items {
                if let Some((row_year, cell)) = &d.own_year {
                    if *row_year == year {
                        goal.items.push(d.item.clone());
                        if year != fy && origin.is_none() {
                            origin = Some(Origin::Label { cell: cell.clone() });
                        }
                    }
                    continue;
                }
                if d.years.is_empty() {
                    if year == fy {
                        goal.items.push(d.item.clone());
                    }
                    continue;
                }
                let Some(entry) = d.years.get(&year) else {
                    continue;
                };
                if origin.is_none() {
                    origin = entry.label.clone().map(|cell| Origin::Label { cell });
                }
                let mut item = d.item.clone();
                item.interim = Report::NotInLayout;
                item.set_deadline_text(None);
                item.deadlines = Vec::new();
                item.cells.set(ItemField::Deadline, None);
                if let Some((plan, cell)) = &entry.plan {
                    // A plan that states no date is the year's plan, no
                    // deadline: kept as what it is. A date inside a target
                    // it states (年度末フォロワー数9,000を目標) is part of
                    // the target.
                    let found = extract_deadlines(plan, year);
                    let deadlines = super::measure::outside_measures(plan, found, ctx.dict);
                    if deadlines.is_empty() {
                        item.extras.push(year_row_field(year, "計画", plan, cell));
                    } else {
                        item.deadlines = deadlines;
                        item.set_deadline_text(Some(plan));
                        item.cells.set(ItemField::Deadline, Some(cell.clone()));
                    }
                }
                if own_year {
                    for (other, entry) in d.years.iter().filter(|(y, _)| **y != year) {
                        item.extras.extend(other_year_fields(*other, entry));
                    }
                }
                let (year_end, cell) = year_report(entry.result.as_ref(), ctx.placeholders);
                item.year_end = year_end.unwrap_or(Report::Empty);
                item.cells.set(ItemField::YearEnd, cell);
                let (interim, cell) = year_report(entry.interim.as_ref(), ctx.placeholders);
                item.interim = interim.unwrap_or(Report::NotInLayout);
                item.cells.set(ItemField::Interim, cell);
                match &entry.achievement {
                    Some((value, cell)) => {
                        item.achievement = *value;
                        item.cells.set(ItemField::Achievement, Some(cell.clone()));
                    }
                    None => {
                        item.achievement = None;
                        item.cells.set(ItemField::Achievement, None);
                    }
                }
                goal.items.push(item);
            }
            if !goal.items.is_empty() || g.items.is_empty() {
                out_goals.push(goal);
            }
        }
        // The sheet's own year keeps the sheet's origin.
        let origin = if year == fy && plain { None } else { origin };
        out.push(YearGoals {
            year,
            origin,
            goals: out_goals,
        });
    }
    (out, years.union(&row_years).count())
}

/// Whether a sheet's own year is stated elsewhere than on its multi-year
/// rows: by its title, a 年度 label that is no year row's, its name, the
/// file name or the configuration.
fn states_own_year(ctx: &SheetContext<'_>, goals: &[DraftGoal]) -> bool {
    let a_year_row = |cell: &CellRef| {
        goals
            .iter()
            .flat_map(|g| &g.items)
            .flat_map(|i| i.years.values())
            .any(|e| e.label.as_ref() == Some(cell))
    };
    // A title naming a span of years (令和4年度～令和8年度, 令和5～6年度計画)
    // names the plan's period, not the sheet's year.
    let names_a_span = |cell: &CellRef| {
        ctx.grid
            .text(cell.row, cell.col)
            .is_some_and(|t| t.contains(['～', '〜', '~']))
    };
    match &ctx.reading.fiscal_year_from {
        Origin::Unknown | Origin::Saved { .. } => false,
        Origin::Label { cell } => !a_year_row(cell),
        Origin::Title { cell } => !a_year_row(cell) && !names_a_span(cell),
        _ => true,
    }
}

/// A multi-year row kept with its item as an extra field (`令和9年度 計画`).
fn year_row_field(year: FiscalYear, what: &str, text: &str, cell: &CellRef) -> ExtraField {
    ExtraField {
        header: format!("{} {what}", year.japanese()).into(),
        text: text.into(),
        cell: cell.clone(),
    }
}

/// The rows of another year than the sheet's, kept with the item: its
/// plan and what was reported of it.
fn other_year_fields(year: FiscalYear, entry: &super::sheet::YearEntryView) -> Vec<ExtraField> {
    let mut fields = Vec::new();
    if let Some((plan, cell)) = &entry.plan {
        fields.push(year_row_field(year, "計画", plan, cell));
    }
    for (what, row) in [("中間の実績", &entry.interim), ("実績", &entry.result)] {
        if let Some((Some(text), cell)) = row {
            fields.push(year_row_field(year, what, text, cell));
        }
    }
    if let Some((Some(rate), cell)) = &entry.achievement {
        let percent = format!("{}%", (rate * 100.0).round());
        fields.push(year_row_field(year, "達成度", &percent, cell));
    }
    fields
}

/// A report of a multi-year row (its text, none while empty, and cell):
/// the report and its cell, or none where the rows have no such row.
fn year_report(
    row: Option<&(Option<String>, CellRef)>,
    placeholders: &[String],
) -> (Option<Report>, Option<CellRef>) {
    let Some((text, cell)) = row else {
        return (None, None);
    };
    let report = match text {
        Some(t) if !text::is_placeholder(t, placeholders) => Report::Filled(t.as_str().into()),
        _ => Report::Empty,
    };
    (Some(report), Some(cell.clone()))
}

/// Takes the priority (and number) of the same goal from a goal list.
fn confirm_with_list(goal: &mut Goal, list: &[Goal]) {
    if let Some(listed) = listed_goal(&goal.title, list) {
        if goal.priority.is_none() {
            goal.priority = listed.priority.clone();
        }
        if goal.number.is_none() {
            goal.number = listed.number.clone();
        }
    }
}

/// The listed goal a sheet's goal title names. Titles are compared ever
/// more loosely — as written (width folded, runs of spaces as one), then
/// without any spaces or line breaks, then without bracketed notes and
/// leading marks — and the first comparison that finds anything decides:
/// one match is the goal, several (goals told apart only by what that
/// comparison ignores) are none.
fn listed_goal<'a>(title: &str, list: &'a [Goal]) -> Option<&'a Goal> {
    let keys: [fn(&str) -> String; 3] = [title_as_written, title_without_spaces, |t| {
        dictionary::normalize_label(t)
    }];
    for key in keys {
        let wanted = key(title);
        if wanted.is_empty() {
            continue;
        }
        let mut found = list.iter().filter(|l| key(&l.title) == wanted);
        match (found.next(), found.next()) {
            (Some(one), None) => return Some(one),
            (Some(_), Some(_)) => return None,
            _ => {}
        }
    }
    None
}

/// A title width-folded, with every run of spaces and line breaks as one
/// space and none at the ends.
fn title_as_written(title: &str) -> String {
    let folded: String = title.chars().map(dictionary::fold_width).collect();
    text::one_line(&folded)
}

/// A title width-folded and lower-cased, without spaces or line breaks.
fn title_without_spaces(title: &str) -> String {
    title
        .chars()
        .map(|c| dictionary::fold_width(c).to_ascii_lowercase())
        .filter(|c| !c.is_whitespace())
        .collect()
}
