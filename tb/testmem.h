/* testmem.h -- the little physical memory of the standalone unit tests
 * (test_sw.c, test_proc.c): 4 KiB pages allocated on first write inside one
 * window [lo, hi); outside the window every access fails, and so does an
 * access to one injected bad word. Reads of a page never written are 0.
 * Accesses are 4 or 8 bytes, aligned, little-endian.
 *
 * Its read, write and compare-and-swap functions have the signatures of the
 * pt_mem (sw/pt.h) and ref_mem (tb/ref.h) callbacks, with the test_mem as
 * the opaque pointer. Header only: every function is static inline. */
#ifndef RVMMU_TESTMEM_H
#define RVMMU_TESTMEM_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint64_t base;
    uint8_t bytes[4096];
} test_page;

typedef struct {
    uint64_t lo, hi;      /* the window [lo, hi) */
    test_page **pages;    /* the pages written so far, by base address */
    size_t npages, cap;
    uint64_t bad_pa;      /* an injected failing word address (0: none) */
    long writes;          /* number of successful writes */
} test_mem;

/* An empty memory with the window [lo, hi). */
static inline void tmem_init(test_mem *m, uint64_t lo, uint64_t hi)
{
    memset(m, 0, sizeof *m);
    m->lo = lo;
    m->hi = hi;
}

/* Release every page (the memory is empty again, with no window). */
static inline void tmem_free(test_mem *m)
{
    for (size_t i = 0; i < m->npages; i++)
        free(m->pages[i]);
    free(m->pages);
    memset(m, 0, sizeof *m);
}

/* The page holding pa; a new zeroed one when create (NULL when none or out of memory). */
static inline test_page *tmem_page(test_mem *m, uint64_t pa, int create)
{
    uint64_t base = pa & ~(uint64_t)0xfff;
    size_t lo = 0, hi = m->npages;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->pages[mid]->base < base)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < m->npages && m->pages[lo]->base == base)
        return m->pages[lo];
    if (!create)
        return NULL;
    if (m->npages == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        test_page **p = realloc(m->pages, cap * sizeof *p);
        if (!p)
            return NULL;
        m->pages = p;
        m->cap = cap;
    }
    test_page *pg = calloc(1, sizeof *pg);
    if (!pg)
        return NULL;
    pg->base = base;
    memmove(&m->pages[lo + 1], &m->pages[lo], (m->npages - lo) * sizeof *m->pages);
    m->pages[lo] = pg;
    m->npages++;
    return pg;
}

/* May a bytes-wide access at pa go through? */
static inline int tmem_access_ok(const test_mem *m, uint64_t pa, unsigned bytes)
{
    if (bytes != 4 && bytes != 8)
        return 0;
    if (pa % bytes)
        return 0;
    if (pa < m->lo || pa + bytes > m->hi || pa + bytes < pa)
        return 0;
    return !(m->bad_pa && pa == m->bad_pa);
}

/* Read a word (opaque: the test_mem): 0, or -1 when the access fails. */
static inline int tmem_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val)
{
    test_mem *m = opaque;
    if (!tmem_access_ok(m, pa, bytes))
        return -1;
    const test_page *pg = tmem_page(m, pa, 0);
    uint64_t v = 0;
    for (unsigned i = 0; pg && i < bytes; i++)
        v |= (uint64_t)pg->bytes[(pa & 0xfff) + i] << (8 * i);
    *val = v;
    return 0;
}

/* Write a word (opaque: the test_mem): 0, or -1 when the access fails. */
static inline int tmem_write(void *opaque, uint64_t pa, unsigned bytes, uint64_t val)
{
    test_mem *m = opaque;
    if (!tmem_access_ok(m, pa, bytes))
        return -1;
    test_page *pg = tmem_page(m, pa, 1);
    if (!pg)
        return -1;
    for (unsigned i = 0; i < bytes; i++)
        pg->bytes[(pa & 0xfff) + i] = (uint8_t)(val >> (8 * i));
    m->writes++;
    return 0;
}

/* Compare-and-swap a word: *old = the word; desired written when it equals expect. */
static inline int tmem_cas(void *opaque, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t desired,
                           uint64_t *old)
{
    if (tmem_read(opaque, pa, bytes, old) != 0)
        return -1;
    return *old == expect ? tmem_write(opaque, pa, bytes, desired) : 0;
}

/* The word at pa for a check (0xbad0bad0bad0bad0 when unreadable). */
static inline uint64_t tmem_peek(test_mem *m, uint64_t pa, unsigned bytes)
{
    uint64_t v = 0;
    return tmem_read(m, pa, bytes, &v) == 0 ? v : 0xbad0bad0bad0bad0ull;
}

#endif
