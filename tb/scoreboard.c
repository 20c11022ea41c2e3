/* scoreboard.c -- the RTL checked against the reference model, every cycle. */
#include "scoreboard.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result.h"
#include "rvmmu_defs.h"
#include "tlb_policy.h"
#include "trace.h"

#define MAX_INJECTED 8

/* A dry-run view of memory: reads see one pending swap, nothing is written;
 * the bus errors the harness injected into this request's walk fail. */
typedef struct {
    physmem *mem;
    int has_overlay;
    uint64_t overlay_pa, overlay_val;
    const uint64_t *err_pa;
    const int *err_cas;
    int nerr;
    uint64_t *log;       /* peer mode: the words read, in order (up to 5), or NULL */
    int *nlog;
} dry_mem;

static int dry_injected(const dry_mem *d, uint64_t pa, int cas)
{
    for (int i = 0; i < d->nerr; i++)
        if (d->err_pa[i] == pa && d->err_cas[i] == cas) return 1;
    return 0;
}

static int dry_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val)
{
    dry_mem *d = opaque;
    if (dry_injected(d, pa, 0)) return -1;
    if (d->has_overlay && pa == d->overlay_pa) {
        *val = d->overlay_val;
        return 0;
    }
    int rc = mem_read_pte(d->mem, pa, bytes, val);
    if (rc == 0 && d->log && *d->nlog < 5) d->log[(*d->nlog)++] = *val;
    return rc;
}

static int dry_cas(void *opaque, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t desired,
                   uint64_t *old)
{
    dry_mem *d = opaque;
    if (dry_injected(d, pa, 1)) return -1;
    if (dry_read(d, pa, bytes, old) != 0) return -1;
    if (*old == expect) {
        d->has_overlay = 1;
        d->overlay_pa = pa;
        d->overlay_val = desired;
    }
    return 0;
}

struct scoreboard {
    int entries, xlen;
    ref_leaf *shadow;
    int *valid;
    int *valid_q;        /* the shadow's valid bits at the start of the cycle */
    tlb_repl repl;       /* the RTL's replacement (first invalid, else tree PLRU), edge by edge */
    /* the request in the stage */
    int active;
    ref_ctx ctx;
    uint64_t va;
    unsigned acc;
    ref_result expect;   /* walk outcome on memory as it was at acceptance, then at the walk's start */
    physmem *mem;        /* ... and that memory, to redo it with injected errors */
    uint64_t err_pa[MAX_INJECTED];
    int err_cas[MAX_INJECTED], nerr;
    int walking, flush_seen, swaps, swap_pa_ok;
    int covered;         /* an SFENCE.VMA covering the walk's leaf came during the walk */
    int has_l2;          /* the model has an L2 TLB (coverage of its misses) */
    int adopt;           /* slot + 1 whose validity the RTL chose at the last edge, or 0 */
    coverage *cov;
    /* mismatches */
    int errors, reported;
    int wrong;           /* responses no legal TLB state gives (sb_wrong) */
    char first[512];
    /* Peer mode (environment RVMMU_PEER=FILE, for a model without rvmmu's
     * monitor, peers/): each response is compared with the reference alone
     * and every difference is appended to FILE instead of failing. */
    FILE *peer;
    int peer_all;        /* RVMMU_PEER_ALL set: every response is recorded (ok=1 when legal) */
    ref_leaf *seen;      /* every leaf a reference walk gave since an SFENCE.VMA last covered it */
    int nseen, capseen;
    /* The page-walk cache's legal contents (PWC_ENTRIES > 0): every pointer
     * a walk followed since no SFENCE.VMA that covers it came (the walk's
     * own pointers from the cycle it started). A walk may start from one of
     * these that matches its VA and context, and from nothing else. */
    ref_ptr *ptrs;
    int nptrs, capptrs;
    int has_start;           /* the walk in the stage started from a cached pointer ... */
    ref_ptr start;           /* ... this one */
    int ptr_cov[4];          /* a fence covering the walk's pointer k came while it ran */
    /* The L2 TLB's legal contents (L2_ENTRIES > 0): every leaf a walk made
     * (a translation, or one whose PA the PMP refuses) since no SFENCE.VMA
     * that covers it came, the walk's own from the cycle it started. A walk
     * the L2 TLB answers (mon_l2_hit_o) gives the answer of one of these
     * that matched the request when the walk started, and nothing else. */
    ref_leaf *l2;
    int nl2, capl2;
    ref_leaf *l2c;           /* ... those that matched the walk in the stage at its start */
    int nl2c, capl2c;
    uint32_t tag_now, tag;   /* the trace line of this cycle's request, of the request in the stage */
    uint64_t ptes[5];        /* the PTEs the reference walk read, root first */
    int nptes;
    struct scoreboard *twin; /* the other request port's (sb_pair): the walk cache is shared */
};

