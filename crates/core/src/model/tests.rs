//! Tests of `model`.

use super::*;

#[test]
fn item_texts_keep_each_text_and_tell_absent_from_empty() {
    let texts = ItemTexts::new(Some("①"), "窓口", "窓口\n二行目", None, Some(""), Some("B"));
    assert_eq!(texts.get(ItemText::Number), Some("①"));
    assert_eq!(texts.get(ItemText::Title), Some("窓口"));
    assert_eq!(texts.get(ItemText::Text), Some("窓口\n二行目"));
    assert_eq!(texts.get(ItemText::DeadlineText), None);
    assert_eq!(texts.get(ItemText::Target), Some(""));
    assert_eq!(texts.get(ItemText::SelfAssessment), Some("B"));
    let changed = texts
        .with(ItemText::DeadlineText, Some("9月末まで"))
        .with(ItemText::Number, None);
    assert_eq!(changed.get(ItemText::DeadlineText), Some("9月末まで"));
    assert_eq!(changed.get(ItemText::Number), None);
    assert_eq!(changed.get(ItemText::Text), Some("窓口\n二行目"));
    assert_eq!(changed.get(ItemText::SelfAssessment), Some("B"));
    assert_eq!(
        changed
            .with(ItemText::Number, Some("①"))
            .with(ItemText::DeadlineText, None),
        texts
    );
}

#[test]
fn item_json_keeps_its_fields() {
    let mut item = ActionItem::new(
        ItemTexts::new(None, "窓口", "窓口", Some("通年"), None, None),
        CellRef::new("目標1", 8, 1),
    );
    item.set_target(Some("100件"));
    let json = serde_json::to_value(&item).unwrap();
    assert_eq!(json["number"], serde_json::Value::Null);
    assert_eq!(json["title"], "窓口");
    assert_eq!(json["deadline_text"], "通年");
    assert_eq!(json["target"], "100件");
    let back: ActionItem = serde_json::from_value(json).unwrap();
    assert_eq!(back, item);
}

proptest::proptest! {
    #[test]
    fn item_texts_give_back_what_they_were_given(
        parts in proptest::array::uniform6(proptest::option::of(".{0,12}")),
        which in 0usize..6,
        value in proptest::option::of(".{0,12}"),
    ) {
        let texts = ItemTexts::from_parts(parts.each_ref().map(|p| p.as_deref()));
        for (t, part) in ItemText::ALL.iter().zip(&parts) {
            proptest::prop_assert_eq!(texts.get(*t), part.as_deref());
        }
        let changed = texts.with(ItemText::ALL[which], value.as_deref());
        proptest::prop_assert_eq!(changed.get(ItemText::ALL[which]), value.as_deref());
    }
}

#[test]
fn cell_ref_round_trip() {
    let cell = CellRef::new("重点目標1", 11, 3);
    assert_eq!(cell.to_string(), "重点目標1!D12");
    assert_eq!(parse_cell_ref("重点目標1!D12"), Some(cell));
    assert_eq!(
        parse_cell_ref("a!b!XFD1048576"),
        Some(CellRef::new("a!b", 1_048_575, 16383))
    );
    assert_eq!(parse_cell_ref("nope"), None);
    assert_eq!(parse_cell_ref("S!A0"), None);
}

