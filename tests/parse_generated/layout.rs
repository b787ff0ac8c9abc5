//! Layouts built by combining operators from a seed: header depth and
//! merges, the goal column's style, where the reports live, a department
//! column, preambles, printed-page copies of the header, example rows,
//! notes, side tables, one sheet per department; and what a person reads
//! beyond one row per item and one column per field — reports on a row
//! each under a column of periods (区分), report headers in English or
//! abbreviated, a revised deadline beside the first one, a total row, a
//! table of no goals beside, below or apart from the goal table, rows
//! hidden by an autofilter or a collapsed outline — with header words drawn
//! from lists that mix the dictionary's words with words it does not hold.

use std::fmt;

/// A small deterministic generator (SplitMix64): the same seed gives the
/// same layout on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Header words per role: the dictionary's own, and words it does not hold
/// (`tests` assert they are absent from it). Report words name a part of
/// the year somewhere in them, as people write them.
pub mod words {
    pub const ITEM_KNOWN: &[&str] = &["取組項目", "具体的取組", "実施内容", "取組事項"];
    pub const ITEM_UNKNOWN: &[&str] = &[
        "やること",
        "取り組む内容",
        "主な活動",
        "実施する事業",
        "アクション",
        "具体的な行動",
        "主要事業",
    ];
    pub const DEADLINE_KNOWN: &[&str] = &["期間・期限", "実施時期", "期限", "完了予定"];
    pub const DEADLINE_UNKNOWN: &[&str] =
        &["いつまでに", "めど", "予定時期", "完了の目途", "実施予定"];
    pub const OWNER_KNOWN: &[&str] = &["担当課", "所管課"];
    pub const OWNER_UNKNOWN: &[&str] = &["受け持ち", "主担当", "実施課", "担い手", "所管係"];
    pub const INTERIM_KNOWN: &[&str] = &["中間報告", "上半期実績", "中間実績"];
    pub const INTERIM_UNKNOWN: &[&str] = &[
        "前半の進み具合",
        "上半期のふりかえり",
        "9月末の状況",
        "前期の到達度",
        "中間での振り返り",
        "進み具合（9月末時点）",
    ];
    pub const YEAR_END_KNOWN: &[&str] = &["期末報告", "年間実績", "最終報告"];
    pub const YEAR_END_UNKNOWN: &[&str] = &[
        "後半の進み具合",
        "下半期のふりかえり",
        "年度末の状況",
        "後期の到達度",
        "最終の振り返り",
        "進み具合（3月末時点）",
    ];
    pub const GOAL_KNOWN: &[&str] = &["重点目標", "部局目標", "基本目標"];
    pub const GOAL_UNKNOWN: &[&str] = &["大きな目標", "めざす姿", "方針", "テーマ"];
    pub const NUMBER_KNOWN: &[&str] = &["No.", "番号", "No"];
    pub const NUMBER_UNKNOWN: &[&str] = &["#", "連番", ""];
    pub const DEPARTMENT_KNOWN: &[&str] = &["部局", "部局名", "所管部局"];
    pub const DEPARTMENT_UNKNOWN: &[&str] = &["部署", "担当の部"];
    pub const EXTRA: &[&str] = &["関連予算", "連携先", "メモ", "備考欄"];
    /// Parents over two report columns, and the sub-headings under them.
    pub const REPORT_PARENTS: &[&str] = &["進捗状況", "取組の状況", "ふりかえり", "実績報告"];
    pub const REPORT_SUBS: &[(&str, &str)] = &[
        ("上半期", "下半期"),
        ("9月末", "3月末"),
        ("中間", "期末"),
        ("前半", "後半"),
    ];
    /// Headers of the column naming each report row's part of the year,
    /// and of the column of the reports' texts, where an item takes a row
    /// per report.
    pub const REPORT_ROW_PERIOD: &[&str] = &["区分", "報告区分", "いつの報告", "時点"];
    pub const REPORT_ROW_TEXT: &[&str] = &["取組状況", "報告内容", "実施状況", "進み具合", "経過"];
    /// The parts of the year such rows name, in their order.
    pub const REPORT_ROW_KINDS: &[(&str, &str)] = &[
        ("中間", "期末"),
        ("上期", "下期"),
        ("9月", "3月"),
        ("前半", "後半"),
        ("上半期", "下半期"),
    ];
    /// Report headers in English and abbreviated, as some departments
    /// write them.
    pub const REPORT_OTHER_FORMS: &[(&str, &str)] = &[
        ("1st half", "2nd half"),
        ("Interim", "Final"),
        ("Progress (Sep)", "Progress (Mar)"),
        ("上期", "下期"),
        ("半期", "通期"),
        ("中間の振返り", "期末の振返り"),
    ];
    /// A deadline first planned and revised: the first column's headers,
    /// the later column's.
    pub const FIRST_DEADLINE: &[&str] = &["当初期限", "当初予定", "はじめの予定", "最初のめど"];
    pub const LATER_DEADLINE: &[&str] = &["変更後期限", "見直し後", "延期後", "変更後のめど"];
    /// A column of amounts a total row sums, and the total row's labels
    /// (the dictionary's and others).
    pub const AMOUNT: &[&str] = &["予算額（千円）", "事業費", "見込額"];
    pub const TOTAL_LABELS: &[&str] = &["合計", "計", "小計", "総額", "ぜんぶ"];
    /// Every word the generator may use that the dictionary must not hold.
    pub fn unknown() -> Vec<&'static str> {
        [
            ITEM_UNKNOWN,
            DEADLINE_UNKNOWN,
            OWNER_UNKNOWN,
            INTERIM_UNKNOWN,
            YEAR_END_UNKNOWN,
            GOAL_UNKNOWN,
            DEPARTMENT_UNKNOWN,
            EXTRA,
            REPORT_ROW_PERIOD,
            REPORT_ROW_TEXT,
            FIRST_DEADLINE,
            LATER_DEADLINE,
            AMOUNT,
        ]
        .concat()
        .into_iter()
        .chain(NUMBER_UNKNOWN.iter().copied().filter(|w| !w.is_empty()))
        .chain(REPORT_PARENTS.iter().copied())
        .chain(REPORT_OTHER_FORMS.iter().flat_map(|&(a, b)| [a, b]))
        .collect()
    }
}

