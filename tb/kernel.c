/* kernel.c -- the kernel side of the harness (see kernel.h). */
#include "kernel.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "trace.h"

/* A handler that "fixes" the same access this often without the RTL agreeing is a bug. */
#define MAX_RETRIES 3

struct kernel {
    physmem *mem;
    harness *h;
    os_sys *os;
    unsigned mode;
    int xlen;
    unsigned word_bytes;
    FILE *trace;
    ref_ctx shown;        /* satp and priv of the last access (as the exported trace has them) */
    int self_bare;
    kern_stats *stats;    /* per process id */
    size_t nstats;
    kern_stats self;
    char error[256];
};

const char *kern_outcome_name(kern_outcome o)
{
    switch (o) {
    case KERN_OK: return "ok";
    case KERN_DEMAND: return "demand";
    case KERN_COW: return "cow";
    case KERN_COW_REUSE: return "cow-reuse";
    case KERN_SEGV: return "segv";
    case KERN_OOM: return "oom";
    default: return "unknown";
    }
}

static const char *satp_mode_name(unsigned mode)
{
    switch (mode) {
    case RVMMU_MODE_SV32: return "sv32";
    case RVMMU_MODE_SV39: return "sv39";
    case RVMMU_MODE_SV48: return "sv48";
    case RVMMU_MODE_SV57: return "sv57";
    default: return "bare";
    }
}

static const char *priv_name(unsigned priv)
{
    return priv == RVMMU_PRIV_U ? "U" : priv == RVMMU_PRIV_M ? "M" : "S";
}

/* ------------------------------------------------------------------ */
/* Physical memory as the OS writes it, recorded for the export.       */
/* ------------------------------------------------------------------ */

/* Write bytes at pa; in the export, a `mem` line for the PTE-sized word if it changed. */
static int kern_mem_write(kernel *k, uint64_t pa, unsigned bytes, uint64_t val)
{
    uint64_t word = pa & ~(uint64_t)(k->word_bytes - 1), before = 0, after = 0;
    int known = k->trace && mem_read_pte(k->mem, word, k->word_bytes, &before) == 0;
    if (mem_write_pte(k->mem, pa, bytes, val) != 0)
        return -1;
    if (k->trace && mem_read_pte(k->mem, word, k->word_bytes, &after) == 0 && (!known || after != before))
        fprintf(k->trace, "mem 0x%" PRIx64 " 0x%" PRIx64 "\n", word, after);
    return 0;
}

static int os_mem_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val)
{
    kernel *k = opaque;
    return mem_read_pte(k->mem, pa, bytes, val);
}

static int os_mem_write(void *opaque, uint64_t pa, unsigned bytes, uint64_t val)
{
    return kern_mem_write(opaque, pa, bytes, val);
}

/* The TLB shootdown the OS asks for: SFENCE.VMA on the RTL (and in the export). */
static void os_tlb_flush(void *opaque, int has_va, uint64_t va, int has_asid, uint32_t asid)
{
    kernel *k = opaque;
    hs_sfence(k->h, !has_va, has_va ? va : 0, !has_asid, has_asid ? asid : 0);
    if (!k->trace)
        return;
    fputs("sfence", k->trace);
    if (has_va)
        fprintf(k->trace, " va=0x%" PRIx64, va);
    if (has_asid)
        fprintf(k->trace, " asid=%" PRIu32, asid);
    fputc('\n', k->trace);
}

/* ------------------------------------------------------------------ */
/* Construction.                                                       */
/* ------------------------------------------------------------------ */

kernel *kern_new(const kern_config *cfg, char *err, size_t errlen)
{
    kernel *k = calloc(1, sizeof *k);
    if (!k) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    k->mode = cfg->mode;
    k->xlen = cfg->mode == RVMMU_MODE_SV32 ? 32 : 64;
    k->word_bytes = (unsigned)k->xlen / 8;
    k->trace = cfg->trace;
    k->shown.mode = RVMMU_MODE_BARE;
    k->shown.priv = RVMMU_PRIV_S;
    k->mem = mem_new();
    if (!k->mem) {
        snprintf(err, errlen, "out of memory");
        kern_free(k);
        return NULL;
    }
    for (int i = 0; i < cfg->nram; i++)
        if (mem_add_ram(k->mem, cfg->ram[i].base, cfg->ram[i].size) != 0) {
            snprintf(err, errlen, "bad ram window 0x%" PRIx64, cfg->ram[i].base);
            kern_free(k);
            return NULL;
        }
    hs_config hc = {.xlen = k->xlen, .mem_latency = cfg->mem_latency ? cfg->mem_latency : 1,
                    .stall = cfg->stall, .seed = cfg->seed, .wave = cfg->wave,
                    .wave_from = cfg->wave_from, .wave_to = cfg->wave_to};
    k->h = hs_new(&hc, k->mem, err, errlen);
    if (!k->h) {
        kern_free(k);
        return NULL;
    }
    if (k->trace) {
        fprintf(k->trace, "tlbtrace 1\nmode %s\n", satp_mode_name(k->mode));
        for (int i = 0; i < cfg->nram; i++)
            fprintf(k->trace, "ram 0x%" PRIx64 " 0x%" PRIx64 "\n", cfg->ram[i].base, cfg->ram[i].size);
    }
    pt_mem pm = {os_mem_read, os_mem_write, k};
    os_tlb tlb = {os_tlb_flush, k};
    int e = PT_OK;
    k->os = os_create(cfg->mode, cfg->pool_base, cfg->pool_size, &pm, &tlb, &e);
    if (!k->os) {
        snprintf(err, errlen, "frame pool 0x%" PRIx64 " size 0x%" PRIx64 ": %s", cfg->pool_base,
                 cfg->pool_size, proc_strerror(e));
        kern_free(k);
        return NULL;
    }
    return k;
}

