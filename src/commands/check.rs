//! `mokuhyo check PATH...`: reads workbooks (files or folders) and prints
//! what mokuhyo understands of them — department and fiscal year with where
//! each was read, goals, items with resolved deadlines, report status and
//! extra fields, where every cell of each sheet went (the cells not used
//! inside item tables listed), and every warning with its cell — or, with
//! `--json`, the model in the stable schema of docs/schema.md. Exit code 0 when everything parsed, 1 when a file had
//! errors (the others are still printed).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::config::Settings;
use crate::i18n::t;
use crate::io::catalog::{Catalog, Vanished};
use crate::io::scan::{self, ListOptions, Skip};
use mokuhyo_core::calendar::{Deadline, DeadlineKind};
use mokuhyo_core::consolidate::{ImportProblem, ProblemKind, SourceFile};
use mokuhyo_core::interpret::companions::may_be_companions;
use mokuhyo_core::interpret::join_companions;
use mokuhyo_core::interpret::text::first_chars;
use mokuhyo_core::model::{
    ActionItem, ExtraField, Reading, ReadingSource, Report, SheetReport, TableReading, Warning,
};
use mokuhyo_core::schema::{SCHEMA_VERSION, SheetJson};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workbooks or folders to read (default: the configured folder).
    pub paths: Vec<PathBuf>,
    /// Print the parsed model as JSON (schema: docs/schema.md).
    #[arg(long, conflicts_with = "propose")]
    pub json: bool,
    /// Print, as TOML to add to the configuration, the `[[parse.layouts]]`
    /// mapping of every table's columns (what each column was read as, or
    /// would be read as), with the confidence and runner-ups as comments.
    #[arg(long)]
    pub propose: bool,
}

#[derive(Serialize)]
struct CheckJson<'a> {
    schema_version: u32,
    files: Vec<FileJson<'a>>,
}

#[derive(Serialize)]
struct FileJson<'a> {
    file: &'a Path,
    /// `ok`, `skipped` (not a goal workbook) or `error`.
    status: &'static str,
    sheets: Vec<SheetJson<'a>>,
    errors: Vec<&'a ImportProblem>,
    skipped: Vec<&'a ImportProblem>,
    /// Cells left out while reading a sheet that was otherwise read.
    left_out: Vec<&'a ImportProblem>,
    warnings: Vec<&'a Warning>,
}

