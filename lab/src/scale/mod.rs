//! `catfetch scale`: what concurrency itself costs as it grows, per executor.
//!
//! The same job (N cats from the built-in origin, all N in flight at once, a fixed latency) runs for each
//! N and each executor, every time in a fresh child process of catfetch, measured from outside (see
//! `child.rs`): wall time, peak memory, peak threads, context switches, CPU time. The downloads wait the
//! same latency whatever N is, so what grows with N is the price of having N things in flight: memory per
//! download, threads (one per download, or a handful), and the scheduling between them.
//!
//! ```text
//! origin (this process, its own threads)      for N in counts, for E in executors:
//!   answers every request after --latency       catfetch --url ORIGIN -n N -j N --executor E --retries 0
//!                                                        -q -o SCRATCH
//!                                               ─▶ wait4 + /proc ─▶ a Row (its figures, or why it failed)
//! ```
//!
//! A run that cannot work (too many threads, out of memory, a crash, past `--time-limit`) is a row that
//! says so, and the executor is not tried at larger N. Output: [`terminal`] (table, charts, memory per
//! download), [`json`], and [`page`] (HTML).

mod child;
pub mod page;
pub mod terminal;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde::Serialize;

pub use child::{kill_current as kill_current_child, Ending, Measured, Usage};

use crate::executors::ExecutorKind;
use catfetch_core::Error;
use catfetch_core::Scratch;
use catfetch_origin::{Origin, OriginConfig};

/// The executors measured when `--executors` is not given: the lesson's three answers to "how do N
/// downloads wait at once" (tasks on a few threads, one thread each, the other async runtime). Only those
/// this build of catfetch has are used.
pub const DEFAULT_EXECUTORS: [&str; 3] = ["smol", "threads", "tokio"];

/// Flags each measured child gets besides the job itself. The files are written inline, by the thread that
/// polls the download, so that the thread counts are the executor's own: the blocking pool that writes
/// them by default (`--writes async-fs`) is the lab's disk lesson, not the cost of concurrency.
pub const CHILD_FLAGS: &[&str] = &["--writes", "inline"];

/// The executors of [`DEFAULT_EXECUTORS`] this build has, and the names of those it lacks.
pub fn default_executors() -> (Vec<ExecutorKind>, Vec<&'static str>) {
    let mut have = Vec::new();
    let mut lack = Vec::new();
    for name in DEFAULT_EXECUTORS {
        match name.parse() {
            Ok(kind) => have.push(kind),
            Err(_) => lack.push(name),
        }
    }
    (have, lack)
}

/// What to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The numbers of cats, ascending.
    pub counts: Vec<usize>,
    /// The executors, in the order they run at each count.
    pub executors: Vec<ExecutorKind>,
    /// At most this many in flight (`-j`); `None`: all of them, as far as the open-file limit allows.
    pub jobs: Option<usize>,
    /// How long the origin waits before each answer.
    pub latency: Duration,
    /// A run still going after this is killed, and its row says so.
    pub time_limit: Duration,
}

/// Why fewer downloads than cats were in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The hard open-file limit: each download in flight holds a socket and a temp file.
    OpenFiles,
    /// catfetch's own ceiling on `--jobs`.
    MostJobs,
    /// `-j` asked for fewer.
    Asked,
}

impl Limit {
    /// A sentence for the notes under the table.
    pub fn explain(self) -> String {
        match self {
            Limit::OpenFiles => "clamped by the hard open-file limit (2 descriptors per download in flight, \
                                 64 kept for the rest; `ulimit -Hn` shows it, root can raise it)"
                .into(),
            Limit::MostJobs => {
                format!("clamped to catfetch's ceiling of {} downloads in flight", catfetch_core::MAX_JOBS)
            }
            Limit::Asked => "as asked with -j".into(),
        }
    }
}