#[test]
fn a_cell_of_another_workbook_names_it_as_excel_does() {
    let cell = CellRef::new("報告", 4, 3).in_workbook("R8_総務部_中間報告.xlsx");
    assert_eq!(cell.to_string(), "[R8_総務部_中間報告.xlsx]報告!D5");
    assert_eq!(cell.workbook(), Some("R8_総務部_中間報告.xlsx"));
    assert_eq!(cell.sheet_name(), "報告");
    assert_eq!(parse_cell_ref(&cell.to_string()), Some(cell.clone()));
    assert_eq!(
        cell.file_in(std::path::Path::new("共有/R8_総務部.xlsx")),
        std::path::Path::new("共有/R8_総務部_中間報告.xlsx")
    );
    let own = CellRef::new("報告", 4, 3);
    assert_eq!((own.workbook(), own.sheet_name()), (None, "報告"));
    assert_eq!(
        own.file_in(std::path::Path::new("共有/R8_総務部.xlsx")),
        std::path::Path::new("共有/R8_総務部.xlsx")
    );
}
#[test]
fn item_cells_keep_each_field_on_the_items_sheet_and_others_whole() {
    let mut cells = ItemCells::default()
        .with(ItemField::Title, CellRef::new("目標1", 8, 1))
        .with(ItemField::Interim, CellRef::new("目標1", 8, 4));
    cells.set(ItemField::Owners, Some(CellRef::new("担当", 2, 0)));
    cells.set(ItemField::Target, Some(CellRef::new("目標1", 8, 70_000)));
    assert_eq!(cells.target(), Some(CellRef::new("目標1", 8, 70_000)));
    cells.set(ItemField::Target, None);
    assert_eq!(cells.title(), Some(CellRef::new("目標1", 8, 1)));
    assert_eq!(cells.interim(), Some(CellRef::new("目標1", 8, 4)));
    assert_eq!(cells.owners(), Some(CellRef::new("担当", 2, 0)));
    assert_eq!(cells.year_end(), None);
    cells.set(ItemField::Interim, None);
    assert_eq!(cells.interim(), None);
    cells.set(ItemField::Title, Some(CellRef::new("目標1", 9, 1)));
    assert_eq!(cells.title(), Some(CellRef::new("目標1", 9, 1)));
    let fields: Vec<ItemField> = cells.iter().map(|(f, _)| f).collect();
    assert_eq!(fields, vec![ItemField::Title, ItemField::Owners]);
    // Equal whatever the order the cells were recorded in.
    let other = ItemCells::default()
        .with(ItemField::Owners, CellRef::new("担当", 2, 0))
        .with(ItemField::Title, CellRef::new("目標1", 9, 1));
    assert_eq!(cells, other);
    assert_ne!(cells, ItemCells::default());
    cells.set(ItemField::Title, None);
    cells.set(ItemField::Owners, None);
    assert_eq!(cells, ItemCells::default());
}

