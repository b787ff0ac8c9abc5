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

mod layout;

pub use crate::text::Text;
pub use layout::{LayoutKind, Layouts, UnknownLayout};

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
        self.position().to_string()
    }

    /// The same cell as a cell of the workbook `file_name` seen from
    /// another workbook of its folder, written as Excel writes such a
    /// reference: `[中間報告.xlsx]報告!D5`. A sheet's name never holds `[` or
    /// `]` (Excel refuses them), so the workbook's name is told apart.
    pub fn in_workbook(&self, file_name: &str) -> CellRef {
        CellRef::new(format!("[{file_name}]{}", self.sheet), self.row, self.col)
    }

    /// The workbook a cell of another workbook lies in (its
    /// [`CellRef::in_workbook`] name); `None` for a cell of the workbook
    /// that reports it.
    pub fn workbook(&self) -> Option<&str> {
        self.sheet
            .strip_prefix('[')?
            .split_once(']')
            .map(|(f, _)| f)
    }

    /// The sheet's own name, without the workbook a cell of another
    /// workbook names.
    pub fn sheet_name(&self) -> &str {
        match self.workbook() {
            Some(file) => &self.sheet[file.len() + 2..],
            None => &self.sheet,
        }
    }

    /// The file the cell lies in, for a cell reported by the workbook at
    /// `file`: that workbook, or the one beside it the cell names.
    pub fn file_in(&self, file: &std::path::Path) -> std::path::PathBuf {
        match self.workbook() {
            Some(name) => file.with_file_name(name),
            None => file.to_path_buf(),
        }
    }

    /// Its place within its sheet.
    pub fn position(&self) -> crate::a1::CellPosition {
        crate::a1::CellPosition {
            row: self.row,
            col: self.col,
        }
    }
}

pub use crate::a1::column_name;

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!{}", self.sheet, self.position())
    }
}

impl Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
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
    let (row, col) = crate::a1::parse_cell(a1)?;
    Some(CellRef {
        sheet: sheet.into(),
        row,
        col,
    })
}

/// A report cell (中間報告, 期末報告): filled, empty, or absent from the layout.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", content = "text", rename_all = "snake_case")]
pub enum Report {
    Filled(Text),
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

/// A value of an action item whose cell is recorded in [`ItemCells`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemField {
    Number,
    Title,
    Deadline,
    Target,
    Interim,
    YearEnd,
    Achievement,
    SelfAssessment,
    Owners,
    /// The item's text when it stands apart from its title (取組内容).
    Text,
}

impl ItemField {
    /// Every field, in the order of the JSON form.
    pub const ALL: [ItemField; 10] = [
        ItemField::Number,
        ItemField::Title,
        ItemField::Deadline,
        ItemField::Target,
        ItemField::Interim,
        ItemField::YearEnd,
        ItemField::Achievement,
        ItemField::SelfAssessment,
        ItemField::Owners,
        ItemField::Text,
    ];

    /// The field's key in the JSON form.
    pub fn key(self) -> &'static str {
        match self {
            ItemField::Number => "number",
            ItemField::Title => "title",
            ItemField::Deadline => "deadline",
            ItemField::Target => "target",
            ItemField::Interim => "interim",
            ItemField::YearEnd => "year_end",
            ItemField::Achievement => "achievement",
            ItemField::SelfAssessment => "self_assessment",
            ItemField::Owners => "owners",
            ItemField::Text => "text",
        }
    }
}

/// Where each value of an item was read from.
///
/// An item's cells lie on its own sheet: the sheet is kept once, and each
/// field only its row and column (the parsed reports of a folder hold one of
/// these per action item). A cell on another sheet is kept whole beside.
/// The JSON form is an object of `Sheet!D12` strings by field, without the
/// fields not recorded.
#[derive(Clone)]
pub struct ItemCells {
    sheet: Option<Arc<str>>,
    /// Row by field (in the order of [`ItemField::ALL`]).
    rows: [u32; 10],
    /// Column by field; [`NOT_RECORDED`] where the field has no cell on
    /// `sheet`.
    cols: [u16; 10],
    /// Cells on other sheets than `sheet` (or beyond the columns kept here).
    elsewhere: Option<Box<Elsewhere>>,
}

