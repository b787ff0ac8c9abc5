//! What goes into the state file's history ([`crate::state::HistoryRows`]):
//! the changes of each good read, written in the same transaction that
//! replaces the file's last good data (so a change is recorded exactly when
//! the read that found it is), and the retention.
//!
//! A read that changed nothing writes nothing; a read that failed writes
//! nothing (the last good data stays, and the next good read is compared
//! with it). Rows older than the retention (`history.keep_fiscal_years`) are
//! deleted with each write.

use chrono::{DateTime, Utc};

use mokuhyo_core::calendar::FiscalYear;
use mokuhyo_core::history::entry::RecordedRead;

/// The batch for the state file of `reads` at `now`, rows older than the
/// retention to be deleted; `newest_in_data`: the latest fiscal year of the
/// folder's workbooks (see [`retention_start`]).
pub(crate) fn history_batch(
    reads: Vec<RecordedRead>,
    now: DateTime<Utc>,
    config: &mokuhyo_core::history::HistoryConfig,
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
    let today = mokuhyo_core::calendar::japan_date(now);
    let current = FiscalYear::containing(today).0.min(newest_in_data?.0);
    let back = i32::try_from(keep_fiscal_years - 1).ok()?;
    let first = FiscalYear(current.checked_sub(back)?);
    // April 1st in Japan is March 31st, 15:00 UTC.
    Some(mokuhyo_core::calendar::start_of_day_in_japan(
        first.start()?,
    ))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::history::HistoryFilter;
    use crate::state::last_good::LastGoodBatch;
    use crate::state::testing::run_sql;
    use crate::state::{Access, StateFile};
    use chrono::NaiveDate;
    use chrono::TimeZone;
    use mokuhyo_core::history::{ChangeKind, Field, ItemChange};
    use mokuhyo_core::model::parse_cell_ref;
    use rstest::rstest;
    use std::path::Path;
    use std::path::PathBuf;

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
        let mut store = StateFile::open(db, Access::Create)
            .unwrap()
            .last_good()
            .unwrap();
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
        let store = StateFile::open(&db, Access::ReadOnly).unwrap();
        let all = store
            .history()
            .unwrap()
            .entries(&HistoryFilter::default())
            .unwrap();
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
        assert_eq!(store.history().unwrap().entries(&since).unwrap().len(), 1);
        let department = HistoryFilter {
            department: Some("企画部".into()),
            ..HistoryFilter::default()
        };
        assert_eq!(
            store.history().unwrap().entries(&department).unwrap().len(),
            2
        );
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
        let all = StateFile::open(&db, Access::ReadOnly)
            .unwrap()
            .history()
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
        run_sql(&db, "CREATE TABLE other (x)");
        let store = StateFile::open(&db, Access::ReadOnly).unwrap();
        assert!(
            store
                .history()
                .unwrap()
                .entries(&HistoryFilter::default())
                .unwrap()
                .is_empty()
        );
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
        run_sql(
            &db,
            "INSERT INTO history (seen_at, file, fiscal_year, department, field, change)
             VALUES ('2026-06-01T00:00:00.000Z', '/a.xlsx', 2026, '企画部', 'colour', 'changed')",
        );
        let all = StateFile::open(&db, Access::ReadOnly)
            .unwrap()
            .history()
            .unwrap()
            .entries(&HistoryFilter::default())
            .unwrap();
        assert_eq!(all.len(), 1);
        assert!(StateFile::open(&dir.path().join("missing.sqlite"), Access::ReadOnly).is_err());
    }
}
