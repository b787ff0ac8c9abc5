//! A time word inside a sentence that states a target (`年度末フォロワー数
//! 9,000を目標`, `年度末の登録者数を1,200人とする`, `3月末時点で参加率60%`)
//! says when the figure is measured: it is part of the measure, not a
//! deadline. Read so where the text is a target's (a target column or
//! label) or a year's plan (`R8年度計画`); a deadline column's `年度末まで`
//! stays a deadline, and so does the date of work to finish in a target
//! (`年度末までに策定`, `12月末完了`).
//!
//! A clause (up to 、, 。 or a line break) states a target when it holds a
//! figure — a number that is no date, no year, no numbering (`(1)`,
//! `第2期`, `R6`) and no note in brackets (`（約100業務）`) — whose unit (at
//! most two characters, or a word in katakana: 人, %, 件, 億円, ポイント)
//! ends the clause, or is followed, past particles (を, と, に, まで …) and
//! the clause's dates, by a word of the dictionary's `[measure] targets`
//! (目標, 目指す, とする, 以上, 増やす …). A figure followed by other work
//! (`3回開催`, `1件策定`) counts what is done: the date stays its deadline.

use crate::calendar::{Deadline, DeadlineKind};
use crate::text::is_hiragana;

use super::dictionary::{FieldDictionary, fold_width};

/// The most characters of a figure's unit other than a katakana word.
const MAX_UNIT_CHARS: usize = 2;

/// The deadlines `found` in a target's or a plan's `text`, less the dates
/// of clauses that state a target (see the module docs): those are when a
/// figure is measured.
pub(crate) fn outside_measures(
    text: &str,
    found: Vec<Deadline>,
    dict: &FieldDictionary,
) -> Vec<Deadline> {
    if !found.iter().any(names_a_date) {
        return found;
    }
    let chars: Vec<char> = text.chars().map(fold_width).collect();
    let char_at = |byte: usize| text.char_indices().take_while(|&(i, _)| i < byte).count();
    let spans: Vec<(usize, usize)> = found
        .iter()
        .map(|d| (char_at(d.span.start), char_at(d.span.end)))
        .collect();
    let mut covered = vec![false; chars.len()];
    for &(start, end) in &spans {
        for c in covered.iter_mut().take(end).skip(start) {
            *c = true;
        }
    }
    let text = Clauses {
        chars: &chars,
        covered: &covered,
        targets: dict.measure_targets(),
    };
    found
        .into_iter()
        .zip(spans)
        .filter(|(d, (start, end))| !names_a_date(d) || !text.states_target(*start, *end))
        .map(|(d, _)| d)
        .collect()
}

/// Whether a deadline names a date (a due date or one that cannot be
/// resolved), not ongoing work or a date not set yet.
fn names_a_date(d: &Deadline) -> bool {
    matches!(
        d.kind,
        DeadlineKind::Due { .. } | DeadlineKind::Unresolved { .. }
    )
}

/// A text folded to half-width, with the characters of its dates marked.
struct Clauses<'a> {
    chars: &'a [char],
    covered: &'a [bool],
    targets: &'a [String],
}