/// Cells of an item that are not on its sheet.
#[derive(Clone)]
struct Elsewhere(Vec<(ItemField, CellRef)>);

/// The column of a field without a cell on the item's sheet.
const NOT_RECORDED: u16 = u16::MAX;

impl Default for ItemCells {
    fn default() -> Self {
        ItemCells {
            sheet: None,
            rows: [0; 10],
            cols: [NOT_RECORDED; 10],
            elsewhere: None,
        }
    }
}

impl ItemCells {
    /// The cell `field` was read from.
    pub fn get(&self, field: ItemField) -> Option<CellRef> {
        let index = field as usize;
        match &self.sheet {
            Some(sheet) if self.cols[index] != NOT_RECORDED => Some(CellRef {
                sheet: Arc::clone(sheet),
                row: self.rows[index],
                col: u32::from(self.cols[index]),
            }),
            _ => self
                .elsewhere
                .as_ref()?
                .0
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, cell)| cell.clone()),
        }
    }

    /// Records (or with `None` forgets) the cell `field` was read from.
    pub fn set(&mut self, field: ItemField, cell: Option<CellRef>) {
        let index = field as usize;
        self.cols[index] = NOT_RECORDED;
        if let Some(others) = &mut self.elsewhere {
            others.0.retain(|(f, _)| *f != field);
            if others.0.is_empty() {
                self.elsewhere = None;
            }
        }
        if self.cols.iter().all(|&col| col == NOT_RECORDED) {
            self.sheet = None;
        }
        let Some(cell) = cell else { return };
        let sheet = self.sheet.get_or_insert_with(|| Arc::clone(&cell.sheet));
        match u16::try_from(cell.col) {
            Ok(col) if col != NOT_RECORDED && *sheet == cell.sheet => {
                self.rows[index] = cell.row;
                self.cols[index] = col;
            }
            _ => self
                .elsewhere
                .get_or_insert_with(|| Box::new(Elsewhere(Vec::new())))
                .0
                .push((field, cell)),
        }
    }

    /// This, with the cell of `field` recorded.
    pub fn with(mut self, field: ItemField, cell: CellRef) -> Self {
        self.set(field, Some(cell));
        self
    }

    pub fn number(&self) -> Option<CellRef> {
        self.get(ItemField::Number)
    }
    pub fn title(&self) -> Option<CellRef> {
        self.get(ItemField::Title)
    }
    pub fn deadline(&self) -> Option<CellRef> {
        self.get(ItemField::Deadline)
    }
    pub fn target(&self) -> Option<CellRef> {
        self.get(ItemField::Target)
    }
    pub fn interim(&self) -> Option<CellRef> {
        self.get(ItemField::Interim)
    }
    pub fn year_end(&self) -> Option<CellRef> {
        self.get(ItemField::YearEnd)
    }
    pub fn achievement(&self) -> Option<CellRef> {
        self.get(ItemField::Achievement)
    }
    pub fn self_assessment(&self) -> Option<CellRef> {
        self.get(ItemField::SelfAssessment)
    }
    pub fn owners(&self) -> Option<CellRef> {
        self.get(ItemField::Owners)
    }
    pub fn text(&self) -> Option<CellRef> {
        self.get(ItemField::Text)
    }

    /// Every recorded cell, in the order of [`ItemField::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (ItemField, CellRef)> + '_ {
        ItemField::ALL
            .into_iter()
            .filter_map(|field| self.get(field).map(|cell| (field, cell)))
    }

    /// Every sheet name held, to share them ([`SheetReport::share_sheet_names`]).
    fn sheets_mut(&mut self) -> impl Iterator<Item = &mut Arc<str>> {
        self.sheet.iter_mut().chain(
            self.elsewhere
                .iter_mut()
                .flat_map(|others| others.0.iter_mut().map(|(_, cell)| &mut cell.sheet)),
        )
    }
}

impl PartialEq for ItemCells {
    fn eq(&self, other: &Self) -> bool {
        ItemField::ALL
            .into_iter()
            .all(|field| self.get(field) == other.get(field))
    }
}

impl Eq for ItemCells {}

