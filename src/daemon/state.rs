//! What the daemon records for `mokuhyo status` in the state file
//! ([`crate::state::Fact`]): the files it tracks, those with errors (each
//! error with since when), and its outages — what it saw go wrong and not
//! yet right again (an output that cannot be written, a sub-folder that
//! cannot be listed, the shared folder out of reach, a configuration reload
//! that failed, a state file that is no longer the one it locked); the
//! daemon adds the last scan and the next send.
//!
//! These facts are written in one short transaction that waits at most
//! [`RECORD_WAIT`] for a lock another program holds on the state file: a
//! save never waits longer for `status` to learn of it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::i18n::t;
use crate::io::consolidate::WriteOutcome;
use crate::logging::causes;
use crate::pipeline::Pipeline;
use crate::pipeline::outage::FolderOutage;
use crate::state::StateGuard;
use crate::state::{Fact, Outage, StateError};
use mokuhyo_core::consolidate::{ImportProblem, ProblemKind};

/// How long recording the daemon's facts waits for the state file.
const RECORD_WAIT: Duration = Duration::from_millis(500);

/// What the daemon saw go wrong and not yet right again, by what it is
/// about (`output:<path>`, `folder:<path>`, `share:<path>`,
/// `configuration`, `clock`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Outages {
    current: BTreeMap<String, Outage>,
}

impl Outages {
    /// `about` is wrong as `what` says, since it was first seen wrong.
    pub(crate) fn set(&mut self, about: &str, what: String, now: DateTime<Utc>) {
        let since = self.current.get(about).map_or(now, |o| o.since);
        self.current
            .insert(about.to_string(), Outage { what, since });
    }

    /// `about` is right again.
    pub(crate) fn clear(&mut self, about: &str) {
        self.current.remove(about);
    }

    /// The outputs of `outcomes`: a failed write is an outage until the
    /// next write of the same file succeeds.
    pub(crate) fn outputs(&mut self, outcomes: &[WriteOutcome], now: DateTime<Utc>) {
        for outcome in outcomes {
            let about = format!("output:{}", outcome.target.display());
            match &outcome.result {
                Ok(_) => self.clear(&about),
                Err(err) => self.set(
                    &about,
                    t!("outage-output-not-written", error = causes(err)),
                    now,
                ),
            }
        }
    }

    /// The sub-folders a full scan could not list (replacing those of the
    /// scan before): their workbooks keep their last good data.
    pub(crate) fn folders(&mut self, errors: &[(PathBuf, String)], now: DateTime<Utc>) {
        let listed: BTreeMap<String, String> = errors
            .iter()
            .map(|(path, message)| {
                (
                    format!("folder:{}", path.display()),
                    t!(
                        "outage-folder-unlisted",
                        path = path.display(),
                        error = message
                    ),
                )
            })
            .collect();
        self.current
            .retain(|about, _| !about.starts_with("folder:") || listed.contains_key(about));
        for (about, what) in listed {
            self.set(&about, what, now);
        }
    }

    /// The shared folder's outage ([`crate::pipeline::outage`]), as the
    /// pipeline has it: from when it began, until it ends.
    pub(crate) fn share(&mut self, outage: Option<&FolderOutage>) {
        self.current.retain(|about, _| !about.starts_with("share:"));
        if let Some(outage) = outage {
            self.current.insert(
                format!("share:{}", outage.folder.display()),
                Outage {
                    what: outage.describe(),
                    since: outage.since,
                },
            );
        }
    }
}

/// The facts of the files tracked and those with errors, as the catalog
/// stands, with the outages and the folder outage in force.
#[derive(Debug)]
pub(crate) struct Facts<'a> {
    tracked: u64,
    errors: Vec<&'a ImportProblem>,
    files_with_errors: u64,
    outages: Vec<&'a Outage>,
    folder_outage_since: Option<DateTime<Utc>>,
}

/// The facts of `pipeline` and `outages`.
pub(crate) fn facts<'a>(pipeline: &'a Pipeline, outages: &'a Outages) -> Facts<'a> {
    let errors: Vec<Vec<&ImportProblem>> = pipeline
        .catalog()
        .paths()
        .filter_map(|path| pipeline.catalog().get(path))
        .map(|entry| {
            entry
                .problems
                .iter()
                .filter(|p| p.kind == ProblemKind::Error)
                .collect::<Vec<_>>()
        })
        .filter(|problems| !problems.is_empty())
        .collect();
    Facts {
        tracked: pipeline.catalog().len() as u64,
        files_with_errors: errors.len() as u64,
        errors: errors.into_iter().flatten().collect(),
        outages: outages.current.values().collect(),
        folder_outage_since: pipeline.folder_outage().map(|o| o.since),
    }
}

/// Records `facts` in the state file of `state`, waiting at most
/// [`RECORD_WAIT`] for it; the error says why not.
pub(crate) fn record(
    state: &StateGuard,
    facts: &Facts<'_>,
    now: DateTime<Utc>,
) -> Result<(), StateError> {
    let record = state.daemon()?;
    let facts = [
        Fact::Files {
            tracked: facts.tracked,
            with_errors: facts.files_with_errors,
            errors: &facts.errors,
        },
        Fact::Outages(&facts.outages),
        Fact::FolderOutageSince(facts.folder_outage_since),
    ];
    record.record_waiting(&facts, RECORD_WAIT, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::path::Path;

    /// The key of an output's outage.
    fn about_output(path: &Path) -> String {
        format!("output:{}", path.display())
    }

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 23, h, 0, 0).unwrap()
    }

    #[test]
    fn an_outage_keeps_its_start_until_it_is_over() {
        let mut outages = Outages::default();
        let out = Path::new("/out/全庁目標一覧_令和8年度.xlsx");
        outages.set(&about_output(out), "disk full".into(), at(1));
        outages.set(&about_output(out), "disk still full".into(), at(2));
        assert_eq!(outages.current[&about_output(out)].since, at(1));
        assert_eq!(outages.current[&about_output(out)].what, "disk still full");
        outages.folders(&[("/share/a".into(), "permission denied".into())], at(2));
        outages.folders(&[("/share/b".into(), "permission denied".into())], at(3));
        let folders: Vec<&String> = outages
            .current
            .keys()
            .filter(|k| k.starts_with("folder:"))
            .collect();
        assert_eq!(folders, ["folder:/share/b"]);
        outages.clear(&about_output(out));
        assert_eq!(outages.current.len(), 1);
        let current: Vec<&Outage> = outages.current.values().collect();
        assert_eq!(current[0].since, at(3));
    }
}
