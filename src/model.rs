//! The parsed model of a department's goal workbook: `SheetReport` → `Goal`
//! → `ActionItem`, with the cell every value came from.
//!
//! Plain data shared by the parser, the consolidation, the reminders and the
//! workbook generator. Its JSON form is the schema of `mokuhyo check --json`
//! (see docs/schema.md).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::calendar::{Deadline, FiscalYear};

/// A cell of a sheet: 0-based row and column, shown as `Sheet!D12`.
///
/// The sheet's name is shared by every cell of the sheet (a parse gives
/// every cell it reads the same name, and [`SheetReport::share_sheet_names`]
/// shares the names of decoded reports): the parsed reports of a folder hold
/// a dozen cells per action item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    pub sheet: Arc<str>,
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(sheet: impl Into<Arc<str>>, row: u32, col: u32) -> Self {
        CellRef {
            sheet: sheet.into(),
            row,
            col,
        }
    }

    /// `D12`, without the sheet.
    pub fn a1(&self) -> String {
        format!("{}{}", column_name(self.col), self.row + 1)
    }
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub fn column_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!{}", self.sheet, self.a1())
    }
}

impl Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for CellRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_cell_ref(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a cell reference: {text}")))
    }
}

/// Parses `Sheet!D12` (the sheet may itself contain `!`; the last one splits).
pub fn parse_cell_ref(text: &str) -> Option<CellRef> {
    let (sheet, a1) = text.rsplit_once('!')?;
    let letters: String = a1.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let digits = &a1[letters.len()..];
    if letters.is_empty() || digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut col: u64 = 0;
    for c in letters.bytes() {
        col = col.checked_mul(26)?.checked_add(u64::from(c - b'A' + 1))?;
    }
    let row: u64 = digits.parse().ok()?;
    if row == 0 || col == 0 {
        return None;
    }
    Some(CellRef {
        sheet: sheet.into(),
        row: u32::try_from(row - 1).ok()?,
        col: u32::try_from(col - 1).ok()?,
    })
}

/// A report cell (中間報告, 期末報告): filled, empty, or absent from the layout.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", content = "text", rename_all = "snake_case")]
pub enum Report {
    Filled(String),
    Empty,
    NotInLayout,
}

impl Report {
    pub fn is_filled(&self) -> bool {
        matches!(self, Report::Filled(_))
    }
    pub fn is_empty(&self) -> bool {
        matches!(self, Report::Empty)
    }
    pub fn text(&self) -> Option<&str> {
        match self {
            Report::Filled(t) => Some(t),
            _ => None,
        }
    }
}

/// Where each value of an item was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemCells {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub number: Option<CellRef>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<CellRef>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deadline: Option<CellRef>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<CellRef>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub interim: Option<CellRef>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub year_end: Option<CellRef>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub achievement: Option<CellRef>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub self_assessment: Option<CellRef>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub owners: Option<CellRef>,
}

impl ItemCells {
    /// Calls `f` on every cell that is set.
    fn each_mut(&mut self, f: &mut impl FnMut(&mut CellRef)) {
        let ItemCells {
            number,
            title,
            deadline,
            target,
            interim,
            year_end,
            achievement,
            self_assessment,
            owners,
        } = self;
        for cell in [
            number,
            title,
            deadline,
            target,
            interim,
            year_end,
            achievement,
            self_assessment,
            owners,
        ] {
            cell.iter_mut().for_each(&mut *f);
        }
    }
}

/// An action item (取組項目) under a goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionItem {
    /// As written: `①`, `(1)`, `No.3`.
    pub number: Option<String>,
    /// The first line of the item text.
    pub title: String,
    /// The whole item text, line breaks kept.
    pub text: String,
    /// The deadline cell as written (ISO date for a date cell).
    pub deadline_text: Option<String>,
    /// Every deadline the text states, resolved in the sheet's fiscal year.
    pub deadlines: Vec<Deadline>,
    /// The numeric target (数値目標, 達成水準 …).
    pub target: Option<String>,
    pub interim: Report,
    pub year_end: Report,
    /// 1.0 = 100 %.
    pub achievement: Option<f64>,
    pub self_assessment: Option<String>,
    /// Responsible divisions (担当課), split on 、 and ,.
    pub owners: Vec<String>,
    /// The item's own cell (its title).
    pub cell: CellRef,
    pub cells: ItemCells,
}

