//! The one place that touches surf: building the client, sending a GET, reading the body, and turning
//! surf's errors (and panics) into [`CatError`]s.
//!
//! surf 2.3 is unmaintained and has sharp edges, each handled here so the rest of the crate never sees them:
//! - Its curl backend would cap the *whole* transfer at 60 s. We build the libcurl client ourselves with no
//!   timeout and race each step against our own timer instead (see [`Client::get`], [`Response::read`]).
//! - Its redirect middleware sends every request twice (surf#307): we do not use it; libcurl follows no
//!   redirects either; `download.rs` follows them itself.
//! - `surf::Error` is not a `std::error::Error` and its messages are poor ("unknown error"). We look inside
//!   for the underlying `isahc::Error`, get libcurl's error code back from it, and say in words what
//!   failed (`http/libcurl.rs`); a TLS failure for want of trusted certificates says so (`http/trust.rs`).
//! - http-client's curl layer panics on a response header value that is not visible ASCII
//!   (`to_str().unwrap()`). Any server can send one, so every poll of surf runs inside `contain` (the
//!   request as a `Contained` future, each body read directly), which catches the panic and keeps the
//!   panic hook quiet; the user sees a one-line error instead.
//! - The `user:pass@` of a URL is silently not sent: isahc switches every libcurl authentication method
//!   off by default, and the server answers 401. Rather than hand the password to libcurl, we take the
//!   userinfo out of every request URL and send [`Credentials`] ourselves, to their own origin only.
//! - isahc hands every body from libcurl's thread to ours through a pipe (the sluice crate) of four
//!   buffers, each kept at its largest size until the response is dropped: memory per download in flight
//!   is bounded by four of libcurl's pieces (see vendor/curl-sys/PATCHED.md for their size).
//! - isahc runs libcurl on an "agent" thread. If that thread stops (libcurl's transfer loop failed), isahc
//!   panics on the next request handed to it, and again in the destructor of its handle to the thread: a
//!   destructor that panics while another panic unwinds aborts the process. Requests are contained as
//!   above, and everything that may own that handle (our agents, a request in flight) is dropped through
//!   `QuietDrop`. What the user sees is one error line per cat ([`CatError::Client`]) and exit 1.

use std::cell::Cell;
use std::future::Future;
use std::io;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant, SystemTime};

use async_io::Timer;
use futures_lite::{future, AsyncRead};
use isahc::config::{Configurable, RedirectPolicy};
use surf::Url;

use crate::error::CatError;
use crate::retry::parse_retry_after;

mod libcurl;
mod trust;

use libcurl::Kind;
use trust::TrustStore;

/// Sent with every request, so origins can tell who is asking.
pub const USER_AGENT: &str = concat!("catfetch/", env!("CARGO_PKG_VERSION"));

/// An HTTP client (cheap to clone; clones share the same libcurl agents and connection pools).
///
/// libcurl runs every transfer of one isahc client on a single "agent" thread. With a hundred downloads in
/// flight that one thread becomes the bottleneck, so a client may have several agents (one per core is
/// plenty), and requests are spread over them in turn.
#[derive(Clone, Debug)]
pub struct Client {
    agents: Arc<[QuietDrop<surf::Client>]>,
    next: Arc<AtomicUsize>,
    credentials: Option<Arc<Credentials>>,
    /// The CA certificates libcurl verifies servers against, to explain a TLS failure.
    trust: Arc<TrustStore>,
}

