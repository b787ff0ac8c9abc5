//! The core stays pure: no crate it depends on, however indirectly, does
//! input or output of the kinds the shell owns, and its own code names
//! none of std's. The shell's modules it cannot name at all: they are in
//! another crate, which depends on this one.

use std::path::{Path, PathBuf};
#[cfg(unix)]
use std::process::Command;

/// Crates that read or write files, the network, a database, the watcher or
/// the terminal: the shell's.
#[cfg(unix)]
const IO_CRATES: &[&str] = &[
    "calamine",
    "lettre",
    "libsqlite3-sys",
    "mio",
    "notify",
    "rusqlite",
    "rust_xlsxwriter",
    "socket2",
    "tempfile",
    "tokio",
    "tokio-cron-scheduler",
    "tracing-subscriber",
    "walkdir",
    "zip",
];

/// std's input and output, processes, environment and clock, as code names
/// them.
const IO_WORDS: &[&str] = &[
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "std::io::stdin",
    "std::thread",
    "Utc::now",
    "Local::now",
    "SystemTime",
    "Instant::now",
];

/// The platform this test runs on, as cargo names it (`rustc -vV`'s host):
/// the rustc beside the cargo that runs the tests, else the one on the path.
#[cfg(unix)]
fn host_platform() -> String {
    let rustc = std::env::var("CARGO")
        .ok()
        .map(|cargo| Path::new(&cargo).with_file_name("rustc"))
        .filter(|rustc| rustc.exists())
        .unwrap_or_else(|| PathBuf::from("rustc"));
    let output = Command::new(rustc).arg("-vV").output().unwrap();
    assert!(output.status.success(), "rustc -vV failed");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_string)
        .unwrap()
}

/// The workspace's dependency graph for this platform, as `cargo metadata`
/// gives it. Filtered to the host, and offline first: a machine that built
/// the workspace holds the sources of the crates its own builds use, not
/// those that only Windows, macOS or Android builds use. One that built
/// this crate alone lacks the shell's; cargo fetches them then.
#[cfg(unix)]
fn metadata() -> serde_json::Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let run = |offline: bool| {
        Command::new(&cargo)
            .args(["metadata", "--format-version", "1"])
            .args(offline.then_some("--offline"))
            .args(["--filter-platform", &host_platform()])
            .arg("--manifest-path")
            .arg(&manifest)
            .output()
            .unwrap()
    };
    let output = Some(run(true))
        .filter(|o| o.status.success())
        .unwrap_or_else(|| run(false));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The package id of the package named `name` in `metadata`.
#[cfg(unix)]
fn id_of(metadata: &serde_json::Value, name: &str) -> String {
    metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .map(|p| p["id"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no package {name} in the metadata"))
}

/// The packages `mokuhyo-core` depends on for its library in `metadata`,
/// directly or not (build and normal dependencies; not its tests').
#[cfg(unix)]
fn library_dependencies(metadata: &serde_json::Value) -> Vec<String> {
    let nodes = metadata["resolve"]["nodes"].as_array().unwrap();
    let name_of = |id: &str| {
        metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .map(|p| p["name"].as_str().unwrap().to_string())
            .unwrap()
    };
    let mut seen = vec![id_of(metadata, "mokuhyo-core")];
    let mut next = 0;
    while next < seen.len() {
        let node = nodes.iter().find(|n| n["id"] == seen[next]).unwrap();
        next += 1;
        for dep in node["deps"].as_array().unwrap() {
            let for_library = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            let id = dep["pkg"].as_str().unwrap().to_string();
            if for_library && !seen.contains(&id) {
                seen.push(id);
            }
        }
    }
    seen.iter().skip(1).map(|id| name_of(id)).collect()
}

/// The crates among `dependencies` that do input or output.
#[cfg(unix)]
fn io_crates(dependencies: &[String]) -> Vec<&String> {
    dependencies
        .iter()
        .filter(|d| IO_CRATES.contains(&d.as_str()))
        .collect()
}

/// `metadata` with one more dependency of the core's, on `name`, of the
/// given kind (`null` for the library, `"dev"` for its tests).
#[cfg(unix)]
fn with_core_depending_on(
    metadata: &serde_json::Value,
    name: &str,
    kind: serde_json::Value,
) -> serde_json::Value {
    let mut metadata = metadata.clone();
    let core = id_of(&metadata, "mokuhyo-core");
    let added = id_of(&metadata, name);
    let node = metadata["resolve"]["nodes"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|n| n["id"] == core.as_str())
        .unwrap();
    node["deps"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "name": name,
            "pkg": added,
            "dep_kinds": [{ "kind": kind, "target": null }],
        }));
    metadata
}

// Runs where cargo runs: the tests of the Windows build run under Wine,
// without it.
#[cfg(unix)]
#[test]
fn no_dependency_of_the_core_does_input_or_output() {
    let dependencies = library_dependencies(&metadata());
    assert!(
        dependencies.iter().any(|d| d == "chrono"),
        "the dependencies are read: {dependencies:?}"
    );
    let io = io_crates(&dependencies);
    assert!(io.is_empty(), "the core depends on {io:?}");
}

/// The check above fails when the core gains an input or output crate, even
/// through another crate; a dependency of its tests alone is no such crate.
#[cfg(unix)]
#[test]
fn the_purity_check_finds_an_io_dependency_the_core_gains() {
    let metadata = metadata();
    let direct = with_core_depending_on(&metadata, "tokio", serde_json::Value::Null);
    assert!(io_crates(&library_dependencies(&direct)).contains(&&"tokio".to_string()));
    // rusqlite brings libsqlite3-sys: found through the crate that names it.
    let indirect = with_core_depending_on(&metadata, "rusqlite", serde_json::Value::Null);
    let found = library_dependencies(&indirect);
    assert!(
        io_crates(&found).contains(&&"libsqlite3-sys".to_string()),
        "{found:?}"
    );
    let for_tests = with_core_depending_on(&metadata, "tempfile", "dev".into());
    assert!(io_crates(&library_dependencies(&for_tests)).is_empty());
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The code of a file before its tests, without comments.
fn code_of(text: &str) -> String {
    text.split("#[cfg(test)]")
        .next()
        .unwrap_or("")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_core_names_no_input_output_nor_clock_of_std() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 40, "{files:?}");
    let mut found = Vec::new();
    for file in files {
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        for word in IO_WORDS {
            if code.contains(word) {
                found.push(format!("{}: {word}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_word_check_reads_code_and_skips_tests_and_comments() {
    assert!(code_of("use std::fs;\n#[cfg(test)]\nuse std::net;").contains("std::fs"));
    assert!(!code_of("use a;\n#[cfg(test)]\nuse std::net;").contains("std::net"));
    assert!(!code_of("// std::fs\nfn f() {}").contains("std::fs"));
}
