//! Debouncing file events: Excel saves through a temporary file, a delete and
//! a rename, so a path is acted on only after it has been quiet for a while.
//! Pure: the caller passes the instants.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Paths waiting for their quiet time to pass.
#[derive(Debug)]
pub(crate) struct Debouncer {
    quiet: Duration,
    pending: HashMap<PathBuf, Instant>,
}

impl Debouncer {
    pub fn new(quiet: Duration) -> Self {
        Debouncer {
            quiet,
            pending: HashMap::new(),
        }
    }

    /// Records activity on `path` at `now`; its quiet time starts again.
    pub(crate) fn touch(&mut self, path: &Path, now: Instant) {
        self.pending.insert(path.to_path_buf(), now);
    }

    /// Takes the paths that have been quiet for the whole window at `now`,
    /// sorted for a deterministic order.
    pub(crate) fn take_due(&mut self, now: Instant) -> Vec<PathBuf> {
        let quiet = self.quiet;
        let mut due: Vec<PathBuf> = self
            .pending
            .iter()
            .filter(|(_, last)| now.saturating_duration_since(**last) >= quiet)
            .map(|(p, _)| p.clone())
            .collect();
        for p in &due {
            self.pending.remove(p);
        }
        due.sort();
        due
    }

    /// When the next path becomes due, if any is pending.
    pub(crate) fn next_due(&self) -> Option<Instant> {
        self.pending.values().min().map(|last| *last + self.quiet)
    }

    pub(crate) fn set_quiet(&mut self, quiet: Duration) {
        self.quiet = quiet;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_save_sequence_yields_one_read_after_the_quiet_time() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(Duration::from_secs(2));
        let book = Path::new("/share/総務部.xlsx");
        // temp file written, original deleted, temp renamed over it.
        d.touch(Path::new("/share/A1B2C3D4"), t0);
        d.touch(book, t0);
        d.touch(book, t0 + Duration::from_millis(300));
        assert!(d.take_due(t0 + Duration::from_millis(1500)).is_empty());
        assert_eq!(d.next_due(), Some(t0 + Duration::from_secs(2)));
        let due = d.take_due(t0 + Duration::from_millis(2300));
        assert_eq!(
            due,
            vec![PathBuf::from("/share/A1B2C3D4"), book.to_path_buf()]
        );
        assert_eq!(d.next_due(), None);
    }

    #[test]
    fn activity_restarts_the_window() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(Duration::from_secs(2));
        let p = Path::new("a.xlsx");
        d.touch(p, t0);
        d.touch(p, t0 + Duration::from_secs(1));
        assert!(d.take_due(t0 + Duration::from_secs(2)).is_empty());
        assert_eq!(
            d.take_due(t0 + Duration::from_secs(3)),
            vec![p.to_path_buf()]
        );
    }
}
