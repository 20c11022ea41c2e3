#!/usr/bin/env bash
# run_tests.sh -- everything `make test` runs, one named check per line,
# ending with "N passed, M failed". Logs of failed checks: build/test-logs/.
set -u
cd "$(dirname "$0")/.."
B=build
LOGS=$B/test-logs
rm -rf "$LOGS" && mkdir -p "$LOGS"
pass=0
fail=0

# Where the time goes: each check's seconds go to $TIMES (NAME SECONDS), and
# the end prints every stage's total and the slowest checks.
TIMES=$LOGS/times.txt
T_START=$(date +%s)
STAGE=setup
: >"$TIMES"
stage() { STAGE=$1; }

# check NAME COMMAND...: run COMMAND, record its outcome under NAME.
check() {
    local name=$1; shift
    local log="$LOGS/${name//\//_}.log" t0=$(date +%s.%N)
    if "$@" >"$log" 2>&1; then
        pass=$((pass + 1)); echo "PASS $name"
    else
        fail=$((fail + 1)); echo "FAIL $name   (log: $log)"; tail -n 5 "$log" | sed 's/^/     /'
    fi
    awk -v s="$STAGE" -v n="$name" -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%s %s %.1f\n", s, n, b - a }' >>"$TIMES"
}

# check_bg NAME COMMAND...: as check, but in the background, for long
# single-threaded work (a place-and-route, a model build) that can run on the
# second core beside the single-threaded checks; check_join (at the end)
# reports each under its name and stage, with its own seconds.
# They run one after the other: one core for them, one for the rest.
BG=()
BG_LAST=
check_bg() {
    local name=$1; shift
    local f="$LOGS/${name//\//_}" prev=$BG_LAST
    ( while [ -n "$prev" ] && kill -0 "$prev" 2>/dev/null; do sleep 1; done
      t0=$(date +%s.%N); "$@" >"$f.log" 2>&1; echo $? >"$f.status"
      awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", b - a }' >"$f.seconds" ) &
    BG_LAST=$!
    BG+=("$name $STAGE $!")
}
check_join() {
    local b name st pid f
    for b in "${BG[@]}"; do
        read -r name st pid <<<"$b"
        f="$LOGS/${name//\//_}"
        wait "$pid"
        if [ "$(cat "$f.status" 2>/dev/null)" = 0 ]; then
            pass=$((pass + 1)); echo "PASS $name   (background)"
        else
            fail=$((fail + 1)); echo "FAIL $name   (background; log: $f.log)"; tail -n 5 "$f.log" | sed 's/^/     /'
        fi
        echo "$st $name $(cat "$f.seconds" 2>/dev/null || echo 0)" >>"$TIMES"
    done
}

# expect_status WANT COMMAND...: the command must exit with status WANT.
expect_status() {
    local want=$1; shift
    "$@"; local got=$?
    [ "$got" = "$want" ] || { echo "exit status $got, expected $want"; return 1; }
}

# Sanitizer reports must fail loudly, not hide behind exit status 1 or 2.
export ASAN_OPTIONS=exitcode=99:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:exitcode=98:print_stacktrace=1

# ---------------------------------------------------------------- lint and synthesis
stage lint-formal-synthesis
check lint/verilator make -s lint
# The proofs (the default jobs, the bus adapters' and rvmmu with both caches
# (l2mmu32) among them; `make formal` adds par32e2, pwc64e2, pmp32e2, the L2
# TLB alone and the rest); their mutants (each property must fail on its
# broken RTL), a seventh of them (13 of 85): `make formal` runs all 85.
check formal/proofs formal/run.sh -j 2
check formal/mutants-slice formal/mutate.sh -j 2 --slice 0/7
# The PMP checker equals the spec chapter written again (formal/pmp_fv.sv), for every input.
check formal/pmp-checker-equals-spec formal/pmp_check.sh
check synth/yosys-ice40 tests/synth_check.sh "$B/synth"
# The RTL file lists: rvmmu.core's filesets and formal/rvmmu.sby are what
# rtl/rvmmu.f and fpga/rtl/fpga.f say, file for file, in order.
check files/core-matches-filelist tests/filelist_check.sh
filelist_swapped() {  # the check must see two files of the core's rtl fileset swapped
    # Outside the tree: FuseSoC (--cores-root .) would take any .core below it.
    local d c rc; d=$(mktemp -d); c="$d/swapped.core"
    awk '/^ *- rtl\/rvmmu_tlb.sv$/ { t = $0; next } { print } t && /^ *- rtl\/rvmmu_ptw.sv$/ { print t; t = "" }' \
        rvmmu.core >"$c"
    ! cmp -s rvmmu.core "$c" || { echo "the swap did not apply"; return 1; }
    expect_status 1 tests/filelist_check.sh "$c"; rc=$?
    rm -rf "$d"; return $rc
}
check files/check-catches-a-difference filelist_swapped

# ---------------------------------------------------------------- unit tests (sanitized)
# ---------------------------------------------------------------- background checks
# The proofs above keep both cores busy; from here on most checks use one, so
# the longest single-threaded ones run beside them: the HX8K place-and-route
# (stage fpga) here, the 2- and 128-entry builds (stage directed-traces) once
# their function is defined. Their results are reported at the end (check_join).
STAGE=fpga check_bg fpga/ice40hx8k-flow-timing-closes make -s fpga-check
# The fault-injection models (make fi-models) and the campaign's slice
# (tests/inject.sh --quick: 300 random bit flips in TLB entries over a few
# directed and random traces, each configuration): with PARITY=1 no wrong
# translation; with PARITY=0 some (the campaign sees them).
STAGE=inject check_bg inject/parity-no-wrong-translation \
    bash -c 'make -s -j1 fi-models && tests/inject.sh --quick'
# make peers' slice (docs/peers.md): CVA6's pinned RTL from PyPI, its two
# MMUs Verilated behind rvmmu's edge, and peers/peers.py over the four
# directed traces whose CVA6 difference it requires (Svnapot, Svadu, reserved
# bits, non-leaf A/D/U: it fails when one does not show), one short random
# trace a mode, and three short captured programs (each alone and as a mix)
# through both tools' `rvmmu study`, where rvmmu must pass its scoreboard and
# CVA6's wrong answers must not stop the run (in the Sv32 mix the third
# process's ASID 3 aliases the first's in CV32A6's one ASID bit: its first
# touches of unmapped pages hit the other process's entries).
peers_slice() {
    local d=$B/peers-slice
    rm -rf "$d" && mkdir -p "$d" || return 1
    "$B/rvmmu" capture --quiet --max 50000 -o "$d/ls.cap" -- /bin/ls / >/dev/null &&
        "$B/rvmmu" capture --quiet --max 50000 -o "$d/sort.cap" -- /usr/bin/sort Makefile >/dev/null &&
        "$B/rvmmu" capture --quiet --max 50000 -o "$d/ls-usr.cap" -- /bin/ls /usr >/dev/null || return 1
    make -s JOBS=1 PEER_SEEDS=1 PEER_ACCESSES=300 PEER_STUDY_MAX=50000 PEER_CAPTURES="$d/ls.cap $d/sort.cap $d/ls-usr.cap" \
        PEER_TRACES="$(printf 'tb/traces/%s.trace ' sv39-napot sv32-ad-svadu sv39-reserved-bits sv32-fault-nonleaf-ad-u)" \
        peers >"$d/peers.md" || return 1
    grep -q '^| sort | sv39 | ' "$d/peers.md" || { echo "no captured-program rows in $d/peers.md"; return 1; }
    grep -q '^| mix | sv32 | .* asid1' "$d/peers.md" || { echo "the Sv32 mix shows no ASID-bit difference"; return 1; }
}
STAGE=peers check_bg peers/cva6-beside-rvmmu peers_slice
stage unit
check unit/ref "$B/test_ref"
check unit/ref-h "$B/test_ref_h"
check unit/pmp "$B/test_pmp"
check unit/spec-constants-match-rtl "$B/test_consts"
check unit/mem "$B/test_mem"
check unit/policy "$B/test_policy"
check unit/trace "$B/test_trace" tb/traces/bad
check unit/sw "$B/test_sw"

# ---------------------------------------------------------------- directed traces
stage directed-traces
# Each trace: the reference model alone must meet its expect lines; the RTL
# (under the scoreboard) must meet them at latency 1 and under random memory
# latency and back-pressure; and RTL and model must print the same results.
same_results() {  # same_results FILE: RTL and reference print the same lines
    diff <("$B/rvmmu" replay "$1" | sed 's/  *;.*//') \
         <("$B/rvmmu" replay --model ref "$1" | sed 's/  *;.*//')
}
# Back to back (--pipeline: a request accepted as the previous one is answered,
# random gaps) the RTL must print exactly what it prints one request at a
# time, cycles included (acceptance to response does not change).
same_pipelined() {
    diff <("$B/rvmmu" replay --mem-latency 2 "$1" 2>&1) \
         <("$B/rvmmu" replay --mem-latency 2 --pipeline --gap-prob 0.3 --seed 5 "$1" 2>&1)
}
seed=1
for t in tb/traces/*.trace; do
    n=$(basename "$t" .trace)
    check "trace/$n/ref" "$B/rvmmu" replay --model ref "$t"
    check "trace/$n/rtl" "$B/rvmmu" replay "$t"
    check "trace/$n/rtl-lat3-stall" "$B/rvmmu" replay --mem-latency 3 --stall 0.3 --seed $seed "$t"
    check "trace/$n/rtl-equals-ref" same_results "$t"
    check "trace/$n/pipelined-same" same_pipelined "$t"
    seed=$((seed + 1))
done

# ---------------------------------------------------------------- the hypervisor extension (tlbtrace 2)
# Issue 18's groundwork: two-stage translation in the reference model only.
# Each trace of tb/traces/hyp/ (expected results worked out by hand from the
# Hypervisor chapter) must hold on the reference model; the RTL, which has
# no H extension yet, must refuse it (status 2) naming the first line that
# uses the extension, never translate it as something else.
stage hyp-traces
rtl_refuses_hyp() {  # rtl_refuses_hyp FILE
    local out line
    line=$(grep -nE '^[[:space:]]*(hgatp|vsatp|virt|vsum|vmxr|vadue|spvp|hfence\.[gv]vma|hlvx?|hsv)([[:space:]]|$)' "$1" | head -1 | cut -d: -f1)
    out=$(expect_status 2 "$B/rvmmu" replay "$1" 2>&1) || { echo "$out"; return 1; }
    echo "$out" | grep -q "^$1:$line: error: .*the RTL has no H extension yet" || { echo "$out"; return 1; }
}
for t in tb/traces/hyp/*.trace; do
    n=$(basename "$t" .trace)
    check "trace/hyp/$n/ref" "$B/rvmmu" replay --model ref "$t"
    check "trace/hyp/$n/rtl-refuses" rtl_refuses_hyp "$t"
done
check unit/trace-hyp-bad "$B/test_trace" tb/traces/hyp/bad

# ---------------------------------------------------------------- the generated edge
# sim/gen_edge.py reads rvmmu's header: a line it cannot read is an error
# naming the file and line.
edge_bad_line() {
    local d=$LOGS/edge-bad out
    mkdir -p "$d"
    sed 's/^\( *input  logic *req_sum_i\),/\1 req_x_i,/' rtl/rvmmu.sv >"$d/rvmmu.sv"
    local line; line=$(grep -n 'req_sum_i req_x_i,' "$d/rvmmu.sv" | cut -d: -f1)
    [ -n "$line" ] || { echo "no req_sum_i line to break"; return 1; }
    out=$(expect_status 1 python3 sim/gen_edge.py "$d/rvmmu.sv" "$d/gen" 2>&1) || { echo "$out"; return 1; }
    echo "$out" | grep -q "^gen_edge.py: error: $d/rvmmu.sv:$line: not a port line"
}
check edge/bad-header-line edge_bad_line

# ---------------------------------------------------------------- other TLB sizes
# Every ENTRIES the RTL accepts (a power of two, 2..256) must build and pass
# the directed traces: here the smallest and one past the 64 valid bits the
# monitor once had, each in its own build directory, the models Verilated
# with less optimisation (build time dominates). The scoreboard checks every
# cycle against the reference model's shadow of the TLB's actual contents.
# Expect lines a trace marks "this MMU" state what a TLB may keep (a stale
# translation after a PTE write without a fence): a smaller TLB may have
# evicted it, and the spec allows that, so such a line may fail, and only
# such a line, and only with a clean scoreboard, below 16 entries.
# --entries must accept the build's size and refuse another; rvmmu bench
# --quick (cycle counts) must pass at that size too.
entries_replay() {  # entries_replay N TRACE
    local rvmmu=$B/entries$1/rvmmu err bad
    err=$("$rvmmu" replay --entries "$1" "$2" 2>&1 >/dev/null) && return 0
    [ "$1" -lt 16 ] || { echo "$err"; return 1; }
    bad=$(echo "$err" | grep -v ': waves: ' | while IFS=: read -r f l msg; do
        case $msg in
            " expected "*) sed -n "${l}p" "$f" | grep -q 'this MMU' || echo "$f:$l:$msg" ;;
            *) echo "$f:$l:$msg" ;;
        esac
    done)
    [ -z "$bad" ] || { echo "$bad"; return 1; }
    echo "$2: only lines marked 'this MMU' differ (a $1-entry TLB evicted the translation):"
    echo "$err" | grep -v ': waves: '
}
entries_traces() {  # entries_traces N
    local n=$1 d=$B/entries$1 t0=$SECONDS other=$(( $1 == 16 ? 8 : 16 )) t ok=0
    make -s -j1 BUILD="$d" ENTRIES="$n" MODEL_PORTS=1 VL_OPT=-O1 VL_CXXOPT="OPT_FAST=-O1 OPT_SLOW=-O0" "$d/rvmmu" >/dev/null || return 1
    for t in tb/traces/*.trace; do entries_replay "$n" "$t" || ok=1; done
    expect_status 2 "$d/rvmmu" replay --entries "$other" tb/traces/sv32-example.trace || ok=1
    "$d/rvmmu" bench --quick || ok=1   # walk latencies and one hit a cycle at this size too
    echo "entries $n: built and replayed in $((SECONDS - t0)) s"
    return $ok
}
# In the background beside the directed traces (see "background checks").
for n in 2 128; do
    check_bg "entries/$n/directed-traces" entries_traces $n
done

# ---------------------------------------------------------------- constrained-random traces
stage random-traces
# regress/gen_random.c builds random page tables with sw/ and random access and
# SFENCE streams (no expect lines): the scoreboard checks every cycle, and
# the RTL must print the same results as the reference model.
random_trace() {  # random_trace MODE SEED
    local t="$LOGS/random-$1-$2.trace"
    "$B/gen_random" --mode "$1" --seed "$2" --accesses 400 --wide-bare --noncanonical-sfence >"$t" &&
        "$B/rvmmu" replay --mem-latency $(( $2 % 3 + 1 )) --stall 0.2 --seed "$2" "$t" >/dev/null &&
        same_results "$t"
}
stress_trace() {  # stress_trace MODE SEED: random latency, bus errors, racing fences, random reset state
    local t="$LOGS/stress-$1-$2.trace"
    "$B/gen_random" --mode "$1" --seed "$2" --accesses 400 >"$t" &&
        "$B/rvmmu" replay --seed "$2" --mem-latency-max 6 --stall 0.3 --bus-error-rate 0.05 \
            --fence-race --idle-max 3 --rand-reset "$2" "$t" >/dev/null
}
# make regress and make soak generate with build/gen_random-fast, the same
# sources without sanitizers: its output must be this one's, byte for byte
# (every option regress_job.sh gives it).
fast_generator() {  # fast_generator MODE SEED
    local g=(--mode "$1" --seed "$2" --accesses 3000 --wide-bare --noncanonical-sfence --unfenced 25
             --superpage-over 10 --mode-switch 6 --fence-races 25)
    cmp <("$B/gen_random" "${g[@]}") <("$B/gen_random-fast" "${g[@]}")
}
for mode in sv32 sv39 sv48 sv57; do
    check "random/$mode-fast-generator" fast_generator "$mode" 7
    for s in 1 2 3 4 5; do
        check "random/$mode-seed$s" random_trace "$mode" "$s"
        check "stress/$mode-seed$s" stress_trace "$mode" "$s"
    done
done
# PMP (gen_random --pmp): random regions, TOR chains, locked entries; the RTL
# equals the reference model, and the scoreboard holds under stress.
pmp_trace() {  # pmp_trace MODE SEED
    local t="$LOGS/pmp-$1-$2.trace"
    "$B/gen_random" --mode "$1" --seed "$2" --accesses 600 --wide-bare --pmp 20 >"$t" &&
        "$B/rvmmu" replay --seed "$2" "$t" >/dev/null && same_results "$t" &&
        "$B/rvmmu" replay --seed "$2" --mem-latency-max 6 --stall 0.3 --bus-error-rate 0.05 \
            --fence-race --idle-max 3 "$t" >/dev/null
}
for mode in sv32 sv39 sv48 sv57; do
    check "random/pmp-$mode-seed1" pmp_trace "$mode" 1
done

# ---------------------------------------------------------------- the page-walk cache
stage walk-cache
# A build with both caches, in its own directory, Verilated with less
# optimisation: a 4-entry page-walk cache (PWC_ENTRIES=4, rtl/rvmmu_pwc.sv)
# and a small second-level TLB (L2_ENTRIES=64 in 4 ways, 2 superpage
# entries, rtl/rvmmu_l2tlb.sv: stage l2-tlb below). The scoreboard checks
# every walk's start against the pointers it may legally use (those a walk
# followed since no SFENCE.VMA with rs1=x0 covered them) and its outcome
# against the reference walk from that pointer. The directed traces must
# pass as they are; the walk cache's own traces (tb/traces/pwc/, one rule
# each, with "this MMU" lines that only a walk cache gives) must, and their
# walks must read only the levels below the deepest cached pointer: L'
# levels take L'*(LAT+1)+1 cycles (LAT=1), and 2 more for the L2 TLB's
# lookup (these walks all miss it). Then random traces under stress.
PWCB=$B/caches
pwc_build() {
    make -s BUILD="$PWCB" PWC_ENTRIES=4 L2_ENTRIES=64 L2_WAYS=4 L2_SP=2 VL_OPT=-O1 \
        VL_CXXOPT="OPT_FAST=-O1 OPT_SLOW=-O0" "$PWCB/rvmmu" >/dev/null
}
check pwc/build pwc_build
pwc_directed() { local t ok=0; for t in tb/traces/*.trace tb/traces/pwc/*.trace; do "$PWCB/rvmmu" replay "$t" >/dev/null || ok=1; done; return $ok; }
check pwc/directed-traces pwc_directed
pwc_levels() {  # pwc_levels TRACE LINE:LEVELS...: each line's walk read LEVELS levels
    local t=$1 out want got; shift
    out=$("$PWCB/rvmmu" replay "$t") || return 1
    for lv in "$@"; do
        want=$(( ${lv#*:} * 2 + 1 + 2 ))
        got=$(awk -v l="${lv%:*}" '$1 == l { sub(/.*cycles=/, ""); print }' <<<"$out")
        [ "$got" = "$want" ] || { echo "$t:${lv%:*}: a walk of ${lv#*:} levels took ${got:-no} cycles, expected $want"; return 1; }
    done
}
check pwc/sv39-walk-reads-below-deepest-pointer pwc_levels tb/traces/pwc/sv39-pwc-deepest-pointer-mode-and-root.trace \
    38:3 39:1 40:2 41:1 43:4 47:1 49:3
check pwc/sv32-walk-reads-below-pointer pwc_levels tb/traces/pwc/sv32-pwc-va-fence-keeps-pointers.trace 26:2 29:1 31:1 33:2
pwc_random() {  # pwc_random MODE SEED: random latency, bus errors, racing fences, back to back, unfenced PTE writes
    local t="$LOGS/pwc-$1-$2.trace" more=""
    [ "$1" = sv32 ] || more="--mode-switch 20"
    "$B/gen_random" --mode "$1" --seed "$2" --accesses 400 --unfenced 25 --superpage-over 20 --fence-races 40 $more >"$t" &&
        "$PWCB/rvmmu" replay --seed "$2" --mem-latency-max 5 --stall 0.3 --bus-error-rate 0.05 --fence-race \
            --idle-max 2 --pipeline --gap-prob 0.2 --rand-reset "$2" "$t" >/dev/null &&
        "$B/gen_random" --mode "$1" --seed "$2" --accesses 400 >"$t" &&
        "$PWCB/rvmmu" replay --seed "$2" --mem-latency-max 6 --stall 0.3 --bus-error-rate 0.05 --fence-race \
            --idle-max 3 "$t" >/dev/null
}
for mode in sv32 sv39 sv48 sv57; do
    for s in 1 2 3; do check "pwc/random-$mode-seed$s" pwc_random "$mode" "$s"; done
done

# ---------------------------------------------------------------- the second-level TLB
stage l2-tlb
# The walk-cache stage's build: the L2 TLB (L2_ENTRIES=64 in 4 ways, 2
# superpage entries: small, so that sets fill and ways are replaced;
# rtl/rvmmu_l2tlb.sv) beside the walk cache. The scoreboard checks every walk the L2 TLB answers (mon_l2_hit_o) against the
# leaves it may legally hold (a walk's, until an SFENCE.VMA covers it), every
# other walk against the reference, and every fence's effect. The directed
# traces passed on this build in stage walk-cache; here the L2 TLB's own
# (tb/traces/l2/, one rule each, with "this MMU" lines only an L2 TLB gives),
# with their L2 hits answered 3 cycles after acceptance (no memory read).
# Then random traces under stress with both ports driven at once.
L2B=$PWCB
l2_directed() { local t ok=0; for t in tb/traces/l2/*.trace; do "$L2B/rvmmu" replay "$t" >/dev/null || ok=1; done; return $ok; }
check l2/directed-traces l2_directed
l2_hits() {  # l2_hits TRACE LINE...: each line's walk was answered by the L2 TLB (3 cycles)
    local t=$1 out got; shift
    out=$("$L2B/rvmmu" replay "$t") || return 1
    for l in "$@"; do
        got=$(awk -v l="$l" '$1 == l { sub(/.*cycles=/, ""); print }' <<<"$out")
        [ "$got" = 3 ] || { echo "$t:$l: ${got:-no} cycles, an L2 hit takes 3"; return 1; }
    done
}
check l2/sv32-4k-page-and-megapage-from-l2 l2_hits tb/traces/l2/sv32-l2-leaf-kept-until-va-fence.trace 88 89
check l2/sv32-global-across-asids-from-l2 l2_hits tb/traces/l2/sv32-l2-asid-tag-and-asid-fence.trace 123 155 157
# A Svnapot leaf in the block RAM under the VPN walked, kept until a fence of
# its 64 KiB range in its ASID (the sweep of the range's 16 sets).
check l2/sv39-napot-leaf-from-l2-until-range-fence l2_hits \
    tb/traces/l2/sv39-l2-napot-kept-per-page-until-range-fence.trace 127 212
# Long traces (3000 accesses) of mostly 4 KiB pages (--small-pages 90): a
# short one spends its steps churning page tables and fencing, and its
# bursts fit the 16-entry L1 through superpages, so it never reaches the L2
# TLB. First the fence-heavy trace with both ports at once (the 4-entry
# instruction TLB misses into the L2 TLB), then a calmer one through the
# data port alone; each run must show L2 hits (coverage l2-hit/*).
l2_random() {  # l2_random MODE SEED: both ports at once, random latency, bus errors, racing fences, unfenced PTE writes
    local t="$LOGS/l2-$1-$2.trace" more="" c
    [ "$1" = sv32 ] || more="--mode-switch 20"
    "$B/gen_random" --mode "$1" --seed "$2" --accesses 3000 --small-pages 90 --unfenced 25 --superpage-over 20 \
        --fence-races 20 $more >"$t" &&
        "$B/gen_random" --mode "$1" --seed "$2" --accesses 3000 --small-pages 90 --unfenced 10 >"$t.calm" || return 1
    for c in "--ports 2 --pipeline --seed $2 --mem-latency-max 5 --stall 0.3 --bus-error-rate 0.05 --fence-race --gap-prob 0.2 --rand-reset $2 $t" \
             "--seed $2 --mem-latency-max 6 --stall 0.3 --bus-error-rate 0.05 --fence-race --idle-max 3 $t" \
             "--seed $2 --mem-latency-max 6 --stall 0.3 --bus-error-rate 0.05 --idle-max 3 $t.calm"; do
        # shellcheck disable=SC2086  # $c is a list of options and the trace
        "$L2B/rvmmu" replay --coverage "$t.cov" $c >/dev/null || return 1
        case $c in *--fence-race\ --idle*) continue ;; esac   # (the fences leave the data port's L2 TLB empty)
        grep -q '^l2-hit/' "$t.cov" || { echo "replay $c: no walk was answered by the L2 TLB"; return 1; }
    done
}
for mode in sv32 sv39 sv48 sv57; do
    for s in 1 2; do check "l2/random-$mode-seed$s" l2_random "$mode" "$s"; done
done

# ---------------------------------------------------------------- walker bus adapters
stage walker-bus
# The simulation top carries the AXI4 and Wishbone B4 walker adapters
# (rtl/rvmmu_axi_walker.sv, rtl/rvmmu_wb_walker.sv); replay --bus puts one
# between the walker and the harness's slave (tb/bus_model.c: random ready
# and latency, injected SLVERR/ERR, failed exclusive writes, RTY), which
# checks the master's side of the protocol every cycle. The directed traces
# give the native port's results, expects included; a read adds no cycle
# (the same cycles as the native port where no A/D swap is made, and an
# A/D swap one memory transaction more); random traces under stress in
# every mode. The adapters' own proofs are formal/run.sh's axi32/axi64/wb32/
# wb64 (stage lint-formal-synthesis), their mutants in stage mutants.
bus_directed() {  # bus_directed BUS: every directed trace, results and expects as on the native port,
    local t ok=0  # also with half the exclusive writes failing (AXI) or half the responses RTY (Wishbone)
    for t in tb/traces/*.trace; do
        "$B/rvmmu" replay --bus "$1" "$t" >/dev/null || { echo "FAIL: $t"; ok=1; }
        "$B/rvmmu" replay --bus "$1" --bus-fail-rate 0.5 --stall 0.3 --mem-latency-max 4 "$t" >/dev/null ||
            { echo "FAIL (failures, stalls): $t"; ok=1; }
        diff <("$B/rvmmu" replay "$t" | sed 's/ *cycles=[0-9]*//') \
             <("$B/rvmmu" replay --bus "$1" "$t" | sed 's/ *cycles=[0-9]*//') || { echo "differs: $t"; ok=1; }
    done
    return $ok
}
check bus/axi-directed-traces bus_directed axi
check bus/wb-directed-traces bus_directed wb
bus_cycles() {  # bus_cycles BUS: walks without a swap take the native port's cycles (latency 3); a swap LAT+1 more
    local t ok=0
    for t in sv32-example sv32-megapage sv39-walk-4k sv48-walk-all-sizes sv57-walk-all-sizes; do
        diff <("$B/rvmmu" replay --mem-latency 3 "tb/traces/$t.trace") \
             <("$B/rvmmu" replay --mem-latency 3 --bus "$1" "tb/traces/$t.trace") || { echo "cycles differ: $t"; ok=1; }
    done
    # sv32-stale-until-fence.trace line 79: a store's walk (2 reads) and its D-bit swap:
    # 2*(3+1)+1 + (3+1) on the native port, the swap's read and write (3+1 more) on a bus.
    got=$("$B/rvmmu" replay --mem-latency 3 --bus "$1" tb/traces/sv32-stale-until-fence.trace |
          awk '$1 == 79 { sub(/.*cycles=/, ""); print }')
    [ "$got" = 17 ] || { echo "sv32-stale-until-fence.trace:79: a walk with a swap took ${got:-no} cycles, expected 17"; ok=1; }
    return $ok
}
check bus/axi-read-adds-no-cycle bus_cycles axi
check bus/wb-read-adds-no-cycle bus_cycles wb
bus_random() {  # bus_random BUS MODE SEED: latency, stalls, errors, failures, racing fences, back to back
    local t="$LOGS/bus-$1-$2-$3.trace" more=""
    [ "$2" = sv32 ] || more="--mode-switch 20"
    "$B/gen_random" --mode "$2" --seed "$3" --accesses 400 --unfenced 25 --superpage-over 20 --fence-races 40 $more >"$t" &&
        "$B/rvmmu" replay --bus "$1" --seed "$3" --mem-latency-max 5 --stall 0.3 --bus-error-rate 0.05 \
            --bus-fail-rate 0.2 --fence-race --idle-max 2 --pipeline --gap-prob 0.2 --rand-reset "$3" "$t" >/dev/null &&
        "$B/gen_random" --mode "$2" --seed "$3" --accesses 400 --pmp 20 >"$t" &&
        "$B/rvmmu" replay --bus "$1" --seed "$3" --mem-latency-max 6 --stall 0.3 --bus-error-rate 0.05 \
            --bus-fail-rate 0.2 --fence-race --idle-max 3 "$t" >/dev/null
}
for bus in axi wb; do
    for mode in sv32 sv39 sv48 sv57; do check "bus/$bus-random-$mode" bus_random "$bus" "$mode" 1; done
