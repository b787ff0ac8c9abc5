//! Configuration of the reminder mails: the `[reminders]`, `[[departments]]`,
//! `[[divisions]]`, `[mail]` and `[digest]` sections of `config/mokuhyo.toml`
//! (see `config/mokuhyo.toml` for every key, commented).
//!
//! Every section has a `Default` that matches the documented defaults, and
//! rejects unknown keys so that a typo is an error rather than a silent
//! default. The SMTP password is never part of the configuration: only the
//! name of an environment variable or the path of a file that holds it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};

use crate::calendar::{CronSchedule, FiscalYear, MonthDay};
use crate::mail_address::MailAddress;
use crate::model::{ActionItem, ItemField, ReportState};
use crate::remind::recipients::Recipients;
use crate::share_path::SharePath;

/// Reminders go out at 09:00 on weekdays (business days only).
pub(crate) const DEFAULT_SEND_SCHEDULE: &str = "0 0 9 * * Mon-Fri";
/// The planning digest: Mondays at 09:00 (the next business day of the
/// week when Monday is a holiday).
pub(crate) const DEFAULT_DIGEST_SCHEDULE: &str = "0 0 9 * * Mon";
/// The monthly deadline digest: the 1st at 09:00 (the first business day
/// of the month).
pub(crate) const DEFAULT_MONTHLY_DIGEST_SCHEDULE: &str = "0 0 9 1 * *";

/// Everything the reminder engine reads from the configuration file. Reads
/// the whole `mokuhyo.toml`: sections that belong to other parts of the
/// program are ignored here (each section itself denies unknown keys).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RemindConfig {
    pub reminders: RemindersConfig,
    pub departments: Vec<RecipientConfig>,
    pub divisions: Vec<RecipientConfig>,
    pub mail: MailConfig,
    pub digest: DigestConfig,
    /// How staff reach the shared folder (`folder.display_path`).
    #[serde(skip)]
    pub share: SharePath,
    /// File-name patterns whose readings the planning section vouches for
    /// (`parse.trust`): their tables' mails are never held.
    #[serde(skip)]
    pub trust: Vec<String>,
}

/// `[reminders]`: the reporting dates and when to write about them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RemindersConfig {
    /// Whether reminder and overdue mails are planned at all.
    pub enabled: bool,
    /// Interim report (中間報告) due date in every fiscal year, as `MM/DD`
    /// (April–December in the fiscal year's start year, January–March in the next).
    #[serde(deserialize_with = "de_month_day", serialize_with = "ser_month_day")]
    pub interim_due: MonthDay,
    /// Year-end report (期末報告) due date, as `MM/DD` of the calendar year after
    /// the fiscal year starts (`04/20` for FY2026 is 2027-04-20).
    #[serde(deserialize_with = "de_month_day", serialize_with = "ser_month_day")]
    pub year_end_due: MonthDay,
    /// Exact dates for particular fiscal years, keyed by the start year (`"2026"`).
    pub overrides: BTreeMap<String, MilestoneOverride>,
    /// Days before the due date on which a reminder goes out.
    pub before_days: Vec<u32>,
    /// Days between overdue notices after the due date.
    pub overdue_every_days: u32,
    /// No overdue notice later than this many days after the due date (0 = no limit).
    pub overdue_stop_after_days: u32,
    /// When the day's reminder, overdue and unreadable-file mails go out: a
    /// cron expression with seconds, in `timezone`. Only business days
    /// count; a firing missed while the daemon was down is caught up.
    pub send_schedule: CronSchedule,
    /// IANA time zone of every schedule.
    pub timezone: String,
    /// Optional monthly digest of each department's upcoming deadlines.
    pub monthly_digest: MonthlyDigestConfig,
}

