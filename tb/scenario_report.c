/* scenario_report.c -- the report of a scenario run (see scenario_run.h):
 * per process its accesses, translations and faults, then the signals, the
 * memory in use and what sharing saved. */
#include "scenario_run.h"

#include <inttypes.h>
#include <string.h>

#include "lex.h"
#include "pt.h"
#include "trace.h"

const char *sc_who(const runner *r, int pidx)
{
    return pidx < 0 ? "kernel" : r->s->procs[pidx];
}

const char *sc_cause_name(unsigned cause)
{
    const char *n = trace_cause_name(cause);
    return n ? n : "unknown_fault";
}

static const char *plural(uint64_t n)
{
    return n == 1 ? "" : "s";
}

static const char *signal_code_name(int code)
{
    return code == PROC_SEGV_MAPERR ? "SEGV_MAPERR" : "SEGV_ACCERR";
}

void sc_report(const runner *r)
{
    FILE *out = r->out;
    const scenario *s = r->s;
    const char *base = strrchr(s->path, '/');
    base = base ? base + 1 : s->path;
    fprintf(out, "== %s (%s): %lu accesses, %lu expectations, %lu failed%s%s\n", base, lex_mode_name(s->mode),
            r->accesses, r->expectations, r->failed, r->mismatches ? ", scoreboard mismatches" : "",
            r->status == 2 ? ", stopped by an error" : "");
    fprintf(out, "  %-12s %5s %6s %6s %5s %5s %6s | %6s %4s %5s %4s %4s | %5s %7s %6s %6s\n", "process", "asid",
            "access", "transl", "hit", "miss", "bypass", "demand", "cow", "reuse", "segv", "oom", "pages", "private",
            "shared", "tables");
    for (int i = 0; i < s->nprocs; i++) {
        const proc *p = r->procs[i];
        if (!p)
            continue;
        kern_stats ks = kern_proc_stats(r->k, proc_id(p));
        proc_frames pf;
        proc_frame_stats(p, &pf);
        fprintf(out, "  %-12s %5" PRIu32 " %6lu %6lu %5lu %5lu %6lu | %6lu %4lu %5lu %4lu %4lu | ", proc_name(p),
                proc_asid(p), ks.accesses, ks.translations, ks.hits, ks.misses, ks.bypasses, ks.demand, ks.cow,
                ks.cow_reuse, ks.segv, ks.oom);
        if (proc_alive(p))
            fprintf(out, "%5" PRIu64 " %7" PRIu64 " %6" PRIu64 " %6" PRIu64 "\n", pf.pages, pf.private_frames,
                    pf.shared_frames, pf.table_frames);
        else
            fprintf(out, "%5s %7s %6s %6s\n", "exited", "-", "-", "-");
    }
    kern_stats self = kern_self_stats(r->k);
    if (self.accesses)
        fprintf(out, "  %-12s %5s %6lu %6lu %5lu %5lu %6lu | %6s %4s %5s %4lu %4s | %5s %7s %6s %6s\n", "kernel", "-",
                self.accesses, self.translations, self.hits, self.misses, self.bypasses, "-", "-", "-", self.segv, "-",
                "-", "-", "-", "-");
    for (size_t i = 0; i < r->nsignals; i++) {
        const signal_note *n = &r->signals[i];
        if (n->outcome == KERN_OOM)
            fprintf(out, "  line %d: %s: out of memory at 0x%" PRIx64 " (%s): the access cannot complete\n", n->line,
                    sc_who(r, n->pidx), n->si.addr, trace_acc_name(n->si.acc));
        else
            fprintf(out, "  line %d: %s: SIGSEGV addr=0x%" PRIx64 " %s cause=%u (%s) %s\n", n->line, sc_who(r, n->pidx),
                    n->si.addr, trace_acc_name(n->si.acc), n->si.cause, sc_cause_name(n->si.cause),
                    signal_code_name(n->si.code));
    }
    os_frames of;
    os_frame_stats(kern_os(r->k), &of);
    uint64_t saved = of.mappings - of.mapped_frames;
    uint64_t total = pool_frame_count(os_pool(kern_os(r->k)));
    fprintf(out, "  memory: %" PRIu64 " data frame%s (%" PRIu64 " mapped, %" PRIu64 " of them shared), %" PRIu64
                 " page-table frame%s, %" PRIu64 " of %" PRIu64 " frames free\n",
            of.data_frames, plural(of.data_frames), of.mapped_frames, of.shared_frames, of.table_frames,
            plural(of.table_frames), of.free_frames, total);
    fprintf(out, "  sharing: %" PRIu64 " page mapping%s on %" PRIu64 " frame%s; private copies would need %" PRIu64
                 " frame%s: sharing saves %" PRIu64 " frame%s (%" PRIu64 " KiB)\n",
            of.mappings, plural(of.mappings), of.mapped_frames, plural(of.mapped_frames), of.mappings,
            plural(of.mappings), saved, plural(saved), saved * (PT_FRAME_SIZE / 1024));
}
