//! The labels of a sheet: which cells name a field, a plan position, a
//! multi-year row, a goal group, a department head or the end of a table,
//! computed once per sheet; and the fiscal year its title rows state.

use crate::calendar::FiscalYear;
use crate::grid::{CellValue, Grid};
use crate::model::{CellRef, Origin};

use super::super::dictionary::{
    Field, FieldDictionary, YearRowKind, keeps_more_than, normalize_into, normalize_label,
};
use super::super::text::{find_fiscal_year, is_number_cell, leading_number, title_fiscal_year};
pub(crate) use super::super::text::{is_bare_example_mark, is_example_text};

/// Longest cell text (bytes) considered as a label.
pub(super) const MAX_LABEL_BYTES: usize = 150;

/// What a cell says about the layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Label {
    Field(Field),
    /// `所属：総務部`: a label and its value in one cell; the value starts
    /// at this byte offset.
    Inline(Field, usize),
    Stop,
    PlanPosition,
    Year(FiscalYear, YearRowKind),
    /// `◎部局目標1`: a row opening a goal inside a table.
    GoalGroup,
    DepartmentHead,
}

/// The labels of a sheet, computed once per cell (origin cells only),
/// kept sparse: (row-major index, label), sorted by index; the cells whose
/// text reads as a heading, normalised once for both; and the cells that
/// mark an example row (記入例).
pub(crate) struct Labels {
    cols: u32,
    cells: Vec<(u64, Label)>,
    headings: Vec<u64>,
    examples: Vec<u64>,
}

impl Labels {
    pub(crate) fn new(grid: &Grid, dict: &FieldDictionary) -> Self {
        Self::with_texts(grid, dict, &mut TextLabels::default())
    }

    /// [`Labels::new`], each text looked up in what the workbook's other
    /// sheets said of it first.
    pub(crate) fn with_texts(grid: &Grid, dict: &FieldDictionary, texts: &mut TextLabels) -> Self {
        let cols = grid.cols();
        let mut cells = Vec::new();
        let mut headings = Vec::new();
        let mut examples = Vec::new();
        let longest_label = dict.longest_label_chars();
        for r in 0..grid.rows() {
            for c in 0..cols {
                if grid.origin(r, c) != (r, c) {
                    continue;
                }
                let Some(text) = grid.text(r, c) else {
                    continue;
                };
                let index = index_of(cols, r, c);
                let read = texts.of(text, dict, longest_label);
                if let Some(label) = read.label {
                    cells.push((index, label));
                }
                if read.heading {
                    headings.push(index);
                }
                if read.example {
                    examples.push(index);
                }
            }
        }
        Labels {
            cols,
            cells,
            headings,
            examples,
        }
    }

    /// Whether the cell (an origin cell) holds a mark of an example row
    /// ([`is_example_text`]).
    pub(crate) fn is_example(&self, row: u32, col: u32) -> bool {
        col < self.cols
            && self
                .examples
                .binary_search(&index_of(self.cols, row, col))
                .is_ok()
    }

    /// Whether the text of the cell (or of the merged region covering it)
    /// reads as a heading ([`is_heading_text`]).
    pub(crate) fn is_heading(&self, grid: &Grid, row: u32, col: u32) -> bool {
        let (r, c) = grid.origin(row, col);
        c < self.cols
            && self
                .headings
                .binary_search(&index_of(self.cols, r, c))
                .is_ok()
    }

    /// The label of the cell (or of the merged region covering it).
    pub(crate) fn at(&self, grid: &Grid, row: u32, col: u32) -> Option<Label> {
        let (r, c) = grid.origin(row, col);
        if c >= self.cols {
            return None;
        }
        self.cells
            .binary_search_by_key(&index_of(self.cols, r, c), |&(i, _)| i)
            .ok()
            .map(|i| self.cells[i].1)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, u32, Label)> + '_ {
        let cols = u64::from(self.cols.max(1));
        self.cells
            .iter()
            .map(move |&(i, l)| ((i / cols) as u32, (i % cols) as u32, l))
    }
}

/// What the texts of one workbook's cells say as labels, each text read
/// once: a workbook's sheets are mostly copies of one form (a sheet per
/// goal, per division, per half year), so most of their labels and
/// headings repeat from sheet to sheet.
#[derive(Default)]
pub(crate) struct TextLabels {
    read: foldhash::HashMap<String, TextRead>,
    buf: String,
}

