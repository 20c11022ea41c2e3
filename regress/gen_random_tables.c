/* gen_random_tables.c -- page-table building for the generator (see
 * gen_random.h): geometry helpers, the records of mappings, random flags,
 * PAs and VAs, mapping operations through sw/pt.h, and the setup (ram
 * windows, frame pools, root-slot layout, address spaces, first tables). */
#include "gen_random.h"

#include <stdio.h>
#include <stdlib.h>

/* ------------------------------------------------------------------ */
/* Geometry helpers.                                                   */
/* ------------------------------------------------------------------ */

static unsigned level_shift(const gen *g, int level)
{
    return PT_PAGE_SHIFT + g->vpn_bits * (unsigned)level;
}

uint64_t page_size(const gen *g, int level)
{
    return pt_page_size(g->mode, level);
}

/* Sign-extend from bit va_bits-1 (RV64), or truncate to 32 bits (Sv32). */
uint64_t canon(const gen *g, uint64_t va)
{
    return pt_va_canon(g->mode, va);
}

unsigned va_index(const gen *g, uint64_t va, int level)
{
    return (unsigned)((va >> level_shift(g, level)) & (g->entries - 1));
}

static unsigned root_index(const gen *g, uint64_t va)
{
    return va_index(g, va, g->levels - 1);
}

uint64_t va_from_indices(const gen *g, const unsigned *idx)
{
    uint64_t va = 0;
    for (int i = 0; i < g->levels; i++)
        va |= (uint64_t)idx[i] << level_shift(g, i);
    return canon(g, va);
}

uint64_t va_replace_index(const gen *g, uint64_t va, int level, unsigned idx)
{
    uint64_t m = (uint64_t)(g->entries - 1) << level_shift(g, level);
    return canon(g, (va & ~m) | ((uint64_t)idx << level_shift(g, level)));
}

static int is_global_root(const gen *g, unsigned r)
{
    for (int i = 0; i < g->ng; i++)
        if (g->gidx[i] == r)
            return 1;
    return 0;
}

static int is_junk_root(const gen *g, unsigned r)
{
    return r == g->jidx[0] || r == g->jidx[1];
}

int in_global_region(const gen *g, uint64_t va)
{
    return pt_va_valid(g->mode, va) && is_global_root(g, root_index(g, va));
}

/* ------------------------------------------------------------------ */
/* Records.                                                            */
/* ------------------------------------------------------------------ */

int add_mapping(gen *g, uint64_t va, int level, int napot, int global, int owner)
{
    if (g->nmaps == g->mcap) {
        int nc = g->mcap ? g->mcap * 2 : 64;
        mapping *n = realloc(g->maps, (size_t)nc * sizeof *n);
        if (!n)
            die_oom();
        g->maps = n;
        g->mcap = nc;
    }
    mapping *m = &g->maps[g->nmaps];
    m->va = va;
    m->size = napot ? PT_NAPOT_SIZE : page_size(g, level);
    m->level = level;
    m->napot = napot;
    m->global = global;
    m->owner = owner;
    m->live = 1;
    m->ad_clean = 0;
    return g->nmaps++;
}

void add_junk(gen *g, int owner, uint64_t va, uint64_t slot, int level)
{
    if (g->njunk == g->jcap) {
        int nc = g->jcap ? g->jcap * 2 : 32;
        junk *n = realloc(g->junks, (size_t)nc * sizeof *n);
        if (!n)
            die_oom();
        g->junks = n;
        g->jcap = nc;
    }
    junk *j = &g->junks[g->njunk++];
    j->owner = owner;
    j->va = va;
    j->slot = slot;
    j->level = level;
}

/* Would a walk under Svadu write A or D into a leaf with these flags? */
int flags_ad_clean(uint64_t f)
{
    return !(f & PTE_A) || ((f & PTE_W) && !(f & PTE_D));
}

int total_tables(const gen *g)
{
    int n = 0;
    for (int i = 0; i < g->nas; i++)
        n += as_table_count(g->sp[i].as);
    return n;
}

/* ------------------------------------------------------------------ */
/* Random choices: flags, PAs, VAs.                                    */
/* ------------------------------------------------------------------ */

