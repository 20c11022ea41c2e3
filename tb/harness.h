/* harness.h -- drives the Verilated rvmmu cycle by cycle: the translation
 * port, SFENCE.VMA, and the walker's memory port (with latency, random
 * back-pressure and the physical memory model), under the scoreboard. */
#ifndef RVMMU_HARNESS_H
#define RVMMU_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "coverage.h"
#include "mem.h"
#include "mmu_model.h"
#include "ref.h"

/* Cycles without a response after which a request counts as hung. */
#define HS_HANG_CYCLES 100000u

/* How to run the model. */
typedef struct {
    int xlen;              /* 32 or 64 */
    unsigned mem_latency;  /* cycles from request accepted to response, >= 1 */
    double stall;          /* probability that mem_req_ready is low in a cycle */
    uint64_t seed;         /* for the stalls */
    const char *wave;      /* FST (or .vcd) file to write, or NULL */
    uint64_t wave_from, wave_to;  /* cycles to dump, inclusive */
    unsigned mem_latency_max;     /* > mem_latency: each response takes a random latency in between */
    double bus_error_rate;        /* probability that a walker read or swap gets a bus error */
    uint64_t rand_reset;          /* non-zero: registers start random (Verilator rand-reset), this seed */
    coverage *cov;                /* functional coverage to count into, or NULL */
    const char *code_coverage;    /* write the model's line/toggle coverage here when freed, or NULL */
    const char *vectors;          /* record every cycle's inputs and outputs here (mmu_model_record), or NULL */
    unsigned bus;                 /* the walker's bus: BUS_NATIVE (rvmmu's own port), BUS_AXI, BUS_WB (tb/bus_model.h) */
    double bus_fail_rate;         /* BUS_AXI: probability an exclusive write fails; BUS_WB: a response is RTY */
    unsigned ports;               /* 2: fetches go through the instruction port (ireq_*), the rest through the
                                     data port, each checked by its own scoreboard; 0 or 1: every request
                                     through the data port */
} hs_config;

/* An SFENCE.VMA's operands. */
typedef struct {
    int rs1_x0, rs2_x0;
    uint64_t va;
    uint32_t asid;
} hs_fence;

/* The outcome of one translation as the RTL gave it. */
typedef struct {
    int fault;
    unsigned cause;
    uint64_t pa;
    unsigned pbmt;
    int hit;       /* answered by a TLB lookup */
    int bypass;    /* not translated (Bare, M mode) or faulted before lookup */
    unsigned cycles;
    uint64_t at;   /* hs_pipeline: the cycle of the response */
} hs_result;

typedef struct harness harness;

/* A harness over a fresh, reset model and the given memory; NULL with a message in err. */
harness *hs_new(const hs_config *cfg, physmem *mem, char *err, size_t errlen);

/* Free the harness and its model, closing any wave file; -1 if the wave could not be written. */
int hs_free(harness *h);

/* Tag the following requests (the trace line or scenario step, shown in the waveform). */
void hs_set_tag(harness *h, uint32_t tag);

/* Walker memory requests answered (PTE reads and A/D swaps) since the model was made. */
uint64_t hs_mem_ops(const harness *h);

/* on = 0: nothing checks the responses from now on (speed measurement only); 1 (the default): the scoreboard does. */
void hs_set_scoreboard(harness *h, int on);

/* Cycles run since the model was made. */
uint64_t hs_cycles(const harness *h);

/* The build facts of the harness' model (XLEN, TLB and PMP entries). */
mmu_build hs_build(const harness *h);

/* Translate one access; 0 on a response, -1 if the RTL did not answer in time. */
int hs_translate(harness *h, const ref_ctx *c, uint64_t va, unsigned acc, hs_result *r);

/* Translate one access and raise the SFENCE.VMA that follows it in program
 * order `offset` cycles after the request is first offered: while it is
 * looked up or walked, or in the cycle its response comes (or right after
 * the response if that is sooner). The fence races the walk's fill. */
