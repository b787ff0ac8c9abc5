//! The CSV a city publishes (`全庁目標一覧_令和8年度_公表.csv`): one row per
//! item of the book, the columns `[output.publish]` keeps, in UTF-8 with a
//! byte order mark (Excel opens it as Japanese) and CRLF line ends.
//!
//! A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return is prefixed with `'`, so that no spreadsheet opening the file
//! evaluates it as a formula (`=HYPERLINK(…)` arrives as text).
//!
//! Pure: the book in, the bytes out.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::model::{ConsolidatedBook, ItemRow};
use crate::model::ReportState;
use crate::remind::config::Milestone;

/// The columns of the publish CSV, each kept (`true`, the default) or left
/// out: `[output.publish]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PublishColumns {
    /// 年度.
    pub fiscal_year: bool,
    /// 部局.
    pub department: bool,
    /// 担当課.
    pub owners: bool,
    /// 目標.
    pub goal: bool,
    /// 取組.
    pub item: bool,
    /// 期限, as written.
    pub deadline: bool,
    /// 中間報告's text.
    pub interim: bool,
    /// 期末報告's text.
    pub year_end: bool,
    /// 達成度.
    pub achievement: bool,
    /// 状態.
    pub status: bool,
}

impl Default for PublishColumns {
    fn default() -> Self {
        PublishColumns {
            fiscal_year: true,
            department: true,
            owners: true,
            goal: true,
            item: true,
            deadline: true,
            interim: true,
            year_end: true,
            achievement: true,
            status: true,
        }
    }
}

/// One column: its header, whether it is kept, its cell of a row
/// (borrowed from the row where it is the row's text).
struct Column {
    header: &'static str,
    kept: fn(&PublishColumns) -> bool,
    cell: for<'r> fn(&Row<'r>) -> Cow<'r, str>,
}

/// What a row's cells are made from: the book's year (`令和8年度`, made
/// once) and the item.
struct Row<'r> {
    nendo: &'r str,
    item: &'r ItemRow<'r>,
}

const COLUMNS: [Column; 10] = [
    Column {
        header: "年度",
        kept: |c| c.fiscal_year,
        cell: |row| Cow::Borrowed(row.nendo),
    },
    Column {
        header: "部局",
        kept: |c| c.department,
        cell: |row| Cow::Borrowed(row.item.department),
    },
    Column {
        header: "担当課",
        kept: |c| c.owners,
        cell: |row| Cow::Borrowed(&row.item.owners),
    },
    Column {
        header: "目標",
        kept: |c| c.goal,
        cell: |row| Cow::Borrowed(row.item.goal_title),
    },
    Column {
        header: "取組",
        kept: |c| c.item,
        cell: |row| Cow::Borrowed(row.item.item_text),
    },
    Column {
        header: "期限",
        kept: |c| c.deadline,
        cell: |row| match (row.item.deadline_text, row.item.due) {
            (Some(text), _) => Cow::Borrowed(text),
            (None, Some(due)) => Cow::Owned(due.format("%Y/%m/%d").to_string()),
            (None, None) => Cow::Borrowed(""),
        },
    },
    Column {
        header: "中間報告",
        kept: |c| c.interim,
        cell: |row| report_text(row.item, Milestone::Interim),
    },
    Column {
        header: "期末報告",
        kept: |c| c.year_end,
        cell: |row| report_text(row.item, Milestone::YearEnd),
    },
    Column {
        header: "達成度",
        kept: |c| c.achievement,
        cell: |row| {
            row.item
                .achievement
                .filter(|a| a.is_finite())
                .map_or(Cow::Borrowed(""), |a| {
                    Cow::Owned(format!("{:.0}%", a * 100.0))
                })
        },
    },
    Column {
        header: "状態",
        kept: |c| c.status,
        cell: |row| Cow::Borrowed(row.item.status.map_or("", |s| s.label())),
    },
];

/// A report's text when filled, else nothing.
fn report_text<'r>(row: &'r ItemRow<'_>, milestone: Milestone) -> Cow<'r, str> {
    match milestone.state(row.item) {
        ReportState::Filled(text) => Cow::Borrowed(text),
        _ => Cow::Borrowed(""),
    }
}

/// `text`, prefixed with `'` when a spreadsheet would take it for a
/// formula.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// The headers of the columns kept, in order.
pub fn publish_headers(columns: &PublishColumns) -> Vec<&'static str> {
    COLUMNS
        .iter()
        .filter(|c| (c.kept)(columns))
        .map(|c| c.header)
        .collect()
}

