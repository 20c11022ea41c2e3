/* gen_random.c -- constrained-random tlbtrace generator.
 *
 *   gen_random --mode sv32|sv39|sv48|sv57 --seed S --accesses N [--asids K]
 *              [--wide-bare] [--noncanonical-sfence]
 *
 * Prints one tlbtrace (shared/spec/tlbtrace.md, version 1) on stdout, the same
 * for the same options. Every page table is built with the sw/ library (pt.h)
 * over a small sparse memory of the generator's own that records each word
 * written; the words are printed as `mem` lines. The trace has no `expect`
 * lines: it is meant for `rvmmu replay` (scoreboard) and for comparing the RTL
 * with the reference model (`--model ref`). The two opt-in flags add stimulus
 * on which the RTL and the scoreboard/model are known to differ (see usage).
 *
 * Rules that keep the outcome independent of TLB size and replacement:
 *  - Every PTE write after the first access (protect, unmap, remap, share,
 *    raw rewrite) is followed, before the next access, by an SFENCE.VMA that
 *    covers it: full, `va=` inside the page (leaf-only changes), `asid=` for a
 *    non-global leaf or table change, one `va=` per 4 KiB of a NAPOT page.
 *  - Global (G) leaves live only in a few root slots reserved for them, and
 *    are mapped identically (same level, PA, flags) in every address space,
 *    with A set (and D when writable) so no walk ever updates them.
 *  - Malformed PTEs (raw `mem` words) live only in a "junk" region of root
 *    slots the library never maps into; none of them is a legal leaf, so no
 *    walk through them fills the TLB.
 *  - A satp whose root is outside RAM (or an empty table) gets an ASID of its
 *    own and is never used for a VA of the global region.
 *  - A NAPOT page whose A (or, writable, D) is clear is accessed in its first
 *    4 KiB only, so that Svadu always updates the same one of its 16 PTEs.
 * Extra sfences (any form) are harmless: the TLB never holds a stale entry.
 * No global mutable state: everything lives in one `gen` object. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt.h"
#include "pt_geom.h"

/* ------------------------------------------------------------------ */
/* PRNG: xoshiro256** seeded through splitmix64.                       */
/* ------------------------------------------------------------------ */

