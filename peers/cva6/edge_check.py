#!/usr/bin/env python3
"""edge_check.py -- the peer shim's edge must be rvmmu's, exactly.

Usage: python3 peers/cva6/edge_check.py rtl/rvmmu.sv peers/cva6/cva6_mmu_shim.sv

Both headers are read with sim/gen_edge.py's own parser (the shim's module
name standing in for rvmmu's), and every parameter and port (direction,
range, name, order) must be the same: the harness' port list
(build/gen/rvmmu_ports.h) and the simulation top (rvmmu_sim.sv) are
generated from rtl/rvmmu.sv and then used for the shim unchanged.
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sim"))
import gen_edge  # noqa: E402


def edge(path, module):
    with open(path) as f:
        text = f.read()
    if module != "rvmmu":
        text, n = re.subn(r"^(\s*module\s+)%s\b" % module, r"\1rvmmu", text, count=1, flags=re.M)
        if n != 1:
            raise gen_edge.EdgeError("%s: no `module %s`" % (path, module))
    with tempfile.NamedTemporaryFile("w", suffix=".sv", delete=False) as t:
        t.write(text)
    try:
        _, imports, params, ports = gen_edge.parse(t.name)
    finally:
        os.unlink(t.name)
    return (imports, [(p.name, p.text) for p in params],
            [(p.dir, (p.range or "").replace(" ", ""), p.name) for p in ports])


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: edge_check.py rtl/rvmmu.sv SHIM.sv\n")
        return 2
    try:
        want = edge(argv[1], "rvmmu")
        got = edge(argv[2], "cva6_mmu_shim")
    except (OSError, gen_edge.EdgeError) as e:
        sys.stderr.write("edge_check.py: error: %s\n" % e)
        return 1
    for what, w, g in zip(("package imports", "parameters", "ports"), want, got):
        if w != g:
            extra = [x for x in g if x not in w]
            missing = [x for x in w if x not in g]
            sys.stderr.write("edge_check.py: error: %s: the %s differ from %s's (missing %s, extra %s%s)\n"
                             % (argv[2], what, argv[1], missing, extra,
                                "" if missing or extra else ", order"))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
