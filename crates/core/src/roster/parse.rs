//! A roster from cell grids: the header row found through the `[roster]`
//! words of the dictionary, one entry per row below it, and the checks that
//! make it safe to mail by (addresses, dates, periods of one name, aliases,
//! 上位部局). Every problem names its cell; all are reported at once. Pure.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::calendar::era::japanese_date;
use crate::calendar::{DeadlineKind, FiscalYear, Precision, extract_deadlines};
use crate::grid::{CellValue, Grid};
use crate::interpret::dictionary::normalize_label;
use crate::mail_address::MailAddress;
use crate::model::CellRef;
use crate::remind::config::normalize_name;
use crate::roster::model::{Roster, RosterEntry};

/// Rows searched for the header row, from the top of each sheet.
pub const HEADER_SEARCH_ROWS: u32 = 20;

/// A column of the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Name,
    Aliases,
    To,
    Cc,
    ValidFrom,
    ValidUntil,
    Parent,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Name,
        Column::Aliases,
        Column::To,
        Column::Cc,
        Column::ValidFrom,
        Column::ValidUntil,
        Column::Parent,
    ];

    /// The heading `roster init` writes (the first word of the shipped dictionary).
    pub fn heading(self) -> &'static str {
        match self {
            Column::Name => "名称",
            Column::Aliases => "別名",
            Column::To => "宛先",
            Column::Cc => "CC",
            Column::ValidFrom => "有効開始日",
            Column::ValidUntil => "有効終了日",
            Column::Parent => "上位部局",
        }
    }
}

/// The `[roster]` section of a dictionary file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RosterWordsFile {
    name: Vec<String>,
    aliases: Vec<String>,
    to: Vec<String>,
    cc: Vec<String>,
    valid_from: Vec<String>,
    valid_until: Vec<String>,
    parent: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct DictionaryWithRoster {
    #[serde(default)]
    roster: RosterWordsFile,
}

/// Why the `[roster]` words of a dictionary cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RosterWordsError {
    #[error("dictionary [roster]: {source}")]
    Toml {
        #[source]
        source: toml::de::Error,
    },
    #[error("dictionary [roster]: the word {word:?} is empty")]
    EmptyWord { word: String },
}

/// The header words of each roster column, normalised as the goal sheets'
/// header words are ([`normalize_label`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterHeaders {
    /// Longest first.
    words: Vec<(String, Column)>,
}

impl Default for RosterHeaders {
    /// The words of the shipped `config/dictionary.toml`.
    fn default() -> Self {
        RosterHeaders::from_dictionaries(&[crate::interpret::DEFAULT_DICTIONARY])
            .unwrap_or(RosterHeaders { words: Vec::new() })
    }
}

impl RosterHeaders {
    /// The `[roster]` words of dictionary files, in order (the base, then
    /// the files that extend it).
    pub fn from_dictionaries(texts: &[&str]) -> Result<Self, RosterWordsError> {
        let mut words = Vec::new();
        for text in texts {
            let file: DictionaryWithRoster =
                toml::from_str(text).map_err(|source| RosterWordsError::Toml { source })?;
            let r = file.roster;
            for (column, list) in [
                (Column::Name, r.name),
                (Column::Aliases, r.aliases),
                (Column::To, r.to),
                (Column::Cc, r.cc),
                (Column::ValidFrom, r.valid_from),
                (Column::ValidUntil, r.valid_until),
                (Column::Parent, r.parent),
            ] {
                for word in list {
                    let text = normalize_label(&word);
                    if text.is_empty() {
                        return Err(RosterWordsError::EmptyWord { word });
                    }
                    words.push((text, column));
                }
            }
        }
        words.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        Ok(RosterHeaders { words })
    }

