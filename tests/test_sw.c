/* test_sw.c -- tests of the sw/ page-table library (sw/pt.h).
 *
 * Standalone: the callbacks use the test memory of tests/testmem.h. Every
 * expected PTE word and table address below is computed by hand from the
 * RISC-V privileged specification (Virtual-Memory System), in the comments.
 *
 * Build:
 *   gcc -std=c11 -Wall -Wextra -Werror -fsanitize=address,undefined \
 *       -Ibuild/gen -Isw -Itb sw/pt.c tests/test_sw.c -o /tmp/test_sw && /tmp/test_sw
 * With -DTEST_SW_WITH_REF and lib/ref.c added to the command line, the
 * end-to-end cases that translate through ref_translate are compiled in too.
 *
 * PTE bits: V0 R1 W2 X3 U4 G5 A6 D7, RSW 9:8, PPN from bit 10;
 * RV64: PBMT 62:61, N 63. Pointer PTEs are PPN<<10 | V. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt.h"
#ifdef TEST_SW_WITH_REF
#include "ref.h"
#endif

#define TEST_STRERROR pt_strerror
#include "testcheck.h"
#include "testmem.h"

/* The pt_mem callbacks over a test memory (tests/testmem.h). */
static pt_mem mem_iface(test_mem *m)
{
    pt_mem it = { tmem_read, tmem_write, m };
    return it;
}

/* One address space on a fresh memory and pool, for the common case. */
typedef struct {
    test_mem mem;
    pt_mem iface;
    pt_pool *pool;
    pt_as *as;
} fixture;

/* Memory window [0x80000000, 0x90000000) unless the pool lies elsewhere. */
static int fixture_open(tctx *t, fixture *f, unsigned mode, uint32_t asid, uint64_t pool_base, uint64_t pool_frames)
{
    tmem_init(&f->mem, 0x80000000ull, 0x90000000ull);
    f->iface = mem_iface(&f->mem);
    int err = 0;
    f->pool = pool_create(pool_base, pool_frames * PT_FRAME_SIZE, &f->iface, &err);
    CHECK_ERR(t, err, PT_OK);
    f->as = f->pool ? as_create(mode, asid, f->pool, &f->iface, &err) : NULL;
    CHECK_ERR(t, err, PT_OK);
    return f->as != NULL;
}

static void fixture_close(tctx *t, fixture *f)
{
    if (f->as)
        CHECK_ERR(t, as_destroy(f->as), PT_OK);
    if (f->pool) {
        CHECK_EQ(t, pool_free_count(f->pool), pool_frame_count(f->pool));
        pool_destroy(f->pool);
    }
    tmem_free(&f->mem);
}

/* ------------------------------------------------------------------ */
/* Test cases.                                                         */
/* ------------------------------------------------------------------ */

/* Root table: the pool's first frame, zeroed through the write callback. */
static void test_root_table_allocation(tctx *t)
{
    test_mem m;
    tmem_init(&m, 0x80000000ull, 0x90000000ull);
    pt_mem it = mem_iface(&m);
    /* Garbage where the root will go: allocation must zero it. */
    tmem_write(&m, 0x80010000, 4, 0xdeadbeef);
    tmem_write(&m, 0x80010ffc, 4, 0xcafef00d);
    int err = -99;
    pt_pool *pool = pool_create(0x80010000, 16 * PT_FRAME_SIZE, &it, &err);
    CHECK_ERR(t, err, PT_OK);
    pt_as *as = as_create(RVMMU_MODE_SV32, 5, pool, &it, &err);
    CHECK_ERR(t, err, PT_OK);
    if (!as) {
        pool_destroy(pool);
        tmem_free(&m);
        return;
    }
    CHECK_EQ(t, as_satp_ppn(as), 0x80010);            /* 0x80010000 >> 12 */
    CHECK_EQ(t, as_asid(as), 5);
    CHECK_EQ(t, as_mode(as), RVMMU_MODE_SV32);
    /* Sv32 satp: MODE[31]=1, ASID[30:22]=5 -> 0x01400000, PPN[21:0]=0x80010. */
    CHECK_EQ(t, as_satp(as), 0x81480010);
    CHECK_EQ(t, tmem_peek(&m, 0x80010000, 4), 0);
    CHECK_EQ(t, tmem_peek(&m, 0x80010ffc, 4), 0);
    CHECK_EQ(t, pool_free_count(pool), 15);
    CHECK(t, pool_frame_allocated(pool, 0x80010000));
    CHECK(t, !pool_frame_allocated(pool, 0x80011000));
    CHECK_EQ(t, as_table_count(as), 1);
    /* A second address space gets the next frame. */
    pt_as *as2 = as_create(RVMMU_MODE_SV32, 6, pool, &it, &err);
    CHECK_ERR(t, err, PT_OK);
    if (as2) {
        CHECK_EQ(t, as_satp_ppn(as2), 0x80011);
        CHECK_ERR(t, as_destroy(as2), PT_OK);
    }
    CHECK_ERR(t, as_destroy(as), PT_OK);
    CHECK_EQ(t, pool_free_count(pool), 16);
    pool_destroy(pool);
    tmem_free(&m);
}

/* Sv32 4 KiB page: va 0x00400000 (VPN[1]=1, VPN[0]=0) -> pa 0x80200000, R W U A D. */
static void test_sv32_map_4k(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV32, 1, 0x80010000, 16)) {
        fixture_close(t, &f);
        return;
    }
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80200000, 0, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D), PT_OK);
    /* Root 0x80010000; the L0 table is the next frame, 0x80011000.
     * L1 entry at root + VPN[1]*4 = 0x80010004: pointer PPN 0x80011 -> 0x80011<<10 | V = 0x20004401.
     * L0 entry at 0x80011000 + 0*4: PPN 0x80200 -> 0x20080000 | D A U W R V (0xd7) = 0x200800d7. */
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010004, 4), 0x20004401);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80011000, 4), 0x200800d7);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010000, 4), 0);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010008, 4), 0);
    CHECK_EQ(t, pool_free_count(f.pool), 14);
    CHECK_EQ(t, as_table_count(f.as), 2);
    uint64_t slot = 0;
    CHECK_ERR(t, as_pte_address(f.as, 0x00400000, 1, &slot), PT_OK);
    CHECK_EQ(t, slot, 0x80010004);
    CHECK_ERR(t, as_pte_address(f.as, 0x00400000, 0, &slot), PT_OK);
    CHECK_EQ(t, slot, 0x80011000);
    uint64_t pte = 0, pa = 0;
    int level = -1;
    CHECK_ERR(t, as_lookup(f.as, 0x00400abc, &pte, &level), PT_OK);
    CHECK_EQ(t, pte, 0x200800d7);
    CHECK_EQ(t, level, 0);
    CHECK_ERR(t, as_translate(f.as, 0x00400abc, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x80200abc);
    /* A neighbour in the same L0 table: no new frame, L0 slot 0x80011004.
     * PPN 0x80201 -> 0x20080400 | X R A V (0x4b) = 0x2008044b. */
    CHECK_ERR(t, as_map_page(f.as, 0x00401000, 0x80201000, 0, PTE_R | PTE_X | PTE_A), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80011004, 4), 0x2008044b);
    CHECK_EQ(t, pool_free_count(f.pool), 14);
    CHECK_ERR(t, as_lookup(f.as, 0x00402000, &pte, &level), PT_ERR_NOT_MAPPED);
    CHECK_ERR(t, as_lookup(f.as, 0x00000000, &pte, &level), PT_ERR_NOT_MAPPED);
    fixture_close(t, &f);
}

/* Sv32 4 MiB megapage: va 0x80400000 (VPN[1]=0x201) -> pa 0x80400000, R X G A. */
static void test_sv32_megapage(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV32, 1, 0x80010000, 16)) {
        fixture_close(t, &f);
        return;
    }
    CHECK_ERR(t, as_map_page(f.as, 0x80400000, 0x80400000, 1, PTE_R | PTE_X | PTE_G | PTE_A), PT_OK);
    /* Leaf in the root at 0x80010000 + 0x201*4 = 0x80010804.
     * PPN 0x80400 -> 0x20100000 | A G X R V (0x6b) = 0x2010006b. No table allocated. */
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010804, 4), 0x2010006b);
    CHECK_EQ(t, pool_free_count(f.pool), 15);
    uint64_t pte = 0, pa = 0;
    int level = -1;
    CHECK_ERR(t, as_lookup(f.as, 0x807fffff, &pte, &level), PT_OK);
    CHECK_EQ(t, level, 1);
    CHECK_EQ(t, pte, 0x2010006b);
    CHECK_ERR(t, as_translate(f.as, 0x80512345, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x80512345);
    CHECK_EQ(t, pt_page_size(RVMMU_MODE_SV32, 1), 0x400000);
    fixture_close(t, &f);
}

