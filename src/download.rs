//! One cat: request, check the answer, stream it to a temp file, put it in place.
//!
//! ```text
//! GET url ──3xx──▶ follow Location (our own loop, at most 10 hops)
//!    │ 2xx, image/*
//!    ▼
//! temp file ◀── body, as it arrives, through one 128 KiB buffer per polling thread (never whole),
//!    │              written by a blocking-pool thread or inline (--writes: see sink.rs)
//!    │ complete     (anonymous where Linux allows, else .{stem}.catfetch-{pid}.part: see disk.rs)
//!    ▼
//! link / rename ──▶ {stem}.{ext}   (atomic: readers see the old file or the whole new one, never half)
//! ```
//!
//! Failures that may pass (429, 5xx, timeouts, broken connections) are retried with backoff. Whatever
//! happens, including cancellation (the future being dropped mid-way), the temp file disappears with
//! [`TempFile`], and an existing file of the same name is untouched until the final step.

use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

use futures_lite::future;
use smol::lock::Semaphore;
use smol::Timer;
use surf::Url;

use crate::config::Config;
use crate::disk::{self, TempFile, TempMode};
use crate::error::CatError;
use crate::events::{Event, Observer};
use crate::http::{Client, ReadError, Response};
use crate::naming::{self, Kind};
use crate::retry;
use crate::sink::{DiskFile, Sink};
use crate::work;

/// The most redirects one download follows.
pub const MAX_REDIRECTS: usize = 10;
/// Bytes moved from the network to the file at a time, at most. A download borrows its polling thread's
/// buffer only for one poll (read what has arrived, hand it to the file's [`Sink`]), never across a wait,
/// so there is one buffer per polling thread, not one per download: memory stays at threads x 128 KiB
/// however many downloads are in flight, and big pictures are written in few, large writes. (libcurl's
/// pipe to us holds at most four 32 KiB pieces per download, so a larger buffer would rarely fill: see
/// `.cargo/config.toml`.)
const BODY_BUFFER: usize = 128 * 1024;

/// One cat to fetch: which, from where, and under what file stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// 0-based position in the run (reports and events use it).
    pub index: usize,
    /// The request URL.
    pub url: Url,
    /// The file name without extension: the zero-padded index, or a cataas id with `--unique`.
    pub stem: String,
    /// What a 404 means for this cat, e.g. `tag cute` (cataas answers 404 when no cat matches).
    pub not_found: Option<String>,
}

/// What every download of a run shares (behind one `Arc`).
pub struct Shared<O> {
    /// The HTTP client (one connection pool for the whole run).
    pub client: Client,
    /// The run's settings.
    pub config: Config,
    /// `--jobs` permits: a download holds one while it talks to the server.
    pub slots: Semaphore,
    /// Who hears about progress.
    pub observer: O,
    /// This process's id, for temp file names.
    pub pid: u32,
    /// How temp files are made in the output directory.
    pub temp_mode: TempMode,
    /// Permits to create a temp file on the blocking pool (see `create_temp`): two per core.
    ///
    /// Measured on 1000 cats at -j 100 and 50 ms latency, 2 cores, ext4 right after many deletions
    /// (medians of 11 runs, interleaved; files created after the response headers): created inline
    /// 1.07 s; with 1, 2, 4 or 8 permits 1.08, 0.86, 0.75 and 0.79 s.
    pub creating: Semaphore,
    /// `write(2)` calls made into the temp files so far, by whichever thread (see `sink::DiskFile`).
    pub writes: Arc<AtomicU64>,
}

/// A picture saved under its final name.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The final path (`{out}/{stem}.{ext}`).
    pub path: PathBuf,
    /// Size in bytes.
    pub bytes: u64,
    /// The Content-Type the server sent, if any.
    pub content_type: Option<String>,
    /// The final HTTP status (after redirects).
    pub status: u16,
    /// Attempts made (1 = no retry).
    pub attempts: u32,
    /// From the start of the download (including any wait for a slot) to the rename.
    pub elapsed: Duration,
}

/// A download that gave up.
#[derive(Debug, Clone)]
pub struct Failed {
    /// The last error.
    pub error: CatError,
    /// The last HTTP status received, if any.
    pub status: Option<u16>,
    /// Attempts made.
    pub attempts: u32,
    /// From the start of the download to giving up.
    pub elapsed: Duration,
}

/// The outcome of one download.
pub type CatResult = Result<Saved, Failed>;

