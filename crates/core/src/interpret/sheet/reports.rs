//! Report tables kept apart from the items: a 番号 column and a 中間報告 /
//! 期末報告 column (or, on a sheet named 中間報告 / 期末報告, a column of
//! report text) with no 取組項目 column. Each row is a report of the item
//! with that number on another sheet; the workbook joins them (see
//! [`join_reports`]).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::grid::CellValue;
use crate::model::LayoutKind;
use crate::model::{
    ActionItem, CellRef, Goal, ItemField, ItemTexts, Report, ReportPeriod, Role, Warning,
};

use super::super::dictionary::{Field, FieldDictionary, fold_width, normalize_label};
use super::super::periods::{Milestones, month_named};
use super::super::text::{
    cell_text, find_fiscal_year, is_example_text, is_number_code, is_placeholder,
};
use super::coverage::Claim;
use super::header;
use super::labels::Label;
use super::profile::TextCounts;
use super::records::RecordShape;
use super::{DraftGoal, DraftItem, SheetAnalysis, SheetParser, SheetView};

/// One row of a report table.
#[derive(Debug, Clone)]
pub(crate) struct ReportRow {
    /// The item number as compared ([`number_key`]).
    pub key: String,
    /// The item number as written (a report line's, as compared).
    pub number_text: String,
    pub field: Field,
    /// The report's text; `None` when the cell is empty.
    pub text: Option<String>,
    pub cell: CellRef,
    pub number_cell: CellRef,
    /// Joined to an item.
    pub joined: bool,
}

/// A report table's columns: the number, and each report column with the
/// report it holds; or, where each item takes a row per report, the
/// column naming each row's part of the year (`kinds`) and the one column
/// of the reports' texts.
pub(super) struct ReportColumns {
    /// The table's first column: a table beside another starts right of it.
    first_col: u32,
    number: u32,
    reports: Vec<(u32, Field)>,
    kinds: Option<u32>,
    /// The table's first row under its header.
    body: u32,
}

/// An item number as compared between sheets: widths folded, every dash
/// as `-`, circled numbers as digits, without spaces, brackets or a
/// trailing dot, each run of digits without its leading zeros, and
/// without a leading `No.` or `№` (`２－１` = `2-1`, `③` = `3`, `共-01` =
/// `共-1`, `No.３` = `3`).
pub(crate) fn number_key(number: &str) -> String {
    let trimmed = number.trim_start();
    let number = ["No.", "No", "NO.", "no.", "Ｎｏ．", "Ｎｏ.", "Ｎｏ", "№"]
        .iter()
        .find_map(|p| trimmed.strip_prefix(p))
        .filter(|rest| {
            rest.trim_start()
                .starts_with(|c: char| fold_width(c).is_ascii_digit())
        })
        .unwrap_or(number);
    let mut key = String::with_capacity(number.len());
    let mut chars = number.chars().map(fold_width).peekable();
    while let Some(c) = chars.next() {
        let starts_digits = !key.ends_with(|p: char| p.is_ascii_digit());
        if c == '0' && starts_digits && chars.peek().is_some_and(char::is_ascii_digit) {
            continue;
        }
        match c {
            '‐' | '‑' | '‒' | '–' | '—' | '―' | 'ー' | 'ｰ' | '−' | '_' => {
                key.push('-')
            }
            '①'..='⑳' => key.push_str(&(u32::from(c) - u32::from('①') + 1).to_string()),
            '(' | ')' | '.' => {}
            c if c.is_whitespace() => {}
            c => key.push(c.to_ascii_lowercase()),
        }
    }
    key
}

impl SheetParser<'_> {
    /// Reads a report table's rows; returns the row after it.
    pub(super) fn parse_reports(&mut self, header: u32, cols: ReportColumns) -> u32 {
        self.out.note_layout(LayoutKind::ReportSheet);
        for row in header..cols.body {
            for c in cols.first_col..self.view.grid.cols() {
                if !self.view.grid.get(row, c).is_empty() {
                    self.claims.claim(self.view.grid, row, c, Claim::Label);
                }
            }
        }
        let mut r = cols.body;
        // The item's number and its cell; where each item takes a row per
        // report, the number is written on its first row alone.
        let mut item: Option<(String, String, CellRef)> = None;
        while r < self.view.grid.rows() {
            let number_value = self.view.grid.get(r, cols.number);
            let kind = cols
                .kinds
                .and_then(|k| self.view.grid.text(r, k))
                .and_then(|t| self.view.row_kind_period(t));
            // Every row of a table of a row per report names its report.
            if cols.kinds.is_some() && kind.is_none() {
                break;
            }
            if is_number_code(number_value) {
                let number = cell_text(number_value).unwrap_or_default();
                let key = number_key(&number);
                item = Some((key, number.into_owned(), self.view.cell(r, cols.number)));
            } else if cols.kinds.is_none() || !number_value.is_empty() {
                // Only an item's later report rows go without its number.
                break;
            }
            let Some((key, number_text, number_cell)) = &item else {
                break;
            };
            // A row of a blank form (`（取組を記入）` where its item would
            // be written) reports on no item.
            if self.view.blank_form_row(r, &cols) {
                r += 1;
                continue;
            }
            for &(c, field) in &cols.reports {
                let text = cell_text(self.view.grid.get(r, c)).map(|t| t.into_owned());
                self.out.report_rows.push(ReportRow {
                    key: key.clone(),
                    number_text: number_text.clone(),
                    field: kind.map_or(field, Field::of_period),
                    text,
                    cell: self.view.cell(r, c),
                    number_cell: number_cell.clone(),
                    joined: false,
                });
            }
            r += 1;
        }
        self.claims
            .mark_items(cols.body..r, cols.first_col..self.view.grid.cols());
        r
    }
}

