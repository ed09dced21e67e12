//! The origin over real sockets, with a deliberately dumb HTTP/1.1 client on `std::net::TcpStream`: one
//! request per connection, `Connection: close`, read to the end. It checks what a client sees on the wire
//! (status, headers, exact bytes) without depending on the crate's own client. Every test binds port 0,
//! is quiet, and has read timeouts, so a hung origin fails a test instead of hanging the run.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use tiny_skia::Pixmap;

use super::*;

/// An origin on a free port, no log.
fn origin(config: OriginConfig) -> Origin {
    Origin::start(OriginConfig { bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), quiet: true, ..config })
        .expect("the origin starts")
}

/// What came back.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    /// Decodes the body as PNG and returns its size, checking the headers on the way.
    fn png_size(&self) -> (u32, u32) {
        assert_eq!(self.status, 200, "{}", self.text());
        assert_eq!(self.header("content-type"), Some("image/png"));
        let picture = Pixmap::decode_png(&self.body).expect("a valid PNG");
        (picture.width(), picture.height())
    }
}

/// Sends raw bytes as a request and reads the whole answer.
fn exchange(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    stream.write_all(request).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the answer");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let reply = Reply { status, headers, body: raw[split + 4..].to_vec() };
    if let Some(length) = reply.header("content-length") {
        if !request.starts_with(b"HEAD") {
            assert_eq!(length, reply.body.len().to_string(), "Content-Length is exact");
        }
    }
    reply
}

fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    let head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    exchange(addr, head.as_bytes())
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target)
}

#[test]
fn serves_pngs_of_the_requested_size() {
    let origin = origin(OriginConfig::default());
    let addr = origin.addr();
    assert_eq!(origin.url(), format!("http://127.0.0.1:{}/cat", addr.port()));
    assert_eq!(get(addr, "/cat").png_size(), (draw::DESIGN_WIDTH, draw::DESIGN_HEIGHT));
    assert_eq!(get(addr, "/cat?width=200&height=150").png_size(), (200, 150));
    assert_eq!(get(addr, "/cat/?height=90").png_size(), (120, 90));
    assert_eq!(get(addr, "/cat?width=1&height=99999999999").png_size(), (16, 2000));
    assert_eq!(get(addr, "/cat/says/hello%20world?width=240").png_size(), (240, 180));
    assert_eq!(get(addr, "/cat/ginger,sleepy,nonsense").png_size(), (480, 360));
    origin.stop();
}

#[test]
fn ids_name_one_cat_and_head_matches_get() {
    let origin = origin(OriginConfig { seed: 7, ..OriginConfig::default() });
    let addr = origin.addr();
    let id = origin_cat_id(addr);
    let first = get(addr, &format!("/cat/{id}"));
    let again = get(addr, &format!("/cat/{id}"));
    assert_eq!(first.png_size(), (480, 360));
    assert_eq!(first.body, again.body, "the same id is the same cat");
    let captioned = get(addr, &format!("/cat/{id}/says/meow"));
    assert_eq!(captioned.png_size(), (480, 360));
    assert_ne!(captioned.body, first.body, "the caption is drawn");

    let head = request(addr, "HEAD", &format!("/cat/{id}"));
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(head.header("content-type"), Some("image/png"));
    assert_eq!(head.header("content-length"), Some(first.body.len().to_string().as_str()));
}

/// The id of some cat of the pool, from `/api/cats`.
fn origin_cat_id(addr: SocketAddr) -> String {
    let list = get(addr, "/api/cats?limit=1").json();
    list[0]["id"].as_str().expect("an id").to_string()
}

