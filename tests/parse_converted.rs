//! The same workbooks saved in the other formats departments use: `.xls`
//! (BIFF8, and an Excel 95 BIFF5/7 copy in Shift-JIS) and `.ods` copies of
//! corpus workbooks and of generated layout variants, made with LibreOffice
//! and Gnumeric (tests/fixtures/converted/make.sh). Each must read into the
//! same cells and merged ranges and parse into the same reports as its
//! `.xlsx` original, with no format-specific code in the interpretation.

use std::path::{Path, PathBuf};

use mokuhyo::io::workbook::Workbook;
use mokuhyo::io::workbook::read::{ReadLimits, read_workbook};
use mokuhyo_core::grid::{CellValue, Grid, MergedRange};
use mokuhyo_core::interpret::{
    FieldDictionary, InterpretOptions, WorkbookOutcome, interpret_workbook,
};
use mokuhyo_core::model::{Report, SheetReport};
use rstest::rstest;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn read(path: &Path) -> Workbook {
    let wb = read_workbook(path, &ReadLimits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(wb.sheet_errors().is_empty(), "{:?}", wb.sheet_errors());
    assert!(wb.problems.is_empty(), "{:?}", wb.problems);
    wb
}

fn interpret(path: &Path) -> WorkbookOutcome {
    interpret_as(path, path)
}

/// The sheets of `copy` interpreted as the file `name`.
fn interpret_as(copy: &Path, name: &Path) -> WorkbookOutcome {
    let wb = read(copy);
    interpret_workbook(
        name,
        &wb.sheets,
        &FieldDictionary::default(),
        &InterpretOptions::default(),
    )
}

fn reports(path: &Path) -> Vec<SheetReport> {
    reports_as(path, path)
}

/// The reports of a copy's sheets read as the original file, so that the
/// two compare equal when everything else is (the file's name appears in
/// the reports and in their warnings).
fn reports_as(copy: &Path, original: &Path) -> Vec<SheetReport> {
    match interpret_as(copy, original) {
        WorkbookOutcome::Reports(r) => r,
        other => panic!("{}: {other:?}", copy.display()),
    }
}

fn sheet<'a>(wb: &'a Workbook, name: &str) -> &'a Grid {
    wb.sheets
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

fn sorted_merges(grid: &Grid) -> Vec<MergedRange> {
    let mut m = grid.merged().to_vec();
    m.sort_by_key(|m| (m.first_row, m.first_col, m.last_row, m.last_col));
    m
}

const UEDA: &str = "corpus/ueda_somubu_R2.xlsx";
const OGORI: &str = "corpus/ogori_action_plan_R5.xlsx";
const SHIMIN: &str = "corpus/fy2026/令和8年度重点目標管理シート_市民生活部.xlsx";
const VARIANT: &str = "converted/令和8年度_目標_総務部.xlsx";

/// `converted/NAME.EXT` for the original `…/NAME.xlsx`.
fn copy_of(original: &str, ext: &str) -> PathBuf {
    let stem = Path::new(original).file_stem().unwrap().to_str().unwrap();
    fixture(&format!("converted/{stem}.{ext}"))
}

#[rstest]
fn copies_parse_into_the_reports_of_the_original(
    #[values(UEDA, OGORI, SHIMIN, VARIANT)] original: &str,
    #[values("xls", "ods")] ext: &str,
) {
    let original = fixture(original);
    let copy = copy_of(original.to_str().unwrap(), ext);
    let expected = reports(&original);
    assert!(!expected.is_empty());
    assert_eq!(reports_as(&copy, &original), expected, "{}", copy.display());
}

#[rstest]
fn copies_read_into_the_cells_and_merges_of_the_original(
    #[values(UEDA, OGORI, SHIMIN, VARIANT)] original: &str,
    #[values("xls", "ods")] ext: &str,
) {
    let original = fixture(original);
    let copy = copy_of(original.to_str().unwrap(), ext);
    let (a, b) = (read(&original), read(&copy));
    let names = |wb: &Workbook| wb.sheets.iter().map(|g| g.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&b), names(&a), "{}", copy.display());
    for (ga, gb) in a.sheets.iter().zip(&b.sheets) {
        let at = format!("{}!{}", copy.display(), ga.name);
        assert_eq!(sorted_merges(gb), sorted_merges(ga), "{at}: merged cells");
        for row in 0..ga.rows().max(gb.rows()) {
            for col in 0..ga.cols().max(gb.cols()) {
                assert_eq!(gb.get(row, col), ga.get(row, col), "{at} ({row}, {col})");
            }
        }
    }
}

#[rstest]
#[case("xls")]
#[case("ods")]
fn ueda_copies_keep_counts_spot_values_and_merged_item_cells(#[case] ext: &str) {
    let path = copy_of(UEDA, ext);
    let r = reports(&path);
    assert_eq!(r.len(), 5);
    let goals: Vec<_> = r.iter().flat_map(|s| &s.goals).collect();
    let per_goal: Vec<usize> = goals.iter().map(|g| g.items.len()).collect();
    assert_eq!(per_goal, vec![4, 4, 4, 4, 5]);
    assert!(
        r.iter()
            .all(|s| s.fiscal_year.0 == 2020 && s.department == "総務部")
    );
    assert_eq!(
        goals[0].title,
        "「自助・共助」を主体とした地域防災力の向上と災害対応力の強化"
    );
    let first = &goals[0].items[0];
    assert_eq!(first.title(), "○危機管理防災体制の強化");
    assert_eq!(
        first.deadline_text(),
        Some("(1) (2) 令和3年度末\n(3) (4) 年度末")
    );
    // Sheet 3's items sit in merged A:B cells.
    let wb = read(&path);
    let grid = sheet(&wb, "重点目標管理シート3");
    assert_eq!(grid.merged().len(), 20);
    assert_eq!(
        grid.merge_at(8, 1),
        Some(MergedRange {
            first_row: 8,
            first_col: 0,
            last_row: 8,
            last_col: 1
        })
    );
    assert_eq!(goals[2].items[0].cell.to_string(), "重点目標管理シート3!A9");
}

