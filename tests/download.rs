//! One download, end to end: the real binary against a scripted local origin. Each test says what a user
//! gets, and checks the bytes on disk, the exit status, the message and what is left behind.

use std::time::Duration;

use crate::support::{
    assert_same_pictures, catfetch, catfetch_in, gif, jpeg, jpeg_seeded, png, webp, Answer, Framing, Origin,
    Route, Run,
};

/// Files in `cats/` (hidden ones included: a leftover temp file fails the test).
fn cats(run: &Run) -> Vec<String> {
    run.files("cats")
}

/// The `--json` report on stdout (which must hold nothing else).
pub fn report(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{run}"))
}

/// stderr never shows a panic, whatever the origin did.
fn assert_no_panic(run: &Run) {
    assert!(!run.stderr.contains("panicked"), "a panic reached the user:\n{run}");
    assert!(!run.stderr.contains("RUST_BACKTRACE"), "a panic reached the user:\n{run}");
}

#[test]
fn ten_jpegs_arrive_byte_for_byte_named_0_to_9_dot_jpg() {
    let picture = jpeg(120_000);
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", picture.clone()))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "10"]).run();
    run.assert_code(0);
    let expected: Vec<String> = (0..10).map(|i| format!("{i}.jpg")).collect();
    assert_eq!(cats(&run), expected);
    for name in &expected {
        assert_eq!(run.read(&format!("cats/{name}")), picture, "{name}");
    }
    assert_eq!(origin.hits("/cat"), 10, "each cat is one request");
    assert!(run.stderr.contains("Saved 10 cats"), "{run}");
    assert!(run.stdout.is_empty(), "{run}");
    assert_no_panic(&run);
}

#[test]
fn big_distinct_pictures_each_arrive_whole_on_every_executor() {
    // A download borrows its polling thread's body buffer for one poll at a time (download.rs): with several
    // multi-megabyte bodies in flight on one thread, no byte may land in another cat's file.
    let pictures: Vec<Vec<u8>> =
        (0..5).map(|seed| jpeg_seeded(2_000_000 + 12_345 * seed as usize, seed)).collect();
    for executor in ["join", "local", "smol", "sequential"] {
        let answers = pictures.iter().map(|p| Answer::image("image/jpeg", p.clone())).collect();
        let origin = Origin::start(vec![Route::new("/cat", answers)]);
        let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "5", "--executor", executor]).run();
        run.assert_code(0);
        assert_eq!(cats(&run), ["0.jpg", "1.jpg", "2.jpg", "3.jpg", "4.jpg"], "{executor}: {run}");
        assert_eq!(origin.hits("/cat"), 5, "{executor}: one request per cat");
        let saved = (0..5).map(|i| run.read(&format!("cats/{i}.jpg"))).collect();
        assert_same_pictures(saved, &pictures, executor);
    }
}

#[test]
fn with_many_jobs_each_body_arrives_whole() {
    // 80 bodies of ~150 KB in flight at once, each read in 32 KiB pieces from its own connection and
    // written through its polling thread's one buffer: not one byte may be lost, repeated or land in another
    // cat's file.
    let pictures: Vec<Vec<u8>> =
        (0..80).map(|seed| jpeg_seeded(150_000 + 997 * seed as usize, seed)).collect();
    let answers = pictures.iter().map(|p| Answer::image("image/jpeg", p.clone())).collect();
    let origin = Origin::start(vec![Route::new("/cat", answers)]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "80", "-j", "80"]).run();
    run.assert_code(0);
    let names = cats(&run);
    assert_eq!((names.len(), names[0].as_str()), (80, "00.jpg"), "{run}");
    assert_eq!(origin.hits("/cat"), 80, "one request per cat");
    let saved = names.iter().map(|name| run.read(&format!("cats/{name}"))).collect();
    assert_same_pictures(saved, &pictures, "-j 80");
}

#[test]
fn requests_say_who_is_asking_and_that_a_picture_is_wanted() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/png", png(500)))]);
    catfetch().args(["--url", &origin.url("/cat"), "-n", "1"]).run().assert_code(0);
    let request = &origin.requests_to("/cat")[0];
    assert_eq!(request.method, "GET");
    let agent = format!("catfetch/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(request.header("user-agent"), Some(agent.as_str()));
    assert!(request.header("accept").unwrap_or("").starts_with("image/"), "{request:?}");
}

