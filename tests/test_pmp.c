/* test_pmp.c -- unit tests of the PMP reference model (lib/pmp.c), each
 * case from a sentence of the privileged spec's "Physical Memory
 * Protection" chapter (quoted or named in the case). Expected values are
 * worked out by hand from those sentences, never from the model. */
#include <string.h>

#include "pmp.h"
#define TEST_STRERROR(e) ((e) ? "yes" : "no")
#include "testcheck.h"

#define U 0u
#define S 1u
#define M 3u

#define TOR(perm)   ((uint8_t)((PMP_A_TOR << PMP_A_SHIFT) | (perm)))
#define NA4(perm)   ((uint8_t)((PMP_A_NA4 << PMP_A_SHIFT) | (perm)))
#define NAPOT(perm) ((uint8_t)((PMP_A_NAPOT << PMP_A_SHIFT) | (perm)))
#define RWX (PMP_R | PMP_W | PMP_X)

static pmp_state fresh(int xlen, int entries, unsigned gran)
{
    pmp_state p;
    memset(&p, 0, sizeof p);
    p.xlen = xlen;
    p.entries = entries;
    p.gran = gran;
    return p;
}

/* pmpaddr of a NAPOT region of `size` bytes (a power of two >= 8) at base. */
static uint64_t napot(uint64_t base, uint64_t size)
{
    return (base >> 2) | ((size >> 3) - 1);
}

/* "If PMP entry i's A field is set to TOR, the entry matches any address y
 * such that pmpaddr[i-1] <= y < pmpaddr[i] (irrespective of the value of
 * pmpcfg[i-1]). If PMP entry 0's A field is set to TOR, zero is used for
 * the lower bound." */
static void t_tor_chain(tctx *t)
{
    pmp_state p = fresh(32, 16, 0);
    p.cfg[0] = TOR(PMP_R);       p.addr[0] = 0x1000 >> 2;   /* [0, 0x1000) R */
    p.cfg[1] = TOR(PMP_R | PMP_W); p.addr[1] = 0x3000 >> 2; /* [0x1000, 0x3000) RW */
    p.cfg[2] = 0;                p.addr[2] = 0x5000 >> 2;   /* OFF, still entry 3's lower bound */
    p.cfg[3] = TOR(PMP_X);       p.addr[3] = 0x6000 >> 2;   /* [0x5000, 0x6000) X */
    CHECK(t, pmp_check(&p, S, PMP_R, 0, 4));                /* entry 0 starts at 0 */
    CHECK(t, !pmp_check(&p, S, PMP_W, 0xffc, 4));
    CHECK(t, pmp_check(&p, S, PMP_W, 0x1000, 4));           /* entry 1 from pmpaddr0 */
    CHECK(t, pmp_check(&p, U, PMP_W, 0x2ffc, 4));           /* last word below the top */
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x3000, 4));          /* the top is excluded: no match */
    CHECK(t, !pmp_check(&p, S, PMP_X, 0x4ffc, 4));          /* below entry 3's bound (entry 2 OFF) */
    CHECK(t, pmp_check(&p, S, PMP_X, 0x5000, 4));           /* cfg2 OFF, pmpaddr2 still the bound */
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x5000, 4));
    CHECK(t, !pmp_check(&p, S, PMP_X, 0x6000, 4));
    int all, i = pmp_match(&p, 0x2000, 4, &all);
    CHECK_EQ(t, i, 1);
    CHECK(t, all);
}

/* "If pmpaddr[i-1] >= pmpaddr[i] and pmpcfg[i].A=TOR, then PMP entry i
 * matches no addresses." The next entry decides then. */
