/* trace.c -- parser for the tlbtrace format (docs/tlbtrace.md, versions 1
 * and 2: version 2 adds the hypervisor extension's directives, each an
 * error in a trace that does not begin with `tlbtrace 2`).
 *
 * The whole input is parsed line by line; the first malformed line stops the
 * parse with t->error = 1, t->error_line and a "FILE:LINE: error: ..." message
 * that names the offending token.  Ops parsed before that line are kept.
 * The parser never reads past text[len] and does not need a NUL terminator.
 *
 * Decisions where the spec leaves room:
 *  - `mode` is required before mem, check, satp and the accesses.  `priv`,
 *    `sum`, `mxr`, `adue` and a bare `sfence` may come before it; an `sfence`
 *    with `va=` or `asid=` needs the mode first, since their width depends on it.
 *  - `ram` windows given before `mode` are checked against the physical address
 *    width when the `mode` line arrives (the error is reported on that line).
 *  - Every number (including the `tlbtrace` version and the 0/1 of sum, mxr,
 *    adue) follows the lexical number rules, so `sum 0x1` is `sum 1`.
 *  - `#` starts a comment anywhere on a line, even inside a token.  Comments may
 *    hold any byte except NUL; outside comments only printable ASCII, spaces and
 *    tabs are allowed.  A single `\r` before the `\n` (or at end of input) is
 *    dropped.
 *  - The fault named by `expect fault=NAME` need not match the access kind, and
 *    `satp bare ASID PPN` may carry nonzero fields (widths are still checked).
 */
#include "trace.h"
#include "lex.h"
#include "pmp.h"
#include "rvmmu_defs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_RAM_BASE 0x80000000u
#define DEFAULT_RAM_SIZE 0x10000000u

#define MAXTOK 8          /* tokens kept per line; more only matter as "extra" */

typedef struct {
    trace *t;
    lex_src src;           /* the file name, the current line, where errors go */
    int mode_line;         /* line of the first `mode`, 0 if none */
    int first_use_line;    /* line of the first mem/check/access, 0 if none */
    int *ram_lines;        /* line of each t->ram entry */
    size_t ram_cap, ops_cap;
    /* derived from the mode */
    unsigned pabits, vabits, asidbits, ppnbits, ptebits;
    /* version 2: the state the accesses are checked against */
    int virt;              /* the last `virt` value */
    int priv_m;            /* the last `priv` was M */
} pstate;

/* ------------------------------------------------------------------ names */

/* The guest-page faults' names (version 2 only). */
static const struct {
    const char *name;
    unsigned cause;
} guest_causes[] = {
    {"instruction_guest_page_fault", TR_CAUSE_FETCH_GUEST_PAGE},
    {"load_guest_page_fault", TR_CAUSE_LOAD_GUEST_PAGE},
    {"store_guest_page_fault", TR_CAUSE_STORE_GUEST_PAGE},
};
#define NGUEST (sizeof guest_causes / sizeof guest_causes[0])

const char *trace_cause_name(unsigned cause)
{
    const char *n = lex_cause_name(cause);
    for (size_t i = 0; !n && i < NGUEST; i++)
        if (guest_causes[i].cause == cause)
            n = guest_causes[i].name;
    return n;
}

int trace_cause_is_guest(unsigned cause)
{
    return cause == TR_CAUSE_FETCH_GUEST_PAGE || cause == TR_CAUSE_LOAD_GUEST_PAGE ||
           cause == TR_CAUSE_STORE_GUEST_PAGE;
}

const char *trace_op_name(const tr_op *op)
{
    switch (op->hyp) {
    case TR_HYP_HLV: return "hlv";
    case TR_HYP_HLVX: return "hlvx";
    case TR_HYP_HSV: return "hsv";
    default: return trace_acc_name(op->acc);
    }
}

const char *trace_op_keyword(const tr_op *op)
{
    switch (op->kind) {
    case TR_MEM: return "mem";
    case TR_CHECK: return "check";
    case TR_SATP: return "satp";
    case TR_PRIV: return "priv";
    case TR_SUM: return "sum";
    case TR_MXR: return "mxr";
    case TR_ADUE: return "adue";
    case TR_SFENCE: return "sfence";
    case TR_ACCESS: return trace_op_name(op);
    case TR_PMP: return "pmp";
    case TR_HGATP: return "hgatp";
    case TR_VSATP: return "vsatp";
    case TR_VIRT: return "virt";
    case TR_VSUM: return "vsum";
    case TR_VMXR: return "vmxr";
    case TR_VADUE: return "vadue";
    case TR_SPVP: return "spvp";
    case TR_HFENCE_VVMA: return "hfence.vvma";
    case TR_HFENCE_GVMA: return "hfence.gvma";
    }
    return "?";
}

int trace_op_is_hyp(const tr_op *op)
{
    return op->kind >= TR_HGATP || (op->kind == TR_ACCESS && op->hyp != TR_HYP_NONE);
}

/* Never NULL: an unknown kind is "unknown". */
const char *trace_acc_name(unsigned acc)
{
    switch (acc) {
    case RVMMU_ACC_LOAD: return "load";
    case RVMMU_ACC_STORE: return "store";
    case RVMMU_ACC_FETCH: return "fetch";
    default: return "unknown";
    }
}