/* Sv32 34-bit physical addresses: PPN bits 21:20 (= PA bits 33:32) set. */
static void test_sv32_ppn_bits_33_32(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV32, 1, 0x80010000, 16)) {
        fixture_close(t, &f);
        return;
    }
    /* 4 KiB: va 0x00002000 (VPN[1]=0, VPN[0]=2) -> pa 0x3_0000_5000, PPN 0x300005.
     * L1 slot 0x80010000 = pointer to 0x80011000 = 0x20004401.
     * L0 slot 0x80011008 = 0x300005<<10 = 0xc0001400 | D A X W R V (0xcf) = 0xc00014cf. */
    uint64_t rwx_ad = PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
    CHECK_ERR(t, as_map_page(f.as, 0x00002000, 0x300005000ull, 0, rwx_ad), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010000, 4), 0x20004401);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80011008, 4), 0xc00014cf);
    /* Megapage: va 0x00800000 (VPN[1]=2) -> pa 0x3_ffc0_0000, PPN 0x3ffc00.
     * Root slot 0x80010008 = 0x3ffc00<<10 = 0xfff00000 | 0xcf = 0xfff000cf. */
    CHECK_ERR(t, as_map_page(f.as, 0x00800000, 0x3ffc00000ull, 1, rwx_ad), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010008, 4), 0xfff000cf);
    uint64_t pa = 0, pte = 0;
    CHECK_ERR(t, as_translate(f.as, 0x00002010, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x300005010ull);
    CHECK_ERR(t, as_translate(f.as, 0x00bfffff, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x3ffffffffull);
    CHECK_ERR(t, as_lookup(f.as, 0x00002000, &pte, NULL), PT_OK);
    CHECK_EQ(t, pte_ppn(RVMMU_MODE_SV32, pte), 0x300005);
    fixture_close(t, &f);
}

/* Unmap clears exactly the leaf; the L0 table stays and is reused. */
static void test_unmap(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV32, 1, 0x80010000, 16)) {
        fixture_close(t, &f);
        return;
    }
    uint64_t fl = PTE_R | PTE_W | PTE_U | PTE_A | PTE_D;
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80200000, 0, fl), PT_OK);
    CHECK_ERR(t, as_map_page(f.as, 0x00401000, 0x80201000, 0, fl), PT_OK);
    CHECK_ERR(t, as_unmap(f.as, 0x00400000), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80011000, 4), 0);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80011004, 4), 0x200804d7);   /* 0x80201<<10 | 0xd7: untouched */
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010004, 4), 0x20004401);   /* the pointer stays */
    CHECK_ERR(t, as_lookup(f.as, 0x00400000, NULL, NULL), PT_ERR_NOT_MAPPED);
    CHECK_ERR(t, as_unmap(f.as, 0x00400000), PT_ERR_NOT_MAPPED);
    CHECK_ERR(t, as_unmap(f.as, 0x00c00000), PT_ERR_NOT_MAPPED);
    /* Remap: no new frame. */
    uint64_t before = pool_free_count(f.pool);
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80300000, 0, fl), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80011000, 4), 0x200c00d7);   /* 0x80300<<10 | 0xd7 */
    CHECK_EQ(t, pool_free_count(f.pool), before);
    /* Unmap a megapage by an address inside it. */
    CHECK_ERR(t, as_map_page(f.as, 0x80400000, 0x80400000, 1, fl), PT_OK);
    CHECK_ERR(t, as_unmap(f.as, 0x80456000), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010804, 4), 0);
    fixture_close(t, &f);
}

/* Protect rewrites the flags and keeps the PPN. */
static void test_protect(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV32, 1, 0x80010000, 16)) {
        fixture_close(t, &f);
        return;
    }
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80200000, 0, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D), PT_OK);
    /* Read-only: 0x20080000 | A U R V (0x53) = 0x20080053. */
    CHECK_ERR(t, as_protect(f.as, 0x00400000, PTE_R | PTE_U | PTE_A), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80011000, 4), 0x20080053);
    /* Execute-only, global, RSW=2: 0x20080000 | 0x200 | A G X V (0x69) = 0x20080269. */
    CHECK_ERR(t, as_protect(f.as, 0x00400000, PTE_X | PTE_G | PTE_A | PTE_RSW(2)), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80011000, 4), 0x20080269);
    /* Illegal flags change nothing. */
    CHECK_ERR(t, as_protect(f.as, 0x00400000, PTE_W), PT_ERR_BAD_FLAGS);
    CHECK_ERR(t, as_protect(f.as, 0x00400000, 0), PT_ERR_BAD_FLAGS);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80011000, 4), 0x20080269);
    CHECK_ERR(t, as_protect(f.as, 0x00401000, PTE_R), PT_ERR_NOT_MAPPED);
    /* A megapage keeps its level: 0x20100000 | D A W R V (0xc7). */
    CHECK_ERR(t, as_map_page(f.as, 0x80400000, 0x80400000, 1, PTE_R | PTE_X | PTE_A), PT_OK);
    CHECK_ERR(t, as_protect(f.as, 0x80400000, PTE_R | PTE_W | PTE_A | PTE_D), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010804, 4), 0x201000c7);
    fixture_close(t, &f);
}

/* Two address spaces share one data frame with different permissions. */
static void test_share_two_address_spaces(tctx *t)
{
    test_mem m;
    tmem_init(&m, 0x80000000ull, 0x90000000ull);
    pt_mem it = mem_iface(&m);
    int err;
    pt_pool *pool = pool_create(0x80000000, 32 * PT_FRAME_SIZE, &it, &err);
    pt_as *a = as_create(RVMMU_MODE_SV32, 1, pool, &it, &err);   /* root 0x80000000 */
    pt_as *b = as_create(RVMMU_MODE_SV32, 2, pool, &it, &err);   /* root 0x80001000 */
    uint64_t data = 0;
    CHECK(t, a && b);
    if (!a || !b)
        goto out;
    CHECK_ERR(t, pool_alloc_frame(pool, &data), PT_OK);         /* 0x80002000 */
    CHECK_EQ(t, data, 0x80002000);
    /* A: va 0x10000000 (VPN[1]=0x40) RW; its L0 table is 0x80003000.
     * Root slot 0x80000000 + 0x40*4 = 0x80000100 = 0x80003<<10 | V = 0x20000c01.
     * Leaf 0x80003000 = 0x80002<<10 | 0xd7 = 0x200008d7. */
    CHECK_ERR(t, as_map_page(a, 0x10000000, data, 0, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D), PT_OK);
    /* B shares it read-only at va 0x20000000 (VPN[1]=0x80); its L0 table is 0x80004000.
     * Root slot 0x80001000 + 0x80*4 = 0x80001200 = 0x80004<<10 | V = 0x20001001.
     * Leaf 0x80004000 = 0x20000800 | A U R V (0x53) = 0x20000853. */
    CHECK_ERR(t, as_share(b, 0x20000000, a, 0x10000abc, PTE_R | PTE_U | PTE_A), PT_OK);
    CHECK_EQ(t, tmem_peek(&m, 0x80000100, 4), 0x20000c01);
    CHECK_EQ(t, tmem_peek(&m, 0x80003000, 4), 0x200008d7);
    CHECK_EQ(t, tmem_peek(&m, 0x80001200, 4), 0x20001001);
    CHECK_EQ(t, tmem_peek(&m, 0x80004000, 4), 0x20000853);
    uint64_t pa_a = 0, pa_b = 0, pte_a = 0, pte_b = 0;
    CHECK_ERR(t, as_translate(a, 0x10000123, &pa_a), PT_OK);
    CHECK_ERR(t, as_translate(b, 0x20000123, &pa_b), PT_OK);
    CHECK_EQ(t, pa_a, 0x80002123);
    CHECK_EQ(t, pa_b, 0x80002123);
    CHECK_ERR(t, as_lookup(a, 0x10000000, &pte_a, NULL), PT_OK);
    CHECK_ERR(t, as_lookup(b, 0x20000000, &pte_b, NULL), PT_OK);
    CHECK_EQ(t, pte_ppn(RVMMU_MODE_SV32, pte_a), pte_ppn(RVMMU_MODE_SV32, pte_b));
    CHECK_EQ(t, pte_flags(RVMMU_MODE_SV32, pte_a), PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
    CHECK_EQ(t, pte_flags(RVMMU_MODE_SV32, pte_b), PTE_R | PTE_U | PTE_A);
    /* Sharing from an unmapped va, or onto an occupied va, fails. */
    CHECK_ERR(t, as_share(b, 0x20001000, a, 0x10001000, PTE_R), PT_ERR_NOT_MAPPED);
    CHECK_ERR(t, as_share(b, 0x20000000, a, 0x10000000, PTE_R), PT_ERR_ALREADY_MAPPED);
    /* Sharing a frame out of a superpage takes the 4 KiB frame under src_va. */
    CHECK_ERR(t, as_map_page(a, 0x80400000, 0x80800000, 1, PTE_R | PTE_A), PT_OK);
    CHECK_ERR(t, as_share(b, 0x20001000, a, 0x80435678, PTE_R | PTE_A), PT_OK);
    CHECK_ERR(t, as_translate(b, 0x20001678, &pa_b), PT_OK);
    CHECK_EQ(t, pa_b, 0x80835678);
    /* Unmapping in B leaves A's mapping alone. */
    CHECK_ERR(t, as_unmap(b, 0x20000000), PT_OK);
    CHECK_ERR(t, as_translate(a, 0x10000000, &pa_a), PT_OK);
    CHECK_EQ(t, pa_a, 0x80002000);
    CHECK_ERR(t, pool_free_frame(pool, data), PT_OK);
out:
    if (a)
        CHECK_ERR(t, as_destroy(a), PT_OK);
    if (b)
        CHECK_ERR(t, as_destroy(b), PT_OK);
    CHECK_EQ(t, pool_free_count(pool), 32);
    pool_destroy(pool);
    tmem_free(&m);
}

/* Mapping over an existing mapping, and superpage/table conflicts. */
static void test_err_already_mapped(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV32, 1, 0x80010000, 16)) {
        fixture_close(t, &f);
        return;
    }
    uint64_t fl = PTE_R | PTE_W | PTE_A | PTE_D;
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80200000, 0, fl), PT_OK);
    long w = f.mem.writes;
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80300000, 0, fl), PT_ERR_ALREADY_MAPPED);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80011000, 4), 0x200800c7);   /* still the first: 0x20080000 | 0xc7 */
    /* A megapage over the L0 table. */
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80400000, 1, fl), PT_ERR_TABLE_EXISTS);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010004, 4), 0x20004401);
    /* A 4 KiB page inside a megapage. */
    CHECK_ERR(t, as_map_page(f.as, 0x00800000, 0x80400000, 1, fl), PT_OK);
    w = f.mem.writes;
    CHECK_ERR(t, as_map_page(f.as, 0x00812000, 0x80500000, 0, fl), PT_ERR_SUPERPAGE_EXISTS);
    CHECK_ERR(t, as_map_page(f.as, 0x00800000, 0x80800000, 1, fl), PT_ERR_ALREADY_MAPPED);
    CHECK_EQ(t, f.mem.writes, w);                            /* failures write nothing */
    CHECK_ERR(t, as_pte_address(f.as, 0x00812000, 0, &(uint64_t){0}), PT_ERR_SUPERPAGE_EXISTS);
    fixture_close(t, &f);
}