done
check cli/bad-bus expect_status 2 "$B/rvmmu-asan" replay --bus pci tb/traces/sv32-example.trace
# The tops a user instantiates (rtl/rvmmu_axi.sv, rtl/rvmmu_wb.sv: rvmmu and
# its adapter) are generated by sim/gen_edge.py and committed: they must be
# what the generator writes now (else `make tops`), and Yosys must elaborate
# them, both XLENs (make lint has Verilator's -Wall on them).
tops_current() { local t ok=0; for t in rvmmu_axi rvmmu_wb; do diff "$B/gen/$t.sv" "rtl/$t.sv" || { echo "rtl/$t.sv is stale: make tops"; ok=1; }; done; return $ok; }
check files/bus-tops-generated tops_current
tops_yosys() {
    local t rv
    for t in rvmmu_axi rvmmu_wb; do for rv in 0 1; do
        yosys -q -p "read_verilog -sv -Irtl $(tr '\n' ' ' <rtl/rvmmu.f); chparam -set RV64 $rv $t; hierarchy -check -top $t; proc; check -assert" ||
            { echo "yosys: $t RV64=$rv"; return 1; }
    done; done
}
check synth/bus-tops-yosys-elaborates tops_yosys

# ---------------------------------------------------------------- two request ports
stage two-ports
# The Verilated models have both request ports (PORTS=2); replay --ports 2
# sends fetches through the instruction port and its TLB, loads and stores
# through the data port, the walker (and walk cache) shared, each port
# checked by its own scoreboard against the reference. Every directed trace
# gives the single port's results (only hit/miss and cycles may differ: a
# fetch no longer hits a page a load filled), expects included; random
# traces under stress in every mode, and with the walk cache shared by both
# ports. The arbiter's proofs: formal/run.sh dual32 (stage lint-formal-synthesis).
ports_directed() {
    local t ok=0
    for t in tb/traces/*.trace; do
        "$B/rvmmu" replay --ports 2 "$t" >/dev/null || { echo "FAIL: $t"; ok=1; }
        diff <("$B/rvmmu" replay "$t" | sed 's/ *;.*//') \
             <("$B/rvmmu" replay --ports 2 "$t" | sed 's/ *;.*//') || { echo "differs: $t"; ok=1; }
    done
    return $ok
}
check two-ports/directed-traces ports_directed
ports_random() {  # ports_random BUILD MODE SEED: latency, stalls, errors, racing fences, back to back, PMP
    local t="$LOGS/ports-$2-$3.trace" more=""
    [ "$2" = sv32 ] || more="--mode-switch 20"
    "$B/gen_random" --mode "$2" --seed "$3" --accesses 400 --unfenced 25 --superpage-over 20 --fence-races 40 $more >"$t" &&
        "$1/rvmmu" replay --ports 2 --seed "$3" --mem-latency-max 5 --stall 0.3 --bus-error-rate 0.05 \
            --fence-race --idle-max 2 --pipeline --gap-prob 0.2 --rand-reset "$3" "$t" >/dev/null &&
        "$B/gen_random" --mode "$2" --seed "$3" --accesses 400 --pmp 20 >"$t" &&
        "$1/rvmmu" replay --ports 2 --seed "$3" --mem-latency-max 6 --stall 0.3 --bus-error-rate 0.05 \
            --fence-race --idle-max 3 "$t" >/dev/null
}
for mode in sv32 sv39 sv48 sv57; do check "two-ports/random-$mode" ports_random "$B" "$mode" 2; done
for mode in sv32 sv39; do check "two-ports/walk-cache-shared-$mode" ports_random "$PWCB" "$mode" 3; done
check cli/bad-ports expect_status 2 "$B/rvmmu-asan" replay --ports 3 tb/traces/sv32-example.trace

