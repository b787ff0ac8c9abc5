//! The last good roster in the state file (the SQLite file of the ledger):
//! saved whenever the roster file reads well, used while it does not —
//! by the daemon after a restart and by `mokuhyo remind` alike.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::model::Roster;

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS roster_last_good (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    source TEXT NOT NULL,
    read_at TEXT NOT NULL,
    data TEXT NOT NULL
)";

/// The last good roster and when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredRoster {
    pub roster: Roster,
    /// RFC 3339.
    pub read_at: String,
}

/// The roster table of the state file.
pub(crate) struct RosterStore {
    conn: Connection,
    path: String,
}

impl RosterStore {
    /// Opens the existing state file at `path` (one that is gone is an
    /// error, never replaced by an empty one).
    pub fn open(path: &Path) -> Result<RosterStore, String> {
        let shown = path.display().to_string();
        let err = |e: rusqlite::Error| format!("{shown}: {e}");
        let conn = Connection::open_with_flags(path, crate::state_file::EXISTING).map_err(err)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        Ok(RosterStore { conn, path: shown })
    }

    /// Records `roster` as the last good one.
    pub fn save(&self, roster: &Roster, read_at: DateTime<Utc>) -> Result<(), String> {
        let data = serde_json::to_string(roster).map_err(|e| format!("{}: {e}", self.path))?;
        self.conn
            .execute(
                "INSERT INTO roster_last_good (id, source, read_at, data) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET source = ?1, read_at = ?2, data = ?3",
                (
                    roster.source.display().to_string(),
                    read_at.to_rfc3339(),
                    data,
                ),
            )
            .map(|_| ())
            .map_err(|e| format!("{}: {e}", self.path))
    }

    /// The last good roster, if one was saved and can be decoded.
    pub fn load(&self) -> Result<Option<StoredRoster>, String> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT read_at, data FROM roster_last_good WHERE id = 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(|e| format!("{}: {e}", self.path))?;
        let Some((read_at, data)) = row else {
            return Ok(None);
        };
        let roster = serde_json::from_str(&data)
            .map_err(|e| format!("{}: the stored roster cannot be decoded: {e}", self.path))?;
        Ok(Some(StoredRoster { roster, read_at }))
    }
}
