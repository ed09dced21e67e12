//! The terminal: lines made safe to print, the progress bar, `--verbose` lines, and the report's
//! presentation (error lines, summary, JSON). The core computes the report ([`Report`]); this prints it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use catfetch_core::text::{self, human_bytes};
use catfetch_core::{Event, Observer, Report};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Prints one line for a human on stderr, made safe first: no control character from a server and no
/// password in a URL ([`text::for_terminal`]). Ignores a closed stderr, as [`print_stdout`] does stdout.
/// Every line catfetch prints on stderr goes through here.
pub fn print_stderr(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{}", text::for_terminal(line));
}

/// Prints to stdout, ignoring a closed pipe (`catfetch --json | head -1` must not panic, as `println!`
/// would).
pub fn print_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", text.trim_end()).and_then(|()| out.flush());
}

/// The observer the command line uses: error lines, `--verbose` lines, and a progress bar on a terminal.
pub struct Reporter {
    verbose: bool,
    /// The host of the first download that could not resolve or connect, for the `--demo` hint.
    unreachable: std::sync::Mutex<Option<String>>,
    /// `Some` only when stderr is a terminal and not `--quiet`.
    bar: Option<ProgressBar>,
    bytes: AtomicU64,
}

impl Reporter {
    /// A reporter for `count` cats. `progress`: draw a bar (only if stderr is a terminal).
    pub fn new(count: usize, progress: bool, verbose: bool) -> Reporter {
        let target = ProgressDrawTarget::stderr();
        let bar = (progress && !target.is_hidden()).then(|| {
            let style = ProgressStyle::with_template("{spinner} {pos}/{len} cats [{bar:30}] {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            let bar = ProgressBar::with_draw_target(Some(count as u64), target).with_style(style);
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        });
        Reporter { verbose, unreachable: std::sync::Mutex::new(None), bar, bytes: AtomicU64::new(0) }
    }

    /// Prints a line on stderr ([`print_stderr`]) without garbling the progress bar.
    pub fn print(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| print_stderr(line)),
            None => print_stderr(line),
        }
    }

    /// The host that could not be reached (DNS failure, refused connection), if a download failed so.
    pub fn unreachable_host(&self) -> Option<String> {
        self.unreachable.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// After the run: each failure's line, the `--demo` hint if a host was unreachable, the JSON report on
    /// stdout (`json`), and the summary (unless `quiet`).
    pub fn present(&self, report: &Report, json: bool, quiet: bool) {
        for line in report.error_lines() {
            self.print(&line);
        }
        if let Some(host) = self.unreachable_host() {
            self.print(&format!(
                "catfetch: the network or host {host} is unreachable; `catfetch --demo` downloads from a \
                 built-in local origin instead"
            ));
        }
        if json {
            match serde_json::to_string_pretty(report) {
                Ok(json) => print_stdout(&text::json_for_output(&json)),
                Err(e) => self.print(&format!("catfetch: cannot write the JSON report: {e}")),
            }
        }
        if !quiet {
            self.print(&report.summary());
        }
    }

    /// Removes the progress bar (call before printing the summary).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn advance(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}

impl Observer for Reporter {
    fn on_event(&self, cat: usize, event: &Event<'_>) {
        match event {
            // The byte count only feeds the bar: without one (not a terminal, --quiet), the hot path
            // does not touch the shared counter at all.
            Event::Bytes(n) => {
                if let Some(bar) = &self.bar {
                    let total = self.bytes.fetch_add(*n, Ordering::Relaxed) + n;
                    bar.set_message(human_bytes(total));
                }
            }
            // Failures are printed from the final report, not here: in a fail-fast run a sibling may fail
            // a moment after the first failure, and the report (which counts it as cancelled) is the truth.
            Event::Failed { error } => {
                self.advance();
                if let Some(host) = error.unreachable_host() {
                    let mut first =
                        self.unreachable.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    first.get_or_insert_with(|| host.to_owned());
                }
            }
            Event::Saved { path, bytes, .. } => {
                self.advance();
                if self.verbose {
                    self.print(&format!("catfetch: cat {cat}: saved {} ({bytes} bytes)", path.display()));
                }
            }
            Event::Skipped { path, .. } => {
                self.advance();
                if self.verbose {
                    self.print(&format!("catfetch: cat {cat}: kept existing {}", path.display()));
                }
            }
            Event::Retrying { attempt, delay, error } if self.verbose => self.print(&format!(
                "catfetch: cat {cat}: attempt {attempt} failed ({error}); retrying in {:.1} s",
                delay.as_secs_f64()
            )),
            Event::Redirected { status, to } if self.verbose => {
                self.print(&format!("catfetch: cat {cat}: HTTP {status} redirect to {}", text::redacted(to)))
            }
            // The id came from the server: `{:?}` shows any control character in it escaped, never raw.
            Event::Renamed { id, wanted, stem } if self.verbose => self.print(&format!(
                "catfetch: cat {cat}: id {id:?} gets the file name {stem} ({wanted} is another cat's)"
            )),
            Event::Retyped { content_type, format, path } if self.verbose => self.print(&format!(
                "catfetch: cat {cat}: Content-Type {content_type}, but the bytes are {format}: saved as {}",
                path.display()
            )),
            _ => {}
        }
    }
}
