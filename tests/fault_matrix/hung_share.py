"""A FUSE file system holding one workbook, hung.xlsx, whose read never
returns: a share whose server stopped answering. Used by the fault matrix
(root only: it mounts). Usage: python3 hung_share.py MOUNTPOINT"""

import errno
import stat
import sys
import threading

from fuse import FUSE, FuseOSError, Operations

MODIFIED = 1_700_000_000


class HungShare(Operations):
    def getattr(self, path, fh=None):
        times = dict(st_ctime=MODIFIED, st_mtime=MODIFIED, st_atime=MODIFIED)
        if path == "/":
            return dict(st_mode=stat.S_IFDIR | 0o755, st_nlink=2, **times)
        if path == "/hung.xlsx":
            return dict(st_mode=stat.S_IFREG | 0o444, st_nlink=1, st_size=4096, **times)
        raise FuseOSError(errno.ENOENT)

    def readdir(self, path, fh):
        return [".", "..", "hung.xlsx"]

    def open(self, path, flags):
        return 0

    def read(self, path, size, offset, fh):
        threading.Event().wait()


if __name__ == "__main__":
    FUSE(HungShare(), sys.argv[1], foreground=True, ro=True, allow_other=True)
