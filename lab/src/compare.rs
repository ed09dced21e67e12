//! `catfetch compare`: the same job on every executor, against the built-in origin, side by side with
//! the theory.
//!
//! With an origin that answers after a fixed latency L, N cats one after another take about N x L; any
//! concurrent executor takes about L, because the downloads spend their time waiting, and waiting
//! overlaps. The table shows how close each executor comes, and which threads actually polled.
//!
//! `--lesson disk` and `--lesson cpu` add the two mistakes of the lesson: a slow write (`--disk-delay`)
//! and CPU work (`--cpu-per-cat`) on the thread that polls downloads, each beside its fix (`--writes
//! async-fs`, `--cpu-offload`). Every row gets a prediction from a small model that counts what really
//! happens: writes, not cats (a cat takes one or more writes, W in all, M for the file with the most),
//! and cores, not threads (K cores run at most K threads of CPU work at once). With N cats, latency L, a
//! write delay D, CPU work C per cat and T polling threads (measured; `threads` polls each download on
//! its own thread):
//!
//! | setup | `sequential` | one thread (`join`, `local`, `tokio-current`), `smol`, `tokio` | `threads` |
//! |---|---|---|---|
//! | inline writes | N x L + W x D | L + W x D / T: a write blocks its polling thread | L + M x D |
//! | async-fs writes | N x L + W x D | L + M x D: the pool writes files in parallel, one file in order | L + M x D |
//! | CPU on the polling thread | N x (L + C) | L + max(C, N x C / min(T, K)) | L + max(C, N x C / min(N, K)) |
//! | CPU offloaded | N x (L + C) | L + max(C, N x C / K): the pool has threads, the machine has K cores | same |
//!
//! A row is flagged when the part of its wall time the model is about, what comes after the latency
//! (wall - L, or wall - N x L for `sequential`), is more than [`TOLERANCE`] off the model's: the model,
//! or the machine, missed something, and the table says so rather than hide it. (Judged on the whole wall
//! time, the latency would hide an error of half the modelled part.)

use std::fmt::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use catfetch_core::{text, Config, Error, Report, Scratch, Writes};
use catfetch_origin::{Origin, OriginConfig};
use serde_json::{json, Value};

use crate::clocks::CpuClocks;
use crate::executors::ExecutorKind;
use crate::recording::{wrapped, COLUMNS};
use crate::timeline::{Recording, Timeline};
use crate::verdicts::Finding;

/// One executor's run.
#[derive(Debug, Clone)]
pub struct Row {
    /// The executor.
    pub executor: ExecutorKind,
    /// The threads that polled download futures (measured, not assumed).
    pub polled_by: Vec<String>,
    /// Wall time of the whole job.
    pub wall: Duration,
    /// Cats saved (all of them, unless something went wrong).
    pub saved: usize,
    /// What happened (see `verdicts.rs`).
    pub findings: Vec<Finding>,
    /// What else this run did besides downloading (a lesson's variant, e.g. "inline writes"); empty for
    /// the plain job. With the executor, it names the run (see [`Row::name`]).
    pub setup: String,
    /// Everything its timeline recorded, for the HTML page (`html/run_page.rs`).
    pub recording: Recording,
    /// `write(2)` calls into the files (W).
    pub writes: u64,
    /// What the model predicts for this run's wall time (see the module doc).
    pub predicted: Duration,
    /// The part of the wall time that is the origin's latency (L, or N x L one after another): the same in
    /// every setup, and not what the model is about. The flag judges what comes after it.
    pub latency_part: Duration,
    /// CPU that other processes used while this run went on, in cores (CPU seconds per second of wall
    /// time); `None` where the OS does not say. The model assumes the cores are ours.
    pub others: Option<f64>,
}

/// How far a run may be from its prediction, as a fraction of it, before it is flagged.
pub const TOLERANCE: f64 = 0.25;

/// From this many cores' worth of CPU used by other processes during a run, its verdict says so: the
/// machine, not only the model, may explain a difference.
pub const BUSY: f64 = 0.25;

/// How `compare` runs one job on one executor, recording into the timeline: the edge's to provide (the
/// lab names the executors, the binary drives them), e.g. `executor::block_on` with the timeline's polls.
pub type Runner<'a> = dyn Fn(ExecutorKind, Config, &Arc<Timeline>) -> Result<Report, Error> + 'a;

