//! The page beside the consolidated workbook (`全庁目標一覧_令和8年度.html`):
//! one self-contained HTML file for 庁議 and the 部長, made from the same
//! [`ConsolidatedBook`] as the workbook and its JSON, so that every figure
//! agrees with them by construction.
//!
//! A summary (the as-of day, the reporting dates, the departments' counts
//! and charts, the 凡例), then a section per department: its card, its late
//! and empty reports with the cell to fill, and its items with their 状態 —
//! the workbook's words and colours, a word always beside a colour. Inline
//! CSS (A4 portrait when printed: each department on its own pages, the
//! header row repeated, the as-of day on every page) and SVG; no request
//! leaves the file. A small inline script filters by department and
//! status; the page reads whole without it.
//!
//! Pure: the book, the moment and the history come in, the text goes out.

mod markup;
mod svg;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::changes::{BookHistory, RECENT_DAYS, RecentChanges, recent_entries};
use super::labels;
use super::model::{
    ConsolidatedBook, DepartmentSummary, MissingGroup, MissingReports, Value, achievement_bins,
};
use super::status::{Counts, DueStatus, ReportCounts, ReportStatus};
use super::years::YearComparison;
use crate::a1::CellPosition;
use crate::calendar::japan_time;
use crate::model::ReportState;
use crate::remind::config::Milestone;
use crate::share_path::SharePath;
use markup::{date, date_time, escape, escape_text, header_row, link, percent, value};

const STYLE: &str = include_str!("page.css");
const FILTER_SCRIPT: &str = include_str!("filter.js");

/// The columns of a department's item table, as indices of
/// [`labels::ITEM_HEADERS`]: 担当課, 目標No, 目標, 取組No, 取組項目, 期限,
/// 状態, 中間報告, 期末報告, 達成度, 出典. The style sheet sets each
/// column's width and alignment by its place (`td:nth-child(…)`), so that
/// a row carries no class but a status colour.
const ITEM_COLUMNS: [usize; 11] = [1, 2, 3, 4, 5, 6, 9, 11, 12, 13, 16];
/// 担当課 and 出典 in [`labels::ITEM_HEADERS`]: the cells the item table
/// writes from the row itself (the one text it holds, the link).
const OWNERS_COLUMN: usize = 1;
const SOURCE_COLUMN: usize = 16;
/// The columns of a department's list of reports to fill, as indices of
/// [`labels::MISSING_HEADERS`]: 報告, 提出状況, 提出期限, 残り日数, 担当課,
/// 目標, 取組項目, 記入するセル.
const MISSING_COLUMNS: [usize; 8] = [0, 1, 2, 3, 5, 7, 9, 11];

/// What the page is made from.
#[derive(Debug, Clone, Copy)]
pub struct PageInput<'b, 'a> {
    pub book: &'b ConsolidatedBook<'a>,
    /// When it is written.
    pub generated_at: DateTime<Utc>,
    /// The changes each card counts (the last [`RECENT_DAYS`] days).
    pub history: &'b BookHistory<'b>,
    /// The fiscal years up to the book's (年度比較, shown when there are
    /// several).
    pub years: &'b YearComparison,
}

/// The page, whole: the parts of [`html_page_in_parts`] joined.
pub fn html_page(input: &PageInput<'_, '_>) -> String {
    let mut page = String::with_capacity(capacity(input.book));
    html_page_in_parts(input, &mut |part| page.push_str(part));
    page
}

