//! 概要, the consolidated workbook's first sheet: the reporting dates, a
//! table of every department's counts and submission rates with their
//! total, the distribution of achievement rates, two charts of them, and
//! the count of the last week's changes.

use chrono::{DateTime, Utc};
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartEmptyCells, ChartLegendPosition, ChartType,
    ConditionalFormatDataBar, ConditionalFormatFormula, ConditionalFormatType, Worksheet,
    XlsxError,
};

use super::formats::Formats;
use super::lists::page_setup;
use super::table::Table;
use mokuhyo_core::calendar::japan_time;
use mokuhyo_core::consolidate::changes::{RECENT_DAYS, RecentChanges};
use mokuhyo_core::consolidate::labels;
use mokuhyo_core::consolidate::model::{ConsolidatedBook, Milestone, Value};

/// Writes 概要: dates, the departments' table, the achievement
/// distribution, the legend and the charts.
pub(super) fn overview_sheet(
    ws: &mut Worksheet,
    book: &ConsolidatedBook<'_>,
    f: &Formats,
    generated_at: DateTime<Utc>,
    recent: RecentChanges,
) -> Result<(), XlsxError> {
    ws.set_name(labels::SHEET_OVERVIEW)?;
    let nendo = book.nendo();
    let sheet = Overview {
        book,
        f,
        last_col: (labels::OVERVIEW_HEADERS.len() - 1) as u16,
    };
    sheet.dates(ws, &nendo, generated_at)?;
    sheet.reporting_dates(ws, recent)?;
    let departments = sheet.departments(ws)?;
    let bins = sheet.achievement_bins(ws, departments.totals + 2)?;
    let last_legend = sheet.legend(ws, bins.last + 2)?;
    let charts_below = sheet.charts(ws, &departments, &bins)?;

    ws.set_freeze_panes(1, 0)?;
    page_setup(ws, &labels::book_title(&nendo), book.today, None)?;
    ws.set_print_fit_to_pages(1, 1);
    // The print area reaches past the tables and the charts: rows are at
    // least 20 pixels tall from row 3 on.
    let chart_rows = charts_below.div_ceil(20) + 4;
    let last_row = last_legend.max(3 + chart_rows);
    ws.set_print_area(0, 0, last_row, sheet.chart_col() + 8)?;
    Ok(())
}

/// 概要 as it is written: the book, the formats, the last column of the
/// departments' table.
struct Overview<'a, 'b> {
    book: &'a ConsolidatedBook<'b>,
    f: &'a Formats,
    last_col: u16,
}

/// Where the departments' table stands: its departments' first and last
/// rows (none when last < first) and its total's row.
struct DepartmentRows {
    first: u32,
    last: u32,
    totals: u32,
}

/// Where the achievement distribution stands, and what its chart shows.
struct BinRows {
    first: u32,
    last: u32,
    /// The last bin of a rate (the items without one come after).
    last_rated: u32,
    /// The items without a rate, counted in the chart's title.
    unfilled: u64,
    /// The largest count of a bin of rates.
    most: u64,
}

impl Overview<'_, '_> {
    /// The column the charts start at, right of the tables.
    fn chart_col(&self) -> u16 {
        self.last_col + 2
    }

    /// The banner, the day the book is of and when it was made.
    fn dates(
        &self,
        ws: &mut Worksheet,
        nendo: &str,
        generated_at: DateTime<Utc>,
    ) -> Result<(), XlsxError> {
        let f = self.f;
        ws.merge_range(
            0,
            0,
            0,
            self.last_col,
            &labels::book_title(nendo),
            &f.banner,
        )?;
        ws.set_row_height(0, 36)?;
        ws.write_string_with_format(1, 0, labels::CAPTION_TODAY, &f.label)?;
        let centred = &f.boxed_centred;
        ws.write_datetime_with_format(1, 1, self.book.today, &centred.date)?;
        ws.merge_range(1, 2, 1, 3, labels::CAPTION_GENERATED, &f.label)?;
        ws.merge_range(1, 4, 1, 5, "", &centred.datetime)?;
        ws.write_datetime_with_format(1, 4, japan_time(generated_at), &centred.datetime)?;
        Ok(())
    }

