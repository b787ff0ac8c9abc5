//! `mokuhyo history`: what changed in the departments' workbooks, newest
//! first, from the state file (see [`crate::state::history`]). `--json` prints the
//! entries as docs/schema.md describes them.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::config::Settings;
use crate::i18n::t;
use crate::state::history::HistoryFilter;
use crate::state::{Access, StateFile};
use mokuhyo_core::history::HistoryEntry;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only changes seen on or after this day (in Japan).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<NaiveDate>,
    /// Only changes of this department.
    #[arg(long, value_name = "NAME")]
    pub department: Option<String>,
    /// Print the entries as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let path = &settings.state.database;
    let entries = if path.exists() {
        let history = StateFile::open(path, Access::ReadOnly)?.history()?;
        let filter = HistoryFilter {
            since: args
                .since
                .map(mokuhyo_core::calendar::start_of_day_in_japan),
            department: args.department.clone(),
            fiscal_year: None,
        };
        history.entries(&filter)?
    } else {
        Vec::new()
    };
    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &entries)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if entries.is_empty() {
        if path.exists() {
            writeln!(out, "{}", t!("history-none"))?;
        } else {
            writeln!(out, "{}", t!("history-no-state", path = path.display()))?;
        }
    }
    for entry in &entries {
        writeln!(out, "{}", describe(entry))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One line: when (Japan time), department, cell, what, old → new, who.
pub(crate) fn describe(entry: &HistoryEntry) -> String {
    let c = &entry.what;
    let seen = mokuhyo_core::calendar::shown_in_japan(
        entry.seen_at,
        mokuhyo_core::calendar::TimeShown::Minute,
    );
    let file = entry
        .file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let place = match &c.cell {
        Some(cell) => format!("{file} {cell}"),
        None => file,
    };
    let mut line = format!(
        "{seen}  {}  {place}  {} {}",
        c.department,
        c.field.label(),
        c.change.label()
    );
    if let Some(item) = &c.item {
        line.push_str(&format!("  [{item}]"));
    } else if let Some(goal) = &c.goal {
        line.push_str(&format!("  [{goal}]"));
    }
    if c.change == mokuhyo_core::history::ChangeKind::FirstSeen {
        let items = c.after.as_deref().unwrap_or("0");
        line.push_str(&format!("  {items} 項目"));
    } else {
        let shown = |v: &Option<String>| match v {
            Some(v) => format!("「{v}」"),
            None => "(空欄)".to_string(),
        };
        line.push_str(&format!("  {} → {}", shown(&c.before), shown(&c.after)));
    }
    if let Some(by) = &entry.modified_by {
        line.push_str(&format!("  ({by})"));
    }
    line.replace(['\n', '\r'], " ")
}
