/* testmem.h -- the little physical memory of the standalone unit tests
 * (test_sw.c, test_proc.c): the project's one sparse memory model
 * (lib/mem.h) with one ram window [lo, hi), plus what the tests observe: one
 * injected bad word (bad_pa: every read, write and swap there fails; 0 for
 * none) and the number of successful writes. Outside the window every access
 * fails. Reads of a word never written are 0. Accesses are 4 or 8 bytes,
 * aligned, little-endian.
 *
 * Its read, write and compare-and-swap functions have the signatures of the
 * pt_mem (sw/pt.h) and ref_mem (lib/ref.h) callbacks, with the test_mem as
 * the opaque pointer. Header only: every function is static inline. */
#ifndef RVMMU_TESTMEM_H
#define RVMMU_TESTMEM_H

#include <stdint.h>
#include <string.h>

#include "mem.h"

typedef struct {
    physmem *pm;          /* the bytes (NULL when out of host memory: every access fails) */
    uint64_t bad_pa;      /* an injected failing word address (0: none) */
    long writes;          /* number of successful writes */
} test_mem;

/* An empty memory with the window [lo, hi). */
static inline void tmem_init(test_mem *m, uint64_t lo, uint64_t hi)
{
    memset(m, 0, sizeof *m);
    m->pm = mem_new();
    if (m->pm && mem_add_ram(m->pm, lo, hi - lo) != 0) {
        mem_free(m->pm);
        m->pm = NULL;
    }
}

/* Release the memory (empty again, with no window). */
static inline void tmem_free(test_mem *m)
{
    mem_free(m->pm);
    memset(m, 0, sizeof *m);
}

/* Is the access one the injected bad word refuses? */
static inline int tmem_bad(const test_mem *m, uint64_t pa)
{
    return !m->pm || (m->bad_pa && pa == m->bad_pa);
}

/* Read a word (opaque: the test_mem): 0, or -1 when the access fails. */
static inline int tmem_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val)
{
    test_mem *m = opaque;
    return tmem_bad(m, pa) ? -1 : mem_read_pte(m->pm, pa, bytes, val);
}

/* Write a word (opaque: the test_mem): 0, or -1 when the access fails. */
static inline int tmem_write(void *opaque, uint64_t pa, unsigned bytes, uint64_t val)
{
    test_mem *m = opaque;
    if (tmem_bad(m, pa) || mem_write_pte(m->pm, pa, bytes, val) != 0)
        return -1;
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
