#!/usr/bin/env bash
# formal/run.sh -- the formal proofs of rvmmu, with Debian's yosys 0.23,
# yosys-abc (and yosys-smtbmc + z3 to explain a failed induction; no
# SymbiYosys needed; formal/*.sby do the same for those who have it).
#
#   formal/run.sh [-j N] [--rtl DIR] [--out DIR] [--quiet] [--all | JOB...]
#
# JOBs (default: all but par32e2, pwc64e2, pmp32e2, dual64, dualpwc32, l2tlb32/64 and l2mmu64; --all: every one, as `make formal` runs):
#   rv32e2  RV32 (Sv32), 2 TLB entries     rv64e2  RV64 (Sv39/48/57), 2 entries
#   rv32e4  RV32 (Sv32), 4 TLB entries     live32  RV32, 2 entries, bounded liveness
#                                          live64  RV64, 2 entries, bounded liveness
#   par32e2 RV32, 2 TLB entries, PARITY=1 (upsets of the parity bits)
#   pwc32e2 RV32, 2 TLB entries, a 2-entry page-walk cache (PWC_ENTRIES=2)
#   pwc64e2 RV64, 2 TLB entries, PWC_ENTRIES=2
#   axi32, axi64  the AXI4 walker adapter (rtl/rvmmu_axi_walker.sv) alone,
#           RV32 and RV64 widths, in formal/axi_walker_fv.sv: the AXI4
#           rules (formal/axi4_master_props.sv) and the walker port's
#   wb32, wb64    the Wishbone B4 adapter (rtl/rvmmu_wb_walker.sv) alone, in
#           formal/wb_walker_fv.sv with formal/wb_master_props.sv
#   dual32, dual64  two request ports (PORTS=2, 2-entry TLBs): every
#           property of each port, the arbiter's (one walk at a time, its
#           owner's, a port waits for at most one walk of the other)
#   dualpwc32 PORTS=2 with a 2-entry walk cache (two lookups); --all only
#   pmp32e2 RV32, 2 TLB entries, 2 PMP entries (PMP_ENTRIES=2, any CSR values,
#           held while a request is pending): nothing read, written or
#           returned outside what the PMP allows, and every other property
#           with PMP refusals (docs/pmp-status.md). --all only (about 210 s).
#   l2tlb32, l2tlb64  the second-level TLB (rtl/rvmmu_l2tlb.sv) alone, its
#           own properties (RVMMU_L2TLB_FV): 4 RAM entries (2 sets of 2
#           ways), 2 flip-flop entries; RV32 and RV64 widths. --all only
#           (4 sets of 2 ways: the RAM invariant's induction did not end in
#           10 minutes).
#   l2mmu32, l2mmu64  rvmmu with both caches (L2_ENTRIES=4: 2 sets of 2
#           ways, L2_SP=1; PWC_ENTRIES=2) and 2 TLB entries: every property of the MMU
#           (one response per request, the walk, the races), and the L2
#           TLB's guarantees to its caller (rtl/rvmmu_l2tlb.sv: key held,
#           fills only of the last lookup's key after its answer, no
#           lookup or fence during a sweep) asserted, not assumed. l2mmu32
#           in the default set, l2mmu64 --all only.
# For each job the design (the files of rtl/rvmmu.f with their `ifdef FORMAL
# properties, and the harness formal/rvmmu_fv.sv) is elaborated once, then:
#   bmc    every assert, BMC to BMC_DEPTH steps with ABC's bmc3: the base
#          case of the induction (it needs steps 0..IND_K-1); each failure named
#   ind    every assert at once, the inductive step of k-induction
#          (k = IND_K) with ABC's `ind` on the same AIG; together with
#          bmc this is an unbounded proof. When it fails: BMC again to
#          DIAG_DEPTH steps (a real failure, named, or only an induction
#          that does not close) and yosys-smtbmc + z3 for a counterexample
#          trace (OUT/JOB/ind-cex.vcd)
#   cover  every cover statement reached within COVER_DEPTH steps (ABC)
# Results go to OUT/JOB/*.txt; a table and "N passed, M failed" at the end.
# Exit status 0 when every check passed.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
RTL_DIR=rtl
OUT=build/formal
JOBS=2
QUIET=0
ALL=0
IND_K=${IND_K:-3}
BMC_DEPTH=${BMC_DEPTH:-$((IND_K + 3))}
DIAG_DEPTH=${DIAG_DEPTH:-20}
COVER_DEPTH=${COVER_DEPTH:-20}
while [ $# -gt 0 ]; do
    case $1 in
        -j) JOBS=$2; shift 2 ;;
        --rtl) RTL_DIR=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --quiet) QUIET=1; shift ;;
        --all) ALL=1; shift ;;
        -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d'; exit 0 ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
