//! A scripted HTTP/1.1 origin server on 127.0.0.1, plain or TLS, for integration tests.
//!
//! Why hand-written? A real server library does its best to answer correctly, and the interesting tests of a
//! download client are the ones where the server does *not*: it lies about the length, stalls mid-body,
//! drips, never ends, resets, or sends a status line that is not HTTP at all. Here each path has a script,
//! a list of [`Answer`]s: the Nth request to the path gets the Nth answer, and the last one repeats forever.
//!
//! Shape of the server:
//!
//! - One accept thread, polling a non-blocking listener so that it notices the stop flag within
//!   milliseconds; one thread per connection, so a deliberately slow answer never delays another.
//! - Connections are kept alive between requests (catfetch reuses them), except after answers whose whole
//!   point is to break the connection, which close it.
//! - Every request is recorded (method, target, headers) *before* it is answered, so a test can inspect what
//!   the client sent even when the answer kills the connection. Every TCP connection accepted is counted,
//!   so a test can tell a client that reuses its connections from one that opens a new one per request.
//! - Nothing can hang: reads poll in short slices and give up after [`IDLE_LIMIT`]; writes time out; every
//!   sleep is cut into short slices that check the stop flag; dropping the [`Origin`] sets that flag.
//! - Garbage from a client never panics a server thread: it is answered with a 400 (or dropped).

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rustls::{ServerConfig, ServerConnection, StreamOwned};

use super::answer::{write_answer, After, Answer};
use super::tls::{Leaf, TestCa};

/// How long a connection may sit without a complete request before the server closes it.
pub const IDLE_LIMIT: Duration = Duration::from_secs(10);
/// The longest any scripted wait (Slow, Stall) or endless body may last, whatever the script says.
pub const MAX_SCRIPTED_WAIT: Duration = Duration::from_secs(60);
/// How often blocked reads and sleeps wake up to look at the stop flag.
const SLICE: Duration = Duration::from_millis(10);
/// Reads block at most this long at a time, then re-check the stop flag and the idle deadline.
const READ_POLL: Duration = Duration::from_millis(50);
/// A write that makes no progress for this long means the client stopped reading: give up on it.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// Request heads larger than this are refused (431) rather than buffered without limit.
const MAX_HEAD: usize = 64 * 1024;
/// Request bodies larger than this are refused (413); `catfetch` only sends GETs anyway.
const MAX_REQUEST_BODY: usize = 1024 * 1024;
/// A ceiling on requests per connection, so even the keep-alive loop is bounded.
const MAX_REQUESTS_PER_CONNECTION: usize = 10_000;
/// After answering, how long to keep reading (and discarding) before closing; see [`Wire::close`].
const LINGER: Duration = Duration::from_millis(250);
/// How long dropping an [`Origin`] waits for connection threads to notice the stop flag.
const DROP_GRACE: Duration = Duration::from_millis(1500);

/// The script for one path: the Nth request gets `answers[N]`, and the last answer repeats forever.
#[derive(Clone, Debug)]
pub struct Route {
    path: String,
    answers: Vec<Answer>,
}

impl Route {
    /// `path` is matched exactly against the request path, query string excluded.
    ///
    /// # Panics
    /// If `answers` is empty.
    pub fn new(path: &str, answers: Vec<Answer>) -> Route {
        assert!(!answers.is_empty(), "route {path} needs at least one answer");
        Route { path: path.to_owned(), answers }
    }

    /// The same answer to every request.
    pub fn always(path: &str, answer: Answer) -> Route {
        Route::new(path, vec![answer])
    }
}

/// One request as the origin received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    /// Path and query, exactly as sent on the request line.
    pub target: String,
    /// Header names lower-cased (HTTP names are case-insensitive); values as sent, trimmed.
    pub headers: Vec<(String, String)>,
}

impl Recorded {
    /// The first value of header `name` (any case), if the request had it.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The target without its query string.
    pub fn path(&self) -> &str {
        path_of(&self.target)
    }
}

/// A running origin. Dropping it stops the server: see the module docs.
pub struct Origin {
    scheme: &'static str,
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept_thread: Option<JoinHandle<()>>,
}

