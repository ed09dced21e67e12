//! Errors: what went wrong with one cat ([`CatError`]) and why a run could not be carried out ([`Error`]).
//!
//! Callers branch on these: the download loop asks [`CatError::is_retryable`], and `main` maps
//! [`Error::is_usage`] to the process status. Every `Display` is one line a user can act on.

use std::fmt;
use std::time::Duration;

/// Why one download failed. Cloneable and plain data, so it can go into reports and events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatError {
    /// The server answered with a non-2xx status (after following redirects).
    Status {
        /// The status code, e.g. 404.
        code: u16,
        /// Its canonical reason phrase, e.g. "Not Found" (empty when unknown).
        reason: String,
        /// The server's `Retry-After`, if it sent one we could read.
        retry_after: Option<Duration>,
    },
    /// The answer is not a picture: its Content-Type is not `image/*`.
    NotAnImage {
        /// The Content-Type the server sent.
        content_type: String,
    },
    /// No Content-Type (or only `application/octet-stream`), and the first bytes are not a picture format
    /// we recognise.
    Unrecognised,
    /// The Content-Type names a format catfetch recognises by its bytes, and the bytes are not that
    /// format, nor any other picture format catfetch knows (e.g. an HTML page sent as `image/png`).
    NotAPicture {
        /// The format the server claimed, e.g. "PNG".
        claimed: &'static str,
    },
    /// A 200 answer with an empty body: a picture is never empty.
    Empty,
    /// The body is content-encoded (`Content-Encoding: gzip`, ...): catfetch asks for `identity` and does
    /// not decode, so these bytes are not the picture itself.
    Encoded(String),
    /// A 2xx answer other than `200 OK` (`204 No Content`, `206 Partial Content`, ...): only a complete 200
    /// carries a whole picture.
    UnexpectedStatus {
        /// The status code.
        code: u16,
        /// Its canonical reason phrase ("" when unknown).
        reason: String,
    },
    /// The picture is larger than `--max-size`.
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The connection ended before the body was complete.
    Truncated {
        /// Bytes received.
        received: u64,
        /// Bytes announced by Content-Length.
        expected: u64,
    },
    /// Waited longer than `--timeout` for the response headers.
    HeadersTimeout(Duration),
    /// The body stopped flowing: no bytes for `--timeout`.
    BodyStalled {
        /// How long we waited for the next bytes.
        after: Duration,
        /// Bytes received before the stall.
        received: u64,
    },
    /// The host name did not resolve (offline, or no such host).
    Resolve {
        /// The host.
        host: String,
    },
    /// Nothing answered at the host's address: connection refused, or the host is unreachable.
    Unreachable {
        /// `host:port`.
        host_port: String,
    },
    /// Could not connect, or the connection broke (refused, reset, closed without an answer).
    Connect(String),
    /// TLS failed (handshake, or a certificate we do not trust). Never retried: it will not fix itself.
    Tls(String),
    /// The server did not speak HTTP properly (malformed status line or headers).
    Protocol(String),
    /// A redirect we will not follow (loop, too many, unsupported scheme, no Location).
    Redirect(String),
    /// The local disk refused: creating, writing or renaming the file failed.
    Disk(String),
    /// cataas answered 404 for what was asked (e.g. `tag nosuchtag`): no cat matches.
    NoMatch(String),
    /// The HTTP client could not make the request at all, for a reason on this side (a URL it cannot
    /// fetch, a request it cannot send): a bug to report.
    /// Never retried: the same request would fail the same way.
    Internal(String),
    /// The HTTP proxy the environment names refused to carry the request (`407 Proxy Authentication
    /// Required`, `403`), or answered something that is not HTTP. Never retried: it would refuse again.
    Proxy(String),
    /// The executor could not run this download, e.g. the OS refused a thread for it (`--executor threads`).
    Executor(String),
}

impl CatError {
    /// Is another attempt likely to succeed? 408, 429, 5xx, timeouts and broken connections: yes.
    /// 404, a non-image, a bad certificate, a full disk: no, retrying only repeats the failure.
    ///
    /// An empty 200 is retried: a server that means "no picture" says so with a status (204, 404); one
    /// that sends an empty 200 failed to produce the picture it meant to send (a generator that crashed,
    /// a file still being written), which may pass like a 5xx. A 204 or 206, an encoded body, or bytes
    /// that are no picture are how that server answers this request: asking again gets the same.
    pub fn is_retryable(&self) -> bool {
        match self {
            CatError::Status { code, .. } => matches!(code, 408 | 429 | 500..=599),
            CatError::Truncated { .. }
            | CatError::HeadersTimeout(_)
            | CatError::BodyStalled { .. }
            | CatError::Resolve { .. }
            | CatError::Unreachable { .. }
            | CatError::Connect(_)
            | CatError::Empty => true,
            CatError::NotAnImage { .. }
            | CatError::Unrecognised
            | CatError::NotAPicture { .. }
            | CatError::Encoded(_)
            | CatError::UnexpectedStatus { .. }
            | CatError::TooLarge { .. }
            | CatError::Tls(_)
            | CatError::Protocol(_)
            | CatError::Redirect(_)
            | CatError::Disk(_)
            | CatError::NoMatch(_)
            | CatError::Internal(_)
            | CatError::Proxy(_)
            | CatError::Executor(_) => false,
        }
    }

