/* replay.c -- the tlbtrace replay tool's engine. */
#include "replay.h"

#include <inttypes.h>
#include <string.h>

#include "bus_model.h"
#include "harness.h"
#include "mem.h"
#include "pmp.h"
#include "ref.h"
#include "result.h"
#include "rvmmu_defs.h"
#include "trace.h"

/* The PMP grain of a trace with pmp lines: rtl/rvmmu.sv's PMP_GRAN default
 * (every model keeps it). The entries are the model's (its PMP_ENTRIES). */
#define REPLAY_PMP_GRAN ((unsigned)RVMMU_PARAM_PMP_GRAN)

/* One access's outcome, whichever model gave it. */
typedef struct {
    int fault;
    unsigned cause;
    uint64_t pa;
    unsigned pbmt;
    const char *how;   /* "hit", "miss", "bypass" */
    unsigned cycles;
    uint64_t gpa;      /* a guest-page fault (reference model, tlbtrace 2): its GPA and */
    int implicit;      /* TR_GPF_*: which access caused it */
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
    if (e->fault && e->has_gpa)   /* a guest-page fault: its GPA and implicit access too */
        return r->fault && r->cause == e->cause && r->gpa == e->gpa && r->implicit == e->implicit;
    if (e->fault) return r->fault && r->cause == e->cause;
    if (r->fault || r->pa != e->pa) return 0;
    return e->has_pbmt ? r->pbmt == e->pbmt : r->pbmt == RVMMU_PBMT_PMA;
}

static void print_outcome(FILE *out, const tr_op *op, const outcome *r)
{
    /* "hit": answered without a walk (a TLB hit, or a Bare/M bypass). */
    const result_line line = {r->fault, r->cause, r->pa, r->pbmt, !strcmp(r->how, "miss"), r->cycles};
    const result_guest g = {r->gpa, r->implicit};
    result_print_kind(out, op->line, trace_op_name(op), op->a, &line,
                      r->fault && trace_cause_is_guest(r->cause) ? &g : NULL, NULL);
}

/* The hypervisor extension's context directives (reference model only):
 * they change what the next accesses carry. */
static int apply_hyp_context(ref_hctx *hc, int *spvp, const tr_op *op)
{
    switch (op->kind) {
    case TR_HGATP:
        hc->g_mode = op->mode;
        hc->vmid = op->asid;
        hc->g_ppn = op->ppn;
        return 1;
    case TR_VSATP:
        hc->vs_mode = op->mode;
        hc->vs_asid = op->asid;
        hc->vs_ppn = op->ppn;
        return 1;
    case TR_VIRT: hc->virt = (int)op->val; return 1;
    case TR_VSUM: hc->vsum = (int)op->val; return 1;
    case TR_VMXR: hc->vmxr = (int)op->val; return 1;
    case TR_VADUE: hc->vadue = (int)op->val; return 1;
    case TR_SPVP: *spvp = (int)op->val; return 1;
    /* The ideal TLB caches no two-stage translation (lib/ref.h), so the
     * hypervisor fences have nothing to remove from it. */
    case TR_HFENCE_VVMA:
    case TR_HFENCE_GVMA: return 1;
    default: return 0;
    }
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
    if (o->bus) fprintf(err, " --bus %s", o->bus == BUS_AXI ? "axi" : "wb");
    if (o->bus_fail_rate > 0) fprintf(err, " --bus-fail-rate %.17g", o->bus_fail_rate);
    if (o->ports == 2) fprintf(err, " --ports 2");
    if (o->idle_max) fprintf(err, " --idle-max %u", o->idle_max);
    if (o->rand_reset) fprintf(err, " --rand-reset %" PRIu64, o->rand_reset);
    if (o->pipeline) fprintf(err, " --pipeline --gap-prob %.17g --max-gap %u", o->gap_prob, o->max_gap);
    for (int i = 0; i < o->nbus_errors; i++) fprintf(err, " --bus-error 0x%" PRIx64, o->bus_errors[i]);
    fprintf(err, " --seed %" PRIu64 " %s\n", o->seed, path);
}

