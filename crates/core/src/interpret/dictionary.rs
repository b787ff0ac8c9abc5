//! The field dictionary: which header and label words name which field of a
//! goal workbook (取組項目 → item, 期間・期限 → deadline …), read from
//! `config/dictionary.toml` (embedded as the default) or a user file, and
//! the matching of normalised cell text against it.
//!
//! Matching rules (also documented in the TOML file): cell text and words
//! are normalised by [`normalize_label`]; a cell matches a word when both
//! are equal, or when the cell starts with a word of three or more
//! characters, is at most [`MAX_PREFIX_LABEL_CHARS`] characters long and
//! what follows the word continues a label rather than a sentence (not a
//! digit, no particle or verb ending: `取組項目及び方法・手段` is a label,
//! `取組項目の見直しを行う` a sentence). The longest matching word wins;
//! words of one or two characters only match exactly. A word written with a
//! bracketed note (`目標(数値)`) keeps it: it matches the cell that carries
//! the same note, never the bare `目標`.
//!
//! A word may carry a weight per field (`{ word = "取組内容", weight = 0.6 }`
//! under `item` beside the plain `取組内容` under `detail`): it is evidence
//! for both, and the weights say how much. A plain word weighs 1. Where a
//! label must name one field (label–value blocks), the heaviest wins.
//!
//! Besides header words the dictionary holds what decides a column by its
//! content and its header together: the grades and statuses chosen from
//! drop-downs (`[values]`), and the words that make a column a report of
//! the interim or the year's end (`[reports]`).

use serde::Deserialize;
use thiserror::Error;

/// The dictionary shipped with mokuhyo.
pub const DEFAULT_DICTIONARY: &str = include_str!("../../../../config/dictionary.toml");

/// A cell longer than this (after normalisation) is never a prefix match:
/// labels are short, sentences are not.
pub const MAX_PREFIX_LABEL_CHARS: usize = 30;

/// A field of a goal workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Item,
    Number,
    Deadline,
    Target,
    Interim,
    YearEnd,
    Achievement,
    SelfAssessment,
    Reason,
    Owner,
    Department,
    Goal,
    Priority,
    Detail,
    Current,
    Purpose,
    FiscalYear,
}

impl Field {
    /// The report field of a part of the year.
    pub(crate) fn of_period(period: ReportPeriod) -> Field {
        match period {
            ReportPeriod::Interim => Field::Interim,
            ReportPeriod::YearEnd => Field::YearEnd,
        }
    }

    /// The part of the year a report field is of; none for other fields.
    pub(crate) fn period(self) -> Option<ReportPeriod> {
        match self {
            Field::Interim => Some(ReportPeriod::Interim),
            Field::YearEnd => Some(ReportPeriod::YearEnd),
            _ => None,
        }
    }

    /// The field's key in the dictionary file.
    pub fn key(self) -> &'static str {
        match self {
            Field::Item => "item",
            Field::Number => "number",
            Field::Deadline => "deadline",
            Field::Target => "target",
            Field::Interim => "interim",
            Field::YearEnd => "year_end",
            Field::Achievement => "achievement",
            Field::SelfAssessment => "self_assessment",
            Field::Reason => "reason",
            Field::Owner => "owner",
            Field::Department => "department",
            Field::Goal => "goal",
            Field::Priority => "priority",
            Field::Detail => "detail",
            Field::Current => "current",
            Field::Purpose => "purpose",
            Field::FiscalYear => "fiscal_year",
        }
    }
}

/// Whether a multi-year plan row reports the year's results, the first
/// half's results, or states a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum YearRowKind {
    Result,
    /// Results of the year's first part (R8年度 上半期実績, 中間実績).
    InterimResult,
    Plan,
}

/// An error in a dictionary file, naming the key at fault.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DictionaryError {
    #[error("dictionary: {0}")]
    Toml(#[source] toml::de::Error),
    #[error(
        "dictionary: key `{key}`: the word {word:?} is empty once spaces and notes are removed"
    )]
    EmptyWord { key: String, word: String },
}

/// A word of a field in a dictionary file: plain (weight 1) or weighted.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum WordEntry {
    Plain(String),
    Weighted { word: String, weight: f32 },
}

