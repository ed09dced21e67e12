//! What the scripted origin can say: the [`Answer`] type, its builders, and the code that puts each kind of
//! answer on the wire.
//!
//! The well-behaved answers (`Ok`, `Status`, `Redirect`, `Drip`) frame their bodies correctly and leave the
//! connection open for the next request. The others misbehave on purpose, each in one precise way, and
//! then close the connection: after a lie about the body's length, nothing else on it can be trusted.
//! Every wait here is stop-aware (see [`nap`]), so dropping the [`Origin`](super::Origin) ends it.

use std::io::{self, Write};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use super::origin::{nap, stopped, Wire, MAX_SCRIPTED_WAIT};

/// How an [`Answer::Ok`] body is delimited on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length: N`, then the body; the connection stays open.
    ContentLength,
    /// `Transfer-Encoding: chunked`, sent as several chunks with a flush and a short pause between them,
    /// so the client really receives more than one.
    Chunked,
    /// Status line `HTTP/1.0 200 OK`, no length at all: the body ends when the server closes.
    Http10Close,
}

/// One scripted reply. Build them with the functions below (`Answer::image(..)`, `Answer::status(..)`, ...)
/// or spell out a variant; [`Answer::with_header`] adds a header to any of them.
#[derive(Clone, Debug)]
pub enum Answer {
    /// `200 OK` with a body, framed as asked; the connection stays open (except for `Http10Close`).
    Ok { content_type: Option<String>, body: Vec<u8>, framing: Framing },
    /// Any status with a `Content-Length`-framed body; the connection stays open.
    Status { code: u16, reason: String, headers: Vec<(String, String)>, body: Vec<u8> },
    /// A redirect with an empty body. `location` is sent verbatim: relative, absolute, or any scheme.
    Redirect { code: u16, location: String },
    /// `200` claiming `Content-Length: declared_len`, then only `body` (shorter), then close.
    Truncated { content_type: Option<String>, declared_len: usize, body: Vec<u8> },
    /// `200` claiming `declared_len`, sends `prefix`, then nothing for `hold`, then close.
    Stall { content_type: Option<String>, declared_len: usize, prefix: Vec<u8>, hold: Duration },
    /// Waits `delay` before sending anything at all (not even the status line), then answers `then`.
    Slow { delay: Duration, then: Box<Answer> },
    /// `200` with `Content-Length`, the body sent `chunk` bytes at a time every `every`: slow, but flowing.
    Drip { content_type: Option<String>, body: Vec<u8>, chunk: usize, every: Duration },
    /// `200`, chunked: `first` (e.g. a picture's header, so the client takes it for a picture), then a
    /// body that never ends (until the client leaves, the origin is dropped, or [`MAX_SCRIPTED_WAIT`]
    /// passes); then close without the final chunk.
    Endless { content_type: Option<String>, first: Vec<u8> },
    /// These exact bytes, then close. Extra headers do not apply: raw means raw.
    Raw(Vec<u8>),
    /// Reads the request, then closes without a byte of answer (the client sees an empty reply).
    Reset,
    /// `then`, with these headers added to its head. Made by [`Answer::with_header`].
    WithHeaders { headers: Vec<(String, String)>, then: Box<Answer> },
}

impl Answer {
    /// `200 OK` with this `Content-Type` and body, framed with `Content-Length`.
    pub fn image(content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
        Answer::Ok {
            content_type: Some(content_type.to_owned()),
            body: body.into(),
            framing: Framing::ContentLength,
        }
    }

    /// `200 OK` with a body and no `Content-Type` header at all.
    pub fn untyped(body: impl Into<Vec<u8>>) -> Answer {
        Answer::Ok { content_type: None, body: body.into(), framing: Framing::ContentLength }
    }

    /// `200 OK`, `text/html`: what a captive portal or a misrouted request returns instead of a picture.
    pub fn html(body: &str) -> Answer {
        Answer::image("text/html; charset=utf-8", body.as_bytes())
    }

    /// This status with its standard reason phrase and a short `text/plain` body.
    pub fn status(code: u16) -> Answer {
        let reason = reason_phrase(code).to_owned();
        Answer::Status {
            code,
            body: format!("{code} {reason}\n").into_bytes(),
            reason,
            headers: vec![("Content-Type".into(), "text/plain".into())],
        }
    }

    /// A redirect (301, 302, 303, 307, 308, ...) to `location`, sent verbatim.
    pub fn redirect(code: u16, location: &str) -> Answer {
        Answer::Redirect { code, location: location.to_owned() }
    }

    /// Claims `declared_len` bytes, sends `body` (which must be shorter), closes.
    pub fn truncated(content_type: &str, declared_len: usize, body: impl Into<Vec<u8>>) -> Answer {
        let body = body.into();
        assert!(
            body.len() < declared_len,
            "a truncated answer must send fewer bytes ({}) than it declares ({declared_len})",
            body.len()
        );
        Answer::Truncated { content_type: Some(content_type.to_owned()), declared_len, body }
    }

