/* ref.h -- reference model of RISC-V address translation, written from the
 * privileged specification (Virtual-Memory System) independently of the RTL.
 * Covers Sv32, Sv39, Sv48, Sv57, Svnapot (64 KiB) and Svpbmt, Svade/Svadu. */
#ifndef RVMMU_REF_H
#define RVMMU_REF_H

#include <stdint.h>

#include "pmp.h"

/* ---- Spec constants ------------------------------------------------------
 * The model's own encodings, written from the RISC-V privileged
 * specification (version 20211203 and the Svnapot/Svpbmt chapters),
 * independently of rtl/ (rtl/rvmmu_defs.vh, build/gen/rvmmu_defs.h) and of
 * sw/: the model is the RTL's judge, so it must not read the RTL's numbers.
 * tests/test_consts.c (unit/spec-constants-match-rtl) checks that the RTL's
 * constants and sw/'s PTE bits and satp packing agree with these. */

/* Exception codes (mcause/scause, Interrupt = 0): section 3.1.15 "Machine
 * Cause Register (mcause)", table "Machine cause register (mcause) values
 * after trap". */
#define REF_CAUSE_FETCH_ACCESS  1u     /* Instruction access fault */
#define REF_CAUSE_LOAD_ACCESS   5u     /* Load access fault */
#define REF_CAUSE_STORE_ACCESS  7u     /* Store/AMO access fault */
#define REF_CAUSE_FETCH_PAGE    12u    /* Instruction page fault */
#define REF_CAUSE_LOAD_PAGE     13u    /* Load page fault */
#define REF_CAUSE_STORE_PAGE    15u    /* Store/AMO page fault */
/* Guest-page faults (hypervisor extension): chapter "Hypervisor Extension",
 * section "Trap Cause Codes", table of mcause/scause values. */
#define REF_CAUSE_FETCH_GUEST_PAGE 20u /* Instruction guest-page fault */
#define REF_CAUSE_LOAD_GUEST_PAGE  21u /* Load guest-page fault */
#define REF_CAUSE_STORE_GUEST_PAGE 23u /* Store/AMO guest-page fault */

/* Privilege levels: section 1.2 "Privilege Levels", table "RISC-V privilege levels". */
#define REF_PRIV_U 0u
#define REF_PRIV_S 1u
#define REF_PRIV_M 3u

/* satp.MODE encodings: section 4.1.11 "Supervisor Address Translation and
 * Protection (satp) Register", table "Encoding of satp MODE field"
 * (RV32: 0 Bare, 1 Sv32; RV64: 0 Bare, 8 Sv39, 9 Sv48, 10 Sv57). */
#define REF_MODE_BARE 0u
#define REF_MODE_SV32 1u
#define REF_MODE_SV39 8u
#define REF_MODE_SV48 9u
#define REF_MODE_SV57 10u

/* satp field layout (same section): RV32 MODE[31] ASID[30:22] PPN[21:0];
 * RV64 MODE[63:60] ASID[59:44] PPN[43:0]. */
#define REF_SATP32_MODE_SHIFT 31
#define REF_SATP32_MODE_BITS  1
#define REF_SATP32_ASID_SHIFT 22
#define REF_SATP32_ASID_BITS  9
#define REF_SATP32_PPN_BITS   22
#define REF_SATP64_MODE_SHIFT 60
#define REF_SATP64_MODE_BITS  4
#define REF_SATP64_ASID_SHIFT 44
#define REF_SATP64_ASID_BITS  16
#define REF_SATP64_PPN_BITS   44

/* PTE bits: sections 4.3.1 "Addressing and Memory Protection" (Sv32 PTE,
 * V R W X U G A D, RSW 9:8, PPN from bit 10) and 4.4.1 (Sv39: PPN from bit
 * 10, reserved 60:54); chapter "Svpbmt" (PBMT 62:61) and chapter "Svnapot"
 * (N, bit 63). */
#define REF_PTE_V (1ULL << 0)
#define REF_PTE_R (1ULL << 1)
#define REF_PTE_W (1ULL << 2)
#define REF_PTE_X (1ULL << 3)
#define REF_PTE_U (1ULL << 4)
#define REF_PTE_G (1ULL << 5)
#define REF_PTE_A (1ULL << 6)
#define REF_PTE_D (1ULL << 7)
#define REF_PTE_PPN_SHIFT   10
#define REF_PTE_RV64_RSVD_MASK (0x7fULL << 54)  /* bits 60:54, reserved */
#define REF_PTE_PBMT_SHIFT  61                  /* bits 62:61, Svpbmt (RV64) */
#define REF_PTE_N (1ULL << 63)                  /* Svnapot (RV64) */

