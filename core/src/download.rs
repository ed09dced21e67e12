//! One cat: request, check the answer, stream it to a temp file, put it in place.
//!
//! ```text
//! temp file, made first (anonymous where Linux allows, else .{stem}.catfetch-{pid}.part: see disk.rs)
//!    ▼
//! GET url ──3xx──▶ follow Location (our own loop, at most 10 hops)
//!    │ 200, image/* (or no type), not content-encoded
//!    ▼
//! temp file ◀── body, as it arrives, through one 128 KiB buffer per polling thread (never whole),
//!    │              written by a blocking-pool thread or inline (--writes: see sink.rs)
//!    │ first bytes: a picture? which format names the file (naming::extension)
//!    │ complete     (anonymous where Linux allows, else .{stem}.catfetch-{pid}.part: see disk.rs)
//!    ▼
//! link / rename ──▶ {stem}.{ext}   (atomic: readers see the old file or the whole new one, never half)
//! ```
//!
//! Failures that may pass (429, 5xx, timeouts, broken connections) are retried with backoff. Whatever
//! happens, including cancellation (the future being dropped mid-way), the temp file disappears with
//! `TempFile` (`disk.rs`), and an existing file of the same name is untouched until the final step.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

use async_io::Timer;
use async_lock::Semaphore;
use futures_lite::future;
use surf::Url;

use crate::config::Config;
use crate::disk::{self, TempFile, TempMode};
use crate::error::CatError;
use crate::events::{Event, Observer};
use crate::http::{Client, ReadError, Response};
use crate::naming::{self, Kind};
use crate::retry;
use crate::sink::{DiskFile, Sink};
use crate::text;
use crate::work;

/// The most redirects one download follows.
pub const MAX_REDIRECTS: usize = 10;
/// Bytes moved from the network to the file at a time, at most. A download borrows its polling thread's
/// buffer only for one poll (read what has arrived, hand it to the file's [`Sink`]), never across a wait,
/// so there is one buffer per polling thread, not one per download: memory stays at threads x 128 KiB
/// however many downloads are in flight, and big pictures are written in few, large writes. (An HTTP/1.1
/// connection reads a fixed 32 KiB at a time, http/engine.rs: one poll takes what a few reads bring, and a
/// larger buffer would rarely fill.) With `--executor threads`, where each download has a thread of its own,
/// the threads share a pool of these buffers instead: see [`borrow_pooled_buffers`].
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
    /// Permits to create a temp file on the blocking pool (see `create_temp`): two per core. One permit
    /// was no better than creating files inline; beyond two per core, more threads scanning the same inode
    /// bitmap only got in each other's way (docs/PERFORMANCE.md).
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
    /// `write(2)` calls its file took (the saving attempt's).
    pub writes: u64,
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

/// A token held by each of a download's files until it is closed, wherever that happens: a pool job may
/// still be writing or closing one after its download's future was dropped. `run` waits for them.
pub type Open = async_channel::Sender<()>;

