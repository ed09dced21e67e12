//! Self-tests of the test proxy ([`Proxy`]): the proxy tests of `engine.rs` trust it to forward, tunnel,
//! refuse and record exactly as documented; if it did not, a test of catfetch could pass for the wrong
//! reason. Each is checked here from a raw socket (std's `TcpStream`), with no HTTP library in between, against
//! the scripted origin. Every socket has a read timeout, so no test here can hang.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::support::{jpeg, Answer, Origin, Proxy, ProxyRequest, Route};

/// No read in these tests waits longer than this for a byte.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);
/// base64("cat:pw")
const BASIC: &str = "Basic Y2F0OnB3";

fn connect(proxy: &Proxy) -> TcpStream {
    let stream = TcpStream::connect(proxy.addr()).expect("connect to the proxy");
    stream.set_read_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    stream
}

/// Reads until the other side closes; panics if it stays silent for [`CLIENT_TIMEOUT`].
fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut bytes = Vec::new();
    match stream.read_to_end(&mut bytes) {
        Ok(_) => bytes,
        Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
            panic!("silent for {CLIENT_TIMEOUT:?} after {} bytes", bytes.len())
        }
        // A reset after the answer: what arrived is what the test looks at.
        Err(_) => bytes,
    }
}

/// Reads until `bytes` ends with a blank line (a whole head), byte by byte so nothing after it is taken.
fn read_head(stream: &mut TcpStream) -> String {
    let mut bytes = Vec::new();
    let mut byte = [0u8; 1];
    while !bytes.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => bytes.push(byte[0]),
            other => panic!("no whole head ({other:?}) after {:?}", String::from_utf8_lossy(&bytes)),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The bytes after the head.
fn body_of(reply: &[u8]) -> &[u8] {
    let end = reply.windows(4).position(|w| w == b"\r\n\r\n").expect("a whole head") + 4;
    &reply[end..]
}

#[test]
fn an_absolute_form_get_is_forwarded_in_origin_form_and_its_answer_relayed_whole() {
    let picture = jpeg(300_000);
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", picture.clone()))]);
    let proxy = Proxy::start();
    let mut stream = connect(&proxy);
    let line = format!("GET {} HTTP/1.1", origin.url("/cat?x=1"));
    let host = format!("127.0.0.1:{}", origin.port());
    write!(stream, "{line}\r\nHost: {host}\r\nProxy-Authorization: {BASIC}\r\nX-Cat: tabby\r\n\r\n").unwrap();
    let reply = read_to_close(&mut stream);
    let text = String::from_utf8_lossy(&reply);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text:.200}");
    assert!(text.contains("\r\nConnection: close\r\n"), "{text:.200}");
    assert_eq!(body_of(&reply), picture, "the whole body, byte for byte");

    assert_eq!(proxy.requests(), [ProxyRequest { line, authorization: Some(BASIC.to_owned()) }]);
    let forwarded = &origin.requests()[0];
    assert_eq!(forwarded.target, "/cat?x=1", "origin form");
    assert_eq!(forwarded.header("host"), Some(host.as_str()));
    assert_eq!(forwarded.header("connection"), Some("close"));
    assert_eq!(forwarded.header("x-cat"), Some("tabby"));
    assert_eq!(forwarded.header("proxy-authorization"), None, "the proxy's credentials stay with it");
    assert_eq!((proxy.accepted(), origin.accepted()), (1, 1));
}

#[test]
fn connect_opens_a_tunnel_that_carries_bytes_both_ways() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(100_000)))]);
    let proxy = Proxy::start();
    let mut stream = connect(&proxy);
    let target = format!("127.0.0.1:{}", origin.port());
    write!(stream, "CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n").unwrap();
    assert_eq!(read_head(&mut stream), "HTTP/1.1 200 Connection established\r\n\r\n");
    // Through the tunnel, HTTP/1.1 to the origin itself, in origin form, closing after the answer.
    write!(stream, "GET /cat HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n").unwrap();
    let reply = read_to_close(&mut stream);
    assert!(reply.starts_with(b"HTTP/1.1 200 OK\r\n"), "{:.200}", String::from_utf8_lossy(&reply));
    assert_eq!(body_of(&reply), jpeg(100_000));
    assert_eq!(proxy.lines(), [format!("CONNECT {target} HTTP/1.1")]);
    assert_eq!(origin.requests()[0].target, "/cat");
}

