//! Self-tests of the HTTP/2 test origin ([`H2Origin`]): it speaks HTTP/2 to a client that offers `h2` by
//! ALPN and HTTP/1.1 to any other, and what it records (connections, protocols, requests, requests in flight
//! per connection) is what happened. The HTTP/2 client is hyper's, over rustls on smol; the HTTP/1.1 one is
//! a raw socket under rustls, so the status line is seen exactly as sent. Every wait is bounded in time.

use std::future::Future;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_rustls::TlsConnector;
use http_body_util::{BodyExt, Empty};
use hyper::client::conn::http2::{self, SendRequest};
use hyper::header::CONTENT_TYPE;
use hyper::Request;
use rustls::{ClientConnection, StreamOwned};
use rustls_pki_types::ServerName;
use smol::future::FutureExt;
use smol::{Async, Executor, Timer};
use smol_hyper::rt::{FuturesIo, SmolTimer};

use crate::support::h2origin::Spawner;
use crate::support::{jpeg, H2Connection, H2Origin, H2Route, Protocol, TestCa};

/// No answer in these tests takes longer than this.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);

/// `future`, or a panic naming `what` if it takes longer than [`CLIENT_TIMEOUT`].
async fn within<T>(what: &str, future: impl Future<Output = T>) -> T {
    future
        .or(async {
            Timer::after(CLIENT_TIMEOUT).await;
            panic!("{what}: nothing within {CLIENT_TIMEOUT:?}")
        })
        .await
}

/// An HTTP/2 connection to `origin` by name (`localhost`) trusting `ca`, offering `h2` and `http/1.1` as a
/// browser does; hyper's connection task runs on `executor`. Also returns the protocol ALPN chose.
async fn h2_connect(
    origin: &H2Origin,
    ca: &TestCa,
    executor: &Arc<Executor<'static>>,
) -> (SendRequest<Empty<Bytes>>, Option<Vec<u8>>) {
    let tcp = Async::<TcpStream>::connect(origin.addr()).await.expect("connect to the h2 origin");
    let connector = TlsConnector::from(ca.client_config(&[b"h2", b"http/1.1"]));
    let name = ServerName::try_from("localhost").unwrap();
    let tls = within("TLS handshake", connector.connect(name, tcp)).await.expect("TLS handshake");
    let alpn = tls.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
    let mut builder = http2::Builder::new(Spawner::new(executor));
    builder.timer(SmolTimer::new());
    let (sender, connection) =
        within("HTTP/2 handshake", builder.handshake(FuturesIo::new(tls))).await.expect("HTTP/2 handshake");
    executor
        .spawn(async move {
            let _ = connection.await;
        })
        .detach();
    (sender, alpn)
}

/// GETs `url` on the connection; returns the status, the Content-Type and the body.
async fn h2_get(mut sender: SendRequest<Empty<Bytes>>, url: String) -> (u16, String, Vec<u8>) {
    let request = Request::get(url).body(Empty::new()).unwrap();
    let response = sender.send_request(request).await.expect("an HTTP/2 answer");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.expect("the whole body").to_bytes().to_vec();
    (status, content_type, body)
}

/// A blocking TLS connection to `origin` trusting `ca`, offering `alpn` (maybe nothing), handshake done.
fn tls_connect(origin: &H2Origin, ca: &TestCa, alpn: &[&[u8]]) -> StreamOwned<ClientConnection, TcpStream> {
    let mut tcp = TcpStream::connect(origin.addr()).expect("connect to the h2 origin");
    tcp.set_read_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    tcp.set_write_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    let name = ServerName::try_from("localhost").unwrap();
    let mut tls = ClientConnection::new(ca.client_config(alpn), name).unwrap();
    while tls.is_handshaking() {
        tls.complete_io(&mut tcp).expect("TLS handshake");
    }
    StreamOwned::new(tls, tcp)
}

