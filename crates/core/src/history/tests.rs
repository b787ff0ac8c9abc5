use proptest::prelude::*;
use rstest::rstest;

use super::*;
use crate::model::{
    ActionItem, Goal, ItemCells, ItemField, ItemTexts, LayoutKind, Report, SheetReport,
};

const SHEET: &str = "重点目標管理シート1";

/// An item as a sheet row gives it: number, title, deadline, interim,
/// year-end, on `row`, columns B (number), C (title), D (deadline),
/// E (interim), F (year-end), G (achievement), H (self-assessment).
#[derive(Clone, Debug)]
struct Row {
    number: Option<String>,
    title: String,
    deadline: Option<String>,
    interim: Option<String>,
    year_end: Option<String>,
    achievement: Option<f64>,
    grade: Option<String>,
}

fn row(number: &str, title: &str) -> Row {
    Row {
        number: Some(number.to_string()),
        title: title.to_string(),
        deadline: Some("9月末まで".into()),
        interim: None,
        year_end: None,
        achievement: None,
        grade: None,
    }
}

fn item(r: &Row, at: u32) -> ActionItem {
    let cell = |col| CellRef::new(SHEET, at, col);
    let report = |t: &Option<String>| match t {
        Some(t) => Report::Filled(t.as_str().into()),
        None => Report::Empty,
    };
    let mut item = ActionItem::new(
        ItemTexts::new(
            r.number.as_deref(),
            &r.title,
            &r.title,
            r.deadline.as_deref(),
            None,
            r.grade.as_deref(),
        ),
        cell(2),
    );
    item.deadlines = crate::calendar::extract_deadlines(
        r.deadline.as_deref().unwrap_or_default(),
        FiscalYear(2026),
    );
    item.interim = report(&r.interim);
    item.year_end = report(&r.year_end);
    item.achievement = r.achievement;
    item.cells = ItemCells::default()
        .with(ItemField::Number, cell(1))
        .with(ItemField::Title, cell(2))
        .with(ItemField::Deadline, cell(3))
        .with(ItemField::Interim, cell(4))
        .with(ItemField::YearEnd, cell(5))
        .with(ItemField::Achievement, cell(6))
        .with(ItemField::SelfAssessment, cell(7));
    item
}

/// A sheet of goals laid out from row 5 down: a goal row, then its items.
fn sheet(goals: &[(&str, Vec<Row>)]) -> SheetReport {
    sheet_from(4, goals)
}

fn sheet_from(first_row: u32, goals: &[(&str, Vec<Row>)]) -> SheetReport {
    let mut at = first_row;
    let goals = goals
        .iter()
        .map(|(title, rows)| {
            let cell = Some(CellRef::new(SHEET, at, 0));
            at += 1;
            let items = rows
                .iter()
                .map(|r| {
                    at += 1;
                    item(r, at - 1)
                })
                .collect();
            Goal {
                number: None,
                title: title.to_string(),
                priority: None,
                targets: Vec::new(),
                plan_positions: Vec::new(),
                items,
                cell,
                extras: Vec::new(),
            }
        })
        .collect();
    SheetReport {
        file: "/share/企画部.xlsx".into(),
        sheet: SHEET.into(),
        fiscal_year: FiscalYear(2026),
        department: "企画部".into(),
        layout: LayoutKind::Table.into(),
        goals,
        warnings: Vec::new(),
        reading: Default::default(),
    }
}

fn base() -> Vec<(&'static str, Vec<Row>)> {
    vec![
        (
            "住みよいまち",
            vec![row("①", "空き家対策"), row("②", "公園整備")],
        ),
        ("健全な財政", vec![row("①", "補助金見直し")]),
    ]
}

/// (field, change, cell, before, after) of a change.
type Summary<'a> = (Field, ChangeKind, String, Option<&'a str>, Option<&'a str>);

fn summary(changes: &[ItemChange]) -> Vec<Summary<'_>> {
    changes
        .iter()
        .map(|c| {
            (
                c.field,
                c.change,
                c.cell.as_ref().map(ToString::to_string).unwrap_or_default(),
                c.before.as_deref(),
                c.after.as_deref(),
            )
        })
        .collect()
}