/// What the accept thread, every connection thread and the test share.
struct Shared {
    stop: AtomicBool,
    routes: HashMap<String, Script>,
    /// TCP connections accepted so far (see [`Origin::accepted`]).
    accepted: AtomicUsize,
    log: Mutex<Vec<Recorded>>,
    in_flight: Mutex<HashMap<String, Flight>>,
    connections: Mutex<Vec<JoinHandle<()>>>,
    tls: Option<Arc<ServerConfig>>,
}

struct Script {
    answers: Vec<Answer>,
    /// How many requests this route has answered (or begun to): the index of the next answer.
    served: AtomicUsize,
}

#[derive(Default)]
struct Flight {
    now: usize,
    max: usize,
}

impl Origin {
    /// Starts a plain-HTTP origin on `127.0.0.1` with a free port.
    pub fn start(routes: Vec<Route>) -> Origin {
        Origin::launch(routes, None)
    }

    /// Starts an HTTPS origin whose certificate `ca` signed, valid for `localhost` and `127.0.0.1`.
    pub fn start_tls(routes: Vec<Route>, ca: &TestCa) -> Origin {
        Origin::start_tls_with(routes, &ca.localhost_leaf())
    }

    /// Starts an HTTPS origin presenting `leaf`, e.g. one issued for the wrong host name.
    pub fn start_tls_with(routes: Vec<Route>, leaf: &Leaf) -> Origin {
        // TLS 1.2 and 1.3, what a real server offers. This origin speaks HTTP/1.1 only, and says so by ALPN:
        // a client that offers HTTP/2 as well gets HTTP/1.1 (the HTTP/2 origin is `H2Origin`).
        Origin::launch(routes, Some(leaf.server_config(&[b"http/1.1"])))
    }

    fn launch(routes: Vec<Route>, tls: Option<Arc<ServerConfig>>) -> Origin {
        let mut scripts = HashMap::new();
        for route in routes {
            let script = Script { answers: route.answers, served: AtomicUsize::new(0) };
            let duplicate = scripts.insert(route.path.clone(), script).is_some();
            assert!(!duplicate, "route {} is given twice", route.path);
        }
        let scheme = if tls.is_some() { "https" } else { "http" };
        // The system's longest accept queue, as the built-in origin uses: a burst of connections never
        // waits on SYN retries.
        let listener =
            catfetch_origin::listen(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        // Non-blocking, so the accept loop can look at the stop flag between attempts.
        listener.set_nonblocking(true).expect("non-blocking listener");

        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            routes: scripts,
            accepted: AtomicUsize::new(0),
            log: Mutex::new(Vec::new()),
            in_flight: Mutex::new(HashMap::new()),
            connections: Mutex::new(Vec::new()),
            tls,
        });
        let accept_shared = Arc::clone(&shared);
        let accept_thread = thread::Builder::new()
            .name(format!("origin-{}", addr.port()))
            .spawn(move || accept_loop(listener, accept_shared))
            .expect("spawn accept thread");
        Origin { scheme, addr, shared, accept_thread: Some(accept_thread) }
    }

    /// The URL of `path` (which should start with `/`) on this origin, by IP: `http://127.0.0.1:PORT/path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}://127.0.0.1:{}{}", self.scheme, self.addr.port(), path)
    }

    /// The same URL by name, `localhost` (which the TLS certificate also covers).
    pub fn localhost_url(&self, path: &str) -> String {
        format!("{}://localhost:{}{}", self.scheme, self.addr.port(), path)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many requests came for `path` (query string ignored), routed or not.
    pub fn hits(&self, path: &str) -> usize {
        lock(&self.shared.log).iter().filter(|r| r.path() == path).count()
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared.log).clone()
    }

    /// The requests for `path` (query string ignored), in arrival order.
    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        lock(&self.shared.log).iter().filter(|r| r.path() == path).cloned().collect()
    }

    /// How many TCP connections the origin has accepted, whatever became of them (a TLS handshake that
    /// failed, a connection closed without a request): counted as the accept returns, before anything is
    /// read. With [`Origin::hits`], it tells whether a client reused its connections: 8 requests over 2
    /// connections means each was used again.
    pub fn accepted(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// The most requests for `path` that were ever being answered at the same moment: from when a request
    /// was read until its answer was fully sent or its connection broke. Tests a concurrency bound.
    pub fn max_in_flight(&self, path: &str) -> usize {
        lock(&self.shared.in_flight).get(path).map_or(0, |f| f.max)
    }
}