impl Default for RemindersConfig {
    fn default() -> Self {
        RemindersConfig {
            enabled: true,
            interim_due: MonthDay::new(10, 15).unwrap_or(MonthDay::of(NaiveDate::MIN)),
            year_end_due: MonthDay::new(4, 20).unwrap_or(MonthDay::of(NaiveDate::MIN)),
            overrides: BTreeMap::new(),
            before_days: vec![14, 7, 3, 1],
            overdue_every_days: 3,
            overdue_stop_after_days: 90,
            send_schedule: CronSchedule::builtin(DEFAULT_SEND_SCHEDULE),
            timezone: "Asia/Tokyo".to_string(),
            monthly_digest: MonthlyDigestConfig::default(),
        }
    }
}

/// A reporting milestone of the fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Milestone {
    /// 中間報告: checks `ActionItem::interim`.
    Interim,
    /// 期末報告: checks `ActionItem::year_end`.
    YearEnd,
}

impl Milestone {
    pub const ALL: [Milestone; 2] = [Milestone::Interim, Milestone::YearEnd];

    /// `interim`, `year_end`: the word used in ledger keys.
    pub fn key(self) -> &'static str {
        match self {
            Milestone::Interim => "interim",
            Milestone::YearEnd => "year_end",
        }
    }

    /// The name of the report column the milestone checks.
    pub fn label(self) -> &'static str {
        match self {
            Milestone::Interim => "中間報告",
            Milestone::YearEnd => "期末報告",
        }
    }

    /// The item field of the report this milestone asks for.
    pub fn field(self) -> ItemField {
        match self {
            Milestone::Interim => ItemField::Interim,
            Milestone::YearEnd => ItemField::YearEnd,
        }
    }

    /// The report of `item` this milestone asks for.
    pub fn state(self, item: &ActionItem) -> ReportState<'_> {
        item.report_state(self.field())
    }
}

impl RemindersConfig {
    /// The due date of `milestone` in `fy`: the override when there is one,
    /// else the month/day rule (`02/29` the last day of February, in a
    /// common year the 28th). `None` only for dates chrono cannot represent.
    pub(crate) fn due_date(&self, fy: FiscalYear, milestone: Milestone) -> Option<NaiveDate> {
        let exact =
            self.overrides
                .get(&fy.start_year().to_string())
                .and_then(|o| match milestone {
                    Milestone::Interim => o.interim,
                    Milestone::YearEnd => o.year_end,
                });
        if exact.is_some() {
            return exact;
        }
        match milestone {
            Milestone::Interim => {
                let md = self.interim_due;
                md.in_year(fy.year_of_month(md.month()))
            }
            Milestone::YearEnd => self.year_end_due.in_year(fy.start_year().checked_add(1)?),
        }
    }

    /// Checks what serde cannot: override keys are years, override dates lie
    /// in a sensible range, the time zone is known, the offsets are usable.
    /// Every problem is returned, none stops the others.
    pub fn validate(&self) -> Vec<InvalidValue> {
        let mut problems = Vec::new();
        let mut invalid = |key: String, value: String, reason: InvalidReason| {
            problems.push(InvalidValue { key, value, reason })
        };
        for (year, o) in &self.overrides {
            let key = format!("reminders.overrides.{year}");
            let Ok(fy) = year.parse::<i32>() else {
                invalid(key, format!("{year:?}"), InvalidReason::NotAFiscalYear);
                continue;
            };
            if let Some(d) = o.interim
                && !FiscalYear(fy).contains(d)
            {
                invalid(
                    format!("{key}.interim"),
                    d.to_string(),
                    InvalidReason::OutsideFiscalYear(fy),
                );
            }
            if let Some(d) = o.year_end
                && (d.year() < fy || d.year() > fy + 2)
            {
                invalid(
                    format!("{key}.year_end"),
                    d.to_string(),
                    InvalidReason::NotNearFiscalYear(fy),
                );
            }
        }
        if self.timezone.parse::<chrono_tz::Tz>().is_err() {
            invalid(
                "reminders.timezone".into(),
                format!("{:?}", self.timezone),
                InvalidReason::UnknownTimeZone,
            );
        }
        if self.overdue_every_days == 0 {
            invalid(
                "reminders.overdue_every_days".into(),
                "0".into(),
                InvalidReason::AtLeast(1),
            );
        }
        problems
    }

