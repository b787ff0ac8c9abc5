//! Parts of a fiscal year: what follows 年度 (its end, its first month, a
//! half or a quarter of it, or nothing: a label), and the halves and
//! quarters written without a year (上半期, 前期, 第3四半期, Q3, 3Q).

use super::{
    FISCAL_SUFFIXES, KANJI_DIGITS, MONTH_SUFFIXES, Period, Point, Scanner, When, YearRef,
    is_ideograph, is_word_char, plain,
};

/// Words for the first month of a fiscal year after 年度 (年度当初).
const YEAR_START: [&str; 5] = ["当初", "初め", "始め", "はじめ", "初頭"];
/// Halves of a fiscal year. 上半期 / 下半期 / 上期 / 下期 stand alone;
/// 前期 / 後期 alone only outside a compound (not 前期高齢者); 前半 / 後半
/// only after 年度.
const HALVES: [(&str, Period); 8] = [
    ("上半期", Period::FirstHalf),
    ("下半期", Period::SecondHalf),
    ("上期", Period::FirstHalf),
    ("下期", Period::SecondHalf),
    ("前期", Period::FirstHalf),
    ("後期", Period::SecondHalf),
    ("前半", Period::FirstHalf),
    ("後半", Period::SecondHalf),
];

impl Scanner<'_> {
    /// What follows 年度 (ending before `k`) of the fiscal year `year`:
    /// 末 / 内 / 中 / まで (its end), 当初 / 初め (its first month), 前半 /
    /// 後期 / 第3四半期 / Q3, also after の (a part of it), or nothing (a
    /// label naming the year).
    pub(super) fn fiscal_tail(&self, year: YearRef, k: usize) -> (Point, usize) {
        let (end, by, any) = self.suffixes(k, &FISCAL_SUFFIXES);
        if any {
            let mut point = plain(When::FiscalYearEnd(year));
            point.by = by;
            point.firm = true;
            return (point, end);
        }
        // Most years named are labels: a cheap test of what may follow.
        let part = self.skip_spaces(k);
        if !self
            .at(part)
            .is_some_and(|c| c.is_ascii_digit() || "当初始はの上下前後第Q".contains(c))
        {
            return (plain(When::FiscalYearLabel(year)), k);
        }
        if let Some((_, e)) = self.word(k, &YEAR_START) {
            let (end, by, _) = self.suffixes(e, &MONTH_SUFFIXES);
            let mut point = plain(When::Period {
                year,
                period: Period::Start,
            });
            point.by = by;
            point.firm = true;
            return (point, end);
        }
        let part = if self.is(part, 'の') { part + 1 } else { part };
        let period = HALVES
            .iter()
            .find(|(word, _)| self.starts_with(part, word))
            .map(|(word, period)| (*period, part + word.chars().count()))
            .or_else(|| self.quarter(part));
        match period {
            Some((period, e)) => self.period(year, period, e),
            None => (plain(When::FiscalYearLabel(year)), k),
        }
    }

    /// A half of the sheet's fiscal year written alone at `i`: 上半期,
    /// 下期, 前期 … A two-character word after a kanji is part of a
    /// compound (計画前期); 前期 / 後期 before one too (前期高齢者, 後期比),
    /// and they are bare (count like a month alone) without a deadline
    /// word after them: 前期 is also the term before.
    pub(super) fn half_alone(&self, i: usize) -> Option<(Point, usize)> {
        let (word, period) = HALVES[..6].iter().find(|(w, _)| self.starts_with(i, w))?;
        let e = i + word.chars().count();
        if word.chars().count() == 2
            && self.before(i).is_some_and(is_ideograph)
            && self.before(i) != Some('度')
        {
            return None;
        }
        let (mut point, end) = self.period(YearRef::Relative(0), *period, e);
        if matches!(*word, "前期" | "後期") {
            if end == e && self.at(e).is_some_and(is_word_char) {
                return None;
            }
            point.firm = end > e;
        }
        Some((point, end))
    }

    /// A quarter at `i`: 第3四半期, 第3Q, Q3, 3Q, and where it ends. The
    /// letter forms stand apart from other letters and digits and are not
    /// a numbered question (Q3. or Q3:); they name only quarters 1–4.
    pub(super) fn quarter(&self, i: usize) -> Option<(Period, usize)> {
        let stands_apart = |e: usize| {
            !self
                .at(e)
                .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':'))
        };
        let in_year = |n: u32, e: usize| ((1..=4).contains(&n) && stands_apart(e)).then_some(e);
        let digit = |j: usize| self.at(j).and_then(|c| c.to_digit(10));
        let c = self.at(i)?;
        if c == '第' {
            // One digit: 第三四半期 must not read 三四 as 34.
            let d = self.at(i + 1)?;
            let n = d
                .to_digit(10)
                .or_else(|| KANJI_DIGITS.iter().position(|&k| k == d).map(|p| p as u32))?;
            if self.starts_with(i + 2, "四半期") {
                return Some((Period::Quarter(n), i + 5));
            }
            let end = self.is(i + 2, 'Q').then(|| in_year(n, i + 3)).flatten()?;
            return Some((Period::Quarter(n), end));
        }
        if self.before(i).is_some_and(|p| p.is_ascii_alphanumeric()) {
            return None;
        }
        let (n, end) = if c == 'Q' {
            (digit(i + 1)?, i + 2)
        } else if self.is(i + 1, 'Q') {
            (digit(i)?, i + 2)
        } else {
            return None;
        };
        Some((Period::Quarter(n), in_year(n, end)?))
    }
}
