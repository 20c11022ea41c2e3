# The study's plots (study/study.sh runs it):
#   gnuplot -e "csv='build/study/study.csv'; out='build/study'; workloads='tcc xz ... mix'; entries=16" study/plot.gp
# csv has docs/study.md's columns: 1 workload, 2 mode, 3 superpages, 4 entries,
# 5 policy, 6 mem_latency, 7 accesses, 8 pages, 9 misses, 10 misses_per_1k,
# 11 walk_reads, 12 walk_reads_per_1k, 13 cycles, 14 cycles_per_access, 15 cycles_per_miss.
# entries: the RTL's size (the rtl rows). Writes, into out:
#   study-misses.png      misses per 1000 accesses against TLB entries, one panel per workload,
#                         a line per policy (superpages off); the RTL's own point at its size
#   study-misses-sp.png   the same with superpages on
#   study-latency.png     cycles per access against walker memory latency (the RTL), a line per
#                         workload, superpages off and on
#   study-superpages.png  misses per 1000 accesses of the RTL at its size, superpages off and on

# sel(w, sp, p): the rows of workload w, superpages sp, policy p (awk does the selection).
sel(w, sp, p) = sprintf("< awk -F, -v w='%s' -v sp=%d -v p='%s' '$1 == w && $3 == sp && $5 == p' '%s'", w, sp, p, csv)
n = words(workloads)
policies = "plru lru fifo random opt"
ptitle(p) = p eq "plru" ? "tree PLRU (C)" : p eq "lru" ? "true LRU" : p eq "fifo" ? "FIFO" : p eq "random" ? "random" : "OPT (Belady)"
set datafile separator ","
set terminal pngcairo size 1200,760 font "Sans,10"
set grid
set style line 1 lc rgb "#1f77b4" lw 2 pt 7 ps 0.8
set style line 2 lc rgb "#ff7f0e" lw 2 pt 5 ps 0.8
set style line 3 lc rgb "#2ca02c" lw 2 pt 9 ps 0.9
set style line 4 lc rgb "#d62728" lw 2 pt 11 ps 0.9
set style line 5 lc rgb "#555555" lw 2 dt 2 pt 13 ps 0.9
set style line 6 lc rgb "#000000" lw 2 pt 6 ps 2.2

cols = 3
rows = int((n + cols - 1) / cols)
do for [sp = 0:1] {
    set output sprintf("%s/study-misses%s.png", out, sp ? "-sp" : "")
    set multiplot layout rows, cols title sprintf("TLB misses per 1000 accesses against entries, superpages %s (sv39)", sp ? "on" : "off")
    set logscale x 2
    set logscale y 10
    set xrange [6:80]
    set xtics ("8" 8, "16" 16, "32" 32, "64" 64)
    set xlabel "TLB entries"
    set ylabel "misses / 1000 accesses"
    set key top right font ",8" samplen 2
    do for [i = 1:n] {
        w = word(workloads, i)
        set title w
        plot for [j = 1:5] sel(w, sp, word(policies, j)) using 4:10 with linespoints ls j title ptitle(word(policies, j)), \
             sel(w, sp, "rtl") using 4:10 every ::0::0 with points ls 6 title sprintf("rvmmu RTL (%d)", entries)
        unset key
    }
    unset multiplot
}

set output sprintf("%s/study-latency.png", out)
set multiplot layout 1, 2 title sprintf("Cycles per access against walker memory latency, rvmmu RTL, %d entries (sv39)", entries)
unset logscale
set xrange [*:*]
set yrange [1:*]
set xtics autofreq
set xlabel "memory latency (cycles per walker read)"
set ylabel "cycles / access"
set key top left font ",9"
do for [sp = 0:1] {
    set title sprintf("superpages %s", sp ? "on" : "off")
    plot for [i = 1:n] sel(word(workloads, i), sp, "rtl") using 6:14 with linespoints lw 2 pt 7 ps 0.8 title word(workloads, i)
}
unset multiplot

set output sprintf("%s/study-superpages.png", out)
set terminal pngcairo size 900,500 font "Sans,10"
set title sprintf("Superpages off and on: TLB misses per 1000 accesses, rvmmu RTL, %d entries (sv39)", entries)
set xrange [0.4:n + 0.6]
set yrange [0:*]
set xlabel ""
set ylabel "misses / 1000 accesses"
set xtics () nomirror
do for [i = 1:n] { set xtics add (word(workloads, i) i) }
set grid noxtics ytics
set style fill solid 0.8 border -1
set boxwidth 0.36
set key top right
# The latency column picks one replay (misses do not depend on it).
plot for [i = 1:n] sel(word(workloads, i), 0, "rtl") using (i - 0.19):10 every ::0::0 with boxes lc rgb "#1f77b4" \
         title (i == 1 ? "4 KiB pages only" : ""), \
     for [i = 1:n] sel(word(workloads, i), 1, "rtl") using (i + 0.19):10 every ::0::0 with boxes lc rgb "#ff7f0e" \
         title (i == 1 ? "superpages (2 MiB, 64 KiB Svnapot)" : "")