/// One measurement: an executor at a count.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The executor.
    pub executor: ExecutorKind,
    /// Cats downloaded.
    pub count: usize,
    /// Downloads in flight at most (`-j` given to the child).
    pub jobs: usize,
    /// Why `jobs` is less than `count`, if it is.
    pub limited_by: Option<Limit>,
    /// What the run cost: `None` if it did not run at all.
    pub usage: Option<Usage>,
    /// Why it does not count, as a sentence: `None` when it ran and every cat was saved.
    pub error: Option<String>,
}

/// The table's columns, on a terminal and on the page: a name, and whether the column holds numbers.
pub const COLUMNS: [(&str, bool); 11] = [
    ("executor", false),
    ("N", true),
    ("jobs", true),
    ("wall", true),
    ("peak RSS", true),
    ("threads", true),
    ("voluntary", true),
    ("involuntary", true),
    ("user", true),
    ("sys", true),
    ("error", false),
];

impl Row {
    /// Its cells, as [`COLUMNS`] name them: `*` marks a jobs figure clamped below the count, `-` a figure
    /// never measured.
    pub fn cells(&self) -> [String; 11] {
        let jobs = if self.limited_by.is_some() { format!("{}*", self.jobs) } else { self.jobs.to_string() };
        let figures = match &self.usage {
            Some(u) => [
                format!("{:.2} s", u.wall.as_secs_f64()),
                format!("{:.1} MiB", u.peak_rss_kib as f64 / 1024.0),
                u.peak_threads.to_string(),
                u.voluntary_switches.to_string(),
                u.involuntary_switches.to_string(),
                format!("{:.2} s", u.cpu_user.as_secs_f64()),
                format!("{:.2} s", u.cpu_sys.as_secs_f64()),
            ],
            None => std::array::from_fn(|_| "-".to_owned()),
        };
        let [wall, rss, threads, voluntary, involuntary, user, sys] = figures;
        let error = self.error.clone().unwrap_or_default();
        [
            self.executor.to_string(),
            self.count.to_string(),
            jobs,
            wall,
            rss,
            threads,
            voluntary,
            involuntary,
            user,
            sys,
            error,
        ]
    }

    /// Its figures, only if it ran and succeeded: what charts and fits use.
    pub fn ok(&self) -> Option<&Usage> {
        self.usage.as_ref().filter(|_| self.error.is_none())
    }
}

/// Every measurement made, and whether a signal cut the series short.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurements {
    /// In the order they ran.
    pub rows: Vec<Row>,
    /// The signal (SIGINT, SIGTERM) that stopped the series, if one did.
    pub interrupted: Option<i32>,
}

/// Measures every executor at every count: starts the origin, then runs `program` (catfetch itself) once
/// per row. `stop` is asked often; a signal it returns is passed on to the running child and ends the
/// series. `progress` sees each row as it is made.
///
/// Errors: only for the whole series (the origin or the scratch directory cannot be made); a run that
/// fails is a row.
pub fn measure(
    program: &Path,
    settings: &Settings,
    mut stop: impl FnMut() -> Option<i32>,
    mut progress: impl FnMut(&Row),
) -> Result<Measurements, Error> {
    // Raise the soft open-file limit as far as the hard one (the children inherit it), and learn how many
    // downloads it allows in flight. The origin, in this process, holds one descriptor per download.
    let max_jobs = catfetch_core::limits::raise_open_file_limit_for_jobs(false);
    let origin = Origin::start(OriginConfig {
        bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        latency: settings.latency,
        quiet: true,
        ..OriginConfig::default()
    })
    .map_err(|e| Error::Setup(format!("cannot start the local origin: {e}")))?;
    let scratch = Scratch::create("scale")
        .map_err(|e| Error::Setup(format!("cannot create a scratch directory: {e}")))?;
    let url = origin.url();

    let mut rows = Vec::new();
    let mut failed_at: Vec<(ExecutorKind, usize)> = Vec::new();
    let mut interrupted = None;
    'series: for &count in &settings.counts {
        for &executor in &settings.executors {
            let (jobs, limited_by) = jobs_for(count, settings.jobs, max_jobs);
            let mut row = Row { executor, count, jobs, limited_by, usage: None, error: None };
            if let Some(&(_, at)) = failed_at.iter().find(|(kind, _)| *kind == executor) {
                row.error = Some(format!("not run: this executor already failed at {at} cats"));
            } else {
                let out = scratch.path().join(format!("{executor}-{count}"));
                let mut command = Command::new(program);
                command
                    .args(["--url", &url, "-n", &count.to_string(), "-j", &jobs.to_string()])
                    // No retries: a failure is a row that says so, not a retry hidden in the figures.
                    .args(["--executor", executor.name(), "--retries", "0", "-q", "-o"])
                    .arg(&out)
                    .args(CHILD_FLAGS);
                match child::measure(command, settings.time_limit, &mut stop) {
                    Ok(measured) => {
                        if let Ending::Interrupted(signal) = measured.ending {
                            interrupted = Some(signal);
                        }
                        row.error = measured.error();
                        row.usage = Some(measured.usage);
                    }
                    Err(e) => row.error = Some(format!("could not run {}: {e}", program.display())),
                }
                // Ten thousand pictures are most of a gigabyte: gone before the next run.
                let _ = std::fs::remove_dir_all(&out);
                if row.error.is_some() {
                    failed_at.push((executor, count));
                }
            }
            progress(&row);
            rows.push(row);
            if interrupted.is_some() {
                break 'series;
            }
        }
    }
    origin.stop();
    Ok(Measurements { rows, interrupted })
}