/// What the cells hold.
pub mod values {
    pub const TITLES: &[&str] = &[
        "窓口の電子化",
        "広報紙の刷新",
        "防災訓練の実施",
        "職員研修の充実",
        "公共施設の長寿命化",
        "電子申請の拡充",
        "避難所運営マニュアルの改定",
        "移住相談会の開催",
        "空き家対策の推進",
        "ごみ減量の啓発",
        "健康診断の受診勧奨",
        "子育て支援アプリの導入",
        "道路台帳の電子化",
        "文書管理システムの更新",
        "地域公共交通の見直し",
        "観光案内サインの整備",
        "図書館の開館時間延長",
        "消防団員の確保",
        "ふるさと納税の返礼品拡充",
        "庁舎照明のLED化",
    ];
    /// Deadlines and the dates they state in 令和8年度 (2026).
    pub const DEADLINES: &[(&str, &[&str])] = &[
        ("9月末まで", &["2026-09-30"]),
        ("年度末", &["2027-03-31"]),
        ("令和8年12月", &["2026-12-31"]),
        ("上半期", &["2026-09-30"]),
        ("通年", &[]),
        ("5月～2月", &["2027-02-28"]),
        ("7月末までに", &["2026-07-31"]),
        ("随時", &[]),
        ("令和9年1月末", &["2027-01-31"]),
        ("10月", &["2026-10-31"]),
    ];
    pub const OWNERS: &[&str] = &[
        "総務課",
        "財政課",
        "企画課",
        "危機管理課",
        "情報政策課",
        "人事課",
        "市民課",
    ];
    pub const REPORTS: &[&str] = &[
        "8月に研修を実施した。",
        "素案を作成した",
        "6月に説明会を開催した。",
        "関係課と協議を進めている。",
        "予定どおり完了した。",
        "関係課と協議した。\n引き続き調整する。",
    ];
    pub const STATUSES: &[&str] = &["未着手", "実施中", "完了", "着手"];
    pub const GOALS: &[&str] = &[
        "地域防災力の向上",
        "行政のデジタル化推進",
        "職員の働き方改革",
        "公共施設の計画的な維持管理",
        "移住・定住の促進",
    ];
    pub const DEPARTMENTS: &[&str] = &["総務部", "企画部", "市民生活部", "建設部"];
}

