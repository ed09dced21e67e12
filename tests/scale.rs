//! `catfetch scale`: each count and executor a fresh child process, measured from outside; a run that
//! cannot work is a row that says why, never a crash of the command; the scratch pictures never stay.

use std::time::{Duration, Instant};

use catfetch_lab::scale::JSON_KEYS;
use serde_json::Value;

use crate::support::{catfetch, catfetch_after, Run};

/// `catfetch scale ARGS` with its scratch directory inside the run's own directory (TMPDIR), so that a
/// test can see that nothing is left there.
fn scale(args: &[&str]) -> crate::support::Cmd {
    let cmd = catfetch();
    let dir = cmd.dir().to_owned();
    cmd.env("TMPDIR", dir).arg("scale").args(args)
}

fn rows(run: &Run) -> Vec<Value> {
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e})\n{run}"));
    json.as_array().unwrap_or_else(|| panic!("not an array\n{run}")).clone()
}

/// The table line of `executor` at `count`, split into its cells.
fn table_row<'a>(run: &'a Run, executor: &str, count: &str) -> Vec<&'a str> {
    run.stdout
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>())
        .find(|cells| cells.len() > 2 && cells[0] == executor && cells[1] == count)
        .unwrap_or_else(|| panic!("no row for {executor} at {count}\n{run}"))
}

fn assert_no_scratch_left(run: &Run) {
    let left: Vec<String> = run.files("").into_iter().filter(|f| f.starts_with("catfetch-scale-")).collect();
    assert!(left.is_empty(), "scratch left behind: {left:?}\n{run}");
}

#[test]
fn each_count_is_measured_in_its_own_process_with_every_figure_in_the_json() {
    let run = scale(&["--counts", "20,10", "--executors", "smol", "--latency", "50", "--json"]).run();
    run.assert_code(0);
    let rows = rows(&run);
    assert_eq!(rows.len(), 2, "{run}");
    for (row, count) in rows.iter().zip([10, 20]) {
        let mut keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = JSON_KEYS;
        keys.sort();
        expected.sort();
        assert_eq!(keys, expected, "{row}");
        assert_eq!((row["executor"].as_str(), row["count"].as_u64()), (Some("smol"), Some(count)), "{row}");
        assert_eq!(row["jobs"], count, "all in flight: {row}");
        assert_eq!(row["error"], Value::Null, "{row}");
        assert!(row["wall_s"].as_f64().unwrap() >= 0.05, "at least the latency: {row}");
        assert!(row["wall_s"].as_f64().unwrap() < 10.0, "{row}");
        // The client has at least its polling thread and a thread of the blocking pool (the temp files).
        assert!(row["peak_threads"].as_u64().unwrap() >= 2, "{row}");
        assert!(row["peak_rss_kib"].as_u64().unwrap() > 1024, "{row}");
        assert!(row["voluntary_switches"].as_u64().unwrap() >= 1, "waiting is switching: {row}");
        assert!(row["cpu_user_s"].as_f64().unwrap() + row["cpu_sys_s"].as_f64().unwrap() > 0.0, "{row}");
    }
    // Progress on stderr, one line per run; nothing but JSON on stdout.
    assert!(run.stderr.contains("catfetch scale: 1/2 smol, 10 cats (10 in flight): "), "{run}");
    assert!(run.stderr.contains("catfetch scale: 2/2 smol, 20 cats (20 in flight): "), "{run}");
    assert_no_scratch_left(&run);
}

#[test]
fn the_report_has_the_table_the_memory_per_download_and_a_chart_per_metric() {
    let run = scale(&["--counts", "10,30", "--executors", "smol,local", "--latency", "50"]).run();
    run.assert_code(0);
    let out = &run.stdout;
    let header: Vec<&str> =
        out.lines().find(|l| l.starts_with("executor")).unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "executor",
            "N",
            "jobs",
            "wall",
            "peak",
            "RSS",
            "threads",
            "voluntary",
            "involuntary",
            "user",
            "sys",
            "error"
        ]
    );
    for executor in ["smol", "local"] {
        for count in ["10", "30"] {
            let cells = table_row(&run, executor, count);
            assert_eq!(cells[2], count, "all in flight: {cells:?}");
            assert_eq!((cells[4], cells[6]), ("s", "MiB"), "wall and peak RSS: {cells:?}");
            assert_eq!(cells.len(), 14, "no error: {cells:?}");
        }
    }
    assert!(out.contains("Memory per download in flight"), "{run}");
    assert!(out.contains("  smol   ") && out.contains(" KiB  (2 runs; "), "{run}");
    for title in ["Wall time (s)", "Peak RSS (MiB)", "Peak threads", "Voluntary context switches", "CPU time"]
    {
        assert!(out.contains(&format!("{title}, ")), "chart {title}\n{run}");
    }
    assert_eq!(out.matches("N cats, log scale   o smol   x local").count(), 6, "{run}");
    assert_no_scratch_left(&run);
}

