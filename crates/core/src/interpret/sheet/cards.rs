//! One record per sheet: sheets whose labels stand in the same places
//! (取り組むこと / いつまで / 半年後の状況 …), each with its value right of
//! it — cards of one form, an item each. Found by structure: the label
//! column of each sheet holds the same label texts (normalised) in the
//! same rows. The cards' records are read together as one table
//! ([`super::records`]); the reading wins over what each sheet alone
//! reads as when it scores better, and each sheet then takes its own card.
//! Sheets the dictionary's own readers read as one record each keep their
//! reading, unless other sheets of the same form are read otherwise: the
//! sheets of one form are read alike.

use crate::calendar::FiscalYear;
use crate::grid::Grid;
use crate::model::TableReading;

use super::super::dictionary::normalize_into;
use super::labels::{Labels, box_under};
use super::records::{Place, RecordMatrix, RecordShape, RecordsRead};
use super::shapes::record_label_at;
use super::{SheetAnalysis, SheetView, WorkbookContext};

/// The fewest labels a card has: an item and two more.
const MIN_CARD_LABELS: usize = 3;

/// Cards read together: the sheets (by index in the workbook) in the
/// order of the reading's records, and the reading.
pub(crate) struct Cards {
    pub sheets: Vec<usize>,
    pub read: RecordsRead,
}

/// A label of a card: its row and column, its value's row and column (right
/// of it, or the box under it), its text normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CardLabel {
    row: u32,
    col: u32,
    value_row: u32,
    value_col: u32,
    text: String,
}

/// What a workbook's sheets are read with, sheet by sheet.
pub(crate) struct SheetsRead<'a> {
    pub grids: &'a [&'a Grid],
    pub labels: &'a [Labels],
    pub years: &'a [FiscalYear],
    pub analyses: &'a [&'a SheetAnalysis],
    /// How an earlier read of the file read each sheet's tables.
    pub previous: &'a [&'a [TableReading]],
}

/// The cards of a workbook whose reading together scores better than what
/// their sheets read as alone.
pub(crate) fn read_cards(sheets: &SheetsRead<'_>, context: &WorkbookContext<'_>) -> Vec<Cards> {
    let grids = sheets.grids;
    // Cards of one form are as long as one another: a sheet no other
    // sheet's rows match is none.
    let candidates: Vec<(usize, Vec<CardLabel>)> = (0..grids.len())
        .filter(|&s| {
            (may_be_card(sheets.analyses[s]) || read_as_one_record(sheets.analyses[s]))
                && (0..grids.len()).any(|o| o != s && grids[o].rows() == grids[s].rows())
        })
        .map(|s| (s, card_labels(grids[s], &sheets.labels[s])))
        .filter(|(_, labels)| labels.len() >= MIN_CARD_LABELS)
        .collect();
    let mut taken = vec![false; candidates.len()];
    let mut out = Vec::new();
    for i in 0..candidates.len() {
        if taken[i] {
            continue;
        }
        let (first, ref labels) = candidates[i];
        let group: Vec<usize> = (i..candidates.len())
            .filter(|&j| {
                !taken[j]
                    && candidates[j].1 == *labels
                    && sheets.years[candidates[j].0] == sheets.years[first]
            })
            .collect();
        // Sheets of one form are read alike: those the dictionary's
        // readers read as one record each keep that reading, unless another
        // sheet of their form is no such record.
        let mixed = group
            .iter()
            .any(|&j| !read_as_one_record(sheets.analyses[candidates[j].0]));
        if group.len() < 2 || !mixed {
            continue;
        }
        let members: Vec<usize> = group.iter().map(|&j| candidates[j].0).collect();
        if let Some(read) = read_group(sheets, context, &members, labels) {
            for j in group {
                taken[j] = true;
            }
            out.push(Cards {
                sheets: members,
                read,
            });
        }
    }
    out
}

/// Whether a sheet may be a card: the dictionary's readers did not read
/// it as labels and values with an item, nor found a table of three
/// columns or more on it (a card read as a table has two: its labels and
/// its values).
fn may_be_card(analysis: &SheetAnalysis) -> bool {
    (analysis.item_count() == 0 || !analysis.tables.is_empty())
        && analysis.tables.iter().all(|t| t.columns.len() <= 2)
}