scoreboard *sb_new(int entries, int xlen)
{
    scoreboard *sb = calloc(1, sizeof *sb);
    if (!sb) return NULL;
    sb->entries = entries;
    sb->xlen = xlen;
    sb->shadow = calloc((size_t)entries, sizeof *sb->shadow);
    sb->valid = calloc((size_t)entries, sizeof *sb->valid);
    sb->valid_q = calloc((size_t)entries, sizeof *sb->valid_q);
    if (!sb->shadow || !sb->valid || !sb->valid_q ||
        tlb_repl_init(&sb->repl, TLB_POLICY_TREE_PLRU, entries) != 0) {
        sb_free(sb);
        return NULL;
    }
    const char *peer = getenv("RVMMU_PEER");
    if (peer && *peer && !(sb->peer = fopen(peer, "a"))) {
        fprintf(stderr, "rvmmu: error: cannot append to RVMMU_PEER file %s\n", peer);
        sb_free(sb);
        return NULL;
    }
    sb->peer_all = sb->peer && getenv("RVMMU_PEER_ALL") != NULL;
    return sb;
}

void sb_free(scoreboard *sb)
{
    if (!sb) return;
    free(sb->shadow);
    free(sb->valid);
    free(sb->valid_q);
    tlb_repl_free(&sb->repl);
    free(sb->seen);
    free(sb->ptrs);
    free(sb->l2);
    free(sb->l2c);
    if (sb->peer) fclose(sb->peer);
    free(sb);
}

static void mismatch(scoreboard *sb, const char *fmt, ...)
{
    if (sb->errors++ == 0 || sb->reported) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(sb->first, sizeof sb->first, fmt, ap);
        va_end(ap);
        sb->reported = 0;
    }
}

void sb_mismatch(scoreboard *sb, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mismatch(sb, "%s", msg);
}

void sb_set_coverage(scoreboard *sb, coverage *cov)
{
    sb->cov = cov;
}

void sb_set_l2(scoreboard *sb, int has_l2)
{
    sb->has_l2 = has_l2;
}

static int leaf_page(const ref_leaf *l)
{
    return l->napot ? 9 : l->level;
}

/* Orders page sizes: 4 KiB, 64 KiB NAPOT, then each level's superpage. */
static int page_rank(const ref_leaf *l)
{
    return 2 * l->level + (l->napot ? 1 : 0);
}

/* Coverage of one SFENCE.VMA: the kinds of entry it removes. */
static void cover_sfence(scoreboard *sb, const mmu_inputs *in, unsigned ptw_state, int racing)
{
    int any = 0;
    for (int i = 0; i < sb->entries; i++) {
        const ref_leaf *l = &sb->shadow[i];
        if (!sb->valid[i] || !ref_sfence_covers(l, in->sfence_rs1_x0, in->sfence_va, in->sfence_rs2_x0, in->sfence_asid))
            continue;
        cov_sfence(sb->cov, in->sfence_rs1_x0, in->sfence_rs2_x0, l->g, leaf_page(l));
        any = 1;
    }
    if (!any) cov_sfence(sb->cov, in->sfence_rs1_x0, in->sfence_rs2_x0, 0, -1);
    cov_flush_vs_walker(sb->cov, ptw_state);
    if (racing)
        cov_flush_race(sb->cov, ptw_state, in->sfence_rs1_x0, in->sfence_rs2_x0,
                       sb->expect.has_leaf && !sb->expect.fault ? leaf_page(&sb->expect.leaf) : -1);
}

int sb_errors(const scoreboard *sb)
{
    return sb->errors;
}

int sb_wrong(const scoreboard *sb)
{
    return sb->wrong;
}

static int same_response(const mmu_outputs *o, int fault, unsigned cause, uint64_t pa, unsigned pbmt)
{
    return o->rsp_fault == fault && (fault ? o->rsp_cause == cause : o->rsp_pa == pa && o->rsp_pbmt == pbmt);
}

/* The response is a legal one: the reference walk's, or that of an entry
 * the shadow TLB legally holds for the request (one that answers). */
static int legal_response(scoreboard *sb, const mmu_outputs *o)
{
    const ref_result *e = &sb->expect;
    if (same_response(o, e->fault, e->cause, e->pa, e->pbmt)) return 1;
    for (int i = 0; i < sb->entries; i++) {
        uint64_t pa = 0;
        unsigned cause = 0;
        if (!sb->valid[i] || !ref_leaf_matches(&sb->shadow[i], &sb->ctx, sb->va)) continue;
        int use = ref_leaf_use(&sb->shadow[i], &sb->ctx, sb->va, sb->acc, &pa, &cause);
        if ((use == 0 || use == 1) && same_response(o, use == 1, cause, pa, sb->shadow[i].pbmt)) return 1;
    }
    return 0;
}

int sb_take_message(scoreboard *sb, char *buf, size_t len)
{
    if (sb->errors == 0 || sb->reported) return 0;
    snprintf(buf, len, "%s", sb->first);
    sb->reported = 1;
    return 1;
}

/* The reference walk of the current request on memory as it is now, with
 * the bus errors injected so far. */
