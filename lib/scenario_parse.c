/* scenario_parse.c -- the scenario format's parser (see scenario.h).
 *
 * The whole file is parsed before anything runs, so a malformed scenario runs
 * nothing. The parser checks everything it can know without running: names
 * (declared before use, one namespace for processes, segments and libraries,
 * a process not used after its `exit`), address widths and alignment for the
 * mode, permissions, page counts, library offsets, value widths. What only
 * the kernel can know (a mapping over an existing one, running out of frames,
 * a superpage that is not aligned, an ASID in use) fails while running
 * (scenario_run.c), with the same FILE:LINE: error: form and exit status 2.
 *
 * Part of the formats library: it needs the lexical layer (lex.h) and the
 * page-table geometry (pt.h), never the runner, the harness or a model. */
#include "scenario.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "pt.h"

#define DEFAULT_RAM_BASE 0x80000000u
#define DEFAULT_RAM_SIZE 0x10000000u
#define MAX_PAGES (1u << 20)      /* pages in one directive */
#define MAXTOK 10
#define NAMEMAX 32

typedef enum { NAME_PROC, NAME_SHM, NAME_LIB } name_kind;

typedef struct {
    name_kind kind;
    int index;
    int line;
} name_entry;

typedef struct {
    scenario *s;
    lex_src src;            /* the file name, the current line, where errors go */
    int started;            /* a directive that needs the kernel was seen: no more ram/pool */
    int pool_line;
    name_entry *names;
    int nnames, capnames;
    int *exit_line;         /* per process: the line of its exit, 0 while alive */
    uint64_t *lib_pages[2]; /* per library: text and data pages */
    size_t ops_cap;
    int ram_cap;
} pstate;

/* ------------------------------------------------------------------ helpers */

/* Record an error at the current line: "FILE:LINE: error: ..."; returns -1. */
#define fail(p, ...) lex_fail(&(p)->src, __VA_ARGS__)

static int oom(pstate *p)
{
    return fail(p, "out of memory");
}

static int grow(pstate *p, void **arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 16;
    if (c > SIZE_MAX / elem)
        return oom(p);
    void *a = realloc(*arr, c * elem);
    if (!a)
        return oom(p);
    *arr = a;
    *cap = c;
    return 0;
}

/* ------------------------------------------------------------------ numbers */

/* Number token t for argument `what` of directive `dir`. */
#define get_num(p, dir, what, t, out) lex_get_num(&(p)->src, dir, what, t, out)

/* A page count: 1..MAX_PAGES. */
static int get_pages(pstate *p, const char *dir, const char *what, lex_tok t, uint64_t min, uint64_t *out)
{
    if (get_num(p, dir, what, t, out))
        return -1;
    if (*out < min || *out > MAX_PAGES)
        return fail(p, "'%s': %s '" LEX_TOKF "' out of range (%" PRIu64 "..%u)", dir, what, LEX_TOKA(t), min,
                    (unsigned)MAX_PAGES);
    return 0;
}

static unsigned xlen_of(const pstate *p)
{
    return p->s->mode == RVMMU_MODE_SV32 ? 32 : 64;
}

/* A virtual address of the mode, aligned to align bytes. */
static int get_va(pstate *p, const char *dir, const char *what, lex_tok t, uint64_t align, uint64_t *va)
{
    if (get_num(p, dir, what, t, va))
        return -1;
    if (!pt_va_valid(p->s->mode, *va)) {
        if (p->s->mode == RVMMU_MODE_SV32)
            return fail(p, "'%s': %s " LEX_TOKF " wider than 32 bits (sv32)", dir, what, LEX_TOKA(t));
        return fail(p, "'%s': %s " LEX_TOKF " is not a valid %s address (bits 63..%u must equal bit %u)", dir, what,
                    LEX_TOKA(t), lex_mode_name(p->s->mode), pt_mode_va_bits(p->s->mode) - 1,
                    pt_mode_va_bits(p->s->mode) - 1);
    }
    if (*va % align)
        return fail(p, "'%s': %s " LEX_TOKF " is not aligned to %" PRIu64 " bytes%s", dir, what, LEX_TOKA(t), align,
                    align == PT_FRAME_SIZE ? " (a page)" : "");
    return 0;
}

