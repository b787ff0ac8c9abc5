//! Finding a sheet's department when no cell is labelled with it: a
//! configured department name or alias, or a word ending in 部 / 局 / 室 /
//! 監 / 管理者 / センター / 委員会 / 役所 / 支所 / 保健所 / 事務所, in the
//! sheet's title lines or the file name. A name is
//! read whole: a configured name inside a longer one written (環境部 inside
//! 生活環境部) is not that name, and a note in brackets after a name (`水道局
//! （総務課とりまとめ）`) is no part of it.

use serde::{Deserialize, Serialize};

use super::dictionary::fold_width;
use crate::model::{CellRef, Origin};
use crate::text::is_hiragana;

/// What a department is called: its name and the other spellings found in
/// workbooks (from the `[[departments]]` and `[[divisions]]` sections).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KnownDepartment {
    pub name: String,
    pub aliases: Vec<String>,
}

impl KnownDepartment {
    /// Whether `name` is its name or one of its aliases, as written.
    pub fn names(&self, name: &str) -> bool {
        self.name == name || self.aliases.iter().any(|alias| alias == name)
    }
}

/// The department shown when nothing names one.
pub const UNKNOWN_DEPARTMENT: &str = "部局不明";

/// Endings of a department's name (監 and 管理者: a 部-level post with its
/// own staff, 危機管理監, 会計管理者; 役所, 支所, 保健所 and 事務所: offices a
/// city runs as a 部).
const UNITS: [&str; 11] = [
    "センター",
    "委員会",
    "管理者",
    "役所",
    "支所",
    "保健所",
    "事務所",
    "部",
    "局",
    "室",
    "監",
];

/// Endings after which a unit's name may begin in a text written without
/// spaces: another unit's name (`総務部会計課`) or a fiscal year
/// (`令和8年度総務部`).
const NAME_ENDS: [&str; 11] = [
    "センター",
    "委員会",
    "年度",
    "部",
    "局",
    "室",
    "課",
    "係",
    "所",
    "館",
    "班",
];

/// A text without its notes in round brackets (`水道局（総務課とりまとめ）` →
/// `水道局`), unless nothing is left outside them.
pub(crate) fn without_notes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['(', '（']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if out.trim().is_empty() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(out.trim().to_string())
    }
}

/// The department a note in brackets names as a whole, alone or after a
/// label and a colon (`重点目標（いきいき健康部）`, `（担当部局：いきいき健康部）`):
/// the first such note's name. A note is otherwise left out of a title
/// ([`without_notes`]); `is_distributor` tells a note naming where the
/// sheet goes (`（提出先：企画部）`), which names none.
pub(crate) fn named_in_notes(text: &str, is_distributor: impl Fn(&str) -> bool) -> Option<String> {
    notes(text).into_iter().find_map(|note| {
        let named = note
            .split_once([':', '：'])
            .map_or(note, |(_, named)| named);
        if is_distributor(note) {
            return None;
        }
        named_whole(named.trim(), &UNITS)
    })
}

/// The notes in brackets of a text (`(…)`, `（…）`), outermost, in order.
fn notes(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '（' => {
                if depth == 0 {
                    start = i + c.len_utf8();
                }
                depth += 1;
            }
            ')' | '）' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    found.push(&text[start..i]);
                }
            }
            _ => {}
        }
    }
    found
}

/// Width folded, without spaces, in NFC ([`crate::nfc`]).
fn squeeze(text: &str) -> String {
    crate::nfc::nfc(text)
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The configured department whose name or alias `text` names as a whole
/// name (not inside a longer one: 環境部 is not in 生活環境部), its notes in
/// brackets left out, by its name. The longest spelling found wins; of two
/// as long, the one written last (`総務部会計課`: 会計課, the unit itself).
pub(crate) fn configured_in<'k>(text: &str, known: &'k [KnownDepartment]) -> Option<&'k str> {
    let text = squeeze(&without_notes(text));
    known
        .iter()
        .flat_map(|k| {
            std::iter::once(&k.name)
                .chain(&k.aliases)
                .map(move |spelling| (squeeze(spelling), k.name.as_str()))
        })
        .filter(|(spelling, _)| !spelling.is_empty())
        .filter_map(|(spelling, name)| {
            let at = whole_name_at(&text, &spelling)?;
            Some((spelling.chars().count(), at, name))
        })
        .max_by_key(|&(chars, at, _)| (chars, at))
        .map(|(_, _, name)| name)
}

