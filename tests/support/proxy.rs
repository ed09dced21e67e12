//! An HTTP proxy on 127.0.0.1, started by a test like an origin, for the tests of catfetch's proxy support
//! (`http_proxy`, `https_proxy`, `no_proxy`).
//!
//! It does what a forward proxy such as Squid does for the two requests a client sends one:
//!
//! - **`GET http://host:port/path HTTP/1.1`** (the absolute form, for an http URL): it connects to
//!   `host:port`, sends the request on in origin form (`GET /path HTTP/1.1`), without the `Proxy-*` headers
//!   and with `Connection: close`, and relays the whole answer back, its head marked `Connection: close`,
//!   until the origin closes; then it closes the client's connection too. No keep-alive: one request per
//!   connection, which a client must cope with (an HTTP/1.1 server may always close).
//! - **`CONNECT host:port HTTP/1.1`** (a tunnel, for an https URL): it connects to `host:port`, answers
//!   `HTTP/1.1 200 Connection established`, then copies bytes both ways until a side closes. TLS runs end
//!   to end through it, unseen.
//!
//! What it records, for the test to read: every request head it could parse, as its request line and its
//! `Proxy-Authorization` value, *before* answering it (so a refused request is recorded too); and every TCP
//! connection accepted, so a test can show that nothing at all came its way.
//!
//! It can be told to say no: [`Proxy::requiring`] answers `407 Proxy Authentication Required` to a request
//! without the expected `Proxy-Authorization`, [`Proxy::refusing`] answers every request with one status.
//! Either way nothing is forwarded, and the connection is closed.
//!
//! Shape and bounds, as the scripted [`Origin`](super::Origin)'s: one accept thread polling a non-blocking
//! listener so that it sees the stop flag within milliseconds, one thread per connection (and one more per
//! tunnel, for the second direction). Every read polls in short slices and looks at the stop flag; a request
//! head must arrive within [`IDLE_LIMIT`], a relay ends after [`MAX_RELAY`] whatever happens; writes time
//! out. Dropping the [`Proxy`] sets the stop flag. Garbage from a client (no request line, a head too large)
//! gets a `400` (or `431`) and is not recorded; a target that cannot be reached gets a `502`; nothing here
//! panics on what a client or an origin sends.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::answer::reason_phrase;

/// How long a client may take to send a complete request head before the proxy closes the connection.
pub const IDLE_LIMIT: Duration = Duration::from_secs(10);
/// The longest a tunnel, or the relay of one answer, may last, whatever the two ends do.
pub const MAX_RELAY: Duration = Duration::from_secs(60);
/// How long connecting to a target may take before the client gets a `502`.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Reads block at most this long at a time, then re-check the stop flag and their deadline.
const READ_POLL: Duration = Duration::from_millis(50);
/// A write that makes no progress for this long means the other side stopped reading: give up on it.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// Request (and relayed answer) heads larger than this are refused rather than buffered without limit.
const MAX_HEAD: usize = 64 * 1024;
/// After a refusal, how long to keep reading (and discarding) before closing: closing a socket with unread
/// bytes in it sends a reset, which can destroy the answer before the client reads it.
const LINGER: Duration = Duration::from_millis(250);
/// How often sleeps wake up to look at the stop flag.
const SLICE: Duration = Duration::from_millis(10);
/// How long dropping a [`Proxy`] waits for its connection threads to notice the stop flag.
const DROP_GRACE: Duration = Duration::from_millis(1500);

/// One request head as the proxy received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyRequest {
    /// The request line exactly as sent, without its CRLF: `CONNECT 127.0.0.1:8443 HTTP/1.1`.
    pub line: String,
    /// The `Proxy-Authorization` value (trimmed), if the request had one.
    pub authorization: Option<String>,
}

/// What the proxy does with a request.
#[derive(Clone, Debug)]
enum Gate {
    /// Forward it.
    Open,
    /// Forward it only if its `Proxy-Authorization` is exactly this; else `407`.
    Credentials(String),
    /// Answer this status, forward nothing.
    Refuse(u16),
}

