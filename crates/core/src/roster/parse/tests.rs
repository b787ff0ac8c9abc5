use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use rstest::rstest;

use super::*;
use crate::grid::{CellValue, Grid};
use crate::remind::RemindConfig;
use crate::remind::config::RecipientConfig;
use crate::remind::plan::fixtures::{addresses, d, to_of, written};
use crate::roster::*;

fn t(s: &str) -> CellValue {
    if s.is_empty() {
        CellValue::Empty
    } else {
        CellValue::Text(s.to_string())
    }
}

/// A sheet `名簿` with a title line, the header row on row 3, and `rows`.
fn sheet(rows: &[[&str; 7]]) -> Grid {
    let mut all = vec![vec![t("宛先名簿（令和8年度）")], Vec::new()];
    all.push(Column::ALL.iter().map(|c| t(c.heading())).collect());
    all.extend(rows.iter().map(|r| r.iter().map(|c| t(c)).collect()));
    Grid::from_rows("名簿", all)
}

fn parse(rows: &[[&str; 7]]) -> Result<Roster, Vec<RosterProblem>> {
    parse_roster(
        Path::new("roster.xlsx"),
        &[sheet(rows)],
        &RosterHeaders::default(),
        &["企画部".to_string()],
    )
}

/// The April reorganisation: 市民生活部 becomes 市民部 on 2027-04-01 (the
/// old name an alias), 総務部 changes address, 財政課 has no address.
const APRIL: [[&str; 7]; 5] = [
    [
        "総務部",
        "総務部総務課",
        "soumu-old@city.example.jp",
        "",
        "",
        "2027/3/31",
        "",
    ],
    [
        "総務部",
        "総務部総務課",
        "soumu@city.example.jp",
        "hisho@city.example.jp",
        "令和9年4月1日",
        "",
        "",
    ],
    [
        "市民生活部",
        "",
        "shimin@city.example.jp",
        "",
        "",
        "R9.3.31",
        "",
    ],
    [
        "市民部",
        "市民生活部、市民課",
        "shimin-new@city.example.jp",
        "",
        "2027-04-01",
        "",
        "",
    ],
    ["財政課", "", "", "", "", "", "総務部"],
];

#[test]
fn the_april_switch_changes_addresses_names_and_aliases() {
    let roster = parse(&APRIL).unwrap();
    assert_eq!(roster.entries.len(), 5);
    assert_eq!(roster.entries[0].cell.to_string(), "名簿!A4");
    let cfg = RemindConfig::default();
    let march = roster.recipients_on(&cfg, d(2027, 3, 31));
    let april = roster.recipients_on(&cfg, d(2027, 4, 1));
    assert_eq!(
        to_of(&march, "総務部"),
        Some(vec!["soumu-old@city.example.jp".into()])
    );
    assert_eq!(
        to_of(&april, "総務部"),
        Some(vec!["soumu@city.example.jp".into()])
    );
    assert_eq!(
        to_of(&march, "市民生活部"),
        Some(vec!["shimin@city.example.jp".into()])
    );
    // The old name reaches the new department through its alias.
    assert_eq!(
        to_of(&april, "市民生活部"),
        Some(vec!["shimin-new@city.example.jp".into()])
    );
    assert_eq!(
        april
            .departments
            .iter()
            .find(|r| r.matches("市民生活部"))
            .unwrap()
            .name,
        "市民部"
    );
    // 財政課 has no address: its 部's is used, whichever is in force.
    assert_eq!(
        to_of(&march, "財政課"),
        Some(vec!["soumu-old@city.example.jp".into()])
    );
    assert_eq!(
        to_of(&april, "財政課"),
        Some(vec!["soumu@city.example.jp".into()])
    );
    assert_eq!(roster.next_switch(d(2026, 5, 1)), Some(d(2027, 4, 1)));
    assert_eq!(roster.next_switch(d(2027, 4, 1)), None);
}

