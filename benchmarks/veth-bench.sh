#!/usr/bin/env bash
# End-to-end benchmark: two network namespaces joined by veth pairs, iperf3 between them
#   1) through the Linux kernel bridge on the host ends,
#   2) through vswitch (learning bridge, AF_PACKET ports on the same host ends), TPACKET_V3 rings
#   3) the same with TPACKET_V2 rings,
# in the same run; prints all three and the ratios to the kernel bridge. Needs root, iproute2, ethtool, iperf3, python3.
#
# usage: benchmarks/veth-bench.sh [--seconds N] [--repeat R] [--no-build]
#   --seconds N  length of each iperf3 run (default 10)
#   --repeat R   runs per case; the median is reported with min..max (default 3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_RUN=10
REPEAT=3
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "veth-bench: needs root (namespaces, veth, AF_PACKET)" >&2; exit 1; }
for tool in ip ethtool iperf3 python3; do
    command -v "$tool" >/dev/null || { echo "veth-bench: missing $tool (apt-get install iproute2 ethtool iperf3 python3)" >&2; exit 1; }
done

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
cleanup() {
    [ -n "$SWITCH_PID" ] && kill "$SWITCH_PID" 2>/dev/null && wait "$SWITCH_PID" 2>/dev/null || true
    ip netns pids "$NSB" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip link del "$BR" 2>/dev/null || true
    ip netns del "$NSA" 2>/dev/null || true
    ip netns del "$NSB" 2>/dev/null || true
    ip link del "$H0" 2>/dev/null || true
    ip link del "$H1" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

offloads_off() { "$@" tx off rx off gso off tso off gro off >/dev/null 2>&1 || true; }
ip netns add "$NSA"; ip netns add "$NSB"
for pair in "$H0 $N0 $NSA $IPA" "$H1 $N1 $NSB $IPB"; do
    set -- $pair
    ip link add "$1" type veth peer name "$2"
    ip link set "$2" netns "$3"
    offloads_off ethtool -K "$1"
    offloads_off ip netns exec "$3" ethtool -K "$2"
    ip link set "$1" up
    ip -n "$3" addr add "$4/24" dev "$2"
    ip -n "$3" link set "$2" up
    ip -n "$3" link set lo up
done

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

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r)"
echo "command: benchmarks/veth-bench.sh --seconds $SECONDS_PER_RUN --repeat $REPEAT (VSWITCH_JAVA_OPTS='${VSWITCH_JAVA_OPTS:-}')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 1) Linux kernel bridge
ip link add "$BR" type bridge
ip link set "$H0" master "$BR"; ip link set "$H1" master "$BR"; ip link set "$BR" up
ping_ok
KB_TCP="$(measure tcp 1)"
KB_UDP="$(measure udp 2)"
ip link del "$BR"

# ---- 2) vswitch, AF_PACKET ports on the same host ends
# starts vswitch with extra JVM options, measures, stops it; sets VS_TCP, VS_UDP, VS_REPORT
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
    ping_ok
    VS_TCP="$(measure tcp 1)"
    VS_UDP="$(measure udp 2)"
    exec 7>&-
    wait "$SWITCH_PID" 2>/dev/null || true
    SWITCH_PID=""
    VS_REPORT="$(grep '^port' "$log" | sed "s/^/vswitch ($*): /")"
    rm -f "$fifo" "$log"
}
run_vswitch -Dvswitch.afpacket.tpacket=v3
V3_TCP="$VS_TCP"; V3_UDP="$VS_UDP"; V3_REPORT="$VS_REPORT"
run_vswitch -Dvswitch.afpacket.tpacket=v2
V2_TCP="$VS_TCP"; V2_UDP="$VS_UDP"; V2_REPORT="$VS_REPORT"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$KB_TCP" "$V3_TCP" "$V2_TCP" "$KB_UDP" "$V3_UDP" "$V2_UDP" <<'PY'
import sys
kt, v3t, v2t, ku, v3u, v2u = ([float(x) for x in a.split()] for a in sys.argv[1:])
def g(v): return f"{v[0]/1e9:.2f} Gbit/s ({v[1]/1e9:.2f}..{v[2]/1e9:.2f})"
def p(v): return f"{v[0]/1e3:.0f} kpps ({v[1]/1e3:.0f}..{v[2]/1e3:.0f})"
def r(a, b): return f"{a[0]/b[0]:.2f}" if b[0] > 0 else "n/a"
print(f"{'case':<22}{'kernel bridge':<28}{'vswitch V3 (default)':<28}{'vswitch V2':<28}{'V3/kernel':<11}V2/kernel")
print(f"{'iperf3 TCP':<22}{g(kt):<28}{g(v3t):<28}{g(v2t):<28}{r(v3t, kt):<11}{r(v2t, kt)}")
print(f"{'iperf3 UDP 64 B (rx)':<22}{p(ku):<28}{p(v3u):<28}{p(v2u):<28}{r(v3u, ku):<11}{r(v2u, ku)}")
PY
echo "$V3_REPORT"
echo "$V2_REPORT"
