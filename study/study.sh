#!/bin/bash
# `make study` (study/study.mk): real programs through the MMU, end to end.
#   1 build    build/rvmmu, and one model per other size of STUDY_ENTRIES in
#              BUILD/study/entriesN (make BUILD=... ENTRIES=N: rebuilt only when stale)
#   2 inputs   study/gen_inputs.py (seeded), once
#   3 capture  study/workloads.sh, each workload's first STUDY_MAX accesses, once
#              (captures are kept in BUILD/study/cap: delete them to capture again)
#   4 study    `rvmmu study` per workload and the multi-process mix, through the RTL
#              of every size (each size's binary, `--entries N`), JOBS at a time,
#              into BUILD/study/study.csv (docs/study.md's columns)
#   5 plots    study/plot.gp (gnuplot) into BUILD/study/*.png, copied to docs/study/
#   6 tables   study/table.py into docs/study-results.md
# Each stage prints its seconds. Environment: BUILD, MAKE, JOBS, STUDY_MAX,
# STUDY_MODE, STUDY_LAT, STUDY_SWITCH, STUDY_ENTRIES, VL_OPT (the Makefile's, for the
# other sizes' builds), STUDY_BUILT (1: make built rvmmu), STUDY_UNTIL (capture:
# stop after stage 3, with only this build's size built).
set -u -o pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
JOBS=${JOBS:-2}
STUDY_MAX=${STUDY_MAX:-10000000}
STUDY_MODE=${STUDY_MODE:-sv39}
STUDY_LAT=${STUDY_LAT:-1,20}
STUDY_SWITCH=${STUDY_SWITCH:-10000}
STUDY_ENTRIES=${STUDY_ENTRIES:-8,16,32,64}
OUT=$BUILD/study
RVMMU=$BUILD/rvmmu
START=$(date +%s.%N)
STAGE_T=$START
TIMES=$OUT/times.tsv

