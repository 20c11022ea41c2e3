#!/usr/bin/env python3
"""gen_edge.py -- everything that only mirrors rvmmu's edge, from rtl/rvmmu.sv.

Usage: python3 sim/gen_edge.py rtl/rvmmu.sv OUTDIR

Reads rvmmu's ANSI header (one parameter or port a line:
`parameter|localparam TYPE NAME = EXPR,` and
`input|output logic [RANGE] name_i|_o, // comment`) and writes to OUTDIR:

  rvmmu_sim.sv       the simulation top rvmmu_sim: rvmmu's parameters and ports
                    plus tag_i/tag_q, the trace line of the request being
                    served (so a waveform lines up with the trace file), and
                    the walker's bus: bus_sel_i picks rvmmu's own port or an
                    adapter (AXI4, Wishbone), whose bus ports are the top's,
                    and mon_mem_*_o show the walker port as rvmmu sees it;
  rvmmu_ports.h     X-macros of every port for C and C++ (sim/mmu_model.h,
                    sim/model_shim.cpp, systemc/tlm_mmu.cpp), the simulation
                    top's bus ports apart (RVMMU_BUS_*), and the overridable
                    parameters' defaults (RVMMU_PARAM_*);
  rvmmu_fv_edge.vh  for formal/rvmmu_fv.sv: the derived widths, every input
                    but clock and reset as a free (anyseq) signal, a wire per
                    output and the rvmmu instance;
  rvmmu_fmax_edge.vh for fpga/rtl/rvmmu_fmax.sv: the derived widths, a wire per
                    port, the instance, and every input packed into edge_in,
                    every output into edge_out (IN_W, OUT_W bits), port order.
  rvmmu_vec_edge.vh for sim/icarus/rvmmu_vec_tb.sv: the derived widths, a signal
                    per port and an expected value per output, the instance,
                    and the tasks that read one vector line (rvmmu_ports.h
                    order, as sim/mmu_model.c records it), idle the inputs,
                    and check the outputs: each output only when it is
                    meaningful (QUALIFIERS), and any X there is an error.

A parameter is overridable when it is a `parameter` whose value names no
other parameter (RV64, ENTRIES); every other one (a `localparam`, or a
`parameter` computed from others) is derived, and the wrappers copy the
derived ones their port ranges need as localparams. A bad header is an
error naming the file and line.
"""
import os
import re
import sys

CLOCK, RESET = "clk_i", "rst_ni"      # driven by each wrapper itself
FILL = re.compile(r"^mon_fill_(\w+)_o$")  # the fill record: mon_fill_<f>_o
WIDE_WORDS = 4                        # 64-bit words of a port that may exceed 64 bits (ENTRIES <= 256)
PMP_WORDS = 54                        # 64-bit words of a PMP CSR port (64 entries of pmpaddr, 54 bits each)

# The walker bus adapters the simulation top carries beside rvmmu's own port:
# (module, file in rvmmu.sv's directory, bus_sel_i value). Their bus-side
# ports (every port but the clock, the reset and the walker port mem_*)
# become the top's; bus_sel_i picks the one rvmmu's walker talks through.
BUSES = [("rvmmu_axi_walker", "rvmmu_axi_walker.sv", 1),
         ("rvmmu_wb_walker", "rvmmu_wb_walker.sv", 2)]
# The tops a user instantiates: rvmmu with that adapter on its walker port
# (written to OUTDIR like the rest; `make tops` copies them to rtl/, where
# they are committed, and make test checks the two agree).
TOPS = {"rvmmu_axi_walker": ("rvmmu_axi", "AXI4"), "rvmmu_wb_walker": ("rvmmu_wb", "Wishbone B4 pipelined")}
# rvmmu's parameters whose default the tops change: they are the drop-in for
# a core, with both request ports (PORTS=1 keeps the single-port build).
TOP_DEFAULTS = {"PORTS": "2"}
WALKER = re.compile(r"^mem_(?:req|rsp)_(\w+)_[io]$")
# The walker port as rvmmu sees it through the chosen bus: mon_mem_<f>_o.
WALKER_IN = [("req_ready", None), ("rsp_valid", None), ("rsp_data", "[PTE_W-1:0]"), ("rsp_err", None)]

