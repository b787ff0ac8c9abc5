//! Sample departments and the configuration of the fiscal-year-2026
//! scenario, shared by the reminder plan's tests and the shell's mail
//! rendering tests (the `test-support` feature).

use chrono::NaiveDate;

use super::*;
use crate::mail_address::MailAddress;
use crate::model::{CellRef, ItemCells, ItemField, ItemTexts, LayoutKind, Report};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// An item in the fy2026 layout: sheet `重点目標管理シートN`, items from
/// row 9, title in B, deadline in C, 中間報告 in E, 期末報告 in F.
pub fn item(sheet: &str, index: u32, title: &str, deadline: &str, interim: bool) -> ActionItem {
    let row = 8 + index;
    let number = ["①", "②", "③", "④", "⑤"][index as usize % 5];
    ActionItem {
        texts: ItemTexts::new(Some(number), title, title, Some(deadline), None, None),
        deadlines: Vec::new(),
        interim: if interim {
            Report::Filled("進捗あり".into())
        } else {
            Report::Empty
        },
        year_end: Report::Empty,
        achievement: None,
        owners: Vec::new(),
        cell: CellRef::new(sheet, row, 1),
        cells: ItemCells::default()
            .with(ItemField::Interim, CellRef::new(sheet, row, 4))
            .with(ItemField::YearEnd, CellRef::new(sheet, row, 5)),
        extras: Vec::new(),
    }
}

/// `(goal title, [(item title, deadline, interim filled)])` per sheet.
type Sheet<'a> = (&'a str, &'a [(&'a str, &'a str, bool)]);

