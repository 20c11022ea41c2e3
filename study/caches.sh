#!/bin/bash
# `make study-caches` (study/study.mk): issue #15's targets on the real
# programs. The captures are `make study`'s (BUILD/study/cap, taken first if
# missing: make study-captures). Each workload and the multi-process mix run
# through two RTL builds with a 16-entry L1 TLB (data port):
#   l1     build/rvmmu as it is (no L2 TLB, no walk cache);
#   caches BUILD/study/caches: L2_ENTRIES=CACHES_L2 in CACHES_WAYS ways,
#          CACHES_SP superpage entries, PWC_ENTRIES=CACHES_PWC walk-cache entries.
# `rvmmu study --entries 16` checks every translation against the scoreboard
# in both, at memory latencies 1 and 20. The table (written between the
# study-caches markers of docs/l2tlb.md, and printed) gives the walk memory
# reads per 1000 accesses of each build and their ratio (target: at least 5x
# fewer), and the cycles per access at latency 20 beside the ideal MMU's
# (every access a hit: one translation a cycle, 1.000; target: within 5%).
# Environment: BUILD, MAKE, JOBS, STUDY_MAX, STUDY_SWITCH, CACHES_L2,
# CACHES_WAYS, CACHES_SP, CACHES_PWC, CACHES_MODE.
set -u -o pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
JOBS=${JOBS:-2}
STUDY_MAX=${STUDY_MAX:-10000000}
STUDY_SWITCH=${STUDY_SWITCH:-10000}
CACHES_L2=${CACHES_L2:-512}
CACHES_WAYS=${CACHES_WAYS:-4}
CACHES_SP=${CACHES_SP:-2}
CACHES_PWC=${CACHES_PWC:-4}
CACHES_MODE=${CACHES_MODE:-sv39}
OUT=$BUILD/study
CB=$OUT/caches
die() { echo "study-caches: $*" >&2; exit 1; }
t0=$(date +%s)

[ "$(cat "$BUILD/.entries" 2>/dev/null)" = 16 ] || die "$BUILD/rvmmu must be the 16-entry build (make ENTRIES=16)"
"$MAKE" -s -j"$JOBS" BUILD="$CB" ENTRIES=16 L2_ENTRIES="$CACHES_L2" L2_WAYS="$CACHES_WAYS" L2_SP="$CACHES_SP" \
    PWC_ENTRIES="$CACHES_PWC" "$CB/rvmmu" >"$OUT/log-caches-build.txt" 2>&1 ||
    { tail -20 "$OUT/log-caches-build.txt" >&2; die "the caches build failed"; }
echo "study-caches: build $(( $(date +%s) - t0 )) s"
WORKLOADS=$(study/workloads.sh list)
for w in $WORKLOADS; do
    [ -e "$OUT/cap/$w.cap" ] || die "no capture $OUT/cap/$w.cap: run make study-captures first"
done

mkdir -p "$CB/csv" "$CB/log" "$CB/rc"
ST=(--mode "$CACHES_MODE" --entries 16 --mem-latency 1,20 --switch "$STUDY_SWITCH")
run() {  # run BUILDNAME BIN WORKLOAD ARGS...
    local name=$1 bin=$2 w=$3; shift 3
    "$bin" study "${ST[@]}" --csv "$CB/csv/$name-$w.csv" "$@" >"$CB/log/$name-$w.txt" 2>&1
    echo $? >"$CB/rc/$name-$w"
}
for w in $WORKLOADS mix; do
    for b in l1 caches; do
        bin=$BUILD/rvmmu; [ $b = caches ] && bin=$CB/rvmmu
        args=("$OUT/cap/$w.cap")
        [ $w = mix ] && { args=(--mix --max "$STUDY_MAX"); for x in $WORKLOADS; do args+=("$OUT/cap/$x.cap"); done; }
        while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
        run $b "$bin" "$w" "${args[@]}" &
    done