/* Out of frames: an error code, nothing half-built. */
static void test_err_out_of_frames(tctx *t)
{
    fixture f;
    /* Two frames: the root and one L0 table. */
    if (!fixture_open(t, &f, RVMMU_MODE_SV32, 1, 0x80010000, 2)) {
        fixture_close(t, &f);
        return;
    }
    uint64_t fl = PTE_R | PTE_A;
    CHECK_ERR(t, as_map_page(f.as, 0x00000000, 0x80200000, 0, fl), PT_OK);   /* table 0x80011000 */
    CHECK_EQ(t, pool_free_count(f.pool), 0);
    long w = f.mem.writes;
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80200000, 0, fl), PT_ERR_OUT_OF_FRAMES);
    CHECK_EQ(t, f.mem.writes, w);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010004, 4), 0);
    /* Still fine: leaves in existing tables and megapages need no frame. */
    CHECK_ERR(t, as_map_page(f.as, 0x00001000, 0x80201000, 0, fl), PT_OK);
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80400000, 1, fl), PT_OK);
    uint64_t pa = 0;
    CHECK_ERR(t, pool_alloc_frame(f.pool, &pa), PT_ERR_OUT_OF_FRAMES);
    int err = 0;
    CHECK(t, as_create(RVMMU_MODE_SV32, 2, f.pool, &f.iface, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_OUT_OF_FRAMES);
    fixture_close(t, &f);

    /* Sv39 needs two tables for a first 4 KiB page; with one frame left nothing is built. */
    if (!fixture_open(t, &f, RVMMU_MODE_SV39, 1, 0x80000000, 2)) {
        fixture_close(t, &f);
        return;
    }
    CHECK_ERR(t, as_map_page(f.as, 0x1000, 0x80200000, 0, fl), PT_ERR_OUT_OF_FRAMES);
    CHECK_EQ(t, pool_free_count(f.pool), 1);
    CHECK_EQ(t, as_table_count(f.as), 1);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80000000, 8), 0);
    /* But a 2 MiB page needs only one. */
    CHECK_ERR(t, as_map_page(f.as, 0x200000, 0x80200000, 1, fl), PT_OK);
    CHECK_EQ(t, pool_free_count(f.pool), 0);
    fixture_close(t, &f);
}

/* Unaligned va or pa for the page size. */
static void test_err_unaligned_superpage(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV32, 1, 0x80010000, 16)) {
        fixture_close(t, &f);
        return;
    }
    uint64_t fl = PTE_R | PTE_A;
    CHECK_ERR(t, as_map_page(f.as, 0x00401000, 0x80400000, 1, fl), PT_ERR_UNALIGNED_VA);
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80401000, 1, fl), PT_ERR_UNALIGNED_PA);
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80200000, 1, fl), PT_ERR_UNALIGNED_PA);
    CHECK_ERR(t, as_map_page(f.as, 0x00400800, 0x80200000, 0, fl), PT_ERR_UNALIGNED_VA);
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80200004, 0, fl), PT_ERR_UNALIGNED_PA);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80010004, 4), 0);
    CHECK_EQ(t, pool_free_count(f.pool), 15);
    fixture_close(t, &f);
}

/* PA wider than the mode allows: 34 bits in Sv32, 56 bits in RV64. */
static void test_err_pa_too_wide(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV32, 1, 0x80010000, 16)) {
        fixture_close(t, &f);
        return;
    }
    uint64_t fl = PTE_R | PTE_A;
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x400000000ull, 0, fl), PT_ERR_PA_TOO_WIDE);
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x400400000ull, 1, fl), PT_ERR_PA_TOO_WIDE);
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x3fffff000ull, 0, fl), PT_OK);  /* the highest frame */
    /* 0x3fffff<<10 = 0xfffffc00 | A R V (0x43) = 0xfffffc43. */
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80011000, 4), 0xfffffc43);
    fixture_close(t, &f);

    if (!fixture_open(t, &f, RVMMU_MODE_SV39, 1, 0x80000000, 16)) {
        fixture_close(t, &f);
        return;
    }
    CHECK_ERR(t, as_map_page(f.as, 0x1000, 1ull << 56, 0, fl), PT_ERR_PA_TOO_WIDE);
    CHECK_ERR(t, as_map_page(f.as, 0x1000, 0xfffffffffff000ull, 0, fl), PT_OK);
    fixture_close(t, &f);

    /* A pool beyond 34 bits cannot hold Sv32 tables. */
    test_mem m;
    tmem_init(&m, 0, 1ull << 40);
    pt_mem it = mem_iface(&m);
    int err;
    pt_pool *pool = pool_create(0x400000000ull, 4 * PT_FRAME_SIZE, &it, &err);
    CHECK(t, as_create(RVMMU_MODE_SV32, 0, pool, &it, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_PA_TOO_WIDE);
    pt_as *as = as_create(RVMMU_MODE_SV39, 0, pool, &it, &err);
    CHECK_ERR(t, err, PT_OK);
    as_destroy(as);
    pool_destroy(pool);
    tmem_free(&m);
}