    /// The reporting dates: each milestone's due date, days left and
    /// reports unfilled; the next milestone; the last week's changes.
    fn reporting_dates(&self, ws: &mut Worksheet, recent: RecentChanges) -> Result<(), XlsxError> {
        let (book, f) = (self.book, self.f);
        let ov = &book.overview;
        let centred = &f.boxed_centred;
        ws.write_string_with_format(3, 0, labels::CAPTION_DEADLINES, &f.caption)?;
        ws.write_string_with_format(4, 1, labels::CAPTION_DUE_DATE, &f.header)?;
        ws.write_string_with_format(4, 2, labels::CAPTION_DAYS_LEFT, &f.header)?;
        ws.write_string_with_format(4, 3, labels::CAPTION_UNFILLED, &f.header)?;
        let milestones = [
            (
                Milestone::Interim.label(),
                book.reporting.interim_due,
                ov.interim_days_left,
                ov.interim_unfilled,
            ),
            (
                Milestone::YearEnd.label(),
                book.reporting.year_end_due,
                ov.year_end_days_left,
                ov.year_end_unfilled,
            ),
        ];
        for (row, (label, due, days, unfilled)) in (5u32..).zip(milestones) {
            ws.write_string_with_format(row, 0, label, &f.label)?;
            match due {
                Some(due) => ws.write_datetime_with_format(row, 1, due, &centred.date)?,
                None => {
                    ws.write_string_with_format(row, 1, labels::CAPTION_NOT_SET, &centred.text)?
                }
            };
            ws.write_string_with_format(
                row,
                2,
                days.map(labels::days_left).unwrap_or_default(),
                &centred.text,
            )?;
            let late = days.is_some_and(|d| d < 0);
            let status = if late {
                labels::SUBMISSION_LATE
            } else {
                labels::SUBMISSION_MISSING
            };
            let format = if late && unfilled > 0 {
                &f.red
            } else {
                &centred.text
            };
            ws.write_string_with_format(row, 3, labels::count_of(status, unfilled), format)?;
        }
        ws.write_string_with_format(7, 0, labels::CAPTION_NEXT, &f.label)?;
        let next = book
            .next_milestone
            .map(|n| format!("{}（{}）", n.milestone.label(), n.due.format("%Y/%m/%d")))
            .unwrap_or_else(|| labels::CAPTION_NOT_SET.to_string());
        ws.merge_range(7, 1, 7, 2, &next, &f.boxed.text)?;
        // The last week's changes (変更履歴 lists them).
        let line =
            labels::recent_changes(RECENT_DAYS, recent.reports_filled, recent.deadlines_moved);
        ws.merge_range(8, 0, 8, self.last_col, &line, &f.label)?;
        Ok(())
    }

    /// The departments' table: a row per department, the total, widths,
    /// data bars on the submission rates and red on overdue counts.
    fn departments(&self, ws: &mut Worksheet) -> Result<DepartmentRows, XlsxError> {
        let f = self.f;
        let ov = &self.book.overview;
        let headers = &labels::OVERVIEW_HEADERS;
        let last_col = self.last_col;
        ws.write_string_with_format(9, 0, labels::CAPTION_DEPARTMENTS, &f.caption)?;
        let header_row = 10;
        for (col, header) in (0u16..).zip(headers) {
            ws.write_string_with_format(header_row, col, *header, &f.header)?;
        }
        ws.set_row_height(header_row, 32)?;
        let mut table = Table::boxed(f, headers);
        let mut row = header_row;
        for dept in &ov.departments {
            row += 1;
            let mut values = vec![Value::Text(dept.department.clone())];
            values.extend(dept.counts.values(dept.last_modified));
            table.row(ws, row, &values)?;
        }
        let first_dept_row = header_row + 1;
        let last_dept_row = row;
        row += 1;
        let mut totals = vec![Value::Text(labels::TOTAL.into())];
        totals.extend(ov.totals.values(ov.last_modified));
        for (col, value) in (0u16..).zip(&totals) {
            match value {
                Value::Text(t) => {
                    ws.write_string_with_format(row, col, t.as_ref(), &f.total_text)?
                }
                Value::Integer(n) => {
                    ws.write_number_with_format(row, col, *n as f64, &f.total_integer)?
                }
                Value::Percent(p) => ws.write_number_with_format(row, col, *p, &f.total_percent)?,
                Value::DateTime(dt) => {
                    ws.write_datetime_with_format(row, col, dt, &f.total_datetime)?
                }
                _ => ws.write_blank(row, col, &f.total_text)?,
            };
        }
        let totals_row = row;
        // Each column as wide as its header's widest line (never cut) and
        // its widest value, 最終更新 too (never `###`); the dates above
        // (集計日, the reporting dates) and `提出遅れ 9件` need 12.
        let least = |col: u16| match col {
            0 => 14.0,
            1 | 3 => 12.0,
            _ => 10.0,
        };
        for col in 0..=last_col {
            let needed = table.widths.needed(usize::from(col)).unwrap_or(0.0) + 1.0;
            ws.set_column_width(col, needed.max(least(col)).min(30.0))?;
        }
        let rows = DepartmentRows {
            first: first_dept_row,
            last: last_dept_row,
            totals: totals_row,
        };
        if rows.last >= rows.first {
            self.department_formats(ws, &rows)?;
        }
        Ok(rows)
    }

