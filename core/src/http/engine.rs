//! catfetch's HTTP engine: hyper 1 (HTTP/1.1 and HTTP/2) over rustls and async-io, behind surf's
//! `http_client::HttpClient` trait, so that `surf::Client` stays the API the rest of the crate uses.
//!
//! # Who reads the sockets
//!
//! The future that waits for a response, or for the next piece of its body, is the one that reads the
//! socket, on whichever thread polls it: no thread of the engine's own ever touches the network. async-io's
//! reactor only wakes a future when its socket is ready. This is what "runtime-agnostic" means in smol's
//! sense: async-io's reactor under any executor (smol's, tokio's scheduler, a plain `block_on`), and the
//! executor decides who polls. How each kind of connection is driven:
//!
//! - **HTTP/1.1** (every http URL, and https servers that do not offer HTTP/2): one request at a time per
//!   connection, so the download using a connection drives it itself, inside its own task: the connection
//!   is polled before each poll of the response or its body. No connection task is ever spawned (spawned
//!   connection tasks ran the rounds of a many-download run in lockstep: docs/PERFORMANCE.md). An idle
//!   connection waits in the pool for the next download to the same origin.
//! - **HTTP/2** (https servers that offer it by ALPN): many downloads share one connection, whose own
//!   futures (reading the socket, handing each stream its frames) need a driver of their own. With
//!   [`Connections::Spawned`] they become tasks on the executor the edge chose; with
//!   [`Connections::Inline`] (no tasks: `join`, `sequential`, a thread per download) each download opens and
//!   drives a connection of its own, which then serves one download at a time, like an HTTP/1.1 one.
//!
//! # What a connection is made of
//!
//! A name resolved on the blocking pool (or pinned by `--resolve`), every address tried in turn within the
//! connect timeout (`connect.rs`), an HTTP proxy's tunnel where the environment asks for one (`proxy.rs`),
//! TLS by rustls checked against the system's trust store (`trust.rs`), and a stream that reads straight
//! into hyper's buffer (`stream.rs`).

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::{pin, Pin};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_lite::{future, AsyncBufRead, AsyncRead};
use http_client::http_types;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::client::conn::{http1, http2};
use hyper::http::{self, HeaderValue};
use surf::Url;
use sync_wrapper::SyncWrapper;

use super::connect::{Dialer, Target};
use super::failure::{self, Failure};
use super::stream::Stream;
use super::Connections;
use crate::error::CatError;

/// Bytes hyper reads from an HTTP/1.1 connection at a time, always the same: a buffer that never grows
/// to hyper's adaptive maximum keeps a connection's memory small, and this also bounds the response's header
/// block.
const H1_READ: usize = 32 * 1024;
/// How much of one HTTP/2 stream, and of the whole connection, the server may send ahead of what the
/// downloads have taken: memory the connection may hold, and enough that a stream never waits on a window
/// update over loopback.
const H2_STREAM_WINDOW: u32 = 1024 * 1024;
const H2_CONNECTION_WINDOW: u32 = 1024 * 1024;
/// Shared HTTP/2 connections per origin: one carries a thousand downloads in flight as fast as several
/// (docs/PERFORMANCE.md), and each further one costs a TLS handshake and its buffers.
const H2_CONNECTIONS: usize = 1;
/// Idle connections kept per origin, at most; beyond this a finished download's connection is closed.
const MAX_IDLE_PER_ORIGIN: usize = 256;
/// An idle connection older than this is not reused: servers close theirs after a while, and a request
/// sent just as the server closes would fail.
const IDLE_LIMIT: Duration = Duration::from_secs(30);

/// The engine: one per [`super::Client`], shared by all its clones.
pub(crate) struct Engine {
    dialer: Dialer,
    pool: Arc<Pool>,
    connections: Connections,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine").field("connections", &self.connections).finish_non_exhaustive()
    }
}

impl Engine {
    pub(crate) fn new(dialer: Dialer, connections: Connections) -> Engine {
        Engine { dialer, pool: Arc::default(), connections }
    }

