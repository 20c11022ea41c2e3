/* ref.c -- reference model of RISC-V address translation (see ref.h).
 *
 * Written from the RISC-V privileged specification, "Supervisor-Level ISA >
 * Virtual-Memory System": Sv32/Sv39/Sv48/Sv57, the "Virtual Address
 * Translation Process", and the Svnapot and Svpbmt chapters. Step numbers in
 * the comments are those of the translation process (without Zicfiss):
 *   1 a = satp.ppn*PAGESIZE, i = LEVELS-1
 *   2 read pte at a + va.vpn[i]*PTESIZE (PMA/PMP violation -> access fault)
 *   3 V=0, or W&!R, or reserved bits/encodings -> page fault
 *   4 leaf if R|X, else i--, i<0 -> page fault, a = pte.ppn*PAGESIZE, step 2
 *   5 leaf permission check (R/W/X/U, priv, SUM, MXR) -> page fault
 *   6 misaligned superpage -> page fault
 *   7 A=0 or store&D=0: Svade -> page fault; Svadu -> atomic A/D update,
 *     access fault if the store of the PTE fails, back to step 2 if the PTE
 *     changed since step 2
 *   8 pa = leaf ppn above level i, va vpn below, va page offset
 * Choices where the spec leaves room (project rules):
 *   - G: a leaf is global only if its own G bit is set (a G on a non-leaf is
 *     not inherited; the spec allows treating such mappings as non-global).
 *   - A/D update: after MAX_AD_RETRIES restarts caused by a changed PTE the
 *     walk gives up with a page fault of the access kind.
 *   - A non-canonical VA never matches a cached leaf (it faults first).
 *   - SFENCE.VMA's va is masked to the mode's VA width, not checked.
 * Two-stage translation (ref_translate_h; chapter "Hypervisor Extension",
 * section "Two-Stage Address Translation"): the same walk serves the
 * VS-stage and the G-stage (struct stage below). Choices there:
 *   - HLVX is a load for the U/SUM rule, with X in place of R (the spec
 *     says only that execute permission takes the place of read).
 *   - A G-stage walk that keeps failing its A/D swap gives up after
 *     MAX_AD_RETRIES restarts with a guest-page fault, like step 7 above.
 *   - menvcfg.ADUE (ctx.adue) and henvcfg.ADUE (hctx.vadue) are taken as
 *     given; the model does not force vadue to 0 when adue is 0.
 * No global mutable state: everything lives in the caller's objects. */
#include <stdlib.h>
#include <string.h>
#include "ref.h"

#define PAGE_SHIFT      12
#define PAGE_OFFSET     0xfffULL
#define MAX_AD_RETRIES  16          /* step 7 restarts allowed before giving up */
#define NAPOT_64K_BITS  4           /* Svnapot: the only NAPOT size, 64 KiB */

/* ---- mode geometry ------------------------------------------------------ */

static int is_rv64_mode(unsigned mode)
{
    return mode == REF_MODE_SV39 || mode == REF_MODE_SV48 || mode == REF_MODE_SV57;
}

int ref_levels(unsigned mode)
{
    switch (mode) {
    case REF_MODE_SV32: return 2;
    case REF_MODE_SV39: return 3;
    case REF_MODE_SV48: return 4;
    case REF_MODE_SV57: return 5;
    default:              return 0;
    }
}

unsigned ref_pte_bytes(unsigned mode)
{
    if (mode == REF_MODE_SV32)
        return 4;
    return is_rv64_mode(mode) ? 8 : 0;
}

/* Width of one VPN field: 10 in Sv32, 9 in the RV64 modes. */
static unsigned vpn_field_bits(unsigned mode)
{
    return mode == REF_MODE_SV32 ? 10 : 9;
}

/* Width of the virtual address: 32, 39, 48 or 57. */
static unsigned va_bits(unsigned mode)
{
    return PAGE_SHIFT + (unsigned)ref_levels(mode) * vpn_field_bits(mode);
}

/* Width of the PTE's PPN field: 22 in Sv32 (34-bit PA), 44 in RV64 (56-bit PA). */
static unsigned ppn_bits(unsigned mode)
{
    return mode == REF_MODE_SV32 ? 22 : 44;
}

