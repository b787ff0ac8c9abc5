//! Copies of a department's workbook: a file saved beside the original
//! (`…_総務部 - コピー.xlsx`, `…(2).xlsx`, `旧_…`, a copy in a `backup`
//! folder) would otherwise count the department twice.
//!
//! Two files whose sheets give the same department and fiscal year the same
//! items (the same goals, numbers and titles) are one workbook and a copy:
//! the items are counted once, from one of them, and the other is listed on
//! 取込エラー with both paths and mailed about nowhere. Which one counts:
//! when their contents differ, the one holding more written reports, where
//! the department went on working (a backup opened and saved again is newer
//! but holds less), then the one saved last; when they are the same, the
//! one whose name (or folder) does not mark it as a copy, else the one
//! saved last. Files of one department with different items (a workbook per 課)
//! add up as before.
//!
//! Pure: the files, their modification times and the words that mark a
//! copy's name are parameters.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::source::SourceFile;
use crate::calendar::FiscalYear;
use crate::model::{Goal, Report, SheetReport};

/// The words that mark a file's name, or a folder's, as a copy's
/// (`folder.copy_marks`): matched in any case, a word of ASCII letters only
/// as a whole word (`old`, not `folder`). A number in brackets at the end
/// of a name (`(2)`, `（３）`) marks one too.
pub const DEFAULT_COPY_MARKS: [&str; 15] = [
    "コピー",
    "copy",
    "複製",
    "旧",
    "old",
    "bak",
    "backup",
    "バックアップ",
    "控え",
    "控",
    "古い",
    "退避",
    "修正前",
    "変更前",
    "改訂前",
];

/// A file whose items another file of the same department and fiscal year
/// holds too: not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The file not counted.
    #[serde(serialize_with = "crate::share_path::serialize_lossy")]
    pub file: PathBuf,
    /// The file counted instead.
    #[serde(serialize_with = "crate::share_path::serialize_lossy")]
    pub kept: PathBuf,
    pub fiscal_year: FiscalYear,
    pub department: String,
    /// The two differ (a report filled in one): the one saved last counts.
    pub differs: bool,
    /// The file sums up these files (総括表): each of its items stands in
    /// one of them, which count instead (`kept` is the first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sums_up: Vec<PathBuf>,
    /// The file is an earlier version of `kept`, by their names.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub earlier_version: bool,
}

/// Every copy in a folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copies {
    pub found: Vec<Duplicate>,
    /// (file, fiscal year, department) of every copy, for look-ups.
    index: BTreeSet<(PathBuf, FiscalYear, String)>,
}

impl Copies {
    /// The copies among `files` of the folder `root`, `marks` saying which
    /// names (of files, and of folders below `root`) are a copy's.
    pub fn find(files: &[SourceFile], root: &Path, marks: &[String]) -> Copies {
        let words = CopyMarkWords::new(marks);
        let mut groups: BTreeMap<(FiscalYear, &str), Vec<Candidate<'_>>> = BTreeMap::new();
        for file in files {
            let mut marked = None;
            let mut own: BTreeMap<(FiscalYear, &str), Vec<&SheetReport>> = BTreeMap::new();
            for report in file.reports.iter() {
                own.entry((report.fiscal_year, report.department.as_str()))
                    .or_default()
                    .push(report);
            }
            for (key, reports) in own {
                let items = item_keys(&reports);
                if items.is_empty() {
                    continue;
                }
                groups.entry(key).or_default().push(Candidate {
                    file,
                    items,
                    goals: reports.iter().flat_map(|r| &r.goals).collect(),
                    reports_written: reports_written(&reports),
                    reports_kept: reports_kept(&reports),
                    marked: *marked.get_or_insert_with(|| {
                        words.mark(file.path.strip_prefix(root).unwrap_or(&file.path))
                    }),
                });
            }
        }
        let mut copies = Copies::default();
        for (&(fiscal_year, department), candidates) in &groups {
            let mut clusters: BTreeMap<&[ItemKey], Vec<&Candidate<'_>>> = BTreeMap::new();
            for candidate in candidates {
                clusters
                    .entry(candidate.items.as_slice())
                    .or_default()
                    .push(candidate);
            }
            for cluster in clusters.into_values().filter(|c| c.len() > 1) {
                let differs = cluster.iter().any(|c| c.goals != cluster[0].goals);
                let Some(kept) = cluster.iter().copied().max_by_key(|c| c.rank(differs)) else {
                    continue;
                };
                for other in cluster.iter().filter(|c| c.file.path != kept.file.path) {
                    copies.add(Duplicate {
                        file: other.file.path.clone(),
                        kept: kept.file.path.clone(),
                        fiscal_year,
                        department: department.to_string(),
                        differs,
                        sums_up: Vec::new(),
                        earlier_version: false,
                    });
                }
            }
        }
        for older in older_versions(&groups, &copies) {
            copies.add(older);
        }
        for summary in summaries(&groups, &copies) {
            copies.add(summary);
        }
        copies
    }

