//! Deadline extraction: the concrete deadlines a goal-sheet cell states in
//! free Japanese text (9月末まで, 令和3年度末, 年度内, (1) 8月 (2) 通年, …),
//! resolved to dates inside a fiscal year; and [`deadline_reference`] for a
//! cell that points elsewhere instead (同上, 〃, 左記のとおり, 別紙のとおり).
//!
//! The text is folded (full-width to half-width, with a map back to the
//! original byte offsets), scanned once for labels, date phrases, words of
//! ongoing work and of dates not yet set, and each phrase is then judged in
//! its context.
//!
//! Readings worth stating: a month without a year lies inside the fiscal
//! year (April–December in its start year, January–March in the next), and
//! so does a month and day written `3/15`; a range stands for its end
//! (`11月上旬～下旬` for the end of 下旬); `9月議会` is the end of the
//! assembly's month; `7・1月` names both months; `2027.2` and `R8/1/20` are
//! a Western year and month and an era date; `R5末` is the end of fiscal year 令和5
//! (2024-03-31) while `令和5年末` is 31 December 2023 (a period), and so
//! `年末`, `年内`, `暦年末` and `令和8年内` are 31 December: of the year the
//! fiscal year starts in when no year is written (年内 in 令和8年度 is
//! 2026-12-31; 来年末 a year later); era letters are R, H and S in upper
//! case; 令和X年, 13月 and 2月30日 are reported as unresolved.
//!
//! Parts of months and years: `9月頭` / `9月初め` are the 10th (as 上旬),
//! `9月前半` the 15th, `9月半ば` the 20th (as 中旬), `9月後半` the last day
//! (as 下旬); `9/末` the end of September. `年度当初` / `年度初め` is the
//! end of the fiscal year's first month (April, month precision), also of
//! a year named (`令和9年度当初`, `来年度当初`); `年度前半` / `前期` its
//! first half (30 September), `年度後半` / `後期` its second (31 March);
//! `Q3`, `3Q`, `第3Q` its third quarter (Q1 = April–June, so 31 December).
//! `年明け` is January (31 January of the year after the start year;
//! `年明けまで` 31 December). A **season** is a rough date, of
//! [`Precision::Season`]: the end of its last month (夏頃, 夏休み中 → 8月末,
//! 秋頃 / 今秋 → 11月末, 冬頃 → 2月末); 春 alone is reported as unresolved,
//! since a fiscal year has spring at both ends (April–May and March), and
//! so is a calendar year's 冬 (令和9年冬), which runs into the next year
//! (令和9年春 is 31 May 2027). A later fiscal year named alone where a
//! bare date would count (`R9年度`, `来年度`, `（令和9年度）`, `次年度以降`,
//! `令和9年度から実施`) is its end: the work is put off past the sheet's
//! year. `27.3.31` (a two-digit year with month and day) is 2027-03-31
//! only when that date lies in the sheet's fiscal year or one next to it,
//! where no era year could be meant (H27 is 2015); `27.3` is a figure.
//! `2026-12`, the ISO year and month with a two-digit month, is December.
//!
//! A date outside the sheet's fiscal year (H30.3, 前年度中, R9年度 in
//! 令和8年度) is kept as written; [`Deadline::outside_year`] tells which
//! side it lies on, for the reader to warn about.
//!
//! Kinds besides due dates: **ongoing** work (通年, 随時, 適宜, 継続, 年間,
//! 常時; recurring work: 毎月, 毎週, 毎月末, 毎月15日, 隔月, 月1回,
//! 週2回程度, 年4回開催; also after a start with no end, 10月から継続,
//! 10月以降も継続, …、以降継続), and a date **not set yet** ([`DeadlineKind::Undecided`]):
//! 未定, 未確定, 未決定, 調整中, 検討中, 協議中, after a word of time
//! (時期未定, 実施時期は調整中) or standing on their own, and a month not
//! filled in (○月頃, 令和8年○月). In one segment (up to a line break, 。
//! or label) a stated deadline or ongoing work wins over an undecided word
//! (R8年度中（時期は調整中） is 2027-03-31), and one undecided word is
//! enough (検討中（未定））.
//!
//! **Postponements** (module `revision`): a deadline written over by a later
//! one is not in force and is left out of the result, the later one taking
//! its place: `9月末→12月末`, `9月末 ⇒ 12月末（延期）`, `当初：8月 → 変更：11月`,
//! `9月末（12月末に延期）`, `12月末（当初9月末）`, `~~令和8年9月~~→令和9年1月`.
//! The deadline in force keeps its own span; the history of a workbook
//! reports the move between saves (the old and the new dates).
//!
//! The rules that keep a phrase out, all conservative:
//!
//! - **Start, not end.** A date followed by から / より / 以降 / ～ with no
//!   end date after it (令和5年4月から段階的に…, 10月～) is a start: no due
//!   date (ongoing only when it says the work continues).
//! - **Fiscal-year labels.** 令和5年度 / R4年度 without 末・中・内・まで names
//!   the year a figure belongs to (R4年度 55.8% → R5年度 70%), unless it
//!   ends a range (令和4年度～令和8年度).
//! - **As-of figures.** A date directly followed by 実績・時点・現在・決算・付,
//!   or by a noun ending in 実績・決算・残高 (平成31年2月末実績,
//!   R2年度末地方債残高), or whose sentence goes on to report a result
//!   (…との計画に対し、実績は…), is the as-of point of a figure. Phrases
//!   with まで / までに are deadlines regardless.
//! - **Past events.** A date whose sentence (up to 。, a line break or the
//!   next label) ends in the past tense (…た / …だ) is a report of what was
//!   done (8月に…を実施した). Clauses joined by 、 are followed to the
//!   predicate; a clause that ends in a noun (（10月予定）、…) stands alone.
//!   A date followed by a word of postponing (12月末に延期した) is not a
//!   past event.
//! - **Before the year, in prose.** In a long sentence, a stated date before
//!   the fiscal year begins (令和元年9月に…, R2年度末の普及率) refers to the
//!   past, unless it says まで / までに; 昨年末 and 前年末 look back too.
//! - **Bare dates.** A month without 末・中・まで・メド・頃・予定 or a day,
//!   a month and day written `3/15`, 年末 / 年内 without a year, and ○月
//!   count only in a short deadline cell or segment (8月, 10月・1月,
//!   (1) 上半期に1回開催), inside brackets holding nothing but dates
//!   ((9月), （11月、3月）), after a colon at the end of a line (：6月),
//!   followed by に (10月に実施する), or beside a noun of finishing or
//!   handing in: right after (3/20公表, 8月策定) or right before, with
//!   は, が or a colon between (報告は3/15, 提出期限：3/15, 最終報告 3/15).
//! - **Compounds.** 年末 / 年内 inside a longer word are not deadlines
//!   (年末年始, 年末調整, 毎年末, 5か年内, 前年末比), unless a noun of
//!   finishing follows (年内完了).
//! - **Ongoing and undecided words** count when they stand as a schedule of
//!   their own ((2) (3) 通年, （随時）, 時期未定), not inside compounds
//!   (継続的な, 年間の寄附金額, 毎月2回, 未定稿, 方針検討中).
//! - **Steps, not postponements.** An arrow between dates with work named
//!   between them (6月 素案 → 9月 パブコメ → 12月 策定) joins steps: each
//!   is a deadline.
//! - **Asides on reporting** (module `aside`). A date inside brackets right
//!   after a deadline, where the bracket names a word of reporting (報告,
//!   提出, 公表, 決定 …) and the date comes later than the deadline, tells
//!   when the result is reported, not a second due date:
//!   `9月末まで（10月に報告）` is 30 September only. An earlier date in
//!   such brackets is a step and stays (`年度内（最終報告 3/15）`).
//! - **Labels of years.** A fiscal year named alone (R5年度, 今年度) is a
//!   label unless it is later than the sheet's, and even then when a
//!   figure follows it (R5年度 70%) or only a noun before it names a term
//!   (適用期限 令和6年度).
//! - **Compounds of time words.** 前期 / 後期 before another word
//!   (前期高齢者, 後期比), a season inside one (秋田, 晩秋, 夏祭り, 冬休み)
//!   and Q3 among letters or as a numbered question (Q3. / Q3：) are not
//!   read.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::FiscalYear;
use crate::text::{Text, is_hiragana};

