//! libcurl's error codes, each in a sentence a user can act on.
//!
//! libcurl says what failed with a number (`CURLcode`). isahc 0.9 turns it into an `isahc::Error` and
//! loses most of what a user needs on the way:
//! - about a dozen codes get a variant of their own, most with an `Option<String>` detail that is always
//!   `None` here (isahc collects libcurl's result without its error buffer), and for those isahc's message
//!   is "unknown error";
//! - every other code becomes `Curl(text)`: libcurl's one-line description of the code, without the code.
//!
//! So we get the code back: from the variant (each stands for one code in what catfetch does, see
//! [`recover`]) or from the text (libcurl's `curl_easy_strerror` gives every code its own text, so we ask
//! the very libcurl we link for the text of each code and look it up). Then [`meaning`] gives every code,
//! including the ones a download can never meet, a clause that names what failed and a [`Kind`] that says
//! whether another attempt may help.

use std::borrow::Cow;

/// What kind of failure a libcurl error is; it decides the [`CatError`](crate::CatError) variant, and so
/// whether the download is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// The host name did not resolve (retried).
    Resolve,
    /// Nothing accepted the connection (retried).
    Refused,
    /// The network or the server failed on the way; another attempt may well succeed (retried).
    Network,
    /// The server's answer breaks HTTP: asking again gets the same answer.
    Protocol,
    /// The TLS handshake failed.
    Tls,
    /// The server's certificate did not verify. Said differently when the trust store is empty (trust.rs).
    Certificate,
    /// The trusted CA certificates could not be loaded at all (trust.rs says which file and why).
    TrustStore,
    /// A redirect libcurl would not follow.
    Redirect,
    /// libcurl could not make the request at all: out of memory, a missing feature, or a bug.
    Internal,
}

/// The first code past the last one this libcurl defines (`CURL_LAST` in curl 8.22); every code below it
/// has a sentence of its own. Codes at or past it get one too (see [`meaning`]).
pub(super) const CODES_END: u32 = 102;

/// What libcurl's error `code` means: its kind and a clause naming what failed. The clause never names
/// the host: the caller adds it where the sentence needs it ("request to cataas.com:443 failed: ...").
pub(super) fn meaning(code: u32) -> (Kind, Cow<'static, str>) {
    use Kind::*;
    let (kind, clause) = match code {
        1 => (Protocol, "its status line is not HTTP"),
        3 => (Internal, "libcurl finds the URL malformed"),
        4 => (Internal, "this libcurl was built without a feature the request needs"),
        5 => (Network, "cannot resolve the proxy's host name (set by http_proxy, https_proxy or all_proxy)"),
        6 => (Resolve, "cannot resolve the host name"),
        7 => (Refused, "cannot connect (connection refused or host unreachable)"),
        8 => (Protocol, "it does not follow HTTP (a malformed status line, header or chunk)"),
        16 => (Network, "the HTTP/2 connection failed (a framing error)"),
        18 => (Network, "the connection closed before the end of the body"),
        27 => (Internal, "out of memory"),
        28 => (Network, "libcurl timed out connecting"),
        35 => (Tls, "the handshake failed (no TLS version or cipher in common, or the connection broke)"),
        47 => (Redirect, "libcurl followed too many redirects"),
        52 => (Network, "the server closed the connection without answering"),
        53 | 54 | 66 => (Internal, "the TLS crypto engine could not be set up"),
        55 => (Network, "sending the request failed (the connection broke)"),
        56 => (Network, "receiving the response failed (the connection broke)"),
        60 => (
            Certificate,
            "the server's certificate did not verify (an untrusted CA, expired, or for another name)",
        ),
        61 => (Protocol, "its Transfer-Encoding is one libcurl cannot decode"),
        77 => (TrustStore, "the trust store (the trusted CA certificates) could not be loaded"),
        80 => (Network, "closing the TLS connection failed"),
        89 => (Network, "no connection was available (libcurl's connection limit)"),
        92 => (Network, "the server reset the HTTP/2 stream"),
        97 => (Network, "the proxy handshake failed (the proxy set by http_proxy, https_proxy or all_proxy)"),
        98 => (Tls, "the server requires a client certificate, which catfetch does not send"),
        99 => (Internal, "waiting for the network failed inside libcurl (poll)"),
        100 => (Protocol, "a header block or field is larger than libcurl allows"),
        // Everything else cannot happen in a GET that catfetch configured: other protocols (FTP, LDAP,
        // SSH, ...), options it never sets (client certificates, pinned keys, upload, resume), or misuse of
        // libcurl's API. Should one happen anyway, the user gets the code and libcurl's words, and a bug
        // to report.
        _ => return (Internal, unexpected(code).into()),
    };
    (kind, clause.into())
}

