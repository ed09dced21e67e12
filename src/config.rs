//! What to download and how: the validated settings of one run.
//!
//! The command line (`cli.rs`) builds a [`Config`]; library users can build one directly. Everything here is
//! already checked, so the download code never has to wonder whether `jobs` might be zero.

use std::path::PathBuf;
use std::time::Duration;

use surf::Url;

use crate::cataas::CatOptions;
use crate::sink::Writes;

/// The public Cat-as-a-Service endpoint: one random cat per request.
pub const DEFAULT_URL: &str = "https://cataas.com/cat";

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
    /// Poll one download at a time, in order (the lesson's sequential baseline), instead of gathering
    /// them all at once. Only meaningful when the downloads are not spawned as tasks (which run anyway).
    pub sequential: bool,
    /// Who writes body bytes into the files: the blocking pool (async-fs, the default) or the polling thread.
    pub writes: Writes,
    /// Teaching knob (`--disk-delay`): every write to disk also waits this long on the thread that makes
    /// it, like a slow disk. Zero: off.
    pub disk_delay: Duration,
    /// Teaching knob (`--cpu-per-cat`): CPU work after each picture arrives. Zero: off.
    pub cpu_per_cat: Duration,
    /// Run `cpu_per_cat`'s work on the blocking pool instead of the polling thread (`--cpu-offload`).
    pub cpu_offload: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            url: Url::parse(DEFAULT_URL).expect("the default URL is valid"),
            cat: CatOptions::default(),
            count: 10,
            out_dir: PathBuf::from("cats"),
            jobs: 10,
            timeout: Duration::from_secs(15),
            retries: 3,
            max_size: 50 * 1024 * 1024,
            keep_going: false,
            skip_existing: false,
            fsync: false,
            sequential: false,
            writes: Writes::default(),
            disk_delay: Duration::ZERO,
            cpu_per_cat: Duration::ZERO,
            cpu_offload: false,
        }
    }
}