#[test]
fn the_extension_comes_from_the_content_type_not_always_png() {
    for (content_type, body, ext) in [
        ("image/png", png(3000), "png"),
        ("image/gif", gif(3000), "gif"),
        ("image/webp", webp(3000), "webp"),
        ("image/jpeg; charset=binary", jpeg(3000), "jpg"),
    ] {
        let origin = Origin::start(vec![Route::always("/cat", Answer::image(content_type, body.clone()))]);
        let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "2"]).run();
        run.assert_code(0);
        assert_eq!(cats(&run), [format!("0.{ext}"), format!("1.{ext}")], "{content_type}");
        assert_eq!(run.read(&format!("cats/1.{ext}")), body);
    }
}

#[test]
fn without_a_content_type_the_magic_bytes_decide() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::untyped(png(4000)))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1"]).run();
    run.assert_code(0);
    assert_eq!(cats(&run), ["0.png"]);
    assert_eq!(run.read("cats/0.png"), png(4000));
}

#[test]
fn without_a_content_type_unknown_bytes_are_refused() {
    let origin =
        Origin::start(vec![Route::always("/cat", Answer::untyped(b"just some text, no cat".to_vec()))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("not an image: no Content-Type"), "{run}");
    assert!(cats(&run).is_empty(), "{run}");
}

#[test]
fn more_than_ten_cats_are_zero_padded_so_they_sort() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(500)))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "11", "-o", "many"]).run();
    run.assert_code(0);
    let expected: Vec<String> = (0..11).map(|i| format!("{i:02}.jpg")).collect();
    assert_eq!(run.files("many"), expected);
}

#[test]
fn chunked_and_http_1_0_bodies_without_length_arrive_whole() {
    let picture = jpeg(200_000);
    for framing in [Framing::Chunked, Framing::Http10Close] {
        let answer = Answer::image("image/jpeg", picture.clone()).framed(framing);
        let origin = Origin::start(vec![Route::always("/cat", answer)]);
        let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "3"]).run();
        run.assert_code(0);
        assert_eq!(cats(&run), ["0.jpg", "1.jpg", "2.jpg"]);
        for i in 0..3 {
            assert_eq!(run.read(&format!("cats/{i}.jpg")), picture, "{framing:?}");
        }
    }
}

#[test]
fn a_redirect_is_followed_with_exactly_one_request_per_hop() {
    let origin = Origin::start(vec![
        Route::always("/cat", Answer::redirect(302, "/images/real")),
        Route::always("/images/real", Answer::redirect(301, "final.png")),
        Route::always("/images/final.png", Answer::image("image/png", png(5000))),
    ]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "2", "-v"]).run();
    run.assert_code(0);
    assert_eq!(cats(&run), ["0.png", "1.png"]);
    assert_eq!(run.read("cats/0.png"), png(5000));
    // surf's redirect middleware would have sent each request twice (surf#307).
    assert_eq!(origin.hits("/cat"), 2);
    assert_eq!(origin.hits("/images/real"), 2);
    assert_eq!(origin.hits("/images/final.png"), 2);
    assert!(run.stderr.contains("HTTP 302 redirect to"), "{run}");
}

#[test]
fn a_redirect_loop_is_an_error_not_a_hang() {
    let origin = Origin::start(vec![
        Route::always("/a", Answer::redirect(302, "/b")),
        Route::always("/b", Answer::redirect(302, "/a")),
    ]);
    let run = catfetch().args(["--url", &origin.url("/a"), "-n", "1"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("redirect loop"), "{run}");
    assert_eq!(origin.hits("/a") + origin.hits("/b"), 2, "no request repeated");
}

#[test]
fn more_than_ten_redirects_is_an_error() {
    let mut routes: Vec<Route> = (0..12)
        .map(|i| Route::always(&format!("/r{i}"), Answer::redirect(307, &format!("/r{}", i + 1))))
        .collect();
    routes.push(Route::always("/r12", Answer::image("image/png", png(100))));
    let origin = Origin::start(routes);
    let run = catfetch().args(["--url", &origin.url("/r0"), "-n", "1"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("more than 10 redirects"), "{run}");
    assert_eq!(origin.hits("/r11"), 0);
}

#[test]
fn a_redirect_to_another_scheme_is_refused() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::redirect(302, "ftp://127.0.0.1/cat.jpg"))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("refusing to follow a redirect to ftp://"), "{run}");
}

