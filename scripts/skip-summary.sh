#!/usr/bin/env bash
# Prints what was skipped in the run that started at MARKER, grouped by reason: the skip logs the tests'
# Requirements probes write (target/vswitch-skips.log: TESTCLASS<tab>REASON, one line per skip; surefire
# leaves a class skipped in @BeforeAll out of its reports) and the other skips in the surefire reports:
#   test:   3 skipped: needs: ethtool (not on PATH) [AF_PACKET end-to-end]; fix: apt-get install ethtool
#           (AfPacketEndToEndTest, AfPacketV2EndToEndTest)
# and sets the exit status to the number of skipped tests (capped at 255), 0 when none; skips for a
# feature the host's kernel lacks (marked "(host kernel)": no package brings it) are listed but not counted.
# Usage: skip-summary.sh ROOT MARKER   (called by ./test after Maven)
set -uo pipefail
ROOT="$1"
MARKER="$2"
mapfile -t REPORTS < <(find "$ROOT" -path "$ROOT/.git" -prune -o -path '*/target/surefire-reports/TEST-*.xml' \
                            -newer "$MARKER" -print 2>/dev/null | sort)
mapfile -t LOGS < <(find "$ROOT" -path "$ROOT/.git" -prune -o -path '*/target/vswitch-skips.log' \
                         -newer "$MARKER" -print 2>/dev/null | sort)
# one record per skip: REASON <tab> CLASS
{
for log in "${LOGS[@]}"; do
    awk -F '\t' '{ print $2 "\t" $1 }' "$log"
done
[ "${#REPORTS[@]}" -eq 0 ] || awk '
    function attr(line, name,    re, v) {
        re = name "=\"[^\"]*\""
        if (match(line, re)) { v = substr(line, RSTART + length(name) + 2, RLENGTH - length(name) - 3); return v }
        return ""
    }
    function unescape(s) {
        gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s)
        gsub(/&#10;/, " ", s); gsub(/&amp;/, "\\&", s)
        return s
    }
    /<testcase / { cls = attr($0, "classname"); n = split(cls, parts, "."); cls = parts[n] }
    /<skipped/ {
        msg = unescape(attr($0, "message"))
        # a test skipped inside its body: surefire puts the exception text in CDATA instead of message=""
        if (msg == "" && match($0, /Assumption failed: .*/)) msg = substr($0, RSTART, RLENGTH)
        sub(/^Assumption failed: /, "", msg)
        if (msg ~ /^needs: /) next # a Requirements probe: already in its skip log
        if (msg == "") msg = "(no reason given: @Disabled or an assumption without a message)"
        print msg "\t" cls
    }
' "${REPORTS[@]}"
} | sort | awk -F '\t' '
    {
        count[$1]++
        key = $1 SUBSEP $2
        if (!(key in seen)) { seen[key] = 1; classes[$1] = (classes[$1] == "" ? $2 : classes[$1] ", " $2) }
        total++
        if (index($1, "(host kernel)") > 0) host++
    }
    END {
        if (total == 0) exit 0
        printf "test: %d skip(s) (a class skipped as a whole counts once):\n", total
        for (reason in count) printf "test: %4d x %s\ntest:        in %s\n", count[reason], reason, classes[reason]
        if (host > 0) printf "test: %d of them for a feature this host'"'"'s kernel lacks (host kernel): not counted\n", host
        left = total - host
        exit (left > 255 ? 255 : left)
    }
'