/// The page in parts, each handed to `part` as soon as it is made: the
/// head with the summary, each department's section, then the footer. A
/// writer that writes each part as it comes holds no more than one
/// department's section.
pub fn html_page_in_parts(input: &PageInput<'_, '_>, part: &mut dyn FnMut(&str)) {
    let book = input.book;
    let today = date(book.today);
    let mut out = String::new();
    head(&mut out, book, &today);
    out.push_str("<body><a class=\"skip\" href=\"#main\">本文へ移動</a>");
    banner(&mut out, book, input.generated_at, &today);
    let departments = DepartmentPages::new(input);
    navigation(&mut out, &departments, input.years.compares());
    out.push_str("<main id=\"main\">");
    summary(&mut out, book, &departments);
    if input.years.compares() {
        years_section(&mut out, input.years);
    }
    part(&out);
    let mut tables = Tables::new();
    for (index, dept) in departments.pages.iter().enumerate() {
        out.clear();
        department_section(&mut out, book, index, dept, &today, &mut tables);
        part(&out);
    }
    out.clear();
    out.push_str("</main><footer><p>");
    escape(
        &mut out,
        &format!(
            "{} {}　mokuhyo が集約ブックと同じデータから作成（{}）",
            labels::CAPTION_GENERATED,
            date_time(japan_time(input.generated_at)),
            labels::book_title(&book.nendo())
        ),
    );
    out.push_str("</p></footer><script>");
    out.push_str(FILTER_SCRIPT);
    out.push_str("</script></body></html>\n");
    part(&out);
}

/// About the page's length: its items' texts and, per item, the markup of
/// a row and of a row to fill, so that the whole page is made in one buffer.
fn capacity(book: &ConsolidatedBook<'_>) -> usize {
    let texts: usize = book
        .items
        .iter()
        .map(|item| {
            let report = |m: Milestone| match m.state(item.item) {
                ReportState::Filled(text) => text.len(),
                _ => 0,
            };
            item.owners.len()
                + item.goal_title.len()
                + item.item_text.len()
                + item.deadline_text.map_or(0, str::len)
                + report(Milestone::Interim)
                + report(Milestone::YearEnd)
        })
        .sum();
    64 * 1024 + texts + book.items.len() * 1024
}

/// The page's title: `令和8年度 重点目標 全庁集約`.
fn title(book: &ConsolidatedBook<'_>) -> String {
    labels::book_title(&book.nendo())
}

fn head(out: &mut String, book: &ConsolidatedBook<'_>, today: &str) {
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"mokuhyo\"><title>",
    );
    escape(out, &title(book));
    out.push_str("</title><style>");
    out.push_str(STYLE);
    // The as-of day on every printed page, in its top margin.
    let _ = write!(
        out,
        "@page {{ @top-left {{ content: \"{}\"; font-size: 8pt; }} \
         @top-right {{ content: \"{}\"; font-size: 8pt; }} \
         @bottom-center {{ content: counter(page) \" / \" counter(pages); font-size: 8pt; }} }}",
        css_string(&title(book)),
        css_string(&labels::page_header_today(today)),
    );
    out.push_str("</style></head>");
}

/// Text inside a CSS string (`"…"`) in a `<style>` element.
fn css_string(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '"' | '\\' | '<' | '>' | '\n' | '\r'))
        .collect()
}

fn banner(out: &mut String, book: &ConsolidatedBook<'_>, generated_at: DateTime<Utc>, today: &str) {
    out.push_str("<header class=\"banner\"><h1>");
    escape(out, &title(book));
    out.push_str("</h1><p>");
    escape(
        out,
        &format!(
            "{} {today}　{} {}",
            labels::CAPTION_TODAY,
            labels::CAPTION_GENERATED,
            date_time(japan_time(generated_at))
        ),
    );
    if let Some(next) = book.next_milestone {
        escape(
            out,
            &format!(
                "　{} {}（{} {}、{}）",
                labels::CAPTION_NEXT,
                next.milestone.label(),
                labels::CAPTION_DUE_DATE,
                date(next.due),
                labels::days_left(next.days_left)
            ),
        );
    }
    out.push_str("</p></header>");
}

