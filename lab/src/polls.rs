//! See every poll: which thread polled which future, when, and for how long; and name the stalls.
//!
//! An executor only ever does one thing: it polls futures. A poll should return quickly (it moves what is
//! ready and says "pending" for the rest); while it runs, its thread polls nothing else. So a poll that takes
//! long is a *stall*: every other future that thread could have polled waits, however ready it is. Blocking
//! work inside async code (a slow `write(2)`, heavy computation) shows up exactly there.
//!
//! [`Polls`] records polls at the edge, never in the core: `executor.rs` wraps each download future
//! ([`Polls::wrap`]) and the job's own future, the gather ([`gather`]), in [`Recorded`], which times every
//! `poll` of the future inside. Nothing is wrapped unless a timeline, trace or `compare` asks for it, so an
//! ordinary run pays nothing.
//!
//! # Naming the cause
//!
//! The core says which of its work may block the polling thread, through its probe
//! (`catfetch_core::probe::measure(Work::Write, || file.write_all(..))`); this module listens ([`Polls::new`]
//! installs the listener). Inside a recorded poll the time spent is added to that poll's account; a stall is
//! then put down to the cause that took most of it. Outside a recorded poll (an ordinary run, or a write moved
//! to the blocking pool) nothing is added.
//!
//! # Who waited
//!
//! A long poll harms only if something else was ready and waiting for its thread. So each recorded
//! download also notes when it was woken (its waker is wrapped), and at its next poll how long
//! it waited for a thread to poll it: its *scheduling delay* ([`Wait`]). A stall during which other
//! downloads waited held them up; a long poll nobody waited for cost nothing but its own time.
//!
//! # Nested polls
//!
//! With `--executor join` the downloads are polled *inside* the gather's poll. Each recorded poll therefore
//! subtracts the time spent in recorded polls nested in it: a slow download is one stall, on the download,
//! not a second one on the gather around it.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use pin_project_lite::pin_project;

use crate::clocks::{self, ThreadUsage};
use catfetch_core::CatFuture;

/// The default `--stall-ms`: a poll longer than this is a stall.
///
/// Polls in a clean run take microseconds (the first ones too: the HTTP client is set up on the blocking
/// pool, see `run`), so a run without blocking work shows no stall. A write that waits for the disk, or
/// computation on the polling thread, holds a poll for milliseconds to tens of milliseconds, and each such
/// poll crosses the line. Much lower, ordinary hiccups (a page fault, a core handed back a little late)
/// would count; much higher, a blocked poll that still delays every other download on its thread would go
/// unnamed.
// Read by the command line (`cli.rs`), which is built only with the origin.
pub const DEFAULT_STALL: Duration = Duration::from_millis(10);

/// At most this many polls are kept one by one (a few dozen bytes each); later ones are only counted.
/// Stalls are always kept: each takes at least the stall threshold, so there cannot be many.
const MAX_KEPT: usize = 200_000;

/// What kept a polling thread busy: the kind of work the core's probe reported (a write, CPU work).
pub use catfetch_core::probe::Work as Cause;

/// Every cause, in the order a [`Frame`] keeps them.
const CAUSES: [Cause; 2] = [Cause::Write, Cause::Cpu];

/// A cause as in "a stall during writes".
pub fn cause_name(cause: Cause) -> &'static str {
    match cause {
        Cause::Write => "writes",
        Cause::Cpu => "CPU work",
    }
}

/// The trace's name for a stall of this cause.
pub fn slice_name(cause: Option<Cause>) -> &'static str {
    match cause {
        Some(Cause::Write) => "stall (write)",
        Some(Cause::Cpu) => "stall (cpu)",
        None => "stall",
    }
}

/// The probe's listener: the time a piece of work took goes to the recorded poll it ran in, if any.
fn heard(cause: Cause, spent: Duration) {
    CURRENT.set(CURRENT.get().map(|mut frame| {
        frame.blamed[cause as usize] += spent;
        frame
    }));
}

