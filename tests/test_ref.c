/* test_ref.c -- unit tests of the reference model (ref.c).
 *
 * Standalone: its own small sparse memory implements ref_mem. Every expected
 * value below was worked out by hand from the privileged specification
 * (Virtual-Memory System, Svnapot, Svpbmt), never taken from the model.
 *
 * Build and run (from the project root):
 *   gcc -std=c11 -Wall -Wextra -Werror -fsanitize=address,undefined \
 *       -Ibuild/gen -Itb lib/ref.c tests/test_ref.c -o /tmp/test_ref && /tmp/test_ref
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mem.h"
#include "ref.h"

/* ---- PTE encoding ----------------------------------------------------------- */

#define V (1ULL << 0)
#define R (1ULL << 1)
#define W (1ULL << 2)
#define X (1ULL << 3)
#define U (1ULL << 4)
#define G (1ULL << 5)
#define A (1ULL << 6)
#define D (1ULL << 7)
#define N (1ULL << 63)
#define PBMT(v) ((uint64_t)(v) << 61)

static uint64_t pte(uint64_t ppn, uint64_t flags)
{
    return (ppn << 10) | flags;
}

/* ---- a small memory --------------------------------------------------------- */
/* The bytes live in the project's one sparse memory model (lib/mem.c); this
 * view adds what the cases observe and inject: call counts, a failing read
 * or compare-and-swap word, and another hart's stores racing the CAS. */

typedef struct {
    physmem *pm;                        /* one ram window 0x80000000 + 256 MiB; outside it: bus error */
    unsigned word;                      /* PTE bytes of the case (4 Sv32, 8 RV64): what poke/peek store */
    uint64_t read_err_pa; int has_read_err;
    uint64_t cas_err_pa;  int has_cas_err;
    /* Another hart: just before each of the next tamper_left CASes at
     * tamper_pa it stores tamper_val[k], k cycling over n_tamper values. */
    uint64_t tamper_pa, tamper_val[2];
    int n_tamper, tamper_left, tamper_next;
    int reads, cases;                   /* calls seen */
} tmem;

/* Every tmem's physmem, by the tmem's address: the tmems live on the stack,
 * uninitialised until their first reset, so a reset frees what a tmem at the
 * same address had before, and main frees the rest. */
static struct {
    const tmem *owner;
    physmem *pm;
} arenas[64];
static int narenas;

static void arenas_free(void)
{
    for (int i = 0; i < narenas; i++)
        mem_free(arenas[i].pm);
    narenas = 0;
}

/* An empty memory for a case whose PTEs are word_bytes wide. */
static void mem_reset(tmem *m, unsigned word_bytes)
{
    memset(m, 0, sizeof *m);
    m->word = word_bytes;
    int i = 0;
    while (i < narenas && arenas[i].owner != m)
        i++;
    if (i < narenas)
        mem_free(arenas[i].pm);
    else if (narenas < (int)(sizeof arenas / sizeof arenas[0]))
        narenas++;
    else {
        fprintf(stderr, "test memory: too many live memories\n");
        exit(2);
    }
    arenas[i].owner = m;
    arenas[i].pm = m->pm = mem_new();
    if (!m->pm || mem_add_ram(m->pm, 0x80000000ULL, 0x10000000ULL) != 0) {
        fprintf(stderr, "test memory: out of memory\n");
        exit(2);
    }
}

/* Store a PTE-sized word as software would (no window check). */
static void poke(tmem *m, uint64_t pa, uint64_t val)
{
    for (unsigned i = 0; i < m->word; i++)
        if (mem_poke_byte(m->pm, pa + i, (uint8_t)(val >> (8 * i))) != 0) {
            fprintf(stderr, "test memory: out of memory\n");
            exit(2);
        }
}

static uint64_t peek(const tmem *m, uint64_t pa)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < m->word; i++)
        v |= (uint64_t)mem_peek_byte(m->pm, pa + i) << (8 * i);
    return v;
}

static int tmem_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val)
{
    tmem *m = opaque;
    m->reads++;
    if (m->has_read_err && pa == m->read_err_pa)
        return -1;
    return mem_read_pte(m->pm, pa, bytes, val);
}

static int tmem_cas(void *opaque, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t desired, uint64_t *old)
{
    tmem *m = opaque;
    m->cases++;
    if ((bytes != 4 && bytes != 8) || pa % bytes || !mem_in_ram(m->pm, pa, bytes) ||
        (m->has_cas_err && pa == m->cas_err_pa))
        return -1;
    if (m->tamper_left > 0 && pa == m->tamper_pa) {
        poke(m, pa, m->tamper_val[m->tamper_next]);
        m->tamper_next = (m->tamper_next + 1) % m->n_tamper;
        m->tamper_left--;
    }
    if (mem_read_pte(m->pm, pa, bytes, old) != 0)
        return -1;
    return *old == expect ? mem_write_pte(m->pm, pa, bytes, desired) : 0;
}

static ref_mem as_ref(tmem *m)
{
    ref_mem r = { tmem_read, tmem_cas, m };
    return r;
}

static ref_ctx ctx(unsigned mode, uint32_t asid, uint64_t root, unsigned priv)
{
    ref_ctx c = { mode, asid, root, priv, 0, 0, 0, NULL, 0 };
    return c;
}

/* ---- the test harness -------------------------------------------------------- */

typedef struct {
    const char *name;       /* the current case */
    int case_failed;
    int passed, failed;
} suite;

static void begin(suite *s, const char *name)
{
    s->name = name;
    s->case_failed = 0;
}

static void end(suite *s)
{
    if (s->case_failed) {
        s->failed++;
        printf("FAILED: %s\n", s->name);
    } else {
        s->passed++;
    }
}

static void expect_eq(suite *s, const char *what, uint64_t got, uint64_t want)
{
    if (got != want) {
        printf("  %s: %s = 0x%" PRIx64 ", expected 0x%" PRIx64 "\n", s->name, what, got, want);
        s->case_failed = 1;
    }
}

static void expect_pa(suite *s, ref_result r, uint64_t pa)
{
    expect_eq(s, "fault", (uint64_t)r.fault, 0);
    if (!r.fault)
        expect_eq(s, "pa", r.pa, pa);
    else
        expect_eq(s, "cause", r.cause, 0);
}

static void expect_fault(suite *s, ref_result r, unsigned cause)
{
    expect_eq(s, "fault", (uint64_t)r.fault, 1);
    if (r.fault)
        expect_eq(s, "cause", r.cause, cause);
    else
        expect_eq(s, "pa", r.pa, 0);
}

enum { LOAD = REF_ACC_LOAD, STORE = REF_ACC_STORE, FETCH = REF_ACC_FETCH };
enum { LPF = REF_CAUSE_LOAD_PAGE, SPF = REF_CAUSE_STORE_PAGE, IPF = REF_CAUSE_FETCH_PAGE,
       LAF = REF_CAUSE_LOAD_ACCESS, SAF = REF_CAUSE_STORE_ACCESS, IAF = REF_CAUSE_FETCH_ACCESS };

/* A page fault of each kind for all three accesses. */
static void expect_page_fault_all(suite *s, const ref_ctx *c, uint64_t va, tmem *m)
{
    ref_mem rm = as_ref(m);
    expect_fault(s, ref_translate(c, va, LOAD, &rm), LPF);
    expect_fault(s, ref_translate(c, va, STORE, &rm), SPF);
    expect_fault(s, ref_translate(c, va, FETCH, &rm), IPF);
}

static void expect_access_fault_all(suite *s, const ref_ctx *c, uint64_t va, tmem *m)
{
    ref_mem rm = as_ref(m);
    expect_fault(s, ref_translate(c, va, LOAD, &rm), LAF);
    expect_fault(s, ref_translate(c, va, STORE, &rm), SAF);
    expect_fault(s, ref_translate(c, va, FETCH, &rm), IAF);
}

/* ============================================================================ */
/* Sv32. Root table at PPN 0x80010. VA 0x00400000 (vpn1=1, vpn0=0) goes through
 * root[1] @0x80010004 -> L0 table 0x80013, L0[0] @0x80013000.
 * VA 0x00800000.. (vpn1=2) uses root[2] @0x80010008. */

#define S32_ROOT     0x80010ULL
#define S32_ROOT1_PA 0x80010004ULL
#define S32_ROOT2_PA 0x80010008ULL
#define S32_L0       0x80013ULL
#define S32_LEAF_PA  0x80013000ULL
#define S32_VA       0x00400010ULL

static void sv32_map(tmem *m, uint64_t leaf)
{
    mem_reset(m, 4);
    poke(m, S32_ROOT1_PA, pte(S32_L0, V));
    poke(m, S32_LEAF_PA, leaf);
}

/* Each R/W/X/U combination from U and S mode, with SUM and MXR both ways.
 * allowed[col]: "l" load, "s" store, "x" fetch allowed, "-" page fault.
 * Columns: U-mode (sum,mxr) = 00 01 10 11, then S-mode 00 01 10 11. */
static const struct {
    const char *name;
    uint64_t flags;
    const char *allowed[8];
} perm_rows[] = {
    { "R",       R,         { "---", "---", "---", "---",  "l--", "l--", "l--", "l--" } },
    { "R U",     R | U,     { "l--", "l--", "l--", "l--",  "---", "---", "l--", "l--" } },
    { "RW",      R | W,     { "---", "---", "---", "---",  "ls-", "ls-", "ls-", "ls-" } },
    { "RW U",    R | W | U, { "ls-", "ls-", "ls-", "ls-",  "---", "---", "ls-", "ls-" } },
    { "X",       X,         { "---", "---", "---", "---",  "--x", "l-x", "--x", "l-x" } },
    { "X U",     X | U,     { "--x", "l-x", "--x", "l-x",  "---", "---", "---", "l--" } },
    { "RX",      R | X,     { "---", "---", "---", "---",  "l-x", "l-x", "l-x", "l-x" } },
    { "RX U",    R | X | U, { "l-x", "l-x", "l-x", "l-x",  "---", "---", "l--", "l--" } },
    { "RWX",     R | W | X, { "---", "---", "---", "---",  "lsx", "lsx", "lsx", "lsx" } },
    { "RWX U",   R|W|X|U,   { "lsx", "lsx", "lsx", "lsx",  "---", "---", "ls-", "ls-" } },
};

static void test_sv32_permissions(suite *s)
{
    static const unsigned acc[3] = { LOAD, STORE, FETCH };
    static const unsigned pf[3] = { LPF, SPF, IPF };
    static const char letter[3] = { 'l', 's', 'x' };
    char name[128];
    tmem m;
    for (size_t row = 0; row < sizeof perm_rows / sizeof perm_rows[0]; row++) {
        for (int col = 0; col < 8; col++) {
            ref_ctx c = ctx(REF_MODE_SV32, 1, S32_ROOT, col < 4 ? REF_PRIV_U : REF_PRIV_S);
            c.sum = (col >> 1) & 1;
            c.mxr = col & 1;
            snprintf(name, sizeof name, "sv32 perm %s from %s sum=%d mxr=%d",
                     perm_rows[row].name, col < 4 ? "U" : "S", c.sum, c.mxr);
            begin(s, name);
            sv32_map(&m, pte(0x80200, V | A | D | perm_rows[row].flags));
            ref_mem rm = as_ref(&m);
            for (int k = 0; k < 3; k++) {
                ref_result r = ref_translate(&c, S32_VA, acc[k], &rm);
                if (perm_rows[row].allowed[col][k] == letter[k])
                    expect_pa(s, r, 0x80200010ULL);
                else
                    expect_fault(s, r, pf[k]);
            }
            end(s);
        }
    }
}

