//! What the OS counts for each thread and for the whole machine: CPU time, voluntary and involuntary
//! context switches (`getrusage`), and the CPU that other processes took meanwhile (`/proc/stat`). The
//! poll recorder (`polls.rs`) and `compare` read them.

use std::time::Duration;

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
            // The core's clock, the one `--cpu-per-cat` measures its work with.
            cpu: catfetch_core::work::thread_cpu_time(),
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
    duration(usage.ru_utime) + duration(usage.ru_stime)
}

/// A `timeval` (seconds and microseconds) as a [`Duration`]; a negative field counts as zero.
#[cfg(unix)]
pub(crate) fn duration(time: libc::timeval) -> Duration {
    let secs = u64::try_from(time.tv_sec).unwrap_or(0);
    let micros = u32::try_from(time.tv_usec).unwrap_or(0);
    Duration::from_secs(secs) + Duration::from_micros(micros.into())
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

    #[cfg(target_os = "linux")]
    #[test]
    fn cpu_that_another_process_burns_is_counted_as_others() {
        let start = CpuClocks::now().expect("/proc/stat and getrusage");
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
    }

    #[test]
    fn our_own_cpu_time_is_not_counted_as_others() {
        let clocks = |machine, process| CpuClocks {
            machine: Duration::from_millis(machine),
            process: Duration::from_millis(process),
        };
        let start = clocks(10_000, 2_000);
        assert_eq!(clocks(10_500, 2_400).others_since(&start), Duration::from_millis(100));
        assert_eq!(clocks(10_500, 2_500).others_since(&start), Duration::ZERO, "all ours");
        // The machine's clock ticks coarsely: ours may seem to outrun it.
        assert_eq!(clocks(10_010, 2_015).others_since(&start), Duration::ZERO, "never negative");
    }
}
