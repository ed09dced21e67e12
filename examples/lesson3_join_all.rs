//! Find the bug (3 of 5): the same six cats as futures, none spawned, all handed to `join_all`, the Rust
//! `asyncio.gather`. Concurrent or not? On how many threads? Run it; the verdict at the end says.
//!
//! ```sh
//! cargo run --example lesson3_join_all
//! ```

#[path = "support/mod.rs"]
mod support;

use futures_util::future::join_all;
use support::{get_cat, CATS};

fn main() -> surf::Result<()> {
    let lesson = support::start("lesson3");
    let (client, url, watch) = (&lesson.client, &lesson.url, &lesson.watch);
    let paths: Vec<_> = (0..CATS).map(|i| lesson.dir.join(format!("{i}.png"))).collect();
    let cats = paths.iter().enumerate().map(|(i, path)| watch.cat(i, get_cat(client, url, path)));
    let results = smol::block_on(join_all(cats));
    results.into_iter().collect::<surf::Result<Vec<()>>>()?;
    lesson.finish();
    Ok(())
}
