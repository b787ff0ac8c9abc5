//! Layouts written in the tests themselves as real xlsx files in temp dirs
//! and interpreted with no layout-specific code: goal blocks stacked down
//! one sheet, departments named only in a title line, in `所管：…`, in the
//! file name or nowhere, and grades that carry their rate.

use std::path::{Path, PathBuf};

use mokuhyo::io::workbook::read::{ReadLimits, read_workbook};
use mokuhyo_core::interpret::{
    FieldDictionary, InterpretOptions, KnownDepartment, UNKNOWN_DEPARTMENT, WorkbookOutcome,
    interpret_workbook,
};
use mokuhyo_core::model::{Origin, SheetReport};
use mokuhyo_core::template::GradeScales;
use rust_xlsxwriter::{Workbook, Worksheet};

fn interpret_with(path: &Path, opts: &InterpretOptions) -> Vec<SheetReport> {
    let wb = read_workbook(path, &ReadLimits::default()).expect("written workbook reads");
    match interpret_workbook(path, &wb.sheets, &FieldDictionary::default(), opts) {
        WorkbookOutcome::Reports(r) => r,
        other => panic!("{}: {other:?}", path.display()),
    }
}

fn interpret(path: &Path) -> Vec<SheetReport> {
    interpret_with(path, &InterpretOptions::default())
}

/// Writes one row of text cells from column `col`; empty strings are left
/// blank.
fn row(ws: &mut Worksheet, r: u32, col: u16, cells: &[&str]) {
    for (i, text) in cells.iter().enumerate() {
        if !text.is_empty() {
            ws.write_string(r, col + i as u16, *text).unwrap();
        }
    }
}

/// A workbook of one sheet written by `fill` into `dir/name`.
fn workbook(dir: &Path, name: &str, fill: impl FnOnce(&mut Worksheet)) -> PathBuf {
    let path = dir.join(name);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("目標").unwrap();
    fill(ws);
    wb.save(&path).unwrap();
    path
}

/// A small item table: header at `r`, two items below.
fn item_table(ws: &mut Worksheet, r: u32) {
    row(
        ws,
        r,
        0,
        &["", "取組項目", "期間・期限", "中間報告", "期末報告"],
    );
    row(
        ws,
        r + 1,
        0,
        &["①", "○窓口の電子化", "9月末まで", "着手", ""],
    );
    row(ws, r + 2, 0, &["②", "○広報紙の刷新", "年度末", "", ""]);
}

const GOALS: [&str; 5] = [
    "地域防災力の向上と災害対応力の強化",
    "行政のデジタル化推進と業務改革",
    "職員の働き方改革と人材の確保・育成",
    "公共施設の計画的な維持管理",
    "移住・定住の促進と関係人口の創出",
];

/// Five 上田-style blocks on one sheet, each a header block (重点目標 /
/// 部局名 / 優先順位, a plan position, 現況・課題) and its 取組項目 table,
/// with no 特記事項 row between them. Block 3 puts its 部局名 / 優先順位
/// row above its 重点目標 row; block 5 names another department.
fn stacked_blocks(ws: &mut Worksheet) {
    row(ws, 0, 0, &["令和8年度 重点目標管理シート"]);
    let mut r = 2;
    for (i, goal) in GOALS.iter().enumerate() {
        let priority = format!("{}位", i + 1);
        let department = if i == 4 { "企画部" } else { "総務部" };
        if i == 2 {
            row(ws, r, 3, &["部局名", department, "優先順位", &priority]);
            row(ws, r + 1, 0, &["重点目標", goal]);
        } else {
            row(
                ws,
                r,
                0,
                &[
                    "重点目標",
                    goal,
                    "",
                    "部局名",
                    department,
                    "優先順位",
                    &priority,
                ],
            );
            row(ws, r + 1, 0, &["", "", "", "", "", "", ""]);
        }
        let position = format!("基本目標{} 施策{}", i + 1, i + 10);
        row(ws, r + 2, 0, &["総合計画における位置付け", &position]);
        row(ws, r + 3, 0, &["現況・課題", &format!("課題{}", i + 1)]);
        let header = [
            "",
            "取組項目及び方法・手段",
            "期間・期限",
            "数値目標",
            "中間報告",
            "期末報告",
        ];
        row(ws, r + 4, 0, &header);
        for k in 0..3u32 {
            let mark = ["①", "②", "③"][k as usize];
            let title = format!("○取組{}-{}", i + 1, k + 1);
            row(
                ws,
                r + 5 + k,
                0,
                &[mark, &title, "9月末まで", "10件", "実施中", ""],
            );
        }
        r += 10;
    }
}

#[test]
fn five_stacked_blocks_make_five_goals_with_their_own_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "令和8年度_重点目標.xlsx", stacked_blocks);
    let reports = interpret(&path);
    let goals: Vec<_> = reports.iter().flat_map(|r| &r.goals).collect();
    let titles: Vec<&str> = goals.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(titles, GOALS);
    for (i, goal) in goals.iter().enumerate() {
        let n = i + 1;
        assert_eq!(goal.priority.as_deref(), Some(format!("{n}位").as_str()));
        assert_eq!(goal.items.len(), 3, "{}", goal.title);
        let items: Vec<&str> = goal.items.iter().map(|it| it.title()).collect();
        assert_eq!(
            items,
            [1, 2, 3].map(|k| format!("○取組{n}-{k}")),
            "no header-block row is an item"
        );
        assert_eq!(goal.plan_positions.len(), 1);
        assert_eq!(
            goal.plan_positions[0].text,
            format!("基本目標{n} 施策{}", n + 9)
        );
        assert_eq!(goal.extras.len(), 1);
        assert_eq!(goal.extras[0].header, "現況・課題");
        assert_eq!(goal.extras[0].text, format!("課題{n}"));
    }
    // Each block's 部局名 is its own: the fifth goal is 企画部's.
    let by_department: Vec<(&str, usize)> = reports
        .iter()
        .map(|r| (r.department.as_str(), r.goals.len()))
        .collect();
    assert_eq!(by_department, [("総務部", 4), ("企画部", 1)]);
    for r in &reports {
        assert!(matches!(r.reading.department_from, Origin::Label { .. }));
        assert!(
            r.reading.coverage.not_used_in_items.is_empty(),
            "{:?}",
            r.reading.coverage.not_used_in_items
        );
        assert_eq!(r.reading.coverage.not_used, 0);
    }
}