/// How a clause for an error that should never happen ends.
const REPORT: &str = "please report this catfetch bug";

/// The clause for a code no download should meet: the code, libcurl's own words for it, and a bug.
fn unexpected(code: u32) -> String {
    let text = strerror(code);
    if unnamed(&text) {
        format!("libcurl error {code}, a code this libcurl does not assign; {REPORT}")
    } else {
        format!("libcurl error {code} (\"{text}\"), which a download should never meet; {REPORT}")
    }
}

/// libcurl's description of `code`, from the libcurl we link.
fn strerror(code: u32) -> String {
    curl::Error::new(code).description().to_owned()
}

/// Is this libcurl's text for a code it does not (or no longer) assign? It is "Unknown error", which
/// helps nobody.
fn unnamed(text: &str) -> bool {
    text.is_empty() || text.eq_ignore_ascii_case("unknown error")
}

/// What an isahc error says, recovered: its kind and clause when libcurl (or isahc's handling of a
/// transfer) is behind it, `None` for isahc's own errors (I/O, an HTTP message it could not build or
/// read), which the caller words itself.
pub(super) fn said(error: &isahc::Error) -> Option<(Kind, Cow<'static, str>)> {
    if let isahc::Error::Aborted = error {
        // isahc's own: its libcurl thread dropped the request without a result (no libcurl code).
        return Some((Kind::Network, "the HTTP client abandoned the request before it finished".into()));
    }
    match recover(error)? {
        Ok(code) => Some(meaning(code)),
        Err(clause) => Some((Kind::Internal, clause.into())),
    }
}

/// The libcurl code behind `error`: `None` if libcurl is not behind it, `Err(clause)` if it is but the
/// code cannot be told.
fn recover(error: &isahc::Error) -> Option<Result<u32, String>> {
    use isahc::Error as E;
    Some(Ok(match error {
        E::Curl(text) => return Some(code_from_text(text).ok_or_else(|| multi_failure(text))),
        // isahc folds some codes into one variant: for each, the code given is the only one of its group
        // that a GET configured as catfetch does it can meet.
        // 58 (a bad client certificate) or 77 (the CA file): catfetch sets no client certificate.
        E::BadClientCertificate(_) => 77,
        // 60, which curl 8 also calls CURLE_SSL_CACERT.
        E::BadServerCertificate(_) => 60,
        E::ConnectFailed => 7,
        E::CouldntResolveHost => 6,
        E::CouldntResolveProxy => 5,
        // 61 (bad content encoding) or 75 (which libcurl no longer uses).
        E::InvalidContentEncoding(_) => 61,
        E::InvalidCredentials => 67,
        E::NoResponse => 52,
        E::RangeRequestUnsupported => 33,
        // 26 (reading the request body) or 42 (aborted by a callback): catfetch sends no body.
        E::RequestBodyError(_) => 42,
        // 23 (handing the body over failed) or 18 (a partial body): isahc's 23 only happens once the body
        // reader is gone, and then nobody is left to read the error.
        E::ResponseBodyError(_) => 18,
        E::SSLConnectFailed(_) => 35,
        // 53, 54 or 66: the same sentence for all three.
        E::SSLEngineError(_) => 66,
        E::Timeout => 28,
        E::TooManyRedirects => 47,
        E::Aborted | E::Io(_) | E::InvalidHttpFormat(_) | E::InvalidUtf8 => return None,
    }))
}

/// The code [`recover`] reads `code` as, after isahc has folded it into another code's variant.
#[cfg(test)]
pub(super) fn read_as(code: u32) -> u32 {
    let folded = [(58, 77), (26, 42), (23, 18), (53, 66), (54, 66), (75, 61)];
    folded.iter().find(|(from, _)| *from == code).map_or(code, |(_, to)| *to)
}

/// The code whose libcurl description is `text`, if exactly one code has it (the codes libcurl does not
/// assign all share one text).
fn code_from_text(text: &str) -> Option<u32> {
    let mut codes = (0..CODES_END).filter(|&code| strerror(code) == text);
    match (codes.next(), codes.next()) {
        (Some(code), None) => Some(code),
        _ => None,
    }
}