#[test]
fn a_404_is_one_readable_line_and_exit_1() {
    let origin = Origin::start(vec![]);
    let url = origin.url("/nope");
    let run = catfetch().args(["--url", &url, "-n", "3", "-j", "1"]).run();
    run.assert_code(1);
    // Fail-fast: the first 404 ends the run; the other cats are cancelled, not reported as failures.
    // (Which cat runs first is up to the executor.)
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("catfetch: cat")).collect();
    assert_eq!(errors.len(), 1, "{run}");
    let cat = errors[0].trim_start_matches("catfetch: cat ").split(' ').next().unwrap();
    assert_eq!(errors[0], format!("catfetch: cat {cat} ({url}): HTTP 404 Not Found"));
    assert!(run.stderr.contains("1 failed, 2 cancelled"), "{run}");
    assert!(run.files("cats").is_empty());
}

#[test]
fn a_404_is_not_retried() {
    let origin = Origin::start(vec![]);
    let run = catfetch().args(["--url", &origin.url("/nope"), "-n", "1"]).run();
    run.assert_code(1);
    assert_eq!(origin.hits("/nope"), 1);
}

#[test]
fn a_503_with_retry_after_is_retried_after_the_server_asked_delay() {
    let origin = Origin::start(vec![Route::new(
        "/cat",
        vec![Answer::status(503).with_header("Retry-After", "1"), Answer::image("image/jpeg", jpeg(1000))],
    )]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "--json", "-v"]).run();
    run.assert_code(0);
    assert_eq!(cats(&run), ["0.jpg"]);
    assert_eq!(origin.hits("/cat"), 2);
    assert!(run.elapsed >= Duration::from_secs(1), "Retry-After: 1 was not honoured: {run}");
    assert!(
        run.stderr.contains("attempt 1 failed (HTTP 503 Service Unavailable); retrying in 1.0 s"),
        "{run}"
    );
    let cat = &report(&run)["cats"][0];
    assert_eq!(cat["attempts"], 2);
    assert_eq!(cat["status"], 200);
}

#[test]
fn retries_end_with_the_last_error_after_the_configured_count() {
    let origin =
        Origin::start(vec![Route::always("/cat", Answer::status(500).with_header("Retry-After", "0"))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "--retries", "2", "--json"]).run();
    run.assert_code(1);
    assert_eq!(origin.hits("/cat"), 3, "1 attempt + 2 retries");
    assert!(run.stderr.contains("HTTP 500 Internal Server Error"), "{run}");
    let cat = &report(&run)["cats"][0];
    assert_eq!(cat["outcome"], "failed");
    assert_eq!(cat["attempts"], 3);
    assert_eq!(cat["status"], 500);
    assert_eq!(cat["error"], "HTTP 500 Internal Server Error");
}

#[test]
fn a_refused_answer_reports_what_the_server_sent_in_json() {
    // A captive portal's page: the report says what came, not only that it was refused.
    let origin =
        Origin::start(vec![Route::always("/cat", Answer::html("<html>Sign in to the Wi-Fi</html>"))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "--json"]).run();
    run.assert_code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let cat = &report["cats"][0];
    assert_eq!(cat["outcome"], "failed", "{run}");
    assert_eq!(cat["status"], 200, "{run}");
    assert_eq!(cat["content_type"], "text/html; charset=utf-8", "{run}");
    assert_eq!(cat["attempts"], 1, "{run}");
    assert!(cat["error"].as_str().unwrap().starts_with("not an image"), "{run}");
}

