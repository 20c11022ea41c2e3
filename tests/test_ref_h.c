/* test_ref_h.c -- unit tests of the reference model's two-stage translation
 * (lib/ref.c, ref_translate_h: the hypervisor extension).
 *
 * Every expected value was worked out by hand from the privileged
 * specification, chapter "Hypervisor Extension" (sections "Two-Stage Address
 * Translation", "Guest Physical Address Translation", "Guest-Page Faults",
 * "Hypervisor Virtual-Machine Load and Store Instructions", "Transformed
 * Instruction or Pseudoinstruction for mtinst or htinst") and chapter
 * "Virtual-Memory System"; the arithmetic is in the comments, never taken
 * from the model's output.
 *
 * The RV64 layout most cases share (PTE flags: V 0x01 R 0x02 W 0x04 X 0x08
 * U 0x10 G 0x20 A 0x40 D 0x80; a PTE is PPN << 10 | flags):
 *   hgatp Sv39x4, PPN 0x80010: the 16 KiB G-stage root at SPA 0x80010000.
 *     G root[0] (SPA 0x80010000) = 0x200000df: a 1 GiB leaf, PPN 0x80000,
 *       D A U X W R V: GPA g < 2^30 -> SPA 0x80000000 + g.
 *   vsatp Sv39, PPN 0x20: the VS root at GPA 0x20000 (SPA 0x80020000).
 *     VS root[0] (GPA 0x20000) = 0x8401: pointer to GPA 0x21000.
 *     VS L1[2]   (GPA 0x21010) = 0x8801: pointer to GPA 0x22000.
 *     VS L0[0]   (GPA 0x22000) = 0xc0c7: leaf, GPA page 0x30, D A W R V (an S page).
 *   VA 0x400123 (Sv39: VPN[2] 0, VPN[1] 2, VPN[0] 0) -> GPA 0x30123 -> SPA 0x80030123.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ref.h"

#define TEST_STRERROR(e) ((void)(e), "")
#include "testcheck.h"
#include "testmem.h"

#define RAM_LO 0x80000000ull
#define RAM_HI 0x90000000ull

#define G_ROOT    0x80010000ull
#define VS_ROOT   0x80020000ull   /* GPA 0x20000 */
#define VS_L1     0x80021000ull   /* GPA 0x21000 */
#define VS_L0     0x80022000ull   /* GPA 0x22000 */
#define VA        0x400123ull

static void put64(test_mem *m, uint64_t pa, uint64_t v)
{
    (void)tmem_write(m, pa, 8, v);
}

static ref_mem as_ref(test_mem *m)
{
    ref_mem rm = {tmem_read, tmem_cas, m};
    return rm;
}

/* The shared RV64 layout (see the header) in a fresh memory. */
static void layout39(test_mem *m)
{
    tmem_init(m, RAM_LO, RAM_HI);
    put64(m, G_ROOT, 0x200000df);
    put64(m, VS_ROOT, 0x8401);
    put64(m, VS_L1 + 2 * 8, 0x8801);
    put64(m, VS_L0, 0xc0c7);
}

static ref_ctx ctx_s(void)
{
    ref_ctx c;
    memset(&c, 0, sizeof c);
    c.priv = REF_PRIV_S;
    return c;
}

static ref_hctx hctx39(void)
{
    ref_hctx h;
    memset(&h, 0, sizeof h);
    h.virt = 1;
    h.vs_mode = REF_MODE_SV39;
    h.vs_asid = 1;
    h.vs_ppn = 0x20;
    h.g_mode = REF_MODE_SV39;   /* Sv39x4 */
    h.vmid = 1;
    h.g_ppn = 0x80010;
    return h;
}

static ref_result go(test_mem *m, const ref_ctx *c, const ref_hctx *h, uint64_t va, unsigned acc)
{
    ref_mem rm = as_ref(m);
    return ref_translate_h(c, h, va, acc, &rm);
}

