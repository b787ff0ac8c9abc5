//! What the body cells of a table column hold, as shares of its rows: dates
//! and deadline phrases, item-like texts (○ ① markers, short first lines),
//! sentences and past-tense reports, names of divisions (…課) and
//! departments (…部), percentages, grades and statuses chosen from a
//! drop-down, schedule marks, numbering (1, 1-1, ①), and the signs of a
//! grouping column (merged down, written once with blanks below, repeated).
//!
//! A profile is evidence, not a decision: [`super::roles`] weighs it with
//! the header's words and the column's position.

use std::cell::RefCell;
use std::ops::RangeInclusive;

use crate::calendar::{Deadline, DeadlineKind, is_ideograph, may_state_deadline};
use crate::grid::{CellValue, Grid};
use crate::text::is_kana_or_kanji;

use super::super::department::without_notes;
use super::super::dictionary::{FieldDictionary, fold_value, fold_width, normalize_label};
use super::super::text::{
    first_line, fiscal_year_of_sheet_name, is_placeholder, leading_number, number_in_text, sections,
};
use super::deadlines::SheetDeadlines;
#[cfg(test)]
use super::deadlines::TextDeadlines;
use crate::model::ReportPeriod;

/// The longest cell (characters) read for deadline phrases: deadline cells
/// are short; a long text that mentions a month is an item or a report.
const MAX_DEADLINE_CELL_CHARS: usize = 40;

/// The longest text (characters) read as a fiscal year alone (`令和10年度`,
/// `R7（2025）`).
const MAX_YEAR_CHARS: usize = 12;

/// Whether a text names one fiscal year and nothing else: its numbers a
/// year's (`R7`, `令和8年度`, `2025年度`, `FY2025`, `R7（2025）`) and no
/// word beside them but the era's, 年度 and brackets.
pub(super) fn names_a_fiscal_year_alone(text: &str) -> bool {
    // Taking the era's words and 年度 out leaves any other character in
    // place: a text holding one is told before the copies are made.
    text.chars().all(|c| {
        matches!(c, '令' | '和' | '平' | '成' | '年' | '度') || is_year_mark(fold_width(c))
    }) && names_a_year_with_the_words_taken_out(text)
}

/// [`names_a_fiscal_year_alone`], told by taking the era's words and 年度
/// out and finding nothing left but a year's numbers and marks.
fn names_a_year_with_the_words_taken_out(text: &str) -> bool {
    let rest: String = text
        .replace("令和", "")
        .replace("平成", "")
        .replace("年度", "")
        .chars()
        .map(fold_width)
        .filter(|&c| !is_year_mark(c))
        .collect();
    rest.is_empty() && fiscal_year_of_sheet_name(text).is_some()
}

/// Whether a character (its width folded) may stand beside a fiscal
/// year's numbers: a digit, a space, an era's or FY's letter, 元 or a
/// bracket.
fn is_year_mark(c: char) -> bool {
    c.is_ascii_digit()
        || c.is_whitespace()
        || matches!(c.to_ascii_uppercase(), 'R' | 'H' | 'F' | 'Y')
        || matches!(c, '元' | '(' | ')' | '（' | '）')
}

/// The column's body as counts over its rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ColumnProfile {
    /// Body rows that hold a value in some column of the table.
    pub rows: u32,
    /// Rows with a value of this column's own (its cell, not a merge from
    /// above).
    pub values: u32,
    /// Rows covered by a value merged down from a row above.
    pub merged_down: u32,
    /// Rows where this column is blank while others hold values, after a
    /// value of this column above (a value written once for a group).
    pub blank_under: u32,
    /// Values equal to the value of the row above.
    pub repeats: u32,
    /// Distinct values.
    pub distinct: u32,
    pub texts: u32,
    /// Date cells, or short texts that state a deadline.
    pub deadlines: f32,
    /// Texts that start with a list marker (○ ・ ① (1) 1.).
    pub markers: u32,
    /// Values that are nothing but a number or a short code (1, 1-1, ①, A-3).
    pub numbering: u32,
    /// Texts that are a date written with numbers or a time stamp
    /// (`2026-09-30`, `2026-04-15 09:12`): no prose.
    pub written_dates: u32,
    /// Texts longer than a label: a sentence or several lines.
    pub sentences: u32,
    /// Texts that report what was done (…した, …している, …済).
    pub past_tense: u32,
    /// Characters of the first lines of texts, summed.
    pub first_line_chars: u32,
    /// Names of divisions (…課, …係, …室, …センター) or of departments
    /// (…部, …局).
    pub divisions: u32,
    pub departments: u32,
    /// Names of divisions that name no department beside them (`人事課`,
    /// not `総務部 人事課`).
    pub divisions_alone: u32,
    /// Percentages and rates: `75%` written counts 1, a number cell
    /// between 0 and 1 (a rate kept as a fraction, or any fraction) ½.
    pub percents: f32,
    /// Grades and statuses from the dictionary's `[values]` (A, ◎, 完了 …).
    pub grades: u32,
    pub statuses: u32,
    /// Schedule marks alone in a cell (●, →).
    pub marks: u32,
    /// Names of people written as a family and a given name (`村田 一郎`).
    pub person_names: u32,
    /// Texts whose first line names a number with a unit (件, %, 人 …).
    pub quantities: u32,
    /// Texts written in Japanese (with kana or kanji): goal sheets' items are.
    pub japanese: u32,
    /// Numbers: number cells, and texts of digits with separators, a sign
    /// or a percent sign (`12,000`, `▲800`, `125%`).
    pub numbers: u32,
    /// Measures: number cells, and short texts stating a figure with its
    /// unit (`年12回`, `取得率80%`, `平均15分以内`, `30団体`).
    pub measures: u32,
    /// Texts naming one fiscal year and nothing else (`R7`, `令和8年度`,
    /// `2025年度`): a column of them says which year each row is of.
    pub fiscal_years: u32,
    /// Number cells that are a year of the calendar (2025, 2026): a
    /// column of them under a heading of 年度 says which year each row is
    /// of.
    pub year_numbers: u32,
    /// Number cells that are the serial of a day near the sheet's fiscal
    /// year (a date cell whose format was lost).
    pub serial_days: u32,
    /// Whole numbers of a thousand or more, as cells or written
    /// (`18,480,000`): sums of money more than counts of work.
    pub amounts: u32,
    /// Names of bodies outside the city hall (`阿武隈観光協会`,
    /// `㈱みちのくビルサービス`): the other party of a grant or a contract.
    pub outside_bodies: u32,
    /// Texts holding the place of a value still to be written (`－`,
    /// `未記入`, `（記入してください）`).
    pub placeholders: u32,
    /// Texts written in sections for both halves of the year
    /// (`【上期】…【下期】…`): both reports in one cell.
    pub halves: u32,
}

