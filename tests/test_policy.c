/* test_policy.c -- unit test of lib/tlb_policy.c: the tree pseudo-LRU and
 * the RTL's clocked replacement, against sequences computed by hand from the
 * description in rtl/rvmmu_plru.sv and rtl/rvmmu_tlb.sv (heap-order tree,
 * 1 = evict from the right half, a use points its path away from itself;
 * first invalid slot of the last edge, else the victim registered at the
 * last edge; a use recorded one edge late).
 *
 * Then the other policies (true LRU, FIFO, random) and lib/tlbsim.c (the TLB
 * on mapping ids, Belady's OPT), against sequences computed by hand from
 * their definitions in docs/policies.md, independent models written here
 * (timestamps; a dynamic program over every eviction choice for OPT), and
 * properties: OPT never loses, LRU's inclusion, the cyclic worst case,
 * FIFO's anomaly.
 *
 * `test_policy --bench N D` times N pushes over D mappings instead. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include "tlb_policy.h"
#include "tlbsim.h"

#define TEST_STRERROR(e) ((void)(e), "")   /* no error codes here */
#include "testcheck.h"

static void t_bad_sizes(tctx *t)
{
    tlb_policy p;
    CHECK_EQ(t, tlb_policy_init(&p, TLB_POLICY_TREE_PLRU, 0), -1);
    CHECK_EQ(t, tlb_policy_init(&p, TLB_POLICY_TREE_PLRU, 1), -1);
    CHECK_EQ(t, tlb_policy_init(&p, TLB_POLICY_TREE_PLRU, 3), -1);
    CHECK_EQ(t, tlb_policy_init(&p, TLB_POLICY_TREE_PLRU, 24), -1);
    tlb_policy_free(&p);
    /* The other kinds: any size from 1. */
    static const tlb_policy_kind kinds[] = {TLB_POLICY_LRU, TLB_POLICY_FIFO, TLB_POLICY_RANDOM};
    for (int k = 0; k < 3; k++) {
        CHECK_EQ(t, tlb_policy_init(&p, kinds[k], 0), -1);
        CHECK_EQ(t, tlb_policy_init(&p, kinds[k], -3), -1);
        for (int n = 1; n <= 5; n++) {
            CHECK_EQ(t, tlb_policy_init(&p, kinds[k], n), 0);
            CHECK(t, tlb_policy_victim(&p) >= 0 && tlb_policy_victim(&p) < n);
            tlb_policy_free(&p);
        }
        CHECK(t, tlbsim_new(kinds[k], 0, 1) == NULL);
        tlbsim *s = tlbsim_new(kinds[k], 3, 1);
        CHECK(t, s != NULL);
        tlbsim_free(s);
    }
    CHECK_EQ(t, tlb_policy_init(&p, (tlb_policy_kind)99, 4), -1);
    CHECK(t, tlbsim_new(TLB_POLICY_TREE_PLRU, 3, 1) == NULL);
    CHECK(t, tlbsim_new(TLB_POLICY_TREE_PLRU, 1, 1) == NULL);
    /* tlb_repl is the RTL's: tree PLRU only. */
    tlb_repl r;
    CHECK_EQ(t, tlb_repl_init(&r, TLB_POLICY_LRU, 4), -1);
    tlb_repl_free(&r);
}

/* 2 entries: one bit; the victim is the entry not used last. */
static void t_plru2(tctx *t)
{
    tlb_policy p;
    CHECK_EQ(t, tlb_policy_init(&p, TLB_POLICY_TREE_PLRU, 2), 0);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_touch(&p, 0);
    CHECK_EQ(t, tlb_policy_victim(&p), 1);
    tlb_policy_touch(&p, 1);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_touch(&p, 1);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_reset(&p);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_free(&p);
}

/* 4 entries: root b0 (0: left pair 0-1), b1 over 0-1, b2 over 2-3. */
static void t_plru4(tctx *t)
{
    tlb_policy p;
    CHECK_EQ(t, tlb_policy_init(&p, TLB_POLICY_TREE_PLRU, 4), 0);
    /* Filling at the victim from reset: 0 (b0=1 b1=1) -> 2 (b0=0 b2=1) ->
     * 1 (b0=1 b1=0) -> 3 (b0=0 b2=0) -> 0. */
    static const int fills[] = {0, 2, 1, 3, 0};
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(t, tlb_policy_victim(&p), fills[i]);
        tlb_policy_touch(&p, fills[i]);
    }
    CHECK_EQ(t, tlb_policy_victim(&p), fills[4]);
    /* Uses 0,1,2,3 then a hit on 1: the tree evicts 2 (b0=1 -> right,
     * b2=0 -> 2) where true LRU would evict 0: pseudo, not true, LRU. */
    tlb_policy_reset(&p);
    for (int i = 0; i < 4; i++) tlb_policy_touch(&p, i);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_touch(&p, 1);
    CHECK_EQ(t, tlb_policy_victim(&p), 2);
    /* The entry just used is never the victim. */
    for (int i = 0; i < 4; i++) {
        tlb_policy_touch(&p, i);
        CHECK(t, tlb_policy_victim(&p) != i);
    }
    tlb_policy_free(&p);
}

/* 16 entries: 15 bits; nodes 0 | 1 2 | 3..6 | 7..14. */
static void t_plru16(tctx *t)
{
    tlb_policy p;
    CHECK_EQ(t, tlb_policy_init(&p, TLB_POLICY_TREE_PLRU, 16), 0);
    /* By hand: touch 0 sets n0 n1 n3 n7 -> victim 8; touch 8 clears n0,
     * sets n2 n5 n11 -> 4; touch 4: n0=1 n1=0 n4=1 n9=1 -> 12; touch 12:
     * n0=0 n2=0 n6=1 n13=1 -> 2; touch 2: n0=1 n1=1 n3=0 n8=1 -> 10. Filling
     * at the victim every time walks the entries in bit-reversed order. */
    static const int fills[] = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15, 0};
    for (int i = 0; i < 16; i++) {
        CHECK_EQ(t, tlb_policy_victim(&p), fills[i]);
        tlb_policy_touch(&p, fills[i]);
    }
    CHECK_EQ(t, tlb_policy_victim(&p), fills[16]);
    /* With hits: touch 0, then 1 (n7=0; n0 n1 n3 stay 1) -> 8; then 15
     * (n0=0 n2=0 n6=0 n14=0) -> left, n1=1 -> right, n4=0, n9=0 -> 4. */
    tlb_policy_reset(&p);
    tlb_policy_touch(&p, 0);
    tlb_policy_touch(&p, 1);
    CHECK_EQ(t, tlb_policy_victim(&p), 8);
    tlb_policy_touch(&p, 15);
    CHECK_EQ(t, tlb_policy_victim(&p), 4);
    tlb_policy_free(&p);
}

