//! Mails held for a reading nobody has confirmed. A table read with low
//! confidence (低) from its header words and cells alone sends no
//! department mail by itself: the reminders, overdue notices and deadline
//! digests that would name its cells are held (保留（読取の確認待ち）) —
//! not sent, not recorded — and listed for the planning section. They are
//! released when a `[[parse.layouts]]` mapping reads the table (the block
//! `check --propose` prints) or when a `[parse] trust` pattern names its
//! file.
//!
//! Held cells are never lost and never named twice in one occasion, and
//! the ledger stays the only record of what went:
//! - a department mail with no cell but held ones is not planned; once
//!   released, its cells go out with the next send as the occasion's mail,
//!   as any mail of a missed firing does (while the occasion is current: a
//!   reminder never after its due date, then the overdue notices);
//! - a mail with trusted and held cells goes out with the trusted ones,
//!   its key naming the tables held ([`Part::Holding`]); once one of them
//!   is released, its cells follow in a mail of their own
//!   ([`Part::Released`]) while the occasion is current.
//!
//! Pure: the reports, the patterns and the ledger are values.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::key::{MailKey, Part, TableId, stable_hash};
use super::sent::{Outcome, SentLedger};
use crate::calendar::FiscalYear;
use crate::model::{ActionItem, Confidence, ReadingSource, SheetReport, TableReading};

/// Whether `file` matches a `[parse] trust` pattern (`*` and `?`, on the
/// file name, or on the whole path when the pattern holds `/`, as
/// `parse.departments_by_file` is matched): its readings are the planning
/// section's to vouch for.
pub fn is_trusted(file: &Path, trust: &[String]) -> bool {
    trust.iter().any(|p| crate::pattern::file_matches(p, file))
}

/// Whether the mails naming cells of `table` (a table of `report`) are
/// held: it was read with low confidence from its words and cells (not by
/// a configured mapping), in a file no trust pattern names.
pub fn is_held(report: &SheetReport, table: &TableReading, trust: &[String]) -> bool {
    table.confidence == Confidence::Low
        && !matches!(table.source, ReadingSource::Layout { .. })
        && !is_trusted(&report.file, trust)
}

/// The table `item` of `report` was read from: the one whose range holds
/// the item's cell on the report's sheet, else the report's only table.
/// `None` for items read from no table (label–value blocks, sections).
pub fn item_table<'r>(report: &'r SheetReport, item: &ActionItem) -> Option<&'r TableReading> {
    let tables = &report.reading.tables;
    let on_sheet = *item.cell.sheet == *report.sheet;
    tables
        .iter()
        .find(|t| on_sheet && range_holds(&t.range, item.cell.row, item.cell.col))
        .or(match tables.as_slice() {
            [only] => Some(only),
            _ => None,
        })
}

/// Whether `range` (`B5:H20`) holds the cell at `row`, `col` (0-based).
fn range_holds(range: &str, row: u32, col: u32) -> bool {
    let Some((start, end)) = range.split_once(':') else {
        return false;
    };
    match (crate::a1::parse_cell(start), crate::a1::parse_cell(end)) {
        (Some((r0, c0)), Some((r1, c1))) => (r0..=r1).contains(&row) && (c0..=c1).contains(&col),
        _ => false,
    }
}

/// The held table `item` of `report` was read from, if it was read from
/// one.
pub fn held_table<'r>(
    report: &'r SheetReport,
    item: &ActionItem,
    trust: &[String],
) -> Option<&'r TableReading> {
    item_table(report, item).filter(|t| is_held(report, t, trust))
}

/// `table`'s identity from save to save: its file, sheet and header
/// fingerprint (a configured mapping reads the same fingerprint).
pub fn table_id(report: &SheetReport, table: &TableReading) -> TableId {
    let hash = stable_hash(&format!(
        "{}\n{}\n{}",
        report.file.display(),
        report.sheet,
        table.fingerprint
    ));
    TableId((hash ^ (hash >> 32)) as u32)
}