/// What one recorded poll was spent on, beyond its own work.
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    /// Time in recorded polls nested in this one.
    nested: Duration,
    /// Time put down to each [`Cause`].
    blamed: [Duration; CAUSES.len()],
}

thread_local! {
    /// The innermost recorded poll running on this thread, if any.
    static CURRENT: Cell<Option<Frame>> = const { Cell::new(None) };
}

/// Which future a poll was of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Polled {
    /// A download, by the order it was handed to `spawn` (0 for the first). `run` hands the downloads to
    /// `spawn` in cat order, skipping none but those `--skip-existing` keeps: the timeline maps it to its cat.
    Download(u32),
    /// The job's own future: setting up, then gathering the downloads (and, with `join`, polling them).
    Gather,
}

/// One poll (or, beyond `MAX_KEPT`, none: see [`Log::unkept`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollRecord {
    /// Index into [`Log::threads`].
    pub thread: usize,
    /// What was polled.
    pub polled: Polled,
    /// When the poll began, from the recording's origin.
    pub start: Duration,
    /// How long it took, nested polls included.
    pub duration: Duration,
}

/// The time a woken download waited until a thread polled it (its scheduling delay). Kept from
/// [`WAIT_KEPT`] up: shorter ones are the ordinary cost of a hand-off between threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait {
    /// What waited.
    pub polled: Polled,
    /// The thread that polled it at last (index into [`Log::threads`]).
    pub thread: usize,
    /// When it was woken, from the recording's origin.
    pub woken: Duration,
    /// How long until its next poll began.
    pub waited: Duration,
}

impl Wait {
    /// When its poll began.
    pub fn end(&self) -> Duration {
        self.woken + self.waited
    }
}

/// The shortest scheduling delay kept one by one in [`Log::waits`]: a wake-up handed to another thread
/// takes microseconds; a download that waits this long waited for a busy thread.
pub const WAIT_KEPT: Duration = Duration::from_micros(500);

/// A poll that held its thread longer than the stall threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stall {
    /// Index into [`Log::threads`].
    pub thread: usize,
    /// What was polled.
    pub polled: Polled,
    /// When the poll began, from the recording's origin.
    pub start: Duration,
    /// The poll's own time (nested recorded polls excluded): how long it kept its thread from anything else.
    pub duration: Duration,
    /// What it spent that time on.
    pub spent: Spent,
}

/// What a stall spent its time on: what the code declared, else what the OS's counters for its thread
/// say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Spent {
    /// The cause the code declared (through the core's probe) that took at least half the stall.
    Declared(Cause),
    /// Nothing declared; it computed: it never gave up the CPU (however long other programs had it), or
    /// spent at least half its time on it.
    Computing,
    /// Nothing declared; it waited in a system call (a blocking read or write, a sleep, a lock): it gave
    /// up the CPU and used it for less than half its time.
    Blocked,
    /// Nothing declared, and the OS does not count per thread here.
    Unknown,
}

impl Spent {
    /// The declared cause, if any.
    pub fn declared(self) -> Option<Cause> {
        match self {
            Spent::Declared(cause) => Some(cause),
            _ => None,
        }
    }

    /// `before` and `after` a stall that took `own`, with nothing declared: what it did, where the OS
    /// counts per thread.
    fn seen(before: Option<ThreadUsage>, after: Option<ThreadUsage>, own: Duration) -> Spent {
        let (Some(before), Some(after)) = (before, after) else { return Spent::Unknown };
        let gave_up_the_cpu = after.blocked > before.blocked;
        let computed = after.cpu.saturating_sub(before.cpu) * 2 >= own;
        if gave_up_the_cpu && !computed {
            Spent::Blocked
        } else {
            Spent::Computing
        }
    }
}

impl Stall {
    /// When the stall ended.
    pub fn end(&self) -> Duration {
        self.start + self.duration
    }
}