/* VA too wide (Sv32) or not canonical (RV64). */
static void test_err_va_invalid(tctx *t)
{
    fixture f;
    uint64_t fl = PTE_R | PTE_A;
    if (fixture_open(t, &f, RVMMU_MODE_SV32, 1, 0x80010000, 16)) {
        CHECK_ERR(t, as_map_page(f.as, 0x100000000ull, 0x80200000, 0, fl), PT_ERR_VA_INVALID);
        CHECK_ERR(t, as_lookup(f.as, 0xffffffff80000000ull, NULL, NULL), PT_ERR_VA_INVALID);
        CHECK_ERR(t, as_map_page(f.as, 0xfffff000, 0x80200000, 0, fl), PT_OK);
    }
    fixture_close(t, &f);
    unsigned modes[3] = { RVMMU_MODE_SV39, RVMMU_MODE_SV48, RVMMU_MODE_SV57 };
    unsigned bits[3] = { 39, 48, 57 };
    for (int i = 0; i < 3; i++) {
        if (!fixture_open(t, &f, modes[i], 1, 0x80000000, 64)) {
            fixture_close(t, &f);
            continue;
        }
        uint64_t top = 1ull << (bits[i] - 1);              /* the sign bit */
        CHECK_ERR(t, as_map_page(f.as, top, 0x80200000, 0, fl), PT_ERR_VA_INVALID);
        CHECK_ERR(t, as_map_page(f.as, top << 1, 0x80200000, 0, fl), PT_ERR_VA_INVALID);
        CHECK_ERR(t, as_map_page(f.as, ~(top - 1) & ~(top << 1), 0x80200000, 0, fl), PT_ERR_VA_INVALID);
        CHECK_ERR(t, as_map_page(f.as, ~(top - 1), 0x80200000, 0, fl), PT_OK);  /* lowest negative va */
        CHECK_ERR(t, as_map_page(f.as, top - 0x1000, 0x80200000, 0, fl), PT_OK); /* highest positive page */
        CHECK(t, !pt_va_valid(modes[i], top));
        CHECK(t, pt_va_valid(modes[i], ~0ull));
        fixture_close(t, &f);
    }
}

/* Unknown mode, level, ASID, flags; every code has its own message. */
static void test_err_mode_level_flags_asid(tctx *t)
{
    test_mem m;
    tmem_init(&m, 0x80000000ull, 0x90000000ull);
    pt_mem it = mem_iface(&m);
    int err;
    pt_pool *pool = pool_create(0x80000000, 8 * PT_FRAME_SIZE, &it, &err);
    unsigned bad_modes[4] = { RVMMU_MODE_BARE, 2, 11, 0xffffffffu };
    for (int i = 0; i < 4; i++) {
        CHECK(t, as_create(bad_modes[i], 0, pool, &it, &err) == NULL);
        CHECK_ERR(t, err, PT_ERR_BAD_MODE);
    }
    CHECK(t, as_create(RVMMU_MODE_SV32, 512, pool, &it, &err) == NULL);   /* 9-bit ASID */
    CHECK_ERR(t, err, PT_ERR_BAD_ASID);
    CHECK(t, as_create(RVMMU_MODE_SV39, 0x10000, pool, &it, &err) == NULL); /* 16-bit ASID */
    CHECK_ERR(t, err, PT_ERR_BAD_ASID);
    CHECK(t, as_create(RVMMU_MODE_SV39, 1, NULL, &it, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_NULL);
    CHECK_EQ(t, pool_free_count(pool), 8);
    pt_as *as = as_create(RVMMU_MODE_SV32, 511, pool, &it, &err);
    CHECK_ERR(t, err, PT_OK);
    if (as) {
        CHECK_ERR(t, as_map_page(as, 0, 0x80200000, 2, PTE_R), PT_ERR_BAD_LEVEL);
        CHECK_ERR(t, as_map_page(as, 0, 0x80200000, -1, PTE_R), PT_ERR_BAD_LEVEL);
        CHECK_ERR(t, as_map_page(as, 0, 0x80200000, 0, 0), PT_ERR_BAD_FLAGS);              /* a pointer */
        CHECK_ERR(t, as_map_page(as, 0, 0x80200000, 0, PTE_W), PT_ERR_BAD_FLAGS);          /* reserved */
        CHECK_ERR(t, as_map_page(as, 0, 0x80200000, 0, PTE_W | PTE_X), PT_ERR_BAD_FLAGS);  /* reserved */
        CHECK_ERR(t, as_map_page(as, 0, 0x80200000, 0, PTE_R | (1ull << 10)), PT_ERR_BAD_FLAGS);
        CHECK_ERR(t, as_map_page(as, 0, 0x80200000, 0, PTE_R | PTE_PBMT(RVMMU_PBMT_IO)), PT_ERR_BAD_FLAGS);
        CHECK_ERR(t, as_map_page(as, 0, 0x80200000, 0, PTE_R | PTE_N), PT_ERR_BAD_FLAGS);
        CHECK_ERR(t, as_map_page(as, 0, 0x80200000, 0, PTE_V | PTE_R), PT_OK);            /* V is implied */
        CHECK_EQ(t, as_satp(as), 0x80000000ull | (511ull << 22) | 0x80000);
        CHECK_ERR(t, as_destroy(as), PT_OK);
    }
    /* Distinct, non-empty messages for every code. */
    for (int a = PT_ERR_NULL; a <= PT_OK; a++) {
        CHECK(t, pt_strerror(a) && pt_strerror(a)[0]);
        for (int b = PT_ERR_NULL; b < a; b++)
            CHECK(t, strcmp(pt_strerror(a), pt_strerror(b)) != 0);
    }
    CHECK(t, strcmp(pt_strerror(12345), "unknown error") == 0);
    pool_destroy(pool);
    tmem_free(&m);
}

/* The pool: lowest frame first, zeroing, double free, foreign addresses, memory errors. */
static void test_pool_and_double_free(tctx *t)
{
    test_mem m;
    tmem_init(&m, 0x80000000ull, 0x80004000ull);   /* 4 frames of RAM */
    pt_mem it = mem_iface(&m);
    int err;
    CHECK(t, pool_create(0x80000800, 0x1000, &it, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_BAD_RANGE);
    CHECK(t, pool_create(0x80000000, 0, &it, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_BAD_RANGE);
    CHECK(t, pool_create(0xfffffffffffff000ull, 0x2000, &it, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_BAD_RANGE);
    CHECK(t, pool_create(0x80000000, 0x1000, NULL, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_NULL);
    /* A pool of 6 frames, the last two outside the memory window. */
    pt_pool *pool = pool_create(0x80000000, 6 * PT_FRAME_SIZE, &it, &err);
    CHECK_ERR(t, err, PT_OK);
    if (!pool) {
        tmem_free(&m);
        return;
    }
    CHECK_EQ(t, pool_base(pool), 0x80000000);
    tmem_write(&m, 0x80001008, 4, 0x12345678);
    uint64_t f[4] = { 0 };
    for (int i = 0; i < 4; i++)
        CHECK_ERR(t, pool_alloc_frame(pool, &f[i]), PT_OK);
    CHECK_EQ(t, f[0], 0x80000000);
    CHECK_EQ(t, f[1], 0x80001000);
    CHECK_EQ(t, f[3], 0x80003000);
    CHECK_EQ(t, tmem_peek(&m, 0x80001008, 4), 0);                   /* zeroed */
    uint64_t x = 0;
    CHECK_ERR(t, pool_alloc_frame(pool, &x), PT_ERR_MEM);      /* cannot zero 0x80004000 */
    CHECK_EQ(t, pool_free_count(pool), 2);
    CHECK(t, !pool_frame_allocated(pool, 0x80004000));
    CHECK_ERR(t, pool_free_frame(pool, f[1]), PT_OK);
    CHECK_ERR(t, pool_free_frame(pool, f[1]), PT_ERR_DOUBLE_FREE);
    CHECK_ERR(t, pool_free_frame(pool, 0x80004000), PT_ERR_DOUBLE_FREE);  /* never allocated */
    CHECK_ERR(t, pool_free_frame(pool, 0x80000800), PT_ERR_NOT_IN_POOL);
    CHECK_ERR(t, pool_free_frame(pool, 0x80006000), PT_ERR_NOT_IN_POOL);
    CHECK_ERR(t, pool_free_frame(pool, 0x7ffff000), PT_ERR_NOT_IN_POOL);
    CHECK_ERR(t, pool_alloc_frame(pool, &x), PT_OK);           /* lowest free again */
    CHECK_EQ(t, x, 0x80001000);
    CHECK_ERR(t, pool_free_frame(pool, f[0]), PT_OK);
    CHECK_ERR(t, pool_free_frame(pool, f[2]), PT_OK);
    CHECK_ERR(t, pool_free_frame(pool, f[3]), PT_OK);
    CHECK_ERR(t, pool_free_frame(pool, x), PT_OK);
    CHECK_EQ(t, pool_free_count(pool), 6);
    CHECK_EQ(t, pool_frame_count(pool), 6);
    pool_destroy(pool);
    pool_destroy(NULL);
    tmem_free(&m);
}

/* A memory error while walking is reported, not ignored. */
static void test_err_memory(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV32, 1, 0x80010000, 16)) {
        fixture_close(t, &f);
        return;
    }
    f.mem.bad_pa = 0x80010004;          /* the L1 slot of va 0x00400000 */
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80200000, 0, PTE_R | PTE_A), PT_ERR_MEM);
    CHECK_ERR(t, as_lookup(f.as, 0x00400000, NULL, NULL), PT_ERR_MEM);
    CHECK_EQ(t, pool_free_count(f.pool), 15);
    f.mem.bad_pa = 0;
    CHECK_ERR(t, as_map_page(f.as, 0x00400000, 0x80200000, 0, PTE_R | PTE_A), PT_OK);
    fixture_close(t, &f);
}

/* as_destroy gives every table back, the root included. */
static void test_destroy_frees_tables(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV48, 3, 0x80000000, 64)) {
        fixture_close(t, &f);
        return;
    }
    uint64_t fl = PTE_R | PTE_A;
    CHECK_ERR(t, as_map_page(f.as, 0x1000, 0x80200000, 0, fl), PT_OK);                 /* +3 tables */
    CHECK_ERR(t, as_map_page(f.as, 0x0000700000000000ull, 0x80200000, 0, fl), PT_OK);  /* +3 */
    CHECK_ERR(t, as_map_page(f.as, 0x0000700000200000ull, 0x80200000, 1, fl), PT_OK);  /* +0 */
    CHECK_EQ(t, as_table_count(f.as), 7);
    CHECK_EQ(t, pool_free_count(f.pool), 64 - 7);
    CHECK_ERR(t, as_destroy(f.as), PT_OK);
    f.as = NULL;
    CHECK_EQ(t, pool_free_count(f.pool), 64);
    /* Freeing a table behind the library's back is caught at destroy. */
    int err;
    pt_as *as = as_create(RVMMU_MODE_SV39, 0, f.pool, &f.iface, &err);
    if (as) {
        CHECK_ERR(t, pool_free_frame(f.pool, as_satp_ppn(as) << 12), PT_OK);
        CHECK_ERR(t, as_destroy(as), PT_ERR_DOUBLE_FREE);
    }
    fixture_close(t, &f);
}

