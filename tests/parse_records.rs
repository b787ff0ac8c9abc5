//! Records in other shapes than one per row, labelled with words no
//! dictionary holds, in workbooks the test writes as .xlsx files: fields
//! down one column with one item per column (goals merged across their
//! items), blocks of labels and values stacked down one sheet, and one card
//! per sheet with an index sheet listing them. Each is read as the table it
//! is; each item's empty report is named by its own cell, which the
//! reminders and the 未提出 list point at.

use mokuhyo_core::interpret::FieldDictionary;
use mokuhyo_core::interpret::dictionary::normalize_label;
use mokuhyo_core::model::{ItemField, ReportState, SheetReport};
use rust_xlsxwriter::Format;

use super::parse_structures::{interpret, row, save};

/// The labels of the workbooks below: none of them a dictionary word.
const LABELS: &[&str] = &[
    "ねらい",
    "取組",
    "締め切り",
    "9月の状況",
    "3月の状況",
    "担当係",
    "テーマ",
    "期日目安",
    "中間ふりかえり",
    "最終ふりかえり",
    "取り組むこと",
    "いつまで",
    "半年後の状況",
    "1年後の状況",
];

/// Each item as read: title, goal, deadline due dates, owner, the interim
/// report's text, and the cell of the year-end report awaited.
fn items(reports: &[SheetReport]) -> Vec<String> {
    reports
        .iter()
        .flat_map(|r| {
            r.items().map(|(goal, item)| {
                let interim = item.interim.text().unwrap_or("");
                let awaited = match item.report_state(ItemField::YearEnd) {
                    ReportState::Empty(cell) => cell.to_string(),
                    _ => "-".into(),
                };
                let due: Vec<String> = item.due_dates().iter().map(|d| d.to_string()).collect();
                format!(
                    "{} | {} | {} | {} | {} | {}",
                    item.title(),
                    goal.title,
                    due.join(","),
                    item.owners.join("、"),
                    interim,
                    awaited
                )
            })
        })
        .collect()
}

#[test]
fn the_labels_are_no_dictionary_words() {
    let dict = FieldDictionary::default();
    for label in LABELS {
        assert_eq!(dict.classify(&normalize_label(label)), None, "{label}");
    }
}

#[test]
fn transposed_records_of_unknown_labels_give_an_item_per_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "令和8年度_上下水道局.xlsx", |wb| {
        let ws = wb.add_worksheet();
        ws.set_name("取組シート").unwrap();
        row(ws, 0, 1, &["令和8年度 上下水道局 取組シート"]);
        row(ws, 2, 1, &["ねらい"]);
        ws.merge_range(2, 2, 2, 3, "安全な水の安定供給", &Format::new())
            .unwrap();
        row(ws, 2, 4, &["下水道経営の健全化"]);
        row(
            ws,
            3,
            1,
            &[
                "取組",
                "水道管の耐震化",
                "使用料の改定検討",
                "経営戦略の改定",
            ],
        );
        row(ws, 4, 1, &["締め切り", "R9.3", "2月", "9月"]);
        row(
            ws,
            5,
            1,
            &[
                "9月の状況",
                "工事3件を発注した。",
                "審議会を2回開催した。",
                "",
            ],
        );
        row(ws, 6, 1, &["3月の状況"]);
        row(ws, 7, 1, &["担当係", "工務係", "経営係", "経営係"]);
    });
    let reports = interpret(&path);
    assert_eq!(
        items(&reports),
        [
            "水道管の耐震化 | 安全な水の安定供給 | 2027-03-31 | 工務係 | 工事3件を発注した。 | 取組シート!C7",
            "使用料の改定検討 | 安全な水の安定供給 | 2027-02-28 | 経営係 | 審議会を2回開催した。 | 取組シート!D7",
            "経営戦略の改定 | 下水道経営の健全化 | 2026-09-30 | 経営係 |  | 取組シート!E7",
        ]
    );
    assert_eq!(reports[0].layout.to_string(), "transposed");
    assert_eq!(reports[0].department, "上下水道局");
    let table = &reports[0].reading.tables[0];
    assert_eq!(table.range, "B3:E8");
    assert_eq!(table.columns[1].column, "B4");
}

