//! `mokuhyo roster init [FILE]`: writes a roster workbook (or CSV) from the
//! `[[departments]]` and `[[divisions]]` sections, to be kept in Excel from
//! then on. `mokuhyo roster check [--on DATE]`: reads the configured roster
//! and prints every name with its To and CC in force that day, and what
//! changes on the next switch date; a broken roster's problems with their
//! cells, and the last good roster that stays in force.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::config::Settings;
use crate::i18n::t;
use crate::io::output_file::{WriteError, write_atomically};
use crate::state::roster::RosterState;
use mokuhyo_core::mail_address::joined;
use mokuhyo_core::remind::config::RecipientConfig;
use mokuhyo_core::roster::parse::Column;
use mokuhyo_core::roster::{Addressee, Switch, addressees, switches};

#[derive(Debug, clap::Subcommand)]
pub enum RosterCommand {
    /// Write a roster from the [[departments]] and [[divisions]] sections (.xlsx or .csv).
    Init(InitArgs),
    /// Read the roster and print who receives the mail on a day, and the next switch.
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The file to write (default: the configured [roster] path).
    pub file: Option<PathBuf>,
    /// Replace the file when it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The day to show (default: today in Japan).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub on: Option<NaiveDate>,
}

pub fn run(command: &RosterCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    match command {
        RosterCommand::Init(args) => init(args, settings),
        RosterCommand::Check(args) => check(args, settings),
    }
}

fn init(args: &InitArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let Some(path) = args.file.clone().or_else(|| settings.roster.path.clone()) else {
        anyhow::bail!("{}", t!("roster-init-no-file"));
    };
    if path.exists() && !args.force {
        anyhow::bail!("{}", t!("roster-init-exists", path = path.display()));
    }
    let rows: Vec<Vec<String>> = settings
        .departments
        .iter()
        .chain(&settings.divisions)
        .map(row_of)
        .collect();
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        write_csv(&path, &rows)?;
    } else {
        write_xlsx(&path, &rows)?;
    }
    writeln!(
        std::io::stdout(),
        "{}",
        t!(
            "roster-init-written",
            path = path.display(),
            rows = rows.len()
        )
    )?;
    Ok(ExitCode::SUCCESS)
}

/// A roster row of a TOML section, in the order of [`Column::ALL`].
fn row_of(r: &RecipientConfig) -> Vec<String> {
    vec![
        r.name.clone(),
        r.aliases.join("、"),
        joined(&r.to, ", "),
        joined(&r.cc, ", "),
        String::new(),
        String::new(),
        r.parent.clone().unwrap_or_default(),
    ]
}

/// The sheet a new roster workbook holds.
const SHEET: &str = "宛先名簿";

fn write_xlsx(path: &Path, rows: &[Vec<String>]) -> anyhow::Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy/m/d");
    for (col, column) in Column::ALL.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, column.heading(), &bold)?;
        let width = match column {
            Column::To | Column::Cc => 36.0,
            Column::Aliases => 24.0,
            _ => 14.0,
        };
        sheet.set_column_width(col, width)?;
        if matches!(column, Column::ValidFrom | Column::ValidUntil) {
            sheet.set_column_format(col, &date)?;
        }
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, value)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    // rust_xlsxwriter's save is not atomic: write beside, then rename.
    write_atomically(path, |file| {
        workbook
            .save_to_writer(file)
            .map_err(|source| WriteError::Xlsx {
                path: path.to_path_buf(),
                source,
            })
    })?;
    Ok(())
}

fn write_csv(path: &Path, rows: &[Vec<String>]) -> anyhow::Result<()> {
    let io_error = |source: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    write_atomically(path, |file| {
        // A byte order mark, so that Excel opens the file as UTF-8.
        file.write_all(b"\xEF\xBB\xBF").map_err(io_error)?;
        let mut writer = csv::Writer::from_writer(file);
        writer
            .write_record(Column::ALL.iter().map(|c| c.heading()))
            .and_then(|()| rows.iter().try_for_each(|row| writer.write_record(row)))
            .map_err(|e| io_error(e.into()))?;
        writer.flush().map_err(io_error)
    })?;
    Ok(())
}

fn check(args: &CheckArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let day = args.on.unwrap_or_else(crate::clock::today_in_japan);
    let state = RosterState::inspect(&settings.roster_sources(), crate::clock::now_utc());
    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    writeln!(out, "{}", t!("log-roster", roster = state.describe()))?;
    for problem in &state.problems {
        writeln!(
            out,
            "  {}",
            t!("roster-check-problem", problem = problem.to_string())
        )?;
    }
    if let Some(path) = &state.path
        && is_inside(path, &settings.folder.path)
        && !is_excluded(path, &settings.folder.exclude)
    {
        writeln!(out, "  {}", t!("roster-check-inside-folder"))?;
    }
    let base = settings.remind_config();
    let on = |date: NaiveDate| {
        addressees(
            &state.recipients_on(&base, date),
            state.roster.as_ref(),
            date,
        )
    };
    let today = on(day);
    writeln!(
        out,
        "\n{}",
        t!("roster-check-recipients", day = day.to_string())
    )?;
    let width = today
        .iter()
        .map(|a| unicode_width::UnicodeWidthStr::width(a.name.as_str()))
        .max()
        .unwrap_or(0);
    for a in &today {
        writeln!(out, "  {}", line(a, width))?;
    }
    match state.roster.as_ref().and_then(|r| r.next_switch(day)) {
        Some(next) => {
            writeln!(
                out,
                "\n{}",
                t!("roster-check-next-switch", day = next.to_string())
            )?;
            let changes = switches(&today, &on(next));
            if changes.is_empty() {
                writeln!(out, "  {}", t!("roster-check-no-changes"))?;
            }
            for change in changes {
                match change {
                    Switch::Starts(a) => writeln!(out, "  + {}", line(&a, 0))?,
                    Switch::Stops(a) => writeln!(out, "  - {} ({})", a.name, a.describe())?,
                    Switch::Changes { before, after } => writeln!(
                        out,
                        "  ~ {}: {} → {}",
                        after.name,
                        before.describe(),
                        after.describe()
                    )?,
                }
            }
        }
        None => writeln!(
            out,
            "\n{}",
            t!("roster-check-no-switch", day = day.to_string())
        )?,
    }
    Ok(if state.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `部局   総務部  To a@x; CC b@x  [名簿!A4]`.
fn line(a: &Addressee, width: usize) -> String {
    let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(a.name.as_str()));
    format!(
        "{:<3} {}{}  {}  [{}]",
        a.kind,
        a.name,
        " ".repeat(pad),
        a.describe(),
        a.source
    )
}

fn is_excluded(path: &Path, exclude: &[String]) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    exclude
        .iter()
        .any(|p| mokuhyo_core::pattern::matches(p, &name))
}

fn is_inside(path: &Path, folder: &Path) -> bool {
    use crate::io::scan::canonical_or_same;
    canonical_or_same(path).starts_with(canonical_or_same(folder))
}
