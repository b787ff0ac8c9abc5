//! What the daemon last wrote to each output file, so that a rescan can
//! tell which consolidated workbooks and JSON files are not what it wrote:
//! deleted, replaced or truncated by someone else, or never written because
//! the write failed (a full disk, a locked file). Those are written again.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use crate::io::consolidate::{OutputOptions, Saved, WriteOutcome};
use crate::io::output_file::FileStamp;
use mokuhyo_core::calendar::FiscalYear;

/// The output files written, each with its stamp right after the write
/// (`None`: the last write did not put it in place).
#[derive(Debug, Default, Clone)]
pub(crate) struct WrittenOutputs {
    files: HashMap<PathBuf, Option<FileStamp>>,
}

impl WrittenOutputs {
    /// Records the outcome of a write.
    pub(crate) fn record(&mut self, outcomes: &[WriteOutcome]) {
        for outcome in outcomes {
            let written = match &outcome.result {
                Ok(Saved::Replaced { written, .. }) => *written,
                Ok(Saved::Fallback { .. }) | Err(_) => None,
            };
            self.files.insert(outcome.target.clone(), written);
        }
    }

    /// The years among `expected` with an output file that is not as last
    /// written: missing, changed since, never written, or whose last write
    /// failed.
    pub(crate) fn stale(
        &self,
        expected: &BTreeSet<FiscalYear>,
        options: &OutputOptions,
    ) -> BTreeSet<FiscalYear> {
        expected
            .iter()
            .copied()
            .filter(|&fy| {
                targets(fy, options).iter().any(|target| {
                    let written = self.files.get(target).copied().flatten();
                    written.is_none() || FileStamp::of(target) != written
                })
            })
            .collect()
    }
}

/// The files written for a fiscal year.
fn targets(fy: FiscalYear, options: &OutputOptions) -> Vec<PathBuf> {
    options
        .paths(fy)
        .into_iter()
        .map(|(_, path)| path)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::consolidate::write::OutputKind;

    fn outcome(options: &OutputOptions, fy: FiscalYear, kind: OutputKind) -> WriteOutcome {
        let target = match kind {
            OutputKind::Workbook => options.workbook_path(fy),
            OutputKind::Json => options.json_path(fy),
            OutputKind::Html => options.html_path(fy),
            OutputKind::PublishCsv => options.publish_csv_path(fy),
        };
        std::fs::write(&target, b"written").unwrap();
        WriteOutcome {
            fiscal_year: fy,
            kind,
            result: Ok(Saved::Replaced {
                path: target.clone(),
                written: FileStamp::of(&target),
            }),
            target,
        }
    }

    #[test]
    fn outputs_missing_changed_or_never_written_are_stale() {
        let dir = tempfile::tempdir().unwrap();
        let options = OutputOptions {
            dir: dir.path().to_path_buf(),
            ..OutputOptions::default()
        };
        let (fy25, fy26, fy27) = (FiscalYear(2025), FiscalYear(2026), FiscalYear(2027));
        let mut written = WrittenOutputs::default();
        written.record(&[
            outcome(&options, fy25, OutputKind::Workbook),
            outcome(&options, fy25, OutputKind::Json),
            outcome(&options, fy25, OutputKind::Html),
            outcome(&options, fy25, OutputKind::PublishCsv),
            outcome(&options, fy26, OutputKind::Workbook),
            outcome(&options, fy26, OutputKind::Json),
            outcome(&options, fy26, OutputKind::Html),
            outcome(&options, fy26, OutputKind::PublishCsv),
        ]);
        let expected: BTreeSet<FiscalYear> = [fy25, fy26, fy27].into();
        assert_eq!(written.stale(&expected, &options), [fy27].into());

        std::fs::remove_file(options.json_path(fy25)).unwrap();
        std::fs::write(options.workbook_path(fy26), b"another program's").unwrap();
        assert_eq!(
            written.stale(&expected, &options),
            [fy25, fy26, fy27].into()
        );

        let failed = WriteOutcome {
            fiscal_year: fy25,
            kind: OutputKind::Workbook,
            target: options.workbook_path(fy25),
            result: Err(crate::io::consolidate::write::WriteError::Io {
                path: options.workbook_path(fy25),
                source: std::io::Error::other("No space left on device"),
            }),
        };
        let mut written = WrittenOutputs::default();
        written.record(&[failed, outcome(&options, fy25, OutputKind::Json)]);
        assert_eq!(written.stale(&[fy25].into(), &options), [fy25].into());
    }

    #[test]
    fn a_change_between_the_write_and_its_record_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let options = OutputOptions {
            dir: dir.path().to_path_buf(),
            ..OutputOptions::default()
        };
        let fy = FiscalYear(2026);
        let workbook = outcome(&options, fy, OutputKind::Workbook);
        let json = outcome(&options, fy, OutputKind::Json);
        let html = outcome(&options, fy, OutputKind::Html);
        let csv = outcome(&options, fy, OutputKind::PublishCsv);
        // Cut short by someone else before the daemon records the write.
        std::fs::write(options.workbook_path(fy), b"cut").unwrap();
        let mut written = WrittenOutputs::default();
        written.record(&[workbook, json, html, csv]);
        assert_eq!(written.stale(&[fy].into(), &options), [fy].into());
    }
}
