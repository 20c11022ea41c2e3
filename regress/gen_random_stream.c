/* gen_random_stream.c -- the access and fence stream of the generator (see
 * gen_random.h): the SFENCE.VMA that covers each PTE change, accesses and
 * bursts, satp/priv/sum/mxr changes, extra fences and PTE rewrites. */
#include "gen_random.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Fences after a PTE change.                                          */
/* ------------------------------------------------------------------ */

/* An SFENCE.VMA (or, for a NAPOT page by address, 16 of them) that covers
 * every cached translation of m's page in its address space(s). */
static void fence_for(gen *g, const mapping *m, int tables_changed)
{
    rng_t *r = &g->rng;
    uint32_t asid = m->owner >= 0 ? g->sp[m->owner].asid : 0;
    int nonglobal = !m->global;
    if (g->unfenced_pct && rng_pct(r, g->unfenced_pct)) {
        /* No fence: old and new translation are both legal until one comes
         * (the scoreboard allows the old one exactly while the TLB holds it). */
        fprintf(g->out, "# no sfence after this change\n");
        return;
    }
    unsigned k = (unsigned)rng_below(r, 100);
    if (k < 15 || (tables_changed && !nonglobal)) {
        emit_sfence(g, 0, 0, 0, 0);
        return;
    }
    if (tables_changed || (m->napot && k < 35)) {
        if (nonglobal)
            emit_sfence(g, 0, 0, 1, asid);
        else
            emit_sfence(g, 0, 0, 0, 0);
        return;
    }
    if (m->napot) {
        int with_asid = nonglobal && rng_pct(r, 50);
        for (uint64_t off = 0; off < PT_NAPOT_SIZE; off += PT_FRAME_SIZE)
            emit_sfence(g, 1, m->va + off + rng_below(r, PT_FRAME_SIZE), with_asid, asid);
        return;
    }
    uint64_t va = m->va + rng_below(r, m->size);
    if (nonglobal && k < 55)
        emit_sfence(g, 1, va, 1, asid);
    else if (nonglobal && k < 65)
        emit_sfence(g, 0, 0, 1, asid);
    else
        emit_sfence(g, 1, va, 0, 0);
}

/* ------------------------------------------------------------------ */
/* Stream directives.                                                  */
/* ------------------------------------------------------------------ */

void emit_satp(gen *g, int which)
{
    g->cur = which;
    if (which == CUR_BARE)
        fprintf(g->out, "satp bare 0 0\n");
    else if (which == CUR_BOGUS)
        fprintf(g->out, "satp %s %" PRIu32 " 0x%" PRIx64 "    # root outside ram or empty\n", g->mode_name,
                g->bogus_asid, g->bogus_ppn);
    else
        fprintf(g->out, "satp %s %" PRIu32 " 0x%" PRIx64 "\n", g->mode_name, g->sp[which].asid,
                as_satp_ppn(g->sp[which].as));
}

/* Pick a live mapping usable in the current context (any if bare/M); -1 if none. */
int pick_mapping(gen *g, int want_live, int owner_filter)
{
    if (g->nmaps == 0)
        return -1;
    for (int tries = 0; tries < 64; tries++) {
        int i = (int)rng_below(&g->rng, (uint64_t)g->nmaps);
        const mapping *m = &g->maps[i];
        if (want_live >= 0 && m->live != want_live)
            continue;
        if (owner_filter >= 0 && m->owner != owner_filter && !m->global)
            continue;
        return i;
    }
    return -1;
}

static uint64_t offset_in(gen *g, uint64_t size)
{
    rng_t *r = &g->rng;
    unsigned k = (unsigned)rng_below(r, 4);
    if (k == 0)
        return rng_below(r, size < 0x4000 ? size : 0x4000);
    if (k == 1)
        return size - 1 - rng_below(r, size < 0x2000 ? size : 0x2000);
    return rng_below(r, size);
}

/* A non-canonical VA made from va (RV64 only). */
static uint64_t make_noncanonical(gen *g, uint64_t va)
{
    rng_t *r = &g->rng;
    unsigned bit = g->va_bits - 1 + (unsigned)rng_below(r, 64 - (g->va_bits - 1));
    uint64_t v = va ^ (1ull << bit);
    if (pt_va_valid(g->mode, v))
        v ^= 1ull << 63;
    if (pt_va_valid(g->mode, v))
        v = (va & ((1ull << g->va_bits) - 1)) | (1ull << 62);
    return v;
}