impl Client {
    /// Builds the client with `agents` libcurl agent threads (at least one).
    pub fn new(agents: usize) -> Result<Client, String> {
        let trust = TrustStore::find();
        let agents = (0..agents.max(1))
            .map(|_| Client::agent(&trust).map(QuietDrop::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Client {
            agents: agents.into(),
            next: Arc::new(AtomicUsize::new(0)),
            credentials: None,
            trust: Arc::new(trust),
        })
    }

    /// This client, sending `credentials` (if any) with every request to their origin.
    pub fn with_credentials(self, credentials: Option<Credentials>) -> Client {
        Client { credentials: credentials.map(Arc::new), ..self }
    }

    /// One agent: surf on top of a libcurl (isahc) client that we configure ourselves.
    fn agent(trust: &TrustStore) -> Result<surf::Client, String> {
        let mut curl = isahc::HttpClient::builder()
            // We follow redirects ourselves, one request per hop (download.rs).
            .redirect_policy(RedirectPolicy::None)
            // Save the bytes as the server sent them; do not ask for gzip, do not decode (see `get` and
            // download.rs for why an encoded answer is refused instead).
            .automatic_decompression(false)
            // libcurl honours http_proxy/https_proxy; a proxy can never reach our own loopback, so
            // loopback always goes direct, on top of whatever no_proxy the user set.
            .proxy_blacklist(no_proxy_hosts(
                std::env::var("no_proxy").or_else(|_| std::env::var("NO_PROXY")).ok(),
            ))
            .tcp_nodelay();
        if let Some(file) = trust.named_file() {
            // The file SSL_CERT_FILE names, even a missing one: never silently another (see trust.rs).
            curl = curl.ssl_ca_certificate(isahc::config::CaCertificate::file(file));
        }
        let curl = curl.build().map_err(|e| format!("cannot start the HTTP client: {e}"))?;
        // `from_client` keeps our libcurl settings: no whole-transfer timeout (surf's Config would set 60 s).
        Ok(surf::Client::with_http_client(http_client::isahc::IsahcClient::from_client(curl)))
    }

    /// Sends `GET url` and waits at most `timeout` for the response headers. (libcurl, through isahc 0.9,
    /// hands the headers over together with the first body bytes: a body that never starts is a timeout
    /// here too.)
    ///
    /// A user name and password in `url` itself are never used: the request goes out without them, and
    /// only the client's [`Credentials`] may authenticate it. So a server cannot make us send credentials
    /// of its choosing (a redirect to `http://a:b@elsewhere/`), and libcurl never holds the user's password.
    pub async fn get(&self, url: &Url, timeout: Duration) -> Result<Response, CatError> {
        let mut builder = surf::RequestBuilder::new(surf::http::Method::Get, without_userinfo(url))
            .header("User-Agent", USER_AGENT)
            // cataas answers JSON to `Accept: application/json`; say plainly that we want the picture.
            .header("Accept", "image/*,*/*;q=0.8")
            // The picture itself, not gzipped: without this header a server may pick any encoding
            // (RFC 9110 12.5.3), and catfetch does not decode. One that encodes anyway is refused.
            .header("Accept-Encoding", "identity");
        if let Some(authorization) = self.credentials.as_deref().and_then(|c| c.authorization_for(url)) {
            builder = builder.header("Authorization", authorization);
        }
        let request = builder.build();
        let agent = &self.agents[self.next.fetch_add(1, Ordering::Relaxed) % self.agents.len()];
        let send = Contained::new(Box::pin(agent.send(request)));
        // Whichever finishes first wins; the loser is dropped, and dropping surf's future aborts the request.
        let answer = future::or(async { Some(send.await) }, async {
            Timer::after(timeout).await;
            None
        })
        .await;
        match answer {
            None => Err(CatError::HeadersTimeout(timeout)),
            Some(Err(panic)) => Err(panic_error(&panic)),
            Some(Ok(Err(error))) => Err(convert(&error, url, &self.trust)),
            Some(Ok(Ok(response))) => Ok(Response::new(response, timeout)),
        }
    }
}

/// HTTP Basic authentication for one origin: the user name and password of `--url`, as curl sends them.
///
/// Sent only to the origin they were given for: the same scheme, host and port. After a redirect to another
/// host, another port, or from https to http, they are not sent (like curl without `--location-trusted`):
/// a server that redirects must not learn the password meant for another. `Debug` does not show them.
#[derive(Clone)]
pub struct Credentials {
    /// The URL they came with, without its userinfo: its origin is the only one they are sent to.
    to: Url,
    /// `Basic base64(user:password)`.
    authorization: String,
}

impl Credentials {
    /// The credentials in `url`'s userinfo, if it has any. User name and password are percent-decoded first
    /// (`p%40ss` is the password `p@ss`), as curl does; a missing password is an empty one.
    pub fn from_url(url: &Url) -> Option<Credentials> {
        if url.username().is_empty() && url.password().is_none() {
            return None;
        }
        let decoded = |part: &str| percent_encoding::percent_decode_str(part).collect::<Vec<u8>>();
        let mut pair = decoded(url.username());
        pair.push(b':');
        pair.extend(decoded(url.password().unwrap_or("")));
        Some(Credentials { to: without_userinfo(url), authorization: format!("Basic {}", base64(&pair)) })
    }

