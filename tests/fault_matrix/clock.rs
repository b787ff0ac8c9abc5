//! The clock and the calendar: a clock stepped back and forward under the
//! running daemon, a clock far ahead for a few seconds, and 29 February as
//! a reporting date. The daemon's and the commands' clock is stepped
//! through `MOKUHYO_TEST_CLOCK_FILE` (the tests' clock, `src/clock.rs`):
//! each instant the test writes there is what the clock reads from then on.
//!
//! Unix only: the daemon held up (SIGSTOP) while its schedule's firing
//! passes (Windows has no such signal); the rest runs on Windows too.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::mail::scenario;
use crate::common::harness::{
    folder, run, run_with, terminate, text, wait_until, wait_until_explained,
};
use crate::common::mokuhyo;

/// The clock of the processes of one test: the file they read it from.
struct Clock(PathBuf);

impl Clock {
    fn at(dir: &Path, start: &str) -> Clock {
        let clock = Clock(dir.join("clock"));
        clock.set(start);
        clock
    }

    /// Steps the clock to `instant` (RFC 3339).
    fn set(&self, instant: &str) {
        std::fs::write(&self.0, instant).unwrap();
        // The processes look at the file every 20 ms.
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    /// The binary on this clock.
    fn command(&self) -> Command {
        let mut command = mokuhyo();
        command.env("MOKUHYO_TEST_CLOCK_FILE", &self.0);
        command
    }

    fn run(&self, config: &Path, args: &[&str]) -> std::process::Output {
        run_with(self.command(), config, args)
    }

    fn spawn_daemon(&self, config: &Path, log: &Path) -> Child {
        crate::common::harness::spawn(
            self.command()
                .args(["run", "--config"])
                .arg(config)
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(log).unwrap()),
        )
    }

    /// `status --json` at this clock.
    fn status(&self, config: &Path) -> serde_json::Value {
        let out = self.run(config, &["status", "--json"]);
        serde_json::from_slice(&out.stdout).unwrap_or_default()
    }

    /// `status --check` at this clock: exit code and line.
    fn check(&self, config: &Path) -> (Option<i32>, String) {
        let out = self.run(config, &["status", "--check"]);
        (out.status.code(), text(&out.stdout))
    }

    /// Waits until `status --check` exits with `code` and its line holds
    /// `part`; gives the line.
    fn wait_for_check(&self, config: &Path, code: i32, part: &str) -> String {
        wait_until_explained(
            &format!("status --check {code} with {part:?}"),
            || {
                let (got, line) = self.check(config);
                (got == Some(code) && line.contains(part)).then_some(line)
            },
            || format!("last {}\n{}", self.check(config).1, self.status(config)),
        )
    }
}

/// The recorded firing `field` (`next`, `last`) of the schedule `key`, in
/// Japan time (`2026-10-23 09:10`).
fn firing(status: &serde_json::Value, key: &str, field: &str) -> Option<String> {
    let at = status["schedules"]
        .as_array()?
        .iter()
        .find(|s| s["key"] == key)?[field]
        .as_str()?
        .to_string();
    let at = chrono::DateTime::parse_from_rfc3339(&at).ok()?;
    Some(
        at.with_timezone(&chrono_tz::Asia::Tokyo)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
    )
}