/* A VA for the next access; *hint = index of the live mapping it falls in, or -1. */
static uint64_t pick_access_va_once(gen *g, int *hint)
{
    rng_t *r = &g->rng;
    int owner = g->cur >= 0 ? g->cur : -1;
    unsigned k = (unsigned)rng_below(r, 100);
    *hint = -1;
    if (g->cur >= 0 && g->priv != RVMMU_PRIV_M && g->nrecent && rng_pct(r, 55)) {
        int n = g->nrecent < g->ws ? g->nrecent : g->ws;
        int i = (int)rng_below(r, (uint64_t)n);
        if (g->recent[i].cur == g->cur) {
            *hint = g->recent[i].hint;
            if (*hint >= 0 && !g->maps[*hint].live)
                *hint = -1;
            return (g->recent[i].va & ~PT_PAGE_OFFSET_MASK) | rng_below(r, PT_FRAME_SIZE);
        }
    }
    if (k < 62) {
        int i = pick_mapping(g, 1, owner);
        if (i >= 0) {
            *hint = i;
            return canon(g, g->maps[i].va + offset_in(g, g->maps[i].size));
        }
    } else if (k < 71) {
        int i = pick_mapping(g, -1, owner);
        if (i >= 0) {
            const mapping *m = &g->maps[i];
            unsigned s = (unsigned)rng_below(r, 3);
            if (s == 0)
                return canon(g, m->va + m->size + rng_below(r, 0x3000));
            if (s == 1)
                return canon(g, m->va - 1 - rng_below(r, 0x3000));
            return canon(g, m->va + offset_in(g, m->size));
        }
    } else if (k < 80) {
        if (g->njunk) {
            for (int tries = 0; tries < 16; tries++) {
                const junk *j = &g->junks[rng_below(r, (uint64_t)g->njunk)];
                if (owner >= 0 && j->owner != owner && tries < 15)
                    continue;
                uint64_t span = page_size(g, j->level);
                return canon(g, (j->va & ~(span - 1)) + offset_in(g, span));
            }
        }
    } else if (k < 86 && g->rv64) {
        uint64_t base = g->nmaps ? g->maps[rng_below(r, (uint64_t)g->nmaps)].va : rng_u64(r);
        return make_noncanonical(g, base + rng_below(r, PT_FRAME_SIZE));
    }
    if (rng_pct(r, 50)) {
        unsigned root = rng_pct(r, 70) ? g->hot[rng_below(r, (uint64_t)g->nhot)]
                                       : (unsigned)rng_below(r, g->entries);
        return rand_va_in(g, root, 0, 0) + rng_below(r, PT_FRAME_SIZE);
    }
    if (g->cur < 0 || g->priv == RVMMU_PRIV_M)
        return rng_u64(r) & g->word_mask;          /* untranslated: anything */
    return canon(g, rng_u64(r));
}

static uint64_t pick_access_va(gen *g, int *hint)
{
    for (;;) {
        uint64_t va = pick_access_va_once(g, hint) & g->word_mask;
        /* Untranslated (Bare or M): PA = VA. Keep it within the physical
         * address width unless --wide-bare: the RTL's PA port is 56 bits wide
         * and drops VA bits 63:56, the model keeps them (see the report). */
        if ((g->cur == CUR_BARE || g->priv == RVMMU_PRIV_M) && !g->wide_bare)
            va &= g->pa_mask;
        /* No global VA under the bogus root: a cached global entry would
         * answer in one TLB and a walk of the bogus root in another. */
        if (g->cur == CUR_BOGUS && g->priv != RVMMU_PRIV_M && in_global_region(g, va))
            continue;
        /* A NAPOT page is 16 PTEs: a walk (Svadu) writes A/D into the PTE of
         * the 4 KiB page it was for, and whether it walks at all depends on
         * the TLB. While A/D may still be written, use only its first 4 KiB,
         * so that every walk goes through the same PTE. */
        if (g->cur >= 0 && g->priv != RVMMU_PRIV_M) {
            for (int i = 0; i < g->nmaps; i++) {
                const mapping *m = &g->maps[i];
                if (m->live && m->ad_clean && (m->owner == g->cur || m->global) && va - m->va < m->size) {
                    va = m->va + (va & PT_PAGE_OFFSET_MASK);
                    *hint = i;
                    break;
                }
            }
        }
        return va;
    }
}