    /// The `Authorization` value for a request to `url`: `Some` only on the credentials' own origin.
    pub fn authorization_for(&self, url: &Url) -> Option<&str> {
        (url.origin() == self.to.origin()).then_some(self.authorization.as_str())
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Credentials {{ origin: {}, authorization: \"Basic ***\" }}",
            self.to.origin().ascii_serialization()
        )
    }
}

/// `url` without user name and password.
fn without_userinfo(url: &Url) -> Url {
    let mut url = url.clone();
    // These fail only on URLs that cannot have userinfo, which then have none.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url
}

/// Standard base64 with padding (RFC 4648, section 4): each 3 bytes become 4 characters of 6 bits each.
/// Small enough to write here rather than add a crate for one header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let [a, b, c] = [0, 1, 2].map(|i| chunk.get(i).copied().unwrap_or(0) as u32);
        let triple = (a << 16) | (b << 8) | c;
        // A chunk of n bytes fills n + 1 characters; the rest of the 4 are padding.
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(triple >> (18 - 6 * i) & 0x3f) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The hosts that must never go through a proxy: the user's `no_proxy` list plus loopback.
fn no_proxy_hosts(user: Option<String>) -> Vec<String> {
    let user = user.unwrap_or_default();
    if user.trim() == "*" {
        // libcurl understands "*" (no proxy at all) only as the whole list.
        return vec!["*".into()];
    }
    let mut hosts: Vec<String> =
        user.split(',').map(str::trim).filter(|h| !h.is_empty()).map(String::from).collect();
    hosts.extend(["localhost", "127.0.0.0/8", "::1"].map(String::from));
    hosts
}

/// A response whose headers have arrived; the body is read with [`Response::read`].
pub struct Response {
    /// The HTTP status code.
    pub status: u16,
    /// The canonical reason phrase for `status` ("" if unknown).
    pub reason: &'static str,
    /// Content-Type, if sent.
    pub content_type: Option<String>,
    /// Content-Length, if sent, valid, and not overridden by a Transfer-Encoding.
    pub content_length: Option<u64>,
    /// The content codings applied to the body (`gzip`, ...: see `content_codings`); `None` when the
    /// body is the picture itself. libcurl does not decode: the body is as the server encoded it.
    pub content_encoding: Option<String>,
    /// Location (for redirects), if sent.
    pub location: Option<String>,
    /// Retry-After, already parsed, if sent and readable.
    pub retry_after: Option<Duration>,
    body: Pin<Box<dyn AsyncRead + Send>>,
    /// Fires when the body may have stalled; see [`Response::read`].
    idle: Timer,
    /// When the last body bytes (or the headers) arrived.
    last_progress: Instant,
    timeout: Duration,
    /// An error met by [`Response::poll_read`] after it had bytes to hand over: returned next time.
    deferred: Option<ReadError>,
}

impl Response {
    fn new(mut response: surf::Response, timeout: Duration) -> Response {
        let header = |name: &str| response.header(name).map(|v| v.last().as_str().to_owned());
        let content_type = header("Content-Type");
        // RFC 9112 §6.3: with a Transfer-Encoding (chunked), the encoding frames the body and Content-Length
        // must be ignored; libcurl does so, and so must our count of the bytes to expect. (A response
        // with both is odd, but its chunked body arrives complete: nothing is lost by accepting it.)
        let content_length = match header("Transfer-Encoding") {
            Some(_) => None,
            None => header("Content-Length").and_then(|v| v.trim().parse().ok()),
        };
        let content_encoding = response
            .header("Content-Encoding")
            .and_then(|values| content_codings(values.iter().map(|value| value.as_str())));
        let location = header("Location");
        let retry_after = header("Retry-After").and_then(|v| parse_retry_after(&v, SystemTime::now()));
        let status = response.status();
        Response {
            status: status as u16,
            reason: status.canonical_reason(),
            content_type,
            content_length,
            content_encoding,
            location,
            retry_after,
            body: Box::pin(response.take_body().into_reader()),
            idle: Timer::after(timeout),
            last_progress: Instant::now(),
            timeout,
            deferred: None,
        }
    }

    /// Is this a redirect we should follow (with its Location)?
    pub fn is_redirect(&self) -> bool {
        matches!(self.status, 301 | 302 | 303 | 307 | 308)
    }

    /// Reads body bytes into `buf`: at least one piece (waiting for it), then every further piece that
    /// has *already* arrived, until `buf` is full or nothing more is ready; `Ok(0)` at the end. Fails if no
    /// bytes arrive for the timeout: a slow transfer that keeps flowing is never cut, a stalled one is.
    pub async fn read(&mut self, buf: &mut [u8]) -> Result<usize, ReadError> {
        future::poll_fn(|cx| self.poll_read(cx, buf)).await
    }