fn edited(edit: impl Fn(&mut Vec<(&'static str, Vec<Row>)>)) -> SheetReport {
    let mut goals = base();
    edit(&mut goals);
    sheet(&goals)
}

#[test]
fn a_parse_compared_with_itself_has_no_changes() {
    let one = sheet(&base());
    assert_eq!(
        diff(std::slice::from_ref(&one), std::slice::from_ref(&one), &[]),
        Vec::new()
    );
}

#[test]
fn the_first_read_is_one_first_seen() {
    let changes = diff(&[], &[sheet(&base())], &[]);
    assert_eq!(
        summary(&changes),
        [(
            Field::File,
            ChangeKind::FirstSeen,
            String::new(),
            None,
            Some("3")
        )]
    );
    assert_eq!(changes[0].department, "企画部");
    assert!(diff(&[], &[], &[]).is_empty(), "no sheets, nothing seen");
}

/// (field, change, cell, before, after) as a case states it.
type Expected = (
    Field,
    ChangeKind,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

#[rstest]
#[case::interim_filled(
    |g: &mut Vec<(&'static str, Vec<Row>)>| g[0].1[1].interim = Some("8月に着工".into()),
    vec![(Field::Interim, ChangeKind::Filled, "重点目標管理シート1!E7", None, Some("8月に着工"))]
)]
#[case::year_end_filled(
    |g: &mut Vec<(&'static str, Vec<Row>)>| g[1].1[0].year_end = Some("完了".into()),
    vec![(Field::YearEnd, ChangeKind::Filled, "重点目標管理シート1!F9", None, Some("完了"))]
)]
#[case::deadline_moved(
    |g: &mut Vec<(&'static str, Vec<Row>)>| g[0].1[0].deadline = Some("12月末まで".into()),
    vec![(Field::Deadline, ChangeKind::Changed, "重点目標管理シート1!D6", Some("9月末まで"), Some("12月末まで"))]
)]
#[case::achievement(
    |g: &mut Vec<(&'static str, Vec<Row>)>| g[0].1[0].achievement = Some(0.725),
    vec![(Field::Achievement, ChangeKind::Filled, "重点目標管理シート1!G6", None, Some("72.5%"))]
)]
#[case::grade(
    |g: &mut Vec<(&'static str, Vec<Row>)>| g[1].1[0].grade = Some("A".into()),
    vec![(Field::SelfAssessment, ChangeKind::Filled, "重点目標管理シート1!H9", None, Some("A"))]
)]
#[case::title_edited(
    |g: &mut Vec<(&'static str, Vec<Row>)>| g[0].1[1].title = "公園再整備".into(),
    vec![(Field::Item, ChangeKind::Changed, "重点目標管理シート1!C7", Some("公園整備"), Some("公園再整備"))]
)]
#[case::item_added(
    |g: &mut Vec<(&'static str, Vec<Row>)>| g[1].1.push(row("②", "公共施設再編")),
    vec![(Field::Item, ChangeKind::Added, "重点目標管理シート1!C10", None, Some("公共施設再編"))]
)]
#[case::item_removed(
    |g: &mut Vec<(&'static str, Vec<Row>)>| { g[0].1.remove(0); },
    vec![(Field::Item, ChangeKind::Removed, "重点目標管理シート1!C6", Some("空き家対策"), None)]
)]
#[case::goal_renamed(
    |g: &mut Vec<(&'static str, Vec<Row>)>| g[0].0 = "誰もが住みよいまち",
    vec![(Field::Goal, ChangeKind::Changed, "重点目標管理シート1!A5", Some("住みよいまち"), Some("誰もが住みよいまち"))]
)]
#[case::rows_sorted(
    |g: &mut Vec<(&'static str, Vec<Row>)>| { g[0].1.reverse(); g.reverse(); },
    vec![]
)]
#[case::renumbered(
    |g: &mut Vec<(&'static str, Vec<Row>)>| { g[0].1[0].number = Some("(1)".into()); g[0].1[1].number = Some("(2)".into()); },
    vec![]
)]
#[case::moved_to_another_goal(
    |g: &mut Vec<(&'static str, Vec<Row>)>| { let r = g[0].1.remove(1); g[1].1.push(r); },
    vec![]
)]
#[case::blank_report_is_still_empty(
    |g: &mut Vec<(&'static str, Vec<Row>)>| g[0].1[0].interim = Some("  ".into()),
    vec![]
)]
fn one_edit_gives_exactly_its_change(
    #[case] edit: fn(&mut Vec<(&'static str, Vec<Row>)>),
    #[case] expected: Vec<Expected>,
) {
    let changes = diff(&[sheet(&base())], &[edited(edit)], &[]);
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(f, c, cell, b, a)| (f, c, cell.to_string(), b, a))
        .collect();
    assert_eq!(summary(&changes), expected);
}

