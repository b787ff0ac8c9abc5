//! Text helpers of the interpretation: cell values as text, item numbers
//! (①, (1), No.3), fiscal years written in titles and file names (令和2年度,
//! 2024(令和6)年度, R5年度計画, `_R2`), achievement rates, owner lists,
//! placeholders and 【labelled】 sections inside one cell.

use std::borrow::Cow;

use chrono::{NaiveDate, Timelike};

use crate::calendar::FiscalYear;
use crate::calendar::era::Era;
use crate::grid::CellValue;
use crate::text::is_hiragana;

use super::dictionary::fold_width;

/// A cell's value as text: trimmed text, numbers without a needless `.0`,
/// dates as ISO dates (with the time when there is one), a date shown as
/// its month as shown (令和8年9月). `None` for empty cells and error values.
pub fn cell_text(value: &CellValue) -> Option<Cow<'_, str>> {
    match value {
        CellValue::Text(t) => {
            let t = t.trim();
            (!t.is_empty()).then_some(Cow::Borrowed(t))
        }
        CellValue::Number(n) => Some(Cow::Owned(format_number(*n))),
        CellValue::Date(d) => Some(Cow::Owned(if d.time().num_seconds_from_midnight() == 0 {
            d.date().format("%Y-%m-%d").to_string()
        } else {
            d.format("%Y-%m-%dT%H:%M:%S").to_string()
        })),
        CellValue::Month { shown, .. } => Some(Cow::Borrowed(shown)),
        CellValue::Bool(b) => Some(Cow::Borrowed(if *b { "TRUE" } else { "FALSE" })),
        CellValue::Empty | CellValue::Error(_) => None,
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A cell marking an example row: `記入例`, `例`, `（例）`, `【記入例】`, or a
/// text that starts with such a mark (`(例)○○の推進`).
pub(crate) fn is_example_text(text: &str) -> bool {
    example_mark(text).is_some()
}

/// Whether a text is an example mark and nothing else (`記入例`, `（例）`).
pub(crate) fn is_bare_example_mark(text: &str) -> bool {
    example_mark(text) == Some(ExampleMark::Bare)
}

/// How a text marks an example: as the mark alone, or as a sample led by
/// it (`(例)○○の推進`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExampleMark {
    Bare,
    Leading,
}

fn example_mark(text: &str) -> Option<ExampleMark> {
    // Every example mark says 例.
    if !text.contains('例') {
        return None;
    }
    let t: String = text
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    let bare = t.trim_matches(|c| {
        matches!(
            c,
            '(' | ')'
                | '【'
                | '】'
                | '['
                | ']'
                | '<'
                | '>'
                | '＜'
                | '＞'
                | '《'
                | '》'
                | ':'
                | '：'
        )
    });
    if matches!(bare, "例" | "記入例" | "記載例" | "入力例" | "作成例") {
        return Some(ExampleMark::Bare);
    }
    [
        "(例)",
        "【例】",
        "例)",
        "例:",
        "[例]",
        "【記入例】",
        "(記入例)",
        "記入例:",
        "<例>",
    ]
    .iter()
    .any(|m| t.starts_with(m))
    .then_some(ExampleMark::Leading)
}

/// Whether a report cell's text counts as empty: blank or a placeholder
/// (compared without spaces and with widths folded), alone, naming the box
/// it stands in (`記入欄`) or saying it holds nothing (`記入なし`), or a note of where
/// or when to write, wholly in brackets or after an arrow, that ends in a
/// placeholder word, or in one and a request in kana (`（ここに記入）`,
/// `←10月に記入`, `（記入してください）` with `記入` among them), or a
/// template's sample led by an example mark (`（例）○月から…を開始した。`).
pub(crate) fn is_placeholder(text: &str, placeholders: &[String]) -> bool {
    if is_example_text(text.trim()) {
        return true;
    }
    /// The longest note of where or when to write (characters):
    /// `※9月末時点の状況を書き込みしてください` is one.
    const MAX_NOTE_CHARS: usize = 24;
    /// The longest word naming where or when to write, before に.
    const MAX_PLACE_CHARS: usize = 3;
    // The most characters a placeholder or a note holds; a word of no more
    // bytes than a note's characters holds no more characters either.
    let longest = placeholders
        .iter()
        .filter(|p| p.len() > MAX_NOTE_CHARS)
        .map(|p| p.chars().count())
        .fold(MAX_NOTE_CHARS, usize::max);
    // Most texts are told by their length: longer than any note.
    match text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(longest + 1)
        .count()
    {
        0 => true,
        n if n > longest => false,
        // Dots or dashes alone (…, ・・・, ―) say nothing.
        _ if text
            .chars()
            .all(|c| c.is_whitespace() || LEADERS.contains(&c)) =>
        {
            true
        }
        _ => {
            let text = folded(text);
            // The word alone, naming the box it leaves (記入欄), or saying
            // nothing is in it (記入なし, 記載無し).
            let box_word = |t: &str| {
                ["欄", "なし", "無し"]
                    .iter()
                    .find_map(|end| t.strip_suffix(end))
                    .map_or(t.len(), str::len)
            };
            let word = &text[..box_word(&text)];
            if placeholders.iter().any(|p| {
                let p = folded(p);
                *p == *text || p == word
            }) {
                return true;
            }
            let note = match text.strip_prefix(['←', '⇐', '↓', '※']) {
                Some(after) => Some(after),
                None => text
                    .strip_prefix(['(', '「', '【', '〔', '<'])
                    .and_then(|t| t.strip_suffix([')', '」', '】', '〕', '>'])),
            };
            // Brackets around nothing but spaces: a box to write in (（　　）).
            if note.is_some_and(str::is_empty) {
                return true;
            }
            // A request to write, as the whole text (記入願います,
            // 入力してください) or as a note in brackets naming the box too
            // (（記入欄）).
            let asks = placeholders.iter().any(|p| {
                text.strip_prefix(&*folded(p)).is_some_and(|rest| {
                    REQUESTS.iter().any(|r| rest.ends_with(r)) && is_request(rest)
                })
            });
            // A note of where or when to write with no brackets: a word
            // of three characters at most, に or へ, then the placeholder's
            // word (ここに記入, 10月に入力).
            let pointed = text.split_once(['に', 'へ']).is_some_and(|(place, rest)| {
                (1..=MAX_PLACE_CHARS).contains(&place.chars().count())
                    && placeholders.iter().any(|p| {
                        let p = folded(p);
                        rest.starts_with(&*p) && ends_in_request_of(rest, &p)
                    })
            });
            asks || pointed
                || note
                    .map(|note| &note[..box_word(note)])
                    .is_some_and(|note| {
                        !note.is_empty()
                            && placeholders
                                .iter()
                                .any(|p| ends_in_request_of(note, &folded(p)))
                    })
        }
    }
}

