//! The `state_identity` table: the ledger's own id, given once when the
//! state file is first used (see [`crate::state::file`]).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::state::{Operation, StateDb, StateError};

/// The `state_identity` table of an open state file.
pub struct Identity<'db> {
    db: &'db StateDb,
}

impl<'db> Identity<'db> {
    pub(in crate::state) fn new(db: &'db StateDb) -> Self {
        Identity { db }
    }

    /// The ledger's id (`None`: none was given yet, or a file of an
    /// earlier layout read as it is has no such table).
    pub fn ledger_id(&self) -> Result<Option<String>, StateError> {
        if !self
            .db
            .has_table("state_identity", Operation::ReadIdentity)?
        {
            return Ok(None);
        }
        self.db
            .conn()
            .query_row(
                "SELECT ledger_id FROM state_identity WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.db.error(Operation::ReadIdentity, e))
    }

    /// Gives the ledger the id `id`, unless it has one.
    pub fn set_ledger_id(&self, id: &str, now: DateTime<Utc>) -> Result<(), StateError> {
        self.db
            .conn()
            .execute(
                "INSERT OR IGNORE INTO state_identity (id, ledger_id, created_at) VALUES (1, ?1, ?2)",
                params![id, now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)],
            )
            .map_err(|e| self.db.error(Operation::WriteIdentity, e))?;
        Ok(())
    }
}
