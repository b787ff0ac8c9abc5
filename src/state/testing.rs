//! For tests: the state file as another program sees it — opened by SQLite
//! alone, without this program's pragmas or layout — to write what an
//! earlier release wrote, damage a row, or hold a lock.

use std::path::Path;

use rusqlite::Connection;

/// A plain SQLite connection to a file.
pub(crate) struct RawSqlite(Connection);

impl RawSqlite {
    /// Opens (creating when absent) the SQLite file at `path`.
    pub(crate) fn open(path: &Path) -> RawSqlite {
        RawSqlite(Connection::open(path).unwrap())
    }

    /// Runs `sql` (statements separated by `;`).
    pub(crate) fn run(&self, sql: &str) {
        self.0.execute_batch(sql).unwrap();
    }
}

/// Runs `sql` on the SQLite file at `path` (created when absent).
pub(crate) fn run_sql(path: &Path, sql: &str) {
    RawSqlite::open(path).run(sql);
}
