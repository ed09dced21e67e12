# catfetch recipes. Get `just` with `cargo install just --locked` (or your package manager).
# `just lint` and `just test` are exactly what CI runs (`just ci` runs CI itself).

# List the recipes.
default:
    @just --list

# The main job: 10 cats from cataas.com into ./cats. Options go after: `just fetch -n 20 -o kittens`.
fetch *args:
    cargo run --release -- {{args}}

# The main job with no internet: the built-in origin (200 ms latency) in-process. Options go after.
demo *args:
    cargo run --release -- --demo {{args}}

# Serve procedurally drawn cats on 127.0.0.1:8000 until Ctrl-C (`just serve --latency 200`).
serve *args:
    cargo run --release -- serve {{args}}

# Every executor on the same job against the built-in origin, beside the theory.
compare *args:
    cargo run --release -- compare {{args}}

# Benchmark against the built-in origin over executors and --jobs (needs hyperfine); `just bench 500 20`.
bench count="200" latency="20":
    #!/usr/bin/env bash
    set -euo pipefail
    command -v hyperfine >/dev/null || { echo "bench needs hyperfine (apt-get install hyperfine)"; exit 1; }
    cargo build --release --quiet
    bin=target/release/catfetch
    port=18480
    out=$(mktemp -d)
    $bin serve --port $port --latency {{latency}} --quiet 2>/dev/null &
    server=$!
    trap 'kill -INT $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$out"' EXIT
    for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break || sleep 0.1; done
    runs=()
    for executor in sequential join local smol tokio-current tokio threads; do
        runs+=("$bin --url http://127.0.0.1:$port/cat -n {{count}} --executor $executor -j 50 -q -o $out/c")
    done
    for jobs in 1 10 100; do
        runs+=("$bin --url http://127.0.0.1:$port/cat -n {{count}} -j $jobs -q -o $out/c")
    done
    hyperfine --shell=none --warmup 1 --runs 3 --prepare "rm -rf $out/c" "${runs[@]}"

# Tools once per machine: `sh bench/setup.sh` (bench/README.md). `just --list` shows the line just above a
# recipe, so each recipe's summary is one line.

# catfetch beside the lesson's script, tokio+reqwest, curl, wget2, aria2c on nginx: `just bench-peers --runs 3`.
bench-peers *args:
    sh bench/setup.sh --check
    cargo build --release --quiet
    python3 bench/peers.py {{args}}

# Every test of every crate (core, lab, origin, the binary): unit, doc, and the binary on local origins.
test:
    cargo test --locked --workspace

# Re-shoot every console block of README.md and docs/ from a release build (then trim long ones with `...`).
docs:
    cargo build --release --quiet
    CATFETCH_BLESS=1 CATFETCH_BIN=target/release/catfetch cargo test --locked --test main console::every

# Formatting and lints, as CI checks them.
lint:
    cargo fmt --check
    cargo clippy --locked --workspace --all-targets -- -D warnings
    cargo clippy --locked --workspace --no-default-features --lib --tests -- -D warnings
    RUSTDOCFLAGS="-D warnings" cargo doc --locked --workspace --no-deps --quiet

# What CI runs on a clean clone: install build needs, lint, test.
ci:
    bash .ci/run

# RustSec audit, warnings denied (accepted ones: .cargo/audit.toml). Offline: just audit PATH/TO/advisory-db
audit db="":
    #!/usr/bin/env bash
    set -euo pipefail
    command -v cargo-audit >/dev/null || cargo install cargo-audit --locked
    if [ -n "{{db}}" ]; then
        cargo audit --deny warnings --db "{{db}}" --no-fetch --stale
    else
        cargo audit --deny warnings
    fi
