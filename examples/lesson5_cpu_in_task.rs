//! Find the bug (5 of 5): six cats, downloaded as tasks on one thread (an event loop), each made into a
//! thumbnail as soon as it arrives. Run it; the verdict at the end says what happened, and what the other
//! downloads did meanwhile.
//!
//! ```sh
//! cargo run --example lesson5_cpu_in_task
//! ```

#[path = "support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use smol::LocalExecutor;
use support::CATS;

/// One picture, fetched, then shrunk to a thumbnail.
async fn get_cat(client: &surf::Client, url: &str) -> surf::Result<u64> {
    let picture = client.get(url).recv_bytes().await?;
    Ok(thumbnail(&picture))
}

/// Stands for resizing the picture: 50 ms of arithmetic on its bytes.
fn thumbnail(picture: &[u8]) -> u64 {
    let (started, mut sum) = (Instant::now(), 0u64);
    while started.elapsed() < Duration::from_millis(50) {
        sum = picture.iter().fold(sum, |sum, &byte| sum.rotate_left(5) ^ u64::from(byte));
    }
    sum
}

fn main() -> surf::Result<()> {
    let lesson = support::start("lesson5");
    let executor = LocalExecutor::new();
    let tasks: Vec<_> = (0..CATS)
        .map(|i| {
            let (client, url) = (lesson.client.clone(), lesson.url.clone());
            executor.spawn(lesson.watch.cat(i, async move { get_cat(&client, &url).await }))
        })
        .collect();
    support::run_until_done(&executor, tasks)?; // the event loop, until every task is done
    lesson.finish();
    Ok(())
}