static void test_sv32_walks(suite *s)
{
    tmem m;
    ref_mem rm = as_ref(&m);
    ref_ctx c = ctx(REF_MODE_SV32, 1, S32_ROOT, REF_PRIV_S);
    ref_result r;

    begin(s, "sv32 4 KiB page load/store/fetch");
    sv32_map(&m, pte(0x80200, V | R | W | X | A | D));
    r = ref_translate(&c, S32_VA, LOAD, &rm);
    expect_pa(s, r, 0x80200010ULL);
    expect_eq(s, "walked", (uint64_t)r.walked, 1);
    expect_eq(s, "has_leaf", (uint64_t)r.has_leaf, 1);
    expect_eq(s, "pbmt", r.pbmt, 0);
    expect_eq(s, "reads", (uint64_t)m.reads, 2);
    expect_pa(s, ref_translate(&c, 0x00400ffcULL, STORE, &rm), 0x80200ffcULL);
    expect_pa(s, ref_translate(&c, 0x00400000ULL, FETCH, &rm), 0x80200000ULL);
    end(s);

    begin(s, "sv32 leaf record of a 4 KiB page");
    sv32_map(&m, pte(0x80200, V | R | W | G | A | D));
    c.asid = 7;
    r = ref_translate(&c, 0x00400abcULL, LOAD, &rm);
    expect_eq(s, "mode", r.leaf.mode, REF_MODE_SV32);
    expect_eq(s, "asid", r.leaf.asid, 7);
    expect_eq(s, "g", (uint64_t)r.leaf.g, 1);
    expect_eq(s, "vpn", r.leaf.vpn, 0x00400);
    expect_eq(s, "level", (uint64_t)r.leaf.level, 0);
    expect_eq(s, "napot", (uint64_t)r.leaf.napot, 0);
    expect_eq(s, "ppn", r.leaf.ppn, 0x80200);
    expect_eq(s, "pte", r.leaf.pte, 0x200800e7ULL);
    expect_eq(s, "pbmt", r.leaf.pbmt, 0);
    c.asid = 1;
    end(s);

    begin(s, "sv32 G on a non-leaf is not inherited by the leaf record");
    sv32_map(&m, pte(0x80200, V | R | A | D));
    poke(&m, S32_ROOT1_PA, pte(S32_L0, V | G));
    r = ref_translate(&c, S32_VA, LOAD, &rm);
    expect_pa(s, r, 0x80200010ULL);
    expect_eq(s, "g", (uint64_t)r.leaf.g, 0);
    end(s);

    begin(s, "sv32 RSW bits 9:8 are ignored");
    sv32_map(&m, pte(0x80200, V | R | W | A | D) | 0x300);
    expect_pa(s, ref_translate(&c, S32_VA, LOAD, &rm), 0x80200010ULL);
    end(s);

    begin(s, "sv32 V=0 leaf");
    sv32_map(&m, pte(0x80200, R | W | X | A | D));
    expect_page_fault_all(s, &c, S32_VA, &m);
    end(s);

    begin(s, "sv32 V=0 root entry");
    sv32_map(&m, pte(0x80200, V | R | W | X | A | D));
    poke(&m, S32_ROOT1_PA, pte(S32_L0, 0));
    r = ref_translate(&c, S32_VA, LOAD, &rm);
    expect_fault(s, r, LPF);
    expect_eq(s, "walked", (uint64_t)r.walked, 1);
    expect_eq(s, "reads", (uint64_t)m.reads, 1);
    end(s);

    begin(s, "sv32 reserved W&!R leaf");
    sv32_map(&m, pte(0x80200, V | W | A | D));
    expect_page_fault_all(s, &c, S32_VA, &m);
    end(s);

    begin(s, "sv32 reserved W|X without R leaf");
    sv32_map(&m, pte(0x80200, V | W | X | A | D));
    expect_page_fault_all(s, &c, S32_VA, &m);
    end(s);

    begin(s, "sv32 reserved W&!R at the root level");
    sv32_map(&m, pte(0x80200, V | R | W | X | A | D));
    poke(&m, S32_ROOT1_PA, pte(S32_L0, V | W));
    expect_page_fault_all(s, &c, S32_VA, &m);
    end(s);

    begin(s, "sv32 non-leaf at level 0");
    sv32_map(&m, pte(0x80014, V));
    poke(&m, 0x80014000ULL, pte(0x80200, V | R | W | X | A | D));
    expect_page_fault_all(s, &c, S32_VA, &m);
    expect_eq(s, "reads", (uint64_t)m.reads, 6);
    end(s);

    begin(s, "sv32 non-leaf with A set");
    sv32_map(&m, pte(0x80200, V | R | W | X | A | D));
    poke(&m, S32_ROOT1_PA, pte(S32_L0, V | A));
    expect_page_fault_all(s, &c, S32_VA, &m);
    end(s);

    begin(s, "sv32 non-leaf with D set");
    poke(&m, S32_ROOT1_PA, pte(S32_L0, V | D));
    expect_page_fault_all(s, &c, S32_VA, &m);
    end(s);

    begin(s, "sv32 non-leaf with U set");
    poke(&m, S32_ROOT1_PA, pte(S32_L0, V | U));
    expect_page_fault_all(s, &c, S32_VA, &m);
    end(s);

    /* Megapage: root[2] leaf PPN 0x80400 (ppn[0]=0). VA 0x00812345: vpn1=2,
     * vpn0=0x012 -> PA (0x80400|0x012)<<12 | 0x345 = 0x80412345. */
    begin(s, "sv32 megapage");
    mem_reset(&m, 4);
    poke(&m, S32_ROOT2_PA, pte(0x80400, V | R | W | X | A | D));
    r = ref_translate(&c, 0x00812345ULL, LOAD, &rm);
    expect_pa(s, r, 0x80412345ULL);
    expect_eq(s, "reads", (uint64_t)m.reads, 1);
    expect_eq(s, "level", (uint64_t)r.leaf.level, 1);
    expect_eq(s, "vpn", r.leaf.vpn, 0x00812);
    expect_eq(s, "ppn", r.leaf.ppn, 0x80400);
    expect_pa(s, ref_translate(&c, 0x00800000ULL, STORE, &rm), 0x80400000ULL);
    expect_pa(s, ref_translate(&c, 0x00bfffffULL, FETCH, &rm), 0x807fffffULL);
    end(s);

    begin(s, "sv32 misaligned megapage");
    mem_reset(&m, 4);
    poke(&m, S32_ROOT2_PA, pte(0x80401, V | R | W | X | A | D));
    expect_page_fault_all(s, &c, 0x00812345ULL, &m);
    end(s);

    /* 22-bit PPN 0x300200: PA bits 33:32 set -> 0x3_0020_0010. */
    begin(s, "sv32 PPN bits 33:32 give a PA above 4 GiB");
    sv32_map(&m, pte(0x300200, V | R | W | A | D));
    expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0xc00800c7ULL);
    expect_pa(s, ref_translate(&c, S32_VA, LOAD, &rm), 0x300200010ULL);
    end(s);

    /* Megapage PPN 0x3ffc00 (ppn1=0xfff): VA 0x00812345 -> 0x3_ffc1_2345. */
    begin(s, "sv32 megapage above 4 GiB");
    mem_reset(&m, 4);
    poke(&m, S32_ROOT2_PA, pte(0x3ffc00, V | R | A | D));
    expect_pa(s, ref_translate(&c, 0x00812345ULL, LOAD, &rm), 0x3ffc12345ULL);
    end(s);

    /* root[0x3ff] @0x80010ffc megapage 0x80800: VA 0xfffff123 (vpn0=0x3ff)
     * -> (0x80800|0x3ff)<<12 | 0x123 = 0x80bff123. */
    begin(s, "sv32 top of the VA space");
    mem_reset(&m, 4);
    poke(&m, 0x80010ffcULL, pte(0x80800, V | R | A | D));
    expect_pa(s, ref_translate(&c, 0xfffff123ULL, LOAD, &rm), 0x80bff123ULL);
    end(s);

    begin(s, "sv32 bus error reading the root entry");
    sv32_map(&m, pte(0x80200, V | R | W | X | A | D));
    m.has_read_err = 1;
    m.read_err_pa = S32_ROOT1_PA;
    expect_access_fault_all(s, &c, S32_VA, &m);
    end(s);

    begin(s, "sv32 bus error reading the level-0 entry");
    sv32_map(&m, pte(0x80200, V | R | W | X | A | D));
    m.has_read_err = 1;
    m.read_err_pa = S32_LEAF_PA;
    expect_access_fault_all(s, &c, S32_VA, &m);
    end(s);

    begin(s, "sv32 root table outside ram");
    sv32_map(&m, pte(0x80200, V | R | W | X | A | D));
    {
        ref_ctx c2 = ctx(REF_MODE_SV32, 1, 0x00010, REF_PRIV_S);
        expect_access_fault_all(s, &c2, S32_VA, &m);
    }
    end(s);

    begin(s, "sv32 non-leaf pointing outside ram");
    sv32_map(&m, pte(0x80200, V | R | W | X | A | D));
    poke(&m, S32_ROOT1_PA, pte(0x00020, V));
    expect_access_fault_all(s, &c, S32_VA, &m);
    end(s);
}

