//! What the operating system imposes on a run: signals (Ctrl-C, SIGTERM), the open-file limit, and temp
//! files left by runs that were killed; and what it counts for each thread (see `polls.rs`).
//!
//! This is edge code: `main` uses it, the download core does not. The core only sees a `stop` future.

use std::path::Path;
use std::time::Duration;

use crate::naming;

/// Signal numbers, as exit statuses use them (128 + signal).
pub const SIGINT: i32 = 2;
/// SIGTERM's number.
pub const SIGTERM: i32 = 15;

/// Ctrl-C and SIGTERM as a future: [`Interrupts::wait`] completes at the first one.
///
/// A dedicated thread waits for signals (signal-hook's iterator: the handler only writes to a pipe, which
/// is all a signal handler may safely do) and forwards the first one over a channel. A second signal means
/// the user does not want to wait for a clean stop: the process exits at once with 128 + signal.
pub struct Interrupts {
    first: smol::channel::Receiver<i32>,
}

impl Interrupts {
    /// Starts listening for SIGINT and SIGTERM. On platforms without them, never fires.
    pub fn listen() -> std::io::Result<Interrupts> {
        let (tx, first) = smol::channel::bounded(1);
        #[cfg(unix)]
        {
            let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
            std::thread::Builder::new().name("signals".into()).spawn(move || {
                let mut seen = false;
                for signal in signals.forever() {
                    if seen {
                        // Second Ctrl-C: stop now. A later run removes any temp file left behind.
                        std::process::exit(128 + signal);
                    }
                    seen = true;
                    let _ = tx.try_send(signal);
                }
            })?;
        }
        #[cfg(not(unix))]
        drop(tx);
        Ok(Interrupts { first })
    }

    /// The first signal, if it has come, without waiting: for loops that cannot await. It is returned
    /// once; later calls (and [`Interrupts::wait`]) do not see it again.
    pub fn caught(&self) -> Option<i32> {
        self.first.try_recv().ok()
    }

    /// Waits for the first signal and returns its number (never returns if none comes).
    pub async fn wait(&self) -> i32 {
        match self.first.recv().await {
            Ok(signal) => signal,
            Err(_) => std::future::pending().await,
        }
    }
}

/// Asks glibc's malloc for one arena shared by all threads, instead of one per thread that allocates.
///
/// Our threads (executor workers, libcurl agents, the blocking pool) allocate little, and every extra
/// arena keeps its own free memory: with one arena a big run's peak memory is smaller, in the same time.
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
        // SAFETY: rusage is plain integers and timevals, for which all-zero bytes are a valid value.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `usage` is a valid, writable rusage that outlives the call; getrusage only writes into it.
        if unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) } != 0 {
            return None;
        }
        let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
        Some(ThreadUsage {
            cpu: time(usage.ru_utime) + time(usage.ru_stime),
            blocked: usage.ru_nvcsw as u64,
            preempted: usage.ru_nivcsw as u64,
        })
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// The most downloads that can be in flight without running out of file descriptors, after raising the
/// soft open-file limit as far as the hard limit allows ([`raise_open_file_limit`]). `None` when there is
/// no limit to respect.
///
/// Each download in flight holds a socket and a temp file, and a third descriptor when the origin runs in
/// this process (`--demo`, `compare`: its end of the connection). 64 descriptors are kept for everything
/// else (libcurl's own, stdio, the directory operations on the blocking pool).
pub fn max_jobs(origin_in_process: bool) -> Option<usize> {
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

/// Removes temp files in `dir` left by catfetch runs whose process is gone (killed, or a power cut).
/// A live run's files (its process still exists) are never touched. Returns how many were removed.
pub fn remove_stale_temp_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let me = std::process::id();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(naming::temp_pid) else { continue };
        if pid != me && !process_exists(pid) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Does a process with this id exist (ours or anyone's)?
fn process_exists(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
        // SAFETY: signal 0 sends nothing; kill only checks that the process exists and may be signalled.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        // EPERM: it exists but belongs to someone else. Only ESRCH means gone.
        alive || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true // cannot tell: never remove
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_own_process_exists_and_a_reaped_child_does_not() {
        assert!(process_exists(std::process::id()));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!process_exists(pid), "pid {pid} still exists");
    }

    #[test]
    fn stale_temp_files_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live = std::process::id();
        let stale = naming::temp_name("3", dead);
        let ours = naming::temp_name("4", live);
        for name in [&stale, &ours, &"3.jpg".to_owned(), &".hidden".to_owned()] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        assert_eq!(remove_stale_temp_files(dir.path()), 1);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [".4.catfetch-".to_owned() + &live.to_string() + ".part", ".hidden".into(), "3.jpg".into()]
        );
    }

    #[test]
    fn the_job_limit_leaves_room_for_everything_else() {
        if let (Some(alone), Some(with_origin)) = (max_jobs(false), max_jobs(true)) {
            assert!(alone >= with_origin && with_origin >= 1);
        }
    }
}
