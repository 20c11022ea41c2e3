#!/bin/bash
# The study's workloads: real programs from Debian packages on fixed inputs
# (study/gen_inputs.py, study/work.pl, the repository's lib/ref.c), each
# captured with `rvmmu capture` (docs/capture.md). Run from the repository's root.
#
#   study/workloads.sh list                          the workload names, one a line
#   study/workloads.sh capture RVMMU IN CAPDIR NAME MAX
#       captures NAME's first MAX accesses into CAPDIR/NAME.cap (written as
#       NAME.cap.tmp, renamed when complete) and CAPDIR/NAME.tsv: name,
#       accesses, bytes, seconds, the program's command line, its Debian package. Fails if the
#       capture holds fewer than MAX accesses (the program ended too early).
#
# Each program runs past MAX accesses on these inputs, so every capture is
# its program's first MAX accesses: the dynamic linker and start-up, then the
# work. The packages are in the Makefile's DEB_PKGS.
set -u

WORKLOADS="tcc xz sqlite perl sort"

cmd_of() {  # the command of workload $1, inputs in $2
    case $1 in
        # a compiler: the Tiny C Compiler compiles lib/ref.c (the repository's reference model) to an object
        tcc)    echo "tcc -Ilib -Isw -c lib/ref.c -o $2/ref.o" ;;
        # a compressor: xz at its default level 6 (8 MiB dictionary, ~94 MiB of match-finder tables), one thread
        xz)     echo "xz -6 -T1 -c -k $2/text.txt" ;;
        # a database: sqlite3 loads two tables (inserts in transactions), indexes them, runs joins, GROUP BY, an update
        sqlite) echo "sqlite3 -batch :memory: '.read $2/query.sql'" ;;
        # an interpreter: perl runs a script (hashes, sorting, sprintf, regular expressions)
        perl)   echo "perl study/work.pl" ;;
        # a sort: GNU sort, two keys (a word, then a number), byte order, one thread
        sort)   echo "sort -S 16M --parallel=1 -k2,2 -k4,4n $2/lines.txt" ;;
        *)      return 1 ;;
    esac
}

pkg_of() {  # the Debian package of workload $1's program
    case $1 in
        tcc) echo tcc ;; xz) echo xz-utils ;; sqlite) echo sqlite3 ;; perl) echo perl-base ;; sort) echo coreutils ;;
    esac
}

case ${1:-} in
list)
    for w in $WORKLOADS; do echo "$w"; done ;;
capture)
    [ $# -eq 6 ] || { echo "usage: $0 capture RVMMU IN CAPDIR NAME MAX" >&2; exit 2; }
    rvmmu=$2 in=$3 capdir=$4 name=$5 max=$6
    cmd=$(cmd_of "$name" "$in") || { echo "$0: unknown workload '$name'" >&2; exit 2; }
    mkdir -p "$capdir"
    out=$capdir/$name.cap
    t0=$(date +%s.%N)
    # The command's words, as the shell splits them (sqlite's '.read FILE' is one word).
    eval "set -- $cmd"
    LC_ALL=C "$rvmmu" capture --quiet --max "$max" -o "$out.tmp" -- "$@" >/dev/null </dev/null ||
        { echo "$0: $name: capture failed" >&2; rm -f "$out.tmp"; exit 1; }
    t1=$(date +%s.%N)
    info=$("$rvmmu" capture --info "$out.tmp") || { rm -f "$out.tmp"; exit 1; }
    acc=$(awk '$1 == "all" { print $2 }' <<<"$info")
    if [ "${acc:-0}" -lt "$max" ]; then
        echo "$0: $name: only $acc accesses, fewer than $max: the program ended early" >&2
        rm -f "$out.tmp"; exit 1
    fi
    bytes=$(stat -c %s "$out.tmp")
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    mv "$out.tmp" "$out"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$acc" "$bytes" "$secs" "$cmd" "$(pkg_of "$name")" > "$capdir/$name.tsv"
    printf '  capture %-7s %9s accesses %9s bytes %6s s\n' "$name" "$acc" "$bytes" "$secs" ;;
*)
    echo "usage: $0 list | capture RVMMU IN CAPDIR NAME MAX" >&2; exit 2 ;;
esac
