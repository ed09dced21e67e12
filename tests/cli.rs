//! The command line as a user meets it: help, version, and usage errors that exit 2 with one line naming
//! the problem, before any request is sent or any file is touched.

use crate::support::{catfetch, jpeg, Answer, Origin, Route};

#[test]
fn help_documents_every_option_and_exits_0() {
    let run = catfetch().arg("--help").run();
    run.assert_code(0);
    for option in [
        "--count",
        "--out",
        "--jobs",
        "--url",
        "--demo",
        "--timeout",
        "--retries",
        "--max-size",
        "--keep-going",
        "--skip-existing",
        "--fsync",
        "--json",
        "--quiet",
        "--verbose",
        "--executor",
        "--threads",
        "--writes",
        "--disk-delay",
        "--cpu-per-cat",
        "--cpu-offload",
        "--timeline",
        "--trace",
        "--stall-ms",
        "--tag",
        "--says",
        "--width",
        "--height",
        "--type",
        "--filter",
        "--rgb",
        "--gif",
        "--unique",
        "--version",
        "serve",
        "compare",
    ] {
        assert!(run.stdout.contains(option), "--help lacks {option}:\n{run}");
    }
    assert!(run.stdout.contains("(default: 10)"), "{run}");
    // The knobs that make trouble on purpose say so.
    for knob in ["--disk-delay", "--cpu-per-cat", "--cpu-offload"] {
        let line = run.stdout.lines().find(|l| l.trim_start().starts_with(knob)).unwrap();
        assert!(line.contains("teaching knob"), "{knob}: {line}");
    }
}

#[test]
fn version_prints_the_crate_version() {
    let run = catfetch().arg("--version").run();
    run.assert_code(0);
    assert_eq!(run.stdout.trim(), format!("catfetch {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2_with_one_line_naming_the_option() {
    for (args, needle) in [
        (vec!["--jobs", "0"], "--jobs"),
        (vec!["-n", "zero"], "--count"),
        (vec!["-n", "0"], "must be at least 1"),
        (vec!["--timeout", "-1"], "--timeout"),
        (vec!["--url", "ftp://example.test/cat"], "unsupported scheme \"ftp\""),
        (vec!["--url", "http//oops"], "--url"),
        (vec!["--max-size", "lots"], "--max-size"),
        (vec!["--quiet", "--verbose"], "--quiet and --verbose"),
        (vec!["--bogus"], "--bogus"),
        (vec!["--out", ""], "--out: the directory name is empty (for the current directory, use --out .)"),
        (vec!["--stall-ms", "20"], "--stall-ms applies to --timeline, --trace and --html"),
        (vec!["--timeline", "--stall-ms", "0"], "--stall-ms"),
    ] {
        let run = catfetch().args(&args).run();
        run.assert_code(2);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {run}");
        assert!(run.stderr.starts_with("catfetch: "), "{run}");
        assert!(run.stderr.contains(needle), "{args:?} should mention {needle:?}: {run}");
        assert!(run.files("").is_empty(), "nothing is created on a usage error: {run}");
    }
}

#[test]
fn an_output_path_that_is_a_file_is_a_usage_error_before_any_request() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(100)))]);
    let cmd = catfetch();
    std::fs::write(cmd.dir().join("taken"), b"a file").unwrap();
    let run = cmd.args(["--url", &origin.url("/cat"), "-o", "taken"]).run();
    run.assert_code(2);
    assert!(run.stderr.contains("--out taken: exists and is not a directory"), "{run}");
    assert_eq!(origin.hits("/cat"), 0);
    assert_eq!(run.read("taken"), b"a file");
}

#[test]
fn an_output_directory_inside_a_file_is_a_usage_error() {
    let cmd = catfetch();
    std::fs::write(cmd.dir().join("file"), b"x").unwrap();
    let run = cmd.args(["--url", "http://127.0.0.1:9/cat", "-o", "file/cats"]).run();
    run.assert_code(2);
    assert!(run.stderr.contains("--out file/cats"), "{run}");
}

#[test]
fn the_output_directory_is_created_with_its_parents() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(100)))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "-o", "a/b/c"]).run();
    run.assert_code(0);
    assert_eq!(run.files("a/b/c"), ["0.jpg"]);
}

#[test]
fn out_dot_saves_into_the_current_directory_and_the_summary_says_so() {
    let origin = Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(100)))]);
    let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", "-o", "."]).run();
    run.assert_code(0);
    assert_eq!(run.files(""), ["0.jpg"]);
    assert_eq!(run.read("0.jpg"), jpeg(100));
    assert!(run.stderr.contains(") into ./"), "{run}");
}
