# The study's plots (study/study.sh runs it):
#   gnuplot -e "csv='build/study/study.csv'; out='build/study'; workloads='tcc xz ... mix'; sizes='8 16 32 64'; lats='1 20 50'" study/plot.gp
# csv has docs/study.md's columns: 1 workload, 2 mode, 3 superpages, 4 entries,
# 5 policy, 6 mem_latency, 7 accesses, 8 pages, 9 misses, 10 misses_per_1k,
# 11 walk_reads, 12 walk_reads_per_1k, 13 cycles, 14 cycles_per_access, 15 cycles_per_miss.
# sizes: the TLB sizes the RTL ran at (the rtl rows); lats: the walker memory
# latencies (the first is the one the C-model rows carry). Writes, into out:
#   study-misses.png      misses per 1000 accesses against TLB entries, one panel per workload,
#                         a line per policy (superpages off); the RTL's own points at its sizes
#   study-misses-sp.png   the same with superpages on
#   study-latency.png     cycles per access against walker memory latency (the RTL), a line per
#                         workload, a panel per size, superpages off and on
#   study-entries.png     cycles per access against TLB entries (the RTL) at the first and the
#                         last latency, a line per workload, superpages off and on
#   study-superpages.png  misses per 1000 accesses of the RTL, superpages off and on, a panel per size

# sel(w, sp, p, n, L): the rows of workload w, superpages sp, policy p; n (entries) and L
# (latency) select too unless 0 (awk does the selection).
sel(w, sp, p, n, L) = sprintf("< awk -F, -v w='%s' -v sp=%d -v p='%s' -v n=%d -v L=%d '$1 == w && $3 == sp && $5 == p && (n == 0 || $4 == n) && (L == 0 || $6 == L)' '%s'", w, sp, p, n, L, csv)
n = words(workloads)
ns = words(sizes)
lat1 = word(lats, 1) + 0
lathi = word(lats, words(lats)) + 0
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
array wc[8] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#000000", "#8c564b", "#e377c2"]

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
        plot for [j = 1:5] sel(w, sp, word(policies, j), 0, 0) using 4:10 with linespoints ls j title ptitle(word(policies, j)), \
             sel(w, sp, "rtl", 0, lat1) using 4:10 with points ls 6 title "rvmmu RTL"
        unset key
    }
    unset multiplot
}

# One y range for every panel of a figure: the largest cycles per access of the RTL.
stats sprintf("< awk -F, '$5 == \"rtl\"' '%s'", csv) using 14 nooutput
cmax = STATS_max * 1.05

set output sprintf("%s/study-latency.png", out)
set terminal pngcairo size 1400,760 font "Sans,10"
set multiplot layout 2, ns title "Cycles per access against walker memory latency, rvmmu RTL (sv39)"
unset logscale
set xrange [0:lathi * 1.05]
set yrange [1:cmax]
set xtics autofreq
set xlabel "memory latency (cycles per walker read)"
set ylabel "cycles / access"
set key top left font ",8"
do for [sp = 0:1] {
    do for [k = 1:ns] {
        e = word(sizes, k) + 0
        set title sprintf("%d entries, superpages %s", e, sp ? "on" : "off")
        plot for [i = 1:n] sel(word(workloads, i), sp, "rtl", e, 0) using 6:14 with linespoints lw 2 pt 7 ps 0.8 \
             lc rgb wc[(i - 1) % 8 + 1] title word(workloads, i)
        unset key
    }
    set key top left font ",8"
}
unset multiplot

set output sprintf("%s/study-entries.png", out)
set terminal pngcairo size 1200,520 font "Sans,10"
set multiplot layout 1, 2 title sprintf("Cycles per access against TLB entries, rvmmu RTL (sv39): memory latency %d (solid) and %d (dashed)", lathi, lat1)
set logscale x 2
set xrange [6:80]
set xtics ("8" 8, "16" 16, "32" 32, "64" 64)
set xlabel "TLB entries"
set yrange [1:cmax]
set key top right font ",8"
do for [sp = 0:1] {
    set title sprintf("superpages %s", sp ? "on" : "off")
    plot for [i = 1:n] sel(word(workloads, i), sp, "rtl", 0, lathi) using 4:14 with linespoints lw 2 pt 7 ps 0.8 \
             lc rgb wc[(i - 1) % 8 + 1] title word(workloads, i), \
         for [i = 1:n] sel(word(workloads, i), sp, "rtl", 0, lat1) using 4:14 with linespoints lw 1 dt 2 pt 6 ps 0.6 \
             lc rgb wc[(i - 1) % 8 + 1] notitle
}
unset multiplot

set output sprintf("%s/study-superpages.png", out)
set terminal pngcairo size 1200,760 font "Sans,10"
set multiplot layout int((ns + 1) / 2), 2 title "Superpages off and on: TLB misses per 1000 accesses, rvmmu RTL (sv39)"
unset logscale
set xrange [0.4:n + 0.6]
set yrange [0:*]
set xlabel ""
set ylabel "misses / 1000 accesses"
set xtics () nomirror
do for [i = 1:n] { set xtics add (word(workloads, i) i) }
set grid noxtics ytics
set style fill solid 0.8 border -1
set boxwidth 0.36
set key top right font ",8"
do for [k = 1:ns] {
    e = word(sizes, k) + 0
    set title sprintf("%d entries", e)
    plot for [i = 1:n] sel(word(workloads, i), 0, "rtl", e, lat1) using (i - 0.19):10 with boxes lc rgb "#1f77b4" \
             title (i == 1 ? "4 KiB pages only" : ""), \
         for [i = 1:n] sel(word(workloads, i), 1, "rtl", e, lat1) using (i + 0.19):10 with boxes lc rgb "#ff7f0e" \
             title (i == 1 ? "superpages (2 MiB, 64 KiB Svnapot)" : "")
    unset key
}
unset multiplot