#[test]
fn an_html_answer_is_refused_and_names_its_type() {
    let origin =
        Origin::start(vec![Route::always("/cat", Answer::html("<html>Sign in to the Wi-Fi</html>"))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("not an image: the server sent Content-Type text/html"), "{run}");
    assert!(cats(&run).is_empty());
}

#[test]
fn a_truncated_body_leaves_no_partial_file() {
    let origin =
        Origin::start(vec![Route::always("/cat", Answer::truncated("image/jpeg", 10_000, jpeg(4_000)))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "--retries", "1"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("connection closed after 4000 of 10000 bytes"), "{run}");
    assert_eq!(origin.hits("/cat"), 2, "a broken transfer is retried");
    assert!(cats(&run).is_empty(), "{:?}", cats(&run));
    assert_no_panic(&run);
}

#[test]
fn a_body_that_stalls_times_out_and_leaves_nothing() {
    let answer = Answer::stall("image/jpeg", 10_000, jpeg(2_000), Duration::from_secs(30));
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let run =
        catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "--timeout", "1", "--retries", "0"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("timed out: no data for 1 s after 2000 bytes"), "{run}");
    assert!(run.elapsed < Duration::from_secs(10), "{run}");
    assert!(cats(&run).is_empty(), "{:?}", cats(&run));
}

#[test]
fn headers_that_never_come_time_out() {
    let answer = Answer::slow(Duration::from_secs(30), Answer::image("image/png", png(100)));
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "1", "--timeout", "0.5", "--retries", "0"])
        .run();
    run.assert_code(1);
    assert!(run.stderr.contains("timed out after 0.5 s waiting for the response"), "{run}");
    assert!(run.elapsed < Duration::from_secs(10), "{run}");
}

#[test]
fn a_slow_but_flowing_body_is_never_cut_by_the_timeout() {
    // 8 chunks, one every 300 ms: 2.4 s in all, far beyond --timeout 1, but never 1 s without data.
    let picture = jpeg(8_000);
    let answer = Answer::drip("image/jpeg", picture.clone(), 1_000, Duration::from_millis(300));
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let run =
        catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "--timeout", "1", "--retries", "0"]).run();
    run.assert_code(0);
    assert_eq!(run.read("cats/0.jpg"), picture);
    assert!(run.elapsed >= Duration::from_secs(2), "{run}");
}

#[test]
fn a_malformed_status_line_is_a_one_line_error() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::raw(b"HTCPCP/9 banana\r\n\r\n".to_vec()))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("malformed response"), "{run}");
    assert_eq!(run.stderr.lines().filter(|l| l.starts_with("catfetch: ")).count(), 1, "{run}");
    assert_no_panic(&run);
}

#[test]
fn a_header_with_a_non_ascii_byte_is_contained_not_a_panic() {
    let body = jpeg(500);
    let mut raw = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\nX-Cat: caf",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(b"\xe9\r\n\r\n");
    raw.extend_from_slice(&body);
    let origin = Origin::start(vec![Route::always("/cat", Answer::raw(raw))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "2"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("malformed response: a header value is not visible ASCII"), "{run}");
    assert_no_panic(&run);
    assert!(cats(&run).is_empty());
}

#[test]
fn a_body_past_max_size_is_stopped_and_removed() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::endless("image/png", png(64)))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "--max-size", "1M"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("larger than --max-size (1048576 bytes)"), "{run}");
    assert!(cats(&run).is_empty(), "{:?}", cats(&run));
    assert_eq!(origin.hits("/cat"), 1, "too large is not retried");
}

#[test]
fn a_declared_length_past_max_size_is_refused_before_the_body() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/png", png(5_000)))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "--max-size", "4K"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("larger than --max-size (4096 bytes)"), "{run}");
}

#[test]
fn a_complete_download_replaces_an_existing_file_and_a_failed_one_never_does() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("cats")).unwrap();
    std::fs::write(dir.path().join("cats/0.jpg"), b"yesterday's cat").unwrap();

    let broken =
        Origin::start(vec![Route::always("/cat", Answer::truncated("image/jpeg", 9_000, jpeg(3_000)))]);
    let run = catfetch_in(dir.path()).args(["--url", &broken.url("/cat"), "-n", "1", "--retries", "0"]).run();
    run.assert_code(1);
    assert_eq!(run.read("cats/0.jpg"), b"yesterday's cat", "an earlier file was lost to a failed download");
    assert_eq!(cats(&run), ["0.jpg"]);

    let good = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(9_000)))]);
    let run = catfetch_in(dir.path()).args(["--url", &good.url("/cat"), "-n", "1"]).run();
    run.assert_code(0);
    assert_eq!(run.read("cats/0.jpg"), jpeg(9_000));
    assert_eq!(cats(&run), ["0.jpg"]);
}

