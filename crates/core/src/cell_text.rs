//! How much room a cell's text takes in a written workbook: its width in
//! Excel's column units (full-width characters count double), the lines it
//! wraps to in a column of a given width, and the row height those lines
//! need. Shared by the generated department workbooks and the consolidated
//! workbook.

use unicode_width::UnicodeWidthChar;

/// Excel's limit on a row's height, in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;

/// The room a text takes: its widest line and the lines it wraps to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextExtent {
    /// Width of the widest line, in column units.
    pub width: f64,
    /// Lines once wrapped (at least one).
    pub lines: u32,
}

/// How many column units of text fit on one line of a column `width`
/// characters wide (Excel units, the width of `0` at 11 pt) at `size` pt.
pub fn line_capacity(width: f64, size: f64) -> f64 {
    ((width - 1.0).max(1.0) * 11.0 / size.max(1.0)).max(1.0)
}

/// Columns a character takes: 1 for ASCII, 2 for kana, kanji, Japanese
/// punctuation and full-width forms, which are answered at once since
/// they are nearly every character of a goal sheet; others as
/// unicode-width says (0 for controls and combining marks).
fn char_width(c: char) -> usize {
    match u32::from(c) {
        0x20..=0x7E => 1,
        0x3000..=0x3029 | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x4E00..=0x9FFF | 0xFF01..=0xFF60 => {
            2
        }
        _ => c.width().unwrap_or(0),
    }
}

/// Width of one line (no `\n`) in column units.
fn line_width(line: &str) -> usize {
    line.chars().map(char_width).sum()
}

/// Measures `text` in one pass: each paragraph (split at `\n`) takes
/// `ceil(w / capacity)` lines, `w` its width with full-width characters
/// counting double; `capacity` comes from [`line_capacity`].
pub fn measure(text: &str, capacity: f64) -> TextExtent {
    let mut widest = 0usize;
    let mut lines = 0u32;
    let mut line = 0usize;
    let end_line = |w: usize, widest: &mut usize, lines: &mut u32| {
        *widest = (*widest).max(w);
        *lines = lines.saturating_add(((w as f64 / capacity).ceil() as u32).max(1));
    };
    for c in text.chars() {
        if c == '\n' {
            end_line(line, &mut widest, &mut lines);
            line = 0;
        } else {
            line += char_width(c);
        }
    }
    end_line(line, &mut widest, &mut lines);
    TextExtent {
        width: widest as f64,
        lines,
    }
}

/// The width a text takes in Excel's column units: full-width characters
/// count double; the longest line counts.
pub fn text_width(text: &str) -> f64 {
    text.split('\n').map(line_width).max().unwrap_or(0) as f64
}

/// Lines `text` takes in a column `width` characters wide at `size` pt:
/// each paragraph wraps at the column's capacity, full-width characters
/// counting double.
pub fn estimate_lines(text: &str, width: f64, size: f64) -> u32 {
    measure(text, line_capacity(width, size)).lines
}

/// Height in points for `lines` lines at `size` pt, at most Excel's limit.
pub fn lines_height(lines: u32, size: f64) -> f64 {
    (f64::from(lines) * size * 1.5 + 4.0).min(MAX_ROW_HEIGHT)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case("", 40.0, 10.0, 1)]
    #[case("abc", 40.0, 10.0, 1)]
    #[case("a\nb\nc", 40.0, 10.0, 3)]
    // 30 full-width characters are 60 columns: two lines at width 40.
    #[case(
        "あいうえおかきくけこあいうえおかきくけこあいうえおかきくけこ",
        40.0,
        10.0,
        2
    )]
    #[case(
        "あいうえおかきくけこあいうえおかきくけこあいうえおかきくけこ",
        80.0,
        10.0,
        1
    )]
    // A multi-line deadline: one line per paragraph in a column wide enough.
    #[case("(1) 6月\n(2) 11月", 14.0, 10.0, 2)]
    // A trailing line break shows as an empty line in Excel.
    #[case("報告\n", 30.0, 10.0, 2)]
    // 100 full-width characters (200 units) in a column 30 wide at 10 pt
    // (31.9 units a line): seven lines.
    #[case(&"報".repeat(100), 30.0, 10.0, 7)]
    fn lines_estimate(
        #[case] text: &str,
        #[case] width: f64,
        #[case] size: f64,
        #[case] lines: u32,
    ) {
        assert_eq!(estimate_lines(text, width, size), lines);
    }

    #[rstest]
    #[case("", 0.0)]
    #[case("abc", 3.0)]
    #[case("部局", 4.0)]
    #[case("(1) 6月\n(2) 11月", 8.0)]
    #[case("①", 1.0)]
    fn width_counts_full_width_double_and_takes_the_widest_line(
        #[case] text: &str,
        #[case] width: f64,
    ) {
        assert_eq!(text_width(text), width);
        assert_eq!(measure(text, 10.0).width, width);
    }

    #[rstest]
    #[case(1, 10.0, 19.0)]
    #[case(2, 10.0, 34.0)]
    #[case(3, 11.0, 53.5)]
    // Hundreds of lines stop at Excel's limit.
    #[case(500, 10.0, MAX_ROW_HEIGHT)]
    fn height_grows_with_lines_up_to_excel_limit(
        #[case] lines: u32,
        #[case] size: f64,
        #[case] height: f64,
    ) {
        assert_eq!(lines_height(lines, size), height);
    }

    #[test]
    fn japanese_blocks_answered_at_once_agree_with_unicode_width() {
        let blocks = [
            0x20..=0x7E,
            0x3000..=0x3029,
            0x3041..=0x3096,
            0x30A1..=0x30FA,
            0x4E00..=0x9FFF,
            0xFF01..=0xFF60,
        ];
        for c in blocks.into_iter().flatten().filter_map(char::from_u32) {
            assert_eq!(Some(char_width(c)), c.width(), "U+{:04X}", u32::from(c));
        }
    }

    #[rstest]
    #[case('\t', 0)]
    #[case('\u{3099}', 0)]
    #[case('①', 1)]
    #[case('〜', 2)]
    #[case('ｱ', 1)]
    fn other_characters_take_unicode_width(#[case] c: char, #[case] width: usize) {
        assert_eq!(char_width(c), width);
    }

    proptest::proptest! {
        #[test]
        fn measuring_never_panics_and_agrees_with_its_parts(
            text in "\\PC{0,200}",
            width in 0.0f64..120.0,
        ) {
            let extent = measure(&text, line_capacity(width, 10.0));
            proptest::prop_assert!(extent.lines >= 1);
            proptest::prop_assert_eq!(extent.width, text_width(&text));
            proptest::prop_assert_eq!(extent.lines, estimate_lines(&text, width, 10.0));
            proptest::prop_assert!(lines_height(extent.lines, 10.0) <= MAX_ROW_HEIGHT);
        }

        #[test]
        fn measuring_in_one_pass_counts_each_paragraph(
            text in "[a-z あ漢\n]{0,120}",
            width in 0.0f64..120.0,
        ) {
            let capacity = line_capacity(width, 10.0);
            let lines: u32 = text
                .split('\n')
                .map(|p| ((line_width(p) as f64 / capacity).ceil() as u32).max(1))
                .sum();
            proptest::prop_assert_eq!(measure(&text, capacity).lines, lines);
        }
    }
}
