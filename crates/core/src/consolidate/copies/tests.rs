//! Tests of `copies`.

use super::*;
use crate::consolidate::model::consolidate;
use crate::consolidate::sample::*;
use crate::consolidate::{ReportingDates, model::ProblemRowKind};
use crate::model::{ActionItem, Report};
use rstest::rstest;

#[rstest]
#[case("令和8年度重点目標管理シート_総務部.xlsx", false)]
#[case("令和8年度重点目標管理シート_総務部 - コピー.xlsx", true)]
#[case("令和8年度重点目標管理シート_総務部_コピー.xlsx", true)]
#[case("コピー ～ 令和8年度重点目標管理シート_総務部.xlsx", true)]
#[case("令和8年度重点目標管理シート_総務部 (2).xlsx", true)]
#[case("令和8年度重点目標管理シート_総務部（２）.xlsx", true)]
#[case("旧_令和8年度重点目標管理シート_総務部.xlsx", true)]
#[case("Copy of 総務部.xlsx", true)]
#[case("総務部_old.xlsx", true)]
#[case("backup/令和8年度重点目標管理シート_総務部.xlsx", true)]
#[case("バックアップ/総務部.xlsx", true)]
// Words inside other words, and numbers not in brackets, mark nothing.
#[case("folder/総務部.xlsx", false)]
#[case("総務部_bold.xlsx", false)]
#[case("総務部_2.xlsx", false)]
#[case("総務部(第2版).xlsx", false)]
// A number in brackets of either width, its digits of either width.
#[case("報告（２）.xlsx", true)]
#[case("報告（１２）.xlsx", true)]
#[case("報告(２).xlsx", true)]
#[case("報告（10）.xlsx", true)]
#[case("報告 (3) .xlsx", true)]
#[case("（２）.xlsx", true)]
#[case("報告（）.xlsx", false)]
#[case("報告２）.xlsx", false)]
#[case("報告（第２）.xlsx", false)]
fn a_copy_is_known_by_its_name_or_folder(#[case] path: &str, #[case] copy: bool) {
    assert_eq!(
        is_copy_name(Path::new(path), &default_copy_marks()),
        copy,
        "{path}"
    );
}

/// A workbook of 総務部 with two goals and their items.
fn somu(path: &str, saved: (u32, u32)) -> SourceFile {
    let goals = vec![
        goal(
            "1",
            "防災",
            vec![item("S", 5, "防災訓練"), item("S", 6, "備蓄")],
        ),
        goal("2", "行革", vec![item("S", 8, "窓口改善")]),
    ];
    let mut file = source(path, vec![report(path, "S", 2026, "総務部", goals)]);
    file.modified = Some(at(2026, saved.0, saved.1, 0));
    file
}

fn reporting(_: FiscalYear) -> ReportingDates {
    ReportingDates {
        interim_due: Some(d(2026, 10, 30)),
        year_end_due: Some(d(2027, 4, 30)),
    }
}

fn counted(files: &[SourceFile]) -> (u64, u64, Vec<String>) {
    let books = consolidate(files, d(2026, 11, 2), reporting);
    let book = &books[0];
    let copies = book
        .problems
        .iter()
        .filter(|p| p.kind == ProblemRowKind::Copy)
        .map(|p| format!("{}: {}", p.file.display(), p.message))
        .collect();
    (
        book.overview.totals.goals,
        book.overview.totals.items,
        copies,
    )
}

#[test]
fn a_copy_with_another_name_counts_once_and_is_listed_with_both_paths() {
    let files = [
        somu("/share/総務部.xlsx", (5, 1)),
        // Saved later, but its name says it is the copy.
        somu("/share/総務部 - コピー.xlsx", (5, 2)),
    ];
    let (goals, items, copies) = counted(&files);
    assert_eq!((goals, items), (2, 3));
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(
        copies[0].starts_with("/share/総務部 - コピー.xlsx: "),
        "{}",
        copies[0]
    );
    assert!(copies[0].contains("/share/総務部.xlsx"), "{}", copies[0]);
    let books = consolidate(&files, d(2026, 11, 2), reporting);
    assert_eq!(books[0].overview.departments[0].counts.files, 1);
    assert!(
        books[0]
            .items
            .iter()
            .all(|row| row.source.path == Path::new("/share/総務部.xlsx"))
    );
}

#[test]
fn a_copy_in_a_backup_folder_counts_once() {
    let files = [
        somu("/share/backup/総務部.xlsx", (6, 1)),
        somu("/share/総務部.xlsx", (5, 1)),
    ];
    let (goals, items, copies) = counted(&files);
    assert_eq!((goals, items), (2, 3));
    assert_eq!(copies.len(), 1);
    assert!(
        copies[0].starts_with("/share/backup/総務部.xlsx: "),
        "{copies:?}"
    );
}