/* A physical address of the mode, aligned to align bytes. */
static int get_pa(pstate *p, const char *dir, const char *what, lex_tok t, uint64_t align, uint64_t *pa)
{
    if (get_num(p, dir, what, t, pa))
        return -1;
    if (!lex_fits(*pa, pt_mode_pa_bits(p->s->mode)))
        return fail(p, "'%s': %s " LEX_TOKF " wider than %u bits (the physical address width of %s)", dir, what,
                    LEX_TOKA(t), pt_mode_pa_bits(p->s->mode), lex_mode_name(p->s->mode));
    if (*pa % align)
        return fail(p, "'%s': %s " LEX_TOKF " is not aligned to %" PRIu64 " bytes", dir, what, LEX_TOKA(t), align);
    return 0;
}

/* A data value of width bits. */
static int get_value(pstate *p, const char *dir, const char *what, lex_tok t, unsigned bits, uint64_t *v)
{
    if (get_num(p, dir, what, t, v))
        return -1;
    if (!lex_fits(*v, bits))
        return fail(p, "'%s': %s " LEX_TOKF " wider than %u bits", dir, what, LEX_TOKA(t), bits);
    return 0;
}

/* PERMS: r, w, x each at most once, '-' as a placeholder. */
static int get_perms(pstate *p, const char *dir, lex_tok t, unsigned *perms)
{
    unsigned m = 0;
    if (t.n == 0 || t.n > 3)
        return fail(p, "'%s': bad permissions '" LEX_TOKF "' (expected letters r, w, x or '-', like r-x or rw)", dir,
                    LEX_TOKA(t));
    for (size_t i = 0; i < t.n; i++) {
        unsigned bit = t.s[i] == 'r' ? PROC_R : t.s[i] == 'w' ? PROC_W : t.s[i] == 'x' ? PROC_X : 0;
        if (t.s[i] == '-')
            continue;
        if (!bit || (m & bit))
            return fail(p, "'%s': bad permissions '" LEX_TOKF "' (expected letters r, w, x or '-', like r-x or rw)", dir,
                        LEX_TOKA(t));
        m |= bit;
    }
    if (!(m & (PROC_R | PROC_X)))
        return fail(p, "'%s': permissions '" LEX_TOKF "' allow neither read nor execute (use unmap for no access)", dir,
                    LEX_TOKA(t));
    if ((m & PROC_W) && !(m & PROC_R))
        return fail(p, "'%s': permissions '" LEX_TOKF "': write without read is reserved in RISC-V", dir, LEX_TOKA(t));
    *perms = m;
    return 0;
}

/* ------------------------------------------------------------------ names */

static int name_syntax_ok(lex_tok t)
{
    if (t.n == 0 || t.n > NAMEMAX)
        return 0;
    for (size_t i = 0; i < t.n; i++) {
        char c = t.s[i];
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        int more = (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!alpha && !(i > 0 && more))
            return 0;
    }
    return 1;
}

static const char *kind_word(name_kind k)
{
    return k == NAME_PROC ? "process" : k == NAME_SHM ? "segment" : "library";
}

static const char *name_text(const pstate *p, const name_entry *e)
{
    const scenario *s = p->s;
    return e->kind == NAME_PROC ? s->procs[e->index] : e->kind == NAME_SHM ? s->shms[e->index] : s->libs[e->index];
}

static const name_entry *find_name(const pstate *p, lex_tok t)
{
    for (int i = 0; i < p->nnames; i++) {
        const char *n = name_text(p, &p->names[i]);
        if (strlen(n) == t.n && memcmp(n, t.s, t.n) == 0)
            return &p->names[i];
    }
    return NULL;
}

