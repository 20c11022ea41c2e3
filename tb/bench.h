/* bench.h -- `rvmmu bench`: walk latency per mode and page size against the
 * L*(LAT+1)+1 target, and hit throughput, measured on the Verilated RTL. */
#ifndef RVMMU_BENCH_H
#define RVMMU_BENCH_H

/* Run the benchmark and print its tables; returns 0, or 1 if a target is missed or a check fails. */
int bench_main(int argc, char **argv);

#endif
