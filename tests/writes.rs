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
            let stall = run.stderr.lines().find(|l| l.contains(" stalls on ")).unwrap_or_default();
            assert!(stall.contains("during writes") && stall.contains("--writes async-fs"), "{run}");
            assert!(main.contains('!'), "the stalls on main's row: {run}");
            assert!(write_stalls >= 4, "a stall slice per write at least: {write_stalls}\n{run}");
        } else {
            assert!(run.stderr.contains("\nno stall: "), "{run}");
            assert!(!main.contains('!'), "{run}");
            assert_eq!(write_stalls, 0, "{run}");
        }
        assert_eq!(run.files("cats").len(), 4, "no temp file left: {run}");
    }
}

#[test]
fn compare_disk_lesson_runs_every_executor_both_ways_and_inline_on_one_thread_is_slowest() {
    let run = catfetch()
        .args(["compare", "--lesson", "disk", "-n", "4", "--latency", "50", "--disk-delay", "20"])
        .run();
    run.assert_code(0);
    let header = run.stdout.lines().find(|l| l.starts_with("executor ")).expect("a header");
    assert!(header.contains(" W ") && header.contains("predicted") && header.contains("stalls"), "{run}");
    let wall = |executor: &str, setup: &str| -> f64 {
        let row = run.stdout.lines().find(|l| l.starts_with(&format!("{executor} ")) && l.contains(setup));
        let row = row.unwrap_or_else(|| panic!("no row {executor} {setup}: {run}"));
        let secs = row.split(" s ").next().unwrap().rsplit(' ').next().unwrap();
        secs.parse().unwrap_or_else(|_| panic!("{row}"))
    };
    for executor in crate::support::every_executor() {
        for setup in ["inline writes", "async-fs writes"] {
            wall(executor, setup);
        }
    }
    assert!(wall("local", "inline writes") > wall("local", "async-fs writes"), "{run}");
    assert!(
        run.stdout.contains("during writes: the polling thread was blocked: use --writes async-fs"),
        "{run}"
    );
}

#[test]
fn compare_cpu_lesson_shows_stalls_on_the_polling_thread_and_none_when_offloaded() {
    let run = catfetch().args(["compare", "--lesson", "cpu", "-n", "4", "--cpu-per-cat", "20"]).run();
    run.assert_code(0);
    // A busy machine may add preempted polls ("not stalls") to either; the stalls are the code's.
    let verdicts =
        |name: &str| run.stdout.lines().filter(|l| l.starts_with(name)).collect::<Vec<_>>().join("\n");
    let on_poller = verdicts("local cpu on poller ");
    assert!(
        on_poller.contains("during CPU work: the polling thread was blocked: use --cpu-offload"),
        "{run}"
    );
    let offloaded = verdicts("local cpu offloaded ");
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
        .args(["compare", "--lesson", "cpu", "-n", "2", "--cpu-per-cat", "10", "--latency", "50"])
        .run();
    run.assert_code(0);
    let busy: Vec<&str> = run.stdout.lines().filter(|line| line.contains("; others used ")).collect();
    assert!(!busy.is_empty(), "no run named the spinner: {run}");
    for line in busy {
        let (_, said) = line.split_once("; others used ").unwrap();
        let (used, cores) = said.split_once(" of ").unwrap();
        assert!(used.parse::<f64>().is_ok_and(|used| used >= 0.25), "{line}");
        assert!(cores.ends_with(" cores"), "{line}");
    }
    assert!(run.stdout.contains("\"others used\" is the CPU other processes took"), "{run}");
}
