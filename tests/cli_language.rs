//! The language the binary speaks to whoever runs it: Japanese under a
//! Japanese, `C.UTF-8` or unset locale, English under another, and
//! `ui.language` (or `MOKUHYO__UI__LANGUAGE`) over the locale; human log
//! times in the configured time zone, JSON logs in UTC.
//!
//! The locale tests set `LANG` and are for Unix only: on Windows the
//! locale crate reads the user's UI language, which no environment
//! variable changes; the `ui.language` tests run everywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::harness::Capture;
use crate::common::harness::text;

/// The binary with no language setting and no locale variable but those
/// given.
fn mokuhyo_in(lang: Option<&str>) -> Command {
    let mut command = crate::common::mokuhyo();
    command
        .env_remove("MOKUHYO__UI__LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env_remove("LANG");
    if let Some(lang) = lang {
        command.env("LANG", lang);
    }
    command
}

fn run(mut command: Command, args: &[&str]) -> Output {
    command.args(args).capture()
}

/// A configuration over an empty shared folder, with `extra` appended.
fn config(dir: &Path, extra: &str) -> PathBuf {
    let share = dir.join("share");
    std::fs::create_dir_all(&share).unwrap();
    crate::common::write_config(dir, &share, extra)
}

/// A configuration with a key of the wrong type and an unknown key.
fn bad_config(dir: &Path) -> PathBuf {
    let path = dir.join("bad.toml");
    std::fs::write(&path, "[watch]\ndebounce_ms = \"soon\"\nmod = \"poll\"\n").unwrap();
    path
}

fn assert_japanese_help(output: &Output) {
    let help = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for heading in ["使い方:", "コマンド:", "オプション:", "ヘルプを表示します"]
    {
        assert!(help.contains(heading), "{heading} missing:\n{help}");
    }
    assert!(help.contains("設定を確認します"), "{help}");
    assert!(
        !help.contains("Usage:") && !help.contains("Print help"),
        "{help}"
    );
}

fn assert_english_help(output: &Output) {
    let help = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for heading in ["Usage:", "Commands:", "Options:", "Print help"] {
        assert!(help.contains(heading), "{heading} missing:\n{help}");
    }
    assert!(help.contains("Inspect the configuration"), "{help}");
    assert!(!help.contains("使い方"), "{help}");
}

fn assert_japanese_status(output: &Output) {
    let status = text(&output.stdout);
    assert!(status.contains("常駐プロセス：停止中"), "{status}");
    assert!(status.contains("健全性：問題 1 件"), "{status}");
    assert!(!status.contains("daemon"), "{status}");
}

fn assert_english_status(output: &Output) {
    let status = text(&output.stdout);
    assert!(status.contains("daemon: not running"), "{status}");
    assert!(status.contains("health: 1 problem(s)"), "{status}");
}

fn assert_japanese_config_problems(output: &Output) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("設定に問題が 2 件あります"), "{stderr}");
    assert!(
        stderr.contains("watch.mod = \"poll\": 不明なキーです"),
        "{stderr}"
    );
    assert!(
        stderr.contains("watch.debounce_ms = \"soon\": 値の型が違います"),
        "{stderr}"
    );
}

fn assert_english_config_problems(output: &Output) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("2 problems in the configuration"),
        "{stderr}"
    );
    assert!(
        stderr.contains("watch.mod = \"poll\": unknown key"),
        "{stderr}"
    );
}

/// `mokuhyo --help`, `status` and `config check` of a bad file under `lang`.
#[cfg(unix)]
struct Said {
    help: Output,
    status: Output,
    config_problems: Output,
}

#[cfg(unix)]
fn said_under(lang: Option<&str>) -> Said {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "");
    let bad = bad_config(dir.path());
    Said {
        help: run(mokuhyo_in(lang), &["--help"]),
        status: run(
            mokuhyo_in(lang),
            &["--config", config.to_str().unwrap(), "status"],
        ),
        config_problems: run(
            mokuhyo_in(lang),
            &["--config", bad.to_str().unwrap(), "config", "check"],
        ),
    }
}

/// A Japanese desktop, a server's usual `C.UTF-8`, `POSIX`, and no locale.
#[cfg(unix)]
#[test]
fn japanese_c_posix_and_no_locale_get_japanese() {
    for lang in [Some("ja_JP.UTF-8"), Some("C.UTF-8"), Some("POSIX"), None] {
        let said = said_under(lang);
        assert_japanese_help(&said.help);
        assert_japanese_status(&said.status);
        assert_japanese_config_problems(&said.config_problems);
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path(), "");
        let config = config.to_str().unwrap();
        let roster = text(&run(mokuhyo_in(lang), &["--config", config, "roster", "check"]).stdout);
        assert!(roster.starts_with("送付先名簿：なし"), "{lang:?}: {roster}");
        let history = text(&run(mokuhyo_in(lang), &["--config", config, "history"]).stdout);
        assert!(
            history.starts_with("履歴はまだありません"),
            "{lang:?}: {history}"
        );
        let status_help = text(&run(mokuhyo_in(lang), &["status", "--help"]).stdout);
        for text in ["使い方:", "オプション:", "状態を JSON で出力します"] {
            assert!(status_help.contains(text), "{lang:?}: {status_help}");
        }
    }
}