static void t_tor_empty(tctx *t)
{
    pmp_state p = fresh(64, 16, 0);
    p.cfg[0] = 0;          p.addr[0] = 0x8000 >> 2;
    p.cfg[1] = TOR(0);     p.addr[1] = 0x8000 >> 2;             /* equal: empty */
    p.cfg[2] = NAPOT(RWX); p.addr[2] = napot(0, 0x10000);
    uint64_t lo, hi;
    CHECK(t, !pmp_entry_range(&p, 1, &lo, &hi));
    CHECK(t, pmp_check(&p, S, PMP_R, 0x4000, 8));               /* entry 2 decides */
    p.addr[1] = 0x4000 >> 2;                                    /* below: empty too */
    CHECK(t, pmp_check(&p, S, PMP_W, 0x7ff8, 8));
}

/* NA4: "naturally aligned four-byte regions". */
static void t_na4(tctx *t)
{
    pmp_state p = fresh(32, 16, 0);
    p.cfg[0] = NA4(PMP_R); p.addr[0] = 0x80000010 >> 2;
    CHECK(t, pmp_check(&p, S, PMP_R, 0x80000010, 4));
    CHECK(t, pmp_check(&p, S, PMP_R, 0x80000013, 1));
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x80000014, 4));          /* the next word: no entry */
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x8000000c, 4));
    CHECK(t, !pmp_check(&p, S, PMP_W, 0x80000010, 4));
    uint64_t lo, hi;
    CHECK(t, pmp_entry_range(&p, 0, &lo, &hi));
    CHECK_EQ(t, lo, 0x80000010);
    CHECK_EQ(t, hi, 0x80000014);
}

/* "NAPOT ranges make use of the low-order bits of the associated address
 * register to encode the size of the range": yyyy...yy0 8 bytes, yyy...y01
 * 16 bytes, ..., each trailing one doubling it; all ones the largest. */
static void t_napot_sizes(tctx *t)
{
    for (unsigned k = 0; k < 20; k++) {
        uint64_t size = 8ULL << k, base = 0x80000000ULL;
        pmp_state p = fresh(32, 16, 0);
        p.cfg[0] = NAPOT(PMP_R);
        p.addr[0] = napot(base, size);
        uint64_t lo, hi;
        CHECK(t, pmp_entry_range(&p, 0, &lo, &hi));
        CHECK_EQ(t, lo, base);
        CHECK_EQ(t, hi, base + size);
        CHECK(t, pmp_check(&p, S, PMP_R, base + size - 4, 4));
        CHECK(t, !pmp_check(&p, S, PMP_R, base + size, 4));
        CHECK(t, !pmp_check(&p, S, PMP_R, base - 4, 4));
    }
    /* RV32: pmpaddr holds PA 33:2; all 32 bits set is 2^35 bytes at 0, the
     * whole 34-bit space. */
    pmp_state p = fresh(32, 1, 0);
    p.cfg[0] = NAPOT(PMP_R | PMP_X);
    p.addr[0] = 0xffffffffu;
    uint64_t lo, hi;
    CHECK(t, pmp_entry_range(&p, 0, &lo, &hi));
    CHECK_EQ(t, lo, 0);
    CHECK_EQ(t, hi, 1ULL << 35);
    CHECK(t, pmp_check(&p, U, PMP_R, 0x3fffffffcULL, 4));
    CHECK(t, pmp_check(&p, U, PMP_X, 0, 4));
    /* RV64: pmpaddr holds PA 55:2, 54 bits; all ones covers the 56-bit space. */
    p = fresh(64, 1, 0);
    p.cfg[0] = NAPOT(PMP_R);
    p.addr[0] = (1ULL << 54) - 1;
    CHECK(t, pmp_entry_range(&p, 0, &lo, &hi));
    CHECK_EQ(t, lo, 0);
    CHECK_EQ(t, hi, 1ULL << 57);
    CHECK(t, pmp_check(&p, S, PMP_R, (1ULL << 56) - 8, 8));
    /* bits above the register (63:54) are not the register's */
    p.addr[0] = napot(0x80000000, 0x1000) | (0x3ffULL << 54);
    CHECK(t, pmp_entry_range(&p, 0, &lo, &hi));
    CHECK_EQ(t, lo, 0x80000000);
    CHECK_EQ(t, hi, 0x80001000);
}

/* "The lowest-numbered PMP entry that matches any byte of an access
 * determines whether that access succeeds or fails." */