impl ColumnProfile {
    fn share(&self, n: f32) -> f32 {
        if self.values == 0 {
            0.0
        } else {
            n / self.values as f32
        }
    }

    /// Values per body row.
    pub(crate) fn filled(&self) -> f32 {
        if self.rows == 0 {
            0.0
        } else {
            (self.values + self.merged_down) as f32 / self.rows as f32
        }
    }

    /// How much the column groups the rows below a value: merged down,
    /// blank under a value, or repeated, per body row after the first.
    pub(crate) fn grouping(&self) -> f32 {
        self.per_later_row(self.merged_down + self.blank_under + self.repeats)
    }

    /// How much the column repeats a value down its rows (merged or
    /// written again); blanks do not count: a report column is blank in
    /// the rows not reported yet.
    pub(crate) fn repetition(&self) -> f32 {
        self.per_later_row(self.merged_down + self.repeats)
    }

    fn per_later_row(&self, n: u32) -> f32 {
        if self.rows <= 1 || self.values == 0 {
            return 0.0;
        }
        (n as f32 / (self.rows - 1) as f32).min(1.0)
    }

    pub(crate) fn text_share(&self) -> f32 {
        self.share(self.texts as f32)
    }

    /// Texts that are more than a number or a code.
    pub(crate) fn prose_share(&self) -> f32 {
        self.share(
            self.texts
                .saturating_sub(self.numbering + self.written_dates) as f32,
        )
    }
    pub(crate) fn deadline_share(&self) -> f32 {
        self.share(self.deadlines)
    }
    pub(crate) fn marker_share(&self) -> f32 {
        self.share(self.markers as f32)
    }
    pub(crate) fn numbering_share(&self) -> f32 {
        self.share(self.numbering as f32)
    }
    pub(crate) fn sentence_share(&self) -> f32 {
        self.share(self.sentences as f32)
    }
    pub(crate) fn halves_share(&self) -> f32 {
        self.share(self.halves as f32)
    }
    pub(crate) fn past_share(&self) -> f32 {
        self.share(self.past_tense as f32)
    }
    /// The share of values that report what was done or are sentences,
    /// whichever is more, counting with them the places still to be
    /// written: a report's column, part written and part waiting.
    pub(crate) fn report_share(&self) -> f32 {
        let written = self.past_tense.max(self.sentences);
        self.share((written + self.placeholders) as f32)
    }
    pub(crate) fn division_share(&self) -> f32 {
        self.share(self.divisions as f32)
    }
    pub(crate) fn department_share(&self) -> f32 {
        self.share(self.departments as f32)
    }
    pub(crate) fn division_alone_share(&self) -> f32 {
        self.share(self.divisions_alone as f32)
    }
    pub(crate) fn percent_share(&self) -> f32 {
        self.share(self.percents)
    }
    pub(crate) fn grade_share(&self) -> f32 {
        self.share(self.grades as f32)
    }
    pub(crate) fn status_share(&self) -> f32 {
        self.share(self.statuses as f32)
    }
    pub(crate) fn mark_share(&self) -> f32 {
        self.share(self.marks as f32)
    }
    pub(crate) fn person_name_share(&self) -> f32 {
        self.share(self.person_names as f32)
    }
    pub(crate) fn quantity_share(&self) -> f32 {
        self.share(self.quantities as f32)
    }
    pub(crate) fn japanese_share(&self) -> f32 {
        if self.texts == 0 {
            0.0
        } else {
            self.japanese as f32 / self.texts as f32
        }
    }
    /// The share of values that are figures (a table of figures is no
    /// table of goals, whatever its percentages look like).
    pub(crate) fn numeric_share(&self) -> f32 {
        self.share(self.numbers as f32)
    }
    pub(crate) fn amount_share(&self) -> f32 {
        self.share(self.amounts as f32)
    }
    pub(crate) fn outside_body_share(&self) -> f32 {
        self.share(self.outside_bodies as f32)
    }
    /// The share of values that are measures (figures with their units).
    pub(crate) fn measure_share(&self) -> f32 {
        self.share(self.measures as f32)
    }
    pub(crate) fn distinct_share(&self) -> f32 {
        self.share(self.distinct as f32)
    }

    /// The mean length of the first lines of its texts, in characters.
    pub(crate) fn mean_first_line(&self) -> f32 {
        if self.texts == 0 {
            0.0
        } else {
            self.first_line_chars as f32 / self.texts as f32
        }
    }

    /// No value in any body row.
    pub(crate) fn is_empty(&self) -> bool {
        self.values == 0
    }
}

