//! A password in `--url` (`http://user:s3cret@host/`): sent as Basic authentication to that origin and no
//! other, and never shown: not on stderr, not in `--json`, not in `--timeline` or the `--trace` file.

use crate::support::{catfetch, jpeg, Answer, Origin, Route, Run};

const PASSWORD: &str = "s3cret";
/// base64("user:s3cret")
const BASIC: &str = "Basic dXNlcjpzM2NyZXQ=";

/// `origin`'s URL for `path`, with `user:s3cret@` in it.
fn with_password(origin: &Origin, path: &str) -> String {
    origin.url(path).replacen("://", &format!("://user:{PASSWORD}@"), 1)
}

/// Nothing the run printed or wrote holds the password, and no temp file is left.
fn assert_no_password(run: &Run) {
    assert!(!run.stdout.contains(PASSWORD) && !run.stderr.contains(PASSWORD), "password shown:\n{run}");
    assert!(!run.stderr.contains("panicked"), "{run}");
    for name in run.files("") {
        let path = run.path(&name);
        if path.is_file() {
            let text = String::from_utf8_lossy(&run.read(&name)).into_owned();
            assert!(!text.contains(PASSWORD), "password in {name}: {text}");
        }
    }
    assert!(run.files("cats").iter().all(|f| !f.starts_with('.')), "left behind: {:?}", run.files("cats"));
}

#[test]
fn credentials_in_the_url_arrive_as_basic_auth_and_the_cat_is_saved() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(900)))]);
    let run = catfetch().args(["--url", &with_password(&origin, "/cat"), "-n", "2", "-v", "--json"]).run();
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["0.jpg", "1.jpg"]);
    assert_eq!(run.read("cats/0.jpg"), jpeg(900));
    let requests = origin.requests_to("/cat");
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.header("authorization") == Some(BASIC)), "{requests:?}");
    // The report says which user, not the password.
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["url"], with_password(&origin, "/cat").replace(PASSWORD, "***"));
    assert_eq!(report["cats"][0]["url"], report["url"]);
    assert_no_password(&run);
}

#[test]
fn a_password_appears_nowhere_when_the_origin_refuses_it() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::status(401))]);
    let run = catfetch()
        .args(["--url", &with_password(&origin, "/cat"), "-n", "2", "--keep-going", "--retries", "0"])
        .args(["-v", "--json", "--timeline", "--trace", "trace.json"])
        .run();
    run.assert_code(1);
    assert!(run.stderr.contains("catfetch: cat 0 (http://user:***@127.0.0.1:"), "{run}");
    assert!(run.stderr.contains("HTTP 401 Unauthorized"), "{run}");
    let drawn = run.stderr.lines().any(|line| line.starts_with("cat 1 ") && line.contains(" |"));
    assert!(drawn, "the timeline was drawn:\n{run}");
    assert!(run.read("trace.json").starts_with(b"{"), "the trace was written");
    assert!(run.stdout.contains("user:***@"), "{run}");
    assert_no_password(&run);
}

#[test]
fn a_password_appears_nowhere_in_redirect_lines_and_errors() {
    // A relative Location keeps the userinfo of the URL it is resolved against: those URLs are shown too.
    let origin = Origin::start(vec![
        Route::always("/cat", Answer::redirect(302, "/again")),
        Route::always("/again", Answer::redirect(302, "/cat")),
        // A server's own credentials in a Location are hidden as well.
        Route::always("/ftp", Answer::redirect(302, "ftp://evil:s3cret@127.0.0.1/cat.jpg")),
        Route::always("/404", Answer::status(404)),
    ]);
    let run = catfetch().args(["--url", &with_password(&origin, "/cat"), "-n", "1", "-v"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("redirect to http://user:***@127.0.0.1:"), "{run}");
    assert!(run.stderr.contains("redirect loop: http://user:***@127.0.0.1:"), "{run}");
    assert_no_password(&run);

    let run = catfetch().args(["--url", &with_password(&origin, "/ftp"), "-n", "1"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("refusing to follow a redirect to ftp://evil:***@127.0.0.1/"), "{run}");
    assert_no_password(&run);

    // --unique asks the same origin for the cats' ids first: its errors show the URL too.
    let run = catfetch().args(["--url", &with_password(&origin, "/404"), "-n", "1", "--unique"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("no cat matches this request (http://user:***@127.0.0.1:"), "{run}");
    assert_eq!(origin.requests_to("/404")[0].header("authorization"), Some(BASIC));
    assert_no_password(&run);
}

#[test]
fn a_bad_url_with_a_password_is_a_usage_error_that_does_not_repeat_it() {
    for url in
        ["http://user:s3cret@127.0.0.1:99999/cat", "ftp://user:s3cret@127.0.0.1/cat", "http://user:s3cret@/"]
    {
        let run = catfetch().args(["--url", url, "-n", "1"]).run();
        run.assert_code(2);
        assert!(run.stderr.starts_with("catfetch: --url: "), "{run}");
        assert_eq!(run.stderr.lines().count(), 1, "{run}");
        assert_no_password(&run);
    }
}

#[test]
fn a_redirect_to_another_origin_gets_no_credentials_while_the_same_origin_keeps_them() {
    let elsewhere = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(700)))]);
    let origin = Origin::start(vec![
        Route::always("/cat", Answer::redirect(302, "/moved")),
        Route::always("/moved", Answer::redirect(307, &elsewhere.url("/cat"))),
    ]);
    let run = catfetch().args(["--url", &with_password(&origin, "/cat"), "-n", "1", "-v"]).run();
    run.assert_code(0);
    assert_eq!(run.read("cats/0.jpg"), jpeg(700));
    assert_eq!(origin.requests_to("/cat")[0].header("authorization"), Some(BASIC));
    assert_eq!(origin.requests_to("/moved")[0].header("authorization"), Some(BASIC), "same origin");
    let sent = elsewhere.requests_to("/cat");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("authorization"), None, "another port is another origin: {sent:?}");
    assert_no_password(&run);
}

#[test]
fn credentials_a_server_puts_in_a_location_are_neither_used_nor_shown() {
    let elsewhere = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(600)))]);
    let location = elsewhere.url("/cat").replacen("://", "://evil:s3cret@", 1);
    let origin = Origin::start(vec![Route::always("/cat", Answer::redirect(302, &location))]);
    // No credentials of the user's own: the server's must not be sent either.
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "-v"]).run();
    run.assert_code(0);
    assert_eq!(run.read("cats/0.jpg"), jpeg(600));
    assert_eq!(elsewhere.requests_to("/cat")[0].header("authorization"), None);
    assert!(run.stderr.contains("redirect to http://evil:***@127.0.0.1:"), "{run}");
    assert_no_password(&run);
}