mod aside;
#[cfg(test)]
mod forms_tests;
mod normalise;
mod reference;
mod revision;
mod scan;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod year_words_tests;

pub use reference::{DeadlineReference, deadline_reference};
pub(crate) use scan::{is_ideograph, is_kanji_numeral, kanji_numeral};

use normalise::FoldedText;
use scan::{Found, Item, MonthPart, Period, Point, Scanner, Season, When, YearRef};

/// How precisely a deadline was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A day was named (10月15日, 2025/10/31, 上旬/中旬/下旬).
    Day,
    /// A month was named (9月末まで, 令和8年12月): the month's last day.
    Month,
    /// A part of the year was named (上半期, 第3四半期): the period's last day.
    Period,
    /// A season was named (夏頃, 今秋): the last day of its last month, a
    /// rough date.
    Season,
    /// The fiscal year's end (年度末, 年度内, 令和3年度末).
    FiscalYearEnd,
}

/// What one deadline phrase resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A due date.
    Due {
        date: NaiveDate,
        precision: Precision,
    },
    /// Explicitly ongoing work with no deadline (通年, 随時, 継続, 毎月, 年間,
    /// 常時, 10月から継続).
    Ongoing,
    /// The text says the date is not set yet (未定, 時期未定, 調整中,
    /// 検討中, ○月頃): no due date, and nothing to warn about; shown as 未定.
    Undecided,
    /// Text that looks like a deadline but could not be resolved (e.g. 13月);
    /// the caller reports it, nothing is guessed.
    Unresolved { reason: String },
}

