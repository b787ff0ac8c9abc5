//! Records laid out in another shape than one per row — fields down a
//! column with one record per column (transposed), the same labels block
//! after block (stacked), the same labels on several sheets (cards) — read
//! as the table they are. The records form a matrix of field labels ×
//! records; it is laid out as a grid of its own (a header row of the
//! labels, a row per record, a value written once over several records
//! merged down over them), read by the table reading ([`super::header`],
//! [`super::table`]) with the same words, content and assignment as any
//! table, and every cell the reading names — items' cells, claims, the
//! table's range, warnings — is mapped back to the cell of the sheet it
//! came from.

use std::ops::RangeInclusive;
use std::sync::Arc;

use crate::grid::{Grid, MergedRange};
use crate::model::{CellRef, LayoutKind};

use super::coverage::{Claim, Claims};
use super::labels::Labels;
use super::{SheetAnalysis, SheetParser, SheetView, empty_goal};

/// How records are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordShape {
    /// Field labels down one column, one record per column.
    Transposed,
    /// The same labels block after block down one sheet.
    Stacked,
    /// The same labels in the same places on several sheets, one record each.
    Cards,
}

impl RecordShape {
    /// The layout a sheet read so is named by.
    pub(crate) fn layout(self) -> LayoutKind {
        match self {
            RecordShape::Transposed => LayoutKind::Transposed,
            RecordShape::Stacked => LayoutKind::Blocks,
            RecordShape::Cards => LayoutKind::Cards,
        }
    }
}

/// A cell of one of the sheets records are read from: the sheet's index
/// among them, its row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    pub sheet: usize,
    pub row: u32,
    pub col: u32,
}

/// Records as a matrix of fields × records, whatever their shape.
#[derive(Debug, Clone)]
pub(crate) struct RecordMatrix {
    pub shape: RecordShape,
    /// Each field's label cell (the first record's).
    pub labels: Vec<Place>,
    /// Each record's value cell of every field, in the fields' order.
    pub records: Vec<Vec<Place>>,
    /// The labels of the other records (a stacked block's, a card's): read
    /// as labels, not values.
    pub other_labels: Vec<Place>,
}

impl RecordMatrix {
    /// The value cell of a record's field, as its sheet's merges place it.
    fn origin(grids: &[&Grid], p: Place) -> Place {
        let (row, col) = grids[p.sheet].origin(p.row, p.col);
        Place { row, col, ..p }
    }

    /// The grid of the matrix: the labels in row 0, a row per record; a
    /// value written once over consecutive records (a goal merged across
    /// its items' columns) is merged down over their rows.
    pub(crate) fn grid(&self, grids: &[&Grid]) -> Grid {
        let name = self
            .labels
            .first()
            .map_or(String::new(), |p| grids[p.sheet].name.clone());
        let fields = self.labels.len() as u32;
        let mut grid = Grid::new(name, self.records.len() as u32 + 1, fields);
        for (f, p) in self.labels.iter().enumerate() {
            grid.set(0, f as u32, grids[p.sheet].get(p.row, p.col).clone());
        }
        let mut merges = Vec::new();
        for f in 0..self.labels.len() {
            let mut run_start = 0;
            for (i, record) in self.records.iter().enumerate() {
                let place = Self::origin(grids, record[f]);
                let same_as_above = i > 0 && Self::origin(grids, self.records[i - 1][f]) == place;
                if !same_as_above {
                    push_run(&mut merges, f as u32, run_start, i);
                    run_start = i;
                    let value = grids[place.sheet].get(place.row, place.col).clone();
                    grid.set(i as u32 + 1, f as u32, value);
                }
            }
            push_run(&mut merges, f as u32, run_start, self.records.len());
        }
        for m in merges {
            grid.add_merge(m);
        }
        grid
    }

    /// Where each cell of [`RecordMatrix::grid`] lies on the sheets.
    pub(crate) fn cell_map(&self, grids: &[&Grid]) -> CellMap {
        let fields = self.labels.len();
        let mut places = Vec::with_capacity((self.records.len() + 1) * fields);
        places.extend(self.labels.iter().map(|&p| Self::origin(grids, p)));
        for record in &self.records {
            places.extend(record.iter().map(|&p| Self::origin(grids, p)));
        }
        let mut bounds: Vec<Option<Bounds>> = vec![None; grids.len()];
        for p in places.iter().chain(&self.other_labels) {
            let last_col = grids[p.sheet]
                .merge_at(p.row, p.col)
                .map_or(p.col, |m| m.last_col);
            let b = bounds[p.sheet].get_or_insert(Bounds {
                rows: p.row..=p.row,
                cols: p.col..=last_col,
            });
            b.rows = *b.rows.start().min(&p.row)..=*b.rows.end().max(&p.row);
            b.cols = *b.cols.start().min(&p.col)..=*b.cols.end().max(&last_col);
        }
        CellMap {
            sheets: grids.iter().map(|g| Arc::from(g.name.as_str())).collect(),
            fields: fields as u32,
            places,
            bounds,
        }
    }
}