/* Two stages, every PTE address a GPA: VA 0x400123 -> GPA 0x30123 -> SPA 0x80030123. */
static void test_basic(tctx *t)
{
    test_mem m;
    layout39(&m);
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    ref_result r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, 0x80030123);
    CHECK_EQ(t, r.gpa, 0x30123);
    /* a store too: the VS leaf has W and D, the G leaf W, U, D */
    r = go(&m, &c, &h, VA, REF_ACC_STORE);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, 0x80030123);
    /* h NULL or virt 0: the single-stage model (satp Bare here: PA = VA) */
    h.virt = 0;
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, VA);
    tmem_free(&m);
}

/* "when checking the U bit, the current privilege mode is always taken to be
 * U-mode": a G-stage leaf without U refuses even the implicit read of the
 * VS root PTE at GPA 0x20000 + VPN[2] 0 * 8 = 0x20000: load guest-page fault
 * (21) reporting that GPA, an implicit read (tinst 0x3000). */
static void test_gstage_user(tctx *t)
{
    test_mem m;
    layout39(&m);
    put64(&m, G_ROOT, 0x200000cf);      /* D A X W R V, no U */
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    ref_result r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 1);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_GUEST_PAGE);
    CHECK_EQ(t, r.gpa, 0x20000);
    CHECK_EQ(t, r.gpf_implicit, REF_GPF_VS_READ);
    CHECK_EQ(t, ref_tinst_pseudo(&r, 64), 0x3000);
    CHECK_EQ(t, ref_tinst_pseudo(&r, 32), 0x2000);
    /* "any exception is always reported for the original access type" */
    r = go(&m, &c, &h, VA, REF_ACC_FETCH);
    CHECK_EQ(t, r.cause, REF_CAUSE_FETCH_GUEST_PAGE);
    r = go(&m, &c, &h, VA, REF_ACC_STORE);
    CHECK_EQ(t, r.cause, REF_CAUSE_STORE_GUEST_PAGE);
    CHECK_EQ(t, r.gpf_implicit, REF_GPF_VS_READ);   /* still the PTE read */
    tmem_free(&m);
}

/* Sv39x4: "Address bits 63:41 must all be zeros, or else a guest-page-fault
 * exception occurs"; the 16 KiB root's entry 0x7ff (at 0x80010000 + 0x7ff*8
 * = 0x80013ff8) serves the top GPA bits 40:30 = 0x7ff. */
static void test_sv39x4_width(tctx *t)
{
    test_mem m;
    layout39(&m);
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    /* VS leaf PPN 1 << 29: GPA 2^41 + 0x123 */
    put64(&m, VS_L0, (1ull << 39) | 0xc7);
    ref_result r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 1);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_GUEST_PAGE);
    CHECK_EQ(t, r.gpa, (1ull << 41) | 0x123);
    CHECK_EQ(t, r.gpf_implicit, REF_GPF_EXPLICIT);
    CHECK_EQ(t, ref_tinst_pseudo(&r, 64), 0);
    /* VS leaf PPN 0x1ffc0000 (<< 10 = 0x7ff0000000): GPA 0x1ffc0000123,
     * G root[0x7ff] a 1 GiB leaf to SPA 0x80000000: SPA 0x80000123 */
    put64(&m, VS_L0, 0x7ff0000000ull | 0xc7);
    put64(&m, G_ROOT + 0x7ff * 8, 0x200000df);
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.gpa, 0x1ffc0000123ull);
    CHECK_EQ(t, r.pa, 0x80000123);
    tmem_free(&m);
}

/* hgatp's PPN: "the lowest two bits ... always read as zeros": PPN 0x80013
 * walks the root at 0x80010000 as 0x80010 does. */
static void test_root_alignment(tctx *t)
{
    test_mem m;
    layout39(&m);
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    h.g_ppn = 0x80013;
    ref_result r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, 0x80030123);
    /* and a 4 KiB satp root is not rounded: 0x80013 would be its own page
     * (the VS-stage vsatp PPN 0x21 walks GPA 0x21000, whose entry 0 is 0:
     * invalid, a VS-stage load page fault) */
    h.g_ppn = 0x80010;
    h.vs_ppn = 0x21;
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 1);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_PAGE);
    tmem_free(&m);
}

