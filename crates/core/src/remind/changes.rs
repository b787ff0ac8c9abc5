//! The planning digest's "since the last digest" section: per department,
//! the report cells newly filled, changed or cleared and the deadlines
//! moved, from the history of the state file. Pure.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::calendar::FiscalYear;
use crate::history::{ChangeKind, Field, HistoryEntry};

/// What changed in one department's workbooks since the last digest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DepartmentChanges {
    pub department: String,
    /// Report cells (中間報告, 期末報告) newly filled.
    pub filled: usize,
    /// Report cells whose text changed.
    pub changed: usize,
    /// Report cells emptied.
    pub cleared: usize,
    /// Deadlines whose text changed.
    pub deadlines_moved: usize,
    /// Each change, newest first.
    pub lines: Vec<ChangeLine>,
}

/// One change in the digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeLine {
    /// When mokuhyo saw it, Japan time: `10月23日 14:05`.
    pub seen_at: String,
    pub fiscal_year: String,
    /// `中間報告`, `期末報告`, `期限`.
    pub field: String,
    /// `interim`, `year_end`, `deadline`.
    pub field_key: String,
    /// `記入`, `変更`, `削除(空欄化)`; `変更` for a deadline.
    pub change: String,
    /// `filled`, `changed`, `cleared`.
    pub change_key: String,
    pub goal: String,
    pub item: String,
    pub file_name: String,
    /// `Sheet!E9`.
    pub cell: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// A deadline's resolved dates before and after, ISO.
    pub before_dates: Vec<String>,
    pub after_dates: Vec<String>,
    /// Who last saved the file (its `lastModifiedBy`).
    pub modified_by: Option<String>,
}

/// The report and deadline changes of `entries` (newest first), grouped by
/// department under the name `department_name` gives (the digest's rows'
/// names), departments in name order.
pub(crate) fn department_changes(
    entries: &[HistoryEntry],
    department_name: impl Fn(&str) -> String,
) -> Vec<DepartmentChanges> {
    let mut by_department: BTreeMap<String, DepartmentChanges> = BTreeMap::new();
    for entry in entries {
        let c = &entry.what;
        let counted = match (c.field, c.change) {
            (Field::Interim | Field::YearEnd, ChangeKind::Filled) => Counted::Filled,
            (Field::Interim | Field::YearEnd, ChangeKind::Changed) => Counted::Changed,
            (Field::Interim | Field::YearEnd, ChangeKind::Cleared) => Counted::Cleared,
            (Field::Deadline, _) => Counted::Deadline,
            _ => continue,
        };
        let name = department_name(&c.department);
        let row = by_department
            .entry(name.clone())
            .or_insert_with(|| DepartmentChanges {
                department: name,
                ..DepartmentChanges::default()
            });
        match counted {
            Counted::Filled => row.filled += 1,
            Counted::Changed => row.changed += 1,
            Counted::Cleared => row.cleared += 1,
            Counted::Deadline => row.deadlines_moved += 1,
        }
        let iso = |dates: &[chrono::NaiveDate]| dates.iter().map(|d| d.to_string()).collect();
        row.lines.push(ChangeLine {
            seen_at: japan_time(entry.seen_at),
            fiscal_year: FiscalYear(c.fiscal_year.0).japanese(),
            field: c.field.label().to_string(),
            field_key: c.field.key().to_string(),
            change: c.change.label().to_string(),
            change_key: c.change.key().to_string(),
            goal: c.goal.clone().unwrap_or_default(),
            item: c.item.clone().unwrap_or_default(),
            file_name: entry
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            cell: c.cell.as_ref().map(ToString::to_string).unwrap_or_default(),
            before: c.before.clone(),
            after: c.after.clone(),
            before_dates: iso(&c.before_dates),
            after_dates: iso(&c.after_dates),
            modified_by: entry.modified_by.clone(),
        });
    }
    by_department.into_values().collect()
}

/// `10月23日 14:05`, Japan time.
pub(crate) fn japan_time(t: DateTime<Utc>) -> String {
    crate::calendar::shown_in_japan(t, crate::calendar::TimeShown::MonthDay)
}

enum Counted {
    Filled,
    Changed,
    Cleared,
    Deadline,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::ItemChange;
    use crate::model::parse_cell_ref;
    use chrono::{NaiveDate, TimeZone};
    use rstest::rstest;

    fn entry(department: &str, field: Field, change: ChangeKind) -> HistoryEntry {
        HistoryEntry {
            seen_at: Utc.with_ymd_and_hms(2026, 10, 23, 5, 4, 0).unwrap(),
            file: "/share/総務部.xlsx".into(),
            file_modified: None,
            modified_by: Some("総務課 佐藤".into()),
            what: ItemChange {
                fiscal_year: FiscalYear(2026),
                department: department.into(),
                sheet: Some("目標".into()),
                cell: parse_cell_ref("目標!E9"),
                goal: Some("防災".into()),
                item_number: Some("①".into()),
                item: Some("訓練".into()),
                field,
                change,
                before: Some("9月末".into()),
                after: Some("12月末".into()),
                before_dates: vec![NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()],
                after_dates: vec![NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()],
            },
        }
    }

    #[rstest]
    #[case(Field::Interim, ChangeKind::Filled, [1, 0, 0, 0])]
    #[case(Field::YearEnd, ChangeKind::Changed, [0, 1, 0, 0])]
    #[case(Field::YearEnd, ChangeKind::Cleared, [0, 0, 1, 0])]
    #[case(Field::Deadline, ChangeKind::Changed, [0, 0, 0, 1])]
    #[case(Field::Deadline, ChangeKind::Filled, [0, 0, 0, 1])]
    fn each_report_change_and_moved_deadline_counts(
        #[case] field: Field,
        #[case] change: ChangeKind,
        #[case] counts: [usize; 4],
    ) {
        let rows = department_changes(&[entry("総務部", field, change)], str::to_string);
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!([r.filled, r.changed, r.cleared, r.deadlines_moved], counts);
        assert_eq!(r.lines[0].seen_at, "10月23日 14:04");
        assert_eq!(r.lines[0].cell, "目標!E9");
        assert_eq!(r.lines[0].fiscal_year, "令和8年度");
    }

    #[rstest]
    #[case(Field::Item, ChangeKind::Added)]
    #[case(Field::Goal, ChangeKind::Changed)]
    #[case(Field::File, ChangeKind::FirstSeen)]
    #[case(Field::Achievement, ChangeKind::Changed)]
    fn other_changes_are_left_to_the_workbook(#[case] field: Field, #[case] change: ChangeKind) {
        assert!(department_changes(&[entry("総務部", field, change)], str::to_string).is_empty());
    }

    #[test]
    fn departments_are_grouped_under_their_digest_names() {
        let entries = [
            entry("総務部", Field::Interim, ChangeKind::Filled),
            entry("企画部", Field::Interim, ChangeKind::Filled),
            entry("総務", Field::YearEnd, ChangeKind::Filled),
        ];
        let rows = department_changes(&entries, |d| {
            if d.starts_with("総務") {
                "総務部".to_string()
            } else {
                d.to_string()
            }
        });
        let names: Vec<(&str, usize)> = rows
            .iter()
            .map(|r| (r.department.as_str(), r.filled))
            .collect();
        assert_eq!(names, [("企画部", 1), ("総務部", 2)]);
        assert_eq!(rows[1].lines[1].field, "期末報告");
    }
}