/* Will this access probably translate, judging by the tables as the generator
 * last wrote them (Svadu A/D updates unseen)? Only steers the choices. */
static int predict_ok(gen *g, uint64_t va, int kind)
{
    uint64_t pte;
    if (g->cur < 0 || g->priv == RVMMU_PRIV_M)
        return g->cur != CUR_BOGUS || g->priv == RVMMU_PRIV_M;
    if (as_lookup(g->sp[g->cur].as, va, &pte, NULL) != PT_OK)
        return 0;
    int u = (pte & PTE_U) != 0;
    if (g->priv == RVMMU_PRIV_U ? !u : (u && (kind == 2 || !g->sum)))
        return 0;
    if (kind == 0 && !(pte & PTE_R) && !(g->mxr && (pte & PTE_X)))
        return 0;
    if ((kind == 1 && !(pte & PTE_W)) || (kind == 2 && !(pte & PTE_X)))
        return 0;
    if (!g->adue && (!(pte & PTE_A) || (kind == 1 && !(pte & PTE_D))))
        return 0;
    return 1;
}

/* One access at va (hint: its live mapping, or -1): mostly a kind that
 * should succeed, so that walks fill the TLB and later accesses hit. */
static void access_at(gen *g, uint64_t va, int hint, int kind)
{
    static const char *const kinds[] = { "load", "store", "fetch" };
    rng_t *r = &g->rng;
    if (rng_pct(r, 65)) {
        int ok[3], n = 0;
        for (int c = 0; c < 3; c++)
            if (predict_ok(g, va, c))
                ok[n++] = c;
        if (n)
            kind = ok[rng_below(r, (uint64_t)n)];
    }
    if (g->pmp_permille && rng_pct(r, 40)) {
        /* with PMP, two accesses in five have a size (2, 4 or 8 bytes, the VA
         * aligned to it): the PA's check covers every byte (size=N) */
        unsigned size = 2u << rng_below(r, 3);
        va &= ~(uint64_t)(size - 1);
        fprintf(g->out, "%s 0x%" PRIx64 " size=%u\n", kinds[kind], va, size);
    } else {
        fprintf(g->out, "%s 0x%" PRIx64 "\n", kinds[kind], va);
    }
    g->accesses++;
    if (g->cur >= 0 && g->priv != RVMMU_PRIV_M && predict_ok(g, va, kind)) {
        /* newest first */
        memmove(&g->recent[1], &g->recent[0], sizeof g->recent - sizeof g->recent[0]);
        g->recent[0].va = va;
        g->recent[0].cur = g->cur;
        g->recent[0].hint = hint;
        if (g->nrecent < 64)
            g->nrecent++;
    }
}

void do_access(gen *g)
{
    rng_t *r = &g->rng;
    unsigned k = (unsigned)rng_below(r, 100);
    int kind = k < 45 ? 0 : k < 75 ? 1 : 2;
    int hint;
    uint64_t va = pick_access_va(g, &hint);
    access_at(g, va, hint, kind);
    if (rng_pct(r, 2))
        g->ws = 4 + (int)rng_below(r, 61);     /* 4..64: below and above the 16-entry TLB */
}

/* A burst: 12..47 accesses that should succeed, to distinct places of the
 * current address space, then the same places again (forward, backward or
 * shuffled): more translations than the 16-entry TLB holds, so the RTL
 * evicts and walks again where the ideal TLB hits. */
