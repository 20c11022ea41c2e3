/* bench.c -- latency and throughput of the RTL, measured cycle by cycle,
 * and the simulation speed with and without waveform dumping. */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capfile.h"
#include "coverage.h"
#include "harness.h"
#include "mem.h"
#include "mmu_model.h"
#include "pt.h"
#include "study.h"

static int bench_mem_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val)
{
    return mem_read_pte(opaque, pa, bytes, val);
}

static int bench_mem_write(void *opaque, uint64_t pa, unsigned bytes, uint64_t val)
{
    return mem_write_pte(opaque, pa, bytes, val);
}

static const char *mode_name(unsigned mode)
{
    switch (mode) {
    case RVMMU_MODE_SV32: return "sv32";
    case RVMMU_MODE_SV39: return "sv39";
    case RVMMU_MODE_SV48: return "sv48";
    default: return "sv57";
    }
}

static const char *size_name(unsigned mode, int level)
{
    static const char *const rv32[] = {"4KiB", "4MiB"};
    static const char *const rv64[] = {"4KiB", "2MiB", "1GiB", "512GiB", "256TiB"};
    return mode == RVMMU_MODE_SV32 ? rv32[level] : rv64[level];
}

/* Cold-miss latency of one leaf level (napot: a 64 KiB Svnapot page at
 * level 0) at one memory latency; -1 on failure. */
static int walk_latency(unsigned mode, int level, int napot, unsigned lat, int *hit_cycles)
{
    int xlen = mode == RVMMU_MODE_SV32 ? 32 : 64;
    physmem *mem = mem_new();
    pt_mem pm = {bench_mem_read, bench_mem_write, mem};
    int err = 0, result = -1;
    mem_add_ram(mem, 0x80000000ull, 0x10000000ull);
    pt_pool *pool = pool_create(0x80000000ull, 0x100000ull, &pm, &err);
    pt_as *as = pool ? as_create(mode, 1, pool, &pm, &err) : NULL;
    uint64_t page = pt_page_size(mode, level);
    /* A VA and PA aligned to the page, inside the VA space and the ram window. */
    uint64_t va = page >= (1ull << 30) ? page : page * 3;
    uint64_t pa = page <= 0x1000000ull ? 0x88000000ull : 0;
    if (page > 0x1000000ull) pa = page;  /* huge pages map outside ram: no data access is made */
    uint64_t flags = PTE_R | PTE_W | PTE_A | PTE_D | (napot ? PTE_N : 0);
    if (napot) va = 0x30000, pa = 0x88010000ull;   /* 64 KiB aligned */
    if (as && as_map_page(as, va, pa, level, flags) == 0) {
        char msg[256];
        hs_config cfg = {.xlen = xlen, .mem_latency = lat, .seed = 1};
        harness *h = hs_new(&cfg, mem, msg, sizeof msg);
        ref_ctx c = {mode, 1, as_satp_ppn(as), RVMMU_PRIV_S, 0, 0, 0, NULL, 0};
        hs_result r1, r2;
        if (h && hs_translate(h, &c, va + 0x123, RVMMU_ACC_LOAD, &r1) == 0 &&
            hs_translate(h, &c, va + 0x123, RVMMU_ACC_LOAD, &r2) == 0 && !r1.fault && !r1.hit &&
            r2.hit && !hs_take_mismatch(h, msg, sizeof msg)) {
            result = (int)r1.cycles;
            *hit_cycles = (int)r2.cycles;
        }
        hs_free(h);
    }
    as_destroy(as);
    pool_destroy(pool);
    mem_free(mem);
    return result;
}

/* Pages the hit-throughput run cycles through: 8, or fewer if the TLB is smaller. */
static int hit_pages(void)
{
    return mmu_model_entries() < 8 ? mmu_model_entries() : 8;
}

/* Back-to-back hits on hit_pages() pages: translations per cycle; *per_second
 * gets the simulation's wall-clock rate (dumping FST to wave if not NULL). */
