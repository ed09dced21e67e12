//! The `catfetch` binary's edge: what stands between a user and the core. It parses the command line,
//! chooses the executor that drives the core's downloads, listens for signals, prints to the terminal and
//! maps every ending to an exit status. `main.rs` only calls [`commands::run`].
//!
//! The layers, a crate each (the README has the map):
//!
//! | crate | what |
//! |---|---|
//! | `catfetch-core` (`core/`) | what downloads N cats; names no executor, no lab, no origin |
//! | `catfetch-lab` (`lab/`) | what observes it: poll recording, timeline, verdicts, compare, scale, pages |
//! | `catfetch-origin` (`origin/`) | the built-in cat server |
//! | `catfetch` (here) | the binary and its edge |
//!
//! | concept | file |
//! |---|---|
//! | command line: options, subcommands, validation, `--help` | `cli.rs` |
//! | the subcommands, from parsed arguments to an exit status | `commands.rs` |
//! | which executor drives the futures, and who drives HTTP/2 connections | `executor.rs` |
//! | signals and the watchdog, threads started and checked up front | `system.rs` |
//! | the terminal: safe lines, progress bar, the report presented | `terminal.rs` |
//! | exit codes: one enum, one mapping to the process status | `exit_codes.rs` |

#![warn(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks)]

// Public: what main.rs calls, and the executors (tests/executors.rs runs the library on each).
mod cli;
pub mod commands;
pub mod executor;
pub mod exit_codes;
pub mod system;
mod terminal;