/* VS-stage faults are ordinary page faults: no R on the VS leaf. */
static void test_vs_page_fault(tctx *t)
{
    test_mem m;
    layout39(&m);
    put64(&m, VS_L0, 0xc0c5);           /* D A W V: W without R, reserved */
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    ref_result r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 1);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_PAGE);
    CHECK_EQ(t, r.gpf_implicit, REF_GPF_EXPLICIT);
    /* a non-canonical VA under Sv39 vsatp: page fault, not guest */
    r = go(&m, &c, &h, 1ull << 40, REF_ACC_FETCH);
    CHECK_EQ(t, r.cause, REF_CAUSE_FETCH_PAGE);
    tmem_free(&m);
}

/* vsstatus.SUM (not sstatus.SUM) for VS-mode, U-mode needs U (VU-mode). */
static void test_vsum(tctx *t)
{
    test_mem m;
    layout39(&m);
    put64(&m, VS_L0, 0xc0d7);           /* D A U W R V */
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    c.sum = 1;                          /* HS-level SUM: ignored when V=1 */
    ref_result r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_PAGE);
    h.vsum = 1;
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, 0x80030123);
    c.priv = REF_PRIV_U;                /* VU-mode (or HLV with SPVP=0) */
    h.vsum = 0;
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    put64(&m, VS_L0, 0xc0c7);           /* an S page: VU-mode faults */
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_PAGE);
    tmem_free(&m);
}

/* MXR and HLVX. G root[1] (SPA 0x80010008) = 0x30000059: a 1 GiB leaf,
 * PPN 0xc0000, A U X V (execute-only): GPA 0x40000000 + x -> SPA 0xc0000000 + x.
 * The VS leaf points at GPA page 0x40000 (PPN << 10 = 0x10000000). */
static void test_mxr_hlvx(tctx *t)
{
    test_mem m;
    layout39(&m);
    put64(&m, G_ROOT + 8, 0x30000059);
    put64(&m, VS_L0, 0x10000043);       /* A R V */
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    /* G-stage execute-only: the explicit load faults at the G-stage */
    ref_result r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 1);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_GUEST_PAGE);
    CHECK_EQ(t, r.gpa, 0x40000123);
    CHECK_EQ(t, r.gpf_implicit, REF_GPF_EXPLICIT);
    /* "Setting MXR at VS-level does not override guest-physical page protections" */
    h.vmxr = 1;
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_GUEST_PAGE);
    /* "Setting MXR at HS-level, however, overrides both" */
    h.vmxr = 0;
    c.mxr = 1;
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, 0xc0000123);
    /* VS leaf execute-only: vsstatus.MXR alone makes it readable at the VS
     * stage (the G leaf for GPA 0x30000 is R W X U) */
    c.mxr = 0;
    put64(&m, VS_L0, 0xc049);           /* A X V, GPA page 0x30 */
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_PAGE);
    h.vmxr = 1;
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, 0x80030123);
    /* HLVX: execute in place of read at both stages: VS X-only, G X-only */
    h.vmxr = 0;
    put64(&m, VS_L0, 0x10000049);       /* A X V, GPA page 0x40000 */
    r = go(&m, &c, &h, VA, REF_ACC_LOADX);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, 0xc0000123);
    /* HLVX of a readable, non-executable VS page: a load page fault */
    put64(&m, VS_L0, 0x10000043);       /* A R V */
    r = go(&m, &c, &h, VA, REF_ACC_LOADX);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_PAGE);
    /* HLVX, VS X, G R-only (G root[1] = PPN 0xc0000, A U R V = 0x30000053): load guest-page fault */
    put64(&m, VS_L0, 0x10000049);
    put64(&m, G_ROOT + 8, 0x30000053);
    r = go(&m, &c, &h, VA, REF_ACC_LOADX);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_GUEST_PAGE);
    CHECK_EQ(t, r.gpa, 0x40000123);
    tmem_free(&m);
}

