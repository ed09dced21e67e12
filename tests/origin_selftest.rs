//! Self-tests of the test support: the scripted origin, its TLS, the fixtures and the runner.
//!
//! The other integration tests trust the origin to misbehave exactly as scripted; if it did not, a test of
//! `catfetch` could pass for the wrong reason. So each kind of [`Answer`] is checked here from the client's
//! side of a raw socket (std's `TcpStream`, or rustls over it for HTTPS), with no HTTP library in between to
//! hide or repair what is on the wire. Every socket has a read timeout, so no test here can hang.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use rustls::client::danger::ServerCertVerifier;
use rustls::client::WebPkiServerVerifier;
use rustls::{CertificateError, ClientConnection, RootCertStore, StreamOwned};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use crate::support::tls::provider;
use crate::support::{
    catfetch, catfetch_in, gif, gif_seeded, jpeg, jpeg_seeded, png, png_seeded, webp, webp_seeded, Answer,
    Framing, Origin, Route, TestCa,
};

/// No read in these tests waits longer than this for a byte.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);
/// read_to_close gives up past this many bytes (it must never be pointed at an endless body).
const READ_CAP: usize = 16 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------
// A minimal raw HTTP client: just enough to see what the origin puts on the wire.

fn connect(origin: &Origin) -> TcpStream {
    let stream = TcpStream::connect(origin.addr()).expect("connect to origin");
    stream.set_read_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    stream
}

fn send_get(stream: &mut impl Write, target: &str) {
    write!(stream, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send request");
}

/// How a read to the end of the connection finished.
#[derive(Debug, PartialEq, Eq)]
enum End {
    /// The server closed: a clean end of stream.
    Eof,
    /// The connection was reset, or TLS ended without close_notify.
    Broken,
}

/// Reads until the server closes. Panics if it stays silent for [`CLIENT_TIMEOUT`].
fn read_to_close(stream: &mut impl Read) -> (Vec<u8>, End) {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    while bytes.len() < READ_CAP {
        match stream.read(&mut buf) {
            Ok(0) => return (bytes, End::Eof),
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                panic!("server silent for {CLIENT_TIMEOUT:?} after {} bytes", bytes.len())
            }
            Err(_) => return (bytes, End::Broken),
        }
    }
    panic!("more than {READ_CAP} bytes without the connection closing");
}

