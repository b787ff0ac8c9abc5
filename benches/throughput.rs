//! Throughput of mokuhyo on a generated shared folder.
//!
//! Generates N department workbooks in the fy2026 (上田) layout — an
//! overview sheet 重点目標 and three goal sheets 重点目標管理シート1..3 with
//! four action items each — then measures, with several repetitions in
//! which (a), (b) and (c) take turns:
//!
//! - (a) a bare read: calamine opening every file and reading every cell of
//!   every sheet, on one thread;
//! - (b) the parse: `Catalog::refresh_all` over the same files (a fresh
//!   catalog each time), on every core;
//! - (c) a full consolidation: a fresh `Pipeline`, `scan` and
//!   `write_outputs(None, …)`, timed in process; its peak memory is taken in
//!   a child process of this binary (`--mode consolidate`), beside (a) as
//!   a whole process too (`--mode read`), so that the two compare as
//!   processes;
//! - (d) an incremental update: after a full scan, one workbook is
//!   rewritten and `scan` + `write_outputs(Some(years))` is timed, with 50
//!   and with N workbooks in the folder, and with N without the page and
//!   the publish CSV (`output.html`, `output.publish_csv` off).
//!
//! Run with `cargo bench --bench throughput [-- --count N --reps R]`.
//!
//! `-- --mode incremental [--count N --reps R]` times (d) alone, with and
//! without the page and the publish CSV taking turns, and reports what they
//! add to the rewrite.
//!
//! `-- --mode generate --folder F [--count N]` keeps a generated folder;
//! `-- --mode page --folder F --out O [--reps R]` then makes its book's
//! page and publish CSV alone, R times, and writes the last ones to O (for
//! instruction counts under callgrind, see [`page_alone`]);
//! `-- --mode parse --folder F [--reps R]` times (b) alone on it as a
//! process (with `RAYON_NUM_THREADS=1`, one core; under
//! `valgrind --tool=callgrind`, an instruction count that load does not
//! change).
//!
//! `-- --mode idle [--count N | --folder F] [--quiet-secs S] [--binary B]`
//! measures the real daemon instead: `mokuhyo run` (this build's binary, or
//! B, e.g. `target/release/mokuhyo`: a bench build also has the features
//! that dev-dependencies turn on in shared crates) on N generated
//! workbooks (or the folder F), native watcher, outputs, outbox and state
//! file in a temporary folder. Once the consolidated workbook is written and
//! the daemon has settled, it waits S quiet seconds (default 30) and reports
//! resident memory (VmRSS, VmHWM, anon and file-backed) and the CPU time
//! used over those seconds; then it saves one workbook again and reports how
//! long the daemon took to rewrite the consolidated workbook after its
//! debounce window, and the memory after that; then it restarts the daemon
//! on the same state file and reports the memory once more.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use calamine::{Data, Reader, open_workbook_auto};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use mokuhyo::config::Settings;
use mokuhyo::io::catalog::{Catalog, FileRead, Vanished};
use mokuhyo::pipeline::Pipeline;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// The allocator of the `mokuhyo` binary, so that the figures are the
/// binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEPARTMENTS: &[&str] = &[
    "総務部",
    "企画部",
    "市民生活部",
    "健康福祉部",
    "こども未来部",
    "環境部",
    "産業振興部",
    "建設部",
    "都市整備部",
    "上下水道部",
    "教育部",
    "消防本部",
];

const HEADS: &[&str] = &[
    "佐々木 隆",
    "大野 恵美",
    "田中 誠",
    "山本 直子",
    "小林 健一",
    "中村 由美",
    "伊藤 浩",
];

const GOALS: &[&str] = &[
    "「自助・共助」を基本とした地域防災力の向上と災害対応力の強化",
    "行政のデジタル化推進と業務改革",
    "職員の働き方改革と人材の確保・育成",
    "第3次総合計画後期基本計画の策定",
    "移住・定住の促進と関係人口の創出",
    "地域包括ケアシステムの深化と介護予防の推進",
    "子育て世代への切れ目のない支援の充実",
    "公共施設の長寿命化と計画的な維持管理",
    "脱炭素社会の実現に向けた再生可能エネルギーの導入促進",
    "地域産業の振興と中心市街地のにぎわい創出",
];

const ACTIONS: &[&str] = &[
    "○総合防災訓練の実施\n(1) 市内5地区での避難所開設・運営訓練\n(2) 職員初動対応・参集訓練",
    "○地区防災計画の作成支援\n・自主防災組織向け出前講座の開催\n・地区防災計画作成の手引きの改訂",
    "○書かない窓口の拡大\n・対象手続の拡大\n・申請書作成支援システムの改修",
    "○生成AIの業務活用\n(1) 利用ガイドラインの改訂\n(2) 全庁研修の実施",
    "○電子契約の導入\n・電子契約サービスの試行\n・契約事務規則の改正",
    "○市民意識調査の実施・分析",
    "○市民ワークショップの開催\n・高校生ワークショップ\n・子育て世代ワークショップ",
    "○移住相談体制の充実\n・オンライン移住相談の常設化\n・首都圏移住フェアへの出展（年4回）",
    "○ふるさと納税の推進\n・返礼品の新規開拓（30品目）\n・ポータルサイトの追加",
    "○地域おこし協力隊の募集・定着支援",
    "○ペーパーレス会議の推進",
    "○橋梁の定期点検と修繕工事の実施\n・点検対象橋梁の5年周期点検\n・判定区分Ⅲの橋梁の修繕",
];

const DEADLINES: &[&str] = &[
    "(1) 9月\n(2) 3月",
    "上半期",
    "(1) 8月\n(2) 9月末まで",
    "12月",
    "(1) 7月\n(2) 1月",
    "通年",
    "11月末まで",
    "令和9年3月",
    "(1) 6月\n(2) 11月",
    "7月末まで",
    "(1) 6月\n(2) 年度内",
    "8月中",
    "年度末",
    "令和8年4月～令和9年3月",
    "9月中",
    "5月～2月",
    "令和9年2月",
    "1月末まで",
    "令和8年10月",
    "下半期",
    "年度内",
    "(1) 10月\n(2) 2月",
    "(1) 12月末まで\n(2) 年度末",
    "10月・1月",
    "5月～10月",
    "(1) 上半期\n(2) 12月",
    "9月末まで",
    "令和8年12月",
    "10月",
    "12月末まで",
];