#[test]
fn a_proxy_requiring_credentials_answers_407_to_the_others_and_forwards_nothing_for_them() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::status(204))]);
    let proxy = Proxy::requiring(BASIC);
    let target = format!("127.0.0.1:{}", origin.port());
    for credentials in ["", "Proxy-Authorization: Basic d3Jvbmc6cHc=\r\n"] {
        for line in [format!("CONNECT {target} HTTP/1.1"), format!("GET {} HTTP/1.1", origin.url("/cat"))] {
            let mut stream = connect(&proxy);
            write!(stream, "{line}\r\nHost: {target}\r\n{credentials}\r\n").unwrap();
            let reply = String::from_utf8_lossy(&read_to_close(&mut stream)).into_owned();
            assert!(reply.starts_with("HTTP/1.1 407 Proxy Authentication Required\r\n"), "{reply}");
            assert!(reply.contains("Proxy-Authenticate: Basic"), "{reply}");
        }
    }
    assert_eq!(proxy.requests().len(), 4, "refused requests are recorded too");
    assert_eq!(origin.accepted(), 0, "nothing forwarded");
    // With the right credentials it forwards.
    let mut stream = connect(&proxy);
    write!(stream, "GET {} HTTP/1.1\r\nProxy-Authorization: {BASIC}\r\n\r\n", origin.url("/cat")).unwrap();
    assert!(read_to_close(&mut stream).starts_with(b"HTTP/1.1 204 No Content\r\n"));
    assert_eq!(origin.hits("/cat"), 1);
}

#[test]
fn a_refusing_proxy_answers_its_status_to_everything() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::status(204))]);
    let proxy = Proxy::refusing(502);
    let mut stream = connect(&proxy);
    write!(stream, "CONNECT 127.0.0.1:{} HTTP/1.1\r\n\r\n", origin.port()).unwrap();
    let reply = String::from_utf8_lossy(&read_to_close(&mut stream)).into_owned();
    assert!(reply.starts_with("HTTP/1.1 502 Bad Gateway\r\n"), "{reply}");
    assert_eq!(origin.accepted(), 0);
}

#[test]
fn garbage_and_unreachable_targets_get_an_answer_and_the_proxy_carries_on() {
    let proxy = Proxy::start();
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    for (sent, status) in [
        ("\x00\x01 nonsense\r\n\r\n".to_owned(), "400"),
        ("GET /cat HTTP/1.1\r\n\r\n".to_owned(), "400"),
        ("GET http://127.0.0.1:notaport/ HTTP/1.1\r\n\r\n".to_owned(), "502"),
        (format!("CONNECT 127.0.0.1:{closed_port} HTTP/1.1\r\n\r\n"), "502"),
        ("CONNECT [::1 HTTP/1.1\r\n\r\n".to_owned(), "502"),
        (format!("GET http://127.0.0.1:{closed_port}/cat HTTP/1.1\r\n\r\n"), "502"),
    ] {
        let mut stream = connect(&proxy);
        stream.write_all(sent.as_bytes()).unwrap();
        let reply = String::from_utf8_lossy(&read_to_close(&mut stream)).into_owned();
        assert!(reply.starts_with(&format!("HTTP/1.1 {status} ")), "{sent:?} got {reply:?}");
    }
    // A client that hangs up at once is no error either.
    drop(connect(&proxy));
    assert_eq!(proxy.requests().len(), 5, "only parsable heads are recorded: {:?}", proxy.lines());
}

#[test]
fn dropping_a_proxy_with_an_open_tunnel_is_prompt() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::status(204))]);
    let proxy = Proxy::start();
    let mut stream = connect(&proxy);
    write!(stream, "CONNECT 127.0.0.1:{} HTTP/1.1\r\n\r\n", origin.port()).unwrap();
    assert!(read_head(&mut stream).starts_with("HTTP/1.1 200 "));
    // The tunnel is open and idle: both its threads are blocked reading.
    let started = Instant::now();
    drop(proxy);
    assert!(started.elapsed() < Duration::from_secs(1), "took {:?}", started.elapsed());
    // The tunnel was shut with it.
    assert!(read_to_close(&mut stream).is_empty());
}
