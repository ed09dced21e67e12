//! Files on disk: the temp file that cleans up after itself, and where the slow file operations run.
//!
//! Who writes the body is `sink.rs`'s business (`--writes`: the blocking pool, or the polling thread).
//! Creating a file is slow in its own way: on ext4 right after many deletions, finding a free inode can take
//! longer than writing a whole picture into the page cache, and done inline it would stall every download
//! the polling thread serves. So anonymous temp files are created on the blocking pool, a few at a time
//! (`download.rs`, `create_temp`), and preparing the output directory runs there too, as one job. Putting a
//! file in place (link or rename) is one quick directory operation and runs inline, for cancellation safety
//! (see [`TempFile::persist`]).
//!
//! Where the system allows, the temp file has no name at all until it is complete ([`TempMode`]).

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

use crate::naming;

/// Held while a file takes its final name ([`TempFile::persist`]), so that [`freeze`] can wait for it.
static PUTTING_IN_PLACE: Mutex<()> = Mutex::new(());
/// Set by [`freeze`]: no file takes its final name any more.
static FROZEN: AtomicBool = AtomicBool::new(false);

/// The named temp files of this process that exist right now: what [`freeze`] removes when the process is
/// about to end without its downloads being dropped. (Anonymous ones vanish with the process anyway.)
static NAMED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn named_files() -> MutexGuard<'static, Vec<PathBuf>> {
    // A poisoned lock only means a thread panicked while pushing or removing; the list is still whole.
    NAMED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Makes this process's files final, for an exit that does not wait for the downloads (a stop the polling
/// thread could not get to in time, `main.rs`): from now on no file takes its final name, a file that was
/// taking one has done so, and every named temp file is removed. What is on disk then is what the report
/// says. Waits at most `wait` for a rename under way (a hung file system must not hang the exit).
pub fn freeze(wait: Duration) {
    FROZEN.store(true, Ordering::SeqCst);
    // Any rename that began before is over once the lock is free; any later one will see FROZEN.
    let deadline = Instant::now() + wait;
    loop {
        match PUTTING_IN_PLACE.try_lock() {
            Ok(_) | Err(TryLockError::Poisoned(_)) => break,
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(1))
            }
            Err(TryLockError::WouldBlock) => break,
        }
    }
    for name in named_files().drain(..) {
        let _ = std::fs::remove_file(name);
    }
}

/// How a directory's temp files are made; [`probe`] finds out once per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TempMode {
    /// Linux `O_TMPFILE`: a file with no name at all until it is complete and linked into place. Nothing
    /// can be left behind, even by `kill -9`, and it saves the filesystem a create and a rename per picture,
    /// which shows on runs of many small pictures (docs/PERFORMANCE.md).
    Anonymous,
    /// A hidden file `.{stem}.catfetch-{pid}.part`, renamed into place. Works everywhere.
    Named,
}

/// Finds out how temp files can be made in `dir`, proving on the way that we can write there: creates a
/// file (anonymous if the system allows, else named `probe_name`) and removes it again.
pub fn probe(dir: &Path, probe_name: &str) -> io::Result<TempMode> {
    let probe_path = dir.join(probe_name);
    #[cfg(target_os = "linux")]
    if let Ok(file) = anonymous(dir) {
        // Linking needs /proc/self/fd (almost always there); test it once, here, rather than fail later.
        if link(&file, &probe_path).is_ok() {
            let _ = std::fs::remove_file(&probe_path);
            return Ok(TempMode::Anonymous);
        }
    }
    let _ = std::fs::remove_file(&probe_path);
    File::options().write(true).create_new(true).open(&probe_path)?;
    let _ = std::fs::remove_file(&probe_path);
    Ok(TempMode::Named)
}

