//! A generated layout written out as the sheets of a workbook: cell grids
//! in memory (with their merges), as a department would have typed them.

use std::collections::BTreeMap;

use mokuhyo_core::grid::{CellValue, Grid, MergedRange};

use super::layout::{GoalStyle, Hiding, Kind, Layout, OtherTable, Place, Reports, Shape};

/// Cells and merges of one sheet being written, and the rows its file
/// hides (by an autofilter over `filter`, or in collapsed outline groups).
#[derive(Default)]
pub struct Sheet {
    pub name: String,
    pub cells: BTreeMap<(u32, u32), CellValue>,
    pub merges: Vec<MergedRange>,
    pub hidden_rows: Vec<u32>,
    pub filter: Option<(u32, u32, u32, u32)>,
    pub outlines: Vec<(u32, u32)>,
}

impl Sheet {
    fn new(name: &str) -> Sheet {
        Sheet {
            name: name.to_string(),
            ..Sheet::default()
        }
    }

    pub fn text(&mut self, row: u32, col: u32, text: &str) {
        if !text.is_empty() {
            self.cells
                .insert((row, col), CellValue::Text(text.to_string()));
        }
    }

    fn merge(&mut self, first_row: u32, first_col: u32, last_row: u32, last_col: u32) {
        if first_row != last_row || first_col != last_col {
            self.merges.push(MergedRange {
                first_row,
                first_col,
                last_row,
                last_col,
            });
        }
    }

    pub fn grid(&self) -> Grid {
        let rows = self.cells.keys().map(|k| k.0 + 1).max().unwrap_or(0);
        let cols = self.cells.keys().map(|k| k.1 + 1).max().unwrap_or(0);
        let mut grid = Grid::new(self.name.clone(), rows, cols);
        for (&(r, c), v) in &self.cells {
            grid.set(r, c, v.clone());
        }
        for m in &self.merges {
            grid.add_merge(*m);
        }
        grid
    }
}

/// The file name every generated workbook has: it states the fiscal year
/// and names no department.
pub const FILE: &str = "令和8年度_目標管理.xlsx";

/// The sheets of a layout.
pub fn sheets(layout: &Layout) -> Vec<Sheet> {
    match layout.shape {
        Shape::Table => table_sheets(layout),
        Shape::Transposed => vec![transposed(layout)],
        Shape::RecordPerSheet => record_sheets(layout),
        Shape::StackedBlocks => vec![stacked_blocks(layout)],
    }
}

/// The title lines and the 部局名 row every sheet starts with; the row
/// after them.
fn preamble(sheet: &mut Sheet, layout: &Layout, left: u32) -> u32 {
    let mut row = layout.rows_above;
    if layout.title {
        let named = !layout.department_label && !layout.sheet_is_department;
        let mut title = if named {
            format!("令和8年度 {} 重点目標管理表", layout.department())
        } else {
            "令和8年度 重点目標管理表".to_string()
        };
        if layout.distributor_mark {
            title.push_str("（企画部企画課作成）");
        }
        sheet.text(row, left, &title);
        row += 2;
    } else if !layout.department_label && !layout.sheet_is_department {
        sheet.text(row, left, &format!("{}の取組", layout.department()));
        row += 2;
    }
    if layout.department_label {
        sheet.text(row, left, "部局名");
        sheet.text(row, left + 1, layout.department());
        row += 2;
    }
    row
}

