//! Rows outside tables: label–value blocks repeated per record, multi-year
//! rows and the column labels over them, plan positions, and numbered
//! headings that open a goal.

use crate::calendar::FiscalYear;
use crate::grid::CellValue;
use crate::model::LayoutKind;
use crate::model::{ExtraField, PlanPosition, ReportPeriod};

use super::super::dictionary::{
    Field, YearRowKind, is_decoration, normalize_label, normalize_word,
};
use super::super::periods::{month_named, season_month};
use super::super::text::{cell_text, first_line, is_number_cell, leading_number};
use super::coverage::Claim;
use super::labels::{Label, box_under, is_heading_text, right_of};
use super::{
    ItemParts, SheetParser, SheetView, Slot, Val, empty_goal, header_text, is_short_label,
};

impl SheetParser<'_> {
    pub(super) fn department_only_row(&mut self, row: u32) {
        for c in 0..self.view.grid.cols() {
            if self.view.label(row, c) == Some(Label::Field(Field::Department))
                && let Some((vr, vc)) = right_of(self.view.grid, row, c)
                && self.out.department.is_none()
                && let Some(name) = self.view.grid.text(vr, vc).map(str::to_string)
            {
                self.claims.claim(self.view.grid, row, c, Claim::Label);
                self.claims.claim(self.view.grid, vr, vc, Claim::Goal);
                self.out.department = Some((name, self.view.cell(row, c)));
            }
        }
    }

    /// Reads one row outside tables: label–value pairs, year rows, column
    /// labels, numbered headings.
    pub(super) fn block_row(&mut self, row: u32) {
        let cols = self.view.grid.cols();
        let mut c = 0;
        let mut scan = RowScan::default();
        while c < cols {
            let (or, oc) = self.view.grid.origin(row, c);
            let last = self.view.grid.merge_at(row, c).map_or(c, |m| m.last_col);
            if oc != c {
                c = last + 1;
                continue;
            }
            let label = self.view.label(row, c);
            if or != row && label.is_none() {
                c = last + 1;
                continue;
            }
            let next = match label {
                Some(label) => {
                    self.claims.claim(self.view.grid, row, c, Claim::Label);
                    scan.labelled = true;
                    self.labelled_cell(row, c, or, label, &mut scan)
                }
                None => {
                    if or == row && !self.view.grid.get(row, c).is_empty() {
                        scan.plain.push(c);
                    }
                    NextCell::AfterCell
                }
            };
            match next {
                NextCell::At(next) => c = next,
                NextCell::AfterCell => c = last + 1,
                NextCell::EndOfRow => break,
            }
        }
        if let Some((fy, _)) = scan.year_row {
            self.year_row_columns(row, fy);
        }
        if !scan.labelled && self.heading_row(row, &scan.plain) {
            return;
        }
        self.unlabelled_cells(row, &scan.plain);
        if self.walk.record.is_some() {
            self.mark_record_row(row);
        }
    }

    /// Reads the label at `(row, c)` (its origin row `or`) and what it
    /// labels; where the row goes on.
    fn labelled_cell(
        &mut self,
        row: u32,
        c: u32,
        or: u32,
        label: Label,
        scan: &mut RowScan,
    ) -> NextCell {
        match label {
            Label::Field(field) => self.labelled_value(row, c, or, field),
            Label::Inline(field, offset) => {
                let text = self.view.grid.text(row, c).unwrap_or_default();
                let value = first_inline_value(text.get(offset..).unwrap_or_default()).to_string();
                let v = Val {
                    value: CellValue::Text(value),
                    cell: self.view.cell(row, c),
                };
                let label = self.view.row_label(row, c, Some(offset));
                self.block_field(field, label, v, None);
                NextCell::AfterCell
            }
            Label::PlanPosition => self.plan_position(row, c),
            Label::Year(fy, kind) => {
                scan.year_row = Some((fy, kind));
                self.year_value(row, c, fy, kind)
            }
            Label::DepartmentHead => {
                if self.out.department.is_none() {
                    let text = self.view.grid.text(row, c).unwrap_or_default();
                    self.out.department = super::labels::head_department(text, self.view.dict())
                        .map(|d| (d, self.view.cell(row, c)));
                }
                NextCell::AfterCell
            }
            Label::Stop => {
                // 特記事項 and what is written beside it: notes of the goal.
                self.notes_after(row, c);
                NextCell::EndOfRow
            }
            Label::GoalGroup => NextCell::AfterCell,
        }
    }

    /// A field's label at `(row, c)` and the value right of it (an item's
    /// or goal's number cell first, if any); with no value, an empty report
    /// of the open record, or a column label over the rows below.
    fn labelled_value(&mut self, row: u32, c: u32, or: u32, field: Field) -> NextCell {
        let Some((mut vc, mut vlast)) = self.view.value_after(row, c) else {
            if self.walk.record.is_some()
                && let Some((br, bc)) = self.view.box_below(row, c)
            {
                self.value_in_box(field, row, c, (br, bc));
                return NextCell::EndOfRow;
            }
            if self.empty_report_of_record(row, c, field) {
                return NextCell::AfterCell;
            }
            if or == row && is_column_field(field) {
                self.walk.block_columns.insert(c, field);
            }
            return NextCell::AfterCell;
        };
        let mut number = None;
        if matches!(field, Field::Item | Field::Goal) && is_number_cell(self.view.grid.get(row, vc))
        {
            number = Some(self.view.val(row, vc));
            match self.view.value_after(row, vc) {
                Some((nc, nlast)) => {
                    vc = nc;
                    vlast = nlast;
                }
                None => {
                    // A numbered slot left empty (② with no text).
                    self.claims.claim(self.view.grid, row, vc, Claim::Label);
                    return NextCell::At(vlast + 1);
                }
            }
        }
        let v = self.view.val(row, vc);
        let label = self.view.row_label(row, c, None);
        self.block_field(field, label, v, number);
        NextCell::At(vlast + 1)
    }

    /// A plan position's label at `(row, c)` and its value: a position of
    /// the open goal (of the next goal when none is open).
    fn plan_position(&mut self, row: u32, c: u32) -> NextCell {
        let Some((vc, vlast)) = self.view.value_after(row, c) else {
            return NextCell::AfterCell;
        };
        let label = self.view.grid.text(row, c).unwrap_or_default().to_string();
        if let Some(text) = self.view.grid.text(row, vc) {
            let pos = PlanPosition {
                label: label.into(),
                text: text.into(),
            };
            self.claims.claim(self.view.grid, row, vc, Claim::Goal);
            match self.open_goal() {
                Some(g) => self.out.goals[g].goal.plan_positions.push(pos),
                None => self.walk.goal.pending.positions.push(pos),
            }
        }
        NextCell::At(vlast + 1)
    }

    /// A year row's label at `(row, c)` (R5年度計画) and its value: the
    /// open record's plan or result of that fiscal year. A result row
    /// whose cell is empty is a report not written yet, at that cell.
    fn year_value(&mut self, row: u32, c: u32, fy: FiscalYear, kind: YearRowKind) -> NextCell {
        let value = self.view.value_after(row, c);
        let (vc, vlast) = match (value, kind) {
            (Some(at), _) => at,
            (None, YearRowKind::Plan) => return NextCell::AfterCell,
            (None, _) => match self.view.empty_cell_after(row, c) {
                Some(at) => at,
                None => return NextCell::AfterCell,
            },
        };
        let v = self.view.val(row, vc);
        let label = self.view.cell(row, c);
        if let Some(record) = self.walk.record.as_mut() {
            let entry = record.years.entry(fy).or_default();
            entry.label.get_or_insert(label);
            match kind {
                YearRowKind::Plan => entry.plan = Some(v),
                YearRowKind::Result => entry.result = Some(v),
                YearRowKind::InterimResult => entry.interim = Some(v),
            }
            self.claims.claim(self.view.grid, row, vc, Claim::Item);
        }
        NextCell::At(vlast + 1)
    }

    /// The cells of a year row under column labels (年度計画達成度 over
    /// the year rows): the open record's values of that fiscal year.
    fn year_row_columns(&mut self, row: u32, fy: FiscalYear) {
        let columns: Vec<(u32, Field)> = self
            .walk
            .block_columns
            .iter()
            .map(|(&c, &f)| (c, f))
            .collect();
        for (col, field) in columns {
            if field == Field::Achievement && self.view.grid.origin(row, col) == (row, col) {
                let v = self.view.val(row, col);
                if let Some(record) = self.walk.record.as_mut() {
                    record.years.entry(fy).or_default().achievement = Some(v);
                    self.claims.claim(self.view.grid, row, col, Claim::Item);
                }
            }
        }
    }

    /// Cells of a row no dictionary word labels, inside an open record or
    /// goal block: a short text with a value to its right is a label the
    /// dictionary does not know, kept with the record or goal as an extra
    /// field; a short text alone at the start of its row is a heading.
    fn unlabelled_cells(&mut self, row: u32, plain: &[u32]) {
        let first = (0..self.view.grid.cols()).find(|&c| !self.view.grid.get(row, c).is_empty());
        let mut taken_until = None;
        for &c in plain {
            if taken_until.is_some_and(|last| c <= last) {
                continue;
            }
            let Some(text) = self.view.grid.text(row, c) else {
                continue;
            };
            if !is_short_label(text) || is_number_cell(self.view.grid.get(row, c)) {
                continue;
            }
            // A record's field named by the word its label ends with; outside
            // records, a goal (課の目標 | 地域の消防力の強化).
            // Else a report by the part of the year it names (上期の手応え),
            // or the report after the interim one (年度の締めくくり).
            let ending = match self.walk.record {
                Some(_) => self
                    .view
                    .ending_field(text)
                    .or_else(|| self.view.report_named(text))
                    .or_else(|| self.report_after_interim(row, c)),
                None => self.view.goal_ending(row, c, text),
            };
            match self.view.value_after(row, c) {
                Some((vc, vlast)) if let Some(field) = ending => {
                    self.claims.claim(self.view.grid, row, c, Claim::Label);
                    let label = self.view.row_label(row, c, None);
                    self.block_field(field, label, self.view.val(row, vc), None);
                    taken_until = Some(vlast);
                }
                Some((vc, vlast)) => {
                    let extra = ExtraField {
                        header: header_text(text).into(),
                        text: cell_text(self.view.grid.get(row, vc))
                            .unwrap_or_default()
                            .as_ref()
                            .into(),
                        cell: self.view.cell(row, vc),
                    };
                    if let Some(rec) = self.walk.record.as_mut() {
                        rec.extras.push(extra);
                    } else if let Some(g) = self.open_goal() {
                        self.out.goals[g].goal.extras.push(extra);
                    } else {
                        continue;
                    }
                    self.claims.claim(self.view.grid, row, c, Claim::Label);
                    self.claims.claim(
                        self.view.grid,
                        row,
                        vc,
                        if self.walk.record.is_some() {
                            Claim::Item
                        } else {
                            Claim::Goal
                        },
                    );
                    taken_until = Some(vlast);
                }
                None if self.walk.record.is_some()
                    && let Some(field) = ending
                    && let Some((br, bc)) = self.view.box_below(row, c) =>
                {
                    self.claims.claim(self.view.grid, row, c, Claim::Label);
                    self.value_in_box(field, row, c, (br, bc));
                }
                None if let Some(field) = ending
                    && self.empty_report_of_record(row, c, field) =>
                {
                    self.claims.claim(self.view.grid, row, c, Claim::Label);
                }
                None if Some(c) == first
                    && (self.walk.record.is_some() || self.open_goal().is_some()) =>
                {
                    self.claims.claim(self.view.grid, row, c, Claim::Label)
                }
                None => {}
            }
        }
    }

    /// The year-end report a record's label no word names is, as the first
    /// cell of its row right after the record's interim report, when its
    /// value is a text or not written yet: the report after the interim
    /// one, as a table's column after the interim report's is.
    fn report_after_interim(&self, row: u32, col: u32) -> Option<Field> {
        let record = self.walk.record.as_ref()?;
        let after_interim = match &record.interim {
            Slot::Present(Some(v)) => v.cell.row + 1 == row,
            _ => false,
        };
        let first = (0..col).all(|c| self.view.grid.get(row, c).is_empty());
        let (vr, vc) = right_of(self.view.grid, row, col)?;
        let value = self.view.grid.get(vr, vc);
        let textual =
            value.is_empty() || matches!(value, CellValue::Text(_)) && !is_number_cell(value);
        (after_interim && first && matches!(record.year_end, Slot::Absent) && textual)
            .then_some(Field::YearEnd)
    }

    /// A report label of an open record with an empty cell right of it:
    /// the report, not written yet (its cell is kept for the reminders).
    fn empty_report_of_record(&mut self, row: u32, col: u32, field: Field) -> bool {
        if !matches!(field, Field::Interim | Field::YearEnd) || self.walk.record.is_none() {
            return false;
        }
        let Some((vr, vc)) = right_of(self.view.grid, row, col) else {
            return false;
        };
        if !self.view.grid.get(vr, vc).is_empty() || self.view.grid.origin(vr, vc).0 != row {
            return false;
        }
        let v = self.view.val(vr, vc);
        if let Some(record) = self.walk.record.as_mut() {
            let slot = Slot::Present(Some(v));
            match field {
                Field::Interim => record.interim = slot,
                _ => record.year_end = slot,
            }
        }
        true
    }

    /// The values right of a 特記事項 / 備考 label, each a note of the goal
    /// (of the next goal when none is open).
    pub(super) fn notes_after(&mut self, row: u32, col: u32) {
        let header = header_text(self.view.grid.text(row, col).unwrap_or_default());
        let mut c = self
            .view
            .grid
            .merge_at(row, col)
            .map_or(col, |m| m.last_col)
            + 1;
        while c < self.view.grid.cols() {
            let last = self.view.grid.merge_at(row, c).map_or(c, |m| m.last_col);
            if self.view.grid.origin(row, c) == (row, c)
                && let Some(text) = self.view.grid.text(row, c)
            {
                let extra = ExtraField {
                    header: header.as_str().into(),
                    text: text.into(),
                    cell: self.view.cell(row, c),
                };
                self.claims.claim(self.view.grid, row, c, Claim::Goal);
                match self.walk.goal.current_goal() {
                    Some(g) => self.out.goals[g].goal.extras.push(extra),
                    None => self.walk.goal.pending.extras.push(extra),
                }
            }
            c = last + 1;
        }
    }

    /// Takes the box at `at` as the value of the label at `(row, col)`
    /// (経過（10月） over the box its text is written in).
    fn value_in_box(&mut self, field: Field, row: u32, col: u32, at: (u32, u32)) {
        let label = self.view.row_label(row, col, None);
        let v = self.view.val(at.0, at.1);
        self.block_field(field, label, v, None);
    }

    /// Takes a labelled value outside tables: it opens a goal or an item,
    /// or fills a field of the open record or goal (of the next goal when
    /// none is open); its cell is claimed.
    pub(super) fn block_field(
        &mut self,
        field: Field,
        label: RowLabel,
        v: Val,
        number: Option<Val>,
    ) {
        self.out.note_layout(LayoutKind::Blocks);
        if let Some(claim) = self.block_claim(field) {
            self.claims.claim_ref(self.view.grid, &v.cell, claim);
            if let Some(n) = &number {
                self.claims.claim_ref(self.view.grid, &n.cell, claim);
            }
        }
        match field {
            Field::Goal => {
                self.flush_record();
                let mut goal = empty_goal(v.cell.clone());
                goal.title = v
                    .text()
                    .map(|t| first_line(&t).to_string())
                    .unwrap_or_default();
                goal.number = number.and_then(|n| n.text());
                let g = self.push_goal(goal);
                self.walk.goal.set_current_goal(Some(g));
            }
            Field::Department => self.block_department(label, v),
            Field::Priority => match self.open_goal() {
                Some(g) => self.out.goals[g].goal.priority = v.text(),
                None => self.walk.goal.pending.priority = v.text(),
            },
            Field::FiscalYear => {}
            Field::Current | Field::Purpose | Field::Detail => self.block_note(field, label, v),
            Field::Item | Field::Number => self.block_item(field, v, number),
            Field::Target => match self.walk.record.as_mut() {
                Some(rec) => rec.target = Some(v),
                None => {
                    if let (Some(g), Some(t)) = (self.walk.goal.current_goal(), v.text()) {
                        self.out.goals[g].goal.targets.push(t);
                    }
                }
            },
            _ => self.record_field(field, label, v),
        }
    }

    /// How a labelled value's cell is claimed outside tables: as a goal's,
    /// an item's, or not at all.
    fn block_claim(&self, field: Field) -> Option<Claim> {
        let has_record = self.walk.record.is_some();
        match field {
            Field::Goal | Field::Department | Field::Priority | Field::FiscalYear => {
                Some(Claim::Goal)
            }
            Field::Item | Field::Number => Some(Claim::Item),
            Field::Current | Field::Purpose | Field::Detail | Field::Target if !has_record => {
                (field != Field::Target || self.walk.goal.current_goal().is_some())
                    .then_some(Claim::Goal)
            }
            _ => has_record.then_some(Claim::Item),
        }
    }

    /// A department's value: the sheet's (the first one met) and the open
    /// goal's (the next goal's when none is open).
    fn block_department(&mut self, label: RowLabel, v: Val) {
        let Some(name) = v.text() else { return };
        let label = label.cell;
        if self.out.department.is_none() {
            self.out.department = Some((name.clone(), label.clone()));
        }
        match self.open_goal() {
            Some(g) => self.out.goals[g].department = Some((name, label)),
            None => self.walk.goal.pending.department = Some((name, label)),
        }
    }

    /// 現状 / 目的 / 取組内容: the open record's text (取組内容) or an
    /// extra field of the record or goal.
    fn block_note(&mut self, field: Field, label: RowLabel, v: Val) {
        let Some(text) = v.text() else { return };
        let header = label.text;
        if field == Field::Detail
            && let Some(rec) = self.walk.record.as_mut()
        {
            rec.detail = Some(v);
            return;
        }
        let extra = ExtraField {
            header: header.into(),
            text: text.into(),
            cell: v.cell,
        };
        if let Some(rec) = self.walk.record.as_mut() {
            rec.extras.push(extra);
        } else {
            match self.open_goal() {
                Some(g) => self.out.goals[g].goal.extras.push(extra),
                None => self.walk.goal.pending.extras.push(extra),
            }
        }
    }

    /// An item's title or number: the open record's, or the first of the
    /// next record when the open one has it already.
    fn block_item(&mut self, field: Field, v: Val, number: Option<Val>) {
        let starts_new = match &self.walk.record {
            Some(rec) => rec.item.is_some() || (field == Field::Number && rec.number.is_some()),
            None => true,
        };
        if starts_new {
            self.flush_record();
            // Column labels (年度計画達成度) stay until relabelled.
            self.walk.record = Some(ItemParts::default());
            self.walk.record_rows_open = true;
        }
        if let Some(rec) = self.walk.record.as_mut() {
            if field == Field::Item {
                rec.item = Some(v);
                if number.is_some() {
                    rec.number = number;
                }
            } else {
                rec.number = Some(v);
            }
        }
    }

    /// A deadline, report, achievement, self-assessment, reason or owner:
    /// a field of the open record (none open: not kept).
    fn record_field(&mut self, field: Field, label: RowLabel, v: Val) {
        let Some(rec) = self.walk.record.as_mut() else {
            // A division named outside any record (課名 | 警防課 above the
            // tables) owns the sheet's items that name none.
            if field == Field::Owner
                && self.out.owner.is_none()
                && let Some(name) = v.text()
            {
                self.claims.claim_ref(self.view.grid, &v.cell, Claim::Goal);
                self.out.owner = Some((name, v.cell));
            }
            return;
        };
        match field {
            Field::Deadline => rec.deadline = Slot::Present(Some(v)),
            Field::Interim => rec.interim = Slot::Present(Some(v)),
            Field::YearEnd => rec.year_end = Slot::Present(Some(v)),
            Field::Achievement => rec.achievement = Some(v),
            Field::SelfAssessment => rec.self_assessment = Slot::Present(Some(v)),
            Field::Reason => {
                rec.reason = Some(v);
                rec.reason_header = label.text;
            }
            Field::Owner => rec.owner = Some(v),
            _ => {}
        }
    }

    /// A numbered heading (`1 健全な財政基盤の確立`, `(1) 歳出の抑制`, or a
    /// number cell followed by one text cell) opens a goal. Whether the row
    /// was one.
    pub(super) fn heading_row(&mut self, row: u32, plain: &[u32]) -> bool {
        let (number, title, cell) = match plain {
            [only] => {
                let Some(text) = self.view.grid.text(row, *only) else {
                    return false;
                };
                let Some((number, rest)) = leading_number(text) else {
                    return false;
                };
                if rest.is_empty() {
                    return false;
                }
                (
                    number.to_string(),
                    first_line(rest).to_string(),
                    self.view.cell(row, *only),
                )
            }
            [n, t] if is_number_cell(self.view.grid.get(row, *n)) => {
                let Some(text) = self.view.grid.text(row, *t) else {
                    return false;
                };
                let number = cell_text(self.view.grid.get(row, *n))
                    .map(|s| s.into_owned())
                    .unwrap_or_default();
                (
                    number,
                    first_line(text).to_string(),
                    self.view.cell(row, *t),
                )
            }
            _ => return false,
        };
        if !self.view.context.recognisers.blocks {
            return false;
        }
        self.flush_record();
        for &c in plain {
            self.claims.claim(self.view.grid, row, c, Claim::Label);
        }
        let mut goal = empty_goal(cell);
        goal.number = Some(number);
        goal.title = title;
        let g = self.push_goal(goal);
        self.out.goals[g].from_heading = true;
        self.walk.goal.set_current_goal(Some(g));
        true
    }
}

