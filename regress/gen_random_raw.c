/* gen_random_raw.c -- the junk region of the generator (see gen_random.h):
 * malformed PTEs, none of them a legal leaf, in root slots the library never
 * maps into. */
#include "gen_random.h"

#include <inttypes.h>
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* Raw (malformed) PTEs.                                               */
/* ------------------------------------------------------------------ */

enum {
    RAW_V0,             /* V=0, other bits garbage */
    RAW_W_NO_R,         /* leaf with W and no R */
    RAW_NONLEAF_ADU,    /* pointer with D, A or U */
    RAW_PTR_LAST,       /* pointer at level 0 */
    RAW_MISALIGNED,     /* superpage with nonzero low PPN */
    RAW_PTR_OUT,        /* pointer outside every ram window */
    RAW_PTR_PARTIAL,    /* pointer to a frame that straddles a window's end */
    RAW_PTR_EMPTY,      /* legal pointer to an empty table (fault one level down) */
    RAW_RESERVED,       /* RV64 bits 60:54 */
    RAW_PBMT3,          /* RV64 PBMT = 3 */
    RAW_BAD_N,          /* RV64 N where illegal */
    RAW_PBMT_NONLEAF,   /* RV64 PBMT on a pointer */
    RAW_KINDS
};

static const char *const raw_names[RAW_KINDS] = {
    "V=0", "W without R", "non-leaf with D/A/U", "pointer at level 0", "misaligned superpage",
    "pointer outside ram", "pointer to a frame across a window end", "pointer to an empty table",
    "reserved bits 60:54", "PBMT=3", "illegal N", "PBMT on a non-leaf",
};

static int raw_kind_ok(const gen *g, int kind, int level)
{
    switch (kind) {
    case RAW_PTR_LAST: return level == 0;
    case RAW_MISALIGNED: return level >= 1;
    case RAW_PTR_OUT:
    case RAW_PTR_EMPTY: return level >= 1;
    case RAW_PTR_PARTIAL: return level >= 1 && g->partial_frame != 0;
    case RAW_RESERVED:
    case RAW_PBMT3:
    case RAW_BAD_N: return g->rv64;
    case RAW_PBMT_NONLEAF: return g->rv64 && level >= 1;
    default: return 1;
    }
}

static uint64_t raw_leaf_bits(gen *g)
{
    rng_t *r = &g->rng;
    uint64_t f = PTE_V | (rng_pct(r, 50) ? PTE_R : PTE_X);
    if (rng_pct(r, 40))
        f |= PTE_R | PTE_W;
    if (rng_pct(r, 50))
        f |= PTE_U;
    if (rng_pct(r, 70))
        f |= PTE_A;
    if (rng_pct(r, 50))
        f |= PTE_D;
    return f;
}

