//! Records on one sheet in another shape than one per row, found by their
//! structure before any word is weighed: a column of short labels whose
//! right neighbours hold values record by record (transposed), and a block
//! of label rows whose labels repeat in the same order further down
//! (stacked blocks). The records found are read as a table by
//! [`super::records`]. Rows the dictionary's labels give another structure
//! start none: a goal block's pairs of labels and values side by side, plan
//! positions, year rows (R5年度計画), and the rows of a record its labels
//! opened.

use crate::grid::Grid;

use super::super::dictionary::normalize_into;
use super::super::text::{is_number_cell, leading_number};
use super::ReadingsSoFar;
use super::coverage::Claim;
use super::labels::{Label, Labels, right_of};
use super::records::{Place, RecordMatrix, RecordShape, RecordsRead};
use super::{SheetParser, SheetView};

/// The fewest fields records have: an item and two more.
const MIN_FIELDS: usize = 3;
/// The most label rows a stacked block may have: its first label repeats
/// within them.
const MAX_BLOCK_ROWS: usize = 40;
/// Blank rows that may stand between stacked blocks.
const MAX_BLANKS_BETWEEN: u32 = 2;

/// The text of the cell at `(row, col)` when it can be a record's label:
/// a text that reads as a heading (short, at most three lines, no
/// sentence), not a number, a list, a note or an example, and no label
/// the dictionary gives a goal's block or a multi-year plan (a plan
/// position, a year row, a head's title, one that ends tables).
pub(super) fn record_label_at<'g>(
    grid: &'g Grid,
    labels: &Labels,
    row: u32,
    col: u32,
) -> Option<&'g str> {
    if grid.origin(row, col) != (row, col)
        || !labels.is_heading(grid, row, col)
        || is_number_cell(grid.get(row, col))
        || matches!(labels.at(grid, row, col), Some(l) if !matches!(l, Label::Field(_)))
    {
        return None;
    }
    let text = grid.text(row, col)?;
    let list = text.contains('\n') && leading_number(text).is_some();
    (!list && !text.starts_with(['※', '*', '＊']) && !super::labels::is_example_text(text))
        .then_some(text)
}

/// Whether a text is a record's caption: short, ending in its number
/// (取組1, No.2, その３, ①, 【4】).
fn is_record_caption(text: &str) -> bool {
    // A number in brackets or with a dot (`【1】`, `(2)`, `3.`) as well.
    let text = text
        .trim()
        .trim_end_matches([')', '）', '】', ']', '］', '〕', '>', '＞', '.', '．']);
    text.chars().count() <= 8
        && text
            .chars()
            .last()
            .map(super::super::dictionary::fold_width)
            .is_some_and(|c| c.is_ascii_digit() || ('①'..='⑳').contains(&c))
}

/// A normalised label and the row it stands in.
struct Entry {
    row: u32,
    text: String,
}