#[test]
fn a_copy_saved_later_with_a_report_filled_is_the_one_that_counts() {
    let original = somu("/share/総務部.xlsx", (5, 1));
    let mut later = somu("/share/総務部 - コピー.xlsx", (10, 20));
    let mut reports = later.reports.to_vec();
    reports[0].goals[0].items[0].interim = Report::Filled("訓練を実施".into());
    later.reports = reports.into();
    let files = [original, later];
    let (goals, items, copies) = counted(&files);
    assert_eq!((goals, items), (2, 3));
    assert!(copies[0].starts_with("/share/総務部.xlsx: "), "{copies:?}");
    assert!(copies[0].contains("報告の記入が多いほう"), "{copies:?}");
    let books = consolidate(&files, d(2026, 11, 2), reporting);
    let counts = &books[0].overview.totals;
    assert_eq!(counts.interim.submitted, 1, "the filled report counts");
    assert_eq!(counts.interim.late, 2);
}

#[test]
fn a_backup_saved_again_later_with_fewer_reports_is_not_the_one_that_counts() {
    let mut original = somu("/share/総務部.xlsx", (10, 20));
    let mut reports = original.reports.to_vec();
    reports[0].goals[0].items[0].interim = Report::Filled("訓練を実施".into());
    reports[0].goals[1].items[0].interim = Report::Filled("窓口を改善".into());
    original.reports = reports.into();
    // Opened and saved later, from before the reports were written.
    let backup = somu("/share/総務部(旧).xlsx", (11, 24));
    let files = [backup, original];
    let (_, _, copies) = counted(&files);
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(
        copies[0].starts_with("/share/総務部(旧).xlsx: "),
        "{copies:?}"
    );
    let books = consolidate(&files, d(2026, 11, 2), reporting);
    assert_eq!(books[0].overview.totals.interim.submitted, 2);
}

#[test]
fn workbooks_of_one_department_with_other_items_add_up() {
    let a = source(
        "/share/総務部_人事課.xlsx",
        vec![report(
            "/share/総務部_人事課.xlsx",
            "S",
            2026,
            "総務部",
            vec![goal("1", "人材育成", vec![item("S", 5, "研修")])],
        )],
    );
    let b = source(
        "/share/総務部_財政課.xlsx",
        vec![report(
            "/share/総務部_財政課.xlsx",
            "S",
            2026,
            "総務部",
            vec![goal("1", "健全財政", vec![item("S", 5, "予算編成")])],
        )],
    );
    let (goals, items, copies) = counted(&[a, b]);
    assert_eq!((goals, items), (2, 2));
    assert!(copies.is_empty());
}

#[test]
fn three_identical_files_keep_the_one_not_named_a_copy() {
    let files = [
        somu("/share/総務部 (2).xlsx", (7, 1)),
        somu("/share/総務部.xlsx", (5, 1)),
        somu("/share/旧/総務部.xlsx", (4, 1)),
    ];
    let copies = Copies::find(&files, Path::new("/share"), &default_copy_marks());
    assert_eq!(copies.found.len(), 2);
    assert!(
        copies
            .found
            .iter()
            .all(|c| c.kept == Path::new("/share/総務部.xlsx") && !c.differs)
    );
}

/// A unit's workbook of one goal whose items are `titles`, each on its own
/// row from row 5 on, each as `edit` leaves it.
fn unit_file(
    path: &str,
    department: &str,
    goal_title: &str,
    titles: &[&str],
    edit: impl Fn(&mut ActionItem),
) -> SourceFile {
    let items = (5..)
        .zip(titles)
        .map(|(row, t)| {
            let mut i = item("S", row, t);
            edit(&mut i);
            i
        })
        .collect();
    source(
        path,
        vec![report(
            path,
            "S",
            2026,
            department,
            vec![goal("1", goal_title, items)],
        )],
    )
}

/// A 部's summary (総括表) of its 課's workbooks, the values pasted: its
/// items are counted in the 課's files alone, and it is listed with them.
/// A workbook whose items stand in one other file alone is no summary.
#[test]
fn a_summary_of_two_workbooks_counts_nothing_of_its_own() {
    let unit = |path: &str, department: &str, titles: &[&str]| {
        unit_file(path, department, "くらし", titles, |_| {})
    };
    let a = unit(
        "/share/福祉部/援護課.xlsx",
        "援護課",
        &["見守りの拡充", "相談窓口の一本化"],
    );
    let b = unit(
        "/share/福祉部/年金課.xlsx",
        "年金課",
        &["納付案内の多言語化", "窓口予約"],
    );
    let summary = unit(
        "/share/福祉部/福祉部_まとめ.xlsx",
        "福祉部",
        &[
            "見守りの拡充",
            "相談窓口の一本化",
            "納付案内の多言語化",
            "窓口予約",
        ],
    );
    let (_, items, copies) = counted(&[a.clone(), b.clone(), summary]);
    assert_eq!(items, 4);
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(
        copies[0].starts_with("/share/福祉部/福祉部_まとめ.xlsx: ")
            && copies[0].contains("総括表")
            && copies[0].contains("援護課.xlsx")
            && copies[0].contains("年金課.xlsx"),
        "{copies:?}"
    );
    // The plan of one workbook, its items in one other file: both count.
    let plan = unit(
        "/share/福祉部/福祉部_計画.xlsx",
        "福祉部",
        &["見守りの拡充", "相談窓口の一本化", "窓口予約"],
    );
    let other = unit(
        "/share/福祉部/福祉部_別表.xlsx",
        "福祉部",
        &["見守りの拡充", "相談窓口の一本化", "窓口予約", "広報"],
    );
    let (_, items, copies) = counted(&[plan, other]);
    assert_eq!((items, copies.len()), (7, 0), "{copies:?}");
}

