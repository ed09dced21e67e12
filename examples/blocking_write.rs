//! A blocking write stalls every task on its thread; `async_fs` (Rust's aiofiles) moves it to the blocking
//! pool.
//!
//! Four cats are "downloaded" (a 100 ms timer stands for the network) and written, on a `LocalExecutor`:
//! one thread polls every task, and beside the cats a ticker wants a turn every 10 ms. Each cat's file sits
//! on a slow "disk": a named pipe that a thread empties 16 KiB every 10 ms. A 256 KiB picture is more than
//! the pipe holds (64 KiB on Linux), so writing it really blocks in the kernel until the disk has taken
//! the rest, as a write to a slow device does. The writing code has no sleep in it.
//!
//! 1. `std::fs::write`: the write holds the one thread, so the cats are written one after another and the
//!    ticker gets no turn until all are.
//! 2. `async_fs::write`: the same write, on a thread of the blocking pool, while the task awaits it: the
//!    writes overlap and the ticker keeps its turns.
//!
//! ```sh
//! cargo run --example blocking_write
//! ```

use std::cell::Cell;
use std::io;
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use smol::{LocalExecutor, Timer};
use support::slow_disk;

#[path = "support/mod.rs"]
mod support;

const CATS: usize = 4;
const PICTURE: usize = 256 * 1024;
const TICK: Duration = Duration::from_millis(10);

fn main() -> io::Result<()> {
    let dir = std::env::temp_dir().join(format!("catfetch-blocking-write-{}", std::process::id()));
    std::fs::create_dir(&dir)?;
    let shown = both_ways(&dir);
    std::fs::remove_dir_all(&dir)?;
    shown
}

fn both_ways(dir: &Path) -> io::Result<()> {
    println!("{CATS} cats, each a 100 ms download then a write to a slow disk; one thread polls all tasks:");
    for (name, use_async_fs) in [("std::fs::write", false), ("async_fs::write", true)] {
        let (took, wait) = run(dir, use_async_fs)?;
        println!(
            "  {name:<15}  all written after {:>3} ms; the ticker (every 10 ms) waited up to {:>3} ms",
            took.as_millis(),
            wait.as_millis()
        );
    }
    Ok(())
}

/// Downloads and writes the cats into `dir` beside the ticker: how long until all were written, and the
/// longest the ticker waited for a turn.
fn run(dir: &Path, use_async_fs: bool) -> io::Result<(Duration, Duration)> {
    let executor = LocalExecutor::new();
    let longest_wait = Rc::new(Cell::new(Duration::ZERO));
    let _ticker = executor.spawn(ticker(longest_wait.clone()));
    let started = Instant::now();
    let mut disks = Vec::new();
    let mut cats = Vec::new();
    for cat in 0..CATS {
        let path = dir.join(format!("{cat}-{}.jpg", if use_async_fs { "async" } else { "blocking" }));
        disks.push(slow_disk(&path)?);
        cats.push(executor.spawn(async move {
            Timer::after(Duration::from_millis(100)).await; // the download
            let picture = vec![0xff; PICTURE];
            if use_async_fs {
                async_fs::write(&path, picture).await
            } else {
                std::fs::write(&path, picture)
            }
        }));
    }
    let took = smol::block_on(executor.run(async {
        for cat in cats {
            cat.await?;
        }
        let took = started.elapsed();
        Timer::after(TICK).await; // one more turn for the ticker, to count the wait it just had
        Ok::<_, io::Error>(took)
    }))?;
    for disk in disks {
        assert_eq!(disk.join().expect("the disk thread panicked")?, PICTURE, "what the disk took");
    }
    Ok((took, longest_wait.get()))
}

/// Wants a turn every [`TICK`]; keeps in `longest` the longest it had to wait for one.
async fn ticker(longest: Rc<Cell<Duration>>) {
    loop {
        let asked = Instant::now();
        Timer::after(TICK).await;
        longest.set(longest.get().max(asked.elapsed()));
    }
}
