//! What the operating system imposes on a run: signals (Ctrl-C, SIGTERM) and the open-file limit; and what
//! it counts for each thread (see `polls.rs`). (Temp files left by runs that were killed are `disk.rs`'s.)
//!
//! This is edge code: `main` uses it, the download core does not. The core only sees a `stop` future.

use std::sync::atomic::{AtomicI32, Ordering};
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
type Overdue = Box<dyn FnOnce(i32) + Send>;

impl Watch {
    fn stage(&self) -> MutexGuard<'_, Stage> {
        // A poisoned lock means a thread panicked while changing the stage: the stage itself is whole.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the action over (at most once) and runs it; ends the process.
    fn take_over(&self, signal: i32) -> ! {
        let action = match std::mem::replace(&mut *self.stage(), Stage::TakenOver) {
            Stage::Running(action) | Stage::Stopping(_, _, action) => action,
            Stage::Finishing | Stage::TakenOver => None,
        };
        if let Some(action) = action {
            action(signal);
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
            let watchdog = watch.clone();
            std::thread::Builder::new().name("watchdog".into()).spawn(move || watchdog.watch())?;
            let watch = watch.clone();
            std::thread::Builder::new().name("signals".into()).spawn(move || {
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
                            watch.take_over(signal);
                        }
                        // Reporting already, or the watchdog is: a second signal ends it now.
                        Stage::Finishing | Stage::TakenOver => {
                            std::process::exit(ExitCode::Interrupted(signal).code())
                        }
                    }
                }
            })?;
        }
        #[cfg(not(unix))]
        drop(tx);
        Ok(Interrupts { first, watch })
    }

    /// After the first signal, if [`Interrupts::finishing`] has not been called within [`STOP_WITHIN`], or
    /// at a second signal, `action` runs on another thread with the signal's number, and the process then
    /// exits with 128 + signal. `action` must not wait for the program's own threads: they may be the ones
    /// that are stuck.
    pub fn on_overdue(&self, action: impl FnOnce(i32) + Send + 'static) {
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
                        self.take_over(signal);
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

/// What the OS has counted for the calling thread so far: its CPU time, how often it gave up the CPU to
/// wait (blocked in a system call, on a lock, on the disk) and how often the CPU was taken from it while it
/// could have run on (preempted by other work on a busy machine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadUsage {
    /// User and system CPU time.
    pub cpu: Duration,
    /// Voluntary context switches.
    pub blocked: u64,
    /// Involuntary context switches.
    pub preempted: u64,
}

