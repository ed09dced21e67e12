//! See the concurrency: when each download started, when its first byte came, when it ended, which
//! threads polled it, and every poll of every polling thread. Drawn as a chart (`--timeline`, with a few
//! plain lines that say what happened: see `verdicts.rs`) or written as a Chrome trace (`--trace FILE`,
//! opens in Perfetto or `chrome://tracing`).
//!
//! [`Timeline`] is just another [`Observer`]: it timestamps the events downloads already report, and notes
//! the name of the thread each event was reported from, which is the thread polling that download. Its
//! `Polls` recorder, handed to the executor (see `executor.rs`), adds the polls themselves, and so the
//! stalls: polls that held their thread too long.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::executors::ExecutorKind;
use crate::polls::{Polled, Polls};
use crate::recording::{downloads_to_cats, format_ms, wrapped, COLUMNS};
pub use crate::recording::{Recording, Row};
use crate::verdicts::{findings, Finding};
use catfetch_core::report::Report;
use catfetch_core::text;
use catfetch_core::{Event, Observer};

/// Records every download's events with timestamps and thread names, and (through [`Timeline::polls`])
/// every poll.
pub struct Timeline {
    origin: Instant,
    rows: Mutex<Vec<Row>>,
    polls: Arc<Polls>,
    /// Do the rows count the bytes received (catfetch's downloads report them; code watched from
    /// outside does not, see `watch.rs`)?
    pub(crate) counts_bytes: bool,
}

impl Timeline {
    /// A timeline for `count` downloads, starting now; a poll longer than `stall` is a stall.
    pub fn new(count: usize, stall: Duration) -> Timeline {
        let origin = Instant::now();
        Timeline {
            origin,
            rows: Mutex::new(vec![Row::default(); count]),
            polls: Arc::new(Polls::new(origin, stall)),
            counts_bytes: true,
        }
    }

    /// The poll recorder to hand to the executor, on the same clock as the rows.
    pub fn polls(&self) -> Arc<Polls> {
        self.polls.clone()
    }

    /// Time since the timeline started.
    pub fn elapsed(&self) -> Duration {
        self.origin.elapsed()
    }

    /// A copy of everything recorded so far: the rows, the polls, and the time since the start.
    pub fn recording(&self) -> Recording {
        Recording { rows: self.rows(), log: self.polls.log(), elapsed: self.elapsed() }
    }

