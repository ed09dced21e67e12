//! The command line: argh definitions, and their validation into a [`Config`].
//!
//! Every option is checked here, before anything touches the network or the disk, and every bad value is
//! reported naming its option (exit status 2). We call `FromArgs::from_args` ourselves rather than
//! `argh::from_env`, which would exit with status 1 on a usage error.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use argh::FromArgs;
use surf::Url;

use catfetch_core::cataas::{CatOptions, Filter, Size};
use catfetch_core::config::{self, Config, DEFAULT_URL};
use catfetch_core::http::{Connections, Pinned};
use catfetch_core::Writes;
use catfetch_lab::compare::Lesson;
use catfetch_lab::polls::DEFAULT_STALL;
use catfetch_lab::ExecutorKind;

/// `compare` and `scale`: milliseconds the built-in origin waits before each answer, like a network (as
/// `--demo`'s).
pub const DEFAULT_LATENCY_MS: u64 = catfetch_origin::DEMO_LATENCY.as_millis() as u64;
/// `scale`: the counts measured, each a run with all its cats in flight.
pub const DEFAULT_COUNTS: [usize; 4] = [10, 100, 1_000, 10_000];
/// `scale`: seconds one run may take before it is killed.
pub const DEFAULT_TIME_LIMIT_SECS: u64 = 60;

/// Download cat pictures concurrently: 10 random cats from cataas.com into ./cats by default.
#[derive(FromArgs, Debug, PartialEq)]
pub struct Args {
    /// how many cats to download (default: 10)
    #[argh(option, short = 'n', arg_name = "N", default = "config::DEFAULT_COUNT", from_str_fn(parse_count))]
    pub count: usize,

    /// directory to save into, created if missing (default: cats)
    #[argh(option, short = 'o', arg_name = "DIR", default = "PathBuf::from(config::DEFAULT_OUT)")]
    pub out: PathBuf,

    /// most downloads in flight at once (default: 10)
    #[argh(option, short = 'j', arg_name = "N", default = "config::DEFAULT_JOBS", from_str_fn(parse_jobs))]
    pub jobs: usize,

    /// http(s) URL that answers with a picture, used as given; user:password@ in it is sent as Basic
    /// authentication to that host only (default: https://cataas.com/cat)
    // Checked in `fetch`, not by argh: argh's error would repeat the value, password and all. The doc
    // line is `--help`'s text, so its URL stays bare.
    #[allow(rustdoc::bare_urls)]
    #[argh(option, arg_name = "URL")]
    pub url: Option<String>,

    /// download from a built-in local origin instead (no internet needed; 200 ms latency, like a network)
    #[argh(switch)]
    pub demo: bool,

    /// longest wait in seconds for the response headers or for the next body bytes; a slow transfer
    /// that keeps flowing is never cut (default: 15)
    #[argh(option, arg_name = "SECS", default = "config::DEFAULT_TIMEOUT", from_str_fn(parse_timeout))]
    pub timeout: Duration,

    /// times to retry a download after a 429, a 5xx, a timeout or a broken connection (default: 3)
    #[argh(option, arg_name = "N", default = "config::DEFAULT_RETRIES", from_str_fn(parse_retries))]
    pub retries: u32,

    /// largest picture accepted, in bytes; suffixes K, M, G (x1024) allowed (default: 50M)
    #[argh(option, arg_name = "BYTES", default = "config::DEFAULT_MAX_SIZE", from_str_fn(parse_size))]
    pub max_size: u64,

    /// use these addresses for HOST on PORT instead of asking the resolver, tried in order, as curl's
    /// --resolve (e.g. cataas.com:443:192.0.2.1,2001:db8::1); may be repeated
    #[argh(option, arg_name = "HOST:PORT:ADDR", from_str_fn(parse_pinned))]
    pub resolve: Vec<Pinned>,

    /// after a failure, keep downloading the others (default: stop at the first failure)
    #[argh(switch)]
    pub keep_going: bool,

    /// keep an existing {index}.* file and do not fetch that cat again
    #[argh(switch)]
    pub skip_existing: bool,

    /// make each picture durable before it counts as saved: flush the file to disk, then its directory
    /// (fsync; slower, safe against a power cut)
    #[argh(switch)]
    pub fsync: bool,

    /// print a JSON report on stdout, and nothing else there
    #[argh(switch)]
    pub json: bool,

    /// no progress bar and no summary (errors are still shown)
    #[argh(switch, short = 'q')]
    pub quiet: bool,

    /// one line per retry, redirect and saved file
    #[argh(switch, short = 'v')]
    pub verbose: bool,

    /// who polls the downloads: smol (tasks on N threads), local (tasks on one thread), join (one
    /// future, no tasks), sequential (one after another), tokio (tasks on N threads), tokio-current
    /// (tokio tasks on one thread) or threads (a thread per download) (default: smol)
    #[argh(option, arg_name = "NAME", default = "ExecutorKind::default()")]
    pub executor: ExecutorKind,

    /// threads for --executor smol or tokio (default: one per core)
    #[argh(option, arg_name = "N", from_str_fn(parse_threads))]
    pub threads: Option<usize>,

    /// who writes the pictures to disk: async-fs (threads of a blocking pool, like the lesson's aiofiles)
    /// or inline (the thread that polls the download) (default: async-fs)
    #[argh(option, arg_name = "HOW", default = "Writes::default()")]
    pub writes: Writes,

    /// teaching knob: every write to disk also waits MS milliseconds on the thread that makes it, like a
    /// slow or network disk (with --writes inline that thread polls downloads) (default: 0)
    #[argh(option, arg_name = "MS", default = "0", from_str_fn(parse_knob_millis))]
    pub disk_delay: u64,

