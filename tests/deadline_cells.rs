//! Deadline cells as departments write them, in a real workbook read by
//! `mokuhyo check --json`: a postponement counts at its new date, an open
//! start that continues is ongoing, a date not set yet is 未定 without a
//! warning, 年内 is 31 December, and only a start with no end is warned of;
//! a date cell whose format shows only its month is that month's end as
//! the sheet shows it, a number cell whose format writes a unit beside it
//! (`0"月"`) is the text it shows, a hidden column of first plans yields
//! the deadline to the revised one shown beside it, and a date outside the
//! fiscal year is warned of.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::harness::Capture;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
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

/// A deadline cell: text, a date `(year, month, day)` in a number format,
/// or a number in a number format.
enum Cell {
    Text(&'static str),
    Date((u16, u8, u8), &'static str),
    Number(f64, &'static str),
}

fn write_sheet(path: &Path, rows: &[(&str, Cell)]) {
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
    for (n, (item, deadline)) in rows.iter().enumerate() {
        let row = 4 + n as u32;
        ws.write_string(row, 0, (n + 1).to_string()).unwrap();
        ws.write_string(row, 1, *item).unwrap();
        match deadline {
            Cell::Text(text) => ws.write_string(row, 2, *text).map(|_| ()),
            Cell::Date((y, m, d), format) => {
                let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                let format = Format::new().set_num_format(*format);
                ws.write_datetime_with_format(row, 2, &date, &format)
                    .map(|_| ())
            }
            Cell::Number(number, format) => {
                let format = Format::new().set_num_format(*format);
                ws.write_number_with_format(row, 2, *number, &format)
                    .map(|_| ())
            }
        }
        .unwrap();
    }
    wb.save(path).unwrap();
}

/// `mokuhyo check ARGS… FILE` on the sheet of [`ROWS`] written in a temp dir.
fn check(args: &[&str]) -> Output {
    let rows: Vec<(&str, Cell)> = ROWS.iter().map(|&(i, d)| (i, Cell::Text(d))).collect();
    check_rows(args, &rows)
}

/// `mokuhyo check ARGS… FILE` on a sheet of `rows` written in a temp dir.
fn check_rows(args: &[&str], rows: &[(&str, Cell)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("令和8年度重点目標管理シート_総務部.xlsx");
    write_sheet(&path, rows);
    Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        // The messages asserted here are the English ones.
        .env("MOKUHYO__UI__LANGUAGE", "en")
        .arg("check")
        .args(args)
        .arg(&path)
        .capture()
}

/// The sheet `check --json` reads from a sheet of `rows`, the command
/// having succeeded.
fn checked_sheet(rows: &[(&str, Cell)]) -> Value {
    let output = check_rows(&["--json"], rows);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    json["files"][0]["sheets"][0].clone()
}

/// Each item of a sheet read by `check --json`: its deadline text, its due
/// dates, and the `field` (kind or precision) of each deadline.
fn items_read<'a>(sheet: &'a Value, field: &str) -> Vec<(&'a str, Value, Vec<&'a str>)> {
    sheet["goals"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap())
        .map(|item| {
            let fields = item["deadlines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["kind"][field].as_str().unwrap())
                .collect();
            let text = item["deadline_text"].as_str().unwrap();
            (text, item["due"].clone(), fields)
        })
        .collect()
}

/// A sheet's warnings: cell and message.
fn warnings(sheet: &Value) -> Vec<(&str, &str)> {
    sheet["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["cell"].as_str().unwrap(), w["message"].as_str().unwrap()))
        .collect()
}

#[test]
fn deadline_cells_of_each_form_read_as_a_person_reads_them() {
    let output = check(&["--json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let sheet = &json["files"][0]["sheets"][0];
    assert_eq!(sheet["fiscal_year"], 2026);
    assert_eq!(
        items_read(sheet, "kind"),
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
    assert_eq!(
        warnings(sheet),
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

#[test]
fn date_cells_shown_as_months_and_dates_outside_the_year() {
    let era_month = r#"[$-ja-JP]ggge"年"m"月""#;
    let rows = [
        ("○和暦の年月", Cell::Date((2026, 9, 1), era_month)),
        ("○西暦の年月", Cell::Date((2026, 12, 1), r#"yyyy"年"m"月""#)),
        ("○スラッシュの年月", Cell::Date((2027, 3, 1), "yyyy/mm")),
        ("○日付", Cell::Date((2026, 9, 1), "yyyy/m/d")),
        ("○前年度の年月", Cell::Date((2019, 3, 1), era_month)),
        ("○季節", Cell::Text("夏頃")),
        ("○報告の括弧", Cell::Text("9月末まで（10月に報告）")),
        ("○翌年度", Cell::Text("R9年度")),
    ];
    let sheet = &checked_sheet(&rows);
    assert_eq!(
        items_read(sheet, "precision"),
        vec![
            ("令和8年9月", json!(["2026-09-30"]), vec!["month"]),
            ("2026年12月", json!(["2026-12-31"]), vec!["month"]),
            ("2027/03", json!(["2027-03-31"]), vec!["month"]),
            ("2026-09-01", json!(["2026-09-01"]), vec!["day"]),
            ("平成31年3月", json!(["2019-03-31"]), vec!["month"]),
            ("夏頃", json!(["2026-08-31"]), vec!["season"]),
            (
                "9月末まで（10月に報告）",
                json!(["2026-09-30"]),
                vec!["month"]
            ),
            ("R9年度", json!(["2028-03-31"]), vec!["fiscal_year_end"]),
        ]
    );
    assert_eq!(
        warnings(sheet),
        vec![
            (
                "重点目標!C9",
                "期限「平成31年3月」（平成31年3月31日）は令和8年度より前の日付です"
            ),
            (
                "重点目標!C12",
                "期限「R9年度」（令和10年3月31日）は令和8年度より後の日付です"
            ),
        ]
    );
}

#[test]
fn number_cells_whose_format_writes_a_unit_are_read_as_the_sheet_shows_them() {
    let rows = [
        ("○月の数", Cell::Number(9.0, r#"0"月""#)),
        ("○月末の数", Cell::Number(3.0, r#"0"月末""#)),
        ("○年と月", Cell::Number(12.0, r#""R8."0"#)),
        ("○数のまま", Cell::Number(9.0, "0")),
    ];
    let sheet = &checked_sheet(&rows);
    assert_eq!(
        items_read(sheet, "precision"),
        vec![
            ("9月", json!(["2026-09-30"]), vec!["month"]),
            ("3月末", json!(["2027-03-31"]), vec!["month"]),
            ("R8.12", json!(["2026-12-31"]), vec!["month"]),
            ("9", json!([]), vec![]),
        ]
    );
}

#[test]
fn a_hidden_column_of_first_plans_yields_the_deadline_to_the_revised_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("令和8年度重点目標管理シート_建設部.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "令和8年度 建設部 重点取組進行管理")
        .unwrap();
    let rows = [
        ["番号", "重点取組", "当初予定", "見直し後", "中間報告"],
        [
            "1",
            "道路舗装補修の計画的実施",
            "2026年7月末",
            "10月末",
            "発注した。",
        ],
        ["2", "橋梁長寿命化修繕", "2026年9月末", "12月末", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(2 + r as u32, c as u16, *text).unwrap();
        }
    }
    ws.set_column_hidden(2).unwrap();
    wb.save(&path).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        .arg("check")
        .arg("--json")
        .arg(&path)
        .capture();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let read = items_read(&json["files"][0]["sheets"][0], "kind");
    assert_eq!(
        read,
        vec![
            ("10月末", json!(["2026-10-31"]), vec!["due"]),
            ("12月末", json!(["2026-12-31"]), vec!["due"]),
        ]
    );
}