/// Sends a raw HTTP/1.1 GET and reads one answer framed by Content-Length: its head as text, and its body.
fn http1_get(stream: &mut impl ReadWrite, target: &str) -> (String, Vec<u8>) {
    write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("send request");
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_len = loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut chunk).expect("read the head");
        assert!(n > 0, "closed after {} bytes of head", bytes.len());
        bytes.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&bytes[..head_len]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
        .expect("a Content-Length")
        .parse()
        .expect("a numeric Content-Length");
    while bytes.len() < head_len + length {
        let n = stream.read(&mut chunk).expect("read the body");
        assert!(n > 0, "closed mid-body");
        bytes.extend_from_slice(&chunk[..n]);
    }
    (head, bytes[head_len..].to_vec())
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

/// Reads and discards until the origin ends the connection (an end of stream, a reset, TLS without
/// `close_notify`: any of them); panics if it is still open after [`CLIENT_TIMEOUT`] of silence.
fn read_until_closed(stream: &mut impl Read) {
    let mut sink = [0u8; 16 * 1024];
    for _ in 0..1000 {
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                panic!("the connection stayed open for {CLIENT_TIMEOUT:?}")
            }
            Err(_) => return,
        }
    }
    panic!("the origin kept sending");
}

#[test]
fn a_client_offering_h2_gets_http2_and_its_requests_share_one_connection() {
    let ca = TestCa::new("h2 selftest CA");
    let delay = Duration::from_millis(300);
    let origin = H2Origin::start(&ca, vec![H2Route::new("/cat", "image/jpeg", jpeg(5000)).after(delay)]);
    assert!(origin.url("/cat").starts_with("https://127.0.0.1:"));
    assert!(origin.localhost_url("/cat").starts_with("https://localhost:"));

    let executor = Arc::new(Executor::new());
    let answers = smol::block_on(executor.run(async {
        let (sender, alpn) = h2_connect(&origin, &ca, &executor).await;
        assert_eq!(alpn.as_deref(), Some(&b"h2"[..]), "ALPN chose h2");
        // Four at once on the one connection; then one to a path the origin does not know.
        let tasks: Vec<_> = (0..4)
            .map(|_| executor.spawn(h2_get(sender.clone(), origin.localhost_url("/cat?n=1"))))
            .collect();
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(within("an HTTP/2 answer", task).await);
        }
        answers.push(within("an HTTP/2 404", h2_get(sender, origin.localhost_url("/nope"))).await);
        answers
    }));

    for (status, content_type, body) in &answers[..4] {
        assert_eq!((*status, content_type.as_str()), (200, "image/jpeg"));
        assert_eq!(*body, jpeg(5000));
    }
    assert_eq!((answers[4].0, answers[4].1.as_str()), (404, "text/plain"));
    assert_eq!(origin.accepted(), 1);
    // All four were being answered at once: they were multiplexed, not queued.
    let expected = H2Connection { protocol: Some(Protocol::H2), requests: 5, peak_in_flight: 4 };
    assert_eq!(origin.connections(), [expected]);
    assert_eq!(origin.peak_in_flight(), 4);
    assert_eq!((origin.hits("/cat"), origin.hits("/nope"), origin.requests()), (4, 1, 5));
}

#[test]
fn a_client_offering_only_http11_or_no_alpn_gets_http11() {
    let ca = TestCa::new("h2 selftest http/1.1 CA");
    let origin = H2Origin::start(&ca, vec![H2Route::new("/cat", "image/jpeg", jpeg(3000))]);

    let mut tls = tls_connect(&origin, &ca, &[b"http/1.1"]);
    assert_eq!(tls.conn.alpn_protocol(), Some(&b"http/1.1"[..]));
    // Two requests, one after the other, on the one connection.
    for _ in 0..2 {
        let (head, body) = http1_get(&mut tls, "/cat");
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.to_ascii_lowercase().contains("\r\ncontent-type: image/jpeg\r\n"), "{head}");
        assert_eq!(body, jpeg(3000));
    }

    let mut plain = tls_connect(&origin, &ca, &[]);
    assert_eq!(plain.conn.alpn_protocol(), None);
    let (head, body) = http1_get(&mut plain, "/cat");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert_eq!(body, jpeg(3000));

    let http1 = |requests| H2Connection { protocol: Some(Protocol::Http1), requests, peak_in_flight: 1 };
    assert_eq!(origin.connections(), [http1(2), http1(1)]);
    assert_eq!(origin.hits("/cat"), 3);
}