/// The list of departments, and the filter the script shows.
fn navigation(out: &mut String, departments: &DepartmentPages<'_, '_>, years: bool) {
    out.push_str(
        "<nav class=\"toc\" aria-label=\"目次\"><ul><li><a href=\"#summary\">概要</a></li>",
    );
    if years {
        let _ = write!(
            out,
            "<li><a href=\"#years\">{}</a></li>",
            labels::SHEET_YEARS
        );
    }
    for (index, dept) in departments.pages.iter().enumerate() {
        let _ = write!(out, "<li><a href=\"#dept-{}\">", index + 1);
        escape(out, dept.name());
        out.push_str("</a></li>");
    }
    out.push_str("</ul></nav>");
    out.push_str(
        "<form id=\"filter\" class=\"filter\" hidden aria-label=\"絞り込み\">\
         <label>部局 <select name=\"dept\"><option value=\"\">すべての部局</option>",
    );
    for dept in &departments.pages {
        out.push_str("<option>");
        escape(out, dept.name());
        out.push_str("</option>");
    }
    out.push_str(
        "</select></label><label>状態 <select name=\"status\">\
         <option value=\"\">すべての状態</option>",
    );
    for status in DueStatus::ALL {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            status.key(),
            status.label()
        );
    }
    out.push_str("</select></label></form>");
}

/// The workbook's class for a status word: its colour there.
fn status_class(word: &str) -> Option<&'static str> {
    match word {
        labels::STATUS_OVERDUE | labels::SUBMISSION_LATE => Some("red"),
        labels::STATUS_DUE_SOON => Some("amber"),
        labels::SUBMISSION_DONE => Some("green"),
        _ => None,
    }
}

/// 概要: reporting dates, the departments' table, the charts, the 凡例.
fn summary(out: &mut String, book: &ConsolidatedBook<'_>, departments: &DepartmentPages<'_, '_>) {
    out.push_str("<section id=\"summary\" aria-labelledby=\"summary-h\"><h2 id=\"summary-h\">");
    escape(out, labels::SHEET_OVERVIEW);
    out.push_str("</h2>");
    reporting_table(out, book);
    department_table(out, book);
    let recent = departments.total_recent;
    let _ = write!(
        out,
        "<p>直近{RECENT_DAYS}日の変更：報告の記入 {}件、期限の変更 {}件</p>",
        recent.reports_filled, recent.deadlines_moved
    );
    out.push_str("<div class=\"charts\">");
    let rows: Vec<svg::RateRow<'_>> = book
        .overview
        .departments
        .iter()
        .map(|d| svg::RateRow {
            label: &d.department,
            rates: [d.counts.interim.rate(), d.counts.year_end.rate()],
        })
        .collect();
    if !rows.is_empty() {
        svg::rate_bars(
            out,
            labels::CHART_COMPLETION,
            [Milestone::Interim.label(), Milestone::YearEnd.label()],
            &rows,
        );
    }
    svg::count_bars(
        out,
        &labels::achievement_chart_title(0),
        &book.overview.achievement_bins,
    );
    out.push_str("</div>");
    legend(out);
    out.push_str("</section>");
}

