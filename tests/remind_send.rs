//! Reminder delivery end to end: a real SMTP server on loopback (the
//! `mailin-embedded` crate, tests/common/smtp.rs) receives the mails, a standard parser
//! (`mail-parser`) reads them back; the SQLite ledger lives in a temp dir.
//!
//! The sheets mirror tests/fixtures/corpus/fy2026: they are built from the
//! fixtures' `.key.json` files (goal N on sheet `重点目標管理シートN`, items
//! from row 9, 中間報告 in column E), interim due 2026-10-30 as an override.

use mokuhyo_core::model::LayoutKind;
use std::path::{Path, PathBuf};

use crate::common::smtp;
use chrono::{DateTime, TimeZone, Utc};
use mail_parser::{MessageParser, MimeHeaders};
use mokuhyo::mail::{RemindInput, dry_run, send_due};
use mokuhyo::state::ledger::Ledger;
use mokuhyo::state::{Access, StateFile};
use mokuhyo_core::calendar::{BusinessCalendar, FiscalYear};
use mokuhyo_core::model::{
    ActionItem, CellRef, Goal, ItemCells, ItemField, ItemTexts, Report, SheetReport,
};
use mokuhyo_core::remind::RemindConfig;
use mokuhyo_core::remind::config::{RecipientConfig, SmtpSecurity, TransportKind};
use mokuhyo_core::remind::plan::{FileProblem, Outcome};

/// The ledger of the state file at `path`, created when absent.
fn ledger_at(path: &Path) -> Ledger {
    StateFile::open(path, Access::Create)
        .unwrap()
        .ledger()
        .unwrap()
}

const FIXTURES: &str = "tests/fixtures/corpus/fy2026";
const DEPARTMENTS: [(&str, &str); 5] = [
    ("総務部", "somu"),
    ("企画部", "kikaku"),
    ("市民生活部", "shimin"),
    ("健康福祉部", "fukushi"),
    ("建設部", "kensetsu"),
];
const PLANNING: &str = "kikakuka@city.example.jp";

fn fixture_reports() -> Vec<SheetReport> {
    let mut out = Vec::new();
    for (name, _) in DEPARTMENTS {
        let file = PathBuf::from(format!(
            "{FIXTURES}/令和8年度重点目標管理シート_{name}.xlsx"
        ));
        let key_path = format!("{}.key.json", file.display());
        let key: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&key_path).unwrap()).unwrap();
        for (g, goal) in key["goals"].as_array().unwrap().iter().enumerate() {
            let sheet = format!("重点目標管理シート{}", g + 1);
            let items = goal["items"]
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .map(|(k, it)| {
                    let row = 8 + k as u32;
                    let filled = |f: &str| {
                        if it[f].as_bool().unwrap() {
                            Report::Filled("記入済".into())
                        } else {
                            Report::Empty
                        }
                    };
                    let title = it["title"].as_str().unwrap();
                    ActionItem {
                        texts: ItemTexts::new(
                            None,
                            title,
                            title,
                            it["deadline_text"].as_str(),
                            None,
                            None,
                        ),
                        deadlines: Vec::new(),
                        interim: filled("interim_filled"),
                        year_end: filled("year_end_filled"),
                        achievement: None,
                        owners: Vec::new(),
                        cell: CellRef::new(sheet.as_str(), row, 1),
                        cells: ItemCells::default()
                            .with(ItemField::Interim, CellRef::new(sheet.as_str(), row, 4))
                            .with(ItemField::YearEnd, CellRef::new(sheet.as_str(), row, 5)),
                        extras: Vec::new(),
                    }
                })
                .collect();
            out.push(SheetReport {
                file: file.clone(),
                sheet: sheet.clone(),
                fiscal_year: FiscalYear(2026),
                department: name.to_string(),
                layout: LayoutKind::Table.into(),
                goals: vec![Goal {
                    number: Some((g + 1).to_string()),
                    title: goal["title"].as_str().unwrap().to_string(),
                    priority: None,
                    targets: Vec::new(),
                    plan_positions: Vec::new(),
                    items,
                    cell: None,
                    extras: Vec::new(),
                }],
                warnings: Vec::new(),
                reading: Default::default(),
            });
        }
    }
    out
}

