//! `mokuhyo remind` on the parsed fy2026 scenario: the right departments,
//! exactly their empty interim cells, CC on overdue notices, never twice.

use crate::common::harness::Capture;
use crate::common::{fixture, mokuhyo, write_config};

const SCENARIO: &str = r#"
from = "mokuhyo@city.example.jp"
planning = ["kikakuka@city.example.jp"]
[reminders.overrides.2026]
interim = "2026-10-30"
year_end = "2027-04-30"
[digest]
enabled = false
[[departments]]
name = "総務部"
to = ["somu@city.example.jp"]
[[departments]]
name = "企画部"
to = ["kikaku@city.example.jp"]
[[departments]]
name = "市民生活部"
to = ["shimin@city.example.jp"]
[[departments]]
name = "健康福祉部"
to = ["fukushi@city.example.jp"]
[[departments]]
name = "建設部"
to = ["kensetsu@city.example.jp"]
"#;

fn scenario_dir() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    for entry in std::fs::read_dir(fixture("corpus/fy2026")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            std::fs::copy(&path, share.join(path.file_name().unwrap())).unwrap();
        }
    }
    let config = write_config(dir.path(), &share, SCENARIO);
    (dir, config)
}

fn keys(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("=== "))
        .map(str::to_string)
        .collect()
}

#[test]
fn seven_days_before_the_interim_due_date_exactly_two_departments_are_reminded() {
    let (_dir, config) = scenario_dir();
    let out = mokuhyo()
        .args(["remind", "--dry-run", "--today", "2026-10-23", "--config"])
        .arg(&config)
        .capture();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        keys(&stdout),
        vec![
            "2026/interim/市民生活部/before-7",
            "2026/interim/建設部/before-7"
        ],
        "{stdout}"
    );
    let sections: Vec<&str> = stdout.split("=== ").skip(1).collect();
    let shimin = sections[0];
    for cell in [
        "重点目標管理シート1!E9",
        "重点目標管理シート1!E11",
        "重点目標管理シート2!E10",
        "重点目標管理シート2!E12",
        "重点目標管理シート3!E11",
    ] {
        assert!(shimin.contains(cell), "{cell} missing in {shimin}");
    }
    assert_eq!(shimin.matches("記入するセル").count(), 5, "{shimin}");
    assert_eq!(
        sections[1].matches("記入するセル").count(),
        4,
        "{}",
        sections[1]
    );
    assert!(
        !stdout.contains("Cc:"),
        "no CC before the due date: {stdout}"
    );
}

#[test]
fn after_the_due_date_overdue_notices_copy_the_planning_section() {
    let (_dir, config) = scenario_dir();
    let out = mokuhyo()
        .args(["remind", "--dry-run", "--today", "2026-11-02", "--config"])
        .arg(&config)
        .capture();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        keys(&stdout),
        vec![
            "2026/interim/市民生活部/overdue-2026-11-02",
            "2026/interim/建設部/overdue-2026-11-02"
        ],
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("Cc: kikakuka@city.example.jp").count(),
        2,
        "{stdout}"
    );
}

#[test]
fn sending_twice_on_the_same_day_sends_once_into_the_outbox() {
    let (dir, config) = scenario_dir();
    let run = || {
        mokuhyo()
            .args(["remind", "--today", "2026-10-23", "--config"])
            .arg(&config)
            .capture()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        String::from_utf8_lossy(&first.stdout).contains("2 sent"),
        "{}",
        String::from_utf8_lossy(&first.stdout)
    );
    let emls = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .count();
    assert_eq!(emls, 2);
    let second = run();
    assert!(
        String::from_utf8_lossy(&second.stdout).contains("0 sent"),
        "{}",
        String::from_utf8_lossy(&second.stdout)
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("outbox"))
            .unwrap()
            .count(),
        2
    );
    let status = mokuhyo()
        .args(["status", "--config"])
        .arg(&config)
        .capture();
    assert!(
        String::from_utf8_lossy(&status.stdout).contains("mail: 2 sent"),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}
