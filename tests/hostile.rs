//! Hostile or broken origins: each ends in bounded time with one error line and exit 1, never a hang, a
//! panic or a partial file.

use std::time::Duration;

use crate::support::{catfetch, jpeg, Answer, Origin, Route, Run};

/// Runs one cat against `answer` with no retries and a short timeout; checks the common promises.
fn against(answer: Answer) -> Run {
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "1", "--retries", "0", "--timeout", "2"])
        .timeout(Duration::from_secs(20))
        .run();
    run.assert_code(1);
    assert!(!run.stderr.contains("panicked"), "{run}");
    assert!(!run.stderr.to_lowercase().contains("unknown error"), "say what failed:\n{run}");
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("catfetch: cat 0 ")).collect();
    assert_eq!(errors.len(), 1, "one error line expected:\n{run}");
    assert!(run.files("cats").is_empty(), "left behind: {:?}", run.files("cats"));
    run
}

#[test]
fn a_connection_closed_without_an_answer() {
    let run = against(Answer::Reset);
    assert!(run.stderr.contains("closed the connection without answering"), "{run}");
}

#[test]
fn a_chunked_body_cut_off_mid_chunk() {
    let mut raw =
        b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n4000\r\n".to_vec();
    raw.extend_from_slice(&jpeg(5_000));
    let run = against(Answer::raw(raw));
    assert!(
        run.stderr.contains(
            "connection lost after 5000 bytes of the body: the connection closed before the end of the body"
        ),
        "{run}"
    );
}

#[test]
fn a_huge_header_block() {
    let mut raw = b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n".to_vec();
    for i in 0..20_000 {
        raw.extend_from_slice(format!("X-Padding-{i}: {}\r\n", "m".repeat(40)).as_bytes());
    }
    // A real picture after the headers: the block of headers is what this answer gets wrong.
    raw.extend_from_slice(b"Content-Length: 100\r\n\r\n");
    raw.extend_from_slice(&jpeg(100));
    let run = against(Answer::raw(raw));
    assert!(run.stderr.contains("a header block or field is larger than catfetch allows"), "{run}");
}

#[test]
fn a_header_line_that_is_not_a_header() {
    let run = against(Answer::raw(b"HTTP/1.1 200 OK\r\nthis is not a header\r\n\r\n".to_vec()));
    assert!(run.stderr.contains("it does not follow HTTP"), "{run}");
}

#[test]
fn a_stall_right_after_the_headers() {
    let run = against(Answer::stall("image/jpeg", 50_000, Vec::new(), Duration::from_secs(30)));
    // The headers came; the body never started: a stall of the body, after none of its bytes.
    assert!(run.stderr.contains("timed out: no data for 2 s after 0 bytes of the body"), "{run}");
    assert!(run.elapsed < Duration::from_secs(10), "{run}");
}

#[test]
fn a_redirect_without_location() {
    let run = against(Answer::status(302));
    assert!(run.stderr.contains("HTTP 302 redirect without a Location header"), "{run}");
}

#[test]
fn a_redirect_to_a_file_url() {
    let run = against(Answer::redirect(301, "file:///etc/passwd"));
    assert!(run.stderr.contains("refusing to follow a redirect to file:///etc/passwd"), "{run}");
}

#[test]
fn a_body_longer_than_its_content_length_is_cut_at_the_length() {
    // HTTP framing: Content-Length says where the body ends; extra bytes are not part of it.
    let mut raw = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100\r\n\r\n".to_vec();
    let png = crate::support::png(100);
    raw.extend_from_slice(&png);
    raw.extend_from_slice(b"trailing garbage that is not the picture");
    let origin = Origin::start(vec![Route::always("/cat", Answer::raw(raw))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1"]).run();
    run.assert_code(0);
    assert_eq!(run.read("cats/0.png"), png);
}

#[test]
fn a_chunked_body_with_a_contradicting_content_length_is_saved_whole() {
    // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length, so the chunks say where the body ends and
    // the 100000 announced is to be ignored, also by --max-size before the body starts.
    let picture = jpeg(3_000);
    let mut raw = b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\
                    Content-Length: 100000\r\n\r\n"
        .to_vec();
    for chunk in picture.chunks(1_000) {
        raw.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        raw.extend_from_slice(chunk);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let origin = Origin::start(vec![Route::always("/cat", Answer::raw(raw))]);
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "1", "--retries", "0", "--max-size", "50K"])
        .run();
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["0.jpg"]);
    assert_eq!(run.read("cats/0.jpg"), picture);
}
