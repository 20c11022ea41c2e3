/* trace.c -- parser for the tlbtrace format (../shared/spec/tlbtrace.md, version 1).
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
#include "rvmmu_defs.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_RAM_BASE 0x80000000u
#define DEFAULT_RAM_SIZE 0x10000000u

#define MAXTOK 8          /* tokens kept per line; more only matter as "extra" */
#define TOKMAX 64         /* longest token text quoted in a message */

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

typedef struct {
    const char *s;
    size_t n;
} tok;

/* Quote a token in a message: printf("'" TOKF "'", TOKA(t)). */
#define TOKF "%.*s%s"
#define TOKA(t) (int)((t).n > TOKMAX ? TOKMAX : (t).n), (t).s, ((t).n > TOKMAX ? "..." : "")

typedef struct {
    trace *t;
    const char *name;
    int line;
    int any_directive;     /* a directive was seen before this line */
    int mode_line;         /* line of the first `mode`, 0 if none */
    int first_use_line;    /* line of the first mem/check/access, 0 if none */
    int *ram_lines;        /* line of each t->ram entry */
    size_t ram_cap, ops_cap;
    /* derived from the mode */
    unsigned pabits, vabits, asidbits, ppnbits, ptebits;
} pstate;

/* ------------------------------------------------------------------ names */

const char *trace_cause_name(unsigned cause)
{
    switch (cause) {
    case RVMMU_CAUSE_FETCH_PAGE: return "instruction_page_fault";
    case RVMMU_CAUSE_LOAD_PAGE: return "load_page_fault";
    case RVMMU_CAUSE_STORE_PAGE: return "store_page_fault";
    case RVMMU_CAUSE_FETCH_ACCESS: return "instruction_access_fault";
    case RVMMU_CAUSE_LOAD_ACCESS: return "load_access_fault";
    case RVMMU_CAUSE_STORE_ACCESS: return "store_access_fault";
    default: return NULL;
    }
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

static int teq(tok t, const char *k)
{
    size_t n = strlen(k);
    return t.n == n && memcmp(t.s, k, n) == 0;
}

/* Does t start with prefix k?  If so, *rest is what follows it. */
static int tprefix(tok t, const char *k, tok *rest)
{
    size_t n = strlen(k);
    if (t.n < n || memcmp(t.s, k, n) != 0)
        return 0;
    rest->s = t.s + n;
    rest->n = t.n - n;
    return 1;
}

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static int fits(uint64_t v, unsigned bits)
{
    return bits >= 64 || (v >> bits) == 0;
}

PRINTF_LIKE(2, 3)
static int fail(pstate *p, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->t->errmsg, sizeof p->t->errmsg, "%s:%d: error: %s", p->name, p->line, msg);
    p->t->error = 1;
    p->t->error_line = p->line;
    return -1;
}

static int oom(pstate *p)
{
    return fail(p, "out of memory");
}

/* --------------------------------------------------------------- numbers */

enum { NUM_OK, NUM_EMPTY, NUM_NODIGITS, NUM_BADCHAR, NUM_UNDERSCORE, NUM_OVERFLOW };

