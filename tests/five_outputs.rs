//! One folder, four days, five outputs: the bundled sample folder read on a
//! day before the interim due date, one after it, one before the year-end
//! due date and one after it. On each day the consolidated workbook (read
//! back with calamine: 概要, 全庁一覧, 未提出), its JSON, the planning digest
//! and the department mails of `remind --dry-run`, and `status` (its text
//! and its JSON) give every department the same counts under the same
//! status words: 提出済, 未提出, 提出遅れ, 記入欄なし, 欄なし per report, 期限超過
//! and 報告待ち per item.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

use crate::common::harness::{run_with, sample_folder, text};
use crate::common::{mokuhyo, write_config};

/// The dates of the fiscal year 2026 (as the shipped configuration's
/// override), the planning section's address (the digest goes there) and
/// every department of the sample with an address.
const CONFIG: &str = r#"planning = ["kikakuka@city.example.jp"]
[reminders.overrides.2026]
interim = "2026-10-30"
year_end = "2027-04-30"
[[departments]]
name = "総務部"
to = ["somu@city.example.jp"]
[[departments]]
name = "企画部"
to = ["kikaku@city.example.jp"]
[[departments]]
name = "市民生活部"
to = ["shimin@city.example.jp"]
[[departments]]
name = "健康福祉部"
to = ["fukushi@city.example.jp"]
[[departments]]
name = "建設部"
to = ["kensetsu@city.example.jp"]
[[departments]]
name = "教育部"
to = ["kyoiku@city.example.jp"]
"#;

/// The four days, each a day of the week of a digest and of department
/// mails: 7 days before the interim due date, a day of overdue notices
/// after it, 7 days before the year-end due date, a day of overdue notices
/// after it.
const DAYS: [Day; 4] = [
    Day::BeforeInterim,
    Day::AfterInterim,
    Day::BeforeYearEnd,
    Day::AfterYearEnd,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Day {
    BeforeInterim,
    AfterInterim,
    BeforeYearEnd,
    AfterYearEnd,
}

impl Day {
    fn date(self) -> &'static str {
        match self {
            Day::BeforeInterim => "2026-10-23",
            Day::AfterInterim => "2026-11-09",
            Day::BeforeYearEnd => "2027-04-23",
            Day::AfterYearEnd => "2027-05-10",
        }
    }
}

/// The reports of one kind (中間報告 or 期末報告) of a department, by 提出状況.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Reports {
    submitted: u64,
    not_submitted: u64,
    late: u64,
    no_cell: u64,
    not_in_layout: u64,
}

impl Reports {
    /// The count a status word names; any other word fails the test.
    fn of(&mut self, word: &str) -> &mut u64 {
        match word {
            "提出済" => &mut self.submitted,
            "未提出" => &mut self.not_submitted,
            "提出遅れ" => &mut self.late,
            "記入欄なし" => &mut self.no_cell,
            "欄なし" => &mut self.not_in_layout,
            other => panic!("not a status word of a report: {other:?}"),
        }
    }

    fn from_json(value: &serde_json::Value) -> Reports {
        let n = |key: &str| {
            value[key]
                .as_u64()
                .unwrap_or_else(|| panic!("{key} in {value}"))
        };
        Reports {
            submitted: n("submitted"),
            not_submitted: n("not_submitted"),
            late: n("late"),
            no_cell: n("no_cell"),
            not_in_layout: n("not_in_layout"),
        }
    }
}

/// A department's counts in one output.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Tally {
    items: u64,
    overdue: u64,
    awaiting: u64,
    interim: Reports,
    year_end: Reports,
}

impl Tally {
    fn report(&mut self, name: &str) -> &mut Reports {
        match name {
            "中間報告" | "interim" => &mut self.interim,
            "期末報告" | "year_end" => &mut self.year_end,
            other => panic!("not a report: {other:?}"),
        }
    }

    /// The count an item's 状態 names: only the two the counts hold.
    fn item_status(&mut self, word: &str) -> Option<&mut u64> {
        match word {
            "期限超過" => Some(&mut self.overdue),
            "報告待ち" => Some(&mut self.awaiting),
            _ => None,
        }
    }

