//! Configuration: built-in defaults → TOML file (`--config` or
//! `MOKUHYO_CONFIG`, else the shipped `config/mokuhyo.toml`) → environment
//! variables `MOKUHYO__SECTION__KEY`.
//!
//! Unknown keys are refused and every problem is reported at once, each
//! naming the key and the value. Secrets never sit in the configuration: it
//! names the environment variable or file that holds them.

mod addresses;
mod collect;
mod legacy;
mod schedules;
mod settings;

pub(crate) use collect::deserialize_collecting;
use collect::{invalid_reason, syntax_message};
pub(crate) use schedules::{NamedSchedule, ScheduleKind};
pub use settings::{
    CalendarConfig, DictionaryConfig, FolderConfig, ParserError, Settings, StateConfig,
    WatchConfig, WatchMode,
};

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::i18n::t;

/// The shipped, commented example configuration; also the default file.
pub(crate) const SHIPPED_CONFIG: &str = include_str!("../config/mokuhyo.toml");

/// Environment variable naming the configuration file.
pub(crate) const CONFIG_PATH_ENV: &str = "MOKUHYO_CONFIG";

/// Prefix of the environment variables that override single keys.
pub(crate) const ENV_PREFIX: &str = "MOKUHYO";

/// One problem with the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Dotted key (`watch.debounce_ms`, `departments[2].to`).
    pub key: String,
    /// The offending value as written, when there is one.
    pub value: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{} = {}: {}", self.key, v, self.message),
            None => write!(f, "{}: {}", self.key, self.message),
        }
    }
}