#[test]
fn garbage_and_refused_handshakes_end_only_their_own_connection() {
    let ca = TestCa::new("h2 selftest garbage CA");
    let origin = H2Origin::start(&ca, vec![H2Route::new("/cat", "image/png", b"png".to_vec())]);

    // Plain HTTP where TLS is expected.
    let mut tcp = TcpStream::connect(origin.addr()).unwrap();
    tcp.set_read_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    tcp.write_all(b"GET /cat HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    read_until_closed(&mut tcp);

    // A client that trusts another CA refuses the handshake.
    let stranger = TestCa::new("h2 selftest stranger CA");
    let mut tcp = TcpStream::connect(origin.addr()).unwrap();
    tcp.set_read_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    let name = ServerName::try_from("localhost").unwrap();
    let mut refused = ClientConnection::new(stranger.client_config(&[b"h2"]), name).unwrap();
    // Each step is bounded by the socket's timeout; a refusal is an error, which ends the loop.
    while refused.is_handshaking() && refused.complete_io(&mut tcp).is_ok() {}
    assert!(refused.is_handshaking(), "a stranger's certificate was accepted");
    drop(tcp);

    // HTTP/2 by ALPN, then bytes that are not the HTTP/2 preface.
    let mut h2 = tls_connect(&origin, &ca, &[b"h2"]);
    assert_eq!(h2.conn.alpn_protocol(), Some(&b"h2"[..]));
    h2.write_all(b"GET /cat HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    read_until_closed(&mut h2);

    // The origin carries on.
    let mut good = tls_connect(&origin, &ca, &[b"http/1.1"]);
    let (head, body) = http1_get(&mut good, "/cat");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert_eq!(body, b"png");

    assert_eq!(origin.accepted(), 4);
    let connections = origin.connections();
    assert_eq!(connections[0], H2Connection::default(), "no TLS, no protocol");
    assert_eq!(connections[1], H2Connection::default(), "refused handshake, no protocol");
    assert_eq!(connections[2], H2Connection { protocol: Some(Protocol::H2), requests: 0, peak_in_flight: 0 });
    assert_eq!(
        connections[3],
        H2Connection { protocol: Some(Protocol::Http1), requests: 1, peak_in_flight: 1 }
    );
    assert_eq!(origin.hits("/cat"), 1);
}

#[test]
fn dropping_the_h2_origin_with_a_request_in_flight_is_prompt() {
    let ca = TestCa::new("h2 selftest drop CA");
    let slow = H2Route::new("/slow", "image/jpeg", jpeg(100)).after(Duration::from_secs(30));
    let origin = H2Origin::start(&ca, vec![slow]);

    let executor = Arc::new(Executor::new());
    smol::block_on(executor.run(async {
        let (mut sender, _) = h2_connect(&origin, &ca, &executor).await;
        let request = Request::get(origin.localhost_url("/slow")).body(Empty::new()).unwrap();
        let answer = executor.spawn(async move { sender.send_request(request).await.map(|_| ()) });
        let waiting = Instant::now();
        while origin.hits("/slow") == 0 {
            assert!(waiting.elapsed() < CLIENT_TIMEOUT, "the request never arrived");
            Timer::after(Duration::from_millis(5)).await;
        }

        let started = Instant::now();
        drop(origin);
        assert!(started.elapsed() < Duration::from_secs(2), "drop took {:?}", started.elapsed());
        // And the client is let go with an error, not left waiting for the answer.
        let answer = within("the end of the request", answer).await;
        assert!(answer.is_err(), "an answer from a dropped origin");
        assert!(started.elapsed() < Duration::from_secs(2), "client freed after {:?}", started.elapsed());
    }));
}