PARAM = re.compile(r"^\s*(parameter|localparam)\s+(.*?)\b([A-Za-z_]\w*)\s*=\s*(.+?)\s*$")
PORT = re.compile(r"^\s*(input|output)\s+(?:logic|wire)?\s*(\[[^\]]+\])?\s*([A-Za-z_]\w*)\s*$")
IDENT = re.compile(r"\b[A-Za-z_]\w*\b")

# When an output is meaningful (the Icarus bench checks it, and any X in it,
# only then): the first rule whose pattern matches the port's name; an
# output no rule names is checked in every cycle after reset.
QUALIFIERS = [
    (re.compile(r"^rsp_(?!valid_o$)\w+_o$"), "rsp_valid_o"),
    (re.compile(r"^irsp_(?!valid_o$)\w+_o$"), "irsp_valid_o"),
    (re.compile(r"^mon_ihit_idx_o$"), "mon_ihit_o"),
    (re.compile(r"^mon_ifill_idx_o$"), "mon_fill_o && mon_walk_port_o"),
    (re.compile(r"^mem_req_(cmp|wdata)_o$"), "mem_req_valid_o && mem_req_cas_o"),
    (re.compile(r"^mem_req_(?!valid_o$)\w+_o$"), "mem_req_valid_o"),
    (re.compile(r"^mon_fill_\w+_o$"), "mon_fill_o"),
    (re.compile(r"^mon_hit_idx_o$"), "mon_hit_o"),
    (re.compile(r"^mon_pwc_(level|ppn)_o$"), "mon_walk_start_o"),
]


class EdgeError(Exception):
    pass


class Param:
    def __init__(self, name, text, expr, derived):
        self.name, self.text, self.expr, self.derived = name, text, expr, derived


class Port:
    def __init__(self, direction, rng, name, line):
        self.dir, self.range, self.name, self.line = direction, rng, name, line

    def width_expr(self):
        """The width as a Verilog expression (no numbers needed)."""
        w = self.literal_width()
        if w is not None:
            return str(w)
        hi, lo = self.range[1:-1].split(":", 1)
        hi, lo = hi.strip(), lo.strip()
        return "(%s)" % hi[:-2] if lo == "0" and hi.endswith("-1") else "((%s)-(%s)+1)" % (hi, lo)

    def literal_width(self):
        """The width when the range is made of numbers only, else None."""
        if not self.range:
            return 1
        m = re.fullmatch(r"\[\s*(\d+)\s*:\s*(\d+)\s*\]", self.range)
        return int(m.group(1)) - int(m.group(2)) + 1 if m else None


def strip_comment(s):
    i = s.find("//")
    return s if i < 0 else s[:i]


def parse(path, module="rvmmu"):
    """(header lines verbatim, package imports, params, ports) of module rvmmu (or module) in path."""
    try:
        with open(path) as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise EdgeError("%s: %s" % (path, e.strerror))
    start = next((i for i, l in enumerate(lines) if re.match(r"^\s*module\s+%s\b" % module, l)), None)
    if start is None:
        raise EdgeError("%s: no `module %s`" % (path, module))
    imports = re.findall(r"\bimport\s+([\w:]+\*?)\s*;", strip_comment(lines[start]))
    params, ports, state, header = [], [], "params", []
    for i in range(start, len(lines)):
        line, where = lines[i], "%s:%d" % (path, i + 1)
        header.append(line)
        code = strip_comment(line).strip()
        if i == start:
            if not code.endswith("#("):
                raise EdgeError("%s: expected `module rvmmu ... #(` on one line" % where)
            continue
        if not code:
            continue
        if state == "params":
            if code == ") (":
                state = "ports"
                continue
            m = PARAM.match(code.rstrip(","))
            if not m:
                raise EdgeError("%s: not a parameter line (one `parameter|localparam TYPE NAME = EXPR,` a line): %s"
                                % (where, code))
            kind, name, expr = m.group(1), m.group(3), m.group(4)
            known = {p.name for p in params}
            derived = kind == "localparam" or any(t in known for t in IDENT.findall(expr))
            params.append(Param(name, code.rstrip(","), expr, derived))
        else:
            if code == ");":
                if not ports:
                    raise EdgeError("%s: rvmmu has no ports" % where)
                return header, imports, params, ports
            m = PORT.match(code.rstrip(","))
            if not m:
                raise EdgeError("%s: not a port line (one `input|output logic [RANGE] name,` a line): %s"
                                % (where, code))
            if m.group(3) in {p.name for p in ports}:
                raise EdgeError("%s: port %s declared twice" % (where, m.group(3)))
            ports.append(Port(m.group(1), m.group(2), m.group(3), where))
    raise EdgeError("%s: the port list of rvmmu does not end with `);`" % path)


