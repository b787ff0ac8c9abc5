//! The field dictionary: which header and label words name which field of a
//! goal workbook (取組項目 → item, 期間・期限 → deadline …), read from
//! `config/dictionary.toml` (embedded as the default) or a user file, and
//! the matching of normalised cell text against it.
//!
//! Matching rules (also documented in the TOML file): cell text and words
//! are normalised by [`normalize_label`]; a cell matches a word when both
//! are equal, or when the cell starts with a word of three or more
//! characters, is at most [`MAX_PREFIX_LABEL_CHARS`] characters long and the
//! word is not followed by a digit. The longest matching word wins; words of
//! one or two characters only match exactly.

use serde::Deserialize;
use thiserror::Error;

/// The dictionary shipped with mokuhyo.
pub const DEFAULT_DICTIONARY: &str = include_str!("../../config/dictionary.toml");

/// A cell longer than this (after normalisation) is never a prefix match:
/// labels are short, sentences are not.
pub(crate) const MAX_PREFIX_LABEL_CHARS: usize = 30;

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

/// Whether a multi-year plan row reports results or states a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum YearRowKind {
    Result,
    Plan,
}

/// An error in a dictionary file, naming the key at fault.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DictionaryError {
    #[error("dictionary: {0}")]
    Toml(String),
    #[error(
        "dictionary: key `{key}`: the word {word:?} is empty once spaces and notes are removed"
    )]
    EmptyWord { key: String, word: String },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldsFile {
    #[serde(default)]
    item: Vec<String>,
    #[serde(default)]
    number: Vec<String>,
    #[serde(default)]
    deadline: Vec<String>,
    #[serde(default)]
    target: Vec<String>,
    #[serde(default)]
    interim: Vec<String>,
    #[serde(default)]
    year_end: Vec<String>,
    #[serde(default)]
    achievement: Vec<String>,
    #[serde(default)]
    self_assessment: Vec<String>,
    #[serde(default)]
    reason: Vec<String>,
    #[serde(default)]
    owner: Vec<String>,
    #[serde(default)]
    department: Vec<String>,
    #[serde(default)]
    goal: Vec<String>,
    #[serde(default)]
    priority: Vec<String>,
    #[serde(default)]
    detail: Vec<String>,
    #[serde(default)]
    current: Vec<String>,
    #[serde(default)]
    purpose: Vec<String>,
    #[serde(default)]
    fiscal_year: Vec<String>,
}

