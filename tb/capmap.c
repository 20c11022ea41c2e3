/* capmap.c -- page tables for captured programs (see capmap.h, docs/study.md). */
#define _POSIX_C_SOURCE 200809L
#include "capmap.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capfile.h"
#include "pt.h"
#include "rvmmu_defs.h"

/* How a host page was used in pass 1. */
#define USE_FETCH 1u
#define USE_LOAD 2u
#define USE_STORE 4u

/* Where the kernel's page tables live (the RAM window capmap adds), and the
 * data frames (never read by the walker: PA numbers only, outside RAM). */
#define POOL_BASE 0x80000000ull
#define DATA_BASE 0x100000000ull
/* The kernel's global pages: text, text, data, stack (docs/study.md). */
#define KVA_SV32 0xc0000000ull
#define KVA_RV64 0xffffffff80000000ull
#define NKPAGES CAPMAP_KERNEL_TOUCHES

/* Superpage rules (docs/study.md): an aligned region (megapage, or a 16-page
 * 64 KiB group in RV64) is one mapping when its touched pages are all code
 * (fetched) or all data (none fetched) and enough of them are touched: at
 * least 1/8 of a megapage's, 4 of a 64 KiB group's 16. Its permissions are
 * the union of its pages' (a page only loaded in a region that is stored to
 * is writable: anonymous memory is). */
#define MEGA_MIN_DIV 8u
#define NAPOT_MIN 4u

/* ------------------------------------------------------------------ a u64 -> u32 hash map */
typedef struct {
    uint64_t *key;   /* key + 1; 0 = empty */
    uint32_t *val;
    size_t cap, n;   /* cap: a power of two */
} u64map;

static size_t map_slot(const u64map *h, uint64_t k)
{
    return (size_t)((k * 0x9e3779b97f4a7c15ull) >> 17) & (h->cap - 1);
}

static uint32_t *map_get(const u64map *h, uint64_t k)
{
    if (!h->cap) return NULL;
    for (size_t i = map_slot(h, k);; i = (i + 1) & (h->cap - 1)) {
        if (h->key[i] == 0) return NULL;
        if (h->key[i] == k + 1) return &h->val[i];
    }
}

static int map_grow(u64map *h)
{
    u64map g = {0};
    g.cap = h->cap ? h->cap * 2 : 1024;
    g.key = calloc(g.cap, sizeof *g.key);
    g.val = calloc(g.cap, sizeof *g.val);
    if (!g.key || !g.val) {
        free(g.key);
        free(g.val);
        return -1;
    }
    for (size_t i = 0; i < h->cap; i++)
        if (h->key[i]) {
            size_t j = map_slot(&g, h->key[i] - 1);
            while (g.key[j]) j = (j + 1) & (g.cap - 1);
            g.key[j] = h->key[i];
            g.val[j] = h->val[i];
        }
    g.n = h->n;
    free(h->key);
    free(h->val);
    *h = g;
    return 0;
}

/* The value of k, inserted as 0 if absent; NULL when out of memory. */
static uint32_t *map_put(u64map *h, uint64_t k)
{
    uint32_t *v = map_get(h, k);
    if (v) return v;
    if ((h->n + 1) * 4 > h->cap * 3 && map_grow(h) != 0) return NULL;
    size_t i = map_slot(h, k);
    while (h->key[i]) i = (i + 1) & (h->cap - 1);
    h->key[i] = k + 1;
    h->val[i] = 0;
    h->n++;
    return &h->val[i];
}

static void map_free(u64map *h)
{
    free(h->key);
    free(h->val);
    memset(h, 0, sizeof *h);
}

/* The keys in ascending order (NULL when out of memory or empty). */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t *map_sorted_keys(const u64map *h)
{
    uint64_t *k = malloc((h->n ? h->n : 1) * sizeof *k);
    size_t n = 0;
    if (!k) return NULL;
    for (size_t i = 0; i < h->cap; i++)
        if (h->key[i]) k[n++] = h->key[i] - 1;
    qsort(k, n, sizeof *k, cmp_u64);
    return k;
}