    /// teaching knob: MS milliseconds of CPU work after each picture arrives, like decoding or resizing
    /// it, on the thread that polls the download (default: 0)
    #[argh(option, arg_name = "MS", default = "0", from_str_fn(parse_knob_millis))]
    pub cpu_per_cat: u64,

    /// teaching knob: run --cpu-per-cat's work on the blocking pool instead
    #[argh(switch)]
    pub cpu_offload: bool,

    /// after the run, chart each download on stderr: start, first byte, end, polling threads
    #[argh(switch)]
    pub timeline: bool,

    /// write every download's events to FILE as Chrome trace-event JSON (Perfetto, chrome://tracing)
    #[argh(option, arg_name = "FILE")]
    pub trace: Option<PathBuf>,

    /// after the run, write its timeline, summary and verdicts as a self-contained HTML page to FILE
    #[argh(option, arg_name = "FILE")]
    pub html: Option<PathBuf>,

    /// with --timeline, --trace or --html: a poll that holds its thread longer than this is a stall
    /// (default: 10)
    #[argh(option, arg_name = "MS", from_str_fn(parse_stall))]
    pub stall_ms: Option<Duration>,

    /// cataas: only cats with all these tags, comma-separated (e.g. cute,orange)
    #[argh(option, arg_name = "TAGS")]
    pub tag: Option<String>,

    /// cataas: a caption for the cats to say
    #[argh(option, arg_name = "TEXT")]
    pub says: Option<String>,

    /// cataas: width in pixels
    #[argh(option, arg_name = "PX", from_str_fn(parse_pixels))]
    pub width: Option<u32>,

    /// cataas: height in pixels
    #[argh(option, arg_name = "PX", from_str_fn(parse_pixels))]
    pub height: Option<u32>,

    /// cataas: a preset size: square, medium, small or xsmall
    #[argh(option, long = "type", arg_name = "SIZE")]
    pub size: Option<Size>,

    /// cataas: mono, negate or custom (custom takes --rgb, --brightness, --saturation, --hue, --lightness)
    #[argh(option, arg_name = "FILTER")]
    pub filter: Option<FilterName>,

    /// cataas, with --filter custom: tint, as R,G,B (each 0-255)
    #[argh(option, arg_name = "R,G,B", from_str_fn(parse_rgb))]
    pub rgb: Option<[u8; 3]>,

    /// cataas, with --filter custom: brightness multiplier (1 = unchanged)
    #[argh(option, arg_name = "X")]
    pub brightness: Option<f64>,

    /// cataas, with --filter custom: saturation multiplier (1 = unchanged)
    #[argh(option, arg_name = "X")]
    pub saturation: Option<f64>,

    /// cataas, with --filter custom: hue rotation in degrees
    #[argh(option, arg_name = "DEG")]
    pub hue: Option<i32>,

    /// cataas, with --filter custom: lightness addend
    #[argh(option, arg_name = "N")]
    pub lightness: Option<i32>,

    /// cataas: animated cats (the gif tag; a random cat is never a GIF)
    #[argh(switch)]
    pub gif: bool,

    /// cataas: N distinct cats (random picks can repeat), each file named by its cat id
    #[argh(switch)]
    pub unique: bool,

    /// print the version and exit
    #[argh(switch)]
    pub version: bool,

    /// serve, compare or scale, if given (the options above are for downloads)
    #[argh(subcommand)]
    pub command: Option<Command>,
}

/// What else catfetch can do besides downloading.
#[derive(FromArgs, Debug, PartialEq)]
#[argh(subcommand)]
pub enum Command {
    /// `catfetch serve`
    Serve(ServeArgs),
    /// `catfetch compare`
    Compare(CompareArgs),
    /// `catfetch scale`
    Scale(ScaleArgs),
}

/// Serve procedurally drawn cats on this machine, shaped like cataas.com (/cat, /cat/TAG, /cat/says/TEXT,
/// ?width=&height=, ?json=true), until Ctrl-C.
#[derive(FromArgs, Debug, PartialEq)]
#[argh(subcommand, name = "serve")]
pub struct ServeArgs {
    /// port to listen on; 0 picks a free one (default: 8000)
    #[argh(option, default = "catfetch_origin::DEFAULT_BIND.port()")]
    pub port: u16,

    /// address to listen on (default: 127.0.0.1)
    #[argh(option, arg_name = "IP", default = "catfetch_origin::DEFAULT_BIND.ip()")]
    pub bind: IpAddr,

    /// milliseconds every answer waits, like a network's latency (default: 0)
    #[argh(option, arg_name = "MS", default = "0", from_str_fn(parse_millis))]
    pub latency: u64,

    /// extra random milliseconds per answer, from 0 to this (default: 0)
    #[argh(option, arg_name = "MS", default = "0", from_str_fn(parse_millis))]
    pub jitter: u64,

    /// share of requests answered 503 with Retry-After: 1, from 0 to 1 (default: 0)
    #[argh(option, arg_name = "P", default = "0.0", from_str_fn(parse_rate))]
    pub fail_rate: f64,

    /// seed for the pictures and for which requests fail (default: 0)
    #[argh(option, arg_name = "N", default = "0")]
    pub seed: u64,

    /// no request log
    #[argh(switch, short = 'q')]
    pub quiet: bool,
}

/// Run the same job on every executor (sequential, join, local, smol, tokio-current, tokio, threads)
/// against the built-in origin, compare wall times with the theory, and say what happened on each. No
/// internet needed.
#[derive(FromArgs, Debug, PartialEq)]
#[argh(subcommand, name = "compare")]
pub struct CompareArgs {
    /// cats per run (default: 10)
    #[argh(option, short = 'n', arg_name = "N", default = "config::DEFAULT_COUNT", from_str_fn(parse_count))]
    pub count: usize,

    /// milliseconds the origin waits before each answer (default: 200)
    #[argh(option, arg_name = "MS", default = "DEFAULT_LATENCY_MS", from_str_fn(parse_millis))]
    pub latency: u64,

