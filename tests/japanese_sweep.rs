//! Japanese mode, swept: every command of the binary run through its
//! ordinary and its failing paths with `MOKUHYO__UI__LANGUAGE=ja` — help,
//! a usage mistake, configurations that cannot be read, the sample folder
//! with a corrupt and an encrypted workbook, a mail server that does not
//! answer, the daemon started and stopped — and everything printed, log
//! lines included, holds no English phrase. Paths, addresses, keys,
//! `key=value` log fields, TOML lines and a few proper nouns are not
//! phrases. Then `config check` on the shipped defaults prints exactly the
//! warnings a first day needs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::harness::{
    Capture, Daemon, run_with, sample_folder, text, wait_until, wait_until_explained,
};
use crate::common::{fixture, mokuhyo, write_config};

/// Words that are names, not English: the product, protocols, formats,
/// log levels, the log format's values and the layouts' names.
const PROPER: &[&str] = &[
    "mokuhyo",
    "smtp",
    "tls",
    "starttls",
    "json",
    "csv",
    "toml",
    "xlsx",
    "excel",
    "pem",
    "ok",
    "problem",
    "jst",
    "utc",
    "pid",
    "debug",
    "trace",
    "info",
    "warn",
    "error",
    "human",
    "ueda",
    "ogori",
    "cron",
    "reply",
    "to",
    "cc",
    "ca",
    "id",
    "os",
    "ja",
    "en",
    "windows",
    "linux",
    "systemd",
    "zip",
    "deb",
    "posix",
    "utf",
    "shift",
    "jis",
    "wal",
    "shm",
    "sqlite",
    "mon",
    "fri",
    "eml",
    "outbox",
    "none",
    "dry",
    "run",
    "help",
    "wine",
    "stop",
    "check",
    "propose",
    "config",
    "status",
    "remind",
    "consolidate",
    "template",
    "history",
    "roster",
    "mail",
    "test",
    "deadline",
    "init",
];

/// English words that tell of a sentence even alone between Japanese words
/// (`4 empty 中間報告 cell(s)`).
const TELLING: &[&str] = &[
    "the",
    "is",
    "are",
    "not",
    "no",
    "of",
    "for",
    "with",
    "within",
    "empty",
    "cell",
    "cells",
    "file",
    "files",
    "item",
    "items",
    "day",
    "days",
    "before",
    "after",
    "missing",
    "expected",
    "invalid",
    "unknown",
    "cannot",
    "could",
    "did",
    "does",
    "answer",
    "set",
    "value",
    "values",
    "string",
    "line",
    "lines",
    "event",
    "possible",
    "default",
    "usage",
    "options",
    "commands",
    "arguments",
    "print",
    "unrecognized",
    "unexpected",
    "argument",
    "found",
    "lock",
    "title",
    "reminder",
    "reason",
    "why",
    "failed",
    "failure",
    "sent",
    "send",
    "waiting",
    "running",
    "daemon",
    "scan",
    "last",
    "next",
    "unaddressed",
    "planning",
    "section",
    "their",
    "goes",
    "encrypted",
    "protected",
    "password",
    "workbook",
    "sheet",
    "read",
    "written",
    "month",
    "escaped",
    "type",
    "at",
];

/// A token that is a path, an address, a key, an option, a field or a
/// number: never a word of a sentence.
fn is_identifier(token: &str) -> bool {
    token
        .chars()
        .any(|c| c.is_ascii_digit() || "/\\._=@$<>[]{}`#*~|+-%&".contains(c))
}