/* A/D: Svade (adue=0) and Svadu (adue=1). Leaf at 0x80013000, PPN 0x80200. */
static void test_sv32_ad(suite *s)
{
    tmem m;
    ref_mem rm = as_ref(&m);
    ref_ctx c = ctx(REF_MODE_SV32, 1, S32_ROOT, REF_PRIV_S);
    ref_result r;

    begin(s, "svade A=0 load faults, PTE unchanged");
    sv32_map(&m, 0x20080007ULL);                    /* PPN 0x80200, V R W */
    expect_fault(s, ref_translate(&c, S32_VA, LOAD, &rm), LPF);
    expect_fault(s, ref_translate(&c, S32_VA, STORE, &rm), SPF);
    expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0x20080007ULL);
    expect_eq(s, "cas calls", (uint64_t)m.cases, 0);
    end(s);

    begin(s, "svade A=0 fetch faults");
    sv32_map(&m, 0x2008000bULL);                    /* V R X */
    expect_fault(s, ref_translate(&c, S32_VA, FETCH, &rm), IPF);
    end(s);

    begin(s, "svade D=0 store faults, load and fetch pass");
    sv32_map(&m, 0x2008004fULL);                    /* V R W X A */
    expect_fault(s, ref_translate(&c, S32_VA, STORE, &rm), SPF);
    expect_pa(s, ref_translate(&c, S32_VA, LOAD, &rm), 0x80200010ULL);
    expect_pa(s, ref_translate(&c, S32_VA, FETCH, &rm), 0x80200010ULL);
    expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0x2008004fULL);
    expect_eq(s, "cas calls", (uint64_t)m.cases, 0);
    end(s);

    c.adue = 1;
    begin(s, "svadu A=0 load sets A");
    sv32_map(&m, 0x20080007ULL);
    r = ref_translate(&c, S32_VA, LOAD, &rm);
    expect_pa(s, r, 0x80200010ULL);
    expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0x20080047ULL);
    expect_eq(s, "ad_written", (uint64_t)r.ad_written, 1);
    expect_eq(s, "ad_pa", r.ad_pa, S32_LEAF_PA);
    expect_eq(s, "ad_value", r.ad_value, 0x20080047ULL);
    expect_eq(s, "leaf.pte", r.leaf.pte, 0x20080047ULL);
    end(s);

    begin(s, "svadu A=0 store sets A and D");
    sv32_map(&m, 0x20080007ULL);
    r = ref_translate(&c, S32_VA, STORE, &rm);
    expect_pa(s, r, 0x80200010ULL);
    expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0x200800c7ULL);
    expect_eq(s, "ad_value", r.ad_value, 0x200800c7ULL);
    expect_eq(s, "leaf.pte", r.leaf.pte, 0x200800c7ULL);
    end(s);

    begin(s, "svadu D=0 store sets D");
    sv32_map(&m, 0x20080047ULL);
    r = ref_translate(&c, S32_VA, STORE, &rm);
    expect_pa(s, r, 0x80200010ULL);
    expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0x200800c7ULL);
    expect_eq(s, "ad_written", (uint64_t)r.ad_written, 1);
    end(s);

    begin(s, "svadu A=0 fetch sets A only");
    sv32_map(&m, 0x2008000bULL);
    r = ref_translate(&c, S32_VA, FETCH, &rm);
    expect_pa(s, r, 0x80200010ULL);
    expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0x2008004bULL);
    end(s);

    begin(s, "svadu D=0 load writes nothing");
    sv32_map(&m, 0x20080047ULL);
    r = ref_translate(&c, S32_VA, LOAD, &rm);
    expect_pa(s, r, 0x80200010ULL);
    expect_eq(s, "ad_written", (uint64_t)r.ad_written, 0);
    expect_eq(s, "cas calls", (uint64_t)m.cases, 0);
    end(s);

    begin(s, "svadu A and D set: no write");
    sv32_map(&m, 0x200800c7ULL);
    r = ref_translate(&c, S32_VA, STORE, &rm);
    expect_pa(s, r, 0x80200010ULL);
    expect_eq(s, "ad_written", (uint64_t)r.ad_written, 0);
    expect_eq(s, "cas calls", (uint64_t)m.cases, 0);
    end(s);

    begin(s, "svadu permission fault leaves the PTE alone");
    sv32_map(&m, 0x20080003ULL);                    /* V R, A=0 */
    r = ref_translate(&c, S32_VA, STORE, &rm);
    expect_fault(s, r, SPF);
    expect_eq(s, "ad_written", (uint64_t)r.ad_written, 0);
    expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0x20080003ULL);
    expect_eq(s, "cas calls", (uint64_t)m.cases, 0);
    end(s);

    begin(s, "svadu misaligned megapage leaves the PTE alone");
    mem_reset(&m, 4);
    poke(&m, S32_ROOT2_PA, pte(0x80401, V | R | W));
    expect_fault(s, ref_translate(&c, 0x00812345ULL, STORE, &rm), SPF);
    expect_eq(s, "pte word", peek(&m, S32_ROOT2_PA), pte(0x80401, V | R | W));
    expect_eq(s, "cas calls", (uint64_t)m.cases, 0);
    end(s);

    begin(s, "svadu megapage A update at the root entry");
    mem_reset(&m, 4);
    poke(&m, S32_ROOT2_PA, pte(0x80400, V | R | W));
    r = ref_translate(&c, 0x00812345ULL, STORE, &rm);
    expect_pa(s, r, 0x80412345ULL);
    expect_eq(s, "ad_pa", r.ad_pa, S32_ROOT2_PA);
    expect_eq(s, "pte word", peek(&m, S32_ROOT2_PA), 0x201000c7ULL);
    end(s);

    begin(s, "svadu CAS bus error is an access fault");
    sv32_map(&m, 0x2008000fULL);                    /* V R W X, A=0 */
    m.has_cas_err = 1;
    m.cas_err_pa = S32_LEAF_PA;
    r = ref_translate(&c, S32_VA, LOAD, &rm);
    expect_fault(s, r, LAF);
    expect_eq(s, "ad_written", (uint64_t)r.ad_written, 0);
    expect_fault(s, ref_translate(&c, S32_VA, STORE, &rm), SAF);
    expect_fault(s, ref_translate(&c, S32_VA, FETCH, &rm), IAF);
    expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0x2008000fULL);
    end(s);

    /* Another hart rewrites the PTE between the walk's read and its CAS. */
    begin(s, "svadu CAS retry: PTE changed to a new page, A still clear");
    sv32_map(&m, 0x20080007ULL);
    m.tamper_pa = S32_LEAF_PA;
    m.tamper_val[0] = 0x200c0007ULL;                /* PPN 0x80300, V R W */
    m.n_tamper = 1;
    m.tamper_left = 1;
    r = ref_translate(&c, S32_VA, LOAD, &rm);
    expect_pa(s, r, 0x80300010ULL);
    expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0x200c0047ULL);
    expect_eq(s, "ad_value", r.ad_value, 0x200c0047ULL);
    expect_eq(s, "cas calls", (uint64_t)m.cases, 2);
    expect_eq(s, "reads", (uint64_t)m.reads, 4);
    end(s);

    begin(s, "svadu CAS retry: PTE changed to A and D set");
    sv32_map(&m, 0x20080007ULL);
    m.tamper_pa = S32_LEAF_PA;
    m.tamper_val[0] = 0x200c00c7ULL;
    m.n_tamper = 1;
    m.tamper_left = 1;
    r = ref_translate(&c, S32_VA, STORE, &rm);
    expect_pa(s, r, 0x80300010ULL);
    expect_eq(s, "ad_written", (uint64_t)r.ad_written, 0);
    expect_eq(s, "cas calls", (uint64_t)m.cases, 1);
    expect_eq(s, "leaf.pte", r.leaf.pte, 0x200c00c7ULL);
    end(s);

    begin(s, "svadu CAS retry: PTE invalidated");
    sv32_map(&m, 0x20080007ULL);
    m.tamper_pa = S32_LEAF_PA;
    m.tamper_val[0] = 0;
    m.n_tamper = 1;
    m.tamper_left = 1;
    r = ref_translate(&c, S32_VA, LOAD, &rm);
    expect_fault(s, r, LPF);
    expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0);
    end(s);

    begin(s, "svadu CAS retries are bounded");
    sv32_map(&m, 0x20080007ULL);
    m.tamper_pa = S32_LEAF_PA;
    m.tamper_val[0] = 0x200c0007ULL;
    m.tamper_val[1] = 0x20080007ULL;
    m.n_tamper = 2;
    m.tamper_left = 1000;
    r = ref_translate(&c, S32_VA, LOAD, &rm);
    expect_fault(s, r, LPF);
    expect_eq(s, "cas calls", (uint64_t)m.cases, 17);
    end(s);
}

/* ============================================================================ */
/* Sv39. Root PPN 0x80020, L1 table 0x80021, L0 table 0x80022.
 * VA 0x40403456: vpn2=1 vpn1=2 vpn0=3 off 0x456.
 *   root[1] @0x80020008 -> 0x80021; L1[2] @0x80021010 -> 0x80022;
 *   L0[3] @0x80022018 leaf. */

#define S39_ROOT    0x80020ULL
#define S39_ROOT1   0x80020008ULL
#define S39_L1_2    0x80021010ULL
#define S39_L0_3    0x80022018ULL
#define S39_VA      0x40403456ULL
#define LEAF_FLAGS  (V | R | W | X | A | D)

static void sv39_map(tmem *m, uint64_t leaf)
{
    mem_reset(m, 8);
    poke(m, S39_ROOT1, pte(0x80021, V));
    poke(m, S39_L1_2, pte(0x80022, V));
    poke(m, S39_L0_3, leaf);
}

