#!/usr/bin/env bash
# Interop with a real kernel SCTP stack and a real STP (Debian's osmo-stp 1.6), on a host whose
# kernel may have no SCTP. Boots throw-away user-mode-Linux guests (testbed/interop/vm.sh):
#  (a) inside the guest, on kernel SCTP: the transport and link tests with kernel SCTP required,
#      then two ASPs of ours through osmo-stp (ASP-ACTIVE, DATA both ways, osmo-stp's VTY showing
#      both ASP_ACTIVE);
#  (b) across a tap: our userspace SCTP over raw IPv4 on the host reaches osmo-stp in the guest
#      as asp-scp and exchanges DATA with asp-ssp, an ASP of ours on kernel SCTP inside.
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

fail=0
echo "=== (a) kernel SCTP inside the guest" >&2
if ! testbed/interop/vm.sh run "$share"; then fail=1; fi
cat "$share/out/console.log" 2>/dev/null
[ $fail = 0 ] || { echo "--- osmo-stp log"; tail -40 "$share/out/osmo-stp.log" 2>/dev/null; }

echo "=== (b) host userspace SCTP over raw IPv4 -> osmo-stp in the guest" >&2
rm -rf "$share/out" "$share/stop"
cp testbed/interop/guest-echo.sh "$share/run.sh"
VNS_VM_NET=1 testbed/interop/vm.sh run "$share" & vm=$!
for _ in $(seq 300); do [ -f "$share/out/ready" ] && break; kill -0 $vm 2>/dev/null || break; sleep 0.1; done
if [ -f "$share/out/ready" ]; then
  ip netns exec vns-vm timeout 60 "$share/stp_pair" --role scp --transport usctp-raw \
    --stp 10.99.0.2:2905 --local-ip 10.99.0.1 --vty 10.99.0.2:4239 --messages 200 || fail=1
else
  echo "interop (b): the guest's asp-ssp never came up" >&2; fail=1
fi
touch "$share/stop"
wait $vm || fail=1
cat "$share/out/console.log" 2>/dev/null
[ $fail = 0 ] || { echo "--- osmo-stp log"; tail -40 "$share/out/osmo-stp.log" 2>/dev/null; }
echo "interop: $([ $fail = 0 ] && echo PASS || echo FAIL)" >&2
exit $fail
