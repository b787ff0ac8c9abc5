//! A mail's identity in the ledger: the ledger never sends a key twice.
//! Written as text in the state file (`2026/interim/建設部/before-7`) and
//! read back by [`MailKey::from_str`]; ordered so that within a series (a
//! milestone's reminders and overdue notices, the weeks of the planning
//! digest, the months of a deadline digest) a later mail compares greater.
//! A department's mail sent while some of its cells were held
//! (`…/before-7/held-1a2b3c4d`) and the cells released after it
//! (`…/before-7/released-1a2b3c4d`) are [`Part`]s of one mail, at its place.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use serde::{Serialize, Serializer};

use super::config::Milestone;
use super::schedule::Occasion;

/// What a mail is, as the ledger knows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MailKey {
    /// A reminder or overdue notice of a milestone to a department:
    /// `2026/interim/建設部/before-7`, `…/overdue-2026-11-02`.
    Milestone {
        fiscal_year: i32,
        milestone: Milestone,
        department: String,
        occasion: Occasion,
        part: Part,
    },
    /// A file that cannot be read, to its department:
    /// `file/建設部/<hash of the problem>`.
    Unreadable { department: String, problem: u64 },
    /// The week's planning digest: `digest/planning/2026-W43`.
    PlanningDigest { year: i32, week: u32 },
    /// A department's deadlines of a month: `deadlines/総務部/2026-11`.
    DeadlineDigest {
        department: String,
        year: i32,
        month: u32,
        part: Part,
    },
    /// The shared folder out of reach since an instant:
    /// `outage/folder/<hash of the folder>-20261122T080000Z`.
    FolderOutage { folder: u64, since: DateTime<Utc> },
}

/// FNV-1a, 64 bit: a hash that is the same on every platform and release,
/// for keys that must stay stable in the ledger. Written here rather than
/// taken from a crate: its values are in every ledger's keys, so no
/// dependency's new version may change them (the plan's tests pin them).
pub fn stable_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A table a reading came from, as a mail's part names it: a hash of its
/// file, sheet and header fingerprint, the same from save to save (and
/// when a configured mapping reads it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableId(pub u32);

impl fmt::Display for TableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08x}", self.0)
    }
}

/// Which part of a department's mail a key is. The cells of a table read
/// with low confidence are held ([`super::hold`]): the mail of an occasion
/// goes out without them, as [`Part::Holding`] those tables, and once they
/// are released their cells follow as [`Part::Released`], so that each
/// cell is named once per occasion and none is lost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Part {
    /// The whole mail: nothing was held.
    #[default]
    Whole,
    /// The mail without the cells of these tables, held when it went
    /// (`/held-1a2b3c4d.5e6f7a8b`).
    Holding(Vec<TableId>),
    /// The cells of these tables, released after a [`Part::Holding`] mail
    /// of the same occasion went (`/released-1a2b3c4d`).
    Released(Vec<TableId>),
}

impl Part {
    /// The tables it names.
    pub fn tables(&self) -> &[TableId] {
        match self {
            Part::Whole => &[],
            Part::Holding(ids) | Part::Released(ids) => ids,
        }
    }
}

impl fmt::Display for Part {
    /// Nothing for the whole mail, else `/held-…` or `/released-…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (word, ids) = match self {
            Part::Whole => return Ok(()),
            Part::Holding(ids) => ("held", ids),
            Part::Released(ids) => ("released", ids),
        };
        write!(f, "/{word}-")?;
        for (n, id) in ids.iter().enumerate() {
            if n > 0 {
                f.write_str(".")?;
            }
            write!(f, "{id}")?;
        }
        Ok(())
    }
}

/// The part a key's text ends with, and the text before it: `Whole` and
/// the whole text when it ends with none.
fn split_part(text: &str) -> Option<(&str, Part)> {
    let whole = Some((text, Part::Whole));
    let Some((rest, last)) = text.rsplit_once('/') else {
        return whole;
    };
    let (make, ids): (fn(Vec<TableId>) -> Part, &str) =
        if let Some(ids) = last.strip_prefix("held-") {
            (Part::Holding, ids)
        } else if let Some(ids) = last.strip_prefix("released-") {
            (Part::Released, ids)
        } else {
            return whole;
        };
    let ids: Option<Vec<TableId>> = ids
        .split('.')
        .map(|id| {
            (id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(id, 16).ok().map(TableId))
                .flatten()
        })
        .collect();
    Some((rest, make(ids?)))
}

