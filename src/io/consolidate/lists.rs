//! The long lists of the consolidated workbook: 全庁一覧 (every action
//! item), 期限一覧 (every deadline), 未提出 (the reports still missing, by
//! department), 取込エラー (the files that could not be read) and 変更履歴
//! (the changes of the last days), each with its header row, filters,
//! highlights and page setup.
//!
//! A list's columns come from [`labels`]: its headers and their layouts,
//! and the values of a row from the consolidation model, in the same
//! order. A column is added in those three places; the conditional formats
//! find their columns by header.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    ConditionalFormatDataBar, ConditionalFormatFormula, ConditionalFormatType, Worksheet, XlsxError,
};

use super::formats::Formats;
use super::table::Table;
use mokuhyo_core::consolidate::changes::ChangeRow;
use mokuhyo_core::consolidate::labels::{self, ColumnLayout};
use mokuhyo_core::consolidate::model::ConsolidatedBook;
use mokuhyo_core::consolidate::years::YearComparison;

const A3_PAPER: u8 = 8;
/// Page margins in inches (left, right, top, bottom): narrow, for the
/// wide lists.
const MARGINS: (f64, f64, f64, f64) = (0.4, 0.4, 0.6, 0.6);

/// 全庁一覧: one row per action item.
pub(super) fn items_sheet(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_ITEMS)?;
    let headers = &labels::ITEM_HEADERS;
    let layouts = &labels::ITEM_LAYOUT;
    let mut table = Table::list(f, headers, layouts);
    table.header(ws, 0, headers)?;
    let mut row = 0;
    let mut breaks = Vec::new();
    let mut department = None;
    for item in &book.items {
        row += 1;
        if department.is_some_and(|d| d != item.department) {
            breaks.push(row);
        }
        department = Some(item.department);
        table.row(ws, row, &item.values())?;
    }
    let last_col = last_column(headers);
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row, last_col)?;
    if row > 0 {
        let col = |name| column(headers, name);
        filled_rule(ws, f, row, col("中間報告"))?;
        filled_rule(ws, f, row, col("期末報告"))?;
        status_rules(ws, f, row, last_col, col("状態"))?;
        let bar = ConditionalFormatDataBar::new()
            .set_minimum(ConditionalFormatType::Number, 0)
            .set_maximum(ConditionalFormatType::Number, 1);
        let achievement = col("達成度");
        ws.add_conditional_format(1, achievement, row, achievement, &bar)?;
    }
    table.finish(ws, last_col, row)?;
    let last_printed = last_printed_column(layouts);
    ws.set_print_area(0, 0, row, last_printed)?;
    print_setup(ws, book, labels::SHEET_ITEMS, Some((0, 0)))?;
    page_by_group(ws, &table, last_printed, &breaks)
}

/// 期限一覧: one row per deadline, each linked to its item's row in 全庁一覧.
pub(super) fn deadlines_sheet(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_DEADLINES)?;
    let headers = &labels::DEADLINE_HEADERS;
    let layouts = &labels::DEADLINE_LAYOUT;
    let mut table = Table::list(f, headers, layouts);
    table.header(ws, 0, headers)?;
    let mut row = 0;
    for deadline in &book.deadlines {
        row += 1;
        table.row(ws, row, &book.deadline_values(deadline))?;
    }
    let last_col = last_column(headers);
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row, last_col)?;
    if row > 0 {
        filled_rule(ws, f, row, column(headers, "中間報告"))?;
        filled_rule(ws, f, row, column(headers, "期末報告"))?;
        status_rules(ws, f, row, last_col, column(headers, "状態"))?;
    }
    table.finish(ws, last_col, row)?;
    ws.set_print_area(0, 0, row, last_printed_column(layouts))?;
    print_setup(ws, book, labels::SHEET_DEADLINES, Some((0, 0)))
}