/// A temp file's guard: the file disappears unless [`TempFile::persist`] put it in place.
///
/// This is what makes cancellation safe: when the gather drops a download future mid-way (fail-fast,
/// Ctrl-C), Rust drops its locals, this guard included, and the partial file is gone: an anonymous file
/// has no name to remove, a named one is removed by `Drop`.
///
/// The guard owns the *name*; the open file itself goes to whoever writes it ([`TempFile::create`] returns
/// both). With `--writes async-fs` that is a job on the blocking pool, which may still be writing when the
/// download is dropped: it finishes on a file that has no name, or no longer has one, and closes it.
///
/// # Examples
///
/// ```
/// use std::io::Write;
///
/// use catfetch_core::disk::{probe, TempFile};
///
/// let dir = tempfile::tempdir()?;
/// let mode = probe(dir.path(), ".probe")?; // nameless (O_TMPFILE) where Linux allows
///
/// // A download cancelled half-way: dropping its guard takes the partial file with it.
/// let (temp, mut file) = TempFile::create(dir.path(), ".0.catfetch.part", mode)?;
/// file.write_all(b"half a c")?;
/// drop((temp, file));
/// assert_eq!(std::fs::read_dir(dir.path())?.count(), 0);
///
/// // A complete one takes its name whole.
/// let (temp, mut file) = TempFile::create(dir.path(), ".0.catfetch.part", mode)?;
/// file.write_all(b"a whole cat")?;
/// temp.persist(&file, &dir.path().join("0.jpg"))?;
/// assert_eq!(std::fs::read(dir.path().join("0.jpg"))?, b"a whole cat");
/// assert_eq!(std::fs::read_dir(dir.path())?.count(), 1);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct TempFile {
    /// The hidden name: the file itself in `Named` mode; in `Anonymous` mode only used, for an instant,
    /// to replace an existing file atomically.
    name: PathBuf,
    /// Does `name` exist on disk and belong to us (so `Drop` must remove it)?
    named: bool,
}

impl TempFile {
    /// Creates a temp file in `dir`; `name` is its hidden name (which carries our process id). Returns
    /// the guard and the open file to write the picture into.
    ///
    /// Blocking. A named temp file must be created inline, never on the blocking pool: a cancelled
    /// `unblock` job still runs to completion in the background, and would leave the file behind. An
    /// anonymous one may be created there (`download.rs` does), since it vanishes unseen when dropped.
    pub fn create(dir: &Path, name: &str, mode: TempMode) -> io::Result<(TempFile, File)> {
        let name = dir.join(name);
        #[cfg(target_os = "linux")]
        if mode == TempMode::Anonymous {
            return Ok((TempFile { name, named: false }, anonymous(dir)?));
        }
        let _ = mode;
        // Entered before the file exists, so that no instant passes when it is on disk and not listed.
        named_files().push(name.clone());
        let file = match create_new(&name) {
            // A stale file of ours (same pid, earlier run): replace it.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let _ = std::fs::remove_file(&name);
                create_new(&name)
            }
            other => other,
        };
        match file {
            Ok(file) => Ok((TempFile { name, named: true }, file)),
            Err(e) => {
                forget_name(&name);
                Err(e)
            }
        }
    }

    /// Puts the finished `file` (the one [`TempFile::create`] returned, every write done) in place at `to`,
    /// replacing any file of that name atomically: readers see the old file or the whole new one, never
    /// half of it.
    ///
    /// Runs inline, on purpose: done on the blocking pool, a cancelled download could still put its file
    /// in place *after* it was dropped.
    ///
    /// While it runs, [`freeze`] waits for it; once the process is frozen, it fails (it is exiting).
    pub fn persist(mut self, file: &File, to: &Path) -> io::Result<()> {
        // A poisoned lock only means another download panicked while renaming: nothing to repair.
        let _in_place = PUTTING_IN_PLACE.lock().unwrap_or_else(PoisonError::into_inner);
        if FROZEN.load(Ordering::SeqCst) {
            return Err(io::Error::other("the process is stopping"));
        }
        if !self.named {
            #[cfg(target_os = "linux")]
            match link(file, to) {
                Ok(()) => return Ok(()),
                // `to` exists: a link cannot replace it, a rename can. Give the file its hidden name first.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    named_files().push(self.name.clone());
                    let _ = std::fs::remove_file(&self.name);
                    self.named = true;
                    link(file, &self.name)?;
                }
                Err(e) => return Err(e),
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = file;
        std::fs::rename(&self.name, to)?;
        self.named = false;
        forget_name(&self.name);
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.named {
            // Best effort: if it fails there is nothing more useful to do while unwinding a download.
            let _ = std::fs::remove_file(&self.name);
            forget_name(&self.name);
        }
    }
}