#[test]
fn skip_existing_keeps_what_is_there_and_fetches_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("cats")).unwrap();
    std::fs::write(dir.path().join("cats/1.png"), b"kept").unwrap();
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(700)))]);
    let run = catfetch_in(dir.path())
        .args(["--url", &origin.url("/cat"), "-n", "3", "--skip-existing", "--json"])
        .run();
    run.assert_code(0);
    assert_eq!(origin.hits("/cat"), 2);
    assert_eq!(cats(&run), ["0.jpg", "1.png", "2.jpg"]);
    assert_eq!(run.read("cats/1.png"), b"kept");
    let json = report(&run);
    assert_eq!(json["cats"][1]["outcome"], "skipped");
    assert_eq!(json["cats"][1]["bytes"], 4);
    assert_eq!(json["totals"]["skipped"], 1);
    assert!(run.stderr.contains("1 skipped (already there)"), "{run}");
}

#[test]
fn the_json_report_is_all_that_stdout_holds_and_describes_every_cat() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/gif", gif(2_000)))]);
    let url = origin.url("/cat");
    let run = catfetch().args(["--url", &url, "-n", "2", "--json", "-o", "out"]).run();
    run.assert_code(0);
    let json = report(&run);
    assert_eq!(json["url"], url.as_str());
    assert_eq!(json["out_dir"], "out");
    assert_eq!(json["interrupted"], false);
    for (i, cat) in json["cats"].as_array().unwrap().iter().enumerate() {
        assert_eq!(cat["index"], i);
        assert_eq!(cat["outcome"], "saved");
        assert_eq!(cat["path"], format!("out/{i}.gif"));
        assert_eq!(cat["bytes"], 2_000);
        assert_eq!(cat["content_type"], "image/gif");
        assert_eq!(cat["status"], 200);
        assert_eq!(cat["attempts"], 1);
        assert!(cat["elapsed_ms"].is_u64());
        assert!(cat["error"].is_null());
    }
    let totals = &json["totals"];
    assert_eq!(totals["requested"], 2);
    assert_eq!(totals["saved"], 2);
    assert_eq!(totals["failed"], 0);
    assert_eq!(totals["bytes"], 4_000);
    assert!(totals["mib_per_s"].is_number());
}

#[test]
fn quiet_prints_no_summary_but_still_shows_errors() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/png", png(100)))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "-q"]).run();
    run.assert_code(0);
    assert_eq!(run.stderr, "", "{run}");
    let run = catfetch().args(["--url", &origin.url("/missing"), "-n", "1", "-q"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("HTTP 404 Not Found"), "{run}");
    assert!(!run.stderr.contains("Saved"), "{run}");
}

#[test]
fn verbose_names_each_saved_file() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/png", png(100)))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "2", "-v"]).run();
    run.assert_code(0);
    assert!(run.stderr.contains("catfetch: cat 0: saved cats/0.png (100 bytes)"), "{run}");
    assert!(run.stderr.contains("catfetch: cat 1: saved cats/1.png (100 bytes)"), "{run}");
}

#[test]
fn loopback_bypasses_any_configured_proxy() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/png", png(100)))]);
    // A proxy that does not exist: if catfetch used it for 127.0.0.1, the download would fail.
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "1", "--retries", "0"])
        .env("http_proxy", "http://127.0.0.1:9")
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("no_proxy", "example.invalid")
        .run();
    run.assert_code(0);
    assert_eq!(run.read("cats/0.png"), png(100));
}

#[test]
fn a_refused_connection_says_so() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    }; // closed again: nothing listens there now
    let url = format!("http://127.0.0.1:{port}/cat");
    let run = catfetch().args(["--url", &url, "-n", "1", "--retries", "0"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains(&format!("cannot connect to 127.0.0.1:{port}")), "{run}");
    assert!(run.stderr.contains("is unreachable; `catfetch --demo`"), "{run}");
}