/// Where a table's body lies: its rows (the ones holding values), and the
/// sheet's deadlines.
#[derive(Clone, Copy)]
pub(crate) struct Body<'a> {
    pub grid: &'a Grid,
    pub dict: &'a FieldDictionary,
    pub rows: &'a [u32],
    pub deadlines: &'a SheetDeadlines<'a>,
    pub texts: &'a TextCounts,
    /// The texts that hold the place of a value still to be written.
    pub placeholders: &'a [String],
}

impl Body<'_> {
    /// The profile of the column whose values lie in `col`.
    pub(crate) fn profile(&self, col: u32) -> ColumnProfile {
        let grid = self.grid;
        let mut p = ColumnProfile {
            rows: self.rows.len() as u32,
            ..ColumnProfile::default()
        };
        let mut seen: Vec<&CellValue> = Vec::new();
        let mut previous: Option<&CellValue> = None;
        let mut had_value = false;
        for &row in self.rows {
            let (origin_row, _) = grid.origin(row, col);
            if origin_row != row {
                if !grid.get(row, col).is_empty() {
                    p.merged_down += 1;
                }
                continue;
            }
            let value = grid.get(row, col);
            if value.is_empty() {
                if had_value {
                    p.blank_under += 1;
                }
                previous = None;
                continue;
            }
            had_value = true;
            p.values += 1;
            if previous.is_some_and(|prev| prev == value) {
                p.repeats += 1;
            }
            previous = Some(value);
            if !seen.contains(&value) {
                seen.push(value);
            }
            self.count(&mut p, value);
        }
        p.distinct = seen.len() as u32;
        // A column of nothing but such serials, two or more and not all
        // one, is days: numbers of another kind seldom all fall in the
        // three years around the sheet's.
        if p.serial_days >= 2 && p.serial_days == p.values && p.distinct >= 2 {
            p.deadlines += 0.5 * p.serial_days as f32;
        }
        p
    }

    fn count(&self, p: &mut ColumnProfile, value: &CellValue) {
        match value {
            // A time of day (a record's creation or update) is less of a
            // deadline than a day.
            CellValue::Date(d) if d.time() != chrono::NaiveTime::MIN => p.deadlines += 0.5,
            CellValue::Date(_) | CellValue::Month { .. } => p.deadlines += 1.0,
            // A date cell whose format was lost shows its serial (46416): a
            // day near the sheet's year, as likely as not a deadline.
            CellValue::Number(n) if self.deadlines.fiscal_year().serial_date_near(*n).is_some() => {
                p.numbers += 1;
                p.serial_days += 1;
                p.deadlines += 0.5;
            }
            CellValue::Number(n) => {
                p.numbers += 1;
                p.measures += 1;
                p.year_numbers += u32::from(super::super::text::year_number(*n).is_some());
                p.amounts += u32::from(is_amount(*n));
                if n.fract() == 0.0 && (1.0..1000.0).contains(n) {
                    p.numbering += 1;
                } else if (0.0..=1.0).contains(n) {
                    // A rate kept as a fraction (0.75 shown as 75%), or
                    // any fraction.
                    p.percents += 0.5;
                }
            }
            CellValue::Text(text) => {
                p.texts += 1;
                self.count_text(p, text);
            }
            CellValue::Bool(_) | CellValue::Error(_) | CellValue::Empty => {}
        }
    }

    fn count_text(&self, p: &mut ColumnProfile, text: &str) {
        let count = self.texts.of(text, self.dict);
        count.add_to(p);
        p.placeholders += u32::from(self.texts.is_placeholder(text, self.placeholders));
        if count.may_state_deadline {
            let weight = self
                .deadlines
                .with(text, |found| deadline_weight(text, found));
            p.deadlines += if count.time_of_day {
                weight / 2.0
            } else {
                weight
            };
        }
    }
}

/// What a text adds to the profile of a column it stands in, wherever it
/// stands; its deadlines are weighed in the sheet's fiscal year.
#[derive(Debug, Clone, Copy, Default)]
struct TextCount {
    japanese: bool,
    first_line_chars: u32,
    /// A number or a code: nothing else is counted of it.
    numbering: bool,
    written_date: bool,
    marker: bool,
    sentence: bool,
    past_tense: bool,
    percent: bool,
    grade: bool,
    status: bool,
    mark: bool,
    person_name: bool,
    unit: Option<Unit>,
    /// A division's name with no department's beside it.
    division_alone: bool,
    quantity: bool,
    /// Short, stating no quantity, and worded as a deadline may be.
    may_state_deadline: bool,
    /// It names a time of day: a time stamp more than a deadline.
    time_of_day: bool,
    /// A figure written as text (`12,000`, `125%`).
    number: bool,
    /// A short text stating a figure with its unit.
    measure: bool,
    /// One fiscal year and nothing else.
    fiscal_year: bool,
    /// A whole number of a thousand or more, written.
    amount: bool,
    /// The name of a body outside the city hall.
    outside_body: bool,
    /// Sections for both halves of the year.
    halves: bool,
}