#[test]
fn a_run_past_the_time_limit_is_a_row_that_says_so_and_the_executor_is_not_tried_further() {
    let started = Instant::now();
    let run = scale(&[
        "--counts",
        "3,6",
        "--executors",
        "smol",
        "--latency",
        "5000",
        "--time-limit",
        "1",
        "--json",
    ])
    .run();
    run.assert_code(0);
    assert!(started.elapsed() < Duration::from_secs(15), "{run}");
    let rows = rows(&run);
    assert_eq!(rows.len(), 2, "{run}");
    assert_eq!(rows[0]["error"], "still running after 1 s (--time-limit): killed", "{run}");
    assert!(rows[0]["wall_s"].as_f64().unwrap() >= 1.0, "what it cost until then: {run}");
    assert_eq!(rows[1]["error"], "not run: this executor already failed at 3 cats", "{run}");
    assert_eq!(rows[1]["wall_s"], Value::Null, "{run}");
    assert_eq!(rows[1]["peak_rss_kib"], Value::Null, "{run}");
    assert_no_scratch_left(&run);
}

#[test]
fn the_open_file_limit_clamps_the_downloads_in_flight_and_the_table_says_so() {
    // 200 descriptors, hard limit included: 64 kept, 2 per download, so 68 in flight at most.
    let cmd = catfetch_after("ulimit -n 200");
    let dir = cmd.dir().to_owned();
    let run = cmd
        .env("TMPDIR", dir)
        .args(["scale", "--counts", "10,100", "--executors", "smol", "--latency", "50"])
        .run();
    run.assert_code(0);
    assert_eq!(table_row(&run, "smol", "100")[2], "68*", "{run}");
    assert_eq!(table_row(&run, "smol", "10")[2], "10", "{run}");
    assert!(
        run.stdout.contains("* 100 cats: 68 in flight at most, clamped by the hard open-file limit"),
        "{run}"
    );
    assert!(run.stderr.contains("smol, 100 cats (68 in flight): "), "{run}");
    assert_no_scratch_left(&run);
}

#[test]
fn bad_options_are_usage_errors_before_anything_runs() {
    for (args, expected) in [
        (&["--executors", "smol,tokyo"][..], "unknown executor \"tokyo\""),
        (&["--counts", "10,,100"], "an empty count"),
        (&["--counts", "0"], "must be at least 1"),
        (&["--html", "no/such/dir/scale.html"], "--html no/such/dir/scale.html: cannot write there"),
    ] {
        let started = Instant::now();
        let run = scale(args).run();
        run.assert_code(2);
        assert!(run.stderr.contains(expected), "{args:?}: {run}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {run}");
        assert!(run.stdout.is_empty(), "{run}");
        assert!(started.elapsed() < Duration::from_secs(5), "nothing was measured: {run}");
    }
}

#[test]
fn ctrl_c_stops_the_series_shows_what_was_measured_and_exits_130() {
    let cmd = scale(&["--counts", "5,10", "--executors", "smol", "--latency", "3000", "--json"]);
    let run = cmd.run_while(|pid, _| {
        std::thread::sleep(Duration::from_millis(1000));
        // SAFETY: kill only sends a signal to the child we started.
        assert_eq!(unsafe { libc::kill(pid as libc::pid_t, libc::SIGINT) }, 0);
    });
    run.assert_code(130);
    let rows = rows(&run);
    assert_eq!(rows.len(), 1, "the series stops at the interrupted run: {run}");
    let error = rows[0]["error"].as_str().unwrap();
    assert!(error.starts_with("interrupted (SIGINT)"), "{run}");
    assert!(run.stderr.contains("catfetch scale: interrupted; 1 of 2 runs made, shown above"), "{run}");
    assert_no_scratch_left(&run);
}