def field_name(port):
    for suffix in ("_ni", "_i", "_o"):
        if port.name.endswith(suffix):
            return port.name[: -len(suffix)]
    raise EdgeError("%s: port %s has no _i/_o/_ni suffix" % (port.line, port.name))


def c_type(port):
    """(C type, wide): ports whose range mentions ENTRIES (or I_ENTRIES) may exceed 64 bits
    (wide 1, WIDE_WORDS words), and so may the PMP CSR ports, whose ranges
    name a PMP_ width (wide 2, PMP_WORDS words)."""
    names = IDENT.findall(port.range) if port.range else []
    if "ENTRIES" in names or "I_ENTRIES" in names:
        return "uint64_t", 1
    if any(n.startswith("PMP_") for n in names):
        return "uint64_t", 2
    w = port.literal_width()
    if w is None:
        return "uint64_t", 0
    for bits, t in ((8, "uint8_t"), (16, "uint16_t"), (32, "uint32_t"), (64, "uint64_t")):
        if w <= bits:
            return t, 0
    raise EdgeError("%s: port %s is wider than 64 bits without naming ENTRIES" % (port.line, port.name))


def xlist(name, comment, entries):
    out = ["/* %s */" % comment, "#define %s(X) \\" % name]
    out += ["    X(%s) \\" % e for e in entries]
    return out + [""]


def gen_ports_h(ports, params, buses):
    ins, outs, fill = [], [], []
    for p in ports:
        if p.name in (CLOCK, RESET):
            continue
        t, wide = c_type(p)
        m = FILL.match(p.name)
        if m and p.dir == "output":
            fill.append("%s, %s, %s, %d" % (p.name, m.group(1), t, wide))
        else:
            (ins if p.dir == "input" else outs).append("%s, %s, %s, %d" % (p.name, field_name(p), t, wide))
    h = ["/* Generated from rtl/rvmmu.sv by sim/gen_edge.py: do not edit. */",
         "/* The ports of rvmmu as X-macros. X(port, field, type, wide): the C field",
         " * is `type field`, or `uint64_t field[RVMMU_WIDE_WORDS]` (bit i in word",
         " * i / 64) when wide (the port's width can exceed 64 bits). */",
         "#ifndef RVMMU_PORTS_H", "#define RVMMU_PORTS_H", "",
         "#define RVMMU_WIDE_WORDS %d" % WIDE_WORDS,
         "/* A PMP CSR port's field (wide 2): uint64_t field[RVMMU_PMP_WORDS]. */",
         "#define RVMMU_PMP_WORDS %d" % PMP_WORDS, "",
         "/* The overridable parameters' defaults (a model built without -G for one has it). */"]
    for p in params:
        if not p.derived:
            v = p.expr.rstrip(",").strip()
            m = re.fullmatch(r"(?:\d*'[bdh])?([0-9a-fA-F_]+)", v)
            if not m:
                raise EdgeError("parameter %s: default %s is not a number" % (p.name, v))
            base = 16 if "'h" in v else 2 if "'b" in v else 10
            h.append("#define RVMMU_PARAM_%s %d" % (p.name, int(m.group(1).replace("_", ""), base)))
    h.append("")
    h += xlist("RVMMU_INPUTS", "Inputs but %s and %s." % (CLOCK, RESET), ins)
    h += xlist("RVMMU_OUTPUTS", "Outputs but the fill record.", outs)
    h += xlist("RVMMU_FILL", "The fill record: output mon_fill_<field>_o.", fill)
    bins = [Port("input", "[1:0]", "bus_sel_i", "sim/gen_edge.py")]
    bouts = []
    for _, _, aports, _ in buses:
        for p in bus_ports(aports):
            (bins if p.dir == "input" else bouts).append(p)
    bouts += walker_monitor()
    seen = {p.name for p in ports}
    for p in bins + bouts:
        if p.name in seen:
            raise EdgeError("%s: port %s is rvmmu's or another adapter's too" % (p.line, p.name))
        seen.add(p.name)
    h += xlist("RVMMU_BUS_INPUTS", "The simulation top's walker bus inputs (bus_sel_i, the adapters' bus side).",
               ["%s, %s, %s, %d" % ((p.name, field_name(p)) + c_type(p)) for p in bins])
    h += xlist("RVMMU_BUS_OUTPUTS", "Its walker bus outputs, and the walker port as rvmmu sees it (mon_mem_*).",
               ["%s, %s, %s, %d" % ((p.name, field_name(p)) + c_type(p)) for p in bouts])
    h += xlist("RVMMU_SC_PORTS", "Every port but %s, in rtl/rvmmu.sv order: X(port)." % CLOCK,
               [p.name for p in ports if p.name != CLOCK])
    return "\n".join(h + ["#endif", ""])


