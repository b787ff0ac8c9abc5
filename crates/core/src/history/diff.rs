//! The changes between two good parses of one workbook.
//!
//! Matching goes from the outside in, each level in passes from the
//! strictest key to the loosest, every pass taking items in their order:
//!
//! 1. Sheets: by name and fiscal year; a sheet left over on each side with
//!    the same fiscal year and goals or items in common is the same sheet
//!    renamed.
//! 2. Goals of a sheet: by number and title, then title, then number, then
//!    the most item titles in common. A matched goal whose title differs is
//!    one [`Field::Goal`] change.
//! 3. Items of a goal: by number and title, then title, then number. Items
//!    left over in the sheet are then matched across goals (an item moved
//!    under another goal) by number and title, then title.
//!
//! What is left is added or removed. Positions never count: a row inserted
//! above, or rows sorted, change no item. A sheet the new read could not
//! read is left out (its items are not removed).

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use chrono::NaiveDate;

use super::{ChangeKind, Field, ItemChange};
use crate::model::{ActionItem, CellRef, Goal, ItemField, Report, SheetReport};

/// The changes from `previous` (the file's last good parse) to `current`
/// (its new parse). A previous parse without sheets gives one
/// [`ChangeKind::FirstSeen`] when the new one has sheets. `unread_sheets`
/// names the sheets the new read could not read: what they held is not
/// reported removed. Never panics.
pub fn diff(
    previous: &[SheetReport],
    current: &[SheetReport],
    unread_sheets: &[&str],
) -> Vec<ItemChange> {
    if previous.is_empty() {
        return first_seen(current).into_iter().collect();
    }
    let mut out = Vec::new();
    let mut sheets = Matcher::new(previous.len(), current.len());
    sheets.pass(
        |o| Some((&previous[o].sheet, previous[o].fiscal_year)),
        |n| Some((&current[n].sheet, current[n].fiscal_year)),
    );
    sheets.pass_by_overlap(|o, n| {
        if previous[o].fiscal_year != current[n].fiscal_year {
            return 0;
        }
        overlap(&sheet_words(&previous[o]), &sheet_words(&current[n]))
    });
    for (o, n) in sheets.pairs() {
        diff_sheet(&previous[o], &current[n], &mut out);
    }
    for &o in &sheets.old_left {
        let old = &previous[o];
        if !unread_sheets.contains(&old.sheet.as_str()) {
            for (goal, item) in old.items() {
                out.push(whole_item(old, goal, item, ChangeKind::Removed));
            }
        }
    }
    for &n in &sheets.new_left {
        let new = &current[n];
        for (goal, item) in new.items() {
            out.push(whole_item(new, goal, item, ChangeKind::Added));
        }
    }
    out
}

/// The one change of a file read for the first time.
fn first_seen(current: &[SheetReport]) -> Option<ItemChange> {
    let first = current.first()?;
    let items = current.iter().map(|r| r.items().count()).sum::<usize>();
    Some(ItemChange {
        fiscal_year: first.fiscal_year,
        department: first.department.clone(),
        sheet: None,
        cell: None,
        goal: None,
        item_number: None,
        item: None,
        field: Field::File,
        change: ChangeKind::FirstSeen,
        before: None,
        after: Some(format!("{items}")),
        before_dates: Vec::new(),
        after_dates: Vec::new(),
    })
}

