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
    ROOT=$PWD VROOT=$(verilator --getenv VERILATOR_ROOT) ENTRIES=$(cat "$B/.entries" 2>/dev/null || echo 16)
    ENTRIES=${ENTRIES//[^0-9]/}
    mkdir -p "$FI/traces"
    traces=(tb/traces/sv32-*.trace)
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
        ( cd "$d" && verilator --cc --trace-fst -O3 --x-assign unique --x-initial unique --public-flat-rw -Irtl rtl/rvmmu.vlt -f rtl/rvmmu.f \
            "$ROOT/$B/gen/rvmmu_sim.sv" --top-module rvmmu_sim -GRV64=1\'b0 -GENTRIES="$ENTRIES" -GPARITY=1\'b1 \
            --prefix Vrvmmu32 -Mdir obj32 >/dev/null &&
          make -s -C obj32 -f Vrvmmu32.mk OPT_FAST=-O1 OPT_SLOW=-O1 Vrvmmu32__ALL.a >/dev/null &&
          python3 "$ROOT/tb/fi_gen.py" obj32/Vrvmmu32___024root.h >obj32/fi_fields.h &&
          g++ -std=c++17 -O1 -I"$ROOT/sim" -I"$ROOT/$B/gen" -Iobj32 -I"$VROOT/include" -I"$VROOT/include/vltstd" \
            -DRVMMU_FI -DVMODEL=Vrvmmu32 '-DVMODEL_HEADER="Vrvmmu32.h"' '-DVMODEL_ROOT_HEADER="Vrvmmu32___024root.h"' \
            -DSHIM_PREFIX=rv32 -DVMODEL_ENTRIES="$ENTRIES" -c "$ROOT/sim/model_shim.cpp" -o shim32.o &&
          g++ -o rvmmu-inject $(ls "$ROOT/$B"/c/tb/*.o | grep -v '/main\.o$') "$ROOT/$B"/c/lib/*.o "$ROOT/$B"/c/sim/*.o \
            "$ROOT/$B"/c/sw/*.o "$ROOT/$B"/c/fpga/host/*.o shim32.o obj32/Vrvmmu32__ALL.a \
            "$ROOT/$FI/p1/shim64.o" "$ROOT/$FI/p1/obj64/Vrvmmu64__ALL.a" "$ROOT/$B"/obj32/verilated.o \
            "$ROOT/$B"/obj32/verilated_fst_c.o "$ROOT/$B"/obj32/verilated_threads.o -lz -pthread ) >"$d/build.log" 2>&1 ||
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
