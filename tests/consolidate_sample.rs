//! The sample folder as the planning section, a department and the IT
//! admin see it, with the real binary: after the interim due date the late
//! reports are listed with their departments and counted alike on 概要, on
//! 未提出 and in the day's overdue notices; 取込エラー says in Japanese why a
//! truncated and an encrypted file could not be read; the share's path and
//! the Reply-To set by the environment reach the mails and the workbook.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::harness::{run, run_with, sample_folder, text};
use crate::common::{column_of, mokuhyo, write_config};
use calamine::{Data, Range, Reader, Xlsx, open_workbook};

/// The day of the issue's example: 40 days after the interim due date
/// (10/15), an overdue-notice day.
const DAY: &str = "2026-11-24";

const PLANNING: &str = "planning = [\"kikakuka@city.example.jp\"]\n";

/// A temporary folder holding a copy of the sample folder, and its
/// configuration (no department has an address: every mail goes to the
/// planning section, named for its department).
fn sample() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, share) = sample_folder();
    // Written after write_config's [mail] section, the line belongs to it.
    let config = write_config(dir.path(), &share, PLANNING);
    (dir, share, config)
}

fn sheet(workbook: &Path, name: &str) -> Range<Data> {
    crate::common::xlsx_check::assert_well_formed(workbook);
    let mut book: Xlsx<_> = open_workbook(workbook).unwrap();
    book.worksheet_range(name).unwrap()
}

fn cell(range: &Range<Data>, row: usize, col: usize) -> String {
    range
        .get((row, col))
        .map(|c| c.to_string())
        .unwrap_or_default()
}