    /// Records a file not counted.
    fn add(&mut self, duplicate: Duplicate) {
        self.index.insert((
            duplicate.file.clone(),
            duplicate.fiscal_year,
            duplicate.department.clone(),
        ));
        self.found.push(duplicate);
    }

    /// Whether the sheets of `file` for `fiscal_year` and `department` are
    /// a copy's (not counted).
    pub fn is_copy(&self, file: &Path, fiscal_year: FiscalYear, department: &str) -> bool {
        !self.index.is_empty()
            && self
                .index
                .contains(&(file.to_path_buf(), fiscal_year, department.to_string()))
    }

    /// Whether `report` of `file` is a copy's.
    pub fn is_copied(&self, file: &Path, report: &SheetReport) -> bool {
        self.is_copy(file, report.fiscal_year, &report.department)
    }

    /// The copies of the fiscal year.
    pub fn of_year(&self, fiscal_year: FiscalYear) -> impl Iterator<Item = &Duplicate> {
        self.found
            .iter()
            .filter(move |d| d.fiscal_year == fiscal_year)
    }
}

/// The fewest items a summary holds: two items found in two files are as
/// likely two departments' common goals.
const SUMMARY_MIN_ITEMS: usize = 3;

/// The files that sum up others of the same fiscal year (a 部's 総括表 of
/// its 課's workbooks, its values pasted): every item of the file stands,
/// by its title, in another file holding fewer items than it, and the items
/// stand in two such files or more. One file holding them all is a copy
/// (above), or the plan a report workbook is joined to, unless the file
/// lists them with no report cell of its own while the other keeps the
/// reports (a 局's 総括表 listing each 部's items, a row per item and a
/// column naming the 部): a summary of that one.
fn summaries(
    groups: &BTreeMap<(FiscalYear, &str), Vec<Candidate<'_>>>,
    copies: &Copies,
) -> Vec<Duplicate> {
    let mut found = Vec::new();
    let candidates = |year: FiscalYear| {
        groups
            .iter()
            .filter(move |((y, _), _)| *y == year)
            .flat_map(|((_, d), c)| c.iter().map(move |c| (*d, c)))
            .filter(move |(d, c)| !copies.is_copy(&c.file.path, year, d))
    };
    let years: BTreeSet<FiscalYear> = groups.keys().map(|(y, _)| *y).collect();
    for year in years {
        let files: Vec<(&str, &Candidate<'_>)> = candidates(year).collect();
        // The files holding each title, the fewest items first.
        let mut holding: BTreeMap<&str, Vec<&Candidate<'_>>> = BTreeMap::new();
        for (_, file) in &files {
            for (_, _, title) in &file.items {
                holding.entry(title.as_str()).or_default().push(file);
            }
        }
        for holders in holding.values_mut() {
            holders.sort_by_key(|c| c.items.len());
        }
        for &(department, summary) in &files {
            if summary.items.len() < SUMMARY_MIN_ITEMS {
                continue;
            }
            let mut sources: Vec<&Path> = Vec::new();
            let listing = !summary.reports_kept;
            let all_elsewhere = summary.items.iter().all(|(_, _, title)| {
                let source = holding.get(title.as_str()).and_then(|holders| {
                    holders
                        .iter()
                        .take_while(|other| {
                            other.items.len() < summary.items.len()
                                || listing && other.items.len() == summary.items.len()
                        })
                        .find(|other| {
                            !std::ptr::eq(other.file, summary.file)
                                && (other.items.len() < summary.items.len() || other.reports_kept)
                        })
                });
                if let Some(other) = source
                    && !sources.contains(&other.file.path.as_path())
                {
                    sources.push(&other.file.path);
                }
                source.is_some()
            });
            if all_elsewhere && (sources.len() >= 2 || listing && sources.len() == 1) {
                found.push(Duplicate {
                    file: summary.file.path.clone(),
                    kept: sources[0].to_path_buf(),
                    fiscal_year: year,
                    department: department.to_string(),
                    differs: true,
                    sums_up: sources.iter().map(|p| p.to_path_buf()).collect(),
                    earlier_version: false,
                });
            }
        }
    }
    found
}

/// Earlier versions of one workbook kept beside the latest
/// (`総務部_目標_20260515` and `総務部_目標_20261016`, `…_v2`, `…_最新`):
/// files of one folder whose names differ only in a last part that dates
/// or numbers the version, the items of one all among the other's (an item
/// added since). The latest by its name counts; the others are listed as
/// its copies.
fn older_versions(
    groups: &BTreeMap<(FiscalYear, &str), Vec<Candidate<'_>>>,
    copies: &Copies,
) -> Vec<Duplicate> {
    let mut found = Vec::new();
    for (&(fiscal_year, department), candidates) in groups {
        let live: Vec<(&Candidate<'_>, (String, Version))> = candidates
            .iter()
            .filter(|c| !copies.is_copy(&c.file.path, fiscal_year, department))
            .filter_map(|c| Some((c, version_of(&c.file.path)?)))
            .collect();
        for (older, (base, version)) in &live {
            let newer = live
                .iter()
                .filter(|(other, (other_base, other_version))| {
                    other_base == base
                        && other_version > version
                        && other.file.path.parent() == older.file.path.parent()
                        && holds_the_items_of(other, older)
                })
                .max_by_key(|(_, (_, v))| v.clone());
            if let Some((newer, _)) = newer {
                found.push(Duplicate {
                    file: older.file.path.clone(),
                    kept: newer.file.path.clone(),
                    fiscal_year,
                    department: department.to_string(),
                    differs: true,
                    sums_up: Vec::new(),
                    earlier_version: true,
                });
            }
        }
        // A name marked as a copy's that is another's name with a part
        // more (`…_修正前`, `…_旧` beside `…`): that one's earlier version,
        // whatever changed since.
        for older in candidates
            .iter()
            .filter(|c| c.marked && !copies.is_copy(&c.file.path, fiscal_year, department))
        {
            let current = candidates.iter().find(|other| {
                !other.marked
                    && other.file.path.parent() == older.file.path.parent()
                    && !copies.is_copy(&other.file.path, fiscal_year, department)
                    && extends_name(&older.file.path, &other.file.path)
            });
            if let Some(current) = current
                && !found.iter().any(|d| d.file == older.file.path)
            {
                found.push(Duplicate {
                    file: older.file.path.clone(),
                    kept: current.file.path.clone(),
                    fiscal_year,
                    department: department.to_string(),
                    differs: true,
                    sums_up: Vec::new(),
                    earlier_version: true,
                });
            }
        }
    }
    found
}

/// Whether the stem of `longer` is the stem of `shorter` followed by a
/// separator and more (`総務部_目標_修正前` of `総務部_目標`).
fn extends_name(longer: &Path, shorter: &Path) -> bool {
    let (Some(longer), Some(shorter)) = (
        crate::nfc::file_stem(longer),
        crate::nfc::file_stem(shorter),
    ) else {
        return false;
    };
    longer.strip_prefix(shorter.as_str()).is_some_and(|rest| {
        rest.starts_with(crate::nfc::NAME_PART_SEPARATORS) && rest.chars().count() > 1
    })
}

/// Whether `newer` holds every item of `older` (by title), and `older` at
/// least half of `newer`'s: one workbook, items added since.
fn holds_the_items_of(newer: &Candidate<'_>, older: &Candidate<'_>) -> bool {
    fn titles<'c>(c: &'c Candidate<'_>) -> BTreeSet<&'c str> {
        c.items.iter().map(|(_, _, t)| t.as_str()).collect()
    }
    let (new, old) = (titles(newer), titles(older));
    old.is_subset(&new) && old.len() * 2 >= new.len()
}

/// How a workbook's name orders its version: a date stamp of eight digits
/// (`20261016`), a version's number (`v2`, `ver3`, `第2版`), the latest
/// (`最新`), or none (the name without a version's part).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Version {
    Unmarked,
    Numbered(u32),
    Dated(u32),
    Latest,
}

/// A file's stem less its version's last part, and the version it names.
fn version_of(path: &Path) -> Option<(String, Version)> {
    let stem = crate::nfc::file_stem(path)?;
    let at = stem.rfind(['_', '-', ' ', '\u{3000}']);
    let (base, last) = match at {
        Some(at) => (&stem[..at], &stem[at..]),
        None => return Some((stem.clone(), Version::Unmarked)),
    };
    let part: String = last
        .trim_start_matches(['_', '-', ' ', '\u{3000}'])
        .chars()
        .map(crate::interpret::dictionary::fold_width)
        .collect::<String>()
        .to_lowercase();
    let digits = |t: &str| {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    let version = if let Some(day) = digits(&part).filter(|_| part.len() == 8) {
        Version::Dated(day)
    } else if let Some(n) = part
        .strip_prefix("ver")
        .or_else(|| part.strip_prefix('v'))
        .and_then(|n| digits(n.trim_start_matches('.')))
    {
        Version::Numbered(n)
    } else if let Some(n) = part
        .strip_prefix('第')
        .and_then(|n| n.strip_suffix('版'))
        .and_then(digits)
    {
        Version::Numbered(n)
    } else if part == "最新" || part == "最新版" {
        Version::Latest
    } else {
        return Some((stem.clone(), Version::Unmarked));
    };
    Some((base.to_string(), version))
}

/// What identifies an item across a copy: its goal, number and title,
/// spaces left out.
type ItemKey = (String, String, String);

/// The items of a file's sheets of one department and year, sorted.
fn item_keys(reports: &[&SheetReport]) -> Vec<ItemKey> {
    let squeeze = |text: &str| text.split_whitespace().collect::<String>();
    let mut keys: Vec<ItemKey> = reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(goal, item)| {
            (
                squeeze(&goal.title),
                squeeze(item.number().unwrap_or_default()),
                squeeze(item.title()),
            )
        })
        .collect();
    keys.sort();
    keys
}

/// A file's sheets of one department and fiscal year.
struct Candidate<'f> {
    file: &'f SourceFile,
    items: Vec<ItemKey>,
    goals: Vec<&'f Goal>,
    /// Its name or a folder of its path marks it as a copy.
    marked: bool,
    /// Its items' interim and year-end reports written.
    reports_written: usize,
    /// Some item of it has a report cell, written or not.
    reports_kept: bool,
}

