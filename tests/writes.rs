//! Who writes the pictures (`--writes async-fs|inline`) and the trouble made on demand (`--disk-delay`,
//! `--cpu-per-cat`, `--cpu-offload`): each way saves every picture whole, counts its writes, and leaves
//! nothing behind when cancelled with writes still in flight.

use std::time::Duration;

use crate::download::report;
use crate::support::{assert_same_pictures, catfetch, jpeg, jpeg_seeded, png, Answer, Origin, Route, Run};

const WAYS: [&str; 2] = ["async-fs", "inline"];

/// The write count (W) of a `--json` run.
fn writes(run: &Run) -> u64 {
    report(run)["totals"]["writes"].as_u64().unwrap_or_else(|| panic!("no totals.writes: {run}"))
}

#[test]
fn both_ways_of_writing_save_every_picture_whole_small_or_big() {
    let sizes = [100, 20_000, 120_000, 3_000_000, 5_000_123];
    let pictures: Vec<Vec<u8>> =
        sizes.iter().enumerate().map(|(seed, &len)| jpeg_seeded(len, seed as u64)).collect();
    let total: usize = sizes.iter().sum();
    for writes_as in WAYS {
        for executor in ["join", "smol"] {
            let answers = pictures.iter().map(|p| Answer::image("image/jpeg", p.clone())).collect();
            let origin = Origin::start(vec![Route::new("/cat", answers)]);
            let run = catfetch()
                .args(["--url", &origin.url("/cat"), "-n", "5", "--json"])
                .args(["--writes", writes_as, "--executor", executor])
                .run();
            let context = format!("--writes {writes_as} --executor {executor}");
            run.assert_code(0);
            assert_eq!(run.files("cats"), ["0.jpg", "1.jpg", "2.jpg", "3.jpg", "4.jpg"], "{context}: {run}");
            let saved = (0..5).map(|i| run.read(&format!("cats/{i}.jpg"))).collect();
            assert_same_pictures(saved, &pictures, &context);
            // Every picture takes at least one write, and the body is written in large pieces, never in
            // one write per small piece from the network.
            let w = writes(&run);
            assert!((5..=(total / 8192 + 10) as u64).contains(&w), "{context}: {w} writes for {total} bytes");
        }
    }
}

#[test]
fn a_slow_disk_stalls_the_polling_thread_only_when_it_writes_inline() {
    // One polling thread (--executor join), 4 small cats, every write 200 ms slow. Inline, that thread sleeps
    // through every write in turn; with async-fs, threads of the blocking pool sleep side by side.
    let delay = Duration::from_millis(200);
    let picture = jpeg(2_000);
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", picture.clone()))]);
    for writes_as in WAYS {
        let run = catfetch()
            .args(["--url", &origin.url("/cat"), "-n", "4", "--executor", "join", "--json"])
            .args(["--writes", writes_as, "--disk-delay", "200"])
            .run();
        run.assert_code(0);
        for i in 0..4 {
            assert_eq!(run.read(&format!("cats/{i}.jpg")), picture, "{writes_as}");
        }
        let w = writes(&run);
        assert!(w >= 4, "{writes_as}: every cat takes at least one write, counted: {w}\n{run}");
        let all_writes_in_turn = delay * w as u32;
        if writes_as == "inline" {
            assert!(run.elapsed >= all_writes_in_turn, "{w} writes of 200 ms on one thread: {run}");
        } else {
            assert!(run.elapsed < all_writes_in_turn, "the pool's writes did not overlap: {run}");
            assert!(run.elapsed >= delay, "{run}");
        }
    }
}

#[test]
fn the_write_count_is_shown_with_disk_delay_or_verbose_and_not_otherwise() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(3_000)))]);
    let url = origin.url("/cat");
    let run = catfetch().args(["--url", &url, "-n", "3", "--disk-delay", "20"]).run();
    run.assert_code(0);
    assert!(
        run.stderr
            .contains("writes to disk, on the blocking pool (--writes async-fs), each made 20 ms slower"),
        "{run}"
    );
    let run = catfetch().args(["--url", &url, "-n", "3", "--writes", "inline", "-v"]).run();
    run.assert_code(0);
    assert!(run.stderr.contains("writes to disk, on the polling threads (--writes inline)"), "{run}");
    let run = catfetch().args(["--url", &url, "-n", "3"]).run();
    run.assert_code(0);
    assert!(!run.stderr.contains("writes to disk"), "{run}");
    let run = catfetch().args(["--url", &url, "-n", "3", "--disk-delay", "20", "-q"]).run();
    run.assert_code(0);
    assert_eq!(run.stderr, "", "{run}");
}