/// Adds the merge of a run of records `first..end` of one field, when it
/// spans two or more.
fn push_run(merges: &mut Vec<MergedRange>, field: u32, first: usize, end: usize) {
    if end > first + 1 {
        merges.push(MergedRange {
            first_row: first as u32 + 1,
            first_col: field,
            last_row: end as u32,
            last_col: field,
        });
    }
}

/// The rows and columns records take on a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bounds {
    pub rows: RangeInclusive<u32>,
    pub cols: RangeInclusive<u32>,
}

/// Where each cell of a record matrix's grid lies on the sheets.
#[derive(Debug)]
pub(crate) struct CellMap {
    sheets: Vec<Arc<str>>,
    fields: u32,
    /// Row by row, the cell of the sheets of each cell of the grid.
    places: Vec<Place>,
    /// The rows and columns the records take on each sheet.
    bounds: Vec<Option<Bounds>>,
}

impl CellMap {
    fn place(&self, row: u32, col: u32) -> Option<Place> {
        if col >= self.fields {
            return None;
        }
        self.places
            .get(row as usize * self.fields as usize + col as usize)
            .copied()
    }

    fn cell_of(&self, p: Place) -> CellRef {
        CellRef::new(Arc::clone(&self.sheets[p.sheet]), p.row, p.col)
    }

    /// The sheets' cell of the grid's cell at `(row, col)`.
    pub(crate) fn cell(&self, row: u32, col: u32) -> Option<CellRef> {
        self.place(row, col).map(|p| self.cell_of(p))
    }

    /// A field's name as `check` shows its place: its label's cell (`B5`).
    pub(crate) fn field_name(&self, col: u32) -> String {
        self.place(0, col)
            .map(|p| crate::a1::cell_name(p.row, p.col))
            .unwrap_or_default()
    }

    /// The records' range on a sheet (`B3:G9`).
    pub(crate) fn range_on(&self, sheet: usize) -> String {
        match self.bounds.get(sheet).and_then(Option::as_ref) {
            Some(b) => format!(
                "{}:{}",
                crate::a1::cell_name(*b.rows.start(), *b.cols.start()),
                crate::a1::cell_name(*b.rows.end(), *b.cols.end())
            ),
            None => String::new(),
        }
    }

    /// The range on the sheet of the first field's label.
    pub(crate) fn range(&self) -> String {
        self.range_on(self.places.first().map_or(0, |p| p.sheet))
    }

    pub(crate) fn bounds_on(&self, sheet: usize) -> Option<&Bounds> {
        self.bounds.get(sheet).and_then(Option::as_ref)
    }
}

/// Records read as a table: what the table reading gave (goals, items,
/// the table's reading and warnings, already in the sheets' cells), the
/// cells it claimed (in the matrix's grid), and how to map them back.
pub(crate) struct RecordsRead {
    pub shape: RecordShape,
    pub analysis: SheetAnalysis,
    claims: Claims,
    /// The cells claimed by their reference (already the sheets').
    claimed_cells: Vec<(CellRef, Claim)>,
    map: CellMap,
    other_labels: Vec<Place>,
    /// The reading's total score.
    pub total: f32,
}

impl RecordsRead {
    /// The rows and columns the records take on a sheet.
    pub(crate) fn bounds_on(&self, sheet: usize) -> Option<&Bounds> {
        self.map.bounds_on(sheet)
    }

    /// The cells of sheet `sheet` the reading claimed, and how.
    fn claimed(&self, sheet: usize) -> impl Iterator<Item = (Place, Claim)> + '_ {
        self.claims.claimed().filter_map(move |(row, col, claim)| {
            let p = self.map.place(row, col)?;
            (p.sheet == sheet).then_some((p, claim))
        })
    }
}

