//! Texts that are no values of a table though they stand among its rows:
//! a printed page's number, the legend of a schedule grid's marks and a
//! legend of codes (`評価　A：計画どおり　B：一部遅れ`);
//! and the months a schedule grid's row marks — with marks, or drawn with
//! fill alone.

use super::super::ScheduleDrawn;
use super::SheetView;
use crate::model::CellRef;
use crate::text::is_kana_or_kanji;

impl SheetView<'_> {
    /// The months (with their cells) a schedule grid's row `r` marks, the
    /// grid's columns being `schedule` (column, month): its cells holding a
    /// mark or any text; where none does, its empty cells shaded with a
    /// fill (a 工程表 drawn with shading: each shaded run a period) other
    /// than the table's background — in a row shaded over every month in
    /// several colours, the lightest; a row shaded over every month in the
    /// one colour a row above or below it is shaded with too. A
    /// `[[parse.layouts]]` entry's `schedule` says `marks` (fills never
    /// read) or `fill` (read as bars, background or not).
    pub(super) fn schedule_row(&self, r: u32, schedule: &[(u32, u32)]) -> Vec<(u32, CellRef)> {
        let marked: Vec<(u32, CellRef)> = schedule
            .iter()
            .filter(|&&(c, _)| !self.grid.get(r, c).is_empty())
            .map(|&(c, month)| (month, self.cell(r, c)))
            .collect();
        if !marked.is_empty() || self.grid.shaded.is_empty() {
            return marked;
        }
        let drawn = self
            .context
            .layouts
            .iter()
            .filter(|(_, l)| {
                l.sheet
                    .as_deref()
                    .is_none_or(|p| crate::pattern::matches(p, &self.grid.name))
            })
            .find_map(|(_, l)| l.schedule);
        let shaded: Vec<(u32, u32, u32)> = schedule
            .iter()
            .filter_map(|&(c, month)| self.grid.shade_at(r, c).map(|rgb| (c, month, rgb)))
            .collect();
        // The background: in a row shaded over every month in two colours
        // or more, the lightest (a pale table under darker bars).
        let full = |row: u32| -> Option<u32> {
            let mut colours = schedule.iter().map(|&(c, _)| self.grid.shade_at(row, c));
            let first = colours.next()??;
            colours.all(|c| c == Some(first)).then_some(first)
        };
        let mut colours: Vec<u32> = shaded.iter().map(|&(_, _, rgb)| rgb).collect();
        colours.sort_unstable();
        colours.dedup();
        let background: Vec<u32> = match drawn {
            Some(ScheduleDrawn::Fill) => Vec::new(),
            _ if shaded.len() == schedule.len() && colours.len() > 1 => colours
                .into_iter()
                .max_by_key(|&rgb| lightness(rgb))
                .into_iter()
                .collect(),
            // A row shaded over every month in one colour, as a row next
            // to it is: the table's background (a bar over the whole year
            // stands between rows that are not).
            _ => full(r)
                .filter(|&own| {
                    r.checked_sub(1).and_then(full) == Some(own) || full(r + 1) == Some(own)
                })
                .into_iter()
                .collect(),
        };
        match drawn {
            Some(ScheduleDrawn::Marks) => marked,
            _ => shaded
                .into_iter()
                .filter(|(_, _, rgb)| !background.contains(rgb))
                .map(|(c, month, _)| (month, self.cell(r, c)))
                .collect(),
        }
    }
}

/// A printed page's number: `- 2 -`, `2/6`, `2ページ`, `P.2`, `2頁`.
pub(crate) fn is_page_number(text: &str) -> bool {
    let t = super::super::text::folded(text).to_ascii_lowercase();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if let Some(inner) = t
        .strip_prefix(['-', '―', '—', 'ー'])
        .and_then(|s| s.strip_suffix(['-', '―', '—', 'ー']))
    {
        return digits(inner);
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b);
    }
    let body = t
        .strip_prefix("p.")
        .or_else(|| t.strip_prefix('p'))
        .or_else(|| t.strip_suffix("ページ"))
        .or_else(|| t.strip_suffix('頁'));
    body.is_some_and(digits)
}

