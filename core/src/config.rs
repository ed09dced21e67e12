//! What to download and how: the validated settings of one run.
//!
//! The command line (`cli.rs`) builds a [`Config`]; library users can build one directly. Everything here is
//! already checked, so the download code never has to wonder whether `jobs` might be zero.

use std::path::PathBuf;
use std::time::Duration;

use surf::Url;

use crate::cataas::CatOptions;
use crate::http::{Connections, Pinned};
use crate::sink::Writes;

/// The public Cat-as-a-Service endpoint: one random cat per request.
pub const DEFAULT_URL: &str = "https://cataas.com/cat";

// The lesson's job, the defaults of `Config::default` and of the command line alike (`cli.rs`; a test
// there checks that `--help`, whose text argh needs as a literal, shows these values).

/// How many cats (`-n`).
pub const DEFAULT_COUNT: usize = 10;
/// The directory to save into (`-o`).
pub const DEFAULT_OUT: &str = "cats";
/// Most downloads in flight at once (`-j`).
pub const DEFAULT_JOBS: usize = 10;
/// Longest wait for the response headers, or for the next body bytes (`--timeout`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);
/// Extra attempts after a retryable failure (`--retries`).
pub const DEFAULT_RETRIES: u32 = 3;
/// The most downloads in flight a run accepts (`-j`): more would only wait on the open-file limit and the
/// scheduler, and the command line refuses it.
pub const MAX_JOBS: usize = 10_000;
/// Largest picture accepted, in bytes (`--max-size`): 50 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 50 * 1024 * 1024;

/// The settings of one run. [`Config::default`] is the lesson's job: 10 cats from cataas into `./cats`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where each cat comes from (http or https). Used exactly as given unless `cat` sets cataas options.
    pub url: Url,
    /// cataas options (`--tag`, `--says`, ...) composed onto `url`; empty by default.
    pub cat: CatOptions,
    /// How many cats (>= 1).
    pub count: usize,
    /// Directory to save into; created if missing.
    pub out_dir: PathBuf,
    /// Most downloads in flight at once (>= 1).
    pub jobs: usize,
    /// Longest wait for the response headers, or for the next body bytes.
    pub timeout: Duration,
    /// Extra attempts after a retryable failure.
    pub retries: u32,
    /// Largest picture accepted, in bytes.
    pub max_size: u64,
    /// Run every download even after one failed (instead of failing fast).
    pub keep_going: bool,
    /// Keep an existing `{index}.*` and do not fetch it again.
    pub skip_existing: bool,
    /// Flush each picture, then its directory, to disk before it counts as saved (`--fsync`).
    pub fsync: bool,
    /// Who writes body bytes into the files: the blocking pool (async-fs, the default) or the polling thread.
    pub writes: Writes,
    /// Teaching knob (`--disk-delay`): every write to disk also waits this long on the thread that makes
    /// it, like a slow disk. Zero: off.
    pub disk_delay: Duration,
    /// Teaching knob (`--cpu-per-cat`): CPU work after each picture arrives. Zero: off.
    pub cpu_per_cat: Duration,
    /// Run `cpu_per_cat`'s work on the blocking pool instead of the polling thread (`--cpu-offload`).
    pub cpu_offload: bool,
    /// `--resolve`: addresses to use for a host instead of asking the resolver.
    pub resolve: Vec<Pinned>,
    /// Who drives shared HTTP/2 connections: the edge sets this with its executor (`executor.rs`). The
    /// default, [`Connections::Inline`], works under any executor.
    pub connections: Connections,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            url: Url::parse(DEFAULT_URL).expect("the default URL is valid"),
            cat: CatOptions::default(),
            count: DEFAULT_COUNT,
            out_dir: PathBuf::from(DEFAULT_OUT),
            jobs: DEFAULT_JOBS,
            timeout: DEFAULT_TIMEOUT,
            retries: DEFAULT_RETRIES,
            max_size: DEFAULT_MAX_SIZE,
            keep_going: false,
            skip_existing: false,
            fsync: false,
            writes: Writes::default(),
            disk_delay: Duration::ZERO,
            cpu_per_cat: Duration::ZERO,
            cpu_offload: false,
            resolve: Vec::new(),
            connections: Connections::Inline,
        }
    }
}
