#!/usr/bin/env python3
"""peers.py -- rvmmu and CVA6's MMU on the same workloads (`make peers`).

Usage: python3 peers/peers.py --build build [--lat "1 20"] [--seeds N]
                              [--accesses N] [--captures "A.cap B.cap"]
                              [--study-max N] [--jobs J] TRACE...

Both tools are the same harness (build/rvmmu and build/peers/rvmmu-cva6,
peers/peers.mk) over different Verilated models, so every figure below comes
from the same driver, the same memory model and the same latency:

  - per page size: the cold walk latency of `bench` (one leaf level each,
    at memory latencies 1, 2, 4, 8) and its back-to-back hit throughput;
  - per workload (each directed trace TRACE, and gen_random traces in Sv32
    and Sv39) and memory latency: misses (walks) per 1000 accesses, mean
    walk latency (cycles of the accesses that walked), cycles per access
    (acceptance to response, one access at a time as `replay` drives them);
    the rvmmu/CVA6 ratio of each;
  - every translation where CVA6's answer differs from the reference model
    (the scoreboard's peer mode, RVMMU_PEER), with the spec rule involved;
  - the captured programs (--captures; `make peers` gives the study's five
    and their mix): `rvmmu study` with both tools, per program, mode, page
    size (superpages off/on) and latency: misses and walk reads per 1000,
    walk latency, cycles per access, throughput, each ratio, their geometric
    means, and CVA6's differences from the reference by rule.

rvmmu runs under its full scoreboard (a mismatch there is an error of this
script's run); CVA6 runs in peer mode. Files go to BUILD/peers/run/.
"""
import argparse
import collections
import concurrent.futures
import json
import math
import os
import re
import subprocess
import sys

RESULT = re.compile(r"^(\d+) (load|store|fetch) (0x[0-9a-f]+) -> (.*?)  ; (hit|miss) cycles=(\d+)")
BENCH_ROW = re.compile(r"^\| (sv\d+) \| (\w+) \| (\d+) \| (\d+) \| (-?\d+)[^|]*\|")
TPUT = re.compile(r"^Hit throughput, (\d+) back-to-back .*: ([\d.]+) translations/cycle")

# PTE bits (RISC-V privileged spec, Sv32/Sv39 PTE formats; Svpbmt; Svnapot).
PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_G, PTE_A, PTE_D = (1 << i for i in range(8))
RV64_RSVD = 0x7f << 54
RV64_PBMT = 3 << 61
RV64_N = 1 << 63
MODE_NAMES = {0: "bare", 1: "sv32", 8: "sv39", 9: "sv48", 10: "sv57"}

RULES = collections.OrderedDict([
    ("mode", "satp.MODE Sv48/Sv57: CVA6 implements Sv39 only (MODE is WARL; the shim takes it as Bare, PA = VA)"),
    ("bus-error", "a bus error on a PTE read is an access fault (spec 4.3.2 step 2); CVA6's walker port "
                  "has no error signal, so the word reads as 0 and the walk ends in a page fault"),
    ("bare-pa", "Bare / M mode: PA = VA; CVA6 cuts it to its 56-bit PLEN"),
    ("canonical", "RV64: a VA not sign-extended from bit 38 must raise a page fault (Sv39); "
                  "CVA6 walks with the low 39 bits (data) or raises an access fault (fetch)"),
    ("reserved", "PTE bits 60:54 are reserved and must raise a page fault; CVA6 ignores them"),
    ("svpbmt", "Svpbmt: CVA6 has no PBMT (bits 62:61 ignored: no memory type, no fault for PBMT=3 "
               "or PBMT in a non-leaf PTE)"),
    ("svnapot", "Svnapot: CVA6 ignores N (a 64 KiB NAPOT page is translated as a 4 KiB page with the "
                "PPN's low bits as written; an illegal N does not fault)"),
    ("nonleaf-adu", "a non-leaf PTE with D, A or U set must raise a page fault (reserved in a non-leaf "
                    "PTE: spec 4.3.2 step 3); CVA6 follows it as a pointer"),
    ("svadu", "Svadu (menvcfg.ADUE=1): the walk must set A (and D for a store); CVA6's walker never "
              "writes and raises a page fault (Svade behaviour)"),
    ("stale-d", "a store to a page whose DTLB entry has D=0 while memory has D=1 (changed without "
                "SFENCE.VMA): CVA6 raises the store page fault from the entry; the reference walks again and "
                "translates (a stale entry may be used until SFENCE.VMA, so both are defensible)"),
    ("mxr-hit", "MXR/R: a load from a page without R (execute-only) must fault unless MXR=1 at the "
                "access; CVA6 checks R/MXR only when its walker fills the DTLB, and a later DTLB hit "
                "reads the page after MXR is cleared"),
    ("asid1", "CV32A6 keeps 1 satp.ASID bit (ariane_pkg::ASID_WIDTH = 1; ASIDLEN is WARL): "
              "address spaces whose ASIDs differ above bit 0 share TLB entries"),
    ("other", "not classified (see the record)"),
])


