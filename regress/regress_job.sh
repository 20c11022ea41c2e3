#!/usr/bin/env bash
# regress_job.sh OUT MODE SEED [ACCESSES] -- one regression seed: a
# constrained-random trace (regress/gen_random.c) replayed through the RTL under
# stress chosen by the seed (random memory latency and back-pressure, bus
# errors injected on the walker port, SFENCEs of every form racing walks, idle
# gaps, random initial register state, requests back to back for half the
# seeds, fetches through the instruction port for half), the scoreboard checking every cycle. Writes
# OUT/results/MODE-SEED.txt ("PASS|FAIL MODE SEED ACCESSES SECONDS HOST") and
# OUT/cov/MODE-SEED.txt; on a failure OUT/fail/MODE-SEED/ holds the trace, a
# delta-debugged minimal trace, the messages and the commands that replay it.
#
# RVMMU=TOOL replays with another build of the tool (build/rvmmu-cov for
# line/toggle coverage, written to OUT/vcov/MODE-SEED.dat); GEN_RANDOM=TOOL
# generates with another build of the generator (build/gen_random-fast, the
# one without sanitizers, for make regress and make soak); GEN_EXTRA adds
# generator options.
set -u
out=$1 mode=$2 seed=$3 n=${4:-1000}
cd "$(dirname "$0")/.."
B=build
tool=${RVMMU:-$B/rvmmu}
gen_tool=${GEN_RANDOM:-$B/gen_random}
mkdir -p "$out/results" "$out/cov" "$out/traces"
t="$out/traces/$mode-$seed.trace"
opts=(--seed "$seed" --mem-latency $((seed % 2 + 1)) --mem-latency-max $((seed % 6 + 2))
      --stall "0.$((seed % 4))" --bus-error-rate 0.02 --fence-race --idle-max 2 --rand-reset "$seed")
# Half the seeds drive the requests back to back, the way a core does (a new
# one accepted as the previous one is answered), with random gaps; the
# fences of those seeds race the walks as items of the stream.
if [ $(((seed + seed / 4) % 2)) = 1 ]; then   # seed % 4 picks the mode: every mode gets both
    opts+=(--pipeline --gap-prob "0.$((seed / 2 % 5))" --max-gap $((seed / 2 % 4 + 1)))
fi
# A third of the seeds walk through the AXI4 adapter, a third through the
# Wishbone one (runs of four seeds, so every mode gets each bus), to the
# harness's slaves (tb/bus_model.c) with failed exclusive writes or RTYs.
case $((seed / 4 % 3)) in
    1) opts+=(--bus axi --bus-fail-rate 0.2) ;;
    2) opts+=(--bus wb --bus-fail-rate 0.2) ;;
esac
# Half the seeds (runs of twelve, so every mode and bus gets both) send the
# fetches through the instruction port, each port with its own TLB and
# scoreboard, the walker shared (rvmmu PORTS=2).
[ $((seed / 12 % 2)) = 1 ] && opts+=(--ports 2)
# The trace: PTE rewrites a quarter of them without their covering fence (the
# scoreboard allows the old translation exactly while the TLB still holds
# it), superpages mapped over pages in the TLB, satp.MODE switches (RV64),
# accesses that walk each followed by a fence that races the walk.
gen=(--mode "$mode" --seed "$seed" --accesses "$n" --wide-bare --noncanonical-sfence --unfenced 25
     --superpage-over 10 --mode-switch 6 --fence-races 25)
# GEN_EXTRA: more generator options (make regress-caches: --small-pages 90).
# shellcheck disable=SC2206  # a list of options
gen+=(${GEN_EXTRA:-})
# A third of the seeds run with PMP: random regions, TOR chains and locked
# entries (gen_random --pmp), reconfigured now and then, each with a full fence.
[ $((seed % 3)) = 2 ] && gen+=(--pmp 15)
codecov=()
case $tool in *-cov) mkdir -p "$out/vcov"; codecov=(--code-coverage "$out/vcov/$mode-$seed.dat");; esac
start=$(date +%s.%N)
status=PASS
if ! "$gen_tool" "${gen[@]}" >"$t" 2>"$t.err"; then
    status=FAIL
elif ! "$tool" replay "${opts[@]}" --coverage "$out/cov/$mode-$seed.txt" "${codecov[@]}" "$t" >/dev/null 2>"$t.err"; then
    status=FAIL
fi
end=$(date +%s.%N)
if [ $status = FAIL ]; then
    f="$out/fail/$mode-$seed"
    mkdir -p "$f"
    cp "$t" "$f/trace.trace"
    cp "$t.err" "$f/messages.txt"
    regress/ddmin.py "$f/trace.trace" "$f/min.trace" -- "$tool" replay "${opts[@]}" >"$f/ddmin.log" 2>&1
    {
        echo "seed $seed, mode $mode"
        echo "replay:      $tool replay ${opts[*]} $f/trace.trace"
        echo "minimal:     $tool replay ${opts[*]} $f/min.trace"
        echo "with waves:  $tool replay ${opts[*]} --wave $f/min.fst $f/min.trace"
        echo "regenerate:  $gen_tool ${gen[*]}"
        grep -m1 ': waves: ' "$f/messages.txt" | sed 's/^[^ ]*: waves: /waves near the first failure: /' || true
    } >"$f/command.txt"
fi
rm -f "$t.err"
[ $status = PASS ] && rm -f "$t"
printf "%s %s %s %s %s %s\n" $status "$mode" "$seed" "$n" "$(awk -v a="$start" -v b="$end" "BEGIN { printf \"%.3f\", b - a }")" "$(hostname)" >"$out/results/$mode-$seed.txt"
