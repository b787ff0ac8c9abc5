//! The cell formats of the consolidated workbook: fonts, colours, number
//! formats and borders, made once per workbook and shared by its sheets.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatUnderline, Workbook};

pub(super) const FONT: &str = "游ゴシック";
/// Size of the cells' font, in points.
pub(super) const FONT_SIZE: f64 = 10.0;
/// The workbook's default font (its Normal style): the cells' font at 11
/// pt, as Japanese Excel's default. Column widths are counted in the width
/// of its digit `0`.
const DEFAULT_FONT_SIZE: f64 = 11.0;
/// A default column's width in pixels with that font, as Excel gives it
/// (8.38 characters): its digit is 8 pixels wide, with 5 of padding.
pub(super) const DEFAULT_COLUMN_PIXELS: u32 = 72;
/// The widest digit a renderer may count column widths in, in pixels: a
/// renderer without the font substitutes another for its digits (DejaVu
/// Sans' is 9.3 pixels at 11 pt, where 游ゴシック's is 8), and a column's
/// width is that many digits. A list printed at a fixed scale is scaled for
/// this one, so that it fits the page whatever the renderer substitutes.
pub(super) const WIDEST_DIGIT_PIXELS: f64 = 9.5;
/// Padding of a column, in pixels.
pub(super) const COLUMN_PADDING_PIXELS: f64 = 5.0;
/// A default row's height in pixels (18.75 pt).
pub(super) const DEFAULT_ROW_PIXELS: u32 = 25;
const DATE_FORMAT: &str = "yyyy/mm/dd";
const DATETIME_FORMAT: &str = "yyyy/mm/dd hh:mm";

use mokuhyo_core::consolidate::palette::{
    AMBER_FILL, AMBER_TEXT, GREEN_FILL, GREEN_TEXT, GRID, LIGHT_BLUE, LINK_BLUE, NAVY, RED_FILL,
    RED_TEXT,
};

/// The kind of a written value, which decides its cell format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Integer,
    Percent,
    Date,
    DateTime,
}

/// Every format of the workbook.
pub(super) struct Formats {
    pub header: Format,
    /// Cell formats with borders, for the overview's small tables.
    pub boxed: CellFormats,
    /// The same, centred.
    pub boxed_centred: CellFormats,
    /// Cell formats without borders, for the long lists: there they become
    /// column formats, and one conditional format draws the grid.
    pub open: CellFormats,
    /// The same, centred.
    pub open_centred: CellFormats,
    /// The grid of the long lists (a conditional format).
    pub grid: Format,
    pub total_text: Format,
    pub total_integer: Format,
    pub total_percent: Format,
    pub total_datetime: Format,
    pub banner: Format,
    pub caption: Format,
    pub label: Format,
    /// 未提出's department headings.
    pub group: Format,
    /// 未提出's milestone headings: of reports to come, of late ones.
    pub section: Format,
    pub late_section: Format,
    pub red: Format,
    pub amber: Format,
    pub green: Format,
}

/// The formats of a table's data cells, one per kind of value.
pub(super) struct CellFormats {
    pub text: Format,
    pub integer: Format,
    pub percent: Format,
    pub date: Format,
    pub datetime: Format,
    pub link: Format,
}

impl CellFormats {
    fn new(base: &Format) -> Self {
        CellFormats {
            text: base.clone().set_text_wrap(),
            integer: base.clone().set_num_format("#,##0"),
            percent: base.clone().set_num_format("0%"),
            date: base.clone().set_num_format(DATE_FORMAT),
            datetime: base.clone().set_num_format(DATETIME_FORMAT),
            link: base
                .clone()
                .set_font_color(Color::RGB(LINK_BLUE))
                .set_underline(FormatUnderline::Single),
        }
    }

    fn all(&self) -> [&Format; 6] {
        let CellFormats {
            text,
            integer,
            percent,
            date,
            datetime,
            link,
        } = self;
        [text, integer, percent, date, datetime, link]
    }

