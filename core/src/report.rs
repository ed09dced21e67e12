//! What the user sees: the per-cat report (and its `--json` form), the summary line, error lines,
//! `--verbose` lines and the progress bar.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::events::{Event, Observer};
use crate::gather::Ending;
use crate::sink::Writes;
use crate::text;

/// How one cat ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Downloaded and saved under `path`.
    Saved,
    /// Gave up (see `error`).
    Failed,
    /// Stopped before finishing because another cat failed (fail-fast) or the run was interrupted.
    Cancelled,
    /// Not fetched: `--skip-existing` found `path` already there.
    Skipped,
}

/// One cat in the report. Fields that do not apply are `null` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatReport {
    /// 0-based index (the file is named after it, unless `--unique` names it by cat id).
    pub index: usize,
    /// The URL this cat was requested from.
    pub url: String,
    /// How it ended.
    pub outcome: Outcome,
    /// The saved (or kept) file.
    pub path: Option<PathBuf>,
    /// Size of the saved file in bytes.
    pub bytes: Option<u64>,
    /// Content-Type the server sent.
    pub content_type: Option<String>,
    /// Final HTTP status received.
    pub status: Option<u16>,
    /// Attempts made (1 = no retry).
    pub attempts: Option<u32>,
    /// Milliseconds from the start of this download to its end.
    pub elapsed_ms: Option<u64>,
    /// Why it failed.
    pub error: Option<String>,
    /// `write(2)` calls its file took; one file's writes run in order, whoever makes them.
    pub writes: Option<u64>,
}

/// Totals over the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Cats asked for (`--count`).
    pub requested: usize,
    /// Cats saved in this run.
    pub saved: usize,
    /// Cats that failed.
    pub failed: usize,
    /// Cats cancelled before finishing.
    pub cancelled: usize,
    /// Cats skipped because they were already there.
    pub skipped: usize,
    /// Bytes saved in this run.
    pub bytes: u64,
    /// Wall time of the whole run in milliseconds.
    pub elapsed_ms: u64,
    /// Bytes saved per second of wall time, in MiB/s.
    pub mib_per_s: f64,
    /// `write(2)` calls into the temp files (W), by whichever thread made them (`--writes`).
    pub writes: u64,
}

/// The whole run: what `--json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The URL every cat was requested from.
    pub url: String,
    /// The output directory.
    pub out_dir: PathBuf,
    /// One entry per cat, in index order.
    pub cats: Vec<CatReport>,
    /// Sums over `cats`.
    pub totals: Totals,
    /// True when the run was stopped by a signal before finishing.
    pub interrupted: bool,
}

/// Each cat's story so far, as its [`Event`]s tell it: what the report is made of.
///
/// An observer like the others, so the report never depends on who polled what: `run` keeps one, and the
/// edge may keep its own to report a run it had to stop without waiting for it (`main.rs`). A cat counts
/// as saved from the moment its file takes its final name ([`Event::Saved`]), whatever happens to its
/// download afterwards: the report matches the disk. A cat neither saved, failed nor skipped when the
/// report is made was cancelled.
#[derive(Debug, Default)]
pub struct Ledger {
    cats: Mutex<Vec<Entry>>,
}

/// One cat in the [`Ledger`].
#[derive(Debug, Default)]
struct Entry {
    url: String,
    started: Option<Instant>,
    ended: Option<Instant>,
    outcome: Option<Outcome>,
    path: Option<PathBuf>,
    bytes: Option<u64>,
    content_type: Option<String>,
    status: Option<u16>,
    attempts: Option<u32>,
    error: Option<String>,
    writes: Option<u64>,
}

impl Ledger {
    /// An empty ledger; cats are entered as their events come.
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// Has cat `cat` neither been saved, failed nor skipped yet?
    pub fn is_open(&self, cat: usize) -> bool {
        let cats = self.cats.lock().unwrap_or_else(PoisonError::into_inner);
        cats.get(cat).is_none_or(|entry| entry.outcome.is_none())
    }