impl TextCount {
    fn of(text: &str, dict: &FieldDictionary) -> TextCount {
        let line = first_line(text);
        // One pass for what the whole text holds.
        let (total_chars, japanese) = text
            .chars()
            .fold((0, false), |(n, j), c| (n + 1, j || is_kana_or_kanji(c)));
        // A text of one line is its first line.
        let chars = if line.len() == text.len() {
            total_chars
        } else {
            line.chars().count()
        };
        let mut count = TextCount {
            japanese,
            first_line_chars: chars as u32,
            number: !japanese && chars <= 20 && number_in_text(text).is_some(),
            amount: !japanese
                && chars <= 20
                && !text.contains('%')
                && number_in_text(text).is_some_and(is_amount),
            fiscal_year: chars <= MAX_YEAR_CHARS && names_a_fiscal_year_alone(text),
            ..TextCount::default()
        };
        if is_numbering(text) {
            count.numbering = true;
            return count;
        }
        // A written date starts with its year's digits.
        count.written_date =
            text.starts_with(|c: char| c.is_ascii_digit()) && is_written_date(first_word(text));
        count.marker = starts_with_marker(text);
        count.sentence = total_chars > 40 || text.contains('\n') || line.ends_with('。');
        count.past_tense = is_past_tense(text);
        count.halves = holds_both_halves(text, dict);
        // Percentages, grades, statuses and marks are short.
        if chars <= 12 {
            let folded = fold_value(line);
            count.percent = is_percent(&folded);
            count.grade = dict.is_grade(&folded);
            count.status = dict.is_status(&folded);
            count.mark = is_mark(&folded);
            // A status chosen from a list (完了, 実施中) is no report written.
            count.past_tense &= !(count.grade || count.status);
        }
        count.person_name = is_person_name(text);
        count.outside_body = chars <= 40 && names_outside_body(text);
        count.unit = unit_name(text);
        count.division_alone = count.unit == Some(Unit::Division) && !names_department_too(text);
        // A text stating a quantity (50件, 90%) is a target or a result,
        // whatever dates it names beside it.
        count.quantity = has_quantity(line);
        count.measure = chars <= MAX_MEASURE_CHARS && (count.number || has_measure(line));
        count.may_state_deadline =
            !count.quantity && total_chars <= MAX_DEADLINE_CELL_CHARS && may_state_deadline(text);
        count.time_of_day = count.may_state_deadline && names_time_of_day(text);
        count
    }

    fn add_to(&self, p: &mut ColumnProfile) {
        p.japanese += u32::from(self.japanese);
        p.first_line_chars += self.first_line_chars;
        p.numbers += u32::from(self.number);
        p.measures += u32::from(self.measure);
        p.fiscal_years += u32::from(self.fiscal_year);
        p.amounts += u32::from(self.amount);
        p.outside_bodies += u32::from(self.outside_body);
        if self.numbering {
            p.numbering += 1;
            return;
        }
        p.written_dates += u32::from(self.written_date);
        p.markers += u32::from(self.marker);
        p.sentences += u32::from(self.sentence);
        p.past_tense += u32::from(self.past_tense);
        p.halves += u32::from(self.halves);
        if self.percent {
            p.percents += 1.0;
        }
        p.grades += u32::from(self.grade);
        p.statuses += u32::from(self.status);
        p.marks += u32::from(self.mark);
        p.person_names += u32::from(self.person_name);
        match self.unit {
            Some(Unit::Division) => {
                p.divisions += 1;
                p.divisions_alone += u32::from(self.division_alone);
            }
            Some(Unit::Department) => p.departments += 1,
            None => {}
        }
        p.quantities += u32::from(self.quantity);
    }
}

/// Whether a text is written in 【labelled】 sections that name both
/// halves of the year (`【上期】…\n【下期】…`, `【中間】…【期末】`).
fn holds_both_halves(text: &str, dict: &FieldDictionary) -> bool {
    let periods: Vec<ReportPeriod> = sections(text)
        .iter()
        .filter_map(|s| dict.period_in(&normalize_label(s.label)))
        .collect();
    periods.contains(&ReportPeriod::Interim) && periods.contains(&ReportPeriod::YearEnd)
}

/// Whether a text is a person's name as rosters write it: a family name
/// of one to three kanji, a space, and a given name of one to four kanji
/// or kana (`村田 一郎`, `森　健`, `江口 さくら`). A phrase of work is
/// seldom written so, and a column of them never.
pub(crate) fn is_person_name(text: &str) -> bool {
    let Some((family, given)) = text.split_once([' ', '\u{3000}']) else {
        return false;
    };
    let kana = |c: char| matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A1}'..='\u{30FA}' | 'ー');
    let (family_chars, given_chars) = (family.chars().count(), given.chars().count());
    (1..=3).contains(&family_chars)
        && (1..=4).contains(&given_chars)
        && family.chars().all(is_ideograph)
        && given.chars().all(|c| is_ideograph(c) || kana(c))
}

/// What the texts of one workbook's cells add to a column's profile, each
/// text read once: an owner's, a status's or a deadline's words repeat
/// down a column, and a workbook's sheets repeat one another's.
///
/// A workbook is read with one list of placeholders, so that whether a
/// text is one is kept beside what it adds.
#[derive(Default)]
pub(crate) struct TextCounts {
    read: RefCell<foldhash::HashMap<String, TextCount>>,
    placeholders: RefCell<foldhash::HashMap<String, bool>>,
}

impl TextCounts {
    fn of(&self, text: &str, dict: &FieldDictionary) -> TextCount {
        if let Some(&count) = self.read.borrow().get(text) {
            return count;
        }
        let count = TextCount::of(text, dict);
        self.read.borrow_mut().insert(text.to_string(), count);
        count
    }

    /// [`is_placeholder`], each text tested once.
    pub(crate) fn is_placeholder(&self, text: &str, placeholders: &[String]) -> bool {
        if let Some(&is) = self.placeholders.borrow().get(text) {
            return is;
        }
        let is = is_placeholder(text, placeholders);
        self.placeholders.borrow_mut().insert(text.to_string(), is);
        is
    }
}

impl TextCounts {
    /// Whether a text reads as a value of a table's column rather than as
    /// a heading: a number or code, a date written with numbers, a
    /// percentage, a grade or status, a mark, a unit's name, a quantity, a
    /// report of what was done or a sentence.
    pub(crate) fn is_value(&self, text: &str, dict: &FieldDictionary) -> bool {
        let c = self.of(text, dict);
        c.numbering
            || c.written_date
            || c.percent
            || c.grade
            || c.status
            || c.mark
            || c.unit.is_some()
            || c.quantity
            || c.past_tense
            || c.sentence
    }

