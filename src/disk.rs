//! Files on disk: the temp file that cleans up after itself, and why body bytes are written inline.
//!
//! File I/O has no real async interface on most systems, so async runtimes run it on a pool of threads
//! (`async_fs::File` is `blocking::Unblock` around a `std::fs::File`). Every hand-off to that pool costs
//! thread wake-ups, and for a downloader those cost more than the writes themselves: a write of 16 KB into
//! the page cache takes microseconds. Measured with `../shared/bench/run.py` (1000 x 120 KB cats, 100 in
//! flight, on this project's 2-core machine):
//!
//! | how the body is written | wall | peak RSS |
//! |---|---|---|
//! | `async_fs::File`-style `Unblock` (bounded to 128 KiB) | 0.46 s | 36 MB |
//! | our own 128 KiB chunks on the blocking pool, double-buffered | 0.21 s | 36 MB |
//! | inline `write_all` from the download task, as curl and aria2c do | 0.17 s | 26 MB |
//!
//! So the download writes each piece inline, right after reading it: no thread hand-off, no buffer
//! besides the 16 KB read buffer, and no background write that could outlive a cancelled download.
//! The price: a disk that stalls (a hung network filesystem) stalls the thread polling that download.
//! Directory work (create, list, probe) still goes through async-fs.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// A temp file that removes itself unless [`TempFile::persist`] renamed it into place.
///
/// This `Drop` is what makes cancellation safe: when the gather drops a download future mid-way
/// (fail-fast, Ctrl-C), Rust drops its locals, this guard included, and the partial file is gone.
pub struct TempFile {
    path: PathBuf,
    armed: bool,
}

impl TempFile {
    /// Creates the file (replacing a stale one of the same name) and returns the guard and the file.
    ///
    /// Create and rename run inline, not on the blocking pool, on purpose: each is one quick metadata
    /// syscall, and done inline a cancelled download can never create or rename a file *after* it was
    /// dropped (a cancelled `unblock` task would still run to completion in the background).
    pub fn create(path: PathBuf) -> io::Result<(TempFile, File)> {
        // create_new (O_EXCL) never follows a symlink planted at our name.
        let open = |path: &Path| File::options().write(true).create_new(true).open(path);
        let file = match open(&path) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let _ = std::fs::remove_file(&path);
                open(&path)
            }
            other => other,
        }?;
        Ok((TempFile { path, armed: true }, file))
    }

    /// The temp file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Atomically renames the finished file to `to`, replacing any file of that name. Readers see the old
    /// file or the whole new one, never half of it.
    pub fn persist(mut self, to: &Path) -> io::Result<()> {
        std::fs::rename(&self.path, to)?;
        self.armed = false;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.armed {
            // Best effort: if it fails there is nothing more useful to do while unwinding a download.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_temp_file_is_removed_unless_persisted() {
        let dir = tempfile::tempdir().unwrap();
        let (temp, _file) = TempFile::create(dir.path().join(".a.part")).unwrap();
        drop(temp);
        assert!(!dir.path().join(".a.part").exists());
        let (temp, mut file) = TempFile::create(dir.path().join(".b.part")).unwrap();
        file.write_all(b"cat").unwrap();
        temp.persist(&dir.path().join("b.jpg")).unwrap();
        assert_eq!(std::fs::read(dir.path().join("b.jpg")).unwrap(), b"cat");
        assert!(!dir.path().join(".b.part").exists());
    }

    #[test]
    fn a_stale_temp_file_of_the_same_name_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".c.part"), b"stale").unwrap();
        let (_temp, mut file) = TempFile::create(dir.path().join(".c.part")).unwrap();
        file.write_all(b"new").unwrap();
        assert_eq!(std::fs::read(dir.path().join(".c.part")).unwrap(), b"new");
    }
}