    /// Every cat entered so far, in index order, as the report shows it now.
    pub fn cats(&self) -> Vec<CatReport> {
        let cats = self.cats.lock().unwrap_or_else(PoisonError::into_inner);
        (cats.iter().enumerate())
            .map(|(index, entry)| {
                let outcome = entry.outcome.unwrap_or(Outcome::Cancelled);
                let cancelled = outcome == Outcome::Cancelled;
                let elapsed = match (entry.started, entry.ended) {
                    (Some(started), Some(ended)) => Some(whole_ms(ended.duration_since(started))),
                    _ => None,
                };
                CatReport {
                    index,
                    url: entry.url.clone(),
                    outcome,
                    path: entry.path.clone(),
                    bytes: entry.bytes,
                    // A cancelled cat's answer was never judged: only what ended a cat is reported.
                    content_type: entry.content_type.clone().filter(|_| !cancelled),
                    status: entry.status.filter(|_| !cancelled),
                    attempts: entry.attempts.filter(|_| !cancelled),
                    elapsed_ms: elapsed,
                    error: entry.error.clone(),
                    writes: entry.writes,
                }
            })
            .collect()
    }
}

impl Observer for Ledger {
    fn on_event(&self, cat: usize, event: &Event<'_>) {
        let mut cats = self.cats.lock().unwrap_or_else(PoisonError::into_inner);
        if cats.len() <= cat {
            cats.resize_with(cat + 1, Entry::default);
        }
        let entry = &mut cats[cat];
        match event {
            Event::Queued { url } => entry.url = text::redacted(url),
            Event::Started => entry.started = Some(Instant::now()),
            Event::Attempt { attempt } => entry.attempts = Some(*attempt),
            Event::Response { status, content_type } => {
                entry.status = Some(*status);
                entry.content_type = content_type.map(str::to_owned);
            }
            Event::Saved { path, bytes, writes } => {
                entry.outcome = Some(Outcome::Saved);
                entry.path = Some(path.to_path_buf());
                entry.bytes = Some(*bytes);
                entry.writes = Some(*writes);
                entry.ended = Some(Instant::now());
            }
            Event::Failed { error } => {
                entry.error = Some(error.to_string());
                // A file already in place stays saved: the failure came after (`--fsync`'s flush of
                // the directory), and the report says what is on disk.
                if entry.outcome != Some(Outcome::Saved) {
                    entry.outcome = Some(Outcome::Failed);
                    entry.ended = Some(Instant::now());
                }
            }
            Event::Skipped { path, bytes } => {
                entry.outcome = Some(Outcome::Skipped);
                entry.path = Some(path.to_path_buf());
                entry.bytes = Some(*bytes);
            }
            Event::Renamed { .. }
            | Event::Redirected { .. }
            | Event::Bytes(_)
            | Event::Retrying { .. }
            | Event::Retyped { .. } => {}
        }
    }
}

impl Report {
    /// Assembles the report from the per-cat lines (in index order), the run's wall time and its count of
    /// writes to disk.
    pub fn new(
        url: String,
        out_dir: PathBuf,
        cats: Vec<CatReport>,
        elapsed: Duration,
        ending: Ending,
        writes: u64,
    ) -> Report {
        let count = |outcome| cats.iter().filter(|c| c.outcome == outcome).count();
        let bytes = cats.iter().filter(|c| c.outcome == Outcome::Saved).filter_map(|c| c.bytes).sum::<u64>();
        let secs = elapsed.as_secs_f64();
        let totals = Totals {
            requested: cats.len(),
            saved: count(Outcome::Saved),
            failed: count(Outcome::Failed),
            cancelled: count(Outcome::Cancelled),
            skipped: count(Outcome::Skipped),
            bytes,
            elapsed_ms: whole_ms(elapsed),
            mib_per_s: if secs > 0.0 { bytes as f64 / MIB / secs } else { 0.0 },
            writes,
        };
        Report { url, out_dir, cats, totals, interrupted: ending == Ending::Stopped }
    }