def split_top(text):
    """Split a declaration list at its top-level commas."""
    items, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            items.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return [i for i in items + [cur.strip()] if i]


def parse_adapter(path, module):
    """(params, ports) of a bus adapter's ANSI header (any number of
    declarations a line; a port without a direction takes the one before's;
    ports inside `ifdef FORMAL are the proofs' and left out)."""
    try:
        with open(path) as f:
            raw = f.read()
    except OSError as e:
        raise EdgeError("%s: %s" % (path, e.strerror))
    text = re.sub(r"/\*.*?\*/", "", re.sub(r"//[^\n]*", "", raw), flags=re.S)
    text = re.sub(r"`ifdef\s+FORMAL\b.*?`endif", "", text, flags=re.S)  # proof-only ports
    m = re.search(r"\bmodule\s+%s\s*#\s*\((.*?)\)\s*\((.*?)\)\s*;" % module, text, re.S)
    if not m:
        raise EdgeError("%s: no `module %s #(...) (...);` header" % (path, module))
    params = []
    for item in split_top(m.group(1)):
        pm = PARAM.match(item)
        if not pm:
            raise EdgeError("%s: module %s: not a parameter: %s" % (path, module, item))
        params.append(Param(pm.group(3), item, pm.group(4), pm.group(1) == "localparam"))
    ports, last = [], None
    for item in split_top(m.group(2)):
        pm = re.fullmatch(r"(?:(input|output)\s+)?(?:logic|wire)?\s*(\[[^\]]+\])?\s*([A-Za-z_]\w*)", item.strip())
        if not pm or (not pm.group(1) and not last):
            raise EdgeError("%s: module %s: not a port: %s" % (path, module, item))
        d, r = (pm.group(1), pm.group(2)) if pm.group(1) else (last.dir, pm.group(2) or last.range)
        last = Port(d, r, pm.group(3), "%s (module %s)" % (path, module))
        ports.append(last)
    return params, ports


def bus_ports(ports):
    """An adapter's bus side: every port but the clock, the reset and the walker's."""
    return [p for p in ports if p.name not in (CLOCK, RESET) and not WALKER.match(p.name)]


def walker_monitor():
    return [Port("output", r, "mon_mem_%s_o" % f, "sim/gen_edge.py") for f, r in WALKER_IN]