static double hit_throughput(int n, const char *wave, double *per_second)
{
    const int pages = hit_pages();
    physmem *mem = mem_new();
    pt_mem pm = {bench_mem_read, bench_mem_write, mem};
    int err = 0;
    double tput = -1;
    mem_add_ram(mem, 0x80000000ull, 0x10000000ull);
    pt_pool *pool = pool_create(0x80000000ull, 0x100000ull, &pm, &err);
    pt_as *as = pool ? as_create(RVMMU_MODE_SV32, 1, pool, &pm, &err) : NULL;
    uint64_t *va = calloc((size_t)n, sizeof *va);
    int ok = as && va;
    for (int p = 0; ok && p < pages; p++)
        ok = as_map_page(as, 0x400000ull + 0x1000ull * p, 0x88000000ull + 0x1000ull * p, 0,
                         PTE_R | PTE_W | PTE_A | PTE_D) == 0;
    if (ok) {
        char msg[256];
        hs_config cfg = {.xlen = 32, .mem_latency = 1, .seed = 1, .wave = wave, .wave_to = UINT64_MAX};
        harness *h = hs_new(&cfg, mem, msg, sizeof msg);
        ref_ctx c = {RVMMU_MODE_SV32, 1, as_satp_ppn(as), RVMMU_PRIV_S, 0, 0, 0, NULL, 0};
        uint64_t cycles = 0;
        struct timespec t0, t1;
        for (int i = 0; i < n; i++) va[i] = 0x400000ull + 0x1000ull * (uint64_t)(i % pages) + (uint64_t)(i * 8 % 4096);
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (h && hs_stream(h, &c, va, pages, RVMMU_ACC_LOAD, &cycles) == 0 &&   /* warm up */
            hs_stream(h, &c, va, n, RVMMU_ACC_LOAD, &cycles) == 0 && !hs_take_mismatch(h, msg, sizeof msg))
            tput = (double)n / (double)(cycles ? cycles : 1);
        if (hs_free(h) != 0) tput = -1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        *per_second = (double)n / ((double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    }
    free(va);
    as_destroy(as);
    pool_destroy(pool);
    mem_free(mem);
    return tput;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

/* The bare loop: the Verilated model alone, driven as the replay drives it
 * (one request at a time, the next offered in the cycle after a response),
 * memory answering in the next cycle; no reference model, no scoreboard. */
static double bare_rate(physmem *mem, uint64_t satp, const uint64_t *va, int n)
{
    mmu_model *m = mmu_model_new(32, NULL, 0, 0, 0);
    mmu_inputs in;
    mmu_outputs o;
    struct timespec t0;
    int pending = 0, done = 0;
    uint64_t rsp_addr = 0;
    if (!m) return -1;
    mmu_model_reset(m, 2);
    memset(&in, 0, sizeof in);
    in.req_satp = satp;
    in.req_priv = RVMMU_PRIV_S;
    in.mem_req_ready = 1;
    /* PMP entry 0: NAPOT over the whole 34-bit space (pmpaddr all ones), R W X */
    in.pmpcfg[0] = (PMP_A_NAPOT << PMP_A_SHIFT) | PMP_R | PMP_W | PMP_X;
    in.pmpaddr[0] = 0xffffffffu;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    in.req_valid = 1;
    in.req_va = va[0];
    int sent = 0;
    while (done < n) {
        in.mem_rsp_valid = (uint8_t)pending;
        if (pending) {
            uint64_t v = 0;
            in.mem_rsp_err = mem_read_pte(mem, rsp_addr, 4, &v) != 0;
            in.mem_rsp_data = v;
        }
        mmu_model_eval(m, &in, &o);
        pending = 0;
        if (o.mem_req_valid) {
            pending = 1;
            rsp_addr = o.mem_req_addr;
        }
        int offered = in.req_valid && o.req_ready;
        mmu_model_tick(m);
        if (offered) {
            sent++;
            in.req_valid = 0;
        }
        if (o.rsp_valid && !offered) {
            done++;
            in.req_valid = sent < n;
            if (sent < n) in.req_va = va[sent];
        }
    }
    double s = seconds_since(&t0);
    mmu_model_free(m);
    return (double)n / s;
}

/* Translations per second: the full harness (scoreboard, reference model,
 * coverage) against the bare loop, on the same random accesses to 64 pages
 * (misses and hits, loads/stores/fetches, some faults). */
static int checking_overhead(int n, double *ratio)
{
    physmem *mem = mem_new();
    pt_mem pm = {bench_mem_read, bench_mem_write, mem};
    int err = 0, ok = 1;
    mem_add_ram(mem, 0x80000000ull, 0x10000000ull);
    pt_pool *pool = pool_create(0x80000000ull, 0x100000ull, &pm, &err);
    pt_as *as = pool ? as_create(RVMMU_MODE_SV32, 1, pool, &pm, &err) : NULL;
    uint64_t *va = calloc((size_t)n, sizeof *va);
    unsigned *acc = calloc((size_t)n, sizeof *acc);
    uint64_t rng = 88172645463325252ull;
    for (int p = 0; ok && p < 64 && as; p++)
        ok = as_map_page(as, 0x400000ull * (uint64_t)(p % 4) + 0x1000ull * (uint64_t)p, 0x88000000ull + 0x1000ull * (uint64_t)p, 0,
                         PTE_R | (p % 3 ? PTE_W : 0) | (p % 5 ? 0 : PTE_X) | PTE_A | PTE_D) == 0;
    if (!as || !va || !acc || !ok) {
        free(va);
        free(acc);
        as_destroy(as);
        pool_destroy(pool);
        mem_free(mem);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        int p = (int)(rng % 64);
        va[i] = 0x400000ull * (uint64_t)(p % 4) + 0x1000ull * (uint64_t)p + ((rng >> 8) & 0xffc);
        acc[i] = (unsigned)((rng >> 20) % 3);
    }
    /* bare: loads only (the bare loop does no A/D swaps and needs none) */
    double bare = bare_rate(mem, pt_satp(32, RVMMU_MODE_SV32, 1, as_satp_ppn(as)), va, n);

    char msg[256];
    coverage *cov = cov_new();
    hs_config cfg = {.xlen = 32, .mem_latency = 1, .seed = 1, .cov = cov};
    harness *h = hs_new(&cfg, mem, msg, sizeof msg);
    ref_ctx c = {RVMMU_MODE_SV32, 1, as_satp_ppn(as), RVMMU_PRIV_S, 0, 0, 0, NULL, 0};
    struct timespec t0;
    hs_result r;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; h && i < n; i++)
        if (hs_translate(h, &c, va[i], RVMMU_ACC_LOAD, &r) != 0) ok = 0;
    double full = (double)n / seconds_since(&t0);
    if (!h || hs_take_mismatch(h, msg, sizeof msg)) ok = 0;
    hs_free(h);
    cov_free(cov);
    printf("\nChecking overhead, %d random Sv32 loads on 64 pages (misses and hits), one at a time\n"
           "as the replay drives them, one core:\n\n", n);
    printf("| loop | translations/s |\n|------|----------------|\n");
    printf("| bare Verilated loop, no checking | %.0f |\n", bare);
    printf("| full harness: scoreboard, reference model, coverage | %.0f (%.0f%% of bare) |\n", full,
           100.0 * full / bare);
    *ratio = full / bare;
    free(va);
    free(acc);
    as_destroy(as);
    pool_destroy(pool);
    mem_free(mem);
    return ok && bare > 0 ? 0 : -1;
}

/* A synthetic program's capture for the study's replay rate: a loop over
 * 64 KiB of code (fetches, a taken branch every 8 instructions), a stack
 * (loads and stores in 8 KiB), and loads and stores scattered over a 16 MiB
 * heap with locality (a new 4 KiB page every 64 accesses or so). 0, or -1. */
static int synthetic_capture(const char *path, int n)
{
    char err[256];
    char *argv[] = {"synthetic", NULL};
    cap_writer *w = cap_writer_open(path, "rvmmu bench (synthetic)", "", 1, argv, err, sizeof err);
    if (!w) return -1;
    uint64_t rng = 0x2545f4914f6cdd1dull, pc = 0x401000, heap = 0x7f0000000000ull;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        if (i % 3 != 2) {
            pc = i % 8 == 7 ? 0x401000 + (rng & 0xfffc) : pc + 4;
            rc = cap_write(w, CAP_FETCH, pc, 4);
        } else if (rng % 4 == 0) {
            rc = cap_write(w, rng & 16 ? CAP_STORE : CAP_LOAD, 0x7ffc0000e000ull - ((rng >> 8) & 0x1ff8), 8);
        } else {
            if (rng % 64 == 1) heap = 0x7f0000000000ull + (((rng >> 12) & 0xfff) << 12);
            rc = cap_write(w, rng & 32 ? CAP_STORE : CAP_LOAD, heap + ((rng >> 20) & 0xff8), 8);
        }
    }
    if (rc != 0) {
        cap_writer_abort(w);
        return -1;
    }
    return cap_writer_close(w, 0, 0, NULL, err, sizeof err);
}

/* The study's replay rate (tb/study.c) on a synthetic capture, scoreboard on and off. */
static int study_rate(int n)
{
    char path[] = "/tmp/rvmmu-bench-cap-XXXXXX", err[512];
    int fd = mkstemp(path), ok = 0;
    if (fd < 0) return -1;
    close(fd);
    uint64_t tr[2] = {0, 0};
    double sec[2] = {0, 0}, cpu[2] = {0, 0};
    if (synthetic_capture(path, n) == 0 && study_replay_rate(path, 0, 1, &tr[0], &sec[0], &cpu[0], err, sizeof err) == 0 &&
        study_replay_rate(path, 0, 0, &tr[1], &sec[1], &cpu[1], err, sizeof err) == 0)
        ok = 1;
    remove(path);
    if (!ok) {
        printf("\nStudy replay rate: FAILED (%s)\n", err);
        return -1;
    }
    printf("\nStudy replay rate (rvmmu study: a %d-access synthetic capture as a demand-paged sv39 process,\n"
           "superpages off, memory latency 1, hs_pipeline back to back, the C model's check on), one core:\n\n", n);
    printf("| scoreboard | translations | seconds | processor seconds | translations/s (wall) | translations/s (processor) |\n"
           "|------------|--------------|---------|-------------------|-----------------------|----------------------------|\n");
    for (int i = 0; i < 2; i++)
        printf("| %s | %llu | %.2f | %.2f | %.0f | %.0f |\n", i ? "off" : "on", (unsigned long long)tr[i], sec[i], cpu[i],
               sec[i] > 0 ? (double)tr[i] / sec[i] : 0.0, cpu[i] > 0 ? (double)tr[i] / cpu[i] : 0.0);
    return 0;
}

/* Both request ports at once (the models' PORTS=2), Sv39, memory latency
 * lat: the data port loads and the instruction port fetches, back to back,
 * each over its own `pages` 4 KiB pages (A and D set: no swap), `rounds`
 * passes after one warming pass. Fills *st; -1 on failure (a mismatch). */
static int dual_run(int pages, int rounds, unsigned lat, hs_dual_stats *st)
{
    physmem *mem = mem_new();
    pt_mem pm = {bench_mem_read, bench_mem_write, mem};
    int err = 0, rc = -1, n = pages * rounds;
    mem_add_ram(mem, 0x80000000ull, 0x10000000ull);
    pt_pool *pool = pool_create(0x80000000ull, 0x400000ull, &pm, &err);
    pt_as *as = pool ? as_create(RVMMU_MODE_SV39, 1, pool, &pm, &err) : NULL;
    uint64_t *dva = calloc((size_t)n, sizeof *dva), *iva = calloc((size_t)n, sizeof *iva);
    int ok = as && dva && iva;
    for (int p = 0; ok && p < pages; p++)
        ok = as_map_page(as, 0x40000000ull + 0x1000ull * p, 0x88000000ull + 0x1000ull * p, 0,
                         PTE_R | PTE_W | PTE_A | PTE_D) == 0 &&
             as_map_page(as, 0x10000ull + 0x1000ull * p, 0x89000000ull + 0x1000ull * p, 0,
                         PTE_R | PTE_X | PTE_A) == 0;
    if (ok) {
        char msg[256];
        hs_config cfg = {.xlen = 64, .mem_latency = lat, .seed = 1, .ports = 2};
        harness *h = hs_new(&cfg, mem, msg, sizeof msg);
        ref_ctx c = {RVMMU_MODE_SV39, 1, as_satp_ppn(as), RVMMU_PRIV_S, 0, 0, 0, NULL, 0};
        for (int i = 0; i < n; i++) {
            dva[i] = 0x40000000ull + 0x1000ull * (uint64_t)(i % pages) + (uint64_t)(i * 8 % 4096);
            iva[i] = 0x10000ull + 0x1000ull * (uint64_t)(i % pages) + (uint64_t)(i * 4 % 4096);
        }
        if (h && hs_dual_stream(h, &c, dva, pages, iva, pages, st) == 0 &&   /* warm up */
            hs_dual_stream(h, &c, dva, n, iva, n, st) == 0 && !hs_take_mismatch(h, msg, sizeof msg))
            rc = 0;
        else if (h)
            fprintf(stderr, "rvmmu bench: two ports: %s\n", hs_take_mismatch(h, msg, sizeof msg) ? msg : hs_hang_report(h));
        if (hs_free(h) != 0) rc = -1;
    }
    free(dva);
    free(iva);
    as_destroy(as);
    pool_destroy(pool);
    mem_free(mem);
    return rc;
}

/* The two-port figures: both ports hitting sustain two translations a
 * cycle; both missing on every access, each port's worst wait against the
 * arbiter's bound (a walk of the other port, then its own: 2*W cycles, W =
 * L*(LAT+1)+1 the single port's walk). 1 when a figure misses its target. */
static int dual_bench(int quick)
{
    mmu_build b = {0, 0, 0, 0, 0, 0, 0};
    mmu_model *m = mmu_model_new(64, NULL, 0, 0, 0);
    if (m) {
        b = mmu_model_build(m);
        mmu_model_free(m);
    }
    if (b.ports < 2) {
        printf("\nTwo request ports: the models are built with %d port(s), nothing measured.\n", b.ports);
        return 0;
    }
    static const unsigned lats[] = {1, 4};
    int status = 0, rounds = quick ? 20 : 200;
    printf("\nTwo request ports (PORTS=2, Sv39, %d-entry data and %d-entry instruction TLB): loads on the data\n"
           "port and fetches on the instruction port, both back to back in the same cycles; 4 KiB pages, A and D set\n\n",
           b.entries, b.i_entries);
    printf("| pattern | LAT | translations/cycle | worst wait, data | worst wait, instruction | "
           "bound 2W (W = 3*(LAT+1)+1) |\n");
    printf("|---------|-----|--------------------|------------------|-------------------------|"
           "----------------------------|\n");
    for (size_t l = 0; l < sizeof lats / sizeof lats[0]; l++) {
        hs_dual_stats hit, miss;
        int w = 3 * ((int)lats[l] + 1) + 1;
        int ph = 8 < b.entries ? 8 : b.entries;
        if (ph > b.i_entries) ph = b.i_entries;
        if (dual_run(ph, rounds, lats[l], &hit) != 0 || dual_run(4 * b.entries, rounds / 4 + 1, lats[l], &miss) != 0) {
            printf("| (FAILED) | %u | | | | |\n", lats[l]);
            status = 1;
            continue;
        }
        double tput = (double)(hit.answered[0] + hit.answered[1]) / (double)(hit.cycles ? hit.cycles : 1);
        double mtput = (double)(miss.answered[0] + miss.answered[1]) / (double)(miss.cycles ? miss.cycles : 1);
        printf("| both hit, %d pages each | %u | %.3f%s | %u | %u | %d |\n", ph, lats[l], tput,
               tput < 1.99 ? " (MISSED 2)" : "", hit.worst[0], hit.worst[1], 2 * w);
        printf("| both miss, %d pages each | %u | %.3f | %u%s | %u%s | %d |\n", 4 * b.entries, lats[l], mtput,
               miss.worst[0], (int)miss.worst[0] > 2 * w ? " (OVER)" : "", miss.worst[1],
               (int)miss.worst[1] > 2 * w ? " (OVER)" : "", 2 * w);
        if (tput < 1.99 || (int)miss.worst[0] > 2 * w || (int)miss.worst[1] > 2 * w) status = 1;
    }
    return status;
}

/* ------------------------------------------------------------ walk latency with the caches
 * A build with the page-walk cache and/or the L2 TLB (PWC_ENTRIES, L2_ENTRIES:
 * mmu_build). Per mode and memory latency, on a fresh model: a cold miss;
 * the same page again once the L1 TLB has lost it to other pages (an L2 TLB
 * hit); and a neighbouring page of the same leaf table, never touched (an L2
 * miss whose walk starts at the walk cache's pointer to that table). The
 * memory reads and the monitor's events are counted cycle by cycle by a
 * cycle hook (the walker's port as rvmmu sees it), the scoreboard on. */

/* What the cycle hook counts (the data port's request: hs_config ports 0). */
typedef struct {
    uint64_t reads, swaps;   /* walker requests taken by memory (mem_req_valid and ready) */
    uint64_t l2_hits;        /* responses of a walk answered from the L2 TLB (mon_l2_hit_o) */
    uint64_t pwc_hits;       /* walks started from a walk-cache pointer (mon_pwc_hit_o) */
    uint64_t walks;          /* walks started (mon_walk_start_o) */
    int start_level;         /* the last walk's first table's level (mon_pwc_level_o) */
    int sfence_ready;        /* in the last cycle */
} cache_counts;

static void cache_hook(void *arg, harness *h, mmu_model *m, const mmu_outputs *o)
{
    cache_counts *k = arg;
    (void)h, (void)m;
    if (o->mem_req_valid && o->mon_mem_req_ready) {
        if (o->mem_req_cas) k->swaps++;
        else k->reads++;
    }
    if (o->rsp_valid && o->mon_l2_hit) k->l2_hits++;
    if (o->mon_walk_start) {
        k->walks++;
        k->pwc_hits += o->mon_pwc_hit != 0;
        k->start_level = o->mon_pwc_level;
    }
    k->sfence_ready = o->sfence_ready;
}

/* One row's measurement: cycles (acceptance to response), reads and the
 * monitor's events of one translation; ok 0 if it failed. */
typedef struct {
    int ok, cycles, l1_hit;
    uint64_t reads, swaps, l2_hits, pwc_hits;
    int start_level;
} cache_row;

static int cache_translate(harness *h, const ref_ctx *c, cache_counts *k, uint64_t va, cache_row *row)
{
    cache_counts k0 = *k;
    hs_result r;
    memset(row, 0, sizeof *row);
    if (hs_translate(h, c, va, RVMMU_ACC_LOAD, &r) != 0 || r.fault) return -1;
    row->ok = 1;
    row->cycles = (int)r.cycles;
    row->l1_hit = r.hit;
    row->reads = k->reads - k0.reads;
    row->swaps = k->swaps - k0.swaps;
    row->l2_hits = k->l2_hits - k0.l2_hits;
    row->pwc_hits = k->pwc_hits - k0.pwc_hits;
    row->start_level = k->walks > k0.walks ? k->start_level : -1;
    return 0;
}

/* The three rows of one mode at one latency into rows[3] (cold, L2 hit,
 * walk-cache hit); -1 on a failure (a hang, a fault, a mismatch: msg). */
static int cache_run(const mmu_build *b, unsigned mode, unsigned lat, cache_row rows[3], char *msg, size_t len)
{
    int xlen = mode == RVMMU_MODE_SV32 ? 32 : 64;
    physmem *mem = mem_new();
    pt_mem pm = {bench_mem_read, bench_mem_write, mem};
    int err = 0, rc = -1;
    /* The page measured (an even VPN), the pages that push it out of the L1
     * TLB (odd VPNs: never in its L2 set, whatever the L2's set count, so
     * the L2 keeps it), and its never-touched neighbour: all in one leaf
     * table, 4 KiB pages, A and D set (no swap). */
    const uint64_t base = 0x40000000ull;
    const int evict = 2 * b->entries;
    const uint64_t neighbour = base + 0x1000ull * (uint64_t)(2 * evict + 2);
    memset(rows, 0, 3 * sizeof *rows);
    snprintf(msg, len, "setup failed");
    mem_add_ram(mem, 0x80000000ull, 0x10000000ull);
    pt_pool *pool = pool_create(0x80000000ull, 0x100000ull, &pm, &err);
    pt_as *as = pool ? as_create(mode, 1, pool, &pm, &err) : NULL;
    int ok = as != NULL;
    for (int p = 0; ok && p <= 2 * evict + 2; p++)
        ok = as_map_page(as, base + 0x1000ull * (uint64_t)p, 0x88000000ull + 0x1000ull * (uint64_t)p, 0,
                         PTE_R | PTE_W | PTE_A | PTE_D) == 0;
    if (ok) {
        hs_config cfg = {.xlen = xlen, .mem_latency = lat, .seed = 1};
        cache_counts k;
        memset(&k, 0, sizeof k);
        hs_set_cycle_hook(cache_hook, &k);
        harness *h = hs_new(&cfg, mem, msg, len);
        ref_ctx c = {mode, 1, as_satp_ppn(as), RVMMU_PRIV_S, 0, 0, 0, NULL, 0};
        cache_row scratch;
        /* Out of reset the L2 TLB sweeps its RAM (sfence_ready_o low), and a
         * walk then skips it and fills nothing: wait for the sweep's end. */
        for (unsigned n = 0; h && !k.sfence_ready && n < HS_HANG_CYCLES; n++) hs_idle(h, 1);
        ok = h && k.sfence_ready;
        if (ok) snprintf(msg, len, "a translation failed");
        ok = ok && cache_translate(h, &c, &k, base + 0x123, &rows[0]) == 0;
        for (int i = 0; ok && i < evict; i++)
            ok = cache_translate(h, &c, &k, base + 0x1000ull * (uint64_t)(2 * i + 1), &scratch) == 0;
        ok = ok && cache_translate(h, &c, &k, base + 0x123, &rows[1]) == 0 &&
             cache_translate(h, &c, &k, neighbour + 0x456, &rows[2]) == 0;
        if (h && hs_take_mismatch(h, msg, len)) ok = 0;
        else if (ok) rc = 0;
        if (hs_free(h) != 0) rc = -1;
        hs_set_cycle_hook(NULL, NULL);
    }
    as_destroy(as);
    pool_destroy(pool);
    mem_free(mem);
    return rc;
}

/* Print one row against its targets (cycles at most `target`, reads exactly
 * `reads`, the monitor's event seen); 1 when one is missed. */
static int cache_print(unsigned mode, unsigned lat, const char *what, int walked, const cache_row *r, int target,
                       uint64_t reads, const char *mon_want, int mon_seen)
{
    int late = r->cycles > target, wrong = r->reads != reads || r->swaps != 0, fail = !r->ok || late || wrong || !mon_seen ||
               r->l1_hit;
    printf("| %s | %u | %s | %d | %d%s | %d | %llu%s | %llu | %s%s |\n", mode_name(mode), lat, what, walked, r->cycles,
           !r->ok ? " (FAILED)" : late ? " (MISSED)" : r->l1_hit ? " (an L1 hit)" : "", target,
           (unsigned long long)r->reads, wrong ? " (MISSED)" : "", (unsigned long long)reads, mon_want,
           mon_seen ? "" : " (NOT SEEN)");
    return fail;
}

/* The section; 1 when a figure misses its target. */
static int caches_bench(void)
{
    static const unsigned modes[] = {RVMMU_MODE_SV32, RVMMU_MODE_SV39, RVMMU_MODE_SV48, RVMMU_MODE_SV57};
    static const unsigned lats[] = {1, 20};
    mmu_build b;
    memset(&b, 0, sizeof b);
    mmu_model *m = mmu_model_new(64, NULL, 0, 0, 0);
    if (m) {
        b = mmu_model_build(m);
        mmu_model_free(m);
    }
    if (b.l2_entries == 0 && b.pwc_entries == 0) {
        printf("\nWalk latency with the caches: needs a build with them (this one has PWC_ENTRIES=0, L2_ENTRIES=0): "
               "make BUILD=build/caches PWC_ENTRIES=4 L2_ENTRIES=64 L2_WAYS=4 L2_SP=2 build/caches/rvmmu, then "
               "build/caches/rvmmu bench --caches (make bench does both).\n");
        return 0;
    }
    /* docs/l2tlb.md: with the L2 TLB, a walk ends 2 cycles later than without (its lookup). */
    int extra = b.l2_entries > 0 ? 3 : 1, status = 0;
    printf("\nWalk latency with the caches (%d-entry L1 TLB, L2 TLB %d entries, walk cache %d entries), cycles from\n"
           "request accepted to response and the walker's memory reads (counted on its port), 4 KiB pages, A and D set;\n"
           "L = levels read. Per mode and LAT, on a fresh model: the page cold; the same page after %d other pages of its\n"
           "leaf table (never in its L2 set) pushed it out of the L1 TLB; a neighbour in that leaf table, never touched.\n"
           "Targets (docs/l2tlb.md): %sany other walk L*(LAT+1)+%d, L reads.\n\n",
           b.entries, b.l2_entries, b.pwc_entries, 2 * b.entries, b.l2_entries > 0 ? "an L2 hit 3 cycles, no read; " : "",
           extra);
    printf("| mode | LAT | access | L | rvmmu cycles | target | memory reads | target | monitor |\n");
    printf("|------|-----|--------|---|--------------|--------|--------------|--------|---------|\n");
    for (size_t mi = 0; mi < sizeof modes / sizeof modes[0]; mi++) {
        for (size_t l = 0; l < sizeof lats / sizeof lats[0]; l++) {
            unsigned mode = modes[mi], lat = lats[l];
            int levels = pt_mode_levels(mode);
            cache_row r[3];
            char msg[512];
            if (cache_run(&b, mode, lat, r, msg, sizeof msg) != 0) {
                printf("| %s | %u | (FAILED: %s) | | | | | | |\n", mode_name(mode), lat, msg);
                status = 1;
                continue;
            }
            status |= cache_print(mode, lat, "cold miss", levels, &r[0], levels * ((int)lat + 1) + extra,
                                  (uint64_t)levels, "no L2 hit, walk from the root",
                                  r[0].l2_hits == 0 && r[0].pwc_hits == 0 && r[0].start_level == levels - 1);
            if (b.l2_entries > 0)
                status |= cache_print(mode, lat, "L1 miss, L2 hit", 0, &r[1], 3, 0, "mon_l2_hit", r[1].l2_hits == 1);
            if (b.pwc_entries > 0)
                status |= cache_print(mode, lat, b.l2_entries > 0 ? "L2 miss, walk-cache hit" : "walk-cache hit", 1, &r[2], (int)lat + 1 + extra, 1,
                                      "mon_pwc_hit, walk from level 0", r[2].l2_hits == 0 && r[2].pwc_hits == 1 &&
                                      r[2].start_level == 0);
        }
    }
    return status;
}

int bench_main(int argc, char **argv)
{
    static const unsigned modes[] = {RVMMU_MODE_SV32, RVMMU_MODE_SV39, RVMMU_MODE_SV48, RVMMU_MODE_SV57};
    static const unsigned lats[] = {1, 2, 4, 8};
    int quick = 0, caches_only = 0, status = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) quick = 1;
        else if (!strcmp(argv[i], "--caches")) caches_only = 1;
        else {
            fprintf(stderr, "rvmmu bench: unknown option %s (--quick, --caches)\n", argv[i]);
            return 2;
        }
    }
    /* --caches: the section of the caches alone (make bench runs it on build/caches) */
    if (caches_only) return caches_bench();

    printf("Walk latency, cold miss, cycles from request accepted to response (no A/D write)\n\n");
    printf("| mode | page | levels walked L | LAT | rvmmu | target L*(LAT+1)+1 | CVA6 2+L*(LAT+3) | hit |\n");
    printf("|------|------|-----------------|-----|-------|--------------------|------------------|-----|\n");
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        int levels = pt_mode_levels(modes[m]);
        /* every leaf level, then (RV64) the 64 KiB NAPOT page */
        for (int row = levels - 1; row >= (modes[m] == RVMMU_MODE_SV32 ? 0 : -1); row--) {
            int level = row < 0 ? 0 : row, napot = row < 0;
            for (size_t l = 0; l < sizeof lats / sizeof lats[0]; l++) {
                if (quick && lats[l] != 1) continue;
                int hit = 0, walked = levels - level;
                int cyc = walk_latency(modes[m], level, napot, lats[l], &hit);
                int target = walked * ((int)lats[l] + 1) + 1;
                printf("| %s | %s | %d | %u | %d%s | %d | %d | %d |\n", mode_name(modes[m]),
                       napot ? "64KiB" : size_name(modes[m], level), walked, lats[l], cyc,
                       cyc < 0 ? " (FAILED)" : cyc > target ? " (MISSED)" : "", target,
                       2 + walked * ((int)lats[l] + 3), hit);
                if (cyc < 0 || cyc > target) status = 1;
            }
        }
    }
    int n = quick ? 1000 : 100000;
    double rate = 0, rate_wave = 0, ratio = 0;
    double tput = hit_throughput(n, NULL, &rate);
    printf("\nHit throughput, %d back-to-back Sv32 loads hitting %d pages: %.3f translations/cycle%s\n", n,
           hit_pages(), tput, tput < 0 ? " (FAILED)" : "");
    if (tput < 0.999) status = 1;

    char wave[] = "/tmp/rvmmu-bench-XXXXXX";
    int fd = mkstemp(wave);
    if (fd >= 0) {
        close(fd);
        double tput_wave = hit_throughput(n, wave, &rate_wave);
        remove(wave);
        if (tput_wave < 0.999) status = 1;
        printf("\nSimulation speed (scoreboard on, this machine), the same %d hits:\n\n", n);
        printf("| dumping | translations/s |\n|---------|----------------|\n");
        printf("| none | %.0f |\n| FST, every signal | %.0f |\n", rate, rate_wave);
    }
    if (dual_bench(quick) != 0) status = 1;
    if (caches_bench() != 0) status = 1;
    /* A wall-clock ratio is reported, never a pass/fail: only cycle counts decide the status. */
    if (checking_overhead(quick ? 20000 : 200000, &ratio) != 0) status = 1;
    printf("\nThe full harness keeps %.0f%% of the bare loop's rate (target: at least 70%%).\n", 100.0 * ratio);
    if (study_rate(quick ? 50000 : 1000000) != 0) status = 1;
    return status;
}