    /// The configured time zone (Asia/Tokyo when the name is unknown).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::Asia::Tokyo)
    }
}

/// A value that parses but cannot be used: its dotted key, the value as
/// written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValue {
    pub key: String,
    pub value: String,
    pub reason: InvalidReason,
}

/// Why a value of the reminders' sections cannot be used (the shell words
/// it in the user's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvalidReason {
    /// An override's key is not a year.
    NotAFiscalYear,
    /// An interim date outside the fiscal year of its key.
    OutsideFiscalYear(i32),
    /// A year-end date more than a year from the fiscal year of its key.
    NotNearFiscalYear(i32),
    /// A time zone the tz database does not know.
    UnknownTimeZone,
    /// A number below its minimum.
    AtLeast(u32),
}

/// `[reminders.overrides.YYYY]`: exact due dates for one fiscal year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MilestoneOverride {
    pub interim: Option<NaiveDate>,
    pub year_end: Option<NaiveDate>,
}

/// `[reminders.monthly_digest]`: each department's deadlines of the coming days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MonthlyDigestConfig {
    pub enabled: bool,
    /// When it goes out: the first day of each month the schedule fires,
    /// moved to the next business day of the same month, at that time.
    pub schedule: CronSchedule,
    /// Items whose deadline falls within this many days are listed.
    pub horizon_days: u32,
}

impl Default for MonthlyDigestConfig {
    fn default() -> Self {
        MonthlyDigestConfig {
            enabled: false,
            schedule: CronSchedule::builtin(DEFAULT_MONTHLY_DIGEST_SCHEDULE),
            horizon_days: 30,
        }
    }
}

/// `[[departments]]` and `[[divisions]]`: who receives the mail for a
/// department (部局) or a responsible division (担当課).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecipientConfig {
    /// The name used in keys and mails (`総務部`, `財政課`).
    pub name: String,
    /// Other spellings found in workbooks (`総務部総務課`).
    pub aliases: Vec<String>,
    pub to: Vec<MailAddress>,
    pub cc: Vec<MailAddress>,
    /// 上位部局: for a division, the department whose addresses it uses
    /// when it has none of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// The addresses that reach a recipient.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Addresses {
    pub recipients: Recipients,
    /// The department whose addresses are used, when the recipient has none.
    pub via: Option<String>,
}

impl RemindConfig {
    /// The addresses that reach `r`: its own, else (a division with a
    /// 上位部局) its department's, with the division's CC kept. Empty when
    /// neither has a To address.
    pub fn addresses_of(&self, r: &RecipientConfig) -> Addresses {
        let own = |to: &[MailAddress], cc: Vec<MailAddress>, via: Option<String>| Addresses {
            recipients: Recipients {
                to: to.to_vec(),
                cc,
            },
            via,
        };
        if !r.to.is_empty() {
            return own(&r.to, r.cc.clone(), None);
        }
        let parent = r
            .parent
            .as_deref()
            .and_then(|p| self.departments.iter().find(|d| d.matches(p)))
            .filter(|d| !d.to.is_empty());
        match parent {
            Some(dep) => {
                let mut cc = r.cc.clone();
                cc.extend(dep.cc.iter().filter(|a| !r.cc.contains(a)).cloned());
                own(&dep.to, cc, Some(dep.name.clone()))
            }
            None => own(&[], r.cc.clone(), None),
        }
    }
}

impl RecipientConfig {
    /// Whether `name` (as written in a workbook) denotes this recipient:
    /// equal to the name or an alias once spaces are removed.
    pub fn matches(&self, name: &str) -> bool {
        let wanted = normalize_name(name);
        !wanted.is_empty()
            && std::iter::once(&self.name)
                .chain(&self.aliases)
                .any(|n| normalize_name(n) == wanted)
    }
}

