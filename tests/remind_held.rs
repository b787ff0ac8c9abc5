//! A table read with low confidence (低) holds its mails: `remind` sends
//! the other departments' reminders through a real SMTP server on
//! loopback and none naming its cells; `remind --dry-run` and the planning
//! digest list them as 保留（読取の確認待ち） with the file; the block
//! `check --propose` prints, added to the configuration, or a `[parse]
//! trust` pattern releases them, and they go out once.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;

use crate::common::harness::Capture;
use crate::common::{mokuhyo, smtp, write_config};

/// Items of a table: title, an explanation, a deadline, the interim report
/// (empty on rows 4, 6, 7), the 担当課.
const ROWS: [[&str; 5]; 4] = [
    [
        "道路台帳の電子化を進める",
        "台帳システムの更新に合わせて紙の台帳を電子化する",
        "2026年9月末",
        "",
        "道路課",
    ],
    [
        "橋梁点検計画の策定",
        "五年ごとの点検に向けて計画を見直す",
        "2026年12月",
        "点検計画案を作成中",
        "維持課",
    ],
    [
        "公園遊具の更新",
        "老朽化した遊具を順次更新する",
        "2027年3月",
        "",
        "公園課",
    ],
    [
        "除雪体制の見直し",
        "委託業者との体制を見直す",
        "2026年11月",
        "",
        "維持課",
    ],
];