fn reporting_table(out: &mut String, book: &ConsolidatedBook<'_>) {
    out.push_str("<div class=\"scroll\"><table class=\"reporting\"><caption>");
    escape(out, labels::CAPTION_DEADLINES);
    out.push_str("</caption>");
    header_row(
        out,
        &[
            "報告",
            labels::CAPTION_DUE_DATE,
            labels::CAPTION_DAYS_LEFT,
            labels::CAPTION_UNFILLED,
        ],
    );
    out.push_str("<tbody>");
    let ov = &book.overview;
    for (milestone, unfilled) in [
        (Milestone::Interim, ov.interim_unfilled),
        (Milestone::YearEnd, ov.year_end_unfilled),
    ] {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", milestone.label());
        match book.reporting.due(milestone) {
            Some(due) => {
                let days = (due - book.today).num_days();
                let _ = write!(
                    out,
                    "<td class=\"d\">{}</td><td class=\"w\">{}</td>",
                    date(due),
                    labels::days_left(days)
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<td class=\"d\">{}</td><td></td>",
                    labels::CAPTION_NOT_SET
                );
            }
        }
        let _ = write!(out, "<td class=\"n\">{unfilled}件</td></tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// 部局別の状況: the rows of 概要, with their total.
fn department_table(out: &mut String, book: &ConsolidatedBook<'_>) {
    out.push_str("<div class=\"scroll\"><table class=\"departments\"><caption>");
    escape(out, labels::CAPTION_DEPARTMENTS);
    out.push_str("</caption>");
    header_row(out, &labels::OVERVIEW_HEADERS);
    out.push_str("<tbody>");
    for d in &book.overview.departments {
        counts_row(out, &d.department, &d.counts, d.last_modified, "");
    }
    let ov = &book.overview;
    counts_row(
        out,
        labels::TOTAL,
        &ov.totals,
        ov.last_modified,
        " class=\"total\"",
    );
    out.push_str("</tbody></table></div>");
}

fn counts_row(
    out: &mut String,
    name: &str,
    counts: &Counts,
    last_modified: Option<chrono::NaiveDateTime>,
    class: &str,
) {
    let _ = write!(out, "<tr{class}><th scope=\"row\">");
    escape(out, name);
    out.push_str("</th>");
    let late = counts.late();
    for (i, cell) in counts.values(last_modified).iter().enumerate() {
        // 提出遅れ (the 9th value) is red when there are any, as on 概要.
        let red = i == 8 && late > 0;
        out.push_str(if red {
            "<td class=\"n red\">"
        } else {
            "<td class=\"n\">"
        });
        value(out, cell);
        out.push_str("</td>");
    }
    out.push_str("</tr>");
}

/// 年度比較: per department and year, the rates and the items carried
/// over, as a table and as bars.
fn years_section(out: &mut String, years: &YearComparison) {
    let _ = write!(
        out,
        "<section id=\"years\" aria-labelledby=\"years-h\"><h2 id=\"years-h\">{}</h2>\
         <div class=\"scroll\"><table class=\"years\"><caption>",
        labels::SHEET_YEARS
    );
    escape(
        out,
        &format!("部局別・年度別の報告提出率と達成度（{}）", years.span()),
    );
    out.push_str("</caption>");
    header_row(out, &labels::YEAR_HEADERS);
    out.push_str("<tbody>");
    for row in &years.rows {
        out.push_str("<tr><th scope=\"row\">");
        escape(out, &row.department);
        out.push_str("</th>");
        for (i, cell) in row.values().iter().enumerate().skip(1) {
            out.push_str(if i == 1 {
                "<td class=\"w\">"
            } else {
                "<td class=\"n\">"
            });
            value(out, cell);
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    let names: Vec<String> = years
        .rows
        .iter()
        .map(|r| format!("{} {}", r.department, r.fiscal_year.japanese()))
        .collect();
    let rows: Vec<svg::RateRow<'_>> = years
        .rows
        .iter()
        .zip(&names)
        .map(|(r, label)| svg::RateRow {
            label,
            rates: [r.interim_rate, r.year_end_rate],
        })
        .collect();
    svg::rate_bars(
        out,
        "部局別・年度別 報告提出率",
        [Milestone::Interim.label(), Milestone::YearEnd.label()],
        &rows,
    );
    out.push_str("</section>");
}

/// The 凡例: every word the page uses, its colour and its meaning.
fn legend(out: &mut String) {
    out.push_str("<h3>");
    escape(out, labels::CAPTION_LEGEND);
    out.push_str("</h3><dl class=\"legend\">");
    for (word, meaning) in labels::LEGEND {
        match status_class(word) {
            Some(class) => {
                let _ = write!(out, "<dt class=\"status {class}\">");
            }
            None => out.push_str("<dt class=\"status\">"),
        }
        escape(out, word);
        out.push_str("</dt><dd>");
        escape(out, meaning);
        out.push_str("</dd>");
    }
    out.push_str("</dl>");
}

/// A department's part of the book: its summary row, its items, its
/// empty reports (per report, the group of 未提出), the changes of its
/// items in the last days.
struct DepartmentPage<'b, 'a> {
    summary: &'b DepartmentSummary<'a>,
    items: Vec<usize>,
    missing: Vec<(&'b MissingReports<'a>, &'b MissingGroup<'a>)>,
    recent: RecentChanges,
}

impl DepartmentPage<'_, '_> {
    fn name(&self) -> &str {
        &self.summary.department
    }
}

struct DepartmentPages<'b, 'a> {
    pages: Vec<DepartmentPage<'b, 'a>>,
    total_recent: RecentChanges,
}

impl<'b, 'a> DepartmentPages<'b, 'a> {
    fn new(input: &PageInput<'b, 'a>) -> Self {
        let book = input.book;
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        let mut pages: Vec<DepartmentPage<'b, 'a>> = Vec::new();
        for (i, summary) in book.overview.departments.iter().enumerate() {
            index.insert(&summary.department, i);
            pages.push(DepartmentPage {
                summary,
                items: Vec::new(),
                missing: Vec::new(),
                recent: RecentChanges::default(),
            });
        }
        for (row, item) in book.items.iter().enumerate() {
            if let Some(page) = index.get(item.department).and_then(|&i| pages.get_mut(i)) {
                page.items.push(row);
            }
        }
        for reports in &book.missing {
            for group in &reports.groups {
                let Some(page) = index.get(group.department).and_then(|&i| pages.get_mut(i)) else {
                    continue;
                };
                // One group per report and department.
                if !page
                    .missing
                    .last()
                    .is_some_and(|(kept, _)| std::ptr::eq(*kept, reports))
                {
                    page.missing.push((reports, group));
                }
            }
        }
        let as_of = input.history.as_of(input.generated_at);
        let mut total_recent = RecentChanges::default();
        for entry in recent_entries(book, input.history.entries, as_of) {
            let change = &entry.what;
            total_recent.add(change);
            let page = index
                .get(change.department.as_str())
                .and_then(|&i| pages.get_mut(i));
            if let Some(page) = page {
                page.recent.add(change);
            }
        }
        DepartmentPages {
            pages,
            total_recent,
        }
    }
}

/// A department's section: its heading with the as-of day, its card, its
/// reports to fill, its items.
fn department_section<'b>(
    out: &mut String,
    book: &'b ConsolidatedBook<'b>,
    index: usize,
    dept: &DepartmentPage<'b, 'b>,
    today: &str,
    tables: &mut Tables<'b>,
) {
    let id = index + 1;
    let _ = write!(
        out,
        "<section class=\"dept\" id=\"dept-{id}\" aria-labelledby=\"dept-{id}-h\" data-department=\""
    );
    escape(out, dept.name());
    let _ = write!(out, "\"><h2 id=\"dept-{id}-h\">");
    escape(out, dept.name());
    let _ = write!(
        out,
        "<span class=\"asof\">{}</span></h2>",
        labels::page_header_today(today)
    );
    card(out, book, dept);
    missing_list(out, book, dept, tables);
    item_table(out, book, dept, tables);
    out.push_str("</section>");
}

/// What every department's tables repeat: their header rows, written
/// once; and the start of the last link to a cell written.
struct Tables<'b> {
    missing_header: String,
    item_header: String,
    links: CellLinks<'b>,
}

impl Tables<'_> {
    fn new() -> Self {
        let mut missing_header = String::new();
        let headers: Vec<&str> = MISSING_COLUMNS
            .iter()
            .filter_map(|&i| labels::MISSING_HEADERS.get(i).copied())
            .collect();
        header_row(&mut missing_header, &headers);
        let mut item_header = String::new();
        let headers: Vec<&str> = ITEM_COLUMNS
            .iter()
            .filter_map(|&i| labels::ITEM_HEADERS.get(i).copied())
            .collect();
        header_row(&mut item_header, &headers);
        Tables {
            missing_header,
            item_header,
            links: CellLinks::default(),
        }
    }
}

/// Links to cells of the departments' workbooks: an item's source
/// (`<a href="file:///…#'シート'!B9">….xlsx!B9</a>`) or a report's cell to
/// fill (`…!E9">シート!E9</a>`), as [`link`] writes them. A link's address
/// and its text both end with the cell's name, and what comes before is
/// the same for every cell of a sheet: a department's rows come from its
/// workbook's sheets in turn, so that part is made and escaped once per
/// sheet and kept for the rows after.
#[derive(Default)]
struct CellLinks<'b> {
    /// The sheet of the part kept.
    kept: Option<(LinkStart<'b>, String)>,
    href: String,
    text: String,
}

/// What the part of a link before the cell depends on.
#[derive(Clone, Copy)]
struct LinkStart<'b> {
    /// The workbook the item was read from.
    workbook: &'b std::path::Path,
    share: &'b SharePath,
    /// An item's source (its file's name and the cell), or a report's cell
    /// to fill (its sheet and the cell).
    to_fill: bool,
}

impl LinkStart<'_> {
    fn same(&self, other: &LinkStart<'_>) -> bool {
        self.to_fill == other.to_fill
            && self.workbook.as_os_str() == other.workbook.as_os_str()
            && self.share == other.share
    }
}