/* The clocked model: fill slots from the registers of the last edge. */
static void t_repl_timing(tctx *t)
{
    tlb_repl r;
    int v[4] = {0, 0, 0, 0};
    CHECK_EQ(t, tlb_repl_init(&r, TLB_POLICY_TREE_PLRU, 4), 0);
    /* After reset: every entry invalid, slot 0. */
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 0);
    tlb_repl_edge(&r, v, 1, 0);            /* fill slot 0 */
    v[0] = 1;
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 0); /* slot 0 was still invalid at that edge */
    tlb_repl_edge(&r, v, 0, 0);
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 1); /* first invalid */
    /* All valid: the tree decides; the fill of 0 is in it (victim 2). */
    v[1] = v[2] = v[3] = 1;
    tlb_repl_edge(&r, v, 0, 0);
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 2);
    /* A hit on 3 at this cycle: not seen at the next edge's slot, seen two
     * edges later (b0=0 -> left, b1=1 -> 1). */
    tlb_repl_edge(&r, v, 1, 3);
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 2);
    tlb_repl_edge(&r, v, 0, 0);
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 1);
    /* Back-to-back hits on 2 then 0, each in the tree an edge after it:
     * after the first edge neither (1), then 2 (b0=0 b2=1 -> left, b1=1 ->
     * 1), then 0 too (b0=1 b1=1 -> right, b2=1 -> 3). */
    tlb_repl_edge(&r, v, 1, 2);
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 1);
    tlb_repl_edge(&r, v, 1, 0);
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 1);
    tlb_repl_edge(&r, v, 0, 0);
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 3);
    /* An entry flushed this cycle is invalid for the fill after the next edge. */
    v[2] = 0;
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 3);
    tlb_repl_edge(&r, v, 0, 0);
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 2);
    /* Slot 2 refilled: a fill is a use too. */
    v[2] = 1;
    tlb_repl_edge(&r, v, 1, 2);
    tlb_repl_edge(&r, v, 0, 0);
    tlb_repl_edge(&r, v, 0, 0);
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 1);  /* b0=0 b2=1: left, b1=1 -> 1 */
    tlb_repl_reset(&r);
    CHECK_EQ(t, tlb_repl_fill_slot(&r), 0);
    tlb_repl_free(&r);
}

/* ------------------------------------------------------------------ LRU, FIFO, random */

/* True LRU, 4 entries, order oldest first; after reset 0 1 2 3. */
static void t_lru4(tctx *t)
{
    tlb_policy p;
    CHECK_EQ(t, tlb_policy_init(&p, TLB_POLICY_LRU, 4), 0);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_touch(&p, 2);               /* 0 1 3 2 */
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_touch(&p, 0);               /* 1 3 2 0 */
    CHECK_EQ(t, tlb_policy_victim(&p), 1);
    tlb_policy_fill(&p, 1);                /* 3 2 0 1: a fill is a use */
    CHECK_EQ(t, tlb_policy_victim(&p), 3);
    tlb_policy_touch(&p, 3);               /* 2 0 1 3 */
    CHECK_EQ(t, tlb_policy_victim(&p), 2);
    tlb_policy_touch(&p, 3);               /* the newest again: 2 0 1 3 */
    CHECK_EQ(t, tlb_policy_victim(&p), 2);
    /* Uses 0,1,2,3 then a hit on 1 (t_plru4's sequence): true LRU evicts 0
     * (order 0 2 3 1), where the tree evicts 2. */
    for (int i = 0; i < 4; i++) tlb_policy_touch(&p, i);
    tlb_policy_touch(&p, 1);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_reset(&p);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_free(&p);
    /* One entry: always 0. */
    CHECK_EQ(t, tlb_policy_init(&p, TLB_POLICY_LRU, 1), 0);
    tlb_policy_touch(&p, 0);
    tlb_policy_fill(&p, 0);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_free(&p);
}

/* FIFO, 3 entries: fills order the entries, hits do not. */
static void t_fifo3(tctx *t)
{
    tlb_policy p;
    CHECK_EQ(t, tlb_policy_init(&p, TLB_POLICY_FIFO, 3), 0);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);  /* 0 1 2 */
    tlb_policy_touch(&p, 0);                 /* a hit: still 0 1 2 */
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_fill(&p, 0);                  /* 1 2 0 */
    CHECK_EQ(t, tlb_policy_victim(&p), 1);
    tlb_policy_touch(&p, 1);
    tlb_policy_touch(&p, 2);
    CHECK_EQ(t, tlb_policy_victim(&p), 1);
    tlb_policy_fill(&p, 2);                  /* 1 0 2 */
    CHECK_EQ(t, tlb_policy_victim(&p), 1);
    tlb_policy_fill(&p, 1);                  /* 0 2 1 */
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_free(&p);
}

/* Random: xorshift64 (13, 7, 17) from splitmix64(seed), victim rng % entries,
 * a step per fill. Reference values: Marsaglia's "Xorshift RNGs" (2003)
 * xor64() starts at 88172645463325252 = 0x0139408dcbbf7a44 and returns
 * 8748534153485358512 = 0x79690975fbde15b0, 3040900993826735515 =
 * 0x2a337357ae2cc59b, 3453997556048239312 = 0x2fef107a27529ad0; splitmix64
 * from seed 0 first gives 0xe220a8397b1dcdaf. With 16 entries the victim is
 * the last hex digit. */