static void expect_walk(scoreboard *sb)
{
    sb->nptes = 0;
    dry_mem d = {sb->mem, 0, 0, 0, sb->err_pa, sb->err_cas, sb->nerr, sb->peer ? sb->ptes : NULL, &sb->nptes};
    ref_mem view = {dry_read, dry_cas, &d};
    sb->expect = ref_translate_from(&sb->ctx, sb->va, sb->acc, &view, sb->has_start ? &sb->start : NULL);
}

/* Add item (size bytes) to the growable array *items of *n (capacity
 * *cap) unless an element the same by `same` is there; -1 when out of memory. */
static int set_add(void **items, int *n, int *cap, const void *item, size_t size,
                   int (*same)(const void *, const void *))
{
    for (int i = 0; i < *n; i++)
        if (same((const char *)*items + (size_t)i * size, item)) return 0;
    if (*n == *cap) {
        int c = *cap ? 2 * *cap : 64;
        void *e = realloc(*items, (size_t)c * size);
        if (!e) return -1;
        *items = e;
        *cap = c;
    }
    memcpy((char *)*items + (size_t)(*n)++ * size, item, size);
    return 0;
}

static int same_ptr(const void *a, const void *b)
{
    const ref_ptr *p = a, *q = b;
    return p->mode == q->mode && p->asid == q->asid && p->g == q->g && p->vpn == q->vpn && p->level == q->level &&
           p->ppn == q->ppn;
}

static int same_leaf(const void *a, const void *b)
{
    return !memcmp(a, b, sizeof(ref_leaf));
}

/* A pointer the walk in the stage followed may now be cached (once). */
static void ptr_add1(scoreboard *sb, const ref_ptr *p)
{
    void *items = sb->ptrs;
    int rc = set_add(&items, &sb->nptrs, &sb->capptrs, p, sizeof *p, same_ptr);
    sb->ptrs = items;
    /* a pointer not remembered could only make a legal start a mismatch */
    if (rc != 0) mismatch(sb, "out of memory for the walk cache's shadow");
}

/* A pointer one port's walk followed may start the other port's walks too:
 * the walk cache is the walker's, shared by both ports. */
static void ptr_add(scoreboard *sb, const ref_ptr *p)
{
    ptr_add1(sb, p);
    if (sb->twin) ptr_add1(sb->twin, p);
}

static uint64_t vpn_mask(unsigned mode);

/* A leaf a walk made may now be in the L2 TLB, which both ports share. */
static void l2_add(scoreboard *sb, const ref_leaf *l)
{
    for (scoreboard *s = sb; s; s = s->twin == sb ? NULL : s->twin) {
        void *items = s->l2;
        int rc = set_add(&items, &s->nl2, &s->capl2, l, sizeof *l, same_leaf);
        s->l2 = items;
        /* a leaf not remembered could only make a legal L2 hit a mismatch */
        if (rc != 0) mismatch(s, "out of memory for the L2 TLB's shadow");
    }
}

/* The walk in the stage was answered by the L2 TLB: its response must be
 * that of a leaf the L2 TLB legally held for the request when the walk
 * started, one whose PTE needs no A/D update for the access; that leaf is
 * then the expected outcome (what the L1 TLB installs). */
static void l2_answer(scoreboard *sb, const mmu_outputs *o)
{
    for (int i = 0; i < sb->nl2c; i++) {
        const ref_leaf *l = &sb->l2c[i];
        uint64_t pa = 0;
        unsigned cause = 0;
        int use = ref_leaf_use(l, &sb->ctx, sb->va, sb->acc, &pa, &cause);
        if (use == 2 || !(l->pte & REF_PTE_A) || !same_response(o, use == 1, cause, pa, l->pbmt)) continue;
        if (o->mon_fill && (o->fill.level != (unsigned)l->level || o->fill.ppn != l->ppn ||
                            o->fill.flags != (l->pte & 0xff)))
            continue;
        ref_result *e = &sb->expect;
        memset(e, 0, sizeof *e);
        e->walked = 1;
        e->fault = use == 1;
        e->cause = cause;
        e->pa = pa;
        e->pbmt = l->pbmt;
        e->has_leaf = 1;
        e->leaf = *l;
        /* the L1 TLB is filled with the request's VPN and ASID (a global leaf serves every ASID) */
        e->leaf.vpn = (sb->va >> 12) & vpn_mask(l->mode);
        e->leaf.asid = sb->ctx.asid;
        e->pa_denied = use == 1 && (cause == REF_CAUSE_FETCH_ACCESS || cause == REF_CAUSE_LOAD_ACCESS ||
                                    cause == REF_CAUSE_STORE_ACCESS);
        if (sb->cov) cov_l2_hit(sb->cov, sb->ctx.mode, leaf_page(l));
        return;
    }
    if (o->rsp_fault)
        mismatch(sb, "va 0x%llx: the L2 TLB answered (fault cause=%u) with no leaf it legally holds: %d leaves of "
                 "a walk of this VA, mode and ASID since an SFENCE.VMA covering them, none gives it",
                 (unsigned long long)sb->va, o->rsp_cause, sb->nl2c);
    else
        mismatch(sb, "va 0x%llx: the L2 TLB answered (pa=0x%llx) with no leaf it legally holds: %d leaves of "
                 "a walk of this VA, mode and ASID since an SFENCE.VMA covering them, none gives it",
                 (unsigned long long)sb->va, (unsigned long long)o->rsp_pa, sb->nl2c);
}

