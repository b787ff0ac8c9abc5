//! Tests of the state file's opening and layouts: each layout an earlier
//! release wrote, built with that release's SQL, is brought to the current
//! one with its rows; a later layout is refused; a read-only open changes
//! nothing.

use std::path::{Path, PathBuf};

use rstest::rstest;
use rusqlite::Connection;

use super::*;
use crate::state::history::HistoryFilter;
use mokuhyo_core::remind::plan::Outcome;

/// `sent_mail` and `daemon_state` as the first releases created them
/// (4af5a51 "Reminder delivery: SQLite ledger …"), without `refused`.
const LEDGER_FIRST: &str = "
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
    last_error       TEXT
);
CREATE TABLE IF NOT EXISTS daemon_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
";

/// The ledger with the recipients the server refused (2889046 "Mail: each
/// recipient is offered on its own …").
const LEDGER_REFUSED: &str = "
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
";

/// The ledger with its id (8374608 "One send per mail whatever runs at
/// once …"), the last layout before numbered versions.
const LEDGER_IDENTITY: &str = "
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
";

/// `last_good` (933a670 "Last good data of every workbook in the state
/// file"); its rows were of format 1 until 13b6c68, of format 2 after.
const LAST_GOOD: &str = "
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
";

/// `history` (3402ea0 "History of every report cell …").
const HISTORY: &str = "
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
";

/// `roster_last_good` (370b5e4 "Recipient roster …").
const ROSTER: &str = "CREATE TABLE IF NOT EXISTS roster_last_good (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    source TEXT NOT NULL,
    read_at TEXT NOT NULL,
    data TEXT NOT NULL
)";

const MAIL_KEY: &str = "reminder/企画部/2026/interim/1";

/// An earlier release's state file: its tables, and what it held.
struct Earlier {
    tables: Vec<&'static str>,
    last_good_format: Option<i64>,
    history: bool,
    roster: bool,
    ledger_id: bool,
    refused: bool,
}

impl Earlier {
    /// Writes the file at `path` as that release did.
    fn write(&self, path: &Path) {
        let conn = Connection::open(path).unwrap();
        for sql in &self.tables {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute(
            "INSERT INTO sent_mail (key, kind, recipients, subject, outcome, attempts,
                 message_id, first_attempt_at, last_attempt_at, sent_at)
             VALUES (?1, 'reminder', 'to=kikaku@city.example.jp;cc=', '中間報告のお願い',
                 'sent', 1, '<1@city.example.jp>', '2026-09-01T00:00:00Z',
                 '2026-09-01T00:00:00Z', '2026-09-01T00:00:01Z')",
            [MAIL_KEY],
        )
        .unwrap();
        if self.refused {
            conn.execute(
                "UPDATE sent_mail SET refused = 'x@city.example.jp: 550 no such user'",
                [],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO daemon_state (key, value, updated_at)
             VALUES ('started', '2026-09-01T09:00:00+00:00', '2026-09-01T09:00:00Z')",
            [],
        )
        .unwrap();
        if let Some(format) = self.last_good_format {
            conn.execute(
                "INSERT INTO last_good VALUES ('/share/企画部.xlsx', 12345, 1780000000123456789,
                     -42, '0.1.0/1/00000000000000ff', ?1, '2026-09-01T00:00:00Z',
                     '{\"reports\": []}')",
                [format],
            )
            .unwrap();
        }
        if self.history {
            conn.execute(
                "INSERT INTO history (seen_at, file, fiscal_year, department, field, change, after)
                 VALUES ('2026-09-01T00:00:00.000Z', '/share/企画部.xlsx', 2026, '企画部',
                     'interim', 'filled', '着手')",
                [],
            )
            .unwrap();
        }
        if self.roster {
            conn.execute(
                "INSERT INTO roster_last_good VALUES (1, '/share/名簿.xlsx',
                     '2026-09-01T00:00:00+00:00', '{\"source\": \"/share/名簿.xlsx\", \"entries\": []}')",
                [],
            )
            .unwrap();
        }
        if self.ledger_id {
            conn.execute(
                "INSERT INTO state_identity VALUES (1, 'abc123', '2026-09-01T00:00:00Z')",
                [],
            )
            .unwrap();
        }
    }
}