    /// Sends `request` and returns the response once its headers are in; its body streams from the
    /// connection as it is read.
    async fn send(&self, request: http_types::Request) -> Result<http_types::Response, Failure> {
        let url = request.url().clone();
        if request.len().is_some_and(|len| len > 0) {
            return Err(Failure(CatError::Internal("catfetch sends no request bodies".into())));
        }
        let target = Target::of(&url)?;
        let proxy = self.dialer.proxy_for(&url);
        let key = Key {
            https: target.https,
            host: target.host.clone(),
            port: target.port,
            proxy: proxy.as_ref().map(|p| (p.host.clone(), p.port)),
        };
        let proxied_http = proxy.is_some() && !target.https;
        let head = Head::of(&request, &target, proxy.as_ref().and_then(|p| p.authorization.clone()));

        // HTTP/2, shared by every download to this origin: only where its futures can run as tasks.
        if let (true, Connections::Spawned(spawner)) = (target.https, &self.connections) {
            if let Some(shared) = self.pool.shared(&key) {
                return self.over_shared(shared, &head, &target).await;
            }
            if !self.pool.speaks_h1(&key) {
                // The first download to an origin finds out whether it speaks HTTP/2; the others wait for
                // the answer rather than open a connection each.
                let lane = self.pool.lane(&key);
                let first = lane.lock().await;
                if let Some(shared) = self.pool.shared(&key) {
                    drop(first);
                    return self.over_shared(shared, &head, &target).await;
                }
                if !self.pool.speaks_h1(&key) {
                    let stream = self.dialer.dial(&target, proxy.as_ref()).await?;
                    if stream.is_h2() {
                        let shared = start_shared(stream, spawner, &target).await?;
                        self.pool.add_shared(&key, shared.clone());
                        // The others may go now: the answer is known, the connection open.
                        drop(first);
                        return self.over_shared(shared, &head, &target).await;
                    }
                    self.pool.learn_h1(&key);
                    drop(first);
                    let conn = Exclusive::open(stream, &target).await?;
                    let sent = self.over_exclusive(conn, false, &head, &key, &target, proxied_http).await;
                    return sent.map_err(Retry::into_failure);
                }
            }
        }

        // One connection per download at a time: take an idle one, or open one. A request that fails on
        // an idle connection the server had closed meanwhile is sent once more, on a new connection.
        if let Some(idle) = self.pool.take(&key) {
            match self.over_exclusive(idle, true, &head, &key, &target, proxied_http).await {
                Err(Retry::Stale) => {}
                result => return result.map_err(Retry::into_failure),
            }
        }
        let stream = self.dialer.dial(&target, proxy.as_ref()).await?;
        let conn = Exclusive::open(stream, &target).await?;
        self.over_exclusive(conn, false, &head, &key, &target, proxied_http)
            .await
            .map_err(Retry::into_failure)
    }

    /// Sends the request on `conn`, which this download drives; the connection goes with the body.
    async fn over_exclusive(
        &self,
        mut conn: Exclusive,
        reused: bool,
        head: &Head,
        key: &Key,
        target: &Target,
        proxied_http: bool,
    ) -> Result<http_types::Response, Retry> {
        let h2 = conn.is_h2();
        let request = head.request(h2, proxied_http);
        let answer = async {
            future::poll_fn(|cx| {
                // The connection must run for the sender to become ready: drive it, then ask.
                if let Poll::Ready(Err(error)) = conn.poll_drive(cx) {
                    return Poll::Ready(Err(error));
                }
                conn.poll_ready(cx)
            })
            .await?;
            let mut response = pin!(conn.send_request(request));
            future::poll_fn(|cx| {
                // Drive first (it writes the request, reads the answer), then look for the answer; a
                // connection that ended tells the response future so, which then fails with the reason.
                let _ = conn.poll_drive(cx);
                response.as_mut().poll(cx)
            })
            .await
        };
        match answer.await {
            Ok(response) => {
                let lease = Lease { conn, key: key.clone(), pool: self.pool.clone() };
                to_surf(response, Some(lease), target).map_err(Retry::Failed)
            }
            Err(error) if reused && stale(&error) => Err(Retry::Stale),
            Err(error) => Err(Retry::Failed(failure::before_response(&error, target))),
        }
    }