/// One polling thread's totals (over every poll, kept or not).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadPolls {
    /// The thread's name, unique in the log (a repeated name gets `#2`, `#3`...).
    pub name: String,
    /// Polls made.
    pub polls: u64,
    /// Time spent polling (nested polls counted once).
    pub busy: Duration,
    /// The longest poll's own time (nested recorded polls excluded).
    pub longest: Duration,
}

/// Everything recorded: a copy, to draw and judge after the run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Log {
    /// The threads that polled, in order of their first poll.
    pub threads: Vec<ThreadPolls>,
    /// The polls, in the order they ended (at most `MAX_KEPT`).
    pub polls: Vec<PollRecord>,
    /// Every stall, in the order they ended.
    pub stalls: Vec<Stall>,
    /// Polls as long as a stall, but because the OS preempted the thread (a busy machine), not because the
    /// future held it: not stalls.
    pub preempted: Vec<Stall>,
    /// Polls made after `MAX_KEPT` were kept: counted, not drawn.
    pub unkept: u64,
    /// Scheduling delays of at least [`WAIT_KEPT`] (at most `MAX_KEPT` of them), in the order they ended.
    pub waits: Vec<Wait>,
    /// The longest scheduling delay of any download, kept or not.
    pub longest_wait: Duration,
    /// The stall threshold used.
    pub threshold: Duration,
}

/// The recorder: shared by every wrapped future of one run.
pub struct Polls {
    origin: Instant,
    threshold: Duration,
    /// Downloads wrapped so far: the next one's [`Polled::Download`] number.
    wrapped: AtomicU32,
    log: Mutex<(Vec<ThreadId>, Log)>,
}

impl Polls {
    /// A recorder whose times count from `origin`, calling a poll longer than `threshold` a stall.
    pub fn new(origin: Instant, threshold: Duration) -> Polls {
        // From the first recording on, the core's probe tells this module what its polls spent on writes
        // and CPU work; before, nobody pays for it.
        catfetch_core::probe::listen(heard);
        let log = Log { threshold, ..Log::default() };
        Polls { origin, threshold, wrapped: AtomicU32::new(0), log: Mutex::new((Vec::new(), log)) }
    }

    /// The download `cat`, recorded: the next [`Polled::Download`] number. One more allocation per
    /// download, made only when recording.
    pub fn wrap(self: &Arc<Self>, cat: CatFuture) -> CatFuture {
        let number = self.wrapped.fetch_add(1, Ordering::Relaxed);
        Box::pin(self.record(Polled::Download(number), cat))
    }

    /// `future`, each of its polls recorded as a poll of `polled`, and each wait between a wake-up and
    /// the next poll as a [`Wait`].
    pub fn record<F: Future>(self: &Arc<Self>, polled: Polled, future: F) -> Recorded<F> {
        let waiting =
            Arc::new(Waiting { woken: AtomicU64::new(0), origin: self.origin, inner: Mutex::new(None) });
        Recorded { inner: future, polls: self.clone(), polled, waker: Waker::from(waiting.clone()), waiting }
    }

    /// What was recorded so far.
    pub fn log(&self) -> Log {
        self.log.lock().unwrap_or_else(PoisonError::into_inner).1.clone()
    }

    /// Runs `poll` (one poll of `polled`, woken at `woken` if known) and records it.
    fn time<T>(&self, polled: Polled, woken: Option<Duration>, poll: impl FnOnce() -> T) -> T {
        // One system call per recorded poll, so that a long one can be told apart: see `preempted`.
        let before = clocks::thread_usage();
        let mut entered = Entered::new();
        let result = poll();
        let (duration, frame) = entered.leave();
        let own = duration.saturating_sub(frame.nested);
        let held = if own <= self.threshold {
            None
        } else {
            let after = clocks::thread_usage();
            if preempted(before, after, self.threshold) {
                Some(Held::Preempted)
            } else {
                let spent = match frame.cause_of(own) {
                    Some(cause) => Spent::Declared(cause),
                    None => Spent::seen(before, after, own),
                };
                Some(Held::Stalled(spent))
            }
        };
        let start = entered.started.saturating_duration_since(self.origin);
        self.note(polled, woken, start, duration, own, held);
        result
    }

