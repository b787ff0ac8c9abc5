//! The generator's operators beyond one sheet, each over the items of
//! generated layouts: report workbooks beside a plan (one per period,
//! joined by number written in other widths, one number missing, titles
//! abbreviated, the period named only by the file name), the layouts
//! written as CSV in Shift_JIS and UTF-8, schedule grids drawn with fill
//! alone (written to `.xlsx` files and read back), and one sheet per
//! fiscal year. Words the dictionary does not hold where a header is free.

use std::path::Path;

use mokuhyo_core::consolidate::SourceFile;
use mokuhyo_core::grid::Grid;
use mokuhyo_core::interpret::{
    FieldDictionary, InterpretOptions, WorkbookOutcome, interpret_workbook, join_companions,
};
use mokuhyo_core::model::{ItemField, ReportState, SheetReport};

use super::layout::{Item, Layout, Rng, Shape};
use super::{UNKNOWN_SEEDS, render};

/// Headers of a report workbook's columns that name results but no part
/// of the year (the dictionary holds none of them; asserted below).
const GENERIC_REPORTS: &[&str] = &["進捗状況", "進み具合", "取組の状況", "実施状況"];
const ABBREVIATED: &[&str] = &["件名", "項目（略）", "取組名（略称）", "なにを"];
const INTERIM_NAMES: &[&str] = &["中間報告", "上期", "9月末時点", "上半期報告"];
const YEAR_END_NAMES: &[&str] = &["実績", "年度末", "下期", "最終報告"];

fn read(path: &str, grids: &[Grid]) -> SourceFile {
    let outcome = interpret_workbook(
        Path::new(path),
        grids,
        &FieldDictionary::default(),
        &InterpretOptions::default(),
    );
    // A workbook read as no goal workbook reports nothing.
    let reports: Vec<SheetReport> = match outcome {
        WorkbookOutcome::Reports(r) => r,
        _ => Vec::new(),
    };
    SourceFile {
        path: path.into(),
        modified: None,
        reports: reports.into(),
        problems: Vec::new(),
        stale: false,
    }
}

fn items(layout: &Layout) -> Vec<&Item> {
    layout.goals.iter().flat_map(|(_, items)| items).collect()
}

/// `title` with some characters left out, as people shorten it: its
/// bullet (○) dropped, at least two of its characters kept, in order.
fn abbreviated(title: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = title
        .trim_start_matches(['○', '・', '◎'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if chars.len() <= 3 {
        return chars.into_iter().collect();
    }
    let kept: String = chars.iter().filter(|_| rng.chance(65)).collect();
    if kept.chars().count() >= 2 {
        kept
    } else {
        chars[..2].iter().collect()
    }
}

/// A number as another sheet writes it: full width, in brackets, or as is.
fn written(number: &str, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => number
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                c => c,
            })
            .collect(),
        1 => format!("({number})"),
        _ => number.to_string(),
    }
}