impl FieldsFile {
    fn lists(self) -> Vec<(Field, Vec<String>)> {
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
struct DepartmentHeadFile {
    #[serde(default)]
    suffixes: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DictionaryFile {
    #[serde(default)]
    fields: FieldsFile,
    #[serde(default)]
    stop: Vec<String>,
    #[serde(default)]
    plan_position_suffixes: Vec<String>,
    #[serde(default)]
    year_rows: YearRowsFile,
    #[serde(default)]
    department_head: DepartmentHeadFile,
    #[serde(default)]
    entry_date: Vec<String>,
    /// The recipient roster's header words, read by `crate::roster`.
    #[serde(default, rename = "roster")]
    _roster: Option<toml::Table>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    chars: usize,
    field: Field,
}

/// Header words per field, normalised once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDictionary {
    words: Vec<Word>,
    stop: Vec<String>,
    plan_position_suffixes: Vec<String>,
    year_result: Vec<String>,
    year_plan: Vec<String>,
    department_head_suffixes: Vec<String>,
    entry_date: Vec<String>,
}

impl Default for FieldDictionary {
    /// The embedded `config/dictionary.toml`.
    fn default() -> Self {
        // The embedded file is part of the build and tested; an error here is
        // a build defect, reported by the tests, and yields an empty dictionary.
        FieldDictionary::from_toml_str(DEFAULT_DICTIONARY).unwrap_or_else(|_| FieldDictionary {
            words: Vec::new(),
            stop: Vec::new(),
            plan_position_suffixes: Vec::new(),
            year_result: Vec::new(),
            year_plan: Vec::new(),
            department_head_suffixes: Vec::new(),
            entry_date: Vec::new(),
        })
    }
}

impl FieldDictionary {
    /// A dictionary from the text of a dictionary file (the whole
    /// dictionary: fields not listed have no words).
    pub(crate) fn from_toml_str(text: &str) -> Result<Self, DictionaryError> {
        let file: DictionaryFile =
            toml::from_str(text).map_err(|e| DictionaryError::Toml(e.to_string()))?;
        let mut dict = FieldDictionary {
            words: Vec::new(),
            stop: Vec::new(),
            plan_position_suffixes: Vec::new(),
            year_result: Vec::new(),
            year_plan: Vec::new(),
            department_head_suffixes: Vec::new(),
            entry_date: Vec::new(),
        };
        dict.add_file(file)?;
        Ok(dict)
    }

    /// This dictionary with the words of another dictionary file added
    /// (a user's extension of the default).
    pub(crate) fn extended_with_toml(mut self, text: &str) -> Result<Self, DictionaryError> {
        let file: DictionaryFile =
            toml::from_str(text).map_err(|e| DictionaryError::Toml(e.to_string()))?;
        self.add_file(file)?;
        Ok(self)
    }

    /// Adds one word for a field.
    pub(crate) fn add_word(&mut self, field: Field, word: &str) -> Result<(), DictionaryError> {
        let text = normalize_label(word);
        if text.is_empty() {
            return Err(DictionaryError::EmptyWord {
                key: format!("fields.{}", field.key()),
                word: word.to_string(),
            });
        }
        if !self
            .words
            .iter()
            .any(|w| w.text == text && w.field == field)
        {
            let chars = text.chars().count();
            self.words.push(Word { text, chars, field });
            // Longest first, so the first match is the longest.
            self.words.sort_by_key(|w| std::cmp::Reverse(w.chars));
        }
        Ok(())
    }

    fn add_file(&mut self, file: DictionaryFile) -> Result<(), DictionaryError> {
        for (field, words) in file.fields.lists() {
            for word in words {
                self.add_word(field, &word)?;
            }
        }
        let lists: [(&str, Vec<String>, &mut Vec<String>); 6] = [
            ("stop", file.stop, &mut self.stop),
            ("entry_date", file.entry_date, &mut self.entry_date),
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
                "department_head.suffixes",
                file.department_head.suffixes,
                &mut self.department_head_suffixes,
            ),
        ];
        for (key, words, target) in lists {
            for word in words {
                let text = normalize_label(&word);
                if text.is_empty() {
                    return Err(DictionaryError::EmptyWord {
                        key: key.to_string(),
                        word,
                    });
                }
                if !target.contains(&text) {
                    target.push(text);
                }
            }
        }
        Ok(())
    }

    /// The field a normalised label names, if any.
    pub fn classify(&self, normalized: &str) -> Option<Field> {
        if normalized.is_empty() {
            return None;
        }
        if let Some(w) = self.words.iter().find(|w| w.text == normalized) {
            return Some(w.field);
        }
        let len = normalized.chars().count();
        if len > MAX_PREFIX_LABEL_CHARS {
            return None;
        }
        self.words
            .iter()
            .filter(|w| w.chars >= 3 && w.chars < len)
            .find(|w| {
                normalized.starts_with(w.text.as_str())
                    && !normalized[w.text.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit())
            })
            .map(|w| w.field)
    }

    /// The field a normalised label names by an exact match only.
    pub(crate) fn classify_exact(&self, normalized: &str) -> Option<Field> {
        self.words
            .iter()
            .find(|w| w.text == normalized)
            .map(|w| w.field)
    }

    /// The goal word a label such as `部局目標1` starts with, and the rest.
    pub(crate) fn goal_word_prefix<'a>(&self, normalized: &'a str) -> Option<&'a str> {
        self.words
            .iter()
            .filter(|w| w.field == Field::Goal)
            .find(|w| normalized.starts_with(w.text.as_str()))
            .map(|w| &normalized[w.text.len()..])
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

    /// Whether a normalised label is a plan position (…における位置付け).
    pub(crate) fn is_plan_position(&self, normalized: &str) -> bool {
        self.plan_position_suffixes
            .iter()
            .any(|s| normalized.ends_with(s.as_str()))
    }

    /// The kind of a multi-year plan row from the words after its fiscal
    /// year (`実績`, `計画`).
    pub(crate) fn year_row_kind(&self, rest: &str) -> Option<YearRowKind> {
        if self.year_result.iter().any(|w| w == rest) {
            Some(YearRowKind::Result)
        } else if self.year_plan.iter().any(|w| w == rest) {
            Some(YearRowKind::Plan)
        } else {
            None
        }
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

fn is_decoration(c: char) -> bool {
    matches!(
        c,
        '◎' | '○' | '●' | '■' | '□' | '◆' | '◇' | '・' | '※' | '★' | '☆' | '〇' | '*'
    )
}

/// Normalises a label for matching: width folded, ASCII lower-cased, spaces
/// and line breaks removed, bracketed notes dropped (unless the whole label
/// is one), leading marks and a trailing colon removed.
pub fn normalize_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize_label`] into a reused buffer.
pub(crate) fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    let mut depth = 0usize;
    let mut inside = String::new();
    for c in text.chars() {
        let c = fold_width(c).to_ascii_lowercase();
        if c.is_whitespace() {
            continue;
        }
        match c {
            '(' | '〔' | '［' | '[' => {
                depth += 1;
            }
            ')' | '〕' | '］' | ']' if depth > 0 => {
                depth -= 1;
            }
            _ if depth > 0 => inside.push(c),
            _ => out.push(c),
        }
    }
    // A label that is nothing but a bracketed note keeps its content.
    if out.is_empty() && !inside.is_empty() {
        out.push_str(&inside);
    }
    let start = out
        .char_indices()
        .find(|&(_, c)| !is_decoration(c))
        .map_or(out.len(), |(i, _)| i);
    out.replace_range(..start, "");
    while out.ends_with(':') || out.ends_with('：') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

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
        assert_eq!(normalize_label(raw), expected);
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
