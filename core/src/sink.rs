//! How body bytes reach the temp file (`--writes`), and the slow disk of `--disk-delay`.
//!
//! A socket can say "not now" (readiness: the reactor wakes us when it can take more); a file cannot. A
//! `write(2)` to a file just blocks until the kernel has the bytes, which is microseconds for the page cache
//! and may be much longer on a slow, busy or network disk. So async runtimes hand file I/O to a pool of
//! threads. async-fs, the Rust aiofiles, does it with `blocking::Unblock`: a write copies the bytes into a
//! pipe, and a thread of the blocking pool drains the pipe into the file. catfetch has both ways:
//!
//! | `--writes` | who calls `write(2)` | a stalled disk stalls |
//! |---|---|---|
//! | `async-fs` (default) | a blocking-pool thread, through an `Unblock` per file | that file's pool thread |
//! | `inline` | the thread that polls the download, right after reading | every download that thread polls |
//!
//! `async-fs` is the default: it is the design's, and the lesson's point (its aiofiles) that a plain write
//! blocks the event loop. `inline` is kept as the measured alternative: with a fast disk it skips the
//! hand-offs to the pool, and curl and aria2c write that way. `--disk-delay` makes every write slow, so
//! the difference shows.
//!
//! # Doing `Unblock` well
//!
//! - **Bounded memory.** `Unblock::new` (and so `async_fs::File`) gives every file an 8 MiB pipe, and
//!   async-fs has no way to bound it. Here each file's pipe holds at most [`PIPE`] bytes, however large the
//!   picture: when the disk falls behind, the pipe fills, the download stops reading its socket, and TCP
//!   (or HTTP/2's window) stops the server (back-pressure all the way to the server).
//! - **Few hand-offs.** Bytes that land in the pipe while its pool job is idle wake it on another thread.
//!   A download hands over everything that has arrived since its last poll at once (up to 128 KiB through
//!   its thread's buffer, see `download.rs`), never one socket read at a time, and the pool thread writes
//!   everything the pipe holds when it runs: a big picture takes few, large writes.
//! - **The thread's buffer is never held across a wait.** When the pipe cannot take a whole piece, the rest
//!   is copied aside ([`Sink::take`]) and goes first next time ([`Sink::poll_ready`]); the download reads no
//!   more until it has. That copy exists only while the disk is behind.
//! - **Cancellation.** If the download is dropped while its pool job is writing, the job still owns the
//!   file: it writes what the pipe already holds (at most [`PIPE`] bytes), then closes the file. By then
//!   the file is nameless (anonymous temp file) or already unlinked by its guard (`disk::TempFile`), so
//!   nothing can appear on disk. A file is put in place only after [`Sink::finish`] returned it: every
//!   write done, on the polling thread.

use std::fs::File;
use std::io::{self, Write};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;
use std::{fmt, thread};

use blocking::Unblock;
use futures_lite::{future, AsyncWrite, AsyncWriteExt};

use crate::probe::{self, Work};

/// The most body bytes that wait in one file's pipe to the blocking pool: twice the most a download hands
/// over at once (its thread's buffer, `download.rs`), so the pool can write one batch while the next comes.
///
/// The pipe's memory is touched as bytes pass through it, so a download in flight costs up to this much.
/// A picture of announced length gets a pipe no larger than itself: a small allocation, which the
/// allocator recycles from freed memory, where a large one may be mapped fresh, page by page, for each file.
/// A smaller pipe would mean more hand-offs for big pictures (and more bytes held aside); a larger one,
/// more memory for nothing.
pub const PIPE: usize = 256 * 1024;

/// The pipe for a body of `expected` bytes (if announced): [`PIPE`], or less for a smaller picture.
fn pipe_size(expected: Option<u64>) -> usize {
    expected.map_or(PIPE, |len| len.clamp(1, PIPE as u64) as usize)
}

/// Who writes body bytes into the file (`--writes`), parsed from its name ([`FromStr`](std::str::FromStr)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Writes {
    /// A blocking-pool thread, through `blocking::Unblock` (async-fs's mechanism) with a bounded pipe.
    #[default]
    AsyncFs,
    /// The thread that polls the download, right after reading the bytes.
    Inline,
}

impl Writes {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Writes::AsyncFs => "async-fs",
            Writes::Inline => "inline",
        }
    }
}

impl std::str::FromStr for Writes {
    type Err = String;

    fn from_str(name: &str) -> Result<Writes, String> {
        let all = [Writes::AsyncFs, Writes::Inline];
        all.into_iter()
            .find(|writes| writes.name() == name)
            .ok_or_else(|| crate::text::expected_one_of(&all.map(Writes::name)))
    }
}