    /// Notes one poll that began at `start` and took `duration`, `own` of it outside nested recorded polls,
    /// woken at `woken` if known.
    fn note(
        &self,
        polled: Polled,
        woken: Option<Duration>,
        start: Duration,
        duration: Duration,
        own: Duration,
        held: Option<Held>,
    ) {
        let id = thread::current().id();
        let mut guard = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        let (ids, log) = &mut *guard;
        let thread = match ids.iter().position(|&known| known == id) {
            Some(index) => index,
            None => {
                let name = unique_name(&log.threads, thread::current().name());
                ids.push(id);
                log.threads.push(ThreadPolls { name, ..ThreadPolls::default() });
                ids.len() - 1
            }
        };
        if let Some(woken) = woken {
            let waited = start.saturating_sub(woken);
            log.longest_wait = log.longest_wait.max(waited);
            if waited >= WAIT_KEPT && log.waits.len() < MAX_KEPT {
                log.waits.push(Wait { polled, thread, woken, waited });
            }
        }
        let totals = &mut log.threads[thread];
        totals.polls += 1;
        totals.busy += own;
        match held {
            None => totals.longest = totals.longest.max(own),
            Some(Held::Stalled(spent)) => {
                totals.longest = totals.longest.max(own);
                log.stalls.push(Stall { thread, polled, start, duration: own, spent });
            }
            // Not this thread's longest poll either: the program did not make it long.
            Some(Held::Preempted) => {
                log.preempted.push(Stall { thread, polled, start, duration: own, spent: Spent::Unknown })
            }
        }
        if log.polls.len() < MAX_KEPT {
            log.polls.push(PollRecord { thread, polled, start, duration });
        } else {
            log.unkept += 1;
        }
    }
}

/// Why a poll held its thread longer than the threshold.
enum Held {
    /// The future kept the thread: a stall, with what it spent its time on.
    Stalled(Spent),
    /// The OS ran something else meanwhile: see [`preempted`].
    Preempted,
}

/// Did the OS, rather than the future, make a poll longer than `threshold`? Yes if the thread never
/// blocked, was preempted, and used no more than `threshold` of CPU: left alone, the poll would not have
/// crossed the line; another program (on a busy machine) had the core. A poll that computed for longer
/// than the threshold is a stall even when preemption stretched it further: its own work held the thread.
/// Not knowable where the OS does not count per thread: then every long poll is a stall.
fn preempted(before: Option<ThreadUsage>, after: Option<ThreadUsage>, threshold: Duration) -> bool {
    let (Some(before), Some(after)) = (before, after) else { return false };
    after.blocked == before.blocked
        && after.preempted > before.preempted
        && after.cpu.saturating_sub(before.cpu) <= threshold
}

impl Frame {
    /// The cause that took most of `own` (a stall's time), if it took at least half: a short write inside
    /// a poll that blocked on something else is not the culprit.
    fn cause_of(&self, own: Duration) -> Option<Cause> {
        let (cause, blamed) = CAUSES
            .into_iter()
            .map(|cause| (cause, self.blamed[cause as usize]))
            .max_by_key(|&(_, blamed)| blamed)?;
        (blamed * 2 >= own).then_some(cause)
    }
}

/// `name` (or `unnamed`), with `#2`, `#3`... if another thread already has it (tokio's workers, say, all share
/// one name).
fn unique_name(taken: &[ThreadPolls], name: Option<&str>) -> String {
    let name = name.unwrap_or("unnamed");
    let mut candidate = name.to_owned();
    let mut n = 1;
    while taken.iter().any(|thread| thread.name == candidate) {
        n += 1;
        candidate = format!("{name}#{n}");
    }
    candidate
}

pin_project! {
    /// A future whose every poll is recorded. Dropping it drops the future inside (cancellation is
    /// unchanged), and it is `Send` whenever that future is.
    pub struct Recorded<F> {
        #[pin]
        inner: F,
        polls: Arc<Polls>,
        polled: Polled,
        // Notes when the future inside is woken; `waker` is its waker, which the future inside gets.
        waiting: Arc<Waiting>,
        waker: Waker,
    }
}