impl SheetView<'_> {
    /// Whether the caption over a header at `row`, in the columns from
    /// `first_col` on, names a fiscal year other than the sheet's
    /// (`参考：前年度（令和7年度）の報告` on a sheet of 令和8年度), or marks
    /// the table under it as an example of how to fill the sheet
    /// (`【記入例】　※この枠は記入方法の例示です`): its rows report on no item.
    pub(super) fn captioned_for_no_item_here(&self, row: u32, first_col: u32) -> bool {
        self.caption_over(row, first_col..self.grid.cols())
            .is_some_and(|caption| {
                is_example_text(caption)
                    || find_fiscal_year(caption).is_some_and(|(year, _)| year != self.fy)
            })
    }

    /// Whether the caption over a header at `row`, in `cols`, marks the
    /// table under it as an example (`【記入例】`).
    pub(super) fn captioned_as_example(&self, row: u32, cols: Range<u32>) -> bool {
        self.caption_over(row, cols).is_some_and(is_example_text)
    }

    /// The only text of the nearest row with a value in `cols` of the two
    /// above `row`.
    fn caption_over(&self, row: u32, cols: Range<u32>) -> Option<&str> {
        (row.saturating_sub(2)..row)
            .rev()
            .find(|&r| cols.clone().any(|c| !self.grid.get(r, c).is_empty()))
            .and_then(|above| self.only_text_in(above, cols))
            .map(|(_, caption)| caption)
    }

    /// Whether a row of a report table holds, beside its number and its
    /// reports, nothing but placeholders (`（取組を記入）`): a row of a blank
    /// form, reporting on no item.
    fn blank_form_row(&self, row: u32, cols: &ReportColumns) -> bool {
        let mut texts = (cols.first_col..self.grid.cols())
            .filter(|&c| c != cols.number && !cols.reports.iter().any(|&(rc, _)| rc == c))
            .filter(|&c| Some(c) != cols.kinds)
            .filter(|&c| self.grid.origin(row, c) == (row, c))
            .filter_map(|c| self.grid.text(row, c))
            .peekable();
        texts.peek().is_some() && texts.all(|t| is_placeholder(t, self.placeholders()))
    }

    /// A report table's header at `row`: a number column and report
    /// columns, no item column.
    pub(super) fn report_header(&self, row: u32) -> Option<ReportColumns> {
        self.report_header_from(row, 0)
    }

    /// The report a heading names by a part of the year alone (中間（10月）,
    /// 後半・総括) or by the month it is written as of (10月末時点).
    fn report_heading(&self, text: &str) -> Option<Field> {
        self.dict()
            .report_period(text)
            .map(Field::of_period)
            .or_else(|| self.as_of_month(text))
    }

    /// The report a short heading naming one month is written as of
    /// (`10月末時点`, `3月末`): that of the last milestone passed by then
    /// ([`Milestones::as_of_month`]).
    fn as_of_month(&self, text: &str) -> Option<Field> {
        let n = normalize_label(text);
        if n.chars().count() > 8 {
            return None;
        }
        self.opts().milestones.as_of_month(month_named(&n)?)
    }

    /// [`Self::report_header`] in the columns from `first_col` on (a report
    /// table beside a table of items).
    pub(super) fn report_header_from(&self, row: u32, first_col: u32) -> Option<ReportColumns> {
        let mut fields = self.row_fields(row);
        fields.retain(|f| f.0 >= first_col);
        // Where no heading names the number, a column of nothing but codes
        // left of the reports numbers them, whatever its heading says
        // (取組コード over 共-1, 共-2: the items' words over no item).
        if !fields.iter().any(|f| f.2 == Field::Number)
            && let Some(col) = self.code_column(row, first_col, &fields)
        {
            fields.retain(|f| f.0 != col);
            fields.push((col, col, Field::Number));
        }
        if fields.iter().any(|f| f.2 == Field::Item) {
            return None;
        }
        let number = fields.iter().find(|f| f.2 == Field::Number)?.0;
        let mut reports: Vec<(u32, Field)> = fields
            .iter()
            .filter(|f| matches!(f.2, Field::Interim | Field::YearEnd))
            .map(|f| (f.0, f.2))
            .collect();
        // A header of two rows: the number's heading merged down over a row
        // of headings under wider ones (所見 over 10月 | 3月).
        let last = self
            .grid
            .merge_at(row, number)
            .map_or(row, |m| m.last_row.max(row));
        // Headers naming a part of the year alone (中間（10月）, 後半・総括)
        // or the month a report is written as of (10月末時点), alone or
        // beside a report named as one: the reports of those parts, a
        // column for each report; in a header of two rows, the lower one's.
        for c in number + 1..self.grid.cols() {
            if fields.iter().any(|f| f.0 == c) {
                continue;
            }
            let Some(text) = (row..=last)
                .rev()
                .filter(|&r| self.grid.origin(r, c) == (r, c))
                .find_map(|r| self.grid.text(r, c))
            else {
                continue;
            };
            let Some(field) = self.report_heading(text) else {
                continue;
            };
            if !reports.iter().any(|r| r.1 == field) {
                reports.push((c, field));
            }
        }
        reports.sort_by_key(|r| r.0);
        if reports.is_empty()
            && let Some((kinds, text)) = self.report_kind_column(row, number)
        {
            return Some(ReportColumns {
                first_col,
                number,
                reports: vec![(text, Field::Interim)],
                kinds: Some(kinds),
                body: row + 1,
            });
        }
        if reports.is_empty() {
            // A sheet named for its report: the first column right of the
            // number that no other field heads holds the report.
            let field = self
                .dict()
                .classify(&normalize_label(&self.grid.name))
                .filter(|f| matches!(f, Field::Interim | Field::YearEnd))?;
            let content = (number + 1..self.grid.cols()).find(|&c| {
                self.grid.origin(row, c) == (row, c)
                    && self.grid.text(row, c).is_some()
                    && matches!(self.label(row, c), None | Some(Label::Field(Field::Detail)))
            })?;
            reports.push((content, field));
        }
        let below = self.grid.get(last + 1, number);
        is_number_code(below).then_some(ReportColumns {
            first_col,
            number,
            reports,
            kinds: None,
            body: last + 1,
        })
    }

    /// The column of a report table's header at `row` that numbers its
    /// rows where no heading names the number: the first headed column
    /// from `first_col` left of every report column, headed by the items'
    /// words or by none of the dictionary's, its cells nothing but codes
    /// (`取組コード` over 共-01, `取組No.` over No.３ beside 報告課).
    fn code_column(&self, row: u32, first_col: u32, fields: &[(u32, u32, Field)]) -> Option<u32> {
        let names_report = |c: u32| {
            fields
                .iter()
                .any(|f| f.0 == c && matches!(f.2, Field::Interim | Field::YearEnd))
                || self.grid.origin(row, c) == (row, c)
                    && self
                        .grid
                        .text(row, c)
                        .is_some_and(|t| self.report_heading(t).is_some())
        };
        let first_report = (first_col..self.grid.cols()).find(|&c| names_report(c))?;
        (first_col..first_report).find(|&c| {
            let heading = fields.iter().find(|f| f.0 == c).map(|f| f.2);
            self.grid.origin(row, c) == (row, c)
                && self.grid.text(row, c).is_some()
                && matches!(heading, None | Some(Field::Item))
                && self.codes_under(row, c)
        })
    }

    /// Whether the cells under a header at `row` in `col`, down to the
    /// first empty row, are two or more and each a number or a code.
    fn codes_under(&self, row: u32, col: u32) -> bool {
        let cells: Vec<&CellValue> = (row + 1..self.grid.rows())
            .take_while(|&r| !self.grid.row_is_empty(r))
            .map(|r| self.grid.get(r, col))
            .collect();
        cells.len() >= 2 && cells.into_iter().all(is_number_code)
    }

    /// A report table whose items take a row per report (No | 時点 |
    /// 報告内容, the number written on the first row of each item): the
    /// column right of the number whose values below the header each name
    /// a part of the year, the interim and the year-end among them, and the
    /// column of texts right of it that heads no other field.
    fn report_kind_column(&self, header: u32, number: u32) -> Option<(u32, u32)> {
        let body: Vec<u32> = (header + 1..self.grid.rows())
            .take_while(|&r| !self.grid.row_is_empty(r))
            .collect();
        let kinds = (number + 1..self.grid.cols()).find(|&c| {
            let periods: Vec<Option<ReportPeriod>> = body
                .iter()
                .filter_map(|&r| self.grid.text(r, c))
                .map(|t| self.row_kind_period(t))
                .collect();
            periods.len() >= 2
                && periods.iter().all(Option::is_some)
                && periods.contains(&Some(ReportPeriod::Interim))
                && periods.contains(&Some(ReportPeriod::YearEnd))
        })?;
        let text = (kinds + 1..self.grid.cols()).find(|&c| {
            self.grid.origin(header, c) == (header, c)
                && matches!(
                    self.label(header, c),
                    None | Some(Label::Field(
                        Field::Detail | Field::Interim | Field::YearEnd
                    ))
                )
        })?;
        Some((kinds, text))
    }

    /// The report a short value of a column of row kinds names (中間, 上期,
    /// 9月末).
    fn row_kind_period(&self, text: &str) -> Option<ReportPeriod> {
        let text = text.trim();
        if text.chars().count() > 8 {
            return None;
        }
        self.dict().report_period(text)
    }
}