    /// threads for the smol and tokio executors (default: one per core)
    #[argh(option, arg_name = "N", from_str_fn(parse_threads))]
    pub threads: Option<usize>,

    /// a poll that holds its thread longer than this is a stall (default: 10)
    #[argh(option, arg_name = "MS", default = "DEFAULT_STALL", from_str_fn(parse_stall))]
    pub stall_ms: Duration,

    /// also write every run's timeline, on one time axis, as a self-contained HTML page to FILE
    #[argh(option, arg_name = "FILE")]
    pub html: Option<PathBuf>,

    /// print the runs as JSON on stdout instead of the tables: each row's executor, setup, writes, wall
    /// time, prediction, stalls, scheduling delay and verdict
    #[argh(switch)]
    pub json: bool,

    /// what to show: concurrency (waiting overlaps), disk (inline vs async-fs writes on a slow disk),
    /// cpu (CPU work on the polling thread vs offloaded), or all three (default: concurrency)
    #[argh(option, arg_name = "NAME", default = "Lesson::default()")]
    pub lesson: Lesson,

    /// for --lesson disk: every write waits MS milliseconds, like a slow disk (default: 50)
    #[argh(option, arg_name = "MS", default = "50", from_str_fn(parse_knob_millis))]
    pub disk_delay: u64,

    /// for --lesson cpu: MS milliseconds of CPU work per cat (default: 50)
    #[argh(option, arg_name = "MS", default = "50", from_str_fn(parse_knob_millis))]
    pub cpu_per_cat: u64,
}

/// Measure what concurrency costs as it grows: the same job at each N, all in flight, on each executor,
/// every run a fresh catfetch process against the built-in origin; wall time, peak memory, threads,
/// context switches and CPU time. No internet needed.
#[derive(FromArgs, Debug, PartialEq)]
#[argh(subcommand, name = "scale")]
pub struct ScaleArgs {
    /// cats per run, comma-separated; each run has all of them in flight (default: 10,100,1000,10000)
    #[argh(
        option,
        arg_name = "N,N,...",
        default = "Counts(DEFAULT_COUNTS.to_vec())",
        from_str_fn(parse_counts)
    )]
    pub counts: Counts,

    /// executors to measure, comma-separated (default: smol, threads, and tokio when built in)
    #[argh(option, arg_name = "NAMES", from_str_fn(parse_executors))]
    pub executors: Option<Executors>,

    /// most downloads in flight (default: all of a run's cats, as far as the open-file limit allows)
    #[argh(option, short = 'j', arg_name = "N", from_str_fn(parse_jobs))]
    pub jobs: Option<usize>,

    /// milliseconds the origin waits before each answer (default: 200)
    #[argh(option, arg_name = "MS", default = "DEFAULT_LATENCY_MS", from_str_fn(parse_millis))]
    pub latency: u64,

    /// seconds a run may take; past it, it is killed and its row says so (default: 60)
    #[argh(option, arg_name = "SECS", default = "DEFAULT_TIME_LIMIT_SECS", from_str_fn(parse_time_limit))]
    pub time_limit: u64,

    /// print the measurements as a JSON array on stdout, and nothing else there
    #[argh(switch)]
    pub json: bool,

    /// also write the report as a self-contained HTML page to FILE
    #[argh(option, arg_name = "FILE")]
    pub html: Option<PathBuf>,
}

/// `--counts`: distinct, ascending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts(pub Vec<usize>);

/// `--filter`'s names, parsed by argh; [`Filter`] adds the custom filter's parameters (`--rgb`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, argh::FromArgValue)]
pub enum FilterName {
    /// Greyscale.
    Mono,
    /// Negative.
    Negate,
    /// Tint and modulate.
    Custom,
}

/// `--executors`: distinct, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Executors(pub Vec<ExecutorKind>);

/// What the user sees besides the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// `--json`: the report on stdout.
    pub json: bool,
    /// `--quiet`: no progress bar, no summary.
    pub quiet: bool,
    /// `--verbose`: a line per retry, redirect and saved file.
    pub verbose: bool,
    /// `--timeline`: the chart after the run.
    pub timeline: bool,
    /// `--trace FILE`: the Chrome trace.
    pub trace: Option<PathBuf>,
    /// `--html FILE`: the run's page.
    pub html: Option<PathBuf>,
    /// `--stall-ms`: on the timeline, in the trace and on the page, a poll longer than this is a stall.
    pub stall: Duration,
}

