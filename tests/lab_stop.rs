//! `compare` and `scale` leave nothing behind: stopped by SIGINT or SIGTERM they exit 130 or 143 with no
//! scratch directory left and no child process alive; killed by SIGKILL, their children die with them and
//! the next run removes the scratch directory the killed one left.

use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::catfetch;

fn send(pid: u32, signal: i32) {
    // SAFETY: kill only sends a signal to the child we started.
    let sent = unsafe { libc::kill(pid as libc::pid_t, signal) };
    assert_eq!(sent, 0, "kill({pid}, {signal}) failed");
}

/// The `catfetch-{what}-PID` directories in `tmp`.
fn scratch_dirs(tmp: &Path, what: &str) -> Vec<PathBuf> {
    let prefix = format!("catfetch-{what}-");
    let Ok(entries) = std::fs::read_dir(tmp) else { return Vec::new() };
    entries
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)))
        .map(|e| e.path())
        .collect()
}

/// Processes (other than this test) whose command line mentions `marker`.
fn processes_naming(marker: &Path) -> Vec<u32> {
    let marker = marker.to_string_lossy().into_owned();
    let me = std::process::id();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| pid != me)
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|cmd| String::from_utf8_lossy(&cmd).contains(&marker))
        })
        .collect()
}

/// Waits (at most 20 s) until `ready` holds.
fn wait_for(what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ready() {
        assert!(Instant::now() < deadline, "waited 20 s for {what}");
        thread::sleep(Duration::from_millis(20));
    }
}

/// `catfetch ARGS` with its temp directory in `tmp`, stopped by `signal` once `ready` holds.
fn stop_when(tmp: &Path, args: &[&str], signal: i32, ready: impl Fn() -> bool) -> crate::support::Run {
    catfetch().env("TMPDIR", tmp).args(args).timeout(Duration::from_secs(60)).run_while(|pid, _| {
        wait_for("the run to be under way", &ready);
        send(pid, signal);
    })
}

#[test]
fn compare_stopped_by_a_signal_removes_its_scratch_directory() {
    for (signal, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let tmp = tempfile::tempdir().unwrap();
        // Each run waits 2 s for its answers: the signal comes mid-run, pictures on the way.
        let args = ["compare", "-n", "4", "--latency", "2000"];
        let run = stop_when(tmp.path(), &args, signal, || !scratch_dirs(tmp.path(), "compare").is_empty());
        run.assert_code(code);
        assert!(run.stderr.contains("catfetch compare: "), "{run}");
        assert_eq!(scratch_dirs(tmp.path(), "compare"), Vec::<PathBuf>::new(), "{run}");
    }
}

#[test]
fn compare_stopped_while_its_polling_thread_computes_still_cleans_up_within_a_second() {
    let tmp = tempfile::tempdir().unwrap();
    // Seconds of CPU work per cat on the polling thread: the watchdog, not the run, does the stop.
    let args = ["compare", "--lesson", "cpu", "--cpu-per-cat", "5000", "-n", "2", "--latency", "10"];
    let mut signalled = None;
    let run = catfetch().env("TMPDIR", tmp.path()).args(args).timeout(Duration::from_secs(60)).run_while(
        |pid, _| {
            wait_for("compare to start", || !scratch_dirs(tmp.path(), "compare").is_empty());
            thread::sleep(Duration::from_millis(500));
            signalled = Some(Instant::now());
            send(pid, libc::SIGTERM);
        },
    );
    let after = signalled.unwrap().elapsed();
    run.assert_code(143);
    assert!(after < Duration::from_secs(2), "took {after:?}: {run}");
    assert_eq!(scratch_dirs(tmp.path(), "compare"), Vec::<PathBuf>::new(), "{run}");
}

#[test]
fn scale_stopped_by_a_signal_leaves_no_child_and_no_scratch_directory() {
    for (signal, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let tmp = tempfile::tempdir().unwrap();
        let args = ["scale", "--counts", "10,20", "--latency", "3000", "--executors", "smol"];
        // Under way once a child (a catfetch writing into the scratch directory) runs.
        let run = stop_when(tmp.path(), &args, signal, || !processes_naming(tmp.path()).is_empty());
        run.assert_code(code);
        assert_eq!(scratch_dirs(tmp.path(), "scale"), Vec::<PathBuf>::new(), "{run}");
        assert_eq!(processes_naming(tmp.path()), Vec::<u32>::new(), "a child outlived scale: {run}");
    }
}

#[test]
fn killed_by_sigkill_compare_and_scale_leave_no_child_and_the_next_run_removes_their_scratch() {
    for (what, args) in [
        ("compare", vec!["compare", "-n", "2", "--latency", "3000"]),
        ("scale", vec!["scale", "--counts", "10", "--latency", "3000", "--executors", "smol"]),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        // Killed mid-run: for scale, once its child runs.
        let under_way = || {
            !scratch_dirs(tmp.path(), what).is_empty()
                && (what != "scale" || !processes_naming(tmp.path()).is_empty())
        };
        let run = stop_when(tmp.path(), &args, libc::SIGKILL, under_way);
        assert_eq!(run.code, None, "killed: {run}");
        assert_eq!(scratch_dirs(tmp.path(), what).len(), 1, "{what}: SIGKILL leaves its scratch");
        // Its child dies with it (PR_SET_PDEATHSIG), within moments.
        wait_for("the killed run's children to end", || processes_naming(tmp.path()).is_empty());
        // The next run, quick, removes what the killed one left.
        let next: Vec<&str> = match what {
            "compare" => vec!["compare", "-n", "1", "--latency", "1"],
            _ => vec!["scale", "--counts", "1", "--latency", "1", "--executors", "smol"],
        };
        let again = catfetch().env("TMPDIR", tmp.path()).args(&next).run();
        again.assert_code(0);
        assert_eq!(scratch_dirs(tmp.path(), what), Vec::<PathBuf>::new(), "{what}: {again}");
    }
}