/* Legal leaf flags (as_map_page accepts them). */
uint64_t rand_leaf_flags(gen *g, int global, int napot)
{
    static const uint64_t perms[] = { PTE_R, PTE_R | PTE_W, PTE_X, PTE_R | PTE_X, PTE_R | PTE_W | PTE_X };
    rng_t *r = &g->rng;
    uint64_t f = perms[rng_below(r, 5)];
    if (rng_pct(r, 50))
        f |= PTE_U;
    if (global) {
        f |= PTE_G | PTE_A;
        if (f & PTE_W)
            f |= PTE_D;
    } else {
        if (rng_pct(r, 75))
            f |= PTE_A;
        if (rng_pct(r, 50))
            f |= PTE_D;
    }
    if (rng_pct(r, 20))
        f |= PTE_RSW(rng_below(r, 4));
    if (g->rv64) {
        unsigned k = (unsigned)rng_below(r, 10);
        if (k == 7 || k == 8)
            f |= PTE_PBMT(RVMMU_PBMT_NC);
        else if (k == 9)
            f |= PTE_PBMT(RVMMU_PBMT_IO);
    }
    if (napot)
        f |= PTE_N;
    return f;
}

/* A random physical address aligned to `size`, for a data page. */
uint64_t rand_pa(gen *g, uint64_t size, int from_pool)
{
    rng_t *r = &g->rng;
    uint64_t pa;
    if (from_pool && size == PT_FRAME_SIZE && rng_pct(r, 60) && pool_alloc_frame(g->dpool, &pa) == PT_OK)
        return pa;
    if (rng_pct(r, 30)) {
        const window *w = &g->wins[rng_below(r, (uint64_t)g->nwin)];
        pa = (w->base + rng_below(r, w->size)) & ~(size - 1);
        if (pa <= g->pa_mask)
            return pa;
    }
    return rng_u64(r) & g->pa_mask & ~(size - 1);
}

/* A physical address outside every ram window (aligned to 4 KiB). */
uint64_t pa_outside(gen *g)
{
    rng_t *r = &g->rng;
    for (int tries = 0; tries < 1000; tries++) {
        uint64_t pa;
        int k = (int)rng_below(r, 3);
        const window *w = &g->wins[rng_below(r, (uint64_t)g->nwin)];
        if (k == 0)
            pa = (w->base + w->size + PT_PAGE_OFFSET_MASK) & ~PT_PAGE_OFFSET_MASK;     /* just past a window */
        else if (k == 1)
            pa = (w->base - PT_FRAME_SIZE) & ~PT_PAGE_OFFSET_MASK;       /* just below a window */
        else
            pa = rng_u64(r) & g->pa_mask & ~PT_PAGE_OFFSET_MASK;
        pa &= g->pa_mask;
        if (!in_windows(g->wins, g->nwin, pa, 1) && !in_windows(g->wins, g->nwin, pa + PT_PAGE_OFFSET_MASK, 1))
            return pa;
    }
    return 0;       /* unreachable in practice: windows are small */
}

/* A VA (page base) in root slot r for a leaf at `level` (NAPOT: 64 KiB aligned). */
uint64_t rand_va_in(gen *g, unsigned r, int level, int napot)
{
    unsigned idx[MAX_LEVELS] = { 0 };
    idx[g->levels - 1] = r;
    for (int i = g->levels - 2; i >= level; i--) {
        unsigned k = (unsigned)rng_below(&g->rng, 10);
        if (k < 6)
            idx[i] = g->hv[i][rng_below(&g->rng, 3)];
        else if (k == 6)
            idx[i] = 0;
        else if (k == 7)
            idx[i] = g->entries - 1;
        else
            idx[i] = (unsigned)rng_below(&g->rng, g->entries);
    }
    if (napot)
        idx[0] &= ~15u;
    return va_from_indices(g, idx);
}

/* A root slot for ordinary (non-global) mappings. */
static unsigned rand_normal_root(gen *g, int level)
{
    if (level == g->levels - 1 || rng_pct(&g->rng, 5)) {
        /* a root-level leaf takes its whole slot: pick a fresh one */
        for (;;) {
            unsigned r = (unsigned)rng_below(&g->rng, g->entries);
            if (!is_global_root(g, r) && !is_junk_root(g, r))
                return r;
        }
    }
    return g->hot[rng_below(&g->rng, (uint64_t)g->nhot)];
}

static int rand_level(gen *g)
{
    rng_t *r = &g->rng;
    if (rng_pct(r, g->small_pct ? g->small_pct : 50))   /* (--small-pages; one draw either way) */
        return 0;
    if (g->levels > 2 && rng_pct(r, 90))
        return 1 + (int)rng_below(r, (uint64_t)(g->levels - 2));     /* below the root */
    return (int)rng_below(r, (uint64_t)g->levels);
}

