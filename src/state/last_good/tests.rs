//! Tests of `last_good`.

use super::*;
use crate::io::catalog::FileRead;
use chrono::TimeZone;
use mokuhyo_core::calendar::FiscalYear;
use mokuhyo_core::consolidate::ProblemKind;
use mokuhyo_core::model::{
    ActionItem, CellRef, Goal, ItemCells, ItemField, ItemTexts, LayoutKind, Report,
};
use std::path::Path;

use crate::state::testing::RawSqlite;
use crate::state::{Access, StateDb, StateFile};

/// A store of the state file at `path`, created when absent, with its
/// folder.
fn opened(path: &Path) -> LastGoodStore {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    StateFile::open(path, Access::Create)
        .unwrap()
        .last_good()
        .unwrap()
}

/// A store of a state file in memory.
fn in_memory() -> LastGoodStore {
    StateFile::in_memory().unwrap().last_good().unwrap()
}

/// Runs `f` on the store's open file.
fn on_file(store: &LastGoodStore, f: impl FnOnce(&StateDb)) {
    store
        .conn
        .with(Operation::WriteLastGood, |db| {
            f(db);
            Ok(())
        })
        .unwrap();
}

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 23, h, 0, 0).unwrap()
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus/fy2026")
        .join(name)
}

/// The reports of a corpus workbook, as the parser gives them.
fn parsed(name: &str) -> Vec<SheetReport> {
    match Parser::default().parse(&corpus(name)) {
        FileRead::Reports { reports, .. } => reports,
        other => panic!("{name} did not parse: {other:?}"),
    }
}

fn built_report(path: &Path) -> SheetReport {
    SheetReport {
        file: path.to_path_buf(),
        sheet: "重点目標1".into(),
        fiscal_year: FiscalYear(2026),
        department: "企画部".into(),
        layout: LayoutKind::Table.into(),
        goals: vec![Goal {
            number: Some("1".into()),
            title: "住みよいまち".into(),
            priority: Some("A".into()),
            targets: vec!["満足度 80%".into()],
            plan_positions: Vec::new(),
            items: vec![ActionItem {
                texts: ItemTexts::new(
                    Some("①"),
                    "一行目",
                    "一行目\n二行目",
                    Some("9月末まで"),
                    None,
                    Some("B"),
                ),
                deadlines: mokuhyo_core::calendar::extract_deadlines("9月末まで", FiscalYear(2026)),
                interim: Report::Filled("済".into()),
                year_end: Report::NotInLayout,
                achievement: Some(0.7),
                owners: vec!["企画課".into()],
                cell: CellRef::new("重点目標1", 5, 2),
                cells: ItemCells::default()
                    .with(ItemField::Interim, CellRef::new("重点目標1", 5, 7)),
                extras: Vec::new(),
            }],
            cell: Some(CellRef::new("重点目標1", 3, 1)),
            extras: Vec::new(),
        }],
        warnings: Vec::new(),
        reading: Default::default(),
    }
}

fn read(path: &str, reports: Vec<SheetReport>, problems: Vec<ImportProblem>) -> StoredRead {
    StoredRead {
        path: PathBuf::from(path),
        fingerprint: Fingerprint {
            size: 12_345,
            modified: UNIX_EPOCH.checked_add(Duration::new(1_780_000_000, 123_456_789)),
            hash: u64::MAX - 7,
        },
        parser: "0.1.0/1/00000000000000ff".into(),
        reports: reports.into(),
        problems,
    }
}

fn save(store: &mut LastGoodStore, reads: Vec<StoredRead>) {
    let mut batch = LastGoodBatch::default();
    for r in reads {
        batch.save(r, at(0));
    }
    store.apply(&batch).unwrap();
}

#[test]
fn sheet_reports_round_trip_through_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state").join("mokuhyo.sqlite");
    let problem = ImportProblem {
        file: PathBuf::from("/share/企画部.xlsx"),
        sheet: Some("別紙".into()),
        cell: None,
        message: "cannot read the sheet".into(),
        text: None,
        since: Some(at(1)),
        kind: ProblemKind::Error,
    };
    let written = vec![
        read(
            "/share/企画部.xlsx",
            vec![built_report(Path::new("/share/企画部.xlsx"))],
            vec![problem],
        ),
        read(
            "/share/建設部.xlsx",
            parsed("令和8年度重点目標管理シート_建設部.xlsx"),
            Vec::new(),
        ),
        read("/share/名簿.xlsx", Vec::new(), Vec::new()),
    ];
    assert!(written[1].reports.iter().any(|r| r.items().count() > 0));
    {
        let mut store = opened(&db);
        save(&mut store, written.clone());
    }
    let store = opened(&db);
    let loaded = store.load().unwrap();
    assert!(loaded.unusable.is_empty());
    let mut expected = written;
    expected.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(loaded.reads, expected);
    assert_eq!(store.count().unwrap(), 3);
}