typedef struct {
    uint64_t s[4];
} rng_t;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void rng_seed(rng_t *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_u64(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return result;
}

/* Uniform in [0, n) (n > 0; the modulo bias is irrelevant here). */
static uint64_t rng_below(rng_t *r, uint64_t n)
{
    return n ? rng_u64(r) % n : 0;
}

/* True with probability pct percent. */
static int rng_pct(rng_t *r, unsigned pct)
{
    return rng_below(r, 100) < pct;
}

/* ------------------------------------------------------------------ */
/* The generator's sparse memory: PTE-sized words, write-recording.    */
/* ------------------------------------------------------------------ */

typedef struct {
    uint64_t base, size;
} window;

typedef struct {
    uint64_t key;       /* PTE-aligned physical address */
    uint64_t val;       /* current value as the generator sees it */
    uint8_t used;
    uint8_t dirty;      /* written since the last flush */
    uint8_t live;       /* last value printed was nonzero */
} mslot;

typedef struct {
    mslot *tab;
    size_t cap, n;
    uint64_t *dirty;    /* keys written since the last flush, in first-write order */
    size_t ndirty, dcap;
    unsigned bytes;     /* PTE size */
    const window *wins;
    const int *nwin;
    int oom;
} smem;

static size_t mhash(uint64_t k, size_t cap)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

static mslot *smem_find(smem *m, uint64_t key, int create)
{
    if (create && (m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 1024;
        mslot *nt = calloc(ncap, sizeof *nt);
        if (!nt) {
            m->oom = 1;
            return NULL;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->tab[i].used) {
                size_t h = mhash(m->tab[i].key, ncap);
                while (nt[h].used)
                    h = (h + 1) & (ncap - 1);
                nt[h] = m->tab[i];
            }
        free(m->tab);
        m->tab = nt;
        m->cap = ncap;
    }
    if (!m->cap)
        return NULL;
    size_t h = mhash(key, m->cap);
    while (m->tab[h].used) {
        if (m->tab[h].key == key)
            return &m->tab[h];
        h = (h + 1) & (m->cap - 1);
    }
    if (!create)
        return NULL;
    m->tab[h].used = 1;
    m->tab[h].key = key;
    m->tab[h].val = 0;
    m->tab[h].dirty = 0;
    m->tab[h].live = 0;
    m->n++;
    return &m->tab[h];
}

static int in_windows(const window *w, int n, uint64_t pa, uint64_t bytes)
{
    for (int i = 0; i < n; i++)
        if (pa >= w[i].base && pa - w[i].base < w[i].size && w[i].size - (pa - w[i].base) >= bytes)
            return 1;
    return 0;
}

static int smem_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val)
{
    smem *m = opaque;
    if ((bytes != 4 && bytes != 8) || bytes > m->bytes || (pa & (bytes - 1)))
        return -1;
    uint64_t key = pa & ~(uint64_t)(m->bytes - 1);
    mslot *s = smem_find(m, key, 0);
    uint64_t w = s ? s->val : 0;
    if (bytes < m->bytes)
        w = (w >> ((pa - key) * 8)) & 0xffffffffull;
    *val = w;
    return 0;
}

/* Writes that change nothing (zeros over never-written words, as the frame
 * pool does when it clears a frame) are dropped; a nonzero word outside every
 * ram window is refused, so the library can never make the trace malformed. */
static int smem_write(void *opaque, uint64_t pa, unsigned bytes, uint64_t val)
{
    smem *m = opaque;
    if ((bytes != 4 && bytes != 8) || bytes > m->bytes || (pa & (bytes - 1)))
        return -1;
    uint64_t key = pa & ~(uint64_t)(m->bytes - 1);
    mslot *s = smem_find(m, key, 0);
    uint64_t old = s ? s->val : 0, nw;
    if (bytes < m->bytes) {
        unsigned sh = (unsigned)(pa - key) * 8;
        nw = (old & ~(0xffffffffull << sh)) | ((val & 0xffffffffull) << sh);
    } else {
        nw = bytes == 8 ? val : (val & 0xffffffffull);
    }
    if (!s && nw == 0)
        return 0;
    if (nw != 0 && !in_windows(m->wins, *m->nwin, key, m->bytes))
        return -1;
    if (!s && !(s = smem_find(m, key, 1)))
        return -1;
    s->val = nw;
    if (!s->dirty) {
        if (m->ndirty == m->dcap) {
            size_t nc = m->dcap ? m->dcap * 2 : 256;
            uint64_t *nd = realloc(m->dirty, nc * sizeof *nd);
            if (!nd) {
                m->oom = 1;
                return -1;
            }
            m->dirty = nd;
            m->dcap = nc;
        }
        m->dirty[m->ndirty++] = key;
        s->dirty = 1;
    }
    return 0;
}

static void smem_free(smem *m)
{
    free(m->tab);
    free(m->dirty);
    m->tab = NULL;
    m->dirty = NULL;
}

/* ------------------------------------------------------------------ */
/* Generator state.                                                    */
/* ------------------------------------------------------------------ */

#define MAX_AS 64
#define MAX_LEVELS 5
#define CUR_BARE (-1)
#define CUR_BOGUS (-2)

typedef struct {
    uint64_t va;        /* page base */
    uint64_t size;
    int level, napot, global;
    int owner;          /* index of the address space, -1 for a global mapping (all) */
    int live;           /* 0 once unmapped */
    int ad_clean;       /* NAPOT with A clear, or W with D clear: see pick_access_va */
} mapping;

typedef struct {
    int owner;
    uint64_t va;        /* a VA whose walk reaches the raw slot */
    uint64_t slot;      /* physical address of the raw slot */
    int level;          /* level of the slot */
} junk;

typedef struct {
    pt_as *as;
    uint32_t asid;
} space;

typedef struct {
    /* options */
    const char *mode_name;
    uint64_t seed;
    long accesses_wanted;
    int asids_max;
    int wide_bare;              /* untranslated VAs may exceed the PA width */
    int noncanon_sfence;        /* extra sfences may name a non-canonical VA */
    unsigned unfenced_pct;      /* PTE rewrites left without their covering sfence, percent */
    /* geometry */
    unsigned mode;
    int rv64, levels;
    unsigned pte_bytes, vpn_bits, va_bits, pa_bits, asid_bits;
    unsigned entries;           /* PTEs per table */
    uint64_t word_mask, pa_mask, ppn_mask;
    rng_t rng;
    FILE *out;
    /* memory */
    smem mem;
    pt_mem ptm;
    window wins[2];
    int nwin, explicit_ram;
    pt_pool *tpool[2];
    pt_pool *dpool;
    uint64_t partial_frame;     /* a frame that straddles a window's end, or 0 */
    /* address spaces */
    space sp[MAX_AS];
    int nas;
    int have_bogus;
    uint32_t bogus_asid;
    uint64_t bogus_ppn;
    /* VA layout: root slots */
    unsigned gidx[2], jidx[2], hot[4];
    int ng, nhot;
    unsigned hv[MAX_LEVELS][3];
    /* records */
    mapping *maps;
    int nmaps, mcap;
    junk *junks;
    int njunk, jcap;
    /* translation state of the stream */
    int cur, priv, sum, mxr, adue;
    long accesses;
    /* temporal locality: recent translated accesses, reused to make TLB hits */
    struct {
        uint64_t va;
        int cur, hint;
    } recent[64];
    int nrecent, ws;            /* entries filled, working-set size now (<= 64) */
} gen;

static void die_oom(void)
{
    fprintf(stderr, "gen_random: out of memory\n");
    exit(1);
}

/* ------------------------------------------------------------------ */
/* Geometry helpers.                                                   */
/* ------------------------------------------------------------------ */

static unsigned level_shift(const gen *g, int level)
{
    return PT_PAGE_SHIFT + g->vpn_bits * (unsigned)level;
}

static uint64_t page_size(const gen *g, int level)
{
    return pt_page_size(g->mode, level);
}

/* Sign-extend from bit va_bits-1 (RV64), or truncate to 32 bits (Sv32). */
static uint64_t canon(const gen *g, uint64_t va)
{
    return pt_va_canon(g->mode, va);
}

static unsigned va_index(const gen *g, uint64_t va, int level)
{
    return (unsigned)((va >> level_shift(g, level)) & (g->entries - 1));
}

static unsigned root_index(const gen *g, uint64_t va)
{
    return va_index(g, va, g->levels - 1);
}

static uint64_t va_from_indices(const gen *g, const unsigned *idx)
{
    uint64_t va = 0;
    for (int i = 0; i < g->levels; i++)
        va |= (uint64_t)idx[i] << level_shift(g, i);
    return canon(g, va);
}

static uint64_t va_replace_index(const gen *g, uint64_t va, int level, unsigned idx)
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

static int in_global_region(const gen *g, uint64_t va)
{
    return pt_va_valid(g->mode, va) && is_global_root(g, root_index(g, va));
}

/* ------------------------------------------------------------------ */
/* Output.                                                             */
/* ------------------------------------------------------------------ */

static void emit_flush(gen *g)
{
    smem *m = &g->mem;
    for (size_t i = 0; i < m->ndirty; i++) {
        mslot *s = smem_find(m, m->dirty[i], 0);
        if (!s)
            continue;
        s->dirty = 0;
        if (s->val != 0 || s->live) {
            fprintf(g->out, "mem 0x%" PRIx64 " 0x%" PRIx64 "\n", s->key, s->val);
            s->live = s->val != 0;
        }
    }
    m->ndirty = 0;
}

static void emit_sfence(gen *g, int has_va, uint64_t va, int has_asid, uint32_t asid)
{
    if (!has_va && !has_asid)
        fprintf(g->out, "sfence\n");
    else if (has_va && !has_asid)
        fprintf(g->out, "sfence va=0x%" PRIx64 "\n", va);
    else if (!has_va)
        fprintf(g->out, "sfence asid=%" PRIu32 "\n", asid);
    else if (rng_pct(&g->rng, 80))
        fprintf(g->out, "sfence va=0x%" PRIx64 " asid=%" PRIu32 "\n", va, asid);
    else
        fprintf(g->out, "sfence asid=%" PRIu32 " va=0x%" PRIx64 "\n", asid, va);
}

/* ------------------------------------------------------------------ */
/* Records.                                                            */
/* ------------------------------------------------------------------ */

static int add_mapping(gen *g, uint64_t va, int level, int napot, int global, int owner)
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

static void add_junk(gen *g, int owner, uint64_t va, uint64_t slot, int level)
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
static int flags_ad_clean(uint64_t f)
{
    return !(f & PTE_A) || ((f & PTE_W) && !(f & PTE_D));
}

static int total_tables(const gen *g)
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
static uint64_t rand_leaf_flags(gen *g, int global, int napot)
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
static uint64_t rand_pa(gen *g, uint64_t size, int from_pool)
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
static uint64_t pa_outside(gen *g)
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
static uint64_t rand_va_in(gen *g, unsigned r, int level, int napot)
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
    if (rng_pct(r, 50))
        return 0;
    if (g->levels > 2 && rng_pct(r, 90))
        return 1 + (int)rng_below(r, (uint64_t)(g->levels - 2));     /* below the root */
    return (int)rng_below(r, (uint64_t)g->levels);
}

