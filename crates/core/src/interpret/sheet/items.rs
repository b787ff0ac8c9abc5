//! An action item built from the cells taken for it: title and number,
//! 【labelled】 sections, the text beside the title (取組内容), deadlines,
//! report cells, achievement, owners and extra fields; every cell taken is
//! claimed.

use std::collections::BTreeMap;

use crate::calendar::era::japanese_date;
use crate::calendar::{
    Deadline, DeadlineKind, DeadlineReference, FiscalYear, OutsideYear, Precision,
    deadline_reference, extract_deadlines, month_end_deadline, month_of_date_deadline,
};
use crate::grid::CellValue;
use crate::model::LayoutKind;
use crate::model::{
    ActionItem, CellRef, ExtraField, ItemCells, ItemField, ItemTexts, Report, Warning,
};

use super::super::dictionary::{Field, ReportPeriod, normalize_into, normalize_label};
use super::super::grades::rate_in_text;
use super::super::measure::outside_measures;
use super::super::text::{
    cell_text, first_line, is_placeholder, labelled_lines, leading_number, parse_achievement,
    sections, split_owners,
};
use super::coverage::Claim;
use super::{DraftItem, ItemParts, SheetParser, SheetView, Slot, Val, YearEntry, YearEntryView};

/// An achievement cell's rate: a number or percentage, else a percentage
/// inside its text (`概ね達成(80%)`).
fn achievement_of(value: &CellValue) -> Option<f64> {
    parse_achievement(value).or_else(|| match value {
        CellValue::Text(t) => rate_in_text(t),
        _ => None,
    })
}

