//! Runs the `mokuhyo deadline` command and checks what it prints.

use std::process::Command;

use crate::common::harness::Capture;

fn mokuhyo(args: &[&str]) -> (String, Option<i32>) {
    let output = Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        // The messages asserted here are the English ones.
        .env("MOKUHYO__UI__LANGUAGE", "en")
        .args(args)
        .capture();
    (
        String::from_utf8(output.stdout).expect("output is UTF-8"),
        output.status.code(),
    )
}

#[test]
fn prints_one_deadline_per_line_with_labels_date_precision_and_span() {
    let text = "(1) 4月～5月 (2) 8月～1月 (3) 3月";
    let (stdout, code) = mokuhyo(&["deadline", text, "--fiscal-year", "2020"]);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "(1)\t2020-05-31\tMonth\t「4月～5月」\t4..15",
            "(2)\t2021-01-31\tMonth\t「8月～1月」\t20..31",
            "(3)\t2021-03-31\tMonth\t「3月」\t36..40",
        ]
    );
    for line in lines {
        let span = line.rsplit('\t').next().expect("a span field");
        let (start, end) = span.split_once("..").expect("start..end");
        let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
        let phrase = line.split('\t').nth(3).expect("a phrase field");
        assert_eq!(format!("「{}」", &text[start..end]), phrase);
    }
}

#[test]
fn groups_labels_and_reports_ongoing_work() {
    let (stdout, code) = mokuhyo(&[
        "deadline",
        "(1) 上半期に1回開催\n(2) (3) 通年",
        "-y",
        "2020",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "(1)\t2020-09-30\tPeriod\t「上半期」\t4..13",
            "(2),(3)\tongoing\t-\t「通年」\t35..41",
        ]
    );
}

#[test]
fn unresolvable_text_exits_with_one() {
    let (stdout, code) = mokuhyo(&["deadline", "13月", "--fiscal-year", "2026"]);
    assert_eq!(code, Some(1));
    assert!(stdout.starts_with("-\tunresolved\t"), "{stdout}");
}

#[test]
fn text_without_deadlines_says_so() {
    let (stdout, code) = mokuhyo(&["deadline", "R4年度 55.8% → R5年度 70%", "-y", "2023"]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout.trim(), "no deadline found");
}

#[test]
fn prints_the_deadline_in_force_and_undecided_dates() {
    let text = "(1) 9月末→12月末\n(2) 時期は調整中";
    let (stdout, code) = mokuhyo(&["deadline", text, "--fiscal-year", "2026"]);
    assert_eq!(code, Some(0), "an undecided date is not an error");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "(1)\t2026-12-31\tMonth\t「12月末」\t14..22",
            "(2)\tundecided\t-\t「時期は調整中」\t27..45",
        ]
    );
    assert_eq!(&text[14..22], "12月末");
    assert_eq!(&text[27..45], "時期は調整中");
}

#[test]
fn a_text_that_refers_elsewhere_says_where() {
    for (text, to) in [
        ("同上", "row_above"),
        ("〃", "row_above"),
        ("左記のとおり", "item_text"),
        ("別紙２のとおり", "document:別紙2"),
    ] {
        let (stdout, code) = mokuhyo(&["deadline", text, "-y", "2026"]);
        assert_eq!(code, Some(0), "{text}");
        assert_eq!(
            stdout,
            format!("-\treference\t{to}\t「{text}」\t0..{}\n", text.len()),
            "{text}"
        );
    }
}

#[test]
fn a_date_outside_the_fiscal_year_is_followed_by_a_note() {
    let (stdout, code) = mokuhyo(&[
        "deadline",
        "(1) H30.3\n(2) R9年度\n(3) 年度当初",
        "-y",
        "2026",
    ]);
    assert_eq!(code, Some(0), "a date outside the year is not an error");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "(1)\t2018-03-31\tMonth\t「H30.3」\t4..9",
            "\tnote: 2018-03-31 lies before fiscal year 2026 (令和8年度)",
            "(2)\t2028-03-31\tFiscalYearEnd\t「R9年度」\t14..22",
            "\tnote: 2028-03-31 lies after fiscal year 2026 (令和8年度)",
            "(3)\t2026-04-30\tMonth\t「年度当初」\t27..39",
        ]
    );
}

#[test]
fn a_season_is_a_rough_date_of_its_own_precision() {
    let (stdout, code) = mokuhyo(&["deadline", "秋頃", "-y", "2026"]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "-\t2026-11-30\tSeason\t「秋頃」\t0..6\n");
}
