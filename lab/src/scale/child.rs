//! One measurement: a child process, and what it cost, measured from outside.
//!
//! The figures come from the kernel, about that child alone:
//! - `wait4(pid)` reaps it and returns its own `rusage`: CPU time and context switches. (`getrusage`
//!   with `RUSAGE_CHILDREN` would add up every child reaped so far, and a thread's figures would miss
//!   the others.)
//! - `/proc/PID/status`, read every [`SAMPLE_EVERY`] while it runs: `Threads:` now (the peak is the
//!   largest seen) and `VmHWM:`, the kernel's high-water mark of its resident memory.
//!
//! Peak memory is `VmHWM`, not `ru_maxrss`: `Command` starts children with `vfork`-style `posix_spawn`,
//! and at `exec` the kernel folds the high-water mark of the memory the child was using until then, the
//! *parent's*, into the child's `ru_maxrss`. A parent serving 10 000 connections would make every later
//! child look that big. `VmHWM` belongs to the child's own address space, made at `exec`; sampling it
//! misses only growth in the last moments before exit, when a run is tearing down.
//!
//! Waiting is a loop of `wait4(WNOHANG)` and a short sleep on this thread, rather than a blocking wait
//! with a sampler thread beside it: a process id is only read from `/proc` while it is still ours (not
//! yet reaped), so it can never be another process's that reused the number.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How often a running child's threads and memory are sampled (and its exit checked).
pub const SAMPLE_EVERY: Duration = Duration::from_millis(2);

/// What a child cost.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Usage {
    /// From start to exit.
    pub wall: Duration,
    /// The most memory it had resident at once, in KiB.
    pub peak_rss_kib: u64,
    /// The most threads it had at once (sampled).
    pub peak_threads: u64,
    /// Times it gave up the CPU to wait (I/O, a lock, a futex): a thread with nothing to do.
    pub voluntary_switches: u64,
    /// Times the scheduler took the CPU from it: more runnable threads than cores.
    pub involuntary_switches: u64,
    /// CPU time in its own code and libraries.
    pub cpu_user: Duration,
    /// CPU time in the kernel on its behalf (sockets, files, thread creation, page faults).
    pub cpu_sys: Duration,
}

/// How a child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// It exited with this status.
    Exited(i32),
    /// A signal killed it (one we did not send).
    Signalled(i32),
    /// It ran past the time limit and was killed.
    TimedOut(Duration),
    /// We were interrupted by this signal and passed it on.
    Interrupted(i32),
}

/// A finished child: its cost, how it ended, and the last line it wrote on stderr (its error, if any).
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// What it cost.
    pub usage: Usage,
    /// How it ended.
    pub ending: Ending,
    /// What it said last on stderr (its first panic's message, if it panicked), without control
    /// characters, at most `LAST_LINE_CHARS` of them.
    pub last_line: Option<String>,
}

/// How much of a child's last stderr line is kept.
pub const LAST_LINE_CHARS: usize = 300;

impl Measured {
    /// Why this run does not count, as a sentence; `None` when it exited 0.
    pub fn error(&self) -> Option<String> {
        let said = self.last_line.as_deref().map(|line| format!(": {line}")).unwrap_or_default();
        match self.ending {
            Ending::Exited(0) => None,
            Ending::Exited(code) => Some(format!("exited with status {code}{said}")),
            Ending::Signalled(signal) => {
                let hint =
                    if signal == libc::SIGKILL { " (not by catfetch scale: out of memory?)" } else { "" };
                Some(format!("killed by {}{hint}{said}", signal_name(signal)))
            }
            Ending::TimedOut(limit) => {
                Some(format!("still running after {} s (--time-limit): killed{said}", limit.as_secs_f64()))
            }
            Ending::Interrupted(signal) => Some(format!("interrupted ({}){said}", signal_name(signal))),
        }
    }
}

