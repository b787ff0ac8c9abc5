//! The Japanese administrators' guide, `docs/導入ガイド.md`, run as
//! written. Its ```toml block marked `<!-- 試験 設定 -->` is the
//! configuration and each ```sh block marked `<!-- 試験 -->` (or
//! `<!-- 試験 終了コード N -->`) is run line by line with the real binary, in
//! a temp folder holding a copy of the bundled sample folder, the guide's
//! example places (`/etc/mokuhyo/mokuhyo.toml`, `/mnt/mokuhyo/goals`,
//! `/mnt/mokuhyo/kikaku/目標集約`) standing for the temp ones: each exits as
//! the guide says and speaks Japanese. Every other `mokuhyo` command of the
//! guide (service installs, the daemon) is checked to parse, with `--help`.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::harness::{Capture, sample_folder, text};
use crate::common::mokuhyo;
use crate::japanese_sweep::english_in;

const GUIDE: &str = "docs/導入ガイド.md";
const CONFIG: &str = "/etc/mokuhyo/mokuhyo.toml";
const FOLDER: &str = "/mnt/mokuhyo/goals";
const OUTPUT: &str = "/mnt/mokuhyo/kikaku/目標集約";
const MARK: &str = "試験";

/// A fenced block of the guide: its language, the words of the
/// `<!-- 試験 … -->` comment right above it (None when unmarked), its lines.
#[derive(Debug)]
struct Block {
    language: String,
    mark: Option<String>,
    lines: Vec<String>,
}

fn blocks(guide: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut last = "";
    let mut open: Option<Block> = None;
    for line in guide.lines() {
        let trimmed = line.trim();
        match (&mut open, trimmed.strip_prefix("```")) {
            (None, Some(language)) => {
                let mark = last
                    .strip_prefix("<!--")
                    .and_then(|c| c.strip_suffix("-->"))
                    .and_then(|c| c.trim().strip_prefix(MARK))
                    .map(|words| words.trim().to_string());
                open = Some(Block {
                    language: language.trim().to_string(),
                    mark,
                    lines: Vec::new(),
                });
            }
            (Some(_), Some(_)) => blocks.extend(open.take()),
            (Some(block), None) => block.lines.push(trimmed.to_string()),
            (None, None) => {}
        }
        if !trimmed.is_empty() {
            last = trimmed;
        }
    }
    assert!(open.is_none(), "a fence of {GUIDE} is not closed");
    blocks
}

/// A command line's words: split at spaces, `"…"` kept as one word.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    assert!(!quoted, "an unclosed quote: {line}");
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The arguments of `mokuhyo` on a command line, past `sudo -u USER` and
/// `VAR=value`; None for a line that runs another program.
fn mokuhyo_arguments(line: &str) -> Option<Vec<String>> {
    let mut words = words(line).into_iter().peekable();
    if words.peek().is_some_and(|w| w == "sudo") {
        words.next();
        if words.peek().is_some_and(|w| w == "-u") {
            words.next();
            words.next();
        }
    }
    while words.peek().is_some_and(|w| w.contains('=')) {
        words.next();
    }
    let program = words.next()?;
    ["mokuhyo", ".\\mokuhyo.exe"]
        .contains(&program.as_str())
        .then(|| words.collect())
}

fn japanese() -> Command {
    let mut command = mokuhyo();
    command.env("MOKUHYO__UI__LANGUAGE", "ja");
    command
}

