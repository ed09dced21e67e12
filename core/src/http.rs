//! The one place that touches surf: building the client, sending a GET, reading the body, and turning
//! errors into [`CatError`]s. surf is the API; under it runs catfetch's own engine (`http/engine.rs`), hyper
//! and rustls on async-io, given to surf as its `http_client::HttpClient`.
//!
//! | concept | file |
//! |---|---|
//! | surf's client, the GET, the body read against a timer, Basic credentials | `http.rs` |
//! | the engine: a pool per origin, HTTP/1.1 and HTTP/2, who drives each connection | `http/engine.rs` |
//! | names, addresses in turn, a proxy's tunnel, TLS | `http/connect.rs` |
//! | the socket under hyper: straight reads, a read budget | `http/stream.rs` |
//! | proxies from the environment | `http/proxy.rs` |
//! | the trust store (CA certificates) | `http/trust.rs` |
//! | errors in words | `http/failure.rs` |
//!
//! surf 2.3 is unmaintained and has sharp edges, each handled here so the rest of the crate never sees them:
//! - Its `Config` would cap the *whole* transfer at 60 s; with our own `HttpClient` there is none. Each
//!   step races our own timer instead (see [`Client::get`], [`Response::read`]), so a slow transfer that
//!   keeps flowing is never cut.
//! - Its redirect middleware sends every request twice (surf#307): we do not use it; `download.rs` follows
//!   redirects itself.
//! - `surf::Error` is not a `std::error::Error` and says little. The engine puts a [`CatError`] inside it,
//!   already in words, and we take it back out.
//! - http-types (surf's message types) holds header values as text: a response header that is not visible
//!   ASCII cannot be handed over, and is refused as a malformed response, in one line.

use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant, SystemTime};

use async_io::Timer;
use futures_lite::{future, AsyncRead};
use surf::Url;

use crate::error::CatError;
use crate::retry::parse_retry_after;

mod connect;
mod engine;
mod failure;
mod proxy;
mod stream;
mod trust;

use failure::Failure;

/// Sent with every request, so origins can tell who is asking.
pub const USER_AGENT: &str = concat!("catfetch/", env!("CARGO_PKG_VERSION"));

/// Who runs the futures of a shared HTTP/2 connection (reading its socket, handing each stream its frames).
///
/// The edge decides, as it decides who runs the downloads (`executor.rs`): where there are tasks, these
/// become tasks too ([`Connections::Spawned`]); where there are none, each download opens and drives its
/// own connection ([`Connections::Inline`]). HTTP/1.1 connections are always driven by the download using
/// them. See `http/engine.rs`.
#[derive(Clone, Default)]
pub enum Connections {
    /// No tasks: each download drives the connection it uses (one download per connection at a time).
    #[default]
    Inline,
    /// An HTTP/2 connection's futures are spawned with this, and many downloads share the connection.
    Spawned(Spawner),
}

impl std::fmt::Debug for Connections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Connections::Inline => "Inline",
            Connections::Spawned(_) => "Spawned",
        })
    }
}

/// A future the engine asks to be run to its end.
pub type Task = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// A function that runs a [`Task`] on an executor, e.g. `|task| executor.spawn(task).detach()`.
#[derive(Clone)]
pub struct Spawner(Arc<dyn Fn(Task) + Send + Sync>);

impl Spawner {
    /// A spawner calling `spawn` for each task. It must not run the task inline: it is called from inside
    /// the polls of other futures.
    pub fn new(spawn: impl Fn(Task) + Send + Sync + 'static) -> Spawner {
        Spawner(Arc::new(spawn))
    }

    pub(crate) fn spawn(&self, task: Task) {
        (self.0)(task)
    }
}

/// `--resolve HOST:PORT:ADDR[,ADDR...]`: the addresses to use for `HOST` on `PORT` instead of asking the
/// resolver, as curl's option of that name. An IPv6 address may be written in brackets (`[::1]`) or bare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pinned {
    /// The host name, as the URL has it.
    pub host: String,
    /// The port.
    pub port: u16,
    /// The addresses, tried in this order.
    pub addresses: Vec<IpAddr>,
}

impl FromStr for Pinned {
    type Err = String;

    fn from_str(value: &str) -> Result<Pinned, String> {
        let usage = || format!("expected HOST:PORT:ADDRESS[,ADDRESS...], got {value:?}");
        let (host, rest) = value.split_once(':').ok_or_else(usage)?;
        let (port, addresses) = rest.split_once(':').ok_or_else(usage)?;
        let port = port.parse().map_err(|_| format!("{port:?} is not a port, in {value:?}"))?;
        let addresses = addresses
            .split(',')
            .map(|address| {
                let bare = address.trim().trim_start_matches('[').trim_end_matches(']');
                bare.parse().map_err(|_| format!("{address:?} is not an IP address, in {value:?}"))
            })
            .collect::<Result<Vec<IpAddr>, String>>()?;
        if host.is_empty() {
            return Err(usage());
        }
        Ok(Pinned { host: host.to_owned(), port, addresses })
    }
}