/// How light a colour (`0xRRGGBB`) looks: its luma (ITU-R BT.601), 0–255000.
fn lightness(rgb: u32) -> u32 {
    let (r, g, b) = ((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
    299 * r + 587 * g + 114 * b
}

/// Marks of a schedule grid and its legend.
const MARKS: &[char] = &[
    '●', '○', '◎', '〇', '■', '□', '▲', '△', '◆', '◇', '★', '☆', '→', '⇒', '━', '─', '―', '＊', '*',
];

/// Whether a text starts with a mark of a schedule grid.
pub(crate) fn starts_with_mark(text: &str) -> bool {
    text.trim_start().starts_with(MARKS)
}

/// Whether a row of a schedule grid is its legend: every text is a mark
/// followed by its meaning (`●：実施`, `→ 継続`), and the row names two
/// marks or more, or one with a colon before its meaning (`●：実施予定`;
/// without the colon one mark is an item's bullet).
pub(crate) fn is_legend(texts: &[&str]) -> bool {
    let marks: usize = texts
        .iter()
        .map(|t| t.chars().filter(|c| MARKS.contains(c)).count())
        .sum();
    let explained = |t: &str| {
        t.trim_start_matches(MARKS)
            .trim_start()
            .starts_with(['：', ':', '＝', '='])
    };
    (marks >= 2 || texts.iter().all(|t| explained(t.trim())))
        && texts.iter().all(|t| {
            let t = t.trim();
            t.starts_with(MARKS) && t.chars().any(|c| !MARKS.contains(&c) && !c.is_whitespace())
        })
}

/// Whether a text is a legend of codes: at most a caption (`評価`,
/// `【凡例】`), then two codes or more, each with its meaning after a colon
/// or an equals sign (`A：計画どおり　B：一部遅れ`, `◎＝達成、○＝一部達成`).
/// A code is one or two letters, digits or marks: a word (`目標：100件`)
/// is a label, not a code.
pub(crate) fn is_code_legend(text: &str) -> bool {
    // Most texts explain nothing.
    if !text.contains(['：', ':', '＝', '=']) {
        return false;
    }
    let text = text.trim();
    let text = match text.strip_prefix(['【', '［', '[']) {
        Some(rest) => rest
            .split_once(['】', '］', ']'])
            .map_or(text, |(_, after)| after),
        None => text,
    };
    let pieces: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '、' | '，' | ',' | '／' | '/'))
        .filter(|p| !p.is_empty())
        .collect();
    let is_code = |code: &str| {
        let n = code.chars().count();
        (1..=2).contains(&n) && code.chars().all(|c| !is_kana_or_kanji(c))
    };
    let explains = |piece: &str| {
        piece
            .split_once(['：', ':', '＝', '='])
            .is_some_and(|(code, meaning)| is_code(code) && !meaning.is_empty())
    };
    let Some(first) = pieces.iter().position(|p| explains(p)) else {
        return false;
    };
    first <= 1 && pieces.len() - first >= 2 && pieces[first..].iter().all(|p| explains(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("評価　A：計画どおり　B：一部遅れ　C：大幅な遅れ", true)]
    #[case("【凡例】◎＝達成、○＝一部達成、×＝未達成", true)]
    #[case("S:前倒し A:順調 B:やや遅れ", true)]
    #[case("進み具合　1：着手前　2：実施中　3：完了", true)]
    #[case("A：計画どおり", false)]
    #[case("目標：100件　実績：80件", false)]
    #[case("評価　A：計画どおり　詳しくは別紙", false)]
    #[case("ア　つばさ応援寄附の返礼品の拡充", false)]
    #[case("内容：窓口の電子化　期限：9月末", false)]
    fn code_legends(#[case] text: &str, #[case] legend: bool) {
        assert_eq!(is_code_legend(text), legend, "{text}");
    }

    #[rstest]
    #[case("- 2 -", true)]
    #[case("－３－", true)]
    #[case("2/6", true)]
    #[case("2ページ", true)]
    #[case("P.2", true)]
    #[case("3頁", true)]
    #[case("2-1", false)]
    #[case("取組2", false)]
    #[case("3/15まで", false)]
    fn page_numbers(#[case] text: &str, #[case] is_page: bool) {
        assert_eq!(is_page_number(text), is_page, "{text}");
    }

    #[rstest]
    #[case(&["●：実施　○：予定", "→：継続"], true)]
    #[case(&["凡例 ● 実施 ○ 予定"], false)]
    #[case(&["○窓口の電子化"], false)]
    #[case(&["●", "●"], false)]
    #[case(&["● 実施 → 継続"], true)]
    #[case(&["●：実施予定"], true)]
    #[case(&["● 実施予定"], false)]
    #[case(&["●訓練の実施"], false)]
    fn legends(#[case] texts: &[&str], #[case] legend: bool) {
        assert_eq!(is_legend(texts), legend, "{texts:?}");
    }
}
