/* scenario_run.c -- runs a parsed scenario (see scenario_run.h): each
 * directive through the OS library (sw/proc.h) and the kernel's fault handler
 * on the RTL, each access's outcome against its expectation. */
#include "scenario_run.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "proc.h"
#include "pt.h"
#include "trace.h"

LEX_PRINTF_LIKE(3, 4)
static int run_error(runner *r, const sc_op *op, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(r->err, "%s:%d: error: %s\n", r->s->path, op->line, msg);
    r->status = 2;
    return -1;
}

static const char *op_name(sc_kind k)
{
    switch (k) {
    case SC_KERNEL_MODE: return "kernel";
    case SC_PROCESS: return "process";
    case SC_MAP: return "map";
    case SC_PHYS: return "phys";
    case SC_UNMAP: return "unmap";
    case SC_PROTECT: return "protect";
    case SC_SHM: return "shm";
    case SC_ATTACH: return "attach";
    case SC_LIBRARY: return "library";
    case SC_LIBWORD: return "libword";
    case SC_USE: return "use";
    case SC_FORK: return "fork";
    case SC_EXIT: return "exit";
    case SC_ACCESS: return "access";
    default: return "frame check";
    }
}

/* A library call's result: a runtime error unless PT_OK. */
static int lib_result(runner *r, const sc_op *op, int e)
{
    if (e == PT_OK)
        return 0;
    return run_error(r, op, "'%s': %s", op_name(op->kind), proc_strerror(e));
}

/* "ok=0x2a", "cow", "segv=store_page_fault", ... */
static void describe(char *buf, size_t len, kern_outcome o, int has_value, uint64_t value, int has_cause,
                     unsigned cause)
{
    if (o == KERN_SEGV && has_cause)
        snprintf(buf, len, "segv=%s", sc_cause_name(cause));
    else if (has_value && o != KERN_SEGV && o != KERN_OOM)
        snprintf(buf, len, "%s=0x%" PRIx64, kern_outcome_name(o), value);
    else
        snprintf(buf, len, "%s", kern_outcome_name(o));
}

static int meets(const sc_expect *e, const kern_result *res)
{
    if (e->outcome != res->outcome)
        return 0;
    if (e->has_cause && res->si.cause != e->cause)
        return 0;
    return !e->has_value || e->value == res->value;
}

static void note_signal(runner *r, const sc_op *op, const kern_result *res)
{
    void *a = r->signals;
    if (r->nsignals == r->capsignals) {
        size_t c = r->capsignals ? r->capsignals * 2 : 16;
        a = realloc(r->signals, c * sizeof *r->signals);
        if (!a)
            return;   /* the report loses a line, nothing else */
        r->signals = a;
        r->capsignals = c;
    }
    signal_note *n = &r->signals[r->nsignals++];
    n->line = op->line;
    n->pidx = op->p;
    n->outcome = res->outcome;
    n->si = res->si;
}

static int run_access(runner *r, const sc_op *op)
{
    proc *p = op->p >= 0 ? r->procs[op->p] : NULL;
    uint64_t addr = op->va;
    kern_result res;
    char msg[640];
    if (op->ref >= 0) {
        int e = proc_translate(r->procs[op->ref], op->va, &addr);
        if (e != PT_OK)
            return run_error(r, op, "'%s': %s has no frame at 0x%" PRIx64 " (%s)", trace_acc_name(op->acc),
                             r->s->procs[op->ref], op->va, proc_strerror(e));
    }
    kern_comment(r->k, "line %d: %s %s 0x%" PRIx64, op->line, sc_who(r, op->p), trace_acc_name(op->acc), addr);
    kern_set_step(r->k, (uint32_t)op->line);
    if (kern_access(r->k, p, addr, op->acc, op->value, &res) != 0)
        return run_error(r, op, "'%s': %s", trace_acc_name(op->acc), kern_error(r->k));
    r->accesses++;
    while (kern_take_mismatch(r->k, msg, sizeof msg)) {
        fprintf(r->err, "%s:%d: scoreboard: %s\n", r->s->path, op->line, msg);
        r->mismatches++;
        if (r->status == 0)
            r->status = 1;
    }
    int show_value = op->acc != RVMMU_ACC_STORE;
    char got[96];
    describe(got, sizeof got, res.outcome, show_value, res.value, 1, res.si.cause);
    if (r->o->verbose) {
        fprintf(r->out, "%d %s %s 0x%" PRIx64 " -> %s", op->line, sc_who(r, op->p), trace_acc_name(op->acc), addr, got);
        if (res.outcome != KERN_SEGV && res.outcome != KERN_OOM)
            fprintf(r->out, "  ; pa=0x%" PRIx64, res.pa);
        else
            fprintf(r->out, "  ;");
        fprintf(r->out, " translations=%d hits=%d misses=%d cycles=%u\n", res.translations, res.hits, res.misses,
                res.cycles);
    }
    if (res.outcome == KERN_SEGV || res.outcome == KERN_OOM)
        note_signal(r, op, &res);
    if (op->exp.present) {
        r->expectations++;
        if (!meets(&op->exp, &res)) {
            char want[96];
            describe(want, sizeof want, op->exp.outcome, op->exp.has_value, op->exp.value, op->exp.has_cause,
                     op->exp.cause);
            fprintf(r->err, "%s:%d: expected %s, got %s\n", r->s->path, op->line, want, got);
            r->failed++;
            if (r->status == 0)
                r->status = 1;
        }
    }
    return 0;
}