void do_burst(gen *g)
{
    static const char *const kinds[] = { "load", "store", "fetch" };
    rng_t *r = &g->rng;
    uint64_t vas[48];
    int kd[48], n = 0;
    if (g->cur < 0 || g->priv == RVMMU_PRIV_M)
        return;
    int want = 12 + (int)rng_below(r, 36);
    for (int tries = 0; tries < 400 && n < want; tries++) {
        int i = pick_mapping(g, 1, g->cur);
        if (i < 0)
            break;
        const mapping *m = &g->maps[i];
        uint64_t va = canon(g, m->va + offset_in(g, m->size));
        if (m->ad_clean)
            va = m->va + (va & PT_PAGE_OFFSET_MASK);      /* see pick_access_va */
        int ok[3], c = 0;
        for (int k = 0; k < 3; k++)
            if (predict_ok(g, va, k))
                ok[c++] = k;
        if (!c)
            continue;
        int dup = 0;
        for (int k = 0; k < n; k++)
            dup |= (vas[k] >> PT_PAGE_SHIFT) == (va >> PT_PAGE_SHIFT);
        if (dup)
            continue;
        vas[n] = va;
        kd[n++] = ok[rng_below(r, (uint64_t)c)];
    }
    if (n == 0)
        return;
    fprintf(g->out, "# burst: %d pages, ASID %" PRIu32 "\n", n, g->sp[g->cur].asid);
    int rounds = 2 + (int)rng_below(r, 2);
    for (int round = 0; round < rounds && g->accesses < g->accesses_wanted; round++) {
        unsigned order = (unsigned)rng_below(r, 3);
        for (int j = 0; j < n && g->accesses < g->accesses_wanted; j++) {
            int k = order == 0 ? j : order == 1 ? n - 1 - j : (int)rng_below(r, (uint64_t)n);
            uint64_t va = (vas[k] & ~PT_PAGE_OFFSET_MASK) | rng_below(r, PT_FRAME_SIZE);
            fprintf(g->out, "%s 0x%" PRIx64 "\n", kinds[kd[k]], va);
            g->accesses++;
        }
    }
}

void do_satp(gen *g)
{
    unsigned k = (unsigned)rng_below(&g->rng, 100);
    if (k < 10)
        emit_satp(g, CUR_BARE);
    else if (k < 20 && g->have_bogus)
        emit_satp(g, CUR_BOGUS);
    else
        emit_satp(g, (int)rng_below(&g->rng, (uint64_t)g->nas));
}

void do_priv(gen *g)
{
    unsigned k = (unsigned)rng_below(&g->rng, 100);
    g->priv = k < 30 ? RVMMU_PRIV_U : k < 90 ? RVMMU_PRIV_S : RVMMU_PRIV_M;
    fprintf(g->out, "priv %s\n", g->priv == RVMMU_PRIV_U ? "U" : g->priv == RVMMU_PRIV_S ? "S" : "M");
}

void do_toggle(gen *g)
{
    switch (rng_below(&g->rng, 3)) {
    case 0:
        g->sum = !g->sum;
        fprintf(g->out, "sum %d\n", g->sum);
        break;
    case 1:
        g->mxr = !g->mxr;
        fprintf(g->out, "mxr %d\n", g->mxr);
        break;
    default:
        g->adue = !g->adue;
        fprintf(g->out, "adue %d\n", g->adue);
        break;
    }
}

/* An SFENCE.VMA nothing depends on: any form, any operands. */
void do_extra_sfence(gen *g)
{
    rng_t *r = &g->rng;
    uint64_t va;
    int i = pick_mapping(g, -1, -1);
    if (i >= 0 && rng_pct(r, 80))
        va = canon(g, g->maps[i].va + offset_in(g, g->maps[i].size));
    else
        va = canon(g, rng_u64(r));
    /* The spec makes an SFENCE.VMA with an invalid rs1 a no-op; over-fencing
     * is legal too. The RTL keeps the entries, the scoreboard's shadow (the
     * model masks rs1) drops them and reports a mismatch: opt-in only. */
    if (g->rv64 && g->noncanon_sfence && rng_pct(r, 5))
        va = make_noncanonical(g, va);
    uint32_t asid;
    if (rng_pct(r, 80))
        asid = g->sp[rng_below(r, (uint64_t)g->nas)].asid;
    else
        asid = (uint32_t)rng_below(r, 1ull << g->asid_bits);
    switch (rng_below(r, 4)) {
    case 0: emit_sfence(g, 0, 0, 0, 0); break;
    case 1: emit_sfence(g, 1, va, 0, 0); break;
    case 2: emit_sfence(g, 0, 0, 1, asid); break;
    default: emit_sfence(g, 1, va, 1, asid); break;
    }
}

static const char *owner_text(gen *g, const mapping *m, char *buf, size_t n)
{
    if (m->owner < 0)
        snprintf(buf, n, "all ASIDs (global)");
    else
        snprintf(buf, n, "ASID %" PRIu32, g->sp[m->owner].asid);
    return buf;
}