static void t_lowest_wins(tctx *t)
{
    pmp_state p = fresh(64, 16, 0);
    p.cfg[3] = NAPOT(0);   p.addr[3] = napot(0x80001000, 0x1000);   /* no permission */
    p.cfg[5] = NAPOT(RWX); p.addr[5] = napot(0x80000000, 0x10000);  /* all, around it */
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x80001800, 8));
    CHECK(t, pmp_check(&p, S, PMP_R, 0x80002000, 8));
    /* swap the priorities: the wide entry first */
    p.cfg[2] = p.cfg[5]; p.addr[2] = p.addr[5];
    CHECK(t, pmp_check(&p, S, PMP_R, 0x80001800, 8));
    int all;
    CHECK_EQ(t, pmp_match(&p, 0x80001800, 8, &all), 2);
}

/* "The matching PMP entry must match all bytes of an access, or the access
 * fails, irrespective of the L, R, W, and X bits. For example, if a PMP
 * entry is configured to match the four-byte range 0xC-0xF, then an 8-byte
 * access to the range 0x8-0xF will fail, assuming that PMP entry is the
 * highest-priority entry that matches those addresses." */
static void t_partial(tctx *t)
{
    pmp_state p = fresh(64, 16, 0);
    p.cfg[0] = NA4(RWX);   p.addr[0] = 0xc >> 2;
    p.cfg[1] = NAPOT(RWX); p.addr[1] = napot(0, 0x1000);
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x8, 8));
    CHECK(t, !pmp_check(&p, M, PMP_R, 0x8, 8));        /* M too: irrespective of L */
    int all;
    CHECK_EQ(t, pmp_match(&p, 0x8, 8, &all), 0);
    CHECK(t, !all);
    CHECK(t, pmp_check(&p, S, PMP_R, 0x8, 4));         /* 0x8-0xb: entry 1 alone */
    CHECK(t, pmp_check(&p, S, PMP_R, 0xc, 4));
    /* a TOR top cutting an 8-byte PTE in two */
    p = fresh(64, 16, 0);
    p.cfg[0] = TOR(RWX);   p.addr[0] = 0x80000004 >> 2;
    p.cfg[1] = NAPOT(RWX); p.addr[1] = napot(0x80000000, 0x1000);
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x80000000, 8));
    CHECK(t, pmp_check(&p, S, PMP_R, 0x80000008, 8));
}

/* "If the L bit is clear and the privilege mode of the access is M, the
 * access succeeds. Otherwise, if the L bit is set or the privilege mode of
 * the access is S or U, then the access succeeds only if the R, W, or X bit
 * corresponding to the access type is set. If no PMP entry matches an
 * M-mode access, the access succeeds. If no PMP entry matches an S-mode or
 * U-mode access, but at least one PMP entry is implemented, the access
 * fails." */