/// A text with its widths folded and its spaces left out, as placeholders,
/// grades and short headings are compared. Most texts are so already, and
/// are borrowed.
pub(crate) fn folded(t: &str) -> Cow<'_, str> {
    if t.chars().all(|c| fold_width(c) == c && !c.is_whitespace()) {
        Cow::Borrowed(t)
    } else {
        Cow::Owned(
            t.chars()
                .map(fold_width)
                .filter(|c| !c.is_whitespace())
                .collect(),
        )
    }
}

/// Marks that lead the eye or fill a blank, saying nothing themselves.
const LEADERS: [char; 16] = [
    '…', '‥', '・', '･', '.', '．', '-', '－', '‐', '―', '—', 'ー', '_', '＿', '〜', '～',
];

/// Whether `note` ends in `word`, or in `word` and a request written in
/// kana after it (`記入してください`, `入力のこと`), or says it is to be
/// written (`記入予定`, `記入予定です`), not in a past tense saying it was
/// done (`記入した`).
fn ends_in_request_of(note: &str, word: &str) -> bool {
    note.rfind(word).is_some_and(|at| {
        let rest = &note[at + word.len()..];
        is_request(rest) || rest.strip_prefix("予定").is_some_and(is_request)
    })
}

/// Whether what follows a placeholder word asks for it: kana (and the
/// kanji of a polite request, 願 and 下), not a past tense (`した`).
fn is_request(rest: &str) -> bool {
    rest.chars()
        .all(|c| is_hiragana(c) || matches!(c, '願' | '下'))
        && !rest.ends_with(['た', 'だ'])
}

/// How a request to write ends, when it is the whole text (記入願います,
/// 入力してください); a text going on otherwise (入力しています) reports.
const REQUESTS: [&str; 6] = [
    "ください",
    "下さい",
    "願います",
    "願いします",
    "こと",
    "願う",
];

fn is_circled(c: char) -> bool {
    matches!(c, '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}' | '\u{2776}'..='\u{277F}')
}

/// Whether a character is a katakana letter that numbers the items of a
/// list in official documents, under `(1)` (`ア`, `イ`, `ウ` …, or `イ`,
/// `ロ`, `ハ`): a plain letter of the syllabary, not a small, voiced or
/// long-sound one.
fn is_kana_mark(c: char) -> bool {
    const MARKS: &str =
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ";
    // Most texts start otherwise: the range first.
    ('ア'..='ワ').contains(&c) && MARKS.contains(c)
}

