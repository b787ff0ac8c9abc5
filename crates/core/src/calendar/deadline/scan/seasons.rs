//! Times of the year named by words, not numbers: a season (夏頃, 今秋,
//! 秋季中, 夏休み中, 令和8年秋) and the new year (年明け).

use super::{
    DEADLINE_NOUNS, MONTH_SUFFIXES, MonthPart, PLACEHOLDERS, Point, Scanner, When, YearRef,
    is_ideograph, is_word_char, plain,
};

/// A season of the year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(in crate::calendar::deadline) enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

impl Season {
    fn of(c: char) -> Option<Season> {
        match c {
            '春' => Some(Season::Spring),
            '夏' => Some(Season::Summer),
            '秋' => Some(Season::Autumn),
            '冬' => Some(Season::Winter),
            _ => None,
        }
    }
}

/// Words after which a time word that would end a compound still stands:
/// the start of an open range (秋以降, 年明け以降).
const STARTS: [&str; 2] = ["以降", "以後"];

impl Scanner<'_> {
    /// A season of the sheet's fiscal year at `i`: 今秋 (firm) or a season
    /// word not inside a compound (晩秋, 春夏秋冬, 秋田, 夏祭り).
    pub(super) fn season_at(&self, i: usize) -> Option<(Point, usize)> {
        if self.is(i, '今') {
            return self.season(i + 1, None, true);
        }
        if self.before(i).is_some_and(is_ideograph) {
            return None;
        }
        self.season(i, None, false)
    }

    /// The season word at `s` (of calendar year `year` when stated), with
    /// 季 / 期, for summer its holidays (夏休み, 夏季休暇), then deadline
    /// words; `firm` when a word of time came first (今秋, 令和8年).
    /// Without a deadline word it must not go on into a longer word.
    pub(super) fn season(&self, s: usize, year: Option<i32>, firm: bool) -> Option<(Point, usize)> {
        let c = self.at(s)?;
        let season = Season::of(c)?;
        let mut j = s + 1;
        if self.at(j).is_some_and(|c| c == '季' || c == '期') {
            j += 1;
        }
        if season == Season::Summer
            && let Some((_, e)) = self.word(j, &["休み", "休暇"])
        {
            j = e;
        }
        let (end, by, any) = self.suffixes(j, &MONTH_SUFFIXES);
        if !any && self.goes_on(end, false) {
            return None;
        }
        let mut point = plain(When::Season { year, season });
        point.by = by;
        point.firm = firm || any;
        Some((point, end))
    }

    /// 年明け (also 年明け早々) at `i`, not ending a longer word (来年明け):
    /// January, in the year after the one the fiscal year starts in; with
    /// まで / までに, before the new year: 31 December.
    pub(super) fn new_year(&self, i: usize) -> Option<(Point, usize)> {
        if !self.starts_with(i, "年明け")
            || self
                .before(i)
                .is_some_and(|p| is_word_char(p) || PLACEHOLDERS.contains(&p))
        {
            return None;
        }
        let mut e = i + 3;
        if self.starts_with(e, "早々") {
            e += 2;
        }
        let (end, by, any) = self.suffixes(e, &MONTH_SUFFIXES);
        if !any && self.goes_on(end, true) {
            return None;
        }
        let when = if by {
            When::YearEnd(YearRef::Relative(0))
        } else {
            When::Month {
                year: None,
                month: 1,
                part: MonthPart::End,
            }
        };
        let mut point = plain(when);
        point.by = by;
        point.firm = any;
        Some((point, end))
    }

    /// Whether a word goes on at `end` into a longer one (秋田, 夏祭り;
    /// not 秋以降, 年明けに): a word character, not 以降 / 以後, and when
    /// `nouns`, not a noun of finishing (年明け公表).
    fn goes_on(&self, end: usize, nouns: bool) -> bool {
        self.at(end).is_some_and(is_word_char)
            && self.word(end, &STARTS).is_none()
            && !(nouns && self.word(end, &DEADLINE_NOUNS).is_some())
    }
}