/// A name as names are compared: in NFC ([`crate::nfc`]), without white
/// space of any kind (full-width included).
pub fn normalize_name(name: &str) -> String {
    crate::nfc::nfc(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// `[mail]`: sender, the planning section, and how mail leaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    /// The sender, with a display name if wanted:
    /// `企画課（目標管理） <mokuhyo@city.example.jp>`.
    pub from: MailAddress,
    /// Where replies go (`企画課 <kikakuka@city.example.jp>`); none: to `from`.
    pub reply_to: Option<MailAddress>,
    /// Who departments ask, named at the foot of every mail.
    pub contact: ContactConfig,
    /// The planning section's name as shown in mails.
    pub planning_name: String,
    /// The planning section's addresses: CC of overdue notices, recipients
    /// of digests and of notices for unknown departments.
    pub planning: Vec<MailAddress>,
    pub transport: TransportKind,
    /// Folder of the `outbox` transport.
    pub outbox_dir: PathBuf,
    /// Folder of editable templates; built-in copies are used for missing files.
    pub templates_dir: PathBuf,
    pub smtp: SmtpConfig,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            from: MailAddress::known("mokuhyo", "localhost"),
            reply_to: None,
            contact: ContactConfig::default(),
            planning_name: "企画課".to_string(),
            planning: Vec::new(),
            transport: TransportKind::Outbox,
            outbox_dir: PathBuf::from("outbox"),
            templates_dir: PathBuf::from("templates/mail"),
            smtp: SmtpConfig::default(),
        }
    }
}

/// `[mail.contact]`: the person departments ask about the mails, shown at
/// their foot (empty parts are left out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContactConfig {
    /// `企画課 企画係`; empty: `mail.planning_name`.
    pub section: String,
    /// `山田`.
    pub person: String,
    /// `1234` (内線).
    pub extension: String,
    /// `kikakuka@city.example.jp`.
    pub email: String,
}

/// How mail leaves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransportKind {
    /// Each mail is written as an `.eml` file into `outbox_dir`.
    #[default]
    Outbox,
    Smtp,
}

/// `[mail.smtp]`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    /// Default: 587 for starttls, 465 for tls, 25 for none.
    pub port: Option<u16>,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    /// Name of the environment variable that holds the password.
    pub password_env: Option<String>,
    /// Path of a file whose first line is the password.
    pub password_file: Option<PathBuf>,
    /// PEM file of CA certificates trusted besides the system's store (the
    /// city's own CA that issued the relay's certificate).
    pub ca_file: Option<PathBuf>,
    /// Limit for one whole send (connect, TLS, auth, data).
    pub timeout_secs: u64,
    /// Further attempts after a transient failure, within one run.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff_secs: u64,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        SmtpConfig {
            host: "localhost".to_string(),
            port: None,
            security: SmtpSecurity::Starttls,
            username: None,
            password_env: None,
            password_file: None,
            ca_file: None,
            timeout_secs: 60,
            retries: 2,
            backoff_secs: 5,
        }
    }
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // No secret is stored here, but keep the shape explicit.
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password_env", &self.password_env)
            .field("password_file", &self.password_file)
            .field("ca_file", &self.ca_file)
            .field("timeout_secs", &self.timeout_secs)
            .field("retries", &self.retries)
            .field("backoff_secs", &self.backoff_secs)
            .finish()
    }
}

impl SmtpConfig {
    pub fn effective_port(&self) -> u16 {
        self.port.unwrap_or(match self.security {
            SmtpSecurity::Starttls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::None => 25,
        })
    }
}

/// Transport security of the SMTP connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    #[default]
    Starttls,
    /// Implicit TLS (SMTPS).
    Tls,
    /// Plain text: only for a relay on the same host or a trusted network.
    None,
}

/// `[digest]`: the weekly digest for the planning section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DigestConfig {
    pub enabled: bool,
    /// When it goes out: the first day of each week the schedule fires,
    /// moved to the next business day of the same week when it is a
    /// holiday, at that time.
    pub schedule: CronSchedule,
    /// Which consolidated workbooks the digest attaches (it links the page
    /// of the current fiscal year in any case).
    pub attach_consolidated: Attach,
}

impl Default for DigestConfig {
    fn default() -> Self {
        DigestConfig {
            enabled: true,
            schedule: CronSchedule::builtin(DEFAULT_DIGEST_SCHEDULE),
            attach_consolidated: Attach::CurrentYear,
        }
    }
}