/// A leading item number and the text after it: `①`, `(1)`, `（1）`,
/// `No.3`, `1.`, `1 ` (one or two digits then a space or a dot), a
/// katakana letter then a space or a dot (`ア　…`, `イ．…`) or in brackets
/// (`（ア）`). The number is returned as written.
pub(crate) fn leading_number(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    let mut chars = t.char_indices();
    let (_, first) = chars.next()?;
    let end = if is_circled(first) {
        first.len_utf8()
    } else if matches!(first, '(' | '（') {
        let mut end = None;
        let mut digits = 0;
        let mut kana = false;
        for (i, c) in chars {
            let f = fold_width(c);
            if f.is_ascii_digit() && digits < 3 && !kana {
                digits += 1;
            } else if is_kana_mark(c) && digits == 0 && !kana {
                kana = true;
            } else if matches!(c, ')' | '）') && (digits > 0 || kana) {
                end = Some(i + c.len_utf8());
                break;
            } else {
                break;
            }
        }
        end?
    } else if matches!(fold_width(first), 'N' | 'n' | '№') {
        let mut end = None;
        let mut seen_digit = false;
        let mut seen_o = fold_width(first) == '№';
        let mut digits_end = 0;
        for (i, c) in t.char_indices().skip(1) {
            let f = fold_width(c);
            if !seen_o && matches!(f, 'o' | 'O') {
                seen_o = true;
            } else if seen_o && !seen_digit && matches!(f, '.' | ' ' | '．') {
            } else if seen_o && f.is_ascii_digit() {
                seen_digit = true;
                digits_end = i + c.len_utf8();
            } else {
                break;
            }
            end = Some(digits_end);
        }
        let end = end.filter(|_| seen_digit)?;
        if end == 0 {
            return None;
        }
        end
    } else if fold_width(first).is_ascii_digit() {
        let mut digits_end = first.len_utf8();
        let mut count = 1;
        let mut after = None;
        for (i, c) in chars {
            let f = fold_width(c);
            if f.is_ascii_digit() {
                count += 1;
                digits_end = i + c.len_utf8();
            } else {
                after = Some((i, c, f));
                break;
            }
        }
        if count > 2 {
            return None;
        }
        match after {
            None => digits_end,
            Some((i, c, '.' | '、' | ')')) => i + c.len_utf8(),
            Some((_, _, f)) if f.is_whitespace() => digits_end,
            _ => return None,
        }
    } else if is_kana_mark(first) {
        // A letter then a separator: a word (`アンケート`) goes on in
        // letters.
        let after = chars.next()?.1;
        if !(after.is_whitespace() || matches!(after, '.' | '．' | '、')) {
            return None;
        }
        let separator = if after.is_whitespace() {
            0
        } else {
            after.len_utf8()
        };
        first.len_utf8() + separator
    } else {
        return None;
    };
    let (number, rest) = t.split_at(end);
    Some((number.trim(), rest.trim_start()))
}

/// How a text's leading number is written ([`leading_number`]): the kinds
/// of its first, inner and last characters, a digit `0`, a circled `①` or
/// a katakana letter `ア` for any of theirs (`(1)` and `(12)` alike, `１　`
/// and `2 ` alike, `①`, `1.`, `ア` and `イ` alike, `(ア)` otherwise than
/// `(1)`). Numbers of one level of a list are written alike, those of the
/// level above it otherwise.
pub(crate) fn numbering_style(text: &str) -> Option<(char, char, char)> {
    let (number, _) = leading_number(text)?;
    let kind = |c: char| {
        let f = fold_width(c);
        if f.is_ascii_digit() {
            '0'
        } else if is_circled(c) {
            '①'
        } else if is_kana_mark(c) {
            'ア'
        } else {
            f
        }
    };
    let mut chars = number.chars();
    let first = chars.next()?;
    let last = number.chars().next_back()?;
    // What a bracket holds: its first character.
    let inner = match first {
        '(' | '（' => chars.next().map_or(first, kind),
        _ => kind(first),
    };
    Some((kind(first), inner, kind(last)))
}

/// Whether a cell of a column headed 番号 / No. holds an item's number:
/// a plain number, or a short code with digits (`100`, `2-1`, `２－１`,
/// `A-3`).
pub(crate) fn is_number_code(value: &CellValue) -> bool {
    match value {
        CellValue::Text(t) => {
            let t = t.trim();
            !t.is_empty()
                && t.chars().count() <= 12
                && !t.contains(char::is_whitespace)
                && t.chars().any(|c| fold_width(c).is_ascii_digit())
        }
        other => is_number_cell(other),
    }
}

/// The number a cell holds: a number cell, or a text of digits with
/// separators, a sign (`-`, `▲`, `△`) or a percent sign (`1,200`, `▲800`,
/// `40%`, full width too).
pub(crate) fn number_in(value: &CellValue) -> Option<f64> {
    match value {
        CellValue::Number(n) => Some(*n),
        CellValue::Text(text) => number_in_text(text),
        _ => None,
    }
}

/// The number a text states ([`number_in`]).
pub(crate) fn number_in_text(text: &str) -> Option<f64> {
    let text = text.trim();
    // A figure holds nothing but digits, separators, a sign and a percent
    // sign: a text with any other character is none, and is not folded.
    let figure_char =
        |c: char| matches!(fold_width(c), '0'..='9' | '.' | ',' | '%' | '-' | '▲' | '△');
    if !text.chars().all(figure_char) {
        return None;
    }
    let folded: String = text.chars().map(fold_width).filter(|&c| c != ',').collect();
    let (negative, body) = match folded.strip_prefix(['-', '▲', '△']) {
        Some(rest) => (true, rest),
        None => (false, folded.as_str()),
    };
    let body = body.strip_suffix('%').unwrap_or(body);
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let n: f64 = body.parse().ok()?;
    Some(if negative { -n } else { n })
}