#[cfg(unix)]
#[test]
fn another_locale_gets_english() {
    let said = said_under(Some("en_US.UTF-8"));
    assert_english_help(&said.help);
    assert_english_status(&said.status);
    assert_english_config_problems(&said.config_problems);
    // `status --check` keeps its machine word in every language.
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "");
    let check = run(
        mokuhyo_in(Some("en_US.UTF-8")),
        &["--config", config.to_str().unwrap(), "status", "--check"],
    );
    assert!(text(&check.stdout).starts_with("PROBLEM: daemon not running"));
}

/// `ui.language` decides over the locale (here the test machine's, whatever
/// it is, and on Unix a locale of the other language).
#[test]
fn ui_language_overrides_the_locale() {
    let dir = tempfile::tempdir().unwrap();
    let japanese = config(dir.path(), "[ui]\nlanguage = \"ja\"\n");
    let japanese = japanese.to_str().unwrap().to_string();
    let status = run(
        mokuhyo_in(Some("en_US.UTF-8")),
        &["--config", &japanese, "status"],
    );
    assert_japanese_status(&status);
    let check = run(
        mokuhyo_in(Some("en_US.UTF-8")),
        &["--config", &japanese, "status", "--check"],
    );
    assert!(
        text(&check.stdout).starts_with("PROBLEM: 常駐プロセスが動いていません"),
        "{}",
        text(&check.stdout)
    );

    let other = tempfile::tempdir().unwrap();
    let english = config(other.path(), "[ui]\nlanguage = \"en\"\n");
    let english = english.to_str().unwrap().to_string();
    assert_english_status(&run(
        mokuhyo_in(Some("ja_JP.UTF-8")),
        &["--config", &english, "status"],
    ));
}

/// A configuration that cannot be read names its problems in the language
/// the environment sets, on every platform.
#[test]
fn the_problems_of_a_bad_configuration_follow_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let bad = bad_config(dir.path());
    let bad = bad.to_str().unwrap();
    for (language, assert_said) in [
        ("ja", assert_japanese_config_problems as fn(&Output)),
        ("en", assert_english_config_problems),
    ] {
        let mut command = mokuhyo_in(None);
        command.env("MOKUHYO__UI__LANGUAGE", language);
        assert_said(&run(command, &["--config", bad, "config", "check"]));
    }
}

/// Help is printed before a configuration is read: the environment
/// variable decides it.
#[test]
fn the_environment_decides_the_language_of_help() {
    let mut english = mokuhyo_in(Some("ja_JP.UTF-8"));
    english.env("MOKUHYO__UI__LANGUAGE", "en");
    assert_english_help(&run(english, &["--help"]));
    let mut japanese = mokuhyo_in(Some("en_US.UTF-8"));
    japanese.env("MOKUHYO__UI__LANGUAGE", "ja");
    assert_japanese_help(&run(japanese, &["--help"]));
}

#[test]
fn an_unknown_language_is_a_configuration_problem() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "[ui]\nlanguage = \"fr\"\n");
    let output = run(
        mokuhyo_in(Some("en_US.UTF-8")),
        &["--config", config.to_str().unwrap(), "config", "check"],
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("ui.language = \"fr\""), "{stderr}");
    assert!(stderr.contains("auto") && stderr.contains("ja"), "{stderr}");
}

/// `2026-11-24 04:49:57+09:00  INFO …` in Asia/Tokyo, `…+00:00` in UTC;
/// the JSON log's timestamp in UTC (`…Z`) whatever the zone.
#[test]
fn log_times_are_in_the_configured_zone_and_json_in_utc() {
    let time_of = |log: &str| -> String {
        let line = log
            .lines()
            .find(|l| l.contains("INFO"))
            .unwrap_or_else(|| panic!("no INFO line:\n{log}"));
        line.split("  ").next().unwrap().to_string()
    };
    let offset_of = |time: &str| time[time.len() - 6..].to_string();
    let dir = tempfile::tempdir().unwrap();
    let tokyo = config(dir.path(), "");
    // Japanese set by the environment, which every platform honours (on
    // Windows no locale variable decides).
    let mut japanese = mokuhyo_in(None);
    japanese.env("MOKUHYO__UI__LANGUAGE", "ja");
    let log = text(
        &run(
            japanese,
            &["--config", tokyo.to_str().unwrap(), "consolidate"],
        )
        .stderr,
    );
    // The message in the language in force, the fields as they are.
    assert!(
        log.contains("INFO 共有フォルダを走査しています folder="),
        "{log}"
    );
    let time = time_of(&log);
    assert_eq!(offset_of(&time), "+09:00", "{log}");
    assert!(
        chrono::DateTime::parse_from_str(&time, "%Y-%m-%d %H:%M:%S%:z").is_ok(),
        "{time}"
    );

    let other = tempfile::tempdir().unwrap();
    let utc = config(other.path(), "[reminders]\ntimezone = \"UTC\"\n");
    let utc = utc.to_str().unwrap();
    let log = text(&run(mokuhyo_in(None), &["--config", utc, "consolidate"]).stderr);
    assert_eq!(offset_of(&time_of(&log)), "+00:00", "{log}");

    let json = text(
        &run(
            mokuhyo_in(None),
            &[
                "--config",
                tokyo.to_str().unwrap(),
                "--log-format",
                "json",
                "consolidate",
            ],
        )
        .stderr,
    );
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    let timestamp = first["timestamp"].as_str().unwrap();
    assert!(timestamp.ends_with('Z'), "{json}");
    assert!(
        chrono::DateTime::parse_from_rfc3339(timestamp).is_ok(),
        "{timestamp}"
    );
}
