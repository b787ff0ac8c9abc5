//! Listing the shared folder: which files are department workbooks to read,
//! which are ignored and why. Lock files, temporary files, hidden files,
//! non-spreadsheets, excluded patterns and mokuhyo's own output folder are
//! left out; folders that cannot be listed are reported, not fatal.
//!
//! Symbolic links are followed, each file and folder at most once: the
//! folder's own files and sub-folders are listed first (links not
//! followed), then what the links lead to, skipping every folder and file
//! already listed. A link loop (`ln -s . loop`) therefore neither repeats a
//! workbook nor makes the walk endless, and a file reached through a link as
//! well keeps its own path inside the folder.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use walkdir::WalkDir;

use crate::i18n::t;
use crate::io::workbook::classify::{FileClass, Format, IgnoreReason, classify};
use mokuhyo_core::pattern;

/// The absolute path of `path` with links resolved, as people write it:
/// on Windows `Z:\目標管理` and `\\fileserver\目標管理`, never the
/// `\\?\Z:\…` or `\\?\UNC\…` forms the system call returns (those stay only
/// where no other form exists: a path too long or a name Windows reserves).
/// Every path mokuhyo resolves goes through here, so the paths it shows in
/// links, sheets, JSON, mails and logs are the ones staff can open.
pub fn canonical(path: &Path) -> std::io::Result<PathBuf> {
    dunce::canonicalize(path)
}

/// [`canonical`], or `path` itself when it cannot be resolved (it does not
/// exist, or a folder on the way cannot be read).
pub fn canonical_or_same(path: &Path) -> PathBuf {
    canonical(path).unwrap_or_else(|_| path.to_path_buf())
}

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
    /// Links not followed because what they lead to is listed already (a
    /// loop, or a second way to the same folder or file), with the reason.
    pub not_followed: Vec<(PathBuf, String)>,
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
    let mut walk = Walk {
        opts,
        skip_dirs: opts
            .skip_dirs
            .iter()
            .filter_map(|d| canonical(d).ok())
            .collect(),
        seen_dirs: HashSet::new(),
        seen_files: HashSet::new(),
        listing: Listing::default(),
    };
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_file() => walk.file(root, &meta),
        Ok(_) => walk.folder(root),
        Err(err) => walk
            .listing
            .errors
            .push((root.to_path_buf(), err.to_string())),
    }
    let mut listing = walk.listing;
    listing.candidates.sort_by(|a, b| a.path.cmp(&b.path));
    listing.skipped.sort_by(|a, b| a.0.cmp(&b.0));
    listing
}

/// One listing in progress: what has been seen, by canonical path.
struct Walk<'a> {
    opts: &'a ListOptions<'a>,
    skip_dirs: Vec<PathBuf>,
    seen_dirs: HashSet<PathBuf>,
    seen_files: HashSet<PathBuf>,
    listing: Listing,
}

impl Walk<'_> {
    /// The folder's own entries first, then the links found among them.
    fn folder(&mut self, root: &Path) {
        let mut links = Vec::new();
        self.walk(root, false, &mut links);
        for link in links {
            self.link(&link);
        }
    }

    /// Walks `top`; with `follow` false, links are collected in `links`
    /// instead of followed.
    fn walk(&mut self, top: &Path, follow: bool, links: &mut Vec<PathBuf>) {
        let max_depth = if self.opts.recursive { usize::MAX } else { 1 };
        let walker = WalkDir::new(top)
            .follow_links(follow)
            .max_depth(max_depth)
            .sort_by_file_name()
            .into_iter();
        let Walk {
            skip_dirs,
            seen_dirs,
            listing,
            ..
        } = self;
        let mut second_ways = Vec::new();
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        let walker = walker.filter_entry(|entry| {
            if !entry.file_type().is_dir() {
                return true;
            }
            let enter = entry.depth() == 0 || !is_hidden(entry.path());
            let real = canonical_or_same(entry.path());
            if !enter || skip_dirs.contains(&real) {
                return false;
            }
            if !seen_dirs.insert(real) {
                second_ways.push(entry.path().to_path_buf());
                return false;
            }
            true
        });
        for entry in walker {
            match entry {
                Ok(entry) => entries.push(entry),
                Err(err) => errors.push(err),
            }
        }
        for path in second_ways {
            listing.not_followed.push((
                path,
                "a second way to a folder already listed; not entered".into(),
            ));
        }
        for err in &errors {
            walk_error(listing, err);
        }
        for entry in entries {
            let file_type = entry.file_type();
            if file_type.is_symlink() {
                links.push(entry.into_path());
            } else if file_type.is_file() {
                match entry.metadata() {
                    Ok(meta) => self.file(entry.path(), &meta),
                    Err(err) => walk_error(&mut self.listing, &err),
                }
            }
        }
    }

    /// Follows a link found in the folder, unless what it leads to is
    /// listed already.
    fn link(&mut self, link: &Path) {
        let meta = match std::fs::metadata(link) {
            Ok(meta) => meta,
            // A dangling link, or one removed since it was listed.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return,
            Err(err) => {
                self.listing
                    .errors
                    .push((link.to_path_buf(), err.to_string()));
                return;
            }
        };
        if meta.is_file() {
            self.file(link, &meta);
        } else if meta.is_dir() && self.opts.recursive && !is_hidden(link) {
            let mut nested = Vec::new();
            self.walk(link, true, &mut nested);
        }
    }

    /// Considers one file, unless it was reached before by another path.
    fn file(&mut self, path: &Path, meta: &std::fs::Metadata) {
        if !self.seen_files.insert(canonical_or_same(path)) {
            self.listing.not_followed.push((
                path.to_path_buf(),
                "a second way to a file already listed; not read twice".into(),
            ));
            return;
        }
        consider_file(path, meta, self.opts, &mut self.listing);
    }
}

