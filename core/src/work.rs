//! `--cpu-per-cat`: CPU work after each picture arrives, a teaching knob.
//!
//! A program that decodes, resizes or hashes each picture spends CPU time on it, and CPU time on the thread
//! that polls downloads is time no other download on that thread is polled. [`burn`] stands in for that
//! work: it really computes (a hash of the picture's first bytes, over and over: the picture itself is on
//! disk, not in memory) until the thread has used the asked CPU time. It is measured in the thread's own CPU
//! time, not wall time, so a busy machine makes it last longer, as real work would.
//!
//! With `--cpu-offload` the work runs on the blocking pool (`unblock`) instead, and the polling thread is
//! free meanwhile. If the download is cancelled then, that work still runs to its end in the background:
//! harmless, it touches nothing but its own copy of the bytes.

use std::time::Duration;

use crate::probe::{self, Work};

/// After a picture has arrived: `cpu` of CPU work on `head` (its first bytes), on this thread or, with
/// `offload`, on the blocking pool. Nothing at all when `cpu` is zero.
pub async fn after_arrival(cpu: Duration, offload: bool, head: &[u8]) {
    if cpu.is_zero() {
        return;
    }
    if offload {
        let head = head.to_vec();
        blocking::unblock(move || burn(cpu, &head)).await;
    } else {
        // On the polling thread: a poll recorder listening to the probe names the stall this causes "during
        // CPU work".
        probe::measure(Work::Cpu, || burn(cpu, head));
    }
}

/// Hashes `bytes` (FNV-1a) over and over until this thread has used `cpu` of CPU time; returns the hash,
/// so the work cannot be optimised away.
pub fn burn(cpu: Duration, bytes: &[u8]) -> u64 {
    // An empty picture still gets its work.
    let bytes = if bytes.is_empty() { &[0x42][..] } else { bytes };
    // Reading the thread's CPU clock is a system call: check it every few thousand bytes hashed, often
    // enough to stop close to the target, rarely enough to cost nothing next to the hashing.
    let rounds = (4096 / bytes.len()).max(1);
    let start = thread_cpu_time();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    loop {
        for _ in 0..rounds {
            for &byte in bytes {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash = std::hint::black_box(hash);
        if thread_cpu_time().saturating_sub(start) >= cpu {
            return hash;
        }
    }
}

/// CPU time used by the calling thread so far (`CLOCK_THREAD_CPUTIME_ID`).
#[cfg(unix)]
pub fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the struct we pass; this clock exists on every Unix we build for.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } == 0;
    if !ok {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Without a thread CPU clock, wall time since the thread first asked: the same while the thread keeps the
/// core to itself, longer than asked when it has to share.
#[cfg(not(unix))]
pub fn thread_cpu_time() -> Duration {
    use std::time::Instant;
    thread_local!(static SINCE: Instant = Instant::now());
    SINCE.with(Instant::elapsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burning_uses_at_least_the_asked_cpu_time_and_not_much_more() {
        let asked = Duration::from_millis(30);
        let before = thread_cpu_time();
        burn(asked, b"\xff\xd8\xff\xe0 a cat's first bytes");
        let used = thread_cpu_time() - before;
        assert!(used >= asked, "{used:?}");
        // Coarse: the check runs every few microseconds of hashing, but a loaded machine may deschedule us.
        assert!(used < asked * 3, "{used:?}");
    }

    #[test]
    fn the_work_is_real_and_depends_on_the_bytes() {
        // With no time asked, exactly one round of hashing: the result is deterministic.
        assert_ne!(burn(Duration::ZERO, b"cat"), burn(Duration::ZERO, b"dog"));
        assert_eq!(
            burn(Duration::ZERO, b""),
            burn(Duration::ZERO, b"\x42"),
            "an empty picture hashes a byte"
        );
    }

    #[test]
    fn offloaded_work_runs_on_another_thread_and_leaves_this_one_idle() {
        let before = thread_cpu_time();
        smol::block_on(after_arrival(Duration::from_millis(30), true, b"cat"));
        assert!(thread_cpu_time() - before < Duration::from_millis(20), "the work ran here");
        let before = thread_cpu_time();
        smol::block_on(after_arrival(Duration::from_millis(30), false, b"cat"));
        assert!(thread_cpu_time() - before >= Duration::from_millis(30));
    }
}
