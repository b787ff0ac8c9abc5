//! Where staff find a workbook: the shared folder as their PCs reach it
//! (`folder.display_path`, say `\\fileserver\目標管理`) in place of the path
//! the daemon reads it from (`/srv/目標管理`), in mails, in the consolidated
//! workbook's file columns and in the links that open a workbook at a cell.

use crate::a1::CellPosition;
use std::path::{Component, Path, PathBuf};

/// Serialises `path` as text, what does not decode as UTF-8 in a name not
/// in UTF-8 (Shift_JIS bytes from an old share) as U+FFFD: serde's own
/// refuses such a path, and with it the whole JSON that holds it. A path
/// in UTF-8 is written as serde writes it.
pub fn serialize_lossy<S: serde::Serializer>(
    path: &Path,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

/// The shared folder as read and as shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharePath {
    /// The folder the daemon reads.
    folder: Option<PathBuf>,
    /// The same folder as staff reach it.
    display: Option<String>,
}

impl SharePath {
    /// Paths shown as they are read.
    pub const AS_READ: SharePath = SharePath {
        folder: None,
        display: None,
    };

    /// `folder` (as configured) shown as `display`, when one is given.
    pub fn new(folder: &Path, display: Option<&str>) -> Self {
        let display = display.map(str::trim).filter(|d| !d.is_empty());
        SharePath {
            folder: display.map(|_| folder.to_path_buf()),
            display: display.map(str::to_string),
        }
    }

    /// The folder as staff reach it, when a display path is configured.
    pub fn shown_folder(&self) -> Option<&str> {
        self.display.as_deref()
    }

    /// The path of `file` as staff reach it: below the display path when
    /// the file is in the folder, its parts joined with the display path's
    /// separator (`\` for `\\server\share` or `C:\…`, else `/`); any other
    /// path as it is.
    pub fn show(&self, file: &Path) -> String {
        let mut shown = String::new();
        self.push_shown(&mut shown, file);
        shown
    }

    /// [`SharePath::show`], written at the end of `out`.
    fn push_shown(&self, out: &mut String, file: &Path) {
        let inside = match (&self.folder, &self.display) {
            (Some(folder), Some(display)) => {
                relative_to(file, folder).map(|inside| (display, inside))
            }
            _ => None,
        };
        let Some((display, inside)) = inside else {
            // As `Path::display` writes it, each byte sequence not in
            // UTF-8 as U+FFFD.
            out.push_str(&file.to_string_lossy());
            return;
        };
        let separator = if display.contains('\\') || is_drive(display) {
            '\\'
        } else {
            '/'
        };
        out.push_str(display.trim_end_matches(['\\', '/']));
        for part in inside {
            out.push(separator);
            out.push_str(&part.as_os_str().to_string_lossy());
        }
    }

    /// The path of `file` as staff reach it, when a display path is
    /// configured and the file is in the folder.
    pub fn show_inside(&self, file: &Path) -> Option<String> {
        let folder = self.folder.as_ref()?;
        relative_to(file, folder).is_some().then(|| self.show(file))
    }

    /// A link opening `file` at a cell: `file:///\\fileserver\目標管理\a.xlsx#'Sheet'!C9`.
    pub fn cell_url(&self, file: &Path, sheet: &str, cell: CellPosition) -> String {
        let mut url = String::with_capacity(file.as_os_str().len() + sheet.len() + 32);
        url.push_str("file:///");
        self.push_shown(&mut url, file);
        url.push('#');
        crate::a1::push_quoted_sheet(&mut url, sheet);
        url.push('!');
        crate::a1::push_cell_name(&mut url, cell.row, cell.col);
        url
    }
}

/// `C:…`.
fn is_drive(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.next() == Some(':')
}

/// The parts of `file` below `folder`, when it is below it. Both are
/// compared part by part, without touching the disk (`.` parts are
/// skipped).
fn relative_to<'f>(file: &'f Path, folder: &Path) -> Option<impl Iterator<Item = Component<'f>>> {
    fn parts(p: &Path) -> impl Iterator<Item = Component<'_>> {
        p.components().filter(|c| !matches!(c, Component::CurDir))
    }
    let mut file_parts = parts(file).peekable();
    for part in parts(folder) {
        if file_parts.next() != Some(part) {
            return None;
        }
    }
    file_parts.peek()?;
    Some(file_parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(
        "/srv/目標管理",
        Some(r"\\fileserver\目標管理"),
        "/srv/目標管理/総務部/a.xlsx",
        r"\\fileserver\目標管理\総務部\a.xlsx"
    )]
    #[case(
        "/srv/目標管理/",
        Some(r"\\fileserver\目標管理\"),
        "/srv/目標管理/a.xlsx",
        r"\\fileserver\目標管理\a.xlsx"
    )]
    #[case("./share", Some("Z:"), "share/a.xlsx", r"Z:\a.xlsx")]
    #[case(
        "/srv/share",
        Some("/mnt/目標管理"),
        "/srv/share/a.xlsx",
        "/mnt/目標管理/a.xlsx"
    )]
    // Outside the folder, or no display path: as read.
    #[case(
        "/srv/目標管理",
        Some(r"\\fileserver\目標管理"),
        "/tmp/a.xlsx",
        "/tmp/a.xlsx"
    )]
    #[case("/srv/目標管理", None, "/srv/目標管理/a.xlsx", "/srv/目標管理/a.xlsx")]
    #[case(
        "/srv/目標管理",
        Some("  "),
        "/srv/目標管理/a.xlsx",
        "/srv/目標管理/a.xlsx"
    )]
    fn a_file_in_the_folder_is_shown_below_the_display_path(
        #[case] folder: &str,
        #[case] display: Option<&str>,
        #[case] file: &str,
        #[case] shown: &str,
    ) {
        let share = SharePath::new(Path::new(folder), display);
        assert_eq!(share.show(Path::new(file)), shown);
    }

    #[rstest]
    #[case(
        SharePath::new(Path::new("/srv/s"), Some(r"\\fs\s")),
        "/srv/s/a.xlsx",
        "部長's シート",
        r"file:///\\fs\s\a.xlsx#'部長''s シート'!B12"
    )]
    #[case(
        SharePath::AS_READ,
        "/share/企画部.xlsx",
        "S",
        "file:////share/企画部.xlsx#'S'!B12"
    )]
    fn a_link_opens_the_shown_file_at_the_cell(
        #[case] share: SharePath,
        #[case] file: &str,
        #[case] sheet: &str,
        #[case] url: &str,
    ) {
        assert_eq!(
            share.cell_url(Path::new(file), sheet, "B12".parse().unwrap()),
            url
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_name_not_in_utf8_is_shown_as_a_path_displays() {
        use std::os::unix::ffi::OsStrExt;
        let file = Path::new(std::ffi::OsStr::from_bytes(b"/share/\x91\x8d\xff/a.xlsx"));
        let shown = file.display().to_string();
        assert_eq!(SharePath::AS_READ.show(file), shown);
        let share = SharePath::new(Path::new("/share"), Some(r"\\fs\s"));
        assert_eq!(
            share.show(file),
            "\\\\fs\\s\\\u{FFFD}\u{FFFD}\u{FFFD}\\a.xlsx"
        );
        assert_eq!(
            SharePath::AS_READ.cell_url(file, "S", "C9".parse().unwrap()),
            format!("file:///{shown}#'S'!C9")
        );
    }
}