/// Reads until `buf` holds at least `len` bytes. Panics on EOF or silence.
fn fill(stream: &mut impl Read, buf: &mut Vec<u8>, len: usize) {
    let mut chunk = [0u8; 16 * 1024];
    while buf.len() < len {
        match stream.read(&mut chunk) {
            Ok(0) => panic!("connection closed after {} of {len} bytes", buf.len()),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) => panic!("read failed after {} of {len} bytes: {e}", buf.len()),
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads until `buf` holds a whole response head; returns its length (terminator included).
fn fill_head(stream: &mut impl Read, buf: &mut Vec<u8>) -> usize {
    loop {
        if let Some(end) = find(buf, b"\r\n\r\n") {
            return end + 4;
        }
        let want = buf.len() + 1;
        fill(stream, buf, want);
    }
}

/// A response as seen on the wire.
#[derive(Debug)]
struct Reply {
    status_line: String,
    /// Names lower-cased.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// For a chunked body, how many non-empty chunks it came in.
    chunks: usize,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn status(&self) -> u16 {
        self.status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status code in {:?}", self.status_line))
    }
}

/// Splits a head into its status line and (lower-cased) headers.
fn parse_head(head: &[u8]) -> (String, Vec<(String, String)>) {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    let status_line = lines.next().unwrap_or_default().to_owned();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("header line has a colon");
            (name.to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    (status_line, headers)
}

/// Reads one complete response framed by Content-Length or chunked encoding, leaving any bytes after it in
/// `buf` (there should be none: the origin answers one request at a time).
fn read_reply(stream: &mut impl Read, buf: &mut Vec<u8>) -> Reply {
    let head_len = fill_head(stream, buf);
    let (status_line, headers) = parse_head(&buf[..head_len]);
    buf.drain(..head_len);
    let mut reply = Reply { status_line, headers, body: Vec::new(), chunks: 0 };
    if reply.header("transfer-encoding") == Some("chunked") {
        loop {
            let line_len = loop {
                if let Some(end) = find(buf, b"\r\n") {
                    break end;
                }
                let want = buf.len() + 1;
                fill(stream, buf, want);
            };
            let size_text = String::from_utf8_lossy(&buf[..line_len]).into_owned();
            let size = usize::from_str_radix(size_text.trim(), 16).expect("chunk size");
            buf.drain(..line_len + 2);
            fill(stream, buf, size + 2);
            if size == 0 {
                buf.drain(..2);
                return reply;
            }
            reply.body.extend_from_slice(&buf[..size]);
            reply.chunks += 1;
            buf.drain(..size + 2);
        }
    }
    let len: usize = reply
        .header("content-length")
        .expect("reply has Content-Length or is chunked")
        .parse()
        .expect("numeric Content-Length");
    fill(stream, buf, len);
    reply.body = buf.drain(..len).collect();
    reply
}

/// One request on a fresh connection.
fn get(origin: &Origin, target: &str) -> Reply {
    let mut stream = connect(origin);
    send_get(&mut stream, target);
    read_reply(&mut stream, &mut Vec::new())
}

/// One request on a fresh connection, reading until the server closes; returns the head, body and ending.
fn get_to_close(origin: &Origin, target: &str) -> (Reply, End) {
    let mut stream = connect(origin);
    send_get(&mut stream, target);
    let (bytes, end) = read_to_close(&mut stream);
    let head_len = find(&bytes, b"\r\n\r\n").expect("a complete head") + 4;
    let (status_line, headers) = parse_head(&bytes[..head_len]);
    let reply = Reply { status_line, headers, body: bytes[head_len..].to_vec(), chunks: 0 };
    (reply, end)
}

/// A TLS connection to `origin`, handshake done, trusting only `trusted`'s `ca.pem` and checking the
/// certificate against `name` (a host name or an IP address). A failed handshake gives rustls's reason.
fn tls_connect(
    origin: &Origin,
    trusted: &TestCa,
    name: &str,
) -> Result<StreamOwned<ClientConnection, TcpStream>, rustls::Error> {
    let server_name = ServerName::try_from(name.to_owned()).expect("a host name or an IP address");
    let mut tls = ClientConnection::new(trusted.client_config(&[]), server_name)?;
    let mut tcp = connect(origin);
    while tls.is_handshaking() {
        // The socket's read timeout bounds each step; rustls's own error, if it is one, says why it failed.
        tls.complete_io(&mut tcp).map_err(|e| match e.get_ref().and_then(|e| e.downcast_ref()) {
            Some(reason) => rustls::Error::clone(reason),
            None => rustls::Error::General(e.to_string()),
        })?;
    }
    Ok(StreamOwned::new(tls, tcp))
}

// ---------------------------------------------------------------------------------------------------------
// One test per kind of answer.

#[test]
fn ok_with_content_length_keeps_the_connection_alive() {
    let body = jpeg(1000);
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", body.clone()))]);
    let mut stream = connect(&origin);
    let mut buf = Vec::new();
    // Two requests on one connection: the second is only answered if the first left it open.
    for _ in 0..2 {
        send_get(&mut stream, "/cat");
        let reply = read_reply(&mut stream, &mut buf);
        assert_eq!(reply.status_line, "HTTP/1.1 200 OK");
        assert_eq!(reply.header("content-type"), Some("image/jpeg"));
        assert_eq!(reply.header("content-length"), Some("1000"));
        assert_eq!(reply.body, body);
    }
    assert!(buf.is_empty());
    assert_eq!(origin.hits("/cat"), 2);
}

#[test]
fn untyped_answer_has_no_content_type() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::untyped(png(64)))]);
    let reply = get(&origin, "/cat");
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.header("content-type"), None);
    assert_eq!(reply.body, png(64));
}

#[test]
fn chunked_body_arrives_in_several_chunks() {
    let body = png(5000);
    let answer = Answer::image("image/png", body.clone()).framed(Framing::Chunked);
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let reply = get(&origin, "/cat");
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.header("transfer-encoding"), Some("chunked"));
    assert_eq!(reply.header("content-length"), None);
    assert!(reply.chunks > 1, "only {} chunk(s)", reply.chunks);
    assert_eq!(reply.body, body);
}

