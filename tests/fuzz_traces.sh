#!/usr/bin/env bash
# fuzz_traces.sh TOOL OUTDIR N -- feed TOOL (the sanitizer build of rvmmu)
# N mutated copies of the directed traces: truncated, bytes flipped, lines
# dropped, duplicated or swapped, tokens replaced by edge values. Every run
# must end with status 0, 1 or 2 (never a crash or a sanitizer report);
# a failing input is kept in OUTDIR as its reproducer.
set -u
tool=$1 out=$2 n=$3
rm -rf "$out" && mkdir -p "$out/cases"
python3 - "$out/cases" "$n" tb/traces/*.trace <<'PY'
import random, sys
outdir, n, srcs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rng = random.Random(20261125)
edge = ["0", "0x", "0x_1", "1__0", "0xffffffffffffffff", "0x1_0000_0000_0000_0000", "-1",
        "99999999999999999999", "sv39", "bare", "U", "x", "expect", "pa=", "fault=", "va=", "asid=",
        "pbmt=nc", "\t", "#", "\x00", "\xff", "tlbtrace", "ram", "mode"]
texts = [open(s, "rb").read() for s in srcs]
for i in range(n):
    b = bytearray(rng.choice(texts))
    lines = b.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(6)
        if k == 0 and b:
            b = b[: rng.randrange(len(b))]
            lines = b.split(b"\n")
        elif k == 1 and b:
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            lines = b.split(b"\n")
        elif k == 2 and lines:
            del lines[rng.randrange(len(lines))]
        elif k == 3 and lines:
            j = rng.randrange(len(lines)); lines.insert(rng.randrange(len(lines) + 1), lines[j])
        elif k == 4 and len(lines) > 1:
            a, c = rng.randrange(len(lines)), rng.randrange(len(lines)); lines[a], lines[c] = lines[c], lines[a]
        elif lines:
            j = rng.randrange(len(lines)); toks = lines[j].split(b" ")
            toks[rng.randrange(len(toks))] = rng.choice(edge).encode("latin-1")
            lines[j] = b" ".join(toks)
        b = bytearray(b"\n".join(lines))
    open(f"{outdir}/case{i:04d}.trace", "wb").write(bytes(b))
PY
bad=0
for f in "$out"/cases/*.trace; do
    timeout 20 "$tool" replay "$f" >/dev/null 2>"$f.err"; rc=$?
    if [ "$rc" -gt 2 ]; then
        bad=$((bad + 1)); cp "$f" "$out/crash-$(basename "$f")"
        echo "status $rc on $f (kept as $out/crash-$(basename "$f"))"; tail -n 3 "$f.err"
    fi
done
echo "$n mutated traces, $bad crashed"
[ "$bad" = 0 ]