# ---------------------------------------------------------------- malformed input
stage malformed-input
# Each bad trace names its error in its first line: "# error: LINE: TEXT".
bad_file() {  # bad_file CMD FILE: exit 2, "FILE:LINE: error: ...TEXT..." on stderr, no crash
    local cmd=$1 f=$2 line text err
    line=$(sed -n '1s/^# error: \([0-9]*\): .*/\1/p' "$f")
    text=$(sed -n '1s/^# error: [0-9]*: //p' "$f")
    err=$("$B/rvmmu-asan" "$cmd" "$f" 2>&1 >/dev/null); local rc=$?
    echo "$err"
    [ "$rc" = 2 ] || { echo "exit status $rc, expected 2"; return 1; }
    grep -qF -- "$f:$line: error: " <<<"$err" || { echo "no '$f:$line: error:'"; return 1; }
    grep -qF -- "$text" <<<"$err" || { echo "message lacks '$text'"; return 1; }
}
for t in tb/traces/bad/*.trace; do
    check "malformed/$(basename "$t" .trace)" bad_file replay "$t"
done
check cli/missing-file expect_status 2 "$B/rvmmu-asan" replay tb/traces/no-such-file.trace
check cli/unknown-option expect_status 2 "$B/rvmmu-asan" replay --frobnicate tb/traces/sv32-example.trace
check cli/bad-latency expect_status 2 "$B/rvmmu-asan" replay --mem-latency 0 tb/traces/sv32-example.trace
check cli/bad-stall expect_status 2 "$B/rvmmu-asan" replay --stall 1.5 tb/traces/sv32-example.trace
check cli/unknown-command expect_status 2 "$B/rvmmu-asan" frobnicate
injected_bus_error() {  # a bus error injected on the L1 PTE is a load access fault
    "$B/rvmmu-asan" replay --bus-error 0x80010004 tb/traces/sv32-example.trace | tee /dev/stderr |
        grep -qx "18 load 0x400010 -> fault load_access_fault  ; miss cycles=3"
}
check cli/bus-error-injection injected_bus_error
check expect/wrong-expect-fails expect_status 1 "$B/rvmmu-asan" replay tb/traces/fail/sv32-wrong-expect.trace
check expect/wrong-check-fails expect_status 1 "$B/rvmmu-asan" replay tb/traces/fail/sv32-wrong-check.trace

# The whole tool under the sanitizers: every directed trace, then mutated
# traces (truncated, bytes flipped, lines shuffled) that must never crash.
asan_all() {
    local t rc
    for t in tb/traces/*.trace; do
        "$B/rvmmu-asan" replay --stall 0.2 --seed 7 "$t" >/dev/null || { echo "$t failed"; return 1; }
    done
}
check sanitizer/directed-traces asan_all
check sanitizer/mutated-traces tests/fuzz_traces.sh "$B/rvmmu-asan" "$B/fuzz" 300

# ---------------------------------------------------------------- waveforms
stage waveforms
wave_fst() {  # an FST dump carries the trace line of the request being served
    "$B/rvmmu" replay --wave "$LOGS/w.fst" tb/traces/sv32-example.trace >/dev/null &&
        fst2vcd -f "$LOGS/w.fst" -o "$LOGS/w-from-fst.vcd" >/dev/null 2>&1 &&
        grep -q 'tag_q' "$LOGS/w-from-fst.vcd" && grep -q '^b0*10010 ' "$LOGS/w-from-fst.vcd"  # line 18
}
wave_vcd_window() {  # --wave x.vcd --wave-from 5 --wave-to 9 dumps cycles 5..9 only (10 time units each)
    "$B/rvmmu" replay --wave "$LOGS/w.vcd" --wave-from 5 --wave-to 9 tb/traces/sv32-example.trace >/dev/null &&
        awk '/^#[0-9]+$/ { t = substr($0, 2) + 0; if (min == "" || t < min) min = t; if (t > max) max = t }
             END { print "times", min, max; exit !(min == 50 && max == 95) }' "$LOGS/w.vcd"
}
wave_filters() {  # every constant of rtl/rvmmu_defs.vh has its GTKWave filter line
    local n f
    n=$(grep -c '^`define RVMMU_[A-Z]*_[A-Z0-9_]* ' rtl/rvmmu_defs.vh)
    f=$(cat "$B"/gen/gtkw/*.txt | wc -l)
    echo "$n constants, $f filter lines"; [ "$n" = "$f" ] && grep -qx '13 LOAD_PAGE' "$B/gen/gtkw/cause.txt"
}
wave_png() {  # a rendered waveform: a real picture, not a blank screen
    make -s wave-png TRACE=tb/traces/sv32-example.trace FROM=0 TO=14 PNG="$LOGS/wave.png" >/dev/null || return 1
    local colors size
    colors=$(identify -format '%k' "$LOGS/wave.png"); size=$(stat -c %s "$LOGS/wave.png")
    echo "$colors colors, $size bytes"; [ "$colors" -gt 16 ] && [ "$size" -gt 20000 ]
}
wave_scenario() {  # a scenario's dump carries the scenario line in tag_q (line 33 of sv32-fork)
    "$B/rvmmu" scenario --wave "$LOGS/s.vcd" tb/scenarios/sv32-fork.scn >/dev/null &&
        grep -q 'tag_q' "$LOGS/s.vcd" && grep -q '^b0*100001 ' "$LOGS/s.vcd"
}
check wave/fst-carries-trace-line wave_fst
check wave/scenario-carries-step wave_scenario
check wave/vcd-window wave_vcd_window
check wave/filters-from-rtl-constants wave_filters
check wave/png-rendered wave_png

# ---------------------------------------------------------------- the checking can fail
stage mutants
# RTL copies with one rule broken each; the scoreboard alone must catch them.
# Half of them (every other one of the list: each group has some); `make
# mutants` builds and runs all 29 (about 4 minutes idle).
check mutants/scoreboard-catches-broken-rtl tests/mutants.sh --slice 0/2

# ---------------------------------------------------------------- the operating system's side
stage os-scenarios
check unit/proc "$B/test_proc"
scenario_replays() {  # the run exported as a tlbtrace replays with exit 0 on the RTL and on the model
    local out="$B/scenario-traces/$(basename "$1" .scn).trace"
    mkdir -p "$B/scenario-traces"
    "$B/rvmmu" scenario --export-trace "$out" "$1" >/dev/null || return 1
    "$B/rvmmu" replay "$out" >/dev/null || { echo "replay $out failed"; return 1; }
    "$B/rvmmu" replay --model ref "$out" >/dev/null || { echo "replay --model ref $out failed"; return 1; }
}
seed=1
for s in tb/scenarios/*.scn; do
    n=$(basename "$s" .scn)
    check "scenario/$n/rtl" "$B/rvmmu" scenario "$s"
    check "scenario/$n/rtl-lat3-stall" "$B/rvmmu" scenario --mem-latency 3 --stall 0.3 --seed $seed "$s"
    check "scenario/$n/asan" "$B/rvmmu-asan" scenario --stall 0.2 --seed $seed "$s"
    check "scenario/$n/export-replay" scenario_replays "$s"
    seed=$((seed + 1))
done
for s in tb/scenarios/bad/*.scn; do
    check "malformed-scenario/$(basename "$s" .scn)" bad_file scenario "$s"
done
wrong_scenario() {  # wrong_scenario LINE WANT: LINE appended to a bundled scenario must fail (exit 1) naming WANT
    local f="$B/scenario-wrong.scn" n err
    cp tb/scenarios/sv32-shared-library.scn "$f" && echo "$1" >>"$f"
    n=$(wc -l <"$f")
    err=$("$B/rvmmu-asan" scenario "$f" 2>&1 >/dev/null); local rc=$?
    echo "$err"
    [ "$rc" = 1 ] || { echo "exit status $rc, expected 1"; return 1; }
    grep -qF -- "$f:$n: expected $2" <<<"$err"
}
check expect/scenario-wrong-value wrong_scenario "load p4 0x40001000 expect ok=0x2b" "ok=0x2b, got ok=0x2a"
check expect/scenario-wrong-outcome wrong_scenario "store p4 0x40001000 1 expect ok" "ok, got cow"
check expect/scenario-wrong-cause wrong_scenario "store p5 0x60000000 0 expect segv=load_page_fault" "segv=load_page_fault, got segv=store_page_fault"
check expect/scenario-wrong-frame wrong_scenario "different-frame p0:0x40000000 p1:0x40000000" "different frames"
check cli/scenario-missing-file expect_status 2 "$B/rvmmu-asan" scenario tb/scenarios/no-such-file.scn
check cli/scenario-unknown-option expect_status 2 "$B/rvmmu-asan" scenario --frobnicate tb/scenarios/sv32-fork.scn
check cli/scenario-export-two-files expect_status 2 "$B/rvmmu-asan" scenario --export-trace "$B/x.trace" \
    tb/scenarios/sv32-fork.scn tb/scenarios/sv32-segfault.scn

# ---------------------------------------------------------------- short regression
stage regression
# Fixed seeds through regress/regress.sh (as `make regress` runs them): summary,
# JUnit XML and functional coverage; and a failing seed must leave a
# delta-debugged reproducer that fails on the broken build and passes on ours.
short_regress() {
    SEEDS=40 JOBS=2 OUT="$B/test-regress" regress/regress.sh &&
        grep -q 'tests="40" failures="0"' "$B/test-regress/junit.xml" &&
        grep -q '^| all |' "$B/test-regress/coverage.md"
}
reproducer() {
    local out="$B/test-repro" f
    rm -rf "$out"
    RVMMU="$B/mutants/fill-ignores-racing-flush/rvmmu" regress/regress_job.sh "$out" sv32 1 400
    grep -q '^FAIL sv32 1 ' "$out/results/sv32-1.txt" || { echo "the broken build passed"; return 1; }
    f="$out/fail/sv32-1"
    cat "$f/command.txt" "$f/ddmin.log"
    [ -s "$f/min.trace" ] && [ "$(wc -l <"$f/min.trace")" -lt "$(wc -l <"$f/trace.trace")" ] || return 1
    local opts; opts=$(sed -n 's/^minimal: *[^ ]* replay \(.*\) [^ ]*$/\1/p' "$f/command.txt")
    ! "$B/mutants/fill-ignores-racing-flush/rvmmu" replay $opts "$f/min.trace" >/dev/null 2>&1 &&
        "$B/rvmmu" replay $opts "$f/min.trace" >/dev/null
}
check regress/short-40-seeds short_regress
check regress/failing-seed-leaves-reproducer reproducer
short_soak() {  # make soak's script until 20000 translations: two batches, a summary, no failure
    HOURS=0.05 TRANSLATIONS=20000 BATCH=4 ACCESSES=3000 JOBS=2 OUT="$B/test-soak" regress/soak.sh &&
        [ "$(wc -l <"$B/test-soak/progress.txt")" = 2 ] &&
        grep -q "^soak: 8 seeds, 24000 translations checked by the scoreboard, 0 failed seeds" "$B/test-soak/summary.txt" &&
        grep -q "^| all |" "$B/test-soak/coverage.md"
}
check regress/short-soak short_soak

# ---------------------------------------------------------------- SystemC virtual platform
stage systemc
# systemc/: the MMU as a TLM-2.0 module in a virtual platform must print what
# build/rvmmu replay prints (results, pte lines, hit/miss cycles, exit status),
# on every bundled trace and on random traces of every mode.
systemc_random() {  # one constrained-random trace per mode
    local m
    for m in sv32 sv39 sv48 sv57; do
        "$B/gen_random" --mode "$m" --seed 11 --accesses 1000 --wide-bare --noncanonical-sfence \
            >"$LOGS/systemc-random-$m.trace" || return 1
    done
    systemc/compare.sh "$LOGS"/systemc-random-*.trace
}
check systemc/bundled-traces-equal-replay systemc/compare.sh
check systemc/random-traces-equal-replay systemc_random
check systemc/cli-usage expect_status 2 "$B/systemc/rvmmu-vp" --mem-latency 0 tb/traces/sv32-example.trace
# With the caches on: stage walk-cache's build directory ($PWCB) and its
# caches (read from its stamp $PWCB/.pwc: a 4-entry walk cache, a 64x4 L2
# TLB with 2 superpage entries), Verilated with as little optimisation. The
# platform must print what $PWCB/rvmmu replay prints, cycles included (an L2
# hit's 3, a walk's 2 more for the lookup, a walk from a cached pointer's
# fewer), on the bundled traces and the caches' own, whose "this MMU" lines
# only the caches pass.
caches_make() {  # caches_make TARGET...: built in $PWCB with its replay's caches
    local pwc l2 ways sp
    read -r pwc l2 ways sp <"$PWCB/.pwc" || return 1
    make -s BUILD="$PWCB" PWC_ENTRIES="$pwc" L2_ENTRIES="$l2" L2_WAYS="$ways" L2_SP="$sp" VL_OPT=-O1 \
        VL_CXXOPT="OPT_FAST=-O1 OPT_SLOW=-O0" "$@" >/dev/null
}
check systemc/caches-build caches_make systemc
check systemc/caches-traces-equal-replay env REPLAY="$PWCB/rvmmu" VP="$PWCB/systemc/rvmmu-vp" systemc/compare.sh \
    tb/traces/*.trace tb/traces/fail/*.trace tb/traces/bad/*.trace tb/traces/pwc/*.trace tb/traces/l2/*.trace

# ---------------------------------------------------------------- FPGA board (simulated)
stage fpga
# The board tops lint clean; the Verilated HX8K top (self-test after reset,
# UART at bit level behind a pseudo-terminal) runs every Sv32 trace through
# `rvmmu uart` and must print what `rvmmu replay` prints.
check fpga/lint make -s fpga-lint
check fpga/selftest-and-uart-equals-replay fpga/uart_compare.sh
# The simulated HX8K top with the caches of stage systemc's (fpga/fpga.mk
# passes them to it; the real HX8K has none), against $PWCB/rvmmu: every
# Sv32 trace and the caches' own (the cycles are the board's, not compared;
# the "this MMU" lines of tb/traces/pwc and l2 pass only with the caches).
check fpga/caches-build caches_make "$PWCB/fpga/uart_pty_sim"
check fpga/caches-uart-equals-replay env SIM="$PWCB/fpga/uart_pty_sim" REPLAY="$PWCB/rvmmu replay" \
    fpga/uart_compare.sh tb/traces/sv32-*.trace tb/traces/pwc/sv32-*.trace tb/traces/l2/sv32-*.trace
# The HX8K board through yosys, nextpnr (timing must close with 10% margin
# at the board clock) and icepack; rvmmu.core through FuseSoC's own lint and
# sim targets (the model it builds runs traces over the UART).
# (fpga/ice40hx8k-flow-timing-closes: started in the background with the unit tests)
check fpga/fusesoc-core-lint-and-sim fpga/fusesoc_check.sh

# ---------------------------------------------------------------- captured programs (rvmmu capture)
stage capture
# Real programs under Valgrind's lackey, streamed into capture files
# (docs/capture.md). The oracles are valgrind's own text and counts, not the
# writer: the reader's counts must equal what lackey printed, and --dump must
# print lackey's own lines; damaged files must be named with their byte offset.
CAP=$B/capture-test
rm -rf "$CAP" && mkdir -p "$CAP"
check unit/capture "$B/test_capture" "$CAP"
# cap_field FILE KIND COLUMN: a number from `capture --info` (COLUMN 2: accesses, 3: pages).
cap_field() { "$B/rvmmu-asan" capture --info "$1" | awk -v k="$2" -v c="$3" '$1 == k { print $c }'; }
# The summary line's counts ("N accesses (fetch F, load L, store S)") against the reader's.
counts_agree() {  # counts_agree SUMMARY FILE
    local s=$1 f=$2 n fe lo st
    read -r n fe lo st < <(sed -n 's/.*: \([0-9]*\) accesses (fetch \([0-9]*\), load \([0-9]*\), store \([0-9]*\)).*/\1 \2 \3 \4/p' <<<"$s")
    [ -n "$n" ] || { echo "no summary line"; return 1; }
    [ "$(cap_field "$f" all 2)" = "$n" ] && [ "$(cap_field "$f" fetch 2)" = "$fe" ] &&
        [ "$(cap_field "$f" load 2)" = "$lo" ] && [ "$(cap_field "$f" store 2)" = "$st" ] ||
        { echo "reader's counts differ from the writer's ($s)"; "$B/rvmmu-asan" capture --info "$f"; return 1; }
}
cap_ls_max() {  # ls / stopped at --max 200000: exactly that many, marked stopped, counts agree
    local s
    s=$("$B/rvmmu-asan" capture --max 200000 -o "$CAP/ls.cap" -- /bin/ls / | grep '^capture: ') || return 1
    echo "$s"
    grep -q ': 200000 accesses (.*stopped at --max 200000' <<<"$s" || { echo "not stopped at 200000"; return 1; }
    counts_agree "$s" "$CAP/ls.cap" || return 1
    "$B/rvmmu-asan" capture --info "$CAP/ls.cap" | tee /dev/stderr | grep -q 'stopped by --max'
}
cap_whole_program() {  # sh -c 'exit 3' to its end: the exit status recorded, counts agree, pages counted
    local s
    s=$("$B/rvmmu-asan" capture -o "$CAP/sh.cap" -- /bin/sh -c 'exit 3' | grep '^capture: ') || return 1
    echo "$s"
    grep -q 'exit status 3;' <<<"$s" || { echo "exit status 3 not reported"; return 1; }
    counts_agree "$s" "$CAP/sh.cap" || return 1
    "$B/rvmmu-asan" capture --info "$CAP/sh.cap" | tee /dev/stderr | grep -q 'exited with status 3' || return 1
    [ "$(cap_field "$CAP/sh.cap" fetch 3)" -gt 10 ] && [ "$(cap_field "$CAP/sh.cap" store 3)" -gt 3 ]
}
cap_no_fetch() {  # --no-fetch: loads and stores only
    "$B/rvmmu-asan" capture --no-fetch --quiet -o "$CAP/nofetch.cap" -- /bin/true || return 1
    [ "$(cap_field "$CAP/nofetch.cap" fetch 2)" = 0 ] && [ "$(cap_field "$CAP/nofetch.cap" load 2)" -gt 1000 ]
}
# One valgrind run, its text kept: the file's --dump must print lackey's own
# lines (each M as an L then an S), and its fetches must number lackey's
# "guest instrs" count.
cap_equals_lackey() {
    valgrind --tool=lackey --trace-mem=yes --log-fd=3 /bin/true 3>&1 >/dev/null 2>/dev/null |
        tee "$CAP/true.lackey" | "$B/rvmmu-asan" capture --lackey - -o "$CAP/true.cap" || return 1
    diff -q <(grep -v '^==' "$CAP/true.lackey" | awk '/^ M / { sub(/^ M/, " L"); print; sub(/^ L/, " S") } { print }') \
            <("$B/rvmmu-asan" capture --dump 0 "$CAP/true.cap") || { echo "--dump differs from lackey's text"; return 1; }
    local instrs
    instrs=$(sed -n 's/.*guest instrs: *\([0-9,]*\)$/\1/p' "$CAP/true.lackey" | tr -d ,)
    [ -n "$instrs" ] && [ "$(cap_field "$CAP/true.cap" fetch 2)" = "$instrs" ] ||
        { echo "fetches $(cap_field "$CAP/true.cap" fetch 2), lackey's guest instrs $instrs"; return 1; }
    [ "$("$B/rvmmu-asan" capture --dump 25 "$CAP/true.cap" | wc -l)" = 25 ]
}
check capture/program-stopped-at-max cap_ls_max
check capture/program-to-its-end cap_whole_program
check capture/no-fetch cap_no_fetch
check capture/dump-equals-lackey-text cap_equals_lackey
# Damaged captures, made from a fresh one: exit 2 and "FILE: byte OFFSET: error: ...TEXT".
bad_capture() {  # bad_capture FILE OFFSET TEXT
    local err rc
    err=$("$B/rvmmu-asan" capture --info "$1" 2>&1 >/dev/null); rc=$?
    echo "$err"
    [ "$rc" = 2 ] || { echo "exit status $rc, expected 2"; return 1; }
    grep -qF -- "$1: byte $2: error: " <<<"$err" || { echo "no '$1: byte $2: error:'"; return 1; }
    grep -qF -- "$3" <<<"$err" || { echo "message lacks '$3'"; return 1; }
}
if [ -s "$CAP/ls.cap" ]; then
    size=$(stat -c %s "$CAP/ls.cap")
    head -c $((size - 1)) "$CAP/ls.cap" >"$CAP/cut-last-byte.cap"
    head -c $((size / 2)) "$CAP/ls.cap" >"$CAP/cut-half.cap"
    head -c 20 "$CAP/ls.cap" >"$CAP/header-only.cap"
    { cat "$CAP/ls.cap"; printf x; } >"$CAP/trailing-byte.cap"
    hdr=$(( $(od -An -tu4 -j12 -N4 "$CAP/ls.cap") + 20 ))      # the first block starts after the header
    cp "$CAP/ls.cap" "$CAP/flipped.cap"
    printf '\x55' | dd of="$CAP/flipped.cap" bs=1 seek=$((hdr + 100)) conv=notrunc status=none
    cp "$CAP/ls.cap" "$CAP/bad-magic.cap"
    printf 'X' | dd of="$CAP/bad-magic.cap" bs=1 seek=0 conv=notrunc status=none
    check malformed/capture-cut-last-byte bad_capture "$CAP/cut-last-byte.cap" $((size - 1)) "truncated file: the trailer"
    check malformed/capture-cut-half bad_capture "$CAP/cut-half.cap" $((size / 2)) "truncated file"
    check malformed/capture-header-only bad_capture "$CAP/header-only.cap" 20 "truncated file: the header"
    check malformed/capture-trailing-byte bad_capture "$CAP/trailing-byte.cap" "$size" "bytes after the trailer"
    check malformed/capture-flipped-byte bad_capture "$CAP/flipped.cap" "$hdr" "block CRC mismatch"
    check malformed/capture-bad-magic bad_capture "$CAP/bad-magic.cap" 0 "not a capture file"