#[test]
fn department_from_a_title_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "goals.xlsx", |ws| {
        row(ws, 0, 0, &["令和7年度 教育部 目標管理表"]);
        item_table(ws, 2);
    });
    let reports = interpret(&path);
    assert_eq!(reports[0].department, "教育部");
    assert_eq!(reports[0].fiscal_year.0, 2025);
    assert_eq!(
        reports[0].reading.department_from,
        Origin::Title {
            cell: "目標!A1".parse_cell()
        }
    );
}

#[test]
fn department_from_a_label_and_value_in_one_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "令和8年度_目標.xlsx", |ws| {
        row(ws, 0, 0, &["令和8年度 目標管理表"]);
        row(ws, 1, 3, &["所管：総務部 行政経営課"]);
        item_table(ws, 3);
    });
    let reports = interpret(&path);
    assert_eq!(reports[0].department, "総務部");
    assert_eq!(
        reports[0].reading.department_from,
        Origin::Label {
            cell: "目標!D2".parse_cell()
        }
    );
}

#[test]
fn department_from_a_configured_name_in_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(
        dir.path(),
        "令和8年度_まちづくり推進_目標.xlsx",
        |ws| {
            row(ws, 0, 0, &["令和8年度 目標管理表"]);
            item_table(ws, 2);
        },
    );
    let opts = InterpretOptions {
        known_departments: vec![KnownDepartment {
            name: "都市整備部".into(),
            aliases: vec!["まちづくり推進".into()],
        }],
        ..InterpretOptions::default()
    };
    let reports = interpret_with(&path, &opts);
    assert_eq!(reports[0].department, "都市整備部");
    assert_eq!(reports[0].reading.department_from, Origin::FileName);
    // Without the configuration nothing names it.
    assert_eq!(interpret(&path)[0].department, UNKNOWN_DEPARTMENT);
}

#[test]
fn no_department_anywhere_is_unknown_with_a_warning_naming_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "goals_2026.xlsx", |ws| {
        row(ws, 0, 0, &["令和8年度 目標管理表"]);
        item_table(ws, 2);
    });
    let reports = interpret(&path);
    assert_eq!(reports[0].department, UNKNOWN_DEPARTMENT);
    assert_eq!(reports[0].reading.department_from, Origin::Unknown);
    let warning = reports[0]
        .warnings
        .iter()
        .find(|w| w.message.contains("部局が分かりません"))
        .expect("a warning");
    assert!(warning.message.contains("goals_2026.xlsx"), "{warning}");
    assert!(
        warning.message.contains("parse.departments_by_file"),
        "{warning}"
    );
}

#[test]
fn grades_give_achievement_rates() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "令和8年度_総務部.xlsx", |ws| {
        row(ws, 0, 0, &["令和8年度 総務部 部局マニフェスト"]);
        row(
            ws,
            2,
            0,
            &["表題", "達成水準", "達成状況(自己評価)", "理由"],
        );
        row(
            ws,
            3,
            0,
            &[
                "広報の強化",
                "満足度53%以上",
                "目標としていた達成水準に到達した(100%)",
                "目標に到達した",
            ],
        );
        row(
            ws,
            4,
            0,
            &[
                "人材育成",
                "研修10回",
                "わずかに目標の達成水準に達しなかった(90%以上100%未満)",
                "",
            ],
        );
        row(ws, 5, 0, &["組織改善", "改編完了", "", ""]);
    });
    let items: Vec<_> = interpret(&path)
        .into_iter()
        .flat_map(|r| r.goals)
        .flat_map(|g| g.items)
        .collect();
    let rates: Vec<Option<f64>> = items.iter().map(|i| i.achievement).collect();
    assert_eq!(rates, [Some(1.0), Some(0.9), None]);

    let letters = workbook(dir.path(), "令和8年度_企画部.xlsx", |ws| {
        row(ws, 0, 0, &["令和8年度 企画部 目標"]);
        row(ws, 2, 0, &["取組項目", "数値目標", "自己評価"]);
        row(ws, 3, 0, &["計画の策定", "策定", "A"]);
        row(ws, 4, 0, &["移住相談", "50件", "Ｂ"]);
        row(ws, 5, 0, &["ふるさと納税", "10億円", "C"]);
    });
    let opts = InterpretOptions {
        grade_scales: GradeScales::builtin().unwrap().achievement_scales(),
        ..InterpretOptions::default()
    };
    let rates: Vec<Option<f64>> = interpret_with(&letters, &opts)
        .iter()
        .flat_map(|r| r.items().map(|(_, i)| i.achievement))
        .collect();
    // config/grades.toml: abc = [100, 80, 50].
    assert_eq!(rates, [Some(1.0), Some(0.8), Some(0.5)]);
}

/// `Sheet!A1` as a cell reference.
trait ParseCell {
    fn parse_cell(&self) -> mokuhyo_core::model::CellRef;
}

impl ParseCell for str {
    fn parse_cell(&self) -> mokuhyo_core::model::CellRef {
        mokuhyo_core::model::parse_cell_ref(self).unwrap()
    }
}