/// The English phrases of one line: runs of ASCII words between anything
/// else, each either two words or more with a lowercase word of three
/// letters, or a single telling word.
fn english_phrases(line: &str) -> Vec<String> {
    let trimmed = line.trim_start();
    // A TOML line of `config check` or `check --propose`: keys and values.
    if trimmed.starts_with('[')
        || trimmed.starts_with('#')
        || trimmed.starts_with('"') && trimmed.contains("\" = ")
        || trimmed.split_once(" = ").is_some_and(|(key, _)| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.\"-".contains(c))
        })
    {
        return Vec::new();
    }
    // What is quoted is a value as someone wrote it, not a sentence.
    let line: String = line
        .split('"')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join(" ");
    let mut phrases = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let close = |run: &mut Vec<String>, phrases: &mut Vec<String>| {
        let words: Vec<&String> = run
            .iter()
            .filter(|w| !PROPER.contains(&w.to_lowercase().as_str()))
            .collect();
        let long_lower = words
            .iter()
            .any(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase()));
        // As written: `LINE` is a name, `line` a word.
        let telling = words.iter().any(|w| TELLING.contains(&w.as_str()));
        if (words.len() >= 2 && long_lower) || telling {
            phrases.push(run.join(" "));
        }
        run.clear();
    };
    for token in line.split(|c: char| c.is_whitespace() || !c.is_ascii()) {
        if token.is_empty() {
            continue;
        }
        if is_identifier(token) {
            close(&mut run, &mut phrases);
            continue;
        }
        // Punctuation ends a phrase only where a sentence would: keep
        // `cell(s)` and `it's` as words, strip `(`, `)`, `,`, `:`, `"`.
        let word: String = token
            .trim_matches(|c: char| "()[],;:\"'!?".contains(c))
            .replace("(s)", "");
        if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphabetic() || c == '\'') {
            close(&mut run, &mut phrases);
            continue;
        }
        run.push(word);
    }
    close(&mut run, &mut phrases);
    phrases
}

/// Every English phrase of what a command printed, with its line.
pub(crate) fn english_in(what: &str, printed: &str) -> Vec<String> {
    printed
        .lines()
        .flat_map(|line| {
            english_phrases(line)
                .into_iter()
                .map(move |phrase| format!("{what}: {phrase:?} in {line:?}"))
        })
        .collect()
}

fn japanese() -> Command {
    let mut command = mokuhyo();
    command.env("MOKUHYO__UI__LANGUAGE", "ja");
    command
}

/// Runs `args` with `config` in Japanese mode; returns what it printed on
/// both outputs.
fn said(config: &Path, args: &[&str]) -> (Output, String) {
    let out = run_with(japanese(), config, args);
    let printed = format!("{}\n{}", text(&out.stdout), text(&out.stderr));
    (out, printed)
}

/// Runs `args` without a configuration file (help, usage mistakes).
fn said_bare(args: &[&str]) -> String {
    let out = japanese().args(args).capture();
    format!("{}\n{}", text(&out.stdout), text(&out.stderr))
}

#[test]
fn the_detector_finds_the_english_it_is_meant_to_find() {
    for english in [
        "Possible values:",
        "- human: One line per event, for people",
        "期待される型：a string",
        "not a month/day (MM/DD)",
        "理由：建設部: 4 empty 中間報告 cell(s) … reminder 1 day(s) before",
        "環境変数が設定されていません: environment variable MOKUHYO_SMTP_PASSWORD is not set",
        "did not answer within 5s",
        "workbook is password-protected (encrypted)",
        "title at 重点目標管理シート1!B3",
        "error: unrecognized subcommand 'digest'",
    ] {
        assert!(!english_phrases(english).is_empty(), "not found: {english}");
    }
    for japanese in [
        "書き出しました：/tmp/x/out/全庁目標一覧_令和8年度.xlsx",
        "2026-11-25 19:40:22+09:00  INFO フォルダを読み終えました workbooks=7 errors=0",
        "宛先（To）：kikaku@city.example.jp",
        "mail.transport = \"smtp\" で mail.smtp.username = mokuhyo ですが",
        "transport = \"outbox\"",
        "OK: 常駐プロセス稼働中（pid 4242）",
        "ログを詳しくします（-v：debug、-vv：trace）",
        "標準エラー出力のログ形式（値：human、json。既定：human）",
        "mokuhyo（目標）：各部局の目標管理ブックを置く共有フォルダを監視し",
        "[[parse.layouts]]",
    ] {
        assert_eq!(
            english_phrases(japanese),
            Vec::<String>::new(),
            "{japanese}"
        );
    }
}

