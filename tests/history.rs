//! The history of report cells through the real binary: a department's
//! workbook written with rust_xlsxwriter into a temp folder, saved again
//! with one edit at a time the way a person would, read by `mokuhyo
//! consolidate` (and the daemon), and `mokuhyo history --json` checked entry
//! by entry.

use std::path::{Path, PathBuf};

use crate::common::harness::{Daemon, run, text, wait_until};
use crate::common::write_config;
use rust_xlsxwriter::{DocProperties, Workbook};
use serde_json::Value;

const SHEET: &str = "重点目標管理シート1";

/// One item row: number, title, deadline, interim, year-end.
#[derive(Clone)]
struct Item {
    number: &'static str,
    title: &'static str,
    deadline: String,
    interim: String,
    year_end: String,
}

fn item(number: &'static str, title: &'static str) -> Item {
    Item {
        number,
        title,
        deadline: "9月末まで".into(),
        interim: String::new(),
        year_end: String::new(),
    }
}

/// A department's workbook as a person keeps it.
#[derive(Clone)]
struct Sheet {
    /// Blank rows inserted above everything.
    rows_above: u32,
    goals: Vec<(String, Vec<Item>)>,
    author: &'static str,
}

impl Sheet {
    fn new() -> Sheet {
        Sheet {
            rows_above: 0,
            goals: vec![
                (
                    "地域防災力の向上".into(),
                    vec![
                        item("①", "○自主防災組織の育成"),
                        item("②", "○避難所運営訓練"),
                    ],
                ),
                (
                    "行政のデジタル化推進".into(),
                    vec![item("①", "○電子申請の拡充")],
                ),
            ],
            author: "企画課 山田",
        }
    }

    /// The sheet row (1-based, as Excel shows it) of item `i` of goal `g`.
    fn row_of(&self, g: usize, i: usize) -> u32 {
        let mut row = self.rows_above + 3;
        for (k, (_, items)) in self.goals.iter().enumerate() {
            row += 2;
            if k == g {
                return row + i as u32 + 1;
            }
            row += items.len() as u32;
        }
        unreachable!()
    }

    /// Saves the workbook at `path` (through a temporary file and a rename,
    /// as Excel does).
    fn save(&self, path: &Path) {
        let mut book = Workbook::new();
        book.set_properties(&DocProperties::new().set_author(self.author));
        let ws = book.add_worksheet();
        ws.set_name(SHEET).unwrap();
        let top = self.rows_above;
        ws.write_string(top, 0, "令和8年度 重点目標管理シート")
            .unwrap();
        ws.write_string(top + 1, 0, "部局名").unwrap();
        ws.write_string(top + 1, 1, "企画部").unwrap();
        let mut r = top + 3;
        for (goal, items) in &self.goals {
            ws.write_string(r, 0, "重点目標").unwrap();
            ws.write_string(r, 1, goal).unwrap();
            for (c, header) in ["", "取組項目", "期間・期限", "中間報告", "期末報告"]
                .iter()
                .enumerate()
            {
                if !header.is_empty() {
                    ws.write_string(r + 1, c as u16, *header).unwrap();
                }
            }
            r += 2;
            for it in items {
                for (c, value) in [it.number, it.title, &it.deadline, &it.interim, &it.year_end]
                    .iter()
                    .enumerate()
                {
                    if !value.is_empty() {
                        ws.write_string(r, c as u16, *value).unwrap();
                    }
                }
                r += 1;
            }
        }
        let temp = path.with_extension("tmp");
        book.save(&temp).unwrap();
        std::fs::rename(&temp, path).unwrap();
    }
}

/// A temp dir with `share/企画部.xlsx` and a configuration.
struct Folder {
    dir: tempfile::TempDir,
    config: PathBuf,
    file: PathBuf,
}

impl Folder {
    fn new(sheet: &Sheet) -> Folder {
        Folder::with(
            sheet,
            "[reminders]\nenabled = false\n[digest]\nenabled = false\n",
        )
    }

    /// A folder with `extra` configuration (after `[mail]`).
    fn with(sheet: &Sheet, extra: &str) -> Folder {
        let dir = tempfile::tempdir().unwrap();
        let share = dir.path().join("share");
        std::fs::create_dir_all(&share).unwrap();
        let file = share.join("企画部.xlsx");
        sheet.save(&file);
        let config = write_config(dir.path(), &share, extra);
        Folder { dir, config, file }
    }

