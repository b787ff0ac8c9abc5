//! Tests of `plan`.

use super::*;
use crate::template::spec::{GradeScales, LayoutSpec};
use rstest::rstest;

fn model(goals: Vec<Goal>) -> TemplateModel {
    TemplateModel {
        department: "総務部".into(),
        fiscal_year: FiscalYear(2027),
        goals,
    }
}

fn ueda(model: &TemplateModel) -> WorkbookPlan {
    let spec = LayoutSpec::builtin("ueda").unwrap().unwrap();
    plan_workbook(model, &spec, &GradeScales::builtin().unwrap()).unwrap()
}

fn cell<'p>(sheet: &'p SheetPlan, a1: &str) -> &'p CellPlan {
    let (row, col) = crate::template::spec::parse_a1(a1).unwrap();
    sheet
        .cells
        .iter()
        .find(|c| c.row == row && c.col == col)
        .unwrap()
}

#[test]
fn long_sheets_break_between_blocks_and_keep_headings_with_their_first_block() {
    let goals = (1..=4)
        .map(|g| {
            let items = (1..=4)
                .map(|i| new_item(Some(format!("No.{}", (g - 1) * 4 + i)), "取組"))
                .collect();
            new_goal(Some(g.to_string()), &format!("目標{g}"), items)
        })
        .collect();
    let spec = LayoutSpec::builtin("ogori").unwrap().unwrap();
    let plan = plan_workbook(&model(goals), &spec, &GradeScales::builtin().unwrap()).unwrap();
    let sheet = &plan.sheets[0];
    // Section headings: one cell across A:F holding a goal's title.
    let headings: Vec<u32> = sheet
        .cells
        .iter()
        .filter(|c| {
            c.col == 0
                && c.last_col == 5
                && matches!(&c.value, PlannedValue::Text(t) if t.contains("目標"))
        })
        .map(|c| c.row)
        .collect();
    assert_eq!(headings.len(), 4, "{headings:?}");
    let breaks = &sheet.page_breaks;
    assert!(breaks.len() >= 4, "{breaks:?}");
    for b in breaks {
        assert!(
            sheet.block_starts.contains(b),
            "break at row {b} inside a block"
        );
        assert!(
            !headings.contains(&(b - 1)),
            "heading alone above the break at {b}"
        );
    }
    // No page holds more than a page's height.
    let (_, page_height) = printable(sheet);
    let height = |rows: std::ops::Range<u32>| -> f64 {
        rows.map(|r| match sheet.row_heights.get(&r) {
            Some(h) if *h > 0.0 => *h,
            _ => DEFAULT_ROW_HEIGHT,
        })
        .sum()
    };
    let mut top = 0;
    for &b in breaks.iter().chain(std::iter::once(&(sheet.last_row + 1))) {
        assert!(b > top);
        assert!(height(top..b) <= page_height, "rows {top}..{b}");
        top = b;
    }
}

#[test]
fn sheets_that_fit_one_page_have_no_breaks() {
    let plan = ueda(&model(blank_goals(3, 4)));
    assert!(plan.sheets.iter().all(|s| s.page_breaks.is_empty()));
}

#[test]
fn blank_ueda_workbook() {
    let plan = ueda(&model(blank_goals(3, 4)));
    let names: Vec<_> = plan.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "重点目標",
            "重点目標管理シート1",
            "重点目標管理シート2",
            "重点目標管理シート3"
        ]
    );
    let sheet = &plan.sheets[1];
    assert_eq!(
        cell(sheet, "A1").value,
        PlannedValue::Text("令和9年度 重点目標管理シート".into())
    );
    assert_eq!(
        (cell(sheet, "A1").last_row, cell(sheet, "A1").last_col),
        (0, 6)
    );
    assert_eq!(cell(sheet, "A9").value, PlannedValue::Text("①".into()));
    assert_eq!(cell(sheet, "A12").value, PlannedValue::Text("④".into()));
    assert_eq!(
        cell(sheet, "A13").value,
        PlannedValue::Text("特記事項".into())
    );
    // Labels locked, inputs open, notes on the report columns.
    assert!(cell(sheet, "A3").style.locked);
    assert!(!cell(sheet, "B3").style.locked);
    assert!(
        cell(sheet, "E3").style.locked,
        "the department is not an input"
    );
    assert!(!cell(sheet, "E9").style.locked);
    assert_eq!(cell(sheet, "E9").note.as_ref().unwrap().title, "中間報告");
    assert_eq!(cell(sheet, "F9").note.as_ref().unwrap().title, "期末報告");
    assert_eq!(sheet.protection, Some(None));
    assert_eq!(
        sheet.column_widths,
        [10.5, 42.0, 16.0, 30.0, 44.0, 40.0, 6.0]
    );
    assert_eq!((sheet.last_row, sheet.last_col), (12, 6));
    assert!(plan.fields.contains("item.interim"));
}