/* Svpbmt encodings: chapter "Svpbmt", table "Encodings for PBMT field". */
#define REF_PBMT_PMA 0u
#define REF_PBMT_NC  1u
#define REF_PBMT_IO  2u
#define REF_PBMT_RESERVED 3u

/* Access kinds: not a spec encoding but this interface's (the `acc` of
 * ref_translate, as the trace and the RTL's req_acc_i number them). */
#define REF_ACC_LOAD  0u
#define REF_ACC_STORE 1u
#define REF_ACC_FETCH 2u
/* HLVX.HU/HLVX.WU: a load for which "execute permission takes the place of
 * read permission during address translation" (chapter "Hypervisor
 * Extension", "Hypervisor Virtual-Machine Load and Store Instructions"); its
 * faults are a load's (causes 5, 13, 21) and the PA must allow R and X. Only
 * for ref_translate_h with virt set (HLVX is always translated as though V=1). */
#define REF_ACC_LOADX 3u

/* hgatp.MODE (chapter "Hypervisor Extension", "Hypervisor Guest Address
 * Translation and Protection (hgatp) Register", table "Encoding of hgatp
 * MODE field"): 0 Bare, 1 Sv32x4 (HSXLEN=32); 8 Sv39x4, 9 Sv48x4, 10 Sv57x4
 * (HSXLEN=64). The same numbers as satp's Sv32/Sv39/Sv48/Sv57, whose
 * geometry each widens by 2 bits: the model keeps hgatp's MODE in the
 * REF_MODE_* constants, the x4 being implied by the register. */
#define REF_HGATP_VMID_BITS_RV32 7     /* VMIDMAX for Sv32x4 */
#define REF_HGATP_VMID_BITS_RV64 14    /* VMIDMAX for Sv39x4, Sv48x4, Sv57x4 */

/* The special pseudoinstructions for mtinst/htinst on a guest-page fault
 * caused by an implicit VS-stage access (chapter "Hypervisor Extension",
 * "Transformed Instruction or Pseudoinstruction for mtinst or htinst",
 * table "Special pseudoinstruction values for guest-page faults"). */
#define REF_TINST_VS_READ32  0x00002000u
#define REF_TINST_VS_WRITE32 0x00002020u
#define REF_TINST_VS_READ64  0x00003000u
#define REF_TINST_VS_WRITE64 0x00003020u

/* ref_result.gpf_implicit: was a guest-page fault caused by an implicit
 * memory access for VS-stage translation, and which one. */
#define REF_GPF_EXPLICIT 0     /* the access's own GPA (or no guest-page fault) */
#define REF_GPF_VS_READ  1     /* reading a VS-level PTE */
#define REF_GPF_VS_WRITE 2     /* the A/D update of a VS-level PTE */

/* The translation context of one access. */
typedef struct {
    unsigned mode;      /* REF_MODE_BARE/SV32/SV39/SV48/SV57 */
    uint32_t asid;
    uint64_t root_ppn;  /* satp.PPN */
    unsigned priv;      /* REF_PRIV_U/S/M */
    int sum, mxr, adue;
    /* PMP (lib/pmp.h), or NULL for none: the PTE reads and A/D swaps are
     * checked as S-mode accesses (spec, "Physical Memory Protection": "PMP
     * checks are also applied to page-table accesses for virtual-address
     * translation, for which the effective privilege mode is S"), their
     * failure an access fault of the access's type (translation steps 2 and
     * 7); the PA of every response (walk, cached leaf, Bare, M) is checked
     * at priv for the access's R, W or X, every byte of the access
     * (access_bytes), its failure an access fault (causes 1, 5, 7). */
    const pmp_state *pmp;
    /* The data access's bytes (1, 2, 4 or 8, its PA aligned to them; 0 counts
     * as 1): the PA's PMP check covers them all ("if the PMP entry matches
     * all bytes of an access"). */
    unsigned access_bytes;
} ref_ctx;