/* Declare a new name of a kind; *index gets its index among that kind. */
static int new_name(pstate *p, const char *dir, lex_tok t, name_kind kind, int *index)
{
    scenario *s = p->s;
    if (!name_syntax_ok(t))
        return fail(p, "'%s': bad name '" LEX_TOKF "' (a letter or '_', then letters, digits, '_', '-', '.'; at most %d)",
                    dir, LEX_TOKA(t), NAMEMAX);
    if (lex_eq(t, "kernel"))
        return fail(p, "'%s': 'kernel' is reserved (it names the kernel's own accesses)", dir);
    const name_entry *old = find_name(p, t);
    if (old)
        return fail(p, "'%s': name '" LEX_TOKF "' already names a %s (line %d)", dir, LEX_TOKA(t), kind_word(old->kind),
                    old->line);
    char *copy = lex_dup(t);
    if (!copy)
        return oom(p);
    char ***arr = kind == NAME_PROC ? &s->procs : kind == NAME_SHM ? &s->shms : &s->libs;
    int *n = kind == NAME_PROC ? &s->nprocs : kind == NAME_SHM ? &s->nshms : &s->nlibs;
    char **na = realloc(*arr, (size_t)(*n + 1) * sizeof *na);
    if (!na) {
        free(copy);
        return oom(p);
    }
    *arr = na;
    na[*n] = copy;
    *index = (*n)++;
    if (kind == NAME_PROC) {
        int *el = realloc(p->exit_line, (size_t)s->nprocs * sizeof *el);
        if (!el)
            return oom(p);
        p->exit_line = el;
        el[*index] = 0;
    }
    if (kind == NAME_LIB) {
        for (int sec = 0; sec < 2; sec++) {
            uint64_t *lp = realloc(p->lib_pages[sec], (size_t)s->nlibs * sizeof *lp);
            if (!lp)
                return oom(p);
            p->lib_pages[sec] = lp;
            lp[*index] = 0;
        }
    }
    size_t cap = (size_t)p->capnames;
    void *a = p->names;
    if (grow(p, &a, (size_t)p->nnames, &cap, sizeof *p->names))
        return -1;
    p->names = a;
    p->capnames = (int)cap;
    p->names[p->nnames].kind = kind;
    p->names[p->nnames].index = *index;
    p->names[p->nnames].line = p->src.line;
    p->nnames++;
    return 0;
}

/* An existing name of a kind (a process must not have exited). */
static int get_name(pstate *p, const char *dir, lex_tok t, name_kind kind, int *index)
{
    const name_entry *e = find_name(p, t);
    if (!e)
        return fail(p, "'%s': unknown %s '" LEX_TOKF "'", dir, kind_word(kind), LEX_TOKA(t));
    if (e->kind != kind)
        return fail(p, "'%s': '" LEX_TOKF "' is a %s (line %d), not a %s", dir, LEX_TOKA(t), kind_word(e->kind), e->line,
                    kind_word(kind));
    if (kind == NAME_PROC && p->exit_line[e->index])
        return fail(p, "'%s': process '" LEX_TOKF "' exited on line %d", dir, LEX_TOKA(t), p->exit_line[e->index]);
    *index = e->index;
    return 0;
}

/* NAME:VA -- a process and a VA in it. */
static int get_ref(pstate *p, const char *dir, lex_tok t, uint64_t align, int *pidx, uint64_t *va)
{
    const char *colon = memchr(t.s, ':', t.n);
    if (!colon)
        return fail(p, "'%s': expected NAME:VA, got '" LEX_TOKF "'", dir, LEX_TOKA(t));
    lex_tok name = {t.s, (size_t)(colon - t.s)};
    lex_tok num = {colon + 1, t.n - name.n - 1};
    if (get_name(p, dir, name, NAME_PROC, pidx))
        return -1;
    return get_va(p, dir, "VA", num, align, va);
}

/* ------------------------------------------------------------------ ops */

static int push_op(pstate *p, sc_op *op)
{
    void *a = p->s->ops;
    if (grow(p, &a, p->s->nops, &p->ops_cap, sizeof *p->s->ops))
        return -1;
    p->s->ops = a;
    op->line = p->src.line;
    p->s->ops[p->s->nops++] = *op;
    return 0;
}

static sc_op new_op(sc_kind kind)
{
    sc_op op;
    memset(&op, 0, sizeof op);
    op.kind = kind;
    op.p = op.q = op.obj = op.ref = -1;
    return op;
}

static int need_mode(pstate *p, const char *dir)
{
    if (p->s->mode)
        return 0;
    return fail(p, "'%s' before any 'mode' line (a 'mode sv32|sv39|sv48|sv57' line must come first)", dir);
}

static int in_ram(const scenario *s, uint64_t base, uint64_t size)
{
    for (int i = 0; i < s->nram; i++)
        if (base >= s->ram[i].base && base - s->ram[i].base < s->ram[i].size &&
            size <= s->ram[i].size - (base - s->ram[i].base))
            return 1;
    return 0;
}

static int add_ram(pstate *p, uint64_t base, uint64_t size)
{
    size_t cap = (size_t)p->ram_cap;
    void *a = p->s->ram;
    if (grow(p, &a, (size_t)p->s->nram, &cap, sizeof *p->s->ram))
        return -1;
    p->s->ram = a;
    p->ram_cap = (int)cap;
    p->s->ram[p->s->nram].base = base;
    p->s->ram[p->s->nram].size = size;
    p->s->nram++;
    return 0;
}

