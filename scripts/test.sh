#!/usr/bin/env bash
# The whole VNS test suite: unit, vector, property, tshark-oracle and CLI tests of every crate.
# Set CI=1 to make the Wireshark oracle mandatory (tests fail instead of skipping without tshark).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
cargo test --workspace --all-features --locked "$@"