impl SheetParser<'_> {
    /// Records in another shape starting at `row`, read as a table and
    /// taken: the row after them.
    pub(super) fn records_at(&mut self, row: u32) -> Option<u32> {
        let label_col = self.records_start(row)?;
        let matrix = if self.view.context.recognisers.tables
            && let Some(m) = self.view.transposed_records(row, label_col)
        {
            m
        } else if self.view.context.recognisers.blocks {
            self.view.stacked_records(row, label_col)?
        } else {
            return None;
        };
        if self.view.signs_off(&matrix) {
            return Some(self.take_sign_offs(&matrix));
        }
        let read = self.view.read_records(&matrix, &[self.view.grid])?;
        Some(self.take_matrix(&matrix, &read))
    }

    /// Takes a box of sign-offs ([`SheetView::signs_off`]) as labels, no
    /// items: the row after it.
    fn take_sign_offs(&mut self, matrix: &RecordMatrix) -> u32 {
        let grid = self.view.grid;
        for p in matrix.labels.iter().chain(matrix.records.iter().flatten()) {
            self.claims.claim(grid, p.row, p.col, Claim::Label);
        }
        // Nor is it a table that could not be read.
        let top = matrix.labels.first().map_or(0, |p| p.row);
        self.out.unread.retain(|u| u.top != top);
        self.view.records_end(matrix) + 1
    }

    /// Blocks of the same labels repeated down the sheet from `row` (取組名
    /// / 期日 / 半期点検 …, block after block), read as the records they are
    /// before any table is looked for there: a block's first label and its
    /// value would read as a table's header. The row after them.
    pub(super) fn stacked_at(&mut self, row: u32) -> Option<u32> {
        if !self.view.context.recognisers.blocks {
            return None;
        }
        let label_col = self.records_start(row)?;
        let matrix = self.view.stacked_records(row, label_col)?;
        let read = self.view.read_records(&matrix, &[self.view.grid])?;
        Some(self.take_matrix(&matrix, &read))
    }

    /// Records transposed at `row`, where a table was read too (its
    /// reading the last one, the sheet's readings `before` it as counted):
    /// when they read better, the table's reading is withdrawn and they are
    /// taken; the row after them.
    pub(super) fn transposed_over_table(&mut self, row: u32, before: ReadingsSoFar) -> Option<u32> {
        let table = *self.out.table_totals.last()?;
        let label_col = self.records_start(row)?;
        let matrix = self.view.transposed_records(row, label_col)?;
        if self.view.signs_off(&matrix) {
            return None;
        }
        let read = self.view.read_records(&matrix, &[self.view.grid])?;
        if read.total <= table {
            return None;
        }
        self.out.tables.truncate(before.tables);
        self.out.table_totals.truncate(before.tables);
        self.out.warnings.truncate(before.warnings);
        Some(self.take_matrix(&matrix, &read))
    }

    /// The label column of records starting at `row`: a label with the
    /// first record's value right of it (a title line or a heading starts
    /// none) and no label further right (a goal block's pairs of labels
    /// and values, 重点目標 | … | 部局名 | …); none inside a record the
    /// dictionary's labels opened, whose rows are its own.
    fn records_start(&self, row: u32) -> Option<u32> {
        if self.walk.record.is_some() {
            return None;
        }
        let label_col = self.view.first_cell(row)?;
        let (vr, vc) = right_of(self.view.grid, row, label_col)?;
        if self.view.grid.get(vr, vc).is_empty()
            || self.view.record_label(row, label_col).is_none()
            || (vc..self.view.grid.cols()).any(|c| self.view.label(row, c).is_some())
        {
            return None;
        }
        Some(label_col)
    }

    /// Takes the records of a matrix read: the row after them.
    fn take_matrix(&mut self, matrix: &RecordMatrix, read: &RecordsRead) -> u32 {
        let end = self
            .view
            .records_end(matrix)
            .max(matrix.labels.iter().map(|p| p.row).max().unwrap_or(0));
        self.take_records(read, 0);
        end + 1
    }

    /// Records read with other sheets', when this sheet's start at `row`:
    /// taken; the row after them.
    pub(super) fn given_records_at(&mut self, row: u32) -> Option<u32> {
        let given = self.view.given?;
        let bounds = given.read.bounds_on(given.sheet)?.clone();
        if row != *bounds.rows.start() {
            return None;
        }
        self.take_records(given.read, given.sheet);
        Some(bounds.rows.end() + 1)
    }
}