impl fmt::Debug for ItemCells {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.iter()
                    .map(|(field, cell)| (field.key(), cell.to_string())),
            )
            .finish()
    }
}

impl Serialize for ItemCells {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        for (field, cell) in self.iter() {
            map.serialize_entry(field.key(), &cell)?;
        }
        map.end()
    }
}

/// The JSON form of [`ItemCells`], read field by field.
#[derive(Deserialize)]
struct ItemCellsIn {
    #[serde(default)]
    number: Option<CellRef>,
    #[serde(default)]
    title: Option<CellRef>,
    #[serde(default)]
    deadline: Option<CellRef>,
    #[serde(default)]
    target: Option<CellRef>,
    #[serde(default)]
    interim: Option<CellRef>,
    #[serde(default)]
    year_end: Option<CellRef>,
    #[serde(default)]
    achievement: Option<CellRef>,
    #[serde(default)]
    self_assessment: Option<CellRef>,
    #[serde(default)]
    owners: Option<CellRef>,
    #[serde(default)]
    text: Option<CellRef>,
}

impl<'de> Deserialize<'de> for ItemCells {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let read = ItemCellsIn::deserialize(d)?;
        let mut cells = ItemCells::default();
        for (field, cell) in [
            (ItemField::Number, read.number),
            (ItemField::Title, read.title),
            (ItemField::Deadline, read.deadline),
            (ItemField::Target, read.target),
            (ItemField::Interim, read.interim),
            (ItemField::YearEnd, read.year_end),
            (ItemField::Achievement, read.achievement),
            (ItemField::SelfAssessment, read.self_assessment),
            (ItemField::Owners, read.owners),
            (ItemField::Text, read.text),
        ] {
            cells.set(field, cell);
        }
        Ok(cells)
    }
}

/// An action item (取組項目) under a goal.
///
/// Its six texts (number, title, text, deadline, target, self-assessment)
/// are held together in one allocation ([`ItemTexts`]) and read through
/// methods: a folder's parsed reports hold one item per row of every sheet,
/// and six strings of their own would each cost an allocation and a pointer
/// pair. The JSON form has them as separate fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionItem {
    pub texts: ItemTexts,
    /// Every deadline the text states, resolved in the sheet's fiscal year.
    pub deadlines: Vec<Deadline>,
    pub interim: Report,
    pub year_end: Report,
    /// 1.0 = 100 %.
    pub achievement: Option<f64>,
    /// Responsible divisions (担当課), split on 、 and ,.
    pub owners: Vec<String>,
    /// The item's own cell (its title).
    pub cell: CellRef,
    pub cells: ItemCells,
    /// Values under headers the model has no field for, in column order.
    pub extras: Vec<ExtraField>,
}

/// A value kept under a header or row label the model has no field for
/// (a column the dictionary does not know, 現状や課題 beside an item,
/// 現況・課題 or 特記事項 of a goal): nothing the sheet says is dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraField {
    /// The header or label as written (line breaks as spaces).
    pub header: Text,
    pub text: Text,
    pub cell: CellRef,
}

impl ActionItem {
    /// An item with these texts and nothing else recorded.
    pub fn new(texts: ItemTexts, cell: CellRef) -> Self {
        ActionItem {
            texts,
            deadlines: Vec::new(),
            interim: Report::NotInLayout,
            year_end: Report::NotInLayout,
            achievement: None,
            owners: Vec::new(),
            cell,
            cells: ItemCells::default(),
            extras: Vec::new(),
        }
    }

    /// As written: `①`, `(1)`, `No.3`.
    pub fn number(&self) -> Option<&str> {
        self.texts.get(ItemText::Number)
    }

    /// The first line of the item text.
    pub fn title(&self) -> &str {
        self.texts.get(ItemText::Title).unwrap_or_default()
    }

    /// The whole item text, line breaks kept.
    pub fn text(&self) -> &str {
        self.texts.get(ItemText::Text).unwrap_or_default()
    }

    /// The deadline cell as written (ISO date for a date cell).
    pub fn deadline_text(&self) -> Option<&str> {
        self.texts.get(ItemText::DeadlineText)
    }

    /// The numeric target (数値目標, 達成水準 …).
    pub fn target(&self) -> Option<&str> {
        self.texts.get(ItemText::Target)
    }

