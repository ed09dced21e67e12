//! The core of catfetch: it downloads N cat pictures concurrently and writes each to disk, on whatever
//! executor its caller chooses (smol by default, in the `catfetch` binary). The Rust answer to the classic
//! Python lesson (aiohttp + aiofiles, `asyncio.gather` over ten coroutines), done so that it is correct
//! when things fail.
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
//! # The layers
//!
//! catfetch is four crates; this is the lowest, and names none of the others:
//!
//! | crate | what | depends on |
//! |---|---|---|
//! | `catfetch-core` (`core/`, this one) | what downloads N cats: config, gather, download, the HTTP engine, sink, disk, naming, cataas, retry, errors, events, the report | no executor, no lab, no origin |
//! | `catfetch-lab` (`lab/`) | what observes it: every poll recorded, the timeline, verdicts, `compare`, `scale`, the HTML pages | the core (its events and its [`probe`]), the origin |
//! | `catfetch-origin` (`origin/`) | the built-in cat server | nothing of catfetch's |
//! | `catfetch` (the root: `src/`) | the binary and its edge: command line, choice of executor, signals, exit codes, the terminal | all three |
//!
//! # Layout of the core
//!
//! | concept | file |
//! |---|---|
//! | run one job: prepare the directory, start the downloads, gather, report | `lib.rs` ([`run`]) |
//! | the settings of one run | `config.rs` |
//! | cataas: URL composition from `--tag`/`--says`/..., lenient metadata, `--unique` | `cataas.rs` |
//! | `try_join_all`: concurrent polling, fail-fast, cancellation | `gather.rs` |
//! | one cat: redirects, checks, streaming, atomic rename, retries | `download.rs` |
//! | everything that touches surf (and its sharp edges) | `http.rs` |
//! | the HTTP engine under surf: hyper and rustls on async-io, pools, proxies, trust store | `http/` |
//! | who writes body bytes (`--writes`: the blocking pool or inline); `--disk-delay`, the slow disk | `sink.rs` |
//! | temp files that disappear unless put in place, report files written whole, scratch directories | `disk.rs` |
//! | `--cpu-per-cat`: CPU work on each picture, on the polling thread or offloaded; the thread CPU clock | `work.rs` |
//! | the hook the lab listens to: "this is a write", "this is CPU work" | `probe.rs` |
//! | how many downloads the open-file limit allows | `limits.rs` |
//! | backoff with jitter, `Retry-After` | `retry.rs` |
//! | Content-Type / magic bytes to extension, file names | `naming.rs` |
//! | events from downloads, and their observers | `events.rs` |
//! | the report: a ledger of each cat's events, JSON, summary, error lines | `report.rs` |
//! | server text made safe to print (control characters escaped), URLs shown without their password | `text.rs` |
//! | errors | `error.rs` |
//! | property tests: whatever a server sends, the parsers never panic and their output is safe | `properties.rs` |
//!
//! The core never calls `smol::spawn`: it takes futures and a `spawn` function from the edge, so the same
//! code runs on a multi-threaded executor, a local one, tokio's, a thread per download, or no executor at
//! all. Nor does it name smol: its timers, sockets, semaphores, channels and blocking pool come from the
//! runtime-neutral crates smol is built from (async-io, async-lock, async-channel, blocking).
//!
//! # Who reads the sockets
//!
//! The future that awaits a response is the one that reads its socket, on whichever thread polls it: the
//! HTTP engine under surf (`http/`) is hyper on async-io's `Async<TcpStream>`, with no thread of its own.
//! This is the runtime-agnostic design in smol's sense: async-io runs one reactor per process that only
//! reports readiness (driven by whichever thread sits in `async_io::block_on`, or its own `async-io` thread
//! when none does), and any executor polls the futures, tokio's scheduler included. So the executor you
//! pick decides who does the network work too: one thread for everything on `local`, `join` and
//! `tokio-current`, just as one event loop does it all in asyncio.

#![warn(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks)]

// Public: the modules the lab and the edge use, and those whose examples belong in the docs: naming
// (what a picture is called, and why a web page is never saved as one), disk (the temp file) and sink
// (who writes). The rest is the crate's own, tested from
// inside (each module's tests, and properties.rs); the types users meet (Config, Error, Event, ...) are
// re-exported below.
pub mod cataas;
pub mod config;
pub mod disk;
pub mod download;
mod error;
mod events;
pub mod gather;
pub mod http;
pub mod limits;
pub mod naming;
pub mod probe;
#[cfg(test)]
mod properties;
pub mod report;
mod retry;
pub mod sink;
pub mod text;
pub mod work;

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use async_io::Timer;
use async_lock::Semaphore;
use futures_lite::future;