/// `compare --lesson`: which runs to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lesson {
    /// Every executor on the plain job: waiting overlaps.
    #[default]
    Concurrency,
    /// Every executor with inline and with async-fs writes on a slow disk.
    Disk,
    /// Every executor with CPU work on the polling thread and offloaded.
    Cpu,
    /// The three in turn.
    All,
}

impl std::str::FromStr for Lesson {
    type Err = String;

    fn from_str(name: &str) -> Result<Lesson, String> {
        let all = [Lesson::Concurrency, Lesson::Disk, Lesson::Cpu, Lesson::All];
        let names = all.map(Lesson::name);
        all.into_iter().find(|lesson| lesson.name() == name).ok_or_else(|| text::expected_one_of(&names))
    }
}

impl Lesson {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Lesson::Concurrency => "concurrency",
            Lesson::Disk => "disk",
            Lesson::Cpu => "cpu",
            Lesson::All => "all",
        }
    }

    /// The lessons to run, in order: `All` is the three.
    pub fn parts(self) -> Vec<Lesson> {
        match self {
            Lesson::All => vec![Lesson::Concurrency, Lesson::Disk, Lesson::Cpu],
            one => vec![one],
        }
    }

    /// The variants each executor runs in this lesson.
    fn setups(self) -> Vec<Setup> {
        match self {
            Lesson::Concurrency | Lesson::All => vec![Setup::Plain],
            Lesson::Disk => vec![Setup::Writes(Writes::Inline), Setup::Writes(Writes::AsyncFs)],
            Lesson::Cpu => vec![Setup::Cpu { offload: false }, Setup::Cpu { offload: true }],
        }
    }
}

/// What a run does besides downloading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    /// Nothing: the plain job.
    Plain,
    /// Writes made slow by `--disk-delay`, by the polling thread or the blocking pool.
    Writes(Writes),
    /// `--cpu-per-cat` work, on the polling thread or (`offload`) on the blocking pool.
    Cpu {
        /// `--cpu-offload`.
        offload: bool,
    },
}

impl Setup {
    /// The name in [`Row::setup`]: empty for the plain job.
    pub fn name(self) -> &'static str {
        match self {
            Setup::Plain => "",
            Setup::Writes(Writes::Inline) => "inline writes",
            Setup::Writes(Writes::AsyncFs) => "async-fs writes",
            Setup::Cpu { offload: false } => "cpu on poller",
            Setup::Cpu { offload: true } => "cpu offloaded",
        }
    }
}

/// What the model needs to know about a run: the knobs, and what was counted (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inputs {
    /// N.
    pub count: usize,
    /// L.
    pub latency: Duration,
    /// W: writes in all.
    pub writes: u64,
    /// M: the most writes one file took.
    pub most_per_file: u64,
    /// D.
    pub disk_delay: Duration,
    /// C.
    pub cpu_per_cat: Duration,
    /// T: polling threads, measured.
    pub threads: usize,
    /// K.
    pub cores: usize,
}

/// The model's wall time for `executor` running `setup` (the table in the module doc).
pub fn predict(executor: ExecutorKind, setup: Setup, i: &Inputs) -> Duration {
    let n = i.count as u32;
    let (l, d, c) = (i.latency, i.disk_delay, i.cpu_per_cat);
    let (w, m) = (i.writes as u32, i.most_per_file as u32);
    let threads = i.threads.max(1) as u32;
    if executor == ExecutorKind::Sequential {
        // One cat after the other, each waiting for its own answer, writes and work.
        return match setup {
            Setup::Plain => l * n,
            Setup::Writes(_) => l * n + d * w,
            Setup::Cpu { .. } => (l + c) * n,
        };
    }
    // Every answer arrives after about L; what comes after is where the executors differ.
    let after = match setup {
        Setup::Plain => Duration::ZERO,
        // A blocked polling thread blocks every download it polls; `threads` polls each on its own.
        Setup::Writes(Writes::Inline) if executor != ExecutorKind::Threads => d * w / threads,
        // One file's writes run in order (its pipe has one pool job); different files' run in parallel.
        Setup::Writes(_) => d * m,
        // N pieces of work C on as many threads as do them at once, but no more than the cores run.
        Setup::Cpu { offload } => {
            let at_once = if offload { i.cores } else { i.threads.min(i.cores) }.max(1) as u32;
            (c * n / at_once).max(c)
        }
    };
    l + after
}

