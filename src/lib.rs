//! catfetch downloads N cat pictures concurrently on the smol executor and writes each to disk: the
//! Rust answer to the classic Python lesson (aiohttp + aiofiles, `asyncio.gather` over ten coroutines),
//! done so that it is correct when things fail.
//!
//! # The pattern in five lines
//!
//! ```text
//! futures = (0..n).map(|i| spawn(download(i)))     // one future per cat; the edge decides how they run
//! results = gather(futures, FailFast, ctrl_c)      // poll all at once, first error cancels the rest
//! download(i) = GET (follow redirects) -> check -> stream to a temp file -> link/rename to {i}.{ext}
//! concurrency  <= --jobs (a semaphore), each wait <= --timeout (a timer raced against the I/O)
//! dropping a future cancels it; its temp file goes with it (a guard's Drop)
//! ```
//!
//! # Layout
//!
//! | concept | file |
//! |---|---|
//! | command line: options, subcommands, validation, `--help` | `cli.rs` |
//! | cataas: URL composition from `--tag`/`--says`/..., lenient metadata, `--unique` | `cataas.rs` |
//! | `catfetch compare`: every executor on one job (feature `origin`) | `compare.rs` |
//! | the settings of one run | `config.rs` |
//! | run one job: prepare the directory, start the downloads, gather, report | `lib.rs` ([`run`]) |
//! | `try_join_all`: concurrent polling, fail-fast, cancellation | `gather.rs` |
//! | one cat: redirects, checks, streaming, atomic rename, retries | `download.rs` |
//! | temp files that disappear unless put in place | `disk.rs` |
//! | who writes body bytes (`--writes`: the blocking pool or inline); `--disk-delay`, the slow disk | `sink.rs` |
//! | `--cpu-per-cat`: CPU work on each picture, on the polling thread or offloaded | `work.rs` |
//! | backoff with jitter, `Retry-After` | `retry.rs` |
//! | everything that touches surf (and its sharp edges) | `http.rs` |
//! | Content-Type / magic bytes to extension, file names | `naming.rs` |
//! | events from downloads, and their observers | `events.rs` |
//! | JSON report, summary, progress bar, error lines | `report.rs` |
//! | which executor drives the futures (the edge) | `executor.rs` |
//! | signals, the open-file limit, stale temp files (the edge) | `system.rs` |
//! | the download timeline: chart and Chrome trace | `timeline.rs` |
//! | errors and exit codes | `error.rs` |
//! | the built-in cat origin: HTTP server, routes, pool, drawing (feature `origin`) | `origin/` |
//!
//! The core (`gather`, `download`) never calls `smol::spawn`: it takes futures and a `spawn` function from
//! the edge, so the same code runs on a multi-threaded executor, a local one, or no executor at all.

#![warn(missing_docs)]

pub mod cataas;
pub mod cli;
#[cfg(feature = "origin")]
pub mod compare;
pub mod config;
pub mod disk;
pub mod download;
pub mod error;
pub mod events;
pub mod executor;
pub mod gather;
pub mod http;
pub mod naming;
#[cfg(feature = "origin")]
pub mod origin;
pub mod report;
pub mod retry;
pub mod sink;
pub mod system;
pub mod timeline;
pub mod work;

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use futures_lite::future;
use smol::lock::Semaphore;

pub use config::Config;
pub use download::{CatResult, Job};
pub use error::{CatError, Error};
pub use events::{Event, Observer};
pub use gather::{gather, Policy};
pub use report::Report;

/// One download, boxed so every executor can handle it the same way.
pub type CatFuture = Pin<Box<dyn Future<Output = CatResult> + Send + 'static>>;