    fn from_json(value: &serde_json::Value) -> Tally {
        let n = |key: &str| {
            value[key]
                .as_u64()
                .unwrap_or_else(|| panic!("{key} in {value}"))
        };
        Tally {
            items: n("items"),
            overdue: n("overdue"),
            awaiting: n("awaiting_report"),
            interim: Reports::from_json(&value["interim"]),
            year_end: Reports::from_json(&value["year_end"]),
        }
    }
}

/// Every department's counts in one output, by name.
type Tallies = BTreeMap<String, Tally>;

fn number(text: &str) -> u64 {
    text.trim()
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {text:?}"))
}

fn japanese() -> std::process::Command {
    let mut command = mokuhyo();
    command.env("MOKUHYO__UI__LANGUAGE", "ja");
    command
}

// ---------------------------------------------------------------- workbook

fn cell_text(cell: Option<&Data>) -> String {
    cell.map(|c| c.to_string()).unwrap_or_default()
}

fn cell_count(cell: Option<&Data>) -> u64 {
    match cell {
        Some(Data::Float(f)) => *f as u64,
        Some(Data::Int(i)) => *i as u64,
        other => panic!("not a count: {other:?}"),
    }
}

/// The row holding `first` in column A and its headers, by name.
fn header_row(range: &Range<Data>, first: &str, also: &str) -> (usize, BTreeMap<String, usize>) {
    let (row, cells) = range
        .rows()
        .enumerate()
        .find(|(_, r)| cell_text(r.first()) == first && r.iter().any(|c| *c == also))
        .unwrap_or_else(|| panic!("no header row {first} … {also}"));
    let columns = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (c.to_string(), i))
        .collect();
    (row, columns)
}

/// The workbook's counts: 概要's table gives the items, the submitted
/// reports, 期限超過 and 報告待ち; 未提出 gives each empty report's 提出状況;
/// 全庁一覧 gives each item's 状態 and the reports without a cell or column.
/// Where two sheets show one figure, they must agree.
fn workbook_tallies(path: &Path) -> Tallies {
    crate::common::xlsx_check::assert_well_formed(path);
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let overview = book.worksheet_range("概要").unwrap();
    let list = book.worksheet_range("全庁一覧").unwrap();
    let missing = book.worksheet_range("未提出").unwrap();

    let mut tallies = Tallies::new();
    // 全庁一覧: one row per item.
    let (header, col) = header_row(&list, "部局", "状態");
    for row in list.rows().skip(header + 1) {
        let department = cell_text(row.first());
        if department.is_empty() {
            continue;
        }
        let tally = tallies.entry(department).or_default();
        tally.items += 1;
        if let Some(count) = tally.item_status(&cell_text(row.get(col["状態"]))) {
            *count += 1;
        }
        for report in ["中間報告", "期末報告"] {
            let shown = cell_text(row.get(col[report]));
            if let Some(word) = shown.strip_prefix('（').and_then(|w| w.strip_suffix('）')) {
                *tally.report(report).of(word) += 1;
            }
        }
    }
    // 未提出: the late reports of every passed due date and the empty ones
    // of the next (a section each), one row per report with its 提出状況.
    let (header, col) = header_row(&missing, "報告", "提出状況");
    let mut listed = Tallies::new();
    let mut open_sections = Vec::new();
    for row in missing.rows().skip(header + 1) {
        let report = cell_text(row.first());
        if report != "中間報告" && report != "期末報告" {
            // A heading: `期末報告 未提出 63件（提出期限 …）` opens a section.
            for name in ["中間報告", "期末報告"] {
                if report.starts_with(&format!("{name} 未提出 ")) {
                    open_sections.push(name);
                }
            }
            continue;
        }
        let department = cell_text(row.get(col["部局"]));
        let word = cell_text(row.get(col["提出状況"]));
        let tally = listed.entry(department).or_default();
        *tally.report(&report).of(&word) += 1;
    }
    // 概要: the department table up to 合計. Its 対象 less 提出 and the late
    // ones on 未提出 are the reports 未提出, which 未提出 lists only for the
    // next due date.
    let (header, col) = header_row(&overview, "部局", "取組数");
    for row in overview.rows().skip(header + 1) {
        let department = cell_text(row.first());
        if department == "合計" || department.is_empty() {
            break;
        }
        let count = |name: &str| cell_count(row.get(col[name]));
        let listed = listed.remove(&department).unwrap_or_default();
        let tally = tallies.entry(department.clone()).or_default();
        assert_eq!(
            count("取組数"),
            tally.items,
            "概要 and 全庁一覧: {department}'s items"
        );
        assert_eq!(
            count("期限超過"),
            tally.overdue,
            "概要 and 全庁一覧: {department}'s 期限超過"
        );
        assert_eq!(
            count("報告待ち"),
            tally.awaiting,
            "概要 and 全庁一覧: {department}'s 報告待ち"
        );
        for (name, listed) in [
            ("中間報告", &listed.interim),
            ("期末報告", &listed.year_end),
        ] {
            let report = tally.report(name);
            report.submitted = count(&format!("{name}\n提出"));
            report.late = listed.late;
            report.not_submitted = count(&format!("{name}\n対象"))
                .checked_sub(report.submitted + report.late)
                .unwrap_or_else(|| panic!("概要 and 未提出: {department}'s {name} 対象"));
            if open_sections.contains(&name) {
                assert_eq!(
                    listed.not_submitted, report.not_submitted,
                    "概要 and 未提出: {department}'s {name} 未提出"
                );
            } else {
                assert_eq!(
                    listed.not_submitted, 0,
                    "未提出: {department}'s {name} outside a section of its own"
                );
            }
        }
        assert_eq!(
            count("提出遅れ"),
            tally.interim.late + tally.year_end.late,
            "概要 and 未提出: {department}'s 提出遅れ"
        );
    }
    assert!(
        listed.is_empty(),
        "未提出 lists departments 概要 does not: {listed:?}"
    );
    tallies
}

