//! See the concurrency: when each download started, when its first byte came, when it ended, and which
//! threads polled it. Drawn as a chart (`--timeline`) or written as a Chrome trace (`--trace FILE`, opens
//! in Perfetto or `chrome://tracing`).
//!
//! [`Timeline`] is just another [`Observer`]: it timestamps the events downloads already report, and notes
//! the name of the thread each event was reported from, which is the thread polling that download.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::events::{Event, Observer};
use crate::executor::ExecutorKind;
use crate::report::Report;

/// One download's row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// When it first held a `--jobs` slot and sent a request (from the timeline's start).
    pub start: Option<Duration>,
    /// When the first response headers arrived.
    pub first_byte: Option<Duration>,
    /// When it was saved or gave up.
    pub end: Option<Duration>,
    /// Body bytes received (over all attempts).
    pub bytes: u64,
    /// Names of the threads that polled it, in order of first appearance.
    pub threads: Vec<String>,
    /// Did it fail?
    pub failed: bool,
    /// Attempts made.
    pub attempts: u32,
}

/// Records every download's events with timestamps and thread names.
pub struct Timeline {
    origin: Instant,
    rows: Mutex<Vec<Row>>,
}

impl Timeline {
    /// A timeline for `count` downloads, starting now.
    pub fn new(count: usize) -> Timeline {
        Timeline { origin: Instant::now(), rows: Mutex::new(vec![Row::default(); count]) }
    }

    /// Time since the timeline started.
    pub fn elapsed(&self) -> Duration {
        self.origin.elapsed()
    }

    /// A copy of the rows so far.
    pub fn rows(&self) -> Vec<Row> {
        self.rows.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Every distinct thread that polled any download.
    pub fn threads(&self) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        for row in self.rows() {
            for thread in row.threads {
                if !all.contains(&thread) {
                    all.push(thread);
                }
            }
        }
        all
    }

    /// The chart: one row per cat, bars scaled to `wall` over `width` columns, and a legend.
    /// `░` waits for the answer, `█` runs from the first byte to the end.
    pub fn chart(&self, wall: Duration, width: usize, legend: &str) -> String {
        let rows = self.rows();
        let scale = |d: Duration| -> usize {
            let fraction = d.as_secs_f64() / wall.as_secs_f64().max(1e-9);
            ((fraction * width as f64).round() as usize).min(width)
        };
        let label_width = format!("cat {}", rows.len().saturating_sub(1)).len();
        let mut out = String::new();
        for (index, row) in rows.iter().enumerate() {
            let mut bar = vec![' '; width];
            if let (Some(start), Some(end)) = (row.start, row.end) {
                let (from, to) = (scale(start), scale(end).max(scale(start) + 1).min(width));
                // The first byte always gets a visible mark, even when the rest of the body took less
                // than a column.
                let first = row.first_byte.map_or(to, |t| scale(t).clamp(from, to.saturating_sub(1)));
                for (column, cell) in bar.iter_mut().enumerate().take(to).skip(from) {
                    *cell = if column < first { '░' } else { '█' };
                }
            }
            let bar: String = bar.into_iter().collect();
            let status = if row.failed { " FAILED" } else { "" };
            let _ = writeln!(
                out,
                "{:<label_width$} |{bar}| {:>10}  {}{status}",
                format!("cat {index}"),
                human_bytes(row.bytes),
                row.threads.join(", "),
            );
        }
        let ms = wall.as_millis();
        let _ = writeln!(out, "{:<label_width$}  0 ms{:>w$} ms", "", ms, w = width.saturating_sub(3));
        let _ = writeln!(out, "░ waiting for the answer   █ first byte to end   names: threads that polled");
        let _ = writeln!(out, "{legend}");
        out
    }

    /// The same events as Chrome trace-event JSON: one complete (`"ph": "X"`) event per download on the
    /// thread that first polled it, an instant event at its first byte, and thread names as metadata.
    pub fn chrome_trace(&self) -> Value {
        let rows = self.rows();
        let threads = self.threads();
        let tid = |name: &str| threads.iter().position(|t| t == name).unwrap_or(0) + 1;
        let micros = |d: Duration| d.as_micros() as u64;
        let mut events: Vec<Value> = threads
            .iter()
            .enumerate()
            .map(|(i, name)| {
                json!({"name": "thread_name", "ph": "M", "pid": 1, "tid": i + 1, "args": {"name": name}})
            })
            .collect();
        for (index, row) in rows.iter().enumerate() {
            let (Some(start), Some(end)) = (row.start, row.end) else {
                continue;
            };
            let thread = row.threads.first().map_or(1, |name| tid(name));
            events.push(json!({
                "name": format!("cat {index}"),
                "cat": "download",
                "ph": "X",
                "ts": micros(start),
                "dur": micros(end.saturating_sub(start)),
                "pid": 1,
                "tid": thread,
                "args": {
                    "bytes": row.bytes,
                    "attempts": row.attempts,
                    "failed": row.failed,
                    "polled_by": row.threads,
                    "first_byte_ms": row.first_byte.map(|t| t.as_secs_f64() * 1000.0),
                },
            }));
            if let Some(first) = row.first_byte {
                events.push(json!({
                    "name": format!("cat {index} first byte"),
                    "ph": "i",
                    "s": "t",
                    "ts": micros(first),
                    "pid": 1,
                    "tid": thread,
                }));
            }
        }
        json!({ "traceEvents": events, "displayTimeUnit": "ms" })
    }
}