/// `digest.attach_consolidated`: `"current_year"` (the default, also
/// `true`), `"none"` (also `false`) or `"all"` (every fiscal year's).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attach {
    None,
    #[default]
    CurrentYear,
    All,
}

impl<'de> Deserialize<'de> for Attach {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Words;
        impl serde::de::Visitor<'_> for Words {
            type Value = Attach;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("\"current_year\", \"none\", \"all\", true or false")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Attach, E> {
                Ok(if v { Attach::CurrentYear } else { Attach::None })
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Attach, E> {
                match v {
                    "current_year" | "true" => Ok(Attach::CurrentYear),
                    "none" | "false" => Ok(Attach::None),
                    "all" => Ok(Attach::All),
                    other => Err(E::invalid_value(serde::de::Unexpected::Str(other), &self)),
                }
            }
        }
        deserializer.deserialize_any(Words)
    }
}

fn ser_month_day<S: serde::Serializer>(day: &MonthDay, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&day.to_string())
}

/// A text that is not `MM/DD`, or a day no month has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a month/day (MM/DD): {text:?}")]
pub struct MonthDayError {
    /// The text as written.
    pub text: String,
}

/// Parses `MM/DD` (`10/15`, `4/1`; `02/29` is allowed).
pub(crate) fn parse_month_day(s: &str) -> Result<MonthDay, MonthDayError> {
    let bad = || MonthDayError {
        text: s.to_string(),
    };
    let (m, d) = s.trim().split_once('/').ok_or_else(bad)?;
    let month: u32 = m.trim().parse().map_err(|_| bad())?;
    let day: u32 = d.trim().parse().map_err(|_| bad())?;
    MonthDay::new(month, day).ok_or_else(bad)
}