    pub fn of(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Text => &self.text,
            Kind::Integer => &self.integer,
            Kind::Percent => &self.percent,
            Kind::Date => &self.date,
            Kind::DateTime => &self.datetime,
        }
    }
}

impl Formats {
    /// The workbook's default format: its font, with the Japanese charset.
    pub fn default_format() -> Format {
        Format::new()
            .set_font_name(FONT)
            .set_font_size(DEFAULT_FONT_SIZE)
            .set_font_charset(128)
    }

    /// Gives every format its index in `workbook` before the lists are laid
    /// out side by side. rust_xlsxwriter (0.102) indexes a format the first
    /// time a constant-memory sheet uses it, under a read lock then a write
    /// lock taken apart: two sheets first using the same format at once both
    /// add it, and the second takes an index that the next new format takes
    /// too, so a cell shows another format (a date as a plain number, 0%).
    /// Registered here, each use on the threads is a lookup.
    pub fn register(&self, workbook: &mut Workbook) {
        let Formats {
            header,
            boxed,
            boxed_centred,
            open,
            open_centred,
            grid,
            total_text,
            total_integer,
            total_percent,
            total_datetime,
            banner,
            caption,
            label,
            group,
            section,
            late_section,
            red,
            amber,
            green,
        } = self;
        let cells = [boxed, boxed_centred, open, open_centred]
            .into_iter()
            .flat_map(CellFormats::all);
        let others = [
            header,
            grid,
            total_text,
            total_integer,
            total_percent,
            total_datetime,
            banner,
            caption,
            label,
            group,
            section,
            late_section,
            red,
            amber,
            green,
        ];
        for format in cells.chain(others) {
            workbook.register_format(format);
        }
    }

    pub fn new() -> Self {
        let open = Format::new()
            .set_font_name(FONT)
            .set_font_size(FONT_SIZE)
            .set_align(FormatAlign::Top);
        let base = open
            .clone()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(GRID));
        let grid = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(GRID));
        let total = base
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(LIGHT_BLUE))
            .set_border_top(FormatBorder::Double)
            .set_border_top_color(Color::RGB(NAVY));
        let highlight = |fill: u32, text: u32| {
            grid.clone()
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(text))
        };
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(NAVY)),
            boxed: CellFormats::new(&base),
            boxed_centred: CellFormats::new(&base.clone().set_align(FormatAlign::Center)),
            open: CellFormats::new(&open),
            open_centred: CellFormats::new(&open.clone().set_align(FormatAlign::Center)),
            total_text: total.clone(),
            total_integer: total.clone().set_num_format("#,##0"),
            total_percent: total.clone().set_num_format("0%"),
            total_datetime: total.set_num_format(DATETIME_FORMAT),
            banner: Format::new()
                .set_font_name(FONT)
                .set_font_size(18)
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(NAVY))
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter)
                .set_indent(1),
            caption: Format::new()
                .set_font_name(FONT)
                .set_font_size(12)
                .set_bold()
                .set_font_color(Color::RGB(NAVY))
                .set_border_bottom(FormatBorder::Medium)
                .set_border_bottom_color(Color::RGB(NAVY)),
            label: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(LIGHT_BLUE)),
            section: base
                .clone()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(NAVY))
                .set_align(FormatAlign::VerticalCenter),
            late_section: base
                .clone()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(RED_TEXT))
                .set_background_color(Color::RGB(RED_FILL))
                .set_align(FormatAlign::VerticalCenter),
            group: base
                .set_bold()
                .set_font_size(11)
                .set_background_color(Color::RGB(LIGHT_BLUE)),
            // The highlights carry the grid too: LibreOffice applies only
            // the first matching rule of a cell, and the grid's comes last.
            red: highlight(RED_FILL, RED_TEXT),
            amber: highlight(AMBER_FILL, AMBER_TEXT),
            green: highlight(GREEN_FILL, GREEN_TEXT),
            grid,
        }
    }
}