#[test]
fn rows_grow_with_text() {
    let mut item = new_item(Some("①".into()), &"長い取組内容の説明。".repeat(40));
    item.interim = Report::Filled("済".into());
    let plan = ueda(&model(vec![new_goal(Some("1".into()), "目標", vec![item])]));
    let sheet = &plan.sheets[1];
    // 400 full-width characters in 42 columns at 10 pt: about 20 lines.
    let height = sheet.row_heights[&8];
    assert!(height > 200.0 && height <= MAX_ROW_HEIGHT, "{height}");
    // A short row keeps the spec's minimum.
    assert_eq!(sheet.row_heights[&9], 60.0);
}

#[test]
fn long_scales_go_to_a_hidden_sheet() {
    let spec_text = r#"
name = "t"
[scales.long]
values = ["この評価は非常に長い説明文をもつ選択肢であり二百五十五文字を超えるリストを作るために繰り返される。その一。", "この評価は非常に長い説明文をもつ選択肢であり二百五十五文字を超えるリストを作るために繰り返される。その二。", "この評価は非常に長い説明文をもつ選択肢であり二百五十五文字を超えるリストを作るために繰り返される。その三。", "この評価は非常に長い説明文をもつ選択肢であり二百五十五文字を超えるリストを作るために繰り返される。その四。", "この評価は非常に長い説明文をもつ選択肢であり二百五十五文字を超えるリストを作るために繰り返される。その五。", "この評価は非常に長い説明文をもつ選択肢であり二百五十五文字を超えるリストを作るために繰り返される。その六。"]
[[sheet]]
name = "評価"
[[sheet.part]]
cell = [
  { at = "A1", text = "自己評価" },
  { at = "B1", scale = "long", input = true },
  { at = "C1", scale = "abc", input = true },
]
"#;
    let spec = LayoutSpec::parse(spec_text, "t").unwrap();
    let plan = plan_workbook(&model(vec![]), &spec, &GradeScales::builtin().unwrap()).unwrap();
    assert_eq!(plan.sheets.len(), 2);
    let lists = &plan.sheets[1];
    assert_eq!(lists.name, LIST_SHEET);
    assert!(lists.hidden);
    assert_eq!(
        cell(&plan.sheets[0], "B1").validation,
        Some(Validation::ListRange {
            sheet: LIST_SHEET.into(),
            col: 0,
            first_row: 1,
            last_row: 6
        })
    );
    assert_eq!(
        cell(&plan.sheets[0], "C1").validation,
        Some(Validation::List(vec!["A".into(), "B".into(), "C".into()]))
    );
}

#[rstest]
#[case(r#"{ at = "A1", field = "goal.nope" }"#, "goal.nope")]
#[case(r#"{ at = "A1", field = "nope" }"#, "unknown field")]
#[case(r#"{ at = "A1", text = "{nope}" }"#, "unknown placeholder")]
#[case(r#"{ at = "A1", text = "x", style = "nope" }"#, "unknown style")]
#[case(r#"{ at = "A1", scale = "nope" }"#, "unknown scale")]
#[case(r#"{ at = "A2", text = "x" }"#, "below the part")]
#[case(r#"{ at = "B1:A1", text = "x" }"#, "not a cell")]
fn faulty_specs_are_reported(#[case] cell: &str, #[case] message: &str) {
    let text = format!("name = \"t\"\n[[sheet]]\nname = \"s\"\n[[sheet.part]]\ncell = [{cell}]\n");
    let spec = LayoutSpec::parse(&text, "t").unwrap();
    let model = model(blank_goals(1, 1));
    let err = plan_workbook(&model, &spec, &GradeScales::default()).unwrap_err();
    assert!(err.to_string().contains(message), "{err}");
}

#[rstest]
#[case("重点目標管理シート1", true)]
#[case("", false)]
#[case("a/b", false)]
#[case("History", false)]
#[case(
    "あいうえおかきくけこあいうえおかきくけこあいうえおかきくけこXY",
    false
)]
fn sheet_names(#[case] name: &str, #[case] ok: bool) {
    assert_eq!(check_sheet_name(name).is_ok(), ok);
}

#[test]
fn file_names_are_safe() {
    let spec = LayoutSpec::builtin("ueda").unwrap().unwrap();
    let m = TemplateModel {
        department: "総務/企画部".into(),
        fiscal_year: FiscalYear(2027),
        goals: vec![],
    };
    assert_eq!(
        file_name(&m, &spec),
        "令和9年度重点目標管理シート_総務_企画部.xlsx"
    );
    assert_eq!(item_mark(1), "①");
    assert_eq!(item_mark(20), "⑳");
    assert_eq!(item_mark(21), "(21)");
    assert_eq!(era_short(FiscalYear(2027)), "R9");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn planning_never_panics(text in "\\PC{0,300}", goals in 0usize..4, items in 0usize..6) {
        let mut goals = blank_goals(goals, items);
        for goal in &mut goals {
            goal.title = text.clone();
            for item in &mut goal.items {
                item.set_text(&text);
                item.interim = Report::Filled(text.as_str().into());
            }
        }
        let plan = ueda(&model(goals));
        for sheet in &plan.sheets {
            for height in sheet.row_heights.values() {
                proptest::prop_assert!(*height <= MAX_ROW_HEIGHT);
            }
        }
    }
}
