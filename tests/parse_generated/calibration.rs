//! How the confidence each table is read with (高 / 中 / 低) splits the
//! right and the wrong readings of the generated layouts: every item is
//! placed under the confidence of the table it was read from (or of no
//! table: a record block, a card), right when it reads as written, wrong
//! when it reads otherwise or was never written (an item invented); an
//! item written and not read is wrong under 読めず. A table is right when
//! every item it gave is. The table prints with `--nocapture`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use mokuhyo_core::a1::parse_cell;
use mokuhyo_core::interpret::{
    FieldDictionary, InterpretOptions, WorkbookOutcome, interpret_workbook,
};
use mokuhyo_core::model::{CellRef, Confidence, SheetReport, TableReading};

use super::layout::{Kind, Layout};
use super::{LAYOUTS, Read, UNKNOWN_SEEDS, expected, read, render};

/// Where a reading is placed: under a table's confidence, under no table,
/// or (an item not read at all) under 読めず.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Table(std::cmp::Reverse<Confidence>),
    NoTable,
    NotRead,
}

impl Place {
    fn label(self) -> &'static str {
        match self {
            Place::Table(std::cmp::Reverse(c)) => c.label(),
            Place::NoTable => "表なし",
            Place::NotRead => "読めず",
        }
    }
}

/// Right and wrong readings per place: items, and tables by their items.
#[derive(Debug, Default)]
struct Split {
    items: BTreeMap<Place, (usize, usize)>,
    tables: BTreeMap<Place, (usize, usize)>,
    layouts: usize,
}

impl Split {
    fn count(map: &mut BTreeMap<Place, (usize, usize)>, place: Place, right: bool) {
        let entry = map.entry(place).or_default();
        if right {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }

    fn wrong_items(&self, place: Place) -> usize {
        self.items.get(&place).map_or(0, |&(_, wrong)| wrong)
    }

    fn items_counted(&self) -> usize {
        self.items
            .values()
            .map(|(right, wrong)| right + wrong)
            .sum()
    }
}

impl fmt::Display for Split {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "生成した {} 件のレイアウト: 確信度ごとの正しい読み取りと誤った読み取り",
            self.layouts
        )?;
        writeln!(f, "| 確信度 | 取組 正 | 取組 誤 | 表 正 | 表 誤 |")?;
        writeln!(f, "|---|---:|---:|---:|---:|")?;
        let mut places: Vec<Place> = self
            .items
            .keys()
            .chain(self.tables.keys())
            .copied()
            .collect();
        places.sort();
        places.dedup();
        for place in places {
            let (ir, iw) = self.items.get(&place).copied().unwrap_or_default();
            let (tr, tw) = self.tables.get(&place).copied().unwrap_or_default();
            writeln!(f, "| {} | {ir} | {iw} | {tr} | {tw} |", place.label())?;
        }
        Ok(())
    }
}

/// Whether a table's range (`B3:F9`) holds a cell of its sheet.
fn holds(table: &TableReading, report: &SheetReport, cell: &CellRef) -> bool {
    let Some((first, last)) = table.range.split_once(':') else {
        return false;
    };
    let (Some((r0, c0)), Some((r1, c1))) = (parse_cell(first), parse_cell(last)) else {
        return false;
    };
    *cell.sheet == *report.sheet && (r0..=r1).contains(&cell.row) && (c0..=c1).contains(&cell.col)
}

/// Places each reading of one layout in `split`.
fn tally(layout: &Layout, split: &mut Split) {
    let grids: Vec<_> = render::sheets(layout)
        .iter()
        .map(render::Sheet::grid)
        .collect();
    tally_grids(layout, &grids, split);
}

