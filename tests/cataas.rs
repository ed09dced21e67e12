//! Speaking cataas: options become exactly the URLs the API expects (every user value percent-encoded),
//! metadata of every historical shape is understood, and a tag nobody has says so.

use crate::support::{catfetch, gif, jpeg, png, Answer, Origin, Route};

/// The request targets (path + query) the origin saw, sorted.
fn targets(origin: &Origin) -> Vec<String> {
    let mut all: Vec<String> = origin.requests().into_iter().map(|r| r.target).collect();
    all.sort();
    all
}

/// One cat from an origin that answers a JPEG on `path`, with `options`; returns the targets requested.
fn one_cat(path: &str, options: &[&str]) -> Vec<String> {
    let origin = Origin::start(vec![Route::always(path, Answer::image("image/jpeg", jpeg(500)))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1"]).args(options).run();
    run.assert_code(0);
    targets(&origin)
}

#[test]
fn tag_says_and_width_compose_path_segments_and_query() {
    assert_eq!(
        one_cat("/cat/cute/says/hi", &["--tag", "cute", "--says", "hi", "--width", "300"]),
        ["/cat/cute/says/hi?width=300"]
    );
}

#[test]
fn several_tags_sizes_and_filters() {
    assert_eq!(
        one_cat(
            "/cat/cute,orange",
            &["--tag", "cute,orange", "--height", "200", "--type", "small", "--filter", "mono"]
        ),
        ["/cat/cute,orange?height=200&type=small&filter=mono"]
    );
    assert_eq!(
        one_cat(
            "/cat",
            &["--filter", "custom", "--rgb", "255,0,10", "--brightness", "1.5", "--lightness", "-20"]
        ),
        ["/cat?filter=custom&r=255&g=0&b=10&brightness=1.5&lightness=-20"]
    );
}

#[test]
fn spaces_and_non_ascii_captions_are_percent_encoded() {
    assert_eq!(one_cat("/cat/says/hello%20world", &["--says", "hello world"]), ["/cat/says/hello%20world"]);
    assert_eq!(
        one_cat("/cat/says/%C3%A7a%20va%20%F0%9F%90%B1", &["--says", "ça va 🐱"]),
        ["/cat/says/%C3%A7a%20va%20%F0%9F%90%B1"]
    );
    // A slash or a question mark in a caption stays inside its segment.
    assert_eq!(one_cat("/cat/says/a%2Fb%3F", &["--says", "a/b?"]), ["/cat/says/a%2Fb%3F"]);
}

#[test]
fn gif_asks_for_the_gif_tag() {
    let origin = Origin::start(vec![Route::always("/cat/gif", Answer::image("image/gif", gif(900)))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "2", "--gif"]).run();
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["0.gif", "1.gif"]);
    assert_eq!(targets(&origin), ["/cat/gif", "/cat/gif"]);
}

#[test]
fn without_cataas_options_the_url_is_used_exactly_as_given() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/png", png(100)))]);
    let url = origin.url("/cat?position=center&x=a%20b");
    catfetch().args(["--url", &url, "-n", "1"]).run().assert_code(0);
    assert_eq!(targets(&origin), ["/cat?position=center&x=a%20b"]);
}

#[test]
fn an_unknown_tag_says_no_cat_matches_it() {
    let not_found = Answer::Status {
        code: 404,
        reason: "Not Found".into(),
        headers: vec![("Content-Type".into(), "text/plain".into())],
        body: std::fs::read("tests/data/cataas/not-found.txt").unwrap(),
    };
    let origin = Origin::start(vec![Route::always("/cat/nosuchtag", not_found)]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "3", "--tag", "nosuchtag"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("no cat matches tag nosuchtag"), "{run}");
    assert!(run.files("cats").is_empty());
}

/// cataas's `?json=true` answer, in one of its historical shapes.
fn json(body: &str) -> Answer {
    Answer::image("application/json; charset=utf-8", body.as_bytes())
}

#[test]
fn unique_fetches_distinct_cats_named_by_id_whatever_the_json_shape() {
    // Random picks repeat: the second answer is the first cat again. The shapes are the API's over time.
    let origin = Origin::start(vec![
        Route::new(
            "/cat/cute",
            vec![
                json(
                    r#"{"id":"VPTdYP5NVR9GC7sZ","tags":["cute"],"url":"https://cataas.com/cat/VPTdYP5NVR9GC7sZ","mimetype":"image/jpeg"}"#,
                ),
                json(r#"{"id":"VPTdYP5NVR9GC7sZ","tags":["cute"]}"#),
                json(
                    r#"{"id":"595f280b557291a9750ebf65","created_at":"2017-07-07T06:11:23.727Z","tags":[],"url":"/cat/595f280b557291a9750ebf65"}"#,
                ),
                json(
                    r#"{"_id":"5e9970a4a0a2a7001cb4a8b6","createdAt":"2020-04-17T09:03:00.000Z","file":"x.jpeg","tags":["cute"]}"#,
                ),
            ],
        ),
        Route::always("/cat/VPTdYP5NVR9GC7sZ", Answer::image("image/jpeg", jpeg(700))),
        Route::always("/cat/595f280b557291a9750ebf65", Answer::image("image/png", png(800))),
        Route::always("/cat/5e9970a4a0a2a7001cb4a8b6", Answer::image("image/gif", gif(900))),
    ]);
    let run = catfetch()
        .args(["--url", &origin.url("/cat"), "-n", "3", "--tag", "cute", "--unique", "-j", "1"])
        .run();
    run.assert_code(0);
    assert_eq!(
        run.files("cats"),
        ["595f280b557291a9750ebf65.png", "5e9970a4a0a2a7001cb4a8b6.gif", "VPTdYP5NVR9GC7sZ.jpg"]
    );
    assert_eq!(run.read("cats/VPTdYP5NVR9GC7sZ.jpg"), jpeg(700));
    let metadata: Vec<String> = targets(&origin).into_iter().filter(|t| t.ends_with("json=true")).collect();
    assert!(metadata.iter().all(|t| t == "/cat/cute?json=true"), "{metadata:?}");
    assert_eq!(origin.hits("/cat/VPTdYP5NVR9GC7sZ"), 1, "each distinct cat is downloaded once");
}

#[test]
fn unique_says_so_when_there_are_not_enough_distinct_cats() {
    let origin = Origin::start(vec![Route::always("/cat", json(r#"{"id":"onlyOneCat","tags":[]}"#))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "3", "--unique"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("--unique: found only 1 distinct cats in 9 requests"), "{run}");
    assert_eq!(origin.hits("/cat/onlyOneCat"), 0, "nothing is downloaded");
}

#[test]
fn unique_with_an_unknown_tag_says_no_cat_matches_it() {
    let origin = Origin::start(vec![]);
    let run =
        catfetch().args(["--url", &origin.url("/cat"), "-n", "2", "--unique", "--tag", "nosuchtag"]).run();
    run.assert_code(1);
    assert!(run.stderr.contains("no cat matches tag nosuchtag"), "{run}");
}
