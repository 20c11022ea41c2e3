/* main.c -- the rvmmu command-line tool. */
#include <errno.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "bus_model.h"
#include "capture.h"
#include "mmu_model.h"
#include "replay.h"
#include "runopts.h"
#include "scenario_run.h"
#include "study.h"
#include "uart_host.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: rvmmu replay [options] FILE...   run tlbtrace files through the RTL\n"
            "       rvmmu bench [--quick] [--caches] measure walk latency and hit throughput (--caches: only the\n"
            "                                       caches' walk latency, on a build with PWC_ENTRIES or L2_ENTRIES)\n"
            "       rvmmu scenario [options] FILE... run OS scenarios (processes, fork, CoW) with the kernel's fault handler\n"
            "       rvmmu uart --port DEV [--timeout S] replay FILE...  run tlbtraces on the FPGA board over its UART\n"
            "       rvmmu capture [options] -o FILE -- PROGRAM ARGS...  capture a program's accesses (valgrind);\n"
            "                                        rvmmu capture --help for its options, --info and --dump\n"
            "       rvmmu study [options] FILE...    captured programs through the RTL and the TLB policies' C models;\n"
            "                                        rvmmu study --help for its options (docs/study.md)\n"
            "\n"
            "replay options:\n"
            "  --mem-latency N   walker memory latency in cycles, N >= 1 (default 1)\n"
            "  --stall P         probability 0..1 that the memory port is not ready in a cycle\n"
            "  --seed S          seed of the stall pattern (default 1)\n"
            "  --wave FILE       dump a waveform, FST (or VCD if FILE ends in .vcd); one trace\n"
            "  --wave-from N     first cycle to dump (default 0)\n"
            "  --wave-to N       last cycle to dump (default: the end)\n"
            "  --vectors FILE    record every cycle's inputs and outputs for the Icarus bench (tests/icarus_check.sh); one trace\n"
            "  --entries N       TLB entries of the model (this build: %d)\n"
            "  --model rtl|ref   rtl (default), or the reference model's ideal TLB alone\n"
            "  --bus-error PA    every walker access to the word at PA is a bus error (repeatable)\n"
            "  --bus native|axi|wb   the walker's bus: rvmmu's own port (default), or through the AXI4 or the\n"
            "                    Wishbone B4 adapter to the harness's slave (docs/bus.md)\n"
            "  --ports 1|2       2: fetches go through the instruction port, loads and stores through the\n"
            "                    data port, each with its own TLB and scoreboard (the walker is shared)\n"
            "stress options (regressions; the scoreboard checks every cycle, expect lines may no longer hold):\n"
            "  --mem-latency-max M   each memory response takes a random latency up to M\n"
            "  --bus-error-rate P    probability that a walker read or swap gets a bus error (with --bus: a\n"
            "                        response gets SLVERR or ERR)\n"
            "  --bus-fail-rate P     --bus axi: probability an exclusive write fails (BRESP OKAY);\n"
            "                        --bus wb: probability a response is RTY\n"
            "  --fence-race          an sfence right after an access lands at a random cycle of its walk\n"
            "  --idle-max K          random idle cycles (0..K) between directives\n"
            "  --pipeline            requests back to back (a new one accepted as the previous one is answered),\n"
            "                        up to a mem, check or sfence line (under --fence-race an sfence races them)\n"
            "  --gap-prob P          --pipeline: probability of idle cycles before a request (default 0)\n"
            "  --max-gap N           --pipeline: those idle cycles, 1..N (default 4)\n"
            "  --rand-reset S        registers start random (Verilator rand-reset, seed S)\n"
            "  --coverage FILE       write functional coverage counts (\"name count\" lines) to FILE\n"
            "  --code-coverage FILE  write the RTL's line/toggle coverage to FILE (build/rvmmu-cov only)\n"
            "  --summary         one summary line per file instead of the result lines\n",
            mmu_model_entries());
}