/// A running proxy. Dropping it stops it: see the module docs.
pub struct Proxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept_thread: Option<JoinHandle<()>>,
}

/// What the accept thread, every connection thread and the test share.
struct Shared {
    stop: AtomicBool,
    gate: Gate,
    log: Mutex<Vec<ProxyRequest>>,
    accepted: AtomicUsize,
    connections: Mutex<Vec<JoinHandle<()>>>,
}

impl Proxy {
    /// A proxy that forwards every request.
    pub fn start() -> Proxy {
        Proxy::launch(Gate::Open)
    }

    /// A proxy that forwards only requests whose `Proxy-Authorization` is exactly `authorization` (e.g.
    /// `Basic Y2F0OnB3`), and answers `407` with `Proxy-Authenticate: Basic` to any other.
    pub fn requiring(authorization: &str) -> Proxy {
        Proxy::launch(Gate::Credentials(authorization.to_owned()))
    }

    /// A proxy that answers every request with `code` (e.g. `502`), forwarding nothing.
    pub fn refusing(code: u16) -> Proxy {
        Proxy::launch(Gate::Refuse(code))
    }

    fn launch(gate: Gate) -> Proxy {
        let listener =
            catfetch_origin::listen(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            gate,
            log: Mutex::new(Vec::new()),
            accepted: AtomicUsize::new(0),
            connections: Mutex::new(Vec::new()),
        });
        let accept_shared = Arc::clone(&shared);
        let accept_thread = thread::Builder::new()
            .name(format!("proxy-{}", addr.port()))
            .spawn(move || accept_loop(listener, accept_shared))
            .expect("spawn the proxy's accept thread");
        Proxy { addr, shared, accept_thread: Some(accept_thread) }
    }

    /// `http://127.0.0.1:PORT`: what `http_proxy` or `https_proxy` is set to.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.addr.port())
    }

    /// `http://user:password@127.0.0.1:PORT`: the proxy URL with credentials in it.
    pub fn url_with_credentials(&self, user: &str, password: &str) -> String {
        format!("http://{user}:{password}@127.0.0.1:{}", self.addr.port())
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request head so far, in arrival order.
    pub fn requests(&self) -> Vec<ProxyRequest> {
        lock(&self.shared.log).clone()
    }

    /// The request lines so far, in arrival order.
    pub fn lines(&self) -> Vec<String> {
        lock(&self.shared.log).iter().map(|request| request.line.clone()).collect()
    }

    /// How many TCP connections the proxy accepted, whatever became of them (counted as the accept
    /// returns, before anything is read).
    pub fn accepted(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(accept) = self.accept_thread.take() {
            // The accept loop checks the flag every few milliseconds and never panics on bad input.
            let _ = accept.join();
        }
        // Connection threads notice the flag within a read poll, except one blocked writing to a side that
        // stopped reading (bounded by WRITE_TIMEOUT): wait briefly, never long, as the origin does.
        let deadline = Instant::now() + DROP_GRACE;
        let connections = std::mem::take(&mut *lock(&self.shared.connections));
        for connection in connections {
            while !connection.is_finished() && Instant::now() < deadline {
                thread::sleep(SLICE);
            }
            if connection.is_finished() {
                let _ = connection.join();
            }
        }
    }
}

/// Locks a mutex even if a thread panicked while holding it: a log stays meaningful.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn stopped(stop: &AtomicBool) -> bool {
    stop.load(Ordering::SeqCst)
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted)
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while !stopped(&shared.stop) {
        match listener.accept() {
            Ok((tcp, _peer)) => {
                shared.accepted.fetch_add(1, Ordering::SeqCst);
                let conn_shared = Arc::clone(&shared);
                let spawned = thread::Builder::new()
                    .name("proxy-conn".into())
                    .spawn(move || serve_connection(tcp, &conn_shared));
                let mut connections = lock(&shared.connections);
                connections.retain(|c| !c.is_finished());
                if let Ok(handle) = spawned {
                    connections.push(handle);
                }
            }
            // Nobody knocking, or a transient error (out of file descriptors): wait a moment.
            Err(_) => thread::sleep(Duration::from_millis(2)),
        }
    }
}