/* The first directive that needs the kernel: fix the memory layout. */
static int start(pstate *p)
{
    scenario *s = p->s;
    if (p->started)
        return 0;
    p->started = 1;
    if (s->nram == 0 && add_ram(p, DEFAULT_RAM_BASE, DEFAULT_RAM_SIZE))
        return -1;
    if (!p->pool_line) {
        s->pool_base = s->ram[0].base;
        s->pool_size = s->ram[0].size;
        /* whole frames only, and within the mode's physical address space */
        uint64_t lo = (s->pool_base + PT_FRAME_SIZE - 1) & ~(uint64_t)(PT_FRAME_SIZE - 1);
        uint64_t hi = (s->pool_base + s->pool_size) & ~(uint64_t)(PT_FRAME_SIZE - 1);
        if (hi <= lo)
            return fail(p, "the first ram window holds no whole 4 KiB frame for the kernel's pool (give a 'pool' line)");
        s->pool_base = lo;
        s->pool_size = hi - lo;
    }
    return 0;
}

static int d_scenario(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    uint64_t v;
    (void)d, (void)ntok;
    if (get_num(p, "scenario", "VERSION", tk[1], &v))
        return -1;
    if (v != 1)
        return fail(p, "'scenario': unsupported version '" LEX_TOKF "' (this runner reads version 1)", LEX_TOKA(tk[1]));
    return 0;
}

static int d_mode(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    unsigned m;
    (void)d, (void)ntok;
    if (!lex_paged_mode(tk[1], &m))
        return fail(p, "'mode': unknown mode '" LEX_TOKF "' (expected sv32, sv39, sv48 or sv57)", LEX_TOKA(tk[1]));
    if (p->s->mode && p->s->mode != m)
        return fail(p, "'mode " LEX_TOKF "' differs from 'mode %s': the mode cannot change", LEX_TOKA(tk[1]),
                    lex_mode_name(p->s->mode));
    p->s->mode = m;
    return 0;
}

static int d_ram_pool(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    int pool = d->arg;
    const char *dir = d->keyword;
    uint64_t base, size;
    (void)ntok;
    if (need_mode(p, dir))
        return -1;
    if (p->started)
        return fail(p, "'%s' after the first process, segment or library: the memory layout comes first", dir);
    if (!pool && p->pool_line)
        return fail(p, "'ram' after 'pool' (line %d): ram windows come first", p->pool_line);
    if (pool && p->pool_line)
        return fail(p, "'pool' given twice (line %d)", p->pool_line);
    if (get_num(p, dir, "BASE", tk[1], &base) || get_num(p, dir, "SIZE", tk[2], &size))
        return -1;
    if (size == 0)
        return fail(p, "'%s': SIZE '" LEX_TOKF "' is zero", dir, LEX_TOKA(tk[2]));
    if (!lex_window_fits(base, size, pt_mode_pa_bits(p->s->mode)))
        return fail(p, "'%s': window BASE '" LEX_TOKF "' SIZE '" LEX_TOKF "' does not fit the %u-bit physical address space of %s",
                    dir, LEX_TOKA(tk[1]), LEX_TOKA(tk[2]), pt_mode_pa_bits(p->s->mode), lex_mode_name(p->s->mode));
    if (!pool)
        return add_ram(p, base, size);
    if (base % PT_FRAME_SIZE || size % PT_FRAME_SIZE)
        return fail(p, "'pool': BASE '" LEX_TOKF "' and SIZE '" LEX_TOKF "' must be multiples of 4 KiB", LEX_TOKA(tk[1]),
                    LEX_TOKA(tk[2]));
    if (p->s->nram == 0 && add_ram(p, DEFAULT_RAM_BASE, DEFAULT_RAM_SIZE))
        return -1;
    if (!in_ram(p->s, base, size))
        return fail(p, "'pool': BASE '" LEX_TOKF "' SIZE '" LEX_TOKF "' is not inside one ram window", LEX_TOKA(tk[1]), LEX_TOKA(tk[2]));
    p->s->pool_base = base;
    p->s->pool_size = size;
    p->pool_line = p->src.line;
    return 0;
}

static int d_kernel(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    sc_op op = new_op(SC_KERNEL_MODE);
    (void)d, (void)ntok;
    if (need_mode(p, "kernel"))
        return -1;
    if (lex_eq(tk[1], "bare"))
        op.bare = 1;
    else if (!lex_eq(tk[1], "m"))
        return fail(p, "'kernel': unknown kernel mode '" LEX_TOKF "' (expected m or bare)", LEX_TOKA(tk[1]));
    return push_op(p, &op);
}