static uint64_t low_mask(unsigned n)
{
    return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/* ---- virtual address fields ---------------------------------------------- */

/* va >> 12, masked to the mode's VA width. */
static uint64_t va_vpn(unsigned mode, uint64_t va)
{
    return (va >> PAGE_SHIFT) & low_mask(va_bits(mode) - PAGE_SHIFT);
}

/* RV64: bits 63..VAbits-1 must all equal bit VAbits-1 (Sv32 VAs are 32 bits). */
static int va_is_canonical(unsigned mode, uint64_t va)
{
    if (!is_rv64_mode(mode))
        return 1;
    uint64_t top = va >> (va_bits(mode) - 1);
    return top == 0 || top == (~0ULL >> (va_bits(mode) - 1));
}

/* ---- PTE fields ------------------------------------------------------------ */

static uint64_t pte_ppn(unsigned mode, uint64_t pte)
{
    return (pte >> REF_PTE_PPN_SHIFT) & low_mask(ppn_bits(mode));
}

static unsigned pte_pbmt(unsigned mode, uint64_t pte)
{
    return is_rv64_mode(mode) ? (unsigned)((pte >> REF_PTE_PBMT_SHIFT) & 3) : 0;
}

static int pte_napot(unsigned mode, uint64_t pte)
{
    return is_rv64_mode(mode) && (pte & REF_PTE_N);
}

/* step 4: R=1 or X=1 makes a leaf. */
static int pte_is_leaf(uint64_t pte)
{
    return (pte & (REF_PTE_R | REF_PTE_X)) != 0;
}

/* step 3: V=0, or W&!R, or (RV64) bits 60:54 set, or (Svpbmt) PBMT=3. */
static int pte_is_invalid(unsigned mode, uint64_t pte)
{
    if (!(pte & REF_PTE_V) || ((pte & REF_PTE_W) && !(pte & REF_PTE_R)))
        return 1;
    return is_rv64_mode(mode) &&
           ((pte & REF_PTE_RV64_RSVD_MASK) || pte_pbmt(mode, pte) == REF_PBMT_RESERVED);
}

/* step 3: on a non-leaf, D, A and U are reserved; so are N (Svnapot) and
 * PBMT (Svpbmt) in RV64. */
static int nonleaf_has_reserved_bits(unsigned mode, uint64_t pte)
{
    if (pte & (REF_PTE_D | REF_PTE_A | REF_PTE_U))
        return 1;
    return pte_napot(mode, pte) || pte_pbmt(mode, pte) != 0;
}

/* step 3 (Svnapot): N=1 is legal only on a level-0 leaf with PPN[3:0]=1000b. */
static int napot_is_reserved(unsigned mode, uint64_t pte, int level)
{
    if (!pte_napot(mode, pte))
        return 0;
    return level != 0 || (pte_ppn(mode, pte) & low_mask(NAPOT_64K_BITS)) != 0x8;
}

/* step 5: may an access of kind acc at privilege priv (with SUM and MXR
 * as given) use a leaf with these R/W/X/U bits? REF_ACC_LOADX (HLVX) needs X
 * in place of R ("Hypervisor Virtual-Machine Load and Store Instructions"),
 * MXR not mattering; it is a load for the U/SUM rule (project choice: the
 * spec calls HLVX a load and leaves this case to the load rules). */
static int perm_allows(uint64_t pte, unsigned priv, int sum, int mxr, unsigned acc)
{
    int u_page = (pte & REF_PTE_U) != 0;
    if (priv == REF_PRIV_U && !u_page)
        return 0;                               /* U mode needs U=1 */
    if (acc == REF_ACC_FETCH) {
        if (priv == REF_PRIV_S && u_page)
            return 0;                           /* S never executes U pages */
        return (pte & REF_PTE_X) != 0;
    }
    if (priv == REF_PRIV_S && u_page && !sum)
        return 0;                               /* S touches U pages only with SUM */
    if (acc == REF_ACC_STORE)
        return (pte & REF_PTE_W) != 0;
    if (acc == REF_ACC_LOADX)
        return (pte & REF_PTE_X) != 0;
    return (pte & REF_PTE_R) || (mxr && (pte & REF_PTE_X));  /* MXR: X implies R */
}

static int access_is_allowed(uint64_t pte, const ref_ctx *c, unsigned acc)
{
    return perm_allows(pte, c->priv, c->sum, c->mxr, acc);
}

/* step 6: a superpage's PPN[i-1:0] must be zero. */
static int superpage_is_misaligned(unsigned mode, uint64_t ppn, int level)
{
    return (ppn & low_mask((unsigned)level * vpn_field_bits(mode))) != 0;
}

/* step 7: does this access need A (or, for a store, D) set? */
static int needs_ad_update(uint64_t pte, unsigned acc)
{
    return !(pte & REF_PTE_A) || (acc == REF_ACC_STORE && !(pte & REF_PTE_D));
}

/* Number of low VPN bits a leaf takes from the VA: its page size. */
static unsigned leaf_page_bits(unsigned mode, int level, int napot)
{
    return napot ? NAPOT_64K_BITS : (unsigned)level * vpn_field_bits(mode);
}

/* step 8 (and Svnapot's pa.ppn[0][3:0] = va.vpn[0][3:0]): the PA. */
static uint64_t leaf_pa(unsigned mode, int level, int napot, uint64_t ppn, uint64_t va)
{
    uint64_t keep = low_mask(leaf_page_bits(mode, level, napot));
    uint64_t pa_ppn = (ppn & ~keep) | (va_vpn(mode, va) & keep);
    return (pa_ppn << PAGE_SHIFT) | (va & PAGE_OFFSET);
}

/* ---- faults ---------------------------------------------------------------- */

static unsigned page_fault_cause(unsigned acc)
{
    return acc == REF_ACC_STORE ? REF_CAUSE_STORE_PAGE
         : acc == REF_ACC_FETCH ? REF_CAUSE_FETCH_PAGE : REF_CAUSE_LOAD_PAGE;
}

static unsigned access_fault_cause(unsigned acc)
{
    return acc == REF_ACC_STORE ? REF_CAUSE_STORE_ACCESS
         : acc == REF_ACC_FETCH ? REF_CAUSE_FETCH_ACCESS : REF_CAUSE_LOAD_ACCESS;
}

/* Guest-page faults: "guest-page-fault exceptions are raised instead of
 * regular page-fault exceptions" in G-stage translation ("Guest Physical
 * Address Translation"), causes 20, 21, 23 ("Trap Cause Codes"), always of
 * the original access's type. */
static unsigned guest_page_fault_cause(unsigned acc)
{
    return acc == REF_ACC_STORE ? REF_CAUSE_STORE_GUEST_PAGE
         : acc == REF_ACC_FETCH ? REF_CAUSE_FETCH_GUEST_PAGE : REF_CAUSE_LOAD_GUEST_PAGE;
}

static void set_fault(ref_result *r, unsigned cause)
{
    r->fault = 1;
    r->cause = cause;
}

/* ---- PMP (lib/pmp.h) ------------------------------------------------------- */

/* May the MMU make (or return) this access? Always, without PMP. */
static int pmp_allows(const ref_ctx *c, unsigned priv, unsigned need, uint64_t pa, unsigned size)
{
    return !c->pmp || pmp_check(c->pmp, priv, need, pa, size);
}

/* The permission an access kind needs of the PA it is translated to. */
static unsigned pmp_need(unsigned acc)
{
    /* HLVX: "the supervisor physical memory attributes must grant both
     * execute and read permissions" */
    return acc == REF_ACC_STORE ? PMP_W : acc == REF_ACC_FETCH ? PMP_X : acc == REF_ACC_LOADX ? PMP_R | PMP_X : PMP_R;
}

/* The PMP check of a response's PA: every byte of the access at pa (the
 * access naturally aligned), at the access's privilege. */
static int pa_allowed(const ref_ctx *c, unsigned acc, uint64_t pa)
{
    unsigned n = c->access_bytes ? c->access_bytes : 1;
    return pmp_allows(c, c->priv, pmp_need(acc), pa & ~(uint64_t)(n - 1), n);
}

/* ---- the walk -------------------------------------------------------------- */

typedef enum { WALK_DONE, WALK_RESTART } walk_end;

/* One stage of translation: the single stage of satp (V=0), or, with the
 * hypervisor extension, the VS-stage of vsatp or the G-stage of hgatp
 * (chapter "Hypervisor Extension", "Two-Stage Address Translation"). One
 * walk (steps 1-8) serves all three; a stage says how it differs. */
typedef struct stage stage;
struct stage {
    unsigned mode;      /* the scheme: REF_MODE_SV32/39/48/57 */
    int x4;             /* G-stage: the address widened by 2 bits, a 16 KiB root ("Guest Physical Address Translation") */
    uint64_t root_ppn;
    uint32_t asid;      /* the tag of the leaves and pointers it makes */
    unsigned priv;      /* the privilege of the leaf check (U for the G-stage) */
    int sum, mxr, adue;
    unsigned perm;      /* what the leaf must allow: REF_ACC_* (the access's own kind, or an implicit load or store) */
    unsigned acc;       /* the original access's kind: the type of every fault */
    int guest;          /* page faults are guest-page faults (the G-stage) */
    int implicit;       /* REF_GPF_*: this G-stage walk serves an implicit VS-stage access */
    int check_pa;       /* PMP on the PA made (single stage: it is the response's) */
    const stage *g;     /* VS-stage: its PTE addresses are GPAs, translated by this G-stage; NULL: SPAs */
    const ref_ctx *c;   /* PMP */
    const ref_mem *m;
};

/* Width of the address a stage translates: the scheme's VA, 2 bits more for x4. */
static unsigned stage_va_bits(const stage *st)
{
    return va_bits(st->mode) + (st->x4 ? 2u : 0u);
}

/* va.vpn[i] of the stage: the root's field (i = LEVELS-1) takes every bit
 * above the others, 2 bits more in the x4 modes ("Sv39x4 ... identical to
 * that for an Sv39 virtual address ... except with 2 more bits at the high
 * end in VPN[2]"). */
static uint64_t stage_vpn_field(const stage *st, uint64_t va, int i)
{
    unsigned w = vpn_field_bits(st->mode);
    uint64_t vpn = (va >> PAGE_SHIFT) & low_mask(stage_va_bits(st) - PAGE_SHIFT);
    vpn >>= (unsigned)i * w;
    return i == ref_levels(st->mode) - 1 ? vpn : vpn & low_mask(w);
}

static unsigned stage_page_fault_cause(const stage *st)
{
    return st->guest ? guest_page_fault_cause(st->acc) : page_fault_cause(st->acc);
}

/* A page fault of the stage at address va (for the G-stage a guest-page
 * fault reporting the GPA it was translating: "mtval2 or htval is written
 * ... with the faulting guest physical address", for an implicit VS-stage
 * access "that of the implicit memory access that faulted"). */
static void stage_page_fault(const stage *st, uint64_t va, ref_result *r)
{
    set_fault(r, stage_page_fault_cause(st));
    if (st->guest) {
        r->gpa = va;
        r->gpf_implicit = st->implicit;
    }
}

static ref_leaf make_leaf(const stage *st, uint64_t va, int level, uint64_t pte)
{
    ref_leaf l;
    memset(&l, 0, sizeof l);
    l.mode = st->mode;
    l.asid = st->asid;
    l.g = (pte & REF_PTE_G) != 0;   /* the leaf's own G bit only */
    l.vpn = va_vpn(st->mode, va);
    l.level = level;
    l.napot = pte_napot(st->mode, pte);
    l.ppn = pte_ppn(st->mode, pte);
    l.pte = pte;
    l.pbmt = pte_pbmt(st->mode, pte);
    return l;
}

/* The VPN fields above level i (those that chose a pointer to a level-i table). */
static uint64_t vpn_above(unsigned mode, uint64_t va, int i)
{
    return va_vpn(mode, va) & ~low_mask((unsigned)(i + 1) * vpn_field_bits(mode));
}

static walk_end walk_stage(const stage *st, uint64_t va, ref_result *r, const ref_ptr *start);

/* G-stage translation of the guest physical address gpa for an access of
 * kind perm: the original access (REF_GPF_EXPLICIT), or an implicit load
 * (REF_GPF_VS_READ) or store (REF_GPF_VS_WRITE) of a VS-level PTE ("For a
 * memory access made to support VS-stage address translation ...
 * permissions and the need to set A and/or D bits at the G-stage level are
 * checked as though for an implicit load or store, not for the original
 * access type. However, any exception is always reported for the original
 * access type"). 0 with *spa (and *pbmt), or -1 with the fault in r. */
static int gstage_translate(const stage *g, uint64_t gpa, unsigned perm, int implicit, uint64_t *spa,
                            unsigned *pbmt, ref_result *r)
{
    ref_result gr;
    stage w = *g;
    if (pbmt)
        *pbmt = 0;
    if (ref_levels(g->mode) == 0) {
        /* hgatp Bare: "guest physical addresses are equal to supervisor
         * physical addresses without modification" */
        *spa = gpa;
        return 0;
    }
    if (stage_va_bits(g) < 64 && (gpa >> stage_va_bits(g)) != 0) {
        /* "Address bits 63:41 must all be zeros, or else a guest-page-fault
         * exception occurs" (Sv39x4; 63:50 Sv48x4, 63:59 Sv57x4) */
        w.implicit = implicit;
        stage_page_fault(&w, gpa, r);
        return -1;
    }
    w.perm = perm;
    w.implicit = implicit;
    if (implicit != REF_GPF_EXPLICIT)
        w.mxr = 0;      /* MXR "makes execute-only pages readable by explicit loads" only */
    memset(&gr, 0, sizeof gr);
    for (int restarts = 0; walk_stage(&w, gpa, &gr, NULL) == WALK_RESTART; restarts++)
        if (restarts == MAX_AD_RETRIES) {
            stage_page_fault(&w, gpa, &gr);
            break;
        }
    if (gr.fault) {
        r->fault = 1;
        r->cause = gr.cause;
        r->gpa = gr.gpa;
        r->gpf_implicit = gr.gpf_implicit;
        return -1;
    }
    *spa = gr.pa;
    if (pbmt)
        *pbmt = gr.pbmt;
    return 0;
}

/* Where a PTE at stage address a is: a itself, or for a VS-stage the SPA its
 * G-stage gives ("When V=1, memory accesses that would normally bypass
 * address translation are subject to G-stage address translation alone.
 * This includes memory accesses made in support of VS-stage address
 * translation, such as reads and writes of VS-level page tables"). */
static int pte_location(const stage *st, uint64_t a, int write, uint64_t *spa, ref_result *r)
{
    if (!st->g) {
        *spa = a;
        return 0;
    }
    return gstage_translate(st->g, a, write ? REF_ACC_STORE : REF_ACC_LOAD,
                            write ? REF_GPF_VS_WRITE : REF_GPF_VS_READ, spa, NULL, r);
}

/* One pass of steps 1-8, from the root or (start) the table a cached
 * pointer gives. WALK_RESTART when step 7's compare failed. */
static walk_end walk_stage(const stage *st, uint64_t va, ref_result *r, const ref_ptr *start)
{
    unsigned bytes = ref_pte_bytes(st->mode);
    uint64_t word_mask = low_mask(8 * bytes);
    int i = start ? start->level : ref_levels(st->mode) - 1; /* step 1 */
    /* hgatp: "the lowest two bits of the physical page number (PPN) in
     * hgatp always read as zeros" (a 16 KiB root) */
    uint64_t a = (start ? start->ppn : st->x4 ? st->root_ppn & ~3ULL : st->root_ppn) << PAGE_SHIFT;
    uint64_t pte, pte_addr, pte_spa;

    r->walked = 1;
    r->nptrs = 0;
    for (;;) {
        pte_addr = a + stage_vpn_field(st, va, i) * bytes; /* step 2 */
        if (pte_location(st, pte_addr, 0, &pte_spa, r) != 0)
            return WALK_DONE;
        if (!pmp_allows(st->c, REF_PRIV_S, PMP_R, pte_spa, bytes) ||  /* PMP: an S-mode read */
            st->m->read(st->m->opaque, pte_spa, bytes, &pte) != 0) {
            set_fault(r, access_fault_cause(st->acc));
            return WALK_DONE;
        }
        pte &= word_mask;
        if (pte_is_invalid(st->mode, pte))                  /* step 3 */
            goto page_fault;
        if (pte_is_leaf(pte))                               /* step 4 */
            break;
        if (nonleaf_has_reserved_bits(st->mode, pte))       /* step 3 */
            goto page_fault;
        if (--i < 0)                                        /* step 4 */
            goto page_fault;
        a = pte_ppn(st->mode, pte) << PAGE_SHIFT;
        if (r->nptrs < 4) {
            ref_ptr *p = &r->ptrs[r->nptrs++];
            p->mode = st->mode;
            p->asid = st->asid;
            p->g = (pte & REF_PTE_G) != 0;
            p->vpn = vpn_above(st->mode, va, i);
            p->level = i;
            p->ppn = pte_ppn(st->mode, pte);
        }
    }

    if (napot_is_reserved(st->mode, pte, i))                /* step 3, Svnapot */
        goto page_fault;
    if (!perm_allows(pte, st->priv, st->sum, st->mxr, st->perm)) /* step 5 */
        goto page_fault;
    if (superpage_is_misaligned(st->mode, pte_ppn(st->mode, pte), i)) /* step 6 */
        goto page_fault;
    if (needs_ad_update(pte, st->perm)) {                   /* step 7 */
        uint64_t updated = pte | REF_PTE_A | (st->perm == REF_ACC_STORE ? REF_PTE_D : 0);
        uint64_t found, cas_spa;
        if (!st->adue)
            goto page_fault;                                /* Svade */
        /* the update of a VS-level PTE is an implicit store through the G-stage */
        if (pte_location(st, pte_addr, 1, &cas_spa, r) != 0)
            return WALK_DONE;
        /* PMP: the swap reads the PTE again and writes it, both S-mode accesses */
        if (!pmp_allows(st->c, REF_PRIV_S, PMP_R | PMP_W, cas_spa, bytes) ||
            st->m->cas(st->m->opaque, cas_spa, bytes, pte, updated, &found) != 0) {
            set_fault(r, access_fault_cause(st->acc));
            return WALK_DONE;
        }
        if ((found & word_mask) != pte)
            return WALK_RESTART;                            /* PTE changed: step 2 again */
        r->ad_written = 1;
        r->ad_pa = cas_spa;
        r->ad_value = updated;
        pte = updated;
    }

    r->leaf = make_leaf(st, va, i, pte);                    /* step 8 */
    r->has_leaf = 1;
    r->pa = leaf_pa(st->mode, i, r->leaf.napot, r->leaf.ppn, va);
    r->pbmt = r->leaf.pbmt;
    if (st->check_pa && !pa_allowed(st->c, st->acc, r->pa)) { /* PMP on the PA */
        set_fault(r, access_fault_cause(st->acc));
        r->pa_denied = 1;
    }
    return WALK_DONE;

page_fault:
    stage_page_fault(st, va, r);
    return WALK_DONE;
}

/* The whole walk of a stage: passes until one ends without a restart (a
 * restart, the PTE changed under the A/D update, walks from the root). */
static void walk(const stage *st, uint64_t va, ref_result *r, const ref_ptr *start)
{
    for (int restarts = 0; walk_stage(st, va, r, restarts ? NULL : start) == WALK_RESTART; restarts++) {
        if (restarts == MAX_AD_RETRIES) {
            /* The PTE kept changing under the A/D update: give up with a page fault. */
            stage_page_fault(st, va, r);
            break;
        }
    }
}

/* Bare mode and M mode: no translation. */
static int is_translated(const ref_ctx *c)
{
    return ref_levels(c->mode) > 0 && c->priv != REF_PRIV_M;
}

ref_result ref_translate(const ref_ctx *c, uint64_t va, unsigned acc, const ref_mem *m)
{
    return ref_translate_from(c, va, acc, m, NULL);
}

ref_result ref_translate_from(const ref_ctx *c, uint64_t va, unsigned acc, const ref_mem *m, const ref_ptr *start)
{
    ref_result r;
    memset(&r, 0, sizeof r);
    if (!is_translated(c)) {
        r.pa = va;
        if (!pa_allowed(c, acc, va))
            set_fault(&r, access_fault_cause(acc));
        return r;
    }
    if (!va_is_canonical(c->mode, va)) {
        set_fault(&r, page_fault_cause(acc));
        return r;
    }
    stage st;
    memset(&st, 0, sizeof st);
    st.mode = c->mode;
    st.root_ppn = c->root_ppn;
    st.asid = c->asid;
    st.priv = c->priv;
    st.sum = c->sum;
    st.mxr = c->mxr;
    st.adue = c->adue;
    st.perm = st.acc = acc;
    st.check_pa = 1;
    st.c = c;
    st.m = m;
    walk(&st, va, &r, start);
    return r;
}

/* ---- two-stage translation (hypervisor extension) ---------------------------
 * Chapter "Hypervisor Extension", section "Two-Stage Address Translation":
 * the VA is translated by the VS-stage (vsatp) into a guest physical
 * address, which the G-stage (hgatp) translates into a supervisor physical
 * address; every PTE address of the VS-stage is itself a GPA the G-stage
 * translates (pte_location). The G-stage is "the same algorithm used for
 * Sv32, Sv39, Sv48, or Sv57 ... except that: hgatp substitutes for the usual
 * satp; ... when checking the U bit, the current privilege mode is always
 * taken to be U-mode; and guest-page-fault exceptions are raised instead of
 * regular page-fault exceptions". The first fault met is the one reported
 * (table "Synchronous exception priority when the hypervisor extension is
 * implemented": "First encountered page fault, guest-page fault, or access
 * fault"). */
ref_result ref_translate_h(const ref_ctx *c, const ref_hctx *h, uint64_t va, unsigned acc, const ref_mem *m)
{
    ref_result r;
    stage g, vs;
    uint64_t gpa, spa;
    unsigned vs_pbmt = 0, g_pbmt = 0;

    if (!h || !h->virt)
        return ref_translate(c, va, acc, m);
    memset(&r, 0, sizeof r);
    memset(&g, 0, sizeof g);
    g.mode = h->g_mode;
    g.x4 = 1;
    g.root_ppn = h->g_ppn;
    g.asid = h->vmid;
    g.priv = REF_PRIV_U;        /* "all memory accesses ... are considered to be user-level accesses" */
    g.mxr = c->mxr;             /* only the HS-level MXR reaches the G-stage */
    g.adue = c->adue;           /* menvcfg.ADUE */
    g.acc = acc;
    g.guest = 1;
    g.c = c;
    g.m = m;

    if (ref_levels(h->vs_mode) == 0) {
        gpa = va;               /* vsatp Bare: the VS-stage is "effectively disabled" */
    } else {
        if (!va_is_canonical(h->vs_mode, va)) {
            set_fault(&r, page_fault_cause(acc));
            return r;
        }
        memset(&vs, 0, sizeof vs);
        vs.mode = h->vs_mode;
        vs.root_ppn = h->vs_ppn;
        vs.asid = h->vs_asid;
        vs.priv = c->priv;      /* VS (S) or VU (U); HLV/HLVX/HSV: hstatus.SPVP */
        vs.sum = h->vsum;       /* "the HS-level sstatus.SUM is ignored" */
        vs.mxr = h->vmxr || c->mxr; /* either MXR overrides VS-stage protection */
        vs.adue = h->vadue;     /* henvcfg.ADUE */
        vs.perm = vs.acc = acc;
        vs.g = &g;
        vs.c = c;
        vs.m = m;
        walk(&vs, va, &r, NULL);
        if (r.fault)
            return r;
        gpa = r.pa;
        vs_pbmt = r.pbmt;
    }
    r.gpa = gpa;
    r.walked = 1;
    r.has_leaf = 0;
    r.nptrs = 0;
    if (gstage_translate(&g, gpa, acc, REF_GPF_EXPLICIT, &spa, &g_pbmt, &r) != 0)
        return r;
    r.pa = spa;
    /* Svpbmt, two-stage: non-zero G-stage PBMT overrides the PMA, then
     * non-zero VS-stage PBMT overrides that (chapter "Svpbmt") */
    r.pbmt = vs_pbmt ? vs_pbmt : g_pbmt;
    /* "Machine-level physical memory protection applies to supervisor
     * physical addresses and is in effect regardless of virtualization
     * mode": the SPA at the access's nominal privilege */
    if (!pa_allowed(c, acc, spa))
        set_fault(&r, access_fault_cause(acc));
    return r;
}

uint32_t ref_tinst_pseudo(const ref_result *r, int xlen)
{
    if (!r->fault || r->gpf_implicit == REF_GPF_EXPLICIT)
        return 0;
    if (r->cause != REF_CAUSE_FETCH_GUEST_PAGE && r->cause != REF_CAUSE_LOAD_GUEST_PAGE &&
        r->cause != REF_CAUSE_STORE_GUEST_PAGE)
        return 0;
    if (xlen == 32)
        return r->gpf_implicit == REF_GPF_VS_WRITE ? REF_TINST_VS_WRITE32 : REF_TINST_VS_READ32;
    return r->gpf_implicit == REF_GPF_VS_WRITE ? REF_TINST_VS_WRITE64 : REF_TINST_VS_READ64;
}

/* ---- cached pointers (a page-walk cache) -------------------------------------- */

int ref_ptr_matches(const ref_ptr *p, const ref_ctx *c, uint64_t va)
{
    return p->mode == c->mode && (p->g || p->asid == c->asid) && va_is_canonical(c->mode, va) &&
           p->level >= 0 && p->level < ref_levels(c->mode) - 1 && vpn_above(c->mode, va, p->level) == p->vpn;
}

int ref_sfence_covers_ptr(const ref_ptr *p, int rs1_x0, int rs2_x0, uint32_t asid)
{
    return rs1_x0 && (rs2_x0 || (!p->g && p->asid == asid));
}

/* ---- cached leaves ----------------------------------------------------------- */

/* Do two VPNs fall in the same page of 2^page_bits 4 KiB pages? */
static int same_page(uint64_t vpn_a, uint64_t vpn_b, unsigned page_bits)
{
    return (vpn_a >> page_bits) == (vpn_b >> page_bits);
}

static unsigned cached_page_bits(const ref_leaf *l)
{
    return leaf_page_bits(l->mode, l->level, l->napot);
}

static int leaf_contains_va(const ref_leaf *l, uint64_t va)
{
    return same_page(l->vpn, va_vpn(l->mode, va), cached_page_bits(l));
}

int ref_leaf_matches(const ref_leaf *l, const ref_ctx *c, uint64_t va)
{
    return l->mode == c->mode && (l->g || l->asid == c->asid) &&
           va_is_canonical(c->mode, va) && leaf_contains_va(l, va);
}

int ref_leaf_use(const ref_leaf *l, const ref_ctx *c, uint64_t va, unsigned acc, uint64_t *pa, unsigned *cause)
{
    if (!access_is_allowed(l->pte, c, acc)) {
        *cause = page_fault_cause(acc);
        return 1;
    }
    if (acc == REF_ACC_STORE && !(l->pte & REF_PTE_D))
        return 2;           /* step 7 must run again: walk */
    *pa = leaf_pa(l->mode, l->level, l->napot, l->ppn, va);
    if (!pa_allowed(c, acc, *pa)) {
        *cause = access_fault_cause(acc);
        return 1;
    }
    return 0;
}

int ref_sfence_covers(const ref_leaf *l, int rs1_x0, uint64_t va, int rs2_x0, uint32_t asid)
{
    /* An SFENCE.VMA whose rs1 is not a valid VA has no effect ("Supervisor
     * Memory-Management Fence Instruction"); validity is the leaf's mode's. */
    int page_ok = rs1_x0 || (va_is_canonical(l->mode, va) && leaf_contains_va(l, va));
    int asid_ok = rs2_x0 || (!l->g && l->asid == asid);
    return page_ok && asid_ok;
}

int ref_leaves_overlap(const ref_leaf *a, const ref_leaf *b)
{
    unsigned bits_a = cached_page_bits(a), bits_b = cached_page_bits(b);
    return a->mode == b->mode && (a->g || b->g || a->asid == b->asid) &&
           same_page(a->vpn, b->vpn, bits_a > bits_b ? bits_a : bits_b);
}

/* ---- the ideal TLB ------------------------------------------------------------- */

static void tlb_remove_if_overlaps(ref_tlb *t, const ref_leaf *l)
{
    int kept = 0;
    for (int k = 0; k < t->n; k++)
        if (!ref_leaves_overlap(&t->e[k], l))
            t->e[kept++] = t->e[k];
    t->n = kept;
}

static void tlb_insert(ref_tlb *t, const ref_leaf *l)
{
    tlb_remove_if_overlaps(t, l);
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 16;
        ref_leaf *e = realloc(t->e, (size_t)cap * sizeof *e);
        if (!e)
            abort();
        t->e = e;
        t->cap = cap;
    }
    t->e[t->n++] = *l;
}

