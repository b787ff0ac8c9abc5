//! Generated workbooks read back: every field the layout holds comes back
//! as written (proptest over goals and items), filled-in reports come back
//! filled, and the carried-over fy2026 corpus workbook keeps its goals.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use mokuhyo::io::template::{read_source, write_template};
use mokuhyo::io::workbook::read::{ReadLimits, read_workbook};
use mokuhyo_core::calendar::FiscalYear;
use mokuhyo_core::interpret::{
    FieldDictionary, InterpretOptions, WorkbookOutcome, interpret_workbook,
};
use mokuhyo_core::model::{ActionItem, Goal, PlanPosition, Report, SheetReport, Text};
use mokuhyo_core::template::plan::{item_mark, new_goal, new_item};
use mokuhyo_core::template::{
    GradeScales, LayoutSpec, TemplateModel, plan_workbook, previous_model,
};
use proptest::prelude::*;

fn generate(model: &TemplateModel, layout: &str, dir: &Path) -> PathBuf {
    let spec = LayoutSpec::builtin(layout).unwrap().unwrap();
    let plan = plan_workbook(model, &spec, &GradeScales::builtin().unwrap()).unwrap();
    let path = dir.join(format!("{}_{}.xlsx", layout, model.department));
    let now = Utc.with_ymd_and_hms(2027, 4, 1, 0, 0, 0).unwrap();
    write_template(&plan, &path, now).unwrap();
    crate::common::xlsx_check::assert_well_formed(&path);
    path
}

fn parse(path: &Path) -> Vec<SheetReport> {
    let workbook = read_workbook(path, &ReadLimits::default()).unwrap();
    assert!(
        workbook.sheet_errors().is_empty(),
        "{:?}",
        workbook.sheet_errors()
    );
    match interpret_workbook(
        path,
        &workbook.sheets,
        &FieldDictionary::default(),
        &InterpretOptions::default(),
    ) {
        WorkbookOutcome::Reports(r) => r,
        other => panic!("{}: {other:?}", path.display()),
    }
}

/// What the Ueda layout holds of a goal.
#[derive(Debug, PartialEq)]
struct HeldGoal {
    number: Option<String>,
    title: String,
    priority: Option<String>,
    positions: Vec<(Text, Text)>,
    items: Vec<HeldItem>,
}

#[derive(Debug, PartialEq)]
struct HeldItem {
    number: Option<String>,
    title: String,
    text: String,
    deadline: Option<String>,
    target: Option<String>,
    interim: Report,
    year_end: Report,
}

fn held(goals: &[Goal]) -> Vec<HeldGoal> {
    goals
        .iter()
        .map(|g| HeldGoal {
            number: g.number.clone(),
            title: g.title.clone(),
            priority: g.priority.clone(),
            positions: g
                .plan_positions
                .iter()
                .filter(|p| !p.text.is_empty())
                .map(|p| (p.label.clone(), p.text.clone()))
                .collect(),
            items: g.items.iter().map(held_item).collect(),
        })
        .collect()
}

fn held_item(i: &ActionItem) -> HeldItem {
    HeldItem {
        number: i.number().map(str::to_string),
        title: i.title().to_string(),
        text: i.text().to_string(),
        deadline: i.deadline_text().map(str::to_string),
        target: i.target().map(str::to_string),
        interim: i.interim.clone(),
        year_end: i.year_end.clone(),
    }
}