/* Sv39 4 KiB page through three levels. */
static void test_sv39_4k(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV39, 0x1234, 0x80000000, 16)) {
        fixture_close(t, &f);
        return;
    }
    /* satp: MODE 8 <<60 | ASID 0x1234 <<44 | PPN 0x80000. */
    CHECK_EQ(t, as_satp(f.as), 0x8123400000080000ull);
    /* va 0x40203000: VPN[2]=1, VPN[1]=1, VPN[0]=3 -> pa 0x90000000, R W A D.
     * Tables: root 0x80000000, L1 0x80001000, L0 0x80002000.
     * Root slot 0x80000008 = 0x80001<<10 | V = 0x20000401.
     * L1 slot 0x80001008 = 0x80002<<10 | V = 0x20000801.
     * L0 slot 0x80002018 = 0x90000<<10 = 0x24000000 | D A W R V (0xc7) = 0x240000c7. */
    CHECK_ERR(t, as_map_page(f.as, 0x40203000, 0x90000000, 0, PTE_R | PTE_W | PTE_A | PTE_D), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80000008, 8), 0x20000401);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80001008, 8), 0x20000801);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80002018, 8), 0x240000c7);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80002010, 8), 0);
    CHECK_EQ(t, as_table_count(f.as), 3);
    uint64_t pa = 0, pte = 0;
    int level = -1;
    CHECK_ERR(t, as_translate(f.as, 0x40203fff, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x90000fff);
    CHECK_ERR(t, as_lookup(f.as, 0x40203000, &pte, &level), PT_OK);
    CHECK_EQ(t, pte, 0x240000c7);
    CHECK_EQ(t, level, 0);
    /* Negative (kernel) half: va 0xffffffffc0001000: VPN[2]=0x1ff, VPN[1]=0, VPN[0]=1.
     * Tables L1 0x80003000, L0 0x80004000. Root slot 0x80000ff8 = 0x20000c01,
     * L1 slot 0x80003000 = 0x20001001, L0 slot 0x80004008 = 0x80200<<10 | G X R A V (0x6b) = 0x2008006b. */
    CHECK_ERR(t, as_map_page(f.as, 0xffffffffc0001000ull, 0x80200000, 0, PTE_R | PTE_X | PTE_G | PTE_A), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80000ff8, 8), 0x20000c01);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80003000, 8), 0x20001001);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80004008, 8), 0x2008006b);
    fixture_close(t, &f);
}

/* Sv39 2 MiB megapage. */
static void test_sv39_2m(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV39, 1, 0x80000000, 16)) {
        fixture_close(t, &f);
        return;
    }
    /* va 0x80200000: VPN[2]=2, VPN[1]=1 -> pa 0x80600000, R W X G A D.
     * Root slot 0x80000010 = pointer to 0x80001000 = 0x20000401.
     * L1 slot 0x80001008 = 0x80600<<10 = 0x20180000 | 0xef = 0x201800ef. */
    uint64_t fl = PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D;
    CHECK_ERR(t, as_map_page(f.as, 0x80200000, 0x80601000, 1, fl), PT_ERR_UNALIGNED_PA);
    CHECK_ERR(t, as_map_page(f.as, 0x80201000, 0x80600000, 1, fl), PT_ERR_UNALIGNED_VA);
    CHECK_ERR(t, as_map_page(f.as, 0x80200000, 0x80600000, 1, fl), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80000010, 8), 0x20000401);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80001008, 8), 0x201800ef);
    CHECK_EQ(t, pool_free_count(f.pool), 14);
    uint64_t pa = 0;
    int level = -1;
    CHECK_ERR(t, as_translate(f.as, 0x80212345, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x80612345);
    CHECK_ERR(t, as_lookup(f.as, 0x803fffff, NULL, &level), PT_OK);
    CHECK_EQ(t, level, 1);
    CHECK_EQ(t, pt_page_size(RVMMU_MODE_SV39, 1), 0x200000);
    fixture_close(t, &f);
}

/* Sv39 1 GiB gigapage in the root. */
static void test_sv39_1g(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV39, 1, 0x80000000, 16)) {
        fixture_close(t, &f);
        return;
    }
    /* va 0xffffffffc0000000: VPN[2]=0x1ff -> pa 0x1_4000_0000, R W A D.
     * Root slot 0x80000ff8 = 0x140000<<10 = 0x50000000 | 0xc7 = 0x500000c7. */
    uint64_t fl = PTE_R | PTE_W | PTE_A | PTE_D;
    CHECK_ERR(t, as_map_page(f.as, 0xffffffffc0000000ull, 0x140200000ull, 2, fl), PT_ERR_UNALIGNED_PA);
    CHECK_ERR(t, as_map_page(f.as, 0xffffffffc0000000ull, 0x140000000ull, 2, fl), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80000ff8, 8), 0x500000c7);
    CHECK_EQ(t, pool_free_count(f.pool), 15);
    uint64_t pa = 0;
    CHECK_ERR(t, as_translate(f.as, 0xffffffffc1234567ull, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x141234567ull);
    CHECK_ERR(t, as_map_page(f.as, 0xffffffffc0200000ull, 0x80000000, 1, fl), PT_ERR_SUPERPAGE_EXISTS);
    CHECK_ERR(t, as_map_page(f.as, 0xffffffffc0000000ull, 0x80000000, 3, fl), PT_ERR_BAD_LEVEL);
    fixture_close(t, &f);
}

