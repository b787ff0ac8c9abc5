//! The fault matrix: faults a release once got wrong, each reproduced with
//! real files in a temp dir, the real binary (daemon or command), a real
//! SMTP server on loopback and real signals. README.md lists what is
//! covered ("Faults the tests reproduce").
//!
//! - [`folder`]: link loops, a sheet that unpacks too large, a file name
//!   holding a newline.
//! - [`daemon`]: a new unreadable file, lost or damaged outputs (native
//!   and polling watcher).
//! - [`commands`]: `consolidate` and SIGTERM, `config check`, a password in
//!   clear, a blocked output.
//! - [`mail`]: a refused copy, a reply lost after DATA, a silent server,
//!   the clock moved back.
//!
//! On Windows all of it runs except what Windows cannot do or hold: link
//! loops (symbolic links need a privilege a service account and CI lack),
//! a file name holding a newline (not a valid Windows name) and
//! `consolidate` stopped by SIGTERM (no such signal; Ctrl-C reaches only a
//! process on the same console).

#[path = "../common/mod.rs"]
mod common;

mod commands;
mod daemon;
mod folder;
mod mail;
