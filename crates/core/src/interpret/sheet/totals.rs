//! Rows that total a table's rows (合計, 小計, a weight's sum, a cached
//! SUM): no item. A row is one when a cell of it is labelled with a word
//! of totals (the dictionary's `totals`), or when its label is short and a
//! column's number on it is the sum of that column's numbers above it;
//! the rest of the row holds numbers or nothing.

use super::super::dictionary::{fold_width, normalize_label};
use super::super::text::number_in as number_of;
use super::SheetView;
use super::table::TableBody;

/// The longest label (characters) of a total row the dictionary has no
/// word for.
const MAX_TOTAL_LABEL_CHARS: usize = 4;
/// The longest part (characters) of a tally, a word and its count
/// (`未着手1`, `目標達成3`).
const MAX_TALLY_PART_CHARS: usize = 8;

impl SheetView<'_> {
    /// Whether row `r` of a table totals the rows above it.
    pub(super) fn is_total_row(&self, r: u32, table: &TableBody<'_>) -> bool {
        let mut labelled = false;
        let mut short_label = false;
        let mut numbers: Vec<(u32, f64)> = Vec::new();
        for c in table.cols.span.clone() {
            if self.grid.origin(r, c) != (r, c) {
                continue;
            }
            let value = self.grid.get(r, c);
            if value.is_empty() {
                continue;
            }
            if let Some(n) = number_of(value) {
                numbers.push((c, n));
                continue;
            }
            let Some(text) = self.grid.text(r, c) else {
                return false;
            };
            let label = normalize_label(text);
            if self.dict().is_total(&label) {
                labelled = true;
            } else if label.chars().count() <= MAX_TOTAL_LABEL_CHARS
                && !short_label
                && !text.contains('\n')
            {
                short_label = true;
            } else if !is_tally(text) {
                return false;
            }
        }
        if labelled {
            return true;
        }
        numbers
            .iter()
            .filter(|&&(c, _)| Some(c) != table.number_col)
            .any(|&(c, n)| self.sums_above(r, c, n, table))
    }

    /// Whether `total` is the sum of the numbers of column `c` in the
    /// table's rows above `r` (two of them at least), rows labelled as
    /// totals left out.
    fn sums_above(&self, r: u32, c: u32, total: f64, table: &TableBody<'_>) -> bool {
        let mut sum = 0.0;
        let mut count = 0;
        for row in table.body_start..r {
            if self.grid.origin(row, c) != (row, c) || self.labels_a_total(row, table) {
                continue;
            }
            if let Some(n) = number_of(self.grid.get(row, c)) {
                sum += n;
                count += 1;
            }
        }
        count >= 2 && sum != 0.0 && (sum - total).abs() <= 1e-6 * total.abs().max(1.0)
    }

    /// Whether a cell of row `row` holds a word of totals.
    fn labels_a_total(&self, row: u32, table: &TableBody<'_>) -> bool {
        table.cols.span.clone().any(|c| {
            self.grid
                .text(row, c)
                .is_some_and(|t| self.dict().is_total(&normalize_label(t)))
        })
    }
}

/// Whether a text is nothing but counts, each a number after a word or
/// before a counter (`6件`, `完了2 実施中3 未着手1`, `A:3、B:2`): a
/// tally of the rows above, as a total row writes it.
fn is_tally(text: &str) -> bool {
    let mut parts = text
        .split(|c: char| c.is_whitespace() || matches!(c, '、' | ',' | '，' | '/' | '／'))
        .filter(|part| !part.is_empty())
        .peekable();
    parts.peek().is_some()
        && parts.all(|part| {
            part.chars().count() <= MAX_TALLY_PART_CHARS
                && part.chars().any(|c| fold_width(c).is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::CellValue;
    use rstest::rstest;

    #[rstest]
    #[case("1,200", Some(1200.0))]
    #[case("２，３００", Some(2300.0))]
    #[case("▲800", Some(-800.0))]
    #[case("40%", Some(40.0))]
    #[case("0.5", Some(0.5))]
    #[case("合計", None)]
    #[case("1-1", None)]
    #[case(" △1.5％ ", Some(-1.5))]
    #[case("－７", Some(-7.0))]
    #[case("-", None)]
    #[case("%", None)]
    #[case(",", None)]
    #[case("", None)]
    #[case("12件", None)]
    #[case("--3", None)]
    #[case("1.2.3", None)]
    fn numbers_written_as_text(#[case] text: &str, #[case] number: Option<f64>) {
        assert_eq!(number_of(&CellValue::Text(text.into())), number);
    }

    #[rstest]
    #[case("6件", true)]
    #[case("完了2 実施中3 未着手1", true)]
    #[case("A:3、B:2", true)]
    #[case("５項目", true)]
    #[case("民生委員の欠員解消", false)]
    #[case("研修を2回開催した", false)]
    #[case("", false)]
    fn tallies(#[case] text: &str, #[case] tally: bool) {
        assert_eq!(is_tally(text), tally);
    }
}
