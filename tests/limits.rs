//! The machine's limits: open files, the network being away, and a big job.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use catfetch_origin::pool::Pool;
use catfetch_origin::{Origin as BuiltInOrigin, OriginConfig};

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

#[test]
fn two_thousand_cats_all_in_flight_at_once_arrive_intact() {
    const CATS: usize = 2000;
    // catfetch holds a socket and a temp file per download, and the origin, in this process, a socket per
    // connection. Raising this process's soft limit raises catfetch's too (it inherits it).
    let limit = catfetch::system::raise_open_file_limit().unwrap_or(u64::MAX);
    if limit < 4500 {
        eprintln!(
            "skipped: {CATS} downloads in flight need an open-file limit of about 4500, and the hard limit \
             here is {limit}"
        );
        return;
    }
    // The built-in origin, as `catfetch serve --latency 200` runs it: every answer waits 200 ms.
    let origin = BuiltInOrigin::start(OriginConfig {
        bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        latency: Duration::from_millis(200),
        quiet: true,
        ..OriginConfig::default()
    })
    .expect("start the built-in origin");
    // Small cats: what is tested is the number in flight, and small bodies keep the test light for the
    // others running beside it.
    let (width, height) = (96, 72);
    let url = format!("{}?width={width}&height={height}", origin.url());
    let run = catfetch()
        .args(["--url", &url, "-n", &CATS.to_string(), "-j", &CATS.to_string(), "--json", "-q"])
        .run();
    run.assert_code(0);
    assert!(run.stderr.is_empty(), "{run}");

    // Every file is one of the origin's pictures (its pool of cats, seed 0, at that size), whole; nothing
    // else is left in the directory.
    let pool = Pool::draw(0, 2);
    let pictures: Vec<Vec<u8>> = (0..pool.cats().len())
        .map(|i| smol::block_on(pool.picture(i, width, height, None)).to_vec())
        .collect();
    let files = run.files("cats");
    assert_eq!(files.len(), CATS, "{run}");
    let mut bytes = 0;
    for (index, name) in files.iter().enumerate() {
        assert_eq!(*name, format!("{index:04}.png"));
        let saved = run.read(&format!("cats/{name}"));
        assert!(pictures.contains(&saved), "{name} ({} bytes) is not one of the origin's cats", saved.len());
        bytes += saved.len();
    }
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["totals"]["saved"], CATS);
    assert_eq!(report["totals"]["bytes"], bytes);
    // Coarse: all at once is one latency plus the work. No connection waited for a SYN to be sent again
    // (a second each), nor for a download ahead of it.
    assert!(run.elapsed < Duration::from_secs(15), "{run}");
}