/// The row-major index of a cell in a sheet `cols` wide, as the labels
/// are kept by.
fn index_of(cols: u32, row: u32, col: u32) -> u64 {
    u64::from(row) * u64::from(cols) + u64::from(col)
}

/// What a cell's text says of the layout.
#[derive(Clone, Copy)]
struct TextRead {
    label: Option<Label>,
    /// It reads as a heading.
    heading: bool,
    /// It marks an example row.
    example: bool,
}

impl TextLabels {
    /// What a cell's trimmed text says of the layout.
    fn of(&mut self, text: &str, dict: &FieldDictionary, longest_label: usize) -> TextRead {
        // A long text is a label only as `所管：…`, label and value in one
        // cell, however long the value; it is told without normalising it,
        // quicker than it is looked up.
        if text.len() > MAX_LABEL_BYTES {
            return TextRead {
                label: inline_label(text, dict),
                heading: is_heading_text(text),
                example: is_example_text(text),
            };
        }
        if let Some(&read) = self.read.get(text) {
            return read;
        }
        let n = &mut self.buf;
        normalize_into(text, n);
        let (label, heading) = if n.len() > longest_label && n.chars().count() > longest_label {
            // A body text: longer than any heading or label.
            (long_text_label(text, n, dict), false)
        } else {
            (classify_cell(text, n, dict), reads_as_heading(text, n))
        };
        let read = TextRead {
            label,
            heading,
            example: is_example_text(text),
        };
        self.read.insert(text.to_string(), read);
        read
    }
}

/// The label a cell's trimmed text `text`, normalised as `n`, states.
pub(super) fn classify_cell(text: &str, n: &str, dict: &FieldDictionary) -> Option<Label> {
    if leading_number(text).is_some_and(|(_, rest)| rest.is_empty()) {
        return None;
    }
    if n.is_empty() {
        return None;
    }
    if dict.is_stop(n) {
        return Some(Label::Stop);
    }
    // `部局名：危機管理監`: a department's label and its value in one cell,
    // though the label with the value's first characters would read as a
    // longer label (部局名 followed by 危…).
    let inline = inline_label(text, dict);
    if let Some(label @ Label::Inline(Field::Department, _)) = inline {
        return Some(label);
    }
    if let Some(f) = dict.classify_label(text, n) {
        return Some(Label::Field(f));
    }
    if dict.is_plan_position(n) {
        return Some(Label::PlanPosition);
    }
    if n.starts_with(|c: char| c.is_ascii_digit() || "令平昭大明rhst".contains(c))
        && let Some((fy, end)) = find_fiscal_year(n)
        && let Some(kind) = dict.year_row_kind(&n[end..])
    {
        return Some(Label::Year(fy, kind));
    }
    if let Some(rest) = dict.goal_word_prefix(n)
        && !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit())
    {
        return Some(Label::GoalGroup);
    }
    // A text of one word was just looked up whole; one of several words
    // may hold a head's title before or after other words.
    if dict.department_of_head(n).is_some()
        || text.contains(char::is_whitespace) && head_department(text, dict).is_some()
    {
        return Some(Label::DepartmentHead);
    }
    if let Some(label) = inline {
        return Some(label);
    }
    // A label of a report the dictionary does not hold (上半期の進捗); not a
    // title line that names its fiscal year and a department or division
    // beside a report's words (令和8年度 総務部 中間報告).
    dict.report_label(text)
        .filter(|_| !(names_a_unit(n) && find_fiscal_year(n).is_some()))
        .map(Label::Field)
}

/// The department a head's title in a cell names: the title alone, after
/// a caption (部局長　健康長寿部長), or before the head's name
/// (上下水道局長　佐藤　誠, 教育部長　山田花子), the caption before both
/// (部局長　健康長寿部長　森 陽子). A label before a colon (`提出者：`) is
/// no part of the title.
pub(super) fn head_department(text: &str, dict: &FieldDictionary) -> Option<String> {
    let of = |word: &str| {
        let mut buf = String::new();
        normalize_into(word, &mut buf);
        dict.department_of_head(&buf)
    };
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|word| {
            word.rsplit_once([':', '：'])
                .map_or(word, |(_, after)| after)
        })
        .filter(|word| !word.is_empty())
        .collect();
    if let Some(department) = words.last().and_then(|last| of(last)) {
        return Some(department);
    }
    // The title first, or after a caption of a word (部局長, 責任者).
    let caption = |word: &str| word.chars().count() <= CAPTION_CHARS;
    (0..words.len().min(2))
        .filter(|&start| start == 0 || caption(words[0]))
        .find_map(|start| {
            let (title, name) = words[start..].split_first()?;
            is_persons_name(name).then(|| of(title)).flatten()
        })
}