/// The kinds of column a table may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Number,
    Goal,
    Department,
    Item,
    Deadline,
    Owner,
    Interim,
    YearEnd,
    Extra,
    /// A quarter no report stands for (第1・第3四半期).
    OtherQuarter,
    /// Which report a row holds, where an item takes a row per report.
    ReportPeriod,
    /// The deadline first planned, left of the revised one.
    FirstDeadline,
    /// An amount per item, which a total row sums.
    Amount,
}

/// A table that holds no goals, and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherTable {
    Budget,
    Staff,
    Tally,
}

/// Where a table of no goals stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Right of the goal table, past a blank column.
    Beside,
    /// Below it, past a blank row and a caption.
    Below,
    /// On a sheet of its own.
    OwnSheet,
}

/// How rows of items are hidden in the file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hiding {
    /// By an autofilter.
    Filter,
    /// In a collapsed outline group.
    Outline,
}

/// An item's reports written on a row each.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRows {
    /// The parts of the year of the two rows.
    pub kinds: (String, String),
    /// The item's own cells merged over its rows (else written once).
    pub merged: bool,
}

/// How the items are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One item per row under a header band.
    Table,
    /// Field names down one column, one item per column, goals merged
    /// over their items' columns.
    Transposed,
    /// One item per sheet as labels and values, with an index sheet (一覧)
    /// listing them.
    RecordPerSheet,
    /// One block of labels and values per item, the blocks stacked down one
    /// sheet (a heading such as 取組1 over each, or none).
    StackedBlocks,
}

/// How the goal column groups its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalStyle {
    /// No goal column.
    None,
    /// The goal merged down over its items.
    Merged,
    /// Written once, blank below.
    Once,
    /// Written in every row.
    Repeated,
    /// No goal column: each goal's items in a table of their own under a
    /// caption (■ 地域防災力の向上).
    Captions,
}

/// How the report columns are headed and filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reports {
    /// Two columns, each with its own heading.
    Columns,
    /// Two columns under a parent heading merged across them.
    UnderParent,
    /// As above, with the merge lost (the parent written once, blank right).
    UnderLostParent,
    /// Two status drop-downs (未着手 / 実施中 / 完了).
    Statuses,
    /// On a sheet of their own, joined by number.
    OwnSheet,
    /// Four quarters: the second is the interim report, the fourth the
    /// year-end report (the configured milestones).
    Quarters,
}

/// One generated layout.
#[derive(Clone)]
pub struct Layout {
    pub seed: u64,
    pub columns: Vec<(Kind, String)>,
    pub goal_style: GoalStyle,
    pub reports: Reports,
    pub title: bool,
    pub department_label: bool,
    pub rows_above: u32,
    pub first_col: u32,
    pub example_row: bool,
    pub note_below: bool,
    pub side_table: bool,
    pub page_copy_after: Option<usize>,
    /// The sheet is named for its department (one sheet per 部局).
    pub sheet_is_department: bool,
    pub report_parent: String,
    pub report_subs: (String, String),
    pub goals: Vec<(String, Vec<Item>)>,
    pub shape: Shape,
    /// The item's heading is merged over the number column left of it
    /// (取組項目 over ① and the item's text).
    pub heading_over_number: bool,
    /// Stacked blocks have a heading over each (取組1).
    pub block_headings: bool,
    /// The sheet is named for the 課 that owns its items (one sheet per 課).
    pub division_sheet: Option<String>,
    /// The title line carries the distributing section's mark (企画課作成).
    pub distributor_mark: bool,
    /// Departments and owners come in runs, each written once with blanks
    /// below (an owner's run within its goal and department).
    pub units_once: bool,
    /// Each item's reports on a row each, under a column of periods.
    pub report_rows: Option<ReportRows>,
    /// A total row below the items, and its label.
    pub total_row: Option<String>,
    /// A table of no goals beside, below or apart from the goal table.
    pub other_table: Option<(OtherTable, Place)>,
    /// Rows of items hidden in the file written.
    pub hidden_rows: Option<Hiding>,
}

/// One item as written, and as it must be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub number: String,
    pub title: String,
    pub deadline: String,
    pub due: Vec<String>,
    pub owner: String,
    pub interim: String,
    pub year_end: String,
    pub department: String,
    pub extra: String,
    /// The deadline first planned, where a revised deadline column stands
    /// beside it: the deadline itself when not revised.
    pub first_deadline: String,
    /// The item's amount, which a total row sums.
    pub amount: u32,
}

