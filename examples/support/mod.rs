//! What the lesson's find-the-bug examples share, so that each shows only its lesson: the built-in origin
//! (catfetch's own cat server on a free loopback port, answering after 200 ms like a real network), surf's
//! client, a slow disk, and the report at the end. Included with `#[path]`; not an example itself.

// Each example uses part of this module.
#![allow(dead_code)]

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use catfetch_lab::Watch;
use catfetch_origin::Origin;

/// How many cats each example fetches.
pub const CATS: usize = 6;

/// The built-in origin, its URL, surf's client, a fresh directory for the pictures, and the recorder.
pub struct Lesson {
    pub origin: Origin,
    pub url: String,
    pub client: surf::Client,
    pub dir: PathBuf,
    pub watch: Watch,
}

/// Starts the origin; the directory is removed by [`Lesson::finish`].
pub fn start(name: &str) -> Lesson {
    let origin = Origin::demo().expect("start the built-in origin");
    let url = origin.url();
    let client = catfetch_core::http::surf_client(Duration::from_secs(10)).expect("an HTTP client");
    let dir = std::env::temp_dir().join(format!("catfetch-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    Lesson { origin, url, client, dir, watch: Watch::new(CATS) }
}

impl Lesson {
    /// Prints what the recorder saw: a row per cat, a row per thread that polled, and the findings.
    pub fn finish(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        for line in self.watch.report() {
            println!("{line}");
        }
    }
}

/// Runs one thread's event loop (`executor`) until every task in `tasks` is done; the first error, if any.
pub fn run_until_done<T>(
    executor: &smol::LocalExecutor<'_>,
    tasks: Vec<smol::Task<surf::Result<T>>>,
) -> surf::Result<()> {
    smol::block_on(executor.run(async {
        for task in tasks {
            task.await?;
        }
        Ok(())
    }))
}

/// A slow disk holding one file: a named pipe at `path` that a thread empties 16 KiB every 10 ms, so that
/// a write of more than the pipe holds (64 KiB on Linux) really blocks until the disk has taken it. The
/// thread ends when the writer closes the file, with the number of bytes it took.
#[cfg(unix)]
pub fn slow_disk(path: &Path) -> io::Result<JoinHandle<io::Result<usize>>> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes())?;
    // SAFETY: `c_path` is a NUL-terminated string that lives through the call.
    if unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let path = path.to_owned();
    Ok(thread::spawn(move || {
        let mut pipe = std::fs::File::open(path)?; // waits for the writer to open the file
        let (mut piece, mut taken) = (vec![0; 16 * 1024], 0);
        loop {
            thread::sleep(Duration::from_millis(10));
            match pipe.read(&mut piece)? {
                0 => return Ok(taken),
                n => taken += n,
            }
        }
    }))
}

#[cfg(not(unix))]
pub fn slow_disk(_: &Path) -> io::Result<JoinHandle<io::Result<usize>>> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "the slow disk is a Unix named pipe"))
}

/// The lesson's `get_cat`, done right: one picture fetched, then written without blocking the thread
/// (async-fs hands the write to the blocking pool: the Rust aiofiles).
pub async fn get_cat(client: &surf::Client, url: &str, path: &Path) -> surf::Result<()> {
    let picture = client.get(url).recv_bytes().await?;
    async_fs::write(path, picture).await?;
    Ok(())
}