    /// Whether a text is a value picked rather than written: a grade, a
    /// status, a mark or a percentage alone (`◎`, `A`, `済`, `80%`).
    pub(crate) fn is_picked(&self, text: &str, dict: &FieldDictionary) -> bool {
        let c = self.of(text, dict);
        c.grade || c.status || c.mark || c.percent
    }
}

/// Whether a text is a year of an era by its letter and a month, and maybe
/// a day (`R8.3`, `H31.4.1`, `r9/12`): a date, no code.
fn is_era_date(text: &str) -> bool {
    let t: String = text.trim().chars().map(fold_width).collect();
    let Some(rest) = t.strip_prefix(['R', 'H', 'S', 'r', 'h', 's']) else {
        return false;
    };
    let parts: Vec<&str> = rest.split(['.', '/']).collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a text is nothing but a number: `12`, `①`, `(1)`, `No.3`, or a
/// code of numbers `1-1`, `2-1-3`, `A-3`, `Ⅱ-1`, `(1)-①`, `1-(2)-③`, the
/// code led by a department's letter or two and a dash (`企-01`, `総務-3`),
/// or a record's heading of a word and its number (`項目1`, `取組２`).
pub(crate) fn is_numbering(text: &str) -> bool {
    let trimmed = text.trim();
    // A department's letters and a dash, then a code of numbers.
    let (mut letters, mut lead) = (0, 0);
    for (at, c) in trimmed.char_indices() {
        if !is_ideograph(c) || letters == 3 {
            break;
        }
        letters += 1;
        lead = at + c.len_utf8();
    }
    // A record's heading: a word and its number (項目1, 取組２).
    let rest = &trimmed[lead..];
    if letters > 0
        && (1..=2).contains(&rest.chars().count())
        && rest.chars().all(|c| fold_width(c).is_ascii_digit())
    {
        return true;
    }
    if (1..=2).contains(&letters)
        && let Some(code) = trimmed[lead..].strip_prefix(['-', '－', '‐'])
    {
        return code.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
            && is_numbering(code);
    }
    // A number or code starts with no kana or kanji.
    if trimmed.starts_with(is_kana_or_kanji) || is_written_date(text) || is_era_date(text) {
        return false;
    }
    // At most 12 characters besides spaces: a long text is no number.
    if text.len() > 12 * 4
        && text
            .chars()
            .filter(|c| !c.is_whitespace())
            .nth(12)
            .is_some()
    {
        return false;
    }
    let t: String = text
        .trim()
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() || t.chars().count() > 12 {
        return false;
    }
    if leading_number(&t).is_some_and(|(_, rest)| rest.is_empty()) {
        return true;
    }
    let body = t.trim_start_matches(|c: char| c.is_ascii_alphabetic() || ('Ⅰ'..='Ⅻ').contains(&c));
    let body = body.trim_start_matches(['-', '.']);
    // Levels of a code may be bracketed (`(1)-①`, `1-(2)-③`).
    let unbracketed = body.trim_start_matches('(');
    !body.is_empty()
        && unbracketed
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || ('①'..='⑳').contains(&c))
        && body.chars().all(|c| {
            c.is_ascii_digit()
                || ('①'..='⑳').contains(&c)
                || matches!(
                    c,
                    '-' | '‐' | '－' | 'ー' | '―' | '.' | '・' | '_' | '(' | ')'
                )
        })
        && body.matches('(').count() == body.matches(')').count()
}

/// How much a short text is a deadline, given the deadlines it states: 1
/// when it states a due date or ongoing work and little else, less when
/// the phrase is a small part of it, 0 when it states none.
fn deadline_weight(text: &str, found: &[Deadline]) -> f32 {
    if found.is_empty() {
        return 0.0;
    }
    let stated = found
        .iter()
        .filter(|d| !matches!(d.kind, DeadlineKind::Unresolved { .. }))
        .map(|d| d.phrase.chars().count())
        .sum::<usize>();
    if stated == 0 {
        return 0.0;
    }
    let letters = text
        .chars()
        .filter(|&c| {
            !c.is_whitespace()
                && !matches!(c, '(' | ')' | '（' | '）' | '①'..='⑨' | '、' | '。' | '・')
        })
        .count()
        .max(1);
    (stated as f32 / letters as f32 * 2.0).min(1.0)
}

/// A date written with numbers alone (`2026-09-30`, `2026/9/30`,
/// `2026.9.30`): a year of four digits, a month, a day, as exports write
/// them — no code of numbers.
fn is_written_date(text: &str) -> bool {
    written_ymd(text).is_some()
}

/// The day a cell holds: a date cell's, or a date written with numbers
/// alone ([`is_written_date`]).
pub(super) fn day_of(value: &CellValue) -> Option<chrono::NaiveDate> {
    match value {
        CellValue::Date(at) => Some(at.date()),
        CellValue::Text(text) => {
            let (y, m, d) = written_ymd(text)?;
            chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
        }
        _ => None,
    }
}

/// Whether a cell holds a time of day alone: `4:00`, `13：30`, or a time
/// cell (a date cell of no day: Excel's day 0).
pub(super) fn time_of_day_alone(value: &CellValue) -> bool {
    match value {
        CellValue::Date(at) => {
            at.date() < chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default()
        }
        CellValue::Text(text) => {
            let text = text.trim();
            text.chars().count() <= 5
                && names_time_of_day(text)
                && text
                    .chars()
                    .all(|c| fold_width(c).is_ascii_digit() || matches!(c, ':' | '：'))
        }
        _ => false,
    }
}