    /// A copy of the rows so far.
    pub fn rows(&self) -> Vec<Row> {
        self.rows.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Every distinct thread that polled any download, in name order (`main`, then `smol-1`, `smol-2`,
    /// ..., `smol-10`: numbers in numeric order), not in the order they happened to poll first.
    pub fn threads(&self) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        for row in self.rows() {
            for thread in row.threads {
                if !all.contains(&thread) {
                    all.push(thread);
                }
            }
        }
        all.sort_by_key(|name| {
            let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
            (stem.to_owned(), name[stem.len()..].parse::<u64>().unwrap_or(0))
        });
        all
    }

    /// The chart: one row per cat, then one per polling thread, bars scaled to `wall` over `width` columns,
    /// and a legend. `░` waits for the answer, `█` runs from the first byte to the end; on a thread's row, a
    /// digit is the last digit of the one cat it polled in that column; `!` marks a stall on both rows.
    pub fn chart(&self, wall: Duration, width: usize, legend: &str) -> String {
        let rows = self.rows();
        let log = self.polls.log();
        let cats = downloads_to_cats(&rows);
        let scale = |d: Duration| -> usize {
            let fraction = d.as_secs_f64() / wall.as_secs_f64().max(1e-9);
            ((fraction * width as f64).round() as usize).min(width)
        };
        // The column a moment falls in (polls are instants at this scale: each marks the column it is in).
        let column = |d: Duration| -> usize {
            let fraction = d.as_secs_f64() / wall.as_secs_f64().max(1e-9);
            ((fraction * width as f64) as usize).min(width.saturating_sub(1))
        };
        let label_width = log
            .threads
            .iter()
            .map(|thread| thread.name.chars().count())
            .chain([format!("cat {}", rows.len().saturating_sub(1)).len()])
            .max()
            .unwrap_or(0);
        // Each stalled cat's stalls, as column ranges.
        let mut stalled: HashMap<usize, Vec<RangeInclusive<usize>>> = HashMap::new();
        for stall in &log.stalls {
            if let Polled::Download(n) = stall.polled {
                if let Some(&cat) = cats.get(n as usize) {
                    stalled.entry(cat).or_default().push(column(stall.start)..=column(stall.end()));
                }
            }
        }
        // Each cat's waits for a thread (its scheduling delays), likewise.
        let mut waited: HashMap<usize, Vec<RangeInclusive<usize>>> = HashMap::new();
        for wait in &log.waits {
            if let Polled::Download(n) = wait.polled {
                if let Some(&cat) = cats.get(n as usize) {
                    waited.entry(cat).or_default().push(column(wait.woken)..=column(wait.end()));
                }
            }
        }
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
            // A wait shows only where it fills a column: shorter ones are a hand-off, not a wait.
            for columns in
                waited.get(&index).into_iter().flatten().filter(|columns| columns.start() < columns.end())
            {
                bar[*columns.start() + 1..=*columns.end()].fill('~');
            }
            for columns in stalled.get(&index).into_iter().flatten() {
                bar[columns.clone()].fill('!');
            }
            let bar: String = bar.into_iter().collect();
            let status = if row.failed { " FAILED" } else { "" };
            // Without bytes counted (hand-written code watched by `Watch`), no empty size column.
            let size = match self.counts_bytes {
                true => format!("{:>10}  ", text::human_bytes(row.bytes)),
                false => String::new(),
            };
            let _ = writeln!(
                out,
                "{:<label_width$} |{bar}| {size}{}{status}",
                format!("cat {index}"),
                row.threads.join(", "),
            );
        }
        for (thread, totals) in log.threads.iter().enumerate() {
            let mut marks = vec![Mark::Idle; width];
            for poll in log.polls.iter().filter(|poll| poll.thread == thread) {
                let polled = match poll.polled {
                    Polled::Gather => Mark::Gather,
                    Polled::Download(n) => cats.get(n as usize).map_or(Mark::Several, |&cat| Mark::Cat(cat)),
                };
                for mark in &mut marks[column(poll.start)..=column(poll.start + poll.duration)] {
                    *mark = mark.and(polled);
                }
            }
            for stall in log.stalls.iter().filter(|stall| stall.thread == thread) {
                marks[column(stall.start)..=column(stall.end())].fill(Mark::Stall);
            }
            let bar: String = marks.into_iter().map(Mark::glyph).collect();
            let stalls = log.stalls.iter().filter(|stall| stall.thread == thread).count();
            let _ = writeln!(
                out,
                "{:<label_width$} |{bar}| {} polls, busy {}{}",
                totals.name,
                totals.polls,
                format_ms(totals.busy),
                match stalls {
                    0 => String::new(),
                    1 => ", 1 stall".into(),
                    n => format!(", {n} stalls"),
                },
            );
        }
        let ms = wall.as_millis();
        let _ = writeln!(out, "{:<label_width$}  0 ms{:>w$} ms", "", ms, w = width.saturating_sub(3));
        let _ = writeln!(
            out,
            "░ waiting for the answer   █ first byte to end   ~ ready, waiting for a thread   names: who polled"
        );
        if !log.threads.is_empty() {
            let _ = writeln!(
                out,
                "thread rows: 0-9 polled that cat   * several cats   g the gather   \
                 ! a stall (a poll over {})",
                format_ms(log.threshold)
            );
        }
        if log.unkept > 0 {
            let _ = writeln!(out, "({} later polls counted, not drawn)", log.unkept);
        }
        let _ = writeln!(out, "{legend}");
        out
    }

