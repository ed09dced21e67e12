//! The same job on every executor: what changes is who polls the downloads, and so how long the job takes.
//! With an origin that answers after a fixed latency L, the sequential baseline needs N x L and every
//! concurrent mode about L. What does not change: the files, fail-fast, and nothing left behind (Ctrl-C on
//! every executor is in `interrupt.rs`).

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use catfetch::executor;
use catfetch_core::{Config, Gathering, Policy};
use catfetch_lab::ExecutorKind;
use futures_lite::future;

use crate::download::report;
use crate::support::run::list_dir;
use crate::support::{
    assert_same_pictures, catfetch, every_executor, jpeg, jpeg_seeded, Answer, Origin, Route, Run,
};

const N: usize = 6;
const LATENCY: Duration = Duration::from_millis(300);

fn latency_origin() -> Origin {
    Origin::start(vec![Route::always(
        "/cat",
        Answer::slow(LATENCY, Answer::image("image/jpeg", jpeg(2_000))),
    )])
}

#[test]
fn sequential_takes_n_times_the_latency() {
    let origin = latency_origin();
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", &N.to_string(), "--executor", "sequential"])
        .run();
    run.assert_code(0);
    assert_eq!(run.files("cats").len(), N);
    assert!(run.elapsed >= LATENCY * N as u32, "{run}");
    // One at a time. The origin counts a request as in flight until its thread has finished the answer's
    // bookkeeping, by which time the client may already have sent the next one: two may overlap for an
    // instant, never more.
    assert!(origin.max_in_flight("/cat") <= 2, "{}", origin.max_in_flight("/cat"));
}

#[test]
fn every_concurrent_executor_has_every_download_at_the_origin_at_once() {
    for executor in every_executor().into_iter().filter(|e| *e != "sequential") {
        let origin = latency_origin();
        let run = catfetch()
            .args(["--url", &origin.url("/cat"), "-n", &N.to_string(), "--executor", executor])
            .run();
        run.assert_code(0);
        assert_eq!(run.files("cats").len(), N, "{executor}");
        // All N requests waited on the origin's latency together: what makes the run take one latency,
        // not N (docs/PERFORMANCE.md has the timings).
        assert_eq!(origin.max_in_flight("/cat"), N, "{executor}");
    }
}

#[test]
fn local_join_sequential_and_tokio_current_poll_on_one_thread_and_the_timeline_shows_it() {
    let mut executors = vec!["local", "join", "sequential"];
    if cfg!(feature = "tokio") {
        executors.push("tokio-current");
    }
    for executor in executors {
        let origin = latency_origin();
        let run = catfetch()
            .args(["--url", &origin.url("/cat"), "-n", "3", "--executor", executor, "--timeline"])
            .run();
        run.assert_code(0);
        assert_eq!(polled_by(&run), [["main"]; 3], "{executor} polled on another thread: {run}");
        assert!(run.stderr.contains(&format!("executor {executor} (1 polling thread)")), "{run}");
    }
}

/// For each cat of the `--timeline` chart, the threads that polled it.
fn polled_by(run: &Run) -> Vec<Vec<&str>> {
    let rows = run.stderr.lines().filter(|line| line.starts_with("cat "));
    rows.map(|row| row.rsplit("  ").next().unwrap_or_default().split(", ").collect()).collect()
}

#[test]
fn smol_polls_on_the_threads_asked_for() {
    let origin = latency_origin();
    let run =
        catfetch().args(["--url", &origin.url("/cat"), "-n", "8", "--threads", "3", "--timeline"]).run();
    run.assert_code(0);
    assert!(run.stderr.contains("executor smol (3 polling threads)"), "{run}");
    let rows = polled_by(&run);
    assert_eq!(rows.len(), 8, "{run}");
    // Every polling thread is the caller ("main") or a named worker.
    for thread in rows.iter().flatten() {
        assert!(["main", "smol-1", "smol-2"].contains(thread), "{run}");
    }
}

#[cfg(feature = "tokio")]
#[test]
fn tokio_polls_on_the_workers_asked_for() {
    let origin = latency_origin();
    let args =
        ["--url", &origin.url("/cat"), "-n", "8", "--executor", "tokio", "--threads", "3", "--timeline"];
    let run = catfetch().args(args).run();
    run.assert_code(0);
    assert_eq!(run.files("cats").len(), 8);
    assert!(run.stderr.contains("executor tokio (3 polling threads)"), "{run}");
    let rows = polled_by(&run);
    assert_eq!(rows.len(), 8, "{run}");
    // The downloads are tasks on the workers; the calling thread ("main") only polls the gather.
    for thread in rows.iter().flatten() {
        assert!(["tokio-1", "tokio-2", "tokio-3"].contains(thread), "{run}");
    }
}