/// Blocking with short read timeouts (see [`READ_POLL`]) and a write timeout; no Nagle delay.
fn configure(tcp: &TcpStream) -> bool {
    let _ = tcp.set_nodelay(true);
    tcp.set_nonblocking(false).is_ok()
        && tcp.set_read_timeout(Some(READ_POLL)).is_ok()
        && tcp.set_write_timeout(Some(WRITE_TIMEOUT)).is_ok()
}

/// A parsed request head.
struct Head {
    line: String,
    method: String,
    target: String,
    /// Names lower-cased, values trimmed.
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn serve_connection(mut client: TcpStream, shared: &Shared) {
    if !configure(&client) {
        return;
    }
    let stop = &shared.stop;
    // Bytes read beyond the head: a tunnel's client may send its first TLS bytes right behind CONNECT.
    let mut pending = Vec::new();
    let head = match read_head(&mut client, &mut pending, stop) {
        Incoming::Head(head) => head,
        Incoming::Gone => return,
        Incoming::Bad(code) => return refuse(client, code, "", stop),
    };
    let authorization = head.header("proxy-authorization").map(str::to_owned);
    lock(&shared.log).push(ProxyRequest { line: head.line.clone(), authorization: authorization.clone() });
    match &shared.gate {
        Gate::Open => {}
        Gate::Refuse(code) => return refuse(client, *code, "", stop),
        Gate::Credentials(expected) if authorization.as_deref() != Some(expected.as_str()) => {
            let challenge = "Proxy-Authenticate: Basic realm=\"catfetch test proxy\"\r\n";
            return refuse(client, 407, challenge, stop);
        }
        Gate::Credentials(_) => {}
    }
    if head.method == "CONNECT" {
        tunnel(client, &head, pending, stop);
    } else {
        forward(client, &head, stop);
    }
}

/// What came on a new connection.
enum Incoming {
    Head(Head),
    /// EOF, an error, idle too long, or the proxy stopped: close without answering.
    Gone,
    /// Not a request head we can parse: answer with this status and close.
    Bad(u16),
}

/// Reads a request head; what follows it stays in `pending`.
fn read_head(client: &mut TcpStream, pending: &mut Vec<u8>, stop: &AtomicBool) -> Incoming {
    let deadline = Instant::now() + IDLE_LIMIT;
    let head_len = loop {
        if let Some(end) = find(pending, b"\r\n\r\n") {
            break end + 4;
        }
        if pending.len() > MAX_HEAD {
            return Incoming::Bad(431);
        }
        if !read_more(client, pending, stop, deadline) {
            return Incoming::Gone;
        }
    };
    let head = parse_head(&pending[..head_len]);
    pending.drain(..head_len);
    match head {
        Some(head) => Incoming::Head(head),
        None => Incoming::Bad(400),
    }
}

/// Parses `METHOD SP target SP HTTP/1.x CRLF (name: value CRLF)* CRLF`; None if it is anything else.
fn parse_head(bytes: &[u8]) -> Option<Head> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.split("\r\n");
    let line = lines.next()?.to_owned();
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let valid_method = !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase());
    if parts.next().is_some() || !valid_method || target.is_empty() || !version.starts_with("HTTP/1.") {
        return None;
    }
    let mut headers = Vec::new();
    for header in lines.filter(|l| !l.is_empty()) {
        let (name, value) = header.split_once(':')?;
        if name.is_empty() || name.contains(' ') {
            return None;
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    let (method, target) = (method.to_owned(), target.to_owned());
    Some(Head { line, method, target, headers })
}

/// Waits for more bytes from `from` and appends them to `buf`. False when no more will come: EOF, an
/// error, the proxy stopping, or `deadline` passing.
fn read_more(from: &mut TcpStream, buf: &mut Vec<u8>, stop: &AtomicBool, deadline: Instant) -> bool {
    let mut chunk = [0u8; 16 * 1024];
    while !stopped(stop) && Instant::now() < deadline {
        match from.read(&mut chunk) {
            Ok(0) => return false,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                return true;
            }
            Err(e) if is_timeout(&e) => {}
            Err(_) => return false,
        }
    }
    false
}