    /// The column a header cell names: the same word, or a word of three or
    /// more characters the cell starts with (the longest wins).
    pub fn classify(&self, text: &str) -> Option<Column> {
        let text = normalize_label(text);
        if text.is_empty() {
            return None;
        }
        if let Some((_, c)) = self.words.iter().find(|(w, _)| *w == text) {
            return Some(*c);
        }
        let len = text.chars().count();
        if len > crate::interpret::dictionary::MAX_PREFIX_LABEL_CHARS {
            return None;
        }
        self.words
            .iter()
            .find(|(w, _)| w.chars().count() >= 3 && text.starts_with(w.as_str()))
            .map(|(_, c)| *c)
    }
}

/// A problem with the roster, at a cell when there is one: in English
/// (`roster check`, the log) and in Japanese for the planning section
/// (取込エラー, its notice).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct RosterProblem {
    pub cell: Option<CellRef>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl RosterProblem {
    fn new(cell: Option<CellRef>, message: String, text: String) -> Self {
        RosterProblem {
            cell,
            message,
            text: Some(text),
        }
    }

    /// What the planning section is shown: the Japanese text, else the message.
    pub fn shown(&self) -> &str {
        self.text.as_deref().unwrap_or(&self.message)
    }
}

impl fmt::Display for RosterProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cell {
            Some(cell) => write!(f, "{cell}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The cells of one row, kept for the checks across rows.
struct RowCells {
    aliases: Option<CellRef>,
    valid_from: Option<CellRef>,
    parent: Option<CellRef>,
}

/// Reads and checks a roster. `sheets`: the file's sheets (a CSV file is
/// one); the first with a header row is read. `known_departments`: names
/// that may be a 上位部局 besides the roster's own (the TOML departments).
pub fn parse_roster(
    source: &Path,
    sheets: &[Grid],
    headers: &RosterHeaders,
    known_departments: &[String],
) -> Result<Roster, Vec<RosterProblem>> {
    let Some((grid, header_row, columns)) = sheets
        .iter()
        .find_map(|g| find_header(g, headers).map(|(row, cols)| (g, row, cols)))
    else {
        return Err(vec![RosterProblem::new(
            None,
            format!(
                "no header row with {} and {} in the first {HEADER_SEARCH_ROWS} rows of any sheet",
                Column::Name.heading(),
                Column::To.heading()
            ),
            format!(
                "「{}」と「{}」の見出し行が、どのシートの先頭{HEADER_SEARCH_ROWS}行にも見つかりません",
                Column::Name.heading(),
                Column::To.heading()
            ),
        )]);
    };
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    let mut cells = Vec::new();
    for row in header_row + 1..grid.rows() {
        if columns
            .iter()
            .all(|(_, col)| grid.get(row, *col).is_empty())
        {
            continue;
        }
        if let Some((entry, row_cells)) = read_row(grid, row, &columns, &mut problems) {
            entries.push(entry);
            cells.push(row_cells);
        }
    }
    check_periods(&entries, &cells, &mut problems);
    check_aliases(&entries, &cells, &mut problems);
    check_parents(&entries, &cells, known_departments, &mut problems);
    if problems.is_empty() {
        Ok(Roster {
            source: source.to_path_buf(),
            entries,
        })
    } else {
        Err(problems)
    }
}

/// The header row and the column of each heading it holds.
fn find_header(grid: &Grid, headers: &RosterHeaders) -> Option<(u32, Vec<(Column, u32)>)> {
    (0..grid.rows().min(HEADER_SEARCH_ROWS)).find_map(|row| {
        let mut columns: Vec<(Column, u32)> = Vec::new();
        for col in 0..grid.cols() {
            if let Some(column) = grid.text(row, col).and_then(|t| headers.classify(t))
                && !columns.iter().any(|(c, _)| *c == column)
            {
                columns.push((column, col));
            }
        }
        let has = |c: Column| columns.iter().any(|(x, _)| *x == c);
        (has(Column::Name) && has(Column::To)).then_some((row, columns))
    })
}

/// Reads one row of the roster as an entry, with the cells the checks
/// across rows name; none when the row has a problem (added to
/// `problems`).
fn read_row(
    grid: &Grid,
    row: u32,
    columns: &[(Column, u32)],
    problems: &mut Vec<RosterProblem>,
) -> Option<(RosterEntry, RowCells)> {
    let cells = RowReader { grid, row, columns };
    let (name, name_cell) = cells.text_of(Column::Name, problems);
    let (aliases, aliases_cell) = cells.text_of(Column::Aliases, problems);
    let (to, to_cell) = cells.text_of(Column::To, problems);
    let (cc, cc_cell) = cells.text_of(Column::Cc, problems);
    let (parent, parent_cell) = cells.text_of(Column::Parent, problems);
    let name_cell = name_cell?;
    let before = problems.len();
    if normalize_name(&name).is_empty() {
        problems.push(RosterProblem::new(
            Some(name_cell.clone()),
            format!("the row has no {}", Column::Name.heading()),
            format!("この行には{}がありません", Column::Name.heading()),
        ));
    }
    let to = addresses(&to, to_cell.as_ref(), problems);
    let cc = addresses(&cc, cc_cell.as_ref(), problems);
    let valid_from = cells.date_of(Column::ValidFrom, problems);
    let valid_until = cells.date_of(Column::ValidUntil, problems);
    let from_cell = cells.cell_of(Column::ValidFrom);
    if let (Some(from), Some(until)) = (valid_from, valid_until)
        && until < from
    {
        problems.push(period_reversed(
            cells.cell_of(Column::ValidUntil),
            from,
            until,
        ));
    }
    let parent = Some(parent.trim().to_string()).filter(|p| !p.is_empty());
    if parent
        .as_deref()
        .is_some_and(|p| normalize_name(p) == normalize_name(&name))
    {
        problems.push(RosterProblem::new(
            parent_cell.clone(),
            format!("{name} is its own {}", Column::Parent.heading()),
            format!(
                "{name}の{}が自分自身になっています",
                Column::Parent.heading()
            ),
        ));
    }
    if problems.len() > before {
        return None;
    }
    let entry = RosterEntry {
        name: name.trim().to_string(),
        aliases: split_list(&aliases, &[',', '、', '，', '\n'])
            .map(str::to_string)
            .collect(),
        to,
        cc,
        valid_from,
        valid_until,
        parent,
        cell: name_cell,
    };
    let cells = RowCells {
        aliases: aliases_cell,
        valid_from: from_cell,
        parent: parent_cell,
    };
    Some((entry, cells))
}

/// The cells of one row of the roster, by column.
struct RowReader<'a> {
    grid: &'a Grid,
    row: u32,
    columns: &'a [(Column, u32)],
}

impl RowReader<'_> {
    /// The row's cell of a column, when the roster has the column.
    fn cell_of(&self, c: Column) -> Option<CellRef> {
        self.columns
            .iter()
            .find(|(x, _)| *x == c)
            .map(|(_, col)| CellRef::new(self.grid.name.as_str(), self.row, *col))
    }