/* ------------------------------------------------------------------ */
/* Mapping operations through the sw/ library.                         */
/* ------------------------------------------------------------------ */

/* Map in one address space, or (owner -1) identically in all of them. */
int map_in(gen *g, int owner, uint64_t va, uint64_t pa, int level, uint64_t flags)
{
    if (owner >= 0)
        return as_map_page(g->sp[owner].as, va, pa, level, flags);
    for (int i = 0; i < g->nas; i++) {
        int e = as_map_page(g->sp[i].as, va, pa, level, flags);
        if (e != PT_OK) {
            for (int k = 0; k < i; k++)
                as_unmap(g->sp[k].as, va);
            return e;
        }
    }
    return PT_OK;
}

int unmap_in(gen *g, const mapping *m)
{
    if (m->owner >= 0)
        return as_unmap(g->sp[m->owner].as, m->va);
    int first = PT_OK;
    for (int i = 0; i < g->nas; i++) {
        int e = as_unmap(g->sp[i].as, m->va);
        if (e != PT_OK && first == PT_OK)
            first = e;
    }
    return first;
}

int protect_in(gen *g, const mapping *m, uint64_t flags)
{
    if (m->owner >= 0)
        return as_protect(g->sp[m->owner].as, m->va, flags);
    for (int i = 0; i < g->nas; i++) {
        int e = as_protect(g->sp[i].as, m->va, flags);
        if (e != PT_OK)
            return e;   /* cannot happen: the global region is identical everywhere */
    }
    return PT_OK;
}

/* Enough free table frames for a new mapping everywhere it goes? */
int frames_ok(gen *g, int owner)
{
    uint64_t need = (uint64_t)g->levels;
    if (owner >= 0)
        return pool_free_count(g->tpool[owner % g->nwin]) >= need;
    for (int p = 0; p < g->nwin; p++) {
        int users = 0;
        for (int i = 0; i < g->nas; i++)
            users += (i % g->nwin) == p;
        if (pool_free_count(g->tpool[p]) < need * (uint64_t)users)
            return 0;
    }
    return 1;
}

/* Try a few times to add a random mapping; the mapping's index or -1. */
int new_mapping(gen *g, int owner, int global, int *tables_changed)
{
    rng_t *r = &g->rng;
    if (!frames_ok(g, global ? -1 : owner))
        return -1;
    for (int tries = 0; tries < 16; tries++) {
        int level = rand_level(g);
        int napot = g->rv64 && level == 0 && rng_pct(r, 15);
        unsigned root;
        if (global) {
            if (level == g->levels - 1 && !(g->ng == 2 && rng_pct(r, 30)))
                level = g->levels > 2 ? 1 : 0;
            root = g->gidx[rng_below(r, (uint64_t)g->ng)];
        } else {
            root = rand_normal_root(g, level);
        }
        uint64_t va = rand_va_in(g, root, level, napot);
        uint64_t size = napot ? PT_NAPOT_SIZE : page_size(g, level);
        uint64_t pa = rand_pa(g, size, !napot);
        uint64_t flags = rand_leaf_flags(g, global, napot);
        int before = total_tables(g);
        if (map_in(g, global ? -1 : owner, va, pa, level, flags) == PT_OK) {
            if (tables_changed)
                *tables_changed = total_tables(g) != before;
            int i = add_mapping(g, va, level, napot, global, global ? -1 : owner);
            g->maps[i].ad_clean = napot && flags_ad_clean(flags);
            return i;
        }
    }
    return -1;
}

