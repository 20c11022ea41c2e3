/* tlb_policy.c -- replacement policies of a fully associative TLB (see tlb_policy.h). */
#include "tlb_policy.h"

#include <stdlib.h>
#include <string.h>

/* splitmix64's output for a seed: the random policy's first state. */
static uint64_t splitmix64(uint64_t seed)
{
    uint64_t z = seed + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int is_list(const tlb_policy *p)
{
    return p->kind == TLB_POLICY_LRU || p->kind == TLB_POLICY_FIFO;
}

int tlb_policy_init(tlb_policy *p, tlb_policy_kind kind, int entries)
{
    memset(p, 0, sizeof *p);
    p->head = p->tail = -1;
    if (kind == TLB_POLICY_TREE_PLRU) {
        if (entries < 2 || (entries & (entries - 1)) != 0) return -1;
    } else if (kind == TLB_POLICY_LRU || kind == TLB_POLICY_FIFO || kind == TLB_POLICY_RANDOM) {
        if (entries < 1) return -1;
    } else {
        return -1;
    }
    p->kind = kind;
    p->entries = entries;
    if (kind == TLB_POLICY_TREE_PLRU) {
        while ((1 << p->idx_w) < entries) p->idx_w++;
        p->tree = calloc((size_t)entries - 1, 1);
        return p->tree ? 0 : -1;
    }
    if (is_list(p)) {
        p->prev = malloc((size_t)entries * sizeof *p->prev);
        p->next = malloc((size_t)entries * sizeof *p->next);
        if (!p->prev || !p->next) {
            tlb_policy_free(p);
            return -1;
        }
    }
    tlb_policy_reset(p);
    return 0;
}

void tlb_policy_free(tlb_policy *p)
{
    free(p->tree);
    p->tree = NULL;
    free(p->prev);
    p->prev = NULL;
    free(p->next);
    p->next = NULL;
}

void tlb_policy_reset(tlb_policy *p)
{
    if (p->kind == TLB_POLICY_TREE_PLRU) {
        memset(p->tree, 0, (size_t)p->entries - 1);
    } else if (is_list(p)) {
        /* Oldest first: 0, 1, ..., entries-1. */
        for (int i = 0; i < p->entries; i++) {
            p->prev[i] = i - 1;
            p->next[i] = i + 1 < p->entries ? i + 1 : -1;
        }
        p->head = 0;
        p->tail = p->entries - 1;
    } else if (p->kind == TLB_POLICY_RANDOM) {
        p->rng = splitmix64(p->seed);
        if (p->rng == 0) p->rng = 0x9e3779b97f4a7c15ull;   /* xorshift's one fixed point */
    }
}

void tlb_policy_seed(tlb_policy *p, uint64_t seed)
{
    p->seed = seed;
    if (p->kind == TLB_POLICY_RANDOM) tlb_policy_reset(p);
}

/* LRU, FIFO: idx becomes the newest. */
static void list_to_tail(tlb_policy *p, int idx)
{
    if (p->tail == idx) return;
    /* Unlink (idx is not the tail, so it has a next). */
    if (p->prev[idx] >= 0) p->next[p->prev[idx]] = p->next[idx];
    else p->head = p->next[idx];
    p->prev[p->next[idx]] = p->prev[idx];
    /* Append. */
    p->prev[idx] = p->tail;
    p->next[idx] = -1;
    p->next[p->tail] = idx;
    p->tail = idx;
}

/* Bit b (0: least significant) of entry index idx. */
static int idx_bit(int idx, int b)
{
    return (idx >> b) & 1;
}

static void plru_touch(tlb_policy *p, int idx)
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

void tlb_policy_touch(tlb_policy *p, int idx)
{
    switch (p->kind) {
    case TLB_POLICY_TREE_PLRU: plru_touch(p, idx); break;
    case TLB_POLICY_LRU: list_to_tail(p, idx); break;
    case TLB_POLICY_FIFO:
    case TLB_POLICY_RANDOM: break;   /* hits do not count */
    }
}

void tlb_policy_fill(tlb_policy *p, int idx)
{
    switch (p->kind) {
    case TLB_POLICY_TREE_PLRU: plru_touch(p, idx); break;
    case TLB_POLICY_LRU:
    case TLB_POLICY_FIFO: list_to_tail(p, idx); break;
    case TLB_POLICY_RANDOM:
        /* xorshift64 (Marsaglia 2003), shifts 13, 7, 17. */
        p->rng ^= p->rng << 13;
        p->rng ^= p->rng >> 7;
        p->rng ^= p->rng << 17;
        break;
    }
}

int tlb_policy_victim(const tlb_policy *p)
{
    switch (p->kind) {
    case TLB_POLICY_LRU:
    case TLB_POLICY_FIFO: return p->head;
    case TLB_POLICY_RANDOM: return (int)(p->rng % (uint64_t)p->entries);
    case TLB_POLICY_TREE_PLRU: break;
    }
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
    if (kind != TLB_POLICY_TREE_PLRU || tlb_policy_init(&r->pol, kind, entries) != 0) return -1;
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