/// `mokuhyo check`: reads the workbooks of the paths given (or of the
/// configured folder) and prints them as read, as text or JSON, or the
/// proposed layouts; exits 1 when a file had errors or a path could not be
/// listed.
pub fn run(args: &Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let roots = if args.paths.is_empty() {
        vec![settings.folder.path.clone()]
    } else {
        args.paths.clone()
    };
    let found = list_workbooks(&roots, settings);
    let mut parser = settings.parser()?;
    // Folders below the paths checked (and the configured folder) may
    // name a department, as below the watched folder.
    parser
        .options
        .roots
        .extend(roots.iter().filter(|r| r.is_dir()).cloned());
    if args.propose {
        for (path, message) in &found.errors {
            eprintln!("mokuhyo: {}: {message}", path.display());
        }
        let code = super::propose::run(&found.files, &parser, &settings.folder.copy_marks)?;
        return Ok(if found.errors.is_empty() {
            code
        } else {
            ExitCode::from(1)
        });
    }
    let files = &found.files;
    // A plan and the report workbooks beside it are read together, as the
    // daemon reads the folder, whichever of them is checked.
    let mut read = files.clone();
    read.extend(companions_beside(files, settings));
    let mut catalog = Catalog::new();
    catalog.refresh_all(
        &read,
        &parser,
        crate::clock::now_utc(),
        Vanished::Removed,
        &|| {},
    );
    let sources = join_companions(
        &catalog.sources(),
        &parser.dictionary,
        &parser.options,
        &settings.folder.copy_marks,
    );
    let shown: Vec<&SourceFile> = files
        .iter()
        .filter_map(|p| sources.iter().find(|s| s.path == *p))
        .collect();

    let failed = !found.errors.is_empty() || shown.iter().any(|s| status(s) == "error");
    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    if args.json {
        let json = CheckJson {
            schema_version: SCHEMA_VERSION,
            files: shown.iter().map(|s| file_json(s)).collect(),
        };
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
    } else {
        print_text(&mut out, args, &found, &shown)?;
    }
    for (path, message) in &found.errors {
        eprintln!("mokuhyo: {}: {message}", path.display());
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The workbooks found under the paths to check.
struct Found {
    files: Vec<PathBuf>,
    /// Folders or files that could not be examined, with the reason.
    errors: Vec<(PathBuf, String)>,
    /// Files left out (not a workbook, excluded), with why.
    ignored: Vec<(PathBuf, Skip)>,
}

/// Lists the workbooks under each root as the configured folder is listed.
fn list_workbooks(roots: &[PathBuf], settings: &Settings) -> Found {
    let mut found = Found {
        files: Vec::new(),
        errors: Vec::new(),
        ignored: Vec::new(),
    };
    for root in roots {
        let listing = scan::list(
            root,
            &ListOptions {
                recursive: settings.folder.recursive,
                exclude: &settings.folder.exclude,
                skip_dirs: &[],
            },
        );
        found
            .files
            .extend(listing.candidates.into_iter().map(|c| c.path));
        found.errors.extend(listing.errors);
        found.ignored.extend(listing.skipped);
    }
    found
}

/// The workbooks in the folders of `files` that are a plan or a report
/// workbook of one of them ([`mokuhyo_core::interpret::companions`]) and
/// not among them.
fn companions_beside(files: &[PathBuf], settings: &Settings) -> Vec<PathBuf> {
    let mut beside: Vec<PathBuf> = Vec::new();
    let folders: std::collections::BTreeSet<&Path> =
        files.iter().filter_map(|f| f.parent()).collect();
    for folder in folders {
        let listing = scan::list(
            folder,
            &ListOptions {
                recursive: false,
                exclude: &settings.folder.exclude,
                skip_dirs: &[],
            },
        );
        for candidate in listing.candidates {
            let path = candidate.path;
            let related = files
                .iter()
                .any(|f| f.parent() == Some(folder) && may_be_companions(f, &path));
            if related && !files.contains(&path) && !beside.contains(&path) {
                beside.push(path);
            }
        }
    }
    beside
}

/// Prints every file as read, the paths given that were left out and why,
/// and the count of files read, skipped and in error.
fn print_text(
    out: &mut impl Write,
    args: &Args,
    found: &Found,
    shown: &[&SourceFile],
) -> std::io::Result<()> {
    for source in shown {
        print_entry(out, &source.path, source)?;
    }
    for (path, skip) in &found.ignored {
        if !args.paths.is_empty() && args.paths.contains(path) {
            let why = match skip {
                Skip::Ignored(reason) => reason.to_string(),
                Skip::Excluded { pattern } => t!("check-excluded", pattern = pattern),
            };
            writeln!(
                out,
                "{}",
                t!(
                    "check-ignored",
                    path = crate::logging::escape_controls(&path.display().to_string()),
                    why = why
                )
            )?;
        }
    }
    let (ok, skipped, errors) = shown.iter().fold((0, 0, 0), |acc, e| match status(e) {
        "ok" => (acc.0 + 1, acc.1, acc.2),
        "skipped" => (acc.0, acc.1 + 1, acc.2),
        _ => (acc.0, acc.1, acc.2 + 1),
    });
    writeln!(
        out,
        "\n{}",
        t!(
            "check-summary",
            files = found.files.len(),
            ok = ok,
            skipped = skipped,
            errors = errors
        )
    )
}

fn status(entry: &SourceFile) -> &'static str {
    if entry.problems.iter().any(|p| p.kind == ProblemKind::Error) {
        "error"
    } else if entry.reports.is_empty() {
        "skipped"
    } else {
        "ok"
    }
}

fn file_json(entry: &SourceFile) -> FileJson<'_> {
    FileJson {
        file: &entry.path,
        status: status(entry),
        sheets: entry.reports.iter().map(SheetJson::new).collect(),
        errors: entry
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Error)
            .collect(),
        skipped: entry
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Skipped)
            .collect(),
        left_out: entry
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Warning)
            .collect(),
        warnings: entry
            .reports
            .iter()
            .flat_map(|r| r.warnings.iter())
            .collect(),
    }
}