die() { echo "study: $*" >&2; exit 1; }
now() { date +%s.%N; }
stage_done() {  # $1 stage name: prints and records its seconds
    local t; t=$(now)
    local s; s=$(awk -v a="$STAGE_T" -v b="$t" 'BEGIN { printf "%.1f", b - a }')
    printf 'study: stage %-8s %7s s\n' "$1" "$s"
    printf '%s\t%s\n' "$1" "$s" >> "$TIMES"
    STAGE_T=$t
}
# parallel TAG CMD...: runs CMD in the background, at most JOBS at once; its exit
# status goes to $OUT/rc/TAG. join: waits for all and fails if any failed.
parallel() {
    local tag=$1; shift
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n 2>/dev/null || true; done
    ( "$@"; echo $? > "$OUT/rc/$tag" ) &
}
join() {
    wait
    local f bad=0
    for f in "$OUT"/rc/*; do
        [ -e "$f" ] || continue
        [ "$(cat "$f")" = 0 ] || { echo "study: $(basename "$f") failed (exit $(cat "$f"))" >&2; bad=1; }
    done
    rm -f "$OUT"/rc/*
    return $bad
}

mkdir -p "$OUT/rc" "$OUT/cap" "$OUT/csv" "$OUT/log"
# The programs (the Makefile's DEB_PKGS installs them; a build directory made
# before they were added there keeps its old build/.deps stamp).
missing=""
for c in valgrind gnuplot python3 tcc xz sqlite3 perl sort; do command -v "$c" >/dev/null || missing="$missing $c"; done
[ -z "$missing" ] || die "missing programs:$missing (rm $BUILD/.deps && make deps, or apt-get install gnuplot-nox tcc xz-utils sqlite3)"
[[ $STUDY_ENTRIES =~ ^[0-9]+(,[0-9]+)*$ ]] || die "STUDY_ENTRIES must be a comma-separated list of TLB sizes, got '$STUDY_ENTRIES'"
IFS=, read -ra SIZES <<< "$STUDY_ENTRIES"
[ "${STUDY_UNTIL:-}" = capture ] && SIZES=()
echo "study: $STUDY_MODE, captures of $STUDY_MAX accesses, memory latencies $STUDY_LAT, entries $STUDY_ENTRIES, $JOBS jobs"

# 1 build (done by make before this script when STUDY_BUILT=1: timed from its start stamp)
if [ "${STUDY_BUILT:-0}" = 1 ] && [ -s "$OUT/.start" ]; then
    START=$(cat "$OUT/.start"); STAGE_T=$START
else
    "$MAKE" -s -j"$JOBS" BUILD="$BUILD" "$RVMMU" || die "build failed"
fi
ENTRIES=$(cat "$BUILD/.entries")
# The RTL of every size: BUILD's own at its ENTRIES, the others built beside it
# with the same optimisation (the replays, not the builds, take the time), from
# 64 entries on without Verilator's DFG pass: it merges the TLB's per-entry
# lookup records (rtl/rvmmu_tlb.sv, e_rec) into one wide concatenation built
# piece by piece every evaluation (VL_CONCAT_WIW, half of the 64-entry model's
# time); without it the 64-entry replay takes a third of the processor time,
# with the same results (docs/study.md, "Measured here").
declare -A BIN
for n in "${SIZES[@]}"; do
    if [ "$n" = "$ENTRIES" ]; then BIN[$n]=$RVMMU; continue; fi
    d=$OUT/entries$n
    vl=(); [ "$n" -ge 64 ] && vl=(VL_OPT="${VL_OPT:--O3} -fno-dfg")
    "$MAKE" -s -j"$JOBS" BUILD="$d" ENTRIES="$n" "${vl[@]}" "$d/rvmmu" >"$OUT/log/build-$n.txt" 2>&1 ||
        { tail -20 "$OUT/log/build-$n.txt" >&2; die "the $n-entry build failed ($OUT/log/build-$n.txt)"; }
    BIN[$n]=$d/rvmmu
    echo "  $d/rvmmu: $n entries"
done
: > "$TIMES"
stage_done build

# 2 inputs (deterministic: the same bytes every time)
if [ ! -e "$OUT/in/.done" ]; then
    python3 study/gen_inputs.py "$OUT/in" && touch "$OUT/in/.done" || die "inputs failed"
fi
stage_done inputs

# 3 captures, each once (a capture of another size is taken again)
WORKLOADS=$(study/workloads.sh list)
for w in $WORKLOADS; do
    if [ -e "$OUT/cap/$w.cap" ] && [ "$(cut -f2 "$OUT/cap/$w.tsv" 2>/dev/null)" = "$STUDY_MAX" ]; then
        echo "  capture $w: kept ($OUT/cap/$w.cap)"
        continue
    fi
    parallel "capture-$w" study/workloads.sh capture "$RVMMU" "$OUT/in" "$OUT/cap" "$w" "$STUDY_MAX"
done
join || die "a capture failed"
stage_done capture
# STUDY_UNTIL=capture (make study-captures, used by make peers): the captures only.
[ "${STUDY_UNTIL:-}" = capture ] && exit 0

# 4 the study: each workload alone, then all of them as processes of one mix
# (one ASID each, time-sliced every STUDY_SWITCH accesses, STUDY_MAX accesses in all)
CAPS=()
for w in $WORKLOADS; do CAPS+=("$OUT/cap/$w.cap"); done
rm -f "$OUT"/csv/*.csv "$OUT"/log/*.cpu
ST=(--mode "$STUDY_MODE" --mem-latency "$STUDY_LAT" --switch "$STUDY_SWITCH")
# One run per workload and size, each through that size's RTL (its rtl rows and
# its C models at that size); the largest sizes (the slowest models) first.
run_study() {  # NAME N ARGS...: one study run at N entries, its table in log/NAME-N.txt
    local name=$1 n=$2; shift 2
    local t0; t0=$(now)
    # GNU time records the run's processor seconds (log/NAME-N.cpu) when it is installed.
    local timer=(); [ -x /usr/bin/time ] && timer=(/usr/bin/time -f %U -o "$OUT/log/$name-$n.cpu")
    "${timer[@]}" "${BIN[$n]}" study --entries "$n" "${ST[@]}" --csv "$OUT/csv/$name-$n.csv" "$@" \
        > "$OUT/log/$name-$n.txt" 2>&1 ||
        { echo "study: $name, $n entries: rvmmu study failed:" >&2; tail -5 "$OUT/log/$name-$n.txt" >&2; return 1; }
    printf '  study %-7s %3s entries %7.1f s (%s s of processor time)\n' "$name" "$n" \
        "$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')" "$(cat "$OUT/log/$name-$n.cpu" 2>/dev/null || echo ?)"
}
for n in $(printf '%s\n' "${SIZES[@]}" | sort -rn); do
    parallel "study-mix-$n" run_study mix "$n" --mix --max "$STUDY_MAX" "${CAPS[@]}"
    for w in $WORKLOADS; do parallel "study-$w-$n" run_study "$w" "$n" "$OUT/cap/$w.cap"; done
done
join || die "the study failed"
{
    head -1 "$OUT/csv/mix-${SIZES[0]}.csv"
    for w in $WORKLOADS mix; do for n in "${SIZES[@]}"; do tail -n +2 "$OUT/csv/$w-$n.csv"; done; done
} > "$OUT/study.csv"
CPU=$(cat "$OUT"/log/*.cpu 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }')
echo "  $OUT/study.csv: $(($(wc -l < "$OUT/study.csv") - 1)) rows; the runs took ${CPU:-?} s of processor time"
stage_done study

# 5 plots
gnuplot -e "csv='$OUT/study.csv'; out='$OUT'; workloads='$WORKLOADS mix'; sizes='${SIZES[*]}'; lats='${STUDY_LAT//,/ }'" \
    study/plot.gp || die "gnuplot failed"
mkdir -p docs/study
for p in misses latency entries superpages; do cp "$OUT/study-$p.png" docs/study/; done
echo "  $OUT/study-*.png; docs/study/study-{misses,latency,entries,superpages}.png"
stage_done plots

# 6 tables (the last stage's time is the table script's own, negligible)
total=$(awk -v a="$START" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
python3 study/table.py --csv "$OUT/study.csv" --captures "$OUT/cap" --times "$TIMES" --total "$total" \
    --workloads "$WORKLOADS" --entries "$STUDY_ENTRIES" --cpu "${CPU:-?}" --logs "$OUT/log" \
    --command "make study (STUDY_MODE=$STUDY_MODE STUDY_MAX=$STUDY_MAX STUDY_LAT=$STUDY_LAT STUDY_ENTRIES=$STUDY_ENTRIES STUDY_SWITCH=$STUDY_SWITCH JOBS=$JOBS)" \
    > docs/study-results.md.tmp && mv docs/study-results.md.tmp docs/study-results.md || die "tables failed"
echo "  docs/study-results.md"
stage_done tables
printf 'study: total %.1f s\n' "$(awk -v a="$START" -v b="$(now)" 'BEGIN { print b - a }')"
