//! Tests of `read`.

use super::*;
use rstest::rstest;

#[rstest]
#[case(0, 0, "A1")]
#[case(8, 1, "B9")]
#[case(0, 25, "Z1")]
#[case(0, 26, "AA1")]
#[case(1_048_575, 16_383, "XFD1048576")]
fn a1_notation(#[case] row: u32, #[case] col: u32, #[case] expected: &str) {
    assert_eq!(a1(row, col), expected);
}

#[rstest]
#[case(vec![], 0)]
#[case(vec![0, 1, 2], 3)]
#[case(vec![5], 6)]
#[case(vec![0, 3, 1_048_575], 4)]
#[case(vec![0, 1000, 2000], 2001)]
#[case(vec![2, 2, 0], 3)]
fn block_end_stops_at_a_large_gap(#[case] used: Vec<u32>, #[case] end: u32) {
    assert_eq!(block_end(used, 1024), end);
}

fn sheet(cells: &[(u32, u32)]) -> SparseSheet {
    SparseSheet {
        cells: cells
            .iter()
            .map(|&(r, c)| (r, c, CellValue::Number(1.0)))
            .collect(),
        merges: Vec::new(),
        hidden_columns: Vec::new(),
        shaded: Vec::new(),
        fills_unknown: false,
    }
}

#[test]
fn stray_far_cell_is_dropped_with_a_warning() {
    let (grid, warning) = sheet(&[(0, 0), (9, 4), (1_048_575, 16_383)])
        .into_grid("s", &ReadLimits::default(), u64::MAX)
        .unwrap();
    assert_eq!((grid.rows(), grid.cols()), (10, 5));
    let (cell, warning) = warning.unwrap();
    assert_eq!(cell.to_string(), "XFD1048576");
    assert!(warning.english.contains("XFD1048576"), "{warning:?}");
    assert!(warning.english.contains("A1:E10"), "{warning:?}");
    assert!(
        warning.japanese.contains("XFD1048576") && warning.japanese.contains("A1:E10"),
        "{warning:?}"
    );
}

#[test]
fn lone_far_cell_is_refused_naming_the_dimensions() {
    let err = sheet(&[(1_048_575, 16_383)])
        .into_grid("s", &ReadLimits::default(), u64::MAX)
        .unwrap_err();
    assert!(
        err.english.contains("1048576 rows × 16384 columns"),
        "{err:?}"
    );
    assert!(err.japanese.contains("1048576 行 × 16384 列"), "{err:?}");
}

#[test]
fn workbook_budget_refuses_further_sheets() {
    let err = sheet(&[(9, 9)])
        .into_grid("s", &ReadLimits::default(), 50)
        .unwrap_err();
    assert!(err.english.contains("10 rows × 10 columns"), "{err:?}");
    assert!(err.japanese.contains("ブックの上限"), "{err:?}");
}

#[test]
fn merges_extend_the_grid_within_reach() {
    let mut s = sheet(&[(0, 0)]);
    s.merges.push(MergedRange {
        first_row: 0,
        first_col: 0,
        last_row: 1,
        last_col: 3,
    });
    s.merges.push(MergedRange {
        first_row: 0,
        first_col: 0,
        last_row: 0,
        last_col: 16_383,
    });
    let (grid, warning) = s.into_grid("s", &ReadLimits::default(), u64::MAX).unwrap();
    assert_eq!((grid.rows(), grid.cols()), (2, 4));
    assert!(warning.is_none());
}

/// The empty box a form leaves under its last label, merged right under
/// the data, is part of the sheet; a merge further down is not.
#[test]
fn a_merged_box_right_under_the_data_extends_the_grid() {
    let mut s = sheet(&[(0, 0), (13, 0)]);
    for first_row in [14, 30] {
        s.merges.push(MergedRange {
            first_row,
            first_col: 0,
            last_row: first_row + 2,
            last_col: 5,
        });
    }
    let (grid, _) = s.into_grid("s", &ReadLimits::default(), u64::MAX).unwrap();
    assert_eq!((grid.rows(), grid.cols()), (17, 6));
    assert_eq!(grid.origin(16, 5), (14, 0));
}