static void t_lock_and_priv(tctx *t)
{
    pmp_state p = fresh(32, 16, 0);
    p.cfg[0] = NAPOT(0);                 p.addr[0] = napot(0x1000, 0x1000);
    p.cfg[1] = NAPOT(PMP_L | PMP_R);     p.addr[1] = napot(0x2000, 0x1000);
    p.cfg[2] = NAPOT(PMP_L | PMP_X);     p.addr[2] = napot(0x3000, 0x1000);
    CHECK(t, pmp_check(&p, M, PMP_W, 0x1000, 4));      /* unlocked: M unchecked */
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x1000, 4));
    CHECK(t, pmp_check(&p, M, PMP_R, 0x2000, 4));      /* locked: M checked */
    CHECK(t, !pmp_check(&p, M, PMP_W, 0x2000, 4));
    CHECK(t, !pmp_check(&p, M, PMP_X, 0x2000, 4));
    CHECK(t, pmp_check(&p, U, PMP_R, 0x2000, 4));
    CHECK(t, pmp_check(&p, M, PMP_X, 0x3000, 4));
    CHECK(t, !pmp_check(&p, M, PMP_R, 0x3000, 4));
    CHECK(t, pmp_check(&p, M, PMP_R | PMP_W, 0x9000, 4));  /* no match: M succeeds */
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x9000, 4));     /* S and U fail */
    CHECK(t, !pmp_check(&p, U, PMP_R, 0x9000, 4));
    /* several permissions at once (the walker's A/D swap reads and writes) */
    p.cfg[1] = NAPOT(PMP_R);
    CHECK(t, !pmp_check(&p, S, PMP_R | PMP_W, 0x2000, 4));
    p.cfg[1] = NAPOT(PMP_R | PMP_W);
    CHECK(t, pmp_check(&p, S, PMP_R | PMP_W, 0x2000, 4));
    /* a lower unlocked entry decides an M access before a locked one */
    p = fresh(32, 16, 0);
    p.cfg[0] = NAPOT(0);         p.addr[0] = napot(0x1000, 0x1000);
    p.cfg[1] = NAPOT(PMP_L);     p.addr[1] = napot(0, 0x10000);
    CHECK(t, pmp_check(&p, M, PMP_R, 0x1000, 4));
    CHECK(t, !pmp_check(&p, M, PMP_R, 0x2000, 4));
}

/* "If at least one PMP entry is implemented, but all PMP entries' A fields
 * are set to OFF, then all S-mode and U-mode memory accesses will fail."
 * With none implemented, nothing fails. */
static void t_all_off(tctx *t)
{
    pmp_state p = fresh(64, 16, 0);
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x80000000, 8));
    CHECK(t, !pmp_check(&p, U, PMP_X, 0x80000000, 4));
    CHECK(t, pmp_check(&p, M, PMP_W, 0x80000000, 8));
    p.entries = 0;
    p.cfg[0] = NAPOT(0); p.addr[0] = napot(0x80000000, 0x1000);   /* not implemented */
    CHECK(t, pmp_check(&p, S, PMP_R, 0x80000000, 8));
    CHECK(t, pmp_check(&p, U, PMP_W, 0x80000000, 8));
    /* only entries below `entries` exist */
    p.entries = 1;
    p.cfg[1] = NAPOT(RWX); p.addr[1] = napot(0, 1ULL << 40);
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x90000000, 8));
}

/* Granularity: "When G >= 1, the NA4 mode is not selectable. When G >= 2
 * and pmpcfg[i].A[1] is set, i.e. the mode is NAPOT, then bits
 * pmpaddr[i][G-2:0] read as all ones. When G >= 1 and pmpcfg[i].A[1] is
 * clear, i.e. the mode is OFF or TOR, then bits pmpaddr[i][G-1:0] read as all
 * zeros. Bits pmpaddr[i][G-1:0] do not affect the TOR address-matching logic." */