impl Item {
    /// The item's own text a column of `kind` holds: its title, deadline,
    /// owner and reports (numbers, goals, departments and extras are the
    /// layout's to place).
    pub fn text(&self, kind: Kind) -> Option<&str> {
        match kind {
            Kind::Item => Some(&self.title),
            Kind::Deadline => Some(&self.deadline),
            Kind::Owner => Some(&self.owner),
            Kind::Interim => Some(&self.interim),
            Kind::YearEnd => Some(&self.year_end),
            _ => None,
        }
    }
}

impl fmt::Debug for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "seed {}:", self.seed)?;
        writeln!(f, "  columns: {:?}", self.columns)?;
        writeln!(
            f,
            "  goals {:?}, reports {:?} ({} › {:?}), title {}, 部局名 row {}, rows above {}, first column {}",
            self.goal_style,
            self.reports,
            self.report_parent,
            self.report_subs,
            self.title,
            self.department_label,
            self.rows_above,
            self.first_col
        )?;
        writeln!(
            f,
            "  example row {}, note below {}, side table {}, page copy after {:?}, sheet named for its department {}",
            self.example_row,
            self.note_below,
            self.side_table,
            self.page_copy_after,
            self.sheet_is_department
        )?;
        writeln!(
            f,
            "  shape {:?}, sheet named for a 課 {:?}, distributor's mark {}, item heading over the numbers {}, block headings {}, departments and owners written once {}",
            self.shape,
            self.division_sheet,
            self.distributor_mark,
            self.heading_over_number,
            self.block_headings,
            self.units_once
        )?;
        writeln!(
            f,
            "  report rows {:?}, total row {:?}, other table {:?}, hidden rows {:?}",
            self.report_rows, self.total_row, self.other_table, self.hidden_rows
        )?;
        for (goal, items) in &self.goals {
            writeln!(f, "  goal {goal}")?;
            for i in items {
                writeln!(f, "    {i:?}")?;
            }
        }
        Ok(())
    }
}

fn word(rng: &mut Rng, known: &[&str], unknown: &[&str], unknown_share: u64) -> String {
    if rng.chance(unknown_share) {
        rng.pick(unknown).to_string()
    } else {
        rng.pick(known).to_string()
    }
}