/// Whether a cell holds nothing but an item number.
pub(crate) fn is_number_cell(value: &CellValue) -> bool {
    match value {
        CellValue::Number(n) => n.fract() == 0.0 && *n >= 0.0 && *n < 1000.0,
        CellValue::Text(t) => leading_number(t).is_some_and(|(_, rest)| rest.is_empty()),
        _ => false,
    }
}

/// The fiscal year a title states for its sheet: the first year it names
/// outside a span of years (`（令和7年度～令和9年度）　令和8年度進捗管理表`
/// → 令和8年度), a span naming a plan's period; a title naming a span alone
/// states its first year.
pub(crate) fn title_fiscal_year(text: &str) -> Option<FiscalYear> {
    const SPAN_MARKS: [char; 3] = ['～', '〜', '~'];
    let mut first = None;
    let mut ends_a_span = false;
    let mut rest = text;
    while let Some((fy, end)) = find_fiscal_year(rest) {
        rest = &rest[end..];
        let opens_a_span = rest.trim_start().starts_with(SPAN_MARKS);
        if !opens_a_span && !ends_a_span {
            return Some(fy);
        }
        first.get_or_insert(fy);
        ends_a_span = opens_a_span;
    }
    first
}

/// The fiscal year a text names by `…年度`: `令和2年度`, `平成31年度`,
/// `R5年度`, `2024(令和6)年度`, `2024年度`, `令和元年度`. Returns the first
/// one and the byte offset just after its `年度`.
pub(crate) fn find_fiscal_year(text: &str) -> Option<(FiscalYear, usize)> {
    let folded: Vec<(usize, char)> = text
        .char_indices()
        .map(|(i, c)| (i, fold_width(c)))
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    for k in 0..folded.len() {
        if folded[k].1 != '年' || folded.get(k + 1).map(|p| p.1) != Some('度') {
            continue;
        }
        let end = folded[k + 1].0 + '度'.len_utf8();
        let mut j = k;
        // 2024(令和6)年度: read the bracketed era year.
        if j > 0 && matches!(folded[j - 1].1, ')' | '）') {
            if let Some(open) = folded[..j - 1]
                .iter()
                .rposition(|p| matches!(p.1, '(' | '（'))
            {
                let inner: String = folded[open + 1..j - 1].iter().map(|p| p.1).collect();
                if let Some(fy) = era_year(&inner) {
                    return Some((fy, end));
                }
                let western: String = folded[..open]
                    .iter()
                    .rev()
                    .take_while(|p| p.1.is_ascii_digit())
                    .map(|p| p.1)
                    .collect();
                if western.len() == 4 {
                    let w: String = western.chars().rev().collect();
                    if let Ok(y) = w.parse() {
                        return Some((FiscalYear(y), end));
                    }
                }
            }
            continue;
        }
        let mut digits = String::new();
        while j > 0 && (folded[j - 1].1.is_ascii_digit() || folded[j - 1].1 == '元') {
            j -= 1;
            digits.insert(0, folded[j].1);
        }
        if digits.is_empty() {
            continue;
        }
        if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
            // A western year must not be preceded by more digits.
            if let Ok(y) = digits.parse() {
                return Some((FiscalYear(y), end));
            }
            continue;
        }
        let prefix: String = folded[j.saturating_sub(2)..j].iter().map(|p| p.1).collect();
        let era = Era::from_name(&prefix).or_else(|| {
            let letter: String = folded[j.saturating_sub(1)..j].iter().map(|p| p.1).collect();
            let before_letter = j.checked_sub(2).map(|i| folded[i].1);
            if before_letter.is_some_and(|c| c.is_ascii_alphabetic()) {
                None
            } else {
                Era::from_name(&letter)
            }
        });
        if let Some(era) = era {
            let year = if digits == "元" {
                Some(1)
            } else {
                digits.parse().ok()
            };
            if let Some(year) = year.filter(|y| (1..=99).contains(y)) {
                return Some((FiscalYear(era.western_year(year)), end));
            }
        }
    }
    None
}

/// `令和6`, `R6`, `平成元` → the fiscal year starting in that era year.
fn era_year(text: &str) -> Option<FiscalYear> {
    let split = text
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit() || *c == '元')
        .map(|(i, _)| i)?;
    let (name, digits) = text.split_at(split);
    let era = Era::from_name(name)?;
    let year: i32 = if digits == "元" {
        1
    } else {
        digits.parse().ok()?
    };
    (1..=99)
        .contains(&year)
        .then(|| FiscalYear(era.western_year(year)))
}