/// 未提出: under a title naming the day, one section per milestone — the
/// reports late after each passed due date (提出遅れ, latest first), then
/// those of the next one (未提出) — each with its departments' headings and
/// their items whose report is still empty. Each section and department
/// starts a new page.
pub(super) fn missing_sheet(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_MISSING)?;
    let headers = &labels::MISSING_HEADERS;
    let layouts = &labels::MISSING_LAYOUT;
    // The title and the headings span the printed columns.
    let last_printed = last_printed_column(layouts);
    let title = labels::missing_title(&book.nendo(), &book.today.format("%Y/%m/%d").to_string());
    ws.merge_range(0, 0, 0, last_printed, &title, &f.caption)?;
    ws.set_row_height(0, 24)?;
    let mut table = Table::list(f, headers, layouts);
    table.header(ws, 1, headers)?;
    let mut row = 1;
    let mut breaks = Vec::new();
    if book.missing.is_empty() {
        row += 1;
        let none = if book.reporting.milestones().is_empty() {
            labels::NO_MILESTONE
        } else {
            labels::NO_REPORT_COLUMNS
        };
        ws.write_string(row, 0, none)?;
    }
    for (index, reports) in book.missing.iter().enumerate() {
        row += 1;
        if index > 0 {
            breaks.push(row);
        }
        let heading = labels::missing_section(
            reports.milestone.label(),
            reports.status_label(),
            reports.count(),
            &reports.due.format("%Y/%m/%d").to_string(),
            reports.days_left,
        );
        let format = if reports.is_late() {
            &f.late_section
        } else {
            &f.section
        };
        ws.merge_range(row, 0, row, last_printed, &heading, format)?;
        ws.set_row_height(row, 22)?;
        if reports.groups.is_empty() {
            row += 1;
            ws.write_string(
                row,
                0,
                labels::nothing_missing(reports.milestone.label(), reports.is_late()),
            )?;
        }
        for (group_index, group) in reports.groups.iter().enumerate() {
            row += 1;
            if group_index > 0 {
                breaks.push(row);
            }
            let heading = labels::missing_group(group.department, group.items.len());
            ws.merge_range(row, 0, row, last_printed, &heading, &f.group)?;
            for &item in &group.items {
                row += 1;
                table.row(ws, row, &book.missing_values(reports, item))?;
            }
        }
    }
    if book.missing.iter().any(|m| m.is_late() && m.count() > 0) {
        let status = column(headers, "提出状況");
        let cell = format!("${}3", mokuhyo_core::model::column_name(u32::from(status)));
        let rule = ConditionalFormatFormula::new()
            .set_rule(format!("={cell}=\"{}\"", labels::SUBMISSION_LATE).as_str())
            .set_format(&f.red);
        ws.add_conditional_format(2, status, row, status, &rule)?;
    }
    table.finish(ws, last_column(headers), row)?;
    ws.set_freeze_panes(2, 0)?;
    ws.set_print_area(0, 0, row, last_printed)?;
    print_setup(ws, book, labels::SHEET_MISSING, Some((0, 1)))?;
    page_by_group(ws, &table, last_printed, &breaks)
}

/// 取込エラー: every file that could not be read, or was skipped.
pub(super) fn problems_sheet(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_PROBLEMS)?;
    let headers = &labels::PROBLEM_HEADERS;
    let mut table = Table::list(f, headers, &labels::PROBLEM_LAYOUT);
    table.header(ws, 0, headers)?;
    let mut row = 0;
    for problem in &book.problems {
        row += 1;
        table.row(ws, row, &problem.values())?;
    }
    if row == 0 {
        ws.write_string(1, 0, labels::NO_PROBLEMS)?;
    }
    let last_col = last_column(headers);
    ws.set_freeze_panes(1, 0)?;
    if row > 0 {
        ws.autofilter(0, 0, row, last_col)?;
        let kind = ConditionalFormatFormula::new()
            .set_rule(format!("=$A2=\"{}\"", labels::PROBLEM_ERROR).as_str())
            .set_format(&f.red);
        ws.add_conditional_format(1, 0, row, 0, &kind)?;
    }
    table.finish(ws, last_col, row.max(1))?;
    print_setup(ws, book, labels::SHEET_PROBLEMS, Some((0, 0)))
}

/// The column of a list headed `name` (0 when there is none: a rule on
/// the wrong column shows, a missing rule would not).
fn column(headers: &[&str], name: &str) -> u16 {
    headers.iter().position(|h| *h == name).unwrap_or(0) as u16
}

fn last_column(headers: &[&str]) -> u16 {
    headers.len().saturating_sub(1) as u16
}

/// The last column of a list that is printed (screen-only columns come
/// last).
pub(super) fn last_printed_column(layouts: &[ColumnLayout]) -> u16 {
    layouts.iter().rposition(|l| l.printed).unwrap_or(0) as u16
}