void sb_pair(scoreboard *a, scoreboard *b)
{
    a->twin = b;
    b->twin = a;
}

/* The walk starting this cycle: from the root, or from a cached pointer
 * (the monitor names its table), which must be one the shadow legally holds
 * for this VA and context; the expected outcome is then that walk's. */
static void walk_starts(scoreboard *sb, const mmu_outputs *o)
{
    memset(sb->ptr_cov, 0, sizeof sb->ptr_cov);
    /* The walk reads memory as it is now: walks run one at a time, so
     * nothing else changes it until this one ends. With one port that is
     * memory as at acceptance; with two, the other port's walk may have set
     * A or D bits since (and this walk then finds them set). */
    int ad_before = sb->expect.ad_written;
    expect_walk(sb);
    /* The L2 TLB's legal leaves for this walk (a fence from now on cannot
     * take them away: the request came before it). */
    sb->nl2c = 0;
    for (int i = 0; i < sb->nl2; i++) {
        if (!ref_leaf_matches(&sb->l2[i], &sb->ctx, sb->va)) continue;
        void *items = sb->l2c;
        int rc = set_add(&items, &sb->nl2c, &sb->capl2c, &sb->l2[i], sizeof sb->l2[i], same_leaf);
        sb->l2c = items;
        if (rc != 0) mismatch(sb, "out of memory for the L2 TLB's shadow");
    }
    if (sb->cov && ad_before && !sb->expect.ad_written) cov_ports(sb->cov, COV_PORTS_AD_BY_OTHER);
    if (!o->mon_pwc_hit) return;
    for (int i = 0; i < sb->nptrs; i++) {
        const ref_ptr *p = &sb->ptrs[i];
        if (ref_ptr_matches(p, &sb->ctx, sb->va) && p->level == (int)o->mon_pwc_level && p->ppn == o->mon_pwc_ppn) {
            sb->has_start = 1;
            sb->start = *p;
            expect_walk(sb);
            if (sb->cov) cov_pwc_hit(sb->cov, sb->ctx.mode, p->level);
            return;
        }
    }
    mismatch(sb, "va 0x%llx: the walk started from a cached pointer (table at level %u, ppn 0x%llx) that no walk "
             "of this VA, mode and ASID followed since an SFENCE.VMA with rs1=x0 covering it",
             (unsigned long long)sb->va, (unsigned)o->mon_pwc_level, (unsigned long long)o->mon_pwc_ppn);
}

static void peer_add_leaf(scoreboard *sb, const ref_leaf *l)
{
    void *items = sb->seen;
    /* a leaf not remembered (out of memory) can only report a legal stale hit as a difference */
    (void)set_add(&items, &sb->nseen, &sb->capseen, l, sizeof *l, same_leaf);
    sb->seen = items;
}

/* Peer mode: remember the leaf the walk reached (a TLB may hold it until an
 * SFENCE.VMA covers it), also when this access may not use it: a hart may
 * cache any valid leaf, and use it for a later access it allows. Such a
 * leaf is the one a walk of the same VA in the same address space gives to
 * some access kind and privilege (SUM and MXR set). */
static void peer_note_leaf(scoreboard *sb)
{
    if (sb->expect.has_leaf) {
        peer_add_leaf(sb, &sb->expect.leaf);
        return;
    }
    if (!sb->expect.walked) return;
    static const unsigned privs[] = {RVMMU_PRIV_U, RVMMU_PRIV_S};
    static const unsigned accs[] = {RVMMU_ACC_LOAD, RVMMU_ACC_FETCH, RVMMU_ACC_STORE};
    ref_ctx c = sb->ctx;
    c.sum = c.mxr = 1;
    for (int p = 0; p < 2; p++)
        for (int a = 0; a < 3; a++) {
            dry_mem d = {sb->mem, 0, 0, 0, sb->err_pa, sb->err_cas, sb->nerr, NULL, NULL};
            ref_mem view = {dry_read, dry_cas, &d};
            c.priv = privs[p];
            ref_result r = ref_translate(&c, sb->va, accs[a], &view);
            if (r.has_leaf) {
                peer_add_leaf(sb, &r.leaf);
                return;
            }
        }
}

/* Peer mode, one cycle: an SFENCE.VMA drops the leaves it covers; a response
 * must equal the reference walk's outcome or what a still-cacheable leaf gives. */