#[test]
fn a_report_cleared_and_changed() {
    let filled = edited(|g| g[0].1[0].interim = Some("着手".into()));
    let changed = edited(|g| g[0].1[0].interim = Some("完了".into()));
    let cleared = sheet(&base());
    assert_eq!(
        summary(&diff(std::slice::from_ref(&filled), &[changed], &[])),
        [(
            Field::Interim,
            ChangeKind::Changed,
            "重点目標管理シート1!E6".into(),
            Some("着手"),
            Some("完了")
        )]
    );
    assert_eq!(
        summary(&diff(&[filled], &[cleared], &[])),
        [(
            Field::Interim,
            ChangeKind::Cleared,
            "重点目標管理シート1!E6".into(),
            Some("着手"),
            None
        )]
    );
}

#[test]
fn a_moved_deadline_carries_both_dates() {
    let moved = edited(|g| g[0].1[0].deadline = Some("12月末まで".into()));
    let changes = diff(&[sheet(&base())], &[moved], &[]);
    let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    assert_eq!(changes[0].before_dates, [d(9, 30)]);
    assert_eq!(changes[0].after_dates, [d(12, 31)]);
    assert_eq!(changes[0].goal.as_deref(), Some("住みよいまち"));
    assert_eq!(changes[0].item.as_deref(), Some("空き家対策"));
    assert_eq!(changes[0].item_number.as_deref(), Some("①"));
}

#[test]
fn a_row_inserted_above_changes_nothing_and_later_cells_are_the_new_ones() {
    let before = sheet(&base());
    let shifted = sheet_from(5, &base());
    assert!(diff(std::slice::from_ref(&before), &[shifted], &[]).is_empty());
    let mut goals = base();
    goals[1].1[0].interim = Some("見直し中".into());
    let shifted_and_filled = sheet_from(5, &goals);
    let changes = diff(&[before], &[shifted_and_filled], &[]);
    assert_eq!(
        summary(&changes),
        [(
            Field::Interim,
            ChangeKind::Filled,
            "重点目標管理シート1!E10".into(),
            None,
            Some("見直し中")
        )]
    );
}

#[test]
fn a_renamed_goal_without_number_and_renamed_items_is_matched_by_what_it_keeps() {
    let renamed = edited(|g| {
        g[0].0 = "安心して暮らせるまち";
        g[0].1[1].interim = Some("設計完了".into());
    });
    let changes = diff(&[sheet(&base())], &[renamed], &[]);
    assert_eq!(
        changes
            .iter()
            .map(|c| (c.field, c.change))
            .collect::<Vec<_>>(),
        [
            (Field::Goal, ChangeKind::Changed),
            (Field::Interim, ChangeKind::Filled)
        ]
    );
    assert_eq!(changes[1].goal.as_deref(), Some("安心して暮らせるまち"));
}

#[test]
fn a_renamed_sheet_is_the_same_sheet() {
    let mut renamed = sheet(&base());
    renamed.sheet = "重点目標管理シート".into();
    assert!(diff(&[sheet(&base())], &[renamed], &[]).is_empty());
}

#[test]
fn a_sheet_the_new_read_could_not_read_is_not_removed() {
    let mut other = sheet(&base());
    other.sheet = "別紙".into();
    other.goals.truncate(1);
    other.goals[0].title = "別の目標".into();
    for item in &mut other.goals[0].items {
        item.set_title("別の取組");
    }
    let before = [sheet(&base()), other];
    let after = [sheet(&base())];
    assert!(diff(&before, &after, &["別紙"]).is_empty());
    let removed = diff(&before, &after, &[]);
    assert_eq!(removed.len(), 2);
    assert!(removed.iter().all(|c| c.change == ChangeKind::Removed));
}