    pub fn self_assessment(&self) -> Option<&str> {
        self.texts.get(ItemText::SelfAssessment)
    }

    #[cfg(any(test, feature = "test-support"))]
    pub fn set_title(&mut self, title: &str) {
        self.texts = self.texts.with(ItemText::Title, Some(title));
    }

    #[cfg(test)]
    pub(crate) fn set_text(&mut self, text: &str) {
        self.texts = self.texts.with(ItemText::Text, Some(text));
    }

    pub fn set_deadline_text(&mut self, deadline: Option<&str>) {
        self.texts = self.texts.with(ItemText::DeadlineText, deadline);
    }

    pub fn set_target(&mut self, target: Option<&str>) {
        self.texts = self.texts.with(ItemText::Target, target);
    }

    pub fn set_self_assessment(&mut self, grade: Option<&str>) {
        self.texts = self.texts.with(ItemText::SelfAssessment, grade);
    }

    /// The resolved due dates, in the order stated.
    pub fn due_dates(&self) -> Vec<chrono::NaiveDate> {
        self.deadlines.iter().filter_map(Deadline::due).collect()
    }

    /// What one report of the item (`ItemField::Interim` or
    /// `ItemField::YearEnd`; any other field is [`ReportState::NotInLayout`])
    /// holds, and where an empty one is to be written.
    pub fn report_state(&self, field: ItemField) -> ReportState<'_> {
        let report = match field {
            ItemField::Interim => &self.interim,
            ItemField::YearEnd => &self.year_end,
            _ => return ReportState::NotInLayout,
        };
        match report {
            Report::Filled(text) => ReportState::Filled(text),
            Report::Empty => match self.cells.get(field) {
                Some(cell) => ReportState::Empty(cell),
                None => ReportState::NoCell,
            },
            Report::NotInLayout => ReportState::NotInLayout,
        }
    }
}

/// One report of an item as the departments are asked for it: filled; empty,
/// with the cell to fill; empty with no cell to fill (a multi-year plan
/// without the year's 実績 row, a report sheet without the item's row), which
/// no mail can point at; or absent from the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportState<'a> {
    Filled(&'a str),
    Empty(CellRef),
    NoCell,
    NotInLayout,
}

impl ReportState<'_> {
    /// Filled, or empty with its cell: what a submission rate counts.
    pub fn is_asked(&self) -> bool {
        matches!(self, ReportState::Filled(_) | ReportState::Empty(_))
    }

    /// The cell of an empty report, which a reminder asks to fill.
    pub fn awaited_cell(&self) -> Option<&CellRef> {
        match self {
            ReportState::Empty(cell) => Some(cell),
            _ => None,
        }
    }
}

/// The texts of an action item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemText {
    Number,
    Title,
    Text,
    DeadlineText,
    Target,
    SelfAssessment,
}

impl ItemText {
    const ALL: [ItemText; 6] = [
        ItemText::Number,
        ItemText::Title,
        ItemText::Text,
        ItemText::DeadlineText,
        ItemText::Target,
        ItemText::SelfAssessment,
    ];
}

/// The six texts of an action item in one string: each ends where the next
/// begins; an optional text left out is absent, not empty.
#[derive(Clone, Default, PartialEq)]
pub struct ItemTexts {
    joined: Box<str>,
    /// The end of each text in `joined`, in the order of [`ItemText::ALL`].
    ends: [u32; 6],
    /// One bit per text that is present.
    present: u8,
}

impl ItemTexts {
    /// `title` and `text` are always present; the others when `Some`.
    pub fn new(
        number: Option<&str>,
        title: &str,
        text: &str,
        deadline_text: Option<&str>,
        target: Option<&str>,
        self_assessment: Option<&str>,
    ) -> Self {
        ItemTexts::from_parts([
            number,
            Some(title),
            Some(text),
            deadline_text,
            target,
            self_assessment,
        ])
    }

