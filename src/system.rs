//! What the operating system imposes on a run: signals (Ctrl-C, SIGTERM) and the open-file limit; and what
//! it counts for each thread (see `polls.rs`). (Temp files left by runs that were killed are `disk.rs`'s.)
//!
//! This is edge code: `main` uses it, the download core does not. The core only sees a `stop` future.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::exit_codes::ExitCode;

/// Signal numbers, as exit statuses use them ([`ExitCode::Interrupted`]: 128 + signal).
pub const SIGINT: i32 = 2;
/// SIGTERM's number.
pub const SIGTERM: i32 = 15;

/// Ctrl-C and SIGTERM as a future: [`Interrupts::wait`] completes at the first one; and a watchdog for a
/// stop that does not come in time.
///
/// A dedicated thread waits for signals (signal-hook's iterator: the handler only writes to a pipe, which
/// is all a signal handler may safely do) and forwards the first one over a channel. The program then
/// stops its work and, once it can report, says so with [`Interrupts::finishing`].
///
/// A stop needs the thread that polls the work: on a one-thread executor blocked in a slow write or in
/// CPU work, that may be seconds away. So a second thread, the watchdog, waits [`STOP_WITHIN`] after the
/// first signal: if the program has not said `finishing` by then, it runs the action given to
/// [`Interrupts::on_overdue`] (which reports what it can and ends the process) without the polling thread.
/// A second signal runs that action at once, or, without one, exits at once with 128 + signal.
pub struct Interrupts {
    /// Closed at the first signal: every wait on it then ends, now and later.
    first: smol::channel::Receiver<()>,
    watch: Arc<Watch>,
}

/// How long after the first signal the watchdog lets the program stop by itself.
pub const STOP_WITHIN: Duration = Duration::from_millis(750);

/// What the signal thread, the watchdog and the program share.
struct Watch {
    state: Mutex<Stage>,
    changed: Condvar,
    /// The first signal's number, once it came (0 before).
    first: AtomicI32,
}

/// Where a stop is.
enum Stage {
    /// No signal yet; the action to run if a stop comes late, if any.
    Running(Option<Overdue>),
    /// A signal came at this instant; the action, if any, waits for the watchdog or a second signal.
    Stopping(i32, Instant, Option<Overdue>),
    /// The program reports by itself: the watchdog has nothing more to do.
    Finishing,
    /// The watchdog (or a second signal) took over: the program must not report too.
    TakenOver,
}

/// The action of [`Interrupts::on_overdue`]: runs once, then the process ends.
type Overdue = Box<dyn FnOnce(i32, TakeOver) + Send>;

/// Why the action of [`Interrupts::on_overdue`] runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TakeOver {
    /// The program did not stop within [`STOP_WITHIN`] of the first signal.
    Late,
    /// A second signal came: the user does not want to wait.
    Again,
}

impl TakeOver {
    /// The line that tells the user why the program ends without finishing its stop.
    pub fn line(self) -> String {
        match self {
            TakeOver::Late => format!(
                "catfetch: the run did not stop within {} ms of the signal: ending it without waiting",
                STOP_WITHIN.as_millis()
            ),
            TakeOver::Again => "catfetch: a second signal: ending the run without waiting".into(),
        }
    }
}

impl Watch {
    fn stage(&self) -> MutexGuard<'_, Stage> {
        // A poisoned lock means a thread panicked while changing the stage: the stage itself is whole.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the action over (at most once) and runs it; ends the process.
    fn take_over(&self, signal: i32, why: TakeOver) -> ! {
        let action = match std::mem::replace(&mut *self.stage(), Stage::TakenOver) {
            Stage::Running(action) | Stage::Stopping(_, _, action) => action,
            Stage::Finishing | Stage::TakenOver => None,
        };
        if let Some(action) = action {
            action(signal, why);
        }
        std::process::exit(ExitCode::Interrupted(signal).code())
    }
}

