//! Reads every corpus workbook with the reader and interprets it: counts,
//! values cell by cell, fiscal years, departments, deadlines; the fy2026
//! scenario is compared item by item with its `*.key.json` files; every
//! calamine test file that reads is skipped as not a goal sheet.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use mokuhyo::io::workbook::read::{ReadLimits, read_workbook};
use mokuhyo_core::interpret::{
    FieldDictionary, FilePattern, InterpretOptions, WorkbookOutcome, interpret_workbook,
};
use mokuhyo_core::model::{ActionItem, Report, SheetReport};
use serde_json::Value;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn interpret_with(path: &Path, opts: &InterpretOptions) -> WorkbookOutcome {
    let wb = read_workbook(path, &ReadLimits::default()).expect("corpus workbook reads");
    interpret_workbook(path, &wb.sheets, &FieldDictionary::default(), opts)
}

fn reports(rel: &str) -> Vec<SheetReport> {
    match interpret_with(&fixture(rel), &InterpretOptions::default()) {
        WorkbookOutcome::Reports(r) => r,
        other => panic!("{rel}: {other:?}"),
    }
}

fn items(reports: &[SheetReport]) -> Vec<&ActionItem> {
    reports
        .iter()
        .flat_map(|r| r.items().map(|(_, i)| i))
        .collect()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn ueda_r2_five_goals_twenty_one_items_all_reports_filled() {
    let r = reports("corpus/ueda_somubu_R2.xlsx");
    // The 重点目標 overview sheet does not add goals of its own.
    assert_eq!(r.len(), 5);
    assert!(r.iter().all(|s| s.sheet.starts_with("重点目標管理シート")));
    let goals: Vec<_> = r.iter().flat_map(|s| &s.goals).collect();
    assert_eq!(goals.len(), 5);
    let per_goal: Vec<usize> = goals.iter().map(|g| g.items.len()).collect();
    assert_eq!(per_goal, vec![4, 4, 4, 4, 5]);
    for s in &r {
        assert_eq!(s.fiscal_year.0, 2020);
        assert_eq!(s.department, "総務部");
    }
    let all = items(&r);
    assert_eq!(all.len(), 21);
    assert!(
        all.iter()
            .all(|i| i.interim.is_filled() && i.year_end.is_filled())
    );

    let g1 = goals[0];
    assert_eq!(
        g1.title,
        "「自助・共助」を主体とした地域防災力の向上と災害対応力の強化"
    );
    assert_eq!(g1.priority.as_deref(), Some("1位"));
    assert_eq!(
        g1.cell.as_ref().unwrap().to_string(),
        "重点目標管理シート1!B3"
    );
    assert_eq!(g1.plan_positions[0].label, "総合計画における位置付け");
    assert!(
        g1.plan_positions[0]
            .text
            .starts_with("第2編 安全・安心な快適環境のまちづくり")
    );

    // Sheet 1: the circled number has its own column.
    let first = &g1.items[0];
    assert_eq!(first.number(), Some("①"));
    assert_eq!(first.title(), "○危機管理防災体制の強化");
    assert_eq!(first.cell.to_string(), "重点目標管理シート1!B9");
    assert_eq!(
        first.cells.number().unwrap().to_string(),
        "重点目標管理シート1!A9"
    );
    assert_eq!(
        first.cells.deadline().unwrap().to_string(),
        "重点目標管理シート1!C9"
    );
    assert_eq!(
        first.cells.target().unwrap().to_string(),
        "重点目標管理シート1!D9"
    );
    assert_eq!(
        first.cells.interim().unwrap().to_string(),
        "重点目標管理シート1!E9"
    );
    assert_eq!(
        first.cells.year_end().unwrap().to_string(),
        "重点目標管理シート1!F9"
    );
    assert_eq!(
        first.deadline_text(),
        Some("(1) (2) 令和3年度末\n(3) (4) 年度末")
    );
    assert!(first.text().contains("\n(1) 総合防災情報システムの整備"));
    assert!(
        first
            .interim
            .text()
            .unwrap()
            .starts_with("(1) 公募型プロポーザル")
    );
    let second = &g1.items[1];
    assert_eq!(second.deadline_text(), Some("(1) 8月\n(2) 通年"));
    assert_eq!(second.due_dates(), vec![d(2020, 8, 31)]);

    // Sheet 3: the number starts the (merged A:B) item cell.
    let g3 = goals[2];
    let i = &g3.items[0];
    assert_eq!(i.number(), Some("①"));
    assert_eq!(i.title(), "庁舎建て替えに併せたICT環境の整備");
    assert_eq!(i.cell.to_string(), "重点目標管理シート3!A9");
    assert_eq!(i.deadline_text(), Some("(1) 年度内\n(2) 年度内"));
    assert_eq!(i.due_dates(), vec![d(2021, 3, 31), d(2021, 3, 31)]);
    // Sheet 2: 3月末まで in FY2020 is 2021-03-31.
    assert_eq!(goals[1].items[0].due_dates()[0], d(2021, 3, 31));
}

#[test]
fn ogori_multi_year_plan_is_the_year_of_its_name_with_the_years_around_it_kept() {
    // The title names the plan's span (令和4年度～令和8年度); the file name
    // names the year (R5): the rows of 令和4年度 (results) and 令和6年度
    // (plans) are kept with each item, no reports of years of their own.
    let r = reports("corpus/ogori_action_plan_R5.xlsx");
    let years: Vec<i32> = r.iter().map(|s| s.fiscal_year.0).collect();
    assert_eq!(years, vec![2023]);
    let s = &r[0];
    assert_eq!(s.items().count(), 16);
    assert!(s.items().all(|(_, i)| !i.owners.is_empty()));
    assert!(s.items().all(|(_, i)| i.interim == Report::NotInLayout));
    // Section headings are goals with the items under them.
    let titles: Vec<&str> = s.goals.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "歳出の抑制",
            "歳入の確保",
            "効果的・効率的な行政運営",
            "人材育成と組織力の向上"
        ]
    );
    let fy2023 = items(&r[..1]);
    let no1 = fy2023[0];
    assert_eq!(no1.number(), Some("No.1"));
    assert_eq!(no1.title(), "適切な普通建設事業の展開");
    assert_eq!(no1.owners, vec!["財政課"]);
    assert_eq!(fy2023[9].owners, vec!["市民課", "総務広報課", "関係各課"]);
    // No 実績 row for 令和5年度: its year-end report has no cell to fill.
    assert!(
        fy2023
            .iter()
            .all(|i| i.year_end.is_empty() && i.achievement.is_none())
    );
    let field = |i: usize, header: &str| {
        fy2023[i]
            .extras
            .iter()
            .find(|e| e.header.as_ref() == header)
            .map(|e| (e.text.to_string(), e.cell.to_string()))
    };
    let (result, cell) = field(0, "令和4年度 実績").expect("the year before's results");
    assert!(!result.is_empty());
    assert_eq!(cell, "実施項目!B10");
    assert_eq!(
        field(0, "令和4年度 達成度"),
        Some(("100%".into(), "実施項目!F10".into()))
    );
    assert_eq!(
        field(4, "令和4年度 達成度").map(|f| f.0).as_deref(),
        Some("70%")
    );
    assert_eq!(field(15, "令和4年度 達成度"), None, "— is no rate");
    // A year's plan that states no date is that year's plan, kept with
    // the item, no deadline.
    assert_eq!(no1.cells.deadline(), None);
    assert_eq!(no1.deadline_text(), None);
    let (plan, cell) = field(0, "令和5年度 計画").expect("the year's plan");
    assert!(plan.contains("15億円以内"));
    assert_eq!(cell, "実施項目!B11");
    assert_eq!(
        field(0, "令和6年度 計画").map(|f| f.1).as_deref(),
        Some("実施項目!B12")
    );

    // The department comes from the options when no label names one.
    let opts = InterpretOptions {
        departments_by_file: vec![FilePattern {
            pattern: "ogori_*".into(),
            department: "経営戦略課".into(),
        }],
        ..InterpretOptions::default()
    };
    let out = interpret_with(&fixture("corpus/ogori_action_plan_R5.xlsx"), &opts);
    assert!(out.reports().iter().all(|s| s.department == "経営戦略課"));
}

