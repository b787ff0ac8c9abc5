//! Interpretation of department goal workbooks: the cell grids of a
//! workbook (already read) → one [`SheetReport`] per sheet and fiscal year.
//!
//! Pure: the file path is only a value (its name gives a fallback fiscal
//! year and department), the dictionary and the options are values; no
//! file, clock or environment is read.
//!
//! Layouts are recognised by the words of the [`FieldDictionary`], not per
//! city: header-row tables anywhere on a sheet (one- or two-row headers),
//! label–value blocks repeated per record (including multi-year rows such as
//! `R4年度実績` / `R5年度計画`, each of which lands in its own fiscal year's
//! report), and 【labelled】 sections inside one cell. Goal-list sheets
//! (No. / 重点目標 / 優先順位) confirm the goals of the per-goal sheets and
//! give their priority; they are reported only when no sheet has items.
//!
//! Resolution order — fiscal year: the sheet's title rows or a 年度 label,
//! another sheet of the same workbook, the file name (`令和8年度…`, `_R2`),
//! [`InterpretOptions::default_fiscal_year`]. Department: a 部局名 / 所属
//! label (or a head's title such as 総務部長) on the sheet or another sheet,
//! [`InterpretOptions::departments_by_file`], the file name.

pub mod dictionary;
mod sheet;
pub mod text;

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use crate::calendar::{FiscalYear, extract_deadlines};
use crate::model::{Goal, ItemField, Report, SheetReport, Warning};
use crate::workbook::Grid;

pub use dictionary::{DEFAULT_DICTIONARY, DictionaryError, Field, FieldDictionary};

use sheet::{DraftGoal, Labels, Recognisers, SheetParser, sheet_fiscal_year};
use text::fiscal_year_in_file_name;

/// Options of the interpretation (the `[parse]` section of the
/// configuration).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct InterpretOptions {
    /// Report cell texts that count as empty (besides blank cells).
    pub empty_placeholders: Vec<String>,
    /// The fiscal year (start year) when neither the sheets nor the file
    /// name state one.
    pub default_fiscal_year: Option<i32>,
    /// Departments by file-name pattern, when the sheets name none.
    pub departments_by_file: Vec<FilePattern>,
    /// Layouts pinned to files by pattern.
    pub pins: Vec<LayoutPin>,
}

impl Default for InterpretOptions {
    fn default() -> Self {
        InterpretOptions {
            empty_placeholders: ["－", "-", "ー", "未記入", "未入力", "なし", "空欄"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            default_fiscal_year: None,
            departments_by_file: Vec::new(),
            pins: Vec::new(),
        }
    }
}

/// A department for the files whose name matches `pattern`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FilePattern {
    /// Glob-like: `*` any run of characters, `?` one character. Matched
    /// against the file name, or the whole path when it contains `/`.
    pub pattern: String,
    pub department: String,
}

/// A layout forced on the files whose name matches `pattern`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutPin {
    pub pattern: String,
    pub layout: PinnedLayout,
}

/// What a pin allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PinnedLayout {
    /// Header-row tables only.
    Table,
    /// Label–value blocks and headings only.
    Blocks,
    /// Never a goal sheet: skipped.
    NotAGoalSheet,
}

/// What a workbook yields.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkbookOutcome {
    /// One report per sheet and fiscal year.
    Reports(Vec<SheetReport>),
    /// Not a goal workbook (a staff list, an unrelated file): skipped.
    NotAGoalSheet { reason: String },
    /// A goal workbook whose fiscal year is stated nowhere and no default
    /// was configured.
    NoFiscalYear { reason: String },
}

impl WorkbookOutcome {
    /// The reports, empty when the workbook was skipped.
    pub fn reports(&self) -> &[SheetReport] {
        match self {
            WorkbookOutcome::Reports(r) => r,
            _ => &[],
        }
    }
}