impl Drop for Origin {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(accept) = self.accept_thread.take() {
            // The accept loop checks the flag every few milliseconds, and never panics on bad input; if it
            // did panic anyway, re-raising that from a destructor would only obscure the test's own result.
            let _ = accept.join();
        }
        // Connection threads notice the flag within a slice too, except one blocked writing to a client that
        // stopped reading (bounded by WRITE_TIMEOUT). Wait briefly so the next test starts on a quiet machine,
        // but never long: a thread still busy after the grace period finishes on its own, detached.
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

/// Locks a mutex even if a thread panicked while holding it: the data (a log, counters) stays meaningful,
/// and a poisoned lock must not turn one failure into a cascade of confusing ones.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(super) fn stopped(stop: &AtomicBool) -> bool {
    stop.load(Ordering::SeqCst)
}

/// Sleeps for `total` (at most [`MAX_SCRIPTED_WAIT`]) in short slices. Returns false if the origin was
/// stopped meanwhile, so the caller can abandon the answer.
pub(super) fn nap(stop: &AtomicBool, total: Duration) -> bool {
    let end = Instant::now() + total.min(MAX_SCRIPTED_WAIT);
    loop {
        if stopped(stop) {
            return false;
        }
        let now = Instant::now();
        if now >= end {
            return true;
        }
        thread::sleep((end - now).min(SLICE));
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while !stopped(&shared.stop) {
        match listener.accept() {
            Ok((tcp, _peer)) => {
                shared.accepted.fetch_add(1, Ordering::SeqCst);
                let conn_shared = Arc::clone(&shared);
                let spawned = thread::Builder::new()
                    .name("origin-conn".into())
                    .spawn(move || serve_connection(tcp, &conn_shared));
                let mut connections = lock(&shared.connections);
                // Forget finished threads as we go, so a long test does not pile up handles.
                connections.retain(|c| !c.is_finished());
                if let Ok(handle) = spawned {
                    connections.push(handle);
                }
            }
            // WouldBlock: nobody is knocking. Anything else (e.g. too many open files) is transient for our
            // purposes: wait a moment and try again, as long as the origin is running.
            Err(_) => thread::sleep(Duration::from_millis(2)),
        }
    }
}

/// The transport under one connection: plain TCP, or TLS over TCP (boxed: rustls's connection state is
/// large, and most origins are plain).
pub(super) enum Wire {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

impl Read for Wire {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Wire::Plain(s) => s.read(buf),
            Wire::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Wire {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Wire::Plain(s) => s.write(buf),
            Wire::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Wire::Plain(s) => s.flush(),
            Wire::Tls(s) => s.flush(),
        }
    }
}

impl Wire {
    fn tcp(&self) -> &TcpStream {
        match self {
            Wire::Plain(s) => s,
            Wire::Tls(s) => &s.sock,
        }
    }

    /// Ends the connection the way a well-behaved server does, even after a badly-behaved answer: TLS
    /// `close_notify`, then a TCP FIN (shutdown of our sending side), then a short "lingering close" reading
    /// and discarding whatever the client still sends. Closing a socket with unread data in it makes the
    /// kernel send a reset, which can destroy the answer we just sent before the client reads it.
    fn close(mut self, stop: &AtomicBool) {
        if let Wire::Tls(s) = &mut self {
            s.conn.send_close_notify();
            // Best effort, like the rest of a close: a client that is gone or not reading does not get it.
            while s.conn.wants_write() {
                match s.conn.write_tls(&mut s.sock) {
                    Ok(n) if n > 0 => {}
                    _ => break,
                }
            }
        }
        let mut tcp = self.tcp();
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
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted)
}

fn serve_connection(tcp: TcpStream, shared: &Shared) {
    // The listener is non-blocking and some platforms pass that on to accepted sockets: undo it, then use
    // timeouts instead, so every blocking call wakes up regularly.
    if tcp.set_nonblocking(false).is_err()
        || tcp.set_read_timeout(Some(READ_POLL)).is_err()
        || tcp.set_write_timeout(Some(WRITE_TIMEOUT)).is_err()
    {
        return;
    }
    // Small writes (a head, a drip) should leave at once, not wait for Nagle's algorithm to batch them.
    let _ = tcp.set_nodelay(true);
    let mut wire = match &shared.tls {
        None => Wire::Plain(tcp),
        Some(config) => match tls_handshake(config, tcp, &shared.stop) {
            Some(tls) => Wire::Tls(Box::new(tls)),
            None => return,
        },
    };

    // Bytes read but not yet consumed: a client may send the next request before we finish with this one.
    let mut pending = Vec::new();
    for _ in 0..MAX_REQUESTS_PER_CONNECTION {
        let request = match read_request(&mut wire, &mut pending, &shared.stop) {
            Incoming::Request(request) => request,
            Incoming::Gone => return,
            Incoming::Bad(code) => {
                let _ = write_answer(&mut wire, &Answer::status(code), &[], true, false, &shared.stop);
                wire.close(&shared.stop);
                return;
            }
        };
        let keep_alive = request.keep_alive;
        let after = shared.answer(&mut wire, request);
        match after {
            Ok(After::KeepAlive) if keep_alive => continue,
            // Dropping the wire closes the socket and nothing else: over TLS no `close_notify` either (rustls
            // writes nothing on drop), so the client sees the stream cut off, as `Answer::Reset` promises.
            Ok(After::Abort) | Err(_) => return,
            Ok(_) => {
                wire.close(&shared.stop);
                return;
            }
        }
    }
    wire.close(&shared.stop);
}

/// The server side of the TLS handshake. The socket's read timeout makes each step of rustls's I/O report
/// "would block" every [`READ_POLL`] (what arrived so far stays buffered in the connection); resume until
/// done, failed, stopped, or [`IDLE_LIMIT`] passed.
fn tls_handshake(
    config: &Arc<ServerConfig>,
    mut tcp: TcpStream,
    stop: &AtomicBool,
) -> Option<StreamOwned<ServerConnection, TcpStream>> {
    let deadline = Instant::now() + IDLE_LIMIT;
    let mut tls = ServerConnection::new(Arc::clone(config)).ok()?;
    while tls.is_handshaking() {
        if stopped(stop) || Instant::now() >= deadline {
            return None;
        }
        match tls.complete_io(&mut tcp) {
            Ok(_) => {}
            Err(e) if is_timeout(&e) => {}
            // E.g. the client rejected our certificate (rustls has sent or received the alert already), or
            // it spoke no TLS at all: expected in some tests, nothing to answer.
            Err(_) => return None,
        }
    }
    Some(StreamOwned::new(tls, tcp))
}

impl Shared {
    /// Records `request`, picks its scripted answer, and sends it.
    fn answer(&self, wire: &mut Wire, request: Request) -> io::Result<After> {
        let path = path_of(&request.target).to_owned();
        let head_only = request.method == "HEAD";
        let closing = !request.keep_alive;
        lock(&self.log).push(Recorded {
            method: request.method,
            target: request.target,
            headers: request.headers,
        });
        let _flight = FlightGuard::enter(self, &path);

        // Declared out here, and only filled in for unknown paths, so that `answer` can borrow either it or
        // the route's script without copying a (possibly large) scripted body for every request.
        let not_found;
        let answer = match self.routes.get(&path) {
            Some(script) => {
                let n = script.served.fetch_add(1, Ordering::SeqCst);
                &script.answers[n.min(script.answers.len() - 1)]
            }
            None => {
                not_found = Answer::Status {
                    code: 404,
                    reason: "Not Found".into(),
                    headers: vec![("Content-Type".into(), "text/plain".into())],
                    body: format!("no route for {path}\n").into_bytes(),
                };
                &not_found
            }
        };
        write_answer(wire, answer, &[], closing, head_only, &self.stop)
    }
}

/// Counts a request as in flight for as long as it lives, even if answering it fails half-way.
struct FlightGuard<'a> {
    shared: &'a Shared,
    path: String,
}