    fn from_parts(parts: [Option<&str>; 6]) -> Self {
        let mut joined = String::with_capacity(parts.iter().flatten().map(|p| p.len()).sum());
        let mut ends = [0u32; 6];
        let mut present = 0u8;
        for (i, part) in parts.iter().enumerate() {
            if let Some(part) = part {
                present |= 1 << i;
                joined.push_str(part);
            }
            // Texts come from cells of at most 32,767 characters; a length
            // beyond u32 (from hand-made JSON) reads back shorter, never panics.
            ends[i] = u32::try_from(joined.len()).unwrap_or(u32::MAX);
        }
        ItemTexts {
            joined: joined.into_boxed_str(),
            ends,
            present,
        }
    }

    /// One text; `None` when it is absent.
    pub fn get(&self, which: ItemText) -> Option<&str> {
        let i = which as usize;
        if self.present & (1 << i) == 0 {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.joined.get(start as usize..self.ends[i] as usize)
    }

    /// The same texts with `which` replaced.
    pub fn with(&self, which: ItemText, value: Option<&str>) -> Self {
        let mut parts = ItemText::ALL.map(|t| self.get(t));
        parts[which as usize] = value;
        ItemTexts::from_parts(parts)
    }
}

impl fmt::Debug for ItemTexts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_map();
        for t in ItemText::ALL {
            if let Some(text) = self.get(t) {
                list.entry(&t, &text);
            }
        }
        list.finish()
    }
}

/// The JSON form of an [`ActionItem`], as it was before its texts were
/// held together.
#[derive(Serialize)]
struct ActionItemJson<'a> {
    number: Option<&'a str>,
    title: &'a str,
    text: &'a str,
    deadline_text: Option<&'a str>,
    deadlines: &'a [Deadline],
    target: Option<&'a str>,
    interim: &'a Report,
    year_end: &'a Report,
    achievement: Option<f64>,
    self_assessment: Option<&'a str>,
    owners: &'a [String],
    cell: &'a CellRef,
    cells: &'a ItemCells,
    extras: &'a [ExtraField],
}

#[derive(Deserialize)]
struct ActionItemOwned {
    number: Option<String>,
    title: String,
    text: String,
    deadline_text: Option<String>,
    deadlines: Vec<Deadline>,
    target: Option<String>,
    interim: Report,
    year_end: Report,
    achievement: Option<f64>,
    self_assessment: Option<String>,
    owners: Vec<String>,
    cell: CellRef,
    cells: ItemCells,
    #[serde(default)]
    extras: Vec<ExtraField>,
}

impl Serialize for ActionItem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ActionItemJson {
            number: self.number(),
            title: self.title(),
            text: self.text(),
            deadline_text: self.deadline_text(),
            deadlines: &self.deadlines,
            target: self.target(),
            interim: &self.interim,
            year_end: &self.year_end,
            achievement: self.achievement,
            self_assessment: self.self_assessment(),
            owners: &self.owners,
            cell: &self.cell,
            cells: &self.cells,
            extras: &self.extras,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ActionItem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let o = ActionItemOwned::deserialize(deserializer)?;
        Ok(ActionItem {
            texts: ItemTexts::new(
                o.number.as_deref(),
                &o.title,
                &o.text,
                o.deadline_text.as_deref(),
                o.target.as_deref(),
                o.self_assessment.as_deref(),
            ),
            deadlines: o.deadlines,
            interim: o.interim,
            year_end: o.year_end,
            achievement: o.achievement,
            owners: o.owners,
            cell: o.cell,
            cells: o.cells,
            extras: o.extras,
        })
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
    /// Labelled values of the goal the model has no field for (現況・課題,
    /// 目的・効果, 特記事項 …).
    #[serde(default)]
    pub extras: Vec<ExtraField>,
}

/// One `…における位置付け` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPosition {
    pub label: Text,
    pub text: Text,
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
    #[serde(serialize_with = "crate::share_path::serialize_lossy")]
    pub file: PathBuf,
    pub sheet: String,
    pub fiscal_year: FiscalYear,
    pub department: String,
    /// The structures that recognised the sheet (`table`, `blocks`,
    /// `sections` …).
    pub layout: Layouts,
    pub goals: Vec<Goal>,
    pub warnings: Vec<Warning>,
    /// Where the fiscal year and the department were read, and where every
    /// cell of the sheet went.
    #[serde(default)]
    pub reading: Reading,
}

