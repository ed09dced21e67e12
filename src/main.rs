//! The `catfetch` command: parse the arguments, pick the executor, run the library, map the outcome to an
//! exit status (0 all saved, 1 a download failed, 2 usage or bad input, 130/143 interrupted).

use std::cell::Cell;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use catfetch::cataas;
use catfetch::cli::{self, Cli, CompareArgs, Exit, Invocation, ServeArgs};
use catfetch::compare;
use catfetch::executor;
use catfetch::origin::{Origin, OriginConfig};
use catfetch::report::{Report, Reporter};
use catfetch::system::{self, Interrupts};
use catfetch::timeline::Timeline;

fn main() -> ExitCode {
    let args: Vec<String> = match std::env::args_os().skip(1).map(|a| a.into_string()).collect() {
        Ok(args) => args,
        Err(bad) => return usage(&format!("argument {bad:?} is not valid UTF-8")),
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match cli::parse(&args) {
        Ok(Invocation::Fetch(cli)) => fetch(*cli),
        Ok(Invocation::Serve(args)) => serve(args),
        Ok(Invocation::Compare(args)) => compare(args),
        Err(Exit::Help(text) | Exit::Version(text)) => {
            print_stdout(&text);
            ExitCode::SUCCESS
        }
        Err(Exit::Usage(message)) => usage(&message),
    }
}

/// The main job: download the cats, then report.
fn fetch(cli: Cli) -> ExitCode {
    catfetch::http::silence_contained_panics();
    let Cli { mut config, demo, executor, output } = cli;
    if let Some(polite) = cataas::polite_jobs(&config.url, config.jobs) {
        eprintln!(
            "catfetch: cataas.com is a free public service: at most {polite} requests in flight (not {})",
            config.jobs
        );
        config.jobs = polite;
    }
    if let Some(max) = system::max_jobs() {
        if config.jobs > max {
            eprintln!(
                "catfetch: --jobs {} is more than the open-file limit allows; using {max}",
                config.jobs
            );
            config.jobs = max;
        }
    }
    let interrupts = match Interrupts::listen() {
        Ok(interrupts) => interrupts,
        Err(e) => {
            eprintln!("catfetch: cannot listen for Ctrl-C: {e}");
            return ExitCode::from(1);
        }
    };
    // --demo: the built-in origin, on its own threads (never on the executor being measured).
    let origin = if demo {
        let settings = OriginConfig {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            latency: DEMO_LATENCY,
            quiet: true,
            ..OriginConfig::default()
        };
        match Origin::start(settings).map(|origin| (origin.url().parse(), origin)) {
            Ok((Ok(url), origin)) => {
                config.url = url;
                Some(origin)
            }
            Ok((Err(e), _)) => return setup_error(&format!("the local origin's URL: {e}")),
            Err(e) => return setup_error(&format!("cannot start the local origin: {e}")),
        }
    } else {
        None
    };
    let reporter = Arc::new(Reporter::new(config.count, !output.quiet, output.verbose));
    let timeline = (output.timeline || output.trace.is_some()).then(|| Arc::new(Timeline::new(config.count)));
    let observer = (reporter.clone(), timeline.clone());
    // Ctrl-C or SIGTERM completes `stop`: the gather cancels every download and removes its temp file.
    let caught = Cell::new(None);
    let stop = async {
        caught.set(Some(interrupts.wait().await));
    };
    let result = executor::block_on(executor, config, observer, stop);
    reporter.finish();
    drop(origin);

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
    if let Some(host) = reporter.unreachable_host() {
        reporter.print(&format!(
            "catfetch: the network or host {host} is unreachable; `catfetch --demo` downloads from a \
             built-in local origin instead"
        ));
    }
    if let Some(timeline) = &timeline {
        if let Err(message) = show_timeline(timeline, &report, executor, &output) {
            eprintln!("catfetch: {message}");
        }
    }
    if output.json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => print_stdout(&json),
            Err(e) => eprintln!("catfetch: cannot write the JSON report: {e}"),
        }
    }
    if !output.quiet {
        reporter.print(&report.summary());
    }
    if report.interrupted {
        let signal = caught.get().unwrap_or(system::SIGINT);
        eprintln!(
            "catfetch: {}; {} cats saved, {} cancelled, no partial files left",
            if signal == system::SIGTERM { "terminated" } else { "interrupted" },
            report.totals.saved,
            report.totals.cancelled
        );
        ExitCode::from((128 + signal) as u8)
    } else if report.totals.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--timeline` (a chart on stderr) and `--trace FILE`.
fn show_timeline(
    timeline: &Timeline,
    report: &Report,
    executor: executor::ExecutorKind,
    output: &cli::Output,
) -> Result<(), String> {
    if output.timeline {
        let threads = executor.polling_threads();
        let legend = format!(
            "executor {executor} ({threads} polling thread{}); {} cats, {} in {} ms\n\
             (whichever executor polls, transfers run on libcurl's own thread; the polling thread writes the files)",
            if threads == 1 { "" } else { "s" },
            report.totals.requested,
            indicatif::HumanBytes(report.totals.bytes),
            report.totals.elapsed_ms,
        );
        eprint!("{}", timeline.chart(timeline.elapsed(), 50, &legend));
    }
    if let Some(path) = &output.trace {
        let json = timeline.chrome_trace().to_string();
        std::fs::write(path, json).map_err(|e| format!("--trace {}: cannot write: {e}", path.display()))?;
    }
    Ok(())
}

/// `--demo`'s origin latency: what a real network to a real server costs.
const DEMO_LATENCY: Duration = Duration::from_millis(200);

/// `catfetch serve`: the built-in origin until Ctrl-C (or SIGTERM), then exit 0.
fn serve(args: ServeArgs) -> ExitCode {
    let interrupts = match Interrupts::listen() {
        Ok(interrupts) => interrupts,
        Err(e) => return setup_error(&format!("cannot listen for Ctrl-C: {e}")),
    };
    let settings = OriginConfig {
        bind: SocketAddr::new(args.bind, args.port),
        latency: Duration::from_millis(args.latency),
        jitter: Duration::from_millis(args.jitter),
        fail_rate: args.fail_rate,
        seed: args.seed,
        quiet: args.quiet,
        ..OriginConfig::default()
    };
    let origin = match Origin::start(settings) {
        Ok(origin) => origin,
        Err(e) => return usage(&format!("serve: cannot listen on {}:{}: {e}", args.bind, args.port)),
    };
    eprintln!("catfetch: serving cats on {} (Ctrl-C stops)", origin.url());
    smol::block_on(interrupts.wait());
    origin.stop();
    eprintln!("catfetch: stopped serving");
    ExitCode::SUCCESS
}

/// `catfetch compare`: every executor against the built-in origin, as a table.
fn compare(args: CompareArgs) -> ExitCode {
    let threads = args.threads.unwrap_or_else(executor::default_threads);
    let latency = Duration::from_millis(args.latency);
    match compare::compare(args.count, latency, threads) {
        Ok(rows) => {
            print_stdout(&compare::table(&rows, args.count, latency));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("catfetch: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn setup_error(message: &str) -> ExitCode {
    eprintln!("catfetch: {message}");
    ExitCode::from(1)
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
