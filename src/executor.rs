//! The edge where an executor is chosen: the same [`crate::run`] driven four ways.
//!
//! The core hands each download to a `spawn` function and gathers what comes back. Here is where that
//! function is decided, and what drives the gather itself:
//!
//! | kind | each download is | polled by |
//! |---|---|---|
//! | `smol` | a `Task` on a `smol::Executor` | N threads (the calling thread is one of them) |
//! | `local` | a `Task` on a `smol::LocalExecutor` | the calling thread |
//! | `join` | a plain future inside the gather (no tasks) | the calling thread, via `smol::block_on` |
//! | `sequential` | a plain future, awaited one after another | the calling thread |
//!
//! Whatever the choice, the HTTP transfers themselves run on libcurl's own thread (isahc's agent), and
//! timers and wake-ups go through async-io's reactor thread; the thread that polls a download reads its
//! bytes, and the blocking pool writes them to the file (or the polling thread itself with `--writes
//! inline`, see `sink.rs`), as it runs the few directory operations.
//! The executor decides who *polls* the download futures, not where every byte is moved: `local` is one
//! polling thread, not one thread in all.

use std::fmt;
use std::future::Future;
use std::str::FromStr;
use std::sync::OnceLock;
use std::thread;

use smol::{Executor, LocalExecutor};

use crate::{Config, Error, Observer, Report};

/// Which executor drives the downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutorKind {
    /// A multi-threaded `smol::Executor`: each download is a `Task`; `threads` threads poll them.
    Smol {
        /// Threads running the executor, the calling thread included (>= 1).
        threads: usize,
    },
    /// A `smol::LocalExecutor` on the calling thread: tasks, one polling thread.
    Local,
    /// No tasks at all: one future (the gather) polls every download, on `smol::block_on`.
    Join,
    /// One download after another: the baseline the lesson starts from.
    Sequential,
}

impl ExecutorKind {
    /// All four, in the order `compare` runs them (the baseline first).
    pub fn all(smol_threads: usize) -> [ExecutorKind; 4] {
        [
            ExecutorKind::Sequential,
            ExecutorKind::Join,
            ExecutorKind::Local,
            ExecutorKind::Smol { threads: smol_threads },
        ]
    }

    /// The number of threads that poll download futures.
    pub fn polling_threads(self) -> usize {
        match self {
            ExecutorKind::Smol { threads } => threads,
            _ => 1,
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ExecutorKind::Smol { .. } => "smol",
            ExecutorKind::Local => "local",
            ExecutorKind::Join => "join",
            ExecutorKind::Sequential => "sequential",
        }
    }
}

/// The number of cores, the default thread count for `smol`.
pub fn default_threads() -> usize {
    // Asked once per process: under cgroups, every call reads three files.
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| thread::available_parallelism().map_or(1, |n| n.get()))
}

impl Default for ExecutorKind {
    /// `smol` with one thread per available core.
    fn default() -> Self {
        ExecutorKind::Smol { threads: default_threads() }
    }
}

impl fmt::Display for ExecutorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ExecutorKind {
    type Err = String;

    /// `smol` (with the default thread count), `local`, `join` or `sequential`.
    fn from_str(name: &str) -> Result<Self, String> {
        match name {
            "smol" => Ok(ExecutorKind::default()),
            "local" => Ok(ExecutorKind::Local),
            "join" => Ok(ExecutorKind::Join),
            "sequential" => Ok(ExecutorKind::Sequential),
            other => Err(format!("unknown executor {other:?} (use smol, local, join or sequential)")),
        }
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
            // Worker threads run the executor until this channel closes (when `shutdown` is dropped).
            let (shutdown, shutdown_signal) = smol::channel::unbounded::<()>();
            thread::scope(|scope| {
                for n in 1..threads.max(1) {
                    let (executor, shutdown_signal) = (&executor, shutdown_signal.clone());
                    // If the OS refuses a thread we simply run with fewer; the calling thread always runs.
                    let _ = thread::Builder::new()
                        .name(format!("smol-{n}"))
                        .spawn_scoped(scope, move || smol::block_on(executor.run(shutdown_signal.recv())));
                }
                let job = crate::run(config, observer, |cat| executor.spawn(cat), stop);
                // The calling thread runs the executor too, while it waits for the job.
                let result = smol::block_on(executor.run(job));
                drop(shutdown);
                result
            })
        }
        ExecutorKind::Local => {
            let executor = LocalExecutor::new();
            let job = crate::run(config, observer, |cat| executor.spawn(cat), stop);
            smol::block_on(executor.run(job))
        }
        ExecutorKind::Join => smol::block_on(crate::run(config, observer, |cat| cat, stop)),
        ExecutorKind::Sequential => {
            let config = Config { sequential: true, ..config };
            smol::block_on(crate::run(config, observer, |cat| cat, stop))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executor_names_round_trip() {
        for kind in ExecutorKind::all(3) {
            let parsed: ExecutorKind = kind.name().parse().unwrap();
            assert_eq!(parsed.name(), kind.name());
        }
        assert!("tokio".parse::<ExecutorKind>().unwrap_err().contains("unknown executor \"tokio\""));
    }

    #[test]
    fn only_smol_polls_on_more_than_one_thread() {
        assert_eq!(ExecutorKind::Smol { threads: 4 }.polling_threads(), 4);
        for kind in [ExecutorKind::Local, ExecutorKind::Join, ExecutorKind::Sequential] {
            assert_eq!(kind.polling_threads(), 1);
        }
    }
}