static void peer_cycle(scoreboard *sb, const mmu_inputs *in, const mmu_outputs *o)
{
    sb->tag_now = in->tag;
    if (o->rsp_valid && sb->active) {
        const ref_result *e = &sb->expect;
        int legal = o->rsp_fault ? e->fault && o->rsp_cause == e->cause
                                 : !e->fault && o->rsp_pa == e->pa && o->rsp_pbmt == e->pbmt;
        int stale_pbmt = -1;   /* a cached leaf gives this PA, but another memory type */
        for (int i = 0; i < sb->nseen && !legal; i++) {
            uint64_t pa = 0;
            unsigned cause = 0;
            if (!ref_leaf_matches(&sb->seen[i], &sb->ctx, sb->va)) continue;
            int use = ref_leaf_use(&sb->seen[i], &sb->ctx, sb->va, sb->acc, &pa, &cause);
            legal = o->rsp_fault ? use == 1 && o->rsp_cause == cause
                                 : use == 0 && o->rsp_pa == pa && o->rsp_pbmt == sb->seen[i].pbmt;
            if (!legal && !o->rsp_fault && use == 0 && o->rsp_pa == pa) stale_pbmt = (int)sb->seen[i].pbmt;
        }
        if (!legal || sb->peer_all) {
            char got[96], want[96];
            result_describe(got, sizeof got, o->rsp_fault, o->rsp_cause, o->rsp_pa, o->rsp_pbmt);
            result_describe(want, sizeof want, e->fault, e->cause, e->pa, e->pbmt);
            fprintf(sb->peer, "line=%u acc=%s va=0x%llx peer=%s ref=%s mode=%u asid=%u priv=%u sum=%d mxr=%d adue=%d",
                    (unsigned)sb->tag, trace_acc_name(sb->acc), (unsigned long long)sb->va, got, want, sb->ctx.mode,
                    (unsigned)sb->ctx.asid, sb->ctx.priv, sb->ctx.sum, sb->ctx.mxr, sb->ctx.adue);
            if (e->has_leaf)
                fprintf(sb->peer, " level=%d napot=%d", e->leaf.level, e->leaf.napot);
            if (stale_pbmt >= 0) fprintf(sb->peer, " stale_pbmt=%d", stale_pbmt);
            fprintf(sb->peer, " ptes=");
            for (int i = 0; i < sb->nptes; i++)
                fprintf(sb->peer, "%s0x%llx", i ? "," : "", (unsigned long long)sb->ptes[i]);
            fprintf(sb->peer, " ok=%d\n", legal);
            if (!legal) fflush(sb->peer);
        }
        sb->active = 0;
    }
    if (in->sfence_valid)
        for (int i = 0; i < sb->nseen; i++)
            if (ref_sfence_covers(&sb->seen[i], in->sfence_rs1_x0, in->sfence_va, in->sfence_rs2_x0,
                                  in->sfence_asid))
                sb->seen[i--] = sb->seen[--sb->nseen];
}

void sb_request(scoreboard *sb, const ref_ctx *c, uint64_t va, unsigned acc, physmem *mem)
{
    sb->active = 1;
    sb->ctx = *c;
    sb->va = va;
    sb->acc = acc;
    sb->mem = mem;
    sb->nerr = 0;
    sb->has_start = 0;
    expect_walk(sb);
    /* Entries of another mode that hold this VA (a MODE switch without a fence). */
    if (sb->cov && c->priv != RVMMU_PRIV_M)
        for (int i = 0; i < sb->entries; i++) {
            ref_ctx other = *c;
            other.mode = sb->shadow[i].mode;
            if (sb->valid[i] && other.mode != c->mode && ref_leaf_matches(&sb->shadow[i], &other, va))
                cov_mode_alias(sb->cov, c->mode, other.mode);
        }
    sb->walking = 0;
    sb->flush_seen = 0;
    sb->covered = 0;
    sb->swaps = 0;
    sb->swap_pa_ok = 1;
    if (sb->peer) {
        sb->tag = sb->tag_now;
        peer_note_leaf(sb);
    }
}

void sb_note_bus_error(scoreboard *sb, uint64_t pa, int cas)
{
    if (sb->nerr == MAX_INJECTED) {
        mismatch(sb, "more than %d bus errors injected into one walk", MAX_INJECTED);
        return;
    }
    sb->err_pa[sb->nerr] = pa;
    sb->err_cas[sb->nerr] = cas;
    sb->nerr++;
    /* No swap has happened yet in this walk: memory is as it was at its start. */
    expect_walk(sb);
}

void sb_note_cas(scoreboard *sb, uint64_t pa, int swapped)
{
    if (!swapped) return;
    sb->swaps++;
    if (!sb->expect.ad_written || pa != sb->expect.ad_pa) sb->swap_pa_ok = 0;
}

/* The slot the reference says a lookup must hit, or -1; checks uniqueness. */
static int shadow_match(scoreboard *sb)
{
    int found = -1;
    for (int i = 0; i < sb->entries; i++) {
        if (!sb->valid[i] || !ref_leaf_matches(&sb->shadow[i], &sb->ctx, sb->va)) continue;
        if (found >= 0) mismatch(sb, "TLB slots %d and %d both match va 0x%llx", found, i,
                                 (unsigned long long)sb->va);
        found = i;
    }
    return found;
}

static uint64_t vpn_mask(unsigned mode)
{
    int levels = ref_levels(mode);
    int vabits = mode == RVMMU_MODE_SV32 ? 32 : 12 + 9 * levels;
    return (1ull << (vabits - 12)) - 1;
}