impl<F: Future> Future for Recorded<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let woken = this.waiting.take_woken();
        this.waiting.forward_to(cx.waker());
        let mut cx = Context::from_waker(this.waker);
        this.polls.time(*this.polled, woken, || this.inner.poll(&mut cx))
    }
}

/// A recorded future's waker: notes the first wake-up since the last poll, then wakes the executor's
/// waker as the future would have.
struct Waiting {
    /// When it was woken, in nanoseconds from `origin`, plus one (0: not since the last poll).
    woken: AtomicU64,
    origin: Instant,
    /// The executor's waker, from the last poll.
    inner: Mutex<Option<Waker>>,
}

impl Waiting {
    /// The wake-up since the last poll, if any, from the origin; clears it.
    fn take_woken(&self) -> Option<Duration> {
        let stamp = self.woken.swap(0, Ordering::SeqCst);
        (stamp != 0).then(|| Duration::from_nanos(stamp - 1))
    }

    /// From now on, a wake-up wakes `waker` (the executor's, which may change between polls).
    fn forward_to(&self, waker: &Waker) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if !inner.as_ref().is_some_and(|known| known.will_wake(waker)) {
            *inner = Some(waker.clone());
        }
    }
}

impl Wake for Waiting {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let now = u64::try_from(self.origin.elapsed().as_nanos()).unwrap_or(u64::MAX - 1) + 1;
        // The first wake-up counts: the wait starts when the future first became ready.
        let _ = self.woken.compare_exchange(0, now, Ordering::SeqCst, Ordering::SeqCst);
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner).clone();
        if let Some(waker) = inner {
            waker.wake();
        }
    }
}

/// One recorded poll in progress on this thread. Dropping it (even if the poll panicked) makes the
/// enclosing recorded poll, if any, current again, and charges this one's time to it as nested.
struct Entered {
    outer: Option<Frame>,
    started: Instant,
    duration: Option<Duration>,
}

impl Entered {
    fn new() -> Entered {
        let outer = CURRENT.replace(Some(Frame::default()));
        Entered { outer, started: Instant::now(), duration: None }
    }

    /// How long the poll took, and what was spent inside it.
    fn leave(&mut self) -> (Duration, Frame) {
        let duration = self.started.elapsed();
        self.duration = Some(duration);
        (duration, CURRENT.get().unwrap_or_default())
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        let duration = self.duration.unwrap_or_else(|| self.started.elapsed());
        CURRENT.set(self.outer.map(|mut outer| {
            outer.nested += duration;
            outer
        }));
    }
}

pin_project! {
    /// The job's own future, recorded as [`Polled::Gather`] or left as it is: see [`gather`].
    pub struct Gather<F> {
        #[pin]
        job: F,
        polls: Option<Arc<Polls>>,
    }
}

/// The job's own future (`crate::run(...)`), recorded if `polls` is given. Unlike a download (there is one
/// job, polled far less often) it is not boxed: left plain, it costs a branch per poll.
pub fn gather<F: Future>(polls: Option<&Arc<Polls>>, job: F) -> Gather<F> {
    Gather { job, polls: polls.cloned() }
}

impl<F: Future> Future for Gather<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        match this.polls {
            Some(polls) => polls.time(Polled::Gather, None, || this.job.poll(cx)),
            None => this.job.poll(cx),
        }
    }
}

