//! The edge where an executor is chosen: the same [`crate::run`] driven by different executors.
//!
//! The core hands each download to a `spawn` function and gathers what comes back. Here is where that
//! function is decided:
//! - `smol`: an explicit `smol::Executor` with N threads polling tasks (the calling thread is one of them).
//!
//! Whatever the choice, the HTTP transfers themselves run on libcurl's own thread (isahc's agent) and file
//! writes on the blocking pool: the executor decides who *polls* the download futures.

use std::future::Future;
use std::thread;

use smol::Executor;

use crate::{Config, Error, Observer, Report};

/// Which executor drives the downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutorKind {
    /// A multi-threaded `smol::Executor`: each download is a `Task`; `threads` threads poll them.
    Smol {
        /// Threads running the executor, the calling thread included (>= 1).
        threads: usize,
    },
}

impl Default for ExecutorKind {
    /// `smol` with one thread per available core.
    fn default() -> Self {
        let threads = thread::available_parallelism().map_or(1, |n| n.get());
        ExecutorKind::Smol { threads }
    }
}

/// Runs the job to completion on the chosen executor, blocking the calling thread.
pub fn block_on<O: Observer>(
    kind: ExecutorKind,
    config: Config,
    observer: O,
    stop: impl Future<Output = ()>,
) -> Result<Report, Error> {
    match kind {
        ExecutorKind::Smol { threads } => {
            let executor = Executor::new();
            // Worker threads run the executor until this channel closes (when `_shutdown` is dropped).
            let (_shutdown, shutdown_signal) = smol::channel::unbounded::<()>();
            thread::scope(|scope| {
                for n in 1..threads.max(1) {
                    let (executor, shutdown_signal) = (&executor, shutdown_signal.clone());
                    // If the OS refuses a thread we simply run with fewer; the calling thread always runs.
                    let _ = thread::Builder::new()
                        .name(format!("smol-{n}"))
                        .spawn_scoped(scope, move || {
                            smol::block_on(executor.run(shutdown_signal.recv()))
                        });
                }
                let job = crate::run(config, observer, |cat| executor.spawn(cat), stop);
                let result = smol::block_on(executor.run(job));
                drop(_shutdown);
                result
            })
        }
    }
}