/* The RTL's fill, as a reference leaf, for comparison. */
static void check_fill(scoreboard *sb, const mmu_outputs *o)
{
    const ref_leaf *e = &sb->expect.leaf;
    ref_leaf got;
    memset(&got, 0, sizeof got);
    got.mode = o->fill.mode;
    got.asid = (uint32_t)o->fill.asid;
    got.g = (o->fill.flags >> 5) & 1;
    got.vpn = o->fill.vpn & vpn_mask(o->fill.mode);
    got.level = o->fill.level;
    got.napot = o->fill.napot;
    got.ppn = o->fill.ppn;
    got.pte = e->pte;
    got.pbmt = o->fill.pbmt;
    if (!sb->expect.has_leaf) {
        mismatch(sb, "TLB filled slot %u for va 0x%llx but the reference walk gives no leaf",
                 (unsigned)o->fill.idx, (unsigned long long)sb->va);
        return;
    }
    if (got.mode != e->mode || got.asid != e->asid || got.g != e->g ||
        got.vpn != (e->vpn & vpn_mask(e->mode)) || got.level != e->level ||
        got.napot != e->napot || got.ppn != e->ppn || got.pbmt != e->pbmt ||
        o->fill.flags != (e->pte & 0xff)) {
        mismatch(sb,
                 "fill of va 0x%llx: RTL installed vpn=0x%llx level=%d asid=%u ppn=0x%llx "
                 "flags=0x%02x, reference leaf vpn=0x%llx level=%d asid=%u ppn=0x%llx flags=0x%02x",
                 (unsigned long long)sb->va, (unsigned long long)got.vpn, got.level, got.asid,
                 (unsigned long long)got.ppn, o->fill.flags, (unsigned long long)e->vpn,
                 e->level, e->asid, (unsigned long long)e->ppn, (unsigned)(e->pte & 0xff));
        return;
    }
    if (o->fill.idx >= (uint64_t)sb->entries) {
        mismatch(sb, "fill slot %llu out of range", (unsigned long long)o->fill.idx);
        return;
    }
    /* The fill removes every overlapping entry, then takes its slot. */
    if (sb->cov)
        for (int i = 0; i < sb->entries; i++)
            if (sb->valid[i] && ref_leaves_overlap(&sb->shadow[i], e) &&
                page_rank(&sb->shadow[i]) < page_rank(e)) {
                cov_fill_over_smaller(sb->cov, e->mode, leaf_page(e));
                break;
            }
    for (int i = 0; i < sb->entries; i++)
        if (sb->valid[i] && ref_leaves_overlap(&sb->shadow[i], e)) sb->valid[i] = 0;
    sb->shadow[o->fill.idx] = *e;
    sb->valid[o->fill.idx] = 1;
}

static void check_response(scoreboard *sb, const mmu_outputs *o, int fault, unsigned cause,
                           uint64_t pa, unsigned pbmt, const char *how)
{
    if (o->rsp_fault != fault || (fault && o->rsp_cause != cause) ||
        (!fault && (o->rsp_pa != pa || o->rsp_pbmt != pbmt))) {
        mismatch(sb,
                 "%s response for va 0x%llx: RTL %s cause=%u pa=0x%llx pbmt=%u, reference %s "
                 "cause=%u pa=0x%llx pbmt=%u",
                 how, (unsigned long long)sb->va, o->rsp_fault ? "fault" : "ok", o->rsp_cause,
                 (unsigned long long)o->rsp_pa, o->rsp_pbmt, fault ? "fault" : "ok", cause,
                 (unsigned long long)pa, pbmt);
    }
}

/* ENTRIES valid bits in hex (0x..., as one number), into buf. */
static const char *valid_hex(char buf[RVMMU_WIDE_WORDS * 16 + 3], const uint64_t *bits, int entries)
{
    int w = (entries + 63) / 64, n = sprintf(buf, "0x%llx", (unsigned long long)bits[w - 1]);
    for (int i = w - 2; i >= 0; i--) n += sprintf(buf + n, "%016llx", (unsigned long long)bits[i]);
    return buf;
}