/// One deadline stated in a cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// Byte range of the phrase in the text it came from.
    pub span: Range<usize>,
    /// The phrase itself (`text[span]`).
    pub phrase: Text,
    /// The item labels the deadline applies to when the cell numbers its
    /// items (`(1)`, `(2)`, `①` …); empty when it applies to the whole cell.
    pub labels: Vec<String>,
}

impl Deadline {
    /// The resolved due date, if any.
    pub fn due(&self) -> Option<NaiveDate> {
        match self.kind {
            DeadlineKind::Due { date, .. } => Some(date),
            _ => None,
        }
    }

    /// Which side of fiscal year `fy` the due date lies on when it lies
    /// outside it (H30.3, 前年度中, R9年度 or 来年度 in 令和8年度): the
    /// reading stands as written, and the reader of the sheet is told.
    pub fn outside_year(&self, fy: FiscalYear) -> Option<OutsideYear> {
        let date = self.due()?;
        if fy.start().is_some_and(|start| date < start) {
            Some(OutsideYear::Before)
        } else if fy.end().is_some_and(|end| date > end) {
            Some(OutsideYear::After)
        } else {
            None
        }
    }
}

/// Where a due date lies against the fiscal year its sheet is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutsideYear {
    Before,
    After,
}

/// Every deadline `text` states, in the order it states them, resolved
/// inside `fiscal_year`. Never panics.
pub fn extract_deadlines(text: &str, fiscal_year: FiscalYear) -> Vec<Deadline> {
    let folded = FoldedText::new(text);
    let found = scan::scan(&folded.chars);
    if found.is_empty() {
        return Vec::new();
    }
    let context = Context::new(&folded.chars, &found);
    let readings = context.readings(&found, fiscal_year);
    let mut deadlines = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let mut label_end: Option<usize> = None;
    for (f, reading) in found.iter().zip(readings) {
        if let Item::Label(label) = &f.item {
            let same_group = label_end.is_some_and(|end| context.only_separators(end, f.start));
            if !same_group {
                labels.clear();
            }
            labels.push(label.clone());
            label_end = Some(f.end);
            continue;
        }
        let Some(kind) = reading else {
            continue;
        };
        label_end = None;
        let span = folded.byte_range(f.start..f.end);
        let phrase = text.get(span.clone()).unwrap_or_default().to_string();
        deadlines.push(Deadline {
            kind,
            span,
            phrase: phrase.into(),
            labels: labels.clone(),
        });
    }
    deadlines
}

/// Whether `text` holds a character where a deadline can begin (a digit, a
/// word of time, of ongoing work or of a date not set yet): a text without
/// one states no deadline, and a caller reading many texts may skip it.
pub fn may_state_deadline(text: &str) -> bool {
    text.chars().map(normalise::fold).any(scan::may_begin_item)
}

/// The due date a phrase states, inside `fy` when it names no year.
fn resolve(point: &Point, fy: FiscalYear) -> DeadlineKind {
    match &point.when {
        When::Month { year, month, part } => month_date(*year, *month, *part, fy),
        When::FiscalYearEnd(year) | When::FiscalYearLabel(year) => due(
            year_of(*year, fy).and_then(|y| FiscalYear(y).end()),
            Precision::FiscalYearEnd,
        ),
        When::YearEnd(year) => due(
            year_of(*year, fy).and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31)),
            Precision::Period,
        ),
        When::Undecided => DeadlineKind::Undecided,
        When::Period { year, period } => period_end(*year, *period, fy),
        When::Season { year, season } => season_end(*year, *season, fy),
        When::Invalid(reason) => unresolved(reason.clone()),
    }
}

