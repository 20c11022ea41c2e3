#!/usr/bin/env bash
# icarus_check.sh -- the second simulator. Every directed trace runs on the
# Verilated model with its test vectors recorded (`rvmmu replay --vectors`),
# then on Icarus Verilog (4-state) through sim/icarus/rvmmu_vec_tb.sv, which
# applies the same inputs cycle by cycle and requires every meaningful output
# to equal Verilator's and to hold no X (docs/verification.md). Runs each
# trace at memory latency 1, and every third one also with random latency
# and back-pressure.
# Usage: tests/icarus_check.sh [TRACE...]   (default: tb/traces/*.trace)
set -u
cd "$(dirname "$0")/.."
B=build
OUT=$B/icarus
mkdir -p "$OUT"
ENTRIES=$(cat "$B/.entries" 2>/dev/null || echo 16)
read -r PORTS I_ENTRIES <"$B/.ports" 2>/dev/null || { PORTS=2; I_ENTRIES=4; }   # the models' (Makefile MODEL_*)
for x in 32 64; do
    rv64=0; [ $x = 64 ] && rv64=1
    iverilog -g2012 -Irtl -I"$B/gen" -o "$OUT/rvmmu$x.vvp" -s rvmmu_vec_tb \
        -P rvmmu_vec_tb.RV64=1\'b$rv64 -P rvmmu_vec_tb.ENTRIES="$ENTRIES" -P rvmmu_vec_tb.PORTS="$PORTS" -P rvmmu_vec_tb.I_ENTRIES="$I_ENTRIES" \
        $(cat rtl/rvmmu.f) sim/icarus/rvmmu_vec_tb.sv 2>"$OUT/iverilog$x.log" ||
        { cat "$OUT/iverilog$x.log"; exit 1; }
done
traces=("$@")
[ ${#traces[@]} -gt 0 ] || traces=(tb/traces/*.trace)
status=0 n=0 cycles=0 k=0
for t in "${traces[@]}"; do
    x=32; grep -qE '^[[:space:]]*mode[[:space:]]+sv(39|48|57)' "$t" && x=64
    # Every trace at latency 1; every third one again under stress (time),
    # every sixth another with its fetches through the instruction port.
    runs="plain"; [ $((k % 3)) = 0 ] && runs="plain stress"; [ $((k % 6)) = 1 ] && runs="plain ports2"; k=$((k + 1))
    for run in $runs; do
        opts=""; [ $run = stress ] && opts="--mem-latency-max 4 --stall 0.3 --seed 5"
        [ $run = ports2 ] && opts="--ports 2"
        v=$OUT/$(basename "$t" .trace).$run.vec
        "$B/rvmmu" replay $opts --vectors "$v" "$t" >/dev/null 2>&1
        rc=$?
        if [ $rc -gt 1 ]; then echo "$t ($run): the Verilator replay failed ($rc)"; status=1; continue; fi
        if ! r=$(vvp -n "$OUT/rvmmu$x.vvp" +vec="$v" 2>&1); then
            echo "$t ($run): Icarus differs from Verilator (vectors $v):"; echo "$r" | head -12; status=1; continue
        fi
        c=$(echo "$r" | sed -n 's/^rvmmu_vec_tb: \([0-9]*\) cycles, 0 mismatches, 0 unknown$/\1/p')
        [ -n "$c" ] || { echo "$t ($run): no result line: $r"; status=1; continue; }
        n=$((n + 1)); cycles=$((cycles + c))
        rm -f "$v"
    done
done
echo "icarus: $n runs, $cycles cycles, every meaningful output equal to Verilator's and never X"

# The bench sees what 2-state simulation cannot: the TLB's valid bits
# without their reset are X under Icarus (Verilator starts them at random
# values), and that X must be reported.
M=$OUT/no-reset
rm -rf "$M" && mkdir -p "$M/rtl" && cp rtl/*.sv rtl/*.vh rtl/rvmmu.f "$M/rtl/"
python3 - "$M/rtl/rvmmu_tlb.sv" <<'PY' || { echo "the no-reset mutant did not apply"; exit 1; }
import sys
p = sys.argv[1]; s = open(p).read()
old = "if (!rst_ni) valid_q <= '0;\n    else valid_q <= valid_d;"
if s.count(old) != 1: sys.exit(1)
open(p, "w").write(s.replace(old, "valid_q <= valid_d;"))
PY
iverilog -g2012 -I"$M/rtl" -I"$B/gen" -o "$M/rvmmu32.vvp" -s rvmmu_vec_tb -P rvmmu_vec_tb.RV64=1\'b0 \
    -P rvmmu_vec_tb.ENTRIES="$ENTRIES" -P rvmmu_vec_tb.PORTS="$PORTS" -P rvmmu_vec_tb.I_ENTRIES="$I_ENTRIES" $(sed "s|^rtl/|$M/rtl/|" rtl/rvmmu.f) sim/icarus/rvmmu_vec_tb.sv 2>/dev/null || exit 1
"$B/rvmmu" replay --vectors "$M/example.vec" tb/traces/sv32-example.trace >/dev/null 2>&1
if r=$(vvp -n "$M/rvmmu32.vvp" +vec="$M/example.vec" 2>&1) || ! grep -q " is X " <<<"$r"; then
    echo "the TLB without its reset was not reported:"; echo "$r" | head -5; status=1
else
    echo "the TLB without its reset: $(grep -m1 ' is X ' <<<"$r")"
fi
exit $status