fn config(port: u16, dir: &Path) -> RemindConfig {
    let mut cfg: RemindConfig = toml::from_str(&format!(
        r#"
        [reminders.overrides.2026]
        interim = "2026-10-30"
        year_end = "2027-04-30"
        [digest]
        enabled = false
        [mail]
        from = "mokuhyo@city.example.jp"
        planning = ["{PLANNING}"]
        transport = "smtp"
        outbox_dir = '{}'
        templates_dir = '{}'
        [mail.smtp]
        host = "127.0.0.1"
        port = {port}
        security = "none"
        timeout_secs = 10
        retries = 1
        backoff_secs = 0
        "#,
        dir.join("outbox").display(),
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates/mail")
            .display(),
    ))
    .unwrap();
    assert_eq!(cfg.mail.smtp.security, SmtpSecurity::None);
    for (name, addr) in DEPARTMENTS {
        cfg.departments.push(RecipientConfig {
            name: name.into(),
            aliases: Vec::new(),
            to: vec![format!("{addr}@city.example.jp").parse().unwrap()],
            cc: Vec::new(),
            parent: None,
        });
    }
    cfg
}

/// 09:30 in Tokyo on the given day.
fn jst(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Tokyo
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn free_port_with_nothing_listening() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Reports as the plan borrows them.
fn refs(reports: &[SheetReport]) -> Vec<&SheetReport> {
    reports.iter().collect()
}

fn input<'a>(
    reports: &'a [&'a SheetReport],
    consolidated: &'a [(FiscalYear, PathBuf)],
) -> RemindInput<'a> {
    RemindInput {
        reports,
        problems: &[],
        consolidated,
        page: None,
    }
}

fn subject_and_text(data: &[u8]) -> (String, String) {
    let m = MessageParser::default().parse(data).unwrap();
    (
        m.subject().unwrap().to_string(),
        m.body_text(0).unwrap().to_string(),
    )
}

#[tokio::test]
async fn one_week_before_only_the_two_departments_with_empty_cells_get_mail() {
    let dir = tempfile::tempdir().unwrap();
    let (port, received) = smtp::server(None);
    let cfg = config(port, dir.path());
    let reports = fixture_reports();
    let ledger_path = dir.path().join("ledger.sqlite");
    let ledger = ledger_at(&ledger_path);
    let cal = BusinessCalendar::default();

    let s = send_due(
        &input(&refs(&reports), &[]),
        &cfg,
        &cal,
        jst(2026, 10, 23, 9, 30),
        &ledger,
    )
    .await;
    assert_eq!(
        s.sent,
        vec![
            "2026/interim/市民生活部/before-7",
            "2026/interim/建設部/before-7"
        ],
        "{s:?}"
    );
    assert!(s.failed_transient.is_empty() && s.failed_permanent.is_empty() && s.errors.is_empty());

    let got = received.received();
    assert_eq!(got.len(), 2);
    let (shimin, kensetsu) = (&got[0], &got[1]);
    assert_eq!(shimin.rcpt, vec!["shimin@city.example.jp"]);
    assert_eq!(kensetsu.rcpt, vec!["kensetsu@city.example.jp"]);

    let (subject, text) = subject_and_text(&shimin.data);
    assert_eq!(
        subject,
        "【中間報告のご記入のお願い】令和8年度 市民生活部（期限 令和8年10月30日（金）、あと7日）"
    );
    let raw = String::from_utf8_lossy(&shimin.data);
    assert!(
        raw.contains("Subject: =?utf-8?"),
        "subject is RFC 2047 encoded:\n{raw}"
    );
    let listed: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("記入するセル"))
        .collect();
    assert_eq!(listed.len(), 5, "{text}");
    for cell in [
        "シート1!E9",
        "シート1!E11",
        "シート2!E10",
        "シート2!E12",
        "シート3!E11",
    ] {
        assert!(
            text.contains(&format!("重点目標管理{cell}")),
            "{cell} in\n{text}"
        );
    }
    let (_, text) = subject_and_text(&kensetsu.data);
    assert_eq!(
        text.lines().filter(|l| l.contains("記入するセル")).count(),
        4,
        "{text}"
    );
    assert!(text.contains("○デマンド交通の運行エリア拡大"));
    let m = MessageParser::default().parse(&kensetsu.data[..]).unwrap();
    assert!(m.cc().is_none(), "no CC before the due date");

    // The same day again: nothing more.
    let s = send_due(
        &input(&refs(&reports), &[]),
        &cfg,
        &cal,
        jst(2026, 10, 23, 15, 0),
        &ledger,
    )
    .await;
    assert!(s.planned.is_empty() && s.sent.is_empty(), "{s:?}");
    // A restart (a new connection to the same file): still nothing.
    drop(ledger);
    let ledger = ledger_at(&ledger_path);
    let s = send_due(
        &input(&refs(&reports), &[]),
        &cfg,
        &cal,
        jst(2026, 10, 26, 9, 0),
        &ledger,
    )
    .await;
    assert!(s.sent.is_empty(), "no duplicate after a restart: {s:?}");
    assert_eq!(received.received().len(), 2);
    let status = ledger.status().unwrap();
    assert_eq!(status.sent, 2);
    let e = ledger
        .entry(&"2026/interim/建設部/before-7".parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!((e.outcome, e.attempts), (Outcome::Sent, 1));
    assert_eq!(e.recipients, "to=kensetsu@city.example.jp;cc=");
    assert!(e.message_id.unwrap().ends_with("@city.example.jp>"));
}

