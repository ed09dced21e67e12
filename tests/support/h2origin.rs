//! An HTTPS origin on 127.0.0.1 that speaks HTTP/2 to a client offering `h2` by ALPN, and HTTP/1.1 to any
//! other, and records what a test of connection reuse and multiplexing needs to read.
//!
//! Why not the scripted [`Origin`](super::Origin)? That one is hand-written to misbehave on cue, one
//! request at a time per connection, in HTTP/1.1. HTTP/2's framing, flow control and header compression are
//! far too much to hand-write, and the point here is the opposite: a correct server, so that what a test
//! measures is the client's own use of connections. So this is [hyper](https://hyper.rs) 1, as the built-in
//! origin uses, on smol, with rustls (`ring`) for TLS.
//!
//! What it records, per TCP connection accepted: the protocol it negotiated (none if the handshake failed),
//! how many requests came on it, and the most that were being answered on it at the same moment. Over
//! HTTP/1.1 that peak is at most one; over HTTP/2 a peak above one proves the client multiplexed.
//!
//! Shape: one thread running a smol executor of the origin's own: an accept loop, one task per connection,
//! hyper's tasks per HTTP/2 stream. Dropping the [`H2Origin`] closes a channel that ends the accept loop;
//! the thread then drops the executor, and with it every task and socket: nothing waits for a client. A
//! route's delay is a timer, so many slow requests on one connection wait together. Garbage from a client
//! (no TLS, a rejected certificate, no HTTP/2 preface) ends that connection only, never a panic.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_rustls::TlsAcceptor;
use http_body_util::Full;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::server::conn::{http1, http2};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use smol::channel::Receiver;
use smol::future::FutureExt;
use smol::{Async, Executor, Timer};
use smol_hyper::rt::{FuturesIo, SmolTimer};

use super::tls::{Leaf, TestCa};

/// How long a client may take over its TLS handshake, or an HTTP/1.1 request head, before the origin
/// closes the connection.
pub const IDLE_LIMIT: Duration = Duration::from_secs(10);
/// How long dropping an [`H2Origin`] waits for its thread; it only has to notice a closed channel.
const DROP_GRACE: Duration = Duration::from_millis(1500);
/// How often the drop looks whether the thread has finished.
const SLICE: Duration = Duration::from_millis(10);

/// What one path answers: always `200` with this body and `Content-Type`, after an optional delay.
#[derive(Clone, Debug)]
pub struct H2Route {
    path: String,
    content_type: HeaderValue,
    body: Bytes,
    delay: Duration,
}

impl H2Route {
    /// `path` is matched exactly against the request path, query string excluded.
    ///
    /// # Panics
    /// If `content_type` cannot be a header value (a test's mistake, not a client's).
    pub fn new(path: &str, content_type: &str, body: impl Into<Vec<u8>>) -> H2Route {
        let content_type = HeaderValue::from_str(content_type).expect("a valid Content-Type value");
        H2Route { path: path.to_owned(), content_type, body: Bytes::from(body.into()), delay: Duration::ZERO }
    }

    /// Answers only after `delay` (a timer: requests waiting together wait once).
    pub fn after(self, delay: Duration) -> H2Route {
        H2Route { delay, ..self }
    }
}

/// The application protocol a connection settled on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// The client offered `h2` by ALPN.
    H2,
    /// The client offered `http/1.1` only, or no ALPN at all.
    Http1,
}

/// What one TCP connection did, as the origin saw it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct H2Connection {
    /// `None` while, or if, the TLS handshake has not completed.
    pub protocol: Option<Protocol>,
    /// Requests received on it.
    pub requests: usize,
    /// The most requests being answered on it at the same moment: from when hyper handed one over until
    /// its answer was handed back, or the client gave up on it.
    pub peak_in_flight: usize,
}

/// A running HTTP/2 origin. Dropping it stops the server: see the module docs.
pub struct H2Origin {
    addr: SocketAddr,
    shared: Arc<Shared>,
    /// Dropped to stop: closing the channel wakes the accept loop.
    stop: Option<smol::channel::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// What the origin's tasks and the test share.
struct Shared {
    routes: HashMap<String, H2Route>,
    /// One entry per connection accepted, in accept order, with its requests in flight now.
    connections: Mutex<Vec<(H2Connection, usize)>>,
    /// Requests per path, routed or not.
    hits: Mutex<HashMap<String, usize>>,
}

impl H2Origin {
    /// Starts an origin whose certificate `ca` signed, valid for `localhost` and `127.0.0.1`.
    pub fn start(ca: &TestCa, routes: Vec<H2Route>) -> H2Origin {
        H2Origin::start_with(&ca.localhost_leaf(), routes)
    }