impl<'b> CellLinks<'b> {
    /// The link to `cell` of `sheet`; `make` makes it whole when its sheet
    /// is not the one kept.
    fn write<'v>(
        &mut self,
        out: &mut String,
        start: LinkStart<'b>,
        sheet: &str,
        cell: CellPosition,
        make: impl FnOnce() -> Value<'v>,
    ) {
        let name = cell.to_string();
        let kept = self
            .kept
            .as_ref()
            .is_some_and(|(kept, kept_sheet)| kept.same(&start) && kept_sheet == sheet);
        if !kept {
            self.kept = None;
            let whole = make();
            let Value::Link { text, url } = &whole else {
                value(out, &whole);
                return;
            };
            let starts = url
                .strip_suffix(name.as_str())
                .zip(text.strip_suffix(name.as_str()))
                .filter(|_| !url.starts_with("internal:"));
            let Some((href, shown)) = starts else {
                link(out, text, url);
                return;
            };
            self.href.clear();
            escape(&mut self.href, href);
            self.text.clear();
            escape_text(&mut self.text, shown);
            self.kept = Some((start, sheet.to_string()));
        }
        // A cell's name (`B9`) is letters and digits: nothing to escape.
        out.push_str("<a href=\"");
        out.push_str(&self.href);
        out.push_str(&name);
        out.push_str("\">");
        out.push_str(&self.text);
        out.push_str(&name);
        out.push_str("</a>");
    }
}

