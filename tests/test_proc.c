/* test_proc.c -- tests of the operating-system layer (sw/proc.h): processes,
 * demand paging, shared memory, shared libraries, fork with copy-on-write,
 * the page-fault policy, frame accounting, and every error path.
 *
 * Standalone: the test memory of tests/testmem.h for the callbacks, and the reference
 * model (lib/ref.c) to check that the PTEs the library writes translate as the
 * RISC-V specification says (a copy-on-write page: loads translate, stores
 * take a store page fault; after the fix the store translates to the copy).
 *
 * Build:
 *   gcc -std=c11 -Wall -Wextra -Werror -fsanitize=address,undefined -Ibuild/gen -Isw -Itb \
 *       tests/test_proc.c sw/proc.c sw/pt.c lib/ref.c -o build/test_proc && build/test_proc
 *
 * Sv32 PTE bits: V0 R1 W2 X3 U4 G5 A6 D7, RSW 9:8 (PTE_COW is bit 8), PPN from
 * bit 10. Frames come from the pool lowest first, so the expected addresses
 * below follow from the order of allocation (noted where it matters). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "ref.h"

#define TEST_STRERROR proc_strerror
#include "testcheck.h"
#include "testmem.h"

/* ------------------------------------------------------------------ */
/* Memory (tests/testmem.h): 4 KiB pages on demand inside [MEM_LO, MEM_HI). */
/* ------------------------------------------------------------------ */

#define MEM_LO 0x80000000ull
#define MEM_PAGES 4096u                    /* 16 MiB */
#define MEM_HI (MEM_LO + (uint64_t)MEM_PAGES * 4096u)

/* ------------------------------------------------------------------ */
/* The TLB hook: every SFENCE.VMA the library asks for, in order.      */
/* ------------------------------------------------------------------ */

typedef struct {
    int has_va, has_asid;
    uint64_t va;
    uint32_t asid;
} fence;

typedef struct {
    fence f[4096];
    int n;
} fence_log;

static void record_fence(void *opaque, int has_va, uint64_t va, int has_asid, uint32_t asid)
{
    fence_log *l = opaque;
    if (l->n < (int)(sizeof l->f / sizeof l->f[0])) {
        fence e = {has_va, has_asid, va, asid};
        l->f[l->n] = e;
    }
    l->n++;
}

/* Was SFENCE.VMA va=VA asid=ASID issued since index from? */
static int fenced_page(const fence_log *l, int from, uint64_t va, uint32_t asid)
{
    for (int i = from; i < l->n && i < (int)(sizeof l->f / sizeof l->f[0]); i++)
        if (l->f[i].has_va && l->f[i].has_asid && l->f[i].va == va && l->f[i].asid == asid)
            return 1;
    return 0;
}

/* Was SFENCE.VMA asid=ASID (every page) issued since index from? */
static int fenced_asid(const fence_log *l, int from, uint32_t asid)
{
    for (int i = from; i < l->n && i < (int)(sizeof l->f / sizeof l->f[0]); i++)
        if (!l->f[i].has_va && l->f[i].has_asid && l->f[i].asid == asid)
            return 1;
    return 0;
}

/* A system on a fresh memory: a pool of `frames` frames at MEM_LO. */
typedef struct {
    test_mem *mem;
    fence_log *fences;
    os_sys *os;
} fixture;

static int fx_open(tctx *t, fixture *f, unsigned mode, uint64_t frames)
{
    f->mem = calloc(1, sizeof *f->mem);
    f->fences = calloc(1, sizeof *f->fences);
    if (!f->mem || !f->fences) {
        t->failures++;
        return 0;
    }
    tmem_init(f->mem, MEM_LO, MEM_HI);
    pt_mem pm = {tmem_read, tmem_write, f->mem};
    os_tlb tlb = {record_fence, f->fences};
    int err = 1;
    f->os = os_create(mode, MEM_LO, frames * PT_FRAME_SIZE, &pm, &tlb, &err);
    CHECK_ERR(t, err, PT_OK);
    return f->os != NULL;
}

static void fx_close(fixture *f)
{
    os_destroy(f->os);
    if (f->mem)
        tmem_free(f->mem);
    free(f->mem);
    free(f->fences);
}

static proc *new_proc(tctx *t, fixture *f, const char *name, uint32_t asid)
{
    int err = 1;
    proc *p = proc_create(f->os, name, asid, &err);
    CHECK_ERR(t, err, PT_OK);
    CHECK(t, p != NULL);
    return p;
}

/* The reference model's translation of one user access of p. */
static ref_result ref_access(fixture *f, const proc *p, uint64_t va, unsigned acc)
{
    ref_ctx c = {os_mode(f->os), proc_asid(p), proc_root_ppn(p), RVMMU_PRIV_U, 0, 0, 0, NULL, 0};
    ref_mem rm = {tmem_read, tmem_cas, f->mem};
    return ref_translate(&c, va, acc, &rm);
}

/* The leaf PTE of p at va (0 if none). */
static uint64_t leaf_pte(const proc *p, uint64_t va)
{
    uint64_t pte = 0;
    return as_lookup(proc_as(p), va, &pte, NULL) == PT_OK ? pte : 0;
}

static uint64_t frames_total(const os_sys *os)
{
    os_frames s;
    os_frame_stats(os, &s);
    return s.data_frames + s.table_frames + s.free_frames;
}

/* ------------------------------------------------------------------ */
/* The system and processes.                                          */
/* ------------------------------------------------------------------ */

