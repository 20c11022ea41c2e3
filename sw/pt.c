/* pt.c -- RISC-V page-table construction (see pt.h). Written from the RISC-V
 * privileged specification, "Virtual-Memory System": Sv32, Sv39, Sv48, Sv57,
 * Svnapot (64 KiB pages) and Svpbmt. */
#include "pt.h"

#include <stdlib.h>

/* ------------------------------------------------------------------ */
/* Mode geometry (read-only table).                                    */
/* ------------------------------------------------------------------ */

typedef struct {
    unsigned mode;       /* RVMMU_MODE_* */
    int levels;          /* page-table levels */
    unsigned pte_bytes;  /* 4 or 8 */
    unsigned vpn_bits;   /* bits of one VPN field (10 in Sv32, 9 in RV64) */
    unsigned va_bits;    /* 32, 39, 48, 57 */
    unsigned pa_bits;    /* 34 or 56 */
    unsigned ppn_bits;   /* width of the PTE's PPN field: 22 or 44 */
    unsigned asid_bits;  /* 9 or 16 */
} mode_geometry;

static const mode_geometry mode_table[] = {
    { RVMMU_MODE_SV32, 2, 4, 10, 32, 34, 22, 9 },
    { RVMMU_MODE_SV39, 3, 8, 9, 39, 56, 44, 16 },
    { RVMMU_MODE_SV48, 4, 8, 9, 48, 56, 44, 16 },
    { RVMMU_MODE_SV57, 5, 8, 9, 57, 56, 44, 16 },
};

static const mode_geometry *mode_find(unsigned mode)
{
    for (size_t i = 0; i < sizeof mode_table / sizeof mode_table[0]; i++)
        if (mode_table[i].mode == mode)
            return &mode_table[i];
    return NULL;
}

/* The geometry of mode; all zero (no levels, no bits) for an unknown mode. */
static const mode_geometry *mode_or_zero(unsigned mode)
{
    static const mode_geometry none;
    const mode_geometry *g = mode_find(mode);
    return g ? g : &none;
}

