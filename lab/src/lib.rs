//! catfetch's lab: what watches the core download cats, and what it shows.
//!
//! The core (`catfetch-core`) downloads; this crate observes it through the core's own hooks, an
//! [`Observer`](catfetch_core::Observer) of its events and the [`probe`](catfetch_core::probe) of its work,
//! and never the other way round. Renderers take recorded data and return text or HTML; printing and
//! writing files happen at the edge (the `catfetch` binary).
//!
//! | concept | file |
//! |---|---|
//! | the executors compared: names, threads, order | `executors.rs` |
//! | every poll recorded: which thread, how long, stalls and their cause | `polls.rs` |
//! | what the OS counts: thread CPU time, context switches, others' CPU | `clocks.rs` |
//! | the recorded run: a row per cat, and the polls | `recording.rs` |
//! | the download timeline: chart and Chrome trace | `timeline.rs` |
//! | what happened, as findings and in plain lines: overlap, peak in flight, stalls | `verdicts.rs` |
//! | `catfetch compare`: every executor on one job, beside a model | `compare.rs` |
//! | `catfetch scale`: memory, threads, switches, CPU as N grows, a child process per run (Linux) | `scale/` |
//! | self-contained HTML pages: escaped by construction, inline SVG plots | `html/` |
//! | chart axes, linear or log, for terminal charts and HTML plots | `axis.rs` |
//! | watching hand-written download code (the lesson's find-the-bug examples) | `watch.rs` |

#![warn(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks)]

// Public: what the edge runs and prints (compare, scale, the timeline, the pages) and the poll recording
// the edge's executors install. The data in between is the lab's own.
mod axis;
mod clocks;
pub mod compare;
pub mod executors;
pub mod html;
pub mod polls;
mod recording;
#[cfg(target_os = "linux")]
pub mod scale;
pub mod timeline;
mod verdicts;
pub mod watch;

pub use executors::ExecutorKind;
pub use watch::Watch;
