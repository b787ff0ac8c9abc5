//! The layouts of the state file, numbered (`PRAGMA user_version`): step N
//! brings a file of version N-1 to version N. Every step a file lacks runs
//! at open, in one transaction, so a file is at one version or the one
//! before, never between.
//!
//! Version 0 is every file written before the layout was numbered: each
//! table was created when a part of mokuhyo first used it (the ledger's
//! `sent_mail` and `daemon_state`, then `last_good`, `history`,
//! `roster_last_good` and `state_identity`), and `sent_mail` gained its
//! `refused` column when first opened by a release that knew it. Step 1
//! makes any of them whole; step 2 retires the last good rows whose content
//! hash came from std's `DefaultHasher`.

use rusqlite::Transaction;

/// One step: from `version - 1` to `version`.
struct Migration {
    version: u32,
    apply: fn(&Transaction<'_>) -> rusqlite::Result<()>,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        apply: tables_whole,
    },
    Migration {
        version: 2,
        apply: unstable_hashes_retired,
    },
];

/// The version this build writes (the last step's).
pub const CURRENT: u32 = MIGRATIONS.len() as u32;

/// The tables as the last release before numbered versions left them.
const TABLES: &str = "
CREATE TABLE IF NOT EXISTS sent_mail (
    key              TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    recipients       TEXT NOT NULL,
    subject          TEXT NOT NULL,
    outcome          TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    message_id       TEXT,
    first_attempt_at TEXT NOT NULL,
    last_attempt_at  TEXT NOT NULL,
    sent_at          TEXT,
    last_error       TEXT,
    refused          TEXT
);
CREATE TABLE IF NOT EXISTS daemon_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS state_identity (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    ledger_id  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS last_good (
    path         TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    mtime_ns     INTEGER,
    content_hash INTEGER NOT NULL,
    parser       TEXT NOT NULL,
    format       INTEGER NOT NULL,
    parsed_at    TEXT NOT NULL,
    data         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    id            INTEGER PRIMARY KEY,
    seen_at       TEXT NOT NULL,
    file          TEXT NOT NULL,
    file_modified TEXT,
    modified_by   TEXT,
    fiscal_year   INTEGER NOT NULL,
    department    TEXT NOT NULL,
    sheet         TEXT,
    cell          TEXT,
    goal          TEXT,
    item_number   TEXT,
    item          TEXT,
    field         TEXT NOT NULL,
    change        TEXT NOT NULL,
    before        TEXT,
    after         TEXT,
    before_dates  TEXT NOT NULL DEFAULT '',
    after_dates   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS history_seen_at ON history (seen_at);
CREATE TABLE IF NOT EXISTS roster_last_good (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    source TEXT NOT NULL,
    read_at TEXT NOT NULL,
    data TEXT NOT NULL
);
";

/// 0 → 1: every table there, `sent_mail` with its `refused` column (the
/// ledgers of the first releases lack it).
fn tables_whole(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(TABLES)?;
    let has_refused = tx
        .prepare("SELECT 1 FROM pragma_table_info('sent_mail') WHERE name = 'refused'")?
        .exists([])?;
    if !has_refused {
        tx.execute_batch("ALTER TABLE sent_mail ADD COLUMN refused TEXT")?;
    }
    Ok(())
}

/// 1 → 2: last good rows of the first format (1), whose content hash came
/// from std's `DefaultHasher` (which a new Rust release may compute
/// otherwise), keep their data but lose their fingerprint: the file is read
/// again once, and the row stored anew.
fn unstable_hashes_retired(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE last_good SET size = 0, mtime_ns = NULL, content_hash = 0, format = 2
         WHERE format = 1",
        [],
    )?;
    Ok(())
}

/// Whether the file holds the table `name`.
pub(crate) fn table_exists(conn: &rusqlite::Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [name],
        |r| r.get(0),
    )
}

/// The file's version.
pub(crate) fn version(conn: &rusqlite::Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// What opening a file for writing did to its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// The file was of the current layout already.
    Current,
    /// The file held no table: it was made at the current layout.
    Created,
    /// The file was of an earlier layout, this version, and was brought to
    /// the current one.
    BroughtFrom(u32),
}

/// Brings the file open on `conn` from its version to [`CURRENT`], in one
/// transaction that holds the write lock from the start (two processes
/// opening an old file at once migrate it once).
pub(crate) fn migrate(conn: &mut rusqlite::Connection) -> rusqlite::Result<Layout> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let found = version(&tx)?;
    if found >= CURRENT {
        return Ok(Layout::Current);
    }
    // The first releases wrote no version: a file of version 0 is new
    // only when it holds no table.
    let tables: u32 = tx.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    for step in MIGRATIONS.iter().filter(|m| m.version > found) {
        (step.apply)(&tx)?;
    }
    tx.pragma_update(None, "user_version", CURRENT)?;
    tx.commit()?;
    Ok(if found == 0 && tables == 0 {
        Layout::Created
    } else {
        Layout::BroughtFrom(found)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_are_numbered_one_after_another_up_to_the_current_version() {
        let versions: Vec<u32> = MIGRATIONS.iter().map(|m| m.version).collect();
        let expected: Vec<u32> = (1..=CURRENT).collect();
        assert_eq!(versions, expected);
    }

    #[test]
    fn a_new_file_is_created_at_the_current_layout_and_an_earlier_one_brought_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("new.sqlite");
        let mut conn = rusqlite::Connection::open(&fresh).unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), Layout::Created);
        assert_eq!(migrate(&mut conn).unwrap(), Layout::Current);

        // The first ledger, which wrote no version.
        let first = dir.path().join("first.sqlite");
        let mut conn = rusqlite::Connection::open(&first).unwrap();
        conn.execute_batch(
            "CREATE TABLE sent (key TEXT PRIMARY KEY, kind TEXT NOT NULL, sent_at TEXT NOT NULL)",
        )
        .unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), Layout::BroughtFrom(0));
    }
}