#[test]
fn switches_name_what_starts_stops_and_changes() {
    let roster = parse(&APRIL).unwrap();
    let cfg = RemindConfig::default();
    let on = |date| addressees(&roster.recipients_on(&cfg, date), Some(&roster), date);
    let changes = switches(&on(d(2027, 3, 31)), &on(d(2027, 4, 1)));
    let text: Vec<String> = changes
        .iter()
        .map(|s| match s {
            Switch::Starts(a) => format!("+{}", a.name),
            Switch::Stops(a) => format!("-{}", a.name),
            Switch::Changes { after, .. } => format!("~{}", after.name),
        })
        .collect();
    assert_eq!(text, ["+市民部", "~総務部", "~財政課", "-市民生活部"]);
}

#[test]
fn roster_rows_override_toml_sections_of_the_same_name_and_others_stay() {
    let roster = parse(&APRIL).unwrap();
    let mut cfg = RemindConfig::default();
    for (name, to) in [("総務部", "toml-soumu@x.jp"), ("建設部", "kensetsu@x.jp")] {
        cfg.departments.push(RecipientConfig {
            name: name.into(),
            to: addresses(&[to]),
            ..Default::default()
        });
    }
    let april = roster.recipients_on(&cfg, d(2027, 4, 1));
    assert_eq!(
        to_of(&april, "総務部"),
        Some(vec!["soumu@city.example.jp".into()])
    );
    assert_eq!(to_of(&april, "建設部"), Some(vec!["kensetsu@x.jp".into()]));
    // A name the roster carries but not on that day has no recipient at all.
    assert_eq!(to_of(&april, "市民生活部").map(|_| ()), Some(()));
    let later = parse(&[["旧部", "", "old@x.jp", "", "", "2027/3/31", ""]]).unwrap();
    let cfg_old = {
        let mut c = RemindConfig::default();
        c.departments.push(RecipientConfig {
            name: "旧部".into(),
            to: addresses(&["toml@x.jp"]),
            ..Default::default()
        });
        c
    };
    assert_eq!(
        to_of(&later.recipients_on(&cfg_old, d(2027, 4, 1)), "旧部"),
        None
    );
}

#[rstest]
#[case::bad_address(["総務部", "", "soumu@", "", "", "", ""], "名簿!C4", "not a mail address")]
#[case::bad_cc(["総務部", "", "a@x.jp", "b@x.jp、ｃｃ", "", "", ""], "名簿!D4", "not a mail address")]
#[case::no_name(["", "", "a@x.jp", "", "", "", ""], "名簿!A4", "has no 名称")]
#[case::bad_date(["総務部", "", "a@x.jp", "", "来年度から", "", ""], "名簿!E4", "not a date")]
#[case::no_year(["総務部", "", "a@x.jp", "", "4月1日", "", ""], "名簿!E4", "has no year")]
#[case::reversed(["総務部", "", "a@x.jp", "", "2027/4/1", "2027/3/31", ""], "名簿!F4", "before")]
#[case::unknown_parent(["財政課", "", "", "", "", "", "総務局"], "名簿!G4", "unknown 上位部局")]
#[case::own_parent(["総務部", "", "a@x.jp", "", "", "", "総務部"], "名簿!G4", "its own 上位部局")]
fn a_bad_row_names_its_cell(#[case] row: [&str; 7], #[case] cell: &str, #[case] message: &str) {
    let problems = parse(&[row]).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].cell.as_ref().unwrap().to_string(), cell);
    assert!(problems[0].message.contains(message), "{}", problems[0]);
    // The planning section is told in Japanese: never two Latin words in a row.
    let shown = problems[0].shown();
    let words: Vec<&str> = shown.split_whitespace().collect();
    let latin = |w: &str| w.chars().all(|c| c.is_ascii_alphabetic());
    assert!(
        problems[0].text.is_some() && !words.windows(2).any(|w| latin(w[0]) && latin(w[1])),
        "{shown}"
    );
}

#[test]
fn overlapping_periods_of_one_name_are_refused_at_the_later_row() {
    let problems = parse(&[
        ["総務部", "", "a@x.jp", "", "", "2027/3/31", ""],
        ["総務部", "", "b@x.jp", "", "2027/3/1", "", ""],
    ])
    .unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].cell.as_ref().unwrap().to_string(), "名簿!E5");
    assert!(problems[0].message.contains("名簿!A4"), "{}", problems[0]);
}

