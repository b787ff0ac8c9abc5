//! The recipient roster with the real binary: a roster workbook that
//! switches on 2027-04-01 (市民生活部 renamed 市民部, the old name an alias;
//! 建設部 changes address; 道路課 has no address and uses 建設部's), read by
//! `roster check`, previewed by `remind --dry-run`, delivered to a real SMTP
//! server on loopback, broken by a later save (the last good one stays in
//! force, the problem named with its cell), and picked up by the daemon.
//!
//! The year-end report of 令和8年度 is due 2027-04-05 here, with reminders
//! five and four days before: on 2027-03-31 and on 2027-04-01.

use std::path::{Path, PathBuf};

use crate::common::harness::{Daemon, fy2026, problems_of, run, status, text, wait_until};
use crate::common::smtp;
use crate::common::write_config;
use mokuhyo_core::roster::parse::Column;

const PLANNING: &str = "kikakuka@city.example.jp";

/// A roster cell: text, or a date cell.
enum C {
    T(&'static str),
    D(i32, u32, u32),
    E,
}

/// The roster before and after the April switch (sheet 名簿, title on
/// row 1, headers on row 2, the first entry on row 3).
fn april_rows() -> Vec<[C; 7]> {
    use C::*;
    vec![
        [
            T("総務部"),
            T("総務部総務課"),
            T("somu@city.example.jp"),
            E,
            E,
            E,
            E,
        ],
        [
            T("市民生活部"),
            E,
            T("shimin@city.example.jp"),
            E,
            E,
            T("令和9年3月31日"),
            E,
        ],
        [
            T("市民部"),
            T("市民生活部、市民課"),
            T("shimin-new@city.example.jp"),
            T("shimin-kacho@city.example.jp"),
            D(2027, 4, 1),
            E,
            E,
        ],
        [
            T("建設部"),
            E,
            T("kensetsu@city.example.jp"),
            E,
            E,
            T("2027/3/31"),
            E,
        ],
        [
            T("建設部"),
            E,
            T("kensetsu-new@city.example.jp"),
            E,
            T("R9.4.1"),
            E,
            E,
        ],
        [T("道路課"), E, E, E, E, E, T("建設部")],
    ]
}

/// Writes the roster as a person would in Excel: a title line, headers,
/// date cells and text dates; saved beside and renamed into place.
fn write_roster(path: &Path, rows: &[[C; 7]]) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("名簿").unwrap();
    sheet.write_string(0, 0, "宛先名簿（企画課管理）").unwrap();
    for (c, column) in Column::ALL.iter().enumerate() {
        sheet.write_string(1, c as u16, column.heading()).unwrap();
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 2, c as u16);
            match cell {
                C::T(t) => {
                    sheet.write_string(r, c, *t).unwrap();
                }
                C::D(y, m, d) => {
                    let when = ExcelDateTime::from_ymd(*y as u16, *m as u8, *d as u8).unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &when, &date)
                        .unwrap();
                }
                C::E => {}
            }
        }
    }
    let temp = path.with_extension("tmp");
    workbook.save(&temp).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

/// A temp dir with the 総務部, 市民生活部 and 建設部 workbooks (建設部's sheets
/// relabelled as kept by 道路課), the roster at `roster.xlsx` beside the
/// share, and a configuration whose TOML still names 市民生活部's old address.
fn scenario(mail: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    for department in ["総務部", "市民生活部"] {
        std::fs::copy(fy2026(department), share.join(format!("{department}.xlsx"))).unwrap();
    }
    crate::common::harness::edit_workbook(
        &fy2026("建設部"),
        &share.join("道路.xlsx"),
        |_, xml| xml.replace("建設部", "道路課"),
    );
    let roster = dir.path().join("roster.xlsx");
    write_roster(&roster, &april_rows());
    let config = write_config(
        dir.path(),
        &share,
        &format!(
            "[roster]\npath = {roster:?}\n[reminders]\nbefore_days = [5, 4]\n[reminders.overrides.2026]\ninterim = \"2026-10-30\"\nyear_end = \"2027-04-05\"\n[digest]\nenabled = true\nattach_consolidated = false\n[[departments]]\nname = \"市民生活部\"\nto = [\"toml-shimin@city.example.jp\"]\n",
            roster = roster.display().to_string()
        ),
    );
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "[mail]\n",
        &format!("[mail]\nfrom = \"mokuhyo@city.example.jp\"\nplanning = [\"{PLANNING}\"]\n"),
    ) + mail;
    std::fs::write(&config, text).unwrap();
    (dir, config, roster)
}