impl ActionItem {
    /// The resolved due dates, in the order stated.
    pub fn due_dates(&self) -> Vec<chrono::NaiveDate> {
        self.deadlines.iter().filter_map(Deadline::due).collect()
    }
}

/// A goal (重点目標, 部局目標, 組織目標 …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub number: Option<String>,
    pub title: String,
    pub priority: Option<String>,
    /// Goal-level targets (達成すべき指標, 達成水準 …).
    pub targets: Vec<String>,
    /// Position in the city's plans (総合計画における位置付け …): label and text.
    pub plan_positions: Vec<PlanPosition>,
    pub items: Vec<ActionItem>,
    pub cell: Option<CellRef>,
}

/// One `…における位置付け` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPosition {
    pub label: String,
    pub text: String,
}

/// A problem found while reading a sheet, with the cell where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cell: Option<CellRef>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cell {
            Some(cell) => write!(f, "{cell}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// What one sheet of a workbook yields for one fiscal year. A multi-year
/// plan yields one report per fiscal year it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetReport {
    pub file: PathBuf,
    pub sheet: String,
    pub fiscal_year: FiscalYear,
    pub department: String,
    /// The layout that recognised the sheet (`table`, `blocks`, `sections` …).
    pub layout: String,
    pub goals: Vec<Goal>,
    pub warnings: Vec<Warning>,
}

impl SheetReport {
    pub fn items(&self) -> impl Iterator<Item = (&Goal, &ActionItem)> {
        self.goals
            .iter()
            .flat_map(|g| g.items.iter().map(move |i| (g, i)))
    }

    /// Makes every cell of the report that names the same sheet share one
    /// copy of the name (decoded reports have one per cell).
    pub fn share_sheet_names(&mut self) {
        let mut names: Vec<Arc<str>> = Vec::new();
        let mut share = |cell: &mut CellRef| match names.iter().find(|n| **n == cell.sheet) {
            Some(name) => cell.sheet = Arc::clone(name),
            None => names.push(Arc::clone(&cell.sheet)),
        };
        for goal in &mut self.goals {
            goal.cell.iter_mut().for_each(&mut share);
            for item in &mut goal.items {
                share(&mut item.cell);
                item.cells.each_mut(&mut share);
            }
        }
        for warning in &mut self.warnings {
            warning.cell.iter_mut().for_each(&mut share);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(0, "A")]
    #[case(25, "Z")]
    #[case(26, "AA")]
    #[case(16383, "XFD")]
    fn column_names(#[case] col: u32, #[case] name: &str) {
        assert_eq!(column_name(col), name);
    }

    #[test]
    fn cell_ref_round_trip() {
        let cell = CellRef::new("重点目標1", 11, 3);
        assert_eq!(cell.to_string(), "重点目標1!D12");
        assert_eq!(parse_cell_ref("重点目標1!D12"), Some(cell));
        assert_eq!(
            parse_cell_ref("a!b!XFD1048576"),
            Some(CellRef::new("a!b", 1_048_575, 16383))
        );
        assert_eq!(parse_cell_ref("nope"), None);
        assert_eq!(parse_cell_ref("S!A0"), None);
    }

    #[test]
    fn report_json_shape() {
        let json = serde_json::to_string(&Report::Filled("済".into())).unwrap();
        assert_eq!(json, r#"{"status":"filled","text":"済"}"#);
        assert_eq!(
            serde_json::to_string(&Report::Empty).unwrap(),
            r#"{"status":"empty"}"#
        );
        assert_eq!(
            serde_json::to_string(&Report::NotInLayout).unwrap(),
            r#"{"status":"not_in_layout"}"#
        );
    }
}