/// The fiscal year a file name states: `…令和8年度…`, or an era letter and
/// year as a token (`ueda_somubu_R2`, `H31`).
pub(crate) fn fiscal_year_in_file_name(stem: &str) -> Option<FiscalYear> {
    if let Some((fy, _)) = find_fiscal_year(stem) {
        return Some(fy);
    }
    let chars: Vec<char> = stem.chars().map(fold_width).collect();
    for i in 0..chars.len() {
        let c = chars[i];
        if !matches!(c.to_ascii_uppercase(), 'R' | 'H') {
            continue;
        }
        if i > 0 && chars[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        let digits: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.is_empty() || digits.len() > 2 {
            continue;
        }
        let after = chars.get(i + 1 + digits.len());
        if after.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let era = Era::from_name(&c.to_string())?;
        let year: i32 = digits.parse().ok()?;
        if year >= 1 {
            return Some(FiscalYear(era.western_year(year)));
        }
    }
    western_year_in_name(&chars)
}

/// The one fiscal year the Western numbers of a file name give: a year of
/// four digits (`アクションプラン2026`, `取組_2026`) is that fiscal year; a
/// date (`20261015`, `2027-03-31`, `2027.3`), as an export stamps its file,
/// is the fiscal year it falls in. None when the numbers give two years
/// (`計画2021-2030`) or none.
fn western_year_in_name(chars: &[char]) -> Option<FiscalYear> {
    let runs = digit_runs(chars);
    let mut years = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        let (start, ref digits) = runs[i];
        let month_after = runs.get(i + 1).and_then(|(next, month)| {
            let gap = &chars[start + digits.len()..*next];
            let joined = matches!(gap, ['-' | '.' | '/' | '_' | '年']);
            (joined && month.len() <= 2).then(|| month.parse::<u32>().ok())?
        });
        let year = match digits.len() {
            4 => digits.parse::<i32>().ok().map(|year| {
                match month_after.and_then(|m| NaiveDate::from_ymd_opt(year, m, 1)) {
                    Some(date) => {
                        i += 1;
                        FiscalYear::containing(date)
                    }
                    None => FiscalYear(year),
                }
            }),
            8 => NaiveDate::parse_from_str(digits, "%Y%m%d")
                .ok()
                .map(FiscalYear::containing),
            _ => None,
        };
        if let Some(fy) = year.filter(|fy| YEARS.contains(&fy.0)) {
            years.push(fy);
        }
        i += 1;
    }
    years.dedup();
    match years[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// Each run of ASCII digits in `chars`: where it starts, and its digits.
fn digit_runs(chars: &[char]) -> Vec<(usize, String)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        runs.push((start, chars[start..i].iter().collect()));
    }
    runs
}

/// The years of the calendar a number alone is read as (2025 in a file's
/// or a sheet's name, a cell of a column of years).
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

/// The fiscal year a number cell names as a year of the calendar (2025):
/// a whole number in [`YEARS`].
pub(crate) fn year_number(n: f64) -> Option<FiscalYear> {
    (n.fract() == 0.0 && YEARS.contains(&(n as i32))).then_some(FiscalYear(n as i32))
}

/// The fiscal year a cell of a column of years names: a text naming one
/// (`R7`, `令和8年度`, `2025`) or a number that is a year ([`year_number`]).
pub(crate) fn fiscal_year_of_cell(value: &CellValue) -> Option<FiscalYear> {
    match value {
        CellValue::Text(t) => fiscal_year_of_sheet_name(t),
        CellValue::Number(n) => year_number(*n),
        _ => None,
    }
}

/// The one fiscal year a sheet's name names, when every number in it is
/// a year and they name one year: `R7`, `令和7年度`, `2025`, `FY2025`,
/// `R7（2025）`, `令和元年度`; none for `R5-R9` (a span), `2025.4.1版` (a
/// date) or a name without a year.
pub(crate) fn fiscal_year_of_sheet_name(name: &str) -> Option<FiscalYear> {
    let chars: Vec<char> = name
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut years: Vec<FiscalYear> = Vec::new();
    let folded: String = chars.iter().collect();
    let mut rest = folded.as_str();
    while let Some((fy, end)) = find_fiscal_year(rest) {
        years.push(fy);
        rest = &rest[end..];
    }
    for (start, digits) in digit_runs(&chars) {
        let number: i32 = digits.parse().ok()?;
        let before: String = chars[start.saturating_sub(2)..start].iter().collect();
        let era = ["令和", "平成"]
            .iter()
            .find(|e| before.ends_with(*e))
            .map(|e| e.to_string())
            .or_else(|| {
                let c = *chars.get(start.wrapping_sub(1))?;
                let word_before = start >= 2 && chars[start - 2].is_ascii_alphabetic();
                (matches!(c.to_ascii_uppercase(), 'R' | 'H') && !word_before)
                    .then(|| c.to_ascii_uppercase().to_string())
            });
        match era.and_then(|e| Era::from_name(&e)) {
            Some(era) if (1..=99).contains(&number) => {
                years.push(FiscalYear(era.western_year(number)))
            }
            _ if digits.len() == 4 && YEARS.contains(&number) => years.push(FiscalYear(number)),
            // A number that is no year: a date, a version, a count.
            _ => return None,
        }
    }
    let first = *years.first()?;
    years.iter().all(|&y| y == first).then_some(first)
}

