//! The page's charts as inline SVG: bars, each with its figure written
//! beside it, so that a chart reads without its colours; each chart is an
//! image with a title a screen reader says.

use std::fmt::Write;

use super::markup::{escape, percent};
use crate::consolidate::palette::{NAVY, css};

/// The year-end bars' colour: the workbook charts' second series.
const SECOND: u32 = 0x2E75B6;

/// One bar group: its label and its rates (none: nothing asked).
pub(super) struct RateRow<'r> {
    pub label: &'r str,
    pub rates: [Option<f64>; 2],
}

/// Horizontal bars: per row, one bar per series (`series` names them, in
/// the legend line), each with its percentage written after it.
pub(super) fn rate_bars(out: &mut String, title: &str, series: [&str; 2], rows: &[RateRow<'_>]) {
    const LABEL: u32 = 170;
    const BAR: u32 = 430;
    const ROW: u32 = 44;
    let height = 40 + ROW * rows.len() as u32;
    open(out, title, 680, height);
    let colours = [css(NAVY), css(SECOND)];
    for (i, (name, colour)) in series.iter().zip(&colours).enumerate() {
        let x = LABEL + i as u32 * 140;
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"6\" width=\"14\" height=\"14\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"18\">",
            x + 20
        );
        escape(out, name);
        out.push_str("</text>");
    }
    for (r, row) in rows.iter().enumerate() {
        let y = 32 + ROW * r as u32;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">",
            LABEL - 8,
            y + 24
        );
        escape(out, row.label);
        out.push_str("</text>");
        for (i, (rate, colour)) in row.rates.iter().zip(&colours).enumerate() {
            let bar_y = y + 4 + i as u32 * 18;
            let (width, text) = match rate {
                Some(rate) => (
                    (rate.clamp(0.0, 1.0) * f64::from(BAR)).round(),
                    percent(*rate),
                ),
                None => (0.0, "対象なし".to_string()),
            };
            let _ = write!(
                out,
                "<rect x=\"{LABEL}\" y=\"{bar_y}\" width=\"{width}\" height=\"15\" fill=\"{colour}\"/>\
                 <text x=\"{}\" y=\"{}\" class=\"figure\">{text}</text>",
                f64::from(LABEL) + width + 6.0,
                bar_y + 13
            );
        }
    }
    out.push_str("</svg>");
}

/// Vertical bars, one per bin, each with its count written above it.
pub(super) fn count_bars(out: &mut String, title: &str, bins: &[(&str, u64)]) {
    const WIDTH: u32 = 96;
    const PLOT: f64 = 150.0;
    let most = bins.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let width = 20 + WIDTH * bins.len() as u32;
    open(out, title, width, 220);
    for (i, (label, count)) in bins.iter().enumerate() {
        let x = 20 + WIDTH * i as u32;
        let height = (*count as f64 / most as f64 * PLOT).round();
        let top = 180.0 - height;
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{height}\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"figure\">{count}件</text>\
             <text x=\"{}\" y=\"205\" text-anchor=\"middle\">",
            x + 12,
            WIDTH - 24,
            css(NAVY),
            x + WIDTH / 2,
            top - 6.0,
            x + WIDTH / 2,
        );
        escape(out, label);
        out.push_str("</text>");
    }
    out.push_str("</svg>");
}

fn open(out: &mut String, title: &str, width: u32, height: u32) {
    let _ = write!(
        out,
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" aria-label=\""
    );
    escape(out, title);
    out.push_str("\"><title>");
    escape(out, title);
    out.push_str("</title>");
}