/* ------------------------------------------------------------------ */
/* Mapping operations through the sw/ library.                         */
/* ------------------------------------------------------------------ */

/* Map in one address space, or (owner -1) identically in all of them. */
static int map_in(gen *g, int owner, uint64_t va, uint64_t pa, int level, uint64_t flags)
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

static int unmap_in(gen *g, const mapping *m)
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

static int protect_in(gen *g, const mapping *m, uint64_t flags)
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
static int frames_ok(gen *g, int owner)
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
static int new_mapping(gen *g, int owner, int global, int *tables_changed)
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
static int new_share(gen *g, int dst, const mapping *m, int *tables_changed)
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
static void write_raw(gen *g, const junk *j)
{
    int kind;
    uint64_t v = raw_pte(g, j->level, &kind);
    if (smem_write(&g->mem, j->slot, g->pte_bytes, v) != 0)
        return;
    fprintf(g->out, "# raw PTE at 0x%" PRIx64 " (ASID %" PRIu32 ", level %d, va 0x%" PRIx64 "): %s\n", j->slot,
            g->sp[j->owner].asid, j->level, j->va, raw_names[kind]);
}

/* The junk region of one address space: a legal 4 KiB chain under the first
 * junk root slot with malformed siblings at each level, and a malformed PTE in
 * the second junk root slot. */
static void build_junk(gen *g, int a)
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

/* ------------------------------------------------------------------ */
/* Fences after a PTE change.                                          */
/* ------------------------------------------------------------------ */

/* An SFENCE.VMA (or, for a NAPOT page by address, 16 of them) that covers
 * every cached translation of m's page in its address space(s). */
static void fence_for(gen *g, const mapping *m, int tables_changed)
{
    rng_t *r = &g->rng;
    uint32_t asid = m->owner >= 0 ? g->sp[m->owner].asid : 0;
    int nonglobal = !m->global;
    if (g->unfenced_pct && rng_pct(r, g->unfenced_pct)) {
        /* No fence: old and new translation are both legal until one comes
         * (the scoreboard allows the old one exactly while the TLB holds it). */
        fprintf(g->out, "# no sfence after this change\n");
        return;
    }
    unsigned k = (unsigned)rng_below(r, 100);
    if (k < 15 || (tables_changed && !nonglobal)) {
        emit_sfence(g, 0, 0, 0, 0);
        return;
    }
    if (tables_changed || (m->napot && k < 35)) {
        if (nonglobal)
            emit_sfence(g, 0, 0, 1, asid);
        else
            emit_sfence(g, 0, 0, 0, 0);
        return;
    }
    if (m->napot) {
        int with_asid = nonglobal && rng_pct(r, 50);
        for (uint64_t off = 0; off < PT_NAPOT_SIZE; off += PT_FRAME_SIZE)
            emit_sfence(g, 1, m->va + off + rng_below(r, PT_FRAME_SIZE), with_asid, asid);
        return;
    }
    uint64_t va = m->va + rng_below(r, m->size);
    if (nonglobal && k < 55)
        emit_sfence(g, 1, va, 1, asid);
    else if (nonglobal && k < 65)
        emit_sfence(g, 0, 0, 1, asid);
    else
        emit_sfence(g, 1, va, 0, 0);
}