impl Interrupts {
    /// Starts listening for SIGINT and SIGTERM, with the watchdog's thread. On platforms without them,
    /// never fires. Fails if a thread cannot be started (the system's thread limit).
    pub fn listen() -> std::io::Result<Interrupts> {
        let (tx, first) = smol::channel::bounded::<()>(1);
        let watch = Arc::new(Watch {
            state: Mutex::new(Stage::Running(None)),
            changed: Condvar::new(),
            first: AtomicI32::new(0),
        });
        #[cfg(unix)]
        {
            let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
            // Each thread says when it runs, and this waits for both: a thread's start-up memory (Rust's
            // signal stack for it) is then taken before the run's, not raced against it under a tight
            // `ulimit -v`, where a thread that cannot get it aborts the process.
            let (running, started) = std::sync::mpsc::channel::<()>();
            let watchdog = watch.clone();
            let said = running.clone();
            std::thread::Builder::new().name("watchdog".into()).spawn(move || {
                let _ = said.send(());
                watchdog.watch()
            })?;
            let watch = watch.clone();
            std::thread::Builder::new().name("signals".into()).spawn(move || {
                let _ = running.send(());
                for signal in signals.forever() {
                    let mut stage = watch.stage();
                    match std::mem::replace(&mut *stage, Stage::TakenOver) {
                        Stage::Running(action) => {
                            *stage = Stage::Stopping(signal, Instant::now(), action);
                            drop(stage);
                            watch.first.store(signal, Ordering::SeqCst);
                            watch.changed.notify_all();
                            tx.close();
                        }
                        // Second signal: the user does not want to wait for a clean stop.
                        Stage::Stopping(_, _, action) => {
                            *stage = Stage::Stopping(signal, Instant::now(), action);
                            drop(stage);
                            watch.take_over(signal, TakeOver::Again);
                        }
                        // Reporting already, or the watchdog is: a second signal ends it now.
                        Stage::Finishing | Stage::TakenOver => {
                            std::process::exit(ExitCode::Interrupted(signal).code())
                        }
                    }
                }
            })?;
            // Ends early only if a thread ended before it said so.
            for _ in 0..2 {
                let _ = started.recv();
            }
        }
        #[cfg(not(unix))]
        drop(tx);
        Ok(Interrupts { first, watch })
    }

    /// After the first signal, if [`Interrupts::finishing`] has not been called within [`STOP_WITHIN`], or
    /// at a second signal, `action` runs on another thread with the signal's number and why it runs, and
    /// the process then exits with 128 + signal. `action` must not wait for the program's own threads: they may be the ones
    /// that are stuck.
    pub fn on_overdue(&self, action: impl FnOnce(i32, TakeOver) + Send + 'static) {
        let mut stage = self.watch.stage();
        match &mut *stage {
            Stage::Running(slot) | Stage::Stopping(_, _, slot) => *slot = Some(Box::new(action)),
            Stage::Finishing | Stage::TakenOver => {}
        }
        self.watch.changed.notify_all();
    }

    /// The program has stopped its work and reports now: the watchdog stands down. If the watchdog took
    /// over first, this never returns: the watchdog reports instead and ends the process.
    pub fn finishing(&self) {
        let mut stage = self.watch.stage();
        if let Stage::TakenOver = *stage {
            drop(stage);
            loop {
                std::thread::park();
            }
        }
        *stage = Stage::Finishing;
    }

    /// The first signal, if it has come, without waiting: for loops that cannot await.
    pub fn caught(&self) -> Option<i32> {
        Some(self.watch.first.load(Ordering::SeqCst)).filter(|&signal| signal != 0)
    }

    /// Waits for the first signal and returns its number; at once if it came already. (Never returns if
    /// none comes.)
    pub async fn wait(&self) -> i32 {
        // Nothing is ever sent: the channel closes at the first signal, and stays closed.
        let _ = self.first.recv().await;
        match self.caught() {
            Some(signal) => signal,
            None => std::future::pending().await,
        }
    }
}

impl Watch {
    /// The watchdog's loop: after a signal, wait until the program finishes or [`STOP_WITHIN`] passed.
    fn watch(&self) {
        let mut stage = self.stage();
        loop {
            let wait = match &*stage {
                Stage::Running(_) => None,
                Stage::Stopping(signal, since, action) => match STOP_WITHIN.checked_sub(since.elapsed()) {
                    Some(left) if !left.is_zero() => Some(left),
                    // Overdue. Without an action there is nothing to do but let the program go on.
                    _ if action.is_some() => {
                        let signal = *signal;
                        drop(stage);
                        self.take_over(signal, TakeOver::Late);
                    }
                    _ => None,
                },
                Stage::Finishing | Stage::TakenOver => return,
            };
            stage = match wait {
                Some(left) => {
                    self.changed.wait_timeout(stage, left).unwrap_or_else(PoisonError::into_inner).0
                }
                None => self.changed.wait(stage).unwrap_or_else(PoisonError::into_inner),
            };
        }
    }
}

/// Set by [`start_threads`] when threads are scarce: see [`threads_to_start`].
static SCARCE: AtomicBool = AtomicBool::new(false);