/// Records what went wrong while walking: a loop is noted, an entry gone
/// since it was listed is not an error, anything else is.
fn walk_error(listing: &mut Listing, err: &walkdir::Error) {
    let path = err.path().map(Path::to_path_buf).unwrap_or_default();
    if let Some(ancestor) = err.loop_ancestor() {
        listing
            .not_followed
            .push((path, t!("scan-link-loop", path = ancestor.display())));
    } else if err
        .io_error()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound)
    {
        // Removed between listing and reading (Excel's temporary files).
    } else {
        listing
            .errors
            .push((path, t!("scan-folder-unlisted", error = err.to_string())));
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Whether a file of the folder is a workbook to read: a spreadsheet (not a
/// lock, temporary or foreign file) whose name no `exclude` pattern
/// matches. The one rule, for the listing and for the watcher's events.
pub fn workbook_format(path: &Path, exclude: &[String]) -> Result<Format, Skip> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match classify(path) {
        FileClass::Ignored(reason) => Err(Skip::Ignored(reason)),
        FileClass::Spreadsheet(format) => {
            match exclude.iter().find(|p| pattern::matches(p, &name)) {
                Some(p) => Err(Skip::Excluded { pattern: p.clone() }),
                None => Ok(format),
            }
        }
    }
}

fn consider_file(
    path: &Path,
    meta: &std::fs::Metadata,
    opts: &ListOptions<'_>,
    listing: &mut Listing,
) {
    match workbook_format(path, opts.exclude) {
        Err(skip) => listing.skipped.push((path.to_path_buf(), skip)),
        Ok(format) => listing.candidates.push(Candidate {
            path: path.to_path_buf(),
            format,
            size: meta.len(),
            modified: meta.modified().ok(),
        }),
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
            "memo.docx",
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

    #[cfg(unix)]
    fn names(root: &Path, listing: &Listing) -> Vec<String> {
        listing
            .candidates
            .iter()
            .map(|c| {
                c.path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    #[cfg(unix)]
    fn recursive(root: &Path) -> Listing {
        list(
            root,
            &ListOptions {
                recursive: true,
                exclude: &[],
                skip_dirs: &[],
            },
        )
    }

    #[cfg(unix)]
    #[test]
    fn link_loops_list_every_workbook_once_and_end() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = canonical(dir.path()).unwrap();
        std::fs::write(root.join("a.xlsx"), b"x").unwrap();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/b.xlsx"), b"x").unwrap();
        // Two loops at the top (2^32 paths for a walk that follows them
        // down to a depth cap) and one from below.
        symlink(".", root.join("loop")).unwrap();
        symlink(".", root.join("loop2")).unwrap();
        symlink("..", root.join("sub/up")).unwrap();
        let listing = recursive(&root);
        assert_eq!(names(&root, &listing), ["a.xlsx", "sub/b.xlsx"]);
        assert!(listing.errors.is_empty(), "{:?}", listing.errors);
        assert_eq!(listing.not_followed.len(), 3, "{:?}", listing.not_followed);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_reached_through_links_is_listed_once_under_its_own_path() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = canonical(dir.path()).unwrap();
        let share = root.join("share");
        let elsewhere = root.join("elsewhere");
        std::fs::create_dir_all(share.join("z")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(share.join("z/b.xlsx"), b"x").unwrap();
        std::fs::write(elsewhere.join("c.xlsx"), b"x").unwrap();
        // Links that sort before what they lead to.
        symlink(share.join("z"), share.join("a-alias")).unwrap();
        symlink(share.join("z/b.xlsx"), share.join("a-copy.xlsx")).unwrap();
        // A folder outside the share, reached twice.
        symlink(&elsewhere, share.join("ext1")).unwrap();
        symlink(&elsewhere, share.join("ext2")).unwrap();
        // A dangling link is no error.
        symlink(root.join("missing"), share.join("gone.xlsx")).unwrap();
        let listing = recursive(&share);
        assert_eq!(names(&share, &listing), ["ext1/c.xlsx", "z/b.xlsx"]);
        assert!(listing.errors.is_empty(), "{:?}", listing.errors);
        assert_eq!(listing.not_followed.len(), 3, "{:?}", listing.not_followed);
    }
}