/* ------------------------------------------------------------------ */
/* Stream directives.                                                  */
/* ------------------------------------------------------------------ */

static void emit_satp(gen *g, int which)
{
    g->cur = which;
    if (which == CUR_BARE)
        fprintf(g->out, "satp bare 0 0\n");
    else if (which == CUR_BOGUS)
        fprintf(g->out, "satp %s %" PRIu32 " 0x%" PRIx64 "    # root outside ram or empty\n", g->mode_name,
                g->bogus_asid, g->bogus_ppn);
    else
        fprintf(g->out, "satp %s %" PRIu32 " 0x%" PRIx64 "\n", g->mode_name, g->sp[which].asid,
                as_satp_ppn(g->sp[which].as));
}

/* Pick a live mapping usable in the current context (any if bare/M); -1 if none. */
static int pick_mapping(gen *g, int want_live, int owner_filter)
{
    if (g->nmaps == 0)
        return -1;
    for (int tries = 0; tries < 64; tries++) {
        int i = (int)rng_below(&g->rng, (uint64_t)g->nmaps);
        const mapping *m = &g->maps[i];
        if (want_live >= 0 && m->live != want_live)
            continue;
        if (owner_filter >= 0 && m->owner != owner_filter && !m->global)
            continue;
        return i;
    }
    return -1;
}

static uint64_t offset_in(gen *g, uint64_t size)
{
    rng_t *r = &g->rng;
    unsigned k = (unsigned)rng_below(r, 4);
    if (k == 0)
        return rng_below(r, size < 0x4000 ? size : 0x4000);
    if (k == 1)
        return size - 1 - rng_below(r, size < 0x2000 ? size : 0x2000);
    return rng_below(r, size);
}

/* A non-canonical VA made from va (RV64 only). */
static uint64_t make_noncanonical(gen *g, uint64_t va)
{
    rng_t *r = &g->rng;
    unsigned bit = g->va_bits - 1 + (unsigned)rng_below(r, 64 - (g->va_bits - 1));
    uint64_t v = va ^ (1ull << bit);
    if (pt_va_valid(g->mode, v))
        v ^= 1ull << 63;
    if (pt_va_valid(g->mode, v))
        v = (va & ((1ull << g->va_bits) - 1)) | (1ull << 62);
    return v;
}

/* A VA for the next access; *hint = index of the live mapping it falls in, or -1. */
static uint64_t pick_access_va_once(gen *g, int *hint)
{
    rng_t *r = &g->rng;
    int owner = g->cur >= 0 ? g->cur : -1;
    unsigned k = (unsigned)rng_below(r, 100);
    *hint = -1;
    if (g->cur >= 0 && g->priv != RVMMU_PRIV_M && g->nrecent && rng_pct(r, 55)) {
        int n = g->nrecent < g->ws ? g->nrecent : g->ws;
        int i = (int)rng_below(r, (uint64_t)n);
        if (g->recent[i].cur == g->cur) {
            *hint = g->recent[i].hint;
            if (*hint >= 0 && !g->maps[*hint].live)
                *hint = -1;
            return (g->recent[i].va & ~PT_PAGE_OFFSET_MASK) | rng_below(r, PT_FRAME_SIZE);
        }
    }
    if (k < 62) {
        int i = pick_mapping(g, 1, owner);
        if (i >= 0) {
            *hint = i;
            return canon(g, g->maps[i].va + offset_in(g, g->maps[i].size));
        }
    } else if (k < 71) {
        int i = pick_mapping(g, -1, owner);
        if (i >= 0) {
            const mapping *m = &g->maps[i];
            unsigned s = (unsigned)rng_below(r, 3);
            if (s == 0)
                return canon(g, m->va + m->size + rng_below(r, 0x3000));
            if (s == 1)
                return canon(g, m->va - 1 - rng_below(r, 0x3000));
            return canon(g, m->va + offset_in(g, m->size));
        }
    } else if (k < 80) {
        if (g->njunk) {
            for (int tries = 0; tries < 16; tries++) {
                const junk *j = &g->junks[rng_below(r, (uint64_t)g->njunk)];
                if (owner >= 0 && j->owner != owner && tries < 15)
                    continue;
                uint64_t span = page_size(g, j->level);
                return canon(g, (j->va & ~(span - 1)) + offset_in(g, span));
            }
        }
    } else if (k < 86 && g->rv64) {
        uint64_t base = g->nmaps ? g->maps[rng_below(r, (uint64_t)g->nmaps)].va : rng_u64(r);
        return make_noncanonical(g, base + rng_below(r, PT_FRAME_SIZE));
    }
    if (rng_pct(r, 50)) {
        unsigned root = rng_pct(r, 70) ? g->hot[rng_below(r, (uint64_t)g->nhot)]
                                       : (unsigned)rng_below(r, g->entries);
        return rand_va_in(g, root, 0, 0) + rng_below(r, PT_FRAME_SIZE);
    }
    if (g->cur < 0 || g->priv == RVMMU_PRIV_M)
        return rng_u64(r) & g->word_mask;          /* untranslated: anything */
    return canon(g, rng_u64(r));
}

