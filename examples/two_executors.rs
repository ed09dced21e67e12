//! The same future on two executors: a gather of three timed "downloads", once on a multi-threaded
//! `smol::Executor` (tasks polled by several threads) and once on futures-lite's `block_on` (no executor,
//! no tasks: the gather polls everything on the calling thread). The future never knows the difference.
//!
//! ```sh
//! cargo run --example two_executors
//! ```

use std::thread;
use std::time::{Duration, Instant};

use catfetch_core::gather::{gather, Policy};
use futures_lite::future;
use smol::{Executor, Timer};

/// Waits, then reports which thread polled it last.
async fn job(cat: usize) -> Result<String, ()> {
    Timer::after(Duration::from_millis(200)).await;
    Ok(format!("cat {cat} finished on thread {:?}", thread::current().name().unwrap_or("?")))
}

fn report(title: &str, started: Instant, results: Vec<catfetch_core::gather::Slot<Result<String, ()>>>) {
    println!("{title}: {} ms", started.elapsed().as_millis());
    for result in results {
        if let catfetch_core::gather::Slot::Done(Ok(line)) = result {
            println!("  {line}");
        }
    }
}

fn main() {
    // 1. A smol Executor with two worker threads; each job is spawned as a task.
    let executor = Executor::new();
    let (stop, stopped) = smol::channel::unbounded::<()>();
    thread::scope(|scope| {
        for n in 1..=2 {
            let (executor, stopped) = (&executor, stopped.clone());
            thread::Builder::new()
                .name(format!("worker-{n}"))
                .spawn_scoped(scope, move || smol::block_on(executor.run(stopped.recv())))
                .expect("spawn a worker");
        }
        let started = Instant::now();
        let tasks: Vec<_> = (0..3).map(|cat| executor.spawn(job(cat))).collect();
        let (results, _) = future::block_on(gather(tasks, Policy::FailFast, future::pending()));
        report("smol::Executor, tasks on worker threads", started, results);
        drop(stop);
    });

    // 2. No executor: futures-lite's block_on polls the gather, which polls the jobs, on this thread.
    let started = Instant::now();
    let jobs: Vec<_> = (0..3).map(job).collect();
    let (results, _) = future::block_on(gather(jobs, Policy::FailFast, future::pending()));
    report("futures_lite::future::block_on, no tasks", started, results);
}
