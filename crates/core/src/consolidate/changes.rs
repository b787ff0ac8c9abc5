//! The consolidated workbook's 変更履歴 (the changes of the last days,
//! newest first, each linked to its item's row in 全庁一覧) and the line of
//! 概要 that counts the last seven days. Pure: the history entries come in.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use super::model::{ConsolidatedBook, ItemRow, Value};
use crate::calendar::japan_time;
use crate::history::{ChangeKind, Field, HistoryEntry, ItemChange};

/// Days 概要 counts back.
pub const RECENT_DAYS: i64 = 7;

/// The history a consolidated workbook shows: the entries of the last
/// `days` days (any fiscal year, newest first).
#[derive(Debug, Clone, Copy, Default)]
pub struct BookHistory<'a> {
    pub entries: &'a [HistoryEntry],
    /// Days 変更履歴 covers.
    pub days: u32,
    /// The moment the workbook shows the history as of: entries seen later
    /// are left out (a workbook written as of an earlier day). `None`: when
    /// it is written.
    pub until: Option<DateTime<Utc>>,
}

impl BookHistory<'_> {
    /// The moment the history is shown as of: the end of the day the
    /// workbook is of, when it is written as of a day (its window is the
    /// days up to then, whether that day is past or ahead), else the moment
    /// it is written, `generated_at`.
    pub fn as_of(&self, generated_at: DateTime<Utc>) -> DateTime<Utc> {
        self.until.unwrap_or(generated_at)
    }
}

/// One row of 変更履歴.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    /// When mokuhyo saw it (Japan time).
    pub seen_at: NaiveDateTime,
    pub what: ItemChange,
    pub file_name: String,
    pub modified_by: Option<String>,
    /// The item's row in 全庁一覧 (an index into [`ConsolidatedBook::items`]),
    /// when it is still there.
    pub item_row: Option<usize>,
}

/// What 概要 says of the last [`RECENT_DAYS`] days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecentChanges {
    /// Report cells (中間報告, 期末報告) filled.
    pub reports_filled: u64,
    /// Deadlines whose text changed.
    pub deadlines_moved: u64,
}

/// The rows of 変更履歴 for `book`: the entries of its fiscal year seen in
/// the `days` days up to `now` (none after it), in the order given (newest
/// first), each with its item's row in 全庁一覧.
pub fn change_rows(
    book: &ConsolidatedBook<'_>,
    entries: &[HistoryEntry],
    now: DateTime<Utc>,
    days: u32,
) -> Vec<ChangeRow> {
    let since = now - Duration::days(i64::from(days));
    let items = ItemsBySheet::new(&book.items);
    entries
        .iter()
        .filter(|e| e.what.fiscal_year == book.fiscal_year && (since..=now).contains(&e.seen_at))
        .map(|e| ChangeRow {
            seen_at: japan_time(e.seen_at),
            what: e.what.clone(),
            file_name: e
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            modified_by: e.modified_by.clone(),
            item_row: items.row_of(e),
        })
        .collect()
}

/// The counts of 概要 for `book`: its fiscal year's entries seen in the
/// [`RECENT_DAYS`] days up to `now`.
pub fn recent_changes(
    book: &ConsolidatedBook<'_>,
    entries: &[HistoryEntry],
    now: DateTime<Utc>,
) -> RecentChanges {
    let mut recent = RecentChanges::default();
    for e in recent_entries(book, entries, now) {
        recent.add(&e.what);
    }
    recent
}

/// `book`'s fiscal year's entries seen in the [`RECENT_DAYS`] days up to
/// `now`: those [`recent_changes`] counts (the rows [`change_rows`] gives
/// for those days, without looking up their items).
pub fn recent_entries<'e>(
    book: &ConsolidatedBook<'_>,
    entries: &'e [HistoryEntry],
    now: DateTime<Utc>,
) -> impl Iterator<Item = &'e HistoryEntry> + 'e {
    let since = now - Duration::days(RECENT_DAYS);
    let fiscal_year = book.fiscal_year;
    entries
        .iter()
        .filter(move |e| e.what.fiscal_year == fiscal_year && (since..=now).contains(&e.seen_at))
}

impl RecentChanges {
    /// Counts `change` when it is a report filled or a deadline moved.
    pub fn add(&mut self, change: &ItemChange) {
        match (change.field, change.change) {
            (Field::Interim | Field::YearEnd, ChangeKind::Filled) => self.reports_filled += 1,
            (Field::Deadline, _) => self.deadlines_moved += 1,
            _ => {}
        }
    }
}

/// The rows of 全庁一覧 by source file and sheet, so that each history
/// entry looks among its own sheet's items only.
struct ItemsBySheet<'b, 'a> {
    /// The items of each (file, sheet) with their rows, in 全庁一覧 order.
    rows: HashMap<(&'a Path, &'a str), Vec<(usize, &'b ItemRow<'a>)>>,
}