#[test]
fn threads_polls_each_download_on_a_thread_of_its_own_at_most_jobs_at_once() {
    let origin = latency_origin();
    let args = ["--url", &origin.url("/cat"), "-n", "6", "-j", "2", "--executor", "threads", "--timeline"];
    let run = catfetch().args(args).run();
    run.assert_code(0);
    assert_eq!(run.files("cats").len(), 6);
    // Three rounds of two, as the next threads start only as earlier ones end: with three threads at once
    // or more, two rounds would do. (The origin's own count of requests in flight can briefly overlap a
    // finished answer with the next request.)
    assert!(run.elapsed >= LATENCY * 3, "more than 2 at once: {run}");
    assert!(origin.max_in_flight("/cat") >= 2, "{run}");
    assert!(run.stderr.contains("executor threads (a polling thread per download in flight)"), "{run}");
    let mut rows = polled_by(&run);
    rows.sort();
    let expected = [["thread-1"], ["thread-2"], ["thread-3"], ["thread-4"], ["thread-5"], ["thread-6"]];
    assert_eq!(rows, expected, "one thread per download, each polled by its own alone: {run}");
}

#[test]
fn every_executor_saves_ten_intact_cats() {
    let pictures: Vec<Vec<u8>> =
        (0..10).map(|seed| jpeg_seeded(40_000 + 997 * seed as usize, seed)).collect();
    let names: Vec<String> = (0..10).map(|i| format!("{i}.jpg")).collect();
    for executor in every_executor() {
        let answers = pictures.iter().map(|p| Answer::image("image/jpeg", p.clone())).collect();
        let origin = Origin::start(vec![Route::new("/cat", answers)]);
        let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "10", "--executor", executor]).run();
        run.assert_code(0);
        assert_eq!(run.files("cats"), names, "{executor}: exactly the ten cats, nothing left over: {run}");
        assert_eq!(origin.hits("/cat"), 10, "{executor}: one request per cat");
        let saved = names.iter().map(|name| run.read(&format!("cats/{name}"))).collect();
        assert_same_pictures(saved, &pictures, executor);
        assert!(run.stderr.contains("Saved 10 cats"), "{executor}: {run}");
    }
}

#[test]
fn the_first_failure_cancels_the_rest_on_every_executor() {
    // The first request fails after 500 ms; the others are mid-body by then, their bodies stalled for 60 s.
    // (On `sequential` the others have not started: they are cancelled before their first request.)
    for executor in every_executor() {
        let stalled = Answer::stall("image/jpeg", 100_000, jpeg(30_000), Duration::from_secs(60));
        let mut answers = vec![Answer::slow(Duration::from_millis(500), Answer::status(404))];
        answers.extend(vec![stalled; 4]);
        let origin = Origin::start(vec![Route::new("/cat", answers)]);
        let args = ["--url", &origin.url("/cat"), "-n", "5", "--json", "--executor", executor];
        let run = catfetch().args(args).run();
        run.assert_code(1);
        assert!(
            run.elapsed < Duration::from_secs(15),
            "{executor} waited for the cancelled downloads: {run}"
        );
        let json = report(&run);
        assert_eq!(json["totals"]["failed"], 1, "{executor}: {run}");
        assert_eq!(json["totals"]["cancelled"], 4, "{executor}: {run}");
        assert_eq!(run.stderr.lines().filter(|l| l.contains("HTTP 404")).count(), 1, "{executor}: {run}");
        assert!(run.files("cats").is_empty(), "{executor} left behind: {:?}", run.files("cats"));
        let started = if executor == "sequential" { 1 } else { 5 };
        assert_eq!(origin.hits("/cat"), started, "{executor}");
    }
}

#[test]
fn threads_is_for_smol_and_tokio_only() {
    for executor in ["local", "join", "sequential", "tokio-current", "threads"] {
        if executor == "tokio-current" && !cfg!(feature = "tokio") {
            continue;
        }
        let run = catfetch()
            .args(["--url", "http://127.0.0.1:9/cat", "--executor", executor, "--threads", "2"])
            .run();
        run.assert_code(2);
        let expected = format!("catfetch: --threads applies to --executor smol and tokio, not {executor} (");
        assert!(run.stderr.starts_with(&expected), "{run}");
        assert_eq!(run.stderr.lines().count(), 1, "{run}");
        assert!(run.files("").is_empty(), "nothing touched: {run}");
    }
}

