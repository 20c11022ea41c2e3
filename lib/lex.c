/* lex.c -- the lexical layer of the tlbtrace and scenario formats (see lex.h). */
#include "lex.h"
#include "rvmmu_defs.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------------- tokens */

int lex_eq(lex_tok t, const char *k)
{
    size_t n = strlen(k);
    return t.n == n && memcmp(t.s, k, n) == 0;
}

int lex_prefix(lex_tok t, const char *k, lex_tok *rest)
{
    size_t n = strlen(k);
    if (t.n < n || memcmp(t.s, k, n) != 0)
        return 0;
    rest->s = t.s + n;
    rest->n = t.n - n;
    return 1;
}

char *lex_dup(lex_tok t)
{
    char *d = malloc(t.n + 1);
    if (d) {
        memcpy(d, t.s, t.n);
        d[t.n] = '\0';
    }
    return d;
}

char *lex_strdup(const char *s)
{
    lex_tok t = {s, strlen(s)};
    return lex_dup(t);
}

/* ---------------------------------------------------------------- numbers */

int lex_fits(uint64_t v, unsigned bits)
{
    return bits >= 64 || (v >> bits) == 0;
}

int lex_window_fits(uint64_t base, uint64_t size, unsigned bits)
{
    uint64_t lim;
    if (bits >= 64)
        return 1;
    lim = (uint64_t)1 << bits;
    return size <= lim && base <= lim - size;
}

/* The value of digit c in base, or -1. */
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
const char *lex_num(lex_tok t, uint64_t *out)
{
    unsigned base = 10;
    size_t start = 0;
    uint64_t v = 0;

    if (t.n == 0)
        return "empty, expected a number";
    if (t.n >= 2 && t.s[0] == '0' && (t.s[1] == 'x' || t.s[1] == 'X')) {
        base = 16;
        start = 2;
        if (t.n == 2)
            return "no digits after 0x";
    }
    for (size_t j = start; j < t.n; j++)
        if (t.s[j] != '_' && digit_val(t.s[j], base) < 0)
            return "not a number (decimal or 0x hexadecimal)";
    for (size_t j = start; j < t.n; j++) {
        if (t.s[j] == '_') {
            if (j == start || t.s[j - 1] == '_' || j + 1 == t.n || t.s[j + 1] == '_')
                return "misplaced '_' (it may only separate two digits)";
            continue;
        }
        int d = digit_val(t.s[j], base);
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            return "does not fit in 64 bits";
        v = v * base + (uint64_t)d;
    }
    *out = v;
    return NULL;
}

/* ------------------------------------------------------- modes and faults */

/* A name of the formats and the code it stands for. */
typedef struct {
    const char *name;
    unsigned code;
} name_code;

static const name_code mode_names[] = {
    {"sv32", RVMMU_MODE_SV32},
    {"sv39", RVMMU_MODE_SV39},
    {"sv48", RVMMU_MODE_SV48},
    {"sv57", RVMMU_MODE_SV57},
};

static const name_code cause_names[] = {
    {"instruction_page_fault", RVMMU_CAUSE_FETCH_PAGE},
    {"load_page_fault", RVMMU_CAUSE_LOAD_PAGE},
    {"store_page_fault", RVMMU_CAUSE_STORE_PAGE},
    {"instruction_access_fault", RVMMU_CAUSE_FETCH_ACCESS},
    {"load_access_fault", RVMMU_CAUSE_LOAD_ACCESS},
    {"store_access_fault", RVMMU_CAUSE_STORE_ACCESS},
};

#define NNAMES(tab) (sizeof tab / sizeof tab[0])

/* The code of the name t in tab[0..n) into *code; 0 when t is none of them. */
static int code_of(const name_code *tab, size_t n, lex_tok t, unsigned *code)
{
    for (size_t i = 0; i < n; i++)
        if (lex_eq(t, tab[i].name)) {
            *code = tab[i].code;
            return 1;
        }
    return 0;
}

/* The name of code in tab[0..n), or NULL. */
static const char *name_of(const name_code *tab, size_t n, unsigned code)
{
    for (size_t i = 0; i < n; i++)
        if (tab[i].code == code)
            return tab[i].name;
    return NULL;
}

int lex_paged_mode(lex_tok t, unsigned *mode)
{
    return code_of(mode_names, NNAMES(mode_names), t, mode);
}

const char *lex_mode_name(unsigned mode)
{
    const char *n = name_of(mode_names, NNAMES(mode_names), mode);
    return n ? n : mode == RVMMU_MODE_BARE ? "bare" : "?";
}

int lex_cause(lex_tok t, unsigned *cause)
{
    return code_of(cause_names, NNAMES(cause_names), t, cause);
}

const char *lex_cause_name(unsigned cause)
{
    return name_of(cause_names, NNAMES(cause_names), cause);
}

/* ------------------------------------------------------------------ lines */

void lex_src_init(lex_src *src, const char *name, char *errmsg, size_t errsize, int *error, int *error_line)
{
    src->name = name;
    src->line = 0;
    src->errmsg = errmsg;
    src->errsize = errsize;
    src->error = error;
    src->error_line = error_line;
}