/// The year, month and day of a date written with numbers alone.
fn written_ymd(text: &str) -> Option<(u32, u32, u32)> {
    let text = text.trim();
    // A year of four digits first, ten characters at the most.
    if text.len() > 10 || !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let number = |s: &str, digits: RangeInclusive<usize>, range: RangeInclusive<u32>| {
        if !digits.contains(&s.len()) || !s.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().filter(|n| range.contains(n))
    };
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    Some((
        number(y, 4..=4, 1900..=2100)?,
        number(m, 1..=2, 1..=12)?,
        number(d, 1..=2, 1..=31)?,
    ))
}

/// A text's first word, up to its first space.
fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or_default()
}

/// Whether a text names a time of day (`2026-04-15 09:12`, `10:30`): a
/// record's time stamp, or an appointment, rather than a due date.
fn names_time_of_day(text: &str) -> bool {
    text.char_indices().any(|(i, c)| {
        matches!(c, ':' | '：')
            && text[..i]
                .chars()
                .next_back()
                .is_some_and(|b| b.is_ascii_digit())
            && text[i + c.len_utf8()..]
                .chars()
                .take(2)
                .filter(char::is_ascii_digit)
                .count()
                == 2
    })
}

/// A list marker at the start of an item's text.
fn starts_with_marker(text: &str) -> bool {
    let Some(first) = text.trim_start().chars().next() else {
        return false;
    };
    matches!(
        first,
        '○' | '〇'
            | '●'
            | '◎'
            | '◆'
            | '◇'
            | '■'
            | '□'
            | '・'
            | '▲'
            | '△'
            | '★'
            | '☆'
            | '▶'
            | '►'
            | '-'
    ) || leading_number(text).is_some_and(|(_, rest)| !rest.is_empty())
}

/// Whether a text reports what was done: its first sentence ends in the
/// past tense or in a state reached (…した, …している, …済み, …完了), a
/// note in brackets after it aside (`…を実施（参加24人）。`); or, closed
/// by 。, it ends as reports are written short, on the work named after
/// its object (`養成講座を1回実施。`, `出展者の調整を開始。`), never on a
/// plan (`…を実施予定。`).
fn is_past_tense(text: &str) -> bool {
    let first = text
        .split('\n')
        .flat_map(|line| line.split_inclusive('。'))
        .map(str::trim)
        .find(|s| !s.trim_end_matches('。').is_empty())
        .unwrap_or_default();
    let closed = first.ends_with('。');
    let s = without_notes(first.trim_end_matches(['。', '.']));
    let s = s.trim_end_matches([')', '）']);
    let past = [
        "た",
        "だ",
        "ている",
        "ています",
        "ました",
        "済",
        "済み",
        "完了",
        "実施中",
        "中",
    ]
    .iter()
    .any(|end| s.ends_with(end));
    past || closed && names_work_done_short(s)
}

/// Whether a sentence ends on the work done to its object, as reports
/// written short do: after its last を, two ideographs or more at the end
/// (`…を6月に実施`, `…の調整を開始`) that name no plan (予定).
fn names_work_done_short(s: &str) -> bool {
    let Some((_, after)) = s.rsplit_once('を') else {
        return false;
    };
    let ideographs_at_end = after.chars().rev().take_while(|&c| is_ideograph(c)).count();
    ideographs_at_end >= 2 && !after.ends_with("予定")
}

/// `75%`, `７５％`, `75 %` (folded); `0.75` is not read here (a number
/// cell is).
fn is_percent(folded: &str) -> bool {
    let Some(body) = folded.strip_suffix('%') else {
        return false;
    };
    !body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Schedule marks alone in a cell.
fn is_mark(folded: &str) -> bool {
    !folded.is_empty()
        && folded.chars().count() <= 3
        && folded
            .chars()
            .all(|c| matches!(c, '●' | '○' | '→' | '⇒' | '━' | '─' | '―' | '■' | '★' | '*'))
}

/// What a name of an organisational unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// 課・係・室・センター・館・所・担当 …
    Division,
    /// 部・局
    Department,
}

/// Whether a number is a whole one of a thousand or more: a sum of money
/// as registers of grants and contracts write it (in yen or thousands).
fn is_amount(n: f64) -> bool {
    n.fract() == 0.0 && n >= 1000.0
}

/// Whether a short text names a body outside the city hall, by the form
/// of company or association its name ends in or is marked with
/// (`㈱みちのくビルサービス`, `東北教育研究所`, `市体育協会`,
/// `東地区町内会連合会`): the other party of a grant or a contract.
pub(crate) fn names_outside_body(text: &str) -> bool {
    const MARKS: [&str; 9] = [
        "株式会社",
        "有限会社",
        "合同会社",
        "(株)",
        "（株）",
        "㈱",
        "(有)",
        "（有）",
        "㈲",
    ];
    const ENDINGS: [&str; 12] = [
        "法人",
        "協会",
        "組合",
        "連合会",
        "会議所",
        "研究所",
        "財団",
        "事業団",
        "公社",
        "振興会",
        "商店会",
        "町内会",
    ];
    let t = text.trim();
    MARKS.iter().any(|m| t.contains(m)) || ENDINGS.iter().any(|e| t.ends_with(e))
}

/// The unit a short text names (`総務課`, `市民生活部`, `総務部 行政経営課`
/// → the division, `企画課・財政課` → a division). Sentences name none.
pub(crate) fn unit_name(text: &str) -> Option<Unit> {
    let t = text.trim();
    // Thirty characters take at most 120 bytes; most texts are told here.
    if t.is_empty() || t.len() > 30 * 4 || t.chars().count() > 30 || t.contains('。') {
        return None;
    }
    // Every unit's name ends in one of these: most texts are done here.
    let end = t
        .trim_end_matches(|c: char| c.is_whitespace() || "、・,，/／)）".contains(c))
        .chars()
        .next_back();
    if !end.is_some_and(|c| "課係室ー館所当プ班部局会".contains(c)) {
        return None;
    }
    let last = unit_words(t).next_back()?;
    let last = last.trim_end_matches([')', '）']);
    if last.chars().count() < 2 {
        return None;
    }
    const DIVISIONS: [&str; 9] = [
        "課",
        "係",
        "室",
        "センター",
        "館",
        "事務所",
        "担当",
        "グループ",
        "班",
    ];
    const DEPARTMENTS: [&str; 4] = ["部", "局", "本部", "委員会"];
    if DIVISIONS.iter().any(|u| last.ends_with(u)) {
        Some(Unit::Division)
    } else if DEPARTMENTS.iter().any(|u| last.ends_with(u)) {
        Some(Unit::Department)
    } else {
        None
    }
}

