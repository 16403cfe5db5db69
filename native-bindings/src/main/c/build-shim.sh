#!/usr/bin/env bash
# Builds the DPDK shim (libvswitch_dpdk.so) when DPDK's development files are installed; otherwise
# says so and succeeds, so the rest of vswitch builds and tests on a machine without DPDK.
# Usage: build-shim.sh SOURCE_DIR TARGET_DIR   (called by native-bindings/pom.xml at compile)
set -euo pipefail
SRC="$1"
TARGET="$2"
OUT="$TARGET/native/libvswitch_dpdk.so"
RESOURCE="$TARGET/classes/net/vswitch/natives/dpdk/libvswitch_dpdk.so"

if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libdpdk; then
    echo "[vswitch] DPDK not found (pkg-config libdpdk): DPDK shim not built, DPDK ports unavailable." \
         "Install it with: apt-get install libdpdk-dev pkg-config"
    rm -f "$OUT" "$RESOURCE"
    exit 0
fi
if ! command -v gcc >/dev/null 2>&1; then
    echo "[vswitch] gcc not found: DPDK shim not built, DPDK ports unavailable. Install it with: apt-get install gcc"
    rm -f "$OUT" "$RESOURCE"
    exit 0
fi
if [ -f "$OUT" ] && [ "$OUT" -nt "$SRC/vswitch_dpdk_shim.c" ] && [ "$OUT" -nt "$0" ]; then
    mkdir -p "$(dirname "$RESOURCE")" && cp "$OUT" "$RESOURCE"
    exit 0
fi
mkdir -p "$TARGET/native" "$(dirname "$RESOURCE")"
# --no-as-needed: the shim is also the handle Java resolves every DPDK symbol through, so it keeps
# librte_eal/ethdev/mbuf/mempool as dependencies even where it calls none of their functions itself
# shellcheck disable=SC2046
gcc -O3 -g -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden -o "$OUT" "$SRC/vswitch_dpdk_shim.c" \
    $(pkg-config --cflags libdpdk) -Wl,--no-as-needed $(pkg-config --libs libdpdk | sed 's/-Wl,--as-needed//g')
cp "$OUT" "$RESOURCE"
echo "[vswitch] built $OUT against DPDK $(pkg-config --modversion libdpdk)"