// ---------------------------------------------------------------- JSON

/// The JSON's counts per department (`overview.departments`), checked
/// against its items' own words (`items[].status`, `…interim.status_label`).
fn json_tallies(path: &Path) -> Tallies {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let counted: Tallies = json["overview"]["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["department"].as_str().unwrap().to_string(),
                Tally::from_json(d),
            )
        })
        .collect();
    let mut from_items = Tallies::new();
    for item in json["items"].as_array().unwrap() {
        let tally = from_items
            .entry(item["department"].as_str().unwrap().to_string())
            .or_default();
        tally.items += 1;
        // An item without a date has no 状態 (null).
        let word = item["status"]["label"].as_str().unwrap_or_default();
        if let Some(count) = tally.item_status(word) {
            *count += 1;
        }
        for report in ["interim", "year_end"] {
            let word = item[report]["status_label"].as_str().unwrap();
            *tally.report(report).of(word) += 1;
        }
    }
    assert_eq!(
        counted, from_items,
        "the JSON's counts and its items' words"
    );
    counted
}

// ---------------------------------------------------------------- status

/// `status --json`'s counts of the fiscal year 2026, on `day` by the clock.
fn status_json_tallies(json: &serde_json::Value, day: Day) -> Tallies {
    let year = json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["fiscal_year"] == 2026)
        .unwrap_or_else(|| panic!("no fiscal year 2026 in {}", json["reports"]));
    assert_eq!(year["as_of"], day.date());
    year["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["department"].as_str().unwrap().to_string(),
                Tally::from_json(d),
            )
        })
        .collect()
}

