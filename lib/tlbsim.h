/* tlbsim.h -- a fully associative TLB simulated on mapping identities, and
 * Belady's OPT offline (docs/policies.md).
 *
 * Every access is translated by exactly one leaf mapping (its page:
 * asid-or-global, level/size, tag); a TLB entry for mapping M serves exactly
 * the accesses whose mapping is M. So each replacement policy is a cache
 * simulation over a stream of 64-bit mapping ids. The fill rule is the RTL's:
 * the lowest-numbered invalid slot first, else the policy's victim
 * (lib/tlb_policy.h). TLB_POLICY_TREE_PLRU here is the RTL's policy untimed.
 *
 * An access whose mapping is resident hits, whatever its fill flag (the RTL
 * raises a permission fault on a hit from the cached bits, without a walk).
 * An access that misses walks: fill=1, its mapping is then written into a
 * slot; fill=0, the walk faults and nothing is written. */
#ifndef RVMMU_TLBSIM_H
#define RVMMU_TLBSIM_H

#include <stddef.h>
#include <stdint.h>

#include "tlb_policy.h"   /* tlb_policy_kind: TREE_PLRU, LRU, FIFO, RANDOM */

typedef struct tlbsim tlbsim;

/* A TLB of `entries` slots, all invalid, the policy in its reset state;
 * seed: TLB_POLICY_RANDOM's (tlb_policy_seed). NULL: a size the policy
 * cannot have (tlb_policy_init) or no memory. */
tlbsim *tlbsim_new(tlb_policy_kind kind, int entries, uint64_t seed);

/* One access to mapping id. fill=0: the access faults (a walk, no fill); it
 * counts as a miss (unless id is resident: a hit). Returns 1 on a hit, 0 on a
 * miss. *slot (unless NULL) gets the slot hit or filled, -1 if none. */
int tlbsim_access(tlbsim *t, uint64_t id, int fill, int *slot);

/* An access that walks even if mapping id is resident: the RTL walks again
 * for a store that hits an entry whose D bit is clear. A miss (returns 0).
 * fill=1: the slot is chosen as for a miss with the resident entry still
 * valid (the lowest invalid slot, else the victim), the resident entry is
 * dropped (the fill overlaps it) and the slot written; fill=0 (the walk
 * faults): nothing changes, the resident entry stays. *slot as
 * tlbsim_access. */
int tlbsim_rewalk(tlbsim *t, uint64_t id, int fill, int *slot);

/* Every entry invalid (the policy's state kept, as the RTL keeps it). */
void tlbsim_flush(tlbsim *t);

/* The entry of mapping id (if resident) invalid, as an SFENCE.VMA that covers
 * it; the policy's state kept. Returns 1 if it was resident. */
int tlbsim_invalidate(tlbsim *t, uint64_t id);

/* Slot slot (0 <= slot < entries): 1 and *id (unless NULL) its mapping if
 * valid, else 0. So a caller can flush by its own rule (ASID, VA range). */
int tlbsim_entry(const tlbsim *t, int slot, uint64_t *id);

int tlbsim_entries(const tlbsim *t);
uint64_t tlbsim_accesses(const tlbsim *t);
uint64_t tlbsim_misses(const tlbsim *t);
void tlbsim_free(tlbsim *t);

/* Belady's OPT, offline: push the whole stream, then ask for any size. */
typedef struct opt_stream opt_stream;

opt_stream *opt_new(void);

/* One access (meaning of fill as tlbsim_access). 0, -1 out of memory (or the
 * collapsed stream reached 2^32 - 2 elements); runs of one id are collapsed
 * (a repeat is a hit under every policy, unless the access before it was a
 * fill=0 access: that one may have missed and left nothing). */
int opt_push(opt_stream *s, uint64_t id, int fill);

/* Mapping id's entry (if any) invalid from here on, as tlbsim_invalidate. 0,
 * -1 out of memory. */
int opt_invalidate(opt_stream *s, uint64_t id);

/* An access that misses under every policy, as tlbsim_rewalk. fill=1: the
 * same as opt_invalidate then opt_push (the old entry is of no use to it);
 * fill=0: a miss that changes nothing. 0, -1 out of memory. */
int opt_rewalk(opt_stream *s, uint64_t id, int fill);

/* Every entry invalid from here on, as tlbsim_flush. 0, -1 out of memory. */
int opt_flush(opt_stream *s);

/* The fewest misses any policy can have with `entries` slots (entries < 1:
 * every access misses; UINT64_MAX: out of memory). The least when
 * opt_exact() (docs/policies.md). Memory: O(entries) besides the stream. */
uint64_t opt_misses(const opt_stream *s, int entries);

/* 1 if opt_misses is the least by the argument of docs/policies.md: after a
 * fill=0 access to a mapping filled since its last invalidation and the last
 * flush, that mapping is invalidated or flushed before its next access (a
 * no-fill miss cannot bring a mapping back; past it Belady's rule need not
 * be optimal). Streams with fill=1 only are always exact. */
int opt_exact(const opt_stream *s);

uint64_t opt_accesses(const opt_stream *s);   /* accesses pushed (collapsed ones too) */
uint64_t opt_length(const opt_stream *s);     /* elements stored (the collapsed stream) */
size_t opt_bytes(const opt_stream *s);        /* heap memory held */
void opt_free(opt_stream *s);

#endif