else
    check malformed/capture-files-need-a-capture false
fi
check malformed/capture-not-a-capture bad_capture tb/traces/sv32-example.trace 0 "not a capture file"
bad_lackey_log() {  # a lackey log with a line that is not lackey's: "LOG: line N: error:", no file left
    printf 'I  04000bd0,3\n S 1ffefffd48,8\nhello\n' >"$CAP/bad.lackey"
    local err
    err=$(expect_status 2 "$B/rvmmu-asan" capture --lackey "$CAP/bad.lackey" -o "$CAP/bad-log.cap" 2>&1) || { echo "$err"; return 1; }
    echo "$err"
    grep -qF "$CAP/bad.lackey: line 3: error: not a lackey trace line" <<<"$err" && [ ! -e "$CAP/bad-log.cap" ]
}
check malformed/capture-lackey-log-bad-line bad_lackey_log
no_program() {  # valgrind cannot run the program: exit 2, no file left
    expect_status 2 "$B/rvmmu-asan" capture -o "$CAP/none.cap" -- "$CAP/no-such-program" && [ ! -e "$CAP/none.cap" ]
}
check cli/capture-no-such-program no_program
check cli/capture-needs-output expect_status 2 "$B/rvmmu-asan" capture -- /bin/true
check cli/capture-bad-max expect_status 2 "$B/rvmmu-asan" capture --max 0 -o "$CAP/x.cap" -- /bin/true