    /// [`Response::read`] as a poll: `Pending` (and `cx` woken later) while no new byte has arrived. It
    /// lets a caller borrow `buf` only for the instant of one poll (see `download::stream_body`).
    ///
    /// Why take every piece that is already there: libcurl hands the body over in pieces, and each piece
    /// written on its own costs a `write` call, and fewer, larger writes take less CPU for the same bytes
    /// (docs/PERFORMANCE.md). It never waits to gather more: a slow body is
    /// handed over as each piece arrives.
    ///
    /// After an error the body must not be read again (a body that panicked is never polled again).
    pub fn poll_read(&mut self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<Result<usize, ReadError>> {
        if let Some(error) = self.deferred.take() {
            return Poll::Ready(Err(error));
        }
        let mut filled = 0;
        while filled < buf.len() {
            let body = self.body.as_mut();
            let error = match contain(|| body.poll_read(cx, &mut buf[filled..])) {
                Ok(Poll::Ready(Ok(n))) if n > 0 => {
                    filled += n;
                    continue;
                }
                Ok(Poll::Pending) if filled == 0 => return self.poll_stall(cx).map(Err),
                // Nothing more yet, or the end (which the next call sees again).
                Ok(Poll::Pending | Poll::Ready(Ok(_))) => break,
                Ok(Poll::Ready(Err(error))) => ReadError::Failed(io_message(&error)),
                Err(panic) => ReadError::Failed(panic_error(&panic).to_string()),
            };
            if filled == 0 {
                return Poll::Ready(Err(error));
            }
            // Hand over the bytes we have; the caller hears of the error on its next call.
            self.deferred = Some(error);
            break;
        }
        self.last_progress = Instant::now();
        Poll::Ready(Ok(filled))
    }

    /// `Pending` until the body has been quiet for the whole timeout, then the stall.
    ///
    /// The timer is *not* re-armed on every read: each arming wakes async-io's reactor thread, which for a
    /// 4 MB picture read piece by piece would mean hundreds of needless thread wake-ups. Instead a read
    /// only notes the time; when the timer fires, it checks how long the body has really been quiet and
    /// either reports the stall or re-arms itself for the rest of the timeout (at most once per timeout).
    fn poll_stall(&mut self, cx: &mut Context<'_>) -> Poll<ReadError> {
        loop {
            ready!(Pin::new(&mut self.idle).poll(cx));
            let quiet = self.last_progress.elapsed();
            if quiet >= self.timeout {
                return Poll::Ready(ReadError::Stalled(self.timeout));
            }
            self.idle.set_after(self.timeout - quiet);
        }
    }
}

impl Response {
    /// Reads the whole (small) body into memory: for JSON metadata only, never for pictures.
    pub async fn read_to_end(&mut self, limit: usize) -> Result<Vec<u8>, CatError> {
        let mut body = Vec::new();
        let mut buf = [0; 8 * 1024];
        loop {
            let n = match self.read(&mut buf).await {
                Ok(0) => return Ok(body),
                Ok(n) => n,
                Err(ReadError::Stalled(after)) => {
                    return Err(CatError::BodyStalled { after, received: body.len() as u64 })
                }
                Err(ReadError::Failed(message)) => return Err(CatError::Connect(message)),
            };
            if body.len() + n > limit {
                return Err(CatError::TooLarge { limit: limit as u64 });
            }
            body.extend_from_slice(&buf[..n]);
        }
    }
}

/// The content codings named by every `Content-Encoding` header (`gzip`, `br`, ...), lower-cased, in order,
/// without `identity` (which means no coding); `None` if that leaves none. Shortened for error messages:
/// a hostile server could send kilobytes.
fn content_codings<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    const SHOWN: usize = 40;
    let codings: Vec<String> = values
        .flat_map(|value| value.split(','))
        .map(|coding| coding.trim().to_ascii_lowercase())
        .filter(|coding| !coding.is_empty() && coding != "identity")
        .collect();
    let joined = codings.join(", ");
    match joined.chars().count() {
        0 => None,
        n if n > SHOWN => Some(joined.chars().take(SHOWN).chain("...".chars()).collect()),
        _ => Some(joined),
    }
}

/// Why reading the body stopped early.
#[derive(Debug)]
pub enum ReadError {
    /// No bytes for this long.
    Stalled(Duration),
    /// The connection failed mid-body (message for the user).
    Failed(String),
}

/// Turns surf's opaque error into something a user can act on, by looking for the libcurl error inside.
fn convert(error: &surf::Error, url: &Url, trust: &TrustStore) -> CatError {
    let host = url.host_str().unwrap_or("?");
    let peer = match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    match error.downcast_ref::<isahc::Error>() {
        Some(isahc) => isahc_error(isahc, host, peer, trust),
        None => match error.downcast_ref::<io::Error>() {
            Some(io) => CatError::Connect(io_message(io)),
            None => CatError::Connect(format!("request failed: {error}")),
        },
    }
}

/// The error for a request to `host` (`peer` is `host:port`) that isahc reports as `isahc`.
fn isahc_error(isahc: &isahc::Error, host: &str, peer: String, trust: &TrustStore) -> CatError {
    if let isahc::Error::Aborted = isahc {
        // The agent thread dropped the request without an answer: it has stopped (see the module docs).
        return CatError::Client(agent_stopped(None));
    }
    let Some((kind, clause)) = libcurl::said(isahc) else {
        // isahc's own errors: I/O, or a response it could not turn into an HTTP message.
        return match isahc {
            isahc::Error::Io(io) => CatError::Connect(io_message(io)),
            _ => CatError::Protocol(format!("malformed response from {peer}")),
        };
    };
    match kind {
        Kind::Resolve => CatError::Resolve { host: host.to_owned() },
        Kind::Refused => CatError::Unreachable { host_port: peer },
        Kind::Network => CatError::Connect(format!("request to {peer} failed: {clause}")),
        Kind::Protocol => CatError::Protocol(format!("malformed response from {peer}: {clause}")),
        Kind::Tls => CatError::Tls(format!("TLS with {peer} failed: {clause}")),
        Kind::Certificate => {
            CatError::Tls(trust.empty().unwrap_or_else(|| format!("TLS with {peer} failed: {clause}")))
        }
        Kind::TrustStore => CatError::Tls(trust.unloadable()),
        Kind::Redirect => CatError::Redirect(clause.into_owned()),
        Kind::Internal => CatError::Internal(format!("request to {peer} failed: {clause}")),
    }
}

/// isahc's `Display` prints `Debug: description`; users want just the description.
fn describe(error: &isahc::Error) -> String {
    #[allow(deprecated)]
    // `description` is the only accessor isahc 0.9 offers for the plain message.
    std::error::Error::description(error).to_owned()
}

/// An io::Error from the body reader, possibly wrapping an isahc::Error (then libcurl's error in words).
fn io_message(error: &io::Error) -> String {
    match error.get_ref().and_then(|inner| inner.downcast_ref::<isahc::Error>()) {
        Some(isahc) => match libcurl::said(isahc) {
            Some((_, clause)) => clause.into_owned(),
            None => describe(isahc),
        },
        None => error.to_string(),
    }
}

/// A panic caught inside surf (see the module docs), as a one-line error.
fn panic_error(message: &str) -> CatError {
    if message.contains("ToStrError") {
        CatError::Protocol("malformed response: a header value is not visible ASCII".into())
    } else if let Some(why) = message.strip_prefix("agent thread ") {
        // isahc, handed a request for an agent thread that has stopped: "agent thread terminated with
        // error: {error}" for the first request to find out, then "agent thread terminated prematurely"
        // (or "agent thread panicked"). Its `{error}` reads `Curl("reason"): reason`; an agent stops only
        // on libcurl's multi-handle errors, whose reasons are short sentences without ": ".
        let reason = why.strip_prefix("terminated with error: ").map(|e| e.rsplit(": ").next().unwrap_or(e));
        CatError::Client(agent_stopped(reason))
    } else {
        CatError::Protocol(format!("the HTTP client failed on this response ({message})"))
    }
}

/// The message of [`CatError::Client`], with libcurl's reason when isahc told us.
fn agent_stopped(reason: Option<&str>) -> String {
    let message = "the HTTP client stopped: libcurl's agent thread ended";
    match reason {
        Some(reason) => format!("{message} ({reason})"),
        None => message.to_owned(),
    }
}

thread_local! {
    /// How many `contain` calls are running on this thread (the panic hook stays quiet inside them).
    static CONTAINING: Cell<u32> = const { Cell::new(0) };
}

/// Installs (once) a panic hook that stays silent for panics `contain` will catch, and reports all
/// others as before. Without it, a caught panic would still print "thread panicked at ..." to stderr.
pub fn silence_contained_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CONTAINING.with(|depth| depth.get()) == 0 {
                previous(info);
            }
        }));
    });
}