/// The `=== key` block of a dry run.
fn block<'a>(shown: &'a str, key: &str) -> &'a str {
    let start = shown
        .find(&format!("=== {key}\n"))
        .unwrap_or_else(|| panic!("no mail {key} in:\n{shown}"));
    let rest = &shown[start..];
    let end = rest[4..].find("\n=== ").map_or(rest.len(), |e| e + 4);
    &rest[..end]
}

#[test]
fn roster_check_shows_each_side_of_the_april_switch() {
    let (_dir, config, _) = scenario("");
    let march = run(&config, &["roster", "check", "--on", "2027-03-31"]);
    let shown = text(&march.stdout);
    assert!(march.status.success(), "{shown}{}", text(&march.stderr));
    assert!(
        shown.contains("市民生活部  To shimin@city.example.jp  [名簿!A4]"),
        "{shown}"
    );
    assert!(
        shown.contains("To kensetsu@city.example.jp (via 建設部)"),
        "{shown}"
    );
    assert!(
        !shown.contains("toml-shimin"),
        "the roster overrides the TOML section:\n{shown}"
    );
    assert!(shown.contains("next switch: 2027-04-01"), "{shown}");
    assert!(
        shown.contains(
            "+ 部局  市民部  To shimin-new@city.example.jp; CC shimin-kacho@city.example.jp"
        ),
        "{shown}"
    );
    assert!(shown.contains("- 市民生活部"), "{shown}");
    assert!(
        shown.contains("~ 建設部: To kensetsu@city.example.jp → To kensetsu-new@city.example.jp"),
        "{shown}"
    );

    let april = text(&run(&config, &["roster", "check", "--on", "2027-04-01"]).stdout);
    assert!(
        april.contains("市民部  To shimin-new@city.example.jp"),
        "{april}"
    );
    assert!(
        april.contains("道路課  To kensetsu-new@city.example.jp (via 建設部)"),
        "{april}"
    );
    assert!(!april.contains("shimin@city.example.jp"), "{april}");
    assert!(april.contains("no switch after 2027-04-01"), "{april}");
}

#[test]
fn remind_dry_run_previews_the_switch() {
    let (_dir, config, _) = scenario("");
    let march = text(&run(&config, &["remind", "--dry-run", "--today", "2027-03-31"]).stdout);
    let shimin = block(&march, "2026/year_end/市民生活部/before-5");
    assert!(shimin.contains("To: shimin@city.example.jp\n"), "{shimin}");
    let road = block(&march, "2026/year_end/道路課/before-5");
    assert!(road.contains("To: kensetsu@city.example.jp\n"), "{road}");
    assert!(
        road.contains("no address of its own: sent to 建設部's"),
        "{road}"
    );

    let april = text(&run(&config, &["remind", "--dry-run", "--today", "2027-04-01"]).stdout);
    // The workbook still says 市民生活部: the alias reaches 市民部.
    let shimin = block(&april, "2026/year_end/市民部/before-4");
    assert!(
        shimin.contains("To: shimin-new@city.example.jp\n"),
        "{shimin}"
    );
    assert!(
        shimin.contains("Cc: shimin-kacho@city.example.jp\n"),
        "{shimin}"
    );
    assert!(!april.contains("=== 2026/year_end/市民生活部/"), "{april}");
    let road = block(&april, "2026/year_end/道路課/before-4");
    assert!(
        road.contains("To: kensetsu-new@city.example.jp\n"),
        "{road}"
    );
    assert!(april.contains("recipient roster: "), "{april}");
}

