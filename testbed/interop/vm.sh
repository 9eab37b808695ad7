#!/usr/bin/env bash
# A throw-away Linux guest with real kernel SCTP and Debian's osmo-stp, for hosts whose kernel has
# no SCTP. User-mode Linux (Debian's user-mode-linux package): the guest kernel is an ordinary
# process, boots in ~2 s, needs no KVM; its root filesystem is a host directory (hostfs).
#
#   testbed/interop/vm.sh setup        # once, needs root: packages and the guest root (~1-2 min)
#   testbed/interop/vm.sh run DIR      # boot, run DIR/run.sh in the guest (cwd /share = DIR),
#                                      # power off; exit code = run.sh's (125: guest died/timed out)
#                                      # DIR/out/console.log = run.sh's output
#
#   VNS_VM_NET=1 testbed/interop/vm.sh run DIR
#                                      # the same with a NIC: the guest is 10.99.0.2/30 on a tap
#                                      # whose host side, 10.99.0.1, lives in network namespace
#                                      # vns-vm (reach it with `ip netns exec vns-vm …`)
#
# Environment: VNS_VM_DIR (default /var/tmp/vns-vm) holds the guest root; VNS_VM_TIMEOUT (s, 300);
# VNS_VM_MEM (MiB, 1024).
#
# Written for this project after ../shared/tools/sctpvm (UML path only).
set -euo pipefail

D=${VNS_VM_DIR:-/var/tmp/vns-vm}
ROOT=$D/root
UML=/usr/bin/linux.uml
PKGS=osmo-stp,iproute2,kmod,procps,lksctp-tools,busybox

log() { echo "[vns-vm] $*" >&2; }

mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)[[:space:]]*$/\1/p' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -n 's/^deb[[:space:]]\+\([^[:space:]]*\/debian\)[[:space:]].*/\1/p' "$f"
  done
  echo http://deb.debian.org/debian
}

setup() {
  [ "$(id -u)" = 0 ] || { log "setup needs root"; exit 1; }
  mkdir -p "$D"
  if [ ! -x "$UML" ] || ! command -v debootstrap >/dev/null; then
    log "installing user-mode-linux and debootstrap"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      user-mode-linux debootstrap kmod >"$D/apt.log" 2>&1
  fi
  if [ ! -x "$ROOT/usr/bin/osmo-stp" ]; then
    log "building the guest root with debootstrap (bookworm, $PKGS)"
    rm -rf "$ROOT"
    debootstrap --variant=minbase --include=$PKGS bookworm "$ROOT" "$(mirror | head -1)" \
      >"$D/debootstrap.log" 2>&1 || { tail -20 "$D/debootstrap.log" >&2; exit 1; }
  fi
  # The UML kernel's modules (sctp.ko among them) inside the guest root.
  local kver; kver=$(ls /usr/lib/uml/modules)
  rm -rf "$ROOT/lib/modules"; mkdir -p "$ROOT/lib/modules"
  cp -a "/usr/lib/uml/modules/$kver" "$ROOT/lib/modules/"
  /sbin/depmod -b "$ROOT" "$kver"
  mkdir -p "$ROOT/share"
  echo vns-vm >"$ROOT/etc/hostname"
  install -m 0755 /dev/stdin "$ROOT/sbin/vns-vm-init" <<'INIT'
#!/bin/sh
# PID 1 of the guest: mount the basics, load SCTP, mount the host's share, run run.sh, power off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc; mount -t sysfs sys /sys
mountpoint -q /dev || mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp; mount -t tmpfs tmpfs /run
ip link set lo up
modprobe sctp
arg() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
IP=$(arg vns.ip); NIC=$(ls /sys/class/net | grep -v '^lo$' | head -1)
if [ -n "$IP" ] && [ -n "$NIC" ]; then ip addr add "$IP" dev "$NIC"; ip link set "$NIC" up; fi
mount -t hostfs -o "$(arg vns.share)" hostfs /share
mkdir -p /share/out
( cd /share && exec sh ./run.sh ) >/share/out/console.log 2>&1 </dev/null
echo $? >/share/out/rc
sync; umount /share
busybox poweroff -f
INIT
  log "ready: $(du -sh "$ROOT" | cut -f1) guest root, UML $kver"
}

NETNS=vns-vm
TAP=vnstap0
# The host side of the guest's NIC: a tap in its own network namespace, so that the host's
# userspace SCTP owns every SCTP packet there and nothing else on the host is disturbed.
net_up() {
  ip netns list | grep -qw "$NETNS" || ip netns add "$NETNS"
  ip -n "$NETNS" link set lo up
  ip -n "$NETNS" link show "$TAP" >/dev/null 2>&1 || ip -n "$NETNS" tuntap add dev "$TAP" mode tap
  ip -n "$NETNS" addr replace 10.99.0.1/30 dev "$TAP"
  ip -n "$NETNS" link set "$TAP" up
}

run() {
  local share; share=$(readlink -f "${1:?usage: vm.sh run DIR}")
  [ -f "$share/run.sh" ] || { log "$share/run.sh missing"; exit 2; }
  [ -x "$ROOT/sbin/vns-vm-init" ] || { log "not set up: run 'vm.sh setup' first"; exit 2; }
  rm -rf "$share/out"; mkdir -p "$share/out"
  local net="" ip="" prefix=""
  if [ "${VNS_VM_NET:-0}" = 1 ]; then
    net_up
    net="vec0:transport=tap,ifname=$TAP"; ip="vns.ip=10.99.0.2/30"; prefix="ip netns exec $NETNS"
  fi
  local t0; t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  timeout "${VNS_VM_TIMEOUT:-300}" $prefix "$UML" mem="${VNS_VM_MEM:-1024}M" \
    root=/dev/root rootfstype=hostfs rootflags="$ROOT" rw init=/sbin/vns-vm-init \
    con0=null,fd:1 con=null ssl=null $net quiet vns.share="$share" $ip \
    >"$share/out/serial.log" 2>&1 </dev/null || true
  log "guest ran $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N)-$t0}") s"
  if [ ! -f "$share/out/rc" ]; then
    log "the guest left no exit code (crash or timeout); serial log:"; tail -30 "$share/out/serial.log" >&2
    exit 125
  fi
  exit "$(cat "$share/out/rc")"
}

case "${1:-}" in
  setup) setup ;;
  run) shift; run "$@" ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
