//! The `roster_last_good` table: the last roster that read well, saved
//! whenever the roster file reads well and used while it does not — by the
//! daemon after a restart and by `mokuhyo remind` alike.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

use crate::state::{Operation, StateDb, StateError};
use mokuhyo_core::roster::model::Roster;

/// The last good roster and when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRoster {
    pub roster: Roster,
    /// RFC 3339.
    pub read_at: String,
}

/// The `roster_last_good` table of an open state file.
pub struct RosterRow<'db> {
    db: &'db StateDb,
}

impl<'db> RosterRow<'db> {
    pub(in crate::state) fn new(db: &'db StateDb) -> Self {
        RosterRow { db }
    }

    /// Records `roster` as the last good one, read at `read_at`.
    pub fn save(&self, roster: &Roster, read_at: DateTime<Utc>) -> Result<(), StateError> {
        let data = serde_json::to_string(roster)
            .map_err(|e| self.db.data_error(Operation::WriteRoster, e))?;
        self.db
            .conn()
            .execute(
                "INSERT INTO roster_last_good (id, source, read_at, data) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET source = ?1, read_at = ?2, data = ?3",
                (
                    roster.source.display().to_string(),
                    read_at.to_rfc3339(),
                    data,
                ),
            )
            .map_err(|e| self.db.error(Operation::WriteRoster, e))?;
        Ok(())
    }

    /// The last good roster, if one was saved.
    pub fn load(&self) -> Result<Option<StoredRoster>, StateError> {
        if !self
            .db
            .has_table("roster_last_good", Operation::ReadRoster)?
        {
            return Ok(None);
        }
        let row: Option<(String, String)> = self
            .db
            .conn()
            .query_row(
                "SELECT read_at, data FROM roster_last_good WHERE id = 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(|e| self.db.error(Operation::ReadRoster, e))?;
        let Some((read_at, data)) = row else {
            return Ok(None);
        };
        let roster = serde_json::from_str(&data)
            .map_err(|e| self.db.data_error(Operation::ReadRoster, e))?;
        Ok(Some(StoredRoster { roster, read_at }))
    }
}
