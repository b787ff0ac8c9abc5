//! Layouts the corpus does not have, written as real xlsx files in a temp
//! dir, read by the reader and interpreted with no layout-specific code: a
//! table off A1 under a merged two-row header with full-width text and a
//! 和暦 date cell, and a staff list that is no goal sheet.

use std::path::Path;

use chrono::NaiveDate;
use mokuhyo::io::workbook::read::{ReadLimits, read_workbook};
use mokuhyo_core::interpret::{
    FieldDictionary, InterpretOptions, WorkbookOutcome, interpret_workbook,
};
use mokuhyo_core::model::Report;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn interpret(path: &Path) -> WorkbookOutcome {
    let wb = read_workbook(path, &ReadLimits::default()).expect("written workbook reads");
    interpret_workbook(
        path,
        &wb.sheets,
        &FieldDictionary::default(),
        &InterpretOptions::default(),
    )
}

#[test]
fn table_off_a1_with_two_row_header_and_date_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("令和8年度_目標_総務部.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("目標シート").unwrap();
    let plain = Format::new();
    ws.write_string(1, 2, "令和８年度　部局目標").unwrap();
    ws.write_string(3, 2, "部　局　名").unwrap();
    ws.merge_range(3, 3, 3, 5, "総務部", &plain).unwrap();
    ws.write_string(4, 2, "重点目標").unwrap();
    ws.merge_range(4, 3, 4, 5, "窓口サービスの向上", &plain)
        .unwrap();
    // Two-row header from C7: 報告 merged over 中間 / 期末.
    ws.merge_range(6, 2, 7, 2, "Ｎｏ．", &plain).unwrap();
    ws.merge_range(6, 3, 7, 3, "実施内容（何を）", &plain)
        .unwrap();
    ws.merge_range(6, 4, 7, 4, "完了予定", &plain).unwrap();
    ws.merge_range(6, 5, 6, 6, "報告", &plain).unwrap();
    ws.write_string(7, 5, "中間").unwrap();
    ws.write_string(7, 6, "期末").unwrap();
    ws.write_string(8, 2, "１").unwrap();
    ws.write_string(8, 3, "○証明書のコンビニ交付\n・周知")
        .unwrap();
    let wareki = Format::new().set_num_format("[$-411]ggge\"年\"m\"月\"d\"日\";@");
    let date = ExcelDateTime::from_ymd(2026, 12, 25).unwrap();
    ws.write_datetime_with_format(8, 4, &date, &wareki).unwrap();
    ws.write_string(8, 5, "準備中").unwrap();
    ws.write_string(9, 2, "２").unwrap();
    ws.write_string(9, 3, "○窓口の混雑緩和").unwrap();
    ws.write_string(9, 4, "上半期").unwrap();
    ws.write_string(9, 5, "未記入").unwrap();
    ws.write_string(11, 2, "特記事項").unwrap();
    ws.write_string(11, 3, "なし").unwrap();
    wb.save(&path).unwrap();

    let out = interpret(&path);
    let WorkbookOutcome::Reports(reports) = out else {
        panic!("{out:?}");
    };
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!(r.fiscal_year.0, 2026);
    assert_eq!(r.department, "総務部");
    assert_eq!(r.goals.len(), 1);
    assert_eq!(r.goals[0].title, "窓口サービスの向上");
    let items: Vec<_> = r.items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 2, "特記事項 is no item");
    assert_eq!(items[0].number(), Some("１"));
    assert_eq!(items[0].title(), "○証明書のコンビニ交付");
    assert_eq!(items[0].cell.to_string(), "目標シート!D9");
    assert_eq!(items[0].deadline_text(), Some("2026-12-25"));
    assert_eq!(
        items[0].due_dates(),
        vec![NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()]
    );
    assert_eq!(items[0].interim, Report::Filled("準備中".into()));
    assert_eq!(items[0].year_end, Report::Empty);
    assert_eq!(
        items[0].cells.year_end().unwrap().to_string(),
        "目標シート!G9"
    );
    assert_eq!(items[1].interim, Report::Empty, "未記入 is a placeholder");
    assert_eq!(
        items[1].due_dates(),
        vec![NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()]
    );
}

#[test]
fn staff_list_workbook_is_not_a_goal_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("職員名簿.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "職員名簿（令和8年4月1日現在）")
        .unwrap();
    for (c, h) in ["氏名", "所属", "役職", "内線", "担当業務"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for r in 2..40u32 {
        ws.write_string(r, 0, format!("職員{r}")).unwrap();
        ws.write_string(r, 1, "総務課").unwrap();
        ws.write_string(r, 2, "主事").unwrap();
        ws.write_number(r, 3, f64::from(2000 + r)).unwrap();
        ws.write_string(r, 4, "庶務").unwrap();
    }
    wb.save(&path).unwrap();
    assert!(matches!(
        interpret(&path),
        WorkbookOutcome::NotAGoalSheet { .. }
    ));
}