/// Runs `command` to its end and measures it. Its stdin and stdout are closed; stderr is read for its last
/// line. It runs in its own process group, so a Ctrl-C at the terminal reaches only us: `stop` is asked
/// between samples, and a signal it returns is passed on, once. Past `time_limit` the child is killed.
///
/// Errors: the child could not be started, or waiting for it failed.
pub fn measure(
    mut command: Command,
    time_limit: Duration,
    mut stop: impl FnMut() -> Option<i32>,
) -> std::io::Result<Measured> {
    use std::os::unix::process::CommandExt;
    let started = Instant::now();
    // SAFETY: the closure runs in the child between fork and exec, and calls only prctl, which is
    // async-signal-safe: it allocates nothing and takes no lock.
    unsafe {
        command.pre_exec(|| {
            // If catfetch scale dies (even by SIGKILL), the child dies with it: none is left running.
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).process_group(0).spawn()?;
    let _current = Current::set(child.id());
    let last_line = last_line_of(child.stderr.take());
    let result = wait_sampling(&mut child, started, time_limit, &mut stop);
    if result.is_err() {
        // Never leave a child running: kill and reap it (std's own wait, since ours failed).
        let _ = child.kill();
        let _ = child.wait();
    }
    let (usage, ending) = result?;
    let last_line = last_line.join().unwrap_or_default();
    Ok(Measured { usage, ending, last_line })
}

/// The process group of the child being measured (its id; 0: none), for [`kill_current`].
static CURRENT: AtomicI32 = AtomicI32::new(0);

/// Marks the child being measured while it lives.
struct Current;

impl Current {
    fn set(pid: u32) -> Current {
        CURRENT.store(i32::try_from(pid).unwrap_or(0), Ordering::SeqCst);
        Current
    }
}

impl Drop for Current {
    fn drop(&mut self) {
        CURRENT.store(0, Ordering::SeqCst);
    }
}

/// Kills the child being measured, and its whole process group, at once: for an exit that cannot wait for
/// it (a stop that is overdue, `main.rs`).
pub fn kill_current() {
    let pid = CURRENT.load(Ordering::SeqCst);
    if pid > 0 {
        // SAFETY: killpg only sends a signal, to the group our child leads (it may have just exited: then
        // the call fails harmlessly, or the group is a zombie's that nobody reused: ids are not reused
        // before we reap it).
        unsafe { libc::killpg(pid, libc::SIGKILL) };
    }
}

/// The sampling loop: samples `/proc`, reaps the child when it has exited, enforces the time limit and
/// passes on interrupts.
fn wait_sampling(
    child: &mut Child,
    started: Instant,
    time_limit: Duration,
    stop: &mut dyn FnMut() -> Option<i32>,
) -> std::io::Result<(Usage, Ending)> {
    let pid = libc::pid_t::try_from(child.id()).map_err(std::io::Error::other)?;
    let mut usage = Usage::default();
    let mut sent: Option<Ending> = None;
    loop {
        if let Some((threads, hwm)) = sample(pid) {
            usage.peak_threads = usage.peak_threads.max(threads);
            usage.peak_rss_kib = usage.peak_rss_kib.max(hwm);
        }
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value of this plain C struct.
        let mut rusage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: wait4 writes only to the two locals we pass; `pid` is our own unreaped child.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut rusage) };
        if reaped == pid {
            usage.wall = started.elapsed();
            usage.voluntary_switches = u64::try_from(rusage.ru_nvcsw).unwrap_or(0);
            usage.involuntary_switches = u64::try_from(rusage.ru_nivcsw).unwrap_or(0);
            usage.cpu_user = crate::clocks::duration(rusage.ru_utime);
            usage.cpu_sys = crate::clocks::duration(rusage.ru_stime);
            // A zombie has no memory left to sample: a child that was never sampled alive (it exited within
            // the first interval) falls back to the kernel's own figure.
            if usage.peak_rss_kib == 0 {
                usage.peak_rss_kib = u64::try_from(rusage.ru_maxrss).unwrap_or(0);
            }
            let ending = match sent {
                Some(ending) => ending,
                None if libc::WIFSIGNALED(status) => Ending::Signalled(libc::WTERMSIG(status)),
                None => Ending::Exited(libc::WEXITSTATUS(status)),
            };
            return Ok((usage, ending));
        }
        if reaped == -1 {
            let error = std::io::Error::last_os_error();
            if error.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(error);
        }
        if sent.is_none() {
            // To the child's whole process group (its id, as it leads it): anything it started goes too,
            // and nothing is left holding its stderr open.
            if started.elapsed() > time_limit {
                // SAFETY: killpg only sends a signal, to the group our unreaped child leads.
                unsafe { libc::killpg(pid, libc::SIGKILL) };
                sent = Some(Ending::TimedOut(time_limit));
            } else if let Some(signal) = stop() {
                // SAFETY: as above.
                unsafe { libc::killpg(pid, signal) };
                sent = Some(Ending::Interrupted(signal));
            }
        }
        thread::sleep(SAMPLE_EVERY);
    }
}

/// `Threads:` and `VmHWM:` (KiB) of a running process; `None` once it is gone or a zombie.
fn sample(pid: libc::pid_t) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find_map(|line| line.strip_prefix(name))?;
        line.trim().trim_end_matches("kB").trim().parse().ok()
    };
    Some((field("Threads:")?, field("VmHWM:")?))
}