/// A workbook of `department` whose one table has these headings.
fn workbook(path: &Path, department: &str, headings: [&str; 5]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("取組").unwrap();
    ws.write(0, 0, "令和8年度 取組表").unwrap();
    ws.write(1, 0, format!("所管：{department}")).unwrap();
    for (c, h) in headings.iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    for (r, row) in ROWS.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write(3 + r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

struct City {
    dir: tempfile::TempDir,
    share: PathBuf,
    config: PathBuf,
    server: std::sync::Arc<smtp::Shared>,
}

/// A folder with a table whose headings say nothing (read 低, 建設部) and
/// one worded as the dictionary knows (市民生活部); `parse` is added to the
/// configuration.
fn city(parse: &str) -> City {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    workbook(
        &share.join("R8_新設課_取組.xlsx"),
        "建設部",
        ["ア", "イ", "ウ", "エ", "オ"],
    );
    workbook(
        &share.join("R8_市民生活部.xlsx"),
        "市民生活部",
        ["取組項目", "取組内容", "期限", "中間報告", "担当課"],
    );
    let (port, server) = smtp::server(None);
    let extra = format!(
        "from = \"mokuhyo@city.example.jp\"\nplanning = [\"kikakuka@city.example.jp\"]\n\
         transport = \"smtp\"\ntemplates_dir = {:?}\n\
         [mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nretries = 0\n\
         [reminders.overrides.2026]\ninterim = \"2026-10-30\"\n\
         [[departments]]\nname = \"建設部\"\nto = [\"kensetsu@city.example.jp\"]\n\
         [[departments]]\nname = \"市民生活部\"\nto = [\"shimin@city.example.jp\"]\n{parse}",
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates/mail")
            .display()
            .to_string()
    );
    let config = write_config(dir.path(), &share, &extra);
    City {
        dir,
        share,
        config,
        server,
    }
}

impl City {
    fn run(&self, args: &[&str]) -> String {
        let out = mokuhyo()
            .args(args)
            .arg("--config")
            .arg(&self.config)
            .capture();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{args:?}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }

    /// The recipients and bodies of the mails received since `from`.
    fn received(&self, from: usize) -> Vec<(Vec<String>, String)> {
        self.server.received()[from..]
            .iter()
            .map(|m| {
                let body = m.parsed().body_text(0).unwrap_or_default().to_string();
                (m.rcpt.clone(), body)
            })
            .collect()
    }

    fn append_config(&self, text: &str) {
        let mut config = std::fs::read_to_string(&self.config).unwrap();
        config.push('\n');
        config.push_str(text);
        std::fs::write(&self.config, config).unwrap();
    }
}

const HELD_CELLS: [&str; 3] = ["取組!D4", "取組!D6", "取組!D7"];

/// Day one, seven days before the interim due date: the dry run lists the
/// held cells, `remind` sends 市民生活部 its reminder and nothing to 建設部.
fn first_day_holds(city: &City) {
    let dry = city.run(&["remind", "--dry-run", "--today", "2026-10-23"]);
    assert!(
        dry.contains("=== 2026/interim/市民生活部/before-7"),
        "{dry}"
    );
    assert!(!dry.contains("=== 2026/interim/建設部"), "{dry}");
    let held = dry
        .lines()
        .find(|l| l.starts_with("保留（読取の確認待ち）"))
        .unwrap_or_else(|| panic!("no held line: {dry}"));
    assert!(held.contains("建設部"), "{held}");
    assert!(held.contains("R8_新設課_取組.xlsx"), "{held}");
    assert!(held.contains("取組!A3:E7"), "{held}");
    for cell in HELD_CELLS {
        assert!(held.contains(cell), "{cell} missing: {held}");
    }

    let sent = city.run(&["remind", "--today", "2026-10-23"]);
    assert!(sent.contains("2 sent"), "{sent}");
    let mails = city.received(0);
    let rcpts: Vec<&[String]> = mails.iter().map(|(r, _)| r.as_slice()).collect();
    assert_eq!(
        rcpts,
        vec![
            &["shimin@city.example.jp".to_string()][..],
            &["kikakuka@city.example.jp".to_string()][..]
        ],
        "{mails:?}"
    );

    // `status` counts the held tables of the data kept.
    city.run(&["consolidate", "--today", "2026-10-23"]);
    let status = city.run(&["status"]);
    assert!(
        status.contains("保留（読取の確認待ち）: the department mails of 1 table(s)"),
        "{status}"
    );

    // The week's planning digest lists them, with what releases them.
    let digest = &mails[1].1;
    assert!(digest.contains("保留（読取の確認待ち）"), "{digest}");
    assert!(digest.contains("建設部あて中間報告の督促"), "{digest}");
    assert!(
        digest.contains("R8_新設課_取組.xlsx 取組!A3:E7"),
        "{digest}"
    );
    assert!(digest.contains("[parse] trust"), "{digest}");
    for cell in HELD_CELLS {
        assert!(digest.contains(cell), "{cell} missing: {digest}");
    }
}

/// Once released, the next send mails 建設部 its cells, once.
fn released_once(city: &City) {
    let dry = city.run(&["remind", "--dry-run", "--today", "2026-10-26"]);
    assert!(!dry.contains("保留（読取の確認待ち）："), "{dry}");
    let before = city.server.received().len();
    let sent = city.run(&["remind", "--today", "2026-10-26"]);
    assert!(sent.contains("sent 2026/interim/建設部/before-7"), "{sent}");
    let to_kensetsu: Vec<String> = city
        .received(before)
        .into_iter()
        .filter(|(rcpt, _)| rcpt.contains(&"kensetsu@city.example.jp".to_string()))
        .map(|(_, body)| body)
        .collect();
    assert_eq!(to_kensetsu.len(), 1, "{to_kensetsu:?}");
    for cell in HELD_CELLS {
        assert!(to_kensetsu[0].contains(cell), "{cell}: {}", to_kensetsu[0]);
    }
    assert!(!to_kensetsu[0].contains("取組!D5"), "{}", to_kensetsu[0]);
    // 市民生活部's reminder went on Friday: not again (Monday's digest
    // goes to the planning section).
    assert!(
        city.received(before)
            .iter()
            .all(|(rcpt, _)| !rcpt.contains(&"shimin@city.example.jp".to_string())),
        "{:?}",
        city.received(before)
    );
    let again = city.server.received().len();
    city.run(&["remind", "--today", "2026-10-26"]);
    assert!(
        city.received(again)
            .iter()
            .all(|(rcpt, _)| !rcpt.contains(&"kensetsu@city.example.jp".to_string())),
        "mailed twice: {:?}",
        city.received(again)
    );
}

#[test]
fn a_low_confidence_reading_holds_its_mails_until_its_layout_is_pinned() {
    let city = city("");
    first_day_holds(&city);
    let file = city.share.join("R8_新設課_取組.xlsx");
    let out = mokuhyo()
        .args(["check", "--propose"])
        .arg(&file)
        .arg("--config")
        .arg(&city.config)
        .capture();
    let block = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(block.contains("[[parse.layouts]]"), "{block}");
    city.append_config(&block);
    released_once(&city);
    drop(city.dir);
}

#[test]
fn a_low_confidence_reading_holds_its_mails_until_its_file_is_trusted() {
    let city = city("");
    first_day_holds(&city);
    city.append_config("[parse]\ntrust = [\"*新設課*\"]\n");
    released_once(&city);
}

/// The lines of 取込エラー in the consolidated workbook of 令和8年度.
fn import_errors(city: &City) -> Vec<String> {
    city.run(&["consolidate", "--today", "2026-10-23"]);
    let out = city.dir.path().join("out");
    let workbook = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .unwrap_or_else(|| panic!("no workbook in {}", out.display()));
    crate::common::xlsx_check::assert_well_formed(&workbook);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&workbook).unwrap();
    let range = calamine::Reader::worksheet_range(&mut book, "取込エラー").unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

#[test]
fn import_errors_name_the_held_file_and_what_releases_it() {
    let city = city("");
    let lines = import_errors(&city);
    let held: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("保留（読取の確認待ち）"))
        .collect();
    assert_eq!(held.len(), 1, "{lines:#?}");
    for words in [
        "R8_新設課_取組.xlsx",
        "取組!A3:E7",
        "check --propose",
        "[parse] trust",
    ] {
        assert!(held[0].contains(words), "{words} missing: {}", held[0]);
    }
    city.append_config("[parse]\ntrust = [\"*新設課*\"]\n");
    let lines = import_errors(&city);
    assert!(
        lines.iter().all(|l| !l.contains("保留（読取の確認待ち）")),
        "{lines:#?}"
    );
}