# ---------------------------------------------------------------- captured programs through the MMU (rvmmu study)
stage study
# The capture stage's ls (200000 accesses) as a demand-paged process in sv39,
# superpages off and on (docs/study.md). Oracles: the capture's own counts
# (`capture --info`), the walk's geometry (a 4 KiB walk reads 3 PTEs in sv39),
# and the RTL's hit/miss against the tree-PLRU C model (lib/tlbsim), which the
# command checks access for access (exit 1 on the first difference).
# study_row CSV SP POLICY ENTRIES LATENCY COLUMN: one field of the CSV (docs/study.md's schema).
study_row() {
    awk -F, -v sp="$2" -v p="$3" -v e="$4" -v l="$5" -v c="$6" \
        'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
         $3 == sp && $5 == p && $4 == e && $6 == l { print $col[c] }' "$1"
}
study_ls() {
    local out csv=$CAP/study.csv n pages sp acc miss pl wr opt p
    out=$("$B/rvmmu-asan" study --mode sv39 --entries 8,"$ENT" --mem-latency 1,20 --csv "$csv" "$CAP/ls.cap") ||
        { echo "$out"; return 1; }
    echo "$out"
    [ "$(grep -c 'RTL = C model (tree PLRU, [0-9]* entries): equal, access for access' <<<"$out")" = 2 ] ||
        { echo "no equality line for both superpage settings"; return 1; }
    n=$(cap_field "$CAP/ls.cap" all 2); pages=$(cap_field "$CAP/ls.cap" all 3)
    [ "$(wc -l <"$csv")" = $((1 + 2 * (2 + 2 * 5))) ] || { echo "CSV rows: $(wc -l <"$csv")"; return 1; }
    for sp in 0 1; do
        acc=$(study_row "$csv" $sp rtl "$ENT" 1 accesses); miss=$(study_row "$csv" $sp rtl "$ENT" 1 misses)
        wr=$(study_row "$csv" $sp rtl "$ENT" 20 walk_reads); pl=$(study_row "$csv" $sp plru "$ENT" 1 misses)
        opt=$(study_row "$csv" $sp opt "$ENT" 1 misses)
        echo "superpages $sp: accesses $acc misses $miss walk reads $wr plru $pl opt $opt (capture: $n accesses, $pages pages)"
        [ "$acc" = "$n" ] || { echo "accesses $acc, the capture has $n"; return 1; }
        [ "$(study_row "$csv" $sp rtl "$ENT" 1 pages)" = "$pages" ] || { echo "pages differ from capture --info"; return 1; }
        [ "$pl" = "$miss" ] || { echo "the C model's plru misses $pl, the RTL's $miss"; return 1; }
        [ "$(study_row "$csv" $sp rtl "$ENT" 20 misses)" = "$miss" ] || { echo "misses depend on the latency"; return 1; }
        # every walk reads 1..3 PTEs in sv39 (3 for a 4 KiB leaf; a fault stops at the first invalid one)
        [ "$wr" -ge "$miss" ] && [ "$wr" -le $((3 * miss)) ] || { echo "walk reads $wr for $miss walks"; return 1; }
        for p in plru lru fifo random; do
            [ "$opt" -le "$(study_row "$csv" $sp $p "$ENT" 1 misses)" ] || { echo "OPT beaten by $p"; return 1; }
        done
    done
    # superpages off: every page touched is a first-touch fault, then a walk again
    [ "$(study_row "$csv" 0 rtl "$ENT" 1 misses)" -ge $((2 * pages)) ] || { echo "fewer misses than 2 per page"; return 1; }
    grep -q '^superpages off: '"$pages pages touched, $pages"' page faults' <<<"$out" ||
        { echo "pages touched or page faults != the capture's pages"; return 1; }
}
study_check_fails() {  # held to LRU's C model, the RTL (tree PLRU) must differ somewhere: exit 1, the access named
    local err
    err=$(expect_status 1 "$B/rvmmu" study --check-against lru --no-superpages --mem-latency 1 --entries "$ENT" \
          "$CAP/ls.cap" 2>&1 >/dev/null) || { echo "$err"; return 1; }
    echo "$err"
    grep -Eq 'translation [0-9]+, .*0x[0-9a-f]+ .*: the RTL (hit|missed), the C model of its policy \(lru, [0-9]+ entries\) (hits|misses)' <<<"$err"
}
study_modes() {  # sv32 (the RV32 model), sv48, sv57 and a two-process mix: the check passes
    local m
    for m in sv32 sv48 sv57; do
        "$B/rvmmu" study --mode $m --max 50000 --mem-latency 1 --entries "$ENT" "$CAP/ls.cap" | tee /dev/stderr |
            grep -c 'equal, access for access' | grep -qx 2 || { echo "$m failed"; return 1; }
    done
    "$B/rvmmu" study --mix --switch 3000 --max 60000 --mem-latency 1 --entries "$ENT" "$CAP/ls.cap" "$CAP/sh.cap" |
        tee /dev/stderr | grep -q '^== mix: sv39, 60000 accesses, 2 processes'
}
# A made-up program (a lackey log, twice over): its mappings follow from the
# rules of docs/study.md by hand. 1 code page; a 2 MiB-aligned region stored
# whole (512 pages); a 64 KiB group loaded whole; 3 loaded pages of a group;
# 100 stored pages and a fetched one in one 2 MiB region (code and data mixed).
study_superpages() {
    awk 'BEGIN { for (r = 0; r < 2; r++) {
        for (k = 0; k < 100; k++) printf "I  %08x,4\n", 4198400 + 4 * k
        for (k = 0; k < 512; k++) printf " S %08x,8\n", 268435456 + 4096 * k
        for (k = 0; k < 16; k++) printf " L %08x,8\n", 536870912 + 4096 * k
        for (k = 0; k < 3; k++) printf " L %08x,8\n", 805306368 + 4096 * k
        for (k = 0; k < 100; k++) printf " S %08x,8\n", 1073741824 + 4096 * k
        printf "I  %08x,4\n", 1073741824 + 4096 * 200 } }' >"$CAP/sp.lackey"
    "$B/rvmmu-asan" capture --quiet --lackey "$CAP/sp.lackey" -o "$CAP/sp.cap" || return 1
    local out
    out=$("$B/rvmmu-asan" study --switch 0 --mem-latency 3 --entries "$ENT" "$CAP/sp.cap") || { echo "$out"; return 1; }
    echo "$out"
    # off: every page is a 4 KiB page; on (RV64): 1 x 2 MiB, 8 x 64 KiB (the group, 6 full and one of 4 in the
    # mixed region), 5 x 4 KiB (code, 3 loads, the fetched page)
    grep -q '^superpages off: 633 pages touched, 633 page faults (mapped 633 x 4 KiB, 0 x 64 KiB, 0 x 2 MiB)' <<<"$out" &&
        grep -q '^superpages on: 633 pages touched, 14 page faults (mapped 5 x 4 KiB, 8 x 64 KiB, 1 x 2 MiB)' <<<"$out" || return 1
    # sv32: 4 MiB megapages (the mixed region is not one), no Svnapot
    out=$("$B/rvmmu-asan" study --mode sv32 --superpages --switch 0 --mem-latency 3 --entries "$ENT" "$CAP/sp.cap") ||
        { echo "$out"; return 1; }
    echo "$out"
    grep -q '^superpages on: 633 pages touched, 122 page faults (mapped 121 x 4 KiB, 0 x 64 KiB, 1 x 4 MiB)' <<<"$out"
}
# The same two programs as one mix through stage walk-cache's build (the L2
# TLB, 64 entries in 4 ways, and the walk cache; a 16-entry L1), superpages
# off and on (Svnapot pages then): every translation checked by the
# scoreboard, every L2 hit against the leaves it may legally hold; the L1
# still equals the tree-PLRU model access for access; and with 4 KiB pages
# fewer walk reads than L1 misses (a walk reads 3 PTEs in sv39, 1 from the
# walk cache's pointer: only L2 hits, which read none, bring it lower).
study_caches() {
    local out m r
    out=$("$PWCB/rvmmu" study --mix --switch 3000 --max 100000 --mem-latency 1,20 --entries 16 \
        "$CAP/ls.cap" "$CAP/sh.cap") || { echo "$out"; return 1; }
    echo "$out"
    [ "$(grep -c 'equal, access for access' <<<"$out")" = 2 ] || { echo "not both runs equal the model"; return 1; }
    read -r m r < <(awk '$1 == 16 && $2 == "rtl" { print $3, $4; exit }' <<<"$out")
    awk -v m="$m" -v r="$r" 'BEGIN { exit !(m > 0 && r < m) }' ||
        { echo "4 KiB pages: $r walk reads per 1k, $m L1 misses per 1k: no L2 hits"; return 1; }
}
ENT=$("$B/rvmmu" replay --help | sed -n 's/.*this build: \([0-9]*\).*/\1/p')
if [ -s "$CAP/ls.cap" ] && [ -s "$CAP/sh.cap" ]; then
    check study/ls-sv39-rtl-equals-plru-model study_ls
    check study/the-check-can-fail study_check_fails
    check study/sv32-sv48-sv57-and-a-mix study_modes
    check study/superpages-by-the-rules study_superpages
    check study/caches-mix-under-the-scoreboard study_caches
