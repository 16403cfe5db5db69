#!/usr/bin/env bash
# End-to-end benchmark: two network namespaces joined by veth pairs, iperf3 and ping between them
#   1) through the Linux kernel bridge on the host ends,
#   2) through vswitch (learning bridge, AF_PACKET ports on the same host ends),
#   3) through Open vSwitch's userspace datapath (netdev bridge, userspace-tso-enable=true) when installed,
# first with the kernel's DEFAULT offloads on the veths (TSO, GSO, tx checksum: what users run), then with
# every offload switched off (ethtool -K ... off), in the same run on the same veths. Prints TCP Gbit/s,
# UDP 64 B kpps and ping RTT p50/p99 at 10/s and 1000/s, and the ratios vswitch/kernel and vswitch/OVS.
# Needs root, iproute2, ethtool, iperf3, python3 (ovs-vswitchd optional).
#
# usage: benchmarks/veth-bench.sh [--seconds N] [--repeat R] [--no-build] [--offloads default|off|both] [--no-ovs]
#   --seconds N  length of each iperf3 run (default 10)
#   --repeat R   runs per case; the median is reported with min..max (default 3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_RUN=10
REPEAT=3
BUILD=1
OFFLOADS=both
OVS=1
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --offloads) OFFLOADS="$2"; shift 2 ;;
        --no-ovs) OVS=0; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "veth-bench: needs root (namespaces, veth, AF_PACKET)" >&2; exit 1; }
for tool in ip ethtool iperf3 python3 ping; do
    command -v "$tool" >/dev/null || { echo "veth-bench: missing $tool (apt-get install iproute2 ethtool iperf3 python3 iputils-ping)" >&2; exit 1; }
done
command -v ovs-vswitchd >/dev/null && command -v ovsdb-server >/dev/null || OVS=0

source "$ROOT/scripts/find-jdk.sh"
CP_FILE="$ROOT/benchmarks/target/veth-bench.classpath"
if [ "$BUILD" = 1 ] || [ ! -f "$CP_FILE" ]; then
    (cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests dependency:build-classpath \
        -Dmdep.outputFile="$CP_FILE" >/dev/null)
fi
CP="$ROOT/benchmarks/target/classes:$(cat "$CP_FILE")"

ID="$(printf '%04x' $((RANDOM % 65536)))"
NSA="vsl-$ID-a"; NSB="vsl-$ID-b"
H0="vsl${ID}h0"; N0="vsl${ID}n0"; H1="vsl${ID}h1"; N1="vsl${ID}n1"; BR="vsl${ID}br"
IPA=10.197.0.1; IPB=10.197.0.2
SWITCH_PID=""
OVS_DIR=""
cleanup() {
    [ -n "$SWITCH_PID" ] && kill "$SWITCH_PID" 2>/dev/null && wait "$SWITCH_PID" 2>/dev/null || true
    ovs_stop
    ip netns pids "$NSB" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip link del "$BR" 2>/dev/null || true
    ip netns del "$NSA" 2>/dev/null || true
    ip netns del "$NSB" 2>/dev/null || true
    ip link del "$H0" 2>/dev/null || true
    ip link del "$H1" 2>/dev/null || true
}
ovs_stop() {
    [ -n "$OVS_DIR" ] || return 0
    for d in ovs-vswitchd ovsdb-server; do
        [ -f "$OVS_DIR/$d.pid" ] && kill "$(cat "$OVS_DIR/$d.pid")" 2>/dev/null || true
    done
    sleep 0.5
    rm -rf "$OVS_DIR"; OVS_DIR=""
}
trap cleanup EXIT INT TERM

offloads_off() { "$@" tx off rx off gso off tso off gro off >/dev/null 2>&1 || true; }
ip netns add "$NSA"; ip netns add "$NSB"
for pair in "$H0 $N0 $NSA $IPA" "$H1 $N1 $NSB $IPB"; do
    set -- $pair
    ip link add "$1" type veth peer name "$2"
    ip link set "$2" netns "$3"
    ip link set "$1" up
    ip -n "$3" addr add "$4/24" dev "$2"
    ip -n "$3" link set "$2" up
    ip -n "$3" link set lo up
