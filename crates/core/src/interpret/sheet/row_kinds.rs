//! Tables whose records take several rows, one per kind of row: a 工程表
//! writes each item on a row of 予定 and a row of 実績 (or 計画 / 実績,
//! 目標 / 実績), the item merged down over both; a progress sheet writes
//! each item's reports on a row per part of the year (区分: 中間 / 期末,
//! 上期 / 下期, 9月 / 3月), the item's own cells merged over the pair or
//! written once with blanks below. A column of row kinds repeats a few
//! short values (no names of units) in the same order record after record,
//! and another column's values are merged down over each record; the
//! columns are weighed over the records' first rows. Where every kind of
//! row names a part of the year and the interim and the year-end report
//! are among them, the rows are reports.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::model::ReportPeriod;

use super::super::department::without_notes;
use super::super::dictionary::{Field, fold_width, normalize_word};
use super::super::periods::{month_named, period_heading};
use super::SheetView;
use super::band::{Leaf, inside_brackets};
use super::profile::unit_name;

/// The most kinds of row one record takes.
const MAX_KINDS: usize = 3;
/// The longest row kind's name (characters).
const MAX_KIND_CHARS: usize = 6;
/// The longest name of a row of reports under an item, naming its part of
/// the year (`└ しめくくり（3月）`).
const MAX_NAMED_KIND_CHARS: usize = 16;

/// A table's records of several rows: the column of row kinds (its index
/// among the leaves), the rows that start a record, and, where the rows
/// are reports, the report each kind stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RowKinds {
    pub column: usize,
    pub starts: Vec<u32>,
    pub periods: BTreeMap<String, ReportPeriod>,
    /// For rows of reports, the columns (their indexes) holding values in
    /// a record's later rows: the report's, who wrote it or when, and its
    /// grade.
    pub varying: Vec<usize>,
    /// The columns whose later rows hold only values picked (順調, A)
    /// beside `varying`'s written texts: they grade the reports.
    pub picks: Vec<usize>,
    /// The reports' texts are spread across the later rows, each merged
    /// from the first of `varying` over the columns right of it (`【上期】 |
    /// 契約を締結した。` over 担当課 … 目標値): that column holds them
    /// whatever it holds on the items' rows.
    pub spread: bool,
    /// The kinds stand in the items' own column, under each item (`└
    /// 折り返し（10月）`): the column is the items' as well.
    pub with_items: bool,
    /// Where a record is a row of plan and a row of results (計画 / 実績)
    /// and the results' row holds reports: how far below the record's
    /// first row the results' row stands (else 0).
    pub results_below: u32,
}

