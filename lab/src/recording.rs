//! What a run recorded, as plain data: a row per cat (when it started, its first byte, its end, who polled
//! it) and every poll ([`Log`]). The timeline records it, the verdicts judge it, the chart, the trace and
//! the pages draw it: each reads this, none reads another.

use std::time::Duration;

use crate::polls::Log;

/// The widest line the lab prints: a projector's terminal, and a chart's 50 columns with labels.
pub const COLUMNS: usize = 100;

/// `text` as lines of at most `width` columns, the first after `first`, the rest after as many spaces
/// (two at least, so that a wrapped line reads as one): `first` is a label (an executor's name) or nothing.
pub fn wrapped(first: &str, text: &str, width: usize) -> Vec<String> {
    let indent = first.chars().count().max(2);
    let room = width.saturating_sub(indent).max(20);
    catfetch_core::text::wrap(text, room)
        .lines()
        .enumerate()
        .map(|(n, line)| if n == 0 { format!("{first}{line}") } else { format!("{:indent$}{line}", "") })
        .collect()
}

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
    /// Kept by `--skip-existing`: not downloaded.
    pub skipped: bool,
}

/// A copy of what a timeline recorded, to draw after the run (the HTML pages, `html/run_page.rs`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recording {
    /// One row per cat, by index.
    pub rows: Vec<Row>,
    /// Every poll and stall.
    pub log: Log,
    /// When the copy was taken, from the timeline's start: the end of the run.
    pub elapsed: Duration,
}

/// For each download handed to the executor (see `polls::Polled::Download`), its cat: `run` hands them over in
/// cat order, leaving out the cats `--skip-existing` kept.
pub(crate) fn downloads_to_cats(rows: &[Row]) -> Vec<usize> {
    rows.iter().enumerate().filter(|(_, row)| !row.skipped).map(|(index, _)| index).collect()
}

/// `0.8 ms`, `12 ms`: a duration short enough for a chart line.
pub fn format_ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}