/// Places each reading of `grids`, written as `layout` says, in `split`.
fn tally_grids(layout: &Layout, grids: &[mokuhyo_core::grid::Grid], split: &mut Split) {
    let outcome = interpret_workbook(
        Path::new(render::FILE),
        grids,
        &FieldDictionary::default(),
        &InterpretOptions::default(),
    );
    split.layouts += 1;
    let mut want = expected(layout);
    let WorkbookOutcome::Reports(reports) = outcome else {
        for _ in &want {
            Split::count(&mut split.items, Place::NotRead, false);
        }
        return;
    };
    // Each item read with the table it came from (report, table index).
    let mut got: Vec<(Read, Option<(usize, usize)>)> = Vec::new();
    for (r, report) in reports.iter().enumerate() {
        let reads = read(std::slice::from_ref(report), layout);
        for (read, (_, item)) in reads.into_iter().zip(report.items()) {
            let table = report
                .reading
                .tables
                .iter()
                .position(|t| holds(t, report, &item.cell));
            got.push((read, table.map(|t| (r, t))));
        }
    }
    if layout.has(Kind::Department) {
        let key = |r: &Read| (r.department.clone(), r.title.clone());
        got.sort_by_key(|(r, _)| key(r));
        want.sort_by_key(key);
    }
    let place = |table: Option<(usize, usize)>| match table {
        Some((r, t)) => Place::Table(std::cmp::Reverse(reports[r].reading.tables[t].confidence)),
        None => Place::NoTable,
    };
    let mut tables: BTreeMap<(usize, usize), bool> = BTreeMap::new();
    for (i, (read, table)) in got.iter().enumerate() {
        let right = want.get(i) == Some(read);
        Split::count(&mut split.items, place(*table), right);
        if let Some(t) = table {
            *tables.entry(*t).or_insert(true) &= right;
        }
    }
    for _ in want.iter().skip(got.len()) {
        Split::count(&mut split.items, Place::NotRead, false);
    }
    for (table, right) in tables {
        Split::count(&mut split.tables, place(Some(table)), right);
    }
}

/// Over every generated layout read exactly, the split of right and wrong
/// readings by confidence: each is placed, and no wrong reading is 高.
#[test]
fn the_confidence_of_each_table_splits_the_right_and_wrong_readings() {
    let mut split = Split::default();
    let mut written = 0;
    let sets = [(0, 0), (UNKNOWN_SEEDS, 70)];
    for (first, share) in sets {
        for seed in first..first + LAYOUTS / 2 {
            let layout = Layout::generate(seed, share);
            written += expected(&layout).len();
            tally(&layout, &mut split);
        }
    }
    println!("{split}");
    assert_eq!(split.layouts as u64, LAYOUTS);
    // Every item written or read is placed: read ones under their table
    // (or none), the others under 読めず.
    assert!(split.items_counted() >= written, "{split}");
    let high = Place::Table(std::cmp::Reverse(Confidence::High));
    assert!(
        split.items.get(&high).is_some_and(|&(right, _)| right > 0),
        "{split}"
    );
    assert_eq!(
        split.wrong_items(high),
        0,
        "a wrong reading marked 高:\n{split}"
    );
    let high_tables = split.tables.get(&high).copied().unwrap_or_default();
    assert_eq!(high_tables.1, 0, "a wrong table marked 高:\n{split}");
    let shown = split.to_string();
    for place in split.items.keys() {
        assert!(shown.contains(place.label()), "{shown}");
    }
}

/// A reading that differs from what was written is counted wrong, under
/// the confidence of the table it came from.
#[test]
fn a_reading_unlike_what_was_written_is_counted_wrong() {
    let mut layout = Layout::generate(0, 0);
    let grids: Vec<_> = render::sheets(&layout)
        .iter()
        .map(render::Sheet::grid)
        .collect();
    let mut right = Split::default();
    tally_grids(&layout, &grids, &mut right);
    assert_eq!(right.items.values().map(|&(_, w)| w).sum::<usize>(), 0);
    layout.goals[0].1[0].title.push_str("（別の取組）");
    let mut wrong = Split::default();
    tally_grids(&layout, &grids, &mut wrong);
    let wrongs: Vec<(Place, usize)> = wrong
        .items
        .iter()
        .filter(|&(_, &(_, w))| w > 0)
        .map(|(&p, &(_, w))| (p, w))
        .collect();
    assert_eq!(wrongs.len(), 1, "{wrong}");
    assert_eq!(wrongs[0].1, 1, "{wrong}");
    assert_eq!(
        wrong.tables.values().map(|&(_, w)| w).sum::<usize>(),
        1,
        "{wrong}"
    );
}