/* 4 for XLEN 32, 8 for XLEN 64, 0 for anything else (no mode line). */
unsigned trace_pte_bytes(int xlen)
{
    return xlen == 32 ? 4u : xlen == 64 ? 8u : 0u;
}

void trace_free(trace *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->ram);
    free(t->ops);
    memset(t, 0, sizeof *t);
}

/* ---------------------------------------------------------------- helpers */

/* Record an error at the current line: "FILE:LINE: error: ..."; returns -1. */
#define fail(p, ...) lex_fail(&(p)->src, __VA_ARGS__)

static int oom(pstate *p)
{
    return fail(p, "out of memory");
}

/* --------------------------------------------------------------- numbers */

/* Parse number token t for argument `what` of directive `dir`. */
#define get_num(p, dir, what, t, out) lex_get_num(&(p)->src, dir, what, t, out)

/* ------------------------------------------------------------ containers */

static int push_op(pstate *p, const tr_op *op)
{
    trace *t = p->t;
    if (t->nops == p->ops_cap) {
        size_t cap = p->ops_cap ? p->ops_cap * 2 : 64;
        tr_op *n;
        if (cap > SIZE_MAX / sizeof *n)
            return oom(p);
        n = realloc(t->ops, cap * sizeof *n);
        if (!n)
            return oom(p);
        t->ops = n;
        p->ops_cap = cap;
    }
    t->ops[t->nops++] = *op;
    return 0;
}

static int push_ram(pstate *p, uint64_t base, uint64_t size, int line)
{
    trace *t = p->t;
    if (t->nram == p->ram_cap) {
        size_t cap = p->ram_cap ? p->ram_cap * 2 : 4;
        tr_ram *n;
        int *l;
        if (cap > SIZE_MAX / sizeof *n)
            return oom(p);
        n = realloc(t->ram, cap * sizeof *n);
        if (!n)
            return oom(p);
        t->ram = n;
        l = realloc(p->ram_lines, cap * sizeof *l);
        if (!l)
            return oom(p);
        p->ram_lines = l;
        p->ram_cap = cap;
    }
    t->ram[t->nram].base = base;
    t->ram[t->nram].size = size;
    p->ram_lines[t->nram] = line;
    t->nram++;
    return 0;
}