/// A due date of `precision`, or the reason there is none.
fn due(date: Option<NaiveDate>, precision: Precision) -> DeadlineKind {
    match date {
        Some(date) => DeadlineKind::Due { date, precision },
        None => out_of_range(),
    }
}

fn out_of_range() -> DeadlineKind {
    unresolved("扱える日付の範囲を超えています".to_string())
}

/// A month (of `year`, else inside `fy`) and the part of it named.
fn month_date(year: Option<i32>, month: u32, part: MonthPart, fy: FiscalYear) -> DeadlineKind {
    if !(1..=12).contains(&month) {
        return unresolved(format!("{month}月という月はありません"));
    }
    let year = match year {
        Some(year) => Some(year),
        None if month >= 4 => Some(fy.start_year()),
        None => fy.start_year().checked_add(1),
    };
    let Some(year) = year else {
        return out_of_range();
    };
    let day = |day: u32| due(NaiveDate::from_ymd_opt(year, month, day), Precision::Day);
    match part {
        MonthPart::End => due(last_day(year, month), Precision::Month),
        MonthPart::Late => due(last_day(year, month), Precision::Day),
        MonthPart::Early => day(10),
        MonthPart::FirstHalf => day(15),
        MonthPart::Middle => day(20),
        MonthPart::Day(d) => match NaiveDate::from_ymd_opt(year, month, d) {
            Some(date) => DeadlineKind::Due {
                date,
                precision: Precision::Day,
            },
            None if last_day(year, month).is_some() => {
                unresolved(format!("{year}年に{month}月{d}日はありません"))
            }
            None => out_of_range(),
        },
    }
}

/// The last day of a part of fiscal year `year`: its first month (年度当初:
/// the end of April), a half or a quarter.
fn period_end(year: YearRef, period: Period, fy: FiscalYear) -> DeadlineKind {
    let Some(start) = year_of(year, fy) else {
        return out_of_range();
    };
    let next = start.checked_add(1);
    let (year, month, day, precision) = match period {
        Period::Start => (Some(start), 4, 30, Precision::Month),
        Period::FirstHalf | Period::Quarter(2) => (Some(start), 9, 30, Precision::Period),
        Period::SecondHalf | Period::Quarter(4) => (next, 3, 31, Precision::Period),
        Period::Quarter(1) => (Some(start), 6, 30, Precision::Period),
        Period::Quarter(3) => (Some(start), 12, 31, Precision::Period),
        Period::Quarter(n) => return unresolved(format!("第{n}四半期はありません")),
    };
    due(
        year.and_then(|y| NaiveDate::from_ymd_opt(y, month, day)),
        precision,
    )
}

/// The end of a season's last month: summer August, autumn November, winter
/// February, spring May. Without a year, the season of fiscal year `fy`:
/// its winter runs into the next calendar year, and its spring cannot be
/// told (April–May at its start or March at its end). A calendar year's
/// winter cannot be told either (its January–February or its December on).
fn season_end(year: Option<i32>, season: Season, fy: FiscalYear) -> DeadlineKind {
    let (year, month) = match (season, year) {
        (Season::Spring, None) => {
            return unresolved("春が年度の初め（4・5月）か終わり（3月）か分かりません".to_string());
        }
        (Season::Winter, Some(_)) => {
            return unresolved("冬は年をまたぐため、どの冬か分かりません".to_string());
        }
        (Season::Winter, None) => (fy.start_year().checked_add(1), 2),
        (Season::Spring, year) => (year, 5),
        (Season::Summer, year) => (Some(year.unwrap_or(fy.start_year())), 8),
        (Season::Autumn, year) => (Some(year.unwrap_or(fy.start_year())), 11),
    };
    due(year.and_then(|y| last_day(y, month)), Precision::Season)
}

/// The year `year` names, counted from the start year of `fy` when relative.
fn year_of(year: YearRef, fy: FiscalYear) -> Option<i32> {
    match year {
        YearRef::Relative(offset) => fy.start_year().checked_add(offset),
        YearRef::Stated(year) => Some(year),
        YearRef::OfEra(year) => {
            let (era, _) =
                crate::calendar::era::Era::at(NaiveDate::from_ymd_opt(fy.start_year(), 4, 1)?)?;
            Some(era.western_year(year))
        }
    }
}

