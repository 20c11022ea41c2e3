#!/usr/bin/env bash
# synth_check.sh OUTDIR RTL... -- synthesise rvmmu (RV32 and RV64, 16
# entries) with yosys synth_ice40; fail on latches, multiple drivers or any
# `check` problem. Prints LUT and FF counts.
set -eu
out=$1; shift
mkdir -p "$out"
for rv64 in 0 1; do
    log="$out/synth-rv$((32 + 32 * rv64)).log"
    yosys -q -l "$log" -p "read_verilog -sv -Irtl $*; chparam -set RV64 $rv64 rvmmu; \
        synth_ice40 -top rvmmu; check -assert; tee -o $out/stat-rv$((32 + 32 * rv64)).txt stat" >/dev/null
    if grep -q "Latch inferred" "$log" || grep -qi "latch" "$out/stat-rv$((32 + 32 * rv64)).txt"; then echo "latch inferred (see $log)"; exit 1; fi
    luts=$(awk '/SB_LUT4/ {print $2}' "$out/stat-rv$((32 + 32 * rv64)).txt" | tail -1)
    ffs=$(awk '/SB_DFF/ {s += $2} END {print s}' "$out/stat-rv$((32 + 32 * rv64)).txt")
    echo "RV$((32 + 32 * rv64)) 16 entries: $luts LUT4, $ffs flip-flops"
done