/// Whether the dictionary's readers read a sheet as one record of labels
/// and values (no table): one item.
fn read_as_one_record(analysis: &SheetAnalysis) -> bool {
    analysis.item_count() == 1 && analysis.tables.is_empty()
}

/// The cards of `members` read together, when that scores better than
/// the tables their sheets read as alone.
fn read_group(
    sheets: &SheetsRead<'_>,
    context: &WorkbookContext<'_>,
    members: &[usize],
    labels: &[CardLabel],
) -> Option<RecordsRead> {
    let grids: Vec<&Grid> = members.iter().map(|&s| sheets.grids[s]).collect();
    let labels = fields_of(&grids, labels);
    if labels.len() < MIN_CARD_LABELS {
        return None;
    }
    let place = |sheet: usize, row: u32, col: u32| Place { sheet, row, col };
    let matrix = RecordMatrix {
        shape: RecordShape::Cards,
        labels: labels.iter().map(|l| place(0, l.row, l.col)).collect(),
        records: (0..grids.len())
            .map(|k| {
                labels
                    .iter()
                    .map(|l| place(k, l.value_row, l.value_col))
                    .collect()
            })
            .collect(),
        other_labels: (1..grids.len())
            .flat_map(|k| labels.iter().map(move |l| place(k, l.row, l.col)))
            .collect(),
    };
    let first = members[0];
    let view = SheetView::new(
        sheets.grids[first],
        &sheets.labels[first],
        sheets.years[first],
        context,
        sheets.previous[first],
    );
    let read = view.read_records(&matrix, &grids)?;
    let alone = members
        .iter()
        .flat_map(|&s| sheets.analyses[s].table_totals.iter().copied())
        .fold(f32::NEG_INFINITY, f32::max);
    (read.total > alone).then_some(read)
}

/// The labels of a card from the first one any card gives a value to: the
/// lines above (a title written left, nothing right of it) are none.
fn fields_of<'l>(grids: &[&Grid], labels: &'l [CardLabel]) -> &'l [CardLabel] {
    let first = labels.iter().position(|l| {
        grids
            .iter()
            .any(|g| !g.get(l.value_row, l.value_col).is_empty())
    });
    first.map_or(&[], |i| &labels[i..])
}

/// A sheet's card labels, row by row: a short label with its value right
/// of it, one pair or several across the row (期限 | 5月末 | 担当 | 市民税係);
/// or a label alone on its row over the merged box its value is written in
/// (折り返しの報告 over B7:F9).
fn card_labels(grid: &Grid, labels: &Labels) -> Vec<CardLabel> {
    let mut out = Vec::new();
    for row in 0..grid.rows() {
        let own: Vec<u32> = (0..grid.cols())
            .filter(|&c| grid.origin(row, c) == (row, c) && !grid.get(row, c).is_empty())
            .collect();
        let label = |col: u32, value_row: u32, value_col: u32| {
            let text = record_label_at(grid, labels, row, col)?;
            let mut normalized = String::new();
            normalize_into(text, &mut normalized);
            Some(CardLabel {
                row,
                col,
                value_row,
                value_col,
                text: normalized,
            })
        };
        let found: Option<Vec<CardLabel>> = match own.as_slice() {
            [] => None,
            &[only] => box_under(grid, row, only)
                .and_then(|(r, c)| label(only, r, c))
                .or_else(|| {
                    let value_col = grid.merge_at(row, only).map_or(only, |m| m.last_col) + 1;
                    (value_col < grid.cols())
                        .then(|| label(only, row, value_col))
                        .flatten()
                })
                .map(|l| vec![l]),
            pairs if pairs.len() % 2 == 0 => pairs
                .chunks(2)
                .map(|pair| {
                    // Each value right next to its label.
                    let next = grid.merge_at(row, pair[0]).map_or(pair[0], |m| m.last_col) + 1;
                    (next == pair[1])
                        .then(|| label(pair[0], row, pair[1]))
                        .flatten()
                })
                .collect(),
            _ => None,
        };
        out.extend(found.into_iter().flatten());
    }
    out
}