fn de_month_day<'de, D: Deserializer<'de>>(d: D) -> Result<MonthDay, D::Error> {
    parse_month_day(&String::deserialize(d)?).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[rstest]
    #[case("true", Some(Attach::CurrentYear))]
    #[case("false", Some(Attach::None))]
    #[case("\"current_year\"", Some(Attach::CurrentYear))]
    #[case("\"all\"", Some(Attach::All))]
    #[case("\"none\"", Some(Attach::None))]
    #[case("\"every\"", None)]
    fn the_digest_attaches_as_set(#[case] value: &str, #[case] attach: Option<Attach>) {
        let parsed = toml::from_str::<DigestConfig>(&format!("attach_consolidated = {value}"));
        assert_eq!(parsed.ok().map(|d| d.attach_consolidated), attach);
        assert_eq!(
            DigestConfig::default().attach_consolidated,
            Attach::CurrentYear
        );
    }

    #[test]
    fn example_snippet_parses_and_matches_defaults_where_documented() {
        let text = include_str!("../../../../config/mokuhyo.toml");
        let cfg: RemindConfig = toml::from_str(text).unwrap();
        assert_eq!(cfg.reminders.validate(), []);
        assert_eq!(cfg.reminders.before_days, vec![14, 7, 3, 1]);
        assert_eq!(cfg.reminders.overdue_every_days, 3);
        assert_eq!(cfg.reminders.send_schedule.as_str(), DEFAULT_SEND_SCHEDULE);
        assert_eq!(
            cfg.reminders.due_date(FiscalYear(2026), Milestone::Interim),
            Some(d(2026, 10, 30))
        );
        assert_eq!(cfg.digest.schedule.as_str(), DEFAULT_DIGEST_SCHEDULE);
        assert!(
            cfg.departments
                .iter()
                .any(|dep| dep.matches("総務部総務課"))
        );
        assert_eq!(cfg.mail.transport, TransportKind::Outbox);
    }

    #[test]
    fn the_builtin_schedules_parse() {
        for text in [
            DEFAULT_SEND_SCHEDULE,
            DEFAULT_DIGEST_SCHEDULE,
            DEFAULT_MONTHLY_DIGEST_SCHEDULE,
        ] {
            assert!(CronSchedule::parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn empty_config_is_the_default() {
        let cfg: RemindConfig = toml::from_str("").unwrap();
        assert_eq!(cfg, RemindConfig::default());
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = toml::from_str::<RemindConfig>("[reminders]\nbefore_day = [1]\n");
        assert!(err.is_err());
        let err = toml::from_str::<RemindConfig>("[mail.smtp]\npassword = \"x\"\n");
        assert!(err.is_err(), "a password key must not be accepted");
    }

    #[rstest]
    #[case(2026, Milestone::Interim, d(2026, 10, 15))]
    #[case(2026, Milestone::YearEnd, d(2027, 4, 20))]
    #[case(2019, Milestone::Interim, d(2019, 10, 15))]
    fn default_due_dates(#[case] fy: i32, #[case] m: Milestone, #[case] due: NaiveDate) {
        assert_eq!(
            RemindersConfig::default().due_date(FiscalYear(fy), m),
            Some(due)
        );
    }

    /// `02/29` is the last day of February: the 29th in a leap year, the
    /// 28th in another, never a year without a due date.
    #[rstest]
    #[case(2026, d(2027, 2, 28))]
    #[case(2027, d(2028, 2, 29))]
    #[case(2099, d(2100, 2, 28))]
    fn the_29th_of_february_is_the_last_day_of_february(#[case] fy: i32, #[case] due: NaiveDate) {
        let cfg: RemindConfig =
            toml::from_str("[reminders]\ninterim_due = \"02/29\"\nyear_end_due = \"02/29\"\n")
                .unwrap();
        let r = &cfg.reminders;
        assert_eq!(r.due_date(FiscalYear(fy), Milestone::YearEnd), Some(due));
        assert_eq!(r.due_date(FiscalYear(fy), Milestone::Interim), Some(due));
    }

    #[test]
    fn override_wins_for_its_year_only() {
        let cfg: RemindConfig = toml::from_str(
            "[reminders.overrides.2026]\ninterim = \"2026-10-30\"\nyear_end = \"2027-04-30\"\n",
        )
        .unwrap();
        let r = &cfg.reminders;
        assert_eq!(
            r.due_date(FiscalYear(2026), Milestone::Interim),
            Some(d(2026, 10, 30))
        );
        assert_eq!(
            r.due_date(FiscalYear(2026), Milestone::YearEnd),
            Some(d(2027, 4, 30))
        );
        assert_eq!(
            r.due_date(FiscalYear(2027), Milestone::Interim),
            Some(d(2027, 10, 15))
        );
        assert_eq!(r.validate(), []);
    }

    #[rstest]
    #[case("[reminders.overrides.abc]\ninterim = \"2026-10-30\"\n")]
    #[case("[reminders.overrides.2026]\ninterim = \"2027-10-30\"\n")]
    #[case("[reminders]\ntimezone = \"Mars/Olympus\"\n")]
    #[case("[reminders]\noverdue_every_days = 0\n")]
    fn invalid_values_fail_validation(#[case] text: &str) {
        let cfg: RemindConfig = toml::from_str(text).unwrap();
        assert_eq!(cfg.reminders.validate().len(), 1);
    }

    #[rstest]
    #[case("10/15", Some((10, 15)))]
    #[case("4/1", Some((4, 1)))]
    #[case("02/29", Some((2, 29)))]
    #[case("13/01", None)]
    #[case("10-15", None)]
    fn month_day(#[case] text: &str, #[case] want: Option<(u32, u32)>) {
        let got = parse_month_day(text).ok().map(|m| (m.month(), m.day()));
        assert_eq!(got, want);
    }

    #[test]
    fn names_match_ignoring_spaces() {
        let dep = RecipientConfig {
            name: "総務部".into(),
            aliases: vec!["総務部総務課".into()],
            ..Default::default()
        };
        assert!(dep.matches("総務部"));
        assert!(dep.matches("総務部　総務課"));
        assert!(!dep.matches("企画部"));
        assert!(!dep.matches(""));
    }
}
