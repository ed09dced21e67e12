//! After `--timeline`, and in `compare`: a few plain lines that say what happened, and what to do.
//!
//! - **Overlap**: the downloads' durations added up, over the wall time. About 1 means one after another
//!   (an `await` inside the loop?); near the number in flight means they waited together.
//! - **Peak in flight** against `--jobs`: did the limit bite?
//! - **Stalls**: polls that held their thread longer than `--stall-ms`. While a thread is stuck in one poll
//!   it polls nothing else, so every download that is ready and waiting for that thread waits longer. The
//!   lines say how many, how long, on which threads, during what (the core's probe says: see `polls.rs`),
//!   and who waited meanwhile (each download's scheduling delay, see `polls.rs`). A fix is prescribed only
//!   where other downloads waited; a long poll nobody waited for (`sequential`, `threads`) cost only its
//!   own time, and the line says so. More polling threads let other downloads move meanwhile: they hide a
//!   stall, they do not remove it.

use std::collections::HashSet;
use std::time::Duration;

use crate::polls::{Cause, Log, Polled, Spent, Stall, Wait};
use catfetch_core::text;

use crate::recording::{format_ms, Row};

/// The overlap is judged against the most it could be (every download in flight, up to `--jobs`): below
/// this share of the way from 1 to that most, the downloads ran one after another. A quarter tells two
/// downloads that merely touched from two that waited together, and leaves room for start-up skew.
const SERIAL_SHARE: f64 = 0.25;

/// One thing a run shows: data first, its line for people from [`Finding::text`].
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// The downloads' durations added up, over their window.
    Overlap {
        /// The sum over the window.
        overlap: f64,
        /// Did they run one after another (under a quarter of the way from 1 to the most they could)?
        serial: bool,
        /// Was `-j 1` asked (one after another on purpose)?
        one_job: bool,
    },
    /// The most downloads in flight at once.
    Peak {
        /// That most.
        peak: usize,
        /// `--jobs`.
        jobs: usize,
        /// The downloads in the run.
        cats: usize,
    },
    /// No poll held its thread over the threshold.
    NoStall {
        /// `--stall-ms`.
        threshold: Duration,
        /// The longest poll.
        longest: Duration,
    },
    /// Long polls that the OS made long by taking the core away: not stalls.
    Preempted {
        /// How many.
        count: usize,
        /// The longest.
        longest: Duration,
    },
    /// Stalls that spent their time alike: on one declared cause, or, undeclared, seen doing one thing.
    Stalls {
        /// What the stalled polls spent their time on.
        spent: Spent,
        /// How many.
        count: usize,
        /// The threads they held, in order of first stall.
        threads: Vec<String>,
        /// The longest.
        longest: Duration,
        /// All of them together.
        total: Duration,
        /// Downloads that were woken and waited for a thread while another download's stall held it. Each
        /// counts once, and may have stalled itself: ten downloads on one thread can each wait through
        /// the others' stalls.
        held_up: usize,
        /// The longest of those waits.
        longest_wait: Duration,
    },
    /// There were stalls and more than one polling thread: those hide stalls, they do not remove them.
    MoreThreadsHide,
}

impl Finding {
    /// Is it about the polls (stalls, none, preemption), not the downloads' overlap? `compare --lesson`
    /// shows these for each run: where the time went, and what would fix it.
    pub fn is_about_stalls(&self) -> bool {
        !matches!(self, Finding::Overlap { .. } | Finding::Peak { .. })
    }