#[test]
fn http10_answer_has_no_length_and_ends_with_close() {
    let body = gif(300);
    let answer = Answer::image("image/gif", body.clone()).framed(Framing::Http10Close);
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let (reply, end) = get_to_close(&origin, "/cat");
    assert_eq!(reply.status_line, "HTTP/1.0 200 OK");
    assert_eq!(reply.header("content-length"), None);
    assert_eq!(reply.header("transfer-encoding"), None);
    assert_eq!(reply.body, body);
    assert_eq!(end, End::Eof);
}

#[test]
fn status_answer_carries_its_body_and_extra_headers() {
    let answer = Answer::status(503).with_header("Retry-After", "1");
    let origin = Origin::start(vec![Route::always("/busy", answer)]);
    let reply = get(&origin, "/busy");
    assert_eq!(reply.status_line, "HTTP/1.1 503 Service Unavailable");
    assert_eq!(reply.header("retry-after"), Some("1"));
    assert_eq!(reply.header("content-type"), Some("text/plain"));
    assert_eq!(reply.body, b"503 Service Unavailable\n");
}

#[test]
fn with_header_reaches_through_slow_and_stacks() {
    let answer = Answer::slow(Duration::ZERO, Answer::image("image/jpeg", jpeg(64)))
        .with_header("X-One", "1")
        .with_header("X-Two", "2");
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let reply = get(&origin, "/cat");
    assert_eq!(reply.header("x-one"), Some("1"));
    assert_eq!(reply.header("x-two"), Some("2"));
    assert_eq!(reply.body, jpeg(64));
}

#[test]
fn redirect_location_is_sent_verbatim() {
    let origin = Origin::start(vec![
        Route::always("/ftp", Answer::redirect(302, "ftp://x/y")),
        Route::always("/rel", Answer::redirect(301, "../b?c=d")),
    ]);
    let reply = get(&origin, "/ftp");
    assert_eq!(reply.status_line, "HTTP/1.1 302 Found");
    assert_eq!(reply.header("location"), Some("ftp://x/y"));
    assert_eq!(reply.header("content-length"), Some("0"));
    let reply = get(&origin, "/rel");
    assert_eq!(reply.status_line, "HTTP/1.1 301 Moved Permanently");
    assert_eq!(reply.header("location"), Some("../b?c=d"));
}

#[test]
fn truncated_answer_declares_more_than_it_sends() {
    let full = jpeg(1000);
    let answer = Answer::truncated("image/jpeg", 1000, &full[..100]);
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let (reply, end) = get_to_close(&origin, "/cat");
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.header("content-length"), Some("1000"));
    assert_eq!(reply.body, &full[..100]);
    assert_eq!(end, End::Eof);
}

#[test]
fn stall_sends_a_prefix_then_goes_silent_then_closes() {
    let hold = Duration::from_millis(600);
    let answer = Answer::stall("image/jpeg", 1000, jpeg(1000)[..200].to_vec(), hold);
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let started = Instant::now();
    let mut stream = connect(&origin);
    send_get(&mut stream, "/cat");
    let mut buf = Vec::new();
    let head_len = fill_head(&mut stream, &mut buf);
    fill(&mut stream, &mut buf, head_len + 200);
    let prefix_at = started.elapsed();
    let (rest, end) = read_to_close(&mut stream);
    let closed_at = started.elapsed();

    let (_, headers) = parse_head(&buf[..head_len]);
    assert!(headers.contains(&("content-length".into(), "1000".into())));
    assert_eq!(&buf[head_len..], &jpeg(1000)[..200]);
    assert!(rest.is_empty(), "nothing after the prefix, got {} bytes", rest.len());
    assert_eq!(end, End::Eof);
    assert!(prefix_at < Duration::from_millis(300), "prefix late: {prefix_at:?}");
    assert!(closed_at >= hold - Duration::from_millis(50), "closed early: {closed_at:?}");
    assert!(closed_at < hold + Duration::from_secs(2), "closed late: {closed_at:?}");
}

