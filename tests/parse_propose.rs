//! A table whose headers are all words no dictionary holds — casual words
//! a department made up for the item, the deadline, who does it and how
//! the first and second half went, beside a goal merged down over its items
//! — read through the real binary: exactly, by what its cells hold; then
//! `check --propose` prints its mapping as TOML, which in the configuration
//! gives the same reading by the mapping, and an edited mapping changes it.

use std::ffi::OsStr;
use std::path::Path;

use crate::common::harness::{Capture, text};
use crate::common::{mokuhyo, run_ok, write_config};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

const HEADERS: [&str; 6] = [
    "大きな方向性",
    "やっていくこと",
    "いつごろまで",
    "受け持ち",
    "前半どうだった",
    "後半どうだった",
];

/// Goals merged down over their items; casual headers only.
fn write_casual(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("取組").unwrap();
    ws.write_string(0, 0, "令和8年度 総務部の取組").unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let rows: [[&str; 6]; 4] = [
        [
            "災害に強いまち",
            "防災訓練の実施",
            "9月末まで",
            "危機管理課",
            "8月に実施した",
            "",
        ],
        ["", "備蓄品の更新", "年度末", "危機管理課", "", ""],
        [
            "窓口の便利さ",
            "電子申請の拡充",
            "12月末",
            "情報政策課",
            "対象を広げた",
            "完了した",
        ],
        ["", "窓口の案内表示の改善", "令和9年2月", "市民課", "", ""],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(3 + r as u32, c as u16, *text).unwrap();
            }
        }
    }
    let plain = Format::new();
    ws.merge_range(3, 0, 4, 0, "災害に強いまち", &plain)
        .unwrap();
    ws.merge_range(5, 0, 6, 0, "窓口の便利さ", &plain).unwrap();
    wb.save(path).unwrap();
}

fn check_json(args: &[&OsStr]) -> Value {
    let mut all = vec![OsStr::new("check"), OsStr::new("--json")];
    all.extend_from_slice(args);
    serde_json::from_str(&run_ok(all)).unwrap()
}