fn unresolved(reason: String) -> DeadlineKind {
    DeadlineKind::Unresolved { reason }
}

/// A deadline at the end of `month` (1–12) inside `fiscal_year`, stated by
/// `phrase` (a schedule grid's marked months): `None` for a month out of
/// range.
pub fn month_end_deadline(fiscal_year: FiscalYear, month: u32, phrase: &str) -> Option<Deadline> {
    if !(1..=12).contains(&month) {
        return None;
    }
    month_deadline(fiscal_year.year_of_month(month), month, phrase)
}

/// A deadline at the end of the month `date` falls in, stated by `phrase`:
/// a date cell whose format shows only the month (`令和8年9月`).
pub fn month_of_date_deadline(date: NaiveDate, phrase: &str) -> Option<Deadline> {
    month_deadline(date.year(), date.month(), phrase)
}

fn month_deadline(year: i32, month: u32, phrase: &str) -> Option<Deadline> {
    Some(Deadline {
        kind: DeadlineKind::Due {
            date: last_day(year, month)?,
            precision: Precision::Month,
        },
        span: 0..phrase.len(),
        phrase: phrase.into(),
        labels: Vec::new(),
    })
}

fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
}

/// Characters that separate dates in a list or range, and brackets.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\n'
            | '、'
            | '・'
            | ','
            | '/'
            | '~'
            | '('
            | ')'
            | '['
            | ']'
            | '「'
            | '」'
            | '【'
            | '】'
            | '『'
            | '』'
            | ':'
            | ';'
            | '。'
            | '→'
            | '⇒'
    )
}
/// Words that make a date the as-of point of a figure when they follow it
/// directly.
const AS_OF_WORDS: [&str; 5] = ["実績", "時点", "現在", "決算", "付"];
/// Words that make a date the as-of point of a figure when a noun ending in
/// them follows the date (R2年度末地方債残高).
const FIGURE_NOUNS: [&str; 3] = ["実績", "決算", "残高"];
/// How many characters other than dates, labels and separators a segment
/// may hold and still count as a deadline cell (8月に実施, 上半期に1回開催).
const SHORT_SEGMENT: usize = 8;

/// How far past a phrase the end of its sentence is looked for.
const SENTENCE_REACH: usize = 400;
/// How far from a phrase its enclosing brackets are looked for.
const BRACKET_REACH: usize = 64;

/// The text around the phrases found, for judging them.
struct Context<'a> {
    chars: &'a [char],
    /// Characters inside a phrase or label.
    covered: Vec<bool>,
    /// Characters of a label.
    label: Vec<bool>,
    /// For each position, where its segment starts (after the last
    /// boundary before it).
    segment_start: Vec<usize>,
    /// For each position, the first boundary at or after it.
    segment_end: Vec<usize>,
    /// Prefix counts of the characters that are neither in a phrase nor
    /// separators.
    residue: Vec<usize>,
}