impl Layout {
    /// The layout of a seed. `unknown_share` is the percentage of headers
    /// drawn from the words the dictionary does not hold.
    pub fn generate(seed: u64, unknown_share: u64) -> Layout {
        use words::*;
        let mut rng = Rng::new(seed);
        let goal_style = *rng.pick(&[
            GoalStyle::None,
            GoalStyle::Merged,
            GoalStyle::Once,
            GoalStyle::Repeated,
            GoalStyle::Captions,
        ]);
        let reports = *rng.pick(&[
            Reports::Columns,
            Reports::Columns,
            Reports::UnderParent,
            Reports::UnderLostParent,
            Reports::Statuses,
            Reports::OwnSheet,
            Reports::Quarters,
        ]);
        let department_column = rng.chance(15);
        let mut columns: Vec<(Kind, String)> = Vec::new();
        let numbered = reports == Reports::OwnSheet || rng.chance(60);
        if numbered {
            let known = if reports == Reports::OwnSheet {
                NUMBER_KNOWN
            } else {
                &[NUMBER_KNOWN, &[""]].concat()[..]
            };
            columns.push((
                Kind::Number,
                word(&mut rng, known, NUMBER_UNKNOWN, unknown_share),
            ));
        }
        if department_column {
            columns.push((
                Kind::Department,
                word(
                    &mut rng,
                    DEPARTMENT_KNOWN,
                    DEPARTMENT_UNKNOWN,
                    unknown_share,
                ),
            ));
        }
        if !matches!(goal_style, GoalStyle::None | GoalStyle::Captions) {
            columns.push((
                Kind::Goal,
                word(&mut rng, GOAL_KNOWN, GOAL_UNKNOWN, unknown_share),
            ));
        }
        columns.push((
            Kind::Item,
            word(&mut rng, ITEM_KNOWN, ITEM_UNKNOWN, unknown_share),
        ));
        let mut rest: Vec<(Kind, String)> = vec![(
            Kind::Deadline,
            word(&mut rng, DEADLINE_KNOWN, DEADLINE_UNKNOWN, unknown_share),
        )];
        if rng.chance(70) {
            rest.push((
                Kind::Owner,
                word(&mut rng, OWNER_KNOWN, OWNER_UNKNOWN, unknown_share),
            ));
        }
        if rng.chance(40) {
            rest.push((Kind::Extra, rng.pick(EXTRA).to_string()));
        }
        // Deadline, owner and extra in any order after the item.
        for i in (1..rest.len()).rev() {
            let j = rng.below(i + 1);
            rest.swap(i, j);
        }
        columns.extend(rest);
        if reports == Reports::Quarters {
            columns.push((Kind::OtherQuarter, "第1四半期".into()));
            columns.push((Kind::Interim, "第2四半期".into()));
            columns.push((Kind::OtherQuarter, "第3四半期".into()));
            columns.push((Kind::YearEnd, "第4四半期".into()));
        } else if reports != Reports::OwnSheet {
            let (interim, year_end) = match reports {
                Reports::Statuses => (
                    format!("{}の状況", rng.pick(&["上半期", "9月末", "前半"])),
                    format!("{}の状況", rng.pick(&["下半期", "3月末", "後半"])),
                ),
                _ => (
                    word(&mut rng, INTERIM_KNOWN, INTERIM_UNKNOWN, unknown_share),
                    word(&mut rng, YEAR_END_KNOWN, YEAR_END_UNKNOWN, unknown_share),
                ),
            };
            columns.push((Kind::Interim, interim));
            columns.push((Kind::YearEnd, year_end));
        }
        let report_parent = rng.pick(REPORT_PARENTS).to_string();
        let (a, b) = *rng.pick(REPORT_SUBS);
        let mut layout = Layout {
            seed,
            columns,
            goal_style,
            reports,
            title: rng.chance(70),
            department_label: rng.chance(50),
            rows_above: rng.below(3) as u32,
            first_col: rng.below(3) as u32,
            example_row: rng.chance(15),
            note_below: rng.chance(25),
            side_table: rng.chance(15),
            page_copy_after: None,
            sheet_is_department: !department_column && rng.chance(15),
            report_parent,
            report_subs: (a.to_string(), b.to_string()),
            goals: Vec::new(),
            shape: Shape::Table,
            heading_over_number: false,
            block_headings: false,
            division_sheet: None,
            distributor_mark: false,
            units_once: false,
            report_rows: None,
            total_row: None,
            other_table: None,
            hidden_rows: None,
        };
        let goal_count = if goal_style == GoalStyle::None {
            1
        } else {
            1 + rng.below(3)
        };
        let mut titles: Vec<&str> = values::TITLES.to_vec();
        for g in 0..goal_count {
            let goal = values::GOALS[g].to_string();
            let count = 1 + rng.below(4);
            let mut items = Vec::new();
            for k in 0..count {
                let title = titles.remove(rng.below(titles.len()));
                let (deadline, due) = *rng.pick(values::DEADLINES);
                let statuses = layout.reports == Reports::Statuses;
                let report = |rng: &mut Rng, filled: u64| {
                    if !rng.chance(filled) {
                        String::new()
                    } else if statuses {
                        rng.pick(values::STATUSES).to_string()
                    } else {
                        rng.pick(values::REPORTS).to_string()
                    }
                };
                let interim = report(&mut rng, 65);
                let year_end = report(&mut rng, 25);
                let marker = if rng.chance(40) { "○" } else { "" };
                items.push(Item {
                    number: format!("{}", k + 1),
                    title: format!("{marker}{title}"),
                    deadline: deadline.to_string(),
                    due: due.iter().map(|d| d.to_string()).collect(),
                    owner: rng.pick(values::OWNERS).to_string(),
                    interim,
                    year_end,
                    department: if department_column {
                        rng.pick(values::DEPARTMENTS).to_string()
                    } else {
                        String::new()
                    },
                    extra: format!("メモ{}-{}", g + 1, k + 1),
                    first_deadline: deadline.to_string(),
                    amount: 100 * (1 + rng.below(90) as u32),
                });
            }
            layout.goals.push((goal, items));
        }
        let total: usize = layout.goals.iter().map(|(_, i)| i.len()).sum();
        if total >= 4 && rng.chance(15) {
            layout.page_copy_after = Some(1 + rng.below(total - 2));
        }
        let number_left_of_item = layout
            .columns
            .windows(2)
            .any(|w| w[0].0 == Kind::Number && w[1].0 == Kind::Item);
        layout.heading_over_number = number_left_of_item
            && !matches!(
                layout.reports,
                Reports::UnderParent | Reports::UnderLostParent
            )
            && rng.chance(30);
        if layout.goal_style == GoalStyle::Captions {
            layout.page_copy_after = None;
        }
        layout.distributor_mark =
            (layout.department_label || layout.sheet_is_department) && rng.chance(20);
        if layout.distributor_mark {
            layout.title = true;
        }
        if !layout.has(Kind::Owner)
            && !layout.sheet_is_department
            && !layout.has(Kind::Department)
            && rng.chance(20)
        {
            layout.division_sheet = Some(rng.pick(values::OWNERS).to_string());
        }
        match rng.below(10) {
            0 => layout.transpose(&mut rng, unknown_share),
            1 => layout.one_record_per_sheet(&mut rng, unknown_share),
            2 if total >= 2 => layout.stack_blocks(&mut rng, unknown_share),
            _ => {}
        }
        // Drawn apart, so that the layouts of the draws above stay as they were.
        let mut runs = Rng::new(seed ^ 0x5EED_2E1D);
        if layout.shape == Shape::Table && runs.chance(35) {
            layout.write_units_once(&mut runs);
        }
        if layout.shape == Shape::Table {
            layout.read_outside_one_row(&mut Rng::new(seed ^ 0x4141_0041), unknown_share);
        }
        layout
    }