#[test]
fn cpu_work_per_cat_runs_on_the_polling_thread_or_on_the_pool_and_cats_arrive_whole() {
    let picture = jpeg(50_000);
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", picture.clone()))]);
    for offload in [false, true] {
        let mut cmd = catfetch().args([
            "--url",
            &origin.url("/cat"),
            "-n",
            "3",
            "--executor",
            "join",
            "--cpu-per-cat",
            "100",
        ]);
        if offload {
            cmd = cmd.arg("--cpu-offload");
        }
        let run = cmd.run();
        run.assert_code(0);
        assert_eq!(run.files("cats"), ["0.jpg", "1.jpg", "2.jpg"], "{run}");
        for i in 0..3 {
            assert_eq!(run.read(&format!("cats/{i}.jpg")), picture, "offload {offload}");
        }
        // On the one polling thread the three cats' work runs in turn; offloaded, it may overlap.
        let least = if offload { Duration::from_millis(100) } else { Duration::from_millis(300) };
        assert!(run.elapsed >= least, "offload {offload}: {run}");
    }
}

#[test]
fn a_cancelled_run_with_writes_in_flight_on_the_pool_leaves_nothing_and_does_not_wait_for_them() {
    // Three big cats written 100 ms per write (each needs dozens of writes), and a 404 after 400 ms: fail-fast
    // cancels the three while the pool is in the middle of their writes. (This file system gives temp files
    // no name at all; the named kind, with a write in flight, is tested in src/sink.rs.)
    let big = |seed| Answer::image("image/jpeg", jpeg_seeded(4_000_000, seed));
    let late_404 = Answer::slow(Duration::from_millis(400), Answer::status(404));
    let origin = Origin::start(vec![Route::new("/cat", vec![big(1), big(2), big(3), late_404])]);
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "4", "-j", "4", "--retries", "0", "--json"])
        .args(["--writes", "async-fs", "--disk-delay", "100"])
        .run();
    run.assert_code(1);
    assert!(run.stderr.contains("HTTP 404 Not Found"), "{run}");
    assert!(run.stderr.contains("1 failed, 3 cancelled"), "{run}");
    assert!(run.files("cats").is_empty(), "left behind: {:?}\n{run}", run.files("cats"));
    assert!(writes(&run) >= 3, "the big cats were being written when cancelled: {run}");
    // Writing the three cats whole would take seconds; the run ends as soon as the futures are dropped.
    assert!(run.elapsed < Duration::from_millis(2_500), "{run}");
}

#[test]
fn max_size_stops_an_endless_body_in_both_ways() {
    for writes_as in WAYS {
        let origin = Origin::start(vec![Route::always("/cat", Answer::endless("image/png", png(64)))]);
        let run = catfetch()
            .args(["--url", &origin.url("/cat"), "-n", "1", "--max-size", "1M", "--writes", writes_as])
            .run();
        run.assert_code(1);
        assert!(run.stderr.contains("larger than --max-size (1048576 bytes)"), "{writes_as}: {run}");
        assert!(run.files("cats").is_empty(), "{writes_as}: {:?}", run.files("cats"));
        assert_eq!(origin.hits("/cat"), 1, "{writes_as}: too large is not retried");
    }
}

#[test]
fn a_stall_during_inline_writes_shows_in_the_timeline_and_the_trace_and_a_clean_run_has_none() {
    let picture = jpeg(2_000);
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", picture.clone()))]);
    for writes_as in WAYS {
        let cmd = catfetch();
        let trace = cmd.dir().join("t.json");
        let run = cmd
            .args(["--url", &origin.url("/cat"), "-n", "4", "--executor", "local", "--writes", writes_as])
            .args(["--disk-delay", "20", "--timeline", "--trace", "t.json"])
            .run();
        run.assert_code(0);
        for i in 0..4 {
            assert_eq!(run.read(&format!("cats/{i}.jpg")), picture, "{writes_as}");
        }
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(trace).unwrap()).expect("JSON");
        let events = json["traceEvents"].as_array().expect("traceEvents");
        let write_stalls = events.iter().filter(|e| e["name"] == "stall (write)").count();
        let main =
            run.stderr.lines().find(|l| l.starts_with("main ") && l.contains(" |")).expect("main's row");
        if writes_as == "inline" {
            // The verdict is wrapped at 100 columns: read it as one line.
            let said = run.stderr.replace('\n', " ");
            let stall = said.split(" stalls on ").nth(1).unwrap_or_default();
            assert!(stall.contains("during writes") && stall.contains("use --writes async-fs"), "{run}");
            assert!(main.contains('!'), "the stalls on main's row: {run}");
            assert!(write_stalls >= 4, "a stall slice per write at least: {write_stalls}\n{run}");
            // One thread for four downloads: those ready meanwhile waited for it, on the chart and in the trace.
            let waits = events.iter().filter(|e| e["name"] == "waiting for a thread").count();
            assert!(waits >= 1, "{run}");
            assert!(run.stderr.lines().any(|l| l.starts_with("cat ") && l.contains('~')), "{run}");
        } else {
            assert!(run.stderr.contains("\nno stall: "), "{run}");
            assert!(!main.contains('!'), "{run}");
            assert_eq!(write_stalls, 0, "{run}");
        }
        assert_eq!(run.files("cats").len(), 4, "no temp file left: {run}");
    }
}