/* Optional asid=N at tk[i]. */
static int opt_asid(pstate *p, const char *dir, const lex_tok *tk, size_t ntok, size_t i, sc_op *op)
{
    lex_tok rest;
    uint64_t v;
    if (i >= ntok)
        return 0;
    if (!lex_prefix(tk[i], "asid=", &rest))
        return fail(p, "'%s': unexpected token '" LEX_TOKF "' (expected asid=N)", dir, LEX_TOKA(tk[i]));
    if (get_num(p, dir, "ASID", rest, &v))
        return -1;
    unsigned bits = p->s->mode == RVMMU_MODE_SV32 ? 9 : 16;
    if (!lex_fits(v, bits))
        return fail(p, "'%s': ASID " LEX_TOKF " wider than %u bits (%s)", dir, LEX_TOKA(rest), bits, lex_mode_name(p->s->mode));
    op->has_asid = 1;
    op->asid = (uint32_t)v;
    return 0;
}

static int d_process(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    sc_op op = new_op(SC_PROCESS);
    (void)d;
    if (need_mode(p, "process") || start(p))
        return -1;
    if (new_name(p, "process", tk[1], NAME_PROC, &op.p) || opt_asid(p, "process", tk, ntok, 2, &op))
        return -1;
    return push_op(p, &op);
}

static int d_fork(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    sc_op op = new_op(SC_FORK);
    (void)d;
    if (need_mode(p, "fork") || start(p))
        return -1;
    if (get_name(p, "fork", tk[1], NAME_PROC, &op.p) || new_name(p, "fork", tk[2], NAME_PROC, &op.q) ||
        opt_asid(p, "fork", tk, ntok, 3, &op))
        return -1;
    return push_op(p, &op);
}

static int d_exit(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    sc_op op = new_op(SC_EXIT);
    (void)d, (void)ntok;
    if (need_mode(p, "exit") || start(p))
        return -1;
    if (get_name(p, "exit", tk[1], NAME_PROC, &op.p))
        return -1;
    p->exit_line[op.p] = p->src.line;
    return push_op(p, &op);
}

static int d_map(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    sc_op op = new_op(SC_MAP);
    (void)d;
    if (need_mode(p, "map") || start(p))
        return -1;
    if (get_name(p, "map", tk[1], NAME_PROC, &op.p) || get_va(p, "map", "VA", tk[2], PT_FRAME_SIZE, &op.va) ||
        get_pages(p, "map", "PAGES", tk[3], 1, &op.n) || get_perms(p, "map", tk[4], &op.perms))
        return -1;
    if (ntok > 5) {
        if (!lex_eq(tk[5], "demand"))
            return fail(p, "'map': unexpected token '" LEX_TOKF "' (expected 'demand' or nothing)", LEX_TOKA(tk[5]));
        op.demand = 1;
    }
    return push_op(p, &op);
}

static int page_level(pstate *p, lex_tok t, int *level)
{
    static const struct {
        const char *name;
        int rv64, level;
    } sizes[] = {
        {"4k", -1, 0}, {"4m", 0, 1}, {"2m", 1, 1}, {"1g", 1, 2}, {"512g", 1, 3}, {"256t", 1, 4},
    };
    int rv64 = p->s->mode != RVMMU_MODE_SV32;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        if (!lex_eq(t, sizes[i].name))
            continue;
        if (sizes[i].rv64 >= 0 && sizes[i].rv64 != rv64)
            break;
        if (sizes[i].level >= pt_mode_levels(p->s->mode))
            break;
        *level = sizes[i].level;
        return 0;
    }
    return fail(p, "'phys': page size '" LEX_TOKF "' is not one of %s", LEX_TOKA(t),
                p->s->mode == RVMMU_MODE_SV32 ? "4k, 4m (sv32)"
                : p->s->mode == RVMMU_MODE_SV39 ? "4k, 2m, 1g (sv39)"
                : p->s->mode == RVMMU_MODE_SV48 ? "4k, 2m, 1g, 512g (sv48)"
                : "4k, 2m, 1g, 512g, 256t (sv57)");
}

static int d_phys(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    sc_op op = new_op(SC_PHYS);
    (void)d, (void)ntok;
    if (need_mode(p, "phys") || start(p))
        return -1;
    if (get_name(p, "phys", tk[1], NAME_PROC, &op.p) || get_va(p, "phys", "VA", tk[2], 1, &op.va) ||
        get_pa(p, "phys", "PA", tk[3], 1, &op.pa) || page_level(p, tk[4], &op.level) ||
        get_perms(p, "phys", tk[5], &op.perms))
        return -1;
    return push_op(p, &op);
}