impl SheetView<'_> {
    /// The last row records take.
    fn records_end(&self, matrix: &RecordMatrix) -> u32 {
        matrix
            .records
            .iter()
            .flatten()
            .chain(&matrix.other_labels)
            .map(|p| {
                self.grid
                    .merge_at(p.row, p.col)
                    .map_or(p.row, |m| m.last_row)
            })
            .max()
            .unwrap_or(0)
    }

    /// The first cell of a row holding a value of its own; a record's
    /// caption before it (取組1, No.2 — a short text ending in its number)
    /// is passed over when the row goes on with a label and its value.
    fn first_cell(&self, row: u32) -> Option<u32> {
        let own = |c: u32| self.grid.origin(row, c).0 == row && !self.grid.get(row, c).is_empty();
        let first = (0..self.grid.cols()).find(|&c| own(c))?;
        let next = self.grid.merge_at(row, first).map_or(first, |m| m.last_col) + 1;
        let captions_record = self.grid.text(row, first).is_some_and(is_record_caption)
            && own(next)
            && record_label_at(self.grid, self.labels, row, next).is_some()
            && right_of(self.grid, row, next)
                .is_some_and(|(vr, vc)| !self.grid.get(vr, vc).is_empty());
        Some(if captions_record { next } else { first })
    }

    /// The label at `(row, col)` when it can be a record's
    /// ([`record_label_at`]) and is the first cell of its row.
    fn record_label(&self, row: u32, col: u32) -> Option<&str> {
        if self.first_cell(row) != Some(col) {
            return None;
        }
        record_label_at(self.grid, self.labels, row, col)
    }

    /// Records transposed at `row`: labels down one column from `row`, three
    /// or more, and right of them two or more columns holding values of
    /// their own, one record each, no label among them nor three days.
    pub(super) fn transposed_records(&self, row: u32, label_col: u32) -> Option<RecordMatrix> {
        /// The fewest days down a column that make it a table's column.
        const MIN_DAYS_DOWN: usize = 3;
        let below = |k: u32| self.first_cell(row + k) == Some(label_col);
        if !below(1) || !below(2) {
            return None;
        }
        let value_col = self
            .grid
            .merge_at(row, label_col)
            .map_or(label_col, |m| m.last_col)
            + 1;
        let mut rows = Vec::new();
        let mut r = row;
        while r < self.grid.rows() && self.record_label(r, label_col).is_some() {
            let start = self
                .grid
                .merge_at(r, label_col)
                .map_or(label_col, |m| m.last_col)
                + 1;
            if start != value_col {
                break;
            }
            rows.push(r);
            r += 1;
        }
        if rows.len() < MIN_FIELDS {
            return None;
        }
        let own = |c: u32| {
            rows.iter()
                .any(|&fr| self.grid.origin(fr, c) == (fr, c) && !self.grid.get(fr, c).is_empty())
        };
        let any = |c: u32| rows.iter().any(|&fr| !self.grid.get(fr, c).is_empty());
        let end = (value_col..self.grid.cols())
            .find(|&c| !any(c))
            .unwrap_or(self.grid.cols());
        let cols: Vec<u32> = (value_col..end).filter(|&c| own(c)).collect();
        // The first label's row holds values (a title line above is none).
        let first_filled = cols.iter().any(|&c| !self.grid.get(row, c).is_empty());
        if cols.len() < 2 || !own(value_col) || !first_filled {
            return None;
        }
        // A record down a column holds one field a row, a day in one or two
        // of them: a column of three days or more is a table's column of
        // days (開催予定日 over 9/1, 9/9, 11/20), its rows records of their
        // own.
        let dated = cols.iter().any(|&c| {
            rows.iter()
                .filter(|&&fr| super::profile::day_of(self.grid.get(fr, c)).is_some())
                .count()
                >= MIN_DAYS_DOWN
        });
        if dated {
            return None;
        }
        let labelled = rows
            .iter()
            .any(|&fr| cols.iter().any(|&c| self.label(fr, c).is_some()));
        let at = |row: u32, col: u32| Place { sheet: 0, row, col };
        let labels: Vec<Place> = rows.iter().map(|&fr| at(fr, label_col)).collect();
        if labelled {
            return None;
        }
        Some(RecordMatrix {
            shape: RecordShape::Transposed,
            records: cols
                .iter()
                .map(|&c| rows.iter().map(|&fr| at(fr, c)).collect())
                .collect(),
            labels,
            other_labels: Vec::new(),
        })
    }

    /// Whether transposed records are a box of sign-offs (確認欄 | 局長 |
    /// 次長 over rows 中間 / 期末): each record a word of a few characters
    /// on the first row, a post that stamps rather than a phrase of work,
    /// and nothing written under any of them.
    fn signs_off(&self, matrix: &RecordMatrix) -> bool {
        /// The most characters of a post (局長, 課長補佐).
        const MAX_POST_CHARS: usize = 4;
        matrix.shape == RecordShape::Transposed
            && matrix.records.iter().all(|record| {
                let Some((first, later)) = record.split_first() else {
                    return false;
                };
                self.grid
                    .text(first.row, first.col)
                    .is_some_and(|t| t.trim().chars().count() <= MAX_POST_CHARS)
                    && later.iter().all(|p| self.grid.get(p.row, p.col).is_empty())
            })
    }

    /// Records in stacked blocks from `row`: label rows down one column
    /// whose first label comes again, the labels of the first block coming
    /// again in the same order in every block; each value is right of its
    /// label. A row above each block that is none of its labels (取組 1)
    /// is the block's heading.
    pub(super) fn stacked_records(&self, row: u32, label_col: u32) -> Option<RecordMatrix> {
        let (entries, starts) = self.label_entries(row, label_col)?;
        let blocks: Vec<&[Entry]> = starts
            .iter()
            .enumerate()
            .map(|(i, &s)| &entries[s..starts.get(i + 1).copied().unwrap_or(entries.len())])
            .collect();
        let fields = common_labels(&blocks);
        if fields.len() < MIN_FIELDS {
            return None;
        }
        let at = |row: u32| Place {
            sheet: 0,
            row,
            col: label_col,
        };
        let labels: Vec<Place> = fields.iter().map(|&i| at(blocks[0][i].row)).collect();
        let value_col = |row: u32| {
            self.grid
                .merge_at(row, label_col)
                .map_or(label_col, |m| m.last_col)
                + 1
        };
        let mut records = Vec::new();
        let mut other_labels = Vec::new();
        for block in &blocks {
            let rows = matched_rows(block, blocks[0], &fields)?;
            if rows.iter().any(|&r| value_col(r) >= self.grid.cols()) {
                return None;
            }
            records.push(
                rows.iter()
                    .map(|&r| Place {
                        sheet: 0,
                        row: r,
                        col: value_col(r),
                    })
                    .collect::<Vec<_>>(),
            );
            let last = rows.last().copied().unwrap_or(0);
            other_labels.extend(
                block
                    .iter()
                    .filter(|e| e.row <= last || self.heads_block(e.row, label_col))
                    .map(|e| at(e.row)),
            );
        }
        // The first block's own heading, above it.
        if row > 0 && self.heads_block(row - 1, label_col) {
            other_labels.push(at(row - 1));
        }
        other_labels.retain(|p| !labels.contains(p));
        Some(RecordMatrix {
            shape: RecordShape::Stacked,
            labels,
            records,
            other_labels,
        })
    }

    /// Whether the row at `row` heads the block below it: a text alone in
    /// its row in the labels' column, over the block's first label.
    fn heads_block(&self, row: u32, label_col: u32) -> bool {
        self.record_label(row, label_col).is_some()
            && !self.has_value_right(row, label_col)
            && row + 1 < self.grid.rows()
            && self.first_cell(row + 1) == Some(label_col)
    }

    /// The labels down `label_col` from `row` (blank rows between blocks
    /// skipped), normalised, and where each block starts: at every label
    /// like the first. None when the first is not written again within a
    /// block's rows.
    fn label_entries(&self, row: u32, label_col: u32) -> Option<(Vec<Entry>, Vec<usize>)> {
        let first = self.record_label(row, label_col)?;
        // Most rows start no block: their label is not written again below.
        let end = (row + 1 + MAX_BLOCK_ROWS as u32).min(self.grid.rows());
        let again = (row + 1..end)
            .take_while(|&r| self.grid.row_is_empty(r) || self.first_cell(r) == Some(label_col))
            .any(|r| self.grid.text(r, label_col) == Some(first));
        if !again {
            return None;
        }
        let mut key = String::new();
        normalize_into(first, &mut key);
        let mut entries: Vec<Entry> = Vec::new();
        let mut starts = Vec::new();
        let mut blanks = 0;
        let mut r = row;
        while r < self.grid.rows() {
            if self.grid.row_is_empty(r) {
                blanks += 1;
                if blanks > MAX_BLANKS_BETWEEN {
                    break;
                }
                r += 1;
                continue;
            }
            blanks = 0;
            let Some(text) = self.record_label(r, label_col) else {
                break;
            };
            let mut normalized = String::new();
            normalize_into(text, &mut normalized);
            if normalized == key {
                starts.push(entries.len());
            }
            entries.push(Entry {
                row: r,
                text: normalized,
            });
            if starts.len() < 2 && entries.len() > MAX_BLOCK_ROWS {
                return None;
            }
            r += 1;
        }
        (starts.len() >= 2).then_some((entries, starts))
    }
}