fn report_status(report: &Report) -> String {
    match report {
        Report::Filled(_) => "記入済".to_string(),
        Report::Empty => "未記入".to_string(),
        Report::NotInLayout => "欄なし".to_string(),
    }
}

fn print_entry(out: &mut impl Write, path: &Path, entry: &SourceFile) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        crate::logging::escape_controls(&path.display().to_string())
    )?;
    for problem in &entry.problems {
        let kind = match problem.kind {
            ProblemKind::Error => t!("check-kind-error"),
            ProblemKind::Skipped => t!("check-kind-skipped"),
            ProblemKind::Warning => t!("check-kind-warning"),
        };
        writeln!(out, "  {kind}: {}", problem.describe_shown())?;
    }
    if entry.stale {
        writeln!(out, "  {}", t!("check-stale"))?;
    }
    for report in entry.reports.iter() {
        print_report(out, report)?;
    }
    Ok(())
}

/// How many characters of an extra field's text are shown.
const SHOWN_CHARS: usize = 30;

fn print_extras(out: &mut impl Write, indent: &str, extras: &[ExtraField]) -> std::io::Result<()> {
    for extra in extras {
        writeln!(
            out,
            "{indent}+ {}: {}  [{}]",
            extra.header,
            first_chars(&extra.text, SHOWN_CHARS),
            extra.cell
        )?;
    }
    Ok(())
}

/// A table as read: where, how sure, and each column's role with its
/// score and runner-up.
fn print_table(out: &mut impl Write, table: &TableReading) -> std::io::Result<()> {
    let source = match table.source {
        ReadingSource::Content => String::new(),
        ReadingSource::Layout { index } => format!("、設定の対応表 {} 番目どおり", index + 1),
        ReadingSource::Kept => "、前回の読み方を保持".to_string(),
    };
    writeln!(
        out,
        "    表 {}（見出し {} 行、確信度 {}、指紋 {}{source}）",
        table.range,
        table.header_rows,
        table.confidence.label(),
        table.fingerprint
    )?;
    for column in &table.columns {
        let runner_up = column
            .runner_up
            .map(|r| format!("（次点 {} {:.2}）", r.role.label(), r.score))
            .unwrap_or_default();
        let hidden = if column.hidden {
            "（非表示の列）"
        } else {
            ""
        };
        writeln!(
            out,
            "      {} {} ← 「{}」 {:.2}{runner_up}{hidden}",
            column.column,
            column.role.label(),
            column.header,
            column.score
        )?;
    }
    Ok(())
}

/// Prints a sheet's report: what it is, how it was read, its goals and
/// items, its warnings.
fn print_report(out: &mut impl Write, report: &SheetReport) -> std::io::Result<()> {
    let items: usize = report.goals.iter().map(|g| g.items.len()).sum();
    writeln!(
        out,
        "  [{}] {} {} ({}) — {}",
        report.sheet,
        report.department,
        report.fiscal_year,
        report.fiscal_year.western(),
        t!(
            "check-sheet",
            goals = report.goals.len(),
            items = items,
            layout = report.layout.to_string()
        )
    )?;
    print_reading(out, &report.reading)?;
    for goal in &report.goals {
        let number = goal
            .number
            .as_deref()
            .map(|n| format!("{n} "))
            .unwrap_or_default();
        let priority = goal
            .priority
            .as_deref()
            .map(|p| format!(" (優先順位 {p})"))
            .unwrap_or_default();
        writeln!(out, "    目標 {number}{}{priority}", goal.title)?;
        print_extras(out, "      ", &goal.extras)?;
        for item in &goal.items {
            print_item(out, item)?;
        }
    }
    for warning in &report.warnings {
        writeln!(out, "    {}: {warning}", t!("check-kind-warning"))?;
    }
    Ok(())
}