/// Downloads one cat, retrying what may pass, and saves it.
pub async fn download<O: Observer>(shared: Arc<Shared<O>>, job: Job) -> CatResult {
    let index = job.index;
    let started = Instant::now();
    let mut rng = fastrand::Rng::new();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let mut status = None;
        let result = {
            // Hold a --jobs slot only while talking to the server. It is released at the end of this
            // block, so a download that sleeps before its retry does not keep a waiting one out.
            let _slot = shared.slots.acquire().await;
            let event = Event::Attempt { attempt: attempts };
            shared.observer.on_event(index, &event);
            // Boxed: the attempt's state (response, buffers, timers) is allocated only while it runs, so
            // the thousands of downloads waiting for a slot each stay a few hundred bytes.
            Box::pin(attempt(&shared, &job, &mut status)).await
        };
        match result {
            Ok((path, bytes, content_type)) => {
                let event = Event::Saved { path: &path, bytes };
                shared.observer.on_event(index, &event);
                return Ok(Saved {
                    path,
                    bytes,
                    content_type,
                    status: status.unwrap_or(200),
                    attempts,
                    elapsed: started.elapsed(),
                });
            }
            Err(error) if error.is_retryable() && attempts <= shared.config.retries => {
                let delay = retry::delay(attempts, error.retry_after(), &mut rng);
                let event = Event::Retrying { attempt: attempts, delay, error: &error };
                shared.observer.on_event(index, &event);
                // If the run is cancelled now, this timer is dropped with the future: no sleeping on.
                Timer::after(delay).await;
            }
            Err(error) => {
                shared.observer.on_event(index, &Event::Failed { error: &error });
                return Err(Failed { error, status, attempts, elapsed: started.elapsed() });
            }
        }
    }
}

/// One attempt: returns the saved path, its size and the Content-Type. `status` records the last HTTP
/// status seen, for the report, even when the attempt fails later.
async fn attempt<O: Observer>(
    shared: &Shared<O>,
    job: &Job,
    status: &mut Option<u16>,
) -> Result<(PathBuf, u64, Option<String>), CatError> {
    let index = job.index;
    let config = &shared.config;
    let stem = &job.stem;
    // The file first, then the request: no body arrives before there is a file to write it into, so none
    // waits in memory meanwhile (see `create_temp`). If the attempt fails, the file goes with it: `temp`
    // owns its name, the sink the open file.
    let (temp, file) = create_temp(shared, stem)
        .await
        .map_err(|e| CatError::Disk(format!("cannot create a file in {}: {e}", config.out_dir.display())))?;
    let mut response = get_following_redirects(shared, job).await?;
    *status = Some(response.status);
    shared.observer.on_event(index, &Event::Response { status: response.status });
    if let (404, Some(what)) = (response.status, &job.not_found) {
        return Err(CatError::NoMatch(what.clone()));
    }
    if !(200..300).contains(&response.status) {
        return Err(CatError::Status {
            code: response.status,
            reason: response.reason.to_owned(),
            retry_after: response.retry_after,
        });
    }
    let kind = naming::classify(response.content_type.as_deref());
    if let Kind::NotImage(content_type) = kind {
        return Err(CatError::NotAnImage { content_type });
    }
    if response.content_length.is_some_and(|len| len > config.max_size) {
        return Err(CatError::TooLarge { limit: config.max_size });
    }

    let file = DiskFile::new(file, config.disk_delay, shared.writes.clone());
    let mut sink = Sink::new(config.writes, file, response.content_length);
    let (bytes, head) = stream_body(shared, index, &mut response, &mut sink).await?;
    let ext = match kind {
        Kind::Image(ext) => ext,
        Kind::Unknown => naming::sniff(&head).ok_or(CatError::Unrecognised)?.into(),
        Kind::NotImage(_) => unreachable!("rejected above"),
    };
    // --cpu-per-cat: the picture is here; work on it, like a program that decodes or resizes it would.
    work::after_arrival(config.cpu_per_cat, config.cpu_offload, &head).await;
    // Every byte in the file (with async-fs, the pool's last writes done) before anything else happens to it.
    let file = sink.finish().await.map_err(|e| write_error(&config.out_dir, e))?;
    let path = config.out_dir.join(format!("{stem}.{ext}"));
    let cannot_save = |e: io::Error| CatError::Disk(format!("cannot save {}: {e}", path.display()));
    let file = if config.fsync {
        // The bytes reach the disk before the name does: after a power cut, `path` is the old file or the
        // whole new one. fsync can take milliseconds, so it runs on the blocking pool, which hands the file
        // back: if this download is cancelled meanwhile, its name still goes with `temp`, and the fsync of
        // a file nobody will see finishes harmlessly.
        smol::unblock(move || file.sync_all().map(|()| file)).await.map_err(cannot_save)?
    } else {
        file
    };
    temp.persist(&file, &path).map_err(cannot_save)?;
    if config.fsync {
        // The new name lives in the directory: it is durable once the directory is.
        let dir = config.out_dir.clone();
        smol::unblock(move || disk::sync_dir(&dir)).await.map_err(cannot_save)?;
    }
    Ok((path, bytes, response.content_type))
}

