//! Ctrl-C and SIGTERM: every download is cancelled, every temp file removed, and the process exits within a
//! second with 130 (SIGINT) or 143 (SIGTERM). Temp files of killed runs are cleaned up by the next run.

use std::thread;
use std::time::{Duration, Instant};

use crate::support::{catfetch, catfetch_in, every_executor, jpeg, Answer, Origin, Route};

fn send(pid: u32, signal: i32) {
    // SAFETY: kill only sends a signal to the child we started.
    let sent = unsafe { libc::kill(pid as libc::pid_t, signal) };
    assert_eq!(sent, 0, "kill({pid}, {signal}) failed");
}

/// Waits (at most 10 s) until the origin has answered `n` requests with half a body each, then a little
/// longer so every download is writing its temp file. (Where the system allows, temp files have no name
/// at all, so the directory cannot tell us.)
fn wait_until_mid_body(origin: &Origin, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while origin.hits("/cat") < n {
        assert!(
            Instant::now() < deadline,
            "only {} of {n} downloads started within 10 s",
            origin.hits("/cat")
        );
        thread::sleep(Duration::from_millis(10));
    }
    thread::sleep(Duration::from_millis(300));
}

/// Bodies that stall half-way for 30 s: the run can only end by being interrupted.
fn stalling_origin() -> Origin {
    let stall = Answer::stall("image/jpeg", 100_000, jpeg(40_000), Duration::from_secs(30));
    Origin::start(vec![Route::always("/cat", stall)])
}

/// Four cats on `executor`, and `signal` once they are mid-body (the one in flight, for `sequential`).
fn interrupt_mid_body(signal: i32, executor: &str) -> (crate::support::Run, Duration) {
    let origin = stalling_origin();
    let in_flight = if executor == "sequential" { 1 } else { 4 };
    let mut signalled = None;
    let args = ["--url", &origin.url("/cat"), "-n", "4", "--json", "--executor", executor];
    let run = catfetch().args(args).run_while(|pid, _| {
        wait_until_mid_body(&origin, in_flight);
        signalled = Some(Instant::now());
        send(pid, signal);
    });
    let after_signal = signalled.expect("signal sent").elapsed();
    (run, after_signal)
}

#[test]
fn ctrl_c_cancels_every_download_removes_temp_files_and_exits_130() {
    let (run, after_signal) = interrupt_mid_body(libc::SIGINT, "smol");
    run.assert_code(130);
    assert!(after_signal < Duration::from_secs(1), "took {after_signal:?} to stop: {run}");
    assert!(run.files("cats").is_empty(), "left behind: {:?}", run.files("cats"));
    assert!(run.stderr.contains("catfetch: interrupted; 0 cats saved, 4 cancelled"), "{run}");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    assert_eq!(report["interrupted"], true);
    assert_eq!(report["totals"]["cancelled"], 4);
}

#[test]
fn ctrl_c_does_not_wait_for_slow_writes_on_the_blocking_pool() {
    // Every write takes 2 s on a pool thread (--disk-delay): cancelling must not wait for them, and the
    // files being written have no name, or lose it at once.
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(300_000)))]);
    let mut signalled = None;
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "3", "--writes", "async-fs", "--disk-delay", "2000"])
        .run_while(|pid, _| {
            wait_until_mid_body(&origin, 3);
            signalled = Some(Instant::now());
            send(pid, libc::SIGINT);
        });
    let after_signal = signalled.expect("signal sent").elapsed();
    run.assert_code(130);
    assert!(after_signal < Duration::from_secs(1), "took {after_signal:?} to stop: {run}");
    assert!(run.files("cats").is_empty(), "left behind: {:?}", run.files("cats"));
    assert!(run.stderr.contains("catfetch: interrupted; 0 cats saved, 3 cancelled"), "{run}");
}

#[test]
fn sigterm_does_the_same_and_exits_143() {
    let (run, after_signal) = interrupt_mid_body(libc::SIGTERM, "smol");
    run.assert_code(143);
    assert!(after_signal < Duration::from_secs(1), "took {after_signal:?} to stop: {run}");
    assert!(run.files("cats").is_empty(), "left behind: {:?}", run.files("cats"));
    assert!(run.stderr.contains("catfetch: terminated"), "{run}");
}

#[test]
fn ctrl_c_does_the_same_on_every_executor() {
    // Cancelling means something else on each: dropping a smol `Task`, aborting a tokio task, stopping a
    // download's own thread, or dropping a plain future. The user sees the same.
    for executor in every_executor() {
        let (run, after_signal) = interrupt_mid_body(libc::SIGINT, executor);
        run.assert_code(130);
        assert!(after_signal < Duration::from_secs(1), "{executor} took {after_signal:?} to stop: {run}");
        assert!(run.files("cats").is_empty(), "{executor} left behind: {:?}", run.files("cats"));
        assert!(run.stderr.contains("catfetch: interrupted; 0 cats saved, 4 cancelled"), "{executor}: {run}");
    }
}

