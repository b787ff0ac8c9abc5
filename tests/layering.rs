//! The layering of `src/lib.rs`, checked on the source: no file of the pure
//! core names a module of the shell, a crate that does input or output, or
//! the clock. Test modules (`#[cfg(test)]` and after) are left out: a test
//! may write files.
//!
//! A new file joins the core by being listed in [`CORE`]; a new shell
//! module is added to [`SHELL_MODULES`].

use std::path::{Path, PathBuf};

/// The pure core: files, or folders whose every file is core.
const CORE: &[&str] = &[
    "src/calendar",
    "src/text.rs",
    "src/grid.rs",
    "src/model.rs",
    "src/cell_text.rs",
    "src/pattern.rs",
    "src/schema.rs",
    "src/share_path.rs",
    "src/problem.rs",
    "src/interpret",
    "src/consolidate/model.rs",
    "src/consolidate/changes.rs",
    "src/consolidate/labels.rs",
    "src/remind/plan.rs",
    "src/remind/schedule.rs",
    "src/remind/series.rs",
    "src/remind/changes.rs",
    "src/remind/sent.rs",
    "src/template/plan.rs",
    "src/template/spec.rs",
    "src/template/carry.rs",
    "src/history/diff.rs",
    "src/history/entry.rs",
    "src/history/recent.rs",
    "src/roster/model.rs",
    "src/roster/parse.rs",
];

/// Modules of the shell (as paths below `crate::`): reading and writing
/// files, mail, the state file, watching, the daemon, the command line,
/// loading the configuration, the clock.
const SHELL_MODULES: &[&str] = &[
    "workbook",
    "catalog",
    "scan",
    "pipeline",
    "last_good",
    "output_file",
    "daemon",
    "commands",
    "cli",
    "config",
    "clock",
    "signal",
    "status",
    "logging",
    "consolidate::write",
    "consolidate::json",
    "consolidate::overview",
    "consolidate::lists",
    "consolidate::table",
    "consolidate::formats",
    "remind::ledger",
    "remind::transport",
    "remind::run",
    "remind::tls",
    "remind::render",
    "template::write",
    "template::source",
    "history::store",
    "history::core_props",
    "roster::read",
    "roster::store",
    "roster::state",
];

/// Names of crates and std modules that do input or output, or read the
/// clock.
const SHELL_WORDS: &[&str] = &[
    "rusqlite::",
    "lettre::",
    "notify::",
    "tokio::",
    "calamine::",
    "rust_xlsxwriter::",
    "walkdir::",
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "Utc::now",
    "Local::now",
    "SystemTime::now",
    "Instant::now",
];

/// Names of those crates that do no input or output: lettre's address
/// parser checks the roster's addresses.
const ALLOWED_WORDS: &[&str] = &["lettre::Address"];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for entry in entries {
            rust_files(&entry, out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// `src/remind/plan.rs` → `["remind", "plan"]`; `src/history/mod.rs` →
/// `["history"]`.
fn module_path(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix("src").unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file before its tests, without comments.
fn code_of(text: &str) -> String {
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or("");
    before_tests
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path named in `code` (`crate::a::b`, `super::b`,
/// `crate::{a, b::c}`), as a path below `crate::`.
fn named_paths(code: &str, module: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let (mut base, mut j) = if starts_word && rest.starts_with("crate::") {
            (Vec::new(), "crate::".len())
        } else if starts_word && rest.starts_with("super::") {
            // The parent of the file's module (`super` of a top-level item).
            let mut parent = module.to_vec();
            parent.pop();
            (parent, "super::".len())
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        while rest[j..].starts_with("super::") {
            base.pop();
            j += "super::".len();
        }
        let tail = &rest[j..];
        if let Some(group) = tail.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for name in inner.split(',') {
                let name = name.trim();
                if !name.is_empty() {
                    found.push(join(&base, name));
                }
            }
        } else {
            let name: String = tail
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            found.push(join(&base, name.trim_end_matches(':')));
        }
        i += j;
    }
    found
}

fn join(base: &[String], name: &str) -> String {
    let mut parts = base.to_vec();
    parts.push(name.to_string());
    parts.join("::")
}

fn is_shell(path: &str) -> bool {
    SHELL_MODULES
        .iter()
        .any(|shell| path == *shell || path.starts_with(&format!("{shell}::")))
}

fn violations() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).unwrap();
    let mut files = Vec::new();
    for core in CORE {
        assert!(
            Path::new(core).exists(),
            "{core} is listed as core but does not exist"
        );
        rust_files(Path::new(core), &mut files);
    }
    let mut found = Vec::new();
    for file in files {
        let mut code = code_of(&std::fs::read_to_string(&file).unwrap());
        for allowed in ALLOWED_WORDS {
            code = code.replace(allowed, "");
        }
        let module = module_path(&file);
        for path in named_paths(&code, &module) {
            if is_shell(&path) {
                found.push(format!("{}: crate::{path}", file.display()));
            }
        }
        for word in SHELL_WORDS {
            if code.contains(word) {
                found.push(format!("{}: {word}", file.display()));
            }
        }
    }
    found
}

#[test]
fn the_core_names_nothing_of_the_shell() {
    let found = violations();
    assert!(
        found.is_empty(),
        "core files naming the shell:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_finds_what_it_looks_for() {
    let module = vec!["remind".to_string(), "plan".to_string()];
    let paths = named_paths(
        "use super::ledger::Ledger;\nuse crate::{model::Text, workbook};\nfn f() { crate::clock::now_utc(); }",
        &module,
    );
    assert_eq!(
        paths,
        [
            "remind::ledger::Ledger",
            "model::Text",
            "workbook",
            "clock::now_utc"
        ]
    );
    assert!(
        is_shell("remind::ledger::Ledger") && is_shell("workbook") && is_shell("clock::now_utc")
    );
    assert!(!is_shell("model::Text") && !is_shell("remind::planner"));
    assert!(code_of("use std::fs;\n#[cfg(test)]\nuse rusqlite;").contains("std::fs"));
    assert!(!code_of("// std::fs\nfn f() {}").contains("std::fs"));
}