static void test_sv39(suite *s)
{
    tmem m;
    ref_mem rm = as_ref(&m);
    ref_ctx c = ctx(REF_MODE_SV39, 5, S39_ROOT, REF_PRIV_S);
    ref_result r;
    char name[96];

    begin(s, "sv39 level-0 leaf");
    sv39_map(&m, pte(0x80300, LEAF_FLAGS));
    r = ref_translate(&c, S39_VA, LOAD, &rm);
    expect_pa(s, r, 0x80300456ULL);
    expect_eq(s, "reads", (uint64_t)m.reads, 3);
    expect_eq(s, "level", (uint64_t)r.leaf.level, 0);
    expect_eq(s, "vpn", r.leaf.vpn, 0x40403);
    expect_eq(s, "asid", r.leaf.asid, 5);
    expect_eq(s, "mode", r.leaf.mode, REF_MODE_SV39);
    end(s);

    /* VA 0x40a1f789: vpn2=1 vpn1=5 vpn0=0x1f. L1[5] @0x80021028 leaf 0x80400
     * -> (0x80400|0x1f)<<12 | 0x789 = 0x8041f789. */
    begin(s, "sv39 level-1 leaf (2 MiB)");
    sv39_map(&m, 0);
    poke(&m, 0x80021028ULL, pte(0x80400, LEAF_FLAGS));
    r = ref_translate(&c, 0x40a1f789ULL, STORE, &rm);
    expect_pa(s, r, 0x8041f789ULL);
    expect_eq(s, "level", (uint64_t)r.leaf.level, 1);
    expect_eq(s, "reads", (uint64_t)m.reads, 2);
    end(s);

    begin(s, "sv39 misaligned level-1 leaf");
    sv39_map(&m, 0);
    poke(&m, 0x80021028ULL, pte(0x80401, LEAF_FLAGS));
    expect_page_fault_all(s, &c, 0x40a1f789ULL, &m);
    end(s);

    /* VA 0x80604abc: vpn2=2 vpn1=3 vpn0=4. root[2] @0x80020010 leaf 0xc0000
     * -> (0xc0000|3<<9|4)<<12 | 0xabc = 0xc0604abc. */
    begin(s, "sv39 level-2 leaf (1 GiB)");
    mem_reset(&m, 8);
    poke(&m, 0x80020010ULL, pte(0xc0000, LEAF_FLAGS));
    r = ref_translate(&c, 0x80604abcULL, FETCH, &rm);
    expect_pa(s, r, 0xc0604abcULL);
    expect_eq(s, "level", (uint64_t)r.leaf.level, 2);
    end(s);

    begin(s, "sv39 misaligned level-2 leaf (PPN[1] set)");
    mem_reset(&m, 8);
    poke(&m, 0x80020010ULL, pte(0xc0200, LEAF_FLAGS));
    expect_page_fault_all(s, &c, 0x80604abcULL, &m);
    end(s);

    begin(s, "sv39 misaligned level-2 leaf (PPN[0] set)");
    mem_reset(&m, 8);
    poke(&m, 0x80020010ULL, pte(0xc0001, LEAF_FLAGS));
    expect_page_fault_all(s, &c, 0x80604abcULL, &m);
    end(s);

    begin(s, "sv39 44-bit PPN, 56-bit PA");
    sv39_map(&m, pte(0xfffffffffffULL, LEAF_FLAGS));
    expect_eq(s, "pte word", peek(&m, S39_L0_3), 0x003ffffffffffccfULL);
    expect_pa(s, ref_translate(&c, S39_VA, LOAD, &rm), 0xfffffffffff456ULL);
    end(s);

    begin(s, "sv39 non-leaf at level 0");
    sv39_map(&m, pte(0x80023, V));
    expect_page_fault_all(s, &c, S39_VA, &m);
    end(s);

    begin(s, "sv39 non-leaf with A/D/U set");
    {
        static const uint64_t bad[3] = { A, D, U };
        for (int k = 0; k < 3; k++) {
            sv39_map(&m, pte(0x80300, LEAF_FLAGS));
            poke(&m, S39_L1_2, pte(0x80022, V | bad[k]));
            expect_page_fault_all(s, &c, S39_VA, &m);
        }
    }
    end(s);

    begin(s, "sv39 RSW bits 9:8 ignored");
    sv39_map(&m, pte(0x80300, LEAF_FLAGS) | 0x300);
    expect_pa(s, ref_translate(&c, S39_VA, LOAD, &rm), 0x80300456ULL);
    end(s);

    for (int b = 54; b <= 60; b++) {
        snprintf(name, sizeof name, "sv39 reserved bit %d on a leaf", b);
        begin(s, name);
        sv39_map(&m, pte(0x80300, LEAF_FLAGS) | (1ULL << b));
        expect_page_fault_all(s, &c, S39_VA, &m);
        end(s);
        snprintf(name, sizeof name, "sv39 reserved bit %d on a non-leaf", b);
        begin(s, name);
        sv39_map(&m, pte(0x80300, LEAF_FLAGS));
        poke(&m, S39_ROOT1, pte(0x80021, V) | (1ULL << b));
        expect_page_fault_all(s, &c, S39_VA, &m);
        end(s);
    }

    begin(s, "sv39 PBMT=1 (NC)");
    sv39_map(&m, pte(0x80300, LEAF_FLAGS) | PBMT(1));
    r = ref_translate(&c, S39_VA, LOAD, &rm);
    expect_pa(s, r, 0x80300456ULL);
    expect_eq(s, "pbmt", r.pbmt, REF_PBMT_NC);
    expect_eq(s, "leaf.pbmt", r.leaf.pbmt, REF_PBMT_NC);
    end(s);

    begin(s, "sv39 PBMT=2 (IO)");
    sv39_map(&m, pte(0x80300, LEAF_FLAGS) | PBMT(2));
    r = ref_translate(&c, S39_VA, STORE, &rm);
    expect_pa(s, r, 0x80300456ULL);
    expect_eq(s, "pbmt", r.pbmt, REF_PBMT_IO);
    end(s);

    begin(s, "sv39 PBMT=3 reserved");
    sv39_map(&m, pte(0x80300, LEAF_FLAGS) | PBMT(3));
    expect_page_fault_all(s, &c, S39_VA, &m);
    end(s);

    begin(s, "sv39 PBMT on a non-leaf");
    sv39_map(&m, pte(0x80300, LEAF_FLAGS));
    poke(&m, S39_L1_2, pte(0x80022, V) | PBMT(1));
    expect_page_fault_all(s, &c, S39_VA, &m);
    end(s);

    /* Svnapot: L0[0x13] @0x80022098, N=1, PPN 0x80308 (PPN[3:0]=1000b).
     * VA 0x40413321 (vpn0=0x13): pa.ppn = 0x80300 | 0x3 -> 0x80303321. */
    begin(s, "svnapot 64 KiB page");
    sv39_map(&m, 0);
    poke(&m, 0x80022098ULL, pte(0x80308, LEAF_FLAGS) | N);
    r = ref_translate(&c, 0x40413321ULL, LOAD, &rm);
    expect_pa(s, r, 0x80303321ULL);
    expect_eq(s, "napot", (uint64_t)r.leaf.napot, 1);
    expect_eq(s, "level", (uint64_t)r.leaf.level, 0);
    expect_eq(s, "ppn", r.leaf.ppn, 0x80308);
    expect_eq(s, "vpn", r.leaf.vpn, 0x40413);
    end(s);

    /* The same PTE at L0[0x1f] (VA 0x4041f000) -> pa.ppn 0x8030f. */
    begin(s, "svnapot last 4 KiB of the 64 KiB page");
    sv39_map(&m, 0);
    poke(&m, 0x800220f8ULL, pte(0x80308, LEAF_FLAGS) | N);
    expect_pa(s, ref_translate(&c, 0x4041fabcULL, LOAD, &rm), 0x8030fabcULL);
    end(s);

    {
        static const uint64_t bad_low[4] = { 0x0, 0x4, 0x9, 0xc };
        for (int k = 0; k < 4; k++) {
            snprintf(name, sizeof name, "svnapot reserved PPN[3:0]=0x%" PRIx64, bad_low[k]);
            begin(s, name);
            sv39_map(&m, 0);
            poke(&m, 0x80022098ULL, pte(0x80300 | bad_low[k], LEAF_FLAGS) | N);
            expect_page_fault_all(s, &c, 0x40413321ULL, &m);
            end(s);
        }
    }

    begin(s, "svnapot N on a level-1 leaf");
    sv39_map(&m, 0);
    poke(&m, 0x80021028ULL, pte(0x80408, LEAF_FLAGS) | N);
    expect_page_fault_all(s, &c, 0x40a1f789ULL, &m);
    poke(&m, 0x80021028ULL, pte(0x80400, LEAF_FLAGS) | N);
    expect_page_fault_all(s, &c, 0x40a1f789ULL, &m);
    end(s);

    begin(s, "svnapot N on a non-leaf");
    sv39_map(&m, pte(0x80300, LEAF_FLAGS));
    poke(&m, S39_L1_2, pte(0x80022, V) | N);
    expect_page_fault_all(s, &c, S39_VA, &m);
    end(s);

    begin(s, "sv39 bus error at level 2");
    sv39_map(&m, pte(0x80300, LEAF_FLAGS));
    m.has_read_err = 1;
    m.read_err_pa = S39_ROOT1;
    expect_access_fault_all(s, &c, S39_VA, &m);
    end(s);

    begin(s, "sv39 bus error at level 1");
    sv39_map(&m, pte(0x80300, LEAF_FLAGS));
    m.has_read_err = 1;
    m.read_err_pa = S39_L1_2;
    expect_access_fault_all(s, &c, S39_VA, &m);
    end(s);

    begin(s, "sv39 bus error at level 0");
    sv39_map(&m, pte(0x80300, LEAF_FLAGS));
    m.has_read_err = 1;
    m.read_err_pa = S39_L0_3;
    expect_access_fault_all(s, &c, S39_VA, &m);
    end(s);

    begin(s, "sv39 svadu sets A and D in an 8-byte PTE with PBMT");
    c.adue = 1;
    sv39_map(&m, pte(0x80300, V | R | W) | PBMT(2));
    r = ref_translate(&c, S39_VA, STORE, &rm);
    expect_pa(s, r, 0x80300456ULL);
    expect_eq(s, "pte word", peek(&m, S39_L0_3), 0x40000000200c00c7ULL);
    expect_eq(s, "ad_pa", r.ad_pa, S39_L0_3);
    c.adue = 0;
    end(s);

    /* Canonical VAs. root[0xff] @0x800207f8 -> 1 GiB leaf 0x80000;
     * root[0x100] @0x80020800 -> 1 GiB leaf 0x40000. */
    begin(s, "sv39 canonical VA at the top of the lower half");
    mem_reset(&m, 8);
    poke(&m, 0x800207f8ULL, pte(0x80000, LEAF_FLAGS));
    poke(&m, 0x80020800ULL, pte(0x40000, LEAF_FLAGS));
    expect_pa(s, ref_translate(&c, 0x3ffffffabcULL, LOAD, &rm), 0xbffffabcULL);
    end(s);

    begin(s, "sv39 canonical VA at the bottom of the upper half");
    expect_pa(s, ref_translate(&c, 0xffffffc000000123ULL, LOAD, &rm), 0x40000123ULL);
    end(s);

    begin(s, "sv39 non-canonical VA just above the lower half");
    m.reads = 0;
    r = ref_translate(&c, 0x0000004000000000ULL, LOAD, &rm);
    expect_fault(s, r, LPF);
    expect_eq(s, "walked", (uint64_t)r.walked, 0);
    expect_eq(s, "reads", (uint64_t)m.reads, 0);
    expect_fault(s, ref_translate(&c, 0x0000004000000000ULL, STORE, &rm), SPF);
    expect_fault(s, ref_translate(&c, 0x0000004000000000ULL, FETCH, &rm), IPF);
    end(s);

    begin(s, "sv39 non-canonical VA just below the upper half");
    r = ref_translate(&c, 0xffffffbfffffffffULL, STORE, &rm);
    expect_fault(s, r, SPF);
    expect_eq(s, "walked", (uint64_t)r.walked, 0);
    expect_eq(s, "reads", (uint64_t)m.reads, 0);
    end(s);

    begin(s, "sv39 non-canonical VA with only bit 63 set");
    expect_fault(s, ref_translate(&c, 0x8000000000000000ULL, LOAD, &rm), LPF);
    end(s);
}

/* Canonical edges where the walk itself hits an empty (V=0) root entry: a
 * canonical VA walks (walked=1), a non-canonical one does not. */
static void check_canonical(suite *s, const char *name, unsigned mode, uint64_t va, int canonical)
{
    tmem m;
    ref_mem rm = as_ref(&m);
    ref_ctx c = ctx(mode, 1, 0x80050, REF_PRIV_U);
    mem_reset(&m, ref_pte_bytes(mode));
    begin(s, name);
    ref_result r = ref_translate(&c, va, LOAD, &rm);
    expect_fault(s, r, LPF);
    expect_eq(s, "walked", (uint64_t)r.walked, (uint64_t)canonical);
    expect_eq(s, "reads", (uint64_t)m.reads, (uint64_t)canonical);
    end(s);
}

/* Sv48. Root 0x80030, L2 0x80031, L1 0x80032, L0 0x80033.
 * VA 0x8080604010: vpn3=1 vpn2=2 vpn1=3 vpn0=4 off 0x10. */
static void sv48_map(tmem *m)
{
    mem_reset(m, 8);
    poke(m, 0x80030008ULL, pte(0x80031, V));
    poke(m, 0x80031010ULL, pte(0x80032, V));
    poke(m, 0x80032018ULL, pte(0x80033, V));
    poke(m, 0x80033020ULL, pte(0x80500, LEAF_FLAGS));
}

static void test_sv48(suite *s)
{
    tmem m;
    ref_mem rm = as_ref(&m);
    ref_ctx c = ctx(REF_MODE_SV48, 2, 0x80030, REF_PRIV_S);
    const uint64_t va = 0x8080604010ULL;
    ref_result r;

    begin(s, "sv48 level-0 leaf");
    sv48_map(&m);
    r = ref_translate(&c, va, LOAD, &rm);
    expect_pa(s, r, 0x80500010ULL);
    expect_eq(s, "reads", (uint64_t)m.reads, 4);
    expect_eq(s, "vpn", r.leaf.vpn, 0x8080604);
    end(s);

    begin(s, "sv48 level-1 leaf");
    sv48_map(&m);
    poke(&m, 0x80032018ULL, pte(0x80600, LEAF_FLAGS));
    r = ref_translate(&c, va, LOAD, &rm);
    expect_pa(s, r, 0x80604010ULL);
    expect_eq(s, "level", (uint64_t)r.leaf.level, 1);
    end(s);

    begin(s, "sv48 level-2 leaf");
    sv48_map(&m);
    poke(&m, 0x80031010ULL, pte(0x4c0000, LEAF_FLAGS));
    r = ref_translate(&c, va, LOAD, &rm);
    expect_pa(s, r, 0x4c0604010ULL);
    expect_eq(s, "level", (uint64_t)r.leaf.level, 2);
    end(s);

    begin(s, "sv48 level-3 leaf");
    sv48_map(&m);
    poke(&m, 0x80030008ULL, pte(0x8000000, LEAF_FLAGS));
    r = ref_translate(&c, va, LOAD, &rm);
    expect_pa(s, r, 0x8080604010ULL);
    expect_eq(s, "level", (uint64_t)r.leaf.level, 3);
    expect_eq(s, "reads", (uint64_t)m.reads, 1);
    end(s);

    begin(s, "sv48 misaligned level-3 leaf");
    sv48_map(&m);
    poke(&m, 0x80030008ULL, pte(0x8000200, LEAF_FLAGS));
    expect_page_fault_all(s, &c, va, &m);
    end(s);

    check_canonical(s, "sv48 canonical 0x00007fffffffffff", REF_MODE_SV48, 0x00007fffffffffffULL, 1);
    check_canonical(s, "sv48 non-canonical 0x0000800000000000", REF_MODE_SV48, 0x0000800000000000ULL, 0);
    check_canonical(s, "sv48 canonical 0xffff800000000000", REF_MODE_SV48, 0xffff800000000000ULL, 1);
    check_canonical(s, "sv48 non-canonical 0xffff7fffffffffff", REF_MODE_SV48, 0xffff7fffffffffffULL, 0);
}

