# Runs inside the guest (testbed/interop/vm.sh with VNS_VM_NET=1), cwd /share: osmo-stp, and
# asp-ssp on kernel SCTP echoing DATA until the host creates /share/stop.
osmo-stp -c ./osmo-stp.cfg > out/osmo-stp.log 2>&1 &
STP=$!
for _ in $(seq 100); do grep -q ' 2905 ' /proc/net/sctp/eps 2>/dev/null && break; sleep 0.1; done
./stp_pair --role ssp-echo --transport sctp --ready out/ready --stop stop
rc=$?
kill "$STP" 2>/dev/null
exit $rc
