/* inject.c -- the TLB fault-injection campaign (issue 17, docs/verification.md).
 *
 * Linked with the fault-injection models (Makefile: build/fi/rvmmu-inject-p0
 * and -p1, rvmmu built with PARITY=0 and PARITY=1 and --public-flat-rw), in
 * place of tb/main.c. Each injection replays one trace (round robin over the
 * files given) through the harness and its scoreboard, and at a random cycle
 * of it flips one random bit of one TLB entry's state: mostly a bit of a
 * valid entry (its valid bit, a field, a registered lookup verdict or a
 * parity bit), one time in ten the valid bit of an invalid entry (a dead
 * entry brought back). The upset is then followed to its end:
 *
 *   wrong     a response after the upset is none that a legal TLB could give
 *             (the scoreboard's sb_wrong: the reference walk, or the answer
 *             of an entry the spec lets the TLB hold); the run without the
 *             upset must have none;
 *   detected  the entry failed its parity check (mon_parity_err_o with its
 *             index) and was dropped, before any wrong response;
 *   masked    neither: the entry was overwritten by a fill or invalidated
 *             (a flush, an overlapping fill, the upset itself clearing the
 *             valid bit) before its bad bit was used, or the trace ended
 *             with it unused ("latent").
 *
 * Usage: rvmmu-inject-pN [--injections N] [--seed S] [--label L] [--by-field] [--list] TRACE...
 * (--by-field: the counts per register; --list: one line per upset).
 * Prints one table row: label, injections, detected, masked (overwritten or
 * invalidated / latent at the end), wrong. Exit status 0, or 2 on bad usage
 * or when a trace's run without an upset fails (an expect, the scoreboard,
 * or a wrong response): so every trace also passes on the model as built. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "mmu_model.h"
#include "replay.h"

/* The fault-injection shim (sim/model_shim.cpp, RVMMU_FI) of each XLEN. */
int rv32_fi_valid(void *h, int entry);
int rv32_fi_bits(void *h, int entry);
int rv32_fi_flip(void *h, int entry, int bit, char *name, size_t len);
int rv64_fi_valid(void *h, int entry);
int rv64_fi_bits(void *h, int entry);
int rv64_fi_flip(void *h, int entry, int bit, char *name, size_t len);

enum { C_NONE, C_DETECTED, C_OVERWRITTEN, C_LATENT, C_WRONG, C_COUNT };

#define MAX_FIELDS 32

typedef struct {
    char name[24];
    unsigned long n[C_COUNT];
} field_stat;

typedef struct {
    int inject;            /* 0: a clean run (cycles and wrong responses only) */
    uint64_t target;       /* first cycle after which to inject */
    uint64_t at;           /* the cycle after whose edge it was injected */
    int injected, entry, resolved, bits;
    char name[64];
    int wrong0, wrong;     /* sb_wrong at the upset, and now */
    uint64_t cycles;
    uint64_t rng;
} campaign;

static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545f4914f6cdd1dull;
}