#[test]
fn later_changes_replace_earlier_ones_and_forget_deletes() {
    let mut store = in_memory();
    save(
        &mut store,
        vec![
            read("/a.xlsx", Vec::new(), Vec::new()),
            read("/b.xlsx", Vec::new(), Vec::new()),
        ],
    );
    let mut newer = read(
        "/a.xlsx",
        vec![built_report(Path::new("/a.xlsx"))],
        Vec::new(),
    );
    newer.fingerprint.size = 99;
    newer.fingerprint.modified = None;
    let mut first = LastGoodBatch::default();
    first.forget(PathBuf::from("/a.xlsx"));
    first.forget(PathBuf::from("/b.xlsx"));
    let mut second = LastGoodBatch::default();
    second.save(newer.clone(), at(2));
    first.merge(second);
    store.apply(&first).unwrap();
    assert_eq!(store.load().unwrap().reads, vec![newer]);
}

#[test]
fn times_before_and_after_1970_round_trip() {
    for t in [
        UNIX_EPOCH,
        UNIX_EPOCH + Duration::new(1_780_000_000, 1),
        UNIX_EPOCH - Duration::new(86_400, 999_999_999),
    ] {
        assert_eq!(to_nanos(t).and_then(from_nanos), Some(t));
    }
}

#[test]
fn undecodable_rows_are_ignored_and_listed() {
    let mut store = in_memory();
    save(&mut store, vec![read("/good.xlsx", Vec::new(), Vec::new())]);
    let rows = [
        (
            "/bad-json.xlsx",
            "1",
            "1",
            "{\"reports\": [{\"file\": 3}]",
            "2",
        ),
        ("/not-json.xlsx", "1", "1", "PK\u{3}\u{4}", "2"),
        ("/old-format.xlsx", "1", "1", "{\"reports\": []}", "0"),
        ("/text-size.xlsx", "big", "1", "{\"reports\": []}", "2"),
        ("/negative-size.xlsx", "-1", "1", "{\"reports\": []}", "2"),
    ];
    for (path, size, hash, data, format) in rows {
        on_file(&store, |db| {
            db.run_sql(&format!(
                "INSERT INTO last_good VALUES ('{path}', '{size}', NULL, '{hash}', 'p', '{format}', 'now', '{data}')"
            ));
        });
    }
    let loaded = store.load().unwrap();
    assert_eq!(loaded.reads.len(), 1);
    assert_eq!(loaded.reads[0].path, PathBuf::from("/good.xlsx"));
    let mut unusable = loaded.unusable;
    unusable.sort();
    assert_eq!(
        unusable,
        [
            "/bad-json.xlsx",
            "/negative-size.xlsx",
            "/not-json.xlsx",
            "/old-format.xlsx",
            "/text-size.xlsx"
        ]
        .map(PathBuf::from)
    );
}

#[test]
fn a_locked_file_fails_the_write_and_it_is_retried_with_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mokuhyo.sqlite");
    let store = opened(&db);
    on_file(&store, |db| db.set_busy_timeout(Duration::from_millis(20)));
    let other = RawSqlite::open(&db);
    other.run("BEGIN EXCLUSIVE");

    let mut writes = PendingWrites::new(store);
    let mut first = LastGoodBatch::default();
    first.save(read("/a.xlsx", Vec::new(), Vec::new()), at(0));
    writes.push(first);
    writes.write();
    assert!(
        writes.failing,
        "the write fails while another connection holds the lock"
    );
    assert_eq!(writes.pending.ops.len(), 1, "the batch is kept");

    other.run("COMMIT");
    let mut second = LastGoodBatch::default();
    second.save(read("/b.xlsx", Vec::new(), Vec::new()), at(1));
    writes.push(second);
    writes.write();
    assert!(!writes.failing);
    assert!(writes.pending.is_empty());
    let paths: Vec<PathBuf> = writes
        .store
        .load()
        .unwrap()
        .reads
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert_eq!(paths, ["/a.xlsx", "/b.xlsx"].map(PathBuf::from));
}

#[test]
fn a_read_only_file_fails_the_write_without_panicking() {
    let mut store = in_memory();
    save(&mut store, vec![read("/a.xlsx", Vec::new(), Vec::new())]);
    on_file(&store, |db| db.run_sql("PRAGMA query_only = true"));
    let mut batch = LastGoodBatch::default();
    batch.forget(PathBuf::from("/a.xlsx"));
    assert!(store.apply(&batch).is_err());
    assert_eq!(store.load().unwrap().reads.len(), 1, "still readable");
}

#[test]
fn the_writer_writes_what_is_queued_before_it_stops() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mokuhyo.sqlite");
    let writer = LastGoodWriter::spawn(opened(&db)).unwrap();
    for name in ["/a.xlsx", "/b.xlsx", "/c.xlsx"] {
        let mut batch = LastGoodBatch::default();
        batch.save(read(name, Vec::new(), Vec::new()), at(0));
        writer.send(batch);
    }
    writer.send(LastGoodBatch::default());
    writer.finish();
    assert_eq!(opened(&db).count().unwrap(), 3);
}

#[test]
fn the_parser_identity_follows_the_configuration() {
    let default = parser_identity(&Parser::default());
    assert_eq!(default, parser_identity(&Parser::default()));
    let mut other = Parser::default();
    other.options.default_fiscal_year = Some(2026);
    assert_ne!(default, parser_identity(&other));
    assert!(default.starts_with(env!("CARGO_PKG_VERSION")));
}
