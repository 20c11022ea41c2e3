# gen_defs.awk -- mirror rtl/rvmmu_defs.vh into C and GTKWave filters.
# Usage: awk -v out=DIR -f sim/gen_defs.awk rtl/rvmmu_defs.vh
# Writes DIR/rvmmu_defs.h and DIR/gtkw/<group>.txt (one per name prefix).
BEGIN {
    h = out "/rvmmu_defs.h"
    print "/* Generated from rtl/rvmmu_defs.vh by sim/gen_defs.awk: do not edit. */" > h
    print "#ifndef RVMMU_DEFS_H" > h
    print "#define RVMMU_DEFS_H" > h
}
/^`define RVMMU_[A-Z0-9_]+ +[0-9]+'[dhb][0-9a-fA-F_]+/ {
    name = $2; sub(/^RVMMU_/, "", name)
    val = $3; sub(/.*'/, "", val)
    base = substr(val, 1, 1); digits = substr(val, 2); gsub(/_/, "", digits)
    if (base == "d") v = digits + 0
    else if (base == "h") { v = 0; for (i = 1; i <= length(digits); i++) v = v * 16 + index("0123456789abcdef", tolower(substr(digits, i, 1))) - 1 }
    else { v = 0; for (i = 1; i <= length(digits); i++) v = v * 2 + substr(digits, i, 1) }
    printf "#define RVMMU_%s %d\n", name, v > h
    grp = name; sub(/_.*/, "", grp)
    label = name; sub(/^[A-Z0-9]*_/, "", label)
    f = out "/gtkw/" tolower(grp) ".txt"
    printf "%d %s\n", v, label > f
    # Designated initializers of a name table per group: RVMMU_<GROUP>_NAMES.
    names[grp] = names[grp] (names[grp] == "" ? "" : ", ") sprintf("[%d] = \"%s\"", v, label)
    if (!(grp in seen)) { seen[grp] = 1; order[++ngrp] = grp }
}
END {
    for (i = 1; i <= ngrp; i++) printf "#define RVMMU_%s_NAMES %s\n", order[i], names[order[i]] > h
    print "#endif" > h
}