fn has_japanese(printed: &str) -> bool {
    printed
        .chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

#[test]
fn the_guides_commands_work_as_written_and_speak_japanese() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join(GUIDE)).unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains("(docs/導入ガイド.md)"),
        "README.md links the guide"
    );
    let blocks = blocks(&guide);

    let (dir, share) = sample_folder();
    let output = dir.path().join("集約");
    let config = dir.path().join("mokuhyo.toml");
    let settings: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.mark.as_deref() == Some("設定"))
        .collect();
    assert_eq!(settings.len(), 1, "one configuration to test: {settings:?}");
    assert_eq!(settings[0].language, "toml");
    let toml = settings[0]
        .lines
        .join("\n")
        .replace(OUTPUT, &output.display().to_string())
        .replace(FOLDER, &share.display().to_string());
    assert!(!toml.contains("/mnt/"), "a place left unreplaced: {toml}");
    std::fs::write(&config, toml).unwrap();
    let place = |word: &str| {
        word.replace(CONFIG, &config.display().to_string())
            .replace(FOLDER, &share.display().to_string())
    };
    let run = |args: &[String]| -> (Output, String) {
        let out = japanese().args(args).current_dir(dir.path()).capture();
        let printed = format!("{}\n{}", text(&out.stdout), text(&out.stderr));
        (out, printed)
    };

    let mut ran = Vec::new();
    let mut found = Vec::new();
    for block in &blocks {
        let runnable = ["sh", "powershell"].contains(&block.language.as_str());
        match &block.mark {
            Some(words) if words != "設定" => {
                assert_eq!(block.language, "sh", "a tested block is sh: {block:?}");
                let expected: i32 = match words.strip_prefix("終了コード") {
                    Some(code) => code.trim().parse().unwrap(),
                    None => {
                        assert!(words.is_empty(), "an unknown mark: {words}");
                        0
                    }
                };
                for line in block.lines.iter().filter(|l| !l.is_empty()) {
                    let args: Vec<String> = mokuhyo_arguments(line)
                        .unwrap_or_else(|| panic!("a tested line runs mokuhyo: {line}"))
                        .iter()
                        .map(|w| place(w))
                        .collect();
                    let (out, printed) = run(&args);
                    assert_eq!(out.status.code(), Some(expected), "{line}\n{printed}");
                    assert!(has_japanese(&printed), "{line}: no Japanese\n{printed}");
                    found.extend(english_in(line, &printed));
                    ran.push(args.join(" "));
                }
            }
            None if runnable => {
                for line in &block.lines {
                    let Some(mut args) = mokuhyo_arguments(line) else {
                        continue;
                    };
                    args.push("--help".into());
                    let (out, printed) = run(&args);
                    assert!(out.status.success(), "{line}: not a command\n{printed}");
                }
            }
            _ => {}
        }
    }
    assert!(
        found.is_empty(),
        "English in the guide's commands:\n{}",
        found.join("\n")
    );
    for step in [
        "config check",
        "check --config",
        "check --propose",
        "remind --dry-run",
        "consolidate",
        "status --config",
        "status --check",
    ] {
        assert!(
            ran.iter().any(|r| r.starts_with(step)),
            "the guide's `{step}` is tested: {ran:#?}"
        );
    }
    assert!(output.join("全庁目標一覧_令和8年度.xlsx").is_file());
}

#[test]
fn a_guide_block_is_tested_by_the_mark_right_above_it() {
    let guide = "<!-- 試験 -->\n```sh\nmokuhyo check\n```\n\n<!-- 試験 終了コード 1 -->\n\n```sh\nmokuhyo status --check\n```\n<!-- 試験 -->\ntext\n```sh\nmokuhyo run\n```\n   <!-- 試験 設定 -->\n   ```toml\n   [folder]\n   ```\n";
    let found = blocks(guide);
    let marks: Vec<Option<&str>> = found.iter().map(|b| b.mark.as_deref()).collect();
    assert_eq!(marks, [Some(""), Some("終了コード 1"), None, Some("設定")]);
    assert_eq!(found[3].lines, ["[folder]"]);
    assert_eq!(
        mokuhyo_arguments("sudo -u mokuhyo MOKUHYO_CONFIG=/etc/x.toml mokuhyo config check"),
        Some(vec!["config".to_string(), "check".to_string()])
    );
    assert_eq!(
        mokuhyo_arguments(r#"mokuhyo check "/mnt/a b.xlsx""#),
        Some(vec!["check".to_string(), "/mnt/a b.xlsx".to_string()])
    );
    assert_eq!(mokuhyo_arguments("journalctl -u mokuhyo"), None);
}