impl SheetView<'_> {
    /// The empty cell right of a label on its own row, where its value
    /// would be written: its column and last merged column.
    fn empty_cell_after(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        let (vr, vc) = right_of(self.grid, row, col)?;
        let (or, oc) = self.grid.origin(vr, vc);
        if or != row || !self.grid.get(vr, vc).is_empty() {
            return None;
        }
        let last = self.grid.merge_at(vr, vc).map_or(vc, |m| m.last_col);
        Some((oc, last))
    }

    /// The report a label no word names is by the part of the year it
    /// names (後半のまとめ, 9月末) or the month or season it is written in
    /// (経過（10月）, 秋口の状況: the last milestone passed by then).
    fn report_named(&self, text: &str) -> Option<Field> {
        match self.kind_period(text) {
            Some(ReportPeriod::Interim) => Some(Field::Interim),
            Some(ReportPeriod::YearEnd) => Some(Field::YearEnd),
            None => {
                let word = normalize_word(text);
                let month = month_named(&word).or_else(|| season_month(&word))?;
                self.opts().milestones.as_of_month(month)
            }
        }
    }

    /// The field of a record a label no word starts names by the word it
    /// ends with (取組期限 → 期限), weighed as header words are.
    fn ending_field(&self, text: &str) -> Option<Field> {
        self.dict()
            .label_evidence(&normalize_label(text))
            .into_iter()
            .filter(|&(f, w)| is_column_field(f) && w >= 0.6)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(f, _)| f)
    }

    /// The goal a label outside any record names by the word it ends with
    /// (`課の目標`, `部の方針`), when its value reads as a goal: a phrase
    /// stating no figure (a figure would be a target's).
    fn goal_ending(&self, row: u32, col: u32, text: &str) -> Option<Field> {
        let names_goal = self
            .dict()
            .label_evidence(&normalize_label(text))
            .iter()
            .any(|&(f, w)| f == Field::Goal && w >= 0.4);
        let (vc, _) = self.value_after(row, col)?;
        let value = self.grid.text(row, vc)?;
        let figure = value
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        (names_goal && !figure).then_some(Field::Goal)
    }

    /// The box a form leaves under a label alone on its row for the
    /// label's value (経過（10月） over a merged A10:F12): merged cells
    /// starting in the label's column on the next row, no label, filled or
    /// not.
    fn box_below(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        let last_col = self.grid.merge_at(row, col).map_or(col, |m| m.last_col);
        let alone = (0..self.grid.cols())
            .filter(|c| !(col..=last_col).contains(c))
            .all(|c| self.grid.get(row, c).is_empty());
        if !alone {
            return None;
        }
        let (below, at) =
            box_under(self.grid, row, col).or_else(|| self.unmerged_box_under(row, col))?;
        self.label(below, at).is_none().then_some((below, at))
    }

    /// A box drawn under a label alone on its row without merging its
    /// cells (only borders, which the grid does not hold): the next row
    /// holds nothing but a text under the label (not another caption), or,
    /// under a caption opening with a mark (`■秋口の状況`), nothing at all,
    /// nor does the row after it. A label with a merged cell right of it
    /// has its value's place there.
    fn unmerged_box_under(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        /// How far above a label the labels of its form are looked at.
        const LABELS_ABOVE: u32 = 8;
        let below = self
            .grid
            .merge_at(row, col)
            .map_or(row, |m| m.last_row)
            .checked_add(1)?;
        // A merged cell right of the label, empty, is the value's place.
        let slot_right = right_of(self.grid, row, col)
            .is_some_and(|(vr, vc)| self.grid.merge_at(vr, vc).is_some());
        let only_under = (0..self.grid.cols())
            .filter(|&c| c != col)
            .all(|c| self.grid.get(below, c).is_empty());
        if slot_right || !only_under {
            return None;
        }
        // Labels above in the same column with their values right of them:
        // the form writes a value beside its label, and a heading under
        // this one, no value, is the next label (`手ごたえ` under
        // `下期の経過`).
        let beside_above = (row.saturating_sub(LABELS_ABOVE)..row)
            .any(|r| self.label(r, col).is_some() && self.value_after(r, col).is_some());
        let next_label = self.grid.text(below, col).is_some_and(|t| {
            is_heading_text(t) && !self.context.text_counts.is_value(t, self.dict())
        });
        if beside_above && next_label {
            return None;
        }
        let caption = |r: u32| {
            self.grid
                .text(r, col)
                .and_then(|t| t.trim_start().chars().next())
                .is_some_and(|c| {
                    is_decoration(c) || matches!(c, '【' | '〈' | '《' | '＜' | '<' | '［' | '[')
                })
        };
        let written = matches!(self.grid.get(below, col), CellValue::Text(_)) && !caption(below);
        let open = self.grid.row_is_empty(below) && self.grid.row_is_empty(below + 1);
        (written || (caption(row) && open)).then_some((below, col))
    }

    /// The value cell right of a label: its column and last merged column.
    pub(super) fn value_after(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        let (vr, vc) = right_of(self.grid, row, col)?;
        let (or, oc) = self.grid.origin(vr, vc);
        if or != row
            && self
                .grid
                .merge_at(vr, vc)
                .is_some_and(|m| m.first_row != row)
        {
            // A value merged down from an earlier row is not this row's.
            if self.grid.get(vr, vc).is_empty() {
                return None;
            }
        }
        if self.grid.get(vr, vc).is_empty() || self.label(vr, vc).is_some() {
            return None;
        }
        let last = self.grid.merge_at(vr, vc).map_or(vc, |m| m.last_col);
        Some((oc, last))
    }

    /// The label at `(row, col)`: its cell and text (for `所属：総務部`,
    /// the text before the colon at `offset`).
    fn row_label(&self, row: u32, col: u32, offset: Option<usize>) -> RowLabel {
        let text = self.grid.text(row, col).unwrap_or_default();
        let text = match offset {
            Some(offset) => text
                .get(..offset)
                .unwrap_or_default()
                .trim_end_matches([':', '：']),
            None => text,
        };
        RowLabel {
            cell: self.cell(row, col),
            text: header_text(text),
        }
    }
}