/// How a sheet was read: where its fiscal year and department came from,
/// where its cells went, its tables, and the cells of item tables not used.
fn print_reading(out: &mut impl Write, reading: &Reading) -> std::io::Result<()> {
    writeln!(
        out,
        "    {}",
        t!(
            "check-read-from",
            year = origin_text(&reading.fiscal_year_from),
            department = origin_text(&reading.department_from)
        )
    )?;
    let coverage = &reading.coverage;
    writeln!(
        out,
        "    {}",
        t!(
            "check-cells",
            items = coverage.item_fields,
            goals = coverage.goal_fields,
            labels = coverage.labels,
            unused = coverage.not_used,
            unused_in_items = coverage.not_used_in_items.len()
        )
    )?;
    for table in &reading.tables {
        print_table(out, table)?;
    }
    for unused in &coverage.not_used_in_items {
        writeln!(
            out,
            "    {} {} {:?}",
            t!("check-not-used"),
            unused.cell,
            unused.text.as_str()
        )?;
    }
    Ok(())
}

/// An item: its title and cell, its deadline as written and resolved, its
/// reports, achievement, self-assessment, owners and extra fields.
fn print_item(out: &mut impl Write, item: &ActionItem) -> std::io::Result<()> {
    let number = item.number().map(|n| format!("{n} ")).unwrap_or_default();
    writeln!(out, "      {number}{}  [{}]", item.title(), item.cell)?;
    if let Some(text) = &item.deadline_text() {
        let resolved: Vec<String> = item.deadlines.iter().map(resolved_deadline).collect();
        writeln!(
            out,
            "        期限: {} → {}",
            text.replace('\n', " / "),
            if resolved.is_empty() {
                "-".to_string()
            } else {
                resolved.join(", ")
            }
        )?;
    }
    let mut line = format!(
        "        中間報告: {}  期末報告: {}",
        report_status(&item.interim),
        report_status(&item.year_end)
    );
    if let Some(a) = item.achievement {
        line.push_str(&format!("  達成度: {:.0}%", a * 100.0));
    }
    if let Some(s) = &item.self_assessment() {
        line.push_str(&format!("  自己評価: {s}"));
    }
    if !item.owners.is_empty() {
        line.push_str(&format!("  担当課: {}", item.owners.join("、")));
    }
    writeln!(out, "{line}")?;
    print_extras(out, "        ", &item.extras)
}

/// A deadline as resolved, after its labels: a date, 通年, 未定, or why
/// it could not be resolved.
fn resolved_deadline(d: &Deadline) -> String {
    let labels = if d.labels.is_empty() {
        String::new()
    } else {
        format!("{} ", d.labels.join(""))
    };
    match &d.kind {
        DeadlineKind::Due { date, .. } => format!("{labels}{date}"),
        DeadlineKind::Ongoing => format!("{labels}通年"),
        DeadlineKind::Undecided => format!("{labels}未定"),
        DeadlineKind::Unresolved { reason } => format!("{labels}? ({reason})"),
    }
}

/// Where a value was read from, in the language in force: `タイトル（重点目標管理シート1!A1）`.
fn origin_text(origin: &mokuhyo_core::model::Origin) -> String {
    use mokuhyo_core::model::Origin;
    match origin {
        Origin::Label { cell } => t!("origin-label", cell = cell.to_string()),
        Origin::Title { cell } => t!("origin-title", cell = cell.to_string()),
        Origin::SheetName => t!("origin-sheet-name"),
        Origin::FileName => t!("origin-file-name"),
        Origin::Folder => t!("origin-folder"),
        Origin::Saved { date } => t!("origin-saved", date = date.to_string()),
        Origin::Config { key } => t!("origin-config", key = key.to_string()),
        Origin::Unknown => t!("origin-unknown"),
    }
}
