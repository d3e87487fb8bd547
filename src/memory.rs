//! Returning memory the allocator holds but no longer uses, after a catalog load.
//!
//! Loading a catalog parses every file into temporary structures that are freed once the checked
//! catalog is built. jemalloc keeps freed pages for reuse and gives them back to the system only
//! as they age, and only when it is next called; a server that has just loaded its catalog and
//! then answers small requests would keep them resident for a long time. A catalog is loaded
//! once and kept, so those pages are given back at once after each load (about 20 MB of
//! resident memory with 10,000 programs; docs/performance.md).

/// Gives back to the system every page jemalloc holds unused, in every arena.
pub fn release_freed() {
    // `arena.<MALLCTL_ARENAS_ALL>.purge` (4096 is jemalloc's "all arenas") reads and writes
    // nothing: every pointer null, length 0.
    // SAFETY: the name is a NUL-terminated string and jemalloc is linked (tikv-jemallocator);
    // the call has no inputs or outputs to be misused. When jemalloc is not the global
    // allocator (tests), it purges jemalloc's own arenas, which are empty.
    let rc = unsafe {
        tikv_jemalloc_sys::mallctl(
            c"arena.4096.purge".as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        )
    };
    if rc != 0 {
        tracing::debug!(rc, "the allocator did not give back its unused pages");
    }
}