/// Downloads one cat, retrying what may pass, and saves it.
pub async fn download<O: Observer>(shared: Arc<Shared<O>>, job: Job, open: Open) -> CatResult {
    let index = job.index;
    let started = Instant::now();
    shared.observer.on_event(index, &Event::Started);
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
            Box::pin(attempt(&shared, &job, &open, &mut status)).await
        };
        match result {
            // `Event::Saved` went out when the file took its name (in `attempt`).
            Ok((path, bytes, content_type, writes)) => {
                return Ok(Saved {
                    path,
                    bytes,
                    content_type,
                    status: status.unwrap_or(200),
                    attempts,
                    elapsed: started.elapsed(),
                    writes,
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

/// One attempt: returns the saved path, its size, the Content-Type and the writes its file took. `status` records the last HTTP
/// status seen, for the report, even when the attempt fails later.
async fn attempt<O: Observer>(
    shared: &Shared<O>,
    job: &Job,
    open: &Open,
    status: &mut Option<u16>,
) -> Result<(PathBuf, u64, Option<String>, u64), CatError> {
    let index = job.index;
    let config = &shared.config;
    let stem = &job.stem;
    // The file first, then the request: no body arrives before there is a file to write it into, so none
    // waits in memory meanwhile (see `create_temp`). If the attempt fails, the file goes with it: `temp`
    // owns its name, the sink the open file.
    let (temp, file) = create_temp(shared, stem, open)
        .await
        .map_err(|e| CatError::Disk(format!("cannot create a file in {}: {e}", config.out_dir.display())))?;
    let mut response = get_following_redirects(shared, job).await?;
    *status = Some(response.status);
    let event = Event::Response { status: response.status, content_type: response.content_type.as_deref() };
    shared.observer.on_event(index, &event);
    if let (404, Some(what)) = (response.status, &job.not_found) {
        return Err(CatError::NoMatch(what.clone()));
    }
    let (code, reason) = (response.status, response.reason.to_owned());
    if !(200..300).contains(&code) {
        return Err(CatError::Status { code, reason, retry_after: response.retry_after });
    }
    // Only a complete 200 carries a picture: a 204 has none, and a 206 is a part of one (catfetch never
    // sends a Range request, so a part is all it would get).
    if code != 200 {
        return Err(CatError::UnexpectedStatus { code, reason });
    }
    // Taken out of the response, which the body loop borrows whole; handed back in the result.
    let content_type = response.content_type.take();
    let kind = naming::classify(content_type.as_deref());
    if let Kind::NotImage(content_type) = kind {
        return Err(CatError::NotAnImage { content_type });
    }
    // Refused, not decoded. catfetch asks for `identity` (http.rs), so this server ignored the request;
    // and decoding would mean a decoder on every answer's path, a Content-Length that no
    // longer counts the bytes saved (the truncation and early --max-size checks would go blind), and a
    // corrupt stream surfacing mid-body as a broken connection; all for pictures, which are compressed
    // already. Saving the encoded bytes instead would put a gzip stream in a file named `.png`.
    if let Some(codings) = response.content_encoding.take() {
        return Err(CatError::Encoded(codings));
    }
    if response.content_length.is_some_and(|len| len > config.max_size) {
        return Err(CatError::TooLarge { limit: config.max_size });
    }

    let file = DiskFile::new(file, config.disk_delay, shared.writes.clone(), open.clone());
    let mut sink = Sink::new(config.writes, file, response.content_length);
    let body = stream_body(shared, index, &mut response, content_type.as_deref(), &mut sink);
    let (bytes, ext, head) = body.await?;
    // --cpu-per-cat: the picture is here; work on it, like a program that decodes or resizes it would.
    work::after_arrival(config.cpu_per_cat, config.cpu_offload, &head).await;
    // Every byte in the file (with async-fs, the pool's last writes done) before anything else happens to it.
    let (file, writes) = sink.finish().await.map_err(|e| write_error(&config.out_dir, e))?;
    let path = config.out_dir.join(format!("{stem}.{ext}"));
    let cannot_save = |e: io::Error| CatError::Disk(format!("cannot save {}: {e}", path.display()));
    let file = if config.fsync {
        // The bytes reach the disk before the name does: after a power cut, `path` is the old file or the
        // whole new one. fsync can take milliseconds, so it runs on the blocking pool, which hands the file
        // back: if this download is cancelled meanwhile, its name still goes with `temp`, and the fsync of
        // a file nobody will see finishes harmlessly.
        let open = open.clone();
        blocking::unblock(move || {
            let _open = open;
            file.sync_all().map(|()| file)
        })
        .await
        .map_err(cannot_save)?
    } else {
        file
    };
    temp.persist(&file, &path).map_err(cannot_save)?;
    // The file has its name: from now on this cat is saved, whatever happens to this future.
    shared.observer.on_event(index, &Event::Saved { path: &path, bytes, writes });
    if config.fsync {
        // The new name lives in the directory: it is durable once the directory is.
        let dir = config.out_dir.clone();
        blocking::unblock(move || disk::sync_dir(&dir)).await.map_err(cannot_save)?;
    }
    if let (Kind::Image(claimed), Some(format)) = (&kind, naming::format_name(&ext)) {
        if *claimed != ext {
            let content_type = naming::media_type(content_type.as_deref().unwrap_or_default());
            shared
                .observer
                .on_event(index, &Event::Retyped { content_type: &content_type, format, path: &path });
        }
    }
    Ok((path, bytes, content_type, writes))
}

/// Creates the temp file that `stem`'s picture is written into, before its request is sent.
///
/// Creating a file can be the costliest step of a small download. On ext4, shortly after many files were
/// deleted, finding a free inode took a noticeable slice of kernel time per file (`perf`:
/// `find_inode_bit`, `recently_deleted`). Done inline, that stalls the executor thread and every download it
/// polls. So anonymous temp files are created on the blocking pool, at most [`Shared::creating`]'s permits
/// at a time: more threads scanning the same inode bitmap only get in each other's way.
///
/// Created before the request, the file is ready when the body arrives. Created after the response
/// headers instead, each body would wait in its connection's buffers for its turn at the pool, and many
/// downloads in flight would hold their bodies in memory meanwhile: creating first saves memory under load.
/// The price is paid when many downloads start at once: their requests leave only as their files are
/// made, which costs a little start-up time (figures for both: docs/PERFORMANCE.md).
///
/// Cancellation cannot leave a file behind this way. If the download is dropped while its file is being
/// created, the creation still finishes on the pool, and the file closes unseen: it never had a name.
/// A named temp file would stay behind, so those are created inline.
async fn create_temp<O: Observer>(
    shared: &Shared<O>,
    stem: &str,
    open: &Open,
) -> io::Result<(TempFile, std::fs::File)> {
    let (dir, mode) = (&shared.config.out_dir, shared.temp_mode);
    let name = naming::temp_name(stem, shared.pid);
    if mode != TempMode::Anonymous {
        return TempFile::create(dir, &name, mode);
    }
    let _permit = shared.creating.acquire().await;
    let (dir, open) = (dir.clone(), open.clone());
    blocking::unblock(move || {
        let _open = open;
        TempFile::create(&dir, &name, mode)
    })
    .await
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
            let next = text::redacted(&next);
            return Err(CatError::Redirect(format!("redirect loop: {next} was already requested")));
        }
        if visited.len() > MAX_REDIRECTS {
            return Err(CatError::Redirect(format!("more than {MAX_REDIRECTS} redirects")));
        }
        shared.observer.on_event(job.index, &Event::Redirected { status: code, to: &next });
        // Dropping the 3xx response here abandons its body, and with it its connection (never reused dirty).
        drop(response);
        visited.push(next.clone());
        url = next;
    }
}

/// Where a redirect points: `location` resolved against the URL that answered (it may be relative, like
/// `/cats/1.jpg` or `../x`), and only if it is http(s): a server must not send us to `file:` or `ftp:`.
pub fn resolve_location(base: &Url, location: &str) -> Result<Url, CatError> {
    // Messages show the Location without any password a server put in it (it is never used: see
    // http::Client::get).
    let next = base.join(location.trim()).map_err(|e| {
        let location = text::hide_userinfo(location);
        CatError::Redirect(format!("redirect to an invalid Location {location:?}: {e}"))
    })?;
    if !matches!(next.scheme(), "http" | "https") || next.host_str().is_none_or(str::is_empty) {
        return Err(CatError::Redirect(format!(
            "refusing to follow a redirect to {} (only http and https)",
            text::redacted(&next)
        )));
    }
    Ok(next)
}

/// Streams the body into `sink`. Returns the byte count, the extension its first bytes call for (see
/// [`naming::extension`]) and those first bytes; fails as soon as they show that it is no picture.
async fn stream_body<O: Observer>(
    shared: &Shared<O>,
    index: usize,
    response: &mut Response,
    content_type: Option<&str>,
    sink: &mut Sink,
) -> Result<(u64, Cow<'static, str>, Vec<u8>), CatError> {
    let mut saving = Saving {
        sink,
        dir: &shared.config.out_dir,
        expected: response.content_length,
        max_size: shared.config.max_size,
        received: 0,
        content_type,
        head: Vec::with_capacity(naming::SNIFF_LEN),
        ext: None,
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
    /// The Content-Type the server sent.
    content_type: Option<&'a str>,
    /// The first bytes (up to [`naming::SNIFF_LEN`]), until the extension is decided.
    head: Vec<u8>,
    /// The extension, decided once `head` is full (or at the end of a shorter body).
    ext: Option<Cow<'static, str>>,
}

impl Saving<'_> {
    /// Hands the next piece to the sink, unless it takes the body past `--max-size` (then not a byte of it
    /// is written).
    fn write(&mut self, cx: &mut Context<'_>, piece: &[u8]) -> Result<(), CatError> {
        self.received += piece.len() as u64;
        if self.received > self.max_size {
            return Err(CatError::TooLarge { limit: self.max_size });
        }
        if self.ext.is_none() {
            let take = (naming::SNIFF_LEN - self.head.len()).min(piece.len());
            self.head.extend_from_slice(&piece[..take]);
            if self.head.len() == naming::SNIFF_LEN {
                // Decided as soon as the first bytes are in: 50 MB of HTML sent as image/png is refused
                // before a byte of it is written, not after all of it.
                self.ext = Some(naming::extension(self.content_type, &self.head)?);
            }
        }
        self.sink.take(cx, piece).map_err(|e| write_error(self.dir, e))
    }

    /// The byte count, the extension and the first bytes, once the body has ended without an error.
    fn finish(self) -> Result<(u64, Cow<'static, str>, Vec<u8>), CatError> {
        // Some servers close early without an error: the byte count is the only honest check.
        if let Some(expected) = self.expected {
            if self.received < expected {
                return Err(CatError::Truncated { received: self.received, expected });
            }
        }
        // A body shorter than the sniffing window (or empty) is judged now, on all it had.
        let ext = match self.ext {
            Some(ext) => ext,
            None => naming::extension(self.content_type, &self.head)?,
        };
        // Every byte has been handed to the sink; `attempt` waits for it to finish before the rename.
        // Durability against a power cut (fsync) is opt-in (`--fsync`, in `attempt`): the old file stays
        // until the rename either way.
        Ok((self.received, ext, self.head))
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
    /// Set by [`borrow_pooled_buffers`]: this thread borrows from [`POOLED`] instead of keeping `BUFFER`.
    static BORROWS_POOLED: Cell<bool> = const { Cell::new(false) };
}

/// Body buffers lent for one poll at a time to threads that each poll a single download.
static POOLED: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

/// For a thread that polls one download and then ends (`--executor threads`): its body buffer is taken
/// from a process-wide pool for each poll and given back after it, instead of kept for the thread's life.
///
/// A buffer is needed only while a poll moves bytes, never across a wait. Kept per thread, a thousand
/// download threads would hold a thousand buffers, sized for the few polling threads of the other
/// executors: memory the thread-per-download model itself does not need. Pooled, there are as many
/// buffers as threads ever moved bytes at the same instant, as on the other executors.
pub fn borrow_pooled_buffers() {
    BORROWS_POOLED.with(|flag| flag.set(true));
}

/// Runs `f` with this thread's body buffer ([`BODY_BUFFER`] bytes, allocated on first use), or with one
/// borrowed from the pool (see [`borrow_pooled_buffers`]).
fn with_buffer<T>(f: impl FnOnce(&mut [u8]) -> T) -> T {
    if BORROWS_POOLED.with(Cell::get) {
        // A poisoned lock only means a thread panicked while pushing or popping; the list is still whole.
        let pool = || POOLED.lock().unwrap_or_else(PoisonError::into_inner);
        let popped = pool().pop();
        let mut buf = popped.unwrap_or_else(|| vec![0; BODY_BUFFER]);
        let result = f(&mut buf);
        pool().push(buf);
        return result;
    }
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
