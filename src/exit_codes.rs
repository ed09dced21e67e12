//! The exit statuses of `catfetch`, in one place: every way the process ends maps to one of these, and
//! only [`ExitCode`]'s conversion turns them into numbers.
//!
//! Scripts branch on them: 0 every cat saved, 1 something failed (a download, or a setup step outside
//! the user's input), 2 the user's input is wrong (fix it and run again), 128 + the signal's number when
//! interrupted (130 for Ctrl-C, 143 for SIGTERM), as shells report a process a signal ended.

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything asked for was done: 0.
    Success,
    /// A download or a setup step failed: 1.
    Failed,
    /// Bad input (an option, an unusable output directory), found before any download started: 2.
    Usage,
    /// Stopped by this signal (SIGINT, SIGTERM): 128 + its number.
    Interrupted(i32),
}

impl ExitCode {
    /// The status for a run that could not be carried out: [`ExitCode::Usage`] for the user's input (a bad
    /// option, an unusable output directory), [`ExitCode::Failed`] for anything else.
    pub fn of(error: &catfetch_core::Error) -> ExitCode {
        if error.is_usage() {
            ExitCode::Usage
        } else {
            ExitCode::Failed
        }
    }

    /// The number the process exits with.
    pub fn code(self) -> i32 {
        match self {
            ExitCode::Success => 0,
            ExitCode::Failed => 1,
            ExitCode::Usage => 2,
            ExitCode::Interrupted(signal) => 128 + signal,
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        // Signal numbers are small, so every status fits in a byte; 1 if one ever did not.
        std::process::ExitCode::from(u8::try_from(code.code()).unwrap_or(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_ending_has_the_status_scripts_expect() {
        assert_eq!(ExitCode::Success.code(), 0);
        assert_eq!(ExitCode::Failed.code(), 1);
        assert_eq!(ExitCode::Usage.code(), 2);
        // SIGINT is 2 and SIGTERM 15: the numbers POSIX fixes for `kill -2` and `kill -15`.
        assert_eq!(ExitCode::Interrupted(2).code(), 130);
        assert_eq!(ExitCode::Interrupted(15).code(), 143);
    }
}