void sb_cycle(scoreboard *sb, const mmu_inputs *in, const mmu_outputs *o, physmem *mem)
{
    (void)mem;
    /* A fence is taken when it is valid and ready (the L2 TLB's sweep holds it off). */
    if (sb->cov && in->sfence_valid && !o->sfence_ready) cov_l2_sweep(sb->cov, sb->walking);
    mmu_inputs taken = *in;
    taken.sfence_valid = in->sfence_valid && o->sfence_ready;
    in = &taken;
    if (sb->peer) {
        peer_cycle(sb, in, o);
        return;
    }
    /* A fill written in the cycle of an SFENCE.VMA that may cover it (the
     * RTL judges at the mode's largest page, G clear) may be left invalid:
     * dropping an entry is always allowed. A certain cover was checked. */
    if (sb->adopt) {
        sb->valid[sb->adopt - 1] = mmu_bit(o->mon_valid, sb->adopt - 1);
        sb->adopt = 0;
    }
    /* The RTL's valid bits must be the shadow's, exactly. */
    uint64_t shadow_valid[RVMMU_WIDE_WORDS] = {0};
    int differ = 0;
    for (int i = 0; i < sb->entries; i++) {
        if (sb->valid[i]) shadow_valid[i / 64] |= 1ull << (i % 64);
        differ |= sb->valid[i] != mmu_bit(o->mon_valid, i);
    }
    if (differ) {
        char rtl[RVMMU_WIDE_WORDS * 16 + 3], ref[RVMMU_WIDE_WORDS * 16 + 3];
        mismatch(sb, "TLB valid bits %s, reference %s", valid_hex(rtl, o->mon_valid, sb->entries),
                 valid_hex(ref, shadow_valid, sb->entries));
    }
    /* The slot a fill must write this cycle, from the model of the RTL's
     * own replacement (the shadow's valid bits, the hits and fills seen). */
    memcpy(sb->valid_q, sb->valid, (size_t)sb->entries * sizeof *sb->valid);
    int fill_slot = tlb_repl_fill_slot(&sb->repl);
    if (o->mon_fill && o->fill.idx != (uint64_t)fill_slot)
        mismatch(sb, "fill of va 0x%llx into TLB slot %llu, but the replacement policy (first slot invalid "
                 "at the last edge, else the tree pseudo-LRU victim) gives slot %d",
                 (unsigned long long)sb->va, (unsigned long long)o->fill.idx, fill_slot);

    if (o->mon_hit || o->mon_miss) {
        int slot = shadow_match(sb);
        uint64_t pa = 0;
        unsigned cause = 0;
        int use = slot >= 0 ? ref_leaf_use(&sb->shadow[slot], &sb->ctx, sb->va, sb->acc, &pa, &cause) : -1;
        if (o->mon_hit) {
            if (slot < 0 || (unsigned)slot != o->mon_hit_idx)
                mismatch(sb, "hit in slot %u for va 0x%llx, reference slot %d", (unsigned)o->mon_hit_idx,
                         (unsigned long long)sb->va, slot);
            else if (use == 2)
                mismatch(sb, "a store to va 0x%llx hit a page whose D bit is clear", (unsigned long long)sb->va);
            else if (!o->rsp_valid)
                mismatch(sb, "hit without a response");
            else {
                check_response(sb, o, use == 1, cause, pa, sb->shadow[slot].pbmt, "hit");
                if (sb->cov) {
                    cov_response(sb->cov, use == 1 ? cause : 0, sb->ctx.priv, sb->acc,
                                 leaf_page(&sb->shadow[slot]), 1, sb->ctx.mode);
                    cov_context(sb->cov, sb->ctx.adue, sb->ctx.sum, sb->ctx.mxr, sb->ctx.priv);
                }
            }
        } else if ((use == 0 || use == 1) && !(o->mon_parity_err && o->mon_parity_idx == (uint64_t)slot)) {
            /* (an entry that failed its parity check is dropped: PARITY) */
            mismatch(sb, "va 0x%llx walked although slot %d holds a usable translation",
                     (unsigned long long)sb->va, slot);
        }
    }
    if (o->mon_walk_start) {
        sb->walking = 1;
        walk_starts(sb, o);
    }
    if (o->rsp_valid && sb->walking && o->mon_l2_hit) l2_answer(sb, o);
    else if (o->mon_l2_hit) mismatch(sb, "an L2 TLB hit without a walk's response");
    int covered_now = 0;
    if (in->sfence_valid && sb->walking) {
        sb->flush_seen = 1;
        covered_now = sb->expect.has_leaf &&
                      ref_sfence_covers(&sb->expect.leaf, in->sfence_rs1_x0, in->sfence_va, in->sfence_rs2_x0,
                                        in->sfence_asid);
    }

    if (sb->cov && o->rsp_valid && in->req_valid && o->req_ready && sb->active) {
        /* back to back: a request accepted as this one is answered */
        int slot = o->mon_hit && o->mon_hit_idx < (unsigned)sb->entries ? (int)o->mon_hit_idx : -1;
        if (o->mon_hit) cov_back_to_back(sb->cov, 2, slot >= 0 ? leaf_page(&sb->shadow[slot]) : -1);
        else if (sb->walking)
            cov_back_to_back(sb->cov, o->mon_fill ? 0 : 1, sb->expect.has_leaf ? leaf_page(&sb->expect.leaf) : -1);
        else cov_back_to_back(sb->cov, 3, -1);
    }
    if (o->rsp_valid && sb->active && !legal_response(sb, o)) sb->wrong++;
    if (o->rsp_valid) {
        if (!sb->active) mismatch(sb, "response with no request");
        else if (!o->mon_hit) {
            const ref_result *e = &sb->expect;
            if (sb->walking != e->walked)
                mismatch(sb, "va 0x%llx: RTL %s, reference %s", (unsigned long long)sb->va,
                         sb->walking ? "walked" : "did not walk", e->walked ? "walks" : "does not walk");
            check_response(sb, o, e->fault, e->cause, e->pa, e->pbmt, sb->walking ? "walk" : "bypass");
            if (sb->cov) {
                cov_response(sb->cov, e->fault ? e->cause : 0, sb->ctx.priv, sb->acc,
                             e->has_leaf ? leaf_page(&e->leaf) : -1, 0, sb->walking ? sb->ctx.mode : 0);
                cov_context(sb->cov, sb->ctx.adue, sb->ctx.sum, sb->ctx.mxr, sb->ctx.priv);
            }
            if (sb->swaps != (e->ad_written ? 1 : 0) || !sb->swap_pa_ok)
                mismatch(sb, "va 0x%llx: RTL swapped %d PTE(s), reference %d", (unsigned long long)sb->va,
                         sb->swaps, e->ad_written);
            if (sb->walking && (!e->fault || e->pa_denied) && !o->mon_fill && !sb->flush_seen)
                mismatch(sb, "va 0x%llx: successful walk not installed", (unsigned long long)sb->va);
        }
        sb->active = 0;
    }
    /* (a walk whose PA PMP refuses made a translation: it is installed) */
    if (o->mon_fill && (!o->rsp_valid || !sb->walking || (sb->expect.fault && !sb->expect.pa_denied)))
        mismatch(sb, "fill without a successful walk");
    if (o->mon_fill && sb->covered)
        mismatch(sb, "va 0x%llx: the walk wrote its result after an SFENCE.VMA that covers it",
                 (unsigned long long)sb->va);

    /* The walk cache's shadow: a fence removes the pointers it covers (and
     * marks those of the walk running, which may not be kept); a walk's
     * pointers may be cached once it ends. */
    if (in->sfence_valid) {
        for (int k = 0; sb->walking && k < sb->expect.nptrs; k++)
            if (ref_sfence_covers_ptr(&sb->expect.ptrs[k], in->sfence_rs1_x0, in->sfence_rs2_x0, in->sfence_asid))
                sb->ptr_cov[k] = 1;
        for (int i = 0; i < sb->nptrs; i++)
            if (ref_sfence_covers_ptr(&sb->ptrs[i], in->sfence_rs1_x0, in->sfence_rs2_x0, in->sfence_asid))
                sb->ptrs[i--] = sb->ptrs[--sb->nptrs];
    }
    if (o->rsp_valid && sb->walking)
        for (int k = 0; k < sb->expect.nptrs; k++)
            if (!sb->ptr_cov[k]) ptr_add(sb, &sb->expect.ptrs[k]);
    /* The L2 TLB's shadow: a fence removes the leaves it covers; a walk's
     * leaf may be held once it ends, unless a fence covering it came. */
    if (in->sfence_valid)
        for (int i = 0; i < sb->nl2; i++)
            if (ref_sfence_covers(&sb->l2[i], in->sfence_rs1_x0, in->sfence_va, in->sfence_rs2_x0, in->sfence_asid))
                sb->l2[i--] = sb->l2[--sb->nl2];
    if (o->rsp_valid && sb->walking && !o->mon_l2_hit && sb->expect.has_leaf &&
        (!sb->expect.fault || sb->expect.pa_denied) && !sb->covered && !covered_now)
        l2_add(sb, &sb->expect.leaf);
    if (o->rsp_valid && sb->walking && !o->mon_l2_hit && sb->expect.has_leaf && sb->has_l2 && sb->cov)
        cov_l2_miss(sb->cov, sb->ctx.mode, leaf_page(&sb->expect.leaf));
    if (in->sfence_valid && sb->cov) cover_sfence(sb, in, o->mon_ptw_state, sb->walking || o->mon_walk_start);
    /* Advance the shadow past this edge: a parity drop, the flush, then the fill. */
    if (o->mon_parity_err && o->mon_parity_idx < (uint64_t)sb->entries) sb->valid[o->mon_parity_idx] = 0;
    if (in->sfence_valid)
        for (int i = 0; i < sb->entries; i++)
            if (sb->valid[i] && ref_sfence_covers(&sb->shadow[i], in->sfence_rs1_x0, in->sfence_va,
                                                  in->sfence_rs2_x0, in->sfence_asid))
                sb->valid[i] = 0;
    if (o->mon_fill) {
        check_fill(sb, o);
        /* A flush in the fill's own cycle: covered, the entry must be left
         * invalid; possibly covered, the RTL may leave it invalid. */
        if (in->sfence_valid && o->fill.idx < (uint64_t)sb->entries) {
            if (covered_now) sb->valid[o->fill.idx] = 0;
            else sb->adopt = (int)o->fill.idx + 1;
        }
    }
    if (covered_now) sb->covered = 1;
    if (o->rsp_valid) sb->walking = 0;
    /* The replacement past this edge: a fill, else a hit, is the use. */
    tlb_repl_edge(&sb->repl, sb->valid_q, o->mon_fill || o->mon_hit,
                  o->mon_fill ? fill_slot : (int)o->mon_hit_idx);
}