const TARGETS: &[&str] = &[
    "(1) 参加者1,500人以上\n(2) 参集率90%以上",
    "新規作成5地区（累計30地区）",
    "作成率60%（令和7年度末45%）",
    "実施設計完了・工事請負契約の締結",
    "対象手続30手続",
    "利用職員の割合50%以上",
    "回収率40%以上",
    "参加者延べ150人",
    "移住相談件数300件\n移住者数80人",
    "寄附額12億円",
];

const INTERIMS: &[&str] = &[
    "出前講座を12回開催した（参加者延べ386人）。3地区で計画案の作成に着手した。\n手引きは7月に改訂済み。",
    "ケアマネジャー・相談支援専門員への委託により作成を進め、9月末時点の作成率は52.3%。",
    "実施設計を委託し、10月末に中間成果を受領した。12月議会に工事請負契約議案を提出予定。",
    "転入・転出・児童手当等28手続で運用を開始した。残る2手続はシステム改修後の11月に追加予定。",
    "6月に無作為抽出3,000人を対象に実施し、回収率は43.5%。7月に集計結果を公表した。",
    "上半期の相談件数は168件（前年同期比+21件）、移住者数は37人。移住フェアに2回出展した。",
    "9月末現在の寄附額は4.1億円（前年同期比108%）。新規返礼品を22品目追加した。",
];

const SITUATIONS: &[&str] = &[
    "近年、全国各地で大規模な自然災害が頻発しており、本市においても南海トラフ地震や豪雨災害への備えが急務となっている。\n自主防災組織の高齢化や担い手不足が進む中、地域における共助の体制づくりと、市の災害対応力の強化が課題となっている。",
    "本市の人口は令和7年10月1日現在で74,812人と、前年から612人減少しており、特に20歳代の転出超過が続いている。\n一方、地方移住への関心は高い水準にあり、首都圏等からの移住相談件数は増加傾向にある。",
    "国の自治体DX推進計画に基づき、基幹業務システムの標準化や行政手続のオンライン化に対応する必要がある。\n職員数が減少する中、デジタル技術を活用した業務の効率化により、市民サービスの向上を図ることが求められている。",
];

const PURPOSES: &[&str] = &[
    "①訓練や出前講座を通じて、市民一人ひとりの防災意識の向上を図ります。\n②災害時に支援が必要な方の避難体制を整えます。",
    "①市民意識調査や市民ワークショップにより、幅広い市民の意見を計画に反映します。\n②総合計画審議会での審議を経て、令和9年3月議会で後期基本計画の議決を得ます。",
    "①相談体制と移住体験の充実により、移住者数の増加を図ります。\n②ふるさと納税や地域おこし協力隊制度を活用し、本市を応援する関係人口を創出します。",
];

const NUMBERS: &[&str] = &["①", "②", "③", "④"];
const ITEMS_PER_SHEET: usize = 4;
const GOAL_SHEETS: usize = 3;

/// The text of one generated department workbook.
struct Department {
    name: String,
    head: &'static str,
    seed: usize,
    /// Changes the first interim report, to rewrite a workbook with one cell changed.
    revision: usize,
}

impl Department {
    fn new(index: usize) -> Self {
        let base = DEPARTMENTS[index % DEPARTMENTS.len()];
        let number = index / DEPARTMENTS.len() + 1;
        Department {
            name: format!("{base}{number}"),
            head: HEADS[index % HEADS.len()],
            seed: index,
            revision: 0,
        }
    }

    fn file_name(&self) -> String {
        format!("令和8年度重点目標管理シート_{}.xlsx", self.name)
    }

    fn pick<'a>(&self, pool: &[&'a str], salt: usize) -> &'a str {
        let x = self
            .seed
            .wrapping_mul(2_654_435_761)
            .wrapping_add(salt.wrapping_mul(40_503))
            .rotate_left(7);
        pool[x % pool.len()]
    }

    fn goal(&self, g: usize) -> &'static str {
        GOALS[(self.seed + g * 3) % GOALS.len()]
    }
}

struct Formats {
    title: Format,
    label: Format,
    header: Format,
    text: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new()
            .set_font_name("ＭＳ ゴシック")
            .set_font_size(10)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_font_name("ＭＳ ゴシック")
                .set_font_size(14)
                .set_bold()
                .set_align(FormatAlign::Center),
            label: base.clone().set_bold().set_background_color(0xF2F2F2),
            header: base.clone().set_bold().set_background_color(0xD9E1F2),
            text: base,
        }
    }
}