/// The interim and year-end reports written in `reports`' items.
fn reports_written(reports: &[&SheetReport]) -> usize {
    reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, item)| {
            usize::from(item.interim.is_filled()) + usize::from(item.year_end.is_filled())
        })
        .sum()
}

/// Whether some item of `reports` has an interim or a year-end report cell.
fn reports_kept(reports: &[&SheetReport]) -> bool {
    reports.iter().flat_map(|r| r.items()).any(|(_, item)| {
        !matches!(item.interim, Report::NotInLayout)
            || !matches!(item.year_end, Report::NotInLayout)
    })
}

/// When a file was saved.
type Saved = Option<chrono::DateTime<chrono::Utc>>;

impl Candidate<'_> {
    /// The higher, the likelier the one to count: when the contents differ,
    /// the one with more reports written, then the one saved last; else a
    /// name that is not a copy's, then the one saved last; then the shorter
    /// path, then the first in order (reversed, so that `max` takes it).
    fn rank(&self, differs: bool) -> (usize, Saved, bool, Saved, Reverse<(usize, PathBuf)>) {
        let saved = self.file.modified;
        let path = Reverse((self.file.path.as_os_str().len(), self.file.path.clone()));
        if differs {
            (self.reports_written, saved, !self.marked, None, path)
        } else {
            (0, None, !self.marked, saved, path)
        }
    }
}

