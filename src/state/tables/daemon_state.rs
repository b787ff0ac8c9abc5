//! The `daemon_state` table: what the processes using the state file record
//! for `mokuhyo status` — who holds the file's lock, when the daemon
//! started, its last scan and next send, the files it tracks and their
//! errors, its outages, the roster in force. Stored one fact per row (key,
//! value, time written); [`Fact`] and [`DaemonState`] are the only places
//! the keys and the values' text are named.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::state::{Operation, StateDb, StateError};
use mokuhyo_core::consolidate::ImportProblem;

/// What a process does with the state file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Daemon,
    Remind,
    Consolidate,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Daemon => "daemon",
            Role::Remind => "remind",
            Role::Consolidate => "consolidate",
        }
    }

    fn parse(text: &str) -> Option<Role> {
        match text {
            "daemon" => Some(Role::Daemon),
            "remind" => Some(Role::Remind),
            "consolidate" => Some(Role::Consolidate),
            _ => None,
        }
    }
}

/// The process holding a state file's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    pub role: Role,
    pub pid: u32,
}

impl Holder {
    /// This process, doing `role`.
    pub fn of_this_process(role: Role) -> Holder {
        Holder {
            role,
            pid: std::process::id(),
        }
    }

    /// As recorded: `remind 4242`.
    fn parse(text: &str) -> Option<Holder> {
        let (role, pid) = text.split_once(' ')?;
        Some(Holder {
            role: Role::parse(role)?,
            pid: pid.parse().ok()?,
        })
    }

    fn record(&self) -> String {
        format!("{} {}", self.role.as_str(), self.pid)
    }
}

impl fmt::Display for Holder {
    /// `mokuhyo remind (pid 4242)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "mokuhyo {} (pid {})", self.role.as_str(), self.pid)
    }
}

/// Something the daemon saw go wrong and not yet right again: an output it
/// cannot write, a folder it cannot list, a configuration reload that
/// failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outage {
    /// What is wrong, in one line.
    pub what: String,
    /// Since when.
    pub since: DateTime<Utc>,
}

/// A mail recorded as sent far after the time the clock read when a
/// sender found it (more than `remind::sent::CLOCK_AHEAD_LIMIT`): sent
/// while the clock read far ahead. It is ignored when planning and
/// reported for a while from `found_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockFault {
    pub key: String,
    /// When it was recorded as sent, as the clock then read.
    pub sent_at: DateTime<Utc>,
    /// When a sender found it, the clock right again.
    pub found_at: DateTime<Utc>,
}

/// One of the daemon's schedules as its scheduler last looked at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleState {
    /// The key that sets it (`watch.rescan_schedule`).
    pub key: String,
    /// Its cron expression.
    pub schedule: String,
    /// The firing it waits for (`None`: it never fires again).
    pub next: Option<DateTime<Utc>>,
    /// Its last firing, when it has fired since the daemon started.
    pub last: Option<DateTime<Utc>>,
}