/// The function that hands each download to the executor, recording it first if `polls` is given.
pub fn wrapper(polls: Option<Arc<Polls>>) -> impl Fn(CatFuture) -> CatFuture {
    move |cat| match &polls {
        Some(polls) => polls.wrap(cat),
        None => cat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::sync::atomic::AtomicBool;

    // Far apart, so that a busy test machine preempting a quick poll does not make it a stall.
    const THRESHOLD: Duration = Duration::from_millis(50);
    const BLOCK: Duration = Duration::from_millis(150);

    fn recorder() -> Arc<Polls> {
        Arc::new(Polls::new(Instant::now(), THRESHOLD))
    }

    /// A future that blocks its thread for `block` in its first poll (doing `work` around the sleep), then
    /// asks to be polled again, and is ready at the second poll.
    fn blocks_once(block: Duration, cause: Option<Cause>) -> impl Future<Output = &'static str> {
        let mut polled = false;
        std::future::poll_fn(move |cx| {
            if polled {
                return Poll::Ready("done");
            }
            polled = true;
            match cause {
                Some(cause) => catfetch_core::probe::measure(cause, || thread::sleep(block)),
                None => thread::sleep(block),
            }
            cx.waker().wake_by_ref();
            Poll::Pending
        })
    }

    /// Runs `work` on a fresh thread called `name`, and returns what it returned.
    fn on_thread<T: Send + 'static>(name: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
        thread::Builder::new().name(name.into()).spawn(work).unwrap().join().unwrap()
    }

    #[test]
    fn a_poll_that_blocks_is_a_stall_named_by_thread_with_its_duration_and_cause() {
        let polls = recorder();
        let future = polls.record(Polled::Download(3), blocks_once(BLOCK, Some(Cause::Write)));
        assert_eq!(on_thread("poller", move || futures_lite::future::block_on(future)), "done");
        let log = polls.log();
        assert_eq!(log.threads.len(), 1);
        assert_eq!(log.threads[0].name, "poller");
        assert_eq!(log.threads[0].polls, 2);
        assert_eq!(log.polls.len(), 2, "{log:?}");
        assert!(log.polls[0].duration >= BLOCK, "{log:?}");
        assert!(log.polls[1].duration < THRESHOLD, "the second poll only returns: {log:?}");
        let [stall] = log.stalls[..] else { panic!("one stall expected: {log:?}") };
        assert_eq!(
            (stall.thread, stall.polled, stall.spent.declared()),
            (0, Polled::Download(3), Some(Cause::Write))
        );
        // At least the sleep; the bound above is loose for a busy test machine.
        assert!(stall.duration >= BLOCK && stall.duration < BLOCK + Duration::from_secs(2), "{stall:?}");
        assert_eq!(log.threads[0].longest, stall.duration);
        assert!(log.threads[0].busy >= stall.duration);
    }

    #[test]
    fn a_download_woken_during_anothers_stall_waits_for_the_thread_and_the_wait_is_recorded() {
        let polls = recorder();
        // Download 0: its second poll blocks the thread until download 1 has been woken (from another
        // thread), and a while more. Download 1 can be polled again only after that.
        let (blocking, rung) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(false)));
        let stalling = polls.record(Polled::Download(0), {
            let (blocking, rung, mut polls_made) = (blocking.clone(), rung.clone(), 0);
            std::future::poll_fn(move |cx| {
                polls_made += 1;
                if polls_made == 1 {
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                blocking.store(true, Ordering::SeqCst);
                while !rung.load(Ordering::SeqCst) {
                    thread::sleep(Duration::from_millis(1));
                }
                thread::sleep(BLOCK);
                Poll::Ready(())
            })
        });
        let woken = polls.record(Polled::Download(1), {
            let mut waking = None;
            std::future::poll_fn(move |cx| match &waking {
                None => {
                    let (waker, blocking, rung) = (cx.waker().clone(), blocking.clone(), rung.clone());
                    waking = Some(thread::spawn(move || {
                        while !blocking.load(Ordering::SeqCst) {
                            thread::sleep(Duration::from_millis(1));
                        }
                        waker.wake();
                        rung.store(true, Ordering::SeqCst);
                    }));
                    Poll::Pending
                }
                Some(_) => Poll::Ready(()),
            })
        });
        futures_lite::future::block_on(futures_lite::future::zip(stalling, woken));
        let log = polls.log();
        let [stall] = log.stalls[..] else { panic!("one stall expected: {log:?}") };
        let waits: Vec<&Wait> = log.waits.iter().filter(|w| w.polled == Polled::Download(1)).collect();
        let [wait] = waits[..] else { panic!("one wait of download 1 expected: {log:?}") };
        assert_eq!(wait.thread, stall.thread, "polled by the thread it waited for");
        assert!(wait.woken >= stall.start && wait.woken < stall.end(), "woken during the stall: {log:?}");
        assert!(wait.end() >= stall.end(), "polled only once the stall was over: {log:?}");
        assert_eq!(log.longest_wait, log.waits.iter().map(|w| w.waited).max().unwrap());
    }

    #[test]
    fn a_stall_is_put_down_to_a_cause_only_if_the_cause_took_most_of_it() {
        for (cause, expected) in [(Some(Cause::Cpu), Some(Cause::Cpu)), (None, None)] {
            let polls = recorder();
            // A short write as well, inside the same poll: too short to be the culprit.
            let future = polls.record(
                Polled::Gather,
                futures_lite::future::zip(blocks_once(BLOCK, cause), async {
                    catfetch_core::probe::measure(Cause::Write, || ())
                }),
            );
            futures_lite::future::block_on(future);
            let log = polls.log();
            assert_eq!(log.stalls.len(), 1, "{log:?}");
            assert_eq!(log.stalls[0].spent.declared(), expected, "{log:?}");
        }
    }

    #[test]
    fn a_quick_poll_is_no_stall_and_blame_outside_a_recorded_poll_just_runs_the_work() {
        let polls = recorder();
        futures_lite::future::block_on(
            polls.record(Polled::Gather, async { catfetch_core::probe::measure(Cause::Write, || 7) }),
        );
        let log = polls.log();
        assert_eq!(log.polls.len(), 1);
        assert!(log.stalls.is_empty(), "{log:?}");
        assert_eq!(catfetch_core::probe::measure(Cause::Cpu, || 42), 42);
        assert!(CURRENT.get().is_none());
    }

    #[test]
    fn a_download_polled_inside_the_gather_stalls_once_on_the_download_not_on_the_gather() {
        let polls = recorder();
        let download = polls.record(Polled::Download(0), blocks_once(BLOCK, Some(Cause::Write)));
        let job = gather(Some(&polls), download);
        assert_eq!(futures_lite::future::block_on(job), "done");
        let log = polls.log();
        let gathers: Vec<_> = log.polls.iter().filter(|p| p.polled == Polled::Gather).collect();
        assert_eq!(gathers.len(), 2, "{log:?}");
        assert!(gathers[0].duration >= BLOCK, "the gather's poll spans the download's: {log:?}");
        let [stall] = log.stalls[..] else { panic!("one stall expected: {log:?}") };
        assert_eq!(stall.polled, Polled::Download(0));
        assert!(log.threads[0].busy < BLOCK * 2, "nested time is counted once: {log:?}");
    }

    #[test]
    fn without_a_recorder_the_gather_is_not_recorded() {
        assert_eq!(futures_lite::future::block_on(gather(None, async { 5 })), 5);
        assert!(CURRENT.get().is_none());
    }

    #[test]
    fn threads_that_share_a_name_get_distinct_ones() {
        let polls = recorder();
        for _ in 0..2 {
            let future = polls.record(Polled::Gather, async {});
            on_thread("worker", move || futures_lite::future::block_on(future));
        }
        let names: Vec<String> = polls.log().threads.into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["worker", "worker#2"]);
    }

    #[test]
    fn dropping_a_recorded_download_drops_the_download_inside() {
        struct Guard(Arc<AtomicBool>);
        impl Drop for Guard {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let dropped = Arc::new(AtomicBool::new(false));
        let guard = Guard(dropped.clone());
        let cat: CatFuture = Box::pin(async move {
            let _guard = guard;
            std::future::pending().await
        });
        let wrapped = recorder().wrap(cat);
        // Send, as the executor needs (CatFuture says so), and polled once before being cancelled.
        let mut wrapped = Some(wrapped);
        let _ = futures_lite::future::block_on(futures_lite::future::poll_once(wrapped.as_mut().unwrap()));
        assert!(!dropped.load(Ordering::SeqCst));
        drop(wrapped);
        assert!(dropped.load(Ordering::SeqCst));
    }

    #[test]
    fn a_poll_that_panics_leaves_the_thread_outside_any_recorded_poll() {
        let polls = recorder();
        let future = polls.record(Polled::Gather, async { panic!("inside a poll") });
        let outcome = catch_unwind(AssertUnwindSafe(|| futures_lite::future::block_on(future)));
        assert!(outcome.is_err());
        assert!(CURRENT.get().is_none(), "a later blame must not land in a dead poll's account");
    }

    #[test]
    fn a_long_poll_is_preempted_only_if_the_thread_was_ready_to_run_all_along() {
        let usage = |cpu_ms, blocked, preempted| {
            Some(ThreadUsage { cpu: Duration::from_millis(cpu_ms), blocked, preempted })
        };
        let threshold = Duration::from_millis(10);
        assert!(preempted(usage(100, 5, 2), usage(101, 5, 3), threshold), "short of the CPU, never waiting");
        assert!(preempted(usage(100, 5, 2), usage(110, 5, 3), threshold), "its own work alone: no stall");
        assert!(!preempted(usage(100, 5, 2), usage(101, 6, 3), threshold), "it also blocked: a stall");
        // 20 ms of CPU work, stretched to 80 by preemption: the work alone crossed the line.
        assert!(!preempted(usage(100, 5, 2), usage(120, 5, 3), threshold), "it computed too long: a stall");
        assert!(!preempted(usage(100, 5, 2), usage(101, 5, 2), threshold), "never switched out");
        assert!(!preempted(None, None, threshold), "not known: a stall");
    }

    #[test]
    fn a_poll_that_sleeps_blocked_and_is_a_stall_not_a_preemption() {
        let polls = recorder();
        futures_lite::future::block_on(polls.record(Polled::Gather, async { thread::sleep(BLOCK) }));
        let log = polls.log();
        assert_eq!(log.stalls.len(), 1, "{log:?}");
        assert!(log.preempted.is_empty(), "{log:?}");
    }

    #[test]
    fn polls_beyond_the_cap_are_counted_not_kept_but_stalls_always_are() {
        let polls = recorder();
        for _ in 0..MAX_KEPT + 5 {
            polls.time(Polled::Gather, None, || ());
        }
        polls.time(Polled::Gather, None, || thread::sleep(BLOCK));
        let log = polls.log();
        assert_eq!(log.polls.len(), MAX_KEPT);
        assert_eq!(log.unkept, 6);
        assert_eq!(log.threads[0].polls, MAX_KEPT as u64 + 6);
        // (A busy machine may preempt one of the quick polls for longer than the threshold: also a stall.)
        assert!(log.stalls.last().is_some_and(|stall| stall.duration >= BLOCK), "{:?}", log.stalls);
    }

    #[test]
    fn an_undeclared_stall_is_seen_computing_unless_it_gave_up_the_cpu_for_most_of_its_time() {
        let ms = Duration::from_millis;
        let usage = |cpu_ms, blocked| Some(ThreadUsage { cpu: ms(cpu_ms), blocked, preempted: 0 });
        let seen = |before, after, own_ms| Spent::seen(before, after, ms(own_ms));
        // A loop that never waited, even if other programs had the core for most of it.
        assert_eq!(seen(usage(0, 3), usage(20, 3), 80), Spent::Computing);
        // Waited once, but computed for most of the time.
        assert_eq!(seen(usage(0, 3), usage(40, 4), 50), Spent::Computing);
        // Waited in the kernel for most of it: a blocking write, a sleep.
        assert_eq!(seen(usage(0, 3), usage(1, 5), 50), Spent::Blocked);
        // Where the OS does not count per thread, nothing is said.
        assert_eq!(seen(None, usage(1, 5), 50), Spent::Unknown);
    }
}