/// Where `name` stands in `text` as a whole name, the last such place: at
/// the start, after a character that is no part of a name, or right after
/// another unit's name or a fiscal year.
fn whole_name_at(text: &str, name: &str) -> Option<usize> {
    text.match_indices(name)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = &text[..i];
            before.chars().next_back().is_none_or(|c| !is_name_char(c))
                || NAME_ENDS.iter().any(|end| before.ends_with(end))
        })
        .last()
}

/// A character a unit's name is written with.
fn is_name_char(c: char) -> bool {
    is_kanji_or_katakana(c) || is_hiragana(c) || c == 'ー'
}

/// Whether a character ends a word of a title or file name.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii()
        || fold_width(c).is_ascii()
        || matches!(c, '、' | '。' | '・' | '〜')
        || is_bracket(c)
}

fn is_kanji_or_katakana(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | '\u{30A0}'..='\u{30FF}')
}

/// Whether `full` is a unit's name that `part` ends, longer than it: the
/// name in full (人事委員会事務局 of 事務局, 鷺ノ台市上下水道局 of
/// 上下水道局).
pub(crate) fn names_in_full(full: &str, part: &str) -> bool {
    full.len() > part.len() && full.ends_with(part)
}

/// The first word of `text` that ends in 部 / 局 / 室 / 監 / センター
/// (`令和7年度 教育部 目標管理表` → 教育部, `総務部の運営方針` → 総務部,
/// `重点目標_市民生活部` → 市民生活部). Words are cut at spaces, ASCII,
/// punctuation and after 年度; the ending must close the word or be
/// followed by kana other than katakana (`部局マニフェスト`, `部長` are not
/// names). A unit's word before a colon with a unit's name after it labels
/// that name (`担当局：ひばり市民局` → ひばり市民局).
pub(crate) fn unit_word(text: &str) -> Option<String> {
    let found = first_unit_word(text)?;
    let labelled = text
        .split_once([':', '：'])
        .filter(|(label, _)| label.trim_end().ends_with(found.as_str()))
        .and_then(|(_, named)| first_unit_word(named));
    Some(labelled.unwrap_or(found))
}

/// [`unit_word`] before a colon is looked at.
fn first_unit_word(text: &str) -> Option<String> {
    unit_words(text).next()
}

/// Each word of `text` that names a unit, as [`unit_word`] finds the
/// first: a body and a unit inside it (`教育委員会事務局　教育総務部`) are
/// two.
pub(crate) fn unit_words(text: &str) -> impl Iterator<Item = String> + '_ {
    words_of_names(text).map(after_year).filter_map(|word| {
        word.char_indices().find_map(|(i, _)| {
            let unit = UNITS.iter().find(|u| word[i..].starts_with(**u))?;
            let end = i + unit.len();
            // A unit named by marks alone (○○部 of a form's example) is none;
            // an office named by its kind alone (保健所) is one.
            ((word[..i].chars().any(is_name_char) || is_office_alone(word))
                && !word[end..].chars().next().is_some_and(is_kanji_or_katakana))
            .then(|| word[..end].to_string())
        })
    })
}

/// The words of a title or file name as [`is_separator`] cuts them, but
/// for a middle dot inside a name (`人権・男女共同参画推進室`, `文化・スポーツ局`):
/// one after a unit's name (`市民局・人権推進室`) parts two names.
fn words_of_names(text: &str) -> impl Iterator<Item = &str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let inside_a_name = c == '・'
            && !NAME_ENDS.iter().any(|end| text[start..i].ends_with(end))
            && text[start..i].chars().next_back().is_some_and(is_name_char)
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(is_name_char);
        if is_separator(c) && !inside_a_name {
            words.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    words.push(&text[start..]);
    words.into_iter()
}