static int d_unmap_protect(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    int protect = d->arg;
    const char *dir = d->keyword;
    (void)ntok;
    sc_op op = new_op(protect ? SC_PROTECT : SC_UNMAP);
    if (need_mode(p, dir) || start(p))
        return -1;
    if (get_name(p, dir, tk[1], NAME_PROC, &op.p) || get_va(p, dir, "VA", tk[2], PT_FRAME_SIZE, &op.va) ||
        get_pages(p, dir, "PAGES", tk[3], 1, &op.n))
        return -1;
    if (protect && get_perms(p, dir, tk[4], &op.perms))
        return -1;
    return push_op(p, &op);
}

static int d_shm(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    sc_op op = new_op(SC_SHM);
    (void)d, (void)ntok;
    if (need_mode(p, "shm") || start(p))
        return -1;
    if (new_name(p, "shm", tk[1], NAME_SHM, &op.obj) || get_pages(p, "shm", "PAGES", tk[2], 1, &op.n))
        return -1;
    return push_op(p, &op);
}

static int d_attach(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    sc_op op = new_op(SC_ATTACH);
    (void)d, (void)ntok;
    if (need_mode(p, "attach") || start(p))
        return -1;
    if (get_name(p, "attach", tk[1], NAME_PROC, &op.p) || get_name(p, "attach", tk[2], NAME_SHM, &op.obj) ||
        get_va(p, "attach", "VA", tk[3], PT_FRAME_SIZE, &op.va) || get_perms(p, "attach", tk[4], &op.perms))
        return -1;
    return push_op(p, &op);
}

static int d_library(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    sc_op op = new_op(SC_LIBRARY);
    (void)d, (void)ntok;
    if (need_mode(p, "library") || start(p))
        return -1;
    if (new_name(p, "library", tk[1], NAME_LIB, &op.obj) || get_pages(p, "library", "TEXT", tk[2], 1, &op.n) ||
        get_pages(p, "library", "DATA", tk[3], 0, &op.n2))
        return -1;
    p->lib_pages[0][op.obj] = op.n;
    p->lib_pages[1][op.obj] = op.n2;
    return push_op(p, &op);
}

static int d_libword(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    sc_op op = new_op(SC_LIBWORD);
    (void)d, (void)ntok;
    unsigned wb = xlen_of(p) / 8;
    if (need_mode(p, "libword") || start(p))
        return -1;
    if (get_name(p, "libword", tk[1], NAME_LIB, &op.obj))
        return -1;
    if (lex_eq(tk[2], "text"))
        op.section = 0;
    else if (lex_eq(tk[2], "data"))
        op.section = 1;
    else
        return fail(p, "'libword': unknown section '" LEX_TOKF "' (expected text or data)", LEX_TOKA(tk[2]));
    if (get_num(p, "libword", "OFFSET", tk[3], &op.va) || get_value(p, "libword", "VALUE", tk[4], xlen_of(p), &op.value))
        return -1;
    uint64_t pages = p->lib_pages[op.section][op.obj];
    if (op.va % wb)
        return fail(p, "'libword': OFFSET " LEX_TOKF " is not aligned to the %u-byte word", LEX_TOKA(tk[3]), wb);
    if (op.va / PT_FRAME_SIZE >= pages)
        return fail(p, "'libword': OFFSET " LEX_TOKF " is outside the %s section (%" PRIu64 " page%s)", LEX_TOKA(tk[3]),
                    op.section ? "data" : "text", pages, pages == 1 ? "" : "s");
    return push_op(p, &op);
}

static int d_use(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    sc_op op = new_op(SC_USE);
    (void)d, (void)ntok;
    if (need_mode(p, "use") || start(p))
        return -1;
    if (get_name(p, "use", tk[1], NAME_PROC, &op.p) || get_name(p, "use", tk[2], NAME_LIB, &op.obj) ||
        get_va(p, "use", "VA", tk[3], PT_FRAME_SIZE, &op.va))
        return -1;
    return push_op(p, &op);
}