static uint64_t low_mask(unsigned bits)
{
    return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

static int is_rv64(const mode_geometry *g)
{
    return g->pte_bytes == 8;
}

/* XLEN: the PTE size in bits (0 for the unknown mode). */
static unsigned xlen_of(const mode_geometry *g)
{
    return g->pte_bytes * 8u;
}

/* The XLEN-wide word a PTE occupies. */
static uint64_t pte_word_mask(const mode_geometry *g)
{
    return low_mask(xlen_of(g));
}

/* Shift of the VPN field of a level (PT_PAGE_SHIFT + vpn_bits * level). */
static unsigned level_shift(const mode_geometry *g, int level)
{
    return PT_PAGE_SHIFT + g->vpn_bits * (unsigned)level;
}

static uint64_t vpn_index(const mode_geometry *g, uint64_t va, int level)
{
    return (va >> level_shift(g, level)) & low_mask(g->vpn_bits);
}

/* Flag bits a leaf may carry in a mode (besides V). */
static uint64_t leaf_flag_mask(const mode_geometry *g)
{
    uint64_t m = PTE_R | PTE_W | PTE_X | PTE_U | PTE_G | PTE_A | PTE_D | PTE_RSW_MASK;
    if (is_rv64(g))
        m |= PTE_PBMT_MASK | PTE_N;
    return m;
}

/* ------------------------------------------------------------------ */
/* Errors.                                                             */
/* ------------------------------------------------------------------ */

const char *pt_strerror(int err)
{
    switch (err) {
    case PT_OK: return "success";
    case PT_ERR_ALREADY_MAPPED: return "va is already mapped";
    case PT_ERR_TABLE_EXISTS: return "a page table already exists where the superpage would go";
    case PT_ERR_SUPERPAGE_EXISTS: return "va lies inside an existing superpage";
    case PT_ERR_UNALIGNED_VA: return "va is not aligned to the page size";
    case PT_ERR_UNALIGNED_PA: return "pa is not aligned to the page size";
    case PT_ERR_PA_TOO_WIDE: return "pa is wider than the mode allows";
    case PT_ERR_VA_INVALID: return "va is too wide or not canonical for the mode";
    case PT_ERR_OUT_OF_FRAMES: return "out of frames in the pool";
    case PT_ERR_BAD_MODE: return "unknown translation mode";
    case PT_ERR_DOUBLE_FREE: return "frame freed twice";
    case PT_ERR_NOT_IN_POOL: return "address is not a frame of the pool";
    case PT_ERR_NOT_MAPPED: return "va is not mapped";
    case PT_ERR_BAD_LEVEL: return "level out of range for the mode";
    case PT_ERR_BAD_FLAGS: return "illegal leaf flags for the mode and level";
    case PT_ERR_BAD_ASID: return "ASID wider than the mode allows";
    case PT_ERR_BAD_RANGE: return "pool range empty, unaligned or wrapping";
    case PT_ERR_MEM: return "memory access failed";
    case PT_ERR_NO_HOST_MEMORY: return "host out of memory";
    case PT_ERR_NULL: return "NULL argument";
    default: return "unknown error";
    }
}

static void set_err(int *err, int code)
{
    if (err)
        *err = code;
}

/* ------------------------------------------------------------------ */
/* Mode queries.                                                       */
/* ------------------------------------------------------------------ */

int pt_mode_valid(unsigned mode)
{
    return mode_find(mode) != NULL;
}

int pt_mode_levels(unsigned mode)
{
    return mode_or_zero(mode)->levels;
}

unsigned pt_mode_pte_bytes(unsigned mode)
{
    return mode_or_zero(mode)->pte_bytes;
}

unsigned pt_mode_xlen(unsigned mode)
{
    return xlen_of(mode_or_zero(mode));
}

uint64_t pt_mode_word_mask(unsigned mode)
{
    return pte_word_mask(mode_or_zero(mode));
}

unsigned pt_mode_vpn_bits(unsigned mode)
{
    return mode_or_zero(mode)->vpn_bits;
}

unsigned pt_mode_ppn_bits(unsigned mode)
{
    return mode_or_zero(mode)->ppn_bits;
}

unsigned pt_mode_asid_bits(unsigned mode)
{
    return mode_or_zero(mode)->asid_bits;
}

unsigned pt_mode_va_bits(unsigned mode)
{
    return mode_or_zero(mode)->va_bits;
}

unsigned pt_mode_pa_bits(unsigned mode)
{
    return mode_or_zero(mode)->pa_bits;
}

uint64_t pt_page_size(unsigned mode, int level)
{
    const mode_geometry *g = mode_or_zero(mode);
    if (level < 0 || level >= g->levels)
        return 0;
    return 1ull << level_shift(g, level);
}

static int va_valid(const mode_geometry *g, uint64_t va)
{
    if (!is_rv64(g))
        return (va >> 32) == 0;
    /* Bits 63 .. va_bits-1 must all equal bit va_bits-1. */
    uint64_t top = va >> (g->va_bits - 1);
    return top == 0 || top == (~0ull >> (g->va_bits - 1));
}

int pt_va_valid(unsigned mode, uint64_t va)
{
    const mode_geometry *g = mode_find(mode);
    return g ? va_valid(g, va) : 0;
}

uint64_t pt_va_canon(unsigned mode, uint64_t va)
{
    const mode_geometry *g = mode_or_zero(mode);
    if (!is_rv64(g))
        return va & pte_word_mask(g);
    unsigned sh = 64u - g->va_bits;
    return (uint64_t)((int64_t)(va << sh) >> sh);
}

/* ------------------------------------------------------------------ */
/* PTE encoding.                                                       */
/* ------------------------------------------------------------------ */

uint64_t pte_make_leaf(unsigned mode, uint64_t ppn, uint64_t flags)
{
    const mode_geometry *g = mode_find(mode);
    if (!g)
        return 0;
    return (((ppn & low_mask(g->ppn_bits)) << PTE_PPN_SHIFT)
            | (flags & leaf_flag_mask(g)) | PTE_V) & pte_word_mask(g);
}

uint64_t pte_make_pointer(unsigned mode, uint64_t ppn)
{
    const mode_geometry *g = mode_find(mode);
    if (!g)
        return 0;
    /* A non-leaf PTE: R=W=X=0; D, A, U (and in RV64 N, PBMT) must be zero. */
    return (((ppn & low_mask(g->ppn_bits)) << PTE_PPN_SHIFT) | PTE_V) & pte_word_mask(g);
}

uint64_t pte_ppn(unsigned mode, uint64_t pte)
{
    const mode_geometry *g = mode_find(mode);
    if (!g)
        return 0;
    return (pte >> PTE_PPN_SHIFT) & low_mask(g->ppn_bits);
}

uint64_t pte_flags(unsigned mode, uint64_t pte)
{
    const mode_geometry *g = mode_find(mode);
    if (!g)
        return 0;
    return pte & leaf_flag_mask(g);
}

int pte_is_valid(uint64_t pte)
{
    return (pte & PTE_V) != 0;
}

int pte_is_leaf(uint64_t pte)
{
    return pte_is_valid(pte) && (pte & (PTE_R | PTE_X)) != 0;
}

int pte_is_pointer(uint64_t pte)
{
    return pte_is_valid(pte) && (pte & (PTE_R | PTE_W | PTE_X)) == 0;
}

int pte_is_napot(unsigned mode, uint64_t pte)
{
    const mode_geometry *g = mode_find(mode);
    return g && is_rv64(g) && (pte & PTE_N) != 0;
}

int pte_check_leaf_flags(unsigned mode, int level, uint64_t flags)
{
    const mode_geometry *g = mode_find(mode);
    if (!g)
        return PT_ERR_BAD_MODE;
    if (level < 0 || level >= g->levels)
        return PT_ERR_BAD_LEVEL;
    flags &= ~PTE_V;
    if (flags & ~leaf_flag_mask(g))
        return PT_ERR_BAD_FLAGS;            /* PPN bits, reserved bits, PBMT/N in Sv32 */
    if ((flags & (PTE_R | PTE_X)) == 0)
        return PT_ERR_BAD_FLAGS;            /* R=W=X=0 is a pointer, W alone is reserved */
    if ((flags & PTE_W) && !(flags & PTE_R))
        return PT_ERR_BAD_FLAGS;            /* W=1, R=0 is reserved */
    if (((flags & PTE_PBMT_MASK) >> PTE_PBMT_SHIFT) == 3)
        return PT_ERR_BAD_FLAGS;            /* PBMT 3 is reserved */
    if ((flags & PTE_N) && level != 0)
        return PT_ERR_BAD_FLAGS;            /* Svnapot: only 64 KiB pages at level 0 */
    return PT_OK;
}

/* ------------------------------------------------------------------ */
/* Frame pool.                                                         */
/* ------------------------------------------------------------------ */

struct pt_pool {
    uint64_t base;
    uint64_t nframes;
    uint64_t nfree;
    uint64_t hint;       /* no free frame below this index */
    uint64_t *used;      /* one bit per frame */
    pt_mem mem;
};

static int mem_ok(const pt_mem *mem)
{
    return mem && mem->read && mem->write;
}

pt_pool *pool_create(uint64_t base, uint64_t size, const pt_mem *mem, int *err)
{
    if (!mem_ok(mem)) {
        set_err(err, PT_ERR_NULL);
        return NULL;
    }
    if (size == 0 || (base % PT_FRAME_SIZE) || (size % PT_FRAME_SIZE) || base + size - 1 < base) {
        set_err(err, PT_ERR_BAD_RANGE);
        return NULL;
    }
    pt_pool *p = malloc(sizeof *p);
    if (!p) {
        set_err(err, PT_ERR_NO_HOST_MEMORY);
        return NULL;
    }
    p->base = base;
    p->nframes = size / PT_FRAME_SIZE;
    p->nfree = p->nframes;
    p->hint = 0;
    p->mem = *mem;
    uint64_t words = (p->nframes + 63) / 64;
    p->used = (words > SIZE_MAX / sizeof(uint64_t)) ? NULL : calloc((size_t)words, sizeof(uint64_t));
    if (!p->used) {
        free(p);
        set_err(err, PT_ERR_NO_HOST_MEMORY);
        return NULL;
    }
    set_err(err, PT_OK);
    return p;
}

void pool_destroy(pt_pool *pool)
{
    if (!pool)
        return;
    free(pool->used);
    free(pool);
}

static int frame_bit(const pt_pool *p, uint64_t i)
{
    return (int)((p->used[i / 64] >> (i % 64)) & 1u);
}

static void frame_set(pt_pool *p, uint64_t i, int v)
{
    if (v)
        p->used[i / 64] |= 1ull << (i % 64);
    else
        p->used[i / 64] &= ~(1ull << (i % 64));
}

int pool_alloc_frame(pt_pool *pool, uint64_t *pa)
{
    if (!pool || !pa)
        return PT_ERR_NULL;
    if (pool->nfree == 0)
        return PT_ERR_OUT_OF_FRAMES;
    uint64_t i = pool->hint;
    while (i < pool->nframes && frame_bit(pool, i))
        i++;
    if (i >= pool->nframes)
        return PT_ERR_OUT_OF_FRAMES;        /* cannot happen while nfree is right */
    uint64_t frame = pool->base + i * PT_FRAME_SIZE;
    for (uint64_t off = 0; off < PT_FRAME_SIZE; off += 4)
        if (pool->mem.write(pool->mem.opaque, frame + off, 4, 0) != 0)
            return PT_ERR_MEM;
    frame_set(pool, i, 1);
    pool->nfree--;
    pool->hint = i + 1;
    *pa = frame;
    return PT_OK;
}

int pool_free_frame(pt_pool *pool, uint64_t pa)
{
    if (!pool)
        return PT_ERR_NULL;
    if (pa < pool->base || (pa - pool->base) % PT_FRAME_SIZE
        || (pa - pool->base) / PT_FRAME_SIZE >= pool->nframes)
        return PT_ERR_NOT_IN_POOL;
    uint64_t i = (pa - pool->base) / PT_FRAME_SIZE;
    if (!frame_bit(pool, i))
        return PT_ERR_DOUBLE_FREE;
    frame_set(pool, i, 0);
    pool->nfree++;
    if (i < pool->hint)
        pool->hint = i;
    return PT_OK;
}

uint64_t pool_free_count(const pt_pool *pool)
{
    return pool ? pool->nfree : 0;
}

uint64_t pool_frame_count(const pt_pool *pool)
{
    return pool ? pool->nframes : 0;
}

int pool_frame_allocated(const pt_pool *pool, uint64_t pa)
{
    if (!pool || pa < pool->base || (pa - pool->base) % PT_FRAME_SIZE
        || (pa - pool->base) / PT_FRAME_SIZE >= pool->nframes)
        return 0;
    return frame_bit(pool, (pa - pool->base) / PT_FRAME_SIZE);
}

uint64_t pool_base(const pt_pool *pool)
{
    return pool ? pool->base : 0;
}

/* ------------------------------------------------------------------ */
/* Address spaces.                                                     */
/* ------------------------------------------------------------------ */

struct pt_as {
    const mode_geometry *g;
    uint32_t asid;
    uint64_t root;       /* physical address of the root table */
    pt_pool *pool;
    pt_mem mem;
    uint64_t *tables;    /* every table frame this address space owns, root first */
    int ntables, cap;
};

static int pte_read(const pt_as *as, uint64_t pa, uint64_t *val)
{
    uint64_t v = 0;
    if (as->mem.read(as->mem.opaque, pa, as->g->pte_bytes, &v) != 0)
        return PT_ERR_MEM;
    *val = v & pte_word_mask(as->g);
    return PT_OK;
}

static int pte_write(const pt_as *as, uint64_t pa, uint64_t val)
{
    if (as->mem.write(as->mem.opaque, pa, as->g->pte_bytes, val & pte_word_mask(as->g)) != 0)
        return PT_ERR_MEM;
    return PT_OK;
}

static uint64_t slot_address(const pt_as *as, uint64_t table, uint64_t va, int level)
{
    return table + vpn_index(as->g, va, level) * as->g->pte_bytes;
}

static uint64_t table_of(const pt_as *as, uint64_t pointer_pte)
{
    return pte_ppn(as->g->mode, pointer_pte) << PT_PAGE_SHIFT;
}

static int reserve_tables(pt_as *as, int more)
{
    if (as->ntables + more <= as->cap)
        return PT_OK;
    int cap = as->cap ? as->cap : 8;
    while (cap < as->ntables + more)
        cap *= 2;
    uint64_t *t = realloc(as->tables, (size_t)cap * sizeof *t);
    if (!t)
        return PT_ERR_NO_HOST_MEMORY;
    as->tables = t;
    as->cap = cap;
    return PT_OK;
}

pt_as *as_create(unsigned mode, uint32_t asid, pt_pool *pool, const pt_mem *mem, int *err)
{
    const mode_geometry *g = mode_find(mode);
    if (!g) {
        set_err(err, PT_ERR_BAD_MODE);
        return NULL;
    }
    if (!pool || !mem_ok(mem)) {
        set_err(err, PT_ERR_NULL);
        return NULL;
    }
    if (asid > low_mask(g->asid_bits)) {
        set_err(err, PT_ERR_BAD_ASID);
        return NULL;
    }
    /* Every table frame must be addressable by a PTE's PPN (and satp.PPN). */
    uint64_t pool_last = pool->base + pool->nframes * PT_FRAME_SIZE - 1;
    if (pool_last > low_mask(g->pa_bits)) {
        set_err(err, PT_ERR_PA_TOO_WIDE);
        return NULL;
    }
    pt_as *as = calloc(1, sizeof *as);
    if (!as) {
        set_err(err, PT_ERR_NO_HOST_MEMORY);
        return NULL;
    }
    as->g = g;
    as->asid = asid;
    as->pool = pool;
    as->mem = *mem;
    int e = reserve_tables(as, 1);
    if (e == PT_OK)
        e = pool_alloc_frame(pool, &as->root);
    if (e != PT_OK) {
        free(as->tables);
        free(as);
        set_err(err, e);
        return NULL;
    }
    as->tables[as->ntables++] = as->root;
    set_err(err, PT_OK);
    return as;
}

int as_destroy(pt_as *as)
{
    if (!as)
        return PT_OK;
    int first = PT_OK;
    for (int i = as->ntables - 1; i >= 0; i--) {
        int e = pool_free_frame(as->pool, as->tables[i]);
        if (e != PT_OK && first == PT_OK)
            first = e;
    }
    free(as->tables);
    free(as);
    return first;
}

unsigned as_mode(const pt_as *as)
{
    return as->g->mode;
}

uint32_t as_asid(const pt_as *as)
{
    return as->asid;
}

uint64_t as_satp_ppn(const pt_as *as)
{
    return as->root >> PT_PAGE_SHIFT;
}

uint64_t pt_satp(int xlen, unsigned mode, uint32_t asid, uint64_t root_ppn)
{
    if (xlen == 32)         /* RV32: MODE[31] (1 = Sv32, 0 = Bare) ASID[30:22] PPN[21:0] */
        return (mode == RVMMU_MODE_SV32 ? 1ull << 31 : 0) | ((uint64_t)(asid & 0x1ffu) << 22) |
               (root_ppn & 0x3fffffull);
    /* RV64: MODE[63:60] ASID[59:44] PPN[43:0]; Bare is MODE 0 with the other
     * fields kept, as a WARL satp may. */
    return ((uint64_t)(mode & 0xfu) << 60) | ((uint64_t)(asid & 0xffffu) << 44) | (root_ppn & 0xfffffffffffull);
}

uint64_t as_satp(const pt_as *as)
{
    return pt_satp((int)xlen_of(as->g), as->g->mode, as->asid, as_satp_ppn(as));
}

int as_table_count(const pt_as *as)
{
    return as->ntables;
}

/* A leaf PTE found by find_leaf: its address, its value and its level. */
typedef struct {
    uint64_t slot, pte;
    int level;
} leaf_at;

/* Walk for va down to the first leaf into *leaf. Reads only. */
static int find_leaf(const pt_as *as, uint64_t va, leaf_at *leaf)
{
    if (!as)
        return PT_ERR_NULL;
    if (!va_valid(as->g, va))
        return PT_ERR_VA_INVALID;
    uint64_t table = as->root;
    for (int lvl = as->g->levels - 1; lvl >= 0; lvl--) {
        uint64_t s = slot_address(as, table, va, lvl), v;
        int e = pte_read(as, s, &v);
        if (e != PT_OK)
            return e;
        if (!pte_is_valid(v))
            return PT_ERR_NOT_MAPPED;
        if (pte_is_leaf(v)) {
            leaf->slot = s;
            leaf->pte = v;
            leaf->level = lvl;
            return PT_OK;
        }
        if (!pte_is_pointer(v))
            return PT_ERR_NOT_MAPPED;       /* reserved encoding (W without R) */
        table = table_of(as, v);
    }
    return PT_ERR_NOT_MAPPED;               /* a pointer at level 0 */
}

/* Follow va's pointer PTEs from the root down towards level: *table = the
 * deepest table reached, *lvl = its level (level itself, or higher where an
 * invalid PTE ends the walk). A leaf on the way: PT_ERR_SUPERPAGE_EXISTS. */
static int walk_tables(const pt_as *as, uint64_t va, int level, uint64_t *table, int *lvl)
{
    uint64_t t = as->root;
    int l = as->g->levels - 1;
    for (; l > level; l--) {
        uint64_t v;
        int e = pte_read(as, slot_address(as, t, va, l), &v);
        if (e != PT_OK)
            return e;
        if (!pte_is_valid(v))
            break;
        if (!pte_is_pointer(v))
            return PT_ERR_SUPERPAGE_EXISTS;
        t = table_of(as, v);
    }
    *table = t;
    *lvl = l;
    return PT_OK;
}

/* First slot of the 16-entry NAPOT group that contains slot. */
static uint64_t napot_group(const pt_as *as, uint64_t slot)
{
    return slot & ~((uint64_t)PT_NAPOT_PAGES * as->g->pte_bytes - 1);
}

/* Write val into the leaf slot, or into all 16 slots of its NAPOT group. */
static int leaf_rewrite(pt_as *as, uint64_t slot, int napot, uint64_t val)
{
    if (!napot)
        return pte_write(as, slot, val);
    uint64_t first = napot_group(as, slot);
    for (unsigned i = 0; i < PT_NAPOT_PAGES; i++) {
        int e = pte_write(as, first + (uint64_t)i * as->g->pte_bytes, val);
        if (e != PT_OK)
            return e;
    }
    return PT_OK;
}

int as_map_page(pt_as *as, uint64_t va, uint64_t pa, int level, uint64_t flags)
{
    if (!as)
        return PT_ERR_NULL;
    const mode_geometry *g = as->g;
    int e = pte_check_leaf_flags(g->mode, level, flags);
    if (e != PT_OK)
        return e;
    flags &= ~PTE_V;
    int napot = (flags & PTE_N) != 0;
    if (!va_valid(g, va))
        return PT_ERR_VA_INVALID;
    if (pa > low_mask(g->pa_bits))
        return PT_ERR_PA_TOO_WIDE;
    uint64_t size = napot ? PT_NAPOT_SIZE : (1ull << level_shift(g, level));
    if (va & (size - 1))
        return PT_ERR_UNALIGNED_VA;
    if (pa & (size - 1))
        return PT_ERR_UNALIGNED_PA;

    /* Dry run (reads only): find the deepest existing table and every conflict,
     * so that a failing call changes nothing. */
    uint64_t table;
    int lvl;
    e = walk_tables(as, va, level, &table, &lvl);
    if (e != PT_OK)
        return e;
    int need = lvl - level;                 /* tables to create below `table` */
    if (need == 0) {
        uint64_t first = slot_address(as, table, va, level);
        unsigned n = napot ? PT_NAPOT_PAGES : 1;
        for (unsigned i = 0; i < n; i++) {
            uint64_t v;
            e = pte_read(as, first + (uint64_t)i * g->pte_bytes, &v);
            if (e != PT_OK)
                return e;
            if (pte_is_valid(v))
                return pte_is_pointer(v) ? PT_ERR_TABLE_EXISTS : PT_ERR_ALREADY_MAPPED;
        }
    } else {
        if (pool_free_count(as->pool) < (uint64_t)need)
            return PT_ERR_OUT_OF_FRAMES;
        e = reserve_tables(as, need);
        if (e != PT_OK)
            return e;
    }

    /* Create the missing tables, top down: allocate (zeroed), then link. */
    for (; lvl > level; lvl--) {
        uint64_t fresh;
        e = pool_alloc_frame(as->pool, &fresh);
        if (e != PT_OK)
            return e;
        as->tables[as->ntables++] = fresh;
        e = pte_write(as, slot_address(as, table, va, lvl), pte_make_pointer(g->mode, fresh >> PT_PAGE_SHIFT));
        if (e != PT_OK)
            return e;
        table = fresh;
    }

    /* Write the leaf (the 16 identical PTEs of a NAPOT page). */
    uint64_t ppn = pa >> PT_PAGE_SHIFT;
    if (napot)
        ppn |= PTE_NAPOT_64K;
    return leaf_rewrite(as, slot_address(as, table, va, level), napot, pte_make_leaf(g->mode, ppn, flags));
}

int as_unmap(pt_as *as, uint64_t va)
{
    leaf_at lf;
    int e = find_leaf(as, va, &lf);
    if (e != PT_OK)
        return e;
    return leaf_rewrite(as, lf.slot, pte_is_napot(as->g->mode, lf.pte), 0);
}

int as_protect(pt_as *as, uint64_t va, uint64_t flags)
{
    leaf_at lf;
    int e = find_leaf(as, va, &lf);
    if (e != PT_OK)
        return e;
    int napot = pte_is_napot(as->g->mode, lf.pte);
    if ((flags & PTE_N) && !napot)
        return PT_ERR_BAD_FLAGS;            /* protect cannot turn a page into a NAPOT page */
    if (napot)
        flags |= PTE_N;
    e = pte_check_leaf_flags(as->g->mode, lf.level, flags);
    if (e != PT_OK)
        return e;
    return leaf_rewrite(as, lf.slot, napot, pte_make_leaf(as->g->mode, pte_ppn(as->g->mode, lf.pte), flags));
}

int as_lookup(const pt_as *as, uint64_t va, uint64_t *pte, int *level)
{
    leaf_at lf;
    int e = find_leaf(as, va, &lf);
    if (e != PT_OK)
        return e;
    if (pte)
        *pte = lf.pte;
    if (level)
        *level = lf.level;
    return PT_OK;
}

int as_translate(const pt_as *as, uint64_t va, uint64_t *pa)
{
    leaf_at lf;
    if (!pa)
        return PT_ERR_NULL;
    int e = find_leaf(as, va, &lf);
    if (e != PT_OK)
        return e;
    uint64_t ppn = pte_ppn(as->g->mode, lf.pte);
    uint64_t size;
    if (pte_is_napot(as->g->mode, lf.pte)) {
        if (lf.level != 0 || (ppn & PTE_NAPOT_PPN_MASK) != PTE_NAPOT_64K)
            return PT_ERR_NOT_MAPPED;       /* reserved NAPOT encoding: a page fault */
        ppn &= ~(uint64_t)0xf;
        size = PT_NAPOT_SIZE;
    } else {
        size = 1ull << level_shift(as->g, lf.level);
    }
    uint64_t base = ppn << PT_PAGE_SHIFT;
    if (base & (size - 1))
        return PT_ERR_NOT_MAPPED;           /* misaligned superpage: a page fault */
    *pa = base | (va & (size - 1));
    return PT_OK;
}

int as_pte_address(const pt_as *as, uint64_t va, int level, uint64_t *pte_pa)
{
    if (!as || !pte_pa)
        return PT_ERR_NULL;
    if (level < 0 || level >= as->g->levels)
        return PT_ERR_BAD_LEVEL;
    if (!va_valid(as->g, va))
        return PT_ERR_VA_INVALID;
    uint64_t table;
    int lvl;
    int e = walk_tables(as, va, level, &table, &lvl);
    if (e != PT_OK)
        return e;
    if (lvl != level)
        return PT_ERR_NOT_MAPPED;
    *pte_pa = slot_address(as, table, va, level);
    return PT_OK;
}

int as_share(pt_as *dst, uint64_t dst_va, const pt_as *src, uint64_t src_va, uint64_t flags)
{
    if (!dst || !src)
        return PT_ERR_NULL;
    if (flags & PTE_N)
        return PT_ERR_BAD_FLAGS;            /* a shared frame is one 4 KiB page */
    uint64_t pa;
    int e = as_translate(src, src_va, &pa);
    if (e != PT_OK)
        return e;
    return as_map_page(dst, dst_va, pa & ~(uint64_t)(PT_FRAME_SIZE - 1), 0, flags);
}
