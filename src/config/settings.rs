//! The settings themselves: the sections of the configuration as types,
//! their defaults, and what the rest of the program asks of them (the
//! parser, the reminders' configuration, the roster's sources, the
//! schedules). Loading them, layer over layer, is `config.rs`'s.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::t;
use crate::io::consolidate::OutputOptions;
use crate::io::dictionary_file::{self, DictionaryFileError};
use crate::io::workbook::read::ReadLimits;
use mokuhyo_core::calendar::{ClosedDays, CronSchedule};
use mokuhyo_core::history::HistoryConfig;
use mokuhyo_core::interpret::{FieldDictionary, InterpretOptions};
use mokuhyo_core::remind::RemindConfig;
use mokuhyo_core::remind::config::{
    DigestConfig, MailConfig, RecipientConfig, RemindersConfig, SmtpSecurity, TransportKind,
};

/// The whole configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub folder: FolderConfig,
    pub limits: ReadLimits,
    pub parse: InterpretOptions,
    pub dictionary: DictionaryConfig,
    pub output: OutputOptions,
    pub calendar: CalendarConfig,
    pub watch: WatchConfig,
    pub state: StateConfig,
    pub history: HistoryConfig,
    pub reminders: RemindersConfig,
    pub departments: Vec<RecipientConfig>,
    pub divisions: Vec<RecipientConfig>,
    pub roster: mokuhyo_core::roster::RosterConfig,
    pub mail: MailConfig,
    pub digest: DigestConfig,
    pub status: crate::state::status::StatusConfig,
    pub ui: crate::i18n::UiConfig,
}

/// The field dictionary: header words of every field. The built-in one
/// (config/dictionary.toml) is used unless `file` replaces it; `extend`
/// files add words to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DictionaryConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    pub extend: Vec<PathBuf>,
}

impl DictionaryConfig {
    /// The built-in dictionary (or `file`) with the `extend` files' words
    /// added. Fails naming the file that cannot be read or parsed.
    pub fn load(&self) -> Result<FieldDictionary, DictionaryFileError> {
        let invalid = |path: &Path| {
            let path = path.to_path_buf();
            move |source| DictionaryFileError::Invalid { path, source }
        };
        let mut dictionary = match &self.file {
            Some(path) => FieldDictionary::from_toml_str(&dictionary_file::read(path)?)
                .map_err(invalid(path))?,
            None => FieldDictionary::default(),
        };
        for path in &self.extend {
            dictionary = dictionary
                .extended_with_toml(&dictionary_file::read(path)?)
                .map_err(invalid(path))?;
        }
        Ok(dictionary)
    }
}

/// Why the parser cannot be built from the settings: a dictionary file,
/// or the built-in grade scales.
#[derive(Debug, thiserror::Error)]
pub enum ParserError {
    #[error(transparent)]
    Dictionary(#[from] DictionaryFileError),
    #[error(transparent)]
    GradeScales(#[from] mokuhyo_core::template::SpecError),
}

/// Business days: national holidays are built in; the city's closed days are configured.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarConfig {
    pub closed_days: ClosedDays,
}

/// The shared folder of department workbooks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FolderConfig {
    /// The folder to read (a local disk, or an SMB/NFS mount).
    pub path: PathBuf,
    /// Also read sub-folders.
    pub recursive: bool,
    /// File-name patterns (`*` and `?`) never read, besides lock, temp and
    /// hidden files, which are always ignored.
    pub exclude: Vec<String>,
    /// The folder as staff PCs reach it (`\\fileserver\目標管理`), shown in
    /// mails, links and the consolidated workbook instead of `path`.
    pub display_path: Option<String>,
    /// Seconds a folder outage (the folder missing, unreadable, or emptied
    /// of every known workbook at once) lasts before the planning section
    /// is mailed about it (once per outage).
    pub outage_notice_after_secs: u64,
    /// Words that mark a file's or a sub-folder's name as a copy's
    /// (`コピー`, `backup`): of two files with the same items, the one not
    /// so named counts (`mokuhyo_core::consolidate::copies`).
    pub copy_marks: Vec<String>,
}

impl Default for FolderConfig {
    fn default() -> Self {
        FolderConfig {
            path: PathBuf::from("examples/shared-folder"),
            recursive: true,
            exclude: Vec::new(),
            display_path: None,
            outage_notice_after_secs: 30 * 60,
            copy_marks: mokuhyo_core::consolidate::copies::default_copy_marks(),
        }
    }
}