/// Whether a division's name names its department before it (`総務部
/// 行政経営課`, `総務部・人事課`).
fn names_department_too(text: &str) -> bool {
    let mut words = unit_words(text);
    words.next_back();
    words.any(|w| unit_name(w) == Some(Unit::Department))
}

/// The words of units' names in a text (`総務部 行政経営課`, `企画課・財政課`).
fn unit_words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || "、・,，/／\n".contains(c))
        .filter(|w| !w.is_empty())
}

/// The most characters of a text read as a measure (`電子決裁率95%`).
const MAX_MEASURE_CHARS: usize = 16;

/// Whether a line states a figure with its unit: a count, a share, a
/// time or a length of days (`12回`, `80%`, `15分`, `3日`, `30団体`).
fn has_measure(line: &str) -> bool {
    has_digit_then(line, "件%人回円社校箇か所台本冊名戸世団日分時点ヶ倍")
}

/// Whether a digit in a line is followed by one of `units`.
fn has_digit_then(line: &str, units: &str) -> bool {
    let mut after_digit = false;
    line.chars().map(fold_width).any(|c| {
        let unit = after_digit && units.contains(c);
        after_digit = c.is_ascii_digit();
        unit
    })
}

/// A number with a unit in a text (`50件`, `100%`, `3回`, `2,000人`).
fn has_quantity(line: &str) -> bool {
    has_digit_then(line, "件%人回円社校箇か所台本冊名戸世団")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::FiscalYear;
    use crate::grid::MergedRange;
    use rstest::rstest;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid::from_texts("s", rows)
    }

    fn profile(g: &Grid, col: u32) -> ColumnProfile {
        profile_with(g, col, &TextCounts::default())
    }

    /// The profile of a column, its texts counted in `texts`.
    fn profile_with(g: &Grid, col: u32, texts: &TextCounts) -> ColumnProfile {
        let dict = FieldDictionary::default();
        let rows: Vec<u32> = (0..g.rows()).collect();
        Body {
            grid: g,
            dict: &dict,
            rows: &rows,
            deadlines: &SheetDeadlines::new(FiscalYear(2026), &TextDeadlines::default()),
            texts,
            placeholders: &[],
        }
        .profile(col)
    }

    proptest::proptest! {
        /// The characters told first decide as taking the words out would.
        #[test]
        fn a_fiscal_year_alone_is_told_as_by_taking_the_words_out(
            text in "[令和平成年度元R7Ｒ８FY20２０5 （）()実績部課-]{0,8}"
        ) {
            proptest::prop_assert_eq!(
                names_a_fiscal_year_alone(&text),
                names_a_year_with_the_words_taken_out(&text)
            );
        }
    }

    #[rstest::rstest]
    #[case("R7", true)]
    #[case("令和8年度", true)]
    #[case("２０２５年度", true)]
    #[case("FY2025", true)]
    #[case("R7（2025）", true)]
    #[case("令和元年度", true)]
    #[case("防災令和8年度\nＡＢＣ", false)]
    #[case("R7実績", false)]
    #[case("R5-R9", false)]
    #[case("8", false)]
    fn a_fiscal_year_alone(#[case] text: &str, #[case] alone: bool) {
        assert_eq!(super::names_a_fiscal_year_alone(text), alone, "{text}");
    }

    #[test]
    fn a_text_counts_the_same_read_again_from_the_workbook_memo() {
        let owners = ["総務課", "総務課", "企画課"];
        let deadlines = ["9月末まで", "年度末", "9月末まで"];
        let reports = ["窓口の電子化を進めた。", "①", "75%"];
        let g = grid(&[&owners, &deadlines, &reports]);
        let texts = TextCounts::default();
        for col in 0..3 {
            let first = profile_with(&g, col, &texts);
            assert_eq!(profile_with(&g, col, &texts), first);
            assert_eq!(profile(&g, col), first);
        }
    }

    #[test]
    fn a_column_merged_down_groups_its_rows() {
        let mut g = grid(&[
            &["防災力の強化", "①訓練の実施"],
            &["", "②備蓄の拡充"],
            &["", "③計画の改定"],
            &["行政改革", "①窓口の電子化"],
        ]);
        g.add_merge(MergedRange {
            first_row: 0,
            first_col: 0,
            last_row: 2,
            last_col: 0,
        });
        let goal = profile(&g, 0);
        let item = profile(&g, 1);
        assert_eq!(goal.merged_down, 2);
        assert!(goal.grouping() > 0.6, "{goal:?}");
        assert_eq!(item.grouping(), 0.0);
        assert_eq!(item.markers, 4);
    }

    #[test]
    fn a_value_written_once_with_blanks_below_groups_too() {
        let g = grid(&[
            &["防災力の強化", "訓練の実施"],
            &["", "備蓄の拡充"],
            &["行政改革", "窓口の電子化"],
            &["行政改革", "文書の電子化"],
        ]);
        let goal = profile(&g, 0);
        assert_eq!(goal.blank_under, 1);
        assert_eq!(goal.repeats, 1);
        assert!(goal.grouping() > 0.6, "{goal:?}");
    }

    #[rstest]
    #[case(&["9月末まで", "年度末", "令和8年12月", "通年"], 3.5)]
    #[case(&["未定", "調整中", "令和9年3月", "随時"], 3.5)]
    #[case(&["検討中", "協議中", "2027/3/31", "上期"], 3.5)]
    #[case(&["未定", "調整中", "検討中", "協議中"], 3.5)]
    #[case(&["窓口の電子化", "広報紙の刷新", "職員研修", "庁舎の改修"], 0.0)]
    fn deadline_columns_are_told_by_their_phrases(#[case] cells: &[&str], #[case] least: f32) {
        let rows: Vec<&[&str]> = cells.iter().map(std::slice::from_ref).collect();
        let g = grid(&rows);
        let p = profile(&g, 0);
        assert!(p.deadlines >= least, "{p:?}");
        if least == 0.0 {
            assert_eq!(p.deadlines, 0.0, "{p:?}");
        }
    }

    #[rstest]
    #[case("総務課", Some(Unit::Division))]
    #[case("総務部 行政経営課", Some(Unit::Division))]
    #[case("企画課・財政課", Some(Unit::Division))]
    #[case("市民生活部", Some(Unit::Department))]
    #[case("情報政策センター", Some(Unit::Division))]
    #[case("窓口の電子化を進める。", None)]
    #[case("部", None)]
    fn unit_names(#[case] text: &str, #[case] unit: Option<Unit>) {
        assert_eq!(unit_name(text), unit);
    }

    #[rstest]
    #[case("㈱みちのくビルサービス", true)]
    #[case("株式会社ヘルスリンク", true)]
    #[case("東北教育研究所", true)]
    #[case("市体育協会", true)]
    #[case("東地区町内会連合会", true)]
    #[case("NPO法人 ふらっと", false)]
    #[case("特定非営利活動法人", true)]
    #[case("観光交流課", false)]
    #[case("放課後児童クラブの定員拡大", false)]
    #[case("商店街の活性化", false)]
    fn names_bodies_outside_the_city_hall(#[case] text: &str, #[case] outside: bool) {
        assert_eq!(names_outside_body(text), outside);
    }

    #[rstest]
    #[case("総務部 行政経営課", true)]
    #[case("総務部・人事課", true)]
    #[case("人事課", false)]
    #[case("企画課・財政課", false)]
    #[case("消防本部　警防課", true)]
    fn a_division_may_name_its_department_before_it(#[case] text: &str, #[case] named: bool) {
        assert_eq!(names_department_too(text), named);
    }

    #[rstest]
    #[case("8月に研修を実施した。", true)]
    #[case("システムを導入している", true)]
    #[case("窓口の電子化を進める", false)]
    #[case("完了", true)]
    #[case("養成講座を1回実施（24人）。", true)]
    #[case("会場・出展者の調整を開始。", true)]
    #[case("第1回を6月に実施（受診者118名）。", true)]
    #[case("研修を2回実施予定。", false)]
    #[case("窓口の電子化を推進", false)]
    #[case("満足度80%以上。", false)]
    #[case("市民ワークショップを4地区で開催する", false)]
    #[case("説明会を開催（10月）", false)]
    fn past_tense(#[case] text: &str, #[case] past: bool) {
        assert_eq!(is_past_tense(text), past);
    }

    #[rstest]
    #[case("1", true)]
    #[case("１－２", true)]
    #[case("2-1-3", true)]
    #[case("A-3", true)]
    #[case("①", true)]
    #[case("(3)", true)]
    #[case("No.4", true)]
    #[case("令和8年12月", false)]
    #[case("9月末まで", false)]
    #[case("75%", false)]
    #[case("2027/3/31", false)]
    #[case("2026-09-30", false)]
    #[case("2026.9.30", false)]
    #[case("2026-13-30", true)]
    #[case("(1)-①", true)]
    #[case("1-(2)-③", true)]
    #[case("（２）－①", true)]
    #[case("(1)-(", false)]
    #[case("(注)", false)]
    #[case("港-07", true)]
    #[case("港湾－１２", true)]
    #[case("港-A", false)]
    #[case("港湾振興-1", false)]
    #[case("港-見直し", false)]
    #[case("項目1", true)]
    #[case("取組２", true)]
    #[case("項目123", false)]
    #[case("第3工区の整備", false)]
    fn numbers_and_codes(#[case] text: &str, #[case] expected: bool) {
        assert_eq!(is_numbering(text), expected);
    }

    #[rstest]
    #[case("2026-04-15 09:12", true)]
    #[case("10:30〜", true)]
    #[case("１０：３０", false)]
    #[case("9月末まで", false)]
    #[case("比率 3:1", false)]
    #[case("2026-09-30", false)]
    fn times_of_day(#[case] text: &str, #[case] expected: bool) {
        assert_eq!(names_time_of_day(text), expected);
    }

    #[test]
    fn grades_statuses_percentages_and_numbering() {
        let g = grid(&[
            &["A", "完了", "75%", "1-1"],
            &["B", "実施中", "１００％", "①"],
        ]);
        assert_eq!(profile(&g, 0).grades, 2);
        assert_eq!(profile(&g, 1).statuses, 2);
        assert_eq!(profile(&g, 2).percents, 2.0);
        assert_eq!(profile(&g, 3).numbering, 2);
    }

    #[rstest]
    #[case("村田 一郎", true)]
    #[case("森\u{3000}健", true)]
    #[case("江口 さくら", true)]
    #[case("窓口の電子化", false)]
    #[case("防災訓練 実施", false)]
    #[case("AI 活用", false)]
    #[case("総務部 人事課長補佐", false)]
    fn a_person_is_named_as_a_roster_writes_it(#[case] text: &str, #[case] named: bool) {
        assert_eq!(is_person_name(text), named, "{text}");
    }
}
