# Runs inside the guest (testbed/interop/vm.sh), cwd /share: the kernel-SCTP tests, then two ASPs
# of ours through osmo-stp. Output goes to out/console.log; the exit code is the verdict.
set -u
rc=0
step() { echo; echo "=== $*"; }

step "kernel $(uname -r), SCTP endpoints: $(wc -l < /proc/net/sctp/eps)"
export VNS_REQUIRE_KERNEL_SCTP=1
for t in ./tests/*; do
  step "$t"
  "$t" --test-threads=1 || rc=1
done

step "osmo-stp $(osmo-stp --version 2>/dev/null | head -1)"
osmo-stp -c ./osmo-stp.cfg > out/osmo-stp.log 2>&1 &
STP=$!
for _ in $(seq 100); do grep -q ' 2905 ' /proc/net/sctp/eps 2>/dev/null && break; sleep 0.1; done
grep -q ' 2905 ' /proc/net/sctp/eps || { echo "osmo-stp did not start"; cat out/osmo-stp.log; rc=1; }

step "two ASPs on kernel SCTP through osmo-stp"
./stp_pair --transport sctp --messages 200 --rkm || rc=1

kill "$STP" 2>/dev/null
echo; echo "guest verdict: rc=$rc"
exit $rc
