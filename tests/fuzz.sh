#!/usr/bin/env bash
# fuzz.sh -- AFL++ on every file reader (tests/fuzz/fuzz_readers.c): the
# tlbtrace parser, the scenario parser and the capture reader, each built
# with afl-gcc-fast and AddressSanitizer + UBSan, seeded from the bundled
# files. Prints executions, paths (corpus entries), crashes and hangs per
# reader; every crash or hang is copied into tests/fuzz/crashes/READER/
# (the malformed-input tests replay that folder) and fails the run.
#
# Usage: tests/fuzz.sh [--seconds N] [READER...]   (default 60 s each, all three)
# `make fuzz FUZZ_MIN=N` runs N minutes per reader; `make test` 10 seconds.
set -u
cd "$(dirname "$0")/.."
B=build
secs=60
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) secs=$2; shift 2 ;;
        *) break ;;
    esac
done
readers=("$@")
[ ${#readers[@]} -gt 0 ] || readers=(trace scenario capture)
FUZZ=$B/fuzz-afl
BIN=$FUZZ/fuzz_readers-afl
[ -x "$BIN" ] || { echo "fuzz.sh: $BIN is not built (make $BIN)"; exit 2; }

# Seeds: the bundled files, small ones first (AFL wants them small).
seed_dir() {  # seed_dir READER -> a folder of seeds
    local r=$1 d=$FUZZ/seeds/$1 f
    rm -rf "$d" && mkdir -p "$d"
    case $r in
        trace)
            for f in $(ls -S -r tb/traces/*.trace | head -12) tb/traces/bad/*.trace; do cp "$f" "$d/"; done ;;
        scenario)
            cp tb/scenarios/*.scn "$d/" ;;
        capture)
            # A few hundred accesses of a real program, whole and cut short.
            if "$B/rvmmu" capture --max 300 -o "$d/true.cap" -- /bin/true >/dev/null 2>&1; then
                head -c $(( $(stat -c %s "$d/true.cap") / 2 )) "$d/true.cap" >"$d/true-cut.cap"
            fi
            printf 'RVMMUCAP' >"$d/magic-only.cap" ;;
    esac
    echo "$d"
}

status=0
printf '%-9s %8s %10s %9s %7s %6s\n' reader seconds executions paths crashes hangs
for r in "${readers[@]}"; do
    seeds=$(seed_dir "$r")
    out=$FUZZ/out/$r
    rm -rf "$out" && mkdir -p "$(dirname "$out")"
    # AFL needs the sanitizers to abort (make test's own ASAN_OPTIONS set exit codes instead).
    ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:symbolize=0 \
    AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 \
    AFL_SKIP_BIN_CHECK=0 AFL_QUIET=1 \
        afl-fuzz -i "$seeds" -o "$out" -V "$secs" -m none -t 2000 -- "$BIN" "$r" @@ >"$FUZZ/$r.log" 2>&1
    st=$out/default/fuzzer_stats
    if [ ! -f "$st" ]; then
        echo "fuzz.sh: afl-fuzz did not run on $r (see $FUZZ/$r.log):"; tail -5 "$FUZZ/$r.log"; status=1; continue
    fi
    get() { sed -n "s/^$1 *: *//p" "$st"; }
    crashes=$(get saved_crashes) hangs=$(get saved_hangs)
    printf '%-9s %8s %10s %9s %7s %6s\n' "$r" "$(get run_time)" "$(get execs_done)" "$(get corpus_count)" \
        "$crashes" "$hangs"
    if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
        mkdir -p "tests/fuzz/crashes/$r"
        for f in "$out"/default/crashes/id* "$out"/default/hangs/id*; do
            [ -f "$f" ] || continue
            k=$(sha1sum "$f" | cut -c1-12)
            cp "$f" "tests/fuzz/crashes/$r/$k"
            echo "  kept tests/fuzz/crashes/$r/$k (from $f)"
        done
        status=1
    fi
done
exit $status