static void test_os_create_errors(tctx *t)
{
    test_mem mem, *m = &mem;
    tmem_init(m, MEM_LO, MEM_HI);
    pt_mem pm = {tmem_read, tmem_write, m};
    pt_mem nowrite = {tmem_read, NULL, m};
    int err = 0;
    CHECK(t, os_create(RVMMU_MODE_BARE, MEM_LO, 0x10000, &pm, NULL, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_BAD_MODE);
    CHECK(t, os_create(RVMMU_MODE_SV32, MEM_LO, 0x10000, NULL, NULL, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_NULL);
    CHECK(t, os_create(RVMMU_MODE_SV32, MEM_LO, 0x10000, &nowrite, NULL, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_NULL);
    CHECK(t, os_create(RVMMU_MODE_SV32, MEM_LO + 1, 0x10000, &pm, NULL, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_BAD_RANGE);
    CHECK(t, os_create(RVMMU_MODE_SV32, MEM_LO, 0, &pm, NULL, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_BAD_RANGE);
    os_sys *os = os_create(RVMMU_MODE_SV39, MEM_LO, 0x10000, &pm, NULL, &err);   /* no TLB hook: fine */
    CHECK_ERR(t, err, PT_OK);
    if (os) {
        CHECK_EQ(t, os_mode(os), RVMMU_MODE_SV39);
        CHECK_EQ(t, os_word_bytes(os), 8);
        CHECK_EQ(t, pool_frame_count(os_pool(os)), 16);
        CHECK_EQ(t, os_process_count(os), 0);
        CHECK(t, os_process(os, 0) == NULL);
        proc *p = proc_create(os, "x", PROC_ASID_ANY, &err);
        CHECK(t, p && proc_map_anon(p, 0x1000, 1, PROC_R | PROC_W, 0) == PT_OK);
    }
    os_destroy(os);
    os_destroy(NULL);
    tmem_free(m);
}

static void test_proc_create_asids(tctx *t)
{
    fixture f;
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 600))
        goto out;
    int err = 0;
    proc *a = new_proc(t, &f, "a", PROC_ASID_ANY);
    proc *b = new_proc(t, &f, "b", 5);
    proc *c = new_proc(t, &f, "c", PROC_ASID_ANY);
    if (!a || !b || !c)
        goto out;
    CHECK_EQ(t, proc_asid(a), 1);
    CHECK_EQ(t, proc_asid(b), 5);
    CHECK_EQ(t, proc_asid(c), 2);
    CHECK_EQ(t, proc_id(a), 0);
    CHECK_EQ(t, proc_id(c), 2);
    CHECK(t, !strcmp(proc_name(b), "b"));
    CHECK(t, proc_alive(a));
    CHECK_EQ(t, proc_root_ppn(a), MEM_LO >> 12);           /* the first frame of the pool */
    CHECK_EQ(t, proc_root_ppn(b), (MEM_LO >> 12) + 1);
    CHECK(t, os_process(f.os, 1) == b);
    CHECK(t, proc_create(f.os, "d", 5, &err) == NULL);
    CHECK_ERR(t, err, PROC_ERR_ASID_IN_USE);
    CHECK(t, proc_create(f.os, "d", 512, &err) == NULL);   /* Sv32 ASIDs are 9 bits */
    CHECK_ERR(t, err, PT_ERR_BAD_ASID);
    CHECK(t, proc_create(f.os, NULL, 9, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_NULL);
    CHECK(t, proc_create(NULL, "d", 9, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_NULL);
    CHECK(t, new_proc(t, &f, "zero", 0) != NULL);          /* ASID 0 is a legal ASID */
    /* Fill every ASID 1..511: the next automatic one fails. */
    for (int i = 3; i <= 511; i++)
        if (i != 5 && !proc_create(f.os, "many", PROC_ASID_ANY, &err)) {
            CHECK_ERR(t, err, PT_OK);
            break;
        }
    CHECK(t, proc_create(f.os, "one-too-many", PROC_ASID_ANY, &err) == NULL);
    CHECK_ERR(t, err, PROC_ERR_NO_ASID);
    /* An exited process frees its ASID. */
    CHECK_ERR(t, proc_exit(b), PT_OK);
    proc *d = new_proc(t, &f, "d", PROC_ASID_ANY);
    CHECK(t, d && proc_asid(d) == 5);
out:
    fx_close(&f);
}

/* ------------------------------------------------------------------ */
/* Private pages: map, unmap, protect.                                 */
/* ------------------------------------------------------------------ */

static void test_map_anon_sv32(tctx *t)
{
    fixture f;
    proc_page pg;
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 16))
        goto out;
    proc *p = new_proc(t, &f, "p", PROC_ASID_ANY);            /* root 0x80000000 */
    if (!p)
        goto out;
    int before = f.fences->n;
    /* Page 1 takes frame 0x80001000, its L0 table 0x80002000; page 2 frame 0x80003000. */
    CHECK_ERR(t, proc_map_anon(p, 0x00400000, 2, PROC_R | PROC_W, 0), PT_OK);
    CHECK_EQ(t, tmem_peek(f.mem, 0x80000004, 4), 0x20000801);       /* root[1] -> 0x80002: PPN<<10 | V */
    CHECK_EQ(t, tmem_peek(f.mem, 0x80002000, 4), 0x200004d7);       /* PPN 0x80001, D A U W R V */
    CHECK_EQ(t, tmem_peek(f.mem, 0x80002004, 4), 0x20000cd7);       /* PPN 0x80003 */
    CHECK(t, fenced_page(f.fences, before, 0x00400000, 1));
    CHECK(t, fenced_page(f.fences, before, 0x00401000, 1));
    CHECK_ERR(t, proc_lookup(p, 0x00401abc, &pg), PT_OK);
    CHECK_EQ(t, pg.va, 0x00401000);
    CHECK_EQ(t, pg.pa, 0x80003000);
    CHECK_EQ(t, pg.size, 4096);
    CHECK_EQ(t, pg.perms, PROC_R | PROC_W);
    CHECK_EQ(t, pg.kind, PROC_PAGE_PRIVATE);
    CHECK(t, pg.present && !pg.cow);
    uint64_t pa = 0;
    CHECK_ERR(t, proc_translate(p, 0x00400123, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x80001123);
    CHECK_EQ(t, os_frame_refs(f.os, 0x80001000), 1);
    CHECK_EQ(t, os_frame_mappings(f.os, 0x80001000), 1);
    /* The specification's walk agrees: user load and store translate, fetch does not. */
    ref_result r = ref_access(&f, p, 0x00400123, RVMMU_ACC_STORE);
    CHECK(t, !r.fault && r.pa == 0x80001123);
    r = ref_access(&f, p, 0x00401000, RVMMU_ACC_FETCH);
    CHECK(t, r.fault && r.cause == RVMMU_CAUSE_FETCH_PAGE);
    proc_frames pf;
    proc_frame_stats(p, &pf);
    CHECK_EQ(t, pf.pages, 2);
    CHECK_EQ(t, pf.present, 2);
    CHECK_EQ(t, pf.private_frames, 2);
    CHECK_EQ(t, pf.shared_frames, 0);
    CHECK_EQ(t, pf.table_frames, 2);
    os_frames of;
    os_frame_stats(f.os, &of);
    CHECK_EQ(t, of.data_frames, 2);
    CHECK_EQ(t, of.table_frames, 2);
    CHECK_EQ(t, of.free_frames, 12);
    CHECK_EQ(t, of.mappings, 2);
out:
    fx_close(&f);
}

static void test_map_errors(tctx *t)
{
    fixture f;
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 16))
        goto out;
    proc *p = new_proc(t, &f, "p", PROC_ASID_ANY);
    if (!p)
        goto out;
    CHECK_ERR(t, proc_map_anon(p, 0x10000, 2, PROC_R | PROC_W, 0), PT_OK);
    CHECK_ERR(t, proc_map_anon(p, 0x20000, 2, PROC_R, 1), PT_OK);            /* demand: no frames yet */
    uint64_t free_before = pool_free_count(os_pool(f.os));
    /* Mapping over an existing page, fully or partly, present or demand. */
    CHECK_ERR(t, proc_map_anon(p, 0x10000, 1, PROC_R, 0), PT_ERR_ALREADY_MAPPED);
    CHECK_ERR(t, proc_map_anon(p, 0x0f000, 2, PROC_R, 0), PT_ERR_ALREADY_MAPPED);
    CHECK_ERR(t, proc_map_anon(p, 0x11000, 4, PROC_R, 1), PT_ERR_ALREADY_MAPPED);
    CHECK_ERR(t, proc_map_anon(p, 0x21000, 1, PROC_R, 0), PT_ERR_ALREADY_MAPPED);
    /* Bad arguments. */
    CHECK_ERR(t, proc_map_anon(p, 0x30000, 1, 0, 0), PROC_ERR_BAD_PERMS);
    CHECK_ERR(t, proc_map_anon(p, 0x30000, 1, PROC_W, 0), PROC_ERR_BAD_PERMS);
    CHECK_ERR(t, proc_map_anon(p, 0x30000, 1, PROC_W | PROC_X, 0), PROC_ERR_BAD_PERMS);
    CHECK_ERR(t, proc_map_anon(p, 0x30000, 1, PROC_R | 8u, 0), PROC_ERR_BAD_PERMS);
    CHECK_ERR(t, proc_map_anon(p, 0x30010, 1, PROC_R, 0), PT_ERR_UNALIGNED_VA);
    CHECK_ERR(t, proc_map_anon(p, 0x30000, 0, PROC_R, 0), PROC_ERR_BAD_COUNT);
    CHECK_ERR(t, proc_map_anon(p, 0xfffff000, 2, PROC_R, 0), PROC_ERR_BAD_COUNT);   /* wraps past 4 GiB */
    CHECK_ERR(t, proc_map_anon(p, 0x100000000ull, 1, PROC_R, 0), PT_ERR_VA_INVALID);
    CHECK_ERR(t, proc_map_anon(p, 0x30000, UINT64_MAX, PROC_R, 0), PROC_ERR_BAD_COUNT);
    CHECK_ERR(t, proc_map_anon(NULL, 0x30000, 1, PROC_R, 0), PT_ERR_NULL);
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), free_before);              /* nothing changed */
    CHECK_ERR(t, proc_map_anon(p, 0xfffff000, 1, PROC_X, 0), PT_OK);        /* the last page is fine, execute-only too */
    CHECK_EQ(t, leaf_pte(p, 0xfffff000) & 0x3ff, PTE_V | PTE_X | PTE_U | PTE_A);
out:
    fx_close(&f);
}

