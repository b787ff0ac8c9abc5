//! Driving the real binary: the daemon as a child process with its log
//! kept, commands run under a guard, waiting for what they write, and
//! workbooks edited inside their zip package.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use super::{fixture, mokuhyo, write_config};

/// The fy2026 corpus workbook of a department.
pub fn fy2026(department: &str) -> PathBuf {
    fixture(&format!(
        "corpus/fy2026/令和8年度重点目標管理シート_{department}.xlsx"
    ))
}

/// The departments of the fy2026 corpus.
pub const DEPARTMENTS: [&str; 5] = ["総務部", "企画部", "市民生活部", "健康福祉部", "建設部"];

/// A temp dir with a shared folder `share/` holding the fy2026 workbooks
/// of `departments`.
pub fn folder(departments: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    for department in departments {
        std::fs::copy(fy2026(department), share.join(format!("{department}.xlsx"))).unwrap();
    }
    (dir, share)
}

/// Waits until `probe` gives something; a guard of two minutes keeps a
/// failing test from hanging (it asserts nothing about time).
pub fn wait_until<T>(what: &str, probe: impl Fn() -> Option<T>) -> T {
    poll(Duration::from_millis(50), probe).unwrap_or_else(|| panic!("gave up waiting for: {what}"))
}

/// [`wait_until`], whose failure says what `explain` finds when it gives up
/// (the state the probe last looked at).
pub fn wait_until_explained<T>(
    what: &str,
    probe: impl FnMut() -> Option<T>,
    explain: impl FnOnce() -> String,
) -> T {
    poll(Duration::from_millis(50), probe)
        .unwrap_or_else(|| panic!("gave up waiting for: {what}\n{}", explain()))
}

/// Waits for a child to end (under the same guard), killing it if not.
pub fn wait_for_exit(child: &mut Child, what: &str) -> ExitStatus {
    let found = poll(Duration::from_millis(20), || {
        child.try_wait().ok().flatten()
    });
    match found {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not end");
        }
    }
}

/// Asks `probe` every `every` until it gives something, under the guard of
/// two minutes; `None` past it.
fn poll<T>(every: Duration, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if let Some(found) = probe() {
            return Some(found);
        }
        std::thread::sleep(every);
    }
    None
}

/// Starts `command`. Under Wine a process start is now and then refused
/// with Windows error 1359 ("internal error") while the machine is busy;
/// such a refusal is retried a few times, any other error fails the test.
pub fn spawn(command: &mut Command) -> Child {
    const WINE_BUSY: i32 = 1359;
    let mut attempt = 1;
    loop {
        match command.spawn() {
            Ok(child) => return child,
            Err(error) if error.raw_os_error() == Some(WINE_BUSY) && attempt < 5 => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(200 * attempt));
            }
            Err(error) => panic!("cannot start {command:?}: {error}"),
        }
    }
}

/// [`Command::output`] started by [`spawn`] and under the guard of
/// [`wait_for_exit`]: standard input closed, both outputs captured. A
/// command that does not end is killed and fails its test by name, so that
/// no test waits for ever.
pub trait Capture {
    fn capture(&mut self) -> Output;
}

impl Capture for Command {
    fn capture(&mut self) -> Output {
        let what = format!("{self:?}");
        let mut child = spawn(
            self.stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped()),
        );
        collect(&mut child, &what)
    }
}

/// Runs the binary with `args` and the configuration in `config` under the
/// guard; returns its output.
pub fn run(config: &Path, args: &[&str]) -> Output {
    run_with(mokuhyo(), config, args)
}

/// [`run`] with a prepared command (environment).
pub fn run_with(mut command: Command, config: &Path, args: &[&str]) -> Output {
    let mut child = spawn(
        command
            .args(args)
            .arg("--config")
            .arg(config)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    );
    collect(&mut child, &format!("mokuhyo {}", args.join(" ")))
}