/// Downloads in flight for `count` cats: all of them unless `-j` asks for fewer, the open-file limit
/// allows fewer, or catfetch's own ceiling is lower; and which of these decided.
fn jobs_for(count: usize, asked: Option<usize>, max_jobs: Option<usize>) -> (usize, Option<Limit>) {
    let mut jobs = count;
    let mut limit = None;
    if let Some(asked) = asked.filter(|&asked| asked < jobs) {
        (jobs, limit) = (asked, Some(Limit::Asked));
    }
    if let Some(max) = max_jobs.filter(|&max| max < jobs) {
        (jobs, limit) = (max, Some(Limit::OpenFiles));
    }
    if catfetch_core::MAX_JOBS < jobs {
        (jobs, limit) = (catfetch_core::MAX_JOBS, Some(Limit::MostJobs));
    }
    (jobs, limit)
}

/// What is charted: each figure of a [`Usage`], with its title and unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Wall time, seconds.
    Wall,
    /// Peak resident memory, MiB.
    PeakRss,
    /// Peak threads.
    Threads,
    /// Voluntary context switches.
    Voluntary,
    /// Involuntary context switches.
    Involuntary,
    /// CPU time, user and system, seconds.
    Cpu,
}

impl Metric {
    /// Every metric, in the order they are shown.
    pub const ALL: [Metric; 6] =
        [Metric::Wall, Metric::PeakRss, Metric::Threads, Metric::Voluntary, Metric::Involuntary, Metric::Cpu];

    /// Its title, with the unit.
    pub fn title(self) -> &'static str {
        match self {
            Metric::Wall => "Wall time (s)",
            Metric::PeakRss => "Peak RSS (MiB)",
            Metric::Threads => "Peak threads",
            Metric::Voluntary => "Voluntary context switches",
            Metric::Involuntary => "Involuntary context switches",
            Metric::Cpu => "CPU time, user + system (s)",
        }
    }

    /// Its value in a run, in the title's unit.
    pub fn value(self, usage: &Usage) -> f64 {
        match self {
            Metric::Wall => usage.wall.as_secs_f64(),
            Metric::PeakRss => usage.peak_rss_kib as f64 / 1024.0,
            Metric::Threads => usage.peak_threads as f64,
            Metric::Voluntary => usage.voluntary_switches as f64,
            Metric::Involuntary => usage.involuntary_switches as f64,
            Metric::Cpu => (usage.cpu_user + usage.cpu_sys).as_secs_f64(),
        }
    }

    /// A value with its unit, for tooltips: `0.43 s`, `25.1 MiB`, `8 threads`.
    pub fn show(self, value: f64) -> String {
        match self {
            Metric::Wall | Metric::Cpu => format!("{value:.2} s"),
            Metric::PeakRss => format!("{value:.1} MiB"),
            Metric::Threads => format!("{value:.0} threads"),
            Metric::Voluntary | Metric::Involuntary => format!("{value:.0} switches"),
        }
    }
}

