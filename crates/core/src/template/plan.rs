//! The pure part of the generator: a department's goals for a fiscal year
//! plus a [`LayoutSpec`] → a [`WorkbookPlan`], every cell with its value,
//! style, merge, lock, validation and note, row heights estimated from the
//! text. No file is touched; [`super::write`] turns the plan into .xlsx.

use std::collections::{BTreeMap, BTreeSet};

use super::spec::{
    GradeScales, HAlign, LayoutSpec, Orientation, Over, Paper, PartSpec, Per, Scale,
    SheetNameError, SpecError, StyleError, StyleSpec, VAlign, parse_range,
};
use crate::calendar::FiscalYear;
use crate::calendar::era::Era;
use crate::model::{ActionItem, CellRef, Goal, ItemCells, ItemTexts, Report};

/// What a workbook is generated from.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateModel {
    pub department: String,
    pub fiscal_year: FiscalYear,
    pub goals: Vec<Goal>,
}

/// The sheet holding lists too long for an inline drop-down.
pub(crate) const LIST_SHEET: &str = "選択肢";

pub use crate::cell_text::{MAX_ROW_HEIGHT, estimate_lines, lines_height};

/// Every sheet of the workbook to write, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkbookPlan {
    pub sheets: Vec<SheetPlan>,
    /// The model fields the layout holds (`goal.title`, `item.deadline` …):
    /// what a parse of the workbook can give back.
    pub fields: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetPlan {
    pub name: String,
    pub hidden: bool,
    /// Widths of columns A, B, … in character units.
    pub column_widths: Vec<f64>,
    /// Heights in points, by 0-based row.
    pub row_heights: BTreeMap<u32, f64>,
    pub cells: Vec<CellPlan>,
    pub paper: Paper,
    pub orientation: Orientation,
    pub fit_to_width: bool,
    /// `Some(password)` when protected; the password may be empty.
    pub protection: Option<Option<String>>,
    /// Last used row and column (0-based), for the print area.
    pub last_row: u32,
    pub last_col: u16,
    /// Rows where a repeated block (a goal's or an item's, after the first
    /// of its kind) begins: where a page may break without splitting one.
    pub block_starts: Vec<u32>,
    /// Rows that begin a new page (manual page breaks): see
    /// [`plan_page_breaks`].
    pub page_breaks: Vec<u32>,
}

/// One cell or merged range.
#[derive(Debug, Clone, PartialEq)]
pub struct CellPlan {
    pub row: u32,
    pub col: u16,
    pub last_row: u32,
    pub last_col: u16,
    pub value: PlannedValue,
    pub style: CellStyle,
    pub validation: Option<Validation>,
    pub note: Option<InputNote>,
}

