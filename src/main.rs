//! The `catfetch` command: parse the arguments, pick the executor, run the library, map the outcome to an
//! exit status (0 all saved, 1 a download failed, 2 usage or bad input, 130/143 interrupted).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use catfetch::cli::{self, Exit};
use catfetch::executor::{self, ExecutorKind};
use catfetch::report::Reporter;

fn main() -> ExitCode {
    let args: Vec<String> = match std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect()
    {
        Ok(args) => args,
        Err(bad) => return usage(&format!("argument {:?} is not valid UTF-8", bad)),
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let cli = match cli::parse(&args) {
        Ok(cli) => cli,
        Err(Exit::Help(text) | Exit::Version(text)) => {
            print_stdout(&text);
            return ExitCode::SUCCESS;
        }
        Err(Exit::Usage(message)) => return usage(&message),
    };

    catfetch::http::silence_contained_panics();
    let output = cli.output;
    let reporter = Arc::new(Reporter::new(
        cli.config.count,
        !output.quiet,
        output.verbose,
    ));
    let stop = futures_lite::future::pending();
    let result = executor::block_on(ExecutorKind::default(), cli.config, reporter.clone(), stop);
    reporter.finish();

    let report = match result {
        Ok(report) => report,
        Err(error) => {
            eprintln!("catfetch: {error}");
            return ExitCode::from(error.exit_code());
        }
    };
    for line in report.error_lines() {
        reporter.print(&line);
    }
    if output.json {
        let json = serde_json::to_string_pretty(&report).expect("the report serializes");
        print_stdout(&json);
    }
    if !output.quiet {
        reporter.print(&report.summary());
    }
    if report.totals.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("catfetch: {message}");
    ExitCode::from(2)
}

/// Prints to stdout, ignoring a closed pipe (`catfetch --json | head -1` must not panic).
fn print_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", text.trim_end()).and_then(|()| out.flush());
}
