#!/usr/bin/env bash
# Installs what VNS needs on a Debian 12 machine, once; a no-op when everything is there.
# Rust itself comes from rustup (https://rustup.rs); this script installs the system packages.
set -euo pipefail
need=()
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v cc >/dev/null 2>&1 || need+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# bindgen loads libclang itself (libclang.so), not libclang-cpp, which other packages bring along.
[ -n "$(ls /usr/lib/llvm-*/lib/libclang.so /usr/lib/llvm-*/lib/libclang-*.so.* 2>/dev/null | grep -v clang-cpp)" ] || need+=(libclang-dev)
# usrsctp's example programs: the sctp crate's interop tests talk to them.
[ -x /usr/lib/usrsctp/echo_server ] || need+=(libusrsctp-examples)
# kill(1): the vns-scp binary test stops the service with SIGTERM as an operator would.
command -v kill >/dev/null 2>&1 && [ -x /bin/kill ] || need+=(procps)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "setup: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
command -v cargo >/dev/null 2>&1 || { echo "setup: cargo not found; install Rust with rustup first" >&2; exit 1; }