def gen_user_top(header, params, ports, module, aparams, aports, apath):
    """rvmmu with `module` on its walker port: rvmmu's header verbatim but
    the mem_* ports, the adapter's bus ports (and comments) in their place,
    the adapter's parameters after rvmmu's."""
    top, bus = TOPS[module]
    with open(apath) as f:
        raw = f.read().split("\n")
    def raw_line(name):
        """The adapter's header line that declares name alone, or None."""
        for l in raw:
            code = strip_comment(l).strip()
            if re.search(r"\b%s\b" % name, code) and code.count(",") <= 1 and re.match(r"^(input|output|parameter)\b", code):
                return l
        return None
    known = {p.name for p in params}
    own = [p for p in aparams if not p.derived and p.name not in known]
    extra = []
    by = {p.name: p for p in aparams}
    for p in bus_ports(aports):
        for n in IDENT.findall(p.range or ""):
            if n in by and by[n].derived and n not in known and n not in [e[0] for e in extra]:
                extra.append((n, by[n].expr))
    out = ["// Generated from rtl/rvmmu.sv and rtl/%s.sv by sim/gen_edge.py (`make tops`): do not edit." % module,
           "// %s -- rvmmu with its page-table walker on the %s bus: rvmmu's" % (top, bus),
           "// parameters and ports but the walker's memory port (mem_*), and",
           "// %s's parameters and bus ports in their place (docs/bus.md). rvmmu's timing; the" % module,
           "// adapter adds no cycle to a PTE read, and one bus transaction to an A/D swap.",
           "`default_nettype none",
           "`include \"rvmmu_defs.vh\"",
           ""]
    last_param = max(i for i, l in enumerate(header) if re.match(r"^\s*parameter\b", l))
    in_ports = inserted = False
    for i, line in enumerate(header):
        code = strip_comment(line).strip()
        if i == 0:
            out.append(re.sub(r"\brvmmu\b", top, line, count=1))
            continue
        if code == ") (":
            if extra:
                out[-1] = with_comma(out[-1])
                out += ["    localparam int %s = %s%s  // %s's, for its ports" % (n, e, "," if k < len(extra) - 1 else "", module)
                        for k, (n, e) in enumerate(extra)]
            in_ports = True
            out.append(line)
            continue
        m = PORT.match(code.rstrip(",")) if in_ports else None
        if m and WALKER.match(m.group(3)):
            if not inserted:   # the adapter's bus ports where rvmmu's memory port was
                inserted = True
                if out[-1].strip().startswith("//"):
                    out.pop()   # rvmmu's comment on its memory port
                out.append("    // The walker's %s bus (%s)." % (bus, module))
                for p in bus_ports(aports):
                    r = raw_line(p.name)
                    out.append(r.rstrip() if r and strip_comment(r).strip().endswith(",") else
                               with_comma(r) if r else
                               "    %-6s logic %s%s," % (p.dir, (p.range + " ") if p.range else "", p.name))
            continue
        pm = PARAM.match(code.rstrip(","))
        if pm and pm.group(1) == "parameter" and pm.group(3) in TOP_DEFAULTS:
            line = re.sub(r"(\b%s\s*=\s*)[^,/]+?(\s*,)" % pm.group(3), r"\g<1>%s\g<2>" % TOP_DEFAULTS[pm.group(3)], line)
            line = line.rstrip() + "  // %s's default (rvmmu's: %s)" % (top, pm.group(4))
        out.append(line)
        if i == last_param:
            for p in own:
                r = raw_line(p.name)
                out.append(r.rstrip() if r else "    parameter %s," % p.text)
    conns = []
    for p in aports:
        w = WALKER.match(p.name)
        if w:
            conns.append(".%s(%s)" % (p.name, p.name[:-2] + ("_o" if p.dir == "input" else "_i")))
    mem = [p for p in ports if WALKER.match(p.name)]
    out += ["  // rvmmu's walker port, between rvmmu and the adapter."]
    out += ["  logic %s%s;" % ((p.range + " ") if p.range else "", p.name) for p in mem]
    out += ["",
            "  rvmmu #(%s) u_mmu (.*);" % overrides(params),
            "",
            "  %s #(%s) u_bus (.*," % (module, ", ".join([".RV64(RV64)"] + [".%s(%s)" % (p.name, p.name) for p in own])),
            "      " + ",\n      ".join(conns) + ");",
            "endmodule",
            ""]
    return "\n".join(out)


def with_comma(line):
    """A header line whose declaration gets a trailing comma (before its comment)."""
    code, sep, comment = line.partition("//")
    return code.rstrip() + "," + (" " + sep + comment if sep else "")