impl<'b, 'a> ItemsBySheet<'b, 'a> {
    fn new(items: &'b [ItemRow<'a>]) -> Self {
        let mut rows: HashMap<_, Vec<_>> = HashMap::new();
        for (row, item) in items.iter().enumerate() {
            rows.entry((item.source.path, item.source.sheet))
                .or_default()
                .push((row, item));
        }
        ItemsBySheet { rows }
    }

    /// The 全庁一覧 row of the item an entry is about: same file and sheet,
    /// the same item title and goal; else the item whose cells hold the
    /// entry's cell.
    fn row_of(&self, entry: &HistoryEntry) -> Option<usize> {
        let c = &entry.what;
        let title = c.item.as_deref()?;
        if c.change == ChangeKind::Removed {
            return None;
        }
        let rows = self
            .rows
            .get(&(entry.file.as_path(), c.sheet.as_deref()?))?;
        rows.iter()
            .find(|(_, item)| {
                item.item.title() == title && Some(item.goal_title) == c.goal.as_deref()
            })
            .or_else(|| {
                let cell = c.cell.as_ref()?;
                rows.iter()
                    .find(|(_, item)| item.item.cells.iter().any(|(_, own)| own == *cell))
            })
            .map(|&(row, _)| row)
    }
}

impl ChangeRow {
    /// The cells of a 変更履歴 row, in the order of
    /// [`super::labels::CHANGE_HEADERS`].
    pub fn values(&self) -> Vec<Value<'_>> {
        fn text(s: &Option<String>) -> Value<'_> {
            match s {
                Some(s) if !s.is_empty() => Value::Text(s.as_str().into()),
                _ => Value::Blank,
            }
        }
        /// 変更後 as a reader takes it: a file read for the first time
        /// records how many items it holds (`取組 13件`).
        fn after(c: &ItemChange) -> Value<'_> {
            match (&c.after, c.change) {
                (Some(count), ChangeKind::FirstSeen) => {
                    Value::Text(super::labels::items_read(count).into())
                }
                (after, _) => text(after),
            }
        }
        let c = &self.what;
        vec![
            Value::DateTime(self.seen_at),
            Value::Text(c.department.as_str().into()),
            text(&c.goal),
            text(&c.item_number),
            text(&c.item),
            Value::Text(c.field.label().into()),
            Value::Text(c.change.label().into()),
            text(&c.before),
            after(c),
            c.cell
                .as_ref()
                .map_or(Value::Blank, |cell| Value::Text(cell.to_string().into())),
            Value::Text(self.file_name.as_str().into()),
            text(&self.modified_by),
            self.item_row
                .map_or(Value::Blank, super::model::items_row_link),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::FiscalYear;
    use crate::consolidate::model::{ReportingDates, consolidate};
    use crate::consolidate::sample::{at, d, goal, item, report, source};
    use crate::model::{CellRef, ItemField};

    fn entry(
        file: &str,
        fy: i32,
        title: &str,
        field: Field,
        change: ChangeKind,
        seen_at: DateTime<Utc>,
    ) -> HistoryEntry {
        HistoryEntry {
            seen_at,
            file: file.into(),
            file_modified: None,
            modified_by: Some("山田".into()),
            what: ItemChange {
                fiscal_year: FiscalYear(fy),
                department: "企画部".into(),
                sheet: Some("目標".into()),
                cell: Some(CellRef::new("目標", 9, 4)),
                goal: Some("住みよいまち".into()),
                item_number: None,
                item: Some(title.into()),
                field,
                change,
                before: None,
                after: Some("済".into()),
                before_dates: Vec::new(),
                after_dates: Vec::new(),
            },
        }
    }

    #[test]
    fn rows_of_the_window_link_to_their_items_and_the_last_week_is_counted() {
        let files = [source(
            "/share/企画部.xlsx",
            vec![report(
                "/share/企画部.xlsx",
                "目標",
                2026,
                "企画部",
                vec![goal(
                    "1",
                    "住みよいまち",
                    vec![item("目標", 8, "空き家対策"), item("目標", 9, "公園整備")],
                )],
            )],
        )];
        let books = consolidate(&files, d(2026, 10, 23), |_| ReportingDates::default());
        let book = &books[0];
        let now = at(2026, 10, 23, 3);
        let file = "/share/企画部.xlsx";
        let entries = [
            entry(
                file,
                2026,
                "公園整備",
                Field::Interim,
                ChangeKind::Filled,
                at(2026, 10, 22, 1),
            ),
            entry(
                file,
                2026,
                "空き家対策",
                Field::Deadline,
                ChangeKind::Changed,
                at(2026, 10, 20, 1),
            ),
            entry(
                file,
                2026,
                "無くなった取組",
                Field::Item,
                ChangeKind::Removed,
                at(2026, 10, 19, 1),
            ),
            entry(
                file,
                2026,
                "公園整備",
                Field::YearEnd,
                ChangeKind::Filled,
                at(2026, 10, 10, 1),
            ),
            entry(
                file,
                2025,
                "公園整備",
                Field::YearEnd,
                ChangeKind::Filled,
                at(2026, 10, 22, 1),
            ),
            entry(
                file,
                2026,
                "公園整備",
                Field::Interim,
                ChangeKind::Filled,
                at(2026, 9, 1, 1),
            ),
        ];
        let rows = change_rows(book, &entries, now, 30);
        let got: Vec<(Field, Option<usize>)> =
            rows.iter().map(|r| (r.what.field, r.item_row)).collect();
        let park = book.items.iter().position(|i| i.item.title() == "公園整備");
        let house = book
            .items
            .iter()
            .position(|i| i.item.title() == "空き家対策");
        assert!(park.is_some() && house.is_some());
        assert_eq!(
            got,
            [
                (Field::Interim, park),
                (Field::Deadline, house),
                (Field::Item, None),
                (Field::YearEnd, park)
            ]
        );
        assert_eq!(rows[0].seen_at, japan_time(at(2026, 10, 22, 1)));
        assert_eq!(rows[0].file_name, "企画部.xlsx");
        let values = rows[0].values();
        assert_eq!(values.len(), super::super::labels::CHANGE_HEADERS.len());
        assert!(matches!(values.last(), Some(Value::Link { .. })));
        assert_eq!(
            recent_changes(book, &entries, now),
            RecentChanges {
                reports_filled: 1,
                deadlines_moved: 1
            }
        );
        assert!(change_rows(book, &entries, now, 0).is_empty());
        // As of an earlier day: what was seen later is not shown.
        let history = BookHistory {
            entries: &entries,
            days: 30,
            until: Some(crate::calendar::end_of_day_in_japan(d(2026, 10, 20))),
        };
        let as_of = history.as_of(now);
        let earlier: Vec<Field> = change_rows(book, &entries, as_of, 30)
            .iter()
            .map(|r| r.what.field)
            .collect();
        assert_eq!(earlier, [Field::Deadline, Field::Item, Field::YearEnd]);
        assert_eq!(recent_changes(book, &entries, as_of).reports_filled, 0);
        // As of a day ahead of the writing: its window is the days up to
        // that day, which holds none of what was seen before it.
        let ahead = BookHistory {
            until: Some(crate::calendar::end_of_day_in_japan(d(2027, 4, 10))),
            ..history
        };
        assert!(change_rows(book, &entries, ahead.as_of(now), 30).is_empty());
        let just_after = BookHistory {
            until: Some(crate::calendar::end_of_day_in_japan(d(2026, 11, 15))),
            ..history
        };
        let shown: Vec<Field> = change_rows(book, &entries, just_after.as_of(now), 30)
            .iter()
            .map(|r| r.what.field)
            .collect();
        assert_eq!(shown, [Field::Interim, Field::Deadline, Field::Item]);
    }

    #[test]
    fn an_entry_finds_its_item_by_cell_when_the_title_changed_and_never_in_another_sheet() {
        let file = "/share/企画部.xlsx";
        let mut renamed = item("目標", 9, "公園の整備");
        renamed.cells = renamed
            .cells
            .with(ItemField::Interim, CellRef::new("目標", 9, 4));
        let files = [
            source(
                file,
                vec![
                    report(
                        file,
                        "別表",
                        2026,
                        "企画部",
                        vec![goal("1", "住みよいまち", vec![item("別表", 9, "公園整備")])],
                    ),
                    report(
                        file,
                        "目標",
                        2026,
                        "企画部",
                        vec![goal(
                            "1",
                            "住みよいまち",
                            vec![item("目標", 8, "空き家対策"), renamed],
                        )],
                    ),
                ],
            ),
            source(
                "/share/建設部.xlsx",
                vec![report(
                    "/share/建設部.xlsx",
                    "目標",
                    2026,
                    "企画部",
                    vec![goal("1", "住みよいまち", vec![item("目標", 9, "公園整備")])],
                )],
            ),
        ];
        let books = consolidate(&files, d(2026, 10, 23), |_| ReportingDates::default());
        let book = &books[0];
        let now = at(2026, 10, 23, 3);
        let row_of = |title: &str| {
            book.items.iter().position(|i| {
                i.item.title() == title
                    && i.source.sheet == "目標"
                    && i.source.path == Path::new(file)
            })
        };
        // An interim report filled, seen a day before `now`.
        let filled = |file: &str, title: &str| {
            let seen = at(2026, 10, 22, 1);
            entry(file, 2026, title, Field::Interim, ChangeKind::Filled, seen)
        };
        let mut elsewhere = filled(file, "公園整備");
        elsewhere.what.sheet = Some("表紙".into());
        let entries = [
            // The title was 公園整備 when the report was filled: found by its cell.
            filled(file, "公園整備"),
            filled(file, "空き家対策"),
            // A sheet the book has no item of, and a file it has none of.
            elsewhere,
            filled("/share/総務部.xlsx", "公園整備"),
        ];
        let rows: Vec<Option<usize>> = change_rows(book, &entries, now, 30)
            .iter()
            .map(|r| r.item_row)
            .collect();
        assert!(row_of("公園の整備").is_some() && row_of("空き家対策").is_some());
        assert_eq!(
            rows,
            [row_of("公園の整備"), row_of("空き家対策"), None, None]
        );
    }
}