void kern_free(kernel *k)
{
    if (!k)
        return;
    os_destroy(k->os);
    hs_free(k->h);
    mem_free(k->mem);
    free(k->stats);
    free(k);
}

void kern_set_step(kernel *k, uint32_t step)
{
    hs_set_tag(k->h, step);
}

os_sys *kern_os(kernel *k)
{
    return k->os;
}

physmem *kern_physmem(kernel *k)
{
    return k->mem;
}

void kern_set_self_bare(kernel *k, int bare)
{
    k->self_bare = bare != 0;
}

const char *kern_error(const kernel *k)
{
    return k->error;
}

int kern_take_mismatch(kernel *k, char *buf, size_t len)
{
    return hs_take_mismatch(k->h, buf, len);
}

void kern_comment(kernel *k, const char *fmt, ...)
{
    va_list ap;
    if (!k->trace)
        return;
    fputs("# ", k->trace);
    va_start(ap, fmt);
    vfprintf(k->trace, fmt, ap);
    va_end(ap);
    fputc('\n', k->trace);
}

/* ------------------------------------------------------------------ */
/* Counters.                                                           */
/* ------------------------------------------------------------------ */

/* The counters of process id, grown on demand; NULL when the host is out of memory. */
static kern_stats *stats_of(kernel *k, int id)
{
    if (id < 0)
        return &k->self;
    if ((size_t)id >= k->nstats) {
        size_t n = (size_t)id + 8;
        kern_stats *s = realloc(k->stats, n * sizeof *s);
        if (!s)
            return NULL;
        memset(s + k->nstats, 0, (n - k->nstats) * sizeof *s);
        k->stats = s;
        k->nstats = n;
    }
    return &k->stats[id];
}

kern_stats kern_proc_stats(const kernel *k, int id)
{
    kern_stats z;
    if (id >= 0 && (size_t)id < k->nstats)
        return k->stats[id];
    memset(&z, 0, sizeof z);
    return z;
}

kern_stats kern_self_stats(const kernel *k)
{
    return k->self;
}

/* ------------------------------------------------------------------ */
/* Accesses.                                                           */
/* ------------------------------------------------------------------ */

/* Bring the exported trace's satp and priv to the context c. */
static void show_context(kernel *k, const ref_ctx *c)
{
    if (c->mode != k->shown.mode || c->asid != k->shown.asid || c->root_ppn != k->shown.root_ppn) {
        if (k->trace)
            fprintf(k->trace, "satp %s %" PRIu32 " 0x%" PRIx64 "\n", satp_mode_name(c->mode), c->asid,
                    c->root_ppn);
        k->shown.mode = c->mode;
        k->shown.asid = c->asid;
        k->shown.root_ppn = c->root_ppn;
    }
    if (c->priv != k->shown.priv) {
        if (k->trace)
            fprintf(k->trace, "priv %s\n", priv_name(c->priv));
        k->shown.priv = c->priv;
    }
}

static void show_translation(kernel *k, uint64_t va, unsigned acc, const hs_result *hr)
{
    if (!k->trace)
        return;
    if (hr->fault)
        fprintf(k->trace, "%s 0x%" PRIx64 " expect fault=%s\n", trace_acc_name(acc), va,
                trace_cause_name(hr->cause) ? trace_cause_name(hr->cause) : "unknown");
    else
        fprintf(k->trace, "%s 0x%" PRIx64 " expect pa=0x%" PRIx64 "\n", trace_acc_name(acc), va, hr->pa);
}

static unsigned access_fault_cause(unsigned acc)
{
    return acc == RVMMU_ACC_STORE ? RVMMU_CAUSE_STORE_ACCESS
         : acc == RVMMU_ACC_FETCH ? RVMMU_CAUSE_FETCH_ACCESS : RVMMU_CAUSE_LOAD_ACCESS;
}