done
wait
bad=0
for f in "$CB"/rc/*; do
    [ "$(cat "$f")" = 0 ] || { echo "study-caches: $(basename "$f") failed:" >&2; tail -5 "$CB/log/$(basename "$f").txt" >&2; bad=1; }
done
[ $bad = 0 ] || die "a run failed"
echo "study-caches: runs $(( $(date +%s) - t0 )) s"

python3 - "$CB/csv" "$WORKLOADS mix" "$CACHES_L2" "$CACHES_WAYS" "$CACHES_SP" "$CACHES_PWC" "$CACHES_MODE" \
    "$STUDY_MAX" "$(git rev-parse --short HEAD 2>/dev/null || echo ?)" <<'EOF' >"$CB/table.md" || die "table failed"
import csv, sys, datetime, os
d, wls, l2, ways, sp, pwc, mode, mx, commit = sys.argv[1:]
def rows(name, w):
    with open(os.path.join(d, f"{name}-{w}.csv")) as f:
        return [r for r in csv.DictReader(f) if r["policy"] == "rtl"]
def pick(rs, sp_on, lat, col):
    for r in rs:
        if r["superpages"] == sp_on and r["mem_latency"] == lat:
            return float(r[col])
    raise SystemExit(f"no row superpages={sp_on} latency={lat}")
now = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
print(f"Measured by `make study-caches` on {now} (commit {commit}, {os.cpu_count()} CPUs): {mode}, "
      f"captures of {mx} accesses, L1 16 entries; caches: L2 {l2} entries in {ways} ways + {sp} superpage "
      f"entries, walk cache {pwc} entries. Walk reads per 1000 accesses (latency 20) and cycles per access at "
      f"latency 20; the ideal MMU answers every access as a hit, one a cycle (1.000). 4 KiB pages / superpages.")
print()
print("| workload | walk reads, L1 | walk reads, caches | fewer | cycles/access, L1 | cycles/access, caches | above ideal |")
print("| --- | --: | --: | --: | --: | --: | --: |")
worst_ratio, worst_cpa = None, None
for w in wls.split():
    a, b = rows("l1", w), rows("caches", w)
    cells = [[], [], [], [], [], []]
    for s in ("0", "1"):
        ra, rb = pick(a, s, "20", "walk_reads_per_1k"), pick(b, s, "20", "walk_reads_per_1k")
        ca, cb = pick(a, s, "20", "cycles_per_access"), pick(b, s, "20", "cycles_per_access")
        ratio = ra / rb if rb else float("inf")
        worst_ratio = ratio if worst_ratio is None else min(worst_ratio, ratio)
        worst_cpa = cb if worst_cpa is None else max(worst_cpa, cb)
        for i, v in enumerate((f"{ra:.2f}", f"{rb:.2f}", f"{ratio:.1f}x", f"{ca:.3f}", f"{cb:.3f}",
                               f"{100 * (cb - 1):.1f}%")):
            cells[i].append(v)
    print(f"| {w} | " + " | ".join(" / ".join(c) for c in cells) + " |")
print()
print(f"Fewest: {worst_ratio:.1f}x fewer walk reads (target 5x: {'met' if worst_ratio >= 5 else 'missed'}); "
      f"most cycles per access with the caches: {worst_cpa:.3f}, {100 * (worst_cpa - 1):.1f}% above ideal "
      f"(target 5%: {'met' if worst_cpa <= 1.05 else 'missed'}).")
EOF
cat "$CB/table.md"
python3 - docs/l2tlb.md "$CB/table.md" <<'EOF' || die "docs/l2tlb.md has no study-caches markers"
import sys
doc, tab = sys.argv[1], open(sys.argv[2]).read()
s = open(doc).read()
b, e = "<!-- study-caches:begin -->", "<!-- study-caches:end -->"
i, j = s.index(b) + len(b), s.index(e)
open(doc, "w").write(s[:i] + "\n" + tab + s[j:])
EOF
echo "study-caches: docs/l2tlb.md; total $(( $(date +%s) - t0 )) s"
