//! When a scan shows the shared folder out of reach rather than its
//! workbooks deleted (pure: a listing and what was known in, a verdict
//! out).
//!
//! The rule: the folder is out (a *folder outage*) when
//! - it is missing or cannot be listed (an unmounted share, a dropped
//!   connection, rights taken away), or
//! - it held at least [`EMPTIED_MINIMUM`] known workbooks and a scan lists
//!   none of them and no other workbook either (an emptied mount point).
//!
//! During an outage nothing is forgotten: the last good data and the
//! consolidated workbooks stay as they are, and files that come back are
//! not read as new. Files deleted one by one while others remain, and a
//! single known workbook deleted, are forgotten as usual. Files under a
//! sub-folder that cannot be listed are likewise kept, not forgotten.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::io::scan::Listing;
use mokuhyo_core::consolidate::{ImportProblem, ProblemKind, SourceFile};

/// The fewest known workbooks whose vanishing all at once is an outage.
pub const EMPTIED_MINIMUM: usize = 2;

/// Why the folder is out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutageKind {
    /// The folder is missing or cannot be listed; the reason.
    Unreachable(String),
    /// Every known workbook vanished at once, and nothing took their place.
    Emptied { known: usize },
}

/// A folder outage: the folder (as configured), why, since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderOutage {
    pub folder: PathBuf,
    pub kind: OutageKind,
    pub since: DateTime<Utc>,
}

impl FolderOutage {
    /// What is wrong, for people: one Japanese line.
    pub fn describe(&self) -> String {
        let folder = self.folder.display();
        match &self.kind {
            OutageKind::Unreachable(reason) => format!(
                "共有フォルダ {folder} を読めません（{reason}）。共有の切断・マウント外れ・権限をご確認ください。前回までのデータをそのまま使っています"
            ),
            OutageKind::Emptied { known } => format!(
                "共有フォルダ {folder} から読込済みのブック {known} 件がすべて同時に見えなくなりました（共有の切断・マウント外れの可能性）。前回までのデータをそのまま使っています"
            ),
        }
    }

    /// The same, in the English the log's other lines use.
    pub fn message(&self) -> String {
        let folder = self.folder.display();
        match &self.kind {
            OutageKind::Unreachable(reason) => {
                format!("shared folder {folder} cannot be read ({reason}); last good data kept")
            }
            OutageKind::Emptied { known } => format!(
                "all {known} known workbooks vanished at once from shared folder {folder}; last good data kept"
            ),
        }
    }

    /// The outage as a line of 取込エラー.
    pub fn import_source(&self) -> SourceFile {
        let problem = ImportProblem {
            text: Some(self.describe()),
            since: Some(self.since),
            ..ImportProblem::new(&self.folder, ProblemKind::Error, self.message())
        };
        SourceFile {
            path: self.folder.clone(),
            modified: None,
            reports: std::sync::Arc::from([]),
            problems: vec![problem],
            stale: true,
        }
    }
}

/// The verdict on a scan of the folder at `root` (as listed) that found
/// `listing`, when `known` workbooks were known before: an outage (of
/// `folder`, since `since` when it goes on, else `now`), or none.
pub fn judge(
    root: &Path,
    listing: &Listing,
    known: &BTreeSet<&Path>,
    folder: &Path,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<FolderOutage> {
    let kind = if let Some((_, reason)) = listing.errors.iter().find(|(p, _)| p == root) {
        OutageKind::Unreachable(reason.clone())
    } else if known.len() >= EMPTIED_MINIMUM
        && listing.candidates.is_empty()
        && !listing
            .errors
            .iter()
            .any(|(p, _)| known.iter().any(|k| k.starts_with(p)))
    {
        OutageKind::Emptied { known: known.len() }
    } else {
        return None;
    };
    Some(FolderOutage {
        folder: folder.to_path_buf(),
        kind,
        since: since.unwrap_or(now),
    })
}

/// Whether `path` lies under a folder the listing could not examine: it
/// is not gone, only out of sight.
pub fn out_of_sight(path: &Path, listing: &Listing) -> bool {
    listing
        .errors
        .iter()
        .any(|(folder, _)| path != folder && path.starts_with(folder))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::scan::Candidate;
    use crate::io::workbook::classify::Format;
    use chrono::TimeZone;
    use rstest::rstest;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap()
    }

    fn listing(files: &[&str], errors: &[&str]) -> Listing {
        Listing {
            candidates: files
                .iter()
                .map(|f| Candidate {
                    path: PathBuf::from(f),
                    format: Format::Xlsx,
                    size: 1,
                    modified: None,
                })
                .collect(),
            errors: errors
                .iter()
                .map(|e| (PathBuf::from(e), "permission denied".to_string()))
                .collect(),
            ..Listing::default()
        }
    }

    #[rstest]
    #[case::all_vanished(&["/s/a.xlsx", "/s/b.xlsx"], &[], &[], Some("emptied"))]
    #[case::one_of_two_deleted(&["/s/a.xlsx", "/s/b.xlsx"], &["/s/b.xlsx"], &[], None)]
    #[case::the_only_one_deleted(&["/s/a.xlsx"], &[], &[], None)]
    #[case::replaced_by_others(&["/s/a.xlsx", "/s/b.xlsx"], &["/s/c.xlsx"], &[], None)]
    #[case::nothing_known(&[], &[], &[], None)]
    #[case::root_unreadable(&[], &[], &["/s"], Some("unreachable"))]
    #[case::root_unreadable_with_files(&["/s/a.xlsx", "/s/b.xlsx"], &[], &["/s"], Some("unreachable"))]
    #[case::a_subfolder_unreadable(&["/s/x/a.xlsx", "/s/x/b.xlsx"], &[], &["/s/x"], None)]
    fn the_rule(
        #[case] known: &[&str],
        #[case] listed: &[&str],
        #[case] errors: &[&str],
        #[case] verdict: Option<&str>,
    ) {
        let known: BTreeSet<&Path> = known.iter().map(Path::new).collect();
        let found = judge(
            Path::new("/s"),
            &listing(listed, errors),
            &known,
            Path::new("/share"),
            None,
            now(),
        );
        let kind = found.as_ref().map(|o| match o.kind {
            OutageKind::Unreachable(_) => "unreachable",
            OutageKind::Emptied { .. } => "emptied",
        });
        assert_eq!(kind, verdict);
        if let Some(outage) = found {
            assert_eq!(outage.since, now());
            assert!(
                outage.describe().contains("/share"),
                "{}",
                outage.describe()
            );
        }
    }

    #[test]
    fn an_outage_that_goes_on_keeps_its_start() {
        let earlier = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
        let outage = judge(
            Path::new("/s"),
            &listing(&[], &["/s"]),
            &BTreeSet::new(),
            Path::new("/s"),
            Some(earlier),
            now(),
        )
        .unwrap();
        assert_eq!(outage.since, earlier);
        let source = outage.import_source();
        assert_eq!(source.problems[0].since, Some(earlier));
        assert_eq!(source.problems[0].kind, ProblemKind::Error);
        assert!(source.problems[0].shown().contains("読めません"));
    }

    #[test]
    fn files_under_an_unlistable_folder_are_out_of_sight_not_gone() {
        let l = listing(&[], &["/s/x"]);
        assert!(out_of_sight(Path::new("/s/x/a.xlsx"), &l));
        assert!(!out_of_sight(Path::new("/s/y/a.xlsx"), &l));
        assert!(!out_of_sight(Path::new("/s/x"), &l));
    }
}
