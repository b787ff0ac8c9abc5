//! Watching the shared folder with notify: the native watcher on local
//! disks, the polling watcher on network shares (SMB/CIFS/NFS), where native
//! notifications miss changes made by other machines.

use std::path::Path;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc::UnboundedSender;

use crate::config::WatchMode;
use crate::daemon::Event;

/// The watcher in use; dropping it stops watching.
pub enum ActiveWatcher {
    Native(RecommendedWatcher),
    Poll(PollWatcher),
}

impl ActiveWatcher {
    pub fn kind(&self) -> &'static str {
        match self {
            ActiveWatcher::Native(_) => "native",
            ActiveWatcher::Poll(_) => "poll",
        }
    }
}

/// File-system types that live on another machine.
#[cfg(any(target_os = "linux", test))]
pub(crate) fn is_network_fs_type(fs_type: &str) -> bool {
    matches!(
        fs_type,
        "cifs"
            | "smb3"
            | "smbfs"
            | "nfs"
            | "nfs4"
            | "ncpfs"
            | "afs"
            | "9p"
            | "ceph"
            | "glusterfs"
            | "fuse.sshfs"
            | "davfs"
            | "fuse.rclone"
    )
}

/// The file-system type of the mount that holds `path`, from the text of
/// `/proc/self/mountinfo` (pure: the caller reads the file).
#[cfg(any(target_os = "linux", test))]
pub(crate) fn mount_fs_type(mountinfo: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        // "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw"
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let Some(mount_point) = left.split(' ').nth(4) else {
            continue;
        };
        let Some(fs_type) = right.split(' ').next() else {
            continue;
        };
        let mount_point = unescape_mount_path(mount_point);
        if path.starts_with(&mount_point) {
            let len = mount_point.as_os_str().len();
            if best.as_ref().is_none_or(|(l, _)| len >= *l) {
                best = Some((len, fs_type.to_string()));
            }
        }
    }
    best.map(|(_, t)| t)
}

#[cfg(any(target_os = "linux", test))]
fn unescape_mount_path(raw: &str) -> std::path::PathBuf {
    // mountinfo escapes space, tab, newline and backslash as \ooo octal.
    let mut out = Vec::with_capacity(raw.len());
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && let Some(oct) = bytes.get(i + 1..i + 4)
            && let Some(v) = std::str::from_utf8(oct)
                .ok()
                .and_then(|o| u8::from_str_radix(o, 8).ok())
        {
            out.push(v);
            i += 4;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    std::path::PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}

/// Whether `path` lies on a network share, as far as the OS tells.
pub(crate) fn is_on_network_share(path: &Path) -> bool {
    let canonical = crate::io::scan::canonical_or_same(path);
    #[cfg(target_os = "linux")]
    {
        if let Ok(text) = std::fs::read_to_string("/proc/self/mountinfo") {
            return mount_fs_type(&text, &canonical).is_some_and(|t| is_network_fs_type(&t));
        }
        false
    }
    #[cfg(windows)]
    {
        // UNC paths (\\server\share; \\?\UNC\server\share where a name
        // needs the long form) are network shares.
        let s = canonical.to_string_lossy();
        s.starts_with(r"\\?\UNC\") || (s.starts_with(r"\\") && !s.starts_with(r"\\?\"))
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    {
        let _ = canonical;
        false
    }
}

/// Starts watching `root`, sending every changed path as an event.
/// Whether `kind` is a file or folder opened, read or closed without writing.
fn is_read_only(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    matches!(
        kind,
        notify::EventKind::Access(
            AccessKind::Open(_) | AccessKind::Read | AccessKind::Close(AccessMode::Read)
        )
    )
}

pub fn start(
    root: &Path,
    recursive: bool,
    mode: WatchMode,
    poll_interval: Duration,
    tx: UnboundedSender<Event>,
) -> notify::Result<ActiveWatcher> {
    let use_poll = match mode {
        WatchMode::Poll => true,
        WatchMode::Native => false,
        WatchMode::Auto => is_on_network_share(root),
    };
    let handler = move |res: notify::Result<notify::Event>| {
        let event = match res {
            // Reads change nothing (mokuhyo's own reads of a workbook or of a
            // folder it looks into would otherwise come back as changes); a
            // close after writing does: a save has ended.
            Ok(event) if is_read_only(&event.kind) => return,
            Ok(event) => Event::Paths(event.paths),
            Err(err) => Event::WatchError(err.to_string()),
        };
        let _ = tx.send(event);
    };
    let recursive_mode = if recursive {
        RecursiveMode::Recursive
    } else {
        RecursiveMode::NonRecursive
    };
    if use_poll {
        let config = notify::Config::default().with_poll_interval(poll_interval);
        let mut watcher = PollWatcher::new(handler, config)?;
        watcher.watch(root, recursive_mode)?;
        Ok(ActiveWatcher::Poll(watcher))
    } else {
        let mut watcher = RecommendedWatcher::new(handler, notify::Config::default())?;
        watcher.watch(root, recursive_mode)?;
        Ok(ActiveWatcher::Native(watcher))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /mnt/share rw,relatime shared:20 - cifs //fileserver/共有 rw,vers=3.0
41 22 0:36 / /mnt/nfs\\040data rw,relatime - nfs4 server:/export rw
";

    #[test]
    fn finds_the_mount_of_a_path() {
        assert_eq!(
            mount_fs_type(MOUNTINFO, Path::new("/mnt/share/企画課/a.xlsx")).as_deref(),
            Some("cifs")
        );
        assert_eq!(
            mount_fs_type(MOUNTINFO, Path::new("/home/user")).as_deref(),
            Some("ext4")
        );
        assert_eq!(
            mount_fs_type(MOUNTINFO, Path::new("/mnt/nfs data/x")).as_deref(),
            Some("nfs4")
        );
        assert_eq!(
            mount_fs_type(MOUNTINFO, Path::new("/mnt/sharebis")).as_deref(),
            Some("ext4")
        );
    }

    #[test]
    fn network_types() {
        assert!(is_network_fs_type("cifs"));
        assert!(is_network_fs_type("nfs4"));
        assert!(!is_network_fs_type("ext4"));
        assert!(!is_network_fs_type("tmpfs"));
    }
}
