//! catfetch's own cat origin: a small HTTP server shaped like [cataas.com](https://cataas.com), serving
//! cats it draws itself, with latency and failures you choose.
//!
//! Why? The public API is slow, flaky or unreachable in a classroom or on CI, and comparing executors
//! needs every request to take the same, known time. `catfetch serve` and `catfetch --demo` run this.
//!
//! Why a crate of its own? catfetch is the downloader; this is the other end of the wire, with its own
//! dependencies (an HTTP server, a 2D renderer) and more code than the download path itself. Kept apart,
//! a reader of the downloader meets none of it, `cargo build --no-default-features` builds catfetch
//! without it, and the compiler guarantees the two share nothing but HTTP: this crate does not depend on
//! catfetch, so a test that downloads from it tests catfetch against a server, not against itself.
//!
//! ```text
//! Origin::start(config)
//!   bind ─▶ draw the pool (12 cats, all threads) ─▶ spawn `threads` OS threads, each running ONE shared
//!   smol::Executor of the origin's own ─▶ return           (never the caller's executor: the origin must
//!                                                            not compete with the client it is timing)
//! accept loop (a task) ─▶ one task per connection ─▶ hyper http1 ─▶ answer(request):
//!   request n: rng = seed ⊕ n   deadline = arrival + latency + uniform(0..=jitter)
//!   n's share of fail_rate? ──▶ 503 + Retry-After: 1
//!   else route ─▶ picture (pool, or cache, or drawn off-thread) / JSON / 400 / 404
//!   Timer::at(deadline) ─▶ log line ─▶ response             (waiting is a timer: 10 requests at 200 ms
//!                                                            take 200 ms together, not 2 s)
//! Origin::stop (or Drop)
//!   stop accepting ─▶ each connection: finish the request in flight (at most GRACE), close
//!   ─▶ join the threads
//! ```
//!
//! The HTTP is [hyper](https://hyper.rs) 1 (the server under most of Rust's web stack), given smol's I/O
//! and timers by [`smol_hyper`]'s adapters. The drawing is in [`draw`], the pool and cache in [`pool`],
//! the URL scheme in [`routes`].

#![warn(missing_docs)]

pub mod draw;
pub mod pool;
pub mod routes;

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::io::{self, Write};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::pin::pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HOST, RETRY_AFTER};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use serde::Serialize;
use smol::channel::{Receiver, Sender};
use smol::future::FutureExt;
use smol::{Async, Executor, Timer};
use smol_hyper::rt::{FuturesIo, SmolTimer};

use pool::{mix, Pool, PoolCat};
use routes::{CatRequest, Reject, Route, Which};

/// How long [`Origin::stop`] lets a request in flight finish before closing its connection anyway.
pub const GRACE: Duration = Duration::from_secs(1);

/// A client that sends no complete request head within this time is disconnected, so idle or stuck
/// clients cannot hold the origin's connections forever.
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the origin listens unless told otherwise (`catfetch serve`'s `--bind` and `--port`).
pub const DEFAULT_BIND: SocketAddr = SocketAddr::new(std::net::IpAddr::V4(Ipv4Addr::LOCALHOST), 8000);

/// How the origin behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct OriginConfig {
    /// Where to listen. Port 0 picks a free port (see [`Origin::addr`]). Default [`DEFAULT_BIND`].
    pub bind: SocketAddr,
    /// How long every answer waits before it is sent. Default 0.
    pub latency: Duration,
    /// Extra random wait per answer: each waits `latency + uniform(0..=jitter)`. Default 0.
    pub jitter: Duration,
    /// The share of requests, `0.0..=1.0`, answered `503 Service Unavailable` with `Retry-After: 1`.
    /// Default 0.
    pub fail_rate: f64,
    /// Decides the pictures, and which requests wait longer or fail: the n-th request of two origins with
    /// the same seed gets the same cat, jitter and fate. Default 0.
    pub seed: u64,
    /// No request log on stderr. Default false.
    pub quiet: bool,
    /// OS threads serving requests, all running the origin's one executor. Default 1 (or 2 on a machine
    /// with more than 2 cores).
    pub threads: usize,
}

impl Default for OriginConfig {
    fn default() -> Self {
        let cores = cores();
        OriginConfig {
            bind: DEFAULT_BIND,
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
            fail_rate: 0.0,
            seed: 0,
            quiet: false,
            // Serving from memory is cheap; a second thread helps only when the client leaves cores free.
            threads: if cores > 2 { 2 } else { 1 },
        }
    }
}

