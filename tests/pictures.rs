//! Only a picture is saved as one: an answer that is not a whole picture (encoded, empty, partial, no
//! content) is refused with one clear line, and a saved file's extension says what its bytes are.

use std::time::Duration;

use crate::support::{catfetch, gif, gzip, jpeg, png, Answer, Origin, Route, Run};

/// One cat from an origin that always gives `answer`, with `args` added; the run and the origin.
fn fetch(answer: Answer, args: &[&str]) -> (Run, Origin) {
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1"]).args(args).run();
    assert!(!run.stderr.contains("panicked"), "{run}");
    (run, origin)
}

/// The run failed with exactly one error line for cat 0, which says `message`, and left no file at all
/// (no temp file either: `files` lists hidden ones).
fn assert_refused(run: &Run, message: &str) {
    run.assert_code(1);
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("catfetch: cat 0 ")).collect();
    assert_eq!(errors.len(), 1, "one error line expected:\n{run}");
    assert!(errors[0].ends_with(message), "expected {message:?}:\n{run}");
    assert!(run.files("cats").is_empty(), "left behind: {:?}", run.files("cats"));
}

/// `200 OK` with these exact bytes as its whole answer, then close.
fn raw_answer(head: &str, body: &[u8]) -> Answer {
    let mut raw = head.as_bytes().to_vec();
    raw.extend_from_slice(body);
    Answer::raw(raw)
}

#[test]
fn a_gzip_encoded_png_is_refused_not_saved_as_a_png() {
    let answer = Answer::image("image/png", gzip(&png(3_000))).with_header("Content-Encoding", "gzip");
    let (run, origin) = fetch(answer, &[]);
    assert_refused(
        &run,
        "the server sent the picture gzip-encoded (Content-Encoding: gzip), which catfetch does not decode",
    );
    assert_eq!(origin.hits("/cat"), 1, "the same request gets the same encoding: not retried");
    // catfetch had asked for the picture itself.
    assert_eq!(origin.requests_to("/cat")[0].header("accept-encoding"), Some("identity"));
}

#[test]
fn any_content_coding_is_refused_and_identity_is_no_coding() {
    let answer = Answer::image("image/jpeg", jpeg(2_000)).with_header("Content-Encoding", "identity, BR");
    let (run, _origin) = fetch(answer, &[]);
    assert_refused(
        &run,
        "the server sent the picture br-encoded (Content-Encoding: br), which catfetch does not decode",
    );

    let answer = Answer::image("image/jpeg", jpeg(2_000)).with_header("Content-Encoding", "identity");
    let (run, _origin) = fetch(answer, &[]);
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["0.jpg"]);
    assert_eq!(run.read("cats/0.jpg"), jpeg(2_000));
}

#[test]
fn a_204_no_content_is_refused() {
    let answer = raw_answer("HTTP/1.1 204 No Content\r\nContent-Type: image/png\r\n\r\n", b"");
    let (run, origin) = fetch(answer, &[]);
    assert_refused(&run, "HTTP 204 No Content: the server sent no picture");
    assert_eq!(origin.hits("/cat"), 1, "a 204 is not retried");
}

#[test]
fn an_empty_200_is_refused_once_its_retries_are_spent() {
    let (run, origin) = fetch(Answer::image("image/png", Vec::new()), &["--retries", "1"]);
    assert_refused(&run, "not a picture: the server sent an empty body (HTTP 200, 0 bytes)");
    assert_eq!(origin.hits("/cat"), 2, "an empty 200 is retried");
}

#[test]
fn an_empty_200_that_passes_is_followed_by_the_picture() {
    let answers = vec![Answer::image("image/png", Vec::new()), Answer::image("image/png", png(1_500))];
    let origin = Origin::start(vec![Route::new("/cat", answers)]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "-v"]).run();
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["0.png"]);
    assert_eq!(run.read("cats/0.png"), png(1_500));
    assert!(run.stderr.contains("attempt 1 failed (not a picture: the server sent an empty body"), "{run}");
}

