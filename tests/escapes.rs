//! Text from the network never reaches the terminal raw: a cat id, a Content-Type, a Location or a status
//! line with control characters in it is printed with them escaped (`\u{1b}`), and `--json` stays valid
//! JSON with no raw control character either.

use crate::support::{catfetch, jpeg, unsafe_for_terminal, Answer, Origin, Route, Run};

/// What a hostile id tries: retitle the window (OSC 0), clear the screen (CSI 2 J), a one-character C1
/// CSI, and a right-to-left override.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}gpj";

/// No control character in `text` but the newlines that end lines (and the text was valid UTF-8).
fn assert_safe(text: &str, run: &Run) {
    let found: Vec<char> = text.chars().filter(|&c| c != '\n' && unsafe_for_terminal(c)).collect();
    assert!(found.is_empty(), "raw control characters {found:?} in the output:\n{run:?}");
    assert!(!text.contains('\u{fffd}'), "not valid UTF-8:\n{run:?}");
}

/// Runs one cat from `answer` with no retries; checks it failed with nothing raw on stderr or stdout.
fn against(answer: Answer, extra: &[&str]) -> Run {
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "--retries", "0"]).args(extra).run();
    run.assert_code(1);
    assert_safe(&run.stderr, &run);
    assert_safe(&run.stdout, &run);
    assert!(!run.stderr.contains("panicked"), "{run}");
    assert!(run.files("cats").is_empty(), "left behind: {:?}", run.files("cats"));
    run
}

#[test]
fn a_hostile_cat_id_is_printed_escaped_and_kept_exact_in_the_json_report() {
    let metadata = serde_json::json!({ "id": HOSTILE, "tags": [] }).to_string();
    // The id's own download is answered 404 (no route): "no cat matches id ...".
    let run =
        against(Answer::image("application/json", metadata.into_bytes()), &["--unique", "--json", "-v"]);
    assert!(
        run.stderr.contains(r"no cat matches id \u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}gpj"),
        "{run}"
    );
    // The JSON report escapes what it must and still holds the id exactly.
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["cats"][0]["error"], format!("no cat matches id {HOSTILE}"));
}

#[test]
fn a_content_type_with_a_control_character_is_printed_escaped() {
    // http-client refuses header values with bytes outside visible ASCII, but a tab passes.
    let raw = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\t\tx\r\nContent-Length: 3\r\n\r\nabc".to_vec();
    let run = against(Answer::raw(raw), &["--json"]);
    assert!(run.stderr.contains(r"the server sent Content-Type text/html\u{9}\u{9}x"), "{run}");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["cats"][0]["error"], "not an image: the server sent Content-Type text/html\t\tx");
    // The field holds what the server sent, as it sent it; JSON escapes the tabs.
    assert_eq!(report["cats"][0]["content_type"], "text/html\t\tx");
    assert!(run.stdout.contains(r#""content_type": "text/html\t\tx""#), "{run}");
}

#[test]
fn a_location_or_status_line_with_control_characters_is_printed_escaped() {
    let heads: [(&[u8], &str); 4] = [
        // The URL parser drops tabs, so this Location is refused for its brackets; shown as Rust would.
        (b"302 Found\r\nLocation: http://[::1\tx]/", r#"invalid Location "http://[::1\tx]/""#),
        // http-client refuses header bytes outside visible ASCII (here a UTF-8 C1 control).
        (b"302 Found\r\nLocation: /x\xc2\x9b2J", "a header value is not visible ASCII"),
        // catfetch shows the standard reason phrase of a status, never the server's own (here with a byte
        // from outside ASCII, which HTTP allows there)...
        (b"404 Not \x9bFound", "HTTP 404 Not Found"),
        // ...and a reason phrase with a control character is no HTTP at all (RFC 9112, section 4): refused.
        (b"404 \x1b[2JNot \x9bFound", "its status line is not HTTP"),
    ];
    for (head, expected) in heads {
        let mut raw = b"HTTP/1.1 ".to_vec();
        raw.extend_from_slice(head);
        raw.extend_from_slice(b"\r\nContent-Length: 0\r\n\r\n");
        let run = against(Answer::raw(raw), &["-v", "--json"]);
        assert!(run.stderr.contains(expected), "{run}");
    }
}

#[test]
fn ordinary_utf8_from_a_server_is_shown_as_it_is() {
    let metadata = serde_json::json!({ "id": "chat-€-猫-café", "tags": [] }).to_string();
    let origin = Origin::start(vec![
        Route::always("/cat", Answer::image("application/json", metadata.into_bytes())),
        Route::always("/cat/chat-%E2%82%AC-%E7%8C%AB-caf%C3%A9", Answer::image("image/jpeg", jpeg(500))),
    ]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "--unique"]).run();
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["chat---caf.jpg"]);
    let origin = Origin::start(vec![Route::always(
        "/cat",
        Answer::image("application/json", "{\"id\": \"€猫\"}".as_bytes()),
    )]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "--unique"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("no cat matches id €猫"), "{run}");
}
