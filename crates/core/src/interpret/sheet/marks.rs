//! Texts that are no values of a table though they stand among its rows:
//! a printed page's number, and the legend of a schedule grid's marks.

use super::super::dictionary::fold_width;

/// A printed page's number: `- 2 -`, `2/6`, `2ページ`, `P.2`, `2頁`.
pub(crate) fn is_page_number(text: &str) -> bool {
    let t: String = text
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
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

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

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