static int get_expect(pstate *p, const char *dir, lex_tok t, unsigned acc, sc_expect *e)
{
    static const struct {
        const char *name;
        kern_outcome o;
    } outcomes[] = {
        {"ok", KERN_OK}, {"demand", KERN_DEMAND}, {"cow-reuse", KERN_COW_REUSE},
        {"cow", KERN_COW}, {"segv", KERN_SEGV}, {"oom", KERN_OOM},
    };
    const char *eq = memchr(t.s, '=', t.n);
    lex_tok word = {t.s, eq ? (size_t)(eq - t.s) : t.n};
    lex_tok arg = {eq ? eq + 1 : t.s + t.n, eq ? t.n - word.n - 1 : 0};
    size_t i;
    for (i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++)
        if (lex_eq(word, outcomes[i].name))
            break;
    if (i == sizeof outcomes / sizeof outcomes[0])
        return fail(p, "'%s': unknown outcome '" LEX_TOKF "' (expected ok, demand, cow, cow-reuse [=VALUE], segv[=CAUSE] or oom)",
                    dir, LEX_TOKA(word));
    e->present = 1;
    e->outcome = outcomes[i].o;
    if (!eq)
        return 0;
    if (e->outcome == KERN_OOM)
        return fail(p, "'%s': 'oom' takes no value", dir);
    if (e->outcome == KERN_SEGV) {
        if (!lex_cause(arg, &e->cause))
            return fail(p, "'%s': unknown fault '" LEX_TOKF "' (expected " LEX_CAUSE_LIST ")", dir, LEX_TOKA(arg));
        e->has_cause = 1;
        return 0;
    }
    if (acc == RVMMU_ACC_STORE)
        return fail(p, "'%s': a store reads no value ('" LEX_TOKF "'): expect " LEX_TOKF " alone", dir, LEX_TOKA(t), LEX_TOKA(word));
    e->has_value = 1;
    return get_value(p, dir, "expected value", arg, acc == RVMMU_ACC_FETCH ? 32 : xlen_of(p), &e->value);
}

static int d_access(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    unsigned acc = (unsigned)d->arg;
    const char *dir = d->keyword, *usage = d->usage;
    sc_op op = new_op(SC_ACCESS);
    size_t at = 3;
    unsigned align = acc == RVMMU_ACC_FETCH ? 4 : xlen_of(p) / 8;
    if (need_mode(p, dir) || start(p))
        return -1;
    op.acc = acc;
    if (lex_eq(tk[1], "kernel")) {
        if (memchr(tk[2].s, ':', tk[2].n)) {
            if (get_ref(p, dir, tk[2], align, &op.ref, &op.va))
                return -1;
        } else if (get_pa(p, dir, "PA", tk[2], align, &op.va)) {
            return -1;
        }
    } else if (get_name(p, dir, tk[1], NAME_PROC, &op.p) || get_va(p, dir, "VA", tk[2], align, &op.va)) {
        return -1;
    }
    if (acc == RVMMU_ACC_STORE) {
        if (get_value(p, dir, "VALUE", tk[3], xlen_of(p), &op.value))
            return -1;
        at = 4;
    }
    if (ntok > at) {
        if (!lex_eq(tk[at], "expect"))
            return fail(p, "'%s': unexpected token '" LEX_TOKF "' (expected: %s)", dir, LEX_TOKA(tk[at]), usage);
        if (ntok == at + 1)
            return fail(p, "'%s': 'expect' without an outcome (expected: %s)", dir, usage);
        if (get_expect(p, dir, tk[at + 1], acc, &op.exp))
            return -1;
    }
    return push_op(p, &op);
}

static int d_frame(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    pstate *p = ctx;
    int same = d->arg;
    const char *dir = d->keyword;
    (void)ntok;
    sc_op op = new_op(SC_FRAME_CHECK);
    op.same = same;
    if (need_mode(p, dir) || start(p))
        return -1;
    if (get_ref(p, dir, tk[1], 1, &op.p, &op.va) || get_ref(p, dir, tk[2], 1, &op.q, &op.va2))
        return -1;
    return push_op(p, &op);
}

/* ------------------------------------------------------------------ lines */

