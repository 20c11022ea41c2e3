#!/usr/bin/env bash
# filelist_check.sh [CORE [SBY]] -- the RTL file lists agree.
#
# rtl/rvmmu.f (the MMU, its package first) and fpga/rtl/fpga.f (the board
# RTL) are the file lists every flow reads; the two files that cannot read
# them must copy them exactly, in the same order:
#   CORE (default rvmmu.core)        fileset rtl == rtl/rvmmu.f and fileset
#                                    fpga_rtl == fpga/rtl/fpga.f (include
#                                    files aside);
#   SBY  (default formal/rvmmu.sby)  its [files] and its read_verilog line
#                                    name rtl/rvmmu.f's files.
# Every file of the lists must exist. Prints each difference (file, line)
# and exits 1 if there is one.
set -u
cd "$(dirname "$0")/.."
exec python3 - "${1:-rvmmu.core}" "${2:-formal/rvmmu.sby}" <<'PY'
import os, sys
core_path, sby_path = sys.argv[1:3]
errors = []

def read_list(path):
    """The paths of a .f file with their line numbers."""
    out = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                out.append((line.strip(), n))
    for p, n in out:
        if not os.path.exists(p):
            errors.append(f"{path}:{n}: {p} does not exist")
    return out

def compare(where, got, want, want_path):
    """got: the list in `where`; want: (path, line) of the .f file."""
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else None
        w = want[i] if i < len(want) else None
        if g == (w[0] if w else None):
            continue
        if w is None:
            errors.append(f"{where}: file {i + 1} is {g}, but {want_path} ends at {len(want)} files")
        elif g is None:
            errors.append(f"{where}: ends at {len(got)} files, but {want_path}:{w[1]} has {w[0]}")
        else:
            errors.append(f"{where}: file {i + 1} is {g}, but {want_path}:{w[1]} has {w[0]}")
        return   # one difference per list: the rest would only repeat it

mmu = read_list("rtl/rvmmu.f")
fpga = read_list("fpga/rtl/fpga.f")
if not mmu or not mmu[0][0].endswith("_pkg.sv"):
    errors.append("rtl/rvmmu.f:1: the package must come first")

# ---- the FuseSoC core
try:
    import yaml
except ImportError:
    sys.exit("filelist_check: python3 yaml is missing (it comes with fusesoc: python3 -m pip install fusesoc)")
try:
    core = yaml.safe_load(open(core_path))
except (OSError, yaml.YAMLError) as e:
    sys.exit(f"{core_path}: cannot read: {e}")

def fileset(name):
    try:
        files = core["filesets"][name]["files"]
    except (KeyError, TypeError):
        errors.append(f"{core_path}: no fileset {name} with files")
        return []
    out = []
    for entry in files:
        if isinstance(entry, dict):
            (path, attrs), = entry.items()
            if isinstance(attrs, dict) and attrs.get("is_include_file"):
                continue
            out.append(path)
        else:
            out.append(entry)
    return out

compare(f"{core_path} fileset rtl", fileset("rtl"), mmu, "rtl/rvmmu.f")
compare(f"{core_path} fileset fpga_rtl", fileset("fpga_rtl"), fpga, "fpga/rtl/fpga.f")

# ---- the SymbiYosys script: [files] (relative to formal/) and read_verilog
try:
    sby = open(sby_path).read().splitlines()
except OSError as e:
    sys.exit(f"{sby_path}: cannot read: {e}")
section, files, reads = None, [], None
for n, line in enumerate(sby, 1):
    s = line.strip()
    if s.startswith("[") and s.endswith("]"):
        section = s
    elif section == "[files]" and s.startswith("../rtl/") and s.endswith(".sv"):
        files.append(s[len("../"):])
    elif section == "[script]" and s.startswith("read_verilog"):
        reads = (n, [w for w in s.split() if w.endswith(".sv") and w != "rvmmu_fv.sv"])
compare(f"{sby_path} [files]", files, mmu, "rtl/rvmmu.f")
if reads is None:
    errors.append(f"{sby_path}: no read_verilog line in [script]")
else:
    compare(f"{sby_path}:{reads[0]} read_verilog", reads[1],
            [(os.path.basename(p), n) for p, n in mmu], "rtl/rvmmu.f")

for e in errors:
    print(e)
print(f"filelist_check: {len(mmu)} MMU files, {len(fpga)} FPGA files: "
      + ("the lists agree" if not errors else f"{len(errors)} difference(s)"))
sys.exit(1 if errors else 0)
PY
