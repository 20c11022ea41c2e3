#!/usr/bin/env bash
# inject.sh -- the TLB fault-injection campaign (issue 17; docs/verification.md).
# Runs build/fi/rvmmu-inject-p0 (rvmmu PARITY=0) and -p1 (PARITY=1), each
# with N upsets (random bits of random TLB entries at random cycles, see
# tb/inject.c) spread over the directed traces and constrained-random traces
# of the regression's generator (build/gen_random), and prints the table.
# Fails unless PARITY=1 gives no wrong translation and PARITY=0 gives some
# (so that the campaign is seen to be able to find them).
# Usage: tests/inject.sh [N]          (default 3000 per configuration)
#        tests/inject.sh --quick      (make test's slice: 300, fewer traces)
set -u
cd "$(dirname "$0")/.."
B=build
FI=$B/fi
N=${1:-3000}
quick=0
if [ "$N" = --quick ]; then quick=1; N=300; fi
for t in "$FI/rvmmu-inject-p0" "$FI/rvmmu-inject-p1" "$B/gen_random"; do
    [ -x "$t" ] || { echo "inject.sh: $t is not built (make inject)" >&2; exit 2; }
done
mkdir -p "$FI/traces"
traces=()
if [ $quick = 1 ]; then
    traces=(tb/traces/sv32-example.trace tb/traces/sv32-sfence-va.trace tb/traces/sv32-megapage.trace
            tb/traces/sv39-walk-4k.trace tb/traces/sv32-ad-svadu.trace)
    seeds="1 2"
else
    traces=(tb/traces/*.trace)
    seeds="1 2 3 4 5 6 7 8"
fi
# The regression's random traces (regress/regress_job.sh's generator options).
for s in $seeds; do
    for m in sv32 sv39 sv48 sv57; do
        t="$FI/traces/$m-$s.trace"
        "$B/gen_random" --mode "$m" --seed "$s" --accesses 200 --wide-bare --noncanonical-sfence --unfenced 25 >"$t" ||
            { echo "inject.sh: gen_random --mode $m --seed $s failed" >&2; exit 2; }
        traces+=("$t")
    done
done
echo "TLB fault injection: $N upsets per configuration over ${#traces[@]} traces"
echo
echo "| rvmmu | upsets | detected (parity) | masked | wrong translations |"
echo "| --- | ---: | ---: | ---: | ---: |"
rc=0
for p in 0 1; do
    row=$("$FI/rvmmu-inject-p$p" --injections "$N" --seed 1 --label "PARITY=$p" "${traces[@]}") || { echo "inject.sh: PARITY=$p campaign failed" >&2; exit 2; }
    echo "$row"
    wrong=$(echo "$row" | awk -F'|' '{gsub(/ /, "", $6); print $6}')
    if [ $p = 1 ] && [ "$wrong" != 0 ]; then echo "inject.sh: FAIL: PARITY=1 gave $wrong wrong translation(s)" >&2; rc=1; fi
    if [ $p = 0 ] && [ "$wrong" = 0 ]; then echo "inject.sh: FAIL: PARITY=0 gave no wrong translation: the campaign cannot see them" >&2; rc=1; fi
done
exit $rc