static void t_random(tctx *t)
{
    tlb_policy p;
    CHECK_EQ(t, tlb_policy_init(&p, TLB_POLICY_RANDOM, 16), 0);
    CHECK_EQ(t, p.rng, 0xe220a8397b1dcdafull);
    CHECK_EQ(t, tlb_policy_victim(&p), 0xf);
    p.rng = 88172645463325252ull;
    CHECK_EQ(t, tlb_policy_victim(&p), 4);
    tlb_policy_touch(&p, 3);                 /* hits do not step */
    CHECK_EQ(t, tlb_policy_victim(&p), 4);
    tlb_policy_fill(&p, 4);
    CHECK_EQ(t, p.rng, 8748534153485358512ull);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    tlb_policy_fill(&p, 0);
    CHECK_EQ(t, p.rng, 3040900993826735515ull);
    CHECK_EQ(t, tlb_policy_victim(&p), 11);
    tlb_policy_fill(&p, 11);
    CHECK_EQ(t, p.rng, 3453997556048239312ull);
    CHECK_EQ(t, tlb_policy_victim(&p), 0);
    /* Reset goes back to the seed's start; a seed is reproducible. */
    tlb_policy_reset(&p);
    CHECK_EQ(t, p.rng, 0xe220a8397b1dcdafull);
    tlb_policy q;
    CHECK_EQ(t, tlb_policy_init(&q, TLB_POLICY_RANDOM, 16), 0);
    tlb_policy_seed(&p, 7);
    tlb_policy_seed(&q, 7);
    int same = 1, counts[16] = {0};
    for (int i = 0; i < 16000; i++) {
        same &= tlb_policy_victim(&p) == tlb_policy_victim(&q);
        counts[tlb_policy_victim(&p)]++;
        tlb_policy_fill(&p, 0);
        tlb_policy_fill(&q, 0);
    }
    CHECK(t, same);
    /* Each of 16 victims about 1000 times (a binomial's sd is ~31). */
    for (int i = 0; i < 16; i++) CHECK(t, counts[i] > 850 && counts[i] < 1150);
    /* Another seed, another sequence. */
    tlb_policy_seed(&q, 8);
    tlb_policy_seed(&p, 7);
    int differ = 0;
    for (int i = 0; i < 64; i++) {
        differ |= tlb_policy_victim(&p) != tlb_policy_victim(&q);
        tlb_policy_fill(&p, 0);
        tlb_policy_fill(&q, 0);
    }
    CHECK(t, differ);
    tlb_policy_free(&q);
    tlb_policy_free(&p);
}

/* ------------------------------------------------------------------ tlbsim by hand */

/* Run ids[0..n) (fill=1) through a fresh tlbsim; misses, slots into slots[] (unless NULL). */
static uint64_t run_ids(tlb_policy_kind kind, int entries, const uint64_t *ids, int n, int *slots)
{
    tlbsim *s = tlbsim_new(kind, entries, 1);
    if (!s) return UINT64_MAX;
    for (int i = 0; i < n; i++) tlbsim_access(s, ids[i], 1, slots ? &slots[i] : NULL);
    uint64_t m = tlbsim_misses(s);
    tlbsim_free(s);
    return m;
}

static uint64_t run_opt(int entries, const uint64_t *ids, int n)
{
    opt_stream *o = opt_new();
    if (!o) return UINT64_MAX;
    for (int i = 0; i < n; i++) opt_push(o, ids[i], 1);
    uint64_t m = opt_misses(o, entries);
    opt_free(o);
    return m;
}

static const uint64_t anomaly[12] = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};

/* The classic sequence 1 2 3 4 1 2 5 1 2 3 4 5 (m: miss, h: hit; the
 * resident set oldest first):
 * FIFO, 3 entries: 1m 2m 3m 4m(-1) 1m(-2) 2m(-3) 5m(-4) 1h 2h 3m(-1) 4m(-2) 5h: 9.
 * FIFO, 4 entries: 1m 2m 3m 4m 1h 2h 5m(-1) 1m(-2) 2m(-3) 3m(-4) 4m(-5) 5m(-1): 10:
 * more entries, more misses (Belady's anomaly).
 * LRU, 3: 1m 2m 3m 4m(-1) 1m(-2) 2m(-3) 5m(-4) 1h 2h 3m(-5) 4m(-1) 5m(-2): 10.
 * LRU, 4: 1m 2m 3m 4m 1h 2h 5m(-3) 1h 2h 3m(-4) 4m(-5) 5m(-1): 8.
 * OPT, 3: 1m 2m 3m 4m(-3: next use 10th, 1 at 5th, 2 at 6th) 1h 2h 5m(-4: 4 at
 * 11th, 1 at 8th, 2 at 9th) 1h 2h 3m(-1 or -2: never again) 4m(-the other) 5h: 7.
 * OPT, 4: 1m 2m 3m 4m 1h 2h 5m(-4: 11th is the farthest) 1h 2h 3h 4m(-1, 2 or
 * 3: never again) 5h: 6. */
static void t_anomaly(tctx *t)
{
    CHECK_EQ(t, run_ids(TLB_POLICY_FIFO, 3, anomaly, 12, NULL), 9);
    CHECK_EQ(t, run_ids(TLB_POLICY_FIFO, 4, anomaly, 12, NULL), 10);
    CHECK_EQ(t, run_ids(TLB_POLICY_LRU, 3, anomaly, 12, NULL), 10);
    CHECK_EQ(t, run_ids(TLB_POLICY_LRU, 4, anomaly, 12, NULL), 8);
    CHECK_EQ(t, run_opt(3, anomaly, 12), 7);
    CHECK_EQ(t, run_opt(4, anomaly, 12), 6);
    /* FIFO's slots, 3 entries: 1 2 3 in 0 1 2 (invalid first), then the
     * oldest fill each time: 4->0 1->1 2->2 5->0 (1, 2 hits) 3->1 4->2 (5 hit in 0). */
    int slots[12];
    run_ids(TLB_POLICY_FIFO, 3, anomaly, 12, slots);
    static const int want[12] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 1, 2, 0};
    for (int i = 0; i < 12; i++) CHECK_EQ(t, slots[i], want[i]);
}

/* One access of tlbsim s: hit (1) or miss (0), and the slot it hit or filled (-1: none). */
#define CHECK_ACCESS(t, s, id, fill, hit, slot) do { \
        int slot_; \
        CHECK_EQ(t, tlbsim_access(s, id, fill, &slot_), hit); \
        CHECK_EQ(t, slot_, slot); \
    } while (0)

