/* gen_random_out.c -- the generator's sparse memory (PTE-sized words that
 * record each write, so that the words are printed as `mem` lines) and the
 * directives it prints for memory and fences (see gen_random.h). */
#include "gen_random.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

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

int in_windows(const window *w, int n, uint64_t pa, uint64_t bytes)
{
    for (int i = 0; i < n; i++)
        if (pa >= w[i].base && pa - w[i].base < w[i].size && w[i].size - (pa - w[i].base) >= bytes)
            return 1;
    return 0;
}

int smem_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val)
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
int smem_write(void *opaque, uint64_t pa, unsigned bytes, uint64_t val)
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

void smem_free(smem *m)
{
    free(m->tab);
    free(m->dirty);
    m->tab = NULL;
    m->dirty = NULL;
}

/* ------------------------------------------------------------------ */
/* Output.                                                             */
/* ------------------------------------------------------------------ */

void emit_flush(gen *g)
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

void emit_sfence(gen *g, int has_va, uint64_t va, int has_asid, uint32_t asid)
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