/// The sample folder with a truncated and an encrypted workbook beside
/// its seven, mail to an outbox, every department addressed.
fn folder_with_faults() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, share) = sample_folder();
    let sample = share.join("令和8年度重点目標管理シート_総務部.xlsx");
    let bytes = std::fs::read(&sample).unwrap();
    std::fs::write(
        share.join("令和8年度重点目標管理シート_税務課.xlsx"),
        &bytes[..bytes.len() / 2],
    )
    .unwrap();
    std::fs::copy(
        fixture("peer/pass_protected.xlsx"),
        share.join("令和8年度重点目標管理シート_会計課.xlsx"),
    )
    .unwrap();
    let config = write_config(
        dir.path(),
        &share,
        "planning = [\"kikakuka@city.example.jp\"]\n[[departments]]\nname = \"建設部\"\nto = [\"kensetsu@city.example.jp\"]\n[[departments]]\nname = \"市民生活部\"\nto = [\"shimin@city.example.jp\"]\n",
    );
    (dir, share, config)
}

fn commands(config: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut sweep = |args: &[&str]| {
        let (_, printed) = said(config, args);
        found.extend(english_in(&args.join(" "), &printed));
    };
    sweep(&["deadline", "-y", "2026", "9月末まで"]);
    sweep(&["deadline", "-y", "2026", "随時"]);
    sweep(&["config", "check"]);
    sweep(&["check"]);
    sweep(&["check", "--propose"]);
    sweep(&["consolidate", "--today", "2026-11-09"]);
    sweep(&["remind", "--dry-run", "--today", "2026-11-09"]);
    sweep(&["remind", "--today", "2026-11-09"]);
    sweep(&["status"]);
    sweep(&["status", "--check"]);
    sweep(&["history"]);
    sweep(&["roster", "check"]);
    sweep(&["mail", "test", "--to", "kikakuka@city.example.jp"]);
    sweep(&["stop"]);
    found
}