/// Reads the child's stderr to its end on its own thread (a child blocked on a full pipe would never
/// exit), keeping what best says why it failed: the message of its first panic (a backtrace and the
/// panics that follow it, during unwinding, say less), else its last non-empty line that is not a `note:`.
fn last_line_of(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Option<String>> {
    thread::spawn(move || {
        let mut reader = BufReader::new(pipe?);
        let (mut last, mut panic, mut panicking) = (None, None, false);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
            let text: String = String::from_utf8_lossy(&line).chars().filter(|c| !c.is_control()).collect();
            let text: String = text.trim().chars().take(LAST_LINE_CHARS).collect();
            line.clear();
            if text.is_empty() || text.starts_with("note: ") {
                continue;
            }
            if panicking && panic.is_none() {
                panic = Some(format!("panicked: {text}"));
            }
            // Rust's panic report: "thread 'main' (1234) panicked at src/file.rs:1:2:", then the message.
            panicking = text.starts_with("thread '") && text.contains(" panicked at ");
            last = Some(text);
        }
        panic.or(last)
    })
}

/// `SIGABRT` for 6: the signals a failed run is likely to end with, by name; others by number.
fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGINT => "SIGINT",
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGTERM => "SIGTERM",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGXFSZ => "SIGXFSZ",
        _ => return format!("signal {signal}"),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.arg("-c").arg(script);
        command
    }

    #[test]
    fn a_child_that_succeeds_has_its_own_figures_and_no_error() {
        let measured = measure(sh("sleep 0.05"), Duration::from_secs(10), || None).unwrap();
        assert_eq!(measured.ending, Ending::Exited(0));
        assert_eq!(measured.error(), None);
        let usage = measured.usage;
        assert!(usage.wall >= Duration::from_millis(50), "{usage:?}");
        assert!(usage.peak_threads >= 1 && usage.peak_rss_kib > 0, "{usage:?}");
        assert!(usage.voluntary_switches >= 1, "sleeping is waiting: {usage:?}");
    }

    #[test]
    fn a_failing_child_says_why_in_its_last_line() {
        let measured = measure(
            sh("echo starting >&2; printf 'catfetch: \\033[31mno\\n\\n' >&2; exit 3"),
            Duration::from_secs(10),
            || None,
        )
        .unwrap();
        assert_eq!(measured.error().as_deref(), Some("exited with status 3: catfetch: [31mno"));
    }

    #[test]
    fn a_panic_is_told_by_its_message_not_by_its_backtrace() {
        let script = "printf 'starting\\n\\nthread '\\''main'\\'' (12) panicked at src/agent.rs:242:22:\\n\
                      agent thread terminated prematurely\\nstack backtrace:\\n  0: main\\n\
                      note: run with RUST_BACKTRACE=full\\nthread caused non-unwinding panic. aborting.\\n' >&2; exit 101";
        let measured = measure(sh(script), Duration::from_secs(10), || None).unwrap();
        assert_eq!(
            measured.error().as_deref(),
            Some("exited with status 101: panicked: agent thread terminated prematurely")
        );
    }

    #[test]
    fn a_crash_and_a_time_limit_are_rows_not_panics() {
        let crashed = measure(sh("kill -ABRT $$"), Duration::from_secs(10), || None).unwrap();
        assert_eq!(crashed.ending, Ending::Signalled(libc::SIGABRT));
        assert_eq!(crashed.error().as_deref(), Some("killed by SIGABRT"));

        let started = Instant::now();
        let slow = measure(sh("sleep 30"), Duration::from_millis(200), || None).unwrap();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(slow.ending, Ending::TimedOut(Duration::from_millis(200)));
        assert!(slow.error().unwrap().starts_with("still running after 0.2 s (--time-limit): killed"));
    }

    #[test]
    fn an_interrupt_is_passed_on_once() {
        let mut asked = 0;
        let measured = measure(sh("sleep 30"), Duration::from_secs(10), || {
            asked += 1;
            (asked == 3).then_some(libc::SIGTERM)
        })
        .unwrap();
        assert_eq!(measured.ending, Ending::Interrupted(libc::SIGTERM));
        assert_eq!(asked, 3, "not asked again once passed on");
    }

    #[test]
    fn a_program_that_does_not_exist_is_an_error_not_a_panic() {
        let error =
            measure(Command::new("/nonexistent/catfetch"), Duration::from_secs(1), || None).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
    }
}