/// What a row outside tables holds, gathered cell by cell.
#[derive(Default)]
struct RowScan {
    /// Whether a dictionary word labels a cell of the row.
    labelled: bool,
    /// The fiscal year and kind of a year row (R5年度計画).
    year_row: Option<(FiscalYear, YearRowKind)>,
    /// The cells no label names, for headings and unknown labels.
    plain: Vec<u32>,
}

/// Where reading a row goes on after a cell.
enum NextCell {
    /// At this column.
    At(u32),
    /// Right of the cell (and its merged columns).
    AfterCell,
    /// Nowhere: the rest of the row is taken.
    EndOfRow,
}

/// A label of a row: its cell and its text on one line.
pub(super) struct RowLabel {
    cell: crate::model::CellRef,
    text: String,
}

pub(super) fn is_column_field(field: Field) -> bool {
    matches!(
        field,
        Field::Achievement
            | Field::Interim
            | Field::YearEnd
            | Field::SelfAssessment
            | Field::Deadline
            | Field::Target
            | Field::Owner
    )
}

/// The value of a label written in its cell, up to the next label written
/// after a space in the same cell (`税務課　　課長：佐々木　作成：令和8年4月`
/// → `税務課`): a short word without digits before a colon.
fn first_inline_value(value: &str) -> &str {
    let value = value.trim();
    let mut words = value.match_indices(char::is_whitespace);
    let end = words
        .find(|&(at, space)| {
            let next = value[at + space.len()..].trim_start();
            next.find(['：', ':']).is_some_and(|colon| {
                let label = &next[..colon];
                (1..=8).contains(&label.chars().count())
                    && !label
                        .chars()
                        .any(|c| c.is_ascii_digit() || c.is_whitespace())
            })
        })
        .map_or(value.len(), |(at, _)| at);
    value[..end].trim_end()
}

#[cfg(test)]
mod inline_value_tests {
    use super::first_inline_value;

    #[rstest::rstest]
    #[case("税務課　　課長：佐々木 健一　　作成：令和8年4月17日", "税務課")]
    #[case("総務部 行政経営課", "総務部 行政経営課")]
    #[case(" 水道局（総務課とりまとめ） ", "水道局（総務課とりまとめ）")]
    #[case("会議 10:30 から", "会議 10:30 から")]
    #[case("企画係 記入者:山田", "企画係")]
    fn an_inline_value_ends_before_the_next_label(#[case] value: &str, #[case] read: &str) {
        assert_eq!(first_inline_value(value), read);
    }
}
