/* replay.c -- the tlbtrace replay tool's engine. */
#include "replay.h"

#include <inttypes.h>
#include <string.h>

#include "harness.h"
#include "mem.h"
#include "ref.h"
#include "result.h"
#include "rvmmu_defs.h"
#include "trace.h"

/* One access's outcome, whichever model gave it. */
typedef struct {
    int fault;
    unsigned cause;
    uint64_t pa;
    unsigned pbmt;
    const char *how;   /* "hit", "miss", "bypass" */
    unsigned cycles;
} outcome;

/* xorshift64: the stress choices, reproducible from --seed. */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Does an outcome meet the `expect` clause? */
static int meets(const tr_expect *e, const outcome *r)
{
    if (e->fault) return r->fault && r->cause == e->cause;
    if (r->fault || r->pa != e->pa) return 0;
    return e->has_pbmt ? r->pbmt == e->pbmt : r->pbmt == RVMMU_PBMT_PMA;
}

static void print_outcome(FILE *out, const tr_op *op, const outcome *r)
{
    /* "hit": answered without a walk (a TLB hit, or a Bare/M bypass). */
    const result_line line = {r->fault, r->cause, r->pa, r->pbmt, !strcmp(r->how, "miss"), r->cycles};
    result_print(out, op->line, op->acc, op->a, &line, NULL);
}

/* The command that replays path exactly as o does (every option that
 * changes the run), with extra options (e.g. a wave dump) in front. */
static void print_repro(FILE *err, const char *path, int line, const replay_opts *o, const char *what,
                        const char *extra)
{
    fprintf(err, "%s:%d: %s: build/rvmmu replay%s", path, line, what, extra);
    if (o->mem_latency != 1) fprintf(err, " --mem-latency %u", o->mem_latency);
    if (o->mem_latency_max) fprintf(err, " --mem-latency-max %u", o->mem_latency_max);
    if (o->stall > 0) fprintf(err, " --stall %.17g", o->stall);
    if (o->bus_error_rate > 0) fprintf(err, " --bus-error-rate %.17g", o->bus_error_rate);
    if (o->fence_race) fprintf(err, " --fence-race");
    if (o->idle_max) fprintf(err, " --idle-max %u", o->idle_max);
    if (o->rand_reset) fprintf(err, " --rand-reset %" PRIu64, o->rand_reset);
    for (int i = 0; i < o->nbus_errors; i++) fprintf(err, " --bus-error 0x%" PRIx64, o->bus_errors[i]);
    fprintf(err, " --seed %" PRIu64 " %s\n", o->seed, path);
}

