/* pmp.c -- reference model of Physical Memory Protection (see pmp.h for the
 * spec rules and the choices). No state: everything is the caller's. */
#include "pmp.h"

#define PRIV_M 3u     /* privilege M (ref.h's REF_PRIV_M; pmp.h stays free of ref.h) */

static uint64_t low_mask(unsigned n)
{
    return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

static unsigned entry_a(const pmp_state *p, int i)
{
    unsigned a = (p->cfg[i] & PMP_A_MASK) >> PMP_A_SHIFT;
    return (a == PMP_A_NA4 && p->gran >= 1) ? PMP_A_NAPOT : a;   /* NA4 not selectable when G >= 1 */
}

/* pmpaddr[i] as TOR matching uses it: the register's bits, G-1:0 cleared. */
static uint64_t tor_addr(const pmp_state *p, int i)
{
    return p->addr[i] & low_mask(pmp_addr_bits(p->xlen)) & ~low_mask(p->gran);
}

int pmp_entry_range(const pmp_state *p, int i, uint64_t *lo, uint64_t *hi)
{
    unsigned w = pmp_addr_bits(p->xlen);
    if (i < 0 || i >= p->entries || i >= PMP_MAX_ENTRIES)
        return 0;
    uint64_t a = p->addr[i] & low_mask(w);
    switch (entry_a(p, i)) {
    case PMP_A_TOR:
        *lo = i == 0 ? 0 : tor_addr(p, i - 1) << 2;
        *hi = tor_addr(p, i) << 2;
        return *lo < *hi;                      /* pmpaddr[i-1] >= pmpaddr[i]: nothing */
    case PMP_A_NA4:
        *lo = a << 2;
        *hi = *lo + 4;
        return 1;
    case PMP_A_NAPOT: {
        unsigned k = 0;
        if (p->gran >= 2)
            a |= low_mask(p->gran - 1);        /* bits G-2:0 read as ones */
        while (k < w && ((a >> k) & 1))
            k++;                               /* k trailing ones: 2^(k+3) bytes */
        *lo = (a & ~low_mask(k + 1)) << 2;
        *hi = *lo + (1ULL << (k + 3));
        return 1;
    }
    default:
        return 0;                              /* OFF */
    }
}

int pmp_match(const pmp_state *p, uint64_t pa, unsigned size, int *all)
{
    uint64_t first = pa & low_mask(pmp_pa_bits(p->xlen));
    uint64_t last = first + (size ? size : 1) - 1;   /* an access in the PA space never wraps */
    int n = p->entries < PMP_MAX_ENTRIES ? p->entries : PMP_MAX_ENTRIES;
    for (int i = 0; i < n; i++) {
        uint64_t lo, hi;
        if (!pmp_entry_range(p, i, &lo, &hi))
            continue;
        if (last < lo || first >= hi)
            continue;                          /* no byte of the access */
        *all = first >= lo && last < hi;
        return i;
    }
    *all = 0;
    return -1;
}

int pmp_check(const pmp_state *p, unsigned priv, unsigned need, uint64_t pa, unsigned size)
{
    int all;
    int i = pmp_match(p, pa, size, &all);
    if (i < 0)
        return priv == PRIV_M || p->entries == 0;
    if (!all)
        return 0;                              /* a partial match fails */
    if (priv == PRIV_M && !(p->cfg[i] & PMP_L))
        return 1;
    need &= PMP_R | PMP_W | PMP_X;
    return (p->cfg[i] & need) == need;
}
