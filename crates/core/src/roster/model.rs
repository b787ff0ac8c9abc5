//! The roster as validated: one entry per row, each naming a 部 or 課, its
//! addresses and the days it applies; and what the roster makes of the
//! configured recipients on a given day. Pure.
//!
//! Roster rows override the `[[departments]]` / `[[divisions]]` sections of
//! the same name on every day: on a day when none of a name's rows applies,
//! the name has no recipient (a department closed at a reorganisation stays
//! closed). Names the roster does not mention keep their TOML sections.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::mail_address::{MailAddress, deserialize_bare, joined};
use crate::model::CellRef;
use crate::remind::config::{RecipientConfig, RemindConfig, normalize_name};
use crate::remind::recipients::Recipients;

/// One row of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    /// 名称: the name used in mails and keys.
    pub name: String,
    /// 別名: other spellings found in workbooks, and former names.
    pub aliases: Vec<String>,
    /// Bare addresses, as the roster's cells hold them.
    #[serde(deserialize_with = "deserialize_bare")]
    pub to: Vec<MailAddress>,
    #[serde(deserialize_with = "deserialize_bare")]
    pub cc: Vec<MailAddress>,
    /// 有効開始日 (inclusive); none: since always.
    pub valid_from: Option<NaiveDate>,
    /// 有効終了日 (inclusive); none: until further notice.
    pub valid_until: Option<NaiveDate>,
    /// 上位部局: the 部 of a 課, whose addresses it falls back to.
    pub parent: Option<String>,
    /// The row's 名称 cell.
    pub cell: CellRef,
}

impl RosterEntry {
    /// Whether the row applies on `date`.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date)
            && self.valid_until.is_none_or(|until| date <= until)
    }

    /// Whether the periods of two rows share a day.
    pub fn overlaps(&self, other: &RosterEntry) -> bool {
        let starts_before_other_ends = match (self.valid_from, other.valid_until) {
            (Some(from), Some(until)) => from <= until,
            _ => true,
        };
        let other_starts_before_end = match (other.valid_from, self.valid_until) {
            (Some(from), Some(until)) => from <= until,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }

    /// The name and every alias, normalised as workbook names are matched.
    pub fn spellings(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .map(|n| normalize_name(n))
            .filter(|n| !n.is_empty())
    }

    /// `2026-04-01 – 2027-03-31`, `– 2026-03-31`, `2026-04-01 –`, `always`.
    pub fn period(&self) -> String {
        match (self.valid_from, self.valid_until) {
            (None, None) => "always".to_string(),
            (from, until) => format!(
                "{} – {}",
                from.map(|d| d.to_string()).unwrap_or_default(),
                until.map(|d| d.to_string()).unwrap_or_default()
            )
            .trim()
            .to_string(),
        }
    }

    fn recipient(&self) -> RecipientConfig {
        RecipientConfig {
            name: self.name.clone(),
            aliases: self.aliases.clone(),
            to: self.to.clone(),
            cc: self.cc.clone(),
            parent: self.parent.clone(),
        }
    }
}

/// A validated roster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    /// The file it was read from.
    pub source: PathBuf,
    pub entries: Vec<RosterEntry>,
}

impl Roster {
    /// Whether one of the roster's rows carries `name` as its 名称.
    pub fn names(&self, name: &str) -> bool {
        let wanted = normalize_name(name);
        self.entries
            .iter()
            .any(|e| normalize_name(&e.name) == wanted)
    }

    /// The rows that apply on `date`, in roster order.
    pub fn on(&self, date: NaiveDate) -> impl Iterator<Item = &RosterEntry> {
        self.entries.iter().filter(move |e| e.in_force(date))
    }

    /// The first day after `date` on which a row starts or stops applying.
    pub fn next_switch(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.entries
            .iter()
            .flat_map(|e| {
                [
                    e.valid_from,
                    e.valid_until.and_then(|d| d.checked_add_days(Days::new(1))),
                ]
            })
            .flatten()
            .filter(|d| *d > date)
            .min()
    }