/// (goal, item, deadline text, owners, interim, year-end) of every item.
fn items(json: &Value) -> Vec<(String, String, String, String, String, String)> {
    let mut out = Vec::new();
    for sheet in json["files"][0]["sheets"].as_array().unwrap() {
        for goal in sheet["goals"].as_array().unwrap() {
            for item in goal["items"].as_array().unwrap() {
                out.push((
                    goal["title"].as_str().unwrap().to_string(),
                    item["title"].as_str().unwrap().to_string(),
                    item["deadline_text"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    item["owners"].to_string(),
                    item["interim"]["status"].as_str().unwrap().to_string(),
                    item["year_end"]["status"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    out
}

fn roles(json: &Value) -> Vec<String> {
    json["files"][0]["sheets"][0]["tables"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["role"].as_str().unwrap().to_string())
        .collect()
}

fn s(v: &str) -> String {
    v.to_string()
}

#[test]
fn casual_headers_are_read_exactly_and_the_proposed_mapping_reads_them_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let path = share.join("令和8年度_総務部.xlsx");
    write_casual(&path);
    for word in HEADERS {
        assert_eq!(
            mokuhyo_core::interpret::FieldDictionary::default()
                .classify(&mokuhyo_core::interpret::dictionary::normalize_label(word)),
            None,
            "{word} is a dictionary word"
        );
    }

    let json = check_json(&[path.as_os_str()]);
    let want = vec![
        (
            s("災害に強いまち"),
            s("防災訓練の実施"),
            s("9月末まで"),
            s("[\"危機管理課\"]"),
            s("filled"),
            s("empty"),
        ),
        (
            s("災害に強いまち"),
            s("備蓄品の更新"),
            s("年度末"),
            s("[\"危機管理課\"]"),
            s("empty"),
            s("empty"),
        ),
        (
            s("窓口の便利さ"),
            s("電子申請の拡充"),
            s("12月末"),
            s("[\"情報政策課\"]"),
            s("filled"),
            s("filled"),
        ),
        (
            s("窓口の便利さ"),
            s("窓口の案内表示の改善"),
            s("令和9年2月"),
            s("[\"市民課\"]"),
            s("empty"),
            s("empty"),
        ),
    ];
    assert_eq!(items(&json), want);
    let read = roles(&json);
    assert_eq!(
        read,
        ["goal", "item", "deadline", "owner", "interim", "year_end"]
    );
    assert_eq!(
        json["files"][0]["sheets"][0]["tables"][0]["source"]["kind"],
        "content"
    );

    // The proposal: TOML only, one block for the one table.
    let proposal = run_ok([
        OsStr::new("check"),
        OsStr::new("--propose"),
        path.as_os_str(),
    ]);
    let parsed: toml::Table = toml::from_str(&proposal).expect("the proposal is TOML");
    let layouts = parsed["parse"]["layouts"].as_array().unwrap();
    assert_eq!(layouts.len(), 1);
    assert_eq!(
        layouts[0]["columns"]["やっていくこと"].as_str(),
        Some("item")
    );

    // In force, the mapping reads the table exactly so.
    let config = write_config(dir.path(), &share, &proposal);
    let pinned = check_json(&[OsStr::new("--config"), config.as_os_str(), path.as_os_str()]);
    assert_eq!(items(&pinned), want);
    assert_eq!(roles(&pinned), read);
    assert_eq!(
        pinned["files"][0]["sheets"][0]["tables"][0]["source"],
        serde_json::json!({"kind": "layout", "index": 0})
    );

    // An edited mapping is what the table is read by.
    let edited = proposal.replace("\"受け持ち\" = \"owner\"", "\"受け持ち\" = \"extra\"");
    assert_ne!(edited, proposal);
    let config = write_config(dir.path(), &share, &edited);
    let json = check_json(&[OsStr::new("--config"), config.as_os_str(), path.as_os_str()]);
    assert!(
        items(&json).iter().all(|i| i.3 == "[]"),
        "{:?}",
        items(&json)
    );
    let extras = &json["files"][0]["sheets"][0]["goals"][0]["items"][0]["extras"];
    assert_eq!(extras[0]["header"], "受け持ち");
}

#[test]
fn a_file_with_no_table_of_items_says_which_region_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名簿.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in [
        ["氏名", "所属", "役職"],
        ["山田 太郎", "総務課", "課長"],
        ["佐藤 花子", "財政課", "主査"],
        ["鈴木 一郎", "企画課", "主任"],
    ]
    .iter()
    .enumerate()
    {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    wb.save(&path).unwrap();
    let json = check_json(&[path.as_os_str()]);
    let file = &json["files"][0];
    assert_eq!(file["status"], "skipped");
    let reason = file["skipped"][0]["message"].as_str().unwrap();
    assert!(reason.contains("Sheet1!A1:C4"), "{reason}");
    assert!(
        reason.contains("取組項目にあたる列が見つかりません")
            || reason.contains("取組の表にある列"),
        "{reason}"
    );
    // Its proposal is there to edit.
    let proposal = run_ok([
        OsStr::new("check"),
        OsStr::new("--propose"),
        path.as_os_str(),
    ]);
    assert!(
        proposal.contains("取組の表として読めませんでした"),
        "{proposal}"
    );
    let _: toml::Table = toml::from_str(&proposal).expect("TOML");
    let missing = mokuhyo()
        .args(["check", "--propose"])
        .arg(dir.path().join("none.xlsx"))
        .capture();
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("none.xlsx"), "{missing:?}");
}

/// Items written on a row per report under a column naming each row's
/// part of the year (`kinds`), the item's own cells merged over the pair.
fn write_report_rows(path: &Path, kinds: [&str; 2]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("進捗").unwrap();
    ws.write_string(0, 0, "令和8年度 総務部 進捗管理").unwrap();
    for (c, h) in ["No.", "取組", "期限", "区分", "内容"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let plain = Format::new();
    let items = [
        ("1", "窓口の電子化", "9月末まで", "素案を作成した。", ""),
        ("2", "広報紙の刷新", "年度末", "", "紙面を刷新した。"),
        ("3", "職員研修の充実", "12月", "研修を2回開いた。", ""),
    ];
    for (k, (number, title, deadline, first, second)) in items.iter().enumerate() {
        let row = 3 + 2 * k as u32;
        for (c, text) in [number, title, deadline].iter().enumerate() {
            ws.merge_range(row, c as u16, row + 1, c as u16, text, &plain)
                .unwrap();
        }
        ws.write_string(row, 3, kinds[0]).unwrap();
        ws.write_string(row + 1, 3, kinds[1]).unwrap();
        for (r, text) in [(row, first), (row + 1, second)] {
            if !text.is_empty() {
                ws.write_string(r, 4, *text).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

/// (item, interim, year-end) of every item.
fn reports(json: &Value) -> Vec<(String, String, String)> {
    items(json)
        .into_iter()
        .map(|(_, title, _, _, interim, year_end)| (title, interim, year_end))
        .collect()
}

#[test]
fn a_table_of_report_rows_is_proposed_with_its_period_column_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let halves = share.join("令和8年度_総務部.xlsx");
    write_report_rows(&halves, ["中間", "期末"]);
    let want = vec![
        (s("窓口の電子化"), s("filled"), s("empty")),
        (s("広報紙の刷新"), s("empty"), s("filled")),
        (s("職員研修の充実"), s("filled"), s("empty")),
    ];
    let json = check_json(&[halves.as_os_str()]);
    assert_eq!(reports(&json), want);
    assert_eq!(
        roles(&json),
        ["number", "item", "deadline", "report_period", "interim"]
    );
    let table = &json["files"][0]["sheets"][0]["tables"][0];
    assert_eq!(table["report_periods"]["期末"], "year_end");

    // The proposal names the period column and what each of its values is.
    let proposal = run_ok([
        OsStr::new("check"),
        OsStr::new("--propose"),
        halves.as_os_str(),
    ]);
    let parsed: toml::Table = toml::from_str(&proposal).expect("the proposal is TOML");
    let layout = &parsed["parse"]["layouts"][0];
    assert_eq!(layout["columns"]["区分"].as_str(), Some("report_period"));
    assert_eq!(layout["report_periods"]["中間"].as_str(), Some("interim"));
    assert_eq!(layout["report_periods"]["期末"].as_str(), Some("year_end"));

    // Values no words name (一次 / 二次) are read as the mapping says.
    let rounds = share.join("令和8年度_企画部.xlsx");
    write_report_rows(&rounds, ["一次", "二次"]);
    let unmapped = check_json(&[rounds.as_os_str()]);
    assert_ne!(reports(&unmapped), want);
    let mapping = proposal
        .replace("\"中間\" = ", "\"一次\" = ")
        .replace("\"期末\" = ", "\"二次\" = ");
    let config = write_config(dir.path(), &share, &mapping);
    let mapped = check_json(&[
        OsStr::new("--config"),
        config.as_os_str(),
        rounds.as_os_str(),
    ]);
    assert_eq!(reports(&mapped), want);
    assert_eq!(
        mapped["files"][0]["sheets"][0]["tables"][0]["source"]["kind"],
        "layout"
    );
}

/// A workbook of one sheet written from rows of texts.
fn write_rows(path: &Path, sheet: &str, rows: &[&[&str]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

/// (item, interim status, interim text) of the plan's items, and the
/// sheets each other file gives.
fn joined_reading(json: &Value, plan: &str) -> (Vec<(String, String, String)>, Vec<usize>) {
    let files = json["files"].as_array().unwrap();
    let mut items = Vec::new();
    let mut others = Vec::new();
    for file in files {
        let sheets = file["sheets"].as_array().unwrap();
        if !file["file"].as_str().unwrap().ends_with(plan) {
            others.push(sheets.len());
            continue;
        }
        for item in sheets
            .iter()
            .flat_map(|s| s["goals"].as_array().unwrap())
            .flat_map(|g| g["items"].as_array().unwrap())
        {
            items.push((
                item["title"].as_str().unwrap().to_string(),
                item["interim"]["status"].as_str().unwrap().to_string(),
                item["interim"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            ));
        }
    }
    (items, others)
}

/// A report workbook named for a part of the year that is no milestone
/// (`…_第1四半期`) is joined to its plan but gives no report: `check
/// --propose` prints its block all the same — its plan and key, its period
/// left as a comment saying why — beside the block of the quarter that
/// gives the interim report; in force, the blocks read the folder the same.
#[test]
fn a_joined_report_workbook_giving_no_report_is_proposed_with_its_period_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let plan = "市民協働部_アクションプラン2026.xlsx";
    write_rows(
        &share.join(plan),
        "計画",
        &[
            &["番号", "やること", "いつまで", "受け持ち"],
            &["1", "窓口サービスの見直し", "9月末", "市民課"],
            &["2", "文書台帳の電子化", "年度末", "総務課"],
        ],
    );
    let first = "市民協働部_アクションプラン2026_進捗_第1四半期.xlsx";
    let second = "市民協働部_アクションプラン2026_進捗_第2四半期.xlsx";
    for (book, done) in [(first, "案内を作った"), (second, "受付の流れを改めた")] {
        write_rows(
            &share.join(book),
            "進捗",
            &[
                &["No", "アクション（略）", "進捗状況"],
                &["1", "窓口見直し", done],
                &["2", "台帳電子化", ""],
            ],
        );
    }
    let unpinned = check_json(&[share.as_os_str()]);
    let want = (
        vec![
            (
                s("窓口サービスの見直し"),
                s("filled"),
                s("受付の流れを改めた"),
            ),
            (s("文書台帳の電子化"), s("empty"), String::new()),
        ],
        vec![0, 0],
    );
    assert_eq!(joined_reading(&unpinned, plan), want, "{unpinned}");

    let proposal = run_ok([
        OsStr::new("check"),
        OsStr::new("--propose"),
        share.as_os_str(),
    ]);
    let parsed: toml::Table = toml::from_str(&proposal).expect("the proposal is TOML");
    let layouts = parsed["parse"]["layouts"].as_array().unwrap();
    let companion = |book: &str| {
        layouts
            .iter()
            .find(|l| l.get("file").and_then(|f| f.as_str()) == Some(book))
            .and_then(|l| l.get("companion"))
            .and_then(|c| c.as_table())
            .unwrap_or_else(|| panic!("no block for {book}:\n{proposal}"))
            .clone()
    };
    let quiet = companion(first);
    assert_eq!(quiet["plan"].as_str(), Some(plan));
    assert_eq!(quiet["key"].as_str(), Some("number"));
    assert!(!quiet.contains_key("period"), "{proposal}");
    let block = &proposal[proposal.find(&format!("# {first} —")).unwrap()..];
    let block = &block[..block.find("\n\n").unwrap()];
    assert!(block.contains("報告としては使っていません"), "{block}");
    assert!(block.contains("# period = "), "{block}");
    let interim = companion(second);
    assert_eq!(interim["period"].as_str(), Some("interim"));
    assert_eq!(interim["plan"].as_str(), Some(plan));

    let config = write_config(dir.path(), &share, &proposal);
    let pinned = check_json(&[
        OsStr::new("--config"),
        config.as_os_str(),
        share.as_os_str(),
    ]);
    assert_eq!(joined_reading(&pinned, plan), want, "{pinned}");
}