fn write_department(dept: &Department, path: &Path) -> Result<(), XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();

    let ws = wb.add_worksheet().set_name("重点目標")?;
    ws.set_column_width(0, 8)?;
    ws.set_column_width(1, 60)?;
    ws.set_column_width(2, 12)?;
    ws.merge_range(0, 0, 0, 2, "令和8年度 重点目標", &f.title)?;
    ws.write_with_format(2, 0, "部局名", &f.label)?;
    ws.write_with_format(2, 1, dept.name.as_str(), &f.text)?;
    ws.write_with_format(3, 0, "部局長", &f.label)?;
    ws.write_with_format(3, 1, dept.head, &f.text)?;
    ws.write_with_format(5, 0, "No.", &f.header)?;
    ws.write_with_format(5, 1, "重点目標", &f.header)?;
    ws.write_with_format(5, 2, "優先順位", &f.header)?;
    for g in 0..GOAL_SHEETS {
        let row = 6 + g as u32;
        ws.write_with_format(row, 0, (g + 1) as f64, &f.text)?;
        ws.write_with_format(row, 1, dept.goal(g), &f.text)?;
        ws.write_with_format(row, 2, format!("{}位", g + 1), &f.text)?;
    }
    ws.merge_range(
        10,
        0,
        10,
        2,
        "作成日：令和8年4月30日\u{3000}中間報告：令和8年10月30日\u{3000}期末報告：令和9年4月30日（予定）",
        &f.text,
    )?;

    for g in 0..GOAL_SHEETS {
        let ws = wb
            .add_worksheet()
            .set_name(format!("重点目標管理シート{}", g + 1))?;
        for (col, width) in [12.0, 42.0, 18.0, 22.0, 36.0, 18.0, 18.0]
            .into_iter()
            .enumerate()
        {
            ws.set_column_width(col as u16, width)?;
        }
        ws.merge_range(0, 0, 0, 6, "令和8年度 重点目標管理シート", &f.title)?;
        ws.write_with_format(2, 0, "重点目標", &f.label)?;
        ws.merge_range(2, 1, 2, 2, dept.goal(g), &f.text)?;
        ws.write_with_format(2, 3, "部局名", &f.label)?;
        ws.write_with_format(2, 4, dept.name.as_str(), &f.text)?;
        ws.write_with_format(2, 5, "優先順位", &f.label)?;
        ws.write_with_format(2, 6, format!("{}位", g + 1), &f.text)?;
        ws.write_with_format(3, 0, "総合計画における位置付け", &f.label)?;
        ws.merge_range(
            3,
            1,
            3,
            2,
            "基本目標6 持続可能な行財政運営\n施策28 デジタル化の推進",
            &f.text,
        )?;
        ws.write_with_format(3, 3, "総合戦略における位置付け", &f.label)?;
        ws.merge_range(
            3,
            4,
            3,
            6,
            "基本目標4 安心して暮らし続けられる地域をつくる",
            &f.text,
        )?;
        ws.write_with_format(4, 0, "行財政改革大綱における位置付け", &f.label)?;
        ws.merge_range(4, 1, 4, 2, "", &f.text)?;
        ws.write_with_format(4, 3, "市長マニフェストにおける位置付け", &f.label)?;
        ws.merge_range(4, 4, 4, 6, "3 災害に強いまちづくり", &f.text)?;
        ws.write_with_format(5, 0, "現況・課題", &f.label)?;
        ws.merge_range(5, 1, 5, 6, dept.pick(SITUATIONS, g), &f.text)?;
        ws.write_with_format(6, 0, "目的・効果", &f.label)?;
        ws.merge_range(6, 1, 6, 6, dept.pick(PURPOSES, g + 7), &f.text)?;
        let headers = [
            "取組項目及び方法・手段（何をどのように）",
            "期間・期限（いつ・いつまでに）",
            "数値目標（どの水準まで）",
            "中間報告（目標に対する進捗状況・進捗度）",
        ];
        for (i, h) in headers.iter().enumerate() {
            ws.write_with_format(7, 1 + i as u16, *h, &f.header)?;
        }
        ws.merge_range(
            7,
            5,
            7,
            6,
            "期末報告（目標に対する達成状況・達成度）",
            &f.header,
        )?;
        for (i, number) in NUMBERS.iter().enumerate().take(ITEMS_PER_SHEET) {
            let row = 8 + i as u32;
            let salt = g * 16 + i;
            ws.set_row_height(row, 68)?;
            ws.write_with_format(row, 0, *number, &f.text)?;
            ws.write_with_format(row, 1, dept.pick(ACTIONS, salt), &f.text)?;
            ws.write_with_format(row, 2, dept.pick(DEADLINES, salt + 101), &f.text)?;
            ws.write_with_format(row, 3, dept.pick(TARGETS, salt + 211), &f.text)?;
            if g == 0 && i == 0 {
                let text = format!(
                    "{}\n（第{}版）",
                    dept.pick(INTERIMS, salt + 307),
                    dept.revision + 1
                );
                ws.write_with_format(row, 4, text, &f.text)?;
            } else if (dept.seed + salt).is_multiple_of(3) {
                // Some interim cells are still empty.
                ws.write_blank(row, 4, &f.text)?;
            } else {
                ws.write_with_format(row, 4, dept.pick(INTERIMS, salt + 307), &f.text)?;
            }
            ws.merge_range(row, 5, row, 6, "", &f.text)?;
        }
        let row = 8 + ITEMS_PER_SHEET as u32;
        ws.write_with_format(row, 0, "特記事項", &f.label)?;
        ws.merge_range(
            row,
            1,
            row,
            3,
            "○市民参加・協働の推進、市民満足度の向上を考慮した点",
            &f.text,
        )?;
        ws.merge_range(row, 4, row, 6, "○取組による効果・残された課題", &f.text)?;
    }
    wb.save(path)
}

/// Writes `count` department workbooks into `dir`; returns their paths.
fn generate(dir: &Path, count: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    (0..count)
        .map(|i| {
            let dept = Department::new(i);
            let path = dir.join(dept.file_name());
            write_department(&dept, &path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            path
        })
        .collect()
}

/// Parses one generated workbook and fails loudly unless it gives the
/// department's three goals with twelve items in all.
fn verify(path: &Path) {
    let parser = Settings::default().parser().expect("built-in parser");
    let FileRead::Reports {
        reports, problems, ..
    } = parser.parse(path)
    else {
        panic!(
            "{}: generated workbook did not parse as goal sheets",
            path.display()
        );
    };
    assert!(problems.is_empty(), "{}: {problems:?}", path.display());
    let items: usize = reports
        .iter()
        .flat_map(|r| &r.goals)
        .map(|g| g.items.len())
        .sum();
    let goals: usize = reports.iter().map(|r| r.goals.len()).sum();
    assert_eq!(
        (goals, items),
        (GOAL_SHEETS, GOAL_SHEETS * ITEMS_PER_SHEET),
        "{}: generated workbook parses to {goals} goals / {items} items",
        path.display()
    );
    let with_deadline = reports
        .iter()
        .flat_map(|r| &r.goals)
        .flat_map(|g| &g.items)
        .filter(|i| i.deadline_text().is_some())
        .count();
    assert_eq!(
        with_deadline,
        items,
        "{}: deadlines not found",
        path.display()
    );
    assert!(
        reports.iter().all(|r| r.fiscal_year.0 == 2026),
        "{}: fiscal year not 2026",
        path.display()
    );
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 15, 3, 0, 0)
        .single()
        .expect("valid constant")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 15).expect("valid constant")
}

fn settings(folder: &Path, out: &Path) -> Settings {
    let mut s = Settings::default();
    s.folder.path = folder.to_path_buf();
    s.folder.recursive = false;
    s.output.dir = out.to_path_buf();
    s
}

