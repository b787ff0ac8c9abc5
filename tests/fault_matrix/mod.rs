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
//! - [`disk`]: (root only, with `--ignored`) a full temporary folder, a
//!   full output folder.
//! - [`files`]: an `.ods` repeat bomb, a lying shared-string count, a
//!   20,000-row roster, text longer than a cell (その他 and 取組項目, by
//!   `consolidate` and by the daemon), and (root only, with
//!   `--ignored`) a read that never returns on a FUSE share.
//! - [`monitoring`]: what `status --check` must see — outputs not written,
//!   an unlistable folder, a read-only or locked state file, mail undelivered
//!   for a week, a failed configuration reload — and control characters.
//! - [`clock`]: the clock stepped back and forward under the daemon, a
//!   clock far ahead for a few seconds, 29 February as a reporting date.
//! - [`commands`]: `consolidate` and SIGTERM, `config check`, a password in
//!   clear, a blocked output.
//! - [`mail`]: a refused copy, a reply lost after DATA, a silent server,
//!   the clock moved back, an address at a domain in Japanese.
//! - [`names`]: names and texts as a share holds them: a cell holding a
//!   right-to-left override and ESC, a file name and cells in NFD, and (Unix
//!   only: a Windows name is UTF-16) a file name in Shift_JIS bytes.
//! - [`sending`]: sent once, whatever runs at once: `remind` runs and a
//!   daemon together, a second daemon by a link or another spelling of the
//!   state file's path, the state file deleted, emptied or locked under a
//!   sender, outbox names alike or too long.
//!
//! On Windows all of it runs except what Windows cannot do or hold, or what
//! Wine cannot show: link loops and a second daemon by a symbolic link
//! (symbolic links need a privilege a service account and CI lack), file
//! names holding a newline or other C0 control characters (not valid
//! Windows names), `consolidate` stopped by SIGTERM (no such signal; Ctrl-C
//! reaches only a process on the same console), [`files`]' reads under a
//! memory limit (`ulimit`) and on a FUSE mount, the folder that cannot be
//! listed and the read-only state file of [`monitoring`] (Unix permissions
//! and an unprivileged user: under Wine both become permission bits, which
//! CI's root user passes through), and the state file deleted under the
//! daemon in [`sending`] (Windows refuses to delete a file another process
//! holds open). Each such test says why beside its `cfg`.

mod clock;
mod commands;
mod daemon;
mod disk;
mod files;
mod folder;
mod mail;
mod monitoring;
mod names;
mod sending;