impl fmt::Display for Writes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The temp file as both strategies write it: every `write(2)` of at least one byte is counted, and with
/// `--disk-delay` also waits on the thread that made it, like a slow disk. That thread is the polling
/// thread with `inline`, a blocking-pool thread with `async-fs`: the sleep really blocks, which is the point.
pub struct DiskFile {
    file: File,
    /// Added to every write (zero: none).
    delay: Duration,
    /// The run's write count, shared by every file.
    writes: Arc<AtomicU64>,
    /// This file's own writes: one file's writes run one after another, so with a slow disk the file
    /// with the most of them sets the least time any strategy can take (`compare.rs`'s model).
    made: u64,
    /// Held until the file is closed, wherever that happens (a pool thread may close it after its
    /// download was dropped): `run` returns only once every such token is gone (see `crate::run`).
    _open: async_channel::Sender<()>,
}

impl DiskFile {
    /// Wraps `file`; each write adds one to `writes` and waits `delay`; `open` is held until the file
    /// is closed.
    pub fn new(
        file: File,
        delay: Duration,
        writes: Arc<AtomicU64>,
        open: async_channel::Sender<()>,
    ) -> DiskFile {
        DiskFile { file, delay, writes, made: 0, _open: open }
    }

    /// The file, once writing is over, and how many writes it took.
    pub fn into_file(self) -> (File, u64) {
        (self.file, self.made)
    }
}

impl Write for DiskFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // `Unblock`'s pool job asks for an empty write each time it has drained its pipe: no system call.
        if buf.is_empty() {
            return Ok(0);
        }
        let written = self.file.write(buf);
        self.writes.fetch_add(1, Ordering::Relaxed);
        self.made += 1;
        if !self.delay.is_zero() {
            thread::sleep(self.delay);
        }
        written
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Where a download's body bytes go: its temp file, written by one of the two strategies ([`Writes`]).
///
/// # Examples
///
/// Two pieces of a body, as a download hands them over after its socket reads, written the default way:
/// a blocking-pool thread makes the `write(2)` calls, never the thread that polls.
///
/// ```
/// use std::sync::atomic::AtomicU64;
/// use std::sync::Arc;
/// use std::task::Poll;
/// use std::time::Duration;
///
/// use catfetch_core::sink::{DiskFile, Sink, Writes};
/// use futures_lite::future;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("cat.jpg");
/// // Held by the file until it is closed, wherever that happens.
/// let (open, closed) = async_channel::bounded::<()>(1);
/// let file = DiskFile::new(std::fs::File::create(&path)?, Duration::ZERO, Arc::new(AtomicU64::new(0)), open);
/// let mut sink = Sink::new(Writes::AsyncFs, file, Some(11));
/// let (file, writes) = future::block_on(async {
///     for piece in [&b"a whole "[..], b"cat"] {
///         future::poll_fn(|cx| sink.poll_ready(cx)).await?; // room in the pipe to the pool?
///         future::poll_fn(|cx| Poll::Ready(sink.take(cx, piece))).await?; // the caller's buffer is free
///     }
///     sink.finish().await // every byte written
/// })?;
/// drop(file);
/// assert_eq!(std::fs::read(&path)?, b"a whole cat");
/// assert!(writes >= 1);
/// assert!(closed.is_closed());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Sink(Strategy);

enum Strategy {
    Inline(DiskFile),
    Pool {
        file: Unblock<DiskFile>,
        /// Bytes the pipe could not take yet; they go before any new byte (see [`Sink::poll_ready`]).
        held: Vec<u8>,
    },
}

impl Sink {
    /// A sink that writes `file` the way `writes` says; `expected` is the body's announced length, if any.
    pub fn new(writes: Writes, file: DiskFile, expected: Option<u64>) -> Sink {
        Sink(match writes {
            Writes::Inline => Strategy::Inline(file),
            Writes::AsyncFs => {
                Strategy::Pool { file: Unblock::with_capacity(pipe_size(expected), file), held: Vec::new() }
            }
        })
    }

    /// `Ready` when the sink can take the next piece: the bytes it held back last time are in the pipe
    /// (with `inline`, always). `Pending` while the disk is behind: the download must not read more.
    pub fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Strategy::Pool { file, held } = &mut self.0 else { return Poll::Ready(Ok(())) };
        while !held.is_empty() {
            match ready!(Pin::new(&mut *file).poll_write(cx, held)) {
                Ok(0) => {
                    // The pool job stopped taking bytes: a write failed. Flushing returns its error.
                    ready!(Pin::new(&mut *file).poll_flush(cx))?;
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                Ok(n) => drop(held.drain(..n)),
                Err(error) => return Poll::Ready(Err(error)),
            }
        }
        // Freed, not kept: a download holds bytes back only while its disk is behind.
        *held = Vec::new();
        Poll::Ready(Ok(()))
    }