fn outbox(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("outbox"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Adds the daemon's keys to `config`: the watcher polls, `rescan` is the
/// rescan schedule.
fn daemon_keys(config: &Path, rescan: &str) {
    let text = std::fs::read_to_string(config).unwrap();
    std::fs::write(
        config,
        format!(
            "{text}[watch]\nmode = \"poll\"\npoll_interval_secs = 1\nrescan_schedule = \"{rescan}\"\n"
        ),
    )
    .unwrap();
}

#[test]
fn the_schedules_follow_the_wall_clock_when_it_steps_either_way() {
    let (dir, config) = scenario("outbox", "");
    daemon_keys(&config, "0 */10 * * * *");
    // Friday 2026-10-23, before the 09:00 send: the day's reminders wait.
    let clock = Clock::at(dir.path(), "2026-10-23T08:50:00+09:00");
    let log = dir.path().join("daemon.log");
    let mut daemon = clock.spawn_daemon(&config, &log);
    wait_until("the schedules recorded", || {
        (firing(&clock.status(&config), "reminders.send_schedule", "next")?
            == "2026-10-23 09:00:00")
            .then_some(())
    });
    // (The week's digest, missed on Monday, may go out at once.)
    let waiting = outbox(dir.path());
    assert!(
        !waiting.iter().any(|m| m.contains("before-7")),
        "{waiting:?}"
    );

    // 09:00 comes by a step forward: the send fires.
    clock.set("2026-10-23T08:59:58+09:00");
    wait_until("the 09:00 send", || {
        let sent = outbox(dir.path());
        sent.iter().any(|m| m.contains("before-7")).then_some(sent)
    });
    clock.set("2026-10-23T10:09:58+09:00");
    wait_until("the 10:10 rescan", || {
        (firing(&clock.status(&config), "watch.rescan_schedule", "last")?.as_str()
            >= "2026-10-23 10:10:00")
            .then_some(())
    });
    // Every mail of the day went out by now (the rescan sends too).
    let sent = outbox(dir.path());

    // An hour back (an NTP correction, a VM restored): the next rescan is
    // the first after the time the clock reads, not an hour away.
    clock.set("2026-10-23T09:05:00+09:00");
    wait_until("the rescan brought back to 09:10", || {
        (firing(&clock.status(&config), "watch.rescan_schedule", "next")? == "2026-10-23 09:10:00")
            .then_some(())
    });
    // Until the next scan, the last one is dated after the clock.
    let (code, line) = clock.check(&config);
    assert_eq!(code, Some(1), "{line}");
    assert!(line.contains("later than the clock reads now"), "{line}");
    clock.set("2026-10-23T09:09:58+09:00");
    wait_until("the 09:10 rescan", || {
        let last = firing(&clock.status(&config), "watch.rescan_schedule", "last")?;
        (last.as_str() >= "2026-10-23 09:10:00" && last.as_str() < "2026-10-23 10:00:00")
            .then_some(())
    });
    clock.wait_for_check(&config, 0, "OK: daemon running");
    // Back before nine: the send fires again at 09:00 and the ledger
    // sends nothing twice.
    clock.set("2026-10-23T08:59:58+09:00");
    wait_until("the rescan fired again at 09:00", || {
        let status = clock.status(&config);
        let last = firing(&status, "watch.rescan_schedule", "last")?;
        let send = firing(&status, "reminders.send_schedule", "next")?;
        (last.as_str() >= "2026-10-23 09:00:00"
            && last.as_str() < "2026-10-23 09:01:00"
            && send == "2026-10-26 09:00:00")
            .then_some(())
    });
    assert_eq!(outbox(dir.path()), sent, "nothing sent twice");

    held_up_schedule_is_a_problem(&clock, &config, &daemon);
    let stopped = terminate(&mut daemon, &config);
    assert!(
        stopped.success(),
        "{stopped:?}: {}",
        text(&std::fs::read(&log).unwrap())
    );
    let log = text(&std::fs::read(&log).unwrap());
    assert!(
        log.lines()
            .any(|l| l.contains("WARN") && l.contains("the system clock stepped by -")),
        "{log}"
    );
}

/// The daemon held up (SIGSTOP) while its rescan's firing passes:
/// `status --check` fails and `status` names the schedule; going on, it
/// fires and the check is healthy again.
#[cfg(unix)]
fn held_up_schedule_is_a_problem(clock: &Clock, config: &Path, daemon: &Child) {
    crate::common::harness::send_signal(daemon, "STOP");
    clock.set("2026-10-23T09:14:00+09:00");
    // Held up while writing its state file, the daemon holds the file's
    // lock too, and `status --check` may name that problem first.
    let problem = wait_until("status naming the held-up rescan", || {
        (clock.check(config).0 == Some(1)).then_some(())?;
        let status = clock.status(config);
        let problems = status["problems"].as_array()?;
        problems
            .iter()
            .filter_map(serde_json::Value::as_str)
            .find(|p| p.contains("watch.rescan_schedule"))
            .map(str::to_string)
    });
    assert!(problem.contains("2026-10-23 09:10 JST"), "{problem}");
    assert!(problem.contains("has not run"), "{problem}");
    crate::common::harness::send_signal(daemon, "CONT");
    clock.wait_for_check(config, 0, "OK: daemon running");
}

// Windows has no signal that holds a process up.
#[cfg(not(unix))]
fn held_up_schedule_is_a_problem(_clock: &Clock, _config: &Path, _daemon: &Child) {}

#[test]
fn a_clock_far_ahead_for_seconds_is_reported_and_the_digest_goes_on() {
    // The planning digest alone, and no mail sent yet.
    let (dir, config) = scenario("outbox", "");
    let text_of = std::fs::read_to_string(&config).unwrap().replace(
        "[reminders.overrides.2026]",
        "[reminders]\nenabled = false\n[reminders.overrides.2026]",
    );
    std::fs::write(&config, text_of).unwrap();
    daemon_keys(&config, "* * * * * *");
    // Saturday 2026-10-24: nothing is due.
    let clock = Clock::at(dir.path(), "2026-10-24T10:00:00+09:00");
    let log = dir.path().join("daemon.log");
    let mut daemon = clock.spawn_daemon(&config, &log);
    clock.wait_for_check(&config, 0, "OK: daemon running");

    // A few seconds on a Monday five years ahead: its digest goes out.
    clock.set("2031-03-03T09:00:05+09:00");
    wait_until("the digest under the clock far ahead", || {
        outbox(dir.path())
            .iter()
            .any(|m| m.contains("2031-W10"))
            .then_some(())
    });
    // The clock right again: the record in the future is a problem.
    clock.set("2026-10-24T10:00:10+09:00");
    let line = clock.wait_for_check(&config, 1, "digest/planning/2031-W10");
    assert!(line.contains("2031-03-03 09:00 JST"), "{line}");
    clock.wait_for_check(&config, 1, "clock fault found 2026-10-24");
    let status = text(&clock.run(&config, &["status"]).stdout);
    assert!(status.contains("clock faults"), "{status}");

    // Monday: the week's digest goes out, as every later one will.
    clock.set("2026-10-26T09:00:05+09:00");
    wait_until("Monday's digest", || {
        outbox(dir.path())
            .iter()
            .any(|m| m.contains("2026-W44"))
            .then_some(())
    });
    // The next send is recorded once the run that sent it is over.
    wait_until("the next digest on 2 November", || {
        clock.status(&config)["mail"]["next_send"]
            .as_str()
            .is_some_and(|next| next.starts_with("2026-11-02"))
            .then_some(())
    });
    // Reported for `status.mail_failure_days` (7) after it was found.
    clock.set("2026-11-02T08:00:00+09:00");
    clock.wait_for_check(&config, 0, "OK: daemon running");
    assert!(terminate(&mut daemon, &config).success());
    let log = text(&std::fs::read(&log).unwrap());
    assert!(
        log.lines().any(|l| l.contains("ERROR")
            && l.contains("digest/planning/2031-W10")
            && l.contains("read far ahead")),
        "{log}"
    );
}

#[test]
fn the_29th_of_february_as_a_reporting_date_is_the_last_day_of_february() {
    let (dir, share) = folder(&["建設部"]);
    let config = crate::common::write_config(
        dir.path(),
        &share,
        "[reminders]\nyear_end_due = \"02/29\"\n[[departments]]\nname = \"建設部\"\nto = [\"kensetsu@city.example.jp\"]\n",
    );
    let checked = run(&config, &["config", "check"]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stderr));
    // 令和8年度 ends in a year without 29 February: its year-end report is
    // due on the 28th (a Sunday), the first overdue notice goes out on
    // Monday 1 March.
    let planned = text(&run(&config, &["remind", "--dry-run", "--today", "2027-03-01"]).stdout);
    assert!(
        planned.contains("=== 2026/year_end/建設部/overdue-2027-03-01"),
        "{planned}"
    );
    let reminded = text(&run(&config, &["remind", "--dry-run", "--today", "2027-02-26"]).stdout);
    assert!(
        reminded.contains("=== 2026/year_end/建設部/before-"),
        "{reminded}"
    );
}