#[test]
fn json_metadata_is_cataas_shaped_and_its_url_fetches_the_cat() {
    let origin = origin(OriginConfig::default());
    let addr = origin.addr();
    let reply = get(addr, "/cat?json=true");
    assert_eq!(reply.status, 200);
    assert!(reply.header("content-type").is_some_and(|t| t.starts_with("application/json")));
    let meta = reply.json();
    let id = meta["id"].as_str().expect("id");
    assert!(pool::looks_like_id(id), "{id}");
    assert_eq!(meta["mimetype"], "image/png");
    assert!(meta["tags"].is_array());
    assert!(meta["createdAt"].as_str().is_some_and(|d| d.ends_with('Z')));
    let url = meta["url"].as_str().expect("url");
    let prefix = format!("http://{addr}/cat/");
    assert_eq!(url, format!("{prefix}{id}"));
    let by_url = get(addr, &url[prefix.len() - 5..]);
    assert_eq!(by_url.png_size(), (480, 360));
    assert_eq!(by_url.body, get(addr, &format!("/cat/{id}")).body);

    // Accept: application/json means the same; the size and caption travel in the url.
    let head = format!(
        "GET /cat/says/hi?width=100 HTTP/1.1\r\nHost: localhost:{}\r\nAccept: application/json\r\n\
         Connection: close\r\n\r\n",
        addr.port()
    );
    let meta = exchange(addr, head.as_bytes()).json();
    let url = meta["url"].as_str().expect("url");
    assert!(url.starts_with(&format!("http://localhost:{}/cat/", addr.port())), "{url}");
    assert!(url.ends_with("/says/hi?width=100&height=75"), "{url}");

    let all = get(addr, "/api/cats?limit=100").json();
    let all = all.as_array().expect("an array");
    assert_eq!(all.len(), pool::POOL_SIZE);
    assert!(all.iter().any(|cat| cat["id"] == id));
    for cat in all {
        assert!(cat["id"].is_string() && cat["tags"].is_array() && cat["createdAt"].is_string());
        assert_eq!(cat["mimetype"], "image/png");
    }
    let page = get(addr, "/api/cats?limit=3&skip=2").json();
    assert_eq!(page.as_array().map(Vec::len), Some(3));
    assert_eq!(page[0]["id"], all[2]["id"]);
    assert_eq!(get(addr, "/api/cats?skip=1000").json(), serde_json::json!([]));
    let ginger = get(addr, "/api/cats?tags=ginger").json();
    assert!(ginger.as_array().is_some_and(|cats| !cats.is_empty()));
    let tags = get(addr, "/api/tags").json();
    assert!(tags.as_array().is_some_and(|t| t.contains(&"calico".into())));
}

#[test]
fn bad_requests_and_unknown_paths() {
    let origin = origin(OriginConfig::default());
    let addr = origin.addr();
    for target in ["/", "/dog", "/cat/a/b/c", "/api/cats/1", "/cat/x/says/"] {
        let reply = get(addr, target);
        assert_eq!(reply.status, 404, "{target}");
        assert_eq!(reply.text(), "Cat not found\n");
        assert!(reply.header("content-type").is_some_and(|t| t.starts_with("text/plain")));
    }
    assert_eq!(request(addr, "POST", "/cat").status, 404);
    assert_eq!(request(addr, "DELETE", "/api/cats").status, 404);
    for target in ["/cat?width=abc", "/cat?height=-1", "/cat/says/x?width=", "/api/cats?limit=many"] {
        let reply = get(addr, target);
        assert_eq!(reply.status, 400, "{target}");
        assert!(reply.header("content-type").is_some_and(|t| t.starts_with("text/plain")));
    }
    // Bytes that are not a valid request target: hyper refuses them; nothing panics.
    let mut garbage = TcpStream::connect(addr).expect("connect");
    let _ = garbage.write_all(b"GET /cat/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n");
    let _ = garbage.shutdown(Shutdown::Write);
    let mut rest = Vec::new();
    let _ = garbage.read_to_end(&mut rest);
    assert!(rest.is_empty() || rest.starts_with(b"HTTP/1.1 400"), "{rest:?}");
    // Escaped garbage is decoded leniently.
    assert_eq!(get(addr, "/cat/says/%FF%00%zz").png_size(), (480, 360));
    assert_eq!(get(addr, "/cat").status, 200, "still serving");
}

#[test]
fn latency_is_waited_concurrently() {
    // Long enough that ten clients started together all arrive within it, even on a loaded machine.
    let latency = Duration::from_secs(2);
    let origin = origin(OriginConfig { latency, threads: 1, ..OriginConfig::default() });
    let addr = origin.addr();
    let started = Instant::now();
    let clients: Vec<_> =
        (0..10).map(|_| std::thread::spawn(move || (get(addr, "/cat").status, Instant::now()))).collect();
    for client in clients {
        let (status, done) = client.join().expect("client thread");
        assert_eq!(status, 200);
        assert!(done - started >= latency, "every answer waits the latency");
    }
    // One thread had all ten waiting at once: the wait is a timer, not a sleep.
    assert_eq!(origin.most_in_flight(), 10);
}