#[test]
fn slow_answer_sends_nothing_before_its_delay() {
    let delay = Duration::from_millis(400);
    let answer = Answer::slow(delay, Answer::image("image/png", png(100)));
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let started = Instant::now();
    let mut stream = connect(&origin);
    send_get(&mut stream, "/cat");
    let mut first = Vec::new();
    fill(&mut stream, &mut first, 1);
    let first_byte_at = started.elapsed();
    let reply = read_reply(&mut stream, &mut first);
    assert!(first_byte_at >= delay - Duration::from_millis(50), "first byte at {first_byte_at:?}");
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.body, png(100));
}

#[test]
fn drip_flows_slowly_but_steadily_to_the_end() {
    let body = webp(1000);
    let every = Duration::from_millis(50);
    let answer = Answer::drip("image/webp", body.clone(), 100, every);
    let origin = Origin::start(vec![Route::always("/cat", answer)]);
    let mut stream = connect(&origin);
    send_get(&mut stream, "/cat");
    let mut buf = Vec::new();
    let head_len = fill_head(&mut stream, &mut buf);
    let (_, headers) = parse_head(&buf[..head_len]);
    assert!(headers.contains(&("content-length".into(), "1000".into())));
    buf.drain(..head_len);

    // Time every arrival: the body must come in many pieces, none after a long silence.
    let started = Instant::now();
    let mut last = Instant::now();
    let (mut reads, mut longest_gap) = (0, Duration::ZERO);
    let mut chunk = [0u8; 4096];
    while buf.len() < body.len() {
        let n = stream.read(&mut chunk).expect("drip keeps flowing");
        assert!(n > 0, "closed mid-drip");
        buf.extend_from_slice(&chunk[..n]);
        reads += 1;
        longest_gap = longest_gap.max(last.elapsed());
        last = Instant::now();
    }
    assert_eq!(buf, body);
    assert!(reads >= 5, "only {reads} reads");
    assert!(longest_gap < Duration::from_millis(500), "gap of {longest_gap:?}");
    assert!(started.elapsed() >= every * 8, "too fast: {:?}", started.elapsed());
}

#[test]
fn endless_body_never_ends_and_stops_with_the_origin() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::endless("image/jpeg", Vec::new()))]);
    let mut stream = connect(&origin);
    send_get(&mut stream, "/cat");
    let mut buf = Vec::new();
    let head_len = fill_head(&mut stream, &mut buf);
    let (status_line, headers) = parse_head(&buf[..head_len]);
    assert_eq!(status_line, "HTTP/1.1 200 OK");
    assert!(headers.contains(&("transfer-encoding".into(), "chunked".into())));
    assert!(!headers.iter().any(|(n, _)| n == "content-length"));
    fill(&mut stream, &mut buf, head_len + 4 * 1024 * 1024);

    drop(stream);
    let started = Instant::now();
    drop(origin);
    assert!(started.elapsed() < Duration::from_secs(2), "drop took {:?}", started.elapsed());
}

#[test]
fn raw_bytes_are_sent_exactly_then_close() {
    let raw = b"HTCPCP/9 banana\r\nX-Cat: caf\xe9\r\n\r\n".to_vec();
    let origin = Origin::start(vec![Route::always("/cat", Answer::raw(raw.clone()))]);
    let mut stream = connect(&origin);
    send_get(&mut stream, "/cat");
    let (bytes, end) = read_to_close(&mut stream);
    assert_eq!(bytes, raw);
    assert_eq!(end, End::Eof);
}

#[test]
fn reset_reads_the_request_and_answers_nothing() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::Reset)]);
    let mut stream = connect(&origin);
    send_get(&mut stream, "/cat");
    let (bytes, _end) = read_to_close(&mut stream);
    assert!(bytes.is_empty(), "got {} bytes", bytes.len());
    assert_eq!(origin.hits("/cat"), 1);
}

// ---------------------------------------------------------------------------------------------------------
// Scripts, counting and recording.

#[test]
fn route_plays_its_script_then_repeats_the_last_answer() {
    let script = vec![Answer::status(503), Answer::status(429), Answer::image("image/jpeg", jpeg(64))];
    let origin = Origin::start(vec![Route::new("/flaky", script)]);
    let codes: Vec<u16> = (0..5).map(|_| get(&origin, "/flaky").status()).collect();
    assert_eq!(codes, [503, 429, 200, 200, 200]);
    assert_eq!(origin.hits("/flaky"), 5);
}