/// A running origin. Stop it with [`Origin::stop`], or drop it.
pub struct Origin {
    addr: SocketAddr,
    /// Dropping this closes the channel, which every task of the origin listens on: the stop signal.
    stop: Option<Sender<()>>,
    threads: Vec<JoinHandle<()>>,
    state: Arc<State>,
}

impl fmt::Debug for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Origin").field("addr", &self.addr).finish_non_exhaustive()
    }
}

/// What every request handler shares.
struct State {
    config: OriginConfig,
    pool: Pool,
    /// Requests so far: request n's random choices come from `seed ⊕ n`, so they do not depend on which
    /// thread ran it or what ran before it.
    requests: AtomicU64,
    addr: SocketAddr,
    /// Requests being answered now, and the most there ever were at once.
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

/// One request being answered: counted in [`State::in_flight`] until dropped.
struct InFlight<'a>(&'a State);

impl<'a> InFlight<'a> {
    fn enter(state: &'a State) -> InFlight<'a> {
        let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        state.most_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(state)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `--demo`'s latency: what a real network to a real server costs.
pub const DEMO_LATENCY: Duration = Duration::from_millis(200);

impl Origin {
    /// The origin `catfetch --demo` downloads from: on a free loopback port, quiet, answering after
    /// [`DEMO_LATENCY`].
    pub fn demo() -> io::Result<Origin> {
        Origin::start(OriginConfig {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            latency: DEMO_LATENCY,
            quiet: true,
            ..OriginConfig::default()
        })
    }

    /// Binds `config.bind`, draws the pool of cats, and starts serving on the origin's own threads and
    /// executor. Returns once the origin accepts connections (they queue until a thread takes them).
    ///
    /// Errors: the address cannot be bound, a thread cannot be started, or the config is invalid
    /// (`fail_rate` outside `0.0..=1.0`, `threads` 0): `io::ErrorKind::InvalidInput`.
    pub fn start(config: OriginConfig) -> io::Result<Origin> {
        if !(0.0..=1.0).contains(&config.fail_rate) {
            return Err(invalid(format!("fail_rate must be between 0.0 and 1.0, got {}", config.fail_rate)));
        }
        if config.threads == 0 {
            return Err(invalid("threads must be at least 1".into()));
        }
        let listener = listen(config.bind)?;
        let addr = listener.local_addr()?;
        let listener = Async::new(listener)?;

        let started = Instant::now();
        let pool = Pool::draw(config.seed, cores());
        if !config.quiet {
            log(format_args!(
                "origin: drew {} cats in {} ms",
                pool.cats().len(),
                started.elapsed().as_millis()
            ));
        }

        let state = Arc::new(State {
            config,
            pool,
            requests: AtomicU64::new(0),
            addr,
            in_flight: AtomicUsize::new(0),
            most_in_flight: AtomicUsize::new(0),
        });
        let executor = Arc::new(Executor::new());
        let (stop, stopped) = smol::channel::bounded::<()>(1);
        // Closed when the accept loop and every connection are done: the other threads then return.
        let (served, all_served) = smol::channel::bounded::<()>(1);

        let mut origin = Origin { addr, stop: Some(stop), threads: Vec::new(), state: state.clone() };
        let threads = state.config.threads;
        let mut main = Some((listener, served));
        for i in 0..threads {
            let executor = executor.clone();
            let thread = std::thread::Builder::new().name(format!("catfetch-origin-{i}"));
            let spawned = if let Some((listener, served)) = main.take() {
                // Thread 0 drives the accept loop to its end; the executor runs tasks meanwhile.
                let (state, stopped) = (state.clone(), stopped.clone());
                thread.spawn(move || {
                    let ex = executor.clone();
                    smol::block_on(executor.run(serve(listener, state, stopped, ex)));
                    drop(served);
                })
            } else {
                let all_served = all_served.clone();
                thread.spawn(move || {
                    smol::block_on(executor.run(async {
                        let _ = all_served.recv().await;
                    }))
                })
            };
            // On error, `origin` is dropped: the threads already started stop and are joined.
            origin.threads.push(spawned?);
        }
        Ok(origin)
    }

    /// The address the origin listens on (with the real port when `bind` had port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of a random cat: `http://127.0.0.1:PORT/cat`. An unspecified bind address (`0.0.0.0`) is
    /// given as loopback, which reaches it from this machine.
    pub fn url(&self) -> String {
        format!("http://{}/cat", reachable(self.addr))
    }

    /// The most requests the origin was answering at once so far, each counted from its arrival to its
    /// answer (the latency included): with a latency, N requests that all reach the origin within one
    /// latency of each other make N.
    pub fn most_in_flight(&self) -> usize {
        self.state.most_in_flight.load(Ordering::SeqCst)
    }

    /// Stops the origin: stops accepting, lets requests in flight finish (within [`GRACE`]), closes every
    /// connection and joins the threads. Dropping the origin does the same.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        // Closing the channel wakes every task waiting on it, on whichever thread.
        drop(self.stop.take());
        for thread in self.threads.drain(..) {
            // A panicked origin thread has nothing left to clean up; the caller is stopping anyway.
            let _ = thread.join();
        }
    }
}

impl Drop for Origin {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Binds `addr` and listens with the longest queue of not-yet-accepted connections the system allows.
///
/// std's `TcpListener::bind` asks for a queue of 128. A client that opens thousands of connections at
/// once (`catfetch -j 2000`) overflows it: the kernel drops the SYNs that do not fit, and each of those
/// clients waits for its SYN to be sent again, a second later (and two more if that one is dropped too),
/// while the origin sits idle. A long queue costs kernel memory only for connections actually waiting in
/// it, and the origin accepts as fast as it can. Public so that the scripted test origins listen the same
/// way.
pub fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // What std does on Unix: a restarted origin can take its port back while old connections linger in
    // TIME_WAIT. (On Windows the option would let another program take the port: std leaves it off.)
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(max_backlog())?;
    Ok(socket.into())
}

/// The longest listen queue the system grants: Linux's `net.core.somaxconn` (a longer request is cut to
/// it), or 4096, Linux's default since 5.4, where it cannot be read; other systems cut it to their own
/// maximum.
fn max_backlog() -> i32 {
    std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(4096)
}

/// `addr`, with an unspecified IP (`0.0.0.0`, `::`) replaced by loopback: an address to connect to.
fn reachable(mut addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
        });
    }
    addr
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Accepts connections until stopped, one task each; then waits for every connection to end.
async fn serve(
    listener: Async<TcpListener>,
    state: Arc<State>,
    stopped: Receiver<()>,
    executor: Arc<Executor<'static>>,
) {
    // Each connection task holds a clone of `alive`; `all_closed` completes when the last is dropped.
    let (alive, all_closed) = smol::channel::bounded::<()>(1);
    loop {
        let accepted = async { Some(listener.accept().await) }
            .or(async {
                let _ = stopped.recv().await;
                None
            })
            .await;
        match accepted {
            None => break,
            Some(Ok((stream, _peer))) => {
                let (state, stopped, alive) = (state.clone(), stopped.clone(), alive.clone());
                executor
                    .spawn(async move {
                        connection(stream, state, stopped).await;
                        drop(alive);
                    })
                    .detach();
            }
            Some(Err(e)) => {
                // Out of file descriptors, usually: wait a little rather than spin on the error.
                if !state.config.quiet {
                    log(format_args!("origin: accept failed: {e}"));
                }
                Timer::after(Duration::from_millis(100)).await;
            }
        }
    }
    // Stop accepting now: new connections are refused, not left waiting in the backlog.
    drop(listener);
    drop(alive);
    let _ = all_closed.recv().await;
}

