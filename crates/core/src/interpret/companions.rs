//! Report workbooks kept beside a plan: a department keeps its plan in one
//! workbook and its reports in others beside it — `R8_総務部.xlsx` with
//! `R8_総務部_中間報告.xlsx` and `R8_総務部_実績.xlsx` (or 上期 / 下期, or one
//! per quarter) — one row per item, keyed by the item's number and an
//! abbreviated title. Each workbook read alone gives such a workbook's rows
//! as items with the report of the period its columns, file name or title
//! name; this stage, over the folder's workbooks as read (values in, value
//! out), joins them to the plan's items.
//!
//! - A workbook is a report workbook of a plan when both lie in one folder,
//!   its name is the plan's stem followed by a separator and any parts more
//!   (`_中間報告`, `（実績）`, `_進捗_第2四半期`), or the plan's stem less its
//!   last part (or a first part of the plan's stem: `商工労働部_中間報告`
//!   beside `商工労働部_目標_R8`) with one part more, and its rows report on the plan's
//!   items: it has a report column (or its items' column is headed for a
//!   report and read next as one: `No | 中間報告（10月） | 年度末報告`, with no
//!   titles, its rows keyed by number alone) and no deadline, and at least half of
//!   its rows, and one or more, name an item of the plan of the same
//!   fiscal year — by number (widths and dashes folded, [`number_key`]; a
//!   title beside it must abbreviate the item's: its characters in order,
//!   `台帳電子化` for `文書台帳の電子化`), or by title when the rows have no
//!   numbers. A `[[parse.layouts]]` entry with a `companion` table names
//!   such a workbook by file pattern, with its plan, its period and its key,
//!   for names and rows that do not follow the rule.
//! - A report workbook named otherwise is its folder's plan's when its rows
//!   name the items of one workbook there alone that is no report table (a
//!   department's folder: `報告_中間・年度末（教委）` beside
//!   `令和8年度_教育委員会事務局_目標`, or `進捗報告_export_20261020.csv`
//!   beside the plan and a 課's cards).
//! - Of the plans its name may belong to, one that is itself a report
//!   table is none while another is there; the longest stem wins.
//! - The part of its name after the plan's stem may name a part of the
//!   year ([`period_named`]): one the milestones make a report (第2四半期,
//!   9月末時点, 中間) gives that report alone, from its progress column, never
//!   from a column that plans ahead ([`FieldDictionary::plans_ahead`]:
//!   the words of `[plans_ahead]` in the dictionary); one that is no
//!   milestone (第1四半期, 4～6月) is joined but gives no report. Where
//!   several report workbooks give one report, the one whose name names
//!   its period gives it.
//! - Each item of the plan takes each report the workbook holds from its
//!   row: the text, and the cell, named as a cell of that workbook
//!   ([`CellRef::in_workbook`]) so that a mail and 未提出 name the cell to
//!   fill there. A report the plan's own cell already holds stays. An item
//!   with no row has that report empty with no cell to write it in (記入欄
//!   なし): no mail can point at a cell, so none asks for it; the plan's
//!   sheet is warned of the missing numbers, naming the workbook to add the
//!   rows to (on 取込エラー). A row naming no item is warned of with its cell.
//! - The report workbook then reports nothing of its own (its rows are no
//!   items): a note says whose reports it holds. When its plan is there
//!   but cannot be read, its rows wait for it, not counted as items.
//! - Only the files that change are read again; the join runs over what is
//!   known of every file (the last good reads of files that now fail), so a
//!   save of either workbook is joined with the other as last read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::dictionary::{Field, FieldDictionary, ReportPeriod, normalize_label, normalize_word};
use super::periods::{
    Milestones, Period as YearPart, bracketed_period, elapsed_month_end, month_named,
    period_heading,
};
use super::sheet::number_key;
use super::{InterpretOptions, file_matches};
use crate::calendar::FiscalYear;
use crate::consolidate::copies::is_copy_name;
use crate::consolidate::model::{ImportProblem, ProblemKind, SourceFile};
use crate::model::{
    ActionItem, CellRef, ColumnReading, ExtraField, ItemField, LayoutKind, Layouts, Report, Role,
    SheetReport, Warning,
};

/// A report workbook as a `[[parse.layouts]]` entry names it
/// (`[parse.layouts.companion]`): the entry's `file` pattern matches it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CompanionMapping {
    /// Glob on the plan's file name in the same folder; by default the
    /// file whose stem the report workbook's name starts with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// The report its report column holds, whatever its header says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// How its rows name the plan's items (default: number, else title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<JoinKey>,
}

/// The report a report workbook holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Interim,
    YearEnd,
}

impl Period {
    /// The part of the year of the report.
    pub(crate) fn report_period(self) -> ReportPeriod {
        match self {
            Period::Interim => ReportPeriod::Interim,
            Period::YearEnd => ReportPeriod::YearEnd,
        }
    }

    fn field(self) -> ItemField {
        match self {
            Period::Interim => ItemField::Interim,
            Period::YearEnd => ItemField::YearEnd,
        }
    }
}

/// How a report workbook's rows name the plan's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinKey {
    Number,
    Title,
}

/// A report workbook joined to its plan, as `check --propose` names it
/// in a `[parse.layouts.companion]` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Join {
    pub report: PathBuf,
    pub plan: PathBuf,
    /// The reports it gives the plan's items: none where its name names a
    /// part of the year that is no milestone (第1四半期).
    pub periods: Vec<Period>,
    pub key: JoinKey,
    /// The part of its name that names a part of the year (`第1四半期`).
    pub part: Option<String>,
}

/// The folder's workbooks as read, with the report workbooks joined to
/// their plans (see the module docs): the same files in the same order.
/// A workbook named as a draft or as kept for reference beside the plan counts no items
/// ([`leave_out_drafts_and_references`]). A workbook whose name marks it a
/// copy (`copy_marks`, `folder.copy_marks` of the configuration: （旧）,
/// _old, コピー) beside one that is not joins none and is joined to none
/// ([`copies_beside_originals`]): the consolidation tells the copy from the
/// original. `opts` gives the `[[parse.layouts]]` entries naming report
/// workbooks and the milestones that say which part of the year a name
/// names is a report.
pub fn join_companions(
    files: &[SourceFile],
    dict: &FieldDictionary,
    opts: &InterpretOptions,
    copy_marks: &[String],
) -> Vec<SourceFile> {
    let files = &leave_out_drafts_and_references(files, dict);
    let mut out: Vec<SourceFile> = files.to_vec();
    let found = find_joins(
        files,
        dict,
        opts,
        &copies_beside_originals(files, copy_marks),
    );
    for (c, p) in &found.waiting {
        out[*c] = waiting(&files[*c], &files[*p].path);
    }
    // Rows of a report table alone (numbers and reports, no titles) that no
    // plan beside them takes are no items anyone could be asked about.
    let taken = |c: usize| {
        found.waiting.iter().any(|(w, _)| *w == c)
            || found.joins.values().flatten().any(|(j, _)| *j == c)
    };
    for (c, file) in files.iter().enumerate() {
        if rows_alone(file) && !taken(c) {
            out[c] = without_plan(file);
        }
    }
    for (p, companions) in found.joins {
        let mut reports: Vec<SheetReport> = files[p].reports.to_vec();
        for (c, companion) in &companions {
            companion.give(&mut reports);
            out[*c] = joined_note(&files[*c], &files[p].path, companion);
        }
        expect_periods_to_come(&mut reports, &companions);
        out[p].reports = Arc::from(reports);
    }
    out
}

/// A plan whose reports are kept in a series of workbooks named for parts
/// of the year (`…_進捗_6月末`, `…_進捗_9月末`: two or more) expects one
/// for each milestone as the year goes on: where the interim one is there
/// and the year-end one not yet (no `…_3月末` before the year ends), each
/// item's year-end report is still to be written, with no cell to name,
/// and the planning section is told which workbook is still to come. A
/// lone interim workbook says nothing of where the year-end report goes.
fn expect_periods_to_come(reports: &mut [SheetReport], companions: &[(usize, Companion)]) {
    let named: Vec<&Companion> = companions
        .iter()
        .map(|(_, c)| c)
        .filter(|c| c.named.is_some())
        .collect();
    let given = |period: Period| named.iter().any(|c| c.periods.contains(&period));
    if named.len() < 2 || !given(Period::Interim) || given(Period::YearEnd) {
        return;
    }
    let field = Period::YearEnd.field();
    for report in reports.iter_mut() {
        let mut expected = false;
        for goal in &mut report.goals {
            for item in &mut goal.items {
                let ours = report_mut(item, field);
                if matches!(ours, Report::NotInLayout) {
                    *ours = Report::Empty;
                    item.cells.set(field, None);
                    expected = true;
                }
            }
        }
        if expected {
            report.warnings.push(Warning {
                cell: None,
                message:
                    "報告は時期ごとのブックに記入されていますが、期末報告のブックはまだありません。\
                          作成されるまで、期末報告はメールでお願いしていません"
                        .into(),
            });
        }
    }
}

/// The report workbooks among `files` joined to their plans, plan by plan
/// (as [`join_companions`] joins them).
pub fn companion_joins(
    files: &[SourceFile],
    dict: &FieldDictionary,
    opts: &InterpretOptions,
    copy_marks: &[String],
) -> Vec<Join> {
    find_joins(
        files,
        dict,
        opts,
        &copies_beside_originals(files, copy_marks),
    )
    .joins
    .into_iter()
    .flat_map(|(p, companions)| {
        companions.into_iter().map(move |(c, companion)| Join {
            report: files[c].path.clone(),
            plan: files[p].path.clone(),
            periods: companion.periods,
            key: companion.key,
            part: companion.part,
        })
    })
    .collect()
}

/// The joins of a folder: each plan (by index) with its report workbooks,
/// and the report workbooks whose plan is there but cannot be read, with
/// that plan.
struct Joins {
    joins: BTreeMap<usize, Vec<(usize, Companion)>>,
    waiting: Vec<(usize, usize)>,
}