#[test]
fn hits_ignore_the_query_and_unknown_paths_get_404() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::status(204))]);
    for target in ["/cat?x=1", "/cat?x=2", "/cat"] {
        assert_eq!(get(&origin, target).status(), 204);
    }
    let missing = get(&origin, "/nope?z");
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.header("content-type"), Some("text/plain"));
    assert_eq!(origin.hits("/cat"), 3);
    assert_eq!(origin.hits("/nope"), 1);
    assert_eq!(origin.hits("/never"), 0);
}

#[test]
fn requests_are_recorded_before_answering() {
    // Reset answers nothing at all, so the record must have been made before the answer.
    let origin = Origin::start(vec![Route::always("/cat", Answer::Reset)]);
    let mut stream = connect(&origin);
    write!(
        stream,
        "GET /cat?size=big HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: selftest/1\r\nX-Mixed-Case:  Value \r\n\r\n"
    )
    .unwrap();
    let _ = read_to_close(&mut stream);

    let requests = origin.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, "/cat?size=big");
    assert_eq!(request.path(), "/cat");
    assert_eq!(request.header("USER-AGENT"), Some("selftest/1"));
    assert_eq!(request.header("x-mixed-case"), Some("Value"));
    assert!(request.headers.iter().any(|(n, _)| n == "x-mixed-case"));
    assert_eq!(request.header("absent"), None);
    assert_eq!(origin.requests_to("/cat"), requests);
}

#[test]
fn max_in_flight_counts_concurrent_requests() {
    let slow = Answer::slow(Duration::from_millis(300), Answer::status(204));
    let origin =
        Origin::start(vec![Route::always("/slow", slow), Route::always("/quick", Answer::status(204))]);
    thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| assert_eq!(get(&origin, "/slow").status(), 204));
        }
    });
    assert_eq!(origin.hits("/slow"), 3);
    assert_eq!(origin.max_in_flight("/slow"), 3);

    // One after the other on one connection: never more than one at a time.
    let mut stream = connect(&origin);
    let mut buf = Vec::new();
    for _ in 0..3 {
        send_get(&mut stream, "/quick");
        assert_eq!(read_reply(&mut stream, &mut buf).status(), 204);
    }
    assert_eq!(origin.max_in_flight("/quick"), 1);
    assert_eq!(origin.max_in_flight("/never"), 0);
}

#[test]
fn accepted_counts_connections_not_requests() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::status(204))]);
    assert_eq!(origin.accepted(), 0);
    // Three requests on one kept-alive connection, then one on a connection of its own.
    let mut stream = connect(&origin);
    let mut buf = Vec::new();
    for _ in 0..3 {
        send_get(&mut stream, "/cat");
        assert_eq!(read_reply(&mut stream, &mut buf).status(), 204);
    }
    assert_eq!(get(&origin, "/cat").status(), 204);
    assert_eq!((origin.hits("/cat"), origin.accepted()), (4, 2));
    // A connection that never sends a request counts too: the count is of what the client opened. It is
    // counted as the accept returns, which the accept loop does within milliseconds: wait for it, bounded.
    drop(connect(&origin));
    let deadline = Instant::now() + CLIENT_TIMEOUT;
    while origin.accepted() < 3 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
    }
    assert_eq!((origin.hits("/cat"), origin.accepted()), (4, 3));
}

#[test]
fn garbage_gets_a_400_and_the_origin_carries_on() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::status(204))]);
    for garbage in [
        &b"\x00\x01\x02 nonsense\r\n\r\n"[..],
        b"GET /cat\r\n\r\n",
        b"GET /cat HTTP/1.1\r\nno colon here\r\n\r\n",
        b"GET /cat HTTP/1.1\r\nContent-Length: lots\r\n\r\n",
    ] {
        let mut stream = connect(&origin);
        stream.write_all(garbage).unwrap();
        let (bytes, _) = read_to_close(&mut stream);
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("HTTP/1.1 400 "), "{garbage:?} got {text:?}");
    }
    // A client that hangs up mid-request is not an error either.
    drop(connect(&origin));
    assert_eq!(get(&origin, "/cat").status(), 204);
    assert_eq!(origin.requests().len(), 1, "garbage is not recorded");
}