/* Change the page tables through the library, then fence. */
void do_rewrite(gen *g)
{
    rng_t *r = &g->rng;
    char who[32];
    unsigned k = (unsigned)rng_below(r, 100);
    if (k < 40) {                                   /* protect */
        int i = pick_mapping(g, 1, -1);
        if (i < 0)
            return;
        mapping m = g->maps[i];
        uint64_t flags = rand_leaf_flags(g, m.global, m.napot);
        if (protect_in(g, &m, flags) != PT_OK)
            return;
        g->maps[i].ad_clean = m.napot && flags_ad_clean(flags);
        fprintf(g->out, "# protect va 0x%" PRIx64 " in %s\n", m.va, owner_text(g, &m, who, sizeof who));
        emit_flush(g);
        fence_for(g, &m, 0);
    } else if (k < 55) {                            /* unmap */
        int i = pick_mapping(g, 1, -1);
        if (i < 0)
            return;
        mapping m = g->maps[i];
        if (unmap_in(g, &m) != PT_OK)
            return;
        g->maps[i].live = 0;
        fprintf(g->out, "# unmap va 0x%" PRIx64 " in %s\n", m.va, owner_text(g, &m, who, sizeof who));
        emit_flush(g);
        fence_for(g, &m, 0);
    } else if (k < 75) {                            /* remap: unmap, then map again at the same or a smaller size */
        int i = pick_mapping(g, 1, -1);
        if (i < 0)
            return;
        mapping m = g->maps[i];
        if (!frames_ok(g, m.owner) || unmap_in(g, &m) != PT_OK)
            return;
        g->maps[i].live = 0;
        int level = m.napot ? 0 : (int)rng_below(r, (uint64_t)m.level + 1);
        int napot = m.napot || (g->rv64 && level == 0 && m.level > 0 && rng_pct(r, 30));
        uint64_t size = napot ? PT_NAPOT_SIZE : page_size(g, level);
        uint64_t va = m.va + (rng_below(r, m.size) & ~(size - 1));
        int before = total_tables(g);
        uint64_t flags = rand_leaf_flags(g, m.global, napot);
        int ok = map_in(g, m.owner, va, rand_pa(g, size, !napot), level, flags) == PT_OK;
        int changed = total_tables(g) != before;
        int ni = ok ? add_mapping(g, va, level, napot, m.global, m.owner) : -1;
        if (ni >= 0)
            g->maps[ni].ad_clean = napot && flags_ad_clean(flags);
        fprintf(g->out, "# remap va 0x%" PRIx64 " in %s%s\n", m.va, owner_text(g, &m, who, sizeof who),
                ok ? "" : " (unmapped only)");
        emit_flush(g);
        /* one fence covering both the old page and the new one */
        mapping cover = m;
        if (ni >= 0 && g->maps[ni].napot && !m.napot)
            changed = 1;        /* a superpage split into a NAPOT page: fence it all */
        fence_for(g, &cover, changed);
    } else if (k < 90) {                            /* a new mapping */
        int global = rng_pct(r, 20);
        int owner = (int)rng_below(r, (uint64_t)g->nas);
        int changed = 0;
        int i = new_mapping(g, owner, global, &changed);
        if (i < 0)
            return;
        mapping m = g->maps[i];
        fprintf(g->out, "# map va 0x%" PRIx64 " level %d%s in %s\n", m.va, m.level, m.napot ? " NAPOT" : "",
                owner_text(g, &m, who, sizeof who));
        emit_flush(g);
        fence_for(g, &m, changed);
    } else if (k < 97) {                            /* share a frame with another address space */
        int src = pick_mapping(g, 1, -1);
        if (src < 0)
            return;
        mapping sm = g->maps[src];
        int dst = (int)rng_below(r, (uint64_t)g->nas);
        int changed = 0;
        int i = new_share(g, dst, &sm, &changed);
        if (i < 0)
            return;
        mapping m = g->maps[i];
        fprintf(g->out, "# share va 0x%" PRIx64 " in ASID %" PRIu32 " onto the frame of va 0x%" PRIx64 "\n", m.va,
                g->sp[dst].asid, sm.va);
        emit_flush(g);
        fence_for(g, &m, changed);
    } else if (g->njunk) {                          /* rewrite a malformed PTE */
        const junk *j = &g->junks[rng_below(r, (uint64_t)g->njunk)];
        write_raw(g, j);
        emit_flush(g);
        if (rng_pct(r, 50))
            emit_sfence(g, 0, 0, 0, 0);
        else
            emit_sfence(g, 0, 0, 1, g->sp[j->owner].asid);
    }
}