    /// Data bars on the departments' submission rates, red on an overdue
    /// count above zero.
    fn department_formats(
        &self,
        ws: &mut Worksheet,
        rows: &DepartmentRows,
    ) -> Result<(), XlsxError> {
        let headers = &labels::OVERVIEW_HEADERS;
        let (first_dept_row, last_dept_row) = (rows.first, rows.last);
        let rate_cols: Vec<u16> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.ends_with("提出率"))
            .map(|(c, _)| c as u16)
            .collect();
        for col in rate_cols {
            let bar = ConditionalFormatDataBar::new()
                .set_minimum(ConditionalFormatType::Number, 0)
                .set_maximum(ConditionalFormatType::Number, 1);
            // The bars compare departments: the total is not one of them.
            ws.add_conditional_format(first_dept_row, col, last_dept_row, col, &bar)?;
        }
        let overdue_col = headers.iter().position(|h| *h == "期限超過").unwrap_or(0) as u16;
        let red = ConditionalFormatFormula::new()
            .set_rule(
                format!(
                    "={}{}>0",
                    mokuhyo_core::model::column_name(u32::from(overdue_col)),
                    first_dept_row + 1
                )
                .as_str(),
            )
            .set_format(&self.f.red);
        ws.add_conditional_format(first_dept_row, overdue_col, rows.totals, overdue_col, &red)?;
        Ok(())
    }

    /// The distribution of achievement rates: a row per bin.
    fn achievement_bins(
        &self,
        ws: &mut Worksheet,
        dist_caption: u32,
    ) -> Result<BinRows, XlsxError> {
        let f = self.f;
        let ov = &self.book.overview;
        ws.write_string_with_format(dist_caption, 0, labels::CAPTION_ACHIEVEMENT, &f.caption)?;
        ws.write_string_with_format(
            dist_caption + 1,
            0,
            labels::CAPTION_ACHIEVEMENT_RANGE,
            &f.header,
        )?;
        ws.write_string_with_format(dist_caption + 1, 1, labels::CAPTION_ITEM_COUNT, &f.header)?;
        let first_bin = dist_caption + 2;
        for (row, (label, count)) in (first_bin..).zip(&ov.achievement_bins) {
            ws.write_string_with_format(row, 0, *label, &f.label)?;
            ws.write_number_with_format(row, 1, *count as f64, &f.boxed.integer)?;
        }
        let last_bin = first_bin + ov.achievement_bins.len().saturating_sub(1) as u32;
        // The chart shows the bins of rates, which come first; the items
        // without a rate (often all of them before the year-end report) are
        // counted in its title instead.
        let (rated, unfilled): (Vec<_>, Vec<_>) = ov
            .achievement_bins
            .iter()
            .partition(|(label, _)| *label != labels::ACHIEVEMENT_NONE);
        let unfilled: u64 = unfilled.iter().map(|(_, count)| count).sum();
        let most = rated.iter().map(|(_, count)| *count).max().unwrap_or(0);
        let last_rated_bin = first_bin + rated.len().saturating_sub(1) as u32;
        Ok(BinRows {
            first: first_bin,
            last: last_bin,
            last_rated: last_rated_bin,
            unfilled,
            most,
        })
    }

    /// The words of the lists and what they mean, from `legend_caption`
    /// down; the last row.
    fn legend(&self, ws: &mut Worksheet, legend_caption: u32) -> Result<u32, XlsxError> {
        let f = self.f;
        let last_col = self.last_col;
        ws.write_string_with_format(legend_caption, 0, labels::CAPTION_LEGEND, &f.caption)?;
        let mut row = legend_caption;
        for (word, meaning) in labels::LEGEND {
            row += 1;
            ws.write_string_with_format(row, 0, word, &f.label)?;
            ws.merge_range(row, 1, row, last_col, meaning, &f.boxed.text)?;
            // The meaning wraps in the merged cells, which Excel does not
            // measure: one line holds about 120 characters' width.
            let lines = (mokuhyo_core::cell_text::text_width(meaning) / 120.0)
                .ceil()
                .max(1.0);
            ws.set_row_height(row, 15.0 * lines)?;
        }
        Ok(row)
    }

    /// The charts, right of the tables, one under the other: the
    /// departments' completion (when there are departments) and the
    /// achievement distribution. How far down they reach, in pixels.
    fn charts(
        &self,
        ws: &mut Worksheet,
        rows: &DepartmentRows,
        bins: &BinRows,
    ) -> Result<u32, XlsxError> {
        let chart_col = self.chart_col();
        let departments = (rows.last + 1).saturating_sub(rows.first);
        let completion_height = if departments > 0 {
            (120 + departments * 40).clamp(300, 1600)
        } else {
            0
        };
        if departments > 0 {
            let chart = completion_chart(rows, completion_height);
            ws.insert_chart(3, chart_col, &chart)?;
        }
        // Below the completion chart, with a gap: never over its legend.
        let below = if completion_height > 0 {
            completion_height + CHART_GAP
        } else {
            0
        };
        ws.insert_chart_with_offset(3, chart_col, &distribution_chart(bins), 0, below)?;
        Ok(below + DIST_HEIGHT)
    }
}