#[test]
fn each_fiscal_year_of_a_multi_year_sheet_is_its_own() {
    let mut later = sheet(&base());
    later.fiscal_year = FiscalYear(2027);
    let mut later_filled = later.clone();
    later_filled.goals[0].items[0].interim = Report::Filled("着手".into());
    let changes = diff(
        &[sheet(&base()), later],
        &[sheet(&base()), later_filled],
        &[],
    );
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].fiscal_year, FiscalYear(2027));
}

fn arb_row() -> impl Strategy<Value = Row> {
    (
        proptest::option::of("[①②③]"),
        "[ab]{0,2}",
        proptest::option::of("(9月末|年度内|[0-9]{1,2}月)"),
        proptest::option::of("[xy ]{0,2}"),
        proptest::option::of("[xy]{0,2}"),
        proptest::option::of(0.0f64..2.0),
        proptest::option::of("[AB]"),
    )
        .prop_map(
            |(number, title, deadline, interim, year_end, achievement, grade)| Row {
                number,
                title,
                deadline,
                interim,
                year_end,
                achievement,
                grade,
            },
        )
}

fn arb_goals() -> impl Strategy<Value = Vec<(&'static str, Vec<Row>)>> {
    proptest::collection::vec(
        (
            prop::sample::select(vec!["g", "h", ""]),
            proptest::collection::vec(arb_row(), 0..5),
        ),
        0..4,
    )
}

proptest! {
    #[test]
    fn diffing_never_panics(a in arb_goals(), b in arb_goals(), shift in 0u32..3) {
        let _ = diff(&[sheet(&a)], &[sheet_from(4 + shift, &b)], &[]);
        let _ = diff(&[sheet(&a)], &[], &[]);
        let _ = diff(&[sheet(&a), sheet(&b)], &[sheet(&b)], &[SHEET]);
    }

    #[test]
    fn a_parse_has_no_changes_with_itself_moved_down(goals in arb_goals(), shift in 0u32..3) {
        let one = sheet(&goals);
        prop_assert!(diff(std::slice::from_ref(&one), std::slice::from_ref(&one), &[]).is_empty());
        prop_assert!(diff(&[one], &[sheet_from(4 + shift, &goals)], &[]).is_empty());
    }

    #[test]
    fn sorting_items_changes_nothing(goals in arb_goals()) {
        let mut sorted = goals.clone();
        for (_, rows) in &mut sorted {
            rows.reverse();
        }
        sorted.reverse();
        prop_assert!(diff(&[sheet(&goals)], &[sheet(&sorted)], &[]).is_empty());
    }

    #[test]
    fn filling_one_empty_report_is_one_filled(
        mut goals in arb_goals(),
        mut unreported in arb_row(),
        pick in any::<prop::sample::Index>(),
    ) {
        // At least one row has an empty interim report, whatever was drawn.
        unreported.interim = None;
        match goals.first_mut() {
            Some((_, rows)) => rows.push(unreported),
            None => goals.push(("g", vec![unreported])),
        }
        let empty: Vec<(usize, usize)> = goals
            .iter()
            .enumerate()
            .flat_map(|(g, (_, rows))| (0..rows.len()).map(move |i| (g, i)))
            .filter(|&(g, i)| goals[g].1[i].interim.as_deref().is_none_or(|t| t.trim().is_empty()))
            .collect();
        let (g, i) = empty[pick.index(empty.len())];
        let mut filled = goals.clone();
        filled[g].1[i].interim = Some("記入済み".into());
        let changes = diff(&[sheet(&goals)], &[sheet(&filled)], &[]);
        prop_assert_eq!(changes.len(), 1);
        prop_assert_eq!(changes[0].field, Field::Interim);
        prop_assert_eq!(changes[0].change, ChangeKind::Filled);
        prop_assert_eq!(changes[0].after.as_deref(), Some("記入済み"));
    }
}