impl WordEntry {
    fn word(&self) -> &str {
        match self {
            WordEntry::Plain(w) | WordEntry::Weighted { word: w, .. } => w,
        }
    }
    fn weight(&self) -> f32 {
        match self {
            WordEntry::Plain(_) => 1.0,
            WordEntry::Weighted { weight, .. } => *weight,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldsFile {
    #[serde(default)]
    item: Vec<WordEntry>,
    #[serde(default)]
    number: Vec<WordEntry>,
    #[serde(default)]
    deadline: Vec<WordEntry>,
    #[serde(default)]
    target: Vec<WordEntry>,
    #[serde(default)]
    interim: Vec<WordEntry>,
    #[serde(default)]
    year_end: Vec<WordEntry>,
    #[serde(default)]
    achievement: Vec<WordEntry>,
    #[serde(default)]
    self_assessment: Vec<WordEntry>,
    #[serde(default)]
    reason: Vec<WordEntry>,
    #[serde(default)]
    owner: Vec<WordEntry>,
    #[serde(default)]
    department: Vec<WordEntry>,
    #[serde(default)]
    goal: Vec<WordEntry>,
    #[serde(default)]
    priority: Vec<WordEntry>,
    #[serde(default)]
    detail: Vec<WordEntry>,
    #[serde(default)]
    current: Vec<WordEntry>,
    #[serde(default)]
    purpose: Vec<WordEntry>,
    #[serde(default)]
    fiscal_year: Vec<WordEntry>,
}

impl FieldsFile {
    fn lists(self) -> Vec<(Field, Vec<WordEntry>)> {
        vec![
            (Field::Item, self.item),
            (Field::Number, self.number),
            (Field::Deadline, self.deadline),
            (Field::Target, self.target),
            (Field::Interim, self.interim),
            (Field::YearEnd, self.year_end),
            (Field::Achievement, self.achievement),
            (Field::SelfAssessment, self.self_assessment),
            (Field::Reason, self.reason),
            (Field::Owner, self.owner),
            (Field::Department, self.department),
            (Field::Goal, self.goal),
            (Field::Priority, self.priority),
            (Field::Detail, self.detail),
            (Field::Current, self.current),
            (Field::Purpose, self.purpose),
            (Field::FiscalYear, self.fiscal_year),
        ]
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearRowsFile {
    #[serde(default)]
    result: Vec<String>,
    #[serde(default)]
    plan: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlansAheadFile {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    next: Vec<String>,
    #[serde(default)]
    times: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MeasureFile {
    #[serde(default)]
    targets: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentHeadFile {
    #[serde(default)]
    suffixes: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValuesFile {
    #[serde(default)]
    grades: Vec<String>,
    #[serde(default)]
    statuses: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WithdrawnFile {
    #[serde(default)]
    marks: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarksFile {
    #[serde(default)]
    marks: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DistributorFile {
    #[serde(default)]
    words: Vec<String>,
    /// The words a line signed by the sheet's writer or contact starts
    /// with (`作成：…`, `【問合せ】…`).
    #[serde(default)]
    signed: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportsFile {
    #[serde(default)]
    interim: Vec<String>,
    #[serde(default)]
    year_end: Vec<String>,
    #[serde(default)]
    result: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HintsFile {
    #[serde(default)]
    item: Vec<String>,
    #[serde(default)]
    goal: Vec<String>,
    #[serde(default)]
    deadline: Vec<String>,
    #[serde(default)]
    owner: Vec<String>,
    #[serde(default)]
    department: Vec<String>,
    #[serde(default)]
    target: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DictionaryFile {
    #[serde(default)]
    fields: FieldsFile,
    #[serde(default)]
    hints: HintsFile,
    /// Words no field keeps (a user's extension takes a built-in word away).
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    stop: Vec<String>,
    #[serde(default)]
    plan_position_suffixes: Vec<String>,
    #[serde(default)]
    year_rows: YearRowsFile,
    #[serde(default)]
    plans_ahead: PlansAheadFile,
    #[serde(default)]
    measure: MeasureFile,
    #[serde(default)]
    department_head: DepartmentHeadFile,
    #[serde(default)]
    entry_date: Vec<String>,
    #[serde(default)]
    totals: Vec<String>,
    #[serde(default)]
    looks_back: Vec<String>,
    #[serde(default)]
    values: ValuesFile,
    #[serde(default)]
    distributor: DistributorFile,
    #[serde(default)]
    withdrawn: WithdrawnFile,
    #[serde(default)]
    drafts: MarksFile,
    #[serde(default)]
    references: MarksFile,
    #[serde(default)]
    partners: MarksFile,
    #[serde(default)]
    reports: ReportsFile,
    /// The recipient roster's header words, read by `crate::roster`.
    #[serde(default, rename = "roster")]
    _roster: Option<toml::Table>,
}

#[derive(Debug, Clone, PartialEq)]
struct Word {
    text: String,
    /// Its first character: a word can only match a text that starts so.
    first: char,
    chars: usize,
    field: Field,
    weight: f32,
}

/// The part of the year a report column's header names.
pub(crate) use crate::model::ReportPeriod;

/// Header words per field, normalised once.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDictionary {
    words: Vec<Word>,
    stop: Vec<String>,
    plan_position_suffixes: Vec<String>,
    year_result: Vec<String>,
    year_plan: Vec<String>,
    /// Words of a report header that plans ahead (予定, 今後), and the
    /// words of what comes next (次, 来) with the times they go before.
    plans_ahead: Vec<String>,
    plans_ahead_next: Vec<String>,
    plans_ahead_times: Vec<String>,
    /// Words that make a figure before them a target's (目標, 以上, とする).
    measure_targets: Vec<String>,
    department_head_suffixes: Vec<String>,
    /// Words of a heading naming a year gone by (前年度, 昨年度).
    looks_back: Vec<String>,
    entry_date: Vec<String>,
    totals: Vec<String>,
    grades: Vec<String>,
    statuses: Vec<String>,
    report_interim: WordsInside,
    report_year_end: WordsInside,
    report_result: WordsInside,
    /// Parts of words that lean a header towards a field.
    hints: WordsInside<Field>,
    /// Words that mark a title line as the distributing section's.
    distributor: WordsInside,
    /// Words a line signed by the sheet's writer or contact starts with.
    signed: Vec<String>,
    /// Marks in brackets of an item listed again or taken back.
    withdrawn: Vec<String>,
    /// Marks of a plan not yet decided (`drafts.marks`: 案, 素案).
    drafts: Vec<String>,
    /// Marks of a workbook kept for reference (`references.marks`: 参考,
    /// 記入例).
    references: Vec<String>,
    /// Words a heading of the units an item's owner works with starts with
    /// (`partners.marks`: 関係, 連携).
    partners: Vec<String>,
}

/// What follows each of `words` that `text` starts with.
fn after_a_word<'t>(words: &'t [String], text: &'t str) -> impl Iterator<Item = &'t str> + 't {
    words
        .iter()
        .filter_map(move |word| text.strip_prefix(word.as_str()))
}

/// Whether a part of `text` in brackets holds one of `marks` alone
/// (`R8（案）`, `【参考】記入要領`).
fn marked_in_brackets(text: &str, marks: &[String]) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find(['（', '(', '【', '[', '［', '〔']) {
        let after = &rest[open..];
        let inside = after
            .char_indices()
            .nth(1)
            .map_or("", |(at, _)| &after[at..]);
        let Some((mark, tail)) = inside.split_once(['）', ')', '】', ']', '］', '〕']) else {
            return false;
        };
        if marks.contains(&normalize_label(mark)) {
            return true;
        }
        rest = tail;
    }
    false
}

/// Words looked for inside texts (periods and results in headers, the
/// distributor's words in title lines), in order of their first character,
/// so that each character of a text looks up only the words it can start.
#[derive(Debug, Clone, PartialEq)]
struct WordsInside<T = ()> {
    /// Each word with what it names.
    words: Vec<(String, T)>,
    /// The first character of each word, in the same order.
    firsts: Vec<char>,
    /// A bit per first character (by its code modulo 128): a character
    /// whose bit is clear begins no word.
    may_begin: u128,
}

/// The bit of a character in [`WordsInside::may_begin`].
fn bit(c: char) -> u128 {
    1 << (u32::from(c) % 128)
}

impl<T> Default for WordsInside<T> {
    fn default() -> Self {
        WordsInside {
            words: Vec::new(),
            firsts: Vec::new(),
            may_begin: 0,
        }
    }
}

impl<T: PartialEq> WordsInside<T> {
    /// Adds a word (once) before [`WordsInside::index`].
    fn add(&mut self, word: String, named: T) {
        if !self.words.iter().any(|(w, n)| *w == word && *n == named) {
            self.words.push((word, named));
        }
    }

    /// Orders the words once they are all added.
    fn index(&mut self) {
        let first = |(w, _): &(String, T)| w.chars().next().unwrap_or_default();
        self.words.sort_by_key(first);
        self.firsts = self.words.iter().map(first).collect();
        self.may_begin = self.firsts.iter().fold(0, |bits, &c| bits | bit(c));
    }

    /// The words found in `text`, in the order they stand: where each
    /// starts and ends, and what it names.
    fn found_in<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, &'a T)> + 'a {
        text.char_indices()
            .filter(|&(_, c)| self.may_begin & bit(c) != 0)
            .flat_map(move |(i, c)| {
                let start = self.firsts.partition_point(|&f| f < c);
                let end = start + self.firsts[start..].iter().take_while(|&&f| f == c).count();
                self.words[start..end]
                    .iter()
                    .filter(move |(w, _)| text[i..].starts_with(w.as_str()))
                    .map(move |(w, named)| (i..i + w.len(), named))
            })
    }

    /// Where each of the words found in `text` starts and ends.
    fn spans_in(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        self.found_in(text).map(|(span, _)| span).collect()
    }

    /// Where the first of the words stands in `text`.
    fn first_in(&self, text: &str) -> Option<usize> {
        self.found_in(text).next().map(|(span, _)| span.start)
    }
}

/// Two fields claiming the same word with the same weight: a label with
/// that word names either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordClash {
    pub word: String,
    pub fields: Vec<Field>,
}

impl Default for FieldDictionary {
    /// The embedded `config/dictionary.toml`.
    fn default() -> Self {
        // The embedded file is part of the build and tested; an error here is
        // a build defect, reported by the tests, and yields an empty dictionary.
        FieldDictionary::from_toml_str(DEFAULT_DICTIONARY).unwrap_or_else(|_| Self::empty())
    }
}

impl FieldDictionary {
    fn empty() -> Self {
        FieldDictionary {
            words: Vec::new(),
            stop: Vec::new(),
            plan_position_suffixes: Vec::new(),
            year_result: Vec::new(),
            year_plan: Vec::new(),
            plans_ahead: Vec::new(),
            plans_ahead_next: Vec::new(),
            plans_ahead_times: Vec::new(),
            measure_targets: Vec::new(),
            department_head_suffixes: Vec::new(),
            looks_back: Vec::new(),
            entry_date: Vec::new(),
            totals: Vec::new(),
            grades: Vec::new(),
            statuses: Vec::new(),
            report_interim: WordsInside::default(),
            report_year_end: WordsInside::default(),
            report_result: WordsInside::default(),
            hints: WordsInside::default(),
            distributor: WordsInside::default(),
            signed: Vec::new(),
            withdrawn: Vec::new(),
            drafts: Vec::new(),
            references: Vec::new(),
            partners: Vec::new(),
        }
    }

    /// A dictionary from the text of a dictionary file (the whole
    /// dictionary: fields not listed have no words).
    pub fn from_toml_str(text: &str) -> Result<Self, DictionaryError> {
        let file: DictionaryFile = toml::from_str(text).map_err(DictionaryError::Toml)?;
        let mut dict = FieldDictionary::empty();
        dict.add_file(file, false)?;
        Ok(dict)
    }

    /// This dictionary with a user's dictionary file applied: its words
    /// name their fields, and only those (a word listed under another field
    /// moves there), and its `remove` words are taken away.
    pub fn extended_with_toml(mut self, text: &str) -> Result<Self, DictionaryError> {
        let file: DictionaryFile = toml::from_str(text).map_err(DictionaryError::Toml)?;
        self.add_file(file, true)?;
        Ok(self)
    }

    fn add_weighted(
        &mut self,
        field: Field,
        word: &str,
        weight: f32,
    ) -> Result<(), DictionaryError> {
        let text = normalize_word(word);
        if text.is_empty() {
            return Err(DictionaryError::EmptyWord {
                key: format!("fields.{}", field.key()),
                word: word.to_string(),
            });
        }
        match self
            .words
            .iter_mut()
            .find(|w| w.text == text && w.field == field)
        {
            Some(existing) => existing.weight = weight,
            None => {
                let chars = text.chars().count();
                let first = text.chars().next().unwrap_or_default();
                self.words.push(Word {
                    text,
                    first,
                    chars,
                    field,
                    weight,
                });
                // By first character, and of those longest first: a text
                // looks up only the words it can start with, and the first
                // match is the longest.
                self.words
                    .sort_by_key(|w| (w.first, std::cmp::Reverse(w.chars)));
            }
        }
        Ok(())
    }

    /// Applies a dictionary file: its removals, hints, field words and
    /// word lists; `overrides` makes its field words name only the fields
    /// it lists them under.
    fn add_file(
        &mut self,
        mut file: DictionaryFile,
        overrides: bool,
    ) -> Result<(), DictionaryError> {
        for word in &file.remove {
            let text = normalize_word(word);
            self.words.retain(|w| w.text != text);
        }
        self.add_hints(&file.hints)?;
        self.add_field_words(std::mem::take(&mut file.fields), overrides)?;
        self.add_word_lists(file)?;
        // Words looked for inside texts, by their first character.
        for list in [
            &mut self.report_interim,
            &mut self.report_year_end,
            &mut self.report_result,
            &mut self.distributor,
        ] {
            list.index();
        }
        self.hints.index();
        Ok(())
    }

    /// Adds the words of a header that hint at a field (`hints.*`).
    fn add_hints(&mut self, hints: &HintsFile) -> Result<(), DictionaryError> {
        for (field, parts) in [
            (Field::Item, &hints.item),
            (Field::Goal, &hints.goal),
            (Field::Deadline, &hints.deadline),
            (Field::Owner, &hints.owner),
            (Field::Department, &hints.department),
            (Field::Target, &hints.target),
        ] {
            for part in parts {
                let part = normalize_word(part);
                if part.is_empty() {
                    return Err(DictionaryError::EmptyWord {
                        key: format!("hints.{}", field.key()),
                        word: part,
                    });
                }
                self.hints.add(part, field);
            }
        }
        Ok(())
    }

    /// Adds the words that name each field (`fields.*`), each with its
    /// weight; with `overrides`, a word listed leaves the fields it is not
    /// listed under.
    fn add_field_words(
        &mut self,
        fields: FieldsFile,
        overrides: bool,
    ) -> Result<(), DictionaryError> {
        let lists = fields.lists();
        if overrides {
            // A word the user lists names the fields they list it under.
            let listed: Vec<String> = lists
                .iter()
                .flat_map(|(_, words)| words.iter().map(|w| normalize_word(w.word())))
                .collect();
            self.words.retain(|w| !listed.contains(&w.text));
        }
        for (field, words) in lists {
            for word in words {
                self.add_weighted(field, word.word(), word.weight())?;
            }
        }
        Ok(())
    }

    /// Adds the plain word lists (stop words, year rows, values …) and the
    /// words looked for inside texts (reports, distributor).
    fn add_word_lists(&mut self, file: DictionaryFile) -> Result<(), DictionaryError> {
        let lists: [(&str, Vec<String>, &mut Vec<String>); 14] = [
            ("stop", file.stop, &mut self.stop),
            ("looks_back", file.looks_back, &mut self.looks_back),
            ("entry_date", file.entry_date, &mut self.entry_date),
            ("totals", file.totals, &mut self.totals),
            (
                "plan_position_suffixes",
                file.plan_position_suffixes,
                &mut self.plan_position_suffixes,
            ),
            (
                "year_rows.result",
                file.year_rows.result,
                &mut self.year_result,
            ),
            ("year_rows.plan", file.year_rows.plan, &mut self.year_plan),
            (
                "plans_ahead.words",
                file.plans_ahead.words,
                &mut self.plans_ahead,
            ),
            (
                "plans_ahead.next",
                file.plans_ahead.next,
                &mut self.plans_ahead_next,
            ),
            (
                "plans_ahead.times",
                file.plans_ahead.times,
                &mut self.plans_ahead_times,
            ),
            (
                "measure.targets",
                file.measure.targets,
                &mut self.measure_targets,
            ),
            (
                "department_head.suffixes",
                file.department_head.suffixes,
                &mut self.department_head_suffixes,
            ),
            ("values.grades", file.values.grades, &mut self.grades),
            ("values.statuses", file.values.statuses, &mut self.statuses),
        ];
        for (key, words, target) in lists {
            for text in list_words(key, words)? {
                if !target.contains(&text) {
                    target.push(text);
                }
            }
        }
        let inside: [(&str, Vec<String>, &mut WordsInside); 4] = [
            (
                "reports.interim",
                file.reports.interim,
                &mut self.report_interim,
            ),
            (
                "reports.year_end",
                file.reports.year_end,
                &mut self.report_year_end,
            ),
            (
                "reports.result",
                file.reports.result,
                &mut self.report_result,
            ),
            (
                "distributor.words",
                file.distributor.words,
                &mut self.distributor,
            ),
        ];
        for (key, words, target) in inside {
            for text in list_words(key, words)? {
                target.add(text, ());
            }
        }
        self.signed = list_words("distributor.signed", file.distributor.signed)?;
        self.withdrawn = list_words("withdrawn.marks", file.withdrawn.marks)?;
        self.drafts = list_words("drafts.marks", file.drafts.marks)?;
        self.references = list_words("references.marks", file.references.marks)?;
        self.partners = list_words("partners.marks", file.partners.marks)?;
        Ok(())
    }

    /// Words two fields claim with the same weight (`config check` warns).
    pub fn clashes(&self) -> Vec<WordClash> {
        let mut out: Vec<WordClash> = Vec::new();
        for (i, w) in self.words.iter().enumerate() {
            if out.iter().any(|c| c.word == w.text) {
                continue;
            }
            let fields: Vec<Field> = self.words[i..]
                .iter()
                .filter(|o| o.text == w.text && o.weight == w.weight)
                .map(|o| o.field)
                .collect();
            if fields.len() > 1 {
                out.push(WordClash {
                    word: w.text.clone(),
                    fields,
                });
            }
        }
        out
    }

    /// The field a normalised label names, if any: the longest word that
    /// matches, and of a word several fields claim, the heaviest.
    pub fn classify(&self, normalized: &str) -> Option<Field> {
        self.best_match(normalized).map(|w| w.field)
    }

    /// The field a cell's raw text names (`dropped` is the text normalised
    /// by [`normalize_label`]), reading it both without its bracketed notes
    /// (`目標（どの水準まで）` → 目標) and with them (`目標(数値)` → a word
    /// written with its note); the longer word wins.
    pub(crate) fn classify_label(&self, raw: &str, dropped: &str) -> Option<Field> {
        let bare = self.best_match(dropped);
        // A word with its note matters where the bare text is no word or
        // only a short one (目標(数値) beside 目標); labels are short.
        if bare.is_some_and(|w| w.chars > 2)
            || dropped.len() > MAX_PREFIX_LABEL_CHARS * 3
            || !has_bracket(raw)
        {
            return bare.map(|w| w.field);
        }
        let kept = normalize_word(raw);
        match (bare, self.best_match(&kept)) {
            (Some(b), Some(k)) if k.chars > b.chars => Some(k.field),
            (Some(b), _) => Some(b.field),
            (None, k) => k.map(|w| w.field),
        }
    }

    fn best_match(&self, normalized: &str) -> Option<&Word> {
        let first = normalized.chars().next()?;
        let starting = || self.starting_with(first).iter();
        if let Some(w) = heaviest(starting().filter(|w| w.text == normalized)) {
            return Some(w);
        }
        let len = normalized.chars().count();
        if len > MAX_PREFIX_LABEL_CHARS {
            return None;
        }
        heaviest(starting().filter(|w| {
            w.chars >= 3
                && w.chars < len
                && normalized.starts_with(w.text.as_str())
                && continues_label(&normalized[w.text.len()..])
        }))
    }

    /// Every field a normalised header names, with the weight of the word
    /// and how well it matched (an exact word counts whole, a word the
    /// header starts with a little less): the header words' evidence for
    /// each role of a column.
    pub(crate) fn evidence(&self, normalized: &str) -> Vec<(Field, f32)> {
        let mut out: Vec<(Field, f32)> = Vec::new();
        let Some(first) = normalized.chars().next() else {
            return out;
        };
        let len = normalized.chars().count();
        let mut longest = 0;
        for w in self.starting_with(first) {
            let strength = if w.text == normalized {
                1.0
            } else if w.chars >= 3
                && w.chars < len
                && len <= MAX_PREFIX_LABEL_CHARS
                && normalized.starts_with(w.text.as_str())
                && continues_label(&normalized[w.text.len()..])
            {
                0.85
            } else {
                continue;
            };
            // Only the longest words that match count (取組項目 over 取組).
            if w.chars < longest {
                break;
            }
            longest = w.chars;
            let weight = w.weight * strength;
            match out.iter_mut().find(|(f, _)| *f == w.field) {
                Some((_, best)) => *best = best.max(weight),
                None => out.push((w.field, weight)),
            }
        }
        out
    }

    /// [`FieldDictionary::evidence`] of a label, and, for a label no word
    /// starts, the word it ends with: a compound names what it is last
    /// (取組期限 is a 期限, 事業の担当 a 担当), weighed a little less than a
    /// word the label starts with. A sentence, a long text or a year
    /// (令和8年度) ends with no word of its own.
    pub(crate) fn label_evidence(&self, normalized: &str) -> Vec<(Field, f32)> {
        /// How much a word the label ends with counts.
        const ENDING: f32 = 0.7;
        /// The longest label read for the word it ends with.
        const MAX_CHARS: usize = 12;
        let found = self.evidence(normalized);
        let len = normalized.chars().count();
        if !found.is_empty() || len > MAX_CHARS || reads_as_sentence(normalized) {
            return found;
        }
        let ending = self
            .words
            .iter()
            .filter(|w| {
                w.chars >= 2 && w.chars < len && normalized.ends_with(w.text.as_str()) && {
                    let before = &normalized[..normalized.len() - w.text.len()];
                    !before.chars().any(|c| c.is_ascii_digit())
                }
            })
            .max_by_key(|w| w.chars);
        let mut out: Vec<(Field, f32)> = Vec::new();
        if let Some(longest) = ending {
            for w in self.words.iter().filter(|w| w.text == longest.text) {
                out.push((w.field, w.weight * ENDING));
            }
        }
        out
    }

    /// The fields the parts of a normalised header lean towards, for a
    /// header no word names (each at the weight of a hint).
    pub(crate) fn hints(&self, normalized: &str) -> Vec<(Field, f32)> {
        const HINT: f32 = 0.4;
        let mut out: Vec<(Field, f32)> = Vec::new();
        for (_, &field) in self.hints.found_in(normalized) {
            if !out.iter().any(|&(f, _)| f == field) {
                out.push((field, HINT));
            }
        }
        out
    }

    /// The words that start with `first`, longest first.
    fn starting_with(&self, first: char) -> &[Word] {
        let start = self.words.partition_point(|w| w.first < first);
        let end = start + self.words[start..].partition_point(|w| w.first == first);
        &self.words[start..end]
    }

    /// The field a normalised label names by an exact match only.
    pub(crate) fn classify_exact(&self, normalized: &str) -> Option<Field> {
        let first = normalized.chars().next()?;
        self.starting_with(first)
            .iter()
            .filter(|w| w.text == normalized)
            .fold(None::<&Word>, |best, w| match best {
                Some(b) if b.weight >= w.weight => Some(b),
                _ => Some(w),
            })
            .map(|w| w.field)
    }

    /// Whether a value, folded as drop-down values are compared
    /// ([`fold_value`]), is a grade of a drop-down (A, ◎, 達成 …).
    pub(crate) fn is_grade(&self, folded: &str) -> bool {
        self.grades.iter().any(|g| g == folded)
    }

    /// Whether a value, folded as drop-down values are compared
    /// ([`fold_value`]), is a status of a drop-down (未着手, 実施中, 完了 …).
    pub(crate) fn is_status(&self, folded: &str) -> bool {
        self.statuses.iter().any(|s| s == folded)
    }

    /// The part of the year a header names as a report's, anywhere in it,
    /// bracketed notes included (`報告(9月末時点)`, `上半期の取組状況`); the
    /// word named last wins when it names both (`中間報告を踏まえた年度末`
    /// is rare; headers name one).
    pub(crate) fn report_period(&self, header: &str) -> Option<ReportPeriod> {
        self.period_in(&normalize_word(header))
    }

    /// Whether a text names both reports' parts of the year (`【上期】【下期】欄へ
    /// 記入`, `中間：10月15日まで　期末：4月15日まで`): a line that tells of
    /// both names neither.
    pub(crate) fn names_both_periods(&self, text: &str) -> bool {
        let text = normalize_word(text);
        let (interim, year_end) = (
            self.report_interim.spans_in(&text),
            self.report_year_end.spans_in(&text),
        );
        // A word inside a word of the other part (半期 in 下半期), or
        // starting inside one (期末 in 上期末: the end of 上期), names none.
        let apart = |ours: &[std::ops::Range<usize>], theirs: &[std::ops::Range<usize>]| {
            ours.iter().any(|w| {
                !theirs.iter().any(|t| {
                    (t.start <= w.start && w.end <= t.end) || (t.start < w.start && w.start < t.end)
                })
            })
        };
        apart(&interim, &year_end) && apart(&year_end, &interim)
    }

    /// [`FieldDictionary::report_period`] of a header normalised as a word
    /// ([`normalize_word`]).
    pub(crate) fn period_in(&self, text: &str) -> Option<ReportPeriod> {
        // 期限 and 期日 are no part of a period's word (変更後期限 names no 後期).
        let text = if text.contains("期限") || text.contains("期日") {
            std::borrow::Cow::Owned(text.replace("期限", "〆").replace("期日", "〆"))
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        match (
            self.report_interim.first_in(&text),
            self.report_year_end.first_in(&text),
        ) {
            (Some(_), None) => Some(ReportPeriod::Interim),
            (None, Some(_)) => Some(ReportPeriod::YearEnd),
            (Some(i), Some(y)) => Some(if i < y {
                ReportPeriod::Interim
            } else {
                ReportPeriod::YearEnd
            }),
            (None, None) => None,
        }
    }

    /// The report a short label names by its words (`上半期の進捗`,
    /// `9月末時点の実績`): a part of the year and a word of results, and no
    /// sentence (`上半期に実施した` is none).
    pub(crate) fn report_label(&self, text: &str) -> Option<Field> {
        // Labels are short and name a result: most cells are done with
        // before any is normalised.
        if text.len() > MAX_PREFIX_LABEL_CHARS * 4 || self.report_result.first_in(text).is_none() {
            return None;
        }
        let n = normalize_word(text);
        if n.chars().count() > MAX_PREFIX_LABEL_CHARS
            || reads_as_sentence(&n)
            || !self.results_in(&n)
        {
            return None;
        }
        self.period_in(&n).map(Field::of_period)
    }

    /// Whether a title line is the mark of the section that distributed or
    /// collects the form (`企画課作成`, `提出先：企画課`).
    pub(crate) fn names_distributor(&self, text: &str) -> bool {
        let n = normalize_label(text);
        self.distributor.first_in(&n).is_some()
    }

    /// Whether a line is signed by the sheet's writer or contact: it
    /// starts with one of `distributor.signed`, or two of them joined
    /// (`作成担当`), in brackets or not, then a colon, a closing bracket or a
    /// space (`作成：…`, `【問合せ】…`, `担当 ○○課`, `作成担当：…`; not
    /// `担当者研修の実施`).
    pub(crate) fn is_signed_line(&self, text: &str) -> bool {
        let t = text
            .trim_start()
            .trim_start_matches(['【', '［', '[', '(', '（', '〔', '<', '＜', '■', '●', '◆']);
        let separated = |rest: &str| {
            rest.starts_with(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        ':' | '：' | '】' | '］' | ']' | ')' | '）' | '〕' | '>' | '＞'
                    )
            })
        };
        after_a_word(&self.signed, t)
            .any(|rest| separated(rest) || after_a_word(&self.signed, rest).any(separated))
    }

    /// Whether an item's text starts with a mark in brackets saying it is
    /// listed again or taken back (`（再掲）…`, `【取下げ】…`; `withdrawn.marks`):
    /// no item of its own to report on.
    pub(crate) fn is_withdrawn_item(&self, text: &str) -> bool {
        let t = text.trim_start();
        let Some(inside) = t.strip_prefix(['（', '(', '【', '[', '［', '〔', '<', '＜'])
        else {
            return false;
        };
        let Some((mark, _)) = inside.split_once(['）', ')', '】', ']', '］', '〕', '>', '＞'])
        else {
            return false;
        };
        let mark = normalize_label(mark);
        self.withdrawn.contains(&mark)
    }

    /// Whether a sheet's name or title marks it a draft: a part in brackets
    /// holding one of `drafts.marks` alone (`R8（案）`, `重点目標【素案】`).
    pub(crate) fn names_draft(&self, text: &str) -> bool {
        marked_in_brackets(text, &self.drafts)
    }

    /// Whether a file's name marks it kept for reference: a part in
    /// brackets holding one of `references.marks` alone (`【参考】記入要領`).
    pub(crate) fn names_reference(&self, text: &str) -> bool {
        marked_in_brackets(text, &self.references)
    }

    /// Whether a sheet's name marks it a sample of how to fill the others:
    /// the name, its brackets and marks around it left out, ends with one
    /// of `references.marks` (`記入見本`, `入力サンプル`, `【見本】`).
    pub(crate) fn names_sample_sheet(&self, name: &str) -> bool {
        let n = normalize_label(name);
        let n = n.trim_matches(|c: char| !c.is_alphanumeric());
        !n.is_empty() && self.references.iter().any(|m| n.ends_with(m.as_str()))
    }

    /// Whether a heading names the units an item's owner works with, not
    /// the owner (`関係局`, `連携先`, `協力課`): it starts with a word of
    /// `partners.marks` and goes on.
    pub(crate) fn names_partners(&self, heading: &str) -> bool {
        after_a_word(&self.partners, &normalize_label(heading)).any(|rest| !rest.is_empty())
    }

    /// Whether a remark says its row was taken back or is listed again: it
    /// starts with a mark of `withdrawn.marks` as a word of its own, alone
    /// or before a note (`削除（市政報告会と統合）`, `取下げ：9月`); a word
    /// the mark only begins (`削除予定`) says nothing of the kind.
    pub(crate) fn is_withdrawn_remark(&self, text: &str) -> bool {
        let t = text.trim();
        self.withdrawn.iter().any(|mark| {
            t.strip_prefix(mark.as_str()).is_some_and(|rest| {
                rest.chars().next().is_none_or(|c| {
                    c.is_whitespace()
                        || matches!(
                            c,
                            '（' | '(' | '【' | '[' | '［' | '〔' | ':' | '：' | '、' | '。'
                        )
                })
            })
        })
    }

    /// Whether a header names results or progress (報告, 実績, 進捗, 状況 …).
    pub(crate) fn names_results(&self, header: &str) -> bool {
        self.results_in(&normalize_word(header))
    }

    /// [`FieldDictionary::names_results`] of a header normalised as a word.
    pub(crate) fn results_in(&self, text: &str) -> bool {
        self.report_result.first_in(text).is_some()
    }

    /// The goal word a label such as `部局目標1` starts with, and the rest.
    pub(crate) fn goal_word_prefix<'a>(&self, normalized: &'a str) -> Option<&'a str> {
        self.starting_with(normalized.chars().next()?)
            .iter()
            .filter(|w| w.field == Field::Goal)
            .find(|w| normalized.starts_with(w.text.as_str()))
            .map(|w| &normalized[w.text.len()..])
    }

    /// The most characters a normalised label can have to name a field, a
    /// year row, a goal group or a department's head: longer texts name
    /// none of them, whatever their words. (Labels that end tables, plan
    /// positions and `label：value` cells are told by how they start or end
    /// and may be longer.)
    pub(crate) fn longest_label_chars(&self) -> usize {
        /// The most characters a fiscal year takes in a year row's label
        /// (`令和10年度`, `平成31年度`, `2026年度`), with room to spare.
        const FISCAL_YEAR_CHARS: usize = 12;
        let words = self.words.iter().map(|w| w.chars);
        let year_words = self.year_result.iter().chain(&self.year_plan);
        let year_rows = year_words.map(|w| w.chars().count() + FISCAL_YEAR_CHARS);
        words
            .chain(year_rows)
            .fold(MAX_PREFIX_LABEL_CHARS, usize::max)
    }

    /// Whether a normalised label ends an item table (特記事項 …).
    pub(crate) fn is_stop(&self, normalized: &str) -> bool {
        !normalized.is_empty() && self.stop.iter().any(|s| normalized.starts_with(s.as_str()))
    }

    /// Whether a normalised sub-heading under a report is the date the
    /// report was written (記入日), not the report.
    pub(crate) fn is_entry_date(&self, normalized: &str) -> bool {
        self.entry_date.iter().any(|w| normalized == w)
    }

    /// Whether a normalised column heading is the date a report was
    /// written: an entry-date word alone (記入日, 更新日), or after words
    /// that name no deadline (中間報告日, 最終更新日; not 完了予定日付).
    /// Whether a normalised heading names a year gone by (`[looks_back]`:
    /// 前年度の結果, 昨年度実績).
    pub(crate) fn looks_back(&self, normalized: &str) -> bool {
        self.looks_back
            .iter()
            .any(|w| normalized.contains(w.as_str()))
    }

    pub(crate) fn names_entry_date(&self, normalized: &str) -> bool {
        self.entry_date.iter().any(|w| {
            normalized.strip_suffix(w.as_str()).is_some_and(|before| {
                before.is_empty()
                    || !self
                        .evidence(before)
                        .iter()
                        .any(|(f, _)| *f == Field::Deadline)
            })
        })
    }

    /// Whether a normalised label names a row that totals the rows above
    /// it (合計, 小計).
    pub(crate) fn is_total(&self, normalized: &str) -> bool {
        self.totals.iter().any(|w| normalized == w)
    }

    /// Whether a normalised label is a plan position (…における位置付け).
    pub(crate) fn is_plan_position(&self, normalized: &str) -> bool {
        self.plan_position_suffixes
            .iter()
            .any(|s| normalized.ends_with(s.as_str()))
    }

    /// The kind of a multi-year plan row from the words after its fiscal
    /// year (`実績`, `計画`); a result word after a part of the year
    /// (`上半期実績`, `年度末実績`) reports that part.
    pub(crate) fn year_row_kind(&self, rest: &str) -> Option<YearRowKind> {
        if self.year_result.iter().any(|w| w == rest) {
            return Some(YearRowKind::Result);
        }
        if self.year_plan.iter().any(|w| w == rest) {
            return Some(YearRowKind::Plan);
        }
        let part = self
            .year_result
            .iter()
            .find_map(|w| rest.strip_suffix(w.as_str()))?;
        match self.period_in(part)? {
            ReportPeriod::Interim => Some(YearRowKind::InterimResult),
            ReportPeriod::YearEnd => Some(YearRowKind::Result),
        }
    }

    /// Whether a report header plans ahead rather than reports
    /// (`[plans_ahead]`): it holds a word of what is planned or of a time
    /// to come (予定, 今後, 以降), or a word of what comes next before a
    /// time (次の四半期, 来期, 来年度). Bracketed notes are dropped first.
    pub(crate) fn plans_ahead(&self, header: &str) -> bool {
        let n = normalize_label(header);
        if self.plans_ahead.iter().any(|w| n.contains(w.as_str())) {
            return true;
        }
        self.plans_ahead_next.iter().any(|next| {
            n.match_indices(next.as_str()).any(|(at, _)| {
                let rest = &n[at + next.len()..];
                self.plans_ahead_times
                    .iter()
                    .any(|t| rest.starts_with(t.as_str()))
            })
        })
    }

    /// The words that make a figure before them a target's (`[measure]
    /// targets`: 目標, 目指, 以上, する …), normalised.
    pub(crate) fn measure_targets(&self) -> &[String] {
        &self.measure_targets
    }

    /// The department a head's title names (`総務部長` → `総務部`).
    pub(crate) fn department_of_head(&self, normalized: &str) -> Option<String> {
        if normalized.chars().count() > 12 {
            return None;
        }
        self.department_head_suffixes.iter().find_map(|s| {
            let stem = normalized.strip_suffix(s.as_str())?;
            if stem.is_empty() {
                return None;
            }
            // Keep the 部/局 of the suffix: 総務部長 → 総務部.
            let unit = s.chars().next()?;
            Some(format!("{stem}{unit}"))
        })
    }
}

/// Folds a full-width ASCII character (Ａ, ０, （) to half-width and the
/// ideographic space to a space.
pub(crate) fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

pub(crate) fn is_decoration(c: char) -> bool {
    matches!(
        c,
        '◎' | '○' | '●' | '■' | '□' | '◆' | '◇' | '・' | '※' | '★' | '☆' | '〇' | '*'
    )
}

/// A list's words as compared: drop-down values folded, other words
/// normalised; an empty one is refused with the list's key.
fn list_words(key: &str, words: Vec<String>) -> Result<Vec<String>, DictionaryError> {
    words
        .into_iter()
        .map(|word| {
            let text = if key.starts_with("values.") {
                fold_value(&word)
            } else {
                normalize_label(&word)
            };
            if text.is_empty() {
                Err(DictionaryError::EmptyWord {
                    key: key.to_string(),
                    word,
                })
            } else {
                Ok(text)
            }
        })
        .collect()
}

/// Of words in order of length, the longest, and of equally long words the
/// heaviest.
fn heaviest<'w>(mut words: impl Iterator<Item = &'w Word>) -> Option<&'w Word> {
    let first = words.next()?;
    Some(words.fold(first, |best, w| {
        if w.chars == best.chars && w.weight > best.weight {
            w
        } else {
            best
        }
    }))
}

/// Whether what follows a word at the start of a label continues the
/// label (`及び方法・手段`, `名`) rather than making it a sentence
/// (`の見直しを行う`, `を達成した`): not a digit, at most ten characters,
/// and no particle or verb ending.
fn continues_label(rest: &str) -> bool {
    if rest.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    rest.chars().count() <= 10 && !reads_as_sentence(rest)
}

/// Whether a text has a particle or verb ending of a sentence (`…を行う`,
/// `…に実施した`): no label has.
fn reads_as_sentence(text: &str) -> bool {
    const SENTENCE: [&str; 10] = [
        "を", "に", "が", "は", "で", "へ", "する", "した", "ます", "れる",
    ];
    SENTENCE.iter().any(|p| text.contains(p))
}

/// A dictionary word as matched: normalised like a label, but a bracketed
/// note is kept (without its brackets), so that `目標(数値)` stays itself.
pub(crate) fn normalize_word(word: &str) -> String {
    let mut out = String::new();
    normalize_text(word, Brackets::Dropped, &mut out);
    out
}

/// A drop-down value as compared: width folded, upper case, no spaces.
pub(crate) fn fold_value(value: &str) -> String {
    value
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Normalises a label for matching: width folded, ASCII lower-cased, spaces
/// and line breaks removed, bracketed notes dropped (unless the whole label
/// is one), leading marks and a trailing colon removed.
pub fn normalize_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// Whether [`normalize_label`] keeps more than `n` characters of a text
/// without brackets (there it drops only spaces, leading marks and trailing
/// colons); false for a text with brackets, whose notes it drops.
pub(crate) fn keeps_more_than(text: &str, n: usize) -> bool {
    !text.contains(['(', '（', '〔', '［', '['])
        && text
            .chars()
            .map(fold_width)
            .filter(|&c| !c.is_whitespace() && c != ':' && !is_decoration(c))
            .nth(n)
            .is_some()
}

/// Whether a text holds a bracket, so that it reads differently with its
/// bracketed notes ([`normalize_word`]) and without them
/// ([`normalize_label`]).
pub(crate) fn has_bracket(text: &str) -> bool {
    text.contains(['(', ')', '（', '）', '〔', '［', '['])
}

/// [`normalize_label`] into a reused buffer.
pub(crate) fn normalize_into(text: &str, out: &mut String) {
    normalize_text(text, Brackets::OpenNotes, out);
}

/// What normalising does with brackets.
#[derive(Clone, Copy, PartialEq)]
enum Brackets {
    /// They open notes, which are dropped (unless the text is all notes).
    OpenNotes,
    /// The brackets alone are dropped; what they hold is kept.
    Dropped,
}

/// [`normalize_into`] and [`normalize_word`]. Characters that normalising
/// keeps as they are (kana, kanji, lower-case letters, digits) are copied
/// a run at a time.
fn normalize_text(text: &str, brackets: Brackets, out: &mut String) {
    out.clear();
    out.reserve(text.len());
    let mut notes = String::new();
    let mut depth = 0usize;
    let mut run = 0;
    let mut at = 0;
    while let Some(rest) = text.get(at..).filter(|rest| !rest.is_empty()) {
        if let Some(len) = kept_as_is_len(rest.as_bytes()) {
            at += len;
            continue;
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        let into = if depth > 0 { &mut notes } else { &mut *out };
        into.push_str(&text[run..at]);
        at += c.len_utf8();
        run = at;
        let c = fold_width(c).to_ascii_lowercase();
        if c.is_whitespace() {
            continue;
        }
        match c {
            '(' | '〔' | '[' | ')' | '〕' | ']' if brackets == Brackets::Dropped => {}
            '(' | '〔' | '[' => depth += 1,
            ')' | '〕' | ']' if depth > 0 => depth -= 1,
            _ => into.push(c),
        }
    }
    let into = if depth > 0 { &mut notes } else { &mut *out };
    into.push_str(&text[run..]);
    // A label that is nothing but a bracketed note keeps its content.
    if out.is_empty() {
        std::mem::swap(out, &mut notes);
    }
    let start = out
        .char_indices()
        .find(|&(_, c)| !is_decoration(c))
        .map_or(out.len(), |(i, _)| i);
    if start > 0 {
        out.replace_range(..start, "");
    }
    while out.ends_with(':') {
        out.pop();
    }
}

/// The length of the character `bytes` start with, when normalising keeps
/// it as it is ([`is_kept_as_is`]), told from its first bytes without
/// decoding it: most of a label's characters are kept, kana and kanji
/// above all, which UTF-8 writes in three bytes from E3 81 to EF BB.
fn kept_as_is_len(bytes: &[u8]) -> Option<usize> {
    match *bytes {
        [b, ..] if b < 0x80 => is_kept_as_is(char::from(b)).then_some(1),
        // U+4000–U+EFFF.
        [0xE4..=0xEE, ..] => Some(3),
        // U+3000–U+3FFF but the ideographic space and the tortoise-shell
        // brackets (U+3000, U+3014, U+3015).
        [0xE3, second, third, ..] => {
            (second != 0x80 || !matches!(third, 0x80 | 0x94 | 0x95)).then_some(3)
        }
        // U+F000–U+FEFF, short of the full-width forms.
        [0xEF, second, ..] if second <= 0xBB => Some(3),
        _ => None,
    }
}

/// Whether normalising keeps a character as it is: lower-case letters,
/// digits and ASCII marks other than brackets; kana, kanji and Japanese
/// punctuation other than the ideographic space and tortoise-shell brackets.
fn is_kept_as_is(c: char) -> bool {
    match c {
        '(' | ')' | '[' | ']' => false,
        '!'..='~' => !c.is_ascii_uppercase(),
        '\u{3001}'..='\u{3013}' | '\u{3016}'..='\u{FEFF}' => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("作成：ひばり区役所", true)]
    #[case("【問合せ】ひばり区役所", true)]
    #[case("作成担当：ひばり区役所", true)]
    #[case("（記入者担当） ひばり課", true)]
    #[case("担当者研修の実施", false)]
    #[case("作成担当者研修の実施", false)]
    #[case("作成した資料を配る", false)]
    fn a_signed_line_starts_with_a_word_of_signing_or_two(
        #[case] text: &str,
        #[case] signed: bool,
    ) {
        assert_eq!(
            FieldDictionary::default().is_signed_line(text),
            signed,
            "{text}"
        );
    }

    /// Every character normalising keeps as it is is told so from its
    /// bytes, and no other.
    #[test]
    fn kept_characters_are_told_from_their_bytes() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = is_kept_as_is(c).then_some(bytes.len());
            assert_eq!(kept_as_is_len(bytes), expected, "{c:?}");
        }
    }

    /// A heading names both reports' parts of the year where each word
    /// stands apart; a word inside or across the other's (下半期, 上期末:
    /// the end of 上期) names one.
    #[rstest]
    #[case("中間・期末", true)]
    #[case("上期末・年度末の状況", true)]
    #[case("下半期の状況", false)]
    #[case("上期末の状況", false)]
    fn names_both_periods_where_the_words_stand_apart(#[case] heading: &str, #[case] both: bool) {
        assert_eq!(
            FieldDictionary::default().names_both_periods(heading),
            both,
            "{heading}"
        );
    }

    #[rstest]
    #[case("組 織 目 標", "組織目標")]
    #[case("年度計画達成度(※)", "年度計画達成度")]
    #[case("年度計画達成度 （※）", "年度計画達成度")]
    #[case("取組項目及び方法・手段（何をどのように）", "取組項目及び方法・手段")]
    #[case("達成状況\n(自己評価)", "達成状況")]
    #[case("◎部局目標1", "部局目標1")]
    #[case("Ｎｏ．", "no.")]
    #[case("(自己評価)", "自己評価")]
    #[case("所属：", "所属")]
    fn normalises(#[case] raw: &str, #[case] expected: &str) {
        let kept = normalize_label(raw);
        assert_eq!(kept, expected);
        let n = kept.chars().count();
        assert!(!keeps_more_than(raw, n), "{raw}");
    }

    proptest::proptest! {
        #[test]
        fn keeps_more_than_agrees_with_normalising(text in "[ 　◎・※*:：部局目標課ＡＢa-z0-9（）()]{0,40}", n in 0usize..40) {
            if keeps_more_than(&text, n) {
                proptest::prop_assert!(normalize_label(&text).chars().count() > n);
            }
        }

        #[test]
        fn normalising_by_runs_agrees_with_normalising_by_character(
            text in "[ 　\n◎・※*:：部局目標課〇ＡＢａＺA-Za-z0-9（）()〔〕［］\\[\\]、。ー]{0,40}"
        ) {
            proptest::prop_assert_eq!(normalize_label(&text), by_character(&text, true));
            proptest::prop_assert_eq!(normalize_word(&text), by_character(&text, false));
        }
    }

    /// Normalising one character at a time, as the rule reads.
    fn by_character(text: &str, drop_notes: bool) -> String {
        let (mut out, mut notes, mut depth) = (String::new(), String::new(), 0);
        for c in text.chars() {
            let c = fold_width(c).to_ascii_lowercase();
            match c {
                _ if c.is_whitespace() => {}
                '(' | '〔' | '[' | ')' | '〕' | ']' if !drop_notes => {}
                '(' | '〔' | '[' => depth += 1,
                ')' | '〕' | ']' if depth > 0 => depth -= 1,
                _ if depth > 0 => notes.push(c),
                _ => out.push(c),
            }
        }
        if out.is_empty() {
            out = notes;
        }
        let out = out.trim_start_matches(is_decoration).trim_end_matches(':');
        out.to_string()
    }

    /// A label no word starts weighs the word it ends with; a sentence, a
    /// long text or a year does not.
    #[rstest]
    #[case("取組期限", Some(Field::Deadline))]
    #[case("事業の担当", Some(Field::Owner))]
    #[case("取組の期間", Some(Field::Deadline))]
    #[case("期限", Some(Field::Deadline))]
    #[case("期限を守る", None)]
    #[case("令和8年度", None)]
    #[case("窓口の電子化と申請手続の見直しの期限", None)]
    #[case("テーマ", None)]
    fn a_label_weighs_the_word_it_ends_with(#[case] label: &str, #[case] field: Option<Field>) {
        let dict = FieldDictionary::default();
        let strongest = dict
            .label_evidence(&normalize_label(label))
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(f, _)| f);
        assert_eq!(strongest, field, "{label}");
    }

    #[rstest]
    #[case("取組項目及び方法・手段（何をどのように）", Some(Field::Item))]
    #[case("期間・期限（いつ・いつまでに）", Some(Field::Deadline))]
    #[case("数値目標（どの水準まで）", Some(Field::Target))]
    #[case("中間報告（目標に対する進捗状況・進捗度）", Some(Field::Interim))]
    #[case("期末報告（目標に対する達成状況・達成度）", Some(Field::YearEnd))]
    #[case("年度計画達成度 (※)", Some(Field::Achievement))]
    #[case("達成状況\n(自己評価)", Some(Field::SelfAssessment))]
    #[case("達成水準\n(どこまでできれば達成したといえるか)", Some(Field::Target))]
    #[case("組 織 目 標", Some(Field::Goal))]
    #[case("項目番号", Some(Field::Number))]
    #[case("No.", Some(Field::Number))]
    #[case("No.1", None)]
    #[case("担当課", Some(Field::Owner))]
    #[case("担当者の氏名", None)]
    #[case("目標", Some(Field::Target))]
    #[case("目標とする姿", None)]
    #[case("部局名", Some(Field::Department))]
    #[case("中間", None)]
    #[case("令和2年度 重点目標管理シート", None)]
    fn classifies(#[case] raw: &str, #[case] field: Option<Field>) {
        let dict = FieldDictionary::default();
        assert_eq!(dict.classify(&normalize_label(raw)), field);
    }

    #[test]
    fn embedded_dictionary_parses() {
        FieldDictionary::from_toml_str(DEFAULT_DICTIONARY).unwrap();
        let dict = FieldDictionary::default();
        assert!(dict.is_stop("特記事項"));
        assert!(dict.is_plan_position("総合計画における位置付け"));
        assert_eq!(dict.year_row_kind("実績"), Some(YearRowKind::Result));
        assert_eq!(dict.year_row_kind("計画"), Some(YearRowKind::Plan));
        assert_eq!(
            dict.year_row_kind("上半期実績"),
            Some(YearRowKind::InterimResult)
        );
        assert_eq!(dict.year_row_kind("年度末実績"), Some(YearRowKind::Result));
        assert_eq!(dict.year_row_kind("見込み"), None);
        assert_eq!(
            dict.department_of_head("総務部長").as_deref(),
            Some("総務部")
        );
    }

    #[test]
    fn errors_name_the_bad_key() {
        let err = FieldDictionary::from_toml_str("[fields]\nitme = [\"x\"]\n").unwrap_err();
        assert!(err.to_string().contains("itme"), "{err}");
        let err = FieldDictionary::from_toml_str("[fields]\ndeadline = [\" ( ) \"]\n").unwrap_err();
        assert!(err.to_string().contains("fields.deadline"), "{err}");
        let err = FieldDictionary::from_toml_str("stop = [\"　\"]\n").unwrap_err();
        assert!(err.to_string().contains("stop"), "{err}");
        let err = FieldDictionary::from_toml_str("[fields]\nitem = 3\n").unwrap_err();
        assert!(err.to_string().contains("item"), "{err}");
    }

    #[test]
    fn the_built_in_dictionary_has_no_word_two_fields_claim_alike() {
        assert_eq!(FieldDictionary::default().clashes(), Vec::new());
    }

    #[test]
    fn an_extension_moves_words_between_fields_and_takes_words_away() {
        let dict = FieldDictionary::default();
        assert_eq!(dict.classify("表題"), Some(Field::Item));
        let dict = dict
            .extended_with_toml("remove = [\"表題\"]\n[fields]\ndeadline = [\"取組項目\"]\n")
            .unwrap();
        assert_eq!(dict.classify("表題"), None);
        assert_eq!(dict.classify("取組項目"), Some(Field::Deadline));
        let both = dict
            .extended_with_toml("[fields]\nitem = [\"やること\"]\ntarget = [\"やること\"]\n")
            .unwrap();
        let clashes = both.clashes();
        assert_eq!(clashes.len(), 1);
        assert_eq!(clashes[0].word, "やること");
        assert_eq!(clashes[0].fields, [Field::Item, Field::Target]);
    }

    #[test]
    fn a_weighted_word_is_evidence_for_two_fields() {
        let dict = FieldDictionary::default();
        let evidence = dict.evidence("取組内容");
        assert!(evidence.contains(&(Field::Detail, 1.0)), "{evidence:?}");
        assert!(evidence.contains(&(Field::Item, 0.6)), "{evidence:?}");
        // Where a label must name one field, the heavier wins.
        assert_eq!(dict.classify("取組内容"), Some(Field::Detail));
    }

    #[test]
    fn extension_adds_words() {
        let dict = FieldDictionary::default();
        assert_eq!(dict.classify(&normalize_label("やること")), None);
        let dict = dict
            .extended_with_toml("[fields]\nitem = [\"やること\"]\n")
            .unwrap();
        assert_eq!(
            dict.classify(&normalize_label("やること")),
            Some(Field::Item)
        );
        assert_eq!(dict.classify("取組項目"), Some(Field::Item));
    }
}
