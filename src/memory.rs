//! Returning memory the allocator holds but no longer uses, after a catalog load.
//!
//! Loading a catalog parses every file into temporary structures that are freed once the checked
//! catalog is built. jemalloc keeps freed pages for reuse and gives them back to the system only
//! as they age, and only when it is next called; a server that has just loaded its catalog and
//! then answers small requests would keep them resident for a long time. A catalog is loaded
//! once and kept, so those pages are given back at once after each load (about 20 MB of
//! resident memory with 10,000 programs; docs/performance.md).

/// Gives back to the system every page jemalloc holds unused, in every arena, after returning
/// this thread's cache of freed blocks to them.
pub fn release_freed() {
    // The loading threads have ended, which returned their caches; this one's is returned here.
    control(c"thread.tcache.flush");
    // 4096 is jemalloc's MALLCTL_ARENAS_ALL.
    control(c"arena.4096.purge");
}

/// Runs a jemalloc control that reads and writes nothing.
fn control(name: &std::ffi::CStr) {
    // SAFETY: `name` is NUL-terminated and names a control that takes no input and gives no
    // output, so every pointer is null and the length 0, as jemalloc requires of such controls.
    // jemalloc is linked (tikv-jemallocator); when it is not the global allocator (tests), the
    // controls act on its own arenas, which are empty.
    let rc = unsafe {
        tikv_jemalloc_sys::mallctl(
            name.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        )
    };
    if rc != 0 {
        tracing::debug!(rc, control = ?name, "the allocator refused a memory control");
    }
}