    /// What to do about it, if anything: only stalls that other downloads waited through call for a fix.
    pub fn fix(&self) -> Option<&'static str> {
        match self {
            Finding::Stalls { held_up: 0, .. } => None,
            Finding::Stalls { spent: Spent::Declared(Cause::Write), .. } => Some("use --writes async-fs"),
            Finding::Stalls { spent: Spent::Declared(Cause::Cpu), .. } => Some("use --cpu-offload"),
            Finding::Stalls { spent: Spent::Computing, .. } => {
                Some("move the computation to a blocking pool (unblock, spawn_blocking)")
            }
            Finding::Stalls { spent: Spent::Blocked, .. } => Some("look for blocking calls in async code"),
            Finding::Stalls { spent: Spent::Unknown, .. } => {
                Some("look for blocking calls or long computations in async code")
            }
            _ => None,
        }
    }

    /// The line for people.
    pub fn text(&self) -> String {
        match self {
            Finding::Overlap { overlap, serial, one_job } => {
                let meaning = if *one_job {
                    "one after another, as -j 1 asks"
                } else if *serial {
                    "one after another: an await inside the loop?"
                } else {
                    "the downloads ran at the same time"
                };
                format!("overlap {overlap:.1} (sum of download times / wall): {meaning}")
            }
            Finding::Peak { peak, jobs, cats } if peak >= jobs => {
                format!("peak {peak} in flight of -j {jobs}: every slot was in use")
            }
            Finding::Peak { peak, jobs, cats } if peak == cats => {
                format!("peak {peak} in flight: all {cats} cats at once (-j {jobs})")
            }
            Finding::Peak { peak, jobs, .. } => {
                format!("peak {peak} in flight of -j {jobs}: slots stayed free")
            }
            Finding::NoStall { threshold, longest } => format!(
                "no stall: no poll held its thread over {} (the longest took {})",
                format_ms(*threshold),
                format_ms(*longest)
            ),
            Finding::Preempted { count, longest } => format!(
                "{} preempted for up to {}: the machine was busy (another program had the core): not stalls",
                text::plural(*count, "poll"),
                format_ms(*longest)
            ),
            Finding::Stalls { spent, count, threads, longest, total, held_up, longest_wait } => {
                let during = match spent {
                    Spent::Declared(cause) => format!("during {}", crate::polls::cause_name(*cause)),
                    Spent::Computing => "cause not declared, on the CPU".into(),
                    Spent::Blocked => "cause not declared, blocked in a system call".into(),
                    Spent::Unknown => "cause not declared".into(),
                };
                // A thread each (`threads`): the first two name them, the count says the rest.
                let on = match &threads[..] {
                    [first, second, rest @ ..] if rest.len() > 1 => {
                        format!("{first}, {second} and {} more", rest.len())
                    }
                    all => all.join(", "),
                };
                let stalls = format!(
                    "{} on {on}, longest {}, total {}, {during}",
                    text::plural(*count, "stall"),
                    format_ms(*longest),
                    format_ms(*total),
                );
                match self.fix() {
                    Some(fix) => format!(
                        "{stalls}: {} waited for the thread through another's stall, up to {}: {fix}",
                        text::plural(*held_up, "download"),
                        format_ms(*longest_wait)
                    ),
                    None => format!("{stalls}: no other download waited for the thread: nothing to fix"),
                }
            }
            Finding::MoreThreadsHide => "more threads hide a stall, they do not remove it".into(),
        }
    }
}

/// What a run shows: its timeline's rows, its polls, and its `--jobs`.
pub fn findings(rows: &[Row], polls: &Log, jobs: usize) -> Vec<Finding> {
    let spans: Vec<(Duration, Duration)> =
        rows.iter().filter_map(|row| Some((row.start?, row.end?))).collect();
    let mut found = Vec::new();
    if spans.len() >= 2 {
        found.push(overlap(&spans, jobs));
        found.push(peak(&spans, jobs));
    }
    found.extend(stalls(polls));
    found
}

/// The lines of [`findings`], as `--timeline` prints them.
pub fn verdicts(rows: &[Row], polls: &Log, jobs: usize) -> Vec<String> {
    findings(rows, polls, jobs).iter().map(Finding::text).collect()
}

/// Sum of the downloads' durations over the wall time.
///
/// The wall here is the downloads' own window, from the first start to the last end: the run's set-up
/// before them is no download's doing.
fn overlap(spans: &[(Duration, Duration)], jobs: usize) -> Finding {
    let busy: Duration = spans.iter().map(|&(start, end)| end.saturating_sub(start)).sum();
    let first = spans.iter().map(|&(start, _)| start).min().unwrap_or_default();
    let last = spans.iter().map(|&(_, end)| end).max().unwrap_or_default();
    let window = last.saturating_sub(first).max(Duration::from_micros(100));
    let overlap = busy.as_secs_f64() / window.as_secs_f64();
    let most = spans.len().min(jobs.max(1)) as f64;
    Finding::Overlap { overlap, serial: overlap < 1.0 + SERIAL_SHARE * (most - 1.0), one_job: jobs == 1 }
}

