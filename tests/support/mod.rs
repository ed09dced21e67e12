//! Test support for `catfetch`'s integration tests.
//!
//! - [`origin`]: a scripted, deliberately hand-written HTTP/1.1 (and HTTPS) server on 127.0.0.1 that can
//!   answer well, slowly, or badly on cue; [`answer`] holds what it can say.
//! - [`h2origin`]: an HTTPS origin built on hyper that speaks HTTP/2 to clients offering it by ALPN (HTTP/1.1
//!   to the rest) and counts connections, requests and requests in flight per connection.
//! - [`proxy`]: an HTTP proxy on 127.0.0.1 (absolute-form GETs forwarded, `CONNECT` tunnels), optionally
//!   demanding credentials or refusing everything, that records each request line and its credentials.
//! - [`tls`]: a throwaway certificate authority, made in-process, whose `ca.pem` the CLI can be told to trust,
//!   and the rustls configurations built from it.
//! - [`run`]: runs the real `catfetch` binary in a scratch directory, with a hard time bound.
//! - [`fixtures`]: opaque image-like payloads whose magic bytes name their type (and a gzip wrapper).
//! - [`browser`]: headless Chromium renders an HTML report; checks for errors, elements, a drawn screen.
//!
//! Nothing here touches the network beyond loopback, and nothing here can hang a test: every wait is
//! bounded in time and every server thread stops when its [`Origin`], [`H2Origin`] or [`Proxy`] is dropped.

// Each test module uses only some of these helpers; the rest would trip `dead_code` under
// `clippy --all-targets -D warnings`, so the allowance lives here, once, rather than on every item.
#![allow(dead_code)]

pub mod answer;
pub mod browser;
pub mod fixtures;
pub mod h2origin;
pub mod origin;
pub mod proxy;
pub mod run;
pub mod tls;

// Re-exported so tests can `use crate::support::{..}`; whichever no test uses yet is not an error.
#[allow(unused_imports)]
pub use answer::{Answer, Framing};
#[allow(unused_imports)]
pub use fixtures::{gif, gif_seeded, gzip, jpeg, jpeg_seeded, png, png_seeded, webp, webp_seeded};
#[allow(unused_imports)]
pub use h2origin::{H2Connection, H2Origin, H2Route, Protocol};
#[allow(unused_imports)]
pub use origin::{Origin, Recorded, Route};
#[allow(unused_imports)]
pub use proxy::{Proxy, ProxyRequest};
#[allow(unused_imports)]
pub use run::{catfetch, catfetch_after, catfetch_in, Cmd, Run, Workdir};
#[allow(unused_imports)]
pub use tls::{Leaf, TestCa};

/// Asserts that the saved files are exactly the pictures sent, each whole, in any order: which download got
/// which picture depends on timing. On failure it shows sizes, not megabytes of bytes.
pub fn assert_same_pictures(mut saved: Vec<Vec<u8>>, sent: &[Vec<u8>], context: &str) {
    let mut sent = sent.to_vec();
    saved.sort();
    sent.sort();
    let sizes = |v: &[Vec<u8>]| v.iter().map(Vec::len).collect::<Vec<_>>();
    assert!(
        saved == sent,
        "{context}: files {:?} are not the pictures sent {:?}",
        sizes(&saved),
        sizes(&sent)
    );
}

/// Is `c` unfit for a terminal: C0 controls, DEL, C1 controls, the bidirectional overrides and isolates?
/// Written out here on its own, so the tests do not trust the crate's own definition (`text::is_unsafe`).
pub fn unsafe_for_terminal(c: char) -> bool {
    let code = u32::from(c);
    code < 0x20
        || (0x7f..=0x9f).contains(&code)
        || (0x202a..=0x202e).contains(&code)
        || (0x2066..=0x2069).contains(&code)
}

/// Every executor of this build, by its command-line name, in `catfetch compare`'s order.
pub fn every_executor() -> Vec<&'static str> {
    catfetch_lab::ExecutorKind::all(2).into_iter().map(|kind| kind.name()).collect()
}