/* Sv57. Root 0x80040, then 0x80041..0x80044.
 * VA 0x00010100c0805020: vpn4=1 vpn3=2 vpn2=3 vpn1=4 vpn0=5 off 0x20. */
static void sv57_map(tmem *m)
{
    mem_reset(m, 8);
    poke(m, 0x80040008ULL, pte(0x80041, V));
    poke(m, 0x80041010ULL, pte(0x80042, V));
    poke(m, 0x80042018ULL, pte(0x80043, V));
    poke(m, 0x80043020ULL, pte(0x80044, V));
    poke(m, 0x80044028ULL, pte(0x80700, LEAF_FLAGS));
}

static void test_sv57(suite *s)
{
    tmem m;
    ref_mem rm = as_ref(&m);
    ref_ctx c = ctx(REF_MODE_SV57, 3, 0x80040, REF_PRIV_S);
    const uint64_t va = 0x00010100c0805020ULL;
    ref_result r;

    begin(s, "sv57 level-0 leaf");
    sv57_map(&m);
    r = ref_translate(&c, va, LOAD, &rm);
    expect_pa(s, r, 0x80700020ULL);
    expect_eq(s, "reads", (uint64_t)m.reads, 5);
    expect_eq(s, "vpn", r.leaf.vpn, 0x10100c0805ULL);
    end(s);

    begin(s, "sv57 level-1 leaf");
    sv57_map(&m);
    poke(&m, 0x80043020ULL, pte(0x80600, LEAF_FLAGS));
    expect_pa(s, ref_translate(&c, va, LOAD, &rm), 0x80605020ULL);
    end(s);

    begin(s, "sv57 level-2 leaf");
    sv57_map(&m);
    poke(&m, 0x80042018ULL, pte(0x4c0000, LEAF_FLAGS));
    expect_pa(s, ref_translate(&c, va, LOAD, &rm), 0x4c0805020ULL);
    end(s);

    begin(s, "sv57 level-3 leaf");
    sv57_map(&m);
    poke(&m, 0x80041010ULL, pte(0x18000000, LEAF_FLAGS));
    expect_pa(s, ref_translate(&c, va, LOAD, &rm), 0x180c0805020ULL);
    end(s);

    begin(s, "sv57 level-4 leaf");
    sv57_map(&m);
    poke(&m, 0x80040008ULL, pte(0x1000000000ULL, LEAF_FLAGS));
    r = ref_translate(&c, va, LOAD, &rm);
    expect_pa(s, r, 0x10100c0805020ULL);
    expect_eq(s, "level", (uint64_t)r.leaf.level, 4);
    end(s);

    begin(s, "sv57 misaligned level-4 leaf");
    sv57_map(&m);
    poke(&m, 0x80040008ULL, pte(0x1000040000ULL, LEAF_FLAGS));
    expect_page_fault_all(s, &c, va, &m);
    end(s);

    check_canonical(s, "sv57 canonical 0x00ffffffffffffff", REF_MODE_SV57, 0x00ffffffffffffffULL, 1);
    check_canonical(s, "sv57 non-canonical 0x0100000000000000", REF_MODE_SV57, 0x0100000000000000ULL, 0);
    check_canonical(s, "sv57 canonical 0xff00000000000000", REF_MODE_SV57, 0xff00000000000000ULL, 1);
    check_canonical(s, "sv57 non-canonical 0xfeffffffffffffff", REF_MODE_SV57, 0xfeffffffffffffffULL, 0);
}

static void test_untranslated(suite *s)
{
    tmem m;
    ref_mem rm = as_ref(&m);
    ref_result r;
    mem_reset(&m, 4);

    begin(s, "bare mode: pa = va, no walk");
    {
        ref_ctx c = ctx(REF_MODE_BARE, 0, 0, REF_PRIV_U);
        r = ref_translate(&c, 0x12345678ULL, STORE, &rm);
        expect_pa(s, r, 0x12345678ULL);
        expect_eq(s, "walked", (uint64_t)r.walked, 0);
        expect_eq(s, "reads", (uint64_t)m.reads, 0);
    }
    end(s);

    begin(s, "M mode under sv39: pa = va, no canonical check, no walk");
    {
        ref_ctx c = ctx(REF_MODE_SV39, 1, S39_ROOT, REF_PRIV_M);
        r = ref_translate(&c, 0xfedcba9876543210ULL, FETCH, &rm);
        expect_pa(s, r, 0xfedcba9876543210ULL);
        expect_eq(s, "walked", (uint64_t)r.walked, 0);
        expect_eq(s, "reads", (uint64_t)m.reads, 0);
    }
    end(s);

    begin(s, "M mode under sv32");
    {
        ref_ctx c = ctx(REF_MODE_SV32, 1, S32_ROOT, REF_PRIV_M);
        expect_pa(s, ref_translate(&c, 0x80001234ULL, LOAD, &rm), 0x80001234ULL);
        expect_eq(s, "reads", (uint64_t)m.reads, 0);
    }
    end(s);

    begin(s, "ref_levels and ref_pte_bytes");
    expect_eq(s, "levels bare", (uint64_t)ref_levels(REF_MODE_BARE), 0);
    expect_eq(s, "levels sv32", (uint64_t)ref_levels(REF_MODE_SV32), 2);
    expect_eq(s, "levels sv39", (uint64_t)ref_levels(REF_MODE_SV39), 3);
    expect_eq(s, "levels sv48", (uint64_t)ref_levels(REF_MODE_SV48), 4);
    expect_eq(s, "levels sv57", (uint64_t)ref_levels(REF_MODE_SV57), 5);
    expect_eq(s, "bytes sv32", ref_pte_bytes(REF_MODE_SV32), 4);
    expect_eq(s, "bytes sv39", ref_pte_bytes(REF_MODE_SV39), 8);
    expect_eq(s, "bytes sv48", ref_pte_bytes(REF_MODE_SV48), 8);
    expect_eq(s, "bytes sv57", ref_pte_bytes(REF_MODE_SV57), 8);
    end(s);
}

/* ============================================================================ */
/* Cached leaves, by hand. */

static ref_leaf leaf(unsigned mode, uint32_t asid, int g, uint64_t vpn, int level, int napot)
{
    ref_leaf l;
    memset(&l, 0, sizeof l);
    l.mode = mode;
    l.asid = asid;
    l.g = g;
    l.vpn = vpn;
    l.level = level;
    l.napot = napot;
    return l;
}