/// `name` no longer exists as our temp file: off the list [`freeze`] cleans.
fn forget_name(name: &Path) {
    let mut named = named_files();
    if let Some(at) = named.iter().position(|listed| listed == name) {
        named.swap_remove(at);
    }
}

/// Writes a report file (a page, a trace) the way pictures are saved: into a temp file beside `path`, put
/// in place whole. If anything fails (a full disk), an older file at `path` is left as it was, and no temp
/// file stays behind.
pub fn write_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let (dir, temp_name) = temp_beside(path);
    let mode = probe(dir, &temp_name)?;
    let (temp, mut file) = TempFile::create(dir, &temp_name, mode)?;
    file.write_all(contents)?;
    temp.persist(&file, path)
}

/// Checks, before the work that fills a report file, that [`write_file`] will be able to put a file at
/// `path`: its directory takes new files, and `path` is not a directory. Leaves nothing behind.
pub fn check_writable(path: &Path) -> io::Result<()> {
    if path.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a directory"));
    }
    let (dir, temp_name) = temp_beside(path);
    probe(dir, &temp_name).map(|_| ())
}

/// The directory a file at `path` goes in, and the hidden name of its temp file there.
fn temp_beside(path: &Path) -> (&Path, String) {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let stem = path.file_name().map_or("report".into(), |name| name.to_string_lossy().into_owned());
    (dir, naming::temp_name(&stem, std::process::id()))
}

/// Flushes `dir`'s entries to disk (fsync on the directory), so that names added to it survive a power
/// cut. Only Unix can open a directory as a file; elsewhere this does nothing.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// `create_new` (O_EXCL) never follows a symlink planted at our name.
fn create_new(path: &Path) -> io::Result<File> {
    File::options().write(true).create_new(true).open(path)
}

/// An anonymous file in `dir` (O_TMPFILE): it has no name until [`link`] gives it one.
#[cfg(target_os = "linux")]
fn anonymous(dir: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    File::options().write(true).custom_flags(libc::O_TMPFILE).open(dir)
}

