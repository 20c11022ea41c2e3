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
    mmu_build b = {0, 0, 0, 0, 0, 0};
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

int bench_main(int argc, char **argv)
{
    static const unsigned modes[] = {RVMMU_MODE_SV32, RVMMU_MODE_SV39, RVMMU_MODE_SV48, RVMMU_MODE_SV57};
    static const unsigned lats[] = {1, 2, 4, 8};
    int quick = argc > 0 && !strcmp(argv[0], "--quick");
    int status = 0;

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
    /* A wall-clock ratio is reported, never a pass/fail: only cycle counts decide the status. */
    if (checking_overhead(quick ? 20000 : 200000, &ratio) != 0) status = 1;
    printf("\nThe full harness keeps %.0f%% of the bare loop's rate (target: at least 70%%).\n", 100.0 * ratio);
    if (study_rate(quick ? 50000 : 1000000) != 0) status = 1;
    return status;
}