    /// The text of a column's cell (empty without the column, or with an
    /// error value, which is a problem) and the cell.
    fn text_of(&self, c: Column, problems: &mut Vec<RosterProblem>) -> (String, Option<CellRef>) {
        let Some(cell) = self.cell_of(c) else {
            return (String::new(), None);
        };
        match cell_text(self.grid.get(cell.row, cell.col)) {
            Ok(text) => (text, Some(cell)),
            Err(error) => {
                problems.push(RosterProblem::new(
                    Some(cell.clone()),
                    format!("the cell holds the error {error}"),
                    format!("セルがエラー値（{error}）になっています"),
                ));
                (String::new(), Some(cell))
            }
        }
    }

    /// The date of a column's cell; a value that is no date is a problem.
    fn date_of(&self, c: Column, problems: &mut Vec<RosterProblem>) -> Option<NaiveDate> {
        let cell = self.cell_of(c)?;
        match date_value(self.grid.get(cell.row, cell.col)) {
            Ok(date) => date,
            Err((message, text)) => {
                problems.push(RosterProblem::new(Some(cell), message, text));
                None
            }
        }
    }
}

/// The problem of a row whose 有効終了日 is before its 有効開始日.
fn period_reversed(cell: Option<CellRef>, from: NaiveDate, until: NaiveDate) -> RosterProblem {
    RosterProblem::new(
        cell,
        format!(
            "{} {until} is before {} {from}",
            Column::ValidUntil.heading(),
            Column::ValidFrom.heading()
        ),
        format!(
            "{} {} が{} {} より前です",
            Column::ValidUntil.heading(),
            japanese_date(until),
            Column::ValidFrom.heading(),
            japanese_date(from)
        ),
    )
}