impl CellPlan {
    pub fn is_merged(&self) -> bool {
        self.row != self.last_row || self.col != self.last_col
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PlannedValue {
    Blank,
    Text(String),
    Number(f64),
}

/// A style resolved for one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellStyle {
    pub font: String,
    pub size: f64,
    pub bold: bool,
    pub fill: Option<u32>,
    pub border: bool,
    pub align: HAlign,
    pub valign: VAlign,
    pub wrap: bool,
    pub number_format: Option<String>,
    /// Locked cells cannot be edited once the sheet is protected.
    pub locked: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Validation {
    /// An inline list (joined, at most 255 characters).
    List(Vec<String>),
    /// A list read from a range of the hidden [`LIST_SHEET`] (0-based rows).
    ListRange {
        sheet: String,
        col: u16,
        first_row: u32,
        last_row: u32,
    },
    /// A number between the two (a rate: 1.0 = 100 %).
    Decimal { min: f64, max: f64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputNote {
    pub title: String,
    pub message: String,
}

/// An action item with only the fields a person writes.
pub fn new_item(number: Option<String>, text: &str) -> ActionItem {
    ActionItem {
        texts: ItemTexts::new(
            number.as_deref(),
            text.lines().next().unwrap_or(""),
            text,
            None,
            None,
            None,
        ),
        deadlines: Vec::new(),
        interim: Report::Empty,
        year_end: Report::Empty,
        achievement: None,
        owners: Vec::new(),
        cell: CellRef::new("", 0, 0),
        cells: ItemCells::default(),
        extras: Vec::new(),
    }
}

/// A goal with only the fields a person writes.
pub fn new_goal(number: Option<String>, title: &str, items: Vec<ActionItem>) -> Goal {
    Goal {
        number,
        title: title.to_string(),
        priority: None,
        targets: Vec::new(),
        plan_positions: Vec::new(),
        items,
        cell: None,
        extras: Vec::new(),
    }
}

/// `①` … `⑳`, then `(21)`.
pub fn item_mark(index: usize) -> String {
    match u32::try_from(index) {
        Ok(i @ 1..=20) => char::from_u32(0x2460 + i - 1)
            .map(String::from)
            .unwrap_or_else(|| format!("({i})")),
        _ => format!("({index})"),
    }
}

/// `goals` goals numbered 1, 2, … each with `items` blank items ①, ②, ….
pub fn blank_goals(goals: usize, items: usize) -> Vec<Goal> {
    (1..=goals)
        .map(|g| {
            let mut goal = new_goal(
                Some(g.to_string()),
                "",
                (1..=items)
                    .map(|i| new_item(Some(item_mark(i)), ""))
                    .collect(),
            );
            goal.priority = Some(format!("{g}位"));
            goal
        })
        .collect()
}

/// The file name `spec` gives the workbook of `model`, with characters
/// that cannot appear in file names replaced by `_`.
pub fn file_name(model: &TemplateModel, spec: &LayoutSpec) -> String {
    let fy = model.fiscal_year;
    let name = spec
        .file_name
        .replace("{nendo}", &fy.japanese())
        .replace("{fy}", &fy.0.to_string())
        .replace("{department}", &model.department);
    name.chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

struct Ctx<'m> {
    model: &'m TemplateModel,
    goal: Option<(usize, &'m Goal)>,
    item: Option<(usize, &'m ActionItem)>,
}

struct Builder<'s> {
    spec: &'s LayoutSpec,
    grades: &'s GradeScales,
    origin: String,
    fields: BTreeSet<String>,
    /// Scales written to the list sheet: name → (column, count).
    listed: BTreeMap<String, (u16, usize)>,
    list_columns: Vec<(String, Scale)>,
}

/// Lays out `model` in `spec`. Fails only on a faulty spec (an unknown
/// field, style, scale or placeholder, a bad range, an invalid or repeated
/// sheet name, a note over Excel's limits).
pub fn plan_workbook(
    model: &TemplateModel,
    spec: &LayoutSpec,
    grades: &GradeScales,
) -> Result<WorkbookPlan, SpecError> {
    let mut builder = Builder {
        spec,
        grades,
        origin: spec.name.clone(),
        fields: BTreeSet::new(),
        listed: BTreeMap::new(),
        list_columns: Vec::new(),
    };
    let mut sheets = Vec::new();
    for sheet in &spec.sheets {
        match sheet.per {
            Per::Workbook => {
                let ctx = Ctx {
                    model,
                    goal: None,
                    item: None,
                };
                sheets.push(builder.sheet(sheet, &ctx)?);
            }
            Per::Goal => {
                for (i, goal) in model.goals.iter().enumerate() {
                    let ctx = Ctx {
                        model,
                        goal: Some((i + 1, goal)),
                        item: None,
                    };
                    sheets.push(builder.sheet(sheet, &ctx)?);
                }
            }
        }
    }
    if !builder.list_columns.is_empty() {
        sheets.push(builder.list_sheet());
    }
    let mut names = BTreeSet::new();
    for sheet in &sheets {
        if !names.insert(sheet.name.to_lowercase()) {
            return Err(builder.invalid(format!("sheet name {} used twice", sheet.name)));
        }
    }
    Ok(WorkbookPlan {
        sheets,
        fields: builder.fields,
    })
}

impl Builder<'_> {
    fn invalid(&self, message: String) -> SpecError {
        SpecError::Invalid {
            origin: self.origin.clone(),
            message,
        }
    }

    fn sheet(
        &mut self,
        spec: &super::spec::SheetSpec,
        ctx: &Ctx<'_>,
    ) -> Result<SheetPlan, SpecError> {
        let name = self.expand(&spec.name, ctx)?;
        check_sheet_name(&name).map_err(|source| SpecError::SheetName {
            origin: self.origin.clone(),
            sheet: name.clone(),
            source,
        })?;
        let mut plan = SheetPlan {
            name,
            hidden: false,
            column_widths: spec.columns.clone(),
            row_heights: BTreeMap::new(),
            cells: Vec::new(),
            paper: spec.paper,
            orientation: spec.orientation,
            fit_to_width: spec.fit_to_width,
            protection: spec.protect.then(|| spec.password.clone()),
            last_row: 0,
            last_col: 0,
            block_starts: Vec::new(),
            page_breaks: Vec::new(),
        };
        let mut row = 0;
        self.parts(&spec.parts, ctx, &mut row, &mut plan)?;
        estimate_row_heights(&mut plan);
        plan.last_row = plan.cells.iter().map(|c| c.last_row).max().unwrap_or(0);
        plan.last_col = plan
            .cells
            .iter()
            .map(|c| c.last_col)
            .max()
            .unwrap_or(0)
            .max(u16::try_from(spec.columns.len().saturating_sub(1)).unwrap_or(0));
        plan.page_breaks = plan_page_breaks(&plan);
        Ok(plan)
    }

    fn parts(
        &mut self,
        parts: &[PartSpec],
        ctx: &Ctx<'_>,
        row: &mut u32,
        plan: &mut SheetPlan,
    ) -> Result<(), SpecError> {
        for part in parts {
            match part.repeat {
                None => {
                    self.fixed(part, ctx, *row, plan)?;
                    *row += part.rows;
                }
                Some(Over::Goals) => {
                    for (i, goal) in ctx.model.goals.iter().enumerate() {
                        if i > 0 {
                            plan.block_starts.push(*row);
                        }
                        let inner = Ctx {
                            model: ctx.model,
                            goal: Some((i + 1, goal)),
                            item: None,
                        };
                        self.parts(&part.parts, &inner, row, plan)?;
                        *row += part.gap;
                    }
                }
                Some(Over::Items) => {
                    let Some((gi, goal)) = ctx.goal else {
                        return Err(self.invalid(
                            "a part repeated over items must lie inside a goal (a sheet per goal, or a part repeated over goals)".into(),
                        ));
                    };
                    for (i, item) in goal.items.iter().enumerate() {
                        if i > 0 {
                            plan.block_starts.push(*row);
                        }
                        let inner = Ctx {
                            model: ctx.model,
                            goal: Some((gi, goal)),
                            item: Some((i + 1, item)),
                        };
                        self.parts(&part.parts, &inner, row, plan)?;
                        *row += part.gap;
                    }
                }
            }
        }
        Ok(())
    }

    fn fixed(
        &mut self,
        part: &PartSpec,
        ctx: &Ctx<'_>,
        top: u32,
        plan: &mut SheetPlan,
    ) -> Result<(), SpecError> {
        for (i, h) in part.heights.iter().enumerate() {
            if *h > 0.0 {
                plan.row_heights
                    .insert(top + i as u32, h.min(MAX_ROW_HEIGHT));
            }
        }
        for cell in &part.cells {
            let ((r0, c0), (r1, c1)) = parse_range(&cell.at)
                .ok_or_else(|| self.invalid(format!("not a cell or range: {}", cell.at)))?;
            if r1 >= part.rows {
                return Err(self.invalid(format!(
                    "{} lies below the part's {} row(s)",
                    cell.at, part.rows
                )));
            }
            let value = match (&cell.field, &cell.text) {
                (Some(field), _) => {
                    self.fields.insert(field_key(field));
                    self.field(field, ctx)?
                }
                (None, Some(text)) => PlannedValue::Text(self.expand(text, ctx)?),
                (None, None) => PlannedValue::Blank,
            };
            let value = match value {
                PlannedValue::Text(t) if t.is_empty() => PlannedValue::Blank,
                v => v,
            };
            let input = cell.input.unwrap_or(cell.field.is_some());
            let style_spec = match &cell.style {
                Some(name) => self
                    .spec
                    .styles
                    .get(name)
                    .cloned()
                    .ok_or_else(|| self.invalid(format!("unknown style {name}")))?,
                None => StyleSpec::default(),
            };
            let is_rate = cell.field.as_deref() == Some("item.achievement");
            let mut style =
                resolve_style(&self.spec.font, &style_spec, !input).map_err(|source| {
                    SpecError::Style {
                        origin: self.origin.clone(),
                        cell: cell.at.clone(),
                        source,
                    }
                })?;
            if is_rate && style.number_format.is_none() {
                style.number_format = Some("0%".into());
            }
            let validation = match &cell.scale {
                Some(scale) => Some(self.list(scale)?),
                None if is_rate => Some(Validation::Decimal {
                    min: 0.0,
                    max: 10.0,
                }),
                None => None,
            };
            let note = match (&cell.message, &cell.message_title) {
                (None, None) => None,
                (message, title) => {
                    let message = self.expand(message.as_deref().unwrap_or_default(), ctx)?;
                    let title = self.expand(title.as_deref().unwrap_or_default(), ctx)?;
                    if message.encode_utf16().count() > 255 || title.encode_utf16().count() > 32 {
                        return Err(self.invalid(format!(
                            "{}: a note is at most 255 characters and its title 32",
                            cell.at
                        )));
                    }
                    Some(InputNote { title, message })
                }
            };
            plan.cells.push(CellPlan {
                row: top + r0,
                col: c0,
                last_row: top + r1,
                last_col: c1,
                value,
                style,
                validation,
                note,
            });
        }
        Ok(())
    }

    fn scale(&self, name: &str) -> Result<Scale, SpecError> {
        self.spec
            .scales
            .get(name)
            .or_else(|| self.grades.scales.get(name))
            .cloned()
            .ok_or_else(|| self.invalid(format!("unknown scale {name}")))
    }

    fn list(&mut self, name: &str) -> Result<Validation, SpecError> {
        let scale = self.scale(name)?;
        if scale.values.is_empty() {
            return Err(self.invalid(format!("scale {name} has no values")));
        }
        if fits_inline(&scale.values) {
            return Ok(Validation::List(scale.values));
        }
        let (col, count) = match self.listed.get(name) {
            Some(found) => *found,
            None => {
                let col = u16::try_from(self.list_columns.len()).unwrap_or(u16::MAX);
                let entry = (col, scale.values.len());
                self.listed.insert(name.to_string(), entry);
                self.list_columns.push((name.to_string(), scale));
                entry
            }
        };
        Ok(Validation::ListRange {
            sheet: LIST_SHEET.to_string(),
            col,
            first_row: 1,
            last_row: count as u32,
        })
    }

    fn list_sheet(&self) -> SheetPlan {
        let style = |bold| CellStyle {
            font: self.spec.font.clone(),
            size: 10.0,
            bold,
            fill: None,
            border: false,
            align: HAlign::Left,
            valign: VAlign::Top,
            wrap: false,
            number_format: None,
            locked: true,
        };
        let mut cells = Vec::new();
        for (col, (name, scale)) in self.list_columns.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            let header = if scale.label.is_empty() {
                name.clone()
            } else {
                scale.label.clone()
            };
            let values = std::iter::once((header, true))
                .chain(scale.values.iter().map(|v| (v.clone(), false)));
            for (row, (value, bold)) in values.enumerate() {
                cells.push(CellPlan {
                    row: row as u32,
                    col,
                    last_row: row as u32,
                    last_col: col,
                    value: PlannedValue::Text(value),
                    style: style(bold),
                    validation: None,
                    note: None,
                });
            }
        }
        SheetPlan {
            name: LIST_SHEET.to_string(),
            hidden: true,
            column_widths: vec![40.0; self.list_columns.len()],
            row_heights: BTreeMap::new(),
            last_row: cells.iter().map(|c| c.row).max().unwrap_or(0),
            last_col: cells.iter().map(|c| c.col).max().unwrap_or(0),
            cells,
            paper: Paper::A4,
            orientation: Orientation::Portrait,
            fit_to_width: true,
            protection: Some(None),
            block_starts: Vec::new(),
            page_breaks: Vec::new(),
        }
    }

    fn field(&self, field: &str, ctx: &Ctx<'_>) -> Result<PlannedValue, SpecError> {
        let text = |s: &str| PlannedValue::Text(s.to_string());
        let opt = |s: Option<&str>| s.map(text).unwrap_or(PlannedValue::Blank);
        let report = |r: &Report| r.text().map(text).unwrap_or(PlannedValue::Blank);
        if field == "department" {
            return Ok(text(&ctx.model.department));
        }
        if let Some(rest) = field.strip_prefix("goal.") {
            let Some((_, goal)) = ctx.goal else {
                return Err(self.invalid(format!("{field} outside a goal")));
            };
            return match rest {
                "number" => Ok(opt(goal.number.as_deref())),
                "title" => Ok(text(&goal.title)),
                "priority" => Ok(opt(goal.priority.as_deref())),
                "heading" => Ok(text(&match &goal.number {
                    Some(n) if !n.is_empty() => format!("{n} {}", goal.title),
                    _ => goal.title.clone(),
                })),
                "targets" => Ok(text(&goal.targets.join("\n"))),
                _ => match rest.strip_prefix("position:") {
                    Some(label) => Ok(position(goal, label)
                        .map(text)
                        .unwrap_or(PlannedValue::Blank)),
                    None => Err(self.invalid(format!("unknown field {field}"))),
                },
            };
        }
        if let Some(rest) = field.strip_prefix("item.") {
            let Some((_, item)) = ctx.item else {
                return Err(self.invalid(format!("{field} outside an item")));
            };
            return match rest {
                "number" => Ok(opt(item.number())),
                "title" => Ok(text(item.title())),
                "text" => Ok(text(item.text())),
                "deadline" => Ok(opt(item.deadline_text())),
                "target" => Ok(opt(item.target())),
                "interim" => Ok(report(&item.interim)),
                "year_end" => Ok(report(&item.year_end)),
                "achievement" => Ok(item
                    .achievement
                    .map(PlannedValue::Number)
                    .unwrap_or(PlannedValue::Blank)),
                "self_assessment" => Ok(opt(item.self_assessment())),
                "owners" => Ok(text(&item.owners.join("、"))),
                _ => Err(self.invalid(format!("unknown field {field}"))),
            };
        }
        Err(self.invalid(format!("unknown field {field}")))
    }

    /// Replaces `{placeholder}`s; `{{` and `}}` are literal braces.
    fn expand(&self, template: &str, ctx: &Ctx<'_>) -> Result<String, SpecError> {
        let mut out = String::new();
        let mut rest = template;
        while let Some(pos) = rest.find(['{', '}']) {
            out.push_str(&rest[..pos]);
            let tail = &rest[pos..];
            if let Some(after) = tail.strip_prefix("{{") {
                out.push('{');
                rest = after;
            } else if let Some(after) = tail.strip_prefix("}}") {
                out.push('}');
                rest = after;
            } else if let Some(after) = tail.strip_prefix('{') {
                let Some(end) = after.find('}') else {
                    return Err(self.invalid(format!("unclosed {{ in {template}")));
                };
                let name = &after[..end];
                out.push_str(&self.placeholder(name, ctx)?);
                rest = &after[end + 1..];
            } else {
                return Err(self.invalid(format!("lone }} in {template}")));
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    fn placeholder(&self, name: &str, ctx: &Ctx<'_>) -> Result<String, SpecError> {
        let fy = ctx.model.fiscal_year;
        let value = match name {
            "nendo" => fy.japanese(),
            "nendo_prev" => fy.previous().japanese(),
            "nendo_next" => fy.next().japanese(),
            "fy" => fy.0.to_string(),
            "era" => era_short(fy),
            "era_prev" => era_short(fy.previous()),
            "era_next" => era_short(fy.next()),
            "department" => ctx.model.department.clone(),
            "goal_index" => match ctx.goal {
                Some((i, _)) => i.to_string(),
                None => return Err(self.invalid("{goal_index} outside a goal".into())),
            },
            "item_index" => match ctx.item {
                Some((i, _)) => i.to_string(),
                None => return Err(self.invalid("{item_index} outside an item".into())),
            },
            "item_mark" => match ctx.item {
                Some((i, _)) => item_mark(i),
                None => return Err(self.invalid("{item_mark} outside an item".into())),
            },
            _ => return Err(self.invalid(format!("unknown placeholder {{{name}}}"))),
        };
        Ok(value)
    }
}

/// `goal.position:総合計画における位置付け` → `goal.position`.
fn field_key(field: &str) -> String {
    field.to_string()
}

/// The text of a goal's plan position with that label: an exact match,
/// else one whose label ends with, or contains, the other.
pub fn position<'g>(goal: &'g Goal, label: &str) -> Option<&'g str> {
    let exact = goal.plan_positions.iter().find(|p| p.label == label);
    exact
        .or_else(|| {
            goal.plan_positions
                .iter()
                .find(|p| p.label.contains(label) || label.contains(p.label.as_str()))
        })
        .map(|p| p.text.as_str())
}

/// `R8` for 令和8年度 (the era letter and year at the fiscal year's start).
pub(crate) fn era_short(fy: FiscalYear) -> String {
    match fy.start().and_then(Era::at) {
        Some((era, year)) => format!("{}{year}", era.letter()),
        None => fy.0.to_string(),
    }
}

fn fits_inline(values: &[String]) -> bool {
    let joined: usize = values.iter().map(|v| v.encode_utf16().count() + 1).sum();
    joined <= 256 && !values.iter().any(|v| v.contains(',') || v.contains('"'))
}

fn resolve_style(font: &str, spec: &StyleSpec, locked: bool) -> Result<CellStyle, StyleError> {
    let fill = match &spec.fill {
        Some(hex) => {
            let hex = hex.trim_start_matches('#');
            let not_rgb = || StyleError::Fill {
                hex: hex.to_string(),
            };
            if hex.len() != 6 {
                return Err(not_rgb());
            }
            Some(u32::from_str_radix(hex, 16).map_err(|_| not_rgb())?)
        }
        None => None,
    };
    if !(1.0..=409.0).contains(&spec.size) {
        return Err(StyleError::FontSize { size: spec.size });
    }
    Ok(CellStyle {
        font: font.to_string(),
        size: spec.size,
        bold: spec.bold,
        fill,
        border: spec.border,
        align: spec.align,
        valign: spec.valign,
        wrap: spec.wrap,
        number_format: spec.number_format.clone(),
        locked,
    })
}

/// Excel's rules: 1–31 characters, none of `[]:*?/\`, not starting or
/// ending with `'`, not `History`.
pub(crate) fn check_sheet_name(name: &str) -> Result<(), SheetNameError> {
    let len = name.chars().count();
    if len == 0 || len > 31 {
        return Err(SheetNameError::Length);
    }
    if name.contains(['[', ']', ':', '*', '?', '/', '\\']) {
        return Err(SheetNameError::Character);
    }
    if name.starts_with('\'') || name.ends_with('\'') || name.eq_ignore_ascii_case("history") {
        return Err(SheetNameError::Reserved);
    }
    Ok(())
}

/// Raises each row to the height its wrapped text needs (single-row cells
/// only; merged blocks over several rows keep the spec's heights).
fn estimate_row_heights(plan: &mut SheetPlan) {
    let width_of = |col: u16| {
        plan.column_widths
            .get(usize::from(col))
            .copied()
            .unwrap_or(8.43)
    };
    let mut needed: BTreeMap<u32, f64> = BTreeMap::new();
    for cell in &plan.cells {
        if cell.row != cell.last_row || !cell.style.wrap {
            continue;
        }
        let PlannedValue::Text(text) = &cell.value else {
            continue;
        };
        let width: f64 = (cell.col..=cell.last_col).map(width_of).sum();
        let height = lines_height(
            estimate_lines(text, width, cell.style.size),
            cell.style.size,
        );
        let entry = needed.entry(cell.row).or_insert(0.0);
        *entry = entry.max(height);
    }
    for (row, height) in needed {
        let entry = plan.row_heights.entry(row).or_insert(0.0);
        if height > *entry {
            *entry = height;
        }
    }
}

/// Height in points of a row with no height of its own (a line of 10–11 pt
/// Japanese text).
const DEFAULT_ROW_HEIGHT: f64 = 18.0;

/// Page margins in inches (left, right, top, bottom), as the writer sets
/// them.
pub const MARGINS: (f64, f64, f64, f64) = (0.4, 0.4, 0.6, 0.6);

/// Width of a column `width` characters wide, in points (Excel: 7 pixels a
/// character plus 5 of padding, 0.75 point a pixel).
fn column_points(width: f64) -> f64 {
    (width * 7.0 + 5.0) * 0.75
}

/// The printable size of the sheet's paper, in points (width, height).
fn printable(plan: &SheetPlan) -> (f64, f64) {
    let (short, long) = match plan.paper {
        Paper::A4 => (595.28, 841.89),
        Paper::A3 => (841.89, 1190.55),
    };
    let (w, h) = match plan.orientation {
        Orientation::Portrait => (short, long),
        Orientation::Landscape => (long, short),
    };
    let (l, r, t, b) = MARGINS;
    (w - (l + r) * 72.0, h - (t + b) * 72.0)
}

/// Where the sheet's pages break so that no block is cut in two and a
/// heading stays with its first block: page by page, as many whole blocks
/// as fit, a break only where a block begins. The page holds what fits at
/// the scale that fits the sheet's width (estimated from the column widths;
/// a program drawing the columns wider prints smaller, so the estimate
/// errs on the side of fewer blocks a page). None when everything fits on
/// one page. Excel and LibreOffice keep manual row breaks on a sheet
/// printed one page wide.
pub(crate) fn plan_page_breaks(plan: &SheetPlan) -> Vec<u32> {
    if plan.hidden || plan.cells.is_empty() || plan.block_starts.is_empty() {
        return Vec::new();
    }
    let (page_width, page_height) = printable(plan);
    let sheet_width: f64 = plan
        .column_widths
        .iter()
        .take(usize::from(plan.last_col) + 1)
        .map(|w| column_points(*w))
        .sum();
    let scale = if plan.fit_to_width && sheet_width > page_width {
        page_width / sheet_width
    } else {
        1.0
    };
    // What one page holds, in the sheet's points, less 3% for safety.
    let capacity = page_height * 0.97 / scale;
    let height = |rows: std::ops::Range<u32>| -> f64 {
        rows.map(|r| {
            plan.row_heights
                .get(&r)
                .copied()
                .filter(|h| *h > 0.0)
                .unwrap_or(DEFAULT_ROW_HEIGHT)
        })
        .sum()
    };
    if height(0..plan.last_row + 1) <= capacity {
        return Vec::new();
    }
    let mut starts: Vec<u32> = plan
        .block_starts
        .iter()
        .copied()
        .filter(|&r| r > 0 && r <= plan.last_row)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut breaks = Vec::new();
    let mut used = 0.0;
    let mut unit_start = 0;
    for end in starts.into_iter().chain(std::iter::once(plan.last_row + 1)) {
        let unit = height(unit_start..end);
        if used > 0.0 && used + unit > capacity {
            breaks.push(unit_start);
            used = 0.0;
        }
        used += unit;
        unit_start = end;
    }
    breaks
}

#[cfg(test)]
mod tests;