static void test_leaf_functions(suite *s)
{
    const unsigned S32 = REF_MODE_SV32, S39 = REF_MODE_SV39;
    ref_leaf mega = leaf(S32, 1, 0, 0x00812, 1, 0);     /* VA 0x00800000-0x00bfffff */
    ref_leaf small = leaf(S32, 1, 0, 0x00400, 0, 0);
    ref_leaf napot = leaf(S39, 1, 0, 0x40413, 0, 1);    /* VA 0x40410000-0x4041ffff */
    ref_ctx c1 = ctx(S32, 1, S32_ROOT, REF_PRIV_S), c2 = ctx(S32, 2, S32_ROOT, REF_PRIV_S);
    ref_ctx c39 = ctx(S39, 1, S39_ROOT, REF_PRIV_S), c48 = ctx(REF_MODE_SV48, 1, 0x80030, REF_PRIV_S);

    begin(s, "leaf_matches: megapage range, ASID, mode");
    expect_eq(s, "first byte", (uint64_t)ref_leaf_matches(&mega, &c1, 0x00800000ULL), 1);
    expect_eq(s, "last byte", (uint64_t)ref_leaf_matches(&mega, &c1, 0x00bfffffULL), 1);
    expect_eq(s, "next page", (uint64_t)ref_leaf_matches(&mega, &c1, 0x00c00000ULL), 0);
    expect_eq(s, "below", (uint64_t)ref_leaf_matches(&mega, &c1, 0x007fffffULL), 0);
    expect_eq(s, "other asid", (uint64_t)ref_leaf_matches(&mega, &c2, 0x00812000ULL), 0);
    mega.g = 1;
    expect_eq(s, "other asid, global", (uint64_t)ref_leaf_matches(&mega, &c2, 0x00812000ULL), 1);
    mega.g = 0;
    expect_eq(s, "4K same page", (uint64_t)ref_leaf_matches(&small, &c1, 0x00400fffULL), 1);
    expect_eq(s, "4K next page", (uint64_t)ref_leaf_matches(&small, &c1, 0x00401000ULL), 0);
    end(s);

    begin(s, "leaf_matches: napot ignores vpn[3:0]");
    expect_eq(s, "0x40410000", (uint64_t)ref_leaf_matches(&napot, &c39, 0x40410000ULL), 1);
    expect_eq(s, "0x4041ffff", (uint64_t)ref_leaf_matches(&napot, &c39, 0x4041ffffULL), 1);
    expect_eq(s, "0x40420000", (uint64_t)ref_leaf_matches(&napot, &c39, 0x40420000ULL), 0);
    expect_eq(s, "0x4040f000", (uint64_t)ref_leaf_matches(&napot, &c39, 0x4040f000ULL), 0);
    expect_eq(s, "other mode", (uint64_t)ref_leaf_matches(&napot, &c48, 0x40413000ULL), 0);
    end(s);

    begin(s, "leaf_matches: sv39 upper half, non-canonical alias");
    {
        ref_leaf hi = leaf(S39, 1, 0, 0x4000000, 0, 0);  /* VA 0xffffffc000000000 */
        expect_eq(s, "canonical", (uint64_t)ref_leaf_matches(&hi, &c39, 0xffffffc000000123ULL), 1);
        expect_eq(s, "non-canonical alias", (uint64_t)ref_leaf_matches(&hi, &c39, 0x0000004000000123ULL), 0);
    }
    end(s);

    begin(s, "leaf_use: pa, permission fault, store to clean page");
    {
        uint64_t pa = 0;
        unsigned cause = 0;
        ref_leaf l = mega;
        ref_ctx cu = ctx(S32, 1, S32_ROOT, REF_PRIV_U);
        l.ppn = 0x80400;
        l.pte = pte(0x80400, V | R | W | A);
        expect_eq(s, "load", (uint64_t)ref_leaf_use(&l, &c1, 0x00812345ULL, LOAD, &pa, &cause), 0);
        expect_eq(s, "load pa", pa, 0x80412345ULL);
        expect_eq(s, "store D=0", (uint64_t)ref_leaf_use(&l, &c1, 0x00812345ULL, STORE, &pa, &cause), 2);
        expect_eq(s, "fetch", (uint64_t)ref_leaf_use(&l, &c1, 0x00812345ULL, FETCH, &pa, &cause), 1);
        expect_eq(s, "fetch cause", cause, IPF);
        expect_eq(s, "U load of S page", (uint64_t)ref_leaf_use(&l, &cu, 0x00812345ULL, LOAD, &pa, &cause), 1);
        expect_eq(s, "U load cause", cause, LPF);
        expect_eq(s, "U store of S page (fault before D)",
                  (uint64_t)ref_leaf_use(&l, &cu, 0x00812345ULL, STORE, &pa, &cause), 1);
        expect_eq(s, "U store cause", cause, SPF);
        l.pte |= D;
        expect_eq(s, "store D=1", (uint64_t)ref_leaf_use(&l, &c1, 0x00bff000ULL, STORE, &pa, &cause), 0);
        expect_eq(s, "store pa", pa, 0x807ff000ULL);
    }
    end(s);

    begin(s, "leaf_use: napot pa");
    {
        uint64_t pa = 0;
        unsigned cause = 0;
        ref_leaf l = napot;
        l.ppn = 0x80308;
        l.pte = pte(0x80308, LEAF_FLAGS) | N;
        expect_eq(s, "result", (uint64_t)ref_leaf_use(&l, &c39, 0x4041a123ULL, LOAD, &pa, &cause), 0);
        expect_eq(s, "pa", pa, 0x8030a123ULL);
    }
    end(s);

    begin(s, "sfence_covers: all four forms");
    {
        ref_leaf g = leaf(S32, 3, 1, 0x00400, 0, 0);
        /* rs1=x0, rs2=x0 */
        expect_eq(s, "all/small", (uint64_t)ref_sfence_covers(&small, 1, 0, 1, 0), 1);
        expect_eq(s, "all/global", (uint64_t)ref_sfence_covers(&g, 1, 0, 1, 0), 1);
        /* rs1=x0 (asid given) */
        expect_eq(s, "asid 1/small", (uint64_t)ref_sfence_covers(&small, 1, 0, 0, 1), 1);
        expect_eq(s, "asid 2/small", (uint64_t)ref_sfence_covers(&small, 1, 0, 0, 2), 0);
        expect_eq(s, "asid 3/global", (uint64_t)ref_sfence_covers(&g, 1, 0, 0, 3), 0);
        /* rs2=x0 (va given) */
        expect_eq(s, "va/small", (uint64_t)ref_sfence_covers(&small, 0, 0x00400abcULL, 1, 0), 1);
        expect_eq(s, "va other/small", (uint64_t)ref_sfence_covers(&small, 0, 0x00401000ULL, 1, 0), 0);
        expect_eq(s, "va/global", (uint64_t)ref_sfence_covers(&g, 0, 0x00400000ULL, 1, 0), 1);
        expect_eq(s, "va last 4K/mega", (uint64_t)ref_sfence_covers(&mega, 0, 0x00bff000ULL, 1, 0), 1);
        expect_eq(s, "va next/mega", (uint64_t)ref_sfence_covers(&mega, 0, 0x00c00000ULL, 1, 0), 0);
        expect_eq(s, "va/napot", (uint64_t)ref_sfence_covers(&napot, 0, 0x4041f000ULL, 1, 0), 1);
        expect_eq(s, "va next/napot", (uint64_t)ref_sfence_covers(&napot, 0, 0x40420000ULL, 1, 0), 0);
        /* both */
        expect_eq(s, "va+asid/small", (uint64_t)ref_sfence_covers(&small, 0, 0x00400000ULL, 0, 1), 1);
        expect_eq(s, "va+other asid/small", (uint64_t)ref_sfence_covers(&small, 0, 0x00400000ULL, 0, 2), 0);
        expect_eq(s, "va+asid/global", (uint64_t)ref_sfence_covers(&g, 0, 0x00400000ULL, 0, 3), 0);
    }
    end(s);

    begin(s, "sfence_covers: sv39 va masked to 39 bits");
    {
        ref_leaf hi = leaf(S39, 1, 0, 0x4000000, 0, 0);
        expect_eq(s, "upper half", (uint64_t)ref_sfence_covers(&hi, 0, 0xffffffc000000000ULL, 1, 0), 1);
        expect_eq(s, "lower half", (uint64_t)ref_sfence_covers(&hi, 0, 0x0000000000000000ULL, 1, 0), 0);
    }
    end(s);

    begin(s, "leaves_overlap");
    {
        ref_leaf a1 = leaf(S32, 1, 0, 0x00400, 0, 0), a2 = leaf(S32, 2, 0, 0x00400, 0, 0);
        ref_leaf in_mega = leaf(S32, 1, 0, 0x00bff, 0, 0), past_mega = leaf(S32, 1, 0, 0x00c00, 0, 0);
        ref_leaf other_mode = leaf(S39, 1, 0, 0x00400, 0, 0);
        ref_leaf in_napot = leaf(S39, 1, 0, 0x4041f, 0, 0), past_napot = leaf(S39, 1, 0, 0x40420, 0, 0);
        expect_eq(s, "same page, two asids", (uint64_t)ref_leaves_overlap(&a1, &a2), 0);
        a2.g = 1;
        expect_eq(s, "same page, one global", (uint64_t)ref_leaves_overlap(&a1, &a2), 1);
        expect_eq(s, "same page, other global", (uint64_t)ref_leaves_overlap(&a2, &a1), 1);
        expect_eq(s, "4K inside mega", (uint64_t)ref_leaves_overlap(&mega, &in_mega), 1);
        expect_eq(s, "mega around 4K", (uint64_t)ref_leaves_overlap(&in_mega, &mega), 1);
        expect_eq(s, "4K past mega", (uint64_t)ref_leaves_overlap(&mega, &past_mega), 0);
        expect_eq(s, "other mode", (uint64_t)ref_leaves_overlap(&a1, &other_mode), 0);
        expect_eq(s, "4K inside napot", (uint64_t)ref_leaves_overlap(&napot, &in_napot), 1);
        expect_eq(s, "4K past napot", (uint64_t)ref_leaves_overlap(&past_napot, &napot), 0);
    }
    end(s);
}

/* ============================================================================ */
/* The ideal TLB, on the Sv32 tables: VA 0x00400000 -> L0[0] @0x80013000,
 * VA 0x00401000 -> L0[1] @0x80013004, VA 0x00402000 -> L0[2] @0x80013008. */

#define PAGE_A 0x00400000ULL
#define PAGE_B 0x00401000ULL
#define PAGE_C 0x00402000ULL

static int tlb_holds(const ref_tlb *t, const ref_ctx *c, uint64_t va)
{
    int n = 0;
    for (int k = 0; k < t->n; k++)
        n += ref_leaf_matches(&t->e[k], c, va);
    return n;
}

/* Cache: ASID 1 page A, ASID 2 page A, global page B (seen from ASID 1),
 * ASID 1 page C. */
static void tlb_fill(suite *s, ref_tlb *t, tmem *m)
{
    ref_mem rm = as_ref(m);
    ref_ctx c1 = ctx(REF_MODE_SV32, 1, S32_ROOT, REF_PRIV_S), c2 = c1;
    c2.asid = 2;
    sv32_map(m, pte(0x80200, V | R | W | A | D));
    poke(m, 0x80013004ULL, pte(0x80201, V | R | W | G | A | D));
    poke(m, 0x80013008ULL, pte(0x80202, V | R | W | A | D));
    expect_pa(s, ref_tlb_access(t, &c1, PAGE_A, LOAD, &rm), 0x80200000ULL);
    expect_pa(s, ref_tlb_access(t, &c2, PAGE_A, LOAD, &rm), 0x80200000ULL);
    expect_pa(s, ref_tlb_access(t, &c1, PAGE_B, LOAD, &rm), 0x80201000ULL);
    expect_pa(s, ref_tlb_access(t, &c1, PAGE_C, LOAD, &rm), 0x80202000ULL);
    expect_eq(s, "entries after fill", (uint64_t)t->n, 4);
}