/// Paper, page header and footer of a list: A3 landscape, one page wide,
/// `令和8年度 <sheet>` on the left of the header and the day of the figures
/// on its right, `page / pages` at the foot; `repeat_rows` on every page.
fn print_setup(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    sheet: &str,
    repeat_rows: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    let title = format!("{} {sheet}", book.nendo());
    page_setup(ws, &title, book.today, repeat_rows)
}

/// Paper, page header and footer of every sheet: see [`print_setup`].
pub(super) fn page_setup(
    ws: &mut Worksheet,
    title: &str,
    today: NaiveDate,
    repeat_rows: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    let today = labels::page_header_today(&today.format("%Y/%m/%d").to_string());
    let (left, right, top, bottom) = MARGINS;
    ws.set_paper_size(A3_PAPER)
        .set_landscape()
        .set_margins(left, right, top, bottom, 0.3, 0.3)
        .set_print_fit_to_pages(1, 0)
        .set_header(format!(
            "&L{}&R{}",
            title.replace('&', "&&"),
            today.replace('&', "&&")
        ))
        .set_footer("&C&P / &N");
    if let Some((first, last)) = repeat_rows {
        ws.set_repeat_rows(first, last)?;
    }
    Ok(())
}

/// 変更履歴: the changes of the last `days` days, newest first, each linked
/// to its item's row in 全庁一覧 (rows computed by
/// [`mokuhyo_core::consolidate::changes::change_rows`]).
pub(super) fn changes_sheet(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    rows: &[ChangeRow],
    days: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_CHANGES)?;
    let headers = &labels::CHANGE_HEADERS;
    let layouts = &labels::CHANGE_LAYOUT;
    let mut table = Table::list(f, headers, layouts);
    table.header(ws, 0, headers)?;
    let mut row = 0;
    for change in rows {
        row += 1;
        table.row(ws, row, &change.values())?;
    }
    let last_col = last_column(headers);
    ws.set_freeze_panes(1, 0)?;
    if rows.is_empty() {
        ws.write_string(1, 0, labels::no_changes(days))?;
    } else {
        ws.autofilter(0, 0, row, last_col)?;
    }
    table.finish(ws, last_col, row.max(1))?;
    ws.set_print_area(0, 0, row.max(1), last_printed_column(layouts))?;
    print_setup(ws, book, labels::SHEET_CHANGES, Some((0, 0)))
}

/// Printed at a fixed scale that fits the printed columns on the width of
/// the page, with a page break before each row of `breaks` (a department's
/// first): Excel and LibreOffice ignore manual page breaks on a sheet
/// printed "fit to one page wide". At most Excel's 1,023 breaks.
fn page_by_group(
    ws: &mut Worksheet,
    table: &Table<'_>,
    last_printed: u16,
    breaks: &[u32],
) -> Result<(), XlsxError> {
    if breaks.is_empty() {
        return Ok(());
    }
    ws.set_print_fit_to_pages(0, 0);
    ws.set_print_scale(fitting_scale(
        table.printed_width(last_printed, super::formats::WIDEST_DIGIT_PIXELS),
    ));
    let breaks = &breaks[..breaks.len().min(1023)];
    ws.set_page_breaks(breaks)?;
    Ok(())
}

/// The width A3 landscape holds within [`MARGINS`], in pixels of column
/// width (96 per inch): 16.54 in less 0.8 in of margins.
const A3_LANDSCAPE_PIXELS: f64 = (16.54 - 0.8) * 96.0;

/// The print scale (percent, 10–100) at which columns `pixels` wide (at
/// the widest digit a renderer counts them in) fit the width of the page,
/// a tenth to spare for the renderer's rounding and its grid lines.
pub(super) fn fitting_scale(pixels: f64) -> u16 {
    if pixels <= 0.0 {
        return 100;
    }
    let scale = (A3_LANDSCAPE_PIXELS * 0.9 / pixels * 100.0).floor();
    scale.clamp(10.0, 100.0) as u16
}

/// 年度比較: per department and fiscal year, the items, each report's rate,
/// the mean 達成度 and the items carried over into the next year.
pub(super) fn years_sheet(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    years: &YearComparison,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_YEARS)?;
    let headers = &labels::YEAR_HEADERS;
    let layouts = &labels::YEAR_LAYOUT;
    let mut table = Table::list(f, headers, layouts);
    table.header(ws, 0, headers)?;
    let mut row = 0;
    for year in &years.rows {
        row += 1;
        table.row(ws, row, &year.values())?;
    }
    let last_col = last_column(headers);
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row.max(1), last_col)?;
    table.finish(ws, last_col, row.max(1))?;
    print_setup(ws, book, labels::SHEET_YEARS, Some((0, 0)))
}