fn table_sheets(layout: &Layout) -> Vec<Sheet> {
    let name = match (&layout.division_sheet, layout.sheet_is_department) {
        (Some(division), _) => division.as_str(),
        (None, true) => layout.department(),
        (None, false) => "目標",
    };
    let mut sheet = Sheet::new(name);
    let left = layout.first_col;
    let mut row = preamble(&mut sheet, layout, left);
    let captions = layout.goal_style == GoalStyle::Captions;
    if captions {
        sheet.text(row, left, &format!("■ {}", layout.goals[0].0));
        row += 1;
    }
    let header_top = row;
    let two_rows = matches!(
        layout.reports,
        Reports::UnderParent | Reports::UnderLostParent
    );
    header(&mut sheet, layout, header_top);
    row += if two_rows { 2 } else { 1 };
    let header_rows = row - header_top;
    if layout.example_row {
        for (i, (kind, _)) in layout.columns.iter().enumerate() {
            let col = left + i as u32;
            let text = match kind {
                Kind::Number => "例",
                Kind::Item => "（記入例）○○の推進",
                Kind::Deadline => "9月末まで",
                Kind::Owner => "○○課",
                Kind::Interim => "○月に○○を実施した",
                _ => "",
            };
            sheet.text(row, col, text);
        }
        row += 1;
    }
    let mut written = 0;
    // The rows each item starts at, and how many it takes.
    let mut item_rows: Vec<(u32, u32)> = Vec::new();
    let item_height = if layout.report_rows.is_some() { 2 } else { 1 };
    // The department of the row above, in this table.
    let mut department_above: Option<&str> = None;
    for (g, (goal, items)) in layout.goals.iter().enumerate() {
        if captions {
            department_above = None;
        }
        if captions && g > 0 {
            // A table per goal under its caption, a blank row between.
            sheet.text(row + 1, left, &format!("■ {goal}"));
            header(&mut sheet, layout, row + 2);
            row += 2 + header_rows;
        }
        let mut first_row = row;
        for (k, item) in items.iter().enumerate() {
            if layout.page_copy_after == Some(written) {
                for h in 0..header_rows {
                    for c in 0..layout.columns.len() as u32 + 1 {
                        if let Some(CellValue::Text(t)) =
                            sheet.cells.get(&(header_top + h, left + c)).cloned()
                        {
                            sheet.text(row + h, left + c, &t);
                        }
                    }
                }
                row += header_rows;
                if k == 0 {
                    first_row = row;
                }
            }
            for (i, (kind, _)) in layout.columns.iter().enumerate() {
                let col = left + i as u32;
                let text = match kind {
                    Kind::Number => layout.item_number(g, k),
                    Kind::Goal => match layout.goal_style {
                        GoalStyle::Once | GoalStyle::Merged if k > 0 => String::new(),
                        _ => goal.clone(),
                    },
                    Kind::Department
                        if layout.units_once && department_above == Some(&item.department) =>
                    {
                        String::new()
                    }
                    Kind::Department => item.department.clone(),
                    // An owner's blank holds within its goal and department.
                    Kind::Owner
                        if layout.units_once
                            && k > 0
                            && items[k - 1].owner == item.owner
                            && items[k - 1].department == item.department =>
                    {
                        String::new()
                    }
                    Kind::Extra | Kind::OtherQuarter => item.extra.clone(),
                    Kind::FirstDeadline => item.first_deadline.clone(),
                    Kind::Deadline if layout.has(Kind::FirstDeadline) && !layout.revised(item) => {
                        String::new()
                    }
                    Kind::Amount => thousands(item.amount),
                    Kind::ReportPeriod => layout
                        .report_rows
                        .as_ref()
                        .map(|rows| rows.kinds.0.clone())
                        .unwrap_or_default(),
                    _ => item.text(*kind).unwrap_or_default().to_string(),
                };
                sheet.text(row, col, &text);
            }
            if let Some(rows) = &layout.report_rows {
                report_row(&mut sheet, layout, item, row, rows);
            }
            item_rows.push((row, item_height));
            department_above = Some(&item.department);
            row += item_height;
            written += 1;
        }
        if layout.goal_style == GoalStyle::Merged
            && let Some(gc) = layout.columns.iter().position(|(k, _)| *k == Kind::Goal)
        {
            // A merge cannot span a printed page's copy of the header.
            if !(first_row..row).any(|r| r > first_row && is_header_copy(&sheet, layout, r)) {
                sheet.merge(first_row, left + gc as u32, row - 1, left + gc as u32);
            }
        }
    }
    if let Some(label) = &layout.total_row {
        // Below the items, the sum of their amounts.
        let item_col = position(layout, Kind::Item);
        let amount_col = position(layout, Kind::Amount);
        let sum: u32 = layout
            .goals
            .iter()
            .flat_map(|(_, items)| items)
            .map(|i| i.amount)
            .sum();
        sheet.text(row, left + item_col, label);
        sheet.text(row, left + amount_col, &thousands(sum));
        row += 1;
    }
    if layout.note_below {
        row += 1;
        sheet.text(row, left, "※ 進捗は四半期ごとに更新してください。");
    }
    hide_rows(&mut sheet, layout, header_top, &item_rows, row);
    if layout.side_table {
        let c = left + layout.columns.len() as u32 + 1;
        sheet.text(header_top, c, "指標");
        sheet.text(header_top, c + 1, "R7実績");
        sheet.text(header_top, c + 2, "R8目標");
        for (k, name) in ["市民満足度", "電子申請率"].iter().enumerate() {
            let r = header_top + header_rows + k as u32;
            sheet.text(r, c, name);
            sheet.text(r, c + 1, "72%");
            sheet.text(r, c + 2, "80%");
        }
    }
    let mut out = vec![sheet];
    if let Some((table, place)) = layout.other_table {
        let c = left + layout.columns.len() as u32 + 1;
        match place {
            Place::Beside => write_table(&mut out[0], header_top, header_rows, c, table),
            Place::Below => {
                let r = out[0].cells.keys().map(|k| k.0).max().unwrap_or(0) + 2;
                out[0].text(r, left, "（参考）");
                write_table(&mut out[0], r + 1, 1, left, table);
            }
            Place::OwnSheet => {
                let mut other = Sheet::new("資料");
                other.text(0, 0, "令和8年度 参考資料");
                write_table(&mut other, 2, 1, 0, table);
                out.push(other);
            }
        }
    }
    if layout.reports == Reports::OwnSheet {
        out.push(report_sheet(layout));
    }
    out
}