/* tlbsim's slots: invalid first, then the victim; fill=0; flush; invalidate. */
static void t_tlbsim_hand(tctx *t)
{
    /* LRU, 3 entries: A B C fill 0 1 2; A hits (order B C A); D evicts B
     * (slot 1); B evicts C (slot 2); A hits. 5 misses in 6... */
    tlbsim *s = tlbsim_new(TLB_POLICY_LRU, 3, 0);
    CHECK_ACCESS(t, s, 0xa, 1, 0, 0);
    CHECK_ACCESS(t, s, 0xb, 1, 0, 1);
    CHECK_ACCESS(t, s, 0xc, 1, 0, 2);
    CHECK_ACCESS(t, s, 0xa, 1, 1, 0);
    CHECK_ACCESS(t, s, 0xd, 1, 0, 1);
    CHECK_ACCESS(t, s, 0xb, 1, 0, 2);
    CHECK_ACCESS(t, s, 0xa, 0, 1, 0);   /* resident: a hit whatever fill says */
    CHECK_EQ(t, tlbsim_accesses(s), 7);
    CHECK_EQ(t, tlbsim_misses(s), 5);
    /* fill=0 on a mapping not resident: a miss, nothing written. Order now
     * D B A (A's hit above); E with fill=0 leaves it so. */
    CHECK_ACCESS(t, s, 0xe, 0, 0, -1);
    CHECK_ACCESS(t, s, 0xe, 0, 0, -1);
    CHECK_EQ(t, tlbsim_misses(s), 7);
    uint64_t id;
    CHECK_EQ(t, tlbsim_entry(s, 1, &id), 1);
    CHECK_EQ(t, id, 0xd);
    /* Invalidate B (slot 2): the next fill takes slot 2, not the victim D. */
    CHECK_EQ(t, tlbsim_invalidate(s, 0xb), 1);
    CHECK_EQ(t, tlbsim_invalidate(s, 0xb), 0);
    CHECK_EQ(t, tlbsim_entry(s, 2, NULL), 0);
    CHECK_ACCESS(t, s, 0xe, 1, 0, 2);
    /* Order D A E: F evicts D in slot 1. */
    CHECK_ACCESS(t, s, 0xf, 1, 0, 1);
    /* Flush: all invalid, fills from slot 0 again; the order is kept (A E F
     * oldest first, then 0 1 2 refilled in that order: G->0 H->1 I->2; J
     * evicts the oldest, slot 0). */
    tlbsim_flush(s);
    for (int i = 0; i < 3; i++) CHECK_EQ(t, tlbsim_entry(s, i, NULL), 0);
    CHECK_ACCESS(t, s, 0xa, 1, 0, 0);   /* A was resident: flushed */
    CHECK_ACCESS(t, s, 0x11, 1, 0, 1);
    CHECK_ACCESS(t, s, 0x12, 1, 0, 2);
    CHECK_ACCESS(t, s, 0x13, 1, 0, 0);
    tlbsim_free(s);

    /* Tree PLRU, 4 entries (t_plru4's tree): A B C D into 0 1 2 3 (invalid
     * first; each fill touches) -> victim 0; a hit on B -> victim 2. */
    s = tlbsim_new(TLB_POLICY_TREE_PLRU, 4, 0);
    for (uint64_t i = 0; i < 4; i++) tlbsim_access(s, 0xa + i, 1, NULL);
    CHECK_ACCESS(t, s, 0xb, 1, 1, 1);
    CHECK_ACCESS(t, s, 0xe, 1, 0, 2);
    tlbsim_free(s);

    /* Rewalks. Tree PLRU, 4 entries, A B C D in 0 1 2 3 (victim 0): a
     * rewalk of B with a fill takes the victim 0 (A out) and drops B's old
     * slot 1. A rewalk that faults (fill=0) changes nothing: B still hits in
     * slot 0; A, evicted, refills slot 1, the lowest invalid. */
    s = tlbsim_new(TLB_POLICY_TREE_PLRU, 4, 0);
    for (uint64_t i = 0; i < 4; i++) tlbsim_access(s, 0xa + i, 1, NULL);
    int rs;
    CHECK_EQ(t, tlbsim_rewalk(s, 0xb, 1, &rs), 0);
    CHECK_EQ(t, rs, 0);
    CHECK_EQ(t, tlbsim_entry(s, 1, NULL), 0);
    CHECK_EQ(t, tlbsim_rewalk(s, 0xb, 0, &rs), 0);
    CHECK_EQ(t, rs, -1);
    CHECK_ACCESS(t, s, 0xb, 1, 1, 0);
    CHECK_ACCESS(t, s, 0xa, 1, 0, 1);
    CHECK_EQ(t, tlbsim_misses(s), 7);
    tlbsim_free(s);
    /* LRU, 3 entries, A B in 0 1: a rewalk of A fills slot 2 (invalid,
     * chosen with A still valid), A's slot 0 is then free for C. */
    s = tlbsim_new(TLB_POLICY_LRU, 3, 0);
    tlbsim_access(s, 0xa, 1, NULL);
    tlbsim_access(s, 0xb, 1, NULL);
    CHECK_EQ(t, tlbsim_rewalk(s, 0xa, 1, &rs), 0);
    CHECK_EQ(t, rs, 2);
    CHECK_ACCESS(t, s, 0xc, 1, 0, 0);
    CHECK_ACCESS(t, s, 0xa, 1, 1, 2);
    tlbsim_free(s);

    /* Random, one entry: every fill evicts slot 0. */
    s = tlbsim_new(TLB_POLICY_RANDOM, 1, 0);
    CHECK_ACCESS(t, s, 1, 1, 0, 0);
    CHECK_ACCESS(t, s, 2, 1, 0, 0);   /* one entry: always 0 */
    tlbsim_free(s);
    /* Ids anywhere in 64 bits (0 and all ones are ids too). */
    s = tlbsim_new(TLB_POLICY_LRU, 2, 0);
    CHECK_EQ(t, tlbsim_access(s, 0, 1, NULL), 0);
    CHECK_EQ(t, tlbsim_access(s, UINT64_MAX, 1, NULL), 0);
    CHECK_EQ(t, tlbsim_access(s, 0, 1, NULL), 1);
    CHECK_EQ(t, tlbsim_access(s, UINT64_MAX, 1, NULL), 1);
    tlbsim_free(s);
}

/* ------------------------------------------------------------------ independent models */

/* The test's own generator (xorshift64*), apart from the policy's. */
static uint64_t trng(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 0x2545f4914f6cdd1dull;
}

/* An event of a generated stream. */
typedef struct {
    uint64_t id;
    int op;           /* 0: access, 1: invalidate id, 2: flush, 3: a walk even if resident (rewalk) */
    int fill;
} ev;

