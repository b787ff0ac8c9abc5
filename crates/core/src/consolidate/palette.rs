//! The colours of the status words, one set for the consolidated workbook
//! and the page beside it, so that a word looks the same in both: red for
//! 期限超過 and 提出遅れ, amber for 14日以内, green for a filled report. A
//! colour never stands alone: the word is always written.

/// Headers and banners.
pub const NAVY: u32 = 0x1F4E78;
/// Table grid.
pub const GRID: u32 = 0xBFBFBF;
/// Labels and totals.
pub const LIGHT_BLUE: u32 = 0xDDEBF7;
/// Links.
pub const LINK_BLUE: u32 = 0x0563C1;
pub const RED_FILL: u32 = 0xFFC7CE;
pub const RED_TEXT: u32 = 0x9C0006;
pub const AMBER_FILL: u32 = 0xFFEB9C;
pub const AMBER_TEXT: u32 = 0x9C5700;
pub const GREEN_FILL: u32 = 0xC6EFCE;
pub const GREEN_TEXT: u32 = 0x006100;

/// `#1F4E78`.
pub fn css(colour: u32) -> String {
    format!("#{colour:06X}")
}