/// The CSV of `book`'s items, with the columns kept.
pub fn publish_csv(book: &ConsolidatedBook<'_>, columns: &PublishColumns) -> Vec<u8> {
    let kept: Vec<&Column> = COLUMNS.iter().filter(|c| (c.kept)(columns)).collect();
    let mut out = Vec::with_capacity(256 + book.items.len() * 512);
    out.extend_from_slice("\u{FEFF}".as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    // Writing to a Vec cannot fail: a failed record is left out, never a
    // panic.
    let _ = writer.write_record(kept.iter().map(|c| c.header));
    let nendo = book.nendo();
    for item in &book.items {
        let row = Row {
            nendo: &nendo,
            item,
        };
        for column in &kept {
            let _ = writer.write_field(neutralise(&(column.cell)(&row)).as_bytes());
        }
        // An empty record after the fields ends the row.
        let _ = writer.write_record(None::<&[u8]>);
    }
    match writer.into_inner() {
        Ok(bytes) => bytes,
        Err(error) => error.into_inner().get_ref().clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consolidate::model::{ReportingDates, consolidate};
    use crate::consolidate::sample::*;
    use crate::model::Report;
    use rstest::rstest;

    fn reporting(fy: crate::calendar::FiscalYear) -> ReportingDates {
        ReportingDates {
            interim_due: chrono::NaiveDate::from_ymd_opt(fy.0, 10, 31),
            year_end_due: chrono::NaiveDate::from_ymd_opt(fy.0 + 1, 4, 30),
        }
    }

    fn files() -> Vec<crate::consolidate::model::SourceFile> {
        let mut a = item("S", 4, "=HYPERLINK(\"http://example.com\",\"開く\")");
        a.deadlines = vec![due(d(2026, 9, 30))];
        a.interim = Report::Filled("+実施済み、\"予定どおり\"\n次期へ".into());
        a.achievement = Some(0.8);
        let mut b = item("S", 5, "窓口改善");
        b.owners = vec!["@総務課".into(), "人事課".into()];
        vec![source(
            "/share/総務部.xlsx",
            vec![report(
                "/share/総務部.xlsx",
                "S",
                2026,
                "総務部",
                vec![goal("1", "-行政改革", vec![a, b])],
            )],
        )]
    }

    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        let text = std::str::from_utf8(bytes).unwrap();
        let text = text.strip_prefix('\u{FEFF}').expect("a byte order mark");
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn one_row_per_item_with_the_book_s_words_and_formulas_as_text() {
        let files = files();
        let books = consolidate(&files, d(2026, 6, 1), reporting);
        let book = &books[0];
        let bytes = publish_csv(book, &PublishColumns::default());
        assert!(bytes.starts_with(
            "\u{FEFF}年度,部局,担当課,目標,取組,期限,中間報告,期末報告,達成度,状態\r\n".as_bytes()
        ));
        let rows = read(&bytes);
        assert_eq!(rows.len(), book.items.len());
        assert_eq!(
            rows[0],
            [
                "令和8年度",
                "総務部",
                "企画課",
                "'-行政改革",
                "'=HYPERLINK(\"http://example.com\",\"開く\")",
                "2026/09/30",
                "'+実施済み、\"予定どおり\"\n次期へ",
                "",
                "80%",
                book.items[0].status.unwrap().label(),
            ]
        );
        assert_eq!(rows[1][2], "'@総務課、人事課");
    }

    #[test]
    fn columns_left_out_are_not_written() {
        let files = files();
        let books = consolidate(&files, d(2026, 6, 1), reporting);
        let columns = PublishColumns {
            owners: false,
            interim: false,
            year_end: false,
            ..PublishColumns::default()
        };
        let bytes = publish_csv(&books[0], &columns);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("\u{FEFF}年度,部局,目標,取組,期限,達成度,状態\r\n"));
        assert!(!text.contains("企画課") && !text.contains("実施済み"));
        assert_eq!(publish_headers(&columns).len(), 7);
    }

    #[rstest]
    #[case("=1+1", "'=1+1")]
    #[case("+81-3", "'+81-3")]
    #[case("-", "'-")]
    #[case("@SUM(A1)", "'@SUM(A1)")]
    #[case("\tx", "'\tx")]
    #[case("道路 = 安全", "道路 = 安全")]
    #[case("", "")]
    fn formula_looking_text_is_prefixed(#[case] text: &str, #[case] published: &str) {
        assert_eq!(neutralise(text), published);
    }
}
