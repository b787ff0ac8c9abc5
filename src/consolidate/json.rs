//! The serialised form of every parsed sheet, kept between writes of the
//! consolidated JSON: after one file changes, only its sheets are serialised
//! again, and the JSON of a year is put together from the kept pieces.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::value::RawValue;

use super::model::SourceFile;
use crate::model::SheetReport;
use crate::schema::SheetJson;

/// Sheets serialised in the schema of `check --json`, by source.
#[derive(Default)]
pub struct SheetJsonCache {
    /// By the address of a source's reports, which the catalog shares and
    /// replaces whenever the file is read again.
    sources: HashMap<usize, Cached>,
    /// By the address of a report: (source key, index in its reports).
    reports: HashMap<usize, (usize, usize)>,
}

struct Cached {
    /// Held so that the address stays this source's while it is cached.
    _reports: Arc<[SheetReport]>,
    sheets: Vec<Box<RawValue>>,
}

fn source_key(reports: &Arc<[SheetReport]>) -> usize {
    Arc::as_ptr(reports).cast::<SheetReport>() as usize
}

fn report_key(report: &SheetReport) -> usize {
    std::ptr::from_ref(report) as usize
}

/// One sheet's JSON; a sheet that cannot be serialised (it always can: the
/// schema holds strings, numbers and dates) becomes `null`.
pub fn sheet_json(report: &SheetReport) -> Box<RawValue> {
    serde_json::value::to_raw_value(&SheetJson::new(report))
        .unwrap_or_else(|_| RawValue::NULL.to_owned())
}

impl SheetJsonCache {
    pub fn new() -> Self {
        SheetJsonCache::default()
    }

    /// Brings the cache in line with `sources`: sources read again or new
    /// are serialised (on every core), sources gone are forgotten.
    pub fn update(&mut self, sources: &[SourceFile]) {
        let mut kept = HashMap::with_capacity(sources.len());
        let mut fresh: Vec<&Arc<[SheetReport]>> = Vec::new();
        for source in sources.iter().filter(|s| !s.reports.is_empty()) {
            let key = source_key(&source.reports);
            match self.sources.remove(&key) {
                Some(cached) => {
                    kept.insert(key, cached);
                }
                None => fresh.push(&source.reports),
            }
        }
        for (reports, sheets) in serialise(&fresh) {
            kept.insert(
                source_key(reports),
                Cached {
                    _reports: Arc::clone(reports),
                    sheets,
                },
            );
        }
        self.sources = kept;
        self.reports = sources
            .iter()
            .filter(|s| !s.reports.is_empty())
            .flat_map(|s| {
                let key = source_key(&s.reports);
                s.reports
                    .iter()
                    .enumerate()
                    .map(move |(i, r)| (report_key(r), (key, i)))
            })
            .collect();
    }

    /// The JSON of `report`, if it belongs to a cached source.
    pub fn get(&self, report: &SheetReport) -> Option<&RawValue> {
        let &(source, index) = self.reports.get(&report_key(report))?;
        self.sources
            .get(&source)
            .and_then(|c| c.sheets.get(index))
            .map(AsRef::as_ref)
    }
}

/// A source's reports and their JSON, one per report.
type Serialised<'a> = (&'a Arc<[SheetReport]>, Vec<Box<RawValue>>);

/// Serialises the reports of every source, split over the cores.
fn serialise<'a>(sources: &[&'a Arc<[SheetReport]>]) -> Vec<Serialised<'a>> {
    let one =
        |reports: &&'a Arc<[SheetReport]>| (*reports, reports.iter().map(sheet_json).collect());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 2 || sources.len() < 16 {
        return sources.iter().map(one).collect();
    }
    let chunk = sources.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(one).collect::<Vec<_>>()))
            .collect();
        let mut out = Vec::with_capacity(sources.len());
        for (handle, part) in handles.into_iter().zip(sources.chunks(chunk)) {
            match handle.join() {
                Ok(done) => out.extend(done),
                // A thread that failed: serialise its part here.
                Err(_) => out.extend(part.iter().map(one)),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consolidate::sample::{goal, item, report, source};

    fn sources() -> Vec<SourceFile> {
        (1..=3)
            .map(|n| {
                let file = format!("/share/dept{n}.xlsx");
                let items = vec![item("目標1", 5, "窓口の改善")];
                source(
                    &file,
                    vec![report(
                        &file,
                        "目標1",
                        2026,
                        &format!("部{n}"),
                        vec![goal("1", "目標", items)],
                    )],
                )
            })
            .collect()
    }

    #[test]
    fn unchanged_sources_keep_their_json_and_changed_ones_are_serialised_again() {
        let sources = sources();
        let mut cache = SheetJsonCache::new();
        cache.update(&sources);
        for report in sources.iter().flat_map(|s| s.reports.iter()) {
            let cached = cache.get(report).map(RawValue::get);
            assert_eq!(cached, Some(sheet_json(report).get()));
        }
        let first = sources[0].reports.first().cloned();
        let before = cache.get(&sources[1].reports[0]).map(|r| r.get().as_ptr());

        // The first file is read again: its reports are a new allocation.
        let mut next = sources.clone();
        let mut changed = next[0].reports.to_vec();
        changed[0].department = "変更後部".into();
        next[0].reports = changed.into();
        cache.update(&next);
        let json = cache.get(&next[0].reports[0]).map(RawValue::get);
        assert!(json.is_some_and(|j| j.contains("変更後部")));
        // The second file's JSON was kept, not serialised again.
        let after = cache.get(&next[1].reports[0]).map(|r| r.get().as_ptr());
        assert_eq!(before, after);
        // Reports no longer in the folder are not found.
        if let Some(old) = first {
            assert!(cache.get(&old).is_none());
        }
    }

    #[test]
    fn a_source_gone_from_the_folder_is_forgotten() {
        let sources = sources();
        let mut cache = SheetJsonCache::new();
        cache.update(&sources);
        cache.update(&sources[1..]);
        assert!(cache.get(&sources[0].reports[0]).is_none());
        assert!(cache.get(&sources[1].reports[0]).is_some());
        assert_eq!(cache.sources.len(), sources.len() - 1);
    }
}