/* Sv48: four levels, and a 512 GiB page. */
static void test_sv48(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV48, 7, 0x80000000, 16)) {
        fixture_close(t, &f);
        return;
    }
    CHECK_EQ(t, as_satp(f.as), 0x9000700000080000ull);   /* 9<<60 | 7<<44 (0x700000000000) | 0x80000 */
    /* va 0x00007ffffffff000: VPN[3]=0xff, VPN[2]=VPN[1]=VPN[0]=0x1ff -> pa 0x12_3456_7000, R U A.
     * Tables root 0x80000000, L2 0x80001000, L1 0x80002000, L0 0x80003000.
     * Root slot 0x800007f8 = 0x20000401; L2 slot 0x80001ff8 = 0x20000801;
     * L1 slot 0x80002ff8 = 0x20000c01; L0 slot 0x80003ff8 = 0x1234567<<10 = 0x48d159c00 | 0x53. */
    CHECK_ERR(t, as_map_page(f.as, 0x00007ffffffff000ull, 0x1234567000ull, 0, PTE_R | PTE_U | PTE_A), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x800007f8, 8), 0x20000401);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80001ff8, 8), 0x20000801);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80002ff8, 8), 0x20000c01);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80003ff8, 8), 0x48d159c53ull);
    /* 512 GiB page: va 0xffff800000000000 (VPN[3]=0x100) -> pa 0x8000_0000_0000 (2^47), R X A.
     * Root slot 0x80000800 = 2^35<<10 = 0x200000000000 | 0x4b. */
    CHECK_ERR(t, as_map_page(f.as, 0xffff800000000000ull, 0x800000000000ull, 3, PTE_R | PTE_X | PTE_A), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80000800, 8), 0x20000000004bull);
    uint64_t pa = 0;
    CHECK_ERR(t, as_translate(f.as, 0xffff8012345678abull, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x8012345678abull);
    CHECK_ERR(t, as_translate(f.as, 0x00007fffffffffffull, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x1234567fffull);
    CHECK_EQ(t, pt_page_size(RVMMU_MODE_SV48, 3), 1ull << 39);
    fixture_close(t, &f);
}

/* Sv57: five levels, and a 256 TiB page. */
static void test_sv57(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV57, 0xffff, 0x80000000, 16)) {
        fixture_close(t, &f);
        return;
    }
    CHECK_EQ(t, as_satp(f.as), 0xafffF00000080000ull);   /* 10<<60 | 0xffff<<44 | 0x80000 */
    /* va 0xff00000000000000: VPN[4]=0x100, others 0 -> pa 0xff_ffff_ffff_f000 (the top frame), R W A D.
     * Tables root 0x80000000, L3 0x80001000, L2 0x80002000, L1 0x80003000, L0 0x80004000.
     * Root slot 0x80000800 = 0x20000401; L3 slot 0x80001000 = 0x20000801;
     * L2 slot 0x80002000 = 0x20000c01; L1 slot 0x80003000 = 0x20001001;
     * L0 slot 0x80004000 = 0xfffffffffff<<10 = 0x3ffffffffffc00 | 0xc7 = 0x3ffffffffffcc7. */
    CHECK_ERR(t, as_map_page(f.as, 0xff00000000000000ull, 0xfffffffffff000ull, 0, PTE_R | PTE_W | PTE_A | PTE_D), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80000800, 8), 0x20000401);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80001000, 8), 0x20000801);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80002000, 8), 0x20000c01);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80003000, 8), 0x20001001);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80004000, 8), 0x3ffffffffffcc7ull);
    /* 256 TiB page: va 0 (VPN[4]=0) -> pa 2^48, R A. Root slot 0x80000000 = 2^36<<10 = 0x400000000000 | 0x43. */
    CHECK_ERR(t, as_map_page(f.as, 0, 1ull << 48, 4, PTE_R | PTE_A), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80000000, 8), 0x400000000043ull);
    uint64_t pa = 0;
    CHECK_ERR(t, as_translate(f.as, 0x0000abcdef012345ull, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x0001abcdef012345ull);
    CHECK_ERR(t, as_translate(f.as, 0xff00000000000123ull, &pa), PT_OK);
    CHECK_EQ(t, pa, 0xfffffffffff123ull);
    CHECK_ERR(t, as_map_page(f.as, 0x0100000000000000ull, 0x80000000, 0, PTE_R), PT_ERR_VA_INVALID);
    fixture_close(t, &f);
}

/* Svnapot 64 KiB page: 16 identical PTEs with ppn[3:0] = 1000 and N set. */
static void test_napot_64k(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV39, 1, 0x80000000, 16)) {
        fixture_close(t, &f);
        return;
    }
    uint64_t fl = PTE_R | PTE_W | PTE_A | PTE_D | PTE_N;
    CHECK_ERR(t, as_map_page(f.as, 0x11000, 0x80120000, 0, fl), PT_ERR_UNALIGNED_VA);
    CHECK_ERR(t, as_map_page(f.as, 0x10000, 0x80121000, 0, fl), PT_ERR_UNALIGNED_PA);
    CHECK_ERR(t, as_map_page(f.as, 0x200000, 0x80200000, 1, fl), PT_ERR_BAD_FLAGS);  /* N only at level 0 */
    /* va 0x10000: VPN[2]=0, VPN[1]=0, VPN[0]=0x10..0x1f -> pa 0x80120000.
     * Tables L1 0x80001000, L0 0x80002000; L0 slots 0x80002080..0x800020f8.
     * PPN 0x80120 with ppn[3:0] := 1000 -> 0x80128; 0x80128<<10 = 0x2004a000;
     * | N (bit 63) | 0xc7 -> 0x800000002004a0c7 in each of the 16 slots. */
    CHECK_ERR(t, as_map_page(f.as, 0x10000, 0x80120000, 0, fl), PT_OK);
    for (uint64_t s = 0x80002080; s < 0x80002100; s += 8)
        CHECK_EQ(t, tmem_peek(&f.mem, s, 8), 0x800000002004a0c7ull);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80002078, 8), 0);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80002100, 8), 0);
    uint64_t pa = 0, pte = 0;
    int level = -1;
    CHECK_ERR(t, as_translate(f.as, 0x13abc, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x80123abc);
    CHECK_ERR(t, as_lookup(f.as, 0x1f000, &pte, &level), PT_OK);
    CHECK_EQ(t, level, 0);
    CHECK(t, pte_is_napot(RVMMU_MODE_SV39, pte));
    CHECK(t, !pte_is_napot(RVMMU_MODE_SV32, pte));
    /* Any page inside is taken; an overlapping NAPOT page too. */
    CHECK_ERR(t, as_map_page(f.as, 0x15000, 0x80300000, 0, PTE_R | PTE_A), PT_ERR_ALREADY_MAPPED);
    CHECK_ERR(t, as_map_page(f.as, 0x2f000, 0x80300000, 0, PTE_R | PTE_A), PT_OK);
    CHECK_ERR(t, as_map_page(f.as, 0x20000, 0x80130000, 0, fl), PT_ERR_ALREADY_MAPPED);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80002100, 8), 0);
    /* Protect rewrites all 16: 0x2004a000 | A R V (0x43) | N = 0x800000002004a043. */
    CHECK_ERR(t, as_protect(f.as, 0x15000, PTE_R | PTE_A), PT_OK);
    for (uint64_t s = 0x80002080; s < 0x80002100; s += 8)
        CHECK_EQ(t, tmem_peek(&f.mem, s, 8), 0x800000002004a043ull);
    CHECK_ERR(t, as_protect(f.as, 0x2f000, PTE_R | PTE_A | PTE_N), PT_ERR_BAD_FLAGS);
    /* Unmap clears all 16. */
    CHECK_ERR(t, as_unmap(f.as, 0x1f000), PT_OK);
    for (uint64_t s = 0x80002080; s < 0x80002100; s += 8)
        CHECK_EQ(t, tmem_peek(&f.mem, s, 8), 0);
    CHECK_ERR(t, as_share(f.as, 0x40000, f.as, 0x2f000, PTE_R | PTE_N), PT_ERR_BAD_FLAGS);
    fixture_close(t, &f);
}

/* Svpbmt: bits 62:61 of the leaf; reserved value 3 and Sv32 refused. */
static void test_pbmt(tctx *t)
{
    fixture f;
    if (!fixture_open(t, &f, RVMMU_MODE_SV39, 1, 0x80000000, 16)) {
        fixture_close(t, &f);
        return;
    }
    uint64_t fl = PTE_R | PTE_W | PTE_A | PTE_D;
    /* va 0x1000 (VPN[0]=1) -> pa 0x10000000 IO. L0 table 0x80002000, slot 0x80002008:
     * 2<<61 = 0x4000000000000000 | 0x10000<<10 = 0x4000000 | 0xc7. */
    CHECK_ERR(t, as_map_page(f.as, 0x1000, 0x10000000, 0, fl | PTE_PBMT(RVMMU_PBMT_IO)), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80002008, 8), 0x40000000040000c7ull);
    /* va 0x2000 -> pa 0x80400000 NC: 1<<61 | 0x80400<<10 = 0x20100000 | 0xc7. */
    CHECK_ERR(t, as_map_page(f.as, 0x2000, 0x80400000, 0, fl | PTE_PBMT(RVMMU_PBMT_NC)), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80002010, 8), 0x20000000201000c7ull);
    /* The pointers carry no PBMT. */
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80000000, 8), 0x20000401);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80001000, 8), 0x20000801);
    CHECK_ERR(t, as_map_page(f.as, 0x3000, 0x80400000, 0, fl | PTE_PBMT(3)), PT_ERR_BAD_FLAGS);
    CHECK_ERR(t, as_map_page(f.as, 0x3000, 0x80400000, 0, fl | (1ull << 54)), PT_ERR_BAD_FLAGS);  /* reserved */
    /* PBMT on a superpage, NAPOT with PBMT. */
    CHECK_ERR(t, as_map_page(f.as, 0x40000000, 0x40000000, 2, PTE_R | PTE_A | PTE_PBMT(RVMMU_PBMT_IO)), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80000008, 8), 0x4000000010000043ull);  /* 0x40000<<10 = 0x10000000 */
    /* Protect can change the PBMT. */
    CHECK_ERR(t, as_protect(f.as, 0x1000, fl), PT_OK);
    CHECK_EQ(t, tmem_peek(&f.mem, 0x80002008, 8), 0x40000c7);
    uint64_t pte = 0;
    CHECK_ERR(t, as_lookup(f.as, 0x2000, &pte, NULL), PT_OK);
    CHECK_EQ(t, (pte & PTE_PBMT_MASK) >> PTE_PBMT_SHIFT, RVMMU_PBMT_NC);
    fixture_close(t, &f);
}