/// The report a caption line names, alone on its row (`【中間報告】`,
/// `■期末の振り返り`, `〈9月末時点の状況〉：`): what stands around its words
/// dropped, a report field by its words, or a part of the year and a word
/// of results, or a month it is written as of (`10月時点のひとこと`: the
/// last milestone passed, [`Milestones::as_of_month`]).
fn report_caption(text: &str, dict: &FieldDictionary, milestones: &Milestones) -> Option<Field> {
    // Brackets, marks and a colon around it, of any kind.
    let inner = text.trim_matches(|c: char| !c.is_alphanumeric());
    if inner.is_empty() || inner.chars().count() > 16 {
        return None;
    }
    let n = normalize_label(inner);
    let as_of = || {
        let month = month_named(&n).filter(|_| n.contains("時点") || n.contains("現在"))?;
        milestones.as_of_month(month)
    };
    dict.classify(&n)
        .filter(|f| matches!(f, Field::Interim | Field::YearEnd))
        .or_else(|| dict.report_label(inner))
        .filter(|f| matches!(f, Field::Interim | Field::YearEnd))
        .or_else(as_of)
}

/// A report line keyed by an item's number (`No.3：議会に報告済み`,
/// `２：`, `(4) 未着手`): the number as compared ([`number_key`]) and the
/// text after it, `None` when nothing follows.
fn report_line(text: &str) -> Option<(String, Option<String>)> {
    let t = text.trim_start();
    let after_no = t
        .strip_prefix(['N', 'n', 'Ｎ', 'ｎ'])
        .and_then(|r| r.strip_prefix(['o', 'O', 'ｏ', 'Ｏ']))
        .map(|r| r.trim_start_matches(['.', '．', ' ']))
        .or_else(|| t.strip_prefix('№'))
        .unwrap_or(t);
    let (number, rest) = match after_no.find(|c: char| {
        let f = fold_width(c);
        !(f.is_ascii_digit() || matches!(f, '-' | '－' | '−' | '‐' | 'ー'))
    }) {
        // (1), ①: the numbers a list is written with.
        Some(0) => super::super::text::leading_number(t)?,
        Some(i) => after_no.split_at(i),
        None => (after_no, ""),
    };
    if !number.chars().any(|c| fold_width(c).is_ascii_digit()) {
        return None;
    }
    let mut rest = rest.chars();
    let separator = rest.clone().next();
    match separator.map(fold_width) {
        None => {}
        Some(':' | '.' | '、' | ')' | '）' | '：' | '．') => {
            rest.next();
        }
        Some(c) if c.is_whitespace() => {}
        _ if number.chars().any(|c| !fold_width(c).is_ascii_digit()) => {}
        _ => return None,
    }
    let text = rest.as_str().trim();
    Some((
        number_key(number),
        (!text.is_empty()).then(|| text.to_string()),
    ))
}

/// One report line as read: its row, the column of its number, the report
/// it is, the number as compared, its text and the column its text is in
/// when that is not the number's.
struct Line {
    row: u32,
    number_col: u32,
    field: Field,
    key: String,
    text: Option<String>,
    text_col: Option<u32>,
}

/// A line's cells ([`SheetParser::line_cells`]): its first text and, where
/// the report stands in the next cell, that cell's column and text.
struct LineCells<'g> {
    col: u32,
    text: &'g str,
    beside: Option<(u32, &'g str)>,
}

/// Report lines under their caption ([`SheetParser::report_lines_at`]).
pub(super) struct ReportLines {
    /// The caption's column, where a caption row heads the lines.
    caption_col: Option<u32>,
    rows: Vec<ReportRow>,
    /// The row after the lines.
    end: u32,
}

