//! Every console block of the README and docs/ is what catfetch prints today.
//!
//! A block is a ` ```console ` fence: `$ command` lines, each followed by what it prints (stdout and stderr
//! as a terminal shows them, in order). Each block runs in a fresh directory, its commands one after another
//! through `sh`, with `catfetch` on the `PATH` being this build. `catfetch serve` keeps running in the
//! background until the block ends (then Ctrl-C); later commands reach it at the address it printed where
//! the block says `127.0.0.1:8000`. `$ cargo run -q --release --example NAME` runs the example built beside
//! that catfetch (`cargo test` builds the examples).
//!
//! What varies from run to run is left out of the comparison ([`normalize`]): numbers, the bars of a chart,
//! lists of thread names, the unit of a size, the model's percentage verdict, alignment spaces, and lines a
//! busy machine adds (preempted polls, other processes' CPU). A line `...` stands for any lines.
//!
//! To rewrite the blocks with what the program prints now: `CATFETCH_BLESS=1 cargo test console` (or
//! `CATFETCH_BLESS=docs/LESSON.md` for one file), with
//! `CATFETCH_BIN=target/release/catfetch` to show a release build's numbers. Then trim long outputs by hand
//! with `...` lines.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The files whose console blocks are checked.
const DOCS: [&str; 4] = ["README.md", "docs/LAB.md", "docs/CLASSROOM.md", "docs/LESSON.md"];

/// The longest a command may run.
const COMMAND_LIMIT: Duration = Duration::from_secs(300);

