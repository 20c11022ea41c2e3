/* replay.h -- runs a tlbtrace through the RTL (or the reference model alone)
 * and prints results exactly as docs/tlbtrace.md fixes them. */
#ifndef RVMMU_REPLAY_H
#define RVMMU_REPLAY_H

#include <stdint.h>
#include <stdio.h>

#include "coverage.h"

/* Options of `rvmmu replay`. */
typedef struct {
    int use_ref;           /* 1: the reference model's ideal TLB instead of the RTL */
    unsigned mem_latency;  /* walker memory latency in cycles (>= 1) */
    double stall;          /* probability of a mem_req_ready stall cycle */
    uint64_t seed;
    const char *wave;      /* FST (or .vcd) file, or NULL */
    uint64_t wave_from, wave_to;  /* cycles to dump, inclusive */
    int quiet;             /* no result lines (summaries only) */
    const uint64_t *bus_errors;  /* word addresses whose every access is a bus error */
    int nbus_errors;
    /* Regression stress (the scoreboard keeps checking every cycle): */
    unsigned mem_latency_max;    /* random latency per response up to this */
    double bus_error_rate;       /* random injected bus errors on the walker port */
    int fence_race;              /* an sfence right after an access races its walk */
    int pipeline;                /* drive runs of accesses back to back (hs_pipeline) */
    double gap_prob;             /* --pipeline: probability of idle cycles before a request */
    unsigned max_gap;            /* ... 1..max_gap of them */
    unsigned idle_max;           /* random idle cycles between directives */
    uint64_t rand_reset;         /* random initial register state, this seed */
    coverage *cov;               /* functional coverage to count into, or NULL */
    const char *code_coverage;   /* line/toggle coverage file (coverage build only), or NULL */
    const char *vectors;         /* test vectors for the Icarus bench (docs/verification.md), or NULL */
    unsigned bus;                /* the walker's bus: BUS_NATIVE, BUS_AXI, BUS_WB (tb/bus_model.h) */
    double bus_fail_rate;        /* AXI: failed exclusive writes; Wishbone: RTY responses */
    unsigned ports;              /* 2: fetches through the instruction port (hs_config.ports) */
} replay_opts;

/* Counters of one replay, for summaries and benchmarks. */
typedef struct {
    unsigned long accesses, hits, misses, bypasses, faults, expects_failed, mismatches;
    unsigned long cycles_hit, cycles_miss, max_cycles_miss;
} replay_stats;

/* Replay one file; results to out, diagnostics to err. Returns the exit status 0, 1 or 2. */
int replay_file(const char *path, const replay_opts *o, FILE *out, FILE *err, replay_stats *st);

#endif
