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
//! the sheet's name (`令和7年度`: one sheet per fiscal year), another sheet
//! of the same workbook, the file name (`令和8年度…`, `_R2`),
//! [`InterpretOptions::default_fiscal_year`]. Department: a labelled cell
//! (部局名 / 所属, `所管：総務部` in one cell, a head's title such as
//! 総務部長, also before the head's name) on the sheet or another sheet; a configured department name or
//! alias in the title lines; [`InterpretOptions::departments_by_file`]; a
//! configured name or alias in the file name; a word ending in 部 / 局 / 室
//! / センター in the title lines (or named whole in a title's note in
//! brackets, `（担当部局：…部）`), alone on a cover sheet (a few lines and no
//! table), or in the file name; else 部局不明, with a
//! warning naming the key that fixes it. Each report says where its fiscal
//! year and department came from, and where every cell of its sheet went.

mod assemble;
pub mod companions;
pub mod department;
pub mod dictionary;
pub mod grades;
mod measure;
pub mod periods;
mod sheet;
pub mod text;

use std::path::Path;

use serde::Deserialize;

use crate::calendar::FiscalYear;
use crate::grid::Grid;
use crate::model::{CellRef, Confidence, Goal, LayoutKind, Origin, Reading, SheetReport, Warning};

pub use companions::{CompanionMapping, Join, companion_joins, join_companions};
pub use department::{KnownDepartment, UNKNOWN_DEPARTMENT};
pub use dictionary::{DEFAULT_DICTIONARY, DictionaryError, Field, FieldDictionary};
pub use grades::GradeScale;
pub use periods::Milestones;

use assemble::{SheetContext, assemble};
use sheet::{
    Claim, GivenRecords, HeaderWords, Labels, Recognisers, SheetAnalysis, SheetParser, SheetView,
    SheetsRead, TextDeadlines, TextLabels, WorkbookContext, explaining_sheets, join_index_sheets,
    join_report_sheets, join_reports, read_cards, sheet_fiscal_year,
};
use text::{fiscal_year_in_file_name, fiscal_year_of_sheet_name};

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
    /// Tables whose columns the configuration maps (`[[parse.layouts]]`,
    /// as `mokuhyo check --propose` prints them).
    pub layouts: Vec<LayoutMapping>,
    /// Files (glob patterns, as `departments_by_file`) whose readings the
    /// planning section vouches for: mails naming cells of their tables
    /// read with low confidence are not held.
    pub trust: Vec<String>,
    /// Which progress columns (第2四半期, 上期, 7～9月 …) are the interim
    /// and the year-end report.
    pub milestones: Milestones,
    /// Department names and their other spellings, looked for in title
    /// lines and file names (from the `[[departments]]` and `[[divisions]]`
    /// sections, not part of `[parse]`).
    #[serde(skip)]
    pub known_departments: Vec<KnownDepartment>,
    /// The watched folders: a workbook's folders below one of them may
    /// name its department (a folder per 部局). Paths only, never read.
    #[serde(skip)]
    pub roots: Vec<std::path::PathBuf>,
    /// Grade scales with an achievement rate per grade (from
    /// config/grades.toml, not part of `[parse]`).
    #[serde(skip)]
    pub grade_scales: Vec<GradeScale>,
}

