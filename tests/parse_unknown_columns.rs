//! A column the dictionary does not know, written in a generated workbook,
//! followed through the real binary: `check` and `check --json` keep it with
//! its item as an extra field and list the one cell inside the item table
//! nothing used; the consolidated workbook, read back with calamine, shows
//! the field in 全庁一覧's その他 and the cell on 取込エラー, and its JSON
//! keeps the field.

use std::ffi::OsStr;

use std::path::Path;

use crate::common::{column_of, run_ok, write_config};
use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

/// 上田-style sheet whose table has 取組内容 (a known word: the rest of the
/// item's text), 関連予算 (unknown) and a memo right of the last header.
fn write_sheet(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("目標").unwrap();
    let rows: [&[&str]; 6] = [
        &["令和8年度 重点目標管理シート"],
        &[],
        &["重点目標", "窓口サービスの向上", "", "部局名", "総務部"],
        &[],
        &[
            "No",
            "取組項目",
            "取組内容",
            "期間・期限",
            "関連予算",
            "中間報告",
            "期末報告",
        ],
        &[
            "1",
            "○窓口の電子化",
            "申請をオンラインで受け付ける",
            "9月末まで",
            "120千円",
            "着手",
            "",
            "メモ書き",
        ],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    for (c, text) in ["2", "○広報紙の刷新", "紙面を見直す", "年度末"]
        .iter()
        .enumerate()
    {
        ws.write_string(6, c as u16, *text).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn an_unknown_column_is_kept_in_check_and_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("令和8年度_総務部.xlsx");
    write_sheet(&path);

    let json: Value = serde_json::from_str(&run_ok([
        OsStr::new("check"),
        OsStr::new("--json"),
        path.as_os_str(),
    ]))
    .unwrap();
    assert_eq!(json["schema_version"], 4);
    let sheet = &json["files"][0]["sheets"][0];
    assert_eq!(sheet["department"], "総務部");
    assert_eq!(sheet["department_from"]["kind"], "label");
    assert_eq!(sheet["fiscal_year_from"]["kind"], "title");
    assert_eq!(sheet["fiscal_year_from"]["cell"], "目標!A1");
    let item = &sheet["goals"][0]["items"][0];
    assert_eq!(item["title"], "○窓口の電子化");
    assert_eq!(item["text"], "○窓口の電子化\n申請をオンラインで受け付ける");
    assert_eq!(item["cells"]["text"], "目標!C6");
    assert_eq!(
        item["extras"],
        serde_json::json!([{"header": "関連予算", "text": "120千円", "cell": "目標!E6"}])
    );
    assert_eq!(
        sheet["goals"][0]["items"][1]["extras"],
        serde_json::json!([])
    );
    let coverage = &sheet["coverage"];
    assert_eq!(
        coverage["not_used_in_items"],
        serde_json::json!([{"cell": "目標!H6", "text": "メモ書き"}])
    );
    assert_eq!(coverage["not_used"], 1);
    let counted: u64 = ["item_fields", "goal_fields", "labels", "not_used"]
        .iter()
        .map(|k| coverage[k].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 23, "every non-empty cell counted once");

    let text = run_ok([OsStr::new("check"), path.as_os_str()]);
    assert!(text.contains("+ 関連予算: 120千円  [目標!E6]"), "{text}");
    assert!(text.contains("not used: 目標!H6 \"メモ書き\""), "{text}");
    assert!(text.contains("department from label at 目標!D3"), "{text}");
}

#[test]
fn the_consolidated_workbook_shows_the_column_and_lists_the_unused_cell() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    write_sheet(&share.join("令和8年度_総務部.xlsx"));
    let config = write_config(dir.path(), &share, "");
    run_ok([
        OsStr::new("consolidate"),
        OsStr::new("--today"),
        OsStr::new("2026-06-01"),
        OsStr::new("--config"),
        config.as_os_str(),
    ]);

    let book = dir.path().join("out/全庁目標一覧_令和8年度.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let items = wb.worksheet_range("全庁一覧").unwrap();
    let col = |name: &str| column_of(&items, name);
    let first = items.rows().nth(1).unwrap();
    assert_eq!(
        first[col("その他")],
        Data::String("関連予算：120千円".into())
    );
    assert_eq!(
        first[col("取組項目")],
        Data::String("○窓口の電子化\n申請をオンラインで受け付ける".into())
    );
    assert_eq!(items.rows().nth(2).unwrap()[col("その他")], Data::Empty);

    let problems = wb.worksheet_range("取込エラー").unwrap();
    let at = |name: &str| column_of(&problems, name);
    let unused: Vec<&[Data]> = problems
        .rows()
        .skip(1)
        .filter(|r| r[at("種別")] == Data::String("未使用セル".into()))
        .collect();
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0][at("セル")], Data::String("H6".into()));
    assert_eq!(unused[0][at("シート")], Data::String("目標".into()));
    assert!(unused[0][at("内容")].to_string().contains("「メモ書き」"));

    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/全庁目標一覧_令和8年度.json")).unwrap(),
    )
    .unwrap();
    let item = &json["sheets"][0]["goals"][0]["items"][0];
    assert_eq!(item["extras"][0]["header"], "関連予算");
    assert_eq!(item["extras"][0]["text"], "120千円");
}