#[test]
fn dropping_an_origin_with_a_stalled_connection_is_prompt() {
    let stall = Answer::stall("image/jpeg", 1000, jpeg(100), Duration::from_secs(30));
    let slow = Answer::slow(Duration::from_secs(30), Answer::status(204));
    let origin = Origin::start(vec![Route::always("/stall", stall), Route::always("/slow", slow)]);
    let mut stalled = connect(&origin);
    send_get(&mut stalled, "/stall");
    let mut buf = Vec::new();
    let head_len = fill_head(&mut stalled, &mut buf);
    fill(&mut stalled, &mut buf, head_len + 100);
    let mut waiting = connect(&origin);
    send_get(&mut waiting, "/slow");
    let idle = connect(&origin); // connected, never sends a request
    while origin.hits("/slow") == 0 {
        thread::sleep(Duration::from_millis(5));
    }

    let started = Instant::now();
    drop(origin);
    assert!(started.elapsed() < Duration::from_secs(2), "drop took {:?}", started.elapsed());
    // And the clients are let go, not left hanging until their own timeouts.
    let (rest, _) = read_to_close(&mut stalled);
    assert!(rest.is_empty());
    let (rest, _) = read_to_close(&mut waiting);
    assert!(rest.is_empty());
    drop(idle);
    assert!(started.elapsed() < Duration::from_secs(2), "clients freed after {:?}", started.elapsed());
}

// ---------------------------------------------------------------------------------------------------------
// TLS.

#[test]
fn tls_origin_serves_clients_that_trust_its_ca() {
    let ca = TestCa::new("selftest trusted CA");
    let body = jpeg(3000);
    let routes = vec![
        Route::always("/cat", Answer::image("image/jpeg", body.clone())),
        Route::always("/chunked", Answer::image("image/jpeg", body.clone()).framed(Framing::Chunked)),
    ];
    let origin = Origin::start_tls(routes, &ca);
    assert!(origin.url("/cat").starts_with("https://127.0.0.1:"));

    // By IP and by name, both in the certificate; two requests on one TLS connection.
    for name in ["127.0.0.1", "localhost"] {
        let mut tls = tls_connect(&origin, &ca, name).expect("handshake with the right CA");
        let mut buf = Vec::new();
        for path in ["/cat", "/chunked"] {
            send_get(&mut tls, path);
            let reply = read_reply(&mut tls, &mut buf);
            assert_eq!(reply.status(), 200, "{name}{path}");
            assert_eq!(reply.body, body, "{name}{path}");
        }
    }
    assert_eq!(origin.hits("/cat"), 2);
}

#[test]
fn tls_origin_is_rejected_by_clients_that_trust_another_ca() {
    let ca = TestCa::new("selftest origin CA");
    let other = TestCa::new("selftest other CA");
    let origin = Origin::start_tls(vec![Route::always("/cat", Answer::status(204))], &ca);
    let err = tls_connect(&origin, &other, "localhost").expect_err("must not trust another CA");
    assert_eq!(err, rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer));
    assert_eq!(origin.hits("/cat"), 0);

    // The other way round too: the CAs really are independent.
    let other_origin = Origin::start_tls(vec![Route::always("/cat", Answer::status(204))], &other);
    assert!(tls_connect(&other_origin, &ca, "localhost").is_err());
    assert!(tls_connect(&other_origin, &other, "localhost").is_ok());
}

#[test]
fn tls_client_checks_the_host_name() {
    let ca = TestCa::new("selftest name CA");
    let leaf = ca.issue(&["other.invalid"], &[]);
    let origin = Origin::start_tls_with(vec![Route::always("/cat", Answer::status(204))], &leaf);
    let err = tls_connect(&origin, &ca, "localhost").expect_err("wrong name must fail");
    // rustls names the mismatch with or without the names compared, depending on its version.
    assert!(
        matches!(
            err,
            rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }
            )
        ),
        "{err}"
    );
    assert!(tls_connect(&origin, &ca, "other.invalid").is_ok());
}