/* The encoding helpers. */
/* pt_satp: the satp layouts of the privileged spec ("Supervisor Address
 * Translation and Protection (satp) Register"): RV32 MODE[31] ASID[30:22]
 * PPN[21:0] (MODE 1 = Sv32, 0 = Bare); RV64 MODE[63:60] ASID[59:44] PPN[43:0]
 * (0 Bare, 8 Sv39, 9 Sv48, 10 Sv57). */
static void test_satp_layouts(tctx *t)
{
    CHECK_EQ(t, pt_satp(32, RVMMU_MODE_SV32, 5, 0x80010), 0x81480010);
    CHECK_EQ(t, pt_satp(32, RVMMU_MODE_SV32, 0x1ff, 0x3fffff), 0xffffffff);
    CHECK_EQ(t, pt_satp(32, RVMMU_MODE_SV32, 0x3ff, 0x7fffff), 0xffffffff);       /* fields truncated */
    /* RV32 Bare: MODE clear, ASID and PPN kept (WARL). */
    CHECK_EQ(t, pt_satp(32, RVMMU_MODE_BARE, 0x1ff, 0x3fffff), 0x7fffffff);
    CHECK_EQ(t, pt_satp(32, RVMMU_MODE_BARE, 1, 2), 0x00400002);
    CHECK_EQ(t, pt_satp(64, RVMMU_MODE_SV39, 7, 0x80000), 0x8000700000080000ull);
    CHECK_EQ(t, pt_satp(64, RVMMU_MODE_SV48, 0x123, 0x80000), 0x9012300000080000ull);
    CHECK_EQ(t, pt_satp(64, RVMMU_MODE_SV57, 0xffff, 0xfffffffffffull), 0xafffffffffffffffull);
    CHECK_EQ(t, pt_satp(64, RVMMU_MODE_SV57, 0x1ffff, 0x1fffffffffffull), 0xafffffffffffffffull);
    /* RV64 Bare: MODE 0, ASID and PPN kept. */
    CHECK_EQ(t, pt_satp(64, RVMMU_MODE_BARE, 3, 0x1000), 0x0000300000001000ull);
}

static void test_pte_helpers(tctx *t)
{
    CHECK_EQ(t, pte_make_pointer(RVMMU_MODE_SV32, 0x80011), 0x20004401);
    CHECK_EQ(t, pte_make_leaf(RVMMU_MODE_SV32, 0x80200, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D), 0x200800d7);
    CHECK_EQ(t, pte_make_leaf(RVMMU_MODE_SV32, 0x3fffff, PTE_R | PTE_RSW(3)), 0xfffffF03);
    CHECK_EQ(t, pte_make_leaf(RVMMU_MODE_SV32, 0x80200, PTE_R | PTE_PBMT(2)), 0x20080003);  /* no PBMT in Sv32 */
    CHECK_EQ(t, pte_make_leaf(RVMMU_MODE_SV39, 0x80128, PTE_R | PTE_N), 0x800000002004a003ull);
    CHECK_EQ(t, pte_ppn(RVMMU_MODE_SV32, 0xfffffc43), 0x3fffff);
    CHECK_EQ(t, pte_ppn(RVMMU_MODE_SV39, 0xffffffffffffffffull), 0xfffffffffffull);
    CHECK_EQ(t, pte_flags(RVMMU_MODE_SV39, 0x40000000040000c7ull), 0x40000000000000c6ull);
    CHECK(t, pte_is_pointer(0x20004401) && !pte_is_leaf(0x20004401));
    CHECK(t, pte_is_leaf(0x200800d7) && !pte_is_pointer(0x200800d7));
    CHECK(t, !pte_is_valid(0x200800d6));
    CHECK_EQ(t, pt_mode_levels(RVMMU_MODE_SV57), 5);
    CHECK_EQ(t, pt_mode_pte_bytes(RVMMU_MODE_SV32), 4);
    CHECK_EQ(t, pt_mode_pte_bytes(RVMMU_MODE_SV48), 8);
    CHECK_EQ(t, pt_mode_va_bits(RVMMU_MODE_SV48), 48);
    CHECK_EQ(t, pt_mode_pa_bits(RVMMU_MODE_SV32), 34);
    CHECK_EQ(t, pt_mode_pa_bits(RVMMU_MODE_SV57), 56);
    /* the geometry the generator uses (privileged spec: Sv32 VPN 10 bits, PPN 22,
     * ASID 9; RV64 VPN 9 bits, PPN 44, ASID 16; Svnapot 64 KiB) */
    CHECK_EQ(t, pt_mode_xlen(RVMMU_MODE_SV32), 32);
    CHECK_EQ(t, pt_mode_xlen(RVMMU_MODE_SV57), 64);
    CHECK_EQ(t, pt_mode_word_mask(RVMMU_MODE_SV32), 0xffffffffull);
    CHECK_EQ(t, pt_mode_word_mask(RVMMU_MODE_SV39), ~0ull);
    CHECK_EQ(t, pt_mode_vpn_bits(RVMMU_MODE_SV32), 10);
    CHECK_EQ(t, pt_mode_vpn_bits(RVMMU_MODE_SV48), 9);
    CHECK_EQ(t, pt_mode_ppn_bits(RVMMU_MODE_SV32), 22);
    CHECK_EQ(t, pt_mode_ppn_bits(RVMMU_MODE_SV39), 44);
    CHECK_EQ(t, pt_mode_asid_bits(RVMMU_MODE_SV32), 9);
    CHECK_EQ(t, pt_mode_asid_bits(RVMMU_MODE_SV57), 16);
    CHECK_EQ(t, pt_mode_xlen(RVMMU_MODE_BARE) + pt_mode_vpn_bits(RVMMU_MODE_BARE) + pt_mode_ppn_bits(RVMMU_MODE_BARE)
                    + pt_mode_asid_bits(RVMMU_MODE_BARE), 0);
    CHECK_EQ(t, pt_va_canon(RVMMU_MODE_SV32, 0x123456789ull), 0x23456789ull);
    CHECK_EQ(t, pt_va_canon(RVMMU_MODE_SV39, 0x4000000000ull), 0xffffffc000000000ull);
    CHECK_EQ(t, pt_va_canon(RVMMU_MODE_SV39, 0xff00003fffffffffull), 0x3fffffffffull);
    CHECK_EQ(t, pt_va_canon(RVMMU_MODE_SV57, 0x0100000000000000ull), 0xff00000000000000ull);
    CHECK_EQ(t, pt_va_canon(RVMMU_MODE_BARE, 0x1234), 0);
    CHECK_EQ(t, PT_NAPOT_SIZE, 0x10000);
    CHECK_EQ(t, PT_FRAME_SIZE, 1u << PT_PAGE_SHIFT);
    CHECK_EQ(t, pt_page_size(RVMMU_MODE_SV57, 4), 1ull << 48);
    CHECK_EQ(t, pt_page_size(RVMMU_MODE_SV32, 2), 0);
    CHECK(t, !pt_mode_valid(RVMMU_MODE_BARE));
    CHECK_ERR(t, pte_check_leaf_flags(RVMMU_MODE_SV39, 0, PTE_X), PT_OK);
    CHECK_ERR(t, pte_check_leaf_flags(RVMMU_MODE_BARE, 0, PTE_X), PT_ERR_BAD_MODE);
}

#ifdef TEST_SW_WITH_REF
/* ---- end to end through the reference model (lib/ref.c) ---- */