/// The first field that differs, shortened: the texts can be 2,000 characters.
fn first_difference(got: &[HeldGoal], want: &[HeldGoal]) -> String {
    let short = |s: String| s.chars().take(160).collect::<String>();
    if got.len() != want.len() {
        return format!(
            "{} goal(s) parsed, {} written: {:?}",
            got.len(),
            want.len(),
            got.iter()
                .map(|g| short(g.title.clone()))
                .collect::<Vec<_>>()
        );
    }
    for (gi, (g, w)) in got.iter().zip(want).enumerate() {
        let fields = [
            (
                "number",
                format!("{:?}", g.number),
                format!("{:?}", w.number),
            ),
            ("title", format!("{:?}", g.title), format!("{:?}", w.title)),
            (
                "priority",
                format!("{:?}", g.priority),
                format!("{:?}", w.priority),
            ),
            (
                "positions",
                format!("{:?}", g.positions),
                format!("{:?}", w.positions),
            ),
            (
                "items",
                g.items.len().to_string(),
                w.items.len().to_string(),
            ),
        ];
        for (name, a, b) in fields {
            if a != b {
                return format!(
                    "goal {gi} {name}: parsed {} / written {}",
                    short(a),
                    short(b)
                );
            }
        }
        for (ii, (a, b)) in g.items.iter().zip(&w.items).enumerate() {
            let (a, b) = (format!("{a:?}"), format!("{b:?}"));
            if a != b {
                let at = a
                    .chars()
                    .zip(b.chars())
                    .take_while(|(x, y)| x == y)
                    .count()
                    .saturating_sub(40);
                let cut = |s: &str| s.chars().skip(at).take(200).collect::<String>();
                return format!(
                    "goal {gi} item {ii}: parsed …{} / written …{}",
                    cut(&a),
                    cut(&b)
                );
            }
        }
    }
    String::new()
}

fn parsed_goals(reports: &[SheetReport], fy: FiscalYear) -> Vec<Goal> {
    reports
        .iter()
        .filter(|r| r.fiscal_year == fy)
        .flat_map(|r| r.goals.iter().cloned())
        .collect()
}

const LABELS: [&str; 4] = [
    "総合計画における位置付け",
    "総合戦略における位置付け",
    "行財政改革大綱における位置付け",
    "市長マニフェストにおける位置付け",
];

const DEADLINES: [&str; 9] = [
    "9月末まで",
    "令和8年12月",
    "年度末",
    "上半期",
    "(1) 6月\n(2) 年度内",
    "通年",
    "(1) (2) 令和8年度末\n(3) 年度末",
    "12月末まで",
    "令和9年2月",
];

/// A line of text: Japanese words and the characters a formula would start
/// with, never blank and without surrounding spaces.
fn line() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "○",
        "防災",
        "訓練の実施",
        "=SUM(A1)",
        "+1",
        "-5%",
        "@home",
        "<b>",
        "a&b",
        "（累計30地区）",
        "参加者1,500人以上",
        "令和8年度",
        "ＡＢＣ",
        "デジタル化",
        "、",
        "。",
        "\"引用\"",
        "'",
        "1位",
    ]);
    prop::collection::vec(words, 1..6).prop_map(|w| w.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(line(), 1..4).prop_map(|l| l.join("\n")),
        1 => line().prop_map(|l| {
            let mut long = String::from("○");
            while long.chars().count() < 2000 {
                long.push_str(&l);
                long.push_str("。長い説明文");
            }
            long.chars().take(2000).collect()
        }),
    ]
}

fn report() -> impl Strategy<Value = Report> {
    prop_oneof![
        Just(Report::Empty),
        text().prop_map(|t| Report::Filled(t.into()))
    ]
}

fn item(index: usize) -> impl Strategy<Value = ActionItem> {
    (
        text(),
        prop::sample::select(DEADLINES.to_vec()),
        text(),
        report(),
        report(),
    )
        .prop_map(move |(body, deadline, target, interim, year_end)| {
            let mut item = new_item(Some(item_mark(index)), &body);
            item.set_deadline_text(Some(deadline));
            item.set_target(Some(&target));
            item.interim = interim;
            item.year_end = year_end;
            item
        })
}

fn goal(index: usize) -> impl Strategy<Value = Goal> {
    (
        line(),
        prop::collection::vec(prop::option::of(text()), 4),
        1usize..=4,
    )
        .prop_flat_map(move |(title, positions, n_items)| {
            let items: Vec<_> = (1..=n_items).map(item).collect();
            (Just(title), Just(positions), items)
        })
        .prop_map(move |(title, positions, items)| {
            let mut goal = new_goal(Some(index.to_string()), &title, items);
            goal.priority = Some(format!("{index}位"));
            goal.plan_positions = LABELS
                .iter()
                .zip(positions)
                .filter_map(|(label, text)| {
                    text.map(|text| PlanPosition {
                        label: (*label).into(),
                        text: text.into(),
                    })
                })
                .collect();
            goal
        })
}

