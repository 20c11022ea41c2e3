#!/usr/bin/env bash
# soak.sh -- the random regression for hours: batches of seeds on every core
# (and on other machines with SSHLOGINFILE, as regress.sh), until HOURS have
# passed. After each batch one line: elapsed time, seeds, translations
# checked, failures, the rate, and the functional coverage merged over
# every batch so far. Failing seeds keep their reproducers (OUT/fail-K/);
# passing batches are removed as they finish, so a long soak needs no disk.
#
#   HOURS=H        how long (default 1; fractions allowed)
#   TRANSLATIONS=T stop sooner, after the batch that reaches T translations
#                  checked (e.g. 1e9; default: no such limit)
#   ACCESSES=A     accesses per seed (default 20000)
#   BATCH=N        seeds per batch (default 25 per job)
#   JOBS=J, MODES="...", SSHLOGINFILE=F, FIRST=S: as regress.sh
#   OUT=DIR        default build/soak
#
# Ends with a summary in OUT/summary.txt; exit 1 if any seed failed.
set -u
cd "$(dirname "$0")/.."
HOURS=${HOURS:-1}
TRANSLATIONS=${TRANSLATIONS:-0}
ACCESSES=${ACCESSES:-20000}
JOBS=${JOBS:-$(nproc)}
BATCH=${BATCH:-$((25 * JOBS))}
FIRST=${FIRST:-1000000}
OUT=${OUT:-build/soak}
MODES=${MODES:-sv32 sv39 sv48 sv57}
modes_csv=$(echo $MODES | tr ' ' ',')
rm -rf "$OUT" && mkdir -p "$OUT"
t0=$(date +%s)
deadline=$(awk -v t="$t0" -v h="$HOURS" 'BEGIN { printf "%d", t + h * 3600 }')
seeds=0 checked=0 failed=0 k=0
: >"$OUT/merged-coverage.txt"
echo "soak: ${HOURS} h$( [ "$TRANSLATIONS" = 0 ] || echo " or $TRANSLATIONS translations"), $JOBS jobs, batches of $BATCH seeds x $ACCESSES accesses ($MODES), from seed $FIRST"
reached() {  # the translation target met (awk: 1e9 and other float spellings)
    awk -v c="$checked" -v t="$TRANSLATIONS" 'BEGIN { exit !(t > 0 && c >= t) }'
}
while [ "$(date +%s)" -lt "$deadline" ] && ! reached; do
    k=$((k + 1))
    b=$OUT/batch-$k
    OUT=$b SEEDS=$BATCH FIRST=$((FIRST + seeds)) ACCESSES=$ACCESSES JOBS=$JOBS MODES="$MODES" \
        regress/regress.sh >"$OUT/batch-$k.log" 2>&1
    n=$(cat "$b"/results/*.txt 2>/dev/null | awk '{ s += $4 } END { print s + 0 }')
    f=$(cat "$b"/results/*.txt 2>/dev/null | grep -c '^FAIL')
    r=$(cat "$b"/results/*.txt 2>/dev/null | wc -l)
    [ "$r" = "$BATCH" ] || { echo "batch $k: $r of $BATCH seeds ran (see $OUT/batch-$k.log)"; f=$((f + BATCH - r)); }
    seeds=$((seeds + BATCH)) checked=$((checked + n)) failed=$((failed + f))
    # The running coverage: every count so far, summed per bin.
    cat "$OUT/merged-coverage.txt" "$b"/cov/*.txt 2>/dev/null |
        awk 'NF == 2 { c[$1] += $2 } END { for (k in c) print k, c[k] }' | sort >"$OUT/merged.tmp" &&
        mv "$OUT/merged.tmp" "$OUT/merged-coverage.txt"
    cov=$(python3 regress/coverage_report.py "$modes_csv" "$OUT/merged-coverage.txt" 2>/dev/null |
          grep '^| all' | awk -F'|' '{ gsub(/ /, ""); print $3 "/" $4 " bins (" $5 "%)" }')
    el=$(( $(date +%s) - t0 ))
    printf '%6d s  seeds %d  translations checked %d  failures %d  %.0f/s  coverage %s\n' \
        "$el" "$seeds" "$checked" "$failed" "$(awk -v c="$checked" -v e="$el" 'BEGIN { print (e > 0 ? c / e : 0) }')" "$cov" |
        tee -a "$OUT/progress.txt"
    if [ "$f" = 0 ]; then rm -rf "$b" "$OUT/batch-$k.log"; else mv "$b" "$OUT/fail-$k"; fi
done
el=$(( $(date +%s) - t0 ))
python3 regress/coverage_report.py "$modes_csv" "$OUT/merged-coverage.txt" >"$OUT/coverage.md" 2>/dev/null
{
    echo "soak: $seeds seeds, $checked translations checked by the scoreboard, $failed failed seeds, in $el s on $(hostname) ($JOBS jobs)"
    echo "command: HOURS=$HOURS TRANSLATIONS=$TRANSLATIONS ACCESSES=$ACCESSES BATCH=$BATCH JOBS=$JOBS FIRST=$FIRST make soak"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- rtl tb sim lib sw regress 2>/dev/null || echo ' (with local changes)')"
    echo "coverage: $(tail -n 1 "$OUT/progress.txt" 2>/dev/null | sed 's/.*coverage //') -> $OUT/coverage.md"
    for d in "$OUT"/fail-*; do [ -d "$d" ] && echo "failures kept in $d (fail/*/command.txt)"; done
} | tee "$OUT/summary.txt"
[ "$failed" = 0 ]