/// A straight line fitted to peak memory against downloads in flight, for one executor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryFit {
    /// The slope: KiB more at peak for each download in flight.
    pub kib_per_download: f64,
    /// Where the line meets zero downloads: the process' own size, in KiB.
    pub base_kib: f64,
    /// Successful runs the line is fitted to.
    pub runs: usize,
}

/// Memory per download in flight for `executor`: the least-squares slope of peak RSS against `jobs` over
/// its successful runs. `None` without two such runs at different `jobs`.
pub fn memory_per_download(rows: &[Row], executor: ExecutorKind) -> Option<MemoryFit> {
    let points: Vec<(f64, f64)> = rows
        .iter()
        .filter(|row| row.executor == executor)
        .filter_map(|row| row.ok().map(|usage| (row.jobs as f64, usage.peak_rss_kib as f64)))
        .collect();
    let (slope, intercept) = least_squares(&points)?;
    Some(MemoryFit { kib_per_download: slope, base_kib: intercept, runs: points.len() })
}

/// The line `y = slope x + intercept` nearest to the points (least squares); `None` unless at least two
/// distinct x.
fn least_squares(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let spread: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    if points.len() < 2 || spread <= 0.0 {
        return None;
    }
    let slope = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum::<f64>() / spread;
    Some((slope, mean_y - slope * mean_x))
}

/// The keys of each `--json` row, exactly, in this order.
pub const JSON_KEYS: [&str; 11] = [
    "executor",
    "count",
    "jobs",
    "wall_s",
    "peak_rss_kib",
    "peak_threads",
    "voluntary_switches",
    "involuntary_switches",
    "cpu_user_s",
    "cpu_sys_s",
    "error",
];

/// One row of `--json`: exactly [`JSON_KEYS`]. The figures are `null` for a run that never started (or was
/// not run after an earlier failure); a run that failed keeps the figures it had reached.
#[derive(Debug, Serialize)]
struct JsonRow<'a> {
    executor: &'static str,
    count: usize,
    jobs: usize,
    wall_s: Option<f64>,
    peak_rss_kib: Option<u64>,
    peak_threads: Option<u64>,
    voluntary_switches: Option<u64>,
    involuntary_switches: Option<u64>,
    cpu_user_s: Option<f64>,
    cpu_sys_s: Option<f64>,
    error: Option<&'a str>,
}