/// One fact to record.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact<'a> {
    /// The process holding the lock.
    Holder(Holder),
    /// When the daemon started, and its process id.
    Started { at: DateTime<Utc>, pid: u32 },
    /// The folder watched.
    Folder(&'a str),
    /// The daemon's last scan of the folder and look at the mail due.
    LastScan(DateTime<Utc>),
    /// When the next mails are due, in a line.
    NextSend(&'a str),
    /// The last run that sent mail.
    LastSendRun(DateTime<Utc>),
    /// The roster in force, in a line.
    Roster(&'a str),
    /// The departments without an address, in a line.
    Unaddressed(&'a str),
    /// The files tracked and their errors.
    Files {
        tracked: u64,
        with_errors: u64,
        errors: &'a [&'a ImportProblem],
    },
    /// What went wrong and is not right again.
    Outages(&'a [&'a Outage]),
    /// The start of the folder outage in force (`None`: none is).
    FolderOutageSince(Option<DateTime<Utc>>),
    /// The mails found recorded as sent while the clock read far ahead.
    ClockFaults(&'a [ClockFault]),
    /// The daemon's schedules, as its scheduler last looked at them.
    Schedules(&'a [ScheduleState]),
}

const HOLDER: &str = "holder";
const STARTED: &str = "started";
const PID: &str = "pid";
const FOLDER: &str = "folder";
const LAST_SCAN: &str = "last_scan";
const NEXT_SEND: &str = "next_send";
const LAST_SEND_RUN: &str = "last_send_run";
const ROSTER: &str = "roster";
const UNADDRESSED: &str = "unaddressed";
const FILES_TRACKED: &str = "files_tracked";
const FILES_WITH_ERRORS: &str = "files_with_errors";
const FILE_ERRORS: &str = "file_errors";
const OUTAGES: &str = "outages";
const FOLDER_OUTAGE_SINCE: &str = "folder_outage_since";
const CLOCK_FAULTS: &str = "clock_faults";
const SCHEDULES: &str = "schedules";

impl Fact<'_> {
    /// The rows the fact is stored as.
    fn rows(&self) -> Result<Vec<(&'static str, String)>, serde_json::Error> {
        Ok(match self {
            Fact::Holder(holder) => vec![(HOLDER, holder.record())],
            Fact::Started { at, pid } => {
                vec![(STARTED, at.to_rfc3339()), (PID, pid.to_string())]
            }
            Fact::Folder(folder) => vec![(FOLDER, (*folder).to_string())],
            Fact::LastScan(at) => vec![(LAST_SCAN, at.to_rfc3339())],
            Fact::NextSend(next) => vec![(NEXT_SEND, (*next).to_string())],
            Fact::LastSendRun(at) => vec![(LAST_SEND_RUN, at.to_rfc3339())],
            Fact::Roster(roster) => vec![(ROSTER, (*roster).to_string())],
            Fact::Unaddressed(text) => vec![(UNADDRESSED, (*text).to_string())],
            Fact::Files {
                tracked,
                with_errors,
                errors,
            } => vec![
                (FILES_TRACKED, tracked.to_string()),
                (FILES_WITH_ERRORS, with_errors.to_string()),
                (FILE_ERRORS, serde_json::to_string(errors)?),
            ],
            Fact::Outages(outages) => vec![(OUTAGES, serde_json::to_string(outages)?)],
            Fact::FolderOutageSince(since) => vec![(
                FOLDER_OUTAGE_SINCE,
                since.map(|t| t.to_rfc3339()).unwrap_or_default(),
            )],
            Fact::ClockFaults(faults) => vec![(CLOCK_FAULTS, serde_json::to_string(faults)?)],
            Fact::Schedules(schedules) => vec![(SCHEDULES, serde_json::to_string(schedules)?)],
        })
    }
}

/// Everything recorded, as read back. A fact never recorded, or recorded
/// in a form this version cannot read, is `None` (or empty).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DaemonState {
    pub holder: Option<Holder>,
    pub started: Option<DateTime<Utc>>,
    pub pid: Option<u32>,
    pub folder: Option<String>,
    pub last_scan: Option<DateTime<Utc>>,
    pub next_send: Option<String>,
    pub last_send_run: Option<DateTime<Utc>>,
    pub roster: Option<String>,
    pub unaddressed: Option<String>,
    pub files_tracked: Option<u64>,
    pub files_with_errors: Option<u64>,
    pub file_errors: Vec<ImportProblem>,
    pub outages: Vec<Outage>,
    pub folder_outage_since: Option<DateTime<Utc>>,
    pub clock_faults: Vec<ClockFault>,
    pub schedules: Vec<ScheduleState>,
    /// The facts as a person reads them (`mokuhyo status`): each one's
    /// name and stored text, by name, without those shown elsewhere (the
    /// errors and outages, the holder).
    pub shown: Vec<(String, String)>,
}

impl DaemonState {
    fn from_rows(rows: BTreeMap<String, String>) -> DaemonState {
        let text = |key: &str| rows.get(key).cloned();
        let time = |key: &str| {
            rows.get(key)
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc))
        };
        let number = |key: &str| rows.get(key).and_then(|n| n.parse::<u64>().ok());
        let json = |key: &str| rows.get(key).map(String::as_str);
        let hidden = [
            FILE_ERRORS,
            OUTAGES,
            FOLDER_OUTAGE_SINCE,
            HOLDER,
            CLOCK_FAULTS,
            SCHEDULES,
        ];
        DaemonState {
            holder: rows.get(HOLDER).and_then(|h| Holder::parse(h)),
            started: time(STARTED),
            pid: rows.get(PID).and_then(|p| p.parse().ok()),
            folder: text(FOLDER),
            last_scan: time(LAST_SCAN),
            next_send: text(NEXT_SEND),
            last_send_run: time(LAST_SEND_RUN),
            roster: text(ROSTER),
            unaddressed: text(UNADDRESSED),
            files_tracked: number(FILES_TRACKED),
            files_with_errors: number(FILES_WITH_ERRORS),
            file_errors: rows
                .get(FILE_ERRORS)
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_default(),
            outages: rows
                .get(OUTAGES)
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_default(),
            folder_outage_since: time(FOLDER_OUTAGE_SINCE),
            clock_faults: json(CLOCK_FAULTS)
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_default(),
            schedules: json(SCHEDULES)
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_default(),
            shown: rows
                .iter()
                .filter(|(key, _)| !hidden.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
        }
    }
}

