//! The one hook by which the core lets itself be watched at work: a poll recorder (the lab's,
//! `catfetch_lab::polls`) wants to know which part of a poll was a write to disk and which was CPU work, so
//! that it can name a stall's cause. The core says so around each such piece of work ([`measure`]), and
//! does not know who listens, or whether anyone does.
//!
//! Without a listener, [`measure`] costs one atomic load and runs the work: nobody pays for what nobody
//! watches.
//!
//! # Examples
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering};
//! use std::time::Duration;
//! use catfetch_core::probe::{self, Work};
//!
//! static CPU_NANOS: AtomicU64 = AtomicU64::new(0);
//!
//! fn heard(work: Work, spent: Duration) {
//!     if work == Work::Cpu {
//!         CPU_NANOS.fetch_add(spent.as_nanos() as u64, Ordering::Relaxed);
//!     }
//! }
//!
//! probe::listen(heard);
//! let sum = probe::measure(Work::Cpu, || (1..=1000u64).sum::<u64>());
//! assert_eq!(sum, 500_500);
//! assert!(CPU_NANOS.load(Ordering::Relaxed) > 0);
//! ```

use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// What a piece of work on the thread that polls a download is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Work {
    /// Writing a picture's bytes to its file (`--writes inline`).
    Write,
    /// CPU work on a picture (`--cpu-per-cat`, on the polling thread).
    Cpu,
}

/// Hears of each piece of work once it is done: its kind and the time it took, on the thread that did it.
pub type Listener = fn(Work, Duration);

static LISTENER: OnceLock<Listener> = OnceLock::new();

/// Makes `listener` hear of every piece of work from now on. There is one per process, the first given:
/// `false` if one listened already (it stays; a listener is meant to be installed once, at start).
pub fn listen(listener: Listener) -> bool {
    LISTENER.set(listener).is_ok()
}

/// Runs `work`, and tells the listener, if there is one, that it was `kind` and how long it took.
#[inline]
pub fn measure<T>(kind: Work, work: impl FnOnce() -> T) -> T {
    match LISTENER.get() {
        None => work(),
        Some(listener) => {
            let started = Instant::now();
            let result = work();
            listener(kind, started.elapsed());
            result
        }
    }
}
