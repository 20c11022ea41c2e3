/* proc.c -- processes, shared memory, shared libraries, fork and the
 * page-fault policy on top of the page-table library (see proc.h). */
#include "proc.h"

#include <stdlib.h>
#include <string.h>

#define PAGE PT_FRAME_SIZE

struct os_sys {
    unsigned mode;
    unsigned word_bytes;
    pt_mem mem;
    os_tlb tlb;
    pt_pool *pool;
    uint64_t pool_base, nframes;
    uint32_t *refs;      /* per pool frame: mappings + library/segment holds (data frames only) */
    uint32_t *maps;      /* per pool frame: mappings by live processes */
    proc **procs;
    int nprocs;
    size_t capprocs;
    os_shm **shms;
    int nshms;
    size_t capshms;
    os_lib **libs;
    int nlibs;
    size_t caplibs;
};

struct proc {
    os_sys *os;
    int id;
    char *name;
    uint32_t asid;
    pt_as *as;
    int alive;
    proc_page *pages;    /* sorted by va, never overlapping */
    size_t npages, cap;
};

struct os_shm {
    os_sys *os;
    char *name;
    uint64_t *frames;
    uint64_t n;
};

struct os_lib {
    os_sys *os;
    char *name;
    uint64_t *frames[2];  /* [0] text, [1] data */
    uint64_t n[2];
};

static void set_err(int *err, int code)
{
    if (err)
        *err = code;
}