/* Translate through ref_translate; returns the PA, or ~0 with *cause set on a fault. */
static uint64_t ref_pa(test_mem *m, const pt_as *as, unsigned priv, uint64_t va, unsigned acc, unsigned *cause, unsigned *pbmt)
{
    ref_ctx c;
    memset(&c, 0, sizeof c);
    c.mode = as_mode(as);
    c.asid = as_asid(as);
    c.root_ppn = as_satp_ppn(as);
    c.priv = priv;
    ref_mem rm = { tmem_read, tmem_cas, m };
    ref_result r = ref_translate(&c, va, acc, &rm);
    if (cause)
        *cause = r.fault ? r.cause : 0;
    if (pbmt)
        *pbmt = r.pbmt;
    return r.fault ? ~0ull : r.pa;
}

/* Sv32 mappings made by the library translate as the reference model says. */
static void test_ref_sv32_end_to_end(tctx *t)
{
    test_mem m;
    tmem_init(&m, 0x80000000ull, 0x90000000ull);
    pt_mem it = mem_iface(&m);
    int err;
    pt_pool *pool = pool_create(0x80010000, 32 * PT_FRAME_SIZE, &it, &err);
    pt_as *a = as_create(RVMMU_MODE_SV32, 1, pool, &it, &err);
    pt_as *b = as_create(RVMMU_MODE_SV32, 2, pool, &it, &err);
    if (!a || !b) {
        CHECK(t, 0);
        goto out;
    }
    unsigned cause = 0;
    CHECK_ERR(t, as_map_page(a, 0x00400000, 0x80200000, 0, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D), PT_OK);
    CHECK_ERR(t, as_map_page(a, 0x80400000, 0x80400000, 1, PTE_R | PTE_X | PTE_G | PTE_A), PT_OK);
    CHECK_ERR(t, as_map_page(a, 0x00002000, 0x300005000ull, 0, PTE_R | PTE_W | PTE_A | PTE_D), PT_OK);
    CHECK_ERR(t, as_share(b, 0x20000000, a, 0x00400000, PTE_R | PTE_U | PTE_A), PT_OK);
    CHECK_EQ(t, ref_pa(&m, a, RVMMU_PRIV_U, 0x00400010, RVMMU_ACC_STORE, &cause, NULL), 0x80200010);
    CHECK_EQ(t, ref_pa(&m, a, RVMMU_PRIV_S, 0x80512345, RVMMU_ACC_FETCH, &cause, NULL), 0x80512345);
    CHECK_EQ(t, ref_pa(&m, a, RVMMU_PRIV_S, 0x00002abc, RVMMU_ACC_LOAD, &cause, NULL), 0x300005abcull);
    CHECK_EQ(t, ref_pa(&m, b, RVMMU_PRIV_U, 0x20000010, RVMMU_ACC_LOAD, &cause, NULL), 0x80200010);
    CHECK_EQ(t, ref_pa(&m, b, RVMMU_PRIV_U, 0x20000010, RVMMU_ACC_STORE, &cause, NULL), ~0ull);
    CHECK_EQ(t, cause, RVMMU_CAUSE_STORE_PAGE);
    CHECK_ERR(t, as_unmap(a, 0x00400000), PT_OK);
    CHECK_EQ(t, ref_pa(&m, a, RVMMU_PRIV_U, 0x00400010, RVMMU_ACC_LOAD, &cause, NULL), ~0ull);
    CHECK_EQ(t, cause, RVMMU_CAUSE_LOAD_PAGE);
    CHECK_ERR(t, as_protect(a, 0x80400000, PTE_R | PTE_A), PT_OK);
    CHECK_EQ(t, ref_pa(&m, a, RVMMU_PRIV_S, 0x80400000, RVMMU_ACC_FETCH, &cause, NULL), ~0ull);
    CHECK_EQ(t, cause, RVMMU_CAUSE_FETCH_PAGE);
out:
    if (a)
        as_destroy(a);
    if (b)
        as_destroy(b);
    pool_destroy(pool);
    tmem_free(&m);
}

/* RV64 superpages, NAPOT and PBMT through the reference model. */
static void test_ref_rv64_end_to_end(tctx *t)
{
    unsigned modes[3] = { RVMMU_MODE_SV39, RVMMU_MODE_SV48, RVMMU_MODE_SV57 };
    for (int i = 0; i < 3; i++) {
        fixture f;
        if (!fixture_open(t, &f, modes[i], 1, 0x80000000, 64)) {
            fixture_close(t, &f);
            continue;
        }
        uint64_t fl = PTE_R | PTE_W | PTE_A | PTE_D;
        unsigned cause = 0, pbmt = 0;
        CHECK_ERR(t, as_map_page(f.as, 0x40203000, 0x90000000, 0, fl), PT_OK);
        CHECK_ERR(t, as_map_page(f.as, 0x80200000, 0x80600000, 1, fl | PTE_X), PT_OK);
        CHECK_ERR(t, as_map_page(f.as, 0xffffffffc0000000ull, 0x140000000ull, 2, fl), PT_OK);
        CHECK_ERR(t, as_map_page(f.as, 0x10000, 0x80120000, 0, fl | PTE_N), PT_OK);
        CHECK_ERR(t, as_map_page(f.as, 0x1000, 0x10000000, 0, fl | PTE_PBMT(RVMMU_PBMT_IO)), PT_OK);
        CHECK_EQ(t, ref_pa(&f.mem, f.as, RVMMU_PRIV_S, 0x40203123, RVMMU_ACC_STORE, &cause, NULL), 0x90000123);
        CHECK_EQ(t, ref_pa(&f.mem, f.as, RVMMU_PRIV_S, 0x80212345, RVMMU_ACC_FETCH, &cause, NULL), 0x80612345);
        CHECK_EQ(t, ref_pa(&f.mem, f.as, RVMMU_PRIV_S, 0xffffffffc1234567ull, RVMMU_ACC_LOAD, &cause, NULL), 0x141234567ull);
        CHECK_EQ(t, ref_pa(&f.mem, f.as, RVMMU_PRIV_S, 0x13abc, RVMMU_ACC_LOAD, &cause, NULL), 0x80123abc);
        CHECK_EQ(t, ref_pa(&f.mem, f.as, RVMMU_PRIV_S, 0x1008, RVMMU_ACC_LOAD, &cause, &pbmt), 0x10000008);
        CHECK_EQ(t, pbmt, RVMMU_PBMT_IO);
        CHECK_EQ(t, ref_pa(&f.mem, f.as, RVMMU_PRIV_S, 0x40204000, RVMMU_ACC_LOAD, &cause, NULL), ~0ull);
        CHECK_EQ(t, cause, RVMMU_CAUSE_LOAD_PAGE);
        fixture_close(t, &f);
    }
}
#endif

/* ------------------------------------------------------------------ */

static const test_case cases[] = {
    { "root_table_allocation", test_root_table_allocation },
    { "sv32_map_4k", test_sv32_map_4k },
    { "sv32_megapage", test_sv32_megapage },
    { "sv32_ppn_bits_33_32", test_sv32_ppn_bits_33_32 },
    { "unmap", test_unmap },
    { "protect", test_protect },
    { "share_two_address_spaces", test_share_two_address_spaces },
    { "err_already_mapped", test_err_already_mapped },
    { "err_out_of_frames", test_err_out_of_frames },
    { "err_unaligned_superpage", test_err_unaligned_superpage },
    { "err_pa_too_wide", test_err_pa_too_wide },
    { "err_va_invalid", test_err_va_invalid },
    { "err_mode_level_flags_asid", test_err_mode_level_flags_asid },
    { "pool_and_double_free", test_pool_and_double_free },
    { "err_memory", test_err_memory },
    { "destroy_frees_tables", test_destroy_frees_tables },
    { "sv39_4k", test_sv39_4k },
    { "sv39_2m", test_sv39_2m },
    { "sv39_1g", test_sv39_1g },
    { "sv48", test_sv48 },
    { "sv57", test_sv57 },
    { "napot_64k", test_napot_64k },
    { "pbmt", test_pbmt },
    { "pte_helpers", test_pte_helpers },
    { "satp_layouts", test_satp_layouts },
#ifdef TEST_SW_WITH_REF
    { "ref_sv32_end_to_end", test_ref_sv32_end_to_end },
    { "ref_rv64_end_to_end", test_ref_rv64_end_to_end },
#endif
};

int main(void)
{
#ifdef TEST_SW_WITH_REF
    const char *note = NULL;
#else
    const char *note = "note: end-to-end cases through lib/ref.c not built (compile with -DTEST_SW_WITH_REF lib/ref.c)";
#endif
    return test_run_all(cases, sizeof cases / sizeof cases[0], note);
}