/// Gives an anonymous file the name `to` (fails with `AlreadyExists` if `to` exists).
#[cfg(target_os = "linux")]
fn link(file: &File, to: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
    let to = CString::new(to.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let linked = unsafe {
        libc::linkat(libc::AT_FDCWD, from.as_ptr(), libc::AT_FDCWD, to.as_ptr(), libc::AT_SYMLINK_FOLLOW)
    };
    if linked == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Removes temp files in `dir` left by catfetch runs whose process is gone (killed, or a power cut).
/// A live run's files (its process still exists) are never touched. Returns how many were removed.
pub fn remove_stale_temp_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let me = std::process::id();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(naming::temp_pid) else { continue };
        if pid != me && !process_exists(pid) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// A scratch directory of this process, `$TMPDIR/catfetch-{what}-{pid}` (`compare` and `scale` put their
/// runs' pictures there), removed with everything in it when dropped.
///
/// A process killed with SIGKILL drops nothing: creating one first removes every `catfetch-{what}-{pid}`
/// whose process is gone, as the temp files of killed runs are removed. And a stop that cannot wait
/// for the run removes [`Scratch::path_for`] itself (`main.rs`).
pub struct Scratch(PathBuf);

impl Scratch {
    /// Removes the scratch directories of killed runs, then makes this process's own (empty).
    pub fn create(what: &str) -> io::Result<Scratch> {
        remove_stale_scratch(what);
        let dir = Scratch::path_for(what);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }

    /// Where this process's scratch directory for `what` is (or would be).
    pub fn path_for(what: &str) -> PathBuf {
        std::env::temp_dir().join(format!("catfetch-{what}-{}", std::process::id()))
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Removes `$TMPDIR/catfetch-{what}-{pid}` for every pid whose process is gone.
fn remove_stale_scratch(what: &str) {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    let prefix = format!("catfetch-{what}-");
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(&prefix)).and_then(|p| p.parse().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_exists(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Does a process with this id exist (ours or anyone's)?
fn process_exists(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
        // SAFETY: signal 0 sends nothing; kill only checks that the process exists and may be signalled.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        // EPERM: it exists but belongs to someone else. Only ESRCH means gone.
        alive || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true // cannot tell: never remove
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    }

    /// Both modes where the system has both, else just the named one.
    fn modes(dir: &Path) -> Vec<TempMode> {
        match probe(dir, ".probe").unwrap() {
            TempMode::Anonymous => vec![TempMode::Anonymous, TempMode::Named],
            TempMode::Named => vec![TempMode::Named],
        }
    }

    #[test]
    fn a_temp_file_leaves_nothing_unless_persisted() {
        let dir = tempfile::tempdir().unwrap();
        for mode in modes(dir.path()) {
            let (temp, mut file) = TempFile::create(dir.path(), ".a.part", mode).unwrap();
            file.write_all(b"half a cat").unwrap();
            drop(temp);
            assert!(names(dir.path()).is_empty(), "{mode:?}");
        }
    }

    #[test]
    #[cfg(unix)]
    fn a_directory_can_be_synced_and_a_missing_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        sync_dir(dir.path()).unwrap();
        let missing = sync_dir(&dir.path().join("gone")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn a_persisted_file_appears_whole_under_its_name() {
        let dir = tempfile::tempdir().unwrap();
        for mode in modes(dir.path()) {
            let to = dir.path().join(format!("{mode:?}.jpg"));
            let (temp, mut file) = TempFile::create(dir.path(), ".b.part", mode).unwrap();
            file.write_all(b"cat").unwrap();
            temp.persist(&file, &to).unwrap();
            assert_eq!(std::fs::read(&to).unwrap(), b"cat", "{mode:?}");
        }
        assert_eq!(names(dir.path()), ["Anonymous.jpg", "Named.jpg"][2 - modes(dir.path()).len()..]);
    }

    #[test]
    fn persisting_replaces_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let to = dir.path().join("3.jpg");
        for mode in modes(dir.path()) {
            std::fs::write(&to, b"yesterday's cat").unwrap();
            let (temp, mut file) = TempFile::create(dir.path(), ".3.part", mode).unwrap();
            file.write_all(b"today's cat").unwrap();
            temp.persist(&file, &to).unwrap();
            assert_eq!(std::fs::read(&to).unwrap(), b"today's cat", "{mode:?}");
            assert_eq!(names(dir.path()), ["3.jpg"], "{mode:?}");
        }
    }

    #[test]
    fn a_stale_named_temp_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".c.part"), b"stale").unwrap();
        let (_temp, mut file) = TempFile::create(dir.path(), ".c.part", TempMode::Named).unwrap();
        file.write_all(b"new").unwrap();
        assert_eq!(std::fs::read(dir.path().join(".c.part")).unwrap(), b"new");
    }

    #[test]
    fn probing_an_unwritable_directory_fails() {
        assert!(probe(Path::new("/proc"), ".probe").is_err());
    }

    #[test]
    fn our_own_process_exists_and_a_reaped_child_does_not() {
        assert!(process_exists(std::process::id()));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!process_exists(pid), "pid {pid} still exists");
    }

    #[test]
    fn stale_temp_files_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live = std::process::id();
        let stale = naming::temp_name("3", dead);
        let ours = naming::temp_name("4", live);
        for name in [&stale, &ours, &"3.jpg".to_owned(), &".hidden".to_owned()] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        assert_eq!(remove_stale_temp_files(dir.path()), 1);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [".4.catfetch-".to_owned() + &live.to_string() + ".part", ".hidden".into(), "3.jpg".into()]
        );
    }

    #[test]
    fn a_report_file_is_written_whole_and_replaces_an_older_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        std::fs::write(&path, "old").unwrap();
        write_file(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["report.html"], "no temp file left");
        let missing = dir.path().join("no/such/dir/report.html");
        assert!(write_file(&missing, b"new").is_err());
        assert!(check_writable(&missing).is_err());
        assert!(check_writable(dir.path()).is_err(), "a directory is not a report file");
        assert!(check_writable(&path).is_ok());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["report.html"], "the check leaves nothing");
    }
}
