//! The `history` table of the state file: one row per change, written in the
//! same transaction that replaces a file's last good data (so a change is
//! recorded exactly when the read that found it is), and read newest first.
//!
//! A read that changed nothing writes nothing; a read that failed writes
//! nothing (the last good data stays, and the next good read is compared
//! with it). Rows older than the retention (`history.keep_fiscal_years`) are
//! deleted with each write.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, params};

pub use super::entry::{HistoryEntry, RecordedRead};
use super::{ChangeKind, Field, ItemChange};
use crate::calendar::FiscalYear;
use crate::i18n::t;
use crate::model::parse_cell_ref;

const SCHEMA: &str = "
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

/// Creates the table in the state file when it is not there yet.
pub(crate) fn create_table(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)
}

/// The batch for the state file of `reads` at `now`, rows older than the
/// retention to be deleted; `newest_in_data`: the latest fiscal year of the
/// folder's workbooks (see [`retention_start`]).
pub(crate) fn history_batch(
    reads: Vec<RecordedRead>,
    now: DateTime<Utc>,
    config: &crate::history::HistoryConfig,
    newest_in_data: Option<FiscalYear>,
) -> HistoryBatch {
    HistoryBatch {
        reads,
        keep_from: retention_start(now, config.keep_fiscal_years, newest_in_data),
    }
}

/// The changes to write with a batch of last good data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryBatch {
    pub reads: Vec<RecordedRead>,
    /// Rows seen before this are deleted.
    pub keep_from: Option<DateTime<Utc>>,
}

impl HistoryBatch {
    pub fn is_empty(&self) -> bool {
        self.reads.is_empty()
    }

    /// Adds `later` on top of this batch.
    pub fn merge(&mut self, later: HistoryBatch) {
        self.reads.extend(later.reads);
        self.keep_from = later.keep_from.or(self.keep_from);
    }
}

/// Writes `batch` on `conn` (inside the caller's transaction).
pub fn write(conn: &Connection, batch: &HistoryBatch) -> rusqlite::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO history (seen_at, file, file_modified, modified_by, fiscal_year,
             department, sheet, cell, goal, item_number, item, field, change, before, after,
             before_dates, after_dates)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    for read in &batch.reads {
        let Some(file) = read.file.to_str() else {
            tracing::debug!(path = %read.file.display(), "{}", t!("log-history-not-utf8"));
            continue;
        };
        for c in &read.changes {
            insert.execute(params![
                timestamp(read.seen_at),
                file,
                read.file_modified.map(timestamp),
                read.modified_by,
                c.fiscal_year.0,
                c.department,
                c.sheet,
                c.cell.as_ref().map(ToString::to_string),
                c.goal,
                c.item_number,
                c.item,
                c.field.key(),
                c.change.key(),
                c.before,
                c.after,
                join_dates(&c.before_dates),
                join_dates(&c.after_dates),
            ])?;
        }
    }
    if let Some(keep_from) = batch.keep_from {
        conn.execute(
            "DELETE FROM history WHERE seen_at < ?1",
            params![timestamp(keep_from)],
        )?;
    }
    Ok(())
}

/// The start of the oldest fiscal year kept when `keep_fiscal_years` are
/// kept at `now` (1: the current one only). `None` keeps everything.
///
/// The current fiscal year is that of `now` only as far as the folder's
/// data has reached it (`newest_in_data`, the latest fiscal year of its
/// workbooks): a clock set years ahead by mistake purges nothing the
/// workbooks still hold, and a folder without data purges nothing.
pub(crate) fn retention_start(
    now: DateTime<Utc>,
    keep_fiscal_years: u32,
    newest_in_data: Option<FiscalYear>,
) -> Option<DateTime<Utc>> {
    if keep_fiscal_years == 0 {
        return None;
    }
    let today = crate::calendar::japan_date(now);
    let current = FiscalYear::containing(today).0.min(newest_in_data?.0);
    let back = i32::try_from(keep_fiscal_years - 1).ok()?;
    let first = FiscalYear(current.checked_sub(back)?);
    // April 1st in Japan is March 31st, 15:00 UTC.
    Some(crate::calendar::start_of_day_in_japan(first.start()?))
}

/// Which entries to read.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    /// Seen at or after this.
    pub since: Option<DateTime<Utc>>,
    /// Of this department only.
    pub department: Option<String>,
    /// Of this fiscal year only.
    pub fiscal_year: Option<FiscalYear>,
}

/// The state file's history, opened for reading.
pub struct HistoryStore {
    conn: Connection,
}

/// The state file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("state {path}: {source}")]
pub struct HistoryError {
    pub path: String,
    #[source]
    pub source: rusqlite::Error,
}