impl<'a> SheetParser<'a> {
    /// Takes the records of a reading that lie on this sheet (`sheet`
    /// among the sheets read): their items under their goals (under the
    /// goal where they stand when the records name none), their cells
    /// claimed, the table's reading with their range, the warnings.
    pub(super) fn take_records(&mut self, read: &RecordsRead, sheet: usize) {
        let Some(bounds) = read.map.bounds_on(sheet).cloned() else {
            return;
        };
        self.flush_record();
        self.walk.past_title = true;
        self.out.note_layout(read.shape.layout());
        self.out.found_item_header = true;
        for (p, claim) in read.claimed(sheet) {
            self.claims.claim(self.view.grid, p.row, p.col, claim);
        }
        for (cell, claim) in &read.claimed_cells {
            self.claims.claim_ref(self.view.grid, cell, *claim);
        }
        for p in read.other_labels.iter().filter(|p| p.sheet == sheet) {
            self.claims
                .claim(self.view.grid, p.row, p.col, Claim::Label);
        }
        self.claims.mark_items(
            *bounds.rows.start()..bounds.rows.end() + 1,
            *bounds.cols.start()..bounds.cols.end() + 1,
        );
        let captioned = self.walk.goal.current_goal().is_none();
        self.take_goals(read, *bounds.rows.start());
        if captioned {
            self.walk.goal.set_current_goal(None);
        }
        self.walk.goal.close();
        for (reading, total) in read.analysis.tables.iter().zip(&read.analysis.table_totals) {
            let mut reading = reading.clone();
            reading.range = read.map.range_on(sheet);
            self.out.tables.push(reading);
            self.out.table_totals.push(*total);
        }
        let first_sheet = read.map.places.first().map_or(0, |p| p.sheet);
        for w in &read.analysis.warnings {
            let here = match &w.cell {
                Some(cell) => *cell.sheet == *self.view.sheet,
                None => sheet == first_sheet,
            };
            if here {
                self.out.warnings.push(w.clone());
            }
        }
        let rows = bounds.rows.clone();
        self.out.unread.retain(|u| !rows.contains(&u.top));
    }

    /// The goals of a reading with their items on this sheet: a goal the
    /// records name, or the sheet's goal where they stand (`top`), each
    /// under the department a department field names.
    fn take_goals(&mut self, read: &RecordsRead, top: u32) {
        for g in &read.analysis.goals {
            let items: Vec<_> = g
                .items
                .iter()
                .filter(|d| *d.item.cell.sheet == *self.view.sheet)
                .cloned()
                .collect();
            if items.is_empty() {
                continue;
            }
            let mut index = if g.goal.title.is_empty() {
                self.goal_for_items(top)
            } else {
                let mut goal = g.goal.clone();
                // A card's goal is its own field's cell.
                goal.cell = goal.cell.map(|c| self.view.here(c));
                self.push_goal(goal)
            };
            if let Some((name, cell)) = &g.department {
                index = self.goal_of_department(index, name.clone(), self.view.here(cell.clone()));
            }
            self.out.goals[index].items.extend(items);
        }
    }
}

impl<'a> SheetView<'a> {
    /// Reads a record matrix laid out on `grids` as the table it is: the
    /// reading, or none when it reads as no table of items.
    pub(super) fn read_records(
        &self,
        matrix: &RecordMatrix,
        grids: &[&Grid],
    ) -> Option<RecordsRead> {
        if matrix.records.len() < 2 || matrix.labels.len() < 2 {
            return None;
        }
        let grid = matrix.grid(grids);
        let map = matrix.cell_map(grids);
        let labels = Labels::new(&grid, self.dict());
        let (analysis, claims, claimed_cells) = {
            let mut sub = SheetParser::new(SheetView::new(
                &grid,
                &labels,
                self.fy,
                self.context,
                self.previous,
            ));
            sub.view.cell_map = Some(&map);
            sub.walk.past_title = true;
            // Items with no goal of their own go under the sheet's goal
            // where the records stand: this goal stands for it.
            let region = sub.push_goal(empty_goal(sub.view.cell(0, 0)));
            sub.walk.goal.set_current_goal(Some(region));
            let (cols, body_start, _) = sub.item_header(0)?;
            sub.parse_table(cols.top, cols, body_start);
            (sub.out, sub.claims, sub.mapped_claims)
        };
        let total = analysis.table_totals.last().copied()?;
        Some(RecordsRead {
            shape: matrix.shape,
            analysis,
            claims,
            claimed_cells,
            map,
            other_labels: matrix.other_labels.clone(),
            total,
        })
    }

    /// A cell of another sheet of the same cards as the same cell here.
    fn here(&self, cell: CellRef) -> CellRef {
        if *cell.sheet == *self.sheet {
            cell
        } else {
            CellRef::new(Arc::clone(&self.sheet), cell.row, cell.col)
        }
    }
}
