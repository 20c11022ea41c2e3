#!/usr/bin/env bash
# build_mutant.sh -- one mutant's replay tool: the RTL copy in DIR/rtl (one
# rule broken by tests/apply_mutation.py) Verilated as the WIDTH-bit model,
# its shim, and the tool linked with the tree's model of the other width.
# tests/mutants.sh and tests/inject.sh --mutants build theirs with it.
#
#   tests/build_mutant.sh [--fi] DIR WIDTH BIN [-GNAME=VALUE ...]
#
# DIR    the mutant's directory (holds rtl/); the objects and DIR/BIN go there
# WIDTH  32 or 64: the model built from DIR/rtl (rvmmu_sim with RV64 0 or 1)
# BIN    the tool's file name in DIR
# -G...  rvmmu's parameters for Verilator (ENTRIES, PMP_ENTRIES, PORTS and
#        I_ENTRIES are also told to the shim, so the tool knows them; default
#        16, rtl/'s, 1 and 16)
# --fi   a fault-injection model (tb/inject.c's rvmmu-inject: Verilated with
#        --public-flat-rw, its TLB registers listed by tb/fi_gen.py, the other
#        width from build/fi/p1); without it the replay tool (tb/main.c), the
#        other width from build/.
# Needs make's build/ (build/c objects, build/gen, the other width's model).
# Exit status 0 when DIR/BIN is built; the tools' output is in DIR/build.log.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
B=$ROOT/build
fi=0
[ "${1:-}" = --fi ] && { fi=1; shift; }
[ $# -ge 3 ] || { sed -n '7,8p' "$0" >&2; exit 2; }
d=$1 w=$2 bin=$3
shift 3
case $w in 32) rv=0 other=64 ;; 64) rv=1 other=32 ;; *) echo "build_mutant.sh: WIDTH must be 32 or 64" >&2; exit 2 ;; esac
entries=16 pmp="" ports=()
for g in "$@"; do
    case $g in
        -GENTRIES=*) entries=${g#-GENTRIES=} ;;
        -GPMP_ENTRIES=*) pmp="-DVMODEL_PMP_ENTRIES=${g#-GPMP_ENTRIES=}" ;;
        -GPORTS=*) ports+=("-DVMODEL_PORTS=${g#-GPORTS=}") ;;
        -GI_ENTRIES=*) ports+=("-DVMODEL_I_ENTRIES=${g#-GI_ENTRIES=}") ;;
        -GL2_ENTRIES=*) ports+=("-DVMODEL_L2_ENTRIES=${g#-GL2_ENTRIES=}") ;;
        -GPWC_ENTRIES=*) ports+=("-DVMODEL_PWC_ENTRIES=${g#-GPWC_ENTRIES=}") ;;
        -G*) ;;
        *) echo "build_mutant.sh: not a -G parameter: $g" >&2; exit 2 ;;
    esac
done
VROOT=$(verilator --getenv VERILATOR_ROOT)
if [ $fi = 1 ]; then
    vflags=(--x-assign unique --x-initial unique --public-flat-rw) odir=$B/fi/p1 skip=main
    sflags=(-DRVMMU_FI "-DVMODEL_ROOT_HEADER=\"Vrvmmu${w}___024root.h\"")
else
    vflags=() odir=$B skip=inject sflags=()
fi
cd "$d" || exit 2
{
    verilator --cc --trace-fst -O3 "${vflags[@]}" -Irtl rtl/rvmmu.vlt -f rtl/rvmmu.f "$B/gen/rvmmu_sim.sv" \
        --top-module rvmmu_sim -GRV64=1\'b$rv "$@" --prefix Vrvmmu$w -Mdir obj$w &&
    make -s -C obj$w -f Vrvmmu$w.mk OPT_FAST=-O1 OPT_SLOW=-O1 Vrvmmu${w}__ALL.a &&
    if [ $fi = 1 ]; then python3 "$ROOT/tb/fi_gen.py" obj$w/Vrvmmu${w}___024root.h >obj$w/fi_fields.h; fi &&
    g++ -std=c++17 -O1 -I"$ROOT/sim" -I"$B/gen" -Iobj$w -I"$VROOT/include" -I"$VROOT/include/vltstd" \
        "${sflags[@]}" -DVMODEL=Vrvmmu$w "-DVMODEL_HEADER=\"Vrvmmu$w.h\"" -DSHIM_PREFIX=rv$w \
        -DVMODEL_ENTRIES="$entries" $pmp "${ports[@]}" -c "$ROOT/sim/model_shim.cpp" -o shim$w.o &&
    g++ -o "$bin" $(ls "$B"/c/tb/*.o | grep -v "/$skip\\.o\$") "$B"/c/lib/*.o "$B"/c/sim/*.o "$B"/c/sw/*.o \
        "$B"/c/fpga/host/*.o shim$w.o obj$w/Vrvmmu${w}__ALL.a "$odir/shim$other.o" "$odir/obj$other/Vrvmmu${other}__ALL.a" \
        "$B"/obj32/verilated.o "$B"/obj32/verilated_fst_c.o "$B"/obj32/verilated_threads.o -lz -pthread
} >build.log 2>&1
