//! `mokuhyo template`: writes the departments' workbooks for a fiscal year,
//! carried over from last year's workbooks (or a consolidated JSON) or
//! blank, in a layout of templates/workbook/, and prints what was written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::config::Settings;
use crate::i18n::t;
use crate::io::consolidate::write::Saved;
use crate::io::template::{read_source, write_template};
use mokuhyo_core::calendar::FiscalYear;
use mokuhyo_core::template::plan::file_name;
use mokuhyo_core::template::{
    GradeScales, LayoutSpec, TemplateModel, blank_goals, departments, plan_workbook, previous_model,
};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The department (部局) whose workbook to write.
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    pub department: Option<String>,
    /// One workbook per department found in --from.
    #[arg(long, requires = "from")]
    pub all: bool,
    /// The fiscal year (start year: 2027 = 令和9年度).
    #[arg(long, short = 'y')]
    pub fiscal_year: i32,
    /// Last year's workbook, a folder of them, or a consolidated JSON
    /// (全庁目標一覧_令和8年度.json) to carry goals and items over from.
    #[arg(long, value_name = "PATH")]
    pub from: Option<PathBuf>,
    /// `ueda`, `ogori`, or the path of a layout spec (TOML).
    #[arg(long, default_value = "ueda")]
    pub layout: String,
    /// Grade scales (default: the built-in config/grades.toml).
    #[arg(long, value_name = "FILE")]
    pub grades: Option<PathBuf>,
    /// The file to write (one department only).
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "all")]
    pub output: Option<PathBuf>,
    /// The folder to write into (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Goals of a blank workbook (default: the layout's, 3).
    #[arg(long)]
    pub goals: Option<usize>,
    /// Items per goal of a blank workbook (default: the layout's, 4).
    #[arg(long)]
    pub items: Option<usize>,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
}

/// `mokuhyo template`: the workbooks of the departments asked for, blank
/// or carried over; exits 1 when one could not be made or written.
pub fn run(args: &Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let spec = load_spec(&args.layout)?;
    let grades = match &args.grades {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
            GradeScales::parse(&text, &path.display().to_string())?
        }
        None => GradeScales::builtin()?,
    };
    let target = FiscalYear(args.fiscal_year);
    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());

    let (models, mut failed) = match &args.from {
        None => {
            let Some(department) = &args.department else {
                bail!("{}", t!("template-all-needs-from"));
            };
            let blank = TemplateModel {
                department: department.clone(),
                fiscal_year: target,
                goals: blank_goals(
                    args.goals.unwrap_or(spec.blank.goals),
                    args.items.unwrap_or(spec.blank.items),
                ),
            };
            (vec![blank], false)
        }
        Some(from) => carried_over(args, from, settings, target)?,
    };

    let dir = args.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
    for model in &models {
        let path = match &args.output {
            Some(p) => p.clone(),
            None => dir.join(file_name(model, &spec)),
        };
        if path.exists() && !args.force {
            failed = true;
            eprintln!("mokuhyo: {}", t!("template-exists", path = path.display()));
            continue;
        }
        let plan = plan_workbook(model, &spec, &grades)?;
        match write_template(&plan, &path, crate::clock::now_utc()) {
            Ok(saved) => print_written(&mut out, &saved, &path, model, &spec)?,
            Err(error) => {
                failed = true;
                eprintln!("mokuhyo: {error}");
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The models carried over from `from` for the departments asked for (or
/// every department found there), and whether one had no sheet there.
fn carried_over(
    args: &Args,
    from: &Path,
    settings: &Settings,
    target: FiscalYear,
) -> anyhow::Result<(Vec<TemplateModel>, bool)> {
    let source = read_source(from, &settings.parser()?);
    for (path, message) in &source.problems {
        eprintln!("mokuhyo: {}: {message}", path.display());
    }
    let wanted = match &args.department {
        Some(d) => vec![d.clone()],
        None => departments(&source.reports),
    };
    if wanted.is_empty() {
        bail!("{}", t!("template-no-sheet", path = from.display()));
    }
    let mut models = Vec::new();
    let mut failed = false;
    for department in wanted {
        // A source of one department only (a single workbook whose
        // sheets name none) is that department's, whatever it is called.
        let found = departments(&source.reports);
        let from_department = match found.as_slice() {
            [only] if !found.contains(&department) => only.clone(),
            _ => department.clone(),
        };
        match previous_model(&source.reports, &from_department, target) {
            Some(mut model) => {
                model.department = department;
                models.push(model)
            }
            None => {
                failed = true;
                eprintln!(
                    "mokuhyo: {}",
                    t!(
                        "template-no-department-sheet",
                        path = from.display(),
                        department = &department,
                        year = target.japanese()
                    )
                );
            }
        }
    }
    Ok((models, failed))
}

/// Prints a written workbook: its path, department, fiscal year, counts
/// and layout, and why it was written beside `path` if it was.
fn print_written(
    out: &mut impl Write,
    saved: &Saved,
    path: &Path,
    model: &TemplateModel,
    spec: &LayoutSpec,
) -> std::io::Result<()> {
    let items: usize = model.goals.iter().map(|g| g.items.len()).sum();
    let note = match saved {
        Saved::Replaced { .. } => String::new(),
        Saved::Fallback { reason, .. } => {
            t!(
                "template-written-beside",
                path = path.display(),
                reason = reason
            )
        }
    };
    writeln!(
        out,
        "{}\t{}\t{}\t{}{note}",
        saved.path().display(),
        model.department,
        model.fiscal_year.japanese(),
        t!(
            "template-written",
            goals = model.goals.len(),
            items = items,
            layout = &spec.name
        )
    )
}

fn load_spec(layout: &str) -> anyhow::Result<LayoutSpec> {
    if let Some(spec) = LayoutSpec::builtin(layout) {
        return Ok(spec?);
    }
    let path = Path::new(layout);
    let text = std::fs::read_to_string(path).with_context(|| {
        format!("{layout}: not a built-in layout (ueda, ogori) nor a readable file")
    })?;
    Ok(LayoutSpec::parse(&text, layout)?)
}