/// The card: goals, items, each report's filled / asked / 提出遅れ, 期限超過,
/// the achievement distribution, the changes of the last days. Each figure
/// carries a `data-` attribute of the JSON's name.
fn card(out: &mut String, book: &ConsolidatedBook<'_>, dept: &DepartmentPage<'_, '_>) {
    let c = &dept.summary.counts;
    out.push_str("<div class=\"card\" data-department=\"");
    escape(out, dept.name());
    let _ = write!(
        out,
        "\" data-goals=\"{}\" data-items=\"{}\" data-interim-submitted=\"{}\" \
         data-interim-asked=\"{}\" data-interim-late=\"{}\" data-year-end-submitted=\"{}\" \
         data-year-end-asked=\"{}\" data-year-end-late=\"{}\" data-overdue=\"{}\"><dl>",
        c.goals,
        c.items,
        c.interim.submitted,
        c.interim.asked(),
        c.interim.late,
        c.year_end.submitted,
        c.year_end.asked(),
        c.year_end.late,
        c.overdue,
    );
    figure(out, "目標", &format!("{}", c.goals), "");
    figure(out, "取組", &format!("{}", c.items), "");
    for (milestone, counts) in [
        (Milestone::Interim, &c.interim),
        (Milestone::YearEnd, &c.year_end),
    ] {
        report_figure(out, milestone, counts);
    }
    let overdue_class = if c.overdue > 0 { "red" } else { "" };
    figure(
        out,
        labels::STATUS_OVERDUE,
        &format!("{}件", c.overdue),
        overdue_class,
    );
    figure(
        out,
        &format!("直近{RECENT_DAYS}日の変更"),
        &format!(
            "報告の記入 {}件<br><small>期限の変更 {}件</small>",
            dept.recent.reports_filled, dept.recent.deadlines_moved
        ),
        "",
    );
    let bins = achievement_bins(dept.items.iter().filter_map(|&i| book.items.get(i)));
    let mut distribution = String::new();
    for (i, (label, count)) in bins.iter().enumerate() {
        if i > 0 {
            distribution.push_str("<br>");
        }
        let _ = write!(distribution, "<small>{label}</small> {count}件");
    }
    figure(out, labels::CAPTION_ACHIEVEMENT, &distribution, "");
    out.push_str("</dl></div>");
}