impl Default for InterpretOptions {
    fn default() -> Self {
        InterpretOptions {
            empty_placeholders: [
                "－",
                "-",
                "ー",
                "未記入",
                "未入力",
                "未",
                "記載",
                "なし",
                "空欄",
                "記入",
                "入力",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            default_fiscal_year: None,
            departments_by_file: Vec::new(),
            pins: Vec::new(),
            layouts: Vec::new(),
            trust: Vec::new(),
            milestones: Milestones::default(),
            known_departments: Vec::new(),
            roots: Vec::new(),
            grade_scales: Vec::new(),
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

/// The roles of a table's columns as the configuration maps them: for the
/// tables of the files, sheets and header fingerprint given (each optional),
/// whose headers include every header named, each column named — by its
/// header as `check` shows it (`報告 › 中間`, or the deepest heading) or by
/// its letter — has its role. Columns not named are read as usual.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutMapping {
    /// Glob on the file name (or the path, when it contains `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Glob on the sheet name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The header's fingerprint as `check` shows it: the same for every file
    /// made from one template, year after year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// Role per column: `"やること" = "item"`, `"C" = "deadline"`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub columns: std::collections::BTreeMap<String, crate::model::Role>,
    /// Where an item takes a row per report, the column mapped as
    /// `report_period` (区分) names each row's report by these values:
    /// `"前半" = "interim"`, `"後半" = "year_end"` (values not listed are
    /// read by their words).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub report_periods: std::collections::BTreeMap<String, crate::model::ReportPeriod>,
    /// The fiscal year (its start year) of the sheets named, whatever
    /// their titles say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year: Option<i32>,
    /// The files named are report workbooks of a plan beside them
    /// ([`companions`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub companion: Option<CompanionMapping>,
    /// How the schedule grids (month columns) of the sheets named are
    /// drawn: `marks` (a shaded cell is no bar) or `fill` (every shaded
    /// cell is a bar, even where the shading covers the whole grid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<ScheduleDrawn>,
}

/// How a schedule grid's bars are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleDrawn {
    /// With marks or text in the months (●, →, 実施).
    Marks,
    /// With fill: the shaded months.
    Fill,
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

/// A region shaped like a table that reads as no table of items: where it
/// is, why, and how its columns would have been read.
#[derive(Debug, Clone, PartialEq)]
pub struct UnreadTable {
    pub sheet: String,
    pub reason: String,
    pub reading: crate::model::TableReading,
}

/// What a workbook yields.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkbookOutcome {
    /// One report per sheet and fiscal year.
    Reports(Vec<SheetReport>),
    /// Not a goal workbook (a staff list, an unrelated file): skipped.
    /// Regions shaped like tables that read as no table of items are in
    /// the reason, and their readings in `unread`.
    NotAGoalSheet {
        reason: String,
        unread: Vec<UnreadTable>,
    },
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
    interpret_workbook_again(file, sheets, dict, opts, &[])
}

/// Interprets the sheets of one workbook read before as `previous`: a
/// table whose headings are unchanged keeps the roles its columns had when
/// this save's cells alone would change them (a warning says so), so that
/// a save never flips what a column is.
pub fn interpret_workbook_again(
    file: &Path,
    sheets: &[Grid],
    dict: &FieldDictionary,
    opts: &InterpretOptions,
    previous: &[SheetReport],
) -> WorkbookOutcome {
    interpret_saved_workbook(file, sheets, None, dict, opts, previous)
}

/// [`interpret_workbook_again`] of a workbook that says when it was last
/// saved (`saved_on`, a day in Japan): a workbook stating its fiscal year
/// nowhere, with none configured, is read as of the fiscal year of that
/// day — a guess, so its tables are read as 低 and their mails held, with
/// a warning saying so.
pub fn interpret_saved_workbook(
    file: &Path,
    sheets: &[Grid],
    saved_on: Option<chrono::NaiveDate>,
    dict: &FieldDictionary,
    opts: &InterpretOptions,
    previous: &[SheetReport],
) -> WorkbookOutcome {
    let Some(recognisers) = pinned_recognisers(file, opts) else {
        return WorkbookOutcome::NotAGoalSheet {
            reason: "設定 (parse.pins) で目標シートではないとされています".into(),
            unread: Vec::new(),
        };
    };
    let stem = crate::nfc::file_stem(file).unwrap_or_default();

    let context = WorkbookContext {
        dict,
        opts,
        recognisers,
        layouts: opts
            .layouts
            .iter()
            .enumerate()
            .filter(|(_, l)| l.file.as_deref().is_none_or(|p| file_matches(p, file)))
            .collect(),
        deadlines: TextDeadlines::default(),
        header_words: HeaderWords::default(),
        text_counts: Default::default(),
        tables_read: Default::default(),
    };
    let mut texts = TextLabels::default();
    let labels: Vec<Labels> = sheets
        .iter()
        .map(|g| Labels::with_texts(g, dict, &mut texts))
        .collect();
    let (sheet_years, workbook_year) = fiscal_years(file, sheets, &labels, &stem, opts);
    let workbook_year = workbook_year.or_else(|| {
        saved_on.map(|day| {
            (
                FiscalYear::containing(day),
                Origin::Saved {
                    date: day.to_string(),
                },
            )
        })
    });

    let mut analyses: Vec<SheetRead<'_>> = sheets
        .iter()
        .zip(&labels)
        .zip(sheet_years)
        .map(|((grid, labels), fy)| {
            let fy = fy
                .or_else(|| year_before_named(&grid.name, workbook_year.as_ref(), dict))
                .or_else(|| workbook_year.clone());
            let year = fy.as_ref().map_or(FiscalYear(0), |(y, _)| *y);
            let earlier = earlier_tables(previous, grid);
            let analysis =
                SheetParser::new(SheetView::new(grid, labels, year, &context, earlier)).run();
            SheetRead { grid, fy, analysis }
        })
        .collect();
    read_cards_into(&mut analyses, &labels, &context, previous);
    for read in &mut analyses {
        let period = match companions::sheet_named(&read.grid.name, dict, &opts.milestones) {
            Some(companions::Named::Report(period)) => Some(period.report_period()),
            Some(companions::Named::Other) => None,
            None => continue,
        };
        sheet::place_sheet_period(&mut read.analysis, period, dict);
    }
    join_sheets(&mut analyses, sheets, dict, opts);
    if analyses.iter().all(|r| r.analysis.item_count() == 0) {
        // A workbook of report rows alone: each row an item of its number,
        // for the plan's workbook beside it to take.
        for read in &mut analyses {
            let title = read
                .analysis
                .title_lines
                .first()
                .and_then(|c| read.grid.text(c.row, c.col))
                .map_or_else(|| read.grid.name.clone(), str::to_string);
            sheet::rows_as_items(&mut read.analysis, title, &opts.empty_placeholders);
        }
    }
    for read in &mut analyses {
        read.claim_report_rows();
    }
    // A hidden sheet (a draft, a sheet put away) is not what the workbook
    // shows, nor is a sheet marked a draft beside the decided one.
    let put_away = leave_out_beside_items(&mut analyses, |r| !r.grid.visible);
    let drafts = leave_out_beside_items(&mut analyses, |r| is_draft_sheet(r, dict));

    let has_items = analyses
        .iter()
        .any(|r| r.analysis.item_count() > 0 || r.analysis.found_item_header);
    let has_goal_list = analyses.iter().any(|r| !r.analysis.goal_list.is_empty());
    if !has_items && !has_goal_list {
        return WorkbookOutcome::NotAGoalSheet {
            reason: not_a_goal_sheet(sheets.len(), &analyses),
            unread: unread_tables(&analyses),
        };
    }
    // A sheet stating its year nowhere, whose every item's row names its
    // year in a column of years, is of the years its rows name: the
    // earliest is the sheet's own, read from its row.
    let mut years_from_rows = false;
    for read in &mut analyses {
        let Some((year, cell)) = read.analysis.year_every_row_names() else {
            continue;
        };
        years_from_rows = true;
        if read
            .fy
            .as_ref()
            .is_none_or(|(_, origin)| matches!(origin, Origin::Saved { .. }))
        {
            read.fy = Some((year, Origin::Label { cell }));
        }
    }
    if workbook_year.is_none() && !years_from_rows {
        return WorkbookOutcome::NoFiscalYear {
            reason: "年度がシートにもファイル名にも書かれておらず、設定 (parse.default_fiscal_year) もありません"
                .into(),
        };
    }

    let folders = folders_below_root(file, &opts.roots);
    let labels = department::DepartmentLabels::new(&folders, &opts.known_departments);
    let found = find_department(file, &stem, &folders, &labels, &analyses, dict, opts);
    let workbook = WorkbookFindings {
        file,
        dict,
        opts,
        labels,
        unknown_department: (found.name == UNKNOWN_DEPARTMENT).then(|| Warning {
            cell: None,
            message: unknown_department_message(file),
        }),
        found,
        goal_list: analyses
            .iter()
            .flat_map(|r| r.analysis.goal_list.iter().cloned())
            .collect(),
        has_items,
        division_sheets: analyses.iter().any(|r| {
            r.analysis.item_count() > 0
                && department::division_of_sheet_name(&r.grid.name).is_some()
        }),
    };
    let titles: Vec<&str> = analyses
        .iter()
        .flat_map(|r| {
            r.analysis
                .title_lines
                .iter()
                .filter_map(|cell| r.grid.text(cell.row, cell.col))
        })
        .collect();
    // Sheets each named for a part of the year (中間 / 年度末) place their
    // own reports: the workbook's name (…_報告) then names none of them.
    let sheets_placed = analyses.iter().any(|r| r.analysis.part_of_year);
    let named_period =
        companions::period_named(&stem, &titles, dict, &opts.milestones).filter(|_| !sheets_placed);
    let mut reports = Vec::new();
    for read in analyses {
        workbook.sheet_reports(read, &mut reports);
    }
    if let Some(named) = named_period {
        companions::place_named_period(&mut reports, named, dict);
    }
    if let (Some(first), false) = (reports.first_mut(), put_away.is_empty()) {
        first.warnings.push(Warning {
            cell: None,
            message: format!(
                "非表示のシート（{}）の取組は数えていません。表示されているシートに取組があるため、\
                 下書きやしまったシートとみなしました。数える場合はシートを再表示してください",
                put_away.join("、")
            ),
        });
    }
    if let (Some(first), false) = (reports.first_mut(), drafts.is_empty()) {
        first.warnings.push(Warning {
            cell: None,
            message: format!(
                "案とされたシート（{}）の取組は数えていません。案でないシートに取組があるため、\
                 まだ決まっていない案とみなしました。数える場合はシート名と表題から案の印を外してください",
                drafts.join("、")
            ),
        });
    }
    for report in &mut reports {
        if let Origin::Saved { date } = &report.reading.fiscal_year_from {
            report
                .warnings
                .push(year_from_saved_day(file, date, report.fiscal_year));
            for table in &mut report.reading.tables {
                table.confidence = Confidence::Low;
            }
        }
        let held = crate::remind::hold::held_warnings(report, &opts.trust);
        report.warnings.extend(held);
    }
    WorkbookOutcome::Reports(reports)
}

/// The sheets `left` says are no part of the plan beside sheets that are
/// (a hidden sheet, a draft), holding items: left out where another sheet
/// holds items, once their reports have been joined to its items. Their
/// names, for the warning.
fn leave_out_beside_items(
    analyses: &mut Vec<SheetRead<'_>>,
    left: impl Fn(&SheetRead<'_>) -> bool,
) -> Vec<String> {
    let left: Vec<bool> = analyses.iter().map(left).collect();
    let kept_items = analyses
        .iter()
        .zip(&left)
        .any(|(r, left)| !left && r.analysis.item_count() > 0);
    if !kept_items {
        return Vec::new();
    }
    let put_away: Vec<String> = analyses
        .iter()
        .zip(&left)
        .filter(|(r, left)| **left && r.analysis.item_count() > 0)
        .map(|(r, _)| r.grid.name.clone())
        .collect();
    analyses.retain(|r| !put_away.contains(&r.grid.name));
    put_away
}

/// Whether a sheet is marked a draft by its name or its title (`R8（案）`,
/// `令和8年度 重点目標（案）`: [`FieldDictionary::names_draft`]): a plan not
/// yet decided.
fn is_draft_sheet(read: &SheetRead<'_>, dict: &FieldDictionary) -> bool {
    dict.names_draft(&read.grid.name)
        || read
            .analysis
            .title_lines
            .iter()
            .filter_map(|c| read.grid.text(c.row, c.col))
            .any(|t| dict.names_draft(t))
}

/// Whether a sheet shows how to fill the others, by its name: an example's
/// mark (記入例, `sheet::is_example_text`) or a sample's (記入見本,
/// [`FieldDictionary::names_sample_sheet`]).
fn is_example_sheet(name: &str, dict: &FieldDictionary) -> bool {
    sheet::is_example_text(name) || dict.names_sample_sheet(name)
}

/// How an earlier read of the file read a sheet's tables.
fn earlier_tables<'p>(
    previous: &'p [SheetReport],
    grid: &Grid,
) -> &'p [crate::model::TableReading] {
    previous
        .iter()
        .find(|r| r.sheet == grid.name)
        .map_or(&[][..], |r| r.reading.tables.as_slice())
}

/// Sheets that are cards of one form, one record each, read together
/// (when that reads better than each alone): each sheet read again taking
/// its own card.
fn read_cards_into(
    analyses: &mut [SheetRead<'_>],
    labels: &[Labels],
    context: &WorkbookContext<'_>,
    previous: &[SheetReport],
) {
    if analyses.len() < 2 {
        return;
    }
    let years: Vec<FiscalYear> = analyses
        .iter()
        .map(|r| r.fy.as_ref().map_or(FiscalYear(0), |(y, _)| *y))
        .collect();
    let earlier: Vec<&[crate::model::TableReading]> = analyses
        .iter()
        .map(|r| earlier_tables(previous, r.grid))
        .collect();
    let cards = {
        let parts: Vec<&SheetAnalysis> = analyses.iter().map(|r| &r.analysis).collect();
        let sheets: Vec<&Grid> = analyses.iter().map(|r| r.grid).collect();
        read_cards(
            &SheetsRead {
                grids: &sheets,
                labels,
                years: &years,
                analyses: &parts,
                previous: &earlier,
            },
            context,
        )
    };
    for card in &cards {
        for (k, &s) in card.sheets.iter().enumerate() {
            let grid = analyses[s].grid;
            let given = GivenRecords {
                read: &card.read,
                sheet: k,
            };
            analyses[s].analysis = SheetParser::new(SheetView::new(
                grid, &labels[s], years[s], context, earlier[s],
            ))
            .with_records(given)
            .run();
        }
    }
}

/// The recognisers a pin in the configuration allows for the file (all
/// without one); none when it pins the file as no goal workbook.
fn pinned_recognisers(file: &Path, opts: &InterpretOptions) -> Option<Recognisers> {
    let pin = opts
        .pins
        .iter()
        .find(|p| file_matches(&p.pattern, file))
        .map(|p| p.layout);
    match pin {
        Some(PinnedLayout::NotAGoalSheet) => None,
        Some(PinnedLayout::Table) => Some(Recognisers {
            tables: true,
            blocks: false,
        }),
        Some(PinnedLayout::Blocks) => Some(Recognisers {
            tables: false,
            blocks: true,
        }),
        None => Some(Recognisers {
            tables: true,
            blocks: true,
        }),
    }
}

/// The fiscal year a `[[parse.layouts]]` entry gives a sheet of the file.
fn configured_year(file: &Path, sheet: &str, opts: &InterpretOptions) -> Option<FoundYear> {
    opts.layouts.iter().enumerate().find_map(|(i, l)| {
        let year = l.fiscal_year?;
        let applies = l.file.as_deref().is_none_or(|p| file_matches(p, file))
            && l.sheet
                .as_deref()
                .is_none_or(|p| crate::pattern::matches(p, sheet));
        applies.then(|| {
            let key = format!("parse.layouts[{i}].fiscal_year");
            (FiscalYear(year), Origin::Config { key })
        })
    })
}

/// Each sheet's own fiscal year (the configuration's, its name when it
/// names one year other than its body, its labels, else its name), and
/// the workbook's: the first sheet's, else the file name's, else the
/// configured default.
/// The year before the workbook's for a sheet whose name names a year
/// gone by and no year of its own (`前年度実績`, `昨年度`): the sheet kept
/// beside this year's of the year before it.
fn year_before_named(
    sheet: &str,
    workbook_year: Option<&FoundYear>,
    dict: &FieldDictionary,
) -> Option<FoundYear> {
    let (year, _) = workbook_year?;
    dict.looks_back(&dictionary::normalize_label(sheet))
        .then(|| (year.previous(), Origin::SheetName))
}

fn fiscal_years(
    file: &Path,
    sheets: &[Grid],
    labels: &[Labels],
    stem: &str,
    opts: &InterpretOptions,
) -> (Vec<Option<FoundYear>>, Option<FoundYear>) {
    let file_year = fiscal_year_in_file_name(stem);
    let sheet_years: Vec<Option<FoundYear>> = sheets
        .iter()
        .zip(labels)
        .map(|(g, l)| {
            if let Some(year) = configured_year(file, &g.name, opts) {
                return Some(year);
            }
            // A sheet named for one year is that year's, whatever its body
            // says (one sheet per fiscal year, the earlier ones kept).
            let named = fiscal_year_of_sheet_name(&g.name);
            match sheet_fiscal_year(g, l) {
                Some((fy, _)) if named.is_some_and(|n| n != fy) => {
                    named.map(|n| (n, Origin::SheetName))
                }
                // Last year's workbook saved under this year's name, its
                // title not yet changed: the dates in it are this year's.
                Some((fy, _)) if file_year.is_some_and(|f| f != fy && dates_are_of(g, f, fy)) => {
                    file_year.map(|f| (f, Origin::FileName))
                }
                Some(found) => Some(found),
                None => named
                    .or_else(|| fiscal_year_in_file_name(&g.name))
                    .map(|fy| (fy, Origin::SheetName)),
            }
        })
        .collect();
    let workbook_year = sheet_years
        .iter()
        .flatten()
        .next()
        .cloned()
        .or_else(|| file_year.map(|fy| (fy, Origin::FileName)))
        .or_else(|| {
            opts.default_fiscal_year.map(|y| {
                (
                    FiscalYear(y),
                    Origin::Config {
                        key: "parse.default_fiscal_year".into(),
                    },
                )
            })
        });
    (sheet_years, workbook_year)
}

/// How many rows of a sheet [`dates_are_of`] looks at.
const DATED_ROWS: u32 = 500;

/// Whether the dates a sheet states with their year (date cells, `R8.11`,
/// `2026/10/19`; a fiscal year named, `令和7年度`, is none) fall in the
/// fiscal year `one`, twice at least, and never in `other`.
fn dates_are_of(grid: &Grid, one: FiscalYear, other: FiscalYear) -> bool {
    let (mut ones, mut others) = (0u32, 0u32);
    for r in 0..grid.rows().min(DATED_ROWS) {
        for c in 0..grid.cols() {
            let dates: Vec<chrono::NaiveDate> = match grid.get(r, c) {
                crate::grid::CellValue::Date(d) => vec![d.date()],
                // A fiscal year named (the title's 令和7年度) is no date.
                crate::grid::CellValue::Text(t) if text::find_fiscal_year(t).is_none() => {
                    // A date whatever year the text is read in names its year.
                    let read = |fy| {
                        crate::calendar::extract_deadlines(t, fy)
                            .iter()
                            .filter_map(crate::calendar::Deadline::due)
                            .collect::<Vec<_>>()
                    };
                    let dates = read(one);
                    if dates != read(other) {
                        continue;
                    }
                    dates
                }
                _ => continue,
            };
            for date in dates {
                match FiscalYear::containing(date) {
                    fy if fy == one => ones += 1,
                    fy if fy == other => others += 1,
                    _ => {}
                }
            }
        }
    }
    ones >= 2 && others == 0
}

/// Joins the sheets of a workbook that continue one another: report
/// sheets and rows to their items, index sheets to the sheets they list
/// (the joined sheets report nothing of their own). A sheet named as an
/// example (記入例) gives nothing.
fn join_sheets(
    analyses: &mut [SheetRead<'_>],
    sheets: &[Grid],
    dict: &FieldDictionary,
    opts: &InterpretOptions,
) {
    let years: Vec<Option<FiscalYear>> = analyses
        .iter()
        .map(|r| r.fy.as_ref().map(|(y, _)| *y))
        .collect();
    let mut parts: Vec<&mut SheetAnalysis> = analyses.iter_mut().map(|r| &mut r.analysis).collect();
    for (part, sheet) in parts.iter_mut().zip(sheets) {
        if is_example_sheet(&sheet.name, dict) {
            // A sheet showing how to fill the others (記入例, 記入見本): its
            // rows are no items, and no reports of the items of the others.
            part.goals.clear();
            part.report_rows.clear();
            part.joined_elsewhere = true;
        }
    }
    join_reports(&mut parts, &opts.empty_placeholders);
    let joined = join_report_sheets(&mut parts, |a, b| years[a] == years[b], dict);
    for (part, joined) in parts.iter_mut().zip(joined) {
        if joined {
            // Its rows are reports of items kept elsewhere.
            part.goals.clear();
            part.joined_elsewhere = true;
        }
    }
    let per_period = sheet::join_sheets_per_period(&mut parts, |a, b| years[a] == years[b]);
    for (s, target) in per_period.into_iter().enumerate() {
        let Some(t) = target else { continue };
        // Its items are the earlier sheet's, reported for another period.
        parts[s].goals.clear();
        parts[s].joined_elsewhere = true;
        let (name, other) = (&sheets[s].name, &sheets[t].name);
        parts[t].warnings.push(Warning {
            cell: None,
            message: format!(
                "シート「{name}」は、シート「{other}」と同じ取組の別の時期の報告として読み、\
                 各取組に結合しました。取組はシート「{other}」から数えています"
            ),
        });
    }
    for (s, explained) in explaining_sheets(&parts).into_iter().enumerate() {
        let Some(o) = explained else { continue };
        // Its rows explain the other sheet's columns: no items.
        parts[s].goals.clear();
        parts[s].joined_elsewhere = true;
        let (name, other) = (&sheets[s].name, &sheets[o].name);
        parts[o].warnings.push(Warning {
            cell: None,
            message: format!(
                "シート「{name}」は、シート「{other}」の表の各欄の書き方の説明（記入要領）として読みました。\
                 取組としては数えていません"
            ),
        });
    }
    let indexes = join_index_sheets(&mut parts);
    for (s, listed) in indexes.into_iter().enumerate() {
        let Some(listed) = listed else { continue };
        parts[s].goals.clear();
        parts[s].joined_elsewhere = true;
        if let Some(&first) = listed.first() {
            let name = sheets[s].name.clone();
            parts[first].warnings.push(Warning {
                cell: None,
                message: format!(
                    "シート「{name}」は、1シートに1件ずつ書かれた取組の一覧（索引）として読みました。\
                         取組は各シートから数えています"
                ),
            });
        }
    }
    for (s, listed) in sheet::summary_sheets(&parts, |a, b| years[a] == years[b])
        .into_iter()
        .enumerate()
    {
        let Some(&first) = listed.as_ref().and_then(|l| l.first()) else {
            continue;
        };
        // Its items are counted, and reported, on the sheets it sums up.
        parts[s].goals.clear();
        parts[s].joined_elsewhere = true;
        let name = sheets[s].name.clone();
        parts[first].warnings.push(Warning {
            cell: None,
            message: format!(
                "シート「{name}」は、ほかのシートの取組をまとめた一覧として読みました。\
                 取組は報告欄のあるシートから数えています"
            ),
        });
    }
}

/// The regions shaped like tables that read as no table of items, sheet
/// by sheet.
fn unread_tables(analyses: &[SheetRead<'_>]) -> Vec<UnreadTable> {
    analyses
        .iter()
        .flat_map(|r| {
            r.analysis.unread.iter().map(|u| UnreadTable {
                sheet: r.grid.name.clone(),
                reason: u.reason.describe().to_string(),
                reading: u.reading.clone(),
            })
        })
        .collect()
}

/// What the whole workbook gives each of its sheets' reports.
struct WorkbookFindings<'a> {
    file: &'a Path,
    dict: &'a FieldDictionary,
    opts: &'a InterpretOptions,
    /// What a department label on a sheet names, kept where it is.
    labels: department::DepartmentLabels<'a>,
    /// The workbook's department where a sheet names none.
    found: FoundDepartment,
    /// Added to every report whose department is 部局不明.
    unknown_department: Option<Warning>,
    /// Goals listed on a goal-list sheet of the workbook.
    goal_list: Vec<Goal>,
    /// Whether any sheet holds items (else the goal lists are reported).
    has_items: bool,
    /// Whether a sheet holding items is named as a division (a sheet per
    /// 課): the workbook is its department's, a sheet per unit inside it.
    division_sheets: bool,
}

impl WorkbookFindings<'_> {
    /// Adds a sheet's reports to `reports`: none for a sheet without a
    /// fiscal year or joined to another, its items' reports, or its goal
    /// list when the workbook has no items.
    fn sheet_reports(&self, read: SheetRead<'_>, reports: &mut Vec<SheetReport>) {
        let SheetRead {
            grid,
            fy,
            mut analysis,
        } = read;
        let Some((fy, fy_origin)) = fy else { return };
        let unit_inside = self.unit_inside_the_workbooks_department(grid);
        let (department, department_from) =
            self.sheet_department(grid, &analysis, unit_inside.is_some());
        // The sheet's division owns its items that name none: a label's
        // (課名 | 警防課), else the sheet's name (a sheet per 課, or a unit
        // inside the workbook's department), else a division its title
        // names.
        let division = analysis
            .owner
            .as_ref()
            .map(|(name, _)| name.clone())
            .or_else(|| department::division_of_sheet_name(&grid.name))
            .or(unit_inside)
            .or_else(|| self.title_division(grid, &analysis));
        if let Some(division) = division {
            for d in analysis.goals.iter_mut().flat_map(|g| &mut g.items) {
                if d.item.owners.is_empty() {
                    d.item.owners = vec![division.clone()];
                }
            }
        }
        for origin in [&fy_origin, &department_from] {
            if let Origin::Title { cell } = origin {
                analysis.claims.claim_ref(grid, cell, Claim::Label);
            }
        }
        for unread in std::mem::take(&mut analysis.unread) {
            analysis.warnings.push(unread_warning(&grid.name, &unread));
        }
        let reading = Reading {
            fiscal_year_from: fy_origin,
            department_from,
            coverage: analysis.claims.coverage(grid),
            tables: std::mem::take(&mut analysis.tables),
        };
        let ctx = SheetContext {
            file: self.file,
            grid,
            fy,
            department: &department,
            reading,
            goal_list: &self.goal_list,
            placeholders: &self.opts.empty_placeholders,
            labels: &self.labels,
            unknown_department: self.unknown_department.clone(),
            dict: self.dict,
        };
        if self.has_items {
            if analysis.joined_elsewhere
                || (analysis.item_count() == 0
                    && !analysis.found_item_header
                    && analysis.report_rows.is_empty())
            {
                return;
            }
            reports.extend(assemble(&ctx, analysis));
        } else if !analysis.goal_list.is_empty() {
            reports.push(goal_list_report(ctx, analysis));
        }
    }

    /// The one division a sheet's title lines name among their words
    /// (`R8年度 市民生活部 市民課 業務改善目標`), unless the line is the mark
    /// of the section that distributed the form.
    fn title_division(&self, grid: &Grid, analysis: &SheetAnalysis) -> Option<String> {
        let mut named = analysis
            .title_lines
            .iter()
            .filter_map(|cell| grid.text(cell.row, cell.col))
            .filter(|line| !self.dict.names_distributor(line))
            .flat_map(|line| line.split(|c: char| c.is_whitespace() || c == '・'))
            .filter(|word| department::division_of_sheet_name(word).is_some());
        let first = named.next()?;
        named.all(|w| w == first).then(|| first.to_string())
    }

    /// A sheet's department and where it was found: its own label (the
    /// workbook's when that names it in full: 事務局 of 人事委員会事務局),
    /// its name (unless it names a unit inside the workbook's department),
    /// else the workbook's.
    fn sheet_department(
        &self,
        grid: &Grid,
        analysis: &SheetAnalysis,
        unit_inside: bool,
    ) -> (String, Origin) {
        match &analysis.department {
            Some((name, cell)) => {
                let (name, origin) = self.labels.of(name, cell);
                let found = &self.found.name;
                if department::names_in_full(found, &name) {
                    (found.clone(), self.found.origin.clone())
                } else {
                    (name, origin)
                }
            }
            None => match department::of_sheet_name(&grid.name, &self.opts.known_departments) {
                Some(name) if !unit_inside => (name, Origin::SheetName),
                _ => (self.found.name.clone(), self.found.origin.clone()),
            },
        }
    }

    /// A sheet named by a unit that may stand inside a department (こども
    /// 家庭センター, 広報室) in the workbook of a 部 or 局 whose other
    /// sheets are its 課: one more unit inside that department, not a
    /// department of its own.
    fn unit_inside_the_workbooks_department(&self, grid: &Grid) -> Option<String> {
        let name = department::of_sheet_name(&grid.name, &[])?;
        let inside = self.division_sheets
            && department::may_stand_inside_a_department(&name)
            && department::is_department_level(&self.found.name)
            && self.found.name != name
            && !self
                .opts
                .known_departments
                .iter()
                .any(|known| known.names(&name));
        inside.then_some(name)
    }
}

/// The report of a goal-list sheet in a workbook without items: its goals,
/// with a warning that no items were found.
fn goal_list_report(ctx: SheetContext<'_>, analysis: SheetAnalysis) -> SheetReport {
    let mut warnings = analysis.warnings;
    warnings.push(Warning {
        cell: analysis.goal_list[0].cell.clone(),
        message: "目標の一覧はありますが、このブックに取組が見つかりません".into(),
    });
    warnings.extend(ctx.unknown_department.clone());
    SheetReport {
        file: ctx.file.to_path_buf(),
        sheet: ctx.grid.name.clone(),
        fiscal_year: ctx.fy,
        department: ctx.department.to_string(),
        layout: LayoutKind::GoalList.into(),
        goals: analysis.goal_list,
        warnings,
        reading: ctx.reading,
    }
}

/// A fiscal year and where it was read.
type FoundYear = (FiscalYear, Origin);

/// A sheet with its fiscal year (and where it was read) and what it holds.
struct SheetRead<'g> {
    grid: &'g Grid,
    fy: Option<FoundYear>,
    analysis: SheetAnalysis,
}

/// The most text cells a cover sheet (表紙) holds: its year, the form's
/// name, the department, the head, the date of submission and so on.
const COVER_TEXTS: usize = 12;

impl SheetRead<'_> {
    /// The department a cover sheet names: a sheet of a few lines and no
    /// table, one of them a department's name alone (`まちづくり推進部`
    /// between `重点目標管理シート` and `部長　山本　健一`), far down the
    /// page as a cover is laid out.
    fn cover_department(&self) -> Option<(String, CellRef)> {
        let analysis = &self.analysis;
        if analysis.item_count() > 0
            || analysis.found_item_header
            || !analysis.goal_list.is_empty()
            || !analysis.unread.is_empty()
        {
            return None;
        }
        let grid = self.grid;
        let texts: Vec<(&str, u32, u32)> = (0..grid.rows())
            .flat_map(|r| (0..grid.cols()).map(move |c| (r, c)))
            .filter(|&(r, c)| grid.origin(r, c) == (r, c))
            .filter_map(|(r, c)| Some((grid.text(r, c)?.trim(), r, c)))
            .filter(|(text, _, _)| !text.is_empty())
            .take(COVER_TEXTS + 1)
            .collect();
        if texts.len() > COVER_TEXTS {
            return None;
        }
        self.one_named_alone(texts.into_iter().map(|(text, r, c)| (text, (r, c))))
    }