static int digit_val(char c, unsigned base)
{
    int d;
    if (c >= '0' && c <= '9')
        d = c - '0';
    else if (c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
    else
        return -1;
    return (unsigned)d < base ? d : -1;
}

/* Decimal or 0x/0X hex, '_' only between two digits, at most 64 bits. */
static int parse_num(tok t, uint64_t *out)
{
    unsigned base = 10;
    size_t i = 0, start;
    uint64_t v = 0;

    if (t.n == 0)
        return NUM_EMPTY;
    if (t.n >= 2 && t.s[0] == '0' && (t.s[1] == 'x' || t.s[1] == 'X')) {
        base = 16;
        i = 2;
        if (t.n == 2)
            return NUM_NODIGITS;
    }
    start = i;
    for (size_t j = start; j < t.n; j++)
        if (t.s[j] != '_' && digit_val(t.s[j], base) < 0)
            return NUM_BADCHAR;
    for (size_t j = start; j < t.n; j++) {
        int d;
        if (t.s[j] == '_') {
            if (j == start || t.s[j - 1] == '_' || j + 1 == t.n || t.s[j + 1] == '_')
                return NUM_UNDERSCORE;
            continue;
        }
        d = digit_val(t.s[j], base);
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            return NUM_OVERFLOW;
        v = v * base + (uint64_t)d;
    }
    *out = v;
    return NUM_OK;
}

/* Parse number token t for argument `what` of directive `dir`. */
static int get_num(pstate *p, const char *dir, const char *what, tok t, uint64_t *out)
{
    const char *why;
    switch (parse_num(t, out)) {
    case NUM_OK: return 0;
    case NUM_EMPTY: why = "empty, expected a number"; break;
    case NUM_NODIGITS: why = "no digits after 0x"; break;
    case NUM_BADCHAR: why = "not a number (decimal or 0x hexadecimal)"; break;
    case NUM_UNDERSCORE: why = "misplaced '_' (it may only separate two digits)"; break;
    default: why = "does not fit in 64 bits"; break;
    }
    return fail(p, "'%s': bad %s '" TOKF "': %s", dir, what, TOKA(t), why);
}

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

/* Does [base, base+size) fit below 2^bits? */
static int window_fits(uint64_t base, uint64_t size, unsigned bits)
{
    uint64_t lim;
    if (bits >= 64)
        return 1;
    lim = (uint64_t)1 << bits;
    return size <= lim && base <= lim - size;
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

/* Check the argument count: names[i] is argument i+1; usage for messages. */
static int nargs(pstate *p, const tok *tk, size_t ntok, size_t want, const char *const *names,
                 const char *usage)
{
    if (ntok - 1 < want)
        return fail(p, "'" TOKF "': missing %s (expected: %s)", TOKA(tk[0]), names[ntok - 1], usage);
    if (ntok - 1 > want)
        return fail(p, "'" TOKF "': unexpected extra token '" TOKF "' (expected: %s)", TOKA(tk[0]),
                    TOKA(tk[want + 1]), usage);
    return 0;
}

static int need_mode(pstate *p, const char *dir)
{
    if (p->t->mode)
        return 0;
    return fail(p, "'%s' before any 'mode' line (a 'mode sv32|sv39|sv48|sv57' line must come first)", dir);
}

/* The first mem, check or access: no more `ram`; the default window if none. */
static int first_use(pstate *p)
{
    if (p->first_use_line)
        return 0;
    p->first_use_line = p->line;
    if (p->t->nram == 0)
        return push_ram(p, DEFAULT_RAM_BASE, DEFAULT_RAM_SIZE, 0);
    return 0;
}

static const char *mode_name(unsigned m)
{
    switch (m) {
    case RVMMU_MODE_BARE: return "bare";
    case RVMMU_MODE_SV32: return "sv32";
    case RVMMU_MODE_SV39: return "sv39";
    case RVMMU_MODE_SV48: return "sv48";
    case RVMMU_MODE_SV57: return "sv57";
    default: return "?";
    }
}

static int paged_mode(tok t, unsigned *m)
{
    if (teq(t, "sv32")) *m = RVMMU_MODE_SV32;
    else if (teq(t, "sv39")) *m = RVMMU_MODE_SV39;
    else if (teq(t, "sv48")) *m = RVMMU_MODE_SV48;
    else if (teq(t, "sv57")) *m = RVMMU_MODE_SV57;
    else return 0;
    return 1;
}

static int d_tlbtrace(pstate *p, const tok *tk, size_t ntok)
{
    static const char *const names[] = { "VERSION" };
    uint64_t v;
    if (p->any_directive)
        return fail(p, "'tlbtrace' must be the first directive of the file");
    if (nargs(p, tk, ntok, 1, names, "tlbtrace 1"))
        return -1;
    if (get_num(p, "tlbtrace", "VERSION", tk[1], &v))
        return -1;
    if (v != 1)
        return fail(p, "'tlbtrace': unsupported version '" TOKF "' (this parser reads version 1)", TOKA(tk[1]));
    return 0;
}

static int d_mode(pstate *p, const tok *tk, size_t ntok)
{
    static const char *const names[] = { "MODE" };
    trace *t = p->t;
    unsigned m;
    if (nargs(p, tk, ntok, 1, names, "mode sv32|sv39|sv48|sv57"))
        return -1;
    if (!paged_mode(tk[1], &m))
        return fail(p, "'mode': unknown mode '" TOKF "' (expected sv32, sv39, sv48 or sv57)", TOKA(tk[1]));
    if (t->mode) {
        if (t->mode != m)
            return fail(p, "'mode " TOKF "' differs from 'mode %s' on line %d: the mode cannot change",
                        TOKA(tk[1]), mode_name(t->mode), p->mode_line);
        return 0;
    }
    if (m == RVMMU_MODE_SV32) {
        p->pabits = 34; p->vabits = 32; p->asidbits = 9; p->ppnbits = 22; p->ptebits = 32;
    } else {
        p->pabits = 56; p->vabits = 64; p->asidbits = 16; p->ppnbits = 44; p->ptebits = 64;
    }
    /* windows given before the mode: check them now */
    for (size_t i = 0; i < t->nram; i++)
        if (!window_fits(t->ram[i].base, t->ram[i].size, p->pabits))
            return fail(p, "'mode " TOKF "': ram window 0x%llx size 0x%llx (line %d) does not fit the %u-bit physical address space",
                        TOKA(tk[1]), (unsigned long long)t->ram[i].base, (unsigned long long)t->ram[i].size,
                        p->ram_lines[i], p->pabits);
    t->mode = m;
    t->xlen = m == RVMMU_MODE_SV32 ? 32 : 64;
    p->mode_line = p->line;
    return 0;
}

static int d_ram(pstate *p, const tok *tk, size_t ntok)
{
    static const char *const names[] = { "BASE", "SIZE" };
    uint64_t base, size;
    if (nargs(p, tk, ntok, 2, names, "ram BASE SIZE"))
        return -1;
    if (p->first_use_line)
        return fail(p, "'ram' after the first mem, check or access (line %d): ram windows must come first",
                    p->first_use_line);
    if (get_num(p, "ram", "BASE", tk[1], &base) || get_num(p, "ram", "SIZE", tk[2], &size))
        return -1;
    if (size == 0)
        return fail(p, "'ram': SIZE '" TOKF "' is zero", TOKA(tk[2]));
    if (base + size < base)
        return fail(p, "'ram': window BASE '" TOKF "' SIZE '" TOKF "' wraps around the end of the address space",
                    TOKA(tk[1]), TOKA(tk[2]));
    if (p->t->mode && !window_fits(base, size, p->pabits))
        return fail(p, "'ram': window BASE '" TOKF "' SIZE '" TOKF "' does not fit the %u-bit physical address space of %s",
                    TOKA(tk[1]), TOKA(tk[2]), p->pabits, mode_name(p->t->mode));
    return push_ram(p, base, size, p->line);
}

static int d_mem(pstate *p, const tok *tk, size_t ntok, int check)
{
    static const char *const names[] = { "PA", "VALUE" };
    const char *dir = check ? "check" : "mem";
    unsigned bytes;
    uint64_t pa, val;
    tr_op op;
    if (nargs(p, tk, ntok, 2, names, check ? "check PA VALUE" : "mem PA VALUE"))
        return -1;
    if (need_mode(p, dir))
        return -1;
    if (get_num(p, dir, "PA", tk[1], &pa) || get_num(p, dir, "VALUE", tk[2], &val))
        return -1;
    if (first_use(p))
        return -1;
    bytes = p->ptebits / 8;
    if (pa % bytes)
        return fail(p, "'%s': PA " TOKF " is not aligned to the %u-byte PTE size of %s", dir, TOKA(tk[1]), bytes,
                    mode_name(p->t->mode));
    if (!in_ram(p->t, pa, bytes))
        return fail(p, "'%s': PA " TOKF " is outside every ram window", dir, TOKA(tk[1]));
    if (!fits(val, p->ptebits))
        return fail(p, "'%s': VALUE " TOKF " wider than %u bits (the PTE size of %s)", dir, TOKA(tk[2]),
                    p->ptebits, mode_name(p->t->mode));
    memset(&op, 0, sizeof op);
    op.kind = check ? TR_CHECK : TR_MEM;
    op.line = p->line;
    op.a = pa;
    op.b = val;
    return push_op(p, &op);
}

static int d_satp(pstate *p, const tok *tk, size_t ntok)
{
    static const char *const names[] = { "MODE", "ASID", "PPN" };
    unsigned m;
    uint64_t asid, ppn;
    tr_op op;
    if (nargs(p, tk, ntok, 3, names, "satp MODE ASID PPN"))
        return -1;
    if (need_mode(p, "satp"))
        return -1;
    if (teq(tk[1], "bare"))
        m = RVMMU_MODE_BARE;
    else if (!paged_mode(tk[1], &m))
        return fail(p, "'satp': unknown MODE '" TOKF "' (expected %s)", TOKA(tk[1]),
                    p->t->xlen == 32 ? "bare or sv32" : "bare, sv39, sv48 or sv57");
    else if ((m == RVMMU_MODE_SV32) != (p->t->xlen == 32))
        return fail(p, "'satp': MODE '" TOKF "' is not an RV%d mode (the trace is 'mode %s'; expected %s)",
                    TOKA(tk[1]), p->t->xlen, mode_name(p->t->mode),
                    p->t->xlen == 32 ? "bare or sv32" : "bare, sv39, sv48 or sv57");
    if (get_num(p, "satp", "ASID", tk[2], &asid) || get_num(p, "satp", "PPN", tk[3], &ppn))
        return -1;
    if (!fits(asid, p->asidbits))
        return fail(p, "'satp': ASID " TOKF " wider than %u bits (RV%d)", TOKA(tk[2]), p->asidbits, p->t->xlen);
    if (!fits(ppn, p->ppnbits))
        return fail(p, "'satp': PPN " TOKF " wider than %u bits (RV%d)", TOKA(tk[3]), p->ppnbits, p->t->xlen);
    memset(&op, 0, sizeof op);
    op.kind = TR_SATP;
    op.line = p->line;
    op.mode = m;
    op.asid = (uint32_t)asid;
    op.ppn = ppn;
    return push_op(p, &op);
}

static int d_priv(pstate *p, const tok *tk, size_t ntok)
{
    static const char *const names[] = { "privilege" };
    tr_op op;
    memset(&op, 0, sizeof op);
    if (nargs(p, tk, ntok, 1, names, "priv U|S|M"))
        return -1;
    if (teq(tk[1], "U"))
        op.val = RVMMU_PRIV_U;
    else if (teq(tk[1], "S"))
        op.val = RVMMU_PRIV_S;
    else if (teq(tk[1], "M"))
        op.val = RVMMU_PRIV_M;
    else
        return fail(p, "'priv': unknown privilege '" TOKF "' (expected U, S or M)", TOKA(tk[1]));
    op.kind = TR_PRIV;
    op.line = p->line;
    return push_op(p, &op);
}

static int d_flag(pstate *p, const tok *tk, size_t ntok, tr_kind kind, const char *dir)
{
    static const char *const names[] = { "0 or 1" };
    char usage[32];
    uint64_t v;
    tr_op op;
    snprintf(usage, sizeof usage, "%s 0|1", dir);
    if (nargs(p, tk, ntok, 1, names, usage))
        return -1;
    if (get_num(p, dir, "value", tk[1], &v))
        return -1;
    if (v > 1)
        return fail(p, "'%s': value '" TOKF "' must be 0 or 1", dir, TOKA(tk[1]));
    memset(&op, 0, sizeof op);
    op.kind = kind;
    op.line = p->line;
    op.val = (unsigned)v;
    return push_op(p, &op);
}

static int d_sfence(pstate *p, const tok *tk, size_t ntok)
{
    tr_op op;
    memset(&op, 0, sizeof op);
    op.kind = TR_SFENCE;
    op.line = p->line;
    for (size_t i = 1; i < ntok; i++) {
        tok rest;
        uint64_t v;
        if (i >= MAXTOK) /* unreachable: a third argument is always a repeat or unknown */
            return fail(p, "'sfence': too many arguments");
        if (tprefix(tk[i], "va=", &rest)) {
            if (op.has_va)
                return fail(p, "'sfence': 'va=' given twice ('" TOKF "')", TOKA(tk[i]));
            if (!p->t->mode)
                return fail(p, "'sfence " TOKF "' before any 'mode' line (the VA width depends on the mode)",
                            TOKA(tk[i]));
            if (get_num(p, "sfence", "VA", rest, &v))
                return -1;
            if (!fits(v, p->vabits))
                return fail(p, "'sfence': VA " TOKF " wider than %u bits (%s)", TOKA(rest), p->vabits,
                            mode_name(p->t->mode));
            op.has_va = 1;
            op.a = v;
        } else if (tprefix(tk[i], "asid=", &rest)) {
            if (op.has_asid)
                return fail(p, "'sfence': 'asid=' given twice ('" TOKF "')", TOKA(tk[i]));
            if (!p->t->mode)
                return fail(p, "'sfence " TOKF "' before any 'mode' line (the ASID width depends on the mode)",
                            TOKA(tk[i]));
            if (get_num(p, "sfence", "ASID", rest, &v))
                return -1;
            if (!fits(v, p->asidbits))
                return fail(p, "'sfence': ASID " TOKF " wider than %u bits (RV%d)", TOKA(rest), p->asidbits,
                            p->t->xlen);
            op.has_asid = 1;
            op.asid = (uint32_t)v;
        } else {
            return fail(p, "'sfence': unexpected token '" TOKF "' (expected va=VA and/or asid=ASID)", TOKA(tk[i]));
        }
    }
    return push_op(p, &op);
}

static const struct {
    const char *name;
    unsigned cause;
} fault_names[] = {
    { "instruction_page_fault", RVMMU_CAUSE_FETCH_PAGE },
    { "load_page_fault", RVMMU_CAUSE_LOAD_PAGE },
    { "store_page_fault", RVMMU_CAUSE_STORE_PAGE },
    { "instruction_access_fault", RVMMU_CAUSE_FETCH_ACCESS },
    { "load_access_fault", RVMMU_CAUSE_LOAD_ACCESS },
    { "store_access_fault", RVMMU_CAUSE_STORE_ACCESS },
};

static int d_access(pstate *p, const tok *tk, size_t ntok, unsigned acc)
{
    const char *dir = trace_acc_name(acc);
    char usage[80];
    uint64_t va;
    tok rest;
    size_t used;
    tr_op op;

    snprintf(usage, sizeof usage, "%s VA [expect pa=PA [pbmt=nc|io] | expect fault=NAME]", dir);
    if (ntok < 2)
        return fail(p, "'%s': missing VA (expected: %s)", dir, usage);
    if (need_mode(p, dir))
        return -1;
    if (get_num(p, dir, "VA", tk[1], &va))
        return -1;
    if (!fits(va, p->vabits))
        return fail(p, "'%s': VA " TOKF " wider than %u bits (%s)", dir, TOKA(tk[1]), p->vabits,
                    mode_name(p->t->mode));
    if (first_use(p))
        return -1;
    memset(&op, 0, sizeof op);
    op.kind = TR_ACCESS;
    op.line = p->line;
    op.acc = acc;
    op.a = va;
    used = 2;
    if (ntok > 2) {
        if (!teq(tk[2], "expect"))
            return fail(p, "'%s': unexpected token '" TOKF "' after VA (expected: %s)", dir, TOKA(tk[2]), usage);
        if (ntok < 4)
            return fail(p, "'%s': 'expect' without a result (expected pa=PA or fault=NAME)", dir);
        op.exp.present = 1;
        if (tprefix(tk[3], "pa=", &rest)) {
            uint64_t pa;
            if (get_num(p, dir, "expected pa", rest, &pa))
                return -1;
            if (!fits(pa, p->pabits))
                return fail(p, "'%s': expected pa " TOKF " wider than %u bits (the physical address width of %s)",
                            dir, TOKA(rest), p->pabits, mode_name(p->t->mode));
            op.exp.pa = pa;
            used = 4;
            if (ntok > 4 && tprefix(tk[4], "pbmt=", &rest)) {
                if (p->t->xlen != 64)
                    return fail(p, "'%s': '" TOKF "': pbmt is only for the RV64 modes (sv39, sv48, sv57)", dir,
                                TOKA(tk[4]));
                if (teq(rest, "nc"))
                    op.exp.pbmt = RVMMU_PBMT_NC;
                else if (teq(rest, "io"))
                    op.exp.pbmt = RVMMU_PBMT_IO;
                else
                    return fail(p, "'%s': unknown pbmt '" TOKF "' (expected pbmt=nc or pbmt=io)", dir, TOKA(tk[4]));
                op.exp.has_pbmt = 1;
                used = 5;
            }
        } else if (tprefix(tk[3], "fault=", &rest)) {
            size_t i;
            for (i = 0; i < sizeof fault_names / sizeof fault_names[0]; i++)
                if (teq(rest, fault_names[i].name))
                    break;
            if (i == sizeof fault_names / sizeof fault_names[0])
                return fail(p, "'%s': unknown fault '" TOKF "' (expected instruction_page_fault, load_page_fault, "
                               "store_page_fault, instruction_access_fault, load_access_fault or store_access_fault)",
                            dir, TOKA(rest));
            op.exp.fault = 1;
            op.exp.cause = fault_names[i].cause;
            used = 4;
        } else {
            return fail(p, "'%s': unknown expected result '" TOKF "' (expected pa=PA or fault=NAME)", dir, TOKA(tk[3]));
        }
    }
    if (ntok > used)
        return fail(p, "'%s': unexpected extra token '" TOKF "' (expected: %s)", dir, TOKA(tk[used]), usage);
    return push_op(p, &op);
}

/* ----------------------------------------------------------------- lines */

static int parse_line(pstate *p, const char *s, size_t n)
{
    tok tk[MAXTOK];
    size_t ntok = 0, i, end;
    const char *hash;

    if (memchr(s, '\0', n))
        return fail(p, "NUL byte in line (column %zu)", (size_t)((const char *)memchr(s, '\0', n) - s) + 1);
    hash = memchr(s, '#', n);
    end = hash ? (size_t)(hash - s) : n;
    for (i = 0; i < end; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || (c > 0x20 && c < 0x7f))
            continue;
        if (c >= 0x80)
            return fail(p, "non-ASCII byte 0x%02x at column %zu (only comments may hold non-ASCII text)", c, i + 1);
        return fail(p, "control character 0x%02x at column %zu (tokens are separated by spaces or tabs)", c, i + 1);
    }
    i = 0;
    for (;;) {
        size_t st;
        while (i < end && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i == end)
            break;
        st = i;
        while (i < end && s[i] != ' ' && s[i] != '\t')
            i++;
        if (ntok < MAXTOK) {
            tk[ntok].s = s + st;
            tk[ntok].n = i - st;
        }
        if (ntok < SIZE_MAX)
            ntok++;
    }
    if (ntok == 0)
        return 0;

    {
        int r;
        if (teq(tk[0], "tlbtrace"))
            r = d_tlbtrace(p, tk, ntok);
        else if (teq(tk[0], "mode"))
            r = d_mode(p, tk, ntok);
        else if (teq(tk[0], "ram"))
            r = d_ram(p, tk, ntok);
        else if (teq(tk[0], "mem"))
            r = d_mem(p, tk, ntok, 0);
        else if (teq(tk[0], "check"))
            r = d_mem(p, tk, ntok, 1);
        else if (teq(tk[0], "satp"))
            r = d_satp(p, tk, ntok);
        else if (teq(tk[0], "priv"))
            r = d_priv(p, tk, ntok);
        else if (teq(tk[0], "sum"))
            r = d_flag(p, tk, ntok, TR_SUM, "sum");
        else if (teq(tk[0], "mxr"))
            r = d_flag(p, tk, ntok, TR_MXR, "mxr");
        else if (teq(tk[0], "adue"))
            r = d_flag(p, tk, ntok, TR_ADUE, "adue");
        else if (teq(tk[0], "sfence"))
            r = d_sfence(p, tk, ntok);
        else if (teq(tk[0], "load"))
            r = d_access(p, tk, ntok, RVMMU_ACC_LOAD);
        else if (teq(tk[0], "store"))
            r = d_access(p, tk, ntok, RVMMU_ACC_STORE);
        else if (teq(tk[0], "fetch"))
            r = d_access(p, tk, ntok, RVMMU_ACC_FETCH);
        else
            r = fail(p, "unknown directive '" TOKF "'", TOKA(tk[0]));
        p->any_directive = 1;
        return r;
    }
}

/* Start a parse: t zeroed, path copied. */
static int begin(trace *t, const char *name)
{
    memset(t, 0, sizeof *t);
    t->path = dupstr(name);
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
    size_t pos = 0;
    unsigned long nline = 0;

    memset(&ps, 0, sizeof ps);
    ps.t = t;
    ps.name = name;
    if (!text && len) {
        ps.line = 0;
        fail(&ps, "no text");
        len = 0;
    }
    while (!t->error && pos < len) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (nline >= INT_MAX) {
            fail(&ps, "too many lines");
            break;
        }
        ps.line = (int)++nline;
        if (n && s[n - 1] == '\r')
            n--;
        if (parse_line(&ps, s, n))
            break;
    }
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
    FILE *f;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int r, err;

    if (!t)
        return -1;
    if (!path)
        path = "<null>";
    if (begin(t, path))
        return -1;
    errno = 0;
    f = fopen(path, "rb");
    if (!f) {
        err = errno;
        snprintf(t->errmsg, sizeof t->errmsg, "%s: error: cannot open: %s", path,
                 err ? strerror(err) : "unknown error");
        t->error = 1;
        t->error_line = 0;
        default_ram(t);
        return -1;
    }
    for (;;) {
        size_t got;
        if (cap - len < 4096) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nb;
            if (ncap < cap || !(nb = realloc(buf, ncap))) {
                snprintf(t->errmsg, sizeof t->errmsg, "%s: error: out of memory reading the file", path);
                t->error = 1;
                default_ram(t);
                free(buf);
                fclose(f);
                return -1;
            }
            buf = nb;
            cap = ncap;
        }
        errno = 0;
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0 || ferror(f)) {
            if (ferror(f)) {
                err = errno;
                snprintf(t->errmsg, sizeof t->errmsg, "%s: error: cannot read: %s", path,
                         err ? strerror(err) : "read error");
                t->error = 1;
                t->error_line = 0;
                default_ram(t);
                free(buf);
                fclose(f);
                return -1;
            }
            break;
        }
    }
    fclose(f);
    r = parse_body(t, path, buf, len);
    free(buf);
    return r;
}