/* ------------------------------------------------------------------ */
/* A superpage over pages already in the TLB (--superpage-over).       */
/* ------------------------------------------------------------------ */

/* In the current address space, a pointer PTE whose table maps pages that
 * were just accessed (so the TLB holds them) is rewritten into a superpage
 * leaf, then the region is accessed again: the old pages (the TLB may still
 * answer them until a fence) and other places (a walk finds the superpage,
 * and its fill must remove every smaller entry inside it). With an
 * SFENCE.VMA after the rewrite (a table change: rs1=x0), or, when
 * --unfenced allows, without one. The table under the old pointer is left
 * unreferenced. */
void do_superpage_over(gen *g)
{
    rng_t *r = &g->rng;
    if (g->cur < 0 || g->priv == RVMMU_PRIV_M)
        return;
    pt_as *as = g->sp[g->cur].as;
    uint64_t slot = 0, old, size = 0, base = 0;
    int level = 0, found = 0;
    for (int tries = 0; tries < 8 && !found; tries++) {
        int i = pick_mapping(g, 1, g->cur);
        if (i < 0 || g->maps[i].global || g->maps[i].owner != g->cur || g->maps[i].level >= g->levels - 1)
            continue;
        const mapping *m = &g->maps[i];
        level = m->level + 1 + (int)rng_below(r, (uint64_t)(g->levels - 1 - m->level));
        size = page_size(g, level);
        base = canon(g, m->va & ~(size - 1));
        unsigned root = va_index(g, base, g->levels - 1);
        found = !in_global_region(g, base) && root != g->jidx[0] && root != g->jidx[1] &&
                as_pte_address(as, base, level, &slot) == PT_OK &&
                mem_image_read(g->mem, slot, g->pte_bytes, &old) == 0 && pte_is_pointer(old);
    }
    if (!found)
        return;
    /* the pages under it, in the TLB first */
    int under[8], n = 0;
    for (int k = 0; k < g->nmaps && n < 8; k++) {
        const mapping *u = &g->maps[k];
        if (u->live && u->owner == g->cur && !u->global && u->va - base < size)
            under[n++] = k;
    }
    fprintf(g->out, "# superpage over: level %d at va 0x%" PRIx64 " in ASID %" PRIu32 " replaces the table of %d page(s)\n",
            level, base, g->sp[g->cur].asid, n);
    for (int k = 0; k < n; k++) {
        const mapping *u = &g->maps[under[k]];
        access_at(g, u->ad_clean ? u->va : canon(g, u->va + offset_in(g, u->size)), under[k], 0);
    }
    uint64_t flags = rand_leaf_flags(g, 0, 0);
    if (rng_pct(r, 80)) {
        /* mostly a page the current context can read, so that walks fill */
        flags = (flags | PTE_R | PTE_A) & ~PTE_U;
        if (g->priv == RVMMU_PRIV_U)
            flags |= PTE_U;
    }
    uint64_t leaf = pte_make_leaf(g->mode, rand_pa(g, size, 0) >> PT_PAGE_SHIFT, flags);
    if (mem_image_write(g->mem, slot, g->pte_bytes, leaf) != 0)
        return;
    for (int k = 0; k < g->nmaps; k++) {
        mapping *u = &g->maps[k];
        if (u->live && u->owner == g->cur && !u->global && u->va - base < size)
            u->live = 0;
    }
    int ni = add_mapping(g, base, level, 0, 0, g->cur);
    emit_flush(g);
    if (g->unfenced_pct && rng_pct(r, 60))
        fprintf(g->out, "# no sfence after this change\n");
    else if (rng_pct(r, 50))
        emit_sfence(g, 0, 0, 1, g->sp[g->cur].asid);
    else
        emit_sfence(g, 0, 0, 0, 0);
    /* the old pages again, and other places in the superpage */
    for (int k = 0; k < n; k++)
        access_at(g, canon(g, g->maps[under[k]].va + rng_below(r, PT_FRAME_SIZE)), ni, 0);
    for (int k = 0; k < 2 + (int)rng_below(r, 3); k++)
        access_at(g, canon(g, base + offset_in(g, size)), ni, 0);
}