static uint64_t pick_access_va(gen *g, int *hint)
{
    for (;;) {
        uint64_t va = pick_access_va_once(g, hint) & g->word_mask;
        /* Untranslated (Bare or M): PA = VA. Keep it within the physical
         * address width unless --wide-bare: the RTL's PA port is 56 bits wide
         * and drops VA bits 63:56, the model keeps them (see the report). */
        if ((g->cur == CUR_BARE || g->priv == RVMMU_PRIV_M) && !g->wide_bare)
            va &= g->pa_mask;
        /* No global VA under the bogus root: a cached global entry would
         * answer in one TLB and a walk of the bogus root in another. */
        if (g->cur == CUR_BOGUS && g->priv != RVMMU_PRIV_M && in_global_region(g, va))
            continue;
        /* A NAPOT page is 16 PTEs: a walk (Svadu) writes A/D into the PTE of
         * the 4 KiB page it was for, and whether it walks at all depends on
         * the TLB. While A/D may still be written, use only its first 4 KiB,
         * so that every walk goes through the same PTE. */
        if (g->cur >= 0 && g->priv != RVMMU_PRIV_M) {
            for (int i = 0; i < g->nmaps; i++) {
                const mapping *m = &g->maps[i];
                if (m->live && m->ad_clean && (m->owner == g->cur || m->global) && va - m->va < m->size) {
                    va = m->va + (va & PT_PAGE_OFFSET_MASK);
                    *hint = i;
                    break;
                }
            }
        }
        return va;
    }
}

/* Will this access probably translate, judging by the tables as the generator
 * last wrote them (Svadu A/D updates unseen)? Only steers the choices. */
static int predict_ok(gen *g, uint64_t va, int kind)
{
    uint64_t pte;
    if (g->cur < 0 || g->priv == RVMMU_PRIV_M)
        return g->cur != CUR_BOGUS || g->priv == RVMMU_PRIV_M;
    if (as_lookup(g->sp[g->cur].as, va, &pte, NULL) != PT_OK)
        return 0;
    int u = (pte & PTE_U) != 0;
    if (g->priv == RVMMU_PRIV_U ? !u : (u && (kind == 2 || !g->sum)))
        return 0;
    if (kind == 0 && !(pte & PTE_R) && !(g->mxr && (pte & PTE_X)))
        return 0;
    if ((kind == 1 && !(pte & PTE_W)) || (kind == 2 && !(pte & PTE_X)))
        return 0;
    if (!g->adue && (!(pte & PTE_A) || (kind == 1 && !(pte & PTE_D))))
        return 0;
    return 1;
}

static void do_access(gen *g)
{
    static const char *const kinds[] = { "load", "store", "fetch" };
    rng_t *r = &g->rng;
    unsigned k = (unsigned)rng_below(r, 100);
    int kind = k < 45 ? 0 : k < 75 ? 1 : 2;
    int hint;
    uint64_t va = pick_access_va(g, &hint);
    /* Mostly, on a mapped page, a kind of access that should succeed, so that
     * walks fill the TLB and later accesses hit; the rest is left to chance. */
    if (rng_pct(r, 65)) {
        int ok[3], n = 0;
        for (int c = 0; c < 3; c++)
            if (predict_ok(g, va, c))
                ok[n++] = c;
        if (n)
            kind = ok[rng_below(r, (uint64_t)n)];
    }
    fprintf(g->out, "%s 0x%" PRIx64 "\n", kinds[kind], va);
    g->accesses++;
    if (g->cur >= 0 && g->priv != RVMMU_PRIV_M && predict_ok(g, va, kind)) {
        /* newest first */
        memmove(&g->recent[1], &g->recent[0], sizeof g->recent - sizeof g->recent[0]);
        g->recent[0].va = va;
        g->recent[0].cur = g->cur;
        g->recent[0].hint = hint;
        if (g->nrecent < 64)
            g->nrecent++;
    }
    if (rng_pct(r, 2))
        g->ws = 4 + (int)rng_below(r, 61);     /* 4..64: below and above the 16-entry TLB */
}

/* A burst: 12..47 accesses that should succeed, to distinct places of the
 * current address space, then the same places again (forward, backward or
 * shuffled): more translations than the 16-entry TLB holds, so the RTL
 * evicts and walks again where the ideal TLB hits. */
static void do_burst(gen *g)
{
    static const char *const kinds[] = { "load", "store", "fetch" };
    rng_t *r = &g->rng;
    uint64_t vas[48];
    int kd[48], n = 0;
    if (g->cur < 0 || g->priv == RVMMU_PRIV_M)
        return;
    int want = 12 + (int)rng_below(r, 36);
    for (int tries = 0; tries < 400 && n < want; tries++) {
        int i = pick_mapping(g, 1, g->cur);
        if (i < 0)
            break;
        const mapping *m = &g->maps[i];
        uint64_t va = canon(g, m->va + offset_in(g, m->size));
        if (m->ad_clean)
            va = m->va + (va & PT_PAGE_OFFSET_MASK);      /* see pick_access_va */
        int ok[3], c = 0;
        for (int k = 0; k < 3; k++)
            if (predict_ok(g, va, k))
                ok[c++] = k;
        if (!c)
            continue;
        int dup = 0;
        for (int k = 0; k < n; k++)
            dup |= (vas[k] >> PT_PAGE_SHIFT) == (va >> PT_PAGE_SHIFT);
        if (dup)
            continue;
        vas[n] = va;
        kd[n++] = ok[rng_below(r, (uint64_t)c)];
    }
    if (n == 0)
        return;
    fprintf(g->out, "# burst: %d pages, ASID %" PRIu32 "\n", n, g->sp[g->cur].asid);
    int rounds = 2 + (int)rng_below(r, 2);
    for (int round = 0; round < rounds && g->accesses < g->accesses_wanted; round++) {
        unsigned order = (unsigned)rng_below(r, 3);
        for (int j = 0; j < n && g->accesses < g->accesses_wanted; j++) {
            int k = order == 0 ? j : order == 1 ? n - 1 - j : (int)rng_below(r, (uint64_t)n);
            uint64_t va = (vas[k] & ~PT_PAGE_OFFSET_MASK) | rng_below(r, PT_FRAME_SIZE);
            fprintf(g->out, "%s 0x%" PRIx64 "\n", kinds[kd[k]], va);
            g->accesses++;
        }
    }
}

