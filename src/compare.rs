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

use futures_lite::future;

use crate::executor::{self, ExecutorKind};
use crate::origin::{Origin, OriginConfig};
use crate::timeline::Timeline;
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
}

/// Runs `count` cats on every executor against a local origin with `latency`; `threads` for `smol`.
pub fn compare(count: usize, latency: Duration, threads: usize) -> Result<Vec<Row>, Error> {
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
            jobs: count.min(crate::system::max_jobs().unwrap_or(count)),
            retries: 0,
            ..Config::default()
        };
        let timeline = Arc::new(Timeline::new(count));
        let started = Instant::now();
        let result = executor::block_on(kind, config, timeline.clone(), future::pending());
        let wall = started.elapsed();
        let report = match result {
            Ok(report) => report,
            Err(error) => {
                let _ = std::fs::remove_dir_all(&scratch);
                return Err(error);
            }
        };
        rows.push(Row { executor: kind, polled_by: timeline.threads(), wall, saved: report.totals.saved });
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
    let _ = writeln!(
        out,
        "{:<11} {:<28} {:>8} {:>9}  theory",
        "executor", "polled by (measured)", "wall", "speed-up"
    );
    for row in rows {
        let n = row.polled_by.len();
        let polled_by = format!("{n} thread{} ({})", if n == 1 { "" } else { "s" }, row.polled_by.join(", "));
        let speedup =
            baseline.map_or("-".into(), |b| format!("{:.1}x", b.as_secs_f64() / row.wall.as_secs_f64()));
        let theory = match row.executor {
            ExecutorKind::Sequential => format!("N x latency = {}", secs(latency * count as u32)),
            _ => format!("~ latency = {}", secs(latency)),
        };
        let saved = if row.saved == count { String::new() } else { format!("  (only {} saved)", row.saved) };
        let _ = writeln!(
            out,
            "{:<11} {:<28} {:>8} {:>9}  {theory}{saved}",
            row.executor.name(),
            polled_by,
            secs(row.wall),
            speedup
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Whichever executor polls, each transfer runs on libcurl's own thread (the polling thread reads its\n\
         bytes, the blocking pool writes the file): `local` and `join` mean one *polling* thread, not one\n\
         thread in all."
    );
    out
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
    }
}