impl<'a> FlightGuard<'a> {
    fn enter(shared: &'a Shared, path: &str) -> FlightGuard<'a> {
        let mut flights = lock(&shared.in_flight);
        let flight = flights.entry(path.to_owned()).or_default();
        flight.now += 1;
        flight.max = flight.max.max(flight.now);
        FlightGuard { shared, path: path.to_owned() }
    }
}

impl Drop for FlightGuard<'_> {
    fn drop(&mut self) {
        if let Some(flight) = lock(&self.shared.in_flight).get_mut(&self.path) {
            flight.now = flight.now.saturating_sub(1);
        }
    }
}

/// A parsed request head (its body, if any, has been read and discarded).
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    keep_alive: bool,
}

enum Incoming {
    Request(Request),
    /// EOF, error, idle too long, or origin stopped: close without answering.
    Gone,
    /// Not a request we can parse: answer with this status and close.
    Bad(u16),
}

fn read_request(wire: &mut Wire, pending: &mut Vec<u8>, stop: &AtomicBool) -> Incoming {
    let deadline = Instant::now() + IDLE_LIMIT;
    let head_len = loop {
        if let Some(end) = find(pending, b"\r\n\r\n") {
            break end + 4;
        }
        if pending.len() > MAX_HEAD {
            return Incoming::Bad(431);
        }
        if !read_more(wire, pending, stop, deadline) {
            return Incoming::Gone;
        }
    };
    let Some(mut request) = parse_head(&pending[..head_len]) else {
        return Incoming::Bad(400);
    };

    // A body (unexpected from catfetch, but legal) must be consumed, or its bytes would be read as the
    // next request. Only Content-Length bodies are supported; a chunked one ends the connection afterwards.
    let content_length = match header_value(&request.headers, "content-length") {
        None => 0,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n <= MAX_REQUEST_BODY => n,
            Ok(_) => return Incoming::Bad(413),
            Err(_) => return Incoming::Bad(400),
        },
    };
    if header_value(&request.headers, "transfer-encoding").is_some() {
        request.keep_alive = false;
    }
    while pending.len() < head_len + content_length {
        if !read_more(wire, pending, stop, deadline) {
            return Incoming::Gone;
        }
    }
    pending.drain(..head_len + content_length);
    Incoming::Request(request)
}

