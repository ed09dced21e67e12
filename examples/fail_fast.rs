//! Fail-fast cancellation, with nothing but timers: the first failure ends the gather at once, and the
//! futures still running are *dropped*, which is all cancellation is in Rust.
//!
//! Each "download" prints when it starts, finishes, or is dropped unfinished. Cat 2 fails after 300 ms;
//! cats 0 and 1 would need 2 s, so they are dropped mid-sleep and the program ends after ~300 ms.
//!
//! ```sh
//! cargo run --example fail_fast
//! ```

use std::time::{Duration, Instant};

use catfetch_core::gather::{gather, Policy, Slot};
use futures_lite::future;
use smol::Timer;

/// Says so when dropped before it finished: that is what a cancelled download does (its temp-file guard
/// removes the partial file in the same way).
struct Announce(usize, bool);

impl Drop for Announce {
    fn drop(&mut self) {
        if !self.1 {
            println!("cat {}: dropped before finishing (cancelled)", self.0);
        }
    }
}

async fn fake_download(cat: usize, millis: u64, fails: bool) -> Result<usize, String> {
    let mut guard = Announce(cat, false);
    println!("cat {cat}: started");
    Timer::after(Duration::from_millis(millis)).await;
    guard.1 = true;
    if fails {
        println!("cat {cat}: failed");
        Err(format!("cat {cat}: HTTP 503"))
    } else {
        println!("cat {cat}: done");
        Ok(cat)
    }
}

fn main() {
    let started = Instant::now();
    let downloads =
        vec![fake_download(0, 2000, false), fake_download(1, 2000, false), fake_download(2, 300, true)];
    let (slots, ending) = smol::block_on(gather(downloads, Policy::FailFast, future::pending()));
    println!("gather ended ({ending:?}) after {} ms", started.elapsed().as_millis());
    for (cat, slot) in slots.iter().enumerate() {
        match slot {
            Slot::Done(result) => println!("  cat {cat}: {result:?}"),
            Slot::Cancelled => println!("  cat {cat}: cancelled"),
        }
    }
}