static int run_frame_check(runner *r, const sc_op *op)
{
    uint64_t a = 0, b = 0;
    int ea = proc_translate(r->procs[op->p], op->va, &a);
    int eb = proc_translate(r->procs[op->q], op->va2, &b);
    r->expectations++;
    a &= ~(uint64_t)(PT_FRAME_SIZE - 1);
    b &= ~(uint64_t)(PT_FRAME_SIZE - 1);
    if (ea == PT_OK && eb == PT_OK && (a == b) == (op->same != 0)) {
        if (r->o->verbose)
            fprintf(r->out, "%d %s %s:0x%" PRIx64 " %s:0x%" PRIx64 " -> 0x%" PRIx64 " %s 0x%" PRIx64 "\n", op->line,
                    op->same ? "same-frame" : "different-frame", r->s->procs[op->p], op->va, r->s->procs[op->q],
                    op->va2, a, op->same ? "==" : "!=", b);
        return 0;
    }
    char ga[64], gb[64];
    if (ea == PT_OK)
        snprintf(ga, sizeof ga, "0x%" PRIx64, a);
    else
        snprintf(ga, sizeof ga, "%s:0x%" PRIx64 " not mapped", r->s->procs[op->p], op->va);
    if (eb == PT_OK)
        snprintf(gb, sizeof gb, "0x%" PRIx64, b);
    else
        snprintf(gb, sizeof gb, "%s:0x%" PRIx64 " not mapped", r->s->procs[op->q], op->va2);
    fprintf(r->err, "%s:%d: expected %s frames, got %s and %s\n", r->s->path, op->line,
            op->same ? "the same" : "different", ga, gb);
    r->failed++;
    if (r->status == 0)
        r->status = 1;
    return 0;
}