/// How many of `wanted` threads to start (at least one) for a pool whose builder cannot take a refusal
/// (tokio's, which panics and then deadlocks unwinding when the system refuses one of its workers):
/// all of them, unless [`start_threads`] found threads scarce; then as many as can be started right now,
/// with one to spare. `Err` if not even one can.
pub fn threads_to_start(wanted: usize) -> std::io::Result<usize> {
    if !SCARCE.load(Ordering::SeqCst) {
        return Ok(wanted);
    }
    let can = probe_threads(wanted + 1)?;
    Ok(can.saturating_sub(1).clamp(1, wanted))
}

/// How many threads [`start_threads`] tries to start before it calls the system unconstrained.
const THREAD_PROBE: usize = 32;
/// The fewest thread stacks catfetch must find room for: async-io's, the blocking pool's, the signal
/// thread's and the watchdog's.
const MIN_STACKS: usize = 4;

/// Starts, up front, the threads the runtime crates start on first use, and checks that the system gives
/// this process threads at all: with them refused, those crates would fail where nobody can answer.
///
/// - async-io starts its `async-io` thread on first use and panics if it cannot (`driver.rs`:
///   "cannot spawn async-io thread"), inside whatever poll first used a timer or a socket. Started here,
///   a refusal is one line and exit 1.
/// - The blocking crate's pool grows a thread at a time; when a spawn fails, `grow_pool` retries forever,
///   holding the pool's lock, because its loop tests a copy of the thread limit taken before the failure
///   (blocking 1.7, `Executor::grow_pool`): every blocking job then waits for good. Where threads are
///   scarce (fewer than `THREAD_PROBE` could be started just now: a low `ulimit -u`, a container's
///   pids.max), or where the limit leaves less room than the pool may grow into beside the run's own
///   threads (`demand`: `--executor threads` takes threads until the system refuses one), the pool gets
///   one thread, started here, and is told never to grow past it: it then never tries a spawn that could
///   fail.
///
/// Call it before any other thread starts. Fails with the sentence to show.
pub fn start_threads(demand: usize) -> Result<(), String> {
    let refused = |what: &str, e: &dyn std::fmt::Display| {
        format!("cannot start {what}: the system refuses this process a thread ({e}); see `ulimit -u`")
    };
    reserve_main_stack()?;
    // A thread that cannot get its stack's memory is not refused: Rust's runtime aborts it as it starts
    // (its signal stack cannot be allocated). So the address-space limit is checked before any starts:
    // catfetch needs room for a few threads' stacks at the least.
    let fit = stacks_that_fit();
    if fit < MIN_STACKS {
        return Err("cannot start: the address-space limit (`ulimit -v`) leaves no room for the stacks of \
                    catfetch's threads"
            .into());
    }
    let available = match threads_may_be_scarce() {
        // No more than fit: a thread whose stack fits but whose signal stack then does not aborts.
        true => probe_threads(THREAD_PROBE.min(fit)).map_err(|e| refused("at all", &e))?,
        false => THREAD_PROBE,
    }
    .min(fit);
    // async-io's thread, through a timer's first poll. Not with async-io's own `block_on`: a guard of it
    // asks for that thread again as the panic unwinds, panics a second time, and the process aborts.
    let first_use = || async_io::Timer::after(Duration::from_millis(1));
    quietly(|| futures_lite::future::block_on(futures_lite::future::poll_once(first_use())))
        .map_err(|_| refused("async-io's reactor thread", &"resource temporarily unavailable"))?;
    // Under an address-space limit, wait until that thread runs (only it fires a timer here): its start-up
    // memory (Rust's signal stack for it) is then taken before the run's, not raced against it.
    if address_space_left().is_some() {
        futures_lite::future::block_on(first_use());
    }
    let cramped = thread_headroom().is_some_and(|room| room < POOL_ROOM.saturating_add(demand));
    if available < THREAD_PROBE {
        SCARCE.store(true, Ordering::SeqCst);
    }
    if available < THREAD_PROBE || cramped {
        if let Some(one) = std::num::NonZeroUsize::new(1) {
            blocking::set_max_blocking_threads(one);
        }
    }
    // The pool's first thread, which then stays (the pool ends threads only above its limit). If that one
    // could not start, the pool would spin forever: a thread like it is tried first.
    std::thread::Builder::new()
        .spawn(|| ())
        .and_then(|thread| thread.join().map_err(|_| std::io::Error::other("it panicked")))
        .map_err(|e| refused("the blocking pool's thread", &e))?;
    futures_lite::future::block_on(blocking::unblock(|| ()));
    Ok(())
}

