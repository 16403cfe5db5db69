#!/usr/bin/env bash
# Encapsulated iperf3 TCP between two tenants, through two vswitch daemons (one per "host" namespace)
# joined by VXLAN, then through the kernel's vxlan devices on the same underlay veths. Offloads off
# everywhere. Needs root, iproute2, ethtool, iperf3. Usage: iperf-figure.sh [SECONDS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../../.." && pwd)"
SECS="${1:-10}"
ID="$(printf '%04x' $((RANDOM % 65536)))"
HA="vsl-$ID-ha"; HB="vsl-$ID-hb"; TA="vsl-$ID-ta"; TB="vsl-$ID-tb"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    for ns in "$HA" "$HB" "$TA" "$TB"; do ip netns delete "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT
off() { ip netns exec "$1" ethtool -K "$2" tx off rx off gso off tso off gro off >/dev/null 2>&1 || true; }
for ns in "$HA" "$HB" "$TA" "$TB"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip link add "vsl${ID}u0" netns "$HA" type veth peer name "vsl${ID}u1" netns "$HB"
ip -n "$HA" addr add 10.197.0.1/24 dev "vsl${ID}u0"; ip -n "$HB" addr add 10.197.0.2/24 dev "vsl${ID}u1"
ip link add "vsl${ID}a0" netns "$HA" type veth peer name "vsl${ID}a1" netns "$TA"
ip link add "vsl${ID}b0" netns "$HB" type veth peer name "vsl${ID}b1" netns "$TB"
ip -n "$TA" addr add 10.199.0.1/24 dev "vsl${ID}a1"; ip -n "$TB" addr add 10.199.0.2/24 dev "vsl${ID}b1"
for pair in "$HA u0" "$HB u1" "$HA a0" "$TA a1" "$HB b0" "$TB b1"; do
    set -- $pair; off "$1" "vsl${ID}$2"; ip -n "$1" link set "vsl${ID}$2" up
done
ip -n "$TA" link set "vsl${ID}a1" mtu 1400; ip -n "$TB" link set "vsl${ID}b1" mtu 1400

echo "machine: $(nproc) cores, $(uname -r), load: $(cut -d' ' -f1-3 /proc/loadavg) (shared with other work)"
run_iperf() {
    ip netns exec "$TB" iperf3 -s -1 -B 10.199.0.2 >/dev/null 2>&1 & PIDS+=($!)
    for _ in $(seq 50); do ip netns exec "$TA" ping -c1 -W1 10.199.0.2 >/dev/null 2>&1 && break; done
    sleep 0.5
    ip netns exec "$TA" iperf3 -c 10.199.0.2 -t "$SECS" -J | python3 -c \
        'import json,sys; d=json.load(sys.stdin); print("%.0f Mbit/s" % (d["end"]["sum_received"]["bits_per_second"]/1e6))'
}
for h in A B; do
    if [ $h = A ]; then ns=$HA; local=10.197.0.1; remote=10.197.0.2; vm="vsl${ID}a0"
    else ns=$HB; local=10.197.0.2; remote=10.197.0.1; vm="vsl${ID}b0"; fi
    ip netns exec "$ns" "$ROOT/vswitch" run --logic static --ctl "/tmp/vsl-$ID-$h.sock" --port "afpacket:$vm,name=vm" \
        --port "vxlan:$remote,vni=42,local=$local,name=tun" >"/tmp/vsl-$ID-$h.log" 2>&1 & PIDS+=($!)
done
echo -n "vswitch VXLAN (userspace encap, AF_PACKET tenants): "; run_iperf
ip netns exec "$HA" "$ROOT/vswitch" ctl --ctl "/tmp/vsl-$ID-A.sock" stats --json > "/tmp/vsl-$ID-A.stats.json" || true
for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
PIDS=()
# the kernel's datapath on the same veths: vxlan devices bridged to the tenant veths
for h in A B; do
    if [ $h = A ]; then ns=$HA; local=10.197.0.1; remote=10.197.0.2; vm="vsl${ID}a0"
    else ns=$HB; local=10.197.0.2; remote=10.197.0.1; vm="vsl${ID}b0"; fi
    ip -n "$ns" link add vx0 type vxlan id 42 local $local remote $remote dstport 4789
    ip -n "$ns" link add br0 type bridge; ip -n "$ns" link set vx0 master br0; ip -n "$ns" link set "$vm" master br0
    off "$ns" vx0; ip -n "$ns" link set vx0 up; ip -n "$ns" link set br0 up
done
echo -n "kernel vxlan + Linux bridge: "; run_iperf
