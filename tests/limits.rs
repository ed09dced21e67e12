//! The machine's limits: open files, the network being away, and a big job.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use catfetch_origin::pool::Pool;
use catfetch_origin::{Origin as BuiltInOrigin, OriginConfig};

use crate::support::{catfetch, catfetch_after, jpeg, png, Answer, Origin, Route};

#[test]
fn jobs_beyond_the_open_file_limit_are_clamped_with_a_warning() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/png", png(200)))]);
    // 100 descriptors: 64 kept for the process, 2 per download in flight.
    let run =
        catfetch_after("ulimit -n 100").args(["--url", &origin.url("/cat"), "-n", "30", "-j", "1000"]).run();
    run.assert_code(0);
    assert!(
        run.stderr.contains("catfetch: --jobs 1000 is more than the open-file limit allows; using 18"),
        "{run}"
    );
    assert_eq!(run.files("cats").len(), 30);
    assert!(origin.max_in_flight("/cat") <= 18);
}

#[test]
fn a_host_that_does_not_resolve_says_so() {
    let run = catfetch().args(["--url", "http://cats.invalid/cat", "-n", "1", "--retries", "0"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("cannot resolve host cats.invalid"), "{run}");
}

#[test]
fn ten_thousand_cats_with_200_in_flight_all_arrive_intact() {
    let picture = jpeg(4_000);
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", picture.clone()))]);
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "10000", "-j", "200", "--json", "-q"])
        .timeout(std::time::Duration::from_secs(180))
        .run();
    run.assert_code(0);
    let files = run.files("cats");
    assert_eq!(files.len(), 10_000);
    assert_eq!(files[0], "0000.jpg");
    assert_eq!(files[9_999], "9999.jpg");
    for name in &files {
        assert_eq!(run.read(&format!("cats/{name}")), picture, "{name}");
    }
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["totals"]["saved"], 10_000);
    assert_eq!(report["totals"]["bytes"], 40_000_000);
}

#[test]
fn two_thousand_cats_all_in_flight_at_once_arrive_intact() {
    const CATS: usize = 2000;
    // catfetch holds a socket and a temp file per download, and the origin, in this process, a socket per
    // connection. Where the hard open-file limit is lower than two thousand downloads need, catfetch says
    // how many it runs at once, and that many must be. (Raising this process's soft limit raises
    // catfetch's too: it inherits it.)
    let at_once =
        CATS.min(catfetch_core::limits::raise_open_file_limit_for_jobs(false).unwrap_or(usize::MAX));
    // The built-in origin, as `catfetch serve --latency 5000` runs it: every answer waits 5 s, far longer
    // than a debug build needs to open two thousand connections on a loaded machine.
    let origin = BuiltInOrigin::start(OriginConfig {
        bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        latency: Duration::from_secs(5),
        quiet: true,
        ..OriginConfig::default()
    })
    .expect("start the built-in origin");
    // Small cats: what is tested is the number in flight, and small bodies keep the test light for the
    // others running beside it.
    let (width, height) = (96, 72);
    let url = format!("{}?width={width}&height={height}", origin.url());
    let run = catfetch()
        .args(["--url", &url, "-n", &CATS.to_string(), "-j", &CATS.to_string(), "--json", "-q"])
        .run();
    run.assert_code(0);
    if at_once < CATS {
        let lowered =
            format!("catfetch: --jobs {CATS} is more than the open-file limit allows; using {at_once}\n");
        assert_eq!(run.stderr, lowered, "{run}");
        eprintln!("the open-file limit here allows {at_once} downloads at once, not {CATS}");
    } else {
        assert!(run.stderr.is_empty(), "{run}");
    }

    // Every file is one of the origin's pictures (its pool of cats, seed 0, at that size), whole; nothing
    // else is left in the directory.
    let pool = Pool::draw(0, 2);
    let pictures: Vec<Vec<u8>> = (0..pool.cats().len())
        .map(|i| smol::block_on(pool.picture(i, width, height, None)).to_vec())
        .collect();
    let files = run.files("cats");
    assert_eq!(files.len(), CATS, "{run}");
    let mut bytes = 0;
    for (index, name) in files.iter().enumerate() {
        assert_eq!(*name, format!("{index:04}.png"));
        let saved = run.read(&format!("cats/{name}"));
        assert!(pictures.contains(&saved), "{name} ({} bytes) is not one of the origin's cats", saved.len());
        bytes += saved.len();
    }
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["totals"]["saved"], CATS);
    assert_eq!(report["totals"]["bytes"], bytes);
    // All at once: every request reached the origin before the first was answered. None waited for a
    // download ahead of it.
    assert_eq!(origin.most_in_flight(), at_once, "{run}");
}

/// What a run under a resource limit may end with: success, or one clear line and exit 1; never a hang, a
/// signal (abort), exit 101 (a panic) or a `Debug` dump.
fn assert_clean_ending(limit: &str, executor: &str, outcome: &Limited) {
    let what = format!("{limit} --executor {executor}");
    let Limited { code, stderr, elapsed, files } = outcome;
    assert!(*elapsed < LIMITED_BOUND, "{what}: still running after {elapsed:?} (a hang): {stderr}");
    assert!(matches!(code, Some(0 | 1)), "{what}: ended with {code:?}: {stderr}");
    for said in ["panicked", "RUST_BACKTRACE", "Os {", "aborting", "description()"] {
        assert!(!stderr.contains(said), "{what}: {said:?} reached the user: {stderr}");
    }
    match code {
        Some(0) => assert_eq!(*files, 60, "{what}: exit 0 but {files} files: {stderr}"),
        _ => assert!(
            stderr.lines().any(|line| line.starts_with("catfetch: ")),
            "{what}: exit 1 without a line saying why: {stderr}"
        ),
    }
}

