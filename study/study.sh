#!/bin/bash
# `make study` (study/study.mk): real programs through the MMU, end to end.
#   1 build    build/rvmmu
#   2 inputs   study/gen_inputs.py (seeded), once
#   3 capture  study/workloads.sh, each workload's first STUDY_MAX accesses, once
#              (captures are kept in BUILD/study/cap: delete them to capture again)
#   4 study    `rvmmu study` per workload and the multi-process mix, JOBS at a time,
#              into BUILD/study/study.csv (docs/study.md's columns)
#   5 plots    study/plot.gp (gnuplot) into BUILD/study/*.png, copied to docs/study/
#   6 tables   study/table.py into docs/study-results.md
# Each stage prints its seconds. Environment: BUILD, MAKE, JOBS, STUDY_MAX,
# STUDY_MODE, STUDY_LAT, STUDY_SWITCH, STUDY_BUILT (1: make built rvmmu).
set -u -o pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
JOBS=${JOBS:-2}
STUDY_MAX=${STUDY_MAX:-10000000}
STUDY_MODE=${STUDY_MODE:-sv39}
STUDY_LAT=${STUDY_LAT:-1,20,50}
STUDY_SWITCH=${STUDY_SWITCH:-10000}
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
echo "study: $STUDY_MODE, captures of $STUDY_MAX accesses, memory latencies $STUDY_LAT, $JOBS jobs"

# 1 build (done by make before this script when STUDY_BUILT=1: timed from its start stamp)
if [ "${STUDY_BUILT:-0}" = 1 ] && [ -s "$OUT/.start" ]; then
    START=$(cat "$OUT/.start"); STAGE_T=$START
else
    "$MAKE" -s -j"$JOBS" BUILD="$BUILD" "$RVMMU" || die "build failed"
fi
ENTRIES=$(cat "$BUILD/.entries")
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

# 4 the study: each workload alone, then all of them as processes of one mix
# (one ASID each, time-sliced every STUDY_SWITCH accesses, STUDY_MAX accesses in all)
CAPS=()
for w in $WORKLOADS; do CAPS+=("$OUT/cap/$w.cap"); done
rm -f "$OUT"/csv/*.csv
ST=("$RVMMU" study --mode "$STUDY_MODE" --mem-latency "$STUDY_LAT" --switch "$STUDY_SWITCH")
run_study() {  # NAME ARGS...: one study run, its table in log/NAME.txt
    local name=$1; shift
    local t0; t0=$(now)
    "${ST[@]}" --csv "$OUT/csv/$name.csv" "$@" > "$OUT/log/$name.txt" 2>&1 ||
        { echo "study: $name: rvmmu study failed:" >&2; tail -5 "$OUT/log/$name.txt" >&2; return 1; }
    printf '  study %-7s %6.1f s\n' "$name" "$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')"
}
parallel study-mix run_study mix --mix --max "$STUDY_MAX" "${CAPS[@]}"
for w in $WORKLOADS; do parallel "study-$w" run_study "$w" "$OUT/cap/$w.cap"; done
join || die "the study failed"
{
    head -1 "$OUT/csv/mix.csv"
    for w in $WORKLOADS mix; do tail -n +2 "$OUT/csv/$w.csv"; done
} > "$OUT/study.csv"
echo "  $OUT/study.csv: $(($(wc -l < "$OUT/study.csv") - 1)) rows"
stage_done study

# 5 plots
gnuplot -e "csv='$OUT/study.csv'; out='$OUT'; workloads='$WORKLOADS mix'; entries=$ENTRIES" study/plot.gp ||
    die "gnuplot failed"
mkdir -p docs/study
for p in misses latency superpages; do cp "$OUT/study-$p.png" docs/study/; done
echo "  $OUT/study-*.png; docs/study/study-{misses,latency,superpages}.png"
stage_done plots

# 6 tables (the last stage's time is the table script's own, negligible)
total=$(awk -v a="$START" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
python3 study/table.py --csv "$OUT/study.csv" --captures "$OUT/cap" --times "$TIMES" --total "$total" \
    --workloads "$WORKLOADS" --entries "$ENTRIES" \
    --command "make study (STUDY_MODE=$STUDY_MODE STUDY_MAX=$STUDY_MAX STUDY_LAT=$STUDY_LAT STUDY_SWITCH=$STUDY_SWITCH JOBS=$JOBS)" \
    > docs/study-results.md.tmp && mv docs/study-results.md.tmp docs/study-results.md || die "tables failed"
echo "  docs/study-results.md"
stage_done tables
printf 'study: total %.1f s\n' "$(awk -v a="$START" -v b="$(now)" 'BEGIN { print b - a }')"
