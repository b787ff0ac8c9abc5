//! Renders planned mails with the templates of `templates/mail/`.
//!
//! Each kind of mail has `KIND.subject.txt`, `KIND.body.txt` and optionally
//! `KIND.body.html` (HTML is auto-escaped). Files in the configured folder are
//! read at run time, so they can be edited without rebuilding; a missing file
//! falls back to the built-in copy compiled into the program.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use super::plan::{MailKind, PlannedMail};

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
];

/// A mail ready to go out: planned, rendered, with its attachments named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenderedMail {
    pub key: String,
    pub kind: MailKind,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub reason: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachments: Vec<PathBuf>,
}

impl RenderedMail {
    /// `to=…;cc=…`, as the ledger records it.
    pub(crate) fn recipients_text(&self) -> String {
        super::plan::recipients_text(&self.to, &self.cc)
    }
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
    env
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

    /// Renders subject and bodies. The subject is folded onto one line.
    pub fn render(&self, mail: &PlannedMail) -> Result<RenderedMail, RenderError> {
        let kind = mail.kind.template();
        let subject = self
            .render_one(&format!("{kind}.subject.txt"), mail)?
            .unwrap_or_default();
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = self
            .render_one(&format!("{kind}.body.txt"), mail)?
            .unwrap_or_default();
        let html = self.render_one(&format!("{kind}.body.html"), mail)?;
        Ok(RenderedMail {
            key: mail.key.clone(),
            kind: mail.kind,
            to: mail.to.clone(),
            cc: mail.cc.clone(),
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
    use crate::calendar::BusinessCalendar;
    use crate::remind::plan::tests::{d, fy2026_config, fy2026_reports, refs};
    use crate::remind::plan::{FileProblem, plan};
    use std::collections::HashSet;

    #[test]
    fn every_kind_has_subject_and_text() {
        for kind in [
            MailKind::Reminder,
            MailKind::Overdue,
            MailKind::Unreadable,
            MailKind::PlanningDigest,
            MailKind::DeadlineDigest,
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
        assert!(r.subject.contains("期限超過"), "{}", r.subject);
        assert!(r.text.contains("3日"), "{}", r.text);
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

    #[test]
    fn unreadable_names_file_and_problem() {
        let t = Templates::builtin().unwrap();
        let p = FileProblem {
            department: Some("建設部".into()),
            problem: crate::problem::ImportProblem::new(
                std::path::Path::new("share/令和8年度重点目標管理シート_建設部.xlsx"),
                crate::problem::ProblemKind::Error,
                "zip: invalid central directory",
            ),
        };
        let mails = plan(
            &[],
            &[p],
            &fy2026_config(),
            &BusinessCalendar::default(),
            d(2026, 10, 23),
            &HashSet::new(),
        );
        let r = t.render(&mails[0]).unwrap();
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
