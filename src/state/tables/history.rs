//! The `history` table: one row per change of a report cell, written in
//! the transaction that replaces its file's last good data (see
//! [`crate::state::LastGoodRows::apply`]), read newest first.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, params};

use crate::i18n::t;
use crate::state::history::HistoryBatch;
use crate::state::history::HistoryFilter;
use crate::state::{Operation, StateDb, StateError};
use mokuhyo_core::calendar::FiscalYear;
use mokuhyo_core::history::{ChangeKind, Field, HistoryEntry, ItemChange};
use mokuhyo_core::model::parse_cell_ref;

/// The `history` table of an open state file.
pub struct HistoryRows<'db> {
    db: &'db StateDb,
}

impl<'db> HistoryRows<'db> {
    pub(in crate::state) fn new(db: &'db StateDb) -> Self {
        HistoryRows { db }
    }

    /// The entries `filter` selects, newest first (in the order recorded
    /// within one read); none when the file has no history table yet.
    pub fn entries(&self, filter: &HistoryFilter) -> Result<Vec<HistoryEntry>, StateError> {
        if !self.db.has_table("history", Operation::ReadHistory)? {
            return Ok(Vec::new());
        }
        entries(self.db.conn(), filter).map_err(|e| self.db.error(Operation::ReadHistory, e))
    }
}

fn entries(conn: &Connection, filter: &HistoryFilter) -> rusqlite::Result<Vec<HistoryEntry>> {
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

/// Writes `batch` on `conn` (inside the caller's transaction): its changes,
/// and the deletion of the rows older than its retention.
pub(in crate::state) fn write(conn: &Connection, batch: &HistoryBatch) -> rusqlite::Result<()> {
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