    /// What a person reads beyond one row per item and one column per
    /// field, each drawn apart: reports on a row each under a column of
    /// periods, report headers in English or abbreviated, a revised
    /// deadline beside the first one, a total row, a table of no goals
    /// beside, below or apart from the goal table, rows hidden by a filter
    /// or a collapsed outline.
    fn read_outside_one_row(&mut self, rng: &mut Rng, unknown_share: u64) {
        use words::*;
        let two_columns = matches!(
            self.reports,
            Reports::Columns | Reports::UnderParent | Reports::UnderLostParent
        );
        if two_columns && rng.chance(18) {
            self.write_reports_as_rows(rng);
        } else if self.reports == Reports::Columns && rng.chance(15) {
            let (interim, year_end) = *rng.pick(REPORT_OTHER_FORMS);
            for (kind, header) in &mut self.columns {
                match kind {
                    Kind::Interim => *header = interim.to_string(),
                    Kind::YearEnd => *header = year_end.to_string(),
                    _ => {}
                }
            }
        }
        if rng.chance(15) {
            self.revise_deadlines(rng, unknown_share);
        }
        // A total of one item shows no sum: two items at least, in one table.
        if self.item_count() >= 2 && self.goal_style != GoalStyle::Captions && rng.chance(15) {
            self.total_row = Some(rng.pick(TOTAL_LABELS).to_string());
            let at = self
                .columns
                .iter()
                .position(|(k, _)| matches!(k, Kind::Interim | Kind::ReportPeriod))
                .unwrap_or(self.columns.len());
            self.columns
                .insert(at, (Kind::Amount, rng.pick(AMOUNT).to_string()));
        }
        if rng.chance(15) {
            let table = *rng.pick(&[OtherTable::Budget, OtherTable::Staff, OtherTable::Tally]);
            let place = *rng.pick(&[Place::Beside, Place::Below, Place::OwnSheet]);
            // Beside the items, it stands apart from any other table.
            let crowded = self.side_table || self.goal_style == GoalStyle::Captions;
            if !(place == Place::Beside && crowded) {
                self.other_table = Some((table, place));
            }
        }
        if self.item_count() >= 3 && rng.chance(15) {
            self.hidden_rows = Some(*rng.pick(&[Hiding::Filter, Hiding::Outline]));
        }
    }

    /// Each item's two reports on a row each: a column of the rows' parts
    /// of the year and one column of report texts, the item's other cells
    /// merged over its rows or written once with blanks below.
    fn write_reports_as_rows(&mut self, rng: &mut Rng) {
        use words::*;
        let (first, second) = *rng.pick(REPORT_ROW_KINDS);
        self.report_rows = Some(ReportRows {
            kinds: (first.to_string(), second.to_string()),
            merged: rng.chance(60),
        });
        self.reports = Reports::Columns;
        self.columns.retain(|(k, _)| *k != Kind::YearEnd);
        let text = rng.pick(REPORT_ROW_TEXT).to_string();
        let period = rng.pick(REPORT_ROW_PERIOD).to_string();
        if let Some(at) = self.columns.iter().position(|(k, _)| *k == Kind::Interim) {
            self.columns[at] = (Kind::Interim, text);
            self.columns.insert(at, (Kind::ReportPeriod, period));
        }
        // Rows of reports stand under an item as many as its reports, each
        // a sentence (a status chosen alone says less of which row it is).
        self.page_copy_after = None;
        self.example_row = false;
    }