/* ------------------------------------------------------------------ pass 1 */
typedef struct {
    char *file;
    u64map use;          /* host vpn -> USE_* bits */
    uint64_t accesses;
} scan_proc;

struct capmap_scan {
    scan_proc *p;
    int n;
    uint64_t max;
};

static unsigned use_of(cap_kind k)
{
    return k == CAP_FETCH ? USE_FETCH : k == CAP_STORE ? USE_STORE : USE_LOAD;
}

capmap_scan *capmap_scan_files(const char *const *files, int nfiles, uint64_t max, char *err, size_t errlen)
{
    capmap_scan *s = calloc(1, sizeof *s);
    if (!s || !(s->p = calloc((size_t)(nfiles > 0 ? nfiles : 1), sizeof *s->p))) {
        free(s);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->max = max;
    for (int i = 0; i < nfiles; i++) {
        scan_proc *p = &s->p[s->n++];
        p->file = strdup(files[i]);
        cap_reader *r = cap_open(files[i], err, errlen);
        if (!p->file || !r) {
            if (!p->file) snprintf(err, errlen, "out of memory");
            cap_close(r);
            capmap_scan_free(s);
            return NULL;
        }
        cap_access a;
        uint64_t last = UINT64_MAX;
        uint32_t *lastv = NULL;
        int rc = 0;
        while ((!max || p->accesses < max) && (rc = cap_next(r, &a)) > 0) {
            uint64_t vpn = a.va >> CAPMAP_PAGE_SHIFT;
            if (vpn != last || !lastv) {
                lastv = map_put(&p->use, vpn);
                last = vpn;
                if (!lastv) {
                    snprintf(err, errlen, "out of memory");
                    rc = -2;
                    break;
                }
            }
            *lastv |= use_of(a.kind);
            p->accesses++;
        }
        if (max && p->accesses == max) rc = 0;
        if (rc == -1) snprintf(err, errlen, "%s", cap_error(r));
        cap_close(r);
        if (rc < 0) {
            capmap_scan_free(s);
            return NULL;
        }
    }
    return s;
}

void capmap_scan_free(capmap_scan *s)
{
    if (!s) return;
    for (int i = 0; i < s->n; i++) {
        free(s->p[i].file);
        map_free(&s->p[i].use);
    }
    free(s->p);
    free(s);
}

uint64_t capmap_scan_accesses(const capmap_scan *s)
{
    uint64_t n = 0;
    for (int i = 0; i < s->n; i++) n += s->p[i].accesses;
    return n;
}

uint64_t capmap_scan_pages(const capmap_scan *s)
{
    uint64_t n = 0;
    for (int i = 0; i < s->n; i++) n += s->p[i].use.n;
    return n;
}

int capmap_scan_procs(const capmap_scan *s)
{
    return s->n;
}

/* ------------------------------------------------------------------ pass 2 */
typedef struct {
    uint64_t va;       /* target VA of the mapping's first byte */
    uint64_t id;       /* tlbsim mapping id */
    uint64_t flags;    /* leaf PTE flags */
    uint8_t level;     /* 0 (4 KiB or Svnapot), 1 (megapage) */
    uint8_t napot;
    uint8_t mapped;
} unit;

#define CACHE_WAYS 64

typedef struct {
    const scan_proc *sp;
    cap_reader *r;
    pt_as *as;
    ref_ctx ctx;
    int alive;
    u64map page;           /* host vpn -> unit index */
    uint64_t *hreg;        /* host regions (va >> region shift), ascending; target region = index + 1 */
    size_t nreg;
    uint64_t last_hreg, last_treg;
    uint64_t cache_vpn[CACHE_WAYS];
    uint32_t cache_unit[CACHE_WAYS];
    uint64_t count;        /* accesses read */
} run_proc;

struct capmap {
    capmap_config cfg;
    physmem *mem;
    pt_pool *pool;
    unsigned levels, rshift, mshift;
    run_proc *p;
    int n, cur;
    unit *u;
    size_t nu, capu;
    size_t kunit;          /* first of the kernel's NKPAGES units */
    uint64_t kva;
    uint64_t data_next;    /* next data PA */
    uint64_t slice;        /* program accesses in this time slice */
    int ktick;             /* kernel accesses left in this tick */
    int need_fix;
    hs_item pend_it;
    capmap_tag pend_tag;
    uint32_t pend_unit;
    hs_item q[2];
    capmap_tag qtag[2];
    int qn, qi;
    capmap_stats st;
    char error[512];
};

static void set_error(capmap *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void set_error(capmap *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->error, sizeof m->error, fmt, ap);
    va_end(ap);
}

unsigned capmap_region_shift(unsigned mode)
{
    return mode == RVMMU_MODE_SV32 ? 22u : 30u;
}

/* Page-table memory: the walker's view is the physmem; zero written over an
 * absent (zero) word is dropped so that zeroing a frame costs no host memory. */
static int cm_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val)
{
    return mem_read_pte(opaque, pa, bytes, val);
}