else
    check study/needs-the-capture-stage-files false
fi
# Damaged captures (the capture stage's) given to study: exit 2, "FILE: byte OFFSET: error: ...", no crash.
bad_study() {  # bad_study FILE OFFSET TEXT
    local err rc
    err=$("$B/rvmmu-asan" study --entries "$ENT" --mem-latency 1 "$1" 2>&1 >/dev/null); rc=$?
    echo "$err"
    [ "$rc" = 2 ] || { echo "exit status $rc, expected 2"; return 1; }
    grep -qF -- "$1: byte $2: error: " <<<"$err" && grep -qF -- "$3" <<<"$err" || { echo "no '$1: byte $2: error: ...$3'"; return 1; }
}
if [ -s "$CAP/cut-half.cap" ]; then
    check malformed/study-capture-cut-half bad_study "$CAP/cut-half.cap" $((size / 2)) "truncated file"
    check malformed/study-capture-cut-last-byte bad_study "$CAP/cut-last-byte.cap" $((size - 1)) "truncated file: the trailer"
    check malformed/study-capture-flipped-byte bad_study "$CAP/flipped.cap" "$hdr" "block CRC mismatch"
    check malformed/study-capture-header-only bad_study "$CAP/header-only.cap" 20 "truncated file: the header"
fi
check malformed/study-not-a-capture bad_study tb/traces/sv32-example.trace 0 "not a capture file"
check cli/study-needs-a-file expect_status 2 "$B/rvmmu" study
check cli/study-bad-mode expect_status 2 "$B/rvmmu" study --mode sv64 "$CAP/ls.cap"
check cli/study-bad-entries expect_status 2 "$B/rvmmu" study --entries 12 "$CAP/ls.cap"

