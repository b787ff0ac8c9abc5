//! Mail with the real binary and an SMTP server the test starts on
//! loopback: a refused copy, a reply lost after DATA, a silent server, the
//! clock moved back, an address at a domain in Japanese.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::common::harness::{DEPARTMENTS, folder, run, status, text, wait_for_exit, wait_until};
use crate::common::smtp;
use crate::common::{mokuhyo, write_config};

const PLANNING: &str = "kikakuka@city.example.jp";
const PLANNING_DEPUTY: &str = "kikaku-fuku@city.example.jp";

/// The fy2026 folder with every department configured, two planning
/// addresses and mail leaving by `transport` (`outbox`, or `smtp` with the
/// `[mail.smtp]` section `smtp`).
pub(crate) fn scenario(transport: &str, smtp: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, share) = folder(&DEPARTMENTS);
    let mut extra = String::from(
        "[reminders.overrides.2026]\ninterim = \"2026-10-30\"\nyear_end = \"2027-04-30\"\n[digest]\nenabled = true\nattach_consolidated = false\n",
    );
    for (name, address) in [
        ("総務部", "somu"),
        ("企画部", "kikaku"),
        ("市民生活部", "shimin"),
        ("健康福祉部", "fukushi"),
        ("建設部", "kensetsu"),
    ] {
        extra.push_str(&format!(
            "[[departments]]\nname = \"{name}\"\nto = [\"{address}@city.example.jp\"]\n"
        ));
    }
    extra.push_str(smtp);
    let config = write_config(dir.path(), &share, &extra);
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "[mail]\n",
        &format!(
            "[mail]\nfrom = \"mokuhyo@city.example.jp\"\nplanning = [\"{PLANNING}\", \"{PLANNING_DEPUTY}\"]\ntemplates_dir = {:?}\ntransport = \"{transport}\"\n",
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("templates/mail")
                .display()
                .to_string()
        ),
    );
    std::fs::write(&config, text).unwrap();
    (dir, config)
}

/// An SMTP scenario with the server on `port` and `extra` `[mail.smtp]` keys.
pub(crate) fn smtp_scenario(port: u16, extra: &str) -> (tempfile::TempDir, PathBuf) {
    scenario(
        "smtp",
        &format!(
            "[mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nbackoff_secs = 0\n{extra}"
        ),
    )
}

#[test]
fn a_refused_copy_does_not_stop_the_mail_to_the_departments() {
    let (port, server) = smtp::server(Some(PLANNING));
    let (_dir, config) = smtp_scenario(port, "timeout_secs = 20\nretries = 1\n");
    let sent = run(&config, &["remind", "--today", "2026-11-02"]);
    let shown = text(&sent.stdout);
    assert!(
        shown.contains("sent 2026/interim/市民生活部/overdue-2026-11-02")
            && shown.contains("sent 2026/interim/建設部/overdue-2026-11-02"),
        "{shown}{}",
        text(&sent.stderr)
    );
    assert!(
        shown.contains(&format!(
            "REFUSED recipient of 2026/interim/建設部/overdue-2026-11-02: {PLANNING}"
        )),
        "{shown}"
    );
    let received = server.received();
    let kensetsu = received
        .iter()
        .find(|m| m.rcpt.iter().any(|r| r == "kensetsu@city.example.jp"))
        .expect("the department got its notice");
    assert_eq!(
        kensetsu.rcpt,
        ["kensetsu@city.example.jp", PLANNING_DEPUTY],
        "delivered to every address the server took"
    );

    let shown = status(&config);
    assert!(shown.contains("refused recipients"), "{shown}");
    assert!(
        shown.contains(&format!(
            "2026/interim/建設部/overdue-2026-11-02: {PLANNING}"
        )) && shown.contains("550"),
        "{shown}"
    );

    // The next week's digest tells the planning section.
    run(&config, &["remind", "--today", "2026-11-09"]);
    let digest = server
        .received()
        .into_iter()
        .rfind(|m| m.parsed().subject().is_some_and(|s| s.contains("提出状況")))
        .expect("a planning digest");
    let body = digest.parsed().body_text(0).unwrap().to_string();
    assert!(
        body.contains("受け取りを拒否した宛先") && body.contains(PLANNING),
        "{body}"
    );
}

