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

/* va.vpn[i]. */
static uint64_t va_vpn_field(unsigned mode, uint64_t va, int i)
{
    unsigned w = vpn_field_bits(mode);
    return (va_vpn(mode, va) >> ((unsigned)i * w)) & low_mask(w);
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

/* step 5: may this access use a leaf with these R/W/X/U bits? */
static int access_is_allowed(uint64_t pte, const ref_ctx *c, unsigned acc)
{
    int u_page = (pte & REF_PTE_U) != 0;
    if (c->priv == REF_PRIV_U && !u_page)
        return 0;                               /* U mode needs U=1 */
    if (acc == REF_ACC_FETCH) {
        if (c->priv == REF_PRIV_S && u_page)
            return 0;                           /* S never executes U pages */
        return (pte & REF_PTE_X) != 0;
    }
    if (c->priv == REF_PRIV_S && u_page && !c->sum)
        return 0;                               /* S touches U pages only with SUM */
    if (acc == REF_ACC_STORE)
        return (pte & REF_PTE_W) != 0;
    return (pte & REF_PTE_R) || (c->mxr && (pte & REF_PTE_X));  /* MXR: X implies R */
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
    return acc == REF_ACC_STORE ? PMP_W : acc == REF_ACC_FETCH ? PMP_X : PMP_R;
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

static ref_leaf make_leaf(const ref_ctx *c, uint64_t va, int level, uint64_t pte)
{
    ref_leaf l;
    memset(&l, 0, sizeof l);
    l.mode = c->mode;
    l.asid = c->asid;
    l.g = (pte & REF_PTE_G) != 0;   /* the leaf's own G bit only */
    l.vpn = va_vpn(c->mode, va);
    l.level = level;
    l.napot = pte_napot(c->mode, pte);
    l.ppn = pte_ppn(c->mode, pte);
    l.pte = pte;
    l.pbmt = pte_pbmt(c->mode, pte);
    return l;
}

/* The VPN fields above level i (those that chose a pointer to a level-i table). */
static uint64_t vpn_above(unsigned mode, uint64_t va, int i)
{
    return va_vpn(mode, va) & ~low_mask((unsigned)(i + 1) * vpn_field_bits(mode));
}

/* One pass of steps 1-8, from the root or (start) the table a cached
 * pointer gives. WALK_RESTART when step 7's compare failed. */
static walk_end walk_once(const ref_ctx *c, uint64_t va, unsigned acc, const ref_mem *m, ref_result *r,
                          const ref_ptr *start)
{
    unsigned bytes = ref_pte_bytes(c->mode);
    uint64_t word_mask = low_mask(8 * bytes);
    int i = start ? start->level : ref_levels(c->mode) - 1; /* step 1 */
    uint64_t a = (start ? start->ppn : c->root_ppn) << PAGE_SHIFT;
    uint64_t pte, pte_pa;

    r->walked = 1;
    r->nptrs = 0;
    for (;;) {
        pte_pa = a + va_vpn_field(c->mode, va, i) * bytes; /* step 2 */
        if (!pmp_allows(c, REF_PRIV_S, PMP_R, pte_pa, bytes) ||  /* PMP: an S-mode read */
            m->read(m->opaque, pte_pa, bytes, &pte) != 0) {
            set_fault(r, access_fault_cause(acc));
            return WALK_DONE;
        }
        pte &= word_mask;
        if (pte_is_invalid(c->mode, pte))                   /* step 3 */
            goto page_fault;
        if (pte_is_leaf(pte))                               /* step 4 */
            break;
        if (nonleaf_has_reserved_bits(c->mode, pte))        /* step 3 */
            goto page_fault;
        if (--i < 0)                                        /* step 4 */
            goto page_fault;
        a = pte_ppn(c->mode, pte) << PAGE_SHIFT;
        if (r->nptrs < 4) {
            ref_ptr *p = &r->ptrs[r->nptrs++];
            p->mode = c->mode;
            p->asid = c->asid;
            p->g = (pte & REF_PTE_G) != 0;
            p->vpn = vpn_above(c->mode, va, i);
            p->level = i;
            p->ppn = pte_ppn(c->mode, pte);
        }
    }

    if (napot_is_reserved(c->mode, pte, i))                 /* step 3, Svnapot */
        goto page_fault;
    if (!access_is_allowed(pte, c, acc))                    /* step 5 */
        goto page_fault;
    if (superpage_is_misaligned(c->mode, pte_ppn(c->mode, pte), i)) /* step 6 */
        goto page_fault;
    if (needs_ad_update(pte, acc)) {                        /* step 7 */
        uint64_t updated = pte | REF_PTE_A | (acc == REF_ACC_STORE ? REF_PTE_D : 0);
        uint64_t found;
        if (!c->adue)
            goto page_fault;                                /* Svade */
        /* PMP: the swap reads the PTE again and writes it, both S-mode accesses */
        if (!pmp_allows(c, REF_PRIV_S, PMP_R | PMP_W, pte_pa, bytes) ||
            m->cas(m->opaque, pte_pa, bytes, pte, updated, &found) != 0) {
            set_fault(r, access_fault_cause(acc));
            return WALK_DONE;
        }
        if ((found & word_mask) != pte)
            return WALK_RESTART;                            /* PTE changed: step 2 again */
        r->ad_written = 1;
        r->ad_pa = pte_pa;
        r->ad_value = updated;
        pte = updated;
    }

    r->leaf = make_leaf(c, va, i, pte);                     /* step 8 */
    r->has_leaf = 1;
    r->pa = leaf_pa(c->mode, i, r->leaf.napot, r->leaf.ppn, va);
    r->pbmt = r->leaf.pbmt;
    if (!pa_allowed(c, acc, r->pa)) {                       /* PMP on the PA */
        set_fault(r, access_fault_cause(acc));
        r->pa_denied = 1;
    }
    return WALK_DONE;

page_fault:
    set_fault(r, page_fault_cause(acc));
    return WALK_DONE;
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
    /* A restart (the PTE changed under the A/D update) walks from the root. */
    for (int restarts = 0; walk_once(c, va, acc, m, &r, restarts ? NULL : start) == WALK_RESTART; restarts++) {
        if (restarts == MAX_AD_RETRIES) {
            /* The PTE kept changing under the A/D update: give up with a page fault. */
            set_fault(&r, page_fault_cause(acc));
            break;
        }
    }
    return r;
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