    /// Sends the request as a new stream of a shared HTTP/2 connection.
    async fn over_shared(
        &self,
        mut shared: http2::SendRequest<NoBody>,
        head: &Head,
        target: &Target,
    ) -> Result<http_types::Response, Failure> {
        let sent = async {
            future::poll_fn(|cx| shared.poll_ready(cx)).await?;
            shared.send_request(head.request(true, false)).await
        };
        match sent.await {
            Ok(response) => to_surf(response, None, target),
            Err(error) => Err(failure::before_response(&error, target)),
        }
    }
}

#[http_client::async_trait]
impl http_client::HttpClient for Engine {
    async fn send(&self, request: http_types::Request) -> Result<http_types::Response, http_types::Error> {
        Engine::send(self, request)
            .await
            .map_err(|failure| http_types::Error::new(http_types::StatusCode::BadGateway, failure))
    }
}

/// Why a request on an exclusive connection did not get its answer.
enum Retry {
    /// It went out on an idle connection that turned out closed: send it again on a new one.
    Stale,
    /// It failed for good.
    Failed(Failure),
}

impl Retry {
    fn into_failure(self) -> Failure {
        match self {
            Retry::Failed(failure) => failure,
            // Only a reused connection can be stale, and those are never reused twice for one request.
            Retry::Stale => Failure(CatError::Connect("the connection closed before the answer".into())),
        }
    }
}

/// Did this request meet a connection the server had closed while it sat idle? Then it was never
/// answered, and sending it again is safe.
fn stale(error: &hyper::Error) -> bool {
    error.is_canceled()
        || error.is_incomplete_message()
        || error.is_closed()
        || failure::io_of(error).is_some()
}

/// The parts of a request that every attempt sends the same.
struct Head {
    /// `https://host:port/path?query`.
    url: Url,
    headers: Vec<(http::HeaderName, HeaderValue)>,
    /// `host` or `host:port`, for HTTP/1.1's Host.
    host: HeaderValue,
    /// From the proxy URL, for a request in absolute form.
    proxy_authorization: Option<HeaderValue>,
}

impl Head {
    fn of(request: &http_types::Request, target: &Target, proxy_authorization: Option<HeaderValue>) -> Head {
        let headers = request
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |value| (name, value)))
            .filter_map(|(name, value)| {
                let name = http::HeaderName::from_bytes(name.as_str().as_bytes()).ok()?;
                let value = HeaderValue::from_str(value.as_str()).ok()?;
                Some((name, value))
            })
            .collect();
        let host =
            HeaderValue::from_str(&target.authority()).unwrap_or(HeaderValue::from_static("localhost"));
        Head { url: request.url().clone(), headers, host, proxy_authorization }
    }

    /// The request for hyper: the target in absolute form for HTTP/2 (its `:scheme` and `:authority`) and
    /// for a proxy, else in origin form with a Host header.
    fn request(&self, h2: bool, proxied: bool) -> http::Request<NoBody> {
        let target = if h2 || proxied {
            self.url.as_str().to_owned()
        } else {
            match self.url.query() {
                Some(query) => format!("{}?{query}", self.url.path()),
                None => self.url.path().to_owned(),
            }
        };
        let mut request = http::Request::new(NoBody);
        *request.uri_mut() = target.parse().unwrap_or_default();
        let headers = request.headers_mut();
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        if !h2 {
            headers.insert(http::header::HOST, self.host.clone());
        }
        if let (true, Some(authorization)) = (proxied, &self.proxy_authorization) {
            headers.insert(http::header::PROXY_AUTHORIZATION, authorization.clone());
        }
        request
    }
}