def run(cmd, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    return p.returncode, p.stdout, p.stderr


def replay(tool, path, lat, diff_file=None, every=False):
    """Stats of one replay: accesses, misses, total cycles, cycles of the accesses that walked;
    "lines": (trace line, walked, cycles) of each access."""
    env = dict(os.environ)
    env.pop("RVMMU_PEER", None)
    env.pop("RVMMU_PEER_ALL", None)
    if diff_file:
        env["RVMMU_PEER"] = diff_file
        if every:
            env["RVMMU_PEER_ALL"] = "1"
        if os.path.exists(diff_file):
            os.remove(diff_file)
    rc, out, err = run([tool, "replay", "--mem-latency", str(lat), path], env)
    st = {"acc": 0, "miss": 0, "cyc": 0, "miss_cyc": 0, "hit_cyc": 0, "rc": rc, "lines": [],
          "scoreboard": [l for l in err.splitlines() if "scoreboard:" in l or "error:" in l]}
    for line in out.splitlines():
        m = RESULT.match(line)
        if not m:
            continue
        c = int(m.group(6))
        st["lines"].append((int(m.group(1)), m.group(5) == "miss", c))
        st["acc"] += 1
        st["cyc"] += c
        if m.group(5) == "miss":
            st["miss"] += 1
            st["miss_cyc"] += c
        else:
            st["hit_cyc"] += c
    return st


def parse_record(line):
    rec = {"ok": "0"}
    for tok in line.split():
        k, _, v = tok.partition("=")
        rec[k] = v
    rec["ptes"] = [int(x, 16) for x in rec.get("ptes", "").split(",") if x]
    for k in ("line", "mode", "asid", "priv", "sum", "mxr", "adue"):
        rec[k] = int(rec.get(k, "0"))
    rec["va"] = int(rec["va"], 16)
    return rec


def page_name(rec):
    if "level" not in rec:
        return "no leaf"
    if rec.get("napot") == "1":
        return "64KiB"
    sizes = ["4KiB", "4MiB"] if rec["mode"] == 1 else ["4KiB", "2MiB", "1GiB", "512GiB", "256TiB"]
    return sizes[int(rec["level"])]


def is_pointer(pte):
    return pte & PTE_V and not pte & (PTE_R | PTE_W | PTE_X)


def classify(rec, trace_asids):
    """The spec rule a CVA6 difference comes from (RULES key)."""
    mode, va, ptes, rv64 = rec["mode"], rec["va"], rec["ptes"], rec["mode"] >= 8
    ref, peer = rec["ref"], rec["peer"]
    leaf = ptes[-1] if ptes and not is_pointer(ptes[-1]) and ptes[-1] & PTE_V else None
    mxr_hit = (leaf is not None and rec["acc"] == "load" and not leaf & PTE_R and leaf & PTE_X and not rec["mxr"]
               and "fault" in ref and "fault" not in peer)
    if mode in (9, 10):
        return "mode"
    # A translation CVA6 gives where the reference's differs or faults, in
    # Sv32 with ASIDs above 1 in use, comes from an entry of an aliased ASID
    # (a legal stale entry is not a difference: the scoreboard allows them).
    if mode == 1 and peer.startswith("pa=") and any(x > 1 for x in trace_asids) and not mxr_hit:
        return "asid1"
    if "access_fault" in ref and "access_fault" not in peer:
        return "bus-error"
    if mode == 0 or rec["priv"] == 3:
        return "bare-pa" if va >> 56 else "other"
    if mode == 8 and (va >> 38) not in (0, (1 << 26) - 1):
        return "canonical"
    if rv64:
        if any(p & RV64_RSVD for p in ptes):
            return "reserved"
        if any(p & RV64_PBMT for p in ptes) or "pbmt=" in ref or "stale_pbmt" in rec:
            return "svpbmt"
        if any(p & RV64_N for p in ptes):
            return "svnapot"
    if ptes and is_pointer(ptes[-1]) and ptes[-1] & (PTE_A | PTE_D | PTE_U) and "fault" in ref:
        return "nonleaf-adu"
    if leaf is not None and rec["adue"] and (not leaf & PTE_A or (rec["acc"] == "store" and not leaf & PTE_D)):
        return "svadu"
    if rec["acc"] == "store" and peer == "fault=store_page_fault" and ref.startswith("pa=") and leaf is not None \
            and leaf & PTE_D:
        return "stale-d"
    if mxr_hit:
        return "mxr-hit"
    if mode == 1 and any(a > 1 for a in trace_asids):
        return "asid1"
    return "other"


def trace_asids(path):
    asids = set()
    try:
        with open(path) as f:
            for line in f:
                t = line.split()
                if len(t) >= 3 and t[0] == "satp" and t[1] != "bare":
                    asids.add(int(t[2], 0))
    except (OSError, ValueError):
        pass
    return asids


def ratio(a, b):
    return "%.2f" % (a / b) if b else "-"


def fmt(x):
    return "%.2f" % x if isinstance(x, float) else str(x)


def bench(tool, diff_file=None):
    env = dict(os.environ)
    env.pop("RVMMU_PEER", None)
    if diff_file:
        env["RVMMU_PEER"] = diff_file
    rc, out, _ = run([tool, "bench"], env)
    rows, tput = {}, None
    for line in out.splitlines():
        m = BENCH_ROW.match(line)
        if m:
            rows[(m.group(1), m.group(2), int(m.group(4)))] = (int(m.group(3)), int(m.group(5)))
        m = TPUT.match(line)
        if m:
            tput = float(m.group(2))
    return rows, tput


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--lat", default="1 20")
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--accesses", type=int, default=2000)
    ap.add_argument("--captures", default="", help="capture files for `rvmmu study` (make study-captures')")
    ap.add_argument("--study-max", type=int, default=10000000, help="accesses of each capture (and of the mix)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--resume", action="store_true",
                    help="keep the captured-program runs an earlier run of the same command completed")
    ap.add_argument("traces", nargs="*")
    a = ap.parse_args(argv[1:])
    rvmmu = os.path.join(a.build, "rvmmu")
    cva6 = os.path.join(a.build, "peers", "rvmmu-cva6")
    gen = os.path.join(a.build, "gen_random")
    out = os.path.join(a.build, "peers", "run")
    os.makedirs(out, exist_ok=True)
    lats = [int(x) for x in a.lat.split()]
    status = 0

    # ---------------------------------------------------------------- workloads
    work = [(os.path.basename(t)[:-len(".trace")], t, "directed") for t in a.traces]
    for mode in ("sv32", "sv39"):
        for seed in range(1, a.seeds + 1):
            path = os.path.join(out, "random-%s-%d.trace" % (mode, seed))
            with open(path, "w") as f:
                rc = subprocess.run([gen, "--mode", mode, "--seed", str(seed), "--accesses", str(a.accesses)],
                                    stdout=f).returncode
            if rc != 0:
                sys.stderr.write("peers.py: error: %s --mode %s --seed %d failed\n" % (gen, mode, seed))
                return 1
            work.append(("random-%s-%d" % (mode, seed), path, "random " + mode))

    jobs = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        brv = ex.submit(bench, rvmmu)
        bcv = ex.submit(bench, cva6, os.path.join(out, "bench.diff"))
        # The peer mode's own check: rvmmu (which matches the reference, its
        # scoreboard says so) must give no difference through it either.
        # Every response recorded (RVMMU_PEER_ALL): the page size of each access (the reference's leaf).
        selfcheck = {name: ex.submit(replay, rvmmu, path, lats[0], os.path.join(out, "%s.rvmmu.diff" % name), True)
                     for name, path, _ in work}
        for name, path, _ in work:
            for lat in lats:
                jobs[(name, lat, "rvmmu")] = ex.submit(replay, rvmmu, path, lat)
                jobs[(name, lat, "cva6")] = ex.submit(replay, cva6, path, lat,
                                                      os.path.join(out, "%s.lat%d.diff" % (name, lat)))
        res = {k: f.result() for k, f in jobs.items()}
        bench_rv, bench_cv = brv.result(), bcv.result()
        for f in selfcheck.values():
            f.result()
    self_diffs = 0
    page_of = {}   # (workload, trace line) -> page size of the reference's leaf, or "no leaf"
    for name, _, _ in work:
        fn = os.path.join(out, "%s.rvmmu.diff" % name)
        n = 0 if os.path.exists(fn) else 1
        if os.path.exists(fn):
            with open(fn) as f:
                for line in f:
                    rec = parse_record(line)
                    n += rec["ok"] != "1"
                    page_of[(name, rec["line"])] = page_name(rec)
        if n:
            sys.stderr.write("peers.py: rvmmu through the peer mode differs from the reference on %s (%d): "
                             "see %s\n" % (name, n, os.path.join(out, "%s.rvmmu.diff" % name)))
            self_diffs += n
            status = 1

    for (name, lat, tool), st in sorted(res.items()):
        errors = st["scoreboard"] if tool == "rvmmu" else [l for l in st["scoreboard"] if "error:" in l]
        if errors:
            sys.stderr.write("peers.py: %s on %s (latency %d): %s\n" % (tool, name, lat, errors[0]))
            status = 1

    # ---------------------------------------------------------------- per page size
    print("## Walk latency per page size (cold miss, `bench`: cycles from acceptance to response)\n")
    blats = sorted({k[2] for k in bench_rv[0]})
    print("Each cell: rvmmu / CVA6 cycles (rvmmu/CVA6 ratio).\n")
    print("| mode | page | levels | " + " | ".join("LAT %d" % l for l in blats) + " |")
    print("|------|------|--------|" + "|".join("------" for _ in blats) + "|")
    pages = []
    for key in bench_rv[0]:
        if key[:2] not in pages:
            pages.append(key[:2])
    for mode, page in pages:
        if mode in ("sv48", "sv57"):
            continue   # CVA6 has neither (below)
        cells = []
        for l in blats:
            levels, cyc = bench_rv[0][(mode, page, l)]
            cv = bench_cv[0].get((mode, page, l), (levels, -1))[1]
            cells.append("%d / %s (%s)" % (cyc, cv if cv >= 0 else "-", ratio(cyc, cv) if cv > 0 else "-"))
        note = " (CVA6: N ignored, wrong PA)" if page == "64KiB" else ""
        print("| %s | %s%s | %d | %s |" % (mode, page, note, levels, " | ".join(cells)))
    print("\nSv48 and Sv57 (rvmmu only; CVA6 implements neither): " + "; ".join(
        "%s %s %s" % (m, p, "/".join(str(bench_rv[0][(m, p, l)][1]) for l in blats))
        for m, p in pages if m in ("sv48", "sv57")) + " cycles at LAT " + "/".join(map(str, blats)) + ".")
    print("\nHit throughput (`bench`: 100000 back-to-back Sv32 loads on 8 pages, same context): "
          "rvmmu %s, CVA6 %s translations/cycle (ratio %s)\n"
          % (bench_rv[1], bench_cv[1], ratio(bench_rv[1] or 0, bench_cv[1] or 0)))

    # ---------------------------------------------------------------- differences (read)
    lat0 = lats[0]
    diffs = []
    for name, path, kind in work:
        asids = trace_asids(path)
        fn = os.path.join(out, "%s.lat%d.diff" % (name, lat0))
        if not os.path.exists(fn):
            continue
        with open(fn) as f:
            for line in f:
                rec = parse_record(line)
                diffs.append((name, kind, rec, classify(rec, asids)))
    # Workloads that use Sv48/Sv57, which CVA6 lacks: shown, but not in the aggregates.
    no_mode = {d[0] for d in diffs if d[3] == "mode"}

    # ---------------------------------------------------------------- per workload
    groups = collections.OrderedDict()
    for name, path, kind in work:
        groups.setdefault(kind, []).append(name)
    for lat in lats:
        print("## Workloads at memory latency %d (one access at a time, as `replay` drives them)\n" % lat)
        print("| workload | accesses | misses/1k rvmmu | CVA6 | ratio | walk latency rvmmu | CVA6 | ratio "
              "| cycles/access rvmmu | CVA6 | ratio |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")

        def row(label, names):
            s = {t: collections.Counter() for t in ("rvmmu", "cva6")}
            for n in names:
                for t in s:
                    s[t].update({k: v for k, v in res[(n, lat, t)].items() if isinstance(v, int) and k != "rc"})
            r, c = s["rvmmu"], s["cva6"]
            if not r["acc"]:
                return
            mk = [1000.0 * x["miss"] / x["acc"] for x in (r, c)]
            wl = [x["miss_cyc"] / x["miss"] if x["miss"] else 0.0 for x in (r, c)]
            cp = [x["cyc"] / x["acc"] for x in (r, c)]
            print("| %s | %d | %.1f | %.1f | %s | %.2f | %.2f | %s | %.2f | %.2f | %s |"
                  % (label, r["acc"], mk[0], mk[1], ratio(mk[0], mk[1]), wl[0], wl[1], ratio(wl[0], wl[1]),
                     cp[0], cp[1], ratio(cp[0], cp[1])))
        for kind, names in groups.items():
            if kind == "directed":
                for n in names:
                    row(n + (" (Sv48/Sv57)" if n in no_mode else ""), [n])
            agg = [n for n in names if n not in no_mode]
            row("**%s (%d%s)**" % (kind, len(agg), ", without Sv48/Sv57" if len(agg) < len(names) else ""), agg)
        print()

    # ---------------------------------------------------------------- per workload and page size
    order = ["4KiB", "64KiB", "2MiB", "4MiB", "1GiB", "no leaf"]
    for lat in lats:
        print("## Workloads by page size at memory latency %d\n" % lat)
        print("Each access counted under the size of the page the reference walk finds for it "
              "(\"no leaf\": Bare/M, or the walk faults).\n")
        print("| workloads | page | accesses | misses/1k rvmmu | CVA6 | ratio | walk latency rvmmu | CVA6 | ratio "
              "| cycles/access rvmmu | CVA6 | ratio |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for kind, names in groups.items():
            agg = [n for n in names if n not in no_mode]
            acc = collections.defaultdict(lambda: {t: collections.Counter() for t in ("rvmmu", "cva6")})
            for n in agg:
                for t in ("rvmmu", "cva6"):
                    for line, walked, c in res[(n, lat, t)]["lines"]:
                        x = acc[page_of.get((n, line), "no leaf")][t]
                        x["acc"] += 1
                        x["cyc"] += c
                        if walked:
                            x["miss"] += 1
                            x["miss_cyc"] += c
            for page in order:
                if page not in acc:
                    continue
                r, c = acc[page]["rvmmu"], acc[page]["cva6"]
                mk = [1000.0 * x["miss"] / x["acc"] if x["acc"] else 0.0 for x in (r, c)]
                wl = [x["miss_cyc"] / x["miss"] if x["miss"] else 0.0 for x in (r, c)]
                cp = [x["cyc"] / x["acc"] if x["acc"] else 0.0 for x in (r, c)]
                print("| %s | %s | %d | %.1f | %.1f | %s | %.2f | %.2f | %s | %.2f | %.2f | %s |"
                      % (kind, page, r["acc"], mk[0], mk[1], ratio(mk[0], mk[1]), wl[0], wl[1],
                         ratio(wl[0], wl[1]), cp[0], cp[1], ratio(cp[0], cp[1])))
        print()

    # ---------------------------------------------------------------- differences
    by_rule = collections.OrderedDict((k, []) for k in RULES)
    for d in diffs:
        by_rule[d[3]].append(d)
    total = sum(res[(n, lat0, "cva6")]["acc"] for n, _, _ in work)
    print("## Translations where CVA6 differs from the reference model (memory latency %d)\n" % lat0)
    print("%d of %d translations differ (rvmmu through the same peer-mode check: %d). By rule:\n"
          % (len(diffs), total, self_diffs))
    print("| rule | translations | workloads |")
    print("|------|--------------|-----------|")
    for k, ds in by_rule.items():
        if ds:
            names = sorted({d[0] for d in ds})
            shown = ", ".join(names[:6]) + (", ... (%d)" % len(names) if len(names) > 6 else "")
            print("| %s: %s | %d | %s |" % (k, RULES[k], len(ds), shown))
    # The check can fail: traces built to show a rule must show it through CVA6.
    for trace, rule in (("sv39-napot", "svnapot"), ("sv32-ad-svadu", "svadu"), ("sv39-reserved-bits", "reserved"),
                        ("sv32-fault-nonleaf-ad-u", "nonleaf-adu")):
        if any(n == trace for n, _, _ in work) and not any(d[0] == trace and d[3] == rule for d in diffs):
            sys.stderr.write("peers.py: %s gave no difference of rule %s through CVA6\n" % (trace, rule))
            status = 1
    listing = os.path.join(out, "differences.txt")
    with open(listing, "w") as f:
        for name, kind, rec, rule in diffs:
            f.write("%s:%d %s 0x%x cva6 %s ref %s [%s] %s\n" % (name, rec["line"], rec["acc"], rec["va"],
                                                              rec["peer"], rec["ref"], rule,
                                                              MODE_NAMES.get(rec["mode"], rec["mode"])))
    print("\nEvery one (directed traces in full; random traces: the first 3 of each rule), "
          "as `trace:line access VA: CVA6 / reference [rule]`:\n")
    print("```")
    shown = collections.Counter()
    for name, kind, rec, rule in diffs:
        if kind != "directed":
            shown[(kind, rule)] += 1
            if shown[(kind, rule)] > 3:
                continue
        print("%s:%d %s 0x%x: %s / %s [%s]" % (name, rec["line"], rec["acc"], rec["va"], rec["peer"],
                                              rec["ref"], rule))
    print("```")
    print("\nThe full list: %s" % listing)

    # ---------------------------------------------------------------- captured programs (hook)
    caps = a.captures.split()
    if not caps:
        print("\n(captured programs: none given; `make peers` runs the study's, PEER_CAPTURES=none skips them)")
    else:
        status |= study(rvmmu, cva6, caps, lats, out, a.study_max, a.jobs, a.resume)
    return status


def diff_counts(fn):
    """The records of a peer-mode difference file, each distinct one (its trace line aside) with its count.
    A program's capture repeats the same difference on every access to a page: counted, not kept."""
    counts = collections.Counter()
    if os.path.exists(fn):
        with open(fn) as f:
            for line in f:
                counts[line[line.index(" ") + 1:]] += 1
        os.remove(fn)
    return counts


def read_study_csv(csv):
    """The rtl rows of a study CSV by (superpages, LAT), and the 32-entry tree-PLRU rows by (superpages, "plru32")."""
    rows = {}
    if os.path.exists(csv):
        with open(csv) as f:
            head = f.readline().strip().split(",")
            for line in f:
                r = dict(zip(head, line.strip().split(",")))
                if r.get("policy") == "rtl":
                    rows[(r["superpages"], int(r["mem_latency"]))] = r
                elif r.get("policy") == "plru" and r.get("entries") == "32":
                    rows[(r["superpages"], "plru32")] = r
    return rows


def study_job(tool, name, mode, lats, work, caps, max_acc, out, resume=False):
    """One `rvmmu study` run (docs/study.md) of one workload (or the mix) in one mode:
    (status, stderr, command, {(superpages, LAT): rtl row}, differences by rule (CVA6), distinct differences).
    resume: a run whose CSV (and, for CVA6, its counts of differences) an earlier run of the same
    command left complete is read back instead of run again."""
    csv = os.path.join(out, "study-%s-%s-%s.csv" % (work, mode, name))
    diff = os.path.join(out, "study-%s-%s.diff" % (work, mode))
    counts = csv + ".rules"
    cmd_key = None
    env = dict(os.environ)
    env.pop("RVMMU_PEER", None)
    env.pop("RVMMU_PEER_ALL", None)
    if name == "cva6":
        env["RVMMU_PEER"] = diff   # not held to rvmmu's tree-PLRU C model; answers checked against the reference
        if os.path.exists(diff):
            os.remove(diff)
    # rvmmu's C models also at 32 entries, CVA6's 16 + 16 in all: the tree-PLRU model's misses there are the
    # 32-entry RTL's (make study checks that equality access for access).
    cmd = [tool, "study", "--mode", mode, "--mem-latency", ",".join(map(str, lats)),
           "--entries", "16,32" if name == "rvmmu" else "16",
           "--max", str(max_acc), "--csv", csv] + (["--mix"] if work == "mix" else []) + caps
    cmd_key = " ".join(cmd)
    if resume and os.path.exists(counts):
        with open(counts) as f:
            saved = json.load(f)
        rows = read_study_csv(csv)
        if saved.get("command") == cmd_key and rows:
            return 0, "", cmd_key, rows, collections.Counter(saved["rules"]), saved["distinct"]
    if os.path.exists(counts):
        os.remove(counts)
    rc, _, err = run(cmd, env)
    rows = read_study_csv(csv)
    rules, distinct = collections.Counter(), 0
    # The ASIDs in use: capmap gives process K (from 0) ASID K + 1.
    asids = set(range(1, len(caps) + 1))
    if name == "cva6":
        for rec_line, n in diff_counts(diff).items():
            rules[classify(parse_record("line=0 " + rec_line), asids)] += n
            distinct += 1
    if rows and (rc == 0 or (name == "cva6" and rc == 1)):
        with open(counts, "w") as f:
            json.dump({"command": cmd_key, "rules": rules, "distinct": distinct}, f)
    return rc, err, cmd_key, rows, rules, distinct


def study(rvmmu, cva6, caps, lats, out, max_acc, jobs, resume=False):
    """The captured programs (each alone, and all of them as the processes of one mix) through both
    tools' `rvmmu study` (the RTL rows: 16 entries, streamed back to back), side by side."""
    works = [(os.path.basename(c).rsplit(".", 1)[0], [c]) for c in caps]
    if len(caps) > 1:
        works.append(("mix", caps))
    tasks = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        # CVA6's runs first: the slower model.
        for tool, name in ((cva6, "cva6"), (rvmmu, "rvmmu")):
            for mode in ("sv32", "sv39"):
                for work, wcaps in works:
                    tasks[(work, mode, name)] = ex.submit(study_job, tool, name, mode, lats, work, wcaps, max_acc, out,
                                                             resume)
        res = {k: f.result() for k, f in tasks.items()}
    status = 0
    for (work, mode, name), (rc, err, cmd, rows, _, _) in sorted(res.items()):
        # rvmmu must pass its scoreboard and its policy check; CVA6 in peer mode only stops on bad input.
        if (name == "rvmmu" and rc != 0) or rc not in (0, 1) or not rows:
            sys.stderr.write("peers.py: %s: status %d: %s\n" % (cmd, rc, err.strip()[-300:]))
            status = 1
    if status:
        return status
    print("\n## Captured programs (`rvmmu study`, %s accesses each; the mix: all of them as processes, "
          "%s accesses in all)\n" % (max_acc, max_acc))
    print("Both through `rvmmu study`'s RTL rows: 16 entries (CVA6: 16 ITLB + 16 DTLB), the accesses streamed back "
          "to back (`hs_pipeline`), the page tables demand-paged by the study's kernel, without and with its "
          "superpages (Sv39: 2 MiB and 64 KiB Svnapot pages; Sv32: 4 MiB pages). Each cell: rvmmu / CVA6 "
          "(rvmmu/CVA6 ratio). Walk latency: cycles per access that missed; throughput: accesses per cycle. \"rvmmu at 32 "
          "entries\": the misses of rvmmu's tree PLRU at 32 entries (its C model, which the 32-entry RTL equals access for "
          "access: `make study`), as many entries as CVA6's ITLB and DTLB together.\n")
    cols = (("misses/1k", "misses_per_1k", False), ("misses/1k, rvmmu at 32 entries", "plru32", False),
            ("walk reads/1k", "walk_reads_per_1k", False),
            ("walk latency", "cycles_per_miss", False), ("cycles/access", "cycles_per_access", False),
            ("accesses/cycle", "cycles_per_access", True))
    geo = collections.defaultdict(list)
    for mode in ("sv32", "sv39"):
        for lat in lats:
            print("### %s, memory latency %d\n" % (mode.capitalize(), lat))
            print("| workload | superpages | " + " | ".join(c[0] for c in cols) + " |")
            print("|---|---|" + "---|" * len(cols))
            for work, _ in works:
                for sp in ("0", "1"):
                    r = res[(work, mode, "rvmmu")][3].get((sp, lat))
                    c = res[(work, mode, "cva6")][3].get((sp, lat))
                    if not r or not c:
                        continue
                    cells = []
                    for label, col, inv in cols:
                        if col == "plru32":   # the 32-entry tree PLRU (= RTL) beside CVA6's 16 + 16
                            r32 = res[(work, mode, "rvmmu")][3].get((sp, "plru32"))
                            x, y = float(r32["misses_per_1k"]) if r32 else 0.0, float(c["misses_per_1k"] or 0)
                        else:
                            x, y = float(r[col] or 0), float(c[col] or 0)
                        if inv:
                            x, y = (1 / x if x else 0.0), (1 / y if y else 0.0)
                        cells.append("%.3f / %.3f (%s)" % (x, y, ratio(x, y)) if inv else
                                     "%.2f / %.2f (%s)" % (x, y, ratio(x, y)))
                        if y and x and work != "mix":
                            geo[(mode, lat, sp, label)].append(x / y)
                    print("| %s | %s | %s |" % (work, "on" if sp == "1" else "off", " | ".join(cells)))
            print()
    print("Geometric mean of the rvmmu/CVA6 ratios over the %d programs (the mix aside):\n" % len(caps))
    print("| mode | LAT | superpages | " + " | ".join(c[0] for c in cols) + " |")
    print("|---|---|---|" + "---|" * len(cols))
    for mode in ("sv32", "sv39"):
        for lat in lats:
            for sp in ("0", "1"):
                vals = [geo.get((mode, lat, sp, c[0])) for c in cols]
                if not all(vals):
                    continue
                gm = ["%.2f" % (2 ** (sum(math.log2(v) for v in vs) / len(vs))) for vs in vals]
                print("| %s | %d | %s | %s |" % (mode, lat, "on" if sp == "1" else "off", " | ".join(gm)))
    print("\n### CVA6's answers that differ from the reference model on the captured programs\n")
    print("Every response of every replay of the study (both latencies, superpages off and on), by rule "
          "(peers.py's `classify`); distinct: different records once the trace line is set aside.\n")
    print("| workload | mode | translations | differ | distinct | by rule |")
    print("|---|---|---|---|---|---|")
    for work, _ in works:
        for mode in ("sv32", "sv39"):
            rows, rules, distinct = res[(work, mode, "cva6")][3:]
            total = sum(int(r["accesses"]) for k, r in rows.items() if k[1] != "plru32")
            print("| %s | %s | %d | %d | %d | %s |" % (work, mode, total, sum(rules.values()), distinct,
                  ", ".join("%d %s" % (n, k) for k, n in rules.most_common()) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