static void hook(void *arg, harness *h, mmu_model *m, const mmu_outputs *o)
{
    campaign *c = arg;
    c->cycles = hs_cycles(h);
    c->wrong = hs_wrong_translations(h);
    if (!c->inject) return;
    if (c->injected) {
        /* What the cycle after the upset did with the entry (outputs of that cycle). */
        if (c->resolved) return;
        if (o->mon_parity_err && o->mon_parity_idx == (uint64_t)c->entry) c->resolved = C_DETECTED;
        else if (!mmu_bit(o->mon_valid, c->entry) || (o->mon_fill && o->fill.idx == (uint64_t)c->entry))
            c->resolved = C_OVERWRITTEN;
        return;
    }
    if (c->cycles < c->target) return;
    mmu_build b = mmu_model_build(m);
    void *sh = mmu_model_shim(m);
    int (*valid)(void *, int) = b.xlen == 64 ? rv64_fi_valid : rv32_fi_valid;
    int (*bits)(void *, int) = b.xlen == 64 ? rv64_fi_bits : rv32_fi_bits;
    int (*flip)(void *, int, int, char *, size_t) = b.xlen == 64 ? rv64_fi_flip : rv32_fi_flip;
    int live[256], dead[256], nl = 0, nd = 0;
    for (int i = 0; i < b.entries && i < 256; i++) {
        if (valid(sh, i)) live[nl++] = i;
        else dead[nd++] = i;
    }
    if (nl == 0) return;   /* nothing to upset yet: try the next cycle */
    uint64_t r = next_rand(&c->rng);
    int bit;
    if (r % 10 == 0 && nd > 0) {
        c->entry = dead[(r / 10) % (uint64_t)nd];
        bit = 0;
    } else {
        c->entry = live[(r / 10) % (uint64_t)nl];
        bit = (int)(next_rand(&c->rng) % (uint64_t)bits(sh, c->entry));
    }
    c->bits = bits(sh, c->entry);
    if (flip(sh, c->entry, bit, c->name, sizeof c->name) != 0) return;
    c->injected = 1;
    c->at = c->cycles;
    c->wrong0 = c->wrong;
}

/* Replay one trace under the hook; -1 if it could not run, else
 * replay_file's status (0: every expect held and the scoreboard saw nothing). */
static int run(const char *path, campaign *c)
{
    static FILE *null;
    if (!null) null = fopen("/dev/null", "w");
    if (!null) return -1;
    replay_opts o = {.mem_latency = 1, .seed = 1, .wave_to = UINT64_MAX, .quiet = 1};
    replay_stats st;
    memset(&st, 0, sizeof st);
    c->cycles = 0;
    c->wrong = 0;
    hs_set_cycle_hook(hook, c);
    int rc = replay_file(path, &o, null, null, &st);
    hs_set_cycle_hook(NULL, NULL);
    return rc == 2 && c->cycles == 0 ? -1 : rc;
}

static field_stat *field_of(field_stat *fs, int *nf, const char *name)
{
    char base[24];
    size_t k = strcspn(name, "[");
    if (k >= sizeof base) k = sizeof base - 1;
    memcpy(base, name, k);
    base[k] = 0;
    for (int i = 0; i < *nf; i++)
        if (strcmp(fs[i].name, base) == 0) return &fs[i];
    if (*nf == MAX_FIELDS) return &fs[MAX_FIELDS - 1];
    memset(&fs[*nf], 0, sizeof fs[*nf]);
    snprintf(fs[*nf].name, sizeof fs[*nf].name, "%s", base);
    return &fs[(*nf)++];
}

static void usage(FILE *f)
{
    fprintf(f, "usage: rvmmu-inject-pN [--injections N] [--seed S] [--label L] [--by-field] [--list] TRACE...\n");
}