/// Answers `code` with an empty body (and `extra` header lines, each ending in CRLF), then closes.
fn refuse(mut client: TcpStream, code: u16, extra: &str, stop: &AtomicBool) {
    let reason = reason_phrase(code);
    let head = format!("HTTP/1.1 {code} {reason}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n");
    let _ = client.write_all(head.as_bytes());
    close(client, stop);
}

/// Ends a connection gently: a FIN, then a short lingering read of whatever the client still sends.
fn close(mut tcp: TcpStream, stop: &AtomicBool) {
    let _ = tcp.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut sink = [0u8; 4096];
    while Instant::now() < deadline && !stopped(stop) {
        match tcp.read(&mut sink) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if is_timeout(&e) => {}
            Err(_) => break,
        }
    }
}

/// `host` and port of an authority (`127.0.0.1:8443`, `[::1]:80`, `example.test`), the port `default`
/// if none is given; None if the port is not a number.
fn split_authority(authority: &str, default: u16) -> Option<(String, u16)> {
    // Userinfo has no business here, but must not be taken for a port either.
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(port) => port.parse().ok()?,
            None if after.is_empty() => default,
            None => return None,
        };
        return Some((host.to_owned(), port));
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => Some((host.to_owned(), port.parse().ok()?)),
        None => Some((authority.to_owned(), default)),
    }
}

/// A connection to `authority`, each of its addresses tried with a bounded connect; None if none answers.
fn dial(authority: &str, default_port: u16) -> Option<TcpStream> {
    let (host, port) = split_authority(authority, default_port)?;
    if host.is_empty() {
        return None;
    }
    let addresses = (host.as_str(), port).to_socket_addrs().ok()?;
    for address in addresses {
        if let Ok(tcp) = TcpStream::connect_timeout(&address, CONNECT_TIMEOUT) {
            if configure(&tcp) {
                return Some(tcp);
            }
        }
    }
    None
}

/// `CONNECT host:port`: a tunnel to the target, then bytes copied both ways.
fn tunnel(mut client: TcpStream, head: &Head, pending: Vec<u8>, stop: &AtomicBool) {
    // The target of CONNECT is an authority with a port (none given: port 0, which no dial reaches).
    let Some(mut upstream) = dial(&head.target, 0) else {
        return refuse(client, 502, "", stop);
    };
    if client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").is_err() {
        return;
    }
    if !pending.is_empty() && upstream.write_all(&pending).is_err() {
        return;
    }
    let (Ok(client_reader), Ok(upstream_reader)) = (client.try_clone(), upstream.try_clone()) else {
        return;
    };
    let deadline = Instant::now() + MAX_RELAY;
    thread::scope(|scope| {
        let back = thread::Builder::new()
            .name("proxy-tunnel".into())
            .spawn_scoped(scope, || relay(upstream_reader, client, stop, deadline));
        if back.is_err() {
            // No thread for the other direction: no tunnel. Dropping the sockets closes both ends.
            return;
        }
        relay(client_reader, upstream, stop, deadline);
    });
}