/// How long a limited run may take before it counts as a hang (a healthy one takes a second or two).
const LIMITED_BOUND: Duration = Duration::from_secs(30);

/// How a run under a limit ended.
struct Limited {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
    /// Files in its output directory.
    files: usize,
}

/// A copy of the catfetch binary that an unprivileged user can run (the build directory may not let it),
/// and a directory such a user can write in; `None` (said) where `prlimit` or `setpriv` is missing.
struct Unprivileged {
    dir: tempfile::TempDir,
    program: std::path::PathBuf,
    as_root: bool,
}

impl Unprivileged {
    fn new() -> Option<Unprivileged> {
        use std::os::unix::fs::PermissionsExt;
        for tool in ["prlimit", "setpriv"] {
            if std::process::Command::new(tool).arg("--version").output().is_err() {
                eprintln!("skipped: {tool} (util-linux) is not installed");
                return None;
            }
        }
        let dir = tempfile::Builder::new().prefix("catfetch-limits-").tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let program = dir.path().join("catfetch");
        std::fs::copy(env!("CARGO_BIN_EXE_catfetch"), &program).unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        // SAFETY: geteuid only reads a process attribute.
        let as_root = unsafe { libc::geteuid() } == 0;
        Some(Unprivileged { dir, program, as_root })
    }

    /// `catfetch ARGS` under `prlimit LIMIT`, as the user nobody (if we are root), into a fresh directory.
    /// One run at a time: a thread limit counts all of the user's threads, so two tests' runs beside each
    /// other would take each other's room (then a clean refusal, where the test expects room to spare).
    fn run(&self, limit: &str, args: &[&str]) -> Limited {
        use std::io::Read;
        static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let out = tempfile::Builder::new().prefix("out-").tempdir_in(self.dir.path()).unwrap();
        std::fs::set_permissions(out.path(), std::os::unix::fs::PermissionsExt::from_mode(0o777)).unwrap();
        let mut command = if self.as_root {
            let mut command = std::process::Command::new("setpriv");
            command.args(["--reuid=65534", "--regid=65534", "--clear-groups", "prlimit", limit]);
            command
        } else {
            let mut command = std::process::Command::new("prlimit");
            command.arg(limit);
            command
        };
        command.arg(&self.program).args(args).arg("-o").arg(out.path().join("cats")).current_dir(out.path());
        command.stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null());
        command.stderr(std::process::Stdio::piped());
        let started = std::time::Instant::now();
        let mut child = command.spawn().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > LIMITED_BOUND {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let elapsed = started.elapsed();
        let files = std::fs::read_dir(out.path().join("cats")).map_or(0, |dir| dir.count());
        Limited { code: status.and_then(|s| s.code()), stderr: reader.join().unwrap(), elapsed, files }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn few_threads_allowed_mean_one_clear_line_and_exit_1_or_success_on_every_executor() {
    let Some(unprivileged) = Unprivileged::new() else { return };
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(20_000)))]);
    for executor in crate::support::every_executor() {
        // From too few for catfetch's own threads to enough for some of --executor threads' downloads.
        for limit in ["--nproc=3", "--nproc=5", "--nproc=6", "--nproc=8", "--nproc=24", "--nproc=64"] {
            let args = ["--url", &origin.url("/cat"), "-n", "60", "-j", "60", "--executor", executor];
            assert_clean_ending(limit, executor, &unprivileged.run(limit, &args));
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_big_run_under_a_thread_limit_with_room_for_a_few_dozen_finishes_on_every_executor() {
    // Room for catfetch's own threads, not for the blocking pool to grow as a big run asks it to, nor for
    // a thread per download: the pool must not try a thread the system refuses (blocking 1.7 spins
    // forever when it does), and `threads` waits for its own threads to end.
    let Some(unprivileged) = Unprivileged::new() else { return };
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(20_000)))]);
    for executor in crate::support::every_executor() {
        let args = ["--url", &origin.url("/cat"), "-n", "400", "-j", "400", "--executor", executor];
        let run = unprivileged.run("--nproc=64", &args);
        assert_eq!(run.code, Some(0), "{executor}: {}", run.stderr);
        assert_eq!(run.files, 400, "{executor}: {}", run.stderr);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn little_memory_allowed_means_one_clear_line_and_exit_1_or_success_on_every_executor() {
    let Some(unprivileged) = Unprivileged::new() else { return };
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(20_000)))]);
    for executor in crate::support::every_executor() {
        // From the least under which this binary still reaches `main` (below it, the dynamic loader cannot
        // map the C library: nothing of catfetch's runs, in a debug build up to about 16 MiB) upwards.
        for mib in [20, 24, 28, 40, 64] {
            let limit = format!("--as={}", mib * 1024 * 1024);
            for writes in ["async-fs", "inline"] {
                let url = origin.url("/cat");
                let args =
                    ["--url", &url, "-n", "60", "-j", "60", "--executor", executor, "--writes", writes];
                assert_clean_ending(&limit, executor, &unprivileged.run(&limit, &args));
            }
        }
    }
}