impl SheetView<'_> {
    /// The column of row kinds among `leaves` and the rows of `rows` that
    /// start a record, when the table's records take several rows each;
    /// `mapped` is the column the configuration names as the report
    /// period, with the reports it gives its values.
    pub(super) fn row_kinds(
        &self,
        rows: &[u32],
        leaves: &[Leaf],
        mapped: Option<(usize, &BTreeMap<String, ReportPeriod>)>,
    ) -> Option<RowKinds> {
        let candidates: Vec<usize> = match mapped {
            Some((i, _)) => vec![i],
            None => (0..leaves.len()).collect(),
        };
        candidates.into_iter().find_map(|i| {
            let given = mapped.map(|(_, periods)| periods);
            let col = leaves[i].col();
            let (starts, kinds, records, with_items) = match self.cycle(rows, col, given) {
                Some((period, kinds, records)) => {
                    let starts = rows[..records].iter().step_by(period).copied().collect();
                    (starts, kinds, records, false)
                }
                None => {
                    let (starts, kinds, records) = self.report_runs(rows, col, given)?;
                    // Rows of reports after rows naming an item each, in
                    // the same column; a label numbering the record (取組1)
                    // names no item, nor does a kind of its own, the same
                    // on every record's first row (予定, then the reports).
                    let texts: Vec<Option<&str>> =
                        starts.iter().map(|&r| self.grid.text(r, col)).collect();
                    let one_kind = texts.len() >= 2 && texts.iter().all(|t| *t == texts[0]);
                    let with_items = texts.iter().all(Option::is_some)
                        && !one_kind
                        && !texts.iter().flatten().all(|t| is_numbered_label(t));
                    (starts, kinds, records, with_items)
                }
            };
            let rows = &rows[..records];
            let (grouped, varying, picks) = if kinds.is_empty() {
                let grouped = leaves.iter().enumerate().any(|(j, other)| {
                    j != i && self.starts_only_records(rows, &starts, other.col(), false)
                });
                (grouped, Vec::new(), Vec::new())
            } else {
                match self.rows_of_reports(rows, &starts, leaves, i) {
                    Some((varying, picks)) => (true, varying, picks),
                    None => (false, Vec::new(), Vec::new()),
                }
            };
            let results_below = if kinds.is_empty() {
                self.results_row(rows, &starts, col, leaves)
            } else {
                0
            };
            let spread = varying
                .first()
                .is_some_and(|&j| self.spread_across(rows, &starts, leaves[j].col()));
            (grouped || mapped.is_some()).then_some(RowKinds {
                column: i,
                starts,
                periods: kinds,
                varying,
                picks,
                spread,
                with_items,
                results_below,
            })
        })
    }

    /// How far below each record's first row its row of results stands,
    /// where the kinds are a plan (計画, 予定) and results (実績, 結果) and
    /// some row of results holds a value of its own in a column whose
    /// header names a part of the year (上期, 下期): the plan's row holds
    /// what was planned for each part, the results' row what was done.
    fn results_row(&self, rows: &[u32], starts: &[u32], col: u32, leaves: &[Leaf]) -> u32 {
        let (Some(&first), Some(&second)) = (starts.first(), starts.get(1)) else {
            return 0;
        };
        let dict = self.dict();
        let record: Vec<u32> = rows.iter().copied().take_while(|&r| r < second).collect();
        let kinds: Vec<&str> = record
            .iter()
            .map(|&r| self.grid.text(r, col).map_or("", str::trim))
            .collect();
        let names_results = |k: &&str| dict.names_results(k) && !dict.plans_ahead(k);
        let results: Vec<usize> = (0..kinds.len())
            .filter(|&i| names_results(&kinds[i]))
            .collect();
        let plan = kinds.iter().any(|k| dict.plans_ahead(k));
        let [at] = results.as_slice() else {
            return 0;
        };
        let below = record[*at].saturating_sub(first);
        let periods: Vec<u32> = leaves
            .iter()
            .filter(|l| l.col() != col && dict.period_in(&normalize_word(&l.text)).is_some())
            .map(Leaf::col)
            .collect();
        let written = starts.iter().any(|&s| {
            let r = s + below;
            periods
                .iter()
                .any(|&c| self.grid.origin(r, c) == (r, c) && self.grid.text(r, c).is_some())
        });
        if plan && below > 0 && written {
            below
        } else {
            0
        }
    }

    /// The period of a column whose short texts repeat in the same order
    /// in every row (予定, 実績, 予定, 実績 …): two or three kinds, each
    /// record complete, at least two records (one, when the kinds are parts
    /// of the year); the report each kind stands for when they are parts of
    /// the year (`given` names some); and how many of the rows the records
    /// take (rows naming no kind may follow them).
    fn cycle(
        &self,
        rows: &[u32],
        col: u32,
        given: Option<&BTreeMap<String, ReportPeriod>>,
    ) -> Option<(usize, BTreeMap<String, ReportPeriod>, usize)> {
        let mut values: Vec<Option<&str>> = rows
            .iter()
            .map(|&r| self.grid.text(r, col).map(str::trim))
            .collect();
        // Rows below the records that name no kind (a total row) end them.
        while values.last().is_some_and(Option::is_none) {
            values.pop();
        }
        let values: Vec<&str> = values.into_iter().collect::<Option<_>>()?;
        let first = values.first()?;
        // One record alone repeats nothing: its rows are its kinds.
        let period = match values.iter().skip(1).position(|v| v == first) {
            Some(p) => p + 1,
            None => values.len(),
        };
        let kinds = &values[..period];
        let distinct = all_distinct(kinds);
        let complete = (2..=MAX_KINDS).contains(&period)
            && distinct
            && values.len().is_multiple_of(period)
            && values
                .iter()
                .enumerate()
                .all(|(i, v)| *v == kinds[i % period]);
        if !complete {
            return None;
        }
        let records = values.len() / period.max(1);
        let periods = self.kind_periods(kinds, given, false, records >= 2);
        // Kinds that are no parts of the year show as kinds by repeating.
        if periods.is_empty() && records < 2 {
            return None;
        }
        // A kind naming its part of the year may say its month too, in
        // brackets after its name (`中間（9月末）`), or what its row holds
        // after the part.
        let short = |v: &&str| {
            let name = if periods.is_empty() {
                Cow::Borrowed(*v)
            } else {
                without_notes(v)
            };
            let chars = name.chars().count();
            // A longer name (`上期のおさらい`) comes again record after
            // record, naming its part in words, not a date.
            let worded = !name.chars().any(|c| fold_width(c).is_ascii_digit());
            let limit = if records >= 2 && worded && periods.contains_key(*v) {
                MAX_NAMED_KIND_CHARS
            } else {
                MAX_KIND_CHARS
            };
            (1..=limit).contains(&chars)
                && v.chars().count() <= MAX_NAMED_KIND_CHARS
                && (!periods.is_empty() || !v.chars().any(|c| c.is_ascii_digit()))
                && unit_name(v).is_none()
        };
        kinds
            .iter()
            .all(short)
            .then_some((period, periods, values.len()))
    }

    /// Rows of reports under some of the rows (an item's row, no kind
    /// written, then a row per report: 上期 / 下期), where other rows have
    /// none (a goal's row above its items): each run of kinds the same
    /// parts of the year in the same order, the interim and the year-end
    /// among them. The rows that start a record (every row naming no
    /// kind), the report each kind stands for, and how many of the rows
    /// the records take.
    fn report_runs(
        &self,
        rows: &[u32],
        col: u32,
        given: Option<&BTreeMap<String, ReportPeriod>>,
    ) -> Option<(Vec<u32>, BTreeMap<String, ReportPeriod>, usize)> {
        // A row's own kind: a goal's row merged across the table names none.
        let own: Vec<Option<&str>> = rows
            .iter()
            .map(|&r| {
                let own = self.grid.origin(r, col) == (r, col);
                own.then(|| self.grid.text(r, col)).flatten().map(str::trim)
            })
            .collect();
        if let Some(found) = self.runs_of(rows, &own, given, false) {
            return Some(found);
        }
        // Kinds under each item in the items' own column (`└ 折り返し
        // （10月）`) or under its label (取組1), every row written: a row names
        // a kind when its text, short, comes again in the column (an item's
        // does not); the kinds must name the reports ([`Self::kind_periods`]).
        if given.is_some() || own.iter().any(Option::is_none) {
            return None;
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for text in own.iter().flatten() {
            *counts.entry(text).or_default() += 1;
        }
        // Each kind, and whether it names a report by itself.
        let kinds: BTreeMap<&str, bool> = counts
            .into_iter()
            .filter(|&(t, n)| n >= 2 && t.chars().count() <= MAX_NAMED_KIND_CHARS)
            .map(|(t, _)| (t, self.kind_period(t).is_some()))
            .collect();
        let named: Vec<Option<&str>> = own
            .iter()
            .map(|v| v.filter(|t| kinds.get(t).copied().unwrap_or(false)))
            .collect();
        if let Some(found) = self.runs_of(rows, &named, given, false) {
            return Some(found);
        }
        // Under a label numbering each record (取組1), one of two kinds may
        // name nothing (しめくくり after 中間のようす).
        let values: Vec<Option<&str>> = own
            .iter()
            .map(|v| v.filter(|t| kinds.contains_key(t)))
            .collect();
        let found = self.runs_of(rows, &values, given, true)?;
        let labelled = found
            .0
            .iter()
            .all(|&r| self.grid.text(r, col).is_some_and(is_numbered_label));
        labelled.then_some(found)
    }

    /// [`Self::report_runs`] over each row's kind (`values`, none on the
    /// rows that start a record); `one_unnamed`: of two kinds, one may name
    /// nothing ([`Self::kind_periods`]).
    fn runs_of(
        &self,
        rows: &[u32],
        values: &[Option<&str>],
        given: Option<&BTreeMap<String, ReportPeriod>>,
        one_unnamed: bool,
    ) -> Option<(Vec<u32>, BTreeMap<String, ReportPeriod>, usize)> {
        // The rows of kinds after each row naming none.
        let mut runs: Vec<&[Option<&str>]> = Vec::new();
        let mut at = 0;
        while at < values.len() {
            if values[at].is_some() {
                // A kind with no row of its own above it.
                return None;
            }
            let len = values[at + 1..].iter().take_while(|v| v.is_some()).count();
            if len > 0 {
                runs.push(&values[at + 1..at + 1 + len]);
            }
            at += 1 + len;
        }
        let first = *runs.first()?;
        if !(2..MAX_KINDS).contains(&first.len()) || runs.iter().any(|run| *run != first) {
            return None;
        }
        let kinds: Vec<&str> = first.iter().flatten().copied().collect();
        let short = kinds
            .iter()
            .all(|k| (1..=MAX_NAMED_KIND_CHARS).contains(&k.chars().count()));
        let distinct = all_distinct(&kinds);
        let periods = self.kind_periods(&kinds, given, one_unnamed, runs.len() >= 2);
        if !short || !distinct || periods.len() != kinds.len() {
            return None;
        }
        let starts = rows
            .iter()
            .zip(values)
            .filter(|(_, v)| v.is_none())
            .map(|(&r, _)| r)
            .collect();
        Some((starts, periods, rows.len()))
    }

    /// The report each kind of row stands for, when every kind names a part
    /// of the year (the configuration's `given` first, then the milestones,
    /// a part of the year or a month the words name) and the interim and
    /// the year-end report are among them; else none. The first of three
    /// kinds may name none: the item's own row, its plan, before its two
    /// reports. With `one_unnamed`, of two kinds, one naming a report, the
    /// other may name nothing (`しめくくり` after `中間のようす`): it is the
    /// other report, the interim before the year-end. With `repeated`
    /// (the same kinds in two records or more), a month alone names a
    /// report too ([`Self::month_kind_period`]).
    fn kind_periods(
        &self,
        kinds: &[&str],
        given: Option<&BTreeMap<String, ReportPeriod>>,
        one_unnamed: bool,
        repeated: bool,
    ) -> BTreeMap<String, ReportPeriod> {
        let mut periods = BTreeMap::new();
        let found = |kind: &str| {
            given
                .and_then(|g| g.get(kind).copied())
                .or_else(|| self.kind_period(kind))
                .or_else(|| repeated.then(|| self.month_kind_period(kind)).flatten())
        };
        // The record's first row, the item's own, may be its plan (計画,
        // 目標) before the rows of its reports; then, repeated record after
        // record, one of those two may be named by the other alone.
        let plan_first = kinds.len() == MAX_KINDS && found(kinds[0]).is_none();
        let reports = if plan_first && repeated {
            &kinds[1..]
        } else {
            kinds
        };
        let one_unnamed = one_unnamed || (plan_first && repeated);
        for (i, kind) in kinds.iter().enumerate() {
            match found(kind) {
                Some(p) => {
                    periods.insert(kind.to_string(), p);
                }
                // Another part of the year (第1四半期) is a row of its own.
                None if period_heading(kind).is_some() => {}
                None if i == 0 && plan_first => {}
                // Two kinds of reports: one may be named by the other alone.
                None if one_unnamed && reports.len() == 2 => {}
                None => return BTreeMap::new(),
            }
        }
        if let ([first, second], 1) = (reports, periods.len()) {
            let (unnamed, other) = match (periods.get(*first), periods.get(*second)) {
                (Some(ReportPeriod::Interim), None) => (second, ReportPeriod::YearEnd),
                (None, Some(ReportPeriod::YearEnd)) => (first, ReportPeriod::Interim),
                _ => return BTreeMap::new(),
            };
            periods.insert(unnamed.to_string(), other);
        }
        let both = [ReportPeriod::Interim, ReportPeriod::YearEnd]
            .iter()
            .all(|p| periods.values().any(|v| v == p));
        if both { periods } else { BTreeMap::new() }
    }

    /// The report a kind of row names: a milestone of the configuration
    /// (上期), a part of the year (中間, 期末, 前半), the month a
    /// milestone ends (9月, 3月), or a month a report is written as of
    /// (`▷10月`: that of the last milestone passed by then).
    pub(super) fn kind_period(&self, kind: &str) -> Option<ReportPeriod> {
        // A kind written whole in brackets (`【上期】`) is the word inside.
        let kind = unbracketed(kind.trim());
        let word = normalize_word(kind);
        self.opts()
            .milestones
            .field(kind)
            .and_then(Field::period)
            .or_else(|| self.dict().period_in(&word))
            .or_else(|| match self.milestone_month(&word)? {
                super::roles::Role::Interim => Some(ReportPeriod::Interim),
                super::roles::Role::YearEnd => Some(ReportPeriod::YearEnd),
                _ => None,
            })
            .or_else(|| {
                // The month may stand in brackets (`└ 折り返し（10月）`).
                // A month alone (`10月`) is as likely a deadline: the
                // kind marks or names its row besides.
                let month = month_named(&word).filter(|_| word.ends_with('月'))?;
                if month_alone(kind) == Some(month) {
                    return None;
                }
                self.opts().milestones.as_of_month(month)?.period()
            })
    }

    /// The report a kind of row that is a month alone stands for (`10月` /
    /// `4月` under each item): that of the milestone ending the month
    /// (`9月`), else that of the milestone the month just follows, when the
    /// report is made (`10月` after 9月末, `4月` after 3月末). A month
    /// alone is as likely a deadline: only kinds repeated record after
    /// record are read so ([`Self::kind_periods`]).
    fn month_kind_period(&self, kind: &str) -> Option<ReportPeriod> {
        let month = month_alone(kind)?;
        let milestones = &self.opts().milestones;
        milestones
            .field(&format!("{month}月末"))
            .or_else(|| milestones.made_in_month(month))?
            .period()
    }

    /// Whether the records' later rows are reports of the item on their
    /// first row: two columns or more (the item's own) are written on the
    /// first rows alone, merged down or blank below, and the later rows
    /// hold values in few columns besides the period's (the report, the
    /// date it was written): those columns' indexes.
    fn rows_of_reports(
        &self,
        rows: &[u32],
        starts: &[u32],
        leaves: &[Leaf],
        at: usize,
    ) -> Option<(Vec<usize>, Vec<usize>)> {
        /// The most columns a later row of a record holds values in: the
        /// report and who wrote it or when.
        const MAX_REPORT_COLUMNS: usize = 2;
        let others = leaves.iter().enumerate().filter(|&(j, _)| j != at);
        let grouped = others
            .clone()
            .filter(|(_, leaf)| self.starts_only_records(rows, starts, leaf.col(), true))
            .count();
        let varying: Vec<usize> = others
            .filter(|(_, leaf)| {
                rows.iter().any(|&r| {
                    !starts.contains(&r)
                        && self.grid.origin(r, leaf.col()) == (r, leaf.col())
                        && !self.grid.get(r, leaf.col()).is_empty()
                        && !self.repeats_its_start(starts, r, leaf.col())
                })
            })
            .map(|(j, _)| j)
            .collect();
        if grouped < 2 {
            return None;
        }
        // A column whose later rows hold only values picked (○, A, 済)
        // beside another's written texts grades the report: it holds none.
        let (picked, written): (Vec<usize>, Vec<usize>) = varying
            .into_iter()
            .partition(|&j| self.picks_only(rows, starts, leaves[j].col()));
        // Records that come again one after another (計画 / 中間 / 期末 under
        // each item) may grade the report in a column more (達成度: A, B).
        let graded = starts.len() >= 2 && !written.is_empty() && !picked.is_empty();
        if written.len() + picked.len() > MAX_REPORT_COLUMNS + usize::from(graded) {
            return None;
        }
        Some(if written.is_empty() {
            (picked, Vec::new())
        } else {
            (written, picked)
        })
    }

    /// Whether every later row of the records holds one cell from `col`
    /// merged over the columns right of it: a text spread across the row.
    fn spread_across(&self, rows: &[u32], starts: &[u32], col: u32) -> bool {
        let mut later = rows.iter().filter(|r| !starts.contains(r)).peekable();
        later.peek().is_some()
            && later.all(|&r| {
                self.grid
                    .merge_at(r, col)
                    .is_some_and(|m| m.first_col == col && m.first_row == r && m.last_col > col)
            })
    }

    /// Whether the values of a column on the records' later rows are all
    /// texts picked rather than written ([`super::profile::TextCounts::is_picked`]).
    fn picks_only(&self, rows: &[u32], starts: &[u32], col: u32) -> bool {
        rows.iter()
            .filter(|&r| !starts.contains(r) && self.grid.origin(*r, col).0 == *r)
            .map(|&r| self.grid.get(r, col))
            .filter(|v| !v.is_empty())
            .all(|v| {
                v.as_text()
                    .is_some_and(|t| self.context.text_counts.is_picked(t, self.dict()))
            })
    }

    /// Whether a column's value on every record's first row is merged
    /// down over the record's other rows (or, for rows of reports, written
    /// once with blanks below, or repeated on each row).
    fn starts_only_records(&self, rows: &[u32], starts: &[u32], col: u32, blanks: bool) -> bool {
        rows.iter().all(|&r| {
            let origin = self.grid.origin(r, col).0;
            if starts.contains(&r) {
                origin == r
                    && !self.grid.get(r, col).is_empty()
                    && (blanks || self.grid.merge_at(r, col).is_some())
            } else {
                // Merged down from above, or over from a cell on its left
                // (a report's text spread across the row): none of its own.
                self.grid.origin(r, col) != (r, col)
                    || (blanks
                        && (self.grid.get(r, col).is_empty()
                            || self.repeats_its_start(starts, r, col)))
            }
        })
    }

    /// Whether a later row of a record repeats in `col` the value of the
    /// record's first row (an export writes an item's number on each of
    /// its rows).
    fn repeats_its_start(&self, starts: &[u32], row: u32, col: u32) -> bool {
        let Some(&start) = starts.iter().rev().find(|&&s| s < row) else {
            return false;
        };
        let value = self.grid.get(row, col);
        !value.is_empty() && value == self.grid.get(start, col)
    }
}