pub use config::{Config, MAX_JOBS};
pub use disk::{check_writable, write_file, Scratch};
pub use download::{CatResult, Job};
pub use error::{CatError, Error};
pub use events::{Event, Observer};
pub use gather::{gather, Gathering, Policy};
pub use report::{Ledger, Report};
pub use sink::Writes;

/// After a stop, the longest [`run`] waits for cancelled downloads' files to be closed (see there).
const STOP_GRACE: std::time::Duration = std::time::Duration::from_millis(300);

/// One download, boxed so every executor can handle it the same way.
pub type CatFuture = Pin<Box<dyn Future<Output = CatResult> + Send + 'static>>;

/// Runs one job: downloads `config.count` cats into `config.out_dir`.
///
/// `spawn` decides how each download is driven: `|cat| executor.spawn(cat)` runs it as a task,
/// `|cat| cat` polls it inside the gather itself. It is called once per download, in cat order (cats
/// that `skip_existing` keeps are not downloaded), so the edge can tell which is which. `gathering` says
/// how the gather polls what `spawn` returned: all at once, or one after another. When `stop`
/// completes (e.g. on Ctrl-C) every unfinished download is cancelled. Returns when every download future
/// has been dropped, wherever it ran, so no temp file outlives the call.
///
/// Errors are for the run as a whole (bad output directory, no HTTP client); per-cat failures are in the
/// [`Report`].
///
/// # Examples
///
/// Three cats, each download a task on smol's global executor, from a small server on 127.0.0.1 that
/// stands in for cataas.com (hidden: it answers every request with the same tiny JPEG):
///
/// ```
/// # use std::io::{Read, Write};
/// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
/// # let origin = format!("http://{}/cat", listener.local_addr()?);
/// # std::thread::spawn(move || {
/// #     for mut stream in listener.incoming().flatten() {
/// #         let (mut head, mut byte) = (Vec::new(), [0]);
/// #         while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
/// #             head.push(byte[0]);
/// #         }
/// #         let cat = b"\xFF\xD8\xFF\xE0 a very small cat";
/// #         let head = format!(
/// #             "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\n\
/// #              Connection: close\r\n\r\n",
/// #             cat.len()
/// #         );
/// #         let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(cat));
/// #     }
/// # });
/// use catfetch_core::{Config, Gathering};
/// use futures_lite::future;
///
/// let dir = tempfile::tempdir()?;
/// let config = Config { url: origin.parse()?, count: 3, out_dir: dir.path().join("cats"), ..Config::default() };
/// // Every download spawned, all gathered at once, never stopped early.
/// let job = catfetch_core::run(config, (), smol::spawn, Gathering::AllAtOnce, future::pending());
/// let report = smol::block_on(job)?;
/// assert_eq!(report.totals.saved, 3);
/// assert_eq!(std::fs::read(dir.path().join("cats/2.jpg"))?, b"\xFF\xD8\xFF\xE0 a very small cat");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub async fn run<O, S, H>(
    config: Config,
    observer: O,
    mut spawn: S,
    gathering: Gathering,
    stop: impl Future<Output = ()>,
) -> Result<Report, Error>
where
    O: Observer,
    S: FnMut(CatFuture) -> H,
    H: Future<Output = CatResult>,
{
    let started = Instant::now();
    // Prepared on the blocking pool (creating a directory and probing it block), as one job.
    let directory = blocking::unblock({
        let dir = config.out_dir.clone();
        move || prepare_out_dir(&dir)
    });
    // The client starts no thread and opens no connection until the first request: it only reads the
    // proxy settings. A bad --out is the user's to fix first (exit 2), whatever else failed.
    let temp_mode = directory.await?;
    let options = http::Options {
        connect_timeout: config.timeout,
        pinned: config.resolve.clone(),
        connections: config.connections.clone(),
    };
    let client = http::Client::new(options).map_err(Error::Usage)?;
    // `--url http://user:pass@host/`: Basic authentication for that origin (see http::Credentials).
    let client = client.with_credentials(http::Credentials::from_url(&config.url));
    let jobs = plan(&client, &config, &observer).await?;
    let mut existing =
        if config.skip_existing { existing_cats(&config.out_dir).await? } else { HashMap::new() };
    let policy = if config.keep_going { Policy::KeepGoing } else { Policy::FailFast };
    // The report shows URLs, never a password in them.
    let (url, out_dir) = (text::redacted(&config.url), config.out_dir.clone());
    // The report is the ledger's: what the downloads' events say, whoever polled them (see report::Ledger).
    let ledger = Arc::new(Ledger::new());
    let observer = (ledger.clone(), observer);
    let shared = Arc::new(download::Shared {
        client,
        slots: Semaphore::new(config.jobs),
        config,
        observer,
        pid: std::process::id(),
        temp_mode,
        creating: Semaphore::new(2 * cores()),
        writes: Arc::new(AtomicU64::new(0)),
    });

    // A channel nobody sends on closes when its last sender is dropped. Each download owns a sender, so
    // `all_dropped` completes once every download future is gone, on whichever thread it ran. Likewise
    // every file a download opens holds a sender of `open` until it is closed: a cancelled download's
    // last write may still be running on the blocking pool after its future is gone.
    let (alive, all_dropped) = async_channel::bounded::<()>(1);
    let (open, all_closed) = async_channel::bounded::<()>(1);
    let mut started_cats = Vec::new();
    let mut futures = Vec::new();
    for job in jobs {
        shared.observer.on_event(job.index, &Event::Queued { url: &job.url });
        if let Some((path, bytes)) = existing.remove(&job.stem) {
            shared.observer.on_event(job.index, &Event::Skipped { path: &path, bytes });
            continue;
        }
        started_cats.push(job.index);
        let (shared, alive) = (shared.clone(), alive.clone());
        let open = open.clone();
        futures.push(spawn(Box::pin(async move {
            let _alive = alive;
            download::download(shared, job, open).await
        })));
    }
    drop((alive, open));

    let (slots, ending) = gathering.gather(futures, policy, stop).await;
    // Cancelled tasks on other threads may still be unwinding: wait until all are dropped.
    let _ = all_dropped.recv().await;
    // And until every file is closed, so that none is open once this returns, except after a stop: a
    // write that the blocking pool began before it (a slow disk) must not hold up the stop, which the
    // user wants within a second. Those files have no name, or lost it already (disk.rs): nothing of
    // theirs can appear on disk, and each closes when its write ends.
    let closed = async {
        let _ = all_closed.recv().await;
    };
    match ending {
        gather::Ending::Stopped => {
            let grace = async {
                Timer::after(STOP_GRACE).await;
            };
            future::or(closed, grace).await
        }
        _ => closed.await,
    }

    // A download the executor could not even run (no thread for it) failed without a word of its own.
    for (index, slot) in started_cats.into_iter().zip(slots) {
        if let (gather::Slot::Done(Err(failed)), true) = (slot, ledger.is_open(index)) {
            shared.observer.on_event(index, &Event::Failed { error: &failed.error });
        }
    }
    // Every write is done by now, but after a stop: see above.
    let writes = shared.writes.load(Ordering::Relaxed);
    let report = Report::new(url, out_dir, ledger.cats(), started.elapsed(), ending, writes);
    // The last handle on the client: its idle connections close, and shared HTTP/2 connections end their
    // tasks.
    drop(shared);
    Ok(report)
}