/// One figure of a card: `html` is markup already.
fn figure(out: &mut String, term: &str, html: &str, class: &str) {
    out.push_str("<div><dt>");
    escape(out, term);
    if class.is_empty() {
        out.push_str("</dt><dd>");
    } else {
        let _ = write!(out, "</dt><dd class=\"{class}\">");
    }
    out.push_str(html);
    out.push_str("</dd></div>");
}

/// `提出 3 / 対象 5（60%）` and `提出遅れ 2件` of one report.
fn report_figure(out: &mut String, milestone: Milestone, counts: &ReportCounts) {
    let asked = counts.asked();
    let rate = counts
        .rate()
        .map(percent)
        .unwrap_or_else(|| "—".to_string());
    let late = if counts.late > 0 {
        format!(
            "<br><small class=\"status red\">{} {}件</small>",
            labels::SUBMISSION_LATE,
            counts.late
        )
    } else {
        String::new()
    };
    figure(
        out,
        milestone.label(),
        &format!(
            "{} {} / 対象 {asked}<small>（{rate}）</small>{late}",
            labels::SUBMISSION_DONE,
            counts.submitted
        ),
        "",
    );
}

/// The department's empty reports, 提出遅れ first, each with the cell to
/// fill: the rows of 未提出.
fn missing_list<'b>(
    out: &mut String,
    book: &'b ConsolidatedBook<'b>,
    dept: &DepartmentPage<'b, 'b>,
    tables: &mut Tables<'b>,
) {
    out.push_str("<h3>報告の提出状況</h3>");
    if dept.missing.iter().all(|(_, g)| g.items.is_empty()) {
        out.push_str("<p>空欄の報告はありません。</p>");
        return;
    }
    out.push_str("<div class=\"scroll\"><table class=\"missing\"><caption>");
    escape(out, "提出遅れ・未提出の報告と記入するセル");
    out.push_str("</caption>");
    out.push_str(&tables.missing_header);
    out.push_str("<tbody>");
    for &(reports, group) in &dept.missing {
        // 報告, 提出状況, 提出期限 and 残り日数 are those of the report: the
        // same in each of its rows.
        let mut start = String::from("<tr>");
        let values = group
            .items
            .first()
            .map(|&item| book.missing_values(reports, item))
            .unwrap_or_default();
        for (column, class) in [(0, "w"), (1, "w status"), (2, "w"), (3, "w")] {
            let Some(cell) = values.get(column) else {
                continue;
            };
            let _ = write!(start, "<td class=\"{class}");
            if column == 1
                && let Some(colour) = status_class(reports.status_label())
            {
                let _ = write!(start, " {colour}");
            }
            start.push_str("\">");
            value(&mut start, cell);
            start.push_str("</td>");
        }
        for &item in &group.items {
            let Some(row) = book.items.get(item) else {
                continue;
            };
            // 担当課, 目標, 取組項目 (the row's texts), 記入するセル.
            out.push_str(&start);
            for text in [row.owners.as_str(), row.goal_title, row.item_text] {
                out.push_str("<td>");
                markup::escape_lines(out, text);
                out.push_str("</td>");
            }
            out.push_str("<td>");
            let source = &row.source;
            let start = LinkStart {
                workbook: source.path,
                share: source.share,
                to_fill: false,
            };
            let whole = || book.missing_cell(reports, item);
            match reports.milestone.state(row.item) {
                ReportState::Empty(cell) => {
                    let start = LinkStart {
                        to_fill: true,
                        ..start
                    };
                    tables
                        .links
                        .write(out, start, &cell.sheet, cell.position(), whole);
                }
                _ => tables
                    .links
                    .write(out, start, source.sheet, source.cell, whole),
            }
            out.push_str("</td></tr>");
        }
    }
    out.push_str("</tbody></table></div>");
}