/// An office named by its kind alone (保健所): a city runs one.
fn is_office_alone(name: &str) -> bool {
    UNITS.contains(&name) && name.ends_with('所') && name.chars().count() >= 3
}

/// The unit a line of its head names (`中央卸売市場長　北村 修`: the unit's
/// word, 長, then the head's name) that another line names too as a word of
/// its own (`令和8年度　中央卸売市場　運営目標`), with the index of that line:
/// a unit whose name ends in no word of a unit's (市場, 霊園), named by its
/// head and its title alike.
pub(crate) fn named_by_its_head(lines: &[&str]) -> Option<(String, usize)> {
    lines.iter().enumerate().find_map(|(at, line)| {
        let mut parts = line.split_whitespace();
        let head = parts.next()?;
        parts.next()?;
        let unit = head.strip_suffix('長')?;
        if unit.chars().count() < 2 || !unit.chars().all(is_name_char) {
            return None;
        }
        let titled = lines.iter().enumerate().position(|(other, line)| {
            other != at && line.split(is_separator).map(after_year).any(|w| w == unit)
        })?;
        Some((unit.to_string(), titled))
    })
}

/// The department the folders a file is kept in name (outermost first):
/// the outermost folder named as a whole as a department (総務部,
/// 上下水道局, its notes in brackets left out), else the innermost named as
/// a division (会計課 keeping its own folder).
pub(crate) fn of_folders(folders: &[String]) -> Option<String> {
    let names = || folders.iter().map(|f| without_order_number(f));
    names()
        .find_map(|f| named_whole(f, &UNITS))
        .or_else(|| names().rev().find_map(|f| named_whole(f, &["課"])))
}

/// A folder's name without the number that sorts it first (`04_福祉局`,
/// `１０．建設部`, `3 教育部`): digits and a separator after them.
fn without_order_number(name: &str) -> &str {
    let rest = name.trim_start_matches(|c: char| fold_width(c).is_ascii_digit());
    if rest.len() == name.len() {
        return name;
    }
    match rest.chars().next() {
        Some(c) if matches!(fold_width(c), '_' | '.' | '-' | ' ') || c == '　' => {
            &rest[c.len_utf8()..]
        }
        _ => name,
    }
}

/// The division a part of a file's name names as a whole (`会計課.xlsx`,
/// `R8_会計課_目標.xlsx`): a division keeping its own workbook, when no
/// department is named.
pub(crate) fn division_of_file_name(stem: &str) -> Option<String> {
    stem.split(is_separator)
        .find_map(|part| named_whole(after_year(part), &["課"]))
}

/// A word after the 年度 it may start with (`令和8年度総務部` → `総務部`).
fn after_year(word: &str) -> &str {
    match word.rfind("年度") {
        Some(i) => &word[i + "年度".len()..],
        None => word,
    }
}

/// A name that is, as a whole, a unit ending in one of `units` (its notes
/// in brackets left out): the name.
fn named_whole(name: &str, units: &[&str]) -> Option<String> {
    let name = squeeze(&without_notes(name));
    // An office named by its kind alone (保健所): a city runs one.
    let named = units.iter().any(|u| {
        name.ends_with(u) && name.chars().count() > u.chars().count()
            || (name == *u && is_office_alone(u))
    });
    (named && name.chars().all(is_name_char)).then_some(name)
}

/// The department a sheet's name names (one sheet per 部局): a configured
/// name or alias in it, else the sheet's name when it is a department's
/// name (総務部, 教育委員会事務局).
pub(crate) fn of_sheet_name(name: &str, known: &[KnownDepartment]) -> Option<String> {
    if let Some(configured) = configured_in(name, known) {
        return Some(configured.to_string());
    }
    unit_alone(name)
}

/// The unit a text is the name of, and nothing else (`総務部`, `【 上下水道局
/// 】` in the brackets that set it off; not `総務部の運営方針`): a sheet's
/// name, a cover sheet's line.
pub(crate) fn unit_alone(text: &str) -> Option<String> {
    let word = unit_word(text)?;
    let text = squeeze(text);
    (squeeze(&word) == text.trim_matches(is_bracket)).then_some(word)
}