/// A future whose panics become `Err(message)`. Once it has panicked it is never polled again. Dropping it
/// drops the inner future inside [`contain`] too: a request in flight holds a reference to isahc's client,
/// and may be the last one, whose drop ends the agent thread (see [`QuietDrop`]).
struct Contained<F>(QuietDrop<F>);

impl<F> Contained<F> {
    fn new(future: F) -> Contained<F> {
        Contained(QuietDrop::new(future))
    }
}

impl<F: Future + Unpin> Future for Contained<F> {
    type Output = Result<F::Output, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = &mut *self.0;
        match contain(|| Pin::new(inner).poll(cx)) {
            Ok(poll) => poll.map(Ok),
            Err(message) => Poll::Ready(Err(message)),
        }
    }
}

/// A value whose destructor runs inside [`contain`]: a panic in it is caught and ignored.
///
/// isahc's handle to its agent thread panics when dropped after that thread has stopped (it tells the
/// thread to close, and panics when nobody is there to hear it). A panic escaping a destructor aborts the
/// process if another panic is unwinding, as when a second agent is dropped after the first one's panic.
/// Caught here, the rest of the value is still dropped; the failure itself was already reported, as the
/// [`CatError::Client`] of each request that met the stopped thread.
#[derive(Debug)]
struct QuietDrop<T>(ManuallyDrop<T>);

