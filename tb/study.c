/* study.c -- `rvmmu study` (see study.h, docs/study.md). */
#define _POSIX_C_SOURCE 200809L
#include "study.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capmap.h"
#include "harness.h"
#include "mem.h"
#include "mmu_model.h"
#include "rvmmu_defs.h"
#include "runopts.h"
#include "tlbsim.h"

#define MAX_LIST 16
#define RING 16                 /* tags of the translations in flight (hs_pipeline holds at most 4) */
#define NPOL 5                  /* plru lru fifo random opt */

static const char *const pol_name[NPOL] = {"plru", "lru", "fifo", "random", "opt"};

static tlb_policy_kind pol_kind(int i)
{
    return i == 0 ? TLB_POLICY_TREE_PLRU : i == 1 ? TLB_POLICY_LRU : i == 2 ? TLB_POLICY_FIFO : TLB_POLICY_RANDOM;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: rvmmu study [options] FILE...   captured programs through the RTL (docs/study.md)\n"
            "  --mode M            sv32|sv39|sv48|sv57 (default sv39; sv32 runs the RV32 model)\n"
            "  --entries LIST      TLB sizes of the C models, e.g. 8,16,32,64 (the default); the RTL row\n"
            "                      is this build's ENTRIES (%d): build/entriesN/rvmmu for another size\n"
            "  --mem-latency LIST  walker memory latencies in cycles (default 1,20)\n"
            "  --superpages        superpages on only;  --no-superpages: off only (default: both)\n"
            "  --mix               the files run as one workload, one process (ASID) each\n"
            "  --switch N          program accesses per time slice: a kernel tick, then the next\n"
            "                      process (default 10000; 0: no ticks, only without --mix)\n"
            "  --max N             stop after N program accesses (per workload)\n"
            "  --csv FILE          write the rows (docs/study.md) to FILE\n"
            "  --no-scoreboard     do not check responses (speed measurement; the C-model check stays)\n"
            "  --check-against P   hold the RTL to policy P's C model instead of plru (lru, fifo, random):\n"
            "                      the test that the access-for-access check can fail\n"
            "exit status: 0 done, 1 the RTL differs from the scoreboard or its own policy's C model, 2 bad\n"
            "usage or a bad file\n",
            mmu_model_entries());
}

/* "8,16,32" into v (at most MAX_LIST); -1 after the message. */
static int parse_list(const char *opt, const char *s, unsigned *v, int *n, unsigned lo, unsigned hi)
{
    *n = 0;
    if (!s) goto bad;
    const char *p = s;
    while (*p) {
        char *end;
        unsigned long x = strtoul(p, &end, 10);
        if (end == p || x < lo || x > hi || *n == MAX_LIST || (*end && *end != ',')) goto bad;
        v[(*n)++] = (unsigned)x;
        p = *end ? end + 1 : end;
    }
    if (*n) return 0;
bad:
    fprintf(stderr, "rvmmu: error: %s needs a comma-separated list of %u..%u, got '%s'\n", opt, lo, hi, s ? s : "");
    return -1;
}

/* What one run measured. */
typedef struct {
    uint64_t accesses, translations, hits, misses, miss_cycles, mem_ops, cycles;
    capmap_stats st;
    uint64_t csim_misses[NPOL][MAX_LIST];
    int opt_exact;      /* opt_exact(): OPT's misses are the least (else a bound, docs/policies.md) */
    double seconds, cpu;   /* the replay's wall and processor time */
} run_result;

typedef struct {
    capmap *cm;
    harness *h;
    const char *name;
    tlbsim *check;                          /* tree PLRU at the RTL's size (--check-against: another policy) */
    int check_pol;
    int rtl_entries;
    tlbsim *sim[NPOL - 1][MAX_LIST];        /* the C models (first latency only) */
    opt_stream *opt;
    int nsizes;
    capmap_tag ring[RING];
    uint64_t seq;
    int stop_fault, end, err, check_failed;
    int peer;                               /* another MMU behind the ports (RVMMU_PEER, docs/peers.md): no policy check */
    hs_result fault_r;
    run_result *res;
    char msg[768];
} drive;

