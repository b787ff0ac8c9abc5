//! One pass of the product over the shared folder: list it, bring the
//! catalog up to date (reading only what changed), and rewrite the
//! consolidated workbooks of the fiscal years that changed.
//!
//! Shared by `mokuhyo consolidate` (one pass) and the daemon (many).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::FiscalYear;
use crate::catalog::{Catalog, Change, Parser};
use crate::config::Settings;
use crate::consolidate::{
    ReportingDates, SheetJsonCache, WriteOutcome, consolidate, write_consolidated,
};
use crate::scan::{self, ListOptions, Listing};

/// The folder, the parser and what is known of every file.
pub struct Pipeline {
    pub settings: Settings,
    pub parser: Parser,
    pub catalog: Catalog,
    /// The sheets' JSON, kept between writes when asked to
    /// ([`Pipeline::keep_sheet_json`]).
    json: Option<Mutex<SheetJsonCache>>,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct ScanSummary {
    pub listing: Listing,
    pub changes: Vec<(PathBuf, Change)>,
    /// Fiscal years whose outputs must be rewritten.
    pub years: BTreeSet<FiscalYear>,
}

impl Pipeline {
    pub fn new(settings: Settings) -> anyhow::Result<Self> {
        let parser = settings.parser()?;
        Ok(Pipeline {
            settings,
            parser,
            catalog: Catalog::new(),
            json: None,
        })
    }

    /// Keeps each sheet's JSON between writes, so that a rewrite after one
    /// file changed serialises only that file's sheets: faster for a
    /// process that writes again and again (the daemon), at the cost of
    /// holding the JSON in memory.
    pub fn keep_sheet_json(&mut self) {
        self.json
            .get_or_insert_with(|| Mutex::new(SheetJsonCache::new()));
    }

    /// Lists the folder (never entering the output folder) and refreshes
    /// every workbook; files gone since the last scan drop out.
    pub fn scan(
        &mut self,
        now: DateTime<Utc>,
        progress: &(dyn Fn(ScanProgress) + Sync),
    ) -> ScanSummary {
        let skip_dirs = [self.settings.output.dir.clone()];
        // Absolute paths, so that the hyperlinks of the consolidated workbook
        // open the sources from wherever it is opened.
        let root = std::fs::canonicalize(&self.settings.folder.path)
            .unwrap_or_else(|_| self.settings.folder.path.clone());
        let listing = scan::list(
            &root,
            &ListOptions {
                recursive: self.settings.folder.recursive,
                exclude: &self.settings.folder.exclude,
                skip_dirs: &skip_dirs,
            },
        );
        let mut paths: Vec<PathBuf> = listing.candidates.iter().map(|c| c.path.clone()).collect();
        let listed: BTreeSet<&PathBuf> = paths.iter().collect();
        let gone: Vec<PathBuf> = self
            .catalog
            .paths()
            .filter(|p| !listed.contains(&p.to_path_buf()))
            .map(|p| p.to_path_buf())
            .collect();
        paths.extend(gone);
        progress(ScanProgress::Listed(paths.len()));
        let changes = self.catalog.refresh_all(&paths, &self.parser, now, &|| {
            progress(ScanProgress::FileDone)
        });
        let years = changed_years(&changes);
        ScanSummary {
            listing,
            changes,
            years,
        }
    }

    /// Rewrites the consolidated workbook (and JSON) of each fiscal year in
    /// `years` (all years when `None`).
    pub fn write_outputs(
        &self,
        years: Option<&BTreeSet<FiscalYear>>,
        today: NaiveDate,
        now: DateTime<Utc>,
        reporting: impl Fn(FiscalYear) -> ReportingDates,
    ) -> Vec<WriteOutcome> {
        let sources = self.catalog.sources();
        let mut books = consolidate(&sources, today, reporting);
        if let Some(years) = years {
            books.retain(|b| years.contains(&b.fiscal_year));
        }
        let cache = match &self.json {
            Some(cache) if self.settings.output.json => cache.lock().ok(),
            _ => None,
        };
        let cache = cache.map(|mut cache| {
            cache.update(&sources);
            cache
        });
        write_consolidated(&books, &self.settings.output, now, cache.as_deref())
    }
}

impl Pipeline {
    /// Every parsed sheet, and every file that could not be read, as the
    /// reminders see them.
    pub fn remind_inputs(
        &self,
    ) -> (
        Vec<crate::model::SheetReport>,
        Vec<crate::remind::FileProblem>,
    ) {
        let mut reports = Vec::new();
        let mut problems = Vec::new();
        for path in self.catalog.paths() {
            let Some(entry) = self.catalog.get(path) else {
                continue;
            };
            reports.extend(entry.reports.iter().cloned());
            for problem in entry
                .problems
                .iter()
                .filter(|p| p.kind == crate::consolidate::ProblemKind::Error)
            {
                problems.push(crate::remind::FileProblem {
                    file: path.to_path_buf(),
                    department: entry.reports.first().map(|r| r.department.clone()),
                    message: match &problem.sheet {
                        Some(sheet) => format!("{sheet}: {}", problem.message),
                        None => problem.message.clone(),
                    },
                });
            }
        }
        (reports, problems)
    }
}

/// Progress of a scan, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum ScanProgress {
    Listed(usize),
    FileDone,
}

/// The fiscal years touched by a set of changes.
pub fn changed_years(changes: &[(PathBuf, Change)]) -> BTreeSet<FiscalYear> {
    changes
        .iter()
        .flat_map(|(_, c)| match c {
            Change::Updated { years } | Change::Removed { years } => {
                years.iter().copied().collect()
            }
            _ => Vec::new(),
        })
        .collect()
}