impl<'a> Context<'a> {
    fn new(chars: &'a [char], found: &[Found]) -> Self {
        let mut covered = vec![false; chars.len()];
        let mut label = vec![false; chars.len()];
        for f in found {
            for i in f.start..f.end.min(chars.len()) {
                covered[i] = true;
                if matches!(f.item, Item::Label(_)) {
                    label[i] = true;
                }
            }
        }
        let is_boundary = |i: usize| label[i] || matches!(chars[i], '\n' | '。' | '<' | '>');
        let mut segment_start = vec![0; chars.len() + 1];
        for i in 1..=chars.len() {
            segment_start[i] = if is_boundary(i - 1) {
                i
            } else {
                segment_start[i - 1]
            };
        }
        let mut segment_end = vec![chars.len(); chars.len() + 1];
        for i in (0..chars.len()).rev() {
            segment_end[i] = if is_boundary(i) {
                i
            } else {
                segment_end[i + 1]
            };
        }
        let mut residue = vec![0; chars.len() + 1];
        for i in 0..chars.len() {
            let counts = !covered[i] && !is_separator(chars[i]);
            residue[i + 1] = residue[i] + usize::from(counts);
        }
        Context {
            chars,
            covered,
            label,
            segment_start,
            segment_end,
            residue,
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// Ends of sentences and segments: 。, line breaks, markup, labels.
    fn is_boundary(&self, i: usize) -> bool {
        self.label.get(i).copied().unwrap_or(false)
            || self
                .at(i)
                .is_some_and(|c| matches!(c, '\n' | '。' | '<' | '>'))
    }

    fn only_separators(&self, from: usize, to: usize) -> bool {
        (from..to).all(|i| {
            self.at(i)
                .is_some_and(|c| matches!(c, ' ' | '\n' | '、' | '・' | ','))
        })
    }

    /// What each item found reads as: `None` for labels, for phrases the
    /// rules keep out and for deadlines written over by later ones.
    fn readings(&self, found: &[Found], fy: FiscalYear) -> Vec<Option<DeadlineKind>> {
        let mut readings: Vec<Option<DeadlineKind>> =
            found.iter().map(|f| self.reading(f, fy, false)).collect();
        let revisions = revision::revisions(self.chars, found);
        for r in &revisions {
            // What replaces a deadline is one, even where it would not count
            // on its own (当初：8月 → 変更：11月 in a sentence).
            if let Some(by) = r.by
                && readings[r.replaced].is_some()
                && readings[by].is_none()
            {
                readings[by] = self.reading(&found[by], fy, true);
            }
        }
        for r in &revisions {
            readings[r.replaced] = None;
        }
        self.drop_redundant_undecided(found, &mut readings);
        aside::drop_report_asides(self.chars, found, &mut readings);
        readings
    }

    /// What one item reads as on its own; `replaces` when it takes the
    /// place of a deadline written over, which waives the rules for bare
    /// dates, fiscal-year labels and undecided words standing alone.
    fn reading(&self, f: &Found, fy: FiscalYear, replaces: bool) -> Option<DeadlineKind> {
        match &f.item {
            Item::Label(_) => None,
            Item::Ongoing => (!self.is_past(f.end)).then_some(DeadlineKind::Ongoing),
            Item::Undecided { timed } => {
                let stands = replaces
                    || *timed
                    || self.is_short_segment(f.start, f.end)
                    || self.in_bracketed_list(f.start, f.end);
                (stands && !self.is_past(f.end)).then_some(DeadlineKind::Undecided)
            }
            Item::Point(point) => self
                .keeps(point, f, fy, replaces)
                .then(|| resolve(point, fy)),
        }
    }

    /// An undecided word beside a stated deadline qualifies it (R8年度中
    /// （時期は調整中）), and one says enough (検討中（未定）): in each
    /// segment only the first undecided word counts, and none when the
    /// segment states a deadline or ongoing work.
    fn drop_redundant_undecided(&self, found: &[Found], readings: &mut [Option<DeadlineKind>]) {
        let segment = |j: usize| self.segment_start[found[j].start.min(self.chars.len())];
        let mut start = 0;
        while start < found.len() {
            let mut end = start + 1;
            while end < found.len() && segment(end) == segment(start) {
                end += 1;
            }
            let mut said = readings[start..end]
                .iter()
                .any(|r| r.as_ref().is_some_and(|k| *k != DeadlineKind::Undecided));
            for reading in &mut readings[start..end] {
                if *reading == Some(DeadlineKind::Undecided) {
                    if said {
                        *reading = None;
                    }
                    said = true;
                }
            }
            start = end;
        }
    }

    /// Whether a date phrase `f` is a deadline (see the module docs).
    fn keeps(&self, point: &Point, f: &Found, fy: FiscalYear, replaces: bool) -> bool {
        if !names_a_date(point, fy, replaces) || self.labels_what_follows(point, f.end) {
            return false;
        }
        if !point.by && (self.figure_follows(f.end) || self.sentence_reports_result(f.end)) {
            return false;
        }
        // 12月に延期した: the postponement is past, the date is not.
        if self.is_past(f.end) && !revision::postpones(self.chars, f.end) {
            return false;
        }
        let short = self.is_short_segment(f.start, f.end);
        // A later year as a start counts only as a cell's schedule
        // (次年度以降), not in a description (第3期総合戦略（令和9年度～）).
        if point.start_only && !short {
            return false;
        }
        if point.explicit
            && !point.by
            && !short
            && let (DeadlineKind::Due { date, .. }, Some(start)) = (resolve(point, fy), fy.start())
            && date < start
        {
            return false;
        }
        replaces || !point.is_bare() || short || self.bare_date_counts(point, f)
    }

    /// A fiscal year named alone labels what follows it: a figure (R5年度
    /// 70%, R5年度：85%) or a noun it makes a compound with (R6年度計画,
    /// 令和9年度予算), unless a noun of finishing (令和9年度実施).
    fn labels_what_follows(&self, point: &Point, end: usize) -> bool {
        if !matches!(point.when, When::FiscalYearLabel(_)) || point.range {
            return false;
        }
        let text = Scanner::new(self.chars);
        let mut i = end;
        while self.at(i).is_some_and(|c| matches!(c, ' ' | ':')) {
            i += 1;
        }
        let compound = self.at(end).is_some_and(scan::is_word_char)
            && text.word(end, &scan::DEADLINE_NOUNS).is_none();
        compound || self.at(i).is_some_and(|c| c.is_ascii_digit())
    }

    /// Where a bare date (8月, 年内, R9年度 …) counts: in brackets holding
    /// only dates, after a colon at the end of a line, followed by に, or
    /// beside a noun of finishing; a fiscal year named alone only before
    /// one (令和9年度実施, not …適用期限 令和6年度: the label of a term).
    fn bare_date_counts(&self, point: &Point, f: &Found) -> bool {
        let year_alone = matches!(point.when, When::FiscalYearLabel(_));
        self.in_bracketed_list(f.start, f.end)
            || self.after_colon_at_line_end(f.start, f.end)
            || self.followed_by_ni(f.end)
            || self.deadline_noun_beside(f.start, f.end, !year_alone)
    }

    /// A noun of finishing or handing in right after the phrase (3/20公表,
    /// 8月策定), or when `before` right before it, with は, が or a colon
    /// between (報告は3/15, 提出期限：3/15, 最終報告 3/15).
    fn deadline_noun_beside(&self, start: usize, end: usize, before: bool) -> bool {
        let text = Scanner::new(self.chars);
        let after = text.skip_spaces(end);
        if text.word(after, &scan::DEADLINE_NOUNS).is_some() {
            return true;
        }
        if !before {
            return false;
        }
        let mut before = text.skip_spaces_back(start);
        if text
            .before(before)
            .is_some_and(|c| matches!(c, 'は' | 'が' | ':'))
        {
            before = text.skip_spaces_back(before - 1);
        }
        scan::DEADLINE_NOUNS
            .iter()
            .any(|w| text.ends_with(before, w))
    }

    /// 実績 / 時点 / 現在 / 決算 / 付 right after the date, or a noun ending
    /// in 実績 / 決算 / 残高.
    fn figure_follows(&self, end: usize) -> bool {
        let mut i = end;
        while self.at(i) == Some(' ') {
            i += 1;
        }
        let run: String = self.chars[i.min(self.chars.len())..]
            .iter()
            .take_while(|&&c| scan::is_ideograph(c) || matches!(c, '\u{30A0}'..='\u{30FF}'))
            .take(16)
            .collect();
        AS_OF_WORDS.iter().any(|w| run.starts_with(w))
            || FIGURE_NOUNS.iter().any(|w| run.contains(w))
    }

    /// The rest of the sentence after `end`, up to a boundary.
    /// At most [`SENTENCE_REACH`] characters, so long texts stay linear.
    fn rest_of_sentence(&self, end: usize) -> &[char] {
        let start = end.min(self.chars.len());
        let stop = self.segment_end[start].min(start + SENTENCE_REACH);
        &self.chars[start..stop]
    }

    fn sentence_reports_result(&self, end: usize) -> bool {
        let rest: String = self.rest_of_sentence(end).iter().collect();
        ["実績は", "実績:", "実績 "]
            .iter()
            .any(|w| rest.contains(w))
    }

    /// Whether the sentence the phrase ending at `end` belongs to reports a
    /// past event: its clauses, followed through 、 while they end in a verb
    /// form that continues, end in た / だ.
    fn is_past(&self, end: usize) -> bool {
        let rest = self.rest_of_sentence(end);
        for (n, clause) in rest.split(|&c| c == '、').enumerate() {
            let trimmed = trim_clause(clause);
            if trimmed.is_empty() {
                if n == 0 {
                    return false;
                }
                continue;
            }
            let last = trimmed[trimmed.len() - 1];
            let before_last = trimmed.len().checked_sub(2).map(|i| trimmed[i]);
            let past = matches!(last, 'た' | 'だ')
                || (last == 'が' && matches!(before_last, Some('た' | 'だ')));
            if past && trimmed != ['ま', 'た'] {
                return true;
            }
            // A clause ending in a noun stands alone ((10月予定)、…) unless it
            // holds particles, when it is one item of a list inside a longer
            // clause (…を高層棟解体、南庁舎改修の…に決定した).
            if !is_hiragana(last) && !trimmed.iter().copied().any(is_hiragana) {
                return false;
            }
        }
        false
    }

    /// Whether the segment around `start..end` (between boundaries) holds
    /// little besides dates, labels and separators.
    fn is_short_segment(&self, start: usize, end: usize) -> bool {
        let len = self.chars.len();
        let from = self.segment_start[start.min(len)];
        let to = self.segment_end[end.min(len)];
        self.residue[to] - self.residue[from] <= SHORT_SEGMENT
    }

    /// Inside brackets that hold only dates and separators: (9月), （11月、3月）.
    fn in_bracketed_list(&self, start: usize, end: usize) -> bool {
        let listed = |i: usize| {
            self.covered[i] || matches!(self.chars[i], ' ' | '、' | '・' | ',' | '/' | '~')
        };
        let mut i = start;
        let opened = loop {
            let Some(p) = i.checked_sub(1).filter(|&p| start - p <= BRACKET_REACH) else {
                break false;
            };
            if self.chars[p] == '(' {
                break true;
            }
            if !listed(p) {
                break false;
            }
            i = p;
        };
        let mut j = end;
        let closed = loop {
            if j - end > BRACKET_REACH {
                break false;
            }
            match self.at(j) {
                Some(')') => break true,
                Some(_) if listed(j) => j += 1,
                _ => break false,
            }
        };
        opened && closed
    }

    /// After a colon, with nothing else to the end of the line: ：6月.
    fn after_colon_at_line_end(&self, start: usize, end: usize) -> bool {
        let mut i = start;
        while i > 0 && self.chars[i - 1] == ' ' {
            i -= 1;
        }
        if i == 0 || self.chars[i - 1] != ':' {
            return false;
        }
        let mut j = end;
        while self.at(j) == Some(' ') {
            j += 1;
        }
        j >= self.chars.len() || self.is_boundary(j) || self.chars[j] == ')'
    }

    /// Followed by に as a time (10月に実施), not における / について / による.
    fn followed_by_ni(&self, end: usize) -> bool {
        self.at(end) == Some('に')
            && !self
                .at(end + 1)
                .is_some_and(|c| matches!(c, 'お' | 'つ' | 'よ' | 'か' | 'わ' | 'と'))
    }
}

/// Whether `point` is read as a date at all: not a start (10月から), not
/// a fiscal year named alone (R5年度, the label of a figure or a heading)
/// unless it ends a range or replaces a deadline, and not a two-digit year
/// far from `fy` — except a later fiscal year (see [`names_later_year`]).
fn names_a_date(point: &Point, fy: FiscalYear, replaces: bool) -> bool {
    let later = names_later_year(point, fy);
    if point.start_only && !later {
        return false;
    }
    let label = matches!(point.when, When::FiscalYearLabel(_)) && !point.range && !replaces;
    if label && !later {
        return false;
    }
    !point.short_year || next_to_year(&resolve(point, fy), fy)
}

/// Whether `point` names a fiscal year alone, later than `fy`: R9年度 or
/// 来年度 in 令和8年度. Such a year is no label of a figure of the sheet's
/// year but when the work is put off to, also as a start in a short
/// segment (次年度以降, 令和9年度から): its end is the deadline, outside the
/// sheet's year.
fn names_later_year(point: &Point, fy: FiscalYear) -> bool {
    matches!(point.when, When::FiscalYearLabel(year)
        if year_of(year, fy).is_some_and(|y| y > fy.start_year()))
}

/// Whether a due date lies in `fy` or a fiscal year next to it: where a
/// two-digit year (27.3.31) can be read as a Western year's last digits.
fn next_to_year(kind: &DeadlineKind, fy: FiscalYear) -> bool {
    let year = |offset: i32| fy.start_year().checked_add(offset).map(FiscalYear);
    let (Some(from), Some(to)) = (
        year(-1).and_then(FiscalYear::start),
        year(1).and_then(FiscalYear::end),
    ) else {
        return false;
    };
    matches!(kind, DeadlineKind::Due { date, .. } if (from..=to).contains(date))
}

/// A clause without trailing spaces and closing brackets.
fn trim_clause(clause: &[char]) -> &[char] {
    let mut end = clause.len();
    while end > 0 && matches!(clause[end - 1], ' ' | ')' | '」' | '』' | '】' | ']' | '※') {
        end -= 1;
    }
    &clause[..end]
}