/// Waits for more bytes from the client and appends them to `pending`. False when no more will come: EOF,
/// a real error, the origin stopping, or `deadline` passing.
fn read_more(wire: &mut Wire, pending: &mut Vec<u8>, stop: &AtomicBool, deadline: Instant) -> bool {
    let mut buf = [0u8; 8192];
    while !stopped(stop) && Instant::now() < deadline {
        match wire.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => {
                pending.extend_from_slice(&buf[..n]);
                return true;
            }
            Err(e) if is_timeout(&e) => {}
            Err(_) => return false,
        }
    }
    false
}

/// Parses `METHOD SP target SP HTTP/x.y CRLF (name: value CRLF)* CRLF`; None if it is anything else.
fn parse_head(head: &[u8]) -> Option<Request> {
    // Lossy: a non-UTF-8 byte in a header value should not make the whole request unreadable.
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let valid_method = !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase());
    if parts.next().is_some() || !valid_method || target.is_empty() || !version.starts_with("HTTP/1.") {
        return None;
    }
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':')?;
        if name.is_empty() || name.contains(' ') {
            return None;
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    // HTTP/1.1 keeps the connection unless told to close; we close HTTP/1.0 ones, as is their default.
    let keep_alive = version == "HTTP/1.1"
        && !header_value(&headers, "connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
    Some(Request { method: method.to_owned(), target: target.to_owned(), headers, keep_alive })
}

fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// The path part of a request target: query string dropped, and the scheme and authority too if the client
/// sent the absolute form (`GET http://host/path`), as clients talking to a proxy do.
fn path_of(target: &str) -> &str {
    let target = target.split_once('?').map_or(target, |(path, _)| path);
    for scheme in ["http://", "https://"] {
        if let Some(rest) = target.strip_prefix(scheme) {
            return rest.find('/').map_or("/", |slash| &rest[slash..]);
        }
    }
    target
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
