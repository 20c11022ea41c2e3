/* tlb_policy.h -- replacement policies of a fully associative TLB, in C.
 *
 * Two layers:
 *  - tlb_policy: a policy on its own, untimed: tlb_policy_touch() records a
 *    use of an entry, tlb_policy_victim() names the entry the policy would
 *    evict now. The RTL's tree pseudo-LRU (TLB_POLICY_TREE_PLRU) counts a
 *    hit and a fill alike, so its users call tlb_policy_touch() for both;
 *    the other kinds (true LRU, FIFO, random: docs/policies.md) tell a fill
 *    from a hit: a fill is tlb_policy_fill(), a hit tlb_policy_touch().
 *  - tlb_repl: the RTL's replacement with its clocking, written from the
 *    comments of rtl/rvmmu_tlb.sv and rtl/rvmmu_plru.sv: a fill writes the
 *    first entry that was invalid at the last edge, else the policy's victim
 *    as registered at the last edge; a use is recorded one edge late (the
 *    touch is registered), and the victim is registered from the tree the
 *    recorded use makes. So a use reaches the fill slot two edges later.
 *
 * Tree pseudo-LRU: ENTRIES-1 bits in heap order (root 0, children of node n
 * are 2n+1 and 2n+2); node n at depth d covers the entries whose top d index
 * bits equal n - (2^d - 1). Each bit names the half of its subtree to evict
 * from (1: right, 0: left); a use sets every bit on its path to point away
 * from it; the victim follows the bits from the root. All bits are 0 after
 * reset (victim 0). */
#ifndef RVMMU_TLB_POLICY_H
#define RVMMU_TLB_POLICY_H

#include <stdint.h>

typedef enum {
    TLB_POLICY_TREE_PLRU = 0,   /* the RTL's (rtl/rvmmu_plru.sv) */
    /* True LRU: the victim is the entry whose last use (hit or fill) is the
     * oldest. After reset the order is 0 (oldest), 1, ..., entries-1. */
    TLB_POLICY_LRU,
    /* FIFO: the victim is the entry filled the longest ago; hits do not
     * count. After reset the order is 0 (oldest), 1, ..., entries-1. */
    TLB_POLICY_FIFO,
    /* Random: the victim is rng % entries, rng a xorshift64 state (shifts
     * 13, 7, 17) started at splitmix64(seed) (a state of 0 is replaced by
     * 0x9e3779b97f4a7c15); every fill steps it once, hits do not. */
    TLB_POLICY_RANDOM,
} tlb_policy_kind;

typedef struct {
    tlb_policy_kind kind;
    int entries;                /* TREE_PLRU: a power of two, at least 2; others: at least 1 */
    int idx_w;                  /* TREE_PLRU: log2(entries) */
    unsigned char *tree;        /* TREE_PLRU: entries - 1 bits, heap order */
    int *prev, *next;           /* LRU, FIFO: the order, a doubly linked list (-1: none) */
    int head, tail;             /* LRU, FIFO: oldest (the victim), newest */
    uint64_t seed;              /* RANDOM: the seed (reset goes back to it) */
    uint64_t rng;               /* RANDOM: the xorshift64 state */
} tlb_policy;

/* Set up a policy over `entries` entries, in its reset state; 0 on success,
 * -1 if that policy cannot have that many entries (tree PLRU: a power of two,
 * at least 2; the others: at least 1), the kind is unknown or memory ran
 * out. RANDOM starts from seed 0 (tlb_policy_seed() to change it). */
int tlb_policy_init(tlb_policy *p, tlb_policy_kind kind, int entries);

/* Release a policy's memory (a zeroed or released policy is fine too). */
void tlb_policy_free(tlb_policy *p);

/* Back to the state after reset. */
void tlb_policy_reset(tlb_policy *p);

/* Entry idx (0 <= idx < entries) was used. TREE_PLRU: a hit or a fill (the
 * RTL does not tell them apart); LRU: the same; FIFO, RANDOM: a hit (no
 * effect: use tlb_policy_fill() for a fill). */
void tlb_policy_touch(tlb_policy *p, int idx);

/* Entry idx (0 <= idx < entries) was filled. TREE_PLRU, LRU: the same as
 * tlb_policy_touch(); FIFO: idx becomes the newest; RANDOM: the state steps. */
void tlb_policy_fill(tlb_policy *p, int idx);

/* RANDOM: the seed, and back to the reset state with it (other kinds: the
 * seed is kept, nothing else changes). */
void tlb_policy_seed(tlb_policy *p, uint64_t seed);

/* The entry the policy evicts now. */
int tlb_policy_victim(const tlb_policy *p);

/* The RTL's replacement, edge by edge (the registers of rvmmu_tlb's slot
 * choice and of rvmmu_plru). */
typedef struct {
    tlb_policy pol;             /* tree_q */
    int touch_q, touch_idx_q;   /* the use of the last cycle, not yet in the tree */
    int victim_q;               /* victim of the tree at the last edge */
    int any_inv_q, inv_slot_q;  /* first invalid entry at the last edge */
} tlb_repl;

/* Set up, in the reset state; 0 on success, -1 as tlb_policy_init or if kind
 * is not TLB_POLICY_TREE_PLRU (the RTL's only policy). */
int tlb_repl_init(tlb_repl *r, tlb_policy_kind kind, int entries);

void tlb_repl_free(tlb_repl *r);

/* The state after a reset: every entry invalid, tree all zero, no use pending. */
void tlb_repl_reset(tlb_repl *r);

/* The slot a fill made in the current cycle writes. */
int tlb_repl_fill_slot(const tlb_repl *r);

/* One clock edge. valid[i]: entry i valid in the current cycle (before the
 * edge); touch: an entry was used in the current cycle (a fill, else a hit),
 * touch_idx: which one. */
void tlb_repl_edge(tlb_repl *r, const int *valid, int touch, int touch_idx);

#endif
