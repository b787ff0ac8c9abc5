//! `Grid`: one sheet's cells as read from a workbook, with merged regions.
//!
//! The reader (the shell) builds it from calamine; the interpretation (pure)
//! reads from it. Values of merged regions are visible from every cell the
//! region covers; [`Grid::origin`] tells the region's top-left cell, so a
//! merged value is used once.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A cell's value. Text keeps in-cell line breaks; dates are real dates
/// whether the workbook stored them as dates or as serial numbers with a date
/// number format (including 和暦 formats such as `[$-411]ggge"年"m"月"d"日"`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum CellValue {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDateTime),
    /// A date whose number format shows no day (`[$-ja-JP]ggge"年"m"月"`,
    /// `yyyy"年"m"月"`, `yyyy/mm`): a person reads the month, not its first
    /// day. `date` is the date stored, `shown` the text the sheet shows
    /// (`令和8年9月`, `2026年9月`, `2026/09`).
    Month {
        date: NaiveDate,
        shown: String,
    },
    /// An Excel error value (`#N/A`, `#REF!` …).
    Error(String),
}

impl CellValue {
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    pub(crate) fn as_text(&self) -> Option<&str> {
        match self {
            CellValue::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// A merged region, inclusive, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MergedRange {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl MergedRange {
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }
}

/// A sheet's used area as a dense grid, starting at A1.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Grid {
    pub name: String,
    /// Whether the sheet is visible: a hidden sheet's items are left out
    /// where a shown sheet of the workbook holds items.
    pub visible: bool,
    rows: u32,
    cols: u32,
    cells: Vec<CellValue>,
    merged: Vec<MergedRange>,
    /// For every cell covered by a merged region, the index of that region.
    merge_index: Vec<Option<u32>>,
    /// The Excel tables (ListObjects) on the sheet.
    #[serde(default)]
    pub tables: Vec<ExcelTable>,
    /// The columns hidden on the sheet, as 0-based inclusive ranges.
    #[serde(default)]
    pub hidden_columns: Vec<(u32, u32)>,
    /// The cells that hold no value but are shaded with a fill (the bars of
    /// a schedule drawn with fill alone), by row and column.
    #[serde(default)]
    pub shaded: Vec<Shade>,
    /// Whether the sheet's format keeps fills the reader does not see
    /// (`.xls`, CSV, HTML): a schedule drawn with fill alone shows nothing.
    #[serde(default)]
    pub fills_unknown: bool,
}

/// An empty cell shaded with a fill: its place and its colour (`0xRRGGBB`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Shade {
    pub row: u32,
    pub col: u32,
    pub rgb: u32,
}

/// An Excel table (ListObject) of a sheet: its name and the rows and
/// columns it spans, 0-based and inclusive; its header row is `first_row`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcelTable {
    pub name: String,
    pub first_row: u32,
    pub last_row: u32,
    pub first_col: u32,
    pub last_col: u32,
}

impl Grid {
    /// An empty grid of `rows × cols`.
    pub fn new(name: impl Into<String>, rows: u32, cols: u32) -> Self {
        let len = rows as usize * cols as usize;
        Grid {
            name: crate::nfc::nfc_string(name.into()),
            visible: true,
            rows,
            cols,
            cells: vec![CellValue::Empty; len],
            merged: Vec::new(),
            merge_index: Vec::new(),
            tables: Vec::new(),
            hidden_columns: Vec::new(),
            shaded: Vec::new(),
            fills_unknown: false,
        }
    }

    /// Sets the shaded empty cells (kept in row and column order).
    pub fn set_shaded(&mut self, mut shaded: Vec<Shade>) {
        shaded.sort_unstable();
        shaded.dedup_by_key(|s| (s.row, s.col));
        self.shaded = shaded;
    }

    /// The colour of the fill shading the empty cell `(row, col)`, if any.
    pub fn shade_at(&self, row: u32, col: u32) -> Option<u32> {
        self.shaded
            .binary_search_by(|s| (s.row, s.col).cmp(&(row, col)))
            .ok()
            .map(|i| self.shaded[i].rgb)
    }