/// (a): every cell of every sheet, one thread.
fn bare_read(paths: &[PathBuf]) -> usize {
    let mut cells = 0;
    for path in paths {
        let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for name in wb.sheet_names() {
            let range = wb
                .worksheet_range(&name)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for (_, _, data) in range.used_cells() {
                if !matches!(data, Data::Empty) {
                    cells += 1;
                }
            }
        }
    }
    cells
}

/// `--mode parse`: (b) on the workbooks of `folder`, `reps` times, each
/// rep's time printed.
fn child_parse(folder: &Path, reps: usize) {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    paths.sort();
    let out = tempfile::tempdir().expect("temp dir");
    let s = settings(folder, out.path());
    for _ in 0..reps.max(1) {
        let start = Instant::now();
        assert_eq!(parse_all(&paths, &s), paths.len());
        println!(
            "parse {} workbooks: {:.0} ms",
            paths.len(),
            ms(start.elapsed())
        );
    }
}

/// (b): the catalog's parallel refresh of every file.
fn parse_all(paths: &[PathBuf], settings: &Settings) -> usize {
    let parser = settings.parser().expect("built-in parser");
    let mut catalog = Catalog::new();
    let changes = catalog.refresh_all(paths, &parser, now(), Vanished::Removed, &|| {});
    assert_eq!(changes.len(), paths.len());
    catalog.len()
}

/// (c): scan and write every year's outputs; returns the files written.
fn consolidate(settings: &Settings) -> usize {
    let mut pipeline = Pipeline::new(settings.clone()).expect("pipeline");
    let summary = pipeline.scan(now(), &|_| {});
    assert!(!summary.touched.years.is_empty(), "no fiscal year found");
    let outcomes = pipeline.write_outputs(None, today(), now());
    for o in &outcomes {
        if let Err(e) = &o.result {
            panic!("{}: {e}", o.target.display());
        }
    }
    outcomes.len()
}

#[derive(Clone, Copy)]
struct Stats {
    best: Duration,
    median: Duration,
}

fn stats(mut times: Vec<Duration>) -> Stats {
    times.sort();
    Stats {
        best: times[0],
        median: times[times.len() / 2],
    }
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// (d): one workbook rewritten, then scan + write of the changed years.
fn incremental(count: usize, reps: usize, root: &Path, page: bool) -> Stats {
    let mut run = Incremental::new(count, root, page);
    stats((0..reps).map(|rep| run.rewrite(rep).0).collect())
}

/// A folder of `count` workbooks read once, and one of them saved again
/// and again: (d).
struct Incremental {
    pipeline: Pipeline,
    path: PathBuf,
    dept: Department,
}

impl Incremental {
    fn new(count: usize, root: &Path, page: bool) -> Self {
        let folder = root.join(format!("incremental-{count}-{page}"));
        let out = root.join(format!("incremental-{count}-{page}-out"));
        std::fs::create_dir_all(&out).expect("output dir");
        let paths = generate(&folder, count);
        let mut settings = settings(&folder, &out);
        settings.output.html = page;
        settings.output.publish_csv = page;
        let mut pipeline = Pipeline::new(settings).expect("pipeline");
        let summary = pipeline.scan(now(), &|_| {});
        assert_eq!(pipeline.catalog().len(), count);
        pipeline.write_outputs(Some(&summary.touched.years), today(), now());
        let target = count / 2;
        Incremental {
            pipeline,
            path: paths[target].clone(),
            dept: Department::new(target),
        }
    }

    /// Saves the workbook again (its `rep`th revision), then times what the
    /// daemon does once the debounce window has passed: re-read the saved
    /// file, rewrite its years' outputs. The time taken, and the process's
    /// CPU time meanwhile (ms).
    fn rewrite(&mut self, rep: usize) -> (Duration, f64) {
        self.dept.revision = rep + 1;
        write_department(&self.dept, &self.path).expect("rewrite");
        let (start, cpu) = (Instant::now(), cpu_ms());
        let saved = [(self.path.clone(), mokuhyo::io::catalog::OnFailure::Record)];
        let refreshed = self.pipeline.refresh_paths(&saved, now());
        let outcomes = self
            .pipeline
            .write_touched(&refreshed.touched, today(), now());
        let (elapsed, cpu) = (start.elapsed(), cpu_ms() - cpu);
        let change = &refreshed.changes[0].1;
        assert!(
            matches!(change, mokuhyo::io::catalog::Change::Updated { .. }),
            "the rewritten workbook was not read again: {change:?}"
        );
        assert!(
            !outcomes.is_empty() && outcomes.iter().all(|o| o.result.is_ok()),
            "outputs rewritten"
        );
        (elapsed, cpu)
    }
}

/// `--mode incremental`: (d) with `count` workbooks with and without the
/// page and the publish CSV, the two taking turns at each repetition so
/// that the machine's other load weighs on both alike; what the page and
/// the CSV add to the rewrite, of the medians and of the bests.
fn incremental_pair(count: usize, reps: usize) {
    let root = tempfile::tempdir().expect("temp dir");
    let mut with = Incremental::new(count, root.path(), true);
    let mut without = Incremental::new(count, root.path(), false);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for rep in 0..reps {
        a.push(with.rewrite(rep));
        b.push(without.rewrite(rep));
    }
    let median = |v: &[(Duration, f64)]| {
        let mut cpu: Vec<f64> = v.iter().map(|(_, c)| *c).collect();
        cpu.sort_by(f64::total_cmp);
        cpu[cpu.len() / 2]
    };
    let (a_cpu, b_cpu) = (median(&a), median(&b));
    let a = stats(a.into_iter().map(|(t, _)| t).collect());
    let b = stats(b.into_iter().map(|(t, _)| t).collect());
    let share = |x: f64, y: f64| (x / y - 1.0) * 100.0;
    println!(
        "(d) incremental, {count} workbooks, {reps} repetitions\n\
         with page and CSV     best {:8.1} ms  median {:8.1} ms  median cpu {a_cpu:6.0} ms\n\
         without               best {:8.1} ms  median {:8.1} ms  median cpu {b_cpu:6.0} ms\n\
         the page and CSV add  best {:+7.1} %   median {:+7.1} %   median cpu {:+5.1} %",
        ms(a.best),
        ms(a.median),
        ms(b.best),
        ms(b.median),
        share(ms(a.best), ms(b.best)),
        share(ms(a.median), ms(b.median)),
        share(a_cpu, b_cpu),
    );
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// CPU time (user + system) the process has used so far, in milliseconds;
/// the breakdown shows it beside wall time, as it varies less with the
/// machine's other load.
fn cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which ends with the last ')').
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line (11 and 12 here), in
    // clock ticks of 10 ms.
    (ticks(11) + ticks(12)) * 10.0
}

