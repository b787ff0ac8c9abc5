//! Gives the memory freed after a burst of work (a scan of the folder, the
//! consolidated workbooks written, the reminders planned, a batch of last
//! good data recorded) back to the operating system.
//!
//! glibc's allocator keeps freed memory in the arena of the thread that
//! used it (the readers, the workbook and JSON writers each have one) for
//! reuse; a daemon that then idles for hours would hold it all that time —
//! more than twice what it actually uses after a full scan of a large
//! folder. Elsewhere this does nothing.
//!
//! A process that runs for long (the daemon) also sets the allocator up at
//! start ([`configure_for_long_run`]) so that what is freed after each save
//! can be returned at all, and runs each burst of work on a thread of its
//! own ([`burst`]).

/// Returns the free pages of every allocator arena to the system.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim takes no pointer, only walks glibc's own
        // arenas under their locks, and may be called from any thread.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Runs a burst of work on a thread of its own, then returns what it freed
/// to the system ([`release_freed_memory`]) once that thread has ended: a
/// thread keeps some of the blocks it freed for its own reuse (glibc's
/// per-thread cache) until it ends, and those hold whole pages in place.
pub fn burst<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let result = std::thread::scope(|scope| scope.spawn(work).join());
    release_freed_memory();
    match result {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// For a process that runs for long: one allocator arena per core (at
/// least two) instead of eight, and glibc's default threshold for serving
/// large blocks from their own mappings kept fixed. glibc otherwise raises
/// that threshold (and with it the free space an arena keeps at its top)
/// after large blocks are freed, and `malloc_trim` returns the free top of
/// the main arena only: after every save, tens of megabytes freed by the
/// workbook writer would stay resident in the other arenas. Call it before
/// other threads start. Elsewhere this does nothing.
pub fn configure_for_long_run() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::ffi::c_int;
        unsafe extern "C" {
            fn mallopt(param: c_int, value: c_int) -> c_int;
        }
        // From glibc's <malloc.h>.
        const M_MMAP_THRESHOLD: c_int = -3;
        const M_ARENA_MAX: c_int = -8;
        /// glibc's default (DEFAULT_MMAP_THRESHOLD_MIN).
        const MMAP_THRESHOLD: c_int = 128 * 1024;
        let arenas = std::thread::available_parallelism()
            .map_or(2, |n| n.get().max(2))
            .min(64);
        // SAFETY: mallopt takes two integers and changes glibc's own
        // settings under its lock; any thread may call it.
        unsafe {
            mallopt(M_ARENA_MAX, c_int::try_from(arenas).unwrap_or(2));
            mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn releasing_after_a_burst_keeps_live_data_intact() {
        let kept: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
        let burst: Vec<Vec<u8>> = (0..200).map(|i| vec![i as u8; 64 * 1024]).collect();
        drop(burst);
        super::release_freed_memory();
        assert_eq!(kept[999], "999");
        assert_eq!(kept.iter().map(String::len).sum::<usize>(), 2890);
    }

    #[test]
    fn a_burst_returns_what_its_work_made() {
        let kept: Vec<String> = (0..100).map(|i| i.to_string()).collect();
        let made = super::burst(|| {
            let scratch: Vec<Vec<u8>> = (0..50).map(|i| vec![i as u8; 64 * 1024]).collect();
            let sum: usize = scratch.iter().map(|v| usize::from(v[0])).sum();
            (sum, kept.len(), String::from("結果"))
        });
        assert_eq!(made, (1225, 100, String::from("結果")));
        assert_eq!(kept[99], "99");
    }

    #[test]
    fn a_burst_that_panics_panics_in_its_caller() {
        let caught = std::panic::catch_unwind(|| super::burst(|| panic!("in the burst")));
        let message = caught.unwrap_err();
        assert_eq!(message.downcast_ref::<&str>(), Some(&"in the burst"));
    }

    #[test]
    fn memory_allocated_after_configuring_behaves_as_before() {
        super::configure_for_long_run();
        let large: Vec<Vec<u8>> = (0..8).map(|i| vec![i as u8; 1 << 20]).collect();
        let small: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
        drop(large);
        super::release_freed_memory();
        let again = vec![7u8; 3 << 20];
        assert_eq!(small[999], "999");
        assert!(again.iter().all(|&b| b == 7));
    }
}