def gen_sim_top(header, params, ports, buses):
    """rvmmu's header verbatim, renamed, with tag_i/tag_q after the reset,
    and the walker bus: bus_sel_i, each adapter's bus ports, the walker port
    as rvmmu sees it (mon_mem_*_o); then rvmmu and the adapters."""
    known = {p.name for p in params}
    extra = []   # adapter parameters the bus ports' ranges need
    for module, aparams, aports, sel in buses:
        by = {p.name: p for p in aparams}
        for p in bus_ports(aports):
            for n in IDENT.findall(p.range or ""):
                if n in by and n not in known:
                    known.add(n)
                    extra.append("    localparam int %s = %s%%s  // %s's, for its ports" % (n, by[n].expr, module))
    out = ["// Generated from rtl/rvmmu.sv and the walker bus adapters by sim/gen_edge.py: do not edit.",
           "// rvmmu plus tag_q, the trace line of the request being served, and the",
           "// walker's bus: bus_sel_i 0 is rvmmu's own port, %s." %
           ", ".join("%d %s" % (sel, module) for module, _, _, sel in buses)]
    last_port = ports[-1].name
    for i, line in enumerate(header):
        code = strip_comment(line).strip()
        if i == 0:
            out.append(re.sub(r"\brvmmu\b", "rvmmu_sim", line, count=1))
        elif code == ") (" and extra:
            out[-1] = with_comma(out[-1])
            out += [e % ("," if k < len(extra) - 1 else "") for k, e in enumerate(extra)]
            out.append(line)
        elif code == ");":
            out.append("    // The walker's bus (set while no walk is in flight): 0 rvmmu's own port above,")
            out.append("    // else the adapter between it and its ports below: %s." %
                       ", ".join("%d %s" % (sel, module) for module, _, _, sel in buses))
            out.append("    input  logic [1:0]         bus_sel_i,")
            for module, _, aports, _ in buses:
                for p in bus_ports(aports):
                    out.append("    %-6s logic %s%s," % (p.dir, (p.range + " ") if p.range else "", p.name))
            mon = walker_monitor()
            for k, p in enumerate(mon):
                out.append("    output logic %s%s%s" % ((p.range + " ") if p.range else "", p.name,
                                                         "," if k < len(mon) - 1 else
                                                         "  // the walker port as rvmmu sees it"))
            out.append(line)
        elif re.match(r"^\s*(input|output)\b.*\b%s\b" % last_port, line):
            out.append(with_comma(line))
        else:
            out.append(line)
        if re.match(r"^\s*input\s+logic\s+%s\s*," % RESET, line):
            out.append("    input  logic [31:0]        tag_i,         // trace line of the offered request")
            out.append("    output logic [31:0]        tag_q,         // trace line of the request being served")
    out += ["  always_ff @(posedge clk_i) begin",
            "    if (req_valid_i && req_ready_o) tag_q <= tag_i;",
            "  end",
            "",
            "  // What rvmmu's walker port receives, from the bus bus_sel_i names.",
            "  logic mmu_req_ready, mmu_rsp_valid, mmu_rsp_err;",
            "  logic [PTE_W-1:0] mmu_rsp_data;",
            "  rvmmu #(%s) u_mmu (.*, .mem_req_ready_i(mmu_req_ready), .mem_rsp_valid_i(mmu_rsp_valid)," % overrides(params),
            "      .mem_rsp_data_i(mmu_rsp_data), .mem_rsp_err_i(mmu_rsp_err));"]
    for module, _, aports, sel in buses:
        b = "bus%d" % sel
        conns = []
        for p in aports:
            w = WALKER.match(p.name)
            if not w:
                continue
            if p.name == "mem_req_valid_i":
                conns.append(".%s(mem_req_valid_o && bus_sel_i == 2'd%d)" % (p.name, sel))
            elif p.dir == "input":
                conns.append(".%s(%s)" % (p.name, p.name[:-2] + "_o"))
            else:
                conns.append(".%s(%s_%s)" % (p.name, b, w.group(0)[4:-2]))
        out += ["  logic %s_req_ready, %s_rsp_valid, %s_rsp_err;" % (b, b, b),
                "  logic [PTE_W-1:0] %s_rsp_data;" % b,
                "  %s #(.RV64(RV64)) u_%s (.*," % (module, b),
                "      " + ",\n      ".join(conns) + ");"]
    out += ["  always_comb begin",
            "    {mmu_req_ready, mmu_rsp_valid, mmu_rsp_data, mmu_rsp_err} =",
            "        {mem_req_ready_i, mem_rsp_valid_i, mem_rsp_data_i, mem_rsp_err_i};",
            "    case (bus_sel_i)"]
    for _, _, _, sel in buses:
        b = "bus%d" % sel
        out.append("      2'd%d: {mmu_req_ready, mmu_rsp_valid, mmu_rsp_data, mmu_rsp_err} =" % sel)
        out.append("          {%s_req_ready, %s_rsp_valid, %s_rsp_data, %s_rsp_err};" % (b, b, b, b))
    out += ["      default: ;",
            "    endcase",
            "  end",
            "  assign {mon_mem_req_ready_o, mon_mem_rsp_valid_o, mon_mem_rsp_data_o, mon_mem_rsp_err_o} =",
            "      {mmu_req_ready, mmu_rsp_valid, mmu_rsp_data, mmu_rsp_err};",
            "endmodule", ""]
    return "\n".join(out)