static void test_map_out_of_frames(tctx *t)
{
    fixture f;
    proc_page pg;
    /* 6 frames: root, then 0x10000 takes a frame and an L0 table, leaving 3. */
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 6))
        goto out;
    proc *p = new_proc(t, &f, "p", PROC_ASID_ANY);
    if (!p)
        goto out;
    CHECK_ERR(t, proc_map_anon(p, 0x10000, 1, PROC_R | PROC_W, 0), PT_OK);
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), 3);
    /* Four more pages do not fit: all or nothing. */
    CHECK_ERR(t, proc_map_anon(p, 0x11000, 4, PROC_R | PROC_W, 0), PT_ERR_OUT_OF_FRAMES);
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), 3);
    CHECK_ERR(t, proc_lookup(p, 0x11000, &pg), PT_ERR_NOT_MAPPED);
    CHECK_ERR(t, proc_lookup(p, 0x13000, &pg), PT_ERR_NOT_MAPPED);
    CHECK_EQ(t, leaf_pte(p, 0x11000), 0);
    /* A page in another 4 MiB region needs a new L0 table too: 2 frames each. */
    CHECK_ERR(t, proc_map_anon(p, 0x00800000, 1, PROC_R, 0), PT_OK);
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), 1);
    CHECK_ERR(t, proc_map_anon(p, 0x00c00000, 1, PROC_R, 0), PT_ERR_OUT_OF_FRAMES);
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), 1);
    /* Demand pages need no frame now; their first touch finds the pool empty later. */
    CHECK_ERR(t, proc_map_anon(p, 0x12000, 3, PROC_R | PROC_W, 1), PT_OK);
    proc_fault_info fi;
    CHECK_ERR(t, proc_fault(p, 0x12000, RVMMU_ACC_LOAD, RVMMU_CAUSE_LOAD_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_DEMAND);                              /* the last frame */
    CHECK_ERR(t, proc_fault(p, 0x13000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_OOM);
    CHECK_ERR(t, proc_lookup(p, 0x13000, &pg), PT_OK);
    CHECK(t, !pg.present);
    CHECK_EQ(t, frames_total(f.os), 6);
out:
    fx_close(&f);
}

static void test_unmap(tctx *t)
{
    fixture f;
    proc_page pg;
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 16))
        goto out;
    proc *p = new_proc(t, &f, "p", PROC_ASID_ANY);
    if (!p)
        goto out;
    CHECK_ERR(t, proc_map_anon(p, 0x10000, 3, PROC_R | PROC_W, 0), PT_OK);
    CHECK_ERR(t, proc_map_anon(p, 0x20000, 2, PROC_R | PROC_W, 1), PT_OK);
    uint64_t free_before = pool_free_count(os_pool(f.os));
    uint64_t pa = 0;
    CHECK_ERR(t, proc_translate(p, 0x11000, &pa), PT_OK);
    int before = f.fences->n;
    CHECK_ERR(t, proc_unmap(p, 0x11000, 1), PT_OK);
    CHECK_EQ(t, leaf_pte(p, 0x11000), 0);
    CHECK(t, fenced_page(f.fences, before, 0x11000, proc_asid(p)));
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), free_before + 1);         /* its frame is free again */
    CHECK(t, !pool_frame_allocated(os_pool(f.os), pa));
    CHECK_ERR(t, proc_lookup(p, 0x11000, &pg), PT_ERR_NOT_MAPPED);
    CHECK_ERR(t, proc_lookup(p, 0x10000, &pg), PT_OK);
    /* Every page of the range must be mapped: a hole refuses the whole call. */
    CHECK_ERR(t, proc_unmap(p, 0x10000, 3), PT_ERR_NOT_MAPPED);
    CHECK_ERR(t, proc_lookup(p, 0x10000, &pg), PT_OK);
    CHECK_ERR(t, proc_unmap(p, 0x30000, 1), PT_ERR_NOT_MAPPED);
    CHECK_ERR(t, proc_unmap(p, 0x10000, 0), PROC_ERR_BAD_COUNT);
    CHECK_ERR(t, proc_unmap(p, 0x10008, 1), PT_ERR_UNALIGNED_VA);
    /* Demand pages unmap without a frame or a fence. */
    before = f.fences->n;
    CHECK_ERR(t, proc_unmap(p, 0x20000, 2), PT_OK);
    CHECK_EQ(t, f.fences->n, before);
    CHECK_ERR(t, proc_unmap(p, 0x12000, 1), PT_OK);
    CHECK_ERR(t, proc_unmap(p, 0x10000, 1), PT_OK);
    os_frames of;
    os_frame_stats(f.os, &of);
    CHECK_EQ(t, of.data_frames, 0);
    CHECK_EQ(t, of.mappings, 0);
out:
    fx_close(&f);
}

static void test_protect(tctx *t)
{
    fixture f;
    proc_page pg;
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 16))
        goto out;
    proc *p = new_proc(t, &f, "p", PROC_ASID_ANY);
    if (!p)
        goto out;
    CHECK_ERR(t, proc_map_anon(p, 0x10000, 2, PROC_R | PROC_X, 0), PT_OK);
    CHECK_ERR(t, proc_map_anon(p, 0x20000, 1, PROC_R, 1), PT_OK);
    int before = f.fences->n;
    CHECK_ERR(t, proc_protect(p, 0x10000, 2, PROC_R | PROC_W | PROC_X), PT_OK);
    CHECK_EQ(t, leaf_pte(p, 0x11000) & 0x3ff, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D);
    CHECK(t, fenced_page(f.fences, before, 0x10000, 1) && fenced_page(f.fences, before, 0x11000, 1));
    ref_result r = ref_access(&f, p, 0x11000, RVMMU_ACC_STORE);
    CHECK(t, !r.fault);
    CHECK_ERR(t, proc_protect(p, 0x10000, 1, PROC_R), PT_OK);
    CHECK_EQ(t, leaf_pte(p, 0x10000) & 0x3ff, PTE_V | PTE_R | PTE_U | PTE_A);
    r = ref_access(&f, p, 0x10000, RVMMU_ACC_STORE);
    CHECK(t, r.fault && r.cause == RVMMU_CAUSE_STORE_PAGE);
    /* The same permissions again: no PTE change, no fence. */
    before = f.fences->n;
    CHECK_ERR(t, proc_protect(p, 0x10000, 1, PROC_R), PT_OK);
    CHECK_EQ(t, f.fences->n, before);
    /* A demand page: only the record changes; its first touch uses the new permissions. */
    CHECK_ERR(t, proc_protect(p, 0x20000, 1, PROC_R | PROC_W), PT_OK);
    CHECK_ERR(t, proc_lookup(p, 0x20000, &pg), PT_OK);
    CHECK(t, !pg.present && pg.perms == (PROC_R | PROC_W));
    /* Errors. */
    CHECK_ERR(t, proc_protect(p, 0x10000, 1, PROC_W), PROC_ERR_BAD_PERMS);
    CHECK_ERR(t, proc_protect(p, 0x30000, 1, PROC_R), PT_ERR_NOT_MAPPED);
    CHECK_ERR(t, proc_protect(p, 0x11000, 2, PROC_R), PT_ERR_NOT_MAPPED);   /* 0x12000 is a hole */
out:
    fx_close(&f);
}

/* ------------------------------------------------------------------ */
/* Physical windows and superpages.                                    */
/* ------------------------------------------------------------------ */

