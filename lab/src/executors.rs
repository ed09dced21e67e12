//! The executors the lab compares: their names, their threads, the order `compare` runs them in. Who
//! actually runs a job on each is the edge's business (the `catfetch` binary's `executor.rs`); the lab only
//! names them, and a run is handed to it as a function (see `compare.rs`).

use std::fmt;
use std::str::FromStr;

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
    /// A multi-thread tokio runtime: each download is a tokio task; `threads` workers poll them (feature
    /// `tokio`).
    Tokio {
        /// Worker threads (>= 1); the calling thread polls only the gather.
        threads: usize,
    },
    /// A current-thread tokio runtime: tokio tasks, polled by the calling thread (feature `tokio`).
    TokioCurrent,
    /// An OS thread per download in flight (at most `--jobs`), each blocked on its download's future.
    Threads,
}

impl ExecutorKind {
    /// Every executor of this build, in the order `compare` runs them (the baseline first); `threads` for
    /// `smol` and `tokio`.
    pub fn all(threads: usize) -> Vec<ExecutorKind> {
        let mut all = vec![
            ExecutorKind::Sequential,
            ExecutorKind::Join,
            ExecutorKind::Local,
            ExecutorKind::Smol { threads },
        ];
        if cfg!(feature = "tokio") {
            all.extend([ExecutorKind::TokioCurrent, ExecutorKind::Tokio { threads }]);
        }
        all.push(ExecutorKind::Threads);
        all
    }

    /// The number of threads that poll download futures; `None` for `threads`, which has one per download
    /// in flight.
    pub fn polling_threads(self) -> Option<usize> {
        match self {
            ExecutorKind::Smol { threads } | ExecutorKind::Tokio { threads } => Some(threads),
            ExecutorKind::Local
            | ExecutorKind::Join
            | ExecutorKind::Sequential
            | ExecutorKind::TokioCurrent => Some(1),
            ExecutorKind::Threads => None,
        }
    }

    /// `1 polling thread`, `2 polling threads`, `a polling thread per download in flight`.
    pub fn polling_threads_text(self) -> String {
        match self.polling_threads() {
            Some(n) => catfetch_core::text::plural(n, "polling thread"),
            None => "a polling thread per download in flight".to_owned(),
        }
    }

    /// This executor with `threads` threads, if it has a thread count to set (`smol`, `tokio`).
    pub fn with_threads(self, threads: usize) -> Option<ExecutorKind> {
        match self {
            ExecutorKind::Smol { .. } => Some(ExecutorKind::Smol { threads }),
            ExecutorKind::Tokio { .. } => Some(ExecutorKind::Tokio { threads }),
            _ => None,
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ExecutorKind::Smol { .. } => "smol",
            ExecutorKind::Local => "local",
            ExecutorKind::Join => "join",
            ExecutorKind::Sequential => "sequential",
            ExecutorKind::Tokio { .. } => "tokio",
            ExecutorKind::TokioCurrent => "tokio-current",
            ExecutorKind::Threads => "threads",
        }
    }
}

/// The number of cores, the default thread count for `smol` and `tokio`.
pub fn default_threads() -> usize {
    catfetch_core::cores()
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

    /// A name from [`ExecutorKind::all`]; `smol` and `tokio` get the default thread count. Written by hand,
    /// not derived like `--writes` (argh's `FromArgValue`): the value carries a thread count, and a build
    /// without tokio says why `tokio` is refused instead of calling it unknown.
    fn from_str(name: &str) -> Result<Self, String> {
        let all = ExecutorKind::all(default_threads());
        if let Some(kind) = all.iter().find(|kind| kind.name() == name) {
            return Ok(*kind);
        }
        if matches!(name, "tokio" | "tokio-current") {
            return Err(needs_tokio(name));
        }
        let names: Vec<&str> = all.iter().map(|kind| kind.name()).collect();
        let (last, rest) = names.split_last().expect("there is always an executor");
        Err(format!("unknown executor {name:?} (use {} or {last})", rest.join(", ")))
    }
}

/// Why `tokio` and `tokio-current` are refused by a build without the `tokio` feature.
pub fn needs_tokio(name: &str) -> String {
    format!("{name} needs the tokio feature, and this catfetch was built without it")
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
        assert_eq!("smol".parse(), Ok(ExecutorKind::Smol { threads: default_threads() }));
        assert_eq!("threads".parse(), Ok(ExecutorKind::Threads));
        let unknown = "fibers".parse::<ExecutorKind>().unwrap_err();
        if cfg!(feature = "tokio") {
            assert_eq!("tokio".parse(), Ok(ExecutorKind::Tokio { threads: default_threads() }));
            assert_eq!("tokio-current".parse(), Ok(ExecutorKind::TokioCurrent));
            let all = "sequential, join, local, smol, tokio-current, tokio or threads";
            assert_eq!(unknown, format!("unknown executor \"fibers\" (use {all})"));
        } else {
            assert_eq!(unknown, "unknown executor \"fibers\" (use sequential, join, local, smol or threads)");
            let error = "tokio".parse::<ExecutorKind>().unwrap_err();
            assert_eq!(error, "tokio needs the tokio feature, and this catfetch was built without it");
        }
    }
}