    /// The one department the texts name alone, with its cell: none when
    /// they name two.
    fn one_named_alone<'t>(
        &self,
        texts: impl Iterator<Item = (&'t str, (u32, u32))>,
    ) -> Option<(String, CellRef)> {
        let mut named = texts.filter_map(|(text, at)| Some((department::unit_alone(text)?, at)));
        let (name, (row, col)) = named.next()?;
        if named.any(|(other, _)| other != name) {
            return None;
        }
        let cell = CellRef {
            sheet: self.grid.name.as_str().into(),
            row,
            col,
        };
        Some((name, cell))
    }

    /// The department a line signed by the sheet's writer or contact names,
    /// in no item's cell (`作成：のぞみ国際交流室　交流推進係` by the title,
    /// `【問合せ】えにし地域福祉部　福祉政策課（内線2315）` under the table).
    fn signed_department(&self, dict: &FieldDictionary) -> Option<(String, CellRef)> {
        let grid = self.grid;
        (0..grid.rows())
            .flat_map(|r| (0..grid.cols()).map(move |c| (r, c)))
            .filter(|&(r, c)| grid.origin(r, c) == (r, c))
            .filter(|&(r, c)| !self.analysis.claims.of_an_item(r, c))
            .filter_map(|(r, c)| Some((grid.text(r, c)?, r, c)))
            .filter(|(text, _, _)| dict.is_signed_line(text))
            .find_map(|(text, r, c)| {
                let name = department::unit_word(&department::without_notes(text))?;
                let cell = CellRef {
                    sheet: grid.name.as_str().into(),
                    row: r,
                    col: c,
                };
                Some((name, cell))
            })
    }

