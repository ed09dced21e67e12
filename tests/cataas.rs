//! Speaking cataas: options become exactly the URLs the API expects (every user value percent-encoded),
//! metadata of every historical shape is understood, and a tag nobody has says so.

use crate::support::{
    catfetch, gif, gif_seeded, jpeg, jpeg_seeded, png, png_seeded, webp_seeded, Answer, Origin, Route,
};

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

#[test]
fn unique_gives_every_cat_its_own_file_when_ids_make_the_same_name() {
    // Seven distinct ids, with the file name each would give. `a/b`, `ab`, `../ab` and `a\0b` all give
    // `ab`; `AB-2` is `ab-2` on a case-insensitive filesystem; `~~` gives no name, so that cat is named by
    // its index, which may be the `5` that the numeric id 5 gives. Each picture differs from the others.
    let cats: [(&str, &str, &str, Vec<u8>); 7] = [
        (r#""a/b""#, "a/b", "/cat/a%2Fb", jpeg_seeded(700, 1)),
        (r#""ab""#, "ab", "/cat/ab", png_seeded(800, 2)),
        (r#""../ab""#, "../ab", "/cat/..%2Fab", gif_seeded(900, 3)),
        (r#""a\u0000b""#, "a\0b", "/cat/a%00b", jpeg_seeded(1_000, 4)),
        (r#""AB-2""#, "AB-2", "/cat/AB-2", webp_seeded(1_100, 5)),
        ("5", "5", "/cat/5", png_seeded(1_200, 6)),
        (r#""~~""#, "~~", "/cat/~~", gif_seeded(1_300, 7)),
    ];
    let wants = |cat: usize, index: usize| match cat {
        0..=3 => "ab".to_owned(),
        6 => index.to_string(),
        _ => cats[cat].1.to_owned(),
    };
    // The metadata requests go out at once, so the order the ids come in (which cat is cat 0, and so which
    // keeps `ab`) varies from run to run; the promises do not. Downloads never share a temp file or a final
    // name, by construction (see lib.rs `plan`), so no run may lose a cat or fail with "File exists".
    for round in 0..4 {
        let listing = cats.iter().map(|(id, ..)| json(&format!(r#"{{"id":{id},"tags":[]}}"#))).collect();
        let mut routes = vec![Route::new("/cat", listing)];
        let pictures = cats
            .iter()
            .zip(["image/jpeg", "image/png", "image/gif", "image/jpeg", "image/webp"].iter().cycle());
        routes.extend(
            pictures
                .map(|((_, _, path, picture), ct)| Route::always(path, Answer::image(ct, picture.clone()))),
        );
        let origin = Origin::start(routes);
        let run =
            catfetch().args(["--url", &origin.url("/cat"), "-n", "7", "--unique", "-v", "--json"]).run();
        run.assert_code(0);
        assert!(run.stderr.contains("Saved 7 cats"), "round {round}: {run}");
        assert!(
            !run.stderr.contains('\0'),
            "round {round}: a raw NUL from an id reached the terminal: {run}"
        );

        // Which cat each index is, and where it was saved, from the report.
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let saved: Vec<(usize, String)> = (report["cats"].as_array().unwrap().iter())
            .map(|cat| {
                let url = cat["url"].as_str().unwrap();
                let which = cats.iter().position(|(_, _, path, _)| url.ends_with(path)).unwrap();
                (which, cat["path"].as_str().unwrap().trim_start_matches("cats/").to_owned())
            })
            .collect();

        let mut names = Vec::new();
        for (index, (cat, file)) in saved.iter().enumerate() {
            let (_, id, _, picture) = &cats[*cat];
            assert_eq!(
                &run.read(&format!("cats/{file}")),
                picture,
                "round {round}: {file} is not id {id:?}'s"
            );
            let (stem, _ext) = file.split_once('.').unwrap();
            let wanted = wants(*cat, index);
            // The first cat (in index order) that wants a name keeps it; a later one gets a suffix, and -v
            // says so.
            let first = saved.iter().enumerate().position(|(i, (c, _))| wants(*c, i) == wanted).unwrap();
            let renamed = format!(
                "catfetch: cat {index}: id {id:?} gets the file name {stem} ({wanted} is another cat's)"
            );
            if index == first {
                assert_eq!(stem, wanted, "round {round}: {run}");
                assert!(!run.stderr.contains(&format!("catfetch: cat {index}: id")), "round {round}: {run}");
            } else {
                assert!(stem.starts_with(&format!("{wanted}-")), "round {round}: id {id:?} saved as {file}");
                assert!(run.stderr.contains(&renamed), "round {round}: no line {renamed:?}\n{run}");
            }
            names.push(stem.to_ascii_lowercase());
        }
        // The three later `ab` cats get the first free suffixes, in index order: `ab-2` is AB-2's own name.
        let ab_stems: Vec<&str> = saved
            .iter()
            .filter(|(cat, _)| *cat <= 3)
            .map(|(_, file)| file.split('.').next().unwrap())
            .collect();
        assert_eq!(ab_stems, ["ab", "ab-3", "ab-4", "ab-5"], "round {round}");
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 7, "round {round}: two cats share a name, ignoring case: {saved:?}");
        let mut files: Vec<String> = saved.into_iter().map(|(_, file)| file).collect();
        files.sort();
        assert_eq!(run.files("cats"), files, "round {round}: seven files and nothing else");
    }
}
