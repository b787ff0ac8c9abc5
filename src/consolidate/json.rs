//! The serialised form of every parsed sheet, kept between writes of the
//! consolidated JSON: after one file changes, only its sheets are serialised
//! again, and the JSON of a year is put together from the kept pieces.
//!
//! The pieces are as large as the parsed reports themselves and are needed
//! only while a JSON is being written, so they are kept in a temporary file
//! (deleted by the system when the process ends), not in memory: a write
//! reads back the pieces it needs ([`SheetJsonCache::get`], on the JSON
//! writer's thread) and [`SheetJsonCache::unload`] lets them go afterwards.
//! A piece that cannot be kept or read back is simply serialised again by
//! the writer; without a temporary file nothing is kept.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::value::RawValue;

use super::model::SourceFile;
use crate::model::SheetReport;
use crate::schema::SheetJson;

/// The file is rewritten from scratch once it holds more pieces of sources
/// since read again or gone than of current ones, and at least this much.
const MIN_GARBAGE: u64 = 1 << 20;

/// Sheets serialised in the schema of `check --json`, by source.
pub struct SheetJsonCache {
    /// By the address of a source's reports, which the catalog shares and
    /// replaces whenever the file is read again.
    sources: HashMap<usize, Cached>,
    /// By the address of a report: (source key, index in its reports).
    reports: HashMap<usize, (usize, usize)>,
    spill: Spill,
    /// Sheets serialised since the cache was made.
    serialised: usize,
}

struct Cached {
    /// Held so that the address stays this source's while it is cached.
    _reports: Arc<[SheetReport]>,
    /// Where its sheets lie in the file, one after the other.
    offset: u64,
    /// Bytes in the file: each sheet's JSON followed by a line break (the
    /// compact JSON holds none of its own), so that nothing else of the
    /// source stays in memory between writes.
    len: u64,
    /// The sheets while a write needs them (None: they could not be read).
    loaded: OnceLock<Option<Box<[Box<RawValue>]>>>,
}

impl Cached {
    fn len(&self) -> u64 {
        self.len
    }
}

/// The temporary file of the pieces.
struct Spill {
    dir: PathBuf,
    /// Created at the first piece kept; None before, or if it cannot be.
    file: Option<Mutex<File>>,
    /// The file could not be created: nothing is kept.
    failed: bool,
    /// Bytes written so far.
    end: u64,
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

impl Default for SheetJsonCache {
    fn default() -> Self {
        SheetJsonCache::new()
    }
}

impl SheetJsonCache {
    /// A cache whose file goes to the system's temporary folder.
    pub fn new() -> Self {
        SheetJsonCache::in_dir(&std::env::temp_dir())
    }

    /// A cache whose file goes to `dir`.
    pub fn in_dir(dir: &Path) -> Self {
        SheetJsonCache {
            sources: HashMap::new(),
            reports: HashMap::new(),
            spill: Spill {
                dir: dir.to_path_buf(),
                file: None,
                failed: false,
                end: 0,
            },
            serialised: 0,
        }
    }