impl FolderConfig {
    /// The folder as read and as staff reach it.
    pub fn share_path(&self) -> mokuhyo_core::share_path::SharePath {
        mokuhyo_core::share_path::SharePath::new(&self.path, self.display_path.as_deref())
    }

    /// The copies among `files` of the folder (counted once, listed on
    /// 取込エラー).
    pub fn copies(
        &self,
        files: &[mokuhyo_core::consolidate::SourceFile],
    ) -> mokuhyo_core::consolidate::copies::Copies {
        mokuhyo_core::consolidate::copies::Copies::find(files, &self.path, &self.copy_marks)
    }
}

/// How the daemon notices changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchMode {
    /// Native notifications on local disks, polling on network shares.
    Auto,
    /// The operating system's notifications (inotify, ReadDirectoryChangesW, FSEvents).
    Native,
    /// Periodic polling: works on SMB/CIFS/NFS where notifications miss remote changes.
    Poll,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WatchConfig {
    pub mode: WatchMode,
    /// Polling interval in poll mode, seconds.
    pub poll_interval_secs: u64,
    /// Quiet time after the last change to a file before it is read, milliseconds.
    pub debounce_ms: u64,
    /// Full rescan of the folder as a safety net: a cron expression with
    /// seconds, in `reminders.timezone` (`""` = never).
    #[serde(with = "mokuhyo_core::calendar::cron::optional")]
    pub rescan_schedule: Option<CronSchedule>,
}

/// Every ten minutes.
pub(crate) const DEFAULT_RESCAN_SCHEDULE: &str = "0 */10 * * * *";

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            mode: WatchMode::Auto,
            poll_interval_secs: 10,
            debounce_ms: 2000,
            rescan_schedule: Some(CronSchedule::builtin(DEFAULT_RESCAN_SCHEDULE)),
        }
    }
}

/// Where mokuhyo keeps its own state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StateConfig {
    /// The SQLite file: what was sent, what the daemon is doing, the last
    /// good data of every workbook. Outside the output folder, so that
    /// deleting that folder does not lose the record of sent mail.
    pub database: PathBuf,
}

impl Default for StateConfig {
    fn default() -> Self {
        StateConfig {
            database: PathBuf::from("state/mokuhyo.sqlite"),
        }
    }
}

