/* coverage.h -- functional coverage of a run: named coverpoints counted as
 * the harness and the scoreboard see them, written as "name count" lines
 * that regress/coverage_report.py merges across seeds and reports with holes. */
#ifndef RVMMU_COVERAGE_H
#define RVMMU_COVERAGE_H

#include <stdint.h>
#include <stdio.h>

typedef struct coverage coverage;

/* A new, empty set of counters. */
coverage *cov_new(void);

/* Free the counters. */
void cov_free(coverage *c);

/* A response: outcome (0 or a cause), priv, access kind, page (leaf level, -1 none, 9 NAPOT), hit or walk, mode. */
void cov_response(coverage *c, unsigned cause, unsigned priv, unsigned acc, int page, int hit, unsigned mode);

/* An access's context: A/D policy, SUM, MXR, priv. */
void cov_context(coverage *c, int adue, int sum, int mxr, unsigned priv);

/* A PTE the walker read: its level in the walk and its value (mode gives the format). */
void cov_pte(coverage *c, unsigned mode, int level, uint64_t pte);

/* An SFENCE.VMA: its form, and an entry it removed (global or not, page as in cov_response; -1: none). */
void cov_sfence(coverage *c, int rs1_x0, int rs2_x0, int global, int page);

/* The walker state in the cycle an SFENCE.VMA arrived. */
void cov_flush_vs_walker(coverage *c, unsigned ptw_state);

/* An SFENCE.VMA racing a walk (in flight, or starting in that cycle): the
 * walker state, the fence's form, and the page the walk is to install (page
 * as in cov_response; -1: the walk faults). */
void cov_flush_race(coverage *c, unsigned ptw_state, int rs1_x0, int rs2_x0, int page);

/* A request accepted in the cycle the previous one is answered (back to
 * back): how that one was answered (0 a walk that fills the TLB, 1 a walk
 * that does not, 2 a TLB hit, 3 a bypass) and its page (as in cov_response). */
void cov_back_to_back(coverage *c, int how, int page);

/* A fill whose page covers valid entries of smaller pages (removed by it):
 * the mode and the fill's page (as in cov_response). */
void cov_fill_over_smaller(coverage *c, unsigned mode, int page);

/* A request in `mode` (Bare included, M mode not) while a valid entry of
 * another mode, same ASID or global, holds its VA. */
void cov_mode_alias(coverage *c, unsigned mode, unsigned entry_mode);

/* A walk that started from a cached pointer (PWC_ENTRIES > 0): the mode and
 * the level of the table it gave. */
void cov_pwc_hit(coverage *c, unsigned mode, int level);

/* A walk the L2 TLB answered (L2_ENTRIES > 0): the mode and the page size
 * (tb/coverage.c's page names) of the leaf it gave. */
void cov_l2_hit(coverage *c, unsigned mode, int page);

/* A walk the L2 TLB did not answer (L2_ENTRIES > 0: a miss, a hit that
 * needed an A/D update, or a lookup skipped during a sweep) that ended with
 * a leaf: the mode and the leaf's page size. */
void cov_l2_miss(coverage *c, unsigned mode, int page);

/* A fence held off by the L2 TLB's sweep (sfence_ready_o low): with or
 * without a walk in flight. */
void cov_l2_sweep(coverage *c, int walking);

/* The walker's bus (replay --bus): bus 1 AXI4, 2 Wishbone (tb/bus_model.h);
 * event 0 a read answered, 1 a swap made, 2 an error answered, 3 a retry
 * (an AXI exclusive write that failed, a Wishbone RTY). */
void cov_bus(coverage *c, unsigned bus, int event);

/* Two request ports driven at once (replay --ports 2 --pipeline): the
 * races of sharing the walker. */
enum {
    COV_PORTS_BOTH_ACCEPTED,   /* both ports accepted a request in the same cycle */
    COV_PORTS_BOTH_ANSWERED,   /* both answered in the same cycle */
    COV_PORTS_D_WAITS,         /* the data port waits while the walker serves the instruction port */
    COV_PORTS_I_WAITS,         /* the instruction port waits while the walker serves the data port */
    COV_PORTS_FENCE_BOTH,      /* an SFENCE.VMA while both ports have a request in flight */
    COV_PORTS_AD_BY_OTHER,     /* a walk finds an A/D bit set since its request was accepted (the other port's walk) */
    NPORTEV
};
#define COV_PORTS_NAMES "both-accepted", "both-answered", "data-waits-for-walker", \
                        "instruction-waits-for-walker", "fence-both-in-flight", "ad-set-by-other-port"
void cov_ports(coverage *c, int event);

/* Write every counter as "name count" lines; 0 on success. */
int cov_write(const coverage *c, FILE *f);

#endif
