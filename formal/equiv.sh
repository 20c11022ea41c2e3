#!/usr/bin/env bash
# formal/equiv.sh [--entries N] REV -- the RTL of the working tree is the
# same logic as git revision REV's: rvmmu of both, flattened, proven
# equivalent with yosys (equiv_make, equiv_simple, equiv_induct) for RV32
# and RV64 at N TLB entries (default 16). For refactorings, where the area
# yosys reports may move by a few LUTs (ABC depends on the netlist's order
# and names) while the logic does not. REV's files: its rtl/rvmmu.f, or
# before that file existed, its rtl/*.v.
# Exit status 0 when both builds are proven equivalent.
set -u
cd "$(dirname "$0")/.."
entries=16
if [ "${1:-}" = --entries ]; then entries=$2; shift 2; fi
[ $# = 1 ] || { sed -n '2,9p' "$0"; exit 2; }
rev=$1
out=build/equiv
rm -rf "$out" && mkdir -p "$out/gold"
git archive "$rev" rtl | tar -x -C "$out/gold" || { echo "equiv: cannot read rtl/ of $rev" >&2; exit 2; }
if [ -f "$out/gold/rtl/rvmmu.f" ]; then
    gold=$(sed "s|^rtl/|$out/gold/rtl/|" "$out/gold/rtl/rvmmu.f" | tr '\n' ' ')
else
    gold=$(ls "$out"/gold/rtl/*.v | tr '\n' ' ')
fi
gate=$(tr '\n' ' ' <rtl/rvmmu.f)
status=0
for rv64 in 0 1; do
    log=$out/rv$((32 + 32 * rv64))-e$entries.log
    if yosys -q -l "$log" -p "
        read_verilog -sv -I$out/gold/rtl $gold; chparam -set RV64 $rv64 -set ENTRIES $entries rvmmu;
        prep -top rvmmu; flatten; rename rvmmu gold; design -stash gold;
        read_verilog -sv -Irtl $gate; chparam -set RV64 $rv64 -set ENTRIES $entries rvmmu;
        prep -top rvmmu; flatten; rename rvmmu gate; design -stash gate;
        design -copy-from gold -as gold gold; design -copy-from gate -as gate gate;
        equiv_make gold gate equiv; hierarchy -top equiv; async2sync;
        equiv_simple -seq 5; equiv_induct -seq 5; equiv_status -assert" >/dev/null 2>&1; then
        echo "RV64=$rv64 ENTRIES=$entries: equivalent to $rev ($(grep 'Of those cells' "$log" | tail -1 | sed 's/^ *Of those cells //'))"
    else
        echo "RV64=$rv64 ENTRIES=$entries: NOT proven equivalent to $rev (see $log)"; status=1
    fi
done
exit $status