/// Whether no kind of row is named twice.
/// A text written whole in one pair of brackets (`【上期】`, `［中間］`,
/// `〈下期〉`): the text inside; any other text as it is.
fn unbracketed(text: &str) -> &str {
    const PAIRS: [(char, char); 6] = [
        ('【', '】'),
        ('[', ']'),
        ('［', '］'),
        ('〈', '〉'),
        ('《', '》'),
        ('〔', '〕'),
    ];
    inside_brackets(text, &PAIRS).unwrap_or(text)
}

fn all_distinct(kinds: &[&str]) -> bool {
    kinds
        .iter()
        .enumerate()
        .all(|(i, k)| !kinds[..i].contains(k))
}

/// A label numbering a record, a word and its number (`取組1`, `項目 3`):
/// it names the record, not its item.
fn is_numbered_label(text: &str) -> bool {
    let t: Vec<char> = text
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    let digits = t.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && digits < t.len() && t.len() <= MAX_KIND_CHARS + 3
}

/// The month a kind of row names alone (`10月`, `１０月`), nothing else.
fn month_alone(kind: &str) -> Option<u32> {
    let folded: String = kind.trim().chars().map(fold_width).collect();
    let month = month_named(&folded)?;
    (folded == format!("{month}月")).then_some(month)
}