/// The child process: one full consolidation, then the peak memory.
fn child_consolidate(folder: &Path, out: &Path) {
    let start = Instant::now();
    let written = consolidate(&settings(folder, out));
    let elapsed = start.elapsed();
    println!(
        "written={written} ms={:.1} vmhwm_kib={}",
        ms(elapsed),
        peak_rss_kib().unwrap_or(0)
    );
}

/// (a) as a whole process: a bare read of every workbook of `folder`.
fn child_read(folder: &Path) {
    let start = Instant::now();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    let cells = bare_read(&paths);
    println!(
        "cells={cells} ms={:.1} vmhwm_kib={}",
        ms(start.elapsed()),
        peak_rss_kib().unwrap_or(0)
    );
}

/// Where a full consolidation spends its time, step by step.
fn breakdown(folder: &Path, out: &Path) {
    let mut s = settings(folder, out);
    let mut pipeline = Pipeline::new(s.clone()).expect("pipeline");
    let (t, c) = (Instant::now(), cpu_ms());
    pipeline.scan(now(), &|_| {});
    println!(
        "scan            {:8.1} ms  cpu {:6.0} ms  (vmhwm {} KiB)",
        ms(t.elapsed()),
        cpu_ms() - c,
        peak_rss_kib().unwrap_or(0)
    );
    let (t, c) = (Instant::now(), cpu_ms());
    let sources = pipeline.catalog().sources();
    println!(
        "sources()       {:8.1} ms  cpu {:6.0} ms",
        ms(t.elapsed()),
        cpu_ms() - c
    );
    let (t, c) = (Instant::now(), cpu_ms());
    let books = mokuhyo_core::consolidate::consolidate(&sources, today(), |fy| {
        mokuhyo_core::consolidate::ReportingDates::of(&s.reminders, fy)
    });
    println!(
        "consolidate()   {:8.1} ms  cpu {:6.0} ms",
        ms(t.elapsed()),
        cpu_ms() - c
    );
    let (t, c) = (Instant::now(), cpu_ms());
    let mut wb = mokuhyo::io::consolidate::write::build_workbook(
        &books[0],
        now(),
        &Default::default(),
        &Default::default(),
    )
    .expect("layout");
    println!(
        "build_workbook  {:8.1} ms  cpu {:6.0} ms",
        ms(t.elapsed()),
        cpu_ms() - c
    );
    let (t, c) = (Instant::now(), cpu_ms());
    let bytes = wb.save_to_buffer().expect("save");
    println!(
        "save (package) {:8.1} ms  cpu {:6.0} ms ({} bytes)",
        ms(t.elapsed()),
        cpu_ms() - c,
        bytes.len()
    );
    for (name, json, page) in [
        ("write xlsx               ", false, false),
        ("write xlsx+json          ", true, false),
        ("write xlsx+json+html+csv ", true, true),
    ] {
        s.output.json = json;
        s.output.html = page;
        s.output.publish_csv = page;
        let (t, c) = (Instant::now(), cpu_ms());
        mokuhyo::io::consolidate::write_consolidated(&books, &s.output, now(), &Default::default());
        println!(
            "{name}{:8.1} ms  cpu {:6.0} ms",
            ms(t.elapsed()),
            cpu_ms() - c
        );
    }
    let (t, c) = (Instant::now(), cpu_ms());
    let page =
        mokuhyo_core::consolidate::page::html_page(&mokuhyo_core::consolidate::page::PageInput {
            book: &books[0],
            generated_at: now(),
            history: &Default::default(),
            years: &Default::default(),
        });
    println!(
        "html_page()     {:8.1} ms  cpu {:6.0} ms ({} bytes)",
        ms(t.elapsed()),
        cpu_ms() - c,
        page.len()
    );
    println!("vmhwm {} KiB", peak_rss_kib().unwrap_or(0));
}

/// `--mode page`: the book of `folder` made once, then the page and the
/// publish CSV made from it `reps` times, each rep's times and sizes
/// printed, the last ones written to `out` (`page.html`, `publish.csv`) to
/// compare; under `valgrind --tool=callgrind --collect-atstart=no
/// --toggle-collect='*html_page*' --toggle-collect='*publish_csv*'`, their
/// instruction counts alone.
fn page_alone(folder: &Path, out: &Path, reps: usize) {
    let s = settings(folder, out);
    let mut pipeline = Pipeline::new(s.clone()).expect("pipeline");
    pipeline.scan(now(), &|_| {});
    let sources = pipeline.catalog().sources();
    let books = mokuhyo_core::consolidate::consolidate(&sources, today(), |fy| {
        mokuhyo_core::consolidate::ReportingDates::of(&s.reminders, fy)
    });
    let book = &books[0];
    let years = mokuhyo_core::consolidate::years::YearComparison::of(&books);
    let history = Default::default();
    for _ in 0..reps.max(1) {
        let (t, c) = (Instant::now(), cpu_ms());
        let page = mokuhyo_core::consolidate::page::html_page(
            &mokuhyo_core::consolidate::page::PageInput {
                book,
                generated_at: now(),
                history: &history,
                years: &years.up_to(book.fiscal_year),
            },
        );
        let (page_ms, page_cpu) = (ms(t.elapsed()), cpu_ms() - c);
        let (t, c) = (Instant::now(), cpu_ms());
        let csv = mokuhyo_core::consolidate::publish::publish_csv(book, &s.output.publish);
        println!(
            "{} items: html_page() {page_ms:6.1} ms cpu {page_cpu:4.0} ms ({} bytes), \
             publish_csv() {:6.1} ms cpu {:4.0} ms ({} bytes)",
            book.items.len(),
            page.len(),
            ms(t.elapsed()),
            cpu_ms() - c,
            csv.len()
        );
        std::fs::write(out.join("page.html"), &page).expect("page written");
        std::fs::write(out.join("publish.csv"), &csv).expect("CSV written");
    }
}