/// The `daemon_state` table of an open state file.
pub struct DaemonStateRows<'db> {
    db: &'db StateDb,
}

impl<'db> DaemonStateRows<'db> {
    pub(in crate::state) fn new(db: &'db StateDb) -> Self {
        DaemonStateRows { db }
    }

    /// Records `facts` at `now`, in one transaction.
    pub fn record(&self, facts: &[Fact<'_>], now: DateTime<Utc>) -> Result<(), StateError> {
        let mut rows = Vec::new();
        for fact in facts {
            rows.extend(
                fact.rows()
                    .map_err(|e| self.db.data_error(Operation::WriteDaemonState, e))?,
            );
        }
        let fail = |e| self.db.error(Operation::WriteDaemonState, e);
        let tx = self.db.conn().unchecked_transaction().map_err(fail)?;
        for (key, value) in rows {
            tx.execute(
                "INSERT INTO daemon_state (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value,
                     updated_at = excluded.updated_at",
                params![
                    key,
                    value,
                    now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ],
            )
            .map_err(fail)?;
        }
        tx.commit().map_err(fail)
    }

    /// What is recorded.
    pub fn read(&self) -> Result<DaemonState, StateError> {
        let fail = |e| self.db.error(Operation::ReadDaemonState, e);
        if !self
            .db
            .has_table("daemon_state", Operation::ReadDaemonState)?
        {
            return Ok(DaemonState::default());
        }
        let mut stmt = self
            .db
            .conn()
            .prepare("SELECT key, value FROM daemon_state ORDER BY key")
            .map_err(fail)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .and_then(|rows| rows.collect::<Result<BTreeMap<_, _>, _>>())
            .map_err(fail)?;
        Ok(DaemonState::from_rows(rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 23, h, 0, 0).unwrap()
    }

    #[test]
    fn facts_read_back_as_recorded_and_a_later_one_replaces_an_earlier() {
        let db = StateDb::in_memory().unwrap();
        let rows = db.daemon_state();
        let outage = Outage {
            what: "disk full".into(),
            since: at(1),
        };
        rows.record(
            &[
                Fact::Holder(Holder {
                    role: Role::Daemon,
                    pid: 42,
                }),
                Fact::Started { at: at(0), pid: 42 },
                Fact::Files {
                    tracked: 5,
                    with_errors: 0,
                    errors: &[],
                },
                Fact::Outages(&[&outage]),
                Fact::FolderOutageSince(Some(at(2))),
            ],
            at(0),
        )
        .unwrap();
        rows.record(
            &[
                Fact::Files {
                    tracked: 6,
                    with_errors: 0,
                    errors: &[],
                },
                Fact::FolderOutageSince(None),
                Fact::NextSend("nothing planned within a year"),
            ],
            at(1),
        )
        .unwrap();
        let state = rows.read().unwrap();
        assert_eq!(
            state.holder,
            Some(Holder {
                role: Role::Daemon,
                pid: 42
            })
        );
        assert_eq!((state.started, state.pid), (Some(at(0)), Some(42)));
        assert_eq!(state.files_tracked, Some(6));
        assert_eq!(state.outages, [outage]);
        assert_eq!(state.folder_outage_since, None);
        let shown: Vec<&str> = state.shown.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            shown,
            [
                "files_tracked",
                "files_with_errors",
                "next_send",
                "pid",
                "started"
            ]
        );
    }

    #[test]
    fn holder_records_round_trip() {
        for role in [Role::Daemon, Role::Remind, Role::Consolidate] {
            let holder = Holder { role, pid: 4242 };
            assert_eq!(Holder::parse(&holder.record()), Some(holder));
        }
        assert_eq!(Holder::parse("nonsense"), None);
        assert_eq!(
            Holder {
                role: Role::Remind,
                pid: 7
            }
            .to_string(),
            "mokuhyo remind (pid 7)"
        );
    }
}