/// The most characters of a caption before a head's title and name.
const CAPTION_CHARS: usize = 5;

/// Whether words are a person's name: a family and a given name, or both
/// in one word.
fn is_persons_name(words: &[&str]) -> bool {
    let longest = match words.len() {
        1 => 7,
        2 => 5,
        _ => return false,
    };
    words
        .iter()
        .all(|part| part.chars().count() <= longest && part.chars().all(is_name_char))
}

/// A character of a person's name as written in Japanese: kanji, kana, 々.
fn is_name_char(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}' | '々')
}

/// Whether a normalised text names a department, bureau or division
/// (総務部, 上下水道局, 市民課): a 部, 局 or 課 after another character.
fn names_a_unit(n: &str) -> bool {
    n.char_indices()
        .any(|(i, c)| i > 0 && matches!(c, '部' | '局' | '課'))
}

/// The label a text longer than any field's label states ([`classify_cell`]
/// for such a text): one that ends tables, a plan position, or a label and
/// its value in one cell.
fn long_text_label(text: &str, n: &str, dict: &FieldDictionary) -> Option<Label> {
    if dict.is_stop(n) {
        Some(Label::Stop)
    } else if dict.is_plan_position(n) {
        Some(Label::PlanPosition)
    } else {
        inline_label(text, dict)
    }
}

/// `所管：総務部 行政経営課`: a label the dictionary knows before the first
/// colon, and a value after it.
fn inline_label(text: &str, dict: &FieldDictionary) -> Option<Label> {
    // Most texts hold no colon; a search for a string is quicker to say so
    // than one for either character.
    if !text.contains(':') && !text.contains("：") {
        return None;
    }
    let i = text.find(['：', ':'])?;
    let (head, tail) = text.split_at(i);
    let colon = tail.chars().next().map_or(1, char::len_utf8);
    let field = dict.classify(&normalize_label(head))?;
    (!tail[colon..].trim().is_empty()).then_some(Label::Inline(field, i + colon))
}

/// The fiscal year a sheet names in its title rows or a 年度 label, and
/// the cell that names it.
pub(crate) fn sheet_fiscal_year(grid: &Grid, labels: &Labels) -> Option<(FiscalYear, Origin)> {
    // The texts of the first rows' cells, each where it starts, above the
    // first row of a record: a title stands over the table, and an item of
    // the table marked with its year (`（R7）…` on a row kept from last
    // year) is no title. A heading in a hidden column (a year done with,
    // its columns put away) states no year.
    let title_rows = (0..grid.rows().min(8))
        .find(|&r| is_record_row(grid, r))
        .unwrap_or(grid.rows().min(8));
    let titles = || {
        (0..title_rows)
            .flat_map(|r| (0..grid.cols()).map(move |c| (r, c)))
            .filter(|&(r, c)| grid.origin(r, c) == (r, c) && !grid.is_hidden_column(c))
            .filter_map(|(r, c)| Some((r, c, grid.text(r, c)?)))
    };
    let stated = titles().find_map(|(r, c, t)| {
        (t.len() <= 300)
            .then(|| title_fiscal_year(t))
            .flatten()
            .map(|fy| (r, c, fy))
    });
    // Else a year alone in brackets in a title (`組織目標（R8）`, `(令和8)`).
    let bracketed = || {
        titles().find_map(|(r, c, t)| {
            (t.chars().count() <= 60)
                .then(|| bracketed_year(t))
                .flatten()
                .map(|fy| (r, c, fy))
        })
    };
    if let Some((r, c, fy)) = stated.or_else(bracketed) {
        let cell = CellRef::new(grid.name.as_str(), r, c);
        return Some((fy, Origin::Title { cell }));
    }
    for (r, c, label) in labels.iter() {
        if label == Label::Field(Field::FiscalYear) {
            let (vr, vc) = right_of(grid, r, c)?;
            if let Some(t) = grid.text(vr, vc) {
                let with_suffix = format!("{t}年度");
                if let Some((fy, _)) = find_fiscal_year(&with_suffix) {
                    let cell = CellRef::new(grid.name.as_str(), r, c);
                    return Some((fy, Origin::Label { cell }));
                }
            }
        }
    }
    None
}