static void test_tlb(suite *s)
{
    tmem m;
    ref_mem rm = as_ref(&m);
    ref_ctx c1 = ctx(REF_MODE_SV32, 1, S32_ROOT, REF_PRIV_S), c2 = c1;
    ref_result r;
    c2.asid = 2;

    begin(s, "tlb hit answers without a walk");
    {
        ref_tlb t = { 0 };
        sv32_map(&m, pte(0x80200, V | R | W | A | D));
        r = ref_tlb_access(&t, &c1, S32_VA, LOAD, &rm);
        expect_pa(s, r, 0x80200010ULL);
        expect_eq(s, "walked 1st", (uint64_t)r.walked, 1);
        poke(&m, S32_LEAF_PA, pte(0x80300, V | R | W | A | D));   /* no sfence */
        m.reads = 0;
        r = ref_tlb_access(&t, &c1, 0x00400ff8ULL, STORE, &rm);
        expect_pa(s, r, 0x80200ff8ULL);
        expect_eq(s, "walked 2nd", (uint64_t)r.walked, 0);
        expect_eq(s, "has_leaf 2nd", (uint64_t)r.has_leaf, 0);
        expect_eq(s, "reads 2nd", (uint64_t)m.reads, 0);
        expect_eq(s, "entries", (uint64_t)t.n, 1);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb ASID isolation");
    {
        ref_tlb t = { 0 };
        sv32_map(&m, pte(0x80200, V | R | W | A | D));
        expect_pa(s, ref_tlb_access(&t, &c1, S32_VA, LOAD, &rm), 0x80200010ULL);
        poke(&m, S32_LEAF_PA, pte(0x80300, V | R | W | A | D));
        r = ref_tlb_access(&t, &c2, S32_VA, LOAD, &rm);
        expect_pa(s, r, 0x80300010ULL);
        expect_eq(s, "asid 2 walked", (uint64_t)r.walked, 1);
        r = ref_tlb_access(&t, &c1, S32_VA, LOAD, &rm);
        expect_pa(s, r, 0x80200010ULL);
        expect_eq(s, "asid 1 walked", (uint64_t)r.walked, 0);
        expect_eq(s, "entries", (uint64_t)t.n, 2);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb global leaf hits under two ASIDs");
    {
        ref_tlb t = { 0 };
        sv32_map(&m, pte(0x80200, V | R | W | G | A | D));
        expect_pa(s, ref_tlb_access(&t, &c1, S32_VA, LOAD, &rm), 0x80200010ULL);
        poke(&m, S32_LEAF_PA, pte(0x80300, V | R | W | G | A | D));
        r = ref_tlb_access(&t, &c2, S32_VA, LOAD, &rm);
        expect_pa(s, r, 0x80200010ULL);
        expect_eq(s, "asid 2 walked", (uint64_t)r.walked, 0);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb sfence (all)");
    {
        ref_tlb t = { 0 };
        tlb_fill(s, &t, &m);
        ref_tlb_sfence(&t, 1, 0, 1, 0);
        expect_eq(s, "entries", (uint64_t)t.n, 0);
        r = ref_tlb_access(&t, &c1, PAGE_A, LOAD, &rm);
        expect_eq(s, "walked after", (uint64_t)r.walked, 1);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb sfence asid");
    {
        ref_tlb t = { 0 };
        tlb_fill(s, &t, &m);
        ref_tlb_sfence(&t, 1, 0, 0, 1);
        expect_eq(s, "entries", (uint64_t)t.n, 2);
        expect_eq(s, "asid 1 page A", (uint64_t)tlb_holds(&t, &c1, PAGE_A), 0);
        expect_eq(s, "asid 1 page C", (uint64_t)tlb_holds(&t, &c1, PAGE_C), 0);
        expect_eq(s, "asid 2 page A", (uint64_t)tlb_holds(&t, &c2, PAGE_A), 1);
        expect_eq(s, "global page B", (uint64_t)tlb_holds(&t, &c1, PAGE_B), 1);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb sfence va");
    {
        ref_tlb t = { 0 };
        tlb_fill(s, &t, &m);
        ref_tlb_sfence(&t, 0, 0x00400abcULL, 1, 0);
        expect_eq(s, "entries", (uint64_t)t.n, 2);
        expect_eq(s, "asid 1 page A", (uint64_t)tlb_holds(&t, &c1, PAGE_A), 0);
        expect_eq(s, "asid 2 page A", (uint64_t)tlb_holds(&t, &c2, PAGE_A), 0);
        expect_eq(s, "global page B", (uint64_t)tlb_holds(&t, &c1, PAGE_B), 1);
        expect_eq(s, "asid 1 page C", (uint64_t)tlb_holds(&t, &c1, PAGE_C), 1);
        ref_tlb_sfence(&t, 0, PAGE_B, 1, 0);
        expect_eq(s, "global page B after va=B", (uint64_t)tlb_holds(&t, &c1, PAGE_B), 0);
        expect_eq(s, "entries after va=B", (uint64_t)t.n, 1);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb sfence va and asid");
    {
        ref_tlb t = { 0 };
        tlb_fill(s, &t, &m);
        ref_tlb_sfence(&t, 0, PAGE_A, 0, 1);
        expect_eq(s, "asid 1 page A", (uint64_t)tlb_holds(&t, &c1, PAGE_A), 0);
        expect_eq(s, "asid 2 page A", (uint64_t)tlb_holds(&t, &c2, PAGE_A), 1);
        ref_tlb_sfence(&t, 0, PAGE_B, 0, 1);
        expect_eq(s, "global page B kept", (uint64_t)tlb_holds(&t, &c1, PAGE_B), 1);
        expect_eq(s, "asid 1 page C kept", (uint64_t)tlb_holds(&t, &c1, PAGE_C), 1);
        expect_eq(s, "entries", (uint64_t)t.n, 3);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb sfence va in the last 4 KiB of a megapage");
    {
        ref_tlb t = { 0 };
        mem_reset(&m, 4);
        poke(&m, S32_ROOT2_PA, pte(0x80400, V | R | W | A | D));
        expect_pa(s, ref_tlb_access(&t, &c1, 0x00812345ULL, LOAD, &rm), 0x80412345ULL);
        ref_tlb_sfence(&t, 0, 0x00c00000ULL, 1, 0);        /* the next megapage */
        expect_eq(s, "kept by va=0x00c00000", (uint64_t)t.n, 1);
        ref_tlb_sfence(&t, 0, 0x00bff000ULL, 0, 2);        /* other ASID */
        expect_eq(s, "kept by other asid", (uint64_t)t.n, 1);
        ref_tlb_sfence(&t, 0, 0x00bff000ULL, 1, 0);
        expect_eq(s, "flushed by va=0x00bff000", (uint64_t)t.n, 0);
        ref_tlb_free(&t);
    }
    end(s);

    /* root[2] first points to L0 table 0x80014 whose entry 0x12
     * (@0x80014048) maps VA 0x00812000 to 0x80500; then software turns
     * root[2] into a megapage leaf 0x80400, without SFENCE. */
    begin(s, "tlb overlap replacement: megapage evicts the 4 KiB leaf");
    {
        ref_tlb t = { 0 };
        mem_reset(&m, 4);
        poke(&m, S32_ROOT2_PA, pte(0x80014, V));
        poke(&m, 0x80014048ULL, pte(0x80500, V | R | W | A | D));
        expect_pa(s, ref_tlb_access(&t, &c1, 0x00812345ULL, LOAD, &rm), 0x80500345ULL);
        poke(&m, S32_ROOT2_PA, pte(0x80400, V | R | W | A | D));
        r = ref_tlb_access(&t, &c1, 0x00812345ULL, LOAD, &rm);
        expect_pa(s, r, 0x80500345ULL);                     /* stale 4 KiB hit */
        expect_eq(s, "stale hit walked", (uint64_t)r.walked, 0);
        r = ref_tlb_access(&t, &c1, 0x00a00000ULL, LOAD, &rm);
        expect_pa(s, r, 0x80600000ULL);
        expect_eq(s, "megapage walked", (uint64_t)r.walked, 1);
        expect_eq(s, "entries", (uint64_t)t.n, 1);
        r = ref_tlb_access(&t, &c1, 0x00812345ULL, LOAD, &rm);
        expect_pa(s, r, 0x80412345ULL);
        expect_eq(s, "megapage hit walked", (uint64_t)r.walked, 0);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb overlap replacement: global leaf evicts every ASID's copy");
    {
        ref_tlb t = { 0 };
        ref_ctx c3 = c1;
        c3.asid = 3;
        sv32_map(&m, pte(0x80200, V | R | W | A | D));
        ref_tlb_access(&t, &c1, PAGE_A, LOAD, &rm);
        ref_tlb_access(&t, &c2, PAGE_A, LOAD, &rm);
        expect_eq(s, "entries before", (uint64_t)t.n, 2);
        poke(&m, S32_LEAF_PA, pte(0x80300, V | R | W | G | A | D));
        r = ref_tlb_access(&t, &c3, PAGE_A, LOAD, &rm);     /* ASID 3 misses: walk */
        expect_pa(s, r, 0x80300000ULL);
        expect_eq(s, "asid 3 walked", (uint64_t)r.walked, 1);
        expect_eq(s, "entries after", (uint64_t)t.n, 1);
        r = ref_tlb_access(&t, &c1, PAGE_A, LOAD, &rm);     /* the global copy now */
        expect_pa(s, r, 0x80300000ULL);
        expect_eq(s, "asid 1 walked", (uint64_t)r.walked, 0);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb store to a clean cached page walks again (svadu)");
    {
        ref_tlb t = { 0 };
        ref_ctx c = c1;
        c.adue = 1;
        sv32_map(&m, 0x20080047ULL);                        /* V R W A, D=0 */
        r = ref_tlb_access(&t, &c, S32_VA, LOAD, &rm);
        expect_pa(s, r, 0x80200010ULL);
        r = ref_tlb_access(&t, &c, S32_VA, STORE, &rm);
        expect_pa(s, r, 0x80200010ULL);
        expect_eq(s, "store walked", (uint64_t)r.walked, 1);
        expect_eq(s, "pte word", peek(&m, S32_LEAF_PA), 0x200800c7ULL);
        expect_eq(s, "entries", (uint64_t)t.n, 1);
        r = ref_tlb_access(&t, &c, S32_VA, STORE, &rm);
        expect_pa(s, r, 0x80200010ULL);
        expect_eq(s, "2nd store walked", (uint64_t)r.walked, 0);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb store to a clean cached page faults (svade)");
    {
        ref_tlb t = { 0 };
        sv32_map(&m, 0x20080047ULL);
        expect_pa(s, ref_tlb_access(&t, &c1, S32_VA, LOAD, &rm), 0x80200010ULL);
        r = ref_tlb_access(&t, &c1, S32_VA, STORE, &rm);
        expect_fault(s, r, SPF);
        expect_eq(s, "store walked", (uint64_t)r.walked, 1);
        r = ref_tlb_access(&t, &c1, S32_VA, LOAD, &rm);
        expect_pa(s, r, 0x80200010ULL);
        expect_eq(s, "load after walked", (uint64_t)r.walked, 0);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb permission fault from a hit");
    {
        ref_tlb t = { 0 };
        ref_ctx cu = c1;
        cu.priv = REF_PRIV_U;
        sv32_map(&m, pte(0x80200, V | R | W | A | D));
        expect_pa(s, ref_tlb_access(&t, &c1, S32_VA, LOAD, &rm), 0x80200010ULL);
        r = ref_tlb_access(&t, &cu, S32_VA, LOAD, &rm);
        expect_fault(s, r, LPF);
        expect_eq(s, "walked", (uint64_t)r.walked, 0);
        r = ref_tlb_access(&t, &c1, S32_VA, FETCH, &rm);
        expect_fault(s, r, IPF);
        expect_eq(s, "fetch walked", (uint64_t)r.walked, 0);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb faults are not cached");
    {
        ref_tlb t = { 0 };
        sv32_map(&m, 0);
        expect_fault(s, ref_tlb_access(&t, &c1, S32_VA, LOAD, &rm), LPF);
        expect_eq(s, "entries", (uint64_t)t.n, 0);
        poke(&m, S32_LEAF_PA, pte(0x80200, V | R | A | D));
        r = ref_tlb_access(&t, &c1, S32_VA, LOAD, &rm);
        expect_pa(s, r, 0x80200010ULL);
        expect_eq(s, "walked", (uint64_t)r.walked, 1);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb bare and M mode bypass the TLB");
    {
        ref_tlb t = { 0 };
        ref_ctx cb = ctx(REF_MODE_BARE, 1, 0, REF_PRIV_S), cm = c1;
        cm.priv = REF_PRIV_M;
        sv32_map(&m, pte(0x80200, V | R | W | A | D));
        expect_pa(s, ref_tlb_access(&t, &c1, S32_VA, LOAD, &rm), 0x80200010ULL);
        r = ref_tlb_access(&t, &cb, S32_VA, LOAD, &rm);
        expect_pa(s, r, S32_VA);
        expect_eq(s, "bare walked", (uint64_t)r.walked, 0);
        r = ref_tlb_access(&t, &cm, S32_VA, STORE, &rm);
        expect_pa(s, r, S32_VA);
        expect_eq(s, "entries", (uint64_t)t.n, 1);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb napot hit in the same 64 KiB, miss outside");
    {
        ref_tlb t = { 0 };
        ref_ctx c = ctx(REF_MODE_SV39, 1, S39_ROOT, REF_PRIV_S);
        sv39_map(&m, 0);
        poke(&m, 0x80022098ULL, pte(0x80308, LEAF_FLAGS) | N);
        expect_pa(s, ref_tlb_access(&t, &c, 0x40413321ULL, LOAD, &rm), 0x80303321ULL);
        r = ref_tlb_access(&t, &c, 0x4041f000ULL, LOAD, &rm);
        expect_pa(s, r, 0x8030f000ULL);
        expect_eq(s, "hit walked", (uint64_t)r.walked, 0);
        r = ref_tlb_access(&t, &c, 0x40420000ULL, LOAD, &rm);
        expect_fault(s, r, LPF);
        expect_eq(s, "miss walked", (uint64_t)r.walked, 1);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb non-canonical VA faults even with a cached alias");
    {
        ref_tlb t = { 0 };
        ref_ctx c = ctx(REF_MODE_SV39, 1, S39_ROOT, REF_PRIV_S);
        mem_reset(&m, 8);
        poke(&m, 0x80020800ULL, pte(0x40000, LEAF_FLAGS));
        expect_pa(s, ref_tlb_access(&t, &c, 0xffffffc000000123ULL, LOAD, &rm), 0x40000123ULL);
        r = ref_tlb_access(&t, &c, 0x0000004000000123ULL, LOAD, &rm);
        expect_fault(s, r, LPF);
        expect_eq(s, "walked", (uint64_t)r.walked, 0);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "tlb leaf cached under sv39 does not serve sv48");
    {
        ref_tlb t = { 0 };
        ref_ctx c39 = ctx(REF_MODE_SV39, 1, S39_ROOT, REF_PRIV_S), c48 = c39;
        c48.mode = REF_MODE_SV48;
        sv39_map(&m, pte(0x80300, LEAF_FLAGS));
        expect_pa(s, ref_tlb_access(&t, &c39, S39_VA, LOAD, &rm), 0x80300456ULL);
        r = ref_tlb_access(&t, &c48, S39_VA, LOAD, &rm);
        expect_eq(s, "sv48 walked", (uint64_t)r.walked, 1);
        ref_tlb_free(&t);
    }
    end(s);
}

/* ============================================================================ */
/* PMP (lib/pmp.h) on the walk: the spec's translation step 2 ("If accessing
 * pte violates a PMA or PMP check, raise an access-fault exception
 * corresponding to the original access type"), step 7 (the A/D update is a
 * store to pte: the same), the PMP chapter's "page-table accesses ... for
 * which the effective privilege mode is S", and the PA of the access. */

#define PMP_NAPOT_CFG(perm) ((uint8_t)((PMP_A_NAPOT << PMP_A_SHIFT) | (perm)))

static uint64_t pmp_napot_addr(uint64_t base, uint64_t size)
{
    return (base >> 2) | ((size >> 3) - 1);
}

/* Sv32 layout of sv32_map: the root page, the L0 page and the data page, each an entry. */
static pmp_state sv32_pmp(uint8_t root, uint8_t l0, uint8_t data)
{
    pmp_state p;
    memset(&p, 0, sizeof p);
    p.entries = 16;
    p.xlen = 32;
    p.cfg[0] = PMP_NAPOT_CFG(root); p.addr[0] = pmp_napot_addr(S32_ROOT << 12, 0x1000);
    p.cfg[1] = PMP_NAPOT_CFG(l0);   p.addr[1] = pmp_napot_addr(S32_L0 << 12, 0x1000);
    p.cfg[2] = PMP_NAPOT_CFG(data); p.addr[2] = pmp_napot_addr(0x80200000, 0x1000);
    return p;
}

static void test_pmp_walks(suite *s)
{
    tmem m;
    ref_mem rm = as_ref(&m);
    ref_ctx c = ctx(REF_MODE_SV32, 1, S32_ROOT, REF_PRIV_U);
    ref_result r;
    pmp_state p;

    begin(s, "pmp: tables readable, page RWX: translated");
    sv32_map(&m, pte(0x80200, V | R | W | X | U | A | D));
    p = sv32_pmp(PMP_R, PMP_R, PMP_R | PMP_W | PMP_X);
    c.pmp = &p;
    expect_pa(s, ref_translate(&c, S32_VA, LOAD, &rm), 0x80200010ULL);
    expect_pa(s, ref_translate(&c, S32_VA, STORE, &rm), 0x80200010ULL);
    expect_pa(s, ref_translate(&c, S32_VA, FETCH, &rm), 0x80200010ULL);
    end(s);

    begin(s, "pmp: root table not readable: access fault of the access's type, nothing read");
    sv32_map(&m, pte(0x80200, V | R | W | X | U | A | D));
    p = sv32_pmp(0, PMP_R, PMP_R | PMP_W | PMP_X);
    expect_access_fault_all(s, &c, S32_VA, &m);
    expect_eq(s, "reads", (uint64_t)m.reads, 0);
    p.cfg[0] = 0;                                           /* no entry at all: S fails too */
    expect_access_fault_all(s, &c, S32_VA, &m);
    end(s);

    begin(s, "pmp: L0 table not readable: access fault after the root read");
    sv32_map(&m, pte(0x80200, V | R | W | X | U | A | D));
    p = sv32_pmp(PMP_R, PMP_W | PMP_X, PMP_R | PMP_W | PMP_X);
    r = ref_translate(&c, S32_VA, LOAD, &rm);
    expect_fault(s, r, LAF);
    expect_eq(s, "has_leaf", (uint64_t)r.has_leaf, 0);
    expect_eq(s, "reads", (uint64_t)m.reads, 1);
    end(s);

    begin(s, "pmp: the A/D swap needs R and W on the PTE");
    sv32_map(&m, pte(0x80200, V | R | W | X | U));
    c.adue = 1;
    p = sv32_pmp(PMP_R, PMP_R, PMP_R | PMP_W | PMP_X);
    expect_fault(s, ref_translate(&c, S32_VA, STORE, &rm), SAF);
    expect_fault(s, ref_translate(&c, S32_VA, FETCH, &rm), IAF);
    expect_eq(s, "leaf untouched", peek(&m, S32_LEAF_PA), pte(0x80200, V | R | W | X | U));
    p.cfg[1] = PMP_NAPOT_CFG(PMP_R | PMP_W);
    r = ref_translate(&c, S32_VA, STORE, &rm);
    expect_pa(s, r, 0x80200010ULL);
    expect_eq(s, "ad written", (uint64_t)r.ad_written, 1);
    c.adue = 0;
    end(s);

    begin(s, "pmp: the PA refused: access fault, the translation kept");
    sv32_map(&m, pte(0x80200, V | R | W | X | U | A | D));
    p = sv32_pmp(PMP_R, PMP_R, PMP_X);
    r = ref_translate(&c, S32_VA, LOAD, &rm);
    expect_fault(s, r, LAF);
    expect_eq(s, "has_leaf", (uint64_t)r.has_leaf, 1);
    expect_eq(s, "pa_denied", (uint64_t)r.pa_denied, 1);
    expect_fault(s, ref_translate(&c, S32_VA, STORE, &rm), SAF);
    expect_pa(s, ref_translate(&c, S32_VA, FETCH, &rm), 0x80200010ULL);
    {
        ref_tlb t = { 0 };
        uint64_t pa = 0;
        unsigned cause = 0;
        expect_fault(s, ref_tlb_access(&t, &c, S32_VA, LOAD, &rm), LAF);
        expect_eq(s, "cached", (uint64_t)t.n, 1);
        p.cfg[2] = PMP_NAPOT_CFG(PMP_R);                    /* now readable: a hit, no walk */
        r = ref_tlb_access(&t, &c, S32_VA, LOAD, &rm);
        expect_pa(s, r, 0x80200010ULL);
        expect_eq(s, "walked", (uint64_t)r.walked, 0);
        expect_eq(s, "leaf use store", (uint64_t)ref_leaf_use(&t.e[0], &c, S32_VA, STORE, &pa, &cause), 1);
        expect_eq(s, "leaf use cause", cause, SAF);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "pmp: Bare and M mode check PA = VA (M only against locked entries)");
    {
        ref_ctx b = ctx(REF_MODE_BARE, 0, 0, REF_PRIV_S), mm = ctx(REF_MODE_SV32, 1, S32_ROOT, REF_PRIV_M);
        p = sv32_pmp(0, 0, PMP_R);
        b.pmp = mm.pmp = &p;
        expect_pa(s, ref_translate(&b, 0x80200004ULL, LOAD, &rm), 0x80200004ULL);
        expect_fault(s, ref_translate(&b, 0x80200004ULL, STORE, &rm), SAF);
        expect_fault(s, ref_translate(&b, 0x90000000ULL, FETCH, &rm), IAF);   /* no entry */
        expect_pa(s, ref_translate(&mm, 0x80200004ULL, STORE, &rm), 0x80200004ULL);
        expect_pa(s, ref_translate(&mm, 0x90000000ULL, FETCH, &rm), 0x90000000ULL);
        p.cfg[2] |= PMP_L;
        expect_fault(s, ref_translate(&mm, 0x80200004ULL, STORE, &rm), SAF);
        ref_tlb t = { 0 };
        expect_fault(s, ref_tlb_access(&t, &mm, 0x80200004ULL, FETCH, &rm), IAF);
        ref_tlb_free(&t);
    }
    end(s);

    begin(s, "pmp: the access's size: every byte at PA must be allowed (partial match fails)");
    {
        /* "if the PMP entry matches all bytes of an access, then the L, R, W
         * and X bits determine whether the access succeeds ... If the PMP
         * entry matches some but not all bytes of an access, the access
         * fails": entry 0 is the NA4 word at PA 0x80200000 (R), entry 1 the
         * next word (nothing), no entry beyond. */
        ref_ctx b = ctx(REF_MODE_BARE, 0, 0, REF_PRIV_S);
        memset(&p, 0, sizeof p);
        p.entries = 16;
        p.xlen = 32;
        p.cfg[0] = (uint8_t)((PMP_A_NA4 << PMP_A_SHIFT) | PMP_R); p.addr[0] = 0x80200000ULL >> 2;
        p.cfg[1] = (uint8_t)((PMP_A_NA4 << PMP_A_SHIFT) | PMP_R); p.addr[1] = 0x80200004ULL >> 2;
        p.cfg[1] = 0;                                             /* entry 1 OFF: the second word unmatched */
        b.pmp = &p;
        b.access_bytes = 4;
        expect_pa(s, ref_translate(&b, 0x80200000ULL, LOAD, &rm), 0x80200000ULL);
        b.access_bytes = 8;                                        /* the second word matches no entry */
        expect_fault(s, ref_translate(&b, 0x80200000ULL, LOAD, &rm), LAF);
        p.cfg[1] = (uint8_t)((PMP_A_NA4 << PMP_A_SHIFT) | PMP_R); /* each word its own entry: fails still */
        expect_fault(s, ref_translate(&b, 0x80200000ULL, LOAD, &rm), LAF);
        p.cfg[0] = PMP_NAPOT_CFG(PMP_R); p.addr[0] = pmp_napot_addr(0x80200000ULL, 8);
        expect_pa(s, ref_translate(&b, 0x80200000ULL, LOAD, &rm), 0x80200000ULL);   /* one 8-byte entry */
        b.access_bytes = 0;                                        /* not given: one byte */
        p.cfg[0] = 0;
        expect_pa(s, ref_translate(&b, 0x80200004ULL, LOAD, &rm), 0x80200004ULL); /* entry 1 alone */
    }
    end(s);

    begin(s, "pmp: an RV64 PTE half inside an NA4 entry fails (partial match)");
    {
        ref_ctx c39 = ctx(REF_MODE_SV39, 1, 0x80020, REF_PRIV_S);
        mem_reset(&m, 8);
        poke(&m, 0x80020008ULL, pte(0x40000, V | R | W | X | A | D));   /* VA 1 GiB -> 0x40000000 */
        memset(&p, 0, sizeof p);
        p.entries = 16;
        p.xlen = 64;
        p.cfg[0] = (uint8_t)((PMP_A_NA4 << PMP_A_SHIFT) | PMP_R); p.addr[0] = 0x8002000cULL >> 2;
        p.cfg[1] = PMP_NAPOT_CFG(PMP_R | PMP_W | PMP_X);          p.addr[1] = (1ULL << 54) - 1;
        c39.pmp = &p;
        expect_fault(s, ref_translate(&c39, 0x40000123ULL, LOAD, &rm), LAF);
        p.addr[0] = 0x80020010ULL >> 2;                            /* the next word: whole PTE in entry 1 */
        expect_pa(s, ref_translate(&c39, 0x40000123ULL, LOAD, &rm), 0x40000123ULL);
    }
    end(s);
}

int main(void)
{
    suite s = { 0 };
    test_sv32_permissions(&s);
    test_sv32_walks(&s);
    test_sv32_ad(&s);
    test_sv39(&s);
    test_sv48(&s);
    test_sv57(&s);
    test_untranslated(&s);
    test_leaf_functions(&s);
    test_tlb(&s);
    test_pmp_walks(&s);
    arenas_free();
    printf("%d passed, %d failed\n", s.passed, s.failed);
    return s.failed ? 1 : 0;
}