static void t_granularity(tctx *t)
{
    uint64_t lo, hi;
    /* G = 2 (16-byte grain): a NAPOT pmpaddr ending in 0 reads as ...01: 16 bytes */
    pmp_state p = fresh(32, 16, 2);
    p.cfg[0] = NAPOT(PMP_R); p.addr[0] = 0x80000000 >> 2;
    CHECK(t, pmp_entry_range(&p, 0, &lo, &hi));
    CHECK_EQ(t, lo, 0x80000000);
    CHECK_EQ(t, hi, 0x80000010);
    CHECK(t, pmp_check(&p, S, PMP_R, 0x8000000c, 4));
    /* TOR: pmpaddr bits 1:0 do not take part, both bounds */
    p.cfg[0] = 0;         p.addr[0] = (0x80000010 >> 2) | 3;      /* reads 0x80000010 */
    p.cfg[1] = TOR(PMP_W); p.addr[1] = (0x80000040 >> 2) | 3;     /* reads 0x80000040 */
    CHECK(t, pmp_entry_range(&p, 1, &lo, &hi));
    CHECK_EQ(t, lo, 0x80000010);
    CHECK_EQ(t, hi, 0x80000040);
    CHECK(t, pmp_check(&p, S, PMP_W, 0x80000010, 4));
    CHECK(t, !pmp_check(&p, S, PMP_W, 0x80000040, 4));
    CHECK(t, !pmp_check(&p, S, PMP_W, 0x8000000c, 4));
    /* G = 1 (8-byte grain): NA4 is not selectable; taken as NAPOT, 8 bytes */
    p = fresh(64, 16, 1);
    p.cfg[0] = NA4(PMP_R); p.addr[0] = 0x80000008 >> 2;
    CHECK(t, pmp_entry_range(&p, 0, &lo, &hi));
    CHECK_EQ(t, lo, 0x80000008);
    CHECK_EQ(t, hi, 0x80000010);
    CHECK(t, pmp_check(&p, S, PMP_R, 0x80000008, 8));
    /* G = 0: the same value is NA4, 4 bytes, and an 8-byte access fails */
    p.gran = 0;
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x80000008, 8));
    /* G = 12 (16 KiB grain): a NAPOT of 4 KiB written reads as 16 KiB */
    p = fresh(64, 16, 12);
    p.cfg[0] = NAPOT(PMP_R); p.addr[0] = napot(0x80004000, 0x1000);
    CHECK(t, pmp_entry_range(&p, 0, &lo, &hi));
    CHECK_EQ(t, lo, 0x80004000);
    CHECK_EQ(t, hi, 0x80008000);
}

/* The R/W/X bit the access type needs: "Attempting to fetch an instruction
 * from a PMP region that does not have execute permissions raises an
 * instruction access-fault exception", and so on for loads and stores. */
static void t_access_types(tctx *t)
{
    static const unsigned perms[] = { PMP_R, PMP_W, PMP_X };
    for (unsigned have = 0; have < 8; have++)
        for (int k = 0; k < 3; k++) {
            pmp_state p = fresh(64, 4, 0);
            p.cfg[0] = NAPOT((uint8_t)have); p.addr[0] = napot(0x80000000, 0x1000);
            CHECK_EQ(t, pmp_check(&p, S, perms[k], 0x80000100, 8), (have & perms[k]) != 0);
            CHECK_EQ(t, pmp_check(&p, U, perms[k], 0x80000100, 8), (have & perms[k]) != 0);
        }
}

/* The address judged is the PA width's: an RV64 address beyond 56 bits is
 * matched on its low 56 bits (the PMA check refuses it, not PMP). */
static void t_pa_width(tctx *t)
{
    pmp_state p = fresh(64, 16, 0);
    p.cfg[0] = NAPOT(PMP_R); p.addr[0] = napot(0x80000000, 0x1000);
    CHECK(t, pmp_check(&p, S, PMP_R, (1ULL << 56) | 0x80000010, 8));
    CHECK(t, !pmp_check(&p, S, PMP_R, (1ULL << 56) | 0x90000010, 8));
    p = fresh(32, 16, 0);
    p.cfg[0] = TOR(PMP_R); p.addr[0] = 0xffffffffu;               /* the highest TOR top */
    CHECK(t, pmp_check(&p, S, PMP_R, 0x3fffffff8ULL, 4));
    CHECK(t, !pmp_check(&p, S, PMP_R, 0x3fffffffcULL, 4));          /* the top is excluded */
    p.addr[0] = 0x100000000ULL;                                     /* bit 32: not the register's */
    CHECK(t, !pmp_check(&p, S, PMP_R, 0, 4));
}

int main(void)
{
    static const test_case cases[] = {
        { "tor-chain", t_tor_chain },
        { "tor-empty", t_tor_empty },
        { "na4", t_na4 },
        { "napot-sizes", t_napot_sizes },
        { "lowest-wins", t_lowest_wins },
        { "partial-match-fails", t_partial },
        { "lock-and-priv", t_lock_and_priv },
        { "all-off", t_all_off },
        { "granularity", t_granularity },
        { "access-types", t_access_types },
        { "pa-width", t_pa_width },
    };
    return test_run_all(cases, sizeof cases / sizeof cases[0], NULL);
}