/* One replay in progress: what the access handling and the pipeline's
 * source and sink share. */
typedef struct {
    const char *path;
    const replay_opts *o;
    FILE *out, *err;
    replay_stats *st;
    const trace *t;
    harness *h;
    ref_ctx ctx;
    ref_hctx hctx;       /* the hypervisor extension's CSRs and V (tlbtrace 2; reference model only) */
    int spvp;            /* hstatus.SPVP: the privilege of hlv, hlvx, hsv */
    pmp_state pmp;       /* the PMP CSRs (ctx.pmp points here when the trace has pmp lines) */
    uint64_t rng;
    int status;
    int hinted;          /* the waveform command was printed for this file */
    char msg[640];
    /* --pipeline: the next directive the source reads, the last access answered */
    size_t next;
    size_t answered;
    int any_answered;    /* some access of this run was answered */
    int extra_fence;     /* an extra racing fence comes next (--fence-race) */
    hs_fence extra;
    int in_run;          /* an access of this run has been handed out */
} replay_run;

/* The context directives: they only change what the next requests carry. */
static int apply_context(ref_ctx *ctx, const tr_op *op)
{
    switch (op->kind) {
    case TR_SATP:
        ctx->mode = op->mode;
        ctx->asid = op->asid;
        ctx->root_ppn = op->ppn;
        return 1;
    case TR_PRIV: ctx->priv = op->val; return 1;
    case TR_SUM: ctx->sum = (int)op->val; return 1;
    case TR_MXR: ctx->mxr = (int)op->val; return 1;
    case TR_ADUE: ctx->adue = (int)op->val; return 1;
    default: return 0;
    }
}

/* The fence offset (cycles after the access is offered) or gap for a race:
 * spread over a whole walk of the mode (each level a read at the memory's
 * latency, possibly stalled, then the A/D swap), so that a fence lands in
 * every walker state. */
static unsigned race_offset(replay_run *R)
{
    unsigned lat = R->o->mem_latency_max > R->o->mem_latency ? R->o->mem_latency_max : R->o->mem_latency;
    int levels = ref_levels(R->ctx.mode);
    unsigned span = 4 + (unsigned)(levels > 0 ? levels + 1 : 1) * (lat + 3);
    return (unsigned)(next_random(&R->rng) % span);
}

/* An extra fence (always legal) racing an access's walk: each of the four
 * forms; the VA is the access's own, or another inside the mode's largest
 * page around it (a fence the RTL can only judge at that size while the
 * leaf's size is not known). */
static hs_fence extra_fence(replay_run *R, uint64_t va)
{
    uint64_t form = next_random(&R->rng) % 4;
    hs_fence f = {(int)(form & 1), (int)(form >> 1), va, R->ctx.asid};
    int levels = ref_levels(R->ctx.mode);
    if (levels > 0 && next_random(&R->rng) % 2) {
        unsigned bits = R->ctx.mode == RVMMU_MODE_SV32 ? 22 : 12 + 9 * (unsigned)(levels - 1);
        f.va = va ^ (next_random(&R->rng) & ((1ull << bits) - 1) & ~0xfffull);
    }
    return f;
}

/* Everything after an access's outcome: the scoreboard's messages, the
 * result line, the counters, the `expect` check and the waveform hint. */