/// A cell as text (numbers as written, dates ISO); an error value is a
/// problem. The error is the cell's own error value (`#N/A`), a text by
/// nature, which the problem shows.
fn cell_text(value: &CellValue) -> Result<String, &str> {
    Ok(match value {
        CellValue::Empty => String::new(),
        CellValue::Text(t) => t.trim().to_string(),
        CellValue::Number(n) => n.to_string(),
        CellValue::Bool(b) => b.to_string(),
        CellValue::Date(d) => d.date().to_string(),
        CellValue::Month { shown, .. } => shown.clone(),
        CellValue::Error(e) => return Err(e),
    })
}

fn split_list<'a>(text: &'a str, separators: &'a [char]) -> impl Iterator<Item = &'a str> {
    text.split(move |c: char| separators.contains(&c) || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The addresses of a To or CC cell (separated by commas, 、, semicolons or
/// spaces); each must be a mail address.
fn addresses(
    text: &str,
    cell: Option<&CellRef>,
    problems: &mut Vec<RosterProblem>,
) -> Vec<MailAddress> {
    let mut out: Vec<MailAddress> = Vec::new();
    for address in split_list(text, &[',', '、', '，', ';', '；']) {
        if let Ok(parsed) = MailAddress::bare(address) {
            if !out.contains(&parsed) {
                out.push(parsed);
            }
        } else {
            problems.push(RosterProblem::new(
                cell.cloned(),
                format!("not a mail address: {address:?}"),
                format!("「{address}」はメールアドレスではありません"),
            ));
        }
    }
    out
}

/// A date cell, or a text date with its year (`2026/4/1`, `令和8年4月1日`,
/// `R8.4.1`); empty is none. A date cell shown as its month (`2026年4月`)
/// is the day it holds: a roster row applies from and until a day. The
/// error in English and in Japanese.
pub fn date_value(value: &CellValue) -> Result<Option<NaiveDate>, (String, String)> {
    match value {
        CellValue::Empty => Ok(None),
        CellValue::Date(d) => Ok(Some(d.date())),
        CellValue::Month { date, .. } => Ok(Some(*date)),
        CellValue::Text(t) if t.trim().is_empty() => Ok(None),
        CellValue::Text(t) => text_date(t).map(Some),
        other => Err(not_a_date(&cell_text(other).unwrap_or_default())),
    }
}

fn not_a_date(text: &str) -> (String, String) {
    (
        format!("not a date: {text:?} (a date cell, or text such as 2026/4/1 or 令和8年4月1日)"),
        format!(
            "「{text}」は日付ではありません（日付のセル、または 2026/4/1・令和8年4月1日 のように年を含めて書いてください）"
        ),
    )
}

/// A day written with its year. A month and day alone would resolve inside
/// whichever fiscal year is given: reading the text in two fiscal years
/// far apart tells a written year from a supplied one.
fn text_date(text: &str) -> Result<NaiveDate, (String, String)> {
    let day_of = |fy: i32| -> Vec<NaiveDate> {
        extract_deadlines(text, FiscalYear(fy))
            .into_iter()
            .filter_map(|d| match d.kind {
                DeadlineKind::Due {
                    date,
                    precision: Precision::Day,
                } => Some(date),
                _ => None,
            })
            .collect()
    };
    match (day_of(2000).as_slice(), day_of(2100).as_slice()) {
        ([a], [b]) if a == b => Ok(*a),
        ([_], [_]) => Err((
            format!("the date {text:?} has no year"),
            format!("日付「{text}」に年がありません（令和9年4月1日 のように年も書いてください）"),
        )),
        _ => Err(not_a_date(text)),
    }
}

/// Two rows of one name must not apply on the same day. Rows are compared
/// only with the earlier rows of their name, so the check takes time in
/// proportion to the rows (a roster of 20,000 rows once took minutes).
fn check_periods(entries: &[RosterEntry], cells: &[RowCells], problems: &mut Vec<RosterProblem>) {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, later) in entries.iter().enumerate() {
        let same_name = by_name.entry(normalize_name(&later.name)).or_default();
        if let Some(earlier) = same_name
            .iter()
            .map(|&i| &entries[i])
            .find(|e| e.overlaps(later))
        {
            problems.push(RosterProblem::new(
                cells[j].valid_from.clone().or(Some(later.cell.clone())),
                format!(
                    "{}: the period {} overlaps the period {} of the row at {}",
                    later.name,
                    later.period(),
                    earlier.period(),
                    earlier.cell
                ),
                format!(
                    "{}の有効期間（{}）が、{} の行の有効期間（{}）と重なっています",
                    later.name,
                    later.period(),
                    earlier.cell,
                    earlier.period()
                ),
            ));
        }
        same_name.push(j);
    }
}

/// A spelling (name or alias) may denote one name only on any day. Rows
/// are compared only with the earlier rows sharing a spelling.
fn check_aliases(entries: &[RosterEntry], cells: &[RowCells], problems: &mut Vec<RosterProblem>) {
    let names: Vec<String> = entries.iter().map(|e| normalize_name(&e.name)).collect();
    let mut by_spelling: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, later) in entries.iter().enumerate() {
        let mine: BTreeSet<String> = later.spellings().collect();
        let sharing: BTreeSet<usize> = mine
            .iter()
            .filter_map(|s| by_spelling.get(s))
            .flatten()
            .copied()
            .collect();
        for (i, earlier) in sharing.into_iter().map(|i| (i, &entries[i])) {
            if names[i] == names[j] || !earlier.overlaps(later) {
                continue;
            }
            if let Some(shared) = earlier.spellings().find(|s| mine.contains(s)) {
                problems.push(RosterProblem::new(
                    cells[j].aliases.clone().or(Some(later.cell.clone())),
                    format!(
                        "{shared:?} is claimed by both {} (row at {}) and {} in the same period",
                        earlier.name, earlier.cell, later.name
                    ),
                    format!(
                        "「{shared}」が同じ期間に {}（{} の行）と {} の両方の名称・別名になっています",
                        earlier.name, earlier.cell, later.name
                    ),
                ));
            }
        }
        for spelling in mine {
            let rows = by_spelling.entry(spelling).or_default();
            if rows.last() != Some(&j) {
                rows.push(j);
            }
        }
    }
}

/// A 上位部局 must be a name of the roster or a configured department.
fn check_parents(
    entries: &[RosterEntry],
    cells: &[RowCells],
    known_departments: &[String],
    problems: &mut Vec<RosterProblem>,
) {
    let known: BTreeSet<String> = entries
        .iter()
        .flat_map(RosterEntry::spellings)
        .chain(known_departments.iter().map(|n| normalize_name(n)))
        .collect();
    for (entry, cells) in entries.iter().zip(cells) {
        if let Some(parent) = &entry.parent
            && !known.contains(&normalize_name(parent))
        {
            problems.push(RosterProblem::new(
                cells.parent.clone(),
                format!(
                    "unknown {} {parent:?}: not a name of the roster nor a configured department",
                    Column::Parent.heading()
                ),
                format!(
                    "{}「{parent}」は、名簿の名称にも設定の部局にもありません",
                    Column::Parent.heading()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
