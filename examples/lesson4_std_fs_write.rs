//! Find the bug (4 of 5): six larger cats, downloaded as tasks on one thread (an event loop, as in
//! Python), each written to a slow disk as soon as it arrives. Run it; the verdict at the end says what
//! happened, and what the other downloads did meanwhile.
//!
//! ```sh
//! cargo run --example lesson4_std_fs_write
//! ```

#[path = "support/mod.rs"]
mod support;

use std::path::Path;

use smol::LocalExecutor;
use support::CATS;

/// One picture, fetched, then written.
async fn get_cat(client: &surf::Client, url: &str, path: &Path) -> surf::Result<()> {
    let picture = client.get(url).recv_bytes().await?;
    std::fs::write(path, picture)?;
    Ok(())
}

fn main() -> surf::Result<()> {
    let lesson = support::start("lesson4");
    let url = format!("{}?width=640&height=480", lesson.url); // pictures larger than a pipe holds
    let executor = LocalExecutor::new();
    let mut tasks = Vec::new();
    for i in 0..CATS {
        let path = lesson.dir.join(format!("{i}.png"));
        support::slow_disk(&path)?; // the file is on a slow disk
        let (client, url) = (lesson.client.clone(), url.clone());
        tasks.push(executor.spawn(lesson.watch.cat(i, async move { get_cat(&client, &url, &path).await })));
    }
    support::run_until_done(&executor, tasks)?; // the event loop, until every task is done
    lesson.finish();
    Ok(())
}