int kern_handle_fault(kernel *k, proc *p, uint64_t va, unsigned acc, unsigned cause, proc_fault_info *fi)
{
    int e = proc_fault(p, va, acc, cause, fi);
    if (e != PT_OK) {
        snprintf(k->error, sizeof k->error, "fault handler at 0x%" PRIx64 ": %s", va, proc_strerror(e));
        return -1;
    }
    kern_stats *st = stats_of(k, proc_id(p));
    if (!st) {
        snprintf(k->error, sizeof k->error, "out of memory");
        return -1;
    }
    switch (fi->kind) {
    case PROC_FAULT_DEMAND: st->demand++; break;
    case PROC_FAULT_COW_COPY: st->cow++; break;
    case PROC_FAULT_COW_REUSE: st->cow_reuse++; break;
    case PROC_FAULT_OOM: st->oom++; break;
    default: st->segv++; break;
    }
    return 0;
}

/* The data access at the translated PA; 0 ok, -1 a bus error (outside ram). */
static int data_access(kernel *k, uint64_t pa, unsigned acc, uint64_t value, uint64_t *out)
{
    if (acc == RVMMU_ACC_STORE) {
        *out = value;
        return kern_mem_write(k, pa, k->word_bytes, value);
    }
    return mem_read_pte(k->mem, pa, acc == RVMMU_ACC_FETCH ? 4 : k->word_bytes, out);
}

int kern_access(kernel *k, proc *p, uint64_t va, unsigned acc, uint64_t value, kern_result *r)
{
    ref_ctx c = k->shown;
    memset(r, 0, sizeof *r);
    if (p) {
        if (!proc_alive(p)) {
            snprintf(k->error, sizeof k->error, "process %s has exited", proc_name(p));
            return -1;
        }
        c.mode = k->mode;
        c.asid = proc_asid(p);
        c.root_ppn = proc_root_ppn(p);
        c.priv = RVMMU_PRIV_U;
    } else if (k->self_bare) {
        c.mode = RVMMU_MODE_BARE;
        c.asid = 0;
        c.root_ppn = 0;
        c.priv = RVMMU_PRIV_S;
    } else {
        c.priv = RVMMU_PRIV_M;   /* satp stays as it is: M mode ignores it */
    }
    c.sum = c.mxr = c.adue = 0;
    kern_stats *st = stats_of(k, p ? proc_id(p) : -1);
    if (!st) {
        snprintf(k->error, sizeof k->error, "out of memory");
        return -1;
    }
    st->accesses++;
    for (int attempt = 0; attempt <= MAX_RETRIES; attempt++) {
        hs_result hr;
        show_context(k, &c);
        if (hs_translate(k->h, &c, va, acc, &hr) != 0) {
            snprintf(k->error, sizeof k->error, "the RTL gave no response (hang): %s", hs_hang_report(k->h));
            return -1;
        }
        show_translation(k, va, acc, &hr);
        r->translations++;
        r->cycles += hr.cycles;
        st->translations++;
        st->cycles += hr.cycles;
        if (hr.hit) {
            r->hits++;
            st->hits++;
        } else if (hr.bypass) {
            r->bypasses++;
            st->bypasses++;
        } else {
            r->misses++;
            st->misses++;
        }
        if (!hr.fault) {
            r->pa = hr.pa;
            if (data_access(k, hr.pa, acc, value, &r->value) != 0) {
                /* No memory there: the access faults like a PMA violation (Linux: SIGSEGV, SEGV_ACCERR). */
                r->outcome = KERN_SEGV;
                r->si.addr = va;
                r->si.acc = acc;
                r->si.cause = access_fault_cause(acc);
                r->si.code = PROC_SEGV_ACCERR;
                st->segv++;
            }
            return 0;
        }
        r->si.addr = va;
        r->si.acc = acc;
        r->si.cause = hr.cause;
        r->si.code = PROC_SEGV_ACCERR;
        if (!p) {                /* the kernel's own access cannot fault in M mode or Bare */
            r->outcome = KERN_SEGV;
            st->segv++;
            return 0;
        }
        proc_fault_info fi;
        if (kern_handle_fault(k, p, va, acc, hr.cause, &fi) != 0)
            return -1;
        r->si.code = fi.code;
        switch (fi.kind) {
        case PROC_FAULT_DEMAND:
            if (r->outcome == KERN_OK) r->outcome = KERN_DEMAND;
            break;
        case PROC_FAULT_COW_COPY:
            if (r->outcome == KERN_OK) r->outcome = KERN_COW;
            break;
        case PROC_FAULT_COW_REUSE:
            if (r->outcome == KERN_OK) r->outcome = KERN_COW_REUSE;
            break;
        case PROC_FAULT_OOM:
            r->outcome = KERN_OOM;
            return 0;
        default:
            r->outcome = KERN_SEGV;
            return 0;
        }
    }
    snprintf(k->error, sizeof k->error, "the fault at 0x%" PRIx64 " was still there after %d fixes", va,
             MAX_RETRIES + 1);
    return -1;
}
