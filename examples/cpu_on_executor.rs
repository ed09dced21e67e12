//! CPU work inside a task stalls every other task on its thread; `smol::unblock` moves it to the blocking
//! pool.
//!
//! Four jobs each hash until their thread has used 100 ms of processor time, on a `LocalExecutor`: one thread
//! polls every task, and beside the jobs a ticker wants a turn every 10 ms. A task runs until its next
//! `.await`, and hashing has none:
//!
//! 1. In the task: each job holds the one thread from start to end, so the jobs run one after another and
//!    the ticker gets no turn until all are done.
//! 2. In `smol::unblock(..)`: each job runs on a thread of the blocking pool while its task awaits it: the
//!    jobs share the machine's cores and the ticker keeps its turns.
//!
//! The times are wall-clock times: on a machine busy with other programs, all of them stretch.
//!
//! ```sh
//! cargo run --example cpu_on_executor
//! ```

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use smol::{LocalExecutor, Timer};

const JOBS: usize = 4;
const JOB: Duration = Duration::from_millis(100);
const TICK: Duration = Duration::from_millis(10);

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{JOBS} jobs of 100 ms of CPU each, one thread polls all tasks, {cores} cores:");
    for (name, unblock) in [("in the task", false), ("smol::unblock", true)] {
        let (took, wait) = run(unblock);
        println!(
            "  {name:<13}  all done after {:>3} ms; the ticker (every 10 ms) waited up to {:>3} ms",
            took.as_millis(),
            wait.as_millis()
        );
    }
}

/// Runs the jobs beside the ticker: how long until all were done, and the longest the ticker waited.
fn run(unblock: bool) -> (Duration, Duration) {
    let executor = LocalExecutor::new();
    let longest_wait = Rc::new(Cell::new(Duration::ZERO));
    let _ticker = executor.spawn(ticker(longest_wait.clone()));
    let started = Instant::now();
    let jobs: Vec<_> = (0..JOBS)
        .map(|_| {
            executor.spawn(async move {
                if unblock {
                    smol::unblock(|| busy(JOB)).await
                } else {
                    busy(JOB)
                }
            })
        })
        .collect();
    let took = smol::block_on(executor.run(async {
        for job in jobs {
            job.await;
        }
        let took = started.elapsed();
        Timer::after(TICK).await; // one more turn for the ticker, to count the wait it just had
        took
    }));
    (took, longest_wait.get())
}

/// Wants a turn every [`TICK`]; keeps in `longest` the longest it had to wait for one.
async fn ticker(longest: Rc<Cell<Duration>>) {
    loop {
        let asked = Instant::now();
        Timer::after(TICK).await;
        longest.set(longest.get().max(asked.elapsed()));
    }
}

/// CPU work with no `.await` in it: hashes (FNV-1a) until this thread has used `cpu` of processor time. Its own
/// clock, not the wall clock: the work is the same however busy the machine is.
fn busy(cpu: Duration) -> u64 {
    let (start, mut hash) = (thread_cpu_time(), 0xcbf2_9ce4_8422_2325_u64);
    while thread_cpu_time() - start < cpu {
        for i in 0..10_000 {
            hash = (hash ^ std::hint::black_box(i)).wrapping_mul(0x100_0000_01b3);
        }
    }
    hash
}

/// The processor time this thread has used so far.
#[cfg(unix)]
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec we pass, which lives through the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// No per-thread clock here: the time since the first call stands in (the same on an idle machine).
#[cfg(not(unix))]
fn thread_cpu_time() -> Duration {
    static FIRST: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    FIRST.get_or_init(Instant::now).elapsed()
}