#[test]
fn every_console_block_in_the_docs_is_what_catfetch_prints_today() {
    // `CATFETCH_BLESS=1`: every file; `CATFETCH_BLESS=docs/LESSON.md`: that one.
    let bless = std::env::var("CATFETCH_BLESS").ok();
    let blessed = |doc: &str| bless.as_deref().is_some_and(|which| which == "1" || which == doc);
    let mut failures = Vec::new();
    let mut checked = 0;
    for doc in DOCS {
        let path = root().join(doc);
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let blocks = blocks(&text);
        let mut rewritten = text.clone();
        for block in blocks.iter().rev() {
            let outputs = run_block(block);
            checked += 1;
            if blessed(doc) {
                rewritten = bless_block(&rewritten, block, &outputs);
                continue;
            }
            for (command, actual) in block.commands.iter().zip(&outputs) {
                // Written for a projector.
                if let Some(wide) = actual.lines().find(|line| line.chars().count() > 100) {
                    failures.push(format!(
                        "{doc}:{}: `$ {}` printed a line over 100 columns: {wide}",
                        block.line, command.line
                    ));
                }
                if let Err(why) = matches(&command.expected, actual) {
                    failures.push(format!(
                        "{doc}:{}: `$ {}`: {why}\n--- printed:\n{actual}",
                        block.line, command.line
                    ));
                }
            }
        }
        if blessed(doc) && rewritten != text {
            std::fs::write(&path, rewritten).unwrap();
        }
    }
    assert!(checked >= 8, "only {checked} console blocks found");
    assert!(failures.is_empty(), "{} console blocks differ:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn a_console_block_changed_by_hand_no_longer_matches() {
    let printed = "Saved 10 cats (670.03 KiB) in 0.20 s (3.2 MiB/s) into cats/\n";
    let same_but_other_numbers = lines("Saved 9 cats (1.1 MiB) in 1.20 s (990 KiB/s) into cats/");
    assert_eq!(matches(&same_but_other_numbers, printed), Ok(()));
    for edited in [
        "Saved 10 cats (670.03 KiB) in 0.20 s (3.2 MiB/s) into kittens/",
        "Stored 10 cats (670.03 KiB) in 0.20 s (3.2 MiB/s) into cats/",
        "Saved 10 cats (670.03 KiB) in 0.20 s into cats/",
    ] {
        assert!(matches(&lines(edited), printed).is_err(), "{edited}");
    }
    assert!(matches(&lines("Saved 10 cats (670.03 KiB) in 0.20 s (3.2 MiB/s) into cats/\nmore"), printed)
        .is_err());
}

#[test]
fn the_comparison_leaves_out_only_what_varies() {
    let pairs = [
        ("cat 0 |░░░░░█████   | 58.70 KiB  main", "cat 0 |░░░░░░░░██| 1.1 MiB  smol-1, main"),
        ("smol   2 threads (main, smol-1)  0.20 s", "smol 2 threads (smol-1, main) 0.21 s"),
        ("local  inline writes  as predicted (+1%)", "local inline writes ! +40% off the model"),
    ];
    for (doc, printed) in pairs {
        assert_eq!(normalize(doc), normalize(printed), "{doc} / {printed}");
    }
    assert_ne!(normalize("no stall: none"), normalize("3 stalls on main"));
    assert_eq!(normalize("5 downloads waited"), normalize("1 download waited"));
    assert_eq!(
        normalize("smol  inline writes  2  10, 50 ms  8, 201 ms  x"),
        normalize("smol inline writes 2 none none x")
    );
    // A line of the doc, `...`, stands for any lines; noise a busy machine adds is dropped.
    let printed = "a\nb\n3 polls preempted for up to 12 ms: the machine was busy\n  (another program)\nc\n\
                   join cpu on poller  1 stall on main, longest 12 ms, cause not declared, on the CPU: no\n    \
                   other download waited for the thread: nothing to fix\n";
    assert_eq!(matches(&lines("a\n...\nc"), printed), Ok(()));
    assert_eq!(matches(&lines("a\nb\nc"), printed), Ok(()));
    assert!(matches(&lines("a\nc"), printed).is_err());
    // A watched example's own stalls are what it shows: kept.
    let example = "a\n6 stalls on main, longest 41 ms, cause not declared, blocked in a system call\n";
    assert!(matches(&lines("a"), example).is_err());
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

/// One console block: where it is, and its commands.
struct Block {
    /// The line of its opening fence (1-based).
    line: usize,
    /// The byte range of its body, between the fences.
    body: std::ops::Range<usize>,
    commands: Vec<Shown>,
}

/// A `$ command` and the lines shown under it.
struct Shown {
    line: String,
    expected: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut offset = 0;
    let mut open: Option<(usize, usize, Vec<Shown>)> = None;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches('\n');
        match &mut open {
            None if content == "```console" => open = Some((number + 1, offset + line.len(), Vec::new())),
            Some((start_line, start, commands)) if content == "```" => {
                found.push(Block {
                    line: *start_line,
                    body: *start..offset,
                    commands: std::mem::take(commands),
                });
                open = None;
            }
            Some((_, _, commands)) => match content.strip_prefix("$ ") {
                Some(command) => commands.push(Shown { line: command.to_owned(), expected: Vec::new() }),
                None => match commands.last_mut() {
                    Some(shown) => shown.expected.push(content.to_owned()),
                    None => panic!("a console block must start with `$ command`: {content}"),
                },
            },
            None => {}
        }
        offset += line.len();
    }
    found
}

/// Runs a block's commands in a fresh directory; returns what each printed.
fn run_block(block: &Block) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join(".bin");
    std::fs::create_dir(&bin).unwrap();
    let program = std::env::var_os("CATFETCH_BIN")
        .map(|p| root().join(p))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_catfetch")));
    std::os::unix::fs::symlink(&program, bin.join("catfetch")).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut outputs = vec![String::new(); block.commands.len()];
    let mut server: Option<(usize, Child, PathBuf)> = None;
    let mut address: Option<String> = None;
    for (n, shown) in block.commands.iter().enumerate() {
        let mut line = shown.line.clone();
        if let Some(address) = &address {
            line = line.replace("127.0.0.1:8000", address.as_str());
        }
        // The lesson's examples, as built beside this catfetch (cargo itself would wait for the build lock
        // the running `cargo test` holds).
        if let Some(name) = line.strip_prefix("cargo run -q --release --example ") {
            let examples = program.parent().expect("catfetch's directory").join("examples");
            line = examples.join(name.trim()).display().to_string();
        }
        let log = dir.path().join(format!(".out{n}"));
        let serve = line.trim() == "catfetch serve";
        if serve {
            line.push_str(" --port 0");
        }
        let child = shell(&line, dir.path(), &path, &log);
        if serve {
            let printed = wait_for(&log, "serving cats on http://", Duration::from_secs(60));
            address = printed
                .split("serving cats on http://")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .map(str::to_owned);
            server = Some((n, child, log));
            continue;
        }
        outputs[n] = finish(child, &log, COMMAND_LIMIT);
    }
    if let Some((n, child, log)) = server {
        // SAFETY: kill(2) with a live child's pid and SIGINT only sends a signal.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        outputs[n] = finish(child, &log, Duration::from_secs(30));
    }
    // The server's address as the docs give it.
    match address {
        Some(address) => {
            outputs.into_iter().map(|output| output.replace(&address, "127.0.0.1:8000")).collect()
        }
        None => outputs,
    }
}