/// The series a key belongs to, and its place there (later is greater).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SeriesPlace {
    /// The key prefix every mail of the series shares (`2026/interim/`).
    pub series: String,
    place: (u8, i64),
}

const OUTAGE_SINCE: &str = "%Y%m%dT%H%M%SZ";

impl MailKey {
    /// Its part of a department's mail ([`Part::Whole`] for other mails).
    pub fn part(&self) -> &Part {
        match self {
            MailKey::Milestone { part, .. } | MailKey::DeadlineDigest { part, .. } => part,
            _ => &Part::Whole,
        }
    }

    /// The same key as `part` of its mail (unchanged for a mail of no parts).
    pub fn with_part(&self, part: Part) -> MailKey {
        let mut key = self.clone();
        if let MailKey::Milestone { part: p, .. } | MailKey::DeadlineDigest { part: p, .. } =
            &mut key
        {
            *p = part;
        }
        key
    }

    /// The text every part of this mail's key starts with
    /// (`2026/interim/建設部/before-7/`): what the ledger is asked for the
    /// parts of a mail sent ([`Part`]).
    pub fn parts_prefix(&self) -> String {
        format!("{self}/")
    }

    /// Where the mail stands in its series; `None` for mails in none (a
    /// file's problem, an outage). The parts of a mail stand at its place.
    pub fn series_place(&self) -> Option<SeriesPlace> {
        match self {
            MailKey::Milestone {
                fiscal_year,
                milestone,
                occasion,
                ..
            } => Some(SeriesPlace {
                series: format!("{fiscal_year}/{}/", milestone.key()),
                place: match occasion {
                    Occasion::Before(days) => (0, -i64::from(*days)),
                    Occasion::Overdue(date) => (1, i64::from(date.num_days_from_ce())),
                },
            }),
            MailKey::PlanningDigest { year, week } => Some(SeriesPlace {
                series: "digest/planning/".into(),
                place: (0, i64::from(*year) * 100 + i64::from(*week)),
            }),
            MailKey::DeadlineDigest { year, month, .. } => Some(SeriesPlace {
                series: "deadlines/".into(),
                place: (0, i64::from(*year) * 100 + i64::from(*month)),
            }),
            MailKey::Unreadable { .. } | MailKey::FolderOutage { .. } => None,
        }
    }
}

impl fmt::Display for MailKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MailKey::Milestone {
                fiscal_year,
                milestone,
                department,
                occasion,
                part,
            } => write!(
                f,
                "{fiscal_year}/{}/{department}/{occasion}{part}",
                milestone.key()
            ),
            MailKey::Unreadable {
                department,
                problem,
            } => write!(f, "file/{department}/{problem:016x}"),
            MailKey::PlanningDigest { year, week } => {
                write!(f, "digest/planning/{year}-W{week:02}")
            }
            MailKey::DeadlineDigest {
                department,
                year,
                month,
                part,
            } => write!(f, "deadlines/{department}/{year}-{month:02}{part}"),
            MailKey::FolderOutage { folder, since } => {
                write!(
                    f,
                    "outage/folder/{folder:016x}-{}",
                    since.format(OUTAGE_SINCE)
                )
            }
        }
    }
}

/// Text that is no mail key this release writes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a mail key: {0:?}")]
pub struct NotAMailKey(pub String);

impl FromStr for MailKey {
    type Err = NotAMailKey;

    fn from_str(text: &str) -> Result<MailKey, NotAMailKey> {
        parse(text).ok_or_else(|| NotAMailKey(text.to_string()))
    }
}