impl SheetParser<'_> {
    /// Reports written as lines under a caption naming their part of the
    /// year, below a table or on a sheet of their own: `【中間報告】` alone on
    /// its row, then one line per item keyed by its number (`No.1：…`,
    /// `No.2：` with nothing after it yet), each alone on its row; or lines
    /// that each name their part of the year (`【中間】No.1：…`). Each line
    /// is that item's report (empty where nothing follows the number), its
    /// cell the line's: the report is written into it after the number.
    pub(super) fn report_lines(&self, row: u32) -> Option<ReportLines> {
        let (first_text_col, first_text) = self.view.only_text_of_row(row)?;
        let caption = report_caption(first_text, self.view.dict(), &self.view.opts().milestones)
            .or_else(|| self.caption_after_interim(first_text));
        let mut lines: Vec<Line> = Vec::new();
        let mut r = if caption.is_some() { row + 1 } else { row };
        while r < self.view.grid.rows() {
            let Some(cells) = self.view.line_cells(r) else {
                break;
            };
            let Some((field, key, text)) = self.view.captioned_line(cells.text).or_else(|| {
                let (key, text) = report_line(cells.text)?;
                Some((caption?, key, text))
            }) else {
                break;
            };
            let (text, text_col) = match cells.beside {
                // The number in one cell, the text in the next.
                Some((col, beside)) if text.is_none() => (Some(beside.to_string()), Some(col)),
                Some(_) => break,
                None => (text, None),
            };
            lines.push(Line {
                row: r,
                number_col: cells.col,
                field,
                key,
                text,
                text_col,
            });
            r += 1;
        }
        // Where lines write their text beside the number, a line with
        // none yet is written there too.
        let beside = lines.iter().find_map(|l| l.text_col);
        let rows: Vec<ReportRow> = lines
            .into_iter()
            .map(|l| {
                let col = l
                    .text_col
                    .or(beside.filter(|_| l.text.is_none()))
                    .unwrap_or(l.number_col);
                ReportRow {
                    number_text: l.key.clone(),
                    key: l.key,
                    field: l.field,
                    text: l.text,
                    number_cell: self.view.cell(l.row, l.number_col),
                    cell: self.view.cell(l.row, col),
                    joined: false,
                }
            })
            .collect();
        (!rows.is_empty()).then_some(ReportLines {
            caption_col: caption.map(|_| first_text_col),
            rows,
            end: r,
        })
    }

    /// The report a caption no word names stands for (`◆年度締め`): the
    /// year-end one, when the sheet's lines so far are the interim report's
    /// alone — the block after it, as a table's column after the interim
    /// report's is.
    fn caption_after_interim(&self, text: &str) -> Option<Field> {
        // A line of a report (［後半］No.1：) is no caption.
        let line = self.view.captioned_line(text).is_some() || report_line(text).is_some();
        let marked = !line && text.starts_with(|c: char| !c.is_alphanumeric());
        let interim_only = self
            .out
            .report_rows
            .iter()
            .any(|r| r.field == Field::Interim)
            && self
                .out
                .report_rows
                .iter()
                .all(|r| r.field == Field::Interim);
        (marked && text.chars().count() <= 16 && interim_only).then_some(Field::YearEnd)
    }

    /// Reads the report lines at `row` ([`Self::report_lines`]); returns
    /// the row after them.
    pub(super) fn report_lines_at(&mut self, row: u32) -> Option<u32> {
        let lines = self.report_lines(row)?;
        self.out.note_layout(LayoutKind::ReportSheet);
        if let Some(c) = lines.caption_col {
            self.claims.claim(self.view.grid, row, c, Claim::Label);
        }
        self.out.report_rows.extend(lines.rows);
        Some(lines.end)
    }
}

impl SheetView<'_> {
    /// A line's cells: its one text, or its first text (a number) and the
    /// one right of it (the report) with that cell's column.
    fn line_cells(&self, row: u32) -> Option<LineCells<'_>> {
        if let Some((col, text)) = self.only_text_of_row(row) {
            return Some(LineCells {
                col,
                text,
                beside: None,
            });
        }
        let mut texts = (0..self.grid.cols())
            .filter(|&c| self.grid.origin(row, c) == (row, c) && !self.grid.get(row, c).is_empty());
        let (first, second) = (texts.next()?, texts.next()?);
        if texts.next().is_some() {
            return None;
        }
        Some(LineCells {
            col: first,
            text: self.grid.text(row, first)?,
            beside: Some((second, self.grid.text(row, second)?)),
        })
    }

    /// A report line that names its part of the year before its number
    /// (`【中間】No.1：…`, `［期末］２：`): the report, the number as
    /// compared and the text.
    fn captioned_line(&self, line: &str) -> Option<(Field, String, Option<String>)> {
        let line = line.trim_start();
        let open = line.chars().next().filter(|c| !c.is_alphanumeric())?;
        let close = line[open.len_utf8()..].find(|c: char| !c.is_alphanumeric())? + open.len_utf8();
        let inner = &line[open.len_utf8()..close];
        let field = report_caption(inner, self.dict(), &self.opts().milestones)
            .or_else(|| self.dict().report_period(inner).map(Field::of_period))?;
        let rest = &line[close..];
        let rest = &rest[rest.chars().next()?.len_utf8()..];
        let (key, text) = report_line(rest)?;
        Some((field, key, text))
    }

    /// The one cell of a row that holds text, and its text.
    pub(super) fn only_text_of_row(&self, row: u32) -> Option<(u32, &str)> {
        self.only_text_in(row, 0..self.grid.cols())
    }

    /// [`Self::only_text_of_row`] among the columns `cols`.
    pub(super) fn only_text_in(&self, row: u32, cols: Range<u32>) -> Option<(u32, &str)> {
        let mut found = None;
        for c in cols {
            if self.grid.origin(row, c) != (row, c) || self.grid.get(row, c).is_empty() {
                continue;
            }
            if found.is_some() {
                return None;
            }
            found = Some((c, self.grid.text(row, c)?));
        }
        found
    }
}