    /// The department a cell outside the items names alone, the only one
    /// the sheet names so (`すずらん保健福祉局` down a side label merged along
    /// the table), with its cell.
    fn lone_department(&self) -> Option<(String, CellRef)> {
        let grid = self.grid;
        self.one_named_alone(
            (0..grid.rows())
                .flat_map(|r| (0..grid.cols()).map(move |c| (r, c)))
                .filter(|&(r, c)| grid.origin(r, c) == (r, c))
                .filter(|&(r, c)| !self.analysis.claims.of_an_item(r, c))
                .filter_map(|(r, c)| Some((grid.text(r, c)?, (r, c)))),
        )
    }

    /// The department the items' 担当 cells all name before their divisions
    /// (`ともえ企業局 経営企画課`, `ともえ企業局 営業課`), with the first of
    /// them: none when one names another department or none, or when fewer
    /// than two do.
    fn owners_department(&self) -> Option<(String, CellRef)> {
        let mut found: Option<(String, CellRef)> = None;
        let mut named = 0;
        let items = self.analysis.goals.iter().flat_map(|g| &g.items);
        for item in items.map(|d| &d.item) {
            for owner in &item.owners {
                let name = department::unit_word(owner)?;
                match &found {
                    Some((first, _)) if *first != name => return None,
                    Some(_) => {}
                    None => found = Some((name, item.cells.owners()?)),
                }
                named += 1;
            }
        }
        found.filter(|_| named >= 2)
    }

