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