/// The key `text` writes. A department's name may hold `/`: its parts are
/// read from both ends.
fn parse(text: &str) -> Option<MailKey> {
    if let Some(rest) = text.strip_prefix("digest/planning/") {
        let (year, week) = rest.split_once("-W")?;
        return Some(MailKey::PlanningDigest {
            year: year.parse().ok()?,
            week: two_digits(week)?,
        });
    }
    if let Some(rest) = text.strip_prefix("deadlines/") {
        let (rest, part) = split_part(rest)?;
        let (department, month) = rest.rsplit_once('/')?;
        let (year, month) = month.split_once('-')?;
        return Some(MailKey::DeadlineDigest {
            department: department.to_string(),
            year: year.parse().ok()?,
            month: two_digits(month)?,
            part,
        });
    }
    if let Some(rest) = text.strip_prefix("file/") {
        let (department, hash) = rest.rsplit_once('/')?;
        return Some(MailKey::Unreadable {
            department: department.to_string(),
            problem: hex16(hash)?,
        });
    }
    if let Some(rest) = text.strip_prefix("outage/folder/") {
        let (hash, since) = rest.split_once('-')?;
        let since = NaiveDateTime::parse_from_str(since, OUTAGE_SINCE).ok()?;
        return Some(MailKey::FolderOutage {
            folder: hex16(hash)?,
            since: since.and_utc(),
        });
    }
    let (text, part) = split_part(text)?;
    let (fiscal_year, rest) = text.split_once('/')?;
    let (milestone, rest) = rest.split_once('/')?;
    let (department, occasion) = rest.rsplit_once('/')?;
    Some(MailKey::Milestone {
        fiscal_year: digits(fiscal_year)?,
        milestone: Milestone::ALL.into_iter().find(|m| m.key() == milestone)?,
        department: department.to_string(),
        occasion: parse_occasion(occasion)?,
        part,
    })
}

fn parse_occasion(text: &str) -> Option<Occasion> {
    if let Some(days) = text.strip_prefix("before-") {
        return Some(Occasion::Before(digits(days)?));
    }
    let date = text.strip_prefix("overdue-")?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .map(Occasion::Overdue)
}

/// A number written in ASCII digits only (no sign, no spaces).
fn digits<T: FromStr>(text: &str) -> Option<T> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// A week or month, as the keys write it: two digits.
fn two_digits(text: &str) -> Option<u32> {
    (text.len() == 2).then(|| digits(text)).flatten()
}

/// A hash, as the keys write it: sixteen hexadecimal digits.
fn hex16(text: &str) -> Option<u64> {
    (text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u64::from_str_radix(text, 16).ok())
        .flatten()
}

impl Ord for MailKey {
    /// By series, mails of one series by their place in it; then by text.
    fn cmp(&self, other: &MailKey) -> Ordering {
        self.series_place()
            .cmp(&other.series_place())
            .then_with(|| self.to_string().cmp(&other.to_string()))
    }
}

impl PartialOrd for MailKey {
    fn partial_cmp(&self, other: &MailKey) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for MailKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A key equals the text that reads as it.
impl PartialEq<str> for MailKey {
    fn eq(&self, other: &str) -> bool {
        other.parse::<MailKey>().is_ok_and(|key| key == *self)
    }
}

impl PartialEq<String> for MailKey {
    fn eq(&self, other: &String) -> bool {
        *self == **other
    }
}

impl PartialEq<&str> for MailKey {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case("2026/interim/建設部/before-7")]
    #[case("2026/year_end/市民生活部/overdue-2027-04-05")]
    #[case("2026/interim/上下水道局/総務課/before-14")]
    #[case("file/建設部/00ab12cd34ef5678")]
    #[case("digest/planning/2026-W43")]
    #[case("digest/planning/2027-W01")]
    #[case("deadlines/総務部/2026-11")]
    #[case("outage/folder/00ab12cd34ef5678-20261122T080000Z")]
    #[case("2026/interim/建設部/before-7/held-1a2b3c4d")]
    #[case("2026/interim/上下水道局/総務課/overdue-2026-11-02/released-1a2b3c4d.00000001")]
    #[case("deadlines/総務部/2026-11/held-ffffffff")]
    fn every_key_reads_back_as_written(#[case] text: &str) {
        let key: MailKey = text.parse().unwrap();
        assert_eq!(key.to_string(), text);
    }

    #[rstest]
    #[case("")]
    #[case("2026/interim/建設部")]
    #[case("2026/midterm/建設部/before-7")]
    #[case("2026/interim/建設部/before-")]
    #[case("2026/interim/建設部/before--7")]
    #[case("+2026/interim/建設部/before-7")]
    #[case("2026/interim/建設部/overdue-2026-13-01")]
    #[case("digest/planning/2026-W4")]
    #[case("deadlines/総務部/2026-1")]
    #[case("file/建設部/xyz")]
    #[case("outage/folder/00ab12cd34ef5678-yesterday")]
    #[case("2026/interim/建設部/before-7/held-")]
    #[case("2026/interim/建設部/before-7/held-1a2b3c4")]
    #[case("2026/interim/建設部/before-7/released-1a2b3c4d.")]
    #[case("2026/interim/建設部/held-1a2b3c4d")]
    fn what_no_release_writes_is_no_key(#[case] text: &str) {
        assert_eq!(text.parse::<MailKey>(), Err(NotAMailKey(text.to_string())));
    }