/// A 局's summary listing each 部's items (a column naming the 部, no
/// report cell of its own), each 部's part the items of that 部's workbook,
/// which keeps the reports: counted in the 部's workbooks alone. A listing
/// that keeps report cells of its own is no summary of one workbook.
#[test]
fn a_listing_without_reports_of_one_workbook_s_items_counts_nothing_of_its_own() {
    let unit = |path: &str, department: &str, goal_title: &str, titles: &[&str], reports: bool| {
        unit_file(path, department, goal_title, titles, |i| {
            if !reports {
                i.interim = Report::NotInLayout;
                i.year_end = Report::NotInLayout;
                i.cells = Default::default();
            }
        })
    };
    let titles = ["見守りの拡充", "相談窓口の一本化", "納付案内の多言語化"];
    let kept = unit(
        "/share/局/福祉部.xlsx",
        "福祉部",
        "くらしを支える",
        &titles,
        true,
    );
    let listing = unit("/share/局/局総括.xlsx", "福祉部", "", &titles, false);
    let (_, items, copies) = counted(&[kept.clone(), listing]);
    assert_eq!(items, 3);
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(
        copies[0].starts_with("/share/局/局総括.xlsx: "),
        "{copies:?}"
    );
    let reported = unit("/share/局/局総括.xlsx", "福祉部", "", &titles, true);
    let (_, items, copies) = counted(&[kept, reported]);
    assert_eq!((items, copies.len()), (6, 0), "{copies:?}");
}

/// Versions of one workbook named by date or number (`総務部_目標_20260515`
/// and `総務部_目標_20261016`, `…_v2`): the latest by its name counts, with
/// the item added since, and the earlier is listed as its copy, though its
/// items are not all the same and it was saved later.
#[rstest]
#[case("/share/総務部_目標_20260515.xlsx", "/share/総務部_目標_20261016.xlsx")]
#[case("/share/総務部_目標.xlsx", "/share/総務部_目標_v2.xlsx")]
#[case("/share/総務部_目標_第1版.xlsx", "/share/総務部_目標_最新.xlsx")]
fn an_earlier_version_named_by_date_or_number_is_a_copy_of_the_latest(
    #[case] earlier: &str,
    #[case] latest: &str,
) {
    let older = somu(earlier, (11, 20));
    let mut newer = somu(latest, (10, 16));
    let mut reports = newer.reports.to_vec();
    reports[0].goals[1].items.push(item("S", 9, "庁舎の駐車場"));
    newer.reports = reports.into();
    let files = [older, newer];
    let (goals, items, copies) = counted(&files);
    assert_eq!((goals, items), (2, 4));
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(copies[0].starts_with(&format!("{earlier}: ")), "{copies:?}");
    assert!(copies[0].contains("以前の版"), "{copies:?}");
}

/// Two workbooks of one department whose names differ in a part that is
/// no version (two 課) both count.
#[test]
fn files_named_apart_by_no_version_both_count() {
    let one = somu("/share/総務部_目標_人事課.xlsx", (5, 1));
    let mut two = somu("/share/総務部_目標_総務課.xlsx", (5, 1));
    let mut reports = two.reports.to_vec();
    reports[0].goals[1].items.push(item("S", 9, "庁舎の駐車場"));
    two.reports = reports.into();
    let (_, items, copies) = counted(&[one, two]);
    assert_eq!(items, 7);
    assert!(copies.is_empty(), "{copies:?}");
}

/// A workbook whose name is another's with a part marking it old
/// (`…_修正前`, `…_旧`) is that one's earlier version, not counted, though
/// its items were revised since (a title changed, one dropped).
#[rstest]
#[case("/share/総務部_目標_修正前.xlsx")]
#[case("/share/総務部_目標（旧）.xlsx")]
#[case("/share/総務部_目標 - コピー.xlsx")]
fn a_name_marked_old_beside_the_current_is_its_earlier_version(#[case] earlier: &str) {
    let mut older = somu(earlier, (11, 20));
    let mut reports = older.reports.to_vec();
    reports[0].goals[1].items[0] = item("S", 7, "庁舎の駐車場（案）");
    reports[0].goals[1].items.push(item("S", 9, "公用車の削減"));
    older.reports = reports.into();
    let current = somu("/share/総務部_目標.xlsx", (10, 16));
    let (_, items, copies) = counted(&[older, current]);
    assert_eq!(items, 3, "{copies:?}");
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(copies[0].starts_with(&format!("{earlier}: ")), "{copies:?}");
}