#[test]
fn miyazu_five_goals_eleven_non_empty_entries_from_sections() {
    let r = reports("corpus/miyazu_somubu_R5.xlsx");
    assert_eq!(r.len(), 1);
    let s = &r[0];
    assert_eq!(s.sheet, "運営目標");
    assert_eq!(s.fiscal_year.0, 2023);
    assert_eq!(s.department, "総務部");
    assert_eq!(s.goals.len(), 5);
    let per_goal: Vec<usize> = s.goals.iter().map(|g| g.items.len()).collect();
    assert_eq!(per_goal, vec![4, 1, 1, 2, 3]);
    let all: Vec<_> = s.items().map(|(_, i)| i).collect();
    assert!(
        all.iter()
            .all(|i| i.interim == Report::NotInLayout && i.year_end == Report::NotInLayout)
    );
    let first = all[0];
    assert_eq!(first.number(), Some("①"));
    assert!(
        first
            .title()
            .starts_with("風通しの良い職場、働きやすい職場")
    );
    assert!(
        first
            .target()
            .unwrap()
            .starts_with("職員意識調査 満足傾向度")
    );
    assert_eq!(first.cell.to_string(), "運営目標!C4");
    // Deadlines are found inside the item text.
    let with_due = all.iter().filter(|i| !i.due_dates().is_empty()).count();
    assert!(with_due >= 3, "{with_due} items with a due date");
    assert_eq!(s.goals[0].number.as_deref(), Some("1"));
}