impl Clauses<'_> {
    /// Whether the clause around the date at `start..end` states a target.
    fn states_target(&self, start: usize, end: usize) -> bool {
        if self.by_date_in_brackets(start, end) {
            return false;
        }
        let from = (0..start)
            .rev()
            .find(|&i| self.is_break(i))
            .map_or(0, |i| i + 1);
        let to = (end..self.chars.len())
            .find(|&i| self.is_break(i))
            .unwrap_or(self.chars.len());
        let mut i = from;
        while i < to {
            if !self.chars[i].is_ascii_digit() || self.covered[i] {
                i += 1;
                continue;
            }
            let run_end = self.number_end(i, to);
            if self.is_figure(from, i, run_end) && self.figure_states_target(run_end, to) {
                return true;
            }
            i = run_end;
        }
        false
    }

    /// Whether the date at `start..end` stands in brackets of its own with
    /// まで after it (`（9月末までに）`, `（年度末まで）`): a note of when
    /// the work is to be done, apart from the figure. A date alone in
    /// brackets (`1,200人（年度末）`) says when the figure is measured.
    fn by_date_in_brackets(&self, start: usize, end: usize) -> bool {
        /// The most characters between the date and the closing bracket.
        const MAX_AFTER: usize = 4;
        let opens = start
            .checked_sub(1)
            .is_some_and(|i| matches!(self.chars[i], '(' | '「' | '【' | '〔'));
        if !opens {
            return false;
        }
        let rest: String = self.chars[end..]
            .iter()
            .take_while(|c| !matches!(c, ')' | '」' | '】' | '〕'))
            .take(MAX_AFTER + 1)
            .collect();
        let closed = self
            .chars
            .get(end + rest.chars().count())
            .is_some_and(|c| matches!(c, ')' | '」' | '】' | '〕'));
        let phrase: String = self.chars[start..end].iter().collect();
        let by = rest.starts_with("まで") || phrase.ends_with("まで") || phrase.ends_with("までに");
        closed && rest.chars().count() <= MAX_AFTER && by
    }

    /// Where a clause ends: 、 。 a line break, or a comma between words
    /// (not one between digits, 9,000).
    fn is_break(&self, i: usize) -> bool {
        match self.chars[i] {
            '、' | '。' | '\n' | ';' => true,
            ',' => !(self.digit_at(i.wrapping_sub(1)) && self.digit_at(i + 1)),
            _ => false,
        }
    }

    fn digit_at(&self, i: usize) -> bool {
        self.chars.get(i).is_some_and(char::is_ascii_digit)
    }

    /// The end of the number starting at `i`: digits, with commas and
    /// decimal points between them.
    fn number_end(&self, i: usize, to: usize) -> usize {
        let mut j = i;
        while j < to
            && (self.digit_at(j)
                || (matches!(self.chars[j], ',' | '.') && self.digit_at(j + 1) && j + 1 < to))
        {
            j += 1;
        }
        j
    }

    /// Whether the number at `start..end` of the clause opening at `from`
    /// is a figure: no year, month or numbering (`R6`, `第2期`, `(1)`,
    /// `1.`, `令和8年度`), and not inside brackets (a note).
    fn is_figure(&self, from: usize, start: usize, end: usize) -> bool {
        let before = start.checked_sub(1).map(|i| self.chars[i]);
        let after = self.chars.get(end).copied();
        if before.is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '第' | '№' | '#')) {
            return false;
        }
        if after.is_some_and(|c| {
            matches!(
                c,
                '年' | '月' | '期' | '次' | '号' | '条' | '章' | '/' | '.'
            )
        }) {
            return false;
        }
        let opened = self.chars[from..start]
            .iter()
            .fold(0i32, |depth, &c| match c {
                '(' | '「' | '【' => depth + 1,
                ')' | '」' | '】' => depth - 1,
                _ => depth,
            });
        opened <= 0
    }

    /// Whether a figure whose digits end at `end` states a target in the
    /// clause ending at `to`: its unit ends the clause or is followed by a
    /// target word (past particles and dates).
    fn figure_states_target(&self, end: usize, to: usize) -> bool {
        let mut unit_ends = vec![end];
        let mut k = end;
        while k < to && k - end < MAX_UNIT_CHARS && self.is_unit_char(k) {
            k += 1;
            unit_ends.push(k);
        }
        let katakana = (end..to)
            .take_while(|&k| is_katakana(self.chars[k]))
            .count();
        if katakana > MAX_UNIT_CHARS {
            unit_ends.push(end + katakana);
        }
        unit_ends
            .into_iter()
            .any(|unit_end| self.target_follows(unit_end, to))
    }

    /// A character a unit may hold: no kana but katakana, no digit, space,
    /// bracket or date.
    fn is_unit_char(&self, k: usize) -> bool {
        let c = self.chars[k];
        !self.covered[k]
            && !c.is_whitespace()
            && !c.is_ascii_digit()
            && !is_hiragana(c)
            && !matches!(c, '(' | ')' | '「' | '」' | '【' | '】' | ':')
    }

    /// Whether, from `k`, past particles, spaces, brackets and dates, the
    /// clause ends or a target word follows.
    fn target_follows(&self, mut k: usize, to: usize) -> bool {
        while k < to {
            let c = self.chars[k];
            if self.covered[k] || c.is_whitespace() || matches!(c, '(' | ')' | '「' | '」') {
                k += 1;
            } else if self.starts_with(k, "まで") {
                k += 2;
            } else if matches!(
                c,
                'を' | 'と' | 'に' | 'へ' | 'の' | 'が' | 'は' | 'も' | 'で'
            ) {
                k += 1;
            } else {
                break;
            }
        }
        k >= to || self.targets.iter().any(|w| self.starts_with(k, w))
    }

    fn starts_with(&self, k: usize, word: &str) -> bool {
        let mut at = k;
        word.chars().all(|w| {
            let same = self.chars.get(at) == Some(&w);
            at += 1;
            same
        })
    }
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{FiscalYear, extract_deadlines};
    use rstest::rstest;

    /// The due dates a target's text states in 令和8年度.
    fn due(text: &str) -> Vec<String> {
        let found = extract_deadlines(text, FiscalYear(2026));
        outside_measures(text, found, &FieldDictionary::default())
            .iter()
            .filter_map(Deadline::due)
            .map(|d| d.to_string())
            .collect()
    }

    /// Sentences stating a target in words the dictionary's field and
    /// report words do not hold: the time word is when the figure is
    /// measured.
    #[rstest]
    #[case("年度末フォロワー数9,000を目標")]
    #[case("年度末の登録者数を1,200人とする")]
    #[case("3月末時点で参加率60%")]
    #[case("年度末に満足度80%を目指す")]
    #[case("年度末には会員を9,000人まで増やす")]
    #[case("年度末に参加者を500人に")]
    #[case("令和8年度末の利用率70%")]
    #[case("年度末の目標値 80%")]
    #[case("利用者数1,200人（年度末）")]
    #[case("参加者100人を12月末までに達成")]
    #[case("○SNS…投稿方法の研究、年度末フォロワー数9,000を目標")]
    #[case("9月末の相談件数 150件以上")]
    #[case("年度末の登録事業者数 30社")]
    #[case("12月末までに経費を10%削減")]
    #[case("年度末ポイント数 5,000ポイント")]
    fn a_time_word_in_a_sentence_stating_a_target_is_no_deadline(#[case] text: &str) {
        assert_eq!(due(text), Vec::<String>::new(), "{text}");
    }

    /// Work to finish by a date stays a deadline, also beside a figure
    /// that counts what is done or is a note, and in another clause than
    /// a target's.
    #[rstest]
    #[case("年度末までに策定", &["2027-03-31"])]
    #[case("12月末完了", &["2026-12-31"])]
    #[case("9月末に研修会を2回開催", &["2026-09-30"])]
    #[case("年度末までに研修を3回実施する", &["2027-03-31"])]
    #[case("(1) 9月末 (2) 年度末", &["2026-09-30", "2027-03-31"])]
    #[case("第2期計画を9月末までに策定", &["2026-09-30"])]
    #[case("点検・評価（約100業務） （令和8年10月に公表）", &["2026-10-31"])]
    #[case("9月末までに計画を策定し、年度末の登録者数を1,200人とする", &["2026-09-30"])]
    #[case("11月末までに「地域公共交通網形成計画」を策定", &["2026-11-30"])]
    #[case("R8年度中に5か所で実施", &["2027-03-31"])]
    #[case("見守り拠点を20基設ける（9月末までに）", &["2026-09-30"])]
    #[case("遊休地を10ha減らす（年度末まで）", &["2027-03-31"])]
    #[case("相談員を3人増やす【12月まで】", &["2026-12-31"])]
    fn a_deadline_of_work_stays(#[case] text: &str, #[case] want: &[&str]) {
        assert_eq!(due(text), want, "{text}");
    }

    #[test]
    fn ongoing_work_and_dates_not_set_stay() {
        let text = "通年で参加者500人を目指す";
        let found = extract_deadlines(text, FiscalYear(2026));
        assert!(!found.is_empty());
        let kept = outside_measures(text, found.clone(), &FieldDictionary::default());
        assert_eq!(kept, found);
    }

    /// The words that follow a target's figure are the dictionary's.
    #[test]
    fn the_target_words_are_the_dictionarys() {
        let text = "年度末に参加者500人を確約";
        let found = || extract_deadlines(text, FiscalYear(2026));
        let built_in = FieldDictionary::default();
        assert_eq!(outside_measures(text, found(), &built_in).len(), 1);
        let extended = built_in
            .extended_with_toml("[measure]\ntargets = [\"確約\"]\n")
            .unwrap();
        assert!(outside_measures(text, found(), &extended).is_empty());
    }
}
