//! The handles of the state file's history, last good roster and daemon
//! record, as [`super::StateFile`] hands them out: each on the connection
//! of the file it came from.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{DaemonState, Fact, Operation, StateConn, StateError, StoredRoster};
use crate::state::history::HistoryFilter;
use mokuhyo_core::history::HistoryEntry;
use mokuhyo_core::roster::model::Roster;

/// The history of the report cells (`mokuhyo history`).
#[derive(Debug, Clone)]
pub struct HistoryStore {
    conn: StateConn,
}

impl HistoryStore {
    pub(crate) fn new(conn: StateConn) -> HistoryStore {
        HistoryStore { conn }
    }

    /// The entries `filter` selects, newest first.
    pub fn entries(&self, filter: &HistoryFilter) -> Result<Vec<HistoryEntry>, StateError> {
        self.conn
            .with(Operation::ReadHistory, |db| db.history().entries(filter))
    }
}

/// The last good roster.
#[derive(Debug, Clone)]
pub struct RosterStore {
    conn: StateConn,
}

impl RosterStore {
    pub(crate) fn new(conn: StateConn) -> RosterStore {
        RosterStore { conn }
    }

    /// Keeps `roster`, read at `read_at`, as the last good one.
    pub fn save(&self, roster: &Roster, read_at: DateTime<Utc>) -> Result<(), StateError> {
        self.conn.with(Operation::WriteRoster, |db| {
            db.roster().save(roster, read_at)
        })
    }

    /// The last good roster kept (`None`: none yet).
    pub fn load(&self) -> Result<Option<StoredRoster>, StateError> {
        self.conn
            .with(Operation::ReadRoster, |db| db.roster().load())
    }
}

/// What the daemon, and each command that holds the file, records for
/// `mokuhyo status` ([`Fact`]).
#[derive(Debug, Clone)]
pub struct DaemonRecord {
    conn: StateConn,
}

impl DaemonRecord {
    pub(crate) fn new(conn: StateConn) -> DaemonRecord {
        DaemonRecord { conn }
    }

    /// Records `facts`.
    pub fn record(&self, facts: &[Fact<'_>], now: DateTime<Utc>) -> Result<(), StateError> {
        self.conn.with(Operation::WriteDaemonState, |db| {
            db.daemon_state().record(facts, now)
        })
    }

    /// Records `facts` in one transaction, waiting at most `wait` for a
    /// lock another connection holds.
    pub fn record_waiting(
        &self,
        facts: &[Fact<'_>],
        wait: Duration,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        self.conn.with(Operation::WriteDaemonState, |db| {
            db.waiting_at_most(wait, || db.daemon_state().record(facts, now))
        })
    }

    /// What is recorded.
    pub fn read(&self) -> Result<DaemonState, StateError> {
        self.conn
            .with(Operation::ReadDaemonState, |db| db.daemon_state().read())
    }
}
