//! `catfetch compare`: the same job on every executor, against the built-in origin, side by side with
//! the theory.
//!
//! With an origin that answers after a fixed latency L, N cats one after another take about N x L; any
//! concurrent executor takes about L, because the downloads spend their time waiting, and waiting
//! overlaps. The table shows how close each executor comes, and which threads actually polled.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use catfetch_origin::{Origin, OriginConfig};
use futures_lite::future;

use crate::executor::{self, ExecutorKind};
use crate::timeline::{Recording, Timeline};
use crate::{Config, Error};

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
    /// What happened, in plain lines (see `verdicts.rs`).
    pub verdicts: Vec<String>,
    /// What else this run did besides downloading (a lesson's variant, e.g. "inline writes"); empty for
    /// the plain job. With the executor, it names the run (see [`Row::name`]).
    pub setup: String,
    /// Everything its timeline recorded, for the HTML page (`html/run_page.rs`).
    pub recording: Recording,
}

impl Row {
    /// The run's name on the HTML page and in its `data-run`: `smol default`, `smol inline writes`.
    pub fn name(&self) -> String {
        let setup = if self.setup.is_empty() { "default" } else { &self.setup };
        format!("{} {setup}", self.executor.name())
    }
}

/// Runs `count` cats on every executor against a local origin with `latency`; `threads` for `smol` and
/// `tokio`. A poll longer than `stall` is a stall.
pub fn compare(count: usize, latency: Duration, threads: usize, stall: Duration) -> Result<Vec<Row>, Error> {
    let origin = Origin::start(OriginConfig {
        bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        latency,
        quiet: true,
        ..OriginConfig::default()
    })
    .map_err(|e| Error::Setup(format!("cannot start the local origin: {e}")))?;
    let url = origin.url().parse().map_err(|e| Error::Setup(format!("origin URL: {e}")))?;
    let scratch = std::env::temp_dir().join(format!("catfetch-compare-{}", std::process::id()));
    let mut rows = Vec::new();
    for kind in ExecutorKind::all(threads) {
        let config = Config {
            url: Clone::clone(&url),
            count,
            out_dir: scratch.join(kind.name()),
            // Every cat at once: the comparison is about who polls, not about a --jobs limit.
            jobs: count.min(crate::system::raise_open_file_limit_for_jobs(true).unwrap_or(count)),
            retries: 0,
            ..Config::default()
        };
        let jobs = config.jobs;
        let timeline = Arc::new(Timeline::new(count, stall));
        let started = Instant::now();
        let result =
            executor::block_on(kind, config, timeline.clone(), Some(timeline.polls()), future::pending());
        let wall = started.elapsed();
        let report = match result {
            Ok(report) => report,
            Err(error) => {
                let _ = std::fs::remove_dir_all(&scratch);
                return Err(error);
            }
        };
        rows.push(Row {
            executor: kind,
            polled_by: timeline.threads(),
            wall,
            saved: report.totals.saved,
            verdicts: timeline.verdicts(jobs),
            setup: String::new(),
            recording: timeline.recording(),
        });
    }
    let _ = std::fs::remove_dir_all(&scratch);
    origin.stop();
    Ok(rows)
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
    let threads_width = polled_by.iter().map(String::len).fold(28, usize::max);
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
        for (n, line) in row.verdicts.iter().enumerate() {
            let name = if n == 0 { row.executor.name() } else { "" };
            let _ = writeln!(out, "{name:<name_width$} {line}");
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Whichever executor polls, each transfer runs on libcurl's own thread (the polling thread reads its\n\
         bytes, the blocking pool writes the file unless --writes inline): `local`, `join` and `tokio-current`\n\
         mean one *polling* thread, not one thread in all, and `threads` is a thread parked on each download's\n\
         future, not blocking-socket I/O."
    );
    out
}

/// `2 threads (main, smol-1)`; a long list (`threads`: one per cat) shows its first two and last names.
fn polled_by(threads: &[String]) -> String {
    let n = threads.len();
    let names = match threads {
        [first, second, _, _, .., last] => format!("{first}, {second}, ..., {last}"),
        all => all.join(", "),
    };
    format!("{n} thread{} ({names})", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_puts_each_executor_beside_the_theory() {
        let row = |executor, ms, threads: &[&str]| Row {
            executor,
            polled_by: threads.iter().map(|t| t.to_string()).collect(),
            wall: Duration::from_millis(ms),
            saved: 4,
            verdicts: vec![format!("overlap for {ms}"), "no stall".into()],
            setup: String::new(),
            recording: Recording::default(),
        };
        let rows = [
            row(ExecutorKind::Sequential, 800, &["main"]),
            row(ExecutorKind::Smol { threads: 2 }, 200, &["main", "smol-1"]),
        ];
        let table = table(&rows, 4, Duration::from_millis(200));
        assert!(table.contains("sequential  1 thread (main)"), "{table}");
        assert!(table.contains("N x latency = 0.80 s"), "{table}");
        assert!(table.contains("smol        2 threads (main, smol-1)"), "{table}");
        assert!(table.contains("4.0x  ~ latency = 0.20 s"), "{table}");
        assert!(
            table.contains(
                "\nsequential  overlap for 800\n            no stall\nsmol        overlap for 200\n"
            ),
            "{table}"
        );
    }

    #[test]
    fn long_names_and_many_threads_keep_the_columns_aligned() {
        let threads: Vec<String> = (1..=10).map(|n| format!("thread-{n}")).collect();
        let rows = [
            Row {
                executor: ExecutorKind::TokioCurrent,
                polled_by: vec!["main".into()],
                wall: Duration::from_millis(200),
                saved: 10,
                verdicts: Vec::new(),
                setup: String::new(),
                recording: Recording::default(),
            },
            Row {
                executor: ExecutorKind::Threads,
                polled_by: threads,
                wall: Duration::from_millis(200),
                saved: 10,
                verdicts: Vec::new(),
                setup: String::new(),
                recording: Recording::default(),
            },
        ];
        let table = table(&rows, 10, Duration::from_millis(200));
        let lines: Vec<&str> = table.lines().skip(2).take(3).collect();
        assert!(lines[1].starts_with("tokio-current 1 thread (main) "), "{table}");
        assert!(
            lines[2].starts_with("threads       10 threads (thread-1, thread-2, ..., thread-10) "),
            "{table}"
        );
        // The wall times end where their heading does.
        let wall_end = |line: &str| line.find(" 0.20 s").map(|at| at + " 0.20 s".len());
        assert_eq!(wall_end(lines[1]), wall_end(lines[2]), "{table}");
        assert_eq!(lines[0].find(" wall").map(|at| at + " wall".len()), wall_end(lines[1]), "{table}");
    }
}
