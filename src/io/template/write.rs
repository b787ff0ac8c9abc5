//! Writes a [`WorkbookPlan`] as an .xlsx file, atomically: a temporary file
//! in the target folder, synced and renamed over the target (the same
//! routine as the consolidated workbook). User text is only ever written as
//! strings, so a cell starting with `=` stays text.

use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::io::output_file::{Saved, WriteError, save_atomically};
use mokuhyo_core::template::plan::{
    CellPlan, CellStyle, MARGINS, PlannedValue, SheetPlan, Validation, WorkbookPlan,
};
use mokuhyo_core::template::spec::{HAlign, Orientation, Paper, VAlign};

/// Writes `plan` to `target`. `now` only names the fallback file
/// (`<name>_<timestamp>.xlsx`) used when `target` cannot be replaced.
pub fn write_template(
    plan: &WorkbookPlan,
    target: &Path,
    now: DateTime<Utc>,
) -> Result<Saved, WriteError> {
    let xlsx = |source| WriteError::Xlsx {
        path: target.to_path_buf(),
        source,
    };
    save_atomically(target, now, |file| {
        let mut workbook = build_workbook(plan).map_err(xlsx)?;
        let mut out = BufWriter::new(file);
        workbook.save_to_writer(&mut out).map_err(xlsx)?;
        out.flush().map_err(|source| WriteError::Io {
            path: target.to_path_buf(),
            source,
        })
    })
}

/// The workbook in memory.
pub fn build_workbook(plan: &WorkbookPlan) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    for sheet in &plan.sheets {
        let worksheet = workbook.add_worksheet();
        fill_sheet(worksheet, sheet)?;
    }
    Ok(workbook)
}

fn fill_sheet(ws: &mut Worksheet, sheet: &SheetPlan) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    for (col, width) in sheet.column_widths.iter().enumerate() {
        ws.set_column_width(u16::try_from(col).unwrap_or(u16::MAX), *width)?;
    }
    for (row, height) in &sheet.row_heights {
        ws.set_row_height(*row, *height)?;
    }
    for cell in &sheet.cells {
        write_cell(ws, cell)?;
    }
    match sheet.paper {
        Paper::A4 => ws.set_paper_size(9),
        Paper::A3 => ws.set_paper_size(8),
    };
    if sheet.orientation == Orientation::Landscape {
        ws.set_landscape();
    }
    if sheet.fit_to_width {
        ws.set_print_fit_to_pages(1, 0);
    }
    if !sheet.page_breaks.is_empty() {
        ws.set_page_breaks(&sheet.page_breaks)?;
    }
    let (left, right, top, bottom) = MARGINS;
    ws.set_margins(left, right, top, bottom, 0.3, 0.3);
    if !sheet.hidden && !sheet.cells.is_empty() {
        ws.set_print_area(0, 0, sheet.last_row, sheet.last_col)?;
    }
    if let Some(password) = &sheet.protection {
        let options = ProtectionOptions {
            format_rows: true,
            format_columns: true,
            ..ProtectionOptions::default()
        };
        match password {
            Some(p) if !p.is_empty() => {
                ws.protect_with_password(p);
            }
            _ => {}
        }
        ws.protect_with_options(&options);
    }
    if sheet.hidden {
        ws.set_hidden(true);
    }
    Ok(())
}

fn write_cell(ws: &mut Worksheet, cell: &CellPlan) -> Result<(), XlsxError> {
    let format = format_of(&cell.style);
    if cell.is_merged() {
        let text = match &cell.value {
            PlannedValue::Text(t) => t.as_str(),
            _ => "",
        };
        ws.merge_range(
            cell.row,
            cell.col,
            cell.last_row,
            cell.last_col,
            text,
            &format,
        )?;
        if let PlannedValue::Number(n) = cell.value {
            ws.write_number_with_format(cell.row, cell.col, n, &format)?;
        }
    } else {
        match &cell.value {
            PlannedValue::Blank => ws.write_blank(cell.row, cell.col, &format)?,
            PlannedValue::Text(t) => ws.write_string_with_format(cell.row, cell.col, t, &format)?,
            PlannedValue::Number(n) => {
                ws.write_number_with_format(cell.row, cell.col, *n, &format)?
            }
        };
    }
    if cell.validation.is_some() || cell.note.is_some() {
        let mut dv = match &cell.validation {
            Some(Validation::List(values)) => DataValidation::new().allow_list_strings(values)?,
            Some(Validation::ListRange {
                sheet,
                col,
                first_row,
                last_row,
            }) => {
                let column = mokuhyo_core::model::column_name(u32::from(*col));
                DataValidation::new().allow_list_formula(Formula::new(format!(
                    "={}!${column}${}:${column}${}",
                    mokuhyo_core::a1::quoted_sheet(sheet),
                    first_row + 1,
                    last_row + 1
                )))
            }
            Some(Validation::Decimal { min, max }) => {
                DataValidation::new().allow_decimal_number(DataValidationRule::Between(*min, *max))
            }
            None => DataValidation::new().allow_any_value(),
        };
        if let Some(note) = &cell.note {
            if !note.title.is_empty() {
                dv = dv.set_input_title(&note.title)?;
            }
            if !note.message.is_empty() {
                dv = dv.set_input_message(&note.message)?;
            }
        }
        ws.add_data_validation(cell.row, cell.col, cell.last_row, cell.last_col, &dv)?;
    }
    Ok(())
}

fn format_of(style: &CellStyle) -> Format {
    let mut format = Format::new()
        .set_font_name(&style.font)
        .set_font_size(style.size);
    if style.bold {
        format = format.set_bold();
    }
    if let Some(rgb) = style.fill {
        format = format.set_background_color(Color::RGB(rgb));
    }
    if style.border {
        format = format.set_border(FormatBorder::Thin);
    }
    format = format.set_align(match style.align {
        HAlign::Left => FormatAlign::Left,
        HAlign::Center => FormatAlign::Center,
        HAlign::Right => FormatAlign::Right,
    });
    format = format.set_align(match style.valign {
        VAlign::Top => FormatAlign::Top,
        VAlign::Center => FormatAlign::VerticalCenter,
        VAlign::Bottom => FormatAlign::Bottom,
    });
    if style.wrap {
        format = format.set_text_wrap();
    }
    if let Some(code) = &style.number_format {
        format = format.set_num_format(code);
    }
    if !style.locked {
        format = format.set_unlocked();
    }
    format
}
