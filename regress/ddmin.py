#!/usr/bin/env python3
"""ddmin.py TRACE OUT -- COMMAND... : delta-debug a failing tlbtrace.

Finds a small subset of TRACE's directive lines (the `tlbtrace` and `mode`
lines are always kept) on which COMMAND still fails the same way: exit
status 1 with a "scoreboard:" or "expected" message, the file given as the
last argument. Writes it to OUT. Zeller's ddmin, bounded in runs."""
import os
import subprocess
import sys
import tempfile

MAX_RUNS = 400


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    src, out, cmd = sys.argv[1], sys.argv[2], sys.argv[4:]
    lines = open(src).read().split("\n")
    keep = [l for l in lines if l.split("#")[0].split()[:1] in (["tlbtrace"], ["mode"], ["ram"])]
    body = [l for l in lines if l.split("#")[0].strip() and l not in keep]
    runs = [0]
    fd, tmp = tempfile.mkstemp(suffix=".trace")
    os.close(fd)

    def fails(subset):
        if runs[0] >= MAX_RUNS:
            return False
        runs[0] += 1
        with open(tmp, "w") as f:
            f.write("\n".join(keep + subset) + "\n")
        p = subprocess.run(cmd + [tmp], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        return p.returncode == 1 and ("scoreboard:" in p.stderr or "expected" in p.stderr)

    if not fails(body):
        print("ddmin: the trace does not fail as a whole; nothing to minimise", file=sys.stderr)
        os.remove(tmp)
        return 1
    n = 2
    while len(body) >= 2:
        chunk = max(1, len(body) // n)
        parts = [body[i:i + chunk] for i in range(0, len(body), chunk)]
        reduced = False
        for i in range(len(parts)):
            complement = [l for j, p in enumerate(parts) if j != i for l in p]
            if fails(parts[i]):
                body, n, reduced = parts[i], 2, True
                break
            if fails(complement):
                body, n, reduced = complement, max(n - 1, 2), True
                break
        if not reduced:
            if n >= len(body):
                break
            n = min(len(body), 2 * n)
    with open(out, "w") as f:
        f.write("\n".join(keep + body) + "\n")
    os.remove(tmp)
    print("ddmin: %d directive lines -> %d, %d runs" % (len([l for l in lines if l.strip()]), len(keep) + len(body), runs[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