    /// Takes the whole `piece` now, so the caller's buffer is free when this returns. `inline` writes it;
    /// `async-fs` copies into the pipe what fits and holds back the rest, which [`Sink::poll_ready`] sends
    /// before anything else. Call only after `poll_ready` returned `Ready(Ok)`.
    pub fn take(&mut self, cx: &mut Context<'_>, piece: &[u8]) -> io::Result<()> {
        let (file, held) = match &mut self.0 {
            // On the polling thread: a slow write here holds up every download that thread polls, and a
            // poll recorder listening to the probe names such a stall "during writes".
            Strategy::Inline(file) => return probe::measure(Work::Write, || file.write_all(piece)),
            Strategy::Pool { file, held } => (file, held),
        };
        debug_assert!(held.is_empty(), "take() before poll_ready() was Ready");
        let mut rest = piece;
        while !rest.is_empty() {
            match Pin::new(&mut *file).poll_write(cx, rest) {
                Poll::Ready(Ok(n)) if n > 0 => rest = &rest[n..],
                Poll::Ready(Err(error)) => return Err(error),
                // The pipe is full (or, after `Ok(0)`, its pool job has stopped): `poll_ready` sorts it out.
                _ => {
                    held.extend_from_slice(rest);
                    break;
                }
            }
        }
        Ok(())
    }