    /// Whether column `col` is hidden on the sheet.
    pub fn is_hidden_column(&self, col: u32) -> bool {
        self.hidden_columns
            .iter()
            .any(|&(first, last)| (first..=last).contains(&col))
    }

    /// A grid from rows of values (tests and generated sheets).
    pub fn from_rows(name: impl Into<String>, rows: Vec<Vec<CellValue>>) -> Self {
        let height = rows.len() as u32;
        let width = rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
        let mut grid = Grid::new(name, height, width);
        for (r, row) in rows.into_iter().enumerate() {
            for (c, value) in row.into_iter().enumerate() {
                grid.set(r as u32, c as u32, value);
            }
        }
        grid
    }

    /// A grid of texts, an empty string an empty cell (tables written out
    /// in tests).
    pub fn from_texts(name: impl Into<String>, rows: &[&[&str]]) -> Self {
        let text = |s: &&str| {
            if s.is_empty() {
                CellValue::Empty
            } else {
                CellValue::Text(s.to_string())
            }
        };
        Grid::from_rows(
            name,
            rows.iter().map(|r| r.iter().map(text).collect()).collect(),
        )
    }

    pub fn rows(&self) -> u32 {
        self.rows
    }

    pub fn cols(&self) -> u32 {
        self.cols
    }

    fn index(&self, row: u32, col: u32) -> Option<usize> {
        (row < self.rows && col < self.cols)
            .then(|| row as usize * self.cols as usize + col as usize)
    }

    /// Sets a cell; out-of-range writes are ignored. A text is kept
    /// trimmed of surrounding whitespace, as every reader of a cell reads
    /// it, and in NFC ([`crate::nfc`]); a text of whitespace alone is an
    /// empty cell.
    pub fn set(&mut self, row: u32, col: u32, value: CellValue) {
        if let Some(i) = self.index(row, col) {
            self.cells[i] = trimmed(value);
        }
    }

    /// Registers a merged region (clipped to the grid).
    pub fn add_merge(&mut self, range: MergedRange) {
        if self.rows == 0
            || self.cols == 0
            || range.first_row >= self.rows
            || range.first_col >= self.cols
        {
            return;
        }
        let range = MergedRange {
            last_row: range.last_row.min(self.rows - 1),
            last_col: range.last_col.min(self.cols - 1),
            ..range
        };
        if self.merge_index.is_empty() {
            self.merge_index = vec![None; self.cells.len()];
        }
        let id = self.merged.len() as u32;
        self.merged.push(range);
        for r in range.first_row..=range.last_row {
            for c in range.first_col..=range.last_col {
                if let Some(i) = self.index(r, c) {
                    self.merge_index[i] = Some(id);
                }
            }
        }
    }

    pub fn merged(&self) -> &[MergedRange] {
        &self.merged
    }

    /// The merged region covering a cell.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<MergedRange> {
        let i = self.index(row, col)?;
        let id = (*self.merge_index.get(i)?)?;
        self.merged.get(id as usize).copied()
    }

    /// The top-left cell of the merged region covering `(row, col)`, or the
    /// cell itself.
    pub fn origin(&self, row: u32, col: u32) -> (u32, u32) {
        match self.merge_at(row, col) {
            Some(m) => (m.first_row, m.first_col),
            None => (row, col),
        }
    }

    /// The value at `(row, col)`; inside a merged region, the region's value.
    pub fn get(&self, row: u32, col: u32) -> &CellValue {
        static EMPTY: CellValue = CellValue::Empty;
        let (r, c) = self.origin(row, col);
        self.index(r, c).map_or(&EMPTY, |i| &self.cells[i])
    }

    /// The cell's text (trimmed of surrounding whitespace, as [`Grid::set`]
    /// keeps it), if it holds text.
    pub fn text(&self, row: u32, col: u32) -> Option<&str> {
        self.get(row, col).as_text().filter(|t| !t.is_empty())
    }

    /// Whether every cell of a row is empty.
    pub(crate) fn row_is_empty(&self, row: u32) -> bool {
        (0..self.cols).all(|c| self.get(row, c).is_empty())
    }
}

