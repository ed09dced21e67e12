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

# Every test: unit, doc and the integration tests that run the real binary against local origins.
test:
    cargo test --locked

# Formatting and lints, as CI checks them.
lint:
    cargo fmt --check
    cargo clippy --locked --all-targets -- -D warnings

# What CI runs on a clean clone: install build needs, lint, test.
ci:
    bash .ci/run

# RustSec audit, warnings denied (accepted ones: .cargo/audit.toml). Offline: just audit ../shared/advisory-db
audit db="":
    #!/usr/bin/env bash
    set -euo pipefail
    command -v cargo-audit >/dev/null || cargo install cargo-audit --locked
    if [ -n "{{db}}" ]; then
        cargo audit --deny warnings --db "{{db}}" --no-fetch --stale
    else
        cargo audit --deny warnings
    fi