/// The bar chart of each department's interim and year-end submission
/// rates, `height` pixels tall.
fn completion_chart(rows: &DepartmentRows, height: u32) -> Chart {
    let (first_dept_row, last_dept_row) = (rows.first, rows.last);
    let mut chart = Chart::new(ChartType::Bar);
    chart.title().set_name(labels::CHART_COMPLETION);
    for (name, col) in [
        (Milestone::Interim.label(), 5u16),
        (Milestone::YearEnd.label(), 8u16),
    ] {
        chart
            .add_series()
            .set_name(name)
            .set_categories((labels::SHEET_OVERVIEW, first_dept_row, 0, last_dept_row, 0))
            .set_values((
                labels::SHEET_OVERVIEW,
                first_dept_row,
                col,
                last_dept_row,
                col,
            ))
            .set_data_label(ChartDataLabel::new().show_value().set_num_format("0%"));
    }
    chart
        .x_axis()
        .set_num_format("0%")
        .set_min(0.0)
        .set_max(1.0);
    // Departments from the top down, as in the table; the percentages
    // stay along the bottom.
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    // A department whose layout has no such report has no rate: no bar
    // (a gap), rather than one of 0 %.
    chart.show_empty_cells_as(ChartEmptyCells::Gaps);
    chart.set_width(CHART_WIDTH).set_height(height);
    chart
}

/// The column chart of the achievement distribution's bins of rates, the
/// items without a rate counted in its title.
fn distribution_chart(bins: &BinRows) -> Chart {
    let (first_bin, last_rated_bin) = (bins.first, bins.last_rated);
    let mut dist = Chart::new(ChartType::Column);
    dist.title()
        .set_name(labels::achievement_chart_title(bins.unfilled).as_str());
    dist.add_series()
        .set_name(labels::CAPTION_ITEM_COUNT)
        .set_categories((labels::SHEET_OVERVIEW, first_bin, 0, last_rated_bin, 0))
        .set_values((labels::SHEET_OVERVIEW, first_bin, 1, last_rated_bin, 1))
        .set_data_label(ChartDataLabel::new().show_value());
    dist.legend().set_hidden();
    // Counts are whole: a few items get a scale of whole numbers.
    dist.y_axis().set_min(0.0).set_num_format("0");
    if bins.most < 5 {
        dist.y_axis().set_max(5.0).set_major_unit(1.0);
    }
    dist.set_width(CHART_WIDTH).set_height(DIST_HEIGHT);
    dist
}

/// The charts' size and the gap between them, in pixels.
const CHART_WIDTH: u32 = 560;
const DIST_HEIGHT: u32 = 300;
const CHART_GAP: u32 = 20;

#[cfg(test)]
mod tests {
    use mokuhyo_core::consolidate::labels;

    #[test]
    fn chart_titles_count_the_items_left_out() {
        assert_eq!(labels::achievement_chart_title(0), "達成度の分布");
        assert_eq!(
            labels::achievement_chart_title(58),
            "達成度の分布（未記入 58件）"
        );
    }
}