#[test]
fn a_206_nobody_asked_for_is_refused() {
    let picture = jpeg(5_000);
    let answer = Answer::Status {
        code: 206,
        reason: "Partial Content".into(),
        headers: vec![
            ("Content-Type".into(), "image/jpeg".into()),
            ("Content-Range".into(), "bytes 0-99/5000".into()),
        ],
        body: picture[..100].to_vec(),
    };
    let (run, origin) = fetch(answer, &[]);
    assert_refused(&run, "HTTP 206 Partial Content: only part of a picture, and catfetch asked for no part");
    assert_eq!(origin.hits("/cat"), 1, "a 206 is not retried");
    assert_eq!(origin.requests_to("/cat")[0].header("range"), None, "catfetch never asks for a part");
}

#[test]
fn only_a_200_carries_a_picture_not_any_2xx() {
    let answer = Answer::Status {
        code: 203,
        reason: "Non-Authoritative Information".into(),
        headers: vec![("Content-Type".into(), "image/jpeg".into())],
        body: jpeg(1_000),
    };
    let (run, _origin) = fetch(answer, &[]);
    assert_refused(
        &run,
        "HTTP 203 Non Authoritative Information: only a 200 OK answer carries a whole picture",
    );
}

#[test]
fn a_png_type_carrying_a_jpeg_is_saved_as_jpg_and_verbose_says_so() {
    let (run, _origin) = fetch(Answer::image("image/png", jpeg(3_000)), &["-v", "--json"]);
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["0.jpg"]);
    assert_eq!(run.read("cats/0.jpg"), jpeg(3_000));
    assert!(
        run.stderr
            .contains("catfetch: cat 0: Content-Type image/png, but the bytes are JPEG: saved as cats/0.jpg"),
        "{run}"
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["cats"][0]["path"], "cats/0.jpg");
    assert_eq!(report["cats"][0]["content_type"], "image/png", "the report keeps what the server said");
}

#[test]
fn an_honest_content_type_is_not_mentioned() {
    let (run, _origin) = fetch(Answer::image("image/gif", gif(3_000)), &["-v"]);
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["0.gif"]);
    assert!(!run.stderr.contains("but the bytes are"), "{run}");
}

#[test]
fn a_png_type_carrying_html_is_not_a_picture() {
    let page = "<!doctype html><html><body>Sign in to the Wi-Fi to see cats</body></html>";
    let (run, origin) = fetch(Answer::image("image/png", page.as_bytes()), &[]);
    assert_refused(
        &run,
        "not a picture: the Content-Type says PNG, but the bytes are neither PNG nor any other picture \
         format catfetch knows",
    );
    assert_eq!(origin.hits("/cat"), 1, "not retried");
}

#[test]
fn a_huge_non_picture_is_refused_from_its_first_bytes() {
    // Far below --max-size (50 MiB by default), it would take long to read whole: its first bytes are
    // enough to refuse it.
    let first = "<!doctype html><html><head><title>Error</title></head><body>".repeat(4);
    let (run, _origin) = fetch(Answer::endless("image/jpeg", first.as_bytes()), &["--retries", "0"]);
    assert_refused(&run, "the bytes are neither JPEG nor any other picture format catfetch knows");
    assert!(run.elapsed < Duration::from_secs(10), "{run}");
}

#[test]
fn a_picture_shorter_than_the_sniffing_window_is_judged_on_what_it_has() {
    // A tiny GIF: signature, a 1x1 screen, and the trailer.
    let tiny = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let (run, _origin) = fetch(Answer::image("image/gif", tiny.clone()), &[]);
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["0.gif"]);
    assert_eq!(run.read("cats/0.gif"), tiny);

    let (run, _origin) = fetch(Answer::image("image/gif", &b"GIF"[..]), &[]);
    assert_refused(&run, "the bytes are neither GIF nor any other picture format catfetch knows");
}

#[test]
fn an_svg_keeps_its_type_and_its_extension() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle r="4"/></svg>"#;
    let (run, _origin) = fetch(Answer::image("image/svg+xml", &svg[..]), &["-v"]);
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["0.svg"]);
    assert_eq!(run.read("cats/0.svg"), svg);
    assert!(!run.stderr.contains("but the bytes are"), "{run}");
}

#[test]
fn an_empty_svg_is_refused() {
    let (run, origin) = fetch(Answer::image("image/svg+xml", Vec::new()), &["--retries", "0"]);
    assert_refused(&run, "not a picture: the server sent an empty body (HTTP 200, 0 bytes)");
    assert_eq!(origin.hits("/cat"), 1);
}