/// Runs one job: downloads `config.count` cats into `config.out_dir`.
///
/// `spawn` decides how each download is driven: `|cat| executor.spawn(cat)` runs it as a task,
/// `|cat| cat` polls it inside the gather itself. When `stop` completes (e.g. on Ctrl-C) every unfinished
/// download is cancelled. Returns when every download future has been dropped, wherever it ran, so no
/// temp file outlives the call.
///
/// Errors are for the run as a whole (bad output directory, no HTTP client); per-cat failures are in the
/// [`Report`].
pub async fn run<O, S, H>(
    config: Config,
    observer: O,
    mut spawn: S,
    stop: impl Future<Output = ()>,
) -> Result<Report, Error>
where
    O: Observer,
    S: FnMut(CatFuture) -> H,
    H: Future<Output = CatResult>,
{
    let started = Instant::now();
    // The output directory and the HTTP client do not depend on each other, so they are set up at once:
    // the directory on the blocking pool, libcurl's agent threads here (zip polls both). The directory's
    // steps go to the pool as one job: each hand-off would wait for this thread, busy with the client.
    let directory = smol::unblock({
        let dir = config.out_dir.clone();
        move || prepare_out_dir(&dir)
    });
    // One libcurl agent thread per core (but no more than downloads in flight): see http::Client.
    let agents = executor::default_threads().min(config.jobs);
    let client = async { http::Client::new(agents).map_err(Error::Setup) };
    let (temp_mode, client) = future::zip(directory, client).await;
    // A bad --out is the user's to fix first (exit 2), whatever else failed.
    let (temp_mode, client) = (temp_mode?, client?);
    let jobs = plan(&client, &config).await?;
    let mut existing =
        if config.skip_existing { existing_cats(&config.out_dir).await? } else { HashMap::new() };
    let policy = if config.keep_going { Policy::KeepGoing } else { Policy::FailFast };
    let (url, out_dir) = (config.url.to_string(), config.out_dir.clone());
    let shared = Arc::new(download::Shared {
        client,
        slots: Semaphore::new(config.jobs),
        config,
        observer,
        pid: std::process::id(),
        temp_mode,
        creating: Semaphore::new(2 * executor::default_threads()),
        writes: Arc::new(AtomicU64::new(0)),
    });

    // A channel nobody sends on closes when its last sender is dropped. Each download owns a sender,
    // so `all_dropped` completes once every download future is gone, on whichever thread it ran.
    let (alive, all_dropped) = smol::channel::bounded::<()>(1);
    let mut skipped = Vec::new();
    let mut started_cats = Vec::new();
    let mut futures = Vec::new();
    for job in jobs {
        if let Some((path, bytes)) = existing.remove(&job.stem) {
            shared.observer.on_event(job.index, &Event::Skipped { path: &path });
            skipped.push(report::CatReport::skipped(job.index, job.url.to_string(), path, bytes));
            continue;
        }
        started_cats.push((job.index, job.url.to_string()));
        let (shared, alive) = (shared.clone(), alive.clone());
        futures.push(spawn(Box::pin(async move {
            let _alive = alive;
            download::download(shared, job).await
        })));
    }
    drop(alive);

    let (slots, ending) = if shared.config.sequential {
        gather::one_after_another(futures, policy, stop).await
    } else {
        gather(futures, policy, stop).await
    };
    // Cancelled tasks on other threads may still be unwinding: wait until all are dropped.
    let _ = all_dropped.recv().await;

    let mut cats: Vec<_> = started_cats
        .into_iter()
        .zip(slots)
        .map(|((index, url), slot)| report::CatReport::from_slot(index, url, slot))
        .chain(skipped)
        .collect();
    cats.sort_by_key(|cat| cat.index);
    // Writes made by then (a cancelled download's last write may still be finishing on the pool).
    let writes = shared.writes.load(Ordering::Relaxed);
    Ok(Report::new(url, out_dir, cats, started.elapsed(), ending, writes))
}

/// The downloads to make: one per cat, with its URL and file stem. With cataas options the URL is
/// composed from `--url`; with `--unique` the cats' ids are asked for first and each file is named by id.
async fn plan(client: &http::Client, config: &Config) -> Result<Vec<Job>, Error> {
    let options = &config.cat;
    let not_found = options.what_was_asked();
    if options.unique {
        let cats = cataas::distinct_cats(client, options, &config.url, config.count, config.timeout).await?;
        return Ok(cats
            .into_iter()
            .enumerate()
            .map(|(index, cat)| Job {
                index,
                url: options.url(&config.url, Some(&cat.id)),
                stem: cataas::file_stem_for_id(&cat.id).unwrap_or_else(|| naming::stem(index, config.count)),
                not_found: Some(format!("id {}", cat.id)),
            })
            .collect());
    }
    let url = options.url(&config.url, None);
    Ok((0..config.count)
        .map(|index| Job {
            index,
            url: url.clone(),
            stem: naming::stem(index, config.count),
            not_found: not_found.clone(),
        })
        .collect())
}

/// Makes sure `dir` is a directory we can write to, creating it if missing: before any download starts,
/// so a bad `--out` is a usage error (exit 2), not ten failed downloads. Then removes the temp files of
/// runs that were killed (SIGKILL, power cut), which would otherwise stay forever.
/// Returns how temp files can be made there. Blocking: call it on the blocking pool.
fn prepare_out_dir(dir: &Path) -> Result<disk::TempMode, Error> {
    let shown = dir.display();
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(Error::Usage(format!("--out {shown}: exists and is not a directory"))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::create_dir_all(dir)
            .map_err(|e| Error::Usage(format!("--out {shown}: cannot create the directory: {e}")))?,
        Err(e) => return Err(Error::Usage(format!("--out {shown}: {e}"))),
    }
    // Prove we can create files there, the way downloads will (a read-only directory fails here), and
    // find out whether temp files can be anonymous (see disk::TempMode).
    let temp_mode = disk::probe(dir, &naming::temp_name("probe", std::process::id()))
        .map_err(|e| Error::Usage(format!("--out {shown}: cannot write there: {e}")))?;
    system::remove_stale_temp_files(dir);
    Ok(temp_mode)
}

/// The files already in `dir` by stem (`3` for `3.jpg`; regular files only), with their sizes.
async fn existing_cats(dir: &Path) -> Result<HashMap<String, (PathBuf, u64)>, Error> {
    use futures_lite::StreamExt;
    let unreadable = |e: io::Error| Error::Usage(format!("--out {}: {e}", dir.display()));
    let mut found = HashMap::new();
    let mut entries = async_fs::read_dir(dir).await.map_err(unreadable)?;
    while let Some(entry) = entries.try_next().await.map_err(unreadable)? {
        let name = entry.file_name();
        let Some((stem, _ext)) = name.to_str().and_then(|n| n.split_once('.')) else { continue };
        if stem.is_empty() {
            continue; // hidden files, our temp files among them
        }
        let Ok(meta) = async_fs::metadata(entry.path()).await else { continue };
        if meta.is_file() {
            found.insert(stem.to_owned(), (entry.path(), meta.len()));
        }
    }
    Ok(found)
}