impl Settings {
    /// What reading the recipient roster takes from these settings.
    pub fn roster_sources(&self) -> crate::state::roster::RosterSources<'_> {
        crate::state::roster::RosterSources {
            path: self.roster.path.as_deref(),
            state_database: &self.state.database,
            limits: &self.limits,
            known_departments: self
                .departments
                .iter()
                .flat_map(|d| std::iter::once(&d.name).chain(&d.aliases))
                .cloned()
                .collect(),
            dictionary: self.dictionary.file.as_deref(),
            dictionary_extend: &self.dictionary.extend,
        }
    }

    /// The workbook parser these settings describe: limits, dictionary (its
    /// files read now), options, the configured department names. Fails
    /// naming the dictionary file that cannot be read or parsed.
    pub fn parser(&self) -> Result<crate::io::catalog::Parser, ParserError> {
        let dictionary = self.dictionary.load()?;
        let mut options = self.parse.clone();
        options.known_departments = self
            .departments
            .iter()
            .chain(&self.divisions)
            .map(|r| mokuhyo_core::interpret::KnownDepartment {
                name: r.name.clone(),
                aliases: r.aliases.clone(),
            })
            .collect();
        options.grade_scales = mokuhyo_core::template::GradeScales::builtin()?.achievement_scales();
        options.roots = vec![self.folder.path.clone()];
        Ok(crate::io::catalog::Parser::new(
            self.limits,
            dictionary,
            options,
        ))
    }

    /// A warning for each address whose user part (before the `@`) is not
    /// ASCII: only a server that takes SMTPUTF8 delivers it (a domain in
    /// Japanese goes in ASCII, IDNA, and needs nothing of the server), so
    /// it is named the day it is written, with its key.
    fn addresses_needing_smtputf8(&self) -> Vec<String> {
        let mut keyed: Vec<(String, &mokuhyo_core::mail_address::MailAddress)> =
            vec![("mail.from".into(), &self.mail.from)];
        keyed.extend(
            self.mail
                .reply_to
                .iter()
                .map(|a| ("mail.reply_to".into(), a)),
        );
        keyed.extend(
            self.mail
                .planning
                .iter()
                .enumerate()
                .map(|(i, a)| (format!("mail.planning[{i}]"), a)),
        );
        for (section, recipients) in [
            ("departments", &self.departments),
            ("divisions", &self.divisions),
        ] {
            for (i, r) in recipients.iter().enumerate() {
                for (field, addresses) in [("to", &r.to), ("cc", &r.cc)] {
                    keyed.extend(
                        addresses
                            .iter()
                            .enumerate()
                            .map(|(j, a)| (format!("{section}[{i}].{field}[{j}]"), a)),
                    );
                }
            }
        }
        keyed
            .into_iter()
            .filter(|(_, address)| !address.user().is_ascii())
            .map(|(key, address)| {
                t!(
                    "config-warn-smtputf8",
                    key = key,
                    address = format!("{:?}", address.as_written())
                )
            })
            .collect()
    }

    /// What is allowed but unwise, for `config check` and the log at start.
    pub fn warnings(&self) -> Vec<String> {
        let smtp = &self.mail.smtp;
        let mut warnings = Vec::new();
        if self.mail.transport == TransportKind::Smtp
            && smtp.security == SmtpSecurity::None
            && let Some(user) = &smtp.username
        {
            warnings.push(t!("config-warn-plain-password", user = format!("{user:?}")));
        }
        if let Ok(dictionary) = self.dictionary.load() {
            for clash in dictionary.clashes() {
                let fields: Vec<&str> = clash.fields.iter().map(|f| f.key()).collect();
                warnings.push(t!(
                    "config-warn-dictionary-clash",
                    word = format!("{:?}", clash.word),
                    fields = fields.join(", ")
                ));
            }
        }
        // (An output folder that is the working directory is not one anybody
        // deletes as a whole.)
        let state = crate::state::resolve(&self.state.database);
        let output = crate::state::resolve(&self.output.dir);
        let working = std::env::current_dir().map(|d| crate::state::resolve(&d));
        if state.starts_with(&output) && working.ok() != Some(output) {
            warnings.push(t!(
                "config-warn-state-in-output",
                path = format!("{:?}", self.state.database.display().to_string())
            ));
        }
        warnings.extend(self.addresses_needing_smtputf8());
        if let Some(path) = &smtp.ca_file
            && let Ok(file) = crate::mail::tls::CaFile::read(path)
        {
            for problem in file.validity_problems(crate::clock::now_utc()) {
                warnings.push(format!("mail.smtp.ca_file {}: {problem}", path.display()));
            }
        }
        warnings
    }

    /// What the configuration leaves at a default that misleads people on
    /// the first day, each naming the key to set (`config check` and the
    /// daemon's start): a folder given as this server's path with no
    /// `folder.display_path` (the mails and links would show a path no staff
    /// PC can open), no `mail.reply_to`, no `[mail.contact]`, SMTP with the
    /// password's environment variable unset. `env` is the process's
    /// environment.
    pub fn setup_warnings(&self, env: &BTreeMap<String, String>) -> Vec<String> {
        let mut warnings = Vec::new();
        let folder = self.folder.path.to_string_lossy();
        if self.folder.display_path.is_none() && !is_unc_path(&folder) {
            warnings.push(t!("config-warn-display-path", path = format!("{folder:?}")));
        }
        let mail = &self.mail;
        if mail.reply_to.is_none() {
            warnings.push(t!(
                "config-warn-reply-to",
                from = format!("{:?}", mail.from.to_string())
            ));
        }
        let contact = &mail.contact;
        if [
            &contact.section,
            &contact.person,
            &contact.extension,
            &contact.email,
        ]
        .iter()
        .all(|part| part.trim().is_empty())
        {
            warnings.push(t!("config-warn-contact", planning = &mail.planning_name));
        }
        let smtp = &mail.smtp;
        if mail.transport == TransportKind::Smtp
            && smtp.password_file.is_none()
            && let Some(variable) = &smtp.password_env
            && env.get(variable).is_none_or(|v| v.is_empty())
        {
            warnings.push(t!(
                "config-warn-password-unset",
                variable = variable,
                user = format!("{:?}", smtp.username.as_deref().unwrap_or(""))
            ));
        }
        warnings
    }

    /// The warning for the daemon's schedules when `reminders.timezone`
    /// has daylight saving (see [`next_offset_change`]), for `config check`
    /// and the daemon's log at start.
    pub fn daylight_saving_warning(&self, now: chrono::DateTime<chrono::Utc>) -> Option<String> {
        let (on, offset) = next_offset_change(self.reminders.tz(), now)?;
        Some(t!(
            "config-warn-daylight-saving",
            zone = format!("{:?}", self.reminders.timezone),
            on = on.to_string(),
            offset = offset.to_string()
        ))
    }

    /// The sections the reminders need.
    pub(crate) fn remind_config(&self) -> RemindConfig {
        RemindConfig {
            reminders: self.reminders.clone(),
            departments: self.departments.clone(),
            divisions: self.divisions.clone(),
            mail: self.mail.clone(),
            digest: self.digest.clone(),
            share: self.folder.share_path(),
            trust: self.parse.trust.clone(),
        }
    }

    /// The city hall's business days.
    pub fn business_calendar(&self) -> mokuhyo_core::calendar::BusinessCalendar {
        mokuhyo_core::calendar::BusinessCalendar::new(self.calendar.closed_days.clone())
    }

    /// The effective configuration as TOML, for `mokuhyo config check`.
    /// Secrets are never part of it: the configuration only names where they are.
    pub(crate) fn to_toml(&self) -> String {
        toml::to_string_pretty(self)
            .unwrap_or_else(|err| format!("# cannot render the configuration: {err}\n"))
    }
}