# Longest first (about 45, 41, 32, 29 and 26 s of CPU here), so that two at a time end together.
ALL_JOBS="live64 rv64e2 l2mmu32 rv32e4 live32 dual32 pwc32e2 rv32e2 axi64 wb64 axi32 wb32"
# --all: the PMP, parity and RV64 walk-cache jobs too, first (the longest).
[ "$ALL" = 1 ] && ALL_JOBS="l2mmu64 pmp32e2 dual64 dualpwc32 par32e2 pwc64e2 l2tlb64 l2tlb32 $ALL_JOBS"
SEL=${*:-$ALL_JOBS}
# The RTL: DIR/rvmmu.f (rtl/rvmmu.f, or a copy's), its rtl/ read as DIR/.
[ -r "$RTL_DIR/rvmmu.f" ] || { echo "run.sh: $RTL_DIR/rvmmu.f is missing" >&2; exit 2; }
RTL_FILES=$(sed "s|^rtl/|$RTL_DIR/|" "$RTL_DIR/rvmmu.f" | tr '\n' ' ')

for t in yosys yosys-smtbmc yosys-abc z3 python3; do
    command -v $t >/dev/null || { echo "run.sh: $t is missing (apt-get install -y yosys z3 python3)" >&2; exit 2; }
done

params() {  # params JOB -> "RV64 ENTRIES LIVE PARITY PWC_ENTRIES PMP_ENTRIES PORTS"
    case $1 in
        rv32e2) echo "0 2 0 0 0 0 1" ;;
        rv32e4) echo "0 4 0 0 0 0 1" ;;
        rv64e2) echo "1 2 0 0 0 0 1" ;;
        live32) echo "0 2 1 0 0 0 1" ;;
        live64) echo "1 2 1 0 0 0 1" ;;
        par32e2) echo "0 2 0 1 0 0 1" ;;
        pwc32e2) echo "0 2 0 0 2 0 1" ;;
        pwc64e2) echo "1 2 0 0 2 0 1" ;;
        pmp32e2) echo "0 2 0 0 0 2 1" ;;
        dual32) echo "0 2 0 0 0 0 2" ;;
        dual64) echo "1 2 0 0 0 0 2" ;;
        dualpwc32) echo "0 2 0 0 2 0 2" ;;
        axi32|wb32) echo "0 0 0 0 0 0 1" ;;
        axi64|wb64) echo "1 0 0 0 0 0 1" ;;
        l2tlb32) echo "0 4 0 0 0 0 1" ;;
        l2tlb64) echo "1 4 0 0 0 0 1" ;;
        l2mmu32) echo "0 2 0 0 2 0 1" ;;
        l2mmu64) echo "1 2 0 0 2 0 1" ;;
        *) return 1 ;;
    esac
}

