use super::*;
use std::path::PathBuf;

/// Creates the state file at `path`, as an earlier release did.
fn create_at(path: &Path) -> StateFile {
    StateFile::open(path, Access::Create).unwrap()
}

/// A temp dir with `state/mokuhyo.sqlite` and `out/` configured.
struct Layout {
    dir: tempfile::TempDir,
}

impl Layout {
    fn new() -> Layout {
        Layout {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn database(&self) -> PathBuf {
        self.dir.path().join("state").join("mokuhyo.sqlite")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn acquire(&self, role: Role) -> Result<StateFile, StateFileError> {
        self.acquire_at(&self.database(), role)
    }

    fn acquire_at(&self, database: &Path, role: Role) -> Result<StateFile, StateFileError> {
        StateFile::acquire(database, &self.out(), role, &|_, _| {})
    }
}

#[test]
fn a_new_state_file_gets_an_id_recorded_beside_the_outputs() {
    let layout = Layout::new();
    let state = layout.acquire(Role::Remind).unwrap();
    assert!(layout.database().is_file());
    assert_eq!(state.ledger_id().unwrap().len(), 32);
    assert_eq!(
        read_marker(&layout.out().join(MARKER_NAME)).as_deref(),
        state.ledger_id()
    );
    let id = state.ledger_id().unwrap().to_string();
    drop(state);
    // The same ledger the next time; no temporary file left.
    let again = layout.acquire(Role::Remind).unwrap();
    assert_eq!(again.ledger_id(), Some(id.as_str()));
    let names: Vec<String> = std::fs::read_dir(layout.database().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

// Unix only: a second path needs a symbolic link (a privilege on Windows),
// and under Wine the file is taken for missing once the daemon let go.
#[cfg(unix)]
#[test]
fn a_daemon_holding_the_file_refuses_a_second_user_by_any_path() {
    let layout = Layout::new();
    let daemon = layout.acquire(Role::Daemon).unwrap();
    assert_eq!(
        holder(&layout.database()),
        Some(Holder {
            role: Role::Daemon,
            pid: std::process::id()
        })
    );
    let link = layout.dir.path().join("link.sqlite");
    std::os::unix::fs::symlink(layout.database(), &link).unwrap();
    for role in [Role::Daemon, Role::Remind] {
        let err = layout.acquire_at(&link, role).unwrap_err();
        assert!(
            matches!(err, StateFileError::DaemonRunning { pid, .. } if pid == std::process::id()),
            "{err}"
        );
    }
    drop(daemon);
    assert_eq!(holder(&layout.database()), None);
    assert!(layout.acquire_at(&link, Role::Daemon).is_ok());
}

#[test]
fn a_command_waits_for_another_command() {
    let layout = Layout::new();
    let first = layout.acquire(Role::Remind).unwrap();
    let database = layout.database();
    let out = layout.out();
    let waited = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let told = std::sync::Arc::clone(&waited);
    let second = std::thread::spawn(move || {
        StateFile::acquire(&database, &out, Role::Remind, &|holder, _| {
            assert_eq!(holder.role, Role::Remind);
            told.store(true, std::sync::atomic::Ordering::SeqCst);
        })
        .map(|state| state.ledger_id().unwrap().to_string())
    });
    while !waited.load(std::sync::atomic::Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let id = first.ledger_id().unwrap().to_string();
    drop(first);
    assert_eq!(second.join().unwrap().unwrap(), id);
}

#[test]
fn a_missing_file_is_not_replaced_while_its_ledger_is_expected() {
    let layout = Layout::new();
    let state = layout.acquire(Role::Remind).unwrap();
    let id = state.ledger_id().unwrap().to_string();
    drop(state);
    std::fs::remove_file(layout.database()).unwrap();
    let err = layout.acquire(Role::Remind).unwrap_err();
    assert!(
        matches!(&err, StateFileError::Missing { expected, .. } if *expected == id),
        "{err}"
    );
    assert!(!layout.database().exists(), "nothing created in its place");
    assert!(inspect(&layout.database(), &layout.out()).is_some());
}

#[test]
fn an_empty_file_is_not_a_new_ledger() {
    let layout = Layout::new();
    std::fs::create_dir_all(layout.database().parent().unwrap()).unwrap();
    std::fs::write(layout.database(), b"").unwrap();
    let err = layout.acquire(Role::Daemon).unwrap_err();
    assert!(matches!(err, StateFileError::Empty { .. }), "{err}");
    assert_eq!(std::fs::metadata(layout.database()).unwrap().len(), 0);
    assert!(matches!(
        inspect(&layout.database(), &layout.out()),
        Some(StateFileError::Empty { .. })
    ));
}

#[test]
fn another_ledger_than_the_one_recorded_is_not_used() {
    let layout = Layout::new();
    drop(layout.acquire(Role::Remind).unwrap());
    // Another state file put in its place.
    let other = Layout::new();
    let other_id = other
        .acquire(Role::Remind)
        .unwrap()
        .ledger_id()
        .unwrap()
        .to_string();
    std::fs::copy(other.database(), layout.database()).unwrap();
    let err = layout.acquire(Role::Remind).unwrap_err();
    assert!(
        matches!(&err, StateFileError::Foreign { found, .. } if found.contains(&other_id)),
        "{err}"
    );
    assert!(matches!(
        inspect(&layout.database(), &layout.out()),
        Some(StateFileError::Foreign { .. })
    ));
    assert!(inspect(&other.database(), &other.out()).is_none());
}

#[test]
fn a_state_file_of_an_earlier_release_is_kept_and_given_an_id() {
    let layout = Layout::new();
    std::fs::create_dir_all(layout.database().parent().unwrap()).unwrap();
    {
        create_at(&layout.database())
            .daemon()
            .unwrap()
            .record(&[Fact::NextSend("soon")], crate::clock::now_utc())
            .unwrap();
    }
    let state = layout.acquire(Role::Remind).unwrap();
    assert_eq!(
        read_marker(&layout.out().join(MARKER_NAME)).as_deref(),
        state.ledger_id()
    );
    let recorded = state.daemon().unwrap().read().unwrap();
    assert_eq!(recorded.next_send.as_deref(), Some("soon"));
}

#[test]
fn no_new_ledger_while_the_earlier_releases_file_is_in_the_output_folder() {
    let layout = Layout::new();
    std::fs::create_dir_all(layout.out()).unwrap();
    drop(create_at(&layout.out().join(LEGACY_NAME)));
    let err = layout.acquire(Role::Daemon).unwrap_err();
    assert!(matches!(err, StateFileError::Legacy { .. }), "{err}");
    assert!(!layout.database().exists());
    // Configured to it, it is used.
    assert!(
        layout
            .acquire_at(&layout.out().join(LEGACY_NAME), Role::Daemon)
            .is_ok()
    );
}

// Unix only: Windows refuses to delete a file another handle holds open.
#[cfg(unix)]
#[test]
fn a_file_deleted_or_replaced_under_the_process_is_noticed() {
    let layout = Layout::new();
    let state = layout.acquire(Role::Daemon).unwrap();
    assert!(state.verify().is_ok());
    let ledger = state.ledger().unwrap();
    assert!(ledger.verify_file().is_ok());
    std::fs::remove_file(layout.database()).unwrap();
    assert!(matches!(
        state.verify(),
        Err(StateFileError::Vanished { .. })
    ));
    assert!(ledger.verify_file().is_err());
    assert!(
        state.ledger().is_err(),
        "a file that is gone is not created"
    );
    assert!(!layout.database().exists());
    #[cfg(unix)]
    {
        drop(create_at(&layout.database()));
        assert!(matches!(
            state.verify(),
            Err(StateFileError::Replaced { .. })
        ));
    }
}

#[test]
fn every_ledger_of_the_locked_file_shares_the_connection_opened_at_the_lock() {
    let layout = Layout::new();
    let state = layout.acquire(Role::Daemon).unwrap();
    let first = state.ledger().unwrap();
    let second = state.guard().ledger().unwrap();
    assert!(
        first.db().is(second.db()),
        "one connection, not one per use"
    );
    assert!(first.db().is(state.guard.conn.db()));
    let record = state.daemon().unwrap();
    record
        .record(&[Fact::NextSend("soon")], crate::clock::now_utc())
        .unwrap();
    assert_eq!(
        state
            .guard()
            .daemon()
            .unwrap()
            .read()
            .unwrap()
            .next_send
            .as_deref(),
        Some("soon")
    );
    // The last good data's writer has a connection of its own.
    let store = state.last_good().unwrap();
    assert!(!store.db().is(state.guard.conn.db()));
    drop(store);
    // Letting the file go closes it, before the lock goes.
    let shared = state.guard.conn.db().clone();
    drop(state);
    assert!(!shared.is_open());
    assert!(first.entries().is_err(), "closed, not reopened");
}
