#!/usr/bin/env bash
# pmp_check.sh [RTL_FILE] -- prove rtl/rvmmu_pmp.sv (or RTL_FILE, a copy of it)
# equal to the PMP chapter as formal/pmp_fv.sv writes it again (in bytes,
# NAPOT's trailing ones counted one by one), for every CSR value, address,
# size, privilege and permission: RV32 with 2 entries at G = 0 and G = 2,
# RV64 with 2 entries at G = 0. The checker is combinational, so one SAT
# call (yosys `sat -prove-asserts`) covers every input; the configurations
# run side by side. Exit status 0 when every configuration holds.
set -u
cd "$(dirname "$0")/.."
RTL=${1:-rtl/rvmmu_pmp.sv}
# The configurations run side by side (PMP_CHECK_JOBS at a time, default
# one per core), their lines printed in list order (tests/par.sh).
. tests/par.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
par_init "$out" "${PMP_CHECK_JOBS:-$(nproc)}"
one() {  # one RV64 N G
    local rv64=$1 n=$2 g=$3 tag
    tag="rv$((32 + 32 * rv64)) entries $n G $g"
    if yosys -p "read_verilog -sv -formal -Irtl -Iformal rtl/rvmmu_pkg.sv $RTL formal/pmp_fv.sv;
        chparam -set RV64 $rv64 -set ENTRIES $n -set GRAN $g pmp_fv; prep -top pmp_fv; flatten; opt_clean;
        setundef -anyseq; opt -fast; async2sync; dffunmap; sat -prove-asserts -verify" 2>&1 |
        grep -q "SAT proof finished - no model found: SUCCESS"; then
        echo "pmp_check: $tag: rvmmu_pmp equals the spec"
    else
        echo "pmp_check: $tag: FAILS (a counterexample: rerun yosys with sat -show-inputs)"; return 1
    fi
}
for cfg in "0 2 0" "0 2 2" "1 2 0"; do
    par_run one $cfg
done
par_end