# design JOB -> the harness' top module, then the files it reads. The MMU's
# jobs read rtl/rvmmu.f; a bus adapter's job its own module alone.
design() {
    case $1 in
        axi*) echo "axi_walker_fv $RTL_DIR/rvmmu_pkg.sv $RTL_DIR/rvmmu_axi_walker.sv formal/walker_port_props.sv formal/axi4_master_props.sv formal/axi_walker_fv.sv" ;;
        l2tlb*) echo "rvmmu_l2tlb $RTL_DIR/rvmmu_pkg.sv $RTL_DIR/rvmmu_page_mask.sv $RTL_DIR/rvmmu_l2tlb.sv" ;;
        wb*)  echo "wb_walker_fv $RTL_DIR/rvmmu_pkg.sv $RTL_DIR/rvmmu_wb_walker.sv formal/walker_port_props.sv formal/wb_master_props.sv formal/wb_walker_fv.sv" ;;
        *)    echo "rvmmu_fv $RTL_FILES formal/rvmmu_fv.sv" ;;
    esac
}

# one JOB: writes OUT/JOB/{bmc,ind,cover}.txt (one line per property) and status
run_job() {
    local job=$1 d=$OUT/$1 rv64 entries live parity pwc pmp ports t0 top files chp
    read -r rv64 entries live parity pwc pmp ports <<<"$(params "$job")"
    read -r top files <<<"$(design "$job")"
    chp="-set RV64 $rv64"
    [ "$top" = rvmmu_fv ] && chp="$chp -set ENTRIES $entries -set LIVE $live -set PARITY $parity -set PWC_ENTRIES $pwc -set PMP_ENTRIES $pmp -set PORTS $ports"
    # The L2 TLB alone: its own environment (-D), its RAMs as flip-flops,
    # its outputs internal (the miter's outputs are the properties only).
    local defs="" mem=""
    [ "$top" = rvmmu_l2tlb ] && { chp="$chp -set ENTRIES $entries -set WAYS 2 -set SP_ENTRIES 2"; defs="-DRVMMU_L2TLB_FV"; mem="memory_map; delete -output $top/o:*;"; }
    # rvmmu with the L2 TLB: its RAMs as flip-flops too.
    # (Its walks take 2 cycles more: the covers get 4 more steps.)
    local cdepth=$COVER_DEPTH
    case $job in l2mmu*) chp="$chp -set L2_ENTRIES 4 -set L2_WAYS 2 -set L2_SP 1"; mem="memory_map;"; cdepth=$((COVER_DEPTH + 4)) ;; esac
    rm -rf "$d" && mkdir -p "$d"
    t0=$(date +%s)
    # Elaborate once.
    yosys -q -l "$d/elab.log" -p "read_verilog -sv -formal $defs -I$RTL_DIR -Iformal -I$OUT/gen $files;
        chparam $chp $top;
        prep -top $top; flatten; $mem opt_clean; setundef -anyseq; opt -keepdc -fast; check -assert;
        write_rtlil $d/design.il" >/dev/null 2>&1 || { echo "elaboration failed (see $d/elab.log)" >"$d/error"; return 1; }
    # AIGER miters (one output per property) for ABC.
    local m
    for m in assert cover; do
        python3 formal/fv_targets.py "$d/design.il" "$d/$m.il" $m >"$d/$m.names" 2>"$d/$m.err" ||
            { echo "fv_targets $m failed" >"$d/error"; return 1; }
        yosys -q -p "read_rtlil $d/$m.il; hierarchy -top $top; dffunmap; techmap; opt_expr; opt_clean;
            abc -g AND -fast; opt_clean; write_aiger -miter -zinit -map $d/$m.aim $d/$m.aig" >/dev/null 2>"$d/$m.err" ||
            { echo "aiger $m failed" >"$d/error"; return 1; }
    done
    python3 formal/fv_abc.py assert "$d/assert.aig" "$d/assert.aim" "$BMC_DEPTH" >"$d/bmc.txt" 2>"$d/bmc.err" ||
        echo "bmc run failed" >>"$d/error"
    python3 formal/fv_abc.py cover "$d/cover.aig" "$d/cover.aim" "$cdepth" >"$d/cover.txt" 2>"$d/cover.err" ||
        echo "cover run failed" >>"$d/error"
    timeout 1200 python3 formal/fv_abc.py ind "$d/assert.aig" "$d/assert.aim" "$IND_K" >"$d/ind.txt" 2>"$d/ind.err" ||
        echo "FAIL $IND_K (ABC ind failed, see $d/ind.err)" >"$d/ind.txt"
    if ! grep -q '^PASS' "$d/ind.txt"; then
        # Diagnosis: a deeper BMC names what really fails; smtbmc + z3 (the
        # same induction on yosys' SMT2) gives a trace of the failing step.
        python3 formal/fv_abc.py assert "$d/assert.aig" "$d/assert.aim" "$DIAG_DEPTH" >"$d/bmc.txt" 2>"$d/bmc.err" ||
            echo "bmc run failed" >>"$d/error"
        yosys -q -p "read_rtlil $d/design.il; dffunmap; write_smt2 -wires $d/design.smt2" >/dev/null 2>"$d/smt2.err" &&
        timeout 1200 yosys-smtbmc -s z3 --unroll --noprogress -i -t "$IND_K" --dump-vcd "$d/ind-cex.vcd" \
            "$d/design.smt2" >"$d/ind.log" 2>&1
        echo "FAIL $IND_K $(grep -m3 'Assert failed' "$d/ind.log" 2>/dev/null | sed 's/.*Assert failed in [^:]*: //' | tr '\n' ' ')" >"$d/ind.txt"
    fi
    echo $(( $(date +%s) - t0 )) >"$d/seconds"
}