/// The warning 取込エラー shows for each held table of `report` that items
/// were read from: its mails are held, and how to release them.
pub fn held_warnings(report: &SheetReport, trust: &[String]) -> Vec<crate::model::Warning> {
    let name = report
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    report
        .reading
        .tables
        .iter()
        .filter(|t| is_held(report, t, trust))
        .filter(|t| {
            report
                .items()
                .any(|(_, item)| item_table(report, item).is_some_and(|i| std::ptr::eq(i, *t)))
        })
        .map(|t| {
            let cell = t
                .range
                .split_once(':')
                .and_then(|(start, _)| crate::a1::parse_cell(start))
                .map(|(row, col)| {
                    crate::model::CellRef::new(std::sync::Arc::from(report.sheet.as_str()), row, col)
                });
            crate::model::Warning {
                cell,
                message: format!(
                    "保留（読取の確認待ち）：表 {}!{} は読取の確信度が「低」のため、この表から作る\
                     部局あてのメール（督促・期限超過通知・期限のお知らせ）を送らずに保留しています。\
                     読取をご確認のうえ、mokuhyo check --propose \"{name}\" が表示する \
                     [[parse.layouts]] を設定に加えて様式を固定するか、設定の [parse] trust に \
                     \"{name}\" を加えてください。次の送信で保留の分が送られます",
                    report.sheet, t.range
                ),
            }
        })
        .collect()
}

/// A table whose mails are held, as 取込エラー, the JSON and `status` list
/// it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldTable {
    #[serde(serialize_with = "crate::share_path::serialize_lossy")]
    pub file: PathBuf,
    pub sheet: String,
    /// `B5:H20`.
    pub range: String,
    pub fingerprint: String,
    pub department: String,
    pub fiscal_year: FiscalYear,
    /// Items read from it.
    pub items: usize,
}

/// Every held table of `reports`, in their order.
pub fn held_tables<'r>(
    reports: impl IntoIterator<Item = &'r SheetReport>,
    trust: &[String],
) -> Vec<HeldTable> {
    let mut out = Vec::new();
    for report in reports {
        for table in &report.reading.tables {
            if !is_held(report, table, trust) {
                continue;
            }
            let items = report
                .items()
                .filter(|(_, item)| {
                    item_table(report, item).is_some_and(|t| std::ptr::eq(t, table))
                })
                .count();
            out.push(HeldTable {
                file: report.file.clone(),
                sheet: report.sheet.clone(),
                range: table.range.clone(),
                fingerprint: table.fingerprint.clone(),
                department: report.department.clone(),
                fiscal_year: report.fiscal_year,
                items,
            });
        }
    }
    out
}

/// The lines of one department's mail of one occasion: those of trusted
/// readings (with the table each came from, if any) in the mail's order,
/// and those of held tables, by table.
#[derive(Debug)]
pub(crate) struct Split<L> {
    pub trusted: Vec<(Option<TableId>, L)>,
    pub held: BTreeMap<TableId, Vec<L>>,
}

impl<L> Default for Split<L> {
    fn default() -> Self {
        Split {
            trusted: Vec::new(),
            held: BTreeMap::new(),
        }
    }
}

/// What of a [`Split`] mail goes out now, and what stays held.
#[derive(Debug, PartialEq)]
pub(crate) struct Parted<L> {
    /// The part of the mail that goes out and its lines; `None` when
    /// nothing does.
    pub out: Option<(Part, Vec<L>)>,
    /// The held tables whose lines wait to go out at this occasion.
    pub held: Vec<(TableId, Vec<L>)>,
}