/// Serves one connection with hyper until the client closes it or the origin stops.
async fn connection(stream: Async<TcpStream>, state: Arc<State>, stopped: Receiver<()>) {
    let service = service_fn(move |request| {
        let state = state.clone();
        async move { Ok::<_, Infallible>(answer(request, &state).await) }
    });
    let mut builder = http1::Builder::new();
    builder.timer(SmolTimer::new());
    builder.header_read_timeout(HEADER_TIMEOUT);
    let mut conn = pin!(builder.serve_connection(FuturesIo::new(stream), service));
    // Client errors (resets, garbage, timeouts) end the connection; hyper has answered what it could.
    let ended = async { Some(conn.as_mut().await) }
        .or(async {
            let _ = stopped.recv().await;
            None
        })
        .await;
    if ended.is_none() {
        // Finish the response in progress, then close; an idle keep-alive connection closes at once.
        conn.as_mut().graceful_shutdown();
        let _ = conn
            .as_mut()
            .or(async {
                Timer::after(GRACE).await;
                Ok(())
            })
            .await;
    }
}

/// An answer before it is sent: status, content type, body.
struct Answer {
    status: StatusCode,
    content_type: &'static str,
    body: Bytes,
    retry_after: bool,
}

impl Answer {
    fn text(status: StatusCode, message: impl Into<String>) -> Answer {
        let mut message = message.into();
        message.push('\n');
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body: Bytes::from(message),
            retry_after: false,
        }
    }

    fn json(value: &impl Serialize) -> Answer {
        match serde_json::to_vec(value) {
            Ok(body) => Answer {
                status: StatusCode::OK,
                content_type: "application/json; charset=utf-8",
                body: Bytes::from(body),
                retry_after: false,
            },
            // Our own structs of strings always serialise; this arm only keeps the function total.
            Err(e) => Answer::text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }

    fn png(body: Bytes) -> Answer {
        Answer { status: StatusCode::OK, content_type: "image/png", body, retry_after: false }
    }

    fn not_found() -> Answer {
        Answer::text(StatusCode::NOT_FOUND, "Cat not found")
    }
}