/* MXR "makes execute-only pages readable by explicit loads": the implicit
 * reads of VS-level PTEs need R at the G-stage whatever mstatus.MXR. G root[0]
 * execute-only (A U X V, 0x20000059): the VS root PTE read at GPA 0x20000 faults. */
static void test_implicit_ignores_mxr(tctx *t)
{
    test_mem m;
    layout39(&m);
    put64(&m, G_ROOT, 0x20000059);
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    c.mxr = 1;
    ref_result r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 1);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_GUEST_PAGE);
    CHECK_EQ(t, r.gpa, 0x20000);
    CHECK_EQ(t, r.gpf_implicit, REF_GPF_VS_READ);
    tmem_free(&m);
}

/* A/D: the VS leaf's update is an implicit store through the G-stage. */
static void test_vs_ad_through_gstage(tctx *t)
{
    test_mem m;
    layout39(&m);
    put64(&m, VS_L0, 0xc087);           /* D W R V, A clear */
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    /* henvcfg.ADUE 0 (Svade at the VS-stage): a load page fault */
    ref_result r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_PAGE);
    /* henvcfg.ADUE 1, the G leaf not writable (D A U X R V = 0x200000db):
     * the store of the VS PTE at GPA 0x22000 fails at the G-stage: a load
     * guest-page fault (the original type), implicit write, tinst 0x3020 */
    h.vadue = 1;
    put64(&m, G_ROOT, 0x200000db);
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 1);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_GUEST_PAGE);
    CHECK_EQ(t, r.gpa, 0x22000);
    CHECK_EQ(t, r.gpf_implicit, REF_GPF_VS_WRITE);
    CHECK_EQ(t, ref_tinst_pseudo(&r, 64), 0x3020);
    CHECK_EQ(t, ref_tinst_pseudo(&r, 32), 0x2020);
    CHECK_EQ(t, tmem_peek(&m, VS_L0, 8), 0xc087);   /* unchanged */
    /* G leaf writable but D clear (A U X W R V = 0x2000005f), menvcfg.ADUE 0:
     * the implicit store needs D at the G-stage: Svade, the same fault */
    put64(&m, G_ROOT, 0x2000005f);
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_GUEST_PAGE);
    CHECK_EQ(t, r.gpf_implicit, REF_GPF_VS_WRITE);
    /* menvcfg.ADUE 1: the G leaf gets D (0x2000005f | 0x80 = 0x200000df),
     * then the VS leaf gets A (0xc087 | 0x40 = 0xc0c7) */
    c.adue = 1;
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, 0x80030123);
    CHECK_EQ(t, tmem_peek(&m, G_ROOT, 8), 0x200000df);
    CHECK_EQ(t, tmem_peek(&m, VS_L0, 8), 0xc0c7);
    tmem_free(&m);
}

/* G-stage A/D of the data page itself under Svadu: a store sets A and D of
 * the G leaf (G root[1] = PPN 0xc0000, U X W R V = 0x3000001f -> 0x300000df). */
static void test_gstage_ad_data(tctx *t)
{
    test_mem m;
    layout39(&m);
    put64(&m, G_ROOT + 8, 0x3000001f);
    put64(&m, VS_L0, 0x100000c7);       /* D A W R V, GPA page 0x40000 */
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    ref_result r = go(&m, &c, &h, VA, REF_ACC_STORE);
    CHECK_EQ(t, r.cause, REF_CAUSE_STORE_GUEST_PAGE);   /* Svade at the G-stage */
    CHECK_EQ(t, r.gpa, 0x40000123);
    CHECK_EQ(t, r.gpf_implicit, REF_GPF_EXPLICIT);
    c.adue = 1;
    r = go(&m, &c, &h, VA, REF_ACC_STORE);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, 0xc0000123);
    CHECK_EQ(t, tmem_peek(&m, G_ROOT + 8, 8), 0x300000df);
    tmem_free(&m);
}