    /// Claims `declared_len` bytes, sends `prefix`, goes silent for `hold`, closes.
    pub fn stall(
        content_type: &str,
        declared_len: usize,
        prefix: impl Into<Vec<u8>>,
        hold: Duration,
    ) -> Answer {
        Answer::Stall {
            content_type: Some(content_type.to_owned()),
            declared_len,
            prefix: prefix.into(),
            hold,
        }
    }

    /// Waits `delay`, then answers `then`.
    pub fn slow(delay: Duration, then: Answer) -> Answer {
        Answer::Slow { delay, then: Box::new(then) }
    }

    /// Sends `body` (with its full `Content-Length` up front) `chunk` bytes every `every`.
    pub fn drip(content_type: &str, body: impl Into<Vec<u8>>, chunk: usize, every: Duration) -> Answer {
        assert!(chunk > 0, "a drip needs a chunk of at least one byte");
        Answer::Drip { content_type: Some(content_type.to_owned()), body: body.into(), chunk, every }
    }

    /// A chunked body that starts with `first` and never ends.
    pub fn endless(content_type: &str, first: impl Into<Vec<u8>>) -> Answer {
        Answer::Endless { content_type: Some(content_type.to_owned()), first: first.into() }
    }

    /// These exact bytes, then close.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Answer {
        Answer::Raw(bytes.into())
    }

    /// Adds a header to this answer's head (e.g. `Retry-After: 1` on a 503). Ignored by `Raw` and `Reset`,
    /// which send no head of the server's making.
    pub fn with_header(self, name: &str, value: &str) -> Answer {
        let header = (name.to_owned(), value.to_owned());
        match self {
            Answer::WithHeaders { mut headers, then } => {
                headers.push(header);
                Answer::WithHeaders { headers, then }
            }
            other => Answer::WithHeaders { headers: vec![header], then: Box::new(other) },
        }
    }

    /// Changes how an `Ok` answer's body is framed (it is `Content-Length` unless said otherwise).
    ///
    /// # Panics
    /// On any other kind of answer: framing is part of what those answers *are*.
    pub fn framed(self, framing: Framing) -> Answer {
        match self {
            Answer::Ok { content_type, body, .. } => Answer::Ok { content_type, body, framing },
            Answer::WithHeaders { headers, then } => {
                Answer::WithHeaders { headers, then: Box::new(then.framed(framing)) }
            }
            Answer::Slow { delay, then } => Answer::Slow { delay, then: Box::new(then.framed(framing)) },
            other => panic!("framed() applies to Answer::Ok, not {other:?}"),
        }
    }
}

/// What the origin does with a connection after an answer.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum After {
    /// Read the next request, if the client wants to keep the connection.
    KeepAlive,
    /// Close cleanly (FIN, and `close_notify` over TLS).
    Close,
    /// Drop the socket without ceremony.
    Abort,
}