static void finish_access(replay_run *R, const tr_op *op, const outcome *r, uint64_t first_cycle)
{
    int failed = 0;
    if (R->h)
        while (hs_take_mismatch(R->h, R->msg, sizeof R->msg)) {
            fprintf(R->err, "%s:%d: scoreboard: %s\n", R->path, op->line, R->msg);
            if (R->st) R->st->mismatches++;
            R->status = R->status == 2 ? 2 : 1;
            failed = 1;
        }
    if (!R->o->quiet) print_outcome(R->out, op, r);
    replay_stats *st = R->st;
    if (st) {
        st->accesses++;
        if (r->fault) st->faults++;
        if (!strcmp(r->how, "hit")) {
            st->hits++;
            st->cycles_hit += r->cycles;
        } else if (!strcmp(r->how, "miss")) {
            st->misses++;
            st->cycles_miss += r->cycles;
            if (r->cycles > st->max_cycles_miss) st->max_cycles_miss = r->cycles;
        } else {
            st->bypasses++;
        }
    }
    if (op->exp.present && !meets(&op->exp, r)) {
        char want[160], got[160];
        const result_guest wg = {op->exp.gpa, op->exp.implicit}, gg = {r->gpa, r->implicit};
        result_describe_guest(want, sizeof want, op->exp.fault, op->exp.cause, op->exp.pa,
                              op->exp.has_pbmt ? op->exp.pbmt : RVMMU_PBMT_PMA, op->exp.has_gpa ? &wg : NULL);
        result_describe_guest(got, sizeof got, r->fault, r->cause, r->pa, r->pbmt,
                              r->fault && trace_cause_is_guest(r->cause) ? &gg : NULL);
        fprintf(R->err, "%s:%d: expected %s, got %s\n", R->path, op->line, want, got);
        if (st) st->expects_failed++;
        if (R->status == 0) R->status = 1;
        failed = 1;
    }
    if (failed && R->h && !R->hinted && !R->o->wave) {
        char wave[1200];
        uint64_t last = hs_cycles(R->h);
        snprintf(wave, sizeof wave, " --wave %s.fst --wave-from %" PRIu64 " --wave-to %" PRIu64, R->path,
                 first_cycle > 20 ? first_cycle - 20 : 0, last + 20);
        print_repro(R->err, R->path, op->line, R->o, "waves", wave);
        R->hinted = 1;
    }
}

static void outcome_from_rtl(outcome *r, const hs_result *hr)
{
    memset(r, 0, sizeof *r);
    r->fault = hr->fault;
    r->cause = hr->cause;
    r->pa = hr->pa;
    r->pbmt = hr->pbmt;
    r->how = hr->hit ? "hit" : hr->bypass ? "bypass" : "miss";
    r->cycles = hr->cycles;
}

static unsigned pipe_gap(replay_run *R)
{
    const replay_opts *o = R->o;
    if (o->max_gap == 0 || o->gap_prob <= 0) return 0;
    if ((double)(next_random(&R->rng) >> 11) / 9007199254740992.0 >= o->gap_prob) return 0;
    return 1 + (unsigned)(next_random(&R->rng) % o->max_gap);
}

/* --pipeline: the items of a run of directives, in program order. Context
 * directives travel with the requests (each item carries its own copy);
 * accesses are requests; under --fence-race an `sfence` after an access is
 * a fence item racing it, and extra fences are added as in the one-at-a-time
 * replay. Anything else (mem, check, an sfence otherwise) ends the run:
 * its effect must not overtake the accesses before it. */
static int pipe_source(void *arg, hs_item *it)
{
    replay_run *R = arg;
    memset(it, 0, sizeof *it);
    if (R->extra_fence) {
        R->extra_fence = 0;
        it->is_fence = 1;
        it->fence = R->extra;
        it->gap = race_offset(R);
        return 1;
    }
    while (R->next < R->t->nops) {
        const tr_op *op = &R->t->ops[R->next];
        if (apply_context(&R->ctx, op)) {
            R->next++;
            continue;
        }
        if (op->kind == TR_SFENCE && R->o->fence_race && R->in_run) {
            it->is_fence = 1;
            it->fence = (hs_fence){!op->has_va, !op->has_asid, op->has_va ? op->a : 0, op->has_asid ? op->asid : 0};
            it->gap = race_offset(R);
            R->next++;
            return 1;
        }
        if (op->kind != TR_ACCESS || op->hyp) return 0;   /* hlv/hlvx/hsv: refused by replay_file */
        it->ctx = R->ctx;
        it->ctx.access_bytes = op->size;
        it->va = op->a;
        it->acc = op->acc;
        it->gap = R->in_run ? pipe_gap(R) : 0;
        it->user = R->next;
        hs_set_tag(R->h, (uint32_t)op->line);
        R->in_run = 1;
        R->next++;
        if (R->o->fence_race && next_random(&R->rng) % 4 == 0) {
            R->extra_fence = 1;
            R->extra = extra_fence(R, op->a);
        }
        return 1;
    }
    return 0;
}