int lex_fail(lex_src *src, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(src->errmsg, src->errsize, "%s:%d: error: %s", src->name, src->line, msg);
    *src->error = 1;
    *src->error_line = src->line;
    return -1;
}

/* Check one line (n bytes at s, no '\n') and split it into tokens: the first
 * maxtok in tk, *ntok counts them all. A NUL, control or non-ASCII byte
 * outside a comment is an error. */
static int split_line(lex_src *src, const char *s, size_t n, lex_tok *tk, size_t maxtok, size_t *ntok)
{
    const char *nul = memchr(s, '\0', n);
    const char *hash;
    size_t i, end, count = 0;

    if (nul)
        return lex_fail(src, "NUL byte in line (column %zu)", (size_t)(nul - s) + 1);
    hash = memchr(s, '#', n);
    end = hash ? (size_t)(hash - s) : n;
    for (i = 0; i < end; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || (c > 0x20 && c < 0x7f))
            continue;
        if (c >= 0x80)
            return lex_fail(src, "non-ASCII byte 0x%02x at column %zu (only comments may hold non-ASCII text)", c,
                            i + 1);
        return lex_fail(src, "control character 0x%02x at column %zu (tokens are separated by spaces or tabs)", c,
                        i + 1);
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
        if (count < maxtok) {
            tk[count].s = s + st;
            tk[count].n = i - st;
        }
        if (count < SIZE_MAX)
            count++;
    }
    *ntok = count;
    return 0;
}

int lex_parse(lex_src *src, const char *text, size_t len, lex_tok *tk, size_t maxtok, lex_line_fn fn, void *ctx)
{
    size_t pos = 0;
    if (!text)
        len = 0;
    while (!*src->error && pos < len) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos, ntok = 0;
        pos += n + (nl ? 1 : 0);
        if (src->line >= INT_MAX) {
            lex_fail(src, "too many lines");
            break;
        }
        src->line++;
        if (n && s[n - 1] == '\r')
            n--;
        if (split_line(src, s, n, tk, maxtok, &ntok) || (ntok && fn(ctx, tk, ntok)))
            break;
    }
    return *src->error ? -1 : 0;
}

int lex_get_num(lex_src *src, const char *dir, const char *what, lex_tok t, uint64_t *out)
{
    const char *why = lex_num(t, out);
    return why ? lex_fail(src, "'%s': bad %s '" LEX_TOKF "': %s", dir, what, LEX_TOKA(t), why) : 0;
}

/* ------------------------------------------------------------------ directives */

int lex_dispatch(void *ctx, const lex_tok *tk, size_t ntok)
{
    lex_dispatcher *dp = ctx;
    lex_src *src = dp->src;
    const lex_directive *d = NULL;
    int r;

    if (dp->too_many_tokens && ntok > dp->maxtok)
        return lex_fail(src, "'" LEX_TOKF "': too many tokens (%zu)", LEX_TOKA(tk[0]), ntok);
    for (size_t i = 0; i < dp->ndirs && !d; i++)
        if (lex_eq(tk[0], dp->dirs[i].keyword))
            d = &dp->dirs[i];
    if (!d)
        r = lex_fail(src, "unknown directive '" LEX_TOKF "'", LEX_TOKA(tk[0]));
    else if (d->first && dp->any_directive)
        r = lex_fail(src, "'%s' must be the first directive of the file", d->keyword);
    else if (ntok - 1 < d->min)
        r = d->names ? lex_fail(src, "'%s': missing %s (expected: %s)", d->keyword, d->names[ntok - 1], d->usage)
                     : lex_fail(src, "'%s': missing arguments (expected: %s)", d->keyword, d->usage);
    else if (d->max != LEX_ANY && ntok - 1 > d->max)
        r = lex_fail(src, "'%s': unexpected extra token '" LEX_TOKF "' (expected: %s)", d->keyword,
                     LEX_TOKA(tk[d->max + 1 < dp->maxtok ? d->max + 1 : dp->maxtok - 1]), d->usage);
    else
        r = d->fn(dp->ctx, d, tk, ntok);
    dp->any_directive = 1;
    return r;
}

/* ------------------------------------------------------------------ files */

int lex_read_file(const char *path, char **buf, size_t *len, char *err, size_t errsize)
{
    FILE *f;
    char *b = NULL;
    size_t got, used = 0, cap = 0;
    int e;

    *buf = NULL;
    *len = 0;
    errno = 0;
    f = fopen(path, "rb");
    if (!f) {
        e = errno;
        snprintf(err, errsize, "%s: error: cannot open: %s", path, e ? strerror(e) : "unknown error");
        return -1;
    }
    for (;;) {
        if (cap - used < 4096) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nb = ncap > cap ? realloc(b, ncap) : NULL;
            if (!nb) {
                snprintf(err, errsize, "%s: error: out of memory reading the file", path);
                break;
            }
            b = nb;
            cap = ncap;
        }
        errno = 0;
        got = fread(b + used, 1, cap - used, f);
        used += got;
        if (ferror(f)) {
            e = errno;
            snprintf(err, errsize, "%s: error: cannot read: %s", path, e ? strerror(e) : "read error");
            break;
        }
        if (got == 0) {
            fclose(f);
            *buf = b;
            *len = used;
            return 0;
        }
    }
    free(b);
    fclose(f);
    return -1;
}