#[test]
fn tls_truncation_is_a_clean_close_after_short_body() {
    let ca = TestCa::new("selftest truncation CA");
    let answer = Answer::truncated("image/jpeg", 1000, jpeg(1000)[..10].to_vec());
    let origin = Origin::start_tls(vec![Route::always("/cat", answer)], &ca);
    let mut tls = tls_connect(&origin, &ca, "localhost").unwrap();
    send_get(&mut tls, "/cat");
    let (bytes, end) = read_to_close(&mut tls);
    assert!(bytes.ends_with(&jpeg(1000)[..10]));
    assert_eq!(end, End::Eof, "close_notify sent");
}

#[test]
fn tls_reset_answers_nothing_and_sends_no_close_notify() {
    let ca = TestCa::new("selftest reset CA");
    let origin = Origin::start_tls(vec![Route::always("/cat", Answer::Reset)], &ca);
    let mut tls = tls_connect(&origin, &ca, "localhost").unwrap();
    send_get(&mut tls, "/cat");
    let (bytes, end) = read_to_close(&mut tls);
    assert!(bytes.is_empty(), "got {} bytes", bytes.len());
    assert_eq!(end, End::Broken, "the connection is dropped, not closed the TLS way");
    assert_eq!(origin.hits("/cat"), 1);
}

/// A client socket that sends at most `piece` bytes per write and then pauses, longer than the origin's
/// read poll: the origin sees its handshake arrive in fragments, with read timeouts in between.
struct Dribble {
    tcp: TcpStream,
    piece: usize,
    pause: Duration,
}

impl Read for Dribble {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.tcp.read(buf)
    }
}

impl Write for Dribble {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.tcp.write(&buf[..buf.len().min(self.piece)])?;
        thread::sleep(self.pause);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tcp.flush()
    }
}

#[test]
fn tls_handshake_survives_a_slow_client_and_an_idle_one_does_not_delay_the_drop() {
    let ca = TestCa::new("selftest slow handshake CA");
    let origin = Origin::start_tls(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(500)))], &ca);
    let tcp = connect(&origin);
    tcp.set_nodelay(true).unwrap();
    let mut slow = Dribble { tcp, piece: 100, pause: Duration::from_millis(120) };
    let name = ServerName::try_from("localhost").unwrap();
    let mut tls = ClientConnection::new(ca.client_config(&[]), name).unwrap();
    while tls.is_handshaking() {
        tls.complete_io(&mut slow).expect("a slow handshake still completes");
    }
    let mut tls = StreamOwned::new(tls, slow.tcp);
    send_get(&mut tls, "/cat");
    let reply = read_reply(&mut tls, &mut Vec::new());
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.body, jpeg(500));

    // A client that connects and never says hello holds a connection thread in its handshake; the stop
    // flag still ends it at once.
    let idle = connect(&origin);
    thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    drop(origin);
    // Under a second: a thread that missed the flag would hold the drop for its whole grace period.
    assert!(started.elapsed() < Duration::from_secs(1), "drop took {:?}", started.elapsed());
    drop(idle);
}

#[test]
fn test_ca_writes_a_pem_certificate_authority() {
    let ca = TestCa::new("selftest pem CA");
    let pem = std::fs::read(ca.ca_pem_path()).unwrap();
    assert!(pem.starts_with(b"-----BEGIN CERTIFICATE-----"));
    let parsed: Vec<CertificateDer> = CertificateDer::pem_slice_iter(&pem).collect::<Result<_, _>>().unwrap();
    assert_eq!(parsed, [ca.cert().clone()], "ca.pem holds the CA's certificate and nothing else");

    // The leaf is signed by the CA: a verifier trusting the CA alone accepts it, for both its names and
    // from yesterday to a month from now, and one trusting another CA does not.
    let verifier = |ca: &TestCa| {
        let mut roots = RootCertStore::empty();
        roots.add(ca.cert().clone()).unwrap();
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider()).build().unwrap()
    };
    let leaf = ca.localhost_leaf();
    let now = UnixTime::now().as_secs();
    let hours = |h: i64| UnixTime::since_unix_epoch(Duration::from_secs(now.saturating_add_signed(h * 3600)));
    let check = |verifier: &WebPkiServerVerifier, name: &str, at: UnixTime| {
        let name = ServerName::try_from(name.to_owned()).unwrap();
        verifier.verify_server_cert(&leaf.cert, &[], &name, &[], at).map(|_| ())
    };
    let ours = verifier(&ca);
    for name in ["localhost", "127.0.0.1"] {
        for at in [hours(0), hours(-23), hours(29 * 24)] {
            assert_eq!(check(&ours, name, at), Ok(()), "{name} at {:?}", at.as_secs());
        }
    }
    let early = check(&ours, "localhost", hours(-25));
    assert!(
        matches!(
            early,
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. }
            ))
        ),
        "{early:?}"
    );
    let late = check(&ours, "localhost", hours(31 * 24));
    assert!(
        matches!(
            late,
            Err(rustls::Error::InvalidCertificate(
                CertificateError::Expired | CertificateError::ExpiredContext { .. }
            ))
        ),
        "{late:?}"
    );
    let other = TestCa::new("selftest pem other CA");
    assert_eq!(
        check(&verifier(&other), "localhost", hours(0)),
        Err(rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer))
    );
}