impl HistoryStore {
    /// Opens the state file at `path` for reading. A state file without a
    /// history table (never written to) reads as empty; a missing file is
    /// an error naming it.
    pub fn open(path: &Path) -> Result<HistoryStore, HistoryError> {
        let conn = crate::state_file::read_only(path).map_err(|source| HistoryError {
            path: path.display().to_string(),
            source,
        })?;
        Ok(HistoryStore { conn })
    }

    /// The entries `filter` selects, newest first (in the order recorded
    /// within one read).
    pub fn entries(&self, filter: &HistoryFilter) -> rusqlite::Result<Vec<HistoryEntry>> {
        entries(&self.conn, filter)
    }
}

/// The entries of the state file open on `conn` that `filter` selects,
/// newest first; none when the file has no history table.
pub fn entries(conn: &Connection, filter: &HistoryFilter) -> rusqlite::Result<Vec<HistoryEntry>> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'history')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(
        "SELECT seen_at, file, file_modified, modified_by, fiscal_year, department, sheet,
                cell, goal, item_number, item, field, change, before, after,
                before_dates, after_dates
         FROM history
         WHERE (?1 IS NULL OR seen_at >= ?1)
           AND (?2 IS NULL OR department = ?2)
           AND (?3 IS NULL OR fiscal_year = ?3)
         ORDER BY seen_at DESC, id ASC",
    )?;
    let mut rows = stmt.query(params![
        filter.since.map(timestamp),
        filter.department,
        filter.fiscal_year.map(|fy| fy.0)
    ])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        // A row this version cannot read (written by a later one) is left out.
        if let Some(entry) = decode_row(row)? {
            out.push(entry);
        }
    }
    Ok(out)
}