/// The column of `kind` in the layout, counted from its first column.
fn position(layout: &Layout, kind: Kind) -> u32 {
    layout
        .columns
        .iter()
        .position(|(k, _)| *k == kind)
        .unwrap_or(0) as u32
}

/// A number with a comma every three digits (`12,000`).
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An item's second row of reports at `row + 1`: the second period and
/// the year-end report, the item's other cells merged over both rows or
/// left blank.
fn report_row(
    sheet: &mut Sheet,
    layout: &Layout,
    item: &super::layout::Item,
    row: u32,
    rows: &super::layout::ReportRows,
) {
    let left = layout.first_col;
    for (i, (kind, _)) in layout.columns.iter().enumerate() {
        let col = left + i as u32;
        match kind {
            Kind::ReportPeriod => sheet.text(row + 1, col, &rows.kinds.1),
            Kind::Interim => sheet.text(row + 1, col, &item.year_end),
            // A goal merged over its items keeps its own merge.
            Kind::Goal if layout.goal_style == GoalStyle::Merged => {}
            _ if rows.merged && sheet.cells.contains_key(&(row, col)) => {
                sheet.merge(row, col, row + 1, col);
            }
            _ => {}
        }
    }
}

/// The rows the file hides: every other item's under an autofilter over
/// the table, or the second and third items' in a collapsed outline group.
fn hide_rows(
    sheet: &mut Sheet,
    layout: &Layout,
    header_top: u32,
    item_rows: &[(u32, u32)],
    end: u32,
) {
    let left = layout.first_col;
    match layout.hidden_rows {
        Some(Hiding::Filter) => {
            let right = left + layout.columns.len() as u32 - 1;
            sheet.filter = Some((header_top, left, end.saturating_sub(1), right));
            for &(first, height) in item_rows.iter().skip(1).step_by(2) {
                sheet.hidden_rows.extend(first..first + height);
            }
        }
        Some(Hiding::Outline) => {
            if let [_, (first, _), (last, height), ..] = item_rows {
                sheet.outlines.push((*first, last + height - 1));
            }
        }
        None => {}
    }
}