static char *copy_name(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Grow an array held in *arr (n used of *cap elements of elem bytes) to hold one more. */
static int grow_array(void **arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return PT_OK;
    size_t ncap = *cap ? *cap * 2 : 8;
    if (ncap > SIZE_MAX / elem)
        return PT_ERR_NO_HOST_MEMORY;
    void *a = realloc(*arr, ncap * elem);
    if (!a)
        return PT_ERR_NO_HOST_MEMORY;
    *arr = a;
    *cap = ncap;
    return PT_OK;
}

/* Append ptr to an array of object pointers held in *arr (n used of *cap). */
static int push_object(void **arr, int *n, size_t *cap, void *ptr)
{
    void *a = *arr;
    int e = grow_array(&a, (size_t)*n, cap, sizeof(void *));
    if (e != PT_OK)
        return e;
    *arr = a;
    ((void **)a)[(*n)++] = ptr;
    return PT_OK;
}

/* ------------------------------------------------------------------ */
/* Errors and names.                                                   */
/* ------------------------------------------------------------------ */

const char *proc_strerror(int err)
{
    switch (err) {
    case PROC_ERR_BAD_PERMS: return "permissions must allow read or execute, and write only with read";
    case PROC_ERR_ASID_IN_USE: return "the ASID is in use by another live process";
    case PROC_ERR_NO_ASID: return "every ASID of the mode is in use";
    case PROC_ERR_EXITED: return "the process has exited";
    case PROC_ERR_BAD_COUNT: return "page count is zero, or the range wraps or leaves the VA space";
    case PROC_ERR_PARTIAL: return "the range cuts a superpage mapping";
    case PROC_ERR_BAD_OFFSET: return "offset outside the section or not word aligned";
    case PROC_ERR_BAD_SECTION: return "section must be 0 (text) or 1 (data)";
    default: return pt_strerror(err);
    }
}

const char *proc_fault_name(proc_fault_kind kind)
{
    switch (kind) {
    case PROC_FAULT_DEMAND: return "demand";
    case PROC_FAULT_COW_COPY: return "cow";
    case PROC_FAULT_COW_REUSE: return "cow-reuse";
    case PROC_FAULT_SEGV: return "segv";
    case PROC_FAULT_OOM: return "oom";
    default: return "unknown";
    }
}

/* ------------------------------------------------------------------ */
/* Frames and their reference counts.                                  */
/* ------------------------------------------------------------------ */

static int frame_index(const os_sys *os, uint64_t pa, uint64_t *i)
{
    if (pa < os->pool_base || (pa - os->pool_base) % PAGE || (pa - os->pool_base) / PAGE >= os->nframes)
        return 0;
    *i = (pa - os->pool_base) / PAGE;
    return 1;
}

/* A new zeroed data frame with one reference and no mapping. */
static int frame_new(os_sys *os, uint64_t *pa)
{
    uint64_t i;
    int e = pool_alloc_frame(os->pool, pa);
    if (e != PT_OK)
        return e;
    if (frame_index(os, *pa, &i)) {
        os->refs[i] = 1;
        os->maps[i] = 0;
    }
    return PT_OK;
}

static void frame_hold(os_sys *os, uint64_t pa)
{
    uint64_t i;
    if (frame_index(os, pa, &i))
        os->refs[i]++;
}

/* Drop one reference; the frame goes back to the pool at zero. */
static void frame_drop(os_sys *os, uint64_t pa)
{
    uint64_t i;
    if (!frame_index(os, pa, &i) || os->refs[i] == 0)
        return;
    if (--os->refs[i] == 0)
        (void)pool_free_frame(os->pool, pa);
}

static void frame_mapped(os_sys *os, uint64_t pa, int delta)
{
    uint64_t i;
    if (frame_index(os, pa, &i))
        os->maps[i] = (uint32_t)((int64_t)os->maps[i] + delta);
}

static uint32_t frame_refs(const os_sys *os, uint64_t pa)
{
    uint64_t i;
    return frame_index(os, pa, &i) ? os->refs[i] : 0;
}

/* Copy one 4 KiB frame (the destination is freshly zeroed: zero words are skipped). */
static int frame_copy(os_sys *os, uint64_t dst, uint64_t src)
{
    for (uint64_t off = 0; off < PAGE; off += 4) {
        uint64_t v = 0;
        if (os->mem.read(os->mem.opaque, src + off, 4, &v) != 0)
            return PT_ERR_MEM;
        if (v != 0 && os->mem.write(os->mem.opaque, dst + off, 4, v) != 0)
            return PT_ERR_MEM;
    }
    return PT_OK;
}

/* ------------------------------------------------------------------ */
/* TLB shootdowns.                                                     */
/* ------------------------------------------------------------------ */

static void flush_page(const os_sys *os, uint64_t va, uint32_t asid)
{
    if (os->tlb.flush)
        os->tlb.flush(os->tlb.opaque, 1, va, 1, asid);
}

static void flush_asid(const os_sys *os, uint32_t asid)
{
    if (os->tlb.flush)
        os->tlb.flush(os->tlb.opaque, 0, 0, 1, asid);
}

/* ------------------------------------------------------------------ */
/* The system.                                                         */
/* ------------------------------------------------------------------ */

os_sys *os_create(unsigned mode, uint64_t pool_base, uint64_t pool_size, const pt_mem *mem,
                  const os_tlb *tlb, int *err)
{
    if (!pt_mode_valid(mode)) {
        set_err(err, PT_ERR_BAD_MODE);
        return NULL;
    }
    if (!mem || !mem->read || !mem->write) {
        set_err(err, PT_ERR_NULL);
        return NULL;
    }
    int e = PT_OK;
    pt_pool *pool = pool_create(pool_base, pool_size, mem, &e);
    if (!pool) {
        set_err(err, e);
        return NULL;
    }
    os_sys *os = calloc(1, sizeof *os);
    uint64_t n = pool_frame_count(pool);
    if (os && n <= SIZE_MAX / sizeof(uint32_t)) {
        os->refs = calloc((size_t)n, sizeof *os->refs);
        os->maps = calloc((size_t)n, sizeof *os->maps);
    }
    if (!os || !os->refs || !os->maps) {
        if (os) {
            free(os->refs);
            free(os->maps);
        }
        free(os);
        pool_destroy(pool);
        set_err(err, PT_ERR_NO_HOST_MEMORY);
        return NULL;
    }
    os->mode = mode;
    os->word_bytes = pt_mode_pte_bytes(mode);
    os->mem = *mem;
    if (tlb)
        os->tlb = *tlb;
    os->pool = pool;
    os->pool_base = pool_base;
    os->nframes = n;
    set_err(err, PT_OK);
    return os;
}

static void proc_release(proc *p, int flush);

void os_destroy(os_sys *os)
{
    if (!os)
        return;
    for (int i = 0; i < os->nprocs; i++) {
        proc_release(os->procs[i], 0);
        free(os->procs[i]->name);
        free(os->procs[i]);
    }
    for (int i = 0; i < os->nshms; i++) {
        free(os->shms[i]->frames);
        free(os->shms[i]->name);
        free(os->shms[i]);
    }
    for (int i = 0; i < os->nlibs; i++) {
        free(os->libs[i]->frames[0]);
        free(os->libs[i]->frames[1]);
        free(os->libs[i]->name);
        free(os->libs[i]);
    }
    free(os->procs);
    free(os->shms);
    free(os->libs);
    free(os->refs);
    free(os->maps);
    pool_destroy(os->pool);
    free(os);
}

unsigned os_mode(const os_sys *os)
{
    return os->mode;
}

unsigned os_word_bytes(const os_sys *os)
{
    return os->word_bytes;
}

const pt_pool *os_pool(const os_sys *os)
{
    return os->pool;
}

int os_process_count(const os_sys *os)
{
    return os->nprocs;
}

proc *os_process(const os_sys *os, int id)
{
    return id >= 0 && id < os->nprocs ? os->procs[id] : NULL;
}

void os_frame_stats(const os_sys *os, os_frames *out)
{
    memset(out, 0, sizeof *out);
    for (uint64_t i = 0; i < os->nframes; i++) {
        if (os->refs[i])
            out->data_frames++;
        if (os->maps[i])
            out->mapped_frames++;
        if (os->maps[i] > 1)
            out->shared_frames++;
        out->mappings += os->maps[i];
    }
    for (int i = 0; i < os->nprocs; i++)
        if (os->procs[i]->alive)
            out->table_frames += (uint64_t)as_table_count(os->procs[i]->as);
    out->free_frames = pool_free_count(os->pool);
}

unsigned os_frame_mappings(const os_sys *os, uint64_t pa)
{
    uint64_t i;
    return frame_index(os, pa & ~(uint64_t)(PAGE - 1), &i) ? os->maps[i] : 0;
}

unsigned os_frame_refs(const os_sys *os, uint64_t pa)
{
    return frame_refs(os, pa & ~(uint64_t)(PAGE - 1));
}

/* ------------------------------------------------------------------ */
/* A process's page records.                                           */
/* ------------------------------------------------------------------ */

/* Index of the first record whose va is >= va. */
static size_t page_lower_bound(const proc *p, uint64_t va)
{
    size_t lo = 0, hi = p->npages;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->pages[mid].va < va)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The record that covers va, with its index; NULL if none. */
static proc_page *page_find(const proc *p, uint64_t va, size_t *idx)
{
    size_t i = page_lower_bound(p, va);
    if (i < p->npages && p->pages[i].va == va) {
        if (idx)
            *idx = i;
        return &p->pages[i];
    }
    if (i == 0)
        return NULL;
    proc_page *pg = &p->pages[i - 1];
    if (va - pg->va >= pg->size)
        return NULL;
    if (idx)
        *idx = i - 1;
    return pg;
}

/* Does no record intersect [va, last]? */
static int range_free(const proc *p, uint64_t va, uint64_t last)
{
    size_t i = page_lower_bound(p, va);
    if (i > 0 && p->pages[i - 1].va + (p->pages[i - 1].size - 1) >= va)
        return 0;
    return !(i < p->npages && p->pages[i].va <= last);
}

static int page_insert(proc *p, const proc_page *pg)
{
    void *a = p->pages;
    int e = grow_array(&a, p->npages, &p->cap, sizeof *p->pages);
    if (e != PT_OK)
        return e;
    p->pages = a;
    size_t i = page_lower_bound(p, pg->va);
    memmove(&p->pages[i + 1], &p->pages[i], (p->npages - i) * sizeof *p->pages);
    p->pages[i] = *pg;
    p->npages++;
    return PT_OK;
}

static void page_remove_at(proc *p, size_t i)
{
    memmove(&p->pages[i], &p->pages[i + 1], (p->npages - i - 1) * sizeof *p->pages);
    p->npages--;
}

/* The leaf PTE flags a record is mapped with. */
static uint64_t leaf_flags(const proc_page *pg)
{
    uint64_t f = PTE_U | PTE_A;
    if (pg->perms & PROC_R)
        f |= PTE_R;
    if (pg->perms & PROC_X)
        f |= PTE_X;
    if ((pg->perms & PROC_W) && !pg->cow)
        f |= PTE_W | PTE_D;
    if (pg->cow)
        f |= PTE_COW;
    return f;
}

static int perms_ok(unsigned perms)
{
    if (perms & ~(PROC_R | PROC_W | PROC_X))
        return 0;
    if (!(perms & (PROC_R | PROC_X)))
        return 0;
    return !((perms & PROC_W) && !(perms & PROC_R));
}

/* Check [va, +size) as a range of the process's VA space; *last = its last byte. */
static int range_check(const proc *p, uint64_t va, uint64_t size, uint64_t *last)
{
    unsigned mode = p->os->mode;
    if (size == 0)
        return PROC_ERR_BAD_COUNT;
    if (!pt_va_valid(mode, va))
        return PT_ERR_VA_INVALID;
    if (va % PAGE)
        return PT_ERR_UNALIGNED_VA;
    uint64_t l = va + (size - 1);
    if (l < va || !pt_va_valid(mode, l) || (va >> 63) != (l >> 63))
        return PROC_ERR_BAD_COUNT;
    *last = l;
    return PT_OK;
}

/* Bytes of npages pages, or 0 when that overflows (range_check refuses a size of 0). */
static uint64_t pages_size(uint64_t npages)
{
    return npages > UINT64_MAX / PAGE ? 0 : npages * PAGE;
}

/* [va, +size) as a range of the process's VA space with nothing mapped in it yet. */
static int range_vacant(const proc *p, uint64_t va, uint64_t size)
{
    uint64_t last;
    int e = range_check(p, va, size, &last);
    if (e != PT_OK)
        return e;
    return range_free(p, va, last) ? PT_OK : PT_ERR_ALREADY_MAPPED;
}

/* p is a process that has not exited: PT_OK, else PT_ERR_NULL or PROC_ERR_EXITED. */
static int proc_usable(const proc *p)
{
    if (!p)
        return PT_ERR_NULL;
    return p->alive ? PT_OK : PROC_ERR_EXITED;
}

/* Checks common to every new mapping: a usable process and valid permissions. */
static int map_checks(const proc *p, unsigned perms)
{
    int e = proc_usable(p);
    if (e == PT_OK && !perms_ok(perms))
        e = PROC_ERR_BAD_PERMS;
    return e;
}

/* Drop record i: clear its PTE, release its frame, flush it, forget it. */
static void page_drop_at(proc *p, size_t i, int flush)
{
    proc_page pg = p->pages[i];
    if (pg.present) {
        (void)as_unmap(p->as, pg.va);
        if (pg.kind != PROC_PAGE_PHYS) {
            frame_mapped(p->os, pg.pa, -1);
            frame_drop(p->os, pg.pa);
        }
        if (flush)
            flush_page(p->os, pg.va, p->asid);
    }
    page_remove_at(p, i);
}

/* Remove the records that tile [va, last] exactly (used for rollbacks). */
static void drop_range(proc *p, uint64_t va, uint64_t last)
{
    size_t i = page_lower_bound(p, va);
    while (i < p->npages && p->pages[i].va <= last)
        page_drop_at(p, i, 1);
}

/* Write the leaf PTE of a present record and insert the record; neither on failure. */
static int map_record(proc *p, const proc_page *pg)
{
    int e = as_map_page(p->as, pg->va, pg->pa, pg->level, leaf_flags(pg));
    if (e != PT_OK)
        return e;
    e = page_insert(p, pg);
    if (e != PT_OK)
        (void)as_unmap(p->as, pg->va);
    return e;
}

/* Map one 4 KiB frame at va as a new record (the frame gains a reference and a mapping). */
static int map_frame(proc *p, uint64_t va, uint64_t pa, int kind, unsigned perms, int cow)
{
    proc_page pg = {va, PAGE, pa, perms, kind, 0, 1, cow};
    int e = map_record(p, &pg);
    if (e != PT_OK)
        return e;
    frame_hold(p->os, pa);
    frame_mapped(p->os, pa, +1);
    flush_page(p->os, va, p->asid);
    return PT_OK;
}

/* Map n frames at va, all of one kind; all or nothing. */
static int map_frames(proc *p, uint64_t va, const uint64_t *frames, uint64_t n, int kind, unsigned perms,
                      int cow)
{
    for (uint64_t k = 0; k < n; k++) {
        int e = map_frame(p, va + k * PAGE, frames[k], kind, perms, cow);
        if (e != PT_OK) {
            if (k)
                drop_range(p, va, va + k * PAGE - 1);
            return e;
        }
    }
    return PT_OK;
}

/* The records that tile [va, last] exactly: first index and count. */
static int tiled_range(const proc *p, uint64_t va, uint64_t last, size_t *first, size_t *count)
{
    size_t i = 0;
    uint64_t addr = va;
    const proc_page *pg = page_find(p, addr, &i);
    *first = i;
    *count = 0;
    for (;;) {
        if (!pg)
            return PT_ERR_NOT_MAPPED;
        if (pg->va != addr)
            return PROC_ERR_PARTIAL;
        uint64_t pl = pg->va + (pg->size - 1);
        if (pl > last)
            return PROC_ERR_PARTIAL;
        (*count)++;
        if (pl == last)
            return PT_OK;
        addr = pl + 1;
        i++;
        pg = i < p->npages && p->pages[i].va == addr ? &p->pages[i] : NULL;
    }
}

/* ------------------------------------------------------------------ */
/* Processes.                                                          */
/* ------------------------------------------------------------------ */

static int asid_in_use(const os_sys *os, uint32_t asid)
{
    for (int i = 0; i < os->nprocs; i++)
        if (os->procs[i]->alive && os->procs[i]->asid == asid)
            return 1;
    return 0;
}

static uint32_t asid_max(unsigned mode)
{
    return mode == RVMMU_MODE_SV32 ? 0x1ffu : 0xffffu;
}

proc *proc_create(os_sys *os, const char *name, uint32_t asid, int *err)
{
    if (!os || !name) {
        set_err(err, PT_ERR_NULL);
        return NULL;
    }
    if (asid == PROC_ASID_ANY) {
        uint32_t a = 1;
        while (a <= asid_max(os->mode) && asid_in_use(os, a))
            a++;
        if (a > asid_max(os->mode)) {
            set_err(err, PROC_ERR_NO_ASID);
            return NULL;
        }
        asid = a;
    } else if (asid > asid_max(os->mode)) {
        set_err(err, PT_ERR_BAD_ASID);
        return NULL;
    } else if (asid_in_use(os, asid)) {
        set_err(err, PROC_ERR_ASID_IN_USE);
        return NULL;
    }
    proc *p = calloc(1, sizeof *p);
    char *nm = copy_name(name);
    int e = p && nm ? PT_OK : PT_ERR_NO_HOST_MEMORY;
    if (e == PT_OK) {
        p->as = as_create(os->mode, asid, os->pool, &os->mem, &e);
        if (e == PT_OK) {
            void *arr = os->procs;
            e = push_object(&arr, &os->nprocs, &os->capprocs, p);
            os->procs = arr;
            if (e != PT_OK)
                (void)as_destroy(p->as);
        }
    }
    if (e != PT_OK) {
        free(nm);
        free(p);
        set_err(err, e);
        return NULL;
    }
    p->os = os;
    p->id = os->nprocs - 1;
    p->name = nm;
    p->asid = asid;
    p->alive = 1;
    set_err(err, PT_OK);
    return p;
}

/* Drop every mapping and the page tables; flush the ASID when asked. */
static void proc_release(proc *p, int flush)
{
    if (!p->alive)
        return;
    for (size_t i = 0; i < p->npages; i++) {
        const proc_page *pg = &p->pages[i];
        if (pg->present && pg->kind != PROC_PAGE_PHYS) {
            frame_mapped(p->os, pg->pa, -1);
            frame_drop(p->os, pg->pa);
        }
    }
    (void)as_destroy(p->as);
    if (flush)
        flush_asid(p->os, p->asid);
    p->as = NULL;
    p->alive = 0;
    free(p->pages);
    p->pages = NULL;
    p->npages = p->cap = 0;
}

int proc_exit(proc *p)
{
    int e = proc_usable(p);
    if (e == PT_OK)
        proc_release(p, 1);
    return e;
}

int proc_alive(const proc *p)
{
    return p->alive;
}

const char *proc_name(const proc *p)
{
    return p->name;
}

int proc_id(const proc *p)
{
    return p->id;
}

uint32_t proc_asid(const proc *p)
{
    return p->asid;
}

uint64_t proc_root_ppn(const proc *p)
{
    return p->alive ? as_satp_ppn(p->as) : 0;
}

const pt_as *proc_as(const proc *p)
{
    return p->as;
}

int proc_map_anon(proc *p, uint64_t va, uint64_t npages, unsigned perms, int demand)
{
    int e = map_checks(p, perms);
    if (e == PT_OK)
        e = range_vacant(p, va, pages_size(npages));
    if (e != PT_OK)
        return e;
    for (uint64_t k = 0; k < npages; k++) {
        uint64_t pva = va + k * PAGE, pa;
        if (demand) {
            proc_page pg = {pva, PAGE, 0, perms, PROC_PAGE_PRIVATE, 0, 0, 0};
            e = page_insert(p, &pg);
        } else {
            e = frame_new(p->os, &pa);
            if (e == PT_OK) {
                e = map_frame(p, pva, pa, PROC_PAGE_PRIVATE, perms, 0);
                frame_drop(p->os, pa);   /* the mapping holds it now (or nobody) */
            }
        }
        if (e != PT_OK) {
            if (k)
                drop_range(p, va, pva - 1);
            return e;
        }
    }
    return PT_OK;
}

int proc_map_phys(proc *p, uint64_t va, uint64_t pa, int level, unsigned perms)
{
    int e = map_checks(p, perms);
    if (e != PT_OK)
        return e;
    uint64_t size = pt_page_size(p->os->mode, level);
    if (!size)
        return PT_ERR_BAD_LEVEL;
    if (!pt_va_valid(p->os->mode, va))
        return PT_ERR_VA_INVALID;
    if (va & (size - 1))
        return PT_ERR_UNALIGNED_VA;
    if (pa & (size - 1))
        return PT_ERR_UNALIGNED_PA;
    e = range_vacant(p, va, size);
    if (e != PT_OK)
        return e;
    proc_page pg = {va, size, pa, perms, PROC_PAGE_PHYS, level, 1, 0};
    e = map_record(p, &pg);
    if (e == PT_OK)
        flush_page(p->os, va, p->asid);
    return e;
}

/* Common checks of unmap and protect: the records that tile the range. */
static int range_records(const proc *p, uint64_t va, uint64_t npages, size_t *first, size_t *count)
{
    uint64_t last;
    int e = proc_usable(p);
    if (e == PT_OK)
        e = range_check(p, va, pages_size(npages), &last);
    return e == PT_OK ? tiled_range(p, va, last, first, count) : e;
}

int proc_unmap(proc *p, uint64_t va, uint64_t npages)
{
    size_t first, count;
    int e = range_records(p, va, npages, &first, &count);
    if (e != PT_OK)
        return e;
    while (count--)
        page_drop_at(p, first, 1);
    return PT_OK;
}

int proc_protect(proc *p, uint64_t va, uint64_t npages, unsigned perms)
{
    size_t first, count;
    int e = range_records(p, va, npages, &first, &count);
    if (e != PT_OK)
        return e;
    if (!perms_ok(perms))
        return PROC_ERR_BAD_PERMS;
    for (size_t i = first; i < first + count; i++) {
        proc_page *pg = &p->pages[i];
        uint64_t before = leaf_flags(pg);
        pg->perms = perms;
        uint64_t after = leaf_flags(pg);
        if (pg->present && after != before) {
            e = as_protect(p->as, pg->va, after);
            if (e != PT_OK)
                return e;
            flush_page(p->os, pg->va, p->asid);
        }
    }
    return PT_OK;
}

int proc_lookup(const proc *p, uint64_t va, proc_page *out)
{
    int e = out ? proc_usable(p) : PT_ERR_NULL;
    if (e != PT_OK)
        return e;
    const proc_page *pg = page_find(p, va, NULL);
    if (!pg)
        return PT_ERR_NOT_MAPPED;
    *out = *pg;
    return PT_OK;
}

int proc_translate(const proc *p, uint64_t va, uint64_t *pa)
{
    int e = pa ? proc_usable(p) : PT_ERR_NULL;
    return e == PT_OK ? as_translate(p->as, va, pa) : e;
}

/* Forget the last process created (a fork that failed half way). */
static void proc_discard_last(os_sys *os)
{
    proc *c = os->procs[--os->nprocs];
    proc_release(c, 1);
    free(c->name);
    free(c);
}

proc *proc_fork(proc *parent, const char *name, uint32_t asid, int *err)
{
    int e = name ? proc_usable(parent) : PT_ERR_NULL;
    if (e != PT_OK) {
        set_err(err, e);
        return NULL;
    }
    os_sys *os = parent->os;
    proc *child = proc_create(os, name, asid, err);
    if (!child)
        return NULL;
    int downgraded = 0;
    for (size_t i = 0; i < parent->npages && e == PT_OK; i++) {
        proc_page *pg = &parent->pages[i];
        if (pg->present && pg->kind == PROC_PAGE_PRIVATE && !pg->cow) {
            uint64_t before = leaf_flags(pg);
            pg->cow = 1;
            uint64_t after = leaf_flags(pg);
            if (after != before) {
                e = as_protect(parent->as, pg->va, after);
                /* A TLB entry that still says W=1 would let the parent write the shared frame. */
                if (before & PTE_W)
                    downgraded = 1;
                if (e != PT_OK)
                    break;
            }
        }
        proc_page c = *pg;
        e = c.present ? map_record(child, &c) : page_insert(child, &c);
        if (e != PT_OK)
            break;
        if (c.present && c.kind != PROC_PAGE_PHYS) {
            frame_hold(os, c.pa);
            frame_mapped(os, c.pa, +1);
        }
    }
    if (downgraded)
        flush_asid(os, parent->asid);
    if (e != PT_OK) {
        proc_discard_last(os);
        set_err(err, e);
        return NULL;
    }
    flush_asid(os, child->asid);
    set_err(err, PT_OK);
    return child;
}

/* The permission an access kind needs. */
static unsigned access_perm(unsigned acc)
{
    return acc == RVMMU_ACC_STORE ? PROC_W : acc == RVMMU_ACC_FETCH ? PROC_X : PROC_R;
}

static int is_access_fault(unsigned cause)
{
    return cause == RVMMU_CAUSE_FETCH_ACCESS || cause == RVMMU_CAUSE_LOAD_ACCESS ||
           cause == RVMMU_CAUSE_STORE_ACCESS;
}

int proc_fault(proc *p, uint64_t va, unsigned acc, unsigned cause, proc_fault_info *out)
{
    if (!p || !out)
        return PT_ERR_NULL;
    memset(out, 0, sizeof *out);
    out->kind = PROC_FAULT_SEGV;
    out->addr = va;
    out->acc = acc;
    out->cause = cause;
    out->code = PROC_SEGV_MAPERR;
    if (!p->alive)
        return PROC_ERR_EXITED;
    os_sys *os = p->os;
    proc_page *pg = page_find(p, va, NULL);
    if (!pg)
        return PT_OK;                        /* nothing mapped there */
    out->code = PROC_SEGV_ACCERR;
    if (is_access_fault(cause) || !(pg->perms & access_perm(acc)))
        return PT_OK;                        /* a bus error in the walk, or not allowed */
    if (!pg->present) {                      /* first touch of a demand page */
        uint64_t pa;
        int e = frame_new(os, &pa);
        if (e == PT_ERR_OUT_OF_FRAMES) {
            out->kind = PROC_FAULT_OOM;
            return PT_OK;
        }
        if (e != PT_OK)
            return e;
        e = as_map_page(p->as, pg->va, pa, 0, leaf_flags(pg));
        if (e != PT_OK) {
            frame_drop(os, pa);
            return e;
        }
        pg->present = 1;
        pg->pa = pa;
        frame_mapped(os, pa, +1);
        flush_page(os, pg->va, p->asid);
        out->kind = PROC_FAULT_DEMAND;
        out->new_pa = pa;
        return PT_OK;
    }
    uint64_t pte = 0;
    int level = 0;
    int e = as_lookup(p->as, va, &pte, &level);
    if (e != PT_OK)
        return e;
    if (acc != RVMMU_ACC_STORE || !(pte & PTE_COW) || pg->kind != PROC_PAGE_PRIVATE)
        return PT_OK;                        /* allowed by the kernel, refused by the PTE: nothing to fix */
    out->old_pa = pg->pa;
    if (frame_refs(os, pg->pa) == 1) {       /* the last holder: no copy needed */
        pg->cow = 0;
        e = as_protect(p->as, pg->va, leaf_flags(pg));
        if (e != PT_OK)
            return e;
        flush_page(os, pg->va, p->asid);
        out->kind = PROC_FAULT_COW_REUSE;
        out->new_pa = pg->pa;
        return PT_OK;
    }
    uint64_t copy;
    e = frame_new(os, &copy);
    if (e == PT_ERR_OUT_OF_FRAMES) {
        out->kind = PROC_FAULT_OOM;
        return PT_OK;
    }
    if (e == PT_OK)
        e = frame_copy(os, copy, pg->pa);
    if (e != PT_OK) {
        frame_drop(os, copy);
        return e;
    }
    proc_page next = *pg;
    next.pa = copy;
    next.cow = 0;
    e = as_unmap(p->as, pg->va);
    if (e == PT_OK)
        e = as_map_page(p->as, pg->va, copy, 0, leaf_flags(&next));
    if (e != PT_OK) {
        (void)as_map_page(p->as, pg->va, pg->pa, 0, leaf_flags(pg));   /* put the old leaf back */
        frame_drop(os, copy);
        return e;
    }
    frame_mapped(os, pg->pa, -1);
    frame_drop(os, pg->pa);
    frame_mapped(os, copy, +1);
    *pg = next;
    flush_page(os, pg->va, p->asid);
    out->kind = PROC_FAULT_COW_COPY;
    out->new_pa = copy;
    return PT_OK;
}

void proc_frame_stats(const proc *p, proc_frames *out)
{
    memset(out, 0, sizeof *out);
    if (!p->alive)
        return;
    for (size_t i = 0; i < p->npages; i++) {
        const proc_page *pg = &p->pages[i];
        if (pg->kind == PROC_PAGE_PHYS)
            continue;
        out->pages++;
        if (!pg->present)
            continue;
        out->present++;
        if (os_frame_mappings(p->os, pg->pa) > 1)
            out->shared_frames++;
        else
            out->private_frames++;
        if (pg->cow)
            out->cow_pages++;
    }
    out->table_frames = (uint64_t)as_table_count(p->as);
}

/* ------------------------------------------------------------------ */
/* Shared-memory segments and libraries.                               */
/* ------------------------------------------------------------------ */

/* n new frames into *frames (all or nothing). */
static int frames_new(os_sys *os, uint64_t n, uint64_t **frames)
{
    *frames = NULL;
    if (n == 0)
        return PT_OK;
    if (n > SIZE_MAX / sizeof(uint64_t))
        return PT_ERR_NO_HOST_MEMORY;
    if (pool_free_count(os->pool) < n)
        return PT_ERR_OUT_OF_FRAMES;
    uint64_t *f = calloc((size_t)n, sizeof *f);
    if (!f)
        return PT_ERR_NO_HOST_MEMORY;
    for (uint64_t i = 0; i < n; i++) {
        int e = frame_new(os, &f[i]);
        if (e != PT_OK) {
            while (i--)
                frame_drop(os, f[i]);
            free(f);
            return e;
        }
    }
    *frames = f;
    return PT_OK;
}

static void frames_drop(os_sys *os, uint64_t *frames, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        frame_drop(os, frames[i]);
    free(frames);
}

os_shm *shm_create(os_sys *os, const char *name, uint64_t npages, int *err)
{
    if (!os || !name) {
        set_err(err, PT_ERR_NULL);
        return NULL;
    }
    if (npages == 0 || !pages_size(npages)) {
        set_err(err, PROC_ERR_BAD_COUNT);
        return NULL;
    }
    os_shm *s = calloc(1, sizeof *s);
    char *nm = copy_name(name);
    int e = s && nm ? frames_new(os, npages, &s->frames) : PT_ERR_NO_HOST_MEMORY;
    if (e == PT_OK) {
        void *arr = os->shms;
        e = push_object(&arr, &os->nshms, &os->capshms, s);
        os->shms = arr;
        if (e != PT_OK)
            frames_drop(os, s->frames, npages);
    }
    if (e != PT_OK) {
        free(nm);
        free(s);
        set_err(err, e);
        return NULL;
    }
    s->os = os;
    s->name = nm;
    s->n = npages;
    set_err(err, PT_OK);
    return s;
}

int shm_attach(proc *p, const os_shm *shm, uint64_t va, unsigned perms)
{
    int e = shm ? map_checks(p, perms) : PT_ERR_NULL;
    if (e == PT_OK)
        e = range_vacant(p, va, shm->n * PAGE);
    if (e != PT_OK)
        return e;
    return map_frames(p, va, shm->frames, shm->n, PROC_PAGE_SHARED, perms, 0);
}

uint64_t shm_pages(const os_shm *shm)
{
    return shm->n;
}

uint64_t shm_frame(const os_shm *shm, uint64_t i)
{
    return i < shm->n ? shm->frames[i] : 0;
}

os_lib *lib_load(os_sys *os, const char *name, uint64_t text_pages, uint64_t data_pages, int *err)
{
    if (!os || !name) {
        set_err(err, PT_ERR_NULL);
        return NULL;
    }
    if (text_pages == 0 || !pages_size(text_pages) || !pages_size(data_pages) ||
        text_pages + data_pages < text_pages) {
        set_err(err, PROC_ERR_BAD_COUNT);
        return NULL;
    }
    if (pool_free_count(os->pool) < text_pages + data_pages) {
        set_err(err, PT_ERR_OUT_OF_FRAMES);
        return NULL;
    }
    os_lib *l = calloc(1, sizeof *l);
    char *nm = copy_name(name);
    int e = l && nm ? frames_new(os, text_pages, &l->frames[0]) : PT_ERR_NO_HOST_MEMORY;
    if (e == PT_OK) {
        e = frames_new(os, data_pages, &l->frames[1]);
        if (e != PT_OK)
            frames_drop(os, l->frames[0], text_pages);
    }
    if (e == PT_OK) {
        void *arr = os->libs;
        e = push_object(&arr, &os->nlibs, &os->caplibs, l);
        os->libs = arr;
        if (e != PT_OK) {
            frames_drop(os, l->frames[0], text_pages);
            frames_drop(os, l->frames[1], data_pages);
        }
    }
    if (e != PT_OK) {
        free(nm);
        free(l);
        set_err(err, e);
        return NULL;
    }
    l->os = os;
    l->name = nm;
    l->n[0] = text_pages;
    l->n[1] = data_pages;
    set_err(err, PT_OK);
    return l;
}

int lib_write_word(os_lib *lib, int section, uint64_t offset, uint64_t value)
{
    if (!lib)
        return PT_ERR_NULL;
    if (section != 0 && section != 1)
        return PROC_ERR_BAD_SECTION;
    unsigned wb = lib->os->word_bytes;
    if (offset % wb || offset / PAGE >= lib->n[section])
        return PROC_ERR_BAD_OFFSET;
    uint64_t pa = lib->frames[section][offset / PAGE] + offset % PAGE;
    if (lib->os->mem.write(lib->os->mem.opaque, pa, wb, value) != 0)
        return PT_ERR_MEM;
    return PT_OK;
}

int proc_use_lib(proc *p, const os_lib *lib, uint64_t va)
{
    int e = lib ? proc_usable(p) : PT_ERR_NULL;
    if (e == PT_OK)
        e = range_vacant(p, va, (lib->n[0] + lib->n[1]) * PAGE);
    if (e != PT_OK)
        return e;
    /* Code: read+execute, the library's own frames (copy-on-write should the
     * process ever make it writable). Data: read+write, copy-on-write. */
    e = map_frames(p, va, lib->frames[0], lib->n[0], PROC_PAGE_PRIVATE, PROC_R | PROC_X, 1);
    if (e != PT_OK)
        return e;
    uint64_t data = va + lib->n[0] * PAGE;
    e = map_frames(p, data, lib->frames[1], lib->n[1], PROC_PAGE_PRIVATE, PROC_R | PROC_W, 1);
    if (e != PT_OK)
        drop_range(p, va, data - 1);
    return e;
}

uint64_t lib_pages(const os_lib *lib, int section)
{
    return section == 0 || section == 1 ? lib->n[section] : 0;
}

uint64_t lib_frame(const os_lib *lib, int section, uint64_t i)
{
    if (section != 0 && section != 1)
        return 0;
    return i < lib->n[section] ? lib->frames[section][i] : 0;
}
