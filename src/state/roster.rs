//! The roster in force: read from the configured file when it is good
//! (and saved as the last good one), else the last good roster — the one
//! read before in this process, or the one in the state file. The file's
//! problems stay attached, for 取込エラー, the planning digest and status.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, NaiveDate, Utc};

use crate::i18n::t;
use crate::io::dictionary_file::{self, DictionaryFileError};
use crate::io::roster_file::read_roster_file;
use crate::io::workbook::read::ReadLimits;
use crate::state::{Access, StateFile};
use mokuhyo_core::consolidate::{ImportProblem, ProblemKind, SourceFile};
use mokuhyo_core::model::CellRef;
use mokuhyo_core::remind::{FileProblem, RemindConfig};
use mokuhyo_core::roster::model::Roster;
use mokuhyo_core::roster::parse::{RosterHeaders, RosterProblem, RosterWordsError, parse_roster};

/// The configured roster as last read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RosterState {
    /// The configured file (none: no roster, the TOML sections alone).
    pub path: Option<PathBuf>,
    /// The roster in force.
    pub roster: Option<Roster>,
    /// When the roster in force is the last good one rather than the file
    /// as it is now: when that one was read (RFC 3339).
    pub last_good_read_at: Option<String>,
    /// What is wrong with the file as it is now (empty when it read well).
    pub problems: Vec<RosterProblem>,
    /// When the current problems were first seen.
    pub problems_since: Option<DateTime<Utc>>,
    /// Size and modification time of the file when it was read.
    seen: Option<(u64, Option<SystemTime>)>,
}

/// What reading the roster takes from the configuration
/// (`Settings::roster_sources`): the roster file, the state file that keeps
/// its last good rows, the read limits, the configured departments' names
/// and the dictionary files whose `[roster]` words find its header.
#[derive(Debug, Clone)]
pub struct RosterSources<'a> {
    pub path: Option<&'a Path>,
    pub state_database: &'a Path,
    pub limits: &'a ReadLimits,
    /// Every configured department's name and aliases.
    pub known_departments: Vec<String>,
    /// The dictionary in force (`None`: the built-in one) and its extensions.
    pub dictionary: Option<&'a Path>,
    pub dictionary_extend: &'a [PathBuf],
}

impl RosterState {
    /// Reads the configured roster. A file with problems leaves `previous`'s
    /// roster in force, else the state file's last good one; a good file is
    /// saved there as the new last good one.
    pub fn load(
        sources: &RosterSources<'_>,
        previous: Option<&RosterState>,
        now: DateTime<Utc>,
    ) -> Self {
        RosterState::read_with(sources, previous, now, true)
    }

    /// [`RosterState::load`] without saving anything: the last good roster
    /// is looked up only in an existing state file (`mokuhyo roster check`).
    pub(crate) fn inspect(sources: &RosterSources<'_>, now: DateTime<Utc>) -> Self {
        RosterState::read_with(sources, None, now, false)
    }

    fn read_with(
        sources: &RosterSources<'_>,
        previous: Option<&RosterState>,
        now: DateTime<Utc>,
        save: bool,
    ) -> Self {
        let Some(path) = sources.path.map(Path::to_path_buf) else {
            return RosterState::default();
        };
        let seen = fingerprint(&path);
        // Only an existing state file: a command or the daemon creates it
        // (see `crate::state::file`), this never does; nor does it write one
        // it does not save to.
        let access = if save {
            Access::Existing
        } else {
            Access::ReadOnly
        };
        let store = sources
            .state_database
            .exists()
            .then(|| StateFile::open(sources.state_database, access).and_then(|f| f.roster()))
            .and_then(|opened| {
                opened
                    .map_err(|e| {
                        tracing::warn!(
                            "{}",
                            t!("log-roster-not-kept", error = crate::logging::causes(&e))
                        )
                    })
                    .ok()
            });
        match read(sources, &path) {
            Ok(roster) => {
                if let Some(store) = store.as_ref().filter(|_| save)
                    && let Err(e) = store.save(&roster, now)
                {
                    tracing::warn!(
                        "{}",
                        t!("log-roster-not-kept", error = crate::logging::causes(&e))
                    );
                }
                RosterState {
                    path: Some(path),
                    roster: Some(roster),
                    seen,
                    ..Default::default()
                }
            }
            Err(problems) => {
                let same_problems = previous.filter(|p| p.problems == problems);
                let problems_since = same_problems.and_then(|p| p.problems_since).or(Some(now));
                let kept = previous
                    .and_then(|p| p.roster.clone().map(|r| (r, p.read_at(now))))
                    .filter(|(r, _)| r.source == path)
                    .or_else(|| {
                        let stored = store.as_ref()?.load().ok().flatten()?;
                        Some((stored.roster, stored.read_at))
                    });
                let (roster, last_good_read_at) = match kept {
                    Some((roster, at)) => (Some(roster), Some(at)),
                    None => (None, None),
                };
                RosterState {
                    path: Some(path),
                    roster,
                    last_good_read_at,
                    problems,
                    problems_since,
                    seen,
                }
            }
        }
    }

    /// When the roster in force was read: the last good one's time, or now
    /// for a file that read well.
    fn read_at(&self, now: DateTime<Utc>) -> String {
        self.last_good_read_at
            .clone()
            .unwrap_or_else(|| now.to_rfc3339())
    }

    /// Whether the file's size or modification time differ from when it was read.
    pub(crate) fn changed_on_disk(&self) -> bool {
        self.path
            .as_deref()
            .is_some_and(|path| fingerprint(path) != self.seen)
    }

