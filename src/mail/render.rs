//! Renders planned mails with the templates of `templates/mail/`.
//!
//! Each kind of mail has `KIND.subject.txt`, `KIND.body.txt` and optionally
//! `KIND.body.html` (HTML is auto-escaped). Files in the configured folder are
//! read at run time, so they can be edited without rebuilding; a missing file
//! falls back to the built-in copy compiled into the program.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use mokuhyo_core::remind::plan::{MailKind, PlannedMail, Recipients};

/// The built-in templates: (file name, text).
const BUILTIN: &[(&str, &str)] = &[
    (
        "reminder.subject.txt",
        include_str!("../../templates/mail/reminder.subject.txt"),
    ),
    (
        "reminder.body.txt",
        include_str!("../../templates/mail/reminder.body.txt"),
    ),
    (
        "reminder.body.html",
        include_str!("../../templates/mail/reminder.body.html"),
    ),
    (
        "overdue.subject.txt",
        include_str!("../../templates/mail/overdue.subject.txt"),
    ),
    (
        "overdue.body.txt",
        include_str!("../../templates/mail/overdue.body.txt"),
    ),
    (
        "overdue.body.html",
        include_str!("../../templates/mail/overdue.body.html"),
    ),
    (
        "folder_outage.subject.txt",
        include_str!("../../templates/mail/folder_outage.subject.txt"),
    ),
    (
        "folder_outage.body.txt",
        include_str!("../../templates/mail/folder_outage.body.txt"),
    ),
    (
        "unreadable.subject.txt",
        include_str!("../../templates/mail/unreadable.subject.txt"),
    ),
    (
        "unreadable.body.txt",
        include_str!("../../templates/mail/unreadable.body.txt"),
    ),
    (
        "planning_digest.subject.txt",
        include_str!("../../templates/mail/planning_digest.subject.txt"),
    ),
    (
        "planning_digest.body.txt",
        include_str!("../../templates/mail/planning_digest.body.txt"),
    ),
    (
        "planning_digest.body.html",
        include_str!("../../templates/mail/planning_digest.body.html"),
    ),
    (
        "deadline_digest.subject.txt",
        include_str!("../../templates/mail/deadline_digest.subject.txt"),
    ),
    (
        "deadline_digest.body.txt",
        include_str!("../../templates/mail/deadline_digest.body.txt"),
    ),
    // Parts every mail includes.
    (
        "footer.txt",
        include_str!("../../templates/mail/footer.txt"),
    ),
    (
        "footer.html",
        include_str!("../../templates/mail/footer.html"),
    ),
    (
        "how_to_fill.txt",
        include_str!("../../templates/mail/how_to_fill.txt"),
    ),
    (
        "how_to_fill.html",
        include_str!("../../templates/mail/how_to_fill.html"),
    ),
];

/// A mail ready to go out: planned, rendered, with its attachments named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenderedMail {
    pub key: String,
    pub kind: MailKind,
    #[serde(flatten)]
    pub recipients: Recipients,
    pub reason: mokuhyo_core::remind::MailReason,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachments: Vec<PathBuf>,
}

/// A template that could not be loaded or rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template {name}: {source}")]
    Template {
        name: String,
        #[source]
        source: minijinja::Error,
    },
    #[error("template {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The loaded templates.
pub struct Templates {
    env: Environment<'static>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").finish_non_exhaustive()
    }
}

fn make_env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Lenient);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_keep_trailing_newline(true);
    env.add_filter("wareki", wareki);
    env
}

/// The `wareki` filter: an ISO date (`2026-09-30`) in 和暦, `令和8年9月30日`;
/// anything else as it is.
fn wareki(value: String) -> String {
    chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d")
        .map_or(value, mokuhyo_core::calendar::era::japanese_date)
}

impl Templates {
    /// No templates at all: every mail renders empty. Only a fallback.
    pub fn empty() -> Templates {
        Templates { env: make_env() }
    }

    /// Only the built-in templates.
    pub fn builtin() -> Result<Templates, RenderError> {
        Templates::load(None)
    }