    #[test]
    fn a_later_mail_of_a_series_is_greater() {
        let key = |text: &str| text.parse::<MailKey>().unwrap();
        assert!(key("2026/interim/建設部/before-14") < key("2026/interim/建設部/before-7"));
        assert!(
            key("2026/interim/建設部/before-1") < key("2026/interim/建設部/overdue-2026-11-02")
        );
        assert!(
            key("2026/interim/建設部/overdue-2026-11-02")
                < key("2026/interim/建設部/overdue-2026-11-09")
        );
        assert!(key("digest/planning/2026-W52") < key("digest/planning/2027-W01"));
        assert!(key("deadlines/総務部/2026-12") < key("deadlines/総務部/2027-01"));
        assert_eq!(
            key("2026/interim/建設部/before-7")
                .series_place()
                .unwrap()
                .series,
            "2026/interim/"
        );
        assert_eq!(key("file/建設部/00ab12cd34ef5678").series_place(), None);
    }

    #[test]
    fn the_parts_of_a_mail_stand_at_its_place() {
        let key = |text: &str| text.parse::<MailKey>().unwrap();
        let whole = key("2026/interim/建設部/before-7");
        let held = key("2026/interim/建設部/before-7/held-1a2b3c4d");
        let released = key("2026/interim/建設部/before-7/released-1a2b3c4d");
        assert_eq!(held.series_place(), whole.series_place());
        assert_eq!(released.series_place(), whole.series_place());
        assert_eq!(held.part(), &Part::Holding(vec![TableId(0x1a2b_3c4d)]));
        assert_eq!(held.with_part(Part::Whole), whole);
        assert_eq!(
            whole.with_part(Part::Released(vec![TableId(0x1a2b_3c4d)])),
            released
        );
        assert!(held < key("2026/interim/建設部/before-3"));
    }

    fn arb_part() -> impl Strategy<Value = Part> {
        let ids = proptest::collection::vec(any::<u32>().prop_map(TableId), 1..4);
        prop_oneof![
            Just(Part::Whole),
            ids.clone().prop_map(Part::Holding),
            ids.prop_map(Part::Released),
        ]
    }

    fn arb_key() -> impl Strategy<Value = MailKey> {
        let department = "[a-z総務部/]{1,8}";
        prop_oneof![
            (
                2000i32..2100,
                any::<bool>(),
                department,
                0u32..400,
                any::<bool>(),
                0i64..20000,
                arb_part(),
            )
                .prop_map(
                    |(fiscal_year, interim, department, days, overdue, day, part)| {
                        MailKey::Milestone {
                            fiscal_year,
                            milestone: if interim {
                                Milestone::Interim
                            } else {
                                Milestone::YearEnd
                            },
                            department,
                            occasion: if overdue {
                                Occasion::Overdue(
                                    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()
                                        + chrono::Days::new(day as u64),
                                )
                            } else {
                                Occasion::Before(days)
                            },
                            part,
                        }
                    }
                ),
            (department, any::<u64>()).prop_map(|(department, problem)| MailKey::Unreadable {
                department,
                problem
            }),
            (2000i32..2100, 1u32..54)
                .prop_map(|(year, week)| MailKey::PlanningDigest { year, week }),
            (department, 2000i32..2100, 1u32..13, arb_part()).prop_map(
                |(department, year, month, part)| MailKey::DeadlineDigest {
                    department,
                    year,
                    month,
                    part,
                }
            ),
            (any::<u64>(), 0i64..4_000_000_000).prop_map(|(folder, secs)| MailKey::FolderOutage {
                folder,
                since: Utc.timestamp_opt(secs, 0).unwrap(),
            }),
        ]
    }

    proptest! {
        #[test]
        fn every_key_round_trips(key in arb_key()) {
            prop_assert_eq!(key.to_string().parse::<MailKey>(), Ok(key));
        }

        #[test]
        fn the_order_is_total_and_matches_equality(a in arb_key(), b in arb_key()) {
            prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
            prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        }
    }
}