#[test]
fn temp_files_of_killed_runs_are_removed_but_a_live_runs_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let cats = dir.path().join("cats");
    std::fs::create_dir(&cats).unwrap();
    // A run that was SIGKILLed: its process is gone.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    std::fs::write(cats.join(format!(".5.catfetch-{dead}.part")), b"half a cat").unwrap();
    // A run still going (this test process stands in for it).
    let live = format!(".6.catfetch-{}.part", std::process::id());
    std::fs::write(cats.join(&live), b"being written").unwrap();

    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(300)))]);
    let run = catfetch_in(dir.path()).args(["--url", &origin.url("/cat"), "-n", "2"]).run();
    run.assert_code(0);
    assert_eq!(run.files("cats"), [live, "0.jpg".into(), "1.jpg".into()]);
}

/// What every stop must leave: the exit code, a report whose saved cats are exactly the files on disk
/// (each under its final name, whole), and no temp file of any kind.
fn assert_stopped_cleanly(run: &crate::support::Run, code: i32, what: &str) {
    run.assert_code(code);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("the JSON report");
    assert_eq!(report["interrupted"], true, "{what}: {run}");
    let saved: Vec<String> = report["cats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|cat| cat["outcome"] == "saved")
        .map(|cat| cat["path"].as_str().unwrap().trim_start_matches("cats/").to_owned())
        .collect();
    let mut on_disk = run.files("cats");
    on_disk.sort();
    let mut said = saved.clone();
    said.sort();
    assert_eq!(on_disk, said, "{what}: the report's saved cats are not the files on disk: {run}");
    for file in &on_disk {
        assert_eq!(run.read(&format!("cats/{file}")), jpeg(300_000), "{what}: {file} is not whole");
    }
    let line = format!("{} cats saved, {} cancelled", saved.len(), report["totals"]["cancelled"]);
    assert!(run.stderr.contains(&line), "{what}: {line:?} not said: {run}");
}

/// Half the ten seconds the stuck polling threads below would take, and far more than the watchdog's
/// 750 ms (system::STOP_WITHIN): a stop this soon did not wait for them, even on a loaded machine.
const STOPPED_WELL_BEFORE: Duration = Duration::from_secs(5);

/// Four cats of 300 KB that arrive at once; `knobs` make the polling thread slow with them.
fn stop_while_busy(executor: &str, knobs: &[&str], signal: i32) -> (crate::support::Run, Duration) {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(300_000)))]);
    let mut signalled = None;
    let args = ["--url", &origin.url("/cat"), "-n", "4", "--json", "--executor", executor];
    let run = catfetch().args(args).args(knobs).timeout(Duration::from_secs(30)).run_while(|pid, _| {
        // Once a picture is answered, its polling thread is soon stuck for seconds in its first write (or
        // its work): a thread with one poll to make may not even send the other requests first.
        wait_until_mid_body(&origin, 1);
        thread::sleep(Duration::from_millis(300));
        signalled = Some(Instant::now());
        send(pid, signal);
    });
    let after_signal = signalled.expect("signal sent").elapsed();
    (run, after_signal)
}

#[test]
fn every_executor_stops_without_waiting_for_a_polling_thread_stuck_in_a_slow_write() {
    // Each write holds the thread that makes it for 10 s (the most --disk-delay takes): the stop cannot
    // wait for the polling thread.
    for executor in every_executor() {
        let knobs = ["--writes", "inline", "--disk-delay", "10000"];
        let (run, after_signal) = stop_while_busy(executor, &knobs, libc::SIGTERM);
        assert!(after_signal < STOPPED_WELL_BEFORE, "{executor} took {after_signal:?} to stop: {run}");
        assert_stopped_cleanly(&run, 143, executor);
        assert!(run.stderr.contains("catfetch: terminated"), "{executor}: {run}");
    }
}

#[test]
fn every_executor_stops_without_waiting_for_a_polling_thread_that_computes() {
    // 10 s of CPU work per cat (the most --cpu-per-cat takes) on the polling thread, after its picture
    // arrived.
    for executor in every_executor() {
        let (run, after_signal) = stop_while_busy(executor, &["--cpu-per-cat", "10000"], libc::SIGINT);
        assert!(after_signal < STOPPED_WELL_BEFORE, "{executor} took {after_signal:?} to stop: {run}");
        assert_stopped_cleanly(&run, 130, executor);
    }
}

#[test]
fn a_second_ctrl_c_ends_a_stuck_run_at_once_and_still_reports() {
    // The polling threads compute for 10 s: the first Ctrl-C alone would take the watchdog's time.
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(300_000)))]);
    let mut signalled = None;
    let args = ["--url", &origin.url("/cat"), "-n", "2", "--json", "--cpu-per-cat", "10000"];
    let run = catfetch().args(args).run_while(|pid, _| {
        wait_until_mid_body(&origin, 2);
        send(pid, libc::SIGINT);
        // Apart, or the two would reach the signal thread as one (signal-hook coalesces a signal that is
        // still pending).
        thread::sleep(Duration::from_millis(100));
        signalled = Some(Instant::now());
        send(pid, libc::SIGINT);
    });
    assert!(signalled.is_some(), "signals sent: {run}");
    // The second Ctrl-C ended it, not the watchdog (which would have, 750 ms after the first): each says so.
    assert!(run.stderr.contains("catfetch: a second signal: ending the run without waiting\n"), "{run}");
    assert!(!run.stderr.contains("did not stop within"), "{run}");
    assert_stopped_cleanly(&run, 130, "second Ctrl-C");
}
