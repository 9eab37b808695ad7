#!/usr/bin/env bash
# Interop with a real kernel SCTP stack and a real STP (Debian's osmo-stp 1.6), on a host whose
# kernel may have no SCTP: boots a throw-away user-mode-Linux guest (testbed/interop/vm.sh), runs
# the transport tests there with kernel SCTP required, then two ASPs of ours through osmo-stp
# (ASP-ACTIVE, DATA both ways, osmo-stp's VTY showing both ASP_ACTIVE).
#
#   sudo scripts/interop.sh        # needs root (UML guest root, apt for the first set-up)
#
# The first run installs user-mode-linux and debootstrap and builds the guest root (~2 min).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "interop: needs root (try sudo)" >&2; exit 1; }
testbed/interop/vm.sh setup

echo "interop: building the test programs" >&2
bins=$(cargo test -p m3ua --features transport --test transport --test link --no-run \
         --message-format=json --locked 2>/dev/null |
       sed -n 's/.*"executable":"\([^"]*\)".*/\1/p')
cargo build -p m3ua --features transport --example stp_pair --locked --quiet
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')

share=$(mktemp -d /tmp/vns-interop.XXXXXX)
trap 'rm -rf "$share"' EXIT
mkdir -p "$share/tests"
for b in $bins; do cp "$b" "$share/tests/$(basename "$b" | sed 's/-[0-9a-f]*$//')"; done
cp "$target/debug/examples/stp_pair" testbed/interop/osmo-stp.cfg "$share/"
cp testbed/interop/guest.sh "$share/run.sh"

set +e
testbed/interop/vm.sh run "$share"
rc=$?
set -e
cat "$share/out/console.log" 2>/dev/null
[ $rc = 0 ] || { echo "--- osmo-stp log"; tail -40 "$share/out/osmo-stp.log" 2>/dev/null; }
echo "interop: rc=$rc" >&2
exit $rc