    /// The same events as Chrome trace-event JSON, in two processes. "downloads": one lane per cat, with a
    /// complete (`"ph": "X"`) event from its start to its end and an instant event at its first byte.
    /// A download's waits for a thread (woken, not yet polled: its scheduling delay) are `waiting for a
    /// thread` slices on its lane. "polling threads": one lane per thread, a slice per poll (`cat N` or `gather`) and, inside it, a
    /// slice per stall (`stall (write)`, `stall (cpu)` or `stall`) or long preempted poll (`preempted`).
    /// Every poll is its own slice, unmerged: a download is polled only a few times.
    pub fn chrome_trace(&self) -> Value {
        let rows = self.rows();
        let log = self.polls.log();
        let cats = downloads_to_cats(&rows);
        let micros = |d: Duration| d.as_secs_f64() * 1e6;
        let name_of = |polled: Polled| match polled {
            Polled::Gather => "gather".to_owned(),
            Polled::Download(n) => {
                cats.get(n as usize).map_or("a download".into(), |cat| format!("cat {cat}"))
            }
        };
        let mut events = vec![
            json!({"name": "process_name", "ph": "M", "pid": DOWNLOADS, "args": {"name": "downloads"}}),
            json!({"name": "process_name", "ph": "M", "pid": THREADS, "args": {"name": "polling threads"}}),
        ];
        for (index, thread) in log.threads.iter().enumerate() {
            events.push(json!({
                "name": "thread_name", "ph": "M", "pid": THREADS, "tid": index, "args": {"name": thread.name},
            }));
        }
        for (index, row) in rows.iter().enumerate() {
            let (Some(start), Some(end)) = (row.start, row.end) else {
                continue;
            };
            let name = format!("cat {index}");
            events.push(json!({"name": "thread_name", "ph": "M", "pid": DOWNLOADS, "tid": index, "args": {"name": name}}));
            events.push(json!({
                "name": name,
                "cat": "download",
                "ph": "X",
                "ts": micros(start),
                "dur": micros(end.saturating_sub(start)),
                "pid": DOWNLOADS,
                "tid": index,
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
                    "pid": DOWNLOADS,
                    "tid": index,
                }));
            }
        }
        for wait in &log.waits {
            let Polled::Download(n) = wait.polled else { continue };
            let Some(&cat) = cats.get(n as usize) else { continue };
            events.push(json!({
                "name": "waiting for a thread",
                "cat": "wait",
                "ph": "X",
                "ts": micros(wait.woken),
                "dur": micros(wait.waited),
                "pid": DOWNLOADS,
                "tid": cat,
            }));
        }
        for poll in &log.polls {
            events.push(json!({
                "name": name_of(poll.polled),
                "cat": "poll",
                "ph": "X",
                "ts": micros(poll.start),
                "dur": micros(poll.duration),
                "pid": THREADS,
                "tid": poll.thread,
            }));
        }
        let stalls = log.stalls.iter().map(|stall| (crate::polls::slice_name(stall.spent.declared()), stall));
        let preempted = log.preempted.iter().map(|poll| ("preempted", poll));
        for (name, stall) in stalls.chain(preempted) {
            events.push(json!({
                "name": name,
                "cat": "stall",
                "ph": "X",
                "ts": micros(stall.start),
                "dur": micros(stall.duration),
                "pid": THREADS,
                "tid": stall.thread,
                "args": {"polled": name_of(stall.polled)},
            }));
        }
        json!({ "traceEvents": events, "displayTimeUnit": "ms" })
    }

    /// `--timeline`: the chart, its legend and the verdicts, as the lines to print. `jobs` is the run's
    /// `--jobs`.
    pub fn show(&self, executor: ExecutorKind, report: &Report, jobs: usize) -> Vec<String> {
        let chart = self.chart(self.elapsed(), 50, &legend(executor, report));
        let verdicts = self.verdicts(jobs).into_iter().flat_map(|line| wrapped("", &line, COLUMNS));
        chart.lines().map(str::to_owned).chain(verdicts).collect()
    }

    /// The Chrome trace (`--trace`), as the file's text.
    pub fn trace_file(&self) -> String {
        text::json_for_output(&self.chrome_trace().to_string()).into_owned()
    }

    /// For code that is not catfetch's, which reports no events (see `watch.rs`): download `cat` began
    /// now (`began`), or ended now; either way it was on the current thread.
    pub(crate) fn note(&self, cat: usize, began: bool) {
        self.update(cat, |row, now| {
            if began {
                row.start.get_or_insert(now);
                row.attempts = 1;
            } else {
                row.first_byte.get_or_insert(now);
                row.end = Some(now);
            }
        });
    }

    /// Updates cat `cat`'s row with `change` (given the time now), noting the current thread as one that
    /// polled it.
    fn update(&self, cat: usize, change: impl FnOnce(&mut Row, Duration)) {
        let now = self.origin.elapsed();
        let current = std::thread::current();
        let thread = current.name().unwrap_or("unnamed");
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(row) = rows.get_mut(cat) else { return };
        if !row.threads.iter().any(|t| t == thread) {
            row.threads.push(thread.to_owned());
        }
        change(row, now);
    }

    /// What happened (see `verdicts.rs`).
    pub fn findings(&self, jobs: usize) -> Vec<Finding> {
        findings(&self.rows(), &self.polls.log(), jobs)
    }

    /// What happened, in a few plain lines (see `verdicts.rs`).
    pub fn verdicts(&self, jobs: usize) -> Vec<String> {
        self.findings(jobs).iter().map(Finding::text).collect()
    }
}

