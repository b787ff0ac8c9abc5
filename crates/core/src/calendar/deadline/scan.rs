//! The scanner: walks folded text once, left to right, and picks out item
//! labels ((1), ①, 1)), date phrases (9月末まで, 令和3年度末, R7.12,
//! 2025/10/31, 9/末, 27.3.31, 2026-12, 上半期, 年度当初, Q3, 夏頃, 年明け,
//! 4月～5月, 年内, ○月頃 …), words of ongoing work (通年, 随時, 以降継続,
//! 月1回, 毎月末) and words of a date not yet set (未定, 時期は調整中).
//! Each kind of item is looked for only at characters that can begin it.
//! It only reads what the text says; deciding which phrases are deadlines
//! and resolving them to dates is left to the caller.

use crate::calendar::era::Era;
use crate::text::is_hiragana;

mod fiscal;
mod recurring;
mod seasons;

pub(super) use seasons::Season;

/// One thing found in the text, with its range of folded characters.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Found {
    pub item: Item,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Item {
    /// An item label, half-width: `(1)`, `1)`, `①`.
    Label(String),
    /// A date phrase.
    Point(Point),
    /// 通年, 随時, 継続, 毎月, 年間, 常時 (also after a start: 10月から継続,
    /// 以降継続).
    Ongoing,
    /// 未定, 未確定, 調整中, 検討中 …; `timed` when a word of time comes
    /// first (時期未定, 日程は調整中), so the phrase is about a date.
    Undecided { timed: bool },
}

/// A date phrase as written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Point {
    pub when: When,
    /// まで / までに: the phrase says "by".
    pub by: bool,
    /// The phrase carries a deadline word (末, 中, メド, 頃, 予定, 上旬, まで …)
    /// or names a day, a period or the fiscal year's end.
    pub firm: bool,
    /// The year was stated (era or Western year).
    pub explicit: bool,
    /// The end of a range; the span covers the whole range.
    pub range: bool,
    /// Followed by から / より / 以降 without an end: a start.
    pub start_only: bool,
    /// The year is written with two digits (27.3.31): read only where that
    /// can be no other year than one next to the fiscal year's.
    pub short_year: bool,
}