/// Interprets the sheets of one workbook.
pub fn interpret_workbook(
    file: &Path,
    sheets: &[Grid],
    dict: &FieldDictionary,
    opts: &InterpretOptions,
) -> WorkbookOutcome {
    let pin = opts
        .pins
        .iter()
        .find(|p| file_matches(&p.pattern, file))
        .map(|p| p.layout);
    let recognisers = match pin {
        Some(PinnedLayout::NotAGoalSheet) => {
            return WorkbookOutcome::NotAGoalSheet {
                reason: "pinned as not a goal sheet".into(),
            };
        }
        Some(PinnedLayout::Table) => Recognisers {
            tables: true,
            blocks: false,
        },
        Some(PinnedLayout::Blocks) => Recognisers {
            tables: false,
            blocks: true,
        },
        None => Recognisers {
            tables: true,
            blocks: true,
        },
    };
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();

    let labels: Vec<Labels> = sheets.iter().map(|g| Labels::new(g, dict)).collect();
    let sheet_years: Vec<Option<FiscalYear>> = sheets
        .iter()
        .zip(&labels)
        .map(|(g, l)| sheet_fiscal_year(g, l))
        .collect();
    let workbook_year = sheet_years
        .iter()
        .flatten()
        .next()
        .copied()
        .or_else(|| fiscal_year_in_file_name(&stem))
        .or(opts.default_fiscal_year.map(FiscalYear));

    let analyses: Vec<_> = sheets
        .iter()
        .zip(&labels)
        .zip(&sheet_years)
        .map(|((grid, labels), fy)| {
            let fy = fy.or(workbook_year);
            let analysis = SheetParser::new(
                grid,
                dict,
                labels,
                &opts.empty_placeholders,
                fy.unwrap_or(FiscalYear(0)),
                recognisers,
            )
            .run();
            (grid, fy, analysis)
        })
        .collect();

    let has_items = analyses
        .iter()
        .any(|(_, _, a)| a.item_count() > 0 || a.found_item_header);
    let has_goal_list = analyses.iter().any(|(_, _, a)| !a.goal_list.is_empty());
    if !has_items && !has_goal_list {
        return WorkbookOutcome::NotAGoalSheet {
            reason: format!(
                "no item table, label block or goal list found in {} sheet(s)",
                sheets.len()
            ),
        };
    }
    let Some(_) = workbook_year else {
        return WorkbookOutcome::NoFiscalYear {
            reason: "no fiscal year in the sheets or the file name, and no default configured"
                .into(),
        };
    };

    let department = analyses
        .iter()
        .find_map(|(_, _, a)| a.department.clone())
        .or_else(|| {
            opts.departments_by_file
                .iter()
                .find(|p| file_matches(&p.pattern, file))
                .map(|p| p.department.clone())
        })
        .unwrap_or_else(|| stem.clone());
    let goal_list: Vec<Goal> = analyses
        .iter()
        .flat_map(|(_, _, a)| a.goal_list.iter().cloned())
        .collect();

    let mut reports = Vec::new();
    for (grid, fy, analysis) in analyses {
        let Some(fy) = fy else { continue };
        let department = analysis
            .department
            .clone()
            .unwrap_or_else(|| department.clone());
        if has_items {
            if analysis.item_count() == 0 && !analysis.found_item_header {
                continue;
            }
            reports.extend(assemble(
                file,
                grid,
                fy,
                &department,
                analysis,
                &goal_list,
                &opts.empty_placeholders,
            ));
        } else if !analysis.goal_list.is_empty() {
            let mut warnings = analysis.warnings;
            warnings.push(Warning {
                cell: analysis.goal_list[0].cell.clone(),
                message: "goals listed but no items found in the workbook".into(),
            });
            reports.push(SheetReport {
                file: file.to_path_buf(),
                sheet: grid.name.clone(),
                fiscal_year: fy,
                department,
                layout: "goal_list".into(),
                goals: analysis.goal_list,
                warnings,
            });
        }
    }
    WorkbookOutcome::Reports(reports)
}