/// Creates the temp file that `stem`'s picture is written into, before its request is sent.
///
/// Creating a file can be the costliest step of a small download. On ext4, shortly after many files were
/// deleted, finding a free inode took about half a millisecond of kernel time per file (`perf`:
/// `find_inode_bit`, `recently_deleted`). Done inline, that stalls the executor thread and every download it
/// polls. So anonymous temp files are created on the blocking pool, at most [`Shared::creating`]'s permits
/// at a time: more threads scanning the same inode bitmap only get in each other's way.
///
/// Created before the request, the file is ready when the body arrives. Created after the response
/// headers instead, each body would wait in libcurl's pipe for its turn at the pool: 1000 cats at -j 200
/// from `catfetch serve` peaked at 27.3 MiB that way, 12.5 MiB this way (medians of 5 interleaved runs).
/// The price is paid when many downloads start at once: their requests leave only as their files are
/// made. 100 cats at -j 100 from `catfetch serve --latency 20`: 71.8 ms, against 64.3 ms with files
/// created inline after the headers and 65.0 ms on the pool after the headers (medians of 15).
///
/// Cancellation cannot leave a file behind this way. If the download is dropped while its file is being
/// created, the creation still finishes on the pool, and the file closes unseen: it never had a name.
/// A named temp file would stay behind, so those are created inline.
async fn create_temp<O: Observer>(shared: &Shared<O>, stem: &str) -> io::Result<(TempFile, std::fs::File)> {
    let (dir, mode) = (&shared.config.out_dir, shared.temp_mode);
    let name = naming::temp_name(stem, shared.pid);
    if mode != TempMode::Anonymous {
        return TempFile::create(dir, &name, mode);
    }
    let _permit = shared.creating.acquire().await;
    let dir = dir.clone();
    smol::unblock(move || TempFile::create(&dir, &name, mode)).await
}

/// Sends the GET and follows redirects ourselves: each hop is one request (surf's middleware would send
/// two, surf#307), only to http(s), never twice to the same URL, at most [`MAX_REDIRECTS`] hops.
async fn get_following_redirects<O: Observer>(shared: &Shared<O>, job: &Job) -> Result<Response, CatError> {
    let mut url = job.url.clone();
    let mut visited: Vec<Url> = vec![url.clone()];
    loop {
        let response = shared.client.get(&url, shared.config.timeout).await?;
        if !response.is_redirect() {
            return Ok(response);
        }
        let code = response.status;
        let location = response
            .location
            .as_deref()
            .ok_or_else(|| CatError::Redirect(format!("HTTP {code} redirect without a Location header")))?;
        let next = resolve_location(&url, location)?;
        if visited.contains(&next) {
            return Err(CatError::Redirect(format!("redirect loop: {next} was already requested")));
        }
        if visited.len() > MAX_REDIRECTS {
            return Err(CatError::Redirect(format!("more than {MAX_REDIRECTS} redirects")));
        }
        shared.observer.on_event(job.index, &Event::Redirected { status: code, to: &next });
        // Dropping the 3xx response here abandons its body; libcurl will not reuse a dirty connection.
        drop(response);
        visited.push(next.clone());
        url = next;
    }
}

/// Where a redirect points: `location` resolved against the URL that answered (it may be relative, like
/// `/cats/1.jpg` or `../x`), and only if it is http(s): a server must not send us to `file:` or `ftp:`.
pub fn resolve_location(base: &Url, location: &str) -> Result<Url, CatError> {
    let next = base
        .join(location.trim())
        .map_err(|e| CatError::Redirect(format!("redirect to an invalid Location {location:?}: {e}")))?;
    if !matches!(next.scheme(), "http" | "https") || next.host_str().is_none_or(str::is_empty) {
        return Err(CatError::Redirect(format!(
            "refusing to follow a redirect to {next} (only http and https)"
        )));
    }
    Ok(next)
}