/* Stream shapes: 0 uniform over d ids, 1 Zipf-like (id = d*u^3, u uniform
 * in [0,1)), 2 a loop over d ids with noise.
 * fault: 0 every access fills; 1 demand paging (a mapping's first access
 * after its birth faults, fill=0, then fills) and now and then a fill=0
 * access on a resident mapping followed by its invalidation (copy on write);
 * 2 fill=0 anywhere (may be past OPT's proof). Flushes, invalidations and
 * rewalks (a store to a clean page) now and then when fault > 0. */
static int gen_stream(ev *e, int n, int d, int shape, int fault, uint64_t seed)
{
    uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
    unsigned char *born = calloc((size_t)d, 1);
    int k = 0;
    for (int i = 0; i < n && k < n; i++) {
        uint64_t r = trng(&x);
        int id;
        if (shape == 0) id = (int)(r % (uint64_t)d);
        else if (shape == 1) {
            double u = (double)(r >> 11) / 9007199254740992.0;
            id = (int)(d * u * u * u);   /* density ~ x^(-2/3): the low ids dominate */
        } else id = (r % 8 == 0) ? (int)(r / 8 % (uint64_t)d) : i % d;
        uint64_t mid = (uint64_t)id * 0x1000 + 7;   /* structured like a page's id */
        if (fault == 0) {
            e[k++] = (ev){mid, 0, 1};
            continue;
        }
        uint64_t r2 = trng(&x);
        if (r2 % 97 == 0) {
            e[k++] = (ev){0, 2, 0};
            continue;
        }
        if (r2 % 31 == 0) {
            e[k++] = (ev){mid, 1, 0};
            born[id] = 0;
            continue;
        }
        if (r2 / 31 % 17 == 1 && born[id]) {
            e[k++] = (ev){mid, 3, (int)(r2 >> 40 & 1)};
            continue;
        }
        if (fault == 2) {
            e[k++] = (ev){mid, 0, (int)(r2 / 31 % 4 != 0)};
            continue;
        }
        if (!born[id]) {
            e[k++] = (ev){mid, 0, 0};                 /* demand fault */
            if (k < n) e[k++] = (ev){mid, 0, 1};
            born[id] = 1;
        } else if (r2 / 31 % 23 == 0) {
            e[k++] = (ev){mid, 0, 0};                 /* a write to a read-only page */
            if (k < n) e[k++] = (ev){mid, 1, 0};      /* the kernel's sfence.vma */
            born[id] = 0;
        } else {
            e[k++] = (ev){mid, 0, 1};
        }
    }
    free(born);
    return k;
}

/* Indexed by tlb_policy_kind. */
static const tlb_policy_kind all_kinds[] = {TLB_POLICY_TREE_PLRU, TLB_POLICY_LRU, TLB_POLICY_FIFO,
                                            TLB_POLICY_RANDOM};
static const char *const kind_names[] = {"plru", "lru", "fifo", "random"};

/* The test's own TLB: the lowest invalid slot first, else LRU or FIFO by
 * timestamps (the valid slot with the smallest stamp: its last use, or its
 * fill), or tree PLRU from tlb_policy driven as the RTL drives it (a touch on
 * a hit and on a fill). */
typedef struct {
    tlb_policy_kind kind;
    int n;
    uint64_t id[64], stamp[64], now;
    int valid[64];
    tlb_policy plru;
} model;

/* An access (rewalk: a miss even if resident); 1 on a hit, *slot as tlbsim. */
static int model_access(model *m, uint64_t id, int fill, int rewalk, int *slot)
{
    m->now++;
    int r = -1;
    for (int i = 0; i < m->n; i++)
        if (m->valid[i] && m->id[i] == id) r = i;
    if (r >= 0 && !rewalk) {
        if (m->kind == TLB_POLICY_LRU) m->stamp[r] = m->now;
        if (m->kind == TLB_POLICY_TREE_PLRU) tlb_policy_touch(&m->plru, r);
        *slot = r;
        return 1;
    }
    *slot = -1;
    if (!fill) return 0;
    int s = -1;
    for (int i = m->n - 1; i >= 0; i--)
        if (!m->valid[i]) s = i;
    if (s < 0 && m->kind == TLB_POLICY_TREE_PLRU) s = tlb_policy_victim(&m->plru);
    if (s < 0) {
        s = 0;
        for (int i = 1; i < m->n; i++)
            if (m->stamp[i] < m->stamp[s]) s = i;
    }
    if (r >= 0) m->valid[r] = 0;   /* a rewalk's fill overlaps the old entry */
    m->valid[s] = 1;
    m->id[s] = id;
    m->stamp[s] = m->now;
    if (m->kind == TLB_POLICY_TREE_PLRU) tlb_policy_touch(&m->plru, s);
    *slot = s;
    return 0;
}

/* tlbsim slot for slot against the model: LRU and FIFO (1 to 9 entries),
 * tree PLRU (2 to 16), with fill=0, rewalks, invalidations and flushes. */
static void t_models(tctx *t)
{
    static ev e[20000];
    static const tlb_policy_kind kinds[] = {TLB_POLICY_LRU, TLB_POLICY_FIFO, TLB_POLICY_TREE_PLRU};
    int bad = 0;
    for (int run = 0; run < 24 && !bad; run++) {
        int n = gen_stream(e, 20000, 3 + run, run % 3, 1 + run % 2, 100 + (uint64_t)run);
        for (int k = 0; k < 3; k++) {
            model m = {.kind = kinds[k], .n = kinds[k] == TLB_POLICY_TREE_PLRU ? 2 << run % 4 : 1 + run % 9};
            if (m.kind == TLB_POLICY_TREE_PLRU) tlb_policy_init(&m.plru, m.kind, m.n);
            tlbsim *s = tlbsim_new(m.kind, m.n, 0);
            for (int i = 0; i < n && !bad; i++) {
                if (e[i].op == 2) {
                    tlbsim_flush(s);
                    memset(m.valid, 0, sizeof m.valid);
                } else if (e[i].op == 1) {
                    tlbsim_invalidate(s, e[i].id);
                    for (int j = 0; j < m.n; j++)
                        if (m.id[j] == e[i].id) m.valid[j] = 0;
                } else {
                    int s1, s2, rw = e[i].op == 3;
                    int h1 = rw ? tlbsim_rewalk(s, e[i].id, e[i].fill, &s1) : tlbsim_access(s, e[i].id, e[i].fill, &s1);
                    int h2 = model_access(&m, e[i].id, e[i].fill, rw, &s2);
                    if (h1 != h2 || s1 != s2) {
                        printf("    run %d %s %d event %d: tlbsim %d/%d, model %d/%d\n", run,
                               kind_names[m.kind], m.n, i, h1, s1, h2, s2);
                        bad = 1;
                    }
                }
            }
            tlbsim_free(s);
            tlb_policy_free(&m.plru);
        }
    }
    CHECK(t, !bad);
}

