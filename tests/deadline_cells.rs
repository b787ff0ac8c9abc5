//! Deadline cells as departments write them, in a real workbook read by
//! `mokuhyo check --json`: a postponement counts at its new date, an open
//! start that continues is ongoing, a date not set yet is 未定 without a
//! warning, 年内 is 31 December, and only a start with no end is warned of.

use std::path::Path;
use std::process::{Command, Output};

use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};

/// (item, deadline cell) rows of the sheet.
const ROWS: [(&str, &str); 8] = [
    ("○窓口の混雑緩和", "9月末→12月末"),
    ("○証明書のコンビニ交付", "当初：８月　→　変更：１１月"),
    ("○子ども食堂への支援", "10月以降継続"),
    ("○公共施設の再編", "時期は調整中"),
    ("○防災訓練", "○月頃（予定）"),
    ("○条例の改正", "年内"),
    ("○計画の策定", "年度内（最終報告 3/15）"),
    ("○新制度の試行", "10月～"),
];

fn write_sheet(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("重点目標").unwrap();
    ws.write_string(0, 0, "令和8年度 重点目標管理シート")
        .unwrap();
    ws.write_string(1, 0, "部局名").unwrap();
    ws.write_string(1, 1, "総務部").unwrap();
    for (col, header) in ["No.", "取組項目", "期限", "中間報告", "期末報告"]
        .iter()
        .enumerate()
    {
        ws.write_string(3, col as u16, *header).unwrap();
    }
    for (n, (item, deadline)) in ROWS.iter().enumerate() {
        let row = 4 + n as u32;
        ws.write_string(row, 0, (n + 1).to_string()).unwrap();
        ws.write_string(row, 1, *item).unwrap();
        ws.write_string(row, 2, *deadline).unwrap();
    }
    wb.save(path).unwrap();
}

/// `mokuhyo check ARGS… FILE` on the sheet written in a temp dir.
fn check(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("令和8年度重点目標管理シート_総務部.xlsx");
    write_sheet(&path);
    Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        // The messages asserted here are the English ones.
        .env("MOKUHYO__UI__LANGUAGE", "en")
        .arg("check")
        .args(args)
        .arg(&path)
        .output()
        .expect("the mokuhyo binary runs")
}

#[test]
fn deadline_cells_of_each_form_read_as_a_person_reads_them() {
    let output = check(&["--json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let sheet = &json["files"][0]["sheets"][0];
    assert_eq!(sheet["fiscal_year"], 2026);
    let items: Vec<&Value> = sheet["goals"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap())
        .collect();
    let read: Vec<(&str, Value, Vec<&str>)> = items
        .iter()
        .map(|item| {
            let kinds = item["deadlines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["kind"]["kind"].as_str().unwrap())
                .collect();
            (
                item["deadline_text"].as_str().unwrap(),
                item["due"].clone(),
                kinds,
            )
        })
        .collect();
    assert_eq!(
        read,
        vec![
            ("9月末→12月末", json!(["2026-12-31"]), vec!["due"]),
            (
                "当初：８月　→　変更：１１月",
                json!(["2026-11-30"]),
                vec!["due"]
            ),
            ("10月以降継続", json!([]), vec!["ongoing"]),
            ("時期は調整中", json!([]), vec!["undecided"]),
            ("○月頃（予定）", json!([]), vec!["undecided"]),
            ("年内", json!(["2026-12-31"]), vec!["due"]),
            (
                "年度内（最終報告 3/15）",
                json!(["2027-03-31", "2027-03-15"]),
                vec!["due", "due"]
            ),
            ("10月～", json!([]), vec![]),
        ]
    );
    let warnings: Vec<(&str, &str)> = sheet["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["cell"].as_str().unwrap(), w["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        warnings,
        vec![("重点目標!C12", "「10月～」から期限を読み取れません")],
        "a date not set yet is not warned of; a start with no end is"
    );
}

#[test]
fn check_shows_undecided_dates_as_mitei() {
    let output = check(&[]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("期限:"))
        .collect();
    assert_eq!(
        lines,
        vec![
            "期限: 9月末→12月末 → 2026-12-31",
            "期限: 当初：８月　→　変更：１１月 → 2026-11-30",
            "期限: 10月以降継続 → 通年",
            "期限: 時期は調整中 → 未定",
            "期限: ○月頃（予定） → 未定",
            "期限: 年内 → 2026-12-31",
            "期限: 年度内（最終報告 3/15） → 2027-03-31, 2027-03-15",
            "期限: 10月～ → -",
        ],
        "{stdout}"
    );
}