/// Both outputs of `child` (piped), read while it runs, and how it ended,
/// under the guard of [`wait_for_exit`].
fn collect(child: &mut Child, what: &str) -> Output {
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let read = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let (out, err) = (read(Box::new(stdout)), read(Box::new(stderr)));
    let status = wait_for_exit(child, what);
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `mokuhyo status`.
pub fn status(config: &Path) -> String {
    text(&run(config, &["status"]).stdout)
}

/// Sends `signal` (`TERM`, `KILL` …) to a child.
#[cfg(unix)]
pub fn send_signal(child: &Child, signal: &str) {
    let sent = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(sent.success());
}

/// Asks the daemon `child`, running with the configuration `config`, to
/// stop as an administrator would: SIGTERM on Unix, `mokuhyo stop` on
/// Windows (where no signal reaches a process without a console); it must
/// stop by itself. Returns how it ended.
pub fn terminate(child: &mut Child, config: &Path) -> ExitStatus {
    #[cfg(unix)]
    {
        let _ = config;
        send_signal(child, "TERM");
    }
    #[cfg(not(unix))]
    {
        let stop = run(config, &["stop"]);
        assert!(
            stop.status.success(),
            "mokuhyo stop: {}",
            text(&stop.stderr)
        );
    }
    wait_for_exit(child, "the daemon after a stop request")
}

/// The daemon on a temp folder, its log (human format) in a file.
pub struct Daemon {
    child: Child,
    pub config: PathBuf,
    pub out: PathBuf,
    log: PathBuf,
}

impl Daemon {
    /// Starts `mokuhyo run` on `share` with the watcher in `mode`, mails off,
    /// and `extra` configuration.
    pub fn start(dir: &Path, share: &Path, mode: &str, extra: &str) -> Daemon {
        Daemon::start_on(mokuhyo(), dir, share, mode, extra)
    }

    /// [`Daemon::start`] with the daemon's clock starting at `start`
    /// (`MOKUHYO_TEST_CLOCK`), so that what it mails at start does not
    /// depend on the hour the test runs.
    pub fn start_at(start: &str, dir: &Path, share: &Path, mode: &str, extra: &str) -> Daemon {
        let mut command = mokuhyo();
        command.env("MOKUHYO_TEST_CLOCK", start);
        Daemon::start_on(command, dir, share, mode, extra)
    }

    fn start_on(command: Command, dir: &Path, share: &Path, mode: &str, extra: &str) -> Daemon {
        let config = write_config(
            dir,
            share,
            &format!(
                "[watch]\nmode = \"{mode}\"\ndebounce_ms = 300\npoll_interval_secs = 1\n{extra}\n[reminders]\nenabled = false\n[digest]\nenabled = false\n"
            ),
        );
        Daemon::start_command(command, dir, config)
    }

    /// Starts `mokuhyo run` with the configuration file `config`, writing
    /// to `dir/out` (as [`write_config`] sets it).
    pub fn start_with(dir: &Path, config: PathBuf) -> Daemon {
        Daemon::start_command(mokuhyo(), dir, config)
    }

    /// [`Daemon::start_with`] with a prepared command (environment).
    pub fn start_command(mut command: Command, dir: &Path, config: PathBuf) -> Daemon {
        let log = dir.join("daemon.log");
        let child = spawn(
            command
                .args(["run", "--config"])
                .arg(&config)
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&log).unwrap()),
        );
        Daemon {
            child,
            config,
            out: dir.join("out"),
            log,
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The consolidated JSON of 令和8年度, parsed (Null while absent).
    pub fn json(&self) -> serde_json::Value {
        std::fs::read_to_string(self.out.join("全庁目標一覧_令和8年度.json"))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Waits until the consolidated JSON satisfies `pred`.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&serde_json::Value) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(120) {
            if pred(&self.json()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "gave up waiting for: {what}\n{}\n{}",
            self.json(),
            self.log()
        );
    }

    /// Asks the daemon to stop as an administrator would ([`terminate`]).
    pub fn terminate(mut self) -> ExitStatus {
        terminate(&mut self.child, &self.config)
    }

    /// `mokuhyo stop`, on every platform; the daemon must stop by itself.
    pub fn stop(mut self) -> (Output, ExitStatus) {
        let stop = run(&self.config, &["stop"]);
        (
            stop,
            wait_for_exit(&mut self.child, "the daemon after mokuhyo stop"),
        )
    }
}

/// A test that fails leaves no daemon running.
impl Drop for Daemon {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The sheets of `department` in a consolidated JSON.
pub fn sheets_of(json: &serde_json::Value, department: &str) -> usize {
    json["sheets"].as_array().map_or(0, |sheets| {
        sheets
            .iter()
            .filter(|s| s["department"] == department)
            .count()
    })
}

/// The import problems of a consolidated JSON whose file name ends in `name`.
pub fn problems_of<'a>(json: &'a serde_json::Value, name: &str) -> Vec<&'a serde_json::Value> {
    json["problems"].as_array().map_or(Vec::new(), |problems| {
        problems
            .iter()
            .filter(|p| p["file"].as_str().is_some_and(|f| f.ends_with(name)))
            .collect()
    })
}

/// A copy of the workbook `src` at `dst` with `edit` applied to the text of
/// every XML part of `xl/` (by part name).
pub fn edit_workbook(src: &Path, dst: &Path, edit: impl Fn(&str, String) -> String) {
    use std::io::{Read, Write};
    let mut source = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for i in 0..source.len() {
        let mut part = source.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if (name.starts_with("xl/") || name.starts_with("docProps/")) && name.ends_with(".xml") {
            bytes = edit(&name, String::from_utf8(bytes).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

/// A temporary folder holding a copy of the bundled sample folder (in
/// `share/`).
pub fn sample_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/shared-folder");
    for entry in std::fs::read_dir(sample).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, share.join(path.file_name().unwrap())).unwrap();
        }
    }
    (dir, share)
}