    /// The templates of `dir` where present, the built-in ones otherwise. A
    /// missing folder is not an error; an unreadable or invalid file is.
    pub fn load(dir: Option<&Path>) -> Result<Templates, RenderError> {
        let mut env = make_env();
        for (name, builtin) in BUILTIN {
            let text = match dir.map(|d| d.join(name)) {
                Some(path) if path.is_file() => std::fs::read_to_string(&path)
                    .map_err(|source| RenderError::Read { path, source })?,
                _ => (*builtin).to_string(),
            };
            env.add_template_owned(name.to_string(), text)
                .map_err(|source| RenderError::Template {
                    name: name.to_string(),
                    source,
                })?;
        }
        Ok(Templates { env })
    }

    fn render_one(&self, name: &str, mail: &PlannedMail) -> Result<Option<String>, RenderError> {
        let Ok(tmpl) = self.env.get_template(name) else {
            return Ok(None);
        };
        tmpl.render(&mail.data)
            .map(Some)
            .map_err(|source| RenderError::Template {
                name: name.to_string(),
                source,
            })
    }

    /// Renders subject and bodies. The subject is folded onto one line,
    /// without the control and bidirectional formatting characters a cell
    /// or a name may hold.
    pub fn render(&self, mail: &PlannedMail) -> Result<RenderedMail, RenderError> {
        let kind = mail.kind.template();
        let subject = self
            .render_one(&format!("{kind}.subject.txt"), mail)?
            .unwrap_or_default();
        let subject = mokuhyo_core::shown_text::header_text(&subject);
        let text = self
            .render_one(&format!("{kind}.body.txt"), mail)?
            .unwrap_or_default();
        let html = self.render_one(&format!("{kind}.body.html"), mail)?;
        Ok(RenderedMail {
            key: mail.key.to_string(),
            kind: mail.kind,
            recipients: mail.recipients.clone(),
            reason: mail.reason.clone(),
            subject,
            text,
            html,
            attachments: mail.attachments.clone(),
        })
    }
}

