//! Tables whose records take several rows, one per kind of row: a 工程表
//! writes each item on a row of 予定 and a row of 実績 (or 計画 / 実績,
//! 目標 / 実績), the item merged down over both. A column of row kinds
//! repeats a few short values (no names of units) in the same order record
//! after record, and another column's values are merged down over each
//! record; the columns are weighed over the records' first rows.

use super::SheetParser;
use super::band::Leaf;
use super::profile::unit_name;

/// The most kinds of row one record takes.
const MAX_KINDS: usize = 3;
/// The longest row kind's name (characters).
const MAX_KIND_CHARS: usize = 6;

impl SheetParser<'_> {
    /// The column of row kinds among `leaves` (its index) and the rows of
    /// `rows` that start a record, when the table's records take several
    /// rows each.
    pub(super) fn row_kinds(&self, rows: &[u32], leaves: &[Leaf]) -> Option<(usize, Vec<u32>)> {
        leaves.iter().enumerate().find_map(|(i, leaf)| {
            let period = self.cycle(rows, leaf.col())?;
            let starts: Vec<u32> = rows.iter().step_by(period).copied().collect();
            let grouped = leaves
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && self.starts_only_records(rows, &starts, other.col()));
            grouped.then_some((i, starts))
        })
    }

    /// The period of a column whose short texts repeat in the same order
    /// in every row (予定, 実績, 予定, 実績 …): two or three kinds, each
    /// record complete, at least two records.
    fn cycle(&self, rows: &[u32], col: u32) -> Option<usize> {
        let values: Vec<&str> = rows
            .iter()
            .map(|&r| self.grid.text(r, col).map(str::trim))
            .collect::<Option<_>>()?;
        let first = values.first()?;
        let period = values.iter().skip(1).position(|v| v == first)? + 1;
        let kinds = &values[..period];
        let short = |v: &&str| {
            let chars = v.chars().count();
            (1..=MAX_KIND_CHARS).contains(&chars)
                && !v.chars().any(|c| c.is_ascii_digit())
                && unit_name(v).is_none()
        };
        let distinct = kinds
            .iter()
            .enumerate()
            .all(|(i, k)| !kinds[..i].contains(k));
        ((2..=MAX_KINDS).contains(&period)
            && distinct
            && kinds.iter().all(short)
            && values.len() >= 2 * period
            && values.len().is_multiple_of(period)
            && values
                .iter()
                .enumerate()
                .all(|(i, v)| *v == kinds[i % period]))
        .then_some(period)
    }

    /// Whether a column's value on every record's first row is merged
    /// down over the record's other rows.
    fn starts_only_records(&self, rows: &[u32], starts: &[u32], col: u32) -> bool {
        rows.iter().all(|&r| {
            let origin = self.grid.origin(r, col).0;
            if starts.contains(&r) {
                origin == r
                    && !self.grid.get(r, col).is_empty()
                    && self.grid.merge_at(r, col).is_some()
            } else {
                origin != r
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::grid::{Grid, MergedRange};
    use crate::interpret::sheet::band::Leaf;
    use crate::interpret::sheet::{
        HeaderWords, Labels, Recognisers, SheetParser, TextDeadlines, WorkbookContext,
    };
    use crate::interpret::{FieldDictionary, InterpretOptions};

    fn leaf(col: u32) -> Leaf {
        Leaf {
            cols: col..col + 1,
            text: String::new(),
            parents: Vec::new(),
            cell: None,
        }
    }

    fn kinds(grid: &Grid) -> Option<(usize, Vec<u32>)> {
        let dict = FieldDictionary::default();
        let opts = InterpretOptions::default();
        let context = WorkbookContext {
            dict: &dict,
            opts: &opts,
            recognisers: Recognisers {
                tables: true,
                blocks: true,
            },
            layouts: Vec::new(),
            deadlines: TextDeadlines::default(),
            header_words: HeaderWords::default(),
            text_counts: Default::default(),
        };
        let labels = Labels::new(grid, &dict);
        let parser = SheetParser::new(
            grid,
            &labels,
            crate::calendar::FiscalYear(2026),
            &context,
            &[],
        );
        let rows: Vec<u32> = (0..grid.rows()).collect();
        parser.row_kinds(&rows, &[leaf(0), leaf(1), leaf(2)])
    }

    #[test]
    fn plan_and_result_rows_under_a_merged_item_are_one_record() {
        let mut g = Grid::from_texts(
            "s",
            &[
                &["道路補修", "予定", "→"],
                &["", "実績", "●"],
                &["橋梁修繕", "予定", "→"],
                &["", "実績", ""],
            ],
        );
        for first_row in [0, 2] {
            g.add_merge(MergedRange {
                first_row,
                first_col: 0,
                last_row: first_row + 1,
                last_col: 0,
            });
        }
        assert_eq!(kinds(&g), Some((1, vec![0, 2])));
    }

    #[test]
    fn departments_taking_turns_over_items_written_once_are_no_row_kinds() {
        let g = Grid::from_texts(
            "s",
            &[
                &["企画部", "避難所の運営", "素案を作成した"],
                &["建設部", "文書管理", ""],
                &["企画部", "開館時間の延長", "研修を実施した。"],
                &["建設部", "窓口の電子化", ""],
            ],
        );
        assert_eq!(kinds(&g), None);
    }

    #[test]
    fn values_that_merely_repeat_are_no_row_kinds() {
        // A status written in every row, every item on its own row.
        let g = Grid::from_texts(
            "s",
            &[
                &["道路補修", "完了", "→"],
                &["橋梁修繕", "実施中", "●"],
                &["公園整備", "完了", "→"],
                &["河川改修", "実施中", ""],
            ],
        );
        assert_eq!(kinds(&g), None);
    }
}