/// The trace's process ids: the downloads' lanes, and the polling threads' lanes.
const DOWNLOADS: u32 = 1;
const THREADS: u32 = 2;

/// What a thread did in one column of the chart, from least to most telling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Idle,
    Gather,
    Cat(usize),
    Several,
    Stall,
}

impl Mark {
    /// Both this and `other` happened in the column: the more telling one shows.
    fn and(self, other: Mark) -> Mark {
        match (self, other) {
            (Mark::Cat(a), Mark::Cat(b)) if a != b => Mark::Several,
            (Mark::Stall, _) | (_, Mark::Stall) => Mark::Stall,
            (Mark::Several, _) | (_, Mark::Several) => Mark::Several,
            (Mark::Cat(cat), _) | (_, Mark::Cat(cat)) => Mark::Cat(cat),
            (Mark::Gather, _) | (_, Mark::Gather) => Mark::Gather,
            (Mark::Idle, Mark::Idle) => Mark::Idle,
        }
    }

    fn glyph(self) -> char {
        match self {
            Mark::Idle => ' ',
            Mark::Gather => 'g',
            Mark::Cat(cat) => char::from_digit((cat % 10) as u32, 10).unwrap_or('?'),
            Mark::Several => '*',
            Mark::Stall => '!',
        }
    }
}

/// The note under every legend: who does what besides polling.
pub const LEGEND_NOTE: &str =
    "(the polling threads also read the sockets; the blocking pool writes the files unless --writes inline)";

/// The legend's first line: who polled, and how much came in how long.
pub fn legend_headline(executor: ExecutorKind, report: &Report) -> String {
    format!(
        "executor {executor} ({}); {} cats, {} in {} ms",
        executor.polling_threads_text(),
        report.totals.requested,
        text::human_bytes(report.totals.bytes),
        report.totals.elapsed_ms,
    )
}

/// The chart's legend for a terminal: the headline, then the note wrapped to fit a projector.
pub fn legend(executor: ExecutorKind, report: &Report) -> String {
    format!("{}\n{}", legend_headline(executor, report), text::wrap(LEGEND_NOTE, 80))
}