#[cfg(test)]
mod tests {
    use crate::grid::{Grid, MergedRange};
    use crate::interpret::sheet::band::Leaf;
    use crate::interpret::sheet::{
        HeaderWords, Labels, Recognisers, SheetView, TextDeadlines, WorkbookContext,
    };
    use crate::interpret::{FieldDictionary, InterpretOptions};
    use crate::model::ReportPeriod;

    fn leaf(col: u32) -> Leaf {
        Leaf {
            cols: col..col + 1,
            text: String::new(),
            parents: Vec::new(),
            cell: None,
        }
    }

    fn kinds(grid: &Grid) -> Option<(usize, Vec<u32>)> {
        kinds_of(grid).map(|k| (k.column, k.starts))
    }

    fn kinds_of(grid: &Grid) -> Option<super::RowKinds> {
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
            tables_read: Default::default(),
        };
        let labels = Labels::new(grid, &dict);
        let view = SheetView::new(
            grid,
            &labels,
            crate::calendar::FiscalYear(2026),
            &context,
            &[],
        );
        let rows: Vec<u32> = (0..grid.rows()).collect();
        view.row_kinds(&rows, &[leaf(0), leaf(1), leaf(2)], None)
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

    #[test]
    fn rows_of_reports_under_an_item_written_once_name_their_periods() {
        let g = Grid::from_texts(
            "s",
            &[
                &["窓口の電子化", "9月末まで", "9月", "素案を作成した。"],
                &["", "", "3月", ""],
                &["広報紙の刷新", "年度末", "9月", ""],
                &["", "", "3月", "刷新した。"],
            ],
        );
        let found = kinds_of(&g).unwrap();
        assert_eq!((found.column, found.starts.clone()), (2, vec![0, 2]));
        let periods: Vec<(&str, ReportPeriod)> = found
            .periods
            .iter()
            .map(|(k, p)| (k.as_str(), *p))
            .collect();
        assert_eq!(
            periods,
            [
                ("3月", ReportPeriod::YearEnd),
                ("9月", ReportPeriod::Interim)
            ]
        );
    }
}