#[test]
fn reminders_reach_the_roster_addresses_of_their_day_over_smtp() {
    let (port, server) = smtp::server(None);
    let (_dir, config, _) = scenario(&format!(
        "[mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nbackoff_secs = 0\n"
    ));
    let rcpts = |from: usize| -> Vec<Vec<String>> {
        server.received()[from..]
            .iter()
            .map(|m| m.rcpt.clone())
            .collect()
    };
    let smtp_config = std::fs::read_to_string(&config)
        .unwrap()
        .replace("[mail]\n", "[mail]\ntransport = \"smtp\"\n");
    std::fs::write(&config, smtp_config).unwrap();
    let march = run(&config, &["remind", "--today", "2027-03-31"]);
    assert!(
        march.status.success(),
        "{}{}",
        text(&march.stdout),
        text(&march.stderr)
    );
    let sent_in_march = rcpts(0);
    assert!(
        sent_in_march.contains(&vec!["shimin@city.example.jp".to_string()]),
        "{sent_in_march:?}"
    );
    assert!(
        sent_in_march.contains(&vec!["kensetsu@city.example.jp".to_string()]),
        "{sent_in_march:?}"
    );
    assert!(
        !sent_in_march.concat().iter().any(|a| a.contains("-new@")),
        "{sent_in_march:?}"
    );

    let before = server.received().len();
    let april = run(&config, &["remind", "--today", "2027-04-01"]);
    assert!(
        april.status.success(),
        "{}{}",
        text(&april.stdout),
        text(&april.stderr)
    );
    let sent_in_april = rcpts(before);
    assert!(
        sent_in_april.contains(&vec![
            "shimin-new@city.example.jp".to_string(),
            "shimin-kacho@city.example.jp".to_string()
        ]),
        "{sent_in_april:?}"
    );
    assert!(
        sent_in_april.contains(&vec!["kensetsu-new@city.example.jp".to_string()]),
        "{sent_in_april:?}"
    );
    assert!(
        !sent_in_april
            .concat()
            .iter()
            .any(|a| a == "shimin@city.example.jp" || a == "kensetsu@city.example.jp"),
        "{sent_in_april:?}"
    );
    // The 道路課 notice names 道路課 and reached 建設部's new address.
    let road = server.received()[before..]
        .iter()
        .find(|m| m.rcpt == ["kensetsu-new@city.example.jp"])
        .map(|m| m.parsed().body_text(0).unwrap().to_string())
        .unwrap();
    assert!(road.contains("道路課"), "{road}");
}

#[test]
fn a_broken_roster_keeps_the_last_good_one_and_is_named_with_its_cell() {
    let (dir, config, roster) = scenario("");
    // A run reads the good roster and keeps it in the state file (on a
    // Sunday: nothing is sent; a dry run writes nothing).
    let good = run(&config, &["remind", "--today", "2027-03-28"]);
    assert!(good.status.success(), "{}", text(&good.stderr));

    // A later save breaks it: a bad address, and 道路課 under an unknown 部.
    let mut rows = april_rows();
    rows[2][2] = C::T("shimin-new@@city.example.jp");
    rows[5][6] = C::T("土木部");
    write_roster(&roster, &rows);

    let check = run(&config, &["roster", "check", "--on", "2027-04-01"]);
    let shown = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("problem: 名簿!C5: not a mail address"),
        "{shown}"
    );
    assert!(
        shown.contains("problem: 名簿!G8: unknown 上位部局 \"土木部\""),
        "{shown}"
    );
    assert!(shown.contains("the last good roster"), "{shown}");
    assert!(
        shown.contains("市民部  To shimin-new@city.example.jp"),
        "the last good roster is shown in force:\n{shown}"
    );

    let preview = text(&run(&config, &["remind", "--dry-run", "--today", "2027-04-01"]).stdout);
    let shimin = block(&preview, "2026/year_end/市民部/before-4");
    assert!(
        shimin.contains("To: shimin-new@city.example.jp\n"),
        "{shimin}"
    );
    assert!(preview.contains("名簿!C5: not a mail address"), "{preview}");
    // The planning section hears of it, in the week's digest too.
    let digest = block(&preview, "digest/planning/2027-W13");
    assert!(
        digest.contains(
            "宛先名簿: 名簿!C5: 「shimin-new@@city.example.jp」はメールアドレスではありません"
        ),
        "{digest}"
    );
    assert!(
        digest.contains("前回正しく読めた名簿（")
            && digest.contains("に読込）を引き続き使っています"),
        "{digest}"
    );

    // A real run lists it on 取込エラー with its cell, and in status.
    let sent = run(&config, &["remind", "--today", "2027-04-01"]);
    assert!(sent.status.success(), "{}", text(&sent.stderr));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/全庁目標一覧_令和8年度.json")).unwrap(),
    )
    .unwrap();
    let problems = problems_of(&json, "roster.xlsx");
    assert!(
        problems
            .iter()
            .any(|p| p["sheet"] == "名簿" && p["cell"] == "C5"),
        "{problems:?}"
    );
    let shown = status(&config);
    assert!(
        shown.contains("roster: ") && shown.contains("名簿!C5"),
        "{shown}"
    );
    assert!(shown.contains("stays in force"), "{shown}");
    let outbox: Vec<String> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        outbox
            .iter()
            .any(|m| m.contains("To: shimin-new@city.example.jp")),
        "the mail went to the last good roster's address"
    );
}

