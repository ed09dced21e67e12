//! The gather, seen from outside: all downloads start together (bounded by `--jobs`), the first failure
//! ends the run at once and cancels the rest (leaving no temp files), `--keep-going` runs everything.

use std::time::Duration;

use crate::download::report;
use crate::support::{catfetch, jpeg, Answer, Origin, Route};

const SLOW: Duration = Duration::from_secs(60);
/// A run that ends this soon did not wait for the [`SLOW`] siblings, even on a loaded machine.
const WITHOUT_WAITING: Duration = Duration::from_secs(15);

#[test]
fn one_quick_failure_among_slow_siblings_ends_the_run_well_before_them() {
    // Requests 1-4 get an answer in a minute; the fifth gets a 404 at once.
    let slow = Answer::slow(SLOW, Answer::image("image/jpeg", jpeg(1_000)));
    let mut answers = vec![slow; 4];
    answers.push(Answer::status(404));
    let origin = Origin::start(vec![Route::new("/cat", answers)]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "5", "--json"]).run();
    run.assert_code(1);
    assert!(run.elapsed < WITHOUT_WAITING, "fail-fast waited for the siblings: {run}");
    let json = report(&run);
    assert_eq!(json["totals"]["failed"], 1);
    assert_eq!(json["totals"]["cancelled"], 4);
    assert_eq!(run.stderr.lines().filter(|l| l.contains("HTTP 404")).count(), 1, "{run}");
    assert!(run.files("cats").is_empty(), "{:?}", run.files("cats"));
}

#[test]
fn cancelled_downloads_mid_body_leave_no_temp_files() {
    // Four cats are mid-body (temp files open, bytes written) when the fifth fails.
    let stalled = Answer::stall("image/jpeg", 100_000, jpeg(30_000), SLOW);
    let mut answers = vec![stalled; 4];
    answers.push(Answer::slow(Duration::from_millis(500), Answer::status(404)));
    let origin = Origin::start(vec![Route::new("/cat", answers)]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "5", "--json"]).run();
    run.assert_code(1);
    assert!(run.elapsed < WITHOUT_WAITING, "{run}");
    assert_eq!(report(&run)["totals"]["cancelled"], 4);
    assert!(run.files("cats").is_empty(), "temp files left behind: {:?}", run.files("cats"));
}

#[test]
fn a_download_sleeping_before_its_retry_is_cancelled_too() {
    // The first request is told to come back in two minutes (catfetch waits at most 30 s of that); the
    // second fails for good after 300 ms.
    let origin = Origin::start(vec![Route::new(
        "/cat",
        vec![
            Answer::status(503).with_header("Retry-After", "120"),
            Answer::slow(Duration::from_millis(300), Answer::status(404)),
        ],
    )]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "2", "-j", "1"]).run();
    run.assert_code(1);
    assert!(run.elapsed < WITHOUT_WAITING, "the backoff sleep was not cancelled: {run}");
    assert_eq!(origin.hits("/cat"), 2);
}

#[test]
fn keep_going_runs_everything_and_reports_every_failure() {
    // Every cat fetches the same URL: the origin's script makes the 1st and 3rd request fail.
    let ok = Answer::image("image/jpeg", jpeg(600));
    let answers = vec![Answer::status(404), ok.clone(), Answer::status(404), ok];
    let scripted = Origin::start(vec![Route::new("/cat", answers)]);
    let run = catfetch()
        .args(["--url", &scripted.url("/cat"), "-n", "4", "-j", "1", "--keep-going", "--json"])
        .run();
    run.assert_code(1);
    let json = report(&run);
    assert_eq!(json["totals"]["saved"], 2);
    assert_eq!(json["totals"]["failed"], 2);
    assert_eq!(json["totals"]["cancelled"], 0);
    assert_eq!(run.stderr.lines().filter(|l| l.contains("HTTP 404 Not Found")).count(), 2, "{run}");
    assert_eq!(run.files("cats").len(), 2);
    assert!(run.stderr.contains("Saved 2 of 4 cats"), "{run}");
}

#[test]
fn jobs_bounds_the_downloads_in_flight() {
    let slow = Answer::slow(Duration::from_millis(200), Answer::image("image/jpeg", jpeg(500)));
    let origin = Origin::start(vec![Route::always("/cat", slow)]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "6", "-j", "2"]).run();
    run.assert_code(0);
    assert_eq!(run.files("cats").len(), 6);
    assert_eq!(origin.max_in_flight("/cat"), 2);
}

#[test]
fn all_downloads_start_together_by_default() {
    let slow = Answer::slow(Duration::from_millis(500), Answer::image("image/jpeg", jpeg(500)));
    let origin = Origin::start(vec![Route::always("/cat", slow)]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "10"]).run();
    run.assert_code(0);
    // All ten requests were at the origin at once: nothing ran one after another.
    assert_eq!(origin.max_in_flight("/cat"), 10);
}

#[test]
fn a_download_waiting_to_retry_gives_its_slot_to_another() {
    // With one slot: the first request gets "retry in 1 s". If the sleeper kept its slot, the other cat
    // would wait for it; instead the other cat is saved first.
    let origin = Origin::start(vec![Route::new(
        "/cat",
        vec![Answer::status(503).with_header("Retry-After", "1"), Answer::image("image/jpeg", jpeg(500))],
    )]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "2", "-j", "1", "-v"]).run();
    run.assert_code(0);
    let retried = if run.stderr.contains("cat 0: attempt 1 failed") { 0 } else { 1 };
    let other = 1 - retried;
    let position =
        |needle: String| run.stderr.find(&needle).unwrap_or_else(|| panic!("no {needle:?} in:\n{run}"));
    assert!(position(format!("cat {other}: saved")) < position(format!("cat {retried}: saved")), "{run}");
}