/// hyper's response as surf's: status, headers, and a body that reads from the connection.
fn to_surf(
    response: http::Response<Incoming>,
    lease: Option<Lease>,
    target: &Target,
) -> Result<http_types::Response, Failure> {
    let (parts, body) = response.into_parts();
    let code = parts.status.as_u16();
    let Ok(status) = http_types::StatusCode::try_from(code) else {
        // http-types knows only the codes HTTP defines. Another is still the server's answer; a 2xx among
        // them carries no picture we could trust, and the others fail as their class does.
        return Err(Failure(CatError::Status { code, reason: String::new(), retry_after: None }));
    };
    let mut converted = http_types::Response::new(status);
    let reader = BodyReader(SyncWrapper::new(Reading {
        body,
        chunk: Bytes::new(),
        lease,
        ended: false,
        peer: target.peer(),
    }));
    converted.set_body(http_types::Body::from_reader(reader, None));
    // set_body gives a response without Content-Type the body's own (application/octet-stream): keep only
    // what the server sent.
    converted.remove_header("Content-Type");
    for (name, value) in &parts.headers {
        let Ok(value) =
            std::str::from_utf8(value.as_bytes()).map(str::to_owned).map_err(drop).and_then(|value| {
                value.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b)).then_some(value).ok_or(())
            })
        else {
            return Err(Failure(CatError::Protocol(
                "malformed response: a header value is not visible ASCII".into(),
            )));
        };
        converted.append_header(name.as_str(), value);
    }
    Ok(converted)
}

/// An empty request body: catfetch only sends GETs.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NoBody;

impl Body for NoBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        true
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(0)
    }
}

/// A response body as surf reads it: the frames hyper hands over, and the connection this download drives
/// (if it drives one), which goes back to the pool once the body has ended.
struct BodyReader(SyncWrapper<Reading>);

struct Reading {
    body: Incoming,
    /// Bytes of the last frame not yet read.
    chunk: Bytes,
    lease: Option<Lease>,
    ended: bool,
    /// `host:port`, for errors.
    peer: String,
}

impl Reading {
    /// Makes `chunk` hold the next bytes, unless the body has ended.
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.chunk.is_empty() && !self.ended {
            if let Some(lease) = &mut self.lease {
                // The connection moves bytes from the socket into the body; if it has ended, the body hears
                // of it (its end, or the error) at once.
                if lease.conn.poll_drive(cx).is_ready() {
                    self.lease = None;
                }
            }
            match Pin::new(&mut self.body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        self.chunk = data;
                    }
                }
                Poll::Ready(None) => {
                    self.ended = true;
                    if let Some(lease) = self.lease.take() {
                        lease.release(cx);
                    }
                }
                Poll::Ready(Some(Err(error))) => {
                    self.lease = None;
                    return Poll::Ready(Err(io::Error::other(failure::in_body(&error, &self.peer))));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for BodyReader {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> {
        let reading = self.get_mut().0.get_mut();
        std::task::ready!(reading.poll_chunk(cx))?;
        let n = reading.chunk.len().min(buf.len());
        buf[..n].copy_from_slice(&reading.chunk[..n]);
        let _ = reading.chunk.split_to(n);
        Poll::Ready(Ok(n))
    }
}

impl AsyncBufRead for BodyReader {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let reading = self.get_mut().0.get_mut();
        std::task::ready!(reading.poll_chunk(cx))?;
        Poll::Ready(Ok(&reading.chunk))
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        let _ = self.get_mut().0.get_mut().chunk.split_to(amt);
    }
}

/// A connection that serves one request at a time, driven by the download using it.
enum Exclusive {
    H1 {
        send: http1::SendRequest<NoBody>,
        // Boxed, like the HTTP/2 one: a connection's state is large, and moves into and out of the pool.
        conn: Box<http1::Connection<Stream, NoBody>>,
    },
    H2 {
        send: http2::SendRequest<NoBody>,
        conn: Box<http2::Connection<Stream, NoBody, Exec>>,
        /// The connection's own futures, run by whoever drives it.
        tasks: Tasks,
    },
}

impl Exclusive {
    /// Starts HTTP on `stream`: HTTP/2 if TLS agreed on it, else HTTP/1.1.
    async fn open(stream: Stream, target: &Target) -> Result<Exclusive, Failure> {
        let opened = if stream.is_h2() {
            let tasks = Tasks::default();
            h2_builder(Exec::Inline(tasks.clone()))
                .handshake(stream)
                .await
                .map(|(send, conn)| Exclusive::H2 { send, conn: Box::new(conn), tasks })
        } else {
            http1::Builder::new()
                .read_buf_exact_size(Some(H1_READ))
                .handshake(stream)
                .await
                .map(|(send, conn)| Exclusive::H1 { send, conn: Box::new(conn) })
        };
        opened.map_err(|error| failure::before_response(&error, target))
    }