/// Whether `path`'s file name, or a folder on it (give it relative to the
/// shared folder), carries a mark of a copy: one of `marks`, or a number in
/// brackets ending the name.
pub fn is_copy_name(path: &Path, marks: &[String]) -> bool {
    CopyMarkWords::new(marks).mark(path)
}

/// The marks of a copy's name, each in lower case once, to look for in
/// every name of a folder.
struct CopyMarkWords {
    /// Each mark, and whether it is a word of ASCII letters (matched whole).
    marks: Vec<(String, bool)>,
}

impl CopyMarkWords {
    fn new(marks: &[String]) -> Self {
        CopyMarkWords {
            marks: marks
                .iter()
                .map(|mark| mark.trim().to_lowercase())
                .filter(|mark| !mark.is_empty())
                .map(|mark| {
                    let word = mark.chars().all(|c| c.is_ascii_alphabetic());
                    (mark, word)
                })
                .collect(),
        }
    }

    /// [`is_copy_name`] with these marks.
    fn mark(&self, path: &Path) -> bool {
        let stem = crate::nfc::file_stem(path).unwrap_or_default();
        if ends_in_bracketed_number(&stem) {
            return true;
        }
        if self.marks.is_empty() {
            return false;
        }
        if self.in_name(&stem) {
            return true;
        }
        path.parent()
            .into_iter()
            .flat_map(|p| p.components())
            .any(|c| self.in_name(&c.as_os_str().to_string_lossy()))
    }