/* A PTE that no walk accepts as a leaf for the slot's level. */
static uint64_t raw_pte(gen *g, int level, int *kind_out)
{
    rng_t *r = &g->rng;
    int kind;
    do
        kind = (int)rng_below(r, RAW_KINDS);
    while (!raw_kind_ok(g, kind, level));
    *kind_out = kind;
    uint64_t ppn = rng_u64(r) & g->ppn_mask, v = 0;
    switch (kind) {
    case RAW_V0:
        v = (rng_u64(r) & g->word_mask & ~PTE_V) | PTE_R;
        break;
    case RAW_W_NO_R:
        v = PTE_V | PTE_W | (rng_pct(r, 50) ? PTE_X : 0) | (rng_pct(r, 50) ? PTE_U : 0) | PTE_A |
            (rng_pct(r, 50) ? PTE_D : 0) | (ppn << PTE_PPN_SHIFT);
        break;
    case RAW_NONLEAF_ADU: {
        uint64_t bad = 0;
        while (!bad)
            bad = (rng_pct(r, 50) ? PTE_A : 0) | (rng_pct(r, 50) ? PTE_D : 0) | (rng_pct(r, 50) ? PTE_U : 0);
        uint64_t t;
        if (level > 0 && pool_alloc_frame(g->tpool[0], &t) == PT_OK)
            ppn = t >> PT_PAGE_SHIFT;
        v = PTE_V | bad | (ppn << PTE_PPN_SHIFT);
        break;
    }
    case RAW_PTR_LAST:
        v = PTE_V | (rng_pct(r, 30) ? PTE_G : 0) | (ppn << PTE_PPN_SHIFT);
        break;
    case RAW_MISALIGNED: {
        uint64_t low = (1ull << (g->vpn_bits * (unsigned)level)) - 1;
        uint64_t bits = 0;
        while (!(bits & low))
            bits = rng_pct(r, 50) ? (1ull << rng_below(r, g->vpn_bits * (unsigned)level)) : rng_u64(r);
        ppn = (ppn & ~low) | (bits & low);
        v = raw_leaf_bits(g) | (ppn << PTE_PPN_SHIFT);
        break;
    }
    case RAW_PTR_OUT:
        v = PTE_V | ((pa_outside(g) >> PT_PAGE_SHIFT) << PTE_PPN_SHIFT);
        break;
    case RAW_PTR_PARTIAL:
        v = PTE_V | ((g->partial_frame >> PT_PAGE_SHIFT) << PTE_PPN_SHIFT);
        break;
    case RAW_PTR_EMPTY: {
        uint64_t t;
        if (pool_alloc_frame(g->tpool[0], &t) != PT_OK)
            t = pa_outside(g);
        v = PTE_V | ((t >> PT_PAGE_SHIFT) << PTE_PPN_SHIFT);
        break;
    }
    case RAW_RESERVED: {
        uint64_t rs = 0;
        while (!rs)
            rs = rng_u64(r) & PTE_RV64_RESERVED_MASK;
        v = (rng_pct(r, 70) ? raw_leaf_bits(g) : PTE_V) | rs | (ppn << PTE_PPN_SHIFT);
        break;
    }
    case RAW_PBMT3:
        v = (rng_pct(r, 70) ? raw_leaf_bits(g) : PTE_V) | PTE_PBMT(3) | (ppn << PTE_PPN_SHIFT);
        break;
    case RAW_BAD_N:
        if (level == 0 && rng_pct(r, 70)) {
            /* a level-0 leaf with N whose PPN[3:0] is not 1000 */
            uint64_t low = rng_below(r, PTE_NAPOT_PPN_MASK + 1);
            if (low == PTE_NAPOT_64K)
                low = rng_pct(r, 50) ? 0 : 9;
            ppn = (ppn & ~PTE_NAPOT_PPN_MASK) | low;
            v = raw_leaf_bits(g) | PTE_N | (ppn << PTE_PPN_SHIFT);
        } else if (rng_pct(r, 50) && level > 0) {
            ppn = (ppn & ~PTE_NAPOT_PPN_MASK) | PTE_NAPOT_64K;   /* a superpage leaf with N (any PPN) */
            v = raw_leaf_bits(g) | PTE_N | (ppn << PTE_PPN_SHIFT);
        } else {
            v = PTE_V | PTE_N | (ppn << PTE_PPN_SHIFT);    /* N on a pointer */
        }
        break;
    case RAW_PBMT_NONLEAF:
        v = PTE_V | PTE_PBMT(1 + rng_below(r, 2)) | (ppn << PTE_PPN_SHIFT);
        break;
    default:
        break;
    }
    return v & g->word_mask;
}

/* Write a raw PTE into a junk slot; comment it. */
void write_raw(gen *g, const junk *j)
{
    int kind;
    uint64_t v = raw_pte(g, j->level, &kind);
    if (mem_image_write(g->mem, j->slot, g->pte_bytes, v) != 0)
        return;
    fprintf(g->out, "# raw PTE at 0x%" PRIx64 " (ASID %" PRIu32 ", level %d, va 0x%" PRIx64 "): %s\n", j->slot,
            g->sp[j->owner].asid, j->level, j->va, raw_names[kind]);
}

/* The junk region of one address space: a legal 4 KiB chain under the first
 * junk root slot with malformed siblings at each level, and a malformed PTE in
 * the second junk root slot. */
void build_junk(gen *g, int a)
{
    rng_t *r = &g->rng;
    pt_as *as = g->sp[a].as;
    uint64_t jv = 0;
    int ok = 0;
    for (int tries = 0; tries < 8 && !ok; tries++) {
        jv = rand_va_in(g, g->jidx[0], 0, 0);
        ok = as_map_page(as, jv, rand_pa(g, PT_FRAME_SIZE, 1), 0, rand_leaf_flags(g, 0, 0)) == PT_OK;
    }
    if (ok) {
        add_mapping(g, jv, 0, 0, 0, a);
        for (int level = 0; level < g->levels - 1; level++) {
            uint64_t slot;
            if (as_pte_address(as, jv, level, &slot) != PT_OK)
                continue;
            uint64_t table = slot & ~PT_PAGE_OFFSET_MASK;
            int n = 1 + (int)rng_below(r, 2);
            for (int k = 0; k < n; k++) {
                unsigned idx = (unsigned)rng_below(r, g->entries);
                if (idx == va_index(g, jv, level))
                    continue;
                junk j = { a, va_replace_index(g, jv, level, idx), table + (uint64_t)idx * g->pte_bytes, level };
                add_junk(g, j.owner, j.va, j.slot, j.level);
                write_raw(g, &j);
            }
        }
    }
    if (g->jidx[1] != g->jidx[0]) {
        unsigned idx[MAX_LEVELS] = { 0 };
        idx[g->levels - 1] = g->jidx[1];
        uint64_t va = va_from_indices(g, idx);
        junk j = { a, va, (as_satp_ppn(as) << PT_PAGE_SHIFT) + (uint64_t)g->jidx[1] * g->pte_bytes, g->levels - 1 };
        add_junk(g, j.owner, j.va, j.slot, j.level);
        write_raw(g, &j);
    }
}