static int cmd_replay(int argc, char **argv)
{
    replay_opts o = {.wave_to = UINT64_MAX, .max_gap = 4};
    run_opts run;
    int summary = 0, nfiles = 0, worst = 0;
    const char *cov_path = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    uint64_t *bus_errors = calloc((size_t)argc + 1, sizeof *bus_errors);
    if (!files || !bus_errors) {
        goto bad;
    }
    o.bus_errors = bus_errors;
    runopts_init(&run, usage, files, &o.mem_latency, &o.stall, &o.seed);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t n;
        if (!strcmp(a, "--wave")) {
            if (!v) {
                fprintf(stderr, "rvmmu: error: --wave needs a file name\n");
                goto bad;
            }
            o.wave = v;
            i++;
        } else if (!strcmp(a, "--wave-from")) {
            if (runopts_u64(a, v, &o.wave_from)) goto bad;
            i++;
        } else if (!strcmp(a, "--wave-to")) {
            if (runopts_u64(a, v, &o.wave_to)) goto bad;
            i++;
        } else if (!strcmp(a, "--entries")) {
            if (runopts_u64(a, v, &n)) {
                goto bad;
            }
            if (n != (uint64_t)mmu_model_entries()) {
                fprintf(stderr, "rvmmu: error: this build has %d TLB entries only (asked for %" PRIu64 ")\n",
                        mmu_model_entries(), n);
                goto bad;
            }
            i++;
        } else if (!strcmp(a, "--model")) {
            if (!v || (strcmp(v, "rtl") && strcmp(v, "ref"))) {
                fprintf(stderr, "rvmmu: error: --model is rtl or ref\n");
                goto bad;
            }
            o.use_ref = !strcmp(v, "ref");
            i++;
        } else if (!strcmp(a, "--mem-latency-max")) {
            if (runopts_u64(a, v, &n) || n > 1000) goto bad;
            o.mem_latency_max = (unsigned)n;
            i++;
        } else if (!strcmp(a, "--bus-error-rate")) {
            if (runopts_prob(a, v, 1, &o.bus_error_rate)) goto bad;
            i++;
        } else if (!strcmp(a, "--bus-fail-rate")) {
            if (runopts_prob(a, v, 0, &o.bus_fail_rate)) goto bad;
            i++;
        } else if (!strcmp(a, "--ports")) {
            if (v && (!strcmp(v, "1") || !strcmp(v, "2"))) {
                o.ports = (unsigned)(v[0] - '0');
            } else {
                fprintf(stderr, "rvmmu: error: --ports is 1 or 2, got '%s'\n", v ? v : "");
                goto bad;
            }
            i++;
        } else if (!strcmp(a, "--bus")) {
            if (v && !strcmp(v, "native")) o.bus = BUS_NATIVE;
            else if (v && !strcmp(v, "axi")) o.bus = BUS_AXI;
            else if (v && !strcmp(v, "wb")) o.bus = BUS_WB;
            else {
                fprintf(stderr, "rvmmu: error: --bus is native, axi or wb, got '%s'\n", v ? v : "");
                goto bad;
            }
            i++;
        } else if (!strcmp(a, "--fence-race")) {
            o.fence_race = 1;
        } else if (!strcmp(a, "--pipeline")) {
            o.pipeline = 1;
        } else if (!strcmp(a, "--gap-prob")) {
            if (runopts_prob(a, v, 1, &o.gap_prob)) goto bad;
            i++;
        } else if (!strcmp(a, "--max-gap")) {
            if (runopts_u64(a, v, &n)) goto bad;
            if (n > 1000) {
                fprintf(stderr, "rvmmu: error: --max-gap must be 0..1000\n");
                goto bad;
            }
            o.max_gap = (unsigned)n;
            i++;
        } else if (!strcmp(a, "--idle-max")) {
            if (runopts_u64(a, v, &n) || n > 1000) goto bad;
            o.idle_max = (unsigned)n;
            i++;
        } else if (!strcmp(a, "--vectors")) {
            if (!v) {
                fprintf(stderr, "rvmmu: error: --vectors needs a file name\n");
                goto bad;
            }
            o.vectors = v;
            i++;
        } else if (!strcmp(a, "--code-coverage")) {
            if (!v) goto bad;
            o.code_coverage = v;
            i++;
        } else if (!strcmp(a, "--coverage")) {
            if (!v) goto bad;
            cov_path = v;
            i++;
        } else if (!strcmp(a, "--rand-reset")) {
            if (runopts_u64(a, v, &o.rand_reset)) goto bad;
            i++;
        } else if (!strcmp(a, "--bus-error")) {
            if (runopts_u64(a, v, &bus_errors[o.nbus_errors])) {
                goto bad;
            }
            o.nbus_errors++;
            i++;
        } else if (!strcmp(a, "--summary")) {
            summary = 1;
        } else {
            int r = runopts_parse(&run, argc, argv, &i);   /* shared options, --help, files */
            if (r < 0)
                goto bad;
            if (r > 0)
                goto out;
        }
    }
    if (runopts_end(&run, "replay needs at least one trace file"))
        goto bad;
    nfiles = run.nfiles;
    if (o.wave_from > o.wave_to) {
        fprintf(stderr, "rvmmu: error: --wave-from is after --wave-to\n");
        goto bad;
    }
    if (o.vectors && nfiles > 1) {
        fprintf(stderr, "rvmmu: error: --vectors takes one trace file\n");
        goto bad;
    }
    if (o.wave && nfiles > 1) {
        fprintf(stderr, "rvmmu: error: --wave takes one trace file\n");
        goto bad;
    }
    o.quiet = summary;
    if (cov_path && !(o.cov = cov_new())) goto bad;
    if (summary)
        printf("%-44s %8s %6s %6s %6s %6s %10s %s\n", "trace", "accesses", "hits", "misses", "bypass",
               "faults", "miss-cyc", "result");
    for (int i = 0; i < nfiles; i++) {
        replay_stats st;
        memset(&st, 0, sizeof st);
        if (nfiles > 1 && !summary) printf("; %s\n", files[i]);
        int rc = replay_file(files[i], &o, stdout, stderr, &st);
        if (summary) {
            const char *base = strrchr(files[i], '/');
            printf("%-44s %8lu %6lu %6lu %6lu %6lu %10.2f %s\n", base ? base + 1 : files[i], st.accesses,
                   st.hits, st.misses, st.bypasses, st.faults,
                   st.misses ? (double)st.cycles_miss / (double)st.misses : 0.0,
                   rc == 0 ? "ok" : rc == 1 ? "FAILED" : "MALFORMED");
        }
        if (rc > worst) worst = rc;
        fflush(stdout);
    }
    if (o.cov) {
        FILE *f = fopen(cov_path, "w");
        if (!f || cov_write(o.cov, f) != 0) {
            fprintf(stderr, "rvmmu: error: cannot write coverage to %s\n", cov_path);
            worst = 2;
        }
        if (f) fclose(f);
    }
