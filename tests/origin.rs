//! The built-in origin from the command line: `catfetch --demo` (the main job with no internet),
//! `catfetch serve` (until Ctrl-C), and `catfetch compare`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::support::{catfetch, every_executor, Run};

/// Decodes a saved picture and returns its size: the origin's cats are real PNGs.
fn png_size(run: &Run, rel: &str) -> (u32, u32) {
    let pixmap = tiny_skia::Pixmap::decode_png(&run.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    (pixmap.width(), pixmap.height())
}

#[test]
fn demo_downloads_real_cats_from_a_local_origin_with_network_like_latency() {
    let run = catfetch().args(["--demo", "-n", "3", "--json"]).run();
    run.assert_code(0);
    assert_eq!(run.files("cats"), ["0.png", "1.png", "2.png"]);
    for name in ["0.png", "1.png", "2.png"] {
        assert_eq!(png_size(&run, &format!("cats/{name}")), (480, 360));
    }
    // 200 ms of latency, paid once because the three wait together. The report's clock starts after the
    // origin has drawn its cats, so a busy machine (slow drawing) does not blur what is measured here;
    // the bounds stay coarse all the same.
    let elapsed = crate::download::report(&run)["totals"]["elapsed_ms"].as_u64().unwrap();
    assert!((200..550).contains(&elapsed), "three 200 ms waits should overlap, took {elapsed} ms\n{run}");
    assert!(run.elapsed < Duration::from_secs(20), "{run}");
}

#[test]
fn demo_speaks_cataas_too() {
    let run =
        catfetch().args(["--demo", "-n", "2", "--width", "200", "--height", "100", "--says", "hi"]).run();
    run.assert_code(0);
    assert_eq!(png_size(&run, "cats/0.png"), (200, 100));
}

#[test]
fn demo_with_unique_names_files_by_cat_id() {
    let run = catfetch().args(["--demo", "-n", "4", "--unique"]).run();
    run.assert_code(0);
    let files = run.files("cats");
    assert_eq!(files.len(), 4, "{files:?}");
    for name in &files {
        let (stem, ext) = name.split_once('.').unwrap();
        assert_eq!(ext, "png");
        assert_eq!(stem.len(), 16, "a cataas-like id: {name}");
    }
}

#[test]
fn demo_and_url_do_not_mix() {
    let run = catfetch().args(["--demo", "--url", "http://127.0.0.1:9/cat"]).run();
    run.assert_code(2);
    assert!(run.stderr.contains("drop --url"), "{run}");
}

/// `catfetch serve ...` on a free port; returns the child and the URL it announced.
fn serve(args: &[&str]) -> (std::process::Child, String) {
    let (child, url, _log) = serve_logging(args);
    (child, url)
}

/// [`serve`], and the lines of its request log as they come.
fn serve_logging(args: &[&str]) -> (std::process::Child, String, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_catfetch"))
        .args(["serve", "--port", "0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start catfetch serve");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    // The announcement comes within the first few lines (after the origin's own start-up line).
    let mut url = None;
    for _ in 0..5 {
        let mut line = String::new();
        if stderr.read_line(&mut line).expect("read serve's stderr") == 0 {
            break;
        }
        url = line.split_whitespace().find(|word| word.starts_with("http://")).map(str::to_owned);
        if url.is_some() {
            break;
        }
    }
    let url = url.expect("catfetch serve announced its URL");
    // Keep draining stderr (the request log) so the server never blocks on a full pipe, whether or not
    // anyone still listens for its lines.
    let (lines, log) = mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    (child, url, log)
}

/// Sends SIGINT and waits (at most 5 s) for the exit code.
fn interrupt(mut child: std::process::Child) -> Option<i32> {
    // SAFETY: kill only signals the child we started.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    panic!("catfetch serve did not stop within 5 s of Ctrl-C");
}

#[test]
fn serve_answers_cats_until_ctrl_c_then_exits_0() {
    let (server, url) = serve(&["--latency", "50"]);
    let run = catfetch().args(["--url", &url, "-n", "5"]).run();
    run.assert_code(0);
    assert_eq!(run.files("cats").len(), 5);
    assert_eq!(png_size(&run, "cats/4.png"), (480, 360));
    assert_eq!(interrupt(server), Some(0));
}

#[test]
fn serve_logs_a_hostile_request_target_escaped() {
    let (server, url, log) = serve_logging(&[]);
    let addr = url.trim_start_matches("http://").trim_end_matches("/cat");
    // A right-to-left override and U+009B (a one-character CSI on many terminals), raw in the target.
    let target = "/cat/\u{202e}gnp.exe\u{9b}2J";
    let mut client = TcpStream::connect(addr).expect("connect to catfetch serve");
    client.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(client, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    client.read_to_end(&mut answer).expect("read the answer");
    assert!(answer.starts_with(b"HTTP/1.1 200 OK"), "{}", String::from_utf8_lossy(&answer));
    let logged = std::iter::from_fn(|| log.recv_timeout(Duration::from_secs(5)).ok())
        .find(|line| line.contains("GET /cat/"))
        .expect("the request is logged");
    assert!(logged.contains(r"GET /cat/\u{202e}gnp.exe\u{9b}2J 200 image/png"), "{logged}");
    assert!(!logged.contains(['\u{202e}', '\u{9b}']), "{logged}");
    assert_eq!(interrupt(server), Some(0));
}

#[test]
fn serve_with_fail_rate_1_gives_503s_that_are_retried_and_reported() {
    let (server, url) = serve(&["--fail-rate", "1", "-q"]);
    let run = catfetch().args(["--url", &url, "-n", "1", "--retries", "1", "--json", "-v"]).run();
    run.assert_code(1);
    assert!(
        run.stderr.contains("attempt 1 failed (HTTP 503 Service Unavailable); retrying in 1.0 s"),
        "{run}"
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["cats"][0]["attempts"], 2);
    assert_eq!(report["cats"][0]["status"], 503);
    assert_eq!(interrupt(server), Some(0));
}

#[test]
fn serve_on_a_busy_port_is_a_clear_error() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let run = catfetch().args(["serve", "--port", &port]).run();
    run.assert_code(2);
    assert!(run.stderr.contains(&format!("serve: cannot listen on 127.0.0.1:{port}")), "{run}");
}

#[test]
fn compare_runs_every_executor_and_shows_the_theory() {
    let run = catfetch().args(["compare", "-n", "4", "--latency", "100"]).run();
    run.assert_code(0);
    for executor in every_executor() {
        assert!(run.stdout.lines().any(|l| l.starts_with(executor)), "no {executor} row:\n{run}");
    }
    assert!(run.stdout.contains("N x latency = 0.40 s"), "{run}");
    assert!(run.stdout.contains("also reads its socket"), "{run}");
    // Sequential pays the latency four times: the whole command takes at least that.
    assert!(run.elapsed >= Duration::from_millis(400), "{run}");
}

#[test]
fn compare_json_says_what_happened_on_each_executor() {
    let run = catfetch().args(["compare", "-n", "4", "--latency", "100", "--json"]).run();
    run.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run}"));
    let rows = json["lessons"][0]["rows"].as_array().expect("rows");
    assert_eq!(json["lessons"][0]["lesson"], "concurrency");
    let executors: Vec<&str> = rows.iter().map(|row| row["executor"].as_str().unwrap()).collect();
    assert_eq!(executors, every_executor(), "{run}");
    // What happened: the baseline one after another, the others at the same time.
    for row in rows {
        let overlap = row["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f.as_str())
            .find(|f| f.starts_with("overlap "));
        let overlap = overlap.unwrap_or_else(|| panic!("no overlap finding: {row}"));
        if row["executor"] == "sequential" {
            assert!(overlap.ends_with("one after another: an await inside the loop?"), "{row}");
            assert!(row["wall_ms"].as_f64().unwrap() >= 400.0, "{row}");
        } else {
            assert!(overlap.ends_with(": the downloads ran at the same time"), "{row}");
        }
        assert_eq!(row["saved"], 4, "{row}");
    }
}

#[test]
fn an_unreachable_host_suggests_the_demo() {
    let run = catfetch().args(["--url", "http://cats.invalid/cat", "-n", "1", "--retries", "0"]).run();
    run.assert_code(1);
    assert!(
        run.stderr.contains("the network or host cats.invalid is unreachable; `catfetch --demo`"),
        "{run}"
    );
}