/// `status`'s lines of the fiscal year 2026:
/// `    - 市民生活部：取組 12 件、期限超過 2 件、報告待ち 2 件。中間報告 提出済 7、提出遅れ 5、期末報告 未提出 12`.
fn status_text_tallies(printed: &str) -> Tallies {
    let mut tallies = Tallies::new();
    let mut in_year = false;
    for line in printed.lines() {
        if line.starts_with("  ") && !line.starts_with("   ") {
            in_year = line.trim_start().starts_with("令和8年度：");
            continue;
        }
        let Some(line) = line.strip_prefix("    - ").filter(|_| in_year) else {
            continue;
        };
        let (department, rest) = line.split_once('：').unwrap();
        let (items, reports) = rest.split_once('。').unwrap();
        let mut tally = Tally::default();
        for part in items.split('、') {
            let (word, count) = part.trim_end_matches(" 件").rsplit_once(' ').unwrap();
            match word {
                "取組" => tally.items = number(count),
                other => *tally.item_status(other).unwrap() = number(count),
            }
        }
        let mut report = "";
        for part in reports.split('、') {
            let mut words: Vec<&str> = part.split(' ').collect();
            if words.len() == 3 {
                report = words.remove(0);
            }
            *tally.report(report).of(words[0]) = number(words[1]);
        }
        tallies.insert(department.to_string(), tally);
    }
    tallies
}

// ---------------------------------------------------------------- remind --dry-run