    /// Consolidates as of today: 変更履歴 shows what was seen up to now.
    fn consolidate(&self) {
        let out = run(&self.config, &["consolidate"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }

    /// Every entry of `mokuhyo history --json`, newest first.
    fn history(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["history", "--json"];
        all.extend_from_slice(args);
        let out = run(&self.config, &all);
        assert!(out.status.success(), "{}", text(&out.stderr));
        match serde_json::from_slice(&out.stdout).unwrap() {
            Value::Array(entries) => entries,
            other => panic!("not a list: {other}"),
        }
    }

    /// Saves `sheet`, consolidates, and returns the entries that read added.
    fn save_and_read(&self, sheet: &Sheet) -> Vec<Value> {
        let before = self.history(&[]).len();
        sheet.save(&self.file);
        self.consolidate();
        let all = self.history(&[]);
        all[..all.len() - before].to_vec()
    }
}

/// (cell, field, change, before, after) of each entry.
fn summary(entries: &[Value]) -> Vec<(String, String, String, Value, Value)> {
    entries
        .iter()
        .map(|e| {
            (
                e["cell"].as_str().unwrap_or("").to_string(),
                e["field"].as_str().unwrap().to_string(),
                e["change"].as_str().unwrap().to_string(),
                e["before"].clone(),
                e["after"].clone(),
            )
        })
        .collect()
}

fn entry(
    cell: &str,
    field: &str,
    change: &str,
    before: Value,
    after: Value,
) -> (String, String, String, Value, Value) {
    (cell.into(), field.into(), change.into(), before, after)
}

#[test]
fn each_save_records_exactly_what_changed() {
    let mut sheet = Sheet::new();
    let folder = Folder::new(&sheet);
    folder.consolidate();
    let first = folder.history(&[]);
    assert_eq!(first.len(), 1, "{first:#?}");
    assert_eq!(first[0]["change"], "first_seen");
    assert_eq!(first[0]["field"], "file");
    assert_eq!(first[0]["department"], "企画部");
    assert_eq!(first[0]["modified_by"], "企画課 山田");
    assert!(first[0]["file"].as_str().unwrap().ends_with("企画部.xlsx"));

    // Fill one report cell: one `filled`, for that cell alone.
    sheet.goals[0].1[1].interim = "6月に訓練を実施".into();
    sheet.author = "危機管理課 佐藤";
    let row = sheet.row_of(0, 1);
    let filled = folder.save_and_read(&sheet);
    assert_eq!(
        summary(&filled),
        [entry(
            &format!("{SHEET}!D{row}"),
            "interim",
            "filled",
            Value::Null,
            "6月に訓練を実施".into()
        )]
    );
    let e = &filled[0];
    assert_eq!(e["sheet"], SHEET);
    assert_eq!(e["department"], "企画部");
    assert_eq!(e["goal"], "地域防災力の向上");
    assert_eq!(e["item"], "○避難所運営訓練");
    assert_eq!(e["modified_by"], "危機管理課 佐藤");
    assert!(e["seen_at"].as_str().is_some());
    assert!(e["file_modified"].as_str().is_some());

    // A row inserted above everything: cells move, nothing changed.
    sheet.rows_above = 1;
    assert_eq!(folder.save_and_read(&sheet), Vec::<Value>::new());

    // Clear the cell: one `cleared`, at its new place.
    sheet.goals[0].1[1].interim.clear();
    let row = sheet.row_of(0, 1);
    assert_eq!(
        summary(&folder.save_and_read(&sheet)),
        [entry(
            &format!("{SHEET}!D{row}"),
            "interim",
            "cleared",
            "6月に訓練を実施".into(),
            Value::Null
        )]
    );

    // Rename a goal: one change of the goal, not a removal and an addition
    // per item.
    sheet.goals[0].0 = "地域防災力と災害対応力の向上".into();
    let renamed = folder.save_and_read(&sheet);
    assert_eq!(
        summary(&renamed),
        [entry(
            &format!("{SHEET}!B{}", sheet.row_of(0, 0) - 2),
            "goal",
            "changed",
            "地域防災力の向上".into(),
            "地域防災力と災害対応力の向上".into()
        )]
    );

    // Sort the items of a goal: nothing changed.
    sheet.goals[0].1.reverse();
    assert_eq!(folder.save_and_read(&sheet), Vec::<Value>::new());

    // Move a deadline: old and new text with their dates.
    let (g, i) = (1, 0);
    sheet.goals[g].1[i].deadline = "12月末まで".into();
    let moved = folder.save_and_read(&sheet);
    assert_eq!(
        summary(&moved),
        [entry(
            &format!("{SHEET}!C{}", sheet.row_of(g, i)),
            "deadline",
            "changed",
            "9月末まで".into(),
            "12月末まで".into()
        )]
    );
    assert_eq!(moved[0]["before_dates"], serde_json::json!(["2026-09-30"]));
    assert_eq!(moved[0]["after_dates"], serde_json::json!(["2026-12-31"]));

    // Reading again with nothing saved (a restart) records nothing.
    let before = folder.history(&[]).len();
    folder.consolidate();
    assert_eq!(folder.history(&[]).len(), before);

    // Newest first; --department filters.
    let all = folder.history(&[]);
    assert_eq!(all.last().unwrap()["change"], "first_seen");
    assert_eq!(all[0]["field"], "deadline");
    assert_eq!(folder.history(&["--department", "企画部"]).len(), all.len());
    assert!(folder.history(&["--department", "総務部"]).is_empty());
    assert!(folder.history(&["--since", "2999-01-01"]).is_empty());
    assert_eq!(folder.history(&["--since", "2000-01-01"]).len(), all.len());
}

#[test]
fn a_corrupt_save_records_nothing_and_the_next_good_save_is_compared_with_the_last_good_one() {
    let mut sheet = Sheet::new();
    let folder = Folder::new(&sheet);
    folder.consolidate();
    let seen = folder.history(&[]).len();

    // Half a file, as a save cut off midway.
    sheet.goals[1].1[0].interim = "システム選定中".into();
    sheet.save(&folder.file);
    let bytes = std::fs::read(&folder.file).unwrap();
    std::fs::write(&folder.file, &bytes[..bytes.len() / 2]).unwrap();
    folder.consolidate();
    assert_eq!(
        folder.history(&[]).len(),
        seen,
        "a failed read records nothing"
    );

    // The next good save differs from the last good parse by two cells.
    sheet.goals[0].1[0].year_end = "組織率80%".into();
    let changes = folder.save_and_read(&sheet);
    let mut got = summary(&changes);
    got.sort_by_key(|e| e.0.clone());
    assert_eq!(
        got,
        [
            entry(
                &format!("{SHEET}!D{}", sheet.row_of(1, 0)),
                "interim",
                "filled",
                Value::Null,
                "システム選定中".into()
            ),
            entry(
                &format!("{SHEET}!E{}", sheet.row_of(0, 0)),
                "year_end",
                "filled",
                Value::Null,
                "組織率80%".into()
            ),
        ]
    );
}

#[test]
fn items_added_and_removed_are_one_entry_each() {
    let mut sheet = Sheet::new();
    let folder = Folder::new(&sheet);
    folder.consolidate();
    sheet.goals[1].1.push(item("②", "○窓口のキャッシュレス化"));
    sheet.goals[0].1.remove(0);
    let mut got = summary(&folder.save_and_read(&sheet));
    got.sort_by_key(|e| e.0.clone());
    assert_eq!(
        got,
        [
            entry(
                &format!("{SHEET}!B{}", sheet.row_of(1, 1)),
                "item",
                "added",
                Value::Null,
                "○窓口のキャッシュレス化".into()
            ),
            entry(
                &format!("{SHEET}!B{}", Sheet::new().row_of(0, 0)),
                "item",
                "removed",
                "○自主防災組織の育成".into(),
                Value::Null
            ),
        ]
    );
}

/// The cells of a sheet of the consolidated workbook, as text.
fn consolidated_sheet(folder: &Folder, name: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let path = folder.dir.path().join("out/全庁目標一覧_令和8年度.xlsx");
    crate::common::xlsx_check::assert_well_formed(&path);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_consolidated_workbook_lists_the_changes_and_links_each_to_its_item() {
    let mut sheet = Sheet::new();
    let folder = Folder::new(&sheet);
    folder.consolidate();
    let empty = consolidated_sheet(&folder, "変更履歴");
    assert_eq!(empty[0][0], "確認日時");
    // The first read of a file is one row, linked to no item.
    assert_eq!(empty.len(), 2, "{empty:?}");
    assert_eq!(empty[1][6], "初回読込");

    sheet.goals[0].1[1].interim = "6月に訓練を実施".into();
    folder.save_and_read(&sheet);
    sheet.goals[1].1[0].deadline = "12月末まで".into();
    sheet.author = "情報政策課 鈴木";
    folder.save_and_read(&sheet);

    let rows = consolidated_sheet(&folder, "変更履歴");
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let shown: Vec<(&str, &str, &str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| {
            (
                r[col("取組項目")].as_str(),
                r[col("項目")].as_str(),
                r[col("変更")].as_str(),
                r[col("変更後")].as_str(),
                r[col("保存者")].as_str(),
            )
        })
        .collect();
    // Newest first: the deadline, the report, the first read (its three
    // items).
    assert_eq!(
        shown,
        [
            (
                "○電子申請の拡充",
                "期限",
                "変更",
                "12月末まで",
                "情報政策課 鈴木"
            ),
            (
                "○避難所運営訓練",
                "中間報告",
                "記入",
                "6月に訓練を実施",
                "企画課 山田"
            ),
            ("", "ファイル", "初回読込", "取組 3件", "企画課 山田"),
        ]
    );
    assert_eq!(
        rows[1][col("セル")],
        format!("{SHEET}!C{}", sheet.row_of(1, 0))
    );
    assert_eq!(rows[1][col("ファイル")], "企画部.xlsx");

    // Each change links to its item's row in 全庁一覧.
    let items = consolidated_sheet(&folder, "全庁一覧");
    let title_col = items[0].iter().position(|h| h == "取組項目").unwrap();
    for (row, title) in [(1, "○電子申請の拡充"), (2, "○避難所運営訓練")] {
        let link = &rows[row][col("全庁一覧")];
        let target: usize = link.trim_end_matches("行目").parse().unwrap();
        assert_eq!(items[target - 1][title_col], title, "{link}");
    }
    assert_eq!(rows[3][col("全庁一覧")], "");

    // 概要 counts the last week.
    let overview = consolidated_sheet(&folder, "概要");
    assert!(
        overview
            .iter()
            .flatten()
            .any(|c| c == "直近7日間：報告の記入 1件、期限の変更 1件"),
        "{overview:?}"
    );

    // As of yesterday, nothing of today was seen yet.
    let yesterday = mokuhyo::clock::today_in_japan().pred_opt().unwrap();
    let out = run(
        &folder.config,
        &["consolidate", "--today", &yesterday.to_string()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = consolidated_sheet(&folder, "変更履歴");
    assert_eq!(rows[1][0], "直近30日間の変更はありません", "{rows:?}");
    let overview = consolidated_sheet(&folder, "概要");
    assert!(
        overview
            .iter()
            .flatten()
            .any(|c| c == "直近7日間：報告の記入 0件、期限の変更 0件"),
        "{overview:?}"
    );
}

#[test]
fn the_human_listing_names_cell_change_and_author() {
    let mut sheet = Sheet::new();
    let folder = Folder::new(&sheet);
    let none = run(&folder.config, &["history"]);
    assert!(text(&none.stdout).contains("no history yet"));
    folder.consolidate();
    sheet.goals[0].1[0].interim = "説明会を2回開催".into();
    folder.save_and_read(&sheet);
    let out = text(&run(&folder.config, &["history"]).stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let row = sheet.row_of(0, 0);
    assert!(lines[0].contains(&format!("{SHEET}!D{row}")), "{out}");
    assert!(lines[0].contains("中間報告 記入"), "{out}");
    assert!(lines[0].contains("(空欄) → 「説明会を2回開催」"), "{out}");
    assert!(lines[0].contains("(企画課 山田)"), "{out}");
    assert!(lines[1].contains("初回読込"), "{out}");
}

#[test]
fn the_daemon_records_a_save_and_nothing_after_a_restart() {
    let mut sheet = Sheet::new();
    let folder = Folder::new(&sheet);
    let dir = folder.dir.path();
    let share = folder.file.parent().unwrap();
    // Rescans every second back the watcher up: what is checked here is
    // what a read records, not how the save was noticed.
    let daemon = Daemon::start(dir, share, "poll", "rescan_schedule = \"* * * * * *\"");
    let history = || folder.history(&[]);
    wait_until("the first read recorded", || {
        (history().len() == 1).then_some(())
    });
    sheet.goals[1].1[0].year_end = "電子申請を30手続に拡大".into();
    sheet.save(&folder.file);
    let entries = wait_until("the save recorded", || {
        let all = history();
        assert!(all.len() <= 2, "{all:#?}\n{}", daemon.log());
        (all.len() == 2).then_some(all)
    });
    assert_eq!(
        summary(&entries[..1]),
        [entry(
            &format!("{SHEET}!E{}", sheet.row_of(1, 0)),
            "year_end",
            "filled",
            Value::Null,
            "電子申請を30手続に拡大".into()
        )]
    );
    assert!(daemon.terminate().success());

    // The config of the daemon is the folder's own: start it again there.
    let again = Daemon::start(dir, share, "poll", "rescan_schedule = \"\"");
    again.wait_for("the consolidated workbook written again", |json| {
        !json.is_null()
    });
    wait_until("the daemon's first scan logged", || {
        again.log().contains("folder scanned").then_some(())
    });
    assert!(again.terminate().success());
    assert_eq!(history().len(), 2, "a restart records nothing");
}

#[test]
fn the_planning_digest_lists_what_each_department_wrote_since_the_last_one() {
    // The first business day from today: the digest's day of the week.
    let calendar = mokuhyo::config::Settings::default().business_calendar();
    let mut day = mokuhyo::clock::today_in_japan();
    while !calendar.is_business_day(day) {
        day = day.succ_opt().unwrap();
    }
    let weekday = day.format("%a").to_string().to_lowercase();
    let mut sheet = Sheet::new();
    let folder = Folder::with(
        &sheet,
        &format!(
            "from = \"mokuhyo@city.example.jp\"\nplanning = [\"kikakuka@city.example.jp\"]\n\
             [reminders]\nenabled = false\n[digest]\nenabled = true\nschedule = \"0 0 9 * * {weekday}\"\n\
             attach_consolidated = false\n"
        ),
    );
    folder.consolidate();
    sheet.goals[0].1[0].interim = "説明会を2回開催".into();
    sheet.goals[1].1[0].deadline = "12月末まで".into();
    folder.save_and_read(&sheet);

    // A preview of the digest a week earlier shows nothing seen after it.
    let mut week_before = day - chrono::Duration::days(7);
    while !calendar.is_business_day(week_before) {
        week_before = week_before.succ_opt().unwrap();
    }
    let week_before = week_before.to_string();
    let out = run(
        &folder.config,
        &["remind", "--dry-run", "--today", &week_before],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let preview = text(&out.stdout);
    assert!(preview.contains("【週次】"), "{preview}");
    assert!(
        preview.contains("（報告の記入・期限の変更はありません）")
            && !preview.contains("説明会を2回開催"),
        "{preview}"
    );

    let out = run(&folder.config, &["remind", "--today", &day.to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let outbox = folder.dir.path().join("outbox");
    let mails: Vec<PathBuf> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(mails.len(), 1, "{mails:?}");
    let bytes = std::fs::read(&mails[0]).unwrap();
    let mail = mail_parser::MessageParser::default()
        .parse(&bytes[..])
        .unwrap();
    let body = mail.body_text(0).unwrap().into_owned();
    let html = mail.body_html(0).unwrap().into_owned();
    assert!(body.contains("■ この1週間の変更"), "{body}");
    assert!(
        body.contains("企画部: 報告の記入 1 件 / 書き換え 0 件 / 空欄化 0 件 / 期限の変更 1 件"),
        "{body}"
    );
    let row = sheet.row_of(0, 0);
    assert!(
        body.contains(&format!(
            "中間報告 記入: ○自主防災組織の育成（企画部.xlsx {SHEET}!D{row}） 説明会を2回開催［企画課 山田］"
        )),
        "{body}"
    );
    let row = sheet.row_of(1, 0);
    assert!(
        body.contains(&format!(
            "期限 変更: ○電子申請の拡充（企画部.xlsx {SHEET}!C{row}） 「9月末まで」(令和8年9月30日) → 「12月末まで」(令和8年12月31日)"
        )),
        "{body}"
    );
    assert!(
        html.contains("<td>企画部</td><td>1</td><td>0</td><td>0</td><td>1</td>"),
        "{html}"
    );
}