#[test]
fn an_alias_claimed_by_two_names_in_one_period_is_refused() {
    let problems = parse(&[
        ["市民生活部", "市民課", "a@x.jp", "", "", "", ""],
        ["環境部", "市民課", "b@x.jp", "", "", "", ""],
    ])
    .unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].cell.as_ref().unwrap().to_string(), "名簿!B5");
    // The same alias in periods that do not meet is a rename, not a clash.
    assert!(parse(&APRIL).is_ok());
}

#[test]
fn every_problem_is_reported_at_once() {
    let problems = parse(&[
        ["総務部", "", "bad", "", "", "", ""],
        ["財政課", "", "", "", "", "", "どこか"],
    ])
    .unwrap_err();
    assert_eq!(problems.len(), 2);
}

#[test]
fn date_cells_and_headers_in_other_words_are_read() {
    let date =
        |y, m, day| CellValue::Date(NaiveDateTime::new(d(y, m, day), chrono::NaiveTime::MIN));
    let grid = Grid::from_rows(
        "Sheet1",
        vec![
            vec![
                t("部署名"),
                t("メールアドレス（To）"),
                t("適用開始日"),
                t("メモ"),
            ],
            vec![
                t("総務部"),
                t("a@x.jp; b@x.jp"),
                date(2027, 4, 1),
                t("新設"),
            ],
        ],
    );
    let roster =
        parse_roster(Path::new("r.xlsx"), &[grid], &RosterHeaders::default(), &[]).unwrap();
    let e = &roster.entries[0];
    assert_eq!(written(&e.to), ["a@x.jp", "b@x.jp"]);
    assert_eq!(e.valid_from, Some(d(2027, 4, 1)));
    assert!(!e.in_force(d(2027, 3, 31)));
}

#[test]
fn a_sheet_without_headers_is_one_problem_without_a_cell() {
    let grid = Grid::from_rows("Sheet1", vec![vec![t("総務部"), t("a@x.jp")]]);
    let problems =
        parse_roster(Path::new("r.xlsx"), &[grid], &RosterHeaders::default(), &[]).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].cell.is_none());
}

#[rstest]
#[case("2027/4/1", Some(d(2027, 4, 1)))]
#[case("令和9年4月1日", Some(d(2027, 4, 1)))]
#[case("平成31年4月1日", Some(d(2019, 4, 1)))]
#[case("R9.4.1", Some(d(2027, 4, 1)))]
#[case("2027-04-01", Some(d(2027, 4, 1)))]
#[case("", None)]
fn text_dates(#[case] text: &str, #[case] want: Option<NaiveDate>) {
    assert_eq!(parse::date_value(&t(text)), Ok(want));
}

fn cell_value() -> impl Strategy<Value = CellValue> {
    prop_oneof![
        Just(CellValue::Empty),
        "[a-z@.、, ]{0,12}".prop_map(CellValue::Text),
        "\\PC{0,10}".prop_map(CellValue::Text),
        prop::sample::select(vec![
            "総務部",
            "財政課",
            "a@x.jp",
            "令和9年4月1日",
            "2027/3/31",
            "4月",
            "R9.13.1",
            "名称",
            "宛先",
            "上位部局",
        ])
        .prop_map(|s| CellValue::Text(s.to_string())),
        any::<f64>().prop_map(CellValue::Number),
        (0i64..200_000).prop_map(|n| CellValue::Date(
            d(1970, 1, 1).and_time(chrono::NaiveTime::MIN) + chrono::Duration::days(n - 100_000)
        )),
        Just(CellValue::Error("#N/A".into())),
    ]
}

proptest! {
    #[test]
    fn arbitrary_rows_never_panic(rows in prop::collection::vec(prop::collection::vec(cell_value(), 0..8), 0..8),
                                  day in 0i64..30_000) {
        let mut all = vec![Column::ALL.iter().map(|c| t(c.heading())).collect::<Vec<_>>()];
        all.extend(rows);
        let grid = Grid::from_rows("名簿", all);
        if let Ok(roster) = parse_roster(Path::new("r.csv"), &[grid], &RosterHeaders::default(), &[]) {
            let date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(day);
            let cfg = roster.recipients_on(&RemindConfig::default(), date);
            let _ = addressees(&cfg, Some(&roster), date);
            let _ = roster.next_switch(date);
        }
    }
}
