//! Gives the memory freed after a burst of work (a scan of the folder, the
//! consolidated workbooks written, the reminders planned, a batch of last
//! good data recorded) back to the operating system.
//!
//! glibc's allocator keeps freed memory in the arena of the thread that
//! used it (the readers, the workbook and JSON writers each have one) for
//! reuse; a daemon that then idles for hours would hold it all that time —
//! more than twice what it actually uses after a full scan of a large
//! folder. Elsewhere this does nothing.

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
}