/// Which part of the mail `base` (its whole key) goes out, given what the
/// ledger holds as sent of it (see the module's documentation):
/// - the whole mail sent: nothing more, nothing waits;
/// - no part of it sent: the whole mail when nothing is held, the trusted
///   lines as [`Part::Holding`] the held tables when some are, nothing when
///   all are held;
/// - a part sent: the lines of the tables its holding parts held that are
///   trusted now and were not released yet, as [`Part::Released`]; the
///   held tables among them still wait. Tables trusted when it went had
///   their lines in it; a table held since then waits for the next
///   occasion.
pub(crate) fn part_out<L>(base: &MailKey, split: Split<L>, ledger: &impl SentLedger) -> Parted<L> {
    if ledger
        .prior(base)
        .is_some_and(|p| p.outcome == Outcome::Sent)
    {
        return Parted {
            out: None,
            held: Vec::new(),
        };
    }
    // Every part recorded as sent counts, whatever its date: a part of a
    // mail goes once, even after a clock fault.
    let parts: Vec<Part> = ledger
        .sent_with_prefix(
            &base.parts_prefix(),
            chrono::DateTime::<chrono::Utc>::MAX_UTC,
        )
        .iter()
        .filter(|k| k.with_part(Part::Whole) == *base)
        .map(|k| k.part().clone())
        .collect();
    if parts.is_empty() {
        let Split { trusted, held } = split;
        let lines: Vec<L> = trusted.into_iter().map(|(_, line)| line).collect();
        let out = match (lines.is_empty(), held.is_empty()) {
            (_, true) => Some((Part::Whole, lines)),
            (true, false) => None,
            (false, false) => Some((Part::Holding(held.keys().copied().collect()), lines)),
        };
        return Parted {
            out: out.filter(|(_, lines)| !lines.is_empty()),
            held: held.into_iter().collect(),
        };
    }
    let of = |holding: bool| -> BTreeSet<TableId> {
        parts
            .iter()
            .filter(|p| matches!(p, Part::Holding(_)) == holding)
            .flat_map(|p| p.tables().iter().copied())
            .collect()
    };
    let waiting: BTreeSet<TableId> = of(true).difference(&of(false)).copied().collect();
    let mut released: BTreeSet<TableId> = BTreeSet::new();
    let mut lines = Vec::new();
    for (table, line) in split.trusted {
        if let Some(id) = table.filter(|id| waiting.contains(id)) {
            released.insert(id);
            lines.push(line);
        }
    }
    Parted {
        out: (!lines.is_empty()).then(|| (Part::Released(released.into_iter().collect()), lines)),
        held: split
            .held
            .into_iter()
            .filter(|(id, _)| waiting.contains(id))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Arc;

    use rstest::rstest;

    use super::*;
    use crate::model::{CellRef, ColumnReading, Goal, ItemCells, ItemTexts, Report, Role};
    use crate::remind::config::Milestone;
    use crate::remind::schedule::Occasion;

    fn table(range: &str, confidence: Confidence, source: ReadingSource) -> TableReading {
        TableReading {
            range: range.into(),
            header_rows: 1,
            confidence,
            fingerprint: format!("fp-{range}"),
            source,
            columns: vec![ColumnReading {
                column: "A".into(),
                header: "題".into(),
                role: Role::Item,
                score: 1.0,
                runner_up: None,
                hidden: false,
            }],
            report_periods: Default::default(),
        }
    }

    fn item(sheet: &str, row: u32, col: u32) -> ActionItem {
        ActionItem {
            texts: ItemTexts::new(None, "取組", "取組", None, None, None),
            deadlines: Vec::new(),
            interim: Report::Empty,
            year_end: Report::Empty,
            achievement: None,
            owners: Vec::new(),
            cell: CellRef::new(Arc::<str>::from(sheet), row, col),
            cells: ItemCells::default(),
            extras: Vec::new(),
        }
    }

    fn report(file: &str, tables: Vec<TableReading>, items: Vec<ActionItem>) -> SheetReport {
        SheetReport {
            file: PathBuf::from(file),
            sheet: "取組".into(),
            fiscal_year: FiscalYear(2026),
            department: "市民生活部".into(),
            layout: crate::model::LayoutKind::Table.into(),
            goals: vec![Goal {
                number: None,
                title: "目標".into(),
                priority: None,
                targets: Vec::new(),
                plan_positions: Vec::new(),
                items,
                cell: None,
                extras: Vec::new(),
            }],
            warnings: Vec::new(),
            reading: crate::model::Reading {
                tables,
                ..Default::default()
            },
        }
    }

    #[rstest]
    #[case::low(Confidence::Low, ReadingSource::Content, &[], true)]
    #[case::low_kept(Confidence::Low, ReadingSource::Kept, &[], true)]
    #[case::medium(Confidence::Medium, ReadingSource::Content, &[], false)]
    #[case::high(Confidence::High, ReadingSource::Content, &[], false)]
    #[case::pinned(Confidence::Low, ReadingSource::Layout { index: 0 }, &[], false)]
    #[case::trusted(Confidence::Low, ReadingSource::Content, &["*市民生活部*"], false)]
    #[case::trusted_case_blind(Confidence::Low, ReadingSource::Content, &["*.XLSX"], false)]
    #[case::other_file_trusted(Confidence::Low, ReadingSource::Content, &["*建設部*"], true)]
    #[case::pattern_of_a_folder(Confidence::Low, ReadingSource::Content, &["share*"], true)]
    fn a_table_is_held_when_read_low_and_neither_pinned_nor_trusted(
        #[case] confidence: Confidence,
        #[case] source: ReadingSource,
        #[case] trust: &[&str],
        #[case] held: bool,
    ) {
        let trust: Vec<String> = trust.iter().map(|s| s.to_string()).collect();
        let r = report("share/目標_市民生活部.xlsx", Vec::new(), Vec::new());
        assert_eq!(
            is_held(&r, &table("A3:E6", confidence, source), &trust),
            held
        );
    }

    #[test]
    fn an_item_belongs_to_the_table_holding_its_cell() {
        let r = report(
            "share/a.xlsx",
            vec![
                table("A3:E6", Confidence::High, ReadingSource::Content),
                table("A10:E14", Confidence::Low, ReadingSource::Content),
            ],
            vec![item("取組", 4, 0), item("取組", 11, 0), item("取組", 20, 0)],
        );
        let ranges: Vec<Option<&str>> = r
            .items()
            .map(|(_, i)| item_table(&r, i).map(|t| t.range.as_str()))
            .collect();
        assert_eq!(ranges, vec![Some("A3:E6"), Some("A10:E14"), None]);
        let held = held_tables([&r], &[]);
        assert_eq!(held.len(), 1);
        assert_eq!((held[0].range.as_str(), held[0].items), ("A10:E14", 1));
        // A card on another sheet belongs to the report's only table.
        let cards = report(
            "share/a.xlsx",
            vec![table("B2:C9", Confidence::Low, ReadingSource::Content)],
            vec![item("カード2", 2, 2)],
        );
        let (_, card) = cards.items().next().unwrap();
        assert!(held_table(&cards, card, &[]).is_some());
    }

    #[test]
    fn import_errors_say_which_table_is_held_and_how_to_release_it() {
        let r = report(
            "share/R8_新設課.xlsx",
            vec![
                table("A3:E6", Confidence::Low, ReadingSource::Content),
                table("A10:E14", Confidence::Low, ReadingSource::Content),
            ],
            vec![item("取組", 4, 0)],
        );
        let warnings = held_warnings(&r, &[]);
        // The table no item came from sends nothing: no warning.
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].cell.as_ref().map(|c| (c.row, c.col)),
            Some((2, 0))
        );
        let message = &warnings[0].message;
        assert!(
            message.starts_with("保留（読取の確認待ち）：表 取組!A3:E6"),
            "{message}"
        );
        assert!(
            message.contains("check --propose \"R8_新設課.xlsx\""),
            "{message}"
        );
        assert!(message.contains("[parse] trust"), "{message}");
        assert!(held_warnings(&r, &["R8_*".to_string()]).is_empty());
    }

    #[test]
    fn a_table_keeps_its_identity_when_pinned() {
        let low = report(
            "share/a.xlsx",
            vec![table("A3:E6", Confidence::Low, ReadingSource::Content)],
            Vec::new(),
        );
        let mut pinned_table = table(
            "A3:E9",
            Confidence::High,
            ReadingSource::Layout { index: 0 },
        );
        pinned_table.fingerprint = "fp-A3:E6".into();
        let pinned = report("share/a.xlsx", vec![pinned_table], Vec::new());
        assert_eq!(
            table_id(&low, &low.reading.tables[0]),
            table_id(&pinned, &pinned.reading.tables[0])
        );
        let other = report(
            "share/b.xlsx",
            vec![table("A3:E6", Confidence::Low, ReadingSource::Content)],
            Vec::new(),
        );
        assert_ne!(
            table_id(&low, &low.reading.tables[0]),
            table_id(&other, &other.reading.tables[0])
        );
    }

    const A: TableId = TableId(0xaaaa_aaaa);
    const B: TableId = TableId(0xbbbb_bbbb);
    const C: TableId = TableId(0xcccc_cccc);

    fn base() -> MailKey {
        MailKey::Milestone {
            fiscal_year: 2026,
            milestone: Milestone::Interim,
            department: "市民生活部".into(),
            occasion: Occasion::Before(7),
            part: Part::Whole,
        }
    }

    /// Lines `a1`, `a2` of table A, `b1` of B, `c1` of C, `x1` of no
    /// table; the tables named in `held` are held.
    fn split(held: &[TableId]) -> Split<&'static str> {
        let mut split = Split::default();
        for (table, line) in [
            (Some(A), "a1"),
            (Some(B), "b1"),
            (None, "x1"),
            (Some(A), "a2"),
            (Some(C), "c1"),
        ] {
            match table.filter(|t| held.contains(t)) {
                Some(t) => split.held.entry(t).or_insert_with(Vec::new).push(line),
                None => split.trusted.push((table, line)),
            }
        }
        split
    }

    fn ledger(sent: &[String]) -> HashSet<MailKey> {
        sent.iter().map(|key| key.parse().unwrap()).collect()
    }

    fn key(part: Part) -> String {
        base().with_part(part).to_string()
    }

    #[test]
    fn nothing_held_is_the_whole_mail() {
        let parted = part_out(&base(), split(&[]), &ledger(&[]));
        assert_eq!(
            parted.out,
            Some((Part::Whole, vec!["a1", "b1", "x1", "a2", "c1"]))
        );
        assert!(parted.held.is_empty());
    }

    #[test]
    fn the_trusted_cells_go_naming_the_tables_held() {
        let parted = part_out(&base(), split(&[B, C]), &ledger(&[]));
        assert_eq!(
            parted.out,
            Some((Part::Holding(vec![B, C]), vec!["a1", "x1", "a2"]))
        );
        assert_eq!(parted.held, vec![(B, vec!["b1"]), (C, vec!["c1"])]);
    }

    #[test]
    fn a_mail_of_held_cells_alone_is_not_planned_and_goes_whole_once_released() {
        let mut all = Split::default();
        all.held.insert(B, vec!["b1"]);
        let parted = part_out(&base(), all, &ledger(&[]));
        assert_eq!(parted.out, None);
        assert_eq!(parted.held, vec![(B, vec!["b1"])]);
        let mut released = Split::default();
        released.trusted.push((Some(B), "b1"));
        let parted = part_out(&base(), released, &ledger(&[]));
        assert_eq!(parted.out, Some((Part::Whole, vec!["b1"])));
    }

    #[test]
    fn released_cells_follow_once_and_the_others_are_not_named_again() {
        let holding = key(Part::Holding(vec![B, C]));
        // B released, C still held: B's cell alone follows.
        let parted = part_out(
            &base(),
            split(&[C]),
            &ledger(std::slice::from_ref(&holding)),
        );
        assert_eq!(parted.out, Some((Part::Released(vec![B]), vec!["b1"])));
        assert_eq!(parted.held, vec![(C, vec!["c1"])]);
        // Once that went, C released later follows alone.
        let sent = [holding.clone(), key(Part::Released(vec![B]))];
        assert_eq!(
            part_out(&base(), split(&[C]), &ledger(&sent)),
            Parted {
                out: None,
                held: vec![(C, vec!["c1"])]
            }
        );
        let parted = part_out(&base(), split(&[]), &ledger(&sent));
        assert_eq!(parted.out, Some((Part::Released(vec![C]), vec!["c1"])));
        // Everything followed: nothing more, nothing waits.
        let all = [
            holding,
            key(Part::Released(vec![B])),
            key(Part::Released(vec![C])),
        ];
        assert_eq!(
            part_out(&base(), split(&[]), &ledger(&all)),
            Parted {
                out: None,
                held: Vec::new()
            }
        );
    }

    #[test]
    fn a_table_held_after_its_cells_went_waits_for_the_next_occasion() {
        // A went in the holding part; A held now lists nothing (its cells
        // were named), B held then and still waits.
        let sent = [key(Part::Holding(vec![B]))];
        let parted = part_out(&base(), split(&[A, B]), &ledger(&sent));
        assert_eq!(parted.out, None);
        assert_eq!(parted.held, vec![(B, vec!["b1"])]);
    }

    #[test]
    fn the_whole_mail_sent_ends_the_occasion() {
        let parted = part_out(&base(), split(&[B]), &ledger(&[base().to_string()]));
        assert_eq!(
            parted,
            Parted {
                out: None,
                held: Vec::new()
            }
        );
    }
}