/* vsatp Bare: GPA = VA, G-stage only; hgatp Bare: SPA = GPA. */
static void test_bare_stages(tctx *t)
{
    test_mem m;
    layout39(&m);
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    h.vs_mode = REF_MODE_BARE;
    ref_result r = go(&m, &c, &h, 0x1234, REF_ACC_FETCH);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, 0x80001234);
    /* Sv39x4: a GPA of 2^41 faults; so does a VA with bit 63 (no canonical rule at a Bare VS-stage) */
    r = go(&m, &c, &h, 1ull << 41, REF_ACC_LOAD);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_GUEST_PAGE);
    CHECK_EQ(t, r.gpa, 1ull << 41);
    r = go(&m, &c, &h, 0xffffffffffff1000ull, REF_ACC_STORE);
    CHECK_EQ(t, r.cause, REF_CAUSE_STORE_GUEST_PAGE);
    CHECK_EQ(t, r.gpa, 0xffffffffffff1000ull);
    /* Sv48x4: bits 63:50; Sv57x4: 63:59 (the root is empty: below the limit
     * an invalid PTE, also a guest-page fault, but at the GPA itself) */
    h.g_mode = REF_MODE_SV48;
    h.g_ppn = 0x80100;
    r = go(&m, &c, &h, 1ull << 50, REF_ACC_LOAD);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_GUEST_PAGE);
    CHECK_EQ(t, r.gpa, 1ull << 50);
    h.g_mode = REF_MODE_SV57;
    r = go(&m, &c, &h, 1ull << 59, REF_ACC_LOAD);
    CHECK_EQ(t, r.cause, REF_CAUSE_LOAD_GUEST_PAGE);
    CHECK_EQ(t, r.gpa, 1ull << 59);
    /* hgatp Bare, vsatp Sv39 at SPA 0x80040000: root[0] -> 0x80041000,
     * L1[2] -> 0x80042000, L0[0] = leaf PPN 0x80050, D A W R V */
    put64(&m, 0x80040000, (0x80041ull << 10) | 1);
    put64(&m, 0x80041010, (0x80042ull << 10) | 1);
    put64(&m, 0x80042000, (0x80050ull << 10) | 0xc7);
    h.g_mode = REF_MODE_BARE;
    h.g_ppn = 0;
    h.vs_mode = REF_MODE_SV39;
    h.vs_ppn = 0x80040;
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pa, 0x80050123);
    CHECK_EQ(t, r.gpa, 0x80050123);
    tmem_free(&m);
}

/* A G-stage PTE that cannot be read: an access fault of the access's type. */
static void test_gstage_access_fault(tctx *t)
{
    test_mem m;
    layout39(&m);
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    h.g_ppn = 0x10;                     /* root at SPA 0x10000: no ram there */
    ref_result r = go(&m, &c, &h, VA, REF_ACC_STORE);
    CHECK_EQ(t, r.fault, 1);
    CHECK_EQ(t, r.cause, REF_CAUSE_STORE_ACCESS);
    tmem_free(&m);
}

/* Svpbmt over two stages: non-zero VS PBMT overrides the G-stage's. */
static void test_pbmt(tctx *t)
{
    test_mem m;
    layout39(&m);
    ref_ctx c = ctx_s();
    ref_hctx h = hctx39();
    put64(&m, G_ROOT, 0x200000df | (1ull << 61));   /* G: NC */
    ref_result r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.pbmt, REF_PBMT_NC);
    put64(&m, VS_L0, 0xc0c7 | (2ull << 61));        /* VS: IO */
    r = go(&m, &c, &h, VA, REF_ACC_LOAD);
    CHECK_EQ(t, r.pbmt, REF_PBMT_IO);
    tmem_free(&m);
}

