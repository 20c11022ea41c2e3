/* kernel.h -- the kernel side of the harness. A kernel owns the physical
 * memory model, the RTL harness (under the scoreboard) and an os_sys
 * (sw/proc.h) whose TLB shootdowns become SFENCE.VMA on the RTL. It runs
 * every access of a process through the RTL; on every page fault the RTL
 * reports it calls the fault handler (proc_fault: demand page, copy-on-write
 * copy or reuse, with the SFENCE.VMA) and retries, or delivers a SIGSEGV with
 * the VA, the access kind and the cause. After a successful translation it
 * does the data load or store at the translated PA in the physical memory,
 * so what one process writes through a shared frame another reads back.
 *
 * Optionally everything is recorded as a tlbtrace (docs/tlbtrace.md):
 * a `mem` line for every word that changes in physical memory (page-table
 * words as the kernel writes them, and data), `satp`/`priv` lines on every
 * context switch, `sfence` lines, and each translation with the `expect` the
 * run observed, so `rvmmu replay` reproduces the run exactly. */
#ifndef RVMMU_KERNEL_H
#define RVMMU_KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mem.h"
#include "proc.h"

/* The outcome of one access as the process sees it. */
typedef enum {
    KERN_OK = 0,         /* translated and done, no fault */
    KERN_DEMAND = 1,     /* a demand page was mapped on first touch, then done */
    KERN_COW = 2,        /* a copy-on-write page was copied, then done */
    KERN_COW_REUSE = 3,  /* a copy-on-write page nobody else held was made writable, then done */
    KERN_SEGV = 4,       /* SIGSEGV delivered (si holds address, access, cause, code) */
    KERN_OOM = 5         /* the handler needed a frame and the pool was empty */
} kern_outcome;

/* What a kernel's SIGSEGV carries. */
typedef struct {
    uint64_t addr;   /* faulting VA */
    unsigned acc;    /* RVMMU_ACC_* */
    unsigned cause;  /* mcause: 1, 5, 7 (access fault), 12, 13, 15 (page fault) */
    int code;        /* PROC_SEGV_MAPERR or PROC_SEGV_ACCERR */
} kern_siginfo;

/* One access in detail. */
typedef struct {
    kern_outcome outcome;
    uint64_t value;        /* load/fetch: the word read; store: the word written */
    uint64_t pa;           /* the PA of the data access (when it happened) */
    kern_siginfo si;       /* when SEGV or OOM */
    int translations;      /* RTL translations, retries included */
    int hits, misses, bypasses;
    unsigned cycles;       /* translation cycles, summed */
} kern_result;

/* Counters of one process (or of the kernel's own accesses). */
typedef struct {
    unsigned long accesses, translations, hits, misses, bypasses, cycles;
    unsigned long demand, cow, cow_reuse, segv, oom;
} kern_stats;

/* How to build a kernel. */
typedef struct {
    unsigned mode;              /* RVMMU_MODE_SV32/SV39/SV48/SV57 */
    const mem_window *ram;      /* physical memory windows */
    int nram;
    uint64_t pool_base, pool_size;  /* the frames the kernel hands out (inside a ram window) */
    unsigned mem_latency;       /* walker memory latency, >= 1 */
    double stall;               /* probability of a walker memory stall cycle */
    uint64_t seed;
    FILE *trace;                /* the tlbtrace export, or NULL */
    const char *wave;           /* waveform file (FST, or VCD by its name), or NULL */
    uint64_t wave_from, wave_to;  /* cycles to dump, inclusive */
} kern_config;

typedef struct kernel kernel;

/* A kernel on a fresh RTL model and memory; NULL with a message in err. */
kernel *kern_new(const kern_config *cfg, char *err, size_t errlen);

/* Free the kernel, its os_sys, harness and memory; NULL is ignored. */
void kern_free(kernel *k);

/* The operating system (processes, segments, libraries) the kernel runs. */
os_sys *kern_os(kernel *k);

/* The physical memory model. */
physmem *kern_physmem(kernel *k);

/* How the kernel's own accesses run: 0 = M mode, 1 = S mode with satp Bare. */
void kern_set_self_bare(kernel *k, int bare);

/* One access of process p (or, p NULL, of the kernel itself at physical address va); -1 on an internal error. */
int kern_access(kernel *k, proc *p, uint64_t va, unsigned acc, uint64_t value, kern_result *r);

/* Tag the RTL requests that follow with a scenario step (its line): the waveform's tag_q. */
void kern_set_step(kernel *k, uint32_t step);

/* The page-fault handler: fix the fault the RTL reported (with SFENCE.VMA) or say SIGSEGV; -1 on an internal error. */
int kern_handle_fault(kernel *k, proc *p, uint64_t va, unsigned acc, unsigned cause, proc_fault_info *fi);

/* The counters of process id (all zero for an id never seen). */
kern_stats kern_proc_stats(const kernel *k, int id);

/* The counters of the kernel's own accesses. */
kern_stats kern_self_stats(const kernel *k);

/* The scoreboard's next unreported mismatch into buf; 1 if there was one. */
int kern_take_mismatch(kernel *k, char *buf, size_t len);

/* The message of the last internal error. */
const char *kern_error(const kernel *k);

/* Write a `# ...` comment line to the exported trace (nothing without one). */
void kern_comment(kernel *k, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Name of an outcome as the scenario format spells it: ok, demand, cow, cow-reuse, segv, oom. */
const char *kern_outcome_name(kern_outcome o);

#endif
