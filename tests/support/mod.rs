//! Test support for `catfetch`'s integration tests.
//!
//! - [`origin`]: a scripted, deliberately hand-written HTTP/1.1 (and HTTPS) server on 127.0.0.1 that can
//!   answer well, slowly, or badly on cue; [`answer`] holds what it can say.
//! - [`tls`]: a throwaway certificate authority, made in-process, whose `ca.pem` the CLI can be told to trust.
//! - [`run`]: runs the real `catfetch` binary in a scratch directory, with a hard time bound.
//! - [`fixtures`]: opaque image-like payloads whose magic bytes name their type.
//!
//! Nothing here touches the network beyond loopback, and nothing here can hang a test: every wait is
//! bounded in time and every server thread stops when its [`Origin`] is dropped.

// Each test module uses only some of these helpers; the rest would trip `dead_code` under
// `clippy --all-targets -D warnings`, so the allowance lives here, once, rather than on every item.
#![allow(dead_code)]

pub mod answer;
pub mod fixtures;
pub mod origin;
pub mod run;
pub mod tls;

// Re-exported so tests can `use crate::support::{..}`; whichever no test uses yet is not an error.
#[allow(unused_imports)]
pub use answer::{Answer, Framing};
#[allow(unused_imports)]
pub use fixtures::{gif, gif_seeded, jpeg, jpeg_seeded, png, png_seeded, webp, webp_seeded};
#[allow(unused_imports)]
pub use origin::{Origin, Recorded, Route};
#[allow(unused_imports)]
pub use run::{catfetch, catfetch_after, catfetch_in, Cmd, Run, Workdir};
#[allow(unused_imports)]
pub use tls::{Leaf, TestCa};