    /// The reminder configuration in force on `date`: the roster's rows of
    /// that day (a row with a 上位部局 is a division), then the TOML sections
    /// whose names the roster does not carry.
    pub fn recipients_on(&self, cfg: &RemindConfig, date: NaiveDate) -> RemindConfig {
        let mut out = cfg.clone();
        let (divisions, departments): (Vec<&RosterEntry>, Vec<&RosterEntry>) =
            self.on(date).partition(|e| e.parent.is_some());
        let kept = |sections: &[RecipientConfig]| -> Vec<RecipientConfig> {
            sections
                .iter()
                .filter(|s| !self.names(&s.name))
                .cloned()
                .collect()
        };
        out.departments = departments.iter().map(|e| e.recipient()).collect();
        out.departments.extend(kept(&cfg.departments));
        out.divisions = divisions.iter().map(|e| e.recipient()).collect();
        out.divisions.extend(kept(&cfg.divisions));
        out
    }
}

/// Who receives the mail for one name on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Addressee {
    pub name: String,
    /// `部局` or `担当課`.
    pub kind: &'static str,
    pub recipients: Recipients,
    /// The 上位部局 whose addresses are used, when the name has none of its own.
    pub via: Option<String>,
    /// Where the entry comes from: a roster cell (`名簿!A3`) or `TOML`.
    pub source: String,
}

impl Addressee {
    /// `To a@x, b@x; CC c@x` (`(no address)` when there is none).
    pub fn describe(&self) -> String {
        let Recipients { to, cc } = &self.recipients;
        let mut text = if to.is_empty() {
            "(no address)".to_string()
        } else {
            format!("To {}", joined(to, ", "))
        };
        if !cc.is_empty() {
            text.push_str(&format!("; CC {}", joined(cc, ", ")));
        }
        if let Some(via) = &self.via {
            text.push_str(&format!(" (via {via})"));
        }
        text
    }
}

/// Every name of `cfg` (as [`Roster::recipients_on`] made it) with the
/// addresses that reach it: a division without an address of its own uses
/// its 上位部局's.
pub fn addressees(cfg: &RemindConfig, roster: Option<&Roster>, date: NaiveDate) -> Vec<Addressee> {
    // The cell of each name's row in force, looked up once per name.
    let mut cells: HashMap<&str, String> = HashMap::new();
    for entry in roster.into_iter().flat_map(|r| r.on(date)) {
        cells
            .entry(entry.name.as_str())
            .or_insert_with(|| entry.cell.to_string());
    }
    let source = |name: &str| {
        cells
            .get(name)
            .cloned()
            .unwrap_or_else(|| "TOML".to_string())
    };
    let departments = cfg.departments.iter().map(|d| (d, "部局"));
    let divisions = cfg.divisions.iter().map(|d| (d, "担当課"));
    departments
        .chain(divisions)
        .map(|(r, kind)| {
            let resolved = cfg.addresses_of(r);
            Addressee {
                name: r.name.clone(),
                kind,
                recipients: resolved.recipients,
                via: resolved.via,
                source: source(&r.name),
            }
        })
        .collect()
}

/// What changes from one day to another: names that start, stop, or whose
/// addresses differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Switch {
    Starts(Addressee),
    Stops(Addressee),
    Changes { before: Addressee, after: Addressee },
}

/// The differences between two days' addressees, by name.
pub fn switches(before: &[Addressee], after: &[Addressee]) -> Vec<Switch> {
    let by_name = |list: &[Addressee]| -> BTreeMap<String, Addressee> {
        list.iter().map(|a| (a.name.clone(), a.clone())).collect()
    };
    let mut before = by_name(before);
    let mut out = Vec::new();
    for (name, a) in by_name(after) {
        match before.remove(&name) {
            None => out.push(Switch::Starts(a)),
            Some(b) if (&b.recipients, &b.via) != (&a.recipients, &a.via) => {
                out.push(Switch::Changes {
                    before: b,
                    after: a,
                })
            }
            Some(_) => {}
        }
    }
    out.extend(before.into_values().map(Switch::Stops));
    out
}