/// The changes between two versions of one sheet.
fn diff_sheet(old: &SheetReport, new: &SheetReport, out: &mut Vec<ItemChange>) {
    let (og, ng) = (&old.goals, &new.goals);
    let mut goals = Matcher::new(og.len(), ng.len());
    let old_items: Vec<HashSet<Values<'_>>> = og.iter().map(item_signatures).collect();
    let new_items: Vec<HashSet<Values<'_>>> = ng.iter().map(item_signatures).collect();
    // Goals that repeat a title keep the items they share most.
    let shared = |o: usize, n: usize| old_items[o].intersection(&new_items[n]).count();
    goals.pass_scored(
        |o| Some((og[o].number.as_deref(), og[o].title.as_str())),
        |n| Some((ng[n].number.as_deref(), ng[n].title.as_str())),
        shared,
    );
    goals.pass_scored(
        |o| Some(og[o].title.as_str()),
        |n| Some(ng[n].title.as_str()),
        shared,
    );
    goals.pass_scored(
        |o| og[o].number.as_deref(),
        |n| ng[n].number.as_deref(),
        shared,
    );
    goals.pass_by_overlap(|o, n| overlap(&goal_words(&og[o]), &goal_words(&ng[n])));

    // Items left over in matched goals, and those of unmatched goals, are
    // matched across the sheet afterwards.
    let mut old_left: Vec<(usize, usize)> = Vec::new();
    let mut new_left: Vec<(usize, usize)> = Vec::new();
    for (o, n) in goals.pairs() {
        let (old_goal, new_goal) = (&og[o], &ng[n]);
        if old_goal.title != new_goal.title {
            out.push(ItemChange {
                cell: new_goal.cell.clone().or_else(|| old_goal.cell.clone()),
                goal: Some(new_goal.title.clone()),
                field: Field::Goal,
                change: ChangeKind::Changed,
                before: Some(old_goal.title.clone()),
                after: Some(new_goal.title.clone()),
                ..blank(new)
            });
        }
        let items = match_items(&old_goal.items, &new_goal.items);
        for (oi, ni) in items.pairs() {
            diff_item(new, new_goal, &old_goal.items[oi], &new_goal.items[ni], out);
        }
        old_left.extend(items.old_left.iter().map(|&i| (o, i)));
        new_left.extend(items.new_left.iter().map(|&i| (n, i)));
    }
    for &o in &goals.old_left {
        old_left.extend((0..og[o].items.len()).map(|i| (o, i)));
    }
    for &n in &goals.new_left {
        new_left.extend((0..ng[n].items.len()).map(|i| (n, i)));
    }
    old_left.sort_unstable();
    new_left.sort_unstable();

    let old_item = |k: usize| &og[old_left[k].0].items[old_left[k].1];
    let new_item = |k: usize| &ng[new_left[k].0].items[new_left[k].1];
    let mut moved = Matcher::new(old_left.len(), new_left.len());
    let alike = |o: usize, n: usize| likeness(old_item(o), new_item(n));
    moved.pass_scored(
        |k| Some((old_item(k).number(), old_item(k).title())),
        |k| Some((new_item(k).number(), new_item(k).title())),
        alike,
    );
    moved.pass_scored(
        |k| Some(old_item(k).title()),
        |k| Some(new_item(k).title()),
        alike,
    );
    for (ok, nk) in moved.pairs() {
        let new_goal = &ng[new_left[nk].0];
        diff_item(new, new_goal, old_item(ok), new_item(nk), out);
    }
    for &k in &moved.old_left {
        out.push(whole_item(
            old,
            &og[old_left[k].0],
            old_item(k),
            ChangeKind::Removed,
        ));
    }
    for &k in &moved.new_left {
        out.push(whole_item(
            new,
            &ng[new_left[k].0],
            new_item(k),
            ChangeKind::Added,
        ));
    }
}

/// The items of two versions of a goal, matched.
fn match_items(old: &[ActionItem], new: &[ActionItem]) -> Matcher {
    let mut items = Matcher::new(old.len(), new.len());
    let alike = |o: usize, n: usize| likeness(&old[o], &new[n]);
    items.pass_scored(
        |o| Some((old[o].number(), old[o].title())),
        |n| Some((new[n].number(), new[n].title())),
        alike,
    );
    items.pass_scored(|o| Some(old[o].title()), |n| Some(new[n].title()), alike);
    items.pass_scored(|o| old[o].number(), |n| new[n].number(), alike);
    items
}