/* The hypervisor extension's state of one access (chapter "Hypervisor
 * Extension"), beside its ref_ctx (whose pmp, access_bytes, priv, mxr and
 * adue still apply). virt is the virtualization mode V of the access: 1 for
 * VS/VU-mode accesses and for HLV/HLVX/HSV (the caller then sets ctx.priv to
 * hstatus.SPVP's U or S: "The explicit memory access is done as though in
 * VU-mode when SPVP=0, and as though in VS-mode when SPVP=1"). With virt,
 * ctx.mode/asid/root_ppn/sum (satp, sstatus.SUM) are not used: vsatp and
 * vsstatus.SUM take their place ("When V=1, the VS CSRs substitute for the
 * corresponding supervisor CSRs"); ctx.mxr stays mstatus.MXR (= HS-level
 * sstatus.MXR), which applies to both stages, vmxr (vsstatus.MXR) to the
 * VS-stage only ("Two-Stage Address Translation"); ctx.adue stays
 * menvcfg.ADUE, which governs the G-stage, vadue is henvcfg.ADUE, which
 * governs the VS-stage (section "Hypervisor Environment Configuration
 * Register", Svadu). */
typedef struct {
    int virt;
    unsigned vs_mode;   /* vsatp.MODE: REF_MODE_BARE/SV32/SV39/SV48/SV57 */
    uint32_t vs_asid;   /* vsatp.ASID */
    uint64_t vs_ppn;    /* vsatp.PPN */
    unsigned g_mode;    /* hgatp.MODE: REF_MODE_BARE, or SV32/39/48/57 meaning Sv32x4/39x4/48x4/57x4 */
    uint32_t vmid;      /* hgatp.VMID */
    uint64_t g_ppn;     /* hgatp.PPN (its low 2 bits are taken as zero: the root is 16 KiB aligned) */
    int vsum, vmxr, vadue;
} ref_hctx;

/* Physical memory as the reference model sees it: PTE-sized words. */
typedef struct {
    /* Read the PTE-sized word (bytes = 4 or 8) at pa; 0 on success, -1 on bus error. */
    int (*read)(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val);
    /* Atomically: old = mem[pa]; if old == expect, mem[pa] = desired. 0 ok, -1 bus error. */
    int (*cas)(void *opaque, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t desired, uint64_t *old);
    void *opaque;
} ref_mem;

/* A leaf translation as a TLB would hold it. */
typedef struct {
    unsigned mode;      /* mode it was made under */
    uint32_t asid;
    int g;              /* the leaf PTE's G bit */
    uint64_t vpn;       /* va >> 12, masked to the mode's VA width */
    int level;          /* level of the leaf: 0 = 4 KiB, 1 = 4 MiB (Sv32) / 2 MiB, ... */
    int napot;          /* Svnapot 64 KiB page */
    uint64_t ppn;       /* the leaf's PPN field (as in the PTE) */
    uint64_t pte;       /* the leaf PTE as finally in memory (after any A/D update) */
    unsigned pbmt;
} ref_leaf;

/* A pointer (non-leaf PTE) as a page-walk cache would hold it: the table it
 * points to and everything its meaning depends on. */
typedef struct {
    unsigned mode;      /* mode it was read under */
    uint32_t asid;
    int g;              /* the pointer PTE's own G bit (every mapping below is global) */
    uint64_t vpn;       /* va >> 12 masked to the mode's VA width, the fields at and below level cleared */
    int level;          /* level of the table it points to (its own level minus one) */
    uint64_t ppn;       /* that table's PPN */
} ref_ptr;

/* The outcome of one translation. */
typedef struct {
    int fault;          /* 0: translated; 1: fault with cause */
    unsigned cause;     /* REF_CAUSE_* */
    uint64_t pa;
    unsigned pbmt;      /* REF_PBMT_* of the leaf (0 in Sv32/Bare) */
    int walked;         /* a page-table walk happened */
    int has_leaf;       /* leaf is valid (translation succeeded through a walk) */
    ref_leaf leaf;
    int ad_written;     /* the walk wrote A/D (Svadu) */
    uint64_t ad_pa;     /* where, and */
    uint64_t ad_value;  /* the value written */
    int pa_denied;      /* PMP refused the PA of a translation the walk made
                           (fault is set; has_leaf too, a TLB may keep it) */
    int nptrs;          /* the pointers the walk followed (its last pass), root side first */
    ref_ptr ptrs[4];
    /* Two-stage translation (ref_translate_h with h->virt): */
    uint64_t gpa;       /* the guest physical address: of the access when translated (or its
                           G-stage faulted); of the VS-level PTE when an implicit access faulted */
    int gpf_implicit;   /* REF_GPF_*: for a guest-page fault, which access caused it */
} ref_result;

