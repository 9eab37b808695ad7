#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds VNS and runs the demo.
#
# The vns-scp service (store, transports, service logic) is still being built; until it lands this
# demo shows the SIGTRAN stack: vns-ssp encodes the InitialDP a switch sends for a call to the
# virtual number 050412345678 and decodes it back through M3UA, SCCP, TCAP and INAP, then does the same
# for the Connect the SCP answers with.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
cargo build --release --locked -p testbed
ssp=${CARGO_TARGET_DIR:-target}/release/vns-ssp
echo "# InitialDP (SSP -> SCP) for a call from 01012345678 to 050412345678:"
"$ssp" encode idp --called 050412345678 --calling 01012345678 --service-key 100 | tee /dev/stderr | "$ssp" decode -
echo
echo "# Connect (SCP -> SSP) to the real number 01098765432:"
"$ssp" encode connect --dra 01098765432 --original-called 050412345678 | tee /dev/stderr | "$ssp" decode -