    /// Claims the report rows joined to an item; warns of the others,
    /// which stay unclaimed and are listed as not used.
    fn claim_report_rows(&mut self) {
        let analysis = &mut self.analysis;
        for row in &analysis.report_rows {
            if row.joined {
                analysis.claims.claim_ref(self.grid, &row.cell, Claim::Item);
                analysis
                    .claims
                    .claim_ref(self.grid, &row.number_cell, Claim::Item);
            } else if row.text.is_some() {
                analysis.warnings.push(Warning {
                    cell: Some(row.number_cell.clone()),
                    message: format!(
                        "報告の行「{}」は、このブックのどの取組の番号とも合わないため使っていません",
                        self.grid
                            .text(row.number_cell.row, row.number_cell.col)
                            .unwrap_or(&row.key)
                    ),
                });
            }
        }
    }
}

/// The notice of a region shaped like a table that reads as no table of
/// items, on a sheet that is read.
fn unread_warning(sheet: &str, unread: &sheet::Unread) -> Warning {
    let first = unread.reading.range.split(':').next().unwrap_or_default();
    Warning {
        cell: crate::model::parse_cell_ref(&format!("{sheet}!{first}")),
        message: format!(
            "{sheet}!{} は表の形ですが、取組の表として読めませんでした（{}）。\
             取組の表なら、mokuhyo check --propose の出力を設定に加えると列の役割を指定できます",
            unread.reading.range,
            unread.reason.describe()
        ),
    }
}