/// The most downloads in flight at once, against `--jobs`.
fn peak(spans: &[(Duration, Duration)], jobs: usize) -> Finding {
    // Sweep the starts and ends in time order; at a tie the end goes first (a slot freed, then taken).
    let mut moments: Vec<(Duration, i32)> =
        spans.iter().flat_map(|&(start, end)| [(start, 1), (end, -1)]).collect();
    moments.sort();
    let mut in_flight = 0;
    let mut peak = 0;
    for (_, step) in moments {
        in_flight += step;
        peak = peak.max(in_flight);
    }
    // A download's end is noted just after its slot is freed, so a download on another thread may start
    // a moment before: the count can pass -j by a polling thread or two, which no slot allowed.
    Finding::Peak { peak: (peak as usize).min(jobs), jobs, cats: spans.len() }
}

/// One finding per cause of stalls (or one saying there were none), one about preemption, and one about
/// more threads.
fn stalls(polls: &Log) -> Vec<Finding> {
    if polls.threads.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    if polls.stalls.is_empty() {
        let longest = polls.threads.iter().map(|thread| thread.longest).max().unwrap_or_default();
        found.push(Finding::NoStall { threshold: polls.threshold, longest });
    }
    if let Some(longest) = polls.preempted.iter().map(|poll| poll.duration).max() {
        found.push(Finding::Preempted { count: polls.preempted.len(), longest });
    }
    if polls.stalls.is_empty() {
        return found;
    }
    // Declared causes first; then the undeclared, by what they were seen doing.
    let kinds = [
        Spent::Declared(Cause::Write),
        Spent::Declared(Cause::Cpu),
        Spent::Computing,
        Spent::Blocked,
        Spent::Unknown,
    ];
    for spent in kinds {
        let stalls: Vec<&Stall> = polls.stalls.iter().filter(|stall| stall.spent == spent).collect();
        if stalls.is_empty() {
            continue;
        }
        let mut threads: Vec<String> = Vec::new();
        for stall in &stalls {
            let name = &polls.threads[stall.thread].name;
            if !threads.contains(name) {
                threads.push(name.clone());
            }
        }
        let longest = stalls.iter().map(|stall| stall.duration).max().unwrap_or_default();
        let total: Duration = stalls.iter().map(|stall| stall.duration).sum();
        let waits = held_up(&stalls, &polls.waits);
        let downloads: HashSet<Polled> = waits.iter().map(|wait| wait.polled).collect();
        let longest_wait = waits.iter().map(|wait| wait.waited).max().unwrap_or_default();
        found.push(Finding::Stalls {
            spent,
            count: stalls.len(),
            threads,
            longest,
            total,
            held_up: downloads.len(),
            longest_wait,
        });
    }
    let anyone_waited = found.iter().any(|finding| finding.fix().is_some());
    if polls.threads.len() > 1 && anyone_waited {
        found.push(Finding::MoreThreadsHide);
    }
    found
}

/// The least a wait must overlap a stall to count as held up by it: more than a hand-off between threads.
const HELD_UP: Duration = crate::polls::WAIT_KEPT;