/// A table of no goals at `(top, left)`: a budget, a staff list or a
/// tally, its rows from `header_rows` below its header (beside a table of
/// that many header rows).
fn write_table(sheet: &mut Sheet, top: u32, header_rows: u32, left: u32, table: OtherTable) {
    let rows: &[&[&str]] = match table {
        OtherTable::Budget => &[
            &["事業名", "R7予算額", "R8予算額", "前年度比", "増減"],
            &["庁舎管理費", "12,000", "15,000", "125%", "3,000"],
            &["広報事業費", "8,000", "7,200", "90%", "▲800"],
            &["研修事業費", "3,000", "3,000", "100%", "0"],
        ],
        OtherTable::Staff => &[
            &["氏名", "所属", "担当業務", "内線"],
            &["山田 太郎", "総務課", "文書の管理", "2101"],
            &["佐藤 花子", "人事課", "職員の研修", "2205"],
            &["鈴木 一郎", "財政課", "予算の編成", "2301"],
        ],
        OtherTable::Tally => &[
            &["区分", "件数", "前年比", "構成比"],
            &["窓口での申請", "1,200", "95%", "60%"],
            &["電子申請", "800", "130%", "40%"],
        ],
    };
    for (r, cells) in rows.iter().enumerate() {
        let row = if r == 0 {
            top
        } else {
            top + header_rows - 1 + r as u32
        };
        for (c, text) in cells.iter().enumerate() {
            sheet.text(row, left + c as u32, text);
        }
    }
}

fn is_header_copy(sheet: &Sheet, layout: &Layout, row: u32) -> bool {
    let item = layout
        .columns
        .iter()
        .position(|(k, _)| *k == Kind::Item)
        .unwrap_or(0) as u32;
    let header = layout
        .columns
        .iter()
        .find(|(k, _)| *k == Kind::Item)
        .map(|(_, w)| w.as_str());
    matches!(sheet.cells.get(&(row, layout.first_col + item)), Some(CellValue::Text(t)) if Some(t.as_str()) == header)
}

/// The header rows of the table at `top`.
fn header(sheet: &mut Sheet, layout: &Layout, top: u32) {
    let left = layout.first_col;
    let two_rows = matches!(
        layout.reports,
        Reports::UnderParent | Reports::UnderLostParent
    );
    let interim_at = layout.columns.iter().position(|(k, _)| *k == Kind::Interim);
    let item_word = layout
        .columns
        .iter()
        .find(|(k, _)| *k == Kind::Item)
        .map_or("", |(_, w)| w.as_str());
    for (i, (kind, word)) in layout.columns.iter().enumerate() {
        let col = left + i as u32;
        if layout.heading_over_number && *kind == Kind::Number {
            sheet.text(top, col, item_word);
            sheet.merge(top, col, top, col + 1);
            continue;
        }
        if layout.heading_over_number && *kind == Kind::Item {
            continue;
        }
        if !two_rows {
            sheet.text(top, col, word);
            continue;
        }
        match kind {
            Kind::Interim => {
                sheet.text(top, col, &layout.report_parent);
                if layout.reports == Reports::UnderParent {
                    sheet.merge(top, col, top, col + 1);
                }
                sheet.text(top + 1, col, &layout.report_subs.0);
            }
            Kind::YearEnd => sheet.text(top + 1, col, &layout.report_subs.1),
            _ => {
                sheet.text(top, col, word);
                if layout.reports == Reports::UnderParent && !word.is_empty() {
                    sheet.merge(top, col, top + 1, col);
                }
            }
        }
    }
    let _ = interim_at;
}

/// A transposed block: field names down the first column, one item per
/// column, each goal merged over its items' columns.
fn transposed(layout: &Layout) -> Sheet {
    let mut sheet = Sheet::new(if layout.sheet_is_department {
        layout.department()
    } else {
        "目標"
    });
    let left = layout.first_col;
    let top = preamble(&mut sheet, layout, left);
    for (r, (_, word)) in layout.columns.iter().enumerate() {
        sheet.text(top + r as u32, left, word);
    }
    let mut col = left + 1;
    for (goal, items) in &layout.goals {
        let first = col;
        for item in items {
            for (r, (kind, _)) in layout.columns.iter().enumerate() {
                let text = match kind {
                    Kind::Goal if col == first => goal.as_str(),
                    _ => item.text(*kind).unwrap_or_default(),
                };
                sheet.text(top + r as u32, col, text);
            }
            col += 1;
        }
        sheet.merge(top, first, top, col - 1);
    }
    sheet
}