#[test]
fn kikugawa_seven_items_with_deadlines_inside_targets() {
    let r = reports("corpus/kikugawa_somubu_H31.xlsx");
    assert_eq!(r.len(), 1);
    let s = &r[0];
    assert_eq!(s.fiscal_year.0, 2019);
    assert_eq!(s.department, "総務部");
    let all: Vec<_> = s.items().map(|(_, i)| i).collect();
    assert_eq!(all.len(), 7);
    assert_eq!(all[0].number(), Some("1"));
    assert_eq!(all[0].title(), "ICT技術の活用促進");
    assert_eq!(all[0].cell.to_string(), "運営方針!B25");
    assert_eq!(all[0].due_dates(), vec![d(2019, 5, 31), d(2020, 1, 31)]);
    assert_eq!(all[2].due_dates(), vec![d(2019, 12, 31)]);
    assert!(
        all.iter()
            .all(|i| i.interim == Report::NotInLayout && i.year_end == Report::NotInLayout)
    );
}

#[test]
fn kikugawa_items_keep_their_torikumi_naiyou_text() {
    let path = fixture("corpus/kikugawa_somubu_H31.xlsx");
    let wb = read_workbook(&path, &ReadLimits::default()).unwrap();
    let grid = &wb.sheets[0];
    let r = reports("corpus/kikugawa_somubu_H31.xlsx");
    let all: Vec<_> = r[0].items().map(|(_, i)| i).collect();
    assert_eq!(all.len(), 7);
    for (k, item) in all.iter().enumerate() {
        let row = 24 + k as u32;
        let detail = grid.text(row, 2).expect("取組内容 C25:C31");
        assert_eq!(item.text(), format!("{}\n{detail}", item.title()));
        assert_eq!(
            item.cells.text().unwrap().to_string(),
            format!("運営方針!C{}", row + 1)
        );
        assert!(item.extras.is_empty());
    }
}