/// Why a workbook is no goal workbook: the regions shaped like tables it
/// holds and why each reads as no table of items, or that it holds none.
fn not_a_goal_sheet(sheets: usize, analyses: &[SheetRead<'_>]) -> String {
    let unread: Vec<String> = analyses
        .iter()
        .flat_map(|r| {
            r.analysis.unread.iter().map(move |u| {
                format!(
                    "{}!{}（{}）",
                    r.grid.name,
                    u.reading.range,
                    u.reason.describe()
                )
            })
        })
        .collect();
    if unread.is_empty() {
        format!("{sheets} シートのどれにも取組の表・項目のまとまり・目標の一覧が見つかりません")
    } else {
        format!(
            "表の形をした範囲はありますが、取組の表として読めません: {}。\
             列の役割は mokuhyo check --propose の出力を設定に加えると指定できます",
            unread.join("、")
        )
    }
}

/// A department and where it was found.
struct FoundDepartment {
    name: String,
    origin: Origin,
}

/// The workbook's department when a sheet's own labels name none, in the
/// order of the module docs.
fn find_department(
    file: &Path,
    stem: &str,
    folders: &[String],
    labels: &department::DepartmentLabels<'_>,
    analyses: &[SheetRead<'_>],
    dict: &FieldDictionary,
    opts: &InterpretOptions,
) -> FoundDepartment {
    let found = |name: String, origin: Origin| FoundDepartment { name, origin };
    // A sheet showing how to fill the others (記入例) names an example's
    // department, not the workbook's.
    let shown = || {
        analyses
            .iter()
            .filter(|r| !is_example_sheet(&r.grid.name, dict))
    };
    let titles = || {
        shown().flat_map(|r| {
            r.analysis
                .title_lines
                .iter()
                .filter_map(move |cell| Some((r.grid.text(cell.row, cell.col)?, cell)))
                // A note in brackets (総務課とりまとめ) names no department,
                // nor does a distributing section's mark.
                .map(|(text, cell)| (department::without_notes(text), text, cell))
                .filter(|(text, _, _)| !dict.names_distributor(text))
        })
    };
    let title = |cell: &CellRef| Origin::Title { cell: cell.clone() };
    if let Some((name, cell)) = shown().find_map(|r| r.analysis.department.as_ref()) {
        let (name, origin) = labels.of(name, cell);
        // A label naming the bare end of a unit's name (事務局長 → 事務局)
        // that a title or the file's name names in full (人事委員会事務局):
        // the full name.
        let full = titles()
            .filter_map(|(text, _, cell)| Some((department::unit_word(&text)?, title(cell))))
            .chain(department::unit_word(stem).map(|w| (w, Origin::FileName)))
            .find(|(full, _)| department::names_in_full(full, &name));
        let (name, origin) = full.unwrap_or((name, origin));
        return found(name, origin);
    }
    if let Some((name, cell)) = titles().find_map(|(text, _, cell)| {
        department::configured_in(&text, &opts.known_departments).map(|n| (n, cell))
    }) {
        return found(name.to_string(), title(cell));
    }
    if let Some(p) = opts
        .departments_by_file
        .iter()
        .find(|p| file_matches(&p.pattern, file))
    {
        let key = "parse.departments_by_file".to_string();
        return found(p.department.clone(), Origin::Config { key });
    }
    if let Some(name) = department::configured_in(stem, &opts.known_departments) {
        return found(name.to_string(), Origin::FileName);
    }
    if let Some(name) = folders
        .iter()
        .find_map(|f| department::configured_in(f, &opts.known_departments))
    {
        return found(name.to_string(), Origin::Folder);
    }
    let folder = department::of_folders(folders);
    // A title's own words first; else a note of it naming a department as
    // a whole (`重点目標（担当部局：いきいき健康部）`).
    let named_in_title = |text: &str, original: &str| {
        department::unit_word(text)
            .or_else(|| department::named_in_notes(original, |note| dict.names_distributor(note)))
    };
    if let Some((name, text, cell)) = titles()
        .find_map(|(text, original, cell)| named_in_title(&text, original).map(|n| (n, text, cell)))
    {
        // A title naming a body and a unit inside it (`教育委員会事務局
        // 教育総務部`): the unit the file's name names too keeps the sheet.
        if let Some(kept) = department::unit_word(stem)
            .filter(|f| *f != name && department::unit_words(&text).any(|w| w == *f))
        {
            return found(kept, title(cell));
        }
        // The city's name before the department's (鷺ノ台市上下水道局 in a
        // folder 上下水道局): the folder says where the name begins.
        if let Some(folder) = folder.filter(|f| department::names_in_full(&name, f)) {
            return found(folder, Origin::Folder);
        }
        // A title's name that ends a fuller one in the file name (事務局 in
        // `事務局の使命`, 議会事務局 in `議会事務局_R8組織目標`): the file
        // names it in full.
        if let Some(full) =
            department::unit_word(stem).filter(|f| department::names_in_full(f, &name))
        {
            return found(full, Origin::FileName);
        }
        return found(name, title(cell));
    }
    if let Some((name, cell)) = shown().find_map(SheetRead::cover_department) {
        return found(name, title(&cell));
    }
    if let Some(name) = department::unit_word(stem) {
        return found(name, Origin::FileName);
    }
    if let Some(name) = folder {
        return found(name, Origin::Folder);
    }
    // A unit whose name ends in no unit's word (中央卸売市場), named by its
    // head's line (中央卸売市場長　北村 修) and a title line alike.
    let lines: Vec<(std::borrow::Cow<'_, str>, &CellRef)> =
        titles().map(|(text, _, cell)| (text, cell)).collect();
    let texts: Vec<&str> = lines.iter().map(|(text, _)| text.as_ref()).collect();
    if let Some((name, at)) = department::named_by_its_head(&texts) {
        return found(name, title(lines[at].1));
    }
    if let Some((name, cell)) = shown().find_map(|r| r.signed_department(dict)) {
        return found(name, Origin::Label { cell });
    }
    if let Some((name, cell)) = shown().find_map(SheetRead::owners_department) {
        return found(name, Origin::Label { cell });
    }
    if let Some((name, cell)) = shown().find_map(SheetRead::lone_department) {
        return found(name, Origin::Label { cell });
    }
    if let Some(name) = department::division_of_file_name(stem) {
        return found(name, Origin::FileName);
    }
    found(UNKNOWN_DEPARTMENT.to_string(), Origin::Unknown)
}

/// The names of the folders between the outermost watched folder holding
/// `file` and the file, outermost first; none when no watched folder
/// holds it.
fn folders_below_root(file: &Path, roots: &[std::path::PathBuf]) -> Vec<String> {
    let Some(below) = roots
        .iter()
        .filter_map(|root| file.strip_prefix(root).ok())
        .max_by_key(|below| below.components().count())
    else {
        return Vec::new();
    };
    let Some(parent) = below.parent() else {
        return Vec::new();
    };
    parent
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// Why a workbook is read as of the fiscal year of the day it was saved.
fn year_from_saved_day(file: &Path, date: &str, fy: FiscalYear) -> Warning {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Warning {
        cell: None,
        message: format!(
            "{name} には年度がシートにもファイル名にも書かれていないため、ブックの最終保存日（{date}）から{}として読みました。\
             確かめるまで、このブックから作る部局あてのメールは保留します。\
             ブックに年度を書いていただくか、設定の parse.default_fiscal_year で指定してください",
            fy.japanese()
        ),
    }
}

/// Why a workbook's department is 部局不明, and the configuration that
/// names it.
fn unknown_department_message(file: &Path) -> String {
    let name = crate::nfc::file_name(file);
    format!(
        "{name} の部局が分かりません（部局名・所属の欄がなく、タイトル行・シート名・ファイル名にも\
         部局名が見当たりません）。{UNKNOWN_DEPARTMENT}として扱っています。\
         ブックに部局名を書いていただくか、設定で指定できます: parse.departments_by_file に \
         pattern = \"{name}\", department = \"…\"（または [[departments]] の aliases）"
    )
}

pub(crate) use crate::pattern::file_matches;

#[cfg(test)]
mod tests;