static void do_satp(gen *g)
{
    unsigned k = (unsigned)rng_below(&g->rng, 100);
    if (k < 10)
        emit_satp(g, CUR_BARE);
    else if (k < 20 && g->have_bogus)
        emit_satp(g, CUR_BOGUS);
    else
        emit_satp(g, (int)rng_below(&g->rng, (uint64_t)g->nas));
}

static void do_priv(gen *g)
{
    unsigned k = (unsigned)rng_below(&g->rng, 100);
    g->priv = k < 30 ? RVMMU_PRIV_U : k < 90 ? RVMMU_PRIV_S : RVMMU_PRIV_M;
    fprintf(g->out, "priv %s\n", g->priv == RVMMU_PRIV_U ? "U" : g->priv == RVMMU_PRIV_S ? "S" : "M");
}

static void do_toggle(gen *g)
{
    switch (rng_below(&g->rng, 3)) {
    case 0:
        g->sum = !g->sum;
        fprintf(g->out, "sum %d\n", g->sum);
        break;
    case 1:
        g->mxr = !g->mxr;
        fprintf(g->out, "mxr %d\n", g->mxr);
        break;
    default:
        g->adue = !g->adue;
        fprintf(g->out, "adue %d\n", g->adue);
        break;
    }
}

/* An SFENCE.VMA nothing depends on: any form, any operands. */
static void do_extra_sfence(gen *g)
{
    rng_t *r = &g->rng;
    uint64_t va;
    int i = pick_mapping(g, -1, -1);
    if (i >= 0 && rng_pct(r, 80))
        va = canon(g, g->maps[i].va + offset_in(g, g->maps[i].size));
    else
        va = canon(g, rng_u64(r));
    /* The spec makes an SFENCE.VMA with an invalid rs1 a no-op; over-fencing
     * is legal too. The RTL keeps the entries, the scoreboard's shadow (the
     * model masks rs1) drops them and reports a mismatch: opt-in only. */
    if (g->rv64 && g->noncanon_sfence && rng_pct(r, 5))
        va = make_noncanonical(g, va);
    uint32_t asid;
    if (rng_pct(r, 80))
        asid = g->sp[rng_below(r, (uint64_t)g->nas)].asid;
    else
        asid = (uint32_t)rng_below(r, 1ull << g->asid_bits);
    switch (rng_below(r, 4)) {
    case 0: emit_sfence(g, 0, 0, 0, 0); break;
    case 1: emit_sfence(g, 1, va, 0, 0); break;
    case 2: emit_sfence(g, 0, 0, 1, asid); break;
    default: emit_sfence(g, 1, va, 1, asid); break;
    }
}

static const char *owner_text(gen *g, const mapping *m, char *buf, size_t n)
{
    if (m->owner < 0)
        snprintf(buf, n, "all ASIDs (global)");
    else
        snprintf(buf, n, "ASID %" PRIu32, g->sp[m->owner].asid);
    return buf;
}

