/* scenario_run.h -- running a parsed scenario (scenario.h) on the RTL, under
 * the scoreboard, with the kernel's fault handler (kernel.h), and its report.
 * The exit status of a run (0, 1 or 2) is scenario.h's. */
#ifndef RVMMU_SCENARIO_RUN_H
#define RVMMU_SCENARIO_RUN_H

#include <stdint.h>
#include <stdio.h>

#include "kernel.h"
#include "scenario.h"

/* How to run scenarios. */
typedef struct {
    int verbose;            /* one line per access and directive on out */
    unsigned mem_latency;   /* walker memory latency (>= 1) */
    double stall;           /* probability of a walker memory stall cycle */
    uint64_t seed;
    FILE *export_trace;     /* write the run as a tlbtrace here, or NULL */
    const char *wave;       /* waveform file (FST, or VCD by its name), or NULL */
    uint64_t wave_from, wave_to;  /* cycles to dump, inclusive */
} sc_opts;

/* Counters of one or more runs. */
typedef struct {
    unsigned long accesses, expectations, failed, mismatches, signals;
} sc_totals;

/* Run a parsed scenario; the report to out, diagnostics to err; returns 0, 1 or 2. */
int scenario_run(const scenario *s, const sc_opts *o, FILE *out, FILE *err, sc_totals *t);

/* Parse and run one file; returns 0, 1 or 2. */
int scenario_run_file(const char *path, const sc_opts *o, FILE *out, FILE *err, sc_totals *t);

/* ------------------------------------------------------------------
 * Between the runner (scenario_run.c) and its report (scenario_report.c). */

typedef struct {
    int line;
    int pidx;              /* scenario process index, -1 for the kernel */
    kern_outcome outcome;
    kern_siginfo si;
} signal_note;

typedef struct {
    const scenario *s;
    const sc_opts *o;
    FILE *out, *err;
    kernel *k;
    proc **procs;
    os_shm **shms;
    os_lib **libs;
    int status;
    unsigned long accesses, expectations, failed, mismatches;
    signal_note *signals;
    size_t nsignals, capsignals;
} runner;

/* The name of process pidx in messages ("kernel" for -1). */
const char *sc_who(const runner *r, int pidx);

/* A fault cause's name, "unknown_fault" for an unknown one. */
const char *sc_cause_name(unsigned cause);

/* The run's report on r->out: per process, the signals, memory and sharing. */
void sc_report(const runner *r);

#endif