/// How a sheet was read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub fiscal_year_from: Origin,
    pub department_from: Origin,
    pub coverage: Coverage,
    /// How each table of items on the sheet was read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableReading>,
}

/// What a table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Item,
    Number,
    Goal,
    GoalNumber,
    Deadline,
    Target,
    Interim,
    YearEnd,
    Achievement,
    SelfAssessment,
    Reason,
    Owner,
    Department,
    /// The item's text beside its title (取組内容).
    Detail,
    /// Kept with its item under its header.
    Extra,
    /// Which part of the year each row of an item reports on (区分: 中間 /
    /// 期末), where an item takes a row per report.
    ReportPeriod,
}

/// The part of the year a report stands for: the interim or the year-end
/// report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportPeriod {
    Interim,
    YearEnd,
}

impl Role {
    /// Every role a column can be given besides [`Role::Extra`].
    pub const ASSIGNABLE: [Role; 14] = [
        Role::Item,
        Role::Number,
        Role::Goal,
        Role::GoalNumber,
        Role::Deadline,
        Role::Target,
        Role::Interim,
        Role::YearEnd,
        Role::Achievement,
        Role::SelfAssessment,
        Role::Reason,
        Role::Owner,
        Role::Department,
        Role::Detail,
    ];

    /// The role's key in `[[parse.layouts]]` and the JSON.
    pub fn key(self) -> &'static str {
        match self {
            Role::Item => "item",
            Role::Number => "number",
            Role::Goal => "goal",
            Role::GoalNumber => "goal_number",
            Role::Deadline => "deadline",
            Role::Target => "target",
            Role::Interim => "interim",
            Role::YearEnd => "year_end",
            Role::Achievement => "achievement",
            Role::SelfAssessment => "self_assessment",
            Role::Reason => "reason",
            Role::Owner => "owner",
            Role::Department => "department",
            Role::Detail => "detail",
            Role::Extra => "extra",
            Role::ReportPeriod => "report_period",
        }
    }

    /// The role a key names.
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ASSIGNABLE
            .into_iter()
            .chain([Role::Extra, Role::ReportPeriod])
            .find(|r| r.key() == key)
    }

    /// What the role is called in Japanese.
    pub fn label(self) -> &'static str {
        match self {
            Role::Item => "取組項目",
            Role::Number => "番号",
            Role::Goal => "目標",
            Role::GoalNumber => "目標番号",
            Role::Deadline => "期限",
            Role::Target => "数値目標",
            Role::Interim => "中間報告",
            Role::YearEnd => "期末報告",
            Role::Achievement => "達成度",
            Role::SelfAssessment => "自己評価",
            Role::Reason => "理由",
            Role::Owner => "担当課",
            Role::Department => "部局",
            Role::Detail => "取組内容",
            Role::Extra => "その他",
            Role::ReportPeriod => "区分（報告の時期）",
        }
    }
}

/// How sure a reading of a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    /// 高 / 中 / 低.
    pub fn label(self) -> &'static str {
        match self {
            Confidence::High => "高",
            Confidence::Medium => "中",
            Confidence::Low => "低",
        }
    }
}

/// How one table was read: where it lies (`B5:H20`), its header rows, how
/// sure the reading is, the fingerprint of its headings (the same for every
/// file made from one template), and each column's role with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableReading {
    pub range: String,
    pub header_rows: u32,
    pub confidence: Confidence,
    pub fingerprint: String,
    /// Where the roles came from: `content` (words and cells weighed),
    /// `layout` (a `[[parse.layouts]]` mapping) or `kept` (a save that
    /// would have changed the roles kept the earlier reading).
    #[serde(default)]
    pub source: ReadingSource,
    pub columns: Vec<ColumnReading>,
    /// Where an item takes a row per report: which report each value of
    /// the report-period column (区分) stands for.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub report_periods: std::collections::BTreeMap<String, ReportPeriod>,
}

/// Where a table's roles came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReadingSource {
    /// Its header words and cells, weighed.
    #[default]
    Content,
    /// A `[[parse.layouts]]` mapping of the configuration, by its position.
    Layout { index: usize },
    /// The reading of an earlier save of the same layout, kept because
    /// this save would have changed a column's role.
    Kept,
}