/// The waits of downloads other than the stalled one that overlapped one of `stalls` by [`HELD_UP`] or
/// more and ended on the stalled thread: downloads that were ready while a stall held the thread they
/// waited for. (A download with a thread of its own waits only for itself; the gather is not a download:
/// it waits for the downloads, not beside them.)
fn held_up<'a>(stalls: &[&Stall], waits: &'a [Wait]) -> Vec<&'a Wait> {
    waits
        .iter()
        .filter(|wait| matches!(wait.polled, Polled::Download(_)))
        .filter(|wait| {
            stalls.iter().any(|stall| {
                let overlap = stall.end().min(wait.end()).saturating_sub(stall.start.max(wait.woken));
                stall.polled != wait.polled && stall.thread == wait.thread && overlap >= HELD_UP
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::polls::{Polled, ThreadPolls};

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn rows(spans: &[(u64, u64)]) -> Vec<Row> {
        spans
            .iter()
            .map(|&(start, end)| Row { start: Some(ms(start)), end: Some(ms(end)), ..Row::default() })
            .collect()
    }

    fn threads(names: &[&str]) -> Vec<ThreadPolls> {
        names
            .iter()
            .map(|name| ThreadPolls { name: name.to_string(), polls: 10, busy: ms(1), longest: ms(1) })
            .collect()
    }

    fn stall(thread: usize, start: u64, duration: u64, cause: Option<Cause>) -> Stall {
        Stall {
            thread,
            polled: Polled::Download(0),
            start: ms(start),
            duration: ms(duration),
            spent: cause.map_or(Spent::Unknown, Spent::Declared),
        }
    }

    fn log(names: &[&str], stalls: Vec<Stall>) -> Log {
        Log { threads: threads(names), stalls, threshold: ms(10), ..Log::default() }
    }

    /// Download `n`, woken at `woken` ms, polled `waited` ms later by thread 0.
    fn wait(n: u32, woken: u64, waited: u64) -> Wait {
        Wait { polled: Polled::Download(n), thread: 0, woken: ms(woken), waited: ms(waited) }
    }

    fn with_waits(mut log: Log, waits: Vec<Wait>) -> Log {
        log.waits = waits;
        log
    }

    #[test]
    fn each_case_gets_its_plain_lines() {
        let ten_at_once: Vec<(u64, u64)> = (0..10).map(|_| (0, 200)).collect();
        let one_after_another: Vec<(u64, u64)> = (0..4).map(|i| (i * 200, i * 200 + 200)).collect();
        let cases: Vec<(&str, Vec<String>, &[&str])> = vec![
            (
                "ten cats at once, clean",
                verdicts(&rows(&ten_at_once), &log(&["main"], vec![]), 10),
                &[
                    "overlap 10.0 (sum of download times / wall): the downloads ran at the same time",
                    "peak 10 in flight of -j 10: every slot was in use",
                    "no stall: no poll held its thread over 10 ms (the longest took 1.0 ms)",
                ],
            ),
            (
                "sequential",
                verdicts(&rows(&one_after_another), &log(&["main"], vec![]), 10),
                &[
                    "overlap 1.0 (sum of download times / wall): one after another: an await inside the loop?",
                    "peak 1 in flight of -j 10: slots stayed free",
                ],
            ),
            (
                "-j 1 is one after another on purpose",
                verdicts(&rows(&one_after_another), &log(&["main"], vec![]), 1),
                &["overlap 1.0 (sum of download times / wall): one after another, as -j 1 asks"],
            ),
            (
                "a start noted just before the end that freed its slot",
                verdicts(&rows(&[(0, 200), (199, 400), (200, 400)]), &log(&["main"], vec![]), 2),
                &["peak 2 in flight of -j 2: every slot was in use"],
            ),
            (
                "fewer cats than slots",
                verdicts(&rows(&ten_at_once), &log(&["main"], vec![]), 50),
                &["peak 10 in flight: all 10 cats at once (-j 50)"],
            ),
            (
                "writes stalled the one polling thread while two others waited",
                verdicts(&rows(&ten_at_once),
                    &with_waits(
                        log(&["main"], vec![stall(0, 10, 21, Some(Cause::Write)), stall(0, 40, 52, Some(Cause::Write))]),
                        // Download 1 waited through the first stall, 2 through the second; 3 only after both.
                        vec![wait(1, 12, 19), wait(2, 41, 51), wait(3, 95, 2)],
                    ),
                    10,
                ),
                &["2 stalls on main, longest 52 ms, total 73 ms, during writes: 2 downloads waited for the \
                   thread through another's stall, up to 51 ms: use --writes async-fs"],
            ),
            (
                "long writes nobody waited for (sequential, threads)",
                verdicts(&rows(&one_after_another),
                    &with_waits(
                        log(&["main"], vec![stall(0, 10, 50, Some(Cause::Write))]),
                        // The stalled download's own wait, another's long after, and one during the stall that
                        // waited for another thread (its own, with `threads`): no one held up.
                        vec![
                            wait(0, 12, 48),
                            wait(1, 300, 30),
                            Wait { thread: 1, ..wait(2, 20, 5) },
                        ],
                    ),
                    10,
                ),
                &["1 stall on main, longest 50 ms, total 50 ms, during writes: no other download waited for the \
                   thread: nothing to fix"],
            ),
            (
                "the same, on two threads: nothing said about more threads either",
                verdicts(&rows(&one_after_another),
                    &with_waits(
                        log(&["thread-1", "thread-2"], vec![stall(0, 10, 50, Some(Cause::Write))]),
                        vec![Wait { thread: 1, ..wait(2, 20, 5) }],
                    ),
                    10,
                ),
                &["1 stall on thread-1, longest 50 ms, total 50 ms, during writes: no other download waited for \
                   the thread: nothing to fix"],
            ),
            (
                "CPU work on two threads, and an undeclared stall",
                verdicts(&rows(&ten_at_once),
                    &with_waits(
                        log(
                            &["main", "smol-1"],
                            vec![
                                stall(1, 10, 30, Some(Cause::Cpu)),
                                stall(0, 15, 30, Some(Cause::Cpu)),
                                stall(0, 90, 12, None),
                            ],
                        ),
                        vec![wait(4, 20, 25), wait(5, 91, 11)],
                    ),
                    10,
                ),
                &[
                    "2 stalls on smol-1, main, longest 30 ms, total 60 ms, during CPU work: 1 download waited for \
                     the thread through another's stall, up to 25 ms: use --cpu-offload",
                    "1 stall on main, longest 12 ms, total 12 ms, cause not declared: 1 download waited for \
                     the thread through another's stall, up to 11 ms: look for blocking calls or long \
                     computations in async code",
                    "more threads hide a stall, they do not remove it",
                ],
            ),
            (
                "undeclared stalls, told apart by what the OS saw: computing, or blocked in a system call",
                verdicts(&rows(&ten_at_once),
                    &with_waits(
                        log(
                            &["main"],
                            vec![
                                Stall { spent: Spent::Computing, ..stall(0, 10, 50, None) },
                                Stall { spent: Spent::Blocked, ..stall(0, 100, 20, None) },
                            ],
                        ),
                        vec![wait(4, 20, 40), wait(5, 101, 19)],
                    ),
                    10,
                ),
                &[
                    "1 stall on main, longest 50 ms, total 50 ms, cause not declared, on the CPU: 1 download \
                     waited for the thread through another's stall, up to 40 ms: move the computation to a \
                     blocking pool (unblock, spawn_blocking)",
                    "1 stall on main, longest 20 ms, total 20 ms, cause not declared, blocked in a system call: \
                     1 download waited for the thread through another's stall, up to 19 ms: look for blocking \
                     calls in async code",
                ],
            ),
        ];
        for (case, lines, expected) in cases {
            for line in expected {
                assert!(lines.iter().any(|l| l == line), "{case}: no line {line:?} in {lines:#?}");
            }
            // The lesson's point: more threads are named only where someone waited.
            let hide = lines.iter().any(|l| l.starts_with("more threads hide"));
            assert_eq!(
                hide,
                expected.iter().any(|l| l.starts_with("more threads hide")),
                "{case}: {lines:#?}"
            );
        }
    }

    #[test]
    fn polls_the_os_preempted_are_named_apart_from_stalls() {
        let mut log = log(&["main"], vec![]);
        log.preempted = vec![stall(0, 5, 67, None), stall(0, 90, 12, None)];
        let lines = verdicts(&rows(&[(0, 200), (0, 200)]), &log, 10);
        assert_eq!(
            lines[2..],
            [
                "no stall: no poll held its thread over 10 ms (the longest took 1.0 ms)",
                "2 polls preempted for up to 67 ms: the machine was busy (another program had the core): not stalls",
            ],
            "{lines:#?}"
        );
    }

    #[test]
    fn a_clean_run_says_no_stall_and_nothing_about_more_threads() {
        let lines = verdicts(&rows(&[(0, 200), (0, 200)]), &log(&["main", "smol-1"], vec![]), 10);
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(lines[2].starts_with("no stall"), "{lines:#?}");
    }

    #[test]
    fn one_download_has_nothing_to_overlap_and_no_polls_no_stall_line() {
        assert!(verdicts(&rows(&[(0, 200)]), &Log::default(), 10).is_empty());
    }
}