fn model() -> impl Strategy<Value = TemplateModel> {
    (1usize..=3)
        .prop_flat_map(|n| (1..=n).map(goal).collect::<Vec<_>>())
        // The parser matches a goal sheet to the overview's row by its
        // normalised title (spaces and bracketed parts dropped), so two goals
        // whose titles differ only there (`○`, `（累計30地区）○`) both take
        // the first row's number.
        .prop_filter("distinct goal titles", |goals| {
            let titles: std::collections::BTreeSet<_> = goals
                .iter()
                .map(|g| mokuhyo_core::interpret::dictionary::normalize_label(&g.title))
                .collect();
            titles.len() == goals.len()
        })
        .prop_map(|goals| TemplateModel {
            department: "総務部".into(),
            fiscal_year: FiscalYear(2026),
            goals,
        })
}

proptest! {
    // Writing workbooks is slow in debug builds: 24 cases unless
    // PROPTEST_CASES says otherwise.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]
    #[test]
    fn ueda_round_trip(model in model()) {
        let dir = tempfile::tempdir().unwrap();
        let path = generate(&model, "ueda", dir.path());
        let reports = parse(&path);
        prop_assert!(reports.iter().all(|r| r.department == "総務部"));
        prop_assert!(reports.iter().all(|r| r.fiscal_year == FiscalYear(2026)));
        let got = held(&parsed_goals(&reports, FiscalYear(2026)));
        let want = held(&model.goals);
        prop_assert!(got == want, "{}", first_difference(&got, &want));
    }
}

/// 総務部's fiscal 2026 model of one goal, number 1 and priority 1位.
fn somu_first_goal(title: &str, items: Vec<ActionItem>) -> TemplateModel {
    let mut goal = new_goal(Some("1".into()), title, items);
    goal.priority = Some("1位".into());
    TemplateModel {
        department: "総務部".into(),
        fiscal_year: FiscalYear(2026),
        goals: vec![goal],
    }
}

/// A sheet whose one item is written as a lone mark (○) is still read: one
/// value alone shows no marks chosen from a few, so the header's words
/// decide, and the sheet's reports are not lost with it.
#[test]
fn an_item_written_as_a_lone_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut item = new_item(Some("①".into()), "○");
    item.set_deadline_text(Some("9月末まで"));
    item.interim = Report::Filled("令和8年度".into());
    let model = somu_first_goal("防災", vec![item]);
    let reports = parse(&generate(&model, "ueda", dir.path()));
    let goals = parsed_goals(&reports, FiscalYear(2026));
    assert_eq!(held(&goals), held(&model.goals));
}

const SOMUBU_2026: &str = "tests/fixtures/corpus/fy2026/令和8年度重点目標管理シート_総務部.xlsx";

fn corpus_reports(path: &str) -> Vec<SheetReport> {
    let source = read_source(Path::new(path), &mokuhyo::io::catalog::Parser::default());
    assert!(source.problems.is_empty(), "{:?}", source.problems);
    source.reports
}

#[test]
fn filled_reports_come_back_filled() {
    let dir = tempfile::tempdir().unwrap();
    let mut item = new_item(Some("①".into()), "○総合防災訓練の実施\n(1) 避難所運営訓練");
    item.set_deadline_text(Some("(1) 8月\n(2) 9月末まで"));
    item.set_target(Some("参加者1,500人以上"));
    item.interim = Report::Filled("8月30日に市内5地区で実施し、1,623人が参加した。".into());
    item.year_end = Report::Filled("=計画どおり完了した。".into());
    let mut second = new_item(Some("②".into()), "○地区防災計画の作成支援");
    second.set_deadline_text(Some("通年"));
    second.interim = Report::Filled("出前講座を12回開催した。".into());
    let model = somu_first_goal("地域防災力の向上", vec![item, second]);
    let reports = parse(&generate(&model, "ueda", dir.path()));
    let goals = parsed_goals(&reports, FiscalYear(2026));
    let items = &goals[0].items;
    assert_eq!(items[0].interim, model.goals[0].items[0].interim);
    assert_eq!(
        items[0].year_end,
        Report::Filled("=計画どおり完了した。".into())
    );
    assert_eq!(items[1].interim.text(), Some("出前講座を12回開催した。"));
    assert_eq!(items[1].year_end, Report::Empty);
    // The deadlines are resolved in the workbook's fiscal year.
    assert_eq!(
        items[0].due_dates(),
        [
            chrono::NaiveDate::from_ymd_opt(2026, 8, 31).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
        ]
    );
}

