#!/usr/bin/env bash
# report.sh synth|pnr|fmax BOARD DIR -- utilisation (yosys stat.txt) and,
# after place and route, nextpnr's utilisation, Fmax and critical path
# (report.json). One summary line per figure.
set -eu
what=$1 board=$2 dir=$3
python3 - "$what" "$board" "$dir" <<'PY'
import json, re, sys
what, board, d = sys.argv[1:]
if what == "synth":
    cells = {}
    for line in open(f"{d}/stat.txt"):
        m = re.match(r"\s+(\S+)\s+(\d+)\s*$", line)
        if m and not m.group(1).startswith("Number"):
            cells[m.group(1)] = int(m.group(2))       # the last (top, flattened) listing wins
    luts = sum(v for k, v in cells.items() if re.match(r"(SB_LUT4|LUT4|LUT[1-6]$|TRELLIS_SLICE)", k))
    ffs = sum(v for k, v in cells.items() if re.match(r"(SB_DFF|TRELLIS_FF|FD[CPRSE])", k))
    brams = sum(v for k, v in cells.items() if re.match(r"(SB_RAM40_4K|DP16KD|RAMB18E1|RAMB36E1|SB_SPRAM)", k))
    carry = sum(v for k, v in cells.items() if re.match(r"(SB_CARRY|CCU2C|CARRY4)", k))
    print(f"{board}: synthesis: {luts} LUTs, {ffs} flip-flops, {brams} block RAMs, {carry} carry cells")
    sys.exit(0)
r = json.load(open(f"{d}/report.json"))
u = r.get("utilization", {})
keep = [k for k in u if k in ("ICESTORM_LC", "ICESTORM_RAM", "SB_IO", "TRELLIS_SLICE", "TRELLIS_COMB", "TRELLIS_FF", "DP16KD", "TRELLIS_IO")]
print(f"{board}: placed: " + ", ".join(f"{k} {u[k]['used']}/{u[k]['available']}" for k in keep))
for clk, f in r.get("fmax", {}).items():
    ok = "meets" if f["achieved"] >= f["constraint"] else "MISSES"
    print(f"{board}: Fmax {clk}: {f['achieved']:.2f} MHz ({ok} the {f['constraint']:.2f} MHz target)")
for p in r.get("critical_paths", [])[:1]:
    path = p.get("path", [])
    names = [s.get("from", {}).get("cell", "?") for s in path if s.get("type") in ("clk-to-q", "source")]
    logic = sum(s.get("delay", 0) for s in path if s.get("type") == "logic")
    route = sum(s.get("delay", 0) for s in path if s.get("type") == "routing")
    start = path[0]["from"]["cell"] if path else "?"
    end = path[-1]["to"]["cell"] if path else "?"
    print(f"{board}: critical path {p.get('from')} -> {p.get('to')}: {len(path)} segments, "
          f"logic {logic:.2f} ns + routing {route:.2f} ns; from {start} to {end}")
PY