    /// A column of the deadlines first planned left of the deadline column,
    /// which holds a revised deadline for some items and nothing for the
    /// others.
    fn revise_deadlines(&mut self, rng: &mut Rng, unknown_share: u64) {
        use words::*;
        let Some(at) = self.columns.iter().position(|(k, _)| *k == Kind::Deadline) else {
            return;
        };
        let (first_known, first_unknown) = FIRST_DEADLINE.split_at(2);
        let (later_known, later_unknown) = LATER_DEADLINE.split_at(2);
        let first = word(rng, first_known, first_unknown, unknown_share);
        self.columns[at].1 = word(rng, later_known, later_unknown, unknown_share);
        self.columns.insert(at, (Kind::FirstDeadline, first));
        for (_, items) in &mut self.goals {
            for item in items.iter_mut() {
                if rng.chance(50) {
                    // Put off to a later month: the first plan stays beside.
                    let (deadline, due) = *rng.pick(&[
                        ("12月末", &["2026-12-31"][..]),
                        ("令和9年2月", &["2027-02-28"][..]),
                        ("年度末", &["2027-03-31"][..]),
                    ]);
                    item.first_deadline = item.deadline.clone();
                    item.deadline = deadline.to_string();
                    item.due = due.iter().map(|d| d.to_string()).collect();
                } else {
                    item.first_deadline = item.deadline.clone();
                }
            }
        }
    }

    /// Whether an item's deadline was revised (its later cell is filled).
    pub fn revised(&self, item: &Item) -> bool {
        self.has(Kind::FirstDeadline) && item.first_deadline != item.deadline
    }

    /// Departments and owners in runs, each to be written once with blanks
    /// below: an item takes the department of the item above it, and the
    /// owner of the item above it in its goal, more often than not.
    fn write_units_once(&mut self, rng: &mut Rng) {
        self.units_once = true;
        let mut department_above: Option<String> = None;
        for (_, items) in &mut self.goals {
            for k in 0..items.len() {
                if k > 0 && rng.chance(60) {
                    items[k].owner = items[k - 1].owner.clone();
                }
                if let Some(above) = &department_above
                    && !above.is_empty()
                    && rng.chance(60)
                {
                    items[k].department = above.clone();
                }
                department_above = Some(items[k].department.clone());
            }
        }
    }

    /// How many items the layout has.
    fn item_count(&self) -> usize {
        self.goals.iter().map(|(_, items)| items.len()).sum()
    }

    /// The labels of records: the dictionary's words, or, with two records
    /// or more (one alone shows nothing of what its fields hold), words it
    /// does not hold.
    fn record_labels(
        &self,
        rng: &mut Rng,
        unknown_share: u64,
        kinds: &[Kind],
    ) -> Vec<(Kind, String)> {
        use words::*;
        let unknown = if self.item_count() >= 2 {
            unknown_share
        } else {
            0
        };
        kinds
            .iter()
            .map(|&kind| {
                let (known, other): (&[&str], &[&str]) = match kind {
                    Kind::Goal => (GOAL_KNOWN, GOAL_UNKNOWN),
                    Kind::Item => (ITEM_KNOWN, ITEM_UNKNOWN),
                    Kind::Deadline => (DEADLINE_KNOWN, DEADLINE_UNKNOWN),
                    Kind::Owner => (OWNER_KNOWN, OWNER_UNKNOWN),
                    Kind::Interim => (INTERIM_KNOWN, INTERIM_UNKNOWN),
                    _ => (YEAR_END_KNOWN, YEAR_END_UNKNOWN),
                };
                (kind, word(rng, known, other, unknown))
            })
            .collect()
    }

