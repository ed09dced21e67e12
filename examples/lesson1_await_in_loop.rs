//! Find the bug (1 of 5): six cats from a server that answers after 200 ms, each fetched and saved
//! without blocking. How long should it take? Run it; the verdict at the end says what happened.
//!
//! ```sh
//! cargo run --example lesson1_await_in_loop
//! ```

#[path = "support/mod.rs"]
mod support;

use support::{get_cat, CATS};

fn main() -> surf::Result<()> {
    let lesson = support::start("lesson1");
    let (client, url, watch) = (&lesson.client, &lesson.url, &lesson.watch);
    smol::block_on(async {
        for i in 0..CATS {
            let path = lesson.dir.join(format!("{i}.png"));
            watch.cat(i, get_cat(client, url, &path)).await?;
        }
        Ok::<_, surf::Error>(())
    })?;
    lesson.finish();
    Ok(())
}
