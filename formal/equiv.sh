#!/usr/bin/env bash
# formal/equiv.sh [--entries N] REV -- the RTL of the working tree is the
# same logic as git revision REV's: rvmmu of both, flattened, proven
# equivalent with yosys (equiv_make, equiv_simple, equiv_induct) for RV32
# and RV64 at N TLB entries (default 16). For refactorings, where the area
# yosys reports may move by a few LUTs (ABC depends on the netlist's order
# and names) while the logic does not. REV's files: its rtl/rvmmu.f, or
# before that file existed, its rtl/*.v. An output port the working tree
# has and REV has not (a new monitor output, e.g. PWC_ENTRIES' mon_pwc_*)
# is left out of the comparison: what is proven is that every port REV has
# behaves the same. An input port REV lacks (PORTS=2's ireq_*, unread at
# the default PORTS=1) is removed and its wires left free (anyseq): the
# proof then fails if the logic reads it.
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
# Ports of each top (sim/gen_edge.py's reader of rvmmu's header).
ports() {
    python3 -c 'import sys; sys.path.insert(0, "sim"); import gen_edge
for p in gen_edge.parse(sys.argv[1])[3]: print(p.dir, p.name)' "$1" | sort
}
extra=""
if [ -f "$out/gold/rtl/rvmmu.sv" ]; then
    new=$(comm -13 <(ports "$out/gold/rtl/rvmmu.sv") <(ports rtl/rvmmu.sv)) || exit 2
    for p in $(awk '{print $2}' <<<"$new"); do extra="$extra gate/$p"; done
    [ -z "$extra" ] || echo "ports $rev lacks, outputs not compared, inputs free:$(sed 's| gate/| |g' <<<"$extra")"
fi
# A refactoring that moves logic into submodules changes the flattened
# names (u_port.s_valid_q for s_valid_q), and equiv_induct needs the state
# of both sides paired by name: a gate wire whose name the gold lacks is
# renamed to the gold's name that remains when leading instance names are
# dropped, or to the one gold name the gate lacks that ends the same way
# (for a renamed instance), if that name is not already the gate's.
wires() {  # FILES TOP-RV64 OUT: the flattened design's wire names
    yosys -q -p "read_verilog -sv -I$1 $2; chparam -set RV64 $3 -set ENTRIES $entries rvmmu;
                 prep -top rvmmu; flatten; tee -q -o $4 select -list w:*" >/dev/null 2>&1
}
status=0
for rv64 in 0 1; do
    log=$out/rv$((32 + 32 * rv64))-e$entries.log
    wires "$out/gold/rtl" "$gold" $rv64 "$out/gold.wires" && wires rtl "$gate" $rv64 "$out/gate.wires" || {
        echo "equiv: cannot elaborate rvmmu (RV64=$rv64)" >&2; exit 2; }
    python3 - "$out/gold.wires" "$out/gate.wires" >"$out/rename.ys" <<'PY'
import sys
gold = {l.strip().split("/", 1)[-1] for l in open(sys.argv[1]) if l.strip()}
gate = {l.strip().split("/", 1)[-1] for l in open(sys.argv[2]) if l.strip()}
taken = set(gate)
# The gold's wires that the gate lacks, by each tail of their dotted name
# (a tail only one of them has): for an instance renamed or moved deeper
# (u_dport.s_valid_q, now g_port[0].u_port.s_valid_q).
tails = {}
for g in gold - gate:
    parts = g.split(".")
    for k in range(1, len(parts)):
        tails.setdefault(".".join(parts[k:]), set()).add(g)
for w in sorted(w for w in gate - gold if "$" not in w and " " not in w):
    parts = w.split(".")
    for k in range(1, len(parts)):
        tail = ".".join(parts[k:])
        cands = [tail] if tail in gold else sorted(tails.get(tail, ()))
        if len(cands) == 1 and cands[0] not in taken:
            print("rename %s %s" % (w, cands[0]))
            taken.add(cands[0])
            break
        if cands:
            break
PY
    if yosys -q -l "$log" -p "
        read_verilog -sv -I$out/gold/rtl $gold; chparam -set RV64 $rv64 -set ENTRIES $entries rvmmu;
        prep -top rvmmu; flatten; rename rvmmu gold; design -stash gold;
        read_verilog -sv -Irtl $gate; chparam -set RV64 $rv64 -set ENTRIES $entries rvmmu;
        prep -top rvmmu; flatten; cd rvmmu; script $out/rename.ys; cd ..; rename rvmmu gate; design -stash gate;
        design -copy-from gold -as gold gold; design -copy-from gate -as gate gate;
        ${extra:+delete -port $extra; setundef -undriven -anyseq;}
        equiv_make gold gate equiv; hierarchy -top equiv; async2sync;
        equiv_simple -seq 5; equiv_induct -seq 5; equiv_status -assert" >/dev/null 2>&1; then
        echo "RV64=$rv64 ENTRIES=$entries: equivalent to $rev ($(grep 'Of those cells' "$log" | tail -1 | sed 's/^ *Of those cells //'))"
    else
        echo "RV64=$rv64 ENTRIES=$entries: NOT proven equivalent to $rev (see $log)"; status=1
    fi
done
exit $status
