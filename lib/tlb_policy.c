/* tlb_policy.c -- replacement policies of a fully associative TLB (see tlb_policy.h). */
#include "tlb_policy.h"

#include <stdlib.h>
#include <string.h>

int tlb_policy_init(tlb_policy *p, tlb_policy_kind kind, int entries)
{
    memset(p, 0, sizeof *p);
    if (kind != TLB_POLICY_TREE_PLRU || entries < 2 || (entries & (entries - 1)) != 0) return -1;
    p->kind = kind;
    p->entries = entries;
    while ((1 << p->idx_w) < entries) p->idx_w++;
    p->tree = calloc((size_t)entries - 1, 1);
    return p->tree ? 0 : -1;
}

void tlb_policy_free(tlb_policy *p)
{
    free(p->tree);
    p->tree = NULL;
}

void tlb_policy_reset(tlb_policy *p)
{
    memset(p->tree, 0, (size_t)p->entries - 1);
}

/* Bit b (0: least significant) of entry index idx. */
static int idx_bit(int idx, int b)
{
    return (idx >> b) & 1;
}

void tlb_policy_touch(tlb_policy *p, int idx)
{
    /* From the root: at depth d the node of idx's top d bits points to the
     * half idx is not in (idx's bit below those). */
    int node = 0;
    for (int d = 0; d < p->idx_w; d++) {
        int half = idx_bit(idx, p->idx_w - 1 - d);
        p->tree[node] = (unsigned char)!half;
        node = 2 * node + 1 + half;
    }
}

int tlb_policy_victim(const tlb_policy *p)
{
    int node = 0, victim = 0;
    for (int d = 0; d < p->idx_w; d++) {
        int half = p->tree[node];
        victim = victim << 1 | half;
        node = 2 * node + 1 + half;
    }
    return victim;
}

int tlb_repl_init(tlb_repl *r, tlb_policy_kind kind, int entries)
{
    memset(r, 0, sizeof *r);
    if (tlb_policy_init(&r->pol, kind, entries) != 0) return -1;
    tlb_repl_reset(r);
    return 0;
}

void tlb_repl_free(tlb_repl *r)
{
    tlb_policy_free(&r->pol);
}

void tlb_repl_reset(tlb_repl *r)
{
    tlb_policy_reset(&r->pol);
    r->touch_q = 0;
    r->touch_idx_q = 0;
    r->victim_q = 0;
    r->any_inv_q = 1;
    r->inv_slot_q = 0;
}

int tlb_repl_fill_slot(const tlb_repl *r)
{
    return r->any_inv_q ? r->inv_slot_q : r->victim_q;
}

void tlb_repl_edge(tlb_repl *r, const int *valid, int touch, int touch_idx)
{
    r->any_inv_q = 0;
    r->inv_slot_q = 0;
    for (int i = 0; i < r->pol.entries; i++)
        if (!valid[i]) {
            r->any_inv_q = 1;
            r->inv_slot_q = i;
            break;
        }
    /* The tree takes the use registered at the last edge; the victim is that
     * of the tree after this edge; this cycle's use waits one edge. */
    if (r->touch_q) tlb_policy_touch(&r->pol, r->touch_idx_q);
    r->victim_q = tlb_policy_victim(&r->pol);
    r->touch_q = touch != 0;
    r->touch_idx_q = touch ? touch_idx : 0;
}