out:
    cov_free(o.cov);
    free(files);
    free(bus_errors);
    return worst;
bad:
    worst = 2;
    goto out;
}

/* rvmmu scenario: run OS scenarios (scenario.h) with the kernel's fault handler. */
static void scenario_usage(FILE *f)
{
    fprintf(f,
            "usage: rvmmu scenario [options] FILE...   run scenario files through the RTL with the kernel's fault handler\n"
            "\n"
            "options:\n"
            "  --verbose, -v        one line per access (and per process created)\n"
            "  --export-trace OUT   write the run as a tlbtrace to OUT (one FILE only); `rvmmu replay OUT` reproduces it\n"
            "  --mem-latency N      walker memory latency in cycles, 1..1000 (default 1)\n"
            "  --stall P            probability in [0, 1) that the walker's memory port is not ready in a cycle\n"
            "  --seed S             seed of the stall pattern (default 1)\n"
            "  --wave FILE          dump a waveform, FST (VCD if FILE ends in .vcd); tag_q holds the step's line; one FILE\n"
            "  --wave-from N        first cycle to dump (default 0)\n"
            "  --wave-to N          last cycle to dump (default: the end)\n");
}

static int cmd_scenario(int argc, char **argv)
{
    sc_opts o = {.mem_latency = 1, .seed = 1, .wave_to = UINT64_MAX};
    run_opts run;
    const char *export_path = NULL;
    int nfiles = 0, worst = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) {
        fprintf(stderr, "rvmmu: error: out of memory\n");
        return 2;
    }
    runopts_init(&run, scenario_usage, files, &o.mem_latency, &o.stall, &o.seed);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
            o.verbose = 1;
        } else if (!strcmp(a, "--wave")) {
            if (!v) {
                fprintf(stderr, "rvmmu: error: --wave needs a file name\n");
                goto bad;
            }
            o.wave = v;
            i++;
        } else if (!strcmp(a, "--wave-from") || !strcmp(a, "--wave-to")) {
            if (runopts_u64(a, v, !strcmp(a, "--wave-from") ? &o.wave_from : &o.wave_to))
                goto bad;
            i++;
        } else if (!strcmp(a, "--export-trace")) {
            if (!v) {
                fprintf(stderr, "rvmmu: error: --export-trace needs a file name\n");
                goto bad;
            }
            export_path = v;
            i++;
        } else {
            int r = runopts_parse(&run, argc, argv, &i);   /* shared options, --help, files */
            if (r < 0)
                goto bad;
            if (r > 0) {
                free(files);
                return 0;
            }
        }
    }
    if (runopts_end(&run, "scenario needs at least one scenario file"))
        goto bad;
    nfiles = run.nfiles;
    if (o.wave && nfiles > 1) {
        fprintf(stderr, "rvmmu: error: --wave takes one scenario file\n");
        goto bad;
    }
    if (export_path && nfiles > 1) {
        fprintf(stderr, "rvmmu: error: --export-trace takes one scenario file\n");
        goto bad;
    }
    if (export_path) {
        o.export_trace = fopen(export_path, "w");
        if (!o.export_trace) {
            fprintf(stderr, "rvmmu: error: cannot write %s: %s\n", export_path, strerror(errno));
            goto bad;
        }
    }
    sc_totals t;
    memset(&t, 0, sizeof t);
    for (int i = 0; i < nfiles; i++) {
        int rc = scenario_run_file(files[i], &o, stdout, stderr, &t);
        if (rc > worst)
            worst = rc;
        fflush(stdout);
    }
    if (nfiles > 1)
        printf("%d scenarios: %lu accesses, %lu expectations, %lu failed, %lu scoreboard mismatches\n", nfiles,
               t.accesses, t.expectations, t.failed, t.mismatches);
    if (o.export_trace && fclose(o.export_trace) != 0) {
        fprintf(stderr, "rvmmu: error: cannot write %s\n", export_path);
        worst = 2;
    }
    free(files);
    return worst;
bad:
    free(files);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "replay")) return cmd_replay(argc - 2, argv + 2);
    if (!strcmp(argv[1], "bench")) return bench_main(argc - 2, argv + 2);
    if (!strcmp(argv[1], "scenario")) return cmd_scenario(argc - 2, argv + 2);
    if (!strcmp(argv[1], "uart")) return uart_main(argc - 2, argv + 2);
    /* capture: a real program's address stream (tb/capture.c, docs/capture.md) */
    if (!strcmp(argv[1], "capture")) return capture_main(argc - 2, argv + 2);
    /* study: captures replayed through the RTL with the replacement policies' C models (tb/study.c, docs/study.md) */
    if (!strcmp(argv[1], "study")) return study_main(argc - 2, argv + 2);
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "rvmmu: error: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
