#!/usr/bin/env bash
# Runs every fuzz target for SECONDS_PER_TARGET seconds (default 20) on stable Rust, starting from
# the committed seeds in fuzz/seeds/<target>/. Fails if any target finds a crash; the crashing
# input is left in fuzz/artifacts/<target>/ (git-ignored) — reproduce it with
#   cargo fuzz run --sanitizer none -a <target> fuzz/artifacts/<target>/crash-…
# and minimise it with `cargo fuzz tmin --sanitizer none -a <target> <file>`.
#
# Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]
# Build output goes to ${CARGO_TARGET_DIR:-/var/cache/vns-ci-target}/fuzz, outside the clone.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-20}"
shift || true
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
    echo "usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]" >&2
    exit 2
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/vns-ci-target}/fuzz"
mkdir -p "$CARGO_TARGET_DIR"

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

# --sanitizer none: stable Rust (ASan needs nightly); the targets are safe Rust, so libFuzzer's
# coverage and the assertions are what find bugs. -a: debug assertions and overflow checks on in
# the release build, so arithmetic overflow panics instead of wrapping.
if [ "$#" -gt 0 ]; then
    for t in "${targets[@]}"; do cargo fuzz build --sanitizer none -a "$t"; done
else
    cargo fuzz build --sanitizer none -a
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=()
for t in "${targets[@]}"; do
    corpus="$scratch/$t"
    mkdir -p "$corpus" "artifacts/$t"
    if [ -d "seeds/$t" ]; then
        cp seeds/"$t"/* "$corpus"/
    fi
    echo "== fuzz $t (${seconds}s)"
    log="$scratch/$t.log"
    if cargo fuzz run --sanitizer none -a "$t" "$corpus" -- \
        -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
        grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' "$log" || true
    else
        # The panic message and the target's frames, then libFuzzer's summary and the input.
        grep -A 12 'panicked at' "$log" || true
        grep -E '^SUMMARY|^MS:|^Base64:|Test unit written' "$log" || tail -n 40 "$log"
        failed+=("$t")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: crash found in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, no crash"
