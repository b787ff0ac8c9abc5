//! Listing the shared folder: which files are department workbooks to read,
//! which are ignored and why. Lock files, temporary files, hidden files,
//! non-spreadsheets, excluded patterns and mokuhyo's own output folder are
//! left out; folders that cannot be listed are reported, not fatal.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::pattern;
use crate::workbook::classify::{FileClass, Format, IgnoreReason, classify};

/// A workbook found in the folder, with what the file system says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    pub format: Format,
    pub size: u64,
    pub modified: Option<SystemTime>,
}

/// Why a file was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    Ignored(IgnoreReason),
    Excluded { pattern: String },
}

/// The result of listing a folder.
#[derive(Debug, Default, Clone)]
pub struct Listing {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<(PathBuf, Skip)>,
    /// Folders or files that could not be examined, with the reason.
    pub errors: Vec<(PathBuf, String)>,
}

/// What to list.
#[derive(Debug, Clone)]
pub struct ListOptions<'a> {
    pub recursive: bool,
    pub exclude: &'a [String],
    /// Folders never entered (the output folder when it lies inside).
    pub skip_dirs: &'a [PathBuf],
}

/// Lists `root` (a folder, or a single file). Sorted by path, so runs are
/// deterministic.
pub fn list(root: &Path, opts: &ListOptions<'_>) -> Listing {
    let mut listing = Listing::default();
    let skip_dirs: Vec<PathBuf> = opts
        .skip_dirs
        .iter()
        .filter_map(|d| std::fs::canonicalize(d).ok())
        .collect();
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_file() => consider_file(root, &meta, opts, &mut listing),
        Ok(_) => walk(root, opts, &skip_dirs, 0, &mut listing),
        Err(err) => listing.errors.push((root.to_path_buf(), err.to_string())),
    }
    listing.candidates.sort_by(|a, b| a.path.cmp(&b.path));
    listing.skipped.sort_by(|a, b| a.0.cmp(&b.0));
    listing
}

/// Deeper folders than this are not entered (a link loop guard).
const MAX_DEPTH: usize = 32;

fn walk(
    dir: &Path,
    opts: &ListOptions<'_>,
    skip_dirs: &[PathBuf],
    depth: usize,
    listing: &mut Listing,
) {
    if depth > MAX_DEPTH {
        listing.errors.push((
            dir.to_path_buf(),
            format!("deeper than {MAX_DEPTH} folders; not entered"),
        ));
        return;
    }
    if let Ok(canonical) = std::fs::canonicalize(dir)
        && skip_dirs.contains(&canonical)
    {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            listing
                .errors
                .push((dir.to_path_buf(), format!("cannot list the folder: {err}")));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                listing
                    .errors
                    .push((dir.to_path_buf(), format!("cannot list the folder: {err}")));
                continue;
            }
        };
        let path = entry.path();
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            // A file removed between listing and stat (Excel's temp files) is not an error.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => {
                listing.errors.push((path, err.to_string()));
                continue;
            }
        };
        if meta.is_dir() {
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if opts.recursive && !hidden {
                walk(&path, opts, skip_dirs, depth + 1, listing);
            }
        } else if meta.is_file() {
            consider_file(&path, &meta, opts, listing);
        }
    }
}

fn consider_file(
    path: &Path,
    meta: &std::fs::Metadata,
    opts: &ListOptions<'_>,
    listing: &mut Listing,
) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match classify(path) {
        FileClass::Ignored(reason) => listing
            .skipped
            .push((path.to_path_buf(), Skip::Ignored(reason))),
        FileClass::Spreadsheet(format) => {
            if let Some(p) = opts.exclude.iter().find(|p| pattern::matches(p, &name)) {
                listing
                    .skipped
                    .push((path.to_path_buf(), Skip::Excluded { pattern: p.clone() }));
            } else {
                listing.candidates.push(Candidate {
                    path: path.to_path_buf(),
                    format,
                    size: meta.len(),
                    modified: meta.modified().ok(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_workbooks_and_skips_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "a.xlsx",
            "~$a.xlsx",
            ".hidden.xlsx",
            "memo.txt",
            "A1B2C3D4",
            "old_copy.xlsx",
        ] {
            std::fs::write(root.join(name), b"x").unwrap();
        }
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/b.xls"), b"x").unwrap();
        std::fs::create_dir_all(root.join("out")).unwrap();
        std::fs::write(root.join("out/全庁目標一覧_令和8年度.xlsx"), b"x").unwrap();

        let exclude = vec!["*_copy.xlsx".to_string()];
        let skip = vec![root.join("out")];
        let listing = list(
            root,
            &ListOptions {
                recursive: true,
                exclude: &exclude,
                skip_dirs: &skip,
            },
        );
        let names: Vec<_> = listing
            .candidates
            .iter()
            .map(|c| c.path.strip_prefix(root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            vec![PathBuf::from("a.xlsx"), PathBuf::from("sub/b.xls")]
        );
        assert_eq!(listing.skipped.len(), 5);
        assert!(listing.errors.is_empty());

        let flat = list(
            root,
            &ListOptions {
                recursive: false,
                exclude: &[],
                skip_dirs: &[],
            },
        );
        assert_eq!(flat.candidates.len(), 2, "a.xlsx and old_copy.xlsx");
    }

    #[test]
    fn missing_folder_is_an_error_not_a_panic() {
        let listing = list(
            Path::new("/nonexistent/mokuhyo"),
            &ListOptions {
                recursive: true,
                exclude: &[],
                skip_dirs: &[],
            },
        );
        assert_eq!(listing.errors.len(), 1);
    }
}