fn decode_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Option<HistoryEntry>> {
    let text = |i: usize| row.get::<_, Option<String>>(i);
    let (Some(seen_at), Some(field), Some(change)) = (
        text(0)?.as_deref().and_then(parse_time),
        text(11)?.as_deref().and_then(Field::from_key),
        text(12)?.as_deref().and_then(ChangeKind::from_key),
    ) else {
        return Ok(None);
    };
    Ok(Some(HistoryEntry {
        seen_at,
        file: PathBuf::from(text(1)?.unwrap_or_default()),
        file_modified: text(2)?.as_deref().and_then(parse_time),
        modified_by: text(3)?,
        what: ItemChange {
            fiscal_year: FiscalYear(row.get(4)?),
            department: text(5)?.unwrap_or_default(),
            sheet: text(6)?,
            cell: text(7)?.as_deref().and_then(parse_cell_ref),
            goal: text(8)?,
            item_number: text(9)?,
            item: text(10)?,
            field,
            change,
            before: text(13)?,
            after: text(14)?,
            before_dates: split_dates(&text(15)?.unwrap_or_default()),
            after_dates: split_dates(&text(16)?.unwrap_or_default()),
        },
    }))
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn join_dates(dates: &[NaiveDate]) -> String {
    dates
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn split_dates(text: &str) -> Vec<NaiveDate> {
    text.split(',')
        .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::last_good::{LastGoodBatch, LastGoodStore};
    use chrono::TimeZone;
    use rstest::rstest;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 3, 0, 0).unwrap()
    }

    fn change(department: &str, field: Field, kind: ChangeKind) -> ItemChange {
        ItemChange {
            fiscal_year: FiscalYear(2026),
            department: department.into(),
            sheet: Some("目標!シート".into()),
            cell: parse_cell_ref("目標!シート!E9"),
            goal: Some("住みよいまち".into()),
            item_number: Some("①".into()),
            item: Some("空き家対策".into()),
            field,
            change: kind,
            before: None,
            after: Some("着手".into()),
            before_dates: Vec::new(),
            after_dates: vec![NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()],
        }
    }

    fn read(file: &str, seen_at: DateTime<Utc>, changes: Vec<ItemChange>) -> RecordedRead {
        RecordedRead {
            file: PathBuf::from(file),
            seen_at,
            file_modified: Some(seen_at - chrono::Duration::seconds(5)),
            modified_by: Some("山田".into()),
            changes,
        }
    }

    fn record(db: &Path, reads: Vec<RecordedRead>, keep_from: Option<DateTime<Utc>>) {
        let mut store = LastGoodStore::open(db).unwrap();
        let batch = LastGoodBatch {
            history: HistoryBatch { reads, keep_from },
            ..LastGoodBatch::default()
        };
        store.apply(&batch).unwrap();
    }

    #[test]
    fn entries_round_trip_newest_first_and_filter() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.sqlite");
        let older = read(
            "/share/企画部.xlsx",
            at(2026, 6, 1),
            vec![
                change("企画部", Field::Interim, ChangeKind::Filled),
                change("企画部", Field::Deadline, ChangeKind::Changed),
            ],
        );
        let newer = read(
            "/share/総務部.xlsx",
            at(2026, 7, 1),
            vec![change("総務部", Field::YearEnd, ChangeKind::Filled)],
        );
        record(&db, vec![older.clone(), newer.clone()], None);
        let store = HistoryStore::open(&db).unwrap();
        let all = store.entries(&HistoryFilter::default()).unwrap();
        let got: Vec<(&str, Field)> = all
            .iter()
            .map(|e| (e.what.department.as_str(), e.what.field))
            .collect();
        assert_eq!(
            got,
            [
                ("総務部", Field::YearEnd),
                ("企画部", Field::Interim),
                ("企画部", Field::Deadline)
            ]
        );
        assert_eq!(all[1].what, older.changes[0]);
        assert_eq!(all[1].file_modified, older.file_modified);
        assert_eq!(all[1].modified_by.as_deref(), Some("山田"));
        let since = HistoryFilter {
            since: Some(at(2026, 6, 15)),
            ..HistoryFilter::default()
        };
        assert_eq!(store.entries(&since).unwrap().len(), 1);
        let department = HistoryFilter {
            department: Some("企画部".into()),
            ..HistoryFilter::default()
        };
        assert_eq!(store.entries(&department).unwrap().len(), 2);
    }

    #[test]
    fn entries_before_the_retention_are_deleted_with_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.sqlite");
        let old = change("企画部", Field::Interim, ChangeKind::Filled);
        record(
            &db,
            vec![read("/a.xlsx", at(2024, 5, 1), vec![old.clone()])],
            None,
        );
        record(
            &db,
            vec![read("/a.xlsx", at(2026, 5, 1), vec![old])],
            retention_start(at(2026, 5, 1), 2, Some(FiscalYear(2026))),
        );
        let all = HistoryStore::open(&db)
            .unwrap()
            .entries(&HistoryFilter::default())
            .unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].seen_at, at(2026, 5, 1));
    }

    #[rstest]
    #[case(at(2026, 5, 1), 2, 2026, Some(Utc.with_ymd_and_hms(2025, 3, 31, 15, 0, 0).unwrap()))]
    #[case(at(2026, 3, 31), 1, 2026, Some(Utc.with_ymd_and_hms(2025, 3, 31, 15, 0, 0).unwrap()))]
    #[case(Utc.with_ymd_and_hms(2026, 3, 31, 15, 30, 0).unwrap(), 1, 2026, Some(Utc.with_ymd_and_hms(2026, 3, 31, 15, 0, 0).unwrap()))]
    #[case(at(2026, 5, 1), 0, 2026, None)]
    // The clock set to 2040: the data is of 2026, and so is the retention.
    #[case(at(2040, 5, 1), 2, 2026, Some(Utc.with_ymd_and_hms(2025, 3, 31, 15, 0, 0).unwrap()))]
    // Next year's workbooks written ahead do not move it past the clock.
    #[case(at(2026, 5, 1), 1, 2027, Some(Utc.with_ymd_and_hms(2026, 3, 31, 15, 0, 0).unwrap()))]
    fn retention_starts_on_april_first_in_japan(
        #[case] now: DateTime<Utc>,
        #[case] keep: u32,
        #[case] newest_in_data: i32,
        #[case] expected: Option<DateTime<Utc>>,
    ) {
        assert_eq!(
            retention_start(now, keep, Some(FiscalYear(newest_in_data))),
            expected
        );
        if keep > 0 {
            assert_eq!(retention_start(now, keep, None), None, "no data, no purge");
        }
    }

    #[test]
    fn a_state_file_without_history_reads_empty_and_unknown_rows_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.sqlite");
        Connection::open(&db)
            .unwrap()
            .execute_batch("CREATE TABLE other (x)")
            .unwrap();
        let store = HistoryStore::open(&db).unwrap();
        assert!(store.entries(&HistoryFilter::default()).unwrap().is_empty());
        drop(store);
        record(
            &db,
            vec![read(
                "/a.xlsx",
                at(2026, 5, 1),
                vec![change("企画部", Field::Interim, ChangeKind::Filled)],
            )],
            None,
        );
        Connection::open(&db)
            .unwrap()
            .execute(
                "INSERT INTO history (seen_at, file, fiscal_year, department, field, change)
                 VALUES ('2026-06-01T00:00:00.000Z', '/a.xlsx', 2026, '企画部', 'colour', 'changed')",
                [],
            )
            .unwrap();
        let all = HistoryStore::open(&db)
            .unwrap()
            .entries(&HistoryFilter::default())
            .unwrap();
        assert_eq!(all.len(), 1);
        assert!(HistoryStore::open(&dir.path().join("missing.sqlite")).is_err());
    }
}