/// Answers one request: decides its fate from the seed, builds the answer, waits out the latency, logs.
async fn answer(request: Request<hyper::body::Incoming>, state: &State) -> Response<Full<Bytes>> {
    let arrived = Instant::now();
    let _in_flight = InFlight::enter(state);
    let config = &state.config;
    let n = state.requests.fetch_add(1, Ordering::Relaxed);
    let mut rng = fastrand::Rng::with_seed(mix(config.seed, n));
    let jitter = u64::try_from(config.jitter.as_nanos()).unwrap_or(u64::MAX);
    let wait = config.latency.saturating_add(Duration::from_nanos(rng.u64(0..=jitter)));
    // `f64()` is in 0.0..1.0, so a fail_rate of 1.0 fails every request and 0.0 none.
    let fail = rng.f64() < config.fail_rate;

    let answer = if fail {
        let mut answer = Answer::text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "Service Unavailable: this origin fails {}% of requests on purpose (fail_rate)",
                config.fail_rate * 100.0
            ),
        );
        answer.retry_after = true;
        answer
    } else if request.method() != Method::GET && request.method() != Method::HEAD {
        Answer::not_found()
    } else {
        let wants_json = request
            .headers()
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("application/json"));
        let host = request
            .headers()
            .get(HOST)
            .and_then(|v| v.to_str().ok())
            .filter(|h| is_plain_host(h))
            .map_or_else(|| reachable(state.addr).to_string(), str::to_string);
        match routes::route(request.uri().path(), request.uri().query()) {
            Ok(Route::Cat(mut cat)) => {
                cat.json |= wants_json;
                answer_cat(cat, state, &host, &mut rng).await
            }
            Ok(Route::ApiCats { limit, skip, tags }) => {
                let cats = state.pool.with_tags(&tags);
                let list: Vec<_> = cats
                    .iter()
                    .skip(skip)
                    .take(limit)
                    .filter_map(|&i| state.pool.cats().get(i))
                    .map(|cat| Metadata::of(cat, None))
                    .collect();
                Answer::json(&list)
            }
            Ok(Route::ApiTags) => Answer::json(&state.pool.all_tags()),
            Err(Reject::BadRequest(message)) => Answer::text(StatusCode::BAD_REQUEST, message),
            Err(Reject::NotFound) => Answer::not_found(),
        }
    };

    // Wait until the deadline, counted from arrival: time spent drawing is part of the latency, not
    // added to it. A timer, not a sleep: the thread serves other requests meanwhile.
    if let Some(deadline) = arrived.checked_add(wait) {
        Timer::at(deadline).await;
    } else {
        Timer::never().await;
    }

    if !config.quiet {
        let target = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
        let shown: String = target.chars().take(200).collect();
        log(format_args!(
            "origin: {} {shown} {} {} {} B in {} ms",
            request.method(),
            answer.status.as_u16(),
            answer.content_type.split(';').next().unwrap_or(""),
            answer.body.len(),
            arrived.elapsed().as_millis()
        ));
    }
    respond(answer, request.method() == Method::HEAD)
}