/* Change the page tables through the library, then fence. */
static void do_rewrite(gen *g)
{
    rng_t *r = &g->rng;
    char who[32];
    unsigned k = (unsigned)rng_below(r, 100);
    if (k < 40) {                                   /* protect */
        int i = pick_mapping(g, 1, -1);
        if (i < 0)
            return;
        mapping m = g->maps[i];
        uint64_t flags = rand_leaf_flags(g, m.global, m.napot);
        if (protect_in(g, &m, flags) != PT_OK)
            return;
        g->maps[i].ad_clean = m.napot && flags_ad_clean(flags);
        fprintf(g->out, "# protect va 0x%" PRIx64 " in %s\n", m.va, owner_text(g, &m, who, sizeof who));
        emit_flush(g);
        fence_for(g, &m, 0);
    } else if (k < 55) {                            /* unmap */
        int i = pick_mapping(g, 1, -1);
        if (i < 0)
            return;
        mapping m = g->maps[i];
        if (unmap_in(g, &m) != PT_OK)
            return;
        g->maps[i].live = 0;
        fprintf(g->out, "# unmap va 0x%" PRIx64 " in %s\n", m.va, owner_text(g, &m, who, sizeof who));
        emit_flush(g);
        fence_for(g, &m, 0);
    } else if (k < 75) {                            /* remap: unmap, then map again at the same or a smaller size */
        int i = pick_mapping(g, 1, -1);
        if (i < 0)
            return;
        mapping m = g->maps[i];
        if (!frames_ok(g, m.owner) || unmap_in(g, &m) != PT_OK)
            return;
        g->maps[i].live = 0;
        int level = m.napot ? 0 : (int)rng_below(r, (uint64_t)m.level + 1);
        int napot = m.napot || (g->rv64 && level == 0 && m.level > 0 && rng_pct(r, 30));
        uint64_t size = napot ? PT_NAPOT_SIZE : page_size(g, level);
        uint64_t va = m.va + (rng_below(r, m.size) & ~(size - 1));
        int before = total_tables(g);
        uint64_t flags = rand_leaf_flags(g, m.global, napot);
        int ok = map_in(g, m.owner, va, rand_pa(g, size, !napot), level, flags) == PT_OK;
        int changed = total_tables(g) != before;
        int ni = ok ? add_mapping(g, va, level, napot, m.global, m.owner) : -1;
        if (ni >= 0)
            g->maps[ni].ad_clean = napot && flags_ad_clean(flags);
        fprintf(g->out, "# remap va 0x%" PRIx64 " in %s%s\n", m.va, owner_text(g, &m, who, sizeof who),
                ok ? "" : " (unmapped only)");
        emit_flush(g);
        /* one fence covering both the old page and the new one */
        mapping cover = m;
        if (ni >= 0 && g->maps[ni].napot && !m.napot)
            changed = 1;        /* a superpage split into a NAPOT page: fence it all */
        fence_for(g, &cover, changed);
    } else if (k < 90) {                            /* a new mapping */
        int global = rng_pct(r, 20);
        int owner = (int)rng_below(r, (uint64_t)g->nas);
        int changed = 0;
        int i = new_mapping(g, owner, global, &changed);
        if (i < 0)
            return;
        mapping m = g->maps[i];
        fprintf(g->out, "# map va 0x%" PRIx64 " level %d%s in %s\n", m.va, m.level, m.napot ? " NAPOT" : "",
                owner_text(g, &m, who, sizeof who));
        emit_flush(g);
        fence_for(g, &m, changed);
    } else if (k < 97) {                            /* share a frame with another address space */
        int src = pick_mapping(g, 1, -1);
        if (src < 0)
            return;
        mapping sm = g->maps[src];
        int dst = (int)rng_below(r, (uint64_t)g->nas);
        int changed = 0;
        int i = new_share(g, dst, &sm, &changed);
        if (i < 0)
            return;
        mapping m = g->maps[i];
        fprintf(g->out, "# share va 0x%" PRIx64 " in ASID %" PRIu32 " onto the frame of va 0x%" PRIx64 "\n", m.va,
                g->sp[dst].asid, sm.va);
        emit_flush(g);
        fence_for(g, &m, changed);
    } else if (g->njunk) {                          /* rewrite a malformed PTE */
        const junk *j = &g->junks[rng_below(r, (uint64_t)g->njunk)];
        write_raw(g, j);
        emit_flush(g);
        if (rng_pct(r, 50))
            emit_sfence(g, 0, 0, 0, 0);
        else
            emit_sfence(g, 0, 0, 1, g->sp[j->owner].asid);
    }
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

static void choose_windows(gen *g)
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

static void make_pools(gen *g)
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

static void choose_layout(gen *g)
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

static void make_spaces(gen *g)
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

static void build_tables(gen *g)
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

/* ------------------------------------------------------------------ */
/* Main.                                                               */
/* ------------------------------------------------------------------ */

static void usage(void)
{
    fprintf(stderr, "usage: gen_random --mode sv32|sv39|sv48|sv57 --seed S --accesses N [--asids K]\n"
                    "                  [--wide-bare] [--noncanonical-sfence]\n"
                    "  prints a constrained-random tlbtrace on stdout\n"
                    "  --asids K     at most K address spaces (1..%d, default 4)\n"
                    "  --wide-bare   RV64: untranslated (Bare/M) accesses may use VA bits above the\n"
                    "                56-bit PA width (PA = VA, all 64 bits)\n"
                    "  --unfenced P  leave P%% of the PTE rewrites without their covering sfence (the\n"
                    "                results then depend on the TLB's contents: check with the scoreboard)\n"
                    "  --noncanonical-sfence  RV64: some extra (redundant) sfences name a non-canonical\n"
                    "                VA (such an SFENCE.VMA has no effect)\n",
            MAX_AS);
    exit(2);
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    int base = 10;
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        return -1;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (!*s || *s == '-' || *s == '+' || *s == ' ')
            return -1;
    }
    errno = 0;
    unsigned long long x = strtoull(s, &end, base);
    if (*end || errno)
        return -1;
    *v = (uint64_t)x;
    return 0;
}