/// Below this, the model predicts (almost) nothing beyond the latency, and a fraction of it means nothing.
const MODELED_AT_LEAST: Duration = Duration::from_millis(5);

/// The knobs a lesson turns (`compare --disk-delay`, `--cpu-per-cat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Knobs {
    /// `--disk-delay`, for `--lesson disk`.
    pub disk_delay: Duration,
    /// `--cpu-per-cat`, for `--lesson cpu`.
    pub cpu_per_cat: Duration,
}

impl Row {
    /// How far the part of the wall time the model is about (after [`Row::latency_part`]) is off the
    /// model's, as a fraction of the model's: `0.1` is 10% slower. `None` where the model predicts
    /// (almost) nothing beyond the latency.
    pub fn off(&self) -> Option<f64> {
        let modeled = self.predicted.saturating_sub(self.latency_part);
        if modeled < MODELED_AT_LEAST {
            return None;
        }
        let measured = self.wall.as_secs_f64() - self.latency_part.as_secs_f64();
        Some(measured / modeled.as_secs_f64() - 1.0)
    }

    /// Is it more than [`TOLERANCE`] off the model (see [`Row::off`])?
    pub fn flagged(&self) -> bool {
        self.off().is_some_and(|off| off.abs() > TOLERANCE)
    }

    /// The model's verdict, short: `as predicted (+3%)`, `! +40% off the model`, or `-` (nothing modelled).
    pub fn model_verdict(&self) -> String {
        // Rounded first, and `+ 0.0` turns a rounded -0 into 0: no "-0%".
        let percent = |off: f64| (off * 100.0).round() + 0.0;
        match self.off() {
            None => "-".into(),
            Some(off) if self.flagged() => format!("! {:+}% off the model", percent(off)),
            Some(off) => format!("as predicted ({:+}%)", percent(off)),
        }
    }

    /// The downloads that waited for a thread while another download's stall held it, and the
    /// longest of those waits (see `verdicts.rs`).
    pub fn held_up(&self) -> (usize, Duration) {
        let mut held = (0, Duration::ZERO);
        for found in &self.findings {
            if let Finding::Stalls { held_up, longest_wait, .. } = found {
                held = (held.0 + held_up, held.1.max(*longest_wait));
            }
        }
        held
    }

    /// What to change, if another download waited through one of this run's stalls: `None` otherwise.
    pub fn fix(&self) -> Option<&'static str> {
        self.findings.iter().find_map(Finding::fix)
    }

    /// The cores' worth of CPU other processes took during this run, when it is enough to name: at least
    /// [`BUSY`].
    pub fn busy_machine(&self) -> Option<f64> {
        self.others.filter(|&others| others >= BUSY)
    }

    /// The run's name on the HTML page and in its `data-run`: `smol default`, `smol inline writes`.
    pub fn name(&self) -> String {
        let setup = if self.setup.is_empty() { "default" } else { &self.setup };
        format!("{} {setup}", self.executor.name())
    }
}