/// Every problem found while loading, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors {
    pub origin: String,
    pub errors: Vec<ConfigError>,
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}",
            t!(
                "config-problems",
                count = self.errors.len(),
                origin = &self.origin
            )
        )?;
        for e in &self.errors {
            write!(f, "\n  - {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// A loaded configuration and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub settings: Settings,
    /// The file read, or `built-in config/mokuhyo.toml`.
    pub origin: String,
    /// The file read, if any (watched by the daemon for reloads).
    pub file: Option<PathBuf>,
    /// The environment variables that overrode keys.
    pub env_overrides: Vec<String>,
    /// Keys of earlier releases read as their replacement, each with the
    /// line to write instead.
    pub upgraded: Vec<String>,
    /// Whether the file (or the environment) names the shared folder
    /// (`folder.path`): a reload takes only a configuration that does, so
    /// that a file caught half-written never puts the built-in folder in
    /// force.
    pub names_folder: bool,
}

/// Which file to read: `--config`, else `MOKUHYO_CONFIG`, else the shipped one.
pub(crate) fn config_file(cli: Option<&Path>, env: &BTreeMap<String, String>) -> Option<PathBuf> {
    cli.map(Path::to_path_buf).or_else(|| {
        env.get(CONFIG_PATH_ENV)
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    })
}

/// Loads the configuration from `file` (or the shipped example when `None`)
/// and the environment `env` (passed in, so tests need not touch the process
/// environment).
pub fn load(
    file: Option<&Path>,
    env: &BTreeMap<String, String>,
) -> Result<LoadedConfig, ConfigErrors> {
    let (text, origin) = match file {
        Some(path) => match std::fs::read_to_string(path) {
            // A file saved in place (truncated, then written) can be read
            // while it is empty: that is no configuration.
            Ok(text) if text.trim().is_empty() => {
                return Err(ConfigErrors {
                    origin: path.display().to_string(),
                    errors: vec![ConfigError {
                        key: t!("config-whole-file"),
                        value: Some(path.display().to_string()),
                        message: t!("config-file-empty"),
                    }],
                });
            }
            Ok(text) => (text, path.display().to_string()),
            Err(err) => {
                return Err(ConfigErrors {
                    origin: path.display().to_string(),
                    errors: vec![ConfigError {
                        key: t!("config-whole-file"),
                        value: Some(path.display().to_string()),
                        message: t!(
                            "config-file-unreadable",
                            error = crate::logging::causes(&err)
                        ),
                    }],
                });
            }
        },
        None => (
            SHIPPED_CONFIG.to_string(),
            "built-in config/mokuhyo.toml".to_string(),
        ),
    };
    let mut loaded = load_str(&text, &origin, env)?;
    loaded.file = file.map(Path::to_path_buf);
    loaded.names_folder = file.is_none()
        || env.contains_key(&format!("{ENV_PREFIX}__FOLDER__PATH"))
        || toml::from_str::<toml::Table>(&text).is_ok_and(|table| {
            table
                .get("folder")
                .and_then(|folder| folder.get("path"))
                .is_some()
        });
    Ok(loaded)
}

/// Loads the configuration from TOML text and the environment.
pub(crate) fn load_str(
    text: &str,
    origin: &str,
    env: &BTreeMap<String, String>,
) -> Result<LoadedConfig, ConfigErrors> {
    let fail = |errors: Vec<ConfigError>| ConfigErrors {
        origin: origin.to_string(),
        errors,
    };
    let overrides: BTreeMap<String, String> = env
        .iter()
        .filter(|(k, _)| k.starts_with(&format!("{ENV_PREFIX}__")))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let built = ::config::Config::builder()
        .add_source(::config::File::from_str(text, ::config::FileFormat::Toml))
        .add_source(
            ::config::Environment::with_prefix(ENV_PREFIX)
                .prefix_separator("__")
                .separator("__")
                .try_parsing(true)
                .list_separator(",")
                .with_list_parse_key("folder.exclude")
                .source(Some(overrides.clone().into_iter().collect())),
        )
        .build()
        .map_err(|err| {
            fail(vec![ConfigError {
                key: t!("config-whole-file"),
                value: None,
                message: syntax_message(&err.to_string()),
            }])
        })?;
    let mut tree: Value = built.try_deserialize().map_err(|err| {
        fail(vec![ConfigError {
            key: t!("config-whole-file"),
            value: None,
            message: err.to_string(),
        }])
    })?;
    let upgraded = legacy::upgrade(&mut tree);
    let invalid_addresses = addresses::take_invalid_addresses(&mut tree);
    // Keys that fail to deserialize are left out, so that the values of
    // the rest are checked too: every problem is reported in one run.
    // A value an environment variable gives a text key is that text, even
    // when it reads as a number (`MOKUHYO__MAIL__CONTACT__EXTENSION=0123`).
    let env_texts: BTreeMap<String, String> = overrides
        .iter()
        .filter_map(|(key, value)| {
            let path = key.strip_prefix(&format!("{ENV_PREFIX}__"))?;
            Some((
                path.split("__")
                    .collect::<Vec<_>>()
                    .join(".")
                    .to_lowercase(),
                value.clone(),
            ))
        })
        .collect();
    let (settings, mut errors) = deserialize_collecting::<Settings>(tree, &env_texts);
    match &settings {
        Some(settings) => validate(settings, invalid_addresses, &mut errors),
        None => errors.extend(invalid_addresses),
    }
    let settings = match settings {
        Some(settings) if errors.is_empty() => settings,
        _ => return Err(fail(errors)),
    };
    Ok(LoadedConfig {
        settings,
        origin: origin.to_string(),
        file: None,
        env_overrides: overrides.into_keys().collect(),
        upgraded,
        names_folder: false,
    })
}

/// `invalid_addresses`: the problems [`addresses::take_invalid_addresses`]
/// found, reported in their place among the others.
fn validate(
    settings: &Settings,
    invalid_addresses: Vec<ConfigError>,
    errors: &mut Vec<ConfigError>,
) {
    let mut check = |ok: bool, key: &str, value: String, message: &str| {
        if !ok {
            errors.push(ConfigError {
                key: key.to_string(),
                value: Some(value),
                message: message.to_string(),
            });
        }
    };
    let w = &settings.watch;
    check(
        w.poll_interval_secs > 0,
        "watch.poll_interval_secs",
        w.poll_interval_secs.to_string(),
        &t!("config-at-least", min = 1),
    );
    check(
        w.debounce_ms <= 600_000,
        "watch.debounce_ms",
        w.debounce_ms.to_string(),
        &t!("config-debounce-too-long"),
    );
    check(
        !settings.folder.path.as_os_str().is_empty(),
        "folder.path",
        format!("{:?}", settings.folder.path.display().to_string()),
        &t!("config-folder-empty"),
    );
    errors.extend(invalid_addresses);
    for invalid in settings.reminders.validate() {
        errors.push(ConfigError {
            key: invalid.key,
            value: Some(invalid.value),
            message: invalid_reason(invalid.reason),
        });
    }
    if let Some(path) = &settings.mail.smtp.ca_file
        && let Err(message) = crate::mail::tls::CaFile::read(path)
    {
        errors.push(ConfigError {
            key: "mail.smtp.ca_file".to_string(),
            value: Some(format!("{:?}", path.display().to_string())),
            message: message.to_string(),
        });
    }
    if let Err(error) = settings.dictionary.load() {
        errors.push(ConfigError {
            key: "dictionary".to_string(),
            value: None,
            message: error.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The key and value of each problem, in order.
    fn keys_and_values(err: &ConfigErrors) -> Vec<(&str, Option<&str>)> {
        err.errors
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_deref()))
            .collect()
    }

    #[test]
    fn shipped_config_loads() {
        let loaded = load(None, &env(&[])).unwrap();
        assert_eq!(
            loaded.settings.folder.path,
            PathBuf::from("examples/shared-folder")
        );
    }

    #[test]
    fn env_overrides_file() {
        let loaded = load_str(
            "[watch]\ndebounce_ms = 100\n",
            "t",
            &env(&[
                ("MOKUHYO__WATCH__DEBOUNCE_MS", "250"),
                ("MOKUHYO__WATCH__MODE", "poll"),
                ("OTHER", "x"),
            ]),
        )
        .unwrap();
        assert_eq!(loaded.settings.watch.debounce_ms, 250);
        assert_eq!(loaded.settings.watch.mode, WatchMode::Poll);
        assert_eq!(loaded.env_overrides.len(), 2);
    }

    #[test]
    fn every_error_is_reported_with_key_and_value() {
        let text = "[folder]\nrecursiv = true\n[watch]\nmode = \"sometimes\"\ndebounce_ms = \"soon\"\n[nonsense]\nx = 1\n";
        let err = load_str(text, "bad.toml", &env(&[])).unwrap_err();
        let keys: Vec<&str> = err.errors.iter().map(|e| e.key.as_str()).collect();
        assert!(keys.contains(&"folder.recursiv"), "{err}");
        assert!(keys.contains(&"watch.mode"), "{err}");
        assert!(keys.contains(&"watch.debounce_ms"), "{err}");
        assert!(keys.contains(&"nonsense"), "{err}");
        let text = err.to_string();
        assert!(text.contains("\"sometimes\""), "{text}");
        assert!(text.contains("\"soon\""), "{text}");
    }

    #[test]
    fn a_bad_schedule_is_reported_with_key_and_value() {
        let err = load_str(
            "[reminders]\nsend_schedule = \"9:00\"\n[watch]\nrescan_schedule = \"0 61 * * * *\"\n",
            "t",
            &env(&[]),
        )
        .unwrap_err();
        let keys = keys_and_values(&err);
        assert_eq!(
            keys,
            [
                ("reminders.send_schedule", Some("\"9:00\"")),
                ("watch.rescan_schedule", Some("\"0 61 * * * *\"")),
            ]
        );
        assert!(err.errors[0].message.contains("cron expression"), "{err}");
    }

    #[test]
    fn schedules_come_from_the_environment_too() {
        let loaded = load_str(
            "",
            "t",
            &env(&[
                ("MOKUHYO__DIGEST__SCHEDULE", "0 0 8 * * Wed"),
                ("MOKUHYO__WATCH__RESCAN_SCHEDULE", ""),
            ]),
        )
        .unwrap();
        let keys: Vec<(&str, String)> = loaded
            .settings
            .schedules()
            .into_iter()
            .map(|s| (s.kind.key(), s.schedule.to_string()))
            .collect();
        assert_eq!(
            keys,
            [("reminders.send_schedule", "0 0 9 * * Mon-Fri".to_string())]
        );
        // The digest only runs with a planning address.
        let loaded = load_str(
            "[mail]\nplanning = [\"k@x.jp\"]\n",
            "t",
            &env(&[("MOKUHYO__DIGEST__SCHEDULE", "0 0 8 * * Wed")]),
        )
        .unwrap();
        assert_eq!(loaded.settings.digest.schedule.as_str(), "0 0 8 * * Wed");
        assert_eq!(loaded.settings.schedules().len(), 3);
    }

    #[test]
    fn keys_of_earlier_releases_are_read_and_reported() {
        let loaded = load_str(
            "[reminders]\nsend_time = \"08:15\"\n[watch]\nrescan_interval_secs = 0\n",
            "t",
            &env(&[]),
        )
        .unwrap();
        assert_eq!(
            loaded.settings.reminders.send_schedule.as_str(),
            "0 15 8 * * Mon-Fri"
        );
        assert_eq!(loaded.settings.watch.rescan_schedule, None);
        assert_eq!(loaded.upgraded.len(), 2, "{:?}", loaded.upgraded);
    }

    #[test]
    fn semantic_errors_are_reported() {
        let err = load_str("[watch]\npoll_interval_secs = 0\n", "t", &env(&[])).unwrap_err();
        assert_eq!(err.errors[0].key, "watch.poll_interval_secs");
        assert_eq!(err.errors[0].value.as_deref(), Some("0"));
    }

    #[test]
    fn problems_of_every_kind_are_reported_together() {
        let text = "[folder]\nrecursiv = true\n[watch]\nmod = \"poll\"\npoll_interval_secs = 0\n[mail]\nfrom_address = \"x\"\n[reminders]\ntimezone = \"Mars/Olympus\"\n[reminders.overrides.abc]\ninterim = \"2026-10-30\"\n";
        let err = load_str(text, "bad.toml", &env(&[])).unwrap_err();
        let keys: Vec<&str> = err.errors.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "folder.recursiv",
                "mail.from_address",
                "watch.mod",
                "watch.poll_interval_secs",
                "reminders.overrides.abc",
                "reminders.timezone",
            ],
            "{err}"
        );
        assert!(err.to_string().starts_with("設定に問題が 6 件"), "{err}");
        assert!(err.to_string().contains("\"Mars/Olympus\""), "{err}");
    }

    #[test]
    fn an_unreadable_dictionary_is_a_problem_with_its_key() {
        let err = load_str(
            "[dictionary]\nextend = [\"/nonexistent/words.toml\"]\n",
            "t",
            &env(&[]),
        )
        .unwrap_err();
        assert_eq!(err.errors[0].key, "dictionary");
        assert!(err.errors[0].message.contains("/nonexistent/words.toml"));
    }

    #[test]
    fn a_number_in_the_environment_for_a_text_key_is_that_text() {
        let loaded = load_str(
            "",
            "t",
            &env(&[
                ("MOKUHYO__MAIL__CONTACT__EXTENSION", "0123"),
                ("MOKUHYO__WATCH__DEBOUNCE_MS", "250"),
            ]),
        )
        .unwrap();
        assert_eq!(loaded.settings.mail.contact.extension, "0123");
        assert_eq!(loaded.settings.watch.debounce_ms, 250);
        // A text key given a number in the file is still refused.
        let err = load_str("[mail.contact]\nextension = 1234\n", "t", &env(&[])).unwrap_err();
        assert_eq!(err.errors[0].key, "mail.contact.extension");
    }

    #[test]
    fn misleading_defaults_are_warned_about_naming_the_key() {
        let defaults = load_str(SHIPPED_CONFIG, "t", &env(&[]))
            .unwrap()
            .settings
            .setup_warnings(&env(&[]));
        let keys = ["folder.display_path", "mail.reply_to", "[mail.contact]"];
        assert_eq!(defaults.len(), keys.len(), "{defaults:?}");
        for (warning, key) in defaults.iter().zip(keys) {
            assert!(warning.contains(key), "{warning}");
        }
        let smtp = "[folder]\npath = '\\\\fileserver\\目標管理'\n[mail]\ntransport = \"smtp\"\n\
                    reply_to = \"kikakuka@city.example.jp\"\n[mail.contact]\nsection = \"企画課\"\n\
                    [mail.smtp]\nusername = \"mokuhyo\"\npassword_env = \"P\"\n";
        let settings = load_str(smtp, "t", &env(&[])).unwrap().settings;
        let unset = settings.setup_warnings(&env(&[]));
        assert_eq!(unset.len(), 1, "{unset:?}");
        assert!(unset[0].contains("mail.smtp.password_env") && unset[0].contains('P'));
        assert!(settings.setup_warnings(&env(&[("P", "secret")])).is_empty());
    }

    #[test]
    fn a_password_in_clear_is_warned_about() {
        let smtp = "[mail]\ntransport = \"smtp\"\n[mail.smtp]\nusername = \"mokuhyo\"\npassword_env = \"P\"\n";
        let warned = |extra: &str| {
            load_str(&format!("{smtp}{extra}"), "t", &env(&[]))
                .unwrap()
                .settings
                .warnings()
        };
        assert_eq!(warned("").len(), 0, "starttls is the default");
        let inside = load_str(
            "[output]\ndir = \"out\"\n[state]\ndatabase = \"out/m.sqlite\"\n",
            "t",
            &env(&[]),
        )
        .unwrap()
        .settings
        .warnings();
        assert_eq!(inside.len(), 1, "{inside:?}");
        assert!(inside[0].contains("output.dir の中"), "{inside:?}");
        let warnings = warned("security = \"none\"\n");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("暗号化されず"), "{warnings:?}");
        assert!(!warnings[0].contains("password_env"), "{warnings:?}");
    }

    #[test]
    fn every_address_that_is_not_one_is_reported_with_its_key() {
        let text = "[mail]\nplanning = [\"kikaku@city.example.jp\", \"kikaku\"]\n\
                    [mail.contact]\nemail = \"企画課 <kikaku@city.example.jp>\"\n\
                    [[departments]]\nname = \"総務部\"\nto = [\"\"]\ncc = [\"a@b\", \"a b@c\"]\n";
        let err = load_str(text, "t", &env(&[("MOKUHYO__MAIL__FROM", "mokuhyo")])).unwrap_err();
        let keys = keys_and_values(&err);
        assert_eq!(
            keys,
            [
                ("mail.from", Some("\"mokuhyo\"")),
                ("mail.planning[1]", Some("\"kikaku\"")),
                ("departments[0].to[0]", Some("\"\"")),
                ("departments[0].cc[1]", Some("\"a b@c\"")),
                (
                    "mail.contact.email",
                    Some("\"企画課 <kikaku@city.example.jp>\"")
                ),
            ],
            "{err}"
        );
    }

    #[test]
    fn env_error_names_the_key() {
        let err = load_str("", "t", &env(&[("MOKUHYO__WATCH__DEBOUNCE_MS", "soon")])).unwrap_err();
        assert_eq!(err.errors[0].key, "watch.debounce_ms");
    }

    #[test]
    fn config_file_precedence() {
        let e = env(&[(CONFIG_PATH_ENV, "/etc/mokuhyo.toml")]);
        assert_eq!(
            config_file(Some(Path::new("a.toml")), &e),
            Some(PathBuf::from("a.toml"))
        );
        assert_eq!(
            config_file(None, &e),
            Some(PathBuf::from("/etc/mokuhyo.toml"))
        );
        assert_eq!(config_file(None, &env(&[])), None);
    }
}
