//! What went wrong in the engine, in words a user can act on: hyper's, rustls's and the socket's errors
//! turned into [`CatError`]s where the context is known (which server, which trust store), and carried
//! through surf's opaque error type as a [`Failure`] that `http.rs` takes back out.

use std::error::Error as _;
use std::fmt;
use std::io;

use rustls::{AlertDescription, CertificateError};

use super::connect::Target;
use crate::error::CatError;

/// A request's failure, already in the user's words. surf wraps it (as `http_types::Error`, or inside an
/// `io::Error` for a body read); `http.rs` downcasts it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure(pub(crate) CatError);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Failure {}

/// The socket error inside a hyper error, if that is what it is.
pub(crate) fn io_of(error: &hyper::Error) -> Option<&io::Error> {
    let mut source = error.source();
    while let Some(inner) = source {
        if let Some(io) = inner.downcast_ref::<io::Error>() {
            return Some(io);
        }
        source = inner.source();
    }
    None
}

/// The HTTP/2 error inside a hyper error, in words, if that is what it is.
fn h2_of(error: &hyper::Error) -> Option<String> {
    let mut source = error.source();
    while let Some(inner) = source {
        if let Some(h2) = inner.downcast_ref::<h2::Error>() {
            return Some(match h2.reason() {
                Some(reason) if h2.is_remote() => format!("the server reset it ({reason:?})"),
                Some(reason) => format!("{reason:?}"),
                None => h2.to_string(),
            });
        }
        source = inner.source();
    }
    None
}

/// Is this a connection that nothing answered (refused, or no route to the host)?
pub(crate) fn is_refusal(error: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(error.kind(), ConnectionRefused | HostUnreachable | NetworkUnreachable | AddrNotAvailable)
}

/// A socket error as the end of a sentence: "connection refused", "connection reset by the server".
pub(crate) fn io_clause(error: &io::Error) -> String {
    use io::ErrorKind::*;
    match error.kind() {
        ConnectionRefused => "connection refused".into(),
        ConnectionReset => "the connection was reset".into(),
        ConnectionAborted => "the connection was aborted".into(),
        BrokenPipe => "the connection broke (the server stopped reading)".into(),
        HostUnreachable => "no route to the host".into(),
        NetworkUnreachable => "the network is unreachable".into(),
        AddrNotAvailable => "the address is not available here".into(),
        UnexpectedEof => "the connection closed".into(),
        TimedOut => "timed out".into(),
        _ => error.to_string(),
    }
}

/// A request to `target` that got no response: the sentence, and whether another attempt may do better
/// (the variant decides that: see [`CatError::is_retryable`]).
pub(crate) fn before_response(error: &hyper::Error, target: &Target) -> Failure {
    let peer = target.peer();
    let malformed =
        |clause: &str| Failure(CatError::Protocol(format!("malformed response from {peer}: {clause}")));
    if error.is_parse_status() {
        return malformed("its status line is not HTTP");
    }
    if error.is_parse() {
        // hyper tells the kinds apart only in words for a client ("message head is too large", "invalid
        // HTTP version parsed"): `is_parse_too_large` exists only in its server.
        let said = error.to_string();
        return if said.contains("too large") {
            malformed("a header block or field is larger than catfetch allows")
        } else if said.contains("version") {
            malformed("its status line is not HTTP")
        } else {
            malformed("it does not follow HTTP (a malformed status line, header or chunk)")
        };
    }
    let clause = if error.is_incomplete_message() {
        "the server closed the connection without answering".to_owned()
    } else if let Some(h2) = h2_of(error) {
        format!("the HTTP/2 connection failed: {h2}")
    } else if let Some(io) = io_of(error) {
        format!("the connection broke before the answer ({})", io_clause(io))
    } else if error.is_canceled() || error.is_closed() {
        "the connection closed before the answer".to_owned()
    } else {
        // hyper's own sentence, which names what failed.
        error.to_string()
    };
    Failure(CatError::Connect(format!("request to {peer} failed: {clause}")))
}

/// A body that broke off: the clause `download.rs` puts after "connection lost after N bytes of the body".
pub(crate) fn in_body(error: &hyper::Error, peer: &str) -> Failure {
    let clause = if error.is_incomplete_message() {
        "the connection closed before the end of the body".to_owned()
    } else if let Some(h2) = h2_of(error) {
        format!("the HTTP/2 stream failed: {h2}")
    } else if let Some(io) = io_of(error) {
        match io.kind() {
            io::ErrorKind::UnexpectedEof => "the connection closed before the end of the body".to_owned(),
            io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput => {
                format!("{peer} does not follow HTTP (a malformed chunk: {io})")
            }
            _ => io_clause(io),
        }
    } else if error.is_parse() {
        format!("{peer} does not follow HTTP (a malformed chunk)")
    } else {
        error.to_string()
    };
    Failure(CatError::Connect(clause))
}

/// A TLS handshake with `target` that failed; `trusted` says where the trusted certificates came from.
pub(crate) fn tls(error: &io::Error, target: &Target, trusted: &str) -> Failure {
    let peer = target.peer();
    let rustls = error.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>());
    let clause = match rustls {
        Some(rustls::Error::InvalidCertificate(certificate)) => {
            certificate_clause(certificate, target, trusted)
        }
        Some(rustls::Error::AlertReceived(
            AlertDescription::HandshakeFailure | AlertDescription::ProtocolVersion,
        )) => "the handshake failed (no TLS version or cipher in common)".to_owned(),
        Some(rustls::Error::AlertReceived(AlertDescription::CertificateRequired)) => {
            "the server requires a client certificate, which catfetch does not send".to_owned()
        }
        Some(rustls::Error::AlertReceived(alert)) => format!("the server ended the handshake ({alert:?})"),
        Some(rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. }) => {
            "the server does not speak TLS there (is it plain HTTP?)".to_owned()
        }
        Some(other) => format!("the handshake failed ({other})"),
        None if error.kind() == io::ErrorKind::UnexpectedEof => {
            "the connection closed during the handshake".to_owned()
        }
        None => format!("the handshake failed ({})", io_clause(error)),
    };
    Failure(CatError::Tls(format!("TLS with {peer} failed: {clause}")))
}

/// Why the server's certificate was refused.
fn certificate_clause(error: &CertificateError, target: &Target, trusted: &str) -> String {
    let host = &target.host;
    match error {
        CertificateError::UnknownIssuer => {
            format!("the server's certificate is not signed by a CA in the trust store ({trusted})")
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            format!("the server's certificate is not valid for {host}")
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "the server's certificate has expired".to_owned()
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            "the server's certificate is not valid yet (is this machine's clock right?)".to_owned()
        }
        CertificateError::Revoked => "the server's certificate was revoked".to_owned(),
        other => format!("the server's certificate did not verify ({other})"),
    }
}
