#!/usr/bin/env bash
# synth_check.sh [--entries "N..."] [--pmp "P..."] [--tops "TOP..."] [--ports "1 2"] OUTDIR --
# synthesise rvmmu (the files of rtl/rvmmu.f) with yosys synth_ice40 for RV32
# and RV64 at each TLB size (default 16) and each PMP size (default 16, the
# parameter's default; 0: no PMP logic), and each top named (rvmmu, the
# default, or rvmmu_axi / rvmmu_wb: rvmmu with its walker bus adapter), with
# each number of request ports (default: the top's own default; 2: both
# ports, the instruction TLB as large as the data TLB); fail
# on latches or any `check` problem (multiple drivers, undriven nets).
# Prints a Markdown table of LUT4 cells and flip-flops.
set -eu
entries=16 pmps=16 tops=rvmmu portss=default
while [ $# -gt 1 ]; do
    case $1 in
        --entries) entries=$2; shift 2 ;;
        --pmp) pmps=$2; shift 2 ;;
        --tops) tops=$2; shift 2 ;;
        --ports) portss=$2; shift 2 ;;
        *) break ;;
    esac
done
out=$1
rtl=$(tr '\n' ' ' <rtl/rvmmu.f)
mkdir -p "$out"
echo "| top | ports | build | entries | PMP entries | LUT4 | flip-flops |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
# One yosys run per build, SYNTH_JOBS at a time (default: one per core),
# the rows (or errors) printed in list order (tests/par.sh).
. tests/par.sh
par_init "$out/par" "${SYNTH_JOBS:-$(nproc)}"
one() {  # one TOP RV64 N PMP PORTS: the row of one build, or an error (status 1)
    local top=$1 rv64=$2 n=$3 pmp=$4 ports=$5 xlen pset np tag log luts ffs
    xlen=$((32 + 32 * rv64))
    pset="" np=$([ "$top" = rvmmu ] && echo 1 || echo 2)   # the top's default PORTS
    [ "$ports" = default ] || { pset=" -set PORTS $ports -set I_ENTRIES $n"; np=$ports; }
    tag="$top-p$np-rv$xlen-e$n-pmp$pmp"
    log="$out/synth-$tag.log"
    yosys -q -l "$log" -p "read_verilog -sv -Irtl $rtl; chparam -set RV64 $rv64 -set ENTRIES $n -set PMP_ENTRIES $pmp$pset $top; \
        synth_ice40 -top $top; check -assert; tee -o $out/stat-$tag.txt stat" >/dev/null ||
        { echo "yosys failed (see $log)"; return 1; }
    if grep -q "Latch inferred" "$log" || grep -qi "latch" "$out/stat-$tag.txt"; then
        echo "latch inferred (see $log)"; return 1
    fi
    luts=$(awk '/SB_LUT4/ {print $2}' "$out/stat-$tag.txt" | tail -1)
    ffs=$(awk '/SB_DFF/ {s += $2} END {print s}' "$out/stat-$tag.txt")
    echo "| $top | $np | RV$xlen ($([ $rv64 = 1 ] && echo Sv39/48/57 || echo Sv32)) | $n | $pmp | $luts | $ffs |"
}
for top in $tops; do
    for rv64 in 0 1; do
        for n in $entries; do
            for pmp in $pmps; do
              for ports in $portss; do
                par_run one "$top" $rv64 "$n" "$pmp" "$ports"
              done
            done
        done
    done
done
par_end