/// The chart's legend: who polled, and how much came in how long.
pub fn legend(executor: ExecutorKind, report: &Report) -> String {
    let threads = executor.polling_threads();
    format!(
        "executor {executor} ({threads} polling thread{}); {} cats, {} in {} ms\n\
         (whichever executor polls, transfers run on libcurl's own thread; the blocking pool writes the files\n\
         unless --writes inline)",
        if threads == 1 { "" } else { "s" },
        report.totals.requested,
        human_bytes(report.totals.bytes),
        report.totals.elapsed_ms,
    )
}

impl Timeline {
    /// `--timeline`: the chart on stderr; `--trace FILE`: the Chrome trace.
    pub fn show(
        &self,
        executor: ExecutorKind,
        report: &Report,
        chart: bool,
        trace: Option<&Path>,
    ) -> Result<(), String> {
        if chart {
            eprint!("{}", self.chart(self.elapsed(), 50, &legend(executor, report)));
        }
        if let Some(path) = trace {
            let json = self.chrome_trace().to_string();
            std::fs::write(path, json)
                .map_err(|e| format!("--trace {}: cannot write: {e}", path.display()))?;
        }
        Ok(())
    }
}

impl Observer for Timeline {
    fn on_event(&self, cat: usize, event: &Event<'_>) {
        let now = self.origin.elapsed();
        let current = std::thread::current();
        let thread = current.name().unwrap_or("unnamed");
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(row) = rows.get_mut(cat) else { return };
        if !row.threads.iter().any(|t| t == thread) {
            row.threads.push(thread.to_owned());
        }
        match event {
            Event::Attempt { attempt } => {
                row.start.get_or_insert(now);
                row.attempts = *attempt;
            }
            Event::Response { .. } => {
                row.first_byte.get_or_insert(now);
            }
            Event::Bytes(n) => row.bytes += n,
            Event::Saved { .. } => row.end = Some(now),
            Event::Failed { .. } => {
                row.end = Some(now);
                row.failed = true;
            }
            Event::Redirected { .. } | Event::Retrying { .. } | Event::Skipped { .. } => {}
        }
    }
}

/// `1.2 MiB`-style sizes, short enough for a chart column.
fn human_bytes(bytes: u64) -> String {
    indicatif::HumanBytes(bytes).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn sample() -> Timeline {
        let timeline = Timeline::new(2);
        timeline.on_event(0, &Event::Attempt { attempt: 1 });
        timeline.on_event(0, &Event::Response { status: 200 });
        timeline.on_event(0, &Event::Bytes(1000));
        timeline.on_event(0, &Event::Saved { path: Path::new("cats/0.jpg"), bytes: 1000 });
        timeline
    }

    #[test]
    fn events_become_a_row_with_times_bytes_and_threads() {
        let rows = sample().rows();
        let row = &rows[0];
        assert!(row.start.is_some() && row.first_byte.is_some() && row.end.is_some());
        assert!(row.start <= row.first_byte && row.first_byte <= row.end);
        assert_eq!(row.bytes, 1000);
        assert_eq!(row.attempts, 1);
        assert_eq!(row.threads.len(), 1, "{row:?}");
        assert_eq!(rows[1], Row::default(), "cat 1 never started");
    }

    #[test]
    fn the_chart_has_one_row_per_cat_and_a_legend() {
        let chart = sample().chart(Duration::from_millis(10), 20, "executor test");
        let lines: Vec<&str> = chart.lines().collect();
        assert!(lines[0].starts_with("cat 0 |"), "{chart}");
        assert!(lines[0].contains("1000 B"), "{chart}");
        assert!(lines[0].contains('█'), "the first byte is marked: {chart}");
        assert!(lines[1].starts_with("cat 1 |"), "{chart}");
        assert!(chart.ends_with("executor test\n"), "{chart}");
    }

    #[test]
    fn the_trace_has_one_complete_event_per_finished_download() {
        let trace = sample().chrome_trace();
        let events = trace["traceEvents"].as_array().unwrap();
        let complete: Vec<_> = events.iter().filter(|e| e["ph"] == "X").collect();
        assert_eq!(complete.len(), 1);
        assert_eq!(complete[0]["name"], "cat 0");
        assert_eq!(complete[0]["args"]["bytes"], 1000);
        assert!(events.iter().any(|e| e["ph"] == "M" && e["name"] == "thread_name"));
    }
}