/// The changes between two versions of one item (`new_goal` and `sheet` as
/// they are now).
fn diff_item(
    sheet: &SheetReport,
    new_goal: &Goal,
    old: &ActionItem,
    new: &ActionItem,
    out: &mut Vec<ItemChange>,
) {
    let base = ItemChange {
        goal: Some(new_goal.title.clone()),
        item_number: new.number().map(str::to_string),
        item: Some(new.title().to_string()),
        ..blank(sheet)
    };
    let cell = |field: ItemField| new.cells.get(field).or_else(|| old.cells.get(field));
    let mut push =
        |field: Field, cell: Option<CellRef>, before: Option<&str>, after: Option<&str>| {
            if let Some(change) = value_change(before, after) {
                out.push(ItemChange {
                    cell: cell.or_else(|| Some(new.cell.clone())),
                    field,
                    change,
                    before: before.map(str::to_string),
                    after: after.map(str::to_string),
                    ..base.clone()
                });
            }
        };
    push(
        Field::Item,
        cell(ItemField::Title),
        Some(item_text(old)),
        Some(item_text(new)),
    );
    push(
        Field::Interim,
        cell(ItemField::Interim),
        report_text(&old.interim),
        report_text(&new.interim),
    );
    push(
        Field::YearEnd,
        cell(ItemField::YearEnd),
        report_text(&old.year_end),
        report_text(&new.year_end),
    );
    push(
        Field::Target,
        cell(ItemField::Target),
        old.target(),
        new.target(),
    );
    let (old_rate, new_rate) = (old.achievement.map(rate), new.achievement.map(rate));
    push(
        Field::Achievement,
        cell(ItemField::Achievement),
        old_rate.as_deref(),
        new_rate.as_deref(),
    );
    push(
        Field::SelfAssessment,
        cell(ItemField::SelfAssessment),
        old.self_assessment(),
        new.self_assessment(),
    );
    let (before, after) = (old.deadline_text(), new.deadline_text());
    if let Some(change) = value_change(before, after) {
        out.push(ItemChange {
            cell: cell(ItemField::Deadline).or_else(|| Some(new.cell.clone())),
            field: Field::Deadline,
            change,
            before: before.map(str::to_string),
            after: after.map(str::to_string),
            before_dates: due_dates(old),
            after_dates: due_dates(new),
            ..base
        });
    }
}

/// An item added or removed as a whole.
fn whole_item(
    sheet: &SheetReport,
    goal: &Goal,
    item: &ActionItem,
    change: ChangeKind,
) -> ItemChange {
    let text = Some(item_text(item).to_string());
    let (before, after) = match change {
        ChangeKind::Removed => (text, None),
        _ => (None, text),
    };
    ItemChange {
        cell: Some(item.cells.title().unwrap_or_else(|| item.cell.clone())),
        goal: Some(goal.title.clone()),
        item_number: item.number().map(str::to_string),
        item: Some(item.title().to_string()),
        field: Field::Item,
        change,
        before,
        after,
        ..blank(sheet)
    }
}

/// A change of `sheet` with nothing else said yet.
fn blank(sheet: &SheetReport) -> ItemChange {
    ItemChange {
        fiscal_year: sheet.fiscal_year,
        department: sheet.department.clone(),
        sheet: Some(sheet.sheet.clone()),
        cell: None,
        goal: None,
        item_number: None,
        item: None,
        field: Field::Item,
        change: ChangeKind::Changed,
        before: None,
        after: None,
        before_dates: Vec::new(),
        after_dates: Vec::new(),
    }
}

/// What became of a value: `None` when nothing changed. Blank text counts
/// as empty.
fn value_change(before: Option<&str>, after: Option<&str>) -> Option<ChangeKind> {
    fn present(v: Option<&str>) -> Option<&str> {
        v.filter(|t| !t.trim().is_empty())
    }
    match (present(before), present(after)) {
        (None, None) => None,
        (None, Some(_)) => Some(ChangeKind::Filled),
        (Some(_), None) => Some(ChangeKind::Cleared),
        (Some(a), Some(b)) if a == b => None,
        (Some(_), Some(_)) => Some(ChangeKind::Changed),
    }
}

fn report_text(report: &Report) -> Option<&str> {
    report.text()
}

/// The item's whole text (its title when it has no text of its own).
fn item_text(item: &ActionItem) -> &str {
    match item.text() {
        "" => item.title(),
        text => text,
    }
}

/// `0.725` → `72.5%`.
fn rate(value: f64) -> String {
    let percent = (value * 1000.0).round() / 10.0;
    format!("{percent}%")
}

fn due_dates(item: &ActionItem) -> Vec<NaiveDate> {
    item.due_dates()
}

/// Everything of an item that is compared: its texts, and its
/// achievement in tenths of a percent.
type Values<'a> = ([Option<&'a str>; 7], Option<i64>);

fn item_values(item: &ActionItem) -> Values<'_> {
    (
        [
            item.number(),
            Some(item_text(item)),
            item.deadline_text(),
            item.target(),
            report_text(&item.interim),
            report_text(&item.year_end),
            item.self_assessment(),
        ],
        // Rates are read from cells as fractions (0.725): tenths of a
        // percent tell them apart as `rate` shows them.
        item.achievement.map(|a| (a * 1000.0).round() as i64),
    )
}