done
all_offloads_off() {
    offloads_off ethtool -K "$H0"; offloads_off ethtool -K "$H1"
    offloads_off ip netns exec "$NSA" ethtool -K "$N0"; offloads_off ip netns exec "$NSB" ethtool -K "$N1"
}

# one iperf3 run; prints "<bits/s> <packets/s>" as the receiver saw them
iperf_once() {
    local mode="$1" json
    if [ "$mode" = tcp ]; then
        json="$(ip netns exec "$NSA" iperf3 -c "$IPB" -t "$SECONDS_PER_RUN" -J)"
    else
        json="$(ip netns exec "$NSA" iperf3 -c "$IPB" -u -l 64 -b 0 -t "$SECONDS_PER_RUN" -J)"
    fi
    python3 -c '
import json, sys
s = json.loads(sys.stdin.read())["end"]["sum_received"]
print(s["bits_per_second"], s["bytes"] / 64 / s["seconds"])
' <<<"$json"
}

# runs a case REPEAT times; prints "median min max" for the chosen column (1 = bits/s, 2 = packets/s)
measure() {
    local mode="$1" column="$2" values=()
    ip netns exec "$NSB" iperf3 -s -D -B "$IPB" >/dev/null
    sleep 0.5
    for _ in $(seq "$REPEAT"); do
        values+=("$(iperf_once "$mode" | cut -d' ' -f"$column")")
    done
    ip netns pids "$NSB" | xargs -r kill 2>/dev/null || true
    sleep 0.3
    printf '%s\n' "${values[@]}" | sort -g | python3 -c '
import sys
v = [float(x) for x in sys.stdin.read().split()]
print(v[len(v) // 2], v[0], v[-1])'
}

ping_ok() { ip netns exec "$NSA" ping -c 2 -W 2 "$IPB" >/dev/null; }

# ping RTT percentiles at an interval; prints "p50_ms p99_ms"
rtt() {
    local interval="$1" count="$2"
    ip netns exec "$NSA" ping -q -c 20 -i 0.01 "$IPB" >/dev/null 2>&1 || true
    ip netns exec "$NSA" ping -c "$count" -i "$interval" -W 1 "$IPB" 2>/dev/null | python3 -c '
import re, sys
v = sorted(float(m.group(1)) for m in re.finditer(r"time=([0-9.]+)", sys.stdin.read()))
print(f"{v[len(v) // 2]:.3f} {v[min(len(v) - 1, int(len(v) * 0.99))]:.3f}" if v else "nan nan")'
}

# every figure of one switch: "tcp_bps tcp_min tcp_max|udp_pps min max|p50_10 p99_10|p50_1000 p99_1000"
figures() {
    ping_ok
    echo "$(measure tcp 1)|$(measure udp 2)|$(rtt 0.1 100)|$(rtt 0.001 2000)"
}

# vswitch with AF_PACKET ports on the host ends; extra JVM options as arguments
run_vswitch() {
    local log fifo
    log="$(mktemp)"; fifo="$(mktemp -u)"; mkfifo "$fifo"
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" $VSWITCH_JVM_FLAGS ${VSWITCH_JAVA_OPTS:-} "$@" -cp "$CP" \
        net.vswitch.benchmarks.linux.PortSwitch "afpacket:$H0" "afpacket:$H1" <"$fifo" >"$log" 2>&1 &
    SWITCH_PID=$!
    exec 7>"$fifo"   # the switch runs until its stdin closes
    for _ in $(seq 300); do grep -q '^ready' "$log" && break; sleep 0.1; done
    grep -q '^ready' "$log" || { echo "vswitch did not start:" >&2; cat "$log" >&2; exit 1; }
    RESULT="$(figures)"
    exec 7>&-
    wait "$SWITCH_PID" 2>/dev/null || true
    SWITCH_PID=""
    grep '^port' "$log" | sed "s/^/vswitch ($*): /" >&2
    rm -f "$fifo" "$log"
}

run_kernel() {
    ip link add "$BR" type bridge
    ip link set "$H0" master "$BR"; ip link set "$H1" master "$BR"; ip link set "$BR" up
    RESULT="$(figures)"
    ip link del "$BR"
}

# Open vSwitch userspace datapath (a private ovsdb + ovs-vswitchd in a temp dir), AF_PACKET netdevs
run_ovs() {
    OVS_DIR="$(mktemp -d)"
    local db="$OVS_DIR/conf.db" sock="$OVS_DIR/db.sock" vsctl
    ovsdb-tool create "$db" /usr/share/openvswitch/vswitch.ovsschema
    ovsdb-server "$db" --remote="punix:$sock" --pidfile="$OVS_DIR/ovsdb-server.pid" --detach \
        --log-file="$OVS_DIR/ovsdb.log" --unixctl="$OVS_DIR/ovsdb.ctl"
    vsctl="ovs-vsctl --db=unix:$sock --no-wait"
    $vsctl init
    $vsctl set Open_vSwitch . other_config:userspace-tso-enable=true
    OVS_RUNDIR="$OVS_DIR" ovs-vswitchd "unix:$sock" --pidfile="$OVS_DIR/ovs-vswitchd.pid" --detach \
        --log-file="$OVS_DIR/ovs-vswitchd.log" --unixctl="$OVS_DIR/vswitchd.ctl"
    vsctl="ovs-vsctl --db=unix:$sock"
    $vsctl add-br "vsl${ID}ov" -- set bridge "vsl${ID}ov" datapath_type=netdev
    $vsctl add-port "vsl${ID}ov" "$H0" -- add-port "vsl${ID}ov" "$H1"
    sleep 1
    RESULT="$(figures)"
    $vsctl del-br "vsl${ID}ov" || true
    ovs_stop
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r)"
echo "command: benchmarks/veth-bench.sh --seconds $SECONDS_PER_RUN --repeat $REPEAT --offloads $OFFLOADS (VSWITCH_JAVA_OPTS='${VSWITCH_JAVA_OPTS:-}')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

report() {
    python3 - "$1" "$2" "$3" "$4" <<'PY'
import sys
title, kb, vs, ovs = sys.argv[1:]
def parse(s):
    if not s:
        return None
    t, u, r10, r1000 = s.split("|")
    return [float(x) for x in t.split()], [float(x) for x in u.split()], r10.split(), r1000.split()
k, v, o = parse(kb), parse(vs), parse(ovs)
cols = [("kernel bridge", k), ("vswitch", v)] + ([("OVS userspace", o)] if o else [])
def g(x): return f"{x[0]/1e9:.2f} ({x[1]/1e9:.2f}..{x[2]/1e9:.2f})"
def p(x): return f"{x[0]/1e3:.0f} ({x[1]/1e3:.0f}..{x[2]/1e3:.0f})"
def r(x): return f"{x[0]} / {x[1]}"
print(f"\n== {title}")
print(f"{'case':<28}" + "".join(f"{n:<26}" for n, _ in cols) + "vswitch/kernel" + ("  vswitch/OVS" if o else ""))
def ratio(a, b, inv=False):
    return "n/a" if b == 0 else f"{(b / a if inv else a / b):.2f}"
rows = [("TCP Gbit/s", 0, g, lambda x: x[0]), ("UDP 64 B kpps (rx)", 1, p, lambda x: x[0]),
        ("RTT ms p50/p99 at 10/s", 2, r, lambda x: float(x[0])), ("RTT ms p50/p99 at 1000/s", 3, r, lambda x: float(x[0]))]
for name, i, f, key in rows:
    line = f"{name:<28}" + "".join(f"{f(c[i]):<26}" for _, c in cols)
    line += f"{ratio(key(v[i]), key(k[i])):<16}"
    if o:
        line += ratio(key(v[i]), key(o[i]))
    print(line)
PY
}

for mode in default off; do
    [ "$OFFLOADS" = both ] || [ "$OFFLOADS" = "$mode" ] || continue
    [ "$mode" = off ] && all_offloads_off
    run_kernel; KB="$RESULT"
    run_vswitch; VS="$RESULT"
    OV=""
    if [ "$OVS" = 1 ]; then run_ovs; OV="$RESULT"; fi
    report "offloads $mode (RTT ratios: lower is better)" "$KB" "$VS" "$OV"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