int main(int argc, char **argv)
{
    gen *g = calloc(1, sizeof *g);
    if (!g)
        die_oom();
    uint64_t seed = 0, nacc = 0, k = 4, k2 = 0;
    int have_seed = 0, have_acc = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--mode") && v) {
            g->mode_name = v;
            i++;
        } else if (!strcmp(a, "--seed") && v && parse_u64(v, &seed) == 0) {
            have_seed = 1;
            i++;
        } else if (!strcmp(a, "--accesses") && v && parse_u64(v, &nacc) == 0 && nacc <= 100000000ull) {
            have_acc = 1;
            i++;
        } else if (!strcmp(a, "--asids") && v && parse_u64(v, &k) == 0 && k >= 1 && k <= MAX_AS) {
            i++;
        } else if (!strcmp(a, "--wide-bare")) {
            g->wide_bare = 1;
        } else if (!strcmp(a, "--unfenced") && v && parse_u64(v, &k2) == 0 && k2 <= 100) {
            g->unfenced_pct = (unsigned)k2;
            i++;
        } else if (!strcmp(a, "--noncanonical-sfence")) {
            g->noncanon_sfence = 1;
        } else {
            usage();
        }
    }
    if (!g->mode_name || !have_seed || !have_acc)
        usage();
    if (!strcmp(g->mode_name, "sv32"))
        g->mode = RVMMU_MODE_SV32;
    else if (!strcmp(g->mode_name, "sv39"))
        g->mode = RVMMU_MODE_SV39;
    else if (!strcmp(g->mode_name, "sv48"))
        g->mode = RVMMU_MODE_SV48;
    else if (!strcmp(g->mode_name, "sv57"))
        g->mode = RVMMU_MODE_SV57;
    else
        usage();

    g->seed = seed;
    g->accesses_wanted = (long)nacc;
    g->out = stdout;
    g->levels = pt_mode_levels(g->mode);
    g->pte_bytes = pt_mode_pte_bytes(g->mode);
    g->rv64 = g->pte_bytes == 8;
    g->va_bits = pt_mode_va_bits(g->mode);
    g->pa_bits = pt_mode_pa_bits(g->mode);
    g->vpn_bits = pt_mode_vpn_bits(g->mode);
    g->entries = 1u << g->vpn_bits;
    g->asid_bits = pt_mode_asid_bits(g->mode);
    g->word_mask = pt_mode_word_mask(g->mode);
    g->pa_mask = (1ull << g->pa_bits) - 1;
    g->ppn_mask = (1ull << pt_mode_ppn_bits(g->mode)) - 1;
    if (k > (1ull << g->asid_bits) - 1)
        k = (1ull << g->asid_bits) - 1;
    g->asids_max = (int)k;
    rng_seed(&g->rng, seed);

    g->mem.bytes = g->pte_bytes;
    g->mem.wins = g->wins;
    g->mem.nwin = &g->nwin;
    g->ptm.read = smem_read;
    g->ptm.write = smem_write;
    g->ptm.opaque = &g->mem;

    g->nas = 1 + (int)rng_below(&g->rng, (uint64_t)g->asids_max);
    choose_windows(g);
    fprintf(g->out, "# gen_random --mode %s --seed %" PRIu64 " --accesses %" PRIu64 " --asids %" PRIu64 "%s%s",
            g->mode_name, seed, nacc, k, g->wide_bare ? " --wide-bare" : "",
            g->noncanon_sfence ? " --noncanonical-sfence" : "");
    if (g->unfenced_pct) fprintf(g->out, " --unfenced %u", g->unfenced_pct);
    fprintf(g->out, "\n");
    fprintf(g->out, "# constrained-random trace: no expect lines; compare the RTL with --model ref\n");
    fprintf(g->out, "tlbtrace 1\nmode %s\n", g->mode_name);
    if (g->explicit_ram)
        for (int i = 0; i < g->nwin; i++)
            fprintf(g->out, "ram 0x%" PRIx64 " 0x%" PRIx64 "\n", g->wins[i].base, g->wins[i].size);
    else
        fprintf(g->out, "# default ram window 0x80000000 0x10000000\n");

    make_pools(g);
    choose_layout(g);
    make_spaces(g);
    build_tables(g);
    if (g->mem.oom)
        die_oom();
    for (int i = 0; i < g->nas; i++)
        fprintf(g->out, "# address space %d: ASID %" PRIu32 ", root 0x%" PRIx64 ", %d tables\n", i, g->sp[i].asid,
                as_satp_ppn(g->sp[i].as) << PT_PAGE_SHIFT, as_table_count(g->sp[i].as));
    {
        char roots[128];
        int n = snprintf(roots, sizeof roots, "# root slots: global");
        for (int i = 0; i < g->ng; i++)
            n += snprintf(roots + n, sizeof roots - (size_t)n, " %u", g->gidx[i]);
        snprintf(roots + n, sizeof roots - (size_t)n, ", junk %u %u", g->jidx[0], g->jidx[1]);
        fprintf(g->out, "%s\n", roots);
    }
    emit_flush(g);

    /* initial state */
    g->priv = RVMMU_PRIV_S;
    g->ws = 4 + (int)rng_below(&g->rng, 61);
    emit_satp(g, 0);
    if (rng_pct(&g->rng, 50)) {
        g->adue = 1;
        fprintf(g->out, "adue 1\n");
    }

    /* Phases: "churn" rewrites page tables and fences often; "steady" seldom
     * does, and (with the working set above) lets the TLB fill and evict. */
    int steady = rng_pct(&g->rng, 50);
    while (g->accesses < g->accesses_wanted) {
        if (rng_below(&g->rng, 1000) < 15)
            steady = !steady;
        unsigned c = (unsigned)rng_below(&g->rng, 1000);
        unsigned p_satp = steady ? 30 : 50, p_priv = 40, p_tog = 50;
        unsigned p_fence = steady ? 5 : 30, p_rew = steady ? 10 : 100, p_burst = steady ? 12 : 3;
        if (c < p_burst)
            do_burst(g);
        else if ((c -= p_burst) < p_satp)
            do_satp(g);
        else if ((c -= p_satp) < p_priv)
            do_priv(g);
        else if ((c -= p_priv) < p_tog)
            do_toggle(g);
        else if ((c -= p_tog) < p_fence)
            do_extra_sfence(g);
        else if ((c -= p_fence) < p_rew)
            do_rewrite(g);
        else
            do_access(g);
        if (g->mem.oom)
            die_oom();
    }

    for (int i = 0; i < g->nas; i++)
        as_destroy(g->sp[i].as);
    for (int i = 0; i < g->nwin; i++)
        pool_destroy(g->tpool[i]);
    pool_destroy(g->dpool);
    smem_free(&g->mem);
    free(g->maps);
    free(g->junks);
    free(g);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "gen_random: write error\n");
        return 1;
    }
    return 0;
}