/* OPT by dynamic programming over every choice: best(i, resident set) = the
 * fewest misses from event i on; ids 0..7 (a byte of residents). */
static uint64_t opt_dp(const ev *e, int n, int entries)
{
    /* cost[i][mask], from the end back. */
    static uint32_t cost[2][256];
    for (int m = 0; m < 256; m++) cost[n & 1][m] = 0;
    for (int i = n - 1; i >= 0; i--) {
        uint32_t *c = cost[i & 1];
        const uint32_t *nx = cost[(i + 1) & 1];
        for (int m = 0; m < 256; m++) {
            if (__builtin_popcount((unsigned)m) > entries) continue;
            int b = 1 << (int)e[i].id;
            if (e[i].op == 2) c[m] = nx[0];
            else if (e[i].op == 1) c[m] = nx[m & ~b];
            else if (e[i].op == 3 && (!e[i].fill || (m & b))) c[m] = 1 + nx[m];   /* resident or not, a miss */
            else if (m & b) c[m] = nx[m];
            else if (!e[i].fill) c[m] = 1 + nx[m];
            else if (__builtin_popcount((unsigned)m) < entries) c[m] = 1 + nx[m | b];
            else {
                uint32_t best = UINT32_MAX;
                for (int v = 0; v < 8; v++)
                    if ((m >> v & 1) && nx[(m & ~(1 << v)) | b] < best) best = nx[(m & ~(1 << v)) | b];
                c[m] = 1 + best;
            }
        }
    }
    return cost[0][0];
}

static opt_stream *opt_of(const ev *e, int n)
{
    opt_stream *o = opt_new();
    for (int i = 0; i < n; i++) {
        if (e[i].op == 2) opt_flush(o);
        else if (e[i].op == 1) opt_invalidate(o, e[i].id);
        else if (e[i].op == 3) opt_rewalk(o, e[i].id, e[i].fill);
        else opt_push(o, e[i].id, e[i].fill);
    }
    return o;
}

/* OPT's collapsing, fill=0, invalidation and flush, by hand. Events:
 * {id, 0, fill} an access, {id, 1, 0} invalidate id, {0, 2, 0} a flush. */
static void t_opt_hand(tctx *t)
{
    /* A A A B A with one entry: A m, A A h (repeats), B m, A m: 3 misses,
     * 3 elements stored; 2 entries: A B m; none: all 5. */
    static const ev s1[] = {{0xa, 0, 1}, {0xa, 0, 1}, {0xa, 0, 1}, {0xb, 0, 1}, {0xa, 0, 1}};
    opt_stream *o = opt_of(s1, 5);
    CHECK_EQ(t, opt_accesses(o), 5);
    CHECK_EQ(t, opt_length(o), 3);
    CHECK_EQ(t, opt_misses(o, 1), 3);
    CHECK_EQ(t, opt_misses(o, 2), 2);
    CHECK_EQ(t, opt_misses(o, 0), 5);
    CHECK_EQ(t, opt_exact(o), 1);
    opt_free(o);

    /* C(fill=0) C(fill=0) C C C(fill=0): a miss, a miss (the first may have
     * left nothing), a miss that fills, two repeats (hits): 3 misses, 3
     * stored; exact (C was not filled before its fill=0 accesses). */
    static const ev s2[] = {{0xc, 0, 0}, {0xc, 0, 0}, {0xc, 0, 1}, {0xc, 0, 1}, {0xc, 0, 0}};
    o = opt_of(s2, 5);
    CHECK_EQ(t, opt_length(o), 3);
    CHECK_EQ(t, opt_misses(o, 4), 3);
    CHECK_EQ(t, opt_exact(o), 1);
    opt_free(o);

    /* 2 entries: A B inv(A) A: the second A misses (3); then B hits (3);
     * flush, B: a repeat, but after a flush: a miss (4). */
    static const ev s3[] = {{0xa, 0, 1}, {0xb, 0, 1}, {0xa, 1, 0}, {0xa, 0, 1}, {0xb, 0, 1}, {0, 2, 0},
                            {0xb, 0, 1}};
    static const uint64_t want3[] = {0, 0, 0, 3, 3, 0, 4};
    for (int n = 4; n <= 7; n++) {
        if (n == 6) continue;
        o = opt_of(s3, n);
        CHECK_EQ(t, opt_misses(o, 2), want3[n - 1]);
        opt_free(o);
    }

    /* An invalidated mapping is dead: with 2 entries, A B inv(B) C A B: C
     * evicts B (never used again in this life), not A (used next): A B C m,
     * A h, B m (a new life): 4; evicting A instead would give 5. */
    static const ev s4[] = {{0xa, 0, 1}, {0xb, 0, 1}, {0xb, 1, 0}, {0xc, 0, 1}, {0xa, 0, 1}, {0xb, 0, 1}};
    o = opt_of(s4, 6);
    CHECK_EQ(t, opt_misses(o, 2), 4);
    opt_free(o);

    /* Rewalks: A rw0(A) A with one entry: A m, the rewalk m (A stays), A h
     * (still a repeat: 1 stored), 2 misses. A B rw1(A) B A with 2 entries:
     * A B m, the rewalk m (A refilled), B h, A h: 3. */
    static const ev s5[] = {{0xa, 0, 1}, {0xa, 3, 0}, {0xa, 0, 1}};
    o = opt_of(s5, 3);
    CHECK_EQ(t, opt_accesses(o), 3);
    CHECK_EQ(t, opt_length(o), 1);
    CHECK_EQ(t, opt_misses(o, 1), 2);
    opt_free(o);
    static const ev s6[] = {{0xa, 0, 1}, {0xb, 0, 1}, {0xa, 3, 1}, {0xb, 0, 1}, {0xa, 0, 1}};
    o = opt_of(s6, 5);
    CHECK_EQ(t, opt_misses(o, 2), 3);
    CHECK_EQ(t, opt_misses(o, 1), 5);   /* A m, B m, rw A m, B m, A m */
    opt_free(o);
}

/* OPT equals the exhaustive optimum on small streams it calls exact (over 8
 * ids, 1 to 4 entries), and the ones it does not call exact include some
 * Belady's rule loses on. */
