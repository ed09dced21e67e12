//! `catfetch --html FILE` and `catfetch compare --html FILE`: a run's timeline as one self-contained page.
//!
//! The same picture as `--timeline`, drawn to scale in SVG: a lane per download (waiting for the answer,
//! then first byte to end, its stalls, a mark if it failed) and a lane per polling thread (which download
//! each poll was of, and the stalls), on a time axis in milliseconds; then the summary and the verdicts.
//! Every shape's exact times are in its tooltip (an SVG `<title>`, shown on hover without script).
//!
//! For scripts and tests, each download lane carries `data-cat="INDEX"` (the JSON report's `index`), each
//! thread lane `data-thread="NAME"` (names unique within the run: `polls.rs` numbers repeated ones), and on
//! the compare page each run's block `data-run="EXECUTOR SETUP"`, all runs on one shared time axis.
//!
//! # Size
//!
//! Budget: [`BUDGET_BASE`] plus [`BUDGET_PER_DOWNLOAD`] per download, so a run of 1000 cats stays well
//! under 2 MiB and opens at once (a unit test checks it). A download lane costs a few hundred bytes; what
//! could grow without bound is the polls, so a thread lane draws at most one shape per pixel column, and
//! adjacent columns that polled the same thing merge into one shape. Up to [`MAX_LANES`] downloads every
//! one has its own lane; above that, each lane stands for a group of consecutive cats, and the page says so.

use std::time::Duration;

use super::plot::{label, num};
use super::{cell, row, table, Html, Page};
use crate::axis::Axis;
use crate::compare;
use crate::executors::ExecutorKind;
use crate::polls::Polled;
use crate::recording::{downloads_to_cats, format_ms, Recording};
use crate::timeline;
use crate::verdicts::{verdicts, Finding};
use catfetch_core::report::Report;
use catfetch_core::text;

/// A page's size budget: a fixed part (style, legend, axes, text)...
pub const BUDGET_BASE: usize = 64 * 1024;
/// ...and a part per download (its lane, and its share of the thread lanes).
pub const BUDGET_PER_DOWNLOAD: usize = 1536;
/// Up to this many downloads, each has its own lane; above it, lanes are groups of cats.
pub const MAX_LANES: usize = 2000;
/// Above [`MAX_LANES`] downloads, about this many grouped lanes are drawn.
const GROUPED_LANES: usize = 1000;

/// The drawing's width in SVG units (it scales to its box), the label column, and the right margin.
const WIDTH: f64 = 1100.0;
const LABELS: f64 = 130.0;
const RIGHT: f64 = 34.0;
/// Room above the lanes for the time axis' labels, and between the downloads and the threads.
const AXIS: f64 = 22.0;
const GAP: f64 = 26.0;

/// Cats' colours (a cat's transfer, and its polls on a thread lane), repeating: the tooltip names the cat.
const COLOURS: [&str; 8] =
    ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#e15759", "#9c755f", "#edc948"];