/// Whether row `row` reads as a record of a table: an item number first
/// (a whole number, or a text led by one: `①`, `(1)`), then two values or
/// more.
fn is_record_row(grid: &Grid, row: u32) -> bool {
    let mut filled = (0..grid.cols())
        .filter(|&c| grid.origin(row, c) == (row, c))
        .map(|c| grid.get(row, c))
        .filter(|v| !matches!(v, CellValue::Empty));
    filled.next().is_some_and(is_number_cell) && filled.count() >= 2
}

/// The fiscal year a bracketed part of a title names alone (`（R8）`,
/// `(令和8)`): the first such part.
fn bracketed_year(text: &str) -> Option<FiscalYear> {
    text.split(['(', '（'])
        .skip(1)
        .filter_map(|part| part.split([')', '）']).next())
        .find_map(super::super::text::fiscal_year_of_sheet_name)
}

/// The first cell to the right of the (possibly merged) cell at `(row, col)`.
pub(super) fn right_of(grid: &Grid, row: u32, col: u32) -> Option<(u32, u32)> {
    let last = grid.merge_at(row, col).map_or(col, |m| m.last_col);
    let next = last.checked_add(1)?;
    (next < grid.cols()).then_some((row, next))
}

/// The merged box right under the cell at `(row, col)` (or its merged
/// range), starting in its column: the box's first cell, where a form
/// writes the value of a label standing over it.
pub(super) fn box_under(grid: &Grid, row: u32, col: u32) -> Option<(u32, u32)> {
    let below = grid
        .merge_at(row, col)
        .map_or(row, |m| m.last_row)
        .checked_add(1)?;
    let boxed = grid.merge_at(below, col)?;
    ((boxed.first_row, boxed.first_col) == (below, col)).then_some((below, col))
}

/// The longest heading (characters, normalised).
const MAX_HEADING_CHARS: usize = 30;

/// Whether a text reads as a heading: short once its notes are dropped,
/// at most three lines, not a sentence.
pub(crate) fn is_heading_text(text: &str) -> bool {
    let t = text.trim();
    // A long text is told without normalising all of it.
    if t.len() > MAX_HEADING_CHARS * 3 && keeps_more_than(t, MAX_HEADING_CHARS) {
        return false;
    }
    reads_as_heading(t, &normalize_label(t))
}

/// [`is_heading_text`] of a trimmed text and its normalised form.
pub(crate) fn reads_as_heading(trimmed: &str, normalized: &str) -> bool {
    !trimmed.is_empty()
        && trimmed.lines().count() <= 3
        && !trimmed.ends_with('。')
        && (1..=MAX_HEADING_CHARS).contains(&normalized.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("記入例", true)]
    #[case("（例）", true)]
    #[case("【記入例】", true)]
    #[case("(例)窓口の電子化", true)]
    #[case("例", true)]
    #[case("例規の整備", false)]
    #[case("事例の共有", false)]
    fn example_marks(#[case] text: &str, #[case] example: bool) {
        assert_eq!(is_example_text(text), example);
    }

    /// A department's label and its value in one cell, whatever the value
    /// starts with; a label alone, or another field's label with a note
    /// after a colon, stays a label.
    #[rstest]
    #[case("部局名：危機管理監", Some(Field::Department), true)]
    #[case("所管部局：みらい創造部", Some(Field::Department), true)]
    #[case("所管部局:みらい創造部", Some(Field::Department), true)]
    #[case("所管：総務部", Some(Field::Department), true)]
    #[case("部局名", Some(Field::Department), false)]
    #[case("部局名：", Some(Field::Department), false)]
    #[case("中間報告：9月末時点", Some(Field::Interim), false)]
    fn a_department_label_takes_its_value_in_the_cell(
        #[case] text: &str,
        #[case] field: Option<Field>,
        #[case] inline: bool,
    ) {
        let dict = FieldDictionary::default();
        let read = classify_cell(text, &normalize_label(text), &dict);
        let (got, got_inline) = match read {
            Some(Label::Inline(f, _)) => (Some(f), true),
            Some(Label::Field(f)) => (Some(f), false),
            _ => (None, false),
        };
        assert_eq!((got, got_inline), (field, inline), "{text}");
    }
}