/// Builds a sheet's reports: one per fiscal year its multi-year rows name,
/// plus the sheet's own year for items without such rows.
fn assemble(
    file: &Path,
    grid: &Grid,
    fy: FiscalYear,
    department: &str,
    analysis: sheet::SheetAnalysis,
    goal_list: &[Goal],
    placeholders: &[String],
) -> Vec<SheetReport> {
    let layout = if analysis.layouts.is_empty() {
        "table".to_string()
    } else {
        analysis.layouts.join("+")
    };
    let goals: Vec<DraftGoal> = analysis
        .goals
        .into_iter()
        .filter(|g| !g.items.is_empty() || !g.from_heading)
        .map(|mut g| {
            confirm_with_list(&mut g.goal, goal_list);
            g
        })
        .collect();
    let mut years: BTreeSet<FiscalYear> = BTreeSet::new();
    let mut plain = false;
    for g in &goals {
        for i in &g.items {
            if i.years.is_empty() {
                plain = true;
            }
            years.extend(i.years.keys().copied());
        }
    }
    if years.is_empty() {
        plain = true;
    }
    let mut reports = Vec::new();
    let mut all_years: Vec<(FiscalYear, bool)> = years.iter().map(|&y| (y, false)).collect();
    if plain && !years.contains(&fy) {
        all_years.push((fy, true));
        all_years.sort();
    }
    let mut warnings = Some(analysis.warnings);
    for (year, _) in all_years {
        let mut out_goals = Vec::new();
        for g in &goals {
            let mut goal = g.goal.clone();
            for d in &g.items {
                if d.years.is_empty() {
                    if year == fy {
                        goal.items.push(d.item.clone());
                    }
                    continue;
                }
                let Some(entry) = d.years.get(&year) else {
                    continue;
                };
                let mut item = d.item.clone();
                item.interim = Report::NotInLayout;
                item.set_deadline_text(None);
                item.deadlines = Vec::new();
                item.cells.set(ItemField::Deadline, None);
                if let Some((plan, cell)) = &entry.plan {
                    item.deadlines = extract_deadlines(plan, year);
                    item.set_deadline_text(Some(plan));
                    item.cells.set(ItemField::Deadline, Some(cell.clone()));
                }
                match &entry.result {
                    Some((text, cell)) => {
                        item.year_end = if text::is_placeholder(text, placeholders) {
                            Report::Empty
                        } else {
                            Report::Filled(text.as_str().into())
                        };
                        item.cells.set(ItemField::YearEnd, Some(cell.clone()));
                    }
                    None => {
                        item.year_end = Report::Empty;
                        item.cells.set(ItemField::YearEnd, None);
                    }
                }
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
        reports.push(SheetReport {
            file: file.to_path_buf(),
            sheet: grid.name.clone(),
            fiscal_year: year,
            department: department.to_string(),
            layout: layout.clone(),
            goals: out_goals,
            warnings: if year == fy || years.len() == 1 {
                warnings.take().unwrap_or_default()
            } else {
                Vec::new()
            },
        });
    }
    if let (Some(w), Some(first)) = (warnings, reports.first_mut()) {
        first.warnings.extend(w);
    }
    reports
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
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title width-folded and lower-cased, without spaces or line breaks.
fn title_without_spaces(title: &str) -> String {
    title
        .chars()
        .map(|c| dictionary::fold_width(c).to_ascii_lowercase())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Whether a file matches a glob-like pattern (`*`, `?`), by name or, when
/// the pattern contains `/`, by whole path.
pub fn file_matches(pattern: &str, file: &Path) -> bool {
    let subject = if pattern.contains('/') {
        file.to_string_lossy().into_owned()
    } else {
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    crate::pattern::matches(pattern, &subject)
}

#[cfg(test)]
mod tests;