# ---------------------------------------------------------------- second simulator
# Icarus Verilog (4-state) replays the Verilated run of every directed trace
# cycle by cycle: the same outputs, and no X in a response, fault, memory
# request, fill or control output; a TLB without its reset must show X.
stage icarus
check icarus/directed-traces-equal-verilator tests/icarus_check.sh

# ---------------------------------------------------------------- fuzzing
# AFL++ on every file reader, 6 seconds each (`make fuzz` runs longer): no
# crash, no hang, no rejection without its file and line or byte offset.
stage fuzz
check fuzz/afl-file-readers tests/fuzz.sh --seconds 6
crash_reproducers() {  # every input the fuzzer ever found is now read or rejected cleanly
    local f r n=0 rc
    for f in tests/fuzz/crashes/*/*; do
        [ -f "$f" ] || continue
        case $f in *.md) continue ;; esac
        r=$(basename "$(dirname "$f")")
        "$B/fuzz_readers" "$r" "$f" >/dev/null; rc=$?
        [ "$rc" = 0 ] || [ "$rc" = 2 ] || { echo "$f: exit status $rc"; return 1; }
        n=$((n + 1))
    done
    # The readers reject the bundled bad files with a location (else fuzz_readers aborts).
    for f in tb/traces/bad/*.trace; do
        expect_status 2 "$B/fuzz_readers" trace "$f" || return 1
    done
    echo "$n fuzzer finds replayed"
}
check malformed/fuzzer-finds-replayed crash_reproducers

# ---------------------------------------------------------------- fault injection
# (inject/parity-no-wrong-translation: started in the background with the unit tests)

# ---------------------------------------------------------------- speed targets
stage bench
check bench/latency-targets "$B/rvmmu" bench --quick
# The caches' section on stage walk-cache's build: per mode at LAT 1 and 20,
# a cold walk, an L2 TLB hit (3 cycles, no memory read) and a walk from the
# walk cache's leaf-table pointer (one read), cycles and reads against
# docs/l2tlb.md's timing, the monitor's mon_l2_hit/mon_pwc_hit seen.
check bench/caches-latency-targets "$PWCB/rvmmu" bench --quick --caches

# ---------------------------------------------------------------- background checks' results
check_join

echo
echo "seconds per stage (total $(( $(date +%s) - T_START )) s; builds before this script are not counted):"
awk '{ t[$1] += $3; if (!($1 in o)) { o[$1] = ++n; k[n] = $1 } }
     END { for (i = 1; i <= n; i++) printf "  %-24s %6.0f\n", k[i], t[k[i]] }' "$TIMES"
echo "slowest checks:"
sort -k3 -g -r "$TIMES" | head -n 8 | awk '{ printf "  %-50s %6.0f\n", $2, $3 }'
echo
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