/// Runs `count` cats on every executor, in each of `lesson`'s setups, against a local origin with
/// `latency`; `threads` for `smol` and `tokio`. A poll longer than `stall` is a stall.
pub fn compare(
    lesson: Lesson,
    count: usize,
    latency: Duration,
    threads: usize,
    stall: Duration,
    knobs: Knobs,
    run: &Runner<'_>,
) -> Result<(Vec<Row>, bool), Error> {
    let origin = Origin::start(OriginConfig {
        bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        latency,
        quiet: true,
        ..OriginConfig::default()
    })
    .map_err(|e| Error::Setup(format!("cannot start the local origin: {e}")))?;
    let url = origin.url().parse().map_err(|e| Error::Setup(format!("origin URL: {e}")))?;
    // Removed when this returns, however it returns (and by the next compare if this one is killed).
    let scratch = Scratch::create("compare")
        .map_err(|e| Error::Setup(format!("cannot create a scratch directory: {e}")))?;
    // Every cat at once: the comparison is about who polls, not about a --jobs limit (but each download
    // holds descriptors, so the open-file limit may cap it; raised once, for every run).
    let jobs = count.min(catfetch_core::limits::raise_open_file_limit_for_jobs(true).unwrap_or(count));
    let mut rows = Vec::new();
    let runs = ExecutorKind::all(threads)
        .into_iter()
        .flat_map(|kind| lesson.setups().into_iter().map(move |setup| (kind, setup)));
    for (kind, setup) in runs {
        let mut config = Config {
            url: Clone::clone(&url),
            count,
            out_dir: scratch.path().join(kind.name()),
            jobs,
            retries: 0,
            ..Config::default()
        };
        match setup {
            Setup::Plain => {}
            Setup::Writes(writes) => (config.writes, config.disk_delay) = (writes, knobs.disk_delay),
            Setup::Cpu { offload } => (config.cpu_per_cat, config.cpu_offload) = (knobs.cpu_per_cat, offload),
        }
        let (disk_delay, cpu_per_cat) = (config.disk_delay, config.cpu_per_cat);
        let timeline = Arc::new(Timeline::new(count, stall));
        let clocks = CpuClocks::now();
        let started = Instant::now();
        let result = run(kind, config, &timeline);
        let wall = started.elapsed();
        let others = clocks
            .zip(CpuClocks::now())
            .map(|(before, after)| after.others_since(&before).as_secs_f64() / wall.as_secs_f64().max(1e-9));
        let report = result?;
        if report.interrupted {
            // A stopped run measures nothing: the rows so far are the table.
            origin.stop();
            return Ok((rows, true));
        }
        let polled_by = timeline.threads();
        let inputs = Inputs {
            count,
            latency,
            writes: report.totals.writes,
            most_per_file: report.cats.iter().filter_map(|cat| cat.writes).max().unwrap_or(0),
            disk_delay,
            cpu_per_cat,
            threads: polled_by.len(),
            cores: catfetch_core::cores(),
        };
        rows.push(Row {
            executor: kind,
            wall,
            saved: report.totals.saved,
            findings: timeline.findings(jobs),
            setup: setup.name().into(),
            recording: timeline.recording(),
            writes: report.totals.writes,
            predicted: predict(kind, setup, &inputs),
            latency_part: if kind == ExecutorKind::Sequential { latency * count as u32 } else { latency },
            polled_by,
            others,
        });
    }
    origin.stop();
    Ok((rows, false))
}