static int run_op(runner *r, const sc_op *op)
{
    os_sys *os = kern_os(r->k);
    int e = PT_OK;
    switch (op->kind) {
    case SC_KERNEL_MODE:
        kern_set_self_bare(r->k, op->bare);
        return 0;
    case SC_PROCESS:
    case SC_FORK: {
        uint32_t asid = op->has_asid ? op->asid : PROC_ASID_ANY;
        int idx = op->kind == SC_FORK ? op->q : op->p;
        kern_comment(r->k, "line %d: %s %s", op->line, op_name(op->kind), r->s->procs[idx]);
        proc *p = op->kind == SC_FORK ? proc_fork(r->procs[op->p], r->s->procs[idx], asid, &e)
                                      : proc_create(os, r->s->procs[idx], asid, &e);
        if (!p)
            return lib_result(r, op, e);
        r->procs[idx] = p;
        if (r->o->verbose)
            fprintf(r->out, "%d %s %s asid=%" PRIu32 " root=0x%" PRIx64 "\n", op->line, op_name(op->kind),
                    r->s->procs[idx], proc_asid(p), proc_root_ppn(p) << 12);
        return 0;
    }
    case SC_EXIT:
        kern_comment(r->k, "line %d: exit %s", op->line, r->s->procs[op->p]);
        return lib_result(r, op, proc_exit(r->procs[op->p]));
    case SC_MAP:
        kern_comment(r->k, "line %d: map %s 0x%" PRIx64 " (%" PRIu64 " page%s%s)", op->line, r->s->procs[op->p], op->va,
                     op->n, op->n == 1 ? "" : "s", op->demand ? ", on demand" : "");
        return lib_result(r, op, proc_map_anon(r->procs[op->p], op->va, op->n, op->perms, op->demand));
    case SC_PHYS:
        kern_comment(r->k, "line %d: phys %s 0x%" PRIx64 " -> 0x%" PRIx64, op->line, r->s->procs[op->p], op->va, op->pa);
        return lib_result(r, op, proc_map_phys(r->procs[op->p], op->va, op->pa, op->level, op->perms));
    case SC_UNMAP:
        kern_comment(r->k, "line %d: unmap %s 0x%" PRIx64, op->line, r->s->procs[op->p], op->va);
        return lib_result(r, op, proc_unmap(r->procs[op->p], op->va, op->n));
    case SC_PROTECT:
        kern_comment(r->k, "line %d: protect %s 0x%" PRIx64, op->line, r->s->procs[op->p], op->va);
        return lib_result(r, op, proc_protect(r->procs[op->p], op->va, op->n, op->perms));
    case SC_SHM:
        kern_comment(r->k, "line %d: shm %s", op->line, r->s->shms[op->obj]);
        r->shms[op->obj] = shm_create(os, r->s->shms[op->obj], op->n, &e);
        return lib_result(r, op, e);
    case SC_ATTACH:
        kern_comment(r->k, "line %d: attach %s %s 0x%" PRIx64, op->line, r->s->procs[op->p], r->s->shms[op->obj], op->va);
        return lib_result(r, op, shm_attach(r->procs[op->p], r->shms[op->obj], op->va, op->perms));
    case SC_LIBRARY:
        kern_comment(r->k, "line %d: library %s", op->line, r->s->libs[op->obj]);
        r->libs[op->obj] = lib_load(os, r->s->libs[op->obj], op->n, op->n2, &e);
        return lib_result(r, op, e);
    case SC_LIBWORD:
        return lib_result(r, op, lib_write_word(r->libs[op->obj], op->section, op->va, op->value));
    case SC_USE:
        kern_comment(r->k, "line %d: use %s %s 0x%" PRIx64, op->line, r->s->procs[op->p], r->s->libs[op->obj], op->va);
        return lib_result(r, op, proc_use_lib(r->procs[op->p], r->libs[op->obj], op->va));
    case SC_ACCESS:
        return run_access(r, op);
    case SC_FRAME_CHECK:
        return run_frame_check(r, op);
    }
    return 0;
}

int scenario_run(const scenario *s, const sc_opts *o, FILE *out, FILE *err, sc_totals *t)
{
    runner r;
    char msg[400];
    memset(&r, 0, sizeof r);
    r.s = s;
    r.o = o;
    r.out = out;
    r.err = err;
    if (s->error) {
        fprintf(err, "%s\n", s->errmsg);
        return 2;
    }
    r.procs = calloc((size_t)s->nprocs + 1, sizeof *r.procs);
    r.shms = calloc((size_t)s->nshms + 1, sizeof *r.shms);
    r.libs = calloc((size_t)s->nlibs + 1, sizeof *r.libs);
    kern_config kc = {s->mode, s->ram, s->nram, s->pool_base, s->pool_size, o->mem_latency, o->stall, o->seed,
                      o->export_trace, o->wave, o->wave_from, o->wave_to};
    if (!r.procs || !r.shms || !r.libs) {
        fprintf(err, "%s: error: out of memory\n", s->path);
        r.status = 2;
    } else {
        if (o->export_trace)
            fprintf(o->export_trace, "# exported by rvmmu scenario from %s\n", s->path);
        r.k = kern_new(&kc, msg, sizeof msg);
        if (!r.k) {
            fprintf(err, "%s: error: %s\n", s->path, msg);
            r.status = 2;
        }
    }
    for (size_t i = 0; r.k && i < s->nops && r.status != 2; i++)
        (void)run_op(&r, &s->ops[i]);
    if (r.k)
        sc_report(&r);
    if (t) {
        t->accesses += r.accesses;
        t->expectations += r.expectations;
        t->failed += r.failed;
        t->mismatches += r.mismatches;
        t->signals += r.nsignals;
    }
    kern_free(r.k);
    free(r.procs);
    free(r.shms);
    free(r.libs);
    free(r.signals);
    return r.status;
}

int scenario_run_file(const char *path, const sc_opts *o, FILE *out, FILE *err, sc_totals *t)
{
    scenario s;
    scenario_parse_file(path, &s);
    int rc = scenario_run(&s, o, out, err, t);
    scenario_free(&s);
    return rc;
}