/// An achievement rate: `1` / `100%` → 1.0, `0.7` / `70%` → 0.7, `—` → `None`.
/// Plain numbers above 2 are read as percentages (`85` → 0.85).
pub(crate) fn parse_achievement(value: &CellValue) -> Option<f64> {
    let n = match value {
        CellValue::Number(n) => *n,
        CellValue::Text(t) => {
            let folded: String = t
                .chars()
                .map(fold_width)
                .filter(|c| !c.is_whitespace())
                .collect();
            let (digits, percent) = match folded.strip_suffix('%') {
                Some(d) => (d, true),
                None => (folded.as_str(), false),
            };
            let n: f64 = digits.parse().ok()?;
            if percent {
                return n.is_finite().then_some(n / 100.0);
            }
            n
        }
        _ => return None,
    };
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    Some(if n > 2.0 { n / 100.0 } else { n })
}

/// Responsible divisions: `市民課、総務広報課、関係各課` → three names.
pub(crate) fn split_owners(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', '\n', '/', '／'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The first line of a text, trimmed.
pub(crate) fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// A text on one line: its runs of spaces and line breaks as one space,
/// none at the ends.
pub(crate) fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    line
}

/// The first `count` characters of a text on one line, `…` when cut.
pub fn first_chars(text: &str, count: usize) -> String {
    let flat = one_line(text);
    let mut chars = flat.chars();
    let mut shown: String = chars.by_ref().take(count).collect();
    if chars.next().is_some() {
        shown.push('…');
    }
    shown
}

/// One `【label】 content` section of a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'a> {
    pub label: &'a str,
    pub content: &'a str,
}

/// The 【labelled】 sections of a cell, in order; empty when the cell has
/// none. Text before the first label is ignored.
pub fn sections(text: &str) -> Vec<Section<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut current: Option<&str> = None;
    while let Some(open) = rest.find('【') {
        let before = &rest[..open];
        let after_open = &rest[open + '【'.len_utf8()..];
        let Some(close) = after_open.find('】') else {
            break;
        };
        if let Some(label) = current {
            out.push(Section {
                label,
                content: before.trim(),
            });
        }
        current = Some(after_open[..close].trim());
        rest = &after_open[close + '】'.len_utf8()..];
    }
    if let Some(label) = current {
        out.push(Section {
            label,
            content: rest.trim(),
        });
    }
    out
}