static int in_ram(const trace *t, uint64_t pa, unsigned bytes)
{
    for (size_t i = 0; i < t->nram; i++) {
        uint64_t b = t->ram[i].base, s = t->ram[i].size;
        if (pa >= b && pa - b < s && s - (pa - b) >= bytes)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ directives */

static int need_mode(pstate *p, const char *dir)
{
    if (p->t->mode)
        return 0;
    return fail(p, "'%s' before any 'mode' line (a 'mode sv32|sv39|sv48|sv57' line must come first)", dir);
}

/* A version 2 directive (the hypervisor extension) needs `tlbtrace 2` first. */
static int need_v2(pstate *p, const char *dir)
{
    if (p->t->version != 2)
        return fail(p, "'%s' is a tlbtrace version 2 directive (the hypervisor extension): the trace must begin with 'tlbtrace 2'",
                    dir);
    if (!p->t->hyp_line)
        p->t->hyp_line = p->src.line;
    return 0;
}

/* The first mem, check or access: no more `ram`; the default window if none. */
static int first_use(pstate *p)
{
    if (p->first_use_line)
        return 0;
    p->first_use_line = p->src.line;
    if (p->t->nram == 0)
        return push_ram(p, DEFAULT_RAM_BASE, DEFAULT_RAM_SIZE, 0);
    return 0;
}

static int d_tlbtrace(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    uint64_t v;
    (void)d, (void)ntok;
    if (get_num(p, "tlbtrace", "VERSION", tk[1], &v))
        return -1;
    if (v != 1 && v != 2)
        return fail(p, "'tlbtrace': unsupported version '" LEX_TOKF "' (this parser reads versions 1 and 2)", LEX_TOKA(tk[1]));
    p->t->version = (int)v;
    return 0;
}

static int d_mode(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    trace *t = p->t;
    unsigned m;
    (void)d, (void)ntok;
    if (!lex_paged_mode(tk[1], &m))
        return fail(p, "'mode': unknown mode '" LEX_TOKF "' (expected sv32, sv39, sv48 or sv57)", LEX_TOKA(tk[1]));
    if (t->mode) {
        if (t->mode != m)
            return fail(p, "'mode " LEX_TOKF "' differs from 'mode %s' on line %d: the mode cannot change",
                        LEX_TOKA(tk[1]), lex_mode_name(t->mode), p->mode_line);
        return 0;
    }
    if (m == RVMMU_MODE_SV32) {
        p->pabits = 34; p->vabits = 32; p->asidbits = 9; p->ppnbits = 22; p->ptebits = 32;
    } else {
        p->pabits = 56; p->vabits = 64; p->asidbits = 16; p->ppnbits = 44; p->ptebits = 64;
    }
    /* windows given before the mode: check them now */
    for (size_t i = 0; i < t->nram; i++)
        if (!lex_window_fits(t->ram[i].base, t->ram[i].size, p->pabits))
            return fail(p, "'mode " LEX_TOKF "': ram window 0x%llx size 0x%llx (line %d) does not fit the %u-bit physical address space",
                        LEX_TOKA(tk[1]), (unsigned long long)t->ram[i].base, (unsigned long long)t->ram[i].size,
                        p->ram_lines[i], p->pabits);
    t->mode = m;
    t->xlen = m == RVMMU_MODE_SV32 ? 32 : 64;
    p->mode_line = p->src.line;
    return 0;
}

static int d_ram(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    uint64_t base, size;
    (void)d, (void)ntok;
    if (p->first_use_line)
        return fail(p, "'ram' after the first mem, check or access (line %d): ram windows must come first",
                    p->first_use_line);
    if (get_num(p, "ram", "BASE", tk[1], &base) || get_num(p, "ram", "SIZE", tk[2], &size))
        return -1;
    if (size == 0)
        return fail(p, "'ram': SIZE '" LEX_TOKF "' is zero", LEX_TOKA(tk[2]));
    if (base + size < base)
        return fail(p, "'ram': window BASE '" LEX_TOKF "' SIZE '" LEX_TOKF "' wraps around the end of the address space",
                    LEX_TOKA(tk[1]), LEX_TOKA(tk[2]));
    if (p->t->mode && !lex_window_fits(base, size, p->pabits))
        return fail(p, "'ram': window BASE '" LEX_TOKF "' SIZE '" LEX_TOKF "' does not fit the %u-bit physical address space of %s",
                    LEX_TOKA(tk[1]), LEX_TOKA(tk[2]), p->pabits, lex_mode_name(p->t->mode));
    return push_ram(p, base, size, p->src.line);
}

/* mem and check (d->arg 1). */
static int d_mem(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    int check = d->arg;
    const char *dir = d->keyword;
    unsigned bytes;
    uint64_t pa, val;
    tr_op op;
    (void)ntok;
    if (need_mode(p, dir))
        return -1;
    if (get_num(p, dir, "PA", tk[1], &pa) || get_num(p, dir, "VALUE", tk[2], &val))
        return -1;
    if (first_use(p))
        return -1;
    bytes = p->ptebits / 8;
    if (pa % bytes)
        return fail(p, "'%s': PA " LEX_TOKF " is not aligned to the %u-byte PTE size of %s", dir, LEX_TOKA(tk[1]), bytes,
                    lex_mode_name(p->t->mode));
    if (!in_ram(p->t, pa, bytes))
        return fail(p, "'%s': PA " LEX_TOKF " is outside every ram window", dir, LEX_TOKA(tk[1]));
    if (!lex_fits(val, p->ptebits))
        return fail(p, "'%s': VALUE " LEX_TOKF " wider than %u bits (the PTE size of %s)", dir, LEX_TOKA(tk[2]),
                    p->ptebits, lex_mode_name(p->t->mode));
    memset(&op, 0, sizeof op);
    op.kind = check ? TR_CHECK : TR_MEM;
    op.line = p->src.line;
    op.a = pa;
    op.b = val;
    return push_op(p, &op);
}

static int d_satp(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    const char *dir = d->keyword;   /* satp, or (version 2) vsatp: the same fields */
    unsigned m;
    uint64_t asid, ppn;
    tr_op op;
    (void)ntok;
    if (d->arg == TR_VSATP && need_v2(p, dir))
        return -1;
    if (need_mode(p, dir))
        return -1;
    if (lex_eq(tk[1], "bare"))
        m = RVMMU_MODE_BARE;
    else if (!lex_paged_mode(tk[1], &m))
        return fail(p, "'%s': unknown MODE '" LEX_TOKF "' (expected %s)", dir, LEX_TOKA(tk[1]),
                    p->t->xlen == 32 ? "bare or sv32" : "bare, sv39, sv48 or sv57");
    else if ((m == RVMMU_MODE_SV32) != (p->t->xlen == 32))
        return fail(p, "'%s': MODE '" LEX_TOKF "' is not an RV%d mode (the trace is 'mode %s'; expected %s)",
                    dir, LEX_TOKA(tk[1]), p->t->xlen, lex_mode_name(p->t->mode),
                    p->t->xlen == 32 ? "bare or sv32" : "bare, sv39, sv48 or sv57");
    if (get_num(p, dir, "ASID", tk[2], &asid) || get_num(p, dir, "PPN", tk[3], &ppn))
        return -1;
    if (!lex_fits(asid, p->asidbits))
        return fail(p, "'%s': ASID " LEX_TOKF " wider than %u bits (RV%d)", dir, LEX_TOKA(tk[2]), p->asidbits, p->t->xlen);
    if (!lex_fits(ppn, p->ppnbits))
        return fail(p, "'%s': PPN " LEX_TOKF " wider than %u bits (RV%d)", dir, LEX_TOKA(tk[3]), p->ppnbits, p->t->xlen);
    memset(&op, 0, sizeof op);
    op.kind = (tr_kind)d->arg;
    op.line = p->src.line;
    op.mode = m;
    op.asid = (uint32_t)asid;
    op.ppn = ppn;
    return push_op(p, &op);
}

static int d_priv(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    tr_op op;
    (void)d, (void)ntok;
    memset(&op, 0, sizeof op);
    if (lex_eq(tk[1], "U"))
        op.val = RVMMU_PRIV_U;
    else if (lex_eq(tk[1], "S"))
        op.val = RVMMU_PRIV_S;
    else if (lex_eq(tk[1], "M"))
        op.val = RVMMU_PRIV_M;
    else
        return fail(p, "'priv': unknown privilege '" LEX_TOKF "' (expected U, S or M)", LEX_TOKA(tk[1]));
    if (op.val == RVMMU_PRIV_M && p->virt)
        return fail(p, "'priv M' while 'virt 1': M-mode always runs with V=0 (write 'virt 0' first)");
    p->priv_m = op.val == RVMMU_PRIV_M;
    op.kind = TR_PRIV;
    op.line = p->src.line;
    return push_op(p, &op);
}

/* sum, mxr and adue: d->arg is the tr_kind. */
static int d_flag(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    const char *dir = d->keyword;
    uint64_t v;
    tr_op op;
    (void)ntok;
    if (get_num(p, dir, "value", tk[1], &v))
        return -1;
    if (v > 1)
        return fail(p, "'%s': value '" LEX_TOKF "' must be 0 or 1", dir, LEX_TOKA(tk[1]));
    memset(&op, 0, sizeof op);
    op.kind = (tr_kind)d->arg;
    op.line = p->src.line;
    op.val = (unsigned)v;
    return push_op(p, &op);
}

/* hgatp MODE VMID PPN (version 2): the G-stage's CSR (chapter "Hypervisor
 * Extension", "Hypervisor Guest Address Translation and Protection (hgatp)
 * Register"). MODE bare, sv32x4 (RV32) or sv39x4/sv48x4/sv57x4 (RV64); VMID
 * at most VMIDMAX bits (7 RV32, 14 RV64); with Bare "the remaining fields in
 * hgatp must be set to zeros". PPN's low two bits are accepted: the register
 * reads them as zero, and so the walk takes them. */
static int d_hgatp(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    static const struct {
        const char *name;
        unsigned mode;
    } x4[] = {{"sv32x4", RVMMU_MODE_SV32}, {"sv39x4", RVMMU_MODE_SV39}, {"sv48x4", RVMMU_MODE_SV48},
              {"sv57x4", RVMMU_MODE_SV57}};
    pstate *p = ctx;
    const char *modes = p->t->xlen == 32 ? "bare or sv32x4" : "bare, sv39x4, sv48x4 or sv57x4";
    unsigned m = RVMMU_MODE_BARE, vmidbits;
    uint64_t vmid, ppn;
    int found = lex_eq(tk[1], "bare");
    tr_op op;
    (void)d, (void)ntok;
    if (need_v2(p, "hgatp") || need_mode(p, "hgatp"))
        return -1;
    for (size_t i = 0; !found && i < sizeof x4 / sizeof x4[0]; i++)
        if (lex_eq(tk[1], x4[i].name)) {
            m = x4[i].mode;
            found = 1;
        }
    if (!found)
        return fail(p, "'hgatp': unknown MODE '" LEX_TOKF "' (expected %s)", LEX_TOKA(tk[1]), modes);
    if (m != RVMMU_MODE_BARE && (m == RVMMU_MODE_SV32) != (p->t->xlen == 32))
        return fail(p, "'hgatp': MODE '" LEX_TOKF "' is not an RV%d mode (the trace is 'mode %s'; expected %s)",
                    LEX_TOKA(tk[1]), p->t->xlen, lex_mode_name(p->t->mode), modes);
    if (get_num(p, "hgatp", "VMID", tk[2], &vmid) || get_num(p, "hgatp", "PPN", tk[3], &ppn))
        return -1;
    vmidbits = p->t->xlen == 32 ? 7 : 14;
    if (!lex_fits(vmid, vmidbits))
        return fail(p, "'hgatp': VMID " LEX_TOKF " wider than %u bits (VMIDMAX, RV%d)", LEX_TOKA(tk[2]), vmidbits,
                    p->t->xlen);
    if (!lex_fits(ppn, p->ppnbits))
        return fail(p, "'hgatp': PPN " LEX_TOKF " wider than %u bits (RV%d)", LEX_TOKA(tk[3]), p->ppnbits, p->t->xlen);
    if (m == RVMMU_MODE_BARE && (vmid || ppn))
        return fail(p, "'hgatp bare': VMID and PPN must be 0 (\"the remaining fields in hgatp must be set to zeros\")");
    memset(&op, 0, sizeof op);
    op.kind = TR_HGATP;
    op.line = p->src.line;
    op.mode = m;
    op.asid = (uint32_t)vmid;
    op.ppn = ppn;
    return push_op(p, &op);
}

/* virt, vsum, vmxr, vadue, spvp (version 2): d->arg is the tr_kind. */
static int d_hflag(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok);

/* hfence.vvma [va=VA] [asid=ASID], hfence.gvma [gpa=GPA] [vmid=VMID] (version 2). */
static int d_hfence(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    const char *dir = d->keyword;
    int gvma = d->arg == TR_HFENCE_GVMA;
    const char *addr_key = gvma ? "gpa=" : "va=", *id_key = gvma ? "vmid=" : "asid=";
    unsigned addr_bits = gvma ? (p->t->xlen == 32 ? 34u : 64u) : p->vabits;
    unsigned id_bits = gvma ? (p->t->xlen == 32 ? 7u : 14u) : p->asidbits;
    tr_op op;
    if (need_v2(p, dir) || need_mode(p, dir))
        return -1;
    memset(&op, 0, sizeof op);
    op.kind = (tr_kind)d->arg;
    op.line = p->src.line;
    for (size_t i = 1; i < ntok; i++) {
        lex_tok rest;
        uint64_t v;
        int is_addr = lex_prefix(tk[i], addr_key, &rest);
        if (!is_addr && !lex_prefix(tk[i], id_key, &rest))
            return fail(p, "'%s': unexpected token '" LEX_TOKF "' (expected %sADDR and/or %sID)", dir, LEX_TOKA(tk[i]),
                        addr_key, id_key);
        if (is_addr ? op.has_va : op.has_asid)
            return fail(p, "'%s': '%s' given twice ('" LEX_TOKF "')", dir, is_addr ? addr_key : id_key, LEX_TOKA(tk[i]));
        if (get_num(p, dir, is_addr ? (gvma ? "GPA" : "VA") : (gvma ? "VMID" : "ASID"), rest, &v))
            return -1;
        if (!lex_fits(v, is_addr ? addr_bits : id_bits))
            return fail(p, "'%s': " LEX_TOKF " wider than %u bits", dir, LEX_TOKA(tk[i]), is_addr ? addr_bits : id_bits);
        if (is_addr) {
            op.has_va = 1;
            op.a = v;
        } else {
            op.has_asid = 1;
            op.asid = (uint32_t)v;
        }
    }
    return push_op(p, &op);
}

static int d_hflag(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    if (need_v2(p, d->keyword))
        return -1;
    if (d->arg == TR_VIRT) {
        uint64_t v;
        if (get_num(p, "virt", "value", tk[1], &v))
            return -1;
        if (v == 1 && p->priv_m)
            return fail(p, "'virt 1' while 'priv M': M-mode always runs with V=0 (write 'priv S' or 'priv U' first)");
        if (v <= 1)
            p->virt = (int)v;
    }
    return d_flag(ctx, d, tk, ntok);
}

static int d_sfence(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    tr_op op;
    (void)d;
    memset(&op, 0, sizeof op);
    op.kind = TR_SFENCE;
    op.line = p->src.line;
    for (size_t i = 1; i < ntok; i++) {
        lex_tok rest;
        uint64_t v;
        if (i >= MAXTOK) /* unreachable: a third argument is always a repeat or unknown */
            return fail(p, "'sfence': too many arguments");
        if (lex_prefix(tk[i], "va=", &rest)) {
            if (op.has_va)
                return fail(p, "'sfence': 'va=' given twice ('" LEX_TOKF "')", LEX_TOKA(tk[i]));
            if (!p->t->mode)
                return fail(p, "'sfence " LEX_TOKF "' before any 'mode' line (the VA width depends on the mode)",
                            LEX_TOKA(tk[i]));
            if (get_num(p, "sfence", "VA", rest, &v))
                return -1;
            if (!lex_fits(v, p->vabits))
                return fail(p, "'sfence': VA " LEX_TOKF " wider than %u bits (%s)", LEX_TOKA(rest), p->vabits,
                            lex_mode_name(p->t->mode));
            op.has_va = 1;
            op.a = v;
        } else if (lex_prefix(tk[i], "asid=", &rest)) {
            if (op.has_asid)
                return fail(p, "'sfence': 'asid=' given twice ('" LEX_TOKF "')", LEX_TOKA(tk[i]));
            if (!p->t->mode)
                return fail(p, "'sfence " LEX_TOKF "' before any 'mode' line (the ASID width depends on the mode)",
                            LEX_TOKA(tk[i]));
            if (get_num(p, "sfence", "ASID", rest, &v))
                return -1;
            if (!lex_fits(v, p->asidbits))
                return fail(p, "'sfence': ASID " LEX_TOKF " wider than %u bits (RV%d)", LEX_TOKA(rest), p->asidbits,
                            p->t->xlen);
            op.has_asid = 1;
            op.asid = (uint32_t)v;
        } else {
            return fail(p, "'sfence': unexpected token '" LEX_TOKF "' (expected va=VA and/or asid=ASID)", LEX_TOKA(tk[i]));
        }
    }
    return push_op(p, &op);
}

/* A guest-page fault's name (version 2 only; in version 1 it is unknown). */
static int guest_cause(pstate *p, lex_tok t, unsigned *cause)
{
    if (p->t->version != 2)
        return 0;
    for (size_t i = 0; i < NGUEST; i++)
        if (lex_eq(t, guest_causes[i].name)) {
            *cause = guest_causes[i].cause;
            if (!p->t->hyp_line)
                p->t->hyp_line = p->src.line;
            return 1;
        }
    return 0;
}

/* After fault=NAME_guest_page_fault: gpa=GPA (required), then implicit=read|write (optional). */
static int expect_gpa(pstate *p, const char *dir, const lex_tok *tk, size_t ntok, size_t *used, tr_expect *e)
{
    lex_tok rest;
    size_t k = *used;
    unsigned bits = p->t->xlen == 32 ? 34 : 64;
    if (ntok <= k || !lex_prefix(tk[k], "gpa=", &rest))
        return fail(p, "'%s': a guest-page fault's expected result names its guest physical address (fault=NAME gpa=GPA "
                    "[implicit=read|write])", dir);
    if (get_num(p, dir, "expected gpa", rest, &e->gpa))
        return -1;
    if (!lex_fits(e->gpa, bits))
        return fail(p, "'%s': expected gpa " LEX_TOKF " wider than %u bits", dir, LEX_TOKA(rest), bits);
    e->has_gpa = 1;
    k++;
    if (ntok > k && lex_prefix(tk[k], "implicit=", &rest)) {
        if (lex_eq(rest, "read"))
            e->implicit = TR_GPF_READ;
        else if (lex_eq(rest, "write"))
            e->implicit = TR_GPF_WRITE;
        else
            return fail(p, "'%s': unknown '" LEX_TOKF "' (expected implicit=read or implicit=write)", dir, LEX_TOKA(tk[k]));
        k++;
    }
    *used = k;
    return 0;
}

/* load, store and fetch: d->arg is the access kind; hlv, hlvx and hsv
 * (version 2): the kind plus TR_HYP_* << 4. */
static int d_access(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    unsigned acc = (unsigned)d->arg & 0xfu;
    int hyp = d->arg >> 4;       /* TR_HYP_*: hlv, hlvx, hsv (version 2) */
    const char *dir = d->keyword, *usage = d->usage;
    uint64_t va;
    lex_tok rest;
    size_t used;
    tr_op op;

    if (hyp && need_v2(p, dir))
        return -1;
    if (need_mode(p, dir))
        return -1;
    if (hyp && p->virt)
        return fail(p, "'%s' while 'virt 1': HLV, HLVX and HSV in VS- or VU-mode raise a virtual-instruction "
                    "exception, no translation", dir);
    if (get_num(p, dir, "VA", tk[1], &va))
        return -1;
    if (!lex_fits(va, p->vabits))
        return fail(p, "'%s': VA " LEX_TOKF " wider than %u bits (%s)", dir, LEX_TOKA(tk[1]), p->vabits,
                    lex_mode_name(p->t->mode));
    if (first_use(p))
        return -1;
    memset(&op, 0, sizeof op);
    op.kind = TR_ACCESS;
    op.line = p->src.line;
    op.acc = acc;
    op.hyp = hyp;
    op.a = va;
    used = 2;
    /* extension: size=N, the access's bytes, for PMP (every byte must be allowed) */
    if (ntok > 2 && lex_prefix(tk[2], "size=", &rest)) {
        uint64_t n;
        if (get_num(p, dir, "size", rest, &n))
            return -1;
        if (n != 1 && n != 2 && n != 4 && n != 8)
            return fail(p, "'%s': size=" LEX_TOKF ": an access is 1, 2, 4 or 8 bytes", dir, LEX_TOKA(rest));
        if (va % n)
            return fail(p, "'%s': VA " LEX_TOKF " is not aligned to its size %u (a core splits a misaligned access)",
                        dir, LEX_TOKA(tk[1]), (unsigned)n);
        op.size = (unsigned)n;
        used = 3;
    }
    if (ntok > used) {
        unsigned e = (unsigned)used;
        if (!lex_eq(tk[e], "expect"))
            return fail(p, "'%s': unexpected token '" LEX_TOKF "' after %s (expected: %s)", dir, LEX_TOKA(tk[e]),
                        e == 2 ? "VA" : "size", usage);
        if (ntok < e + 2)
            return fail(p, "'%s': 'expect' without a result (expected pa=PA or fault=NAME)", dir);
        op.exp.present = 1;
        if (lex_prefix(tk[e + 1], "pa=", &rest)) {
            uint64_t pa;
            if (get_num(p, dir, "expected pa", rest, &pa))
                return -1;
            if (!lex_fits(pa, p->pabits))
                return fail(p, "'%s': expected pa " LEX_TOKF " wider than %u bits (the physical address width of %s)",
                            dir, LEX_TOKA(rest), p->pabits, lex_mode_name(p->t->mode));
            op.exp.pa = pa;
            used = e + 2;
            if (ntok > e + 2 && lex_prefix(tk[e + 2], "pbmt=", &rest)) {
                if (p->t->xlen != 64)
                    return fail(p, "'%s': '" LEX_TOKF "': pbmt is only for the RV64 modes (sv39, sv48, sv57)", dir,
                                LEX_TOKA(tk[e + 2]));
                if (lex_eq(rest, "nc"))
                    op.exp.pbmt = RVMMU_PBMT_NC;
                else if (lex_eq(rest, "io"))
                    op.exp.pbmt = RVMMU_PBMT_IO;
                else
                    return fail(p, "'%s': unknown pbmt '" LEX_TOKF "' (expected pbmt=nc or pbmt=io)", dir, LEX_TOKA(tk[e + 2]));
                op.exp.has_pbmt = 1;
                used = e + 3;
            }
        } else if (lex_prefix(tk[e + 1], "fault=", &rest)) {
            if (!lex_cause(rest, &op.exp.cause) && !guest_cause(p, rest, &op.exp.cause))
                return fail(p, "'%s': unknown fault '" LEX_TOKF "' (expected " LEX_CAUSE_LIST "%s)", dir, LEX_TOKA(rest),
                            p->t->version == 2 ? ", instruction_guest_page_fault, load_guest_page_fault, store_guest_page_fault" : "");
            op.exp.fault = 1;
            used = e + 2;
            if (trace_cause_is_guest(op.exp.cause) && expect_gpa(p, dir, tk, ntok, &used, &op.exp))
                return -1;
        } else {
            return fail(p, "'%s': unknown expected result '" LEX_TOKF "' (expected pa=PA or fault=NAME)", dir, LEX_TOKA(tk[e + 1]));
        }
    }
    if (ntok > used)
        return fail(p, "'%s': unexpected extra token '" LEX_TOKF "' (expected: %s)", dir, LEX_TOKA(tk[used]), usage);
    return push_op(p, &op);
}

/* pmp INDEX CFG ADDR: one PMP entry's pmpNcfg and pmpaddrN, as the CSRs hold them. */
static int d_pmp(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    uint64_t idx, cfg, addr;
    unsigned abits;
    tr_op op;
    (void)d, (void)ntok;
    if (need_mode(p, "pmp"))
        return -1;
    if (get_num(p, "pmp", "INDEX", tk[1], &idx) || get_num(p, "pmp", "CFG", tk[2], &cfg) ||
        get_num(p, "pmp", "ADDR", tk[3], &addr))
        return -1;
    if (idx >= PMP_MAX_ENTRIES)
        return fail(p, "'pmp': INDEX " LEX_TOKF " out of range (0 to %d)", LEX_TOKA(tk[1]), PMP_MAX_ENTRIES - 1);
    if (cfg > 0xff)
        return fail(p, "'pmp': CFG " LEX_TOKF " wider than 8 bits", LEX_TOKA(tk[2]));
    if (cfg & PMP_CFG_RSVD)
        return fail(p, "'pmp': CFG " LEX_TOKF " sets bits 6:5, which are reserved (zero)", LEX_TOKA(tk[2]));
    if ((cfg & (PMP_R | PMP_W)) == PMP_W)
        return fail(p, "'pmp': CFG " LEX_TOKF " has W=1 with R=0, a reserved combination", LEX_TOKA(tk[2]));
    abits = pmp_addr_bits(p->t->xlen);
    if (!lex_fits(addr, abits))
        return fail(p, "'pmp': ADDR " LEX_TOKF " wider than %u bits (pmpaddr holds PA bits %u:2 in %s)",
                    LEX_TOKA(tk[3]), abits, abits + 1, lex_mode_name(p->t->mode));
    memset(&op, 0, sizeof op);
    op.kind = TR_PMP;
    op.line = p->src.line;
    op.val = (unsigned)idx;
    op.b = cfg;
    op.a = addr;
    p->t->has_pmp = 1;
    return push_op(p, &op);
}

/* ----------------------------------------------------------------- lines */

#define ACCESS_ARGS(kw) kw " VA [size=1|2|4|8] [expect pa=PA [pbmt=nc|io] | expect fault=NAME]"
#define HACCESS_ARGS(kw) kw " VA [size=1|2|4|8] [expect pa=PA [pbmt=nc|io] | expect fault=NAME [gpa=GPA [implicit=read|write]]]"

static const char *const version_arg[] = { "VERSION" }, *const mode_arg[] = { "MODE" },
                  *const ram_args[] = { "BASE", "SIZE" }, *const mem_args[] = { "PA", "VALUE" },
                  *const satp_args[] = { "MODE", "ASID", "PPN" }, *const priv_arg[] = { "privilege" },
                  *const flag_arg[] = { "0 or 1" }, *const va_arg[] = { "VA" },
                  *const pmp_args[] = { "INDEX", "CFG", "ADDR" }, *const hgatp_args[] = { "MODE", "VMID", "PPN" };

/* The directives (tlbtrace.md): keyword, arguments (min, max), usage, argument names, first, handler, arg. */
static const lex_directive directives[] = {
    { "tlbtrace", 1, 1, "tlbtrace 1", version_arg, 1, d_tlbtrace, 0 },
    { "mode", 1, 1, "mode sv32|sv39|sv48|sv57", mode_arg, 0, d_mode, 0 },
    { "ram", 2, 2, "ram BASE SIZE", ram_args, 0, d_ram, 0 },
    { "mem", 2, 2, "mem PA VALUE", mem_args, 0, d_mem, 0 },
    { "check", 2, 2, "check PA VALUE", mem_args, 0, d_mem, 1 },
    { "satp", 3, 3, "satp MODE ASID PPN", satp_args, 0, d_satp, TR_SATP },
    { "priv", 1, 1, "priv U|S|M", priv_arg, 0, d_priv, 0 },
    { "sum", 1, 1, "sum 0|1", flag_arg, 0, d_flag, TR_SUM },
    { "mxr", 1, 1, "mxr 0|1", flag_arg, 0, d_flag, TR_MXR },
    { "adue", 1, 1, "adue 0|1", flag_arg, 0, d_flag, TR_ADUE },
    { "sfence", 0, LEX_ANY, "sfence [va=VA] [asid=ASID]", NULL, 0, d_sfence, 0 },
    { "load", 1, LEX_ANY, ACCESS_ARGS("load"), va_arg, 0, d_access, RVMMU_ACC_LOAD },
    { "store", 1, LEX_ANY, ACCESS_ARGS("store"), va_arg, 0, d_access, RVMMU_ACC_STORE },
    { "fetch", 1, LEX_ANY, ACCESS_ARGS("fetch"), va_arg, 0, d_access, RVMMU_ACC_FETCH },
    { "pmp", 3, 3, "pmp INDEX CFG ADDR", pmp_args, 0, d_pmp, 0 },
    /* version 2: the hypervisor extension */
    { "hgatp", 3, 3, "hgatp MODE VMID PPN", hgatp_args, 0, d_hgatp, 0 },
    { "vsatp", 3, 3, "vsatp MODE ASID PPN", satp_args, 0, d_satp, TR_VSATP },
    { "virt", 1, 1, "virt 0|1", flag_arg, 0, d_hflag, TR_VIRT },
    { "vsum", 1, 1, "vsum 0|1", flag_arg, 0, d_hflag, TR_VSUM },
    { "vmxr", 1, 1, "vmxr 0|1", flag_arg, 0, d_hflag, TR_VMXR },
    { "vadue", 1, 1, "vadue 0|1", flag_arg, 0, d_hflag, TR_VADUE },
    { "spvp", 1, 1, "spvp 0|1", flag_arg, 0, d_hflag, TR_SPVP },
    { "hfence.vvma", 0, LEX_ANY, "hfence.vvma [va=VA] [asid=ASID]", NULL, 0, d_hfence, TR_HFENCE_VVMA },
    { "hfence.gvma", 0, LEX_ANY, "hfence.gvma [gpa=GPA] [vmid=VMID]", NULL, 0, d_hfence, TR_HFENCE_GVMA },
    { "hlv", 1, LEX_ANY, HACCESS_ARGS("hlv"), va_arg, 0, d_access, RVMMU_ACC_LOAD | TR_HYP_HLV << 4 },
    { "hlvx", 1, LEX_ANY, HACCESS_ARGS("hlvx"), va_arg, 0, d_access, RVMMU_ACC_LOAD | TR_HYP_HLVX << 4 },
    { "hsv", 1, LEX_ANY, HACCESS_ARGS("hsv"), va_arg, 0, d_access, RVMMU_ACC_STORE | TR_HYP_HSV << 4 },
};

/* Start a parse: t zeroed, path copied. */
static int begin(trace *t, const char *name)
{
    memset(t, 0, sizeof *t);
    t->version = 1;
    t->path = lex_strdup(name);
    if (!t->path) {
        t->error = 1;
        snprintf(t->errmsg, sizeof t->errmsg, "%s: error: out of memory", name);
        return -1;
    }
    return 0;
}

/* The default window when no `ram` line gave one (also for an unreadable file). */
static void default_ram(trace *t)
{
    if (t->nram == 0 && !t->ram) {
        t->ram = malloc(sizeof *t->ram);
        if (t->ram) {
            t->ram->base = DEFAULT_RAM_BASE;
            t->ram->size = DEFAULT_RAM_SIZE;
            t->nram = 1;
        }
    }
}

static int parse_body(trace *t, const char *name, const char *text, size_t len)
{
    pstate ps;
    lex_tok tk[MAXTOK];
    lex_dispatcher dp;

    memset(&ps, 0, sizeof ps);
    ps.t = t;
    lex_src_init(&ps.src, name, t->errmsg, sizeof t->errmsg, &t->error, &t->error_line);
    dp = (lex_dispatcher){ &ps.src, directives, sizeof directives / sizeof directives[0], MAXTOK, 0, &ps, 0 };
    if (!text && len)
        fail(&ps, "no text");
    lex_parse(&ps.src, text, len, tk, MAXTOK, lex_dispatch, &dp);
    free(ps.ram_lines);
    default_ram(t);
    return t->error ? -1 : 0;
}

int trace_parse_text(const char *name, const char *text, size_t len, trace *t)
{
    if (!t)
        return -1;
    if (!name)
        name = "<text>";
    if (begin(t, name))
        return -1;
    return parse_body(t, name, text, len);
}

int trace_parse_file(const char *path, trace *t)
{
    char *buf;
    size_t len;
    int r;

    if (!t)
        return -1;
    if (!path)
        path = "<null>";
    if (begin(t, path))
        return -1;
    if (lex_read_file(path, &buf, &len, t->errmsg, sizeof t->errmsg)) {
        t->error = 1;
        t->error_line = 0;
        default_ram(t);
        return -1;
    }
    r = parse_body(t, path, buf, len);
    free(buf);
    return r;
}