#[test]
fn item_cells_json_is_an_object_of_the_recorded_cells() {
    let cells = ItemCells::default()
        .with(ItemField::YearEnd, CellRef::new("S", 8, 5))
        .with(ItemField::Number, CellRef::new("S", 8, 0))
        .with(ItemField::SelfAssessment, CellRef::new("T", 0, 0));
    let json = serde_json::to_string(&cells).unwrap();
    assert_eq!(
        json,
        r#"{"number":"S!A9","year_end":"S!F9","self_assessment":"T!A1"}"#
    );
    let back: ItemCells = serde_json::from_str(&json).unwrap();
    assert_eq!(back, cells);
    let read: ItemCells = serde_json::from_str(r#"{"title":"S!B9","later_field":1}"#).unwrap();
    assert_eq!(read.title(), Some(CellRef::new("S", 8, 1)));
    assert_eq!(serde_json::to_string(&ItemCells::default()).unwrap(), "{}");
    assert!(serde_json::from_str::<ItemCells>(r#"{"title":"B9"}"#).is_err());
}

#[test]
fn an_item_holds_its_cells_and_texts_in_little_room() {
    assert!(std::mem::size_of::<ItemCells>() <= 88);
    assert!(std::mem::size_of::<CellRef>() <= 24);
    assert_eq!(std::mem::size_of::<Option<Text>>(), 16);
    assert!(std::mem::size_of::<ActionItem>() <= 312);
}

#[test]
fn text_reads_compares_and_serialises_as_a_string() {
    let text = Text::from(String::from("窓口の電子化"));
    assert_eq!(text, "窓口の電子化");
    assert_eq!("窓口の電子化", text);
    assert_eq!(text, String::from("窓口の電子化"));
    assert_eq!(text.as_str(), "窓口の電子化");
    assert_eq!(text.len(), "窓口の電子化".len());
    assert_eq!(format!("{text}"), "窓口の電子化");
    assert_eq!(format!("{text:?}"), r#""窓口の電子化""#);
    assert_eq!(String::from(text.clone()), "窓口の電子化");
    assert_eq!(serde_json::to_string(&text).unwrap(), r#""窓口の電子化""#);
    let back: Text = serde_json::from_str(r#""窓口の電子化""#).unwrap();
    assert_eq!(back, text);
    assert!(Text::default().is_empty());
    let mut sorted = vec![Text::from("い"), Text::from("あ")];
    sorted.sort();
    assert_eq!(sorted, ["あ", "い"]);
}

#[test]
fn decoded_reports_share_the_names_of_their_sheets() {
    let item = ActionItem {
        texts: ItemTexts::new(None, "窓口", "窓口", None, None, None),
        deadlines: Vec::new(),
        interim: Report::Empty,
        year_end: Report::Empty,
        achievement: None,
        owners: Vec::new(),
        cell: CellRef::new("目標1", 8, 1),
        cells: ItemCells::default().with(ItemField::Interim, CellRef::new("目標1", 8, 4)),
        extras: vec![ExtraField {
            header: "取組内容".into(),
            text: "窓口の電子化".into(),
            cell: CellRef::new("目標1", 8, 2),
        }],
    };
    let report = SheetReport {
        file: PathBuf::from("/share/企画部.xlsx"),
        sheet: "目標1".into(),
        fiscal_year: FiscalYear(2026),
        department: "企画部".into(),
        layout: LayoutKind::Table.into(),
        goals: vec![Goal {
            number: None,
            title: "目標".into(),
            priority: None,
            targets: Vec::new(),
            plan_positions: Vec::new(),
            items: vec![item.clone(), item],
            cell: Some(CellRef::new("目標1", 2, 1)),
            extras: Vec::new(),
        }],
        warnings: vec![Warning {
            cell: Some(CellRef::new("目標1", 20, 0)),
            message: "m".into(),
        }],
        reading: Reading {
            fiscal_year_from: Origin::Title {
                cell: CellRef::new("目標1", 0, 0),
            },
            department_from: Origin::Config {
                key: "parse.departments_by_file".into(),
            },
            coverage: Coverage {
                item_fields: 4,
                not_used: 1,
                not_used_in_items: vec![UnusedCell {
                    cell: CellRef::new("目標1", 8, 9),
                    text: "メモ".into(),
                }],
                ..Coverage::default()
            },
            tables: Vec::new(),
        },
    };
    let json = serde_json::to_string(&report).unwrap();
    let mut decoded: SheetReport = serde_json::from_str(&json).unwrap();
    assert_eq!(decoded, report);
    let goal = &decoded.goals[0];
    assert!(!Arc::ptr_eq(
        &goal.items[0].cell.sheet,
        &goal.items[1].cell.sheet
    ));
    decoded.share_sheet_names();
    assert_eq!(decoded, report);
    let goal = &decoded.goals[0];
    let first = goal.cell.as_ref().map(|c| Arc::clone(&c.sheet)).unwrap();
    let mut names = vec![
        goal.items[0].cell.sheet.clone(),
        goal.items[1].cell.sheet.clone(),
    ];
    names.extend(goal.items[1].cells.interim().map(|c| c.sheet));
    names.extend(decoded.warnings[0].cell.as_ref().map(|c| c.sheet.clone()));
    names.push(goal.items[0].extras[0].cell.sheet.clone());
    names.push(
        decoded.reading.coverage.not_used_in_items[0]
            .cell
            .sheet
            .clone(),
    );
    assert_eq!(names.len(), 6);
    assert!(names.iter().all(|n| Arc::ptr_eq(n, &first)));
}

#[test]
fn report_json_shape() {
    let json = serde_json::to_string(&Report::Filled("済".into())).unwrap();
    assert_eq!(json, r#"{"status":"filled","text":"済"}"#);
    assert_eq!(
        serde_json::to_string(&Report::Empty).unwrap(),
        r#"{"status":"empty"}"#
    );
    assert_eq!(
        serde_json::to_string(&Report::NotInLayout).unwrap(),
        r#"{"status":"not_in_layout"}"#
    );
}