#[test]
fn carried_over_corpus_workbook_keeps_goals_and_moves_dates() {
    let dir = tempfile::tempdir().unwrap();
    let previous = corpus_reports(SOMUBU_2026);
    let model = previous_model(&previous, "総務部", FiscalYear(2027)).unwrap();
    let reports = parse(&generate(&model, "ueda", dir.path()));
    assert!(reports.iter().all(|r| r.fiscal_year == FiscalYear(2027)));
    let before = parsed_goals(&previous, FiscalYear(2026));
    let after = parsed_goals(&reports, FiscalYear(2027));
    assert_eq!(after.len(), before.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a.title, b.title);
        assert_eq!(a.priority, b.priority);
        assert_eq!(a.plan_positions, b.plan_positions);
        assert_eq!(a.items.len(), b.items.len());
        for (bi, ai) in b.items.iter().zip(&a.items) {
            assert_eq!(ai.text(), bi.text());
            assert_eq!(ai.target(), bi.target());
            assert_eq!(ai.interim, Report::Empty);
            assert_eq!(ai.year_end, Report::Empty);
            // Each due date a year later (relative texts resolve in the new year).
            let moved: Vec<_> = bi
                .due_dates()
                .iter()
                .map(|d| {
                    use chrono::Datelike;
                    chrono::NaiveDate::from_ymd_opt(d.year() + 1, d.month(), 1)
                        .unwrap()
                        .checked_add_months(chrono::Months::new(1))
                        .unwrap()
                        .pred_opt()
                        .unwrap()
                })
                .collect();
            assert_eq!(ai.due_dates(), moved, "{:?}", ai.deadline_text());
        }
    }
    let digital = &after[0].items[3];
    assert_eq!(digital.deadline_text(), Some("令和9年12月"));
}

#[test]
fn consolidated_json_is_a_source() {
    let dir = tempfile::tempdir().unwrap();
    let previous = corpus_reports(SOMUBU_2026);
    let sheets: Vec<_> = previous
        .iter()
        .map(mokuhyo_core::schema::SheetJson::new)
        .collect();
    let json = serde_json::json!({
        "schema_version": 1,
        "fiscal_year": 2026,
        "nendo": "令和8年度",
        "sheets": sheets,
        "problems": [],
    });
    let path = dir.path().join("全庁目標一覧_令和8年度.json");
    std::fs::write(&path, serde_json::to_string(&json).unwrap()).unwrap();
    let from_json = corpus_reports(path.to_str().unwrap());
    let a = previous_model(&from_json, "総務部", FiscalYear(2027)).unwrap();
    let b = previous_model(&previous, "総務部", FiscalYear(2027)).unwrap();
    assert_eq!(held(&a.goals), held(&b.goals));
}

#[test]
fn ogori_layout_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let previous = corpus_reports("tests/fixtures/corpus/ogori_action_plan_R5.xlsx");
    let department = &previous[0].department;
    // The R5 plan already states 令和6年度's plan: that year's rows are carried as they are.
    let mut model = previous_model(&previous, department, FiscalYear(2024)).unwrap();
    model.department = "財政課".into();
    let reports = parse(&generate(&model, "ogori", dir.path()));
    let year: Vec<_> = reports
        .iter()
        .filter(|r| r.fiscal_year == FiscalYear(2024))
        .collect();
    assert_eq!(year.len(), 1);
    assert_eq!(year[0].department, "財政課");
    let project = |goals: &[Goal]| -> Vec<_> {
        goals
            .iter()
            .map(|g| {
                let items: Vec<_> = g
                    .items
                    .iter()
                    .map(|i| {
                        (
                            i.number().map(str::to_string),
                            i.title().to_string(),
                            i.owners.clone(),
                            i.target().map(str::to_string),
                            i.deadline_text().map(str::to_string),
                        )
                    })
                    .collect();
                (g.number.clone(), g.title.clone(), items)
            })
            .collect()
    };
    assert_eq!(project(&year[0].goals), project(&model.goals));
    assert_eq!(model.goals.iter().map(|g| g.items.len()).sum::<usize>(), 16);
}
