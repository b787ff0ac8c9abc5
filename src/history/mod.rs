//! The history of every report cell: what changed in a workbook between two
//! good reads, item by item.
//!
//! - [`diff`]: the changes between a file's previous good parse and its new
//!   one (pure: reports in, changes out).
//! - [`entry`]: a read's changes and a stored change, as values.
//! - [`store`]: what goes into the state file's `history` table
//!   ([`crate::state::HistoryRows`]) at each read that changed something,
//!   and how long it stays; read by `mokuhyo history`, the planning digest
//!   and the consolidated workbook.
//! - [`core_props`]: who last saved a workbook (`docProps/core.xml`).
//! - [`recent`]: the changes of the last days, held for the consolidated
//!   workbook's 変更履歴 sheet.
//!
//! Items are matched across versions by what they are, not where they are:
//! the sheet (and fiscal year), the goal, the item's number and title.
//! Inserting a row above an item, sorting rows or renaming a goal changes no
//! item; a renamed goal is one change of the goal.

pub mod core_props;
pub mod diff;
pub mod entry;
pub mod recent;
pub mod store;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::FiscalYear;
use crate::model::CellRef;

pub use diff::diff;
pub use entry::{HistoryEntry, RecordedRead};
pub use recent::RecentHistory;
pub use store::HistoryFilter;

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 中間報告.
    Interim,
    /// 期末報告.
    YearEnd,
    /// The deadline text (with the dates it resolves to).
    Deadline,
    /// The numeric target (数値目標, 達成水準 …).
    Target,
    /// 達成度.
    Achievement,
    /// 自己評価.
    SelfAssessment,
    /// The item itself: added, removed, or its text changed.
    Item,
    /// A goal's title.
    Goal,
    /// The whole file, read for the first time.
    File,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Interim,
        Field::YearEnd,
        Field::Deadline,
        Field::Target,
        Field::Achievement,
        Field::SelfAssessment,
        Field::Item,
        Field::Goal,
        Field::File,
    ];

    /// The key in the state file and the JSON form.
    pub fn key(self) -> &'static str {
        match self {
            Field::Interim => "interim",
            Field::YearEnd => "year_end",
            Field::Deadline => "deadline",
            Field::Target => "target",
            Field::Achievement => "achievement",
            Field::SelfAssessment => "self_assessment",
            Field::Item => "item",
            Field::Goal => "goal",
            Field::File => "file",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The column's name on the sheets (中間報告 …).
    pub fn label(self) -> &'static str {
        match self {
            Field::Interim => "中間報告",
            Field::YearEnd => "期末報告",
            Field::Deadline => "期限",
            Field::Target => "目標値",
            Field::Achievement => "達成度",
            Field::SelfAssessment => "自己評価",
            Field::Item => "取組項目",
            Field::Goal => "目標",
            Field::File => "ファイル",
        }
    }

    /// Whether the field is one of the two report cells.
    pub fn is_report(self) -> bool {
        matches!(self, Field::Interim | Field::YearEnd)
    }
}

/// What happened to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Empty before, a value now.
    Filled,
    /// One value replaced by another.
    Changed,
    /// A value before, empty now.
    Cleared,
    /// The item is new.
    Added,
    /// The item is gone.
    Removed,
    /// The file was read for the first time.
    FirstSeen,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 6] = [
        ChangeKind::Filled,
        ChangeKind::Changed,
        ChangeKind::Cleared,
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::FirstSeen,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::Filled => "filled",
            ChangeKind::Changed => "changed",
            ChangeKind::Cleared => "cleared",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::FirstSeen => "first_seen",
        }
    }

    pub fn from_key(key: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|c| c.key() == key)
    }

    /// As the sheets and mails say it (記入 …).
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Filled => "記入",
            ChangeKind::Changed => "変更",
            ChangeKind::Cleared => "削除(空欄化)",
            ChangeKind::Added => "追加",
            ChangeKind::Removed => "削除",
            ChangeKind::FirstSeen => "初回読込",
        }
    }
}

/// One change of one field of one item (or goal, or file) between two good
/// reads of a workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChange {
    pub fiscal_year: FiscalYear,
    pub department: String,
    /// The sheet (none for a file read for the first time).
    pub sheet: Option<String>,
    /// The cell that changed: in the new read, or in the old one for what is
    /// gone.
    pub cell: Option<CellRef>,
    /// The goal's title.
    pub goal: Option<String>,
    /// The item's number as written (`①`, `(1)`).
    pub item_number: Option<String>,
    /// The item's title.
    pub item: Option<String>,
    pub field: Field,
    pub change: ChangeKind,
    pub before: Option<String>,
    pub after: Option<String>,
    /// For a deadline: the dates the old and the new text resolve to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before_dates: Vec<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after_dates: Vec<NaiveDate>,
}