/// `=$J2="期限超過"`-style rules over the data rows (from row 1 to
/// `last_row`), across the columns up to `last_col`.
fn status_rules(
    ws: &mut Worksheet,
    f: &Formats,
    last_row: u32,
    last_col: u16,
    status_col: u16,
) -> Result<(), XlsxError> {
    let cell = format!(
        "${}2",
        mokuhyo_core::model::column_name(u32::from(status_col))
    );
    for (word, format) in [
        (labels::STATUS_OVERDUE, &f.red),
        (labels::STATUS_DUE_SOON, &f.amber),
    ] {
        let rule = ConditionalFormatFormula::new()
            .set_rule(format!("={cell}=\"{word}\"").as_str())
            .set_format(format);
        ws.add_conditional_format(1, 0, last_row, last_col, &rule)?;
    }
    Ok(())
}

/// Green for the filled report cells of the data rows (not blank, not
/// （欄なし） or （記入欄なし））.
fn filled_rule(ws: &mut Worksheet, f: &Formats, last_row: u32, col: u16) -> Result<(), XlsxError> {
    let cell = format!("{}2", mokuhyo_core::model::column_name(u32::from(col)));
    let rule = ConditionalFormatFormula::new()
        .set_rule(
            format!(
                "=AND(LEN({cell})>0,{cell}<>\"{}\",{cell}<>\"{}\")",
                labels::REPORT_NOT_IN_LAYOUT,
                labels::REPORT_NO_CELL
            )
            .as_str(),
        )
        .set_format(&f.green);
    ws.add_conditional_format(1, col, last_row, col, &rule)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::items(&labels::ITEM_LAYOUT, &labels::ITEM_HEADERS, "更新日時", 14)]
    #[case::deadlines(&labels::DEADLINE_LAYOUT, &labels::DEADLINE_HEADERS, "全庁一覧", 10)]
    #[case::missing(&labels::MISSING_LAYOUT, &labels::MISSING_HEADERS, "ファイル", 12)]
    #[case::problems(&labels::PROBLEM_LAYOUT, &labels::PROBLEM_HEADERS, "前回データ使用", 7)]
    fn print_area_ends_before_the_screen_only_columns(
        #[case] layouts: &[ColumnLayout],
        #[case] headers: &[&str],
        #[case] last_header: &str,
        #[case] last_printed: u16,
    ) {
        assert_eq!(layouts.len(), headers.len());
        assert_eq!(headers.last(), Some(&last_header));
        assert_eq!(last_printed_column(layouts), last_printed);
        // Screen-only columns come last, so the print area holds every
        // printed one.
        let printed = usize::from(last_printed) + 1;
        assert!(layouts[..printed].iter().all(|l| l.printed));
        assert!(layouts[printed..].iter().all(|l| !l.printed));
    }

    #[rstest]
    #[case("目標No", true)]
    #[case("取組No", true)]
    #[case("期限日", true)]
    #[case("期限日(全て)", true)]
    #[case("状態", true)]
    #[case("取組項目", false)]
    #[case("中間報告", false)]
    fn numbers_and_dates_of_the_item_list_are_centred(#[case] header: &str, #[case] centred: bool) {
        let col = column(&labels::ITEM_HEADERS, header);
        assert_eq!(labels::ITEM_LAYOUT[usize::from(col)].centred, centred);
    }

    #[rstest]
    // A3 landscape within the margins holds about 215 columns at full
    // size. Even with every column at its widest, 全庁一覧 prints at about
    // three quarters of full size, 未提出 (with the cell to fill and its
    // file) at about nine tenths, 期限一覧 at full size.
    #[case(&labels::ITEM_LAYOUT, 270.0)]
    #[case(&labels::DEADLINE_LAYOUT, 215.0)]
    #[case(&labels::MISSING_LAYOUT, 240.0)]
    fn printed_columns_fit_a3_landscape(#[case] layouts: &[ColumnLayout], #[case] most: f64) {
        let printed: f64 = layouts
            .iter()
            .filter(|l| l.printed)
            .map(|l| l.max_width)
            .sum();
        assert!(printed <= most, "{printed}");
    }
}