    /// The reminder configuration in force on `date`.
    pub(crate) fn recipients_on(&self, cfg: &RemindConfig, date: NaiveDate) -> RemindConfig {
        match &self.roster {
            Some(roster) => roster.recipients_on(cfg, date),
            None => cfg.clone(),
        }
    }

    /// One line on what is in force, for the log and `mokuhyo status`.
    pub(crate) fn describe(&self) -> String {
        let Some(path) = &self.path else {
            return t!("roster-none");
        };
        let rows = self.roster.as_ref().map_or(0, |r| r.entries.len());
        if self.problems.is_empty() {
            return t!("roster-in-force", path = path.display(), rows = rows);
        }
        let problems: Vec<String> = self.problems.iter().map(|p| p.to_string()).collect();
        let in_force = match &self.last_good_read_at {
            Some(at) => t!(
                "roster-last-good-in-force",
                at = at.to_string(),
                rows = rows
            ),
            None => t!("roster-none-in-force"),
        };
        t!(
            "roster-problems",
            path = path.display(),
            count = problems.len(),
            problems = problems.join("; "),
            in_force = in_force
        )
    }

    /// The file's problems as a file the reminders report (to the planning
    /// section, and in its digest).
    pub(crate) fn file_problem(&self, planning_name: &str) -> Option<FileProblem> {
        let path = self.path.as_ref().filter(|_| !self.problems.is_empty())?;
        let mut problem = ImportProblem::new(
            path,
            ProblemKind::Error,
            format!("recipient roster: {}", self.describe_problems()),
        )
        .with_text(format!(
            "宛先名簿: {}",
            self.describe_problems_in_japanese()
        ));
        problem.since = self.problems_since;
        Some(FileProblem {
            department: Some(planning_name.to_string()),
            problem,
        })
    }

    fn describe_problems(&self) -> String {
        let problems: Vec<String> = self.problems.iter().map(|p| p.to_string()).collect();
        let in_force = match &self.last_good_read_at {
            Some(at) => format!("the last good roster, read {at}, stays in force"),
            None => "no roster is in force".to_string(),
        };
        format!("{}; {in_force}", problems.join("; "))
    }

    /// The same, in Japanese for the planning section.
    fn describe_problems_in_japanese(&self) -> String {
        let problems: Vec<String> = self
            .problems
            .iter()
            .map(|p| match &p.cell {
                Some(cell) => format!("{cell}: {}", p.shown()),
                None => p.shown().to_string(),
            })
            .collect();
        let in_force = match &self.last_good_read_at {
            Some(at) => {
                let read = chrono::DateTime::parse_from_rfc3339(at)
                    .map(|t| {
                        mokuhyo_core::calendar::shown_in_japan(
                            t.with_timezone(&Utc),
                            mokuhyo_core::calendar::TimeShown::MonthDay,
                        )
                    })
                    .unwrap_or_else(|_| at.clone());
                format!("前回正しく読めた名簿（{read} に読込）を引き続き使っています")
            }
            None => "使える名簿がないため、設定ファイルの宛先だけを使っています".to_string(),
        };
        format!("{}。{in_force}", problems.join("。"))
    }

    /// The file's problems as a source of the consolidated workbooks, one
    /// 取込エラー row per problem with its sheet and cell.
    pub(crate) fn import_source(&self) -> Option<SourceFile> {
        let path = self.path.as_ref().filter(|_| !self.problems.is_empty())?;
        let since = self.problems_since;
        let problems = self
            .problems
            .iter()
            .map(|p| ImportProblem {
                file: path.clone(),
                sheet: p.cell.as_ref().map(|c| c.sheet.to_string()),
                cell: p.cell.as_ref().map(CellRef::position),
                message: format!("recipient roster: {}", p.message),
                text: Some(format!("宛先名簿: {}", p.shown())),
                since,
                kind: ProblemKind::Error,
            })
            .collect();
        Some(SourceFile {
            path: path.clone(),
            modified: self
                .seen
                .and_then(|(_, modified)| modified)
                .map(DateTime::<Utc>::from),
            reports: Arc::from([]),
            problems,
            stale: self.last_good_read_at.is_some(),
        })
    }
}

fn fingerprint(path: &Path) -> Option<(u64, Option<SystemTime>)> {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

/// Reads and checks the roster file with the configured header words.
fn read(sources: &RosterSources<'_>, path: &Path) -> Result<Roster, Vec<RosterProblem>> {
    let fail = |message: String| {
        vec![RosterProblem {
            cell: None,
            message,
            text: None,
        }]
    };
    let headers = headers(sources).map_err(|e| fail(e.to_string()))?;
    let sheets = read_roster_file(path, sources.limits).map_err(|e| fail(e.to_string()))?;
    parse_roster(path, &sheets, &headers, &sources.known_departments)
}

/// The `[roster]` header words of the configured dictionary files.
pub fn headers(sources: &RosterSources<'_>) -> Result<RosterHeaders, HeadersError> {
    let mut texts = vec![match sources.dictionary {
        Some(path) => dictionary_file::read(path)?,
        None => mokuhyo_core::interpret::DEFAULT_DICTIONARY.to_string(),
    }];
    for path in sources.dictionary_extend {
        texts.push(dictionary_file::read(path)?);
    }
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    Ok(RosterHeaders::from_dictionaries(&texts)?)
}

/// Why the roster's header words cannot be had: a dictionary file that
/// cannot be read, or words that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum HeadersError {
    #[error(transparent)]
    File(#[from] DictionaryFileError),
    #[error(transparent)]
    Words(#[from] RosterWordsError),
}