#[tokio::test]
async fn overdue_copies_planning_and_the_digest_carries_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let (port, received) = smtp::server(None);
    let mut cfg = config(port, dir.path());
    cfg.digest.enabled = true;
    let workbook = dir.path().join("令和8年度_重点目標_集約.xlsx");
    std::fs::copy(
        format!("{FIXTURES}/令和8年度重点目標管理シート_総務部.xlsx"),
        &workbook,
    )
    .unwrap();
    let reports = fixture_reports();
    let ledger = ledger_at(&dir.path().join("ledger.sqlite"));
    // Last year's workbook is not attached (digest.attach_consolidated =
    // "current_year", the default): the page of this year is linked.
    let last_year = dir.path().join("令和7年度_重点目標_集約.xlsx");
    std::fs::copy(&workbook, &last_year).unwrap();
    let consolidated = vec![
        (FiscalYear(2025), last_year),
        (FiscalYear(2026), workbook.clone()),
    ];
    let page = r"\\fileserver\企画課\全庁目標一覧_令和8年度.html";

    let s = send_due(
        &RemindInput {
            page: Some(page),
            ..input(&refs(&reports), &consolidated)
        },
        &cfg,
        &BusinessCalendar::default(),
        jst(2026, 11, 2, 9, 0),
        &ledger,
    )
    .await;
    assert_eq!(
        s.sent,
        vec![
            "2026/interim/市民生活部/overdue-2026-11-02",
            "2026/interim/建設部/overdue-2026-11-02",
            "digest/planning/2026-W45",
        ],
        "{s:?}"
    );
    let got = received.received();
    assert_eq!(got.len(), 3);
    for (r, dept) in got[..2].iter().zip(["shimin", "kensetsu"]) {
        assert_eq!(
            r.rcpt,
            vec![format!("{dept}@city.example.jp"), PLANNING.to_string()]
        );
        let m = MessageParser::default().parse(&r.data[..]).unwrap();
        let cc: Vec<&str> = m.cc().unwrap().iter().filter_map(|a| a.address()).collect();
        assert_eq!(cc, vec![PLANNING]);
        assert!(
            m.subject().unwrap().starts_with("【中間報告 提出遅れ】"),
            "{:?}",
            m.subject()
        );
        assert!(m.body_text(0).unwrap().contains("3日が過ぎましたが"));
    }
    let digest = MessageParser::default().parse(&got[2].data[..]).unwrap();
    assert_eq!(got[2].rcpt, vec![PLANNING]);
    assert!(digest.subject().unwrap().contains("提出状況"));
    let text = digest.body_text(0).unwrap();
    // Reports left empty after their due date are 提出遅れ, as
    // the workbook's 未提出 sheet lists them.
    assert!(
        text.contains("市民生活部") && text.contains("提出遅れ 5") && !text.contains("未記入"),
        "{text}"
    );
    assert!(text.contains(page), "{text}");
    assert_eq!(digest.attachment_count(), 1);
    let a = digest
        .attachment(0)
        .expect("the consolidated workbook is attached");
    assert_eq!(a.attachment_name(), Some("令和8年度_重点目標_集約.xlsx"));
    assert!(a.is_content_type(
        "application",
        "vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ));
    assert!(
        a.contents().starts_with(b"PK\x03\x04"),
        "opens as a zip (xlsx) file"
    );
    assert_eq!(a.contents(), std::fs::read(&workbook).unwrap());
}

#[tokio::test]
async fn server_down_records_failure_and_the_next_run_sends() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(free_port_with_nothing_listening(), dir.path());
    let reports = fixture_reports();
    let ledger = ledger_at(&dir.path().join("ledger.sqlite"));
    let cal = BusinessCalendar::default();

    let s = send_due(
        &input(&refs(&reports), &[]),
        &cfg,
        &cal,
        jst(2026, 10, 23, 9, 0),
        &ledger,
    )
    .await;
    assert!(s.sent.is_empty());
    assert_eq!(s.failed_transient.len(), 2, "{s:?}");
    let e = ledger
        .entry(&"2026/interim/市民生活部/before-7".parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(e.outcome, Outcome::FailedTransient);
    assert_eq!(e.attempts, 2, "first try and one retry");
    assert!(e.last_error.is_some());
    assert_eq!(ledger.status().unwrap().sent, 0);

    // Later that day the server is up: the same keys go out.
    let (port, received) = smtp::server(None);
    cfg.mail.smtp.port = Some(port);
    let s = send_due(
        &input(&refs(&reports), &[]),
        &cfg,
        &cal,
        jst(2026, 10, 23, 11, 0),
        &ledger,
    )
    .await;
    assert_eq!(s.sent.len(), 2, "{s:?}");
    assert_eq!(received.received().len(), 2);
    let e = ledger
        .entry(&"2026/interim/市民生活部/before-7".parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!((e.outcome, e.attempts), (Outcome::Sent, 3));
}

#[tokio::test]
async fn a_rejected_recipient_is_a_permanent_failure_not_retried() {
    let dir = tempfile::tempdir().unwrap();
    let (port, received) = smtp::server(Some("shimin@"));
    let cfg = config(port, dir.path());
    let reports = fixture_reports();
    let ledger = ledger_at(&dir.path().join("ledger.sqlite"));
    let cal = BusinessCalendar::default();

    let s = send_due(
        &input(&refs(&reports), &[]),
        &cfg,
        &cal,
        jst(2026, 10, 23, 9, 0),
        &ledger,
    )
    .await;
    assert_eq!(s.sent, vec!["2026/interim/建設部/before-7"]);
    assert_eq!(s.failed_permanent.len(), 1, "{s:?}");
    assert!(s.failed_permanent[0].1.contains("550"), "{s:?}");
    let e = ledger
        .entry(&"2026/interim/市民生活部/before-7".parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!((e.outcome, e.attempts), (Outcome::FailedPermanent, 1));
    let s = send_due(
        &input(&refs(&reports), &[]),
        &cfg,
        &cal,
        jst(2026, 10, 23, 10, 0),
        &ledger,
    )
    .await;
    assert!(s.planned.is_empty(), "{s:?}");
    assert_eq!(received.received().len(), 1);
}

#[tokio::test]
async fn nothing_before_the_send_schedule_fires() {
    let dir = tempfile::tempdir().unwrap();
    let (port, received) = smtp::server(None);
    let cfg = config(port, dir.path());
    let ledger = ledger_at(&dir.path().join("ledger.sqlite"));
    let reports = fixture_reports();
    let s = send_due(
        &input(&refs(&reports), &[]),
        &cfg,
        &BusinessCalendar::default(),
        jst(2026, 10, 23, 8, 59),
        &ledger,
    )
    .await;
    assert!(s.planned.is_empty(), "{s:?}");
    assert!(!s.later_today.is_empty(), "{s:?}");
    assert!(
        s.later_today.iter().all(|(_, time)| time == "09:00"),
        "{s:?}"
    );
    assert!(received.received().is_empty());
}

#[tokio::test]
async fn the_digest_goes_out_at_its_own_time() {
    let dir = tempfile::tempdir().unwrap();
    let (port, received) = smtp::server(None);
    let mut cfg = config(port, dir.path());
    cfg.digest.enabled = true;
    cfg.digest.schedule = mokuhyo_core::calendar::CronSchedule::parse("0 30 17 * * Fri").unwrap();
    let ledger = ledger_at(&dir.path().join("ledger.sqlite"));
    let reports = fixture_reports();
    let calendar = BusinessCalendar::default();
    // Friday 10:00: the reminders go; the digest waits for 17:30.
    let morning = send_due(
        &input(&refs(&reports), &[]),
        &cfg,
        &calendar,
        jst(2026, 10, 23, 10, 0),
        &ledger,
    )
    .await;
    assert!(!morning.sent.is_empty(), "{morning:?}");
    assert!(
        morning.sent.iter().all(|k| !k.starts_with("digest/")),
        "{morning:?}"
    );
    assert_eq!(
        morning.later_today,
        [("digest/planning/2026-W43".to_string(), "17:30".to_string())]
    );
    let before = received.received().len();
    // 17:31: only the digest.
    let evening = send_due(
        &input(&refs(&reports), &[]),
        &cfg,
        &calendar,
        jst(2026, 10, 23, 17, 31),
        &ledger,
    )
    .await;
    assert_eq!(evening.sent, ["digest/planning/2026-W43"], "{evening:?}");
    assert!(evening.later_today.is_empty());
    assert_eq!(received.received().len(), before + 1);
}

#[tokio::test]
async fn outbox_writes_parseable_eml_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(0, dir.path());
    cfg.mail.transport = TransportKind::Outbox;
    let reports = fixture_reports();
    let problems = vec![FileProblem {
        department: None,
        problem: mokuhyo_core::problem::ImportProblem::new(
            &PathBuf::from("share/令和8年度重点目標管理シート_健康福祉部_修正.xlsx"),
            mokuhyo_core::problem::ProblemKind::Error,
            "zip: invalid central directory",
        ),
    }];
    let ledger = ledger_at(&dir.path().join("ledger.sqlite"));
    let run = RemindInput {
        reports: &refs(&reports),
        problems: &problems,
        consolidated: &[],
        page: None,
    };
    let s = send_due(
        &run,
        &cfg,
        &BusinessCalendar::default(),
        jst(2026, 10, 23, 9, 0),
        &ledger,
    )
    .await;
    assert_eq!(s.sent.len(), 3, "{s:?}");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("2026_interim_市民生活部_before-7-") && n.ends_with(".eml")),
        "{names:?}"
    );
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let m = MessageParser::default().parse(&bytes[..]).unwrap();
        assert!(m.subject().is_some_and(|s| !s.is_empty()));
        assert!(m.to().is_some());
    }
    let broken = files
        .iter()
        .find(|p| p.to_string_lossy().contains("file_健康福祉部_"))
        .expect("a notice for the unreadable workbook");
    let (subject, text) = subject_and_text(&std::fs::read(broken).unwrap());
    assert!(subject.contains("読み込めません"));
    assert!(text.contains("zip: invalid central directory"));
}