    fn is_h2(&self) -> bool {
        matches!(self, Exclusive::H2 { .. })
    }

    /// Runs the connection as far as it can go now; `Ready` once it has ended.
    fn poll_drive(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), hyper::Error>> {
        match self {
            Exclusive::H1 { conn, .. } => Pin::new(&mut **conn).poll(cx),
            Exclusive::H2 { conn, tasks, .. } => {
                tasks.poll_all(cx);
                Pin::new(&mut **conn).poll(cx)
            }
        }
    }

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), hyper::Error>> {
        match self {
            Exclusive::H1 { send, .. } => send.poll_ready(cx),
            Exclusive::H2 { send, .. } => send.poll_ready(cx),
        }
    }

    fn is_ready(&self) -> bool {
        match self {
            Exclusive::H1 { send, .. } => send.is_ready(),
            Exclusive::H2 { send, .. } => send.is_ready(),
        }
    }

    fn send_request(
        &mut self,
        request: http::Request<NoBody>,
    ) -> Pin<Box<dyn Future<Output = hyper::Result<http::Response<Incoming>>> + Send>> {
        match self {
            Exclusive::H1 { send, .. } => Box::pin(send.send_request(request)),
            Exclusive::H2 { send, .. } => Box::pin(send.send_request(request)),
        }
    }
}

/// A connection on loan to the download reading a body from it.
struct Lease {
    conn: Exclusive,
    key: Key,
    pool: Arc<Pool>,
}

impl Lease {
    /// The body has ended: the connection goes back to the pool if it can serve another request.
    fn release(mut self, cx: &mut Context<'_>) {
        // One more turn lets the connection notice that the exchange is over (or that the server closed).
        if self.conn.poll_drive(cx).is_pending() && self.conn.is_ready() {
            self.pool.put(self.key, self.conn);
        }
    }
}

/// HTTP/2's settings: see [`H2_STREAM_WINDOW`].
fn h2_builder(exec: Exec) -> http2::Builder<Exec> {
    let mut builder = http2::Builder::new(exec);
    builder.initial_stream_window_size(H2_STREAM_WINDOW).initial_connection_window_size(H2_CONNECTION_WINDOW);
    builder
}

/// Starts a shared HTTP/2 connection on `stream`: its futures become tasks through `spawner`.
async fn start_shared(
    stream: Stream,
    spawner: &super::Spawner,
    target: &Target,
) -> Result<http2::SendRequest<NoBody>, Failure> {
    let (send, conn) = h2_builder(Exec::Spawned(spawner.clone()))
        .handshake(stream)
        .await
        .map_err(|error| failure::before_response(&error, target))?;
    spawner.spawn(Box::pin(async move {
        // Ends when every sender is dropped (the client with it) or the connection fails; the streams in
        // flight hear of a failure from their own futures.
        let _ = conn.await;
    }));
    Ok(send)
}

/// hyper's executor for an HTTP/2 connection's futures: the edge's spawner, or a list the download
/// driving the connection polls itself.
#[derive(Clone)]
enum Exec {
    Spawned(super::Spawner),
    Inline(Tasks),
}

