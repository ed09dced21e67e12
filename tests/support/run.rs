//! Runs the real `catfetch` binary, the way a user would, and captures what it did.
//!
//! Each run gets a scratch working directory (a fresh temporary one, or one the test provides), no standard
//! input, and an environment without proxy variables: a developer's or CI's `http_proxy` would otherwise
//! send requests for 127.0.0.1 to a proxy that is not there. The run is bounded in time: past the limit the
//! child is killed and the test fails with everything it printed, instead of hanging the suite.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// How long a run may take unless the test says otherwise with [`Cmd::timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Proxy settings that catfetch would honour; removed from every child's environment.
const PROXY_VARS: [&str; 8] = [
    "http_proxy",
    "https_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "all_proxy",
    "no_proxy",
    "NO_PROXY",
];

/// `catfetch`, to be run in a fresh temporary directory (kept in the [`Run`] for inspection).
pub fn catfetch() -> Cmd {
    let temp = tempfile::Builder::new().prefix("catfetch-run-").tempdir().expect("temp dir for the run");
    Cmd::new(Workdir::Temp(temp))
}

/// `catfetch`, started by `sh` after running `setup` in that shell (e.g. `ulimit -f 50`, `trap '' XFSZ`):
/// limits set this way apply to catfetch alone, not to the test process. Runs in a fresh temporary directory.
pub fn catfetch_after(setup: &str) -> Cmd {
    let temp = tempfile::Builder::new().prefix("catfetch-run-").tempdir().expect("temp dir for the run");
    let mut cmd = Cmd::new(Workdir::Temp(temp));
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(format!("{setup}; exec \"$0\" \"$@\"")).arg(env!("CARGO_BIN_EXE_catfetch"));
    shell.current_dir(cmd.dir.path()).stdin(Stdio::null());
    for var in PROXY_VARS {
        shell.env_remove(var);
    }
    cmd.command = shell;
    cmd
}

/// `catfetch`, to be run in `dir`, which the caller owns: to prepare files before the run, or to run twice
/// in the same place.
pub fn catfetch_in(dir: &Path) -> Cmd {
    Cmd::new(Workdir::Given(dir.to_path_buf()))
}

/// The working directory of a run: a temporary one owned by the run, or one the test provided.
#[derive(Debug)]
pub enum Workdir {
    /// Deleted when the [`Run`] holding it is dropped.
    Temp(TempDir),
    /// Left alone: the test owns it.
    Given(PathBuf),
}

impl Workdir {
    pub fn path(&self) -> &Path {
        match self {
            Workdir::Temp(temp) => temp.path(),
            Workdir::Given(path) => path,
        }
    }
}

/// A `catfetch` command being put together; see [`catfetch`].
pub struct Cmd {
    command: Command,
    /// The arguments again, as `Command` does not give them back in a form fit for error messages.
    args: Vec<OsString>,
    dir: Workdir,
    timeout: Duration,
}

impl Cmd {
    fn new(dir: Workdir) -> Cmd {
        let mut command = Command::new(env!("CARGO_BIN_EXE_catfetch"));
        command.current_dir(dir.path()).stdin(Stdio::null());
        for var in PROXY_VARS {
            command.env_remove(var);
        }
        Cmd { command, args: Vec::new(), dir, timeout: DEFAULT_TIMEOUT }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        self.args.push(arg.as_ref().to_owned());
        self.command.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for arg in args {
            self = self.arg(arg);
        }
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Cmd {
        self.command.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Cmd {
        self.command.env_remove(key);
        self
    }

    /// The hard limit for this run (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, limit: Duration) -> Cmd {
        self.timeout = limit;
        self
    }

    /// The directory the command will run in, e.g. to create files there first.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Runs the command to completion and returns what happened.
    ///
    /// # Panics
    /// If the binary cannot be started, or if it runs past the time limit (it is killed first).
    pub fn run(self) -> Run {
        self.run_while(|_, _| {})
    }

    /// Like [`Cmd::run`], but calls `during(pid, dir)` once the child has started, while it runs: to send it
    /// a signal, or to look at its files mid-run.
    pub fn run_while(mut self, during: impl FnOnce(u32, &Path)) -> Run {
        let started = Instant::now();
        let mut child = self
            .command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the catfetch binary");
        // Drain both pipes on their own threads while we wait: a child blocked writing to a full pipe would
        // otherwise never exit, and the test would report a timeout that is really our fault.
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        during(child.id(), self.dir.path());
        let status = wait_bounded(&mut child, self.timeout.saturating_sub(started.elapsed()));
        let elapsed = started.elapsed();
        let stdout = stdout.join().unwrap_or_default();
        let stderr = stderr.join().unwrap_or_default();

        let Some(status) = status else {
            panic!(
                "catfetch {:?} did not finish within {:?} and was killed\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
                self.args, self.timeout
            );
        };
        Run { code: status.code(), stdout, stderr, elapsed, args: self.args, dir: self.dir }
    }
}

/// Reads a child's pipe to the end on a separate thread; the text is lossily decoded (tests compare text).
fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Waits for `child` for at most `limit`. None if it had to be killed.
fn wait_bounded(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("waiting for catfetch failed: {e}"),
        }
    }
    let _ = child.kill();
    // Reap it, so the pipes close and the drain threads finish.
    let _ = child.wait();
    None
}

/// What a finished `catfetch` run did.
pub struct Run {
    /// The exit code; None if a signal ended the process.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// The working directory the run used; temporary ones live as long as this `Run`.
    pub dir: Workdir,
    args: Vec<OsString>,
}

impl Run {
    /// True when the process exited with code 0.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// Asserts the exit code, showing the whole run if it differs.
    pub fn assert_code(&self, expected: i32) -> &Run {
        assert_eq!(self.code, Some(expected), "unexpected exit code\n{self}");
        self
    }

    /// `rel` inside the working directory.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The names in `subdir` of the working directory ("" for the directory itself), sorted, hidden files
    /// included (a leftover `.part` file is exactly what tests look for). Empty if `subdir` does not exist.
    pub fn files(&self, subdir: &str) -> Vec<String> {
        list_dir(&self.path(subdir))
    }

    /// The contents of `rel` inside the working directory.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        let path = self.path(rel);
        std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}\n{self}", path.display()))
    }
}

/// Shows the command, exit code, time and output: the message a failing assertion needs.
impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "catfetch {:?} in {}: exit {:?} after {:?}",
            self.args,
            self.dir.path().display(),
            self.code,
            self.elapsed
        )?;
        writeln!(f, "--- stdout ---\n{}", self.stdout)?;
        write!(f, "--- stderr ---\n{}", self.stderr)
    }
}

impl fmt::Debug for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Sorted entry names of `dir`, dot-files included; empty if `dir` does not exist.
pub fn list_dir(dir: &Path) -> Vec<String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => panic!("list {}: {e}", dir.display()),
    };
    let mut names: Vec<String> = entries
        .map(|entry| {
            let entry = entry.unwrap_or_else(|e| panic!("list {}: {e}", dir.display()));
            entry.file_name().to_string_lossy().into_owned()
        })
        .collect();
    names.sort();
    names
}
