#!/usr/bin/env bash
# regress.sh -- constrained-random regression over many seeds, in parallel.
#
#   SEEDS=N        seeds to run (default 200); seed s runs mode MODES[s % #MODES]
#   FIRST=S        first seed (default 1)
#   JOBS=J         parallel jobs on this machine (default: all cores)
#   MODES="..."    modes to cycle through (default "sv32 sv39 sv48 sv57")
#   ACCESSES=A     accesses per seed (default 1000)
#   OUT=DIR        results (default build/regress)
#   CODE_COVERAGE=1 replay with build/rvmmu-cov and merge Verilator line and
#                  toggle coverage across seeds into OUT/code-coverage/index.html
#   SSHLOGINFILE=F run the same job list on several machines with GNU parallel
#                  (`parallel --sshloginfile F`; needs parallel and rsync here,
#                  and on each machine this tree built at the same path)
#
# Prints a progress line (seeds done, accesses checked, failures, rate),
# then a summary; writes OUT/summary.txt, OUT/junit.xml (for CI systems) and
# OUT/coverage.md (functional coverage with its holes). Every failing seed
# leaves OUT/fail/MODE-SEED/ with a delta-debugged reproducer and the
# commands that replay it (with waves). Exits 1 if any seed failed.
set -u
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-200}
FIRST=${FIRST:-1}
JOBS=${JOBS:-$(nproc)}
MODES=(${MODES:-sv32 sv39 sv48 sv57})
ACCESSES=${ACCESSES:-1000}
OUT=${OUT:-build/regress}
rm -rf "$OUT" && mkdir -p "$OUT/results"
if [ "${CODE_COVERAGE:-0}" = 1 ]; then export RVMMU=build/rvmmu-cov; fi

# The job list: one line per seed, "MODE SEED".
for ((s = FIRST; s < FIRST + SEEDS; s++)); do
    echo "${MODES[$((s % ${#MODES[@]}))]} $s"
done >"$OUT/jobs.txt"

progress() {  # progress T0 [once]: the progress line, every second (or once)
    local t0=$1 once=${2:-} done acc fail now
    while :; do
        done=$(find "$OUT/results" -name '*.txt' | wc -l)
        acc=$(cat "$OUT"/results/*.txt 2>/dev/null | awk '{ s += $4 } END { print s + 0 }')
        fail=$(cat "$OUT"/results/*.txt 2>/dev/null | grep -c '^FAIL')
        now=$(date +%s.%N)
        printf '\rseeds %d/%d  accesses checked %d  failures %d  %.0f accesses/s   ' "$done" "$SEEDS" \
            "$acc" "$fail" "$(awk -v a="$acc" -v t="$(awk -v x="$now" -v y="$t0" 'BEGIN{print x-y}')" 'BEGIN { print (t > 0 ? a / t : 0) }')"
        [ "$done" -ge "$SEEDS" ] || [ -n "$once" ] && break
        sleep 1
    done
    echo
}

t0=$(date +%s.%N)
progress "$t0" &
ppid=$!
if [ -n "${SSHLOGINFILE:-}" ]; then
    # Each job's result and coverage files come back to this machine
    # (--return); a failing seed's reproducer stays in OUT/fail/ on the host
    # that ran it, and its result line says which.
    parallel --colsep ' ' --sshloginfile "$SSHLOGINFILE" --workdir "$PWD" \
        --return "$OUT/results/{1}-{2}.txt" --return "$OUT/cov/{1}-{2}.txt" \
        regress/regress_job.sh "$OUT" {1} {2} "$ACCESSES" <"$OUT/jobs.txt"
else
    sed "s/\$/ $ACCESSES/" "$OUT/jobs.txt" | xargs -P "$JOBS" -L 1 regress/regress_job.sh "$OUT"
fi
# The jobs are done (or the runner failed): one last progress line.
kill $ppid 2>/dev/null
wait $ppid 2>/dev/null
progress "$t0" once
t1=$(date +%s.%N)

# Summary and JUnit XML.
pass=$(cat "$OUT"/results/*.txt | grep -c '^PASS')
fail=$(cat "$OUT"/results/*.txt | grep -c '^FAIL')
acc=$(cat "$OUT"/results/*.txt | awk '{ s += $4 } END { print s + 0 }')
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
{
    echo "regression: $SEEDS seeds from $FIRST (${MODES[*]}), $ACCESSES accesses each, $JOBS jobs"
    echo "$pass passed, $fail failed, $acc accesses checked in $secs s"
    for f in "$OUT"/fail/*/command.txt; do [ -f "$f" ] && { echo; echo "FAILED $(dirname "$f"):"; cat "$f"; }; done
} | tee "$OUT/summary.txt"
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    printf '<testsuite name="rvmmu-regress" tests="%d" failures="%d" time="%s">\n' $((pass + fail)) "$fail" "$secs"
    cat "$OUT"/results/*.txt | sort -k3n | while read -r st mode seed n t host; do
        printf '  <testcase classname="regress.%s" name="seed-%s" time="%s">' "$mode" "$seed" "$t"
        if [ "$st" = FAIL ]; then
            printf '<failure message="seed %s failed: see fail/%s-%s/command.txt on %s"/>' "$seed" "$mode" "$seed" "$host"
        fi
        echo '</testcase>'
    done
    echo '</testsuite>'
} >"$OUT/junit.xml"
modes=$(IFS=,; echo "${MODES[*]}")
python3 regress/coverage_report.py "$modes" "$OUT"/cov/*.txt >"$OUT/coverage.md" 2>/dev/null &&
    echo "functional coverage: $(grep '^| all' "$OUT/coverage.md" | awk -F'|' '{ print $3 "/" $4 " bins (" $5 "%)" }' | tr -s ' ') -> $OUT/coverage.md"
if [ "${CODE_COVERAGE:-0}" = 1 ] && ls "$OUT"/vcov/*.dat >/dev/null 2>&1; then
    verilator_coverage --write "$OUT/code-coverage.dat" "$OUT"/vcov/*.dat &&
        verilator_coverage --write-info "$OUT/code-coverage.info" "$OUT/code-coverage.dat" &&
        genhtml -q --ignore-errors source -o "$OUT/code-coverage" "$OUT/code-coverage.info" >"$OUT/genhtml.log" 2>&1 &&
        echo "line/toggle coverage: $(grep -m1 -o 'headerCovTableEntry[A-Za-z]*">[0-9.]* *%' "$OUT/code-coverage/index.html" | sed 's/.*>//') of RTL lines -> $OUT/code-coverage/index.html"
fi
echo "junit: $OUT/junit.xml"
[ "$fail" = 0 ]
