//! Find the bug (2 of 5): the same six cats, each download spawned as a task, then the tasks awaited one
//! by one in a loop. In Python, awaiting coroutines one by one in a loop is the lesson's first mistake.
//! Is it one here? Run it; the verdict at the end says what happened.
//!
//! ```sh
//! cargo run --example lesson2_spawn_then_await
//! ```

#[path = "support/mod.rs"]
mod support;

use support::{get_cat, CATS};

fn main() -> surf::Result<()> {
    let lesson = support::start("lesson2");
    let tasks: Vec<_> = (0..CATS)
        .map(|i| {
            let (client, url) = (lesson.client.clone(), lesson.url.clone());
            let path = lesson.dir.join(format!("{i}.png"));
            smol::spawn(lesson.watch.cat(i, async move { get_cat(&client, &url, &path).await }))
        })
        .collect();
    smol::block_on(async {
        for task in tasks {
            task.await?;
        }
        Ok::<_, surf::Error>(())
    })?;
    lesson.finish();
    Ok(())
}