/// Joins the report rows of every sheet to the items of every sheet by
/// number: an item's report is its row's text (empty when the cell is, or
/// when the workbook has that report's table but no row for the item).
/// Each row joined is marked; the others are for the caller to report.
pub(crate) fn join_reports(analyses: &mut [&mut SheetAnalysis], placeholders: &[String]) {
    let rows: Vec<(usize, usize, ReportRow)> = analyses
        .iter()
        .enumerate()
        .flat_map(|(s, a)| {
            a.report_rows
                .iter()
                .enumerate()
                .map(move |(i, r)| (s, i, r.clone()))
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    let has = |field: Field| rows.iter().any(|(_, _, r)| r.field == field);
    let (interim, year_end) = (has(Field::Interim), has(Field::YearEnd));
    let mut joined = Vec::new();
    for a in analyses.iter_mut() {
        for item in a.goals.iter_mut().flat_map(|g| &mut g.items) {
            let item = &mut item.item;
            for (field, wanted) in [(Field::Interim, interim), (Field::YearEnd, year_end)] {
                if wanted && matches!(report_of(item, field), Report::NotInLayout) {
                    set_report(item, field, Report::Empty, None);
                }
            }
            let Some(key) = item.number().map(number_key) else {
                continue;
            };
            for (s, i, row) in rows.iter().filter(|(_, _, r)| r.key == key) {
                let report = match &row.text {
                    Some(t) if !is_placeholder(t, placeholders) => {
                        Report::Filled(t.as_str().into())
                    }
                    _ => Report::Empty,
                };
                set_report(item, row.field, report, Some(row.cell.clone()));
                joined.push((*s, *i));
            }
        }
    }
    for (s, i) in joined {
        analyses[s].report_rows[i].joined = true;
    }
}

/// A sheet's report rows, in a workbook that holds no items, as items of
/// their numbers alone, with no title (`番号 | 上半期の進捗 | 年度末の実績`
/// kept in a workbook of its own beside the plan): the join of report
/// workbooks ([`crate::interpret::companions`]) gives them to the plan's
/// items by number. The rows of one number are one item, under one goal
/// titled `title`; every row is marked joined.
pub(crate) fn rows_as_items(analysis: &mut SheetAnalysis, title: String, placeholders: &[String]) {
    let mut items: Vec<DraftItem> = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    for row in &analysis.report_rows {
        let at = match keys.iter().position(|k| *k == row.key) {
            Some(at) => at,
            None => {
                keys.push(&row.key);
                let number = row.number_text.as_str();
                let texts = ItemTexts::new(Some(number), "", "", None, None, None);
                items.push(DraftItem {
                    item: ActionItem::new(texts, row.number_cell.clone()),
                    years: BTreeMap::new(),
                    own_year: None,
                });
                items.len() - 1
            }
        };
        let report = match &row.text {
            Some(t) if !is_placeholder(t, placeholders) => Report::Filled(t.as_str().into()),
            _ => Report::Empty,
        };
        set_report(
            &mut items[at].item,
            row.field,
            report,
            Some(row.cell.clone()),
        );
    }
    if items.is_empty() {
        return;
    }
    analysis.goals.push(DraftGoal {
        goal: Goal {
            number: None,
            title,
            priority: None,
            targets: Vec::new(),
            plan_positions: Vec::new(),
            items: Vec::new(),
            cell: None,
            extras: Vec::new(),
        },
        items,
        from_heading: false,
        department: None,
    });
    for row in &mut analysis.report_rows {
        row.joined = true;
    }
}

/// Joins report tables that repeat the items of another sheet (番号 /
/// 取組項目 / 中間報告 / 期末報告 on a sheet of its own): an item of such a
/// sheet names an item of another sheet by number (or, without numbers,
/// by title), and gives it its reports, 達成度 and 自己評価 where that
/// item has none. A sheet all of whose items name items elsewhere, and
/// which reports on them, is such a table: its items are not items of
/// their own. Returns, per sheet, whether it was joined into another.
pub(crate) fn join_report_sheets(
    analyses: &mut [&mut SheetAnalysis],
    same_year: impl Fn(usize, usize) -> bool,
    dict: &FieldDictionary,
) -> Vec<bool> {
    let mut joined = vec![false; analyses.len()];
    for s in 0..analyses.len() {
        let Some(target) = report_sheet_target(analyses, s, &same_year) else {
            continue;
        };
        let reports: Vec<ActionItem> = analyses[s]
            .goals
            .iter()
            .flat_map(|g| g.items.iter().map(|d| d.item.clone()))
            .collect();
        let numbered = reports.iter().all(|r| r.number().is_some());
        let checklist = is_checklist(&reports, dict);
        give_reports(analyses[target], &reports, numbered, checklist);
        analyses[target].note_layout(LayoutKind::ReportSheet);
        joined[s] = true;
    }
    joined
}

/// Joins the sheets of one fiscal year that repeat the same items, each
/// for its own part of the year (sheets 上期 / 下期, 中間 / 期末, each the
/// whole table with one report column): a later sheet whose items are,
/// one for one, the items of an earlier sheet of the same year (`same_year`),
/// each holding reports of its own and none the other holds, gives its
/// reports to the earlier sheet's items and counts no items of its own.
/// Sheets named for parts of the year (第1四半期 … 第4四半期) join so even
/// where one holds no report, its part being no report's, and join a
/// sheet of the plan before them (its items' deadlines, no report of its
/// own) as well as one another.
/// Returns, per sheet, the sheet it was joined into.
pub(crate) fn join_sheets_per_period(
    analyses: &mut [&mut SheetAnalysis],
    same_year: impl Fn(usize, usize) -> bool,
) -> Vec<Option<usize>> {
    let mut out = vec![None; analyses.len()];
    for s in 1..analyses.len() {
        let items = sheet_items(analyses[s]);
        let theirs = report_fields(&items);
        let named = |a: &SheetAnalysis| a.part_of_year;
        let plans = |a: &SheetAnalysis| sheet_items(a).iter().any(|i| i.cells.deadline().is_some());
        if items.is_empty() || theirs.is_empty() && !named(analyses[s]) {
            continue;
        }
        let numbered = items.iter().all(|i| i.number().is_some());
        let target = (0..s).find(|&t| {
            let planned = sheet_items(analyses[t]);
            let ours = report_fields(&planned);
            out[t].is_none()
                && same_year(s, t)
                && planned.len() == items.len()
                && (disjoint_reports(&ours, &theirs)
                    || ours.is_empty()
                        && named(analyses[s])
                        && (named(analyses[t]) || plans(analyses[t])))
                && items
                    .iter()
                    .all(|i| planned.iter().any(|p| names_item(i, p, numbered)))
                && planned
                    .iter()
                    .all(|p| items.iter().any(|i| names_item(i, p, numbered)))
        });
        let Some(t) = target else { continue };
        let reports: Vec<ActionItem> = items.into_iter().cloned().collect();
        give_reports(analyses[t], &reports, numbered, false);
        out[s] = Some(t);
    }
    out
}

/// Whether a report sheet's reports are marks picked rather than reports
/// written (進捗一覧: 済 / 未 beside each item): a checklist of the reports,
/// which are written elsewhere.
fn is_checklist(reports: &[ActionItem], dict: &FieldDictionary) -> bool {
    let texts = TextCounts::default();
    let mut filled = reports
        .iter()
        .flat_map(|r| [&r.interim, &r.year_end])
        .filter_map(|report| match report {
            Report::Filled(text) => Some(text),
            _ => None,
        })
        .peekable();
    filled.peek().is_some() && filled.all(|text| texts.is_picked(text, dict))
}

/// Gives each item of `target` that a row of `reports` names (see
/// [`names_item`]) that row's reports, 達成度 and 自己評価 where it has none;
/// from a checklist ([`is_checklist`]) only where the item has no report
/// column of its own. An item no row names has the reports the sheet holds
/// still to be written, with no cell to write them in: the planning section
/// is told which rows the sheet lacks.
fn give_reports(
    target: &mut SheetAnalysis,
    reports: &[ActionItem],
    numbered: bool,
    checklist: bool,
) {
    let mut named = vec![false; target.item_count()];
    let chosen: Vec<Option<usize>> = {
        let planned = sheet_items(target);
        reports
            .iter()
            .map(|report| item_named(report, &planned, numbered))
            .collect()
    };
    let mut items: Vec<&mut ActionItem> = target
        .goals
        .iter_mut()
        .flat_map(|g| g.items.iter_mut().map(|d| &mut d.item))
        .collect();
    for (report, at) in reports.iter().zip(chosen) {
        if let Some(i) = at {
            take_reports(items[i], report, checklist);
            named[i] = true;
        }
    }
    let fields = report_fields(&reports.iter().collect::<Vec<_>>());
    let mut missing: Vec<String> = Vec::new();
    let items = target.goals.iter_mut().flat_map(|g| g.items.iter_mut());
    for (d, _) in items.zip(&named).filter(|(_, named)| !**named) {
        let mut lacks = false;
        for &field in &fields {
            if matches!(report_of(&d.item, field), Report::NotInLayout) {
                set_report(&mut d.item, field, Report::Empty, None);
                lacks = true;
            }
        }
        if lacks {
            missing.push(d.item.number().unwrap_or(d.item.title()).to_string());
        }
    }
    let sheet = reports
        .iter()
        .find_map(|r| r.cells.title())
        .map(|c| c.sheet.to_string());
    if let (false, Some(sheet)) = (missing.is_empty(), sheet) {
        target.warnings.push(Warning {
            cell: None,
            message: format!(
                "報告のシート {sheet} に取組 {} の行がありません。報告を書く欄がないため、\
                 この取組の報告はメールでお願いしていません。{sheet} に行を追加してください",
                missing.join("・")
            ),
        });
    }
}

/// Places the report of a sheet named for a part of the year (第2四半期,
/// 下期): `Some(period)` where that part is a report's (the milestones
/// say which), `None` where it is none's (第1四半期). Where the sheet's one
/// table holds one report column, headed by no part of the year of its
/// own (`この期の様子`), that column is the named period's report, or no
/// report at all (an extra field). Rows of years are left as they are.
pub(crate) fn place_sheet_period(
    analysis: &mut SheetAnalysis,
    period: Option<ReportPeriod>,
    dict: &FieldDictionary,
) {
    let [table] = analysis.tables.as_mut_slice() else {
        return;
    };
    if let Some(own) = period {
        leave_other_period(table, &mut analysis.goals, own, dict);
    }
    let reports: Vec<usize> = (0..table.columns.len())
        .filter(|&i| matches!(table.columns[i].role, Role::Interim | Role::YearEnd))
        .collect();
    let [at] = reports[..] else {
        return;
    };
    let column = &mut table.columns[at];
    let Some(from) = header::field_of(column.role) else {
        return;
    };
    if dict.report_period(&column.header).is_some()
        || analysis
            .goals
            .iter()
            .flat_map(|g| &g.items)
            .any(|d| !d.years.is_empty())
    {
        return;
    }
    let to = period.map(Field::of_period);
    column.role = to.and_then(header::report_role).unwrap_or(Role::Extra);
    analysis.part_of_year = true;
    if to == Some(from) {
        return;
    }
    for d in analysis.goals.iter_mut().flat_map(|g| &mut g.items) {
        let item = &mut d.item;
        let report = report_of(item, from).clone();
        let cell = report_cell(item, from);
        set_report(item, from, Report::NotInLayout, None);
        if let Some(to) = to {
            set_report(item, to, report, cell);
        }
    }
}

/// On a sheet named for one report's part of the year (上期報告) that
/// holds a column of that report, a column read as the other report whose
/// heading does not name that other part (自己評価 or 年度評価 beside 上期の
/// 取組状況) is no report, nor is a self-assessment there the year-end
/// report as on a plan without one: the sheet reports on its own part
/// alone.
fn leave_other_period(
    table: &mut crate::model::TableReading,
    goals: &mut [super::DraftGoal],
    own: ReportPeriod,
    dict: &FieldDictionary,
) {
    let other = match own {
        ReportPeriod::Interim => ReportPeriod::YearEnd,
        ReportPeriod::YearEnd => ReportPeriod::Interim,
    };
    let role = |period| header::report_role(Field::of_period(period));
    if !table.columns.iter().any(|c| Some(c.role) == role(own)) {
        return;
    }
    let mut left = false;
    for column in &mut table.columns {
        if Some(column.role) == role(other) && dict.report_period(&column.header) != Some(other) {
            column.role = Role::Extra;
            left = true;
        }
    }
    // Nor is a self-assessment the year-end report there, as it is on a
    // plan without a year-end column.
    let other = Field::of_period(other);
    for d in goals.iter_mut().flat_map(|g| &mut g.items) {
        let cell = report_cell(&d.item, other);
        if left || cell.is_some() && cell == d.item.cells.self_assessment() {
            set_report(&mut d.item, other, Report::NotInLayout, None);
        }
    }
}

fn sheet_items(analysis: &SheetAnalysis) -> Vec<&ActionItem> {
    analysis
        .goals
        .iter()
        .flat_map(|g| g.items.iter().map(|d| &d.item))
        .collect()
}

/// Whether two sheets each hold reports, and none the other holds.
fn disjoint_reports(ours: &[Field], theirs: &[Field]) -> bool {
    !ours.is_empty() && ours.iter().all(|f| !theirs.contains(f))
}

/// The reports the items hold a column for.
fn report_fields(items: &[&ActionItem]) -> Vec<Field> {
    [Field::Interim, Field::YearEnd]
        .into_iter()
        .filter(|&f| {
            items
                .iter()
                .any(|i| !matches!(report_of(i, f), Report::NotInLayout))
        })
        .collect()
}

/// Joins index sheets to the items they list: a sheet (一覧) whose table's
/// items each name by title the one record of another sheet (one sheet
/// per 事業, labels and values, or one card each). The items are the item
/// sheets'; what the index adds (a report the item's sheet lacks) goes to
/// them. Returns, per sheet, the sheets it lists when it is such an index.
pub(crate) fn join_index_sheets(analyses: &mut [&mut SheetAnalysis]) -> Vec<Option<Vec<usize>>> {
    let mut out = vec![None; analyses.len()];
    // The item sheets: one record each, read as labels and values or as
    // one card of several.
    let single: Vec<Option<String>> = analyses
        .iter()
        .map(|a| {
            let items: Vec<_> = a.goals.iter().flat_map(|g| &g.items).collect();
            let record = a.tables.is_empty() || a.layouts.contains(&RecordShape::Cards.layout());
            match items.as_slice() {
                [only] if record => Some(normalize_label(only.item.title())),
                _ => None,
            }
        })
        .collect();
    for s in 0..analyses.len() {
        let titles: Vec<String> = analyses[s]
            .goals
            .iter()
            .flat_map(|g| g.items.iter().map(|d| normalize_label(d.item.title())))
            .collect();
        // The index: a table of them.
        if titles.is_empty() || analyses[s].tables.is_empty() {
            continue;
        }
        let listed: Option<Vec<usize>> = titles
            .iter()
            .map(|t| (0..analyses.len()).find(|&o| o != s && single[o].as_ref() == Some(t)))
            .collect();
        let Some(listed) = listed else { continue };
        let entries: Vec<ActionItem> = analyses[s]
            .goals
            .iter()
            .flat_map(|g| g.items.iter().map(|d| d.item.clone()))
            .collect();
        for (entry, &o) in entries.iter().zip(&listed) {
            if let Some(d) = analyses[o]
                .goals
                .iter_mut()
                .flat_map(|g| g.items.iter_mut())
                .next()
            {
                take_reports(&mut d.item, entry, false);
            }
        }
        out[s] = Some(listed);
    }
    out
}

/// Finds the summary sheets of a workbook (一覧, 総括表): a table of items
/// whose every item stands, by its title, on other sheets of the same
/// fiscal year (`same_year`) that hold its reports, while the summary holds
/// no report of any item, or gathers its items from two sheets or more (a
/// summary that shows the sheets' reports too, copied or by formula: one
/// sheet holding the same items is the plan of a report sheet, read
/// elsewhere), or rates them where the other sheets write (its reports
/// each a mark of a few characters, ◎ / ○ / △, theirs written out).
/// Returns, per sheet, the sheets its items stand on.
pub(crate) fn summary_sheets(
    analyses: &[&mut SheetAnalysis],
    same_year: impl Fn(usize, usize) -> bool,
) -> Vec<Option<Vec<usize>>> {
    let titles = |a: &SheetAnalysis| -> Vec<String> {
        a.goals
            .iter()
            .flat_map(|g| g.items.iter().map(|d| normalize_label(d.item.title())))
            .collect()
    };
    let reports_nothing = |a: &SheetAnalysis| {
        a.goals.iter().flat_map(|g| &g.items).all(|d| {
            matches!(d.item.interim, Report::NotInLayout)
                && matches!(d.item.year_end, Report::NotInLayout)
        })
    };
    let all_titles: Vec<Vec<String>> = analyses.iter().map(|a| titles(a)).collect();
    let silent: Vec<bool> = analyses.iter().map(|a| reports_nothing(a)).collect();
    let written: Vec<Vec<usize>> = analyses.iter().map(|a| filled_lengths(a)).collect();
    let rates =
        |s: usize| !written[s].is_empty() && written[s].iter().all(|&chars| chars <= MARK_CHARS);
    let writes = |o: usize| written[o].iter().any(|&chars| chars > MARK_CHARS);
    (0..analyses.len())
        .map(|s| {
            if analyses[s].tables.is_empty() || all_titles[s].is_empty() {
                return None;
            }
            let mut on: Vec<usize> = Vec::new();
            for title in &all_titles[s] {
                let o = (0..analyses.len()).find(|&o| {
                    o != s && same_year(s, o) && !silent[o] && all_titles[o].contains(title)
                })?;
                if !on.contains(&o) {
                    on.push(o);
                }
            }
            (silent[s] || on.len() >= 2 || (rates(s) && on.iter().all(|&o| writes(o))))
                .then_some(on)
        })
        .collect()
}

/// The most characters of a report that rates an item rather than tells of
/// it (◎, ○, △, 済, 順調).
const MARK_CHARS: usize = 3;

/// The length in characters of each filled report of a sheet's items.
fn filled_lengths(a: &SheetAnalysis) -> Vec<usize> {
    sheet_items(a)
        .into_iter()
        .flat_map(|i| [&i.interim, &i.year_end])
        .filter_map(|r| r.text().map(|text| text.trim().chars().count()))
        .collect()
}

/// Finds the sheets that explain how to fill another sheet's table (記入要領:
/// 欄 / 記入する内容 / 記入時期, one row per column of the other table): a
/// sheet whose rows, at least two and at least half of them, each name a
/// header of a table of another sheet. Returns, per sheet, the sheet whose
/// table it explains.
pub(crate) fn explaining_sheets(analyses: &[&mut SheetAnalysis]) -> Vec<Option<usize>> {
    let mut out = vec![None; analyses.len()];
    // Only a workbook of two sheets or more, one of them with a table, has
    // a sheet explaining another's table.
    if analyses.len() < 2 || analyses.iter().all(|a| a.tables.is_empty()) {
        return out;
    }
    let headers: Vec<foldhash::HashSet<String>> = analyses
        .iter()
        .map(|a| {
            a.tables
                .iter()
                .flat_map(|t| &t.columns)
                .flat_map(|c| c.header.split(" › "))
                .map(normalize_label)
                .filter(|h| !h.is_empty())
                .collect()
        })
        .collect();
    for (s, slot) in out.iter_mut().enumerate() {
        let rows: Vec<_> = analyses[s].goals.iter().flat_map(|g| &g.items).collect();
        // The sheets whose headers this one's rows could name.
        let others: Vec<usize> = (0..analyses.len())
            .filter(|&o| o != s && !headers[o].is_empty())
            .collect();
        if rows.len() < 2 || others.is_empty() {
            continue;
        }
        // Rows naming each sheet's headers, each row's texts normalised
        // once; read until no sheet can be named by enough of them.
        let mut naming = vec![0usize; analyses.len()];
        let enough = |n: usize| n >= 2 && n * 2 >= rows.len();
        for (read, d) in rows.iter().enumerate() {
            let texts: Vec<String> = std::iter::once(d.item.title())
                .chain(d.item.extras.iter().map(|e| e.text.as_str()))
                .map(normalize_label)
                .collect();
            for &o in &others {
                if texts.iter().any(|t| headers[o].contains(t)) {
                    naming[o] += 1;
                }
            }
            let left = rows.len() - read - 1;
            if !others.iter().any(|&o| enough(naming[o] + left)) {
                break;
            }
        }
        *slot = others.into_iter().find(|&o| enough(naming[o]));
    }
    out
}

/// The sheet whose items every item of sheet `s` names, when `s` reports
/// on them (it has a report, 達成度 or 自己評価 column).
fn report_sheet_target(
    analyses: &[&mut SheetAnalysis],
    s: usize,
    same_year: impl Fn(usize, usize) -> bool,
) -> Option<usize> {
    let items: Vec<&ActionItem> = analyses[s]
        .goals
        .iter()
        .flat_map(|g| g.items.iter().map(|d| &d.item))
        .collect();
    let reports = items.iter().any(|i| {
        !matches!(i.interim, Report::NotInLayout)
            || !matches!(i.year_end, Report::NotInLayout)
            || i.cells.achievement().is_some()
            || i.cells.self_assessment().is_some()
    });
    if items.is_empty() || !reports {
        return None;
    }
    // A report table states no deadlines: the items it names do (or lack
    // the reports it has).
    if items.iter().any(|i| i.cells.deadline().is_some()) {
        return None;
    }
    let numbered = items.iter().all(|i| i.number().is_some());
    (0..analyses.len())
        .filter(|&t| t != s && same_year(s, t))
        .find(|&t| {
            let others: Vec<&ActionItem> = analyses[t]
                .goals
                .iter()
                .flat_map(|g| g.items.iter().map(|d| &d.item))
                .collect();
            let planned = others.iter().any(|o| o.cells.deadline().is_some())
                || others.iter().all(|o| {
                    matches!(o.interim, Report::NotInLayout)
                        && matches!(o.year_end, Report::NotInLayout)
                });
            planned
                && others.len() >= items.len()
                && items
                    .iter()
                    .all(|i| item_named(i, &others, numbered).is_some())
        })
}

/// Whether a report table's row names an item: by number when the rows
/// are numbered (the title, when both have one, must agree: the same, or
/// cut short as report sheets write it, `公共施設等総合管理計…`, or keeping
/// most of its words in their order, `多言語119周知`), else by title.
fn names_item(report: &ActionItem, item: &ActionItem, numbered: bool) -> bool {
    let same_title = normalize_label(report.title()) == normalize_label(item.title());
    let same_title = same_title || (numbered && shortens(report.title(), item.title()));
    if numbered {
        match (report.number(), item.number()) {
            (Some(a), Some(b)) => {
                number_key(a) == number_key(b) && (same_title || report.title().is_empty())
            }
            _ => false,
        }
    } else {
        same_title
    }
}

/// The item of `items` a report table's row names ([`names_item`]);
/// without numbers, else the one item whose title its short title
/// abbreviates or keeps most of (`案内所多言語化` for `駅観光案内所の多言語
/// 対応`): a short title that fits two items names neither.
fn item_named(report: &ActionItem, items: &[&ActionItem], numbered: bool) -> Option<usize> {
    if let Some(at) = items.iter().position(|i| names_item(report, i, numbered)) {
        return Some(at);
    }
    if numbered {
        return None;
    }
    let short = report.title();
    let mut fits = items
        .iter()
        .enumerate()
        .filter(|(_, i)| shortens(short, i.title()))
        .map(|(at, _)| at);
    match (fits.next(), fits.next()) {
        (Some(at), None) => Some(at),
        _ => None,
    }
}

/// Whether a report row's short title stands for the item title `long`:
/// cut short (`公共施設等総合管理計…`) or keeping most of its words in
/// their order (`多言語119周知`).
fn shortens(short: &str, long: &str) -> bool {
    use super::super::companions::{abbreviates, keeps_most_of};
    abbreviates(short, long) || keeps_most_of(short, long)
}

/// Gives `item` what a report table's row holds where it has none.
fn take_reports(item: &mut ActionItem, report: &ActionItem, own_cells_kept: bool) {
    for field in [Field::Interim, Field::YearEnd] {
        let theirs = report_of(report, field).clone();
        let cell = report_cell(report, field);
        let own = report_of(item, field);
        if own_cells_kept && !matches!(own, Report::NotInLayout) {
            continue;
        }
        if !matches!(theirs, Report::NotInLayout) && !own.is_filled() {
            set_report(item, field, theirs, cell);
        }
    }
    if item.achievement.is_none() && report.achievement.is_some() {
        item.achievement = report.achievement;
        item.cells
            .set(ItemField::Achievement, report.cells.achievement());
    }
    if item.self_assessment().is_none() && report.self_assessment().is_some() {
        item.set_self_assessment(report.self_assessment());
        item.cells
            .set(ItemField::SelfAssessment, report.cells.self_assessment());
    }
}

fn report_of(item: &ActionItem, field: Field) -> &Report {
    match field {
        Field::Interim => &item.interim,
        _ => &item.year_end,
    }
}

/// The cell of an item's report `field`.
fn report_cell(item: &ActionItem, field: Field) -> Option<CellRef> {
    match field {
        Field::Interim => item.cells.interim(),
        _ => item.cells.year_end(),
    }
}

fn set_report(item: &mut ActionItem, field: Field, report: Report, cell: Option<CellRef>) {
    match field {
        Field::Interim => {
            item.interim = report;
            item.cells.set(ItemField::Interim, cell);
        }
        _ => {
            item.year_end = report;
            item.cells.set(ItemField::YearEnd, cell);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_across_widths_and_dashes() {
        for n in ["２－１", "2-1", "2ー1", "2 - 1", "2‐1", "(2-1)", "②-1"] {
            assert_eq!(number_key(n), "2-1", "{n}");
        }
        assert_eq!(number_key("⑫"), "12");
        for (padded, plain) in [("共-01", "共-1"), ("007", "7"), ("1-01-02", "1-1-2")] {
            assert_eq!(number_key(padded), number_key(plain), "{padded}");
        }
        assert_ne!(number_key("10"), number_key("1"));
        for n in ["No.３", "No.3", "Ｎｏ．３", "№3", "No 3"] {
            assert_eq!(number_key(n), "3", "{n}");
        }
        assert_eq!(number_key("Note"), "note");
        assert_eq!(number_key("0"), "0");
        assert_ne!(number_key("2-1"), number_key("2-11"));
    }
}
