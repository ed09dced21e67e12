//! How long to wait before trying again: exponential backoff with jitter, or what the server asked for.
//!
//! Why jitter: ten downloads that fail together (a 503 from an overloaded origin) would otherwise all retry
//! at the same instant and overload it again. Each waits a random time between half and all of its backoff.

use std::time::{Duration, SystemTime};

/// The first backoff: 0.5 s, then 1 s, 2 s, 4 s, ... up to [`MAX_BACKOFF`].
pub const BASE_BACKOFF: Duration = Duration::from_millis(500);
/// The longest backoff between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(10);
/// The longest `Retry-After` we honour: a server asking for an hour gets 30 s (and then our retries end).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// The backoff before attempt `failed + 1`, after `failed` (>= 1) failed attempts, without jitter.
pub fn backoff(failed: u32) -> Duration {
    let doublings = failed.saturating_sub(1).min(16);
    BASE_BACKOFF.saturating_mul(1 << doublings).min(MAX_BACKOFF)
}

/// A random duration between half and all of `backoff` ("equal jitter").
pub fn jitter(backoff: Duration, rng: &mut fastrand::Rng) -> Duration {
    let half = backoff / 2;
    half + half.mul_f64(rng.f64())
}

/// The wait after `failed` failed attempts: the server's `Retry-After` (capped) if it sent one,
/// otherwise jittered exponential backoff.
pub fn delay(failed: u32, retry_after: Option<Duration>, rng: &mut fastrand::Rng) -> Duration {
    match retry_after {
        Some(asked) => asked.min(MAX_RETRY_AFTER),
        None => jitter(backoff(failed), rng),
    }
}

/// Parses a `Retry-After` value: delay-seconds (`120`) or an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`),
/// relative to `now`. A date in the past means "now" (zero); garbage means "not given" (`None`).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits to fit in u64 is still "a very long time": saturate, the cap applies later.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_half_a_second_up_to_ten() {
        let schedule: Vec<f64> = (1..=7).map(|n| backoff(n).as_secs_f64()).collect();
        assert_eq!(schedule, [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0]);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }

    #[test]
    fn jitter_stays_between_half_and_all_of_the_backoff() {
        let mut rng = fastrand::Rng::with_seed(7);
        let mut seen = Vec::new();
        for _ in 0..1000 {
            let d = jitter(Duration::from_secs(2), &mut rng);
            assert!(d >= Duration::from_secs(1) && d <= Duration::from_secs(2), "{d:?}");
            seen.push(d);
        }
        seen.sort();
        seen.dedup();
        assert!(seen.len() > 900, "jitter should spread the retries");
    }

    #[test]
    fn retry_after_seconds_and_dates_are_understood() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(parse_retry_after(" 120 ", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("99999999999999999999999", now), Some(Duration::from_secs(u64::MAX)));
    }

    #[test]
    fn unreadable_retry_after_is_ignored() {
        let now = SystemTime::UNIX_EPOCH;
        for garbage in ["", "-1", "1.5", "soon", "Wed, 99 Oct 2015 07:28:00 GMT"] {
            assert_eq!(parse_retry_after(garbage, now), None, "{garbage:?}");
        }
    }

    #[test]
    fn the_server_is_obeyed_but_only_up_to_the_cap() {
        let mut rng = fastrand::Rng::with_seed(1);
        assert_eq!(delay(1, Some(Duration::from_secs(1)), &mut rng), Duration::from_secs(1));
        assert_eq!(delay(1, Some(Duration::from_secs(3600)), &mut rng), MAX_RETRY_AFTER);
        let d = delay(3, None, &mut rng);
        assert!(d >= Duration::from_secs(1) && d <= Duration::from_secs(2));
    }
}
