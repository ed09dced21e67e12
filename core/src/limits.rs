//! How many downloads the open-file limit allows in flight: each holds descriptors, and the soft limit
//! (often 1024) is only a default that the hard limit lets a process raise for itself.

/// Raises the soft open-file limit as far as the hard limit allows ([`raise_open_file_limit`]), then
/// returns the most downloads that can be in flight within it without running out of file descriptors.
/// `None` when there is no limit to respect.
///
/// Each download in flight holds a socket and a temp file, and a third descriptor when the origin runs in
/// this process (`--demo`, `compare`: its end of the connection). 64 descriptors are kept for everything
/// else (async-io's reactor, stdio, the directory operations on the blocking pool).
pub fn raise_open_file_limit_for_jobs(origin_in_process: bool) -> Option<usize> {
    let limit = raise_open_file_limit()?;
    let per_download = if origin_in_process { 3 } else { 2 };
    let usable = usize::try_from(limit).unwrap_or(usize::MAX).saturating_sub(64) / per_download;
    Some(usable.max(1))
}

/// Raises the soft open-file limit to the hard one, and returns the limit now in force (`None`: unknown,
/// or no limit at all).
///
/// The soft limit is a default (often 1024), which the hard limit lets a process raise for itself. Each
/// download in flight, and each connection to the built-in origin, holds a descriptor or two: thousands in
/// flight need thousands of descriptors.
pub fn raise_open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit/setrlimit only read and write the struct we pass.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return None;
            }
            if limit.rlim_cur < limit.rlim_max {
                let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    limit = raised;
                }
            }
        }
        // rlim_t is u64 on most Unix systems, narrower on some 32-bit ones.
        #[allow(clippy::unnecessary_cast)]
        (limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur as u64)
    }
    #[cfg(not(unix))]
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_job_limit_leaves_room_for_everything_else() {
        if let (Some(alone), Some(with_origin)) =
            (raise_open_file_limit_for_jobs(false), raise_open_file_limit_for_jobs(true))
        {
            assert!(alone >= with_origin && with_origin >= 1);
        }
    }
}