pub fn department(name: &str, sheets: &[Sheet<'_>]) -> Vec<SheetReport> {
    let file = PathBuf::from(format!(
        "tests/fixtures/corpus/fy2026/令和8年度重点目標管理シート_{name}.xlsx"
    ));
    sheets
        .iter()
        .enumerate()
        .map(|(i, (goal, items))| {
            let sheet = format!("重点目標管理シート{}", i + 1);
            SheetReport {
                file: file.clone(),
                sheet: sheet.clone(),
                fiscal_year: FiscalYear(2026),
                department: name.to_string(),
                layout: LayoutKind::Table.into(),
                goals: vec![Goal {
                    number: Some((i + 1).to_string()),
                    title: goal.to_string(),
                    priority: None,
                    targets: Vec::new(),
                    plan_positions: Vec::new(),
                    items: items
                        .iter()
                        .enumerate()
                        .map(|(k, (t, dl, f))| item(&sheet, k as u32, t, dl, *f))
                        .collect(),
                    cell: Some(CellRef::new(sheet.as_str(), 2, 1)),
                    extras: Vec::new(),
                }],
                warnings: Vec::new(),
                reading: Default::default(),
            }
        })
        .collect()
}

/// Reports as the plan borrows them.
pub fn refs(reports: &[SheetReport]) -> Vec<&SheetReport> {
    reports.iter().collect()
}

/// The five departments of tests/fixtures/corpus/fy2026, with the interim
/// report filled exactly where the fixtures have it filled.
pub fn fy2026_reports() -> Vec<SheetReport> {
    let mut all = Vec::new();
    all.extend(department(
        "総務部",
        &[
            (
                "災害に強いまちづくりの推進",
                &[
                    ("○総合防災訓練の実施", "(1) 8月\n(2) 9月末まで", true),
                    ("○地区防災計画の作成支援", "通年", true),
                    ("○避難行動要支援者の個別避難計画の作成", "年度末", true),
                    ("○防災行政無線のデジタル化", "令和8年12月", true),
                ],
            ),
            (
                "行政のデジタル化の推進",
                &[
                    (
                        "○基幹業務システムの標準化・共通化への対応",
                        "(1) 12月末まで\n(2) 年度末",
                        true,
                    ),
                    ("○書かない窓口の拡大", "上半期", true),
                    ("○生成AIの業務活用", "(1) 6月\n(2) 年度内", true),
                    ("○電子契約の導入", "2027-03-31", true),
                    ("○ペーパーレス会議の推進", "通年", true),
                ],
            ),
            (
                "働き方改革と人材育成",
                &[
                    ("○時間外勤務の縮減", "通年", true),
                    ("○年次有給休暇の取得促進", "通年", true),
                    ("○職員採用試験の見直し", "9月末まで", true),
                    ("○人材育成基本方針の改定", "令和9年2月", true),
                ],
            ),
        ],
    ));
    all.extend(department(
        "企画部",
        &[
            (
                "後期基本計画の策定",
                &[
                    ("○市民意識調査の実施・分析", "7月末まで", true),
                    ("○市民ワークショップの開催", "上半期", true),
                    ("○総合計画審議会の運営", "5月～2月", true),
                    ("○パブリックコメントの実施", "12月", true),
                    ("○後期基本計画の策定・公表", "年度末", true),
                ],
            ),
            (
                "移住・定住の促進",
                &[
                    ("○移住相談体制の充実", "通年", true),
                    ("○移住体験ツアーの実施", "(1) 10月\n(2) 2月", true),
                    ("○ふるさと納税の推進", "下半期", true),
                    ("○地域おこし協力隊の募集・定着支援", "令和8年12月", true),
                ],
            ),
        ],
    ));
    all.extend(department(
        "市民生活部",
        &[
            (
                "脱炭素社会の実現",
                &[
                    (
                        "○地球温暖化対策実行計画（区域施策編）の改定",
                        "年度末",
                        false,
                    ),
                    (
                        "○住宅用太陽光発電・蓄電池設置費補助",
                        "(1) 6月\n(2) 年度内",
                        true,
                    ),
                    ("○公共施設へのLED照明の導入", "9月末まで", false),
                    ("○ゼロカーボン推進事業者認定制度の創設", "上半期", true),
                ],
            ),
            (
                "ごみの減量と資源化",
                &[
                    ("○燃やすごみ減量キャンペーン", "上半期", true),
                    ("○プラスチック一括回収の開始", "令和8年10月", false),
                    ("○集団資源回収団体への支援", "通年", true),
                    ("○食品ロス削減の推進", "10月・1月", false),
                ],
            ),
            (
                "安全・安心な市民生活",
                &[
                    ("○消費生活相談体制の強化", "通年", true),
                    (
                        "○高齢者向け消費者被害防止出前講座",
                        "(1) 6月\n(2) 11月",
                        true,
                    ),
                    ("○通学路の交通安全対策", "8月中", false),
                    ("○高齢者運転免許自主返納支援", "随時", true),
                ],
            ),
        ],
    ));
    all.extend(department(
        "健康福祉部",
        &[
            (
                "健康寿命の延伸",
                &[
                    ("○特定健診受診率の向上", "5月～10月", true),
                    ("○がん検診の受診勧奨", "年度末", true),
                    ("○フレイル予防教室の開催", "通年", true),
                    ("○健康ポイント事業の実施", "(1) 6月\n(2) 年度内", true),
                ],
            ),
            (
                "地域共生社会の推進",
                &[
                    (
                        "○重層的支援体制整備事業の実施",
                        "令和8年4月～令和9年3月",
                        true,
                    ),
                    (
                        "○認知症サポーター養成講座の開催",
                        "上半期に2回、下半期に3回",
                        true,
                    ),
                    (
                        "○在宅医療・介護連携推進会議の開催",
                        "(1) 7月\n(2) 1月",
                        true,
                    ),
                ],
            ),
            (
                "子育て支援の充実",
                &[
                    ("○こども家庭センターの運営", "通年", true),
                    ("○こども計画の進捗管理と評価", "2027-03-31", true),
                    ("○放課後児童クラブの待機児童解消", "1月末まで", true),
                    ("○病児保育の利用促進", "9月中", true),
                ],
            ),
        ],
    ));
    all.extend(department(
        "建設部",
        &[
            (
                "道路・橋梁の計画的な維持管理と長寿命化",
                &[
                    ("○橋梁長寿命化修繕計画に基づく修繕工事", "年度末", true),
                    ("○道路ストック点検", "(1) 上半期\n(2) 12月", true),
                    ("○通学路の歩道整備", "令和9年3月", false),
                ],
            ),
            (
                "持続可能な地域公共交通ネットワークの確保",
                &[
                    ("○デマンド交通の運行エリア拡大", "10月", false),
                    ("○地域公共交通計画の中間見直し", "年度内", true),
                    ("○バス停待合環境の改善", "11月末まで", true),
                ],
            ),
            (
                "空き家対策と良好な住環境の確保",
                &[
                    ("○空き家バンクの登録促進", "通年", true),
                    ("○危険空き家の除却支援", "12月末まで", false),
                    ("○市営住宅長寿命化計画の改定", "下半期", true),
                    (
                        "○木造住宅耐震診断・改修補助",
                        "(1) 6月～12月\n(2) 2月末",
                        true,
                    ),
                ],
            ),
            (
                "上下水道施設の耐震化と経営基盤の強化",
                &[
                    ("○重要給水施設管路の耐震化", "年度末", false),
                    ("○水道事業経営戦略の改定", "令和9年2月", true),
                    (
                        "○下水道ストックマネジメント計画に基づく改築",
                        "(1) 9月\n(2) 3月",
                        true,
                    ),
                ],
            ),
        ],
    ));
    all
}

pub fn fy2026_config() -> RemindConfig {
    let mut cfg: RemindConfig = toml::from_str(
        r#"
            [reminders.overrides.2026]
            interim = "2026-10-30"
            year_end = "2027-04-30"
            [digest]
            enabled = false
            [mail]
            from = "mokuhyo@city.example.jp"
            planning = ["kikakuka@city.example.jp"]
            "#,
    )
    .unwrap();
    for (name, addr) in [
        ("総務部", "somu"),
        ("企画部", "kikaku"),
        ("市民生活部", "shimin"),
        ("健康福祉部", "fukushi"),
        ("建設部", "kensetsu"),
    ] {
        cfg.departments.push(RecipientConfig {
            name: name.into(),
            aliases: Vec::new(),
            to: addresses(&[&format!("{addr}@city.example.jp")]),
            cc: Vec::new(),
            parent: None,
        });
    }
    cfg
}

/// Mail addresses from their texts, which must be ones.
pub fn addresses(texts: &[&str]) -> Vec<MailAddress> {
    texts
        .iter()
        .map(|t| t.parse().expect("a sample mail address"))
        .collect()
}

/// Addresses as written.
pub fn written(addresses: &[MailAddress]) -> Vec<String> {
    addresses.iter().map(MailAddress::to_string).collect()
}

/// The addresses, as written, that `cfg` sends the mail of the department
/// or division `name` to.
pub fn to_of(cfg: &RemindConfig, name: &str) -> Option<Vec<String>> {
    cfg.departments
        .iter()
        .chain(&cfg.divisions)
        .find(|r| r.matches(name))
        .map(|r| written(&cfg.addresses_of(r).recipients.to))
}