/// One block per item, labels left and values right, the blocks stacked
/// down one sheet with a blank row between (and a heading over each).
fn stacked_blocks(layout: &Layout) -> Sheet {
    let mut sheet = Sheet::new("取組票");
    let left = layout.first_col;
    let mut row = preamble(&mut sheet, layout, left);
    for (k, item) in layout.goals.iter().flat_map(|(_, items)| items).enumerate() {
        if layout.block_headings {
            sheet.text(row, left, &format!("取組{}", k + 1));
            row += 1;
        }
        for (kind, label) in &layout.columns {
            sheet.text(row, left, label);
            sheet.text(row, left + 1, item.text(*kind).unwrap_or_default());
            row += 1;
        }
        row += 1;
    }
    sheet
}

/// One sheet per item (labels left, values right) after an index sheet.
fn record_sheets(layout: &Layout) -> Vec<Sheet> {
    let mut index = Sheet::new("一覧");
    let left = layout.first_col;
    let mut row = preamble(&mut index, layout, left);
    let item_word = &layout.columns[0].1;
    for (c, h) in ["No.", item_word.as_str(), "担当課"].iter().enumerate() {
        index.text(row, left + c as u32, h);
    }
    row += 1;
    let mut sheets = Vec::new();
    for (k, item) in layout.goals.iter().flat_map(|(_, items)| items).enumerate() {
        index.text(row, left, &format!("{}", k + 1));
        index.text(row, left + 1, &item.title);
        index.text(row, left + 2, &item.owner);
        row += 1;
        let mut sheet = Sheet::new(&format!("事業{}", k + 1));
        let top = preamble(&mut sheet, layout, left);
        for (r, (kind, label)) in (top..).zip(&layout.columns) {
            let text = item.text(*kind).unwrap_or_default();
            sheet.text(r, left, label);
            sheet.text(r, left + 1, text);
        }
        sheets.push(sheet);
    }
    let mut out = vec![index];
    out.extend(sheets);
    out
}

/// 進捗報告: the reports on a sheet of their own, each row naming its item
/// by number and repeating its title.
fn report_sheet(layout: &Layout) -> Sheet {
    let mut sheet = Sheet::new("進捗報告");
    sheet.text(0, 0, "令和8年度 進捗報告");
    for (c, h) in ["番号", "取組項目", "中間報告", "期末報告"]
        .iter()
        .enumerate()
    {
        sheet.text(2, c as u32, h);
    }
    let mut row = 3;
    for (g, (_, items)) in layout.goals.iter().enumerate() {
        for (k, item) in items.iter().enumerate() {
            sheet.text(row, 0, &layout.item_number(g, k));
            sheet.text(row, 1, &item.title);
            sheet.text(row, 2, &item.interim);
            sheet.text(row, 3, &item.year_end);
            row += 1;
        }
    }
    sheet
}