/* ------------------------------------------------------------------ */
/* satp.MODE switches with entries live (--mode-switch, RV64).          */
/* ------------------------------------------------------------------ */

/* The current ASID under another mode: a table of its own (built once per
 * mode, then grown), mapping some of the VAs just used under the current
 * mode (VAs valid in every mode) to other frames. The VAs are accessed under
 * the current mode, then satp switches, with the same ASID and no fence
 * between, to the other mode, maybe a third, Bare, and back: a lookup in one
 * mode while entries of another hold its VA. Only new leaves are written
 * (fenced before any of it), so the outcome does not depend on the TLB. */
void do_mode_switch(gen *g)
{
    static const unsigned modes[3] = { RVMMU_MODE_SV39, RVMMU_MODE_SV48, RVMMU_MODE_SV57 };
    static const char *const names[3] = { "sv39", "sv48", "sv57" };
    rng_t *r = &g->rng;
    if (!g->rv64 || g->cur < 0 || g->priv == RVMMU_PRIV_M)
        return;
    uint32_t asid = g->sp[g->cur].asid;
    uint64_t vas[4];
    int hints[4], n = 0;
    for (int k = 0; k < g->nrecent && n < 4; k++)
        if (g->recent[k].cur == g->cur && pt_va_valid(RVMMU_MODE_SV39, g->recent[k].va) && rng_pct(r, 60)) {
            vas[n] = g->recent[k].va;
            hints[n++] = g->recent[k].hint;
        }
    if (n == 0) {
        /* none valid in every mode (Sv48, Sv57 use high VAs): a new page low enough */
        uint64_t va = rng_below(r, 1ull << 38) & ~PT_PAGE_OFFSET_MASK;
        unsigned root = va_index(g, va, g->levels - 1);
        if (in_global_region(g, va) || root == g->jidx[0] || root == g->jidx[1] ||
            map_in(g, g->cur, va, rand_pa(g, PT_FRAME_SIZE, 1), 0, rand_leaf_flags(g, 0, 0)) != PT_OK)
            return;
        vas[0] = va;
        hints[0] = add_mapping(g, va, 0, 0, 0, g->cur);
        n = 1;
    }
    /* the other modes' tables for this ASID */
    int order[3], no = 0;
    for (int k = 0; k < 3; k++)
        if (modes[k] != g->mode)
            order[no++] = k;
    if (rng_pct(r, 50)) {
        int t = order[0];
        order[0] = order[1];
        order[1] = t;
    }
    int use = 1 + (int)rng_below(r, 2);
    for (int j = 0; j < use; j++) {
        int k = order[j];
        if (!g->alt[k][g->cur]) {
            int err;
            g->alt[k][g->cur] = as_create(modes[k], asid, g->tpool[0], &g->ptm, &err);
            if (!g->alt[k][g->cur])
                return;
        }
        for (int v = 0; v < n; v++) {
            uint64_t pte;
            if (as_lookup(g->alt[k][g->cur], vas[v], &pte, NULL) == PT_OK)
                continue;
            (void)as_map_page(g->alt[k][g->cur], vas[v] & ~PT_PAGE_OFFSET_MASK, rand_pa(g, PT_FRAME_SIZE, 0), 0,
                              rand_leaf_flags(g, 0, 0));
        }
    }
    fprintf(g->out, "# mode switch: ASID %" PRIu32 " under other modes, %d VA(s)\n", asid, n);
    emit_flush(g);
    emit_sfence(g, 0, 0, 1, asid);      /* the new leaves: before anything is cached */
    for (int v = 0; v < n; v++)
        access_at(g, vas[v], hints[v], 0);
    for (int j = 0; j < use; j++) {
        int k = order[j];
        fprintf(g->out, "satp %s %" PRIu32 " 0x%" PRIx64 "    # same ASID, no fence\n", names[k], asid,
                as_satp_ppn(g->alt[k][g->cur]));
        /* the last VA first: its walk under the old mode may just be filling */
        for (int v = n - 1; v >= 0; v--)
            fprintf(g->out, "%s 0x%" PRIx64 "\n", rng_pct(r, 70) ? "load" : "fetch",
                    (vas[v] & ~PT_PAGE_OFFSET_MASK) | rng_below(r, PT_FRAME_SIZE));
        g->accesses += n;
    }
    if (rng_pct(r, 40)) {
        fprintf(g->out, "satp bare 0 0\n");
        for (int v = 0; v < n; v++)
            fprintf(g->out, "load 0x%" PRIx64 "\n", vas[v]);
        g->accesses += n;
    }
    emit_satp(g, g->cur);
    for (int v = 0; v < n; v++)
        access_at(g, vas[v], hints[v], 0);
}

