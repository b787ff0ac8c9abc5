//! Where each cell of a sheet went. The parser claims every cell it takes
//! — as a field of an item, a field of a goal (or the sheet's department or
//! fiscal year), or a label or heading — and marks the rows and columns of
//! its item tables and record blocks; what no one claimed is "not used", and
//! the cells not used inside item tables and record blocks are listed.

use std::sync::Arc;

use crate::grid::Grid;
use crate::model::{CellRef, Coverage, UnusedCell};

use super::super::text::{cell_text, first_chars};

/// What a claimed cell is. A cell claimed twice counts as the later kind
/// in this order (a label that also names the goal is a field of the goal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Claim {
    Label = 1,
    Goal = 2,
    Item = 3,
}

/// Inside an item table or a record block.
const IN_ITEMS: u8 = 0x80;
const KIND: u8 = 0x7F;

/// How many characters of a cell not used are shown.
const SHOWN_CHARS: usize = 24;

/// One byte per cell of the sheet: its claim and whether it lies inside an
/// item table or record block.
#[derive(Debug, Default)]
pub(crate) struct Claims {
    cols: u32,
    marks: Vec<u8>,
}

impl Claims {
    pub(crate) fn new(grid: &Grid) -> Self {
        let cells = u64::from(grid.rows()) * u64::from(grid.cols());
        Claims {
            cols: grid.cols(),
            marks: vec![0; usize::try_from(cells).unwrap_or(0)],
        }
    }

    fn index(&self, row: u32, col: u32) -> Option<usize> {
        if col >= self.cols {
            return None;
        }
        let i = usize::try_from(u64::from(row) * u64::from(self.cols) + u64::from(col)).ok()?;
        (i < self.marks.len()).then_some(i)
    }

    /// Claims the cell at `(row, col)` (or the merged region covering it).
    pub(crate) fn claim(&mut self, grid: &Grid, row: u32, col: u32, claim: Claim) {
        let (r, c) = grid.origin(row, col);
        if let Some(i) = self.index(r, c) {
            let kind = (self.marks[i] & KIND).max(claim as u8);
            self.marks[i] = (self.marks[i] & IN_ITEMS) | kind;
        }
    }

    /// Claims the cell a reference names (on this sheet).
    pub(crate) fn claim_ref(&mut self, grid: &Grid, cell: &CellRef, claim: Claim) {
        if *cell.sheet == *grid.name {
            self.claim(grid, cell.row, cell.col, claim);
        }
    }

    /// The cells claimed, as (row, column, claim).
    pub(crate) fn claimed(&self) -> impl Iterator<Item = (u32, u32, Claim)> + '_ {
        let cols = self.cols.max(1) as usize;
        self.marks.iter().enumerate().filter_map(move |(i, &mark)| {
            let claim = match mark & KIND {
                k if k == Claim::Item as u8 => Claim::Item,
                k if k == Claim::Goal as u8 => Claim::Goal,
                k if k == Claim::Label as u8 => Claim::Label,
                _ => return None,
            };
            Some(((i / cols) as u32, (i % cols) as u32, claim))
        })
    }

    /// Whether the cell at `(row, col)` is claimed as a field of an item.
    pub(crate) fn of_an_item(&self, row: u32, col: u32) -> bool {
        self.index(row, col)
            .is_some_and(|i| self.marks[i] & KIND == Claim::Item as u8)
    }

    /// Marks the cells of `rows` × `cols` as inside an item table or record
    /// block.
    pub(crate) fn mark_items(&mut self, rows: std::ops::Range<u32>, cols: std::ops::Range<u32>) {
        for r in rows {
            for c in cols.clone() {
                if let Some(i) = self.index(r, c) {
                    self.marks[i] |= IN_ITEMS;
                }
            }
        }
    }

    /// Counts the non-empty cells of the sheet by where they went.
    pub(crate) fn coverage(&self, grid: &Grid) -> Coverage {
        let mut coverage = Coverage::default();
        let sheet: Arc<str> = Arc::from(grid.name.as_str());
        for r in 0..grid.rows() {
            for c in 0..grid.cols() {
                if grid.origin(r, c) != (r, c) {
                    continue;
                }
                let Some(text) = cell_text(grid.get(r, c)) else {
                    continue;
                };
                let mark = self.index(r, c).map_or(0, |i| self.marks[i]);
                match mark & KIND {
                    k if k == Claim::Item as u8 => coverage.item_fields += 1,
                    k if k == Claim::Goal as u8 => coverage.goal_fields += 1,
                    k if k == Claim::Label as u8 => coverage.labels += 1,
                    _ => {
                        coverage.not_used += 1;
                        if mark & IN_ITEMS != 0 {
                            coverage.not_used_in_items.push(UnusedCell {
                                cell: CellRef::new(Arc::clone(&sheet), r, c),
                                text: first_chars(&text, SHOWN_CHARS).into(),
                            });
                        }
                    }
                }
            }
        }
        coverage
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(cells: &[&[&str]]) -> Grid {
        Grid::from_texts("S", cells)
    }

    #[test]
    fn every_non_empty_cell_is_counted_once() {
        let g = grid(&[
            &["見出し", "", "x"],
            &["No", "取組", "メモ"],
            &["1", "窓口", "後で"],
        ]);
        let mut claims = Claims::new(&g);
        claims.claim(&g, 0, 0, Claim::Label);
        claims.claim(&g, 1, 0, Claim::Label);
        claims.claim(&g, 1, 1, Claim::Label);
        claims.claim(&g, 1, 1, Claim::Goal);
        claims.claim(&g, 2, 1, Claim::Item);
        claims.claim(&g, 2, 1, Claim::Label);
        claims.mark_items(2..3, 0..3);
        claims.claim(&g, 2, 0, Claim::Item);
        let coverage = claims.coverage(&g);
        assert_eq!(coverage.item_fields, 2);
        assert_eq!(coverage.goal_fields, 1);
        assert_eq!(coverage.labels, 2);
        assert_eq!(coverage.not_used, 3);
        let listed: Vec<String> = coverage
            .not_used_in_items
            .iter()
            .map(|u| format!("{} {}", u.cell, u.text))
            .collect();
        assert_eq!(listed, ["S!C3 後で"]);
    }
}