impl Observer for Timeline {
    fn on_event(&self, cat: usize, event: &Event<'_>) {
        if let Event::Renamed { .. } | Event::Queued { .. } = event {
            return; // sent while the run is planned, before the download exists: not part of its row
        }
        self.update(cat, |row, now| match event {
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
            Event::Skipped { .. } => row.skipped = true,
            Event::Redirected { .. }
            | Event::Retrying { .. }
            | Event::Renamed { .. }
            | Event::Queued { .. }
            | Event::Started
            | Event::Retyped { .. } => {}
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::polls::Cause;
    use std::path::Path;

    fn sample() -> Timeline {
        let timeline = Timeline::new(2, crate::polls::DEFAULT_STALL);
        timeline.on_event(0, &Event::Attempt { attempt: 1 });
        timeline.on_event(0, &Event::Response { status: 200, content_type: None });
        timeline.on_event(0, &Event::Bytes(1000));
        timeline.on_event(0, &Event::Saved { path: Path::new("cats/0.jpg"), bytes: 1000, writes: 1 });
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

    const STALL: Duration = Duration::from_millis(50);

    /// Two cats; on a thread named `poller`, cat 0 is polled quickly and cat 1 once with a 150 ms write
    /// (the other cat is kept by --skip-existing, so the downloads are numbered 0 and 1 but are cats 0 and 2).
    fn with_a_stall() -> Timeline {
        let timeline = Timeline::new(3, STALL);
        timeline.on_event(1, &Event::Skipped { path: Path::new("cats/1.jpg"), bytes: 10 });
        for cat in [0, 2] {
            timeline.on_event(cat, &Event::Attempt { attempt: 1 });
        }
        let polls = timeline.polls();
        let quick = polls.record(Polled::Download(0), async {});
        let slow = polls.record(
            Polled::Download(1),
            std::future::poll_fn(|_| {
                catfetch_core::probe::measure(Cause::Write, || std::thread::sleep(STALL * 3));
                std::task::Poll::Ready(())
            }),
        );
        std::thread::Builder::new()
            .name("poller".into())
            .spawn(move || {
                // Apart by an idle while, so that the chart draws them in different columns.
                futures_lite::future::block_on(quick);
                std::thread::sleep(STALL * 2);
                futures_lite::future::block_on(slow);
            })
            .unwrap()
            .join()
            .unwrap();
        for cat in [0, 2] {
            timeline.on_event(cat, &Event::Saved { path: Path::new("cats/x.jpg"), bytes: 10, writes: 1 });
        }
        timeline
    }

    #[test]
    fn each_polling_thread_gets_a_row_with_the_cats_it_polled_and_the_stall_on_both_rows() {
        let timeline = with_a_stall();
        let chart = timeline.chart(timeline.elapsed(), 40, "legend");
        let lines: Vec<&str> = chart.lines().collect();
        assert!(lines[0].starts_with("cat 0  |") && !lines[0].contains('!'), "{chart}");
        assert!(lines[2].starts_with("cat 2  |") && lines[2].contains('!'), "the stalled cat: {chart}");
        let thread = lines[3];
        assert!(thread.starts_with("poller |"), "{chart}");
        assert!(
            thread.contains('!') && thread.contains("| 2 polls, busy 1") && thread.ends_with(", 1 stall"),
            "{chart}"
        );
        // The quick poll of cat 0 came first, then the thread was idle, then the stall. (On a busy machine
        // the thread may start a column or more after the chart does.)
        let bar = thread.split('|').nth(1).unwrap().trim();
        let (first, rest) = bar.split_at(1);
        assert_eq!(first, "0", "{chart}");
        assert!(rest.starts_with(' ') && rest.trim_start().chars().all(|c| c == '!'), "{chart}");
        assert!(chart.contains("! a stall (a poll over 50 ms)"), "the legend explains the glyphs: {chart}");
    }

    #[test]
    fn the_trace_has_a_lane_per_polling_thread_with_its_polls_and_stalls() {
        let trace = with_a_stall().chrome_trace();
        let events = trace["traceEvents"].as_array().unwrap();
        let lane = events
            .iter()
            .find(|e| e["name"] == "thread_name" && e["args"]["name"] == "poller")
            .expect("a lane named after the thread");
        let (pid, tid) = (&lane["pid"], &lane["tid"]);
        let on_lane: Vec<&Value> =
            events.iter().filter(|e| e["ph"] == "X" && &e["pid"] == pid && &e["tid"] == tid).collect();
        let names: Vec<&str> = on_lane.iter().map(|e| e["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["cat 0", "cat 2", "stall (write)"], "{on_lane:#?}");
        let stall = on_lane[2];
        assert_eq!(stall["args"]["polled"], "cat 2");
        assert!(stall["dur"].as_f64().unwrap() >= (STALL * 3).as_micros() as f64, "{stall}");
        // The downloads have lanes of their own, in another process.
        let downloads: Vec<&Value> = events.iter().filter(|e| e["cat"] == "download").collect();
        assert_eq!(downloads.len(), 2);
        assert!(downloads.iter().all(|e| &e["pid"] != pid));
    }
}