#[test]
fn after_the_interim_due_date_the_late_reports_are_listed_and_counted_alike() {
    let (dir, _share, config) = sample();
    let out = run(&config, &["consolidate", "--today", DAY]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let workbook = dir.path().join("out/全庁目標一覧_令和8年度.xlsx");

    // 未提出: the late interim reports, each with its department.
    let missing = sheet(&workbook, "未提出");
    let header = 1;
    let col = |name: &str| {
        missing
            .rows()
            .nth(header)
            .unwrap()
            .iter()
            .position(|h| *h == name)
            .unwrap()
    };
    let late: Vec<(String, String)> = missing
        .rows()
        .skip(header + 1)
        .filter(|r| r[col("報告")] == "中間報告" && r[col("提出状況")] == "提出遅れ")
        .map(|r| {
            (
                r[col("部局")].to_string(),
                r[col("記入するセル")].to_string(),
            )
        })
        .collect();
    assert_eq!(late.len(), 9, "{late:?}");
    assert!(late.iter().all(|(_, days)| !days.is_empty()));
    let departments: BTreeSet<&str> = late.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(departments, BTreeSet::from(["市民生活部", "建設部"]));
    let section = (0..missing.height())
        .map(|r| cell(&missing, r, 0))
        .find(|t| t.starts_with("中間報告 提出遅れ"))
        .unwrap();
    assert_eq!(
        section,
        "中間報告 提出遅れ 9件（提出期限 2026/10/15、40 日経過）"
    );

    // 概要: the same count, in total and for each department.
    let overview = sheet(&workbook, "概要");
    let header_row = (0..overview.height())
        .find(|&r| cell(&overview, r, 0) == "部局")
        .unwrap();
    let late_col = (0..overview.width())
        .find(|&c| cell(&overview, header_row, c) == "提出遅れ")
        .unwrap();
    let count_of = |department: &str| {
        let row = (header_row..overview.height())
            .find(|&r| cell(&overview, r, 0) == department)
            .unwrap();
        overview
            .get((row, late_col))
            .and_then(|v| match v {
                Data::Float(f) => Some(*f as usize),
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(count_of("合計"), 9);
    for department in &departments {
        let listed = late.iter().filter(|(d, _)| d == department).count();
        assert_eq!(count_of(department), listed, "{department}");
    }
    let interim = (0..overview.height())
        .find(|&r| cell(&overview, r, 0) == "中間報告")
        .unwrap();
    assert_eq!(cell(&overview, interim, 3), "提出遅れ 9件");

    // The overdue notices of the day ask for the same cells.
    let out = run(&config, &["remind", "--dry-run", "--today", DAY]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dry = text(&out.stdout);
    let mut notices = BTreeSet::new();
    let mut cells = 0;
    let mut overdue = false;
    for line in dry.lines() {
        if let Some(key) = line.strip_prefix("=== ") {
            overdue = key.starts_with("2026/interim/") && key.contains("/overdue-");
            if overdue {
                notices.insert(key.split('/').nth(2).unwrap().to_string());
            }
        } else if overdue && line.trim_start().starts_with("記入するセル: ") {
            cells += 1;
        }
    }
    assert_eq!(cells, 9, "{dry}");
    let notified: BTreeSet<&str> = notices.iter().map(String::as_str).collect();
    assert_eq!(notified, departments, "{dry}");
}

/// Two words of Latin letters in a row: an English sentence in a Japanese
/// text (a single word, `Excel`, `.xlsx`, is not one).
fn english_in(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "（）()、。:：,".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let latin = |w: &str| w.chars().all(|c| c.is_ascii_alphabetic());
    words.windows(2).any(|w| latin(w[0]) && latin(w[1]))
}

/// Commands a message names for the reader to run: not English prose.
const COMMANDS: [&str; 1] = ["mokuhyo check --propose"];

#[test]
fn the_import_errors_say_in_japanese_why_a_file_was_not_read() {
    let (dir, share, config) = sample();
    let bytes = std::fs::read(share.join("令和8年度重点目標管理シート_建設部.xlsx")).unwrap();
    std::fs::write(share.join("途中で切れた.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::copy(
        crate::common::fixture("peer/pass_protected.xlsx"),
        share.join("暗号化.xlsx"),
    )
    .unwrap();
    let out = run(&config, &["consolidate", "--today", DAY]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let problems = sheet(
        &dir.path().join("out/全庁目標一覧_令和8年度.xlsx"),
        "取込エラー",
    );
    let (file, message) = (
        column_of(&problems, "ファイル"),
        column_of(&problems, "内容"),
    );
    let rows: Vec<(String, String)> = problems
        .rows()
        .skip(1)
        .map(|r| (r[file].to_string(), r[message].to_string()))
        .collect();
    let reason = |name: &str| {
        rows.iter()
            .find(|(f, _)| f.ends_with(name))
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| panic!("{name} not listed: {rows:?}"))
    };
    assert_eq!(
        reason("途中で切れた.xlsx"),
        "ファイルが途中で切れているか、壊れています。Excel で開けるかを確かめ、保存し直してください"
    );
    assert_eq!(
        reason("暗号化.xlsx"),
        "パスワードで保護（暗号化）されているため読み込めません。パスワードを解除して保存し直してください"
    );
    let english: Vec<&(String, String)> = rows
        .iter()
        .filter(|(_, m)| english_in(&COMMANDS.iter().fold(m.clone(), |m, c| m.replace(c, ""))))
        .collect();
    assert!(english.is_empty(), "English on 取込エラー: {english:?}");
}

/// The 部局 and 前回データ使用 of `name`'s rows on 取込エラー.
fn error_rows_of(workbook: &Path, name: &str) -> Vec<(String, String)> {
    let problems = sheet(workbook, "取込エラー");
    let (file, department, stale) = (
        column_of(&problems, "ファイル"),
        column_of(&problems, "部局"),
        column_of(&problems, "前回データ使用"),
    );
    problems
        .rows()
        .skip(1)
        .filter(|r| r[file].to_string().ends_with(name))
        .map(|r| (r[department].to_string(), r[stale].to_string()))
        .collect()
}

#[test]
fn an_unreadable_file_naming_no_department_is_listed_under_its_last_good_department() {
    let (dir, share, config) = sample();
    // The department is named inside the workbook only (総務部 in its
    // header), not in the file's name.
    let name = "令和8年度重点目標管理シート_A.xlsx";
    let file = share.join(name);
    std::fs::rename(share.join("令和8年度重点目標管理シート_総務部.xlsx"), &file).unwrap();
    // Unreadable before it was ever read: nothing names its department.
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let workbook = dir.path().join("out/全庁目標一覧_令和8年度.xlsx");
    let out = run(&config, &["consolidate", "--today", DAY]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        error_rows_of(&workbook, name),
        [(String::new(), String::new())]
    );

    // Read once, then cut short: its last good data names 総務部, on
    // 取込エラー and in 概要's count of files with errors.
    std::fs::write(&file, &bytes).unwrap();
    let out = run(&config, &["consolidate", "--today", DAY]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let out = run(&config, &["consolidate", "--today", DAY]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        error_rows_of(&workbook, name),
        [("総務部".to_string(), "はい".to_string())]
    );
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/全庁目標一覧_令和8年度.json")).unwrap(),
    )
    .unwrap();
    let departments = json["overview"]["departments"].as_array().unwrap();
    let general = departments
        .iter()
        .find(|d| d["department"] == "総務部")
        .unwrap_or_else(|| panic!("総務部 on 概要: {departments:?}"));
    assert_eq!(general["files_with_errors"], 1, "{general}");
}

#[test]
fn the_share_path_and_reply_to_from_the_environment_reach_the_mails_and_the_workbook() {
    let (dir, _share, config) = sample();
    let mut command = mokuhyo();
    command
        .env("MOKUHYO__FOLDER__DISPLAY_PATH", r"\\fileserver\目標管理")
        .env(
            "MOKUHYO__OUTPUT__DISPLAY_PATH",
            r"\\fileserver\企画課\目標集約",
        )
        .env(
            "MOKUHYO__MAIL__REPLY_TO",
            "企画課 企画係 <kikaku-kakari@city.example.jp>",
        );
    let out = run_with(command, &config, &["remind", "--today", DAY]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let outbox = dir.path().join("outbox");
    let mails: Vec<PathBuf> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    let mut notices = 0;
    for path in &mails {
        let bytes = std::fs::read(path).unwrap();
        let mail = mail_parser::MessageParser::default()
            .parse(&bytes[..])
            .unwrap();
        let reply = mail.reply_to().and_then(|a| a.first()).unwrap();
        assert_eq!(reply.address(), Some("kikaku-kakari@city.example.jp"));
        assert_eq!(reply.name(), Some("企画課 企画係"));
        let body = mail.body_text(0).unwrap();
        assert!(!body.contains(&dir.path().display().to_string()), "{body}");
        let name = path.file_name().unwrap().to_string_lossy();
        if name.starts_with("2026_interim_") {
            notices += 1;
            assert!(
                body.contains(r"ファイル: \\fileserver\目標管理\令和8年度重点目標管理シート_"),
                "{name}: {body}"
            );
            assert!(
                body.contains(r"共有フォルダ: \\fileserver\目標管理"),
                "{body}"
            );
            let html = mail.body_html(0).unwrap().replace("&#x2f;", "/");
            assert!(
                html.contains(
                    r#"href="file:///\\fileserver\目標管理\令和8年度重点目標管理シート_"#
                ),
                "{html}"
            );
        }
    }
    assert_eq!(notices, 2, "the overdue notices of 市民生活部 and 建設部");
    // The planning digest names the page as staff reach the output folder,
    // and attaches this year's workbook alone.
    let digest = mails
        .iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("digest_")
        })
        .expect("the planning digest");
    let digest = std::fs::read(digest).unwrap();
    let digest = mail_parser::MessageParser::default()
        .parse(&digest[..])
        .unwrap();
    let body = digest.body_text(0).unwrap();
    assert!(
        body.contains(r"\\fileserver\企画課\目標集約\全庁目標一覧_令和8年度.html"),
        "{body}"
    );
    let attached: Vec<_> = digest
        .attachments()
        .filter_map(|a| mail_parser::MimeHeaders::attachment_name(a))
        .collect();
    assert_eq!(attached, ["全庁目標一覧_令和8年度.xlsx"]);

    // The workbook's links open the files on the share; 取込エラー names
    // them there too.
    let workbook = dir.path().join("out/全庁目標一覧_令和8年度.xlsx");
    let file = std::fs::File::open(&workbook).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut rels = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/_rels/sheet2.xml.rels").unwrap(),
        &mut rels,
    )
    .unwrap();
    assert!(
        rels.contains(
            r#"Target="file:///\\fileserver\目標管理\令和8年度重点目標管理シート_企画部.xlsx""#
        ),
        "{rels}"
    );
    assert!(!rels.contains(&dir.path().display().to_string()), "{rels}");
    let problems = sheet(&workbook, "取込エラー");
    let file = column_of(&problems, "ファイル");
    assert!(
        problems
            .rows()
            .skip(1)
            .all(|r| r[file].to_string().starts_with(r"\\fileserver\目標管理\")),
        "{problems:?}"
    );
}

/// The value of attribute `name` in the tag that starts at `from`.
fn attribute<'p>(page: &'p str, from: usize, name: &str) -> Option<&'p str> {
    let tag = &page[from..from + page[from..].find('>')?];
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

#[test]
fn the_page_beside_the_workbook_has_a_card_per_department_with_the_counts_of_the_json() {
    let (dir, _share, config) = sample();
    let out = run(&config, &["consolidate", "--today", DAY]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out_dir = dir.path().join("out");
    let page = std::fs::read_to_string(out_dir.join("全庁目標一覧_令和8年度.html")).unwrap();
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("全庁目標一覧_令和8年度.json")).unwrap(),
    )
    .unwrap();
    let departments = json["overview"]["departments"].as_array().unwrap();
    let cards: Vec<usize> = page
        .match_indices("<div class=\"card\"")
        .map(|(at, _)| at)
        .collect();
    assert_eq!(cards.len(), departments.len());
    assert!(departments.len() >= 3, "{departments:?}");
    for (&at, dept) in cards.iter().zip(departments) {
        let name = dept["department"].as_str().unwrap();
        assert_eq!(attribute(&page, at, "data-department"), Some(name));
        let figure = |attr: &str| attribute(&page, at, attr).unwrap().parse::<u64>().unwrap();
        let json = |key: &str| dept[key].as_u64().unwrap();
        let asked = |report: &str| {
            ["submitted", "not_submitted", "late"]
                .iter()
                .map(|k| dept[report][k].as_u64().unwrap())
                .sum::<u64>()
        };
        assert_eq!(figure("data-goals"), json("goals"), "{name}");
        assert_eq!(figure("data-items"), json("items"), "{name}");
        assert_eq!(figure("data-overdue"), json("overdue"), "{name}");
        for (report, attr) in [("interim", "interim"), ("year_end", "year-end")] {
            let of = |k: &str| dept[report][k].as_u64().unwrap();
            assert_eq!(figure(&format!("data-{attr}-submitted")), of("submitted"));
            assert_eq!(figure(&format!("data-{attr}-late")), of("late"));
            assert_eq!(figure(&format!("data-{attr}-asked")), asked(report));
        }
    }
    // Every item, once, with its status word.
    let items = json["items"].as_array().unwrap();
    assert_eq!(page.matches("<tr data-status=").count(), items.len());
    // The nine late interim reports of the day, each with the cell to fill.
    assert_eq!(
        page.matches("<td class=\"w\">中間報告</td><td class=\"w status red\">提出遅れ</td>")
            .count(),
        9
    );
    assert!(!page.contains("http://") && !page.contains("https://"));

    // The publish CSV: one row per item, in UTF-8 with a byte order mark.
    let csv = std::fs::read(out_dir.join("全庁目標一覧_令和8年度_公表.csv")).unwrap();
    let csv = std::str::from_utf8(&csv).unwrap();
    let csv = csv.strip_prefix('\u{FEFF}').expect("a byte order mark");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "年度",
            "部局",
            "担当課",
            "目標",
            "取組",
            "期限",
            "中間報告",
            "期末報告",
            "達成度",
            "状態"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), items.len());
    for (row, item) in rows.iter().zip(items) {
        assert_eq!(&row[1], item["department"].as_str().unwrap());
        let status = item["status"]["label"].as_str().unwrap_or("");
        assert_eq!(&row[9], status);
    }

    // Turned off, no page and no CSV; the workbook is still written.
    std::fs::remove_dir_all(&out_dir).unwrap();
    let mut command = mokuhyo();
    command
        .env("MOKUHYO__OUTPUT__HTML", "false")
        .env("MOKUHYO__OUTPUT__PUBLISH_CSV", "false");
    let out = run_with(command, &config, &["consolidate", "--today", DAY]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out_dir.join("全庁目標一覧_令和8年度.xlsx").exists());
    assert!(!out_dir.join("全庁目標一覧_令和8年度.html").exists());
    assert!(!out_dir.join("全庁目標一覧_令和8年度_公表.csv").exists());

    // A column left out, by the configuration.
    std::fs::remove_dir_all(&out_dir).unwrap();
    let mut command = mokuhyo();
    command.env("MOKUHYO__OUTPUT__PUBLISH__OWNERS", "false");
    let out = run_with(command, &config, &["consolidate", "--today", DAY]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(out_dir.join("全庁目標一覧_令和8年度_公表.csv")).unwrap();
    assert!(
        csv.starts_with("\u{FEFF}年度,部局,目標,取組,"),
        "{}",
        &csv[..80]
    );
}