/// `line` run by `sh` in `dir`, stdout and stderr both into `log`, in the order they come.
fn shell(line: &str, dir: &Path, path: &str, log: &Path) -> Child {
    let out = std::fs::File::create(log).unwrap();
    let err = out.try_clone().unwrap();
    let mut command = Command::new("sh");
    command.arg("-c").arg(format!("exec {line}")).current_dir(dir).env("PATH", path);
    for var in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"] {
        command.env_remove(var);
    }
    command.stdin(Stdio::null()).stdout(out).stderr(err).spawn().expect("sh")
}

/// Waits (at most `limit`) until `log` contains `text`; returns what it holds.
fn wait_for(log: &Path, text: &str, limit: Duration) -> String {
    let started = Instant::now();
    loop {
        let printed = std::fs::read_to_string(log).unwrap_or_default();
        if printed.contains(text) || started.elapsed() > limit {
            return printed;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits (at most `limit`, then kills it) for `child`; returns what it printed.
fn finish(mut child: Child, log: &Path, limit: Duration) -> String {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::fs::read_to_string(log).unwrap_or_default()
}

/// Does `printed` match the `expected` lines (`...`: any lines), once both are normalized?
fn matches(expected: &[String], printed: &str) -> Result<(), String> {
    let printed = without_noise(printed);
    let actual: Vec<String> = unwrapped(&printed).iter().map(|line| normalize(line)).collect();
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    let expected: Vec<String> = unwrapped(&expected)
        .iter()
        .map(|line| if line.trim() == "..." { "...".into() } else { normalize(line) })
        .collect();
    fn fits(expected: &[String], actual: &[String]) -> bool {
        match expected.split_first() {
            None => actual.is_empty(),
            Some((first, rest)) if first == "..." => {
                (0..=actual.len()).any(|skip| fits(rest, &actual[skip..]))
            }
            Some((first, rest)) => actual.first() == Some(first) && fits(rest, &actual[1..]),
        }
    }
    if fits(&expected, &actual) {
        return Ok(());
    }
    let first_difference = expected.iter().zip(&actual).position(|(e, a)| e != a && e != "...").map_or_else(
        || format!("{} lines expected, {} printed", expected.len(), actual.len()),
        |at| format!("line {} differs: expected {:?}, printed {:?}", at + 1, expected[at], actual[at]),
    );
    Err(first_difference)
}

/// The lines with each one indented deeper than the line before joined to it: where a long line wraps
/// depends on the width of the numbers in it.
fn unwrapped(lines: &[&str]) -> Vec<String> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut out: Vec<(usize, String)> = Vec::new();
    for line in lines {
        match out.last_mut() {
            Some((depth, joined))
                if indent(line) > *depth && line.trim() != "..." && !line.trim().is_empty() =>
            {
                joined.push(' ');
                joined.push_str(line.trim());
            }
            _ => out.push((indent(line), line.to_string())),
        }
    }
    out.into_iter().map(|(_, line)| line).collect()
}

/// `printed`'s lines without what a busy machine adds: preempted polls (with their wrapped lines), the CPU
/// other processes used, and undeclared stalls in a compare row.
fn without_noise(printed: &str) -> Vec<&str> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut kept = Vec::new();
    let mut dropping: Option<usize> = None;
    for line in printed.lines() {
        if let Some(depth) = dropping {
            if indent(line) > depth && !line.trim().is_empty() {
                continue;
            }
            dropping = None;
        }
        // A stall nobody declared in a compare row (the compare's own work is all declared, so it is a
        // loaded machine's: a poll that computed past the threshold in a debug build); a watched example's
        // stalls (a line of their own, starting with their count) stay.
        let undeclared_in_a_row =
            line.contains("cause not declared") && !line.starts_with(|c: char| c.is_ascii_digit());
        if line.contains(" preempted for up to ")
            || line.contains("cores during this run")
            || undeclared_in_a_row
        {
            dropping = Some(indent(line));
            continue;
        }
        kept.push(line);
    }
    kept
}

/// A line with what varies between runs left out: numbers (`#`), a chart's bars (`|~|`), lists of thread
/// names (`<threads>`), size units, plurals after a number, the model's verdict (`<model>`), and runs of
/// spaces.
fn normalize(line: &str) -> String {
    // A chart's bar: between the first two `|`.
    let line = match line.split_once('|').and_then(|(head, rest)| Some((head, rest.split_once('|')?.1))) {
        Some((head, tail)) => format!("{head}|~|{tail}"),
        None => line.to_owned(),
    };
    let mut numbers = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_digit() {
            numbers.push(c);
            continue;
        }
        // Digits, with a decimal point between digits: one number.
        loop {
            let mut ahead = chars.clone();
            match ahead.next() {
                Some(d) if d.is_ascii_digit() => drop(chars.next()),
                Some('.') if ahead.next().is_some_and(|d| d.is_ascii_digit()) => drop(chars.next()),
                _ => break,
            }
        }
        numbers.push('#');
    }
    let words: Vec<String> = numbers
        .split_whitespace()
        .map(|word| {
            let unit = word.trim_end_matches([')', ',', ';']);
            let unit = unit.strip_suffix("/s").unwrap_or(unit);
            if matches!(unit, "B" | "KiB" | "MiB" | "GiB") {
                word.replacen(unit, "<size>", 1)
            } else {
                word.to_owned()
            }
        })
        .collect();
    // A count's noun: `1 download`, `# downloads` alike (how many there were varies); not a unit (`ms`).
    let mut words = words;
    for i in 1..words.len() {
        if words[i - 1] == "#" && words[i].len() > 3 {
            if let Some(singular) = words[i].strip_suffix('s') {
                words[i] = singular.to_owned();
            }
        }
    }
    let mut line = threads_as_one(&words);
    for verdict in ["as predicted (+#%)", "as predicted (-#%)", "! +#% off the model", "! -#% off the model"]
    {
        line = line.replace(verdict, "<model>");
    }
    // The lesson table's stall and held-up columns: whether a run had any depends on the machine.
    line.replace("#, # ms", "#").replace(" none ", " # ").replace(" none ", " # ")
}