    /// Starts an origin presenting `leaf`.
    ///
    /// # Panics
    /// If a path is given twice, or the origin cannot listen or start its thread.
    pub fn start_with(leaf: &Leaf, routes: Vec<H2Route>) -> H2Origin {
        let mut table = HashMap::new();
        for route in routes {
            let path = route.path.clone();
            assert!(table.insert(path.clone(), route).is_none(), "route {path} is given twice");
        }
        let acceptor = TlsAcceptor::from(leaf.server_config(&[b"h2", b"http/1.1"]));
        // The system's longest accept queue, as the other origins use.
        let listener =
            catfetch_origin::listen(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let listener = Async::new(listener).expect("non-blocking listener");

        let shared = Arc::new(Shared {
            routes: table,
            connections: Mutex::new(Vec::new()),
            hits: Mutex::new(HashMap::new()),
        });
        let (stop, stopped) = smol::channel::bounded::<()>(1);
        let thread_shared = Arc::clone(&shared);
        let thread = thread::Builder::new()
            .name(format!("h2origin-{}", addr.port()))
            .spawn(move || {
                let executor = Arc::new(Executor::new());
                smol::block_on(executor.run(accept_loop(
                    listener,
                    acceptor,
                    thread_shared,
                    stopped,
                    &executor,
                )));
                // Here the executor is dropped, and with it every connection task and its socket.
            })
            .expect("spawn the h2 origin's thread");
        H2Origin { addr, shared, stop: Some(stop), thread: Some(thread) }
    }

    /// The URL of `path` (which should start with `/`) on this origin, by IP: `https://127.0.0.1:PORT/path`.
    pub fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{}", self.addr.port(), path)
    }

    /// The same URL by name, `localhost` (which the certificate also covers).
    pub fn localhost_url(&self, path: &str) -> String {
        format!("https://localhost:{}{}", self.addr.port(), path)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many TCP connections the origin accepted, whatever became of them.
    pub fn accepted(&self) -> usize {
        lock(&self.shared.connections).len()
    }

    /// Every connection accepted so far, in accept order.
    pub fn connections(&self) -> Vec<H2Connection> {
        lock(&self.shared.connections).iter().map(|(connection, _)| connection.clone()).collect()
    }

    /// The highest [`H2Connection::peak_in_flight`] of any connection: above one means multiplexing.
    pub fn peak_in_flight(&self) -> usize {
        lock(&self.shared.connections).iter().map(|(c, _)| c.peak_in_flight).max().unwrap_or(0)
    }

    /// Requests received, on every connection together.
    pub fn requests(&self) -> usize {
        lock(&self.shared.connections).iter().map(|(c, _)| c.requests).sum()
    }

    /// How many requests came for `path` (query string ignored), routed or not.
    pub fn hits(&self, path: &str) -> usize {
        lock(&self.shared.hits).get(path).copied().unwrap_or(0)
    }
}

impl Drop for H2Origin {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            // The thread returns as soon as its accept loop sees the closed channel; should it not, it
            // finishes on its own, detached, rather than hold up the next test.
            let deadline = Instant::now() + DROP_GRACE;
            while !thread.is_finished() && Instant::now() < deadline {
                thread::sleep(SLICE);
            }
            if thread.is_finished() {
                let _ = thread.join();
            }
        }
    }
}

/// hyper's executor for its HTTP/2 tasks (one per stream), spawning on a smol executor held weakly: a task
/// holding its executor strongly would keep it, and so itself and its socket, alive for ever. Once the
/// executor is gone, whatever hyper would spawn is dropped instead. The self-tests' HTTP/2 client uses it too.
#[derive(Clone)]
pub struct Spawner(Weak<Executor<'static>>);

impl Spawner {
    pub fn new(executor: &Arc<Executor<'static>>) -> Spawner {
        Spawner(Arc::downgrade(executor))
    }
}

impl<F> hyper::rt::Executor<F> for Spawner
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn execute(&self, future: F) {
        if let Some(executor) = self.0.upgrade() {
            executor.spawn(future).detach();
        }
    }
}