/// The threads the blocking pool may grow to (blocking 1.7's default limit, 500) with room to spare: below
/// this much room under a thread limit, the pool is kept at one thread (see [`start_threads`]).
const POOL_ROOM: usize = 1024;

/// How many more threads the limits in force allow right now: `ulimit -u` less the threads this user
/// runs (root is exempt), and a cgroup's pids.max less its pids.current; `None` where no limit binds.
fn thread_headroom() -> Option<usize> {
    #[cfg(target_os = "linux")]
    {
        let read = |path: &str| std::fs::read_to_string(path).ok()?.trim().parse::<usize>().ok();
        let cgroup = read("/sys/fs/cgroup/pids.max")
            .zip(read("/sys/fs/cgroup/pids.current"))
            .map(|(max, current)| max.saturating_sub(current));
        // SAFETY: getuid and geteuid read process attributes and cannot fail.
        let (uid, root) = unsafe { (libc::getuid(), libc::geteuid() == 0) };
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit writes only into `limit`.
        let got = unsafe { libc::getrlimit(libc::RLIMIT_NPROC, &mut limit) } == 0;
        let user = (got && limit.rlim_cur != libc::RLIM_INFINITY && !root).then(|| {
            let limit = usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX);
            limit.saturating_sub(threads_of_user(uid))
        });
        match (cgroup, user) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// The threads (tasks) of every process whose real user is `uid`: what `ulimit -u` counts.
#[cfg(target_os = "linux")]
fn threads_of_user(uid: libc::uid_t) -> usize {
    fn field<T: std::str::FromStr>(status: &str, name: &str) -> Option<T> {
        let rest = status.lines().find_map(|line| line.strip_prefix(name))?;
        rest.split_whitespace().next()?.parse().ok()
    }
    let Ok(processes) = std::fs::read_dir("/proc") else { return 0 };
    processes
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("status")).ok())
        .filter(|status| field::<libc::uid_t>(status, "Uid:") == Some(uid))
        .filter_map(|status| field::<usize>(&status, "Threads:"))
        .sum()
}

/// Is a limit on threads in force: `ulimit -u` for a user it binds (root is exempt), or a cgroup's
/// pids.max? Without one, probing would only cost start-up time.
fn threads_may_be_scarce() -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: geteuid reads a process attribute and cannot fail.
        let root = unsafe { libc::geteuid() } == 0;
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit writes only into `limit`.
        let got = unsafe { libc::getrlimit(libc::RLIMIT_NPROC, &mut limit) } == 0;
        let nproc = got && limit.rlim_cur != libc::RLIM_INFINITY && !root;
        let pids = std::fs::read_to_string("/sys/fs/cgroup/pids.max").is_ok_and(|max| max.trim() != "max");
        nproc || pids
    }
    #[cfg(not(target_os = "linux"))]
    true
}

/// How deep the main thread's stack is made ready, under an address-space limit: a few times what its
/// polls were seen to need in a debug build, where futures' frames are largest.
const MAIN_STACK: usize = 1024 * 1024;

/// Under an address-space limit (`ulimit -v`), grows the main thread's stack now, while there is room.
///
/// The kernel grows the main thread's stack a page at a time, as it is first touched; once the limit is
/// reached by other memory (downloads' buffers, the pool's threads), the next page cannot be mapped and
/// the process dies of SIGSEGV with nothing said (seen under `--as`, on a busy machine, in a poll deeper
/// than any before it). Grown up front, the pages stay mapped for the whole run. Without such a limit
/// nothing is done: the pages would only add to the resident memory.
fn reserve_main_stack() -> Result<(), String> {
    let Some(room) = address_space_left() else { return Ok(()) };
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes only into `limit`.
    let stack_limit = match unsafe { libc::getrlimit(libc::RLIMIT_STACK, &mut limit) } {
        0 if limit.rlim_cur != libc::RLIM_INFINITY => usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX),
        _ => usize::MAX,
    };
    // Half of `ulimit -s` at most: the part of the stack in use already, and Rust's guard, stay clear.
    let reserve = MAIN_STACK.min(stack_limit / 2);
    if room < reserve as u64 {
        return Err("cannot start: the address-space limit (`ulimit -v`) leaves no room for catfetch's \
                    stack"
            .into());
    }
    touch_stack(reserve.div_ceil(STACK_FRAME));
    Ok(())
}

/// The stack one [`touch_stack`] call takes.
const STACK_FRAME: usize = 64 * 1024;