    /// Waits until every byte taken is in the file, whichever thread writes it, and gives the file back
    /// (to sync it and put it in place) with the number of writes it took. A write error from the pool
    /// surfaces here at the latest.
    pub async fn finish(mut self) -> io::Result<(File, u64)> {
        future::poll_fn(|cx| self.poll_ready(cx)).await?;
        match self.0 {
            Strategy::Inline(file) => Ok(file.into_file()),
            Strategy::Pool { mut file, .. } => {
                // Closes the pipe and waits for the pool job to write what is left and return the file.
                file.flush().await?;
                Ok(file.into_inner().await.into_file())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disk::{TempFile, TempMode};
    use std::time::Instant;

    fn disk_file(dir: &std::path::Path, delay: Duration) -> (TempFile, DiskFile, Arc<AtomicU64>) {
        let writes = Arc::new(AtomicU64::new(0));
        let (temp, file) = TempFile::create(dir, ".cat.part", TempMode::Named).unwrap();
        (temp, DiskFile::new(file, delay, writes.clone(), async_channel::bounded(1).0), writes)
    }

    /// Feeds `bytes` to the sink in `piece`-sized pieces, the way `download::stream_body` does.
    async fn feed(sink: &mut Sink, bytes: &[u8], piece: usize) -> io::Result<()> {
        for chunk in bytes.chunks(piece) {
            future::poll_fn(|cx| sink.poll_ready(cx)).await?;
            future::poll_fn(|cx| Poll::Ready(sink.take(cx, chunk))).await?;
        }
        Ok(())
    }

    fn picture(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn writes_are_counted_and_empty_ones_are_not_made() {
        let dir = tempfile::tempdir().unwrap();
        let (_temp, mut file, writes) = disk_file(dir.path(), Duration::ZERO);
        file.write_all(b"cat").unwrap();
        assert_eq!(file.write(b"").unwrap(), 0);
        file.flush().unwrap();
        assert_eq!(writes.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn each_write_waits_the_disk_delay_on_the_thread_that_makes_it() {
        let dir = tempfile::tempdir().unwrap();
        let (_temp, mut file, writes) = disk_file(dir.path(), Duration::from_millis(30));
        let started = Instant::now();
        for _ in 0..3 {
            file.write_all(b"slow cat").unwrap();
        }
        assert!(started.elapsed() >= Duration::from_millis(90), "{:?}", started.elapsed());
        assert_eq!(writes.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn both_strategies_write_every_byte_in_order_with_or_without_a_known_length() {
        let bytes = picture(3 * PIPE + 12_345);
        let small = picture(50_000);
        for writes in [Writes::AsyncFs, Writes::Inline] {
            for (bytes, expected) in
                [(&bytes, None), (&bytes, Some(bytes.len() as u64)), (&small, Some(50_000))]
            {
                let context = format!("{writes}, {} bytes, length {expected:?}", bytes.len());
                let dir = tempfile::tempdir().unwrap();
                let (temp, file, count) = disk_file(dir.path(), Duration::ZERO);
                let mut sink = Sink::new(writes, file, expected);
                let file = future::block_on(async {
                    feed(&mut sink, bytes, 100_000).await.unwrap();
                    sink.finish().await.unwrap()
                });
                let (file, own) = file;
                let to = dir.path().join("cat.jpg");
                temp.persist(&file, &to).unwrap();
                assert_eq!(&std::fs::read(&to).unwrap(), bytes, "{context}");
                let made = count.load(Ordering::Relaxed);
                assert!((1..=bytes.len() as u64 / 1000).contains(&made), "{context}: {made} writes");
                assert_eq!(own, made, "{context}: the file counts its own writes");
            }
        }
    }

    #[test]
    fn a_slow_disk_holds_the_download_back_instead_of_filling_memory() {
        // Each write waits 20 ms, so the pipe fills and `poll_ready` must hold the writer back; every byte
        // still arrives, in order.
        let dir = tempfile::tempdir().unwrap();
        let bytes = picture(4 * PIPE);
        let (temp, file, _) = disk_file(dir.path(), Duration::from_millis(20));
        let mut sink = Sink::new(Writes::AsyncFs, file, None);
        let mut held_back = false;
        let file = future::block_on(async {
            for chunk in bytes.chunks(128 * 1024) {
                future::poll_fn(|cx| {
                    let ready = sink.poll_ready(cx);
                    held_back |= ready.is_pending();
                    ready
                })
                .await
                .unwrap();
                future::poll_fn(|cx| Poll::Ready(sink.take(cx, chunk))).await.unwrap();
                if let Strategy::Pool { held, .. } = &sink.0 {
                    assert!(held.len() <= chunk.len());
                }
            }
            sink.finish().await.unwrap()
        });
        assert!(held_back, "the pipe never filled");
        let (file, _) = file;
        let to = dir.path().join("cat.jpg");
        temp.persist(&file, &to).unwrap();
        assert_eq!(std::fs::read(&to).unwrap(), bytes);
    }

    #[test]
    fn a_write_error_on_the_pool_reaches_the_download() {
        // A file opened read-only: the pool thread's write fails, and the download hears of it, whether the
        // job fails while the body still comes or after the last byte was handed over.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("read-only");
        std::fs::write(&path, b"").unwrap();
        for (len, expected) in [(2 * PIPE, None), (2 * PIPE, Some(2 * PIPE as u64)), (1000, Some(1000))] {
            let file = File::open(&path).unwrap();
            let mut sink = Sink::new(
                Writes::AsyncFs,
                DiskFile::new(file, Duration::ZERO, Arc::default(), async_channel::bounded(1).0),
                expected,
            );
            let result = future::block_on(async {
                feed(&mut sink, &picture(len), 64 * 1024).await?;
                // Let the pool job fail before the download finishes, as it would when the body is slow.
                thread::sleep(Duration::from_millis(20));
                sink.finish().await
            });
            let error = result.expect_err("writing a read-only file must fail");
            assert_ne!(
                error.kind(),
                io::ErrorKind::WriteZero,
                "the pool's own error, not a stand-in: {error}"
            );
        }
    }

    #[test]
    fn a_cancelled_download_with_a_write_in_flight_leaves_no_named_temp_file() {
        // Named mode, the harder case: the pool thread is still inside a slow write when the download is
        // dropped. The guard removes the name at once; the write ends on an unlinked file.
        let dir = tempfile::tempdir().unwrap();
        let (temp, file, writes) = disk_file(dir.path(), Duration::from_millis(200));
        let mut sink = Sink::new(Writes::AsyncFs, file, None);
        future::block_on(async {
            feed(&mut sink, &picture(64 * 1024), 64 * 1024).await?;
            // piper's pipe sometimes yields (one `poll_write` in a hundred returns `Pending` after waking
            // the task, for fairness): then `take` held the piece back, and only `poll_ready` sends it.
            future::poll_fn(|cx| sink.poll_ready(cx)).await
        })
        .unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        while writes.load(Ordering::Relaxed) == 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(writes.load(Ordering::Relaxed), 1, "the write is in flight on the pool");
        drop(sink);
        drop(temp);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "left behind at once");
        thread::sleep(Duration::from_millis(300));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "left behind by the pool");
    }

    #[test]
    fn a_pipe_is_never_larger_than_its_picture_nor_than_pipe() {
        assert_eq!(pipe_size(None), PIPE);
        assert_eq!(pipe_size(Some(120_303)), 120_303);
        assert_eq!(pipe_size(Some(4_322_578)), PIPE);
        assert_eq!(pipe_size(Some(0)), 1, "an empty picture still gets a (tiny) pipe");
    }

    #[test]
    fn writes_are_named_as_on_the_command_line() {
        for writes in [Writes::AsyncFs, Writes::Inline] {
            assert_eq!(writes.name().parse::<Writes>(), Ok(writes));
        }
        assert_eq!(Writes::default(), Writes::AsyncFs);
    }
}