def overrides(params):
    return ", ".join(".%s(%s)" % (p.name, p.name) for p in params if not p.derived)


def needed_params(params, ports):
    """The derived parameters the port ranges need, transitively, in order."""
    by_name = {p.name: p for p in params}
    need, todo = set(), [t for p in ports if p.range for t in IDENT.findall(p.range)]
    while todo:
        n = todo.pop()
        if n in by_name and by_name[n].derived and n not in need:
            need.add(n)
            todo += IDENT.findall(by_name[n].expr)
    return [p for p in params if p.name in need]


def localparams(imports, params, ports, own=None):
    """The derived parameters the ports need, as localparams; with own (the
    wrapper's parameters, rvmmu's), also the other parameters the ports
    need (a top's adapter parameters), at their defaults."""
    out = ["  import %s;" % i for i in imports]  # what the copied expressions may name
    fixed = params if own is None else [Param(p.name, p.text, p.expr, p.derived or p.name not in own) for p in params]
    for p in needed_params(fixed, ports):
        m = PARAM.match(p.text)
        out.append("  localparam %s%s = %s;" % (m.group(2), p.name, p.expr))
    return out


def decl(p, prefix=""):
    return "  %slogic %s%s;" % (prefix, (p.range + " ") if p.range else "", p.name)


def instance(params, ports, module="rvmmu"):
    conns = ["      .%s(%s)" % (p.name, p.name) for p in ports]
    return ["  %s #(%s) u_mmu (" % (module, overrides(params)), ",\n".join(conns), "  );"]


def gen_wrapper(imports, params, ports, kind, module="rvmmu", own=None):
    """A wrapper's edge of rvmmu, or (module, own: the wrapper's parameters,
    rvmmu's) of a top with rvmmu's parameters and more."""
    head = "// Generated from rtl/%s.sv by sim/gen_edge.py: do not edit." % module
    inner = [p for p in ports if p.name not in (CLOCK, RESET)]
    ins = [p for p in inner if p.dir == "input"]
    outs = [p for p in inner if p.dir == "output"]
    out = [head]
    if kind == "fv":
        out += ["// rvmmu's derived widths, its inputs free (anyseq, constrained by the",
                "// harness' assumes), a wire per output, and rvmmu; clk_i and rst_ni are",
                "// the harness' own."]
        out += localparams(imports, params, ports)
        out += [decl(p, "(* anyseq *) ") for p in ins] + [decl(p) for p in outs]
    else:
        out += ["// rvmmu's derived widths, a wire per port, rvmmu, and its inputs taken",
                "// from edge_in, its outputs packed into edge_out (port order, first port",
                "// in the top bits); clk_i and rst_ni are the wrapper's own."]
        out += localparams(imports, params, ports, own)
        out.append("  localparam int IN_W  = %s;" % " + ".join(p.width_expr() for p in ins))
        out.append("  localparam int OUT_W = %s;" % " + ".join(p.width_expr() for p in outs))
        out += [decl(p) for p in inner]
        out += ["  logic [IN_W-1:0]  edge_in;", "  logic [OUT_W-1:0] edge_out;"]
        out.append("  assign {%s} = edge_in;" % ", ".join(p.name for p in ins))
        out.append("  assign edge_out = {%s};" % ", ".join(p.name for p in outs))
    if own is not None:   # a top: only rvmmu's parameters are the wrapper's
        params = [p for p in params if p.name in own]
    out += instance(params, ports, module)
    return "\n".join(out + [""])


def qualifier(port):
    for pat, q in QUALIFIERS:
        if pat.match(port.name):
            return q
    return None