/// Streams the body into `sink`. Returns the byte count and the first bytes (for sniffing).
async fn stream_body<O: Observer>(
    shared: &Shared<O>,
    index: usize,
    response: &mut Response,
    sink: &mut Sink,
) -> Result<(u64, Vec<u8>), CatError> {
    let mut saving = Saving {
        sink,
        dir: &shared.config.out_dir,
        expected: response.content_length,
        max_size: shared.config.max_size,
        received: 0,
        head: Vec::with_capacity(naming::SNIFF_LEN),
    };
    loop {
        // Read what has arrived and hand it to the sink within one poll, so the thread's buffer is never
        // held across a wait. Nothing is read while the sink is still behind with earlier bytes.
        let moved = future::poll_fn(|cx| {
            ready!(saving.sink.poll_ready(cx)).map_err(|e| write_error(saving.dir, e))?;
            with_buffer(|buf| {
                let n = ready!(response.poll_read(cx, buf)).map_err(|e| saving.cut_short(e))?;
                saving.write(cx, &buf[..n])?;
                Poll::Ready(Ok::<_, CatError>(n))
            })
        })
        .await?;
        if moved == 0 {
            break;
        }
        shared.observer.on_event(index, &Event::Bytes(moved as u64));
    }
    saving.finish()
}

/// One body on its way into its temp file.
struct Saving<'a> {
    sink: &'a mut Sink,
    /// The output directory (for error messages).
    dir: &'a Path,
    /// Content-Length, if sent.
    expected: Option<u64>,
    max_size: u64,
    /// Bytes written so far.
    received: u64,
    /// The first bytes, for sniffing the type when the server did not say.
    head: Vec<u8>,
}

impl Saving<'_> {
    /// Hands the next piece to the sink, unless it takes the body past `--max-size` (then not a byte of it
    /// is written).
    fn write(&mut self, cx: &mut Context<'_>, piece: &[u8]) -> Result<(), CatError> {
        self.received += piece.len() as u64;
        if self.received > self.max_size {
            return Err(CatError::TooLarge { limit: self.max_size });
        }
        if self.head.len() < naming::SNIFF_LEN {
            let take = (naming::SNIFF_LEN - self.head.len()).min(piece.len());
            self.head.extend_from_slice(&piece[..take]);
        }
        self.sink.take(cx, piece).map_err(|e| write_error(self.dir, e))
    }

    /// The byte count and the first bytes, once the body has ended without an error.
    fn finish(self) -> Result<(u64, Vec<u8>), CatError> {
        // Some servers close early without an error: the byte count is the only honest check.
        if let Some(expected) = self.expected {
            if self.received < expected {
                return Err(CatError::Truncated { received: self.received, expected });
            }
        }
        // Every byte has been handed to the sink; `attempt` waits for it to finish before the rename.
        // Durability against a power cut (fsync) is opt-in (`--fsync`, in `attempt`): the old file stays
        // until the rename either way.
        Ok((self.received, self.head))
    }

    /// The error for a body that stopped before its end.
    fn cut_short(&self, error: ReadError) -> CatError {
        let received = self.received;
        match (error, self.expected) {
            (ReadError::Stalled(after), _) => CatError::BodyStalled { after, received },
            (ReadError::Failed(_), Some(expected)) if received < expected => {
                CatError::Truncated { received, expected }
            }
            (ReadError::Failed(message), _) => {
                CatError::Connect(format!("connection lost after {received} bytes of the body: {message}"))
            }
        }
    }
}

/// The error for a write into the temp file that failed (a full disk, a file-size limit).
fn write_error(dir: &Path, error: io::Error) -> CatError {
    CatError::Disk(format!("cannot write in {}: {error}", dir.display()))
}

thread_local! {
    /// The body buffer of the thread that polls downloads: see [`BODY_BUFFER`].
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's body buffer ([`BODY_BUFFER`] bytes, allocated on first use).
fn with_buffer<T>(f: impl FnOnce(&mut [u8]) -> T) -> T {
    BUFFER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            if buf.is_empty() {
                // Zeroed by the allocator (fresh pages): a page becomes resident only once bytes land there.
                *buf = vec![0; BODY_BUFFER];
            }
            f(&mut buf)
        }
        // Only if `f` polled another download on this thread, which it never does: a buffer of its own.
        Err(_) => f(&mut vec![0; BODY_BUFFER]),
    })
}