static const char *acc_name(unsigned acc)
{
    return acc == RVMMU_ACC_FETCH ? "fetch" : acc == RVMMU_ACC_STORE ? "store" : "load";
}

static int src(void *arg, hs_item *it)
{
    drive *d = arg;
    if (d->stop_fault || d->err || d->end) return 0;
    capmap_tag tag;
    int rc = capmap_next(d->cm, it, &tag);
    if (rc < 0) {
        snprintf(d->msg, sizeof d->msg, "%s", capmap_error(d->cm));
        d->err = 1;
        return 0;
    }
    if (rc == 0) {
        d->end = 1;
        return 0;
    }
    if (it->is_fence) return 1;
    d->ring[d->seq % RING] = tag;
    it->user = d->seq++;
    if (tag.fault) d->stop_fault = 1;
    return 1;
}

static void sink(void *arg, const hs_item *it, const hs_result *r)
{
    drive *d = arg;
    const capmap_tag *t = &d->ring[it->user % RING];
    run_result *res = d->res;
    res->translations++;
    if (r->hit) res->hits++;
    else {
        res->misses++;
        res->miss_cycles += r->cycles;
    }
    if (t->fault) d->fault_r = *r;
    int model = tlbsim_access(d->check, t->id, !t->fault, NULL);
    if (!d->err && !d->peer && (model != r->hit || r->bypass || (!t->fault && r->fault))) {
        char who[160];
        if (t->proc >= 0)
            snprintf(who, sizeof who, "access %" PRIu64 " of process %d%s", t->index, t->proc,
                     t->program ? "" : " (retried after its page fault)");
        else
            snprintf(who, sizeof who, "a kernel access");
        if (!t->fault && r->fault)
            snprintf(d->msg, sizeof d->msg, "%s: translation %" PRIu64 ", %s: %s 0x%" PRIx64 ": the RTL faulted (cause %u) on a mapped page",
                     d->name, it->user, who, acc_name(it->acc), it->va, r->cause);
        else
            snprintf(d->msg, sizeof d->msg,
                     "%s: translation %" PRIu64 ", %s: %s 0x%" PRIx64 " (ASID %u): the RTL %s, the C model of its policy "
                     "(%s, %d entries) %s",
                     d->name, it->user, who, acc_name(it->acc), it->va, it->ctx.asid,
                     r->bypass ? "did not translate" : r->hit ? "hit" : "missed", pol_name[d->check_pol], d->rtl_entries,
                     model ? "hits" : "misses");
        d->err = 1;
        d->check_failed = 1;
    }
    for (int p = 0; p < NPOL - 1; p++)
        for (int s = 0; s < d->nsizes; s++)
            if (d->sim[p][s]) (void)tlbsim_access(d->sim[p][s], t->id, !t->fault, NULL);
    if (d->opt && opt_push(d->opt, t->id, !t->fault) != 0 && !d->err) {
        snprintf(d->msg, sizeof d->msg, "out of memory (OPT's stream)");
        d->err = 1;
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* One replay. sizes (n of them): the C models to run beside it (0: none).
 * 0 done, 1 a check failed, 2 another error (msg). */
static int run_once(const capmap_scan *scan, const capmap_config *cc, unsigned lat, int scoreboard, int check_pol,
                    const char *name,
                    const unsigned *sizes, int nsizes, run_result *res, char *msg, size_t msglen)
{
    drive d;
    memset(&d, 0, sizeof d);
    memset(res, 0, sizeof *res);
    d.name = name;
    d.res = res;
    d.nsizes = nsizes;
    d.rtl_entries = mmu_model_entries();
    int rc = 2;
    physmem *mem = mem_new();
    hs_config hc = {.xlen = cc->mode == RVMMU_MODE_SV32 ? 32 : 64, .mem_latency = lat, .seed = 1};
    if (!mem) {
        snprintf(msg, msglen, "out of memory");
        return 2;
    }
    /* A peer's TLBs are not rvmmu's: its scoreboard (peer mode) records what differs from the spec. */
    d.peer = getenv("RVMMU_PEER") != NULL;
    capmap_config ccp = *cc;
    ccp.peer = d.peer;
    d.cm = capmap_new(scan, &ccp, mem, msg, msglen);
    if (!d.cm) goto out;
    d.h = hs_new(&hc, mem, msg, msglen);
    if (!d.h) goto out;
    hs_set_scoreboard(d.h, scoreboard);
    d.check_pol = check_pol;
    d.check = tlbsim_new(pol_kind(check_pol), d.rtl_entries, 1);
    if (!d.check) {
        snprintf(msg, msglen, "the C model cannot have %d entries", d.rtl_entries);
        goto out;
    }
    for (int p = 0; p < NPOL - 1; p++)
        for (int s = 0; s < nsizes; s++)
            if (!(d.sim[p][s] = tlbsim_new(pol_kind(p), (int)sizes[s], 1))) {
                snprintf(msg, msglen, "the C model %s cannot have %u entries", pol_name[p], sizes[s]);
                goto out;
            }
    if (nsizes && !(d.opt = opt_new())) {
        snprintf(msg, msglen, "out of memory");
        goto out;
    }
    double t0 = now_s();
    clock_t k0 = clock();
    uint64_t c0 = hs_cycles(d.h);
    while (!d.end && !d.err) {
        d.stop_fault = 0;
        if (hs_pipeline(d.h, src, sink, &d) != 0) {
            snprintf(msg, msglen, "%s: the RTL gave no response (hang) after %" PRIu64 " translations", name,
                     res->translations);
            rc = 1;
            goto out;
        }
        char sb[512];
        if (hs_take_mismatch(d.h, sb, sizeof sb)) {
            snprintf(msg, msglen, "%s: scoreboard: %s", name, sb);
            rc = 1;
            goto out;
        }
        if (d.err) break;
        if (d.stop_fault && capmap_fix(d.cm, &d.fault_r) != 0) {
            snprintf(msg, msglen, "%s: %s", name, capmap_error(d.cm));
            rc = 1;
            goto out;
        }
    }
    res->seconds = now_s() - t0;
    res->cpu = (double)(clock() - k0) / CLOCKS_PER_SEC;
    if (d.err) {
        snprintf(msg, msglen, "%s", d.msg);
        rc = d.check_failed ? 1 : 2;
        goto out;
    }
    res->cycles = hs_cycles(d.h) - c0;
    res->mem_ops = hs_mem_ops(d.h);
    res->st = *capmap_get_stats(d.cm);
    res->accesses = res->st.accesses;
    for (int p = 0; p < NPOL - 1; p++)
        for (int s = 0; s < nsizes; s++) res->csim_misses[p][s] = tlbsim_misses(d.sim[p][s]);
    for (int s = 0; s < nsizes; s++) res->csim_misses[NPOL - 1][s] = opt_misses(d.opt, (int)sizes[s]);
    res->opt_exact = d.opt ? opt_exact(d.opt) : 1;
    if (!d.peer && (tlbsim_misses(d.check) != res->misses || tlbsim_accesses(d.check) != res->translations)) {
        snprintf(msg, msglen, "%s: the RTL's %" PRIu64 " misses in %" PRIu64 " translations, its C model's %" PRIu64 " in %" PRIu64,
                 name, res->misses, res->translations, tlbsim_misses(d.check), tlbsim_accesses(d.check));
        rc = 1;
        goto out;
    }
    rc = 0;
out:
    for (int p = 0; p < NPOL - 1; p++)
        for (int s = 0; s < nsizes; s++) tlbsim_free(d.sim[p][s]);
    if (d.opt) opt_free(d.opt);
    tlbsim_free(d.check);
    if (d.h) hs_free(d.h);
    capmap_free(d.cm);
    mem_free(mem);
    return rc;
}

static double per_k(uint64_t n, uint64_t d)
{
    return d ? 1000.0 * (double)n / (double)d : 0.0;
}

static double ratio(uint64_t n, uint64_t d)
{
    return d ? (double)n / (double)d : 0.0;
}

static const char *mode_name(unsigned mode)
{
    return mode == RVMMU_MODE_SV32 ? "sv32" : mode == RVMMU_MODE_SV39 ? "sv39" : mode == RVMMU_MODE_SV48 ? "sv48" : "sv57";
}

/* The file's name without its directory and a .cap suffix. */
static void workload_name(const char *file, char *out, size_t len)
{
    const char *b = strrchr(file, '/');
    b = b ? b + 1 : file;
    snprintf(out, len, "%s", b);
    size_t n = strlen(out);
    if (n > 4 && !strcmp(out + n - 4, ".cap")) out[n - 4] = 0;
}

typedef struct {
    unsigned mode;
    unsigned entries[MAX_LIST], lat[MAX_LIST];
    int nentries, nlat;
    int sp_on, sp_off, mix, scoreboard;
    int check_pol;      /* the C model the RTL must equal: 0 (plru); --check-against tests the check itself */
    uint64_t switch_every, max;
    FILE *csv;
} study_opts;

/* One workload: every superpage setting and latency; its table and CSV rows. */
static int study_workload(const study_opts *o, const char *name, const char *const *files, int nfiles)
{
    char err[1024];
    capmap_scan *scan = capmap_scan_files(files, nfiles, o->max, err, sizeof err);
    if (!scan) {
        fprintf(stderr, "rvmmu: error: %s\n", err);
        return 2;
    }
    int rtl_entries = mmu_model_entries(), worst = 0;
    printf("== %s: %s, %" PRIu64 " accesses, %d process%s, switch every %" PRIu64 "\n", name, mode_name(o->mode),
           o->max && o->max < capmap_scan_accesses(scan) ? o->max : capmap_scan_accesses(scan), nfiles,
           nfiles == 1 ? "" : "es", o->switch_every);
    for (int sp = 0; sp < 2; sp++) {
        if ((sp && !o->sp_on) || (!sp && !o->sp_off)) continue;
        run_result res[MAX_LIST];
        capmap_config cc = {.mode = o->mode, .superpages = sp, .switch_every = o->switch_every, .max = o->max};
        int rc = 0;
        for (int l = 0; l < o->nlat && rc == 0; l++) {
            rc = run_once(scan, &cc, o->lat[l], o->scoreboard, o->check_pol, name, o->entries, l == 0 ? o->nentries : 0, &res[l], err,
                          sizeof err);
        }
        if (rc) {
            fprintf(stderr, "rvmmu: %s: %s\n", rc == 1 ? "check failed" : "error", err);
            capmap_scan_free(scan);
            return rc;
        }
        const run_result *r0 = &res[0];
        uint64_t pages = r0->st.pages;
        printf("superpages %s: %" PRIu64 " pages touched, %" PRIu64 " page faults (mapped %" PRIu64 " x 4 KiB, %" PRIu64 " x 64 KiB, %" PRIu64
               " x %s), %" PRIu64 " kernel ticks, %" PRIu64 " translations; RTL = C model (%s, %d entries): %s\n",
               sp ? "on" : "off", pages, r0->st.faults, r0->st.map4k, r0->st.map64k, r0->st.mapmega,
               o->mode == RVMMU_MODE_SV32 ? "4 MiB" : "2 MiB", r0->st.switches, r0->translations,
               o->check_pol ? pol_name[o->check_pol] : "tree PLRU", rtl_entries,
               getenv("RVMMU_PEER") ? "not checked (a peer MMU, RVMMU_PEER)" : "equal, access for access, at every latency");
        for (int l = 0; l < o->nlat; l++)
            if (res[l].st.peer_no_fault)
                printf("  the peer answered %" PRIu64 " first touches of unmapped pages without the page fault at latency %u "
                       "(mapped all the same; the answers are in RVMMU_PEER's records)\n", res[l].st.peer_no_fault, o->lat[l]);
        for (int l = 0; l < o->nlat; l++)
            printf("  replay at latency %u: %" PRIu64 " translations in %.2f s (%.2f s of processor time), %.0f "
                   "translations/s (scoreboard %s)\n",
                   o->lat[l], res[l].translations, res[l].seconds, res[l].cpu,
                   res[l].seconds > 0 ? (double)res[l].translations / res[l].seconds : 0.0, o->scoreboard ? "on" : "off");
        printf("  %7s %-6s %10s %12s", "entries", "policy", "misses/1k", "walk-rd/1k");
        for (int l = 0; l < o->nlat; l++) printf("  cyc/acc@%-3u cyc/miss@%-3u", o->lat[l], o->lat[l]);
        printf("\n");
        for (int s = 0; s < o->nentries; s++) {
            if (o->entries[s] == (unsigned)rtl_entries) {
                printf("  %7u %-6s %10.3f %12.3f", o->entries[s], "rtl", per_k(r0->misses, r0->accesses),
                       per_k(r0->mem_ops, r0->accesses));
                for (int l = 0; l < o->nlat; l++)
                    printf("  %12.3f %13.2f", ratio(res[l].cycles, res[l].accesses),
                           ratio(res[l].miss_cycles, res[l].misses));
                printf("\n");
                for (int l = 0; l < o->nlat && o->csv; l++)
                    fprintf(o->csv, "%s,%s,%d,%u,rtl,%u,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.4f,%" PRIu64 ",%.4f,%" PRIu64
                            ",%.4f,%.4f\n",
                            name, mode_name(o->mode), sp, o->entries[s], o->lat[l], res[l].accesses, pages,
                            res[l].misses, per_k(res[l].misses, res[l].accesses), res[l].mem_ops,
                            per_k(res[l].mem_ops, res[l].accesses), res[l].cycles,
                            ratio(res[l].cycles, res[l].accesses), ratio(res[l].miss_cycles, res[l].misses));
            }
            for (int p = 0; p < NPOL; p++) {
                printf("  %7u %-6s %10.3f\n", o->entries[s], pol_name[p], per_k(r0->csim_misses[p][s], r0->accesses));
                if (o->csv)
                    fprintf(o->csv, "%s,%s,%d,%u,%s,%u,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.4f,,,,,\n", name,
                            mode_name(o->mode), sp, o->entries[s], pol_name[p], o->lat[0], r0->accesses, pages,
                            r0->csim_misses[p][s], per_k(r0->csim_misses[p][s], r0->accesses));
            }
        }
        if (!r0->opt_exact) printf("  (opt: Belady's rule on this stream is not proved the least: docs/policies.md)\n");
        int listed = 0;
        for (int s = 0; s < o->nentries; s++) listed |= o->entries[s] == (unsigned)rtl_entries;
        if (!listed)
            printf("  (the RTL ran with this build's %d entries, not in --entries: its rows are left out)\n", rtl_entries);
        if (rc > worst) worst = rc;
    }
    printf("\n");
    capmap_scan_free(scan);
    return worst;
}

int study_main(int argc, char **argv)
{
    study_opts o;
    memset(&o, 0, sizeof o);
    o.mode = RVMMU_MODE_SV39;
    o.sp_on = o.sp_off = 1;
    o.scoreboard = 1;
    o.switch_every = 10000;
    unsigned defe[] = {8, 16, 32, 64}, defl[] = {1, 20};
    memcpy(o.entries, defe, sizeof defe);
    o.nentries = 4;
    memcpy(o.lat, defl, sizeof defl);
    o.nlat = 2;
    const char *csv_path = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, rc = 2;
    if (!files) return 2;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--mode")) {
            if (v && !strcmp(v, "sv32")) o.mode = RVMMU_MODE_SV32;
            else if (v && !strcmp(v, "sv39")) o.mode = RVMMU_MODE_SV39;
            else if (v && !strcmp(v, "sv48")) o.mode = RVMMU_MODE_SV48;
            else if (v && !strcmp(v, "sv57")) o.mode = RVMMU_MODE_SV57;
            else {
                fprintf(stderr, "rvmmu: error: --mode needs sv32, sv39, sv48 or sv57, got '%s'\n", v ? v : "");
                goto out;
            }
            i++;
        } else if (!strcmp(a, "--entries")) {
            if (parse_list(a, v, o.entries, &o.nentries, 2, 4096)) goto out;
            i++;
        } else if (!strcmp(a, "--mem-latency")) {
            if (parse_list(a, v, o.lat, &o.nlat, 1, 1000)) goto out;
            i++;
        } else if (!strcmp(a, "--superpages")) {
            o.sp_on = 1;
            o.sp_off = 0;
        } else if (!strcmp(a, "--no-superpages")) {
            o.sp_on = 0;
            o.sp_off = 1;
        } else if (!strcmp(a, "--mix")) {
            o.mix = 1;
        } else if (!strcmp(a, "--switch")) {
            if (runopts_u64(a, v, &o.switch_every)) goto out;
            i++;
        } else if (!strcmp(a, "--max")) {
            if (runopts_u64(a, v, &o.max)) goto out;
            if (!o.max) {
                fprintf(stderr, "rvmmu: error: --max must be at least 1\n");
                goto out;
            }
            i++;
        } else if (!strcmp(a, "--csv")) {
            if (!v) {
                fprintf(stderr, "rvmmu: error: --csv needs a file name\n");
                goto out;
            }
            csv_path = v;
            i++;
        } else if (!strcmp(a, "--check-against")) {
            /* testing the check: hold the RTL to another policy's C model (it must fail) */
            int k = -1;
            for (int p = 0; v && p < NPOL - 1; p++)
                if (!strcmp(v, pol_name[p])) k = p;
            if (k < 0) {
                fprintf(stderr, "rvmmu: error: --check-against needs plru, lru, fifo or random, got '%s'\n", v ? v : "");
                goto out;
            }
            o.check_pol = k;
            i++;
        } else if (!strcmp(a, "--no-scoreboard")) {
            o.scoreboard = 0;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            rc = 0;
            goto out;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "rvmmu: error: study: unknown option '%s'\n", a);
            usage(stderr);
            goto out;
        } else {
            files[nfiles++] = a;
        }
    }
    if (!nfiles) {
        fprintf(stderr, "rvmmu: error: study needs a capture file\n");
        usage(stderr);
        goto out;
    }
    if (o.mix && o.switch_every == 0) {
        fprintf(stderr, "rvmmu: error: --mix needs --switch N with N >= 1\n");
        goto out;
    }
    for (int s = 0; s < o.nentries; s++)
        if (o.entries[s] & (o.entries[s] - 1)) {
            fprintf(stderr, "rvmmu: error: --entries: %u is not a power of two (tree PLRU needs one)\n", o.entries[s]);
            goto out;
        }
    if (csv_path) {
        o.csv = fopen(csv_path, "w");
        if (!o.csv) {
            fprintf(stderr, "rvmmu: error: cannot write %s\n", csv_path);
            goto out;
        }
        fprintf(o.csv, "workload,mode,superpages,entries,policy,mem_latency,accesses,pages,misses,misses_per_1k,"
                       "walk_reads,walk_reads_per_1k,cycles,cycles_per_access,cycles_per_miss\n");
    }
    rc = 0;
    if (o.mix) {
        rc = study_workload(&o, "mix", files, nfiles);
    } else {
        for (int f = 0; f < nfiles && rc == 0; f++) {
            char name[256];
            workload_name(files[f], name, sizeof name);
            rc = study_workload(&o, name, &files[f], 1);
        }
    }
    if (o.csv && fclose(o.csv) != 0 && rc == 0) {
        fprintf(stderr, "rvmmu: error: writing %s failed\n", csv_path);
        rc = 2;
    }
    o.csv = NULL;
out:
    if (o.csv) fclose(o.csv);
    free(files);
    return rc;
}

int study_replay_rate(const char *file, uint64_t max, int scoreboard, uint64_t *translations, double *seconds,
                      double *cpu, char *err, unsigned long errlen)
{
    const char *files[1] = {file};
    capmap_scan *scan = capmap_scan_files(files, 1, max, err, errlen);
    if (!scan) return -1;
    capmap_config cc = {.mode = RVMMU_MODE_SV39, .switch_every = 10000, .max = max};
    run_result res;
    int rc = run_once(scan, &cc, 1, scoreboard, 0, "bench", NULL, 0, &res, err, errlen);
    capmap_scan_free(scan);
    *translations = res.translations;
    *seconds = res.seconds;
    *cpu = res.cpu;
    return rc == 0 ? 0 : -1;
}