/// The table `catfetch compare` prints.
pub fn table(rows: &[Row], count: usize, latency: Duration) -> String {
    let secs = |d: Duration| format!("{:.2} s", d.as_secs_f64());
    let baseline = rows.iter().find(|r| r.executor == ExecutorKind::Sequential).map(|r| r.wall);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "catfetch compare: {count} cats from a local origin answering after {} ms",
        latency.as_millis()
    );
    let _ = writeln!(out);
    let polled_by: Vec<String> = rows.iter().map(|row| polled_by(&row.polled_by)).collect();
    // Columns as wide as their longest entry (`tokio-current`; `threads` polls on as many threads as cats).
    let name_width = rows.iter().map(|row| row.executor.name().len()).fold(11, usize::max);
    let threads_width = polled_by.iter().map(String::len).fold(24, usize::max);
    let _ = writeln!(
        out,
        "{:<name_width$} {:<threads_width$} {:>8} {:>9}  theory",
        "executor", "polled by (measured)", "wall", "speed-up"
    );
    for (row, polled_by) in rows.iter().zip(polled_by) {
        let speedup =
            baseline.map_or("-".into(), |b| format!("{:.1}x", b.as_secs_f64() / row.wall.as_secs_f64()));
        let theory = match row.executor {
            ExecutorKind::Sequential => format!("N x latency = {}", secs(latency * count as u32)),
            _ => format!("~ latency = {}", secs(latency)),
        };
        let saved = if row.saved == count { String::new() } else { format!("  (only {} saved)", row.saved) };
        let _ = writeln!(
            out,
            "{:<name_width$} {:<threads_width$} {:>8} {:>9}  {theory}{saved}",
            row.executor.name(),
            polled_by,
            secs(row.wall),
            speedup
        );
    }
    let _ = writeln!(out);
    for row in rows {
        for (n, line) in row.findings.iter().map(Finding::text).enumerate() {
            let name = if n == 0 { row.executor.name() } else { "" };
            for line in wrapped(&format!("{name:<name_width$} "), &line, COLUMNS) {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "The thread that polls a download also reads its socket (the blocking pool writes the file unless\n\
         --writes inline): `local`, `join` and `tokio-current` do all the network work on one thread, and\n\
         `threads` is a thread per download parked on its future, woken by async-io's reactor."
    );
    out
}

/// The table of `catfetch compare --lesson disk` or `cpu`: each run beside its prediction, with its stalls
/// and who waited through them; under it, what each run's polls show. At most 100 columns wide.
pub fn lesson_table(lesson: Lesson, rows: &[Row], count: usize, latency: Duration, knobs: Knobs) -> String {
    let secs = |d: Duration| format!("{:.2} s", d.as_secs_f64());
    let knob = match lesson {
        Lesson::Disk => format!("each write {} ms slower (--disk-delay)", knobs.disk_delay.as_millis()),
        Lesson::Cpu => format!("{} ms of CPU work per cat (--cpu-per-cat)", knobs.cpu_per_cat.as_millis()),
        Lesson::Concurrency | Lesson::All => "nothing else".into(),
    };
    let mut out = String::new();
    let title = format!(
        "catfetch compare: {count} cats from a local origin answering after {} ms, {knob}; {} cores",
        latency.as_millis(),
        catfetch_core::cores()
    );
    for line in wrapped("", &title, COLUMNS) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out);
    let name_width = rows.iter().map(|row| row.executor.name().len()).fold(13, usize::max);
    let setup_width = rows.iter().map(|row| row.setup.len()).fold(5, usize::max);
    let _ = writeln!(
        out,
        "{:<name_width$} {:<setup_width$} {:>2} {:>4} {:>7} {:>7}  {:<10} {:<11} verdict",
        "executor", "setup", "T", "W", "wall", "model", "stalls", "held up"
    );
    for row in rows {
        // Stalls of every cause together: how many, the longest; downloads held up, the longest wait.
        let (mut stalls, mut longest) = (0, Duration::ZERO);
        for found in &row.findings {
            if let Finding::Stalls { count, longest: l, .. } = found {
                (stalls, longest) = (stalls + count, longest.max(*l));
            }
        }
        let (held, longest_wait) = row.held_up();
        let stalls = match stalls {
            0 => "none".to_string(),
            n => format!("{n}, {} ms", longest.as_millis()),
        };
        let waited = match held {
            0 => "none".to_string(),
            n => format!("{n}, {} ms", longest_wait.as_millis()),
        };
        let mut verdict = row.model_verdict();
        if row.saved != count {
            let _ = write!(verdict, ", only {} saved", row.saved);
        }
        let _ = writeln!(
            out,
            "{:<name_width$} {:<setup_width$} {:>2} {:>4} {:>7} {:>7}  {stalls:<10} {waited:<11} {verdict}",
            row.executor.name(),
            row.setup,
            row.polled_by.len(),
            row.writes,
            secs(row.wall),
            secs(row.predicted),
        );
    }
    let _ = writeln!(out);
    for row in rows {
        let label = format!("{:<w$} ", row.name(), w = name_width + setup_width + 1);
        // The stall lines say where the time went, who waited, and what would fix it.
        for line in row.findings.iter().filter(|found| found.is_about_stalls()).map(Finding::text) {
            for line in wrapped(&label, &line, COLUMNS) {
                let _ = writeln!(out, "{line}");
            }
        }
        if let Some(others) = row.busy_machine() {
            let line = format!("others used {others:.1} of {} cores during this run", catfetch_core::cores());
            let _ = writeln!(out, "{label}{line}");
        }
    }
    let _ = writeln!(out);
    let legend = format!(
        "T: polling threads (measured). W: writes to disk; a cat takes one or more. stalls: how many, the \
         longest. held up: downloads that were ready while a stall held their thread, and the longest \
         wait. The model (docs/LAB.md) counts writes and cores: inline writes cost L + W x D / T, async-fs \
         ones L + (most writes of one file) x D; CPU work on T polling threads L + N x C / min(T, cores), \
         offloaded L + N x C / cores (at least C). A run is flagged when its time after the latency (wall - \
         L; wall - N x L for sequential) is more than {:.0}% off the model's. The model assumes the cores are \
         ours: \"others used\" is the CPU other processes took during that run.",
        TOLERANCE * 100.0
    );
    for line in wrapped("", &legend, COLUMNS) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// `compare --json`: every lesson's runs as data, with what the tables show (the rows' executor, setup,
/// polling threads, writes, wall time, prediction, stalls, who waited, the model's verdict and the fix)
/// and the findings' lines.
pub fn json(lessons: &[(Lesson, Vec<Row>)], count: usize, latency: Duration, knobs: Knobs) -> Value {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let row_json = |row: &Row| {
        let log = &row.recording.log;
        let (held_up, longest_wait) = row.held_up();
        json!({
            "executor": row.executor.name(),
            "setup": if row.setup.is_empty() { "default" } else { &row.setup },
            "polled_by": row.polled_by,
            "saved": row.saved,
            "writes": row.writes,
            "wall_ms": ms(row.wall),
            "predicted_ms": ms(row.predicted),
            "latency_part_ms": ms(row.latency_part),
            "stalls": {
                "count": log.stalls.len(),
                "longest_ms": log.stalls.iter().map(|stall| ms(stall.duration)).fold(0.0, f64::max),
                "total_ms": ms(log.stalls.iter().map(|stall| stall.duration).sum()),
            },
            "scheduling_delay": {
                "longest_ms": ms(log.longest_wait),
                "held_up_by_stalls": held_up,
                "longest_held_up_ms": ms(longest_wait),
            },
            "verdict": {
                "off_model": row.off(),
                "flagged": row.flagged(),
                "text": row.model_verdict(),
                "fix": row.fix(),
            },
            "others_used_cores": row.others,
            "findings": row.findings.iter().map(Finding::text).collect::<Vec<_>>(),
        })
    };
    json!({
        "count": count,
        "latency_ms": ms(latency),
        "cores": catfetch_core::cores(),
        "disk_delay_ms": ms(knobs.disk_delay),
        "cpu_per_cat_ms": ms(knobs.cpu_per_cat),
        "tolerance": TOLERANCE,
        "lessons": lessons
            .iter()
            .map(|(lesson, rows)| json!({"lesson": lesson.name(), "rows": rows.iter().map(row_json).collect::<Vec<_>>()}))
            .collect::<Vec<_>>(),
    })
}

/// `2 threads (main, smol-1)`; a long list (`threads`: one per cat) shows its first and last names.
fn polled_by(threads: &[String]) -> String {
    let n = threads.len();
    let names = match threads {
        [first, _, _, .., last] => format!("{first}, ..., {last}"),
        all => all.join(", "),
    };
    format!("{n} thread{} ({names})", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run of `executor` that took `wall_ms`, saved `saved` cats, polled on `main`, and nothing else.
    fn run(executor: ExecutorKind, wall_ms: u64, saved: usize) -> Row {
        Row {
            executor,
            polled_by: vec!["main".into()],
            wall: Duration::from_millis(wall_ms),
            saved,
            findings: Vec::new(),
            setup: String::new(),
            recording: Recording::default(),
            writes: 0,
            predicted: Duration::ZERO,
            latency_part: Duration::from_millis(200),
            others: None,
        }
    }

    #[test]
    fn the_table_puts_each_executor_beside_the_theory() {
        let row = |executor, ms, threads: &[&str], overlap: f64| Row {
            polled_by: threads.iter().map(|t| t.to_string()).collect(),
            findings: vec![
                Finding::Overlap { overlap, serial: overlap < 1.5, one_job: false },
                Finding::NoStall { threshold: Duration::from_millis(10), longest: Duration::from_millis(1) },
            ],
            ..run(executor, ms, 4)
        };
        let rows = [
            row(ExecutorKind::Sequential, 800, &["main"], 1.0),
            row(ExecutorKind::Smol { threads: 2 }, 200, &["main", "smol-1"], 4.0),
        ];
        let table = table(&rows, 4, Duration::from_millis(200));
        assert!(table.contains("sequential  1 thread (main)"), "{table}");
        assert!(table.contains("N x latency = 0.80 s"), "{table}");
        assert!(table.contains("smol        2 threads (main, smol-1)"), "{table}");
        assert!(table.contains("4.0x  ~ latency = 0.20 s"), "{table}");
        assert!(
            table.contains(
                "\nsequential  overlap 1.0 (sum of download times / wall): one after another: an await inside \
                 the loop?\n            no stall: no poll held its thread over 10 ms (the longest took 1.0 ms)\n\
                 smol        overlap 4.0 (sum of download times / wall): the downloads ran at the same time\n"
            ),
            "{table}"
        );
    }

    #[test]
    fn long_names_and_many_threads_keep_the_columns_aligned() {
        let threads: Vec<String> = (1..=10).map(|n| format!("thread-{n}")).collect();
        let rows = [
            run(ExecutorKind::TokioCurrent, 200, 10),
            Row { polled_by: threads, ..run(ExecutorKind::Threads, 200, 10) },
        ];
        let table = table(&rows, 10, Duration::from_millis(200));
        let lines: Vec<&str> = table.lines().skip(2).take(3).collect();
        assert!(lines[1].starts_with("tokio-current 1 thread (main) "), "{table}");
        assert!(lines[2].starts_with("threads       10 threads (thread-1, ..., thread-10) "), "{table}");
        // The wall times end where their heading does.
        let wall_end = |line: &str| line.find(" 0.20 s").map(|at| at + " 0.20 s".len());
        assert_eq!(wall_end(lines[1]), wall_end(lines[2]), "{table}");
        assert_eq!(lines[0].find(" wall").map(|at| at + " wall".len()), wall_end(lines[1]), "{table}");
    }

    #[test]
    fn the_model_counts_writes_and_cores_not_cats_and_threads() {
        let ms = Duration::from_millis;
        // 4 cats at 100 ms, 12 writes in all, at most 5 for one file, 10 ms per write, 40 ms of CPU per
        // cat, 2 cores.
        let inputs = |threads| Inputs {
            count: 4,
            latency: ms(100),
            writes: 12,
            most_per_file: 5,
            disk_delay: ms(10),
            cpu_per_cat: ms(40),
            threads,
            cores: 2,
        };
        let (inline, pool) = (Setup::Writes(Writes::Inline), Setup::Writes(Writes::AsyncFs));
        let (on_poller, offloaded) = (Setup::Cpu { offload: false }, Setup::Cpu { offload: true });
        let smol = ExecutorKind::Smol { threads: 2 };
        let cases = [
            // executor, setup, polling threads, predicted
            (ExecutorKind::Sequential, Setup::Plain, 1, 400),
            (ExecutorKind::Local, Setup::Plain, 1, 100),
            (ExecutorKind::Sequential, inline, 1, 400 + 120),
            (ExecutorKind::Sequential, pool, 1, 400 + 120),
            (ExecutorKind::Local, inline, 1, 100 + 120),
            (ExecutorKind::Join, pool, 1, 100 + 50),
            (smol, inline, 2, 100 + 60),
            (smol, pool, 2, 100 + 50),
            (ExecutorKind::Threads, inline, 4, 100 + 50),
            (ExecutorKind::Sequential, on_poller, 1, 4 * 140),
            (ExecutorKind::Local, on_poller, 1, 100 + 160),
            (ExecutorKind::Local, offloaded, 1, 100 + 80),
            (smol, on_poller, 2, 100 + 80),
            // Four threads of CPU work on two cores run no faster than two.
            (ExecutorKind::Threads, on_poller, 4, 100 + 80),
            (ExecutorKind::Threads, offloaded, 4, 100 + 80),
        ];
        for (executor, setup, threads, expected) in cases {
            let predicted = predict(executor, setup, &inputs(threads));
            assert_eq!(predicted, ms(expected), "{} {}", executor.name(), setup.name());
        }
        // One cat's work cannot be split: offloaded on many cores it still takes C.
        let one = Inputs { count: 1, cores: 8, ..inputs(1) };
        assert_eq!(predict(ExecutorKind::Local, offloaded, &one), ms(140));
    }

    #[test]
    fn a_run_is_flagged_when_the_part_after_the_latency_is_more_than_a_quarter_off() {
        // The origin's 200 ms latency, then 100 ms the model is about.
        let row = |wall| Row { predicted: Duration::from_millis(300), ..run(ExecutorKind::Local, wall, 4) };
        for (wall, off, flagged) in
            [(300, 0.0, false), (325, 0.25, false), (330, 0.3, true), (260, -0.4, true)]
        {
            let row = row(wall);
            assert!((row.off().unwrap() - off).abs() < 1e-9, "{wall}: {:?}", row.off());
            assert_eq!(row.flagged(), flagged, "{wall}");
        }
        // Judged on the whole wall time, 330 ms would have been 10% off: within the tolerance.
        assert_eq!(row(330).model_verdict(), "! +30% off the model");
        assert_eq!(row(310).model_verdict(), "as predicted (+10%)");
        // One after another, the latency part is N x L.
        let sequential = Row {
            predicted: Duration::from_millis(900),
            latency_part: Duration::from_millis(800),
            ..row(950)
        };
        assert!((sequential.off().unwrap() - 0.5).abs() < 1e-9);
        // Nothing modelled beyond the latency: nothing to judge.
        let plain = Row { predicted: Duration::from_millis(200), ..row(260) };
        assert_eq!((plain.off(), plain.flagged(), plain.model_verdict().as_str()), (None, false, "-"));
    }

    #[test]
    fn the_lesson_table_shows_writes_prediction_stalls_who_waited_and_flags_within_100_columns() {
        let knobs = Knobs { disk_delay: Duration::from_millis(50), cpu_per_cat: Duration::ZERO };
        let stalls = Finding::Stalls {
            spent: crate::polls::Spent::Declared(crate::polls::Cause::Write),
            count: 7,
            threads: vec!["main".into()],
            longest: Duration::from_millis(51),
            total: Duration::from_millis(357),
            held_up: 3,
            longest_wait: Duration::from_millis(300),
        };
        let row = |setup: &str, wall, predicted, findings| Row {
            findings,
            setup: setup.into(),
            writes: 7,
            predicted: Duration::from_millis(predicted),
            ..run(ExecutorKind::Local, wall, 4)
        };
        let no_stall =
            Finding::NoStall { threshold: Duration::from_millis(10), longest: Duration::from_millis(2) };
        let rows =
            [row("inline writes", 550, 550, vec![stalls]), row("async-fs writes", 300, 250, vec![no_stall])];
        let table = lesson_table(Lesson::Disk, &rows, 4, Duration::from_millis(200), knobs);
        assert!(table
            .starts_with("catfetch compare: 4 cats from a local origin answering after 200 ms, each write"));
        assert!(table.contains("50 ms slower\n  (--disk-delay); "), "wrapped at 100 columns: {table}");
        let lines: Vec<&str> = table.lines().skip(1).collect();
        assert!(lines[2].contains(" W ") && lines[2].contains(" model ") && lines[2].contains(" held up "));
        assert_eq!(
            lines[3],
            "local         inline writes    1    7  0.55 s  0.55 s  7, 51 ms   3, 300 ms   as predicted (+0%)"
        );
        assert_eq!(
            lines[4],
            "local         async-fs writes  1    7  0.30 s  0.25 s  none       none        ! +100% off the model"
        );
        let label = |name: &str| format!("\n{name:<30}");
        let stalls = "7 stalls on main, longest 51 ms, total 357 ms, during writes: 3\n";
        assert!(table.contains(&format!("{}{stalls}", label("local inline writes"))), "{table}");
        assert!(table.contains("up to 300 ms:\n"), "{table}");
        let no_stall = "no stall: no poll held its thread over 10 ms";
        assert!(table.contains(&format!("{}{no_stall}", label("local async-fs writes"))), "{table}");
        let legend = table.replace('\n', " ");
        assert!(legend.contains("is more than 25% off the model's"), "the tolerance is stated: {table}");
        let widest = table.lines().map(|line| line.chars().count()).max().unwrap();
        assert!(widest <= COLUMNS, "{widest} columns: {table}");
    }

    #[test]
    fn a_run_on_a_busy_machine_says_how_much_cpu_others_took() {
        let knobs = Knobs { disk_delay: Duration::ZERO, cpu_per_cat: Duration::from_millis(50) };
        let row = |setup: &str, others| Row {
            setup: setup.into(),
            predicted: Duration::from_millis(450),
            others,
            ..run(ExecutorKind::Smol { threads: 2 }, 1000, 4)
        };
        let rows =
            [row("cpu on poller", Some(0.9)), row("cpu offloaded", Some(0.1)), row("cpu on poller", None)];
        let table = lesson_table(Lesson::Cpu, &rows, 4, Duration::from_millis(200), knobs);
        let cores = catfetch_core::cores();
        let named: Vec<&str> =
            table.lines().filter(|line| line.starts_with("smol") && line.contains("others used")).collect();
        assert_eq!(
            named,
            [format!("{:<28}others used 0.9 of {cores} cores during this run", "smol cpu on poller")]
        );
        assert!(
            table.replace('\n', " ").contains("\"others used\" is the CPU other processes took"),
            "{table}"
        );
    }
}
