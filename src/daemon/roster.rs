//! The recipient roster in the daemon: read at start, read again when its
//! file changes (a watcher on its folder, and the periodic rescan for
//! network shares), the last good one kept in force while it is broken.

use std::path::{Path, PathBuf};

use tokio::sync::mpsc::UnboundedSender;

use super::Event;
use crate::i18n::t;
use crate::pipeline::Pipeline;
use crate::state::roster::RosterState;

/// Reads the configured roster into `pipeline` (the previous one stays in
/// force when the file is broken). True when what is in force or what is
/// wrong with the file changed: the outputs and status must show it.
pub(crate) fn reload(pipeline: &mut Pipeline, force: bool) -> bool {
    if !force && !pipeline.roster().changed_on_disk() {
        return false;
    }
    let now = crate::clock::now_utc();
    let new = RosterState::load(
        &pipeline.settings().roster_sources(),
        Some(pipeline.roster()),
        now,
    );
    let changed =
        new.roster != pipeline.roster().roster || new.problems != pipeline.roster().problems;
    if new.problems.is_empty() {
        tracing::info!("{}", t!("log-roster", roster = new.describe()));
    } else {
        tracing::warn!("{}", t!("log-roster", roster = new.describe()));
    }
    pipeline.set_roster(new);
    changed
}

/// Whether `path` is the configured roster file `roster`.
pub(crate) fn is_roster(roster: Option<&Path>, path: &Path) -> bool {
    roster.is_some_and(|roster| {
        use crate::io::scan::canonical_or_same;
        roster == path || canonical_or_same(roster) == canonical_or_same(path)
    })
}

/// Watches one file's folder and sends `event` when that file is created,
/// changed or replaced (Excel saves by temp → delete → rename).
pub(crate) fn watch_file(
    file: &Path,
    tx: UnboundedSender<Event>,
    event: impl Fn() -> Event + Send + 'static,
) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = file.file_name().map(|n| n.to_os_string());
    let handler = move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res
            && (ev.kind.is_modify() || ev.kind.is_create())
            && ev
                .paths
                .iter()
                .any(|p| p.file_name().map(|n| n.to_os_string()) == name)
        {
            let _ = tx.send(event());
        }
    };
    let watched =
        notify::RecommendedWatcher::new(handler, notify::Config::default()).and_then(|mut w| {
            w.watch(&dir, notify::RecursiveMode::NonRecursive)
                .map(|()| w)
        });
    match watched {
        Ok(w) => Some(w),
        Err(err) => {
            tracing::warn!(
                "{}",
                t!(
                    "log-roster-unwatched",
                    path = file.display(),
                    error = crate::logging::causes(&err)
                )
            );
            None
        }
    }
}