/// A `/cat...` request: picks the cat, then answers its picture or its metadata.
async fn answer_cat(cat: CatRequest, state: &State, host: &str, rng: &mut fastrand::Rng) -> Answer {
    let pool = &state.pool;
    let by_id = match &cat.which {
        Which::Named(name) if pool::looks_like_id(name) => pool.by_id(name).map(|(i, _)| i),
        _ => None,
    };
    let index = match (by_id, &cat.which) {
        (Some(index), _) => index,
        (None, Which::Named(tags)) => {
            // Tags narrow the choice; tags no cat has are ignored rather than refused, so any URL a
            // cataas client builds gets a cat here.
            let known: Vec<String> = routes::split_tags(tags)
                .into_iter()
                .filter(|t| !pool.with_tags(std::slice::from_ref(t)).is_empty())
                .collect();
            let mut choices = pool.with_tags(&known);
            if choices.is_empty() {
                // Each tag belongs to some cat, but no cat has them all: any cat will do.
                choices = pool.with_tags(&[]);
            }
            choices.get(rng.usize(..choices.len().max(1))).copied().unwrap_or(0)
        }
        (None, Which::Random) => rng.usize(..pool.cats().len().max(1)),
    };
    let Some(chosen) = pool.cats().get(index) else {
        return Answer::not_found();
    };
    if cat.json {
        let mut url = format!("http://{host}/cat/{}", chosen.id);
        if let Some(says) = &cat.says {
            url.push_str("/says/");
            url.push_str(&says.raw);
        }
        if let Some((w, h)) = cat.size {
            url.push_str(&format!("?width={w}&height={h}"));
        }
        return Answer::json(&Metadata::of(chosen, Some(url)));
    }
    let (width, height) = cat.size.unwrap_or((draw::DESIGN_WIDTH, draw::DESIGN_HEIGHT));
    let caption = cat.says.as_ref().map(|s| s.text.as_str());
    let png = pool.picture(index, width, height, caption).await;
    if png.is_empty() {
        return Answer::text(StatusCode::INTERNAL_SERVER_ERROR, "the cat could not be drawn");
    }
    Answer::png(png)
}

/// A cat's metadata in cataas's current shape. Fields serialise in this order, as cataas sends them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Metadata<'a> {
    id: &'a str,
    tags: Vec<&'static str>,
    mimetype: &'static str,
    created_at: &'a str,
    /// Only in `?json=true` answers, as on cataas; `/api/cats` entries have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

impl<'a> Metadata<'a> {
    fn of(cat: &'a PoolCat, url: Option<String>) -> Metadata<'a> {
        Metadata { id: &cat.id, tags: cat.tags(), mimetype: "image/png", created_at: &cat.created_at, url }
    }
}

/// Whether a Host header is safe to put in a URL we hand out: a name or address and a port, nothing else.
fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
}

/// Turns an [`Answer`] into hyper's response. HEAD gets the same headers, Content-Length included, and no
/// body.
fn respond(answer: Answer, head: bool) -> Response<Full<Bytes>> {
    let length = answer.body.len();
    let body = if head { Bytes::new() } else { answer.body };
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = answer.status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(answer.content_type));
    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    if answer.retry_after {
        headers.insert(RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// Writes one line to stderr. Not `eprintln!`, which panics when stderr is closed; a log line is not
/// worth a crash. A line holds what a client sent (the request target), so it is made [`ascii_only`] first.
fn log(line: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{}", ascii_only(&line.to_string()));
}

/// `line` with every character that is not printable ASCII written as its code point, `\u{1b}`.
///
/// A request target is the client's text, and hyper passes bytes above 0x7F through: printed raw, a client
/// could put U+009B (a one-character terminal escape on many terminals) or a right-to-left override on the
/// operator's screen. catfetch has its own rule for what it prints (`text::printable`: escape only what a
/// terminal acts on, keep `é` and `猫`, since a cat's id may be any text). The origin cannot share it
/// without depending on catfetch, and needs a simpler one: in HTTP a request target is ASCII (anything else
/// is sent percent-encoded), so any other character in this log is suspect and shown escaped.
fn ascii_only(line: &str) -> Cow<'_, str> {
    let plain = |c: char| c == ' ' || c.is_ascii_graphic();
    if line.chars().all(plain) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if plain(c) {
            out.push(c);
        } else {
            out.extend(c.escape_unicode());
        }
    }
    Cow::Owned(out)
}

/// The cores this machine offers (1 when unknown): how many threads draw the pool, and the default
/// [`OriginConfig::threads`].
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests;