impl Default for Output {
    fn default() -> Output {
        Output {
            json: false,
            quiet: false,
            verbose: false,
            timeline: false,
            trace: None,
            html: None,
            stall: DEFAULT_STALL,
        }
    }
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Invocation {
    /// Download cats (the main job). Boxed: it is much larger than the others.
    Fetch(Box<Cli>),
    /// `catfetch serve`.
    Serve(ServeArgs),
    /// `catfetch compare`.
    Compare(CompareArgs),
    /// `catfetch scale`.
    Scale(ScaleArgs),
}

/// A parsed and validated download command line.
#[derive(Debug)]
pub struct Cli {
    /// What to download (with `demo`, `config.url` is replaced by the local origin's).
    pub config: Config,
    /// `--demo`: start the built-in origin and download from it.
    pub demo: bool,
    /// Who polls the downloads.
    pub executor: ExecutorKind,
    /// How to show it.
    pub output: Output,
}

/// The command line asked to stop before running: help, version, or a usage error.
#[derive(Debug, PartialEq, Eq)]
pub enum Exit {
    /// `--help`: print this on stdout, exit 0.
    Help(String),
    /// `--version`: print this on stdout, exit 0.
    Version(String),
    /// A usage error: print this one line on stderr, exit 2.
    Usage(String),
}

/// Parses `args` (without the program name).
pub fn parse(args: &[&str]) -> Result<Invocation, Exit> {
    let mut args = Args::from_args(&["catfetch"], args).map_err(|early| match early.status {
        Ok(()) => Exit::Help(early.output),
        Err(()) => Exit::Usage(one_line(&early.output)),
    })?;
    if args.version {
        return Err(Exit::Version(format!("catfetch {}", env!("CARGO_PKG_VERSION"))));
    }
    match args.command.take() {
        Some(Command::Serve(serve)) => Ok(Invocation::Serve(serve)),
        Some(Command::Compare(compare)) => Ok(Invocation::Compare(compare)),
        Some(Command::Scale(scale)) => Ok(Invocation::Scale(scale)),
        None => fetch(args).map(|cli| Invocation::Fetch(Box::new(cli))),
    }
}

/// The download options, validated.
fn fetch(args: Args) -> Result<Cli, Exit> {
    if args.demo && args.url.is_some() {
        return Err(Exit::Usage("--demo downloads from its own local origin: drop --url".into()));
    }
    if args.quiet && args.verbose {
        return Err(Exit::Usage("--quiet and --verbose cannot be used together".into()));
    }
    if args.out.as_os_str().is_empty() {
        // The files would land in the current directory while the summary said "into /": say which.
        return Err(Exit::Usage(
            "--out: the directory name is empty (for the current directory, use --out .)".into(),
        ));
    }
    let executor = match args.threads {
        None => args.executor,
        Some(threads) => args.executor.with_threads(threads).ok_or_else(|| {
            let kind = args.executor;
            let why = match kind {
                ExecutorKind::Threads => "which starts a thread per download in flight, up to --jobs",
                _ => "which polls on one thread",
            };
            Exit::Usage(format!("--threads applies to --executor smol and tokio, not {kind} ({why})"))
        })?,
    };
    if args.stall_ms.is_some() && !args.timeline && args.trace.is_none() && args.html.is_none() {
        return Err(Exit::Usage(
            "--stall-ms applies to --timeline, --trace and --html: add one of them".into(),
        ));
    }
    if args.cpu_offload && args.cpu_per_cat == 0 {
        return Err(Exit::Usage(
            "--cpu-offload moves --cpu-per-cat's work: give --cpu-per-cat MS too".into(),
        ));
    }
    let cat = cat_options(&args).map_err(Exit::Usage)?;
    let url = match args.url.as_deref() {
        // The message does not repeat the URL: it may hold a password.
        Some(url) => parse_url(url).map_err(|e| Exit::Usage(format!("--url: {e}")))?,
        None => default_url(),
    };
    let config = Config {
        url,
        cat,
        count: args.count,
        out_dir: args.out,
        jobs: args.jobs,
        timeout: args.timeout,
        retries: args.retries,
        max_size: args.max_size,
        keep_going: args.keep_going,
        skip_existing: args.skip_existing,
        fsync: args.fsync,
        writes: args.writes,
        disk_delay: Duration::from_millis(args.disk_delay),
        cpu_per_cat: Duration::from_millis(args.cpu_per_cat),
        cpu_offload: args.cpu_offload,
        resolve: args.resolve,
        connections: Connections::Inline,
    };
    let output = Output {
        json: args.json,
        quiet: args.quiet,
        verbose: args.verbose,
        timeline: args.timeline,
        trace: args.trace,
        html: args.html,
        stall: args.stall_ms.unwrap_or(DEFAULT_STALL),
    };
    Ok(Cli { config, demo: args.demo, executor, output })
}

/// The cataas options, checked: tags split and non-empty, custom-filter parameters only with
/// `--filter custom`.
fn cat_options(args: &Args) -> Result<CatOptions, String> {
    let mut tags = Vec::new();
    if let Some(list) = &args.tag {
        for tag in list.split(',').map(str::trim) {
            if tag.is_empty() {
                return Err(format!(
                    "--tag {list:?}: empty tag (use comma-separated tags, e.g. cute,orange)"
                ));
            }
            tags.push(tag.to_owned());
        }
    }
    if args.gif && !tags.iter().any(|t| t == "gif") {
        tags.push("gif".into());
    }
    if args.says.as_deref().is_some_and(|text| text.trim().is_empty()) {
        return Err("--says: the caption is empty".into());
    }
    let custom_given = [
        ("--rgb", args.rgb.is_some()),
        ("--brightness", args.brightness.is_some()),
        ("--saturation", args.saturation.is_some()),
        ("--hue", args.hue.is_some()),
        ("--lightness", args.lightness.is_some()),
    ];
    let filter = match args.filter {
        None => None,
        Some(FilterName::Mono) => Some(Filter::Mono),
        Some(FilterName::Negate) => Some(Filter::Negate),
        Some(FilterName::Custom) => Some(Filter::Custom {
            rgb: args.rgb,
            brightness: args.brightness,
            saturation: args.saturation,
            hue: args.hue,
            lightness: args.lightness,
        }),
    };
    if !matches!(filter, Some(Filter::Custom { .. })) {
        if let Some((flag, _)) = custom_given.iter().find(|(_, given)| *given) {
            return Err(format!("{flag} applies to --filter custom only"));
        }
    }
    for (flag, value) in [("--brightness", args.brightness), ("--saturation", args.saturation)] {
        if value.is_some_and(|v| !v.is_finite() || v < 0.0) {
            return Err(format!("{flag} must be a number from 0 (e.g. 1.5)"));
        }
    }
    Ok(CatOptions {
        tags,
        says: args.says.clone(),
        width: args.width,
        height: args.height,
        size: args.size,
        filter,
        unique: args.unique,
    })
}

fn parse_millis(value: &str) -> Result<u64, String> {
    parse_bounded(value, 0, 60_000).map(|n| n as u64)
}

/// `10,100,1000`: each a count of cats, in any order; repeats are dropped.
fn parse_counts(value: &str) -> Result<Counts, String> {
    let mut counts = Vec::new();
    for item in value.split(',').map(str::trim) {
        if item.is_empty() {
            return Err("an empty count (use comma-separated numbers, e.g. 10,100,1000)".into());
        }
        counts.push(parse_count(item).map_err(|e| format!("{item:?}: {e}"))?);
    }
    counts.sort_unstable();
    counts.dedup();
    Ok(Counts(counts))
}

/// `smol,local`: executor names; repeats are dropped.
fn parse_executors(value: &str) -> Result<Executors, String> {
    let mut executors: Vec<ExecutorKind> = Vec::new();
    for item in value.split(',').map(str::trim) {
        let kind = item.parse()?;
        if !executors.contains(&kind) {
            executors.push(kind);
        }
    }
    Ok(Executors(executors))
}

fn parse_time_limit(value: &str) -> Result<u64, String> {
    parse_bounded(value, 1, 3_600).map(|n| n as u64)
}

/// A stall threshold: at least a millisecond (shorter, ordinary polls would count), at most a minute.
fn parse_stall(value: &str) -> Result<Duration, String> {
    parse_bounded(value, 1, 60_000).map(|ms| Duration::from_millis(ms as u64))
}

/// The teaching knobs' milliseconds: up to [`MAX_KNOB_MILLIS`].
fn parse_knob_millis(value: &str) -> Result<u64, String> {
    parse_bounded(value, 0, MAX_KNOB_MILLIS as usize).map(|n| n as u64)
}

fn parse_rate(value: &str) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err("must be a number from 0 to 1 (e.g. 0.2)".into()),
    }
}