struct Args {
    count: usize,
    reps: usize,
    mode: Option<String>,
    folder: Option<PathBuf>,
    out: Option<PathBuf>,
    quiet_secs: u64,
    binary: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        count: 1000,
        reps: 5,
        mode: None,
        folder: None,
        out: None,
        quiet_secs: 30,
        binary: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--count" => a.count = it.next().and_then(|v| v.parse().ok()).expect("--count N"),
            "--reps" => a.reps = it.next().and_then(|v| v.parse().ok()).expect("--reps R"),
            "--mode" => a.mode = it.next(),
            "--folder" => a.folder = it.next().map(PathBuf::from),
            "--out" => a.out = it.next().map(PathBuf::from),
            "--binary" => a.binary = it.next().map(PathBuf::from),
            "--quiet-secs" => {
                a.quiet_secs = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--quiet-secs S");
            }
            // `cargo bench` passes `--bench`; other harness flags are ignored.
            _ => {}
        }
    }
    a
}

fn main() -> ExitCode {
    let args = args();
    if args.mode.as_deref() == Some("consolidate") {
        let (Some(folder), Some(out)) = (&args.folder, &args.out) else {
            eprintln!("--mode consolidate needs --folder and --out");
            return ExitCode::FAILURE;
        };
        child_consolidate(folder, out);
        return ExitCode::SUCCESS;
    }
    if args.mode.as_deref() == Some("read") {
        let Some(folder) = &args.folder else {
            eprintln!("--mode read needs --folder");
            return ExitCode::FAILURE;
        };
        child_read(folder);
        return ExitCode::SUCCESS;
    }
    if args.mode.as_deref() == Some("breakdown") {
        let (Some(folder), Some(out)) = (&args.folder, &args.out) else {
            eprintln!("--mode breakdown needs --folder and --out");
            return ExitCode::FAILURE;
        };
        breakdown(folder, out);
        return ExitCode::SUCCESS;
    }
    if args.mode.as_deref() == Some("page") {
        let (Some(folder), Some(out)) = (&args.folder, &args.out) else {
            eprintln!("--mode page needs --folder and --out");
            return ExitCode::FAILURE;
        };
        page_alone(folder, out, args.reps);
        return ExitCode::SUCCESS;
    }
    if args.mode.as_deref() == Some("incremental") {
        incremental_pair(args.count, args.reps);
        return ExitCode::SUCCESS;
    }
    if args.mode.as_deref() == Some("idle") {
        return idle::run(&args);
    }
    if args.mode.as_deref() == Some("parse") {
        // The parse alone on a kept folder, as a process (for instruction
        // counts under valgrind and for profiling).
        let Some(folder) = &args.folder else {
            eprintln!("--mode parse needs --folder");
            return ExitCode::FAILURE;
        };
        child_parse(folder, args.reps);
        return ExitCode::SUCCESS;
    }
    if args.mode.as_deref() == Some("generate") {
        // A folder kept for profiling (`--mode consolidate` on it).
        let Some(folder) = &args.folder else {
            eprintln!("--mode generate needs --folder");
            return ExitCode::FAILURE;
        };
        generate(folder, args.count);
        return ExitCode::SUCCESS;
    }

    let root = tempfile::tempdir().expect("temp dir");
    let folder = root.path().join("shared");
    let out = root.path().join("out");
    std::fs::create_dir_all(&out).expect("output dir");

    let start = Instant::now();
    let paths = generate(&folder, args.count);
    let generated = start.elapsed();
    verify(&paths[0]);
    verify(&paths[paths.len() - 1]);
    let bytes: u64 = paths
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let mb = bytes as f64 / 1e6;
    let n = paths.len() as f64;
    println!(
        "generated {} workbooks ({:.1} MB, {:.1} KB each) in {:.0} ms; 12 items each verified",
        paths.len(),
        mb,
        bytes as f64 / n / 1e3,
        ms(generated)
    );
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{cores} core(s), {} repetitions\n", args.reps);

    // (a), (b) and (c) take turns at each repetition, so that the
    // machine's other load, which comes and goes, weighs on each alike.
    let mut cells = 0;
    let s = settings(&folder, &out);
    let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..args.reps.max(1) {
        a.push(time(|| cells = bare_read(&paths)));
        b.push(time(|| {
            assert_eq!(parse_all(&paths, &s), paths.len());
        }));
        c.push(time(|| {
            consolidate(&s);
        }));
    }
    let turns: Vec<f64> = a
        .iter()
        .zip(&c)
        .map(|(a, c)| c.as_secs_f64() / a.as_secs_f64())
        .collect();
    let (a, b, c) = (stats(a), stats(b), stats(c));

    // (a) and (c) again, each as a whole process, taking turns.
    let child = |mode: &str| -> (f64, f64) {
        let output = Command::new(std::env::current_exe().expect("own path"))
            .args(["--mode", mode, "--folder"])
            .arg(&folder)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("child process");
        assert!(
            output.status.success(),
            "child failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8_lossy(&output.stdout).to_string();
        let field = |key: &str| -> f64 {
            stdout
                .split_whitespace()
                .find_map(|w| w.strip_prefix(key))
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN)
        };
        (field("ms="), field("vmhwm_kib=") / 1024.0)
    };
    let (mut read_ms, mut child_ms, mut peak_mib) = (Vec::new(), Vec::new(), 0f64);
    for _ in 0..args.reps.max(1) {
        read_ms.push(child("read").0);
        let (ms, peak) = child("consolidate");
        child_ms.push(ms);
        peak_mib = peak_mib.max(peak);
    }
    let process_turns: Vec<f64> = read_ms.iter().zip(&child_ms).map(|(a, c)| c / a).collect();
    let (read_ms, child_ms) = (median(read_ms), median(child_ms));

    let d_small = incremental(50, args.reps.max(5), root.path(), true);
    let d_large = incremental(args.count, args.reps.max(5), root.path(), true);
    let d_bare = incremental(args.count, args.reps.max(5), root.path(), false);

    let ratio = |x: Stats| ms(x.median) / ms(a.median);
    println!(
        "{:<48} {:>10} {:>10} {:>10} {:>9} {:>8}",
        "measure", "best ms", "median ms", "wb/s", "MB/s", "× (a)"
    );
    let line = |name: &str, s: Stats, per_file: bool| {
        let secs = s.median.as_secs_f64();
        if per_file {
            println!(
                "{:<48} {:>10.1} {:>10.1} {:>10.0} {:>9.1} {:>8.2}",
                name,
                ms(s.best),
                ms(s.median),
                n / secs,
                mb / secs,
                ratio(s)
            );
        } else {
            println!(
                "{:<48} {:>10.1} {:>10.1} {:>10} {:>9} {:>8}",
                name,
                ms(s.best),
                ms(s.median),
                "",
                "",
                ""
            );
        }
    };
    line("(a) bare calamine read, 1 thread", a, true);
    line("(b) Catalog::refresh_all (parse), all cores", b, true);
    line("(c) full consolidation (scan + write_outputs)", c, true);
    line("(d) incremental, 50 workbooks", d_small, false);
    line(
        &format!("(d) incremental, {} workbooks", args.count),
        d_large,
        false,
    );
    line(
        &format!("(d) incremental, {} workbooks, no page or CSV", args.count),
        d_bare,
        false,
    );
    println!();
    println!("(a) read {cells} non-empty cells per pass");
    println!("(b) / (a) = {:.2}  (target ≤ 1.5)", ratio(b));
    println!(
        "(c) / (a) = {:.2} of the medians; {:.2} the median of each turn's  (target ≤ 3.0)",
        ratio(c),
        median(turns)
    );
    println!(
        "as whole processes (medians of {} turns): (a) {read_ms:.0} ms, (c) {child_ms:.0} ms, (c) / (a) = {:.2}; {:.2} the median of each turn's; (c) peak RSS {peak_mib:.1} MiB  (target ≤ 128 MiB)",
        args.reps.max(1),
        child_ms / read_ms,
        median(process_turns)
    );
    println!(
        "(d) with {} workbooks: median {:.1} ms  (target ≤ 300 ms)",
        args.count,
        ms(d_large.median)
    );
    let written: Vec<_> = std::fs::read_dir(&out)
        .map(|rd| {
            rd.flatten()
                .map(|e| (e.file_name(), e.metadata().map_or(0, |m| m.len())))
                .collect()
        })
        .unwrap_or_default();
    for (name, len) in written {
        println!(
            "output {}: {:.1} MB",
            name.to_string_lossy(),
            len as f64 / 1e6
        );
    }
    ExitCode::SUCCESS
}

