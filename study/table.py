#!/usr/bin/env python3
"""docs/study-results.md from the study's CSV (study/study.sh runs it).

usage: table.py --csv FILE --captures DIR --times FILE --total SECONDS
                --workloads "a b c" --entries 8,16,32,64 --command TEXT --cpu SECONDS --logs DIR
                > docs/study-results.md

The CSV has docs/study.md's columns. DIR holds each capture's NAME.tsv
(study/workloads.sh: name, accesses, bytes, seconds, command, package).
FILE holds the stages' seconds (stage TAB seconds). --logs: the runs' logs
(NAME-N.txt, their replay lines). --entries: the sizes
the RTL ran at (every one must have its rtl rows); --cpu: the study runs'
processor seconds. Bad input is an error
naming the file and line."""
import argparse
import csv
import datetime
import os
import re
import subprocess
import sys

COLS = ["workload", "mode", "superpages", "entries", "policy", "mem_latency", "accesses", "pages", "misses",
        "misses_per_1k", "walk_reads", "walk_reads_per_1k", "cycles", "cycles_per_access", "cycles_per_miss"]
POLICIES = ["rtl", "plru", "lru", "fifo", "random", "opt"]
PNAME = {"rtl": "rvmmu RTL (tree PLRU)", "plru": "tree PLRU (C)", "lru": "true LRU", "fifo": "FIFO",
         "random": "random", "opt": "OPT (Belady)"}


def fail(msg):
    sys.stderr.write("table.py: error: %s\n" % msg)
    sys.exit(2)


def read_csv(path):
    rows = []
    try:
        with open(path, newline="") as f:
            r = csv.reader(f)
            head = next(r, None)
            if head != COLS:
                fail("%s: line 1: header is not docs/study.md's columns" % path)
            for n, rec in enumerate(r, start=2):
                if len(rec) != len(COLS):
                    fail("%s: line %d: %d fields, expected %d" % (path, n, len(rec), len(COLS)))
                d = dict(zip(COLS, rec))
                try:
                    d["superpages"] = int(d["superpages"])
                    d["entries"] = int(d["entries"])
                    d["mem_latency"] = int(d["mem_latency"])
                    d["accesses"] = int(d["accesses"])
                    d["pages"] = int(d["pages"])
                    d["misses_per_1k"] = float(d["misses_per_1k"])
                except ValueError:
                    fail("%s: line %d: a number field is not a number" % (path, n))
                if d["policy"] not in POLICIES:
                    fail("%s: line %d: unknown policy '%s'" % (path, n, d["policy"]))
                rows.append(d)
    except OSError as e:
        fail("%s: %s" % (path, e.strerror))
    if not rows:
        fail("%s: no rows" % path)
    return rows


def read_tsv(path, nfields):
    out = []
    with open(path) as f:
        for n, line in enumerate(f, start=1):
            rec = line.rstrip("\n").split("\t")
            if len(rec) < nfields:
                fail("%s: line %d: %d fields, expected %d" % (path, n, len(rec), nfields))
            out.append(rec)
    return out


def num(x, fmt="%.2f"):
    return "" if x in ("", None) else fmt % float(x)


def table(head, rows, align=None):
    align = align or ["---"] + ["--:"] * (len(head) - 1)
    s = "| " + " | ".join(head) + " |\n| " + " | ".join(align) + " |\n"
    for r in rows:
        s += "| " + " | ".join(str(c) for c in r) + " |\n"
    return s


def pair(a, b, fmt):
    return "%s / %s" % (fmt % a, fmt % b)


def rtl_row(by, w, sp, n, lat):
    rs = [r for r in by.get((w, sp, "rtl"), []) if r["entries"] == n and r["mem_latency"] == lat]
    return rs[0] if rs else None


def summary(by, wls, sizes, lats):
    """The README's tables: per workload and size, the RTL's misses per 1000 accesses and cycles per
    access at the highest latency, each as 4 KiB pages / superpages."""
    lo, hi = lats[0], lats[-1]
    head = ["workload", "4 KiB pages"] + ["%d entries" % n for n in sizes]
    mrows, crows = [], []
    for w in wls:
        pages = rtl_row(by, w, 0, sizes[0], lo)["pages"]
        m, c = [w, pages], [w, pages]
        for n in sizes:
            r0, r1 = rtl_row(by, w, 0, n, hi), rtl_row(by, w, 1, n, hi)
            m.append(pair(r0["misses_per_1k"], r1["misses_per_1k"], "%.2f"))
            c.append(pair(float(r0["cycles_per_access"]), float(r1["cycles_per_access"]), "%.3f"))
        mrows.append(m)
        crows.append(c)
    return ("TLB misses per 1000 accesses, 4 KiB pages / superpages:\n\n" + table(head, mrows) +
            "\nCycles per access at a walker memory latency of %d cycles, 4 KiB pages / superpages:\n\n" % hi +
            table(head, crows))