    /// One line per failed cat, in index order: `catfetch: cat 3 (https://...): HTTP 404 Not Found`.
    /// An error may quote what a server sent: print the lines made safe for a terminal (`text::for_terminal`), as the binary does.
    pub fn error_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.cats.iter().filter_map(move |cat| {
            let error = cat.error.as_deref()?;
            Some(format!("catfetch: cat {} ({}): {error}", cat.index, cat.url))
        })
    }

    /// The one-line summary, e.g. `Saved 10 cats (1.2 MiB) in 0.42 s (2.9 MiB/s) into cats/`.
    pub fn summary(&self) -> String {
        let t = &self.totals;
        let cats = |n: usize| if n == 1 { "cat" } else { "cats" };
        let saved = if t.saved == t.requested {
            format!("Saved {} {}", t.saved, cats(t.saved))
        } else {
            format!("Saved {} of {} {}", t.saved, t.requested, cats(t.requested))
        };
        let mut line = format!(
            "{saved} ({}) in {:.2} s ({:.1} MiB/s) into {}",
            text::human_bytes(t.bytes),
            t.elapsed_ms as f64 / 1000.0,
            t.mib_per_s,
            dir_display(&self.out_dir)
        );
        for (n, what) in
            [(t.skipped, "skipped (already there)"), (t.failed, "failed"), (t.cancelled, "cancelled")]
        {
            if n > 0 {
                line.push_str(&format!(", {n} {what}"));
            }
        }
        line
    }

    /// Who wrote the files and how often, for the teaching knobs: e.g. `catfetch: 40 writes to disk, on
    /// the blocking pool (--writes async-fs), each made 20 ms slower by --disk-delay`.
    pub fn writes_line(&self, writes: Writes, disk_delay: Duration) -> String {
        let n = self.totals.writes;
        let who = match writes {
            Writes::AsyncFs => "on the blocking pool",
            Writes::Inline => "on the polling threads",
        };
        let writes_to_disk = text::plural(usize::try_from(n).unwrap_or(usize::MAX), "write");
        let mut line = format!("catfetch: {writes_to_disk} to disk, {who} (--writes {writes})");
        if !disk_delay.is_zero() {
            line.push_str(&format!(", each made {} ms slower by --disk-delay", disk_delay.as_millis()));
        }
        line
    }
}

const MIB: f64 = 1024.0 * 1024.0;

fn whole_ms(d: Duration) -> u64 {
    d.as_millis().try_into().unwrap_or(u64::MAX)
}