/// The clause for an isahc `Curl(text)` that is no libcurl transfer code: isahc also wraps errors of
/// libcurl's multi interface (its engine running every transfer) that way, or the text is one every
/// unassigned code shares.
fn multi_failure(text: &str) -> String {
    // CURLM codes run from -1 to 12 in curl 8.22; a little headroom costs nothing.
    let multi = (-1..32).find(|&code| curl::MultiError::new(code).description() == text && !unnamed(text));
    match multi {
        Some(code) => format!("libcurl's transfer engine failed (multi error {code}, \"{text}\"); {REPORT}"),
        None => format!("libcurl failed without naming the error; {REPORT}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code libcurl defines, and some past the end (a newer libcurl might send them).
    fn all_codes() -> std::ops::Range<u32> {
        0..CODES_END + 20
    }

    #[test]
    fn every_code_has_a_sentence_that_names_what_failed() {
        for code in all_codes() {
            let (_, clause) = meaning(code);
            assert!(!clause.trim().is_empty(), "code {code}");
            assert!(!clause.to_lowercase().contains("unknown error"), "code {code}: {clause}");
            assert!(!clause.contains('\n'), "code {code}: one line: {clause}");
        }
    }

    #[test]
    fn the_errors_a_download_can_meet_say_the_specific_thing() {
        use Kind::*;
        for (code, kind, words) in [
            (1, Protocol, "status line is not HTTP"),
            (5, Network, "proxy"),
            (6, Resolve, "resolve the host"),
            (7, Refused, "connection refused"),
            (8, Protocol, "does not follow HTTP"),
            (16, Network, "HTTP/2"),
            (18, Network, "before the end of the body"),
            (27, Internal, "out of memory"),
            (28, Network, "timed out"),
            (35, Tls, "handshake failed"),
            (47, Redirect, "too many redirects"),
            (52, Network, "without answering"),
            (55, Network, "sending the request failed"),
            (56, Network, "receiving the response failed"),
            (60, Certificate, "certificate did not verify"),
            (61, Protocol, "Transfer-Encoding"),
            (77, TrustStore, "trust store"),
            (92, Network, "HTTP/2 stream"),
            (98, Tls, "client certificate"),
            (100, Protocol, "larger than libcurl allows"),
            // Codes a download cannot meet: the code, libcurl's words, and a bug to report.
            (48, Internal, "libcurl error 48 (\"An unknown option was passed in to libcurl\")"),
            (43, Internal, "please report this catfetch bug"),
            (30, Internal, "libcurl error 30 (\"FTP: command PORT failed\")"),
            // Codes libcurl does not assign (20 is obsolete, 500 is past the end): never "Unknown error".
            (20, Internal, "libcurl error 20, a code this libcurl does not assign"),
            (500, Internal, "libcurl error 500, a code this libcurl does not assign"),
        ] {
            let (got, clause) = meaning(code);
            assert_eq!(got, kind, "code {code}: {clause}");
            assert!(clause.contains(words), "code {code}: {clause:?} lacks {words:?}");
        }
    }

    #[test]
    fn every_code_is_recovered_from_what_isahc_makes_of_it() {
        for code in 1..CODES_END {
            // What isahc really makes of the code (its `From<curl::Error>`), then back.
            let isahc = isahc::Error::from(curl::Error::new(code));
            match recover(&isahc) {
                Some(Ok(back)) => {
                    assert_eq!(back, read_as(code), "code {code} ({isahc:?}) came back as {back}");
                }
                Some(Err(clause)) => {
                    // Only the codes libcurl does not assign share a text, so only they are lost.
                    assert!(unnamed(&strerror(code)), "code {code}: {clause}");
                    assert!(!clause.to_lowercase().contains("unknown error"), "{clause}");
                }
                None => panic!("code {code} ({isahc:?}) is libcurl's, yet was disowned"),
            }
            let (_, clause) = said(&isahc).expect("libcurl's");
            assert!(!clause.to_lowercase().contains("unknown error"), "code {code}: {clause}");
        }
    }

    #[test]
    fn a_failure_of_libcurls_engine_is_named() {
        let text = curl::MultiError::new(1).description().to_owned();
        let (kind, clause) = said(&isahc::Error::Curl(text.clone())).unwrap();
        assert_eq!(kind, Kind::Internal);
        assert!(clause.contains("multi error 1") && clause.contains(&text), "{clause}");
        let (_, clause) = said(&isahc::Error::Curl("Unknown error".into())).unwrap();
        assert_eq!(clause, "libcurl failed without naming the error; please report this catfetch bug");
    }
}
