//! The lesson's find-the-bug programs (`examples/lesson*.rs`) each end with a verdict that names what
//! happened. `cargo test` builds the examples; these run them as a student would.

use std::path::PathBuf;
use std::process::Command;

/// Runs `examples/NAME.rs`'s binary (built beside the `catfetch` binary) and returns what it printed.
fn run_example(name: &str) -> String {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_catfetch"));
    let path = bin.parent().unwrap().join("examples").join(name);
    let output = Command::new(&path).output().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let printed =
        String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{name}: {:?}\n{printed}", output.status);
    // The verdict wraps at 100 columns: read it as one text.
    printed.replace("\n  ", " ")
}

#[test]
fn an_await_inside_the_loop_runs_the_downloads_one_after_another() {
    let printed = run_example("lesson1_await_in_loop");
    assert!(printed.contains("one after another: an await inside the loop?"), "{printed}");
}

#[test]
fn tasks_spawned_first_and_awaited_in_a_loop_still_run_at_the_same_time() {
    let printed = run_example("lesson2_spawn_then_await");
    assert!(printed.contains(": the downloads ran at the same time"), "{printed}");
    // smol's global executor runs the tasks on its own thread, not on main.
    assert!(printed.lines().any(|line| line.starts_with("smol-1 ")), "{printed}");
}

#[test]
fn join_all_runs_the_downloads_at_the_same_time_on_one_thread() {
    let printed = run_example("lesson3_join_all");
    assert!(printed.contains(": the downloads ran at the same time"), "{printed}");
    let threads: Vec<&str> = printed.lines().filter(|line| line.contains(" polls, busy ")).collect();
    assert_eq!(threads.len(), 1, "{printed}");
    assert!(threads[0].starts_with("main "), "{printed}");
}

#[test]
fn a_blocking_write_in_an_async_fn_stalls_the_thread_while_others_wait() {
    let printed = run_example("lesson4_std_fs_write");
    assert_stalled_while_others_waited(&printed);
    assert!(printed.contains("cause not declared, blocked in a system call: "), "{printed}");
    assert!(printed.contains(": look for blocking calls in async code"), "{printed}");
}

#[test]
fn cpu_work_in_a_task_stalls_the_thread_while_others_wait() {
    let printed = run_example("lesson5_cpu_in_task");
    assert_stalled_while_others_waited(&printed);
    assert!(printed.contains("cause not declared, on the CPU: "), "{printed}");
    assert!(
        printed.contains(": move the computation to a blocking pool (unblock, spawn_blocking)"),
        "{printed}"
    );
}

/// The event loop's one thread was stuck in polls while other downloads were ready: the verdict says so.
fn assert_stalled_while_others_waited(printed: &str) {
    assert!(printed.contains(" stalls on main, "), "{printed}");
    assert!(printed.contains("waited for the thread through another's stall"), "{printed}");
}
