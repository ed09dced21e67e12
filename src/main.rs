//! The `catfetch` command: everything is in the edge library ([`catfetch::commands::run`]); here only the
//! process-wide settings that must come first (the allocator, malloc's arenas) and the exit status (0 all
//! saved, 1 a download failed, 2 usage or bad input, 130/143 interrupted).

#![warn(clippy::undocumented_unsafe_blocks)]

#[cfg(unix)]
use std::alloc::{GlobalAlloc, Layout, System};

/// The allocator: the system's, with one difference. Where Rust would abort the process when memory runs
/// out (SIGABRT, a core dump, a message about an allocation's size), catfetch says so in one line and exits
/// with 1, like any other failure. Temp files need nothing: anonymous ones vanish with the process, and
/// the next run removes named ones (`disk.rs`).
#[cfg(unix)]
struct Allocator;

#[cfg(unix)]
// SAFETY: every method hands the call to the system allocator unchanged; only a null result (an allocation
// that failed) is treated differently, and that ends the process before anyone could use the pointer.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees about `layout` are the system allocator's too.
        or_out_of_memory(unsafe { System.alloc(layout) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        or_out_of_memory(unsafe { System.alloc_zeroed(layout) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from the system's, with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; the caller's guarantees about `new_size` are the system's too.
        or_out_of_memory(unsafe { System.realloc(ptr, layout, new_size) })
    }
}

#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// `ptr`, unless it is null: then the line and exit 1, without allocating anything more.
#[cfg(unix)]
fn or_out_of_memory(ptr: *mut u8) -> *mut u8 {
    if ptr.is_null() {
        const LINE: &[u8] = b"catfetch: out of memory (see `ulimit -v`, or use fewer --jobs)\n";
        // SAFETY: write(2) and _exit(2) are async-signal-safe calls that allocate nothing; LINE is a static.
        unsafe {
            libc::write(2, LINE.as_ptr().cast(), LINE.len());
            libc::_exit(1);
        }
    }
    ptr
}

fn main() -> std::process::ExitCode {
    // SAFETY: the first thing `main` does, and no thread starts before `main`: Rust's runtime starts none,
    // and no dependency runs code before it; every other thread is started by code that `main` calls later.
    unsafe { catfetch::system::one_malloc_arena() };
    catfetch::commands::run().into()
}