/// A value as a grid keeps it: a text without surrounding whitespace, a
/// text of whitespace alone as no value, a text written vertically (a
/// character a line: `取\n組\n内\n容`) as the word it spells.
fn trimmed(value: CellValue) -> CellValue {
    match value {
        CellValue::Text(text) => {
            let kept = text.trim();
            if kept.is_empty() {
                CellValue::Empty
            } else if let Some(word) = vertical_word(kept) {
                CellValue::Text(crate::nfc::nfc_string(word))
            } else if kept.len() == text.len() {
                CellValue::Text(crate::nfc::nfc_string(text))
            } else {
                CellValue::Text(crate::nfc::nfc(kept).into_owned())
            }
        }
        other => other,
    }
}

/// The word a text written vertically spells: two lines or more, each
/// one letter (surrounding spaces aside). Marks and punctuation a line
/// (`○\n△`, `、\n、`) are a list, not a word, and stay as written.
fn vertical_word(text: &str) -> Option<String> {
    if !text.contains('\n') {
        return None;
    }
    let mut word = String::new();
    for line in text.lines() {
        let mut chars = line.trim().chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return None;
        };
        if !c.is_alphabetic() {
            return None;
        }
        word.push(c);
    }
    Some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rstest::rstest]
    #[case("取\n組\n内\n容", "取組内容")]
    #[case("番\r\n号", "番号")]
    #[case(" 期 \n 限 ", "期限")]
    #[case("中間\n報告", "中間\n報告")]
    #[case("A\n\nB", "A\n\nB")]
    #[case("、\n、", "、\n、")]
    #[case("○\n○\n△", "○\n○\n△")]
    #[case("1\n2", "1\n2")]
    #[case("単語", "単語")]
    fn a_text_written_vertically_is_the_word_it_spells(#[case] text: &str, #[case] kept: &str) {
        let mut g = Grid::new("s", 1, 1);
        g.set(0, 0, CellValue::Text(text.into()));
        assert_eq!(g.text(0, 0), Some(kept));
    }

    #[test]
    fn a_text_is_kept_trimmed_and_whitespace_alone_is_no_value() {
        let mut g = Grid::new("s", 1, 3);
        g.set(0, 0, CellValue::Text("\u{3000} 防災訓練\n".into()));
        g.set(0, 1, CellValue::Text(" \u{3000}\n".into()));
        g.set(0, 2, CellValue::Text("中間報告\n(9月末)".into()));
        assert_eq!(g.get(0, 0), &CellValue::Text("防災訓練".into()));
        assert_eq!(g.get(0, 1), &CellValue::Empty);
        assert_eq!(g.text(0, 2), Some("中間報告\n(9月末)"));
    }

    #[test]
    fn merged_values_visible_everywhere() {
        let mut g = Grid::new("s", 3, 3);
        g.set(0, 0, CellValue::Text("見出し".into()));
        g.add_merge(MergedRange {
            first_row: 0,
            first_col: 0,
            last_row: 0,
            last_col: 2,
        });
        assert_eq!(g.text(0, 2), Some("見出し"));
        assert_eq!(g.origin(0, 2), (0, 0));
        assert_eq!(g.origin(1, 1), (1, 1));
        assert!(g.row_is_empty(1));
        assert!(!g.row_is_empty(0));
    }

    #[test]
    fn out_of_range_is_empty() {
        let g = Grid::new("s", 1, 1);
        assert!(g.get(5, 5).is_empty());
        let mut g2 = Grid::new("s", 0, 0);
        g2.add_merge(MergedRange {
            first_row: 0,
            first_col: 0,
            last_row: 1,
            last_col: 1,
        });
        assert!(g2.merged().is_empty());
    }
}