/* RV32: Sv32 over Sv32x4. hgatp PPN 0x80010 (16 KiB root at 0x80010000):
 *   G root[0] (0x80010000) = 0x200000df: a 4 MiB leaf, PPN 0x80000: GPA g < 4 MiB -> 0x80000000 + g.
 *   G root[0x801] (0x80010000 + 0x801*4 = 0x80012004, beyond the first 4 KiB)
 *     = 0x201000df: a 4 MiB leaf, PPN 0x80400: GPA 0x200400000 + x -> 0x80400000 + x.
 *   vsatp Sv32 PPN 0x20 (GPA 0x20000 -> SPA 0x80020000); VS root[1] (GPA 0x20004)
 *     = 0x801000cf: a 4 MiB leaf, PPN 0x200400, D A X W R V: VA 0x400000 + x -> GPA 0x200400000 + x.
 *   VA 0x400abc: GPA 0x200400abc (Sv32x4 VPN[1] = 0x200400abc >> 22 = 0x801) -> SPA 0x80400abc. */
static void test_sv32x4(tctx *t)
{
    test_mem m;
    tmem_init(&m, RAM_LO, RAM_HI);
    (void)tmem_write(&m, 0x80010000, 4, 0x200000df);
    (void)tmem_write(&m, 0x80012004, 4, 0x201000df);
    (void)tmem_write(&m, 0x80020004, 4, 0x801000cf);
    ref_ctx c = ctx_s();
    ref_hctx h;
    memset(&h, 0, sizeof h);
    h.virt = 1;
    h.vs_mode = REF_MODE_SV32;
    h.vs_ppn = 0x20;
    h.g_mode = REF_MODE_SV32;           /* Sv32x4 */
    h.g_ppn = 0x80010;
    ref_result r = go(&m, &c, &h, 0x400abc, REF_ACC_LOAD);
    CHECK_EQ(t, r.fault, 0);
    CHECK_EQ(t, r.gpa, 0x200400abcull);
    CHECK_EQ(t, r.pa, 0x80400abcull);
    /* the implicit read of VS root[1] at GPA 0x20004 fails when G root[0] lacks U (0x200000cf) */
    (void)tmem_write(&m, 0x80010000, 4, 0x200000cf);
    r = go(&m, &c, &h, 0x400abc, REF_ACC_FETCH);
    CHECK_EQ(t, r.cause, REF_CAUSE_FETCH_GUEST_PAGE);
    CHECK_EQ(t, r.gpa, 0x20004);
    CHECK_EQ(t, r.gpf_implicit, REF_GPF_VS_READ);
    CHECK_EQ(t, ref_tinst_pseudo(&r, 32), 0x2000);
    tmem_free(&m);
}

int main(void)
{
    static const test_case cases[] = {
        {"unit/ref-h/basic-two-stage", test_basic},
        {"unit/ref-h/gstage-user-check", test_gstage_user},
        {"unit/ref-h/sv39x4-width-and-root-top-entry", test_sv39x4_width},
        {"unit/ref-h/x4-root-alignment", test_root_alignment},
        {"unit/ref-h/vs-page-fault", test_vs_page_fault},
        {"unit/ref-h/vsstatus-sum", test_vsum},
        {"unit/ref-h/mxr-and-hlvx", test_mxr_hlvx},
        {"unit/ref-h/implicit-ignores-mxr", test_implicit_ignores_mxr},
        {"unit/ref-h/vs-ad-through-gstage", test_vs_ad_through_gstage},
        {"unit/ref-h/gstage-ad-data", test_gstage_ad_data},
        {"unit/ref-h/bare-stages-and-widths", test_bare_stages},
        {"unit/ref-h/gstage-access-fault", test_gstage_access_fault},
        {"unit/ref-h/pbmt-two-stage", test_pbmt},
        {"unit/ref-h/sv32x4", test_sv32x4},
    };
    return test_run_all(cases, sizeof cases / sizeof cases[0], NULL);
}
