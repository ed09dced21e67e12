//! The `catfetch` command: parse the arguments, pick the executor, run the library, map the outcome to an
//! exit status (0 all saved, 1 a download failed, 2 usage or bad input, 130/143 interrupted).

use std::cell::Cell;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use catfetch::cataas;
use catfetch::cli::{self, Cli, CompareArgs, Exit, Invocation, ServeArgs};
use catfetch::compare;
use catfetch::executor;
use catfetch::origin::{Origin, OriginConfig};
use catfetch::report::{print_stdout, Reporter};
use catfetch::system::{self, Interrupts};
use catfetch::timeline::Timeline;

fn main() -> ExitCode {
    system::one_malloc_arena();
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
        match Origin::demo().map(|origin| (origin.url().parse(), origin)) {
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
    // With --disk-delay (or -v), the report also says who wrote the files and how often.
    let writes_shown = (!output.quiet && (output.verbose || !config.disk_delay.is_zero()))
        .then_some((config.writes, config.disk_delay));
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
    if let Some(timeline) = &timeline {
        if let Err(message) = timeline.show(executor, &report, output.timeline, output.trace.as_deref()) {
            eprintln!("catfetch: {message}");
        }
    }
    reporter.present(&report, output.json, output.quiet);
    if let Some((writes, disk_delay)) = writes_shown {
        reporter.print(&report.writes_line(writes, disk_delay));
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