#[test]
fn every_command_in_japanese_mode_speaks_japanese() {
    let mut found = Vec::new();
    // Help of every command, and a mistyped command line.
    let help = said_bare(&["--help"]);
    found.extend(english_in("--help", &help));
    for command in [
        "deadline",
        "check",
        "run",
        "stop",
        "remind",
        "status",
        "history",
        "consolidate",
        "template",
        "config",
        "roster",
        "mail",
    ] {
        found.extend(english_in(
            &format!("{command} --help"),
            &said_bare(&[command, "--help"]),
        ));
    }
    for sub in [
        ["config", "check"],
        ["roster", "init"],
        ["roster", "check"],
        ["mail", "test"],
    ] {
        let args = [sub[0], sub[1], "--help"];
        found.extend(english_in(&args.join(" "), &said_bare(&args)));
    }

    // The sample folder with two faults: every command's ordinary path.
    let (dir, share, config) = folder_with_faults();
    found.extend(commands(&config));
    let (_, printed) = said(
        &config,
        &[
            "template",
            "-y",
            "2027",
            "--from",
            &share.display().to_string(),
            "--all",
            "--out-dir",
            &dir.path().join("next").display().to_string(),
        ],
    );
    found.extend(english_in("template", &printed));
    let roster = dir.path().join("宛先名簿.csv");
    let (_, printed) = said(&config, &["roster", "init", &roster.display().to_string()]);
    found.extend(english_in("roster init", &printed));

    // A mail server that does not answer and a password never set.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let smtp = dir.path().join("smtp.toml");
    let with_smtp = std::fs::read_to_string(&config)
        .unwrap()
        .replace("[mail]\n", "[mail]\ntransport = \"smtp\"\n");
    std::fs::write(
        &smtp,
        format!("{with_smtp}[mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nusername = \"mokuhyo\"\npassword_env = \"MOKUHYO_SWEEP_UNSET\"\ntimeout_secs = 2\nretries = 0\nbackoff_secs = 0\n"),
    )
    .unwrap();
    for args in [
        &["config", "check"][..],
        &["mail", "test", "--to", "kikakuka@city.example.jp"],
        &["remind", "--today", "2026-11-10"],
    ] {
        let (_, printed) = said(&smtp, args);
        found.extend(english_in(&format!("smtp: {}", args.join(" ")), &printed));
    }

    // Configurations that cannot be read.
    for (name, extra) in [
        ("type", "[watch]\ndebounce_ms = \"soon\"\n"),
        ("month-day", "[reminders]\ninterim_due = \"13/45\"\n"),
        ("syntax", "[watch\nmode = \n"),
        (
            "windows-path",
            "[roster]\npath = \"C:\\Users\\kikaku\\名簿.xlsx\"\n",
        ),
        ("unknown-key", "[watch]\nspeed = 3\n"),
    ] {
        let bad = dir.path().join(format!("{name}.toml"));
        std::fs::write(
            &bad,
            format!("{}{extra}", std::fs::read_to_string(&config).unwrap()),
        )
        .unwrap();
        for args in [&["config", "check"][..], &["status"], &["check"]] {
            let (out, printed) = said(&bad, args);
            assert!(!out.status.success(), "{name}: {printed}");
            found.extend(english_in(&format!("{name}: {}", args.join(" ")), &printed));
        }
    }

    // The daemon: its start, the faulty files, an Excel lock file, its stop;
    // every line of its log.
    let daemon = Daemon::start_command(japanese(), dir.path(), config.clone());
    wait_until("the first scan's outputs", || {
        daemon
            .log()
            .contains("フォルダを走査しました")
            .then_some(())
    });
    std::fs::write(
        share.join("~$令和8年度重点目標管理シート_建設部.xlsx"),
        b"lock",
    )
    .unwrap();
    for args in [&["status"][..], &["status", "--check"]] {
        let (_, printed) = said(&config, args);
        found.extend(english_in(
            &format!("{} (daemon running)", args.join(" ")),
            &printed,
        ));
    }
    // The output folder becomes a file, then a workbook is taken away: the
    // daemon cannot write the outputs that change, and says so in `status`
    // until it can. (A workbook saved again unchanged changes no output.)
    let out = dir.path().join("out");
    wait_until("the output folder replaced by a file", || {
        let _ = std::fs::remove_dir_all(&out);
        std::fs::write(&out, b"not a folder").ok()
    });
    std::fs::remove_file(share.join("令和8年度重点目標管理シート_総務部.xlsx")).unwrap();
    wait_until_explained(
        "the output that cannot be written in status",
        || {
            let (out, printed) = said(&config, &["status", "--check"]);
            (!out.status.success() && printed.contains("集約ファイルを書き出せません"))
                .then_some(())
        },
        || {
            format!(
                "status --check:\n{}\nthe daemon's log:\n{}",
                said(&config, &["status", "--check"]).1,
                daemon.log()
            )
        },
    );
    for args in [&["status"][..], &["status", "--check"]] {
        let (_, printed) = said(&config, args);
        found.extend(english_in(
            &format!("{} (output folder a file)", args.join(" ")),
            &printed,
        ));
    }
    let (_, printed) = said(&config, &["stop"]);
    found.extend(english_in("stop (daemon running)", &printed));
    wait_until("the daemon's last log line", || {
        daemon.log().contains("停止しました").then_some(())
    });
    found.extend(english_in("the daemon's log", &daemon.log()));
    drop(daemon);
    let (out, printed) = said(&config, &["consolidate", "--today", "2026-11-09"]);
    assert!(!out.status.success(), "{printed}");
    assert!(printed.contains("失敗："), "{printed}");
    found.extend(english_in("consolidate (output folder a file)", &printed));

    assert!(
        found.is_empty(),
        "English in Japanese mode:\n{}",
        found.join("\n")
    );
}
