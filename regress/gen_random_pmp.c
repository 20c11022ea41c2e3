/* gen_random_pmp.c -- --pmp: random PMP configurations (docs/tlbtrace.md,
 * PMP) in the stream: NAPOT regions of every size from 8 bytes up (and the
 * largest, pmpaddr all ones), NA4 words (an RV64 PTE half inside one fails),
 * TOR chains (an OFF or TOR entry's pmpaddr the next one's lower bound),
 * locked entries (they bind M mode too), random R/W/X, anchored on the
 * page-table windows, the data pool and random PAs; usually a backstop
 * entry above them lets the rest through. Every reconfiguration writes all
 * 16 entries (the models' PMP_ENTRIES) and is followed by a full SFENCE.VMA,
 * as the spec asks after PMP CSR writes, so the outcome never depends on
 * what the TLB holds. */
#include "gen_random.h"

#include <inttypes.h>

#define PMP_ENTRIES_GEN 16
#define PMP_NAPOT 0x18u
#define PMP_NA4   0x10u
#define PMP_TOR   0x08u
#define PMP_LOCK  0x80u

/* A random R/W/X (W never without R: reserved). */
static unsigned rand_perm(rng_t *r)
{
    unsigned p = (unsigned)rng_below(r, 8);
    return (p & 2) ? (p | 1) : p;
}

/* A PA worth protecting: a page-table window, the data pool, or anywhere. */
static uint64_t anchor(gen *g)
{
    rng_t *r = &g->rng;
    unsigned c = (unsigned)rng_below(r, 100);
    if (c < 45) {
        pt_pool *p = g->tpool[rng_below(r, (uint64_t)g->nwin)];
        return pool_base(p) + rng_below(r, pool_frame_count(p) * PT_FRAME_SIZE);
    }
    if (c < 75)
        return pool_base(g->dpool) + rng_below(r, pool_frame_count(g->dpool) * PT_FRAME_SIZE);
    return rng_u64(r) & g->pa_mask;
}

void do_pmp(gen *g)
{
    rng_t *r = &g->rng;
    unsigned abits = g->pa_bits - 2;                  /* pmpaddr: PA bits pa_bits-1:2 */
    uint64_t amask = (1ull << abits) - 1;
    unsigned cfg[PMP_ENTRIES_GEN] = {0};
    uint64_t addr[PMP_ENTRIES_GEN] = {0};
    int n = 1 + (int)rng_below(r, 8);
    int first = (int)rng_below(r, (uint64_t)(PMP_ENTRIES_GEN - n));
    for (int i = first; i < first + n; i++) {
        unsigned c = (unsigned)rng_below(r, 100), perm = rand_perm(r);
        uint64_t a = anchor(g);
        if (rng_pct(r, 50))
            a &= ~(uint64_t)PT_PAGE_OFFSET_MASK;      /* a page boundary: where walks and accesses start */
        if (c < 40) {                                 /* NAPOT: 8 bytes to 32 MiB */
            uint64_t size = 8ull << rng_below(r, 23);
            a &= ~(size - 1);
            cfg[i] = PMP_NAPOT | perm;
            addr[i] = ((a >> 2) | ((size >> 3) - 1)) & amask;
        } else if (c < 52) {                          /* NA4 */
            cfg[i] = PMP_NA4 | perm;
            addr[i] = (a >> 2) & amask;
        } else if (c < 85) {                          /* TOR above the entry below */
            cfg[i] = PMP_TOR | perm;
            addr[i] = (a >> 2) & amask;
        } else {                                      /* OFF: a lower bound for the next TOR */
            addr[i] = (a >> 2) & amask;
        }
        if (cfg[i] && rng_pct(r, 15))
            cfg[i] |= PMP_LOCK;
    }
    if (rng_pct(r, 75)) {                             /* the backstop: all of memory */
        int i = first + n + (int)rng_below(r, (uint64_t)(PMP_ENTRIES_GEN - first - n));
        cfg[i] = PMP_NAPOT | (rng_pct(r, 80) ? 7u : rand_perm(r)) | (rng_pct(r, 10) ? PMP_LOCK : 0);
        addr[i] = amask;
    }
    fprintf(g->out, "# pmp: %d entries from %d\n", n, first);
    for (int i = 0; i < PMP_ENTRIES_GEN; i++)
        fprintf(g->out, "pmp %d 0x%x 0x%" PRIx64 "\n", i, cfg[i], addr[i]);
    emit_sfence(g, 0, 0, 0, 0);
}
