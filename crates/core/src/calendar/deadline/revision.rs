//! Deadlines written over. A cell that moves its deadline often keeps the
//! old one beside the new: `9月末→12月末`, `9月末 ⇒ 12月末（延期）`,
//! `当初：8月 → 変更：11月`, `9月末（12月末に延期）`, `12月末（当初9月末）`,
//! `~~令和8年9月~~→令和9年1月`. Only the last is in force; the ones it
//! replaces are not deadlines.
//!
//! Three ways of writing it are read:
//!
//! - **An arrow** (→ ⇒ ⇨ ➡ ↓ -> =>) between two phrases, with nothing else
//!   between them than separators, brackets and words about the change
//!   (当初, 変更, 延期, 予定 …). An arrow between phrases with other words
//!   (6月 素案 → 9月 公表) is a sequence of steps, each a deadline.
//! - **A word of postponing** after the later phrase (12月末に延期, まで延長,
//!   へ変更), the earlier phrase right before it with nothing but the same
//!   separators and words between (9月末を12月末に延期, 9月末（12月末に延期）).
//! - **A mark of the original** before a phrase (当初, 当初予定, 変更前, 旧)
//!   when a phrase beside it, in the same sentence and item, is not so
//!   marked.
//!
//! A phrase struck through with `~~` on both sides is written over too, and
//! so is one followed by を and a word of postponing (9月末を延期し、…).

use std::ops::Range;

use super::scan::{Found, Item, Scanner, is_ideograph, is_word_char};

/// The item at `replaced` is no longer in force; `by` is the item that
/// replaces it (`None` for a phrase struck through).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Revision {
    pub replaced: usize,
    pub by: Option<usize>,
}

const ARROWS: [char; 10] = ['→', '⇒', '⇨', '➡', '➔', '➜', '➝', '⟶', '↓', '⬇'];
/// What may stand between two phrases joined by an arrow besides words
/// about the change.
const FILLER: &str = " \n()[]「」【】『』:、,・~*";
/// Words about the change itself, allowed around an arrow or before a word
/// of postponing.
const CHANGE_WORDS: [&str; 20] = [
    "当初予定",
    "当初計画",
    "当初",
    "変更後",
    "変更前",
    "変更",
    "延期後",
    "延期",
    "延長後",
    "延長",
    "修正後",
    "修正",
    "見直し後",
    "見直し",
    "予定",
    "計画",
    "期限",
    "旧",
    "新",
    "を",
];
/// Words after a phrase (with に or へ between, or after its まで) that
/// make it replace the one before: 12月末に延期, 3月末まで延長.
const POSTPONING: [&str; 9] = [
    "延期",
    "延長",
    "変更",
    "順延",
    "繰り延べ",
    "繰延べ",
    "繰延",
    "見直し",
    "修正",
];
/// Words before a phrase that mark it as the one replaced.
const ORIGINAL: [&str; 6] = ["当初予定", "当初計画", "当初", "変更前", "延期前", "旧"];