/// Every corpus workbook: each report accounts for every non-empty cell
/// of its sheet exactly once, and the five seed layouts and fy2026 leave
/// no cell inside an item table unused.
#[test]
fn coverage_of_every_corpus_workbook() {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["corpus", "corpus/fy2026"] {
        for entry in std::fs::read_dir(fixture(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "xlsx") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert_eq!(files.len(), 10);
    for path in &files {
        let wb = read_workbook(path, &ReadLimits::default()).unwrap();
        let out = interpret_with(path, &InterpretOptions::default());
        assert!(!out.reports().is_empty(), "{}", path.display());
        for report in out.reports() {
            let grid = wb.sheets.iter().find(|g| g.name == report.sheet).unwrap();
            let mut non_empty = 0;
            for row in 0..grid.rows() {
                for col in 0..grid.cols() {
                    if grid.origin(row, col) == (row, col)
                        && mokuhyo_core::interpret::text::cell_text(grid.get(row, col)).is_some()
                    {
                        non_empty += 1;
                    }
                }
            }
            let c = &report.reading.coverage;
            let at = format!("{} [{}]", path.display(), report.sheet);
            assert_eq!(
                c.item_fields + c.goal_fields + c.labels + c.not_used,
                non_empty,
                "{at}: {c:?}"
            );
            assert!(c.item_fields > 0, "{at}");
            assert!(c.not_used_in_items.is_empty(), "{at}: {c:?}");
        }
    }
}

#[test]
fn iga_six_goals_self_assessment_is_the_year_end_report() {
    let r = reports("corpus/iga_somubu_R6.xlsx");
    assert_eq!(r.len(), 1);
    let s = &r[0];
    assert_eq!(s.fiscal_year.0, 2024);
    assert_eq!(s.department, "総務部");
    assert_eq!(s.goals.len(), 6);
    assert!(s.goals.iter().all(|g| g.items.len() == 1));
    let g1 = &s.goals[0];
    assert_eq!(g1.number.as_deref(), Some("1"));
    assert!(g1.title.starts_with("市民の市政参画の創出"));
    assert_eq!(g1.plan_positions[0].text, "7-1-1");
    let i = &g1.items[0];
    assert_eq!(i.title(), "伝わる・つながる広報へ");
    assert_eq!(i.interim, Report::NotInLayout);
    assert_eq!(i.year_end, Report::Empty);
    assert_eq!(i.self_assessment(), None);
    assert_eq!(
        i.cells.self_assessment().unwrap().to_string(),
        "部局マニフェスト!E10"
    );
    assert!(i.target().unwrap().starts_with("【目標数値】"));
}

/// Every field of every item of the fy2026 key files.
#[test]
fn fy2026_matches_the_key_files_item_by_item() {
    let dir = fixture("corpus/fy2026");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    let (mut goals_total, mut items_total) = (0, 0);
    let mut empty_interim = std::collections::BTreeMap::new();
    for path in &files {
        let key_path = PathBuf::from(format!("{}.key.json", path.display()));
        let key: Value =
            serde_json::from_str(&std::fs::read_to_string(&key_path).unwrap()).unwrap();
        let out = interpret_with(path, &InterpretOptions::default());
        let r = out.reports();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for s in r {
            assert_eq!(
                i64::from(s.fiscal_year.0),
                key["fiscal_year"].as_i64().unwrap(),
                "{name}"
            );
            assert_eq!(s.department, key["department"].as_str().unwrap(), "{name}");
        }
        let goals: Vec<_> = r.iter().flat_map(|s| &s.goals).collect();
        let key_goals = key["goals"].as_array().unwrap();
        assert_eq!(goals.len(), key_goals.len(), "{name}: goals");
        goals_total += goals.len();
        for (g, kg) in goals.iter().zip(key_goals) {
            assert_eq!(g.title, kg["title"].as_str().unwrap(), "{name}");
            let key_items = kg["items"].as_array().unwrap();
            assert_eq!(g.items.len(), key_items.len(), "{name}: {}", g.title);
            items_total += g.items.len();
            for (i, ki) in g.items.iter().zip(key_items) {
                let at = format!("{name}: {}", i.cell);
                assert_eq!(i.title(), ki["title"].as_str().unwrap(), "{at}");
                assert_eq!(i.deadline_text(), ki["deadline_text"].as_str(), "{at}");
                let due: Vec<String> = i.due_dates().iter().map(|d| d.to_string()).collect();
                let key_due: Vec<String> = ki["due"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect();
                assert_eq!(due, key_due, "{at}: due of {:?}", i.deadline_text());
                assert_eq!(
                    i.interim.is_filled(),
                    ki["interim_filled"].as_bool().unwrap(),
                    "{at}"
                );
                assert_eq!(
                    i.year_end.is_filled(),
                    ki["year_end_filled"].as_bool().unwrap(),
                    "{at}"
                );
                assert_eq!(i.achievement, ki["achievement"].as_f64(), "{at}");
                let owner = (!i.owners.is_empty()).then(|| i.owners.join("、"));
                assert_eq!(owner.as_deref(), ki["owner"].as_str(), "{at}");
                if i.interim.is_empty() {
                    *empty_interim
                        .entry(key["department"].as_str().unwrap().to_string())
                        .or_insert(0) += 1;
                }
            }
        }
    }
    assert_eq!(goals_total, 15);
    assert_eq!(items_total, 58);
    assert_eq!(empty_interim.values().sum::<i32>(), 9);
    assert_eq!(empty_interim.get("市民生活部"), Some(&5));
    assert_eq!(empty_interim.get("建設部"), Some(&4));
}

#[test]
fn fy2026_date_cells_are_iso_deadlines() {
    let r = reports("corpus/fy2026/令和8年度重点目標管理シート_総務部.xlsx");
    let item = r
        .iter()
        .flat_map(|s| s.items().map(|(_, i)| i))
        .find(|i| {
            i.cells
                .deadline()
                .is_some_and(|c| c.to_string() == "重点目標管理シート2!C12")
        })
        .expect("the date-cell item");
    assert_eq!(item.deadline_text(), Some("2027-03-31"));
    assert_eq!(item.due_dates(), vec![d(2027, 3, 31)]);
}

#[test]
fn peer_files_are_never_goal_sheets() {
    let dir = fixture("peer");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(wb) = read_workbook(&path, &ReadLimits::default()) else {
            continue;
        };
        read += 1;
        let out = interpret_workbook(
            &path,
            &wb.sheets,
            &FieldDictionary::default(),
            &InterpretOptions::default(),
        );
        assert!(
            matches!(out, WorkbookOutcome::NotAGoalSheet { .. }),
            "{}: {out:?}",
            path.display()
        );
    }
    assert!(read > 50, "only {read} peer files read");
}