static int cm_write(void *opaque, uint64_t pa, unsigned bytes, uint64_t val)
{
    uint64_t cur;
    if (val == 0 && mem_read_pte(opaque, pa, bytes, &cur) == 0 && cur == 0) return 0;
    return mem_write_pte(opaque, pa, bytes, val);
}

/* One mapping id per leaf mapping: G (bit 63) or the ASID (bits 62:48), the
 * size (bits 47:45: 0 4 KiB, 1 64 KiB, 2 megapage), the VPN of its base. */
static uint64_t mapping_id(int global, uint32_t asid, unsigned size, uint64_t va)
{
    return (global ? 1ull << 63 : (uint64_t)(asid & 0x7fff) << 48) | (uint64_t)size << 45 |
           ((va >> 12) & ((1ull << 45) - 1));
}

static uint64_t flags_of(unsigned use)
{
    uint64_t f = PTE_U | PTE_A | PTE_R;
    if (use & USE_FETCH) f |= PTE_X;
    if (use & USE_STORE) f |= PTE_W | PTE_D;
    return f;
}

static long add_unit(capmap *m, const unit *x)
{
    if (m->nu == m->capu) {
        size_t c = m->capu ? m->capu * 2 : 1024;
        unit *u = realloc(m->u, c * sizeof *u);
        if (!u) return -1;
        m->u = u;
        m->capu = c;
    }
    m->u[m->nu] = *x;
    return (long)m->nu++;
}

/* The target VA of host va in process p (its region relocated, the offset kept). */
static uint64_t reloc(run_proc *p, unsigned rshift, uint64_t va)
{
    uint64_t h = va >> rshift;
    if (h != p->last_hreg) {
        size_t lo = 0, hi = p->nreg;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (p->hreg[mid] < h) lo = mid + 1;
            else hi = mid;
        }
        p->last_hreg = h;
        p->last_treg = lo + 1;   /* pass 1 saw every region; index 0 is left free */
    }
    return p->last_treg << rshift | (va & ((1ull << rshift) - 1));
}

/* The pages vpn[i..*j) (j <= n) of the aligned group of 2^shift pages vpn[i]
 * is in: *all gets the union of their uses; 1 when they are all code or all data. */
static int group_use(const u64map *use, const uint64_t *vpn, size_t i, size_t n, unsigned shift, size_t *j,
                     unsigned *all)
{
    size_t k = i, code = 0;
    *all = 0;
    while (k < n && vpn[k] >> shift == vpn[i] >> shift) {
        unsigned u = *map_get(use, vpn[k]);
        *all |= u;
        code += (u & USE_FETCH) != 0;
        k++;
    }
    *j = k;
    return code == 0 || code == k - i;
}