#[rstest]
#[case("xls")]
#[case("ods")]
fn ogori_copies_keep_the_year_of_their_name_and_the_years_around_it(#[case] ext: &str) {
    let r = reports(&copy_of(OGORI, ext));
    let years: Vec<i32> = r.iter().map(|s| s.fiscal_year.0).collect();
    assert_eq!(years, vec![2023]);
    assert!(r.iter().all(|s| s.items().count() == 16));
    let fy2023: Vec<_> = r[0].items().map(|(_, i)| i).collect();
    let rate_before = |i: usize| {
        fy2023[i]
            .extras
            .iter()
            .find(|e| e.header.as_ref() == "令和4年度 達成度")
            .map(|e| e.text.to_string())
    };
    assert_eq!(rate_before(4).as_deref(), Some("70%"));
    assert_eq!(rate_before(15), None);
    assert_eq!(fy2023[9].owners, vec!["市民課", "総務広報課", "関係各課"]);
}

#[rstest]
#[case("xls")]
#[case("ods")]
fn fy2026_copies_keep_empty_interim_reports_and_date_cells(#[case] ext: &str) {
    let path = copy_of(SHIMIN, ext);
    let r = reports(&path);
    assert!(
        r.iter()
            .all(|s| s.fiscal_year.0 == 2026 && s.department == "市民生活部")
    );
    let items: Vec<_> = r.iter().flat_map(|s| s.items().map(|(_, i)| i)).collect();
    assert_eq!(items.iter().filter(|i| i.interim.is_empty()).count(), 5);
}

/// The two-row header (報告 merged over 中間 / 期末) needs the merge to be
/// read: without it 期末 has no parent and the report columns are lost.
#[rstest]
#[case("xls")]
#[case("ods")]
fn variant_copies_keep_the_two_row_header(#[case] ext: &str) {
    let path = copy_of(VARIANT, ext);
    let wb = read(&path);
    let grid = sheet(&wb, "目標シート");
    assert_eq!(
        grid.merge_at(6, 6),
        Some(MergedRange {
            first_row: 6,
            first_col: 5,
            last_row: 6,
            last_col: 6
        })
    );
    let r = reports(&path);
    assert_eq!(r[0].department, "総務部");
    let items: Vec<_> = r[0].items().map(|(_, i)| i).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].number(), Some("１"));
    assert_eq!(items[0].deadline_text(), Some("2026-12-25"));
    assert_eq!(items[0].interim, Report::Filled("準備中".into()));
    assert_eq!(items[0].year_end, Report::Empty);
    assert_eq!(
        items[0].cells.year_end().unwrap().to_string(),
        "目標シート!G9"
    );
}

#[rstest]
#[case("xls")]
#[case("ods")]
fn staff_list_copies_are_not_goal_sheets(#[case] ext: &str) {
    let out = interpret(&fixture(&format!("converted/職員名簿.{ext}")));
    assert!(
        matches!(out, WorkbookOutcome::NotAGoalSheet { .. }),
        "{out:?}"
    );
}

/// BIFF5/7 stores strings in the code page its CODEPAGE record names (932,
/// Shift-JIS, here) rather than UTF-16; read with it, the text is the same
/// as the original's, and so is the parse.
#[test]
fn excel95_shift_jis_copy_reads_its_japanese_text() {
    let path = fixture("converted/ueda_somubu_R2_excel95.xls");
    let bytes = std::fs::read(&path).unwrap();
    let find = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    // BOF of BIFF5/7 (version 0x0500), CODEPAGE 932, Shift-JIS bytes of
    // 総務部 and no UTF-16 ones.
    assert!(find(&[0x09, 0x08, 0x08, 0x00, 0x00, 0x05]));
    assert!(find(&[0x42, 0x00, 0x02, 0x00, 0xA4, 0x03]));
    assert!(find(&[0x91, 0x8D, 0x96, 0xB1, 0x95, 0x94]));
    assert!(!find(&[0x4F, 0x7D, 0xD9, 0x52, 0xE8, 0x90]));

    let wb = read(&path);
    let original = read(&fixture(UEDA));
    let names: Vec<&str> = wb.sheets.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "重点目標",
            "重点目標管理シート1",
            "重点目標管理シート2",
            "重点目標管理シート3",
            "重点目標管理シート4",
            "重点目標管理シート5"
        ]
    );
    let b4 = sheet(&wb, "重点目標管理シート1").text(3, 1).unwrap();
    assert!(
        b4.starts_with("第2編 安全・安心な快適環境のまちづくり\n"),
        "{b4:?}"
    );
    for (g, o) in wb.sheets.iter().zip(&original.sheets) {
        // Gnumeric writes the MERGEDCELLS record into BIFF7 as well.
        assert_eq!(sorted_merges(g), sorted_merges(o), "{}", g.name);
        for row in 0..o.rows() {
            for col in 0..o.cols() {
                if let CellValue::Text(t) = o.get(row, col) {
                    assert_eq!(
                        g.text(row, col),
                        Some(t.as_str()),
                        "{} ({row}, {col})",
                        g.name
                    );
                }
            }
        }
    }
    assert_eq!(reports_as(&path, &fixture(UEDA)), reports(&fixture(UEDA)));
}