#[test]
fn stacked_blocks_of_unknown_labels_give_an_item_per_block() {
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "令和8年度_企画部.xlsx", |wb| {
        let ws = wb.add_worksheet();
        ws.set_name("取組票").unwrap();
        row(ws, 0, 0, &["令和8年度 企画部 取組票"]);
        let blocks = [
            (
                "ふるさと納税返礼品の新規開拓",
                "11月末",
                "ふるさと納税係",
                "新規返礼品を42品目登録した。",
            ),
            ("移住相談会の開催", "2月", "移住定住係", ""),
        ];
        for (k, (item, due, owner, interim)) in blocks.iter().enumerate() {
            let top = 2 + 7 * k as u32;
            row(ws, top, 0, &[&format!("取組 {}", k + 1)]);
            row(ws, top + 1, 0, &["テーマ", item]);
            row(ws, top + 2, 0, &["期日目安", due]);
            row(ws, top + 3, 0, &["担当係", owner]);
            row(ws, top + 4, 0, &["中間ふりかえり", interim]);
            row(ws, top + 5, 0, &["最終ふりかえり"]);
        }
    });
    let reports = interpret(&path);
    assert_eq!(
        items(&reports),
        [
            "ふるさと納税返礼品の新規開拓 | 令和8年度 企画部 取組票 | 2026-11-30 | ふるさと納税係 | 新規返礼品を42品目登録した。 | 取組票!B8",
            "移住相談会の開催 | 令和8年度 企画部 取組票 | 2027-02-28 | 移住定住係 |  | 取組票!B15",
        ]
    );
    assert_eq!(reports[0].layout.to_string(), "blocks");
    // Every cell is used: the labels of every block and their headings.
    assert_eq!(reports[0].reading.coverage.not_used, 0);
}

#[test]
fn cards_of_unknown_labels_one_per_sheet_are_read_together_and_the_index_is_no_items() {
    let dir = tempfile::tempdir().unwrap();
    let cards = [
        ("消防団員の確保", "通年", "学生団員5人が入団した。"),
        (
            "救急講習の受講者拡大",
            "12月",
            "上半期で1,420人が受講した。",
        ),
    ];
    let path = save(dir.path(), "令和8年度_消防本部.xlsx", |wb| {
        let index = wb.add_worksheet();
        index.set_name("一覧").unwrap();
        row(index, 0, 0, &["令和8年度 消防本部 取組一覧"]);
        row(index, 2, 0, &["No.", "取組項目", "担当課", "期限"]);
        for (k, (item, due, _)) in cards.iter().enumerate() {
            row(
                index,
                3 + k as u32,
                0,
                &[&format!("{}", k + 1), item, "警防課", due],
            );
        }
        for (k, (item, due, interim)) in cards.iter().enumerate() {
            let ws = wb.add_worksheet();
            ws.set_name(format!("{}", k + 1)).unwrap();
            row(ws, 0, 0, &["令和8年度 消防本部 取組カード"]);
            row(ws, 2, 0, &["取り組むこと", item]);
            row(ws, 3, 0, &["いつまで", due]);
            row(ws, 4, 0, &["半年後の状況", interim]);
            row(ws, 5, 0, &["1年後の状況"]);
        }
    });
    let reports = interpret(&path);
    assert_eq!(
        items(&reports),
        [
            "消防団員の確保 | 令和8年度 消防本部 取組カード |  |  | 学生団員5人が入団した。 | 1!B6",
            "救急講習の受講者拡大 | 令和8年度 消防本部 取組カード | 2026-12-31 |  | 上半期で1,420人が受講した。 | 2!B6",
        ]
    );
    let sheets: Vec<(&str, String)> = reports
        .iter()
        .map(|r| (r.sheet.as_str(), r.layout.to_string()))
        .collect();
    assert_eq!(
        sheets,
        [("1", "cards".to_string()), ("2", "cards".to_string())]
    );
    assert!(
        reports[0]
            .warnings
            .iter()
            .any(|w| w.message.contains("「一覧」")),
        "{:?}",
        reports[0].warnings
    );
}