/// A bracket that sets a name off (`【】`, `（）`, `［］` …), its width folded.
fn is_bracket(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '<'
            | '>'
            | '「'
            | '」'
            | '『'
            | '』'
            | '【'
            | '】'
            | '〔'
            | '〕'
            | '〖'
            | '〗'
            | '〈'
            | '〉'
            | '《'
            | '》'
    )
}

/// Whether a unit's name ends as a unit that stands inside a 部 or 局 as
/// often as on its own (センター, 室), not as a 部 or 局 itself.
pub(crate) fn may_stand_inside_a_department(name: &str) -> bool {
    name.ends_with("センター") || name.ends_with('室')
}

/// Whether a name ends as a 部 or 局 (or an office run as one, 中央区役所).
pub(crate) fn is_department_level(name: &str) -> bool {
    ["部", "局", "役所", "支所", "保健所", "事務所", "管理者"]
        .iter()
        .any(|unit| name.ends_with(unit))
}

/// The division a sheet's name names (one sheet per 課): 総務課, 財政係.
pub(crate) fn division_of_sheet_name(name: &str) -> Option<String> {
    let name = squeeze(name);
    let divisions = ["課", "係", "担当", "グループ", "班"];
    let is_division = name.chars().count() >= 2
        && divisions.iter().any(|d| name.ends_with(d))
        && name
            .chars()
            .all(|c| is_kanji_or_katakana(c) || c == 'ー' || c.is_alphanumeric());
    is_division.then_some(name)
}

/// What a department label on a sheet names, where the workbook is kept:
/// the label's value ([`labelled_value`]), unless it names a division
/// (所属：福祉総務課) and the workbook is kept in a folder named for a
/// department (健康福祉部/): a 課's workbook of that department, unless the
/// city names the division as one.
pub(crate) struct DepartmentLabels<'a> {
    /// The department the workbook's folders name, as a 部 or 局.
    folder: Option<String>,
    known: &'a [KnownDepartment],
}

impl<'a> DepartmentLabels<'a> {
    /// For a workbook kept in `folders` (outermost first, below the shared
    /// folder), in a city that knows `known`.
    pub(crate) fn new(folders: &[String], known: &'a [KnownDepartment]) -> Self {
        DepartmentLabels {
            folder: of_folders(folders).filter(|f| is_department_level(f)),
            known,
        }
    }

    /// The department a label's value `label` at `cell` names, and where it
    /// was found.
    pub(crate) fn of(&self, label: &str, cell: &CellRef) -> (String, Origin) {
        let name = labelled_value(label);
        match &self.folder {
            Some(folder)
                if division_of_sheet_name(&name).is_some()
                    && !self.known.iter().any(|known| known.names(&name)) =>
            {
                (folder.clone(), Origin::Folder)
            }
            _ => (name, Origin::Label { cell: cell.clone() }),
        }
    }
}

