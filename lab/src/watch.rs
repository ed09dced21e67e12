//! Watching download code that is not catfetch's: the lesson's find-the-bug programs (`examples/`) wrap
//! each of their downloads with [`Watch::cat`], run them however they like, and print [`Watch::report`]:
//! the chart and the findings `--timeline` shows for catfetch's own runs, from the same recorder (every
//! poll, every wait for a thread, every stall).
//!
//! # Examples
//!
//! ```
//! use std::time::Duration;
//!
//! use catfetch_lab::Watch;
//! use smol::Timer;
//!
//! let watch = Watch::new(3);
//! smol::block_on(async {
//!     for cat in 0..3 {
//!         // One after another: the report will say so.
//!         watch.cat(cat, Timer::after(Duration::from_millis(20))).await;
//!     }
//! });
//! let report = watch.report().join("\n");
//! assert!(report.contains("one after another: an await inside the loop?"), "{report}");
//! ```

use std::future::Future;
use std::sync::Arc;

use crate::polls::{Polled, Recorded, DEFAULT_STALL};
use crate::recording::{wrapped, COLUMNS};
use crate::timeline::Timeline;
use crate::verdicts::Finding;

/// The recorder for `cats` hand-written downloads, numbered `0..cats`. Cheap to clone: clones record into
/// the same timeline, so each task may own one.
#[derive(Clone)]
pub struct Watch {
    timeline: Arc<Timeline>,
    cats: usize,
}

impl Watch {
    /// A recorder for downloads `0..cats`; a poll over 10 ms is a stall, as in catfetch.
    pub fn new(cats: usize) -> Watch {
        let mut timeline = Timeline::new(cats, DEFAULT_STALL);
        timeline.counts_bytes = false;
        Watch { timeline: Arc::new(timeline), cats }
    }

    /// `download` as download `cat`: its polls and waits recorded, its row from its first poll to its end.
    /// Send and `'static` when `download` is, so it can be spawned.
    pub fn cat<F: Future>(&self, cat: usize, download: F) -> Recorded<impl Future<Output = F::Output>> {
        let timeline = self.timeline.clone();
        self.timeline.polls().record(Polled::Download(cat as u32), async move {
            timeline.note(cat, true);
            let output = download.await;
            timeline.note(cat, false);
            output
        })
    }

    /// The chart (a row per download, a row per thread that polled) and the findings, as lines of at
    /// most 100 columns.
    pub fn report(&self) -> Vec<String> {
        let legend = format!("{} downloads, watched", self.cats);
        let chart = self.timeline.chart(self.timeline.elapsed(), 50, &legend);
        // No `--jobs` here: how many were in flight at once is the overlap's to say.
        let findings = self.timeline.findings(self.cats).into_iter();
        let findings = findings.filter(|found| !matches!(found, Finding::Peak { .. }));
        let findings = findings.flat_map(|found| wrapped("", &found.text(), COLUMNS));
        chart.lines().map(str::to_owned).chain(findings).collect()
    }
}