impl Point {
    /// Without a year and without a deadline word or a day: a month (8月),
    /// a month and day written 3/15, 年内 / 年末, 年明け, a season (秋),
    /// 前期 / 後期, ○月; or a fiscal year named alone (R9年度, 来年度).
    /// Such a phrase counts only where its context makes it a deadline.
    pub fn is_bare(&self) -> bool {
        let unstated = !self.explicit
            && matches!(
                self.when,
                When::Month { year: None, .. }
                    | When::YearEnd(YearRef::Relative(_))
                    | When::Period { .. }
                    | When::Season { year: None, .. }
                    | When::Undecided
            );
        !self.firm && (unstated || matches!(self.when, When::FiscalYearLabel(_)))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum When {
    /// A month, in `year` when stated, else inside the fiscal year.
    Month {
        year: Option<i32>,
        month: u32,
        part: MonthPart,
    },
    /// The end of a fiscal year (年度末, 令和3年度末, R5末).
    FiscalYearEnd(YearRef),
    /// A fiscal year named without 末/中/内/まで (R5年度, 来年度): a label,
    /// not a deadline, unless it ends a range or names a later year than
    /// the sheet's where a bare date would count (R9年度 alone in a cell).
    FiscalYearLabel(YearRef),
    /// The end of a calendar year (令和5年末, 令和8年内, 年内, 年末, 暦年末).
    YearEnd(YearRef),
    /// A month not filled in (○月頃, 令和8年○月): no date set yet.
    Undecided,
    /// A season (夏頃, 今秋) of the sheet's fiscal year, or of a calendar
    /// year when stated (令和8年秋).
    Season { year: Option<i32>, season: Season },
    /// A part of a fiscal year: of the sheet's (上半期, Q3) or of one named
    /// (令和9年度当初, 来年度前半).
    Period { year: YearRef, period: Period },
    /// Looks like a date but cannot be one.
    Invalid(String),
}

/// The year of a year's end or a part of a year: of a fiscal year (named by
/// its start year) or of a calendar year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum YearRef {
    /// The start year of the fiscal year the text belongs to, plus an
    /// offset (翌年度末 = +1, 昨年末 = -1).
    Relative(i32),
    /// A year as written.
    Stated(i32),
    /// A year of the era the fiscal year the text belongs to starts in,
    /// written without the era's name (`8年度末` in 令和8年度).
    OfEra(i32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum MonthPart {
    /// The month as a whole: its last day.
    End,
    Day(u32),
    /// 上旬 / 初旬 / 初め / 頭: the 10th.
    Early,
    /// 前半: the 15th.
    FirstHalf,
    /// 中旬 / 半ば: the 20th.
    Middle,
    /// 下旬 / 後半: the last day.
    Late,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Period {
    /// 年度当初 / 年度初め: the fiscal year's first month.
    Start,
    FirstHalf,
    SecondHalf,
    /// 第N四半期; values outside 1–4 are reported, not resolved.
    Quarter(u32),
}

/// Everything the scanner finds in `chars`, in text order, not overlapping.
pub(super) fn scan(chars: &[char]) -> Vec<Found> {
    let scanner = Scanner::new(chars);
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // Nothing read begins with a hiragana, about half of most text.
        if is_hiragana(chars[i]) {
            i += 1;
            continue;
        }
        if let Some((label, end)) = scanner.label(i) {
            found.push(Found {
                item: Item::Label(label),
                start: i,
                end,
            });
            i = end;
        } else if let Some((point, end)) = scanner.point_or_range(i) {
            found.push(Found {
                item: Item::Point(point),
                start: i,
                end,
            });
            i = end;
        } else if let Some(end) = scanner.ongoing(i, || after_start(chars, &found, i)) {
            found.push(Found {
                item: Item::Ongoing,
                start: i,
                end,
            });
            i = end;
        } else if let Some((timed, end)) = scanner.undecided(i) {
            found.push(Found {
                item: Item::Undecided { timed },
                start: i,
                end,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

/// Whether `c` (folded) may begin anything [`scan`] reads but labels: a
/// date phrase, a word of ongoing work or of a date not set yet.
pub(super) fn may_begin_item(c: char) -> bool {
    may_begin_point(c) || may_begin_ongoing(c) || may_begin_undecided(c)
}

/// Whether `c` may begin an ongoing word or a word before one (the first
/// characters of [`ONGOING_LEADS`], [`ONGOING_LENIENT`], [`ONGOING_STRICT`]
/// and of recurring work, [`Scanner::recurring`]):
/// a test cheaper than looking the words up at every character.
fn may_begin_ongoing(c: char) -> bool {
    matches!(
        c,
        '通' | '随'
            | '常'
            | '適'
            | '継'
            | '都'
            | '毎'
            | '隔'
            | '年'
            | '月'
            | '週'
            | '以'
            | '今'
            | '引'
    )
}

/// Whether `c` may begin a date phrase ([`Scanner::point`]): a digit or a
/// numeral, an era's name or letter, a stand-in for a number, or the first
/// character of a word of time (今年度, 翌年度, 年度末, 年末, 年明け, 暦年末,
/// 上期, 下半期, 前期, 後期, 第2四半期, Q3, 夏頃).
fn may_begin_point(c: char) -> bool {
    c.is_ascii_digit()
        || KANJI_DIGITS.contains(&c)
        || PLACEHOLDERS.contains(&c)
        || Era::ALL.iter().any(|era| era.kanji().starts_with(c))
        || matches!(
            c,
            '十' | 'R'
                | 'H'
                | 'S'
                | '今'
                | '本'
                | '当'
                | '翌'
                | '次'
                | '来'
                | '前'
                | '昨'
                | '年'
                | '暦'
                | '上'
                | '下'
                | '後'
                | '第'
                | 'Q'
                | '春'
                | '夏'
                | '秋'
                | '冬'
        )
}

/// Whether `c` may begin an undecided word or a word of time before one
/// (the first characters of [`UNDECIDED_LEADS`] and [`UNDECIDED`]).
fn may_begin_undecided(c: char) -> bool {
    matches!(
        c,
        '実' | '開' | '時' | '日' | '期' | '工' | 'ス' | '予' | '現' | '未' | '調' | '検' | '協'
    )
}

/// Whether `i` follows a start with no end (10月から, 10月～, 10月以降),
/// with nothing but spaces, an opening bracket or a comma between.
fn after_start(chars: &[char], found: &[Found], i: usize) -> bool {
    found.last().is_some_and(|f| {
        matches!(&f.item, Item::Point(p) if p.start_only)
            && chars.get(f.end..i).is_some_and(|gap| {
                gap.iter()
                    .all(|c| matches!(c, ' ' | '(' | '、' | ',' | 'も' | 'は'))
            })
    })
}

const KANJI_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// A character of a kanji numeral: a digit or 十.
pub(crate) fn is_kanji_numeral(c: char) -> bool {
    c == '十' || KANJI_DIGITS.contains(&c)
}

/// The value of a kanji numeral (三, 十二, 二十五, 二〇二五): digits one
/// after another, or tens and units around 十.
pub(crate) fn kanji_numeral(run: &[char]) -> Option<u32> {
    let digit = |c: char| KANJI_DIGITS.iter().position(|&k| k == c).map(|p| p as u32);
    match run.iter().position(|&c| c == '十') {
        Some(ten) => {
            let (high, low) = (&run[..ten], &run[ten + 1..]);
            let tens = match high {
                [] => 1,
                [c] => digit(*c)?,
                _ => return None,
            };
            let units = match low {
                [] => 0,
                [c] => digit(*c)?,
                _ => return None,
            };
            Some(tens * 10 + units)
        }
        None if run.is_empty() => None,
        None => run
            .iter()
            .try_fold(0u32, |acc, &c| Some(acc * 10 + digit(c)?)),
    }
}
/// Stand-ins for a year not filled in (令和X年, 令和○年).
const PLACEHOLDERS: [char; 12] = ['X', 'x', '×', '○', '〇', '●', '◯', '△', '□', '*', '?', '＊'];
const ONGOING_LENIENT: [&str; 4] = ["通年", "随時", "常時", "適宜"];
const ONGOING_STRICT: [&str; 5] = ["継続", "継続中", "継続実施", "年間", "都度"];
/// Words of time that may come before an ongoing word standing on its own
/// (、以降継続, 今後も継続).
const ONGOING_LEADS: [&str; 5] = ["以降", "以後", "今後", "引き続き", "引続き"];
/// What may stand before an ongoing word: the start of the text, a
/// separator or an opening bracket.
const ONGOING_BEFORE: &str = " \n(、・,:/【[「>)→⇒⇨➡↓";
/// Words saying a date is not set yet.
/// Words of a beginning that is itself the milestone (運用開始, 施行).
const BEGINNINGS: [&str; 2] = ["開始", "施行"];
const UNDECIDED: [&str; 8] = [
    "未定",
    "未確定",
    "未決定",
    "未決",
    "調整中",
    "検討中",
    "協議中",
    "未設定",
];
/// Words that may come before an undecided word, and whether they name a
/// time (時期未定, 日程は調整中) rather than only when it is said (現在調整中).
const UNDECIDED_LEADS: [(&str, bool); 13] = [
    ("実施時期", true),
    ("開催時期", true),
    ("時期", true),
    ("日程", true),
    ("期限", true),
    ("期日", true),
    ("日時", true),
    ("開催日", true),
    ("実施日", true),
    ("工期", true),
    ("スケジュール", true),
    ("予定", true),
    ("現在", false),
];

/// A date phrase, where it ends, and the era it was written in.
type Parsed = (Point, usize, Option<Era>);

/// Folded text read by position.
pub(super) struct Scanner<'a> {
    c: &'a [char],
}

impl<'a> Scanner<'a> {
    pub fn new(chars: &'a [char]) -> Self {
        Scanner { c: chars }
    }

    pub fn at(&self, i: usize) -> Option<char> {
        self.c.get(i).copied()
    }

    pub fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|p| self.at(p))
    }

    pub fn is(&self, i: usize, c: char) -> bool {
        self.at(i) == Some(c)
    }

    pub fn starts_with(&self, i: usize, s: &str) -> bool {
        (i..).zip(s.chars()).all(|(j, c)| self.at(j) == Some(c))
    }

    /// Whether `s` is written just before `i`.
    pub fn ends_with(&self, i: usize, s: &str) -> bool {
        i.checked_sub(s.chars().count())
            .is_some_and(|from| self.starts_with(from, s))
    }

    /// Where the spaces from `i` on end.
    pub fn skip_spaces(&self, mut i: usize) -> usize {
        while self.is(i, ' ') {
            i += 1;
        }
        i
    }

    /// A run of 1..=`max` ASCII digits starting at `i`, not preceded or
    /// followed by another digit.
    fn digits(&self, i: usize, max: usize) -> Option<(u32, usize)> {
        if self.before(i).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let mut j = i;
        let mut value: u32 = 0;
        while let Some(d) = self.at(j).and_then(|c| c.to_digit(10)) {
            if j - i == max {
                return None;
            }
            value = value * 10 + d;
            j += 1;
        }
        (j > i).then_some((value, j))
    }

    /// A kanji numeral (三, 十二, 二十五, 二〇二五) of at most four characters.
    fn kanji_number(&self, i: usize) -> Option<(u32, usize)> {
        if self.before(i).is_some_and(is_kanji_numeral) {
            return None;
        }
        let mut j = i;
        while self.at(j).is_some_and(is_kanji_numeral) {
            j += 1;
        }
        if j == i || j - i > 4 {
            return None;
        }
        Some((kanji_numeral(&self.c[i..j])?, j))
    }

    fn number(&self, i: usize, max_digits: usize) -> Option<(u32, usize)> {
        self.digits(i, max_digits).or_else(|| self.kanji_number(i))
    }

    /// Where the spaces before `i` begin.
    pub fn skip_spaces_back(&self, mut i: usize) -> usize {
        while self.before(i) == Some(' ') {
            i -= 1;
        }
        i
    }

    /// The longest of `words` at `i`.
    pub fn word(&self, i: usize, words: &[&'static str]) -> Option<(&'static str, usize)> {
        words
            .iter()
            .filter(|w| self.starts_with(i, w))
            .max_by_key(|w| w.chars().count())
            .map(|w| (*w, i + w.chars().count()))
    }

    fn label(&self, i: usize) -> Option<(String, usize)> {
        let c = self.at(i)?;
        if ('①'..='⑳').contains(&c) {
            return Some((c.to_string(), i + 1));
        }
        if c == '(' {
            let (_, end) = self.digits(i + 1, 2)?;
            if self.is(end, ')') {
                return Some((self.c[i..=end].iter().collect(), end + 1));
            }
            return None;
        }
        if c.is_ascii_digit() && self.before(i).is_none_or(|p| matches!(p, ' ' | '\n' | '>')) {
            let (_, end) = self.digits(i, 2)?;
            if self.is(end, ')') {
                return Some((self.c[i..=end].iter().collect(), end + 1));
            }
        }
        None
    }

    /// An ongoing word standing as a schedule of its own: at the start, after
    /// a separator or bracket, after a start with no end (`after_start`:
    /// 10月から継続), or after a word of time that so stands (、以降継続,
    /// 今後も継続); not inside a compound (継続的, 年間の寄附金額).
    fn ongoing(&self, i: usize, after_start: impl FnOnce() -> bool) -> Option<usize> {
        // Most characters begin no such word: a cheap test first.
        if !self.at(i).is_some_and(may_begin_ongoing) {
            return None;
        }
        let before_ok = self.before(i).is_none_or(|p| ONGOING_BEFORE.contains(p)) || after_start();
        if !before_ok {
            return None;
        }
        let j = match self.word(i, &ONGOING_LEADS) {
            Some((_, e)) if self.is(e, 'も') => e + 1,
            Some((_, e)) => e,
            None => i,
        };
        if let Some((_, end)) = self.word(j, &ONGOING_LENIENT) {
            return (self.at(end) != Some('的')).then_some(end);
        }
        if let Some(end) = self.recurring(j) {
            return Some(end);
        }
        if let Some((_, end)) = self.word(j, &ONGOING_STRICT) {
            return self.ends_schedule(end).then_some(end);
        }
        None
    }

    /// Whether a schedule word ending before `end` stands as a whole:
    /// nothing, a separator or bracket, or で / に follow (継続で, 毎月に),
    /// not the rest of a compound (継続的, 年間の寄附金額).
    fn ends_schedule(&self, end: usize) -> bool {
        self.at(end)
            .is_none_or(|a| " \n)、。・,/」】<]でに".contains(a))
    }

    /// A word saying the date is not set yet, and whether a word of time
    /// comes first (時期未定, 実施時期は調整中). Without one it must stand on
    /// its own (未定, （調整中）), not end a compound (方針検討中) or begin one
    /// (未定稿, 未決裁).
    fn undecided(&self, i: usize) -> Option<(bool, usize)> {
        // Most characters begin no such word: a cheap test first.
        if !self.at(i).is_some_and(may_begin_undecided) {
            return None;
        }
        let lead = UNDECIDED_LEADS
            .iter()
            .filter(|(w, _)| self.starts_with(i, w))
            .max_by_key(|(w, _)| w.chars().count());
        if let Some((word, timed)) = lead {
            let mut j = self.skip_spaces(i + word.chars().count());
            if self
                .at(j)
                .is_some_and(|c| matches!(c, 'は' | 'が' | 'も' | ':'))
            {
                j = self.skip_spaces(j + 1);
            }
            if let Some(end) = self.undecided_word(j) {
                return Some((*timed, end));
            }
        }
        if self.before(i).is_some_and(is_word_char) {
            return None;
        }
        self.undecided_word(i).map(|end| (false, end))
    }

    fn undecided_word(&self, j: usize) -> Option<usize> {
        let (_, end) = self.word(j, &UNDECIDED)?;
        (!self.at(end).is_some_and(is_word_char)).then_some(end)
    }

    /// A date phrase at `i`, or a range of two (4月～5月, 10月から12月にかけて,
    /// 令和8年4月～令和9年3月), which stands for its end.
    fn point_or_range(&self, i: usize) -> Option<(Point, usize)> {
        let (mut first, end, era) = self.point(i, None)?;
        let j = self.skip_spaces(end);
        if let Some((_, after)) = self.word(j, &["以降", "以後"]) {
            first.start_only = true;
            return Some((first, after));
        }
        // ~~ after a phrase that ~~ opens closes a strike-through
        // (~~9月~~→12月); elsewhere it is a doubled range mark (10月～～12月).
        let struck = self.ends_with(self.skip_spaces_back(i), "~~");
        let sep_end = if self.is(j, '~') && !self.is(j + 1, '~') {
            Some(j + 1)
        } else if self.starts_with(j, "~~") && !struck {
            Some(j + 2)
        } else {
            self.word(j, &["から", "より"]).map(|(_, e)| e)
        };
        let Some(sep_end) = sep_end else {
            return Some((first, end));
        };
        let k = self.skip_spaces(sep_end);
        // 11月上旬～下旬: a range of parts of one month stands for the later part.
        if let When::Month { year, month, .. } = first.when
            && let Some((part, part_end)) = self.month_part(k)
        {
            let (end, by, _) = self.suffixes(part_end, &MONTH_SUFFIXES);
            let mut last = plain(When::Month { year, month, part });
            last.by = by;
            last.firm = true;
            last.range = true;
            last.explicit = first.explicit;
            return Some((last, end));
        }
        match self.point(k, era) {
            Some((mut last, last_end, _)) => {
                if let (
                    When::Month {
                        year: Some(y),
                        month: m1,
                        ..
                    },
                    When::Month {
                        year: year @ None,
                        month: m2,
                        ..
                    },
                ) = (&first.when, &mut last.when)
                {
                    *year = Some(if *m2 >= *m1 { *y } else { y.saturating_add(1) });
                    last.explicit = true;
                }
                last.range = true;
                last.firm = true;
                let end = self
                    .word(last_end, &["にかけて", "の間"])
                    .map_or(last_end, |(_, e)| e);
                Some((last, end))
            }
            None if self.names_a_beginning(k) => Some((first, end)),
            None => {
                first.start_only = true;
                Some((first, sep_end))
            }
        }
    }

    /// Whether the word at `i` names a beginning as the thing to be done
    /// (運用開始, 受付開始予定, 施行): after から it makes the start the
    /// milestone (令和8年7月から運用開始 is due in July), where any other
    /// word (段階的に導入, 実施) leaves a start with no end.
    fn names_a_beginning(&self, i: usize) -> bool {
        let mut end = i;
        while self.at(end).is_some_and(is_word_char) {
            end += 1;
        }
        let run: String = self.c[i..end].iter().collect();
        let run = run.strip_suffix("予定").unwrap_or(&run);
        BEGINNINGS.iter().any(|word| run.ends_with(word))
    }

    /// One date phrase at `i`. `era` is the era of the phrase before a range
    /// separator, so 令和8年4月～9年3月 reads the end in 令和.
    fn point(&self, i: usize, era: Option<Era>) -> Option<Parsed> {
        // Most characters begin no date phrase: a cheap test first. 後
        // begins only 後期, not the frequent 今後 or その後.
        if !self.at(i).is_some_and(may_begin_point) || self.is(i, '後') && !self.is(i + 1, '期') {
            return None;
        }
        self.era_point(i)
            .or_else(|| self.western_point(i))
            .or_else(|| {
                let era = era?;
                let (year, k) = self.number(i, 3)?;
                let k = self.skip_spaces(k);
                if !self.is(k, '年') {
                    return None;
                }
                let western = i32::try_from(year).ok()?;
                self.year_tail(era.western_year(western), k, false)
                    .map(|(p, e)| (p, e, Some(era)))
            })
            .or_else(|| self.relative_point(i).map(|(p, e)| (p, e, None)))
    }

    fn era_at(&self, i: usize) -> Option<(Era, usize)> {
        for era in Era::ALL {
            if self.starts_with(i, era.kanji()) {
                return Some((era, i + 2));
            }
        }
        let c = self.at(i)?;
        // 令8.12, 平30.3: an era's first kanji alone before its year, as a
        // letter is written.
        if let Some(era) = Era::ALL
            .into_iter()
            .find(|era| era.kanji().starts_with(c) && matches!(c, '令' | '平' | '昭'))
            && !self.before(i).is_some_and(is_word_char)
            && self.at(i + 1).is_some_and(|n| n.is_ascii_digit())
        {
            return Some((era, i + 1));
        }
        if matches!(c, 'R' | 'H' | 'S')
            && !self.before(i).is_some_and(|p| p.is_ascii_alphanumeric())
            && self
                .at(i + 1)
                .is_some_and(|n| n.is_ascii_digit() || n == '元')
        {
            return Era::from_name(&c.to_string()).map(|era| (era, i + 1));
        }
        None
    }

    fn era_point(&self, i: usize) -> Option<Parsed> {
        let (era, j) = self.era_at(i)?;
        let letter = j == i + 1;
        let j = self.skip_spaces(j);
        let c = self.at(j)?;
        if !letter && PLACEHOLDERS.contains(&c) {
            let mut k = j;
            while self
                .at(k)
                .is_some_and(|c| PLACEHOLDERS.contains(&c) || c == ' ')
            {
                k += 1;
            }
            if !self.is(k, '年') {
                return None;
            }
            let mut end = k + 1;
            if self.is(end, '度') {
                end += 1;
            }
            let (end, _, _) = self.suffixes(end, &FISCAL_SUFFIXES);
            let point = plain(When::Invalid(format!(
                "{}何年か書かれていません",
                era.kanji()
            )));
            return Some((point, end, Some(era)));
        }
        let (year, k) = if c == '元' {
            (1, j + 1)
        } else {
            self.number(j, 3)?
        };
        let year = i32::try_from(year).ok()?;
        let western = era.western_year(year);
        let (mut point, end) = self.year_tail(western, k, letter)?;
        if year == 0 {
            point.when = When::Invalid(format!("{}0年という年はありません", era.kanji()));
        }
        Some((point, end, Some(era)))
    }

    fn western_point(&self, i: usize) -> Option<Parsed> {
        let (year, k) = self.digits(i, 4)?;
        if k - i != 4 || !(1800..=2200).contains(&year) {
            return None;
        }
        let year = i32::try_from(year).ok()?;
        // 2024(令和6)年度: the era year in brackets restates the year.
        if self.is(k, '(') {
            let (_, j) = self.era_at(k + 1)?;
            let j = self.skip_spaces(j);
            let (_, j) = if self.is(j, '元') {
                (1, j + 1)
            } else {
                self.number(j, 3)?
            };
            if !self.is(j, ')') {
                return None;
            }
            return self
                .year_tail(year, j + 1, false)
                .map(|(p, e)| (p, e, None));
        }
        let sep = self.at(k)?;
        if sep == '年' {
            return self.year_tail(year, k, false).map(|(p, e)| (p, e, None));
        }
        // 2026Q3, 2026-Q3: a quarter of that fiscal year.
        if let Some(found) = self.year_quarter(year, k) {
            return Some((found.0, found.1, None));
        }
        if !matches!(sep, '/' | '-' | '.') {
            return None;
        }
        let (month, e) = self.digits(k + 1, 2)?;
        if self.is(e, sep)
            && let Some((day, e2)) = self.digits(e + 1, 2)
        {
            let when = When::Month {
                year: Some(year),
                month,
                part: MonthPart::Day(day),
            };
            let (end, by, _) = self.suffixes(e2, &MONTH_SUFFIXES);
            let mut point = plain(when);
            point.firm = true;
            point.by = by;
            point.explicit = true;
            return Some((point, end, None));
        }
        if let Some(after) = self.slash_end(e, sep) {
            // 2026/9/末
            let (mut point, end) = self.month_end_at(Some(year), month, after);
            point.explicit = true;
            return Some((point, end, None));
        }
        // 2027.2 is February 2027; 2027.25 or 2027.2% is a figure. With a
        // hyphen only the ISO form with a two-digit month (2026-12) is a month.
        let figure = sep == '.' && (!(1..=12).contains(&month) || self.is(e, '%'));
        let iso_month = sep == '-' && e - (k + 1) == 2 && (1..=12).contains(&month);
        if (sep == '-' && !iso_month) || self.is(e, sep) || figure {
            return None;
        }
        let (end, by, any) = self.suffixes(e, &MONTH_SUFFIXES);
        let mut point = plain(When::Month {
            year: Some(year),
            month,
            part: MonthPart::End,
        });
        point.by = by;
        point.firm = any;
        point.explicit = true;
        Some((point, end, None))
    }

    /// What follows a stated year (`western`) ending before `k`: 年度 (+ 末),
    /// 年 N月 …, 年末, and for era letters and Western years .N(.D) and 末.
    fn year_tail(&self, western: i32, k: usize, dotted: bool) -> Option<(Point, usize)> {
        let k2 = self.skip_spaces(k);
        let explicit = |mut p: Point| {
            p.explicit = true;
            p
        };
        if self.is(k2, '年') {
            let m = k2 + 1;
            if self.is(m, '度') {
                let (point, end) = self.fiscal_tail(YearRef::Stated(western), m + 1);
                return Some((explicit(point), end));
            }
            // 令和5年末, 令和8年内, 令和8年中: the end of that calendar year.
            let year_end = match self.at(m) {
                Some('末' | '内') => true,
                Some('中') => !self.at(m + 1).is_some_and(|c| "間心止断旬".contains(c)),
                _ => false,
            };
            if year_end {
                let (end, by, _) = self.suffixes(m + 1, &MONTH_SUFFIXES);
                let mut point = plain(When::YearEnd(YearRef::Stated(western)));
                point.by = by;
                point.firm = true;
                return Some((explicit(point), end));
            }
            // 令和8年秋頃: a season of that calendar year.
            if let Some((point, end)) = self.season(m, Some(western), true) {
                return Some((explicit(point), end));
            }
            // 令和8年第4回定例会: that year's session of the assembly.
            if let Some((point, end)) = self.numbered_session(self.skip_spaces(m), Some(western)) {
                return Some((explicit(point), end));
            }
            let m2 = self.skip_spaces(m);
            if let Some((point, end)) = self.placeholder_month(m2) {
                return Some((explicit(point), end));
            }
            let (month, e) = self.number(m2, 2)?;
            let e = self.skip_spaces(e);
            if !self.is(e, '月') {
                return None;
            }
            let (point, end) = self.month_tail(Some(western), month, e + 1);
            return Some((explicit(point), end));
        }
        if !dotted {
            return None;
        }
        // R8Q3: a quarter of that fiscal year.
        if let Some(found) = self.year_quarter(western, k) {
            return Some(found);
        }
        if self.is(k, '末') {
            // R5末: the end of fiscal year 令和5.
            let (end, by, _) = self.suffixes(k + 1, &FISCAL_SUFFIXES);
            let mut point = plain(When::FiscalYearEnd(YearRef::Stated(western)));
            point.by = by;
            point.firm = true;
            return Some((explicit(point), end));
        }
        // R7.12, H30.4.1, and with slashes R8/1/20.
        let sep = self.at(k).filter(|&c| c == '.' || c == '/')?;
        let (month, e) = self.digits(self.skip_spaces(k + 1), 2)?;
        if sep == '.' && self.is(e, '月') {
            let (point, end) = self.month_tail(Some(western), month, e + 1);
            return Some((explicit(point), end));
        }
        if let Some(after) = self.slash_end(e, sep) {
            // R8/9/末
            let (point, end) = self.month_end_at(Some(western), month, after);
            return Some((explicit(point), end));
        }
        if self.is(e, sep)
            && let Some((day, e2)) = self.digits(self.skip_spaces(e + 1), 2)
        {
            let mut point = plain(When::Month {
                year: Some(western),
                month,
                part: MonthPart::Day(day),
            });
            point.firm = true;
            let (end, by, _) = self.suffixes(e2, &MONTH_SUFFIXES);
            point.by = by;
            return Some((explicit(point), end));
        }
        // R4.5% is a figure, not 令和4年5月.
        if self.at(e).is_some_and(|c| c == '%' || c == '.' || c == '/') {
            return None;
        }
        let (end, by, any) = self.suffixes(e, &MONTH_SUFFIXES);
        let mut point = plain(When::Month {
            year: Some(western),
            month,
            part: MonthPart::End,
        });
        point.by = by;
        point.firm = any;
        Some((explicit(point), end))
    }

    /// After `N月` (ending before `j`): a day, 上旬/中旬/下旬, 末, then
    /// deadline words.
    fn month_tail(&self, year: Option<i32>, month: u32, j: usize) -> (Point, usize) {
        let (part, after, firm) = if let Some((day, k)) = self.number(j, 2)
            && self.is(k, '日')
        {
            (MonthPart::Day(day), k + 1, true)
        } else if let Some((part, k)) = self.month_part(j) {
            (part, k, true)
        } else if let Some((_, k)) = self.word(j, &ASSEMBLY_WORDS) {
            // 9月議会: the month's session of the city assembly.
            (MonthPart::End, k, true)
        } else {
            (MonthPart::End, j, false)
        };
        let (end, by, any) = self.suffixes(after, &MONTH_SUFFIXES);
        let mut point = plain(When::Month { year, month, part });
        point.by = by;
        point.firm = firm || any;
        (point, end)
    }

    /// `/末` (or `.末`, `/末日`) at `e`, the separator of a date being
    /// `sep`: the month's end written where its day would be (9/末).
    /// Where it ends.
    fn slash_end(&self, e: usize, sep: char) -> Option<usize> {
        if !(self.is(e, sep) && self.is(e + 1, '末')) {
            return None;
        }
        Some(if self.is(e + 2, '日') { e + 3 } else { e + 2 })
    }

    /// The end of `month` (of `year` when stated) written with its end
    /// mark ending before `after`, then deadline words.
    fn month_end_at(&self, year: Option<i32>, month: u32, after: usize) -> (Point, usize) {
        let (end, by, _) = self.suffixes(after, &MONTH_SUFFIXES);
        let mut point = plain(When::Month {
            year,
            month,
            part: MonthPart::End,
        });
        point.by = by;
        point.firm = true;
        (point, end)
    }

    /// A part of a month at `j` (上旬, 初め, 前半, 中旬, 下旬, 末 …), and
    /// where it ends.
    fn month_part(&self, j: usize) -> Option<(MonthPart, usize)> {
        let (word, k) = self.word(j, &MONTH_PARTS)?;
        let part = match word {
            "上旬" | "初旬" | "初め" | "始め" | "はじめ" | "頭" => MonthPart::Early,
            "前半" => MonthPart::FirstHalf,
            "中旬" | "半ば" => MonthPart::Middle,
            "下旬" | "後半" => MonthPart::Late,
            _ => MonthPart::End,
        };
        Some((part, k))
    }

    /// Deadline words after a date, in any order: returns where they end,
    /// whether one was まで/までに, and whether there was any.
    fn suffixes(&self, mut j: usize, words: &[&'static str]) -> (usize, bool, bool) {
        let (mut by, mut any) = (false, false);
        for _ in 0..4 {
            let Some((word, end)) = self.word(j, words) else {
                break;
            };
            // 年度中間, 9月中心, 8月中止 are not 中 "during", 年度内容 not 内.
            if word == "中" && self.at(end).is_some_and(|c| "間心止断旬".contains(c))
                || word == "内" && self.at(end).is_some_and(|c| "容訳部外".contains(c))
            {
                break;
            }
            by |= word.starts_with("まで");
            any = true;
            j = end;
        }
        (j, by, any)
    }

    fn relative_point(&self, i: usize) -> Option<(Point, usize)> {
        let c = self.at(i)?;
        // 年度末, 今年度末, 翌年度末 …
        let (offset, j) = match c {
            '今' | '本' | '当' => (0, i + 1),
            '翌' | '次' | '来' => (1, i + 1),
            '前' | '昨' => (-1, i + 1),
            _ => (0, i),
        };
        if self.starts_with(j, "年度") {
            if j == i
                && self.before(i).is_some_and(|p| {
                    p.is_ascii_alphanumeric() || p == '元' || KANJI_DIGITS.contains(&p) || p == '十'
                })
            {
                return None;
            }
            let (point, end) = self.fiscal_tail(YearRef::Relative(offset), j + 2);
            // 年度 alone is the word, not a year named.
            let word_alone = j == i && matches!(point.when, When::FiscalYearLabel(_));
            return (!word_alone).then_some((point, end));
        }
        // Words of time begin with a kanji; a digit (the most common start)
        // goes on to a quarter (3Q) or a month.
        if !c.is_ascii_digit()
            && let Some(found) = self.calendar_year_end(i, offset, j).or_else(|| match c {
                '年' => self.new_year(i),
                '今' | '春' | '夏' | '秋' | '冬' => self.season_at(i),
                '上' | '下' | '前' | '後' => self.half_alone(i),
                _ => None,
            })
        {
            return Some(found);
        }
        if let Some((period, end)) = self.quarter(i) {
            return Some(self.period(YearRef::Relative(0), period, end));
        }
        if c == '第' {
            return self.numbered_session(i, None);
        }
        let ideograph_before = self.before(i).is_some_and(is_ideograph);
        // N月, with the shorthand range N～M月.
        if self
            .before(i)
            .is_some_and(|p| p == '.' || p.is_ascii_alphabetic())
        {
            return None;
        }
        if let Some(found) = self.placeholder_month(i) {
            return Some(found);
        }
        let (month, k) = match self.digits(i, 2) {
            Some(d) => d,
            None if !ideograph_before => self.kanji_number(i)?,
            None => return None,
        };
        let k2 = self.skip_spaces(k);
        // 8年度末: a year of the sheet's era, its name left out; read only
        // next to the sheet's fiscal year.
        if self.starts_with(k2, "年度") && !self.before(i).is_some_and(is_word_char) {
            let (mut point, end) = self.fiscal_tail(YearRef::OfEra(month as i32), k2 + 2);
            point.short_year = true;
            return Some((point, end));
        }
        if self.is(k2, '~')
            && let Some((last, e)) = self.number(self.skip_spaces(k2 + 1), 2)
            && self.is(e, '月')
        {
            let (mut point, end) = self.month_tail(None, last, e + 1);
            point.range = true;
            point.firm = true;
            return Some((point, end));
        }
        if k == i + 2
            && self.at(i).is_some_and(|c| c.is_ascii_digit())
            && let Some(found) = self.short_year_date(month, k)
        {
            return Some(found);
        }
        if self.is(k, '/') {
            return self.month_and_day(i, month, k);
        }
        if self.is(k, '・') && self.months_listed(k) {
            // 7・1月: each number of the list is a month of its own.
            return Some((
                plain(When::Month {
                    year: None,
                    month,
                    part: MonthPart::End,
                }),
                k,
            ));
        }
        if !self.is(k, '月') {
            return None;
        }
        Some(self.month_tail(None, month, k + 1))
    }

    /// 年末 / 年内 (also 今年末, 本年内, 来年末, 暦年末) at `i`, the year
    /// word at `j` after a prefix worth `offset` years: the end of a
    /// calendar year, counted from the year the fiscal year starts in. Not
    /// a year's count or a compound before it (5年内, 毎年末, 同年末), not
    /// a year before the fiscal year's (昨年末, 前年末: looking back), and
    /// not a compound after it unless it names a completion (年末年始,
    /// 年末調整; but 年内完了).
    fn calendar_year_end(&self, i: usize, offset: i32, j: usize) -> Option<(Point, usize)> {
        if offset < 0 {
            return None;
        }
        let j = if j == i && self.is(i, '暦') {
            i + 1
        } else {
            j
        };
        if !self.is(j, '年') || !self.at(j + 1).is_some_and(|c| matches!(c, '末' | '内')) {
            return None;
        }
        if self.before(i).is_some_and(|p| {
            is_word_char(p) || matches!(p, 'か' | 'ヵ' | 'ヶ') || PLACEHOLDERS.contains(&p)
        }) {
            return None;
        }
        let (end, by, any) = self.suffixes(j + 2, &MONTH_SUFFIXES);
        if !any
            && self.at(end).is_some_and(is_word_char)
            && self.word(end, &DEADLINE_NOUNS).is_none()
        {
            return None;
        }
        let mut point = plain(When::YearEnd(YearRef::Relative(offset)));
        point.by = by;
        point.firm = any;
        Some((point, end))
    }

    /// A month not filled in at `i` (○月, ○月頃, ○月○日, ●月上旬): no date
    /// set yet.
    fn placeholder_month(&self, i: usize) -> Option<(Point, usize)> {
        let is_placeholder = |j: usize| self.at(j).is_some_and(|c| PLACEHOLDERS.contains(&c));
        if !is_placeholder(i) {
            return None;
        }
        if self.before(i).is_some_and(|p| {
            p.is_ascii_alphanumeric()
                || p == '十'
                || KANJI_DIGITS.contains(&p)
                || PLACEHOLDERS.contains(&p)
        }) {
            return None;
        }
        let mut k = i;
        while is_placeholder(k) {
            k += 1;
        }
        if k == i || k - i > 2 {
            return None;
        }
        let k = self.skip_spaces(k);
        if !self.is(k, '月') {
            return None;
        }
        let mut after = k + 1;
        let mut day = after;
        while is_placeholder(day) || self.at(day).is_some_and(|c| c.is_ascii_digit()) {
            day += 1;
        }
        let mut firm = false;
        if day > after && self.is(day, '日') {
            (after, firm) = (day + 1, true);
        } else if let Some((_, e)) = self.month_part(after) {
            (after, firm) = (e, true);
        }
        let (end, by, any) = self.suffixes(after, &MONTH_SUFFIXES);
        let mut point = plain(When::Undecided);
        point.by = by;
        point.firm = firm || any;
        Some((point, end))
    }

    /// `3/15` (the slash at `k`): a day inside the fiscal year. Counts like
    /// a bare month unless a deadline word follows; `1/100`, `13/5` and
    /// `3/15/2027` are not read.
    fn month_and_day(&self, start: usize, month: u32, k: usize) -> Option<(Point, usize)> {
        if self
            .before(start)
            .is_some_and(|c| matches!(c, '/' | '.' | '-'))
        {
            return None;
        }
        if let Some(after) = self.slash_end(k, '/') {
            // 9/末: the end of the month.
            return (1..=12)
                .contains(&month)
                .then(|| self.month_end_at(None, month, after));
        }
        self.day_after(None, month, k)
    }

    /// `27.3.31` or `27/3/31` (the separator at `k`, the two-digit year
    /// `year`): a day of 2000 + `year`, marked [`Point::short_year`] so that
    /// it counts only next to the fiscal year. `27.3` is a figure, not read.
    fn short_year_date(&self, year: u32, k: usize) -> Option<(Point, usize)> {
        let sep = self.at(k).filter(|&c| c == '.' || c == '/')?;
        let (month, e) = self.digits(k + 1, 2)?;
        if !self.is(e, sep) {
            return None;
        }
        let year = 2000 + i32::try_from(year).ok()?;
        let (mut point, end) = self.day_after(Some(year), month, e)?;
        point.firm = true;
        point.explicit = true;
        point.short_year = true;
        Some((point, end))
    }

    /// The day after the separator at `k` of `month` (of `year` when
    /// stated), with deadline words after it: `/15` of 3/15. Not a day
    /// followed by another separator or a percent sign (3/15/2027, 1/2%).
    fn day_after(&self, year: Option<i32>, month: u32, k: usize) -> Option<(Point, usize)> {
        let (day, e) = self.digits(k + 1, 2)?;
        if !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
            || self.at(e).is_some_and(|c| matches!(c, '/' | '.' | '%'))
        {
            return None;
        }
        let (end, by, any) = self.suffixes(e, &MONTH_SUFFIXES);
        let mut point = plain(When::Month {
            year,
            month,
            part: MonthPart::Day(day),
        });
        point.by = by;
        point.firm = any;
        Some((point, end))
    }

    /// Whether the `・` at `k` continues a list of month numbers that ends
    /// in 月 (`7・1月`, `6・9・12月`).
    fn months_listed(&self, mut k: usize) -> bool {
        while self.is(k, '・') {
            let Some((_, e)) = self.digits(k + 1, 2) else {
                return false;
            };
            if self.is(e, '月') {
                return true;
            }
            k = e;
        }
        false
    }

    /// A quarter of fiscal year `year` written right after it (`2026Q3`,
    /// `2026-Q3`, `R8Q3`), `k` after the year.
    fn year_quarter(&self, year: i32, k: usize) -> Option<(Point, usize)> {
        let q = if matches!(self.at(k), Some('-' | ' ')) {
            k + 1
        } else {
            k
        };
        if !self.is(q, 'Q') {
            return None;
        }
        let n = self.at(q + 1)?.to_digit(10)?;
        let end = q + 2;
        if !(1..=4).contains(&n)
            || self
                .at(end)
                .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':'))
        {
            return None;
        }
        let (mut point, end) = self.period(YearRef::Stated(year), Period::Quarter(n), end);
        point.explicit = true;
        Some((point, end))
    }

    /// A numbered session of the city assembly at `i` (`第4回定例会`): the
    /// four regular sessions meet in March, June, September and December,
    /// of `year` when stated.
    fn numbered_session(&self, i: usize, year: Option<i32>) -> Option<(Point, usize)> {
        if !self.is(i, '第') {
            return None;
        }
        let (n, k) = self.number(i + 1, 1)?;
        if !(1..=4).contains(&n) || !self.is(k, '回') {
            return None;
        }
        let (_, e) = self.word(k + 1, &ASSEMBLY_WORDS)?;
        let (end, by, _) = self.suffixes(e, &MONTH_SUFFIXES);
        let mut point = plain(When::Month {
            year,
            month: 3 * n,
            part: MonthPart::End,
        });
        point.by = by;
        point.firm = true;
        Some((point, end))
    }

    fn period(&self, year: YearRef, period: Period, end: usize) -> (Point, usize) {
        let (end, by, _) = self.suffixes(end, &PERIOD_SUFFIXES);
        let mut point = plain(When::Period { year, period });
        point.by = by;
        point.firm = true;
        (point, end)
    }
}

/// Parts of a month after `N月`.
const MONTH_PARTS: [&str; 13] = [
    "上旬",
    "初旬",
    "初め",
    "始め",
    "はじめ",
    "頭",
    "前半",
    "中旬",
    "半ば",
    "下旬",
    "後半",
    "末日",
    "末",
];
const MONTH_SUFFIXES: [&str; 16] = [
    "までに",
    "まで",
    "末日",
    "末",
    "中",
    "頃",
    "ごろ",
    "目途",
    "目処",
    "メド",
    "めど",
    "予定",
    "を目途",
    "を目処",
    "をメド",
    "をめど",
];
/// Nouns of finishing, handing in or making public: a bare date right
/// before one (3/20公表, 8月策定) or after one (報告は3/15, 提出期限 3/15)
/// reads as a deadline, and 年内 / 年末 may go on into one (年内完了).
pub(super) const DEADLINE_NOUNS: [&str; 22] = [
    "期限",
    "締切",
    "締め切り",
    "〆切",
    "〆",
    "提出",
    "報告",
    "公表",
    "公開",
    "発行",
    "完了",
    "完成",
    "終了",
    "策定",
    "決定",
    "施行",
    "開催",
    "実施",
    "納品",
    "竣工",
    "回答",
    "取りまとめ",
];
/// A month's session of the city assembly (9月議会, 12月定例会).
const ASSEMBLY_WORDS: [&str; 3] = ["議会", "定例会", "定例議会"];
const FISCAL_SUFFIXES: [&str; 5] = ["末", "内", "中", "までに", "まで"];
const PERIOD_SUFFIXES: [&str; 4] = ["末", "中", "までに", "まで"];

fn plain(when: When) -> Point {
    Point {
        when,
        by: false,
        firm: false,
        explicit: false,
        range: false,
        start_only: false,
        short_year: false,
    }
}

/// CJK unified ideographs (kanji).
pub(crate) fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

/// A character that goes on with a word: kanji, katakana (not the middle
/// dot), ASCII letters and digits.
pub(super) fn is_word_char(c: char) -> bool {
    is_ideograph(c)
        || matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FE}')
        || c.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cheap_tests_let_every_word_through() {
        for word in ONGOING_LEADS
            .iter()
            .chain(&ONGOING_LENIENT)
            .chain(&ONGOING_STRICT)
        {
            assert!(word.chars().next().is_some_and(may_begin_ongoing), "{word}");
        }
        for word in ["毎", "隔"].iter().chain(&recurring::COUNT_UNITS) {
            assert!(word.chars().next().is_some_and(may_begin_ongoing), "{word}");
        }
        for word in ["夏頃", "今秋", "年明け", "前期", "後期", "Q3", "3Q", "第3Q"] {
            assert!(word.chars().next().is_some_and(may_begin_point), "{word}");
        }
        // The scan passes over hiragana without a look.
        for c in '\u{3041}'..='\u{309F}' {
            assert!(
                !may_begin_item(c) && Scanner::new(&[c]).label(0).is_none(),
                "{c}"
            );
        }
        for word in UNDECIDED_LEADS.iter().map(|(w, _)| w).chain(&UNDECIDED) {
            assert!(
                word.chars().next().is_some_and(may_begin_undecided),
                "{word}"
            );
        }
    }
}
