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
#        tests/inject.sh --mutants    (parity bugs the campaign must see, below)
set -u
cd "$(dirname "$0")/.."
B=build
FI=$B/fi
N=${1:-3000}
quick=0
if [ "$N" = --quick ]; then quick=1; N=300; fi
# The models are built without PMP (PMP_ENTRIES=0; the campaign is about
# the TLB): the traces with pmp lines are left out.
no_pmp() { grep -L '^[[:space:]]*pmp[[:space:]]' "$@"; }
if [ "$N" = --mutants ]; then
    # Broken parity in an RV32 PARITY=1 model of its own (the RV64 model is
    # build/fi/p1's): each must let upsets through, i.e. the campaign over
    # Sv32 traces must count wrong translations (300 upsets).
    # name%text in rtl/rvmmu_tlb.sv%replacement
    MUTANTS=(
      "parity-over-fewer-bits%entry_parity = ^{vpn, level, napot, asid, ppn, flags, pbmt}%entry_parity = ^{vpn, level, napot, asid, flags, pbmt}"
      "parity-error-still-hits%assign hit[gi] = valid_q[gi] && tag_q && !perr[gi];%assign hit[gi] = valid_q[gi] && tag_q;"
    )
    for t in "$FI/p1/shim64.o" "$FI/p1/obj64/Vrvmmu64__ALL.a" "$B/c/tb/inject.o" "$B/gen/rvmmu_sim.sv" "$B/gen_random"; do
        [ -e "$t" ] || { echo "inject.sh: $t is not built (make inject)" >&2; exit 2; }
    done
    ROOT=$PWD ENTRIES=$(cat "$B/.entries" 2>/dev/null || echo 16)
    ENTRIES=${ENTRIES//[^0-9]/}
    mkdir -p "$FI/traces"
    traces=($(no_pmp tb/traces/sv32-*.trace))
    for s in 1 2 3 4; do
        "$B/gen_random" --mode sv32 --seed "$s" --accesses 200 --wide-bare --unfenced 25 >"$FI/traces/m-sv32-$s.trace" || exit 2
        traces+=("$FI/traces/m-sv32-$s.trace")
    done
    # The control: the tree's own PARITY=1 model, same traces and seed, has none.
    row=$("$FI/rvmmu-inject-p1" --injections 300 --seed 1 --label "control (rtl/)" "${traces[@]}") || exit 2
    wrong=$(echo "$row" | awk -F'|' '{gsub(/ /, "", $6); print $6}')
    rc=0
    if [ "$wrong" = 0 ]; then echo "inject mutants: control: 0 wrong translations: $row"
    else echo "inject mutants: FAIL: the control gave $wrong wrong translation(s): $row"; rc=1; fi
    for m in "${MUTANTS[@]}"; do
        IFS='%' read -r name text repl <<<"$m"
        d=$ROOT/$FI/mutants/$name
        rm -rf "$d" && mkdir -p "$d/rtl"
        cp rtl/*.sv rtl/*.vh rtl/*.vlt rtl/rvmmu.f "$d/rtl/"
        python3 tests/apply_mutation.py "$d/rtl/rvmmu_tlb.sv" "$text" "$repl" ||
            { echo "inject mutant $name: the mutation did not apply"; rc=1; continue; }
        tests/build_mutant.sh --fi "$d" 32 rvmmu-inject -GENTRIES="$ENTRIES" -GPARITY=1\'b1 -GPMP_ENTRIES=0 ||
            { echo "inject mutant $name: build failed (see $d/build.log)"; rc=1; continue; }
        row=$("$d/rvmmu-inject" --injections 300 --seed 1 --label "$name" "${traces[@]}") ||
            { echo "inject mutant $name: the campaign failed"; rc=1; continue; }
        wrong=$(echo "$row" | awk -F'|' '{gsub(/ /, "", $6); print $6}')
        if [ "$wrong" != 0 ]; then echo "inject mutant $name: caught: $wrong wrong translation(s): $row"
        else echo "inject mutant $name: NOT caught: $row"; rc=1; fi
    done
    exit $rc
fi
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
    traces=($(no_pmp tb/traces/*.trace))
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
