//! What the mail sees of the pipeline: the folder's workbooks with the
//! report workbooks joined to their plans, the sheets to mail about (a
//! copy's never), the files that could not be read, the configuration of
//! the reminders, the workbooks written and the digest's page.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use super::Pipeline;
use mokuhyo_core::calendar::FiscalYear;

impl Pipeline {
    /// The folder's workbooks as read, with the report workbooks kept
    /// beside a plan joined to its items
    /// ([`mokuhyo_core::interpret::join_companions`]): what the consolidation
    /// and the reminders see.
    pub fn sources(&self) -> Vec<mokuhyo_core::consolidate::SourceFile> {
        mokuhyo_core::interpret::join_companions(
            &self.catalog.sources(),
            &self.parser.dictionary,
            &self.parser.options,
            &self.settings.folder.copy_marks,
        )
    }

    /// Every parsed sheet and every file that could not be read, as the
    /// reminders see them.
    pub(crate) fn remind_inputs(&self) -> RemindInputs {
        let sources = self.sources();
        // A copy of another workbook is mailed about nowhere: its original's
        // cells are.
        let copies = self.settings.folder.copies(&sources);
        let mut problems = Vec::new();
        for source in &sources {
            for problem in source
                .problems
                .iter()
                .filter(|p| p.kind == mokuhyo_core::consolidate::ProblemKind::Error)
            {
                problems.push(mokuhyo_core::remind::FileProblem {
                    department: source.reports.first().map(|r| r.department.clone()),
                    problem: problem.clone(),
                });
            }
        }
        problems.extend(self.roster.file_problem(&self.settings.mail.planning_name));
        RemindInputs {
            sources,
            copies,
            problems,
        }
    }

    /// The reminders' configuration at `now`: the recipients of the roster
    /// in force that day (in the reminders' time zone).
    pub(crate) fn reminder_config(&self, now: DateTime<Utc>) -> mokuhyo_core::remind::RemindConfig {
        let day = now
            .with_timezone(&self.settings.reminders.tz())
            .date_naive();
        self.roster
            .recipients_on(&self.settings.remind_config(), day)
    }

    /// The consolidated workbook of every fiscal year held, whether written
    /// yet or not.
    pub(crate) fn workbook_paths(&self) -> Vec<(FiscalYear, PathBuf)> {
        self.catalog
            .years()
            .into_iter()
            .map(|fy| (fy, self.settings.output.workbook_path(fy)))
            .collect()
    }

    /// The page of the fiscal year of `today`, as staff reach it, when it
    /// is written: the planning digest links it. Shown through
    /// `output.display_path`, else `folder.display_path` when it lies in
    /// the shared folder, else as written — unless the folder has a display
    /// path the page lies outside of (a path of the server, which staff
    /// cannot open).
    pub(crate) fn digest_page(&self, today: NaiveDate) -> Option<String> {
        let output = &self.settings.output;
        let page = output.html_path(FiscalYear::containing(today));
        if !(output.html && page.exists()) {
            return None;
        }
        let folder = self.settings.folder.share_path();
        mokuhyo_core::share_path::SharePath::new(&output.dir, output.display_path.as_deref())
            .show_inside(&page)
            .or_else(|| folder.show_inside(&page))
            .or_else(|| {
                folder
                    .shown_folder()
                    .is_none()
                    .then(|| page.display().to_string())
            })
    }

    /// Sends what the ledger says is due at `now`, with `consolidated`
    /// attached to the planning digest, and records who each department's
    /// mail went to. The one way `mokuhyo remind` and the daemon send.
    pub async fn send_due(
        &self,
        consolidated: &[(FiscalYear, PathBuf)],
        ledger: &crate::state::ledger::Ledger,
        now: DateTime<Utc>,
        accept_clock: bool,
    ) -> crate::mail::SendSummary {
        let inputs = self.remind_inputs();
        let (reports, problems) = (inputs.reports(), &inputs.problems);
        let cfg = self.reminder_config(now);
        let calendar = self.settings.business_calendar();
        let page = self.digest_page(mokuhyo_core::calendar::japan_time(now).date());
        let input = crate::mail::RemindInput {
            reports: &reports,
            problems,
            consolidated,
            page: page.as_deref(),
        };
        let summary = if accept_clock {
            crate::mail::run::send_due_accepting_clock(&input, &cfg, &calendar, now, ledger).await
        } else {
            crate::mail::send_due(&input, &cfg, &calendar, now, ledger).await
        };
        crate::mail::run::record_recipients(ledger, &self.roster, &reports, &cfg, now);
        summary
    }

    /// What `mokuhyo status` shows as the next send, as the sheets stand
    /// at `now` ([`crate::mail::run::next_send_state`]).
    pub fn next_send(&self, ledger: &crate::state::ledger::Ledger, now: DateTime<Utc>) -> String {
        let inputs = self.remind_inputs();
        let cfg = self.reminder_config(now);
        let calendar = self.settings.business_calendar();
        crate::mail::run::next_send_state(
            &inputs.reports(),
            &inputs.problems,
            &cfg,
            &calendar,
            now,
            ledger,
        )
    }
}

/// What the reminders read: the folder's workbooks as the consolidation
/// sees them, and the files that could not be read.
pub(crate) struct RemindInputs {
    sources: Vec<mokuhyo_core::consolidate::SourceFile>,
    /// The copies among the sources, whose sheets are mailed about nowhere.
    copies: mokuhyo_core::consolidate::copies::Copies,
    pub problems: Vec<mokuhyo_core::remind::FileProblem>,
}

impl RemindInputs {
    /// Every parsed sheet, but a copy's.
    pub fn reports(&self) -> Vec<&mokuhyo_core::model::SheetReport> {
        self.sources
            .iter()
            .flat_map(|s| {
                s.reports
                    .iter()
                    .filter(|r| !self.copies.is_copied(&s.path, r))
            })
            .collect()
    }
}
