#!/usr/bin/env bash
# compare.sh [FILE...] -- the SystemC virtual platform must replay every
# bundled trace exactly as the replay tool does.
#
# For each trace of tb/traces/*.trace, tb/traces/fail/*.trace (a wrong
# expect or check: exit 1) and tb/traces/bad/*.trace (malformed: exit 2 after
# running the lines before the error), or of the FILEs given, it runs both
#     build/rvmmu replay --mem-latency N FILE
#     build/systemc/rvmmu-vp --mem-latency N [--debug-check] FILE
# at walker memory latency N=1 and N=3, and at N=1 with every access also
# translated by transport_dbg first (which must change nothing, and agree
# with every walk), and at N=1 with --ports 2 (fetches through the
# instruction port, on both sides), and requires
#   results  the same lines up to `  ;`, and the same `pte PA VALUE` lines;
#   timing   the same `hit|miss cycles=N` after `  ;` (the platform clocks
#            the same RTL against a memory of the same latency);
#   status   the same exit status.
# Traces with pmp lines run too: the platform drives the RTL's PMP CSRs.
# Each difference is named, with a diff; exit 1 if there was any, 2 if a
# binary is missing (build them with: make build/rvmmu systemc).
# Env: REPLAY (default build/rvmmu), VP (default build/systemc/rvmmu-vp):
# two builds of the same RTL and caches; make test also compares
# build/caches/rvmmu with build/caches/systemc/rvmmu-vp (the walk cache and
# the L2 TLB on) on these traces and tb/traces/pwc/*, tb/traces/l2/*.
set -u
cd "$(dirname "$0")/.."
REPLAY=${REPLAY:-build/rvmmu}
VP=${VP:-build/systemc/rvmmu-vp}
for b in "$REPLAY" "$VP"; do
    [ -x "$b" ] || { echo "compare.sh: $b is not built (make build/rvmmu systemc)"; exit 2; }
done
if [ $# -gt 0 ]; then traces=("$@"); else traces=(tb/traces/*.trace tb/traces/fail/*.trace tb/traces/bad/*.trace); fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

results() { sed 's/  *;.*//' "$1"; }
timing() { sed -n 's/^\([0-9]*\) .*  ; \(hit\|miss\) cycles=\([0-9]*\).*$/\1 \2 \3/p' "$1"; }

runs=0
differ=0
for opts in "--mem-latency 1" "--mem-latency 3" "--mem-latency 1 --debug-check" "--mem-latency 1 --ports 2"; do
    for t in "${traces[@]}"; do
        # shellcheck disable=SC2086  # $opts is a list of options
        "$REPLAY" replay ${opts% --debug-check} "$t" >"$tmp/replay" 2>/dev/null; want=$?
        # shellcheck disable=SC2086
        "$VP" $opts "$t" >"$tmp/vp" 2>"$tmp/vp.err"; got=$?
        runs=$((runs + 1))
        what=""
        [ "$want" = "$got" ] || what="$what status(replay $want, systemc $got)"
        cmp -s <(results "$tmp/replay") <(results "$tmp/vp") || what="$what results"
        cmp -s <(timing "$tmp/replay") <(timing "$tmp/vp") || what="$what timing"
        [ -z "$what" ] && continue
        differ=$((differ + 1))
        echo "DIFFER $t ($opts):$what"
        diff <(results "$tmp/replay") <(results "$tmp/vp") | head -n 10 | sed 's/^/    /'
        diff <(timing "$tmp/replay") <(timing "$tmp/vp") | head -n 10 | sed 's/^/    /'
        head -n 5 "$tmp/vp.err" | sed 's/^/    systemc: /'
    done
done
echo "compare.sh: $runs runs (replay vs SystemC), $differ differ"
[ "$differ" = 0 ]