/* Plan process i: relocation, one unit per mapping-to-be; -1 with m->error. */
static int plan_proc(capmap *m, run_proc *p, uint32_t asid)
{
    const u64map *use = &p->sp->use;
    uint64_t *vpn = map_sorted_keys(use);
    size_t n = use->n;
    unsigned rsh = m->rshift - CAPMAP_PAGE_SHIFT, msh = m->mshift - CAPMAP_PAGE_SHIFT;
    uint64_t mpages = 1ull << msh;
    int rv64 = m->cfg.mode != RVMMU_MODE_SV32;
    if (!vpn) goto oom;
    p->hreg = malloc((n ? n : 1) * sizeof *p->hreg);
    if (!p->hreg) goto oom;
    for (size_t i = 0; i < n; i++)
        if (!p->nreg || p->hreg[p->nreg - 1] != vpn[i] >> rsh) p->hreg[p->nreg++] = vpn[i] >> rsh;
    /* user space: below the kernel's 1 GiB in Sv32, the lower half in RV64; region 0 is left free */
    uint64_t top = rv64 ? 1ull << (pt_mode_va_bits(m->cfg.mode) - 1) : KVA_SV32;
    if ((uint64_t)(p->nreg + 1) > top >> m->rshift) {
        set_error(m, "%s: %zu distinct %u MiB regions do not fit in the %s user space (%" PRIu64 ")", p->sp->file,
                  p->nreg, 1u << (m->rshift - 20), m->cfg.mode == RVMMU_MODE_SV32 ? "sv32" : "RV64",
                  (top >> m->rshift) - 1);
        free(vpn);
        return -1;
    }
    p->last_hreg = UINT64_MAX;
    for (size_t i = 0; i < n;) {
        /* the megapage region of vpn[i]: its pages vpn[i..j) */
        size_t j = i;
        unsigned all = 0;
        int same = group_use(use, vpn, i, n, msh, &j, &all);
        if (m->cfg.superpages && same && (uint64_t)(j - i) * MEGA_MIN_DIV >= mpages) {
            unit x = {0};
            x.va = reloc(p, m->rshift, (vpn[i] >> msh) << m->mshift);
            x.level = 1;
            x.flags = flags_of(all);
            x.id = mapping_id(0, asid, 2, x.va);
            long k = add_unit(m, &x);
            if (k < 0) goto oom;
            for (size_t t = i; t < j; t++) {
                uint32_t *v = map_put(&p->page, vpn[t]);
                if (!v) goto oom;
                *v = (uint32_t)k;
            }
            i = j;
            continue;
        }
        /* 64 KiB groups (RV64, superpages on), else 4 KiB pages */
        while (i < j) {
            size_t g = i;
            unsigned gall = 0;
            int gsame = group_use(use, vpn, i, j, 4, &g, &gall);
            if (rv64 && m->cfg.superpages && gsame && g - i >= NAPOT_MIN) {
                unit x = {0};
                x.va = reloc(p, m->rshift, (vpn[i] >> 4) << (CAPMAP_PAGE_SHIFT + 4));
                x.napot = 1;
                x.flags = flags_of(gall);
                x.id = mapping_id(0, asid, 1, x.va);
                long k = add_unit(m, &x);
                if (k < 0) goto oom;
                for (size_t t = i; t < g; t++) {
                    uint32_t *v = map_put(&p->page, vpn[t]);
                    if (!v) goto oom;
                    *v = (uint32_t)k;
                }
                i = g;
                continue;
            }
            for (; i < g; i++) {
                unit x = {0};
                x.va = reloc(p, m->rshift, vpn[i] << CAPMAP_PAGE_SHIFT);
                x.flags = flags_of(*map_get(use, vpn[i]));
                x.id = mapping_id(0, asid, 0, x.va);
                long k = add_unit(m, &x);
                uint32_t *v = k < 0 ? NULL : map_put(&p->page, vpn[i]);
                if (!v) goto oom;
                *v = (uint32_t)k;
            }
        }
    }
    free(vpn);
    return 0;
oom:
    free(vpn);
    set_error(m, "out of memory");
    return -1;
}

/* A data frame (or superpage) of `size` bytes, aligned to it; -1 when the PA space is used up. */
static int data_alloc(capmap *m, uint64_t size, uint64_t *pa)
{
    uint64_t a = (m->data_next + size - 1) & ~(size - 1);
    if (a + size > 1ull << pt_mode_pa_bits(m->cfg.mode)) {
        set_error(m, "the physical address space is used up");
        return -1;
    }
    *pa = a;
    m->data_next = a + size;
    return 0;
}