fn parse_pixels(value: &str) -> Result<u32, String> {
    parse_bounded(value, 1, 10_000).map(|n| n as u32)
}

fn parse_rgb(value: &str) -> Result<[u8; 3], String> {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    let [r, g, b] = parts[..] else { return Err("use R,G,B (e.g. 255,128,0)".into()) };
    let channel = |c: &str| c.parse::<u8>().map_err(|_| format!("{c:?} is not 0-255"));
    Ok([channel(r)?, channel(g)?, channel(b)?])
}

/// argh's messages can span lines and name a short flag as typed (`'-n'`); a usage error is one line
/// that always names the long option.
fn one_line(message: &str) -> String {
    let lines: Vec<&str> = message.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut line = lines.join(" ");
    for (short, long) in [("-n", "--count"), ("-o", "--out"), ("-j", "--jobs")] {
        line = line.replace(&format!("'{short}'"), &format!("'{short}' ({long})"));
    }
    format!("{line} (see catfetch --help)")
}

fn default_url() -> Url {
    Url::parse(DEFAULT_URL).expect("the default URL is valid")
}

/// The most cats one run accepts: beyond this, a typo (an extra zero or three) is likelier than intent.
pub const MAX_COUNT: usize = 1_000_000;
/// The most downloads in flight: the core's limit (`catfetch_core::MAX_JOBS`).
pub use catfetch_core::MAX_JOBS;
/// The most executor threads.
pub const MAX_THREADS: usize = 1024;
/// The most retries.
pub const MAX_RETRIES: u32 = 100;
/// The longest timeout: a day.
pub const MAX_TIMEOUT_SECS: f64 = 86_400.0;
/// The most milliseconds a teaching knob (`--disk-delay`, `--cpu-per-cat`) adds per write or per cat.
pub const MAX_KNOB_MILLIS: u64 = 10_000;

fn parse_count(value: &str) -> Result<usize, String> {
    parse_bounded(value, 1, MAX_COUNT)
}

fn parse_pinned(value: &str) -> Result<Pinned, String> {
    value.parse()
}

fn parse_jobs(value: &str) -> Result<usize, String> {
    parse_bounded(value, 1, MAX_JOBS)
}

fn parse_threads(value: &str) -> Result<usize, String> {
    parse_bounded(value, 1, MAX_THREADS)
}

fn parse_retries(value: &str) -> Result<u32, String> {
    parse_bounded(value, 0, MAX_RETRIES as usize).map(|n| n as u32)
}

fn parse_bounded(value: &str, min: usize, max: usize) -> Result<usize, String> {
    let n: usize = value.trim().parse().map_err(|_| "not a whole number".to_owned())?;
    if n < min {
        return Err(format!("must be at least {min}"));
    }
    if n > max {
        return Err(format!("must be at most {max}"));
    }
    Ok(n)
}