/// Locks a mutex even if a task panicked while holding it: counters stay meaningful.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Accepts connections until the stop channel closes, one task each.
async fn accept_loop(
    listener: Async<TcpListener>,
    acceptor: TlsAcceptor,
    shared: Arc<Shared>,
    stopped: Receiver<()>,
    executor: &Arc<Executor<'static>>,
) {
    loop {
        let accepted = async { Some(listener.accept().await) }
            .or(async {
                let _ = stopped.recv().await;
                None
            })
            .await;
        match accepted {
            None => return,
            Some(Ok((tcp, _peer))) => {
                let index = {
                    let mut connections = lock(&shared.connections);
                    connections.push((H2Connection::default(), 0));
                    connections.len() - 1
                };
                let task =
                    connection(tcp, acceptor.clone(), Arc::clone(&shared), index, Spawner::new(executor));
                executor.spawn(task).detach();
            }
            // Out of file descriptors, usually: wait a moment rather than spin on the error.
            Some(Err(_)) => {
                Timer::after(Duration::from_millis(2)).await;
            }
        }
    }
}

/// One connection: the TLS handshake (bounded by [`IDLE_LIMIT`]), then hyper in the protocol ALPN chose,
/// until the client leaves or the origin is dropped. Every failure just ends the connection.
async fn connection(
    tcp: Async<TcpStream>,
    acceptor: TlsAcceptor,
    shared: Arc<Shared>,
    index: usize,
    spawner: Spawner,
) {
    // Small frames (a HEADERS, a SETTINGS ack) should leave at once, not wait for Nagle's algorithm.
    let _ = tcp.get_ref().set_nodelay(true);
    let handshake = async { acceptor.accept(tcp).await.ok() }
        .or(async {
            Timer::after(IDLE_LIMIT).await;
            None
        })
        .await;
    let Some(tls) = handshake else { return };
    let protocol = match tls.get_ref().1.alpn_protocol() {
        Some(b"h2") => Protocol::H2,
        _ => Protocol::Http1,
    };
    lock(&shared.connections)[index].0.protocol = Some(protocol);

    let service = service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move { Ok::<_, Infallible>(answer(request, &shared, index).await) }
    });
    let io = FuturesIo::new(tls);
    // A protocol error, a reset or a timeout ends the connection; hyper has answered what it could.
    let _ = match protocol {
        Protocol::H2 => {
            let mut builder = http2::Builder::new(spawner);
            builder.timer(SmolTimer::new());
            builder.serve_connection(io, service).await
        }
        Protocol::Http1 => {
            let mut builder = http1::Builder::new();
            builder.timer(SmolTimer::new());
            builder.header_read_timeout(IDLE_LIMIT);
            builder.serve_connection(io, service).await
        }
    };
}

/// Answers one request from the route table (404 for any other path), after the route's delay.
async fn answer(
    request: Request<hyper::body::Incoming>,
    shared: &Shared,
    index: usize,
) -> Response<Full<Bytes>> {
    let _flight = InFlight::enter(shared, index);
    let path = request.uri().path();
    *lock(&shared.hits).entry(path.to_owned()).or_default() += 1;
    let Some(route) = shared.routes.get(path) else {
        let mut response = Response::new(Full::new(Bytes::from(format!("no route for {path}\n"))));
        *response.status_mut() = StatusCode::NOT_FOUND;
        response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        return response;
    };
    if !route.delay.is_zero() {
        Timer::after(route.delay).await;
    }
    let mut response = Response::new(Full::new(route.body.clone()));
    response.headers_mut().insert(CONTENT_TYPE, route.content_type.clone());
    response
}

/// Counts a request on its connection, and as in flight for as long as it lives: also when the client
/// cancels it and hyper drops the answer half-way.
struct InFlight<'a> {
    shared: &'a Shared,
    index: usize,
}

impl<'a> InFlight<'a> {
    fn enter(shared: &'a Shared, index: usize) -> InFlight<'a> {
        let mut connections = lock(&shared.connections);
        let (connection, now) = &mut connections[index];
        connection.requests += 1;
        *now += 1;
        connection.peak_in_flight = connection.peak_in_flight.max(*now);
        InFlight { shared, index }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut connections = lock(&self.shared.connections);
        let now = &mut connections[self.index].1;
        *now = now.saturating_sub(1);
    }
}
