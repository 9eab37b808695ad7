#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds vns-scp and vns-ssp, and runs vns-scp with its embedded
# defaults: an SGP on 127.0.0.1:2905 (auto transport: kernel SCTP, else SCTP over UDP port 9899),
# a RocksDB under ./vns-data with demo bindings made on first start, metrics on
# http://127.0.0.1:9464/metrics. From another terminal:
#
#   target/release/vns-ssp call --remote 127.0.0.1:2905 --transport auto --called 050412345678 --calling 01012345678 --expect connect:01098765432
#
# Extra arguments go to vns-scp (e.g. --config scp/config/ipsp-tcp.toml); Ctrl-C stops it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
cargo build --release --locked -p scp -p testbed
bin=${CARGO_TARGET_DIR:-target}/release
echo "# vns-scp starting; dial it with:"
echo "#   $bin/vns-ssp call --remote 127.0.0.1:2905 --transport auto --called 050412345678 --calling 01012345678 --expect connect:01098765432"
exec "$bin/vns-scp" "$@"