/* Map, in address space dst, a 4 KiB page onto the frame that m maps (shared frame). */
int new_share(gen *g, int dst, const mapping *m, int *tables_changed)
{
    rng_t *r = &g->rng;
    if (!frames_ok(g, dst))
        return -1;
    const pt_as *src = m->owner >= 0 ? g->sp[m->owner].as : g->sp[0].as;
    for (int tries = 0; tries < 16; tries++) {
        uint64_t src_va = m->va + (rng_below(r, m->size) & ~PT_PAGE_OFFSET_MASK);
        uint64_t dst_va = rand_va_in(g, rand_normal_root(g, 0), 0, 0);
        uint64_t flags = rand_leaf_flags(g, 0, 0);
        int before = total_tables(g);
        if (as_share(g->sp[dst].as, dst_va, src, src_va, flags) == PT_OK) {
            if (tables_changed)
                *tables_changed = total_tables(g) != before;
            return add_mapping(g, dst_va, 0, 0, 0, dst);
        }
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* Setup.                                                              */
/* ------------------------------------------------------------------ */

static int windows_overlap(uint64_t b1, uint64_t s1, uint64_t b2, uint64_t s2)
{
    return b1 < b2 + s2 && b2 < b1 + s1;
}

/* Frames each table pool should have: enough for every address space's tables. */
static uint64_t table_frames(const gen *g)
{
    return 256 + 160 * (uint64_t)g->nas;
}

void choose_windows(gen *g)
{
    rng_t *r = &g->rng;
    g->partial_frame = 0;
    if (rng_pct(r, 30)) {
        g->explicit_ram = 0;
        g->nwin = 1;
        g->wins[0].base = 0x80000000ull;
        g->wins[0].size = 0x10000000ull;
        return;
    }
    g->explicit_ram = 1;
    g->nwin = rng_pct(r, 50) ? 2 : 1;
    for (int i = 0; i < g->nwin; i++) {
        for (;;) {
            uint64_t size = (8ull << 20) << rng_below(r, 6);           /* 8 MiB .. 256 MiB */
            while (size < 2 * table_frames(g) * PT_FRAME_SIZE)
                size <<= 1;                                             /* room for the table pool */
            uint64_t base;
            unsigned k = (unsigned)rng_below(r, 4);
            if (k == 0)
                base = 0x80000000ull + (rng_below(r, 64) << 21);
            else if (k == 1)
                base = rng_below(r, 64) << 21;
            else
                base = (rng_u64(r) & g->pa_mask) & ~((1ull << 21) - 1);
            if (rng_pct(r, 30))
                size += 0x800;                                          /* ends in the middle of a frame */
            if (base + size - 1 > g->pa_mask || base + size < base)
                continue;
            if (i == 1 && windows_overlap(base, size + PT_FRAME_SIZE, g->wins[0].base, g->wins[0].size + PT_FRAME_SIZE))
                continue;
            g->wins[i].base = base;
            g->wins[i].size = size;
            if (size & PT_PAGE_OFFSET_MASK)
                g->partial_frame = (base + size) & ~PT_PAGE_OFFSET_MASK;
            break;
        }
    }
}

void make_pools(gen *g)
{
    rng_t *r = &g->rng;
    int err;
    uint64_t frames = table_frames(g);
    for (int i = 0; i < g->nwin; i++) {
        const window *w = &g->wins[i];
        uint64_t full = (w->size & ~PT_PAGE_OFFSET_MASK) / PT_FRAME_SIZE;
        uint64_t n = frames < full / 2 ? frames : full / 2;
        uint64_t first = rng_below(r, full - n);
        if (i == 0)
            first = rng_below(r, (full - n) / 2);                      /* leave room for the data pool */
        g->tpool[i] = pool_create(w->base + first * PT_FRAME_SIZE, n * PT_FRAME_SIZE, &g->ptm, &err);
        if (!g->tpool[i]) {
            fprintf(stderr, "gen_random: pool_create: %s\n", pt_strerror(err));
            exit(1);
        }
    }
    /* data frames: after the first table pool, or anywhere outside it */
    uint64_t dn = 512, dbase;
    uint64_t tb = pool_base(g->tpool[0]), tsize = pool_frame_count(g->tpool[0]) * PT_FRAME_SIZE;
    if (rng_pct(r, 50) && tb + tsize + dn * PT_FRAME_SIZE <= g->wins[0].base + g->wins[0].size)
        dbase = tb + tsize;
    else {
        for (;;) {
            dbase = rng_u64(r) & g->pa_mask & ~PT_PAGE_OFFSET_MASK;
            if (dbase + dn * PT_FRAME_SIZE - 1 > g->pa_mask)
                continue;
            int clash = 0;
            for (int i = 0; i < g->nwin; i++)
                clash |= windows_overlap(dbase, dn * PT_FRAME_SIZE, pool_base(g->tpool[i]),
                                         pool_frame_count(g->tpool[i]) * PT_FRAME_SIZE);
            if (!clash)
                break;
        }
    }
    g->dpool = pool_create(dbase, dn * PT_FRAME_SIZE, &g->ptm, &err);
    if (!g->dpool) {
        fprintf(stderr, "gen_random: pool_create: %s\n", pt_strerror(err));
        exit(1);
    }
}

static unsigned fresh_root(gen *g, const unsigned *taken, int ntaken, int half)
{
    for (;;) {
        unsigned r = (unsigned)rng_below(&g->rng, g->entries);
        if (half == 0 && g->rv64)
            r &= (g->entries >> 1) - 1;       /* lower half of the canonical space */
        else if (half == 1 && g->rv64)
            r |= g->entries >> 1;             /* upper half */
        int dup = 0;
        for (int i = 0; i < ntaken; i++)
            dup |= taken[i] == r;
        if (!dup)
            return r;
    }
}

void choose_layout(gen *g)
{
    rng_t *r = &g->rng;
    unsigned taken[8];
    int nt = 0;
    g->nhot = 2 + (int)rng_below(r, 3);
    for (int i = 0; i < g->nhot; i++) {
        unsigned v;
        if (i == 0 && rng_pct(r, 30))
            v = 0;
        else if (i == 1 && rng_pct(r, 30))
            v = g->entries - 1;
        else
            v = fresh_root(g, taken, nt, i < 2 ? i : -1);
        int dup = 0;
        for (int k = 0; k < nt; k++)
            dup |= taken[k] == v;
        if (dup)
            v = fresh_root(g, taken, nt, -1);
        g->hot[i] = v;
        taken[nt++] = v;
    }
    g->ng = 1 + (int)rng_below(r, 2);
    for (int i = 0; i < g->ng; i++) {
        g->gidx[i] = fresh_root(g, taken, nt, -1);
        taken[nt++] = g->gidx[i];
    }
    g->jidx[0] = fresh_root(g, taken, nt, -1);
    taken[nt++] = g->jidx[0];
    g->jidx[1] = fresh_root(g, taken, nt, -1);
    for (int l = 0; l < MAX_LEVELS; l++)
        for (int k = 0; k < 3; k++)
            g->hv[l][k] = (unsigned)rng_below(r, g->entries);
}

void make_spaces(gen *g)
{
    rng_t *r = &g->rng;
    uint64_t asid_max = (1ull << g->asid_bits) - 1;
    uint32_t used[MAX_AS + 1];
    int nused = 0;
    for (int i = 0; i < g->nas + 1; i++) {
        uint32_t a;
        for (;;) {
            unsigned k = (unsigned)rng_below(r, 10);
            a = k == 0 ? 0 : k == 1 ? (uint32_t)asid_max : k < 6 ? (uint32_t)(1 + rng_below(r, 16))
                                                              : (uint32_t)rng_below(r, asid_max + 1);
            int dup = 0;
            for (int k2 = 0; k2 < nused; k2++)
                dup |= used[k2] == a;
            if (!dup)
                break;
        }
        used[nused++] = a;
        if (i == g->nas) {
            g->bogus_asid = a;
            break;
        }
        int err;
        g->sp[i].asid = a;
        g->sp[i].as = as_create(g->mode, a, g->tpool[i % g->nwin], &g->ptm, &err);
        if (!g->sp[i].as) {
            fprintf(stderr, "gen_random: as_create: %s\n", pt_strerror(err));
            exit(1);
        }
    }
    g->have_bogus = rng_pct(r, 60);
    if (g->have_bogus) {
        uint64_t t;
        if (rng_pct(r, 60) || pool_alloc_frame(g->tpool[0], &t) != PT_OK)
            t = pa_outside(g);
        g->bogus_ppn = t >> PT_PAGE_SHIFT;
    }
}

void build_tables(gen *g)
{
    rng_t *r = &g->rng;
    int nglob = 1 + (int)rng_below(r, 6);
    for (int i = 0; i < nglob; i++)
        new_mapping(g, -1, 1, NULL);
    for (int a = 0; a < g->nas; a++) {
        int n = 10 + (int)rng_below(r, 21);
        for (int i = 0; i < n; i++)
            new_mapping(g, a, 0, NULL);
    }
    /* the same frames seen by several address spaces with other permissions */
    int nshare = (int)rng_below(r, 3 + 2 * (uint64_t)g->nas);
    for (int i = 0; i < nshare; i++) {
        int src = pick_mapping(g, 1, -1);
        if (src >= 0) {
            mapping sm = g->maps[src];
            new_share(g, (int)rng_below(r, (uint64_t)g->nas), &sm, NULL);
        }
    }
    for (int a = 0; a < g->nas; a++)
        build_junk(g, a);
}