static void test_phys_superpage(tctx *t)
{
    fixture f;
    proc_page pg;
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 16))
        goto out;
    proc *p = new_proc(t, &f, "p", PROC_ASID_ANY);
    if (!p)
        goto out;
    /* An unaligned superpage: the VA, then the PA, must be 4 MiB aligned. */
    CHECK_ERR(t, proc_map_phys(p, 0x40001000, 0x80400000, 1, PROC_R | PROC_W), PT_ERR_UNALIGNED_VA);
    CHECK_ERR(t, proc_map_phys(p, 0x40000000, 0x80401000, 1, PROC_R | PROC_W), PT_ERR_UNALIGNED_PA);
    CHECK_ERR(t, proc_map_phys(p, 0x40000000, 0x80400000, 2, PROC_R), PT_ERR_BAD_LEVEL);
    CHECK_ERR(t, proc_map_phys(p, 0x40000000, 0x80400000, -1, PROC_R), PT_ERR_BAD_LEVEL);
    CHECK_ERR(t, proc_map_phys(p, 0x40000000, 0x80400000, 1, 0), PROC_ERR_BAD_PERMS);
    CHECK_ERR(t, proc_map_phys(p, 0x40000000, 0x400000000ull, 1, PROC_R), PT_ERR_PA_TOO_WIDE);  /* 35 bits */
    CHECK_EQ(t, as_table_count(proc_as(p)), 1);
    CHECK_ERR(t, proc_map_phys(p, 0x40000000, 0x80400000, 1, PROC_R | PROC_W), PT_OK);
    /* A level-1 leaf in the root: root[0x100] = PPN 0x80400 D A U W R V. */
    CHECK_EQ(t, tmem_peek(f.mem, MEM_LO + 0x100 * 4, 4), (0x80400ull << 10) | 0xd7);
    CHECK_EQ(t, as_table_count(proc_as(p)), 1);
    CHECK_ERR(t, proc_lookup(p, 0x403ff000, &pg), PT_OK);
    CHECK_EQ(t, pg.va, 0x40000000);
    CHECK_EQ(t, pg.size, 0x400000);
    CHECK_EQ(t, pg.kind, PROC_PAGE_PHYS);
    CHECK_EQ(t, pg.level, 1);
    ref_result r = ref_access(&f, p, 0x403ffff8, RVMMU_ACC_LOAD);
    CHECK(t, !r.fault && r.pa == 0x807ffff8);
    /* Inside it nothing else maps; it is removed whole or not at all. */
    CHECK_ERR(t, proc_map_anon(p, 0x40100000, 1, PROC_R, 0), PT_ERR_ALREADY_MAPPED);
    CHECK_ERR(t, proc_unmap(p, 0x40001000, 1), PROC_ERR_PARTIAL);
    CHECK_ERR(t, proc_unmap(p, 0x40000000, 1), PROC_ERR_PARTIAL);
    CHECK_ERR(t, proc_protect(p, 0x40000000, 1, PROC_R), PROC_ERR_PARTIAL);
    CHECK_ERR(t, proc_protect(p, 0x40000000, 1024, PROC_R), PT_OK);
    CHECK_EQ(t, tmem_peek(f.mem, MEM_LO + 0x100 * 4, 4), (0x80400ull << 10) | 0x53);
    /* The window is not a frame of the process: no data pages, no references. */
    proc_frames pf;
    proc_frame_stats(p, &pf);
    CHECK_EQ(t, pf.pages, 0);
    CHECK_EQ(t, os_frame_refs(f.os, 0x80400000), 0);
    int before = f.fences->n;
    CHECK_ERR(t, proc_unmap(p, 0x40000000, 1024), PT_OK);
    CHECK(t, fenced_page(f.fences, before, 0x40000000, 1));
    CHECK_EQ(t, tmem_peek(f.mem, MEM_LO + 0x100 * 4, 4), 0);
    /* A 4 KiB window (level 0) works like a page that owns no frame. */
    CHECK_ERR(t, proc_map_phys(p, 0x50000000, 0x8f000000, 0, PROC_R), PT_OK);
    uint64_t pa = 0;
    CHECK_ERR(t, proc_translate(p, 0x50000010, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x8f000010);
out:
    fx_close(&f);
}

/* ------------------------------------------------------------------ */
/* Demand paging and the fault policy.                                 */
/* ------------------------------------------------------------------ */