/// The words joined by spaces, with every list of thread names (`main`, `smol-#`, `tokio-#`, `thread-#`,
/// `...`, separated by commas) as one `<threads>`.
fn threads_as_one(words: &[String]) -> String {
    let name = |word: &str| word.trim_start_matches('(').trim_end_matches([')', ',']).to_owned();
    let is_thread =
        |word: &str| matches!(name(word).as_str(), "main" | "..." | "smol-#" | "tokio-#" | "thread-#");
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_thread(&words[i]) {
            out.push(words[i].clone());
            i += 1;
            continue;
        }
        let first = i;
        while words[i].ends_with(',') && i + 1 < words.len() && is_thread(&words[i + 1]) {
            i += 1;
        }
        let open = if words[first].starts_with('(') { "(" } else { "" };
        let last = &words[i];
        let tail = &last[last.trim_end_matches([')', ',']).len()..];
        out.push(format!("{open}<threads>{tail}"));
        i += 1;
    }
    out.join(" ")
}

/// `text` with `block`'s outputs replaced by `outputs`.
fn bless_block(text: &str, block: &Block, outputs: &[String]) -> String {
    let mut body = String::new();
    for (shown, output) in block.commands.iter().zip(outputs) {
        body.push_str(&format!("$ {}\n", shown.line));
        for line in without_noise(output) {
            body.push_str(line.trim_end());
            body.push('\n');
        }
    }
    format!("{}{}{}", &text[..block.body.start], body, &text[block.body.end..])
}
