//! The lesson's job in the fewest lines: ten cats, downloaded concurrently on smol, each written to disk.
//!
//! It is the Python lesson's `asyncio.gather(*[get_cat(client, i) for i in range(10)])`, with the library
//! doing the careful parts (streaming to a temp file, atomic rename, timeouts, retries). Runs offline: it
//! starts catfetch's built-in origin first. Pass a URL to use another (e.g. `https://cataas.com/cat`).
//!
//! ```sh
//! cargo run --example ten_cats                 # from the built-in origin, into ./cats
//! cargo run --example ten_cats -- https://cataas.com/cat
//! ```

use catfetch_core::{Config, Gathering};
use catfetch_origin::{Origin, OriginConfig};
use futures_lite::future;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A local origin on a free port, unless a URL was given.
    let origin =
        Origin::start(OriginConfig { bind: "127.0.0.1:0".parse()?, quiet: true, ..Default::default() })?;
    let url = std::env::args().nth(1).unwrap_or_else(|| origin.url());

    let config = Config { url: url.parse()?, count: 10, ..Config::default() };
    // `smol::spawn` runs each download as a task on smol's global executor: the gather awaits them all.
    // That executor runs on one background thread unless `SMOL_THREADS` says more (smol's src/spawn.rs);
    // the binary's `--executor smol` is an executor of its own, with a thread per core (`--threads`).
    let report =
        smol::block_on(catfetch_core::run(config, (), smol::spawn, Gathering::AllAtOnce, future::pending()))?;

    println!("{}", report.summary());
    Ok(())
}