const STYLE: &str = r#"
svg.lanes { width: 100%; height: auto; display: block; font-size: 11px; }
svg.lanes text { fill: var(--muted); }
svg.lanes .grid { stroke: #e6e9ee; stroke-width: 1; }
svg.lanes .w { fill: #d3dae4; }
svg.lanes .s { fill: #c00000; }
svg.lanes .q { fill: #3b4252; }
svg.lanes .x { stroke: #c00000; stroke-width: 2; }
svg.lanes .several { fill: #8a8f98; }
svg.lanes .gather { fill: #c3c7cd; }
svg.lanes g.cat:hover rect, svg.lanes g.thread rect:hover { stroke: var(--ink); stroke-width: 1; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13px; margin: 6px 0 10px; }
.legend svg { display: inline-block; width: 22px; height: 12px; vertical-align: -1px; margin-right: 4px; }
.run { margin: 18px 0 30px; }
.run h3 { font-size: 16px; margin: 0 0 2px; }
.run p { margin: 2px 0; }
ul.verdicts { margin: 4px 0 8px; padding-left: 20px; }
"#;

/// The page of one download run.
pub fn run_page(recording: &Recording, report: &Report, executor: ExecutorKind, jobs: usize) -> Page {
    let mut page = Page::new("catfetch run");
    page.style(STYLE);
    let threads = executor.polling_threads_text();
    page.lead(Html::text(&format!(
        "{} cats from {} on executor {executor} ({threads}), at most {jobs} in flight; a poll over {} is a \
         stall.",
        report.totals.requested,
        text::hide_userinfo(&report.url),
        format_ms(recording.log.threshold),
    )));
    let mut summary = vec![paragraph(&report.summary())];
    // The terminal legend's two parts, each a paragraph here.
    summary.push(paragraph(&timeline::legend_headline(executor, report)));
    summary.push(paragraph(timeline::LEGEND_NOTE));
    page.section("Summary", summary);
    page.section("What happened", [verdict_list(&verdicts(&recording.rows, &recording.log, jobs))]);
    let errors: Vec<Option<String>> = report.cats.iter().map(|cat| cat.error.clone()).collect();
    let end = recording.elapsed.max(latest(recording));
    page.section("Timeline", [legend(), lanes(recording, &time_axis(end), &errors), notes(recording)]);
    let failed: Vec<Html> = report
        .cats
        .iter()
        .filter_map(|cat| {
            let error = cat.error.as_deref()?;
            let index = cat.index.to_string();
            Some(row(
                &[("class", "failed")],
                [
                    cell(&index, "num"),
                    cell(&text::hide_userinfo(&cat.url), ""),
                    cell(&text::hide_userinfo(error), "error"),
                ],
            ))
        })
        .collect();
    if !failed.is_empty() {
        page.section("Failed", [table(&[("cat", true), ("URL", false), ("error", false)], failed)]);
    }
    page
}

/// The page of `catfetch compare`: every run's timeline on one time axis, so that they line up.
pub fn compare_page(rows: &[compare::Row], count: usize, latency: Duration) -> Page {
    let mut page = Page::new("catfetch compare");
    page.style(STYLE);
    let end =
        rows.iter().map(|row| row.recording.elapsed.max(latest(&row.recording))).max().unwrap_or_default();
    page.lead(Html::text(&format!(
        "{count} cats per run from a local origin answering after {} ms, all in flight at once; every run \
         on the same time axis (0 to {} ms), so that they line up.",
        latency.as_millis(),
        end.as_millis()
    )));
    let summary = rows.iter().map(|r| {
        let name = r.name();
        row(
            &[("data-run", &name)],
            [
                cell(r.executor.name(), ""),
                cell(if r.setup.is_empty() { "default" } else { &r.setup }, ""),
                cell(&format!("{:.2} s", r.wall.as_secs_f64()), "num"),
                cell(&format!("{:.2} s", r.predicted.as_secs_f64()), "num"),
                cell(&format!("{} of {count}", r.saved), "num"),
                cell(&r.polled_by.len().to_string(), "num"),
                cell(&held_up(r), "num"),
                cell(&r.model_verdict(), ""),
            ],
        )
    });
    let headers = [
        ("executor", false),
        ("setup", false),
        ("wall", true),
        ("predicted", true),
        ("saved", true),
        ("polling threads", true),
        ("held up by stalls", true),
        ("model", false),
    ];
    page.section("Runs", [table(&headers, summary)]);
    let axis = time_axis(end);
    let mut blocks = vec![legend()];
    for r in rows {
        let name = r.name();
        blocks.push(Html::el(
            "div",
            &[("class", "run"), ("data-run", &name)],
            [
                Html::el("h3", &[], [Html::text(&name)]),
                paragraph(&run_line(r, count)),
                verdict_list(&r.findings.iter().map(Finding::text).collect::<Vec<_>>()),
                lanes(&r.recording, &axis, &[]),
                notes(&r.recording),
            ],
        ));
    }
    page.section("Timelines", blocks);
    page
}

/// Downloads held up by the run's stalls, and the longest wait: `3 (up to 300 ms)`, or `none`.
fn held_up(r: &compare::Row) -> String {
    match r.held_up() {
        (0, _) => "none".into(),
        (n, longest) => format!("{n} (up to {} ms)", longest.as_millis()),
    }
}

/// A compare run in one line: its wall time beside the model's prediction, and a busy machine if it was.
fn run_line(r: &compare::Row, count: usize) -> String {
    let threads = r.polled_by.len();
    let mut line = format!(
        "wall {:.2} s (predicted {:.2} s), {} of {count} saved, polled by {threads} thread{}",
        r.wall.as_secs_f64(),
        r.predicted.as_secs_f64(),
        r.saved,
        if threads == 1 { "" } else { "s" }
    );
    if let Some(others) = r.busy_machine() {
        line += &format!("; other processes used {others:.1} of {} cores meanwhile", catfetch_core::cores());
    }
    line
}

fn paragraph(line: &str) -> Html {
    Html::el("p", &[], [Html::text(line)])
}

fn verdict_list(lines: &[String]) -> Html {
    Html::el("ul", &[("class", "verdicts")], lines.iter().map(|line| Html::el("li", &[], [Html::text(line)])))
}

/// The latest moment anything was recorded: a page's time axis must reach it.
fn latest(recording: &Recording) -> Duration {
    let rows = recording.rows.iter().filter_map(|row| row.end.or(row.first_byte).or(row.start));
    let polls = recording.log.polls.iter().map(|poll| poll.start + poll.duration);
    let stalls = recording.log.stalls.iter().map(|stall| stall.end());
    rows.chain(polls).chain(stalls).max().unwrap_or_default()
}

/// A linear axis in milliseconds from 0 to a round number at or past `end`.
fn time_axis(end: Duration) -> Axis {
    Axis::fit(&[end.as_secs_f64() * 1000.0])
}

/// Where the time `at` falls, in SVG units.
fn x_of(axis: &Axis, at: Duration) -> f64 {
    LABELS + axis.position(at.as_secs_f64() * 1000.0) * (WIDTH - LABELS - RIGHT)
}

/// `201.3`: milliseconds with one decimal, for tooltips.
fn ms(at: Duration) -> String {
    format!("{:.1}", at.as_secs_f64() * 1000.0)
}

fn rect(
    class: &'static str,
    fill: Option<&str>,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    title: Option<&str>,
) -> Html {
    let [x, y, width, height] = [x, y, width.max(1.0), height].map(num);
    let mut attrs: Vec<(&'static str, &str)> =
        vec![("class", class), ("x", &x), ("y", &y), ("width", &width), ("height", &height)];
    if let Some(fill) = fill {
        attrs.push(("fill", fill));
    }
    match title {
        Some(title) => Html::el("rect", &attrs, [Html::el("title", &[], [Html::text(title)])]),
        None => Html::empty("rect", &attrs),
    }
}

/// The legend, as HTML above the drawing: a swatch and what it means.
fn legend() -> Html {
    let swatch = |shape: Html, text: &str| {
        Html::el(
            "span",
            &[],
            [Html::el("svg", &[("viewBox", "0 0 22 12"), ("class", "lanes")], [shape]), Html::text(text)],
        )
    };
    let bar = |class: &'static str, fill: Option<&str>| rect(class, fill, 0.0, 1.0, 22.0, 10.0, None);
    let cross = Html::empty("path", &[("class", "x"), ("d", "M6 1l10 10M16 1l-10 10")]);
    Html::el(
        "div",
        &[("class", "legend")],
        [
            swatch(bar("w", None), "waiting for the answer"),
            swatch(bar("t", Some(COLOURS[0])), "first byte to end (colour: the cat)"),
            swatch(bar("q", None), "ready, waiting for a thread to poll it"),
            swatch(bar("s", None), "a stall: a poll that held its thread"),
            swatch(cross, "failed"),
            swatch(bar("p", Some(COLOURS[1])), "thread lane: a poll of that cat"),
            swatch(bar("several", None), "several cats in one pixel"),
            swatch(bar("gather", None), "the gather (the job's own future)"),
        ],
    )
}

/// Notes under a drawing: polls counted but not kept, lanes grouped.
fn notes(recording: &Recording) -> Html {
    let mut lines = Vec::new();
    let count = recording.rows.len();
    if count > MAX_LANES {
        lines.push(format!(
            "{count} downloads: more than {MAX_LANES}, so each download lane is a group of {} consecutive cats \
             (earliest start to latest end; the tooltip gives the ranges).",
            group_size(count)
        ));
    }
    if recording.log.unkept > 0 {
        lines.push(format!("{} later polls counted, not drawn.", recording.log.unkept));
    }
    Html::join(lines.iter().map(|line| Html::el("p", &[("class", "muted")], [Html::text(line)])))
}

/// Cats per download lane: 1 up to [`MAX_LANES`], then enough for about [`GROUPED_LANES`] lanes.
fn group_size(count: usize) -> usize {
    if count <= MAX_LANES {
        1
    } else {
        count.div_ceil(GROUPED_LANES)
    }
}

/// The drawing: the axis, a lane per download (or group), a lane per polling thread. `errors[cat]` is that
/// cat's error, when known.
fn lanes(recording: &Recording, axis: &Axis, errors: &[Option<String>]) -> Html {
    let rows = &recording.rows;
    let log = &recording.log;
    let group = group_size(rows.len());
    let lanes = rows.len().div_ceil(group);
    let lane = match lanes {
        0..=60 => 14.0,
        61..=250 => 6.0,
        _ => 3.0,
    };
    let thread_lane = if log.threads.len() <= 60 { 14.0 } else { 4.0 };
    let downloads_top = AXIS;
    let threads_top = downloads_top + lane * lanes as f64 + GAP;
    let height = threads_top + thread_lane * log.threads.len() as f64 + AXIS;
    let cats = downloads_to_cats(rows);
    let cat_of = |polled: Polled| match polled {
        Polled::Download(n) => cats.get(n as usize).copied(),
        Polled::Gather => None,
    };

    let mut svg = Vec::new();
    for &tick in &axis.ticks {
        let x = LABELS + axis.position(tick) * (WIDTH - LABELS - RIGHT);
        svg.push(Html::empty(
            "line",
            &[
                ("class", "grid"),
                ("x1", &num(x)),
                ("y1", &num(AXIS - 4.0)),
                ("x2", &num(x)),
                ("y2", &num(height - AXIS + 4.0)),
            ],
        ));
        svg.push(label(x, AXIS - 8.0, "middle", &format!("{tick:.0} ms")));
        svg.push(label(x, height - 6.0, "middle", &format!("{tick:.0} ms")));
    }
    svg.push(label(4.0, AXIS - 8.0, "start", "downloads"));
    svg.push(label(4.0, threads_top - 8.0, "start", "polling threads"));

    // Each cat's stalls, to mark on its lane.
    let mut stalls: Vec<Vec<&crate::polls::Stall>> = vec![Vec::new(); rows.len()];
    for stall in &log.stalls {
        if let Some(cat) = cat_of(stall.polled) {
            stalls[cat].push(stall);
        }
    }
    // Each cat's waits for a thread (its scheduling delays), likewise.
    let mut waits: Vec<Vec<&crate::polls::Wait>> = vec![Vec::new(); rows.len()];
    for wait in &log.waits {
        if let Some(cat) = cat_of(wait.polled) {
            waits[cat].push(wait);
        }
    }
    // Labels every few lanes when lanes are too thin to label each.
    let label_every = (12.0 / lane).ceil() as usize;
    for (n, first) in (0..rows.len()).step_by(group).enumerate() {
        let y = downloads_top + lane * n as f64;
        let members = first..(first + group).min(rows.len());
        if n % label_every == 0 {
            let name = if group == 1 {
                format!("cat {first}")
            } else {
                format!("cats {}–{}", first, members.end - 1)
            };
            svg.push(label(LABELS - 6.0, y + lane.min(12.0) - 2.0, "end", &name));
        }
        let body = if group == 1 {
            download_lane(
                first,
                &rows[first],
                (&stalls[first], &waits[first]),
                errors.get(first).and_then(Option::as_ref),
                axis,
                y,
                lane,
            )
        } else {
            group_lane(members, rows, axis, y, lane)
        };
        svg.push(body);
    }
    for (index, thread) in log.threads.iter().enumerate() {
        let y = threads_top + thread_lane * index as f64;
        if thread_lane >= 10.0 || index % 3 == 0 {
            let name: String = thread.name.chars().take(20).collect();
            svg.push(label(LABELS - 6.0, y + thread_lane.min(12.0) - 2.0, "end", &name));
        }
        svg.push(thread_lane_of(recording, index, &cat_of, axis, y, thread_lane));
    }
    let view_box = format!("0 0 {WIDTH} {}", num(height));
    Html::el(
        "svg",
        &[
            ("class", "lanes"),
            ("viewBox", &view_box),
            ("role", "img"),
            ("aria-label", "timeline: downloads and polling threads"),
        ],
        svg,
    )
}

/// One download's lane: waiting, then first byte to end, its waits for a thread, its stalls, a cross if
/// it failed.
fn download_lane(
    cat: usize,
    row: &timeline::Row,
    (stalls, waits): (&[&crate::polls::Stall], &[&crate::polls::Wait]),
    error: Option<&String>,
    axis: &Axis,
    y: f64,
    lane: f64,
) -> Html {
    let height = (lane - 1.0).max(1.0);
    // A plain bar on this lane from one moment to another.
    let span = |class, from: Duration, to: Duration| {
        rect(class, None, x_of(axis, from), y, x_of(axis, to) - x_of(axis, from), height, None)
    };
    let colour = COLOURS[cat % COLOURS.len()];
    let mut title = format!("cat {cat}: ");
    let mut parts = Vec::new();
    match (row.start, row.end) {
        _ if row.skipped => title.push_str("skipped (already there)"),
        (Some(start), end) => {
            let first = row.first_byte;
            let waited_until = first.or(end).unwrap_or(start);
            title.push_str(&format!("waiting {}–{} ms", ms(start), ms(waited_until)));
            parts.push(rect(
                "w",
                None,
                x_of(axis, start),
                y,
                x_of(axis, waited_until) - x_of(axis, start),
                height,
                None,
            ));
            if let (Some(first), Some(end)) = (first, end) {
                title.push_str(&format!(", transfer {}–{} ms", ms(first), ms(end)));
                parts.push(rect(
                    "t",
                    Some(colour),
                    x_of(axis, first),
                    y,
                    x_of(axis, end) - x_of(axis, first),
                    height,
                    None,
                ));
            }
            if end.is_none() {
                title.push_str(", not finished");
            }
            title.push_str(&format!(", {}", text::human_bytes(row.bytes)));
            if row.attempts > 1 {
                title.push_str(&format!(", {} attempts", row.attempts));
            }
            if !row.threads.is_empty() {
                title.push_str(&format!(", polled by {}", row.threads.join(", ")));
            }
            for wait in waits {
                title.push_str(&format!(
                    "\nready, waited {} ms for a thread, {}–{} ms",
                    ms(wait.waited),
                    ms(wait.woken),
                    ms(wait.end())
                ));
                parts.push(span("q", wait.woken, wait.end()));
            }
            for stall in stalls {
                title.push_str(&format!(
                    "\n{} {} ms, {}–{} ms",
                    crate::polls::slice_name(stall.spent.declared()),
                    ms(stall.duration),
                    ms(stall.start),
                    ms(stall.end())
                ));
                parts.push(span("s", stall.start, stall.end()));
            }
            if row.failed {
                let x = x_of(axis, end.unwrap_or(start)) + 4.0;
                let d = format!(
                    "M{} {}l{} {}m0 -{}l-{} {}",
                    num(x),
                    num(y),
                    num(height),
                    num(height),
                    num(height),
                    num(height),
                    num(height)
                );
                parts.push(Html::empty("path", &[("class", "x"), ("d", &d)]));
            }
        }
        (None, _) => title.push_str("not started"),
    }
    if row.failed {
        title.push_str("\nfailed");
        if let Some(error) = error {
            title.push_str(": ");
            title.push_str(&text::hide_userinfo(error));
        }
    }
    let index = cat.to_string();
    let mut children = vec![Html::el("title", &[], [Html::text(&title)])];
    children.extend(parts);
    Html::el("g", &[("class", "cat"), ("data-cat", &index)], children)
}

/// A lane for several consecutive cats (past [`MAX_LANES`]): waiting from the earliest start to the earliest
/// first byte, then transfer to the latest end.
fn group_lane(
    members: std::ops::Range<usize>,
    rows: &[timeline::Row],
    axis: &Axis,
    y: f64,
    lane: f64,
) -> Html {
    let group = &rows[members.clone()];
    let range = |times: Vec<Duration>| -> Option<(Duration, Duration)> {
        Some((*times.iter().min()?, *times.iter().max()?))
    };
    let starts = range(group.iter().filter_map(|r| r.start).collect());
    let firsts = range(group.iter().filter_map(|r| r.first_byte).collect());
    let ends = range(group.iter().filter_map(|r| r.end).collect());
    let failed = group.iter().filter(|r| r.failed).count();
    let bytes: u64 = group.iter().map(|r| r.bytes).sum();
    let show = |what: &str, range: Option<(Duration, Duration)>| {
        range.map_or(String::new(), |(a, b)| format!(", {what} {}–{} ms", ms(a), ms(b)))
    };
    let title = format!(
        "cats {}–{}{}{}{}, {}, {failed} failed",
        members.start,
        members.end - 1,
        show("started", starts),
        show("first bytes", firsts),
        show("ended", ends),
        text::human_bytes(bytes)
    );
    let height = (lane - 1.0).max(1.0);
    let mut children = vec![Html::el("title", &[], [Html::text(&title)])];
    if let Some((start, _)) = starts {
        let split = firsts.map_or(start, |(first, _)| first);
        let end = ends.map_or(split, |(_, end)| end);
        children.push(rect(
            "w",
            None,
            x_of(axis, start),
            y,
            x_of(axis, split) - x_of(axis, start),
            height,
            None,
        ));
        let colour = COLOURS[(members.start / members.len()) % COLOURS.len()];
        children.push(rect(
            "t",
            Some(colour),
            x_of(axis, split),
            y,
            x_of(axis, end) - x_of(axis, split),
            height,
            None,
        ));
    }
    let range_attr = format!("{}-{}", members.start, members.end - 1);
    Html::el("g", &[("class", "cat"), ("data-cats", &range_attr)], children)
}

/// What one pixel column of a thread lane shows.
#[derive(Debug, Clone, PartialEq)]
struct Column {
    /// What was polled: the cat, several cats, or the gather (`None` and not `several`).
    cat: Option<usize>,
    several: bool,
    /// The first few cats polled in it, for the tooltip.
    cats: Vec<usize>,
    polls: u64,
    from: Duration,
    to: Duration,
}

impl Column {
    fn same_kind(&self, other: &Column) -> bool {
        self.cat == other.cat && self.several == other.several
    }
}

/// How many of a shape's cats its tooltip names.
const SHOWN_CATS: usize = 4;

/// Adds `cat` to `cats` if new, keeping one more than [`SHOWN_CATS`] (to know there are more).
fn note_cat(cats: &mut Vec<usize>, cat: Option<usize>) {
    if let Some(cat) = cat {
        if cats.len() <= SHOWN_CATS && !cats.contains(&cat) {
            cats.push(cat);
        }
    }
}

/// A polling thread's lane: its polls, one shape per run of pixel columns that polled the same thing, and
/// its stalls on top.
fn thread_lane_of(
    recording: &Recording,
    thread: usize,
    cat_of: &dyn Fn(Polled) -> Option<usize>,
    axis: &Axis,
    y: f64,
    lane: f64,
) -> Html {
    let log = &recording.log;
    let totals = &log.threads[thread];
    let width = (WIDTH - LABELS - RIGHT) as usize;
    let column_of = |at: Duration| ((x_of(axis, at) - LABELS) as usize).min(width - 1);
    let mut columns: Vec<Option<Column>> = vec![None; width];
    for poll in log.polls.iter().filter(|poll| poll.thread == thread) {
        let end = poll.start + poll.duration;
        let cat = cat_of(poll.polled);
        for slot in &mut columns[column_of(poll.start)..=column_of(end)] {
            match slot {
                None => {
                    let cats = cat.into_iter().collect();
                    *slot = Some(Column { cat, several: false, cats, polls: 1, from: poll.start, to: end })
                }
                Some(column) => {
                    column.polls += 1;
                    column.to = column.to.max(end);
                    column.from = column.from.min(poll.start);
                    note_cat(&mut column.cats, cat);
                    // Two cats in one pixel; a cat and the gather shows the cat.
                    match (column.cat, cat) {
                        (Some(a), Some(b)) if a != b => column.several = true,
                        (None, Some(_)) => column.cat = cat,
                        _ => {}
                    }
                }
            }
        }
    }
    // Merge adjacent columns of the same kind.
    let mut shapes: Vec<(usize, usize, Column)> = Vec::new();
    for (at, column) in columns.into_iter().enumerate() {
        let Some(column) = column else { continue };
        match shapes.last_mut() {
            Some((_, end, last)) if *end + 1 == at && last.same_kind(&column) => {
                *end = at;
                last.polls += column.polls;
                last.to = last.to.max(column.to);
                for cat in column.cats {
                    note_cat(&mut last.cats, Some(cat));
                }
            }
            _ => shapes.push((at, at, column)),
        }
    }
    let height = (lane - 1.0).max(1.0);
    let stalls = log.stalls.iter().filter(|stall| stall.thread == thread).count();
    let title = format!(
        "{}: {} polls, busy {}, longest {}{}",
        totals.name,
        totals.polls,
        format_ms(totals.busy),
        format_ms(totals.longest),
        match stalls {
            0 => String::new(),
            1 => ", 1 stall".into(),
            n => format!(", {n} stalls"),
        }
    );
    let mut children = vec![Html::el("title", &[], [Html::text(&title)])];
    for (first, last, column) in shapes {
        let x = LABELS + first as f64;
        let (class, fill, what) = match (column.several, column.cat) {
            (true, _) => {
                let mut names: Vec<String> =
                    column.cats.iter().take(SHOWN_CATS).map(usize::to_string).collect();
                if column.cats.len() > SHOWN_CATS {
                    names.push("...".into());
                }
                ("several", None, format!("cats {}", names.join(", ")))
            }
            (false, Some(cat)) => ("p", Some(COLOURS[cat % COLOURS.len()]), format!("cat {cat}")),
            (false, None) => ("gather", None, "the gather".to_owned()),
        };
        let tip = format!(
            "{}: {what}, {} poll{}, {}–{} ms",
            totals.name,
            column.polls,
            if column.polls == 1 { "" } else { "s" },
            ms(column.from),
            ms(column.to)
        );
        children.push(rect(class, fill, x, y, (last - first + 1) as f64, height, Some(&tip)));
    }
    for stall in log.stalls.iter().filter(|stall| stall.thread == thread) {
        let what = cat_of(stall.polled).map_or("the gather".to_owned(), |cat| format!("cat {cat}"));
        let tip = format!(
            "{} {} ms polling {what}, {}–{} ms",
            crate::polls::slice_name(stall.spent.declared()),
            ms(stall.duration),
            ms(stall.start),
            ms(stall.end())
        );
        let x = x_of(axis, stall.start);
        children.push(rect("s", None, x, y, x_of(axis, stall.end()) - x, height, Some(&tip)));
    }
    Html::el("g", &[("class", "thread"), ("data-thread", &totals.name)], children)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::polls::Cause;
    use crate::polls::{Log, PollRecord, Stall, ThreadPolls};
    use catfetch_core::report::{CatReport, Outcome, Totals};
    use std::path::PathBuf;

    /// `count` cats, each waiting ~200 ms then transferring a little, polled `polls` times each over
    /// `threads` threads, with one stall on cat 1.
    fn recording(count: usize, threads: usize, polls: usize) -> Recording {
        let at = |ms: f64| Duration::from_secs_f64(ms / 1000.0);
        let rows: Vec<timeline::Row> = (0..count)
            .map(|i| timeline::Row {
                start: Some(at(i as f64 * 0.05)),
                first_byte: Some(at(200.0 + (i % 37) as f64)),
                end: Some(at(205.0 + (i % 37) as f64)),
                bytes: 58_000,
                threads: vec![format!("smol-{}", i % threads)],
                failed: i == 2,
                attempts: 1,
                skipped: false,
            })
            .collect();
        let mut log = Log { threshold: Duration::from_millis(10), ..Log::default() };
        for t in 0..threads {
            log.threads.push(ThreadPolls { name: format!("smol-{t}"), polls: 1, ..ThreadPolls::default() });
        }
        for i in 0..count {
            for p in 0..polls {
                log.polls.push(PollRecord {
                    thread: i % threads,
                    polled: Polled::Download(i as u32),
                    start: at(i as f64 * 0.05 + p as f64 * 205.0 / polls as f64),
                    duration: at(0.01),
                });
            }
        }
        log.stalls.push(Stall {
            thread: 0,
            polled: Polled::Download(1),
            start: at(202.0),
            duration: at(15.0),
            spent: crate::polls::Spent::Declared(Cause::Write),
        });
        Recording { rows, log, elapsed: at(250.0) }
    }

    fn report(count: usize, url: &str, error: &str) -> Report {
        let cats = (0..count)
            .map(|index| {
                let failed = index == 2;
                CatReport {
                    index,
                    url: url.to_owned(),
                    outcome: if failed { Outcome::Failed } else { Outcome::Saved },
                    path: None,
                    bytes: None,
                    content_type: None,
                    status: None,
                    attempts: None,
                    elapsed_ms: None,
                    error: failed.then(|| error.to_owned()),
                    writes: None,
                }
            })
            .collect();
        Report {
            url: url.to_owned(),
            out_dir: PathBuf::from("cats"),
            cats,
            totals: Totals {
                requested: count,
                saved: count - 1,
                failed: 1,
                cancelled: 0,
                skipped: 0,
                bytes: 58_000 * count as u64,
                elapsed_ms: 250,
                mib_per_s: 1.0,
                writes: count as u64,
            },
            interrupted: false,
        }
    }

    fn render_run(count: usize, threads: usize, polls: usize) -> String {
        let report = report(count, "http://127.0.0.1:1/cat", "HTTP 500");
        run_page(&recording(count, threads, polls), &report, ExecutorKind::Smol { threads }, count).render()
    }

    #[test]
    fn a_run_page_has_a_lane_per_download_and_per_polling_thread() {
        let html = render_run(40, 3, 4);
        assert_eq!(html.matches("data-cat=\"").count(), 40, "{html}");
        for cat in [0, 9, 39] {
            assert_eq!(html.matches(&format!("data-cat=\"{cat}\"")).count(), 1, "cat {cat}");
        }
        assert_eq!(html.matches("data-thread=\"").count(), 3);
        for thread in ["smol-0", "smol-1", "smol-2"] {
            assert_eq!(html.matches(&format!("data-thread=\"{thread}\"")).count(), 1, "{thread}");
        }
        assert!(
            html.contains("<title>cat 3: waiting 0.1–203.0 ms, transfer 203.0–208.0 ms, 56.64 KiB"),
            "{html}"
        );
        assert!(html.contains("stall (write) 15.0 ms polling cat 1, 202.0–217.0 ms"), "{html}");
        assert!(html.contains("failed: HTTP 500"), "{html}");
        assert!(html.contains("<h2>What happened</h2>"), "{html}");
        // The terminal legend's note, wrapped for a terminal, is one paragraph here.
        assert!(html.contains("<p>(the polling threads also read the sockets;"), "{html}");
        assert!(html.contains(" writes the files unless --writes inline)</p>"), "{html}");
    }

    #[test]
    fn what_came_from_the_network_is_escaped_and_passwords_are_hidden() {
        let hostile = "<script>alert(1)</script>\u{1b}[2J from http://user:hunter2@evil.example/x";
        let report = report(4, "http://user:hunter2@127.0.0.1:1/cat", hostile);
        let html = run_page(&recording(4, 1, 2), &report, ExecutorKind::Local, 4).render();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(!html.contains('\u{1b}'), "no control character");
        assert!(!html.contains("hunter2"), "no password: {html}");
    }

    #[test]
    fn a_run_of_1000_stays_within_its_size_budget_with_every_lane() {
        let html = render_run(1000, 4, 8);
        assert_eq!(html.matches("data-cat=\"").count(), 1000);
        let budget = BUDGET_BASE + BUDGET_PER_DOWNLOAD * 1000;
        assert!(budget < 2 * 1024 * 1024, "the budget stated in the module doc");
        assert!(html.len() <= budget, "{} bytes for 1000 downloads", html.len());
        // A thread per download, as `--executor threads` polls.
        let html = render_run(1000, 1000, 8);
        assert_eq!(html.matches("data-thread=\"").count(), 1000);
        assert!(html.len() <= budget, "{} bytes for 1000 downloads on 1000 threads", html.len());
    }

    #[test]
    fn past_the_lane_limit_lanes_are_groups_and_the_page_says_so() {
        let html = render_run(5000, 4, 1);
        assert_eq!(html.matches("data-cat=\"").count(), 0);
        assert_eq!(html.matches("data-cats=\"").count(), 1000);
        assert!(html.contains("each download lane is a group of 5 consecutive cats"), "{}", &html[..2000]);
        assert!(html.len() <= BUDGET_BASE + BUDGET_PER_DOWNLOAD * 5000, "{} bytes", html.len());
    }

    #[test]

    fn the_compare_page_has_a_block_per_run_on_one_time_axis() {
        let row = |executor, setup: &str, recording| compare::Row {
            executor,
            polled_by: vec!["main".into()],
            wall: Duration::from_millis(250),
            saved: 4,
            findings: vec![Finding::MoreThreadsHide],
            setup: setup.into(),
            recording,
            writes: 4,
            predicted: Duration::from_millis(250),
            latency_part: Duration::from_millis(200),
            others: Some(1.5),
        };
        let rows = [
            row(ExecutorKind::Sequential, "", recording(4, 1, 2)),
            row(ExecutorKind::Local, "inline <writes>", recording(4, 1, 2)),
        ];
        let html = compare_page(&rows, 4, Duration::from_millis(200)).render();
        assert_eq!(html.matches("<div class=\"run\" data-run=").count(), 2);
        assert!(html.contains("data-run=\"sequential default\""), "{html}");
        assert!(html.contains("data-run=\"local inline &lt;writes&gt;\""), "{html}");
        let cores = catfetch_core::cores();
        let line = format!("wall 0.25 s (predicted 0.25 s), 4 of 4 saved, polled by 1 thread; other processes used 1.5 of {cores} cores meanwhile");
        assert_eq!(html.matches(&line).count(), 2, "{html}");
        assert_eq!(html.matches("data-cat=\"").count(), 8);
        // Who waited, and the model's verdict on the part after the latency: in the table.
        assert!(html.contains(">held up by stalls<") && html.contains(">as predicted (+0%)<"), "{html}");
        // One axis for both: the same tick labels in each drawing.
        assert_eq!(html.matches(">250 ms</text>").count(), 2 * 2, "top and bottom of each drawing: {html}");
    }
}