#[test]
fn the_planning_digest_and_status_list_names_without_a_recipient() {
    let (_dir, config, roster) = scenario("");
    // 総務部 leaves the roster's April: nobody receives its mail.
    let mut rows = april_rows();
    rows[0][5] = C::T("2027/3/31");
    write_roster(&roster, &rows);
    let preview = text(&run(&config, &["remind", "--dry-run", "--today", "2027-04-01"]).stdout);
    assert!(
        preview.contains("宛先なし (no recipient on 2027-04-01): 総務部"),
        "{preview}"
    );
    let digest = block(&preview, "digest/planning/2027-W13");
    assert!(
        digest.contains("宛先なし") && digest.contains("総務部（取組"),
        "{digest}"
    );
    let soumu = block(&preview, "2026/year_end/総務部/before-4");
    assert!(soumu.contains(&format!("To: {PLANNING}\n")), "{soumu}");
    run(&config, &["remind", "--today", "2027-04-01"]);
    let shown = status(&config);
    assert!(shown.contains("unaddressed: 総務部: "), "{shown}");
}

#[test]
fn the_daemon_reads_the_roster_again_when_it_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    std::fs::copy(fy2026("総務部"), share.join("総務部.xlsx")).unwrap();
    let roster = dir.path().join("roster.xlsx");
    write_roster(&roster, &april_rows());
    let daemon = Daemon::start(
        dir.path(),
        &share,
        "native",
        &format!("[roster]\npath = {:?}\n", roster.display().to_string()),
    );
    let config = daemon.config.clone();
    daemon.wait_for("the first consolidation", |json| json["sheets"].is_array());
    wait_until("status showing the roster", || {
        status(&config)
            .contains("roster.xlsx (6 rows)")
            .then_some(())
    });

    // A later save breaks it: listed with its cell, the last good one in force.
    let mut rows = april_rows();
    rows[0][2] = C::T("somu.city.example.jp");
    write_roster(&roster, &rows);
    daemon.wait_for("the roster's problem on 取込エラー", |json| {
        problems_of(json, "roster.xlsx").iter().any(|p| {
            p["cell"] == "C3"
                && p["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("not a mail address"))
        })
    });
    wait_until("status naming the cell", || {
        let shown = status(&config);
        (shown.contains("名簿!C3") && shown.contains("the last good roster")).then_some(())
    });

    // Mended, with one row more: read again, the problem gone.
    let mut rows = april_rows();
    rows.push([
        C::T("会計課"),
        C::E,
        C::T("kaikei@city.example.jp"),
        C::E,
        C::E,
        C::E,
        C::T("総務部"),
    ]);
    write_roster(&roster, &rows);
    daemon.wait_for("the problem gone", |json| {
        json["sheets"].is_array() && problems_of(json, "roster.xlsx").is_empty()
    });
    wait_until("status showing the new roster", || {
        status(&config)
            .contains("roster.xlsx (7 rows)")
            .then_some(())
    });
    assert!(daemon.terminate().success());
}

#[test]
fn roster_init_writes_a_workbook_excel_opens_cleanly_and_roster_check_reads() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir(&share).unwrap();
    let roster = dir.path().join("宛先名簿.xlsx");
    let config = write_config(
        dir.path(),
        &share,
        &format!(
            "[[departments]]\nname = \"総務部\"\naliases = [\"総務\"]\nto = [\"somu@city.example.jp\"]\n[roster]\npath = {:?}\n",
            roster.display().to_string()
        ),
    );
    let out = run(&config, &["roster", "init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    crate::common::xlsx_check::assert_well_formed(&roster);
    let out = run(&config, &["roster", "check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("somu@city.example.jp"),
        "{}",
        text(&out.stdout)
    );
}
