//! `mokuhyo config check` on the shipped configuration and on broken ones.

mod common;

use common::mokuhyo;

#[test]
fn shipped_config_prints_the_effective_configuration() {
    let out = mokuhyo().args(["config", "check"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("built-in config/mokuhyo.toml"), "{stdout}");
    assert!(stdout.contains("[folder]"), "{stdout}");
    assert!(
        stdout.contains("path = \"examples/shared-folder\""),
        "{stdout}"
    );
}

#[test]
fn config_with_two_bad_keys_names_both_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[folder]\nrecursive = \"yes\"\n[watch]\ndebounce = 5\n",
    )
    .unwrap();
    let out = mokuhyo()
        .args(["config", "check", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("folder.recursive = \"yes\""), "{stderr}");
    assert!(stderr.contains("watch.debounce = 5"), "{stderr}");
    assert!(stderr.contains("2 problems"), "{stderr}");
}

#[test]
fn environment_overrides_the_file_and_is_validated() {
    let out = mokuhyo()
        .args(["config", "check"])
        .env("MOKUHYO__WATCH__MODE", "poll")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("mode = \"poll\""), "{stdout}");
    assert!(stdout.contains("MOKUHYO__WATCH__MODE"), "{stdout}");

    let out = mokuhyo()
        .args(["config", "check"])
        .env("MOKUHYO__WATCH__MODE", "often")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("watch.mode = \"often\""));
}

#[test]
fn config_file_from_environment_variable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.toml");
    std::fs::write(&path, "[folder]\npath = \"/srv/share\"\n").unwrap();
    let out = mokuhyo()
        .args(["config", "check"])
        .env("MOKUHYO_CONFIG", &path)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("path = \"/srv/share\""));
}