/// Writes the sheets as an xlsx file as Excel saves one: shared strings
/// with phonetic runs (furigana), rich text, line breaks stored as
/// `_x000D_`, and formulas with their cached values — what the reader must
/// see through to the text a person sees.
pub fn write_xlsx(sheets: &[Sheet], path: &std::path::Path) -> Traits {
    use rust_xlsxwriter::{Format, Formula, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let plain = Format::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        let covered = |r: u32, c: u32| {
            sheet.merges.iter().any(|m| {
                (m.first_row..=m.last_row).contains(&r)
                    && (m.first_col..=m.last_col).contains(&c)
                    && (m.first_row, m.first_col) != (r, c)
            })
        };
        for (n, (&(r, c), value)) in sheet.cells.iter().enumerate() {
            let CellValue::Text(text) = value else {
                continue;
            };
            if covered(r, c) {
                continue;
            }
            let col = c as u16;
            match n % 7 {
                // Rich text: the first character in bold.
                1 if text.chars().count() > 2 => {
                    let split = text.char_indices().nth(1).map_or(text.len(), |(i, _)| i);
                    let segments = [(&bold, &text[..split]), (&plain, &text[split..])];
                    ws.write_rich_string(r, col, &segments).unwrap();
                }
                // A formula with its cached value.
                3 if !text.contains('"') => {
                    let formula = Formula::new(format!("=\"{text}\"")).set_result(text);
                    ws.write_formula(r, col, formula).unwrap();
                }
                _ => {
                    ws.write_string(r, col, text).unwrap();
                }
            }
        }
        if let Some((first_row, first_col, last_row, last_col)) = sheet.filter {
            ws.autofilter(first_row, first_col as u16, last_row, last_col as u16)
                .unwrap();
        }
        for &row in &sheet.hidden_rows {
            ws.set_row_hidden(row).unwrap();
        }
        for &(first, last) in &sheet.outlines {
            ws.group_rows_collapsed(first, last).unwrap();
        }
        for m in &sheet.merges {
            let text = match sheet.cells.get(&(m.first_row, m.first_col)) {
                Some(CellValue::Text(t)) => t.clone(),
                _ => String::new(),
            };
            ws.merge_range(
                m.first_row,
                m.first_col as u16,
                m.last_row,
                m.last_col as u16,
                &text,
                &plain,
            )
            .unwrap();
        }
    }
    book.save(path).unwrap();
    add_phonetic_runs(path)
}

/// Which of Excel's save traits a written package holds.
#[derive(Debug, Default, Clone, Copy)]
pub struct Traits {
    pub phonetic: bool,
    pub line_break_escapes: bool,
    pub rich_text: bool,
    pub formulas: bool,
    /// Rows hidden under an autofilter.
    pub filtered_rows: bool,
    /// Rows hidden in a collapsed outline group.
    pub collapsed_rows: bool,
}

impl Traits {
    pub fn or(self, other: Traits) -> Traits {
        Traits {
            phonetic: self.phonetic || other.phonetic,
            line_break_escapes: self.line_break_escapes || other.line_break_escapes,
            rich_text: self.rich_text || other.rich_text,
            formulas: self.formulas || other.formulas,
            filtered_rows: self.filtered_rows || other.filtered_rows,
            collapsed_rows: self.collapsed_rows || other.collapsed_rows,
        }
    }
}

/// Rewrites the shared strings as Excel keeps Japanese text typed through
/// an input method: each with a phonetic run (its reading) after the text,
/// and line breaks as `_x000D_` escapes before `\n`.
fn add_phonetic_runs(path: &std::path::Path) -> Traits {
    use std::io::{Read, Write};
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        parts.push((entry.name().unwrap().to_string(), bytes));
    }
    let mut traits = Traits::default();
    for (name, bytes) in &mut parts {
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8_lossy(bytes);
            traits.formulas |= xml.contains("<f>");
            traits.filtered_rows |= xml.contains("<autoFilter") && xml.contains("hidden=\"1\"");
            traits.collapsed_rows |= xml.contains("outlineLevel=") && xml.contains("hidden=\"1\"");
        }
        if name != "xl/sharedStrings.xml" {
            continue;
        }
        let xml = String::from_utf8(bytes.clone()).unwrap();
        let xml = xml
            .replace(
                "</t></si>",
                "</t><rPh sb=\"0\" eb=\"1\"><t>ヨミ</t></rPh><phoneticPr fontId=\"1\"/></si>",
            )
            .replace("&#xA;", "_x000D_\n")
            .replace('\n', "_x000D_\n")
            .replace("_x000D__x000D_", "_x000D_");
        traits.phonetic = xml.contains("<rPh");
        traits.line_break_escapes = xml.contains("_x000D_");
        traits.rich_text = xml.contains("<r><rPr>");
        *bytes = xml.into_bytes();
    }
    let file = std::fs::File::create(path).unwrap();
    let mut out = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in parts {
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
    traits
}