/* ------------------------------------------------------------------ */
/* Fences racing walks, on purpose (--fence-races).                    */
/* ------------------------------------------------------------------ */

/* Accesses that walk, each followed at once by an SFENCE.VMA (each form,
 * its VA inside the page, the current ASID), so that `rvmmu replay
 * --fence-race` lands the fence in a cycle of the walk it chooses: a mapping
 * of the current space, the larger pages first; half the rounds clear its
 * A (and D) first, under Svadu, so the walk goes on to the A/D swap and the
 * fence can meet the walker in its swap states too (NAPOT pages included).
 * Half the rounds access
 * the page twice before the fence. */
void do_fence_race(gen *g)
{
    rng_t *r = &g->rng;
    if (g->cur < 0 || g->priv == RVMMU_PRIV_M)
        return;
    int best = -1, napot = -1;
    for (int k = 0; k < 6; k++) {
        int i = pick_mapping(g, 1, g->cur);
        if (i >= 0 && (best < 0 || g->maps[i].level > g->maps[best].level))
            best = i;
        if (i >= 0 && g->maps[i].napot)
            napot = i;
    }
    /* a 64 KiB page is level 0 and would rarely be the largest: a third of
     * the episodes that met one take it, so its swap states meet fences too */
    if (napot >= 0 && rng_pct(r, 33))
        best = napot;
    if (best < 0)
        return;
    mapping m = g->maps[best];
    uint32_t asid = g->sp[g->cur].asid;
    int rounds = 2 + (int)rng_below(r, 3);
    fprintf(g->out, "# fences racing walks: va 0x%" PRIx64 " level %d, %d round(s)\n", m.va, m.level, rounds);
    for (int k = 0; k < rounds; k++) {
        uint64_t pte;
        if (!m.global && rng_pct(r, 75) && as_lookup(g->sp[g->cur].as, m.va, &pte, NULL) == PT_OK) {
            uint64_t flags = pte_flags(g->mode, pte) & ~(PTE_A | (rng_pct(r, 50) ? PTE_D : 0));
            if (protect_in(g, &m, flags) == PT_OK) {
                /* a NAPOT page then keeps to its first 4 KiB (pick_access_va) */
                m.ad_clean = g->maps[best].ad_clean = m.napot && flags_ad_clean(flags);
                emit_flush(g);
                fence_for(g, &m, 0);
                if (!g->adue) {
                    g->adue = 1;
                    fprintf(g->out, "adue 1\n");
                }
            }
        }
        uint64_t va = m.ad_clean ? m.va + rng_below(r, PT_FRAME_SIZE) : canon(g, m.va + offset_in(g, m.size));
        access_at(g, va, best, rng_pct(r, 50) ? 1 : 0);
        /* half the time the same page again at once (a load's walk just set A,
         * a store may still find D clear): back to back, the second request
         * is taken in the cycle the first one's entry is filled */
        if (rng_pct(r, 50))
            access_at(g, (va & ~PT_PAGE_OFFSET_MASK) | rng_below(r, PT_FRAME_SIZE), best, 1);
        uint64_t fva = m.ad_clean ? va : canon(g, m.va + offset_in(g, m.size));
        switch (rng_below(r, 4)) {
        case 0: emit_sfence(g, 0, 0, 0, 0); break;
        case 1: emit_sfence(g, 0, 0, 1, asid); break;
        case 2: emit_sfence(g, 1, fva, 0, 0); break;
        default: emit_sfence(g, 1, fva, 1, asid); break;
        }
    }
}