/// The calling thread's [`ThreadUsage`], where the OS keeps it per thread (Linux); `None` elsewhere.
pub fn thread_usage() -> Option<ThreadUsage> {
    #[cfg(target_os = "linux")]
    {
        let usage = rusage(libc::RUSAGE_THREAD)?;
        Some(ThreadUsage {
            cpu: cpu_time(&usage),
            blocked: usage.ru_nvcsw as u64,
            preempted: usage.ru_nivcsw as u64,
        })
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// CPU time used so far by the whole machine and by this process (all its threads, the in-process origin's
/// included), so that `compare` can tell how much other processes took while a run went on: on a busy
/// machine a run is slower than the model says, and the table names the machine instead of blaming the
/// model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpuClocks {
    /// Busy time of every core together, from `/proc/stat` (hypervisor steal included: it is CPU this
    /// machine wanted and did not get).
    machine: Duration,
    /// This process's user and system time.
    process: Duration,
}

impl CpuClocks {
    /// The clocks now; `None` where the OS does not say (outside Linux, or without `/proc`).
    pub fn now() -> Option<CpuClocks> {
        #[cfg(target_os = "linux")]
        {
            // SAFETY: sysconf only reads a system constant.
            let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
            let machine =
                machine_busy(&std::fs::read_to_string("/proc/stat").ok()?, u64::try_from(ticks).ok()?)?;
            Some(CpuClocks { machine, process: cpu_time(&rusage(libc::RUSAGE_SELF)?) })
        }
        #[cfg(not(target_os = "linux"))]
        None
    }

    /// CPU time that other processes used between `earlier` and these clocks (never negative: the
    /// machine's clock ticks in hundredths of a second, this process's more finely).
    pub fn others_since(&self, earlier: &CpuClocks) -> Duration {
        let machine = self.machine.saturating_sub(earlier.machine);
        machine.saturating_sub(self.process.saturating_sub(earlier.process))
    }
}

/// What the OS has counted for `who` (`RUSAGE_THREAD`, `RUSAGE_SELF`, ...).
#[cfg(target_os = "linux")]
fn rusage(who: libc::c_int) -> Option<libc::rusage> {
    // SAFETY: rusage is plain integers and timevals, for which all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage that outlives the call; getrusage only writes into it.
    (unsafe { libc::getrusage(who, &mut usage) } == 0).then_some(usage)
}

/// User plus system CPU time of a [`rusage`].
#[cfg(target_os = "linux")]
fn cpu_time(usage: &libc::rusage) -> Duration {
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// The busy time of all cores together in `/proc/stat`'s text: its first line, `cpu  user nice system idle
/// iowait irq softirq steal ...`, in clock ticks of `1 / ticks_per_sec` s. Idle and I/O wait are not busy.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn machine_busy(stat: &str, ticks_per_sec: u64) -> Option<Duration> {
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .strip_prefix("cpu ")?
        .split_whitespace()
        .map(|field| field.parse().ok())
        .collect::<Option<_>>()?;
    let [user, nice, system, _idle, _iowait, irq, softirq, steal, ..] = fields[..] else { return None };
    let busy = user + nice + system + irq + softirq + steal;
    (ticks_per_sec > 0).then(|| Duration::from_secs_f64(busy as f64 / ticks_per_sec as f64))
}

/// Raises the soft open-file limit as far as the hard limit allows ([`raise_open_file_limit`]), then
/// returns the most downloads that can be in flight within it without running out of file descriptors.
/// `None` when there is no limit to respect.
///
/// Each download in flight holds a socket and a temp file, and a third descriptor when the origin runs in
/// this process (`--demo`, `compare`: its end of the connection). 64 descriptors are kept for everything
/// else (async-io's reactor, stdio, the directory operations on the blocking pool).
pub fn raise_open_file_limit_for_jobs(origin_in_process: bool) -> Option<usize> {
    let limit = raise_open_file_limit()?;
    let per_download = if origin_in_process { 3 } else { 2 };
    let usable = usize::try_from(limit).unwrap_or(usize::MAX).saturating_sub(64) / per_download;
    Some(usable.max(1))
}

/// Raises the soft open-file limit to the hard one, and returns the limit now in force (`None`: unknown,
/// or no limit at all).
///
/// The soft limit is a default (often 1024), which the hard limit lets a process raise for itself. Each
/// download in flight, and each connection to the built-in origin, holds a descriptor or two: thousands in
/// flight need thousands of descriptors.
pub fn raise_open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit/setrlimit only read and write the struct we pass.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return None;
            }
            if limit.rlim_cur < limit.rlim_max {
                let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    limit = raised;
                }
            }
        }
        // rlim_t is u64 on most Unix systems, narrower on some 32-bit ones.
        #[allow(clippy::unnecessary_cast)]
        (limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur as u64)
    }
    #[cfg(not(unix))]
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_machine_is_busy_for_user_nice_system_irq_softirq_and_steal_ticks_only() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        let stat = "cpu  100 20 30 5000 400 5 6 7 50 0\ncpu0 50 10 15 2500 200 2 3 3 25 0\nintr 1 2 3\n";
        assert_eq!(machine_busy(stat, 100), Some(Duration::from_millis(1680)));
        assert_eq!(machine_busy("cpu  1 2 3\n", 100), None, "too few fields");
        assert_eq!(machine_busy("intr 1 2 3 4 5 6 7 8\n", 100), None, "not the cpu line");
        assert_eq!(machine_busy("cpu  1 2 x 4 5 6 7 8\n", 100), None);
    }

    #[test]
    fn cpu_that_another_process_burns_is_counted_as_others_and_ours_as_ours() {
        // No /proc/stat: nothing to measure.
        let Some(start) = CpuClocks::now() else { return };
        // Another process spins while this one sleeps: what it burns shows up as others'. How fast depends
        // on what else the machine runs, so wait for it (boundedly) instead of for a fixed time.
        let mut spinner =
            std::process::Command::new("sh").args(["-c", "while :; do :; done"]).spawn().unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let mut others = Duration::ZERO;
        while others < Duration::from_millis(200) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            others = CpuClocks::now().unwrap().others_since(&start);
        }
        spinner.kill().unwrap();
        spinner.wait().unwrap();
        assert!(others >= Duration::from_millis(200), "in 20 s, others used only {others:?}");
        // This process's own work is its own: spinning here moves the process clock.
        let start = CpuClocks::now().unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let mut x = 0u64;
        let mut ours = Duration::ZERO;
        while ours < Duration::from_millis(100) && std::time::Instant::now() < deadline {
            for _ in 0..100_000 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
            }
            ours = CpuClocks::now().unwrap().process - start.process;
        }
        assert!(ours >= Duration::from_millis(100), "in 20 s of spinning, our process clock moved {ours:?}");
    }

    #[test]
    fn the_job_limit_leaves_room_for_everything_else() {
        if let (Some(alone), Some(with_origin)) =
            (raise_open_file_limit_for_jobs(false), raise_open_file_limit_for_jobs(true))
        {
            assert!(alone >= with_origin && with_origin >= 1);
        }
    }
}