def gen_vec_edge(imports, params, ports):
    """The Icarus vector bench's edge: signals, instance, and its three tasks."""
    inner = [p for p in ports if p.name not in (CLOCK, RESET)]
    ins = [p for p in inner if p.dir == "input"]
    outs = [p for p in inner if p.dir == "output"]
    # The vector line's order: inputs, outputs but the fill record, the fill record.
    vec_outs = [p for p in outs if not FILL.match(p.name)] + [p for p in outs if FILL.match(p.name)]
    out = ["// Generated from rtl/rvmmu.sv by sim/gen_edge.py: do not edit.",
           "// rvmmu's derived widths, a signal per port, exp_<output> (Verilator's",
           "// value), the instance, and the tasks scan_vector (one line \"v IN... OUT...\"",
           "// as sim/mmu_model.c records it), idle_inputs and check_outputs."]
    out += localparams(imports, params, ports)
    out += [decl(p) for p in inner]
    out += [decl(Port(p.dir, p.range, "exp_" + p.name, p.line)) for p in vec_outs]
    out += instance(params, ports)
    names = [p.name for p in ins] + ["exp_" + p.name for p in vec_outs]
    out += ["",
            "  // One vector line into the inputs and exp_*; n: the fields read (%d expected)." % len(names),
            "  localparam int VEC_FIELDS = %d;" % len(names),
            "  task automatic scan_vector(input logic [8*4096-1:0] line, output integer n);",
            "    n = $sscanf(line, \"v%s\",\n      %s);" % (" %h" * len(names), ",\n      ".join(names)),
            "  endtask",
            "",
            "  task automatic idle_inputs;"]
    out += ["    %s = '0;" % p.name for p in ins]
    out += ["  endtask",
            "",
            "  // Each meaningful output against Verilator's; an X there counts in xs.",
            "  task automatic check_outputs(input integer cyc, inout integer mism, inout integer xs);"]
    for p in vec_outs:
        q = qualifier(p)
        cond = "(%s) === 1'b1" % q if q else "1'b1"
        out += ["    if (%s) begin" % cond,
                "      if ($isunknown(%s)) begin" % p.name,
                "        xs = xs + 1;",
                "        if (xs + mism <= 20) $display(\"cycle %%0d: %s is X (%%h), Verilator %%h\", cyc, %s, exp_%s);"
                % (p.name, p.name, p.name),
                "      end else if (%s !== exp_%s) begin" % (p.name, p.name),
                "        mism = mism + 1;",
                "        if (xs + mism <= 20) $display(\"cycle %%0d: %s is %%h, Verilator %%h\", cyc, %s, exp_%s);"
                % (p.name, p.name, p.name),
                "      end",
                "    end"]
    out += ["  endtask", ""]
    return "\n".join(out)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: gen_edge.py rtl/rvmmu.sv OUTDIR\n")
        return 2
    try:
        header, imports, params, ports = parse(argv[1])
        rtl = os.path.dirname(argv[1]) or "."
        buses = [(m, *parse_adapter(os.path.join(rtl, f), m), sel) for m, f, sel in BUSES]
        names = {p.name for p in ports}
        for n in (CLOCK, RESET):
            if n not in names:
                raise EdgeError("%s: rvmmu has no port %s" % (argv[1], n))
        files = {
            "rvmmu_sim.sv": gen_sim_top(header, params, ports, buses),
            "rvmmu_ports.h": gen_ports_h(ports, params, buses),
            "rvmmu_fv_edge.vh": gen_wrapper(imports, params, ports, "fv"),
            "rvmmu_fmax_edge.vh": gen_wrapper(imports, params, ports, "fmax"),
            "rvmmu_vec_edge.vh": gen_vec_edge(imports, params, ports),
        }
        own = {p.name for p in params if not p.derived}
        for (m, aparams, aports, _), (_, f, _) in zip(buses, BUSES):
            top = TOPS[m][0]
            files[top + ".sv"] = gen_user_top(header, params, ports, m, aparams, aports, os.path.join(rtl, f))
            # The Fmax wrapper's edge of the top (fpga/rtl/rvmmu_fmax.sv with -I OUTDIR/fmax-TOP).
            tpath = os.path.join(argv[2], top + ".sv")
            os.makedirs(argv[2], exist_ok=True)
            with open(tpath, "w") as fh:
                fh.write(files[top + ".sv"])
            _, timports, tparams, tports = parse(tpath, top)
            files[os.path.join("fmax-" + top, "rvmmu_fmax_edge.vh")] = gen_wrapper(timports, tparams, tports, "fmax", top, own)
    except EdgeError as e:
        sys.stderr.write("gen_edge.py: error: %s\n" % e)
        return 1
    os.makedirs(argv[2], exist_ok=True)
    for name, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(argv[2], name)), exist_ok=True)
        with open(os.path.join(argv[2], name), "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