static void t_opt_dp(tctx *t)
{
    ev e[40];
    int exact = 0, inexact = 0, beaten = 0, bad = 0;
    uint64_t x = 12345;
    for (int run = 0; run < 3000 && !bad; run++) {
        int n = 4 + (int)(trng(&x) % 36), mode = (int)(trng(&x) % 4), d = 2 + (int)(trng(&x) % 7);
        for (int i = 0; i < n; i++) {
            uint64_t r = trng(&x);
            e[i] = (ev){r % (uint64_t)d, 0, 1};
            if (mode > 0 && r / 8 % 13 == 0) e[i].op = 1;
            if (mode > 0 && r / 8 % 29 == 0) e[i].op = 2;
            if (mode > 0 && r / 8 % 17 == 0) e[i] = (ev){r % (uint64_t)d, 3, (int)(r >> 40 & 1)};
            if (mode == 2 && r / 8 % 4 == 1) e[i].fill = 0;
            /* Mode 3, the kernel's way: a fill=0 access (resident or not)
             * followed by the mapping's invalidation (copy on write). */
            if (mode == 3 && r / 8 % 5 == 1 && i + 1 < n) {
                e[i].fill = 0;
                e[i + 1] = (ev){e[i].id, 1, 0};
                i++;
            }
        }
        opt_stream *o = opt_of(e, n);
        for (int k = 1; k <= 4; k++) {
            uint64_t got = opt_misses(o, k), want = opt_dp(e, n, k);
            if (opt_exact(o)) {
                if (got != want) {
                    printf("    run %d, %d entries: opt_misses %llu, exhaustive %llu\n", run, k,
                           (unsigned long long)got, (unsigned long long)want);
                    bad = 1;
                }
            } else if (got < want) {
                printf("    run %d, %d entries: opt_misses %llu below the optimum %llu\n", run, k,
                       (unsigned long long)got, (unsigned long long)want);
                bad = 1;
            } else if (got > want) {
                beaten = 1;
            }
        }
        if (opt_exact(o)) exact++;
        else inexact++;
        opt_free(o);
    }
    CHECK(t, !bad);
    CHECK(t, exact > 1000 && inexact > 100);
    /* Past the proof: 2 entries holding X Y, Z fills (Belady evicts X, used
     * later), then Y, X(fill=0), X: Belady 1+2 more misses, keeping X
     * instead: Y's miss only. opt_exact must say so. */
    static const ev cex[] = {{0, 0, 1}, {1, 0, 1}, {2, 0, 1}, {1, 0, 1}, {0, 0, 0}, {0, 0, 1}};
    opt_stream *o = opt_of(cex, 6);
    CHECK_EQ(t, opt_exact(o), 0);
    CHECK_EQ(t, opt_dp(cex, 6, 2), 4);   /* X Y Z m (evict Y), Y m (evict Z), X h, X h */
    CHECK_EQ(t, opt_misses(o, 2), 5);    /* X Y Z m (evict X), Y h, X m, X m */
    CHECK(t, beaten);
    opt_free(o);
}

/* ------------------------------------------------------------------ properties */


/* Events that are not accesses (invalidations, flushes). */
static int count_ops(const ev *e, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++) k += e[i].op == 1 || e[i].op == 2;
    return k;
}

static uint64_t sim_events(tlb_policy_kind kind, int entries, uint64_t seed, const ev *e, int n)
{
    tlbsim *s = tlbsim_new(kind, entries, seed);
    if (!s) return UINT64_MAX;
    for (int i = 0; i < n; i++) {
        if (e[i].op == 2) tlbsim_flush(s);
        else if (e[i].op == 1) tlbsim_invalidate(s, e[i].id);
        else if (e[i].op == 3) tlbsim_rewalk(s, e[i].id, e[i].fill, NULL);
        else tlbsim_access(s, e[i].id, e[i].fill, NULL);
    }
    uint64_t m = tlbsim_misses(s);
    tlbsim_free(s);
    return m;
}

/* OPT misses <= every policy's, on streams of 100 to 100000 events, three
 * shapes, fills only and demand paging with invalidations and flushes; and
 * OPT's own misses do not grow with entries. */
static void t_opt_bound(tctx *t)
{
    static const int sizes[] = {100, 1000, 10000, 100000};
    static ev e[100000];
    int bad = 0, checked = 0;
    for (int si = 0; si < 4; si++)
        for (int shape = 0; shape < 3; shape++)
            for (int fault = 0; fault < 2; fault++) {
                int d = sizes[si] < 1000 ? 20 : 300;
                int n = gen_stream(e, sizes[si], d, shape, fault, (uint64_t)(si * 10 + shape * 2 + fault));
                opt_stream *o = opt_of(e, n);
                CHECK_EQ(t, opt_exact(o), 1);
                CHECK_EQ(t, opt_accesses(o), (uint64_t)n - (uint64_t)count_ops(e, n));
                uint64_t prev = UINT64_MAX;
                for (int entries = 1; entries <= 256; entries *= 2) {
                    uint64_t om = opt_misses(o, entries);
                    if (om > prev) {
                        printf("    opt grows: %d entries %llu > %llu\n", entries, (unsigned long long)om,
                               (unsigned long long)prev);
                        bad = 1;
                    }
                    prev = om;
                    for (int k = 0; k < 4; k++)
                        for (uint64_t seed = 0; seed < (all_kinds[k] == TLB_POLICY_RANDOM ? 3u : 1u); seed++) {
                            uint64_t pm = sim_events(all_kinds[k], entries, seed, e, n);
                            checked++;
                            if (pm < om) {
                                printf("    n %d shape %d fault %d, %d entries: %s %llu < opt %llu\n", n,
                                       shape, fault, entries, kind_names[k], (unsigned long long)pm,
                                       (unsigned long long)om);
                                bad = 1;
                            }
                        }
                    /* Non-power-of-two sizes for the policies that have them. */
                    if (entries >= 4) {
                        uint64_t om3 = opt_misses(o, entries - 1);
                        for (int k = 1; k < 4; k++) {
                            uint64_t pm = sim_events(all_kinds[k], entries - 1, 5, e, n);
                            checked++;
                            if (pm < om3) bad = 1;
                        }
                    }
                }
                opt_free(o);
            }
    CHECK(t, !bad);
    CHECK(t, checked > 400);
}

/* LRU: a cycle over N+1 mappings with N entries misses every time (the
 * mapping needed next is always the one just evicted). */