mkdir -p "$OUT"
# The harness' edge (rvmmu's free inputs, output wires, instance), from the ports of rvmmu.sv.
python3 sim/gen_edge.py "$RTL_DIR/rvmmu.sv" "$OUT/gen" || exit 2
export -f run_job params design
export OUT RTL_DIR RTL_FILES IND_K BMC_DEPTH DIAG_DEPTH COVER_DEPTH
T0=$(date +%s)
for j in $SEL; do params "$j" >/dev/null || { echo "run.sh: unknown job $j" >&2; exit 2; }; done
printf '%s\n' $SEL | xargs -P "$JOBS" -I{} bash -c 'run_job {}'

# ---------------------------------------------------------------- report
pass=0; fail=0
line() { [ "$QUIET" = 1 ] || echo "$@"; }
for j in $SEL; do
    d=$OUT/$j
    if [ -s "$d/error" ]; then
        echo "FAIL formal/$j: $(cat "$d/error")"; fail=$((fail + 1)); continue
    fi
    read -r ist ik irest <"$d/ind.txt"
    line "== $j ($(cat "$d/seconds") s): k-induction k=$ik: $ist ${irest:-}"
    while read -r name st depth; do
        if [ "$st" = PASS ] && [ "$ist" = PASS ]; then how="proven (k-induction, k=$ik; BMC $depth)"; ok=1
        elif [ "$st" = PASS ]; then how="BMC depth $depth (induction did not close)"; ok=1
        else how="FAILS at step $depth"; ok=0; fi
        case $name in *.h_*|h_*) kind=helper ;; *) kind=property ;; esac
        line "$(printf '  %-9s %-48s %s' "$kind" "$name" "$how")"
        if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL formal/$j/$name: $how"; fi
    done <"$d/bmc.txt"
    if [ "$ist" != PASS ]; then
        fail=$((fail + 1)); echo "FAIL formal/$j/induction: ${irest:-} (trace: $d/ind-cex.vcd)"
    fi
    while read -r name st depth; do
        line "$(printf '  %-9s %-48s %s' cover "$name" "$st at step $depth")"
        if [ "$st" = REACHED ]; then pass=$((pass + 1))
        elif [ "${j#live}" != "$j" ] && [ "$name" = u_mmu.u_walker.u_ptw.c_ptw_cas_retry ]; then
            # The liveness environment assumes no PTE changes under a swap:
            # that this cover is then unreachable shows the assumption bites.
            line "            (unreachable, as the LIVE environment assumes)"; pass=$((pass + 1))
        else fail=$((fail + 1)); echo "FAIL formal/$j/$name: not reached in $depth steps"; fi
    done <"$d/cover.txt"
done
echo
echo "formal: $(( $(date +%s) - T0 )) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