static void test_demand_paging(tctx *t)
{
    fixture f;
    proc_page pg;
    proc_fault_info fi;
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 16))
        goto out;
    proc *p = new_proc(t, &f, "p", PROC_ASID_ANY);
    if (!p)
        goto out;
    CHECK_ERR(t, proc_map_anon(p, 0x10000, 4, PROC_R | PROC_W, 1), PT_OK);
    CHECK_ERR(t, proc_map_anon(p, 0x20000, 1, PROC_R, 1), PT_OK);
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), 15);                      /* only the root */
    CHECK_EQ(t, leaf_pte(p, 0x10000), 0);                                 /* V=0 until touched */
    ref_result r = ref_access(&f, p, 0x10000, RVMMU_ACC_LOAD);
    CHECK(t, r.fault && r.cause == RVMMU_CAUSE_LOAD_PAGE);
    CHECK_ERR(t, proc_lookup(p, 0x10000, &pg), PT_OK);
    CHECK(t, !pg.present && pg.pa == 0);
    /* First touch: a zeroed frame, mapped, fenced; the access now translates. */
    int before = f.fences->n;
    CHECK_ERR(t, proc_fault(p, 0x10ff8, RVMMU_ACC_LOAD, RVMMU_CAUSE_LOAD_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_DEMAND);
    CHECK_EQ(t, fi.addr, 0x10ff8);
    CHECK_EQ(t, fi.new_pa, 0x80001000);                                   /* the frame comes before the L0 table */
    CHECK(t, fenced_page(f.fences, before, 0x10000, 1));
    r = ref_access(&f, p, 0x10ff8, RVMMU_ACC_LOAD);
    CHECK(t, !r.fault && r.pa == 0x80001ff8);
    CHECK_EQ(t, tmem_peek(f.mem, 0x80001ff8, 4), 0);
    /* A store can be the first touch too. */
    CHECK_ERR(t, proc_fault(p, 0x11000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_DEMAND);
    CHECK(t, !ref_access(&f, p, 0x11000, RVMMU_ACC_STORE).fault);
    /* A first touch the mapping does not allow: SIGSEGV, still not present. */
    CHECK_ERR(t, proc_fault(p, 0x20000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_SEGV);
    CHECK_EQ(t, fi.code, PROC_SEGV_ACCERR);
    CHECK_EQ(t, fi.cause, RVMMU_CAUSE_STORE_PAGE);
    CHECK_EQ(t, fi.acc, RVMMU_ACC_STORE);
    CHECK_ERR(t, proc_fault(p, 0x20000, RVMMU_ACC_FETCH, RVMMU_CAUSE_FETCH_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_SEGV);
    CHECK_ERR(t, proc_lookup(p, 0x20000, &pg), PT_OK);
    CHECK(t, !pg.present);
    /* Nothing mapped there at all: SEGV_MAPERR. */
    CHECK_ERR(t, proc_fault(p, 0x30000, RVMMU_ACC_LOAD, RVMMU_CAUSE_LOAD_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_SEGV);
    CHECK_EQ(t, fi.code, PROC_SEGV_MAPERR);
    CHECK_EQ(t, fi.addr, 0x30000);
    /* An access fault (a bus error in the walk) is never fixed. */
    CHECK_ERR(t, proc_fault(p, 0x12000, RVMMU_ACC_LOAD, RVMMU_CAUSE_LOAD_ACCESS, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_SEGV);
    CHECK_EQ(t, fi.code, PROC_SEGV_ACCERR);
    CHECK_ERR(t, proc_lookup(p, 0x12000, &pg), PT_OK);
    CHECK(t, !pg.present);
    /* A present page whose PTE allows the access has nothing to fix. */
    CHECK_ERR(t, proc_fault(p, 0x10000, RVMMU_ACC_LOAD, RVMMU_CAUSE_LOAD_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_SEGV);
    CHECK_ERR(t, proc_fault(NULL, 0x10000, RVMMU_ACC_LOAD, RVMMU_CAUSE_LOAD_PAGE, &fi), PT_ERR_NULL);
    CHECK_ERR(t, proc_fault(p, 0x10000, RVMMU_ACC_LOAD, RVMMU_CAUSE_LOAD_PAGE, NULL), PT_ERR_NULL);
    proc_frames pf;
    proc_frame_stats(p, &pf);
    CHECK_EQ(t, pf.pages, 5);
    CHECK_EQ(t, pf.present, 2);
out:
    fx_close(&f);
}

/* ------------------------------------------------------------------ */
/* Shared memory.                                                      */
/* ------------------------------------------------------------------ */

static void test_shm(tctx *t)
{
    fixture f;
    proc_page pg;
    int err = 1;
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 16))
        goto out;
    os_shm *s = shm_create(f.os, "chan", 2, &err);
    CHECK_ERR(t, err, PT_OK);
    proc *a = new_proc(t, &f, "a", PROC_ASID_ANY);
    proc *b = new_proc(t, &f, "b", PROC_ASID_ANY);
    if (!s || !a || !b)
        goto out;
    CHECK_EQ(t, shm_pages(s), 2);
    CHECK_EQ(t, shm_frame(s, 0), 0x80000000);                             /* before the processes' roots */
    CHECK_EQ(t, shm_frame(s, 1), 0x80001000);
    CHECK_EQ(t, shm_frame(s, 2), 0);
    /* One frame at different VAs with different permissions. */
    CHECK_ERR(t, shm_attach(a, s, 0x50000000, PROC_R | PROC_W), PT_OK);
    CHECK_ERR(t, shm_attach(b, s, 0x70001000, PROC_R), PT_OK);
    uint64_t pa_a = 0, pa_b = 0;
    CHECK_ERR(t, proc_translate(a, 0x50001010, &pa_a), PT_OK);
    CHECK_ERR(t, proc_translate(b, 0x70002010, &pa_b), PT_OK);
    CHECK_EQ(t, pa_a, 0x80001010);
    CHECK_EQ(t, pa_b, pa_a);
    CHECK_EQ(t, leaf_pte(a, 0x50000000) & 0x3ff, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
    CHECK_EQ(t, leaf_pte(b, 0x70001000) & 0x3ff, PTE_V | PTE_R | PTE_U | PTE_A);
    CHECK_EQ(t, os_frame_refs(f.os, 0x80000000), 3);                      /* the segment and two mappings */
    CHECK_EQ(t, os_frame_mappings(f.os, 0x80000000), 2);
    CHECK_ERR(t, proc_lookup(b, 0x70001000, &pg), PT_OK);
    CHECK_EQ(t, pg.kind, PROC_PAGE_SHARED);
    /* The reference model agrees: a store through a, not through b. */
    CHECK(t, !ref_access(&f, a, 0x50000000, RVMMU_ACC_STORE).fault);
    ref_result r = ref_access(&f, b, 0x70001000, RVMMU_ACC_STORE);
    CHECK(t, r.fault && r.cause == RVMMU_CAUSE_STORE_PAGE);
    /* A store fault through the read-only view is a SIGSEGV, never a copy. */
    proc_fault_info fi;
    CHECK_ERR(t, proc_fault(b, 0x70001000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_SEGV);
    CHECK_EQ(t, fi.code, PROC_SEGV_ACCERR);
    proc_frames pf;
    proc_frame_stats(b, &pf);
    CHECK_EQ(t, pf.shared_frames, 2);
    CHECK_EQ(t, pf.private_frames, 0);
    /* The segment survives its mappers. */
    CHECK_ERR(t, proc_exit(a), PT_OK);
    CHECK_ERR(t, proc_exit(b), PT_OK);
    CHECK(t, pool_frame_allocated(os_pool(f.os), 0x80000000));
    CHECK_EQ(t, os_frame_refs(f.os, 0x80000000), 1);
    /* Errors. */
    CHECK(t, shm_create(f.os, "big", 100, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_OUT_OF_FRAMES);
    CHECK(t, shm_create(f.os, "none", 0, &err) == NULL);
    CHECK_ERR(t, err, PROC_ERR_BAD_COUNT);
    CHECK(t, shm_create(f.os, NULL, 1, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_NULL);
    proc *c = new_proc(t, &f, "c", PROC_ASID_ANY);
    if (c) {
        CHECK_ERR(t, shm_attach(c, s, 0x1000, PROC_W), PROC_ERR_BAD_PERMS);
        CHECK_ERR(t, shm_attach(c, s, 0x1010, PROC_R), PT_ERR_UNALIGNED_VA);
        CHECK_ERR(t, proc_map_anon(c, 0x2000, 1, PROC_R, 1), PT_OK);
        CHECK_ERR(t, shm_attach(c, s, 0x1000, PROC_R), PT_ERR_ALREADY_MAPPED);   /* the 2nd page collides */
        CHECK_ERR(t, proc_lookup(c, 0x1000, &pg), PT_ERR_NOT_MAPPED);
        CHECK_ERR(t, shm_attach(c, NULL, 0x1000, PROC_R), PT_ERR_NULL);
    }
out:
    fx_close(&f);
}

/* ------------------------------------------------------------------ */
/* Shared libraries and copy-on-write.                                 */
/* ------------------------------------------------------------------ */

static void test_library(tctx *t)
{
    fixture f;
    proc_page pg;
    proc_fault_info fi;
    int err = 1;
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 32))
        goto out;
    os_lib *lib = lib_load(f.os, "libread", 1, 1, &err);   /* text 0x80000000, data 0x80001000 */
    CHECK_ERR(t, err, PT_OK);
    if (!lib)
        goto out;
    CHECK_EQ(t, lib_pages(lib, 0), 1);
    CHECK_EQ(t, lib_pages(lib, 1), 1);
    CHECK_EQ(t, lib_pages(lib, 2), 0);
    CHECK_EQ(t, lib_frame(lib, 0, 0), 0x80000000);
    CHECK_EQ(t, lib_frame(lib, 1, 0), 0x80001000);
    CHECK_EQ(t, lib_frame(lib, 1, 1), 0);
    CHECK_ERR(t, lib_write_word(lib, 0, 0x0, 0x00052503), PT_OK);
    CHECK_ERR(t, lib_write_word(lib, 1, 0x10, 0x2a), PT_OK);
    CHECK_EQ(t, tmem_peek(f.mem, 0x80001010, 4), 0x2a);
    CHECK_ERR(t, lib_write_word(lib, 2, 0, 0), PROC_ERR_BAD_SECTION);
    CHECK_ERR(t, lib_write_word(lib, 1, 0x1000, 0), PROC_ERR_BAD_OFFSET);
    CHECK_ERR(t, lib_write_word(lib, 1, 0x2, 0), PROC_ERR_BAD_OFFSET);
    CHECK_ERR(t, lib_write_word(NULL, 1, 0, 0), PT_ERR_NULL);

    proc *p[3];
    for (int i = 0; i < 3; i++) {
        p[i] = new_proc(t, &f, "user", PROC_ASID_ANY);
        if (!p[i])
            goto out;
        CHECK_ERR(t, proc_use_lib(p[i], lib, 0x40000000 + (uint64_t)i * 0x100000), PT_OK);
    }
    /* Code: R X U A + COW (shared private, never W). Data: R U A + COW (W=0 until copied). */
    CHECK_EQ(t, leaf_pte(p[0], 0x40000000), (0x80000ull << 10) | PTE_COW | PTE_V | PTE_R | PTE_X | PTE_U | PTE_A);
    CHECK_EQ(t, leaf_pte(p[2], 0x40201000), (0x80001ull << 10) | PTE_COW | PTE_V | PTE_R | PTE_U | PTE_A);
    CHECK_EQ(t, os_frame_refs(f.os, 0x80000000), 4);                      /* the library + 3 */
    CHECK_EQ(t, os_frame_mappings(f.os, 0x80000000), 3);
    CHECK_ERR(t, proc_lookup(p[1], 0x40101000, &pg), PT_OK);
    CHECK(t, pg.cow && pg.present && pg.perms == (PROC_R | PROC_W) && pg.kind == PROC_PAGE_PRIVATE);
    /* The spec's walk: fetch and load go to the library's frames, a store faults. */
    ref_result r = ref_access(&f, p[1], 0x40100000, RVMMU_ACC_FETCH);
    CHECK(t, !r.fault && r.pa == 0x80000000);
    r = ref_access(&f, p[1], 0x40101010, RVMMU_ACC_LOAD);
    CHECK(t, !r.fault && r.pa == 0x80001010);
    r = ref_access(&f, p[1], 0x40101010, RVMMU_ACC_STORE);
    CHECK(t, r.fault && r.cause == RVMMU_CAUSE_STORE_PAGE);

    /* p1 writes the data: a private copy with the same contents, writable; fenced. */
    uint64_t free_before = pool_free_count(os_pool(f.os));
    int before = f.fences->n;
    CHECK_ERR(t, proc_fault(p[1], 0x40101010, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_COW_COPY);
    CHECK_EQ(t, fi.old_pa, 0x80001000);
    CHECK(t, fi.new_pa != 0x80001000 && fi.new_pa != 0);
    CHECK(t, fenced_page(f.fences, before, 0x40101000, proc_asid(p[1])));
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), free_before - 1);
    CHECK_EQ(t, tmem_peek(f.mem, fi.new_pa + 0x10, 4), 0x2a);
    CHECK_EQ(t, leaf_pte(p[1], 0x40101000), ((fi.new_pa >> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
    r = ref_access(&f, p[1], 0x40101010, RVMMU_ACC_STORE);
    CHECK(t, !r.fault && r.pa == fi.new_pa + 0x10);
    CHECK_EQ(t, os_frame_refs(f.os, 0x80001000), 3);                      /* the library + p0 + p2 */
    CHECK_EQ(t, os_frame_refs(f.os, fi.new_pa), 1);
    uint64_t pa = 0;
    CHECK_ERR(t, proc_translate(p[0], 0x40001010, &pa), PT_OK);
    CHECK_EQ(t, pa, 0x80001010);                                          /* the others keep the original */
    /* Even the last process to write copies: the library still holds the original. */
    CHECK_ERR(t, proc_fault(p[0], 0x40001000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_ERR(t, proc_fault(p[2], 0x40201000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_COW_COPY);
    CHECK_EQ(t, os_frame_refs(f.os, 0x80001000), 1);
    /* Writing the code is a SIGSEGV (r-x), not a copy. */
    CHECK_ERR(t, proc_fault(p[0], 0x40000000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_SEGV);
    CHECK_EQ(t, fi.code, PROC_SEGV_ACCERR);
    /* ...unless the process makes it writable: then it gets its own copy of the code. */
    CHECK_ERR(t, proc_protect(p[0], 0x40000000, 1, PROC_R | PROC_W | PROC_X), PT_OK);
    CHECK_EQ(t, leaf_pte(p[0], 0x40000000) & PTE_W, 0);
    CHECK_ERR(t, proc_fault(p[0], 0x40000000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_COW_COPY);
    CHECK_EQ(t, tmem_peek(f.mem, fi.new_pa, 4), 0x00052503);
    CHECK_EQ(t, os_frame_mappings(f.os, 0x80000000), 2);
    /* Overlaps and errors. */
    proc *q = new_proc(t, &f, "q", PROC_ASID_ANY);
    if (q) {
        CHECK_ERR(t, proc_map_anon(q, 0x40001000, 1, PROC_R, 1), PT_OK);
        CHECK_ERR(t, proc_use_lib(q, lib, 0x40000000), PT_ERR_ALREADY_MAPPED);   /* its data page collides */
        CHECK_ERR(t, proc_lookup(q, 0x40000000, &pg), PT_ERR_NOT_MAPPED);
        CHECK_ERR(t, proc_use_lib(q, lib, 0x40000800), PT_ERR_UNALIGNED_VA);
        CHECK_ERR(t, proc_use_lib(q, NULL, 0x40000000), PT_ERR_NULL);
    }
    CHECK(t, lib_load(f.os, "huge", 1, 1000, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_OUT_OF_FRAMES);
    CHECK(t, lib_load(f.os, "empty", 0, 1, &err) == NULL);
    CHECK_ERR(t, err, PROC_ERR_BAD_COUNT);
    CHECK_EQ(t, frames_total(f.os), 32);
out:
    fx_close(&f);
}

/* ------------------------------------------------------------------ */
/* fork.                                                               */
/* ------------------------------------------------------------------ */

static void test_fork_cow(tctx *t)
{
    fixture f;
    proc_page pg;
    proc_fault_info fi;
    int err = 1;
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 32))
        goto out;
    os_shm *s = shm_create(f.os, "s", 1, &err);
    proc *parent = new_proc(t, &f, "parent", PROC_ASID_ANY);
    if (!s || !parent)
        goto out;
    CHECK_ERR(t, proc_map_anon(parent, 0x10000, 1, PROC_R | PROC_X, 0), PT_OK);   /* code */
    CHECK_ERR(t, proc_map_anon(parent, 0x20000, 1, PROC_R | PROC_W, 0), PT_OK);   /* data */
    CHECK_ERR(t, proc_map_anon(parent, 0x30000, 2, PROC_R | PROC_W, 1), PT_OK);   /* heap, untouched */
    CHECK_ERR(t, shm_attach(parent, s, 0x50000000, PROC_R | PROC_W), PT_OK);
    uint64_t data = 0, code = 0;
    CHECK_ERR(t, proc_translate(parent, 0x20000, &data), PT_OK);
    CHECK_ERR(t, proc_translate(parent, 0x10000, &code), PT_OK);
    CHECK_EQ(t, os_frame_refs(f.os, data), 1);

    int before = f.fences->n;
    proc *child = proc_fork(parent, "child", PROC_ASID_ANY, &err);
    CHECK_ERR(t, err, PT_OK);
    if (!child)
        goto out;
    CHECK_EQ(t, proc_asid(child), 2);
    /* The parent's writable page became copy-on-write: its ASID is flushed. */
    CHECK(t, fenced_asid(f.fences, before, proc_asid(parent)));
    CHECK_EQ(t, leaf_pte(parent, 0x20000), ((data >> 12) << 10) | PTE_COW | PTE_V | PTE_R | PTE_U | PTE_A);
    CHECK_EQ(t, leaf_pte(child, 0x20000), leaf_pte(parent, 0x20000));
    CHECK_EQ(t, os_frame_refs(f.os, data), 2);
    CHECK_EQ(t, os_frame_mappings(f.os, data), 2);
    ref_result r = ref_access(&f, parent, 0x20000, RVMMU_ACC_STORE);
    CHECK(t, r.fault && r.cause == RVMMU_CAUSE_STORE_PAGE);
    r = ref_access(&f, child, 0x20008, RVMMU_ACC_LOAD);
    CHECK(t, !r.fault && r.pa == data + 8);
    /* Code is shared too (read-only); the segment stays plainly shared and writable. */
    uint64_t pa = 0;
    CHECK_ERR(t, proc_translate(child, 0x10000, &pa), PT_OK);
    CHECK_EQ(t, pa, code);
    CHECK_ERR(t, proc_lookup(child, 0x50000000, &pg), PT_OK);
    CHECK(t, pg.kind == PROC_PAGE_SHARED && !pg.cow);
    CHECK(t, leaf_pte(child, 0x50000000) & PTE_W);
    CHECK(t, !ref_access(&f, child, 0x50000000, RVMMU_ACC_STORE).fault);
    CHECK_EQ(t, os_frame_refs(f.os, shm_frame(s, 0)), 3);
    /* The untouched heap is untouched in both. */
    CHECK_ERR(t, proc_lookup(child, 0x31000, &pg), PT_OK);
    CHECK(t, !pg.present);
    proc_frames pf;
    proc_frame_stats(child, &pf);
    CHECK_EQ(t, pf.pages, 5);
    CHECK_EQ(t, pf.present, 3);
    CHECK_EQ(t, pf.shared_frames, 3);
    CHECK_EQ(t, pf.cow_pages, 2);

    /* The child writes first: a copy. The parent is then the last holder: reuse, no copy. */
    CHECK_ERR(t, tmem_write(f.mem, data, 4, 0x111), 0);
    CHECK_ERR(t, proc_fault(child, 0x20000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_COW_COPY);
    CHECK_EQ(t, tmem_peek(f.mem, fi.new_pa, 4), 0x111);
    uint64_t free_before = pool_free_count(os_pool(f.os));
    before = f.fences->n;
    CHECK_ERR(t, proc_fault(parent, 0x20000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_COW_REUSE);
    CHECK_EQ(t, fi.new_pa, data);
    CHECK(t, fenced_page(f.fences, before, 0x20000, proc_asid(parent)));
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), free_before);
    CHECK_EQ(t, leaf_pte(parent, 0x20000), ((data >> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
    CHECK(t, !ref_access(&f, parent, 0x20000, RVMMU_ACC_STORE).fault);
    /* A store to the shared code is still refused in both. */
    CHECK_ERR(t, proc_fault(child, 0x10000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_SEGV);
    /* Heap pages touched after the fork are private to each. */
    CHECK_ERR(t, proc_fault(child, 0x30000, RVMMU_ACC_LOAD, RVMMU_CAUSE_LOAD_PAGE, &fi), PT_OK);
    uint64_t child_heap = fi.new_pa;
    CHECK_ERR(t, proc_fault(parent, 0x30000, RVMMU_ACC_LOAD, RVMMU_CAUSE_LOAD_PAGE, &fi), PT_OK);
    CHECK(t, fi.kind == PROC_FAULT_DEMAND && fi.new_pa != child_heap);

    /* A second fork: a page already copy-on-write stays so; the parent is not flushed again. */
    before = f.fences->n;
    proc *grandchild = proc_fork(child, "grandchild", 9, &err);
    CHECK_ERR(t, err, PT_OK);
    if (grandchild) {
        CHECK(t, fenced_asid(f.fences, before, proc_asid(child)));            /* its data copy is writable: flushed */
        CHECK_EQ(t, proc_asid(grandchild), 9);
        CHECK_EQ(t, os_frame_refs(f.os, code), 3);
    }
    /* Exit: shared frames stay for the others; the ASID is flushed. */
    before = f.fences->n;
    CHECK_ERR(t, proc_exit(child), PT_OK);
    CHECK(t, fenced_asid(f.fences, before, 2));
    CHECK_EQ(t, os_frame_refs(f.os, code), 2);
    CHECK(t, !proc_alive(child));
    CHECK_EQ(t, proc_root_ppn(child), 0);
    CHECK(t, proc_as(child) == NULL);
    CHECK_ERR(t, proc_exit(child), PROC_ERR_EXITED);
    CHECK_ERR(t, proc_map_anon(child, 0x90000, 1, PROC_R, 0), PROC_ERR_EXITED);
    CHECK_ERR(t, proc_translate(child, 0x10000, &pa), PROC_ERR_EXITED);
    CHECK_ERR(t, proc_fault(child, 0x10000, RVMMU_ACC_LOAD, RVMMU_CAUSE_LOAD_PAGE, &fi), PROC_ERR_EXITED);
    CHECK(t, proc_fork(child, "x", PROC_ASID_ANY, &err) == NULL);
    CHECK_ERR(t, err, PROC_ERR_EXITED);
    proc_frame_stats(child, &pf);
    CHECK_EQ(t, pf.pages, 0);
    CHECK_EQ(t, frames_total(f.os), 32);
out:
    fx_close(&f);
}

static void test_fork_out_of_frames(tctx *t)
{
    fixture f;
    int err = 0;
    /* 5 frames. A fork needs a root table for the child and an L0 table per 4 MiB
     * region the parent uses; the child's frames are the parent's. */
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 5))
        goto out;
    proc *parent = new_proc(t, &f, "parent", PROC_ASID_ANY);
    if (!parent)
        goto out;
    CHECK_ERR(t, proc_map_anon(parent, 0x10000, 1, PROC_R | PROC_W, 0), PT_OK);
    CHECK_ERR(t, proc_map_anon(parent, 0x00400000, 1, PROC_R | PROC_W, 1), PT_OK);
    /* A second page needs its own L0 table: it takes the last 2 frames. */
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), 2);
    proc *child = proc_fork(parent, "child", PROC_ASID_ANY, &err);
    /* Root (1) + L0 (1) = 2 frames: it fits exactly. */
    CHECK_ERR(t, err, PT_OK);
    CHECK(t, child != NULL);
    CHECK_ERR(t, proc_exit(child), PT_OK);
    CHECK_ERR(t, proc_fault(parent, 0x00400000, RVMMU_ACC_LOAD, RVMMU_CAUSE_LOAD_PAGE, &(proc_fault_info){0}), PT_OK);
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), 0);                       /* a frame and an L0 table */
    CHECK_ERR(t, proc_unmap(parent, 0x00400000, 1), PT_OK);               /* the frame is back; the table stays */
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), 1);
    int count = os_process_count(f.os);
    child = proc_fork(parent, "child2", PROC_ASID_ANY, &err);             /* the root fits, the L0 table does not */
    CHECK(t, child == NULL);
    CHECK_ERR(t, err, PT_ERR_OUT_OF_FRAMES);
    CHECK_EQ(t, os_process_count(f.os), count);                           /* nothing left behind */
    CHECK_EQ(t, pool_free_count(os_pool(f.os)), 1);
    uint64_t pa = 0;
    CHECK_ERR(t, proc_translate(parent, 0x10000, &pa), PT_OK);
    CHECK_EQ(t, os_frame_refs(f.os, pa), 1);
    /* Its pages are copy-on-write now, but the parent holds them alone: a store reuses them. */
    proc_fault_info fi;
    CHECK_ERR(t, proc_fault(parent, 0x10000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_COW_REUSE);
    CHECK(t, proc_fork(NULL, "x", PROC_ASID_ANY, &err) == NULL);
    CHECK_ERR(t, err, PT_ERR_NULL);
    /* With the pool empty not even the child's root table fits. */
    CHECK_ERR(t, proc_map_anon(parent, 0x11000, 1, PROC_R | PROC_W, 0), PT_OK);
    child = proc_fork(parent, "child3", PROC_ASID_ANY, &err);
    CHECK(t, child == NULL);
    CHECK_ERR(t, err, PT_ERR_OUT_OF_FRAMES);
out:
    fx_close(&f);
}

static void test_cow_out_of_frames(tctx *t)
{
    fixture f;
    int err = 0;
    proc_fault_info fi;
    /* 5 frames: parent root, page, L0; child root, L0: none left for a copy. */
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 5))
        goto out;
    proc *parent = new_proc(t, &f, "parent", PROC_ASID_ANY);
    if (!parent)
        goto out;
    CHECK_ERR(t, proc_map_anon(parent, 0x10000, 1, PROC_R | PROC_W, 0), PT_OK);
    proc *child = proc_fork(parent, "child", PROC_ASID_ANY, &err);
    CHECK(t, child != NULL);
    if (!child)
        goto out;
    uint64_t before_pte = leaf_pte(child, 0x10000);
    CHECK_ERR(t, proc_fault(child, 0x10000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_OOM);
    CHECK_EQ(t, leaf_pte(child, 0x10000), before_pte);                    /* nothing changed */
    CHECK_ERR(t, proc_exit(parent), PT_OK);                               /* now the child is the last holder */
    CHECK_ERR(t, proc_fault(child, 0x10000, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_COW_REUSE);
out:
    fx_close(&f);
}

/* ------------------------------------------------------------------ */
/* RV64.                                                               */
/* ------------------------------------------------------------------ */

static void test_sv39_fork_and_canonical(tctx *t)
{
    fixture f;
    proc_fault_info fi;
    int err = 1;
    if (!fx_open(t, &f, RVMMU_MODE_SV39, 64))
        goto out;
    proc *p = new_proc(t, &f, "p", 1000);
    if (!p)
        goto out;
    CHECK_ERR(t, proc_map_anon(p, 0x3ffffff000ull, 1, PROC_R | PROC_W, 0), PT_OK);   /* top of the lower half */
    CHECK_ERR(t, proc_map_anon(p, 0x4000000000ull, 1, PROC_R, 0), PT_ERR_VA_INVALID); /* not canonical */
    CHECK_ERR(t, proc_map_anon(p, 0x3ffffff000ull, 2, PROC_R, 0), PROC_ERR_BAD_COUNT);  /* runs into the hole */
    CHECK_ERR(t, proc_map_anon(p, 0x3fffffe000ull, 3, PROC_R, 0), PROC_ERR_BAD_COUNT);
    CHECK_ERR(t, proc_map_anon(p, 0x3fffffe000ull, 2, PROC_R, 0), PT_ERR_ALREADY_MAPPED);
    CHECK_ERR(t, proc_map_anon(p, 0xffffffc000000000ull, 1, PROC_R, 0), PT_OK);     /* bottom of the upper half */
    CHECK_ERR(t, proc_map_anon(p, 0xfffffffffffff000ull, 2, PROC_R, 0), PROC_ERR_BAD_COUNT);
    uint64_t pa = 0;
    CHECK_ERR(t, proc_translate(p, 0x3ffffff008ull, &pa), PT_OK);
    CHECK_ERR(t, tmem_write(f.mem, pa, 8, 0x0123456789abcdefull), 0);
    proc *c = proc_fork(p, "c", PROC_ASID_ANY, &err);
    CHECK_ERR(t, err, PT_OK);
    if (!c)
        goto out;
    CHECK_EQ(t, proc_asid(c), 1);
    CHECK(t, leaf_pte(c, 0x3ffffff000ull) & PTE_COW);
    CHECK_ERR(t, proc_fault(c, 0x3ffffff008ull, RVMMU_ACC_STORE, RVMMU_CAUSE_STORE_PAGE, &fi), PT_OK);
    CHECK_EQ(t, fi.kind, PROC_FAULT_COW_COPY);
    CHECK_EQ(t, tmem_peek(f.mem, fi.new_pa + 8, 8), 0x0123456789abcdefull);    /* 8-byte words copied whole */
    ref_result r = ref_access(&f, c, 0x3ffffff008ull, RVMMU_ACC_STORE);
    CHECK(t, !r.fault && r.pa == fi.new_pa + 8);
    r = ref_access(&f, p, 0x3ffffff008ull, RVMMU_ACC_STORE);
    CHECK(t, r.fault && r.cause == RVMMU_CAUSE_STORE_PAGE);
    /* A 2 MiB superpage window; an unaligned one is refused. */
    CHECK_ERR(t, proc_map_phys(p, 0x40000000, 0x80200000, 1, PROC_R), PT_OK);
    CHECK_ERR(t, proc_map_phys(p, 0x40600000, 0x80300000, 1, PROC_R), PT_ERR_UNALIGNED_PA);
    CHECK_ERR(t, proc_map_phys(p, 0x80200000, 0x80000000, 2, PROC_R), PT_ERR_UNALIGNED_VA);   /* 1 GiB */
    CHECK_ERR(t, proc_map_phys(p, 0x40000000, 0x80000000, 2, PROC_R), PT_ERR_ALREADY_MAPPED); /* covers the 2 MiB one */
    CHECK(t, proc_create(f.os, "wide", 0x10000, &err) == NULL);            /* 16-bit ASIDs */
    CHECK_ERR(t, err, PT_ERR_BAD_ASID);
out:
    fx_close(&f);
}

/* ------------------------------------------------------------------ */
/* Names and accounting.                                               */
/* ------------------------------------------------------------------ */

static void test_names(tctx *t)
{
    static const int codes[] = {PROC_ERR_BAD_PERMS, PROC_ERR_ASID_IN_USE, PROC_ERR_NO_ASID, PROC_ERR_EXITED,
                                PROC_ERR_BAD_COUNT, PROC_ERR_PARTIAL, PROC_ERR_BAD_OFFSET, PROC_ERR_BAD_SECTION};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        CHECK(t, proc_strerror(codes[i]) != NULL);
        CHECK(t, strcmp(proc_strerror(codes[i]), "unknown error") != 0);
        for (size_t j = 0; j < i; j++)
            CHECK(t, strcmp(proc_strerror(codes[i]), proc_strerror(codes[j])) != 0);
    }
    CHECK(t, !strcmp(proc_strerror(PT_ERR_ALREADY_MAPPED), pt_strerror(PT_ERR_ALREADY_MAPPED)));
    CHECK(t, !strcmp(proc_strerror(-999), "unknown error"));
    CHECK(t, !strcmp(proc_fault_name(PROC_FAULT_DEMAND), "demand"));
    CHECK(t, !strcmp(proc_fault_name(PROC_FAULT_COW_COPY), "cow"));
    CHECK(t, !strcmp(proc_fault_name(PROC_FAULT_COW_REUSE), "cow-reuse"));
    CHECK(t, !strcmp(proc_fault_name(PROC_FAULT_SEGV), "segv"));
    CHECK(t, !strcmp(proc_fault_name(PROC_FAULT_OOM), "oom"));
    CHECK_EQ(t, PTE_COW, 1u << 8);
}

static void test_sharing_accounting(tctx *t)
{
    fixture f;
    int err = 1;
    if (!fx_open(t, &f, RVMMU_MODE_SV32, 64))
        goto out;
    os_lib *lib = lib_load(f.os, "lib", 2, 1, &err);
    if (!lib)
        goto out;
    for (int i = 0; i < 10; i++) {
        proc *p = new_proc(t, &f, "p", PROC_ASID_ANY);
        if (!p)
            goto out;
        CHECK_ERR(t, proc_use_lib(p, lib, 0x40000000), PT_OK);
        CHECK_ERR(t, proc_map_anon(p, 0x7fff0000, 1, PROC_R | PROC_W, 0), PT_OK);
    }
    os_frames of;
    os_frame_stats(f.os, &of);
    CHECK_EQ(t, of.mappings, 40);          /* 10 x (2 code + 1 data + 1 stack) */
    CHECK_EQ(t, of.mapped_frames, 13);     /* 3 library frames + 10 stacks */
    CHECK_EQ(t, of.shared_frames, 3);
    CHECK_EQ(t, of.data_frames, 13);
    CHECK_EQ(t, of.table_frames, 30);      /* root + 2 L0 tables each */
    CHECK_EQ(t, of.data_frames + of.table_frames + of.free_frames, 64);
    proc_frames pf;
    proc_frame_stats(os_process(f.os, 4), &pf);
    CHECK_EQ(t, pf.private_frames, 1);
    CHECK_EQ(t, pf.shared_frames, 3);
    CHECK_EQ(t, pf.cow_pages, 3);
out:
    fx_close(&f);
}

static const test_case cases[] = {
    {"os_create: modes, memory and pool errors", test_os_create_errors},
    {"proc_create: ASIDs chosen, explicit, in use, too wide, exhausted, reused", test_proc_create_asids},
    {"map: Sv32 PTEs, fences, lookup, translate, frame counts", test_map_anon_sv32},
    {"map: over an existing page, bad permissions, alignment, ranges", test_map_errors},
    {"map: running out of frames changes nothing", test_map_out_of_frames},
    {"unmap: frames freed, fenced, holes refused", test_unmap},
    {"protect: PTE rewritten and fenced, demand pages, errors", test_protect},
    {"phys: superpage window, unaligned VA/PA, partial unmap refused", test_phys_superpage},
    {"demand paging: first touch maps a zero frame; SEGV_MAPERR/ACCERR otherwise", test_demand_paging},
    {"shared memory: one frame, two VAs, two permissions", test_shm},
    {"library: one copy of code and data, copy-on-write data, code protected", test_library},
    {"fork: copy-on-write both sides, copy then reuse, shm stays shared, exit", test_fork_cow},
    {"fork: out of frames leaves no child behind", test_fork_out_of_frames},
    {"copy-on-write: out of frames is oom and changes nothing", test_cow_out_of_frames},
    {"sv39: canonical ranges, 8-byte copy, 2 MiB window, 16-bit ASIDs", test_sv39_fork_and_canonical},
    {"names of errors and faults", test_names},
    {"accounting: ten processes sharing a library", test_sharing_accounting},
};

int main(void)
{
    return test_run_all(cases, sizeof cases / sizeof cases[0], NULL);
}