/// A response head: status line, the given fields, then `extra` (from [`Answer::with_header`]).
fn head(status_line: &str, fields: &[(&str, String)], extra: &[(String, String)]) -> Vec<u8> {
    let mut out = format!("{status_line}\r\n");
    for (name, value) in fields {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    for (name, value) in extra {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// `Content-Type` if there is one, then `length_field`, then `Connection: close` when the client asked for
/// it: the fields shared by the 200-ish answers.
fn body_fields(
    content_type: &Option<String>,
    length_field: (&'static str, String),
    closing: bool,
) -> Vec<(&'static str, String)> {
    let mut fields = Vec::new();
    if let Some(ct) = content_type {
        fields.push(("Content-Type", ct.clone()));
    }
    fields.push(length_field);
    if closing {
        fields.push(("Connection", "close".to_owned()));
    }
    fields
}

/// Sends `answer`. `extra` are headers added by `WithHeaders` wrappers; `closing` means the client asked to
/// close after this answer; `head_only` means the request was HEAD (no body may follow a well-framed head).
pub(super) fn write_answer(
    wire: &mut Wire,
    answer: &Answer,
    extra: &[(String, String)],
    closing: bool,
    head_only: bool,
    stop: &AtomicBool,
) -> io::Result<After> {
    const OK: &str = "HTTP/1.1 200 OK";
    match answer {
        Answer::WithHeaders { headers, then } => {
            let all: Vec<_> = extra.iter().chain(headers).cloned().collect();
            write_answer(wire, then, &all, closing, head_only, stop)
        }
        Answer::Slow { delay, then } => {
            if !nap(stop, *delay) {
                return Ok(After::Abort);
            }
            write_answer(wire, then, extra, closing, head_only, stop)
        }
        Answer::Ok { content_type, body, framing: Framing::ContentLength } => {
            let length = ("Content-Length", body.len().to_string());
            wire.write_all(&head(OK, &body_fields(content_type, length, closing), extra))?;
            if !head_only {
                wire.write_all(body)?;
            }
            wire.flush()?;
            Ok(After::KeepAlive)
        }
        Answer::Ok { content_type, body, framing: Framing::Chunked } => {
            let chunked = ("Transfer-Encoding", "chunked".to_owned());
            wire.write_all(&head(OK, &body_fields(content_type, chunked, closing), extra))?;
            wire.flush()?;
            if !head_only {
                // Four chunks (fewer for tiny bodies), each flushed and followed by a pause, so they reach
                // the client as separate reads and its chunk decoder really gets exercised.
                for piece in body.chunks(body.len().div_ceil(4).max(1)) {
                    write_chunk(wire, piece)?;
                    if !nap(stop, Duration::from_millis(5)) {
                        return Ok(After::Abort);
                    }
                }
                wire.write_all(b"0\r\n\r\n")?;
                wire.flush()?;
            }
            Ok(After::KeepAlive)
        }
        Answer::Ok { content_type, body, framing: Framing::Http10Close } => {
            let mut fields = Vec::new();
            if let Some(ct) = content_type {
                fields.push(("Content-Type", ct.clone()));
            }
            wire.write_all(&head("HTTP/1.0 200 OK", &fields, extra))?;
            wire.write_all(body)?;
            wire.flush()?;
            Ok(After::Close)
        }
        Answer::Status { code, reason, headers, body } => {
            let mut fields: Vec<(&str, String)> =
                headers.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
            fields.push(("Content-Length", body.len().to_string()));
            if closing {
                fields.push(("Connection", "close".to_owned()));
            }
            wire.write_all(&head(&format!("HTTP/1.1 {code} {reason}"), &fields, extra))?;
            if !head_only {
                wire.write_all(body)?;
            }
            wire.flush()?;
            Ok(After::KeepAlive)
        }
        Answer::Redirect { code, location } => {
            let mut fields = vec![("Location", location.clone()), ("Content-Length", "0".to_owned())];
            if closing {
                fields.push(("Connection", "close".to_owned()));
            }
            let status = format!("HTTP/1.1 {code} {}", reason_phrase(*code));
            wire.write_all(&head(&status, &fields, extra))?;
            wire.flush()?;
            Ok(After::KeepAlive)
        }
        Answer::Truncated { content_type, declared_len, body } => {
            let length = ("Content-Length", declared_len.to_string());
            wire.write_all(&head(OK, &body_fields(content_type, length, false), extra))?;
            wire.write_all(body)?;
            wire.flush()?;
            Ok(After::Close)
        }
        Answer::Stall { content_type, declared_len, prefix, hold } => {
            let length = ("Content-Length", declared_len.to_string());
            wire.write_all(&head(OK, &body_fields(content_type, length, false), extra))?;
            wire.write_all(prefix)?;
            wire.flush()?;
            nap(stop, *hold);
            Ok(After::Close)
        }
        Answer::Drip { content_type, body, chunk, every } => {
            let length = ("Content-Length", body.len().to_string());
            wire.write_all(&head(OK, &body_fields(content_type, length, closing), extra))?;
            wire.flush()?;
            if head_only {
                return Ok(After::KeepAlive);
            }
            for (i, piece) in body.chunks((*chunk).max(1)).enumerate() {
                if i > 0 && !nap(stop, *every) {
                    return Ok(After::Abort);
                }
                wire.write_all(piece)?;
                wire.flush()?;
            }
            Ok(After::KeepAlive)
        }
        Answer::Endless { content_type, first } => {
            let chunked = ("Transfer-Encoding", "chunked".to_owned());
            wire.write_all(&head(OK, &body_fields(content_type, chunked, false), extra))?;
            if !first.is_empty() {
                write_chunk(wire, first)?;
            }
            let piece: Vec<u8> = (0..16 * 1024).map(|i| (i % 251) as u8).collect();
            let deadline = Instant::now() + MAX_SCRIPTED_WAIT;
            // Ends when the client goes away (the write fails), the origin stops, or the deadline passes.
            while !stopped(stop) && Instant::now() < deadline {
                write_chunk(wire, &piece)?;
            }
            Ok(After::Close)
        }
        Answer::Raw(bytes) => {
            wire.write_all(bytes)?;
            wire.flush()?;
            Ok(After::Close)
        }
        Answer::Reset => Ok(After::Abort),
    }
}

fn write_chunk(wire: &mut Wire, data: &[u8]) -> io::Result<()> {
    wire.write_all(format!("{:x}\r\n", data.len()).as_bytes())?;
    wire.write_all(data)?;
    wire.write_all(b"\r\n")?;
    wire.flush()
}

/// The standard reason phrase for the codes tests are likely to use.
pub fn reason_phrase(code: u16) -> &'static str {
    match code {
        200 => "OK",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        410 => "Gone",
        413 => "Content Too Large",
        418 => "I'm a teapot",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}