static const ref_leaf *tlb_lookup(const ref_tlb *t, const ref_ctx *c, uint64_t va)
{
    for (int k = 0; k < t->n; k++)
        if (ref_leaf_matches(&t->e[k], c, va))
            return &t->e[k];
    return NULL;
}

ref_result ref_tlb_access(ref_tlb *t, const ref_ctx *c, uint64_t va, unsigned acc, const ref_mem *m)
{
    ref_result r;
    if (!is_translated(c))
        return ref_translate(c, va, acc, m);    /* PA = VA, its PMP check */
    memset(&r, 0, sizeof r);
    const ref_leaf *hit = tlb_lookup(t, c, va);
    if (hit) {
        switch (ref_leaf_use(hit, c, va, acc, &r.pa, &r.cause)) {
        case 0:
            r.pbmt = hit->pbmt;
            return r;
        case 1:
            r.fault = 1;
            return r;
        default:
            break;          /* store to a clean page: walk */
        }
    }
    r = ref_translate(c, va, acc, m);
    if (r.has_leaf && (!r.fault || r.pa_denied))
        tlb_insert(t, &r.leaf);                 /* a PA PMP refuses is still a translation */
    return r;
}

void ref_tlb_sfence(ref_tlb *t, int rs1_x0, uint64_t va, int rs2_x0, uint32_t asid)
{
    int kept = 0;
    for (int k = 0; k < t->n; k++)
        if (!ref_sfence_covers(&t->e[k], rs1_x0, va, rs2_x0, asid))
            t->e[kept++] = t->e[k];
    t->n = kept;
}

void ref_tlb_free(ref_tlb *t)
{
    free(t->e);
    t->e = NULL;
    t->n = t->cap = 0;
}
