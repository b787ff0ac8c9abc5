//! The changes of the last days, kept in memory for the consolidated
//! workbook's 変更履歴 and 概要: loaded from the state file at start, then
//! added to as each good read is recorded, so a write shows the change that
//! caused it without waiting for the state file. Pure: entries in, entries
//! out.

use chrono::{DateTime, Duration, Utc};

use super::entry::{HistoryEntry, RecordedRead};

/// The entries seen in the last days, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecentHistory {
    entries: Vec<HistoryEntry>,
}

impl RecentHistory {
    /// From stored entries, newest first (as the state file gives them).
    pub fn new(entries: Vec<HistoryEntry>) -> RecentHistory {
        RecentHistory { entries }
    }

    /// Adds the changes of `reads`, in the order they were read, before the
    /// entries already held (newest first; the changes of one read keep
    /// their order, as the state file returns them).
    pub fn add_reads(&mut self, reads: &[RecordedRead]) {
        if reads.is_empty() {
            return;
        }
        let mut added: Vec<HistoryEntry> = Vec::new();
        for read in reads.iter().rev() {
            added.extend(read.changes.iter().map(|what| HistoryEntry {
                seen_at: read.seen_at,
                file: read.file.clone(),
                file_modified: read.file_modified,
                modified_by: read.modified_by.clone(),
                what: what.clone(),
            }));
        }
        added.append(&mut self.entries);
        // Reads of one batch may come out of order (files are read on
        // several threads): a stable sort keeps each read's own order.
        added.sort_by_key(|e| std::cmp::Reverse(e.seen_at));
        self.entries = added;
    }

    /// Drops the entries seen more than `days` days before `now`.
    pub fn keep_days(&mut self, now: DateTime<Utc>, days: u32) {
        let since = now - Duration::days(i64::from(days));
        self.entries.retain(|e| e.seen_at >= since);
    }

    /// Every entry held, newest first.
    pub fn entries(&self) -> &[HistoryEntry] {
        &self.entries
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::calendar::FiscalYear;
    use crate::history::{ChangeKind, Field, ItemChange};

    fn change(item: &str) -> ItemChange {
        ItemChange {
            fiscal_year: FiscalYear(2026),
            department: "企画部".into(),
            sheet: Some("目標".into()),
            cell: None,
            goal: None,
            item_number: None,
            item: Some(item.into()),
            field: Field::Interim,
            change: ChangeKind::Filled,
            before: None,
            after: Some("済".into()),
            before_dates: Vec::new(),
            after_dates: Vec::new(),
        }
    }

    fn read(file: &str, hour: u32, items: &[&str]) -> RecordedRead {
        RecordedRead {
            file: file.into(),
            seen_at: Utc.with_ymd_and_hms(2026, 10, 20, hour, 0, 0).unwrap(),
            file_modified: None,
            modified_by: Some("山田".into()),
            changes: items.iter().map(|i| change(i)).collect(),
        }
    }

    fn items(recent: &RecentHistory) -> Vec<&str> {
        recent
            .entries()
            .iter()
            .filter_map(|e| e.what.item.as_deref())
            .collect()
    }

    #[test]
    fn later_reads_come_first_and_each_read_keeps_its_order() {
        let mut recent = RecentHistory::default();
        recent.add_reads(&[read("a.xlsx", 1, &["a1", "a2"])]);
        recent.add_reads(&[read("c.xlsx", 3, &["c1"]), read("b.xlsx", 2, &["b1", "b2"])]);
        assert_eq!(items(&recent), ["c1", "b1", "b2", "a1", "a2"]);
        assert_eq!(recent.entries()[0].modified_by.as_deref(), Some("山田"));
    }

    #[test]
    fn entries_older_than_the_window_are_dropped() {
        let mut recent = RecentHistory::default();
        recent.add_reads(&[read("a.xlsx", 1, &["old"]), read("b.xlsx", 5, &["new"])]);
        let now = Utc.with_ymd_and_hms(2026, 10, 21, 3, 0, 0).unwrap();
        recent.keep_days(now, 1);
        assert_eq!(items(&recent), ["new"]);
        recent.keep_days(now, 0);
        assert!(recent.entries().is_empty());
    }
}