    /// Field names down one column, one item per column under its goal
    /// merged across its items' columns.
    fn transpose(&mut self, rng: &mut Rng, unknown_share: u64) {
        self.shape = Shape::Transposed;
        self.columns = self.record_labels(
            rng,
            unknown_share,
            &[
                Kind::Goal,
                Kind::Item,
                Kind::Deadline,
                Kind::Owner,
                Kind::Interim,
                Kind::YearEnd,
            ],
        );
        self.goal_style = GoalStyle::Merged;
        self.reports = Reports::Columns;
        self.plain_sheet();
    }

    /// One block of labels and values per item, stacked down one sheet,
    /// the same labels in every block.
    fn stack_blocks(&mut self, rng: &mut Rng, unknown_share: u64) {
        self.shape = Shape::StackedBlocks;
        let mut kinds = vec![Kind::Item, Kind::Deadline];
        if rng.chance(70) {
            kinds.push(Kind::Owner);
        }
        kinds.extend([Kind::Interim, Kind::YearEnd]);
        self.columns = self.record_labels(rng, unknown_share, &kinds);
        self.block_headings = rng.chance(50);
        self.goal_style = GoalStyle::None;
        self.reports = Reports::Columns;
        self.plain_sheet();
        self.sheet_is_department = false;
    }

    /// One item per sheet: labels and values, report labels that name a
    /// part of the year and a result (unknown to the dictionary as a
    /// whole), and an index sheet listing the items.
    fn one_record_per_sheet(&mut self, rng: &mut Rng, unknown_share: u64) {
        self.shape = Shape::RecordPerSheet;
        if self.item_count() >= 2 && rng.chance(unknown_share / 2) {
            // Cards of labels the dictionary does not hold: read together.
            self.columns = self.record_labels(
                rng,
                100,
                &[
                    Kind::Item,
                    Kind::Deadline,
                    Kind::Owner,
                    Kind::Interim,
                    Kind::YearEnd,
                ],
            );
            self.goal_style = GoalStyle::None;
            self.reports = Reports::Columns;
            self.plain_sheet();
            self.department_label = true;
            self.sheet_is_department = false;
            return;
        }
        let interim = if rng.chance(unknown_share) {
            rng.pick(&["上半期の進捗", "9月末時点の実績", "前半の取組状況"])
                .to_string()
        } else {
            "中間報告".to_string()
        };
        let year_end = if rng.chance(unknown_share) {
            rng.pick(&["年度末の成果", "下半期の実績", "最終報告（3月末時点）"])
                .to_string()
        } else {
            "期末報告".to_string()
        };
        self.columns = vec![
            (
                Kind::Item,
                rng.pick(&["事業名", "取組項目", "項目名"]).to_string(),
            ),
            (
                Kind::Deadline,
                rng.pick(&["実施時期", "期間・期限", "スケジュール"])
                    .to_string(),
            ),
            (Kind::Owner, "担当課".into()),
            (Kind::Interim, interim),
            (Kind::YearEnd, year_end),
        ];
        self.goal_style = GoalStyle::None;
        self.reports = Reports::Columns;
        self.plain_sheet();
        self.department_label = true;
        self.sheet_is_department = false;
    }

    /// No table operators on a shape that is no table.
    fn plain_sheet(&mut self) {
        self.example_row = false;
        self.note_below = false;
        self.side_table = false;
        self.page_copy_after = None;
        self.division_sheet = None;
        for (_, items) in &mut self.goals {
            for item in items.iter_mut() {
                item.department.clear();
                if self.reports == Reports::Columns {
                    for report in [&mut item.interim, &mut item.year_end] {
                        if values::STATUSES.contains(&report.as_str()) {
                            *report = "予定どおり完了した。".into();
                        }
                    }
                }
            }
        }
    }

    /// Whether the goals of the items are stated (by a column or captions).
    pub fn checks_goals(&self) -> bool {
        self.has(Kind::Goal) || self.goal_style == GoalStyle::Captions
    }

    pub fn has(&self, kind: Kind) -> bool {
        self.columns.iter().any(|(k, _)| *k == kind)
    }

    /// The department every item without a department column belongs to.
    pub fn department(&self) -> &'static str {
        "総務部"
    }

    /// Numbers run on across goals when the reports sit on their own sheet
    /// (they are joined by number).
    pub fn item_number(&self, goal: usize, item: usize) -> String {
        if self.reports == Reports::OwnSheet {
            let before: usize = self.goals[..goal].iter().map(|(_, i)| i.len()).sum();
            format!("{}", before + item + 1)
        } else {
            self.goals[goal].1[item].number.clone()
        }
    }
}