// ---------------------------------------------------------------------------------------------------------
// Fixtures and the runner.

#[test]
fn fixtures_have_magic_bytes_exact_sizes_and_seeded_patterns() {
    for n in [64, 65, 1000, 100_000] {
        let jpeg_bytes = jpeg(n);
        assert_eq!(jpeg_bytes.len(), n);
        assert!(jpeg_bytes.starts_with(b"\xFF\xD8\xFF\xE0\x00\x10JFIF\0"));
        assert!(jpeg_bytes.ends_with(b"\xFF\xD9"));

        let png_bytes = png(n);
        assert_eq!(png_bytes.len(), n);
        assert!(png_bytes.starts_with(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"));
        assert!(png_bytes.ends_with(b"IEND\xAE\x42\x60\x82"));

        let gif_bytes = gif(n);
        assert_eq!(gif_bytes.len(), n);
        assert!(gif_bytes.starts_with(b"GIF89a"));

        let webp_bytes = webp(n);
        assert_eq!(webp_bytes.len(), n);
        assert!(webp_bytes.starts_with(b"RIFF"));
        assert_eq!(&webp_bytes[8..16], b"WEBPVP8 ");
        assert_eq!(webp_bytes[4..8], ((n - 8) as u32).to_le_bytes());
    }
    // Deterministic, and different for different seeds.
    assert_eq!(jpeg(500), jpeg_seeded(500, 0));
    assert_ne!(jpeg_seeded(500, 1), jpeg_seeded(500, 2));
    assert_ne!(png_seeded(500, 1), png_seeded(500, 2));
    assert_ne!(gif_seeded(500, 1), gif_seeded(500, 2));
    assert_ne!(webp_seeded(500, 1), webp_seeded(500, 2));
}

#[test]
fn runner_uses_a_scratch_dir_and_lists_hidden_files() {
    // Whatever src/ currently does, it must finish; only the runner's own behaviour is checked here.
    let cmd = catfetch().arg("--help").timeout(Duration::from_secs(30));
    std::fs::write(cmd.dir().join(".hidden.part"), b"x").unwrap();
    std::fs::create_dir(cmd.dir().join("sub")).unwrap();
    std::fs::write(cmd.dir().join("sub/b.jpg"), jpeg(64)).unwrap();
    let run = cmd.run();
    assert!(run.code.is_some(), "{run}");
    assert!(run.elapsed < Duration::from_secs(30));
    let root = run.files("");
    assert!(root.contains(&".hidden.part".to_owned()), "{root:?}");
    assert!(root.contains(&"sub".to_owned()), "{root:?}");
    assert_eq!(run.files("sub"), ["b.jpg"]);
    assert_eq!(run.files("missing"), Vec::<String>::new());
    assert_eq!(run.read("sub/b.jpg"), jpeg(64));

    // A caller-owned directory outlives the run and can be used again.
    let dir = tempfile::tempdir().unwrap();
    let first = catfetch_in(dir.path()).arg("--help").run();
    assert_eq!(first.dir.path(), dir.path());
    drop(first);
    assert!(dir.path().exists());
}
