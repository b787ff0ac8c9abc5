//! Whether a file lies on a local disk, whose reads end, rather than on a
//! network share or a file system served by a program (SMB, NFS, FUSE …),
//! whose reads can block for as long as its server does not answer.
//!
//! A read from a local disk needs no reading thread of its own
//! ([`super::read_thread`]): handing each file to another thread and back
//! costs two thread switches, about a tenth of the parse of a small
//! workbook. Only Linux tells the file system's type cheaply (`statfs`, a
//! call no slower than the `stat` the catalog makes of every file before
//! reading it); elsewhere, and for any file system not listed here, every
//! file is read on the reading thread.

use std::path::Path;

/// The `statfs` magic numbers of local disk and memory file systems.
#[cfg(target_os = "linux")]
const LOCAL_FILE_SYSTEMS: [u64; 9] = [
    0xEF53,      // ext2, ext3, ext4
    0x5846_5342, // XFS
    0x9123_683E, // Btrfs
    0x0102_1994, // tmpfs
    0x8584_58F6, // ramfs
    0x794C_7630, // overlayfs (containers)
    0x2FC1_2FC1, // ZFS
    0xF2F5_2010, // F2FS
    0x4D44,      // FAT
];

/// Whether `path` lies on a local disk (or in memory), so that reading it
/// cannot wait on a server.
#[cfg(target_os = "linux")]
pub(super) fn is_local(path: &Path) -> bool {
    rustix::fs::statfs(path).is_ok_and(|fs| {
        // The magic number is 32 bits; some targets widen it with its sign.
        let magic = fs.f_type as u64 & 0xFFFF_FFFF;
        LOCAL_FILE_SYSTEMS.contains(&magic)
    })
}

/// Elsewhere every file may lie on a share.
#[cfg(not(target_os = "linux"))]
pub(super) fn is_local(_path: &Path) -> bool {
    false
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_does_not_exist_is_not_taken_for_local() {
        assert!(!is_local(Path::new("/nonexistent/mokuhyo/file.xlsx")));
    }

    #[test]
    fn the_proc_file_system_is_not_a_local_disk() {
        // procfs (0x9FA0) is served by the kernel, not a disk: not listed,
        // so a file there is read on the reading thread.
        assert!(!is_local(Path::new("/proc/self/status")));
    }
}