/* Number of page-table levels of a mode (2 for Sv32 ... 5 for Sv57, 0 for Bare). */
int ref_levels(unsigned mode);

/* PTE size in bytes of a mode (4 for Sv32, 8 for the RV64 modes). */
unsigned ref_pte_bytes(unsigned mode);

/* Full page-table walk of va per the spec's translation process, with Svadu updates through m->cas. */
ref_result ref_translate(const ref_ctx *c, uint64_t va, unsigned acc, const ref_mem *m);

/* ref_translate with the hypervisor extension's state h (NULL, or h->virt
 * 0: exactly ref_translate). With h->virt: two-stage translation (lib/ref.c,
 * "Two-Stage Address Translation"); acc may be REF_ACC_LOADX; leaf, ptrs and
 * has_leaf are then not filled (no TLB caches two-stage translations yet),
 * gpa and gpf_implicit are. */
ref_result ref_translate_h(const ref_ctx *c, const ref_hctx *h, uint64_t va, unsigned acc, const ref_mem *m);

/* ref_translate, but the walk starts at the table a cached pointer gives
 * (start->level, start->ppn) instead of at the root (start NULL: the root).
 * A walk that starts again after a failed A/D swap starts at the root. */
ref_result ref_translate_from(const ref_ctx *c, uint64_t va, unsigned acc, const ref_mem *m, const ref_ptr *start);

/* Does a cached pointer belong to the walk of va under context c (mode, ASID/G, the VPN fields above its table)? */
int ref_ptr_matches(const ref_ptr *p, const ref_ctx *c, uint64_t va);

/* Is a cached pointer removed by SFENCE.VMA with these operands? The rs1=x0
 * forms order every level of the page tables (the ASID form not global
 * mappings); the rs1!=x0 forms order only the leaf PTEs of that VA, so a
 * pointer may be kept across them (spec, "Supervisor Memory-Management
 * Fence Instruction"): 0. */
int ref_sfence_covers_ptr(const ref_ptr *p, int rs1_x0, int rs2_x0, uint32_t asid);

/* Does a cached leaf translate va under context c (mode, ASID/G, VPN at the leaf's size)? */
int ref_leaf_matches(const ref_leaf *l, const ref_ctx *c, uint64_t va);

/* Outcome of using a cached leaf for an access: 0 = allowed (pa filled),
 * 1 = fault (cause filled: a page fault, or an access fault when c->pmp
 * refuses the PA), 2 = must walk again (a store to a page with D clear). */
int ref_leaf_use(const ref_leaf *l, const ref_ctx *c, uint64_t va, unsigned acc, uint64_t *pa, unsigned *cause);

/* Is a cached leaf removed by SFENCE.VMA with these operands (rs1/rs2 being x0 or not)? */
int ref_sfence_covers(const ref_leaf *l, int rs1_x0, uint64_t va, int rs2_x0, uint32_t asid);

/* Could one lookup match both leaves (so a TLB may hold only one of them)? */
int ref_leaves_overlap(const ref_leaf *a, const ref_leaf *b);

/* The htinst/mtinst value a guest-page fault requires (0 when none is
 * required: not caused by an implicit VS-stage access), for VSXLEN xlen. */
uint32_t ref_tinst_pseudo(const ref_result *r, int xlen);

/* An ideal TLB: unbounded, never evicts, caches every successful walk. It
 * holds V=0 translations only: two-stage ones (ref_translate_h) are not
 * cached, so HFENCE.VVMA and HFENCE.GVMA have nothing to remove from it, and
 * an SFENCE.VMA made with V=1 (which orders only VS-stage translations of
 * the current VMID) must not be applied to it. */
typedef struct {
    ref_leaf *e;
    int n, cap;
} ref_tlb;

/* One access through the ideal TLB: a usable hit answers from it, else a walk fills it. */
ref_result ref_tlb_access(ref_tlb *t, const ref_ctx *c, uint64_t va, unsigned acc, const ref_mem *m);

/* Apply SFENCE.VMA to the ideal TLB. */
void ref_tlb_sfence(ref_tlb *t, int rs1_x0, uint64_t va, int rs2_x0, uint32_t asid);

/* Free the ideal TLB's storage. */
void ref_tlb_free(ref_tlb *t);

#endif
