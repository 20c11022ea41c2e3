/* gen_random.h -- the constrained-random tlbtrace generator (build/gen_random),
 * its state and the functions its parts share.
 *
 *   gen_random --mode sv32|sv39|sv48|sv57 --seed S --accesses N [--asids K]
 *              [--wide-bare] [--noncanonical-sfence]
 *
 * Prints one tlbtrace (docs/tlbtrace.md, version 1) on stdout, the same
 * for the same options. Every page table is built with the sw/ library (pt.h)
 * over the test memory model (lib/mem.h) in its image mode, which records each
 * word written; the words are printed as `mem` lines. The trace has no `expect`
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
 * No global mutable state: everything lives in one `gen` object.
 *
 * The parts: gen_random.c (options, main: the phases of the stream),
 * gen_random_tables.c (geometry, layout, address spaces, mappings through
 * sw/pt.h), gen_random_raw.c (the junk region of malformed PTEs),
 * gen_random_stream.c (accesses, satp/priv/flag changes, PTE rewrites and
 * their fences), gen_random_out.c (the ram windows and the
 * directives it prints). Geometry comes from sw/pt.h. */
#ifndef RVMMU_GEN_RANDOM_H
#define RVMMU_GEN_RANDOM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mem.h"
#include "pt.h"

/* ------------------------------------------------------------------ */
/* PRNG: xoshiro256** seeded through splitmix64.                       */
/* ------------------------------------------------------------------ */

typedef struct {
    uint64_t s[4];
} rng_t;

static inline uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline void rng_seed(rng_t *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_u64(rng_t *r)
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
static inline uint64_t rng_below(rng_t *r, uint64_t n)
{
    return n ? rng_u64(r) % n : 0;
}

/* True with probability pct percent. */
static inline int rng_pct(rng_t *r, unsigned pct)
{
    return rng_below(r, 100) < pct;
}

/* ------------------------------------------------------------------ */
/* The ram windows (also given to the memory with mem_add_ram).        */
/* ------------------------------------------------------------------ */

typedef struct {
    uint64_t base, size;
} window;

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
    unsigned small_pct;         /* new mappings that are 4 KiB (or Svnapot) pages, percent (0: 50) */
    unsigned superpage_permille; /* --superpage-over: per stream step */
    unsigned modeswitch_permille; /* --mode-switch: per stream step */
    unsigned race_permille;     /* --fence-races: per stream step */
    unsigned pmp_permille;      /* --pmp: per stream step (0: no pmp lines at all) */
    /* geometry */
    unsigned mode;
    int rv64, levels;
    unsigned pte_bytes, vpn_bits, va_bits, pa_bits, asid_bits;
    unsigned entries;           /* PTEs per table */
    uint64_t word_mask, pa_mask, ppn_mask;
    rng_t rng;
    FILE *out;
    /* memory */
    physmem *mem;               /* lib/mem.c in its image mode: PTE-sized words */
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
    pt_as *alt[3][MAX_AS];      /* --mode-switch: each space's ASID under Sv39, Sv48, Sv57 */
} gen;

/* gen_random_out.c: the ram windows and the output. */
int in_windows(const window *w, int n, uint64_t pa, uint64_t bytes);
void emit_flush(gen *g);
void emit_sfence(gen *g, int has_va, uint64_t va, int has_asid, uint32_t asid);

/* gen_random_tables.c: geometry, records, random choices, mappings, setup. */
uint64_t page_size(const gen *g, int level);
uint64_t canon(const gen *g, uint64_t va);
unsigned va_index(const gen *g, uint64_t va, int level);
uint64_t va_from_indices(const gen *g, const unsigned *idx);
uint64_t va_replace_index(const gen *g, uint64_t va, int level, unsigned idx);
int in_global_region(const gen *g, uint64_t va);
int add_mapping(gen *g, uint64_t va, int level, int napot, int global, int owner);
void add_junk(gen *g, int owner, uint64_t va, uint64_t slot, int level);
int flags_ad_clean(uint64_t f);
int total_tables(const gen *g);
uint64_t rand_leaf_flags(gen *g, int global, int napot);
uint64_t rand_pa(gen *g, uint64_t size, int from_pool);
uint64_t pa_outside(gen *g);
uint64_t rand_va_in(gen *g, unsigned r, int level, int napot);
int map_in(gen *g, int owner, uint64_t va, uint64_t pa, int level, uint64_t flags);
int unmap_in(gen *g, const mapping *m);
int protect_in(gen *g, const mapping *m, uint64_t flags);
int frames_ok(gen *g, int owner);
int new_mapping(gen *g, int owner, int global, int *tables_changed);
int new_share(gen *g, int dst, const mapping *m, int *tables_changed);
void choose_windows(gen *g);
void make_pools(gen *g);
void choose_layout(gen *g);
void make_spaces(gen *g);
void build_tables(gen *g);

/* gen_random_raw.c: the junk region (malformed PTEs). */
void write_raw(gen *g, const junk *j);
void build_junk(gen *g, int a);

/* gen_random_stream.c: fences and the stream directives. */
void emit_satp(gen *g, int which);
int pick_mapping(gen *g, int want_live, int owner_filter);
void do_access(gen *g);
void do_burst(gen *g);
void do_satp(gen *g);
void do_priv(gen *g);
void do_toggle(gen *g);
void do_extra_sfence(gen *g);
void do_rewrite(gen *g);
void do_superpage_over(gen *g);
void do_mode_switch(gen *g);
void do_fence_race(gen *g);

/* gen_random_pmp.c: --pmp, a random PMP configuration (all 16 entries) and a full fence. */
void do_pmp(gen *g);

/* gen_random.c: options and main. */
void die_oom(void);

#endif