/// The months a schedule grid marks, runs joined: `4月～6月、9月`.
fn marked_months(schedule: &[(u32, CellRef)]) -> String {
    let mut months: Vec<u32> = schedule.iter().map(|&(m, _)| m).collect();
    months.dedup();
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for m in months {
        match runs.last_mut() {
            Some((_, last)) if m == *last % 12 + 1 => *last = m,
            _ => runs.push((m, m)),
        }
    }
    runs.iter()
        .map(|&(first, last)| {
            if first == last {
                format!("{first}月")
            } else {
                format!("{first}月～{last}月")
            }
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// What an item's title cell gives: the title, and the number and target
/// it carries when no column of their own gives them.
struct ItemHead {
    title: String,
    number: Option<String>,
    target: Option<String>,
    /// Whether the target is a 【目標】 section of the item's text.
    target_in_text: bool,
}

/// An item's reports as its report cells say (the self-assessment and
/// its reason are the year-end report when no year-end column exists).
struct ItemReports {
    interim: Report,
    year_end: Report,
    self_assessment: Option<String>,
    reason_in_report: bool,
}

/// A report cell's report and cell: not in the layout, empty (a
/// placeholder text counts as empty), or filled.
fn report_of(slot: &Slot, placeholders: &[String]) -> (Report, Option<CellRef>) {
    match slot {
        Slot::Absent => (Report::NotInLayout, None),
        Slot::Present(None) => (Report::Empty, None),
        Slot::Present(Some(v)) => {
            let r = match v.text() {
                Some(t) if !is_placeholder(&t, placeholders) => Report::Filled(t.into()),
                _ => Report::Empty,
            };
            (r, Some(v.cell.clone()))
        }
    }
}

/// A date cell's text and deadline: the day (`2025-09-30`), or for a date
/// whose format shows only its month the month's end, as the sheet shows
/// it (`令和8年9月`). A serial number near the fiscal year `fy` (a date
/// cell whose format was lost shows `46325`, whether stored as a number or
/// as its digits) is that day. `None` for any other value.
fn date_cell_deadline(value: &CellValue, fy: FiscalYear) -> Option<(String, Deadline)> {
    let day = match value {
        CellValue::Date(d) => d.date(),
        CellValue::Month { date, shown } => {
            return month_of_date_deadline(*date, shown).map(|deadline| (shown.clone(), deadline));
        }
        CellValue::Number(n) => fy.serial_date_near(*n)?,
        CellValue::Text(t) => {
            let digits = t.trim();
            if digits.len() != 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            fy.serial_date_near(digits.parse().ok()?)?
        }
        _ => return None,
    };
    let iso = day.format("%Y-%m-%d").to_string();
    let deadline = Deadline {
        kind: DeadlineKind::Due {
            date: day,
            precision: Precision::Day,
        },
        span: 0..iso.len(),
        phrase: iso.as_str().into(),
        labels: Vec::new(),
    };
    Some((iso, deadline))
}

/// The multi-year rows of an item as the report assembly reads them.
fn year_views(years: BTreeMap<FiscalYear, YearEntry>) -> BTreeMap<FiscalYear, YearEntryView> {
    years
        .into_iter()
        .map(|(fy, e)| {
            let view = YearEntryView {
                label: e.label,
                plan: e.plan.and_then(|v| v.text().map(|t| (t, v.cell))),
                result: e.result.map(|v| (v.text(), v.cell)),
                interim: e.interim.map(|v| (v.text(), v.cell)),
                achievement: e.achievement.map(|v| (achievement_of(&v.value), v.cell)),
            };
            (fy, view)
        })
        .collect()
}

impl SheetParser<'_> {
    /// The item of the cells taken for it; every cell it reads is claimed.
    pub(super) fn build_item(&mut self, mut parts: ItemParts) -> DraftItem {
        let item_val = parts.item.clone().unwrap_or(Val {
            value: CellValue::Empty,
            cell: self.view.cell(0, 0),
        });
        let mut text = item_val.text().unwrap_or_default();
        let mut cells = ItemCells::default();
        cells.set(
            ItemField::Number,
            parts.number.as_ref().map(|v| v.cell.clone()),
        );
        cells.set(ItemField::Title, Some(item_val.cell.clone()));
        cells.set(
            ItemField::Target,
            parts.target.as_ref().map(|v| v.cell.clone()),
        );
        let head = self.item_head(&text, &item_val.cell, &parts, &mut cells);

        // 取組内容 beside the title continues the item's text.
        if let Some(detail) = parts.detail.as_ref()
            && let Some(more) = detail.text()
        {
            text.push('\n');
            text.push_str(&more);
            cells.set(ItemField::Text, Some(detail.cell.clone()));
        }

        let (deadline_text, deadlines) = self.item_deadlines(&parts, &head, &text, &mut cells);
        let reports = self.view.item_reports(&parts, &mut cells);
        let extras = self.item_extras(&mut parts, reports.reason_in_report);
        let achievement = parts
            .achievement
            .as_ref()
            .and_then(|v| achievement_of(&v.value));
        cells.set(
            ItemField::Achievement,
            parts.achievement.as_ref().map(|v| v.cell.clone()),
        );
        let owners = parts
            .owner
            .as_ref()
            .and_then(Val::text)
            .map(|t| split_owners(&t))
            .unwrap_or_default();
        cells.set(
            ItemField::Owners,
            parts.owner.as_ref().map(|v| v.cell.clone()),
        );
        let years = year_views(parts.years);
        let own_year = parts.year.take();

        for (_, cell) in cells.iter() {
            self.claim_at(&cell, Claim::Item);
        }
        for extra in &extras {
            self.claim_at(&extra.cell, Claim::Item);
        }

        DraftItem {
            item: ActionItem {
                texts: ItemTexts::new(
                    head.number.as_deref(),
                    &head.title,
                    &text,
                    deadline_text.as_deref(),
                    head.target.as_deref(),
                    reports.self_assessment.as_deref(),
                ),
                deadlines,
                interim: reports.interim,
                year_end: reports.year_end,
                achievement,
                owners,
                cell: item_val.cell,
                cells,
                extras,
            },
            years,
            own_year,
        }
    }

    /// The title of an item's `text` in the cell `item_cell`: its first
    /// line, or (c) its 【重点目標】/【取組】 section, a 【目標】 section
    /// giving the target; a leading number (`1. …`) is the item's number
    /// when no number column gives one.
    fn item_head(
        &mut self,
        text: &str,
        item_cell: &CellRef,
        parts: &ItemParts,
        cells: &mut ItemCells,
    ) -> ItemHead {
        let mut number = parts.number.as_ref().and_then(Val::text);
        let mut target = parts.target.as_ref().and_then(Val::text);
        let mut target_in_text = false;
        // (c) labelled sections inside the item cell.
        let secs = sections(text);
        let title = if !secs.is_empty() {
            self.out.note_layout(LayoutKind::Sections);
            let mut buf = String::new();
            let mut title_section = None;
            let mut targets = Vec::new();
            for s in &secs {
                normalize_into(s.label, &mut buf);
                match self.view.dict().classify(&buf) {
                    Some(Field::Goal | Field::Item) if title_section.is_none() => {
                        title_section = Some(s.content)
                    }
                    Some(Field::Target) => targets.push(s.content),
                    _ => {}
                }
            }
            if target.is_none() && !targets.is_empty() {
                target = Some(targets.join("\n"));
                cells.set(ItemField::Target, Some(item_cell.clone()));
                target_in_text = true;
            }
            first_line(title_section.unwrap_or(secs[0].content)).to_string()
        } else if number.is_none() {
            match leading_number(text) {
                Some((n, rest)) if !rest.is_empty() => {
                    number = Some(n.to_string());
                    cells.set(ItemField::Number, Some(item_cell.clone()));
                    first_line(rest).to_string()
                }
                _ => first_line(text).to_string(),
            }
        } else {
            first_line(text).to_string()
        };
        ItemHead {
            title,
            number,
            target,
            target_in_text,
        }
    }

    /// An item's deadlines and the text they are read from: the deadline
    /// column, else (or where its cell is blank) a schedule grid's last
    /// marked month, else the target and the item's text. Kept for a later
    /// row's 同上.
    fn item_deadlines(
        &mut self,
        parts: &ItemParts,
        head: &ItemHead,
        text: &str,
        cells: &mut ItemCells,
    ) -> (Option<String>, Vec<Deadline>) {
        let mut deadline_text = None;
        let mut deadlines = Vec::new();
        // A row of another year (a column of years) is read in its year.
        let fy = parts.year.as_ref().map_or(self.view.fy, |(year, _)| *year);
        match &parts.deadline {
            Slot::Present(Some(v)) if !v.value.is_empty() => {
                cells.set(ItemField::Deadline, Some(v.cell.clone()));
                if let Some((shown, deadline)) = date_cell_deadline(&v.value, fy) {
                    self.warn_outside_year(std::slice::from_ref(&deadline), &v.cell, fy);
                    deadlines.push(deadline);
                    deadline_text = Some(shown);
                } else if let Some(t) = v.text() {
                    let (text, found) = self.deadlines_of_cell(t, text, &v.cell, fy);
                    deadlines = found;
                    deadline_text = Some(text);
                }
            }
            // A schedule's marks give the deadline a blank deadline cell
            // leaves unsaid: the bar's last month.
            _ if !parts.schedule.is_empty() => {
                let months = marked_months(&parts.schedule);
                if let Some((month, cell)) = parts.schedule.last() {
                    deadlines.extend(month_end_deadline(fy, *month, &months));
                    cells.set(ItemField::Deadline, Some(cell.clone()));
                }
                deadline_text = Some(months);
            }
            Slot::Present(v) => {
                // A blank deadline cell still names where to write one.
                cells.set(ItemField::Deadline, v.as_ref().map(|v| v.cell.clone()));
            }
            Slot::Absent => {
                // A date inside a target's sentence (年度末の登録者数を
                // 1,200人とする) is when it is measured, no deadline.
                if let (Some(t), false) = (&head.target, head.target_in_text) {
                    let found = extract_deadlines(t, fy);
                    deadlines.extend(outside_measures(t, found, self.view.dict()));
                }
                deadlines.extend(extract_deadlines(text, fy));
            }
        }
        if let Some(text) = &deadline_text {
            self.walk.previous_deadline = Some((text.clone(), deadlines.clone()));
        }
        (deadline_text, deadlines)
    }

    /// An item's extra fields: its extra columns, a schedule grid's marks
    /// beside a deadline column, the reason unless it is part of the
    /// year-end report (then its cell is claimed).
    fn item_extras(&mut self, parts: &mut ItemParts, reason_in_report: bool) -> Vec<ExtraField> {
        let mut extras = std::mem::take(&mut parts.extras);
        // Marks of a schedule grid beside a deadline column stay with the
        // item under the grid's heading.
        if matches!(parts.deadline, Slot::Present(_))
            && let Some((_, cell)) = parts.schedule.last()
        {
            extras.push(ExtraField {
                header: parts.schedule_heading.as_deref().unwrap_or("工程").into(),
                text: marked_months(&parts.schedule).into(),
                cell: cell.clone(),
            });
        }
        for (_, cell) in &parts.schedule {
            self.claim_at(cell, Claim::Item);
        }
        if let Some(reason) = &parts.reason {
            match reason.text() {
                Some(text) if !reason_in_report => extras.push(ExtraField {
                    header: parts.reason_header.as_str().into(),
                    text: text.into(),
                    cell: reason.cell.clone(),
                }),
                _ => self.claim_at(&reason.cell, Claim::Item),
            }
        }
        extras
    }

    /// The deadlines a deadline cell states, and the text they are read
    /// from: its own, the previous item's where it says 同上 / 〃 (that
    /// item's deadline text stands for it), the item's own text where it
    /// says 取組内容に記載 / 左記のとおり; none where it names a document
    /// outside the workbook (別紙のとおり).
    fn deadlines_of_cell(
        &mut self,
        cell_text: String,
        item_text: &str,
        cell: &CellRef,
        fy: FiscalYear,
    ) -> (String, Vec<Deadline>) {
        match deadline_reference(&cell_text) {
            Some(DeadlineReference::RowAbove) => match self.walk.previous_deadline.clone() {
                Some((text, deadlines)) => (text, deadlines),
                None => (cell_text, Vec::new()),
            },
            Some(DeadlineReference::ItemText) => {
                let found = extract_deadlines(item_text, fy);
                (cell_text, found)
            }
            Some(DeadlineReference::Document { .. }) => (cell_text, Vec::new()),
            None if fy == self.view.fy => {
                let found = self.view.deadlines().of(&cell_text);
                self.check_deadlines(&cell_text, &found, cell);
                (cell_text, found)
            }
            None => {
                let found = super::deadlines::SheetDeadlines::new(fy, &self.view.context.deadlines)
                    .of(&cell_text);
                self.check_deadlines_in(&cell_text, &found, cell, fy);
                (cell_text, found)
            }
        }
    }

    pub(super) fn check_deadlines(&mut self, text: &str, deadlines: &[Deadline], cell: &CellRef) {
        self.check_deadlines_in(text, deadlines, cell, self.view.fy);
    }

    /// [`Self::check_deadlines`] of a row of the fiscal year `fy`.
    fn check_deadlines_in(
        &mut self,
        text: &str,
        deadlines: &[Deadline],
        cell: &CellRef,
        fy: FiscalYear,
    ) {
        let texts = &self.view.context.text_counts;
        if texts.is_placeholder(text, self.view.placeholders()) {
            return;
        }
        for d in deadlines {
            if let DeadlineKind::Unresolved { reason } = &d.kind {
                self.out.warnings.push(Warning {
                    cell: Some(cell.clone()),
                    message: format!("期限「{}」を日付にできません（{reason}）", d.phrase),
                });
            }
        }
        self.warn_outside_year(deadlines, cell, fy);
        if deadlines.is_empty() {
            self.out.warnings.push(Warning {
                cell: Some(cell.clone()),
                message: format!("「{}」から期限を読み取れません", first_line(text)),
            });
        }
    }

    /// A warning for each due date before or after the sheet's fiscal year
    /// (H30.3, 前年度中, R9年度 in 令和8年度): the date stands as written,
    /// and the planning section sees it on 取込エラー.
    fn warn_outside_year(&mut self, deadlines: &[Deadline], cell: &CellRef, fy: FiscalYear) {
        for d in deadlines {
            let (Some(side), Some(date)) = (d.outside_year(fy), d.due()) else {
                continue;
            };
            let side = match side {
                OutsideYear::Before => "より前",
                OutsideYear::After => "より後",
            };
            self.out.warnings.push(Warning {
                cell: Some(cell.clone()),
                message: format!(
                    "期限「{}」（{}）は{}{side}の日付です",
                    d.phrase,
                    japanese_date(date),
                    fy.japanese()
                ),
            });
        }
    }
}

impl SheetView<'_> {
    /// The one report column of a layout that has no other (or field of
    /// records written across), whose cells hold their reports in
    /// sections named by parts of the year (`【中間】…【期末】…`): each
    /// report is its sections' text, empty where only its label is
    /// written or where no section is its own (`【中間】…` alone: the
    /// year-end report still to be added).
    ///
    /// In a slot that holds both halves ([`Self::slot_holds_halves`]) a
    /// cell without sections is read the same way: blank, both reports
    /// are still to be written; a text alone is the first half's.
    fn halves_in_one_cell(&self, parts: &ItemParts) -> Option<([Report; 2], CellRef)> {
        let v = match (&parts.interim, &parts.year_end) {
            (Slot::Present(Some(v)), Slot::Absent) | (Slot::Absent, Slot::Present(Some(v))) => v,
            _ => return None,
        };
        let text = v.text().unwrap_or_default();
        let halves = match self.halves_of(&text) {
            Some(halves) => halves,
            None if parts.halves_in_slot => [Some(vec![text.as_str()]), Some(Vec::new())],
            None => return None,
        };
        let report = |texts: &Option<Vec<&str>>| {
            let text = texts.as_deref().unwrap_or_default().join("\n");
            if text.is_empty() || is_placeholder(&text, self.placeholders()) {
                Report::Empty
            } else {
                Report::Filled(text.into())
            }
        };
        Some(([report(&halves[0]), report(&halves[1])], v.cell.clone()))
    }

    /// Whether one report slot holds both halves of the year: its heading
    /// names both in sections (`進捗（【中間】【期末】）`), or a cell of it
    /// is written in sections per half.
    pub(super) fn slot_holds_halves<'c>(
        &self,
        heading: Option<&str>,
        mut cells: impl Iterator<Item = &'c CellValue>,
    ) -> bool {
        heading.is_some_and(|h| {
            self.halves_of(h)
                .is_some_and(|[interim, year_end]| interim.is_some() && year_end.is_some())
                || self.names_both_halves(h)
        }) || cells.any(|v| cell_text(v).is_some_and(|t| self.halves_of(&t).is_some()))
    }

    /// Whether a heading names both reports' parts of the year: by words
    /// (`中間・期末`), or by the months their milestones close
    /// (`取組状況（9月・3月に追記）`).
    fn names_both_halves(&self, heading: &str) -> bool {
        if self.dict().names_both_periods(heading) {
            return true;
        }
        let n = normalize_label(heading);
        let named: Vec<ReportPeriod> = n
            .match_indices('月')
            .filter_map(|(at, _)| {
                let digits = n[..at].rsplit(|c: char| !c.is_ascii_digit()).next()?;
                self.kind_period(&format!("{digits}月"))
            })
            .collect();
        named.contains(&ReportPeriod::Interim) && named.contains(&ReportPeriod::YearEnd)
    }

    /// The texts of a cell's sections per half of the year (none for a
    /// half no label names), where every section's label names one: its
    /// 【labelled】 sections, or its `label：` lines (`9月：…` `3月：…`).
    fn halves_of<'t>(&self, text: &'t str) -> Option<[Option<Vec<&'t str>>; 2]> {
        let mut halves: [Option<Vec<&str>>; 2] = [None, None];
        let mut parts = sections(text);
        if parts.is_empty() {
            parts = labelled_lines(text);
        }
        for section in parts {
            let half = match self.kind_period(section.label)? {
                ReportPeriod::Interim => 0,
                ReportPeriod::YearEnd => 1,
            };
            let texts = halves[half].get_or_insert_with(Vec::new);
            if !section.content.is_empty() {
                texts.push(section.content);
            }
        }
        halves.iter().any(Option::is_some).then_some(halves)
    }

    /// An item's interim and year-end reports and its self-assessment,
    /// with their cells.
    fn item_reports(&self, parts: &ItemParts, cells: &mut ItemCells) -> ItemReports {
        let (mut interim, mut interim_cell) = report_of(&parts.interim, self.placeholders());
        let (mut year_end, mut year_end_cell) = report_of(&parts.year_end, self.placeholders());
        if let Some((halves, cell)) = self.halves_in_one_cell(parts) {
            [interim, year_end] = halves;
            interim_cell = Some(cell.clone());
            year_end_cell = Some(cell);
        }
        cells.set(ItemField::Interim, interim_cell);
        cells.set(ItemField::YearEnd, year_end_cell);
        let mut self_assessment = None;
        let mut reason_in_report = false;
        if let Slot::Present(v) = &parts.self_assessment {
            self_assessment = v
                .as_ref()
                .and_then(Val::text)
                .filter(|t| !is_placeholder(t, self.placeholders()));
            cells.set(
                ItemField::SelfAssessment,
                v.as_ref().map(|v| v.cell.clone()),
            );
            // Without a year-end column the self-assessment (and its
            // reason) is the year-end report, filled once a grade is chosen.
            if matches!(parts.year_end, Slot::Absent) {
                reason_in_report = true;
                year_end = match &self_assessment {
                    Some(grade) => {
                        let reason = parts.reason.as_ref().and_then(Val::text);
                        Report::Filled(match reason {
                            Some(r) => format!("{grade}\n{r}").into(),
                            None => grade.as_str().into(),
                        })
                    }
                    None => Report::Empty,
                };
                cells.set(ItemField::YearEnd, cells.self_assessment());
            }
        }
        ItemReports {
            interim,
            year_end,
            self_assessment,
            reason_in_report,
        }
    }
}