    /// The delay the server asked for with `Retry-After`, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            CatError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The host, when it could not be reached at all (DNS failure, connection refused). Used to suggest
    /// `--demo`.
    pub fn unreachable_host(&self) -> Option<&str> {
        match self {
            CatError::Resolve { host } => Some(host),
            CatError::Unreachable { host_port } => Some(host_port),
            _ => None,
        }
    }
}

impl fmt::Display for CatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatError::Status { code, reason, .. } => write_status(f, *code, reason),
            CatError::NotAnImage { content_type } => {
                write!(f, "not an image: the server sent Content-Type {content_type}")
            }
            CatError::Unrecognised => {
                write!(f, "not an image: no Content-Type and the bytes are no known picture format")
            }
            CatError::NotAPicture { claimed } => write!(
                f,
                "not a picture: the Content-Type says {claimed}, but the bytes are neither {claimed} nor any \
                 other picture format catfetch knows"
            ),
            CatError::Empty => write!(f, "not a picture: the server sent an empty body (HTTP 200, 0 bytes)"),
            CatError::Encoded(coding) => write!(
                f,
                "the server sent the picture {coding}-encoded (Content-Encoding: {coding}), which catfetch \
                 does not decode"
            ),
            CatError::UnexpectedStatus { code, reason } => {
                write_status(f, *code, reason)?;
                f.write_str(match code {
                    204 => ": the server sent no picture",
                    206 => ": only part of a picture, and catfetch asked for no part",
                    _ => ": only a 200 OK answer carries a whole picture",
                })
            }
            CatError::TooLarge { limit } => {
                write!(f, "larger than --max-size ({limit} bytes); download stopped")
            }
            CatError::Truncated { received, expected } => {
                write!(f, "connection closed after {received} of {expected} bytes (body truncated)")
            }
            CatError::HeadersTimeout(after) => {
                write!(f, "timed out after {} waiting for the response", secs(*after))
            }
            CatError::BodyStalled { after, received } => {
                write!(f, "timed out: no data for {} after {received} bytes of the body", secs(*after))
            }
            CatError::NoMatch(what) => write!(f, "no cat matches {what}"),
            CatError::Resolve { host } => write!(f, "cannot resolve host {host}"),
            CatError::Unreachable { host_port } => {
                write!(f, "cannot connect to {host_port} (connection refused or host unreachable)")
            }
            CatError::Connect(msg)
            | CatError::Tls(msg)
            | CatError::Protocol(msg)
            | CatError::Redirect(msg)
            | CatError::Disk(msg)
            | CatError::Internal(msg)
            | CatError::Proxy(msg)
            | CatError::Executor(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for CatError {}

/// "HTTP 404 Not Found", or "HTTP 599" when the reason is unknown.
fn write_status(f: &mut fmt::Formatter<'_>, code: u16, reason: &str) -> fmt::Result {
    write!(f, "HTTP {code}")?;
    if !reason.is_empty() {
        write!(f, " {reason}")?;
    }
    Ok(())
}

/// Formats a duration the way users type `--timeout`: "15 s", "0.5 s".
fn secs(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

/// Why a run could not be carried out. `main` turns this into the exit status.
///
/// Failed downloads and interruptions are not errors of the run: the run completes, and its [`Report`]
/// says which cats failed and whether it was interrupted (`main` picks exit 1, 130 or 143 from it).
///
/// [`Report`]: crate::Report
#[derive(Debug)]
pub enum Error {
    /// Bad input found before any download started (bad option, unusable output directory): exit 2.
    Usage(String),
    /// A setup step failed for a reason outside the user's input (e.g. the HTTP client would not start): exit 1.
    Setup(String),
}

impl Error {
    /// Is the user to fix this (a bad option, an unusable output directory): a usage error (exit 2 in the
    /// command line), not a failure of the run (exit 1)?
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Usage(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(msg) | Error::Setup(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {}