/// The columns of every table, and the indexes: what the code reads and
/// writes.
fn layout(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut out = Vec::new();
    let names: Vec<(String, String)> = conn
        .prepare(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (kind, name) in names {
        out.push(format!("{kind} {name}"));
        if kind != "table" {
            continue;
        }
        let columns: Vec<String> = conn
            .prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)")
            .unwrap()
            .query_map([&name], |r| {
                Ok(format!(
                    "  {} {} {} {:?} {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.extend(columns);
    }
    out
}

fn user_version(path: &Path) -> u32 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// The layout of a state file created by this version.
fn current_layout(dir: &Path) -> Vec<String> {
    let fresh = dir.join("fresh.sqlite");
    drop(StateDb::open(&fresh, Access::Create).unwrap());
    layout(&fresh)
}

fn earlier(tables: &[&'static str]) -> Earlier {
    Earlier {
        tables: tables.to_vec(),
        last_good_format: None,
        history: false,
        roster: false,
        ledger_id: false,
        refused: false,
    }
}

#[rstest]
#[case::first_ledger(earlier(&[LEDGER_FIRST]))]
#[case::last_good_of_format_1(Earlier { last_good_format: Some(1), ..earlier(&[LEDGER_FIRST, LAST_GOOD]) })]
#[case::refused_recipients(Earlier { last_good_format: Some(1), refused: true, ..earlier(&[LEDGER_REFUSED, LAST_GOOD]) })]
#[case::last_good_of_format_2(Earlier { last_good_format: Some(2), refused: true, ..earlier(&[LEDGER_REFUSED, LAST_GOOD]) })]
#[case::history(Earlier { last_good_format: Some(2), history: true, ..earlier(&[LEDGER_REFUSED, LAST_GOOD, HISTORY]) })]
#[case::roster(Earlier { last_good_format: Some(2), history: true, roster: true, ..earlier(&[LEDGER_REFUSED, LAST_GOOD, HISTORY, ROSTER]) })]
#[case::ledger_identity(Earlier { last_good_format: Some(2), history: true, roster: true, ledger_id: true, refused: true, ..earlier(&[LEDGER_IDENTITY, LAST_GOOD, HISTORY, ROSTER]) })]
// Only what a command that never read a workbook created.
#[case::ledger_identity_alone(Earlier { ledger_id: true, ..earlier(&[LEDGER_IDENTITY]) })]
fn an_earlier_releases_state_file_is_brought_to_the_current_layout_with_its_rows(
    #[case] file: Earlier,
) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    file.write(&path);
    assert_eq!(user_version(&path), 0);

    let db = StateDb::open(&path, Access::Existing).unwrap();
    assert_eq!(user_version(&path), migrations::CURRENT);
    assert_eq!(layout(&path), current_layout(dir.path()));

    let mail = db.sent_mail().entry(MAIL_KEY).unwrap().unwrap();
    assert_eq!(mail.outcome, Outcome::Sent);
    assert_eq!(mail.message_id.as_deref(), Some("<1@city.example.jp>"));
    assert_eq!(
        mail.refused.as_deref(),
        file.refused
            .then_some("x@city.example.jp: 550 no such user")
    );
    assert_eq!(
        db.daemon_state().read().unwrap().started,
        chrono::DateTime::parse_from_rfc3339("2026-09-01T09:00:00+00:00")
            .ok()
            .map(|t| t.to_utc())
    );
    assert_eq!(
        db.identity().ledger_id().unwrap().as_deref(),
        file.ledger_id.then_some("abc123")
    );
    let history = db.history().entries(&HistoryFilter::default()).unwrap();
    assert_eq!(history.len(), usize::from(file.history));
    let roster = db.roster().load().unwrap();
    assert_eq!(
        roster.map(|r| r.roster.source),
        file.roster.then(|| PathBuf::from("/share/名簿.xlsx"))
    );
    drop(db);

    let loaded = StateFile::open(&path, Access::Existing)
        .unwrap()
        .last_good()
        .unwrap()
        .load()
        .unwrap();
    assert!(loaded.unusable.is_empty());
    match file.last_good_format {
        None => assert!(loaded.reads.is_empty()),
        Some(format) => {
            assert_eq!(loaded.reads.len(), 1);
            let fingerprint = loaded.reads[0].fingerprint;
            if format == 1 {
                // Hashed by std's DefaultHasher: the file is read again once.
                assert_eq!(fingerprint, crate::io::catalog::Fingerprint::default());
            } else {
                assert_eq!(
                    (fingerprint.size, fingerprint.hash),
                    (12345, (-42_i64) as u64)
                );
            }
        }
    }
}

#[test]
fn the_earlier_releases_file_in_the_output_folder_is_used_as_it_is_when_configured() {
    // Releases before 8374608 kept it at `<output.dir>/mokuhyo.sqlite`.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let legacy = out.join("mokuhyo.sqlite");
    Earlier {
        last_good_format: Some(1),
        ..earlier(&[LEDGER_FIRST, LAST_GOOD])
    }
    .write(&legacy);
    let state =
        crate::state::StateFile::acquire(&legacy, &out, crate::state::Role::Remind, &|_, _| {})
            .unwrap();
    // Its rows, keys of that release's form among them, read as they are.
    let entries = state.ledger().unwrap().entries().unwrap();
    let entry = entries.iter().find(|e| e.key == MAIL_KEY).unwrap();
    assert_eq!(entry.outcome, Outcome::Sent);
    assert_eq!(user_version(&legacy), migrations::CURRENT);
}

#[test]
fn opening_a_current_file_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    earlier(&[LEDGER_FIRST]).write(&path);
    drop(StateDb::open(&path, Access::Existing).unwrap());
    let once = layout(&path);
    let bytes_once = {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        drop(conn);
        std::fs::read(&path).unwrap()
    };
    drop(StateDb::open(&path, Access::Existing).unwrap());
    assert_eq!(layout(&path), once);
    assert_eq!(user_version(&path), migrations::CURRENT);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes_once,
        "no step ran again"
    );
}

#[test]
fn a_file_of_a_later_layout_is_refused_whatever_the_access() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    drop(StateDb::open(&path, Access::Create).unwrap());
    let later = migrations::CURRENT + 1;
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", later)
        .unwrap();
    for access in [Access::Existing, Access::ReadOnly, Access::WriteProbe] {
        let err = StateDb::open(&path, access).unwrap_err();
        assert!(
            matches!(err.cause, Cause::NewerFormat { found, known }
                if found == later && known == migrations::CURRENT),
            "{access:?}: {err}"
        );
        assert_eq!(err.operation, Operation::Open);
        assert_eq!(err.path, path);
        assert!(err.to_string().contains(&later.to_string()), "{err}");
    }
    assert_eq!(user_version(&path), later, "left as it is");
    // The commands' way in says so too.
    let err = StateFile::open(&path, Access::Existing).unwrap_err();
    assert!(matches!(err.cause, Cause::NewerFormat { .. }), "{err}");
}

#[test]
fn a_read_only_open_reads_an_earlier_file_as_it_is_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    Earlier {
        ledger_id: true,
        refused: true,
        ..earlier(&[LEDGER_IDENTITY])
    }
    .write(&path);
    let before = layout(&path);
    let db = StateDb::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(db.sent_mail().status().unwrap().sent, 1);
    assert_eq!(
        db.identity().ledger_id().unwrap().as_deref(),
        Some("abc123")
    );
    // Tables the file does not have yet read as empty.
    assert!(
        db.history()
            .entries(&HistoryFilter::default())
            .unwrap()
            .is_empty()
    );
    assert_eq!(db.last_good().count().unwrap(), 0);
    assert_eq!(db.roster().load().unwrap(), None);
    drop(db);
    assert_eq!(layout(&path), before);
    assert_eq!(user_version(&path), 0);
}

#[test]
fn a_read_that_fails_on_an_earlier_file_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    // The first ledgers had no `refused` column, which status reads.
    earlier(&[LEDGER_FIRST]).write(&path);
    let db = StateDb::open(&path, Access::ReadOnly).unwrap();
    let err = db.sent_mail().status().unwrap_err();
    assert_eq!(err.older_format, Some(0));
    assert_eq!(err.operation, Operation::ReadSentMail);
    assert!(
        std::error::Error::source(&err).is_some(),
        "SQLite's error is kept"
    );
    let hint = crate::i18n::t!(
        "state-older-format",
        found = 0_u32,
        current = migrations::CURRENT
    );
    assert!(err.to_string().ends_with(&hint), "{err}");
}

#[test]
fn an_error_names_the_file_and_the_operation_and_keeps_its_cause() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.sqlite");
    let err = StateDb::open(&missing, Access::Existing).unwrap_err();
    assert_eq!(err.path, missing);
    assert_eq!(err.operation, Operation::Open);
    let source = std::error::Error::source(&err).expect("SQLite's error");
    assert!(source.downcast_ref::<rusqlite::Error>().is_some());
    assert!(err.to_string().contains("missing.sqlite"), "{err}");
}
