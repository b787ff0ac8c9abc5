//! Cost of deadline extraction on the texts of the corpus workbooks.
//!
//! Reads every text cell of `tests/fixtures/corpus/*.xlsx` and
//! `tests/fixtures/corpus/fy2026/*.xlsx` (each file in its own fiscal year),
//! then times `extract_deadlines`:
//!
//! - over every cell, one call per cell, as the interpretation does;
//! - over the whole corpus joined by line breaks into one text, so that a
//!   cost growing faster than the text shows;
//! - over one line of every form (postponements, open starts, undecided
//!   dates, references, year ends) repeated 500 and 2,000 times into one
//!   text: the time per KB stays the same when the cost is linear.
//!
//! Each measurement is repeated; the median and the fastest run are printed,
//! with the time per cell, the throughput and the number of deadlines found
//! (a change in the count means the extractor reads differently, not only
//! faster or slower).
//!
//! Run with `cargo bench --bench deadlines [-- --reps R]`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{Data, Reader, open_workbook_auto};
use mokuhyo_core::calendar::{FiscalYear, extract_deadlines};

/// The fiscal year of each corpus file, by a part of its name.
const YEARS: &[(&str, i32)] = &[
    ("ueda_somubu_R2", 2020),
    ("kikugawa_somubu_H31", 2019),
    ("miyazu_somubu_R5", 2023),
    ("iga_somubu_R6", 2024),
    ("ogori_action_plan_R5", 2023),
    ("令和8年度", 2026),
];

fn corpus_files() -> Vec<(PathBuf, i32)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("fy2026")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.ends_with(".xlsx") {
                continue;
            }
            if let Some((_, fy)) = YEARS.iter().find(|(part, _)| name.contains(part)) {
                files.push((path, *fy));
            }
        }
    }
    files.sort();
    files
}

/// Every non-empty text cell of `path`.
fn text_cells(path: &Path) -> Vec<String> {
    let mut workbook = open_workbook_auto(path).expect("a corpus workbook opens");
    let mut cells = Vec::new();
    for name in workbook.sheet_names() {
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        for value in range.used_cells().map(|(_, _, v)| v) {
            if let Data::String(s) = value
                && !s.trim().is_empty()
            {
                cells.push(s.clone());
            }
        }
    }
    cells
}

fn reps() -> usize {
    let mut args = std::env::args().skip(1);
    let mut reps = 50;
    while let Some(arg) = args.next() {
        if arg == "--reps" {
            reps = args.next().and_then(|v| v.parse().ok()).expect("--reps R");
        }
    }
    reps
}

/// Median and fastest of `reps` runs of `f`, and what the last run returned.
fn measure(reps: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut found = f();
    let mut times: Vec<Duration> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            found = black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    (times[times.len() / 2], times[0], found)
}

fn main() {
    let reps = reps();
    let texts: Vec<(String, FiscalYear)> = corpus_files()
        .into_iter()
        .flat_map(|(path, fy)| {
            text_cells(&path)
                .into_iter()
                .map(move |t| (t, FiscalYear(fy)))
        })
        .collect();
    let bytes: usize = texts.iter().map(|(t, _)| t.len()).sum();
    let chars: usize = texts.iter().map(|(t, _)| t.chars().count()).sum();
    println!(
        "{} text cells, {:.1} KB ({} characters), {reps} runs each",
        texts.len(),
        bytes as f64 / 1e3,
        chars
    );

    let (median, fastest, found) = measure(reps, || {
        texts
            .iter()
            .map(|(t, fy)| extract_deadlines(black_box(t), *fy).len())
            .sum()
    });
    println!(
        "per cell:    median {:.2} ms, fastest {:.2} ms per pass; {:.2} µs per cell, {:.1} MB/s; {found} deadlines",
        median.as_secs_f64() * 1e3,
        fastest.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e6 / texts.len() as f64,
        bytes as f64 / median.as_secs_f64() / 1e6,
    );

    let joined = texts
        .iter()
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let (median, fastest, found) = measure(reps, || {
        extract_deadlines(black_box(&joined), FiscalYear(2026)).len()
    });
    println!(
        "one text:    median {:.2} ms, fastest {:.2} ms; {:.1} MB/s; {found} deadlines",
        median.as_secs_f64() * 1e3,
        fastest.as_secs_f64() * 1e3,
        joined.len() as f64 / median.as_secs_f64() / 1e6,
    );

    for times in [500, 2_000] {
        let text = FORMS.repeat(times);
        let (median, fastest, found) = measure(reps.min(20), || {
            extract_deadlines(black_box(&text), FiscalYear(2026)).len()
        });
        println!(
            "forms x{times}: {:.0} KB, median {:.2} ms, fastest {:.2} ms; {:.1} µs per KB; {found} deadlines",
            text.len() as f64 / 1e3,
            median.as_secs_f64() * 1e3,
            fastest.as_secs_f64() * 1e3,
            fastest.as_secs_f64() * 1e6 / (text.len() as f64 / 1e3),
        );
    }
}

/// One line of each form read, repeated for the linearity figures.
const FORMS: &str = "9月末→12月末、当初：8月 → 変更：11月、~~9月~~、10月から実施し、以降継続、\
時期は調整中、○月頃（予定）、同上、年内、年度内（最終報告 3/15）、9月末を延期し、10月～　　　\n";