static void t_lru_cyclic(tctx *t)
{
    for (int n = 1; n <= 33; n += 4) {
        tlbsim *s = tlbsim_new(TLB_POLICY_LRU, n, 0);
        for (int i = 0; i < 50 * (n + 1); i++) tlbsim_access(s, (uint64_t)(i % (n + 1)), 1, NULL);
        CHECK_EQ(t, tlbsim_misses(s), 50 * (n + 1));
        tlbsim_free(s);
        /* With N+1 entries: only the first N+1 miss. */
        s = tlbsim_new(TLB_POLICY_LRU, n + 1, 0);
        for (int i = 0; i < 50 * (n + 1); i++) tlbsim_access(s, (uint64_t)(i % (n + 1)), 1, NULL);
        CHECK_EQ(t, tlbsim_misses(s), n + 1);
        tlbsim_free(s);
    }
    /* OPT on the same cycle, N entries, N+1 mappings, length L: the first N
     * miss, then each miss evicts the mapping used farthest ahead, which
     * buys N-1 hits: (L-N)/N more misses, rounded up. N=4, L=5*20=100: 4 +
     * ceil(96/4) = 28. */
    opt_stream *o = opt_new();
    for (int i = 0; i < 100; i++) opt_push(o, (uint64_t)(i % 5), 1);
    CHECK_EQ(t, opt_misses(o, 4), 28);
    opt_free(o);
}

/* LRU's inclusion property: with more entries, never more misses (a stack
 * algorithm). FIFO has no such property (t_anomaly). */
static void t_lru_inclusion(tctx *t)
{
    static ev e[20000];
    int bad = 0;
    for (int run = 0; run < 12; run++) {
        int n = gen_stream(e, 20000, 40 + 10 * run, run % 3, 0, 500 + (uint64_t)run);
        uint64_t prev = UINT64_MAX;
        for (int entries = 1; entries <= 64; entries++) {
            uint64_t m = sim_events(TLB_POLICY_LRU, entries, 0, e, n);
            if (m > prev) bad = 1;
            prev = m;
        }
    }
    CHECK(t, !bad);
}

/* CPU seconds of this process (other jobs on the machine do not count). */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The bench's i-th mapping: a loop over d ids or Zipf-like, half and half. */
static uint64_t bench_id(uint64_t *x, uint64_t i, int d)
{
    uint64_t r = trng(x);
    if (r & 1) return (i / 2 % (uint64_t)d) * 0x1000 + 7;
    double u = (double)(r >> 11) / 9007199254740992.0;
    return (uint64_t)(d * u * u * u) * 0x1000 + 7;
}

/* --bench N D: N accesses over D mappings, half a loop over all of them,
 * half Zipf-like (id = D*u^3); OPT's pushes and its misses for a few sizes,
 * timed in CPU seconds, with the memory held and the process's peak. */
static int bench(uint64_t n, int d)
{
    if (n == 0 || d < 1) {
        fprintf(stderr, "--bench: N and DISTINCT must be positive\n");
        return 2;
    }
    uint64_t x = 99;
    opt_stream *o = opt_new();
    tlbsim *lru = tlbsim_new(TLB_POLICY_LRU, 64, 0);
    if (!o || !lru) return 1;
    double t0 = now_s();
    for (uint64_t i = 0; i < n; i++) {
        uint64_t id = bench_id(&x, i, d);
        if (opt_push(o, id, 1) != 0) {
            fprintf(stderr, "--bench: out of memory at push %llu\n", (unsigned long long)i);
            return 1;
        }
    }
    double t1 = now_s();
    printf("pushes %llu, distinct %d: %.2f cpu s, %llu elements stored, %zu bytes held (%.1f per push)\n",
           (unsigned long long)n, d, t1 - t0, (unsigned long long)opt_length(o), opt_bytes(o),
           (double)opt_bytes(o) / (double)n);
    static const int sizes[] = {16, 64, 256, 1024};
    for (int k = 0; k < 4; k++) {
        double a = now_s();
        uint64_t m = opt_misses(o, sizes[k]);
        printf("opt_misses(%d) = %llu: %.2f cpu s\n", sizes[k], (unsigned long long)m, now_s() - a);
    }
    x = 99;
    double a = now_s();
    for (uint64_t i = 0; i < n; i++) {
        uint64_t id = bench_id(&x, i, d);
        tlbsim_access(lru, id, 1, NULL);
    }
    printf("tlbsim lru 64: %llu misses: %.2f cpu s\n", (unsigned long long)tlbsim_misses(lru), now_s() - a);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak rss %ld KiB\n", ru.ru_maxrss);
    tlbsim_free(lru);
    opt_free(o);
    return 0;
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"rejects sizes that are not a power of two", t_bad_sizes},
        {"tree PLRU, 2 entries", t_plru2},
        {"tree PLRU, 4 entries", t_plru4},
        {"tree PLRU, 16 entries", t_plru16},
        {"RTL timing: invalid first, use one edge late, victim registered", t_repl_timing},
        {"true LRU, 4 entries", t_lru4},
        {"FIFO, 3 entries: hits do not count", t_fifo3},
        {"random: xorshift64 from splitmix64(seed), reproducible", t_random},
        {"Belady's anomaly: FIFO 9 misses with 3 entries, 10 with 4; LRU, OPT", t_anomaly},
        {"tlbsim by hand: invalid first, fill=0, invalidate, flush, rewalk", t_tlbsim_hand},
        {"OPT by hand: collapsed repeats, fill=0, invalidate, flush, rewalk", t_opt_hand},
        {"tlbsim = the test's model (LRU/FIFO by timestamps, tree PLRU from tlb_policy)", t_models},
        {"OPT = the exhaustive optimum on small exact streams", t_opt_dp},
        {"OPT <= every policy, 100 to 100000 events", t_opt_bound},
        {"LRU misses every access of a cycle one longer than the TLB", t_lru_cyclic},
        {"LRU inclusion: misses never grow with entries", t_lru_inclusion},
    };
    if (argc == 4 && strcmp(argv[1], "--bench") == 0) return bench(strtoull(argv[2], NULL, 0), atoi(argv[3]));
    if (argc != 1) {
        fprintf(stderr, "usage: %s [--bench N DISTINCT]\n", argv[0]);
        return 2;
    }
    return test_run_all(cases, sizeof cases / sizeof cases[0], NULL);
}