/// `--mode idle`: the real daemon, idle, on a folder of workbooks.
mod idle {
    use std::fs;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, ExitCode, Stdio};
    use std::time::{Duration, Instant, SystemTime};

    use super::{Args, Department, generate, ms, write_department};

    /// The daemon's quiet time after a save, written into its configuration.
    const DEBOUNCE_MS: u64 = 2000;
    /// Saves of one workbook whose update is timed.
    const SAVES: usize = 5;
    /// How long the daemon may take to write the consolidated workbook.
    const WRITE_TIMEOUT: Duration = Duration::from_secs(600);

    /// What /proc says of the daemon's memory, in KiB.
    struct Memory {
        rss: u64,
        hwm: u64,
        anon: u64,
        file: u64,
        threads: u64,
    }

    impl Memory {
        fn of(pid: u32) -> Option<Memory> {
            let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            let field = |key: &str| -> Option<u64> {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(key))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            };
            Some(Memory {
                rss: field("VmRSS:")?,
                hwm: field("VmHWM:")?,
                anon: field("RssAnon:")?,
                file: field("RssFile:")?,
                threads: field("Threads:")?,
            })
        }

        fn show(&self, when: &str) {
            let mib = |kib: u64| kib as f64 / 1024.0;
            println!(
                "  {when:<22} VmRSS {:5.1} MiB (anon {:5.1}, file {:5.1})  VmHWM {:5.1} MiB  {} threads",
                mib(self.rss),
                mib(self.anon),
                mib(self.file),
                mib(self.hwm),
                self.threads
            );
        }
    }

    /// User + system CPU time of the process so far, in clock ticks.
    fn cpu_ticks(pid: u32) -> Option<u64> {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let utime: u64 = fields.get(11)?.parse().ok()?;
        let stime: u64 = fields.get(12)?.parse().ok()?;
        Some(utime + stime)
    }

    /// The file's identity: a rewrite replaces it (new time; on Unix a new
    /// inode, elsewhere most likely a new length).
    fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
        let meta = fs::metadata(path).ok()?;
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            meta.ino()
        };
        #[cfg(not(unix))]
        let id = meta.len();
        Some((meta.modified().ok()?, id))
    }

    /// Waits until every path exists with another stamp than in `before`.
    fn wait_for_rewrite(
        paths: &[PathBuf],
        before: &[Option<(SystemTime, u64)>],
        daemon: &mut Child,
    ) -> Result<(), String> {
        let start = Instant::now();
        loop {
            let now: Vec<_> = paths.iter().map(|p| stamp(p)).collect();
            if now.iter().zip(before).all(|(n, b)| n.is_some() && n != b) {
                return Ok(());
            }
            if let Ok(Some(status)) = daemon.try_wait() {
                return Err(format!("the daemon exited ({status})"));
            }
            if start.elapsed() > WRITE_TIMEOUT {
                return Err("no consolidated workbook written".into());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until the daemon has used no CPU for three seconds (at most a
    /// minute): the last good data recorded, the reminders sent.
    fn settle(pid: u32) {
        let start = Instant::now();
        let mut last = cpu_ticks(pid);
        let mut quiet_since = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(250));
            let now = cpu_ticks(pid);
            if now != last {
                last = now;
                quiet_since = Instant::now();
            } else if quiet_since.elapsed() >= Duration::from_secs(3) {
                return;
            }
        }
    }

    /// Settles, waits `quiet` seconds more, then shows the memory and the
    /// CPU time used over those seconds. (A write may still be waiting for
    /// the disk when the CPU falls quiet: the memory is read at the end.)
    fn measure_idle(daemon: &Child, quiet: u64) {
        let pid = daemon.id();
        settle(pid);
        let before = cpu_ticks(pid);
        std::thread::sleep(Duration::from_secs(quiet));
        let after = cpu_ticks(pid);
        match Memory::of(pid) {
            Some(memory) => memory.show("idle:"),
            None => println!("  (no /proc/{pid}/status)"),
        }
        match (before, after) {
            (Some(b), Some(a)) if quiet > 0 => {
                println!(
                    "  {:<22} {} clock ticks of CPU",
                    format!("quiet {quiet} s before:"),
                    a - b
                )
            }
            (Some(_), Some(_)) => {}
            _ => println!("  quiet {quiet} s: CPU time not readable"),
        }
    }

    fn start(binary: &Path, config: &Path, log: &Path) -> Child {
        let log = fs::File::create(log).unwrap_or_else(|e| panic!("{}: {e}", log.display()));
        let err = log.try_clone().expect("log file");
        Command::new(binary)
            .arg("run")
            .arg("--config")
            .arg(config)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .spawn()
            .expect("start mokuhyo run")
    }

    /// SIGTERM, then waits for the daemon to finish (SIGKILL after 30 s).
    fn stop(mut daemon: Child) {
        let _ = Command::new("kill")
            .args(["-TERM", &daemon.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if let Ok(Some(status)) = daemon.try_wait() {
                if !status.success() {
                    println!("  the daemon exited with {status}");
                }
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        println!("  the daemon did not stop within 30 s; killed");
        let _ = daemon.kill();
        let _ = daemon.wait();
    }

    fn config(root: &Path, folder: &Path) -> PathBuf {
        let path = root.join("mokuhyo.toml");
        let quote = |p: &Path| format!("{:?}", p.display().to_string());
        let text = format!(
            "[folder]\npath = {}\nrecursive = false\n\n\
             [watch]\nmode = \"native\"\ndebounce_ms = {DEBOUNCE_MS}\n\n\
             [state]\ndatabase = {}\n\n\
             [output]\ndir = {}\n\n\
             [mail]\ntransport = \"outbox\"\noutbox_dir = {}\n",
            quote(folder),
            quote(&root.join("state.sqlite")),
            quote(&root.join("out")),
            quote(&root.join("outbox")),
        );
        fs::write(&path, text).expect("write the configuration");
        path
    }

    /// The consolidated workbook and its JSON (one fiscal year).
    fn outputs(root: &Path) -> Vec<PathBuf> {
        let out = root.join("out");
        ["xlsx", "json"]
            .iter()
            .map(|ext| out.join(format!("全庁目標一覧_令和8年度.{ext}")))
            .collect()
    }

    pub fn run(args: &Args) -> ExitCode {
        let root = tempfile::tempdir().expect("temp dir");
        let (folder, count) = match &args.folder {
            Some(folder) => {
                let count = fs::read_dir(folder).map_or(0, |rd| rd.count());
                (folder.clone(), count)
            }
            None => {
                let folder = root.path().join("shared");
                generate(&folder, args.count);
                (folder, args.count)
            }
        };
        let config = config(root.path(), &folder);
        let outputs = outputs(root.path());
        let log = root.path().join("daemon.log");
        let binary = args
            .binary
            .clone()
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_mokuhyo")));
        println!(
            "mokuhyo run ({}, {:.1} MB) on {count} workbooks, native watcher",
            binary.display(),
            fs::metadata(&binary).map_or(0.0, |m| m.len() as f64 / 1e6)
        );

        // First start: every workbook is parsed.
        let started = Instant::now();
        let mut daemon = start(&binary, &config, &log);
        let none = vec![None; outputs.len()];
        if let Err(e) = wait_for_rewrite(&outputs, &none, &mut daemon) {
            println!(
                "{e}; log:\n{}",
                fs::read_to_string(&log).unwrap_or_default()
            );
            stop(daemon);
            return ExitCode::FAILURE;
        }
        println!(
            "first start: consolidated workbook written after {:.1} s",
            started.elapsed().as_secs_f64()
        );
        measure_idle(&daemon, args.quiet_secs);

        // Saves of one workbook, when the folder is one this bench generated.
        let target = Department::new(count / 2);
        let saved = folder.join(target.file_name());
        if saved.exists() {
            let mut dept = target;
            let mut times = Vec::new();
            for rep in 0..SAVES {
                dept.revision = 1000 + rep;
                let before: Vec<_> = outputs.iter().map(|p| stamp(p)).collect();
                write_department(&dept, &saved).expect("save the workbook");
                let saved_at = Instant::now();
                if let Err(e) = wait_for_rewrite(&outputs, &before, &mut daemon) {
                    println!("after a save: {e}");
                    stop(daemon);
                    return ExitCode::FAILURE;
                }
                times.push(saved_at.elapsed());
                // Past the debounce window before the next save.
                std::thread::sleep(Duration::from_millis(500));
            }
            times.sort();
            let median = times[times.len() / 2];
            let after = |d: Duration| ms(d) - DEBOUNCE_MS as f64;
            println!(
                "save → consolidated workbook and JSON rewritten: median {:.0} ms after the save = debounce {DEBOUNCE_MS} ms + {:.0} ms (best {:.0} ms, {SAVES} saves)",
                ms(median),
                after(median),
                after(times[0]),
            );
            measure_idle(&daemon, args.quiet_secs.min(10));
        } else {
            println!("(no generated workbook to save in {})", folder.display());
        }
        stop(daemon);

        // Restart: the stored last good data, nothing parsed again.
        let before: Vec<_> = outputs.iter().map(|p| stamp(p)).collect();
        let started = Instant::now();
        let mut daemon = start(&binary, &config, &log);
        if let Err(e) = wait_for_rewrite(&outputs, &before, &mut daemon) {
            println!(
                "{e}; log:\n{}",
                fs::read_to_string(&log).unwrap_or_default()
            );
            stop(daemon);
            return ExitCode::FAILURE;
        }
        println!(
            "restart on the state file: consolidated workbook written after {:.1} s",
            started.elapsed().as_secs_f64()
        );
        measure_idle(&daemon, args.quiet_secs);
        stop(daemon);
        ExitCode::SUCCESS
    }
}