fn parse_timeout(value: &str) -> Result<Duration, String> {
    let secs: f64 = value.trim().parse().map_err(|_| "not a number of seconds".to_owned())?;
    if secs.is_nan() || secs <= 0.0 {
        return Err("must be more than 0 seconds".into());
    }
    if secs > MAX_TIMEOUT_SECS {
        return Err(format!("must be at most {MAX_TIMEOUT_SECS} seconds (a day)"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// `1048576`, `512K`, `50M`, `1G` (binary multiples; `KiB`/`MiB`/`GiB` and a trailing `B` also accepted).
fn parse_size(value: &str) -> Result<u64, String> {
    let value = value.trim();
    let split = value.find(|c: char| !c.is_ascii_digit()).unwrap_or(value.len());
    let (digits, unit) = value.split_at(split);
    let n: u64 = digits.parse().map_err(|_| "not a size (e.g. 1048576, 512K, 50M)".to_owned())?;
    let multiplier: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return Err(format!("unknown unit {unit:?} (use K, M or G)")),
    };
    let bytes = n.checked_mul(multiplier).ok_or("too large")?;
    if bytes == 0 {
        return Err("must be at least 1 byte".into());
    }
    Ok(bytes)
}

fn parse_url(value: &str) -> Result<Url, String> {
    // surf's `Client::get(&str)` would panic on a bad URL; parsing it here, once, makes that impossible.
    let url = Url::parse(value).map_err(|e| format!("not a valid URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("unsupported scheme {:?} (use http or https)", url.scheme()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".into());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses a download command line (no subcommand).
    fn parse(args: &[&str]) -> Result<Cli, Exit> {
        match super::parse(args)? {
            Invocation::Fetch(cli) => Ok(*cli),
            other => panic!("expected a download, got {other:?}"),
        }
    }

    fn usage(args: &[&str]) -> String {
        match parse(args) {
            Err(Exit::Usage(message)) => message,
            other => panic!("expected a usage error for {args:?}, got {other:?}"),
        }
    }

    #[test]
    fn no_arguments_means_the_lesson_ten_cats_from_cataas_into_cats() {
        let cli = parse(&[]).unwrap();
        let c = cli.config;
        assert_eq!(c.url.as_str(), "https://cataas.com/cat");
        assert_eq!((c.count, c.jobs, c.retries), (10, 10, 3));
        assert_eq!(c.out_dir, PathBuf::from("cats"));
        assert_eq!(c.timeout, Duration::from_secs(15));
        assert_eq!(c.max_size, 50 * 1024 * 1024);
        assert!(!c.keep_going && !c.skip_existing && !c.fsync);
        assert_eq!(c.writes, Writes::AsyncFs);
        assert_eq!((c.disk_delay, c.cpu_per_cat, c.cpu_offload), (Duration::ZERO, Duration::ZERO, false));
        assert_eq!(cli.output, Output::default());
    }

    #[test]
    fn writes_and_the_teaching_knobs_are_checked() {
        assert_eq!(parse(&["--writes", "inline"]).unwrap().config.writes, Writes::Inline);
        assert_eq!(parse(&["--writes", "async-fs"]).unwrap().config.writes, Writes::AsyncFs);
        let c = parse(&["--disk-delay", "20", "--cpu-per-cat", "5", "--cpu-offload"]).unwrap().config;
        assert_eq!((c.disk_delay, c.cpu_per_cat), (Duration::from_millis(20), Duration::from_millis(5)));
        assert!(c.cpu_offload);
        assert!(usage(&["--writes", "mmap"]).contains(r#"expected "async-fs" or "inline""#));
        assert!(usage(&["--disk-delay", "-1"]).contains("--disk-delay"));
        assert!(usage(&["--disk-delay", "10001"]).contains("must be at most 10000"));
        assert!(usage(&["--cpu-per-cat", "soon"]).contains("--cpu-per-cat"));
        assert!(usage(&["--cpu-offload"]).contains("give --cpu-per-cat MS too"));
        assert!(usage(&["--cpu-per-cat", "0", "--cpu-offload"]).contains("--cpu-per-cat"));
    }

    #[test]
    fn every_option_has_its_long_and_short_form() {
        let cli = parse(&[
            "-n",
            "3",
            "-o",
            "out",
            "-j",
            "2",
            "--url",
            "http://127.0.0.1:8000/cat",
            "--timeout",
            "0.5",
            "--retries",
            "0",
            "--max-size",
            "2M",
            "--keep-going",
            "--skip-existing",
            "--fsync",
            "--json",
            "-q",
        ])
        .unwrap();
        let c = cli.config;
        assert_eq!((c.count, c.jobs, c.retries), (3, 2, 0));
        assert_eq!(c.out_dir, PathBuf::from("out"));
        assert_eq!(c.url.as_str(), "http://127.0.0.1:8000/cat");
        assert_eq!(c.timeout, Duration::from_millis(500));
        assert_eq!(c.max_size, 2 * 1024 * 1024);
        assert!(c.keep_going && c.skip_existing && c.fsync);
        assert_eq!(cli.output, Output { json: true, quiet: true, ..Output::default() });
        let long = parse(&["--count", "4", "--out", "x", "--jobs", "1", "--verbose"]).unwrap();
        assert_eq!((long.config.count, long.config.jobs), (4, 1));
        assert!(long.output.verbose);
    }

    #[test]
    fn the_url_is_used_exactly_as_given() {
        let cli = parse(&["--url", "https://example.test/cat/cute?width=300&x=a%20b"]).unwrap();
        assert_eq!(cli.config.url.as_str(), "https://example.test/cat/cute?width=300&x=a%20b");
    }

    #[test]
    fn bad_numbers_name_their_option() {
        assert!(usage(&["-n", "abc"]).contains("--count"));
        assert!(usage(&["-n", "0"]).contains("must be at least 1"));
        assert!(usage(&["-n", "99999999"]).contains("must be at most 1000000"));
        assert!(usage(&["--jobs", "0"]).contains("--jobs"));
        assert!(usage(&["-j", "-3"]).contains("--jobs"));
        assert!(usage(&["--timeout", "0"]).contains("--timeout"));
        assert!(usage(&["--timeout", "NaN"]).contains("--timeout"));
        assert!(usage(&["--timeout", "1e9"]).contains("at most"));
        assert!(usage(&["--retries", "many"]).contains("--retries"));
        assert!(usage(&["--max-size", "0"]).contains("--max-size"));
        assert!(usage(&["--max-size", "5T"]).contains("unknown unit"));
        assert!(usage(&["--max-size", "99999999999G"]).contains("too large"));
    }

    #[test]
    fn an_empty_output_directory_is_a_usage_error_but_a_blank_one_is_a_name() {
        assert!(usage(&["--out", ""]).contains("use --out ."));
        // " " is a legal directory name: used as given.
        assert_eq!(parse(&["--out", " "]).unwrap().config.out_dir, PathBuf::from(" "));
    }

    #[test]
    fn bad_urls_and_schemes_are_usage_errors() {
        assert!(usage(&["--url", "not a url"]).contains("--url"));
        assert!(usage(&["--url", "ftp://example.test/cat"]).contains("unsupported scheme \"ftp\""));
        assert!(usage(&["--url", "file:///etc/passwd"]).contains("unsupported scheme"));
        assert!(usage(&["--url", "cataas.com/cat"]).contains("--url"));
    }

    #[test]
    fn unknown_and_conflicting_flags_are_usage_errors() {
        assert!(usage(&["--frobnicate"]).contains("--frobnicate"));
        assert!(usage(&["-q", "-v"]).contains("--quiet and --verbose"));
        assert!(usage(&["-n"]).contains("--count"));
        assert!(!usage(&["--nope"]).contains('\n'), "usage errors are one line");
    }

    #[test]
    fn the_executor_is_smol_on_every_core_unless_chosen() {
        let cores = catfetch_lab::executors::default_threads();
        assert_eq!(parse(&[]).unwrap().executor, ExecutorKind::Smol { threads: cores });
        assert_eq!(parse(&["--threads", "3"]).unwrap().executor, ExecutorKind::Smol { threads: 3 });
        assert_eq!(parse(&["--executor", "local"]).unwrap().executor, ExecutorKind::Local);
        assert_eq!(parse(&["--executor", "join"]).unwrap().executor, ExecutorKind::Join);
        let sequential = parse(&["--executor", "sequential"]).unwrap();
        assert_eq!(sequential.executor, ExecutorKind::Sequential);
        assert_eq!(parse(&["--executor", "threads"]).unwrap().executor, ExecutorKind::Threads);
        assert!(usage(&["--executor", "fibers"]).contains("unknown executor"));
        assert!(usage(&["--threads", "0"]).contains("--threads"));
    }

    #[test]
    fn threads_sets_the_smol_or_tokio_thread_count_and_is_refused_elsewhere() {
        if cfg!(feature = "tokio") {
            let tokio = parse(&["--executor", "tokio", "--threads", "3"]).unwrap();
            assert_eq!(tokio.executor, ExecutorKind::Tokio { threads: 3 });
            let cores = catfetch_lab::executors::default_threads();
            assert_eq!(
                parse(&["--executor", "tokio"]).unwrap().executor,
                ExecutorKind::Tokio { threads: cores }
            );
            let current = parse(&["--executor", "tokio-current"]).unwrap();
            assert_eq!(current.executor, ExecutorKind::TokioCurrent);
        } else {
            assert!(usage(&["--executor", "tokio"]).contains("tokio needs the tokio feature"));
        }
        for executor in ["local", "join", "sequential", "tokio-current", "threads"] {
            if executor == "tokio-current" && !cfg!(feature = "tokio") {
                continue;
            }
            let message = usage(&["--executor", executor, "--threads", "2"]);
            let expected = format!("--threads applies to --executor smol and tokio, not {executor} (which ");
            assert!(message.contains(&expected), "{message}");
        }
    }

    #[test]
    fn timeline_and_trace_are_output_options() {
        let cli = parse(&["--timeline", "--trace", "t.json"]).unwrap();
        assert!(cli.output.timeline);
        assert_eq!(cli.output.trace, Some(PathBuf::from("t.json")));
    }

    #[test]
    fn cataas_options_are_collected_and_checked() {
        let cli =
            parse(&["--tag", "cute, orange", "--says", "hi", "--width", "300", "--type", "square", "--gif"])
                .unwrap();
        let cat = cli.config.cat;
        assert_eq!(cat.tags, ["cute", "orange", "gif"]);
        assert_eq!(cat.says.as_deref(), Some("hi"));
        assert_eq!((cat.width, cat.size), (Some(300), Some(Size::Square)));
        assert!(parse(&[]).unwrap().config.cat.is_empty());
        let custom = parse(&["--filter", "custom", "--rgb", "255,0,10", "--hue", "90"]).unwrap().config.cat;
        assert!(matches!(custom.filter, Some(Filter::Custom { rgb: Some([255, 0, 10]), hue: Some(90), .. })));
        assert!(usage(&["--tag", "cute,,orange"]).contains("empty tag"));
        assert!(usage(&["--says", " "]).contains("--says"));
        assert!(usage(&["--filter", "sepia"]).contains(r#"expected "mono", "negate" or "custom""#));
        assert!(usage(&["--rgb", "1,2,3"]).contains("--rgb applies to --filter custom only"));
        assert!(usage(&["--filter", "custom", "--rgb", "1,2"]).contains("--rgb"));
        assert!(usage(&["--filter", "custom", "--rgb", "1,2,300"]).contains("not 0-255"));
        assert!(usage(&["--width", "0"]).contains("--width"));
        assert!(usage(&["--type", "huge"]).contains("--type"));
        assert!(usage(&["--filter", "custom", "--brightness", "-1"]).contains("--brightness"));
    }

    #[test]
    fn serve_and_compare_are_subcommands_with_their_own_options() {
        match super::parse(&["serve", "--port", "0", "--latency", "200", "--fail-rate", "0.5", "-q"]).unwrap()
        {
            Invocation::Serve(serve) => {
                assert_eq!((serve.port, serve.latency, serve.fail_rate, serve.quiet), (0, 200, 0.5, true));
                assert_eq!(serve.bind, IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
            }
            other => panic!("{other:?}"),
        }
        match super::parse(&["compare", "-n", "5"]).unwrap() {
            Invocation::Compare(compare) => assert_eq!((compare.count, compare.latency), (5, 200)),
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(super::parse(&["serve", "--fail-rate", "2"]), Err(Exit::Usage(m)) if m.contains("--fail-rate"))
        );
        assert!(
            matches!(super::parse(&["serve", "--latency", "100000"]), Err(Exit::Usage(m)) if m.contains("--latency"))
        );
    }

    #[test]
    fn scale_takes_lists_of_counts_and_executors() {
        let scale = |args: &[&str]| match super::parse(&[&["scale"], args].concat()) {
            Ok(Invocation::Scale(scale)) => Ok(scale),
            Ok(other) => panic!("{other:?}"),
            Err(Exit::Usage(message)) => Err(message),
            Err(other) => panic!("{other:?}"),
        };
        let defaults = scale(&[]).unwrap();
        assert_eq!(defaults.counts, Counts(vec![10, 100, 1_000, 10_000]));
        assert_eq!(
            (defaults.executors, defaults.jobs, defaults.latency, defaults.time_limit),
            (None, None, 200, 60)
        );
        let given =
            scale(&["--counts", "1000, 10,100,10", "--executors", "local,smol,local", "-j", "50"]).unwrap();
        assert_eq!(given.counts, Counts(vec![10, 100, 1_000]));
        assert_eq!(given.executors, Some(Executors(vec![ExecutorKind::Local, ExecutorKind::default()])));
        assert_eq!(given.jobs, Some(50));
        assert!(scale(&["--counts", "10,,100"]).unwrap_err().contains("an empty count"));
        assert!(scale(&["--counts", "10,x"]).unwrap_err().contains("\"x\": not a whole number"));
        assert!(scale(&["--counts", "0"]).unwrap_err().contains("at least 1"));
        assert!(scale(&["--executors", "smol,nope"]).unwrap_err().contains("unknown executor \"nope\""));
        assert!(scale(&["--time-limit", "0"]).unwrap_err().contains("--time-limit"));
    }

    #[test]
    fn demo_replaces_the_url_and_cannot_be_combined_with_one() {
        assert!(parse(&["--demo"]).unwrap().demo);
        assert!(usage(&["--demo", "--url", "http://x/cat"]).contains("drop --url"));
    }

    #[test]
    fn sizes_accept_binary_suffixes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("50m"), Ok(50 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("7B"), Ok(7));
    }

    #[test]
    fn help_and_version_exit_successfully() {
        // (tests/cli.rs checks that the real binary's --help documents every option.)
        assert!(matches!(super::parse(&["--help"]), Err(Exit::Help(text)) if text.contains("(default: 10)")));
        assert!(
            matches!(super::parse(&["serve", "--help"]), Err(Exit::Help(text)) if text.contains("--latency"))
        );
        let version = format!("catfetch {}", env!("CARGO_PKG_VERSION"));
        assert_eq!(super::parse(&["--version"]).unwrap_err(), Exit::Version(version));
    }

    /// The `(default: ...)` that `help` shows for `option`: its entry runs from the line that names it to
    /// the next option's line (descriptions wrap).
    fn default_shown(help: &str, option: &str) -> String {
        let mut lines = help.lines().skip_while(|line| !line.trim_start().starts_with(option));
        let first = lines.next().unwrap_or_else(|| panic!("{option} is not in the help:\n{help}"));
        let rest = lines.take_while(|line| !line.trim_start().starts_with('-'));
        let entry = std::iter::once(first).chain(rest).map(str::trim).collect::<Vec<_>>().join(" ");
        let (_, default) = entry.split_once("(default: ").unwrap_or_else(|| panic!("no default: {entry}"));
        default.split_once(')').expect("a closing parenthesis").0.to_owned()
    }

    fn help(args: &[&str]) -> String {
        match super::parse(args) {
            Err(Exit::Help(text)) => text,
            other => panic!("expected help for {args:?}, got {other:?}"),
        }
    }

    #[test]
    fn help_shows_the_value_of_each_default_constant() {
        // argh wants a literal doc string, so the help text repeats each default by hand: this keeps the
        // two the same.
        let fetch = help(&["--help"]);
        assert_eq!(default_shown(&fetch, "-n, --count"), config::DEFAULT_COUNT.to_string());
        assert_eq!(default_shown(&fetch, "-o, --out"), config::DEFAULT_OUT);
        assert_eq!(default_shown(&fetch, "-j, --jobs"), config::DEFAULT_JOBS.to_string());
        assert_eq!(default_shown(&fetch, "--url"), DEFAULT_URL);
        assert_eq!(default_shown(&fetch, "--timeout"), config::DEFAULT_TIMEOUT.as_secs().to_string());
        assert_eq!(default_shown(&fetch, "--retries"), config::DEFAULT_RETRIES.to_string());
        assert_eq!(config::DEFAULT_MAX_SIZE % (1 << 20), 0, "shown in M");
        assert_eq!(default_shown(&fetch, "--max-size"), format!("{}M", config::DEFAULT_MAX_SIZE >> 20));
        assert_eq!(default_shown(&fetch, "--stall-ms"), DEFAULT_STALL.as_millis().to_string());
        let compare = help(&["compare", "--help"]);
        assert_eq!(default_shown(&compare, "-n, --count"), config::DEFAULT_COUNT.to_string());
        assert_eq!(default_shown(&compare, "--latency"), DEFAULT_LATENCY_MS.to_string());
        assert_eq!(default_shown(&compare, "--stall-ms"), DEFAULT_STALL.as_millis().to_string());
        let scale = help(&["scale", "--help"]);
        let counts: Vec<String> = DEFAULT_COUNTS.iter().map(usize::to_string).collect();
        assert_eq!(default_shown(&scale, "--counts"), counts.join(","));
        assert_eq!(default_shown(&scale, "--latency"), DEFAULT_LATENCY_MS.to_string());
        assert_eq!(default_shown(&scale, "--time-limit"), DEFAULT_TIME_LIMIT_SECS.to_string());
        let serve = help(&["serve", "--help"]);
        assert_eq!(default_shown(&serve, "--port"), catfetch_origin::DEFAULT_BIND.port().to_string());
        assert_eq!(default_shown(&serve, "--bind"), catfetch_origin::DEFAULT_BIND.ip().to_string());
        assert!(fetch.contains(&format!("{DEFAULT_LATENCY_MS} ms latency")), "--demo's latency");
    }
}