/// Every phrase of `found` (items of `chars`) written over, in text order,
/// each once. Linear in the text.
pub(super) fn revisions(chars: &[char], found: &[Found]) -> Vec<Revision> {
    let text = Scanner::new(chars);
    let is_phrase = |i: usize| {
        found
            .get(i)
            .is_some_and(|f| !matches!(f.item, Item::Label(_)))
    };
    let marked: Vec<bool> = (0..found.len())
        .map(|i| is_phrase(i) && marked_original(&text, found[i].start))
        .collect();
    // Whether phrase `a` and the next one, `a + 1`, are joined as a
    // postponement: nothing between but separators, brackets and words
    // about the change, and an arrow or a word of postponing.
    let postponed = |a: usize| {
        is_phrase(a + 1)
            && filler(&text, found[a].end, found[a + 1].start)
                .is_some_and(|arrow| arrow || postpones(chars, found[a + 1].end))
    };
    // A phrase beside a phrase marked as the original, in its sentence
    // and not so marked itself.
    let beside_original = |i: usize| {
        let previous = i.checked_sub(1).filter(|&p| is_phrase(p));
        let next = Some(i + 1).filter(|&n| is_phrase(n));
        [previous, next].into_iter().flatten().find(|&other| {
            let (a, b) = (i.min(other), i.max(other));
            !marked[other] && !chars[found[a].end..found[b].start].contains(&'。')
        })
    };
    let struck = struck_ranges(chars);
    let mut struck = struck.iter().peekable();
    let mut revisions = Vec::new();
    for (i, f) in found.iter().enumerate() {
        if !is_phrase(i) {
            continue;
        }
        // Ranges and phrases are both in text order.
        while struck.next_if(|r| r.end < f.end).is_some() {}
        let by = if postponed(i) {
            Some(i + 1)
        } else if marked[i] {
            beside_original(i)
        } else {
            None
        };
        let struck_through = struck
            .peek()
            .is_some_and(|r| r.start <= f.start && f.end <= r.end);
        if by.is_some() || struck_through || is_moved_away(&text, f.end) {
            revisions.push(Revision { replaced: i, by });
        }
    }
    revisions
}

/// Whether a word of postponing follows `end` as the new date's (に延期,
/// へ変更, 3月末まで延長, 12月に延期した): the phrase ending there replaces
/// an earlier date. Not after から or を (9月末から延期, 9月末を延期: the
/// date moved away from).
pub(super) fn postpones(chars: &[char], end: usize) -> bool {
    let text = Scanner::new(chars);
    let mut i = text.skip_spaces(end);
    if text.at(i).is_some_and(|c| matches!(c, 'に' | 'へ')) {
        i = text.skip_spaces(i + 1);
    } else if !(text.ends_with(end, "まで") || text.ends_with(end, "までに")) {
        return false;
    }
    postponing_word_at(&text, i)
}

/// Whether a word of postponing, not the start of a longer word (変更案),
/// is written at `i`.
fn postponing_word_at(text: &Scanner<'_>, i: usize) -> bool {
    text.word(i, &POSTPONING)
        .is_some_and(|(_, e)| !text.at(e).is_some_and(is_ideograph))
}

/// Whether the phrase ending at `end` is the date moved away from:
/// 9月末を延期, 9月末を変更.
fn is_moved_away(text: &Scanner<'_>, end: usize) -> bool {
    let i = text.skip_spaces(end);
    text.is(i, 'を') && postponing_word_at(text, text.skip_spaces(i + 1))
}

/// Whether `from..to` holds nothing but separators, brackets, arrows and
/// words about the change; `Some(true)` when it holds an arrow.
fn filler(text: &Scanner<'_>, from: usize, to: usize) -> Option<bool> {
    let mut arrow = false;
    let mut i = from;
    while i < to {
        let c = text.at(i)?;
        if ARROWS.contains(&c) {
            arrow = true;
            i += 1;
        } else if matches!(c, '-' | '=') && text.is(i + 1, '>') {
            arrow = true;
            i += 2;
        } else if FILLER.contains(c) {
            i += 1;
        } else {
            i = text.word(i, &CHANGE_WORDS)?.1;
        }
    }
    (i == to).then_some(arrow)
}

/// Whether a mark of the original (当初, 変更前 …) stands right before
/// `start`, with :, は, の, a bracket or spaces between; not the end of a
/// longer word (復旧).
fn marked_original(text: &Scanner<'_>, start: usize) -> bool {
    let mut i = start;
    while text
        .before(i)
        .is_some_and(|c| matches!(c, ' ' | ':' | 'は' | 'の' | '('))
    {
        i -= 1;
    }
    ORIGINAL.iter().any(|w| {
        text.ends_with(i, w) && !text.before(i - w.chars().count()).is_some_and(is_word_char)
    })
}

/// The stretches between two `~~` on one line: struck through.
fn struck_ranges(chars: &[char]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\n' => open = None,
            '~' if chars.get(i + 1) == Some(&'~') => {
                match open.take() {
                    Some(from) => ranges.push(from..i),
                    None => open = Some(i + 2),
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    ranges
}