REPLAY = re.compile(r"^  replay at latency (\d+): (\d+) translations in ([0-9.]+) s \(([0-9.]+) s of processor time\)")


def replay_rates(logs, wls, sizes, lat1):
    """Per size: the replays' translations and processor seconds from `rvmmu study`'s logs (NAME-N.txt),
    the first latency's replays (the C models beside them) and the others' (the RTL alone) apart."""
    out = {}
    for n in sizes:
        acc = {True: [0, 0.0, 0], False: [0, 0.0, 0]}
        for w in wls:
            p = os.path.join(logs, "%s-%d.txt" % (w, n))
            try:
                with open(p) as f:
                    for line in f:
                        m = REPLAY.match(line)
                        if m:
                            a = acc[int(m.group(1)) == lat1]
                            a[0] += int(m.group(2))
                            a[1] += float(m.group(4))
                            a[2] += 1
            except OSError as e:
                fail("%s: %s" % (p, e.strerror))
        out[n] = acc
    return out


def main():
    ap = argparse.ArgumentParser()
    for a in ("--csv", "--captures", "--times", "--total", "--workloads", "--entries", "--command", "--cpu", "--logs"):
        ap.add_argument(a, required=True)
    o = ap.parse_args()
    rows = read_csv(o.csv)
    wls = o.workloads.split() + ["mix"]
    try:
        sizes = sorted(int(x) for x in o.entries.split(","))
    except ValueError:
        fail("--entries: not a comma-separated list of sizes: '%s'" % o.entries)
    by = {}
    for r in rows:
        by.setdefault((r["workload"], r["superpages"], r["policy"]), []).append(r)
    lats = sorted({r["mem_latency"] for r in rows if r["policy"] == "rtl"})
    for w in wls:
        for sp in (0, 1):
            for n in sizes:
                for L in lats:
                    if not rtl_row(by, w, sp, n, L):
                        fail("%s: no rtl row for workload %s, superpages %d, %d entries, latency %d"
                             % (o.csv, w, sp, n, L))
    mode = rows[0]["mode"]
    caps = {}
    for w in o.workloads.split():
        p = os.path.join(o.captures, w + ".tsv")
        if not os.path.exists(p):
            fail("%s: missing (the capture's record)" % p)
        caps[w] = read_tsv(p, 5)[0]
    times = read_tsv(o.times, 2)
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"

    out = []
    out.append("# Real programs through the MMU: measured\n")
    out.append("Generated by `%s` on %s UTC (commit %s, %d CPUs) with `study/table.py`; do not edit: "
               "run `make study` again. How the study works: [study.md](study.md); the captures: "
               "[capture.md](capture.md).\n"
               % (o.command, datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"), commit, os.cpu_count() or 0))
    out.append("Every workload is a real program from a Debian package, run under Valgrind on a fixed input "
               "(`study/gen_inputs.py`, seeded; `study/work.pl`; the repository's `lib/ref.c`) and captured "
               "from its first instruction (the dynamic linker included) up to its first %s accesses "
               "(fetches, loads and stores). Each is replayed alone as one process, and all of them together "
               "as the multi-process `mix` (one ASID each, time-sliced, no flushes), in %s, through the "
               "Verilated RTL built at each of %s entries (the `rtl` rows: cycle-accurate, scoreboard on, "
               "its hit/miss checked against the tree-PLRU C model of its size on every translation) and "
               "the C models of the other policies.\n"
               % (caps[o.workloads.split()[0]][1], mode, ", ".join(str(n) for n in sizes)))

    out.append("## Summary: the RTL\n")
    out.append(summary(by, wls, sizes, lats))
    out.append("## Workloads\n")
    trs = []
    for w in o.workloads.split():
        c = caps[w]
        pages = rtl_row(by, w, 0, sizes[0], lats[0])["pages"]
        pkg = c[5] if len(c) > 5 else "?"
        trs.append([w, pkg, "`%s`" % c[4], c[1], pages, "%.2f" % (int(c[2]) / 1e6),
                    "%.3f" % (int(c[2]) / int(c[1])), c[3]])
    mixr = rtl_row(by, "mix", 0, sizes[0], lats[0])
    trs.append(["mix", "all of the above", "`rvmmu study --mix` of the %d captures" % len(caps), mixr["accesses"],
                mixr["pages"], "", "", ""])
    out.append(table(["workload", "Debian package", "program", "accesses", "4 KiB pages", "capture MB",
                      "bytes/access", "capture s"], trs, ["---", "---", "---"] + ["--:"] * 5))
    out.append("Capture seconds are wall time with two captures at a time on this shared 2-core machine.\n")
    out.append("Each program runs past the captured accesses on its input, so each capture is the program's "
               "first accesses (the capture's trailer says *stopped by --max*): start-up, then the work. Why "
               "these programs: gcc's driver forks `cc1`, which Valgrind does not follow (the capture traces "
               "the first process only), and `cc1` called directly spends about 2*10^7 accesses on its own "
               "start-up before reading a line, and `python3` (even with `-S -E`) nearly 3*10^7; the Tiny C Compiler and "
               "perl get through their whole start-up and well into their work within 10^7 accesses.\n")

    out.append("## TLB misses per 1000 accesses, by policy and size\n")
    out.append("Superpages off, then on. The `rtl` row is the RTL built at each size; its misses equal the "
               "tree-PLRU C model's (`plru`) at that size, access for access (`rvmmu study` checks every "
               "translation). OPT is the fewest misses any policy can have.\n")
    head = ["workload", "policy"] + ["%d off" % s for s in sizes] + ["%d on" % s for s in sizes]
    trs = []
    for w in wls:
        for p in POLICIES:
            cell = []
            for sp in (0, 1):
                rs = by.get((w, sp, p), [])
                for s in sizes:
                    v = [r for r in rs if r["entries"] == s and r["mem_latency"] == lats[0]]
                    cell.append("%.2f" % v[0]["misses_per_1k"] if v else "")
            trs.append([w, PNAME[p]] + cell)
    out.append(table(head, trs, ["---", "---"] + ["--:"] * (2 * len(sizes))))

    out.append("## The RTL: walks and cycles\n")
    out.append("Walk reads are PTE reads at the walker's memory port; cycles per access are clock cycles from "
               "the first request to the last response over program accesses (1.00 is one translation a "
               "cycle); cycles per miss are a missing translation's mean cycles from acceptance to response. "
               "`@L`: walker memory latency L cycles.\n")
    head = ["workload", "entries", "superpages", "misses/1k", "walk reads/1k", "reads/miss"] + \
           ["cyc/acc @%d" % L for L in lats] + ["cyc/miss @%d" % L for L in lats]
    trs = []
    for w in wls:
        for n in sizes:
            for sp in (0, 1):
                rs = [rtl_row(by, w, sp, n, L) for L in lats]
                r0 = rs[0]
                rpm = float(r0["walk_reads"]) / float(r0["misses"]) if float(r0["misses"] or 0) > 0 else 0.0
                trs.append([w, n, "on" if sp else "off", "%.2f" % r0["misses_per_1k"],
                            num(r0["walk_reads_per_1k"]), "%.2f" % rpm] +
                           [num(r["cycles_per_access"], "%.3f") for r in rs] +
                           [num(r["cycles_per_miss"], "%.1f") for r in rs])
    out.append(table(head, trs, ["---", "--:", "---"] + ["--:"] * (len(head) - 3)))

    out.append("## Plots\n")
    out.append("![misses per 1000 accesses against entries, superpages off](study/study-misses.png)\n")
    out.append("![cycles per access against memory latency](study/study-latency.png)\n")
    out.append("![cycles per access against entries](study/study-entries.png)\n")
    out.append("![superpages off and on](study/study-superpages.png)\n")
    out.append("`make study` also writes `build/study/study-misses-sp.png` (the first plot with superpages on).\n")

    out.append("## Replay rate\n")
    out.append("From `rvmmu study`'s own report of each replay (`build/study/log/WORKLOAD-N.txt`): translations "
               "per second of processor time, scoreboard on, over all workloads' replays at each size. At the "
               "first latency the C models of the other policies at that size and OPT's stream run beside the "
               "RTL; at the others the RTL runs alone (with the tree-PLRU check).\n")
    rates = replay_rates(o.logs, wls, sizes, lats[0])
    trs = []
    for n in sizes:
        row = [n]
        for first in (True, False):
            t, c, k = rates[n][first]
            row += [k, "%.0f" % (t / c) if c else "", "%.1f" % (1e7 * c / t) if t else ""]
        trs.append(row)
    out.append(table(["entries", "replays @%d" % lats[0], "translations/s", "s per 10^7 translations",
                      "replays, other latencies", "translations/s", "s per 10^7 translations"], trs,
                     ["--:"] * 7))
    out.append("## Run time\n")
    trs = [[t[0], t[1]] for t in times] + [["**total** (`make study`)", "**%s**" % o.total]]
    out.append(table(["stage", "seconds"], trs))
    out.append("Wall time on a machine with %d CPUs shared with other jobs. The build stage builds the RTL at "
               "each size that is not the build directory's own (`build/study/entriesN`); the captures are "
               "taken once and kept in `build/study/cap/` (a later `make study` reuses them: the capture "
               "stage then takes no time); the study stage runs %d `rvmmu study` processes (one per workload "
               "and size) JOBS at a time, %s s of processor time in all.\n"
               % (os.cpu_count() or 0, len(wls) * len(sizes), o.cpu))
    sys.stdout.write("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