#[test]
fn limits_deserialize_with_defaults_and_reject_unknown_fields() {
    let limits: ReadLimits = serde_json::from_str(r#"{"max_file_bytes": 1000}"#).unwrap();
    assert_eq!(limits.max_file_bytes, 1000);
    assert_eq!(
        limits.max_cells_per_sheet,
        ReadLimits::default().max_cells_per_sheet
    );
    assert!(serde_json::from_str::<ReadLimits>(r#"{"max_rows": 1}"#).is_err());
}

#[test]
fn serial_dates() {
    let d = serial_date(46477.0, false).unwrap();
    assert_eq!(d.date(), NaiveDate::from_ymd_opt(2027, 3, 31).unwrap());
    assert!(serial_date(f64::NAN, false).is_none());
    assert!(serial_date(-1.0, false).is_none());
    assert!(serial_date(1e300, false).is_none());
}

#[rstest::rstest]
#[case(64 * 1024 * 1024, "64 MiB")]
#[case(52_953_088, "50.5 MiB")]
#[case(1_000_000, "1,000,000 バイト")]
#[case(900, "900 バイト")]
fn sizes_are_told_in_japanese(#[case] bytes: u64, #[case] text: &str) {
    assert_eq!(bytes_in_japanese(bytes), text);
}

/// Every way a file fails to read is told in Japanese, without the
/// library's words.
#[test]
fn read_errors_are_told_in_japanese() {
    let path = PathBuf::from("a.xlsx");
    let errors = [
        ReadError::NotFound { path: path.clone() },
        ReadError::TooLarge {
            path: path.clone(),
            size: 60 * 1024 * 1024,
            limit: 50 * 1024 * 1024,
        },
        ReadError::PasswordProtected { path: path.clone() },
        ReadError::Corrupt {
            path: path.clone(),
            detail: "zip: invalid Zip archive: Could not find EOCD".into(),
        },
        ReadError::Unsupported {
            path: path.clone(),
            reason: "not a spreadsheet".into(),
        },
        ReadError::ReaderPanic {
            path,
            message: "index out of bounds".into(),
        },
    ];
    for error in errors {
        let japanese = error.japanese();
        // No English sentence: never two Latin words in a row.
        let words: Vec<&str> = japanese.split_whitespace().collect();
        let latin = |w: &str| w.chars().all(|c| c.is_ascii_alphabetic());
        assert!(
            !words.windows(2).any(|w| latin(w[0]) && latin(w[1])),
            "{japanese}"
        );
        assert!(
            !japanese.contains("zip") && !japanese.contains("EOCD"),
            "{japanese}"
        );
    }
}

/// An `.ods` package in memory whose `content.xml` holds `styles` as its
/// automatic styles and `tables` as its body.
fn ods_bytes(styles: &str, tables: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:automatic-styles>{styles}</office:automatic-styles><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_ods_date_shown_as_its_month_is_read_as_the_month_shown() {
    let styles = r#"<number:date-style style:name="N1"><number:era number:style="long" number:calendar="gengou"/><number:year number:calendar="gengou"/><number:text>年</number:text><number:month/><number:text>月</number:text></number:date-style><number:date-style style:name="N2"><number:year/><number:text>/</number:text><number:month/><number:text>/</number:text><number:day/></number:date-style><style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/><style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"/>"#;
    let date = |style: &str, shown: &str| {
        format!(
            r#"<table:table-cell{style} office:value-type="date" office:date-value="2026-09-01"><text:p>{shown}</text:p></table:table-cell>"#
        )
    };
    let tables = format!(
        r#"<table:table table:name="目標"><table:table-column/><table:table-column table:default-cell-style-name="ce1"/><table:table-row>{}{}</table:table-row><table:table-row>{}</table:table-row></table:table>"#,
        date(r#" table:style-name="ce1""#, "令和8年9月"),
        date("", "令和8年9月"),
        date(r#" table:style-name="ce2""#, "2026/09/01"),
    );
    let read = read_ods(&ods_bytes(styles, &tables), &ReadLimits::default()).unwrap();
    let grid = &read.grids[0];
    let month = CellValue::Month {
        date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        shown: "令和8年9月".to_string(),
    };
    assert_eq!(grid.get(0, 0), &month, "its own style");
    assert_eq!(grid.get(0, 1), &month, "its column's default style");
    assert!(matches!(grid.get(1, 0), CellValue::Date(_)), "a day shown");
}