/// Touches `frames` x [`STACK_FRAME`] of this thread's stack, from the top down (Rust's stack probes
/// touch each page of a large frame in order).
#[inline(never)]
fn touch_stack(frames: usize) {
    let mut frame = [0u8; STACK_FRAME];
    std::hint::black_box(&mut frame);
    if frames > 1 {
        touch_stack(frames - 1);
    }
    // Used after the call: the frame stays live across it, so the call cannot become a jump.
    std::hint::black_box(&frame);
}

/// How many more thread stacks of Rust's default size fit under the address-space limit (`ulimit -v`), if
/// there is one; else as many as `THREAD_PROBE` asks.
fn stacks_that_fit() -> usize {
    let Some(room) = address_space_left() else { return THREAD_PROBE };
    // A 2 MiB stack, its guard page and its signal stack, rounded up.
    let per_thread = 2 * 1024 * 1024 + 64 * 1024;
    usize::try_from(room / per_thread).unwrap_or(usize::MAX).min(THREAD_PROBE)
}

/// Is there room, under the address-space limit if there is one, for a thread with a `stack`-byte stack
/// and the memory its work takes? Rust's runtime aborts a thread whose signal stack cannot be allocated as
/// it starts, past anyone's reach: so where the limit is tight, no thread is started (`executor.rs`).
pub fn room_for_thread(stack: usize) -> bool {
    const WORK: u64 = 4 * 1024 * 1024;
    address_space_left().is_none_or(|room| room >= stack as u64 + WORK)
}

/// The address space left under `ulimit -v`, or `None` without such a limit.
fn address_space_left() -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        static LIMIT: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
        let limit = (*LIMIT.get_or_init(|| {
            let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            // SAFETY: getrlimit writes only into `limit`.
            let got = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) } == 0;
            (got && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
        }))?;
        // The size of the address space in use, in pages: /proc/self/statm's first figure.
        let used_pages: u64 = std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|statm| statm.split_whitespace().next()?.parse().ok())
            .unwrap_or(0);
        Some(limit.saturating_sub(used_pages.saturating_mul(4096)))
    }
    #[cfg(not(target_os = "linux"))]
    None
}

thread_local! {
    /// How many [`quietly`] calls run on this thread: the panic hook says nothing inside them.
    static QUIET: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Runs `f`, a call into a dependency known to panic where it should fail (async-io and tokio when the
/// system refuses them a thread), and turns its panic into `Err(message)`, printed nowhere: the caller
/// says what failed, in one line. Other panics are reported as before.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // `try_with`: a panic as a thread starts or ends may come when its thread-locals are gone.
            if QUIET.try_with(|depth| depth.get()).unwrap_or(0) == 0 {
                previous(info);
            }
        }));
    });
    QUIET.with(|depth| depth.set(depth.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|depth| depth.set(depth.get() - 1));
    result.map_err(|payload| {
        let said = payload.downcast_ref::<String>().map(String::as_str);
        said.or_else(|| payload.downcast_ref::<&str>().copied()).unwrap_or("panic").to_owned()
    })
}

/// How many threads (up to `most`) this process can start right now: started, parked, then released.
/// Fails if not even one can be.
fn probe_threads(most: usize) -> std::io::Result<usize> {
    let (release, released) = std::sync::mpsc::channel::<()>();
    let released = Arc::new(Mutex::new(released));
    let mut started = Vec::new();
    let mut first_error = None;
    for _ in 0..most {
        let released = released.clone();
        // The default stack, as the threads to come will have: under an address-space limit, a stack is
        // what runs out.
        match std::thread::Builder::new().spawn(move || {
            let _ = released.lock().map(|r| r.recv());
        }) {
            Ok(handle) => started.push(handle),
            Err(e) => {
                first_error = Some(e);
                break;
            }
        }
    }
    let count = started.len();
    drop(release);
    for handle in started {
        let _ = handle.join();
    }
    match (count, first_error) {
        (0, Some(e)) => Err(e),
        _ => Ok(count),
    }
}

/// Asks glibc's malloc for one arena shared by all threads, instead of one per thread that allocates.
///
/// Our threads (executor workers, the blocking pool) allocate little, and every extra arena keeps its own
/// free memory: with one arena a big run's peak memory is smaller, in the same time.
/// (`MALLOC_ARENA_MAX=1` in the environment does the same, for whoever starts us.) Elsewhere than glibc,
/// it does nothing.
///
/// # Safety
///
/// Call it before the process has any other thread. glibc keeps the setting in a plain global that each
/// thread's `malloc` reads, without a lock, when it looks for an arena: changing it while another thread
/// may be allocating is a data race.
pub unsafe fn one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: our caller promises that no other thread exists, so nobody reads the setting as it changes.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
