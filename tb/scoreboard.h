/* scoreboard.h -- checks every response and every TLB fill of the RTL
 * against the reference model (lib/ref.h), cycle by cycle, from the monitor
 * port. It keeps a shadow of the TLB (slot by slot, as the monitor reports
 * fills) and applies the spec's SFENCE.VMA rules to it independently, so a
 * hit is checked against what the entry legally holds (and its slot against
 * the one shadow entry that matches). Every fill's slot is predicted by a
 * model of the RTL's own replacement (lib/tlb_policy.h: the first slot
 * invalid at the last edge, else the tree pseudo-LRU victim, uses recorded
 * one edge late), fed by the shadow's valid bits and the monitor's hits and
 * fills; the scoreboard starts in the reset state. */
#ifndef RVMMU_SCOREBOARD_H
#define RVMMU_SCOREBOARD_H

#include <stddef.h>
#include <stdint.h>

#include "coverage.h"
#include "mem.h"
#include "mmu_model.h"
#include "ref.h"

typedef struct scoreboard scoreboard;

/* A new scoreboard for a TLB of `entries` slots in an XLEN-bit build. */
scoreboard *sb_new(int entries, int xlen);

/* Free a scoreboard. */
void sb_free(scoreboard *sb);

/* Two request ports' scoreboards (rvmmu PORTS=2), each fed its port's view
 * of the ports (the walk's monitors only for the walks of its port): they
 * share what the shared walker keeps, the walk cache's legal pointers. */
void sb_pair(scoreboard *a, scoreboard *b);

/* A request was accepted: compute its expected outcome on memory as it is now (no side effects);
 * a walk computes it again when it starts, on memory as it then is. */
void sb_request(scoreboard *sb, const ref_ctx *c, uint64_t va, unsigned acc, physmem *mem);

/* The harness injected a bus error into the walk's read (cas 0) or swap (cas 1) at pa. */
void sb_note_bus_error(scoreboard *sb, uint64_t pa, int cas);

/* A failure the harness found (a bus protocol error), reported as a mismatch. */
void sb_mismatch(scoreboard *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The memory model performed a swap for the walker at pa (swapped: the word was written). */
void sb_note_cas(scoreboard *sb, uint64_t pa, int swapped);

/* Check one cycle's outputs (with that cycle's inputs) and advance the shadow TLB past the edge. */
void sb_cycle(scoreboard *sb, const mmu_inputs *in, const mmu_outputs *out, physmem *mem);

/* Count functional coverage into cov (NULL: none). */
void sb_set_coverage(scoreboard *sb, coverage *cov);

/* The model has an L2 TLB (its misses then count in the coverage). */
void sb_set_l2(scoreboard *sb, int has_l2);

/* Responses so far that differ from every legal answer: the reference
 * walk on memory as it was when the request was accepted, and the answer of
 * every entry the shadow TLB legally holds for it. Unlike sb_errors, which
 * also counts the TLB's bookkeeping (valid bits, slots, hit or walk), this
 * counts only wrong translations (the fault-injection campaign's figure). */
int sb_wrong(const scoreboard *sb);

/* Number of mismatches so far. */
int sb_errors(const scoreboard *sb);

/* Take the first unreported mismatch message into buf; 1 if there was one. */
int sb_take_message(scoreboard *sb, char *buf, size_t len);

#endif
