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

/// The CSV of `book`'s items, with the columns kept, whole: the parts of
/// [`publish_csv_in_parts`] joined.
pub fn publish_csv(book: &ConsolidatedBook<'_>, columns: &PublishColumns) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + book.items.len() * 512);
    publish_csv_in_parts(book, columns, &mut |part| out.extend_from_slice(part));
    out
}

/// About how many bytes of the CSV [`publish_csv_in_parts`] hands on at
/// a time.
const PART_BYTES: usize = 64 * 1024;

/// The CSV of [`publish_csv`] in parts of about [`PART_BYTES`], each handed
/// to `part` as soon as it is made.
pub fn publish_csv_in_parts(
    book: &ConsolidatedBook<'_>,
    columns: &PublishColumns,
    part: &mut dyn FnMut(&[u8]),
) {
    let kept: Vec<&Column> = COLUMNS.iter().filter(|c| (c.kept)(columns)).collect();
    let mut parts = Parts {
        made: Vec::with_capacity(2 * PART_BYTES),
        part,
    };
    parts.made.extend_from_slice("\u{FEFF}".as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(parts);
    // Writing to memory cannot fail: a failed record is left out, never a
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
    let _ = writer.flush();
}

/// Where the CSV writer's bytes go: on to `part` about [`PART_BYTES`] at a
/// time, and the rest when the writer is flushed.
struct Parts<'p> {
    made: Vec<u8>,
    part: &'p mut dyn FnMut(&[u8]),
}

impl std::io::Write for Parts<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.made.extend_from_slice(bytes);
        if self.made.len() >= PART_BYTES {
            (self.part)(&self.made);
            self.made.clear();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.made.is_empty() {
            (self.part)(&self.made);
            self.made.clear();
        }
        Ok(())
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
        folder_of("-行政改革", vec![a, b])
    }

    /// 総務部's workbook, with one goal of `items`.
    fn folder_of(
        goal_title: &str,
        items: Vec<crate::model::ActionItem>,
    ) -> Vec<crate::consolidate::model::SourceFile> {
        vec![source(
            "/share/総務部.xlsx",
            vec![report(
                "/share/総務部.xlsx",
                "S",
                2026,
                "総務部",
                vec![goal("1", goal_title, items)],
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

    /// A writer that writes each part as it comes holds about
    /// [`PART_BYTES`] of a long CSV at a time, and the parts joined read
    /// as the whole.
    #[test]
    fn a_long_csv_comes_in_parts_of_bounded_size() {
        let items: Vec<_> = (0..2_000)
            .map(|row| {
                let mut a = item("S", row + 4, &format!("窓口の案内を見直す取組その{row}"));
                a.interim =
                    Report::Filled("相談窓口の案内表示を改め、来庁者の待ち時間を記録した。".into());
                a
            })
            .collect();
        let files = folder_of("行政改革", items);
        let books = consolidate(&files, d(2026, 6, 1), reporting);
        let mut parts: Vec<Vec<u8>> = Vec::new();
        publish_csv_in_parts(&books[0], &PublishColumns::default(), &mut |part| {
            parts.push(part.to_vec())
        });
        assert!(parts.len() > 3, "{} parts", parts.len());
        assert!(
            parts
                .iter()
                .all(|p| !p.is_empty() && p.len() < 2 * PART_BYTES)
        );
        let rows = read(&parts.concat());
        assert_eq!(rows.len(), 2_000);
        assert_eq!(rows[1_999][4], "窓口の案内を見直す取組その1999");
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
