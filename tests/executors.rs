//! The same job on every executor: what changes is who polls the downloads, and so how long the job takes.
//! With an origin that answers after a fixed latency L, the sequential baseline needs N x L and every
//! concurrent mode about L.

use std::time::Duration;

use catfetch::{Config, Policy};
use futures_lite::future;

use crate::support::{catfetch, jpeg, Answer, Origin, Route};

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
    assert_eq!(origin.max_in_flight("/cat"), 1);
}

#[test]
fn every_concurrent_executor_takes_about_one_latency() {
    for executor in ["join", "local", "smol"] {
        let origin = latency_origin();
        let run = catfetch()
            .args(["--url", &origin.url("/cat"), "-n", &N.to_string(), "--executor", executor])
            .run();
        run.assert_code(0);
        assert_eq!(run.files("cats").len(), N, "{executor}");
        // Coarse bound: the whole process, start-up included, in under 2 x L plus slack (N x L = 1.8 s).
        assert!(run.elapsed < LATENCY * 2 + Duration::from_millis(500), "{executor}: {run}");
        assert_eq!(origin.max_in_flight("/cat"), N, "{executor}");
    }
}

#[test]
fn local_join_and_sequential_poll_on_one_thread_and_the_timeline_shows_it() {
    for executor in ["local", "join", "sequential"] {
        let origin = latency_origin();
        let run = catfetch()
            .args(["--url", &origin.url("/cat"), "-n", "3", "--executor", executor, "--timeline"])
            .run();
        run.assert_code(0);
        let rows: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("cat ")).collect();
        assert_eq!(rows.len(), 3, "{executor}: {run}");
        for row in rows {
            assert!(row.ends_with("  main"), "{executor} polled on another thread: {row}");
        }
        assert!(run.stderr.contains(&format!("executor {executor} (1 polling thread)")), "{run}");
    }
}

#[test]
fn smol_polls_on_the_threads_asked_for() {
    let origin = latency_origin();
    let run =
        catfetch().args(["--url", &origin.url("/cat"), "-n", "8", "--threads", "3", "--timeline"]).run();
    run.assert_code(0);
    assert!(run.stderr.contains("executor smol (3 polling threads)"), "{run}");
    let rows: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("cat ")).collect();
    assert_eq!(rows.len(), 8, "{run}");
    // Every polling thread is the caller ("main") or a named worker.
    for row in rows {
        let threads = row.rsplit("  ").next().unwrap();
        for thread in threads.split(", ") {
            assert!(["main", "smol-1", "smol-2"].contains(&thread), "{row}");
        }
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
    let report = future::block_on(catfetch::run(config, (), |cat| cat, future::pending())).unwrap();
    assert_eq!(report.totals.saved, 4);
    for i in 0..4 {
        assert_eq!(std::fs::read(dir.path().join(format!("cats/{i}.jpg"))).unwrap(), jpeg(3_000));
    }
    // And the gather alone, on the same foreign block_on.
    let futures: Vec<_> = (1..=2).map(|n| async move { Ok::<_, ()>(n) }).collect();
    let (slots, ending) = future::block_on(catfetch::gather(futures, Policy::FailFast, future::pending()));
    assert_eq!(slots.len(), 2);
    assert_eq!(ending, catfetch::gather::Ending::Finished);
}
