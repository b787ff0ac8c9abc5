//! A problem met while importing a file: one type from the reader to the
//! 取込エラー sheet, `check`, `status`, the consolidated JSON and the
//! unreadable-file mail. It says which file, sheet and cell (where the
//! reader knows them), what kind of problem, what happened, and since when.
//!
//! A problem is the same problem from one read to the next by its kind and
//! place (file, sheet, cell), not by its words: a reader that words it
//! anew, or a file unreadable for another reason, keeps the time it was
//! first seen ([`first_seen`]).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::a1::CellPosition;

/// How serious an import problem is.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file or a sheet could not be read.
    #[default]
    Error,
    /// The file is not a goal workbook (the message says why).
    Skipped,
    /// Something was left out of a sheet that was otherwise read (the
    /// message says what, the cell where).
    Warning,
}

/// A problem met while importing a workbook, with where and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    #[serde(serialize_with = "crate::share_path::serialize_lossy")]
    pub file: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sheet: Option<String>,
    /// `C9`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cell: Option<CellPosition>,
    /// What happened, as the part that found it says it (the English of the
    /// workbook reader, kept for the log): the problem's identity.
    pub message: String,
    /// The same in Japanese, for people (取込エラー, mails, `status`), when
    /// the part that found it renders one ([`ImportProblem::shown`]).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    /// When the problem was first seen: set when the catalog records it
    /// ([`first_seen`]); none while not yet recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
    #[serde(default)]
    pub kind: ProblemKind,
}

impl ImportProblem {
    /// A problem of the whole file, not yet recorded (see `since`).
    pub fn new(file: &Path, kind: ProblemKind, message: impl Into<String>) -> Self {
        ImportProblem {
            file: file.to_path_buf(),
            sheet: None,
            cell: None,
            message: message.into(),
            text: None,
            since: None,
            kind,
        }
    }

    /// The same problem, with its Japanese text.
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// What people are shown: the Japanese text, else the message.
    pub fn shown(&self) -> &str {
        self.text.as_deref().unwrap_or(&self.message)
    }

    /// The same problem, in `sheet`.
    pub fn in_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// The same problem, at `cell` (`C9`).
    pub fn at_cell(mut self, cell: CellPosition) -> Self {
        self.cell = Some(cell);
        self
    }

    /// `重点目標!C9`, `重点目標`, `!C9` or empty: where in the file.
    pub fn place(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(sheet), Some(cell)) => format!("{sheet}!{cell}"),
            (Some(sheet), None) => sheet.clone(),
            (None, Some(cell)) => format!("!{cell}"),
            (None, None) => String::new(),
        }
    }

    /// The message after its place: `重点目標!C9: …`, or the message alone.
    pub fn describe(&self) -> String {
        with_place(&self.place(), &self.message)
    }

    /// What people are shown ([`ImportProblem::shown`]) after its place:
    /// `重点目標!C9：…`.
    pub fn describe_shown(&self) -> String {
        with_place(&self.place(), self.shown())
    }
}

/// The problems of a read (`current`), each with the time it was first
/// seen: that of the same problem among the last read's (`previous`), else
/// `now`. The same problem is one of the same kind at the same sheet and
/// cell, the n-th such of the read for the n-th of the last.
pub fn first_seen(
    previous: &[ImportProblem],
    current: Vec<ImportProblem>,
    now: DateTime<Utc>,
) -> Vec<ImportProblem> {
    let mut taken = vec![false; previous.len()];
    current
        .into_iter()
        .map(|problem| {
            let seen = previous.iter().enumerate().position(|(i, p)| {
                !taken[i]
                    && p.kind == problem.kind
                    && p.sheet == problem.sheet
                    && p.cell == problem.cell
            });
            let since = match seen {
                Some(i) => {
                    taken[i] = true;
                    previous[i].since.unwrap_or(now)
                }
                None => now,
            };
            ImportProblem {
                since: Some(since),
                ..problem
            }
        })
        .collect()
}

fn with_place(place: &str, what: &str) -> String {
    if place.is_empty() {
        what.to_string()
    } else {
        format!("{place}: {what}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(None, None, "file is encrypted")]
    #[case(Some("重点目標"), None, "重点目標: file is encrypted")]
    #[case(Some("重点目標"), Some("C9"), "重点目標!C9: file is encrypted")]
    #[case(None, Some("C9"), "!C9: file is encrypted")]
    fn described_with_its_place(
        #[case] sheet: Option<&str>,
        #[case] cell: Option<&str>,
        #[case] expected: &str,
    ) {
        let mut p =
            ImportProblem::new(Path::new("a.xlsx"), ProblemKind::Error, "file is encrypted");
        p.sheet = sheet.map(str::to_string);
        p.cell = cell.map(|c| c.parse().unwrap());
        assert_eq!(p.describe(), expected);
    }

    fn at(hour: u32) -> DateTime<Utc> {
        use chrono::TimeZone;
        Utc.with_ymd_and_hms(2026, 11, 20, hour, 0, 0).unwrap()
    }

    fn warning(cell: Option<&str>, message: &str) -> ImportProblem {
        let mut p = ImportProblem::new(Path::new("a.xlsx"), ProblemKind::Warning, message)
            .in_sheet("重点目標");
        p.cell = cell.map(|c| c.parse().unwrap());
        p
    }

    #[test]
    fn a_problem_keeps_when_it_was_first_seen_by_its_kind_and_place_not_its_words() {
        let first = first_seen(
            &[],
            vec![
                warning(Some("C9"), "date unreadable"),
                warning(None, "one"),
                warning(None, "two"),
            ],
            at(1),
        );
        assert!(first.iter().all(|p| p.since == Some(at(1))));
        let again = first_seen(
            &first,
            vec![
                // Worded anew: the same problem.
                warning(Some("C9"), "期限を日付にできません"),
                warning(Some("D9"), "date unreadable"),
                warning(None, "two"),
                warning(None, "one"),
                warning(None, "three"),
                ImportProblem::new(Path::new("a.xlsx"), ProblemKind::Error, "encrypted"),
            ],
            at(2),
        );
        let since: Vec<Option<DateTime<Utc>>> = again.iter().map(|p| p.since).collect();
        assert_eq!(
            since,
            [
                Some(at(1)),
                Some(at(2)),
                Some(at(1)),
                Some(at(1)),
                Some(at(2)),
                Some(at(2))
            ]
        );
    }

    #[test]
    fn the_json_of_earlier_state_files_still_reads() {
        let p: ImportProblem = serde_json::from_str(
            r#"{"file":"a.xlsx","message":"m","since":"2026-11-20T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(p.kind, ProblemKind::Error);
        assert_eq!(p.cell, None);
    }
}