impl<F> hyper::rt::Executor<F> for Exec
where
    F: Future<Output = ()> + Send + 'static,
{
    fn execute(&self, future: F) {
        match self {
            Exec::Spawned(spawner) => spawner.spawn(Box::pin(future)),
            Exec::Inline(tasks) => tasks.push(Box::pin(future)),
        }
    }
}

/// A boxed future that hyper asked to run.
type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The futures of one inline HTTP/2 connection, polled by whoever drives it.
#[derive(Clone, Default)]
struct Tasks(Arc<Mutex<Vec<Task>>>);

impl Tasks {
    fn push(&self, task: Task) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).push(task);
    }

    /// Polls every task once; keeps those not finished. Tasks added meanwhile wait for the next turn.
    fn poll_all(&self, cx: &mut Context<'_>) {
        let mut tasks = std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner));
        tasks.retain_mut(|task| task.as_mut().poll(cx).is_pending());
        let mut list = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let added = std::mem::replace(&mut *list, tasks);
        if !added.is_empty() {
            list.extend(added);
            // The new ones have not been polled: come back at once.
            cx.waker().wake_by_ref();
        }
    }
}

/// Which connections can serve a request: the same scheme, host, port and proxy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    https: bool,
    host: String,
    port: u16,
    proxy: Option<(String, u16)>,
}

/// Connections between requests, per origin.
#[derive(Default)]
struct Pool {
    state: Mutex<PoolState>,
}

#[derive(Default)]
struct PoolState {
    idle: HashMap<Key, Vec<(Exclusive, Instant)>>,
    /// Per origin, its shared HTTP/2 connections, and the turn of the next request.
    shared: HashMap<Key, (Vec<http2::SendRequest<NoBody>>, usize)>,
    /// Origins that answered ALPN with HTTP/1.1: no need to wait for the first connection to find out.
    h1: HashSet<Key>,
    /// Per origin, the lock the first downloads take while one of them finds out (see `Engine::send`).
    lanes: HashMap<Key, Arc<async_lock::Mutex<()>>>,
}

impl Pool {
    fn state(&self) -> std::sync::MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The newest idle connection to `key` that is still open.
    fn take(&self, key: &Key) -> Option<Exclusive> {
        let mut state = self.state();
        let idle = state.idle.get_mut(key)?;
        while let Some((conn, since)) = idle.pop() {
            if since.elapsed() < IDLE_LIMIT && conn.is_ready() {
                return Some(conn);
            }
        }
        None
    }

    fn put(&self, key: Key, conn: Exclusive) {
        let mut state = self.state();
        let idle = state.idle.entry(key).or_default();
        if idle.len() < MAX_IDLE_PER_ORIGIN {
            idle.push((conn, Instant::now()));
        }
    }

    /// A shared HTTP/2 connection to `key`, taking turns, once [`H2_CONNECTIONS`] are open; `None` while
    /// fewer are (closed ones are forgotten), so that the caller opens another.
    fn shared(&self, key: &Key) -> Option<http2::SendRequest<NoBody>> {
        let mut state = self.state();
        let (open, turn) = state.shared.get_mut(key)?;
        open.retain(|send| !send.is_closed());
        if open.len() < H2_CONNECTIONS {
            return None;
        }
        *turn = turn.wrapping_add(1);
        Some(open[*turn % open.len()].clone())
    }

    fn add_shared(&self, key: &Key, send: http2::SendRequest<NoBody>) {
        self.state().shared.entry(key.clone()).or_default().0.push(send);
    }

    fn speaks_h1(&self, key: &Key) -> bool {
        self.state().h1.contains(key)
    }

    fn learn_h1(&self, key: &Key) {
        self.state().h1.insert(key.clone());
    }

    fn lane(&self, key: &Key) -> Arc<async_lock::Mutex<()>> {
        self.state().lanes.entry(key.clone()).or_default().clone()
    }
}
