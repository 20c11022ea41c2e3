#!/usr/bin/env bash
# synth_check.sh [--entries "N..."] OUTDIR -- synthesise rvmmu (the files of
# rtl/rvmmu.f) with yosys synth_ice40 for RV32 and RV64 at each TLB size
# (default 16); fail on latches or any `check` problem (multiple drivers,
# undriven nets). Prints a Markdown table of LUT4 cells and flip-flops.
set -eu
entries=16
if [ "${1:-}" = "--entries" ]; then entries=$2; shift 2; fi
out=$1
rtl=$(tr '\n' ' ' <rtl/rvmmu.f)
mkdir -p "$out"
echo "| build | entries | LUT4 | flip-flops |"
echo "| --- | --- | --- | --- |"
for rv64 in 0 1; do
    xlen=$((32 + 32 * rv64))
    for n in $entries; do
        tag="rv$xlen-e$n"
        log="$out/synth-$tag.log"
        yosys -q -l "$log" -p "read_verilog -sv -Irtl $rtl; chparam -set RV64 $rv64 -set ENTRIES $n rvmmu; \
            synth_ice40 -top rvmmu; check -assert; tee -o $out/stat-$tag.txt stat" >/dev/null
        if grep -q "Latch inferred" "$log" || grep -qi "latch" "$out/stat-$tag.txt"; then
            echo "latch inferred (see $log)"; exit 1
        fi
        luts=$(awk '/SB_LUT4/ {print $2}' "$out/stat-$tag.txt" | tail -1)
        ffs=$(awk '/SB_DFF/ {s += $2} END {print s}' "$out/stat-$tag.txt")
        echo "| RV$xlen ($([ $rv64 = 1 ] && echo Sv39/48/57 || echo Sv32)) | $n | $luts | $ffs |"
    done
done