/// `--json`: the rows as a JSON array.
pub fn json(rows: &[Row]) -> String {
    let rows: Vec<JsonRow> = rows
        .iter()
        .map(|row| {
            let usage = row.usage.as_ref();
            JsonRow {
                executor: row.executor.name(),
                count: row.count,
                jobs: row.jobs,
                wall_s: usage.map(|u| u.wall.as_secs_f64()),
                peak_rss_kib: usage.map(|u| u.peak_rss_kib),
                peak_threads: usage.map(|u| u.peak_threads),
                voluntary_switches: usage.map(|u| u.voluntary_switches),
                involuntary_switches: usage.map(|u| u.involuntary_switches),
                cpu_user_s: usage.map(|u| u.cpu_user.as_secs_f64()),
                cpu_sys_s: usage.map(|u| u.cpu_sys.as_secs_f64()),
                error: row.error.as_deref(),
            }
        })
        .collect();
    // Plain structs of numbers and strings always serialise.
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A successful run of `executor` at `count` with these figures.
    pub(crate) fn row(executor: &str, count: usize, rss_kib: u64, threads: u64) -> Row {
        Row {
            executor: executor.parse().unwrap(),
            count,
            jobs: count,
            limited_by: None,
            usage: Some(Usage {
                wall: Duration::from_millis(200 + count as u64 / 10),
                peak_rss_kib: rss_kib,
                peak_threads: threads,
                voluntary_switches: 20 * count as u64,
                involuntary_switches: count as u64 / 5,
                cpu_user: Duration::from_millis(count as u64 / 20),
                cpu_sys: Duration::from_millis(count as u64 / 10),
            }),
            error: None,
        }
    }

    #[test]
    fn the_json_has_exactly_the_documented_keys_and_null_figures_for_a_run_that_never_started() {
        let mut never = row("smol", 10_000, 0, 0);
        never.usage = None;
        never.error = Some("not run: this executor already failed at 1000 cats".into());
        let text = json(&[row("smol", 10, 9_000, 5), never]);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let rows = json.as_array().unwrap();
        for row in rows {
            let mut keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
            let mut expected = JSON_KEYS;
            keys.sort();
            expected.sort();
            assert_eq!(keys, expected);
        }
        // In the documented order, too.
        let positions: Vec<usize> =
            JSON_KEYS.iter().map(|k| text.find(&format!("\"{k}\"")).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert_eq!(rows[0]["executor"], "smol");
        assert_eq!(rows[0]["wall_s"], 0.201);
        assert_eq!(rows[0]["peak_rss_kib"], 9_000);
        assert_eq!(rows[0]["error"], serde_json::Value::Null);
        assert_eq!(rows[1]["peak_rss_kib"], serde_json::Value::Null);
        assert_eq!(rows[1]["error"], "not run: this executor already failed at 1000 cats");
    }

    #[test]
    fn memory_per_download_is_the_slope_of_peak_rss_against_downloads_in_flight() {
        // 9 MiB to start with, 12 KiB per download, and a little noise either side of the line.
        let rows = [
            row("smol", 10, 9_216 + 120 + 3, 5),
            row("smol", 100, 9_216 + 1_200 - 3, 5),
            row("smol", 1_000, 9_216 + 12_000 + 3, 5),
            row("smol", 10_000, 9_216 + 120_000 - 3, 5),
            row("local", 10, 50_000, 1),
        ];
        let fit = memory_per_download(&rows, "smol".parse().unwrap()).unwrap();
        assert!((fit.kib_per_download - 12.0).abs() < 0.01, "{fit:?}");
        assert!((fit.base_kib - 9_216.0).abs() < 5.0, "{fit:?}");
        assert_eq!(fit.runs, 4);
        assert_eq!(memory_per_download(&rows, ExecutorKind::Local), None, "one run is not a slope");
    }

    #[test]
    fn failed_runs_are_left_out_of_the_fit() {
        let mut failed = row("smol", 1_000, 900_000, 5);
        failed.error = Some("killed by SIGKILL".into());
        let rows = [row("smol", 10, 9_000, 5), row("smol", 100, 10_000, 5), failed];
        let fit = memory_per_download(&rows, "smol".parse().unwrap()).unwrap();
        assert_eq!(fit.runs, 2);
        assert!((fit.kib_per_download - 1000.0 / 90.0).abs() < 1e-9, "{fit:?}");
        assert_eq!(least_squares(&[(5.0, 1.0), (5.0, 2.0)]), None, "no spread in x, no slope");
    }

    #[test]
    fn all_in_flight_unless_a_limit_says_otherwise() {
        assert_eq!(jobs_for(1_000, None, None), (1_000, None));
        assert_eq!(jobs_for(1_000, Some(50), Some(9_968)), (50, Some(Limit::Asked)));
        assert_eq!(jobs_for(10_000, None, Some(9_968)), (9_968, Some(Limit::OpenFiles)));
        assert_eq!(jobs_for(10, Some(50), Some(9_968)), (10, None));
        assert_eq!(jobs_for(50_000, None, None), (catfetch_core::MAX_JOBS, Some(Limit::MostJobs)));
    }

    #[test]
    fn the_default_executors_are_those_this_build_has() {
        let (have, lack) = default_executors();
        assert_eq!(have.len() + lack.len(), DEFAULT_EXECUTORS.len());
        assert_eq!(have[0].name(), "smol");
        for name in lack {
            assert!(name.parse::<ExecutorKind>().is_err());
        }
    }
}
