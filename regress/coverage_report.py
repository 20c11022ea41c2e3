#!/usr/bin/env python3
"""coverage_report.py MODES FILE... -- merge functional coverage counts
("name count" lines written by `rvmmu replay --coverage`) across seeds and
print, per coverpoint group, the bins hit out of the bins that exist, then
the holes. MODES is a comma list (sv32,sv39,...) that the universe covers."""
import collections
import sys

LEVELS = {"sv32": 2, "sv39": 3, "sv48": 4, "sv57": 5}
ACCS = ["load", "store", "fetch"]
PAGE_FAULT = {"load": "load_page_fault", "store": "store_page_fault", "fetch": "instruction_page_fault"}
ACCESS_FAULT = {"load": "load_access_fault", "store": "store_access_fault", "fetch": "instruction_access_fault"}


def universe(modes):
    """Every bin that can be hit, grouped by coverpoint."""
    u = collections.OrderedDict()
    resp = []
    for m in modes:
        pages = ["L%d" % i for i in range(LEVELS[m])] + ([] if m == "sv32" else ["napot"])
        for acc in ACCS:
            for priv in ("U", "S"):
                for pg in pages:
                    for how in ("hit", "miss"):
                        resp.append("response/%s/ok/%s/%s/%s/%s" % (m, priv, acc, pg, how))
                    # a fault from a hit has the entry's page size; a walk that faults installs nothing
                    resp.append("response/%s/%s/%s/%s/%s/hit" % (m, PAGE_FAULT[acc], priv, acc, pg))
                resp.append("response/%s/%s/%s/%s/none/miss" % (m, PAGE_FAULT[acc], priv, acc))
                resp.append("response/%s/%s/%s/%s/none/miss" % (m, ACCESS_FAULT[acc], priv, acc))
    for acc in ACCS:
        resp.append("response/bare/ok/M/%s/none/miss" % acc)
    u["fault cause x priv x access x page size x hit/miss"] = resp
    u["adue x SUM x MXR x priv"] = ["context/adue%d-sum%d-mxr%d/%s" % (a, s, x, p)
                                    for a in (0, 1) for s in (0, 1) for x in (0, 1) for p in ("U", "S", "M")]
    ptes = []
    for m in modes:
        kinds = ["invalid", "w-without-r", "pointer", "pointer-dau", "leaf-r", "leaf-rw", "leaf-x",
                 "leaf-rx", "leaf-rwx"] + ([] if m == "sv32" else ["reserved-bits", "pbmt3", "napot"])
        for lvl in range(LEVELS[m]):
            ptes += ["pte/%s/L%d/%s" % (m, lvl, k) for k in kinds]
    u["PTE encoding x level"] = ptes
    kinds = ["none", "asid-4k", "asid-super", "global-4k", "global-super"]
    if any(m != "sv32" for m in modes):
        kinds += ["asid-napot", "global-napot"]
    # an SFENCE that names an ASID never removes a global entry
    u["SFENCE form x entry kind"] = ["sfence/%s/%s" % (f, k) for f in ("all", "asid", "va", "va-asid")
                                     for k in kinds if not (f in ("asid", "va-asid") and k.startswith("global"))]
    u["walker state x flush arrival"] = ["flush-during/%s" % s for s in
                                         ("IDLE", "REQ", "WAIT", "PTE", "CAS_REQ", "CAS_WAIT", "CAS_CHK")]
    # Issue 17's holes (docs/verification.md, "Holes closed on purpose").
    pages_all = []
    for m in modes:
        for pg in ["L%d" % i for i in range(LEVELS[m])] + ([] if m == "sv32" else ["napot"]):
            if pg not in pages_all:
                pages_all.append(pg)
    u["back to back: the answer a request is accepted at x page size"] = (
        ["back-to-back/walk-fill/%s" % pg for pg in pages_all] + ["back-to-back/hit/%s" % pg for pg in pages_all] +
        ["back-to-back/walk-no-fill/none", "back-to-back/bypass/none"])
    u["fill over smaller valid entries: mode x fill page size"] = [
        "fill-over-smaller/%s/L%d" % (m, lvl) for m in modes for lvl in range(1, LEVELS[m])]
    u["fence racing a walk: walker state x fence form x page size"] = [
        "flush-race/%s/%s/%s" % (st, f, pg)
        for st in ("IDLE", "REQ", "WAIT", "PTE", "CAS_REQ", "CAS_WAIT", "CAS_CHK")
        for f in ("all", "asid", "va", "va-asid") for pg in pages_all]
    alias = []
    if "sv32" in modes:
        alias.append("mode-alias/bare/sv32")
    rv64 = [m for m in modes if m != "sv32"]
    if rv64:
        for m in ["bare", "sv39", "sv48", "sv57"]:
            for e in ["sv39", "sv48", "sv57"]:
                if m != e:
                    alias.append("mode-alias/%s/%s" % (m, e))
    u["satp.MODE switch: lookup mode x mode of a live entry holding the VA"] = alias
    # the walker through its AXI4 or Wishbone adapter (replay --bus; a third of the seeds each)
    u["walker bus x event (a read, a swap, an error, a failed exclusive or RTY)"] = [
        "bus/%s/%s" % (b, e) for b in ("axi", "wb") for e in ("read", "swap", "error", "retry")]
    # two request ports driven at once (replay --ports 2 --pipeline; a quarter of the seeds)
    u["two ports racing for the walker"] = ["two-ports/%s" % e for e in (
        "both-accepted", "both-answered", "data-waits-for-walker", "instruction-waits-for-walker",
        "fence-both-in-flight", "ad-set-by-other-port")]
    return u


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    modes = [m for m in sys.argv[1].split(",") if m]
    counts = collections.Counter()
    for path in sys.argv[2:]:
        with open(path) as f:
            for line in f:
                name, _, n = line.rpartition(" ")
                if name:
                    counts[name] += int(n)
    u = universe(modes)
    print("| coverpoint | bins hit | bins | % |")
    print("| --- | --- | --- | --- |")
    total_hit = total = 0
    for group, bins in u.items():
        hit = sum(1 for b in bins if counts[b])
        total_hit += hit
        total += len(bins)
        print("| %s | %d | %d | %.1f |" % (group, hit, len(bins), 100.0 * hit / len(bins)))
    print("| all | %d | %d | %.1f |" % (total_hit, total, 100.0 * total_hit / total))
    print()
    for group, bins in u.items():
        holes = [b for b in bins if not counts[b]]
        if holes:
            print("holes in %s (%d):" % (group, len(holes)))
            for b in holes[:40]:
                print("  " + b)
            if len(holes) > 40:
                print("  ... and %d more" % (len(holes) - 40))
    return 0


if __name__ == "__main__":
    sys.exit(main())