int replay_file(const char *path, const replay_opts *o, FILE *out, FILE *err, replay_stats *st)
{
    trace t;
    int status = 0;
    physmem *mem = NULL;
    harness *h = NULL;
    ref_tlb tlb = {0};
    ref_ctx ctx = {RVMMU_MODE_BARE, 0, 0, RVMMU_PRIV_S, 0, 0, 0};
    char msg[640];
    int hinted = 0;   /* the waveform command was printed for this file */

    trace_parse_file(path, &t);
    if (t.error && t.error_line == 0) {
        fprintf(err, "%s\n", t.errmsg);
        trace_free(&t);
        return 2;
    }
    mem = mem_new();
    for (size_t i = 0; mem && i < t.nram; i++)
        if (mem_add_ram(mem, t.ram[i].base, t.ram[i].size) != 0) {
            fprintf(err, "%s: error: bad ram window 0x%" PRIx64 "\n", path, t.ram[i].base);
            status = 2;
        }
    if (!mem) {
        fprintf(err, "%s: error: out of memory\n", path);
        trace_free(&t);
        return 2;
    }
    for (int i = 0; i < o->nbus_errors; i++) mem_inject_error(mem, o->bus_errors[i]);
    if (!o->use_ref && t.xlen && status == 0) {
        hs_config cfg = {t.xlen, o->mem_latency, o->stall, o->seed, o->wave, o->wave_from, o->wave_to,
                         o->mem_latency_max, o->bus_error_rate, o->rand_reset, o->cov, o->code_coverage,
                         o->vectors};
        h = hs_new(&cfg, mem, msg, sizeof msg);
        if (!h) {
            fprintf(err, "%s: error: %s\n", path, msg);
            status = 2;
        }
    }
    unsigned pte_bytes = trace_pte_bytes(t.xlen);
    uint64_t rng = o->seed * 0x9e3779b97f4a7c15ull + 0x51ed27ull;
    for (size_t i = 0; i < t.nops && status != 2; i++) {
        const tr_op *op = &t.ops[i];
        if (h && o->idle_max) hs_idle(h, (unsigned)(next_random(&rng) % (o->idle_max + 1)));
        switch (op->kind) {
        case TR_MEM:
            if (mem_write_pte(mem, op->a, pte_bytes, op->b) != 0) {
                fprintf(err, "%s:%d: error: mem 0x%" PRIx64 " is outside every ram window\n", path,
                        op->line, op->a);
                status = 2;
            }
            break;
        case TR_CHECK: {
            uint64_t v = 0;
            if (mem_read_pte(mem, op->a, pte_bytes, &v) != 0) {
                fprintf(err, "%s:%d: error: check 0x%" PRIx64 " is outside every ram window\n", path,
                        op->line, op->a);
                status = 2;
            } else if (v != op->b) {
                fprintf(err, "%s:%d: expected 0x%" PRIx64 " at 0x%" PRIx64 ", got 0x%" PRIx64 "\n", path,
                        op->line, op->b, op->a, v);
                if (st) st->expects_failed++;
                status = 1;
            }
            break;
        }
        case TR_SATP:
            ctx.mode = op->mode;
            ctx.asid = op->asid;
            ctx.root_ppn = op->ppn;
            break;
        case TR_PRIV: ctx.priv = op->val; break;
        case TR_SUM: ctx.sum = (int)op->val; break;
        case TR_MXR: ctx.mxr = (int)op->val; break;
        case TR_ADUE: ctx.adue = (int)op->val; break;
        case TR_SFENCE:
            if (h) hs_sfence(h, !op->has_va, op->has_va ? op->a : 0, !op->has_asid, op->has_asid ? op->asid : 0);
            else ref_tlb_sfence(&tlb, !op->has_va, op->has_va ? op->a : 0, !op->has_asid, op->asid);
            break;
        case TR_ACCESS: {
            outcome r;
            int failed = 0;
            uint64_t first_cycle = h ? hs_cycles(h) : 0;
            memset(&r, 0, sizeof r);
            if (h) {
                hs_result hr;
                const tr_op *next = i + 1 < t.nops ? &t.ops[i + 1] : NULL;
                int rc;
                hs_set_tag(h, (uint32_t)op->line);
                if (o->fence_race && next && next->kind == TR_SFENCE) {
                    /* No directive stands between the access and the fence,
                     * so the fence may land anywhere in the access's walk. */
                    hs_fence f = {!next->has_va, !next->has_asid, next->has_va ? next->a : 0,
                                  next->has_asid ? next->asid : 0};
                    rc = hs_translate_fenced(h, &ctx, op->a, op->acc, &f, (unsigned)(next_random(&rng) % 16), &hr);
                    i++;
                } else if (o->fence_race && next_random(&rng) % 4 == 0) {
                    /* An extra fence (always legal) of the access's own page,
                     * its ASID, or everything, racing the access's walk. */
                    uint64_t form = next_random(&rng) % 3;
                    hs_fence f = {form == 2, form == 0, op->a, ctx.asid};
                    rc = hs_translate_fenced(h, &ctx, op->a, op->acc, &f, (unsigned)(next_random(&rng) % 16), &hr);
                } else {
                    rc = hs_translate(h, &ctx, op->a, op->acc, &hr);
                }
                if (rc != 0) {
                    fprintf(err, "%s:%d: error: the RTL gave no response (hang): %s\n", path, op->line,
                            hs_hang_report(h));
                    print_repro(err, path, op->line, o, "reproduce", "");
                    status = 2;
                    break;
                }
                r.fault = hr.fault;
                r.cause = hr.cause;
                r.pa = hr.pa;
                r.pbmt = hr.pbmt;
                r.how = hr.hit ? "hit" : hr.bypass ? "bypass" : "miss";
                r.cycles = hr.cycles;
                while (hs_take_mismatch(h, msg, sizeof msg)) {
                    fprintf(err, "%s:%d: scoreboard: %s\n", path, op->line, msg);
                    if (st) st->mismatches++;
                    status = 1;
                    failed = 1;
                }
            } else {
                ref_mem rm = mem_as_ref(mem);
                ref_result rr = ref_tlb_access(&tlb, &ctx, op->a, op->acc, &rm);
                r.fault = rr.fault;
                r.cause = rr.cause;
                r.pa = rr.pa;
                r.pbmt = rr.pbmt;
                r.how = rr.walked ? "miss" : (ctx.mode == RVMMU_MODE_BARE || ctx.priv == RVMMU_PRIV_M) ? "bypass" : "hit";
                r.cycles = 0;
            }
            if (!o->quiet) print_outcome(out, op, &r);
            if (st) {
                st->accesses++;
                if (r.fault) st->faults++;
                if (!strcmp(r.how, "hit")) {
                    st->hits++;
                    st->cycles_hit += r.cycles;
                } else if (!strcmp(r.how, "miss")) {
                    st->misses++;
                    st->cycles_miss += r.cycles;
                    if (r.cycles > st->max_cycles_miss) st->max_cycles_miss = r.cycles;
                } else {
                    st->bypasses++;
                }
            }
            if (op->exp.present && !meets(&op->exp, &r)) {
                char want[96], got[96];
                result_describe(want, sizeof want, op->exp.fault, op->exp.cause, op->exp.pa,
                                op->exp.has_pbmt ? op->exp.pbmt : RVMMU_PBMT_PMA);
                result_describe(got, sizeof got, r.fault, r.cause, r.pa, r.pbmt);
                fprintf(err, "%s:%d: expected %s, got %s\n", path, op->line, want, got);
                if (st) st->expects_failed++;
                if (status == 0) status = 1;
                failed = 1;
            }
            if (failed && h && !hinted && !o->wave) {
                char wave[1200];
                uint64_t last = hs_cycles(h);
                snprintf(wave, sizeof wave, " --wave %s.fst --wave-from %" PRIu64 " --wave-to %" PRIu64, path,
                         first_cycle > 20 ? first_cycle - 20 : 0, last + 20);
                print_repro(err, path, op->line, o, "waves", wave);
                hinted = 1;
            }
            break;
        }
        }
    }
    if (!o->quiet) {
        for (int i = 0; i < mem_hw_write_count(mem); i++) {
            uint64_t a = mem_hw_write_addr(mem, i), v = 0;
            (void)mem_read_pte(mem, a, pte_bytes, &v);
            fprintf(out, "pte 0x%" PRIx64 " 0x%" PRIx64 "\n", a, v);
        }
    }
    if (t.error && status != 2) {
        fprintf(err, "%s\n", t.errmsg);
        status = 2;
    }
    if (hs_free(h) != 0) {
        fprintf(err, "%s: error: could not write %s\n", path,
                o->code_coverage ? "the wave or the code coverage file (is this the coverage build?)"
                                 : "the wave file (fst2vcd)");
        status = 2;
    }
    ref_tlb_free(&tlb);
    mem_free(mem);
    trace_free(&t);
    return status;
}