/// `cats/`: a directory shown with its trailing slash.
fn dir_display(dir: &Path) -> String {
    let shown = dir.display().to_string();
    if shown.ends_with('/') {
        shown
    } else {
        shown + "/"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CatError;
    use std::path::Path;

    /// Four cats as their events tell them: saved, failed (404), cancelled, skipped.
    fn ledger() -> Ledger {
        let ledger = Ledger::new();
        let url: surf::Url = "http://x/cat".parse().unwrap();
        for cat in 0..4 {
            ledger.on_event(cat, &Event::Queued { url: &url });
        }
        for cat in 0..3 {
            ledger.on_event(cat, &Event::Started);
            ledger.on_event(cat, &Event::Attempt { attempt: 1 });
        }
        ledger.on_event(0, &Event::Response { status: 200, content_type: Some("image/jpeg") });
        ledger.on_event(0, &Event::Saved { path: Path::new("cats/0.jpg"), bytes: 1024 * 1024, writes: 3 });
        ledger.on_event(1, &Event::Attempt { attempt: 2 });
        ledger.on_event(1, &Event::Response { status: 404, content_type: Some("text/html; charset=utf-8") });
        let error = CatError::Status { code: 404, reason: "Not Found".into(), retry_after: None };
        ledger.on_event(1, &Event::Failed { error: &error });
        ledger.on_event(2, &Event::Response { status: 200, content_type: Some("image/png") });
        ledger.on_event(3, &Event::Skipped { path: Path::new("cats/3.png"), bytes: 10 });
        ledger
    }

    fn sample() -> Report {
        let cats = ledger().cats();
        Report::new(
            "http://x/cat".into(),
            "cats".into(),
            cats,
            Duration::from_millis(500),
            Ending::FailedFast,
            7,
        )
    }

    #[test]
    fn the_ledger_reports_each_cat_as_its_events_tell_it() {
        let cats = ledger().cats();
        assert_eq!(cats.len(), 4);
        assert!(cats.iter().all(|cat| cat.url == "http://x/cat"), "{cats:?}");
        let saved = &cats[0];
        assert_eq!(saved.outcome, Outcome::Saved);
        assert_eq!(
            (saved.path.as_deref(), saved.bytes, saved.writes),
            (Some(Path::new("cats/0.jpg")), Some(1024 * 1024), Some(3))
        );
        assert_eq!(
            (saved.status, saved.content_type.as_deref(), saved.attempts),
            (Some(200), Some("image/jpeg"), Some(1))
        );
        assert!(saved.elapsed_ms.is_some());
        // A failed cat reports what the server sent too: its status and its Content-Type.
        let failed = &cats[1];
        assert_eq!(failed.outcome, Outcome::Failed);
        assert_eq!(
            (failed.status, failed.content_type.as_deref()),
            (Some(404), Some("text/html; charset=utf-8"))
        );
        assert_eq!((failed.attempts, failed.error.as_deref()), (Some(2), Some("HTTP 404 Not Found")));
        // A cancelled cat's answer was never judged: nothing but its place and URL.
        let cancelled = &cats[2];
        assert_eq!(cancelled.outcome, Outcome::Cancelled);
        assert_eq!(
            (cancelled.status, cancelled.content_type.as_ref(), cancelled.attempts),
            (None, None, None)
        );
        assert_eq!((cats[3].outcome, cats[3].bytes), (Outcome::Skipped, Some(10)));
    }

    #[test]
    fn a_cat_whose_file_took_its_name_stays_saved_whatever_fails_after() {
        let ledger = ledger();
        // --fsync's flush of the directory, after the rename: the file is there under its name.
        let error = CatError::Disk("cannot save cats/0.jpg: Input/output error".into());
        ledger.on_event(0, &Event::Failed { error: &error });
        let cat = &ledger.cats()[0];
        assert_eq!(cat.outcome, Outcome::Saved);
        assert_eq!(cat.error.as_deref(), Some("cannot save cats/0.jpg: Input/output error"));
        assert!(!ledger.is_open(0) && !ledger.is_open(1) && ledger.is_open(2) && !ledger.is_open(3));
        assert!(ledger.is_open(9), "a cat never entered has not ended");
    }

    #[test]
    fn totals_count_each_outcome_and_only_bytes_saved_now() {
        let report = sample();
        let t = &report.totals;
        assert_eq!((t.requested, t.saved, t.failed, t.cancelled, t.skipped), (4, 1, 1, 1, 1));
        assert_eq!(t.bytes, 1024 * 1024);
        assert_eq!(t.mib_per_s, 2.0);
        assert_eq!(t.writes, 7);
        assert!(!report.interrupted);
    }

    #[test]
    fn the_writes_line_says_who_wrote_and_how_slow_the_disk_was_made() {
        let report = sample();
        assert_eq!(
            report.writes_line(Writes::AsyncFs, Duration::ZERO),
            "catfetch: 7 writes to disk, on the blocking pool (--writes async-fs)"
        );
        assert_eq!(
            report.writes_line(Writes::Inline, Duration::from_millis(20)),
            "catfetch: 7 writes to disk, on the polling threads (--writes inline), each made 20 ms slower by \
             --disk-delay"
        );
    }

    #[test]
    fn the_summary_is_one_readable_line() {
        assert_eq!(
            sample().summary(),
            "Saved 1 of 4 cats (1.00 MiB) in 0.50 s (2.0 MiB/s) into cats/, \
             1 skipped (already there), 1 failed, 1 cancelled"
        );
    }

    #[test]
    fn failures_are_listed_one_line_each_in_index_order() {
        let lines: Vec<String> = sample().error_lines().collect();
        assert_eq!(lines, ["catfetch: cat 1 (http://x/cat): HTTP 404 Not Found"]);
    }

    #[test]
    fn the_json_report_names_every_field_and_round_trips() {
        let report = sample();
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["cats"][0]["outcome"], "saved");
        assert_eq!(json["cats"][0]["path"], "cats/0.jpg");
        assert_eq!(json["cats"][1]["error"], "HTTP 404 Not Found");
        assert_eq!(json["cats"][1]["status"], 404);
        assert_eq!(json["cats"][2]["outcome"], "cancelled");
        assert_eq!(json["cats"][2]["attempts"], serde_json::Value::Null);
        assert_eq!(json["cats"][3]["outcome"], "skipped");
        assert_eq!(json["totals"]["saved"], 1);
        assert_eq!(json["totals"]["writes"], 7);
        let back: Report = serde_json::from_value(json).unwrap();
        assert_eq!(back, report);
    }
}