fn find_joins(
    files: &[SourceFile],
    dict: &FieldDictionary,
    opts: &InterpretOptions,
    copies: &[bool],
) -> Joins {
    let mut joins: BTreeMap<usize, Vec<(usize, Companion)>> = BTreeMap::new();
    let mut waiting = Vec::new();
    for (c, file) in files.iter().enumerate() {
        if copies[c] {
            continue;
        }
        let mapping = opts
            .layouts
            .iter()
            .find(|l| {
                l.companion.is_some()
                    && l.file
                        .as_deref()
                        .is_some_and(|p| file_matches(p, &file.path))
            })
            .and_then(|l| l.companion.clone());
        // A workbook of a series named for parts of the year (…_第1四半期)
        // holds that part's reports, even where its part is no report's and
        // its column was left as none.
        let in_series = names_part_of_year(&file.path, dict, &opts.milestones)
            && file_items(file).all(|i| i.cells.deadline().is_none());
        if file.reports.is_empty()
            || (mapping.is_none() && !is_report_table(file, dict) && !in_series)
        {
            continue;
        }
        let mapping = mapping.unwrap_or_default();
        let (mut plans, by_folder) =
            plans_of(files, c, mapping.plan.as_deref(), dict, &opts.milestones);
        plans.retain(|&p| !copies[p]);
        let join = |p: usize| {
            let named = named_after(&files[p].path, &file.path, dict, &opts.milestones);
            Companion::of(
                file,
                &files[p],
                &mapping,
                named.as_ref().map(|(n, _)| *n),
                dict,
                &opts.milestones,
            )
            .map(|mut companion| {
                companion.part = named.map(|(_, part)| part);
                (p, companion)
            })
        };
        let joined = if by_folder {
            // Plans beside it by their folder alone: the one its rows name.
            let mut joined = plans.iter().filter_map(|&p| join(p));
            match (joined.next(), joined.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        } else {
            plans.iter().find_map(|&p| join(p))
        };
        match joined {
            Some((p, companion)) => joins.entry(p).or_default().push((c, companion)),
            None => {
                // Its plan is beside it but gave no items: its rows wait.
                if let Some(&p) = plans.iter().find(|&&p| {
                    files[p].reports.is_empty()
                        && files[p]
                            .problems
                            .iter()
                            .any(|pr| pr.kind == ProblemKind::Error)
                }) {
                    waiting.push((c, p));
                }
            }
        }
    }
    for companions in joins.values_mut() {
        leave_periods_to_their_names(companions);
    }
    Joins { joins, waiting }
}

/// The workbooks that may be the plan of the report workbook `files[c]`,
/// the likeliest first: named as its plan ([`is_plan_name`]); a report
/// table itself only when no other is (a report workbook is no plan of
/// its siblings), nor one named for a part of the year (`…_第1四半期` is
/// one of a series beside `…_計画`); one named as a copy last; the
/// longest stem first (`…_進捗` before `…`). With them, whether they are
/// beside it by their folder alone, no name naming them its plan.
fn plans_of(
    files: &[SourceFile],
    c: usize,
    pattern: Option<&str>,
    dict: &FieldDictionary,
    milestones: &Milestones,
) -> (Vec<usize>, bool) {
    let mut plans: Vec<usize> = (0..files.len())
        .filter(|&p| p != c && is_plan_name(&files[p].path, &files[c].path, pattern))
        .collect();
    let by_folder = plans.is_empty() && pattern.is_none();
    if by_folder {
        // A folder of its own holding plans beside report workbooks named
        // as a clerk names them (`報告_中間・年度末（教委）` beside
        // `令和8年度_教育委員会事務局_目標`): each, for the one whose items
        // the rows name alone.
        let parent = files[c].path.parent();
        plans = (0..files.len())
            .filter(|&p| {
                p != c
                    && files[p].path.parent() == parent
                    && !files[p].reports.is_empty()
                    && !is_report_table(&files[p], dict)
            })
            .collect();
    }
    if plans.iter().any(|&p| !is_report_table(&files[p], dict)) {
        plans.retain(|&p| !is_report_table(&files[p], dict));
    }
    let in_series = |p: usize| names_part_of_year(&files[p].path, dict, milestones);
    if plans.iter().any(|&p| !in_series(p)) {
        plans.retain(|&p| !in_series(p));
    }
    // A plan whose name marks it as a copy or an earlier version (…_修正前,
    // … - コピー) comes after the others: the current plan takes the rows.
    let marks = crate::consolidate::copies::default_copy_marks();
    plans.sort_by_key(|&p| {
        (
            crate::consolidate::copies::is_copy_name(&files[p].path, &marks),
            std::cmp::Reverse(stem(&files[p].path).map_or(0, |s| s.chars().count())),
        )
    });
    (plans, by_folder)
}

/// Where several report workbooks of one plan give one report, the one
/// whose name names its period gives it: the others keep the rest (a
/// column headed for another period in a workbook named for one is left
/// to the workbook named for that period).
fn leave_periods_to_their_names(companions: &mut [(usize, Companion)]) {
    let named: Vec<Period> = companions
        .iter()
        .filter_map(|(_, c)| match c.named {
            Some(Named::Report(p)) => Some(p),
            _ => None,
        })
        .collect();
    for (_, companion) in companions.iter_mut() {
        let own = match companion.named {
            Some(Named::Report(p)) => Some(p),
            _ => None,
        };
        companion
            .periods
            .retain(|p| own == Some(*p) || !named.contains(p));
    }
}

/// A report workbook joined to its plan: what it reports, item by item.
#[derive(Debug)]
struct Companion {
    /// Its file name, naming its cells from the plan.
    name: String,
    /// The reports it holds.
    periods: Vec<Period>,
    /// Its rows by fiscal year: key, report per period, the row's cells.
    rows: Vec<Row>,
    /// Rows naming no item of the plan (warned of on the plan).
    unmatched: Vec<(FiscalYear, CellRef, String)>,
    key: JoinKey,
    /// The part of the year its name names after the plan's stem (or the
    /// configuration's period).
    named: Option<Named>,
    /// The part of its name that names it (`第1四半期`).
    part: Option<String>,
}

/// A row of a report workbook.
#[derive(Debug)]
struct Row {
    year: FiscalYear,
    number: Option<String>,
    title: String,
    reports: Vec<(Period, Report, Option<CellRef>)>,
}

impl Companion {
    /// `file` as a report workbook of `plan`, when its rows report on the
    /// plan's items (or the configuration says so).
    /// A workbook named for a milestone (`…_第2四半期`) gives that
    /// period's report alone; one named for another part of the year
    /// (`…_第1四半期`) gives none.
    fn of(
        file: &SourceFile,
        plan: &SourceFile,
        mapping: &CompanionMapping,
        named: Option<Named>,
        dict: &FieldDictionary,
        milestones: &Milestones,
    ) -> Option<Companion> {
        let named = mapping.period.map(Named::Report).or(named);
        let titled = titles_report(file, dict);
        let headed = if mapping.period.is_some() {
            Vec::new()
        } else {
            let mut headed = periods_headed(file, dict, milestones);
            headed.extend(titled.filter(|p| !headed.contains(p)));
            headed
        };
        let name = file_name(&file.path);
        let items: Vec<(FiscalYear, &ActionItem)> = file
            .reports
            .iter()
            .flat_map(|r| r.items().map(move |(_, i)| (r.fiscal_year, i)))
            .collect();
        let numbered = items.iter().all(|(_, i)| i.number().is_some());
        let key = mapping.key.unwrap_or(if numbered {
            JoinKey::Number
        } else {
            JoinKey::Title
        });
        let planned: Vec<(FiscalYear, &ActionItem)> = plan
            .reports
            .iter()
            .flat_map(|r| r.items().map(move |(_, i)| (r.fiscal_year, i)))
            .collect();
        let mut rows = Vec::new();
        let mut unmatched = Vec::new();
        for &(year, item) in &items {
            // A row's text under a report's heading is its report, no title.
            let title = if titled.is_some() { "" } else { item.title() };
            let names = planned
                .iter()
                .filter(|(y, p)| *y == year && names_item(item.number(), title, p, key))
                .count();
            let mut reports = reports_of(item, mapping.period, &name);
            if let Some(period) = titled
                && !reports.iter().any(|(p, _, _)| *p == period)
            {
                let cell = item.cells.title().map(|c| c.in_workbook(&name));
                reports.push((period, Report::Filled(item.text().into()), cell));
            }
            match named {
                Some(Named::Report(period)) => {
                    reports.retain(|(p, _, _)| *p == period || headed.contains(p));
                }
                Some(Named::Other) => reports.clear(),
                None => {}
            }
            // A row of the form left blank (a number, no title, no report)
            // names nothing to warn of.
            let blank = item.title().is_empty() && reports.iter().all(|(_, r, _)| !r.is_filled());
            if names == 0 && !blank {
                unmatched.push((
                    year,
                    item.cells
                        .number()
                        .unwrap_or_else(|| item.cell.clone())
                        .in_workbook(&name),
                    item.number().unwrap_or(item.title()).to_string(),
                ));
            }
            rows.push(Row {
                year,
                number: item.number().map(number_key),
                title: title.to_string(),
                reports,
            });
        }
        let matched = items.len() - unmatched.len();
        let forced = mapping.period.is_some() || mapping.key.is_some() || mapping.plan.is_some();
        if matched == 0 || (!forced && matched * 2 < items.len()) {
            return None;
        }
        let mut periods: Vec<Period> = rows
            .iter()
            .flat_map(|r| r.reports.iter().map(|(p, _, _)| *p))
            .collect();
        periods.sort_by_key(|p| *p as u8);
        periods.dedup();
        if periods.is_empty() && named != Some(Named::Other) {
            return None;
        }
        Some(Companion {
            name,
            periods,
            rows,
            unmatched,
            key,
            named,
            part: None,
        })
    }

    /// Gives the plan's items (its `reports`) the reports of their rows,
    /// and warns of the numbers without a row and the rows without an item.
    fn give(&self, reports: &mut [SheetReport]) {
        for report in reports.iter_mut() {
            let year = report.fiscal_year;
            let mut missing: Vec<String> = Vec::new();
            for goal in &mut report.goals {
                for item in &mut goal.items {
                    // Its rows: one, or one per sheet of a workbook that
                    // keeps a sheet per report (中間 / 年度末).
                    let rows: Vec<&Row> = self
                        .rows
                        .iter()
                        .filter(|r| {
                            r.year == year
                                && match self.key {
                                    JoinKey::Number => {
                                        r.number.is_some()
                                            && r.number == item.number().map(number_key)
                                            && (r.title.is_empty()
                                                || abbreviates(&r.title, item.title())
                                                || keeps_most_of(&r.title, item.title()))
                                    }
                                    JoinKey::Title => abbreviates(&r.title, item.title()),
                                }
                        })
                        .collect();
                    for &period in &self.periods {
                        let field = period.field();
                        let ours = report_mut(item, field);
                        if ours.is_filled() {
                            continue;
                        }
                        let theirs = rows
                            .iter()
                            .find_map(|r| r.reports.iter().find(|(p, _, _)| *p == period));
                        match theirs {
                            Some((_, theirs, cell)) => {
                                *report_mut(item, field) = theirs.clone();
                                item.cells.set(field, cell.clone());
                            }
                            // No row for this report: none at all, or none
                            // on the sheet of this report.
                            None if matches!(ours, Report::NotInLayout) => {
                                *report_mut(item, field) = Report::Empty;
                                item.cells.set(field, None);
                                let shown = item.number().unwrap_or(item.title()).to_string();
                                if !missing.contains(&shown) {
                                    missing.push(shown);
                                }
                            }
                            None => {}
                        }
                    }
                }
            }
            if report.items().next().is_none() {
                continue;
            }
            if !self.periods.is_empty() {
                let mut layouts: Vec<LayoutKind> = report.layout.kinds().to_vec();
                layouts.push(LayoutKind::ReportWorkbook);
                report.layout = Layouts::of(layouts);
            }
            if !missing.is_empty() {
                report.warnings.push(Warning {
                    cell: None,
                    message: format!(
                        "報告のブック {} に取組 {} の行がありません。報告を書く欄がないため、\
                         この取組の報告はメールでお願いしていません。{} に行を追加してください",
                        self.name,
                        missing.join("・"),
                        self.name
                    ),
                });
            }
            for (y, cell, shown) in &self.unmatched {
                if *y == year {
                    report.warnings.push(Warning {
                        cell: Some(cell.clone()),
                        message: format!(
                            "報告のブック {} の行「{shown}」は、このブックのどの取組とも合わないため使っていません",
                            self.name
                        ),
                    });
                }
            }
        }
    }
}

/// The reports an item of the report workbook `file` holds, each with its
/// period and its cell as the plan names it: its report columns, or the
/// one column the configuration names.
fn reports_of(
    item: &ActionItem,
    period: Option<Period>,
    file: &str,
) -> Vec<(Period, Report, Option<CellRef>)> {
    let mut out = Vec::new();
    for (p, field) in [
        (Period::Interim, ItemField::Interim),
        (Period::YearEnd, ItemField::YearEnd),
    ] {
        let report = match field {
            ItemField::Interim => &item.interim,
            _ => &item.year_end,
        };
        if matches!(report, Report::NotInLayout) {
            continue;
        }
        let cell = item.cells.get(field).map(|c| c.in_workbook(file));
        out.push((period.unwrap_or(p), report.clone(), cell));
    }
    if period.is_some() {
        out.truncate(1);
    }
    out
}

fn report_mut(item: &mut ActionItem, field: ItemField) -> &mut Report {
    match field {
        ItemField::Interim => &mut item.interim,
        _ => &mut item.year_end,
    }
}

/// The reports a workbook's own columns or sheets name: a report column
/// whose header the dictionary reads as that report (`中間報告`, not
/// `進捗状況`), or a report written on a sheet named for its part of the
/// year (a sheet 上半期 and a sheet 下半期).
fn periods_headed(
    file: &SourceFile,
    dict: &FieldDictionary,
    milestones: &Milestones,
) -> Vec<Period> {
    let mut out = Vec::new();
    let columns = file
        .reports
        .iter()
        .flat_map(|r| &r.reading.tables)
        .flat_map(|t| &t.columns);
    for column in columns {
        let period = match column.role {
            Role::Interim => Period::Interim,
            Role::YearEnd => Period::YearEnd,
            _ => continue,
        };
        if dict.report_period(&column.header) == Some(period.report_period())
            && !out.contains(&period)
        {
            out.push(period);
        }
    }
    let cells = file
        .reports
        .iter()
        .flat_map(|r| r.items())
        .flat_map(|(_, item)| {
            [
                (Period::Interim, item.cells.interim()),
                (Period::YearEnd, item.cells.year_end()),
            ]
        });
    for (period, cell) in cells {
        let named = cell.and_then(|c| sheet_named(&c.sheet, dict, milestones));
        if named == Some(Named::Report(period)) && !out.contains(&period) {
            out.push(period);
        }
    }
    // Rows of a report table alone, numbers and reports (番号 | 上半期の進捗
    // | 年度末の実績), hold each report under a heading naming its period.
    let rows_alone = file_items(file).filter(|i| i.title().is_empty());
    for item in rows_alone {
        for (period, report) in [
            (Period::Interim, &item.interim),
            (Period::YearEnd, &item.year_end),
        ] {
            if !matches!(report, Report::NotInLayout) && !out.contains(&period) {
                out.push(period);
            }
        }
    }
    out
}

/// Whether a row of a report workbook, by its number and its title,
/// names a plan's item.
fn names_item(number: Option<&str>, title: &str, item: &ActionItem, key: JoinKey) -> bool {
    match key {
        JoinKey::Number => match (number, item.number()) {
            (Some(a), Some(b)) => {
                number_key(a) == number_key(b)
                    && (title.is_empty() || abbreviates_item(title, item))
            }
            _ => false,
        },
        JoinKey::Title => !title.is_empty() && abbreviates_item(title, item),
    }
}

/// Whether `short` abbreviates an item's title or its whole text.
fn abbreviates_item(short: &str, item: &ActionItem) -> bool {
    abbreviates(short, item.title()) || abbreviates(short, item.text())
}

/// Whether `short` abbreviates `long`: normalised, its characters (two or
/// more) appear in `long` in the same order (a trailing `…`, `等` or `など`
/// left out, and marks that join its words, `・`, `、`, `／`): `台帳電子化`
/// for `文書台帳の電子化`, `学力調査分析・研修` for
/// `全国学力調査の結果分析と授業改善研修の実施`.
pub(crate) fn abbreviates(short: &str, long: &str) -> bool {
    let Some(short) = short_title(short) else {
        return false;
    };
    // The item's notes in brackets count too (`介護人材の確保（外国人介護人
    // 材の受入れ支援）` for `外国人介護人材の受入れ支援`).
    [normalize_label(long), normalize_word(long)]
        .iter()
        .any(|long| {
            if long.is_empty() || (short.len() < 2 && short.iter().collect::<String>() != *long) {
                return false;
            }
            let mut rest = long.chars();
            short.iter().all(|&c| rest.any(|l| l == c))
        })
}

/// Whether a row's short title, beside the number of the item, keeps most
/// of the item's words in their order though it abbreviates some of them
/// otherwise (`障がい者GH整備補助` for `障がい者グループホームの整備`): at
/// least four characters and three fifths of its own in order in the
/// item's title, its notes included.
pub(crate) fn keeps_most_of(short: &str, long: &str) -> bool {
    let Some(short) = short_title(short) else {
        return false;
    };
    let long: Vec<char> = normalize_word(long).chars().collect();
    let kept = common_in_order(&short, &long);
    kept >= 4 && kept * 5 >= short.len() * 3
}

/// A short title's characters as compared: normalised, a trailing `…`,
/// `等` or `など` left out, and marks that join its words (`・`, `、`, `／`).
fn short_title(short: &str) -> Option<Vec<char>> {
    let short = normalize_label(short);
    let short = short
        .trim_end_matches(['…', '.', '・'])
        .trim_end_matches("など")
        .trim_end_matches('等');
    let chars: Vec<char> = short
        .chars()
        .filter(|&c| !matches!(c, '・' | '、' | '，' | ',' | '/' | '／'))
        .collect();
    (!chars.is_empty()).then_some(chars)
}

/// The most characters of `a` found in `b` in the same order (the longest
/// common subsequence; titles are short).
fn common_in_order(a: &[char], b: &[char]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        let mut diagonal = 0;
        for (j, &y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Whether a workbook's name ends in a part of the year (`…_第1四半期`,
/// `…_中間報告`): one of a series of report workbooks.
fn names_part_of_year(path: &Path, dict: &FieldDictionary, milestones: &Milestones) -> bool {
    stem(path).is_some_and(|stem| period_named(&stem, &[], dict, milestones).is_some())
}

/// The items a workbook's rows were read as.
fn file_items(file: &SourceFile) -> impl Iterator<Item = &ActionItem> {
    file.reports.iter().flat_map(|r| r.items().map(|(_, i)| i))
}

/// Whether a workbook's rows are a report table: some report, and no
/// deadline.
fn is_report_table(file: &SourceFile, dict: &FieldDictionary) -> bool {
    let items: Vec<&ActionItem> = file_items(file).collect();
    !items.is_empty()
        && items.iter().all(|i| i.cells.deadline().is_none())
        && (items.iter().any(|i| {
            !matches!(i.interim, Report::NotInLayout) || !matches!(i.year_end, Report::NotInLayout)
        }) || titles_report(file, dict).is_some())
}

/// The report a workbook's column of items holds where no column of titles
/// is there: the column taken for the items' is headed for a report
/// (`中間報告（10月）`, `上期の取組状況`) and its cells read next as that
/// report's (No | 中間報告 | 年度末報告). Its rows name the plan's items by
/// their numbers alone.
fn titles_report(file: &SourceFile, dict: &FieldDictionary) -> Option<Period> {
    let mut found = None;
    let columns = file
        .reports
        .iter()
        .flat_map(|r| &r.reading.tables)
        .flat_map(|t| &t.columns)
        .filter(|c| c.role == Role::Item);
    for column in columns {
        let period = match column.runner_up.as_ref().map(|r| r.role) {
            Some(Role::Interim) => Period::Interim,
            Some(Role::YearEnd) => Period::YearEnd,
            _ => return None,
        };
        if dict.report_period(&column.header) != Some(period.report_period())
            || found.is_some_and(|f| f != period)
        {
            return None;
        }
        found = Some(period);
    }
    found.filter(|_| file_items(file).all(|i| i.number().is_some()))
}

/// Whether two workbooks may be a plan and a report workbook of it, by
/// their names alone (either way round).
pub fn may_be_companions(a: &Path, b: &Path) -> bool {
    a != b && (is_plan_name(a, b, None) || is_plan_name(b, a, None))
}

/// Whether `plan` is named as the plan of the report workbook `report`:
/// in the same folder, with the pattern given, or by the rule of the
/// module docs: the report's stem is the plan's followed by a separator
/// and more (`…2026_進捗_第2四半期` of `…2026`), or the plan's stem (or
/// it less its last part, or a first part of it) with one part more.
fn is_plan_name(plan: &Path, report: &Path, pattern: Option<&str>) -> bool {
    if plan.parent() != report.parent() {
        return false;
    }
    if let Some(pattern) = pattern {
        return file_matches(pattern, plan);
    }
    let (Some(plan_stem), Some(report_stem)) = (stem(plan), stem(report)) else {
        return false;
    };
    if report_stem
        .strip_prefix(plan_stem.as_str())
        .is_some_and(|rest| separators(rest).first() == Some(&0) && rest.chars().count() > 1)
    {
        return true;
    }
    let Some(base) = less_last_part(&report_stem) else {
        return false;
    };
    // The plan's stem goes on from the shared part with parts of its own
    // (`商工労働部_目標_R8` beside `商工労働部_中間報告`), or from the part
    // the report's kind follows (`企画政策部_R8_計画` beside
    // `企画政策部_報告_第2四半期`): which rows are the plan's the rows
    // themselves say, by number and title.
    let goes_on_from = |shared: &str| {
        plan_stem
            .strip_prefix(shared)
            .is_some_and(|rest| separators(rest).first() == Some(&0))
    };
    plan_stem == base
        || less_last_part(&plan_stem).is_some_and(|b| b == base)
        || goes_on_from(base)
        || less_last_part(base).is_some_and(goes_on_from)
}

/// A stem without its last part (`R8_総務部_中間報告` → `R8_総務部`,
/// `R8_総務部（実績）` → `R8_総務部`); none for a stem of one part.
fn less_last_part(stem: &str) -> Option<&str> {
    let stem = stem.trim_end_matches([')', '）']);
    let at = *separators(stem).last()?;
    let base = stem[..at].trim_end_matches(['_', '-', '－', ' ', '\u{3000}']);
    (!base.is_empty()).then_some(base)
}

fn stem(path: &Path) -> Option<String> {
    crate::nfc::file_stem(path)
}

fn file_name(path: &Path) -> String {
    crate::nfc::file_name(path)
}

/// A report workbook joined to `plan`: no reports of its own, a note of
/// where its rows went.
fn joined_note(file: &SourceFile, plan: &Path, companion: &Companion) -> SourceFile {
    let periods: Vec<&str> = companion
        .periods
        .iter()
        .map(|p| match p {
            Period::Interim => "中間報告",
            Period::YearEnd => "期末報告",
        })
        .collect();
    let plan_name = file_name(plan);
    if periods.is_empty() {
        let part = companion.part.as_deref().unwrap_or_default();
        let (english, japanese) = if part.is_empty() {
            (String::new(), String::new())
        } else {
            (format!(" ({part})"), format!("（{part}）"))
        };
        return without_reports(
            file,
            format!(
                "the reports{english} of {plan_name}, joined to its items: no interim or year-end report"
            ),
            format!(
                "{plan_name} の報告{japanese}のブックとして、各取組に結合しました。\
                 中間報告・期末報告にはあたらないため、報告としては使っていません（行は取組として数えていません）"
            ),
        );
    }
    without_reports(
        file,
        format!(
            "the reports ({}) of {plan_name}, joined to its items",
            periods.join(", ")
        ),
        format!(
            "{plan_name} の報告（{}）のブックとして、各取組に結合しました（行は取組として数えていません）",
            periods.join("・")
        ),
    )
}

/// A report workbook whose plan cannot be read: its rows wait for it.
fn waiting(file: &SourceFile, plan: &Path) -> SourceFile {
    let plan_name = file_name(plan);
    without_reports(
        file,
        format!("reports of {plan_name}, which cannot be read: not joined yet"),
        format!(
            "{plan_name} の報告のブックですが、{plan_name} を読めないため結合していません（行は取組として数えていません）"
        ),
    )
}

/// `file` reporting nothing of its own, with a note why (in English for
/// the log, in Japanese for people).
/// A workbook named as a draft (`R8人事部_組織目標（案）.xlsx`:
/// [`FieldDictionary::names_draft`]) or as kept for reference
/// (`【参考】記入要領.xlsx`: [`FieldDictionary::names_reference`]) beside a
/// workbook in the same folder that is neither and holds items is not the
/// department's plan: its items are not counted, and a note says so.
fn leave_out_drafts_and_references(
    files: &[SourceFile],
    dict: &FieldDictionary,
) -> Vec<SourceFile> {
    let draft = |f: &SourceFile| stem(&f.path).is_some_and(|s| dict.names_draft(&s));
    let reference = |f: &SourceFile| stem(&f.path).is_some_and(|s| dict.names_reference(&s));
    files
        .iter()
        .map(|file| {
            let why = if draft(file) {
                (
                    "named as a draft beside decided plans: not counted",
                    "ファイル名で案とされたブックで、同じフォルダーに案でないブックがあるため、まだ決まっていない案とみなし、取組として数えていません。数える場合はファイル名から案の印を外してください",
                )
            } else if reference(file) {
                (
                    "named as kept for reference beside the plans: not counted",
                    "ファイル名で参考とされたブックで、同じフォルダーに参考でないブックがあるため、参考資料とみなし、取組として数えていません。数える場合はファイル名から参考の印を外してください",
                )
            } else {
                return file.clone();
            };
            let plan_beside =
                items_beside(files, file, |other| draft(other) || reference(other));
            if plan_beside && file_items(file).next().is_some() {
                without_reports(file, why.0.into(), why.1.into())
            } else {
                file.clone()
            }
        })
        .collect()
}

/// Per file, whether its name marks it a copy (`copy_marks`, or a number in
/// brackets ending it: [`is_copy_name`] of the file's name alone) while a
/// workbook in the same folder holding items is not so marked: an old
/// version or a copy beside its original, no plan nor report workbook of
/// it.
fn copies_beside_originals(files: &[SourceFile], copy_marks: &[String]) -> Vec<bool> {
    let marked = |f: &SourceFile| {
        f.path
            .file_name()
            .is_some_and(|name| is_copy_name(Path::new(name), copy_marks))
    };
    files
        .iter()
        .map(|file| marked(file) && items_beside(files, file, marked))
        .collect()
}

/// Whether a workbook holding items, and not `marked`, stands in the same
/// folder as `file`.
fn items_beside(
    files: &[SourceFile],
    file: &SourceFile,
    marked: impl Fn(&SourceFile) -> bool,
) -> bool {
    files.iter().any(|other| {
        other.path.parent() == file.path.parent()
            && !marked(other)
            && file_items(other).next().is_some()
    })
}

/// Whether a workbook's items are all rows of a report table alone: a
/// number and reports, no title.
fn rows_alone(file: &SourceFile) -> bool {
    let mut items = file_items(file).peekable();
    items.peek().is_some() && items.all(|i| i.title().is_empty())
}

/// A report table of numbers alone whose plan is not beside it.
fn without_plan(file: &SourceFile) -> SourceFile {
    without_reports(
        file,
        "a report table of item numbers alone, with no plan beside it whose items they number"
            .into(),
        "取組の番号と報告だけの表で、番号の合う取組の一覧（計画のブック）が同じフォルダーに見つからないため、取組として数えていません"
            .into(),
    )
}

fn without_reports(file: &SourceFile, english: String, japanese: String) -> SourceFile {
    let mut problems = file.problems.clone();
    problems
        .push(ImportProblem::new(&file.path, ProblemKind::Skipped, english).with_text(japanese));
    SourceFile {
        path: file.path.clone(),
        modified: file.modified,
        reports: Arc::from([]),
        problems,
        stale: file.stale,
    }
}

/// A part of the year a workbook's name or title names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Named {
    /// A report's period: 中間報告, 9月末時点, 実績, or a part of the year
    /// the milestones make a report (第2四半期, 上期).
    Report(Period),
    /// A part of the year no report stands for (第1四半期, 4～6月).
    Other,
}

/// The part of the year a workbook names itself for, by the last part of
/// its file name (`…_中間報告`, `…（9月末時点）`, `…_実績`: results alone
/// are the year's; `…_第2四半期`, `…_第1四半期`) or else by a title line of
/// a sheet (`令和8年度 中間報告`): a part of the year the dictionary's
/// report words or `[parse.milestones]` name. Titles naming both reports
/// (a sheet 上半期 and a sheet 下半期) name none.
pub(crate) fn period_named(
    stem: &str,
    titles: &[&str],
    dict: &FieldDictionary,
    milestones: &Milestones,
) -> Option<Named> {
    let last = less_last_part(stem).map(|base| &stem[base.len()..]);
    last.and_then(|part| part_named(part, true, dict, milestones))
        .or_else(|| {
            let named: Vec<Named> = titles
                .iter()
                .filter(|t| t.chars().count() <= 60 && !dict.names_both_periods(t))
                .filter_map(|t| part_named(t, false, dict, milestones))
                .collect();
            // Sheets titled for both reports (上半期 / 下半期) hold both: the
            // workbook names neither alone.
            let reports = |p| named.contains(&Named::Report(p));
            if reports(Period::Interim) && reports(Period::YearEnd) {
                return None;
            }
            named.first().copied()
        })
}

/// The part of the year the name of the report workbook `report` names
/// after the stem of its plan `plan` (`_進捗_第2四半期` after
/// `…アクションプラン2026`): its parts from the last, the first that names
/// one; with that part as written.
fn named_after(
    plan: &Path,
    report: &Path,
    dict: &FieldDictionary,
    milestones: &Milestones,
) -> Option<(Named, String)> {
    let (plan, report) = (stem(plan)?, stem(report)?);
    let rest = match report.strip_prefix(plan.as_str()) {
        Some(rest) => rest,
        None => &report[less_last_part(&report)?.len()..],
    };
    let bare = |part: &str| {
        part.trim_matches(|c: char| SEPARATORS.contains(&c) || BRACKETS.contains(&c))
            .to_string()
    };
    let named_by = |part: &str| Some((part_named(part, true, dict, milestones)?, bare(part)));
    parts_from_last(rest)
        .into_iter()
        .find_map(named_by)
        .or_else(|| {
            // A part the plan's name does not hold, wherever it stands
            // (`市民部_中間報告_R8` beside `市民部_重点取組_R8`).
            let plan_parts: Vec<String> = parts_from_last(&plan).into_iter().map(bare).collect();
            parts_from_last(&report)
                .into_iter()
                .filter(|part| !plan_parts.contains(&bare(part)))
                .find_map(named_by)
        })
}

/// The part of the year a sheet's name names as a whole (`第2四半期`,
/// `下期`), as a report workbook's name names it.
pub(crate) fn sheet_named(
    name: &str,
    dict: &FieldDictionary,
    milestones: &Milestones,
) -> Option<Named> {
    part_named(name, false, dict, milestones)
}

/// The part of the year a part of a name or a title names: a report word
/// of the dictionary, a part of the year (a milestone's is a report: the
/// quarter, half, run of months or month's end, or the one month named),
/// a time passed that a milestone ends, or (`results_alone`) results
/// alone, the year's.
fn part_named(
    text: &str,
    results_alone: bool,
    dict: &FieldDictionary,
    milestones: &Milestones,
) -> Option<Named> {
    let text = text.trim_matches(|c: char| SEPARATORS.contains(&c) || BRACKETS.contains(&c));
    let as_report = |field: Option<Field>| match field {
        Some(Field::Interim) => Some(Named::Report(Period::Interim)),
        Some(Field::YearEnd) => Some(Named::Report(Period::YearEnd)),
        _ => None,
    };
    let n = normalize_label(text);
    let month = || month_named(&n).or_else(|| elapsed_month_end(&n));
    let by_month = || as_report(month().and_then(|m| milestones.field(&format!("{m}月末"))));
    // A name of words no period holds, with a part of the year's months in
    // brackets (`はじめの半年（4月～9月）`), names those months; the whole
    // year's (`（4月～3月）`) is no part of it.
    let months_named = || {
        matches!(bracketed_period(text), Some(YearPart::Months { first, last })
            if last % 12 + 1 != first)
    };
    if period_heading(text).is_some() || months_named() {
        return as_report(milestones.field(text))
            .or_else(by_month)
            .or(Some(Named::Other));
    }
    if let Some(period) = dict.report_period(text) {
        return Some(Named::Report(match period {
            ReportPeriod::Interim => Period::Interim,
            ReportPeriod::YearEnd => Period::YearEnd,
        }));
    }
    by_month().or_else(|| {
        (results_alone && dict.names_results(text)).then_some(Named::Report(Period::YearEnd))
    })
}

/// What separates the parts of a file name (a dash between digits, as in
/// `7-9月`, is part of a part).
const SEPARATORS: [char; 7] = crate::nfc::NAME_PART_SEPARATORS;
const BRACKETS: [char; 4] = ['(', '（', ')', '）'];

/// Where the parts of a name begin: the byte offsets of its separators.
fn separators(text: &str) -> Vec<usize> {
    let mut prev = None;
    let mut out = Vec::new();
    for (at, c) in text.char_indices() {
        let in_number = matches!(c, '-' | '－')
            && prev.is_some_and(|p: char| p.is_ascii_digit() || ('０'..='９').contains(&p));
        if SEPARATORS.contains(&c) && !in_number {
            out.push(at);
        }
        prev = Some(c);
    }
    out
}

/// The parts of a name between its separators, from the last.
fn parts_from_last(text: &str) -> Vec<&str> {
    let mut ends = separators(text);
    ends.push(text.len());
    let mut start = 0;
    let mut parts = Vec::new();
    for end in ends {
        parts.push(&text[start..end]);
        start = end;
    }
    parts.reverse();
    parts
}

/// Places the reports of a workbook that names a part of the year
/// ([`period_named`]). A report column whose header plans ahead
/// ([`FieldDictionary::plans_ahead`]: `次の四半期の予定`, `今後の予定`) is no report when
/// another report column is: its cells are kept as extra fields. Then,
/// where the name is a report's period and the items hold one report,
/// read from a column whose header names no part of the year
/// (`進捗状況`): that column is the named period's report.
pub(crate) fn place_named_period(
    reports: &mut [SheetReport],
    named: Named,
    dict: &FieldDictionary,
) {
    for report in reports.iter_mut() {
        set_aside_plans_ahead(report, dict);
    }
    let Named::Report(period) = named else {
        return;
    };
    let (from, to) = match period {
        Period::Interim => (Role::YearEnd, Role::Interim),
        Period::YearEnd => (Role::Interim, Role::YearEnd),
    };
    let unplaced = |header: &str| {
        let n = normalize_label(header);
        dict.report_period(header).is_none()
            && month_named(&n).is_none()
            && elapsed_month_end(&n).is_none()
    };
    for report in reports {
        let tables = &mut report.reading.tables;
        let columns: Vec<&ColumnReading> = tables.iter().flat_map(|t| &t.columns).collect();
        let holds = |role: Role| columns.iter().any(|c| c.role == role);
        // Rows naming their own part of the year (区分) say which report
        // each is, whatever the file is named.
        let rows_name_periods = tables.iter().any(|t| !t.report_periods.is_empty());
        if rows_name_periods
            || !holds(from)
            || holds(to)
            || !columns
                .iter()
                .filter(|c| c.role == from)
                .all(|c| unplaced(&c.header))
        {
            continue;
        }
        for column in tables.iter_mut().flat_map(|t| &mut t.columns) {
            if column.role == from {
                column.role = to;
                if let Some(runner_up) = column.runner_up.as_mut().filter(|r| r.role == to) {
                    runner_up.role = from;
                }
            }
        }
        let (from_field, to_field) = (field_of(from), field_of(to));
        for goal in &mut report.goals {
            for item in &mut goal.items {
                let moved = std::mem::replace(report_mut(item, from_field), Report::NotInLayout);
                *report_mut(item, to_field) = moved;
                let cell = item.cells.get(from_field);
                item.cells.set(from_field, None);
                item.cells.set(to_field, cell);
            }
        }
    }
}

/// Sets aside the report columns of `report` that plan ahead, when a
/// report column that does not is left: their roles become extra fields,
/// their filled cells each item's extra field.
fn set_aside_plans_ahead(report: &mut SheetReport, dict: &FieldDictionary) {
    let columns: Vec<&ColumnReading> = report
        .reading
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .filter(|c| matches!(c.role, Role::Interim | Role::YearEnd))
        .collect();
    let (ahead, reporting): (Vec<&ColumnReading>, Vec<&ColumnReading>) = columns
        .into_iter()
        .partition(|c| dict.plans_ahead(&c.header));
    // A role one column holds alone, so that its items' field is that column's.
    let headers: Vec<(Role, String)> = ahead
        .iter()
        .filter(|c| reporting.iter().all(|r| r.role != c.role))
        .map(|c| (c.role, c.header.clone()))
        .collect();
    if headers.is_empty() || reporting.is_empty() {
        return;
    }
    for column in report
        .reading
        .tables
        .iter_mut()
        .flat_map(|t| &mut t.columns)
    {
        if headers.iter().any(|(role, _)| *role == column.role) {
            column.role = Role::Extra;
        }
    }
    for goal in &mut report.goals {
        for item in &mut goal.items {
            for (role, header) in &headers {
                let field = field_of(*role);
                let set_aside = std::mem::replace(report_mut(item, field), Report::NotInLayout);
                let cell = item.cells.get(field);
                item.cells.set(field, None);
                if let (Some(text), Some(cell)) = (set_aside.text(), cell) {
                    item.extras.push(ExtraField {
                        header: header.as_str().into(),
                        text: text.into(),
                        cell,
                    });
                }
            }
        }
    }
}

fn field_of(role: Role) -> ItemField {
    match role {
        Role::Interim => ItemField::Interim,
        _ => ItemField::YearEnd,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Grid;
    use crate::interpret::{LayoutMapping, WorkbookOutcome, interpret_workbook};
    use crate::model::ReportState;

    fn join(files: &[SourceFile]) -> Vec<SourceFile> {
        join_companions(
            files,
            &FieldDictionary::default(),
            &InterpretOptions::default(),
            &crate::consolidate::copies::default_copy_marks(),
        )
    }

    /// The workbook at `path` read alone, as the catalog holds it.
    fn read(path: &str, rows: &[&[&str]]) -> SourceFile {
        read_sheets(path, &[Grid::from_texts("シート1", rows)])
    }

    /// The workbook of `sheets` at `path` read alone.
    fn read_sheets(path: &str, sheets: &[Grid]) -> SourceFile {
        let outcome = interpret_workbook(
            Path::new(path),
            sheets,
            &FieldDictionary::default(),
            &InterpretOptions::default(),
        );
        let WorkbookOutcome::Reports(reports) = outcome else {
            panic!("{path}: {outcome:?}");
        };
        SourceFile {
            path: path.into(),
            modified: None,
            reports: reports.into(),
            problems: Vec::new(),
            stale: false,
        }
    }

    fn plan() -> SourceFile {
        read(
            "共有/R8_くらし部.xlsx",
            &[
                &["令和8年度 くらし部 取組計画"],
                &["番号", "やること", "いつまで", "受け持ち"],
                &["1", "窓口サービスの見直し", "9月末", "市民課"],
                &["2", "文書台帳の電子化", "年度末", "総務課"],
                &["3", "職員研修の充実", "12月", "人事課"],
            ],
        )
    }

    fn interim_book(name: &str) -> SourceFile {
        read(
            name,
            &[
                &["番号", "項目（略）", "進み具合"],
                &["１", "窓口見直し", "受付の流れを9月に改めた"],
                &["2", "台帳電子化", ""],
                &["9", "不明な行", "何か"],
            ],
        )
    }

    /// A report workbook named for the half-year's reports (半期報告: the
    /// interim's, as a name) whose sheets are one per half (上半期 / 下半期)
    /// gives the plan both reports, each from its sheet, joined by title.
    #[test]
    fn a_report_workbook_with_a_sheet_per_half_gives_both_reports() {
        let half = |name: &str, title: &str, reports: [&str; 3]| {
            Grid::from_texts(
                name,
                &[
                    &[title],
                    &["取組", "この間の様子"],
                    &["職員研修の充実", reports[0]],
                    &["窓口サービスの見直し", reports[1]],
                    &["文書台帳の電子化", reports[2]],
                ],
            )
        };
        let sheets = [
            half(
                "上半期",
                "令和8年度 くらし部 上半期",
                ["講師を決めた", "", "業者を選んだ"],
            ),
            half(
                "下半期",
                "令和8年度 くらし部 下半期",
                ["", "", "移行を終えた"],
            ),
        ];
        let book = read_sheets("共有/R8_くらし部_半期報告.xlsx", &sheets);
        let joined = join(&[plan(), book]);
        let items: Vec<(&str, bool, bool, Option<String>)> = joined[0].reports[0]
            .items()
            .map(|(_, i)| {
                (
                    i.title(),
                    i.interim.is_filled(),
                    i.year_end.is_filled(),
                    i.cells.year_end().map(|c| c.sheet.to_string()),
                )
            })
            .collect();
        let lower = Some("[R8_くらし部_半期報告.xlsx]下半期".to_string());
        assert_eq!(
            items,
            vec![
                ("窓口サービスの見直し", false, false, lower.clone()),
                ("文書台帳の電子化", true, true, lower.clone()),
                ("職員研修の充実", true, false, lower),
            ]
        );
    }

    /// A report workbook with a sheet per report (中間 / 年度末), its rows
    /// keyed by number: each item takes each report from its row on that
    /// report's sheet; an item the year-end sheet has no row for has its
    /// year-end report still to write, with no cell, and is warned of.
    #[test]
    fn a_report_workbook_keyed_by_number_with_a_sheet_per_report_gives_both() {
        let sheet = |name: &str, rows: &[[&str; 3]]| {
            let mut lines: Vec<Vec<&str>> =
                vec![vec!["くらし部 報告"], vec!["No", "項目（略）", "様子"]];
            lines.extend(rows.iter().map(|r| r.to_vec()));
            let lines: Vec<&[&str]> = lines.iter().map(Vec::as_slice).collect();
            Grid::from_texts(name, &lines)
        };
        let sheets = [
            sheet(
                "中間",
                &[
                    ["1", "窓口見直し", "受付の流れを改めた"],
                    ["2", "台帳電子化", "業者を選んだ"],
                    ["3", "職員研修", "講師を決めた"],
                ],
            ),
            sheet(
                "年度末",
                &[["1", "窓口見直し", ""], ["2", "台帳電子化", "移行を終えた"]],
            ),
        ];
        let book = read_sheets("共有/R8_くらし部_報告.xlsx", &sheets);
        let joined = join(&[plan(), book]);
        let items: Vec<(&str, bool, Report, Option<String>)> = joined[0].reports[0]
            .items()
            .map(|(_, i)| {
                (
                    i.title(),
                    i.interim.is_filled(),
                    i.year_end.clone(),
                    i.cells.year_end().map(|c| c.sheet.to_string()),
                )
            })
            .collect();
        let year_end = Some("[R8_くらし部_報告.xlsx]年度末".to_string());
        assert_eq!(
            items,
            vec![
                (
                    "窓口サービスの見直し",
                    true,
                    Report::Empty,
                    year_end.clone()
                ),
                (
                    "文書台帳の電子化",
                    true,
                    Report::Filled("移行を終えた".into()),
                    year_end
                ),
                ("職員研修の充実", true, Report::Empty, None),
            ]
        );
        let warned = joined[0].reports[0]
            .warnings
            .iter()
            .any(|w| w.message.contains("R8_くらし部_報告.xlsx") && w.message.contains("取組 3"));
        assert!(warned, "{:?}", joined[0].reports[0].warnings);
    }

    /// A report workbook numbering its rows `No.３` in a column left of a
    /// column of 課 and the reports: the numbers name the plan's items.
    #[test]
    fn a_report_workbook_numbered_no_dot_beside_its_units_gives_the_reports() {
        let book = read(
            "共有/R8_くらし部_ようす.xlsx",
            &[
                &["くらし部 ようすのまとめ"],
                &["取組No.", "報告課", "中間報告", "期末報告"],
                &["No.３", "人事課", "講師を決めた", ""],
                &["No.１", "市民課", "", ""],
                &["No.２", "総務課", "業者を選んだ", ""],
            ],
        );
        let joined = join(&[plan(), book]);
        let interim: Vec<bool> = joined[0].reports[0]
            .items()
            .map(|(_, i)| i.interim.is_filled())
            .collect();
        assert_eq!(interim, [false, true, true]);
        assert!(joined[1].reports.is_empty());
    }

    /// A workbook named as a draft (`（たたき台）`) beside a decided one in
    /// the same folder counts no items; alone, it is the folder's plan. So
    /// does one named as kept for reference (`【見本】`).
    #[rstest::rstest]
    #[case::a_draft("R9_くらし部（たたき台）.xlsx")]
    #[case::a_reference("【見本】くらし部の書きかた.xlsx")]
    fn a_workbook_named_as_a_draft_beside_a_decided_one_counts_no_items(#[case] name: &str) {
        let draft = |path: &str| {
            read(
                path,
                &[
                    &["令和9年度 くらし部 取組計画"],
                    &["番号", "やること", "いつまで", "受け持ち"],
                    &["1", "窓口の待ち時間を知らせる", "9月末", "市民課"],
                ],
            )
        };
        let beside = format!("共有/{name}");
        let joined = join(&[plan(), draft(&beside)]);
        assert_eq!(joined[0].reports.len(), 1);
        assert!(joined[1].reports.is_empty());
        assert_eq!(joined[1].problems.len(), 1);
        let alone = join(&[draft(&beside)]);
        assert_eq!(alone[0].reports.len(), 1);
        let elsewhere = draft(&format!("別の課/{name}"));
        assert_eq!(join(&[plan(), elsewhere])[1].reports.len(), 1);
    }

    /// An old copy of the plan beside it (`…（旧）.xlsx`, its reports
    /// blank, an item since dropped): the plan's written reports are no
    /// reports of the old copy's items, nor is it the plan's report
    /// workbook; each keeps its own reading, for the consolidation to tell
    /// the copy from the original.
    #[test]
    fn an_old_copy_beside_the_plan_is_neither_its_plan_nor_its_reports() {
        let book = |path: &str, reports: [&str; 2], dropped: bool| {
            let mut rows: Vec<&[&str]> = vec![
                &["令和8年度 くらし部"],
                &[
                    "番号",
                    "やること",
                    "受け持ち",
                    "前半のようす",
                    "後半のようす",
                ],
            ];
            let first = ["1", "窓口の待ち時間を知らせる", "市民課", reports[0], ""];
            let second = ["2", "台帳を電子化する", "総務課", reports[1], ""];
            rows.push(&first);
            rows.push(&second);
            if dropped {
                rows.push(&["3", "手数料を見直す", "総務課", "", ""]);
            }
            read(path, &rows)
        };
        let current = book(
            "共有/R8_くらし部.xlsx",
            ["掲示を始めた", "半分を終えた"],
            false,
        );
        let old = book("共有/R8_くらし部（旧）.xlsx", ["", ""], true);
        let joined = join(&[current.clone(), old.clone()]);
        assert_eq!(joined[0].reports, current.reports);
        assert_eq!(joined[1].reports, old.reports);
        assert!(joined.iter().all(|f| f.problems.is_empty()));
    }

    /// A report workbook of numbers and reports alone, a column for each
    /// report (番号 | 前半のようす | 後半のようす), named for reports in
    /// general (`_報告`, a name that alone would say the year's results):
    /// its numbers written otherwise than the plan's (`01`), in another
    /// order, with a row of
    /// the form left blank for a number the plan has none of: each item
    /// takes both reports from its row; the blank row is no item and
    /// warns of nothing. Without its plan, its rows are no items.
    #[test]
    fn a_report_workbook_of_numbers_and_reports_alone_gives_both_reports() {
        let book = || {
            read(
                "共有/R8_くらし部_報告.xlsx",
                &[
                    &["くらし部 ようすのまとめ"],
                    &["番号", "前半のようす", "後半のようす"],
                    &["03", "講師を決めた", ""],
                    &["01", "受付の流れを9月に改めた", ""],
                    &["02", "", ""],
                    &["04", "", ""],
                ],
            )
        };
        let joined = join(&[plan(), book()]);
        let items: Vec<(&str, Report, Report, Option<String>)> = joined[0].reports[0]
            .items()
            .map(|(_, i)| {
                (
                    i.title(),
                    i.interim.clone(),
                    i.year_end.clone(),
                    i.cells.year_end().map(|c| c.to_string()),
                )
            })
            .collect();
        let cell = |c: &str| Some(format!("[R8_くらし部_報告.xlsx]シート1!{c}"));
        assert_eq!(
            items,
            vec![
                (
                    "窓口サービスの見直し",
                    Report::Filled("受付の流れを9月に改めた".into()),
                    Report::Empty,
                    cell("C4")
                ),
                ("文書台帳の電子化", Report::Empty, Report::Empty, cell("C5")),
                (
                    "職員研修の充実",
                    Report::Filled("講師を決めた".into()),
                    Report::Empty,
                    cell("C3")
                ),
            ]
        );
        assert!(joined[1].reports.is_empty());
        assert!(
            joined[0].reports[0].warnings.is_empty(),
            "{:?}",
            joined[0].reports[0].warnings
        );
        let alone = join(&[book()]);
        assert!(alone[0].reports.is_empty(), "{:?}", alone[0].reports);
        assert_eq!(alone[0].problems.len(), 1);
    }

    /// A report workbook of numbers and reports alone (No | 中間… | 年度末…)
    /// has no column of titles: the column read for its items is headed for
    /// the interim report and holds it, and its rows name the plan's items
    /// by number.
    #[test]
    fn a_report_workbook_without_titles_gives_the_report_its_items_column_holds() {
        let book = read(
            "共有/R8_くらし部_経過.xlsx",
            &[
                &["No", "中間のようす（10月）", "年度末のようす（4月）"],
                &["１", "受付の流れを9月に改めた", ""],
                &["2", "業者を選んだ", "移行を終えた"],
                &["3", "講師を決めた", ""],
            ],
        );
        let joined = join(&[plan(), book]);
        let items: Vec<(&str, Report, Report, Option<String>)> = joined[0].reports[0]
            .items()
            .map(|(_, i)| {
                (
                    i.title(),
                    i.interim.clone(),
                    i.year_end.clone(),
                    i.cells.interim().map(|c| c.to_string()),
                )
            })
            .collect();
        assert_eq!(
            items,
            vec![
                (
                    "窓口サービスの見直し",
                    Report::Filled("受付の流れを9月に改めた".into()),
                    Report::Empty,
                    Some("[R8_くらし部_経過.xlsx]シート1!B2".to_string())
                ),
                (
                    "文書台帳の電子化",
                    Report::Filled("業者を選んだ".into()),
                    Report::Filled("移行を終えた".into()),
                    Some("[R8_くらし部_経過.xlsx]シート1!B3".to_string())
                ),
                (
                    "職員研修の充実",
                    Report::Filled("講師を決めた".into()),
                    Report::Empty,
                    Some("[R8_くらし部_経過.xlsx]シート1!B4".to_string())
                ),
            ]
        );
        assert!(joined[1].reports.iter().all(|r| r.items().next().is_none()));
    }

    #[test]
    fn a_report_workbook_named_for_the_interim_holds_its_rows_interim_reports() {
        let book = interim_book("共有/R8_くらし部_中間報告.xlsx");
        let items: Vec<&ActionItem> = book.reports[0].items().map(|(_, i)| i).collect();
        assert!(items[0].interim.is_filled(), "{:?}", items[0]);
        assert_eq!(items[0].year_end, Report::NotInLayout);
        let results = interim_book("共有/R8_くらし部（実績）.xlsx");
        let first = results.reports[0].items().next().unwrap().1;
        assert!(first.year_end.is_filled() && first.interim == Report::NotInLayout);
    }

    #[test]
    fn report_workbooks_beside_a_plan_give_its_items_their_reports() {
        let files = [plan(), interim_book("共有/R8_くらし部_中間報告.xlsx")];
        let joined = join(&files);
        let plan = &joined[0].reports[0];
        assert!(plan.layout.contains(LayoutKind::ReportWorkbook));
        let items: Vec<&ActionItem> = plan.items().map(|(_, i)| i).collect();
        assert_eq!(items[0].interim.text(), Some("受付の流れを9月に改めた"));
        assert_eq!(
            items[0].cells.interim().unwrap().to_string(),
            "[R8_くらし部_中間報告.xlsx]シート1!C2"
        );
        // Empty: the mail names its cell in the report workbook.
        let ReportState::Empty(cell) = items[1].report_state(ItemField::Interim) else {
            panic!("{:?}", items[1]);
        };
        assert_eq!(
            cell.file_in(&files[0].path),
            Path::new("共有/R8_くらし部_中間報告.xlsx")
        );
        // No row: empty, no cell to write in, warned of.
        assert_eq!(
            items[2].report_state(ItemField::Interim),
            ReportState::NoCell
        );
        assert!(
            plan.warnings
                .iter()
                .any(|w| w.message.contains("取組 3 の行がありません"))
        );
        assert!(plan.warnings.iter().any(|w| {
            w.cell
                .as_ref()
                .is_some_and(|c| c.to_string() == "[R8_くらし部_中間報告.xlsx]シート1!A4")
        }));
        // The report workbook counts no items of its own.
        assert!(joined[1].reports.is_empty());
        assert_eq!(joined[1].problems[0].kind, ProblemKind::Skipped);
    }

    /// A report workbook whose name names its period in a middle part
    /// (`くらし部_中間報告_R8` beside `くらし部_重点_R8`) gives that report
    /// alone: its grades are no year-end report.
    #[test]
    fn a_report_workbook_named_for_its_period_in_the_middle_gives_that_report_alone() {
        let plan = read(
            "共有/くらし部_重点_R8.xlsx",
            &[
                &["令和8年度 くらし部 重点"],
                &["番号", "やること", "いつまで", "年度末のまとめ"],
                &["1", "窓口サービスの見直し", "9月末", ""],
                &["2", "文書台帳の電子化", "年度末", ""],
            ],
        );
        let interim = read(
            "共有/くらし部_中間報告_R8.xlsx",
            &[
                &["番号", "項目（略）", "前半の様子", "評価"],
                &["1", "窓口見直し", "受付の流れを改めた", "A"],
                &["2", "台帳電子化", "業者を選んだ", "B"],
            ],
        );
        let joined = join(&[plan, interim]);
        let read: Vec<(bool, bool)> = joined[0].reports[0]
            .items()
            .map(|(_, i)| (i.interim.is_filled(), i.year_end.is_filled()))
            .collect();
        assert_eq!(read, [(true, false), (true, false)]);
    }

    /// Beside the plan, its earlier version named so (`…_修正前`), whose
    /// numbers are the plan's: the report workbook is the current plan's.
    #[test]
    fn a_report_workbook_joins_the_current_plan_not_its_earlier_version() {
        let mut earlier = plan();
        earlier.path = "共有/R8_くらし部_修正前.xlsx".into();
        let files = [
            earlier,
            plan(),
            interim_book("共有/R8_くらし部_中間報告.xlsx"),
        ];
        let joined = join(&files);
        let first = |file: &SourceFile| {
            file.reports[0]
                .items()
                .next()
                .and_then(|(_, i)| i.interim.text().map(str::to_string))
        };
        assert_eq!(
            first(&joined[1]).as_deref(),
            Some("受付の流れを9月に改めた")
        );
        assert_eq!(first(&joined[0]), None);
    }

    /// Report workbooks named with a kind of their own before their part
    /// of the year (`くらし部_報告_第2四半期` beside `くらし部_R8_計画`) are
    /// the plan's, not one another's: the second quarter's gives the
    /// interim reports, the first quarter's none.
    #[test]
    fn quarterly_report_workbooks_named_apart_from_the_plan_join_the_plan() {
        let mut plan = plan();
        plan.path = "共有/くらし部_R8_計画.xlsx".into();
        let quarter = |name: &str, first: &str| {
            read(
                name,
                &[
                    &["令和8年度 くらし部 取組の報告"],
                    &["番号", "項目（略）", "進み具合"],
                    &["1", "窓口見直し", first],
                    &["2", "台帳電子化", "業者を選んだ"],
                    &["3", "職員研修", ""],
                ],
            )
        };
        let files = [
            plan,
            quarter("共有/くらし部_報告_第1四半期.xlsx", "案を作った"),
            quarter("共有/くらし部_報告_第2四半期.xlsx", "受付の流れを改めた"),
        ];
        let joined = join(&files);
        let items: Vec<(Option<&str>, bool)> = joined[0].reports[0]
            .items()
            .map(|(_, i)| (i.interim.text(), i.interim == Report::Empty))
            .collect();
        assert_eq!(
            items,
            [
                (Some("受付の流れを改めた"), false),
                (Some("業者を選んだ"), false),
                (None, true),
            ]
        );
        assert!(joined[1].reports.is_empty() && joined[2].reports.is_empty());
    }

    /// A report export whose last column is the day every row was last
    /// saved (one date on every row, right of the reports) is a report
    /// workbook still: that date is no deadline of the items.
    #[test]
    fn a_report_export_dated_on_every_row_joins_its_plan() {
        let report = read(
            "共有/R8_くらし部_報告.csv",
            &[
                &[
                    "番号",
                    "取組名",
                    "前半のまとめ",
                    "後半のまとめ",
                    "最後に直した日",
                ],
                &[
                    "1",
                    "窓口サービスの見直し",
                    "受付の流れを改めた",
                    "",
                    "2026/10/19",
                ],
                &["2", "文書台帳の電子化", "業者を選んだ", "", "2026/10/19"],
                &["3", "職員研修の充実", "順調", "", "2026/10/19"],
            ],
        );
        let joined = join(&[plan(), report]);
        let items: Vec<(Option<&str>, Vec<String>)> = joined[0].reports[0]
            .items()
            .map(|(_, i)| {
                let dues = i.due_dates().iter().map(|d| d.to_string()).collect();
                (i.interim.text(), dues)
            })
            .collect();
        assert_eq!(
            items,
            [
                (Some("受付の流れを改めた"), vec!["2026-09-30".to_string()]),
                (Some("業者を選んだ"), vec!["2027-03-31".to_string()]),
                (Some("順調"), vec!["2026-12-31".to_string()]),
            ]
        );
        assert!(joined[1].reports.is_empty(), "{:?}", joined[1]);
    }

    /// Quarterly workbooks named as the plan is, less its last part, with
    /// the quarter instead (`くらし部_R8_第1四半期` beside `くらし部_R8_計画`),
    /// each on a sheet named for its quarter (Q1報告), heading its column
    /// by the quarter's months and grading its rows: the plan is the
    /// workbook whose name names no part of the year, and the first
    /// quarter's workbook, whose part is no report's (its column read as
    /// none), is one of the series, joined, no items of its own.
    #[test]
    fn the_first_quarters_workbook_is_one_of_the_series_not_their_plan() {
        let mut plan = plan();
        plan.path = "共有/くらし部_R8_計画.xlsx".into();
        let quarter = |name: &str, sheet: &str, months: &str, first: &str| {
            read_sheets(
                name,
                &[Grid::from_texts(
                    sheet,
                    &[
                        &["くらし部　四半期の進み具合"],
                        &["番号", "項目（略）", months, "評価"],
                        &["1", "窓口見直し", first, "A"],
                        &["2", "台帳電子化", "対象412冊のうち138冊（34％）", "B"],
                        &["3", "職員研修", "", ""],
                    ],
                )],
            )
        };
        let files = [
            plan,
            quarter(
                "共有/くらし部_R8_第1四半期.xlsx",
                "Q1報告",
                "4～6月の実施状況",
                "調査票を配布（回収率62％）",
            ),
            quarter(
                "共有/くらし部_R8_第2四半期.xlsx",
                "Q2報告",
                "7～9月の実施状況",
                "受付 2,130件、待ち時間 12分",
            ),
        ];
        let joined = join(&files);
        let items: Vec<Option<&str>> = joined[0].reports[0]
            .items()
            .map(|(_, i)| i.interim.text())
            .collect();
        assert_eq!(
            items,
            [
                Some("受付 2,130件、待ち時間 12分"),
                Some("対象412冊のうち138冊（34％）"),
                None
            ]
        );
        assert!(joined[1].reports.is_empty(), "{:?}", joined[1]);
        assert!(joined[2].reports.is_empty(), "{:?}", joined[2]);
    }

    /// Where the reports are kept in a workbook per quarter and the
    /// year-end one is not made yet, each item's year-end report is still
    /// to write, with no cell to name, and the planning section is told the
    /// workbook is still to come; a plan with one report workbook expects
    /// no workbook more.
    #[test]
    fn a_year_end_workbook_not_made_yet_leaves_the_year_end_reports_to_write() {
        let joined = join(&[
            plan(),
            interim_book("共有/R8_くらし部_第1四半期.xlsx"),
            interim_book("共有/R8_くらし部_第2四半期.xlsx"),
        ]);
        let plan = &joined[0].reports[0];
        assert!(
            plan.items()
                .all(|(_, i)| i.year_end == Report::Empty && i.cells.year_end().is_none())
        );
        assert!(
            plan.warnings
                .iter()
                .any(|w| w.message.contains("期末報告のブックはまだありません"))
        );

        let joined = join(&[
            plan_named("共有/R8_くらし部.xlsx"),
            interim_book("共有/R8_くらし部_中間報告.xlsx"),
        ]);
        let plan = &joined[0].reports[0];
        assert!(
            !plan
                .warnings
                .iter()
                .any(|w| w.message.contains("期末報告のブックはまだありません")),
            "{plan:?}"
        );
    }

    fn plan_named(path: &str) -> SourceFile {
        let mut plan = plan();
        plan.path = path.into();
        plan
    }

    #[test]
    fn a_report_workbook_waits_for_a_plan_that_cannot_be_read() {
        let mut broken = plan();
        broken.reports = Arc::from([]);
        broken.problems.push(ImportProblem::new(
            &broken.path,
            ProblemKind::Error,
            "corrupt",
        ));
        let files = [broken, interim_book("共有/R8_くらし部_中間報告.xlsx")];
        let joined = join(&files);
        assert!(joined[1].reports.is_empty());
        assert!(
            joined[1].problems[0]
                .shown()
                .contains("読めないため結合していません")
        );
    }

    #[test]
    fn a_workbook_of_its_own_with_deadlines_is_no_report_workbook() {
        let other = read(
            "共有/R8_くらし部_追加.xlsx",
            &[
                &["番号", "やること", "いつまで", "進み具合"],
                &["1", "窓口サービスの見直し", "3月", "済み"],
            ],
        );
        let files = [plan(), other];
        let joined = join(&files);
        assert_eq!(joined[1].reports.len(), 1);
        assert!(
            !joined[0].reports[0]
                .layout
                .contains(LayoutKind::ReportWorkbook)
        );
        // In another folder, names alone join nothing.
        assert!(!may_be_companions(
            Path::new("a/R8_くらし部.xlsx"),
            Path::new("b/R8_くらし部_中間報告.xlsx")
        ));
    }

    #[test]
    fn the_configuration_names_a_report_workbook_its_plan_and_period() {
        let book = interim_book("共有/集計_R8くらし.xlsx");
        let layout = LayoutMapping {
            file: Some("集計_*.xlsx".into()),
            companion: Some(CompanionMapping {
                plan: Some("R8_くらし部.xlsx".into()),
                period: Some(Period::YearEnd),
                key: Some(JoinKey::Number),
            }),
            ..Default::default()
        };
        let opts = InterpretOptions {
            layouts: vec![layout],
            ..Default::default()
        };
        let joined = join_companions(&[plan(), book], &FieldDictionary::default(), &opts, &[]);
        let first = joined[0].reports[0].items().next().unwrap().1;
        assert!(first.year_end.is_filled(), "{first:?}");
        assert!(joined[1].reports.is_empty());
    }

    const PLAN_2026: &str = "共有/市民協働部_アクションプラン2026.xlsx";

    fn plan_2026() -> SourceFile {
        read(
            PLAN_2026,
            &[
                &["番号", "やること", "いつまで", "受け持ち"],
                &["1", "窓口サービスの見直し", "9月末", "市民課"],
                &["2", "文書台帳の電子化", "年度末", "総務課"],
            ],
        )
    }

    const DONE: [&str; 4] = [
        "案内を作った",
        "受付の流れを改めた",
        "予約の仕組みを試した",
        "新しい手順が定着した",
    ];
    const NEXT: [&str; 4] = ["手順を決める", "試しに動かす", "本式に始める", "振り返る"];

    /// The progress workbook of one quarter (1–4) beside the plan: each
    /// row's progress and its plan for the next quarter.
    fn quarter_book(quarter: usize) -> SourceFile {
        read(
            &format!("共有/市民協働部_アクションプラン2026_進捗_第{quarter}四半期.xlsx"),
            &[
                &["No", "アクション（略）", "進捗状況", "次の四半期の予定"],
                &["1", "窓口見直し", DONE[quarter - 1], NEXT[quarter - 1]],
                &["2", "台帳電子化", "", "着手する"],
            ],
        )
    }

    #[test]
    fn a_workbook_per_quarter_gives_the_plan_the_milestones_reports() {
        let quarters = ["第1四半期", "第2四半期", "第3四半期", "第4四半期"];
        let mut files = vec![plan_2026()];
        files.extend((1..=4).map(quarter_book));
        let joined = join(&files);
        let plan = &joined[0].reports[0];
        let items: Vec<&ActionItem> = plan.items().map(|(_, i)| i).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].interim.text(), Some(DONE[1]), "{:?}", items[0]);
        assert_eq!(
            items[0].cells.interim().unwrap().to_string(),
            "[市民協働部_アクションプラン2026_進捗_第2四半期.xlsx]シート1!C2"
        );
        assert_eq!(items[0].year_end.text(), Some(DONE[3]));
        assert_eq!(
            items[0].cells.year_end().unwrap().to_string(),
            "[市民協働部_アクションプラン2026_進捗_第4四半期.xlsx]シート1!C2"
        );
        // An empty progress cell is asked for in its quarter's workbook.
        let ReportState::Empty(cell) = items[1].report_state(ItemField::Interim) else {
            panic!("{:?}", items[1]);
        };
        assert!(
            cell.to_string().contains("_第2四半期.xlsx]シート1!C3"),
            "{cell}"
        );
        // Every quarter's workbook is joined: no items of its own, a note
        // naming the plan; the 1st and 3rd give no report.
        for (book, quarter) in joined[1..].iter().zip(quarters) {
            assert!(book.reports.is_empty(), "{quarter}: {book:?}");
            let note = book.problems[0].shown();
            assert!(
                note.contains("市民協働部_アクションプラン2026.xlsx の報告"),
                "{note}"
            );
        }
        assert!(joined[1].problems[0].shown().contains("第1四半期"));
    }

    #[test]
    fn a_quarter_workbook_read_alone_reports_its_milestone_from_its_progress_column() {
        let q2 = quarter_book(2);
        let item = q2.reports[0].items().next().unwrap().1;
        assert_eq!(item.interim.text(), Some(DONE[1]), "{item:?}");
        assert_eq!(item.year_end, Report::NotInLayout);
        // The plan for the next quarter is kept, as no report.
        assert!(item.extras.iter().any(|e| &*e.text == NEXT[1]), "{item:?}");
        let q4 = quarter_book(4);
        let item = q4.reports[0].items().next().unwrap().1;
        assert_eq!(item.year_end.text(), Some(DONE[3]), "{item:?}");
        assert_eq!(item.interim, Report::NotInLayout);
    }

    #[test]
    fn a_report_workbook_is_no_plan_of_its_siblings_when_the_plan_is_there() {
        let files = [quarter_book(1), quarter_book(4), plan_2026()];
        let joined = join(&files);
        assert!(joined[0].reports.is_empty() && joined[1].reports.is_empty());
        let item = joined[2].reports[0].items().next().unwrap().1;
        assert_eq!(item.year_end.text(), Some(DONE[3]));
        assert!(!item.interim.is_filled(), "{item:?}");
    }

    #[test]
    fn of_two_report_workbooks_giving_one_report_the_one_named_for_it_gives_it() {
        let both = read(
            "共有/R8_くらし部_とりまとめ.xlsx",
            &[
                &["番号", "項目（略）", "中間報告", "期末報告"],
                &[
                    "1",
                    "窓口見直し",
                    "報告のブックの中間",
                    "報告のブックの期末",
                ],
                &["2", "台帳電子化", "", ""],
            ],
        );
        let files = [plan(), both, interim_book("共有/R8_くらし部_中間報告.xlsx")];
        let joined = join(&files);
        let first = joined[0].reports[0].items().next().unwrap().1;
        assert_eq!(
            first.interim.text(),
            Some("受付の流れを9月に改めた"),
            "{first:?}"
        );
        assert_eq!(
            first.year_end.text(),
            Some("報告のブックの期末"),
            "{first:?}"
        );
        assert!(joined[1].reports.is_empty() && joined[2].reports.is_empty());
    }

    #[test]
    fn a_column_headed_for_the_other_report_gives_it_whatever_the_file_is_named() {
        for (name, heads) in [
            (
                "共有/R8_くらし部_中間報告.xlsx",
                ["中間時点のようす", "年度末のまとめ"],
            ),
            ("共有/R8_くらし部_実績.xlsx", ["上期の進捗", "年度末実績"]),
        ] {
            let book = read(
                name,
                &[
                    &["番号", "項目（略）", heads[0], heads[1]],
                    &["1", "窓口見直し", "流れを改めた", ""],
                    &["2", "台帳電子化", "", "電子化を終えた"],
                ],
            );
            let joined = join(&[plan(), book]);
            let items: Vec<&ActionItem> = joined[0].reports[0].items().map(|(_, i)| i).collect();
            assert_eq!(items[0].interim.text(), Some("流れを改めた"), "{name}");
            assert_eq!(
                items[0].cells.year_end().map(|c| c.to_string()),
                Some(format!("[{}]シート1!D2", &name["共有/".len()..])),
                "{name}"
            );
            assert_eq!(items[1].year_end.text(), Some("電子化を終えた"), "{name}");
        }
    }

    #[test]
    fn a_plan_whose_stem_has_a_last_part_still_takes_its_sibling_report() {
        let plan = read(
            "共有/R8_くらし部_計画.xlsx",
            &[
                &["番号", "やること", "いつまで", "受け持ち"],
                &["1", "窓口サービスの見直し", "9月末", "市民課"],
                &["2", "文書台帳の電子化", "年度末", "総務課"],
            ],
        );
        let files = [plan, interim_book("共有/R8_くらし部_中間.xlsx")];
        let joined = join(&files);
        let first = joined[0].reports[0].items().next().unwrap().1;
        assert_eq!(first.interim.text(), Some("受付の流れを9月に改めた"));
        assert!(joined[1].reports.is_empty());
    }

    #[test]
    fn a_report_workbook_named_by_a_first_part_of_the_plans_stem_is_its_plans() {
        let plan = read(
            "共有/くらし部_目標_R8年度.xlsx",
            &[
                &["番号", "やること", "いつまで", "受け持ち"],
                &["1", "窓口サービスの見直し", "9月末", "市民課"],
                &["2", "文書台帳の電子化", "年度末", "総務課"],
            ],
        );
        let files = [plan, interim_book("共有/くらし部_R8中間.xlsx")];
        let joined = join(&files);
        let first = joined[0].reports[0].items().next().unwrap().1;
        assert_eq!(first.interim.text(), Some("受付の流れを9月に改めた"));
        assert!(joined[1].reports.is_empty());
    }

    #[test]
    fn a_report_workbook_named_otherwise_is_the_plans_of_its_own_folder_whose_items_it_names() {
        let plan = read(
            "共有/くらし部/令和8年度_くらし部_取組.xlsx",
            &[
                &["番号", "やること", "いつまで", "受け持ち"],
                &["1", "窓口サービスの見直し", "9月末", "市民課"],
                &["2", "文書台帳の電子化", "年度末", "総務課"],
            ],
        );
        let book = |folder: &str| {
            read(
                &format!("共有/{folder}/R8ふりかえり（くらし）.xlsx"),
                &[
                    &["番号", "項目（略）", "中間報告", "年度末報告"],
                    &["１", "窓口見直し", "受付の流れを9月に改めた", ""],
                    &["2", "台帳電子化", "", ""],
                ],
            )
        };
        let joined = join(&[plan.clone(), book("くらし部")]);
        let first = joined[0].reports[0].items().next().unwrap().1;
        assert_eq!(first.interim.text(), Some("受付の流れを9月に改めた"));
        assert!(joined[1].reports.is_empty());
        // In a folder holding two plans, a report workbook named for
        // neither is joined to none.
        let mut other = plan.clone();
        other.path = "共有/くらし部/令和8年度_くらし部_別表.xlsx".into();
        let joined = join(&[plan.clone(), other, book("くらし部")]);
        assert!(!joined[2].reports.is_empty());
        // Beside a plan of other items (a 課's own workbook), the rows name
        // the one plan's items: they join it.
        let cards = read(
            "共有/くらし部/環境課_R8_重点取組.xlsx",
            &[
                &["番号", "やること", "いつまで", "受け持ち"],
                &["1", "ごみ出しアプリの普及", "年度末", "環境課"],
                &["2", "集団回収の見直し", "12月", "環境課"],
            ],
        );
        let joined = join(&[plan, cards, book("くらし部")]);
        let first = joined[0].reports[0].items().next().unwrap().1;
        assert_eq!(first.interim.text(), Some("受付の流れを9月に改めた"));
        assert!(joined[2].reports.is_empty());
    }

    #[rstest::rstest]
    #[case("障がい者GH整備補助", "障がい者グループホームの整備", true)]
    #[case(
        "外国人材の受入れ",
        "介護人材の確保（外国人介護人材の受入れ支援）",
        true
    )]
    #[case("GH整備", "障がい者グループホームの整備", false)]
    #[case("道路の補修", "障がい者グループホームの整備", false)]
    fn a_short_title_beside_the_items_number_keeps_most_of_its_words(
        #[case] short: &str,
        #[case] long: &str,
        #[case] keeps: bool,
    ) {
        assert_eq!(super::keeps_most_of(short, long), keeps);
    }

    #[rstest::rstest]
    #[case(
        "外国人介護人材の受入れ支援",
        "介護人材の確保（外国人介護人材の受入れ支援）",
        true
    )]
    #[case("台帳電子化", "文書台帳の電子化（全課）", true)]
    #[case("全課の台帳", "文書台帳の電子化", false)]
    fn an_abbreviation_may_take_the_items_notes(
        #[case] short: &str,
        #[case] long: &str,
        #[case] abbreviates: bool,
    ) {
        assert_eq!(super::abbreviates(short, long), abbreviates);
    }

    #[rstest::rstest]
    #[case("台帳電子化", "文書台帳の電子化", true)]
    #[case("防災訓練・研修", "地区防災訓練と職員研修の実施", true)]
    #[case("窓口、電話", "窓口と電話の一本化", true)]
    #[case("研修・訓練", "地区防災訓練と職員研修の実施", false)]
    #[case("・", "地区防災訓練の実施", false)]
    fn an_abbreviation_keeps_the_order_of_its_words(
        #[case] short: &str,
        #[case] long: &str,
        #[case] abbreviates: bool,
    ) {
        assert_eq!(super::abbreviates(short, long), abbreviates);
    }

    #[rstest::rstest]
    #[case("次の四半期の予定", true)]
    #[case("今後の予定", true)]
    #[case("来期の取組", true)]
    #[case("翌月以降の段取り", true)]
    #[case("次回までの手はず", true)]
    #[case("これからの段取り", true)]
    #[case("進捗状況", false)]
    #[case("取組の様子", false)]
    #[case("中間報告（今後の予定含む）", false)]
    fn knows_a_header_of_plans_ahead(#[case] header: &str, #[case] ahead: bool) {
        assert_eq!(FieldDictionary::default().plans_ahead(header), ahead);
    }

    /// The words of plans ahead are the dictionary's: a city's own word
    /// added by an extension sets its column aside, and a dictionary
    /// without the section sets none aside.
    #[test]
    fn the_words_of_plans_ahead_are_the_dictionarys() {
        let header = "段取り";
        let built_in = FieldDictionary::default();
        assert!(!built_in.plans_ahead(header));
        let extended = built_in
            .clone()
            .extended_with_toml("[plans_ahead]\nwords = [\"段取り\"]\n")
            .unwrap();
        assert!(extended.plans_ahead(header));
        assert!(extended.plans_ahead("次の四半期の予定"));
        let next_only = FieldDictionary::from_toml_str(
            "[plans_ahead]\nnext = [\"次\"]\ntimes = [\"四半期\"]\n",
        )
        .unwrap();
        assert!(next_only.plans_ahead("次四半期の取組"));
        assert!(!next_only.plans_ahead("今後の予定"));
        assert!(
            !FieldDictionary::from_toml_str("")
                .unwrap()
                .plans_ahead("今後の予定")
        );
        let err = FieldDictionary::from_toml_str("[plans_ahead]\nwords = [\"　\"]\n").unwrap_err();
        assert!(err.to_string().contains("plans_ahead.words"), "{err}");
        let err = FieldDictionary::from_toml_str("[plans_ahead]\nword = [\"予定\"]\n").unwrap_err();
        assert!(err.to_string().contains("`word`"), "{err}");
    }

    #[test]
    fn a_column_of_plans_ahead_in_words_the_dictionary_lacks_gives_no_report() {
        let dict = FieldDictionary::default();
        for ahead in ["これからの進み具合", "翌月以降の状況", "次回までの状況"]
        {
            assert_eq!(dict.report_period(ahead), None, "{ahead}");
            let book = read(
                "共有/R8_くらし部_第2四半期.xlsx",
                &[
                    &["番号", "項目（略）", "進み具合", ahead],
                    &["1", "窓口見直し", "受付を改めた", "研修を開く"],
                ],
            );
            let item = book.reports[0].items().next().unwrap().1;
            assert_eq!(
                item.interim.text(),
                Some("受付を改めた"),
                "{ahead}: {item:?}"
            );
            assert_eq!(item.year_end, Report::NotInLayout, "{ahead}: {item:?}");
            assert!(
                item.extras.iter().any(|e| &*e.text == "研修を開く"),
                "{item:?}"
            );
        }
    }

    /// A sheet named by words no period holds and a part of the year's
    /// months in brackets names those months; the whole year's months name
    /// no part of it.
    #[test]
    fn a_sheet_is_named_for_the_months_in_its_brackets() {
        let dict = FieldDictionary::default();
        let m = Milestones::default();
        let named = |name: &str| sheet_named(name, &dict, &m);
        assert_eq!(
            named("はじめの半年（4月～9月）"),
            Some(Named::Report(Period::Interim))
        );
        assert_eq!(
            named("のこりの半年(10月~3月)"),
            Some(Named::Report(Period::YearEnd))
        );
        assert_eq!(named("なかほど（10月～12月）"), Some(Named::Other));
        assert_eq!(named("工程表（4月～3月）"), None);
        assert_eq!(named("工程表（案）"), None);
    }

    #[test]
    fn a_period_is_named_by_the_last_part_of_a_name_or_a_title() {
        let dict = FieldDictionary::default();
        let m = Milestones::default();
        let named = |stem: &str, titles: &[&str]| match period_named(stem, titles, &dict, &m) {
            Some(Named::Report(p)) => Some(p),
            _ => None,
        };
        assert_eq!(named("R8_くらし部_中間報告", &[]), Some(Period::Interim));
        assert_eq!(
            named("R8_くらし部（9月末時点）", &[]),
            Some(Period::Interim)
        );
        assert_eq!(named("R8_くらし部_年度末", &[]), Some(Period::YearEnd));
        assert_eq!(named("R8_くらし部_実績", &[]), Some(Period::YearEnd));
        assert_eq!(named("R8_くらし部_上期", &[]), Some(Period::Interim));
        assert_eq!(
            named("R8_くらし部", &["令和8年度 下期のふりかえり"]),
            Some(Period::YearEnd)
        );
        assert_eq!(named("R8_くらし部", &["令和8年度 取組計画"]), None);
        assert_eq!(
            named("R8_くらし部_進捗_第2四半期", &[]),
            Some(Period::Interim)
        );
        assert_eq!(named("R8_くらし部_第4四半期", &[]), Some(Period::YearEnd));
        assert_eq!(named("R8_くらし部_7-9月", &[]), Some(Period::Interim));
        assert_eq!(named("R8_くらし部_9月", &[]), Some(Period::Interim));
        assert_eq!(named("R8_くらし部_Q2", &[]), Some(Period::Interim));
        assert_eq!(named("R8_くらし部（下期）", &[]), Some(Period::YearEnd));
        // Sheets titled for each half: the workbook holds both reports.
        assert_eq!(
            named("R8_くらし部_まとめ", &["令和8年度 上半期（4月〜9月）"]),
            Some(Period::Interim)
        );
        assert_eq!(
            named(
                "R8_くらし部_まとめ",
                &[
                    "令和8年度 上半期（4月〜9月）",
                    "令和8年度 下半期（10月〜3月）"
                ]
            ),
            None
        );
        for other in [
            "R8_くらし部_第1四半期",
            "R8_くらし部_4～6月",
            "R8_くらし部_第3四半期実績",
        ] {
            assert_eq!(
                period_named(other, &[], &dict, &m),
                Some(Named::Other),
                "{other}"
            );
        }
        assert_eq!(named("令和8年度重点目標管理シート_総務部", &[]), None);
        // A line telling of both halves (how to fill the sheet) names none.
        for told in [
            "（前半：10月20日まで　後半：4月20日までに書く）",
            "【上期】【下期】の欄に書いてください",
        ] {
            assert_eq!(
                named("R8_くらし部", &["令和8年度 くらし部", told]),
                None,
                "{told}"
            );
        }
    }
}
