/* gen_random.c -- constrained-random tlbtrace generator (see gen_random.h):
 * its options and main, the phases of the stream.
 *
 *   gen_random --mode sv32|sv39|sv48|sv57 --seed S --accesses N [--asids K]
 *              [--wide-bare] [--noncanonical-sfence] [--unfenced P]
 *              [--superpage-over M] [--mode-switch M] [--fence-races M]
 *
 * Prints one tlbtrace (docs/tlbtrace.md, version 1) on stdout, the same
 * for the same options. */
#include "gen_random.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void die_oom(void)
{
    fprintf(stderr, "gen_random: out of memory\n");
    exit(1);
}

/* ------------------------------------------------------------------ */
/* Main.                                                               */
/* ------------------------------------------------------------------ */

static void usage(void)
{
    fprintf(stderr, "usage: gen_random --mode sv32|sv39|sv48|sv57 --seed S --accesses N [--asids K]\n"
                    "                  [--wide-bare] [--noncanonical-sfence]\n"
                    "  prints a constrained-random tlbtrace on stdout\n"
                    "  --asids K     at most K address spaces (1..%d, default 4)\n"
                    "  --wide-bare   RV64: untranslated (Bare/M) accesses may use VA bits above the\n"
                    "                56-bit PA width (PA = VA, all 64 bits)\n"
                    "  --unfenced P  leave P%% of the PTE rewrites without their covering sfence (the\n"
                    "                results then depend on the TLB's contents: check with the scoreboard)\n"
                    "  --noncanonical-sfence  RV64: some extra (redundant) sfences name a non-canonical\n"
                    "                VA (such an SFENCE.VMA has no effect)\n"
                    "  --superpage-over M  M per mille of the steps rewrite a pointer PTE above pages just\n"
                    "                accessed into a superpage leaf (unfenced only as --unfenced allows)\n"
                    "  --mode-switch M  RV64: M per mille of the steps switch satp.MODE (same ASID, no\n"
                    "                fence) to the other modes' tables of the VAs just used, Bare, and back\n"
                    "  --fence-races M  M per mille of the steps are accesses that walk (larger pages first,\n"
                    "                half of them to set A/D) each followed at once by an sfence of some form\n"
                    "                covering it (for `rvmmu replay --fence-race` to land in the walk)\n"
                    "  --pmp M       pmp lines: a random PMP configuration at the start and at M per mille\n"
                    "                of the steps (NAPOT, NA4, TOR chains, locked entries), each with a full sfence\n"
                    "  --small-pages P  P%% of the new mappings are level-0 (4 KiB or, RV64, Svnapot) pages\n"
                    "                (default 50): more distinct pages, so the bursts overflow the L1 TLB and\n"
                    "                reach a second-level TLB\n",
            MAX_AS);
    exit(2);
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    int base = 10;
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        return -1;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (!*s || *s == '-' || *s == '+' || *s == ' ')
            return -1;
    }
    errno = 0;
    unsigned long long x = strtoull(s, &end, base);
    if (*end || errno)
        return -1;
    *v = (uint64_t)x;
    return 0;
}