/// `compare ... --json`'s rows of its one lesson, by "executor setup".
fn compare_rows(run: &crate::support::Run) -> std::collections::HashMap<String, serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run}"));
    let lessons = json["lessons"].as_array().expect("lessons");
    assert_eq!(lessons.len(), 1, "{run}");
    let rows = lessons[0]["rows"].as_array().expect("rows");
    rows.iter()
        .map(|row| {
            (format!("{} {}", row["executor"].as_str().unwrap(), row["setup"].as_str().unwrap()), row.clone())
        })
        .collect()
}

#[test]
fn compare_disk_lesson_runs_every_executor_both_ways_and_prescribes_async_fs_only_where_others_waited() {
    let run = catfetch()
        .args(["compare", "--lesson", "disk", "-n", "4", "--latency", "50", "--disk-delay", "20", "--json"])
        .run();
    run.assert_code(0);
    let rows = compare_rows(&run);
    for executor in crate::support::every_executor() {
        for setup in ["inline writes", "async-fs writes"] {
            let row = &rows[&format!("{executor} {setup}")];
            assert_eq!(row["saved"], 4, "{executor} {setup}: {run}");
            for field in ["wall_ms", "predicted_ms", "writes"] {
                assert!(row[field].as_f64().is_some_and(|v| v > 0.0), "{executor} {setup} {field}: {run}");
            }
            assert!(row["scheduling_delay"]["longest_ms"].is_number(), "{run}");
            assert!(row["verdict"]["text"].is_string() && row["verdict"]["flagged"].is_boolean(), "{run}");
        }
    }
    let wall = |name: &str| rows[name]["wall_ms"].as_f64().unwrap();
    assert!(wall("local inline writes") > wall("local async-fs writes"), "{run}");
    // One thread polls every download: the others waited through each write, and the fix is named.
    let local = &rows["local inline writes"];
    assert!(local["stalls"]["count"].as_u64().unwrap() >= 4, "{run}");
    assert!(local["scheduling_delay"]["held_up_by_stalls"].as_u64().unwrap() >= 1, "{run}");
    assert_eq!(local["verdict"]["fix"], "use --writes async-fs", "{run}");
    // One download at a time, or a thread each: long writes, but nobody waited for them.
    for name in ["sequential inline writes", "threads inline writes"] {
        assert!(rows[name]["stalls"]["count"].as_u64().unwrap() >= 4, "{name}: {run}");
        assert_eq!(rows[name]["verdict"]["fix"], serde_json::Value::Null, "{name}: {run}");
        assert_eq!(rows[name]["scheduling_delay"]["held_up_by_stalls"], 0, "{name}: {run}");
    }
}

#[test]
fn compare_cpu_lesson_shows_stalls_on_the_polling_thread_and_none_when_offloaded() {
    let run =
        catfetch().args(["compare", "--lesson", "cpu", "-n", "4", "--cpu-per-cat", "20", "--json"]).run();
    run.assert_code(0);
    let rows = compare_rows(&run);
    // A busy machine may add preempted polls ("not stalls") to either; the stalls are the code's.
    let findings = |name: &str| {
        rows[name]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let on_poller = findings("local cpu on poller");
    assert!(on_poller.contains("during CPU work: ") && on_poller.contains("use --cpu-offload"), "{run}");
    assert_eq!(rows["local cpu on poller"]["verdict"]["fix"], "use --cpu-offload", "{run}");
    let offloaded = findings("local cpu offloaded");
    assert!(offloaded.contains("no stall") && !offloaded.contains("during CPU work"), "{run}");
}

#[test]
fn compare_names_a_busy_machine_when_other_processes_take_the_cpu() {
    // Another process spins (at the lowest priority, so other tests barely notice) while compare runs:
    // the model assumes the cores are the run's alone, so the table says who else used them.
    struct Spinner(std::process::Child);
    impl Drop for Spinner {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _spinner = Spinner(
        std::process::Command::new("nice")
            .args(["-n", "19", "sh", "-c", "while :; do :; done"])
            .spawn()
            .expect("nice and sh are on every Debian machine"),
    );
    let run = catfetch()
        .args(["compare", "--lesson", "cpu", "-n", "2", "--cpu-per-cat", "10", "--latency", "50", "--json"])
        .run();
    run.assert_code(0);
    let rows = compare_rows(&run);
    let busy: Vec<f64> = rows.values().filter_map(|row| row["others_used_cores"].as_f64()).collect();
    assert_eq!(busy.len(), rows.len(), "measured on every run (Linux): {run}");
    assert!(busy.iter().any(|&used| used >= 0.25), "no run noticed the spinner: {run}");
}