capmap *capmap_new(const capmap_scan *scan, const capmap_config *cfg, physmem *mem, char *err, size_t errlen)
{
    capmap *m = calloc(1, sizeof *m);
    if (!m || !(m->p = calloc((size_t)(scan->n ? scan->n : 1), sizeof *m->p))) {
        free(m);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    m->cfg = *cfg;
    m->mem = mem;
    m->n = scan->n;
    m->levels = (unsigned)pt_mode_levels(cfg->mode);
    if (!m->levels) {
        snprintf(err, errlen, "not a paged mode");
        free(m->p);
        free(m);
        return NULL;
    }
    m->rshift = capmap_region_shift(cfg->mode);
    m->mshift = cfg->mode == RVMMU_MODE_SV32 ? 22u : 21u;
    m->data_next = DATA_BASE;
    m->kva = cfg->mode == RVMMU_MODE_SV32 ? KVA_SV32 : KVA_RV64;
    int asid_max = (1 << pt_mode_asid_bits(cfg->mode)) - 1;
    if (scan->n > asid_max) {
        snprintf(err, errlen, "%d processes, but %s has %d ASIDs", scan->n,
                 cfg->mode == RVMMU_MODE_SV32 ? "sv32" : "RV64", asid_max);
        goto fail;
    }
    /* the kernel's global pages: units 0..NKPAGES-1 */
    m->kunit = 0;
    for (int k = 0; k < NKPAGES; k++) {
        unit x = {0};
        x.va = m->kva + (uint64_t)k * PT_FRAME_SIZE;
        x.flags = PTE_G | PTE_A | PTE_R | (k < 2 ? PTE_X : PTE_W | PTE_D);
        x.id = mapping_id(1, 0, 0, x.va);
        x.mapped = 1;
        if (add_unit(m, &x) < 0) {
            set_error(m, "out of memory");
            goto failm;
        }
    }
    /* plan every process; count the tables they can need */
    uint64_t frames = 64;
    for (int i = 0; i < m->n; i++) {
        run_proc *p = &m->p[i];
        p->sp = &scan->p[i];
        memset(p->cache_vpn, 0xff, sizeof p->cache_vpn);
        if (plan_proc(m, p, (uint32_t)i + 1) != 0) goto failm;
        /* a leaf table per megapage region, a chain per region, the root and the kernel's chain */
        uint64_t megas = 0, last = UINT64_MAX;
        uint64_t *vpn = map_sorted_keys(&p->sp->use);
        if (!vpn) {
            set_error(m, "out of memory");
            goto failm;
        }
        for (size_t t = 0; t < p->sp->use.n; t++)
            if (vpn[t] >> (m->mshift - CAPMAP_PAGE_SHIFT) != last) {
                last = vpn[t] >> (m->mshift - CAPMAP_PAGE_SHIFT);
                megas++;
            }
        free(vpn);
        frames += megas + (uint64_t)p->nreg * m->levels + 2ull * m->levels;
    }
    if (mem_add_ram(mem, POOL_BASE, frames * PT_FRAME_SIZE) != 0) {
        set_error(m, "cannot add the page-table RAM window");
        goto failm;
    }
    pt_mem ptm = {cm_read, cm_write, mem};
    int e = PT_OK;
    m->pool = pool_create(POOL_BASE, frames * PT_FRAME_SIZE, &ptm, &e);
    if (!m->pool) {
        set_error(m, "frame pool: %s", pt_strerror(e));
        goto failm;
    }
    uint64_t kpa[NKPAGES];
    for (int k = 0; k < NKPAGES; k++)
        if (data_alloc(m, PT_FRAME_SIZE, &kpa[k]) != 0) goto failm;
    for (int i = 0; i < m->n; i++) {
        run_proc *p = &m->p[i];
        p->as = as_create(cfg->mode, (uint32_t)i + 1, m->pool, &ptm, &e);
        for (int k = 0; p->as && e == PT_OK && k < NKPAGES; k++)
            e = as_map_page(p->as, m->u[k].va, kpa[k], 0, m->u[k].flags);
        if (!p->as || e != PT_OK) {
            set_error(m, "page tables of %s: %s", p->sp->file, pt_strerror(e));
            goto failm;
        }
        p->ctx.mode = cfg->mode;
        p->ctx.asid = (uint32_t)i + 1;
        p->ctx.root_ppn = as_satp_ppn(p->as);
        p->ctx.priv = RVMMU_PRIV_U;
        p->r = cap_open(p->sp->file, m->error, sizeof m->error);
        if (!p->r) goto failm;
        p->alive = 1;
    }
    m->st.table_frames = pool_frame_count(m->pool) - pool_free_count(m->pool);
    return m;
failm:
    snprintf(err, errlen, "%s", m->error);
fail:
    capmap_free(m);
    return NULL;
}

void capmap_free(capmap *m)
{
    if (!m) return;
    for (int i = 0; i < m->n; i++) {
        run_proc *p = &m->p[i];
        cap_close(p->r);
        if (p->as) as_destroy(p->as);
        map_free(&p->page);
        free(p->hreg);
    }
    pool_destroy(m->pool);
    free(m->p);
    free(m->u);
    free(m);
}

const capmap_stats *capmap_get_stats(const capmap *m)
{
    return &m->st;
}

const char *capmap_error(const capmap *m)
{
    return m->error;
}

static unsigned acc_of(cap_kind k)
{
    return k == CAP_FETCH ? RVMMU_ACC_FETCH : k == CAP_STORE ? RVMMU_ACC_STORE : RVMMU_ACC_LOAD;
}

/* The next live process after the current one (round robin), or -1. */
static int next_alive(const capmap *m)
{
    for (int d = 1; d <= m->n; d++) {
        int i = (m->cur + d) % m->n;
        if (m->p[i].alive) return i;
    }
    return -1;
}

/* The page map's values: the unit index, and this bit once pass 2 touched the page. */
#define TOUCHED 0x80000000u

static uint32_t unit_of(run_proc *p, uint64_t vpn, int *ok, uint64_t *pages)
{
    unsigned w = (unsigned)(vpn ^ (vpn >> 6)) & (CACHE_WAYS - 1);
    *ok = 1;
    if (p->cache_vpn[w] == vpn) return p->cache_unit[w];
    uint32_t *v = map_get(&p->page, vpn);
    if (!v) {
        *ok = 0;
        return 0;
    }
    if (!(*v & TOUCHED)) {   /* first touch of the 4 KiB page in pass 2 (the cache only holds touched ones) */
        *v |= TOUCHED;
        (*pages)++;
    }
    p->cache_vpn[w] = vpn;
    p->cache_unit[w] = *v & ~TOUCHED;
    return *v & ~TOUCHED;
}

int capmap_next(capmap *m, hs_item *it, capmap_tag *tag)
{
    if (m->need_fix) {
        set_error(m, "capmap_next: the fault at 0x%" PRIx64 " has not been fixed", m->pend_it.va);
        return -1;
    }
    if (m->qi < m->qn) {
        *it = m->q[m->qi];
        if (!it->is_fence) *tag = m->qtag[m->qi];
        m->qi++;
        return 1;
    }
    for (;;) {
        if (m->n == 0) return 0;
        run_proc *p = &m->p[m->cur];
        if (m->ktick > 0) {
            /* the kernel on the current process's tables, in S mode: its global pages */
            int k = NKPAGES - m->ktick--;
            memset(it, 0, sizeof *it);
            it->ctx = p->ctx;
            it->ctx.priv = RVMMU_PRIV_S;
            it->va = m->u[m->kunit + (size_t)k].va + (uint64_t)(k * 0x40);
            it->acc = k < 2 ? RVMMU_ACC_FETCH : k == 2 ? RVMMU_ACC_LOAD : RVMMU_ACC_STORE;
            memset(tag, 0, sizeof *tag);
            tag->id = m->u[m->kunit + (size_t)k].id;
            tag->proc = -1;
            m->st.kernel++;
            if (m->ktick == 0) {
                int nx = next_alive(m);
                if (nx >= 0) m->cur = nx;
            }
            return 1;
        }
        if (m->cfg.max && m->st.accesses >= m->cfg.max) return 0;
        if (m->cfg.switch_every && m->slice >= m->cfg.switch_every) {
            m->slice = 0;
            m->ktick = NKPAGES;
            m->st.switches++;
            continue;
        }
        if (!p->alive) {
            int nx = next_alive(m);
            if (nx < 0) return 0;
            m->cur = nx;
            continue;
        }
        cap_access a;
        int rc = cap_next(p->r, &a);
        if (rc < 0) {
            set_error(m, "%s", cap_error(p->r));
            return -1;
        }
        if (rc == 0) {
            p->alive = 0;
            continue;
        }
        int ok;
        uint32_t ui = unit_of(p, a.va >> CAPMAP_PAGE_SHIFT, &ok, &m->st.pages);
        if (!ok) {
            set_error(m, "%s: access %" PRIu64 " at 0x%" PRIx64 " is on a page pass 1 did not see (the file changed?)",
                      p->sp->file, p->count, a.va);
            return -1;
        }
        const unit *u = &m->u[ui];
        memset(it, 0, sizeof *it);
        it->ctx = p->ctx;
        it->va = reloc(p, m->rshift, a.va);
        it->acc = acc_of(a.kind);
        memset(tag, 0, sizeof *tag);
        tag->id = u->id;
        tag->fault = !u->mapped;
        tag->program = 1;
        tag->proc = m->cur;
        tag->index = p->count++;
        m->st.accesses++;
        m->slice++;
        if (tag->fault) {
            m->need_fix = 1;
            m->pend_it = *it;
            m->pend_tag = *tag;
            m->pend_unit = ui;
        }
        return 1;
    }
}

static unsigned page_fault_cause(unsigned acc)
{
    return acc == RVMMU_ACC_STORE ? RVMMU_CAUSE_STORE_PAGE
         : acc == RVMMU_ACC_FETCH ? RVMMU_CAUSE_FETCH_PAGE : RVMMU_CAUSE_LOAD_PAGE;
}

int capmap_fix(capmap *m, const hs_result *r)
{
    if (!m->need_fix) {
        set_error(m, "capmap_fix: no fault is waiting");
        return -1;
    }
    unsigned want = page_fault_cause(m->pend_it.acc);
    if ((!r->fault || r->cause != want) && m->cfg.peer) {
        m->st.peer_no_fault++;   /* a peer's wrong answer, in its difference records: the kernel maps the page anyway */
    } else if (!r->fault || r->cause != want) {
        set_error(m, "first touch of 0x%" PRIx64 " (unmapped): the RTL answered %s %u, expected page fault %u",
                  m->pend_it.va, r->fault ? "fault" : "pa, cause", r->fault ? r->cause : 0, want);
        return -1;
    }
    unit *u = &m->u[m->pend_unit];
    run_proc *p = &m->p[m->pend_tag.proc];
    uint64_t size = u->level ? 1ull << m->mshift : u->napot ? PT_NAPOT_SIZE : PT_FRAME_SIZE, pa;
    if (data_alloc(m, size, &pa) != 0) return -1;
    int e = as_map_page(p->as, u->va, pa, u->level, u->flags | (u->napot ? PTE_N : 0));
    if (e != PT_OK) {
        set_error(m, "mapping 0x%" PRIx64 ": %s", u->va, pt_strerror(e));
        return -1;
    }
    u->mapped = 1;
    m->st.faults++;
    m->st.retries++;
    if (u->level) m->st.mapmega++;
    else if (u->napot) m->st.map64k++;
    else m->st.map4k++;
    m->st.table_frames = pool_frame_count(m->pool) - pool_free_count(m->pool);
    /* the SFENCE.VMA a kernel issues for the new page (sw/proc.c's flush_page), then the access again */
    memset(&m->q[0], 0, sizeof m->q[0]);
    m->q[0].is_fence = 1;
    m->q[0].fence.va = u->va;
    m->q[0].fence.asid = p->ctx.asid;
    m->q[1] = m->pend_it;
    m->qtag[1] = m->pend_tag;
    m->qtag[1].fault = 0;
    m->qtag[1].program = 0;
    m->qn = 2;
    m->qi = 0;
    m->need_fix = 0;
    return 0;
}
