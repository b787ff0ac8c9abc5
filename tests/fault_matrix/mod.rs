//! The fault matrix: faults a release once got wrong, each reproduced with
//! real files in a temp dir, the real binary (daemon or command), a real
//! SMTP server on loopback and real signals. README.md lists what is
//! covered ("Faults the tests reproduce").
//!
//! - [`folder`]: link loops, a sheet that unpacks too large, a file name
//!   holding a newline.
//! - [`daemon`]: a new unreadable file, lost or damaged outputs (native
//!   and polling watcher); a workbook replaced by a folder and back; the
//!   watched folder renamed away and made again; `consolidate` beside the
//!   daemon.
//! - [`files`]: an `.ods` repeat bomb, a lying shared-string count, a
//!   20,000-row roster, text longer than a cell, and (root only, with
//!   `--ignored`) a read that never returns on a FUSE share.
//! - [`monitoring`]: what `status --check` must see — outputs not written,
//!   an unlistable folder, a read-only or locked state file, mail undelivered
//!   for a week, a failed configuration reload — and control characters.
//! - [`commands`]: `consolidate` and SIGTERM, `config check`, a password in
//!   clear, a blocked output.
//! - [`mail`]: a refused copy, a reply lost after DATA, a silent server,
//!   the clock moved back.
//! - [`sending`]: sent once, whatever runs at once: `remind` runs and a
//!   daemon together, a second daemon by a link, the state file deleted,
//!   emptied or locked under a sender, outbox names alike or too long.
//!
//! On Windows all of it runs except what Windows cannot do or hold, or what
//! is not yet verified there: link loops (symbolic links need a privilege a
//! service account and CI lack), a file name holding a newline (not a valid
//! Windows name), `consolidate` stopped by SIGTERM (no such signal; Ctrl-C
//! reaches only a process on the same console), [`files`]' reads under a
//! memory limit (`ulimit`) and on a FUSE mount, and [`monitoring`] and
//! [`sending`], written for Unix (Unix permissions and an unprivileged
//! user, control characters in file names, symbolic links, a state file
//! deleted while open, SIGTERM).

mod commands;
mod daemon;
mod files;
mod folder;
mod mail;
#[cfg(unix)]
mod monitoring;
#[cfg(unix)]
mod sending;