static void pipe_sink(void *arg, const hs_item *it, const hs_result *hr)
{
    replay_run *R = arg;
    outcome r;
    outcome_from_rtl(&r, hr);
    R->answered = (size_t)it->user;
    R->any_answered = 1;
    finish_access(R, &R->t->ops[it->user], &r, hr->at - hr->cycles);
}

/* One access, one at a time: offered, answered, then the next directive. */
static int replay_one(replay_run *R, size_t *i)
{
    const trace *t = R->t;
    const tr_op *op = &t->ops[*i];
    const replay_opts *o = R->o;
    harness *h = R->h;
    hs_result hr;
    const tr_op *next = *i + 1 < t->nops ? &t->ops[*i + 1] : NULL;
    int rc;
    uint64_t first_cycle = hs_cycles(h);
    hs_set_tag(h, (uint32_t)op->line);
    if (o->fence_race && next && next->kind == TR_SFENCE) {
        /* No directive stands between the access and the fence,
         * so the fence may land anywhere in the access's walk. */
        hs_fence f = {!next->has_va, !next->has_asid, next->has_va ? next->a : 0,
                      next->has_asid ? next->asid : 0};
        rc = hs_translate_fenced(h, &R->ctx, op->a, op->acc, &f, race_offset(R), &hr);
        (*i)++;
    } else if (o->fence_race && next_random(&R->rng) % 4 == 0) {
        hs_fence f = extra_fence(R, op->a);
        rc = hs_translate_fenced(h, &R->ctx, op->a, op->acc, &f, race_offset(R), &hr);
    } else {
        rc = hs_translate(h, &R->ctx, op->a, op->acc, &hr);
    }
    if (rc != 0) {
        fprintf(R->err, "%s:%d: error: the RTL gave no response (hang): %s\n", R->path, op->line,
                hs_hang_report(h));
        print_repro(R->err, R->path, op->line, R->o, "reproduce", "");
        R->status = 2;
        return -1;
    }
    outcome r;
    outcome_from_rtl(&r, &hr);
    finish_access(R, op, &r, first_cycle);
    return 0;
}

