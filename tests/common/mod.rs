//! Helpers shared by the tests that drive the real binary.
#![allow(dead_code)]

pub mod grids;
pub mod harness;
pub mod pki;
pub mod smtp;
pub mod xlsx_check;

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The binary with no configuration coming from the environment, speaking
/// English whatever the machine's locale (`MOKUHYO__UI__LANGUAGE=en`): the
/// tests that assert its messages read them in one language. The tests of
/// the language itself (`tests/cli_language.rs`) set their own.
pub fn mokuhyo() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mokuhyo"));
    cmd.env_remove("MOKUHYO_CONFIG").env("RUST_LOG", "info");
    for (key, _) in std::env::vars() {
        if key.starts_with("MOKUHYO__") {
            cmd.env_remove(key);
        }
    }
    cmd.env("MOKUHYO__UI__LANGUAGE", "en");
    cmd
}

/// Writes a configuration for a temp folder layout and returns its path.
pub fn write_config(dir: &Path, share: &Path, extra: &str) -> PathBuf {
    let path = dir.join("mokuhyo.toml");
    let text = format!(
        "[folder]\npath = {share:?}\n[output]\ndir = {out:?}\n[state]\ndatabase = {db:?}\n[mail]\noutbox_dir = {outbox:?}\n{extra}\n",
        share = share.display().to_string(),
        out = dir.join("out").display().to_string(),
        db = dir.join("state.sqlite").display().to_string(),
        outbox = dir.join("outbox").display().to_string(),
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs the binary with these arguments, asserts that it succeeded, and
/// returns what it printed.
pub fn run_ok<'a>(args: impl IntoIterator<Item = &'a std::ffi::OsStr>) -> String {
    let args: Vec<&std::ffi::OsStr> = args.into_iter().collect();
    let out = harness::Capture::capture(mokuhyo().args(&args));
    assert!(
        out.status.success(),
        "mokuhyo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The column of a list sheet (header row first) whose header is `name`.
pub fn column_of(range: &calamine::Range<calamine::Data>, name: &str) -> usize {
    range
        .rows()
        .next()
        .and_then(|header| {
            header
                .iter()
                .position(|h| matches!(h, calamine::Data::String(s) if s == name))
        })
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// Every `.rs` file below `path` (or `path` itself), appended to `out`.
pub fn rust_sources(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_sources(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}
