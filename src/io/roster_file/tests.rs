use rstest::rstest;

use super::*;
use mokuhyo_core::remind::plan::fixtures::{d, to_of, written};
use mokuhyo_core::roster::{RosterHeaders, parse_roster};

#[test]
fn the_shipped_example_reads_and_switches_in_april() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/roster.example.csv");
    let sheets = read_roster_file(&path, &Default::default()).unwrap();
    let roster = parse_roster(&path, &sheets, &RosterHeaders::default(), &[]).unwrap();
    let shipped: crate::config::Settings = toml::from_str(crate::config::SHIPPED_CONFIG).unwrap();
    let cfg = shipped.remind_config();
    // Every department of the shipped configuration is in the roster.
    for dep in &cfg.departments {
        assert!(
            roster.names(&dep.name),
            "{} is not in the example",
            dep.name
        );
    }
    let april = roster.recipients_on(&cfg, d(2027, 4, 1));
    assert_eq!(
        to_of(&april, "市民生活部"),
        Some(vec!["shimin@city.example.jp".into()])
    );
    assert_eq!(
        to_of(&april, "建設部"),
        Some(vec!["kensetsu-new@city.example.jp".into()])
    );
    assert_eq!(
        to_of(&april, "契約課"),
        Some(vec!["somu@city.example.jp".into()])
    );
}

#[rstest]
#[case::with_bom(b"\xEF\xBB\xBF")]
#[case::without_bom(b"")]
fn csv_in_utf8_is_read_with_or_without_a_byte_order_mark(#[case] bom: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名簿.csv");
    let mut bytes = bom.to_vec();
    bytes.extend_from_slice(
        "名称,宛先,有効開始日\n総務部,\"a@x.jp, b@x.jp\",令和9年4月1日\n".as_bytes(),
    );
    std::fs::write(&path, bytes).unwrap();
    let sheets = read_roster_file(&path, &Default::default()).unwrap();
    let roster = parse_roster(&path, &sheets, &RosterHeaders::default(), &[]).unwrap();
    assert_eq!(written(&roster.entries[0].to), ["a@x.jp", "b@x.jp"]);
    assert_eq!(roster.entries[0].valid_from, Some(d(2027, 4, 1)));
    assert_eq!(roster.entries[0].cell.to_string(), "名簿.csv!A2");
}

#[test]
fn csv_that_is_not_utf8_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sjis.csv");
    // 総務部 in Shift_JIS.
    std::fs::write(&path, b"name,to\n\x91\x8d\x96\xb1\x95\x94,a@x.jp\n").unwrap();
    let err = read_roster_file(&path, &Default::default()).unwrap_err();
    assert!(
        matches!(err, RosterFileError::CsvLine { line: 2, .. }),
        "{err:?}"
    );
    let err = err.to_string();
    assert!(err.contains("line 2") && err.contains("UTF-8"), "{err}");
}
