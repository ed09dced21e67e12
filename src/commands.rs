//! The subcommands, from parsed arguments to an exit status: the main job (`fetch`), `serve`, `compare`
//! and `scale`. Each prints through `terminal.rs` and maps every ending to an [`ExitCode`].

use std::cell::Cell;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use catfetch_core::gather::Ending;
use catfetch_core::{cataas, text, Ledger, Report};
use catfetch_lab::compare;
use catfetch_lab::timeline::Timeline;
use catfetch_origin::{Origin, OriginConfig};

use crate::cli::{self, Cli, CompareArgs, Exit, Invocation, ScaleArgs, ServeArgs};
use crate::executor;
use crate::exit_codes::ExitCode;
use crate::system::{self, Interrupts};
use crate::terminal::{print_stderr, print_stdout, Reporter};

/// `eprintln!`, but through [`print_stderr`]: a line made safe to show (no control character from a server,
/// no password), and no panic if stderr is closed.
macro_rules! say {
    ($($arg:tt)*) => {
        print_stderr(&format!($($arg)*))
    };
}

/// Parses the command line and runs what it asks for: every way out of catfetch comes back through here as
/// an [`ExitCode`] (but a second Ctrl-C, which exits at once: see `system.rs`).
pub fn run() -> ExitCode {
    let args: Vec<String> = match std::env::args_os().skip(1).map(|a| a.into_string()).collect() {
        Ok(args) => args,
        Err(bad) => return usage(&format!("argument {bad:?} is not valid UTF-8")),
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let parsed = cli::parse(&args);
    if let Ok(invocation) = &parsed {
        // `--executor threads` (and compare, which runs it) takes up to a thread per download in flight.
        let demand = match invocation {
            Invocation::Fetch(cli) if cli.executor == catfetch_lab::ExecutorKind::Threads => cli.config.jobs,
            Invocation::Compare(args) => args.count,
            _ => 0,
        };
        if let Err(message) = system::start_threads(demand) {
            say!("catfetch: {message}");
            return ExitCode::Failed;
        }
    }
    match parsed {
        Ok(Invocation::Fetch(cli)) => fetch(*cli),
        Ok(Invocation::Serve(args)) => serve(args),
        Ok(Invocation::Compare(args)) => compare(args),
        Ok(Invocation::Scale(args)) => scale(args),
        Err(Exit::Help(text) | Exit::Version(text)) => {
            print_stdout(&text);
            ExitCode::Success
        }
        Err(Exit::Usage(message)) => usage(&message),
    }
}

/// The main job: download the cats, then report.
fn fetch(cli: Cli) -> ExitCode {
    let Cli { mut config, demo, executor, output } = cli;
    // The report files are checked now, not after the downloads.
    for (option, path) in [("--html", &output.html), ("--trace", &output.trace)] {
        if let Some(path) = path {
            if let Err(e) = catfetch_core::check_writable(path) {
                return usage(&format!("{option} {}: cannot write there: {e}", path.display()));
            }
        }
    }
    // --demo's origin is our own: the limit for the public cataas.com (the default --url) is not for it.
    if let Some(polite) = cataas::polite_jobs(&config.url, config.jobs).filter(|_| !demo) {
        say!(
            "catfetch: cataas.com is a free public service: at most {polite} requests in flight (not {})",
            config.jobs
        );
        config.jobs = polite;
    }
    if let Some(max) = catfetch_core::limits::raise_open_file_limit_for_jobs(demo) {
        if config.jobs > max {
            say!("catfetch: --jobs {} is more than the open-file limit allows; using {max}", config.jobs);
            config.jobs = max;
        }
    }
    let interrupts = match Interrupts::listen() {
        Ok(interrupts) => interrupts,
        Err(e) => {
            say!("catfetch: cannot listen for Ctrl-C: {e}");
            return ExitCode::Failed;
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
    let timeline = (output.timeline || output.trace.is_some() || output.html.is_some())
        .then(|| Arc::new(Timeline::new(config.count, output.stall)));
    // The edge's own copy of the report, for a stop that cannot wait for the run (see below).
    let ledger = Arc::new(Ledger::new());
    let observer = (reporter.clone(), (timeline.clone(), ledger.clone()));
    // A stop needs the thread that polls the downloads. If that thread is stuck (a slow write, CPU work)
    // past system::STOP_WITHIN, the watchdog reports from the ledger and ends the process without it: no
    // file takes its name any more, named temp files go, anonymous ones vanish with the process.
    interrupts.on_overdue({
        let (reporter, ledger, started) = (reporter.clone(), ledger.clone(), Instant::now());
        let (url, out_dir) = (text::redacted(&config.url), config.out_dir.clone());
        let (json, quiet, reports) =
            (output.json, output.quiet, output.trace.is_some() || output.html.is_some());
        move |signal, why| {
            catfetch_core::freeze_files();
            reporter.finish();
            say!("{}", why.line());
            let cats = ledger.cats();
            let writes = cats.iter().filter_map(|cat| cat.writes).sum();
            let report = Report::new(url, out_dir, cats, started.elapsed(), Ending::Stopped, writes);
            reporter.present(&report, json, quiet);
            if reports {
                say!(
                    "catfetch: no trace or page written: the polling thread did not get to the stop in time"
                );
            }
            say!("{}", stopped_line(signal, &report));
        }
    });
    // Polls are recorded only for the timeline, the trace or the page: otherwise nothing is wrapped.
    let polls = timeline.as_ref().map(|timeline| timeline.polls());
    let jobs = config.jobs;
    // With --disk-delay (or -v), the report also says who wrote the files and how often.
    let writes_shown = (!output.quiet && (output.verbose || !config.disk_delay.is_zero()))
        .then_some((config.writes, config.disk_delay));
    // Ctrl-C or SIGTERM completes `stop`: the gather cancels every download and removes its temp file.
    let caught = Cell::new(None);
    let stop = async {
        caught.set(Some(interrupts.wait().await));
    };
    let result = executor::block_on(executor, config, observer, polls, stop);
    interrupts.finishing();
    reporter.finish();
    drop(origin);

    let report = match result {
        Ok(report) => report,
        Err(error) => {
            say!("catfetch: {error}");
            return ExitCode::of(&error);
        }
    };
    // A report file that cannot be written is a failure of the run (exit 1), said in one line; the older
    // file of that name stays as it was (html::write_file).
    let mut file_failed = false;
    if let Some(timeline) = &timeline {
        if output.timeline {
            for line in timeline.show(executor, &report, jobs) {
                print_stderr(&line);
            }
        }
        let trace = output.trace.as_ref().map(|path| ("--trace", path, timeline.trace_file()));
        let page = output.html.as_ref().map(|path| {
            let page = catfetch_lab::html::run_page::run_page(&timeline.recording(), &report, executor, jobs);
            ("--html", path, page.render())
        });
        for (option, path, contents) in trace.into_iter().chain(page) {
            if let Err(e) = catfetch_core::write_file(path, contents.as_bytes()) {
                say!("catfetch: {option} {}: cannot write: {e}", path.display());
                file_failed = true;
            }
        }
    }
    reporter.present(&report, output.json, output.quiet);
    if let Some((writes, disk_delay)) = writes_shown {
        reporter.print(&report.writes_line(writes, disk_delay));
    }
    if report.interrupted {
        let signal = caught.get().unwrap_or(system::SIGINT);
        say!("{}", stopped_line(signal, &report));
        ExitCode::Interrupted(signal)
    } else if report.totals.failed > 0 || file_failed {
        ExitCode::Failed
    } else {
        ExitCode::Success
    }
}

/// The last line of a run that a signal stopped.
fn stopped_line(signal: i32, report: &Report) -> String {
    format!(
        "catfetch: {}; {} cats saved, {} cancelled, no partial files left",
        if signal == system::SIGTERM { "terminated" } else { "interrupted" },
        report.totals.saved,
        report.totals.cancelled
    )
}

/// `catfetch serve`: the built-in origin until Ctrl-C (or SIGTERM), then exit 0.
fn serve(args: ServeArgs) -> ExitCode {
    let interrupts = match Interrupts::listen() {
        Ok(interrupts) => interrupts,
        Err(e) => return setup_error(&format!("cannot listen for Ctrl-C: {e}")),
    };
    // Every connection a client keeps open is a descriptor here: a burst of thousands needs the hard limit.
    catfetch_core::limits::raise_open_file_limit();
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
    say!("catfetch: serving cats on {} (Ctrl-C stops)", origin.url());
    smol::block_on(interrupts.wait());
    origin.stop();
    say!("catfetch: stopped serving");
    ExitCode::Success
}

/// `catfetch compare`: every executor against the built-in origin, as a table.
fn compare(args: CompareArgs) -> ExitCode {
    let threads = args.threads.unwrap_or_else(catfetch_lab::executors::default_threads);
    let latency = Duration::from_millis(args.latency);
    if let Some(path) = &args.html {
        if let Err(e) = catfetch_core::check_writable(path) {
            return usage(&format!("--html {}: cannot write there: {e}", path.display()));
        }
    }
    let knobs = compare::Knobs {
        disk_delay: Duration::from_millis(args.disk_delay),
        cpu_per_cat: Duration::from_millis(args.cpu_per_cat),
    };
    let interrupts = match Interrupts::listen() {
        Ok(interrupts) => interrupts,
        Err(e) => return setup_error(&format!("cannot listen for Ctrl-C: {e}")),
    };
    // A stop that the run's polling thread cannot get to in time (a lesson's slow write or CPU work):
    // its scratch directory goes anyway; the origin's threads and open files end with the process.
    let scratch = catfetch_core::Scratch::path_for("compare");
    interrupts.on_overdue(move |_, why| {
        let _ = std::fs::remove_dir_all(&scratch);
        say!("{}", why.line());
    });
    // Each run of the comparison on its executor, stopped by the first signal.
    let run = |kind, config, timeline: &Arc<Timeline>| {
        let stop = async {
            interrupts.wait().await;
        };
        executor::block_on(kind, config, timeline.clone(), Some(timeline.polls()), stop)
    };
    let mut all = Vec::new();
    let mut lessons = Vec::new();
    for lesson in args.lesson.parts() {
        match compare::compare(lesson, args.count, latency, threads, args.stall_ms, knobs, &run) {
            Ok((rows, interrupted)) => {
                if !args.json {
                    print_stdout(&match lesson {
                        compare::Lesson::Concurrency => compare::table(&rows, args.count, latency),
                        _ => compare::lesson_table(lesson, &rows, args.count, latency, knobs),
                    });
                }
                all.extend(rows.iter().cloned());
                lessons.push((lesson, rows));
                if interrupted {
                    interrupts.finishing();
                    let signal = interrupts.caught().unwrap_or(system::SIGINT);
                    let what = if signal == system::SIGTERM { "terminated" } else { "interrupted" };
                    let shown = if args.json { "printed as JSON" } else { "shown above" };
                    if args.json {
                        print_json(&compare::json(&lessons, args.count, latency, knobs));
                    }
                    say!("catfetch compare: {what}; the runs finished before are {shown}");
                    return ExitCode::Interrupted(signal);
                }
            }
            Err(error) => {
                say!("catfetch: {error}");
                return ExitCode::of(&error);
            }
        }
    }
    if args.json {
        print_json(&compare::json(&lessons, args.count, latency, knobs));
    }
    if let Some(path) = &args.html {
        let page = catfetch_lab::html::run_page::compare_page(&all, args.count, latency);
        if let Err(e) = catfetch_core::write_file(path, page.render().as_bytes()) {
            say!("catfetch: --html {}: cannot write: {e}", path.display());
            return ExitCode::Failed;
        }
    }
    ExitCode::Success
}

/// Prints `value` as pretty JSON on stdout, made safe for a terminal (see `text::json_for_output`).
fn print_json(value: &serde_json::Value) {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
    print_stdout(&text::json_for_output(&pretty));
}

/// `catfetch scale`: every executor at every count, each run a child process of catfetch; the table and
/// charts (or JSON) on stdout, progress on stderr, and the HTML page if asked. A run that fails is a row
/// that says so, not a failure of the command.
#[cfg(target_os = "linux")]
fn scale(args: ScaleArgs) -> ExitCode {
    use catfetch_lab::scale;
    if let Some(path) = &args.html {
        // Checked now, not after minutes of measuring.
        if let Err(e) = catfetch_core::check_writable(path) {
            return usage(&format!("--html {}: cannot write there: {e}", path.display()));
        }
    }
    let executors = match args.executors {
        Some(cli::Executors(executors)) => executors,
        None => {
            let (have, lack) = scale::default_executors();
            if !lack.is_empty() {
                say!("catfetch scale: not in this build of catfetch, so not measured: {}", lack.join(", "));
            }
            have
        }
    };
    let program = match std::env::current_exe() {
        Ok(program) => program,
        Err(e) => return setup_error(&format!("cannot find catfetch's own executable to run: {e}")),
    };
    let interrupts = match Interrupts::listen() {
        Ok(interrupts) => interrupts,
        Err(e) => return setup_error(&format!("cannot listen for Ctrl-C: {e}")),
    };
    // A signal goes on to the child being measured, whose own stop takes up to a second; if this process
    // cannot wait for it, the child's process group is killed and the scratch directory removed.
    let scratch = catfetch_core::Scratch::path_for("scale");
    interrupts.on_overdue(move |_, why| {
        scale::kill_current_child();
        let _ = std::fs::remove_dir_all(&scratch);
        say!("{}", why.line());
    });
    let settings = scale::Settings {
        counts: args.counts.0,
        executors,
        jobs: args.jobs,
        latency: Duration::from_millis(args.latency),
        time_limit: Duration::from_secs(args.time_limit),
    };
    let total = settings.counts.len() * settings.executors.len();
    let mut done = 0;
    let progress = |row: &scale::Row| {
        done += 1;
        say!("catfetch scale: {done}/{total} {}", scale::terminal::progress(row));
    };
    let measurements = match scale::measure(&program, &settings, || interrupts.caught(), progress) {
        Ok(measurements) => measurements,
        Err(error) => {
            say!("catfetch: {error}");
            return ExitCode::of(&error);
        }
    };
    interrupts.finishing();
    if args.json {
        print_stdout(&scale::json(&measurements.rows));
    } else {
        print_stdout(&scale::terminal::report(&measurements, &settings));
    }
    let mut code = ExitCode::Success;
    if let Some(path) = &args.html {
        if let Err(e) =
            catfetch_core::write_file(path, scale::page::page(&measurements, &settings).render().as_bytes())
        {
            say!("catfetch: --html {}: cannot write: {e}", path.display());
            code = ExitCode::Failed;
        }
    }
    if let Some(signal) = measurements.interrupted {
        say!(
            "catfetch scale: {}; {} of {total} runs made, shown above",
            if signal == system::SIGTERM { "terminated" } else { "interrupted" },
            measurements.rows.len()
        );
        return ExitCode::Interrupted(signal);
    }
    code
}

#[cfg(not(target_os = "linux"))]
fn scale(_: ScaleArgs) -> ExitCode {
    usage("scale measures each run through Linux's wait4 and /proc, which this system does not have")
}

fn setup_error(message: &str) -> ExitCode {
    say!("catfetch: {message}");
    ExitCode::Failed
}

fn usage(message: &str) -> ExitCode {
    say!("catfetch: {message}");
    ExitCode::Usage
}