/// The blocks of `remind --dry-run`: each mail's key and its text.
fn mails(printed: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in printed.lines() {
        if let Some(key) = line.strip_prefix("=== ") {
            out.push((key.to_string(), String::new()));
        } else if let Some((_, text)) = out.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    out
}

/// The planning digest's lines of the fiscal year 2026:
/// `令和8年度 市民生活部（ファイル 1 件、取組 12 件、期限超過 2 件、報告待ち 2 件）`
/// then `   中間報告: 提出済 7 / 提出遅れ 5（提出期限 …）` and the 期末報告's.
fn digest_tallies(digest: &str) -> Tallies {
    let mut tallies = Tallies::new();
    let mut current: Option<String> = None;
    for line in digest.lines() {
        if let Some(rest) = line.strip_prefix("令和8年度 ") {
            let (department, counts) = rest.split_once('（').unwrap();
            let tally = tallies.entry(department.to_string()).or_default();
            for part in counts.trim_end_matches('）').split('、') {
                let (word, count) = part.trim_end_matches(" 件").rsplit_once(' ').unwrap();
                match word {
                    "取組" => tally.items = number(count),
                    "ファイル" => {}
                    other => *tally.item_status(other).unwrap() = number(count),
                }
            }
            current = Some(department.to_string());
            continue;
        }
        let Some(department) = &current else { continue };
        let Some((report, counts)) = line.trim_start().split_once(": ") else {
            current = None;
            continue;
        };
        if report != "中間報告" && report != "期末報告" || !line.starts_with("   ") {
            current = None;
            continue;
        }
        let tally = tallies.get_mut(department).unwrap();
        let counts = counts.split('（').next().unwrap();
        for part in counts.split(" / ") {
            let (word, count) = part.rsplit_once(' ').unwrap();
            *tally.report(report).of(word) = number(count);
        }
    }
    tallies
}

/// Each department mail of the day (`2026/interim/建設部/overdue-…`):
/// the department, the report and the count its reason gives
/// (`空欄の中間報告欄 4 件`), checked against `tallies`: a notice after the
/// due date counts the 提出遅れ and says so in its subject, a reminder
/// before it the 未提出; every department with such reports has its mail.
fn check_department_mails(all: &[(String, String)], tallies: &Tallies, day: Day) {
    let (report_key, report, after) = match day {
        Day::BeforeInterim => ("interim", "中間報告", false),
        Day::AfterInterim => ("interim", "中間報告", true),
        Day::BeforeYearEnd => ("year_end", "期末報告", false),
        Day::AfterYearEnd => ("year_end", "期末報告", true),
    };
    let mut mailed = BTreeMap::new();
    for (key, text) in all.iter().filter(|(key, _)| key.starts_with("2026/")) {
        let parts: Vec<&str> = key.split('/').collect();
        assert_eq!(parts[1], report_key, "{key}: the report of the day");
        assert_eq!(parts[3].starts_with("overdue-"), after, "{key}");
        let reason = text.lines().next().unwrap();
        let count = reason
            .split_once(&format!("空欄の{report}欄 "))
            .and_then(|(_, rest)| rest.split_once(" 件"))
            .map(|(n, _)| number(n))
            .unwrap_or_else(|| panic!("{key}: {reason}"));
        let subject = text.lines().find(|l| l.starts_with("件名：")).unwrap();
        if after {
            assert!(
                subject.contains(&format!("{report} 提出遅れ")),
                "{key}: {subject}"
            );
        }
        mailed.insert(parts[2].to_string(), count);
    }
    let expected: BTreeMap<String, u64> = tallies
        .iter()
        .filter(|(department, _)| department.as_str() != "部局不明")
        .map(|(department, t)| {
            let reports = if report_key == "interim" {
                &t.interim
            } else {
                &t.year_end
            };
            let count = if after {
                reports.late
            } else {
                reports.not_submitted
            };
            (department.clone(), count)
        })
        .filter(|(_, count)| *count > 0)
        .collect();
    assert_eq!(
        mailed, expected,
        "{day:?}: the department mails and the counts"
    );
}

#[test]
fn the_workbook_its_json_the_digest_the_dry_run_and_status_agree_on_four_days() {
    let (dir, share) = sample_folder();
    let config = write_config(dir.path(), &share, CONFIG);
    let workbook = dir.path().join("out/全庁目標一覧_令和8年度.xlsx");
    let json = dir.path().join("out/全庁目標一覧_令和8年度.json");
    for day in DAYS {
        let date = day.date();
        let out = run_with(japanese(), &config, &["consolidate", "--today", date]);
        assert!(out.status.success(), "{date}: {}", text(&out.stderr));
        let from_workbook = workbook_tallies(&workbook);
        let from_json = json_tallies(&json);

        let out = run_with(
            japanese(),
            &config,
            &["remind", "--dry-run", "--today", date],
        );
        assert!(out.status.success(), "{date}: {}", text(&out.stderr));
        let all = mails(&text(&out.stdout));
        let digest = all
            .iter()
            .find(|(key, _)| key.starts_with("digest/planning/"))
            .unwrap_or_else(|| panic!("{date}: no planning digest"));
        let from_digest = digest_tallies(&digest.1);

        let mut at_noon = japanese();
        at_noon.env("MOKUHYO_TEST_CLOCK", format!("{date}T12:00:00+09:00"));
        let out = run_with(at_noon, &config, &["status"]);
        let from_status = status_text_tallies(&text(&out.stdout));
        let mut at_noon = japanese();
        at_noon.env("MOKUHYO_TEST_CLOCK", format!("{date}T12:00:00+09:00"));
        let out = run_with(at_noon, &config, &["status", "--json"]);
        let status: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{date}: status --json: {e}: {}", text(&out.stderr)));
        let from_status_json = status_json_tallies(&status, day);

        assert_eq!(
            from_workbook.len(),
            7,
            "{date}: the sample's departments: {from_workbook:?}"
        );
        for (name, other) in [
            ("the JSON", &from_json),
            ("the planning digest", &from_digest),
            ("status", &from_status),
            ("status --json", &from_status_json),
        ] {
            assert_eq!(&from_workbook, other, "{date}: the workbook and {name}");
        }
        check_department_mails(&all, &from_workbook, day);

        // What the day is: the counts move as the dates pass.
        let total = |f: &dyn Fn(&Tally) -> u64| from_workbook.values().map(f).sum::<u64>();
        let (interim_late, interim_open) = (
            total(&|t| t.interim.late),
            total(&|t| t.interim.not_submitted),
        );
        let (year_end_late, year_end_open) = (
            total(&|t| t.year_end.late),
            total(&|t| t.year_end.not_submitted),
        );
        let (overdue, awaiting) = (total(&|t| t.overdue), total(&|t| t.awaiting));
        match day {
            Day::BeforeInterim => assert!(interim_late == 0 && interim_open > 0, "{date}"),
            Day::AfterInterim => assert!(interim_late > 0 && interim_open == 0, "{date}"),
            Day::BeforeYearEnd => {
                assert!(
                    year_end_late == 0 && year_end_open > 0 && awaiting > overdue,
                    "{date}"
                )
            }
            Day::AfterYearEnd => {
                assert!(
                    year_end_late > 0 && year_end_open == 0 && awaiting == 0,
                    "{date}"
                )
            }
        }
    }
}
