//! The one integration-test binary of `catfetch`.
//!
//! Every `tests/*.rs` file would otherwise be compiled and linked as its own binary. Here they are modules
//! of this single crate instead: it links once, and all of them share `support/`. That is why Cargo.toml
//! says `autotests = false` and names this file as the only `[[test]]` target: otherwise Cargo would also
//! try to build each module file on its own. A new test file `tests/xxx.rs` needs a `mod xxx;` line here.
//!
//! Every test runs the real `catfetch` binary against an origin it starts itself on 127.0.0.1:0; nothing
//! here touches the internet.

mod cataas;
mod cli;
#[cfg(unix)]
mod console;
#[cfg(unix)]
mod disk;
mod download;
mod engine;
mod escapes;
#[cfg(unix)]
mod examples;
mod executors;
mod gather;
mod h2origin_selftest;
mod hostile;
#[cfg(target_os = "linux")]
mod html;
#[cfg(unix)]
mod interrupt;
#[cfg(target_os = "linux")]
mod lab_stop;
mod layers;
#[cfg(unix)]
mod limits;
mod origin;
mod origin_selftest;
mod pictures;
mod proxy_selftest;
#[cfg(target_os = "linux")]
mod report_files;
#[cfg(target_os = "linux")]
mod scale;
mod secrets;
mod support;
mod tls;
mod writes;