/// How many of their values two items share: among rows that repeat a
/// number and title, each keeps the one most like it.
fn likeness(a: &ActionItem, b: &ActionItem) -> usize {
    let ((a_texts, a_rate), (b_texts, b_rate)) = (item_values(a), item_values(b));
    a_texts.iter().zip(&b_texts).filter(|(x, y)| x == y).count() + usize::from(a_rate == b_rate)
}

/// The values of a goal's items.
fn item_signatures(goal: &Goal) -> HashSet<Values<'_>> {
    goal.items.iter().map(item_values).collect()
}

/// The goal and item titles of a sheet.
fn sheet_words(report: &SheetReport) -> HashSet<&str> {
    report
        .goals
        .iter()
        .flat_map(|g| std::iter::once(g.title.as_str()).chain(g.items.iter().map(|i| i.title())))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The item titles of a goal.
fn goal_words(goal: &Goal) -> HashSet<&str> {
    goal.items
        .iter()
        .map(ActionItem::title)
        .filter(|t| !t.is_empty())
        .collect()
}

fn overlap(a: &HashSet<&str>, b: &HashSet<&str>) -> usize {
    a.intersection(b).count()
}

/// Pairs indices of an old and a new list, pass by pass.
struct Matcher {
    old_left: Vec<usize>,
    new_left: Vec<usize>,
    pairs: Vec<(usize, usize)>,
}

impl Matcher {
    fn new(old: usize, new: usize) -> Self {
        Matcher {
            old_left: (0..old).collect(),
            new_left: (0..new).collect(),
            pairs: Vec::new(),
        }
    }

    /// Pairs what is left by equal keys (none: not matched in this pass),
    /// in order where a key repeats.
    fn pass<K: Hash + Eq>(
        &mut self,
        old_key: impl Fn(usize) -> Option<K>,
        new_key: impl Fn(usize) -> Option<K>,
    ) {
        self.pass_scored(old_key, new_key, |_, _| 0);
    }

    /// Pairs what is left by equal keys; where several old ones share the
    /// new one's key, the one scoring highest (the first on ties).
    fn pass_scored<K: Hash + Eq>(
        &mut self,
        old_key: impl Fn(usize) -> Option<K>,
        new_key: impl Fn(usize) -> Option<K>,
        score: impl Fn(usize, usize) -> usize,
    ) {
        let mut by_key: HashMap<K, Vec<usize>> = HashMap::new();
        for &o in &self.old_left {
            if let Some(key) = old_key(o) {
                by_key.entry(key).or_default().push(o);
            }
        }
        let mut taken = HashSet::new();
        let pairs = &mut self.pairs;
        self.new_left.retain(|&n| {
            let Some(candidates) = new_key(n).and_then(|key| by_key.get_mut(&key)) else {
                return true;
            };
            let best = if candidates.len() == 1 {
                Some(0)
            } else {
                candidates
                    .iter()
                    .enumerate()
                    .max_by(|(i, a), (j, b)| score(**a, n).cmp(&score(**b, n)).then(j.cmp(i)))
                    .map(|(i, _)| i)
            };
            match best {
                Some(i) => {
                    let o = candidates.remove(i);
                    pairs.push((o, n));
                    taken.insert(o);
                    false
                }
                None => true,
            }
        });
        self.old_left.retain(|o| !taken.contains(o));
    }

    /// Pairs each new index left with the old one left that scores highest
    /// (above zero; the first on ties).
    fn pass_by_overlap(&mut self, score: impl Fn(usize, usize) -> usize) {
        let mut taken = HashSet::new();
        let pairs = &mut self.pairs;
        let old_left = &self.old_left;
        self.new_left.retain(|&n| {
            let best = old_left
                .iter()
                .filter(|o| !taken.contains(*o))
                .map(|&o| (score(o, n), o))
                .filter(|&(s, _)| s > 0)
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            match best {
                Some((_, o)) => {
                    pairs.push((o, n));
                    taken.insert(o);
                    false
                }
                None => true,
            }
        });
        self.old_left.retain(|o| !taken.contains(o));
    }

    /// The pairs, in the new list's order.
    fn pairs(&self) -> Vec<(usize, usize)> {
        let mut pairs = self.pairs.clone();
        pairs.sort_unstable_by_key(|&(_, n)| n);
        pairs
    }
}