/// Whether `path` is a share as every PC of the network names it
/// (`\\fileserver\目標管理`, `//fileserver/目標管理`), not a path of this
/// machine.
fn is_unc_path(path: &str) -> bool {
    path.starts_with(r"\\") || path.starts_with("//")
}

/// The first day within a year after `now` on which the UTC offset of
/// `tz` changes (daylight saving begins or ends), local date, with the new
/// offset; None for a zone without (Asia/Tokyo). Looked at week by week
/// (no zone changes and changes back within a week), then to the hour.
///
/// The daemon's scheduler (tokio-cron-scheduler) fixes a zone's offset when
/// it creates a job: after such a change its wake-ups come an hour early or
/// late until the daemon restarts, so `config check` and the daemon's log
/// at start warn of it.
fn next_offset_change(
    tz: chrono_tz::Tz,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<(chrono::NaiveDate, chrono::FixedOffset)> {
    use chrono::{Offset, TimeZone};
    const WEEK: i64 = 7 * 24;
    let offset_in = |hours: i64| {
        let at = now + chrono::TimeDelta::hours(hours);
        tz.offset_from_utc_datetime(&at.naive_utc()).fix()
    };
    let first = offset_in(0);
    let (mut same, mut changed) = (1..=53)
        .map(|week| week * WEEK)
        .find(|&hours| offset_in(hours) != first)
        .map(|hours| (hours - WEEK, hours))?;
    while changed - same > 1 {
        let middle = (same + changed) / 2;
        if offset_in(middle) == first {
            same = middle;
        } else {
            changed = middle;
        }
    }
    let offset = offset_in(changed);
    let at = now + chrono::TimeDelta::hours(changed);
    Some((at.with_timezone(&offset).date_naive(), offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rstest::rstest]
    #[case("Asia/Tokyo", None)]
    #[case("UTC", None)]
    #[case("Europe/Berlin", Some(("2026-10-25", 1)))]
    #[case("America/New_York", Some(("2026-11-01", -5)))]
    #[case("Australia/Sydney", Some(("2026-10-04", 11)))]
    fn the_next_change_of_a_zone_offset_is_found(
        #[case] zone: &str,
        #[case] expected: Option<(&str, i32)>,
    ) {
        let now = chrono::DateTime::parse_from_rfc3339("2026-08-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let found = next_offset_change(zone.parse().unwrap(), now)
            .map(|(on, offset)| (on.to_string(), offset.local_minus_utc() / 3600));
        assert_eq!(
            found,
            expected.map(|(on, hours)| (on.to_string(), hours)),
            "{zone}"
        );
    }
}