/// A labelled department as the report names it: `総務部 行政経営課` (a
/// department and its division) is the department; a note in brackets
/// (`水道局（総務課とりまとめ）`) is no part of it.
pub(crate) fn labelled_value(text: &str) -> String {
    let text = without_notes(text);
    let mut words = text.split_whitespace();
    match (words.next(), words.next()) {
        (Some(first), Some(_))
            // A committee's name goes on with its office (教育委員会 事務局).
            if first.chars().count() > 1
                && UNITS
                    .iter()
                    .any(|u| *u != "委員会" && first.ends_with(u)) =>
        {
            first.to_string()
        }
        _ => text.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("令和7年度 教育部 目標管理表", Some("教育部"))]
    #[case("令和8年度 行動目標　〔ゆきみ会計室〕", Some("ゆきみ会計室"))]
    #[case("『はなぶさ税務部』の運営目標", Some("はなぶさ税務部"))]
    #[case("平成31年度 総務部の運営方針", Some("総務部"))]
    #[case("令和8年度重点目標管理シート_市民生活部", Some("市民生活部"))]
    #[case("令和7年度こども未来部目標", None)]
    #[case("令和7年度　こども未来部", Some("こども未来部"))]
    #[case("令和8年度部局マニフェスト_教育部", Some("教育部"))]
    #[case("情報政策センター 運営目標", Some("情報政策センター"))]
    #[case("中央区役所_区運営方針_R8", Some("中央区役所"))]
    #[case("令和8年度　西部総合支所　運営目標", Some("西部総合支所"))]
    #[case("美作台市保健所　令和8年度重点取組", Some("美作台市保健所"))]
    #[case("会計管理者_取組状況_export", Some("会計管理者"))]
    #[case("県土木事務所との協議", Some("県土木事務所"))]
    #[case("秘書広報室", Some("秘書広報室"))]
    #[case("総務部長 加藤", None)]
    #[case("行政経営行動計画_実施項目_令和8年度", None)]
    #[case("小郡市行政経営行動計画＜令和4年度～令和8年度＞", None)]
    #[case("kikugawa_somubu_H31", None)]
    #[case("令和8年度 農業委員会 目標", Some("農業委員会"))]
    #[case("R6. 2. 9 委員会", None)]
    #[case("部", None)]
    #[case("2026年度\u{3000}危機防災監\u{3000}目標シート", Some("危機防災監"))]
    #[case("港湾技監の取組", Some("港湾技監"))]
    #[case("令和8年度　保健所　重点目標", Some("保健所"))]
    #[case(
        "令和8年度　人権・男女共同参画推進室　取組目標",
        Some("人権・男女共同参画推進室")
    )]
    #[case("市民局・人権推進室の取組", Some("市民局"))]
    #[case("R8_文化・スポーツ局_目標", Some("文化・スポーツ局"))]
    #[case("安全・安心なまちづくり部会", None)]
    #[case("保健所長　安藤 裕子", None)]
    #[case("施工監理の手引き", None)]
    #[case("監査委員事務局 目標", Some("監査委員事務局"))]
    #[case("（記入例）○○部　重点目標管理シート", None)]
    #[case("△△局の取組", None)]
    #[case("担当局：ひばり市民局", Some("ひばり市民局"))]
    #[case("所管部: みずほ環境部", Some("みずほ環境部"))]
    #[case("みずほ環境部：令和8年度の運営方針", Some("みずほ環境部"))]
    fn unit_words(#[case] text: &str, #[case] word: Option<&str>) {
        assert_eq!(unit_word(text), word.map(str::to_string));
    }

    #[rstest]
    #[case::named_by_head_and_title(&["令和8年度　しろがね霊園　運営方針", "しろがね霊園長　北村 修"], Some("しろがね霊園"))]
    #[case::head_line_first(&["あおば動物公園長　森 一", "R8　あおば動物公園　重点目標"], Some("あおば動物公園"))]
    #[case::head_alone(&["令和8年度　運営方針", "しろがね霊園長　北村 修"], None)]
    #[case::title_alone(&["令和8年度　しろがね霊園　運営方針"], None)]
    #[case::a_word_inside_a_longer(&["令和8年度　しろがね霊園事業　運営方針", "しろがね霊園長　北村 修"], None)]
    #[case::head_without_a_name(&["しろがね霊園長", "しろがね霊園"], None)]
    fn units_named_by_their_heads(#[case] lines: &[&str], #[case] unit: Option<&str>) {
        assert_eq!(
            named_by_its_head(lines).map(|(unit, _)| unit),
            unit.map(str::to_string)
        );
    }

    #[rstest]
    #[case(&["総務部"], Some("総務部"))]
    #[case(&["総務部", "人事課"], Some("総務部"))]
    #[case(&["会計課"], Some("会計課"))]
    #[case(&["R8", "提出", "上下水道局（経営企画課）"], Some("上下水道局"))]
    #[case(&["北区役所"], Some("北区役所"))]
    #[case(&["R8", "保健所"], Some("保健所"))]
    #[case(&["支所"], None)]
    #[case(&["局"], None)]
    #[case(&["R8", "各部提出"], None)]
    #[case(&["2026", "old"], None)]
    #[case(&[], None)]
    #[case(&["R8", "04_ほたる交流局"], Some("ほたる交流局"))]
    #[case(&["１２．みなと建設部"], Some("みなと建設部"))]
    #[case(&["3 しずく教育部", "07_しずく学務課"], Some("しずく教育部"))]
    #[case(&["2026局"], None)]
    fn folder_departments(#[case] folders: &[&str], #[case] department: Option<&str>) {
        let folders: Vec<String> = folders.iter().map(|f| f.to_string()).collect();
        assert_eq!(of_folders(&folders), department.map(str::to_string));
    }

    #[rstest]
    #[case("会計課", Some("会計課"))]
    #[case("R8_出納課_目標", Some("出納課"))]
    #[case("令和8年度監理課", Some("監理課"))]
    #[case("令和8年度_目標管理シート", None)]
    #[case("課題一覧", None)]
    fn a_division_named_whole_in_a_file_name(#[case] stem: &str, #[case] division: Option<&str>) {
        assert_eq!(division_of_file_name(stem), division.map(str::to_string));
    }

    #[rstest]
    #[case("総務部", Some("総務部"))]
    #[case("教育委員会事務局", Some("教育委員会事務局"))]
    #[case("重点目標管理シート1", None)]
    #[case("部局マニフェスト", None)]
    #[case("総務部の取組", None)]
    fn sheet_names(#[case] name: &str, #[case] department: Option<&str>) {
        assert_eq!(of_sheet_name(name, &[]).as_deref(), department);
    }

    #[rstest]
    #[case("総務課", Some("総務課"))]
    #[case("財政係", Some("財政係"))]
    #[case("進捗報告", None)]
    #[case("課", None)]
    fn division_sheet_names(#[case] name: &str, #[case] division: Option<&str>) {
        assert_eq!(division_of_sheet_name(name).as_deref(), division);
    }

    #[rstest]
    #[case("総務部 行政経営課", "総務部")]
    #[case("総務部", "総務部")]
    #[case(" 教育委員会 事務局 ", "教育委員会 事務局")]
    #[case("水道局（総務課とりまとめ）", "水道局")]
    #[case("（未定）", "（未定）")]
    fn labelled_values(#[case] text: &str, #[case] department: &str) {
        assert_eq!(labelled_value(text), department);
    }

    #[test]
    fn configured_names_and_aliases_are_found_inside_text() {
        let known = vec![
            KnownDepartment {
                name: "総務部".into(),
                aliases: vec!["総務部総務課".into()],
            },
            KnownDepartment {
                name: "経営戦略部".into(),
                aliases: vec!["行政経営".into()],
            },
        ];
        assert_eq!(configured_in("令和8年度 総 務 部", &known), Some("総務部"));
        assert_eq!(
            configured_in("行政経営行動計画_実施項目_令和8年度", &known),
            Some("経営戦略部")
        );
        assert_eq!(configured_in("総務部総務課_目標", &known), Some("総務部"));
        assert_eq!(configured_in("教育部", &known), None);
    }

    #[rstest]
    #[case("令和8年度 生活環境部 目標", &["環境部"], None)]
    #[case("令和8年度環境部目標", &["環境部"], Some("環境部"))]
    #[case("総務部会計課 目標", &["総務部"], Some("総務部"))]
    #[case("総務部会計課 目標", &["総務部", "会計課"], Some("会計課"))]
    #[case("水道局（総務課とりまとめ）", &["総務課"], None)]
    #[case("社会教育部", &["教育部"], None)]
    fn configured_names_are_found_whole(
        #[case] text: &str,
        #[case] names: &[&str],
        #[case] found: Option<&str>,
    ) {
        let known: Vec<KnownDepartment> = names
            .iter()
            .map(|n| KnownDepartment {
                name: n.to_string(),
                aliases: Vec::new(),
            })
            .collect();
        assert_eq!(configured_in(text, &known), found);
    }
}
