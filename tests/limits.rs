//! The machine's limits: open files, the network being away, and a big job.

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
