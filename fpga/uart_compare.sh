#!/usr/bin/env bash
# uart_compare.sh [TRACE...] -- the board in simulation (build/fpga/uart_pty_sim,
# UART at bit level behind a pty) against the plain replay: for every bundled
# Sv32 trace (or those given) `rvmmu uart --port PTY replay T` must print what
# `rvmmu replay T` prints, line for line up to `  ;` (the cycle counts are the
# board's: its memory answers in 3 cycles), with the same exit status. A trace
# that does not fit the board (exit 3) is skipped with its reason.
# Env: SIM (default build/fpga/uart_pty_sim), UART (default "build/rvmmu uart",
# or build/fpga/rvmmu-uart when build/rvmmu has no uart command), REPLAY
# (default "build/rvmmu replay"; make test also runs SIM and REPLAY of
# build/caches, the walk cache and the L2 TLB on).
set -u
cd "$(dirname "$0")/.."
SIM=${SIM:-build/fpga/uart_pty_sim}
REPLAY=${REPLAY:-build/rvmmu replay}
if [ -z "${UART:-}" ]; then
    if build/rvmmu uart --help >/dev/null 2>&1; then UART="build/rvmmu uart"; else UART=build/fpga/rvmmu-uart; fi
fi
[ $# -gt 0 ] && traces=("$@") || traces=(tb/traces/sv32-*.trace)
out=$(mktemp -d)
"$SIM" > "$out/sim.out" 2> "$out/sim.err" &
sim=$!
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 100); do [ -s "$out/sim.out" ] && grep -q selftest "$out/sim.out" && break; sleep 0.1; done
pty=$(head -1 "$out/sim.out")
st=$(sed -n 2p "$out/sim.out")
echo "uart_pty_sim: $pty, $st"
pass=0 fail=0 skip=0
[ "$st" = "selftest pass" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: the board's self-test"; }
for t in "${traces[@]}"; do
    $REPLAY "$t" > "$out/want" 2> "$out/want.err"; want=$?
    $UART --port "$pty" replay "$t" > "$out/got" 2> "$out/got.err"; got=$?
    if [ $got = 3 ]; then
        skip=$((skip + 1)); echo "skip: $(cat "$out/got.err")"; continue
    fi
    sed 's/  ;.*//' "$out/want" > "$out/want.cut"; sed 's/  ;.*//' "$out/got" > "$out/got.cut"
    if [ $got = $want ] && cmp -s "$out/want.cut" "$out/got.cut"; then
        pass=$((pass + 1)); echo "ok: $t ($(wc -l < "$out/got") lines, exit $got)"
    else
        fail=$((fail + 1)); echo "FAIL: $t (exit $got, replay $want)"; diff "$out/want.cut" "$out/got.cut" | head -10
        head -5 "$out/got.err"
    fi
done
echo "uart: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