/// One scenario: a plan and its report workbooks, and what each plan
/// item's reports must read as.
fn companion_check(seed: u64, share: u64) -> Result<(), String> {
    let layout = Layout::generate(seed, share);
    let mut rng = Rng::new(seed ^ 0xC0FF_EE00);
    let items = items(&layout);
    if items.is_empty() {
        return Ok(());
    }
    let stem = *rng.pick(&["令和8年度_くらし部", "R8_くらし部_計画", "くらし部 R8"]);
    let base = stem.strip_suffix("_計画").unwrap_or(stem);
    let mut plan_rows: Vec<Vec<String>> = vec![
        vec!["令和8年度 くらし部 取組計画".into()],
        vec![
            "番号".into(),
            "やること".into(),
            "いつまでに".into(),
            "受け持ち".into(),
        ],
    ];
    for (i, item) in items.iter().enumerate() {
        plan_rows.push(vec![
            (i + 1).to_string(),
            item.title.clone(),
            item.deadline.clone(),
            item.owner.clone(),
        ]);
    }
    let mut files = vec![read(
        &format!("共有/{stem}.xlsx"),
        &[grid("計画", &plan_rows)],
    )];
    let interim = rng.chance(80);
    let year_end = !interim || rng.chance(50);
    // One number missing from a report workbook of three rows or more.
    let missing = if items.len() >= 3 {
        rng.below(items.len() + 1)
    } else {
        items.len()
    };
    let mut periods = Vec::new();
    for (wanted, names, year_end) in [
        (interim, INTERIM_NAMES, false),
        (year_end, YEAR_END_NAMES, true),
    ] {
        if !wanted {
            continue;
        }
        periods.push(year_end);
        let name = rng.pick(names);
        let path = if rng.chance(50) {
            format!("共有/{base}_{name}.xlsx")
        } else {
            format!("共有/{base}（{name}）.xlsx")
        };
        let mut rows: Vec<Vec<String>> = vec![vec![
            "No.".into(),
            rng.pick(ABBREVIATED).to_string(),
            rng.pick(GENERIC_REPORTS).to_string(),
        ]];
        for (i, item) in items.iter().enumerate() {
            if i == missing {
                continue;
            }
            let text = if year_end {
                &item.year_end
            } else {
                &item.interim
            };
            rows.push(vec![
                written(&(i + 1).to_string(), &mut rng),
                abbreviated(&item.title, &mut rng),
                text.clone(),
            ]);
        }
        files.push(read(&path, &[grid("報告", &rows)]));
    }
    let joined = join_companions(
        &files,
        &FieldDictionary::default(),
        &InterpretOptions::default(),
        &mokuhyo_core::consolidate::copies::default_copy_marks(),
    );
    let mut problems = Vec::new();
    let plan_items: Vec<_> = joined[0].reports.iter().flat_map(|r| r.items()).collect();
    if plan_items.len() != items.len() {
        problems.push(format!(
            "plan read {} items of {}",
            plan_items.len(),
            items.len()
        ));
    }
    for (i, ((_, got), item)) in plan_items.iter().zip(&items).enumerate() {
        for (field, year_end) in [(ItemField::Interim, false), (ItemField::YearEnd, true)] {
            let text = if year_end {
                &item.year_end
            } else {
                &item.interim
            };
            let want = match () {
                _ if !periods.contains(&year_end) => "absent",
                _ if i == missing => "no cell",
                _ if text.is_empty() => "empty",
                _ => "filled",
            };
            let state = match got.report_state(field) {
                ReportState::Filled(_) => "filled",
                ReportState::Empty(cell) if cell.workbook().is_some() => "empty",
                ReportState::Empty(_) => "empty in the plan",
                ReportState::NoCell => "no cell",
                ReportState::NotInLayout => "absent",
            };
            if state != want {
                problems.push(format!(
                    "item {i} {field:?}: want {want}, got {state} ({:?} / {:?})",
                    got.number(),
                    got.text()
                ));
            }
        }
    }
    for file in &joined[1..] {
        if !file.reports.is_empty() {
            problems.push(format!("{} counted as goals", file.path.display()));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    for file in &files {
        for (_, i) in file.reports.iter().flat_map(|r| r.items()) {
            problems.push(format!("  row {:?} {:?}", i.number(), i.title()));
        }
        for r in file.reports.iter() {
            for t in &r.reading.tables {
                let cols: Vec<String> = t
                    .columns
                    .iter()
                    .map(|c| format!("{}={}", c.header, c.role.key()))
                    .collect();
                problems.push(format!("  {}: {}", file.path.display(), cols.join(" ")));
            }
        }
    }
    Err(format!("seed {seed}: {}", problems.join("\n")))
}

fn grid(name: &str, rows: &[Vec<String>]) -> Grid {
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    Grid::from_texts(name, &rows)
}

#[test]
fn the_report_workbook_headers_name_no_part_of_the_year_the_dictionary_holds() {
    let dict = FieldDictionary::default();
    for word in GENERIC_REPORTS {
        let n = mokuhyo_core::interpret::dictionary::normalize_label(word);
        assert_eq!(dict.classify(&n), None, "{word}");
    }
}

#[test]
fn generated_report_workbooks_beside_a_plan_are_joined_exactly() {
    let failures: Vec<String> = (0..200)
        .chain(UNKNOWN_SEEDS..UNKNOWN_SEEDS + 200)
        .filter_map(|seed| companion_check(seed, if seed >= UNKNOWN_SEEDS { 70 } else { 0 }).err())
        .collect();
    super::assert_all_read(&failures, 400, "report_workbooks");
}

/// Whether a layout can be written as CSV as it is: one sheet of a table,
/// no merged cell, its sheet's name naming nothing the reading needs.
fn fits_csv(layout: &Layout, sheets: &[render::Sheet]) -> bool {
    layout.shape == Shape::Table
        && sheets.len() == 1
        && sheets[0].merges.is_empty()
        && !layout.sheet_is_department
        && layout.division_sheet.is_none()
}

/// A sheet as CSV text, each cell as the sheet shows it.
fn csv_text(sheet: &render::Sheet) -> String {
    use mokuhyo_core::grid::CellValue;
    let rows = sheet.cells.keys().map(|k| k.0 + 1).max().unwrap_or(0);
    let cols = sheet.cells.keys().map(|k| k.1 + 1).max().unwrap_or(0);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for r in 0..rows {
        let record: Vec<String> = (0..cols)
            .map(|c| match sheet.cells.get(&(r, c)) {
                None | Some(CellValue::Empty) => String::new(),
                Some(CellValue::Text(t)) => t.clone(),
                Some(CellValue::Number(n)) => n.to_string(),
                Some(CellValue::Date(d)) => d.date().format("%Y-%m-%d").to_string(),
                Some(CellValue::Month { shown, .. }) => shown.clone(),
                Some(other) => format!("{other:?}"),
            })
            .collect();
        writer.write_record(&record).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

#[test]
fn generated_layouts_written_as_csv_in_shift_jis_and_utf8_are_read_exactly() {
    use mokuhyo::io::workbook::read::{ReadLimits, read_workbook};
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut written = [0, 0];
    for seed in (0..300).chain(UNKNOWN_SEEDS..UNKNOWN_SEEDS + 300) {
        let layout = Layout::generate(seed, if seed >= UNKNOWN_SEEDS { 70 } else { 0 });
        let sheets = render::sheets(&layout);
        if !fits_csv(&layout, &sheets) {
            continue;
        }
        let text = csv_text(&sheets[0]);
        let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
        let bytes = if seed % 2 == 0 && !unmappable {
            written[0] += 1;
            sjis.into_owned()
        } else {
            written[1] += 1;
            [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat()
        };
        let path = dir
            .path()
            .join(format!("{seed}_{}", render::FILE.replace(".xlsx", ".csv")));
        std::fs::write(&path, bytes).unwrap();
        let workbook = read_workbook(&path, &ReadLimits::default()).unwrap();
        if let Err(why) = super::check_grids(&layout, &workbook.sheets) {
            failures.push(format!("{layout:?}{why}"));
        }
    }
    assert!(written[0] >= 20 && written[1] >= 20, "{written:?}");
    super::assert_all_read(&failures, (written[0] + written[1]) as u64, "csv");
}

/// An item's bar: the months (fiscal order, 0 = 4月) it is shaded over.
fn bar(rng: &mut Rng) -> Vec<u16> {
    let first = rng.below(10) as u16;
    let last = first + rng.below(12 - first as usize) as u16;
    let mut months: Vec<u16> = (first..=last).collect();
    if last < 9 && rng.chance(30) {
        months.push(last + 2);
    }
    months
}

/// The months of a bar as the reading writes them (`5月～7月、9月`) and the
/// end of its last month.
fn bar_read(months: &[u16]) -> (String, String) {
    let month = |m: u16| (m + 3) % 12 + 1;
    let mut runs: Vec<(u16, u16)> = Vec::new();
    for &m in months {
        match runs.last_mut() {
            Some((_, last)) if m == *last + 1 => *last = m,
            _ => runs.push((m, m)),
        }
    }
    let text = runs
        .iter()
        .map(|&(a, b)| {
            if a == b {
                format!("{}月", month(a))
            } else {
                format!("{}月～{}月", month(a), month(b))
            }
        })
        .collect::<Vec<_>>()
        .join("、");
    let last = *months.last().unwrap_or(&11);
    let (year, m) = if month(last) >= 4 {
        (2026, month(last))
    } else {
        (2027, month(last))
    };
    let end = chrono::NaiveDate::from_ymd_opt(year, u32::from(m) % 12 + 1, 1)
        .map(|d| {
            if m == 12 {
                chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap()
            } else {
                d
            }
        })
        .unwrap()
        .pred_opt()
        .unwrap();
    (text, end.to_string())
}

#[test]
fn generated_schedules_drawn_with_fill_alone_are_read_from_their_files() {
    use mokuhyo::io::workbook::read::{ReadLimits, read_workbook};
    use rust_xlsxwriter::{Color, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut read_books = 0;
    for seed in (0..400)
        .step_by(10)
        .chain((UNKNOWN_SEEDS..UNKNOWN_SEEDS + 400).step_by(10))
    {
        let layout = Layout::generate(seed, if seed >= UNKNOWN_SEEDS { 70 } else { 0 });
        let mut rng = Rng::new(seed ^ 0xF111);
        let items = items(&layout);
        let colour = Color::RGB(*rng.pick(&[0x4F81BDu32, 0xFFC000, 0x92D050, 0xA6A6A6]));
        let background = rng
            .chance(40)
            .then(|| Format::new().set_background_color(Color::RGB(0xFFF2CC)));
        let bar_format = Format::new().set_background_color(colour);
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("工程表").unwrap();
        ws.write_string(0, 0, "令和8年度 くらし部 工程表").unwrap();
        ws.write_string(1, 0, "番号").unwrap();
        ws.write_string(1, 1, *rng.pick(&["やること", "取組項目", "主な活動"]))
            .unwrap();
        for m in 0..12u16 {
            ws.write_string(1, 2 + m, format!("{}月", (m + 3) % 12 + 1))
                .unwrap();
        }
        let mut want = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let row = 2 + i as u32;
            ws.write_string(row, 0, (i + 1).to_string()).unwrap();
            ws.write_string(row, 1, &item.title).unwrap();
            let months = bar(&mut rng);
            for m in 0..12u16 {
                if months.contains(&m) {
                    ws.write_blank(row, 2 + m, &bar_format).unwrap();
                } else if let Some(pale) = &background {
                    ws.write_blank(row, 2 + m, pale).unwrap();
                }
            }
            want.push((item.title.clone(), bar_read(&months)));
        }
        let path = dir.path().join(format!("{seed}_工程表.xlsx"));
        book.save(&path).unwrap();
        let workbook = read_workbook(&path, &ReadLimits::default()).unwrap();
        let outcome = interpret_workbook(
            &path,
            &workbook.sheets,
            &FieldDictionary::default(),
            &InterpretOptions::default(),
        );
        read_books += 1;
        let got: Vec<(String, (String, String))> = outcome
            .reports()
            .iter()
            .flat_map(|r| r.items())
            .map(|(_, i)| {
                (
                    i.title().to_string(),
                    (
                        i.deadline_text().unwrap_or_default().to_string(),
                        i.due_dates()
                            .last()
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                    ),
                )
            })
            .collect();
        if got != want {
            failures.push(format!("seed {seed}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    super::assert_all_read(&failures, read_books, "fill_schedules");
}

#[test]
fn generated_layouts_kept_one_sheet_per_fiscal_year_read_each_into_its_year() {
    let mut failures = Vec::new();
    let names = [
        ("R7", "R8"),
        ("令和7年度", "令和8年度"),
        ("2025", "2026"),
        ("FY2025", "FY2026"),
    ];
    for seed in (0..300).chain(UNKNOWN_SEEDS..UNKNOWN_SEEDS + 300) {
        let layout = Layout::generate(seed, if seed >= UNKNOWN_SEEDS { 70 } else { 0 });
        let sheets = render::sheets(&layout);
        if layout.shape != Shape::Table
            || sheets.len() != 1
            || layout.sheet_is_department
            || layout.division_sheet.is_some()
        {
            continue;
        }
        let (earlier, this) = names[(seed % 4) as usize];
        let mut old = sheets[0].grid();
        old.name = earlier.to_string();
        let mut new = sheets[0].grid();
        new.name = this.to_string();
        let outcome = interpret_workbook(
            Path::new(render::FILE),
            &[old, new],
            &FieldDictionary::default(),
            &InterpretOptions::default(),
        );
        let years: Vec<(String, i32, usize)> = outcome
            .reports()
            .iter()
            .map(|r| (r.sheet.clone(), r.fiscal_year.0, r.items().count()))
            .collect();
        let count = items(&layout).len();
        let want_years = |sheet: &str| -> Vec<i32> {
            years.iter().filter(|y| y.0 == sheet).map(|y| y.1).collect()
        };
        let per_sheet: usize = years.iter().filter(|y| y.0 == earlier).map(|y| y.2).sum();
        if !want_years(earlier).iter().all(|&y| y == 2025)
            || !want_years(this).iter().all(|&y| y == 2026)
            || per_sheet != count
        {
            failures.push(format!(
                "{layout:?}\n  read {years:?}, {count} items a sheet"
            ));
        }
    }
    super::assert_all_read(&failures, 600, "year_per_sheet");
}