#[test]
fn fail_rate_one_fails_everything_with_retry_after() {
    let origin = origin(OriginConfig { fail_rate: 1.0, ..OriginConfig::default() });
    for target in ["/cat", "/cat?json=true", "/api/cats"] {
        let reply = get(origin.addr(), target);
        assert_eq!(reply.status, 503, "{target}");
        assert_eq!(reply.header("retry-after"), Some("1"));
        assert!(reply.header("content-type").is_some_and(|t| t.starts_with("text/plain")));
    }
}

#[test]
fn fail_rate_is_a_share_and_the_same_for_a_seed() {
    let fates = || {
        let origin = origin(OriginConfig { fail_rate: 0.5, seed: 11, ..OriginConfig::default() });
        (0..20).map(|_| get(origin.addr(), "/cat").status).collect::<Vec<_>>()
    };
    let first = fates();
    assert!(first.contains(&200) && first.contains(&503), "{first:?}");
    assert_eq!(first, fates(), "the same seed fails the same requests");
}

#[test]
fn bad_configs_are_refused() {
    for config in [
        OriginConfig { fail_rate: 1.5, ..OriginConfig::default() },
        OriginConfig { fail_rate: f64::NAN, ..OriginConfig::default() },
        OriginConfig { threads: 0, ..OriginConfig::default() },
    ] {
        let error = Origin::start(config).expect_err("refused");
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
    }
}

#[test]
fn stop_is_prompt_even_with_connections_open() {
    let origin =
        origin(OriginConfig { latency: Duration::from_secs(30), threads: 2, ..OriginConfig::default() });
    let addr = origin.addr();
    // One idle connection, and one waiting for an answer that is 30 s away.
    let _idle = TcpStream::connect(addr).expect("connect");
    let mut waiting = TcpStream::connect(addr).expect("connect");
    waiting.write_all(b"GET /cat HTTP/1.1\r\nHost: x\r\n\r\n").expect("send");
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    origin.stop();
    let took = started.elapsed();
    assert!(took < GRACE + Duration::from_secs(1), "stop took {took:?}");
    // The waiting client sees its connection closed, not a hang.
    waiting.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let mut rest = Vec::new();
    let _ = waiting.read_to_end(&mut rest);
    // And nothing listens any more.
    assert!(TcpStream::connect(addr).is_err(), "the port is closed");
}

#[test]
fn dropping_the_origin_stops_it() {
    let addr = {
        let origin = origin(OriginConfig::default());
        assert_eq!(get(origin.addr(), "/cat").status, 200);
        origin.addr()
    };
    assert!(TcpStream::connect(addr).is_err(), "the port is closed");
}

#[test]
fn a_burst_of_connections_waits_in_the_listen_queue_not_for_syn_retries() {
    let listener = listen(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).expect("listen");
    let addr = listener.local_addr().unwrap();
    // Nothing accepts: every connection must fit in the kernel's queue. More than std's 128, and few enough
    // for any open-file limit a test runs under.
    let burst = 300.min(max_backlog() as usize);
    let clients: Vec<TcpStream> = (0..burst)
        .map(|i| {
            // A dropped SYN is sent again only after a second: a connection that took that long was not
            // queued.
            TcpStream::connect_timeout(&addr, Duration::from_millis(900))
                .unwrap_or_else(|e| panic!("connection {i} of {burst} was not queued: {e}"))
        })
        .collect();
    assert_eq!(clients.len(), burst);
}

#[test]
fn the_log_shows_printable_ascii_and_escapes_the_rest() {
    let line = "origin: GET /cat/says/hi%20there?width=10 200 image/png 5 B in 0 ms";
    assert!(matches!(ascii_only(line), Cow::Borrowed(_)), "an ordinary line is not copied");
    // What a client may put in a request target, raw: a right-to-left override, a one-character CSI,
    // a UTF-8 letter; and controls, though hyper would refuse those in a request line.
    assert_eq!(
        ascii_only("GET /cat/\u{202e}gnp.exe\u{9b}2J caf\u{e9} \u{1b}]0;x\u{7}\t"),
        r"GET /cat/\u{202e}gnp.exe\u{9b}2J caf\u{e9} \u{1b}]0;x\u{7}\u{9}"
    );
}