#[test]
fn dry_run_renders_without_sending_or_recording() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(free_port_with_nothing_listening(), dir.path());
    let reports = fixture_reports();
    let ledger = ledger_at(&dir.path().join("ledger.sqlite"));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let mails = dry_run(
        &input(&refs(&reports), &[]),
        &cfg,
        &BusinessCalendar::default(),
        today,
        &ledger,
    )
    .unwrap();
    assert_eq!(mails.len(), 2);
    let shown = mails[0].to_string();
    assert!(
        shown.contains("=== 2026/interim/市民生活部/overdue-2026-11-02"),
        "{shown}"
    );
    // The library speaks Japanese unless told otherwise.
    assert!(
        shown.contains(&format!("写し（Cc）：{PLANNING}")),
        "{shown}"
    );
    assert!(
        shown.contains("理由：市民生活部：空欄の中間報告欄 5 件（令和8年度、提出期限 2026-10-30）：提出期限から 3 日経過"),
        "{shown}"
    );
    assert!(shown.contains("重点目標管理シート3!E11"));
    assert_eq!(
        ledger.status().unwrap().sent + ledger.status().unwrap().attempting,
        0
    );
    assert!(!dir.path().join("outbox").exists());
}

/// The daemon's way: a blocking thread of its one current-thread runtime
/// (holding the SQLite ledger, which is not `Send` across awaits) sends
/// through that same runtime while the runtime's own task awaits the thread.
#[test]
fn mail_goes_out_on_the_callers_runtime_from_its_blocking_thread() {
    let dir = tempfile::tempdir().unwrap();
    let (port, received) = smtp::server(None);
    let cfg = config(port, dir.path());
    let ledger_path = dir.path().join("ledger.sqlite");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sent = runtime.block_on(async move {
        let handle = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let reports = fixture_reports();
            let ledger = ledger_at(&ledger_path);
            let cal = BusinessCalendar::default();
            handle
                .block_on(send_due(
                    &input(&refs(&reports), &[]),
                    &cfg,
                    &cal,
                    jst(2026, 10, 23, 9, 30),
                    &ledger,
                ))
                .sent
        })
        .await
        .unwrap()
    });
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(received.received().len(), 2);
}
