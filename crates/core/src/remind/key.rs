//! A mail's identity in the ledger: the ledger never sends a key twice.
//! Written as text in the state file (`2026/interim/建設部/before-7`) and
//! read back by [`MailKey::from_str`]; ordered so that within a series (a
//! milestone's reminders and overdue notices, the weeks of the planning
//! digest, the months of a deadline digest) a later mail compares greater.

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
    },
    /// The shared folder out of reach since an instant:
    /// `outage/folder/<hash of the folder>-20261122T080000Z`.
    FolderOutage { folder: u64, since: DateTime<Utc> },
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
    /// Where the mail stands in its series; `None` for mails in none (a
    /// file's problem, an outage).
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
            } => write!(
                f,
                "{fiscal_year}/{}/{department}/{occasion}",
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
            } => write!(f, "deadlines/{department}/{year}-{month:02}"),
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
        let (department, month) = rest.rsplit_once('/')?;
        let (year, month) = month.split_once('-')?;
        return Some(MailKey::DeadlineDigest {
            department: department.to_string(),
            year: year.parse().ok()?,
            month: two_digits(month)?,
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
    let (fiscal_year, rest) = text.split_once('/')?;
    let (milestone, rest) = rest.split_once('/')?;
    let (department, occasion) = rest.rsplit_once('/')?;
    Some(MailKey::Milestone {
        fiscal_year: digits(fiscal_year)?,
        milestone: Milestone::ALL.into_iter().find(|m| m.key() == milestone)?,
        department: department.to_string(),
        occasion: parse_occasion(occasion)?,
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

    fn arb_key() -> impl Strategy<Value = MailKey> {
        let department = "[a-z総務部/]{1,8}";
        prop_oneof![
            (
                2000i32..2100,
                any::<bool>(),
                department,
                0u32..400,
                any::<bool>(),
                0i64..20000
            )
                .prop_map(|(fiscal_year, interim, department, days, overdue, day)| {
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
                    }
                }),
            (department, any::<u64>()).prop_map(|(department, problem)| MailKey::Unreadable {
                department,
                problem
            }),
            (2000i32..2100, 1u32..54)
                .prop_map(|(year, week)| MailKey::PlanningDigest { year, week }),
            (department, 2000i32..2100, 1u32..13).prop_map(|(department, year, month)| {
                MailKey::DeadlineDigest {
                    department,
                    year,
                    month,
                }
            }),
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