int main(int argc, char **argv)
{
    unsigned long n = 1000;
    uint64_t seed = 1;
    const char *label = "campaign";
    int by_field = 0, list = 0, i;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        char *end;
        if (strcmp(argv[i], "--by-field") == 0) {
            by_field = 1;
        } else if (strcmp(argv[i], "--list") == 0) {
            list = 1;
        } else if (i + 1 < argc && strcmp(argv[i], "--injections") == 0) {
            n = strtoul(argv[++i], &end, 10);
            if (*end || n == 0) {
                fprintf(stderr, "rvmmu-inject: --injections %s: not a positive number\n", argv[i]);
                return 2;
            }
        } else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0) {
            seed = strtoull(argv[++i], &end, 0);
            if (*end) {
                fprintf(stderr, "rvmmu-inject: --seed %s: not a number\n", argv[i]);
                return 2;
            }
        } else if (i + 1 < argc && strcmp(argv[i], "--label") == 0) {
            label = argv[++i];
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "rvmmu-inject: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    int nfiles = argc - i;
    char **files = argv + i;
    if (nfiles <= 0) {
        usage(stderr);
        return 2;
    }
    uint64_t *cycles = calloc((size_t)nfiles, sizeof *cycles);
    if (!cycles) return 2;
    /* The clean runs: their lengths, and no wrong response without an upset. */
    for (int f = 0; f < nfiles; f++) {
        campaign c;
        memset(&c, 0, sizeof c);
        int rc = run(files[f], &c);
        if (rc < 0) {
            fprintf(stderr, "rvmmu-inject: %s: cannot replay\n", files[f]);
            free(cycles);
            return 2;
        }
        if (rc != 0) {
            fprintf(stderr, "rvmmu-inject: %s: the run without any upset fails (rvmmu replay shows why)\n", files[f]);
            free(cycles);
            return 2;
        }
        if (c.wrong) {
            fprintf(stderr, "rvmmu-inject: %s: %d wrong response(s) without any upset\n", files[f], c.wrong);
            free(cycles);
            return 2;
        }
        cycles[f] = c.cycles;
    }
    unsigned long count[C_COUNT] = {0}, tries = 0, bits = 0;
    field_stat fs[MAX_FIELDS];
    int nf = 0;
    uint64_t rng = seed * 0x9e3779b97f4a7c15ull + 0x5bd1e995ull;
    if (rng == 0) rng = 1;
    for (unsigned long k = 0; k < n && tries < 20 * n; tries++) {
        int f = (int)(tries % (unsigned long)nfiles);
        if (cycles[f] < 4) continue;
        campaign c;
        memset(&c, 0, sizeof c);
        c.inject = 1;
        c.rng = next_rand(&rng) | 1;
        c.target = 3 + next_rand(&rng) % (cycles[f] - 3);
        if (run(files[f], &c) < 0) {
            fprintf(stderr, "rvmmu-inject: %s: cannot replay\n", files[f]);
            free(cycles);
            return 2;
        }
        if (!c.injected) continue;   /* no valid entry from that cycle on */
        int cls = c.wrong > c.wrong0 ? C_WRONG : c.resolved ? c.resolved : C_LATENT;
        count[cls]++;
        field_of(fs, &nf, c.name)->n[cls]++;
        if (list) {
            static const char *const cname[C_COUNT] = {"", "detected", "masked (overwritten or invalidated)",
                                                       "masked (latent)", "wrong"};
            printf("%s: cycle %" PRIu64 ": entry %d %s: %s\n", files[f], c.at, c.entry, c.name, cname[cls]);
        }
        if (c.bits > (int)bits) bits = (unsigned long)c.bits;
        k++;
    }
    unsigned long total = count[C_DETECTED] + count[C_OVERWRITTEN] + count[C_LATENT] + count[C_WRONG];
    printf("| %s | %lu | %lu | %lu (%lu overwritten or invalidated, %lu latent) | %lu |\n", label, total,
           count[C_DETECTED], count[C_OVERWRITTEN] + count[C_LATENT], count[C_OVERWRITTEN], count[C_LATENT],
           count[C_WRONG]);
    if (by_field) {
        printf("  state bits per entry (largest): %lu\n  %-10s %8s %8s %8s %8s\n", bits, "register", "upsets", "detected",
               "masked", "wrong");
        for (int j = 0; j < nf; j++)
            printf("  %-10s %8lu %8lu %8lu %8lu\n", fs[j].name,
                   fs[j].n[C_DETECTED] + fs[j].n[C_OVERWRITTEN] + fs[j].n[C_LATENT] + fs[j].n[C_WRONG],
                   fs[j].n[C_DETECTED], fs[j].n[C_OVERWRITTEN] + fs[j].n[C_LATENT], fs[j].n[C_WRONG]);
    }
    free(cycles);
    if (total < n) {
        fprintf(stderr, "rvmmu-inject: only %lu of %lu injections found a valid entry to upset\n", total, n);
        return 2;
    }
    return 0;
}