int hs_translate_fenced(harness *h, const ref_ctx *c, uint64_t va, unsigned acc, const hs_fence *f,
                        unsigned offset, hs_result *r);

/* One item of a pipelined stream (hs_pipeline): a translation, or an
 * SFENCE.VMA in program order between translations. */
typedef struct {
    ref_ctx ctx;           /* the translation's context (copied: it may change item to item) */
    uint64_t va;
    unsigned acc;
    int is_fence;          /* 1: this item is the SFENCE.VMA `fence`, not a translation */
    hs_fence fence;
    unsigned gap;          /* idle cycles (request valid low) before it is offered */
    uint64_t user;         /* the caller's, handed back to the sink */
} hs_item;

/* The next item into *it: 1, or 0 when there are no more. */
typedef int (*hs_source_fn)(void *arg, hs_item *it);
/* A translation's response (fences get none). */
typedef void (*hs_sink_fn)(void *arg, const hs_item *it, const hs_result *r);

/* Drive a stream the way a core does: each translation is offered from the
 * cycle its gap has run out and held until accepted, so with gap 0 a new
 * request is accepted at the edge of the previous response (the back-to-back
 * case of docs/ports.md); a fence item is driven for one cycle in place of a
 * request, racing whatever walk is in flight. With two ports (cfg.ports 2)
 * both are driven at once: each port's next request is offered while the
 * other's are offered or in flight, a fence only once every request before
 * it has been accepted. The scoreboard checks every response; the sink gets
 * them in program order with their cycles (acceptance to response) and the
 * response's cycle. 0 when every item was taken and answered, -1 on a hang
 * (no response for HS_HANG_CYCLES cycles). */
int hs_pipeline(harness *h, hs_source_fn src, hs_sink_fn sink, void *arg);

/* Offer n requests back to back (hs_pipeline with gap 0, one context);
 * *cycles gets the cycles from the first acceptance to the last response.
 * 0 when all were answered, -1 on a hang. */
int hs_stream(harness *h, const ref_ctx *c, const uint64_t *va, int n, unsigned acc, uint64_t *cycles);

/* Both request ports at once (cfg.ports == 2): the data port offers loads of
 * dva[0..dn), the instruction port fetches of iva[0..in), each back to back
 * (a new request offered as soon as the port takes one), every response
 * checked by its port's scoreboard. */
typedef struct {
    uint64_t cycles;          /* from the first request taken to the last response */
    unsigned worst[2];        /* the longest a request waited, accepted to answered: data, instruction */
    uint64_t answered[2];
} hs_dual_stats;
int hs_dual_stream(harness *h, const ref_ctx *c, const uint64_t *dva, int dn, const uint64_t *iva, int in,
                   hs_dual_stats *st);

/* Issue one SFENCE.VMA (rs1_x0/rs2_x0: the register is x0). */
void hs_sfence(harness *h, int rs1_x0, uint64_t va, int rs2_x0, uint32_t asid);

/* Run n idle cycles. */
void hs_idle(harness *h, unsigned n);

/* After a call returned -1 (a hang): the watchdog's report, naming the
 * cycle, the walker state, the outstanding request and the pending memory
 * operation; "" before any hang. */
const char *hs_hang_report(const harness *h);

/* The scoreboard's first unreported mismatch into buf; 1 if there was one. */
int hs_take_mismatch(harness *h, char *buf, size_t len);

/* Fault injection (tb/inject.c): a function called after every clock edge
 * of every harness in the process, with the outputs of the cycle just run
 * (NULL: none). It may change the model's state between edges. */
typedef void (*hs_cycle_hook)(void *arg, harness *h, mmu_model *m, const mmu_outputs *o);
void hs_set_cycle_hook(hs_cycle_hook fn, void *arg);

/* Responses so far that no legal TLB state could give (scoreboard.h: sb_wrong). */
int hs_wrong_translations(const harness *h);

/* The raw satp value for a context (MODE, ASID, PPN in the XLEN's layout). */
uint64_t hs_satp(int xlen, const ref_ctx *c);

#endif