int replay_file(const char *path, const replay_opts *o, FILE *out, FILE *err, replay_stats *st)
{
    trace t;
    physmem *mem = NULL;
    ref_tlb tlb = {0};
    replay_run R;
    memset(&R, 0, sizeof R);
    R.path = path;
    R.o = o;
    R.out = out;
    R.err = err;
    R.st = st;
    R.t = &t;
    R.ctx = (ref_ctx){RVMMU_MODE_BARE, 0, 0, RVMMU_PRIV_S, 0, 0, 0, NULL, 0};

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
            R.status = 2;
        }
    if (!mem) {
        fprintf(err, "%s: error: out of memory\n", path);
        trace_free(&t);
        return 2;
    }
    for (int i = 0; i < o->nbus_errors; i++) mem_inject_error(mem, o->bus_errors[i]);
    if (!o->use_ref && t.xlen && R.status == 0) {
        hs_config cfg = {t.xlen, o->mem_latency, o->stall, o->seed, o->wave, o->wave_from, o->wave_to,
                         o->mem_latency_max, o->bus_error_rate, o->rand_reset, o->cov, o->code_coverage,
                         o->vectors, o->bus, o->bus_fail_rate, o->ports};
        R.h = hs_new(&cfg, mem, R.msg, sizeof R.msg);
        if (!R.h) {
            fprintf(err, "%s: error: %s\n", path, R.msg);
            R.status = 2;
        }
    }
    harness *h = R.h;
    unsigned pte_bytes = trace_pte_bytes(t.xlen);
    if (t.has_pmp && R.status == 0) {
        /* PMP from the trace's start, every entry OFF (its reset state);
         * the entries are the model's PMP_ENTRIES, the grain rtl/rvmmu.sv's
         * default PMP_GRAN (every model keeps it); the harness drives R.pmp on the
         * RTL's pmpcfg/pmpaddr ports with each request. */
        R.pmp.xlen = t.xlen;
        R.pmp.entries = h ? hs_build(h).pmp_entries : RVMMU_PARAM_PMP_ENTRIES;
        if (R.pmp.entries == 0) {
            fprintf(err, "%s: error: the trace has pmp lines, but this model was built without PMP "
                         "(PMP_ENTRIES=0)\n", path);
            R.status = 2;
        }
        R.pmp.gran = REPLAY_PMP_GRAN;
        R.ctx.pmp = &R.pmp;
    }
    R.rng = o->seed * 0x9e3779b97f4a7c15ull + 0x51ed27ull;
    for (size_t i = 0; i < t.nops && R.status != 2; i++) {
        const tr_op *op = &t.ops[i];
        if (h && trace_op_is_hyp(op)) {
            /* tlbtrace 2's hypervisor extension: the RTL has none yet */
            fprintf(err, "%s:%d: error: '%s': the hypervisor extension (tlbtrace 2) runs only on the reference "
                         "model (--model ref); the RTL has no H extension yet\n", path, op->line, trace_op_keyword(op));
            R.status = 2;
            break;
        }
        if (h && o->idle_max) hs_idle(h, (unsigned)(next_random(&R.rng) % (o->idle_max + 1)));
        if (apply_context(&R.ctx, op)) continue;
        if (apply_hyp_context(&R.hctx, &R.spvp, op)) continue;
        switch (op->kind) {
        case TR_MEM:
            if (mem_write_pte(mem, op->a, pte_bytes, op->b) != 0) {
                fprintf(err, "%s:%d: error: mem 0x%" PRIx64 " is outside every ram window\n", path,
                        op->line, op->a);
                R.status = 2;
            }
            break;
        case TR_CHECK: {
            uint64_t v = 0;
            if (mem_read_pte(mem, op->a, pte_bytes, &v) != 0) {
                fprintf(err, "%s:%d: error: check 0x%" PRIx64 " is outside every ram window\n", path,
                        op->line, op->a);
                R.status = 2;
            } else if (v != op->b) {
                fprintf(err, "%s:%d: expected 0x%" PRIx64 " at 0x%" PRIx64 ", got 0x%" PRIx64 "\n", path,
                        op->line, op->b, op->a, v);
                if (st) st->expects_failed++;
                R.status = 1;
            }
            break;
        }
        case TR_PMP:
            /* Between accesses (a pipelined run ends before it): the next
             * access sees the new CSR values; none is in flight. */
            if (op->val >= (unsigned)R.pmp.entries) {
                fprintf(err, "%s:%d: error: 'pmp': entry %u, but the PMP has %d entries (0 to %d)\n", path,
                        op->line, op->val, R.pmp.entries, R.pmp.entries - 1);
                R.status = 2;
                break;
            }
            R.pmp.cfg[op->val] = (uint8_t)op->b;
            R.pmp.addr[op->val] = op->a;
            break;
        case TR_SFENCE:
            if (h) hs_sfence(h, !op->has_va, op->has_va ? op->a : 0, !op->has_asid, op->has_asid ? op->asid : 0);
            /* with V=1 it orders only VS-stage translations, which the ideal TLB does not cache */
            else if (!R.hctx.virt) ref_tlb_sfence(&tlb, !op->has_va, op->has_va ? op->a : 0, !op->has_asid, op->asid);
            break;
        case TR_ACCESS:
            R.ctx.access_bytes = op->size;   /* size=N, for the PA's PMP check (0: one byte) */
            if (h && o->pipeline) {
                /* A run of accesses back to back, up to the next directive
                 * that must wait for them. */
                R.next = i;
                R.any_answered = 0;
                R.in_run = 0;
                R.extra_fence = 0;
                if (hs_pipeline(h, pipe_source, pipe_sink, &R) != 0) {
                    /* the oldest access not answered */
                    size_t k = R.any_answered ? R.answered + 1 : i;
                    while (k < t.nops && t.ops[k].kind != TR_ACCESS) k++;
                    int line = t.ops[k < t.nops ? k : i].line;
                    fprintf(err, "%s:%d: error: the RTL gave no response (hang): %s\n", path, line,
                            hs_hang_report(h));
                    print_repro(err, path, line, o, "reproduce", "");
                    R.status = 2;
                    break;
                }
                i = R.next - 1;
            } else if (h) {
                replay_one(&R, &i);
            } else {
                ref_mem rm = mem_as_ref(mem);
                ref_result rr;
                if (op->hyp || R.hctx.virt) {
                    /* two-stage: V=1, or HLV/HLVX/HSV "as though V=1" at hstatus.SPVP's privilege */
                    ref_ctx c = R.ctx;
                    ref_hctx hc = R.hctx;
                    if (op->hyp) {
                        hc.virt = 1;
                        c.priv = R.spvp ? RVMMU_PRIV_S : RVMMU_PRIV_U;
                    }
                    rr = ref_translate_h(&c, &hc, op->a, op->hyp == TR_HYP_HLVX ? REF_ACC_LOADX : op->acc, &rm);
                } else {
                    rr = ref_tlb_access(&tlb, &R.ctx, op->a, op->acc, &rm);
                }
                outcome r;
                memset(&r, 0, sizeof r);
                r.fault = rr.fault;
                r.cause = rr.cause;
                r.pa = rr.pa;
                r.pbmt = rr.pbmt;
                r.gpa = rr.gpa;
                r.implicit = rr.gpf_implicit == REF_GPF_VS_READ ? TR_GPF_READ
                             : rr.gpf_implicit == REF_GPF_VS_WRITE ? TR_GPF_WRITE : TR_GPF_EXPLICIT;
                r.how = rr.walked ? "miss"
                        : (R.ctx.mode == RVMMU_MODE_BARE || R.ctx.priv == RVMMU_PRIV_M) ? "bypass" : "hit";
                r.cycles = 0;
                finish_access(&R, op, &r, 0);
            }
            break;
        default:
            break;
        }
    }
    if (!o->quiet) {
        for (int i = 0; i < mem_hw_write_count(mem); i++) {
            uint64_t a = mem_hw_write_addr(mem, i), v = 0;
            (void)mem_read_pte(mem, a, pte_bytes, &v);
            fprintf(out, "pte 0x%" PRIx64 " 0x%" PRIx64 "\n", a, v);
        }
    }
    if (t.error && R.status != 2) {
        fprintf(err, "%s\n", t.errmsg);
        R.status = 2;
    }
    if (hs_free(h) != 0) {
        fprintf(err, "%s: error: could not write %s\n", path,
                o->code_coverage ? "the wave or the code coverage file (is this the coverage build?)"
                                 : "the wave file (fst2vcd)");
        R.status = 2;
    }
    ref_tlb_free(&tlb);
    mem_free(mem);
    trace_free(&t);
    return R.status;
}