/// One column of a table as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnReading {
    /// `B`.
    pub column: String,
    /// Its headings from the outermost in (`報告 › 中間`).
    pub header: String,
    pub role: Role,
    pub score: f32,
    /// The role it would have had next, and that role's score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runner_up: Option<RoleScore>,
    /// Hidden on the sheet: a visible column fitting its role came first.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

impl ColumnReading {
    /// Where its values lie, as a message names it ([`column_place`]).
    pub fn place(&self) -> String {
        column_place(&self.column)
    }
}

/// A column's place as a message names it: `D列` for a table's column by
/// its letter, a field's label cell as it is (`B5`) for records read as a
/// table.
pub fn column_place(column: &str) -> String {
    if !column.is_empty() && column.chars().all(|c| c.is_ascii_uppercase()) {
        format!("{column}列")
    } else {
        column.to_string()
    }
}

/// A role and its score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RoleScore {
    pub role: Role,
    pub score: f32,
}

/// Where a sheet's fiscal year or department was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// A labelled cell: 部局名 / 年度 beside their value, `所属：総務部` in
    /// one cell, a head's title (総務部長), a multi-year row (R5年度計画).
    Label { cell: CellRef },
    /// A title line of the sheet (`令和8年度 教育部 目標管理表`).
    Title { cell: CellRef },
    /// The sheet's name (`令和7年度`, one sheet per fiscal year).
    SheetName,
    /// The file's name.
    FileName,
    /// A folder the file is kept in, below the watched folder (a folder
    /// per department).
    Folder,
    /// The day the workbook says it was last saved (its properties), for
    /// a workbook that states its fiscal year nowhere: a guess, whose
    /// tables are read as 低 so that no mail goes before it is confirmed.
    Saved { date: String },
    /// The configuration, by key (`parse.departments_by_file`).
    Config { key: String },
    /// Nowhere: the department is 部局不明.
    #[default]
    Unknown,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Label { cell } => write!(f, "label at {cell}"),
            Origin::Title { cell } => write!(f, "title at {cell}"),
            Origin::SheetName => f.write_str("sheet name"),
            Origin::FileName => f.write_str("file name"),
            Origin::Folder => f.write_str("folder"),
            Origin::Saved { date } => write!(f, "saved on {date}"),
            Origin::Config { key } => write!(f, "configuration ({key})"),
            Origin::Unknown => f.write_str("nowhere"),
        }
    }
}

/// Where the non-empty cells of a sheet went: each is counted once, as a
/// field of an item, a field of a goal (or the sheet's department or fiscal
/// year), a label or heading, or not used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub item_fields: u32,
    pub goal_fields: u32,
    pub labels: u32,
    pub not_used: u32,
    /// The cells not used that lie inside an item table or a record block:
    /// a layout that needs a dictionary word shows here.
    pub not_used_in_items: Vec<UnusedCell>,
}

/// A cell nothing was taken from, with its first characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnusedCell {
    pub cell: CellRef,
    pub text: Text,
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
        let mut share = |sheet: &mut Arc<str>| match names.iter().find(|n| **n == *sheet) {
            Some(name) => *sheet = Arc::clone(name),
            None => names.push(Arc::clone(sheet)),
        };
        for goal in &mut self.goals {
            goal.cell.iter_mut().for_each(|c| share(&mut c.sheet));
            goal.extras
                .iter_mut()
                .for_each(|e| share(&mut e.cell.sheet));
            for item in &mut goal.items {
                share(&mut item.cell.sheet);
                item.cells.sheets_mut().for_each(&mut share);
                item.extras
                    .iter_mut()
                    .for_each(|e| share(&mut e.cell.sheet));
            }
        }
        for warning in &mut self.warnings {
            warning.cell.iter_mut().for_each(|c| share(&mut c.sheet));
        }
        let reading = &mut self.reading;
        for origin in [&mut reading.fiscal_year_from, &mut reading.department_from] {
            if let Origin::Label { cell } | Origin::Title { cell } = origin {
                share(&mut cell.sheet);
            }
        }
        for unused in &mut reading.coverage.not_used_in_items {
            share(&mut unused.cell.sheet);
        }
    }
}

#[cfg(test)]
mod tests;