impl<T> QuietDrop<T> {
    fn new(value: T) -> QuietDrop<T> {
        QuietDrop(ManuallyDrop::new(value))
    }
}

impl<T> Deref for QuietDrop<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for QuietDrop<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T> Drop for QuietDrop<T> {
    fn drop(&mut self) {
        let value = &mut self.0;
        // SAFETY: the value is dropped once, here, and never touched again: its owner is being dropped.
        let _ = contain(|| unsafe { ManuallyDrop::drop(value) });
    }
}

/// Runs `f`, turning a panic inside it into `Err(message)`; the panic hook stays quiet meanwhile.
fn contain<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    CONTAINING.with(|depth| depth.set(depth.get() + 1));
    // AssertUnwindSafe: after a panic the caller drops (or never polls again) what panicked.
    let result = catch_unwind(AssertUnwindSafe(f));
    CONTAINING.with(|depth| depth.set(depth.get() - 1));
    result.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("panic")
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    #[test]
    fn loopback_never_goes_through_a_proxy() {
        assert_eq!(no_proxy_hosts(None), ["localhost", "127.0.0.0/8", "::1"]);
        assert_eq!(
            no_proxy_hosts(Some(" corp.example, ,10.0.0.0/8".into())),
            ["corp.example", "10.0.0.0/8", "localhost", "127.0.0.0/8", "::1"]
        );
        assert_eq!(no_proxy_hosts(Some("*".into())), ["*"]);
    }

    #[test]
    fn base64_matches_the_rfc_4648_test_vectors() {
        let cases = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg==")];
        for (plain, encoded) in cases.into_iter().chain([("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]) {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn credentials_are_decoded_and_sent_to_their_origin_only() {
        let url = |s: &str| -> Url { s.parse().unwrap() };
        let credentials = Credentials::from_url(&url("http://us%65r:p%40ss%3Aw@127.0.0.1:8000/cat")).unwrap();
        // base64("user:p@ss:w")
        let expected = Some("Basic dXNlcjpwQHNzOnc=");
        assert_eq!(credentials.authorization_for(&url("http://127.0.0.1:8000/other?x")), expected);
        assert_eq!(credentials.authorization_for(&url("http://evil:x@127.0.0.1:8000/")), expected);
        for elsewhere in
            ["http://127.0.0.1:8001/cat", "https://127.0.0.1:8000/cat", "http://localhost:8000/cat"]
        {
            assert_eq!(credentials.authorization_for(&url(elsewhere)), None, "{elsewhere}");
        }
        assert!(!format!("{credentials:?}").contains("dXNlcjpwQHNzOnc="), "{credentials:?}");
        assert_eq!(Credentials::from_url(&url("http://127.0.0.1/cat")).map(|c| c.authorization), None);
        let token = Credentials::from_url(&url("https://tok@h/")).unwrap();
        assert_eq!(token.authorization_for(&url("https://h:443/x")), Some("Basic dG9rOg=="));
        assert_eq!(without_userinfo(&url("http://u:p@h/c")).as_str(), "http://h/c");
    }

    #[test]
    fn every_libcurl_error_is_one_line_that_says_what_failed_and_is_retried_only_if_it_may_pass() {
        // Another attempt may help when the network or the server failed on the way; never when the answer
        // breaks HTTP, TLS or the trust store failed, or libcurl could not even try.
        let retryable = [5, 6, 7, 16, 18, 28, 52, 55, 56, 80, 89, 92, 97];
        let trust = TrustStore::find();
        for code in 0..libcurl::CODES_END + 20 {
            let isahc = isahc::Error::from(curl::Error::new(code));
            let error = isahc_error(&isahc, "example.test", "example.test:443".into(), &trust);
            let message = error.to_string();
            assert!(!message.is_empty() && !message.contains('\n'), "code {code}: {message:?}");
            assert!(!message.to_lowercase().contains("unknown error"), "code {code}: {message}");
            // isahc reads some codes as another of their group (libcurl.rs): judge those by what they became.
            let read_as = libcurl::read_as(code);
            assert_eq!(error.is_retryable(), retryable.contains(&read_as), "code {code}: {error:?}");
        }
        // A request the agent thread dropped: the thread has stopped, and every retry would meet it too.
        let aborted = isahc_error(&isahc::Error::Aborted, "example.test", "example.test:443".into(), &trust);
        assert!(matches!(aborted, CatError::Client(_)) && !aborted.is_retryable(), "{aborted:?}");
    }

    #[test]
    fn the_errors_users_meet_most_read_well() {
        let trust = TrustStore::find();
        let said = |code| {
            let isahc = isahc::Error::from(curl::Error::new(code));
            isahc_error(&isahc, "cataas.com", "cataas.com:443".into(), &trust).to_string()
        };
        assert_eq!(said(6), "cannot resolve host cataas.com");
        assert_eq!(said(7), "cannot connect to cataas.com:443 (connection refused or host unreachable)");
        assert_eq!(
            said(52),
            "request to cataas.com:443 failed: the server closed the connection without answering"
        );
        assert_eq!(said(1), "malformed response from cataas.com:443: its status line is not HTTP");
        assert!(said(35).starts_with("TLS with cataas.com:443 failed: the handshake failed"), "{}", said(35));
        assert!(said(77).starts_with("TLS: the trust store could not be loaded"), "{}", said(77));
        assert!(said(48).contains("libcurl error 48") && said(48).contains("please report"), "{}", said(48));
    }

    #[test]
    fn identity_is_no_content_coding_and_the_others_are_listed_in_order() {
        let codings = |values: &[&str]| content_codings(values.iter().copied());
        assert_eq!(codings(&[]), None);
        assert_eq!(codings(&["identity"]), None);
        assert_eq!(codings(&[" Identity , "]), None);
        assert_eq!(codings(&["gzip"]).as_deref(), Some("gzip"));
        assert_eq!(codings(&["identity", "GZIP"]).as_deref(), Some("gzip"));
        assert_eq!(codings(&["deflate, br"]).as_deref(), Some("deflate, br"));
        let long = "x".repeat(1000);
        assert_eq!(codings(&[&long]).map(|c| c.len()), Some(43));
    }

    #[test]
    fn a_panicking_future_becomes_an_error() {
        silence_contained_panics();
        // What http-client's `value.to_str().unwrap()` panics with on a non-ASCII header value.
        let panicky = Box::pin(async {
            panic!("called `Result::unwrap()` on an `Err` value: ToStrError {{ _priv: () }}")
        });
        let result = smol::block_on(Contained::new(panicky));
        let message = result.unwrap_err();
        assert!(message.contains("ToStrError"), "{message}");
        assert_eq!(
            panic_error(&message).to_string(),
            "malformed response: a header value is not visible ASCII"
        );
    }

    #[test]
    fn a_destructor_that_panics_while_another_panic_unwinds_does_not_abort() {
        silence_contained_panics();
        // What isahc's handle to a stopped agent thread does when dropped.
        struct PanicsOnDrop;
        impl Drop for PanicsOnDrop {
            fn drop(&mut self) {
                panic!("agent thread terminated prematurely");
            }
        }
        // Two agents, dropped while a first panic unwinds: without QuietDrop, the process aborts here.
        let outer = contain(|| {
            let _agents = [QuietDrop::new(PanicsOnDrop), QuietDrop::new(PanicsOnDrop)];
            panic!("a first panic");
        });
        assert_eq!(outer.unwrap_err(), "a first panic");
    }

    #[test]
    fn isahc_panics_about_a_stopped_agent_become_one_clear_client_error() {
        let first = "agent thread terminated with error: Curl(\"Unrecoverable error in select/poll\"): \
                     Unrecoverable error in select/poll";
        assert_eq!(
            panic_error(first),
            CatError::Client(
                "the HTTP client stopped: libcurl's agent thread ended (Unrecoverable error in select/poll)"
                    .into()
            )
        );
        for later in ["agent thread terminated prematurely", "agent thread panicked"] {
            assert_eq!(
                panic_error(later),
                CatError::Client("the HTTP client stopped: libcurl's agent thread ended".into())
            );
        }
        assert!(!CatError::Client(String::new()).is_retryable());
    }

    /// One step of a scripted body.
    enum Step {
        /// These bytes arrive.
        Piece(&'static [u8]),
        /// Nothing has arrived yet; it will in a moment (the reader is woken at once).
        NotYet,
        /// Nothing arrives, ever.
        Never,
        /// The connection breaks.
        Fail,
        /// The HTTP client panics (as http-client's curl layer can).
        Panic,
    }

    /// A response body that plays `steps`, then ends.
    struct Script(VecDeque<Step>);

    impl AsyncRead for Script {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &mut [u8],
        ) -> Poll<io::Result<usize>> {
            match self.0.pop_front() {
                None => Poll::Ready(Ok(0)),
                Some(Step::Piece(bytes)) => {
                    buf[..bytes.len()].copy_from_slice(bytes);
                    Poll::Ready(Ok(bytes.len()))
                }
                Some(Step::NotYet) => {
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
                Some(Step::Never) => {
                    self.0.push_front(Step::Never);
                    Poll::Pending
                }
                Some(Step::Fail) => Poll::Ready(Err(io::ErrorKind::ConnectionReset.into())),
                Some(Step::Panic) => panic!("called `Result::unwrap()` on an `Err` value: ToStrError"),
            }
        }
    }

    /// A 200 response whose body plays `steps`, as surf would hand it over.
    fn scripted(steps: Vec<Step>, timeout: Duration) -> Response {
        let reader = futures_lite::io::BufReader::new(Script(steps.into()));
        let mut response = surf::http::Response::new(200);
        response.set_body(surf::http::Body::from_reader(reader, None));
        Response::new(response.into(), timeout)
    }

    /// Reads until the end or an error: each read's bytes (as text), and how it ended.
    fn reads(response: &mut Response, buf_len: usize) -> (Vec<String>, Option<ReadError>) {
        let mut buf = vec![0; buf_len];
        let mut got = Vec::new();
        loop {
            match smol::block_on(response.read(&mut buf)) {
                Ok(0) => return (got, None),
                Ok(n) => got.push(String::from_utf8_lossy(&buf[..n]).into_owned()),
                Err(error) => return (got, Some(error)),
            }
        }
    }

    #[test]
    fn a_read_takes_every_piece_already_there_but_never_waits_for_more() {
        use Step::*;
        let steps =
            vec![Piece(b"ca"), Piece(b"t "), Piece(b"1"), NotYet, Piece(b"cat 2"), NotYet, Piece(b"!")];
        let (got, end) = reads(&mut scripted(steps, Duration::from_secs(5)), 64);
        assert_eq!(got, ["cat 1", "cat 2", "!"]);
        assert!(end.is_none());
    }

    #[test]
    fn a_read_stops_when_the_buffer_is_full_and_the_rest_comes_next() {
        let steps = vec![Step::Piece(b"abcd"), Step::Piece(b"efgh"), Step::Piece(b"ij")];
        let (got, end) = reads(&mut scripted(steps, Duration::from_secs(5)), 6);
        assert_eq!(got, ["abcdef", "ghij"]);
        assert!(end.is_none());
    }

    #[test]
    fn an_error_after_some_bytes_comes_after_those_bytes() {
        let steps = vec![Step::Piece(b"half a "), Step::Piece(b"cat"), Step::Fail];
        let (got, end) = reads(&mut scripted(steps, Duration::from_secs(5)), 64);
        assert_eq!(got, ["half a cat"]);
        assert!(matches!(end, Some(ReadError::Failed(_))), "{end:?}");
    }

    #[test]
    fn a_panic_mid_body_is_contained_and_comes_after_the_bytes_before_it() {
        silence_contained_panics();
        let steps = vec![Step::Piece(b"half a cat"), Step::Panic];
        let (got, end) = reads(&mut scripted(steps, Duration::from_secs(5)), 64);
        assert_eq!(got, ["half a cat"]);
        match end {
            Some(ReadError::Failed(message)) => {
                assert_eq!(message, "malformed response: a header value is not visible ASCII")
            }
            other => panic!("expected a contained failure, got {other:?}"),
        }
    }

    #[test]
    fn a_body_quiet_for_the_whole_timeout_stalls() {
        let timeout = Duration::from_millis(100);
        let steps = vec![Step::Piece(b"a first piece"), Step::Never];
        let started = Instant::now();
        let (got, end) = reads(&mut scripted(steps, timeout), 64);
        assert_eq!(got, ["a first piece"]);
        assert!(matches!(end, Some(ReadError::Stalled(after)) if after == timeout), "{end:?}");
        // Coarse bound: it waited for the timeout, and not for ever.
        assert!(started.elapsed() >= timeout && started.elapsed() < Duration::from_secs(3));
    }
}