/// How a [`Client`] connects.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The longest a new connection may take: every address of the host tried, TLS done.
    pub connect_timeout: Duration,
    /// `--resolve`: names not to ask the resolver for.
    pub pinned: Vec<Pinned>,
    /// Who drives shared HTTP/2 connections.
    pub connections: Connections,
}

/// surf's client on catfetch's engine (hyper and rustls on async-io; proxies from the environment; a new
/// connection may take up to `connect_timeout`): for code that wants surf itself, as the lesson's
/// examples do. Fails with the sentence to show if a proxy the environment sets cannot be used.
///
/// # Examples
///
/// ```no_run
/// # smol::block_on(async {
/// let client = catfetch_core::http::surf_client(std::time::Duration::from_secs(10))?;
/// let cat = client.get("https://cataas.com/cat").recv_bytes().await.map_err(|e| e.to_string())?;
/// # Ok::<(), String>(())
/// # });
/// ```
pub fn surf_client(connect_timeout: Duration) -> Result<surf::Client, String> {
    let options = Options { connect_timeout, ..Options::default() };
    Ok(Client::new(options)?.surf)
}

/// An HTTP client (cheap to clone; clones share the same connections).
#[derive(Clone, Debug)]
pub struct Client {
    surf: surf::Client,
    credentials: Option<Arc<Credentials>>,
}

impl Client {
    /// Builds the client. Fails with the sentence to show (a usage error: the environment's fault) if a proxy
    /// the environment sets cannot be used.
    pub fn new(options: Options) -> Result<Client, String> {
        let proxies = proxy::Proxies::from_env()?;
        let dialer = connect::Dialer::new(proxies, options.pinned, options.connect_timeout);
        let engine = engine::Engine::new(dialer, options.connections);
        Ok(Client { surf: surf::Client::with_http_client(engine), credentials: None })
    }

    /// This client, sending `credentials` (if any) with every request to their origin.
    pub fn with_credentials(self, credentials: Option<Credentials>) -> Client {
        Client { credentials: credentials.map(Arc::new), ..self }
    }

    /// Sends `GET url` and waits at most `timeout` for the response headers (the connection, if a new one
    /// is needed, included).
    ///
    /// A user name and password in `url` itself are never used: the request goes out without them, and
    /// only the client's [`Credentials`] may authenticate it. So a server cannot make us send credentials
    /// of its choosing (a redirect to `http://a:b@elsewhere/`).
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
        let send = self.surf.send(builder.build());
        // Whichever finishes first wins; the loser is dropped, and dropping the request closes its connection.
        let answer = future::or(async { Some(send.await) }, async {
            Timer::after(timeout).await;
            None
        })
        .await;
        match answer {
            None => Err(CatError::HeadersTimeout(timeout)),
            Some(Err(error)) => Err(match error.downcast_ref::<Failure>() {
                Some(failure) => failure.0.clone(),
                None => CatError::Connect(format!("request failed: {error}")),
            }),
            Some(Ok(response)) => Ok(Response::new(response, timeout)),
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
    /// body is the picture itself. Nothing is decoded: the body is as the server encoded it.
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
        // must be ignored; hyper does so, and so must our count of the bytes to expect. (A response
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
    /// Why take every piece that is already there: the body arrives in pieces (a socket read, a frame), and each piece
    /// written on its own costs a `write` call, and fewer, larger writes take less CPU for the same bytes
    /// (docs/PERFORMANCE.md). It never waits to gather more: a slow body is
    /// handed over as each piece arrives.
    ///
    /// After an error the body must not be read again.
    pub fn poll_read(&mut self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<Result<usize, ReadError>> {
        if let Some(error) = self.deferred.take() {
            return Poll::Ready(Err(error));
        }
        let mut filled = 0;
        while filled < buf.len() {
            let body = self.body.as_mut();
            let error = match body.poll_read(cx, &mut buf[filled..]) {
                Poll::Ready(Ok(n)) if n > 0 => {
                    filled += n;
                    continue;
                }
                Poll::Pending if filled == 0 => return self.poll_stall(cx).map(Err),
                // Nothing more yet, or the end (which the next call sees again).
                Poll::Pending | Poll::Ready(Ok(_)) => break,
                Poll::Ready(Err(error)) => ReadError::Failed(io_message(&error)),
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

/// An io::Error from the body reader: the engine's [`Failure`] inside it in words, or the error itself.
fn io_message(error: &io::Error) -> String {
    match error.get_ref().and_then(|inner| inner.downcast_ref::<Failure>()) {
        Some(failure) => failure.to_string(),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

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
