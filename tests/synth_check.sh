#!/usr/bin/env bash
# synth_check.sh [--entries "N..."] [--pmp "P..."] [--tops "TOP..."] [--ports "1 2"]
#                [--pwc "N..."] [--l2 "N..."] [--l2-ways W] OUTDIR --
# synthesise rvmmu (the files of rtl/rvmmu.f) with yosys synth_ice40 for RV32
# and RV64 at each TLB size (default 16) and each PMP size (default 16, the
# parameter's default; 0: no PMP logic), and each top named (rvmmu, the
# default, or rvmmu_axi / rvmmu_wb: rvmmu with its walker bus adapter), with
# each number of request ports (default: the top's own default; 2: both
# ports, the instruction TLB as large as the data TLB), with each size
# of page-walk cache (--pwc, PWC_ENTRIES; default 0: none) and of L2 TLB
# (--l2, L2_ENTRIES in --l2-ways L2_WAYS ways, default 4; default 0: none;
# L2_SP its default); fail on latches or any `check` problem (multiple
# drivers, undriven nets).
# Prints a Markdown table of LUT4 cells and flip-flops (with --pwc or --l2,
# also the caches' sizes and the block RAMs, SB_RAM40_4K).
set -eu
entries=16 pmps=16 tops=rvmmu portss=default pwcs=0 l2s=0 l2ways=4 caches=0
while [ $# -gt 1 ]; do
    case $1 in
        --entries) entries=$2; shift 2 ;;
        --pmp) pmps=$2; shift 2 ;;
        --tops) tops=$2; shift 2 ;;
        --ports) portss=$2; shift 2 ;;
        --pwc) pwcs=$2; caches=1; shift 2 ;;
        --l2) l2s=$2; caches=1; shift 2 ;;
        --l2-ways) l2ways=$2; shift 2 ;;
        *) break ;;
    esac
done
out=$1
rtl=$(tr '\n' ' ' <rtl/rvmmu.f)
mkdir -p "$out"
if [ $caches = 1 ]; then
    echo "| top | ports | build | entries | PMP entries | walk cache | L2 TLB | LUT4 | flip-flops | SB_RAM40_4K |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
else
    echo "| top | ports | build | entries | PMP entries | LUT4 | flip-flops |"
    echo "| --- | --- | --- | --- | --- | --- | --- |"
fi
# One yosys run per build, SYNTH_JOBS at a time (default: one per core),
# the rows (or errors) printed in list order (tests/par.sh).
. tests/par.sh
par_init "$out/par" "${SYNTH_JOBS:-$(nproc)}"
one() {  # one TOP RV64 N PMP PORTS PWC L2: the row of one build, or an error (status 1)
    local top=$1 rv64=$2 n=$3 pmp=$4 ports=$5 pwc=$6 l2=$7 xlen pset np tag log luts ffs brams
    xlen=$((32 + 32 * rv64))
    pset="" np=$([ "$top" = rvmmu ] && echo 1 || echo 2)   # the top's default PORTS
    [ "$ports" = default ] || { pset=" -set PORTS $ports -set I_ENTRIES $n"; np=$ports; }
    tag="$top-p$np-rv$xlen-e$n-pmp$pmp"
    [ "$pwc" = 0 ] || { pset="$pset -set PWC_ENTRIES $pwc"; tag="$tag-pwc$pwc"; }
    [ "$l2" = 0 ] || { pset="$pset -set L2_ENTRIES $l2 -set L2_WAYS $l2ways"; tag="$tag-l2${l2}x$l2ways"; }
    log="$out/synth-$tag.log"
    yosys -q -l "$log" -p "read_verilog -sv -Irtl $rtl; chparam -set RV64 $rv64 -set ENTRIES $n -set PMP_ENTRIES $pmp$pset $top; \
        synth_ice40 -top $top; check -assert; tee -o $out/stat-$tag.txt stat" >/dev/null ||
        { echo "yosys failed (see $log)"; return 1; }
    if grep -q "Latch inferred" "$log" || grep -qi "latch" "$out/stat-$tag.txt"; then
        echo "latch inferred (see $log)"; return 1
    fi
    luts=$(awk '/SB_LUT4/ {print $2}' "$out/stat-$tag.txt" | tail -1)
    ffs=$(awk '/SB_DFF/ {s += $2} END {print s}' "$out/stat-$tag.txt")
    brams=$(awk '/SB_RAM40_4K/ {print $2}' "$out/stat-$tag.txt" | tail -1)
    if [ $caches = 1 ]; then
        echo "| $top | $np | RV$xlen ($([ $rv64 = 1 ] && echo Sv39/48/57 || echo Sv32)) | $n | $pmp |" \
             "$([ "$pwc" = 0 ] && echo none || echo "$pwc") | $([ "$l2" = 0 ] && echo none || echo "$l2 in $l2ways ways") |" \
             "$luts | $ffs | ${brams:-0} |"
    else
        echo "| $top | $np | RV$xlen ($([ $rv64 = 1 ] && echo Sv39/48/57 || echo Sv32)) | $n | $pmp | $luts | $ffs |"
    fi
}
for top in $tops; do
    for rv64 in 0 1; do
        for n in $entries; do
            for pmp in $pmps; do
              for ports in $portss; do
                for pwc in $pwcs; do
                  for l2 in $l2s; do
                    par_run one "$top" $rv64 "$n" "$pmp" "$ports" "$pwc" "$l2"
                  done
                done
              done
            done
        done
    done
done
par_end