    /// Brings the cache in line with `sources`: sources read again or new
    /// are serialised (on every core) and written to the file, sources gone
    /// are forgotten. The sheets serialised here stay loaded until
    /// [`SheetJsonCache::unload`].
    pub fn update(&mut self, sources: &[SourceFile]) {
        if self.spill.failed {
            // Nothing can be kept: the writer serialises every sheet.
            self.sources.clear();
            self.reports.clear();
            return;
        }
        let mut kept = HashMap::with_capacity(sources.len());
        let mut fresh: Vec<Arc<[SheetReport]>> = Vec::new();
        for source in sources.iter().filter(|s| !s.reports.is_empty()) {
            let key = source_key(&source.reports);
            match self.sources.remove(&key) {
                Some(cached) => {
                    kept.insert(key, cached);
                }
                None => fresh.push(Arc::clone(&source.reports)),
            }
        }
        let live: u64 = kept.values().map(Cached::len).sum();
        let garbage = self.spill.end.saturating_sub(live);
        if garbage > live && garbage >= MIN_GARBAGE {
            // Start a new file with every current source.
            self.spill.file = None;
            self.spill.end = 0;
            fresh.extend(kept.drain().map(|(_, c)| c._reports));
        }
        for (reports, sheets) in serialise(&fresh) {
            self.serialised += sheets.len();
            if let Some(cached) = self.spill.keep(reports, sheets) {
                kept.insert(source_key(reports), cached);
            }
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

    /// The JSON of `report`, if it belongs to a cached source; read back
    /// from the file (with the rest of its source) the first time it is
    /// asked for after [`SheetJsonCache::unload`].
    pub fn get(&self, report: &SheetReport) -> Option<&RawValue> {
        let &(source, index) = self.reports.get(&report_key(report))?;
        let cached = self.sources.get(&source)?;
        cached
            .loaded
            .get_or_init(|| self.spill.read(cached))
            .as_ref()?
            .get(index)
            .map(AsRef::as_ref)
    }

    /// Lets go of the sheets loaded for a write; they stay in the file.
    pub fn unload(&mut self) {
        for cached in self.sources.values_mut() {
            cached.loaded.take();
        }
    }
}

impl Spill {
    /// Appends a source's sheets to the file; None if they cannot be kept.
    fn keep(&mut self, reports: &Arc<[SheetReport]>, sheets: Vec<Box<RawValue>>) -> Option<Cached> {
        let mut bytes = Vec::with_capacity(sheets.iter().map(|s| s.get().len() + 1).sum());
        for sheet in &sheets {
            bytes.extend_from_slice(sheet.get().as_bytes());
            bytes.push(b'\n');
        }
        let offset = self.end;
        let file = self.file()?;
        let mut file = file.lock().ok()?;
        file.seek(SeekFrom::Start(offset)).ok()?;
        file.write_all(&bytes).ok()?;
        drop(file);
        self.end = offset + bytes.len() as u64;
        Some(Cached {
            _reports: Arc::clone(reports),
            offset,
            len: bytes.len() as u64,
            loaded: OnceLock::from(Some(sheets.into_boxed_slice())),
        })
    }

    /// The file, created at the first call (None if it cannot be).
    fn file(&mut self) -> Option<&Mutex<File>> {
        if self.file.is_none() && !self.failed {
            match tempfile::tempfile_in(&self.dir) {
                Ok(file) => self.file = Some(Mutex::new(file)),
                Err(err) => {
                    self.failed = true;
                    tracing::warn!(
                        dir = %self.dir.display(),
                        "the JSON of unchanged sheets is serialised at every write: no temporary file ({err})"
                    );
                }
            }
        }
        self.file.as_ref()
    }

    /// A source's sheets read back from the file.
    fn read(&self, cached: &Cached) -> Option<Box<[Box<RawValue>]>> {
        let mut bytes = vec![0; usize::try_from(cached.len()).ok()?];
        {
            let mut file = self.file.as_ref()?.lock().ok()?;
            file.seek(SeekFrom::Start(cached.offset)).ok()?;
            file.read_exact(&mut bytes).ok()?;
        }
        let sheets = bytes.strip_suffix(b"\n")?;
        sheets
            .split(|&b| b == b'\n')
            .map(|sheet| serde_json::from_slice::<Box<RawValue>>(sheet).ok())
            .collect()
    }
}

/// A source's reports and their JSON, one per report.
type Serialised<'a> = (&'a Arc<[SheetReport]>, Vec<Box<RawValue>>);

/// Serialises the reports of every source, split over the cores.
fn serialise<'a>(sources: &'a [Arc<[SheetReport]>]) -> Vec<Serialised<'a>> {
    let one = |reports: &'a Arc<[SheetReport]>| (reports, reports.iter().map(sheet_json).collect());
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
                    vec![
                        report(
                            &file,
                            "目標1",
                            2026,
                            &format!("部{n}"),
                            vec![goal("1", "目標", items.clone())],
                        ),
                        report(
                            &file,
                            "目標2",
                            2026,
                            &format!("部{n}"),
                            vec![goal("2", "目標二", items)],
                        ),
                    ],
                )
            })
            .collect()
    }

    /// Every report of `sources` has its fresh JSON in the cache.
    fn assert_all_fresh(cache: &SheetJsonCache, sources: &[SourceFile]) {
        for report in sources.iter().flat_map(|s| s.reports.iter()) {
            let cached = cache.get(report).map(RawValue::get);
            assert_eq!(cached, Some(sheet_json(report).get()));
        }
    }

    fn loaded(cache: &SheetJsonCache) -> usize {
        cache
            .sources
            .values()
            .filter(|c| c.loaded.get().is_some())
            .count()
    }

    /// The first file read again: its reports are a new allocation.
    fn first_changed(sources: &[SourceFile], department: &str) -> Vec<SourceFile> {
        let mut next = sources.to_vec();
        let mut changed = next[0].reports.to_vec();
        changed[0].department = department.into();
        next[0].reports = changed.into();
        next
    }

    #[test]
    fn unchanged_sources_keep_their_json_and_changed_ones_are_serialised_again() {
        let dir = tempfile::tempdir().unwrap();
        let sources = sources();
        let mut cache = SheetJsonCache::in_dir(dir.path());
        cache.update(&sources);
        assert_eq!(cache.serialised, 6);
        assert_all_fresh(&cache, &sources);
        let first = sources[0].reports.first().cloned();

        let next = first_changed(&sources, "変更後部");
        cache.unload();
        cache.update(&next);
        // Only the two sheets of the first file were serialised again.
        assert_eq!(cache.serialised, 8);
        let json = cache.get(&next[0].reports[0]).map(RawValue::get);
        assert!(json.is_some_and(|j| j.contains("変更後部")));
        assert_all_fresh(&cache, &next);
        // Reports no longer in the folder are not found.
        if let Some(old) = first {
            assert!(cache.get(&old).is_none());
        }
    }

    #[test]
    fn kept_json_is_out_of_memory_between_writes_and_read_back_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let sources = sources();
        let mut cache = SheetJsonCache::in_dir(dir.path());
        cache.update(&sources);
        assert_eq!(loaded(&cache), 3);
        cache.unload();
        assert_eq!(loaded(&cache), 0);
        assert_all_fresh(&cache, &sources);
        assert_eq!(loaded(&cache), 3);
        cache.unload();
        cache.update(&sources);
        assert_eq!(loaded(&cache), 0, "nothing was serialised");
        assert_all_fresh(&cache, &sources);
    }

    #[test]
    fn the_file_is_rewritten_once_it_holds_mostly_old_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = sources();
        let mut cache = SheetJsonCache::in_dir(dir.path());
        cache.update(&sources);
        let live = cache.spill.end;
        let mut rewritten = false;
        for n in 0..2000 {
            sources = first_changed(&sources, &format!("部{n}"));
            cache.unload();
            let before = cache.spill.end;
            cache.update(&sources);
            rewritten |= cache.spill.end < before;
            assert!(cache.spill.end <= 2 * MIN_GARBAGE + 2 * live);
        }
        assert!(rewritten);
        cache.unload();
        assert_all_fresh(&cache, &sources);
    }

    #[test]
    fn without_a_temporary_file_nothing_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let sources = sources();
        let mut cache = SheetJsonCache::in_dir(&dir.path().join("missing"));
        cache.update(&sources);
        assert!(cache.get(&sources[0].reports[0]).is_none());
        assert!(cache.sources.is_empty());
        cache.update(&sources);
        assert_eq!(
            cache.serialised, 6,
            "serialised once, then left to the writer"
        );
    }

    #[test]
    fn a_source_gone_from_the_folder_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let sources = sources();
        let mut cache = SheetJsonCache::in_dir(dir.path());
        cache.update(&sources);
        cache.update(&sources[1..]);
        assert!(cache.get(&sources[0].reports[0]).is_none());
        assert!(cache.get(&sources[1].reports[0]).is_some());
        assert_eq!(cache.sources.len(), sources.len() - 1);
    }
}