/// The department's items, each with its 状態 (`data-status` for the
/// filter) and its link to the source cell.
fn item_table<'b>(
    out: &mut String,
    book: &'b ConsolidatedBook<'b>,
    dept: &DepartmentPage<'_, '_>,
    tables: &mut Tables<'b>,
) {
    out.push_str("<h3>取組一覧</h3>");
    if dept.items.is_empty() {
        out.push_str("<p>取組はありません。</p>");
        return;
    }
    out.push_str("<div class=\"scroll\"><table class=\"items\"><caption>");
    escape(
        out,
        &format!("{}の取組（{}件）", dept.name(), dept.items.len()),
    );
    out.push_str("</caption>");
    out.push_str(&tables.item_header);
    out.push_str("<tbody>");
    for &row in &dept.items {
        let Some(item) = book.items.get(row) else {
            continue;
        };
        out.push_str("<tr data-status=\"");
        out.push_str(item.status.map_or("", DueStatus::key));
        out.push_str("\">");
        for &column in &ITEM_COLUMNS {
            if column == SOURCE_COLUMN {
                let source = &item.source;
                let start = LinkStart {
                    workbook: source.path,
                    share: source.share,
                    to_fill: false,
                };
                out.push_str("<td>");
                tables
                    .links
                    .write(out, start, source.sheet, source.cell, || item.value(column));
                out.push_str("</td>");
                continue;
            }
            let cell = if column == OWNERS_COLUMN {
                // The row's own text, not a copy of it.
                Value::Text(Cow::Borrowed(item.owners.as_str()))
            } else {
                item.value(column)
            };
            match item_cell_colour(column, &cell) {
                Some(colour) => {
                    out.push_str("<td class=\"");
                    out.push_str(colour);
                    out.push_str("\">");
                }
                None => out.push_str("<td>"),
            }
            match (column, &cell) {
                (11 | 12, Value::Blank) => {
                    // An empty report says so: 未提出 or, red, 提出遅れ.
                    let milestone = if column == 11 {
                        Milestone::Interim
                    } else {
                        Milestone::YearEnd
                    };
                    let status =
                        ReportStatus::of_item(item.item, milestone, &book.reporting, book.today);
                    let word = status.label();
                    match status_class(word) {
                        Some(colour) => {
                            let _ =
                                write!(out, "<span class=\"status {colour}\">（{word}）</span>");
                        }
                        None => {
                            let _ = write!(out, "（{word}）");
                        }
                    }
                }
                _ => value(out, &cell),
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// The colour of a cell of the item table, as 全庁一覧 colours it: its
/// status word's, green for a filled report. Its width and alignment are
/// its column's (`table.items td:nth-child(…)` in the style sheet).
fn item_cell_colour(column: usize, cell: &Value<'_>) -> Option<&'static str> {
    let text = match cell {
        Value::Text(t) => Some(t.as_ref()),
        _ => None,
    };
    match column {
        9 => text.and_then(status_class),
        11 | 12 => match text {
            Some(t) if t != labels::REPORT_NOT_IN_LAYOUT && t != labels::REPORT_NO_CELL => {
                Some("green")
            }
            _ => None,
        },
        _ => None,
    }
}
