/* test_policy.c -- unit test of lib/tlb_policy.c: the tree pseudo-LRU and
 * the RTL's clocked replacement, against sequences computed by hand from the
 * description in rtl/rvmmu_plru.sv and rtl/rvmmu_tlb.sv (heap-order tree,
 * 1 = evict from the right half, a use points its path away from itself;
 * first invalid slot of the last edge, else the victim registered at the
 * last edge; a use recorded one edge late). */
#include <stdio.h>

#include "tlb_policy.h"

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

int main(void)
{
    static const test_case cases[] = {
        {"rejects sizes that are not a power of two", t_bad_sizes},
        {"tree PLRU, 2 entries", t_plru2},
        {"tree PLRU, 4 entries", t_plru4},
        {"tree PLRU, 16 entries", t_plru16},
        {"RTL timing: invalid first, use one edge late, victim registered", t_repl_timing},
    };
    return test_run_all(cases, sizeof cases / sizeof cases[0], NULL);
}