/// The `label：content` lines of a cell (`9月：…`, `上期: …`), in order, a
/// line without a label going on with the one above; empty when the first
/// line has no label. A label is short (at most eight characters).
pub fn labelled_lines(text: &str) -> Vec<Section<'_>> {
    /// The longest label (characters).
    const MAX_LABEL: usize = 8;
    let mut starts: Vec<(usize, &str, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        let labelled = trimmed
            .find(['：', ':'])
            .filter(|&at| at > 0 && trimmed[..at].chars().count() <= MAX_LABEL);
        match labelled {
            Some(at) => {
                let colon = trimmed[at..].chars().next().map_or(1, char::len_utf8);
                starts.push((offset, trimmed[..at].trim(), offset + lead + at + colon));
            }
            None if starts.is_empty() && !trimmed.is_empty() => return Vec::new(),
            None => {}
        }
        offset += line.len();
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &(_, label, content_start))| {
            let end = starts.get(i + 1).map_or(text.len(), |&(next, _, _)| next);
            Section {
                label,
                content: text[content_start..end].trim(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("① 庁舎建て替え", Some(("①", "庁舎建て替え")))]
    #[case("①", Some(("①", "")))]
    #[case("(1) 歳出の抑制", Some(("(1)", "歳出の抑制")))]
    #[case("（２）歳入", Some(("（２）", "歳入")))]
    #[case("No.3", Some(("No.3", "")))]
    #[case("Ｎｏ．12 x", Some(("Ｎｏ．12", "x")))]
    #[case("1 健全な財政基盤の確立", Some(("1", "健全な財政基盤の確立")))]
    #[case("2. 効果的", Some(("2.", "効果的")))]
    #[case("2024(令和6)年度", None)]
    #[case("12月", None)]
    #[case("令和2年度", None)]
    #[case("Note", None)]
    #[case("", None)]
    #[case("ア　つばさ寄附の拡充", Some(("ア", "つばさ寄附の拡充")))]
    #[case("イ．未利用地の売却", Some(("イ．", "未利用地の売却")))]
    #[case("（ウ）窓口の案内", Some(("（ウ）", "窓口の案内")))]
    #[case("(ロ) 台帳の整理", Some(("(ロ)", "台帳の整理")))]
    #[case("アンケート調査の実施", None)]
    #[case("オンライン申請の拡大", None)]
    #[case("ア", None)]
    #[case("（ア", None)]
    #[case("(1ア) 何か", None)]
    fn numbers(#[case] text: &str, #[case] expected: Option<(&str, &str)>) {
        assert_eq!(leading_number(text), expected);
    }

    #[rstest]
    #[case("(1) 窓口の電子化", "(12) 広報紙の刷新", true)]
    #[case("１　窓口サービス", "2 安全安心", true)]
    #[case("① 窓口", "⑫ 広報", true)]
    #[case("1. 基本方針", "(1) 窓口", false)]
    #[case("１　窓口サービス", "(1) 窓口", false)]
    #[case("① 窓口", "1. 窓口", false)]
    #[case("ア　寄附の拡充", "イ　未利用地の売却", true)]
    #[case("（ア）寄附", "（イ）売却", true)]
    #[case("(1)　自主財源の確保", "ア　寄附の拡充", false)]
    #[case("(1) 窓口", "(ア) 窓口", false)]
    #[case("ア　寄附", "(ア) 寄附", false)]
    fn numbers_of_one_level_are_written_alike(
        #[case] a: &str,
        #[case] b: &str,
        #[case] alike: bool,
    ) {
        let (a, b) = (numbering_style(a), numbering_style(b));
        assert!(a.is_some() && b.is_some());
        assert_eq!(a == b, alike, "{a:?} {b:?}");
    }

    #[rstest]
    #[case("令和2年度 重点目標管理シート", Some(2020))]
    #[case("平成31年度 総務部の運営方針", Some(2019))]
    #[case("2024(令和6)年度 部局マニフェスト", Some(2024))]
    #[case("R5年度計画", Some(2023))]
    #[case("Ｒ４年度実績", Some(2022))]
    #[case("令和元年度", Some(2019))]
    #[case("２０２６年度", Some(2026))]
    #[case("小郡市行政経営行動計画＜令和4年度～令和8年度＞", Some(2022))]
    #[case("年度末", None)]
    #[case("XR5年度", None)]
    fn fiscal_years(#[case] text: &str, #[case] fy: Option<i32>) {
        assert_eq!(find_fiscal_year(text).map(|(f, _)| f.0), fy);
    }

    #[rstest]
    #[case("令和8年度　重点目標", Some(2026))]
    #[case(
        "しらかば行動計画（令和7年度～令和9年度）　令和8年度の進み具合",
        Some(2026)
    )]
    #[case("しらかば行動計画（R7年度〜R9年度）R8年度のようす", Some(2026))]
    #[case("しらかば行動計画＜令和4年度～令和8年度＞", Some(2022))]
    #[case("令和8年度のようす（令和7年度～令和9年度の計画）", Some(2026))]
    #[case("のびのび計画", None)]
    fn a_titles_year_is_the_one_named_outside_a_span(#[case] text: &str, #[case] fy: Option<i32>) {
        assert_eq!(title_fiscal_year(text).map(|f| f.0), fy);
    }

    #[rstest]
    #[case("ueda_somubu_R2", Some(2020))]
    #[case("kikugawa_somubu_H31", Some(2019))]
    #[case("令和8年度重点目標管理シート_総務部", Some(2026))]
    #[case("staff_list", None)]
    #[case("HR2", None)]
    #[case("市民協働部_アクションプラン2026_進捗_第2四半期", Some(2026))]
    #[case("取組シート_２０２６", Some(2026))]
    #[case("進行管理_防災室_20261015", Some(2026))]
    #[case("進行管理_防災室_20270215", Some(2026))]
    #[case("実績_2027-03-31", Some(2026))]
    #[case("集計2027.4", Some(2027))]
    #[case("第2次計画2021-2030", None)]
    #[case("計画2025_2026比較", None)]
    #[case("名簿_123456", None)]
    #[case("様式1_2", None)]
    fn file_name_years(#[case] stem: &str, #[case] fy: Option<i32>) {
        assert_eq!(fiscal_year_in_file_name(stem).map(|f| f.0), fy);
    }

    #[rstest]
    #[case("R7", Some(2025))]
    #[case("Ｒ８", Some(2026))]
    #[case("令和7年度", Some(2025))]
    #[case("令和元年度", Some(2019))]
    #[case("2025", Some(2025))]
    #[case("FY2025", Some(2025))]
    #[case("2025年度", Some(2025))]
    #[case("R7（2025）", Some(2025))]
    #[case("H31実績", Some(2019))]
    #[case("R5-R9", None)]
    #[case("2025.4.1版", None)]
    #[case("取組一覧", None)]
    #[case("Sheet1", None)]
    #[case("HR2", None)]
    fn sheet_name_years(#[case] name: &str, #[case] fy: Option<i32>) {
        assert_eq!(fiscal_year_of_sheet_name(name).map(|f| f.0), fy);
    }

    #[rstest]
    #[case(CellValue::Number(1.0), Some(1.0))]
    #[case(CellValue::Number(0.67), Some(0.67))]
    #[case(CellValue::Text("100%".into()), Some(1.0))]
    #[case(CellValue::Text("７０％".into()), Some(0.7))]
    #[case(CellValue::Text("—".into()), None)]
    #[case(CellValue::Number(85.0), Some(0.85))]
    #[case(CellValue::Empty, None)]
    fn achievements(#[case] value: CellValue, #[case] expected: Option<f64>) {
        assert_eq!(parse_achievement(&value), expected);
    }

    #[test]
    fn owners_split() {
        assert_eq!(
            split_owners("市民課、総務広報課、関係各課"),
            vec!["市民課", "総務広報課", "関係各課"]
        );
        assert_eq!(split_owners("財政課"), vec!["財政課"]);
    }

    #[test]
    fn placeholder_words_are_compared_folded_and_borrowed_when_already_so() {
        assert!(matches!(folded("記入"), Cow::Borrowed("記入")));
        assert!(matches!(folded("(記入)"), Cow::Borrowed(_)));
        let owned = folded("（ 記入　）");
        assert!(matches!(owned, Cow::Owned(_)));
        assert_eq!(owned, "(記入)");
    }

    #[test]
    fn placeholders() {
        let p: Vec<String> = ["－", "-", "なし"].iter().map(|s| s.to_string()).collect();
        assert!(is_placeholder("  ", &p));
        assert!(is_placeholder(" － ", &p));
        assert!(is_placeholder("なし", &p));
        assert!(!is_placeholder("済", &p));
        assert!(is_placeholder("…", &p));
        assert!(is_placeholder("・・・", &p));
        assert!(is_placeholder(" ― ", &p));
        assert!(!is_placeholder("…済", &p));
    }

    /// A note in brackets asking for the report, in words the placeholder
    /// list holds only the stem of, is a placeholder; one saying it was
    /// done is a report.
    #[rstest]
    #[case("（記入してください）", true)]
    #[case("【入力のこと】", true)]
    #[case("（記入した）", false)]
    #[case("（記入済み）", false)]
    #[case("（記入欄）", true)]
    #[case("【入力なし】", true)]
    #[case("（欄）", false)]
    #[case("記入願います", true)]
    #[case("（記入願います）", true)]
    #[case("入力してください", true)]
    #[case("入力しています", false)]
    #[case("記入しました", false)]
    #[case("記入をお願いします", true)]
    #[case("（\u{3000}\u{3000}）", true)]
    fn a_request_to_write_is_a_placeholder(#[case] text: &str, #[case] empty: bool) {
        let p: Vec<String> = ["記入", "入力"].iter().map(|s| s.to_string()).collect();
        assert_eq!(is_placeholder(text, &p), empty, "{text}");
    }

    /// Notes of where or when to write, in words the placeholders end
    /// with; a report that mentions them is no note.
    #[rstest]
    #[case("（ここに記入）", true)]
    #[case("←10月に記入", true)]
    #[case("【3月末時点を書き込み】", true)]
    #[case("※上期分を書き込み", true)]
    #[case("※9月末時点のようすを書き込みしてください", true)]
    #[case("※9月末時点のようすは書き込みのとおり。", false)]
    #[case("書き込み", true)]
    #[case("書き込み欄", true)]
    #[case("書き込みなし", true)]
    #[case("書き込み無し", true)]
    #[case("問題なし", false)]
    #[case("記入 欄", true)]
    #[case("欄", false)]
    #[case("記入要領を改めた。", false)]
    #[case("申請書の書き込み欄を減らした", false)]
    #[case("（約100件を書き込み済み）", false)]
    #[case("（）", true)]
    #[case("ここに記入", true)]
    #[case("こちらに書き込みください", true)]
    #[case("10月に記入", true)]
    #[case("10月に記入した", false)]
    #[case("システムに記入", false)]
    #[case("（４月に書き込み予定）", true)]
    #[case("※書き込み予定です", true)]
    #[case("（書き込み予定だった）", false)]
    #[case("研修は12月に開催予定", false)]
    fn notes_of_where_to_write_are_placeholders(#[case] text: &str, #[case] empty: bool) {
        let p: Vec<String> = ["－", "書き込み", "記入"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(is_placeholder(text, &p), empty, "{text}");
    }

    #[test]
    fn first_characters_are_one_line_and_cut() {
        assert_eq!(first_chars("一行目\n二行目", 24), "一行目 二行目");
        let long = "あ".repeat(30);
        assert_eq!(first_chars(&long, 24), format!("{}…", "あ".repeat(24)));
    }

    #[test]
    fn labelled_lines_go_on_below_their_label() {
        let lines = labelled_lines("9月：受付を始めた。\n相談は12件。\n3月：");
        assert_eq!(
            lines,
            vec![
                Section {
                    label: "9月",
                    content: "受付を始めた。\n相談は12件。"
                },
                Section {
                    label: "3月",
                    content: ""
                },
            ]
        );
        assert!(labelled_lines("受付を始めた。\n3月：まだ").is_empty());
        assert!(labelled_lines("").is_empty());
    }

    #[test]
    fn labelled_sections() {
        let s = sections(
            "【施策】 職場の変革\n【達成すべき指標】\n満足度 70%\n【指標を実現するための取組・手段等】\n①研修",
        );
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].label, "施策");
        assert_eq!(s[0].content, "職場の変革");
        assert_eq!(s[1].content, "満足度 70%");
        assert_eq!(s[2].content, "①研修");
        assert!(sections("no sections").is_empty());
    }
}