int main(int argc, char **argv)
{
    gen *g = calloc(1, sizeof *g);
    if (!g)
        die_oom();
    uint64_t seed = 0, nacc = 0, k = 4, k2 = 0;
    int have_seed = 0, have_acc = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--mode") && v) {
            g->mode_name = v;
            i++;
        } else if (!strcmp(a, "--seed") && v && parse_u64(v, &seed) == 0) {
            have_seed = 1;
            i++;
        } else if (!strcmp(a, "--accesses") && v && parse_u64(v, &nacc) == 0 && nacc <= 100000000ull) {
            have_acc = 1;
            i++;
        } else if (!strcmp(a, "--asids") && v && parse_u64(v, &k) == 0 && k >= 1 && k <= MAX_AS) {
            i++;
        } else if (!strcmp(a, "--wide-bare")) {
            g->wide_bare = 1;
        } else if (!strcmp(a, "--unfenced") && v && parse_u64(v, &k2) == 0 && k2 <= 100) {
            g->unfenced_pct = (unsigned)k2;
            i++;
        } else if (!strcmp(a, "--superpage-over") && v && parse_u64(v, &k2) == 0 && k2 <= 1000) {
            g->superpage_permille = (unsigned)k2;
            i++;
        } else if (!strcmp(a, "--mode-switch") && v && parse_u64(v, &k2) == 0 && k2 <= 1000) {
            g->modeswitch_permille = (unsigned)k2;
            i++;
        } else if (!strcmp(a, "--fence-races") && v && parse_u64(v, &k2) == 0 && k2 <= 1000) {
            g->race_permille = (unsigned)k2;
            i++;
        } else if (!strcmp(a, "--small-pages") && v && parse_u64(v, &k2) == 0 && k2 >= 1 && k2 <= 100) {
            g->small_pct = (unsigned)k2;
            i++;
        } else if (!strcmp(a, "--pmp") && v && parse_u64(v, &k2) == 0 && k2 >= 1 && k2 <= 1000) {
            g->pmp_permille = (unsigned)k2;
            i++;
        } else if (!strcmp(a, "--noncanonical-sfence")) {
            g->noncanon_sfence = 1;
        } else {
            usage();
        }
    }
    if (!g->mode_name || !have_seed || !have_acc)
        usage();
    if (!strcmp(g->mode_name, "sv32"))
        g->mode = RVMMU_MODE_SV32;
    else if (!strcmp(g->mode_name, "sv39"))
        g->mode = RVMMU_MODE_SV39;
    else if (!strcmp(g->mode_name, "sv48"))
        g->mode = RVMMU_MODE_SV48;
    else if (!strcmp(g->mode_name, "sv57"))
        g->mode = RVMMU_MODE_SV57;
    else
        usage();

    g->seed = seed;
    g->accesses_wanted = (long)nacc;
    g->out = stdout;
    g->levels = pt_mode_levels(g->mode);
    g->pte_bytes = pt_mode_pte_bytes(g->mode);
    g->rv64 = g->pte_bytes == 8;
    g->va_bits = pt_mode_va_bits(g->mode);
    g->pa_bits = pt_mode_pa_bits(g->mode);
    g->vpn_bits = pt_mode_vpn_bits(g->mode);
    g->entries = 1u << g->vpn_bits;
    g->asid_bits = pt_mode_asid_bits(g->mode);
    g->word_mask = pt_mode_word_mask(g->mode);
    g->pa_mask = (1ull << g->pa_bits) - 1;
    g->ppn_mask = (1ull << pt_mode_ppn_bits(g->mode)) - 1;
    if (k > (1ull << g->asid_bits) - 1)
        k = (1ull << g->asid_bits) - 1;
    g->asids_max = (int)k;
    rng_seed(&g->rng, seed);

    if (!(g->mem = mem_new()))
        die_oom();
    mem_image_init(g->mem, g->pte_bytes);
    g->ptm.read = mem_image_read;
    g->ptm.write = mem_image_write;
    g->ptm.opaque = g->mem;

    g->nas = 1 + (int)rng_below(&g->rng, (uint64_t)g->asids_max);
    choose_windows(g);
    for (int i = 0; i < g->nwin; i++)
        if (mem_add_ram(g->mem, g->wins[i].base, g->wins[i].size) != 0)
            die_oom();
    fprintf(g->out, "# gen_random --mode %s --seed %" PRIu64 " --accesses %" PRIu64 " --asids %" PRIu64 "%s%s",
            g->mode_name, seed, nacc, k, g->wide_bare ? " --wide-bare" : "",
            g->noncanon_sfence ? " --noncanonical-sfence" : "");
    if (g->unfenced_pct) fprintf(g->out, " --unfenced %u", g->unfenced_pct);
    if (g->superpage_permille) fprintf(g->out, " --superpage-over %u", g->superpage_permille);
    if (g->modeswitch_permille) fprintf(g->out, " --mode-switch %u", g->modeswitch_permille);
    if (g->race_permille) fprintf(g->out, " --fence-races %u", g->race_permille);
    if (g->pmp_permille) fprintf(g->out, " --pmp %u", g->pmp_permille);
    if (g->small_pct) fprintf(g->out, " --small-pages %u", g->small_pct);
    fprintf(g->out, "\n");
    fprintf(g->out, "# constrained-random trace: no expect lines; compare the RTL with --model ref\n");
    fprintf(g->out, "tlbtrace 1\nmode %s\n", g->mode_name);
    if (g->explicit_ram)
        for (int i = 0; i < g->nwin; i++)
            fprintf(g->out, "ram 0x%" PRIx64 " 0x%" PRIx64 "\n", g->wins[i].base, g->wins[i].size);
    else
        fprintf(g->out, "# default ram window 0x80000000 0x10000000\n");

    make_pools(g);
    choose_layout(g);
    make_spaces(g);
    build_tables(g);
    if (mem_out_of_memory(g->mem))
        die_oom();
    for (int i = 0; i < g->nas; i++)
        fprintf(g->out, "# address space %d: ASID %" PRIu32 ", root 0x%" PRIx64 ", %d tables\n", i, g->sp[i].asid,
                as_satp_ppn(g->sp[i].as) << PT_PAGE_SHIFT, as_table_count(g->sp[i].as));
    {
        char roots[128];
        int n = snprintf(roots, sizeof roots, "# root slots: global");
        for (int i = 0; i < g->ng; i++)
            n += snprintf(roots + n, sizeof roots - (size_t)n, " %u", g->gidx[i]);
        snprintf(roots + n, sizeof roots - (size_t)n, ", junk %u %u", g->jidx[0], g->jidx[1]);
        fprintf(g->out, "%s\n", roots);
    }
    emit_flush(g);

    /* initial state */
    g->priv = RVMMU_PRIV_S;
    g->ws = 4 + (int)rng_below(&g->rng, 61);
    emit_satp(g, 0);
    if (rng_pct(&g->rng, 50)) {
        g->adue = 1;
        fprintf(g->out, "adue 1\n");
    }

    if (g->pmp_permille)
        do_pmp(g);          /* PMP from the start: a first configuration */

    /* Phases: "churn" rewrites page tables and fences often; "steady" seldom
     * does, and (with the working set above) lets the TLB fill and evict. */
    int steady = rng_pct(&g->rng, 50);
    while (g->accesses < g->accesses_wanted) {
        if (rng_below(&g->rng, 1000) < 15)
            steady = !steady;
        /* The opt-in episodes draw from the generator only when asked for,
         * so that a trace without them is the same as before they existed. */
        if (g->superpage_permille && rng_below(&g->rng, 1000) < g->superpage_permille) {
            do_superpage_over(g);
            continue;
        }
        if (g->modeswitch_permille && rng_below(&g->rng, 1000) < g->modeswitch_permille) {
            do_mode_switch(g);
            continue;
        }
        if (g->race_permille && rng_below(&g->rng, 1000) < g->race_permille) {
            do_fence_race(g);
            continue;
        }
        if (g->pmp_permille && rng_below(&g->rng, 1000) < g->pmp_permille) {
            do_pmp(g);
            continue;
        }
        unsigned c = (unsigned)rng_below(&g->rng, 1000);
        unsigned p_satp = steady ? 30 : 50, p_priv = 40, p_tog = 50;
        unsigned p_fence = steady ? 5 : 30, p_rew = steady ? 10 : 100, p_burst = steady ? 12 : 3;
        if (c < p_burst)
            do_burst(g);
        else if ((c -= p_burst) < p_satp)
            do_satp(g);
        else if ((c -= p_satp) < p_priv)
            do_priv(g);
        else if ((c -= p_priv) < p_tog)
            do_toggle(g);
        else if ((c -= p_tog) < p_fence)
            do_extra_sfence(g);
        else if ((c -= p_fence) < p_rew)
            do_rewrite(g);
        else
            do_access(g);
        if (mem_out_of_memory(g->mem))
            die_oom();
    }

    for (int i = 0; i < g->nas; i++) {
        as_destroy(g->sp[i].as);
        for (int k = 0; k < 3; k++)
            as_destroy(g->alt[k][i]);
    }
    for (int i = 0; i < g->nwin; i++)
        pool_destroy(g->tpool[i]);
    pool_destroy(g->dpool);
    mem_free(g->mem);
    free(g->maps);
    free(g->junks);
    free(g);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "gen_random: write error\n");
        return 1;
    }
    return 0;
}