/// The labels of the first block that every block has, in the same order:
/// their indices in the first block. A label written twice in the first
/// block is none.
fn common_labels(blocks: &[&[Entry]]) -> Vec<usize> {
    let Some(first) = blocks.first() else {
        return Vec::new();
    };
    let mut fields: Vec<usize> = Vec::new();
    let mut positions = vec![0usize; blocks.len()];
    for (i, e) in first.iter().enumerate() {
        if first.iter().filter(|o| o.text == e.text).count() > 1 {
            continue;
        }
        let found: Option<Vec<usize>> = blocks
            .iter()
            .zip(&positions)
            .map(|(b, &from)| {
                b.get(from..)?
                    .iter()
                    .position(|o| o.text == e.text)
                    .map(|p| from + p)
            })
            .collect();
        if let Some(found) = found {
            for (pos, at) in positions.iter_mut().zip(found) {
                *pos = at + 1;
            }
            fields.push(i);
        }
    }
    fields
}

/// The rows of a block's fields (the first block's `fields`), in order.
fn matched_rows(block: &[Entry], first: &[Entry], fields: &[usize]) -> Option<Vec<u32>> {
    let mut from = 0;
    fields
        .iter()
        .map(|&i| {
            let at = from
                + block
                    .get(from..)?
                    .iter()
                    .position(|e| e.text == first[i].text)?;
            from = at + 1;
            Some(block[at].row)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use rstest::rstest;

    use crate::grid::{Grid, MergedRange};
    use crate::interpret::dictionary::normalize_label;
    use crate::interpret::{
        FieldDictionary, InterpretOptions, WorkbookOutcome, interpret_workbook,
    };
    use crate::model::{ItemField, Report, SheetReport};

    /// Labels a department made up: no dictionary word names them.
    const UNKNOWN: &[&str] = &[
        "取組",
        "締め切り",
        "9月の状況",
        "3月の状況",
        "担当係",
        "ねらい",
        "テーマ",
        "期日目安",
        "中間ふりかえり",
        "最終ふりかえり",
        "取り組むこと",
        "いつまで",
        "半年後の状況",
        "1年後の状況",
        "やること",
        "中身",
    ];

    fn sheet(name: &str, rows: &[&[&str]], merges: &[(u32, u32, u32, u32)]) -> Grid {
        let mut g = Grid::from_texts(name, rows);
        for &(first_row, first_col, last_row, last_col) in merges {
            g.add_merge(MergedRange {
                first_row,
                first_col,
                last_row,
                last_col,
            });
        }
        g
    }

    fn read(sheets: &[Grid]) -> Vec<SheetReport> {
        match interpret_workbook(
            Path::new("令和8年度_消防本部.xlsx"),
            sheets,
            &FieldDictionary::default(),
            &InterpretOptions::default(),
        ) {
            WorkbookOutcome::Reports(r) => r,
            other => panic!("not read: {other:?}"),
        }
    }

    /// An item as read: title, goal, deadline text, interim report (or
    /// none), the cell of the year-end report, owner, layout.
    fn shown(reports: &[SheetReport]) -> Vec<String> {
        reports
            .iter()
            .flat_map(|r| {
                r.items().map(move |(goal, item)| {
                    let interim = match &item.interim {
                        Report::Filled(t) => t.to_string(),
                        Report::Empty => "空".into(),
                        Report::NotInLayout => "欄なし".into(),
                    };
                    let year_end = item
                        .cells
                        .get(ItemField::YearEnd)
                        .map_or(String::new(), |c| c.to_string());
                    format!(
                        "{} | {} | {} | {} | {} | {} | {}",
                        item.title(),
                        goal.title,
                        item.deadline_text().unwrap_or_default(),
                        interim,
                        year_end,
                        item.owners.join("、"),
                        r.layout
                    )
                })
            })
            .collect()
    }

    #[test]
    fn the_labels_of_these_records_are_no_dictionary_words() {
        let dict = FieldDictionary::default();
        for word in UNKNOWN {
            assert_eq!(dict.classify(&normalize_label(word)), None, "{word}");
        }
    }

    #[rstest]
    #[case::transposed(
        vec![sheet(
            "取組",
            &[
                &["令和8年度 消防本部 重点取組"],
                &[],
                &["取組", "消防団員の確保", "救急講習の受講者拡大"],
                &["締め切り", "通年", "12月"],
                &["9月の状況", "学生団員5人が入団した。", "上半期で1,420人が受講した。"],
                &["3月の状況"],
            ],
            &[],
        )],
        &[
            "消防団員の確保 | 令和8年度 消防本部 重点取組 | 通年 | 学生団員5人が入団した。 | 取組!B6 |  | transposed",
            "救急講習の受講者拡大 | 令和8年度 消防本部 重点取組 | 12月 | 上半期で1,420人が受講した。 | 取組!C6 |  | transposed",
        ]
    )]
    #[case::transposed_goals_merged_across(
        vec![sheet(
            "取組",
            &[
                &["", "令和8年度 上下水道局 取組シート"],
                &[],
                &["", "ねらい", "安全な水の安定供給", "", "下水道経営の健全化"],
                &["", "取組", "水道管の耐震化", "使用料の改定検討", "経営戦略の改定"],
                &["", "締め切り", "R9.3", "2月", "9月"],
                &["", "9月の状況", "工事3件を発注した。", "審議会を2回開催した。", ""],
                &["", "3月の状況"],
                &["", "担当係", "工務係", "経営係", "経営係"],
            ],
            &[(2, 2, 2, 3)],
        )],
        &[
            "水道管の耐震化 | 安全な水の安定供給 | R9.3 | 工事3件を発注した。 | 取組!C7 | 工務係 | transposed",
            "使用料の改定検討 | 安全な水の安定供給 | 2月 | 審議会を2回開催した。 | 取組!D7 | 経営係 | transposed",
            "経営戦略の改定 | 下水道経営の健全化 | 9月 | 空 | 取組!E7 | 経営係 | transposed",
        ]
    )]
    #[case::stacked_blocks(
        vec![sheet(
            "取組票",
            &[
                &["令和8年度 消防本部 取組票"],
                &[],
                &["1件目"],
                &["やること", "消防団員の確保"],
                &["期日目安", "通年"],
                &["中間ふりかえり", "学生団員5人が入団した。"],
                &["最終ふりかえり"],
                &[],
                &["2件目"],
                &["やること", "救急講習の受講者拡大"],
                &["期日目安", "12月"],
                &["中間ふりかえり", "上半期で1,420人が受講した。"],
                &["最終ふりかえり"],
            ],
            &[],
        )],
        &[
            "消防団員の確保 | 令和8年度 消防本部 取組票 | 通年 | 学生団員5人が入団した。 | 取組票!B7 |  | blocks",
            "救急講習の受講者拡大 | 令和8年度 消防本部 取組票 | 12月 | 上半期で1,420人が受講した。 | 取組票!B13 |  | blocks",
        ]
    )]
    #[case::cards(
        ["1", "2"].iter().zip([
            ["消防団員の確保", "通年", "学生団員5人が入団した。"],
            ["救急講習の受講者拡大", "12月", "上半期で1,420人が受講した。"],
        ]).map(|(name, [item, due, interim])| sheet(
            name,
            &[
                &["令和8年度 消防本部 取組カード"],
                &[],
                &["取り組むこと", item],
                &["いつまで", due],
                &["半年後の状況", interim],
                &["1年後の状況"],
            ],
            &[],
        )).collect(),
        &[
            "消防団員の確保 | 令和8年度 消防本部 取組カード | 通年 | 学生団員5人が入団した。 | 1!B6 |  | cards",
            "救急講習の受講者拡大 | 令和8年度 消防本部 取組カード | 12月 | 上半期で1,420人が受講した。 | 2!B6 |  | cards",
        ]
    )]
    fn records_of_unknown_labels_are_read_as_a_table(
        #[case] sheets: Vec<Grid>,
        #[case] expected: &[&str],
    ) {
        let reports = read(&sheets);
        assert_eq!(shown(&reports), expected, "{reports:#?}");
        for r in &reports {
            let table = &r.reading.tables[0];
            assert_eq!(table.header_rows, 1);
            // Every value of the records was used: none left unread inside.
            assert!(
                r.reading.coverage.not_used_in_items.is_empty(),
                "{:?}",
                r.reading.coverage.not_used_in_items
            );
        }
    }

    /// A field's place is its label's cell; the range is where the records
    /// stand on the sheet.
    #[test]
    fn a_transposed_reading_names_its_fields_by_their_label_cells() {
        let reports = read(&[sheet(
            "取組",
            &[
                &["取組", "消防団員の確保", "救急講習の受講者拡大"],
                &["締め切り", "通年", "12月"],
                &["9月の状況", "学生団員5人が入団した。", ""],
            ],
            &[],
        )]);
        let table = &reports[0].reading.tables[0];
        assert_eq!(table.range, "A1:C3");
        let places: Vec<&str> = table.columns.iter().map(|c| c.column.as_str()).collect();
        assert_eq!(places, ["A1", "A2", "A3"]);
    }

    /// A `[[parse.layouts]]` mapping names a field by its label's cell, as
    /// `check --propose` prints it when labels repeat.
    #[test]
    fn a_layout_mapping_names_a_field_by_its_label_cell() {
        let mut opts = InterpretOptions::default();
        opts.layouts.push(crate::interpret::LayoutMapping {
            file: None,
            sheet: None,
            fingerprint: None,
            columns: [("A2".to_string(), crate::model::Role::Extra)].into(),
            ..Default::default()
        });
        let g = sheet(
            "取組",
            &[
                &["取組", "消防団員の確保", "救急講習の受講者拡大"],
                &["締め切り", "通年", "12月"],
                &["9月の状況", "学生団員5人が入団した。", ""],
            ],
            &[],
        );
        let out = interpret_workbook(
            Path::new("令和8年度_消防本部.xlsx"),
            &[g],
            &FieldDictionary::default(),
            &opts,
        );
        let report = &out.reports()[0];
        let roles: Vec<_> = report.reading.tables[0]
            .columns
            .iter()
            .map(|c| c.role)
            .collect();
        assert_eq!(roles[1], crate::model::Role::Extra, "{report:#?}");
        assert!(report.items().all(|(_, i)| i.deadline_text().is_none()));
    }

    /// Cards listed on an index sheet: the index's rows are not items.
    #[test]
    fn an_index_of_cards_of_unknown_labels_is_no_items_of_its_own() {
        let card = |name: &str, item: &str, due: &str| {
            sheet(
                name,
                &[
                    &["令和8年度 取組カード"],
                    &["取り組むこと", item],
                    &["いつまで", due],
                    &["担当係", "警防係"],
                    &["半年後の状況"],
                ],
                &[],
            )
        };
        let index = sheet(
            "一覧",
            &[
                &["令和8年度 消防本部 取組一覧"],
                &["No.", "取組項目", "担当課", "期限"],
                &["1", "消防団員の確保", "警防課", "通年"],
                &["2", "救急講習の受講者拡大", "救急課", "12月"],
            ],
            &[],
        );
        let reports = read(&[
            index,
            card("1", "消防団員の確保", "通年"),
            card("2", "救急講習の受講者拡大", "12月"),
        ]);
        let sheets: Vec<&str> = reports.iter().map(|r| r.sheet.as_str()).collect();
        assert_eq!(sheets, ["1", "2"]);
        assert!(
            reports[0]
                .warnings
                .iter()
                .any(|w| w.message.contains("一覧（索引）")),
            "{:?}",
            reports[0].warnings
        );
    }

    /// What is no records stays as it was: a list of labels and values
    /// once, a table of items.
    #[rstest]
    #[case::labels_once(sheet("取組", &[
        &["令和8年度 消防本部"],
        &["テーマ", "消防団員の確保"],
        &["期日目安", "通年"],
        &["中間ふりかえり", "学生団員5人が入団した。"],
    ], &[]), None)]
    #[case::table(sheet("取組", &[
        &["令和8年度 消防本部 目標"],
        &["やること", "いつまで", "担当係"],
        &["消防団員の確保", "通年", "警防係"],
        &["救急講習の受講者拡大", "12月", "救急係"],
    ], &[]), Some("table"))]
    fn what_is_no_records_is_read_as_before(#[case] g: Grid, #[case] layout: Option<&str>) {
        let out = interpret_workbook(
            Path::new("令和8年度_消防本部.xlsx"),
            &[g],
            &FieldDictionary::default(),
            &InterpretOptions::default(),
        );
        let layouts: Vec<String> = out.reports().iter().map(|r| r.layout.to_string()).collect();
        assert_eq!(layouts.first().map(String::as_str), layout, "{out:?}");
    }
}