/// Makes the files of this process final, for an exit that cannot wait for the downloads (a stop that the
/// polling thread could not get to in time: `system::Interrupts::on_overdue`). From now on no file takes its
/// final name, one that was taking it has, and every named temp file is removed (anonymous ones vanish with
/// the process): what is on disk then matches a report made from a [`Ledger`].
pub fn freeze_files() {
    disk::freeze(std::time::Duration::from_millis(200));
}

/// The number of cores: the default thread count of the executors that have one (`executor.rs`), and
/// the blocking pool's share of temp-file creation (`download.rs`). Asked once per process: under cgroups, every call reads
/// three files.
pub fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The downloads to make: one per cat, with its URL and file stem. With cataas options the URL is
/// composed from `--url`; with `--unique` the cats' ids are asked for first and each file is named by id.
///
/// Every cat gets a stem of its own, decided here, before any download starts. Distinct ids can make the
/// same stem (`a/b`, `ab` and `../ab` are all `ab`; the id `3` wants the `3` that cat 3 gets when its
/// own id gives no name), so [`naming::distinct_stems`] suffixes the later ones, and says so (`-v`). Two
/// downloads then never touch the same temp file or final name, so they cannot overwrite each other or
/// race to create one path ("File exists"): not by luck of timing, by construction.
async fn plan(client: &http::Client, config: &Config, observer: &impl Observer) -> Result<Vec<Job>, Error> {
    let options = &config.cat;
    let not_found = options.what_was_asked();
    if options.unique {
        let cats = cataas::distinct_cats(client, options, &config.url, config.count, config.timeout).await?;
        let wanted: Vec<String> = (cats.iter().enumerate())
            .map(|(index, cat)| {
                cataas::file_stem_for_id(&cat.id).unwrap_or_else(|| naming::stem(index, config.count))
            })
            .collect();
        let stems = naming::distinct_stems(&wanted);
        let jobs = cats.into_iter().zip(wanted).zip(stems).enumerate();
        return Ok(jobs
            .map(|(index, ((cat, wanted), stem))| {
                if stem != wanted {
                    observer.on_event(index, &Event::Renamed { id: &cat.id, wanted: &wanted, stem: &stem });
                }
                Job {
                    index,
                    url: options.url(&config.url, Some(&cat.id)),
                    stem,
                    not_found: Some(format!("id {}", cat.id)),
                }
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
    disk::remove_stale_temp_files(dir);
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