#[test]
fn the_chrome_trace_has_one_complete_event_per_download_and_a_lane_per_polling_thread() {
    let origin = latency_origin();
    let cmd = catfetch();
    let trace = cmd.dir().join("trace.json");
    let run = cmd
        .args(["--url", &origin.url("/cat"), "-n", "5", "--executor", "local", "--trace", "trace.json"])
        .run();
    run.assert_code(0);
    assert_eq!(run.files("cats").len(), 5);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(trace).unwrap()).expect("valid JSON");
    let events = json["traceEvents"].as_array().expect("traceEvents");
    let downloads: Vec<&serde_json::Value> = events.iter().filter(|e| e["cat"] == "download").collect();
    let mut names: Vec<&str> = downloads.iter().map(|e| e["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["cat 0", "cat 1", "cat 2", "cat 3", "cat 4"]);
    for event in &downloads {
        assert_eq!(event["ph"], "X");
        assert!(event["dur"].as_f64().unwrap() >= LATENCY.as_micros() as f64, "{event}");
        assert_eq!(event["args"]["bytes"], 2_000);
    }
    // `local` polls on the calling thread only: one lane, "main", with the gather's polls and every cat's.
    let lanes: Vec<&serde_json::Value> =
        events.iter().filter(|e| e["name"] == "thread_name" && e["pid"] != downloads[0]["pid"]).collect();
    assert_eq!(lanes.len(), 1, "{lanes:?}");
    assert_eq!(lanes[0]["args"]["name"], "main");
    let polls: Vec<&str> =
        events.iter().filter(|e| e["cat"] == "poll").map(|e| e["name"].as_str().unwrap()).collect();
    for name in ["gather", "cat 0", "cat 4"] {
        assert!(polls.contains(&name), "no poll of {name}: {polls:?}");
    }
    assert!(events.iter().filter(|e| e["cat"] == "poll").all(|e| e["tid"] == lanes[0]["tid"]));
}

#[test]
fn the_timeline_has_a_row_per_polling_thread_and_says_what_happened() {
    // A generous --stall-ms: the test machine may be busy, and this run has no blocking work to show.
    for (executor, overlap) in [
        ("join", "the downloads ran at the same time"),
        ("sequential", "one after another: an await inside the loop?"),
    ] {
        let origin = latency_origin();
        let run = catfetch()
            .args([
                "--url",
                &origin.url("/cat"),
                "-n",
                "3",
                "--executor",
                executor,
                "--timeline",
                "--stall-ms",
                "250",
            ])
            .run();
        run.assert_code(0);
        assert_eq!(run.files("cats").len(), 3, "{executor}: {run}");
        let lines: Vec<&str> = run.stderr.lines().collect();
        let threads: Vec<&&str> =
            lines.iter().filter(|l| l.contains(" |") && !l.starts_with("cat ")).collect();
        assert_eq!(threads.len(), 1, "{executor}: one polling thread: {run}");
        assert_eq!(threads[0].split_whitespace().next(), Some("main"), "{executor}: {run}");
        assert!(threads[0].contains(" polls, busy "), "{executor}: {run}");
        assert!(!threads[0].contains('!'), "{executor}: {run}");
        assert!(run.stderr.contains("! a stall (a poll over 250 ms)"), "the legend: {run}");
        let overlap_line = lines.iter().find(|l| l.starts_with("overlap ")).expect("an overlap verdict");
        assert!(overlap_line.ends_with(overlap), "{executor}: {run}");
        assert!(
            run.stderr.contains("\nno stall: no poll held its thread over 250 ms (the longest took "),
            "{run}"
        );
    }
}

/// One test, not two: the check that no download thread outlived a run must not see another test's.
#[cfg(target_os = "linux")]
#[test]
fn the_same_library_run_on_every_executor_saves_the_same_files_and_stops_leaving_nothing_open() {
    let pictures: Vec<Vec<u8>> = (0..6).map(|seed| jpeg_seeded(30_000 + 101 * seed as usize, seed)).collect();
    for kind in ExecutorKind::all(2) {
        // The whole job.
        let answers = pictures.iter().map(|p| Answer::image("image/jpeg", p.clone())).collect();
        let origin = Origin::start(vec![Route::new("/cat", answers)]);
        let dir = tempfile::tempdir().unwrap();
        let report =
            executor::block_on(kind, library_config(&origin, dir.path(), 6), (), None, future::pending());
        assert_eq!(report.unwrap().totals.saved, 6, "{kind}");
        let saved =
            (0..6).map(|i| std::fs::read(dir.path().join(format!("cats/{i}.jpg"))).unwrap()).collect();
        assert_same_pictures(saved, &pictures, kind.name());
        assert_eq!(list_dir(&dir.path().join("cats")).len(), 6, "{kind}: nothing else");

        // Stopped once the downloads are mid-body (async-io's timers work on every executor).
        let stall = Answer::stall("image/jpeg", 100_000, jpeg(40_000), Duration::from_secs(30));
        let origin = Origin::start(vec![Route::always("/cat", stall)]);
        let dir = tempfile::tempdir().unwrap();
        let in_flight = if kind == ExecutorKind::Sequential { 1 } else { 4 };
        let stopped = Cell::new(None);
        let stop = async {
            while origin.hits("/cat") < in_flight {
                smol::Timer::after(Duration::from_millis(10)).await;
            }
            smol::Timer::after(Duration::from_millis(300)).await;
            stopped.set(Some(Instant::now()));
        };
        let report =
            executor::block_on(kind, library_config(&origin, dir.path(), 4), (), None, stop).unwrap();
        let after_stop = stopped.get().expect("stopped").elapsed();
        // The bodies stall for 30 s: a stop well before that did not wait for them.
        assert!(after_stop < Duration::from_secs(10), "{kind} took {after_stop:?} to stop");
        assert!(report.interrupted, "{kind}");
        assert_eq!(report.totals.cancelled, 4, "{kind}");
        let left = list_dir(&dir.path().join("cats"));
        assert!(left.is_empty(), "{kind}: {left:?}");
        // Temp files may have no name at all (O_TMPFILE): that none is still open is the real proof that
        // every download was dropped before `block_on` returned, wherever it ran.
        let open = open_files_under(&dir.path().canonicalize().unwrap());
        assert!(open.is_empty(), "{kind}: still open after the run: {open:?}");
        let threads = thread_names();
        assert!(
            threads.iter().all(|name| !name.starts_with("thread-")),
            "{kind}: a download thread outlived the run: {threads:?}"
        );
    }
}

/// The library's settings for `count` cats from `origin` into `dir/cats`, without retries.
fn library_config(origin: &Origin, dir: &Path, count: usize) -> Config {
    Config {
        url: origin.url("/cat").parse().unwrap(),
        count,
        out_dir: dir.join("cats"),
        retries: 0,
        ..Config::default()
    }
}

/// The files this process has open under `dir` (an anonymous temp file shows as `dir/#inode (deleted)`).
#[cfg(target_os = "linux")]
fn open_files_under(dir: &Path) -> Vec<PathBuf> {
    let fds = std::fs::read_dir("/proc/self/fd").unwrap();
    fds.flatten()
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter(|path| path.starts_with(dir))
        .collect()
}

/// The names of this process's threads, as the kernel knows them (at most 15 bytes).
#[cfg(target_os = "linux")]
fn thread_names() -> Vec<String> {
    let tasks = std::fs::read_dir("/proc/self/task").unwrap();
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("comm")).ok())
        .map(|name| name.trim_end().to_owned())
        .collect()
}

#[test]
fn the_library_core_runs_under_another_executor_with_the_same_files() {
    // No smol executor at all: futures-lite's block_on drives the library's run, and the downloads are
    // polled inside the gather. The core never spawned anything, so it does not care.
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(3_000)))]);
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        url: origin.url("/cat").parse().unwrap(),
        count: 4,
        out_dir: dir.path().join("cats"),
        ..Config::default()
    };
    let report =
        future::block_on(catfetch_core::run(config, (), |cat| cat, Gathering::AllAtOnce, future::pending()))
            .unwrap();
    assert_eq!(report.totals.saved, 4);
    for i in 0..4 {
        assert_eq!(std::fs::read(dir.path().join(format!("cats/{i}.jpg"))).unwrap(), jpeg(3_000));
    }
    // And the gather alone, on the same foreign block_on.
    let futures: Vec<_> = (1..=2).map(|n| async move { Ok::<_, ()>(n) }).collect();
    let (slots, ending) =
        future::block_on(catfetch_core::gather(futures, Policy::FailFast, future::pending()));
    assert_eq!(slots.len(), 2);
    assert_eq!(ending, catfetch_core::gather::Ending::Finished);
}