/// Copies `from` to `to` until `from` ends (its end is passed on: `to`'s sending side is shut), either
/// side fails, the proxy stops, or `deadline` passes; in those last cases both sockets are shut, so the
/// copy in the other direction ends too.
fn relay(mut from: TcpStream, mut to: TcpStream, stop: &AtomicBool, deadline: Instant) {
    let mut buf = [0u8; 16 * 1024];
    while !stopped(stop) && Instant::now() < deadline {
        match from.read(&mut buf) {
            Ok(0) => {
                let _ = to.shutdown(Shutdown::Write);
                return;
            }
            Ok(n) => {
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
            Err(e) if is_timeout(&e) => {}
            Err(_) => break,
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}

/// An absolute-form request (`GET http://host:port/path`): sent on in origin form, its answer relayed.
fn forward(mut client: TcpStream, head: &Head, stop: &AtomicBool) {
    let Some((authority, path)) = absolute_form(&head.target) else {
        return refuse(client, 400, "", stop);
    };
    // catfetch sends GETs without a body; relaying request bodies is beyond this proxy.
    let has_body = head.header("transfer-encoding").is_some()
        || head.header("content-length").is_some_and(|length| length != "0");
    if has_body {
        return refuse(client, 400, "", stop);
    }
    let Some(mut upstream) = dial(authority, 80) else {
        return refuse(client, 502, "", stop);
    };
    let mut request = format!("{} {path} HTTP/1.1\r\n", head.method);
    let mut has_host = false;
    for (name, value) in &head.headers {
        if is_hop_by_hop(name) {
            continue;
        }
        has_host |= name == "host";
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !has_host {
        request.push_str(&format!("host: {authority}\r\n"));
    }
    request.push_str("connection: close\r\n\r\n");
    if upstream.write_all(request.as_bytes()).is_err() {
        return refuse(client, 502, "", stop);
    }

    // The answer's head, rewritten to close; then the rest as it comes, until the origin closes.
    let deadline = Instant::now() + MAX_RELAY;
    let mut answer = Vec::new();
    let head_len = loop {
        if let Some(end) = find(&answer, b"\r\n\r\n") {
            break end + 4;
        }
        if answer.len() > MAX_HEAD || !read_more(&mut upstream, &mut answer, stop, deadline) {
            return refuse(client, 502, "", stop);
        }
    };
    let mut relayed = closing_head(&answer[..head_len]);
    relayed.extend_from_slice(&answer[head_len..]);
    if client.write_all(&relayed).is_err() {
        return;
    }
    let mut buf = [0u8; 16 * 1024];
    while !stopped(stop) && Instant::now() < deadline {
        match upstream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                if client.write_all(&buf[..n]).is_err() {
                    return;
                }
            }
            Err(e) if is_timeout(&e) => {}
            Err(_) => break,
        }
    }
    close(client, stop);
}

/// `http://authority/path?query` as (`authority`, `/path?query`); None if `target` is not an http URL.
fn absolute_form(target: &str) -> Option<(&str, String)> {
    let rest = target.strip_prefix("http://")?;
    let (authority, path) = match rest.find(['/', '?']) {
        Some(at) if rest[at..].starts_with('/') => (&rest[..at], rest[at..].to_owned()),
        Some(at) => (&rest[..at], format!("/{}", &rest[at..])),
        None => (rest, "/".to_owned()),
    };
    (!authority.is_empty()).then_some((authority, path))
}

/// Headers that concern one connection only, and so are not sent on (RFC 9110 7.6.1), the proxy's own
/// credentials among them.
fn is_hop_by_hop(name: &str) -> bool {
    matches!(
        name,
        "connection" | "keep-alive" | "proxy-connection" | "proxy-authorization" | "te" | "upgrade"
    )
}

/// An answer's head (status line, headers, blank line) with its connection headers replaced by
/// `Connection: close`: the proxy closes after it. The other bytes are left exactly as the origin sent them.
fn closing_head(head: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(head.len() + 20);
    let mut lines = head.split(|&b| b == b'\n').map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    if let Some(status) = lines.next() {
        out.extend_from_slice(status);
        out.extend_from_slice(b"\r\n");
    }
    for line in lines.filter(|line| !line.is_empty()) {
        let name = line.split(|&b| b == b':').next().unwrap_or_default();
        let name = String::from_utf8_lossy(name).trim().to_ascii_lowercase();
        if !is_hop_by_hop(&name) {
            out.extend_from_slice(line);
            out.extend_from_slice(b"\r\n");
        }
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