/* The directives (scenario.h): keyword, arguments (min, max), usage, argument names, first, handler, arg. */
static const lex_directive directives[] = {
    { "scenario", 1, 1, "scenario 1", NULL, 1, d_scenario, 0 },
    { "mode", 1, 1, "mode sv32|sv39|sv48|sv57", NULL, 0, d_mode, 0 },
    { "ram", 2, 2, "ram BASE SIZE", NULL, 0, d_ram_pool, 0 },
    { "pool", 2, 2, "pool BASE SIZE", NULL, 0, d_ram_pool, 1 },
    { "kernel", 1, 1, "kernel m|bare", NULL, 0, d_kernel, 0 },
    { "process", 1, 2, "process NAME [asid=N]", NULL, 0, d_process, 0 },
    { "map", 4, 5, "map NAME VA PAGES PERMS [demand]", NULL, 0, d_map, 0 },
    { "phys", 5, 5, "phys NAME VA PA SIZE PERMS", NULL, 0, d_phys, 0 },
    { "unmap", 3, 3, "unmap NAME VA PAGES", NULL, 0, d_unmap_protect, 0 },
    { "protect", 4, 4, "protect NAME VA PAGES PERMS", NULL, 0, d_unmap_protect, 1 },
    { "shm", 2, 2, "shm SEG PAGES", NULL, 0, d_shm, 0 },
    { "attach", 4, 4, "attach NAME SEG VA PERMS", NULL, 0, d_attach, 0 },
    { "library", 3, 3, "library LIB TEXT DATA", NULL, 0, d_library, 0 },
    { "libword", 4, 4, "libword LIB text|data OFFSET VALUE", NULL, 0, d_libword, 0 },
    { "use", 3, 3, "use NAME LIB VA", NULL, 0, d_use, 0 },
    { "fork", 2, 3, "fork PARENT CHILD [asid=N]", NULL, 0, d_fork, 0 },
    { "exit", 1, 1, "exit NAME", NULL, 0, d_exit, 0 },
    { "load", 2, 4, "load NAME ADDR [expect R]", NULL, 0, d_access, RVMMU_ACC_LOAD },
    { "store", 3, 5, "store NAME ADDR VALUE [expect R]", NULL, 0, d_access, RVMMU_ACC_STORE },
    { "fetch", 2, 4, "fetch NAME ADDR [expect R]", NULL, 0, d_access, RVMMU_ACC_FETCH },
    { "same-frame", 2, 2, "same-frame NAME:VA NAME:VA", NULL, 0, d_frame, 1 },
    { "different-frame", 2, 2, "different-frame NAME:VA NAME:VA", NULL, 0, d_frame, 0 },
};

static int parse_body(scenario *s, const char *name, const char *text, size_t len)
{
    pstate ps;
    lex_tok tk[MAXTOK];
    lex_dispatcher dp;
    memset(&ps, 0, sizeof ps);
    ps.s = s;
    lex_src_init(&ps.src, name, s->errmsg, sizeof s->errmsg, &s->error, &s->error_line);
    dp = (lex_dispatcher){ &ps.src, directives, sizeof directives / sizeof directives[0], MAXTOK, 1, &ps, 0 };
    lex_parse(&ps.src, text, len, tk, MAXTOK, lex_dispatch, &dp);
    if (!s->error && !s->mode) {
        if (ps.src.line == 0)
            ps.src.line = 1;
        fail(&ps, "no 'mode' line (a scenario needs 'mode sv32|sv39|sv48|sv57')");
    }
    if (!s->error)
        start(&ps);
    free(ps.names);
    free(ps.exit_line);
    free(ps.lib_pages[0]);
    free(ps.lib_pages[1]);
    return s->error ? -1 : 0;
}

static int begin(scenario *s, const char *name)
{
    memset(s, 0, sizeof *s);
    s->path = lex_strdup(name);
    if (!s->path) {
        s->error = 1;
        snprintf(s->errmsg, sizeof s->errmsg, "%s: error: out of memory", name);
        return -1;
    }
    return 0;
}

int scenario_parse_text(const char *name, const char *text, size_t len, scenario *s)
{
    if (!s)
        return -1;
    if (!name)
        name = "<text>";
    if (begin(s, name))
        return -1;
    if (!text && len) {
        s->error = 1;
        snprintf(s->errmsg, sizeof s->errmsg, "%s: error: no text", name);
        return -1;
    }
    return parse_body(s, name, text ? text : "", len);
}

int scenario_parse_file(const char *path, scenario *s)
{
    char *buf;
    size_t len;
    if (!s)
        return -1;
    if (!path)
        path = "<null>";
    if (begin(s, path))
        return -1;
    if (lex_read_file(path, &buf, &len, s->errmsg, sizeof s->errmsg)) {
        s->error = 1;
        return -1;
    }
    int r = parse_body(s, path, buf, len);
    free(buf);
    return r;
}

void scenario_free(scenario *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nprocs; i++)
        free(s->procs[i]);
    for (int i = 0; i < s->nshms; i++)
        free(s->shms[i]);
    for (int i = 0; i < s->nlibs; i++)
        free(s->libs[i]);
    free(s->procs);
    free(s->shms);
    free(s->libs);
    free(s->ram);
    free(s->ops);
    free(s->path);
    memset(s, 0, sizeof *s);
}