/// Every kind has a subject and a text body among the built-ins.
#[cfg(test)]
pub(crate) fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(n, _)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mokuhyo_core::calendar::BusinessCalendar;
    use mokuhyo_core::remind::config::{ContactConfig, RemindConfig};
    use mokuhyo_core::remind::plan::fixtures::{d, fy2026_config, fy2026_reports, refs};
    use mokuhyo_core::remind::plan::{FileProblem, plan};
    use std::collections::HashSet;

    #[test]
    fn every_kind_has_subject_and_text() {
        for kind in [
            MailKind::Reminder,
            MailKind::Overdue,
            MailKind::Unreadable,
            MailKind::PlanningDigest,
            MailKind::DeadlineDigest,
            MailKind::FolderOutage,
        ] {
            for part in ["subject.txt", "body.txt"] {
                let name = format!("{}.{part}", kind.template());
                assert!(builtin_names().any(|n| n == name), "{name} missing");
            }
        }
    }

    #[test]
    fn reminder_lists_each_cell_and_days_left() {
        let t = Templates::builtin().unwrap();
        let mails = plan(
            &refs(&fy2026_reports()),
            &[],
            &fy2026_config(),
            &BusinessCalendar::default(),
            d(2026, 10, 23),
            &HashSet::new(),
        );
        let r = t.render(&mails[0]).unwrap();
        assert!(r.subject.contains("中間報告"), "{}", r.subject);
        assert!(r.subject.contains("市民生活部"), "{}", r.subject);
        assert!(!r.subject.contains('\n'));
        for item in &mails[0].data.items {
            assert!(
                r.text.contains(&item.cell),
                "{} missing in\n{}",
                item.cell,
                r.text
            );
            assert!(r.text.contains(&item.item));
        }
        assert!(
            r.text
                .contains("令和8年度重点目標管理シート_市民生活部.xlsx")
        );
        assert!(r.text.contains("あと7日"), "{}", r.text);
        assert!(
            r.html
                .as_deref()
                .unwrap()
                .contains("重点目標管理シート1!E9")
        );
    }

    #[test]
    fn overdue_says_days_overdue() {
        let t = Templates::builtin().unwrap();
        let mails = plan(
            &refs(&fy2026_reports()),
            &[],
            &fy2026_config(),
            &BusinessCalendar::default(),
            d(2026, 11, 2),
            &HashSet::new(),
        );
        let r = t.render(&mails[1]).unwrap();
        assert!(r.subject.contains("提出遅れ"), "{}", r.subject);
        assert!(r.text.contains("3日"), "{}", r.text);
        assert!(
            r.text
                .contains("このメールは企画課にも写しをお送りしています"),
            "{}",
            r.text
        );
    }

    /// The mails of one department for `today` under `cfg`, rendered.
    fn rendered(cfg: &RemindConfig, today: chrono::NaiveDate) -> Vec<RenderedMail> {
        let t = Templates::builtin().unwrap();
        plan(
            &refs(&fy2026_reports()),
            &[],
            cfg,
            &BusinessCalendar::default(),
            today,
            &HashSet::new(),
        )
        .iter()
        .map(|m| t.render(m).unwrap())
        .collect()
    }

    /// What a department needs to act without phoning anyone: a greeting,
    /// 和暦 dates like the 年度, where to write (the shared folder's file,
    /// no reply), who to ask; nothing in English.
    #[test]
    fn a_reminder_says_where_to_write_who_to_ask_in_wareki() {
        let mut cfg = fy2026_config();
        cfg.mail.contact = ContactConfig {
            section: "企画課 企画係".into(),
            person: "山田".into(),
            extension: "1234".into(),
            email: String::new(),
        };
        cfg.share = mokuhyo_core::share_path::SharePath::new(
            std::path::Path::new("tests/fixtures/corpus/fy2026"),
            Some(r"\\fileserver\目標管理"),
        );
        let r = &rendered(&cfg, d(2026, 10, 23))[0];
        assert!(r.subject.contains("令和8年10月30日（金）"), "{}", r.subject);
        for line in [
            "市民生活部 ご担当者様",
            "お疲れ様です。企画課です。",
            "共有フォルダのファイルに直接記入して保存してください（このメールへの返信は不要です）。",
            r"共有フォルダ: \\fileserver\目標管理",
            r"ファイル: \\fileserver\目標管理\令和8年度重点目標管理シート_市民生活部.xlsx",
            "問い合わせ先: 企画課 企画係 山田（内線 1234）",
            "本メールと行き違いでご記入いただいている場合は、ご容赦ください。",
        ] {
            assert!(r.text.contains(line), "{line} missing in\n{}", r.text);
        }
        assert!(!r.text.contains("2026年"), "西暦 date in\n{}", r.text);
        let html = r.html.as_deref().unwrap();
        // The link opens the file on the share at its cell (HTML-escaped:
        // `/` as `&#x2f;`, `'` as `&#x27;`).
        let href = html.replace("&#x2f;", "/").replace("&#x27;", "'");
        assert!(
            href.contains(r#"href="file:///\\fileserver\目標管理\令和8年度重点目標管理シート_市民生活部.xlsx#'重点目標管理シート1'!E9""#),
            "{html}"
        );
        assert!(html.contains("問い合わせ先: 企画課 企画係 山田（内線 1234）"));
    }

    /// On the due day the mail says 本日が期限, never あと0日.
    #[test]
    fn on_the_due_day_the_mail_says_today() {
        let mut cfg = fy2026_config();
        // The one-day reminder of 10/29 was not sent (the daemon was down):
        // it goes out on the day itself.
        cfg.reminders.before_days = vec![1];
        let mails = rendered(&cfg, d(2026, 10, 30));
        assert!(!mails.is_empty());
        for r in &mails {
            assert!(
                r.subject.contains("本日令和8年10月30日（金）が期限"),
                "{}",
                r.subject
            );
            assert!(
                r.text.contains("本日令和8年10月30日（金）が提出期限です"),
                "{}",
                r.text
            );
            assert!(!r.subject.contains("あと0日") && !r.text.contains("あと0日"));
        }
    }

    /// A mail going to the planning section for want of an address says so
    /// once, and not also that the planning section is copied.
    #[test]
    fn a_mail_without_its_address_does_not_also_claim_a_copy() {
        let mut cfg = fy2026_config();
        cfg.departments.retain(|d| d.name != "市民生活部");
        let mails = rendered(&cfg, d(2026, 11, 2));
        let shimin = mails
            .iter()
            .find(|m| m.subject.contains("市民生活部"))
            .unwrap();
        assert!(
            shimin.text.contains("企画課あてにお送りしています"),
            "{}",
            shimin.text
        );
        assert!(!shimin.text.contains("写し"), "{}", shimin.text);
    }

    #[test]
    fn html_is_escaped_text_is_not() {
        let t = Templates::builtin().unwrap();
        let mut reports = fy2026_reports();
        for r in reports.iter_mut() {
            for g in r.goals.iter_mut() {
                for i in g.items.iter_mut() {
                    i.set_title(&format!("{} <b>&", i.title()));
                }
            }
        }
        let mails = plan(
            &refs(&reports),
            &[],
            &fy2026_config(),
            &BusinessCalendar::default(),
            d(2026, 10, 23),
            &HashSet::new(),
        );
        let r = t.render(&mails[0]).unwrap();
        assert!(r.text.contains("<b>&"));
        let html = r.html.unwrap();
        assert!(html.contains("&lt;b&gt;&amp;"), "{html}");
        assert!(!html.contains("<b>&"));
    }

    /// A file whose department could not be told greets the planning
    /// section, which receives it, never 不明 ご担当者様.
    #[test]
    fn an_unreadable_file_of_no_known_department_greets_the_planning_section() {
        let r = unreadable_mail(FileProblem {
            department: None,
            problem: mokuhyo_core::problem::ImportProblem::new(
                std::path::Path::new("share/メモ.xlsx"),
                mokuhyo_core::problem::ProblemKind::Error,
                "file is encrypted",
            )
            .with_text("パスワードで保護（暗号化）されているため読み込めません"),
        });
        assert!(r.text.starts_with("企画課 ご担当者様"), "{}", r.text);
        assert!(!r.text.contains("不明 ご担当者様"), "{}", r.text);
        assert!(r.text.contains("ファイルの部局を特定できなかったため"));
        assert!(
            r.text
                .contains("内容: パスワードで保護（暗号化）されているため読み込めません")
        );
    }

    /// The unreadable-file notice of `problem`, rendered.
    fn unreadable_mail(problem: FileProblem) -> RenderedMail {
        let mails = plan(
            &[],
            &[problem],
            &fy2026_config(),
            &BusinessCalendar::default(),
            d(2026, 10, 23),
            &HashSet::new(),
        );
        Templates::builtin().unwrap().render(&mails[0]).unwrap()
    }

    #[test]
    fn unreadable_names_file_and_problem() {
        let r = unreadable_mail(FileProblem {
            department: Some("建設部".into()),
            problem: mokuhyo_core::problem::ImportProblem::new(
                std::path::Path::new("share/令和8年度重点目標管理シート_建設部.xlsx"),
                mokuhyo_core::problem::ProblemKind::Error,
                "zip: invalid central directory",
            ),
        });
        assert!(r.text.starts_with("建設部 ご担当者様"), "{}", r.text);
        assert!(r.text.contains("令和8年度重点目標管理シート_建設部.xlsx"));
        assert!(r.text.contains("zip: invalid central directory"));
        assert!(r.subject.contains("読み込めません"), "{}", r.subject);
    }

    #[test]
    fn a_template_folder_overrides_only_what_it_has() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("reminder.subject.txt"),
            "件名 {{ recipient }} テスト",
        )
        .unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        let mails = plan(
            &refs(&fy2026_reports()),
            &[],
            &fy2026_config(),
            &BusinessCalendar::default(),
            d(2026, 10, 23),
            &HashSet::new(),
        );
        let r = t.render(&mails[0]).unwrap();
        assert_eq!(r.subject, "件名 市民生活部 テスト");
        assert!(r.text.contains("重点目標管理シート1!E9"));
    }

    #[test]
    fn an_invalid_template_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("overdue.body.txt"), "{% for %}").unwrap();
        let err = Templates::load(Some(dir.path())).unwrap_err();
        assert!(err.to_string().contains("overdue.body.txt"));
    }
}
