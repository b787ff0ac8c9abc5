//! SQLite is the state file's alone: of the shell's sources (`src/`, the
//! benches and examples), only those under `src/state/` name `rusqlite`.
//! Everything else reads and writes the state file through the handles
//! `state::StateFile` hands out.

use std::path::{Path, PathBuf};

#[test]
fn only_the_state_module_names_sqlite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let state = root.join("src").join("state");
    let mut files = Vec::new();
    for folder in ["src", "benches", "examples"] {
        crate::common::rust_sources(&root.join(folder), &mut files);
    }
    let naming: Vec<&PathBuf> = files
        .iter()
        .filter(|file| std::fs::read_to_string(file).unwrap().contains("rusqlite"))
        .collect();
    let outside: Vec<String> = naming
        .iter()
        .filter(|file| !file.starts_with(&state))
        .map(|file| file.strip_prefix(root).unwrap().display().to_string())
        .collect();
    assert!(
        outside.is_empty(),
        "rusqlite named outside src/state/: {outside:?}"
    );
    // The state module does: the search looks where it should.
    assert!(
        naming.iter().any(|file| file.ends_with("src/state/mod.rs")),
        "{naming:?}"
    );
}