#[test]
fn a_mail_whose_reply_was_lost_goes_again_with_the_same_message_id() {
    let (port, server) = smtp::server(None);
    let (_dir, config) = smtp_scenario(port, "timeout_secs = 30\nretries = 0\n");
    // The server stores the message, then takes its time to say so; the
    // sender dies meanwhile.
    server.hold_replies(Duration::from_secs(5));
    let mut child = crate::common::harness::spawn(
        mokuhyo()
            .args(["remind", "--today", "2026-10-23", "--config"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    wait_until("the first message stored", || {
        (!server.received().is_empty()).then_some(())
    });
    // Killed at once (SIGKILL; TerminateProcess on Windows).
    child.kill().unwrap();
    wait_for_exit(&mut child, "remind after being killed");
    let first = server.received()[0].clone();
    let key = if first.rcpt.contains(&"shimin@city.example.jp".to_string()) {
        "2026/interim/市民生活部/before-7"
    } else {
        "2026/interim/建設部/before-7"
    };
    let shown = status(&config);
    assert!(shown.contains(&format!("{key} [Attempting")), "{shown}");

    // The next run, days later, sends it again: the server can tell.
    server.hold_replies(Duration::ZERO);
    let again = run(&config, &["remind", "--today", "2026-10-26"]);
    assert!(
        text(&again.stdout).contains(&format!("sent {key}")),
        "{}",
        text(&again.stdout)
    );
    let copies: Vec<String> = server
        .received()
        .iter()
        .filter(|m| m.rcpt == first.rcpt)
        .map(|m| m.parsed().message_id().unwrap().to_string())
        .collect();
    assert_eq!(copies.len(), 2, "one duplicate, the window README states");
    assert_eq!(
        copies[0], copies[1],
        "the retry carries the same Message-ID"
    );
}

#[test]
fn a_silent_server_stops_the_run_after_the_first_mail() {
    let (port, accepted) = smtp::silent_server();
    let (_dir, config) = smtp_scenario(port, "timeout_secs = 1\nretries = 1\n");
    let sent = run(&config, &["remind", "--today", "2026-10-23"]);
    let shown = text(&sent.stdout);
    assert_eq!(sent.status.code(), Some(1), "{shown}");
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        2,
        "the first mail and its one retry, nothing more"
    );
    assert!(
        shown.contains("failed (will retry) 2026/interim/建設部/before-7: not attempted"),
        "{shown}"
    );
    let state = status(&config);
    assert!(
        state.contains("2026/interim/市民生活部/before-7 [FailedTransient, 2 attempt(s)")
            && state.contains("2026/interim/建設部/before-7 [FailedTransient, 0 attempt(s)"),
        "{state}"
    );
}

#[test]
fn moving_the_clock_back_sends_no_stale_reminder_or_digest() {
    let (dir, config) = scenario("outbox", "");
    let outbox = dir.path().join("outbox");
    let count = || std::fs::read_dir(&outbox).map_or(0, |d| d.count());

    let first = run(&config, &["remind", "--today", "2026-10-23"]);
    assert!(text(&first.stdout).contains("sent 2026/interim/建設部/before-7"));
    let sent = count();
    let back = run(&config, &["remind", "--today", "2026-10-20"]);
    let shown = text(&back.stdout);
    assert!(
        shown.contains("not sent 2026/interim/建設部/before-14: 2026/interim/")
            && shown.contains("0 sent"),
        "{shown}"
    );
    assert_eq!(count(), sent);

    // A newer digest went out on Monday; a run dated the week before last.
    let monday = run(&config, &["remind", "--today", "2026-10-26"]);
    assert!(text(&monday.stdout).contains("sent digest/planning/2026-W44"));
    let sent = count();
    let back = run(&config, &["remind", "--today", "2026-10-16"]);
    let shown = text(&back.stdout);
    assert!(
        shown.contains("not sent digest/planning/2026-W42: digest/planning/2026-W44")
            && shown.contains("0 sent"),
        "{shown}"
    );
    assert_eq!(count(), sent);
    assert!(text(&back.stderr).contains("has the clock gone back"));
}

/// A department's address at a domain in Japanese, a server without
/// SMTPUTF8 (as most relays): the mail goes to the domain's ASCII form, in
/// the envelope and in the header.
#[test]
fn an_address_at_a_domain_in_japanese_reaches_a_server_without_smtputf8() {
    let (port, server) = smtp::server(None);
    let (_dir, config) = smtp_scenario(port, "");
    let written = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        written.replace("kensetsu@city.example.jp", "kensetsu@市役所.example.jp"),
    )
    .unwrap();
    let checked = run(&config, &["config", "check"]);
    assert!(checked.status.success(), "{}", text(&checked.stdout));
    let sent = run(&config, &["remind", "--today", "2026-11-02"]);
    let shown = text(&sent.stdout);
    assert!(
        shown.contains("sent 2026/interim/建設部/overdue-2026-11-02"),
        "{shown}{}",
        text(&sent.stderr)
    );
    let ascii = "kensetsu@xn--7sto6a74d.example.jp";
    let received = server.received();
    let kensetsu = received
        .iter()
        .find(|m| m.rcpt.iter().any(|r| r == ascii))
        .unwrap_or_else(|| panic!("{received:?}"));
    let to = kensetsu.parsed().to().and_then(|to| to.first()).cloned();
    assert_eq!(
        to.and_then(|a| a.address.map(|a| a.to_string())).as_deref(),
        Some(ascii)
    );
    // The other notice and the digest went as well.
    assert!(shown.contains("3 sent, 3 planned"), "{shown}");

    // A user part in Japanese needs a server that takes SMTPUTF8: named
    // by `config check` with its key the day it is written.
    let written = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, written.replace("somu@city", "総務@city")).unwrap();
    let checked = run(&config, &["config", "check"]);
    let shown = text(&checked.stdout);
    assert!(
        shown.contains(
            "departments[0].to[0] = \"総務@city.example.jp\": the part before @ is not ASCII"
        ),
        "{shown}"
    );
}