    /// `name` holds a mark, in any case; a mark of ASCII letters only as a
    /// whole word.
    fn in_name(&self, name: &str) -> bool {
        let name = name.to_lowercase();
        self.marks.iter().any(|(mark, word)| {
            if !word {
                return name.contains(mark.as_str());
            }
            name.match_indices(mark.as_str()).any(|(at, _)| {
                let before = name[..at].chars().next_back();
                let after = name[at + mark.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_alphabetic())
                    && !after.is_some_and(|c| c.is_ascii_alphabetic())
            })
        })
    }
}

/// `…(2)`, `… (12)`, `…（３）`: the name Windows gives a second copy.
fn ends_in_bracketed_number(stem: &str) -> bool {
    let stem = stem.trim_end();
    let Some(inner) = stem.strip_suffix(')').or_else(|| stem.strip_suffix('）')) else {
        return false;
    };
    // Digits of either width, cut off by their bytes.
    let rest = inner.trim_end_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    rest.len() < inner.len() && (rest.ends_with('(') || rest.ends_with('（'))
}

/// The marks of `folder.copy_marks` when none are configured.
pub fn default_copy_marks() -> Vec<String> {
    DEFAULT_COPY_MARKS.iter().map(|m| m.to_string()).collect()
}

/// `folder.copy_marks` as read from the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CopyMarks(pub Vec<String>);

impl Default for CopyMarks {
    fn default() -> Self {
        CopyMarks(default_copy_marks())
    }
}

#[cfg(test)]
mod tests;
