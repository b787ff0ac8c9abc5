//! `mokuhyo deadline "<text>" --fiscal-year N`: prints the deadlines a text
//! states, one per line, with the span of text each came from.
//!
//! Each line holds tab-separated fields: the item labels (`(1),(2)`, or `-`
//! for the whole text), the due date (or `ongoing`, `undecided` for a date
//! not set yet (未定), `unresolved`), the precision (or the reason it could
//! not be resolved), the phrase in 「」, and its byte range in the text.
//! A date before or after the fiscal year (H30.3, R9年度 in 2026) is
//! followed by a line beginning with a tab that says so. The exit code is
//! 1 when a phrase could not be resolved.
//!
//! A text that states no deadline but points elsewhere (同上, 左記のとおり,
//! 別紙2のとおり) prints one line `-`, `reference`, where it points
//! (`row_above`, `item_text`, `document:別紙2`), the text in 「」 and its
//! byte range; any other text without a deadline prints `no deadline found`.

use std::io::Write;
use std::process::ExitCode;

use crate::i18n::t;
use mokuhyo_core::calendar::{
    Deadline, DeadlineKind, DeadlineReference, FiscalYear, OutsideYear, deadline_reference,
    extract_deadlines,
};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text, as written in a 期間・期限 cell.
    pub text: String,
    /// The fiscal year the text belongs to (start year: 2026 = 令和8年度).
    #[arg(long, short = 'y')]
    pub fiscal_year: i32,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let fy = FiscalYear(args.fiscal_year);
    let deadlines = extract_deadlines(&args.text, fy);
    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    let mut unresolved = false;
    for d in &deadlines {
        let labels = if d.labels.is_empty() {
            "-".to_string()
        } else {
            d.labels.join(",")
        };
        let what = match &d.kind {
            DeadlineKind::Due { date, precision } => format!("{date}\t{precision:?}"),
            DeadlineKind::Ongoing => "ongoing\t-".to_string(),
            DeadlineKind::Undecided => "undecided\t-".to_string(),
            DeadlineKind::Unresolved { reason } => {
                unresolved = true;
                format!("unresolved\t{reason}")
            }
        };
        writeln!(
            out,
            "{labels}\t{what}\t「{}」\t{}..{}",
            d.phrase, d.span.start, d.span.end
        )?;
        if let Some(note) = outside_year_note(d, fy) {
            writeln!(out, "\t{note}")?;
        }
    }
    if deadlines.is_empty() {
        match deadline_reference(&args.text) {
            Some(reference) => {
                let to = match reference {
                    DeadlineReference::RowAbove => "row_above".to_string(),
                    DeadlineReference::ItemText => "item_text".to_string(),
                    DeadlineReference::Document { name } => format!("document:{name}"),
                };
                let text = &args.text;
                writeln!(out, "-\treference\t{to}\t「{text}」\t0..{}", text.len())?;
            }
            None => writeln!(out, "{}", t!("deadline-none"))?,
        }
    }
    Ok(if unresolved {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The note on a due date outside fiscal year `fy`.
fn outside_year_note(deadline: &Deadline, fy: FiscalYear) -> Option<String> {
    let date = deadline.due()?.to_string();
    let nendo = fy.japanese();
    let year = fy.0.to_string();
    Some(match deadline.outside_year(fy)? {
        OutsideYear::Before => t!(
            "deadline-before-year",
            date = &date,
            nendo = &nendo,
            fy = &year
        ),
        OutsideYear::After => t!(
            "deadline-after-year",
            date = &date,
            nendo = &nendo,
            fy = &year
        ),
    })
}
